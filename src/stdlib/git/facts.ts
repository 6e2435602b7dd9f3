// Git facts a session records (SPEC §7.9 step 6).
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { shellWord } from "../../kernel/quote.js";
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

/**
 * HEAD's branch whose ref file a crash zeroed or garbled (git: "your current branch appears to be
 * broken"): the ref and the commit its reflog names last (null when there is none, or git lacks
 * it). Null when HEAD resolves, is detached, or the branch has no commit yet (no ref file).
 */
export async function brokenBranch(cwd: string): Promise<{ ref: string; file: string; commit: string | null } | null> {
  if ((await gitRaw(cwd, ["rev-parse", "-q", "--verify", "HEAD"])).code === 0) return null;
  // (git symbolic-ref fails too on a broken ref: HEAD's file is read.)
  const path = async (p: string) => (await gitRaw(cwd, ["rev-parse", "--path-format=absolute", "--git-path", p])).stdout.trim();
  const ref = /^ref: (refs\/heads\/\S+)\s*$/.exec((await readFile(await path("HEAD"), "utf8").catch(() => "")))?.[1];
  if (!ref) return null;
  const file = await path(ref);
  const text = await readFile(file, "latin1").catch(() => null);
  if (text === null || /^[0-9a-f]{40,64}\s*$/.test(text)) return null;
  const log = await readFile(await path(`logs/${ref}`), "utf8").catch(() => "");
  const last = log.trim().split("\n").pop()?.split(" ")[1] ?? "";
  const known = /^[0-9a-f]{40,64}$/.test(last) && (await gitRaw(cwd, ["cat-file", "-e", `${last}^{commit}`])).code === 0;
  return { ref, file, commit: known ? last : null };
}

/**
 * What to say of a broken branch ref, and the step that repairs it (`cwd`: where the hint is run;
 * git update-ref refuses a broken ref, so its file goes first).
 */
export function brokenBranchAdvice(b: { ref: string; file: string; commit: string | null }, cwd: string): { message: string; hint: string } {
  const what = `git's ${b.ref} is broken (its file zeroed or garbled by a crash or a power cut), so HEAD names no commit`;
  const file = relative(cwd, b.file);
  return b.commit
    ? { message: `${what}; its reflog's last commit is ${b.commit.slice(0, 12)}: remove the broken file and point ${b.ref} there again`, hint: `rm -- ${shellWord(file)} && git update-ref ${b.ref} ${b.commit}` }
    : { message: `${what}, and its reflog names no commit git has; find the commit it was at (git fsck --lost-found), remove ${file} and point ${b.ref} there with git update-ref`, hint: "git fsck --lost-found" };
}
