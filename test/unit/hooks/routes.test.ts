// Which bundle answers which hook event (src/hooks/routes.ts), and the launcher's own gating table.
import { expect, test } from "vitest";
import { bundleFor, gateCacheKind, GATING } from "../../../src/hooks/routes.js";
import { LAUNCHER } from "../../../src/stdlib/hooks/launcher.js";

test("every installed event goes to the bundle that handles it", () => {
  const expected: [string, string, string][] = [
    ["claude", "PreToolUse", "gate"],
    ["codex", "PreToolUse", "gate"],
    ["cursor", "preToolUse", "gate"],
    ["cursor", "beforeShellExecution", "gate"],
    ["cursor", "beforeMCPExecution", "gate"],
    ["cursor", "beforeReadFile", "gate"],
    ["windsurf", "pre_write_code", "gate"],
    ["windsurf", "pre_run_command", "gate"],
    ["windsurf", "pre_read_code", "gate"],
    ["windsurf", "pre_mcp_tool_use", "gate"],
    ["claude", "PostToolUse", "light"],
    ["codex", "PostToolUse", "light"],
    ["cursor", "afterFileEdit", "light"],
    ["cursor", "afterShellExecution", "light"],
    ["windsurf", "post_write_code", "light"],
    ["windsurf", "post_run_command", "light"],
    ["git", "pre-commit", "light"],
    ["git", "prepare-commit-msg", "light"],
    ["claude", "SessionStart", "lifecycle"],
    ["claude", "ConfigChange", "lifecycle"],
    ["claude", "WorktreeCreate", "lifecycle"],
    ["claude", "Stop", "lifecycle"],
    ["codex", "SessionEnd", "lifecycle"],
    ["cursor", "sessionStart", "lifecycle"],
    ["cursor", "stop", "lifecycle"],
    ["claude", "NoSuchEvent", "lifecycle"],
    ["no-such-harness", "PreToolUse", "lifecycle"],
  ];
  for (const [harness, event, bundle] of expected) expect(bundleFor(harness, event), `${harness} ${event}`).toBe(bundle);
});

test("the launcher blocks without exo on exactly the events the hook gates", () => {
  const literal = /const GATING = (\{.*\});/.exec(LAUNCHER)?.[1];
  expect(literal).toBeDefined();
  const launcherGating = JSON.parse((literal as string).replace(/(\w+):/g, '"$1":')) as Record<string, string[]>;
  expect(launcherGating).toEqual(GATING);
});

test("a gating call's code cache is chosen by its kind: a command line or the other tools", () => {
  const kinds: [string, unknown, "shell" | "tool"][] = [
    ["PreToolUse", { tool_name: "Bash", tool_input: { command: "ls" } }, "shell"],
    ["PreToolUse", { tool_name: "exec_command", tool_input: { cmd: "ls" } }, "shell"],
    ["PreToolUse", { tool_name: "local_shell", tool_input: { action: { command: ["ls"] } } }, "shell"],
    ["PreToolUse", { tool_name: "write_stdin", tool_input: { chars: "ls\n" } }, "shell"],
    ["PreToolUse", { tool_name: "apply_patch", tool_input: { input: "*** Begin Patch" } }, "shell"],
    ["beforeShellExecution", { command: "ls" }, "shell"],
    ["pre_run_command", { tool_info: { command_line: "ls" } }, "shell"],
    ["PreToolUse", { tool_name: "Write", tool_input: { file_path: "a", content: "x" } }, "tool"],
    ["PreToolUse", { tool_name: "Read", tool_input: { file_path: "a" } }, "tool"],
    ["preToolUse", { tool_name: "edit_file", tool_input: { target_file: "a" } }, "tool"],
    ["PreToolUse", { tool_name: "mcp__fs__write", tool_input: { path: "a" } }, "tool"],
    ["PreToolUse", undefined, "tool"],
    ["PreToolUse", "not an object", "tool"],
    ["PreToolUse", { tool_name: "Bash", tool_input: null }, "tool"],
  ];
  for (const [event, payload, kind] of kinds) expect([event, payload, gateCacheKind(event, payload)]).toEqual([event, payload, kind]);
});
