// The glob compiler behind kernel/globs.ts: picomatch. The hook bundle swaps this module for
// src/hooks/glob-engine-lazy.ts, which loads picomatch only for a glob not compiled ahead.
import picomatch from "picomatch";

declare const __EXO_GLOB_ENGINE__: string | undefined;

/** Names the compiler (and its version) so compiled regexes are never reused across versions. */
export const GLOB_ENGINE = typeof __EXO_GLOB_ENGINE__ === "string" ? __EXO_GLOB_ENGINE__ : "picomatch@dev";

export function engineMatcher(pattern: string, options: { dot: boolean; nocase: boolean }): (path: string) => boolean {
  return picomatch(pattern, options);
}

export function engineRegex(pattern: string, options: { dot: boolean; nocase?: boolean }): RegExp {
  return picomatch.makeRe(pattern, options);
}
