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
