// Round 17: git moving under a live session (reset, checkout of an older commit, stash), a team of
// clones, paths with spaces and non-ASCII letters.
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { coded, DIST, envelope, exo, git, initRepo } from "../../helpers/repo.js";
import { claudeSessionRepo, decision, fixture, gitHooksRepo, hook } from "../../helpers/hooks.js";
import { spawnSync } from "node:child_process";
import { commitTickets } from "../../helpers/tickets.js";
import { team, type Clone } from "../../helpers/team.js";

const A = { env: { EXO_ACTOR: "agent:a" } };

const sessionFile = (repo: string, id: string) => JSON.parse(readFileSync(join(repo, ".exo/sessions", `${id}.json`), "utf8")) as { status: string };
const section = (run: { stdout: string }, name: string) => envelope(run as never).data.sections.find((s: { name: string }) => s.name === name);

test("a git reset --hard that takes away the ticket a live session works on: finish, suspend and cleanup say so and write nothing; doctor names it, --fix restores it from git and the session finishes", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "I1", kind: "intent" }]);
  await commitTickets(repo, [{ id: "T5", parent: "I1" }], "ticket T5");
  const made = git(repo, "rev-parse", "HEAD").trim();
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T5", A));
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  const id = started.data.session.id as string;
  await writeFile(join(repo, "work.txt"), "work\n");
  git(repo, "reset", "-q", "--hard", "HEAD~1");
  expect(existsSync(join(repo, ".exo/tickets/T5.yaml"))).toBe(false);
  const lock = readFileSync(join(repo, ".exo/locks/T5.json"), "utf8");
  // Before: "No ticket T5; list tickets with exo tickets." from all three, and suspend had
  // already marked the session suspended (with its lock still held) when it failed.
  for (const args of [["session-suspend", "--reason", "x"], ["session-finish", "--summary", "x"], ["session-cleanup", "--session-id", id, "--force"], ["session-handoff", "--to", "agent:b", "--summary", "x"]]) {
    const r = coded(await exo(repo, ...args, A), "TICKET_NOT_FOUND", 2);
    expect(r.error?.message, args[0]).toBe(`Ticket T5 of session ${id} is gone from the work tree (a git reset, checkout or stash took .exo/tickets/T5.yaml away; commit ${made.slice(0, 12)} has it); run exo doctor --fix to restore it.`);
    expect(r.error?.hint).toBe("exo doctor --fix --section sessions");
    expect(sessionFile(repo, id).status).toBe("active");
    expect(readFileSync(join(repo, ".exo/locks/T5.json"), "utf8")).toBe(lock);
  }
  const report = section(await exo(repo, "doctor", "--section", "sessions", A), "sessions");
  expect(report).toMatchObject({ status: "warn", fixable: true, hint: "exo doctor --fix --section sessions" });
  expect(report.message).toBe(`session ${id} works on T5, whose .exo/tickets/T5.yaml is gone from the work tree (commit ${made.slice(0, 12)} has it)`);
  expect(report.details.tickets_gone).toEqual([{ session: id, ticket: "T5", commit: made }]);
  const fix = envelope(await exo(repo, "doctor", "--fix", "--section", "sessions", A));
  expect(fix.data.fixed).toContainEqual({ section: "sessions", action: `restored .exo/tickets/T5.yaml from commit ${made.slice(0, 12)} (status active, as session ${id} works on it)` });
  expect(section(await exo(repo, "doctor", A), "integrity").status).toBe("pass");
  const done = envelope(await exo(repo, "session-finish", "--summary", "done", A));
  expect(done.ok, JSON.stringify(done.error)).toBe(true);
  expect(done.data.ticket).toEqual({ id: "T5", status: "review" });
});

