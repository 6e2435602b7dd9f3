// Random values from node:crypto, loaded on first use (kernel/builtins.ts): a hook that writes
// nothing (a git pre-commit that passes) never loads the module.
import { nodeCrypto } from "../kernel/builtins.js";

/** A uniform integer in [0, max). */
export function randomInt(max: number): number {
  return nodeCrypto().randomInt(max);
}

/** `n` random bytes as hex. */
export function randomHex(n: number): string {
  return nodeCrypto().randomBytes(n).toString("hex");
}

let made = 0;

/**
 * A name no other call of any process makes, for temp files and guard tokens: they must differ,
 * not be secret, so this takes no node:crypto (5–7 ms to load in a hook that writes one file).
 * The process id, a counter and 64 bits of V8's `Math.random` (seeded per process from the
 * operating system's entropy) set apart processes of one machine and of machines sharing a folder.
 */
export function uniqueName(): string {
  const noise = () => Math.floor(Math.random() * 2 ** 32).toString(36);
  return `${process.pid.toString(36)}-${(made++).toString(36)}-${noise()}${noise()}`;
}
