// A git query started before the CLI bundle loads, answered when the command asks it.
//
// session-finish lists the working tree's status for its drift before it writes anything. Started
// by the `exo` entry (cli/bin.ts) as soon as it knows the command, the listing runs on another
// core while Node loads and compiles the CLI bundle, verifies governance and reads the session,
// and the fork happens while the process is still small (a fork costs more the more memory Node
// has mapped). gitRaw takes the answer when the command asks the same query of the same
// repository (takePrefetched); otherwise it is never used.
//
// Same answer as asking later: finish asks for the status before any write of its own that the
// status could show (exo's records under .exo/ are added from the list of files the process wrote,
// stdlib/git/autocommit.ts), and nothing else runs in between. The listing runs with
// GIT_OPTIONAL_LOCKS=0, so it never holds .git/index.lock while the command may need the index,
// and a process that exits without asking leaves nothing behind (the child is not waited for).
//
// The entry and the CLI bundle are separate files, so the pending query is kept on globalThis.
import type { ChildProcess } from "node:child_process";
import { lstatSync } from "node:fs";
import { dirname, join, sep } from "node:path";

export interface PrefetchResult {
  stdout: string;
  stderr: string;
  code: number;
}

interface Pending {
  /** Where git ran (the process's folder). */
  cwd: string;
  args: readonly string[];
  result: Promise<PrefetchResult | null>;
  child: ChildProcess | null;
}

const KEY = Symbol.for("exoprotocol.git-prefetch");
type Store = { [KEY]?: Pending[] };

/**
 * Variables that tell git which repository, work tree or index to use regardless of the folder it
 * runs in: with one set, the folder check below proves nothing, so nothing is prefetched.
 */
const LOCATION_VARS = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES"];

/** The git environment exo's git calls use (io/git.ts). */
export const GIT_ENV: Readonly<Record<string, string>> = { GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" };

/** Start `git <args>` in the process's folder now, for gitRaw to take later. */
export function prefetchGit(args: readonly string[], cp: typeof import("node:child_process")): void {
  const env = process.env;
  if (env["EXO_NO_GIT_PREFETCH"] === "1" || LOCATION_VARS.some((k) => env[k] !== undefined)) return;
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    return; // the folder is gone: the command says so itself
  }
  const store = globalThis as Store;
  const pending: Pending = { cwd, args, child: null, result: Promise.resolve(null) };
  pending.result = new Promise((resolve) => {
    try {
      pending.child = cp.execFile("git", args as string[], { cwd, env: { ...env, ...GIT_ENV, GIT_OPTIONAL_LOCKS: "0" }, maxBuffer: 256 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === "string") resolve(null); // could not run: asked again later
        else resolve({ stdout, stderr, code: error ? (typeof error.code === "number" ? error.code : 1) : 0 });
      });
      // A command that never asks (an error, another path) does not wait for the listing.
      pending.child.unref();
      (pending.child.stdout as { unref?: () => void } | null)?.unref?.();
      (pending.child.stderr as { unref?: () => void } | null)?.unref?.();
    } catch {
      resolve(null);
    }
  });
  (store[KEY] ??= []).push(pending);
}

/**
 * The prefetched answer to `git <args>` run in `cwd`, taken once: only for the same arguments, no
 * extra environment or input, and when `cwd` is the top of the work tree git found from the
 * folder the prefetch ran in (no other `.git` between them). A listing that failed is asked again.
 */
export function takePrefetched(cwd: string, args: readonly string[], extra: { input?: string; env?: Record<string, string> }): Promise<PrefetchResult | null> | null {
  const list = (globalThis as Store)[KEY];
  if (!list || list.length === 0 || extra.input !== undefined || (extra.env && Object.keys(extra.env).length > 0)) return null;
  const i = list.findIndex((p) => p.args.length === args.length && p.args.every((a, k) => a === args[k]));
  if (i < 0) return null;
  const pending = list[i] as Pending;
  list.splice(i, 1);
  if (!sameWorkTree(pending.cwd, cwd)) return null;
  // Awaited now: the listing keeps the process alive again until it answers.
  const child = pending.child;
  if (child) {
    child.ref();
    (child.stdout as { ref?: () => void } | null)?.ref?.();
    (child.stderr as { ref?: () => void } | null)?.ref?.();
  }
  return pending.result.then((r) => (r && r.code === 0 ? r : null));
}

/** The first folder from `from` upwards that holds a `.git` entry is `top`. */
function sameWorkTree(from: string, top: string): boolean {
  if (from !== top && !from.startsWith(top.endsWith(sep) ? top : top + sep)) return false;
  for (let dir = from; ; dir = dirname(dir)) {
    let found: boolean;
    try {
      found = lstatSync(join(dir, ".git"), { throwIfNoEntry: false }) !== undefined;
    } catch {
      return false;
    }
    if (found) return dir === top;
    if (dir === top || dirname(dir) === dir) return false;
  }
}
