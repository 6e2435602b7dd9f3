// Lifecycle hook events (SPEC §8.2, §8.4–§8.6): session start/end, stop, after-edit and the git
// hooks. Not on the hot path: built as its own bundle and loaded only for these events.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readJsonSync, readRegularTextSync } from "../io/read.js";
import { bootstrapAs, dependsOnExo, exoOnPath } from "../io/runs-as.js";
import { actorMatches } from "../kernel/ids.js";
import { readCompiled } from "../stdlib/compiled.js";
import { DEFAULT_MODEL, VENDOR } from "../stdlib/sessions/vendor.js";
import type { HookAnswer, HookIO } from "./hook-entry.js";
import type { Located } from "../io/locate.js";
import { eventContext } from "./git-entry.js";

type Payload = Record<string, unknown>;

function cliPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, "cli", "bin.js"), join(here, "bin.js"), join(here, "..", "cli", "bin.js")]) if (existsSync(candidate)) return candidate;
  return join(here, "cli", "bin.js");
}

function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; envelope: { ok: boolean; data: Record<string, unknown> | null; error?: { code: string; message: string; hint?: string; details?: unknown } } | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliPath(), "--format", "json", ...args], { cwd, env, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      let envelope: { ok: boolean; data: Record<string, unknown> | null; error?: { code: string; message: string; hint?: string; details?: unknown } } | null = null;
      try {
        envelope = JSON.parse(stdout) as typeof envelope;
      } catch {
        envelope = null;
      }
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, envelope, stderr });
    });
  });
}

/** The nearest ancestor that is not a shell or node running the launcher (at most 4 levels). */
function agentPid(): number | null {
  let pid = process.ppid;
  for (let i = 0; i < 4 && pid > 1; i++) {
    let comm = "";
    let ppid = 0;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      return null;
    }
    if (!["sh", "bash", "dash", "zsh", "fish", "node"].includes(comm)) return pid;
    pid = ppid;
  }
  return null;
}

function sessionsOf(stateDir: string): Record<string, unknown>[] {
  try {
    return readdirSync(join(stateDir, "sessions"))
      .filter((n) => /^SES-.*\.json$/.test(n))
      .map((n) => readJsonSync(join(stateDir, "sessions", n)) as Record<string, unknown>)
      .filter((s) => s && typeof s === "object");
  } catch {
    return [];
  }
}

/**
 * The active session a Stop or SessionEnd is about, by SPEC §7.5's first steps: EXO_SESSION_ID, the
 * session bound to this conversation, else EXO_ACTOR's single active session not bound to another
 * conversation (a session started with exo session-start for the agent, as SPEC §1's quick start
 * does, is bound to none). Before, only the conversation's binding counted, so such a session got
 * neither the Stop hook's heartbeat and reminder nor SessionEnd's suspend.
 */
function endingSession(stateDir: string, payload: Payload, env: NodeJS.ProcessEnv): Record<string, unknown> | undefined {
  const sid = String(payload["session_id"] ?? payload["conversation_id"] ?? "");
  const active = sessionsOf(stateDir).filter((x) => x["status"] === "active");
  const named = env["EXO_SESSION_ID"] ? active.find((x) => x["id"] === env["EXO_SESSION_ID"]) : undefined;
  if (named) return named;
  const bound = sid ? active.find((x) => x["agent_session_id"] === sid) : undefined;
  if (bound) return bound;
  const mine = env["EXO_ACTOR"] ? active.filter((x) => x["actor"] === env["EXO_ACTOR"] && (!x["agent_session_id"] || x["agent_session_id"] === sid)) : [];
  return mine.length === 1 ? mine[0] : undefined;
}

