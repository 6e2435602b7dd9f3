// A new user's first hours and a small team's first day, thirty-sixth pass: exo session-start that
// claims a task itself (--ticket-id on a todo task, or --dispatch) in a clone with a remote prints
// the line that commits the claim, as exo next does, and exo status and exo alone offer an exo next
// claim's line until its session starts, so a teammate's exo next does not hand out the same task;
// once pushed, the teammate's exo next and exo ready name who has it, a start's claim included. A
// handoff pulled onto your own claim says so; the README tour's --parent INT-001 names the intent
// meant; pr-check lists a session whose work is in no commit; doctor counts in words.
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { teammate } from "../../helpers/team.js";
import { exampleWithTwoTasks } from "../../helpers/tickets.js";

test("exo session-start --ticket-id on a todo task in a clone with a remote: a CLAIM_NOT_SHARED warning with the line that commits the claim (JSON commit_command, as exo next's); pasted and pushed, the teammate's exo next and exo ready name who has it (before: nothing until finish, and the teammate's exo next claimed the same task)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  const started = envelope(await exo(alice, "session-start", "--ticket-id", "TICKET-001"));
  expect(started.ok).toBe(true);
  expect(started.data.commit_command).toMatch(/^git add -- \S*\.exo\/ledger\/\S+ \.exo\/tickets\/TICKET-001\.yaml && git commit -m 'chore\(exo\): claim TICKET-001' -m 'Exo-Generated: true' -- /);
  expect(started.data.commit_reason).toContain("the claim is in this clone only: a teammate's exo next hands out TICKET-001 too");
  expect(started.warnings).toEqual([expect.objectContaining({ code: "CLAIM_NOT_SHARED" })]);
  expect(started.warnings?.[0]?.message).toContain(`commit it: ${started.data.commit_command as string}`);
  // Pasted (the session is open: the commit is the session's too) and pushed.
  pasted(alice, started.data.commit_command as string);
  expect(git(alice, "status", "--porcelain", "--", ".exo/tickets", ".exo/ledger")).toBe("");
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  // Bob's exo next passes the task by and says whose it is (before: "no task is todo" alone: the
  // claim came from a session start, which writes no dispatch.claimed record).
  const refused = envelope(await exo(bob, "next"));
  expect(refused.error?.code).toBe("NO_TICKET");
  expect(refused.error?.message).toContain("TICKET-001 is claimed by human:test@example.invalid in another clone");
  expect(refused.error?.details?.claimed_elsewhere).toEqual({ ticket: "TICKET-001", owner: "human:test@example.invalid" });
  // …and exo ready too (before: "status is active").
  expect(envelope(await exo(bob, "ready")).data.not_ready).toEqual([expect.objectContaining({ id: "TICKET-001", detail: "claimed by human:test@example.invalid in another clone" })]);
  // A reused start (the session already open) claims nothing: no line again.
  const reused = envelope(await exo(alice, "session-start", "--ticket-id", "TICKET-001"));
  expect(reused.data.reused).toBe(true);
  expect(reused.data.commit_command).toBeUndefined();
}, 90_000);

test("exo session-start --dispatch in a clone with a remote: the warning and commit_command name the claim it made, in text on stderr while stdout stays the bootstrap alone; with --distributed the lease tells every clone, no line", async () => {
  const alice = await exampleWithTwoTasks();
  teammate(alice);
  const text = await exo(alice, "session-start", "--dispatch", { json: false, env: { COLUMNS: "80" } });
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/^# exo session SES-/);
  expect(text.stdout).not.toContain("git add --");
  const line = /commit it: (git add -- .*)$/m.exec(text.stderr)?.[1];
  expect(line, text.stderr).toMatch(/'chore\(exo\): claim TICKET-001'/);
  pasted(alice, line as string);
  expect(git(alice, "status", "--porcelain", "--", ".exo/tickets", ".exo/ledger")).toBe("");
  // With a distributed lease the remote says it for every clone: no line.
  const leased = envelope(await exo(alice, "session-start", "--ticket-id", "TICKET-002", "--distributed", "--actor", "agent:claude"));
  expect(leased.ok, JSON.stringify(leased.error)).toBe(true);
  expect(leased.data.commit_command).toBeUndefined();
  expect((leased.warnings ?? []).map((w) => w.code)).not.toContain("CLAIM_NOT_SHARED");
}, 90_000);

