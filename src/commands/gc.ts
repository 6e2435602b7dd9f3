// exo gc: remove old ephemeral state (dry run unless --apply).
import * as z from "zod";
import { WarningCode } from "../errors.js";
import { defineCommand } from "./command.js";

export const gc = defineCommand({
  name: "gc",
  summary: "Collect old ephemeral state (cache, logs, traces, orphan session files, old mementos); dry run unless --apply.",
  examples: ["exo gc", "exo gc --apply --archive-done"],
  destructive: true,
  input: () => z.object({
    apply: z.boolean().default(false).describe("Really remove (default: report only)"),
    dry_run: z.boolean().default(false).describe("Report only (the default; explicit no-op)"),
    max_age_days: z.number().gt(0).optional().describe("Age threshold (default gc.max_age_days)"),
    archive_done: z.boolean().default(false).describe("Archive done and cancelled tickets older than the threshold"),
    include_sessions: z.boolean().default(false).describe("Also recover stale sessions"),
  }),
  async run(ctx, input) {
    if (input.apply && input.dry_run) ctx.warn(WarningCode.OPTION_IGNORED, "--apply is ignored: --dry-run asks for a report only, so nothing was removed (drop --dry-run to remove).");
    const { gc: run } = await import("../orchestrator/gc.js");
    return run(ctx, { ...input, apply: input.apply && !input.dry_run });
  },
});
