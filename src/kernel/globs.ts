// Glob normalisation, validation and matching (SPEC §7.1), on picomatch with {dot: true}.
import { engineMatcher, engineRegex, GLOB_ENGINE, type EngineOptions } from "./glob-engine.js";

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
  // Shown as typed (JSON would double each backslash, as if two had been typed), with the / form.
  // A run of separators is one / (`src\\auth` typed inside single quotes): before, the / form
  // named was `src//auth`, which matches no path.
  if (p.includes("\\")) return { code: "glob_invalid", message: `glob "${raw}" contains a backslash; globs use / on every system: ${JSON.stringify(p.replace(/[\\/]+/g, "/"))}` };
  if (p.startsWith("!")) return { code: "glob_invalid", message: `glob ${JSON.stringify(raw)} starts with !; use a deny list instead` };
  const isAbs = p.startsWith("/") || p === "~" || p.startsWith("~/");
  const isTmp = p.startsWith("$TMPDIR/");
  if (isAbs && !opts.allowAbsolute) return { code: "glob_invalid", message: `glob ${JSON.stringify(raw)} must be repository-relative` };
  if (isTmp && !opts.allowTmpdir) return { code: "glob_invalid", message: `glob ${JSON.stringify(raw)} may not use $TMPDIR here` };
  if (p.split("/").includes("..")) return { code: "glob_invalid", message: `glob ${JSON.stringify(raw)} has a .. segment` };
  const complex = globComplexityProblem(p);
  if (complex) return { code: "glob_invalid", message: `glob ${JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw)} ${complex}` };
  try {
    // A pattern in the compiled-glob cache compiled before; one compiled now is kept there.
    compiledRegex(p, { dot: true, nocase: false });
  } catch {
    return { code: "glob_invalid", message: `glob ${JSON.stringify(raw)} does not compile` };
  }
  return null;
}

/** `C:\\…` or `C:/…`: a Windows drive path. */
export const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;

/**
 * The repository-relative glob a scope typed as a path of some system means, or null: `src\\auth\\**`
 * and `src//auth//**` are `src/auth/**`; an absolute path (`/home/me/app/src/**`, `C:\\work\\app\\src\\**`)
 * is what follows the repository's top folder `root` in it (by its whole path, else by its name).
 */
export function globMeant(value: string, root?: string): string | null {
  let v = value.trim().replace(/[\\/]+/g, "/");
  const absolute = v.startsWith("/") || WINDOWS_DRIVE.test(v);
  if (absolute) {
    if (root === undefined) return null;
    const top = root.replace(/[\\/]+/g, "/").replace(/\/$/, "");
    const name = top.slice(top.lastIndexOf("/") + 1);
    const parts = v.split("/");
    // A drive's letter and names are matched in any case, as Windows does.
    const fold = (t: string) => (WINDOWS_DRIVE.test(v) ? t.toLowerCase() : t);
    const at = fold(v).startsWith(`${fold(top)}/`) ? top.split("/").length : parts.map(fold).lastIndexOf(fold(name)) + 1;
    if (at <= 0 || at >= parts.length) return null;
    v = parts.slice(at).join("/");
  }
  return v !== value && validateGlob(v) === null ? v : null;
}

/** Limits that keep every match linear-ish and fast (issue #18). */
export const GLOB_LIMITS = { length: 1024, braceGroups: 8, braceDepth: 2, rangeSpan: 1000, extglobs: 3, starsPerSegment: 3 } as const;

