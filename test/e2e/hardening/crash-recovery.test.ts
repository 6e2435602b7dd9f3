// Crash recovery paths the matrix does not single out (issue #18): a re-run of the killed command
// completes it, doctor names what a kill left, and a stale .git/index.lock is removed only when
// no git process holds it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, tempRepo } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";

async function installed(): Promise<string> {
  const repo = await tempRepo({ "CLAUDE.md": "# mine\n", "src/a.ts": "export const a = 1;\n" });
  expect(envelope(await exo(repo, "install", "--harness", "claude", "--harness", "git", { env: { HOME: repo } })).ok).toBe(true);
  await commitTickets(repo, [{ id: "T-1" }, { id: "T-2" }]);
  return repo;
}

test("a finish killed after releasing the lock: doctor names it; re-running session-finish completes it once", async () => {
  const repo = await installed();
  const env = { HOME: repo, EXO_ACTOR: "agent:a" };
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T-1", { env }));
  expect(started.ok).toBe(true);
  const id = started.data.session.id as string;
  await writeFile(join(repo, "src/a.ts"), "export const a = 2;\n");
  const killed = await exo(repo, "session-finish", "--summary", "the first summary", { env: { ...env, EXO_TEST_CRASH_AT: "session-finish:3" } });
  expect(killed.stderr).toContain("EXO_TEST_CRASH_AT reached session-finish:3 (lock-released)");
  const doctor = envelope(await exo(repo, "doctor", { env }));
  const state = doctor.data.sections.find((s: { name: string }) => s.name === "state");
  expect(state.status).toBe("fail");
  expect(state.details.interrupted_closeouts).toEqual([id]);
  const again = envelope(await exo(repo, "session-finish", "--summary", "a second summary", { env }));
  expect(again.ok).toBe(true);
  expect(again.data.completed_interrupted).toBe(true);
  expect(again.warnings?.map((w) => w.code)).toContain("CLOSEOUT_COMPLETED");
  const memento = await readFile(join(repo, `.exo/mementos/T-1/${id}.md`), "utf8");
  expect(memento).toContain("the first summary");
  const records = (await readdir(join(repo, ".exo/ledger"))).map((f) => f);
  let finished = 0;
  for (const f of records) finished += (await readFile(join(repo, ".exo/ledger", f), "utf8")).split("\n").filter((l) => l.includes('"session.finished"') && l.includes(id)).length;
  expect(finished).toBe(1);
  expect(git(repo, "log", "-1", "--format=%s")).toContain(`finish ${id}`);
  expect(existsSync(join(repo, ".exo/cache/closeout", `${id}.json`))).toBe(false);
  expect(envelope(await exo(repo, "ledger-verify", { env })).data.valid).toBe(true);
}, 120_000);

test("an install killed after its hooks: doctor reports it; the next exo install resumes it and commits once", async () => {
  const repo = await tempRepo({ "CLAUDE.md": "# mine\n", ".claude/settings.json": '{ "permissions": { "allow": ["Bash(ls)"] } }\n' });
  const env = { HOME: repo };
  const killed = await exo(repo, "install", "--harness", "claude", "--harness", "git", { env: { ...env, EXO_TEST_CRASH_AT: "install:5" } });
  expect(killed.stderr).toContain("install:5 (hooks-installed)");
  const journal = JSON.parse(await readFile(join(repo, ".exo/cache/install/journal.json"), "utf8"));
  expect(journal.done).toEqual(["scaffold", "compose", "adapters", "hooks"]);
  expect(journal.backups.map((b: { path: string }) => b.path)).toEqual(expect.arrayContaining([".claude/settings.json", "CLAUDE.md"]));
  const doctor = envelope(await exo(repo, "doctor", "--section", "install", { env }));
  expect(doctor.data.sections[0]).toMatchObject({ name: "install", status: "fail" });
  expect(doctor.data.sections[0].message).toContain("interrupted install");
  const resumed = envelope(await exo(repo, "install", "--harness", "claude", "--harness", "git", { env }));
  expect(resumed.ok).toBe(true);
  expect(resumed.data.resumed).toBe(true);
  expect(resumed.warnings?.map((w) => w.code)).toContain("INSTALL_RESUMED");
  // The files the killed run created are committed now, in the one install commit.
  const committed = git(repo, "show", "--name-only", "--format=", "HEAD").split("\n").filter(Boolean);
  expect(committed).toEqual(expect.arrayContaining([".exo/config.yaml", ".exo/constitution.yaml", ".exo/governance.lock.json", ".claude/settings.json", "CLAUDE.md"]));
  expect(git(repo, "log", "--format=%s").split("\n").filter((s) => s.startsWith("chore(exo): install"))).toHaveLength(1);
  expect(existsSync(join(repo, ".exo/cache/install"))).toBe(false);
  expect(JSON.parse(await readFile(join(repo, ".claude/settings.json"), "utf8")).permissions.allow).toEqual(["Bash(ls)"]);
  expect(git(repo, "status", "--porcelain").trim()).toBe("");
}, 120_000);

