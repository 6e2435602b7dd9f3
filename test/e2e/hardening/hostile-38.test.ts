// Round 38 of hostile state and races: an exo commit that met another exo process's write, and
// more (see docs/hardening.md). Each case failed before its fix.
import { chmodSync, closeSync, constants, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { bounded, coded, envelope, EXO_BIN, git, pasted, tempDir, tempRepo } from "../../helpers/repo.js";
import { pipeAt } from "../../helpers/pipes.js";
import { repoWithTicket } from "../../helpers/tickets.js";

function realGit(): string {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    const file = join(dir, "git");
    if (dir && existsSync(file) && statSync(file).isFile()) return file;
  }
  throw new Error("git not found on PATH");
}

test("another exo process appends to the ledger segment while a finish commits it (a second agent in the checkout, a doctor --fix): git's commit of named paths reads the file twice and can leave the index with the older bytes, a staged removal of a committed record; the finish now sets the index to its commit, so the person's git commit keeps every record (before: git diff --cached showed the record removed, and the next git commit removed it for the team)", async () => {
  const repo = await repoWithTicket();
  const bin = await tempDir();
  const mark = join(bin, "race");
  // A git that stands in for the timing of the race (found with exo doctor --fix beside a finish,
  // about one run in six): at exo's commit a second exo appends its record, and the index keeps
  // the entries `git add` staged before it, as git's first read left them when the append fell
  // between its two reads. Every other call is git itself.
  writeFileSync(join(bin, "git"), [
    "#!/bin/sh",
    `real='${realGit()}'`,
    `if [ -f '${mark}' ] && printf '%s\\n' "$@" | grep -qx -- '--no-verify'; then`,
    `  rm -f '${mark}'`,
    "  staged=$(\"$real\" ls-files -s -- $(printf '%s\\n' \"$@\" | sed -n '/^--$/,$p' | tail -n +2))",
    `  '${process.execPath}' '${EXO_BIN}' ticket-create race --id T9 --actor agent:b >/dev/null 2>&1`,
    '  "$real" "$@"; code=$?',
    "  printf '%s\\n' \"$staged\" | \"$real\" update-index --index-info",
    "  exit $code",
    "fi",
    'exec "$real" "$@"',
    "",
  ].join("\n"));
  chmodSync(join(bin, "git"), 0o755);
  const env = { PATH: `${bin}${delimiter}${process.env["PATH"] ?? ""}` };
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  writeFileSync(mark, "");
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000, env);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(existsSync(mark), "the race ran").toBe(false);
  const segment = git(repo, "ls-files", "--", ".exo/ledger").trim();
  expect(git(repo, "show", `HEAD:${segment}`)).toContain('"type":"ticket.created"');
  expect(git(repo, "diff", "--cached", "--name-only")).toBe("");
  // The person commits their work as finish's commit line says: every committed record stays.
  const committed = git(repo, "show", `HEAD:${segment}`);
  git(repo, "add", "--", "src/a.ts");
  git(repo, "commit", "-qm", "my work", "--no-verify");
  expect(git(repo, "show", `HEAD:${segment}`)).toBe(committed);
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).data.valid).toBe(true);
}, 120_000);

type Section = { name: string; status: string; message: string; hint: string | null; fixable: boolean; details: Record<string, unknown> };
const section = (run: { stdout: string }, name: string) => (envelope(run as never).data.sections as Section[]).find((s) => s.name === name);

/** A repository with T1 (scope src/**) and two files dirty before any session: lib/notes.ts (out of scope) and src/pre.ts. */
async function repoWithWorkBefore(): Promise<string> {
  const repo = await repoWithTicket();
  mkdirSync(join(repo, "src"), { recursive: true });
  mkdirSync(join(repo, "lib"), { recursive: true });
  const past = new Date(Date.now() - 60_000);
  for (const f of ["lib/notes.ts", "src/pre.ts"]) {
    writeFileSync(join(repo, f), "before the session\n");
    utimesSync(join(repo, f), past, past);
  }
  return repo;
}

