// The hint of an INVALID_INPUT answered over MCP: the tool call to make, in the caller's terms (the
// tool's name and its arguments as JSON), never the command line's `exo <command> --help`, which an
// MCP caller cannot run and whose --flags are not its argument names.
import { nearActor } from "../commands/context.js";
import { globMeant } from "../kernel/globs.js";
import { isActor } from "../kernel/ids.js";
import { shellLine } from "../kernel/quote.js";
import { sinceMeant } from "../kernel/since.js";

interface Issue {
  path?: string;
  code?: string;
  message?: string;
  /** Set by stdlib/zod-issues.ts (a value outside its choices) and the server (an unknown argument). */
  choices?: string[];
  meant?: string[];
  /** The call to make instead, set by the server where the argument belongs to another tool's. */
  call?: string;
}

/** A call written as the tool's name and its arguments: `exo_tickets {"status":["todo","active"]}`. */
export function call(tool: string, args: Record<string, unknown>): string {
  return `${tool} ${JSON.stringify(args)}`;
}

/** The given value of a repeatable argument's element (`status.1`) or of a plain one. */
function at(args: Record<string, unknown>, path: string): { key: string; index: number | null; value: unknown } {
  const m = /^(.+)\.(\d+)$/.exec(path);
  if (m && Array.isArray(args[m[1] as string])) return { key: m[1] as string, index: Number(m[2]), value: (args[m[1] as string] as unknown[])[Number(m[2])] };
  return { key: path, index: null, value: args[path] };
}

/** The arguments with the value at `path` replaced by `values` (several for one list element). */
function replaced(args: Record<string, unknown>, path: string, values: unknown[]): Record<string, unknown> {
  const { key, index } = at(args, path);
  if (index === null) return { ...args, [key]: values.length === 1 ? values[0] : values };
  const list = [...(args[key] as unknown[])];
  list.splice(index, 1, ...values);
  return { ...args, [key]: list };
}

/** The call that fixes the first issue, when the issue says what was meant; else null. */
function fixedCall(tool: string, args: Record<string, unknown>, issue: Issue, issues: readonly Issue[], now: number): string | null {
  const path = issue.path ?? "";
  // Required arguments left out: the call with each of them, its value to fill in.
  const missing = issues.filter((i) => i.path && !i.path.includes(".") && args[i.path] === undefined && / is required$/.test(i.message ?? "")).map((i) => i.path as string);
  if (missing.length > 0 && missing.includes(path)) return call(tool, { ...args, ...Object.fromEntries(missing.map((k) => [k, "…"])) });
  const given = at(args, path);
  switch (issue.code) {
    case "unknown_key": {
      if (issue.call) return issue.call;
      // "did you mean ticket_id?": one argument meant, the value moved to it.
      const meant = issue.meant?.length === 1 ? issue.meant[0] : undefined;
      if (meant === undefined || meant in args) return null;
      const { [path]: value, ...rest } = args;
      return call(tool, { ...rest, [meant]: value });
    }
    case "invalid_value": {
      const choices = issue.choices;
      if (!choices || typeof given.value !== "string") return null;
      // "todo,active": each value in the list.
      const parts = given.value.split(",").map((p) => p.trim());
      if (parts.length > 1 && parts.every((p) => choices.includes(p))) return call(tool, replaced(args, path, given.index === null ? [parts] : parts));
      const meant = issue.meant?.[0];
      return meant !== undefined && choices.includes(meant) ? call(tool, replaced(args, path, [meant])) : null;
    }
    case "type_is_kind": {
      // --type epic meant kind epic (an intent has a tool of its own: the default hint names type).
      if (given.value !== "epic") return null;
      const { type: _type, ...rest } = args;
      return call(tool, { ...rest, kind: "epic" });
    }
    case "url_scheme_missing":
      return typeof given.value === "string" ? call(tool, replaced(args, path, [`http://${given.value}`])) : null;
    case "actor_invalid": {
      if (typeof given.value !== "string") return null;
      const near = nearActor(given.value);
      return isActor(near) ? call(tool, replaced(args, path, [near])) : null;
    }
    case "timestamp_invalid": {
      // since "yesterday" (7d, 2w): the date it means, as the CLI's hint gives it.
      if ((path !== "since" && path !== "until") || typeof given.value !== "string") return null;
      const date = sinceMeant(given.value, now);
      return date === null ? null : call(tool, replaced(args, path, [date]));
    }
    case "glob_invalid": {
      // `src\\auth\\**` and `src//auth//**` are `src/auth/**`, as the CLI's hint says (before: each
      // backslash a /, and `src//auth//**` matches no path).
      const meant = typeof given.value === "string" ? globMeant(given.value) : null;
      return meant === null ? null : call(tool, replaced(args, path, [meant]));
    }
    default:
      return null;
  }
}

