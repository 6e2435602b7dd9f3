// exo adapter-generate: instruction files for every agent harness, user text kept.
import * as z from "zod";
import { defineCommand } from "./command.js";
import type { GenerateResult } from "../stdlib/adapters/store.js";

const Target = z.enum(["claude", "agents", "cursor", "cursor-legacy", "gemini", "copilot", "windsurf", "ci"]);

export const adapterGenerate = defineCommand({
  name: "adapter-generate",
  summary: "Write CLAUDE.md, AGENTS.md, Cursor rules, GEMINI.md, Copilot instructions (exo block only; user text kept).",
  examples: ["exo adapter-generate", "exo adapter-generate --check"],
  idempotent: true,
  input: () => z.object({
    target: z.array(Target).default([]).describe("Targets (default config adapters.targets)"),
    dry_run: z.boolean().default(false).describe("Show what would change; write nothing"),
    check: z.boolean().default(false).describe("Write nothing; fail if a target is missing, stale or edited"),
    force: z.boolean().default(false).describe("Overwrite a hand-edited whole-file target"),
  }),
  async run(ctx, input): Promise<Omit<GenerateResult, "files"> & { next_command: string | null }> {
    const { adapterGenerate: run } = await import("../orchestrator/adapters.js");
    return run(ctx, input);
  },
  verdict(data, input) {
    if (!input.check) return null;
    const bad = data.targets.filter((t) => t.status !== "fresh");
    return bad.length === 0 ? null : { code: "ADAPTERS_STALE", message: `${bad.map((t) => `${t.path} is ${t.status}`).join(", ")}; run exo adapter-generate.`, hint: "exo adapter-generate" };
  },
});
