// Shared core of the Agent SDK integrations (SPEC §9.4): the session lifecycle through the library
// API and the tool decision through the hook's own gate, in-process. No second implementation of
// scope, shell parsing or the lifecycle lives here: only the glue that feeds them.
import { AsyncLocalStorage } from "node:async_hooks";
import { resolve } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { createExo, type Envelope, type Exo } from "../index.js";
import { gate } from "../hooks/hook-entry.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** What a governed run ends with: finish the session, suspend it, or leave it open. */
export type OnEnd = "finish" | "suspend" | "keep";

export interface SessionOptions {
  /** Repository (default: the current directory). */
  repo?: string;
  /** Actor the session runs as. */
  actor?: string;
  /** The task to work on; or `dispatch: true` to claim the next ready one. */
  ticketId?: string;
  dispatch?: boolean;
  /** Reuse this open session instead of starting one. */
  sessionId?: string;
  vendor?: string;
  model?: string;
  /** What the agent was asked to do (goes into the bootstrap and the memento). */
  task?: string;
  /** Environment for exo (default: process.env). */
  env?: Env;
}

export interface EndOptions {
  onEnd?: OnEnd;
  setStatus?: "review" | "done" | "keep";
}

/** The session a governed run works in, as the tool decisions need it. */
export interface Binding {
  repo: string;
  actor: string;
  sessionId: string;
  ticketId: string;
  env: Env;
}

/** The session of the run in progress (runGoverned sets it around the SDK call). */
export const current = new AsyncLocalStorage<Binding>();

/** Sessions started by runner listeners, by repository and actor (no async context there). */
const registered = new Map<string, Binding>();
const pendingStarts = new Set<Promise<unknown>>();
const key = (repo: string, actor: string) => `${resolve(repo)}\n${actor}`;

export function register(binding: Binding): void {
  registered.set(key(binding.repo, binding.actor), binding);
}
export function unregister(binding: Binding): void {
  if (registered.get(key(binding.repo, binding.actor)) === binding) registered.delete(key(binding.repo, binding.actor));
}
export function trackStart<T>(p: Promise<T>): Promise<T> {
  pendingStarts.add(p);
  void p.then(
    () => pendingStarts.delete(p),
    () => pendingStarts.delete(p),
  );
  return p;
}

/** The binding a tool decision uses: the run's own, else one a runner listener registered. */
export async function bindingFor(repo: string | null, actor: string): Promise<Binding | null> {
  const own = current.getStore();
  if (own) return own;
  if (pendingStarts.size > 0) await Promise.allSettled([...pendingStarts]);
  if (repo !== null) return registered.get(key(repo, actor)) ?? null;
  // No repository named: the process's one registered session, else this directory's.
  const mine = [...registered.values()].filter((b) => b.actor === actor);
  return mine.length === 1 ? (mine[0] as Binding) : (registered.get(key(process.cwd(), actor)) ?? null);
}

export function exoFor(repo: string, actor: string, env: Env): Exo {
  return createExo({ repo, actor, env, harness: "sdk" });
}

/** Start (or reuse) the session of a governed run; a refusal throws the coded ExoError. */
export async function startSession(opts: SessionOptions, defaults: { actor: string; vendor: string; model: string }, agentSessionId?: string): Promise<{ exo: Exo; binding: Binding; started: Record<string, unknown> }> {
  const repo = resolve(opts.repo ?? process.cwd());
  let actor = opts.actor ?? defaults.actor;
  const env = opts.env ?? process.env;
  let exo = exoFor(repo, actor, env);
  let started: Record<string, unknown>;
  if (opts.sessionId) {
    const status = await exo.call<{ sessions?: { id: string; actor: string; status: string; ticket: string }[] }>("status", {});
    const open = status.sessions?.find((s) => s.id === opts.sessionId && (s.status === "active" || s.status === "suspended"));
    if (!open) throw new ExoError(ErrorCode.SESSION_NOT_FOUND, `No open session ${opts.sessionId} in this repository.`, { hint: "exo status" });
    // Continue the session as its own actor unless one was named.
    if (!opts.actor && open.actor) {
      actor = open.actor;
      exo = exoFor(repo, actor, env);
    }
    started = open.status === "suspended" ? await exo.sessionResume({ sessionId: open.id, ...(agentSessionId ? { agentSessionId } : {}) }) : { session: open };
  } else {
    started = await exo.sessionStart({
      ...(opts.ticketId ? { ticketId: opts.ticketId } : {}),
      dispatch: opts.dispatch ?? false,
      vendor: opts.vendor ?? defaults.vendor,
      model: opts.model ?? defaults.model,
      ...(opts.task ? { task: opts.task.slice(0, 2000) } : {}),
      harness: "sdk",
      pid: process.pid,
      ...(agentSessionId ? { agentSessionId } : {}),
    });
  }
  const session = started["session"] as { id: string; ticket: string };
  return { exo, binding: { repo, actor, sessionId: session.id, ticketId: session.ticket, env }, started };
}