test("a start snapshot zeroed by a crash, then the session suspended and resumed: the finish still refuses it and doctor --fix rebuilds it, so the session is charged with its own work only (before: the suspend wrote an empty snapshot over the zeroed one, and the finish charged every file dirty at the start, an out-of-scope one among them, without a word)", async () => {
  const repo = await repoWithWorkBefore();
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const id = envelope(start).data.session.id as string;
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const snapshot = join(repo, `.exo/sessions/${id}.dirty`);
  writeFileSync(snapshot, Buffer.alloc(readFileSync(snapshot).length));
  expect(envelope(await bounded(repo, ["session-suspend", "--reason", "lunch", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-resume", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const refused = coded(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000), "STATE_CORRUPT");
  expect(refused.error?.message).toContain("NUL bytes only");
  pasted(repo, refused.error?.hint ?? "false");
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(envelope(finish).data.attribution.charged).toEqual(["src/a.ts"]);
  expect(envelope(finish).data.drift.out_of_scope).toEqual([]);
}, 120_000);

test("a start snapshot made a symlink to a file outside the repository (by hand, a sync tool) that calls the session's own file pre-existing: the finish refuses it, STATE_CORRUPT, doctor's state section names the link, and --fix sets the link aside (its target left alone) and rebuilds the snapshot, so the finish charges the session's work (before: exo read through the link, and the finish charged nothing)", async () => {
  const repo = await repoWithWorkBefore();
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const id = envelope(start).data.session.id as string;
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const outside = join(await tempDir(), "snapshot.json");
  const forged = `${JSON.stringify({ format: "exo.dirty-snapshot/1", session: id, taken_at: "2026-01-01T00:00:00.000Z", files: { "src/a.ts": git(repo, "hash-object", "src/a.ts").trim() } })}\n`;
  writeFileSync(outside, forged);
  const snapshot = join(repo, `.exo/sessions/${id}.dirty`);
  rmSync(snapshot);
  symlinkSync(outside, snapshot);
  const refused = coded(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000), "STATE_CORRUPT");
  expect(refused.error?.message).toContain(`a symlink to ${outside}`);
  expect(refused.error?.hint).toBe("exo doctor --fix --section state --actor agent:a");
  const check = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  expect(section(check, "state")?.message, check.stdout).toContain(`${id}.dirty (the start snapshot cannot be read: a symlink to ${outside}`);
  pasted(repo, refused.error?.hint ?? "false");
  expect(readFileSync(outside, "utf8")).toBe(forged);
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(envelope(finish).data.attribution.charged).toEqual(["src/a.ts"]);
  expect(envelope(finish).data.attribution.excluded_preexisting).toEqual(["lib/notes.ts", "src/pre.ts"]);
}, 120_000);

/** Open the pipe at `file` for writing and close it: a git that a killed run (before the fix) left waiting on it reads its end and exits. */
function releasePipe(file: string): void {
  for (let i = 0; i < 10; i++) {
    try {
      closeSync(openSync(file, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // no reader waits now (the fix stopped git), or the pipe is gone
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
}

test("a named pipe at a .gitignore below the top folder (a hand's mkfifo, a bad sync or restore): session-start refuses at once, IO_ERROR naming the pipe, hint rm -- <it>, which pasted lets the start work (before: git status waited on the pipe for a writer, and the start hung for ever)", async () => {
  const repo = await repoWithTicket();
  mkdirSync(join(repo, "src/deep"), { recursive: true });
  pipeAt(repo, "src/deep/.gitignore");
  const run = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 20_000);
  releasePipe(join(repo, "src/deep/.gitignore"));
  const refused = coded(run, "IO_ERROR");
  expect(refused.error?.message).toContain("it waited on src/deep/.gitignore, a named pipe (FIFO)");
  expect(refused.error?.hint).toBe("rm -- src/deep/.gitignore");
  pasted(repo, refused.error?.hint ?? "false");
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
}, 90_000);

test("a named pipe at the global excludes file ($XDG_CONFIG_HOME/git/ignore) under a live session: the finish refuses at once, IO_ERROR naming it, hint rm -- <it>, after which the finish works (before: the finish hung for ever in git status)", async () => {
  const repo = await repoWithTicket();
  const config = await tempDir();
  mkdirSync(join(config, "git"));
  const ignore = join(config, "git", "ignore");
  pipeAt(config, "git/ignore");
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const env = { XDG_CONFIG_HOME: config };
  const run = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000, env);
  releasePipe(ignore);
  const refused = coded(run, "IO_ERROR");
  expect(refused.error?.message).toContain(`it waited on ${ignore}, a named pipe (FIFO)`);
  expect(refused.error?.hint).toBe(`rm -- ${ignore}`);
  pasted(repo, refused.error?.hint ?? "false");
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000, env);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
}, 90_000);

test("a finish killed after its closing record, whose close-out journal a crash then zeroed (written without its own fsync): the next finish completes the session and writes its session.finished once (before: it started afresh and wrote a second session.finished record for the same session)", async () => {
  const repo = await repoWithTicket();
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const id = envelope(start).data.session.id as string;
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const killed = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000, { EXO_TEST_CRASH_AT: "session-finish:4" });
  expect(killed.stderr).toContain("closeout-recorded");
  const journal = join(repo, `.exo/cache/closeout/${id}.json`);
  writeFileSync(journal, Buffer.alloc(readFileSync(journal).length));
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  const closing = envelope(await bounded(repo, ["ledger-show", "--type", "session.finished"], 15_000)).data.records as { session: string }[];
  expect(closing.filter((r) => r.session === id)).toHaveLength(1);
  expect(JSON.stringify(envelope(finish).warnings)).toContain(`The ledger already holds the closing record of ${id}`);
  // The lock its own killed close-out released is no lock that ran out during the session.
  expect(JSON.stringify(envelope(finish).warnings)).not.toContain("LOCK_EXPIRED_DURING_SESSION");
  expect(existsSync(journal)).toBe(false);
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).data.valid).toBe(true);
}, 120_000);

test("git's index lock held for a moment by another git (an editor's git status, another agent's finish in the same checkout) when a finish commits: the finish waits for it and commits (before: AUTO_COMMIT_FAILED, 'index.lock: File exists', exo's state left for a commit that never came)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const lock = join(repo, ".git/index.lock");
  writeFileSync(lock, "");
  const released = new Promise<void>((resolve) => setTimeout(() => {
    rmSync(lock, { force: true });
    resolve();
  }, 4_000));
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000);
  await released;
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(JSON.stringify(envelope(finish).warnings ?? [])).not.toContain("AUTO_COMMIT_FAILED");
  expect(envelope(finish).data.auto_commit).toMatch(/^[0-9a-f]{40}$/);
  expect(git(repo, "status", "--porcelain", "--", ".exo")).toBe("");
}, 90_000);

