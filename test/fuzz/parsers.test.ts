// No INTERNAL on any input (issue #18): every parser of repository and state files returns
// issues or a value for arbitrary text — it never throws. Fixed seeds in the default suite;
// `npm run test:fuzz` runs the same properties longer (FUZZ_RUNS, FUZZ_SEED).
import fc from "fast-check";
import { stringify } from "yaml";
import { expect, test } from "vitest";
import { parseConfig } from "../../src/stdlib/config/model.js";
import { parseConstitution } from "../../src/stdlib/constitution/model.js";
import { parseTicket } from "../../src/stdlib/tickets/model.js";
import { checkLockText } from "../../src/stdlib/governance/model.js";
import { handoffShapeProblem, sessionShapeProblem } from "../../src/stdlib/sessions/state-files.js";
import { lockShapeProblem } from "../../src/stdlib/locks/shape.js";
import { splitCommandLine } from "../../src/kernel/checks.js";
import { validateGlob } from "../../src/kernel/globs.js";
import { branchNameProblem, remoteProblem } from "../../src/kernel/refs.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 150);
const SEED = Number(process.env["FUZZ_SEED"] ?? 18);
const opts = { numRuns: RUNS, seed: SEED };

const KEYS = ["version", "git", "remote", "base_branch", "branch_prefix", "checks", "allowlist", "hooks", "rules", "id", "type", "patterns", "actions", "scope", "allow", "deny", "kind", "status", "title", "parent", "blockers", "budgets", "__proto__", "constructor", "prototype", "<<"];
const yamlish = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 5 })),
})).value;

/** Structured documents (known keys, wrong types) and raw text (syntax noise, aliases, tags). */
const documents = fc.oneof(
  yamlish.map((v) => stringify(v)),
  fc.string({ maxLength: 400 }),
  fc.array(fc.constantFrom("version: 1\n", "git:\n", "  remote: ", "&a ", "*a\n", "!!binary x\n", "- ", "{", "}", "[", "]", ": ", "<<: *a\n", "__proto__: 1\n", "\t", "\n", "'", '"', "%YAML 1.2\n---\n", "rules:\n", "  - id: R-1\n", "id: T1\n"), { maxLength: 40 }).map((a) => a.join("")),
);

test("config, constitution and ticket parsers never throw", () => {
  fc.assert(
    fc.property(documents, (text) => {
      for (const run of [() => parseConfig(text), () => parseConstitution(text), () => parseTicket(text, ".exo/tickets/T1.yaml")]) {
        const r = run();
        expect(r.value === null || typeof r.value === "object").toBe(true);
        if (r.value === null) expect(r.issues.some((i) => i.severity === "error")).toBe(true);
      }
    }),
    opts,
  );
});

test("state file shape checks and the lock checker never throw", () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.string({ maxLength: 300 }), (value, text) => {
      sessionShapeProblem(value, "SES-20260101-000000-AAAAAA");
      handoffShapeProblem(value);
      lockShapeProblem(value, "T1");
      checkLockText(text);
      checkLockText(JSON.stringify(value));
    }),
    opts,
  );
});

test("command lines, globs, refs and remotes never throw", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (s) => {
      splitCommandLine(s);
      validateGlob(s);
      validateGlob(s, { allowAbsolute: true, allowTmpdir: true });
      branchNameProblem(s);
      remoteProblem(s);
    }),
    opts,
  );
});
