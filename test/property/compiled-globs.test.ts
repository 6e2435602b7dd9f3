// Compiled globs (the hook's cache): a matcher rebuilt from the stored regex source answers
// exactly as picomatch does, for any pattern and path; a table from another engine is ignored.
import fc from "fast-check";
import picomatch from "picomatch";
import { expect, test, vi } from "vitest";
import type * as GlobsModule from "../../src/kernel/globs.js";

type Globs = typeof GlobsModule;

async function freshGlobs(): Promise<Globs> {
  vi.resetModules();
  return import("../../src/kernel/globs.js");
}

const segment = fc.oneof(
  fc.constantFrom("*", "**", "?", "*.ts", "[a-c]*", "{a,b}", ".env", ".*", "a?c", "x.{js,ts}", "[!a]"),
  fc.stringMatching(/^[a-cA-C._-]{1,3}$/).filter((s) => s !== "." && s !== ".."),
);
const pattern = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join("/"));
const path = fc.array(fc.stringMatching(/^[a-cA-C._-]{1,4}$/).filter((s) => s !== "." && s !== ".."), { minLength: 1, maxLength: 5 }).map((s) => s.join("/"));

// compileGlob's rule (SPEC §7.1): a literal pattern (no glob characters) also matches everything below it.
function reference(p: string, s: string, nocase: boolean): boolean {
  const options = { dot: true, nocase };
  return picomatch(p, options)(s) || (!/[*?[\]{}()!+@]/.test(p) && picomatch(`${p}/**`, options)(s));
}

test("a glob compiled ahead matches exactly like picomatch, case-sensitive and not", async () => {
  const first = await freshGlobs();
  const cases: [string, string, boolean][] = [];
  fc.assert(
    fc.property(pattern, path, fc.boolean(), (p, s, nocase) => {
      const expected = reference(p, s, nocase);
      expect(first.compileGlob(p, { nocase })(s)).toBe(expected);
      cases.push([p, s, nocase]);
    }),
    { numRuns: 300 },
  );
  const table = JSON.parse(JSON.stringify(first.compiledGlobs()));
  expect(Object.keys(table.entries).length).toBeGreaterThan(0);
  // A new process (module instance) given the table answers the same without compiling anything.
  const second = await freshGlobs();
  second.useCompiledGlobs(table);
  for (const [p, s, nocase] of cases) expect(second.compileGlob(p, { nocase })(s)).toBe(reference(p, s, nocase));
  expect(second.compiledGlobs()).toBeNull();
});

test("a literal pattern compiled ahead still matches itself and everything below it", async () => {
  const first = await freshGlobs();
  expect(first.compileGlob("src/auth")("src/auth/deep/x.ts")).toBe(true);
  const second = await freshGlobs();
  second.useCompiledGlobs(JSON.parse(JSON.stringify(first.compiledGlobs())));
  expect(second.compileGlob("src/auth")("src/auth")).toBe(true);
  expect(second.compileGlob("src/auth")("src/auth/deep/x.ts")).toBe(true);
  expect(second.compileGlob("src/auth")("src/authx")).toBe(false);
  expect(second.compiledGlobs()).toBeNull();
});

test("a table from another engine or format, or with bad entries, is not used", async () => {
  const first = await freshGlobs();
  first.compileGlob("docs/**")("docs/a");
  const table = JSON.parse(JSON.stringify(first.compiledGlobs()));
  // A forged entry: a regex that matches nothing, under another engine name, is ignored.
  const forged = { ...table, engine: "picomatch@0.0.1/posix", entries: { "s\u0000docs/**": ["^$", ""] } };
  const second = await freshGlobs();
  second.useCompiledGlobs(forged);
  second.useCompiledGlobs({ format: "other", engine: table.engine, entries: { "s\u0000docs/**": ["^$", ""] } });
  second.useCompiledGlobs({ ...table, entries: { "s\u0000docs/**": ["(", ""], "s\u0000x/**": [1, "g"] } });
  expect(second.compileGlob("docs/**")("docs/a")).toBe(true);
  expect(second.compiledGlobs()).not.toBeNull(); // it had to compile docs/** itself
});

test("a grown table is kept while small; past 2,000 entries a save keeps what the process used or compiled", async () => {
  const first = await freshGlobs();
  for (let i = 0; i < 30; i++) first.compileGlob(`src/f${i}/**`);
  const small = JSON.parse(JSON.stringify(first.compiledGlobs()));
  const second = await freshGlobs();
  second.useCompiledGlobs(small);
  second.compileGlob("docs/**");
  expect(Object.keys(second.compiledGlobs()?.entries ?? {})).toHaveLength(31);

  const big = { ...small, entries: { ...small.entries } };
  const sample = small.entries["s\u0000src/f0/**"];
  for (let i = 0; i < 2500; i++) big.entries[`s\u0000old/${i}/**`] = sample;
  const third = await freshGlobs();
  third.useCompiledGlobs(big);
  expect(third.compileGlob("src/f3/**")("src/f3/x.ts")).toBe(true); // from the table
  expect(third.compileGlob("docs/**")("docs/a.md")).toBe(true); // compiled here
  expect(Object.keys(third.compiledGlobs()?.entries ?? {}).sort()).toEqual(["s\u0000docs/**", "s\u0000src/f3/**"]);
});
