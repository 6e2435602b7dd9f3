// The code cache's file format (src/io/compile-cache.ts): a one-line header naming the ways the
// cache covers, then V8's bytes; anything else is no cache at all (rewritten by the next run).
import fc from "fast-check";
import { expect, test } from "vitest";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUNDLE_HEAD, loadBundle, readCacheFile } from "../../../src/io/compile-cache.js";
import { DIST } from "../../helpers/repo.js";

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

// Bundles run as read: the build writes them wrapped in the function loadBundle calls (no
// wrapped copy of a megabyte of source per start); a plain CommonJS file still runs.
test("loadBundle runs a wrapped and a plain bundle, from a cache larger or smaller than the bundle, and saves per way", async () => {
  const dir = await mkdtemp(join(tmpdir(), "exo-bundle-"));
  try {
    const env = { XDG_CACHE_HOME: join(dir, "cache") };
    const body = `const path = require("node:path"); exports.answer = () => path.basename(__filename) + ":" + (${"1 + ".repeat(20)}1);`;
    const files = { wrapped: `${BUNDLE_HEAD}${body}\n})`, plain: body, big: `${BUNDLE_HEAD}${body}/*${"x".repeat(200_000)}*/\n})` };
    for (const [name, text] of Object.entries(files)) {
      const file = join(dir, `${name}.cjs`);
      await writeFile(file, text);
      for (let run = 0; run < 3; run++) {
        const loaded = loadBundle<{ answer: () => string }>(file, env, "status");
        expect(loaded.exports.answer()).toBe(`${name}.cjs:21`);
        loaded.save(run === 2 ? "other-way" : undefined);
      }
      const caches = (await readdir(join(dir, "cache", "exoprotocol", "v8"))).filter((f) => f.startsWith(`${name}.cjs-`));
      expect(caches).toHaveLength(1);
      const header = (await readFile(join(dir, "cache", "exoprotocol", "v8", caches[0] as string), "latin1")).split("\n")[0];
      expect(header).toBe("exo-v8 other-way");
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the built bundles that run through loadBundle are wrapped already", async () => {
  for (const f of ["cli/main.cjs", "mcp/main.cjs", "hook-gate.cjs", "hook-shell.cjs", "hook-lifecycle.cjs", "hook-git.cjs", "cli/hook-gate.cjs", "cli/hook-shell.cjs"]) {
    const text = await readFile(`${DIST}/${f}`, "latin1");
    expect(text.startsWith(BUNDLE_HEAD), f).toBe(true);
    expect(text.endsWith("\n})"), f).toBe(true);
  }
});
