// Glob normalisation, validation and matching (SPEC §7.1), on picomatch with {dot: true}.
import picomatch from "picomatch";

const META = /[*?[\]{}()!+@]/;

export type GlobKind = "relative" | "absolute";

export interface GlobProblem {
  code: "glob_invalid";
  message: string;
}

/** True when the pattern has no glob metacharacter. */
export function isLiteralPattern(pattern: string): boolean {
  return !META.test(pattern);
}

/** Trim, strip a leading `./`, turn a trailing `/` into `/**`. */
export function normalizeGlob(pattern: string): string {
  let p = pattern.trim();
  while (p.startsWith("./")) p = p.slice(2);
  if (p.endsWith("/") && p.length > 1) p = `${p}**`;
  return p;
}

/**
 * Validate one glob. `allowAbsolute` admits `/…` and `~/…` (constitution rules) and
 * `allowTmpdir` admits `$TMPDIR/…` (hooks.external_write_allow).
 */
export function validateGlob(
  raw: string,
  opts: { allowAbsolute?: boolean; allowTmpdir?: boolean } = {},
): GlobProblem | null {
  const p = normalizeGlob(raw);
  if (p.length === 0) return { code: "glob_invalid", message: "empty glob" };
  if (p.includes("\0")) return { code: "glob_invalid", message: `glob ${JSON.stringify(raw)} contains NUL` };
  if (p.includes("\\")) return { code: "glob_invalid", message: `glob ${JSON.stringify(raw)} contains a backslash; use /` };
  if (p.startsWith("!")) return { code: "glob_invalid", message: `glob ${JSON.stringify(raw)} starts with !; use a deny list instead` };
  const isAbs = p.startsWith("/") || p === "~" || p.startsWith("~/");
  const isTmp = p.startsWith("$TMPDIR/");
  if (isAbs && !opts.allowAbsolute) return { code: "glob_invalid", message: `glob ${JSON.stringify(raw)} must be repository-relative` };
  if (isTmp && !opts.allowTmpdir) return { code: "glob_invalid", message: `glob ${JSON.stringify(raw)} may not use $TMPDIR here` };
  if (p.split("/").includes("..")) return { code: "glob_invalid", message: `glob ${JSON.stringify(raw)} has a .. segment` };
  try {
    picomatch.makeRe(p, { dot: true });
  } catch {
    return { code: "glob_invalid", message: `glob ${JSON.stringify(raw)} does not compile` };
  }
  return null;
}

export function globKind(pattern: string): GlobKind {
  const p = normalizeGlob(pattern);
  return p.startsWith("/") || p === "~" || p.startsWith("~/") || p.startsWith("$TMPDIR/")
    ? "absolute"
    : "relative";
}

export type Matcher = (path: string) => boolean;

const cache = new Map<string, Matcher>();

/**
 * Compile a pattern to a matcher of repo-relative paths (relative patterns) or absolute paths
 * (absolute patterns, after `~` and `$TMPDIR` expansion). A literal pattern also matches below.
 */
export function compileGlob(
  pattern: string,
  opts: { nocase?: boolean; home?: string; tmpdir?: string } = {},
): Matcher {
  let p = normalizeGlob(pattern);
  if (opts.home !== undefined && (p === "~" || p.startsWith("~/"))) p = opts.home + p.slice(1);
  if (opts.tmpdir !== undefined && p.startsWith("$TMPDIR/")) p = opts.tmpdir + p.slice(7);
  const key = `${opts.nocase ? "i" : "s"}\0${p}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const options = { dot: true, nocase: opts.nocase ?? false };
  let matcher: Matcher;
  if (isLiteralPattern(p)) {
    const exact = picomatch(p, options);
    const below = picomatch(`${p.replace(/\/+$/, "")}/**`, options);
    matcher = (path) => exact(path) || below(path);
  } else {
    matcher = picomatch(p, options);
  }
  cache.set(key, matcher);
  return matcher;
}

/** True when any of the patterns matches the path. */
export function matchesAny(
  patterns: readonly string[],
  path: string,
  opts: { nocase?: boolean; home?: string; tmpdir?: string } = {},
): string | null {
  for (const pattern of patterns) {
    if (compileGlob(pattern, opts)(path)) return pattern;
  }
  return null;
}
