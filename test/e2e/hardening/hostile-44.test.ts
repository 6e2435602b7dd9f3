// Round 44 of hostile state and races: a history rewritten and pruned under a live session, and
// the ticket merge driver given a side that is no file (see docs/hardening.md). Each case failed
// before its fix.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, coded, envelope, git } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

const NO_TRACE = /\n\s+at .*\.c?js:\d+/;

test("a finish after the history was rewritten and pruned under the session (git filter-branch purging a secret, then git gc): the session's commits, as the rewrite made them, are charged and none older (before: GIT_FAILED \"Invalid revision range <start>..HEAD\", hint git status, on every finish, doctor passing)", async () => {
  const repo = await repoWithTicket();
  mkdirSync(join(repo, "lib"));
  writeFileSync(join(repo, "lib/old.txt"), "before the session\n");
  git(repo, "add", "lib");
  git(repo, "commit", "-q", "-m", "lib before the session");
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  await new Promise((r) => setTimeout(r, 1100)); // the session's commits a second after its start
  mkdirSync(join(repo, "src"));
  writeFileSync(join(repo, "src/a.txt"), "work\n");
  git(repo, "add", "--all");
  git(repo, "commit", "-q", "-m", "work");
  // Every commit rewritten (its message; a purge rewrites the tree the same way), the old ones pruned.
  git(repo, "-c", "advice.filterBranch=false", "filter-branch", "-f", "--msg-filter", "cat; echo; echo rewritten", "--", "--all");
  rmSync(join(repo, ".git/refs/original"), { recursive: true, force: true });
  git(repo, "reflog", "expire", "--expire=now", "--all");
  git(repo, "gc", "-q", "--prune=now");
  writeFileSync(join(repo, "src/b.txt"), "more\n");
  const run = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_TRACE);
  const finish = envelope(run);
  expect(finish.ok, run.stdout).toBe(true);
  expect(finish.data.commits).toEqual([git(repo, "rev-parse", "HEAD~1").trim()]);
  expect(finish.data.drift).toMatchObject({ changed: 2, in_scope: 2, out_of_scope: [] });
}, 90_000);

test("exo merge-ticket given a side that is no file (git's temporary file removed by a temp cleaner, a folder, the driver run by hand): IO_ERROR naming the side and its errno, hint git mergetool, ours untouched (before: INTERNAL, \"ENOENT: no such file or directory\")", async () => {
  const repo = await repoWithTicket();
  const ticket = join(repo, ".exo/tickets/T1.yaml");
  const [base, ours, theirs] = ["b", "o", "t"].map((s) => join(repo, `.merge_file_${s}XXXXX`)) as [string, string, string];
  copyFileSync(ticket, base);
  copyFileSync(ticket, ours);
  for (const [what, errno] of [["gone", "ENOENT"], ["folder", "EISDIR"]] as const) {
    if (what === "folder") mkdirSync(theirs);
    const run = await bounded(repo, ["merge-ticket", base, ours, theirs, ".exo/tickets/T1.yaml"], 15_000);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(NO_TRACE);
    const error = coded(run, "IO_ERROR").error;
    expect(error?.message, what).toBe(`.exo/tickets/T1.yaml (theirs): git's temporary file .merge_file_tXXXXX cannot be read (${errno}); merge-ticket merges the files git gives it as the exo-ticket merge driver: resolve this merge by hand.`);
    expect(error?.hint).toBe("git mergetool");
    expect(readFileSync(ours, "utf8")).toBe(readFileSync(ticket, "utf8"));
  }
}, 60_000);
