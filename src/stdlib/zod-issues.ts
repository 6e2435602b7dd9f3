// zod issues → exo Issues in plain language ("locks.ttl_hours must be a number above 0, got 0"),
// with the issue code a schema set in `params.code` when present. One formatter for CLI flags,
// MCP arguments and files (config, tickets, manifests); files add file:line via yaml-doc.
import type { z } from "zod";
import type { Issue } from "../errors.js";
import { meantChoice, meantWord } from "../kernel/edit-distance.js";
import { plural } from "../kernel/plural.js";

export interface IssueOptions {
  /** The parsed input, to quote the offending value. */
  input?: unknown;
  /** How a path is shown (the CLI shows `--ttl-hours`); default the dotted path. */
  label?: ((path: (string | number)[]) => string) | undefined;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !(key in (current))) return { found: false, value: undefined };
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: current };
}

/**
 * A string quoted as JSON and shortened to about `max` characters as shown: escapes count (forty
 * NUL bytes are 240 characters as \u0000, which once filled a whole message).
 */
export function quoteText(value: string, max = 40): string {
  const whole = JSON.stringify(value);
  if (value.length <= max && whole.length <= max + 2) return whole;
  let out = "";
  for (const ch of value) {
    const shown = JSON.stringify(ch).slice(1, -1);
    if (out.length + shown.length > max - 1) break;
    out += shown;
  }
  return `"${out}…"`;
}

/** A value as it appears in a message: strings quoted and shortened, lists and objects named. */
export function quoteValue(value: unknown): string {
  if (typeof value === "string") return quoteText(value);
  // YAML reads 1e400 as Infinity, a word the person never wrote.
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? "not a number" : "a number too large to hold";
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list of ${value.length}`;
  // Tags and YAML 1.1 make other objects than mappings (before, each was "a mapping").
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an invalid date" : `the date ${value.toISOString()} (quote it to keep it text)`;
  if (value instanceof Uint8Array) return "binary data (a !!binary tag)";
  if (value instanceof Map || value instanceof Set) return `a YAML ${value instanceof Map ? "!!omap or !!pairs" : "!!set"}`;
  if (typeof value === "object") return "a mapping";
  return String(value);
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
const TYPE_WORDS: Record<string, string> = { array: "list", object: "mapping", int: "whole number" };

function bound(origin: string, n: number | bigint, inclusive: boolean, side: "min" | "max"): string {
  const num = Number(n);
  if (origin === "string") {
    if (side === "min") return num <= 1 ? "must not be empty" : `must be at least ${num} characters`;
    return `must be at most ${num} characters`;
  }
  if (origin === "array" || origin === "set") return side === "min" ? `needs at least ${plural(num, "item")}` : `may have at most ${plural(num, "item")}`;
  if (side === "min") return inclusive ? `must be a number of at least ${num}` : `must be a number above ${num}`;
  return inclusive ? `must be a number of at most ${num}` : `must be a number below ${num}`;
}

/**
 * `--harness gemini`: a harness exo has no hooks for, whose agents read instruction files; the way
 * to set it up, for a team lead who looked for it among the harnesses (before: only the list of
 * harnesses, and install's --help, which does not name it). Copilot CLI has hooks (`--harness copilot`).
 */
function instructionsOnly(path: readonly PropertyKey[], typed: string): string | null {
  const t = typed.toLowerCase();
  if (path[0] !== "harness" || t !== "gemini") return null;
  return `; Gemini CLI has no hooks exo installs: its instructions come from exo adapter-generate --target ${t}, and the git hooks gate its commits`;
}

/**
 * `--status todo,review` (`--harness claude,cursor`): several choices of a repeatable flag joined
 * with commas, as other tools take them; each is given on its own (the CLI's hint is the line
 * typed with the flag repeated, cli/main.ts), or null.
 */
export function commaChoices(value: string, choices: readonly string[]): string[] | null {
  if (!value.includes(",")) return null;
  const parts = value.split(",").map((p) => p.trim()).filter((p) => p !== "");
  return parts.length > 1 && parts.every((p) => choices.includes(p)) ? parts : null;
}

function joinedChoices(path: readonly PropertyKey[], typed: string, choices: readonly string[], flags: boolean): string | null {
  const parts = typeof path[path.length - 1] === "number" ? commaChoices(typed, choices) : null;
  if (parts === null) return null;
  // Flags are repeated; an MCP argument or a file takes a list (before: the CLI's wording there too).
  return flags ? "; several values are given one at a time, not joined with commas" : `; several values go in a list (${JSON.stringify(parts)}), not one string joined with commas`;
}

/** What a value outside its choices is said to be instead of a mistyped choice ("; …"), or null. */
function choiceAside(path: readonly PropertyKey[], typed: string, choices: readonly string[], flags: boolean): string | null {
  return instructionsOnly(path, typed) ?? joinedChoices(path, typed, choices, flags);
}

/** The sentence for one zod issue, without the label. */
function sentence(issue: z.core.$ZodIssue, known: boolean, found: boolean, value: unknown, flags: boolean): string {
  const got = known && found && value !== undefined ? `, got ${quoteValue(value)}` : "";
  switch (issue.code) {
    case "invalid_type": {
      if (known && (!found || value === undefined)) return "is required";
      // A schema's own word on the type (a priority's range) beside zod's "Invalid input: …".
      if (!issue.message.startsWith("Invalid input")) return `${custom(issue.message)}${got}`;
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      return `must be ${article(expected)}${got}`;
    }
    case "too_small":
      return `${bound(issue.origin, issue.minimum, issue.inclusive ?? true, "min")}${issue.origin === "string" || issue.origin === "array" ? "" : got}`;
    case "too_big":
      return `${bound(issue.origin, issue.maximum, issue.inclusive ?? true, "max")}${issue.origin === "string" ? "" : got}`;
    case "invalid_value":
      return issue.values.length === 1 ? `must be ${quoteValue(issue.values[0])}${got}` : `must be one of ${issue.values.map(String).join(", ")}${got}${got && typeof value === "string" ? (choiceAside(issue.path, value, issue.values.map(String), flags) ?? meantChoice(value, issue.values.map(String))) : ""}`;
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}${got}`;
    case "unrecognized_keys":
      return `has unknown key${issue.keys.length === 1 ? "" : "s"} ${issue.keys.join(", ")}`;
    case "invalid_format": {
      if (!/^Invalid/.test(issue.message)) return `${custom(issue.message)}${got}`;
      const what: Record<string, string> = { url: "a URL", email: "an email address", regex: "in the expected format", datetime: "an ISO timestamp" };
      return `must be ${what[issue.format] ?? `a valid ${issue.format}`}${got}`;
    }
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
      // A required argument of a union type left out (session-handoff's `to`): before, "To is not valid".
      if (known && (!found || value === undefined)) return "is required";
      return `is not valid${got}`;
    default:
      // A message that quotes the value already says it once.
      return `${custom(issue.message)}${typeof value === "string" && value !== "" && quotes(issue.message, value) ? "" : got}`;
  }
}

