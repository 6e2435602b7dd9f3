// uniqueName: temp file names and guard tokens, made without node:crypto.
import { execFileSync } from "node:child_process";
import { expect, test } from "vitest";
import { uniqueName } from "../../../src/io/random.js";

test("uniqueName gives file-name-safe names that differ within a process and between processes", () => {
  const here = Array.from({ length: 20_000 }, () => uniqueName());
  for (const name of here.slice(0, 100)) expect(name).toMatch(/^[0-9a-z]+-[0-9a-z]+-[0-9a-z]+$/);
  // Other processes, each running the same function from its first call on.
  const script = `let made = 0; const uniqueName = ${uniqueName.toString()}; console.log(Array.from({ length: 2000 }, () => uniqueName()).join("\\n"));`;
  const there = [0, 1, 2].flatMap(() => execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim().split("\n"));
  expect(there).toHaveLength(6000);
  expect(new Set([...here, ...there]).size).toBe(here.length + there.length);
});
