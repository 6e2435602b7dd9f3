// MCP registration (pure): the `exo` server entry each harness reads from its project file, and
// merges that add or update exo's entry while keeping every other server byte for byte.
//
// The entry runs the committed launcher `node .exo/bin/exo-mcp.mjs` (launcher.ts): the file is
// committed, so it must work for every teammate, with or without a global install, offline too,
// and fall back to the exo version that compiled the governance. Entries exo wrote before (`npx -y
// -p exoprotocol@<version> exo-mcp`) are still recognised as exo's and updated. An `exo` entry in
// any other form is the user's own and is never rewritten.
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
}

/** Codex starts a project's servers in its own working folder, which may be below the top. */
const CODEX_SCRIPT = `exec node "$(git rev-parse --show-toplevel 2>/dev/null || pwd)/${MCP_LAUNCHER_REL}" "$@"`;

/**
 * The entry for one harness. Claude Code starts a project's servers in the project folder (and
 * reads the project's settings only there); Codex in the folder it runs in, which may be below the
 * top, so its entry finds the top through git, as its hooks do; Cursor elsewhere, so its entry
 * names the launcher and the repository through ${workspaceFolder}.
 */
export function serverEntry(harness: McpHarness): ServerEntry {
  if (harness === "cursor") return { command: "node", args: [`\${workspaceFolder}/${MCP_LAUNCHER_REL}`, "--repo", "${workspaceFolder}"] };
  if (harness === "codex") return { command: "sh", args: ["-c", CODEX_SCRIPT, "exo-mcp"] };
  return { command: "node", args: [MCP_LAUNCHER_REL] };
}

/** The shell form of the entry, for docs and next steps. */
export function serverCommandLine(): string {
  return `node ${MCP_LAUNCHER_REL}`;
}

const OURS = /^exoprotocol@[0-9A-Za-z.+-]+$/;

/** True when an existing entry is one exo wrote (this form or the npx form of earlier versions). */
export function isExoEntry(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const entry = value as Record<string, unknown>;
  const args = entry["args"];
  if (!Array.isArray(args) || !args.every((a) => typeof a === "string")) return false;
  const keys = Object.keys(entry).filter((k) => k !== "command" && k !== "args");
  if (keys.length > 0) return false;
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
  return `[mcp_servers.${SERVER_NAME}]\ncommand = ${tomlString(entry.command)}\nargs = [${entry.args.map(tomlString).join(", ")}]\n`;
}

const HEADER = /^\s*\[\s*mcp_servers\s*\.\s*(?:exo|"exo")\s*\]\s*(?:#.*)?$/;
const SUB_HEADER = /^\s*\[\s*mcp_servers\s*\.\s*(?:exo|"exo")\s*\./;
const ANY_HEADER = /^\s*\[/;

/** The table body of a TOML `[mcp_servers.exo]` entry as {command, args}, or null when it has another shape. */
function parseOurTable(lines: string[]): ServerEntry | null {
  let command: string | null = null;
  let args: string[] | null = null;
  for (const line of lines) {
    const t = line.trim();
    if (t === "" || t.startsWith("#")) continue;
    const m = /^(command|args)\s*=\s*(.+)$/.exec(t);
    if (!m) return null;
    try {
      const value = JSON.parse(m[2] as string) as unknown;
      if (m[1] === "command" && typeof value === "string") command = value;
      else if (m[1] === "args" && Array.isArray(value) && value.every((v) => typeof v === "string")) args = value;
      else return null;
    } catch {
      return null;
    }
  }
  return command !== null && args !== null ? { command, args } : null;
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
