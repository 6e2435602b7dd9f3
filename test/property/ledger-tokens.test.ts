// The fencing-token floor read from the ledger through its index (src/stdlib/ledger/tokens.ts):
// whatever was appended between queries, cut anywhere (mid-line too), and whatever happened to
// the index or a segment, a query gives at least what one pass over the segments gives.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { Repo } from "../../src/io/repo.js";
import { ledgerTicketToken } from "../../src/stdlib/ledger/tokens.js";

const MAX = 2 ** 32;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempRepo(): Repo {
  const root = mkdtempSync(join(tmpdir(), "exo-tokens-"));
  dirs.push(root);
  mkdirSync(join(root, ".exo/ledger"), { recursive: true });
  return new Repo({ root, exoDir: join(root, ".exo"), stateDir: join(root, ".exo"), mainRoot: root, gitDir: join(root, ".git"), commonDir: join(root, ".git") });
}

const TICKETS = ["T1", "T2", "T3"];
const KEYS = ["fencing_token", "previous_token", "superseded_token", "other"];

function line(ticket: string, key: string, token: number, note: string): string {
  return `${JSON.stringify({ actor: "a", data: { [key]: token, note }, hash: `${ticket}${key}${token}${note}`.padEnd(64, "0").slice(0, 64), prev: null, seq: 1, session: null, ticket, ts: "2026-12-01T00:00:00.000Z", type: "lock.acquired", v: 1, writer: "w" })}\n`;
}

/** What one pass over the text of every segment gives (a last line without newline counts when whole). */
function fullScan(texts: string[], ticket: string): number {
  let max = 0;
  for (const text of texts) {
    for (const l of text.split("\n")) {
      try {
        const r = JSON.parse(l) as { ticket: string; data: Record<string, unknown> };
        for (const k of ["fencing_token", "previous_token", "superseded_token"]) {
          const t = r.data[k];
          if (r.ticket === ticket && typeof t === "number" && Number.isSafeInteger(t) && t > 0 && t <= MAX && t > max) max = t;
        }
      } catch {
        // a broken line
      }
    }
  }
  return max;
}

describe("ledger token floor", () => {
  test("appends cut anywhere, queried between them, give what one pass gives", () => {
    const record = fc.record({ ticket: fc.constantFrom(...TICKETS), key: fc.constantFrom(...KEYS), token: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constant(MAX + 1), fc.constant(0.5)), note: fc.string({ maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(fc.record({ segment: fc.constantFrom("a.jsonl", "b.jsonl"), records: fc.array(record, { maxLength: 4 }), cut: fc.nat(), query: fc.boolean() }), { maxLength: 12 }), (steps) => {
        const repo = tempRepo();
        const texts = new Map<string, string>();
        let pending = new Map<string, string>();
        for (const step of steps) {
          // Each step appends its records and a cut-off piece of what comes next: a line written
          // half-way when the query runs.
          const whole = (pending.get(step.segment) ?? "") + step.records.map((r) => line(r.ticket, r.key, r.token, r.note)).join("");
          const cut = whole.length === 0 ? 0 : step.cut % (whole.length + 1);
          appendFileSync(join(repo.ledgerDir, step.segment), whole.slice(0, cut));
          texts.set(step.segment, (texts.get(step.segment) ?? "") + whole.slice(0, cut));
          pending = new Map(pending).set(step.segment, whole.slice(cut));
          if (step.query) {
            for (const t of TICKETS) expect(ledgerTicketToken(repo, t, MAX)).toBe(fullScan([...texts.values()], t));
          }
        }
        for (const [segment, rest] of pending) {
          appendFileSync(join(repo.ledgerDir, segment), rest);
          texts.set(segment, (texts.get(segment) ?? "") + rest);
        }
        for (const t of TICKETS) expect(ledgerTicketToken(repo, t, MAX)).toBe(fullScan([...texts.values()], t));
      }),
      { numRuns: 60 },
    );
  });

  test("a garbled index is rebuilt; a segment rewritten below its mark is read again; tokens only rise", () => {
    const repo = tempRepo();
    const seg = join(repo.ledgerDir, "w.jsonl");
    const index = join(repo.cacheDir, "ledger/tokens.json");
    writeFileSync(seg, line("T1", "fencing_token", 4, "x") + line("T2", "fencing_token", 2, "x"));
    expect(ledgerTicketToken(repo, "T1", MAX)).toBe(4);
    expect(JSON.parse(readFileSync(index, "utf8")).segments["w.jsonl"].offset).toBe(readFileSync(seg).length);
    writeFileSync(index, "{not json");
    expect(ledgerTicketToken(repo, "T2", MAX)).toBe(2);
    writeFileSync(index, JSON.stringify({ v: 1, segments: { "w.jsonl": { offset: -3, fingerprint: 7 } }, tokens: { T1: "9", T2: -1 } }));
    expect(ledgerTicketToken(repo, "T1", MAX)).toBe(4);
    // Rewritten (a branch switch, a rewrite of history): same length, other records.
    writeFileSync(seg, line("T1", "fencing_token", 7, "x") + line("T3", "fencing_token", 5, "x"));
    expect(ledgerTicketToken(repo, "T3", MAX)).toBe(5);
    expect(ledgerTicketToken(repo, "T1", MAX)).toBe(7);
    // Shorter: the tokens seen before stay (a higher floor is always safe).
    writeFileSync(seg, line("T1", "fencing_token", 1, "x"));
    expect(ledgerTicketToken(repo, "T1", MAX)).toBe(7);
    // Appends are read from the mark on.
    appendFileSync(seg, line("T1", "previous_token", 11, "x"));
    expect(ledgerTicketToken(repo, "T1", MAX)).toBe(11);
    expect(ledgerTicketToken(repo, "T9", MAX)).toBe(0);
    // A whole last record without its newline counts; so does the next one appended to it.
    appendFileSync(seg, line("T1", "fencing_token", 12, "x").trimEnd());
    expect(ledgerTicketToken(repo, "T1", MAX)).toBe(12);
    appendFileSync(seg, `\n${line("T1", "fencing_token", 13, "x")}`);
    expect(ledgerTicketToken(repo, "T1", MAX)).toBe(13);
  });
});
