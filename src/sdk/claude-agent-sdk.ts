// exoprotocol/claude-agent-sdk: governed runs for the Claude Agent SDK. The SDK runs Claude Code,
// so its PreToolUse hook input is the Claude Code hook payload: the callbacks here decide it
// in-process with the hook's own gate (no child process), and SessionStart/SessionEnd bind the
// session through the library API.
import { resolve } from "node:path";
import type { CanUseTool, HookCallback, HookCallbackMatcher, HookEvent, HookInput, HookJSONOutput, Options, PermissionResult, Query, SDKMessage, SDKResultMessage, SDKUserMessage } from "@anthropic-ai/claude-agent-sdk";
import type * as ClaudeAgentSdk from "@anthropic-ai/claude-agent-sdk";
import type { Envelope } from "../index.js";
import { decideTool, endSession, exoFor, isMissing, peerMissing, startSession, suspendOnError, type Binding, type Env, type OnEnd, type SessionOptions } from "./governed.js";

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
}

function bindingOf(opts: HooksOptions, state: HookState): Binding | null {
  if (typeof opts.session === "function") return opts.session() ?? state.binding;
  return opts.session ?? state.binding;
}

function decisionEnv(opts: HooksOptions, b: Binding | null): { actor: string; env: Env; sessionId: string | null } {
  return { actor: b?.actor ?? opts.actor ?? DEFAULT_ACTOR, env: b?.env ?? opts.env ?? process.env, sessionId: b?.sessionId ?? null };
}

/** The PreToolUse decision of the Claude Code hook, for one tool call. */
async function decide(opts: HooksOptions, state: HookState, toolName: string, toolInput: unknown, sessionId: string | undefined, cwd: string | undefined) {
  const b = bindingOf(opts, state);
  const input = toolInput && typeof toolInput === "object" && !Array.isArray(toolInput) ? (toolInput as Record<string, unknown>) : {};
  return decideTool("sdk", { tool_name: toolName, tool_input: input, ...(sessionId ? { session_id: sessionId } : {}) }, { cwd: resolve(cwd ?? b?.repo ?? opts.repo ?? process.cwd()), ...decisionEnv(opts, b) });
}

function makeHooks(opts: HooksOptions, state: HookState): Hooks {
  const pre: HookCallback = async (input: HookInput): Promise<HookJSONOutput> => {
    if (input.hook_event_name !== "PreToolUse") return {};
    const v = await decide(opts, state, input.tool_name, input.tool_input, input.session_id, input.cwd);
    if (v.decision === "allow") return v.context ? { hookSpecificOutput: { hookEventName: "PreToolUse", additionalContext: v.context } } : {};
    return { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: v.decision, permissionDecisionReason: v.reason } };
  };
  const start: HookCallback = async (input: HookInput): Promise<HookJSONOutput> => {
    if (input.hook_event_name !== "SessionStart") return {};
    let bootstrap: string | null = null;
    if (!bindingOf(opts, state) && (opts.ticketId || opts.dispatch || opts.sessionId)) {
      try {
        const s = await startSession({ ...opts, repo: opts.repo ?? input.cwd }, { actor: DEFAULT_ACTOR, vendor: "anthropic", model: opts.model ?? input.model ?? "claude-agent-sdk" }, input.session_id);
        state.binding = s.binding;
        state.ownBinding = true;
        bootstrap = typeof s.started["bootstrap"] === "string" ? s.started["bootstrap"] : null;
      } catch (error) {
        opts.onError?.(error);
        return { hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: `exo governs this repository, but no session could be opened for you (${error instanceof Error ? error.message : String(error)}). Writes are refused until one is.` } };
      }
    }
    return bootstrap ? { hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: bootstrap } } : {};
  };
  const end: HookCallback = async (input: HookInput): Promise<HookJSONOutput> => {
    if (input.hook_event_name !== "SessionEnd" || !state.ownBinding || !state.binding) return {};
    const b = state.binding;
    state.binding = null;
    state.ownBinding = false;
    try {
      const env = await endSession(exoFor(b.repo, b.actor, b.env), b, opts.onEnd ?? "suspend", `Claude Agent SDK session ended (${String(input.reason)}).`, opts.setStatus);
      if (env && !env.ok) opts.onError?.(new Error(env.error?.message ?? "exo could not end the session"));
    } catch (error) {
      opts.onError?.(error);
    }
    return {};
  };
  return { PreToolUse: [{ hooks: [pre] }], SessionStart: [{ hooks: [start] }], SessionEnd: [{ hooks: [end] }] };
}

/**
 * A `hooks` object for query() options: PreToolUse decides like the Claude Code hook (in-process),
 * SessionStart/SessionEnd bind the session. Merge with your own hooks with mergeHooks().
 */
export function exoHooks(opts: HooksOptions = {}): Hooks {
  return makeHooks(opts, { binding: null, ownBinding: false });
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
  const state: HookState = { binding: null, ownBinding: false };
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
  const state: HookState = { binding, ownBinding: false };
  const base = params.options ?? {};
  const bootstrap = typeof started["bootstrap"] === "string" ? started["bootstrap"] : null;
  const startContext: HookCallback = () => Promise.resolve(bootstrap ? { hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: bootstrap } } : {});
  const hooks = mergeHooks({ ...makeHooks({ ...opts, session: binding }, state), SessionStart: [{ hooks: [startContext] }] }, base.hooks);
  const env = { ...(base.env ?? process.env), EXO_SESSION_ID: binding.sessionId, EXO_TICKET_ID: binding.ticketId, EXO_ACTOR: binding.actor };
  const messages: SDKMessage[] = [];
  let result: SDKResultMessage | null = null;
  try {
    const q: Query = sdk.query({ prompt: params.prompt, options: { ...base, cwd: base.cwd ?? binding.repo, hooks, env } });
    for await (const message of q) {
      messages.push(message);
      if (message.type === "result") result = message;
      opts.onMessage?.(message);
    }
  } catch (error) {
    await suspendOnError(exo, binding, error);
    throw error;
  }
  if (result && result.subtype !== "success") {
    const end = await suspendOnError(exo, binding, new Error(`Claude run ended with ${result.subtype}`));
    return { result, messages, end, session: binding };
  }
  const text = result && result.subtype === "success" ? result.result : "";
  const summary = opts.summary ? opts.summary(result, messages) : text.trim() !== "" ? text : "Claude Agent SDK run finished.";
  const end = await endSession(exo, binding, opts.onEnd ?? "finish", summary, opts.setStatus);
  return { result, messages, end, session: binding };
}