async function sessionStart(harness: string, payload: Payload, io: HookIO, cwd: string, stateDir: string, autoDispatch: boolean): Promise<HookAnswer> {
  const sid = String(payload["session_id"] ?? payload["conversation_id"] ?? "");
  const mapped = sid ? sessionsOf(stateDir).find((s) => s["agent_session_id"] === sid) : undefined;
  const actor = io.env["EXO_ACTOR"] || (mapped ? String(mapped["actor"]) : `agent:${harness}${sid ? `:${createHash("sha256").update(sid).digest("hex").slice(0, 8)}` : ""}`);
  const env = { ...io.env, EXO_ACTOR: actor };
  const args = ["session-start", "--harness", harness, "--vendor", VENDOR[harness] ?? "unknown", "--model", String(payload["model"] ?? DEFAULT_MODEL[harness] ?? "unknown")];
  if (sid) args.push("--agent-session-id", sid);
  const pid = agentPid();
  if (pid) args.push("--pid", String(pid));
  if (mapped?.["status"] === "suspended") args.splice(0, args.length, "session-resume", "--session-id", String(mapped["id"]), ...(sid ? ["--agent-session-id", sid] : []), ...(pid ? ["--pid", String(pid)] : []));
  let run = await runCli(args, env, cwd);
  if (!run.envelope?.ok && run.envelope?.error?.code === "SESSION_TICKET_REQUIRED") {
    // A new conversation continues this worktree's single suspended session of the same harness family.
    const family = sessionsOf(stateDir).filter((s) => s["status"] === "suspended" && actorMatches(String(s["actor"]), `agent:${harness}`));
    const handed = handedOne(run.envelope?.error?.details);
    if (family.length === 1) run = await runCli(["session-resume", "--session-id", String(family[0]?.["id"]), ...(sid ? ["--agent-session-id", sid] : [])], { ...io.env, EXO_ACTOR: String(family[0]?.["actor"]) }, cwd);
    // A ticket handed to this agent (exo session-handoff --to agent:codex) is what it came for.
    else if (family.length === 0 && handed) run = await runCli([...args, "--ticket-id", handed], env, cwd);
    // Nothing to continue and no claim of its own: with hooks.auto_dispatch the agent claims the
    // best ready task itself (SPEC §8.2). Not when it holds several claims (it must pick one).
    else if (autoDispatch && family.length === 0 && !/ holds \d+ unbound locks /.test(run.envelope?.error?.message ?? "")) run = await runCli([...args, "--dispatch"], env, cwd);
  }
  const data = run.envelope?.ok ? run.envelope.data : null;
  // No session of its own, but one open in this checkout (a person started it, say): the gate
  // checks this agent's writes against that session's scope, so the agent is told that scope.
  const open = data ? undefined : sessionsOf(stateDir).find((s) => s["status"] === "active" && typeof s["worktree"] === "string" && (cwd === s["worktree"] || cwd.startsWith(`${String(s["worktree"])}/`)));
  // In a project with exoprotocol as a dependency and no exo on the agent's PATH, the commands
  // are written as its shell runs them, as the instruction files and the CLI's output write them
  // (before: `EXO_ACTOR='agent:claude' exo session-finish …`, "exo: command not found").
  const context = data
    ? runsHere(String(data["bootstrap"] ?? ""), io.env, cwd)
    : open
      ? borrowedContext(open)
      : `exo governs this repository, but no session is open for you (${run.envelope?.error?.message ?? "exo did not answer"}). ${nextStep(run.envelope?.error?.hint)}; writes outside a session follow hooks.no_session.`;
  if (data && harness === "claude" && io.env["CLAUDE_ENV_FILE"]) {
    const e = data["env"] as Record<string, string>;
    const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
    try {
      appendFileSync(io.env["CLAUDE_ENV_FILE"], `export EXO_SESSION_ID=${q(e["EXO_SESSION_ID"] ?? "")}\nexport EXO_TICKET_ID=${q(e["EXO_TICKET_ID"] ?? "")}\nexport EXO_ACTOR=${q(e["EXO_ACTOR"] ?? "")}\n`);
    } catch {
      // not fatal
    }
  }
  // Copilot CLI passes a SessionStart hook's top-level additionalContext to the model (its
  // hookSpecificOutput one is dropped).
  const stdout = harness === "cursor" ? JSON.stringify({ additional_context: context }) : harness === "copilot" ? JSON.stringify({ additionalContext: context }) : JSON.stringify({ hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: context } });
  return { stdout, stderr: data || open ? "" : `exo: ${run.envelope?.error?.message ?? run.stderr.trim()}\n`, exitCode: 0 };
}

/** The bootstrap with its commands as `npx --no-install exo` where the agent's shell has no exo but the project does. */
function runsHere(bootstrap: string, env: NodeJS.ProcessEnv, root: string): string {
  return !exoOnPath(env) && dependsOnExo(root) ? bootstrapAs(bootstrap, "npx --no-install exo") : bootstrap;
}