test("a task a teammate's session-start claimed (committed by hand, pulled): exo next names who has it and exo ready says 'claimed by <actor> in another clone', as for an exo next claim (before: 'no task is todo' and 'status is active': a start writes no dispatch.claimed record)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001", "--actor", "agent:claude")).code).toBe(0);
  git(alice, "add", "-A", ".exo");
  git(alice, "commit", "-qm", "chore(exo): start TICKET-001", "-m", "Exo-Generated: true");
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  const refused = envelope(await exo(bob, "next"));
  expect(refused.error?.code).toBe("NO_TICKET");
  expect(refused.error?.message).toContain("TICKET-001 is claimed by agent:claude in another clone");
  expect(refused.error?.details?.claimed_elsewhere).toEqual({ ticket: "TICKET-001", owner: "agent:claude" });
  expect(envelope(await exo(bob, "ready")).data.not_ready).toEqual([expect.objectContaining({ id: "TICKET-001", status: "active", detail: "claimed by agent:claude in another clone" })]);
  expect((await exo(bob, "ready", { json: false, env: { COLUMNS: "80" } })).stdout).toContain("claimed by agent:claude in another clone");
}, 60_000);

test("the README tour's --parent INT-001 after exo install --example: TICKET_NOT_FOUND names the one intent there and the hint is the line typed with it, which works pasted; with several, they are named; with none, the hint creates INT-001 (before: 'parent INT-001 does not exist.' and 'exo tickets --all')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.parent as string;
  const refused = await exo(repo, "ticket-create", "signup form", "--parent", "INT-001", "--id", "TICKET-002", { json: false });
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain(`error: parent INT-001 does not exist; did you mean the intent ${intent} ("Example: a first governed change")? [TICKET_NOT_FOUND]\n`);
  const hint = /^hint: (.*)$/m.exec(refused.stderr)?.[1] as string;
  expect(hint).toBe(`exo ticket-create 'signup form' --parent ${intent} --id TICKET-002`);
  pasted(repo, hint);
  expect(envelope(await exo(repo, "ticket-show", "TICKET-002")).data.ticket.parent).toBe(intent);
  // Two intents: both named, with their titles; the hint lists them all.
  expect((await exo(repo, "intent-create", "auth system", "--brain-dump", "login", "--id", "INT-002")).code).toBe(0);
  const two = envelope(await exo(repo, "ticket-update", "TICKET-002", "--parent", "INT-001"));
  expect(two.error?.code).toBe("TICKET_NOT_FOUND");
  expect(two.error?.message).toBe(`parent INT-001 does not exist; parents here: INT-002 ("auth system"), ${intent} ("Example: a first governed change").`);
  expect(two.error?.hint).toBe("exo intents");
  // No intent at all (plain install, as the tour): the hint creates the one typed.
  const bare = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(bare, "install")).code).toBe(0);
  const none = envelope(await exo(bare, "ticket-create", "signup form", "--parent", "INT-001"));
  expect(none.error?.message).toBe("parent INT-001 does not exist, and there is no intent yet: create it first.");
  expect(none.error?.hint).toBe('exo intent-create "Goal" --brain-dump "…" --id INT-001');
  pasted(bare, none.error?.hint as string);
  expect(envelope(await exo(bare, "ticket-show", "INT-001")).data.ticket.kind).toBe("intent");
}, 60_000);

test("a clone that claimed a task with exo next, then pulled a teammate's handoff of it to them: exo alone says who handed it from another clone and that their own claim holds the lock, exo ready that it waits for their start (before: 'was handed to you with its lock', and 'locked by <you> until …')", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  // Bob claims first, in his clone only; Alice starts the same task in hers and hands it to him.
  const claim = envelope(await exo(bob, "next")).data;
  expect(claim.ticket.id).toBe("TICKET-001");
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(alice, "README.md"), "# app\nhalf\n");
  const handed = envelope(await exo(alice, "session-handoff", "--to", "human:bob@example.invalid", "--summary", "half done"));
  expect(handed.ok, JSON.stringify(handed.error)).toBe(true);
  pasted(alice, (handed.data.next_command as string).replace('"…"', "'half'"));
  git(alice, "push", "-q");
  // Bob commits his claim as exo next said, then pulls: the merge driver keeps the handoff's pause.
  pasted(bob, claim.commit_command as string);
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  const home = (await exo(bob, { json: false, env: { COLUMNS: "80" } })).stdout.replace(/\s+/g, " ");
  expect(home).toContain("TICKET-001 was handed to you by human:test@example.invalid in another clone, and your own claim holds its lock: start a session on it");
  expect(home).not.toContain("with its lock");
  expect(envelope(await exo(bob, "ready")).data.not_ready).toEqual([expect.objectContaining({ id: "TICKET-001", status: "paused", detail: "handed to human:bob@example.invalid, who holds its lock: waits for their session-start" })]);
  // The start those lines give works, and takes the handoff.
  const started = envelope(await exo(bob, "session-start", "--ticket-id", "TICKET-001"));
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  expect(started.data.handoff?.from_actor).toBe("human:test@example.invalid");
}, 90_000);

