// exoprotocol/claude-agent-sdk: governed runs for the Claude Agent SDK. The SDK runs Claude Code,
// so its PreToolUse hook input is the Claude Code hook payload: the callbacks here decide it
// in-process with the hook's own gate (no child process). The session is bound through the library
// API: at SessionStart where the SDK emits it to callbacks, else at the first prompt or tool call
// (the bootstrap goes to the model as additional context), and SessionEnd applies onEnd.
import { resolve } from "node:path";
import type { CanUseTool, HookCallback, HookCallbackMatcher, HookEvent, HookInput, HookJSONOutput, Options, PermissionResult, Query, SDKMessage, SDKResultMessage, SDKUserMessage } from "@anthropic-ai/claude-agent-sdk";
import type * as ClaudeAgentSdk from "@anthropic-ai/claude-agent-sdk";
import type { Envelope } from "../index.js";
import { decideTool, endSession, exoFor, isMissing, keepAlive, peerMissing, startSession, suspendOnError, type Binding, type Env, type OnEnd, type SessionOptions } from "./governed.js";

const PEER = "@anthropic-ai/claude-agent-sdk";
let sdk: typeof ClaudeAgentSdk;
try {
  sdk = await import("@anthropic-ai/claude-agent-sdk");
} catch (error) {
  throw isMissing(error, PEER) ? peerMissing("claude-agent-sdk", PEER, error) : error;
}

export type { OnEnd, Binding } from "./governed.js";

const DEFAULT_ACTOR = "agent:claude-sdk";

export interface HooksOptions extends SessionOptions {
  /**
   * Session the hooks decide for. runGoverned passes its own; without one, SessionStart starts a
   * session when `ticketId` or `dispatch` is given, else decisions follow SPEC §7.5 resolution.
   */
  session?: Binding | (() => Binding | null);
  /** What SessionEnd does with a session the hooks started (default suspend). */
  onEnd?: OnEnd;
  setStatus?: "review" | "done" | "keep";
  /** Errors of the lifecycle callbacks (a refused start, a failed end). */
  onError?: (error: unknown) => void;
}

type Hooks = Partial<Record<HookEvent, HookCallbackMatcher[]>>;

interface HookState {
  binding: Binding | null;
  ownBinding: boolean;
  starting: Promise<string | null> | null;
  /** The bootstrap not yet given to the model. */
  bootstrap: string | null;
}

const newState = (binding: Binding | null, bootstrap: string | null): HookState => ({ binding, ownBinding: false, starting: null, bootstrap });

function bindingOf(opts: HooksOptions, state: HookState): Binding | null {
  if (typeof opts.session === "function") return opts.session() ?? state.binding;
  return opts.session ?? state.binding;
}

function decisionEnv(opts: HooksOptions, b: Binding | null): { actor: string; env: Env; sessionId: string | null } {
  return { actor: b?.actor ?? opts.actor ?? DEFAULT_ACTOR, env: b?.env ?? opts.env ?? process.env, sessionId: b?.sessionId ?? opts.sessionId ?? null };
}

/**
 * Open the session of standalone hooks once, at the first event that carries the harness session
 * (SessionStart where the SDK emits it, else the first prompt or tool call). Returns the error
 * message when the start was refused.
 */
function ensureSession(opts: HooksOptions, state: HookState, input: { session_id: string; cwd: string; model?: string | undefined }): Promise<string | null> {
  if (bindingOf(opts, state) || !(opts.ticketId || opts.dispatch || opts.sessionId)) return Promise.resolve(null);
  state.starting ??= startSession({ ...opts, repo: opts.repo ?? input.cwd }, { actor: DEFAULT_ACTOR, vendor: "anthropic", model: opts.model ?? input.model ?? "claude-agent-sdk" }, input.session_id || undefined).then(
    (s) => {
      state.binding = s.binding;
      state.ownBinding = true;
      state.bootstrap = typeof s.started["bootstrap"] === "string" ? s.started["bootstrap"] : null;
      return null;
    },
    (error: unknown) => {
      opts.onError?.(error);
      return error instanceof Error ? error.message : String(error);
    },
  );
  return state.starting;
}

