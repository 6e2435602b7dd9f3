// Pure views of tickets that need no YAML parser (model.ts re-exports them), so listing and
// dispatch load the parser only when a ticket file must be parsed.
import type { Ticket, TicketSummary } from "./types.js";

export function summary(t: Ticket): TicketSummary {
  return { id: t.id, kind: t.kind, title: t.title, status: t.status, priority: t.priority, type: t.type, parent: t.parent };
}

/** Ancestors of a ticket, parent first, at most 20 levels, stopping at a cycle. */
export function ancestorsOf(tickets: ReadonlyMap<string, Ticket>, ticket: Ticket): Ticket[] {
  const out: Ticket[] = [];
  const seen = new Set<string>([ticket.id]);
  let parentId = ticket.parent;
  while (parentId && out.length < 20 && !seen.has(parentId)) {
    const parent = tickets.get(parentId);
    if (!parent) break;
    out.push(parent);
    seen.add(parentId);
    parentId = parent.parent;
  }
  return out;
}

/** True when the chain of parents reaches an intent. */
export function reachesIntent(tickets: ReadonlyMap<string, Ticket>, ticket: Ticket): boolean {
  if (ticket.kind === "intent") return true;
  return ancestorsOf(tickets, ticket).some((a) => a.kind === "intent");
}

/**
 * The blockers of a ticket not settled yet: a blocker is settled once done or archived; one that is
 * missing (`statusOf` gives undefined), cancelled or open still holds the ticket back (SPEC §7.4).
 */
export function openBlockers(blockers: readonly string[], statusOf: (id: string) => string | undefined): string[] {
  return blockers.filter((b) => {
    const status = statusOf(b);
    return status !== "done" && status !== "archived";
  });
}
