// exo session-start: start (or reuse, or resume) a governed session and print its bootstrap.
import * as z from "zod";
import { NonEmptyText, TicketId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const sessionStart = defineCommand({
  name: "session-start",
  summary: "Start a governed session on a task: verifies governance, takes the lock, prints the bootstrap prompt.",
  examples: ["exo session-start --ticket-id TICKET-001 --vendor anthropic --model claude-code", "exo session-start --dispatch"],
  core: true,
  input: () => z.object({
    ticket_id: TicketId().optional().describe("The task to work on (default: your claimed ticket)"),
    dispatch: z.boolean().default(false).describe("Claim the next ready task when none is given or claimed"),
    vendor: NonEmptyText().default("unknown").describe("Model vendor (anthropic, openai, …)"),
    model: NonEmptyText().default("unknown").describe("Model or product (claude-code, gpt-5, …)"),
    task: z.string().optional().describe("What you were asked to do"),
    role: NonEmptyText().default("developer").describe("Role of the agent"),
    harness: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, { message: "must be lowercase letters, digits and -, starting with a letter (like claude or cli)" }).optional().describe("claude | cursor | codex | gemini | copilot | sdk | mcp | cli"),
    agent_session_id: z.string().min(1).optional().describe("The harness's own session id"),
    pid: z.number().int().min(1).optional().describe("The agent's process id (default $EXO_AGENT_PID)"),
    acquire_lock: z.boolean().default(true).describe("Take the lock when none is live (else refuse)"),
    ttl_hours: z.number().gt(0).max(168).optional().describe("Lock lease in hours"),
    takeover: z.boolean().default(false).describe("Recover a stale session first"),
    allow_blocked: z.boolean().default(false).describe("Start despite open blockers (warns)"),
    distributed: z.boolean().optional().describe("Claim or verify the git-ref lease on the remote (default locks.distributed)"),
  }),
  ticketIds: ["ticket_id"],
  async run(ctx, input) {
    const { startSession } = await import("../orchestrator/session-start.js");
    return startSession(ctx, input);
  },
});
