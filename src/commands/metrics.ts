// exo metrics: verify rate, drift distribution, throughput, actors, hooks, fleet health.
import * as z from "zod";
import { Timestamp } from "./schemas.js";
import { defineCommand } from "./command.js";

export const metrics = defineCommand({
  name: "metrics",
  summary: "Fleet metrics over a window: sessions, verify pass rate, drift of its closed sessions, ticket throughput, actors, hooks, health.",
  examples: ["exo metrics", "exo metrics --since 2026-11-01T00:00:00.000Z"],
  readOnly: true,
  input: () => z.object({
    since: Timestamp().optional().describe("Window start (default 30 days ago)"),
    until: Timestamp().optional().describe("Window end (default now)"),
  }),
  async run(ctx, input) {
    const { metrics: run } = await import("../orchestrator/observe.js");
    return run(ctx, input);
  },
});
