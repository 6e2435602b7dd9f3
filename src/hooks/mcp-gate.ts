// MCP tool calls (Claude/Codex `mcp__server__tool`, Cursor beforeMCPExecution, Windsurf
// pre_mcp_tool_use): exo cannot know what a foreign tool writes, so it judges by effect
// (docs/hooks.md "write classes"): path-like argument values of a tool that may write are
// candidate writes; a writing tool with no path it can see is an unknown write. Hot path: pure.
import { TAKES_HOOKS_OUT, type Forbidden, type ShellTarget } from "../kernel/shell.js";

const READ_VERBS = /^(read|get|list|search|query|fetch|find|show|view|describe|count|status|stat|inspect|lookup|resolve|explain|check|validate|diff|log|grep|glob|tree|ls|cat|head|tail|browse|navigate|screenshot|snapshot|info|help|ping|whoami|ready|brief|decide|tickets?|intents?|ledger|metrics|drift|doctor|trace|context|next)/i;
const PATH_KEYS = /(^|_)(path|paths|file|files|filename|file_path|filepath|target|destination|dest|dir|directory|folder|output|out|to|uri|location|root)$/i;

/** exo's own MCP server is governed by exo itself. */
function isExoServer(server: string): boolean {
  return /^exo(-mcp)?$/i.test(server) || /(^|[/\s])exo-mcp(\s|$)/.test(server);
}

function collect(value: unknown, key: string, out: string[], depth: number): void {
  if (depth > 6 || out.length > 200) return;
  if (typeof value === "string") {
    const looksPath = value.startsWith("/") || value.startsWith("./") || value.startsWith("../") || value.startsWith("~/") || value.startsWith("file://");
    if ((PATH_KEYS.test(key) && value !== "" && !value.includes("://")) || looksPath) out.push(value.replace(/^file:\/\//, ""));
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collect(v, key, out, depth + 1);
    return;
  }
  if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) collect(v, k, out, depth + 1);
}

/** Candidate writes of one MCP call; `place` turns a path into an absolute one. */
export function mcpTargets(server: string, tool: string, args: unknown, place: (p: string) => string): { targets: ShellTarget[]; unknown: string[]; maybe: (ShellTarget & { label: string })[]; forbidden?: Forbidden[] } {
  const name = tool.replace(/^MCP:/, "").replace(/^mcp__/, "");
  const verb = name.split(/__|[._-]/).find((w) => w !== "") ?? name;
  if (isExoServer(server) || /^exo__/.test(name)) {
    // exo's tools govern themselves, but taking exo's hooks out is for a person, not an agent.
    const given = (key: string) => args !== null && typeof args === "object" && [true, "true"].includes((args as Record<string, unknown>)[key] as boolean | string);
    const present = (key: string) => args !== null && typeof args === "object" && (args as Record<string, unknown>)[key] !== undefined && (args as Record<string, unknown>)[key] !== null;
    const forbidden: Forbidden[] = [];
    if (/(^|_)hook_install$/.test(name) && given("uninstall") && !given("dry_run")) forbidden.push({ what: "exo_hook_install with uninstall", code: "HOOKS_TAMPERED", why: TAKES_HOOKS_OUT });
    if (/(^|_)ticket_update$/.test(name) && ["scope_allow", "scope_deny", "boundary", "max_files", "max_loc", "parent", "check"].some(present)) {
      forbidden.push({ what: "exo_ticket_update of a scope, budget, parent or checks", code: "EXO_STATE_PROTECTED", why: "an agent may not change a ticket's scope or budget; ask a person to run it" });
    }
    return { targets: [], unknown: [], maybe: [], ...(forbidden.length > 0 ? { forbidden } : {}) };
  }
  if (READ_VERBS.test(verb)) return { targets: [], unknown: [], maybe: [] };
  const paths: string[] = [];
  collect(args, "", paths, 0);
  const label = `MCP tool ${server ? `${server}/` : ""}${name}`;
  if (paths.length === 0) return { targets: [], unknown: [`${label} may change files exo cannot see`], maybe: [] };
  return { targets: [], unknown: [], maybe: paths.map((p) => ({ path: place(p), action: "write" as const, label })) };
}
