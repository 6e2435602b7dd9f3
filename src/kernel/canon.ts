// Canonical JSON (SPEC §2.2) and the SHA-256 helpers every hash link and seal is built from.
import { sha256 as jsSha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { cryptoLoaded, nodeCrypto } from "./builtins.js";

/** Canonical JSON: keys sorted by UTF-16 code unit at every depth, no whitespace. */
export function canon(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        return `[${value.map((item) => (item === undefined ? "null" : canon(item))).join(",")}]`;
      }
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, which is what SPEC asks for.
      const keys = Object.keys(record).sort();
      const parts: string[] = [];
      for (const key of keys) {
        const member = record[key];
        if (member === undefined || typeof member === "function") continue;
        parts.push(`${JSON.stringify(key)}:${canon(member)}`);
      }
      return `{${parts.join(",")}}`;
    }
    default:
      return "null";
  }
}

// The first few short texts a process hashes (a hook's ledger record, an actor's guard name) go
// through @noble/hashes, plain JavaScript inside the bundle and its code cache: node:crypto loads
// fifteen internal modules and the stream modules (about 5 ms), and the interpreter hashes a
// short text in a fraction of that, though only about a kilobyte per millisecond before V8
// optimises it. A longer text (a governance source, a lock), or more than JS_BUDGET bytes in all,
// goes to node:crypto, whose native code is far faster in bulk (ledger verify). Both give the
// same digest (test/unit/kernel/canon-hash.test.ts).
// crypto.hash (Node 20.12+) hashes in one call, about four times faster than a Hash object for
// the short texts of ledger records; older Node 20 releases take the Hash object.
const JS_LONGEST = 1024;
const JS_BUDGET = 4096;
let jsBytes = 0;
let hasher: ((data: string | Uint8Array) => string) | undefined;

function loadHasher(): (data: string | Uint8Array) => string {
  const crypto = nodeCrypto();
  const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: "hex") => string }).hash;
  return oneShot ? (data) => oneShot("sha256", data, "hex") : (data) => crypto.createHash("sha256").update(data).digest("hex");
}

export function sha256(data: string | Uint8Array): string {
  if (hasher === undefined) {
    // A string's UTF-8 form is at most three bytes per UTF-16 unit. Once node:crypto is loaded
    // for another reason (session-start draws its id with crypto.randomInt), it hashes everything.
    if (!cryptoLoaded() && data.length <= JS_LONGEST && jsBytes + 3 * data.length <= JS_BUDGET) {
      const bytes = typeof data === "string" ? utf8ToBytes(data) : data;
      if (bytes.length <= JS_LONGEST) {
        jsBytes += bytes.length;
        return bytesToHex(jsSha256(bytes));
      }
    }
    hasher = loadHasher();
  }
  return hasher(data);
}

/** Return a copy of `value` with `field` set to sha256(canon(value without field)). */
export function sealResult<T extends object, F extends string>(
  value: T,
  field: F,
): T & Record<F, string> {
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  delete copy[field];
  const hash = sha256(canon(copy));
  return { ...(value as Record<string, unknown>), [field]: hash } as T & Record<F, string>;
}

/**
 * The hash `value` claims in `field` and the one its other members give: a tamper record's
 * `expected` and `actual` (SPEC §4.11.2).
 */
export function sealHashes(value: Record<string, unknown>, field: string): { expected: string | null; actual: string } {
  const copy: Record<string, unknown> = { ...value };
  const claimed = copy[field];
  delete copy[field];
  return { expected: typeof claimed === "string" ? claimed : null, actual: sha256(canon(copy)) };
}

/** Recompute the seal hash of `value` and compare it with its `field`. */
export function hasValidSeal(value: Record<string, unknown>, field: string): boolean {
  const copy: Record<string, unknown> = { ...value };
  const claimed = copy[field];
  delete copy[field];
  return typeof claimed === "string" && claimed === sha256(canon(copy));
}

/** Round like SPEC §7.15: Math.round(x·1000 + 1e-9) / 1000. */
export function round3(x: number): number {
  return Math.round(x * 1000 + 1e-9) / 1000;
}
