// exo ticket-create: a task or an epic under an intent or epic.
import * as z from "zod";
import { NonEmptyText, Priority, ScopeGlob, TicketId, WrittenText } from "./schemas.js";
import { TICKET_TYPE } from "../kernel/ids.js";
import { defineCommand } from "./command.js";
import { ErrorCode, ExoError } from "../errors.js";

export const ticketCreate = defineCommand({
  name: "ticket-create",
  summary: "Create a task or epic under an intent or epic.",
  examples: ["exo ticket-create \"Signup form\" --parent INT-001 --id TICKET-001", "exo ticket-create \"Fix login race\" --parent INT-001 --type bug --priority 1 --id TICKET-002"],
  positional: ["title"],
  ticketIds: ["parent", "blocker"],
  core: true,
  input: () => z.object({
    title: WrittenText().pipe(z.string().max(200)).describe("What it delivers, in one line"),
    parent: TicketId().optional().describe("The intent or epic it belongs to"),
    kind: z.enum(["task", "epic"]).default("task").describe("task or epic"),
    type: z.string().regex(TICKET_TYPE, { message: "must be lowercase letters, digits and -, starting with a letter (like bug or feature)" }).default("feature").describe("Ticket type for scheduler lanes (feature, bug, chore, docs, …)"),
    id: TicketId().optional().describe("Use this id instead of a generated one (e.g. TICKET-001)"),
    scope_allow: z.array(ScopeGlob()).default([]).describe("Globs it may write (default: inherited)"),
    scope_deny: z.array(ScopeGlob()).default([]).describe("Globs it may not write"),
    boundary: z.array(ScopeGlob()).default([]).describe("Globs the work must never touch"),
    max_files: z.number().int().min(1).optional().describe("Changed-file budget"),
    max_loc: z.number().int().min(1).optional().describe("Changed-line budget"),
    priority: Priority().default(3).describe("1 = most urgent … 5"),
    label: z.array(z.string().min(1)).default([]).describe("Labels"),
    blocker: z.array(TicketId()).default([]).describe("Tickets that must be done first"),
    check: z.array(NonEmptyText()).optional().describe("Check commands run at finish (each in checks.allowlist)"),
    success_condition: z.array(NonEmptyText()).default([]).describe("How we know it is done"),
    resource_profile: z.enum(["light", "default", "heavy"]).default("default").describe("Machine load of the work"),
    description: z.string().default("").describe("Longer description"),
  }),
  async run(ctx, input) {
    // --type is the scheduler lane; a kind's name there (--type epic) made a task called an epic,
    // which no ticket-update can turn into one (before: "created task EPIC-001", a dead end).
    if (input.kind === "task" && (input.type === "epic" || input.type === "intent")) {
      const { shellWord } = await import("../kernel/quote.js");
      const rest = `${input.parent ? ` --parent ${shellWord(input.parent)}` : ""}${input.id ? ` --id ${shellWord(input.id)}` : ""}`;
      const idFlag = input.id ? ` --id ${shellWord(input.id)}` : "";
      const hint = input.type === "epic" ? `exo ticket-create ${shellWord(input.title)} --kind epic${rest}` : `exo intent-create ${shellWord(input.title)}${idFlag} --brain-dump "…"`;
      const what = input.type === "epic" ? "an epic is made with --kind epic" : "an intent is made with exo intent-create";
      throw new ExoError(ErrorCode.INVALID_INPUT, `--type ${input.type} sets the scheduler lane, not the kind of ticket: ${what}.`, { hint, details: { issues: [{ path: "type", code: "type_is_kind", message: `${input.type} is a kind of ticket, not a type`, severity: "error" }] } });
    }
    const { createTicket } = await import("../orchestrator/tickets.js");
    const { withNewTicketsCommit } = await import("../orchestrator/ticket-close.js");
    return withNewTicketsCommit(ctx, await createTicket(ctx, input.kind, {
      title: input.title,
      id: input.id,
      parent: input.parent ?? null,
      type: input.type,
      scope: { allow: input.scope_allow, deny: input.scope_deny },
      boundaries: input.boundary,
      budgets: { ...(input.max_files ? { max_files: input.max_files } : {}), ...(input.max_loc ? { max_loc: input.max_loc } : {}) },
      priority: input.priority,
      labels: input.label,
      blockers: input.blocker,
      ...(input.check ? { checks: input.check } : {}),
      success_conditions: input.success_condition,
      resource_profile: input.resource_profile,
      description: input.description,
    }));
  },
});
