// The metrics drift row keeps the buckets' label with their counts at 80 columns (real scores
// have three decimals; "high" and its count were split over two lines). The row says which
// sessions it covers (round 28), so it wraps (two lines since round 29): the label and the
// counts stay on one line.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { renderHuman } from "../../../src/cli/render/index.js";

test("metrics: the drift row keeps the buckets' label with their counts, with three-decimal scores", () => {
  const data = JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/render/data.json"), "utf8")).metrics;
  data.drift = { ...data.drift, count: 1, avg: 0.285, p50: 0.285, p90: 0.285, max: 0.285, buckets: { low: 1, medium: 0, high: 0 }, covers: { ...data.drift.covers, closed: 1 } };
  const lines = renderHuman("metrics", data).split("\n");
  const at = lines.findIndex((l) => l.startsWith("drift "));
  const rest = lines.slice(at + 1);
  const row = [lines[at], ...rest.slice(0, rest.findIndex((l) => !l.startsWith(" ")))];
  expect(row.find((l) => l?.includes("high"))).toMatch(/low\/medium\/high 1\/0\/0(;|$)/);
  expect(rest[row.length - 1]).toMatch(/^tickets /);
});
