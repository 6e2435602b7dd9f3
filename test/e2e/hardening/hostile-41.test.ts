// Round 41 of hostile state and races: exo gc meeting a session whose record a crash zeroed, a start
// in progress, another ticket's memento and a pipe; git on a full disk; a sparse checkout leaving
// out an empty folder of .exo; a learning zeroed; worktrees made twice, inside the checkout, locked
// or removed from inside (see docs/hardening.md). Each case failed before its fix.
import { spawn } from "node:child_process";
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { bounded, coded, envelope, EXO_BIN, git, pasted, tempDir } from "../../helpers/repo.js";
import { pipeAt } from "../../helpers/pipes.js";
import { repoWithTicket } from "../../helpers/tickets.js";

type Section = { name: string; status: string; message: string; hint: string | null; fixable: boolean; details: Record<string, unknown> };
const section = (run: { stdout: string }, name: string) => (envelope(run as never).data.sections as Section[]).find((s) => s.name === name);

function realGit(): string {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    const file = join(dir, "git");
    if (dir && existsSync(file) && statSync(file).isFile()) return file;
  }
  throw new Error("git not found on PATH");
}

test("exo gc --apply beside a session whose record a crash zeroed: its start snapshot and touched log are kept and the record is named, so after doctor --fix the next session on the ticket is charged with its work (before: gc removed them as orphans, and that work counted as pre-existing, charged to no one)", async () => {
  const repo = await repoWithTicket();
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const id = envelope(start).data.session.id as string;
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  writeFileSync(join(repo, `.exo/sessions/${id}.json`), "\0".repeat(400));
  const gc = envelope(await bounded(repo, ["gc", "--apply", "--actor", "agent:a"], 20_000));
  expect(gc.ok).toBe(true);
  expect(gc.data.categories.session_files.paths).toEqual([]);
  expect(gc.warnings?.find((w) => w.code === "SESSION_UNREADABLE")?.message).toContain(`.exo/sessions/${id}.json cannot be read`);
  expect(existsSync(join(repo, `.exo/sessions/${id}.dirty`))).toBe(true);
  pasted(repo, "exo doctor --fix --actor agent:a");
  // (round 45: the record a crash zeroed is written again from the ledger, and the session goes on)
  expect(readdirSync(join(repo, ".exo/sessions")).filter((n) => n.startsWith(id) && n.endsWith(".json"))).toEqual([`${id}.json`]);
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000));
  expect(finish.ok).toBe(true);
  expect(finish.data.attribution.charged).toEqual(["src/a.ts"]);
}, 120_000);

test("a finish on a full disk where git is the first to write (its index lock): IO_ERROR saying the disk is full, to free space and run the command again, hint df -h, and the finish then passes (before: GIT_FAILED with the hint git status, which fails the same way and says nothing of space)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  // A git that stands in for a full disk (a 4 MiB tmpfs filled to its last 4 KiB gave this
  // line): its status cannot write the refreshed index. Every other call is git itself.
  const bin = await tempDir();
  writeFileSync(join(bin, "git"), [
    "#!/bin/sh",
    `if [ "$1" = status ]; then echo "fatal: sha1 file '.git/index.lock' write error. Out of diskspace" >&2; exit 128; fi`,
    `exec '${realGit()}' "$@"`,
    "",
  ].join("\n"));
  chmodSync(join(bin, "git"), 0o755);
  const full = coded(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000, { PATH: `${bin}${delimiter}${process.env["PATH"] ?? ""}` }), "IO_ERROR");
  expect(full.error?.message).toMatch(/^git status --porcelain=v1 -z failed: fatal: sha1 file '.*index\.lock' write error\. Out of diskspace: ENOSPC: the disk is full; free some space, then run the command again/);
  expect(full.error?.hint).toBe(`df -h -- ${repo}`);
  expect(full.error?.details?.errno).toBe("ENOSPC");
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000));
  expect(finish.ok).toBe(true);
  expect(finish.data.attribution.charged).toEqual(["src/a.ts"]);
}, 120_000);

