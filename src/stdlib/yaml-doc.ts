// Reading human-written YAML with positions: parse errors and schema issues name file, line
// and column; git conflict markers are reported as `conflict_markers` (SPEC §4).
import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import type { Issue } from "../errors.js";
import { conflictMarkerLine } from "../kernel/conflict-markers.js";

export interface YamlRead {
  value: unknown;
  issues: Issue[];
  /** Line and column (1-based) of the node at a YAML path, when it exists. */
  position(path: readonly (string | number)[], opts?: { key?: boolean }): { line: number; column: number } | null;
}


/**
 * Parse `text` (of `file`) with exo's limits. `strictText`: the file is one people write and exo
 * never does (config, constitution, manifests), so a U+FFFD in it is a byte that was not UTF-8
 * (a Latin-1 editor), which would otherwise be compiled into the governance as it reads.
 */
export function readYaml(text: string, file: string, opts: { strictText?: boolean } = {}): YamlRead {
  const replaced = opts.strictText ? text.indexOf("\uFFFD") : -1;
  if (replaced >= 0) {
    const before = text.slice(0, replaced);
    const line = before.split("\n").length;
    const column = replaced - before.lastIndexOf("\n");
    return { value: null, issues: [{ file, path: "", code: "encoding_invalid", message: `not UTF-8 text at line ${line}, column ${column} (saved as Latin-1 or UTF-16?); save it as UTF-8`, severity: "error", line, column }], position: () => null };
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) return { value: null, issues: [nulIssue(text, nul, file)], position: () => null };
  const markerLine = conflictMarkerLine(text);
  if (markerLine !== null) {
    return {
      value: null,
      issues: [{ file, path: "", code: "conflict_markers", message: `git conflict markers at line ${markerLine}; resolve the merge first`, severity: "error", line: markerLine, column: 1 }],
      position: () => null,
    };
  }
  if (text.length > MAX_YAML_BYTES) {
    return { value: null, issues: [{ file, path: "", code: "too_large", message: `file is larger than ${MAX_YAML_BYTES} bytes; exo refuses to parse it`, severity: "error" }], position: () => null };
  }
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const issues: Issue[] = doc.errors.map((error) => {
    const pos = lineCounter.linePos(error.pos[0]);
    const first = error.message.split("\n")[0] ?? error.message;
    // A document nested thousands of levels deep overflows the parser's stack: say so plainly.
    if (/Maximum call stack size exceeded/.test(first)) {
      return { file, path: "", code: "too_deep", message: `nested too deeply for exo to read at line ${pos.line}, column ${pos.col}; flatten it`, severity: "error" as const, line: pos.line, column: pos.col };
    }
    // The parser's advice names its own API; say what to change in the file instead.
    const said = /multiple documents/.test(first) ? "a second YAML document starts here (a '---' line); keep one document per file" : first.replace(/ at line \d+, column \d+.*$/, "");
    return { file, path: "", code: "yaml_syntax", message: `${said} at line ${pos.line}, column ${pos.col}`, severity: "error" as const, line: pos.line, column: pos.col };
  });
  const position = (path: readonly (string | number)[], opts?: { key?: boolean }) => {
    // opts.key: where the key itself is written (an unknown key), not its value.
    const keyOf = () => {
      const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
      const last = path[path.length - 1];
      return isMap(parent) ? parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === last)?.key : undefined;
    };
    const node = (opts?.key && path.length > 0 ? keyOf() : doc.getIn(path, true)) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    if (offset === undefined) return null;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (issues.length > 0) return { value: null, issues, position };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // yaml throws when aliases expand past maxAliasCount (a "billion laughs" document), and on an
    // alias used before its anchor (before, that too was "too many YAML alias expansions").
    const message = error instanceof Error ? error.message : String(error);
    const unresolved = /Unresolved alias[^:]*: (\S+)/.exec(message);
    if (unresolved) {
      const name = unresolved[1] as string;
      const at = text.search(new RegExp(`\\*${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`));
      const pos = at >= 0 ? lineCounter.linePos(at) : null;
      return { value: null, issues: [{ file, path: "", code: "yaml_syntax", message: `alias *${name} is used before its anchor &${name} is set${pos ? ` at line ${pos.line}, column ${pos.col}` : ""}; move the anchor above it`, severity: "error", ...(pos ? { line: pos.line, column: pos.col } : {}) }], position };
    }
    return { value: null, issues: [{ file, path: "", code: "yaml_alias_limit", message: `too many YAML alias expansions (limit ${MAX_ALIASES}): ${message.split("\n")[0]}`, severity: "error" }], position };
  }
  const bad = prototypeKey(value, []);
  if (bad) {
    // Where the key itself is written (before: its parent's line, line 1 for a top-level key).
    const pos = position(bad, { key: true }) ?? position(bad.slice(0, -1));
    return { value: null, issues: [{ file, path: bad.join("."), code: "prototype_key", message: `key ${JSON.stringify(bad[bad.length - 1])} is not allowed (it could change object prototypes); rename or remove it`, severity: "error", ...(pos ? { line: pos.line, column: pos.column } : {}) }], position };
  }
  return { value, issues, position };
}

