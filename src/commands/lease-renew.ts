// exo lease-renew: extend a ticket lock and bump its fencing token.
import * as z from "zod";
import { TicketId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const leaseRenew = defineCommand({
  name: "lease-renew",
  summary: "Extend the lock and bump its fencing token.",
  examples: ["exo lease-renew --ticket-id TICKET-001 --ttl-hours 4"],
  input: () => z.object({
    ticket_id: TicketId().optional().describe("Ticket (default: your session's, else your single lock)"),
    ttl_hours: z.number().gt(0).max(168).optional().describe("New lease length in hours"),
  }),
  ticketIds: ["ticket_id"],
  async run(ctx, input) {
    const { leaseRenew: run } = await import("../orchestrator/leases.js");
    return run(ctx, input);
  },
});
