// The one thin wrapper around git: execFile, no shell, no prompts, C locale (SPEC §5.2).
import type * as ChildProcess from "node:child_process";
import { createRequire } from "node:module";
import { ExoError, ErrorCode } from "../errors.js";

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
    const child = nodeChildProcess().execFile(
      "git",
      args as string[],
      { cwd, env: { ...process.env, ...GIT_ENV, ...opts.env }, maxBuffer: 256 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
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
  });
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
