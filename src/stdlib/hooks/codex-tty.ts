// Codex's terminal for commands (`[features] unified_exec_tty`), switched off in the project's
// .codex/config.toml by exo's Codex hooks. Codex's exec_command can start a program on a
// pseudo-terminal and its write_stdin tool then types into it; no hook sees write_stdin (checked
// with the real Codex 0.171: not even a PreToolUse matcher of ".*"). So whatever a program started
// there reads from its terminal runs unjudged: `vim src/a.ts` then `:!touch docs/x` or `:w docs/x`,
// `less src/a.ts` then `!cmd` (test/e2e/harness/codex-tty.test.ts). Without a terminal Codex gives
// the command no input at all (write_stdin finds no process), so nothing typed can reach it; the
// hooks still judge every command line. The line carries exo's mark so uninstall takes out only it.

import { parseCodexConfig } from "./codex-config.js";

export const TTY_MARK = "# exo: write_stdin types into a terminal no hook sees";
export const TTY_LINE = `unified_exec_tty = false ${TTY_MARK}`;

const featuresOf = (doc: Record<string, unknown> | null): Record<string, unknown> | null => {
  const f = doc?.["features"];
  return typeof f === "object" && f !== null && !Array.isArray(f) ? (f as Record<string, unknown>) : null;
};

/** A table header line's dotted name (`[features]` → features), null for other lines and arrays of tables. */
function headerName(line: string): string | null {
  const t = line.trim();
  if (!t.startsWith("[") || t.startsWith("[[")) return null;
  const end = t.indexOf("]");
  if (end < 0) return null;
  return t.slice(1, end).split(".").map((p) => p.trim().replace(/^["']|["']$/g, "")).join(".");
}

/**
 * The project config.toml's text with `[features] unified_exec_tty = false` (exo's line) added,
 * unless the flag is set already (exo's line, or a person's choice either way), the file is not
 * valid TOML (Codex refuses it; not exo's to fix) or no placement parses back to the flag off.
 */
export async function withTtyOff(text: string): Promise<string> {
  const doc = await parseCodexConfig(text);
  if (doc === null) return text;
  const features = featuresOf(doc);
  if (features && "unified_exec_tty" in features) return text;
  const lines = text.split("\n");
  const candidates: string[] = [];
  const header = lines.findIndex((l) => headerName(l) === "features");
  if (header >= 0) candidates.push([...lines.slice(0, header + 1), TTY_LINE, ...lines.slice(header + 1)].join("\n"));
  // A dotted key before the first table (features.hooks = true, or [features.x] sub-tables only).
  const first = lines.findIndex((l) => headerName(l) !== null);
  if (features && header < 0) candidates.push([...lines.slice(0, first < 0 ? lines.length : first), `features.${TTY_LINE}`, ...lines.slice(first < 0 ? lines.length : first)].join("\n"));
  if (!features) {
    const base = text === "" ? "" : text.endsWith("\n") ? `${text}\n` : `${text}\n\n`;
    candidates.push(`${base}[features]\n${TTY_LINE}\n`);
  }
  for (const c of candidates) if (featuresOf(await parseCodexConfig(c))?.["unified_exec_tty"] === false) return c;
  return text;
}

/** The text without exo's line (uninstall); an empty `[features]` table it leaves behind goes too. */
export function withoutTtyLine(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (const line of lines) if (!line.trimEnd().endsWith(TTY_MARK)) out.push(line);
  if (out.length === lines.length) return text;
  // A [features] header exo wrote with nothing under it before the next table or the end.
  const i = out.findIndex((l) => headerName(l) === "features");
  if (i >= 0) {
    let j = i + 1;
    while (j < out.length && out[j]?.trim() === "") j++;
    if (j === out.length || headerName(out[j] as string) !== null) {
      out.splice(i, j - i);
      while (out.length > 0 && out[out.length - 1] === "" && out[out.length - 2] === "") out.pop();
    }
  }
  return out.join("\n");
}

/** The project config's text after install (or uninstall), null when it should stay as it is. */
export async function ttyConfigText(current: string, uninstall: boolean): Promise<string | null> {
  const next = uninstall ? withoutTtyLine(current) : await withTtyOff(current);
  return next === current ? null : next;
}

/**
 * What the project config.toml says of Codex's command terminal: "off" (false, exo's line or a
 * person's), "on" (set to true), "unset" (no line: Codex's default, a terminal), or null when the
 * file does not parse (Codex refuses it; not exo's to judge). doctor warns on "on" and "unset".
 */
export async function ttySetting(text: string): Promise<"off" | "on" | "unset" | null> {
  const doc = await parseCodexConfig(text);
  if (doc === null) return null;
  const value = featuresOf(doc)?.["unified_exec_tty"];
  return value === false ? "off" : value === undefined ? "unset" : "on";
}

/**
 * doctor --fix: the text with the terminal off again, exo's line in place of the line that turned
 * it on (`unified_exec_tty = true` under `[features]`, or a dotted `features.unified_exec_tty` before
 * any table); every other line and comment kept. Null when no such edit parses back to off.
 */
export async function withTtyForcedOff(text: string): Promise<string | null> {
  let table = "";
  const kept: string[] = [];
  for (const line of text.split("\n")) {
    const name = headerName(line);
    if (name !== null) table = name;
    else if (line.trim().startsWith("[[")) table = "";
    const key = /^\s*([A-Za-z0-9_.\-"' ]+?)\s*=/.exec(line)?.[1]?.replace(/\s*\.\s*/g, ".").replace(/["']/g, "");
    if (key !== undefined && ((table === "features" && key === "unified_exec_tty") || (table === "" && key === "features.unified_exec_tty"))) continue;
    kept.push(line);
  }
  const next = await withTtyOff(kept.join("\n"));
  return (await ttySetting(next)) === "off" ? next : null;
}
