// Where exo's hook bundle lives, for the launcher (§8.1). The committed launcher looks for
// `cache/hook-bundle.json` under its own checkout's `.exo/` (ignored by git, so never checked out),
// so a linked worktree needs a copy of the state root's record: without one, when exo is not on
// PATH (a project dependency), its hooks found no exo (issue #19), and an agent in a worktree made
// with plain `git worktree add` (Cursor's and Codex's parallel agents) worked ungoverned.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeCacheFileSync } from "../../io/fs-atomic.js";
import { linkedWorktreeRoots } from "../../io/gitfile.js";
import { readTextOrNullSync } from "../../io/read.js";

const RECORD = join("cache", "hook-bundle.json");

/**
 * Copy `<stateDir>/cache/hook-bundle.json` into `<worktree>/<exoName>/cache/` when that checkout
 * has its own exo folder and its copy differs (missing, or left by another exo build).
 */
export function handBundleRecord(stateDir: string, worktree: string, exoName = ".exo"): boolean {
  const exoDir = join(worktree, exoName);
  const to = join(exoDir, RECORD);
  const from = join(stateDir, RECORD);
  if (to === from || !existsSync(exoDir)) return false;
  const text = readTextOrNullSync(from);
  if (text === null || readTextOrNullSync(to) === text) return false;
  try {
    mkdirSync(join(exoDir, "cache"), { recursive: true });
  } catch {
    return false; // the launcher still finds exo on PATH or in node_modules
  }
  writeCacheFileSync(to, text);
  return true;
}

/** handBundleRecord for every checkout of the repository: the main one and each linked worktree (from git's `worktrees/*\/gitdir`, no git process). */
export function handBundleRecords(stateDir: string, mainRoot: string, commonDir: string, exoName: string): void {
  for (const root of new Set([mainRoot, ...linkedWorktreeRoots(commonDir)])) handBundleRecord(stateDir, root, exoName);
}