test("a stale index lock (a git that was killed left it) when a finish commits: the finish does not wait on it, and its warning names the repair, exo doctor --fix --section git_index, which removes it (before: 'the files stay for your next commit', which failed the same way)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const lock = join(repo, ".git/index.lock");
  writeFileSync(lock, "");
  const past = new Date(Date.now() - 60_000);
  utimesSync(lock, past, past);
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  const warning = (envelope(finish).warnings ?? []).find((w) => w.code === "AUTO_COMMIT_FAILED")?.message ?? "";
  expect(warning).toContain("exo doctor --fix --section git_index removes it");
  expect(finish.ms).toBeLessThan(10_000);
  pasted(repo, "exo doctor --fix --section git_index");
  expect(existsSync(lock)).toBe(false);
}, 90_000);

test("exo install on a repository where a killed git left its index lock: the install's failed commit step hints exo doctor --fix --section git_index, which removes the lock, and the install then commits (before: the hint was exo install, which failed the same way)", async () => {
  const repo = await tempRepo();
  const lock = join(repo, ".git/index.lock");
  writeFileSync(lock, "");
  const past = new Date(Date.now() - 60_000);
  utimesSync(lock, past, past);
  const refused = coded(await bounded(repo, ["install", "--harness", "git"], 60_000), "INSTALL_INCOMPLETE");
  expect(refused.error?.message).toContain("index.lock': File exists");
  expect(refused.error?.hint).toBe("exo doctor --fix --section git_index");
  pasted(repo, refused.error?.hint ?? "false");
  const install = await bounded(repo, ["install", "--harness", "git"], 60_000);
  expect(envelope(install).ok, install.stdout).toBe(true);
  expect(git(repo, "log", "-1", "--format=%s")).toContain("chore(exo): install governance");
}, 120_000);

