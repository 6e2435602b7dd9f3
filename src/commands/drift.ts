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
    const report = await driftReport(ctx, input);
    // A features or requirements section with problems names the command that lists them (before:
    // `FAIL features 1 error, 0 warnings` and no word of which, nor where to look).
    const lists: Record<string, string> = { features: "exo trace", requirements: "exo trace-reqs" };
    return { ...report, sections: report.sections.map((s) => (s.status !== "pass" && !s.hint && lists[s.name] ? { ...s, hint: lists[s.name] } : s)) };
  },
  verdict(data) {
    if (data.status !== "fail") return null;
    const bad = data.sections.filter((s) => s.status === "fail");
    // The first failing section's own step (exo compose, exo trace, …): before, the hint was exo
    // drift, the command that had just failed.
    const hint = bad.map((s) => s.hint).find((h): h is string => typeof h === "string" && h !== "");
    return { code: "DRIFT_DETECTED", message: `Drift detected: ${bad.map((s) => `${s.name} (${s.message})`).join("; ")}.`, ...(hint ? { hint } : {}) };
  },
});
