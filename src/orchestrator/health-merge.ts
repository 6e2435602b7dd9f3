// doctor (git_tracking): exo's ticket merge driver in this clone. A fresh clone has no driver until
// an exo command registers it; a teammate who only edits tickets and pulls gets git's text merge
// (conflict markers in .exo/tickets/*.yaml). --fix registers it and redoes such merges with it.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gitRaw } from "../io/git.js";
import { hasConflict } from "../kernel/conflict-markers.js";
import type { Repo } from "../io/paths.js";
import { describeGap, mergeDriverGap, type MergeDriverGap } from "../stdlib/git/merge-driver.js";

export interface MergeDriverState {
  gap: MergeDriverGap | null;
  /** The gap in one sentence (null when the driver is in effect). */
  cause: string | null;
  /** --fix can close the gap (not when an attribute file overrides exo's). */
  fixable: boolean;
  fixed: string[];
}


/** The driver's state, repaired with `fix`: registered, and unresolved ticket merges git made without it redone. */
export async function mergeDriverState(repo: Repo, base: string, remote: string, fix: boolean): Promise<MergeDriverState> {
  let gap = await mergeDriverGap(repo).catch(() => null);
  const fixed: string[] = [];
  if (fix && gap && gap.reason !== "attributes") {
    const { registerTeamConfig } = await import("../stdlib/git/team.js");
    const changed = await registerTeamConfig(repo, remote).catch(() => []);
    if (changed.some((c) => c.startsWith("merge."))) fixed.push("registered exo's ticket merge driver in this clone's git config");
    const redone = await redoTicketMerges(repo, base);
    if (redone.length > 0) fixed.push(`merged ${redone.join(", ")} again with exo's merge driver and marked ${redone.length === 1 ? "it" : "them"} resolved; git add .exo, then git commit (or git rebase --continue) concludes the merge`);
    gap = await mergeDriverGap(repo).catch(() => null);
  }
  return { gap, cause: gap ? describeGap(gap) : null, fixable: gap !== null && gap.reason !== "attributes", fixed };
}

/**
 * Ticket files git left unmerged without the driver: still holding git's conflict markers (a text
 * merge) or exactly this side's content (the driver's program was gone). Anything else is a
 * resolution in progress and stays. `git checkout -m` recreates the merge from the index stages with
 * the driver; a clean result is staged (what the merge would have done), a refused one stays unmerged.
 */
async function redoTicketMerges(repo: Repo, base: string): Promise<string[]> {
  const tickets = repo.relative(repo.ticketsDir);
  const list = await gitRaw(base, ["diff", "--name-only", "-z", "--diff-filter=U", "--", `${tickets}/`]);
  const files = list.code === 0 ? [...new Set(list.stdout.split("\0").filter((f) => f.endsWith(".yaml")))] : [];
  const redone: string[] = [];
  for (const file of files) {
    const text = await readFile(join(base, file), "utf8").catch(() => null);
    if (text === null) continue;
    const ours = await gitRaw(base, ["show", `:2:${file}`]);
    if (!hasConflict(text) && !(ours.code === 0 && ours.stdout === text)) continue;
    if ((await gitRaw(base, ["checkout", "-m", "--", file])).code !== 0) continue;
    const merged = await readFile(join(base, file), "utf8").catch(() => null);
    if (merged === null || hasConflict(merged)) continue;
    const { parseTicket } = await import("../stdlib/tickets/model.js");
    if (!parseTicket(merged, file).value) continue;
    if ((await gitRaw(base, ["add", "--", file])).code === 0) redone.push(file);
  }
  return redone;
}
