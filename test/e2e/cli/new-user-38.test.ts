// A new user's first hours and a small team's first day, thirty-eighth pass: a merge made during a
// session (git pull of a teammate's push) keeps its subject, the trailers below it. exo status and
// exo alone keep offering the commit of a claim a session started on, until HEAD holds it.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { teammate } from "../../helpers/team.js";

test("git pull of a teammate's push while your session is open: the merge commit's subject is git's 'Merge branch …' alone, its Exo-Session and Exo-Ticket below it as trailers (before: appended to the subject line, as git writes MERGE_MSG with no final newline, so git log --oneline read 'Merge branch … Exo-Session: SES-… Exo-Ticket: TICKET-001' and %(trailers) was empty)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n", "notes.txt": "notes\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  await writeFile(join(bob, "notes.txt"), "bob's notes\n");
  git(bob, "commit", "-qam", "bob's notes");
  git(bob, "push", "-q");
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(alice, "README.md"), "# app\n\nA first change.\n");
  git(alice, "commit", "-qam", "first change");
  git(alice, "pull", "-q", "--no-rebase", "--no-edit");
  expect(git(alice, "log", "-1", "--format=%s")).toBe(`Merge branch 'main' of ${alice}-remote\n`);
  expect(git(alice, "log", "-1", "--format=%(trailers:key=Exo-Ticket,valueonly)")).toBe("TICKET-001\n\n");
}, 90_000);

test("exo next, then exo session-start on the claim, in a clone with a remote: exo status and exo alone still offer the claim's commit line (JSON status.uncommitted), which pasted lets the teammate's exo next pass the task by; none once HEAD holds the claim (before: dropped at the start until finish, while the teammate's exo next handed out the same task and a pull of it stopped on the ticket file)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  const claim = envelope(await exo(alice, "next"));
  expect(claim.data.commit_command).toContain("'chore(exo): claim TICKET-001'");
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  const status = envelope(await exo(alice, "status"));
  expect(status.data.uncommitted?.next_command).toContain("&& git commit -m 'chore(exo): claim TICKET-001' -m 'Exo-Generated: true' -- ");
  expect(status.data.uncommitted?.next_reason).toBe("the claim is in this clone only: a teammate's exo next hands out TICKET-001 too until it is committed and pushed (exo next --distributed claims on the remote for every clone)");
  const home = (await exo(alice, { json: false, env: { COLUMNS: "200" } })).stdout;
  expect(home).toContain(`  ${status.data.uncommitted?.next_command as string}\n`);
  pasted(alice, status.data.uncommitted?.next_command as string);
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  const next = envelope(await exo(bob, "next"));
  expect(next.error?.message).toContain("TICKET-001 is claimed by human:test@example.invalid in another clone");
  // Committed: the session's own edits of the ticket (its branch) are finish's, not a claim to commit.
  expect(envelope(await exo(alice, "status")).data.uncommitted).toBeNull();
}, 90_000);
