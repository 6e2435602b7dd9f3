// Round 30 of hostile state and races: an EXO_NOW the write hook took unchecked, and more (see
// docs/hardening.md). Each case failed before its fix.
import { execFileSync } from "node:child_process";
import type * as NodeFs from "node:fs";
import { existsSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, vi } from "vitest";
import { decision, fixture, hook, claudeSessionRepo } from "../../helpers/hooks.js";
import { bounded, envelope, git, tempDir } from "../../helpers/repo.js";
import { team, type Clone } from "../../helpers/team.js";
import { readStateRecordSync } from "../../../src/io/state-links.js";

// A file swapped under a reader at the worst moment: after its first look (lstat) or just before
// its open, `swap.file` is replaced by `swap.with` (once). Every other fs call passes through.
const swap = vi.hoisted(() => ({ file: "", with: "" }));
vi.mock("node:fs", async (original) => {
  const fs = await original<typeof NodeFs>();
  const once = (path: unknown) => {
    if (swap.file === "" || path !== swap.file) return;
    const [file, by] = [swap.file, swap.with];
    swap.file = "";
    fs.renameSync(by, file);
  };
  const lstatSync = ((path: string, opts?: never) => {
    const info = fs.lstatSync(path, opts);
    once(path);
    return info;
  }) as typeof fs.lstatSync;
  const openSync = ((path: string, flags?: number, mode?: number) => {
    once(path);
    return fs.openSync(path, flags ?? "r", mode);
  }) as typeof fs.openSync;
  return { ...fs, default: { ...fs, lstatSync, openSync }, lstatSync, openSync };
});

test("an EXO_NOW that is no timestamp left set where the agent runs: the write hook denies naming EXO_NOW and records its decision (before: 'T1 has no live lock (it expired). Renew it with exo lease-heartbeat', which fails on the same EXO_NOW, and the ledger record failed 'Invalid time value'; a date alone froze the hook's clock while every command refused it)", async () => {
  const repo = await claudeSessionRepo({ "src/auth/a.ts": "a\n" });
  const payload = await fixture("claude-pretooluse-write.json", repo, (p) => {
    (p["tool_input"] as Record<string, unknown>)["file_path"] = join(repo, "src/auth/a.ts");
  });
  const fine = await hook(repo, "claude", "PreToolUse", payload, { EXO_ACTOR: "agent:claude" });
  expect(decision(fine)?.decision ?? "allow").toBe("allow");
  for (const now of ["garbage", "2026-12-06"]) {
    const run = await hook(repo, "claude", "PreToolUse", payload, { EXO_ACTOR: "agent:claude", EXO_NOW: now });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("could not record");
    const d = decision(run);
    expect(d?.decision).toBe("deny");
    expect(d?.reason).toContain(`EXO_NOW is set to "${now}"`);
    expect(d?.reason).toContain("unset EXO_NOW");
    expect(d?.reason).not.toContain("expired");
  }
  const ledger = readdirSync(join(repo, ".exo/ledger")).filter((n) => n.endsWith(".jsonl")).map((n) => readFileSync(join(repo, ".exo/ledger", n), "utf8")).join("");
  expect(ledger.match(/EXO_NOW is set to/g)?.length).toBe(2);
});

test("a cache record swapped between exo's look at it and its read (readStateRecordSync): what is read is what was checked (before: lstat, then a read by name, so a pipe swapped in between held the command for ever; here a record over the limit swapped in is read whole)", async () => {
  const dir = await tempDir();
  const record = join(dir, "config-0.json");
  writeFileSync(record, "{}");
  // A regular file over the limit stands in for the pipe: a read of a pipe would hang this test.
  const big = join(dir, "big");
  writeFileSync(big, "x".repeat(4096));
  Object.assign(swap, { file: record, with: big });
  expect(readStateRecordSync(record, "utf8", 1024)).toBeNull();
  // And a real pipe at the record reads as missing, at once.
  const fifo = join(dir, "fifo");
  execFileSync("mkfifo", [fifo]);
  renameSync(fifo, record);
  expect(readStateRecordSync(record)).toBeNull();
});

