// The hook bundle (SPEC §8.1): `node .exo/bin/exo-hook.mjs <harness> <event>` imports this file and
// calls runHook. Gating events run on the hot path: kernel + light io only, compiled JSON only.
// Claude and Codex block only on a deny JSON (exit 0) or exit 2 and treat exit 1 as allow, so
// every gating path ends in an explicit answer and never exits 1.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { checkAction, type Decision, type PolicyView, type SessionView } from "../kernel/check-action.js";
import { hasValidSeal } from "../kernel/canon.js";
import { patchTargets, shellTargets, type ShellTarget } from "../kernel/shell.js";
import { compileGlob } from "../kernel/globs.js";
import { readJsonSync } from "../io/read.js";
import { realpathLongestPrefix } from "../io/repo.js";
import { hookHeartbeat, recordHookEvent, appendTouched } from "./hook-io.js";

export interface HookIO {
  stdin: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface HookAnswer {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1 | 2;
}

type Payload = Record<string, unknown>;

export interface Located {
  root: string;
  exoDir: string;
  stateDir: string;
}

/** Work tree top and governance/state roots, found by walking up (no git process on the hot path). */
export function locateRepo(start: string, env: NodeJS.ProcessEnv): Located | null {
  let dir = resolve(start);
  for (;;) {
    const dotGit = join(dir, ".git");
    if (existsSync(dotGit)) {
      let root = dir;
      try {
        root = realpathSync(dir);
      } catch {
        // keep the lexical path
      }
      let mainRoot = root;
      try {
        if (statSync(dotGit).isFile()) {
          // Linked worktree: .git says "gitdir: <main>/.git/worktrees/<name>".
          const gitdir = /gitdir:\s*(.+)/.exec(readFileSync(dotGit, "utf8"))?.[1]?.trim();
          const marker = gitdir ? gitdir.indexOf("/.git/worktrees/") : -1;
          if (gitdir && marker > 0) mainRoot = gitdir.slice(0, marker);
        }
      } catch {
        // fall back to this worktree
      }
      const own = join(root, ".exo");
      const exoDir = existsSync(own) || mainRoot === root ? own : join(mainRoot, ".exo");
      const stateDir = env["EXO_STATE_DIR"]?.startsWith("/") ? env["EXO_STATE_DIR"] : join(mainRoot, ".exo");
      return { root, exoDir, stateDir };
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function gatingTargets(harness: string, event: string, payload: Payload, cwd: string, home: string, guardReads: boolean): { targets: ShellTarget[]; unknown: string[]; readOnly: boolean } {
  const input = (payload["tool_input"] ?? {}) as Payload;
  const tool = String(payload["tool_name"] ?? "");
  const abs = (p: unknown) => {
    const s = typeof p === "string" ? p : "";
    if (s === "") return "";
    const expanded = s === "~" || s.startsWith("~/") ? home + s.slice(1) : s;
    return resolve(cwd, expanded);
  };
  const shellCtx = {
    cwd,
    home,
    vars: { CLAUDE_PROJECT_DIR: cwd },
    guardReads,
    isDirectory: (p: string) => {
      try {
        return statSync(p).isDirectory();
      } catch {
        return false;
      }
    },
  };
  if (harness === "cursor") {
    if (event === "beforeShellExecution") {
      const r = shellTargets(String(payload["command"] ?? ""), { ...shellCtx, cwd: typeof payload["cwd"] === "string" ? (payload["cwd"]) : cwd });
      return { ...r, readOnly: false };
    }
    if (event === "beforeReadFile") return { targets: guardReads ? [{ path: abs(payload["file_path"] ?? input["file_path"]), action: "read" }] : [], unknown: [], readOnly: true };
    const path = abs(input["file_path"] ?? input["path"] ?? payload["file_path"]);
    return { targets: [{ path, action: tool === "Delete" ? "delete" : "write" }], unknown: [], readOnly: false };
  }
  if (tool === "Bash") {
    const r = shellTargets(String(input["command"] ?? ""), shellCtx);
    return { ...r, readOnly: false };
  }
  if (tool === "apply_patch") return { targets: patchTargets(String(input["command"] ?? input["patch"] ?? ""), cwd), unknown: [], readOnly: false };
  if (tool === "Read") return { targets: guardReads ? [{ path: abs(input["file_path"]), action: "read" }] : [], unknown: [], readOnly: true };
  if (tool === "NotebookEdit") return { targets: [{ path: abs(input["notebook_path"]), action: "write" }], unknown: [], readOnly: false };
  if (["Write", "Edit", "MultiEdit"].includes(tool)) return { targets: [{ path: abs(input["file_path"]), action: "write" }], unknown: [], readOnly: false };
  return { targets: [], unknown: [], readOnly: true };
}

interface SessionFile extends SessionView {
  actor: string;
  agent_session_id: string | null;
  worktree: string;
  started_at: string;
  budgets?: { max_files: number };
}

export function readSessions(stateDir: string): SessionFile[] {
  const dir = join(stateDir, "sessions");
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: SessionFile[] = [];
  for (const n of names) {
    if (!/^SES-[0-9A-Z-]+\.json$/.test(n)) continue;
    const s = readJsonSync(join(dir, n));
    if (s && typeof s === "object" && (s as SessionFile).id) out.push(s as SessionFile);
  }
  return out;
}

/** Session resolution for hooks (SPEC §7.5). */
export function resolveSession(sessions: SessionFile[], payload: Payload, env: NodeJS.ProcessEnv, root: string, insideWrites: string[], nocase: boolean): { session: SessionFile | null; ambiguous: string[] } {
  const open = sessions.filter((s) => s.status === "active" || s.status === "suspended");
  const byId = env["EXO_SESSION_ID"] ? open.find((s) => s.id === env["EXO_SESSION_ID"]) : undefined;
  if (byId) return { session: byId, ambiguous: [] };
  const harnessId = (payload["session_id"] ?? payload["conversation_id"]) as string | undefined;
  if (harnessId) {
    const s = open.find((x) => x.agent_session_id === harnessId);
    if (s) return { session: s, ambiguous: [] };
  }
  if (env["EXO_ACTOR"]) {
    const mine = open.filter((s) => s.actor === env["EXO_ACTOR"] && s.status === "active");
    if (mine.length === 1) return { session: mine[0] as SessionFile, ambiguous: [] };
  }
  const here = open.filter((s) => s.status === "active" && s.worktree === root);
  if (here.length === 1) return { session: here[0] as SessionFile, ambiguous: [] };
  if (here.length > 1) {
    const fits = here
      .filter((s) => insideWrites.every((p) => s.scope.allow.some((g) => compileGlob(g, { nocase })(p))))
      .sort((a, b) => (a.started_at < b.started_at ? -1 : a.started_at > b.started_at ? 1 : a.id < b.id ? -1 : 1));
    if (fits[0]) return { session: fits[0], ambiguous: [] };
    return { session: null, ambiguous: here.map((s) => s.id) };
  }
  return { session: null, ambiguous: [] };
}

function render(harness: string, decision: Decision, extraContext: string | null): string {
  if (harness === "cursor") {
    if (decision.decision === "allow") return "{}";
    const r = decision.reason;
    return JSON.stringify({ permission: decision.decision, user_message: r, agent_message: r, userMessage: r, agentMessage: r });
  }
  if (decision.decision === "allow") {
    return extraContext ? JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", additionalContext: extraContext } }) : "";
  }
  return JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: decision.decision, permissionDecisionReason: decision.reason } });
}

const GATING: Record<string, string[]> = {
  claude: ["PreToolUse"],
  codex: ["PreToolUse"],
  cursor: ["preToolUse", "beforeShellExecution", "beforeReadFile"],
};

export function isGating(harness: string, event: string): boolean {
  return GATING[harness]?.includes(event) ?? false;
}

/** Decide one gating event. Returns what to print and the exit code. */
export async function gate(harness: string, event: string, io: HookIO): Promise<HookAnswer> {
  let payload: Payload = {};
  let writeClass = !(harness === "cursor" && event === "beforeReadFile");
  let policyHooks: { enforcement: string; internal_error: string } = { enforcement: "strict", internal_error: "deny" };
  const deny = (reason: string): HookAnswer => {
    const d: Decision = { decision: "deny", code: "INTERNAL", reason, rule: null, targets: [] };
    return { stdout: render(harness, d, null), stderr: `${reason}\n`, exitCode: 0 };
  };
  const allow = (): HookAnswer => ({ stdout: harness === "cursor" ? "{}" : "", stderr: "", exitCode: 0 });
  try {
    payload = io.stdin.trim() ? (JSON.parse(io.stdin) as Payload) : {};
    if (harness !== "cursor" && payload["tool_name"] === "Read") writeClass = false;
    const cwd = typeof payload["cwd"] === "string" ? (payload["cwd"]) : Array.isArray(payload["workspace_roots"]) && typeof payload["workspace_roots"][0] === "string" ? (payload["workspace_roots"][0]) : io.cwd;
    const where = locateRepo(cwd, io.env);
    if (!where || !existsSync(join(where.exoDir, "config.yaml"))) return allow();
    const seal = readJsonSync(join(where.exoDir, "policy.sealed.json")) as (PolicyView & { seal_sha256?: string; hooks: PolicyView["hooks"] & { internal_error: string; guard_reads: boolean; heartbeat_interval_seconds: number } }) | null | undefined;
    if (!seal || typeof seal !== "object") {
      return writeClass ? deny("exo cannot read .exo/policy.sealed.json; run exo compose or exo doctor.") : allow();
    }
    policyHooks = { enforcement: seal.hooks?.enforcement ?? "strict", internal_error: seal.hooks?.internal_error ?? "deny" };
    const home = homedir();
    const fsInfo = readJsonSync(join(where.stateDir, "cache", "fs.json")) as { case_insensitive?: boolean } | null | undefined;
    const nocase = fsInfo?.case_insensitive ?? (process.platform === "darwin" || process.platform === "win32");
    const guardReads = seal.hooks.guard_reads !== false && seal.deny.some((r) => r.actions.includes("read"));
    const { targets, unknown, readOnly } = gatingTargets(harness, event, payload, cwd, home, guardReads);
    if (readOnly && targets.length === 0) return allow();
    // Symlinks: resolve the longest existing prefix so links out of the repository land outside.
    const resolved = targets.map((t) => ({ path: t.path ? realpathLongestPrefix(t.path) : t.path, action: t.action }));
    if (!hasValidSeal(seal as unknown as Record<string, unknown>, "seal_sha256")) {
      // A tampered seal cannot be trusted for its own enforcement mode: fail closed.
      await recordHookEvent(where, { harness, event, tool: String(payload["tool_name"] ?? event), type: "hook.denied", code: "GOVERNANCE_TAMPERED", path: null, action: null, rule: null, reason: "policy.sealed.json does not match its seal" }, io.env, true);
      if (readOnly) return allow();
      const d: Decision = { decision: "deny", code: "GOVERNANCE_TAMPERED", reason: "exo blocked this write: governance files were edited by hand (seal mismatch). A human must run exo compose --repair.", rule: null, targets: [] };
      return { stdout: render(harness, d, null), stderr: "", exitCode: 0 };
    }
    const insideWrites = resolved.filter((t) => t.action !== "read" && (t.path === where.root || t.path.startsWith(`${where.root}/`))).map((t) => t.path.slice(where.root.length + 1));
    const sessions = readSessions(where.stateDir);
    const { session, ambiguous } = resolveSession(sessions, payload, io.env, where.root, insideWrites, nocase);
    let decision: Decision;
    if (!session && ambiguous.length > 0 && insideWrites.length > 0) {
      decision = { decision: "deny", code: "OUT_OF_SCOPE", reason: `exo blocked write to ${insideWrites[0]}: outside the scope of every active session (${ambiguous.join(", ")}).`, rule: null, targets: [] };
      if (policyHooks.enforcement === "advisory") decision = { ...decision, enforced_from: "deny", decision: "allow" };
    } else {
      const lock = session ? (readJsonSync(join(where.stateDir, "locks", `${session.ticket}.json`)) as Parameters<typeof checkAction>[3] | null | undefined) ?? null : null;
      decision = checkAction(seal, { targets: resolved, unknownWrites: unknown, repoRoot: where.root, home, tmpdir: realTmp(), caseInsensitive: nocase }, session, lock, new Date(io.env["EXO_NOW"] || Date.now()));
    }
    const first = decision.targets.find((t) => t.decision !== "allow") ?? decision.targets[0];
    const eventType = decision.enforced_from ? "hook.warned" : decision.decision === "deny" ? "hook.denied" : decision.decision === "ask" ? "hook.asked" : null;
    if (eventType) {
      await recordHookEvent(where, { harness, event, tool: String(payload["tool_name"] ?? event), type: eventType, code: decision.code, path: first?.path ?? null, action: first?.action ?? null, rule: decision.rule, reason: decision.reason, session: session?.id ?? null, ticket: session?.ticket ?? null }, io.env, false);
    }
    let context: string | null = decision.enforced_from ? `exo (advisory mode) would have ${decision.enforced_from === "deny" ? "blocked" : "asked about"} this: ${decision.reason}` : null;
    if (decision.decision === "allow" && session) {
      const writes = decision.targets.filter((t) => t.inside_repo && t.action !== "read");
      if (writes.length > 0) {
        const note = appendTouched(where, session, writes.map((t) => ({ path: t.path, action: t.action })), io.env);
        if (note && !context) context = note;
      }
      await hookHeartbeat(where, session, seal.hooks.heartbeat_interval_seconds ?? 60, io.env);
    }
    return { stdout: render(harness, decision, context), stderr: "", exitCode: 0 };
  } catch (error) {
    const message = `exo hook internal error: ${error instanceof Error ? error.message : String(error)}`;
    if (writeClass && policyHooks.enforcement === "strict" && policyHooks.internal_error === "deny") return deny(`${message}; the write is blocked to be safe (run exo doctor).`);
    return { ...allow(), stderr: `${message}\n` };
  }
}

let tmpCache: string | null = null;
function realTmp(): string {
  if (tmpCache === null) {
    try {
      tmpCache = realpathSync(tmpdir());
    } catch {
      tmpCache = tmpdir();
    }
  }
  return tmpCache;
}

/** Read stdin until EOF, or a complete JSON value followed by 50 ms of silence, at most 2 s. */
export function readStdin(): Promise<string> {
  return new Promise((resolvePromise) => {
    let data = "";
    let settle: NodeJS.Timeout | null = null;
    const done = () => {
      if (settle) clearTimeout(settle);
      clearTimeout(cap);
      process.stdin.removeAllListeners();
      process.stdin.pause();
      resolvePromise(data);
    };
    const cap = setTimeout(done, 2000);
    if (process.stdin.isTTY) return done();
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk: string) => {
      data += chunk;
      if (settle) clearTimeout(settle);
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

/** Entry used by the launcher: `runHook(harness, event)` sets the exit code and prints. */
export async function runHook(harness: string, event: string): Promise<void> {
  let answer: HookAnswer;
  if (harness === "git") {
    // git hooks read nothing from stdin; their own bundle skips the lifecycle weight.
    const gitUrl = new URL("./hook-git.mjs", import.meta.url).href;
    const { gitHook } = (await import(gitUrl)) as { gitHook: (e: string, io: HookIO) => Promise<HookAnswer> };
    answer = await gitHook(event, { stdin: "", env: process.env, cwd: process.cwd() });
  } else if (isGating(harness, event)) answer = await gate(harness, event, { stdin: await readStdin(), env: process.env, cwd: process.cwd() });
  else {
    const stdin = await readStdin();
    // Lifecycle events load the full library from a separate bundle, never on the hot path.
    const lifecycleUrl = new URL("./hook-lifecycle.mjs", import.meta.url).href;
    const { lifecycle } = (await import(lifecycleUrl)) as { lifecycle: (h: string, e: string, io: HookIO) => Promise<HookAnswer> };
    answer = await lifecycle(harness, event, { stdin, env: process.env, cwd: process.cwd() });
  }
  if (answer.stderr) process.stderr.write(answer.stderr);
  if (answer.stdout) {
    try {
      process.stdout.write(`${answer.stdout}\n`);
    } catch {
      process.stderr.write("exo: could not write the hook answer\n");
      process.exitCode = 2;
      return;
    }
  }
  process.exitCode = answer.exitCode;
}
