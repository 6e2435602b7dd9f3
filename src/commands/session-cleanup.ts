// exo session-cleanup: recover crashed sessions (crash memento, lock released, ticket settled).
import * as z from "zod";
import { SessionId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const sessionCleanup = defineCommand({
  name: "session-cleanup",
  summary: "Recover stale sessions: crash memento, lock released, ticket paused or todo.",
  examples: ["exo session-cleanup --dry-run", "exo session-cleanup"],
  destructive: true,
  input: () => z.object({
    session_id: z.array(SessionId()).default([]).describe("Only these sessions (default: every stale one)"),
    force: z.boolean().default(false).describe("Recover listed sessions even when not stale"),
    ticket_status: z.enum(["auto", "todo", "paused"]).default("auto").describe("Ticket status afterwards"),
    dry_run: z.boolean().default(false).describe("Report only"),
  }),
  async run(ctx, input) {
    const { cleanupSessions } = await import("../orchestrator/session-cleanup.js");
    return cleanupSessions(ctx, input);
  },
});
