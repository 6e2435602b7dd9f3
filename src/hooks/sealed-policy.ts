// Reading `.exo/policy.sealed.json` for a decision, and checking it against its seal (SPEC §7.2).
//
// Every gating call checks the seal, and hashing the policy needs node:crypto: about 5 ms to load,
// more than the rest of an allowed call's own work. So a seal found valid is remembered, in
// `<state>/cache/seal-verified.json`, with the file's stamp: device, inode, size, and modification
// and change times to the nanosecond. A later call that finds the same stamp and the same
// seal_sha256 skips the hash. Any write to the file moves its change time, which no user process
// can set back (exo's own writes replace the file, a new inode too), so an edited file never
// matches. A file changed less than SETTLED_MS ago is not remembered: on a filesystem whose clock
// ticks in seconds, a second write within the same tick would keep the stamp. An actor able to
// forge the cache could as well recompute the seal, which is a plain SHA-256: the cache gives
// nothing away that the seal did not.
import { statSync } from "node:fs";
import { join } from "node:path";
import { hasValidSeal } from "../kernel/canon.js";
import type { Located } from "../io/locate.js";
import { readCacheJsonSync, readJsonSync } from "../io/read.js";
import { writeCacheFileSync } from "../io/fs-atomic.js";

const FORMAT = "exo.seal-verified/1";
const SETTLED_MS = 3000;

/** Where each policy object read here came from: its file stamp, change time and the cache beside it. */
const origin = new WeakMap<object, { stamp: string; changedMs: number; cache: string }>();

/**
 * The sealed policy of a located repository, as `readJsonSync` answers (null when missing,
 * undefined when unparsable). The stamp is taken before the read, so a write racing the read
 * leaves a stamp that no longer matches the file: the next call hashes again.
 */
export function readSeal(where: Located): unknown {
  const file = join(where.exoDir, "policy.sealed.json");
  let stamp: { stamp: string; changedMs: number } | null = null;
  try {
    const s = statSync(file, { bigint: true });
    stamp = { stamp: `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`, changedMs: Number(s.ctimeMs) };
  } catch {
    stamp = null; // missing or unreadable: readJsonSync says which
  }
  const value = readJsonSync(file);
  if (stamp && value !== null && typeof value === "object") origin.set(value, { ...stamp, cache: join(where.stateDir, "cache", "seal-verified.json") });
  return value;
}

/** Whether a sealed policy matches its seal_sha256; the stamp cache answers for an unchanged file. */
export function sealIsValid(seal: object): boolean {
  const claimed = (seal as { seal_sha256?: unknown }).seal_sha256;
  const from = origin.get(seal);
  if (from && typeof claimed === "string" && cachedAs(from.cache) === `${from.stamp} ${claimed}`) return true;
  const valid = hasValidSeal(seal as Record<string, unknown>, "seal_sha256");
  if (valid && from && Date.now() - from.changedMs > SETTLED_MS) writeCacheFileSync(from.cache, JSON.stringify({ format: FORMAT, verified: `${from.stamp} ${claimed as string}` }));
  return valid;
}

function cachedAs(cache: string): string | null {
  const entry = readCacheJsonSync(cache) as { format?: unknown; verified?: unknown } | null;
  return entry?.format === FORMAT && typeof entry.verified === "string" ? entry.verified : null;
}
