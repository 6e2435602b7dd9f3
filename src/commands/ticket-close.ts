// exo ticket-close: a person marks a ticket done or cancelled from any open status.
import * as z from "zod";
import { NonEmptyText, TicketId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const ticketClose = defineCommand({
  name: "ticket-close",
  summary: "Close a ticket as done or cancelled from any open status (people only; agents finish their session).",
  examples: ["exo ticket-close TICKET-001", "exo ticket-close TICKET-002 --status cancelled --reason \"superseded by TICKET-005\""],
  positional: ["id"],
  idempotent: true,
  input: () => z.object({
    id: TicketId().describe("The ticket to close"),
    status: z.enum(["done", "cancelled"]).default("done").describe("done or cancelled"),
    reason: NonEmptyText().optional().describe("Why (recorded in the ticket history and the ledger)"),
  }),
  ticketIds: ["id"],
  async run(ctx, input) {
    const { closeTicket } = await import("../orchestrator/ticket-close.js");
    return closeTicket(ctx, input);
  },
});
