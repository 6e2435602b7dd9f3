// The ticket index entry exo makes for a file it just wrote (writtenTicket) must be exactly what
// reading that file back gives (parseTicket(formatTicket(t))), for any ticket exo can write.
import fc from "fast-check";
import { expect, test } from "vitest";
import { formatTicket, mintTicket, parseTicket, writtenTicket } from "../../../src/stdlib/tickets/model.js";

const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== "");
const glob = fc.constantFrom("src/**", "docs/*.md", "lib/a.ts", "**/*.test.ts");

test("writtenTicket equals the ticket read back from the file formatTicket writes", () => {
  fc.assert(
    fc.property(
      fc.record({
        kind: fc.constantFrom("intent" as const, "epic" as const, "task" as const),
        title: text,
        description: fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
        priority: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        allow: fc.array(glob, { maxLength: 3 }),
        labels: fc.array(fc.constantFrom("a", "b", "ui", "ünïcode"), { maxLength: 3 }),
        risk: fc.option(fc.constantFrom("low" as const, "medium" as const, "high" as const), { nil: undefined }),
        extra: fc.option(fc.dictionary(fc.constantFrom("x_custom", "owner_note", "estimate"), fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null))), { nil: undefined }),
        seconds: fc.integer({ min: 0, max: 10_000_000 }),
      }),
      (f) => {
        const ticket = mintTicket({
          kind: f.kind,
          title: f.title,
          fields: {
            scope: { allow: f.allow },
            labels: f.labels,
            ...(f.description !== undefined ? { description: f.description } : {}),
            ...(f.priority !== undefined ? { priority: f.priority } : {}),
            ...(f.risk !== undefined ? { risk: f.risk } : {}),
          },
          id: null,
          now: new Date(Date.UTC(2026, 10, 24) + f.seconds * 1000),
          randomInt: (max) => Math.floor(max / 2),
          createdBy: "agent:test",
          defaults: { budgets: { max_files: 12, max_loc: 400 }, checks: [] },
        });
        if (f.extra && Object.keys(f.extra).length > 0) ticket.extra = f.extra;
        const read = parseTicket(formatTicket(ticket), ".exo/tickets/T.yaml");
        expect(read.issues).toEqual([]);
        expect(writtenTicket(ticket)).toEqual(read.value);
      },
    ),
    { numRuns: 200 },
  );
});
