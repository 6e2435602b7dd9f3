// exo decide: explain the decision the hooks would take for paths, a shell command or a patch.
import { z } from "zod";
import { SessionId } from "./schemas.js";
import { defineCommand } from "./command.js";

export const decide = defineCommand({
  name: "decide",
  summary: "Explain what exo's hooks would decide for a write, a read, a shell command or a patch.",
  examples: ["exo decide --path src/auth/login.ts", "exo decide --bash 'rm -rf build' --format json"],
  readOnly: true,
  core: true,
  input: () => z.object({
    path: z.array(z.string().min(1)).default([]).describe("Target paths (repeatable)"),
    action: z.enum(["read", "write", "delete"]).default("write").describe("Action on the paths"),
    bash: z.string().min(1).optional().describe("A shell command whose targets are decided"),
    apply_patch: z.string().min(1).optional().describe("A patch file (Codex apply_patch format)"),
    session_id: SessionId().optional().describe("Decide for this session (default: resolved as the hooks do)"),
    cwd: z.string().min(1).optional().describe("Working directory for relative paths"),
    harness: z.enum(["claude", "codex", "cursor", "windsurf"]).optional().describe("Answer as this harness's hook would (Codex and Windsurf cannot ask: ask becomes deny)"),
  }),
  async run(ctx, input) {
    const { decideCommand } = await import("../orchestrator/decide.js");
    return decideCommand(ctx, input);
  },
  verdict(data) {
    if (data.decision !== "deny") return null;
    return { code: data.code ?? "RULE_DENIED", message: data.reason, ...(data.ticket ? { details: { ticket: data.ticket } } : {}) };
  },
});
