// isPidDead (src/io/guard.ts): signal 0 tests a process; numbers that name none are dead, never
// "alive" through kill(0) or kill(-n), which test process groups (this one's always answers).
import { spawnSync } from "node:child_process";
import { expect, test } from "vitest";
import { isPidDead } from "../../../src/io/guard.js";

test("this process is alive, a finished child is dead, and 0, negative and fractional pids are dead", () => {
  expect(isPidDead(process.pid)).toBe(false);
  const child = spawnSync(process.execPath, ["-e", ""]);
  expect(child.pid).toBeGreaterThan(1);
  expect(isPidDead(child.pid)).toBe(true);
  for (const pid of [0, -1, -process.pid, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(isPidDead(pid), String(pid)).toBe(true);
});
