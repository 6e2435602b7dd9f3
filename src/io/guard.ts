// Guards (SPEC §7.24): short-lived cross-process mutexes around read-modify-write sequences.
import { uniqueName } from "./random.js";
import { closeSync, linkSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ExoError, ErrorCode } from "../errors.js";
import { ioError, settled, removeFileSync } from "./fs-atomic.js";
import { assertNoStateLinks, readOpenedSync, registerStateRoot } from "./state-links.js";

interface GuardContent {
  pid: number;
  host: string;
  at: string;
  token: string;
}

export interface GuardOptions {
  host: string;
  timeoutMs?: number;
  now?: () => Date;
  /**
   * Rewrite the guard's `at` this often while it is held, for a guard held longer than the 60 s
   * after which a holder counts as gone (doctor --fix): without it, a second run took the guard
   * over from a live first one after a minute and both repaired at once.
   */
  renewMs?: number;
  /** Called with the holder found when the guard is busy at the first try (before waiting). */
  onBusy?: (holder: { pid: number; host: string; at: string } | null) => void;
}

export function guardDir(stateRoot: string): string {
  return join(stateRoot, "cache", "guards");
}

/**
 * True when `pid` names no process on this host (EPERM means it exists). Zero, negative or
 * fractional numbers name no process (kill(0) and kill(-n) would test process groups, whose
 * members always include this one): a record holding one is corrupt, and its process is dead.
 */
