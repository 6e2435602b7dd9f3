// exo fleet-drift: who drifts, by actor, vendor and model, with live sessions.
import * as z from "zod";
import { Timestamp } from "./schemas.js";
import { defineCommand } from "./command.js";

export const fleetDrift = defineCommand({
  name: "fleet-drift",
  summary: "Drift across the fleet: recent closed sessions plus live ones, grouped by actor, vendor and model.",
  examples: ["exo fleet-drift", "exo fleet-drift --by model --threshold 0.5"],
  readOnly: true,
  input: () => z.object({
    since: Timestamp().optional().describe("Only sessions closed since (default: no lower bound)"),
    include_finished: z.number().int().min(0).default(50).describe("How many recent closed sessions"),
    by: z.array(z.enum(["actor", "vendor", "model"])).default([]).describe("Group by (default: actor, vendor and model)"),
    threshold: z.number().min(0).max(1).default(0.7).describe("High-drift threshold"),
  }),
  async run(ctx, input) {
    const { fleetDrift: run } = await import("../orchestrator/observe.js");
    return run(ctx, input);
  },
});