/** Why a pattern is too complex to match safely (ReDoS-shaped extglobs, brace bombs), or null. */
export function globComplexityProblem(p: string): string | null {
  if (p.length > GLOB_LIMITS.length) return `is longer than ${GLOB_LIMITS.length} characters`;
  let braces = 0;
  let depth = 0;
  let ext = 0;
  const stack: ("brace" | "ext" | "paren")[] = [];
  for (let i = 0; i < p.length; i++) {
    const ch = p[i] as string;
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "{") {
      braces++;
      depth++;
      stack.push("brace");
      if (depth > GLOB_LIMITS.braceDepth) return `nests braces deeper than ${GLOB_LIMITS.braceDepth}`;
    } else if (ch === "}") {
      if (stack.pop() === "brace") depth--;
    } else if (ch === "(") {
      const isExt = i > 0 && "*+?@!".includes(p[i - 1] as string);
      if (isExt) {
        ext++;
        if (stack.includes("ext")) return "nests extglob groups (a ReDoS shape)";
        // A repeating group whose body can itself repeat backtracks exponentially.
        const close = p.indexOf(")", i);
        const body = close > i ? p.slice(i + 1, close) : p.slice(i + 1);
        if ((p[i - 1] === "*" || p[i - 1] === "+") && /[*+?|]/.test(body)) return "repeats a group with alternatives or wildcards (a ReDoS shape)";
      }
      stack.push(isExt ? "ext" : "paren");
    } else if (ch === ")") {
      stack.pop();
    }
  }
  for (const segment of p.split("/")) {
    if (segment === "**") continue;
    const stars = segment.replace(/\*\*+/g, "*").split("*").length - 1;
    if (stars > GLOB_LIMITS.starsPerSegment) return `has more than ${GLOB_LIMITS.starsPerSegment} * in one path segment`;
  }
  if (braces > GLOB_LIMITS.braceGroups) return `has more than ${GLOB_LIMITS.braceGroups} brace groups`;
  if (ext > GLOB_LIMITS.extglobs) return `has more than ${GLOB_LIMITS.extglobs} extglob groups`;
  for (const m of p.matchAll(/\{(-?\d+)\.\.(-?\d+)(?:\.\.\d+)?\}/g)) {
    if (Math.abs(Number(m[2]) - Number(m[1])) > GLOB_LIMITS.rangeSpan) return `has a numeric range wider than ${GLOB_LIMITS.rangeSpan}`;
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
 * Compiled globs (the hook's cache, SPEC §8.1 hot path): `<s|i>\0<pattern>` → regex source and
 * flags, as picomatch compiles them. A pattern found here is matched without loading picomatch;
 * `compiledGlobs()` returns what this process compiled, for the caller to persist.
 */
const ahead = new Map<string, RegExp>();
// Entries of the cache as read, made into a RegExp on first use: a table that grew over many
// tickets' scopes costs one JSON parse, not a regex compile per entry, on every call.
let given: Record<string, unknown> = {};
const compiledHere: Record<string, [string, string]> = {};
let compiledCount = 0;
/** Past this many entries, a saved cache keeps only what this process used or compiled. */
const KEEP_ENTRIES = 2000;

export interface CompiledGlobs {
  format: "exo.globs/1";
  engine: string;
  entries: Record<string, [string, string]>;
}

/** Use compiled globs (ignored unless made by this glob engine on this kind of platform). */
export function useCompiledGlobs(table: unknown): void {
  const t = table as CompiledGlobs | null | undefined;
  if (!t || typeof t !== "object" || t.format !== "exo.globs/1" || t.engine !== globEngineId() || !t.entries || typeof t.entries !== "object") return;
  given = { ...given, ...(t.entries as Record<string, unknown>) };
}

/** A cache entry's regex source and flags, or null when it is not one. */
function entryOf(value: unknown): [string, string] | null {
  if (!Array.isArray(value)) return null;
  const [source, flags] = value as unknown[];
  return typeof source === "string" && (flags === "" || flags === "i") ? [source, flags] : null;
}

/** The compiled regex of `key` from the cache as read, or undefined (absent or not a regex). */
function givenRegex(key: string): RegExp | undefined {
  const entry = entryOf(Object.prototype.hasOwnProperty.call(given, key) ? given[key] : undefined);
  if (!entry) return undefined;
  try {
    const re = new RegExp(entry[0], entry[1]);
    ahead.set(key, re);
    return re;
  } catch {
    return undefined; // not a regex: compile the glob instead
  }
}

/** Everything compiled so far (given and new), or null when this process compiled nothing new. */
export function compiledGlobs(): CompiledGlobs | null {
  if (compiledCount === 0) return null;
  const entries: Record<string, [string, string]> = {};
  const keep = Object.keys(given).length + compiledCount <= KEEP_ENTRIES;
  if (keep) {
    for (const [key, value] of Object.entries(given)) {
      const entry = entryOf(value);
      if (entry) entries[key] = entry;
    }
  }
  for (const [key, re] of ahead) entries[key] = [re.source, re.flags];
  return { format: "exo.globs/1", engine: globEngineId(), entries: { ...entries, ...compiledHere } };
}

function globEngineId(): string {
  return `${GLOB_ENGINE}/${process.platform === "win32" ? "win32" : "posix"}`;
}

// The characters a regex's `.` does not match without the `s` flag, which picomatch's regexes lack.
const LINE_BREAKS = /[\n\r\u2028\u2029]/g;

/**
 * The path as the glob regexes read it: a line break, which `*`, `**` and `?` did not cross, is
 * read as another character of its name (no glob names one). Before, the rule denying `.env` in
 * every folder let `a<LF>b/.env` be read, and a `src` scope left `src/new<LF>line.txt` out.
 */
function oneLine(path: string): string {
  return path.replace(LINE_BREAKS, "\u0001");
}

/** picomatch(p, options) as a regex test (picomatch's own rule: an exact string match, else the regex). */
function patternMatcher(p: string, options: { dot: boolean; nocase: boolean }): Matcher {
  if (process.platform === "win32") {
    const engine = engineMatcher(p, options);
    return (path) => engine(oneLine(path));
  }
  const regex = compiledRegex(p, options);
  return (path) => path !== "" && (path === p || regex.test(oneLine(path)));
}

/** picomatch's regex for `p`, from the compiled globs when there, else compiled and added. */
function compiledRegex(p: string, options: { dot: boolean; nocase: boolean }): RegExp {
  const key = `${options.nocase ? "i" : "s"}\0${p}`;
  let re = ahead.get(key) ?? givenRegex(key);
  if (!re) {
    re = engineRegex(p, options);
    compiledHere[key] = [re.source, re.flags];
    ahead.set(key, re);
    compiledCount++;
  }
  return re;
}

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
    const exact = patternMatcher(p, options);
    const below = patternMatcher(`${p.replace(/\/+$/, "")}/**`, options);
    matcher = (path) => exact(path) || below(path);
  } else {
    matcher = patternMatcher(p, options);
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

/**
 * A matcher of a glob a program reads itself (grep --exclude, rg -g, npm-run-all's script names),
 * with the options its syntax needs; not cached. Through this module, whose engine the hook bundle
 * loads only on first use (src/hooks/glob-engine-lazy.ts), never statically.
 */
export function programGlob(pattern: string, options: EngineOptions): Matcher {
  return engineMatcher(pattern, options);
}