const section = (run: { stdout: string }, name: string) => (envelope(run as never).data.sections as { name: string; status: string; message: string; hint?: string }[]).find((s) => s.name === name);

test("a plain pipe (a hand's mkfifo, a bad sync of .exo/cache) at an integrity receipt, the ledger's writer registry or a guard: doctor's state section names each and --fix removes them (before: every reader skipped it and doctor passed)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const pipes = [".exo/cache/integrity/tickets/T2.sha256", ".exo/cache/ledger/writers.json", ".exo/cache/guards/doctor-fix.guard"];
  for (const rel of pipes) {
    rmSync(join(a.dir, rel), { force: true });
    execFileSync("mkfifo", [join(a.dir, rel)]);
  }
  const check = await bounded(a.dir, ["doctor", "--section", "state"], 20_000, { EXO_HOST: a.host });
  expect(check.code, check.stderr).not.toBe(-1);
  const state = section(check, "state");
  expect(state?.status).toBe("fail");
  for (const rel of pipes) expect(state?.message).toContain(`${rel} is a named pipe`);
  expect(state?.hint).toBe("exo doctor --fix");
  const fix = await bounded(a.dir, ["doctor", "--fix", "--section", "state"], 30_000, { EXO_HOST: a.host });
  expect(fix.code, fix.stderr).not.toBe(-1);
  for (const rel of pipes) expect(existsSync(join(a.dir, rel)) && !lstatSync(join(a.dir, rel)).isFile()).toBe(false);
  expect(section(await a.run("doctor", "--section", "state"), "state")?.status).toBe("pass");
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  expect(envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice")).ok).toBe(true);
  expect(envelope(await a.run("ledger-verify")).ok).toBe(true);
}, 120_000);

test("a committed ledger segment turned into a pipe (a hand's mkfifo): ledger-verify, doctor and session-finish answer, finish commits the rest and names the pipe, and doctor's hint (git checkout of the segment) repairs it (before: each opened the pipe and waited for ever; then git add failed the whole commit and the hint was git rm, which drops the committed segment)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const rel = git(a.dir, "ls-files", "--", ".exo/ledger").split("\n").find((l) => l.endsWith(".jsonl")) as string;
  expect(rel).toBeTruthy();
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  rmSync(join(a.dir, rel));
  execFileSync("mkfifo", [join(a.dir, rel)]);
  const as = (args: string[]) => bounded(a.dir, args, 20_000, { EXO_HOST: a.host });
  const verify = await as(["ledger-verify"]);
  expect(verify.code, verify.stderr).toBe(1);
  const check = await as(["doctor", "--section", "ledger"]);
  expect(check.code, check.stderr).not.toBe(-1);
  const ledger = section(check, "ledger");
  expect(ledger?.message).toContain("is a pipe");
  expect(ledger?.hint).toBe(`git checkout -- :/${rel}`);
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = await as(["session-finish", "--summary", "done", "--actor", "alice"]);
  expect(finish.code, finish.stderr).toBe(0);
  const done = envelope(finish);
  expect(done.data.auto_commit).toMatch(/^[0-9a-f]{40}$/);
  expect(done.warnings?.find((w) => w.code === "AUTO_COMMIT_FAILED")?.message).toContain(`${rel}: a pipe`);
  expect(git(a.dir, "status", "--porcelain", "--", ".exo/tickets")).toBe("");
  // The hint, pasted.
  git(a.dir, ...(ledger?.hint ?? "").split(" ").slice(1));
  expect(lstatSync(join(a.dir, rel)).isFile()).toBe(true);
  expect(envelope(await a.run("ledger-verify")).ok).toBe(true);
}, 120_000);
