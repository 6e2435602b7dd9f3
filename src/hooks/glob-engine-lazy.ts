// The hook bundle's glob compiler (replaces kernel/glob-engine.ts at build time): picomatch is a
// separate file (`glob-engine.cjs` beside the bundle), required only when a glob is missing from
// the compiled-glob cache, so a warm hook call never parses it.
import { createRequire } from "node:module";
import type { EngineOptions } from "../kernel/glob-engine.js";

declare const __EXO_GLOB_ENGINE__: string | undefined;

export type { EngineOptions } from "../kernel/glob-engine.js";

export const GLOB_ENGINE = typeof __EXO_GLOB_ENGINE__ === "string" ? __EXO_GLOB_ENGINE__ : "picomatch@dev";

interface Picomatch {
  (pattern: string, options: EngineOptions): (path: string) => boolean;
  makeRe(pattern: string, options: { dot: boolean; nocase?: boolean }): RegExp;
}

let loaded: Picomatch | null = null;
function picomatch(): Picomatch {
  loaded ??= createRequire(import.meta.url)("./glob-engine.cjs") as Picomatch;
  return loaded;
}

/** picomatch's matcher; a program's own glob syntax may switch off negation, braces or extglobs. */
export function engineMatcher(pattern: string, options: EngineOptions): (path: string) => boolean {
  return picomatch()(pattern, options);
}

export function engineRegex(pattern: string, options: { dot: boolean; nocase?: boolean }): RegExp {
  return picomatch().makeRe(pattern, options);
}
