// exo ticket-update: edit fields and change status through the state machine.
import * as z from "zod";
import { NonEmptyText, Priority, ScopeGlob, TicketId, WrittenText } from "./schemas.js";
import { TICKET_TYPE } from "../kernel/ids.js";
import { defineCommand } from "./command.js";

export const ticketUpdate = defineCommand({
  name: "ticket-update",
  summary: "Edit a ticket or change its status (validated by the state machine).",
  examples: ["exo ticket-update TICKET-001 --title \"Signup form with validation\"", "exo ticket-update TICKET-002 --add-blocker TICKET-001 --priority 2"],
  positional: ["id"],
  input: () => z.object({
    id: TicketId().describe("The ticket to edit"),
    title: WrittenText().pipe(z.string().max(200)).optional().describe("New title"),
    description: z.string().optional().describe("New description"),
    status: z.enum(["todo", "active", "paused", "review", "done", "cancelled", "archived"]).optional().describe("New status"),
    reason: NonEmptyText().optional().describe("Why (required to reopen done or cancelled tickets)"),
    priority: Priority().optional().describe("1 = most urgent … 5"),
    type: z.string().regex(TICKET_TYPE, { message: "must be lowercase letters, digits and -, starting with a letter (like bug or feature)" }).optional().describe("Ticket type"),
    parent: TicketId().optional().describe("New parent"),
    clear_parent: z.boolean().default(false).describe("Remove the parent (an intent's pulled parent, a parent cycle)"),
    add_blocker: z.array(TicketId()).default([]).describe("Add blockers"),
    remove_blocker: z.array(TicketId()).default([]).describe("Remove blockers"),
    add_label: z.array(z.string().min(1)).default([]).describe("Add labels"),
    remove_label: z.array(z.string().min(1)).default([]).describe("Remove labels"),
    scope_allow: z.array(ScopeGlob()).optional().describe("Replace the allowed globs"),
    scope_deny: z.array(ScopeGlob()).optional().describe("Replace the denied globs"),
    boundary: z.array(ScopeGlob()).optional().describe("Replace the boundaries"),
    max_files: z.number().int().min(1).optional().describe("Changed-file budget"),
    max_loc: z.number().int().min(1).optional().describe("Changed-line budget"),
    check: z.array(NonEmptyText()).optional().describe("Replace the checks"),
    brain_dump: z.string().optional().describe("Replace the brain dump"),
    success_condition: z.array(NonEmptyText()).optional().describe("Replace the success conditions"),
    risk: z.enum(["low", "medium", "high"]).optional().describe("Risk level"),
  }),
  ticketIds: ["id", "parent", "add_blocker"],
  async run(ctx, input) {
    const { editTicket } = await import("../orchestrator/tickets.js");
    const { id, clear_parent, ...rest } = input;
    if (clear_parent && rest.parent !== undefined) {
      const { ExoError, ErrorCode } = await import("../errors.js");
      throw new ExoError(ErrorCode.INVALID_INPUT, "--parent and --clear-parent contradict each other; give one.", { hint: `exo ticket-update ${id} --clear-parent` });
    }
    const { withEditCommit } = await import("../orchestrator/ticket-close.js");
    return withEditCommit(ctx, await editTicket(ctx, id, { ...rest, ...(clear_parent ? { parent: null } : {}) }));
  },
});
