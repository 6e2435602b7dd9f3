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

export function randomUUID(): string {
  return nodeCrypto().randomUUID();
}
