// exo sandbox-policy: Claude Code permission rules derived from the deny rules.
import * as z from "zod";
import { defineCommand } from "./command.js";

export const sandboxPolicy = defineCommand({
  name: "sandbox-policy",
  summary: "Preview (or --write) Claude Code permissions.deny derived from the constitution's deny rules.",
  examples: ["exo sandbox-policy", "exo sandbox-policy --write"],
  input: () => z.object({ write: z.boolean().default(false).describe("Merge the entries into .claude/settings.json") }),
  async run(ctx, input) {
    const { sandboxPolicy: run } = await import("../orchestrator/adapters.js");
    return run(ctx, input);
  },
});
