// exo session-resume: continue a suspended session.
import * as z from "zod";
import { SessionId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const sessionResume = defineCommand({
  name: "session-resume",
  summary: "Resume your suspended session: lock retaken (token + 1), ticket active, new bootstrap.",
  examples: ["exo session-resume"],
  core: true,
  input: () => z.object({
    session_id: SessionId().optional().describe("Session (default: your most recently suspended)"),
    pid: z.number().int().min(1).optional().describe("The agent's process id"),
    agent_session_id: z.string().min(1).optional().describe("The harness's own session id"),
    harness: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, { message: "must be lowercase letters, digits and -, starting with a letter (like claude or cli)" }).optional().describe("Harness name"),
  }),
  async run(ctx, input) {
    const { resumeSession } = await import("../orchestrator/session-suspend.js");
    return resumeSession(ctx, input);
  },
});