test("a checkout of a commit from before exo while a session is live: NOT_INITIALIZED says to switch back to the branch that has governance, not to install a second one", async () => {
  const repo = await initRepo();
  const before = git(repo, "rev-list", "--max-parents=0", "HEAD").trim();
  await commitTickets(repo, [{ id: "I1", kind: "intent" }, { id: "T1", parent: "I1" }]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", A)).ok).toBe(true);
  git(repo, "stash", "-q");
  git(repo, "checkout", "-q", before);
  // Before: "No exo governance in …; run exo install (or exo init) first." (hint exo install).
  for (const args of [["status"], ["session-finish", "--summary", "x"], ["next"]]) {
    const r = coded(await exo(repo, ...args, A), "NOT_INITIALIZED", 2);
    expect(r.error?.message, args[0]).toBe(`HEAD (detached at ${before.slice(0, 12)}) has no exo governance, but branch main has it and 1 open session here works on it; switch back with git switch main (exo install here would start a second, unrelated governance).`);
    expect(r.error?.hint).toBe("git switch main");
    expect(r.error?.details).toEqual({ branches: ["main"], sessions: 1 });
  }
  git(repo, "switch", "-q", "main");
  git(repo, "stash", "pop", "-q");
  const done = envelope(await exo(repo, "session-finish", "--summary", "back", A));
  expect(done.ok, JSON.stringify(done.error)).toBe(true);
  // An old branch made from there says which branch, too; with no session, none is counted.
  git(repo, "checkout", "-q", "-b", "old", before);
  const r = coded(await exo(repo, "status"), "NOT_INITIALIZED", 2);
  expect(r.error?.message).toBe("HEAD (branch old) has no exo governance, but branch main has it; switch back with git switch main (exo install here would start a second, unrelated governance).");
});

test("an exo state folder that is a plain file (a pull whose ignore rule only matched folders, a hand edit): STATE_CORRUPT naming it, never INTERNAL or an empty listing; doctor --fix moves it aside and brings the folder back", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "I1", kind: "intent" }, { id: "T1", parent: "I1" }]);
  expect(envelope(await exo(repo, "status")).ok).toBe(true);
  for (const name of ["cache", "tickets", "locks", "sessions", "mementos"]) {
    await rm(join(repo, ".exo", name), { recursive: true, force: true });
    await writeFile(join(repo, ".exo", name), "not a folder\n");
    // Before: INTERNAL (ENOTDIR) for cache everywhere and for tickets in doctor and session-start;
    // status and next listed no tickets at all; IO_ERROR "Could not write T1.json: EEXIST".
    for (const args of [["status"], ["next"], ["session-start", "--ticket-id", "T1"], ["tickets"]]) {
      const r = coded(await exo(repo, ...args, A), "STATE_CORRUPT");
      expect(r.error?.message, `${name} ${args[0]}`).toBe(`.exo/${name} is a file, not a folder; exo cannot keep its state there. Run exo doctor --fix to move the file aside (into .exo/cache/quarantine/) and make the folder again.`);
      expect(r.error?.hint).toBe("exo doctor --fix");
    }
    const fix = envelope(await exo(repo, "doctor", "--fix", A));
    expect(fix.data.fixed[0], name).toEqual({ section: "state", action: `moved .exo/${name} (a file, not a folder) into .exo/cache/quarantine/ and made the folder${name === "tickets" ? "; restored it from git (HEAD)" : ""}` });
    const aside = (await readdir(join(repo, ".exo/cache/quarantine"))).filter((n) => n.endsWith(`-${name}`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(repo, ".exo/cache/quarantine", aside[0] as string), "utf8")).toBe("not a folder\n");
    expect(envelope(await exo(repo, "tickets")).data.tickets.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining(["I1", "T1"]));
  }
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", A));
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
});

test("a pulled .exo/sessions file (git drops the ignored folder of live sessions for it): the write hook denies instead of seeing no session and allowing, and doctor --fix gives the folder back", async () => {
  const repo = await claudeSessionRepo({});
  const env = { EXO_ACTOR: "agent:claude", EXO_HOOK_BUNDLE: join(DIST, "hook.mjs") };
  const write = (path: string) => fixture("claude-pretooluse-write.json", repo, (p) => void ((p.tool_input as Record<string, string>).file_path = join(repo, path)));
  expect(decision(await hook(repo, "claude", "PreToolUse", await write("docs/notes.md"), env))?.decision).toBe("deny");
  await rm(join(repo, ".exo/sessions"), { recursive: true, force: true });
  await writeFile(join(repo, ".exo/sessions"), "from a teammate's commit\n");
  // Before: both writes allowed with no word (no session readable, so no session to hold to).
  for (const path of ["docs/notes.md", "src/auth/x.ts"]) {
    const r = await hook(repo, "claude", "PreToolUse", await write(path), env);
    expect(r.code).toBe(0);
    expect(decision(r), path).toEqual({ decision: "deny", reason: "exo blocked this write: .exo/sessions is a file, not a folder, so exo cannot see which sessions are open. A human must run exo doctor --fix." });
  }
  // A read is not stopped.
  const read = await fixture("claude-pretooluse-write.json", repo, (p) => { p["tool_name"] = "Read"; p["tool_input"] = { file_path: join(repo, "docs/notes.md") }; });
  expect(decision(await hook(repo, "claude", "PreToolUse", read, env))).toBeNull();
  expect(envelope(await exo(repo, "doctor", "--fix")).data.fixed[0].action).toMatch(/^moved \.exo\/sessions \(a file, not a folder\)/);
  expect(decision(await hook(repo, "claude", "PreToolUse", await write("docs/notes.md"), env))?.decision).not.toBe("deny");
});

