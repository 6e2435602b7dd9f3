// exo ticket-show: one ticket with its family, scope, lock, sessions and drift.
import * as z from "zod";
import { TicketId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const ticketShow = defineCommand({
  name: "ticket-show",
  summary: "Show one ticket: ancestors, children, blockers, effective scope, lock, sessions, drift, handoff.",
  examples: ["exo ticket-show TICKET-001", "exo ticket-show int-0  # a unique prefix, any case"],
  positional: ["id"],
  readOnly: true,
  core: true,
  input: () => z.object({ id: TicketId().describe("The ticket") }),
  ticketIds: ["id"],
  async run(ctx, input) {
    const { showTicket } = await import("../orchestrator/ticket-views.js");
    return showTicket(ctx, input.id);
  },
});
