// exo session-finish: close the session with checks, drift, memento and lock release.
import * as z from "zod";
import { NonEmptyText, SessionId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const sessionFinish = defineCommand({
  name: "session-finish",
  summary: "Finish the session: run checks, compute drift, write the memento, release the lock.",
  examples: ["exo session-finish --summary \"Signup form with validation\" --next-step \"Wire the API\"", "exo session-finish --summary \"WIP\" --set-status keep"],
  core: true,
  input: () => z.object({
    summary: NonEmptyText().pipe(z.string().max(10_000)).describe("What was done (1–10,000 characters)"),
    session_id: SessionId().optional().describe("Session (default $EXO_SESSION_ID, else yours)"),
    set_status: z.enum(["review", "done", "keep"]).default("review").describe("Ticket status afterwards"),
    next_step: z.array(NonEmptyText()).default([]).describe("Next steps for whoever continues"),
    blocker: z.array(NonEmptyText()).default([]).describe("Blockers met"),
    artifact: z.array(NonEmptyText()).default([]).describe("Artifacts produced (paths)"),
    error: z.array(NonEmptyText()).default([]).describe('Errors met, as "tool:message"'),
    skip_check: z.boolean().default(false).describe("Skip the checks (needs --break-glass-reason)"),
    break_glass_reason: NonEmptyText().optional().describe("Why a gate is bypassed (recorded)"),
    release_lock: z.boolean().optional().describe("Release the lock (default: yes unless --set-status keep)"),
    drift_threshold: z.number().min(0).max(1).optional().describe("Warn at or above this drift (default drift.warn_threshold)"),
  }),
  async run(ctx, input) {
    const { finishSession } = await import("../orchestrator/session-finish.js");
    return finishSession(ctx, input);
  },
});
