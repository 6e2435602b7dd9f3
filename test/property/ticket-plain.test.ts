// The ticket fast path (src/stdlib/tickets/plain.ts) never changes an answer: for a ticket as exo
// writes it, and for every damaged variant of one (a key missing or of another type, a value out
// of range, a title with spaces around it, a bad glob or id, unknown keys), either it declines
// (the zod schema then parses and words the problems) or it gives exactly what the schema gives,
// key order included.
import fc from "fast-check";
import { expect, test } from "vitest";
import { plainTicket } from "../../src/stdlib/tickets/plain.js";
import { mintTicket, parseTicket, ticketBySchema, formatTicket } from "../../src/stdlib/tickets/model.js";

const statuses = ["todo", "active", "paused", "review", "done", "cancelled", "archived"] as const;
const id = fc.constantFrom("T1", "TICKET-001", "TKT-20261201-101010-ABCDEF", "EPIC-1", "INT-7");
const glob = fc.constantFrom("**", "src/**", "docs/*.md", "!src/a.ts", "src/{a,b}/**", "/abs/**", "../up/**", "", "a//b", "src/[", "**/*.ts");
const text = fc.constantFrom("", "x", " padded ", "plain words", "ünï", "a".repeat(201), "line\nbreak");

const valid = fc.record({
  id,
  kind: fc.constantFrom("intent", "epic", "task"),
  title: fc.constantFrom("Fix it", "a", "ünïcode title", "x".repeat(200)),
  description: text,
  type: fc.constantFrom("feature", "bug", "chore-2"),
  status: fc.constantFrom(...statuses),
  priority: fc.integer({ min: 1, max: 5 }),
  parent: fc.option(id, { nil: null }),
  scope: fc.record({ allow: fc.array(fc.constantFrom("**", "src/**", "docs/*.md"), { maxLength: 3 }), deny: fc.array(fc.constantFrom(".env", "secrets/**"), { maxLength: 2 }) }),
  boundaries: fc.array(fc.constantFrom("src/api/**", "lib/*.js"), { maxLength: 2 }),
  budgets: fc.record({ max_files: fc.integer({ min: 1, max: 1000 }), max_loc: fc.integer({ min: 1, max: 100000 }) }),
  checks: fc.array(fc.constantFrom("npm test", "make lint"), { maxLength: 2 }),
  blockers: fc.array(id, { maxLength: 2 }),
  labels: fc.array(fc.constantFrom("ui", "perf"), { maxLength: 2 }),
  resource_profile: fc.constantFrom("light", "default", "heavy"),
  brain_dump: text,
  success_conditions: fc.array(text, { maxLength: 2 }),
  risk: fc.constantFrom("low", "medium", "high"),
  branch: fc.option(fc.constantFrom("main", "exo/T1"), { nil: null }),
  commits: fc.array(fc.constantFrom("abc123", "def456"), { maxLength: 2 }),
  created_at: fc.constant("2026-12-01T10:00:00.000Z"),
  created_by: fc.constant("agent:a"),
  updated_at: fc.constant("2026-12-01T10:00:00.000Z"),
  history: fc.array(fc.record({ at: fc.constant("2026-12-01T10:00:00.000Z"), by: fc.constant("agent:a"), from: fc.constantFrom(...statuses), to: fc.constantFrom(...statuses), reason: fc.constantFrom("claimed", "") }), { maxLength: 2 }),
});

const odd = fc.constantFrom<unknown>(undefined, null, 0, 2.5, -1, 6, 201, Number.NaN, "", " x ", "bad id!", "task", [], ["**"], [""], ["src/["], {}, { allow: ["**"] }, { max_files: 0, max_loc: 1 }, true, "done", [{ at: "x", by: "y", from: "todo", to: "nope", reason: "" }]);
const keys = ["id", "kind", "title", "description", "type", "status", "priority", "parent", "scope", "boundaries", "budgets", "checks", "blockers", "labels", "resource_profile", "brain_dump", "success_conditions", "risk", "branch", "commits", "created_at", "created_by", "updated_at", "history", "extra_key"];

// One to three keys replaced by an odd value (undefined: the key removed), or nested values damaged.
const damaged = fc.tuple(valid, fc.array(fc.tuple(fc.constantFrom(...keys), odd), { minLength: 1, maxLength: 3 }), fc.option(fc.tuple(fc.constantFrom("allow", "deny"), glob))).map(([t, edits, nested]) => {
  const raw: Record<string, unknown> = JSON.parse(JSON.stringify(t));
  for (const [k, v] of edits) {
    if (v === undefined) delete raw[k];
    else raw[k] = v;
  }
  if (nested && typeof raw["scope"] === "object" && raw["scope"] !== null && !Array.isArray(raw["scope"])) {
    (raw["scope"] as Record<string, unknown>)[nested[0]] = [nested[1]];
  }
  return raw;
});

test("a plain ticket, as exo writes it, takes the fast path and reads as the schema reads it, key order included", () => {
  fc.assert(
    fc.property(valid, (t) => {
      const raw = JSON.parse(JSON.stringify(t)) as Record<string, unknown>;
      const fast = plainTicket(raw);
      const schema = ticketBySchema(raw);
      expect(schema).not.toBeNull();
      expect(fast).not.toBeNull();
      expect(JSON.stringify(fast)).toBe(JSON.stringify(schema));
    }),
    { numRuns: 300 },
  );
});

test("a damaged ticket: the fast path declines, or gives exactly the schema's answer", () => {
  fc.assert(
    fc.property(damaged, (raw) => {
      const fast = plainTicket(raw);
      if (fast === null) return;
      const schema = ticketBySchema(raw);
      expect(schema, JSON.stringify(raw)).not.toBeNull();
      expect(JSON.stringify(fast)).toBe(JSON.stringify(schema));
    }),
    { numRuns: 1500 },
  );
});

test("the fast path declines what the schema would fill in or trim: a missing key, a padded title, a padded check", () => {
  const ticket = mintTicket({ kind: "task", title: "Fix it", fields: {}, id: "T1", now: new Date("2026-12-01T10:00:00Z"), randomInt: () => 0, createdBy: "agent:a", defaults: { budgets: { max_files: 10, max_loc: 100 }, checks: ["npm test"] } });
  const raw = JSON.parse(JSON.stringify(ticket)) as Record<string, unknown>;
  expect(plainTicket(raw)).not.toBeNull();
  expect(plainTicket({ ...raw, title: " Fix it" })).toBeNull();
  expect(plainTicket({ ...raw, checks: [" npm test"] })).toBeNull();
  const { labels: _labels, ...missing } = raw;
  expect(plainTicket(missing)).toBeNull();
  // The file exo writes reads back through the fast path to the same ticket.
  expect(parseTicket(formatTicket(ticket), ".exo/tickets/T1.yaml").value).toEqual(ticket);
});
