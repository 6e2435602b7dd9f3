// Is the state root's filesystem case-insensitive (SPEC §7.1 "Case")? exo probes it once per state
// root and keeps `{"case_insensitive": bool}` in cache/fs.json; readers without the file assume
// what the platform's default filesystem does (macOS and Windows: insensitive).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCacheJsonSync } from "./read.js";
import { uniqueName } from "./random.js";
import { writeCacheFileSync, removeFileSync } from "./fs-atomic.js";

const fsFile = (stateDir: string) => join(stateDir, "cache", "fs.json");

/** The cached answer, else the platform's default. */
export function caseInsensitiveAt(stateDir: string): boolean {
  const info = readCacheJsonSync(fsFile(stateDir)) as { case_insensitive?: unknown } | null | undefined;
  return typeof info?.case_insensitive === "boolean" ? info.case_insensitive : process.platform === "darwin" || process.platform === "win32";
}

/** Probe once (a lower-case file, then its upper-case name) and cache the answer; best effort. */
export function probeCase(stateDir: string): void {
  const file = fsFile(stateDir);
  if (existsSync(file)) return;
  const dir = join(stateDir, "cache");
  const name = `.case-probe-${uniqueName()}`.toLowerCase();
  const probe = join(dir, name);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, "");
    const insensitive = existsSync(join(dir, name.toUpperCase()));
    writeCacheFileSync(file, `${JSON.stringify({ case_insensitive: insensitive })}\n`);
  } catch {
    // unwritable state: readers fall back to the platform default
  } finally {
    removeFileSync(probe);
  }
}
