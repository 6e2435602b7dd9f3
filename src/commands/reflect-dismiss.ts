// exo reflect-dismiss: retire a learning.
import * as z from "zod";
import { LearningId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const reflectDismiss = defineCommand({
  name: "reflect-dismiss",
  summary: "Dismiss a learning so bootstrap prompts stop showing it.",
  examples: ["exo reflect-dismiss REF-20261124-091500-7Q2M4C"],
  positional: ["id"],
  input: () => z.object({ id: LearningId().describe("The learning (REF-…)") }),
  async run(ctx, input) {
    const { readLearning, writeLearning } = await import("../stdlib/learnings/store.js");
    const { appendLedger } = await import("../stdlib/ledger/store.js");
    const repo = await ctx.governed();
    const learning = await readLearning(repo, input.id);
    if (learning.status === "dismissed") return { learning };
    const next = { ...learning, status: "dismissed" as const, dismissed_at: ctx.now().toISOString(), dismissed_by: ctx.actor };
    await writeLearning(repo, next);
    await appendLedger(repo, { actor: ctx.actor, host: ctx.host, now: ctx.now() }, [{ type: "learning.dismissed", data: { id: next.id, severity: next.severity, scope: next.scope } }]);
    const { learningCommitLine } = await import("../orchestrator/ticket-close.js");
    return { learning: next, ...(await learningCommitLine(repo, next.id, "dismiss")) };
  },
});
