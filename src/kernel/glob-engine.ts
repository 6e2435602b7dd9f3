// The glob compiler behind kernel/globs.ts: picomatch. The hook bundle swaps this module for
// src/hooks/glob-engine-lazy.ts, which loads picomatch only for a glob not compiled ahead.
import picomatch from "picomatch";

declare const __EXO_GLOB_ENGINE__: string | undefined;

export interface EngineOptions {
  dot: boolean;
  nocase: boolean;
  nonegate?: boolean;
  nobrace?: boolean;
  noextglob?: boolean;
}

/** Names the compiler (and its version) so compiled regexes are never reused across versions. */
export const GLOB_ENGINE = typeof __EXO_GLOB_ENGINE__ === "string" ? __EXO_GLOB_ENGINE__ : "picomatch@dev";

/** picomatch's matcher; a program's own glob syntax may switch off negation, braces or extglobs. */
export function engineMatcher(pattern: string, options: EngineOptions): (path: string) => boolean {
  return picomatch(pattern, options);
}

export function engineRegex(pattern: string, options: { dot: boolean; nocase?: boolean }): RegExp {
  return picomatch.makeRe(pattern, options);
}