test("a linked worktree's folder copied beside it (cp -r, a file manager's duplicate): exo in the copy refuses, NOT_A_GIT_REPO, saying the two share one index, HEAD and branch, hint git worktree add from the main repository; the original and a worktree made so work (before: a session started in the copy, on the index and branch of the original)", async () => {
  const repo = await repoWithTicket();
  const tree = `${repo}-38-tree`;
  const copy = `${repo}-38-copy`;
  onTestFinished(() => {
    for (const dir of [tree, copy, `${repo}-38-new`]) rmSync(dir, { recursive: true, force: true });
  });
  git(repo, "worktree", "add", "-q", tree);
  cpSync(tree, copy, { recursive: true });
  const refused = coded(await bounded(copy, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000), "NOT_A_GIT_REPO", 2);
  expect(refused.error?.message).toContain(`${copy} is a copy of the linked worktree ${tree}`);
  expect(refused.error?.hint).toBe(`git -C ${repo} worktree add <new path>`);
  expect(envelope(await bounded(tree, ["status"], 15_000)).ok).toBe(true);
  pasted(repo, (refused.error?.hint ?? "false").replace("<new path>", `${repo}-38-new -b new38`));
  expect(envelope(await bounded(`${repo}-38-new`, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
}, 90_000);

test.each(["a copy", "a symlink"])("T1's handoff file made %s of T2's handoff (by hand, a sync tool, a pull): the start on T1 refuses it, STATE_CORRUPT naming T2's handoff, doctor's state section names it and --fix sets it aside, and T2's addressee still takes T2's (before: the start on T1 took T2's summary, next steps and memento as its own)", async (how) => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["ticket-create", "other", "--id", "T2", "--scope-allow", "lib/**"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T2", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-handoff", "--to", "agent:b", "--summary", "T2's context", "--actor", "agent:a"], 20_000)).ok).toBe(true);
  const file = join(repo, ".exo/handoffs/T1.json");
  if (how === "a copy") writeFileSync(file, readFileSync(join(repo, ".exo/handoffs/T2.json")));
  else symlinkSync("T2.json", file);
  const refused = coded(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000), "STATE_CORRUPT");
  expect(refused.error?.message).toContain(".exo/handoffs/T1.json is unreadable (the handoff of T2, not T1");
  const check = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  expect(section(check, "state")?.message, check.stdout).toContain("the handoff of T2, not T1");
  pasted(repo, "exo doctor --fix --section state");
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000);
  expect(envelope(start).data.session.handoff_from, start.stdout).toBeNull();
  expect(envelope(await bounded(repo, ["session-suspend", "--reason", "other first", "--actor", "agent:b"], 15_000)).ok).toBe(true);
  const other = await bounded(repo, ["session-start", "--ticket-id", "T2", "--actor", "agent:b"], 15_000);
  expect(envelope(other).data.session.handoff_from?.summary, other.stdout).toBe("T2's context");
}, 120_000);

test("another ticket's memento copied into a ticket's memento folder (a copy, a sync tool): the start on T1 does not hand its session T2's summary as its previous session's (before: the bootstrap's Previous session was T2's, its summary and next steps)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["ticket-create", "other", "--id", "T2", "--scope-allow", "lib/**"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T2", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-finish", "--summary", "T2's own plan", "--actor", "agent:a"], 20_000)).ok).toBe(true);
  const memento = git(repo, "ls-files", "--", ".exo/mementos/T2").trim();
  mkdirSync(join(repo, ".exo/mementos/T1"), { recursive: true });
  cpSync(join(repo, memento), join(repo, ".exo/mementos/T1", memento.split("/").pop() as string));
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000);
  expect(envelope(start).ok, start.stdout).toBe(true);
  expect(envelope(start).data.bootstrap as string).not.toContain("T2's own plan");
}, 120_000);

test("another ticket's memento copied into a ticket's folder, newest there: exo ready's line for that ticket in review is its close, not a commit of the other ticket's uncommitted work under the other session's trailer (mended at the merge, after the start's Previous session above)", async () => {
  const { exampleWithTwoTasks } = await import("../../helpers/tickets.js");
  const repo = await exampleWithTwoTasks();
  const run = (...args: string[]) => bounded(repo, args, 20_000);
  expect(envelope(await run("session-start", "--ticket-id", "TICKET-001")).ok).toBe(true);
  expect(envelope(await run("session-finish", "--summary", "nothing to change")).ok).toBe(true);
  const second = envelope(await run("session-start", "--ticket-id", "TICKET-002")).data.session.id as string;
  writeFileSync(join(repo, "README.md"), "# app\n\nThe second task's change.\n");
  const finished = envelope(await run("session-finish", "--summary", "second change"));
  expect(finished.data.commit_command).toContain(`Exo-Session: ${second}`);
  cpSync(join(repo, `.exo/mementos/TICKET-002/${second}.md`), join(repo, `.exo/mementos/TICKET-001/${second}.md`));
  expect(envelope(await run("ready")).data.next_command).toBe("exo ticket-close TICKET-001");
}, 90_000);
