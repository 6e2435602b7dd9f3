// exo ready: the tasks `exo next` could hand out, in dispatch order, and why the others are not ready.
import * as z from "zod";
import { Actor } from "./schemas.js";
import { defineCommand } from "./command.js";

export const ready = defineCommand({
  name: "ready",
  summary: "List the tasks next could hand out, in dispatch order, and why each other open task is not ready.",
  examples: ["exo ready", "exo ready --all", "exo ready --format json"],
  readOnly: true,
  input: () => z.object({
    owner: Actor().optional().describe("Judge handoffs for this actor (default: the actor)"),
    lane: z.string().min(1).optional().describe("Only tickets of this scheduler lane"),
    distributed: z.boolean().optional().describe("Leave out tickets other clones lease, as last fetched (default locks.distributed)"),
    all: z.boolean().optional().describe("List every task in the human view (default: the first 20 ready and 15 not ready)"),
  }),
  async run(ctx, input) {
    const { readyView } = await import("../orchestrator/ready.js");
    return readyView(ctx, input);
  },
});
