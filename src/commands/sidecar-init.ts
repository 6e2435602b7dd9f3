// exo sidecar-init: keep .exo/ on its own orphan branch, checked out as a worktree.
import * as z from "zod";
import { defineCommand } from "./command.js";

export const sidecarInit = defineCommand({
  name: "sidecar-init",
  summary: "Move .exo/ to a worktree of the orphan branch exo-governance (governance history off the app branches).",
  examples: ["exo sidecar-init", "exo sidecar-init --remote origin"],
  requires: "repo",
  input: () => z.object({
    branch: z.string().min(1).default("exo-governance").describe("Sidecar branch"),
    remote: z.string().min(1).optional().describe("Remote to fetch the branch from"),
    fetch: z.boolean().default(true).describe("Fetch the branch from the remote when it is not local (--no-fetch skips)"),
  }),
  async run(ctx, input) {
    const { sidecarInit: run } = await import("../orchestrator/sidecar.js");
    return run(ctx, input);
  },
});
