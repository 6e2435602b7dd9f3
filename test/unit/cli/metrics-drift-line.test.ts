// The metrics drift line keeps each bucket's label with its count at 80 columns (real scores
// have three decimals; "high" and its count were split over two lines).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { renderHuman } from "../../../src/cli/render/index.js";

test("metrics: the drift row fits one line with three-decimal scores", () => {
  const data = JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/render/data.json"), "utf8")).metrics;
  data.drift = { ...data.drift, count: 1, avg: 0.285, p50: 0.285, p90: 0.285, max: 0.285, buckets: { low: 1, medium: 0, high: 0 } };
  const lines = renderHuman("metrics", data).split("\n");
  const at = lines.findIndex((l) => l.startsWith("drift "));
  expect(lines[at]).toMatch(/high/);
  expect(lines[at + 1]).toMatch(/^tickets /);
});
