// Before exo rewrites a ticket or lock file it looks at what is there: contents no receipt names
// (io/integrity) were changed outside exo, and the rewrite would carry the change on under a fresh
// receipt. So the change is put on the ledger first (integrity.violation: file, the hash exo
// expected, the hash found), where doctor reports it until someone adopts it. A ticket file that
// equals the committed version came through git (pull, merge, checkout) and is not a violation.

import { readRegularFileSync } from "../../io/read.js";
import { basename, dirname } from "node:path";
import { gitRaw } from "../../io/git.js";
import { readReceipt, receiptTree, unrecordedChange, type ReceiptKind } from "../../io/integrity.js";
import { sha256 } from "../../kernel/canon.js";
import type { Repo } from "../../io/paths.js";
import { appendLedger } from "../ledger/store.js";

interface Who {
  actor: string;
  host: string;
  now: Date;
}

export async function witnessBeforeWrite(repo: Repo, who: Who, kind: ReceiptKind, id: string, file: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = readRegularFileSync(file);
  } catch {
    return; // a new file
  }
  const change = unrecordedChange(repo.stateDir, kind, id, bytes, receiptTree(repo, kind));
  if (!change) return;
  if (kind === "tickets" && (await onlyUnknownKeysAdded(repo, id, bytes, file))) return;
  if (kind === "tickets" && (await gitRaw(dirname(file), ["diff", "--quiet", "HEAD", "--", basename(file)])).code === 0) return;
  await appendLedger(repo, who, [{ type: "integrity.violation", ticket: id, data: { file: repo.relative(file), kind, ...change } }]);
}

/**
 * A ticket file whose known fields are exactly what exo last wrote, with unknown keys added (a
 * newer exo's field, SPEC §4.5.1: kept on rewrite, reported by doctor as a warning): no fence moved.
 */
export async function onlyUnknownKeysAdded(repo: Repo, id: string, bytes: Buffer, file: string): Promise<boolean> {
  const { knownFieldsText } = await import("../tickets/model.js");
  const known = knownFieldsText(bytes.toString("utf8"), file);
  return known !== null && readReceipt(repo.stateDir, "tickets", id, receiptTree(repo, "tickets")).includes(sha256(known));
}
