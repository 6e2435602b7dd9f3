// ledger verify checks a segment in byte ranges, possibly in several threads, and joins the
// results (src/stdlib/ledger/chunks.ts). Whatever the ranges, the join must say what one pass over
// the segment says: the lines counted, the first problem (line, code, seq) and the time
// regressions before it. The oracle below is that one pass, written from SPEC §7.17.3 with
// checkLedgerLine; the segments are real chains with damage of every kind at any line.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { canon, sealResult } from "../../src/kernel/canon.js";
import { appendAudit, checkLedgerLine, type Tail } from "../../src/kernel/ledger.js";
import { joinChunks, verifyChunk } from "../../src/stdlib/ledger/chunks.js";
import { eachLine } from "../../src/stdlib/ledger/lines.js";

const dir = mkdtempSync(join(tmpdir(), "exo-ranges-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const WRITER = "w1.main.s0000000";

/** One pass over the segment, as SPEC describes verify. */
function oracle(path: string) {
  let prev: string | null = null;
  let prevTs = "";
  let error: { line: number; code: string; seq: number | null } | null = null;
  const regressions: number[] = [];
  const lines = eachLine(path, (line, i) => {
    if (error) return;
    const { record, problem } = checkLedgerLine(line, { writer: WRITER, seq: i + 1, prev });
    if (problem || !record) {
      error = { line: i + 1, code: problem ?? "schema_error", seq: record && Number.isInteger(record.seq) ? record.seq : null };
      return;
    }
    if (record.ts < prevTs) regressions.push(record.seq);
    prevTs = record.ts;
    prev = record.hash;
  });
  return { lines, error, regressions, lastHash: error ? null : prev };
}

/** A valid chain of n records; `late` lists the records stamped earlier than the one before. */
function chain(n: number, late: Set<number>, unicode: boolean): string[] {
  let tail: Tail | null = null;
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    const minute = late.has(i) ? i - 3 : i;
    const ts = new Date(Date.UTC(2026, 0, 1, 0, Math.max(0, minute))).toISOString();
    const { record, line } = appendAudit(
      // appendAudit never lets ts go back; the regressions verify reports come from other writers
      tail && late.has(i) ? { ...tail, ts: "" } : tail,
      { writer: WRITER, actor: unicode && i % 3 === 0 ? "agent:é✓" : "agent:a", type: "note", ts, data: { i, text: "x".repeat(i % 40) } },
    );
    tail = { seq: record.seq, hash: record.hash, ts: record.ts };
    out.push(line.slice(0, -1));
  }
  return out;
}

const damage = fc.constantFrom("none", "edit", "delete", "insert-garbage", "blank", "swap", "writer", "torn-end", "no-final-newline", "forged-prev");

test("a segment checked in any ranges reports what one pass reports", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 60 }),
      fc.uniqueArray(fc.integer({ min: 2, max: 60 }), { maxLength: 4 }),
      fc.boolean(),
      damage,
      fc.nat(),
      fc.uniqueArray(fc.nat({ max: 20_000 }), { maxLength: 8 }),
      (n, late, unicode, kind, where, cuts) => {
        const lines = chain(n, new Set(late), unicode);
        const at = lines.length === 0 ? 0 : where % lines.length;
        let finalNewline = true;
        if (lines.length > 0) {
          if (kind === "edit") lines[at] = (lines[at] as string).replace('"agent:', '"agenT:');
          if (kind === "delete") lines.splice(at, 1);
          if (kind === "insert-garbage") lines.splice(at, 0, '{"v":1,"seq":');
          if (kind === "blank") lines.splice(at, 0, "");
          if (kind === "swap" && at + 1 < lines.length) [lines[at], lines[at + 1]] = [lines[at + 1] as string, lines[at] as string];
          if (kind === "writer") lines[at] = (lines[at] as string).replace(WRITER, "w2.main.s0000000");
          if (kind === "forged-prev") {
            // Sealed again around another predecessor: only the chain shows it.
            const { hash: _old, ...rest } = JSON.parse(lines[at] as string) as Record<string, unknown>;
            lines[at] = canon(sealResult({ ...rest, prev: "0".repeat(64) }, "hash"));
          }
          if (kind === "torn-end") {
            lines[lines.length - 1] = (lines[lines.length - 1] as string).slice(0, 30);
            finalNewline = false;
          }
        }
        if (kind === "no-final-newline") finalNewline = false;
        const text = lines.join("\n") + (finalNewline && lines.length > 0 ? "\n" : "");
        const path = join(dir, `${WRITER}.jsonl`);
        writeFileSync(path, text);
        const size = Buffer.byteLength(text);
        // Range borders anywhere: inside a line, on a newline, just after one, past the end.
        const borders = [...new Set(cuts.map((c) => c % (size + 2)).filter((c) => c > 0))].sort((a, b) => a - b);
        const froms = [0, ...borders];
        const results = froms.map((from, i) => verifyChunk({ path, writer: WRITER, from, to: froms[i + 1] ?? Infinity }));
        expect(joinChunks(results)).toEqual(oracle(path));
      },
    ),
    { numRuns: 400 },
  );
});
