// Write receipts for ticket and ticket-lock files (issue #18): every time exo writes one, it
// first records the sha256 of the bytes it is about to write in
// <state>/cache/integrity/<kind>/<ID>.sha256, as two lines: the new hash, then the hash the
// previous receipt named. A crash between the receipt and the file write therefore leaves a file
// whose hash the receipt still names (the old one), so only changes made outside exo show up.
// doctor's integrity section compares; `doctor --fix` adopts what a person confirms is right.
// No heavy imports: the hook writes lock files through here too.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./fs-atomic.js";

export type ReceiptKind = "tickets" | "locks";

export function sha256Text(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

export function receiptFile(stateDir: string, kind: ReceiptKind, id: string): string {
  return join(stateDir, "cache", "integrity", kind, `${id}.sha256`);
}

/** The hashes a receipt accepts (newest first); empty when there is none. */
export function readReceipt(stateDir: string, kind: ReceiptKind, id: string): string[] {
  try {
    return readFileSync(receiptFile(stateDir, kind, id), "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => /^[0-9a-f]{64}$/.test(l));
  } catch {
    return [];
  }
}

/** Record the bytes about to be written (call before the file write, under the file's guard). */
export async function writeReceipt(stateDir: string, kind: ReceiptKind, id: string, data: string): Promise<void> {
  const next = sha256Text(data);
  const previous = readReceipt(stateDir, kind, id)[0];
  if (previous === next) return;
  await writeFileAtomic(receiptFile(stateDir, kind, id), previous ? `${next}\n${previous}\n` : `${next}\n`);
}

/** Write a file exo owns with its receipt first. */
export async function writeWithReceipt(stateDir: string, kind: ReceiptKind, id: string, file: string, data: string): Promise<void> {
  await writeReceipt(stateDir, kind, id, data);
  await writeFileAtomic(file, data);
}
