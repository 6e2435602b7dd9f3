// MCP registration (pure): the `exo` server entry each harness reads from its project file, and
// merges that add or update exo's entry while keeping every other server byte for byte.
//
// The entry runs the committed launcher `node .exo/bin/exo-mcp.mjs` (launcher.ts): the file is
// committed, so it must work for every teammate, with or without a global install, offline too,
// and fall back to the exo version that compiled the governance. Entries exo wrote before (`npx -y
// -p exoprotocol@<version> exo-mcp`) are still recognised as exo's and updated. An `exo` entry in
// any other form is the user's own and is never rewritten.
import { ACTOR } from "../adapters/model.js";
import { MCP_LAUNCHER_REL } from "./launcher.js";

export type McpHarness = "claude" | "cursor" | "codex";

export const MCP_FILES: Record<McpHarness, string> = {
  claude: ".mcp.json",
  cursor: ".cursor/mcp.json",
  codex: ".codex/config.toml",
};

export const SERVER_NAME = "exo";

export interface ServerEntry {
  command: string;
  args: string[];
  /** Variables set for the server: who it acts as by default (EXO_MCP_DEFAULT_ACTOR). */
  env?: Record<string, string>;
  /** Codex: variables of its own environment passed to the server (it passes few by default). */
  env_vars?: string[];
}

/** Who each harness's server acts as when a call names no actor and EXO_ACTOR is unset: the actor the adapters tell that agent to use. */
export const DEFAULT_ACTOR: Record<McpHarness, string> = { claude: ACTOR.claude, cursor: ACTOR.cursor, codex: ACTOR.agents };

/** Codex starts servers with a small fixed environment: exo's identity variables are passed on. */
const CODEX_ENV_VARS = ["EXO_ACTOR", "EXO_SESSION_ID"];

/** Codex starts a project's servers in its own working folder, which may be below the top. */
const CODEX_SCRIPT = `exec node "$(git rev-parse --show-toplevel 2>/dev/null || pwd)/${MCP_LAUNCHER_REL}" "$@"`;

/**
 * The entry for one harness. Claude Code starts a project's servers in the project folder (and
 * reads the project's settings only there); Codex in the folder it runs in, which may be below the
 * top, so its entry finds the top through git, as its hooks do; Cursor elsewhere, so its entry
 * names the launcher and the repository through ${workspaceFolder}.
 */
export function serverEntry(harness: McpHarness): ServerEntry {
  // An environment variable rather than an option: an exo-mcp older than the registration ignores it.
  const env = { [DEFAULT_ACTOR_VAR]: DEFAULT_ACTOR[harness] };
  if (harness === "cursor") return { command: "node", args: [`\${workspaceFolder}/${MCP_LAUNCHER_REL}`, "--repo", "${workspaceFolder}"], env };
  if (harness === "codex") return { command: "sh", args: ["-c", CODEX_SCRIPT, "exo-mcp"], env, env_vars: CODEX_ENV_VARS };
  return { command: "node", args: [MCP_LAUNCHER_REL], env };
}

export const DEFAULT_ACTOR_VAR = "EXO_MCP_DEFAULT_ACTOR";

/** The shell form of the entry, for docs and next steps. */
export function serverCommandLine(): string {
  return `node ${MCP_LAUNCHER_REL}`;
}

const OURS = /^exoprotocol@[0-9A-Za-z.+-]+$/;

/**
 * True when an existing entry is one exo wrote: this form, the forms of earlier versions (without
 * an environment; the npx form), with any harness's default actor.
 */
export function isExoEntry(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const entry = value as Record<string, unknown>;
  const args = entry["args"];
  if (!Array.isArray(args) || !args.every((a) => typeof a === "string")) return false;
  const keys = Object.keys(entry).filter((k) => k !== "command" && k !== "args" && k !== "env" && !(k === "env_vars" && entry["command"] === "sh"));
  if (keys.length > 0) return false;
  // Its environment: nothing, or the default actor of one of the harnesses (and Codex's passed variables).
  const env = entry["env"];
  if (env !== undefined && !(typeof env === "object" && env !== null && Object.keys(env).length === 1 && Object.values(DEFAULT_ACTOR).includes((env as Record<string, unknown>)[DEFAULT_ACTOR_VAR] as string))) return false;
  const envVars = entry["env_vars"];
  if (envVars !== undefined && JSON.stringify(envVars) !== JSON.stringify(CODEX_ENV_VARS)) return false;
  const cursorRepo = (rest: unknown[]) => rest.length === 0 || (rest.length === 2 && rest[0] === "--repo" && rest[1] === "${workspaceFolder}");
  if (entry["command"] === "sh") return args.length === 3 && args[0] === "-c" && args[1] === CODEX_SCRIPT && args[2] === "exo-mcp";
  if (entry["command"] === "node") {
    const [launcher, ...rest] = args;
    return (launcher === MCP_LAUNCHER_REL && rest.length === 0) || (launcher === `\${workspaceFolder}/${MCP_LAUNCHER_REL}` && cursorRepo(rest));
  }
  if (entry["command"] !== "npx") return false;
  const [y, p, spec, bin, ...rest] = args;
  return y === "-y" && p === "-p" && spec !== undefined && OURS.test(spec) && bin === "exo-mcp" && cursorRepo(rest);
}

