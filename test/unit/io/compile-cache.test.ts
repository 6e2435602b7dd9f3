// The code cache's file format (src/io/compile-cache.ts): a one-line header naming the ways the
// cache covers, then V8's bytes; anything else is no cache at all (rewritten by the next run).
import fc from "fast-check";
import { expect, test } from "vitest";
import { readCacheFile } from "../../../src/io/compile-cache.js";

test("a header with its tags, then the bytes as they were", () => {
  const v8 = Buffer.from([0, 1, 2, 10, 255, 10]);
  const file = Buffer.concat([Buffer.from("exo-v8 file-allow,shell-deny\n", "latin1"), v8]);
  const read = readCacheFile(file);
  expect(read?.tags).toEqual(["file-allow", "shell-deny"]);
  expect(read?.data.equals(v8)).toBe(true);
  expect(readCacheFile(Buffer.concat([Buffer.from("exo-v8 \n"), v8]))?.tags).toEqual([]);
});

test("an older cache (bare V8 bytes), garbage or a header without its end is no cache", () => {
  expect(readCacheFile(Buffer.from("not bytecode"))).toBeNull();
  expect(readCacheFile(Buffer.alloc(0))).toBeNull();
  expect(readCacheFile(Buffer.from(`exo-v8 ${"x".repeat(2000)}\nrest`))).toBeNull();
  expect(readCacheFile(Buffer.from("exo-v8 file-allow"))).toBeNull();
});

test("bytes after the header come back whole, whatever they hold", () => {
  fc.assert(
    fc.property(fc.array(fc.stringMatching(/^[a-z:-]{1,12}$/), { maxLength: 12 }), fc.uint8Array({ maxLength: 300 }), (tags, bytes) => {
      const file = Buffer.concat([Buffer.from(`exo-v8 ${tags.join(",")}\n`, "latin1"), Buffer.from(bytes)]);
      const read = readCacheFile(file);
      expect(read?.tags).toEqual(tags);
      expect(Buffer.compare(read?.data ?? Buffer.alloc(1), Buffer.from(bytes))).toBe(0);
    }),
  );
});
