// Round 40 of hostile state and races: a session's record and a lock made symlinks, a closed claim zeroed,
// exo's records ignored or filtered by the repository's own rules, and more (see docs/hardening.md).
// Each case failed before its fix.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, coded, envelope, exo, git, pasted, tempDir, tempRepo } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

type Section = { name: string; status: string; message: string; hint: string | null; fixable: boolean; details: Record<string, unknown> };
const section = (run: { stdout: string }, name: string) => (envelope(run as never).data.sections as Section[]).find((s) => s.name === name);

test("a session's record moved outside the repository and linked back (by hand, a sync tool keeping it elsewhere): the finish refuses it, STATE_CORRUPT, doctor's state section names the link, and --fix sets it aside (its target left alone) and frees the ticket (before: exo read the session's ticket, token and folder through the link, and doctor passed)", async () => {
  const repo = await repoWithTicket();
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const id = envelope(start).data.session.id as string;
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const outside = join(await tempDir(), `${id}.json`);
  const file = join(repo, `.exo/sessions/${id}.json`);
  renameSync(file, outside);
  symlinkSync(outside, file);
  const record = readFileSync(outside, "utf8");
  const refused = coded(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a", "--session-id", id], 20_000), "STATE_CORRUPT");
  expect(refused.error?.message).toContain(`.exo/sessions/${id}.json is unreadable (a symlink to ${outside}, where exo writes the file itself)`);
  const bare = coded(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000), "NO_ACTIVE_SESSION");
  expect(bare.error?.message).toContain(`.exo/sessions/${id}.json cannot be read`);
  const check = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  expect(section(check, "state")?.message, check.stdout).toContain(`.exo/sessions/${id}.json (a symlink to ${outside}, where exo writes the file itself)`);
  pasted(repo, "exo doctor --fix --section state --actor agent:a");
  expect(lstatSync(file, { throwIfNoEntry: false })).toBeUndefined();
  expect(readFileSync(outside, "utf8")).toBe(record);
  expect(existsSync(join(repo, ".exo/locks/T1.json")) ? JSON.parse(readFileSync(join(repo, ".exo/locks/T1.json"), "utf8")).state : "released").toBe("released");
  expect(readFileSync(join(repo, "src/a.ts"), "utf8")).toBe("export const a = 1;\n");
  const again = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  expect(envelope(again).ok, again.stdout).toBe(true);
}, 120_000);

test("a ticket's lock moved outside the repository and linked back (by hand, a sync tool): the finish refuses it, STATE_CORRUPT, doctor's state section names the link, and --fix sets it aside (its target left alone) and rebuilds the lock for the open session, whose finish then passes (before: exo read who held the ticket, and its token, through the link, and doctor passed)", async () => {
  const repo = await repoWithTicket();
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const id = envelope(start).data.session.id as string;
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const outside = join(await tempDir(), "T1.json");
  const file = join(repo, ".exo/locks/T1.json");
  renameSync(file, outside);
  symlinkSync(outside, file);
  const held = readFileSync(outside, "utf8");
  const refused = coded(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000), "STATE_CORRUPT");
  expect(refused.error?.message).toContain(`.exo/locks/T1.json of T1 is unreadable (a symlink to ${outside}, where exo writes the file itself)`);
  expect(refused.error?.hint).toBe("exo doctor --fix --actor agent:a");
  const check = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  expect(section(check, "state")?.message, check.stdout).toContain(`.exo/locks/T1.json (a symlink to ${outside}, where exo writes the file itself)`);
  const fixed = await bounded(repo, ["doctor", "--fix", "--section", "state", "--actor", "agent:a"], 20_000);
  expect(section(fixed, "state")?.status, fixed.stdout).toBe("pass");
  expect(JSON.stringify(envelope(fixed).data.fixed)).toContain(`rebuilt the lock of T1 as held by its open session ${id}`);
  expect(lstatSync(file).isFile()).toBe(true);
  expect(readFileSync(outside, "utf8")).toBe(held);
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(envelope(finish).data.attribution.charged).toEqual(["src/a.ts"]);
}, 120_000);

