// node:crypto (about 5 ms to load) on first use: a hook or command that never hashes or draws a
// random value does not pay for it. One lazy loader for the kernel's hashes and io/random.ts.
import type * as Crypto from "node:crypto";
import { createRequire } from "node:module";

let crypto: typeof Crypto | undefined;

export function nodeCrypto(): typeof Crypto {
  return (crypto ??= createRequire(import.meta.url)("node:crypto") as typeof Crypto);
}

/** Whether node:crypto is loaded already (a random id drawn, say): then hashing natively costs nothing more. */
export function cryptoLoaded(): boolean {
  return crypto !== undefined;
}
