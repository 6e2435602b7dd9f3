// Git facts a session records (SPEC §7.9 step 6).
import { gitRaw } from "../../io/git.js";
import { gitDirsOf, readHead, readRef, type GitDirs } from "../../io/git-refs.js";
import { configValue, type GitConfigEntry } from "../../io/git-config.js";

export interface GitFacts {
  branch: string | null;
  head: string | null;
  baseRef: string | null;
  mergeBase: string | null;
  upstream: string | null;
}

// Branch, HEAD and local refs come from the git dir's files when that is safe (io/git-refs.ts);
// otherwise, and for anything else, git answers. `dirs`: the git dirs when the caller knows them
// (a discovered Repo), else they are read from `cwd`'s .git.
/** The checked-out branch (null when detached) and HEAD's commit (null when unborn). */
export async function headState(cwd: string, dirs: GitDirs | null = gitDirsOf(cwd)): Promise<{ branch: string | null; head: string | null }> {
  const known = dirs ? readHead(dirs) : undefined;
  if (known) return known;
  const [branch, head] = await Promise.all([gitRaw(cwd, ["symbolic-ref", "--short", "-q", "HEAD"]), gitRaw(cwd, ["rev-parse", "-q", "--verify", "HEAD"])]);
  return { branch: branch.code === 0 ? branch.stdout.trim() || null : null, head: head.code === 0 ? head.stdout.trim() || null : null };
}

/** Whether the local branch `name` exists (its ref read from the git dir where safe, else asked of git). */
export async function branchExists(cwd: string, name: string, dirs: GitDirs | null = gitDirsOf(cwd)): Promise<boolean> {
  return refExists(cwd, `refs/heads/${name}`, dirs);
}

/** Whether the full ref exists: read from the git dir when it can be (loose or packed), else git is asked. */
async function refExists(cwd: string, ref: string, dirs: GitDirs | null): Promise<boolean> {
  const known = dirs ? readRef(dirs, ref) : undefined;
  if (known !== undefined) return known !== null;
  return (await gitRaw(cwd, ["show-ref", "--verify", "--quiet", ref])).code === 0;
}

export async function currentBranch(cwd: string): Promise<string | null> {
  return (await headState(cwd)).branch;
}

export async function headCommit(cwd: string): Promise<string | null> {
  return (await headState(cwd)).head;
}

/** refs/remotes/<remote>/<base> if it exists, else refs/heads/<base>, else null. */
export async function baseRef(cwd: string, remote: string, base: string, dirs: GitDirs | null = gitDirsOf(cwd)): Promise<string | null> {
  for (const ref of [`refs/remotes/${remote}/${base}`, `refs/heads/${base}`]) if (await refExists(cwd, ref, dirs)) return ref;
  return null;
}

/**
 * `config`: cwd's git config listing when the caller has it (io/git-config.ts). A branch without
 * `branch.<name>.merge` has no upstream, so git need not be asked.
 */
export async function gitFacts(cwd: string, remote: string, base: string, config: readonly GitConfigEntry[] | null = null): Promise<GitFacts> {
  const dirs = gitDirsOf(cwd);
  const state = await headState(cwd, dirs);
  const noUpstream = config !== null && state.branch !== null && configValue(config, `branch.${state.branch}.merge`) === undefined;
  const [ref, upstream] = await Promise.all([
    baseRef(cwd, remote, base, dirs),
    noUpstream ? null : gitRaw(cwd, ["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"]),
  ]);
  const { branch, head } = state;
  let mergeBase: string | null = null;
  if (head && ref) {
    // HEAD at the base's own commit (work on the base branch, a branch not yet moved): that commit
    // is the merge base, and git need not be asked.
    if (dirs && readRef(dirs, ref) === head) mergeBase = head;
    else {
      const mb = await gitRaw(cwd, ["merge-base", "HEAD", ref]);
      mergeBase = mb.code === 0 ? mb.stdout.trim() || null : null;
    }
  }
  return { branch, head, baseRef: ref, mergeBase, upstream: upstream && upstream.code === 0 ? upstream.stdout.trim() || null : null };
}
