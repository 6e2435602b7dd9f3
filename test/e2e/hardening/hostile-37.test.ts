// Round 37 of hostile state and races: a ticket zeroed under a suspended session, and more (see
// docs/hardening.md). Each case failed before its fix.
import { mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { bounded, coded, envelope, git, pasted } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

type Section = { name: string; status: string; message: string; hint: string | null; fixable: boolean; details: Record<string, unknown> };
const section = (run: { stdout: string }, name: string) => (envelope(run as never).data.sections as Section[]).find((s) => s.name === name);

test("a ticket file zeroed by a crash under a suspended session: exo doctor --fix --section tickets checks git's copy out and makes it paused again, as the suspend left it, and the resume and finish work (before: it came back as committed, todo, under the suspended session)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-suspend", "--reason", "lunch", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const ticket = join(repo, ".exo/tickets/T1.yaml");
  writeFileSync(ticket, Buffer.alloc(readFileSync(ticket).length));
  const check = await bounded(repo, ["doctor", "--section", "tickets"], 20_000);
  const hint = section(check, "tickets")?.hint ?? "";
  expect(hint, check.stdout).toBe("exo doctor --fix --section tickets");
  const fixed = pasted(repo, hint);
  expect(fixed).toContain("paused again for SES-");
  expect(envelope(await bounded(repo, ["ticket-show", "T1"], 15_000)).data.ticket.status).toBe("paused");
  const doctor = await bounded(repo, ["doctor"], 30_000);
  expect(section(doctor, "integrity")?.status, doctor.stdout).toBe("pass");
  expect(envelope(await bounded(repo, ["session-resume", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).data.valid).toBe(true);
}, 120_000);

test("a ticket file renamed by hand (mv, not git mv: a sync tool, a hand): ticket-show and doctor give the mv that puts it back, and pasted it works (before: git mv, which git refuses for a file it does not track: 'not under version control')", async () => {
  const repo = await repoWithTicket();
  renameSync(join(repo, ".exo/tickets/T1.yaml"), join(repo, ".exo/tickets/LOGIN-1.yaml"));
  const show = coded(await bounded(repo, ["ticket-show", "LOGIN-1"], 15_000), "TICKET_INVALID", 2);
  expect(show.error?.hint).toBe("mv -- .exo/tickets/LOGIN-1.yaml .exo/tickets/T1.yaml");
  const check = await bounded(repo, ["doctor", "--section", "tickets"], 20_000);
  const hint = section(check, "tickets")?.hint ?? "";
  expect(hint, check.stdout).toBe(show.error?.hint);
  pasted(repo, hint);
  expect(git(repo, "status", "--porcelain", "--", ".exo/tickets")).toBe("");
  expect(envelope(await bounded(repo, ["ticket-show", "T1"], 15_000)).data.ticket.id).toBe("T1");
}, 90_000);

test("the id inside a committed ticket edited by hand (T1.yaml now says id: T2, git has it as T1): the advice is to set the id back, with git diff to compare, not git mv, which renamed the ticket the team's locks and ledger name T1 (before: git mv .exo/tickets/T1.yaml .exo/tickets/T2.yaml)", async () => {
  const repo = await repoWithTicket();
  const file = join(repo, ".exo/tickets/T1.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace(/^id: T1$/m, "id: T2"));
  const show = coded(await bounded(repo, ["ticket-show", "T1"], 15_000), "TICKET_INVALID", 2);
  expect(show.error?.message).toContain("set id: T1 in .exo/tickets/T1.yaml again (git has it with id T1");
  expect(JSON.stringify(show.error)).not.toContain("git mv");
  const check = await bounded(repo, ["doctor"], 30_000);
  expect(section(check, "tickets")?.hint, check.stdout).toBe("git diff -- .exo/tickets/T1.yaml");
  expect(check.stdout).not.toContain("git mv");
}, 90_000);

test.each([
  ["a status exo does not know", (t: string) => t.replace(/^status: todo$/m, "status: doing")],
  ["its id edited", (t: string) => t.replace(/^id: T1$/m, "id: T2")],
])("a committed ticket hand-edited so that it no longer parses (%s): doctor's git_tracking does not offer git add .exo && git commit for it, which gave the team a ticket no exo reads; the tickets section names it (before: '1 committed exo file has uncommitted changes', hint git add .exo && git commit)", async (_what, edit) => {
  const repo = await repoWithTicket();
  const file = join(repo, ".exo/tickets/T1.yaml");
  writeFileSync(file, edit(readFileSync(file, "utf8")));
  const check = await bounded(repo, ["doctor"], 30_000);
  expect(section(check, "tickets")?.status, check.stdout).toBe("fail");
  expect(JSON.stringify(section(check, "git_tracking"))).not.toContain("tickets/T1.yaml");
  expect(envelope(check).error?.hint).not.toContain("git add");
}, 90_000);

test("a session's start snapshot zeroed by a crash (.exo/sessions/<SES>.dirty): the finish refuses it, STATE_CORRUPT, hint exo doctor --fix --section state, which rebuilds it from the files unchanged since the start, so the finish charges the session with its own work only (before: the finish charged every file dirty at the start to the session, an out-of-scope file among them, and doctor said nothing)", async () => {
  const repo = await repoWithTicket();
  mkdirSync(join(repo, "src"), { recursive: true });
  mkdirSync(join(repo, "lib"), { recursive: true });
  const past = new Date(Date.now() - 60_000);
  for (const f of ["lib/notes.ts", "src/pre.ts"]) {
    writeFileSync(join(repo, f), "before the session\n");
    utimesSync(join(repo, f), past, past);
  }
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const id = envelope(start).data.session.id as string;
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const snapshot = join(repo, `.exo/sessions/${id}.dirty`);
  writeFileSync(snapshot, Buffer.alloc(readFileSync(snapshot).length));
  const refused = coded(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000), "STATE_CORRUPT");
  expect(refused.error?.message).toContain("NUL bytes only");
  expect(refused.error?.hint).toBe("exo doctor --fix --section state --actor agent:a");
  const check = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  expect(section(check, "state")?.message, check.stdout).toContain(`${id}.dirty (the start snapshot cannot be read`);
  pasted(repo, refused.error?.hint ?? "false");
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(envelope(finish).data.attribution.charged).toEqual(["src/a.ts"]);
  expect(envelope(finish).data.drift.out_of_scope).toEqual([]);
}, 120_000);

/** Every byte of `file` made NUL, as a crash or a power cut leaves a file. */
function zeroed(file: string): void {
  writeFileSync(file, Buffer.alloc(readFileSync(file).length));
}

test("a committed memento zeroed by a crash: doctor's git_tracking names it, hint exo doctor --fix --section git_tracking, which restores git's copy; a finish meanwhile leaves it out of its commit (before: doctor said nothing, and the next finish committed the NUL bytes for the team)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000)).ok).toBe(true);
  const memento = git(repo, "ls-files", "--", ".exo/mementos").trim().split("\n")[0] ?? "";
  const whole = git(repo, "show", `HEAD:${memento}`);
  zeroed(join(repo, memento));
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000)).ok).toBe(true);
  const finish = await bounded(repo, ["session-finish", "--summary", "again", "--actor", "agent:b"], 20_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(JSON.stringify(envelope(finish).warnings ?? [])).toContain(`${memento}: NUL bytes only`);
  expect(git(repo, "show", `HEAD:${memento}`)).toBe(whole);
  const check = await bounded(repo, ["doctor"], 30_000);
  const tracking = section(check, "git_tracking");
  expect(tracking?.message, check.stdout).toContain(`${memento} is NUL bytes only`);
  expect(tracking?.hint).toBe("exo doctor --fix --section git_tracking");
  pasted(repo, tracking?.hint ?? "false");
  expect(readFileSync(join(repo, memento), "utf8")).toBe(whole);
  expect(section(await bounded(repo, ["doctor"], 30_000), "git_tracking")?.status).not.toBe("fail");
}, 120_000);

