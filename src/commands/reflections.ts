// exo reflections: list learnings, newest first.
import * as z from "zod";
import { LearningScope } from "./schemas.js";
import { defineCommand } from "./command.js";

export const reflections = defineCommand({
  name: "reflections",
  summary: "List learnings (newest first), filtered by status, scope and severity.",
  examples: ["exo reflections", "exo reflections --severity high"],
  readOnly: true,
  core: true,
  input: () => z.object({
    status: z.enum(["active", "dismissed", "all"]).default("active").describe("Which learnings"),
    scope: LearningScope().optional().describe("Only this scope (global or a ticket id)"),
    severity: z.enum(["low", "medium", "high", "critical"]).optional().describe("Only this severity"),
  }),
  async run(ctx, input) {
    const { listLearnings } = await import("../stdlib/learnings/store.js");
    const all = await listLearnings(await ctx.governed());
    return { learnings: all.filter((l) => (input.status === "all" || l.status === input.status) && (!input.scope || l.scope === input.scope) && (!input.severity || l.severity === input.severity)) };
  },
});
