// exo lease-heartbeat: keep a lock (and its session) alive without changing the token.
import * as z from "zod";
import { TicketId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const leaseHeartbeat = defineCommand({
  name: "lease-heartbeat",
  summary: "Extend the lock, same fencing token; refreshes the session heartbeat.",
  examples: ["exo lease-heartbeat"],
  core: true,
  input: () => z.object({
    ticket_id: TicketId().optional().describe("Ticket (default: your session's, else your single lock)"),
    ttl_hours: z.number().gt(0).max(168).optional().describe("Lease length in hours"),
  }),
  ticketIds: ["ticket_id"],
  async run(ctx, input) {
    const { leaseHeartbeat: run } = await import("../orchestrator/leases.js");
    return run(ctx, input);
  },
});
