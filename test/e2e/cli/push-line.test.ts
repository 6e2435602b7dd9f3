// The push line finish (push_command) and a handoff to a teammate (next_command) give: `git push`
// where the branch has an upstream in git's configuration, `git push -u <remote> HEAD` on a branch
// that has none yet. Read from the git config listing exo keeps, so the line follows a `git push
// -u` pasted a moment before.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { teammate } from "../../helpers/team.js";
import { exampleWithTwoTasks } from "../../helpers/tickets.js";

test("exo session-finish on a new branch with no upstream: push 'git push -u origin HEAD', which pasted publishes it; the next finish on that branch says 'git push' (the listing exo keeps follows the config git push -u wrote)", async () => {
  const alice = await exampleWithTwoTasks();
  const { bare } = teammate(alice);
  git(alice, "checkout", "-q", "-b", "feature");
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(alice, "README.md"), "# app\n\nA first change.\n");
  git(alice, "commit", "-qam", "first change");
  const first = envelope(await exo(alice, "session-finish", "--summary", "first change"));
  expect(first.ok).toBe(true);
  expect(first.data.push_command).toBe("git push -u origin HEAD");
  pasted(alice, first.data.push_command as string);
  expect(git(bare, "rev-parse", "refs/heads/feature").trim()).toBe(git(alice, "rev-parse", "HEAD").trim());
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-002")).code).toBe(0);
  const second = envelope(await exo(alice, "session-finish", "--summary", "nothing changed"));
  expect(second.data.push_command).toBe("git push");
  pasted(alice, "git push -q");
  expect(git(bare, "rev-parse", "refs/heads/feature").trim()).toBe(git(alice, "rev-parse", "HEAD").trim());
}, 120_000);

test("a handoff to a teammate from a branch with no upstream: next_command 'git push -u origin HEAD' (the first remote), and on main, which tracks origin, 'git push'", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  teammate(alice);
  git(alice, "checkout", "-q", "-b", "topic");
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  const handed = envelope(await exo(alice, "session-handoff", "--to", "human:bob@example.invalid", "--summary", "over to bob"));
  expect(handed.ok, JSON.stringify(handed)).toBe(true);
  expect(handed.data.next_command).toBe("git push -u origin HEAD");
  git(alice, "checkout", "-q", "main");
  git(alice, "merge", "-q", "--ff-only", "topic");
  expect(envelope(await exo(alice, "ready")).data.next_command).toBe("git push");
}, 120_000);
