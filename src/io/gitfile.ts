// A linked worktree's (or a submodule's) `.git` is a file naming its git dir: "gitdir: <path>",
// the path absolute or relative to the folder holding the file (git 2.48+ writes relative ones
// under worktree.useRelativePaths, and `git worktree repair --relative-paths` rewrites them so).
// Read as git reads it (setup.c, read_gitfile): the prefix exactly, then the rest of the file
// without its trailing line ends; one place, so every reader resolves a relative path the same way.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The absolute git dir a `.git` file's text names, resolved from `folder` (the file's own); null when the text is no gitfile. */
export function gitfileTarget(text: string, folder: string): string | null {
  return text.startsWith("gitdir: ") ? pathLine(text.slice(8), folder) : null;
}

/** A file's one line naming a path (without its trailing line ends), resolved from `folder`; null when empty or several lines. */
function pathLine(text: string, folder: string): string | null {
  let end = text.length;
  while (end > 0 && (text[end - 1] === "\n" || text[end - 1] === "\r")) end--;
  const path = text.slice(0, end);
  if (path === "" || path.includes("\n") || path.includes("\r") || path.includes("\0")) return null;
  return resolve(folder, path);
}

/** The absolute git dir a `.git` file names; null when it cannot be read or is no gitfile. */
export function readGitfile(dotGit: string): string | null {
  try {
    return gitfileTarget(readFileSync(dotGit, "utf8"), dirname(dotGit));
  } catch {
    return null;
  }
}

/** The `.git` file git keeps on record for a linked worktree's git dir (`<admin>/gitdir`), absolute; null when none can be read. */
export function recordedGitfile(adminDir: string): string | null {
  try {
    return pathLine(readFileSync(join(adminDir, "gitdir"), "utf8"), adminDir);
  } catch {
    return null;
  }
}

/**
 * The roots of a repository's linked worktrees, read from `<common dir>/worktrees/<name>/gitdir`
 * (the path of each worktree's `.git` file, absolute or relative to that folder) without a git
 * process. A worktree whose folder is gone is still listed (git prunes it later); callers check.
 */
export function linkedWorktreeRoots(commonDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(commonDir, "worktrees"));
  } catch {
    return [];
  }
  const roots: string[] = [];
  for (const name of names) {
    try {
      const admin = join(commonDir, "worktrees", name);
      const dotGit = pathLine(readFileSync(join(admin, "gitdir"), "utf8"), admin);
      if (dotGit) roots.push(dirname(dotGit));
    } catch {
      // not a worktree's folder
    }
  }
  return roots;
}