/** The PreToolUse decision of the Claude Code hook, for one tool call. */
async function decide(opts: HooksOptions, state: HookState, toolName: string, toolInput: unknown, sessionId: string | undefined, cwd: string | undefined) {
  const b = bindingOf(opts, state);
  const input = toolInput && typeof toolInput === "object" && !Array.isArray(toolInput) ? (toolInput as Record<string, unknown>) : {};
  return decideTool("sdk", { tool_name: toolName, tool_input: input, ...(sessionId ? { session_id: sessionId } : {}) }, { cwd: resolve(cwd ?? b?.repo ?? opts.repo ?? process.cwd()), ...decisionEnv(opts, b) });
}

function makeHooks(opts: HooksOptions, state: HookState): Hooks {
  const context = (event: "SessionStart" | "UserPromptSubmit", refused: string | null): HookJSONOutput => {
    if (refused) return { hookSpecificOutput: { hookEventName: event, additionalContext: `exo governs this repository, but no session could be opened for you (${refused}). Writes follow hooks.no_session until one is.` } };
    const text = state.bootstrap;
    state.bootstrap = null;
    return text ? { hookSpecificOutput: { hookEventName: event, additionalContext: text } } : {};
  };
  const pre: HookCallback = async (input: HookInput): Promise<HookJSONOutput> => {
    if (input.hook_event_name !== "PreToolUse") return {};
    await ensureSession(opts, state, input);
    const v = await decide(opts, state, input.tool_name, input.tool_input, input.session_id, input.cwd);
    if (v.decision === "allow") return v.context ? { hookSpecificOutput: { hookEventName: "PreToolUse", additionalContext: v.context } } : {};
    return { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: v.decision, permissionDecisionReason: v.reason } };
  };
  const start: HookCallback = async (input: HookInput): Promise<HookJSONOutput> => {
    if (input.hook_event_name !== "SessionStart") return {};
    return context("SessionStart", await ensureSession(opts, state, input));
  };
  const prompt: HookCallback = async (input: HookInput): Promise<HookJSONOutput> => {
    if (input.hook_event_name !== "UserPromptSubmit") return {};
    return context("UserPromptSubmit", await ensureSession(opts, state, input));
  };
  const end: HookCallback = async (input: HookInput): Promise<HookJSONOutput> => {
    if (input.hook_event_name !== "SessionEnd" || !state.ownBinding || !state.binding) return {};
    const b = state.binding;
    state.binding = null;
    state.ownBinding = false;
    state.starting = null;
    try {
      const env = await endSession(exoFor(b.repo, b.actor, b.env), b, opts.onEnd ?? "suspend", `Claude Agent SDK session ended (${String(input.reason)}).`, opts.setStatus);
      if (env && !env.ok) opts.onError?.(new Error(env.error?.message ?? "exo could not end the session"));
    } catch (error) {
      opts.onError?.(error);
    }
    return {};
  };
  return { SessionStart: [{ hooks: [start] }], UserPromptSubmit: [{ hooks: [prompt] }], PreToolUse: [{ hooks: [pre] }], SessionEnd: [{ hooks: [end] }] };
}

/**
 * A `hooks` object for query() options: PreToolUse decides like the Claude Code hook (in-process),
 * SessionStart (or the first prompt or tool call) opens the session when `ticketId`, `dispatch` or
 * `sessionId` is given and hands the model the bootstrap; SessionEnd applies `onEnd`. Merge with your
 * own hooks with mergeHooks().
 */
export function exoHooks(opts: HooksOptions = {}): Hooks {
  return makeHooks(opts, newState(null, null));
}

