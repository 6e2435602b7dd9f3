// Where a repository's work tree, governance and state folders are, found by walking up from a
// folder and reading `.git` (no git process): the hook's hot path and exo-mcp's start use it.
import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { readGitfile } from "./gitfile.js";

export interface Located {
  root: string;
  exoDir: string;
  stateDir: string;
}

/** Work tree top and governance/state roots, found by walking up (no git process on the hot path). */
export function locateRepo(start: string, env: NodeJS.ProcessEnv): Located | null {
  let dir = resolve(start);
  for (;;) {
    const dotGit = join(dir, ".git");
    if (existsSync(dotGit)) {
      let root = dir;
      try {
        root = realpathSync(dir);
      } catch {
        // keep the lexical path
      }
      let mainRoot = root;
      try {
        if (statSync(dotGit).isFile()) {
          // Linked worktree: .git says "gitdir: <main>/.git/worktrees/<name>".
          const gitdir = readGitfile(dotGit);
          const marker = gitdir ? gitdir.indexOf("/.git/worktrees/") : -1;
          if (gitdir && marker > 0) mainRoot = gitdir.slice(0, marker);
        }
      } catch {
        // fall back to this worktree
      }
      const own = join(root, ".exo");
      const exoDir = existsSync(own) || mainRoot === root ? own : join(mainRoot, ".exo");
      const stateDir = env["EXO_STATE_DIR"]?.startsWith("/") ? env["EXO_STATE_DIR"] : join(mainRoot, ".exo");
      return { root, exoDir, stateDir };
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * The way up from `cwd` to the top of its work tree (`../..` in packages/api), or "" at the top,
 * outside a repository or when it cannot be told: what a git line with top-relative paths needs
 * before it, run from there (kernel/quote.ts's fromTopLine).
 */
export function upToTop(cwd: string, env: NodeJS.ProcessEnv): string {
  if (existsSync(join(cwd, ".git"))) return "";
  const root = locateRepo(cwd, env)?.root;
  if (root === undefined) return "";
  let here: string;
  try {
    here = realpathSync(cwd);
  } catch {
    return "";
  }
  const up = relative(here, root);
  return up !== "" && up.split(sep).every((part) => part === "..") ? up.split(sep).join("/") : "";
}
