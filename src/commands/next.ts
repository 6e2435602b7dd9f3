// exo next: dispatch the highest-scoring ready task and claim it (SPEC §7.6).
import * as z from "zod";
import { Actor } from "./schemas.js";
import { defineCommand } from "./command.js";
import { WarningCode } from "../errors.js";

/** The docs' placeholder for a person's name (`exo next --owner your-name`), pasted as printed. */
const PLACEHOLDER = /^your[-_]?name$/i;

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
    // Before: the lock went to an owner called "your-name", whom no session-start matched.
    const placeholder = input.owner !== undefined && PLACEHOLDER.test(input.owner);
    if (placeholder) ctx.warn(WarningCode.OWNER_PLACEHOLDER, `"${input.owner}" is a placeholder, not a name: the claim is yours (${ctx.actor}), as with no --owner; give --owner a teammate's or an agent's name (agent:claude) to claim for them.`);
    return dispatch(ctx, { owner: placeholder ? ctx.actor : (input.owner ?? ctx.actor), lane: input.lane ?? null, dryRun: input.dry_run, ttlHours: input.ttl_hours ?? null, distributed: input.distributed });
  },
});
