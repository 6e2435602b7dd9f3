// exo session-handoff: finish and pass the ticket on with a one-shot handoff record.
import * as z from "zod";
import { Actor, NonEmptyText, SessionId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const sessionHandoff = defineCommand({
  name: "session-handoff",
  summary: "Hand the ticket to another actor (or any): memento, handoff record, ticket paused.",
  examples: ["exo session-handoff --to agent:codex --summary \"Form done; API next\" --next-step \"Add POST /signup\""],
  core: true,
  input: () => z.object({
    to: z.union([z.literal("any"), Actor()]).describe("The receiving actor, or any"),
    summary: NonEmptyText().pipe(z.string().max(10_000)).describe("Where the work stands"),
    reason: NonEmptyText().optional().describe("Why it is handed off"),
    next_step: z.array(NonEmptyText()).default([]).describe("Next steps for the receiver"),
    keep_lock: z.boolean().default(false).describe("Transfer the lock to the receiver instead of releasing it"),
    run_checks: z.boolean().default(false).describe("Run the checks before handing off"),
    session_id: SessionId().optional().describe("Session (default $EXO_SESSION_ID, else yours)"),
  }),
  async run(ctx, input) {
    const { handoffSession } = await import("../orchestrator/session-handoff.js");
    return handoffSession(ctx, input);
  },
});
