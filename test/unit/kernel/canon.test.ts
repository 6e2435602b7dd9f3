import fc from "fast-check";
import { expect, test } from "vitest";
import { canon, sealResult, hasValidSeal, round3 } from "../../../src/kernel/canon.js";
import { appendAudit, checkLedgerLine } from "../../../src/kernel/ledger.js";

test("canon sorts keys at every depth, drops undefined, keeps array order", () => {
  expect(canon({ b: 1, a: { d: [3, 1], c: undefined, b: "x" } })).toBe('{"a":{"b":"x","d":[3,1]},"b":1}');
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      expect(JSON.parse(canon(v))).toEqual(JSON.parse(JSON.stringify(v)));
    }),
  );
});

test("sealResult adds a verifying hash; any change breaks it", () => {
  const sealed = sealResult({ a: 1, b: [1, 2] }, "h");
  expect(hasValidSeal(sealed, "h")).toBe(true);
  expect(hasValidSeal({ ...sealed, a: 2 }, "h")).toBe(false);
});

test("round3 follows SPEC (0.4958333 → 0.496, 0.0005 → 0.001)", () => {
  expect(round3(0.4958333)).toBe(0.496);
  expect(round3(0.0005)).toBe(0.001);
  expect(round3(0.5 + 0.35 / 12)).toBe(0.529);
});

test("appendAudit links records; checkLedgerLine accepts the chain and rejects edits", () => {
  const entry = { writer: "h.main.abcd1234", actor: "human", type: "x", ts: "2026-11-24T09:00:00.000Z", data: { hash: "0".repeat(64), n: 1 } };
  const first = appendAudit(null, entry);
  const second = appendAudit({ seq: 1, hash: first.record.hash, ts: "2026-11-24T10:00:00.000Z" }, entry);
  expect(second.record.prev).toBe(first.record.hash);
  expect(second.record.ts).toBe("2026-11-24T10:00:00.000Z"); // never earlier than the tail
  expect(checkLedgerLine(first.line.trimEnd(), { writer: entry.writer, seq: 1, prev: null }).problem).toBeNull();
  expect(checkLedgerLine(second.line.trimEnd(), { writer: entry.writer, seq: 2, prev: first.record.hash }).problem).toBeNull();
  const edited = second.line.trimEnd().replace('"n":1', '"n":2');
  expect(checkLedgerLine(edited, { writer: entry.writer, seq: 2, prev: first.record.hash }).problem).toBe("hash_mismatch");
  expect(checkLedgerLine(second.line.trimEnd(), { writer: entry.writer, seq: 2, prev: null }).problem).toBe("chain_break");
  expect(checkLedgerLine("{not json", { writer: entry.writer, seq: 1, prev: null }).problem).toBe("parse_error");
});
