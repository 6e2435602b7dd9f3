// Atomic file writes (SPEC §2.2): readers see the old file or the new one, never half.
import { uniqueName } from "./random.js";
import { close, closeSync, constants, existsSync, fsync, fsyncSync, mkdirSync, open, openSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { assertNoStateLinks } from "./state-links.js";
import { shellLine } from "../kernel/quote.js";

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

export function writeFileAtomic(file: string, data: string, opts?: { fsync?: boolean }): Promise<void> {
  return settled(() => writeFileAtomicSync(file, data, opts));
}

/**
 * `fsync: false` skips the file's fsync (the folder is still synced when the command ends): for
 * records only a killed process needs, such as the close-out journal, which the rename alone
 * keeps whole.
 */
export function writeFileAtomicSync(file: string, data: string, opts?: { fsync?: boolean }): void {
  assertNoStateLinks(file);
  const dir = dirname(file);
  // Same folder as the target, so the rename never crosses filesystems.
  const temp = join(dir, `.${basename(file)}.${uniqueName()}.tmp`);
  try {
    makeFolderSync(dir);
    const fd = openSync(temp, "wx");
    try {
      writeFileSync(fd, data, "utf8");
      if (opts?.fsync !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    removeQuietly(temp);
    throw ioError(`write ${stateName(file)}`, error);
  }
  wroteHere(file);
  syncAtEnd(dir);
}

/**
 * A file as a refusal names it: from its `.exo/` folder on (`.exo/locks/T1.json`, which a lock and
 * a handoff both end in, so the person knows which file to give back), else its name alone.
 */
function stateName(file: string): string {
  const at = file.lastIndexOf("/.exo/");
  return at >= 0 ? file.slice(at + 1) : basename(file);
}

/**
 * mkdir -p that says why it failed. Node's recursive mkdirSync reports a folder it may not make on
 * a read-only mount as ENOENT (a memento folder for a new ticket: "Could not write SES-….md:
 * ENOENT", hint exo doctor); the plain mkdir of the first missing folder gives the refusal itself.
 */
export function makeFolderSync(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    let first = dir;
    while (dirname(first) !== first && !existsSync(dirname(first))) first = dirname(first);
    try {
      mkdirSync(first);
    } catch (refused) {
      if ((refused as NodeJS.ErrnoException).code !== "EEXIST") throw refused;
    }
    mkdirSync(dir, { recursive: true });
  }
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
    removed.add(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/**
 * The files this process wrote (atomic writes, ledger appends) and removed, by absolute path,
 * since the last forgetWrites: an auto-commit that knows what changed under .exo/ before the
 * command's own writes adds these instead of asking git again (stdlib/git/autocommit.ts).
 */
const written = new Set<string>();
const removed = new Set<string>();

export function wroteHere(file: string): void {
  written.add(file);
}

export function writesHere(): { written: ReadonlySet<string>; removed: ReadonlySet<string> } {
  return { written, removed };
}

/** Called when a command ends, so a long-lived process (the MCP server) keeps no list. */
export function forgetWrites(): void {
  written.clear();
  removed.clear();
}

/**
 * Folders whose renames still wait for their fsync. A folder's fsync makes its renames survive a
 * power cut; readers and a killed process see a rename at once without it. So a command syncs
 * each folder it renamed into once, when it ends (syncFoldersAsync: every command before it
 * reports, in commands/invoke.ts; syncFolders when a process exits otherwise, as a hook does),
 * not after every rename: a session-finish renames into the
 * close-out journal's, the memento's, the ticket's and the lock's folders several times, and on
 * a journaling filesystem every folder fsync after a rename is a journal commit of its own
 * (milliseconds on a virtual disk), while one fsync at the end commits every rename before it.
 */
const unsynced = new Set<string>();
let syncAtExit = false;

/**
 * fsync a file or folder when the command ends (with the folder syncs, in flight together) rather
 * than now: for appends whose record must be durable once the command reports, but which nothing
 * later in the command waits on (ledger segments). fsync flushes the file, whatever descriptor
 * wrote it.
 */
export function syncAtEnd(path: string): void {
  unsynced.add(path);
  if (!syncAtExit) {
    syncAtExit = true;
    process.once("exit", syncFolders);
  }
}

/**
 * syncFolders with the folders' fsyncs in flight together: each fsync also flushes the disk's
 * write cache, and the block layer merges flushes that wait at the same time, so four folders
 * take about the time of one (measured: 1 ms against 3–10 ms one after another).
 */
export function syncFoldersAsync(): Promise<void> {
  const paths = [...unsynced];
  unsynced.clear();
  // One path: a synchronous fsync, without a thread-pool round trip.
  if (paths.length <= 1) {
    paths.forEach(fsyncPath);
    return Promise.resolve();
  }
  const one = (path: string) =>
    new Promise<void>((done) => {
      open(path, SYNC_FLAGS, (error, fd) => {
        if (error) return done(); // best effort, as fsyncPath
        fsync(fd, () => close(fd, () => done()));
      });
    });
  return Promise.all(paths.map(one)).then(() => undefined);
}

/** How many folders wait for their fsync (tests). */
export function unsyncedFolderCount(): number {
  return unsynced.size;
}

/** Best-effort fsync of every folder renamed into since the last call. */
export function syncFolders(): void {
  unsynced.forEach(fsyncPath);
  unsynced.clear();
}

/**
 * Read-only without blocking: a pipe renamed over a ledger segment after its append (a sync tool,
 * a hand's mkfifo) held the command at exit, its open waiting for a writer for ever. The fsync of
 * a pipe then fails, as a best-effort sync may.
 */
const SYNC_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

function fsyncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, SYNC_FLAGS);
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on folders; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * What the filesystem's refusal means for the person, and what to do: a full disk, a quota, a
 * read-only mount, a permission. Null for other errors.
 */
/**
 * The command that shows a refusal systemRefusal names: `ls -ld` of the refused file's folder (else
 * `folder`) for a permission, `df -h` of `disk` for a full disk, a quota or a read-only mount.
 */
export function refusalLook(errno: string | undefined, path: unknown, disk: string, folder = disk): string {
  const denied = errno === "EACCES" || errno === "EPERM";
  return shellLine(denied ? ["ls", "-ld", "--", typeof path === "string" ? dirname(path) : folder] : ["df", "-h", "--", disk]);
}

export function systemRefusal(errno: string | undefined): string | null {
  switch (errno) {
    case "ENOSPC":
      return "the disk is full; free some space, then run the command again (exo doctor says whether it left anything to complete)";
    case "EDQUOT":
      return "the disk quota is used up; free some space, then run the command again (exo doctor says whether it left anything to complete)";
    case "EROFS":
      return "the file system is mounted read-only; exo writes its state under .exo/, so work in a writable checkout";
    case "EACCES":
    case "EPERM":
      return "permission denied; give your user write access to the repository's .exo folder (ls -ld shows its owner)";
    default:
      return null;
  }
}

export function ioError(what: string, error: unknown): ExoError {
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  const refusal = systemRefusal(errno);
  const reason = refusal ? `${errno}: ${refusal}` : errno ?? (error instanceof Error ? error.message : String(error));
  // A read-only mount or a permission: the look that shows it (before: exo doctor, whose repairs
  // the same refusal stops). A full disk keeps exo doctor, which says what a retry completes.
  const path = (error as NodeJS.ErrnoException | null)?.path;
  const look = typeof path === "string" && (errno === "EROFS" || errno === "EACCES" || errno === "EPERM") ? refusalLook(errno, path, dirname(path)) : null;
  return new ExoError(ErrorCode.IO_ERROR, `Could not ${what}: ${reason}.`, {
    ...(look ? { hint: look } : {}),
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
