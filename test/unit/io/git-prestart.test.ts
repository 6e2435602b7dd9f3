// The git status session-finish's executable starts before the bundle loads (io/git-prestart.ts):
// taken once, and only by a caller asking for the same command in the same folder.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { FINISH_STATUS_ARGS, prestartGit, takePrestarted } from "../../../src/io/git-prestart.js";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "exo-prestart-"));
  execFileSync("git", ["init", "-q"], { cwd: dir });
  writeFileSync(join(dir, "a.txt"), "a\n");
});
afterEach(() => {
  takePrestarted("", []); // leave no slot to the next test
  rmSync(dir, { recursive: true, force: true });
});

test("the status started early is git's own listing, taken once", async () => {
  prestartGit(dir, FINISH_STATUS_ARGS, process.env);
  const early = takePrestarted(dir, FINISH_STATUS_ARGS);
  expect(early).not.toBeNull();
  const result = await early;
  expect(result).toEqual({ stdout: execFileSync("git", [...FINISH_STATUS_ARGS], { cwd: dir, encoding: "utf8" }), stderr: "", code: 0 });
  expect(result?.stdout).toBe("?? a.txt\0");
  expect(takePrestarted(dir, FINISH_STATUS_ARGS)).toBeNull();
});

test("another folder or other arguments get nothing, and the slot is gone", () => {
  prestartGit(dir, FINISH_STATUS_ARGS, process.env);
  expect(takePrestarted(join(dir, "sub"), FINISH_STATUS_ARGS)).toBeNull();
  expect(takePrestarted(dir, FINISH_STATUS_ARGS)).toBeNull();
  prestartGit(dir, FINISH_STATUS_ARGS, process.env);
  expect(takePrestarted(dir, ["status", "--porcelain=v1", "-z"])).toBeNull();
});

test("a failed run keeps its exit code; a folder that is gone reads as a spawn failure (null)", async () => {
  prestartGit(dir, ["rev-parse", "--verify", "no-such-ref"], process.env);
  expect((await takePrestarted(dir, ["rev-parse", "--verify", "no-such-ref"]))?.code).not.toBe(0);
  prestartGit(join(dir, "gone"), FINISH_STATUS_ARGS, process.env);
  expect(await takePrestarted(join(dir, "gone"), FINISH_STATUS_ARGS)).toBeNull();
});