/** Whether a schema's message quotes the value already (as typed, or escaped and shortened). */
function quotes(message: string, value: string): boolean {
  return message.includes(value) || message.includes(JSON.stringify(value).slice(1, 31));
}

/** A schema's own message as the rest of a sentence ("not a valid ticket id" → "is not a valid ticket id"). */
function custom(message: string): string {
  if (/^(not|no) /.test(message)) return `is ${message}`;
  if (/^(must|is|has|needs|may|should|cannot) /.test(message)) return message;
  return `is invalid: ${message}`;
}

/**
 * A value outside its choices as data beside the sentence: the choices, the value, and the choice
 * meant when the sentence names one. The CLI's corrected line and the MCP's corrected call read
 * these, never the message.
 */
function choiceData(issue: z.core.$ZodIssue, found: boolean, value: unknown): Pick<Issue, "choices" | "value" | "meant"> {
  if (issue.code !== "invalid_value" || issue.values.length < 2) return {};
  const choices = issue.values.map(String);
  if (!found || typeof value !== "string") return { choices };
  const meant = choiceAside(issue.path, value, choices, true) !== null ? null : meantWord(value, choices);
  return { choices, value, ...(meant === null ? {} : { meant: [meant] }) };
}

export function zodIssues(error: z.ZodError, opts: IssueOptions = {}): Issue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const params = (issue as { params?: { code?: string } }).params;
    const code =
      params?.code ??
      (issue.code === "unrecognized_keys" ? "unknown_key" : issue.code === "invalid_type" ? "type_invalid" : issue.code);
    const keys = issue.path.filter((k): k is string | number => typeof k !== "symbol");
    const known = opts.input !== undefined;
    const { found, value } = known ? valueAt(opts.input, issue.path) : { found: false, value: undefined };
    const label = opts.label ? opts.label(keys) : path || "input";
    const message = `${label} ${sentence(issue, known, found, value, opts.label !== undefined)}`;
    return { path, code, message, severity: "error" as const, ...choiceData(issue, found, value) };
  });
}