test("exo pr-check on a branch whose session finished with its work left uncommitted: the session is listed (its finish commit names it) with the files no commit holds, in JSON (sessions[].uncommitted) and in text; once the work is committed as finish said, the note goes (before: 'Sessions:' left it out, and nothing said the work was missing)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  git(repo, "checkout", "-qb", "feat");
  expect((await exo(repo, "next")).code).toBe(0);
  const id = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session.id as string;
  await writeFile(join(repo, "README.md"), "# app\nmore\n");
  const finished = envelope(await exo(repo, "session-finish", "--summary", "first change"));
  expect(finished.ok, JSON.stringify(finished.error)).toBe(true);
  const report = envelope(await exo(repo, "pr-check", "--base", "main")).data;
  expect(report.sessions).toEqual([expect.objectContaining({ id, ticket: "TICKET-001", uncommitted: ["README.md"] })]);
  const text = (await exo(repo, "pr-check", "--base", "main", { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(text).toContain(`Sessions:\n  session ${id}`);
  expect(text.replace(/\s+/g, " ")).toContain(`${id} changed README.md, which no commit in this change holds: only its finish is here`);
  expect(text.split("\n").every((l) => l.length <= 80)).toBe(true);
  // Committed as finish's commit: line says: the session's work is in the change, no note.
  pasted(repo, (finished.data.commit_command as string).replace('"…"', "'first change'"));
  const after = envelope(await exo(repo, "pr-check", "--base", "main")).data;
  expect(after.sessions).toEqual([expect.objectContaining({ id })]);
  expect(after.sessions[0].uncommitted).toBeUndefined();
  expect(after.files.changed).toEqual(["README.md"]);
}, 60_000);

test("exo doctor counts in words: '1 orphan with no intent above', '1 committed exo file is deleted … restore it', '2 committed exo files are deleted … restore them' (before: '1 orphan(s)', '1 committed exo file(s) are deleted … restore them')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "loose", "--id", "T9")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "loose", "-m", "Exo-Generated: true");
  const section = async (name: string) => (envelope(await exo(repo, "doctor")).data.sections as { name: string; message: string }[]).find((s) => s.name === name)?.message;
  expect(await section("tickets")).toBe("1 orphan with no intent above (T9)");
  await rm(join(repo, ".exo", "tickets", "T9.yaml"));
  expect(await section("git_tracking")).toBe("1 committed exo file is deleted from the work tree: .exo/tickets/T9.yaml; restore it from git (or commit the removal if you meant it)");
  await rm(join(repo, ".exo", "tickets", "TICKET-001.yaml"));
  expect(await section("git_tracking")).toMatch(/^2 committed exo files are deleted from the work tree: .*; restore them from git/);
  const text = (await exo(repo, "doctor", { json: false, env: { COLUMNS: "200" } })).stdout;
  expect(text).not.toMatch(/[a-z]\(s\)/);
}, 60_000);

test("a claim by exo next in a clone with a remote, its line scrolled away: exo status and exo alone offer the claim's commit line until a session starts on it or it is committed (JSON status.uncommitted); none without a remote (before: offered nowhere after exo next, and a teammate's pull of a change of that ticket stopped on it)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  expect((await exo(alice, "next")).code).toBe(0);
  expect(envelope(await exo(alice, "status")).data.uncommitted).toBeNull();
  expect((await exo(alice, "lease-release", "--ticket-id", "TICKET-001")).code).toBe(0);
  teammate(alice);
  const claimed = envelope(await exo(alice, "next")).data;
  const status = envelope(await exo(alice, "status")).data;
  expect(status.uncommitted).toEqual({ next_command: claimed.commit_command, next_reason: claimed.commit_reason });
  const home = (await exo(alice, { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(home).toContain(`  ${claimed.commit_command as string}\n`);
  expect((await exo(alice, "status", { json: false, env: { COLUMNS: "80" } })).stdout).toContain(`  ${claimed.commit_command as string}\n`);
  pasted(alice, status.uncommitted.next_command as string);
  expect(git(alice, "status", "--porcelain", "--", ".exo/tickets", ".exo/ledger")).toBe("");
  expect(envelope(await exo(alice, "status")).data.uncommitted).toBeNull();
}, 60_000);
