// The hook gate's shell analysis (replaces kernel/shell.ts in hook-gate.cjs at build time): the
// analysis is two thirds of the gate's code, so it is a bundle of its own (`hook-shell.cjs` beside
// the gate), loaded through its own V8 code cache only by a call that holds a command line (Bash,
// Codex's exec tools and apply_patch, Cursor's and Windsurf's command events). A file write or an
// MCP call neither reads nor deserialises it.
import { fileURLToPath } from "node:url";
import { loadBundle } from "../io/compile-cache.js";
import type * as Shell from "../kernel/shell.js";

export type { Forbidden, ShellTarget, TreeRead } from "../kernel/shell.js";

let loaded: { exports: typeof Shell; save: (tag?: string) => void } | null = null;

function shell(): typeof Shell {
  loaded ??= loadBundle<typeof Shell>(fileURLToPath(new URL("./hook-shell.cjs", import.meta.url)), process.env, "shell");
  return loaded.exports;
}

export const shellTargets: typeof Shell.shellTargets = (...args) => shell().shellTargets(...args);
export const patchTargets: typeof Shell.patchTargets = (...args) => shell().patchTargets(...args);
export const patchUnknown: typeof Shell.patchUnknown = (...args) => shell().patchUnknown(...args);

/** Keep the analysis's code cache, grown by the way this call took (`tag`), once the answer is out. */
export function saveShellCache(tag?: string): void {
  loaded?.save(tag);
}
