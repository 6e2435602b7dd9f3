// sha256 hashes short texts with @noble/hashes and the rest with node:crypto (kernel/canon.ts):
// both paths must give node:crypto's digest for every string, including lone surrogates (which
// both encode as U+FFFD) and bytes.
import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

const native = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const runs = Number(process.env["FUZZ_RUNS"] ?? 300);

describe("sha256", () => {
  it("the JavaScript path gives node:crypto's digest for any string or bytes", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 1100 }), fc.string({ unit: "grapheme", maxLength: 300 }), fc.string({ maxLength: 1100 })), (text) => {
        expect(bytesToHex(nobleSha256(utf8ToBytes(text)))).toBe(native(text));
      }),
      { numRuns: runs },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1100 }), (bytes) => {
        expect(bytesToHex(nobleSha256(bytes))).toBe(native(bytes));
      }),
      { numRuns: runs },
    );
  });

  it("a process's hashes agree with node:crypto across the switch from JavaScript to node:crypto", async () => {
    vi.resetModules();
    const { sha256 } = await import("../../../src/kernel/canon.js");
    const texts = ["", "a", "\ud800", "é".repeat(400), "x".repeat(1024), "y".repeat(1025), "z".repeat(700), "w".repeat(5000)];
    for (let i = 0; i < 12; i++) texts.push(`record ${i} ${"r".repeat(600)}`);
    for (const text of texts) expect(sha256(text)).toBe(native(text));
    expect(sha256(new Uint8Array([1, 2, 3]))).toBe(native(new Uint8Array([1, 2, 3])));
  });
});
