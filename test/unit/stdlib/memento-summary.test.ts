// finish caches a memento's summary from the object its front matter was written from, instead of
// parsing the YAML it just wrote: both must give the same summary for any values.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mementoSummary, summaryOf } from "../../../src/orchestrator/session-context.js";
import { mementoText } from "../../../src/stdlib/sessions/closeout.js";
import { mementoChangedPaths } from "../../../src/stdlib/sessions/memento-text.js";

const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constantFrom("", "null", "~", "yes", "0x1F", "1e3", "2026-12-01T10:00:00.000Z", "- a", "# b", "a: b", "'q'", '"q"', "\n## Next steps\n- x", "|", ">", "*a", "&a", "!tag", "%x", "@x", "`x`"));
const body = (summary: string, steps: string[]) => ["# Session", "", "## Summary", summary.trim(), "", "## Next steps", steps.length ? steps.map((s) => `- ${s}`).join("\n") : "- None.", "", "## Blockers", "- None.", ""].join("\n");

describe("memento summary", () => {
  it("taken from the front matter's object equals the one parsed from the written text", () => {
    fc.assert(
      fc.property(
        fc.record({ session: text, actor: text, outcome: text, finished_at: text, ticket: text }),
        fc.oneof(fc.constant(null), fc.record({ score: fc.double({ noNaN: true, noDefaultInfinity: true }) }), fc.record({ score: fc.integer() })),
        text,
        fc.array(text, { maxLength: 4 }),
        (values, drift, summary, steps) => {
          const front = { format: "exo.memento/1", ...values, drift, checks: [], changed_files: [{ path: values.ticket, added: 1 }] };
          const b = body(summary, steps);
          expect(summaryOf(front, b)).toEqual(mementoSummary(mementoText(front, b)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("memento changed paths", () => {
  it("are the paths finish wrote, whatever quoting YAML gave them (handoff-step reads them back to offer the commit)", () => {
    const path = fc.oneof(fc.string({ minLength: 1 }), fc.string({ unit: "grapheme", minLength: 1 }), fc.constantFrom("a b.md", "it's.md", 'q"uote.md', "- x", "a: b", "#c", "null", "~", "yes", "0x1F", "src/[x].ts", " lead", "trail "));
    fc.assert(
      fc.property(fc.array(path, { maxLength: 5 }), (paths) => {
        const front = { format: "exo.memento/1", session: "SES-1", changed_files: paths.map((p) => ({ path: p, status: "M", added: 1, removed: 0 })) };
        expect(mementoChangedPaths(mementoText(front, body("s", [])))).toEqual(paths);
      }),
      { numRuns: 300 },
    );
  });

  it("are none for a memento whose front matter does not parse or names none", () => {
    expect(mementoChangedPaths("---\nchanged_files: [\n---\n# x\n")).toEqual([]);
    expect(mementoChangedPaths("---\nsession: SES-1\n---\n# x\n")).toEqual([]);
    expect(mementoChangedPaths("---\nchanged_files:\n  - 3\n  - path: a.ts\n---\n")).toEqual(["a.ts"]);
  });
});
