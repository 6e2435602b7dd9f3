// exo session-scan: liveness report of every session (always exit 0).
import * as z from "zod";
import { defineCommand } from "./command.js";

export const sessionScan = defineCommand({
  name: "session-scan",
  summary: "List sessions with liveness: dead pid, expired heartbeat or lease, lost lock.",
  examples: ["exo session-scan"],
  readOnly: true,
  input: () => z.object({}),
  async run(ctx) {
    const { scanSessions } = await import("../orchestrator/session-cleanup.js");
    return scanSessions(ctx);
  },
});