test(".exo/.gitattributes zeroed by a crash: doctor's scaffold section names it and --fix restores git's copy, with '* -text' and the ticket merge driver's line (before: --fix put '* -text' before the NUL bytes and said 'commit it', and git_tracking blamed an overriding attributes file)", async () => {
  const repo = await repoWithTicket();
  const file = join(repo, ".exo/.gitattributes");
  const whole = readFileSync(file, "utf8");
  zeroed(file);
  const check = await bounded(repo, ["doctor"], 30_000);
  expect(section(check, "scaffold")?.message, check.stdout).toContain(".exo/.gitattributes is NUL bytes only");
  expect(section(check, "git_tracking")?.message).not.toContain("overrides");
  pasted(repo, section(check, "scaffold")?.hint ?? "false");
  expect(readFileSync(file, "utf8")).toBe(whole);
  expect(git(repo, "status", "--porcelain", "--", ".exo/.gitattributes")).toBe("");
}, 90_000);

test.each([
  ["emptied", Buffer.alloc(0)],
  ["zeroed", Buffer.alloc(60)],
])("a linked worktree's .git file %s (a crash while git wrote it, a sync tool): NOT_A_GIT_REPO names the .git file, hint git worktree repair from the main repository, which writes it again (before: 'not inside a git work tree', hint git init, which git refuses there: 'invalid gitfile format')", async (_how, bytes) => {
  const repo = await repoWithTicket();
  const tree = `${repo}-37-tree`;
  onTestFinished(() => rmSync(tree, { recursive: true, force: true }));
  git(repo, "worktree", "add", "-q", tree);
  mkdirSync(join(tree, "src"), { recursive: true });
  writeFileSync(join(tree, ".git"), bytes);
  const refused = coded(await bounded(join(tree, "src"), ["status"], 15_000), "NOT_A_GIT_REPO", 2);
  expect(refused.error?.message).toContain(`${tree}/.git is a file that names no git folder`);
  expect(refused.error?.hint).toBe("git -C '<main repository>' worktree repair");
  pasted(repo, (refused.error?.hint ?? "false").replace("'<main repository>'", repo));
  expect(envelope(await bounded(tree, ["status"], 15_000)).ok).toBe(true);
}, 90_000);

