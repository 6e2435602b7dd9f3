// session-finish's working-tree status is started by the `exo` entry before the CLI bundle loads
// (src/io/git-prefetch.ts). These prove the early answer is the one asked for: used when the
// command lists the work tree git found from the folder exo runs in, and never for another one.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo } from "../../helpers/repo.js";

/** A `git` first on PATH that logs its folder, GIT_OPTIONAL_LOCKS and arguments, then runs git. */
function gitLogger(): { path: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), "exo-gitlog-"));
  const real = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  const log = join(dir, "calls.log");
  writeFileSync(join(dir, "git"), `#!/bin/sh\nprintf '%s|%s|%s\\n' "$PWD" "\${GIT_OPTIONAL_LOCKS:-}" "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(dir, "git"), 0o755);
  return { path: `${dir}:${process.env["PATH"] ?? ""}`, log };
}

const statusCalls = (log: string) =>
  readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => l.split("|")[2]?.startsWith("status "))
    .map((l) => {
      const [cwd = "", locks = ""] = l.split("|");
      return { cwd, locks };
    });

async function openSession(repo: string, env: Record<string, string>) {
  expect((await exo(repo, "ticket-create", "task", "--id", "T1", "--scope-allow", "src/**")).code).toBe(0);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env })).ok).toBe(true);
}

test("finish from a subfolder takes the status git listed before the bundle loaded: one status, the same drift", async () => {
  const repo = await initRepo();
  const env = { EXO_ACTOR: "agent:one" };
  await openSession(repo, env);
  mkdirSync(join(repo, "src/deep"), { recursive: true });
  writeFileSync(join(repo, "src/deep/a.ts"), "one\ntwo\n");
  writeFileSync(join(repo, "stray.txt"), "x\n");
  const shim = gitLogger();
  const done = envelope(await exo(join(repo, "src/deep"), "session-finish", "--summary", "done", { env: { ...env, PATH: shim.path } }));
  expect(done.ok, JSON.stringify(done.error)).toBe(true);
  expect(done.data.changed_files.map((f: { path: string }) => f.path)).toEqual(["src/deep/a.ts", "stray.txt"]);
  expect(done.data.drift.out_of_scope).toEqual(["stray.txt"]);
  // The one status is the early one (without git's optional index write), run where exo ran.
  const calls = statusCalls(shim.log);
  expect(calls).toHaveLength(1);
  expect(calls[0]).toEqual({ cwd: join(repo, "src/deep"), locks: "0" });
  expect(existsSync(join(repo, ".git/index.lock"))).toBe(false);
});

test("finish with --repo from inside another repository lists the target work tree, not the folder's", async () => {
  const repo = await initRepo();
  const env = { EXO_ACTOR: "agent:one" };
  await openSession(repo, env);
  writeFileSync(join(repo, "stray.txt"), "x\n");
  // A repository of its own inside the work tree (ignored by the outer one), with its own dirt.
  const inner = join(repo, "vendor/lib");
  mkdirSync(inner, { recursive: true });
  writeFileSync(join(repo, ".gitignore"), "vendor/\n");
  git(repo, "add", ".gitignore");
  git(repo, "commit", "-qm", "ignore vendor", "--no-verify");
  execFileSync("git", ["init", "-q"], { cwd: inner });
  writeFileSync(join(inner, "inner-only.txt"), "y\n");
  const shim = gitLogger();
  const done = envelope(await exo(inner, "--repo", repo, "session-finish", "--summary", "done", { env: { ...env, PATH: shim.path } }));
  expect(done.ok, JSON.stringify(done.error)).toBe(true);
  const paths = done.data.changed_files.map((f: { path: string }) => f.path);
  expect(paths).toContain("stray.txt");
  expect(paths).not.toContain("inner-only.txt");
  // The early listing (in the inner repository) was left unused, and the target was asked.
  const calls = statusCalls(shim.log);
  expect(calls.filter((c) => c.cwd === repo && c.locks === "")).toHaveLength(1);
});

test("a finish that fails before its drift exits at once and leaves git's index unlocked", async () => {
  const repo = await initRepo();
  const shim = gitLogger();
  const r = await exo(repo, "session-finish", "--summary", "nothing open", { env: { EXO_ACTOR: "agent:none", PATH: shim.path } });
  expect(r.code).toBe(1);
  expect(envelope(r).error?.code).toBe("NO_ACTIVE_SESSION");
  expect(existsSync(join(repo, ".git/index.lock"))).toBe(false);
});

test("EXO_NO_GIT_PREFETCH=1 leaves the status to the command", async () => {
  const repo = await initRepo();
  const env = { EXO_ACTOR: "agent:one" };
  await openSession(repo, env);
  writeFileSync(join(repo, "src.txt"), "x\n");
  const shim = gitLogger();
  const done = envelope(await exo(repo, "session-finish", "--summary", "done", { env: { ...env, PATH: shim.path, EXO_NO_GIT_PREFETCH: "1" } }));
  expect(done.ok, JSON.stringify(done.error)).toBe(true);
  expect(statusCalls(shim.log)).toEqual([{ cwd: repo, locks: "" }]);
});
