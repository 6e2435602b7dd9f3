// exo session-suspend: pause the session; the ticket is paused and the lock released.
import * as z from "zod";
import { NonEmptyText, SessionId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const sessionSuspend = defineCommand({
  name: "session-suspend",
  summary: "Suspend the session (ticket paused, lock released unless --keep-lock).",
  examples: ["exo session-suspend --reason \"waiting for API review\""],
  core: true,
  input: () => z.object({
    reason: NonEmptyText().describe("Why the work pauses"),
    session_id: SessionId().optional().describe("Session (default $EXO_SESSION_ID, else yours)"),
    keep_lock: z.boolean().default(false).describe("Keep holding the lock"),
  }),
  async run(ctx, input) {
    const { suspendSession } = await import("../orchestrator/session-suspend.js");
    return suspendSession(ctx, input);
  },
});