test("a governance or ticket file that is a folder (a pull replaced it, a hand edit): IO_ERROR naming the file and how to get it back, never INTERNAL", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "I1", kind: "intent" }, { id: "T1", parent: "I1" }]);
  for (const [file, args] of [[".exo/config.yaml", ["status"]], [".exo/constitution.yaml", ["session-start", "--ticket-id", "T1"]], [".exo/governance.lock.json", ["doctor"]], [".exo/policy.sealed.json", ["status"]], [".exo/tickets/T1.yaml", ["session-start", "--ticket-id", "T1"]]] as const) {
    const saved = readFileSync(join(repo, file), "utf8");
    await rm(join(repo, file));
    await mkdir(join(repo, file, "x"), { recursive: true });
    // Before: INTERNAL "internal error: this is a bug in exo" (EISDIR).
    const r = coded(await exo(repo, ...args, A), "IO_ERROR");
    // Round 34: doctor --fix keeps the folder in the quarantine (a git checkout deleted what it held).
    expect(r.error?.message, file).toBe(`${file} is a folder, not a file; exo doctor --fix moves the folder to .exo/cache/quarantine (what it holds is kept) and restores git's copy, then retry.`);
    expect(r.error?.hint).toMatch(/^exo doctor --fix( --actor \S+)?$/);
    await rm(join(repo, file), { recursive: true });
    await writeFile(join(repo, file), saved);
  }
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", A)).ok).toBe(true);
});

test("a git stash that took a live session's ticket status away: finish says git undid it and to pop the stash (not 'someone moved it on'), and finishes once it is popped", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "I1", kind: "intent" }, { id: "T1", parent: "I1" }]);
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", A));
  const id = started.data.session.id as string;
  await writeFile(join(repo, "work.txt"), "work\n");
  git(repo, "stash", "-q");
  // Before: "Ticket T1 is todo now, so session-finish cannot move it to review; finish with --set-status keep …".
  const r = coded(await exo(repo, "session-finish", "--summary", "x", A), "INVALID_TRANSITION");
  expect(r.error?.message).toBe(`Ticket T1 is todo in the work tree, though session ${id} made it active at ${started.data.session.started_at as string}: git undid that change (a stash, reset or checkout); pop the stash and finish again, or finish with --set-status keep.`);
  expect(r.error?.hint).toBe("git stash pop");
  expect(sessionFile(repo, id).status).toBe("active");
  git(repo, "stash", "pop", "-q");
  const done = envelope(await exo(repo, "session-finish", "--summary", "done", A));
  expect(done.ok, JSON.stringify(done.error)).toBe(true);
  expect(done.data.ticket).toEqual({ id: "T1", status: "review" });
});

test("a linked worktree removed (git worktree remove --force) under its live session: finish and handoff say the worktree is gone and how to end the session (before: GIT_FAILED 'git symbolic-ref could not run: ENOENT'); doctor names it", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "I1", kind: "intent" }, { id: "T2", parent: "I1" }]);
  const wt = `${repo}-wt ü`;
  onTestFinished(() => rm(wt, { recursive: true, force: true }));
  expect(envelope(await exo(repo, "worktree-create", "--ticket-id", "T2", "--path", wt, A)).ok).toBe(true);
  const started = envelope(await exo(wt, "session-start", "--ticket-id", "T2", A));
  const id = started.data.session.id as string;
  git(repo, "worktree", "remove", "--force", wt);
  for (const args of [["session-finish", "--summary", "x"], ["session-handoff", "--to", "agent:b", "--summary", "x"]]) {
    const r = coded(await exo(repo, ...args, A), "STATE_CORRUPT");
    expect(r.error?.message, args[0]).toBe(`Session ${id} worked in ${wt}, which is gone (git worktree remove?), so there is nothing to finish there; end it with exo session-cleanup --session-id ${id} --force (its memento is kept, branch exo/T2 keeps its commits).`);
    expect(r.error?.hint).toBe(`exo session-cleanup --session-id ${id} --force`);
    expect(sessionFile(repo, id).status).toBe("active");
  }
  const report = section(await exo(repo, "doctor", "--section", "sessions"), "sessions");
  expect(report).toMatchObject({ status: "warn", hint: `exo session-cleanup --session-id ${id} --force` });
  expect(report.message).toBe(`session ${id} worked in ${wt}, which is gone`);
  expect(envelope(await exo(repo, "session-cleanup", "--session-id", id, "--force", A)).data.recovered).toHaveLength(1);
  expect(section(await exo(repo, "doctor", "--section", "sessions"), "sessions").status).toBe("pass");
});