/** Concatenate hook matchers per event (exo's first). */
export function mergeHooks(...all: (Hooks | undefined)[]): Hooks {
  const out: Hooks = {};
  for (const hooks of all) {
    if (!hooks) continue;
    for (const [event, matchers] of Object.entries(hooks) as [HookEvent, HookCallbackMatcher[]][]) out[event] = [...(out[event] ?? []), ...matchers];
  }
  return out;
}

/**
 * A canUseTool callback: refuses what exo refuses, else defers to `next` (default allow). Claude
 * Code asks canUseTool only for calls its permission mode does not already allow; the PreToolUse
 * hook of exoHooks() sees every call.
 */
export function exoCanUseTool(opts: HooksOptions & { next?: CanUseTool } = {}): CanUseTool {
  const state = newState(null, null);
  return async (toolName, input, options): Promise<PermissionResult | null> => {
    const v = await decide(opts, state, toolName, input, undefined, undefined);
    if (v.decision !== "allow") return { behavior: "deny", message: v.reason };
    return opts.next ? opts.next(toolName, input, options) : { behavior: "allow", updatedInput: input };
  };
}

export interface RunGovernedOptions extends SessionOptions {
  /** What happens to the session after a successful run (default finish). */
  onEnd?: OnEnd;
  /** The memento summary (default: the result text). */
  summary?: (result: SDKResultMessage | null, messages: readonly SDKMessage[]) => string;
  setStatus?: "review" | "done" | "keep";
  /** Every message of the run, as it arrives. */
  onMessage?: (message: SDKMessage) => void;
}

export interface GovernedRun {
  /** The final result message (null when the run ended without one). */
  result: SDKResultMessage | null;
  messages: SDKMessage[];
  /** The envelope of the end command (finish or suspend), null for onEnd keep. */
  end: Envelope | null;
  session: Binding;
}

/**
 * Start (or reuse) a session, run query() inside it with exo's hooks merged into the options, then
 * apply `onEnd`. A refused start throws ExoError and query() is never called; a run that throws
 * suspends the session and rethrows; a run whose result is an error suspends the session.
 */
export async function runGoverned(params: { prompt: string | AsyncIterable<SDKUserMessage>; options?: Options }, opts: RunGovernedOptions = {}): Promise<GovernedRun> {
  const model = opts.model ?? params.options?.model ?? "claude-agent-sdk";
  const { exo, binding, started } = await startSession(opts, { actor: DEFAULT_ACTOR, vendor: "anthropic", model });
  const base = params.options ?? {};
  const state = newState(binding, typeof started["bootstrap"] === "string" ? started["bootstrap"] : null);
  const hooks = mergeHooks(makeHooks({ ...opts, session: binding }, state), base.hooks);
  const env = { ...(base.env ?? process.env), EXO_SESSION_ID: binding.sessionId, EXO_TICKET_ID: binding.ticketId, EXO_ACTOR: binding.actor };
  const messages: SDKMessage[] = [];
  let result: SDKResultMessage | null = null;
  const stop = keepAlive(exo, binding);
  try {
    const q: Query = sdk.query({ prompt: params.prompt, options: { ...base, cwd: base.cwd ?? binding.repo, hooks, env } });
    for await (const message of q) {
      messages.push(message);
      if (message.type === "result") result = message;
      opts.onMessage?.(message);
    }
  } catch (error) {
    await stop();
    await suspendOnError(exo, binding, error);
    throw error;
  }
  await stop();
  if (result && result.subtype !== "success") {
    const end = await suspendOnError(exo, binding, new Error(`Claude run ended with ${result.subtype}`));
    return { result, messages, end, session: binding };
  }
  const text = result && result.subtype === "success" ? result.result : "";
  const summary = opts.summary ? opts.summary(result, messages) : text.trim() !== "" ? text : "Claude Agent SDK run finished.";
  const end = await endSession(exo, binding, opts.onEnd ?? "finish", summary, opts.setStatus);
  return { result, messages, end, session: binding };
}
