// exo worktrees: linked worktrees with their tickets and sessions.
import * as z from "zod";
import { defineCommand } from "./command.js";

export const worktrees = defineCommand({
  name: "worktrees",
  summary: "List git worktrees with the ticket and sessions in each.",
  examples: ["exo worktrees"],
  readOnly: true,
  input: () => z.object({}),
  async run(ctx) {
    const { worktreesView } = await import("../orchestrator/worktrees.js");
    return worktreesView(ctx);
  },
});
