// exo next: dispatch the highest-scoring ready task and claim it (SPEC §7.6).
import * as z from "zod";
import { Actor } from "./schemas.js";
import { defineCommand } from "./command.js";

export const next = defineCommand({
  name: "next",
  summary: "Claim the best ready task: sets it active and takes its lock, with the reasoning.",
  examples: ["exo next", "exo next --dry-run"],
  core: true,
  input: () => z.object({
    owner: Actor().optional().describe("Who the lock is for (default: the actor)"),
    lane: z.string().min(1).optional().describe("Only tickets of this scheduler lane"),
    dry_run: z.boolean().default(false).describe("Show the pick without claiming"),
    ttl_hours: z.number().gt(0).max(168).optional().describe("Lock lease in hours (default locks.ttl_hours)"),
    distributed: z.boolean().optional().describe("Also claim the git-ref lease on the remote (default locks.distributed)"),
  }),
  async run(ctx, input) {
    const { dispatch } = await import("../orchestrator/dispatch.js");
    return dispatch(ctx, { owner: input.owner ?? ctx.actor, lane: input.lane ?? null, dryRun: input.dry_run, ttlHours: input.ttl_hours ?? null, distributed: input.distributed });
  },
});
