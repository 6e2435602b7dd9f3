// exo lease-release: give a ticket lock back.
import * as z from "zod";
import { TicketId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const leaseRelease = defineCommand({
  name: "lease-release",
  summary: "Release a ticket lock (an active task with no session returns to todo).",
  examples: ["exo lease-release --ticket-id TICKET-001", "exo lease-release --ignore-missing"],
  destructive: true,
  input: () => z.object({
    ticket_id: TicketId().optional().describe("Ticket (default: your session's, else your single lock)"),
    ignore_missing: z.boolean().default(false).describe("Succeed when there is no live lock"),
    force: z.boolean().default(false).describe("Release a lock bound to another actor's live session"),
  }),
  ticketIds: ["ticket_id"],
  async run(ctx, input) {
    const { leaseRelease: run } = await import("../orchestrator/leases.js");
    return run(ctx, input);
  },
});
