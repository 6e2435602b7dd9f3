// A repository moved or renamed under a live session (`mv project project2`): whether a session
// whose folder is gone worked in the main worktree that is now at a new path. Shared by the hook
// (which must keep judging that session's writes) and the commands that end sessions.
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gitRawSync } from "./git.js";

/** The parts of a session record the check reads. */
export interface MovedSession {
  worktree: string;
  /** False for a session started in a linked worktree (never a moved main worktree). */
  main_worktree?: boolean;
  branch?: string | null;
  start_commit?: string | null;
}

/** Anything at the path (a symlink or a broken file is another check's to report). */
export function present(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * Whether `session` worked in this repository's main worktree (git dir `commonDir`, now at
 * `mainRoot`) before it moved: its folder is gone, no linked worktree of git's records was at that
 * path (one deleted by hand is not a move), and the main worktree has the session's branch checked
 * out (git checks a branch out in one worktree at most) or, for a session on a detached HEAD, a
 * detached HEAD at or after the session's start commit.
 */
export function movedMainWorktree(commonDir: string, mainRoot: string, session: MovedSession): boolean {
  if (typeof session.worktree !== "string" || session.worktree === "" || session.worktree === mainRoot || present(session.worktree)) return false;
  // Started in a linked worktree: gone means removed (git worktree remove keeps no record of it),
  // however the main worktree's HEAD looks.
  if (session.main_worktree === false) return false;
  let head: string;
  try {
    head = readFileSync(join(commonDir, "HEAD"), "utf8").trim();
  } catch {
    return false;
  }
  if (session.branch) {
    if (head !== `ref: refs/heads/${session.branch}`) return false;
  } else {
    // A detached session: the main worktree is detached too, on its start commit or a descendant.
    const start = session.start_commit;
    if (!SHA.test(head) || typeof start !== "string" || !SHA.test(start)) return false;
    if (head !== start && gitRawSync(mainRoot, ["merge-base", "--is-ancestor", start, head]).code !== 0) return false;
  }
  let names: string[] = [];
  try {
    names = readdirSync(join(commonDir, "worktrees"));
  } catch {
    names = [];
  }
  for (const name of names) {
    try {
      if (dirname(readFileSync(join(commonDir, "worktrees", name, "gitdir"), "utf8").trim()) === session.worktree) return false;
    } catch {
      continue;
    }
  }
  return true;
}
