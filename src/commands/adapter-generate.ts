// exo adapter-generate: instruction files for every agent harness, user text kept.
import * as z from "zod";
import { defineCommand } from "./command.js";
import type { GenerateResult } from "../stdlib/adapters/store.js";

/** Targets exo writes as whole files (WHOLE_FILE of stdlib/adapters/model.ts, not loaded at start). */
const WHOLE_FILE: ReadonlySet<string> = new Set(["cursor", "windsurf", "ci"]);

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
    if (bad.length === 0) return null;
    // The exact command that repairs them (SPEC §5.4): targets asked for by name are named again
    // (the default set may not hold them, e.g. ci), and an edited whole file needs --force.
    const named = input.target.length > 0 ? bad.map((t) => ` --target ${t.target}`).join("") : "";
    const force = bad.some((t) => t.status === "edited" && WHOLE_FILE.has(t.target)) ? " --force" : "";
    const hint = `exo adapter-generate${named}${force}`;
    return { code: "ADAPTERS_STALE", message: `${bad.map((t) => `${t.path} is ${t.status}`).join(", ")}; run ${hint}.`, hint };
  },
});
