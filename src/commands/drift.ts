// exo drift: composite governance drift report.
import * as z from "zod";
import { SessionId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const drift = defineCommand({
  name: "drift",
  summary: "Governance drift report: lock and seal, hooks, adapters, live session drift, features, requirements.",
  examples: ["exo drift", "exo drift --skip features --skip requirements"],
  readOnly: true,
  core: true,
  input: () => z.object({
    skip: z.array(z.enum(["governance", "hooks", "adapters", "sessions", "features", "requirements"])).default([]).describe("Sections to skip (repeatable)"),
    session_id: SessionId().optional().describe("Focus on one session"),
  }),
  async run(ctx, input) {
    const { driftReport } = await import("../orchestrator/health.js");
    return driftReport(ctx, input);
  },
  verdict(data) {
    if (data.status !== "fail") return null;
    const bad = data.sections.filter((s) => s.status === "fail");
    return { code: "DRIFT_DETECTED", message: `Drift detected: ${bad.map((s) => `${s.name} (${s.message})`).join("; ")}.` };
  },
});