test("index.lock: kept while a git process works in the repository, removed by doctor --fix once stale", async () => {
  const repo = await installed();
  const env = { HOME: repo };
  const lock = join(repo, ".git/index.lock");
  // A git process that waits on stdin inside the work tree holds the lock (as far as doctor can tell).
  const holder = spawn("git", ["hash-object", "--stdin"], { cwd: repo, stdio: ["pipe", "ignore", "ignore"] });
  try {
    await writeFile(lock, "");
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    await new Promise((r) => setTimeout(r, 300));
    const busy = envelope(await exo(repo, "doctor", "--fix", "--section", "git_index", { env }));
    expect(busy.data.sections[0]).toMatchObject({ name: "git_index", status: "warn" });
    expect(existsSync(lock)).toBe(true);
  } finally {
    holder.stdin?.end("");
    await new Promise((r) => holder.on("close", r));
  }
  const stale = envelope(await exo(repo, "doctor", "--section", "git_index", { env }));
  expect(stale.data.sections[0]).toMatchObject({ name: "git_index", status: "fail", fixable: true });
  expect(stale.data.sections[0].details.judged_by).toBe(process.platform === "linux" ? "proc" : "age");
  const fixed = envelope(await exo(repo, "doctor", "--fix", "--section", "git_index", { env }));
  expect(fixed.data.sections[0].status).toBe("pass");
  expect(existsSync(lock)).toBe(false);
}, 120_000);

test("index.lock of a linked worktree: doctor there judges the worktree's own index lock, not the main checkout's", async () => {
  const repo = await installed();
  const env = { HOME: repo };
  const wt = join(repo, "..", `${repo.split("/").pop()}-wt`);
  git(repo, "worktree", "add", "-q", "-b", "side", wt);
  const own = join(repo, ".git/worktrees", wt.split("/").pop() as string, "index.lock");
  await writeFile(own, "");
  const old = new Date(Date.now() - 60_000);
  await utimes(own, old, old);
  const stale = envelope(await exo(wt, "doctor", "--section", "git_index", { env }));
  expect(stale.data.sections[0]).toMatchObject({ name: "git_index", status: "fail", fixable: true, details: { file: own } });
  // The main checkout's index is not locked: doctor there passes.
  expect(envelope(await exo(repo, "doctor", "--section", "git_index", { env })).data.sections[0].status).toBe("pass");
  expect(envelope(await exo(wt, "doctor", "--fix", "--section", "git_index", { env })).data.sections[0].status).toBe("pass");
  expect(existsSync(own)).toBe(false);
}, 120_000);

test("next killed between its lock and its ticket: session-cleanup completes the claim", async () => {
  const repo = await installed();
  const env = { HOME: repo, EXO_ACTOR: "agent:a" };
  const killed = await exo(repo, "next", "--owner", "agent:a", { env: { ...env, EXO_TEST_CRASH_AT: "next:1" } });
  expect(killed.stderr).toContain("next:1 (lock-acquired)");
  const lockFile = (await readdir(join(repo, ".exo/locks"))).find((n) => n.endsWith(".json")) as string;
  const ticket = lockFile.slice(0, -5);
  expect(await readFile(join(repo, `.exo/tickets/${ticket}.yaml`), "utf8")).toContain("status: todo");
  const cleanup = envelope(await exo(repo, "session-cleanup", { env }));
  expect(cleanup.data.completed_claims).toEqual([ticket]);
  expect(await readFile(join(repo, `.exo/tickets/${ticket}.yaml`), "utf8")).toContain("status: active");
  const start = envelope(await exo(repo, "session-start", "--ticket-id", ticket, { env }));
  expect(start.ok).toBe(true);
}, 120_000);

test("a garbled close-out journal: session-cleanup and finish go on, doctor names it and --fix moves it aside", async () => {
  const repo = await installed();
  const env = { HOME: repo, EXO_ACTOR: "agent:a" };
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T-1", { env }));
  const id = started.data.session.id as string;
  await mkdir(join(repo, ".exo/cache/closeout"), { recursive: true });
  await writeFile(join(repo, ".exo/cache/closeout", `${id}.json`), "{ half a journ");
  expect(envelope(await exo(repo, "session-cleanup", { env })).ok).toBe(true);
  const doctor = envelope(await exo(repo, "doctor", "--section", "state", { env }));
  expect(doctor.data.sections[0].details.interrupted_closeouts).toEqual([id]);
  const fixed = envelope(await exo(repo, "doctor", "--fix", "--section", "state", { env }));
  expect(fixed.data.sections[0].status).toBe("pass");
  expect(fixed.data.fixed.map((f: { action: string }) => f.action).join()).toContain("unreadable close-out journal");
  expect(existsSync(join(repo, ".exo/cache/closeout", `${id}.json`))).toBe(false);
  const finished = envelope(await exo(repo, "session-finish", "--summary", "done", { env }));
  expect(finished.ok).toBe(true);
  expect(finished.data.session).toBe(id);
}, 120_000);