/** The one ticket a refused start names as handed to this actor and waiting, else null. */
function handedOne(details: unknown): string | null {
  const handed = (details as { handed?: unknown } | undefined)?.handed;
  return Array.isArray(handed) && handed.length === 1 && typeof handed[0] === "string" ? handed[0] : null;
}

/**
 * The step an agent without a session is told: the refusal's own hint when it names an exo
 * command (`exo session-start --ticket-id T1` for a ticket claimed and waiting), else claim and start.
 * Before, always "Claim work with exo next", which claimed a second ticket beside the waiting one.
 */
function nextStep(hint: string | undefined): string {
  if (hint && /^exo (session-start|session-resume|next|ticket-create|intent-create|ready)\b/.test(hint) && !hint.includes("<")) return `Next: \`${hint}\``;
  return "Claim work with `exo next`, then `exo session-start --ticket-id '<ID>'`";
}

/** What an agent is told when the checkout's open session is someone else's: its ticket and scope. */
function borrowedContext(s: Record<string, unknown>): string {
  const scope = (s["scope"] ?? {}) as { allow?: string[]; deny?: string[]; boundaries?: string[] };
  const list = (xs: string[] | undefined) => (xs && xs.length > 0 ? xs.join(", ") : "none");
  const budgets = (s["budgets"] ?? {}) as { max_files?: number; max_loc?: number };
  return [
    `exo governs this repository. Session ${String(s["id"])} of ${String(s["actor"])} on ${String(s["ticket"])}${s["ticket_title"] ? ` ("${String(s["ticket_title"])}")` : ""} is open in this checkout, and your writes are checked against its scope:`,
    `- allowed: ${list(scope.allow)}`,
    `- denied: ${list(scope.deny)}`,
    `- boundaries (never write): ${list(scope.boundaries)}`,
    `- budget: ${budgets.max_files ?? "?"} files, ${budgets.max_loc ?? "?"} lines`,
    "Work inside that scope. .exo/ is exo's state: never edit it. For a session of your own, ask the person to finish theirs (exo session-finish) and claim work for you (exo next, then exo session-start).",
  ].join("\n");
}

const HARNESS_NAMES: Record<string, string> = { claude: "Claude Code", codex: "Codex", cursor: "Cursor", windsurf: "Windsurf", copilot: "GitHub Copilot CLI" };

async function sessionEnd(harness: string, payload: Payload, io: HookIO, cwd: string, stateDir: string, mode: string): Promise<HookAnswer> {
  const s = endingSession(stateDir, payload, io.env);
  const out = { stdout: harness === "cursor" ? "{}" : "", stderr: "", exitCode: 0 as const };
  if (!s || mode === "none") return out;
  const env = { ...io.env, EXO_ACTOR: String(s["actor"]) };
  const reason = String(payload["reason"] ?? "exit");
  if (mode === "finish") {
    // SPEC §8.2 names the harness by its product name in the break-glass reason.
    const product = HARNESS_NAMES[harness] ?? harness;
    const fin = await runCli(["session-finish", "--session-id", String(s["id"]), "--set-status", "keep", "--skip-check", "--break-glass-reason", `auto-close on ${product} SessionEnd (${reason})`, "--summary", `Closed when the ${product} session ended (${reason}).`], env, cwd);
    if (fin.envelope?.ok) return out;
  }
  await runCli(["session-suspend", "--session-id", String(s["id"]), "--reason", `${harness} SessionEnd: ${reason}`], env, cwd);
  return out;
}

