// doctor (tickets): ticket files whose git conflict markers were committed (a teammate without
// exo's merge driver concluded the merge with `git add -A && git commit`, and pushed it). git's
// copy holds the markers too, so `git checkout --` brings nothing back. When the markers came in a
// merge commit, its two parents hold the two sides: --fix merges them with exo's ticket merge
// (what the driver would have done) and leaves the result to commit.
import { lstatSync } from "node:fs";
import { join } from "node:path";
import { gitRaw } from "../io/git.js";
import type { Repo } from "../io/paths.js";
import { hasConflict } from "../kernel/conflict-markers.js";
import { readRegularTextSync } from "../io/read.js";

/**
 * The text of a ticket file that is a regular file of its own, or null. The files asked about are
 * the ones the ticket list could not read: a symlink a pull brought (to /dev/zero, a pipe) is
 * never read (before, doctor read /dev/zero into memory for seconds and a pipe for ever).
 */
function ownText(file: string): string | null {
  try {
    return lstatSync(file).isFile() ? readRegularTextSync(file) : null;
  } catch {
    return null;
  }
}

export interface CommittedMarkers {
  /** Repository-relative path. */
  file: string;
  /** The merge commit that brought the markers in, or null when none could be found. */
  merge: string | null;
}

/** Each of `files` whose working copy is git's copy at HEAD and holds conflict markers. */
export async function committedMarkers(repo: Repo, files: readonly string[]): Promise<CommittedMarkers[]> {
  const out: CommittedMarkers[] = [];
  for (const file of files) {
    const text = ownText(join(repo.root, file));
    if (text === null || !hasConflict(text)) continue;
    const head = await gitRaw(repo.root, ["--literal-pathspecs", "show", `HEAD:${file}`]);
    if (head.code !== 0 || head.stdout !== text) continue;
    out.push({ file, merge: await markerMerge(repo, file) });
  }
  return out;
}

/** The newest merge commit (of the last 50 touching `file`) whose copy has markers and whose two parents' copies have none. */
async function markerMerge(repo: Repo, file: string): Promise<string | null> {
  const list = await gitRaw(repo.root, ["--literal-pathspecs", "rev-list", "--parents", "-n", "50", "HEAD", "--", file]);
  if (list.code !== 0) return null;
  for (const line of list.stdout.split("\n").filter(Boolean)) {
    const [commit, ...parents] = line.split(" ");
    if (!commit || parents.length !== 2) continue;
    const copies = await Promise.all([commit, ...parents].map((c) => gitRaw(repo.root, ["--literal-pathspecs", "show", `${c}:${file}`])));
    const [mine, p1, p2] = copies;
    if (!mine || mine.code !== 0 || !hasConflict(mine.stdout)) continue;
    if (p1?.code === 0 && p2?.code === 0 && !hasConflict(p1.stdout) && !hasConflict(p2.stdout)) return commit;
  }
  return null;
}

/** --fix: merge the two sides of each marker merge with exo's ticket merge; the files rewritten. */
export async function resolveCommittedMarkers(repo: Repo, found: readonly CommittedMarkers[]): Promise<string[]> {
  const [{ parseTicket, formatTicket }, { mergeTickets }, { writeFileAtomic }] = await Promise.all([import("../stdlib/tickets/model.js"), import("../stdlib/tickets/merge.js"), import("../io/fs-atomic.js")]);
  const fixed: string[] = [];
  for (const { file, merge } of found) {
    if (!merge) continue;
    const parents = (await gitRaw(repo.root, ["rev-parse", `${merge}^1`, `${merge}^2`])).stdout.trim().split("\n");
    if (parents.length !== 2) continue;
    const base = (await gitRaw(repo.root, ["merge-base", parents[0] as string, parents[1] as string])).stdout.trim();
    const side = async (c: string) => {
      const r = await gitRaw(repo.root, ["--literal-pathspecs", "show", `${c}:${file}`]);
      return r.code === 0 ? parseTicket(r.stdout, file).value : null;
    };
    const [ours, theirs, ancestor] = await Promise.all([side(parents[0] as string), side(parents[1] as string), base ? side(base) : Promise.resolve(null)]);
    if (!ours || !theirs || ours.id !== theirs.id) continue;
    // Still git's copy with the markers (no hand resolution started since the check).
    const now = ownText(join(repo.root, file));
    if (now === null || !hasConflict(now)) continue;
    await writeFileAtomic(join(repo.root, file), formatTicket(mergeTickets(ancestor, ours, theirs)));
    fixed.push(file);
  }
  return fixed;
}
