// Verifying a segment in ranges (SPEC §7.17.3). Each range of a segment is checked on its own,
// possibly in another thread (./parallel.ts), and the results are joined in order: the join
// reports exactly what one pass over the whole segment reports (the first problem, the records
// counted, the time regressions before it), because a range's first line is checked against the
// range before it only at the join.
import { checkLedgerLine, type LineProblem } from "../../kernel/ledger.js";
import { eachLineIn } from "./lines.js";

/** One range of one segment: the lines that begin at a byte in [from, to). */
export interface ChunkPlan {
  path: string;
  writer: string;
  from: number;
  to: number;
}

/** A range checked on its own. Line numbers are counted from 0 within the range. */
export interface ChunkResult {
  lines: number;
  /** The range's first line, checked without knowing its position or predecessor. */
  head: { problem: LineProblem | null; seq: number | null; prev: string | null; ts: string } | null;
  /** The first problem after the first line (which, when it has one, ends the range's checks). */
  error: { line: number; code: LineProblem; seq: number | null } | null;
  /** seq of each record (after the first line) older than the record before it. */
  regressions: number[];
  /** hash and ts of the last record checked without a problem. */
  lastHash: string | null;
  lastTs: string;
}

/**
 * A line's own seq: the record's, or, for a line that parses but breaks the schema, its integer
 * `seq` member (SPEC §6.7: an error names the record's seq whenever the line parses; before, a
 * schema_error said null). Null for a line that does not parse or has no such member.
 */
function ownSeq(record: { seq: number } | null, line: string): number | null {
  if (record) return record.seq;
  try {
    const value = JSON.parse(line) as { seq?: unknown } | null;
    return value !== null && typeof value === "object" && Number.isInteger(value.seq) ? (value.seq as number) : null;
  } catch {
    return null;
  }
}

/** The problems a line has whatever its position: they come before seq_gap and chain_break. */
const POSITIONLESS = new Set<LineProblem | null>(["parse_error", "schema_error", "writer_mismatch"]);

/**
 * A segment of `size` bytes as ranges of `step` bytes (one range with Infinity). The last range
 * reads to the end, whatever was appended since the size was taken.
 */
export function segmentRanges(path: string, writer: string, size: number, step: number): ChunkPlan[] {
  const out: ChunkPlan[] = [];
  for (let from = 0; from === 0 || from < size; from += step) out.push({ path, writer, from, to: from + step >= size ? Infinity : from + step });
  return out;
}

export function verifyChunk(plan: ChunkPlan): ChunkResult {
  const out: ChunkResult = { lines: 0, head: null, error: null, regressions: [], lastHash: null, lastTs: "" };
  let stopped = false;
  let firstSeq = 0;
  out.lines = eachLineIn(plan.path, plan.from, plan.to, (line, i) => {
    if (stopped) return;
    if (i === 0) {
      const { record, problem } = checkLedgerLine(line, { writer: plan.writer });
      out.head = { problem, seq: ownSeq(record, line), prev: record ? record.prev : null, ts: record ? record.ts : "" };
      if (problem || !record) {
        stopped = true;
        return;
      }
      firstSeq = record.seq;
      out.lastHash = record.hash;
      out.lastTs = record.ts;
      return;
    }
    const { record, problem } = checkLedgerLine(line, { writer: plan.writer, seq: firstSeq + i, prev: out.lastHash });
    if (problem || !record) {
      out.error = { line: i, code: problem ?? "schema_error", seq: ownSeq(record, line) };
      stopped = true;
      return;
    }
    if (record.ts < out.lastTs) out.regressions.push(record.seq);
    out.lastHash = record.hash;
    out.lastTs = record.ts;
  });
  return out;
}

/** What one segment's ranges, in file order, say together. `line` is 1-based in the segment. */
export function joinChunks(results: ChunkResult[]): {
  lines: number;
  error: { line: number; code: LineProblem; seq: number | null } | null;
  regressions: number[];
  /** The last record's hash when no error came before it. */
  lastHash: string | null;
} {
  let lines = 0;
  let prev: string | null = null;
  let prevTs = "";
  let error: { line: number; code: LineProblem; seq: number | null } | null = null;
  const regressions: number[] = [];
  for (const r of results) {
    const head = r.head;
    if (!error && head) {
      // The checks of checkLedgerLine, in its order, with the position known at last.
      const code = POSITIONLESS.has(head.problem) ? head.problem : head.seq !== lines + 1 ? "seq_gap" : head.prev !== prev ? "chain_break" : head.problem;
      if (code) {
        error = { line: lines + 1, code, seq: head.seq };
      } else {
        if (head.ts < prevTs) regressions.push(head.seq as number);
        regressions.push(...r.regressions);
        if (r.error) error = { ...r.error, line: lines + r.error.line + 1 };
        prev = r.lastHash;
        prevTs = r.lastTs;
      }
    }
    lines += r.lines;
  }
  return { lines, error, regressions, lastHash: error ? null : prev };
}
