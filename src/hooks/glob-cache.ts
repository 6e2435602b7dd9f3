// The compiled-glob cache of a hook call's repository (`<state>/cache/globs.json`, see
// kernel/globs.ts): the gating bundle and the git/after-edit bundle read it before they match
// globs, so a warm call never loads picomatch, and persist what they had to compile once their
// answer is printed.
import { join } from "node:path";
import { compiledGlobs, useCompiledGlobs } from "../kernel/globs.js";
import { readCacheJsonSync } from "../io/read.js";
import { writeCacheFileSync } from "../io/fs-atomic.js";

let file: string | null = null;

/**
 * Match globs from this repository's compiled-glob cache. A missing, unreadable (a folder, a
 * symlink loop, no permission), unparsable or foreign one is ignored: the globs are compiled.
 */
export function useGlobCache(stateDir: string): void {
  file = join(stateDir, "cache", "globs.json");
  useCompiledGlobs(readCacheJsonSync(file));
}

/** Persist the globs this call had to compile (temp file + rename; lost, the next call compiles again). */
export function saveGlobCache(): void {
  const table = file ? compiledGlobs() : null;
  if (table && file) writeCacheFileSync(file, JSON.stringify(table));
}
