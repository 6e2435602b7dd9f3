// The launcher `.exo/bin/exo-hook.mjs` (SPEC §8.1): committed, identical bytes per exo major
// version. It finds the hook bundle and runs it. Without one (exo not installed on this machine)
// it keeps blocking gated writes while an exo session is bound to the checkout, and otherwise lets
// the person work, telling them once per harness session how to install exo.
import { READ_JSON, STATE_DIR } from "./launcher-parts.js";

export const LAUNCHER = `#!/usr/bin/env node
// exo hook launcher (exo 1.x), written by \`exo hook-install\`: do not edit.
// Usage: node .exo/bin/exo-hook.mjs <harness> <event>
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [harness = "", event = ""] = process.argv.slice(2);
const exoDir = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = dirname(exoDir);

${READ_JSON}
function findBundle() {
  const out = [];
  if (process.env.EXO_HOOK_BUNDLE) out.push(process.env.EXO_HOOK_BUNDLE);
  out.push(join(repo, "node_modules", "exoprotocol", "dist", "hook.mjs"));
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

const GATING = { claude: ["PreToolUse"], codex: ["PreToolUse"], cursor: ["preToolUse", "beforeShellExecution", "beforeReadFile", "beforeMCPExecution"], windsurf: ["pre_write_code", "pre_run_command", "pre_read_code", "pre_mcp_tool_use"], copilot: ["PreToolUse"] };

// Without exo on this machine: the install command, pinned to the exo version that compiled
// this repository's governance.
function installCommand() {
  const lock = readJson(join(exoDir, "governance.lock.json"));
  const v = lock && typeof lock.exo_version === "string" && /^[0-9]+\\.[0-9]+\\.[0-9]+[0-9A-Za-z.+-]*$/.test(lock.exo_version) ? lock.exo_version : "1";
  return "npm install -g exoprotocol@" + v;
}

${STATE_DIR}
// True when an exo session is bound to this checkout (or a session file cannot be read: fail safe).
function sessionBound() {
  const dir = join(stateDir(), "sessions");
  let names = [];
  try {
    names = readdirSync(dir).filter((n) => /^SES-.*\\.json$/.test(n));
  } catch {
    return false;
  }
  const here = real(repo);
  for (const name of names) {
    const s = readJson(join(dir, name));
    if (!s || typeof s !== "object") return true;
    if (s.status !== "active" && s.status !== "suspended") continue;
    if (typeof s.worktree !== "string" || real(s.worktree) === here) return true;
  }
  return false;
}

function real(p) {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

async function readStdin() {
  return new Promise((resolve) => {
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
}

// Tell the person once per harness session (marker under the ignored cache folder).
function firstTimeFor(payload) {
  const id = String(payload.session_id || payload.conversation_id || "");
  if (!id) return true;
  const marker = join(stateDir(), "cache", "exo-missing", id.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100));
  if (existsSync(marker)) return false;
  try {
    mkdirSync(dirname(marker), { recursive: true });
    writeFileSync(marker, "");
  } catch {
    // read-only checkout: say it every time rather than never
  }
  return true;
}

const bundle = findBundle();
if (bundle) {
  const { runHook } = await import(pathToFileURL(bundle).href);
  await runHook(harness, event);
} else if (!existsSync(join(exoDir, "config.yaml"))) {
  if (harness === "cursor" && (GATING.cursor || []).includes(event)) process.stdout.write("{}\\n");
} else if (harness === "git") {
  // A commit by someone without exo goes through, with one line of advice (from pre-commit only).
  if (event === "pre-commit") process.stderr.write("exo: this repository is governed by exo, which is not installed here; commit allowed. Install it: " + installCommand() + "\\n");
} else if (sessionBound()) {
  // exo was removed or broke mid-session: gated writes stay blocked.
  if (!(GATING[harness] || []).includes(event)) {
    process.stderr.write("exo: exo is not installed on this machine (the exo hook bundle was not found); install it with " + installCommand() + " or run exo doctor.\\n");
  } else {
    const seal = readJson(join(exoDir, "policy.sealed.json"));
    const hooks = (seal && seal.hooks) || {};
    const strict = (hooks.enforcement || "strict") === "strict";
    const denyOnError = (hooks.internal_error || "deny") === "deny";
    let tool = "";
    try {
      tool = JSON.parse(await readStdin()).tool_name || "";
    } catch {
      tool = "";
    }
    const readOnly = (harness === "cursor" && event === "beforeReadFile") || (harness === "windsurf" && event === "pre_read_code") || tool === "Read";
    if (strict && denyOnError && !readOnly) {
      process.stderr.write("exo is not installed on this machine and an exo session is open in this checkout: install it with " + installCommand() + " (or run exo doctor)\\n");
      process.exit(2);
    }
    if (harness === "cursor") process.stdout.write("{}\\n");
  }
} else {
  // No exo and no session here: a collaborator without exo is not locked out.
  let payload = {};
  try {
    payload = JSON.parse(await readStdin()) || {};
  } catch {
    payload = {};
  }
  const gating = (GATING[harness] || []).includes(event);
  const message = "exo governs this repository but is not installed on this machine; tool calls are allowed without exo's checks. Install it: " + installCommand();
  const tell = firstTimeFor(payload);
  if (harness === "claude") {
    if (tell) process.stdout.write(JSON.stringify({ systemMessage: message }) + "\\n");
  } else if (harness === "cursor") {
    // Never a permission: "allow" would pre-approve the call past Cursor's own asking (SPEC §8.3: {}).
    process.stdout.write(JSON.stringify(gating && tell ? { user_message: message } : {}) + "\\n");
  } else if (tell) {
    process.stderr.write(message + "\\n");
  }
}
`;