test("the remote's bare repository moved away (a local or mounted path): a --distributed claim says the remote points where no repository is, hint git remote set-url, which with the new place makes the claim work (before: 'unavailable', hint git fetch, which fails the same way)", async () => {
  const repo = await repoWithTicket();
  const bare = `${repo}-37-remote.git`;
  const moved = `${repo}-37-moved.git`;
  onTestFinished(() => {
    for (const dir of [bare, moved]) rmSync(dir, { recursive: true, force: true });
  });
  git(repo, "init", "-q", "--bare", bare);
  git(repo, "remote", "add", "origin", bare);
  git(repo, "push", "-q", "origin", "HEAD");
  renameSync(bare, moved);
  const refused = coded(await bounded(repo, ["next", "--owner", "agent:a", "--distributed"], 30_000), "REMOTE_UNAVAILABLE");
  expect(refused.error?.message).toContain(`Remote origin points at ${bare}, where there is no git repository`);
  expect(refused.error?.hint).toBe("git remote set-url origin <url>");
  pasted(repo, (refused.error?.hint ?? "false").replace("<url>", moved));
  const claim = await bounded(repo, ["next", "--owner", "agent:a", "--distributed"], 30_000);
  expect(envelope(claim).ok, claim.stdout).toBe(true);
}, 90_000);

