// Which bundle answers which hook event. The launcher's entry (hook-main.ts) reads this before it
// loads anything else, so every event pays only for the code it runs: gating events the hot gate,
// git hooks and after-edit events the light bundle, the rest (session start/end, stop, config
// changes, compaction, worktrees) the lifecycle bundle with the full library.

/** Events that decide a tool call before it runs (SPEC §8.1): they must answer fast. */
export const GATING: Record<string, readonly string[]> = {
  claude: ["PreToolUse"],
  codex: ["PreToolUse"],
  cursor: ["preToolUse", "beforeShellExecution", "beforeReadFile", "beforeMCPExecution"],
  windsurf: ["pre_write_code", "pre_run_command", "pre_read_code", "pre_mcp_tool_use"],
  copilot: ["PreToolUse"],
};

/** Events that report a tool call after it ran (the backstop, SPEC §8.5), by name: they run on every edit. */
export const AFTER_EVENTS: ReadonlySet<string> = new Set(["PostToolUse", "afterShellExecution", "afterFileEdit", "post_write_code", "post_run_command"]);

export function isGating(harness: string, event: string): boolean {
  return GATING[harness]?.includes(event) ?? false;
}


export type HookBundle = "gate" | "light" | "lifecycle";

/** The bundle that answers `<harness> <event>`. */
export function bundleFor(harness: string, event: string): HookBundle {
  if (isGating(harness, event)) return "gate";
  if (harness === "git" || AFTER_EVENTS.has(event)) return "light";
  return "lifecycle";
}

/**
 * The kind of a gating call, for its code cache (io/compile-cache.ts): "shell" for a command line
 * (a shell tool, a patch or text typed into a shell, Cursor's and Windsurf's command events),
 * "tool" for the rest (file writes and reads, MCP calls). A file write then deserialises only the
 * code file calls ran, not the shell analysis too (about half the gate's cached bytecode). Only
 * the cache depends on this guess; the gate itself decides every call from the payload.
 */
export function gateCacheKind(event: string, payload: unknown): "shell" | "tool" {
  if (/shell|command/i.test(event)) return "shell";
  if (payload === null || typeof payload !== "object") return "tool";
  const p = payload as Record<string, unknown>;
  const input = p["tool_input"] !== null && typeof p["tool_input"] === "object" ? (p["tool_input"] as Record<string, unknown>) : p;
  const action = input["action"] !== null && typeof input["action"] === "object" ? (input["action"] as Record<string, unknown>) : {};
  return ["command", "cmd", "chars", "input", "patch"].some((k) => input[k] !== undefined) || action["command"] !== undefined ? "shell" : "tool";
}
