// Small read helpers that turn "missing" into null instead of an exception.
import { readFileSync, statSync, type Stats } from "node:fs";
import { settled } from "./fs-atomic.js";

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
    return readFileSync(file, "utf8");
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
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
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
