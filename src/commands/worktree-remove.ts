// exo worktree-remove: remove a ticket's linked worktree (never under a live session).
import * as z from "zod";
import { TicketId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const worktreeRemove = defineCommand({
  name: "worktree-remove",
  summary: "Remove a ticket's linked worktree; refused while a live session works in it.",
  examples: ["exo worktree-remove --ticket-id TICKET-001"],
  destructive: true,
  input: () => z.object({
    ticket_id: TicketId().optional().describe("The ticket whose worktree goes"),
    path: z.string().min(1).optional().describe("Or the worktree folder"),
    force: z.boolean().default(false).describe("Pass --force to git worktree remove"),
  }),
  async run(ctx, input) {
    const { worktreeRemove: run } = await import("../orchestrator/worktrees.js");
    return run(ctx, input);
  },
});
