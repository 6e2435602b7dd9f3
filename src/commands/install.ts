// exo install: one-shot, idempotent setup of governance, adapters and hooks, in one commit.
import * as z from "zod";
import { defineCommand } from "./command.js";

export const install = defineCommand({
  name: "install",
  summary: "Set exo up in this repository: scan, constitution and config, compose, adapters, hooks, one commit.",
  examples: ["exo install", "exo install --dry-run --harness claude --harness git"],
  requires: "repo",
  idempotent: true,
  input: () => z.object({
    dry_run: z.boolean().default(false).describe("Show the plan; write nothing"),
    scan: z.boolean().default(true).describe("Scan the repository for languages, checks and secrets (--no-scan skips)"),
    adapters: z.boolean().default(true).describe("Write agent instruction files (--no-adapters skips)"),
    hooks: z.boolean().default(true).describe("Install hooks (--no-hooks skips)"),
    commit: z.boolean().default(true).describe("Commit exo's files (--no-commit skips)"),
    harness: z.array(z.enum(["claude", "cursor", "codex", "windsurf", "copilot", "git"])).default([]).describe("Hook harnesses (default claude, git, plus cursor/codex/windsurf/copilot when present)"),
    example: z.boolean().default(false).describe("Add a starter intent and task TICKET-001 to try the quick start"),
    mcp: z.boolean().default(true).describe("Register exo-mcp in .mcp.json, .cursor/mcp.json, .codex/config.toml (--no-mcp skips)"),
  }),
  async run(ctx, input) {
    const { install: run } = await import("../orchestrator/install.js");
    return run(ctx, input);
  },
  verdict(data) {
    if (data.status === "ok") return null;
    const failed = [...data.steps, { ...data.example, name: "example" }, { ...data.mcp, name: "mcp" }].filter((s) => s.status === "failed");
    return { code: "INSTALL_INCOMPLETE", message: `install incomplete: ${failed.map((s) => `${s.name} (${s.message})`).join("; ")}; fix that, then rerun exo install.`, hint: [...data.steps, data.mcp].find((s) => s.status === "failed" && s.hint)?.hint ?? "exo install" };
  },
});
