// Light I/O for the hook hot path: ledger records of decisions, the touched log, heartbeats.
import { isActor, isHostWord } from "../kernel/ids.js";
import { parseFrozenClock } from "../kernel/clock.js";
import { touchedPaths } from "../stdlib/sessions/touched.js";
import { closeSync, constants, openSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { acquireGuard } from "../io/guard.js";
import { formatJson, writeJsonAtomic } from "../io/fs-atomic.js";
import { unrecordedChange, writeWithReceipt } from "../io/integrity.js";
import { Repo } from "../io/repo.js";
import { isSymlinkSync, readJsonSync, readTextOrNullSync, readRegularTextSync } from "../io/read.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { beatLock, hookBeatPlan, lapsedRevival, type LockState } from "../stdlib/locks/types.js";
import type { Located } from "../io/locate.js";

function repoOf(where: Located): Repo {
  return new Repo({ root: where.root, exoDir: where.exoDir, stateDir: where.stateDir, mainRoot: where.root });
}

/** Who a hook's ledger records name: the given actor, else $EXO_ACTOR, else agent:<harness> (each only when valid). */
export function hookWho(env: NodeJS.ProcessEnv, harness: string, actor?: string | null): { actor: string; host: string; now: Date } {
  const valid = (a: string | null | undefined): a is string => !!a && isActor(a);
  return { actor: valid(actor) ? actor : valid(env["EXO_ACTOR"]) ? env["EXO_ACTOR"] : `agent:${harness}`, host: hostOf(env), now: nowOf(env) };
}

/**
 * EXO_HOST when it is one word, else the host name. The commands refuse a host with a space or a
 * control character (commands/context.ts); the hook cannot refuse, and took it as it was: a
 * newline opened a ledger segment named after it and went into its records and guards.
 */
function hostOf(env: NodeJS.ProcessEnv): string {
  const host = env["EXO_HOST"];
  return host && isHostWord(host) ? host : hostname();
}

/**
 * An EXO_NOW that is no timestamp exo's commands take (io/env.ts currentTime, which refuses it
 * INVALID_INPUT), or null when it is unset or one. The hook took any value: `garbage` made every
 * lock read as expired (its writes were denied with "it expired. Renew it with exo
 * lease-heartbeat", which fails on the same EXO_NOW) and its ledger records failed "Invalid time
 * value"; `2026-12-06` froze the hook's clock while every command refused it.
 */
export function badFrozenClock(env: NodeJS.ProcessEnv): string | null {
  const frozen = env["EXO_NOW"];
  if (frozen === undefined || frozen === "") return null;
  return parseFrozenClock(frozen) === null ? frozen : null;
}

/** The hook's clock: a valid EXO_NOW, else the real one (a bad EXO_NOW denies writes: hook-entry.ts). */
export function nowOf(env: NodeJS.ProcessEnv): Date {
  const frozen = env["EXO_NOW"];
  return (frozen ? parseFrozenClock(frozen) : null) ?? new Date();
}

export interface HookEvent {
  harness: string;
  event: string;
  tool: string;
  type: string;
  code: string | null;
  path: string | null;
  action: string | null;
  rule: string | null;
  reason: string;
  session?: string | null;
  ticket?: string | null;
  /** The bound session's actor: records carry it, not a guess from the harness name. */
  actor?: string | null;
  /** The harness subagent that made the call (payload agent_id), recorded when present. */
  agent?: string | null;
  /** commit.blocked: the paths at fault and one reason each ("path: reason [CODE]"). */
  reasons?: string[];
}

/** A hook record's data in the shape SPEC §4.11.2 gives its type. */
function hookData(e: HookEvent): Record<string, unknown> {
  if (e.type === "hook.error") return { harness: e.harness, event: e.event, message: e.reason };
  if (e.type === "commit.blocked") {
    const reasons = e.reasons ?? [e.reason];
    // Every reason starts with the path (or paths, comma-separated) it is about.
    const paths = [...new Set(reasons.flatMap((r) => (r.includes(": ") ? r.slice(0, r.indexOf(": ")).split(", ") : [])))];
    return { paths, reasons };
  }
  return { harness: e.harness, tool: e.tool, path: e.path, action: e.action, code: e.code, rule: e.rule, reason: e.reason, ...(e.agent ? { agent_id: e.agent.slice(0, 200) } : {}) };
}

/** Append hook.denied / hook.asked / hook.warned; failures are logged, the decision stands. */
export async function recordHookEvent(where: Located, e: HookEvent, env: NodeJS.ProcessEnv, tamper: { expected: string | null; actual: string | null } | null): Promise<void> {
  try {
    const entries = [{ type: e.type, session: e.session ?? null, ticket: e.ticket ?? null, data: hookData(e) }];
    if (tamper) entries.push({ type: "governance.tamper_detected", session: null, ticket: null, data: { file: ".exo/policy.sealed.json", problem: "seal_hash_mismatch", expected: tamper.expected, actual: tamper.actual } });
    await appendLedger(repoOf(where), hookWho(env, e.harness, e.actor), entries);
  } catch (error) {
    process.stderr.write(`exo: could not record the hook decision: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

/** One O_APPEND line per allowed write; returns a budget note when a threshold is first crossed. */
export function appendTouched(where: Located, session: { id: string; budgets?: { max_files: number } }, writes: { path: string; action: string }[], env: NodeJS.ProcessEnv): string | null {
  const file = join(where.stateDir, "sessions", `${session.id}.touched`);
  let before = new Set<string>();
  try {
    before = touchedPaths(readRegularTextSync(file));
  } catch {
    before = new Set();
  }
  const at = nowOf(env).toISOString();
  try {
    // O_NOFOLLOW: a symlink in place of the log is never appended through (ELOOP, no record).
    const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o644);
    try {
      writeSync(fd, writes.map((w) => `${w.path}\t${w.action === "delete" ? "delete" : "write"}\t${at}\n`).join(""));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  const max = session.budgets?.max_files;
  if (!max) return null;
  const after = new Set([...before, ...writes.map((w) => w.path)]);
  const warnAt = Math.ceil(0.8 * max);
  if (before.size < warnAt && after.size >= warnAt && after.size <= max) return `exo: this session has touched ${after.size} of its ${max}-file budget; keep the change small or finish and hand off.`;
  if (before.size <= max && after.size > max) return `exo: this session has touched ${after.size} files, over its budget of ${max}; finish soon or split the work.`;
  return null;
}

/**
 * Before the hook rewrites a lock: contents no write receipt names go on the ledger (issue #18),
 * named like the hook's other records (hookWho: the session's actor, else a valid $EXO_ACTOR of
 * this call's environment, else agent:<harness>).
 */
async function witnessLock(where: Located, ticket: string, lockFile: string, text: string, who: { actor: string; host: string; now: Date }): Promise<void> {
  const change = unrecordedChange(where.stateDir, "locks", ticket, text);
  if (!change) return;
  const repo = repoOf(where);
  await appendLedger(repo, who, [{ type: "integrity.violation", ticket, data: { file: repo.relative(lockFile), kind: "locks", ...change } }]);
}

/**
 * `fn` under the session's guard (30 ms at most) with its file and record, the answer `fallback`
 * when the guard is busy, the file is gone (finished meanwhile: a heartbeat never resurrects a
 * session) or anything fails.
 */
async function withSessionRecord<T>(where: Located, id: string, host: string, fallback: T, fn: (file: string, current: Record<string, unknown>) => Promise<T>): Promise<T> {
  let release: (() => Promise<void>) | null = null;
  try {
    release = await acquireGuard(where.stateDir, `session-${id}`, { host, timeoutMs: 30 });
    const file = join(where.stateDir, "sessions", `${id}.json`);
    // A record that is a symlink is not read or written through (doctor --fix sets it aside).
    if (isSymlinkSync(file)) return fallback;
    const current = readJsonSync(file) as Record<string, unknown> | null | undefined;
    if (!current || typeof current !== "object") return fallback;
    return await fn(file, current);
  } catch {
    return fallback;
  } finally {
    if (release) await release();
  }
}

/**
 * `fn` under the lock's guard with the lock file's bytes and what they parse to (null: missing, or
 * no JSON object), read once, so the same bytes are judged and witnessed.
 */
async function withLockBytes<T>(where: Located, ticket: string, host: string, fn: (lockFile: string, text: string | null, lock: LockState | null) => Promise<T>): Promise<T> {
  const lockFile = join(where.stateDir, "locks", `${ticket}.json`);
  const release = await acquireGuard(where.stateDir, `lock-${ticket}`, { host, timeoutMs: 30 });
  try {
    // A lock that is a symlink: as if missing (no heartbeat or revival writes over the link).
    const text = isSymlinkSync(lockFile) ? null : readTextOrNullSync(lockFile);
    let lock: LockState | null = null;
    try {
      const parsed = text === null ? null : (JSON.parse(text) as unknown);
      lock = parsed && typeof parsed === "object" ? (parsed as LockState) : null;
    } catch {
      lock = null;
    }
    return await fn(lockFile, text, lock);
  } finally {
    await release();
  }
}

export async function hookHeartbeat(where: Located, session: { id: string; ticket: string; actor?: string; fencing_token: number | null; heartbeat_at?: string }, intervalSeconds: number, env: NodeJS.ProcessEnv, harness: string): Promise<void> {
  const now = nowOf(env);
  if (session.heartbeat_at && now.getTime() - Date.parse(session.heartbeat_at) < intervalSeconds * 1000) return;
  const host = hostOf(env);
  await withSessionRecord(where, session.id, host, undefined, async (file, current) => {
    await writeJsonAtomic(file, { ...current, heartbeat_at: now.toISOString() });
    const lock = readJsonSync(join(where.stateDir, "locks", `${session.ticket}.json`)) as LockState | null | undefined;
    // The same decision and the same new lock as `exo lease-heartbeat` (stdlib/locks/types.ts).
    if (!lock || typeof lock !== "object" || hookBeatPlan(lock, session, now) !== "beat") return;
    await withLockBytes(where, session.ticket, host, async (lockFile, text, fresh) => {
      if (text === null || !fresh || hookBeatPlan(fresh, session, now) !== "beat") return;
      await witnessLock(where, session.ticket, lockFile, text, { ...hookWho(env, harness, session.actor), host, now });
      await writeWithReceipt(where.stateDir, "locks", session.ticket, lockFile, formatJson({ ...beatLock(fresh, now), session: session.id }));
    });
  });
}

/**
 * SPEC §7.14 and §7.2 step 9 (hooks run the heartbeat before deciding): a gated call of an active
 * session whose local lock expired, or was released by gc-locks once expired, while it still
 * carries the session's token and no other binding, extends that lock like lease-heartbeat (same
 * token, held again, bound to the session, expiry now + TTL), so an agent that was idle past its
 * lease keeps working instead of being refused LOCK_REQUIRED. A distributed lease, a lock released
 * by a person, a suspended session's lock and an expiry stamped by a clock ahead are left to the
 * holder's commands. True when the lock was extended (the caller decides again); ledger
 * lock.reacquired (via hook, same token).
 */
export async function reviveLapsedLock(where: Located, session: { id: string; ticket: string; actor?: string; fencing_token: number | null }, env: NodeJS.ProcessEnv, harness: string): Promise<boolean> {
  const now = nowOf(env);
  const host = hostOf(env);
  // (Any failure: decide on the lock as it is.)
  return withSessionRecord(where, session.id, host, false, async (file, current) => {
    if (current["status"] !== "active" || current["fencing_token"] !== session.fencing_token) return false;
    const revived = await withLockBytes(where, session.ticket, host, async (lockFile, text, lock) => {
      const next = text === null ? null : lapsedRevival(lock, session, now);
      if (text === null || !lock || !next) return null;
      await witnessLock(where, session.ticket, lockFile, text, { ...hookWho(env, harness, session.actor), host, now });
      await writeWithReceipt(where.stateDir, "locks", session.ticket, lockFile, formatJson(next));
      return { lock: next, expiredAt: lock.expires_at };
    });
    if (!revived) return false;
    await writeJsonAtomic(file, { ...current, heartbeat_at: now.toISOString() });
    const data = { owner: revived.lock.owner, fencing_token: revived.lock.fencing_token, expires_at: revived.lock.expires_at, previous_token: revived.lock.fencing_token, expired_at: revived.expiredAt, via: "hook" };
    await appendLedger(repoOf(where), hookWho(env, harness, session.actor), [{ type: "lock.reacquired", ticket: session.ticket, session: session.id, data }]).catch(() => undefined);
    return true;
  });
}
