// Atomic file writes (SPEC §2.2): readers see the old file or the new one, never half.
import { uniqueName } from "./random.js";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, open, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";

export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const dir = dirname(file);
  // Same folder as the target, so the rename never crosses filesystems.
  const temp = join(dir, `.${basename(file)}.${uniqueName()}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(data, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw ioError(`write ${basename(file)}`, error);
  }
  await syncDir(dir);
}

/**
 * Temp file + rename without fsync: readers never see half of it, but a power cut may undo it.
 * For files that are recomputed or cross-checked when lost (caches, write receipts).
 */
export async function replaceFile(file: string, data: string): Promise<void> {
  const temp = `${file}.${uniqueName()}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** A cache file (replaceFile); failures are ignored, since a missing cache is only recomputed. */
export async function writeCacheFile(file: string, data: string): Promise<void> {
  await replaceFile(file, data).catch(() => undefined);
}

/** writeCacheFile without a promise, for the hook's caches written after its answer. */
export function writeCacheFileSync(file: string, data: string): void {
  const temp = `${file}.${uniqueName()}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
  }
}

/** Best-effort fsync of a folder so a rename survives a power cut. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some filesystems refuse fsync on folders; the rename is still atomic.
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
