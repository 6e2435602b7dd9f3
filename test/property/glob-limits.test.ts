// Glob complexity limits (issue #18): every pattern validateGlob accepts matches long hostile
// paths quickly; ReDoS-shaped extglobs and brace bombs are refused with glob_invalid.
import fc from "fast-check";
import { expect, test } from "vitest";
import { compileGlob, validateGlob } from "../../src/kernel/globs.js";

// Realistic worst cases: file names are at most 255 bytes, paths at most 4096.
const seg = (s: string) => s.repeat(Math.ceil(254 / s.length)).slice(0, 254);
const HOSTILE = [`${seg("a")}!`, `${"a/".repeat(2000)}b`, Array(16).fill(seg("ab")).join("/"), `x${seg(".a")}`, Array(16).fill(`${seg("a")}!`).join("/")];

test("ReDoS shapes and brace bombs are refused", () => {
  for (const p of ["+(a|aa)+(a|aa)", "*(*(a))", "+(a*)", "@(a|+(b))", "*(a+)b", "{a,{b,{c,d}}}", "{1..100000}", "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}", "a".repeat(2000), "+(a)+(a)+(a)+(a)", "a*a*a*a*a"]) {
    expect(validateGlob(p)?.code, p).toBe("glob_invalid");
  }
  for (const p of ["src/**", "**/*.{ts,tsx}", "src/@(auth|user)/**", "docs/{a,b}/*.md", "@(a|b).ts", "+(ab).ts", "file-{1..9}.txt", "**/*.test.*", "src/*-*-*.ts"]) expect(validateGlob(p), p).toBeNull();
});

test("accepted patterns match hostile paths in well under the hook timeout (property, fixed seed)", () => {
  const piece = fc.constantFrom("a", "b", "*", "**", "?", "/", ".", "+(", "*(", "@(", "?(", "!(", ")", "|", "{", "}", ",", "a*", "[ab]", "{1..9}");
  fc.assert(
    fc.property(fc.array(piece, { minLength: 1, maxLength: 14 }), (parts) => {
      const p = parts.join("");
      if (validateGlob(p) !== null) return;
      const match = compileGlob(p);
      const started = performance.now();
      for (const path of HOSTILE) match(path);
      // A generous bound: a shared, loaded machine takes a few times the ~100 ms the worst accepted
      // pattern needs here, where a ReDoS shape takes seconds to minutes.
      expect(performance.now() - started, p).toBeLessThan(1000);
    }),
    { seed: 18, numRuns: 400 },
  );
});
