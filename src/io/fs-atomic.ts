// Atomic file writes (SPEC §2.2): readers see the old file or the new one, never half.
import { uniqueName } from "./random.js";
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { assertNoStateLinks } from "./state-links.js";

// The writes below are synchronous inside an async signature: the files are small, a CLI has
// nothing to overlap with them, and each awaited fs call costs a thread-pool round trip (an
// atomic write took about twice as long through fs/promises).

/** A synchronous step as a promise: its error rejects instead of throwing at the call. */
export function settled<T>(step: () => T): Promise<T> {
  try {
    return Promise.resolve(step());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export function writeFileAtomic(file: string, data: string): Promise<void> {
  return settled(() => writeFileAtomicSync(file, data));
}

export function writeFileAtomicSync(file: string, data: string): void {
  assertNoStateLinks(file);
  const dir = dirname(file);
  // Same folder as the target, so the rename never crosses filesystems.
  const temp = join(dir, `.${basename(file)}.${uniqueName()}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(temp, "wx");
    try {
      writeFileSync(fd, data, "utf8");
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    removeQuietly(temp);
    throw ioError(`write ${basename(file)}`, error);
  }
  syncDir(dir);
}

/**
 * A report the user named (`--markdown FILE`, `--out FILE`): atomic like every exo write, except
 * into an existing file that is not a regular file (`/dev/stdout`, a FIFO), which is written in
 * place. A failure is IO_ERROR naming the file.
 */
export function writeReportFile(file: string, data: string): Promise<void> {
  return settled(() => {
    let special = false;
    try {
      special = !statSync(file).isFile();
    } catch {
      special = false; // missing: created atomically below
    }
    if (!special) return writeFileAtomicSync(file, data);
    try {
      writeFileSync(file, data, "utf8");
    } catch (error) {
      throw ioError(`write ${file}`, error);
    }
  });
}

/**
 * Temp file + rename without fsync: readers never see half of it, but a power cut may undo it.
 * For files that are recomputed or cross-checked when lost (caches, write receipts).
 */
export function replaceFile(file: string, data: string): Promise<void> {
  return settled(() => replaceFileSync(file, data));
}

export function replaceFileSync(file: string, data: string): void {
  assertNoStateLinks(file);
  const temp = `${file}.${uniqueName()}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, file);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
}

/** A cache file (replaceFile); failures are ignored, since a missing cache is only recomputed. */
export function writeCacheFile(file: string, data: string): Promise<void> {
  writeCacheFileSync(file, data);
  return Promise.resolve();
}

/** writeCacheFile without a promise, for the hook's caches written after its answer. */
export function writeCacheFileSync(file: string, data: string): void {
  try {
    replaceFileSync(file, data);
  } catch {
    // A missing cache is only recomputed.
  }
}

function removeQuietly(file: string): void {
  try {
    removeFileSync(file);
  } catch {
    // The write's own error is the one to report.
  }
}

/**
 * Remove one file; a missing one is not an error. Node 20's rmSync loads its recursive remover
 * (internal/fs/rimraf) on every call, even for a file: the hot paths take this instead.
 */
export function removeFileSync(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** Best-effort fsync of a folder so a rename survives a power cut. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on folders; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function ioError(what: string, error: unknown): ExoError {
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  const reason = errno ?? (error instanceof Error ? error.message : String(error));
  return new ExoError(ErrorCode.IO_ERROR, `Could not ${what}: ${reason}.`, {
    details: { errno: errno ?? null },
    cause: error,
  });
}

/** JSON the way exo writes it: 2-space indentation and a trailing newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, formatJson(value));
}
