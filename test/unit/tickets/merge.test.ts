import fc from "fast-check";
import { expect, test } from "vitest";
import { formatTicket, parseTicket } from "../../../src/stdlib/tickets/model.js";
import { mergeHistory, mergeTickets } from "../../../src/stdlib/tickets/merge.js";
import type { HistoryEntry, Ticket, TicketStatus } from "../../../src/stdlib/tickets/types.js";
import { ticketYaml } from "../../helpers/tickets.js";

function ticket(patch: Partial<Ticket> = {}): Ticket {
  const { value } = parseTicket(ticketYaml({ id: "T1" }), "T1.yaml");
  if (!value) throw new Error("fixture");
  return { ...value, ...patch };
}

const h = (at: string, from: TicketStatus, to: TicketStatus, by = "agent:a"): HistoryEntry => ({ at, by, from, to, reason: "x" });

test("one side's claim and the other side's edit merge without loss", () => {
  const base = ticket();
  const ours = ticket({ status: "review", branch: "exo/T1", commits: ["abc"], updated_at: "2026-11-24T10:00:00.000Z", history: [h("2026-11-24T09:30:00.000Z", "todo", "active"), h("2026-11-24T10:00:00.000Z", "active", "review")] });
  const theirs = ticket({ priority: 1, updated_at: "2026-11-24T09:45:00.000Z" });
  const m = mergeTickets(base, ours, theirs);
  expect(m).toMatchObject({ status: "review", priority: 1, branch: "exo/T1", commits: ["abc"], updated_at: "2026-11-24T10:00:00.000Z" });
  expect(m.history).toHaveLength(2);
  expect(parseTicket(formatTicket(m), "T1.yaml").value).toEqual(m);
});

test("both sides moved the status: the latest transition wins and history is the union", () => {
  const base = ticket();
  const ours = ticket({ status: "active", updated_at: "2026-11-24T09:10:00.000Z", history: [h("2026-11-24T09:10:00.000Z", "todo", "active", "agent:a")] });
  const theirs = ticket({ status: "done", updated_at: "2026-11-24T11:00:00.000Z", history: [h("2026-11-24T10:00:00.000Z", "todo", "active", "agent:b"), h("2026-11-24T11:00:00.000Z", "active", "done", "agent:b")] });
  const m = mergeTickets(base, ours, theirs);
  expect(m.status).toBe("done");
  expect(m.history.map((x) => x.by)).toEqual(["agent:a", "agent:b", "agent:b"]);
  // Symmetric.
  expect(mergeTickets(base, theirs, ours).status).toBe("done");
});

test("property: merge is symmetric in status and history, keeps every transition once", () => {
  const statuses: TicketStatus[] = ["todo", "active", "review", "done", "paused"];
  const entry = fc.record({ min: fc.integer({ min: 0, max: 59 }), to: fc.constantFrom(...statuses), by: fc.constantFrom("a", "b") }).map((e) => h(`2026-11-24T09:${String(e.min).padStart(2, "0")}:00.000Z`, "todo", e.to, e.by));
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 5 }), fc.array(entry, { maxLength: 5 }), (x, y) => {
      const mk = (hist: HistoryEntry[]) => {
        const sorted = mergeHistory(hist, []);
        const last = sorted[sorted.length - 1];
        return ticket({ history: sorted, status: last?.to ?? "todo", updated_at: last?.at ?? "2026-11-24T09:00:00.000Z" });
      };
      const a = mk(x);
      const b = mk(y);
      const ab = mergeTickets(ticket(), a, b);
      const ba = mergeTickets(ticket(), b, a);
      expect(ab.history).toEqual(ba.history);
      expect(new Set(ab.history.map((e) => JSON.stringify(e)))).toEqual(new Set([...x, ...y].map((e) => JSON.stringify(e))));
      if (a.status !== b.status) expect(ab.status).toBe(ba.status);
    }),
    { numRuns: 200 },
  );
});

test("a person's close stands against a session that finished later in a clone that never saw it; a reopening after the close wins", () => {
  const base = ticket({ status: "active" });
  const closed = ticket({ status: "done", updated_at: "2026-11-24T10:00:00.000Z", history: [h("2026-11-24T10:00:00.000Z", "active", "done", "human:ops")] });
  const finished = ticket({ status: "review", updated_at: "2026-11-24T11:00:00.000Z", history: [h("2026-11-24T11:00:00.000Z", "active", "review", "agent:a")] });
  expect(mergeTickets(base, closed, finished).status).toBe("done");
  expect(mergeTickets(base, finished, closed).status).toBe("done");
  // The other clone had pulled the close, then reopened the ticket: the reopening is the later word.
  const reopened = ticket({ status: "todo", updated_at: "2026-11-24T12:00:00.000Z", history: [h("2026-11-24T10:00:00.000Z", "active", "done", "human:ops"), h("2026-11-24T12:00:00.000Z", "done", "todo", "human:ops")] });
  expect(mergeTickets(base, closed, reopened).status).toBe("todo");
  expect(mergeTickets(base, reopened, closed).status).toBe("todo");
});
