// A linked worktree's launcher looks for the hook bundle under its own `.exo/cache/` (ignored by
// git, so never checked out). Worktrees exo makes get the main checkout's record copied in, so
// their hooks find exo even when it is not on PATH (issue #19).
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

/** Copy `<stateDir>/cache/hook-bundle.json` into `<worktree>/<exoName>/cache/` when that checkout has its own exo folder. */
export function handBundleRecord(stateDir: string, worktree: string, exoName = ".exo"): boolean {
  const from = join(stateDir, "cache", "hook-bundle.json");
  const exoDir = join(worktree, exoName);
  const to = join(exoDir, "cache", "hook-bundle.json");
  if (!existsSync(from) || !existsSync(exoDir) || existsSync(to)) return false;
  try {
    mkdirSync(join(exoDir, "cache"), { recursive: true });
    copyFileSync(from, to);
    return true;
  } catch {
    return false; // the launcher still finds exo on PATH or in node_modules
  }
}