test("exo's pre-commit refuses a file committed at .exo/sessions (or locks, cache): a teammate's pull of it would drop every live session record there", async () => {
  const repo = await gitHooksRepo("agent:a");
  for (const name of ["sessions", "locks", "cache"]) {
    const copy = join(repo, `.exo-${name}-kept`);
    git(repo, "status", "--short");
    await rm(copy, { recursive: true, force: true });
    spawnSync("cp", ["-a", join(repo, ".exo", name), copy]);
    await rm(join(repo, ".exo", name), { recursive: true });
    await writeFile(join(repo, ".exo", name), "mine\n");
    git(repo, "add", `.exo/${name}`);
    // Before: committed (`/sessions/` in .exo/.gitignore ignores only a folder of that name).
    // The bundle named outright: with .exo/cache a file, the launcher cannot read where it is.
    const refused = spawnSync("git", ["commit", "-qm", "add a file"], { cwd: repo, encoding: "utf8", env: { ...process.env, EXO_HOOK_BUNDLE: join(DIST, "hook.mjs") } });
    expect(refused.status, name).not.toBe(0);
    expect(refused.stderr).toContain(`.exo/${name}: machine-local state is never committed [EXO_STATE_PROTECTED]`);
    git(repo, "rm", "-q", "--cached", `.exo/${name}`);
    await rm(join(repo, ".exo", name));
    spawnSync("mv", [copy, join(repo, ".exo", name)]);
  }
});

test("a git checkout of another branch that lacks a live session's ticket: finish says to switch back to the session's branch, and doctor --fix does not copy the ticket onto the wrong branch", async () => {
  const repo = await initRepo();
  git(repo, "branch", "feature");
  await commitTickets(repo, [{ id: "I1", kind: "intent" }, { id: "T1", parent: "I1" }]);
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", A));
  const id = started.data.session.id as string;
  git(repo, "stash", "-q");
  git(repo, "checkout", "-q", "feature");
  const r = coded(await exo(repo, "session-finish", "--summary", "x", A), "TICKET_NOT_FOUND", 2);
  expect(r.error?.message).toBe(`Ticket T1 of session ${id} is not on this branch (feature): the session works on branch main, which has .exo/tickets/T1.yaml; switch back with git switch main.`);
  expect(r.error?.hint).toBe("git switch main");
  const report = section(await exo(repo, "doctor", "--fix", "--section", "sessions", A), "sessions");
  expect(report).toMatchObject({ status: "warn", fixable: false, hint: "git switch main" });
  expect(existsSync(join(repo, ".exo/tickets/T1.yaml"))).toBe(false);
  git(repo, "checkout", "-q", "main");
  git(repo, "stash", "pop", "-q");
  expect(envelope(await exo(repo, "session-finish", "--summary", "done", A)).ok).toBe(true);
});

