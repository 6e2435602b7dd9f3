// exo brief: the governance context a session would get, without opening one.
import * as z from "zod";
import { TicketId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const brief = defineCommand({
  name: "brief",
  summary: "Governance context without a session: rules, checks, scope of the ready work, open intents, sessions, learnings.",
  examples: ["exo brief", "exo brief --ticket-id TICKET-001"],
  readOnly: true,
  ticketIds: ["ticket_id"],
  input: () => z.object({
    ticket_id: TicketId().optional().describe("Brief for this ticket (default: the first ready tasks)"),
    limit: z.number().int().min(1).max(20).default(3).describe("How many ready tasks to describe"),
  }),
  async run(ctx, input) {
    const { briefView } = await import("../orchestrator/ready.js");
    return briefView(ctx, input);
  },
});