test("exo gc --apply while a session starts (between its start snapshot and its record, 1 run in 12 with gc in a loop): the snapshot, seconds old, is kept, so the finish does not charge the files dirty at the start to the session (before: gc removed every orphan whatever its age, and the finish charged a teammate's uncommitted file, out of scope, to the session)", async () => {
  const repo = await repoWithTicket();
  mkdirSync(join(repo, "other"), { recursive: true });
  writeFileSync(join(repo, "other/wip.txt"), "someone's work in progress\n");
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const id = envelope(start).data.session.id as string;
  // The state a start in progress leaves between its two writes: the snapshot, and no record yet.
  const record = join(repo, `.exo/sessions/${id}.json`);
  const held = readFileSync(record);
  rmSync(record);
  const gc = envelope(await bounded(repo, ["gc", "--apply"], 20_000));
  expect(gc.data.categories.session_files.paths).toEqual([]);
  writeFileSync(record, held);
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000));
  expect(finish.ok).toBe(true);
  expect(finish.data.attribution).toMatchObject({ charged: ["src/a.ts"], excluded_preexisting: ["other/wip.txt"] });
  expect(finish.data.drift.out_of_scope).toEqual([]);
  // An orphan an hour old (a start killed there) is still collected.
  const orphan = join(repo, ".exo/sessions/SES-20261124-090000-ZZZZZZ.dirty");
  writeFileSync(orphan, "{}\n");
  const hourAgo = new Date(Date.now() - 3_700_000);
  utimesSync(orphan, hourAgo, hourAgo);
  expect(envelope(await bounded(repo, ["gc", "--apply"], 20_000)).data.categories.session_files.paths).toEqual([".exo/sessions/SES-20261124-090000-ZZZZZZ.dirty"]);
  expect(existsSync(orphan)).toBe(false);
}, 120_000);

test("exo gc with a named pipe at a memento (a sync tool, a hand): gc answers at once and leaves the pipe alone (before: gc read it to find its finished_at and waited for a writer for ever, --apply too)", async () => {
  const repo = await repoWithTicket();
  mkdirSync(join(repo, ".exo/mementos/T1"), { recursive: true });
  pipeAt(repo, ".exo/mementos/T1/SES-20261124-090000-ZZZZZZ.md");
  for (const args of [["gc"], ["gc", "--apply"]]) {
    const run = await bounded(repo, args, 15_000);
    expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(0);
    expect(envelope(run).data.categories.mementos.paths).toEqual([]);
  }
  expect(lstatSync(join(repo, ".exo/mementos/T1/SES-20261124-090000-ZZZZZZ.md")).isFIFO()).toBe(true);
}, 60_000);

