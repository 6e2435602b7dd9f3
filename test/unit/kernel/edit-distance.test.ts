import fc from "fast-check";
import { expect, test } from "vitest";
import { editDistance } from "../../../src/kernel/edit-distance.js";

test("edit distance counts inserts, deletes, replacements and a swap of neighbours once each", () => {
  expect(editDistance("", "")).toBe(0);
  expect(editDistance("", "abc")).toBe(3);
  expect(editDistance("status", "status")).toBe(0);
  expect(editDistance("staus", "status")).toBe(1);
  expect(editDistance("reveiw", "review")).toBe(1);
  expect(editDistance("TIKCET", "TICKET")).toBe(1);
  expect(editDistance("canceled", "cancelled")).toBe(1);
  expect(editDistance("kitten", "sitting")).toBe(3);
});

test("edit distance is symmetric, zero only for equal strings, and at most the longer length", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
      const d = editDistance(a, b);
      expect(d).toBe(editDistance(b, a));
      expect(d === 0).toBe(a === b);
      expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
    }),
  );
});
