// Write receipts for ticket and ticket-lock files (issue #18): every time exo writes one, it
// first records the sha256 of the bytes it is about to write in
// <state>/cache/integrity/<kind>/<ID>.sha256, as two lines: the new hash, then the hash the
// previous receipt named. A crash between the receipt and the file write therefore leaves a file
// whose hash the receipt still names (the old one), so only changes made outside exo show up.
// doctor's integrity section compares; `doctor --fix` adopts what a person confirms is right.
// No heavy imports: the hook writes lock files through here too.
import { sha256 } from "../kernel/canon.js";
import { fnvHex } from "../kernel/fnv.js";
import { lstatSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { ErrorCode, ExoError } from "../errors.js";
import { ioError, replaceFile, writeFileAtomic } from "./fs-atomic.js";
import { isStateLinkError } from "./state-links.js";

export type ReceiptKind = "tickets" | "locks";

/** A receipt is two hashes; anything much larger is not one. */
const RECEIPT_LIMIT = 64 * 1024;

/**
 * Ticket files live in each work tree while the state folder is shared: a linked work tree (git
 * worktree add) keeps its ticket receipts apart, or its writes would mark the main tree's ticket
 * files as changed outside exo. Locks live in the state folder and share one set.
 */
export function receiptTree(repo: { root: string; mainRoot: string }, kind: ReceiptKind): string | undefined {
  return kind === "tickets" && repo.root !== repo.mainRoot ? fnvHex(repo.root, 12) : undefined;
}

export function receiptFile(stateDir: string, kind: ReceiptKind, id: string, tree?: string): string {
  return tree ? join(stateDir, "cache", "integrity", "worktrees", tree, kind, `${id}.sha256`) : join(stateDir, "cache", "integrity", kind, `${id}.sha256`);
}

/** The hashes a receipt accepts (newest first); empty when there is none. */
export function readReceipt(stateDir: string, kind: ReceiptKind, id: string, tree?: string): string[] {
  try {
    const file = receiptFile(stateDir, kind, id, tree);
    // Only a regular file of a receipt's size (two lines): a symlink to /dev/zero or a pipe under a
    // receipt's name held doctor, next and finish for ever. It is no receipt of exo's; doctor's
    // state section names the link and --fix removes it.
    const st = lstatSync(file);
    if (!st.isFile() || st.size > RECEIPT_LIMIT) throw new Error("not a receipt");
    return readFileSync(file, "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => /^[0-9a-f]{64}$/.test(l));
  } catch {
    // A linked work tree with no receipt of its own yet (written before per-tree receipts): the shared one.
    return tree ? readReceipt(stateDir, kind, id) : [];
  }
}

/**
 * Contents of a file exo is about to rewrite that its receipt does not name: changed outside exo.
 * Null when they match, or when there is no receipt to compare with (written before receipts
 * existed, or by another clone). Shared by the CLI (stdlib/integrity/witness) and the hook.
 */
export function unrecordedChange(stateDir: string, kind: ReceiptKind, id: string, current: string | Buffer, tree?: string): { expected: string | null; found: string } | null {
  const receipt = readReceipt(stateDir, kind, id, tree);
  if (receipt.length === 0) return null;
  const found = sha256(current);
  return receipt.includes(found) ? null : { expected: receipt[0] ?? null, found };
}

/**
 * Record the bytes about to be written (call before the file write, under the file's guard).
 * Atomic (temp file + rename) but not fsynced: a process crash leaves the old receipt or the new
 * one, both naming the file's contents; only a power cut between the two writes can leave a lock
 * or ticket its receipt does not name, which doctor reports and `doctor --fix` adopts. The fsync
 * would double the durable writes of every lock heartbeat.
 */
export async function writeReceipt(stateDir: string, kind: ReceiptKind, id: string, data: string, tree?: string): Promise<void> {
  const next = sha256(data);
  const previous = readReceipt(stateDir, kind, id, tree)[0];
  if (previous === next) return;
  const file = receiptFile(stateDir, kind, id, tree);
  await replaceFile(file, previous ? `${next}\n${previous}\n` : `${next}\n`).catch((error: unknown) => {
    throw isStateLinkError(error) ? error : (notAFolder(stateDir, file, error) ?? ioError("write an integrity receipt", error));
  });
}

/**
 * A file (or pipe) where a folder of the receipts goes (a pull, a hand edit): STATE_CORRUPT naming
 * it, hint exo doctor --fix, which moves it aside (before: IO_ERROR "Could not write an integrity
 * receipt: ENOTDIR", hint exo doctor, whose state section passed). Null for any other failure.
 */
function notAFolder(stateDir: string, file: string, error: unknown): ExoError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  // A folder at the receipt itself: before, IO_ERROR "EISDIR" with hint exo doctor, which reported
  // an interrupted finish and whose --fix failed on the same folder.
  if (code === "EISDIR" && lstatSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    const shown = relative(dirname(stateDir), file);
    return new ExoError(ErrorCode.STATE_CORRUPT, `${shown} is a folder where exo keeps an integrity receipt; run exo doctor --fix to move it aside.`, { hint: "exo doctor --fix", details: { file: shown, reason: "a_folder" } });
  }
  if (code !== "ENOTDIR" && code !== "EEXIST") return null;
  const cache = join(stateDir, "cache");
  for (let dir = cache; ; ) {
    const st = lstatSync(dir, { throwIfNoEntry: false });
    if (st === undefined) return null;
    if (!st.isDirectory()) {
      const shown = relative(dirname(stateDir), dir);
      return new ExoError(ErrorCode.STATE_CORRUPT, `${shown} is not a folder: exo keeps the receipts of its ticket and lock writes there; run exo doctor --fix to move it aside.`, { hint: "exo doctor --fix", details: { file: dir, reason: "not_a_folder" } });
    }
    const rest = relative(dir, dirname(file));
    if (rest === "") return null;
    dir = join(dir, rest.split(sep)[0] as string);
  }
}

/** Write a file exo owns with its receipt first. */
export async function writeWithReceipt(stateDir: string, kind: ReceiptKind, id: string, file: string, data: string, tree?: string): Promise<void> {
  await writeReceipt(stateDir, kind, id, data, tree);
  await writeFileAtomic(file, data);
}
