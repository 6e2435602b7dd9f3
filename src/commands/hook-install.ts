// exo hook-install: install (or remove) exo's hooks for Claude Code, Cursor, Codex and git.
import * as z from "zod";
import { defineCommand } from "./command.js";

export const hookInstall = defineCommand({
  name: "hook-install",
  summary: "Install the hooks that gate agent writes (Claude Code, Codex, Cursor, Windsurf, Copilot CLI, git), keeping user hooks.",
  examples: ["exo hook-install", "exo hook-install --harness cursor --dry-run"],
  idempotent: true,
  input: () => z.object({
    harness: z.array(z.enum(["claude", "cursor", "codex", "windsurf", "copilot", "git"])).default([]).describe("Harnesses (default: claude, git, plus cursor/codex/windsurf/copilot when .cursor, .codex, .windsurf or .github/hooks exist)"),
    dry_run: z.boolean().default(false).describe("Show what would change; write nothing"),
    uninstall: z.boolean().default(false).describe("Remove exo's entries and git hooks (the launcher stays)"),
  }),
  async run(ctx, input) {
    const { hookInstall: run } = await import("../orchestrator/hooks.js");
    return run(ctx, input);
  },
});
