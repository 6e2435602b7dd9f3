// exo decide: explain the decision the hooks would take for paths, a shell command or a patch.
import { homedir } from "node:os";
import * as z from "zod";
import { SessionId } from "./schemas.js";
import { defineCommand } from "./command.js";
import { shellWord } from "../kernel/quote.js";

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
    harness: z.enum(["claude", "codex", "cursor", "windsurf", "copilot"]).optional().describe("Answer as this harness's hook would (Codex and Windsurf cannot ask: ask becomes deny)"),
  }),
  async run(ctx, input) {
    const { decideCommand } = await import("../orchestrator/decide.js");
    return decideCommand(ctx, input);
  },
  verdict(data) {
    if (data.decision !== "deny") return null;
    // A rule's refusal is the answer asked for: the hint shows the rules in force (before: RULE_DENIED's
    // usual hint, exo decide --path <path>, the command just run, a shell redirect when pasted).
    const rules = (data.code ?? "RULE_DENIED") === "RULE_DENIED" ? { hint: "exo brief" } : {};
    return { code: data.code ?? "RULE_DENIED", message: data.reason, ...rules, ...widenHint(data), ...rootHint(data), ...(data.ticket ? { details: { ticket: data.ticket } } : {}) };
  },
});

/**
 * PATH_OUTSIDE_REPO for /, a top-level folder (/etc, /usr) or a home folder: external_write_allow
 * (the code's usual hint) is for a tool's own folders, never these, so the hint says so.
 */
function rootHint(data: { code: string | null; targets: readonly { path: string; code: string | null }[] }): { hint?: string } {
  if (data.code !== "PATH_OUTSIDE_REPO") return {};
  const home = homedir();
  const broad = data.targets.some((t) => t.code === "PATH_OUTSIDE_REPO" && (/^\/[^/]*\/?$/.test(t.path) || /^~[^/]*\/?$/.test(t.path) || t.path.replace(/\/+$/, "") === home));
  return broad ? { hint: "work inside the repository: external_write_allow is for a tool's own folders (a cache, a build output), never / or a home folder" } : {};
}

/**
 * OUT_OF_SCOPE: --scope-allow replaces the ticket's list, so the hint keeps what is allowed now and
 * adds the denied paths (a bare `--scope-allow README.md` would take src/** away).
 */
function widenHint(data: { code: string | null; ticket: string | null; reason: string; session_actor: string | null; ticket_allows_now: boolean; targets: readonly { path: string; code: string | null }[] }): { hint?: string; message?: string } {
  if (data.code !== "OUT_OF_SCOPE" || !data.ticket) return {};
  if (data.ticket_allows_now) {
    // Widened already: another ticket-update would change nothing; the session takes the new scope at resume.
    // As the session's actor: the one who runs this may be a person looking at an agent's session.
    const actor = shellWord(data.session_actor ?? "");
    return {
      message: `${data.reason} ${data.ticket}'s scope allows it now, but the open session keeps the scope it started with until it is suspended and resumed.`,
      hint: `exo session-suspend --reason "scope widened" --actor ${actor} && exo session-resume --actor ${actor}`,
    };
  }
  const allowed = /\(allowed: ([^)]*)\)/.exec(data.reason)?.[1]?.split(", ").filter(Boolean) ?? [];
  const denied = data.targets.filter((t) => t.code === "OUT_OF_SCOPE" && !t.path.startsWith("/")).map((t) => t.path);
  if (denied.length === 0) return {};
  const globs = [...new Set([...allowed, ...denied])];
  return { hint: `exo ticket-update ${data.ticket} --scope-allow ${globs.map(shellWord).join(" --scope-allow ")}` };
}