test("resuming on one clone a session suspended on another: SESSION_NOT_FOUND says the session lives on the machine that started it and how to hand it over (before: 'No session … in this repository's state')", async () => {
  const { clones } = await team([{ id: "I1", kind: "intent" }, { id: "T1", parent: "I1" }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  const started = envelope(await a.run("session-start", "--ticket-id", "T1", A));
  const id = started.data.session.id as string;
  expect(envelope(await a.run("session-suspend", "--reason", "home", A)).ok).toBe(true);
  git(a.dir, "add", "-A");
  git(a.dir, "commit", "-qm", "suspend");
  git(a.dir, "push", "-q", "origin", "HEAD");
  git(b.dir, "pull", "-q", "--no-rebase");
  for (const args of [["session-resume", "--session-id", id], ["session-finish", "--session-id", id, "--summary", "x"]]) {
    const r = coded(await b.run(...args, A), "SESSION_NOT_FOUND", 2);
    expect(r.error?.message, args[0]).toBe(`Session ${id} was started on another machine (ledger segment ${r.error?.details?.["writer"] as string}); a session lives where it started: resume or hand it off there (exo session-handoff --to '<actor>' --summary "…"), then start here with exo session-start --ticket-id T1.`);
    expect(r.error?.hint).toBe("exo session-start --ticket-id T1");
    expect(r.error?.details?.["writer"]).toMatch(/^ha\./);
  }
});

test("git pull --rebase that rewrites the commit a live session started from (local commits not pushed yet): finish charges only the session's own work, not the teammate's pulled files or older local commits", async () => {
  const { clones } = await team([{ id: "I1", kind: "intent" }, { id: "T1", parent: "I1", allow: ["mine/**"] }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  await writeFile(join(b.dir, "local.txt"), "older local work\n");
  git(b.dir, "add", "-A");
  git(b.dir, "commit", "-qm", "local, not pushed");
  expect(envelope(await b.run("session-start", "--ticket-id", "T1", A)).ok).toBe(true);
  git(b.dir, "stash", "-q");
  await mkdir(join(b.dir, "mine"));
  await writeFile(join(b.dir, "mine/w.txt"), "w\n");
  git(b.dir, "add", "mine");
  git(b.dir, "commit", "-qm", "session work");
  await mkdir(join(a.dir, "other"));
  await writeFile(join(a.dir, "other/o.txt"), "teammate\n");
  git(a.dir, "add", "-A");
  git(a.dir, "commit", "-qm", "teammate work");
  git(a.dir, "push", "-q", "origin", "HEAD");
  git(b.dir, "pull", "-q", "--rebase");
  git(b.dir, "stash", "pop", "-q");
  const done = envelope(await b.run("session-finish", "--summary", "done", A));
  expect(done.ok, JSON.stringify(done.error)).toBe(true);
  // Before: local.txt and other/o.txt were charged too, as drift outside the scope.
  expect(done.data.changed_files.map((f: { path: string }) => f.path)).toEqual(["mine/w.txt"]);
  expect(done.data.drift.out_of_scope).toEqual([]);
});

test("three doctor --fix racing over a .exo/locks that is a file: none fails INTERNAL, the file is kept once and the folder is back", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "I1", kind: "intent" }, { id: "T1", parent: "I1" }]);
  await rm(join(repo, ".exo/locks"), { recursive: true, force: true });
  await writeFile(join(repo, ".exo/locks"), "a file\n");
  const runs = await Promise.all([1, 2, 3].map(() => exo(repo, "doctor", "--fix", "--section", "state")));
  for (const r of runs) expect(envelope(r).error?.code ?? "ok", r.stdout).not.toBe("INTERNAL");
  const kept = (await readdir(join(repo, ".exo/cache/quarantine"))).filter((n) => n.endsWith("-locks"));
  expect(kept).toHaveLength(1);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", A)).ok).toBe(true);
});

test("a suspended session's paused status undone by git stash: exo next does not hand that ticket to another agent (whose session-start would answer TICKET_IN_USE)", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "I1", kind: "intent" }, { id: "T1", parent: "I1" }, { id: "T2", parent: "I1", priority: 5 }]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", A)).ok).toBe(true);
  expect(envelope(await exo(repo, "session-suspend", "--reason", "lunch", A)).ok).toBe(true);
  git(repo, "stash", "-q");
  const S = { env: { EXO_ACTOR: "agent:s" } };
  // exo ready and status preview the same pick.
  const ready = envelope(await exo(repo, "ready", S)).data as { ready: { id: string }[]; not_ready: { id: string; reason: string }[] };
  expect(ready.ready.map((r) => r.id)).toEqual(["T2"]);
  expect(ready.not_ready).toContainEqual(expect.objectContaining({ id: "T1", reason: "locked" }));
  expect(envelope(await exo(repo, "status", S)).data.next?.ticket).toBe("T2");
  // Before: T1 (todo again, higher priority) was claimed, then session-start said agent:a works on it.
  const next = envelope(await exo(repo, "next", S));
  expect(next.ok, JSON.stringify(next.error)).toBe(true);
  expect(next.data.ticket.id).toBe("T2");
  expect(next.data.reasoning.skipped).toContainEqual({ id: "T1", reason: "locked" });
  expect(envelope(await exo(repo, "session-start", S)).ok).toBe(true);
});
