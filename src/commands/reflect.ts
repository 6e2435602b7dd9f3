// exo reflect: record a lesson for later sessions.
import * as z from "zod";
import { NonEmptyText, TicketId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const reflect = defineCommand({
  name: "reflect",
  summary: "Record a learning (pattern + insight) that later bootstrap prompts show.",
  examples: ["exo reflect --pattern \"vitest watch mode hangs in CI\" --insight \"run vitest run\" --severity high"],
  core: true,
  input: () => z.object({
    pattern: NonEmptyText().describe("The situation you met"),
    insight: NonEmptyText().describe("What to do about it next time"),
    severity: z.enum(["low", "medium", "high", "critical"]).default("medium").describe("How much it matters"),
    scope: z.union([z.literal("global"), TicketId()]).default("global").describe("global or a ticket id (the ticket and its subtree)"),
    tag: z.array(z.string().min(1)).default([]).describe("Tags"),
  }),
  async run(ctx, input) {
    const { newLearning, writeLearning } = await import("../stdlib/learnings/store.js");
    const { listSessions } = await import("../stdlib/sessions/store.js");
    const { readTicket } = await import("../stdlib/tickets/store.js");
    const { appendLedger } = await import("../stdlib/ledger/store.js");
    const repo = await ctx.governed();
    if (input.scope !== "global") await readTicket(repo, input.scope);
    const session = (await listSessions(repo)).find((s) => s.actor === ctx.actor && s.status === "active") ?? null;
    const learning = newLearning({ pattern: input.pattern, insight: input.insight, severity: input.severity, scope: input.scope, tags: input.tag, actor: ctx.actor, session: session?.id ?? null }, ctx.now());
    await writeLearning(repo, learning);
    await appendLedger(repo, { actor: ctx.actor, host: ctx.host, now: ctx.now() }, [{ type: "learning.recorded", session: session?.id ?? null, ticket: input.scope === "global" ? null : input.scope, data: { id: learning.id, severity: learning.severity, scope: learning.scope } }]);
    const { learningCommitLine } = await import("../orchestrator/ticket-close.js");
    return { learning, ...(await learningCommitLine(repo, learning.id, "record")) };
  },
});