test("a closed session's claim in a shared checkout zeroed (a sync tool, a hand): the sibling's finish refuses it, STATE_CORRUPT, doctor's state section names it, and --fix rebuilds it from the ledger, so the sibling is not charged with the closed session's files (before: the claim was passed over, the sibling was charged with them, out of its scope, and doctor passed)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["ticket-create", "other", "--id", "T2", "--scope-allow", "lib/**"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T2", "--actor", "agent:b"], 15_000)).ok).toBe(true);
  mkdirSync(join(repo, "src"), { recursive: true });
  mkdirSync(join(repo, "lib"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const first = await bounded(repo, ["session-finish", "--summary", "a's work", "--actor", "agent:a"], 20_000);
  expect(envelope(first).data.attribution.charged, first.stdout).toEqual(["src/a.ts"]);
  const closed = readdirSync(join(repo, ".exo/sessions")).find((n) => n.endsWith(".closed")) as string;
  const claim = join(repo, ".exo/sessions", closed);
  writeFileSync(claim, "\0".repeat(180));
  writeFileSync(join(repo, "lib/b.ts"), "export const b = 1;\n");
  const refused = coded(await bounded(repo, ["session-finish", "--summary", "b's work", "--actor", "agent:b"], 20_000), "STATE_CORRUPT");
  expect(refused.error?.message).toContain(`.exo/sessions/${closed}, the claim ${closed.slice(0, -7)} left on the files it wrote in a shared checkout, cannot be read (NUL bytes only: a crash zeroed it)`);
  expect(refused.error?.hint).toBe("exo doctor --fix --section state --actor agent:b");
  const check = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  expect(section(check, "state")?.message, check.stdout).toContain(`.exo/sessions/${closed} (the claim of closed session ${closed.slice(0, -7)} cannot be read: NUL bytes only: a crash zeroed it)`);
  pasted(repo, refused.error?.hint ?? "false");
  expect(JSON.parse(readFileSync(claim, "utf8")).files).toEqual({ "src/a.ts": expect.any(String) });
  const finish = await bounded(repo, ["session-finish", "--summary", "b's work", "--actor", "agent:b"], 20_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(envelope(finish).data.attribution.charged).toEqual(["lib/b.ts"]);
  expect(envelope(finish).data.drift.out_of_scope).toEqual([]);
}, 120_000);

test("a repository whose own .gitignore takes in exo's ledger (*.jsonl): the finish commits the rest and names the ledger segment with the rule and the two lines that let it in, and after them the next finish commits it (before: every auto-commit failed on git's first line, 'the files stay for your next commit', which failed the same, the memento and ticket left staged)", async () => {
  const repo = await tempRepo({ ".gitignore": "*.jsonl\n" });
  expect(envelope(await exo(repo, "init")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "exo init");
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000));
  expect(finish.ok).toBe(true);
  expect(finish.data.auto_commit).toMatch(/^[0-9a-f]{40}$/);
  const segment = readdirSync(join(repo, ".exo/ledger")).find((n) => n.endsWith(".jsonl")) as string;
  const warning = finish.warnings?.find((w) => w.code === "AUTO_COMMIT_FAILED")?.message;
  expect(warning).toBe(`exo did not commit .exo/ledger/${segment}: git ignores it by the rule *.jsonl (.gitignore:1), so it never reaches the team's clones; add the lines !/.exo/ and !/.exo/** below it in .gitignore (exo's own .exo/.gitignore still keeps its machine-local folders out) and commit; exo's next commit takes it`);
  // The rest is committed, nothing left staged; the segment waits, ignored.
  expect(git(repo, "status", "--porcelain", "--ignored", "--", ".exo/ledger", ".exo/mementos", ".exo/tickets").trim()).toBe("!! .exo/ledger/");
  writeFileSync(join(repo, ".gitignore"), "*.jsonl\n!/.exo/\n!/.exo/**\n");
  git(repo, "commit", "-qam", "let exo's records in");
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const again = envelope(await bounded(repo, ["session-finish", "--summary", "more", "--actor", "agent:a"], 20_000));
  expect(again.ok).toBe(true);
  expect(again.warnings ?? []).toEqual([]);
  expect(git(repo, "ls-files", "--", ".exo/ledger").trim()).toBe(`.exo/ledger/${segment}`);
  expect(git(repo, "status", "--porcelain", "--", ".exo").trim()).toBe("");
}, 120_000);

test("exo install in a repository whose own .gitignore takes in exo's ledger (*.jsonl) or .exo/ itself: the install warns, naming what it left out, the rule and the two lines that let it in (before: it committed the rest and said nothing, and the ledger never reached the team)", async () => {
  for (const rule of ["*.jsonl", ".exo/"]) {
    const repo = await tempRepo({ ".gitignore": `${rule}\n` });
    const run = envelope(await bounded(repo, ["install", "--harness", "git"], 60_000));
    expect(run.ok, JSON.stringify(run.error)).toBe(true);
    const segment = readdirSync(join(repo, ".exo/ledger")).find((n) => n.endsWith(".jsonl")) as string;
    const what = rule === ".exo/" ? ".exo/" : `.exo/ledger/${segment}`;
    expect(run.warnings?.find((w) => w.code === "AUTO_COMMIT_FAILED")?.message).toBe(`exo did not commit ${what}: git ignores it by the rule ${rule} (.gitignore:1), so it never reaches the team's clones; add the lines !/.exo/ and !/.exo/** below it in .gitignore (exo's own .exo/.gitignore still keeps its machine-local folders out) and commit; exo's next commit takes it`);
  }
}, 180_000);

test("a repository whose .gitattributes puts *.jsonl through a filter (git-lfs, as data projects do): exo's own .exo/.gitattributes unsets it, so the ledger is committed byte for byte and verifies after a finish (before: git committed the filter's output, and ledger-verify failed, 'line 1 differs from the committed record')", async () => {
  const repo = await tempRepo({ ".gitattributes": "*.jsonl filter=lfs diff=lfs merge=lfs -text\n" });
  // A filter that changes what git stores, as git-lfs stores a pointer in place of the file.
  git(repo, "config", "filter.lfs.clean", "sed s/^/stored:/");
  git(repo, "config", "filter.lfs.smudge", "sed s/^stored://");
  expect(envelope(await bounded(repo, ["install", "--harness", "git"], 60_000)).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000));
  expect(finish.data.auto_commit, JSON.stringify(finish)).toMatch(/^[0-9a-f]{40}$/);
  const segment = git(repo, "ls-files", "--", ".exo/ledger").trim();
  expect(git(repo, "show", `HEAD:${segment}`)).toBe(readFileSync(join(repo, segment), "utf8"));
  const verify = await bounded(repo, ["ledger-verify"], 20_000);
  expect(envelope(verify).ok, verify.stdout).toBe(true);
}, 120_000);

test("a start on a ticket whose lock is bound to a session whose file a crash zeroed: STATE_CORRUPT naming that file, nothing written, and after doctor --fix (which writes the record again from the ledger, round 45) the ticket is the live session's still (before: a second session started on the ticket under the other's lock, lock_owner agent:a for agent:b)", async () => {
  const repo = await repoWithTicket();
  const first = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const id = envelope(first).data.session.id as string;
  writeFileSync(join(repo, `.exo/sessions/${id}.json`), "\0".repeat(300));
  const before = readdirSync(join(repo, ".exo/sessions")).sort();
  const refused = coded(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000), "STATE_CORRUPT");
  expect(refused.error?.message).toBe(`T1 is locked by agent:a for session ${id}, whose file .exo/sessions/${id}.json cannot be read; a crash zeroed it; exo doctor --fix writes it again from the ledger (that session then goes on: pick another ticket) or, where it cannot, sets it aside and frees T1.`);
  expect(readdirSync(join(repo, ".exo/sessions")).sort()).toEqual(before);
  pasted(repo, refused.error?.hint ?? "false");
  const again = coded(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000), "TICKET_IN_USE");
  expect(again.error?.message).toBe(`agent:a works on T1 (session ${id}); pick another ticket.`);
  expect(JSON.parse(readFileSync(join(repo, `.exo/sessions/${id}.json`), "utf8")).lock_owner).toBe("agent:a");
}, 120_000);
