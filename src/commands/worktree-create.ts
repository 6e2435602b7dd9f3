// exo worktree-create: a linked git worktree for a ticket, on its own branch.
import * as z from "zod";
import { TicketId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const worktreeCreate = defineCommand({
  name: "worktree-create",
  summary: "Create a linked git worktree (and branch) for a ticket, so agents work side by side.",
  examples: ["exo worktree-create --ticket-id TICKET-001"],
  input: () => z.object({
    ticket_id: TicketId().describe("The ticket"),
    path: z.string().min(1).optional().describe("Folder (default ../<repo>-<ID>)"),
    base: z.string().min(1).optional().describe("Start point (default the base branch)"),
    branch: z.string().min(1).optional().describe("Branch (default <branch_prefix><ID>)"),
  }),
  ticketIds: ["ticket_id"],
  async run(ctx, input) {
    const { worktreeCreate: run } = await import("../orchestrator/worktrees.js");
    return run(ctx, input);
  },
});
