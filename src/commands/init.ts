// exo init: scaffold .exo/ (folders, .gitignore, default constitution and config) and compose.
import * as z from "zod";
import type { InitData } from "../orchestrator/init.js";
import { defineCommand } from "./command.js";

export const init = defineCommand({
  name: "init",
  summary: "Scaffold .exo/ with a default constitution and config, then compose governance.",
  examples: ["exo init", "exo init --scan --example"],
  requires: "repo",
  idempotent: true,
  input: () => z.object({
    scan: z.boolean().default(false).describe("Derive constitution and config from a repository scan"),
    example: z.boolean().default(false).describe("Add one example intent and one child task"),
  }),
  async run(ctx, input): Promise<InitData> {
    const { scaffold } = await import("../orchestrator/init.js");
    return scaffold(ctx, { reason: "init", scan: input.scan, example: input.example });
  },
});