/** The issue readYaml gives for a file that is NUL bytes only (a crash or a power cut zeroed it). */
export const isZeroedIssue = (issue: { code: string; message: string }): boolean => issue.code === "encoding_invalid" && /NUL bytes, not text/.test(issue.message);

/**
 * A NUL byte, which YAML text never holds: a file a crash or a power cut left as zeros (said in
 * a few words, not as the parser's dozens of quoted \u0000), or a binary file in its place.
 */
function nulIssue(text: string, at: number, file: string): Issue {
  if (/^\0+$/.test(text)) return { file, path: "", code: "encoding_invalid", message: `the file is ${text.length} NUL bytes, not text (a crash or a power cut zeroed it); restore it from git`, severity: "error", line: 1, column: 1 };
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = at - before.lastIndexOf("\n");
  return { file, path: "", code: "encoding_invalid", message: `a NUL byte at line ${line}, column ${column}: not YAML text (a crash's zeros or a binary file?); remove it or restore the file from git`, severity: "error", line, column };
}

/**
 * A governance source (config, constitution) with nothing in it: a crash or a cut copy emptied it
 * (it said "version must be 1" or "must be a YAML mapping", as if a key were wrong).
 */
export function emptyIssue(text: string, file: string): Issue | null {
  if (/\S/.test(text)) return null;
  return { file, path: "", code: "empty", message: `the file is ${text.length > 0 ? "blank" : "empty"} (a crash or a cut copy emptied it); restore it from git`, severity: "error" };
}

/**
 * The command that repairs a governance source's first error, when it is one a command can repair:
 * a file a crash zeroed or emptied comes back from git; a merge left unresolved is git's
 * mergetool's. Else `exo config-validate`, which lists every issue (before, that was the hint for
 * all of them, and it only said the same again).
 */
export function sourceIssueHint(issue: Issue | undefined): string {
  const file = issue?.file;
  if (!file || !/^\.exo\/[\w.-]+\.yaml$/.test(file)) return "exo config-validate";
  if (issue.code === "conflict_markers") return `git mergetool -- ${file}`;
  if (issue.code === "empty" || isZeroedIssue(issue)) return `git checkout HEAD -- ${file}`;
  return "exo config-validate";
}

/** Documents exo reads are small: more than this many alias expansions is an attack. */
/**
 * The `version` a source document declares when it is a later format than 1 (SPEC §4:
 * FORMAT_UNSUPPORTED), or null. Only a whole number counts: `1e400` (Infinity), `2.5` or `"2"` is
 * no version at all, which the schema then reports as an invalid one ("must be 1"), not a reason
 * to upgrade.
 */
export function newerVersion(doc: unknown): number | null {
  const version = typeof doc === "object" && doc !== null ? (doc as { version?: unknown }).version : undefined;
  return typeof version === "number" && Number.isSafeInteger(version) && version > 1 ? version : null;
}

export const MAX_ALIASES = 64;
/** Larger files are refused before parsing. */
export const MAX_YAML_BYTES = 1024 * 1024;
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** The path of the first prototype-polluting key in a parsed document, or null. */
function prototypeKey(value: unknown, path: (string | number)[]): (string | number)[] | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path }];
  let seen = 0;
  while (stack.length > 0) {
    const top = stack.pop() as { value: unknown; path: (string | number)[] };
    if (++seen > 1_000_000) return null;
    if (Array.isArray(top.value)) top.value.forEach((v, i) => stack.push({ value: v, path: [...top.path, i] }));
    else if (top.value !== null && typeof top.value === "object" && !(top.value instanceof Date)) {
      for (const key of Object.keys(top.value)) {
        if (PROTOTYPE_KEYS.has(key)) return [...top.path, key];
        stack.push({ value: (top.value as Record<string, unknown>)[key], path: [...top.path, key] });
      }
    }
  }
  return null;
}

/** Attach positions and the file name to issues whose path is a dotted YAML path. */
export function locate(issues: Issue[], read: YamlRead, file: string): Issue[] {
  return issues.map((issue) => {
    const path = issue.path === "" ? [] : issue.path.split(".").map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
    let pos = read.position(path, { key: issue.code === "unknown_key" });
    for (let cut = path.length - 1; pos === null && cut > 0; cut--) pos = read.position(path.slice(0, cut));
    const located: Issue = { ...issue, file };
    if (pos) {
      located.line = pos.line;
      located.column = pos.column;
    }
    return located;
  });
}
