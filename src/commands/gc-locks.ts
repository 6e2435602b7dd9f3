// exo gc-locks: settle expired locks and reset expired claims.
import * as z from "zod";
import { WarningCode } from "../errors.js";
import { defineCommand } from "./command.js";

export const gcLocks = defineCommand({
  name: "gc-locks",
  summary: "Settle expired ticket locks (released) and return expired claims to todo.",
  examples: ["exo gc-locks --dry-run", "exo gc-locks --remote --prune-released 30"],
  destructive: true,
  input: () => z.object({
    dry_run: z.boolean().default(false).describe("Report only"),
    remote: z.boolean().default(false).describe("Also settle expired leases on the git remote"),
    prune_released: z.number().min(0).optional().describe("With --remote: delete released lease refs of closed tickets older than DAYS"),
  }),
  async run(ctx, input) {
    if (input.prune_released !== undefined && !input.remote) ctx.warn(WarningCode.OPTION_IGNORED, `--prune-released ${input.prune_released} is ignored: it prunes remote lease refs, so it needs --remote (exo gc-locks --remote --prune-released ${input.prune_released}).`);
    const { gcLocks: run } = await import("../orchestrator/leases.js");
    return run(ctx, input);
  },
});
