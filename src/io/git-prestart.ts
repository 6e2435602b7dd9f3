// `exo session-finish` lists the work tree (git status) before it writes anything. The executable
// (cli/bin.ts) starts that git process before it loads the CLI bundle, so git runs on another core
// while the bundle loads, and the fork happens while the process is still small (a fork copies
// the page tables of the whole process: about twice as slow once the bundle is in). finish takes
// the result only where it is the listing it would have asked for (stdlib/drift/changes.ts); any
// other command, or a finish that cannot use it, never reads it. Bundles share it through a global
// symbol: bin.js and main.cjs are separate bundles. Kept free of io/git.ts (and its error table):
// bin.js loads this module on every finish.
import type * as ChildProcess from "node:child_process";
import { createRequire } from "node:module";

/** The status finish lists its work tree with (porcelain v1, NUL-separated, every untracked file). */
export const FINISH_STATUS_ARGS: readonly string[] = ["status", "--porcelain=v1", "-z", "--untracked-files=all"];

/** The environment every exo git process gets on top of the caller's (io/git.ts). */
export const GIT_ENV: Readonly<Record<string, string>> = { GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" };

const KEY = Symbol.for("exoprotocol.git.prestarted");

interface Prestarted {
  cwd: string;
  args: string;
  result: Promise<{ stdout: string; stderr: string; code: number } | null>;
}

type Slot = { [KEY]?: Prestarted };

/** Start `git <args>` in `cwd` now; its result waits for takePrestarted. A spawn failure reads as null. */
export function prestartGit(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): void {
  const result = new Promise<{ stdout: string; stderr: string; code: number } | null>((resolve) => {
    try {
      const cp = createRequire(import.meta.url)("node:child_process") as typeof ChildProcess;
      cp.execFile("git", args as string[], { cwd, env: { ...env, ...GIT_ENV }, maxBuffer: 256 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === "string") resolve(null);
        else resolve({ stdout, stderr, code: error ? (typeof error.code === "number" ? error.code : 1) : 0 });
      });
    } catch {
      resolve(null);
    }
  });
  (globalThis as Slot)[KEY] = { cwd, args: args.join("\0"), result };
}

/**
 * The result of `git <args>` started early in `cwd`, once; null when none was, or it was started
 * elsewhere or with other arguments. The caller decides whether nothing changed since.
 */
export function takePrestarted(cwd: string, args: readonly string[]): Promise<{ stdout: string; stderr: string; code: number } | null> | null {
  const slot = globalThis as Slot;
  const found = slot[KEY];
  delete slot[KEY];
  return found && found.cwd === cwd && found.args === args.join("\0") ? found.result : null;
}
