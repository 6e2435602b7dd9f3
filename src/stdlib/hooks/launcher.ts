// The launcher `.exo/bin/exo-hook.mjs` (SPEC §8.1): committed, identical bytes per exo major
// version. It finds the hook bundle and runs it; without one it fails safe by policy.
export const LAUNCHER = `#!/usr/bin/env node
// exo hook launcher (exo 1.x), written by \`exo hook-install\`: do not edit.
// Usage: node .exo/bin/exo-hook.mjs <harness> <event>
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [harness = "", event = ""] = process.argv.slice(2);
const exoDir = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = dirname(exoDir);

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function findBundle() {
  const out = [];
  if (process.env.EXO_HOOK_BUNDLE) out.push(process.env.EXO_HOOK_BUNDLE);
  out.push(join(repo, "node_modules", "exo", "dist", "hook.mjs"));
  const stateDir = process.env.EXO_STATE_DIR || exoDir;
  const cached = readJson(join(stateDir, "cache", "hook-bundle.json"));
  if (cached && typeof cached.path === "string") out.push(cached.path);
  for (const dir of (process.env.PATH || "").split(delimiter)) {
    const exe = join(dir, "exo");
    if (!dir || !existsSync(exe)) continue;
    try {
      out.push(join(dirname(realpathSync(exe)), "hook.mjs"));
    } catch {
      // dangling link
    }
  }
  return out.find((p) => existsSync(p)) || null;
}

const GATING = { claude: ["PreToolUse"], codex: ["PreToolUse"], cursor: ["preToolUse", "beforeShellExecution", "beforeReadFile", "beforeMCPExecution"], windsurf: ["pre_write_code", "pre_run_command", "pre_read_code", "pre_mcp_tool_use"] };

const bundle = findBundle();
if (bundle) {
  const { runHook } = await import(pathToFileURL(bundle).href);
  await runHook(harness, event);
} else if (!(GATING[harness] || []).includes(event)) {
  process.stderr.write("exo: the exo hook bundle was not found on this machine; install exo or run exo doctor.\\n");
} else if (!existsSync(join(exoDir, "config.yaml"))) {
  if (harness === "cursor") process.stdout.write("{}\\n");
} else {
  const seal = readJson(join(exoDir, "policy.sealed.json"));
  const hooks = (seal && seal.hooks) || {};
  const strict = (hooks.enforcement || "strict") === "strict";
  const denyOnError = (hooks.internal_error || "deny") === "deny";
  // SPEC §8.1: EOF, or a complete JSON value then 50 ms of silence, at most 2 s; never wait on an open pipe.
  const stdin = await new Promise((resolve) => {
    let data = "";
    let settle = null;
    let over = false;
    const done = () => {
      if (over) return;
      over = true;
      clearTimeout(settle);
      clearTimeout(cap);
      process.stdin.removeAllListeners("data");
      process.stdin.on("error", () => {});
      process.stdin.destroy();
      resolve(data);
    };
    const cap = setTimeout(done, 2000);
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk) => {
      data += chunk;
      clearTimeout(settle);
      if (!/[}\\]]\\s*$/.test(chunk)) return;
      try {
        JSON.parse(data);
        settle = setTimeout(done, 50);
      } catch {
        settle = null;
      }
    });
    process.stdin.on("end", done);
    process.stdin.on("error", done);
  });
  let tool = "";
  try {
    tool = JSON.parse(stdin).tool_name || "";
  } catch {
    tool = "";
  }
  const readOnly = (harness === "cursor" && event === "beforeReadFile") || (harness === "windsurf" && event === "pre_read_code") || tool === "Read";
  if (strict && denyOnError && !readOnly) {
    process.stderr.write("exo is not installed on this machine: install it or run exo doctor\\n");
    process.exit(2);
  }
  if (harness === "cursor") process.stdout.write("{}\\n");
}
`;
