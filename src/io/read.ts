// Small read helpers that turn "missing" into null instead of an exception.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { ExoError, ErrorCode } from "../errors.js";
import { settled } from "./fs-atomic.js";

/** exo's own files are kilobytes; anything past this is refused, not read into memory. */
export const READ_LIMIT_BYTES = 64 * 1024 * 1024;

const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * The bytes of a regular file of at most `limit` bytes. A pull can bring a symlink to
 * `/dev/zero` or a 1 GB file under one of exo's names: those are IO_ERROR (naming the file and
 * what to do), never an endless read. Missing files and folders fail as readFileSync does
 * (ENOENT, EISDIR).
 */
export function readRegularFileSync(file: string, limit: number = READ_LIMIT_BYTES): Buffer {
  const fd = openSync(file, READ_FLAGS);
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${file}'`), { code: "EISDIR" });
    if (!info.isFile()) {
      throw new ExoError(ErrorCode.IO_ERROR, `${file} is not a regular file (a device, pipe or socket, perhaps behind a symlink); exo does not read it. Replace it with a regular file (git rm or git checkout it).`, {
        hint: "exo doctor",
        details: { file, reason: "not_a_file" },
      });
    }
    if (info.size > limit) {
      throw new ExoError(ErrorCode.IO_ERROR, `${file} is ${info.size} bytes, more than exo reads (${limit}); remove or shorten it.`, { hint: "exo doctor", details: { file, reason: "too_large", size: info.size } });
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(info.size - total, 0) + 1, 1 << 20));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > limit) throw new ExoError(ErrorCode.IO_ERROR, `${file} grew past ${limit} bytes while exo read it; remove or shorten it.`, { hint: "exo doctor", details: { file, reason: "too_large" } });
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** readRegularFileSync as UTF-8 text. */
export function readRegularTextSync(file: string, limit?: number): string {
  return readRegularFileSync(file, limit).toString("utf8");
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
 * A cache file's JSON, or null when it is missing, unreadable (a folder, a symlink loop, no
 * permission) or unparsable: a cache that cannot be read is rebuilt, never an error.
 */
export function readCacheJsonSync(file: string): unknown {
  try {
    return JSON.parse(readRegularTextSync(file)) as unknown;
  } catch {
    return null;
  }
}

/** Parse JSON; null for a missing file; undefined for unparsable text. */
export function readJsonSync(file: string): unknown {
  const text = readTextOrNullSync(file);
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Parse a JSON state file: null when missing; `corrupt()` names the error for unparsable text. */
export async function readJsonFile<T>(file: string, corrupt: () => Error): Promise<T | null> {
  const text = await readTextOrNull(file);
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw corrupt();
  }
}
