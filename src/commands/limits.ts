// Input size limits for every command (issue #18): one flag value or MCP argument string is at
// most 64 KiB and one list at most 1,000 items; larger input is INVALID_INPUT, never processed.
import { ExoError, ErrorCode } from "../errors.js";

export const INPUT_LIMITS = { stringChars: 64 * 1024, listItems: 1000 } as const;

/** INVALID_INPUT naming the first oversized value, or null. */
export function inputTooLarge(raw: Record<string, unknown>): ExoError | null {
  for (const [key, value] of Object.entries(raw)) {
    const values = Array.isArray(value) ? value : [value];
    const flag = `--${key.replaceAll("_", "-")}`;
    if (Array.isArray(value) && value.length > INPUT_LIMITS.listItems) {
      return new ExoError(ErrorCode.INVALID_INPUT, `${flag} has ${value.length} values; at most ${INPUT_LIMITS.listItems} are accepted.`, { details: { issues: [{ path: key, code: "too_large", message: `more than ${INPUT_LIMITS.listItems} values`, severity: "error" }] } });
    }
    for (const v of values) {
      if (typeof v === "string" && v.length > INPUT_LIMITS.stringChars) {
        return new ExoError(ErrorCode.INVALID_INPUT, `${flag} is ${v.length} characters long; at most ${INPUT_LIMITS.stringChars} are accepted (put long text in a file and link it).`, { details: { issues: [{ path: key, code: "too_large", message: `longer than ${INPUT_LIMITS.stringChars} characters`, severity: "error" }] } });
      }
    }
  }
  return null;
}
