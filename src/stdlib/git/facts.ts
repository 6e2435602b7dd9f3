// Git facts a session records (SPEC §7.9 step 6).
import { gitRaw } from "../../io/git.js";
import { gitDirsOf, readHead, readRef } from "../../io/git-refs.js";

export interface GitFacts {
  branch: string | null;
  head: string | null;
  baseRef: string | null;
  mergeBase: string | null;
  upstream: string | null;
}

// Branch, HEAD and local refs come from the git dir's files when that is safe (io/git-refs.ts);
// otherwise, and for anything else, git answers.
export async function currentBranch(cwd: string): Promise<string | null> {
  const dirs = gitDirsOf(cwd);
  const known = dirs ? readHead(dirs) : undefined;
  if (known) return known.branch;
  const r = await gitRaw(cwd, ["symbolic-ref", "--short", "-q", "HEAD"]);
  return r.code === 0 ? r.stdout.trim() || null : null;
}

export async function headCommit(cwd: string): Promise<string | null> {
  const dirs = gitDirsOf(cwd);
  const known = dirs ? readHead(dirs) : undefined;
  if (known) return known.head;
  const r = await gitRaw(cwd, ["rev-parse", "-q", "--verify", "HEAD"]);
  return r.code === 0 ? r.stdout.trim() || null : null;
}

/** refs/remotes/<remote>/<base> if it exists, else refs/heads/<base>, else null. */
export async function baseRef(cwd: string, remote: string, base: string): Promise<string | null> {
  const dirs = gitDirsOf(cwd);
  for (const ref of [`refs/remotes/${remote}/${base}`, `refs/heads/${base}`]) {
    const known = dirs ? readRef(dirs, ref) : undefined;
    if (known !== undefined) {
      if (known !== null) return ref;
      continue;
    }
    if ((await gitRaw(cwd, ["show-ref", "--verify", "--quiet", ref])).code === 0) return ref;
  }
  return null;
}

export async function gitFacts(cwd: string, remote: string, base: string): Promise<GitFacts> {
  const [branch, head, ref, upstream] = await Promise.all([
    currentBranch(cwd),
    headCommit(cwd),
    baseRef(cwd, remote, base),
    gitRaw(cwd, ["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"]),
  ]);
  let mergeBase: string | null = null;
  if (head && ref) {
    const mb = await gitRaw(cwd, ["merge-base", "HEAD", ref]);
    mergeBase = mb.code === 0 ? mb.stdout.trim() || null : null;
  }
  return { branch, head, baseRef: ref, mergeBase, upstream: upstream.code === 0 ? upstream.stdout.trim() || null : null };
}
