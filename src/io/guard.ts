// Guards (SPEC §7.24): short-lived cross-process mutexes around read-modify-write sequences.
import { uniqueName } from "./random.js";
import { link, mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ExoError, ErrorCode } from "../errors.js";

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
}

export function guardDir(stateRoot: string): string {
  return join(stateRoot, "cache", "guards");
}

/** True when `pid` names no process on this host (EPERM means it exists). */
export function isPidDead(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

async function readGuard(file: string): Promise<{ content: GuardContent | null; mtimeMs: number } | null> {
  try {
    const [text, info] = await Promise.all([readFile(file, "utf8"), stat(file)]);
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

/** Take the guard `name`; resolves to a release function. Times out with LOCK_BUSY. */
export async function acquireGuard(
  stateRoot: string,
  name: string,
  opts: GuardOptions,
): Promise<() => Promise<void>> {
  const dir = guardDir(stateRoot);
  const file = join(dir, `${name}.guard`);
  const timeoutMs = opts.timeoutMs ?? 5000;
  const started = Date.now();
  let delay = 5;
  await mkdir(dir, { recursive: true });
  for (;;) {
    const token = uniqueName();
    const content: GuardContent = { pid: process.pid, host: opts.host, at: new Date().toISOString(), token };
    try {
      const handle = await open(file, "wx");
      try {
        await handle.writeFile(JSON.stringify(content));
      } finally {
        await handle.close();
      }
      return () => releaseGuard(file, token);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const seen = await readGuard(file);
    if (seen && isGone(seen, opts.host, Date.now())) {
      await breakGuard(file, seen.content?.token ?? null);
      continue;
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
async function breakGuard(file: string, judgedToken: string | null): Promise<void> {
  const stale = `${file}.stale.${uniqueName()}`;
  try {
    await rename(file, stale);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = await readGuard(stale);
  const movedToken = moved?.content?.token ?? null;
  if (movedToken !== judgedToken) {
    try {
      await link(stale, file);
    } catch {
      // A new guard exists already; the one we moved was replaced anyway.
    }
  }
  await rm(stale, { force: true });
}

async function releaseGuard(file: string, token: string): Promise<void> {
  const seen = await readGuard(file);
  if (seen?.content?.token === token) await rm(file, { force: true });
}

export async function withGuard<T>(
  stateRoot: string,
  name: string,
  opts: GuardOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const release = await acquireGuard(stateRoot, name, opts);
  try {
    return await fn();
  } finally {
    await release();
  }
}
