// exo intents: the intent tree with drift, orphans and stale intents.
import * as z from "zod";
import { defineCommand } from "./command.js";

export const intents = defineCommand({
  name: "intents",
  summary: "Intent tree (intent → epics → tasks) with drift per node, orphans and stale intents.",
  examples: ["exo intents", "exo intents --drift-above 0.5"],
  readOnly: true,
  input: () => z.object({
    status: z.array(z.enum(["todo", "active", "paused", "review", "done", "cancelled", "archived"])).default([]).describe("Only these statuses (repeatable)"),
    drift_above: z.number().min(0).max(1).optional().describe("Keep nodes whose drift is above this, with their ancestors"),
  }),
  async run(ctx, input) {
    const { intentTree } = await import("../orchestrator/ticket-views.js");
    return intentTree(ctx, { statuses: input.status, driftAbove: input.drift_above ?? null });
  },
});
