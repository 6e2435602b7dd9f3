// The vendor and model of the agent a session is for, where its harness hook says nothing: the
// harness's own variables (Claude Code's CLAUDECODE, Codex's sandbox ones, Cursor's agent's
// CURSOR_AGENT), else the harness an EXO_ACTOR like agent:claude names.
import { actorMatches } from "../../kernel/ids.js";

/** Each harness's vendor and the model its hook records when the payload names none. */
export const VENDOR: Record<string, string> = { claude: "anthropic", cursor: "cursor", codex: "openai", copilot: "github" };
export const DEFAULT_MODEL: Record<string, string> = { claude: "claude-code", cursor: "unknown", codex: "codex", copilot: "copilot" };

const HARNESS_VARIABLES: [string, string[]][] = [
  ["claude", ["CLAUDECODE"]],
  ["codex", ["CODEX_SANDBOX", "CODEX_SANDBOX_NETWORK_DISABLED", "CODEX_THREAD_ID"]],
  ["cursor", ["CURSOR_AGENT"]],
];

/** The harness the environment or the actor names (`agent:claude`, `agent:codex:1a2b3c4d`), if any. */
export function agentHarness(env: NodeJS.ProcessEnv, actor: string): string | undefined {
  const named = Object.keys(VENDOR).find((h) => actorMatches(actor, `agent:${h}`));
  return named ?? HARNESS_VARIABLES.find(([, vars]) => vars.some((v) => (env[v] ?? "") !== ""))?.[0];
}

/** `vendor` and `model` as given, an `unknown` one filled in from the agent's harness when it is known. */
export function agentVendor(env: NodeJS.ProcessEnv, actor: string, given: { vendor: string; model: string }): { vendor: string; model: string } {
  const harness = agentHarness(env, actor);
  // Only the two fields: the caller spreads the answer into the session record (returning `given`
  // itself put every session-start input there: ticket_id, dispatch, acquire_lock, …).
  if (harness === undefined) return { vendor: given.vendor, model: given.model };
  return {
    vendor: given.vendor === "unknown" ? VENDOR[harness] ?? "unknown" : given.vendor,
    model: given.model === "unknown" && (given.vendor === "unknown" || given.vendor === VENDOR[harness]) ? DEFAULT_MODEL[harness] ?? "unknown" : given.model,
  };
}
