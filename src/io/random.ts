// Random values from node:crypto, loaded on first use: a hook that writes nothing (a git
// pre-commit that passes) never loads the module (about 5 ms).
import type * as Crypto from "node:crypto";
import { createRequire } from "node:module";

let crypto: typeof Crypto | undefined;
const load = (): typeof Crypto => (crypto ??= createRequire(import.meta.url)("node:crypto") as typeof Crypto);

/** A uniform integer in [0, max). */
export function randomInt(max: number): number {
  return load().randomInt(max);
}

/** `n` random bytes as hex. */
export function randomHex(n: number): string {
  return load().randomBytes(n).toString("hex");
}

export function randomUUID(): string {
  return load().randomUUID();
}
