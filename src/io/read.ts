// Small read helpers that turn "missing" into null instead of an exception.
import { closeSync, lstatSync, openSync, readFileSync, readSync, realpathSync, statSync, type Stats } from "node:fs";
import { relative, sep } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { settled } from "./fs-atomic.js";
import { behindStateLink } from "./state-links.js";
import { jsonProblem } from "../kernel/json-where.js";
import { conflictMarkerLine } from "../kernel/conflict-markers.js";

/** exo's own files are kilobytes; anything past this is refused, not read into memory. */
export const READ_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * What a reader says of a file that is no regular file, then what to do (`advice`, a sentence):
 * the reader's generic advice, or the command layer's, which knows what git has there.
 */
export function irregularFileMessage(file: string, advice: string): string {
  return `${file} is not a regular file (a device, pipe or socket, perhaps behind a symlink); exo does not read it. ${advice}`;
}

/**
 * Refuse what is not a regular file of at most `limit` bytes. A pull can bring a symlink to
 * `/dev/zero` or a 1 GB file under one of exo's names: those are IO_ERROR (naming the file and
 * what to do), never an endless read. Folders fail as readFileSync does (EISDIR).
 */
function refuseIrregular(file: string, info: Stats, limit: number): void {
  if (info.isFile() && info.size <= limit) return;
  if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${file}'`), { code: "EISDIR", path: file, syscall: "read" });
  if (!info.isFile()) {
    throw new ExoError(ErrorCode.IO_ERROR, irregularFileMessage(file, "Replace it with a regular file (git rm or git checkout it)."), {
      hint: "exo doctor",
      details: { file, reason: "not_a_file" },
    });
  }
  throw new ExoError(ErrorCode.IO_ERROR, `${file} is ${info.size} bytes, more than exo reads (${limit}); remove or shorten it.`, { hint: "exo doctor", details: { file, reason: "too_large", size: info.size } });
}

// A stat, then Node's own one-call read: what a pull brings is checked before a byte is read.
// (A regular file is read to the size its descriptor's stat gives, so it cannot run on for ever;
// swapping the file between the two calls takes a local process, not a pull.) Opening, stating
// and reading in JavaScript measured about 3 ms more per session-start, over its forty files.

/** The bytes of a regular file of at most `limit` bytes; missing files fail as readFileSync does (ENOENT). */
export function readRegularFileSync(file: string, limit: number = READ_LIMIT_BYTES): Buffer {
  refuseIrregular(file, statSync(file), limit);
  return readFileSync(file);
}

/** readRegularFileSync as UTF-8 text. */
export function readRegularTextSync(file: string, limit: number = READ_LIMIT_BYTES): string {
  refuseIrregular(file, statSync(file), limit);
  return readFileSync(file, "utf8");
}

/**
 * A small file's text, or null when it is missing. Read synchronously: one read costs about a
 * tenth of the four thread-pool round trips (open, stat, read, close) of `fs/promises`, and exo's
 * callers read configuration and state files of a few kilobytes. The promise keeps callers as
 * they were.
 */
export function readTextOrNull(file: string): Promise<string | null> {
  // An error rejects the promise, as the async version's did.
  return settled(() => readTextOrNullSync(file));
}

/** A file's stat, or null when it cannot be stat'ed (missing, no permission). */
export function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

export function readTextOrNullSync(file: string): string | null {
  try {
    return readRegularTextSync(file);
  } catch (error) {
    if (["ENOENT", "ENOTDIR"].includes((error as NodeJS.ErrnoException).code ?? "")) return null;
    throw error;
  }
}

/**
 * readTextOrNull for a file of the repository exo reads or rewrites (`.exo/config.yaml`, the
 * constitution, the lock, a harness's settings file): a symlink a pull brought that points at a regular file outside the repository
 * (`~/.ssh/id_rsa`, `/etc/…`) is STATE_CORRUPT, never read (its text would reach error messages
 * and agents). Links inside the repository are read; devices and pipes fail as readTextOrNull says.
 */
