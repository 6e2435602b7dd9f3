// exo intent-create: a new intent, the root of a tree of epics and tasks.
import * as z from "zod";
import { NonEmptyText, Priority, ScopeGlob, TicketId, WrittenText } from "./schemas.js";
import { defineCommand } from "./command.js";

export const intentCreate = defineCommand({
  name: "intent-create",
  summary: "Create an intent: the why behind a group of epics and tasks.",
  examples: ["exo intent-create \"Users can sign up\" --brain-dump \"Email + password; no OAuth yet\" --scope-allow 'src/signup/**' --id INT-001"],
  positional: ["title"],
  core: true,
  input: () => z.object({
    title: WrittenText().pipe(z.string().max(200)).describe("What the intent achieves, in one line"),
    brain_dump: NonEmptyText().describe("Everything you know about it: context, constraints, ideas"),
    boundary: z.array(ScopeGlob()).default([]).describe("Globs the work must never touch"),
    success_condition: z.array(NonEmptyText()).default([]).describe("How we know it is done"),
    risk: z.enum(["low", "medium", "high"]).default("medium").describe("Risk level"),
    scope_allow: z.array(ScopeGlob()).default([]).describe("Globs its tasks may write (default: everything)"),
    scope_deny: z.array(ScopeGlob()).default([]).describe("Globs its tasks may not write"),
    max_files: z.number().int().min(1).optional().describe("Changed-file budget per task"),
    max_loc: z.number().int().min(1).optional().describe("Changed-line budget per task"),
    priority: Priority().default(3).describe("1 = most urgent … 5"),
    label: z.array(z.string().min(1)).default([]).describe("Labels"),
    description: z.string().default("").describe("Longer description"),
    id: TicketId().optional().describe("Use this id instead of a generated one"),
  }),
  async run(ctx, input) {
    const { createTicket } = await import("../orchestrator/tickets.js");
    const { withNewTicketsCommit } = await import("../orchestrator/ticket-close.js");
    return withNewTicketsCommit(ctx, await createTicket(ctx, "intent", {
      title: input.title,
      id: input.id,
      brain_dump: input.brain_dump,
      boundaries: input.boundary,
      success_conditions: input.success_condition,
      risk: input.risk,
      scope: { allow: input.scope_allow, deny: input.scope_deny },
      budgets: { ...(input.max_files ? { max_files: input.max_files } : {}), ...(input.max_loc ? { max_loc: input.max_loc } : {}) },
      priority: input.priority,
      labels: input.label,
      description: input.description,
    }));
  },
});
