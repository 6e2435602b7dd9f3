// A new user's first hours and a small team's first day, thirty-sixth pass: exo session-start that
// claims a task itself (--ticket-id on a todo task, or --dispatch) in a clone with a remote prints
// the line that commits the claim, as exo next does, so a teammate's exo next does not hand out the
// same task; once pushed, the teammate's exo next and exo ready name who has it.
import { expect, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { teammate } from "../../helpers/team.js";

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
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const parent = envelope(await exo(alice, "ticket-show", "TICKET-001")).data.ticket.parent as string;
  expect((await exo(alice, "ticket-create", "second", "--parent", parent, "--id", "TICKET-002")).code).toBe(0);
  git(alice, "add", "-A");
  git(alice, "commit", "-qm", "second", "-m", "Exo-Generated: true");
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
