// SPEC §4: every exo JSON file carries `format` = `exo.<kind>/<version>`; a file whose version is
// newer than this exo understands fails with FORMAT_UNSUPPORTED instead of being read as an old one.
import { ExoError, ErrorCode } from "../errors.js";

/** The newer version a parsed file declares for `kind`, or null (same or older version, or no format). */
export function newerFormat(value: unknown, kind: string, understood = 1): number | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const format = (value as Record<string, unknown>)["format"];
  if (typeof format !== "string") return null;
  const m = /^exo\.([a-z-]+)\/(\d+)$/.exec(format);
  if (!m || m[1] !== kind) return null;
  const version = Number(m[2]);
  return version > understood ? version : null;
}

/** Throw FORMAT_UNSUPPORTED when `value` (read from `file`, repository-relative) is of a newer format. */
export function assertKnownFormat(value: unknown, kind: string, file: string, understood = 1): void {
  const version = newerFormat(value, kind, understood);
  if (version === null) return;
  throw new ExoError(ErrorCode.FORMAT_UNSUPPORTED, `${file} has format exo.${kind}/${version}, newer than this exo understands (exo.${kind}/${understood}); upgrade exo.`, {
    details: { file, format: `exo.${kind}/${version}`, understood: `exo.${kind}/${understood}` },
  });
}
