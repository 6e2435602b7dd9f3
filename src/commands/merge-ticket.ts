// exo merge-ticket: git merge driver for ticket files (registered by exo install).
import * as z from "zod";
import { defineCommand } from "./command.js";

export const mergeTicket = defineCommand({
  name: "merge-ticket",
  summary: "Git merge driver for .exo/tickets/*.yaml: merge status, history and commits of two clones by meaning.",
  examples: ["exo merge-ticket base.yaml ours.yaml theirs.yaml .exo/tickets/TICKET-001.yaml  # git runs this as a merge driver"],
  positional: ["base", "ours", "theirs", "path"],
  requires: "none",
  idempotent: true,
  input: () => z.object({
    base: z.string().min(1).max(4096).describe("%O: the common ancestor's version (git temp file)"),
    ours: z.string().min(1).max(4096).describe("%A: our version; the merge result is written here"),
    theirs: z.string().min(1).max(4096).describe("%B: their version"),
    path: z.string().max(4096).optional().describe("%P: the path in the repository"),
  }),
  async run(ctx, input) {
    const { mergeTicket: run } = await import("../orchestrator/team.js");
    return run(ctx, input);
  },
});
