// The refusal for a harness settings file exo cannot read: where it breaks, and a line that opens
// it there and runs the command again once it is fixed.
import { ExoError, ErrorCode } from "../errors.js";
import { jsonWhere } from "../kernel/json-where.js";
import { shellWord } from "../kernel/quote.js";

/** SETTINGS_INVALID for `rel` (text as read); `then` is the exo command to run after the fix. */
export function settingsInvalid(rel: string, text: string, then: string, nothing = "exo changes nothing until then"): ExoError {
  const { where, line } = jsonWhere(rel, text);
  const what = line === null ? `${rel} is not a JSON object` : `${where}`;
  const open = `"\${EDITOR:-vi}" ${line === null ? "" : `+${line} `}${shellWord(rel)}`;
  return new ExoError(ErrorCode.SETTINGS_INVALID, `${what}; fix the file (${nothing}).`, { hint: `${open} && ${then}`, details: { file: rel, ...(line === null ? {} : { line }) } });
}

/** How a JSON value is named in a message: a list, null, an object, a string, … */
export function jsonKind(value: unknown): string {
  return Array.isArray(value) ? "a list" : value === null ? "null" : typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * SETTINGS_INVALID for a settings file that parses but holds `key` in a shape the harness does not
 * read (`"PreToolUse": {…}` for a list, `"mcpServers": […]` for an object): exo would drop what it
 * holds when merging, so it writes nothing. Names the key's line and `path`, and what belongs there.
 */
export function settingsMisshapen(rel: string, text: string, shape: { key: string; path: string; value: unknown; want: string; keeps: string }, then: string): ExoError {
  const line = text.split("\n").findIndex((l) => l.includes(`"${shape.key}"`)) + 1;
  const open = `"\${EDITOR:-vi}" ${line > 0 ? `+${line} ` : ""}${shellWord(rel)}`;
  return new ExoError(ErrorCode.SETTINGS_INVALID, `${rel}${line > 0 ? `:${line}` : ""}: ${shape.path} is ${jsonKind(shape.value)}, not ${shape.want}; fix the file (exo changes nothing until then, so ${shape.keeps} there are kept).`, {
    hint: `${open} && ${then}`,
    details: { file: rel, ...(line > 0 ? { line } : {}), path: shape.path },
  });
}
