// exo tickets: list tickets with filters, or the tree.
import * as z from "zod";
import { TicketId } from "./schemas.js";
import { TICKET_TYPE } from "../kernel/ids.js";
import { defineCommand } from "./command.js";

const Status = z.enum(["todo", "active", "paused", "review", "done", "cancelled", "archived"]);

export const tickets = defineCommand({
  name: "tickets",
  summary: "List tickets (filters by status, kind, type, label, parent), or show the tree.",
  examples: ["exo tickets", "exo tickets --status todo --kind task", "exo tickets --tree"],
  readOnly: true,
  core: true,
  ticketIds: ["parent"],
  input: () => z.object({
    status: z.array(Status).default([]).describe("Only these statuses (repeatable)"),
    kind: z.enum(["intent", "epic", "task"]).optional().describe("Only this kind"),
    // A refine, not .regex(): the pattern would lengthen the core MCP tool list (§11, ≤ 20 KB).
    type: z.string().refine((v) => TICKET_TYPE.test(v), { message: "is not a ticket type (lowercase letters, digits, -)", params: { code: "invalid_format" } }).optional().describe("Only this type"),
    label: z.string().min(1).optional().describe("Only tickets with this label"),
    parent: TicketId().optional().describe("Only children of this ticket"),
    all: z.boolean().default(false).describe("Include archived and cancelled tickets"),
    tree: z.boolean().default(false).describe("Show the intent tree instead of a list"),
  }),
  async run(ctx, input) {
    const { listTicketsView } = await import("../orchestrator/ticket-views.js");
    return listTicketsView(ctx, input);
  },
});
