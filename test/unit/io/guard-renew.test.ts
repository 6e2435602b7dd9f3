// A guard held for long (doctor --fix) has its `at` renewed while held (io/guard.ts): in place,
// through the descriptor its holder created, never truncating the file, and never writing a guard
// back under the name once another process moved it aside as gone.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, expect, test } from "vitest";
import { acquireGuard, guardDir } from "../../../src/io/guard.js";

let root = "";
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "exo-guard-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as { pid: number; host: string; at: string; token: string };

test("a renewal moves `at` forward in the same file, the rest of the guard unchanged", async () => {
  const release = await acquireGuard(root, "long", { host: "h", renewMs: 20 });
  const file = join(guardDir(root), "long.guard");
  const first = read(file);
  const ino = statSync(file).ino;
  await sleep(120);
  const later = read(file);
  expect(later.at > first.at).toBe(true);
  expect({ ...later, at: first.at }).toEqual(first);
  expect(statSync(file).ino).toBe(ino);
  await release();
  expect(existsSync(file)).toBe(false);
});

test("a guard moved aside as gone is not written back under its name by the holder's renewals", async () => {
  const release = await acquireGuard(root, "long", { host: "h", renewMs: 10 });
  const file = join(guardDir(root), "long.guard");
  const aside = `${file}.stale.test`;
  renameSync(file, aside);
  await sleep(100);
  expect(existsSync(file)).toBe(false);
  expect(read(aside).token).toBeTruthy();
  await release();
  expect(existsSync(file)).toBe(false);
});

test("a reader in another process never meets the guard empty or half-written while it is renewed", async () => {
  const release = await acquireGuard(root, "long", { host: "h", renewMs: 1 });
  const file = join(guardDir(root), "long.guard");
  // Another process reads the guard as fast as it can for a second and counts unparsable reads.
  const reader = spawn(process.execPath, ["-e", `const fs=require("fs");let bad=0,n=0;const end=Date.now()+1000;while(Date.now()<end){n++;try{JSON.parse(fs.readFileSync(${JSON.stringify(file)},"utf8"))}catch{bad++}}console.log(JSON.stringify({bad,n}))`], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  let closed = false;
  reader.stdout.on("data", (c: Buffer) => (out += c.toString()));
  reader.once("close", () => (closed = true));
  // Keep the event loop turning so the 1 ms renewals run while the reader reads.
  while (!closed) await sleep(1);
  await release();
  const { bad, n } = JSON.parse(out) as { bad: number; n: number };
  expect(n).toBeGreaterThan(100);
  expect(bad).toBe(0);
}, 20_000);
