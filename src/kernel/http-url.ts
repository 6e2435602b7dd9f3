// An OTLP/HTTP collector address (SPEC §8.9): http:// or https:// and nothing else. A bare
// host:port (`localhost:4318`, the form collectors print) is named with the scheme it lacks.

export interface UrlProblem {
  code: "url_scheme_missing" | "url_invalid";
  message: string;
  /** The value with http:// in front, when that makes it a URL. */
  meant?: string;
}

function parses(value: string): boolean {
  try {
    const url = new URL(value);
    return url.hostname !== "";
  } catch {
    return false;
  }
}

/** Null for an http(s) URL; else what is wrong, in words that end a sentence about the value. */
export function httpUrlProblem(value: string): UrlProblem | null {
  if (/^https?:\/\//i.test(value) && parses(value)) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && parses(`http://${value}`)) {
    const meant = `http://${value}`;
    return { code: "url_scheme_missing", message: `must start with http:// or https://, got ${JSON.stringify(value)}: write ${meant}`, meant };
  }
  return { code: "url_invalid", message: `must be an http:// or https:// URL, got ${JSON.stringify(value)}` };
}
