// The OpenAI guardrail turns an argv array into one command line for exo's shell parser: the
// quoting must give back exactly the same words (checked against a real sh), so no argument can
// smuggle an operator or a redirection past the parser.
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { expect, test } from "vitest";
import { toolCallParts } from "../../src/sdk/openai-agents.js";

const word = fc.string({ minLength: 0, maxLength: 12, unit: fc.constantFrom("a", "b", "1", " ", "'", '"', "\\", "$", "`", ";", "&", "|", ">", "<", "*", "?", "#", "~", "(", ")", "{", "}", "\n", "\t", "=", "-", "/", ".", "%", "+", "@", ":") });

test("argv → command line → sh words is the identity", () => {
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (argv) => {
      const [line] = toolCallParts("exec", { cmd: argv }).commands;
      const out = execFileSync("sh", ["-c", `set -- ${line}; for w in "$@"; do printf '%s\\0' "$w"; done`], { encoding: "utf8" });
      expect(out.split("\0").slice(0, -1)).toEqual(argv);
    }),
    { numRuns: 60 },
  );
});

test("path arguments are taken verbatim, strings and string arrays only; other keys are ignored", () => {
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom("path", "file_path", "filePath", "filename", "target", "content", "mode"), fc.oneof(fc.string({ minLength: 1 }), fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }), fc.integer())), (args) => {
      const got = toolCallParts("write", args).paths.map((p) => p.path);
      const want = ["path", "file_path", "filePath", "filename", "target"].flatMap((k) => {
        const v = args[k];
        return typeof v === "string" ? [v] : Array.isArray(v) ? v : [];
      });
      expect(got).toEqual(want);
    }),
  );
});
