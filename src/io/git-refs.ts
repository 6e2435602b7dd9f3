// HEAD and refs read from the git dir's files, where that is safe: a loose ref file or
// packed-refs. Anything unusual (reftable, a symref chain, an unreadable or odd file) answers
// undefined and the caller asks git, so this only ever saves a `git` process, never changes an
// answer. Used on every-call paths (status, session-start) where each spawn costs ~10 ms.
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, type Dirent } from "node:fs";
import { join, resolve as resolvePath } from "node:path";
import { readGitfile } from "./gitfile.js";

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const REF = /^refs\/[A-Za-z0-9._/+-]+$/;

export interface GitDirs {
  gitDir: string | null;
  commonDir: string | null;
}

function usable(dirs: GitDirs): dirs is { gitDir: string; commonDir: string } {
  if (!dirs.gitDir || !dirs.commonDir) return false;
  // reftable keeps no loose refs: always ask git there.
  return !existsSync(join(dirs.commonDir, "reftable"));
}

/** The commit a full ref name points at: a sha, null when the ref does not exist, undefined when unsure. */
export function readRef(dirs: GitDirs, ref: string): string | null | undefined {
  if (!usable(dirs) || !REF.test(ref) || ref.split("/").some((p) => p === "." || p === ".." || p.endsWith(".lock"))) return undefined;
  // Per-worktree refs (refs/bisect, refs/worktree) live in the git dir; the others in the common dir.
  const base = /^refs\/(bisect|worktree|rewritten)\//.test(ref) ? dirs.gitDir : dirs.commonDir;
  let loose: string | null = null;
  try {
    loose = readFileSync(join(base, ref), "utf8").trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") return undefined;
  }
  if (loose !== null) return SHA.test(loose) ? loose : undefined;
  const packed = packedRefs(dirs.commonDir);
  if (packed === undefined) return undefined;
  const sha = packed.get(ref);
  return sha === undefined ? null : SHA.test(sha) ? sha : undefined;
}

/**
 * packed-refs as ref → the text before it on its line (not checked: callers check what they use);
 * empty when there is no such file, undefined when it cannot be read or has a line git never writes.
 */
function packedRefs(commonDir: string): Map<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(join(commonDir, "packed-refs"), "utf8");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? new Map() : undefined;
  }
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#") || line.startsWith("^")) continue;
    const space = line.indexOf(" ");
    if (space <= 0) return undefined; // not a line git writes: unsure
    if (!out.has(line.slice(space + 1))) out.set(line.slice(space + 1), line.slice(0, space));
  }
  return out;
}

/** The checked-out branch (short name, null when detached) and HEAD's commit (null when unborn), or undefined when unsure. */
export function readHead(dirs: GitDirs): { branch: string | null; head: string | null } | undefined {
  if (!usable(dirs)) return undefined;
  let text: string;
  try {
    text = readFileSync(join(dirs.gitDir, "HEAD"), "utf8").trim();
  } catch {
    return undefined;
  }
  if (SHA.test(text)) return { branch: null, head: text };
  const m = /^ref: (refs\/heads\/.+)$/.exec(text);
  if (!m) return undefined;
  const ref = m[1] as string;
  const head = readRef(dirs, ref);
  if (head === undefined) return undefined;
  return { branch: ref.slice("refs/heads/".length), head };
}

/**
 * The git dirs of a work tree top level, read from its `.git` (a folder, or a file naming a linked
 * worktree's git dir). Null when git's environment overrides them or anything is unusual.
 */
export function gitDirsOf(top: string, env: Readonly<Record<string, string | undefined>> = process.env): GitDirs | null {
  if (env["GIT_DIR"] || env["GIT_COMMON_DIR"] || env["GIT_WORK_TREE"]) return null;
  const dotGit = join(top, ".git");
  try {
    if (existsSync(join(dotGit, "HEAD"))) return { gitDir: dotGit, commonDir: dotGit };
    const gitDir = readGitfile(dotGit);
    if (!gitDir) return null;
    const common = readFileSync(join(gitDir, "commondir"), "utf8").trim();
    return { gitDir, commonDir: resolvePath(gitDir, common) };
  } catch {
    return null;
  }
}

/**
 * False only when certainly no ref starts with `prefix` (e.g. "refs/exo/"): no loose folder and no
 * packed-refs line for it. True when there may be some (or when refs cannot be read from files),
 * so a caller skips a `git for-each-ref` only when it would list nothing.
 */
export function mayHaveRefs(dirs: GitDirs, prefix: string): boolean {
  if (!usable(dirs) || !/^refs\/[A-Za-z0-9._/-]+\/$/.test(prefix)) return true;
  if (existsSync(join(dirs.commonDir, prefix)) || existsSync(join(dirs.gitDir, prefix))) return true;
  const packed = packedRefs(dirs.commonDir);
  return packed === undefined || [...packed.keys()].some((ref) => ref.startsWith(prefix));
}

/**
 * Every branch and remote-tracking ref (refs/heads/**, refs/remotes/**) with its commit, read
 * from loose ref files and packed-refs (a loose ref wins); a symbolic ref such as
 * refs/remotes/origin/HEAD takes its target's commit. Undefined when anything is unusual (a lock
 * file of an update in progress, an odd name or content, an unreadable folder): the caller asks git.
 */
export function listBranchTips(dirs: GitDirs): Map<string, string> | undefined {
  if (!usable(dirs)) return undefined;
  const tips = new Map<string, string>();
  const symbolic = new Map<string, string>();
  const packed = packedRefs(dirs.commonDir);
  if (packed === undefined) return undefined;
  for (const [ref, sha] of packed) {
    if (!ref.startsWith("refs/heads/") && !ref.startsWith("refs/remotes/")) continue;
    if (!SHA.test(sha) || !REF.test(ref)) return undefined;
    tips.set(ref, sha);
  }
  const walk = (rel: string): boolean => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(dirs.commonDir, rel), { withFileTypes: true });
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "ENOENT";
    }
    for (const entry of entries) {
      const ref = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!walk(ref)) return false;
        continue;
      }
      if (!entry.isFile() || !REF.test(ref) || entry.name.endsWith(".lock")) return false;
      let text: string;
      try {
        text = readFileSync(join(dirs.commonDir, ref), "utf8").trim();
      } catch {
        return false;
      }
      if (SHA.test(text)) tips.set(ref, text);
      else if (text.startsWith("ref: ") && REF.test(text.slice(5))) symbolic.set(ref, text.slice(5));
      else return false;
    }
    return true;
  };
  if (!walk("refs/heads") || !walk("refs/remotes")) return undefined;
  for (const [ref, target] of symbolic) {
    const sha = tips.get(target);
    if (sha === undefined) return undefined;
    tips.set(ref, sha);
  }
  return tips;
}

/** The last `max` bytes of git's reflog of `ref` (`<git dir>/logs/<ref>`, HEAD's by default), newest line first; null when it cannot be read. */
export function reflogTail(gitDir: string, ref = "HEAD", max = 131_072): string[] | null {
  let fd: number;
  try {
    fd = openSync(join(gitDir, "logs", ...ref.split("/")), "r");
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - max);
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    const lines = buf.toString("utf8").split("\n").filter(Boolean);
    if (start > 0) lines.shift(); // cut in the middle
    return lines.reverse();
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
