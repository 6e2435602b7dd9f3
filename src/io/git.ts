// The one thin wrapper around git: execFile, no shell, no prompts, C locale (SPEC §5.2).
import type * as ChildProcess from "node:child_process";
import type * as Fs from "node:fs";
import { createRequire } from "node:module";
import { ExoError, ErrorCode } from "../errors.js";
import { shellWord } from "../kernel/quote.js";

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Pathspecs as git reads them by default, whatever the caller's environment says
 * (GIT_LITERAL_PATHSPECS=1 made exo's `:(literal)…` and `:(exclude)…` pathspecs match nothing,
 * GIT_ICASE_PATHSPECS=1 made `.exo` exclude `.EXO` too).
 */
export const PATHSPEC_ENV: Readonly<Record<string, string>> = { GIT_LITERAL_PATHSPECS: "0", GIT_GLOB_PATHSPECS: "0", GIT_NOGLOB_PATHSPECS: "0", GIT_ICASE_PATHSPECS: "0" };

const GIT_ENV = { GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", ...PATHSPEC_ENV };

/** Env of exo's own commits: exo's git hooks step aside (the commit writes its own trailers). */
export const OWN_COMMIT_ENV: Readonly<Record<string, string>> = { EXO_SKIP_GIT_HOOKS: "1" };

/**
 * Options before `commit` in exo's own commits: git's automatic housekeeping (one more git
 * process after every commit) runs on the user's commits and fetches, not on each small state
 * commit of exo's.
 */
export const OWN_COMMIT_CONFIG: readonly string[] = ["-c", "maintenance.auto=false"];

let childProcess: typeof ChildProcess | undefined;

/** node:child_process (about 4 ms to load) on first use: hooks that never run git skip it. */
export function nodeChildProcess(): typeof ChildProcess {
  return (childProcess ??= createRequire(import.meta.url)("node:child_process") as typeof ChildProcess);
}

/** Run git; resolve with the result whatever the exit code (the caller decides). */
export function gitRaw(
  cwd: string,
  args: readonly string[],
  opts: { input?: string; env?: Record<string, string> } = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    let pipe: string | null | undefined;
    const child = nodeChildProcess().execFile(
      "git",
      args as string[],
      { cwd, env: { ...process.env, ...GIT_ENV, ...opts.env }, maxBuffer: 256 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        clearInterval(watch);
        if (pipe !== undefined) {
          reject(pipeWaitError(cwd, args, pipe));
          return;
        }
        if (error && typeof (error as NodeJS.ErrnoException).code === "string") {
          // Spawn failure (git missing, bad cwd), not an exit status.
          reject(
            new ExoError(ErrorCode.GIT_FAILED, `git ${args[0] ?? ""} could not run: ${(error as NodeJS.ErrnoException).code}.`, {
              details: { args, code: null, stderr: "" },
              cause: error,
            }),
          );
          return;
        }
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    // A pipe (FIFO) where git opens a file to read (a .gitignore or .gitattributes below the top
    // folder, the global excludes file: a hand's mkfifo, a bad sync or restore) held git, and so the
    // command, for ever: git waits in the open for a writer that never comes. Looked at once a
    // second after the first (Linux: the kernel names that wait), twice in a row before git is
    // stopped; a git that answers in time never pays for it.
    let seen = 0;
    const watch = setInterval(() => {
      const waiting = child.pid === undefined ? undefined : pipeOpenWait(child.pid);
      seen = waiting === undefined ? 0 : seen + 1;
      if (seen < 2) return;
      pipe = waiting;
      child.kill("SIGKILL");
    }, 1000);
  });
}

/**
 * Whether process `pid` waits in an open of a pipe for a writer (Linux: its wait channel is the
 * kernel's wait_for_partner): then the path it opens (from its open call's arguments, relative to
 * its working folder, or null when they cannot be read); undefined when it does not, or no /proc
 * tells.
 */
function pipeOpenWait(pid: number): string | null | undefined {
  const fs = nodeFs();
  try {
    if (fs.readFileSync(`/proc/${pid}/wchan`, "utf8").trim() !== "wait_for_partner") return undefined;
  } catch {
    return undefined;
  }
  try {
    // openat (257 on x86-64, 56 on arm64): dirfd, path; open (2 on x86-64): path.
    const [nr, ...call] = fs.readFileSync(`/proc/${pid}/syscall`, "utf8").trim().split(" ");
    const at = nr === "257" || nr === "56";
    if (!at && nr !== "2") return null;
    const dirfd = at ? Number(BigInt.asIntN(32, BigInt(call[0] ?? "0"))) : -100;
    const fd = fs.openSync(`/proc/${pid}/mem`, "r");
    const bytes = Buffer.alloc(4096);
    let n = 0;
    try {
      n = fs.readSync(fd, bytes, 0, bytes.length, BigInt(call[at ? 1 : 0] ?? "0"));
    } finally {
      fs.closeSync(fd);
    }
    const path = bytes.subarray(0, n).toString("utf8").split("\0")[0] ?? "";
    if (path === "") return null;
    if (path.startsWith("/")) return path;
    return `${fs.readlinkSync(dirfd === -100 ? `/proc/${pid}/cwd` : `/proc/${pid}/fd/${dirfd}`)}/${path}`;
  } catch {
    return null;
  }
}

let fsModule: typeof Fs | undefined;
const nodeFs = () => (fsModule ??= createRequire(import.meta.url)("node:fs") as typeof Fs);

/** git stopped while it waited on a pipe (`path`, absolute, or null when unknown) for a writer. */
function pipeWaitError(cwd: string, args: readonly string[], path: string | null): ExoError {
  const inside = path !== null && path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
  const what = `git ${args[0] ?? ""} was stopped: it waited`;
  if (inside === null) {
    return new ExoError(ErrorCode.IO_ERROR, `${what} on a named pipe (FIFO) it opened to read (a .gitignore, .gitattributes or excludes file, perhaps) for a writer that never comes, and every git status would wait the same. Find it (find . -type p) and remove it.`, { hint: "find . -type p", details: { args, reason: "not_a_file" } });
  }
  const rm = `rm -- ${shellWord(inside)}`;
  return new ExoError(ErrorCode.IO_ERROR, `${what} on ${inside}, a named pipe (FIFO) where git reads a file (a .gitignore, .gitattributes or excludes file), for a writer that never comes, and every git status would wait the same. Remove it (${rm}; a pipe holds no text)${inside.startsWith("/") ? "" : `; if git has that file, git checkout -- ${shellWord(inside)} brings its copy back`}.`, { hint: rm, details: { args, path: inside, reason: "not_a_file" } });
}

/** gitRaw for a caller that cannot wait: a spawn failure (git missing, bad cwd) reads as exit code 1. */
export function gitRawSync(cwd: string, args: readonly string[]): GitResult {
  const r = nodeChildProcess().spawnSync("git", args as string[], { cwd, env: { ...process.env, ...GIT_ENV }, maxBuffer: 256 * 1024 * 1024, encoding: "utf8", timeout: 10_000 });
  return { stdout: r.stdout ?? "", stderr: r.stderr ?? "", code: r.error ? 1 : (r.status ?? 1) };
}

/** Run git and return stdout; a non-zero exit is GIT_FAILED with a one-line message. */
export async function git(
  cwd: string,
  args: readonly string[],
  opts: { input?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const result = await gitRaw(cwd, args, opts);
  if (result.code !== 0) throw gitFailed(args, result);
  return result.stdout;
}

/**
 * What HEAD's tree has at `rel` (a path relative to the work tree at `root`), from its mode: a file
 * (100644, 100755), a symlink (120000), a folder (040000), or nothing (no such entry, no HEAD, a
 * submodule).
 */
export async function headEntry(root: string, rel: string): Promise<"file" | "link" | "folder" | "none"> {
  const entry = await gitRaw(root, ["ls-tree", "HEAD", "--", rel]).catch(() => null);
  const mode = entry?.code === 0 ? entry.stdout.split(" ")[0] : "";
  return mode === "100644" || mode === "100755" ? "file" : mode === "120000" ? "link" : mode === "040000" ? "folder" : "none";
}

/** git's words for an index file it cannot read (zeroed or cut short by a crash or a power cut). */
export const INDEX_CORRUPT = /index file corrupt|index file smaller than expected|bad index file/;

export function gitFailed(args: readonly string[], result: GitResult): ExoError {
  // git prints progress before its error ("Preparing worktree …" then "fatal: …"): name the error.
  const lines = result.stderr.trim().split("\n");
  const firstLine = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? "";
  // A corrupt index fails every git command that reads it (status, add, commit): the hint was
  // git status, which fails the same way.
  if (INDEX_CORRUPT.test(result.stderr)) {
    return new ExoError(ErrorCode.GIT_FAILED, `git ${args.slice(0, 3).join(" ")} failed: git's index (.git/index, the list of what is staged) is corrupt (${firstLine.replace(/^(fatal|error): /, "")}: a crash or a power cut cut it short); exo doctor --fix rebuilds it from HEAD, keeping your work-tree changes (what was staged is unstaged).`, {
      hint: "exo doctor --fix --section git_index",
      details: { args, code: result.code, stderr: result.stderr.slice(-2000), reason: "index_corrupt" },
    });
  }
  return new ExoError(
    ErrorCode.GIT_FAILED,
    `git ${args.slice(0, 3).join(" ")} failed${firstLine ? `: ${firstLine}` : ""}`,
    { details: { args, code: result.code, stderr: result.stderr.slice(-2000) } },
  );
}
