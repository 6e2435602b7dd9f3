// Whether exo's prepare-commit-msg script may append the Exo-Session and Exo-Ticket trailers itself
// (git-hook-body.ts) instead of asking `git interpret-trailers`: only when git's configuration
// holds nothing that changes what interpret-trailers writes (any trailer.* key, core.commentChar).
// session-start reads the configuration anyway (io/git-config.ts) and records the answer in
// `<state>/cache/git-trailers.json`; pre-commit passes it on in its trailer memo. No record (a
// session started by an older exo, an unreadable file) means: ask git.
import { join } from "node:path";
import type { GitConfigEntry } from "../../io/git-config.js";
import { writeCacheFileSync } from "../../io/fs-atomic.js";
import { readCacheJsonSync } from "../../io/read.js";

const FORMAT = "exo.git-trailers/1";

function file(stateDir: string): string {
  return join(stateDir, "cache", "git-trailers.json");
}

/** True when no configuration entry changes what `git interpret-trailers` writes. */
export function plainTrailerConfig(entries: readonly GitConfigEntry[]): boolean {
  return !entries.some((e) => e.key.startsWith("trailer.") || e.key === "core.commentchar");
}

/** Record the answer for this configuration (written only when it changed). */
export function recordTrailerConfig(stateDir: string, entries: readonly GitConfigEntry[]): void {
  const plain = plainTrailerConfig(entries);
  if (recorded(stateDir) === plain) return;
  writeCacheFileSync(file(stateDir), `${JSON.stringify({ format: FORMAT, plain })}\n`);
}

/** The recorded answer: true only when a record says the configuration is plain. */
export function trailerConfigIsPlain(stateDir: string): boolean {
  return recorded(stateDir) === true;
}

function recorded(stateDir: string): boolean | null {
  const value = readCacheJsonSync(file(stateDir)) as { format?: unknown; plain?: unknown } | null;
  return value?.format === FORMAT && typeof value.plain === "boolean" ? value.plain : null;
}