export type MergeStatus = "added" | "updated" | "unchanged" | "kept";

export interface MergeResult {
  text: string;
  status: MergeStatus;
}

/**
 * Merge exo's entry into a JSON `mcpServers` file (Claude Code .mcp.json, Cursor .cursor/mcp.json).
 * `settings` is the parsed file (`{}` when missing). Other keys and servers keep their order.
 */
export function mergeJsonServers(settings: Record<string, unknown>, entry: ServerEntry): { value: Record<string, unknown>; status: MergeStatus } {
  const raw = settings["mcpServers"];
  const servers = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : {};
  const current = servers[SERVER_NAME];
  if (current !== undefined && !isExoEntry(current)) return { value: settings, status: "kept" };
  if (current !== undefined && JSON.stringify(current) === JSON.stringify(entry)) return { value: settings, status: "unchanged" };
  servers[SERVER_NAME] = entry;
  return { value: { ...settings, mcpServers: servers }, status: current === undefined ? "added" : "updated" };
}

const tomlString = (s: string) => JSON.stringify(s); // a JSON string is a valid TOML basic string

export function tomlTable(entry: ServerEntry): string {
  const env = entry.env ? `env = { ${Object.entries(entry.env).map(([k, v]) => `${k} = ${tomlString(v)}`).join(", ")} }\n` : "";
  const envVars = entry.env_vars ? `env_vars = [${entry.env_vars.map(tomlString).join(", ")}]\n` : "";
  return `[mcp_servers.${SERVER_NAME}]\ncommand = ${tomlString(entry.command)}\nargs = [${entry.args.map(tomlString).join(", ")}]\n${env}${envVars}`;
}

const HEADER = /^\s*\[\s*mcp_servers\s*\.\s*(?:exo|"exo")\s*\]\s*(?:#.*)?$/;
const SUB_HEADER = /^\s*\[\s*mcp_servers\s*\.\s*(?:exo|"exo")\s*\./;
const ANY_HEADER = /^\s*\[/;

/** The table body of a TOML `[mcp_servers.exo]` entry as {command, args, env_vars}, or null when it has another shape. */
function parseOurTable(lines: string[]): ServerEntry | null {
  let command: string | null = null;
  let args: string[] | null = null;
  let envVars: string[] | null = null;
  let env: Record<string, string> | null = null;
  for (const line of lines) {
    const t = line.trim();
    if (t === "" || t.startsWith("#")) continue;
    // The one inline table exo writes: env = { EXO_MCP_DEFAULT_ACTOR = "agent:codex" }.
    const table = /^env\s*=\s*\{\s*([A-Z_]+)\s*=\s*("(?:[^"\\]|\\.)*")\s*\}$/.exec(t);
    if (table) {
      try {
        env = { [table[1] as string]: JSON.parse(table[2] as string) as string };
        continue;
      } catch {
        return null;
      }
    }
    const m = /^(command|args|env_vars)\s*=\s*(.+)$/.exec(t);
    if (!m) return null;
    try {
      const value = JSON.parse(m[2] as string) as unknown;
      if (m[1] === "command" && typeof value === "string") command = value;
      else if (m[1] !== "command" && Array.isArray(value) && value.every((v) => typeof v === "string")) {
        if (m[1] === "args") args = value;
        else envVars = value;
      } else return null;
    } catch {
      return null;
    }
  }
  return command !== null && args !== null ? { command, args, ...(env ? { env } : {}), ...(envVars ? { env_vars: envVars } : {}) } : null;
}

/**
 * Merge exo's `[mcp_servers.exo]` table into a Codex config.toml (text; "" when missing). Only
 * that table is rewritten; an exo server declared any other way is the user's and is kept.
 */
export function mergeTomlServers(text: string, entry: ServerEntry): MergeResult {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => HEADER.test(l));
  if (start < 0) {
    // Declared another way (dotted keys, inline table, a sub-table): not ours to touch.
    if (lines.some((l) => SUB_HEADER.test(l)) || /^\s*mcp_servers\s*\.\s*exo\s*[.=]/m.test(text) || /^\s*exo\s*=\s*\{/m.test(text)) return { text, status: "kept" };
    const base = text === "" ? "" : text.endsWith("\n") ? `${text}\n` : `${text}\n\n`;
    return { text: `${base}${tomlTable(entry)}`, status: "added" };
  }
  let end = start + 1;
  while (end < lines.length && !ANY_HEADER.test(lines[end] as string)) end++;
  if (end < lines.length && SUB_HEADER.test(lines[end] as string)) return { text, status: "kept" };
  const body = lines.slice(start + 1, end);
  const current = parseOurTable(body);
  if (!current || !isExoEntry(current)) return { text, status: "kept" };
  // Keep the blank lines that separated the table from what follows.
  let tail = end;
  while (tail > start + 1 && (lines[tail - 1] as string).trim() === "") tail--;
  const before = lines.slice(0, start).join("\n");
  const after = lines.slice(tail).join("\n");
  if (JSON.stringify(current) === JSON.stringify(entry)) return { text, status: "unchanged" };
  const table = tomlTable(entry).replace(/\n$/, "");
  return { text: `${before}${start > 0 ? "\n" : ""}${table}${after === "" ? "\n" : `\n${after}`}`, status: "updated" };
}
