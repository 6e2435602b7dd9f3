// The hook works out what a few text programs print (kernel/printed.ts) to read the names a command
// substitution hands a reader. Checked against the real programs on generated input: exo's answer
// must be what the program prints (or null, never another name).
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { expect, test } from "vitest";
import { printedBy } from "../../../src/kernel/printed.js";

const word = fc.stringMatching(/^[A-Za-z0-9._ =]{0,12}$/);
const pathArg = fc.array(fc.stringMatching(/^[A-Za-z0-9._]{1,6}$/), { minLength: 1, maxLength: 4 }).chain((parts) => fc.tuple(fc.constant(parts.join("/")), fc.boolean(), fc.boolean())).map(([p, lead, trail]) => `${lead ? "/" : ""}${p}${trail ? "/" : ""}`);
const run = (program: string, args: string[], input?: string) => execFileSync(program, args, { encoding: "utf8", ...(input !== undefined ? { input } : {}) });
const agrees = (got: string[] | null, real: string) => got === null || got.includes(real);

test("printf %s of words, basename and dirname print what the programs print (property, real coreutils)", () => {
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), pathArg, (words, path) => {
      expect(printedBy("printf", ["%s", ...words], null)).toEqual([run("printf", ["%s", ...words])]);
      expect(printedBy("basename", [path], null)).toEqual([run("basename", [path])]);
      expect(printedBy("dirname", [path], null)).toEqual([run("dirname", [path])]);
    }),
    { numRuns: 40 },
  );
});

test("base64 -d, xxd -r -p and rev give back the text encoded; tr -d prints what coreutils' tr prints (property)", () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[ -~]{1,24}$/), (text) => {
      expect(printedBy("base64", ["-d"], `${Buffer.from(text).toString("base64")}\n`)).toEqual([run("base64", ["-d"], `${Buffer.from(text).toString("base64")}\n`)]);
      expect(printedBy("xxd", ["-r", "-p"], `${Buffer.from(text).toString("hex")}\n`)).toEqual([text]);
      expect(printedBy("rev", [], `${[...text].reverse().join("")}\n`)).toEqual([`${text}\n`]);
      const line = `${text}\n`;
      expect(agrees(printedBy("tr", ["-d", " "], line), run("tr", ["-d", " "], line))).toBe(true);
    }),
    { numRuns: 40 },
  );
});
