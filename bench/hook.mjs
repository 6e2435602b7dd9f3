// Hook latency: launcher + bundle on a recorded Claude PreToolUse Write and Bash payload, next
// to a bare `node -e ''` in the same run. Printed, never asserted.
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { DIST, EXO, header, report, tempGitRepo, timeRuns } from "./lib.mjs";

header("hook hot path (gating PreToolUse, one active session, default constitution)");
const { root, git } = tempGitRepo();
mkdirSync(join(root, "src/auth"), { recursive: true });
writeFileSync(join(root, "src/auth/a.ts"), "a\n");
git("add", "-A");
git("commit", "-qm", "src");
const run = (...args) => execFileSync(process.execPath, [EXO, ...args], { cwd: root, stdio: "pipe", env: { ...process.env, EXO_ACTOR: "agent:bench" } });
run("install", "--harness", "claude");
run("ticket-create", "t", "--id", "T1", "--scope-allow", "src/auth/**");
run("session-start", "--ticket-id", "T1");
const env = { ...process.env, EXO_ACTOR: "agent:bench", EXO_HOOK_BUNDLE: join(DIST, "hook.mjs") };
const launcher = join(root, ".exo/bin/exo-hook.mjs");
const payload = (tool, input) => JSON.stringify({ session_id: "bench", cwd: root, hook_event_name: "PreToolUse", tool_name: tool, tool_input: input });
const write = payload("Write", { file_path: join(root, "src/auth/b.ts"), content: "x" });
const bash = payload("Bash", { command: "sed -i 's/a/b/' src/auth/a.ts && echo done > docs/out.txt" });
const timer = (input) => () => {
  const r = spawnSync(process.execPath, [launcher, "claude", "PreToolUse"], { cwd: root, input, env, stdio: ["pipe", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`hook exited ${r.status}: ${r.stderr}`);
};
report("hook: Claude PreToolUse Write (in scope → allow)", timeRuns(timer(write), { runs: 200, warmup: 10 }), { budget: "≤ 1.3×" });
report("hook: Claude PreToolUse Bash (out of scope → deny)", timeRuns(timer(bash), { runs: 200, warmup: 10 }), { budget: "≤ 1.3×" });