test("exo gc --apply with another ticket's memento copied into a ticket's folder (a sync tool) and committed: the ticket's own last memento is kept, so its next start still gets its previous session (before: the copy, newer, was ranked as the ticket's newest, and gc removed and committed the removal of the ticket's only memento)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["ticket-create", "other", "--id", "T2", "--scope-allow", "lib/**"], 15_000)).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "T2");
  for (const t of ["T1", "T2"]) {
    expect(envelope(await bounded(repo, ["session-start", "--ticket-id", t, "--actor", "agent:a"], 15_000)).ok).toBe(true);
    expect(envelope(await bounded(repo, ["session-finish", "--summary", `work on ${t}`, "--actor", "agent:a"], 20_000)).ok).toBe(true);
  }
  const own = readdirSync(join(repo, ".exo/mementos/T1"))[0] as string;
  const copy = readdirSync(join(repo, ".exo/mementos/T2"))[0] as string;
  cpSync(join(repo, ".exo/mementos/T2", copy), join(repo, ".exo/mementos/T1", copy));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "sync");
  // A year on: both mementos are past gc.memento_max_age_days (180).
  const later = { EXO_NOW: new Date(Date.now() + 365 * 86_400_000).toISOString() };
  const gc = envelope(await bounded(repo, ["gc", "--apply"], 20_000, later));
  expect(gc.ok).toBe(true);
  expect(gc.data.categories.mementos.paths).toEqual([]);
  expect(existsSync(join(repo, ".exo/mementos/T1", own))).toBe(true);
  expect(git(repo, "ls-files", "--", `.exo/mementos/T1/${own}`).trim()).toBe(`.exo/mementos/T1/${own}`);
  const start = envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000));
  expect(start.data.bootstrap).toContain("work on T1");
}, 120_000);

test("a sparse checkout (--no-cone) that leaves out .exo/mementos/ while nothing is committed there yet: doctor's scaffold section names the folder and the git sparse-checkout add that lets exo's commits take its mementos, and after it the next finish commits them (before: every auto-commit failed on git's first line, the memento left untracked, and doctor passed)", async () => {
  const repo = await repoWithTicket();
  git(repo, "sparse-checkout", "set", "--no-cone", "/*", "!/.exo/mementos/");
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const first = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000));
  expect(first.ok).toBe(true);
  const memento = `.exo/mementos/T1/${first.data.session as string}.md`;
  const check = await bounded(repo, ["doctor", "--section", "scaffold"], 20_000);
  const scaffold = section(check, "scaffold");
  expect(scaffold?.status, check.stdout).toBe("fail");
  expect(scaffold?.message).toContain(`.exo/mementos/ is outside this checkout's sparse-checkout patterns: git add refuses what exo writes there (1 file: ${memento})`);
  expect(scaffold?.hint).toBe("git sparse-checkout add /.exo/mementos/");
  pasted(repo, scaffold?.hint ?? "false");
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const again = envelope(await bounded(repo, ["session-finish", "--summary", "more", "--actor", "agent:a"], 20_000));
  expect(again.ok).toBe(true);
  expect(again.warnings ?? []).toEqual([]);
  expect(git(repo, "ls-files", "--", memento).trim()).toBe(memento);
  expect(git(repo, "status", "--porcelain", "--", ".exo").trim()).toBe("");
  expect(section(await bounded(repo, ["doctor", "--section", "scaffold"], 20_000), "scaffold")?.status).toBe("pass");
}, 120_000);

test("a learning a crash zeroed before it was committed, or one garbled by hand: doctor's state section names each, with git's copy or exo reflect as the way back (before: bootstraps and exo reflections left it out without a word, and doctor passed)", async () => {
  const repo = await repoWithTicket();
  const learn = async (pattern: string) => envelope(await bounded(repo, ["reflect", "--pattern", pattern, "--insight", "run vitest run", "--severity", "high"], 15_000)).data.learning.id as string;
  const kept = await learn("vitest watch mode hangs in CI");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "learning");
  const fresh = await learn("the seed data is stale");
  const zeroed = `.exo/learnings/${fresh}.yaml`;
  const garbled = `.exo/learnings/${kept}.yaml`;
  writeFileSync(join(repo, zeroed), "\0".repeat(200));
  writeFileSync(join(repo, garbled), "pattern: [\n");
  expect(envelope(await bounded(repo, ["reflections"], 15_000)).data.learnings).toEqual([]);
  const check = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  const state = section(check, "state");
  expect(state?.status, check.stdout).toBe("warn");
  expect(state?.message).toContain(`${garbled} cannot be read as a learning (not a learning exo wrote): bootstraps and exo reflections leave it out; restore git's copy (git checkout HEAD -- ${garbled})`);
  expect(state?.message).toContain(`${zeroed} cannot be read as a learning (NUL bytes only: a crash zeroed it): bootstraps and exo reflections leave it out; git has no copy: remove it (rm -- ${zeroed}) and record it again with exo reflect`);
  pasted(repo, `git checkout HEAD -- ${garbled} && rm -- ${zeroed}`);
  expect(section(await bounded(repo, ["doctor", "--section", "state"], 20_000), "state")?.status).toBe("pass");
  expect(envelope(await bounded(repo, ["reflections"], 15_000)).data.learnings.map((l: { id: string }) => l.id)).toEqual([kept]);
}, 120_000);

test("exo worktree-create for a ticket whose branch a worktree made before still checks out (a second agent, a retry): INVALID_INPUT naming that worktree, hint the line that starts the session there, which works when pasted (before: GIT_FAILED quoting git, hint git status, which names neither)", async () => {
  const repo = await repoWithTicket();
  const first = envelope(await bounded(repo, ["worktree-create", "--ticket-id", "T1"], 20_000));
  expect(first.ok).toBe(true);
  const tree = first.data.path as string;
  onTestFinished(() => rmSync(tree, { recursive: true, force: true }));
  const again = coded(await bounded(repo, ["worktree-create", "--ticket-id", "T1", "--path", join(tree, "..", `${first.data.branch as string}-again`.replace("/", "-"))], 20_000), "INVALID_INPUT", 2);
  expect(again.error?.message).toBe(`The branch exo/T1 is checked out already in the worktree ${tree}, and git checks a branch out in one worktree at a time; work on T1 there (cd ${tree} && exo session-start --ticket-id T1), or remove that worktree first (exo worktree-remove --path ${tree}).`);
  expect(again.error?.hint).toBe(`cd ${tree} && exo session-start --ticket-id T1`);
  expect(pasted(repo, `${again.error?.hint ?? "false"} --actor agent:a --format json`)).toContain('"ok":true');
}, 120_000);

test("exo worktree-create for a ticket whose worktree folder was removed by hand (rm -rf, not git worktree remove): INVALID_INPUT saying the folder is gone, hint git worktree prune and the create again, which works when pasted (before: GIT_FAILED quoting git, hint git status)", async () => {
  const repo = await repoWithTicket();
  const first = envelope(await bounded(repo, ["worktree-create", "--ticket-id", "T1"], 20_000));
  const tree = first.data.path as string;
  onTestFinished(() => rmSync(tree, { recursive: true, force: true }));
  rmSync(tree, { recursive: true, force: true });
  const again = coded(await bounded(repo, ["worktree-create", "--ticket-id", "T1"], 20_000), "INVALID_INPUT", 2);
  expect(again.error?.message).toContain(`The branch exo/T1 is still checked out by the worktree ${tree}, whose folder is gone (removed without git worktree remove)`);
  expect(again.error?.hint).toBe("git worktree prune && exo worktree-create --ticket-id T1");
  pasted(repo, again.error?.hint ?? "false");
  expect(existsSync(join(tree, ".exo/tickets/T1.yaml"))).toBe(true);
}, 120_000);

test("exo worktree-remove of a worktree someone locked (git worktree lock, on a removable disk): INVALID_INPUT with git's lock reason and the unlock line, which works when pasted (before: GIT_FAILED quoting git, hint git status, which shows no lock)", async () => {
  const repo = await repoWithTicket();
  const tree = envelope(await bounded(repo, ["worktree-create", "--ticket-id", "T1"], 20_000)).data.path as string;
  onTestFinished(() => rmSync(tree, { recursive: true, force: true }));
  git(repo, "worktree", "lock", "--reason", "on the usb disk", tree);
  const locked = coded(await bounded(repo, ["worktree-remove", "--ticket-id", "T1"], 20_000), "INVALID_INPUT", 2);
  expect(locked.error?.message).toBe(`The worktree ${tree} is locked (git worktree lock: on the usb disk), so git keeps it; unlock it if it may go (git worktree unlock ${tree} && exo worktree-remove --path ${tree}).`);
  expect(existsSync(tree)).toBe(true);
  pasted(repo, locked.error?.hint ?? "false");
  expect(existsSync(tree)).toBe(false);
}, 120_000);

test("exo worktree-remove --ticket-id run inside that worktree: INVALID_INPUT saying so, hint the same line from the main checkout (before: 'No linked worktree of T1', beside the one it ran in); and any exo command in a folder removed under the shell is one coded line, not a stack trace", async () => {
  const repo = await repoWithTicket();
  const tree = envelope(await bounded(repo, ["worktree-create", "--ticket-id", "T1"], 20_000)).data.path as string;
  onTestFinished(() => rmSync(tree, { recursive: true, force: true }));
  const inside = coded(await bounded(tree, ["worktree-remove", "--ticket-id", "T1"], 20_000), "INVALID_INPUT", 2);
  expect(inside.error?.message).toBe(`This command runs in the worktree of T1 (${tree}) itself: removing it would take away the folder your shell works in; run it from the main checkout (cd ${repo} && exo worktree-remove --ticket-id T1).`);
  pasted(tree, inside.error?.hint ?? "false");
  expect(existsSync(tree)).toBe(false);
  // A shell still in it: every command answers one line.
  const gone = join(await tempDir(), "gone");
  mkdirSync(gone);
  const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn("sh", ["-c", `cd '${gone}' && rmdir '${gone}' && '${process.execPath}' '${EXO_BIN}' status --format json`]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toBe("");
  expect(JSON.parse(run.stdout).error).toMatchObject({ code: "IO_ERROR", message: "The current folder no longer exists (removed while this shell was in it); cd to your repository and run the command again." });
}, 120_000);

test("exo worktree-create --path inside the checkout while a session works there (a second agent): INVALID_INPUT, hint the default path outside, so the session is not charged with the worktree and its commit line adds no embedded repository (before: the worktree was made, the finish charged wt/ to the session out of scope and its commit line was git add -- … wt/)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["ticket-create", "other", "--id", "T2", "--scope-allow", "lib/**"], 15_000)).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "T2");
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T2", "--actor", "agent:b"], 15_000)).ok).toBe(true);
  mkdirSync(join(repo, "lib"), { recursive: true });
  writeFileSync(join(repo, "lib/b.ts"), "export const b = 1;\n");
  const refused = coded(await bounded(repo, ["worktree-create", "--ticket-id", "T1", "--path", "wt"], 20_000), "INVALID_INPUT", 2);
  expect(refused.error?.message).toContain("--path wt is inside this checkout, where git would show the new worktree as an untracked folder");
  expect(refused.error?.hint).toBe("exo worktree-create --ticket-id T1");
  expect(existsSync(join(repo, "wt"))).toBe(false);
  const made = JSON.parse(pasted(repo, `${refused.error?.hint ?? "false"} --format json`)) as { data: { path: string } };
  onTestFinished(() => rmSync(made.data.path, { recursive: true, force: true }));
  expect(made.data.path.startsWith(`${repo}/`)).toBe(false);
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:b"], 20_000));
  expect(finish.data.attribution.charged).toEqual(["lib/b.ts"]);
  expect(finish.data.drift.out_of_scope).toEqual([]);
  // Ignored by the repository, a worktree inside it is fine: git shows nothing of it.
  writeFileSync(join(repo, ".gitignore"), "/trees/\n");
  expect(envelope(await bounded(repo, ["worktree-create", "--ticket-id", "T2", "--path", "trees/t2"], 20_000)).ok).toBe(true);
}, 120_000);

test("exo gc --apply weeks after a ticket-close left uncommitted: exo status still names the close and its commit line (before: gc removed the mark status reads as an old cache file, and status said nothing of the uncommitted close)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["ticket-close", "T1"], 15_000)).ok).toBe(true);
  const mark = join(repo, ".exo/cache/ticket-commit-pending");
  expect(existsSync(mark)).toBe(true);
  const old = new Date("2020-01-01T00:00:00Z");
  utimesSync(mark, old, old);
  const gc = envelope(await bounded(repo, ["gc", "--apply"], 20_000));
  expect(gc.data.categories.cache.paths).not.toContain(".exo/cache/ticket-commit-pending");
  const status = await bounded(repo, ["status", "--format", "human"], 15_000);
  expect(status.stdout).toContain("the close of T1 is not committed");
}, 60_000);
