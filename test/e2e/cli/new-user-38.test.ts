// A new user's first hours and a small team's first day, thirty-eighth pass: a merge made during a
// session (git pull of a teammate's push) keeps its subject, the trailers below it.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { exo, git, tempRepo } from "../../helpers/repo.js";
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