/** Apply `onEnd` to the session; the envelope reports failures (a failed verify is not thrown). */
export async function endSession(exo: Exo, binding: Binding, onEnd: OnEnd, summary: string, setStatus: EndOptions["setStatus"]): Promise<Envelope | null> {
  if (onEnd === "keep") return null;
  if (onEnd === "suspend") return exo.run("session-suspend", { session_id: binding.sessionId, reason: oneLine(summary, 500) });
  return exo.run("session-finish", { session_id: binding.sessionId, summary: clip(summary, 10_000), ...(setStatus ? { set_status: setStatus } : {}) });
}

/**
 * Keep the lock and session heartbeat fresh during a long run in which the agent may not write for
 * a while (writes refresh it through the hook). Returns stop(), which resolves once a heartbeat in
 * flight has settled: the suspend or finish that follows must not race it. The timer never holds
 * the process.
 */
export function keepAlive(exo: Exo, binding: Binding, everyMs = 5 * 60_000): () => Promise<void> {
  let beating: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    // One heartbeat at a time: a slow one is not overtaken by the next.
    beating ??= exo.run("lease-heartbeat", { ticket_id: binding.ticketId }).catch(() => undefined).finally(() => (beating = null));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await beating;
  };
}

/** Suspend after a failed run, with the error as the reason; never throws. */
export async function suspendOnError(exo: Exo, binding: Binding, error: unknown): Promise<Envelope> {
  const message = error instanceof Error ? error.message : String(error);
  return exo.run("session-suspend", { session_id: binding.sessionId, reason: oneLine(`run failed: ${message || "unknown error"}`, 500) });
}

export function clip(text: string, max: number): string {
  const t = text.trim() || "(no summary)";
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim() || "(no summary)";
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export interface ToolVerdict {
  decision: "allow" | "deny" | "ask";
  reason: string;
  /** Extra context the hook adds on allow (budget notes), else null. */
  context: string | null;
}

/**
 * Decide one tool call exactly as the Claude Code PreToolUse hook would, in-process: the payload
 * uses Claude Code's tool names (Write, Edit, Bash, apply_patch, …). Records hook.denied/asked in the
 * ledger, the touched log and the heartbeat like the hook does.
 */
export async function decideTool(harness: string, payload: { tool_name: string; tool_input: Record<string, unknown>; session_id?: string }, where: { cwd: string; actor: string; env: Env; sessionId: string | null }): Promise<ToolVerdict> {
  const env: NodeJS.ProcessEnv = { ...where.env, EXO_ACTOR: where.actor };
  // The bound session, else the usual resolution (EXO_SESSION_ID of the environment first).
  if (where.sessionId) env["EXO_SESSION_ID"] = where.sessionId;
  const answer = await gate(harness, "PreToolUse", { stdin: JSON.stringify({ hook_event_name: "PreToolUse", ...payload, cwd: where.cwd }), env, cwd: where.cwd });
  const text = answer.stdout.trim();
  if (!text) return { decision: "allow", reason: "", context: null };
  let out: { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string; additionalContext?: string } };
  try {
    out = JSON.parse(text) as typeof out;
  } catch {
    return { decision: "deny", reason: `exo could not read its own decision; the action is blocked to be safe: ${text.slice(0, 200)}`, context: null };
  }
  const h = out.hookSpecificOutput ?? {};
  if (h.permissionDecision === "deny" || h.permissionDecision === "ask") return { decision: h.permissionDecision, reason: h.permissionDecisionReason ?? "blocked by exo", context: null };
  return { decision: "allow", reason: "", context: h.additionalContext ?? null };
}

/** The coded error of a subpath whose optional peer dependency is not installed. */
export function peerMissing(subpath: string, pkg: string, cause: unknown): ExoError {
  return new ExoError(ErrorCode.ENVIRONMENT_UNSUPPORTED, `exoprotocol/${subpath} needs the optional peer dependency ${pkg}, which is not installed.`, {
    hint: `npm install ${pkg}`,
    details: { package: pkg, subpath: `exoprotocol/${subpath}` },
    cause,
  });
}

/** Is this import failure the package itself missing (not a bug inside it)? */
export function isMissing(error: unknown, pkg: string): boolean {
  const e = error as { code?: string; message?: string } | null;
  return !!e && (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "MODULE_NOT_FOUND") && String(e.message).includes(pkg);
}