export function readGovernedTextOrNull(file: string, roots: readonly string[]): Promise<string | null> {
  return settled(() => {
    refuseOutsideLink(file, roots);
    return readTextOrNullSync(file);
  });
}

function refuseOutsideLink(file: string, roots: readonly string[]): void {
  // Only the repository's own files: a user's ~/.codex/config.toml may link where it likes.
  const root = roots.find((r) => file.startsWith(`${r}${sep}`));
  if (root === undefined) return;
  if (!isSymlinkSync(file)) return;
  let target: string;
  try {
    target = realpathSync(file);
  } catch {
    return; // a dangling link reads as missing
  }
  if (roots.some((r) => target === r || target.startsWith(`${r}${sep}`))) return;
  if (!statOrNull(target)?.isFile()) return; // a device or pipe: IO_ERROR from the read, without reading
  const rel = relative(root, file);
  throw new ExoError(ErrorCode.STATE_CORRUPT, `${rel} is a symlink to ${target}, outside the repository; exo does not read through it. Replace it with the file itself (git rm ${rel}, then restore it from history).`, {
    hint: `git log --oneline -- ${rel}`,
    details: { path: rel, target, reason: "symlink_outside" },
  });
}

/**
 * A cache file's JSON, or null when it is missing, unreadable (a folder, a symlink loop, no
 * permission) or unparsable: a cache that cannot be read is rebuilt, never an error.
 */
export function readCacheJsonSync(file: string): unknown {
  try {
    if (behindStateLink(file)) return null;
    return JSON.parse(readRegularTextSync(file)) as unknown;
  } catch {
    return null;
  }
}

/** Parse JSON; null for a missing file; undefined for unparsable text. */
export function readJsonSync(file: string): unknown {
  // A record of exo's below cache/logs/traces behind a symlink is not exo's: missing.
  if (behindStateLink(file)) return null;
  const text = readTextOrNullSync(file);
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Parse a JSON state file: null when missing; `corrupt()` names the error for unparsable text. */
/** Where an unparsable JSON state file goes wrong (SPEC §4: file and position; conflict markers first). */
export interface JsonIssue {
  path: "";
  code: "conflict_markers" | "parse_error";
  message: string;
  severity: "error";
  line: number;
  column: number;
}

export function jsonIssue(text: string): JsonIssue {
  const line = conflictMarkerLine(text);
  if (line !== null) {
    return { path: "", code: "conflict_markers", message: `git conflict markers at line ${line}; resolve the merge first`, severity: "error", line, column: 1 };
  }
  const problem = jsonProblem(text);
  return { path: "", code: "parse_error", message: problem ? `not valid JSON: ${problem.reason} at line ${problem.line}, column ${problem.column}` : "not valid JSON", severity: "error", line: problem?.line ?? 1, column: problem?.column ?? 1 };
}

export async function readJsonFile<T>(file: string, corrupt: (issue: JsonIssue) => Error): Promise<T | null> {
  const text = await readTextOrNull(file);
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw corrupt(jsonIssue(text));
  }
}

/** Whether `file` is a symlink (exo's state files never are: one there was put by hand or a tool); false when it cannot be told. */
export function isSymlinkSync(file: string): boolean {
  try {
    return lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  } catch {
    return false; // a path through a file (ENOTDIR) or no permission: the read says what it is
  }
}

/** A regular file whose first bytes (up to 4 KiB: all of a ticket or handoff) are all NUL: a crash or a power cut zeroed it. */
export function zeroedFile(file: string): boolean {
  if (!(lstatSync(file, { throwIfNoEntry: false })?.isFile() ?? false)) return false;
  let fd: number | null = null;
  try {
    fd = openSync(file, "r");
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    return n > 0 && head.subarray(0, n).every((b) => b === 0);
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
