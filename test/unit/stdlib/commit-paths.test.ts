import fc from "fast-check";
import { expect, test } from "vitest";
import { commitPathspecs } from "../../../src/stdlib/drift/commit-paths.js";

const covers = (spec: string, path: string) => (spec.endsWith("/") ? path.startsWith(spec) : path === spec);

const segment = fc.constantFrom("a", "b", "src", "gen", ".exo", "x.ts", "y.md");
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));

test("every path of the session is staged and no other uncommitted path is (property)", () => {
  fc.assert(
    fc.property(fc.uniqueArray(path, { maxLength: 30 }), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (dirty, pick) => {
      // A path is a file or a folder in one tree, never both.
      const files = dirty.filter((p) => !dirty.some((q) => q.startsWith(`${p}/`)));
      const own = files.filter((p, i) => pick[i] && !p.startsWith(".exo/") && p !== ".exo");
      const specs = commitPathspecs(own, files);
      for (const p of own) expect(specs.some((s) => covers(s, p))).toBe(true);
      for (const p of files.filter((f) => !own.includes(f))) expect(specs.some((s) => covers(s, p))).toBe(false);
      expect(specs.length).toBeLessThanOrEqual(own.length);
      expect(specs.some((s) => s === ".exo/" || s.startsWith(".exo/"))).toBe(false);
    }),
  );
});

test("a generated folder of thousands of files is one pathspec; a folder with someone else's file is named file by file", () => {
  const gen = Array.from({ length: 3000 }, (_, i) => `gen/out/f${i}.txt`);
  expect(commitPathspecs([...gen, "src/a.ts"], [...gen, "src/a.ts", "src/b.ts", ".exo/ledger/x.jsonl"])).toEqual(["gen/", "src/a.ts"]);
  expect(commitPathspecs(["README.md"], ["README.md", "NOTES.md"])).toEqual(["README.md"]);
});