test("a suspended session's file zeroed by a crash: doctor --fix sets it aside and gives its ticket back to todo, with its work kept for the next session, so exo ready offers it again (before: the ticket stayed paused with no session and no lock, and exo ready called it 'suspended in SES-… in another clone', though the resume's own refusal promised --fix frees the ticket)", async () => {
  const repo = await repoWithTicket();
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const id = envelope(start).data.session.id as string;
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  expect(envelope(await bounded(repo, ["session-suspend", "--reason", "lunch", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  zeroed(join(repo, `.exo/sessions/${id}.json`));
  const resume = await bounded(repo, ["session-resume", "--actor", "agent:a"], 15_000);
  expect(envelope(resume).error?.message, resume.stdout).toContain("exo doctor --fix sets it aside and frees the ticket it holds");
  const fix = await bounded(repo, ["doctor", "--fix"], 60_000);
  expect(JSON.stringify(envelope(fix).data.fixed)).toContain(`set T1 back to todo (its suspended session ${id} is gone`);
  expect(envelope(await bounded(repo, ["ticket-show", "T1"], 15_000)).data.ticket.status).toBe("todo");
  const ready = envelope(await bounded(repo, ["ready"], 15_000));
  expect(ready.data.ready.map((r: { id: string }) => r.id)).toEqual(["T1"]);
  expect(JSON.stringify(ready.data)).not.toContain("another clone");
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).data.valid).toBe(true);
}, 120_000);

test("a suspended session's file removed by hand (rm): doctor's state section names it, and --fix gives its ticket back to todo, while a teammate's suspended session, pulled, is left alone (before: doctor said nothing, and the ticket stayed paused for good, 'suspended … in another clone')", async () => {
  const repo = await repoWithTicket();
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const id = envelope(start).data.session.id as string;
  expect(envelope(await bounded(repo, ["session-suspend", "--reason", "lunch", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  // A teammate's clone that pulled the suspend: its own ledger writer, the session not its own.
  const mate = `${repo}-37-mate`;
  onTestFinished(() => rmSync(mate, { recursive: true, force: true }));
  git(repo, "add", "-A", ".exo");
  git(repo, "commit", "-qm", "suspended", "--no-verify");
  git(repo, "clone", "-q", repo, mate);
  git(mate, "config", "user.email", "mate@example.invalid");
  expect(envelope(await bounded(mate, ["ticket-create", "other", "--id", "T9"], 15_000)).ok).toBe(true);
  expect(section(await bounded(mate, ["doctor", "--section", "state"], 20_000), "state")?.status).toBe("pass");
  rmSync(join(repo, `.exo/sessions/${id}.json`));
  // exo ready says so too (added by the lead at the merge; before: "in another clone" here, as in
  // the teammate's clone, where it is true).
  const notReady = (at: string) => bounded(at, ["ready"], 15_000).then((r) => (envelope(r).data.not_ready as { id: string; detail: string }[]).find((x) => x.id === "T1")?.detail);
  expect(await notReady(repo)).toBe(`suspended in ${id} (agent:a) in this clone, whose session file is gone or cannot be read: exo doctor --fix frees it`);
  expect(await notReady(mate)).toBe(`suspended in ${id} (agent:a) in another clone`);
  const check = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  expect(section(check, "state")?.message, check.stdout).toContain(`session ${id}, suspended on T1 in this clone, is gone`);
  pasted(repo, section(check, "state")?.hint ?? "false");
  expect(envelope(await bounded(repo, ["ticket-show", "T1"], 15_000)).data.ticket.status).toBe("todo");
  expect(envelope(await bounded(repo, ["ready"], 15_000)).data.ready.map((r: { id: string }) => r.id)).toEqual(["T1"]);
}, 120_000);

test("config.yaml hand-edited so that it no longer parses (a key twice, a hand merge): doctor's git_tracking does not offer git add .exo && git commit for it; the config section names it (before: '1 committed exo file has uncommitted changes', hint git add .exo && git commit)", async () => {
  const repo = await repoWithTicket();
  const file = join(repo, ".exo/config.yaml");
  writeFileSync(file, `${readFileSync(file, "utf8")}git:\n  auto_commit: false\n`);
  const check = await bounded(repo, ["doctor"], 30_000);
  expect(section(check, "config")?.message, check.stdout).toContain("Map keys must be unique");
  expect(JSON.stringify(section(check, "git_tracking") ?? {})).not.toContain("config.yaml");
}, 90_000);

test("git's index zeroed by a crash under a live session: the finish fails GIT_FAILED naming the corrupt index, hint exo doctor --fix --section git_index, which rebuilds it from HEAD keeping the work tree, and the finish then works; git_tracking does not call exo's files untracked (before: the hint was git status, which fails the same way, and doctor hinted git add .exo for 'not tracked' governance files)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  zeroed(join(repo, ".git/index"));
  const refused = coded(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000), "GIT_FAILED");
  expect(refused.error?.message).toContain("git's index (.git/index, the list of what is staged) is corrupt");
  expect(refused.error?.hint).toBe("exo doctor --fix --section git_index --actor agent:a");
  const check = await bounded(repo, ["doctor"], 30_000);
  expect(section(check, "git_index")?.status, check.stdout).toBe("fail");
  expect(section(check, "git_tracking")?.message).not.toContain("not tracked");
  pasted(repo, refused.error?.hint ?? "false");
  expect(git(repo, "status", "--porcelain", "--", "src")).toBe("?? src/\n");
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(envelope(finish).data.auto_commit).toMatch(/^[0-9a-f]{40}$/);
}, 120_000);

test.each(["the start's hint", "exo doctor --fix"])("the checked-out branch's ref file zeroed by a crash (git: 'your current branch appears to be broken'): session-start refuses, GIT_FAILED naming the ref and its reflog's last commit, doctor's git_tracking says the same, and %s points the branch there again, so the start works (before: the start began from no commit, start_commit null, and the finish's commit failed on the broken ref)", async (repair) => {
  const repo = await repoWithTicket();
  const head = git(repo, "rev-parse", "HEAD").trim();
  zeroed(join(repo, ".git/refs/heads/main"));
  const refused = coded(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000), "GIT_FAILED");
  expect(refused.error?.message).toContain(`git's refs/heads/main is broken`);
  expect(refused.error?.hint).toBe(`rm -- .git/refs/heads/main && git update-ref refs/heads/main ${head}`);
  const check = await bounded(repo, ["doctor", "--section", "git_tracking"], 20_000);
  expect(section(check, "git_tracking")?.message, check.stdout).toContain(`its reflog's last commit is ${head.slice(0, 12)}`);
  expect(section(check, "git_tracking")?.fixable).toBe(true);
  pasted(repo, repair === "exo doctor --fix" ? "exo doctor --fix --section git_tracking" : (refused.error?.hint ?? "false"));
  expect(git(repo, "rev-parse", "HEAD").trim()).toBe(head);
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  expect(envelope(start).data.session.start_commit, start.stdout).toBe(head);
}, 90_000);

test("the branch's ref zeroed under a live session: the finish records the session and its warning points at exo doctor --fix --section git_tracking, after which the next commit works (before: 'the files stay for your next commit', which failed the same way)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  zeroed(join(repo, ".git/refs/heads/main"));
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  const warning = (envelope(finish).warnings ?? []).find((w) => w.code === "AUTO_COMMIT_FAILED")?.message ?? "";
  expect(warning).toContain("once exo doctor --fix --section git_tracking has repaired the branch's ref");
  pasted(repo, "exo doctor --fix --section git_tracking");
  // The files waited for the next commit: it works now.
  git(repo, "add", "-A", ".exo");
  git(repo, "commit", "-qm", "exo state", "--no-verify");
  expect(git(repo, "status", "--porcelain", "--", ".exo/tickets", ".exo/mementos")).toBe("");
}, 90_000);