/**
 * The hint of an INVALID_INPUT over MCP: the corrected call when the error says what was meant,
 * else the tool and the argument to correct, with where its schema is.
 */
export function toolInputHint(tool: string, args: Record<string, unknown>, error: { details?: unknown }, now: number = Date.now()): string {
  const issues = (error.details as { issues?: Issue[] } | undefined)?.issues ?? [];
  const issue = issues[0];
  const fixed = issue ? fixedCall(tool, args, issue, issues, now) : null;
  if (fixed) return fixed;
  if (issue?.code === "unknown_key" && issue.path) {
    const meant = issue.meant?.join(" or ");
    return meant ? `${tool} with ${meant} in place of ${issue.path}` : `${tool} without ${issue.path} (its inputSchema is in tools/list)`;
  }
  const arg = issue?.path ? at(args, issue.path).key : null;
  return arg ? `${tool} with ${arg} corrected (its inputSchema is in tools/list)` : `${tool} with its arguments corrected (its inputSchema is in tools/list)`;
}

/** The words of a one-command hint exo wrote (quotes '…' and "…"), or null for anything more (&&, |, ;, $, a redirect). */
function hintWords(line: string): string[] | null {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === " ") {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) return null;
      const inner = line.slice(i + 1, end);
      if (c === '"' && /[$`\\]/.test(inner)) return null;
      word = (word ?? "") + inner;
      i = end;
    } else if ("&|;<>$`\\()".includes(c)) return null;
    else word = (word ?? "") + c;
  }
  if (word !== null) words.push(word);
  return words;
}

/** The field a hint's flag names: its key, kind and whether it is the --no- form. */
interface HintField {
  key: string;
  flag: string;
  kind: "boolean" | "array" | "number" | "string";
}

/**
 * A hint that is a line of the tool's own command (`exo decide --bash "…"`, `exo session-finish
 * --skip-check --break-glass-reason "…" --summary "…"`) as the tool call it means, or null when the
 * line is not one plain call of that command or names a flag the tool does not take.
 */
export function hintAsCall(hint: string, command: string, tool: string, fields: readonly HintField[], positional: readonly string[], offered: ReadonlySet<string>, given: Record<string, unknown> = {}): string | null {
  const words = hintWords(hint);
  if (!words || words[0] !== "exo" || words[1] !== command) return null;
  const args = argsOf(words, fields, positional, offered);
  if (!args) return null;
  // A value to fill in ("…") that the call gave already is the given one.
  for (const [k, v] of Object.entries(args)) if ((v === "…" || v === "<actor>") && given[k] !== undefined) args[k] = given[k];
  return call(tool, args);
}

/**
 * The arguments of a call that typed an id with a slip, or a --parent that names no ticket (details
 * `typed`, `meant`), with the one argument that held it corrected: the call made, as the CLI's hint
 * is the line typed with it (cli/main.ts idFixed). Null when no argument, or more than one, holds
 * the value typed. Before, the tool hint came from the CLI's hint alone: `exo_ticket_show` for a
 * session start's slip, and a ticket create's call without the id, priority and scope it had.
 */
