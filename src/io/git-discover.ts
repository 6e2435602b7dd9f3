// Repository discovery from the files git itself reads, for the plain layouts: a work tree with a
// `.git` folder, or a linked worktree whose `.git` file names `<main>/.git/worktrees/<name>`.
// Anything else (git environment variables, a bare or core.worktree repository, a submodule, a
// `.git` owned by another user, which git refuses as unsafe, a symbolic link) answers undefined
// and the caller asks `git rev-parse`. test/unit/io/git-discover.test.ts compares with git.
import { lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { readGitfile } from "./gitfile.js";

export interface Discovered {
  /** Realpath of the work tree top. */
  root: string;
  /** Realpath of this work tree's git dir and of the common git dir. */
  gitDir: string;
  commonDir: string;
  /** Realpath of the main work tree's top. */
  mainRoot: string;
}

/** Variables that change where git looks; with any of them set, git decides. */
const GIT_LOCATION_ENV = ["GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_INDEX_FILE", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"];

function ownedDir(path: string): boolean {
  const st = lstatSync(path);
  return st.isDirectory() && (typeof process.getuid !== "function" || st.uid === process.getuid());
}

/** A git dir git would use as is: HEAD present, this user's, not bare, no core.worktree. */
function plainGitDir(gitDir: string): boolean {
  if (!ownedDir(gitDir) || !statSync(join(gitDir, "HEAD")).isFile()) return false;
  const config = readFileSync(join(gitDir, "config"), "utf8");
  if (/worktree/i.test(config) || /include/i.test(config)) return false;
  for (const line of config.split("\n")) {
    const m = /^\s*bare\s*(=\s*(.*?))?\s*$/i.exec(line);
    if (m && (m[2] ?? "true").toLowerCase() !== "false") return false;
  }
  return true;
}

export function discoverFromFiles(dir: string, env: NodeJS.ProcessEnv): Discovered | undefined {
  if (GIT_LOCATION_ENV.some((k) => process.env[k] !== undefined || env[k] !== undefined)) return undefined;
  try {
    const start = realpathSync(dir);
    const device = statSync(start).dev;
    for (let top = start; ; top = dirname(top)) {
      // git stops at a file system boundary.
      if (statSync(top).dev !== device) return undefined;
      const dotGit = join(top, ".git");
      let st;
      try {
        st = lstatSync(dotGit);
      } catch {
        if (dirname(top) === top) return undefined;
        continue;
      }
      if (st.isDirectory()) {
        const gitDir = realpathSync(dotGit);
        let linked = false;
        try {
          linked = statSync(join(gitDir, "commondir")).isFile();
        } catch {
          linked = false;
        }
        // Inside the git dir itself there is no work tree.
        if (linked || start === gitDir || start.startsWith(`${gitDir}/`) || !plainGitDir(gitDir)) return undefined;
        return { root: top, gitDir, commonDir: gitDir, mainRoot: top };
      }
      if (!st.isFile()) return undefined;
      // A linked worktree: "gitdir: <main>/.git/worktrees/<name>", whose commondir names <main>/.git.
      const named = readGitfile(dotGit);
      if (!named) return undefined;
      const gitDir = realpathSync(named);
      const commonDir = realpathSync(resolve(gitDir, readFileSync(join(gitDir, "commondir"), "utf8").trim()));
      if (basename(commonDir) !== ".git" || dirname(gitDir) !== join(commonDir, "worktrees") || !ownedDir(gitDir) || !statSync(join(gitDir, "HEAD")).isFile() || !plainGitDir(commonDir)) return undefined;
      return { root: top, gitDir, commonDir, mainRoot: dirname(commonDir) };
    }
  } catch {
    return undefined;
  }
}