export function isPidDead(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

// Guards are taken and released with synchronous calls (one open, one write): each is a few
// microseconds, where an awaited fs call costs a thread-pool round trip. Only the wait between
// tries is asynchronous.
function readGuard(file: string): { content: GuardContent | null; mtimeMs: number } | null {
  try {
    // Without blocking, and only a regular file is read: a pipe or device under a guard's name
    // (a hand's mkfifo, a bad sync of .exo/cache) waited for a writer for ever; it is garbled.
    const read = readOpenedSync(file);
    if (read === null) return null;
    const { info } = read;
    const text = read.bytes ? read.bytes.toString("utf8") : "";
    try {
      const parsed = JSON.parse(text) as GuardContent;
      return { content: typeof parsed.token === "string" ? parsed : null, mtimeMs: info.mtimeMs };
    } catch {
      return { content: null, mtimeMs: info.mtimeMs };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function isGone(
  seen: { content: GuardContent | null; mtimeMs: number },
  host: string,
  nowMs: number,
): boolean {
  const { content } = seen;
  if (content === null) return nowMs - seen.mtimeMs > 2_000; // empty or garbled: its writer died mid-write
  if (content.host === host && isPidDead(content.pid)) return true;
  const at = Date.parse(content.at);
  return Number.isNaN(at) || nowMs - at > 60_000;
}

// When this process gave a guard back (monotonicMs()), by file. Taking and releasing are
// synchronous, so a process that appends in a loop would give the guard back and take it again
// within microseconds: other processes, polling between sleeps, would find it free only by
// chance and time out. Taking the same guard again right after giving it back waits a moment.
const releasedAt = new Map<string, number>();
const REGRAB_MS = 2;

// A monotonic clock in milliseconds. Not performance.now(): the global's first read loads
// perf_hooks and a dozen internal modules (about 2 ms, paid by every hook that appends).
function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Take the guard `name`; resolves to a release function. Times out with LOCK_BUSY. */
export async function acquireGuard(
  stateRoot: string,
  name: string,
  opts: GuardOptions,
): Promise<() => Promise<void>> {
  const dir = guardDir(stateRoot);
  const file = join(dir, `${name}.guard`);
  const timeoutMs = opts.timeoutMs ?? 5000;
  const last = releasedAt.get(file);
  if (last !== undefined && monotonicMs() - last < REGRAB_MS) await sleep(REGRAB_MS * (0.5 + Math.random()));
  const started = Date.now();
  let delay = 5;
  let busy = false;
  // A symlinked guards folder would put the guard beside another checkout's (or nowhere shared).
  registerStateRoot(stateRoot);
  assertNoStateLinks(file);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    // A file where the guards folder goes stopped every command that takes a guard (before:
    // INTERNAL, EEXIST on mkdir, and doctor named nothing).
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EEXIST" && code !== "ENOTDIR") throw error;
    const shown = relative(dirname(stateRoot), dir);
    throw new ExoError(ErrorCode.STATE_CORRUPT, `${shown} is not a folder: exo keeps its cross-process guards there; run exo doctor --fix to move it aside.`, { hint: "exo doctor --fix", details: { file: dir, reason: "not_a_folder" } });
  }
  for (;;) {
    const token = uniqueName();
    const content: GuardContent = { pid: process.pid, host: opts.host, at: new Date().toISOString(), token };
    try {
      const fd = openSync(file, "wx");
      try {
        writeFileSync(fd, JSON.stringify(content));
      } catch (error) {
        // A full disk (or a quota) took the guard's bytes: an empty guard left behind would hold
        // every later command for its 2 s of abandonment. It is removed, and the refusal named.
        closeSync(fd);
        try {
          removeFileSync(file);
        } catch {
          // (doctor lists an empty guard and --fix removes it)
        }
        throw ioError(`write the guard ${name}`, error);
      }
      // A guard that is renewed keeps its descriptor: the renewal rewrites this very file.
      if (!opts.renewMs) closeSync(fd);
      const renew = opts.renewMs ? setInterval(() => renewGuard(fd, content), opts.renewMs) : null;
      renew?.unref();
      return () =>
        settled(() => {
          if (renew) {
            clearInterval(renew);
            closeSync(fd);
          }
          releaseGuard(file, token);
        });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const seen = readGuard(file);
    if (seen && isGone(seen, opts.host, Date.now())) {
      breakGuard(file, seen.content?.token ?? null);
      continue;
    }
    if (!busy) {
      busy = true;
      opts.onBusy?.(seen?.content ? { pid: seen.content.pid, host: seen.content.host, at: seen.content.at } : null);
    }
    if (Date.now() - started > timeoutMs) {
      throw new ExoError(ErrorCode.LOCK_BUSY, `Guard ${name} is busy; retry in a moment.`, {
        details: { guard: name, holder: seen?.content ? { pid: seen.content.pid, host: seen.content.host, at: seen.content.at } : null },
        hint: "exo doctor",
      });
    }
    await sleep(delay * (0.5 + Math.random()));
    delay = Math.min(delay * 2, 100);
  }
}

/** Move a dead holder's guard aside; put it back if it turned out to be a fresh one. */
function breakGuard(file: string, judgedToken: string | null): void {
  const stale = `${file}.stale.${uniqueName()}`;
  try {
    renameSync(file, stale);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readGuard(stale);
  const movedToken = moved?.content?.token ?? null;
  if (movedToken !== judgedToken) {
    try {
      linkSync(stale, file);
    } catch {
      // A new guard exists already; the one we moved was replaced anyway.
    }
  }
  removeFileSync(stale);
}

/**
 * A held guard's `at` moved to now: one positional write of the same number of bytes (an ISO
 * time is always 24 characters) over the start of the file the holder created, through the
 * descriptor it kept. The file is never truncated, so a reader sees the old text or the new, never
 * an empty or half-written guard; and a guard another process judged gone and moved aside gets
 * the write in the moved file, so a renewal never writes a guard back under the name (before:
 * a rewrite by name, truncating, after a check of the token a breaker could race).
 */
function renewGuard(fd: number, content: GuardContent): void {
  const text = JSON.stringify({ ...content, at: new Date().toISOString() });
  if (text.length !== JSON.stringify(content).length) return; // (a time beyond year 9999)
  try {
    writeSync(fd, text, 0, "utf8");
  } catch {
    // a full disk: the guard ages as before
  }
}

function releaseGuard(file: string, token: string): void {
  const seen = readGuard(file);
  if (seen?.content?.token === token) removeFileSync(file);
  releasedAt.set(file, monotonicMs());
}

export async function withGuard<T>(
  stateRoot: string,
  name: string,
  opts: GuardOptions,
  fn: () => T | Promise<T>,
): Promise<T> {
  const release = await acquireGuard(stateRoot, name, opts);
  try {
    return await fn();
  } finally {
    await release();
  }
}
