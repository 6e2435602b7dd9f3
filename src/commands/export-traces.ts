// exo export-traces: OTLP/JSON traces of closed sessions, to a file and/or a collector.
import * as z from "zod";
import { HttpUrl, OutFile, SessionId, Timestamp } from "./schemas.js";
import { defineCommand } from "./command.js";

export const exportTraces = defineCommand({
  name: "export-traces",
  summary: "Export one OpenTelemetry trace per closed session (OTLP/JSON file and/or OTLP/HTTP endpoint).",
  examples: ["exo export-traces", "exo export-traces --endpoint http://127.0.0.1:4318/v1/traces --no-write"],
  input: () => z.object({
    since: Timestamp().optional().describe("Only sessions that closed at or after this time"),
    session_id: z.array(SessionId()).default([]).describe("Only these sessions (repeatable)"),
    out: OutFile().optional().describe("JSON Lines file (default .exo/traces/export.jsonl)"),
    // OTLP/HTTP (SPEC §8.9): another scheme is a bad value, not an unreachable collector.
    endpoint: HttpUrl().optional().describe("OTLP/HTTP collector URL, http:// or https:// (default telemetry.otlp_endpoint)"),
    header: z.array(z.string().regex(/^[^=]+=/, { message: "use K=V" })).default([]).describe("Extra HTTP header K=V (repeatable)"),
    write: z.boolean().default(true).describe("Write the file (--no-write only posts)"),
  }),
  async run(ctx, input) {
    const { exportTraces: run } = await import("../orchestrator/observe.js");
    return run(ctx, input);
  },
});
