// session-finish's auto-commit starts from the status finish took for its drift (before any of
// its writes) plus the files it wrote itself, rather than listing .exo/ with git again: one git
// status per finish, and the same commit as before.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo } from "../../helpers/repo.js";

/** A `git` first on PATH that logs its arguments, then runs the real git. */
function gitLogger(): { path: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), "exo-gitlog-"));
  const real = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  const log = join(dir, "calls.log");
  writeFileSync(join(dir, "git"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(dir, "git"), 0o755);
  return { path: `${dir}:${process.env["PATH"] ?? ""}`, log };
}

test("finish runs one git status, and its commit holds the session's records and exo's earlier uncommitted ones", async () => {
  const repo = await initRepo();
  for (const id of ["T1", "T2"]) expect((await exo(repo, "ticket-create", `task ${id}`, "--id", id, "--scope-allow", "src/**")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "tickets", "--no-verify");
  // Left uncommitted before the session: a ticket exo made without committing it.
  expect((await exo(repo, "ticket-create", "later", "--id", "T3")).code).toBe(0);
  const env = { EXO_ACTOR: "agent:one" };
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env })).ok).toBe(true);
  writeFileSync(join(repo, "notes.txt"), "the person's own file\n");
  const shim = gitLogger();
  const done = envelope(await exo(repo, "session-finish", "--summary", "done", { env: { ...env, PATH: shim.path } }));
  expect(done.ok, JSON.stringify(done.error)).toBe(true);
  const calls = readFileSync(shim.log, "utf8").split("\n").filter((l) => / status /.test(` ${l} `) || l.startsWith("status"));
  expect(calls).toHaveLength(1);

  const files = git(repo, "show", "--name-only", "--format=", "HEAD").split("\n").filter(Boolean).sort();
  expect(files.some((f) => /^\.exo\/mementos\/T1\/SES-.*\.md$/.test(f))).toBe(true);
  expect(files).toContain(".exo/tickets/T1.yaml");
  expect(files).toContain(".exo/tickets/T3.yaml");
  expect(files.some((f) => /^\.exo\/ledger\/.*\.jsonl$/.test(f))).toBe(true);
  expect(files.filter((f) => !f.startsWith(".exo/"))).toEqual([]);
  // Nothing of exo's is left behind; the person's file is untouched and uncommitted.
  expect(git(repo, "status", "--porcelain", "--untracked-files=all").trim()).toBe("?? notes.txt");
});

test("finish --drift-threshold 0 warns DRIFT_HIGH only when something drifted", async () => {
  const repo = await initRepo();
  expect((await exo(repo, "ticket-create", "task", "--id", "T1", "--scope-allow", "src/**")).code).toBe(0);
  const env = { EXO_ACTOR: "agent:one" };
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env })).ok).toBe(true);
  const quiet = envelope(await exo(repo, "session-finish", "--summary", "nothing changed", "--drift-threshold", "0", { env }));
  expect(quiet.ok, JSON.stringify(quiet.error)).toBe(true);
  expect((quiet.warnings ?? []).map((w) => w.code)).not.toContain("DRIFT_HIGH");

  expect((await exo(repo, "ticket-create", "task", "--id", "T2", "--scope-allow", "src/**")).code).toBe(0);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T2", { env })).ok).toBe(true);
  writeFileSync(join(repo, "outside.txt"), "x\n");
  const loud = envelope(await exo(repo, "session-finish", "--summary", "strayed", "--drift-threshold", "0", { env }));
  expect(loud.ok, JSON.stringify(loud.error)).toBe(true);
  expect((loud.warnings ?? []).map((w) => w.code)).toContain("DRIFT_HIGH");
});