export function typedArgs(args: Record<string, unknown>, details: unknown): Record<string, unknown> | null {
  const { typed, meant } = (details ?? {}) as { typed?: unknown; meant?: unknown };
  if (typeof typed !== "string" || typeof meant !== "string") return null;
  const held = Object.entries(args).flatMap(([key, value]) => (Array.isArray(value) ? (value as unknown[]).map((v, i) => ({ path: `${key}.${i}`, v })) : [{ path: key, v: value }])).filter((h) => h.v === typed);
  const [one] = held;
  if (held.length !== 1 || one === undefined) return null;
  return replaced(args, one.path, [meant]);
}

/**
 * A call's arguments as the command line that does the same (`exo brief --ticket-id TICKET-001`,
 * `exo ticket-show TICKET-001`): positional ones first, then each flag as given; the actor as
 * --actor. Null when an argument is not one of the command's own. The CLI's hint for an id typed
 * with a slip is that line, so a read-only tool's envelope stays the CLI's (before: the stdlib's
 * `exo ticket-show …` for every tool, exo_brief's among them).
 */
export function commandLine(command: string, fields: readonly HintField[], positional: readonly string[], args: Record<string, unknown>): string | null {
  const words = ["exo", command];
  for (const key of positional) if (typeof args[key] === "string") words.push(args[key]);
  for (const [key, value] of Object.entries(args)) {
    if (positional.includes(key) && typeof value === "string") continue;
    if (key === "actor" && typeof value === "string") {
      words.push("--actor", value);
      continue;
    }
    const field = fields.find((f) => f.key === key);
    if (!field) return null;
    if (field.kind === "boolean") words.push(value === false ? `--no-${field.flag}` : `--${field.flag}`);
    else for (const v of Array.isArray(value) ? (value as unknown[]) : [value]) words.push(`--${field.flag}`, String(v));
  }
  return shellLine(words);
}

/** What toolHint needs of the command a hint names, when the server offers it: its tool, fields and positional arguments. */
export interface HintCommand {
  name: string;
  tool: string;
  fields: readonly HintField[];
  positional: readonly string[];
  offered: ReadonlySet<string>;
}

/**
 * A CLI hint (`exo session-start --dispatch`, `EXO_ACTOR=agent:codex exo session-start --ticket-id
 * T1`, `exo session-resume --session-id S --actor agent:claude`) as the tool call an MCP caller
 * makes (`exo_session_start {"ticket_id":"T1","actor":"agent:codex"}`): the actor, set by an
 * environment variable or --actor on the command line, is the call's actor argument. Null when the
 * hint is not one plain exo command of a tool offered, or names a flag that tool does not take
 * (--help, a CLI-only flag), or is a shell line (&&, cd, git).
 */
export function toolHint(hint: string, commandNamed: (name: string) => HintCommand | undefined): string | null {
  const words = hintWords(hint);
  if (!words) return null;
  let actor: string | undefined;
  if (words[0]?.startsWith("EXO_ACTOR=")) actor = (words.shift() as string).slice("EXO_ACTOR=".length);
  if (words[0] !== "exo") return null;
  const rest: string[] = ["exo"];
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w === "--format" || w === "--actor") {
      const value = words[++i];
      if (value === undefined) return null;
      if (w === "--actor") actor = value;
    } else if (w.startsWith("--format=")) continue;
    else if (w.startsWith("--actor=")) actor = w.slice("--actor=".length);
    else rest.push(w);
  }
  const command = rest[1] === undefined ? undefined : commandNamed(rest[1]);
  if (!command) return null;
  const args = argsOf(rest, command.fields, command.positional, command.offered);
  if (!args) return null;
  return call(command.tool, actor === undefined ? args : { ...args, actor });
}

