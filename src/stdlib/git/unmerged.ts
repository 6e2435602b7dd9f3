// Ticket files in an unresolved merge. When exo's ticket merge driver refuses the other side (an
// alias bomb, CRLF, a file that does not parse), git leaves the file with this clone's content and
// the conflict in its index. Handing that ticket out, or writing it (and then committing it, which
// marks the conflict resolved), would silently drop the teammate's side.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Repo } from "../../io/paths.js";

/** What git keeps in the git dir while a merge, cherry-pick, revert or rebase waits on conflicts (or an `edit`). */
const IN_PROGRESS: [string, Stopped][] = [["MERGE_HEAD", "merge"], ["CHERRY_PICK_HEAD", "cherry-pick"], ["REVERT_HEAD", "revert"], ["rebase-merge", "rebase"], ["rebase-apply", "rebase"]];
export type Stopped = "merge" | "cherry-pick" | "revert" | "rebase";

/** The git operation stopped in the worktree of `gitDir` (a few stats, no git process), or null. */
export function stoppedOperation(gitDir: string | null): Stopped | null {
  if (gitDir === null) return null;
  return IN_PROGRESS.find(([name]) => existsSync(join(gitDir, name)))?.[1] ?? null;
}

/** One answer per Repo object (one command; exo-mcp makes one per call), however many reads ask. */
const answers = new WeakMap<Repo, Promise<Set<string>>>();

/**
 * Ids of the ticket files with conflict stages in git's index. Nothing in progress (the usual
 * case) is answered from a few stats, without starting git.
 */
export function unmergedTickets(repo: Repo): Promise<Set<string>> {
  let answer = answers.get(repo);
  if (!answer) answers.set(repo, (answer = query(repo)));
  return answer;
}

async function query(repo: Repo): Promise<Set<string>> {
  if (stoppedOperation(repo.gitDir) === null) return new Set();
  const out = new Set<string>();
  for (const path of (await unmergedPaths(repo.root, `${repo.relative(repo.ticketsDir)}/`)) ?? []) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (name.endsWith(".yaml")) out.add(name.slice(0, -".yaml".length));
  }
  return out;
}

/**
 * The paths under `pathspec` (relative to `root`) with conflict stages in git's index, each once;
 * null when git could not answer. Unmerged entries can outlive a stopped operation (a `git stash
 * pop` that conflicted leaves no MERGE_HEAD), so this asks the index.
 */
export async function unmergedPaths(root: string, pathspec: string): Promise<string[] | null> {
  const { gitRaw } = await import("../../io/git.js");
  const result = await gitRaw(root, ["ls-files", "-u", "-z", "--", pathspec]).catch(() => null);
  if (!result || result.code !== 0) return null;
  // Each entry is "<mode> <sha> <stage>\t<path>"; a conflicted path has one entry per stage.
  return [...new Set(result.stdout.split("\0").filter((e) => e.includes("\t")).map((e) => e.slice(e.indexOf("\t") + 1)))];
}

/** The message for a ticket file in an unresolved merge, with what to run. */
export function unmergedMessage(file: string, cause?: string | null): string {
  // Git merged without exo's driver (not registered, its program gone, an attribute overriding it):
  // exo doctor --fix registers it and redoes the merge with it.
  if (cause) return `${file} is in an unresolved merge: ${cause}; run exo doctor --fix (it registers the driver and redoes this merge with it)`;
  return `${file} is in an unresolved merge (exo's merge driver could not join both sides); resolve it with git mergetool -- ${file}, then git add it`;
}

/** Why git merged tickets without exo's driver here (one sentence), or null when the driver was in effect. */
export async function unmergedCause(repo: Repo): Promise<string | null> {
  const { mergeDriverGap, describeGap } = await import("./merge-driver.js");
  const gap = await mergeDriverGap(repo).catch(() => null);
  return gap ? describeGap(gap) : null;
}
