// Ledger records (SPEC §4.11, §7.17): linking a record to its segment tail, and checking a line.
import { canon, sha256 } from "./canon.js";

export interface LedgerEntry {
  writer: string;
  actor: string;
  type: string;
  ts: string;
  session?: string | null;
  ticket?: string | null;
  data: Record<string, unknown>;
}

export interface LedgerRecord {
  v: 1;
  seq: number;
  ts: string;
  writer: string;
  actor: string;
  type: string;
  session?: string;
  ticket?: string;
  data: Record<string, unknown>;
  prev: string | null;
  hash: string;
}

export interface Tail {
  seq: number;
  hash: string;
  ts: string;
}

/** Link the next ledger record to a segment tail (§7.17.2 step 4). */
export function appendAudit(tail: Tail | null, entry: LedgerEntry): { record: LedgerRecord; line: string } {
  const ts = tail && tail.ts > entry.ts ? tail.ts : entry.ts;
  const unsealed: Omit<LedgerRecord, "hash"> = {
    v: 1,
    seq: tail ? tail.seq + 1 : 1,
    ts,
    writer: entry.writer,
    actor: entry.actor,
    type: entry.type,
    ...(entry.session ? { session: entry.session } : {}),
    ...(entry.ticket ? { ticket: entry.ticket } : {}),
    data: entry.data,
    prev: tail ? tail.hash : null,
  };
  const hash = sha256(canon(unsealed));
  const record = { ...unsealed, hash } as LedgerRecord;
  return { record, line: `${canon(record)}\n` };
}

const HASH_KEY = ',"hash":"';

export type LineProblem = "parse_error" | "schema_error" | "writer_mismatch" | "seq_gap" | "chain_break" | "hash_mismatch";

/**
 * Check one segment line against its position and predecessor (§7.17.3). Returns the parsed
 * record (when it parses) and the first problem. Without an expected `seq` or `prev` (the first
 * line of a range read on its own), the record's own are taken and checked by the caller.
 */
export function checkLedgerLine(
  line: string,
  expected: { writer: string; seq?: number; prev?: string | null },
): { record: LedgerRecord | null; problem: LineProblem | null } {
  let record: LedgerRecord;
  try {
    record = JSON.parse(line) as LedgerRecord;
  } catch {
    return { record: null, problem: "parse_error" };
  }
  if (
    typeof record !== "object" || record === null || Array.isArray(record) ||
    record.v !== 1 || !Number.isInteger(record.seq) || typeof record.ts !== "string" ||
    typeof record.writer !== "string" || typeof record.actor !== "string" || typeof record.type !== "string" ||
    typeof record.data !== "object" || record.data === null || typeof record.hash !== "string" ||
    (record.prev !== null && typeof record.prev !== "string")
  ) {
    return { record: null, problem: "schema_error" };
  }
  if (record.writer !== expected.writer) return { record, problem: "writer_mismatch" };
  if (expected.seq !== undefined && record.seq !== expected.seq) return { record, problem: "seq_gap" };
  if (expected.prev !== undefined && record.prev !== expected.prev) return { record, problem: "chain_break" };
  // The top-level member is the last one: every key after it (prev, seq, ts, …) holds a scalar,
  // and quotes inside strings are escaped, so nested data cannot fake a later match.
  const at = line.lastIndexOf(HASH_KEY);
  const end = at + HASH_KEY.length + 64;
  if (at < 0 || line[end] !== '"' || line.slice(at + HASH_KEY.length, end) !== record.hash) {
    return { record, problem: "hash_mismatch" };
  }
  if (sha256(line.slice(0, at) + line.slice(end + 1)) !== record.hash) return { record, problem: "hash_mismatch" };
  return { record, problem: null };
}
