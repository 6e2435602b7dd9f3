// Which bundle answers which hook event (src/hooks/routes.ts), and the launcher's own gating table.
import { expect, test } from "vitest";
import { bundleFor, GATING } from "../../../src/hooks/routes.js";
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