async function stop(harness: string, payload: Payload, io: HookIO, cwd: string, stateDir: string, reminder: boolean): Promise<HookAnswer> {
  const s = endingSession(stateDir, payload, io.env);
  if (!s) return { stdout: harness === "cursor" ? "{}" : "", stderr: "", exitCode: 0 };
  await runCli(["lease-heartbeat", "--ticket-id", String(s["ticket"])], { ...io.env, EXO_ACTOR: String(s["actor"]) }, cwd);
  if (harness === "claude" && reminder && payload["stop_hook_active"] !== true && !s["reminded_at"]) {
    const { writeJsonAtomic } = await import("../io/fs-atomic.js");
    await writeJsonAtomic(join(stateDir, "sessions", `${String(s["id"])}.json`), { ...s, reminded_at: new Date().toISOString() });
    // Stop never returns hookSpecificOutput: only decision/reason.
    return { stdout: JSON.stringify({ decision: "block", reason: `exo: session ${String(s["id"])} on ${String(s["ticket"])} is still open; finish it with exo session-finish --summary "…" or continue` }), stderr: "", exitCode: 0 };
  }
  return { stdout: harness === "cursor" ? "{}" : "", stderr: "", exitCode: 0 };
}

/**
 * Settings of config.yaml the lifecycle needs: from the compiled form the CLI keeps when it is
 * current (stdlib/compiled.ts), else parsed from the YAML; defaults when unreadable.
 */
async function hookSettings(where: Located): Promise<{ session_end: string; stop_reminder: boolean; auto_start: boolean; auto_dispatch: boolean }> {
  try {
    const file = join(where.exoDir, "config.yaml");
    const text = readRegularTextSync(file);
    let cfg = await readCompiled<{ hooks?: Record<string, unknown> }>(join(where.stateDir, "cache"), "config", file, text);
    if (!cfg) {
      const { parse } = await import("yaml");
      cfg = parse(text) as { hooks?: Record<string, unknown> } | null;
    }
    const h = cfg?.hooks ?? {};
    return { session_end: String(h["session_end"] ?? "suspend"), stop_reminder: h["stop_reminder"] === true, auto_start: h["auto_start"] !== false, auto_dispatch: h["auto_dispatch"] === true };
  } catch {
    return { session_end: "suspend", stop_reminder: false, auto_start: true, auto_dispatch: false };
  }
}

/** Claude Code events handled in events.ts (loaded only for them), by event name. */
const EVENT_HANDLERS: Record<string, "configChange" | "preCompact" | "subagentStart" | "worktreeCreate"> = {
  ConfigChange: "configChange",
  PreCompact: "preCompact",
  SubagentStart: "subagentStart",
  WorktreeCreate: "worktreeCreate",
};

export async function lifecycle(harness: string, event: string, io: HookIO): Promise<HookAnswer> {
  const context = eventContext(harness, io);
  const { payload, where, quiet } = context;
  if (!where) {
    // WorktreeCreate replaces the harness's own worktree creation: silence would look like success.
    if (event === "WorktreeCreate") return { stdout: "", stderr: "exo refused to create the worktree: this checkout has no .exo/config.yaml, so exo cannot govern it; run exo install (or remove exo's WorktreeCreate hook with exo hook-install --uninstall).\n", exitCode: 2 };
    return quiet;
  }
  try {
    const handler = Object.hasOwn(EVENT_HANDLERS, event) ? EVENT_HANDLERS[event] : undefined;
    if (handler) return await (await import("./events.js"))[handler](harness, payload, io, where);
    switch (event) {
      case "SessionStart":
      case "sessionStart": {
        if (payload["source"] === "compact") {
          // After compaction the agent gets the essentials again, not a new start (issue #19).
          const { compactContext } = await import("./events.js");
          const restated = await compactContext(harness, payload, io, where);
          if (restated) return restated;
        }
        const settings = await hookSettings(where);
        return settings.auto_start ? await sessionStart(harness, payload, io, where.root, where.stateDir, settings.auto_dispatch) : quiet;
      }
      case "SessionEnd":
      case "sessionEnd":
        return await sessionEnd(harness, payload, io, where.root, where.stateDir, (await hookSettings(where)).session_end);
      case "Stop":
      case "stop":
        return await stop(harness, payload, io, where.root, where.stateDir, (await hookSettings(where)).stop_reminder);
      default:
        return quiet;
    }
  } catch (error) {
    const why = `exo hook (${harness} ${event}): ${error instanceof Error ? error.message : String(error)}`;
    if (event === "WorktreeCreate") return { stdout: "", stderr: `exo refused to create the worktree: ${why}\n`, exitCode: 2 };
    return { ...quiet, stderr: `${why}\n` };
  }
}

/** The bundle's entry point for hook-main.ts. */
export const handle = lifecycle;