/** The arguments of the words `exo <command> …`, by the command's fields; null when a word is not one it takes. */
function argsOf(words: readonly string[], fields: readonly HintField[], positional: readonly string[], offered: ReadonlySet<string>): Record<string, unknown> | null {
  const args: Record<string, unknown> = {};
  let at = 0;
  for (let i = 2; i < words.length; i++) {
    const w = words[i] as string;
    if (!w.startsWith("--")) {
      const key = positional[at++];
      if (key === undefined || !offered.has(key)) return null;
      args[key] = w;
      continue;
    }
    const eq = w.indexOf("=");
    const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
    const negated = fields.find((f) => f.kind === "boolean" && `no-${f.flag}` === name);
    const field = negated ?? fields.find((f) => f.flag === name);
    if (!field || !offered.has(field.key)) return null;
    if (field.kind === "boolean") {
      if (eq >= 0) return null;
      args[field.key] = negated === undefined;
      continue;
    }
    const value = eq < 0 ? words[++i] : w.slice(eq + 1);
    if (value === undefined) return null;
    const typed = field.kind === "number" && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    if (field.kind === "array") args[field.key] = [...((args[field.key] as unknown[] | undefined) ?? []), typed];
    else args[field.key] = typed;
  }
  return args;
}

/** A message cut after each `,`, `;` and `(` outside quotes (a command line's quoted value is not cut). */
export function clausesOf(message: string): string[] {
  const out: string[] = [];
  let quote = "";
  let start = 0;
  for (let i = 0; i < message.length; i++) {
    const ch = message[i] as string;
    if (quote !== "") {
      if (ch === quote) quote = "";
    } else if (ch === "'" || ch === '"') {
      // An apostrophe inside a word (exo's, don't) opens no quote.
      if (ch === '"' || !/\w/.test(message[i - 1] ?? "")) quote = ch;
    } else if (ch === "," || ch === ";" || ch === "(") {
      out.push(message.slice(start, i + 1));
      start = i + 1;
    }
  }
  out.push(message.slice(start));
  return out;
}

/** A message's `--flag` of the tool's own command as its argument name (`--break-glass-reason` → break_glass_reason), and `exo <command>` as the tool. */
export function messageForTool(message: string, command: string, tool: string, fields: readonly HintField[]): string {
  // A clause that names another command's line keeps its flags: they are that command's. The
  // other clauses' flags are this tool's arguments (before, one other command named anywhere kept
  // every flag: exo_session_start was told "pass --ticket-id, claim one with exo next, or use
  // --dispatch").
  return clausesOf(message.replace(/; run exo [a-z-]+ --help\.?$/, ".")).map((clause) => {
    if ([...clause.matchAll(/\bexo ([a-z][a-z-]*)/g)].some((m) => m[1] !== command)) return clause;
    let out = clause.replaceAll(`exo ${command} `, `${tool} `);
    for (const f of [...fields].sort((a, b) => b.flag.length - a.flag.length)) {
      out = out.replace(new RegExp(`--${f.flag.replace(/[-]/g, "\\-")}(?![\\w-])`, "g"), f.key);
    }
    return out;
  }).join("");
}

/**
 * A tool's or argument's description in the MCP caller's terms: `--keep-lock` is keep_lock and
 * `--no-scan` is `scan: false` (before, the command line's flags, which a caller cannot pass:
 * "lock released unless --keep-lock"). A clause naming a command line (another exo command's, or
 * git's) keeps its flags, and so does a flag the tool does not offer.
 */
export function describeForTool(text: string, fields: readonly HintField[], offered: ReadonlySet<string>): string {
  if (!text.includes("--")) return text;
  return clausesOf(text).map((clause) => {
    if (/(?<![\w-])(exo|git) [a-z]/.test(clause)) return clause;
    let out = clause;
    for (const f of [...fields].sort((a, b) => b.flag.length - a.flag.length)) {
      if (!offered.has(f.key)) continue;
      const flag = f.flag.replace(/[-]/g, "\\-");
      out = out.replace(new RegExp(`--no-${flag}(?![\\w-])`, "g"), `${f.key}: false`).replace(new RegExp(`--${flag}(?![\\w-])`, "g"), f.key);
    }
    return out;
  }).join("");
}
