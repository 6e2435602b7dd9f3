// The step that settles a task finished on another branch of this clone (a linked worktree's):
// merge the branch, or, when the branch holds nothing but exo's own state and no worktree has it,
// drop it. Shared by exo next, exo ready, exo alone and worktree-remove.
import { gitRaw } from "../io/git.js";
import type { Repo } from "../io/paths.js";
import { shellWord } from "../kernel/quote.js";
import { parseDirty } from "../stdlib/git/porcelain.js";

export interface MergeStep {
  /** The command to run: `git merge <branch>`, `git commit … && git merge <branch>`, or `git branch -D <branch>`. */
  line: string;
  /** Why, one clause: "<ID> was finished on <branch>, …". */
  why: string;
  /** merge; commit_work: the worktree on the branch holds the work uncommitted; drop: the branch holds only exo state and no worktree has it. */
  kind: "merge" | "commit_work" | "drop";
}

const lines = (text: string) => text.split("\n").filter(Boolean);

/** The step that brings a task finished on `branch` here: merging that branch (then closing the task). The one builder of this line. */
export function gitMerge(branch: string): string {
  return `git merge ${shellWord(branch)}`;
}

/**
 * How to settle `id`, finished on `branch`. A branch whose only changes since it left this
 * checkout's HEAD are under .exo/, with no worktree left on it, holds a finish without its work
 * (a worktree removed with --force, its changes uncommitted): merging it would put a task in
 * review with nothing to review, so the step drops it, which hands the task out again (before:
 * git merge, a dead end). Else the merge; when this checkout has uncommitted changes to files the
 * branch changed (worktree-create's branch field in the ticket), git refuses it ("Your local
 * changes … would be overwritten"), so they are committed first.
 */
export async function mergeStep(repo: Repo, id: string, branch: string): Promise<MergeStep> {
  const b = shellWord(branch);
  const merge: MergeStep = { line: gitMerge(branch), why: `${id} was finished on ${branch}: merge it here, then close it`, kind: "merge" };
  const diff = await gitRaw(repo.root, ["diff", "--name-only", "--no-renames", `HEAD...${branch}`, "--"]);
  if (diff.code !== 0) return merge;
  const changed = lines(diff.stdout);
  const exo = repo.relative(repo.exoDir);
  const inExo = (p: string) => !exo.startsWith("..") && exo !== "" && (p === exo || p.startsWith(`${exo}/`));
  if (changed.every(inExo)) {
    // The worktree on the branch, if any; a listing git refuses counts as checked out (never dropped).
    const { listWorktrees } = await import("./worktrees.js");
    const trees = await listWorktrees(repo.root).catch(() => null);
    const path = trees?.find((w) => w.branch === branch)?.path;
    const checkedOut = trees === null || path !== undefined;
    // Still there with the work uncommitted: merging now would bring the finish without it.
    const work = path ? parseDirty((await gitRaw(path, ["status", "--porcelain=v1", "-z", "--untracked-files=all"])).stdout).filter((p) => !inExo(p)) : [];
    if (path && work.length > 0) {
      const shown = work.length > 3 ? `${work.slice(0, 3).join(", ")} and ${work.length - 3} more` : work.join(", ");
      // The work, committed with the trailer of the session that finished it (its finish's commit on
      // the branch names it), as finish's own commit: line gives it, so exo pr-check counts it as
      // governed; and those files alone. Before: `add -A` and `-m 'T: its work'`, an
      // ungoverned_commit error in the change that merged it.
      const trailer = await gitRaw(repo.root, ["log", "-1", "--format=%(trailers:key=Exo-Session,valueonly,separator=%x2C)", branch, "--"]);
      const session = trailer.code === 0 ? (/^SES-[0-9A-Za-z-]+$/.exec(trailer.stdout.trim().split(",")[0]?.trim() ?? "")?.[0] ?? null) : null;
      const files = work.map(shellWord).join(" ");
      return {
        line: `git -C ${shellWord(path)} add -- ${files} && git -C ${shellWord(path)} commit -m ${shellWord(`${id}: its work`)}${session ? ` -m ${shellWord(`Exo-Session: ${session}`)}` : ""} -- ${files}`,
        why: `${id} was finished on ${branch}, but its work is not committed there (${shown} in ${path}): commit it there, then git merge ${b} here`,
        kind: "commit_work",
      };
    }
    if (!checkedOut) {
      return {
        line: `git branch -D ${b}`,
        why: `${id} was finished on ${branch}, which holds no change outside ${exo}/ and no worktree is left on it (its work was not committed there): drop it to hand ${id} out again, or git merge ${b} to keep that finish`,
        kind: "drop",
      };
    }
  }
  if (changed.length === 0) return merge;
  const status = await gitRaw(repo.root, ["status", "--porcelain=v1", "-z", "--untracked-files=no", "--", ...changed]);
  const dirty = status.code === 0 ? parseDirty(status.stdout).filter((p) => changed.includes(p)) : [];
  if (dirty.length === 0) return merge;
  // exo's own files (the ticket worktree-create gave its branch): committed as exo's (Exo-Generated),
  // which exo pr-check counts as governed (before: no trailer, an ungoverned_commit error).
  const ours = dirty.every(inExo) ? " -m 'Exo-Generated: true'" : "";
  return { ...merge, line: `git commit -m ${shellWord(`chore(exo): state before merging ${branch}`)}${ours} -- ${dirty.map(shellWord).join(" ")} && git merge ${b}` };
}
