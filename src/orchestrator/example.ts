// The starter work of `exo install --example` and `exo init --example`: one intent and its task
// TICKET-001, so the README's quick start (`exo next`, `exo session-start --ticket-id
// TICKET-001`, `exo session-finish`) works in a fresh repository. Idempotent: when TICKET-001
// exists nothing is added.
import type { Context } from "../commands/context.js";
import { listTickets } from "../stdlib/tickets/store.js";
import { createTicket } from "./tickets.js";

export const EXAMPLE_TICKET = "TICKET-001";

export interface ExampleResult {
  created: string[];
  intent: string | null;
  ticket: string;
}

export async function addExample(ctx: Context): Promise<ExampleResult> {
  const repo = await ctx.governed();
  const index = await listTickets(repo);
  const existing = [...index.tickets.values()].find((t) => t.id.toLowerCase() === EXAMPLE_TICKET.toLowerCase());
  if (existing) return { created: [], intent: existing.parent, ticket: existing.id };
  const intent = await createTicket(ctx, "intent", {
    title: "Example: a first governed change",
    brain_dump: "A starter intent from exo's --example. Try the quick start on TICKET-001, then replace this with your own work: exo intent-create \"…\" --brain-dump \"…\" --scope-allow \"src/**\".",
    scope: { allow: ["src/**", "docs/**", "README.md"], deny: [] },
  }, { scopeFromExo: true });
  const task = await createTicket(ctx, "task", {
    title: "Example: make a first change under exo",
    id: EXAMPLE_TICKET,
    parent: intent.ticket.id,
    description: "Start a session on this ticket, change a file inside its scope (src/**, docs/**, README.md), then finish the session.",
    success_conditions: ["A session on TICKET-001 finished with drift reported"],
  });
  return { created: [intent.path, task.path], intent: intent.ticket.id, ticket: task.ticket.id };
}
