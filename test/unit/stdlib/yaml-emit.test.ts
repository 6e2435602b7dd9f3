// emitYaml writes tickets and mementos without the YAML library: whenever it answers, its text is
// the library's, byte for byte; and it does answer for the files exo writes every day.
import fc from "fast-check";
import { stringify, parse } from "yaml";
import { describe, expect, it } from "vitest";
import { emitYaml } from "../../../src/stdlib/yaml-emit.js";

const library = (v: unknown) => stringify(v, { indent: 2, lineWidth: 0 });

const tricky = fc.constantFrom(
  "", " ", "a ", " a", "null", "Null", "NULL", "~", "true", "False", "yes", "no", "on", "y", "0", "-1", "+1", "1.5", ".5", "5.", "1e3", "1E-3", "-.inf", ".NaN", "0o17", "0o8", "0x1F", "0xG", "012", "1_000",
  "1abc", "2026-12-01", "2026-12-01T10:00:00.000Z", "12:30", "- a", "-a", "-", "?", "? a", "?a", ":", "a:", "a:b", "a: b", "a #b", "a#b", "#a", "*a", "&a", "!a", "|", ">", "%a", "@a", "`a`",
  "'a'", '"a"', "it's", 'say "hi"', `"it's"`, "a\\b", "---", "--- a", "...", "a\nb", "a\n", "é", "\t", "a,b", "[a]", "{a}", "a]", "src/**", "**/*.ts", "!src/x", "~/.ssh/**", "$TMPDIR/**",
);
const str = fc.oneof({ arbitrary: tricky, weight: 4 }, { arbitrary: fc.stringMatching(/^[a-z0-9 .:#'"*&!?,_~%@`|>[\]{}-]{0,8}$/), weight: 4 }, { arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 12 }), weight: 2 }, { arbitrary: fc.string({ maxLength: 12 }), weight: 1 });
const key = fc.oneof({ arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/), weight: 8 }, { arbitrary: fc.constantFrom("id", "title", "true", "null", "1", "a b", "a:b", "-x", "x_1", "_x", "X"), weight: 2 }, { arbitrary: fc.string({ maxLength: 4 }), weight: 1 });
const leaf = fc.oneof({ arbitrary: str, weight: 6 }, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(-0));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("seq"), tie("map")),
  seq: fc.array(tie("value"), { maxLength: 4 }),
  map: fc.dictionary(key, tie("value"), { maxKeys: 5 }),
}));

describe("emitYaml", () => {
  it("answers only with the library's own text", () => {
    let answered = 0;
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), (doc) => {
        const mine = emitYaml(doc);
        if (mine === null) return;
        answered++;
        expect(mine).toBe(library(doc));
      }),
      { numRuns: 5000 },
    );
    expect(answered).toBeGreaterThan(400); // the comparison is not vacuous
  });

  it("answers for tickets and mementos as exo writes them, and they read back as written", () => {
    const iso = fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
    const word = fc.stringMatching(/^[a-z][a-z0-9 ,./()-]{0,30}[a-z0-9)]$/).filter((s) => !/ [-#]|: |[-,:]$/.test(s));
    const glob = fc.constantFrom("src/**", "src/auth/**", "**/*.ts", "docs/*.md", "!src/gen/**", "~/.ssh/**", "$TMPDIR/**");
    const ticket = fc.record({
      id: fc.stringMatching(/^[A-Z]{1,4}-?[0-9]{1,4}$/),
      kind: fc.constantFrom("intent", "epic", "task"),
      title: word,
      description: fc.oneof(fc.constant(""), word),
      status: fc.constantFrom("todo", "active", "review", "done"),
      priority: fc.integer({ min: 0, max: 5 }),
      parent: fc.oneof(fc.constant(null), fc.constant("E-1")),
      scope: fc.record({ allow: fc.array(glob, { maxLength: 3 }), deny: fc.array(glob, { maxLength: 2 }) }),
      budgets: fc.record({ max_files: fc.integer({ min: 1, max: 100 }), max_loc: fc.integer({ min: 1, max: 5000 }) }),
      checks: fc.array(fc.constantFrom("npm test", "npm run lint", "cargo test"), { maxLength: 2 }),
      labels: fc.array(fc.constantFrom("auth", "ui", "p1"), { maxLength: 2 }),
      created_at: iso,
      history: fc.array(fc.record({ at: iso, by: fc.constantFrom("agent:claude", "human:ann"), from: fc.constantFrom("todo", "active"), to: fc.constantFrom("active", "review"), reason: fc.constantFrom("session_start", "finish") }), { maxLength: 3 }),
      drift: fc.oneof(fc.constant(null), fc.record({ score: fc.double({ min: 0, max: 1, noNaN: true }).map((n) => Math.round(n * 1000) / 1000), boundary_violation: fc.boolean() })),
    });
    fc.assert(
      fc.property(ticket, (t) => {
        const mine = emitYaml(t);
        expect(mine).not.toBeNull();
        expect(mine).toBe(library(t));
        expect(parse(mine as string)).toEqual(t);
      }),
      { numRuns: 500 },
    );
  });
});
