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
