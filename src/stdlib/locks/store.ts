// Ticket locks (SPEC §4.6, §7.7): one file per ticket, never deleted (it carries the fencing
// counter). Every mutation re-reads the file under the guard lock-<ID> and writes atomically;
// readers never modify.
import { readdir, readFile } from "node:fs/promises";
import { ExoError, ErrorCode } from "../../errors.js";
import { actorMatches, isTicketId } from "../../kernel/ids.js";
import { readJsonFile } from "../../io/read.js";
import { withGuard } from "../../io/guard.js";
import type { Repo } from "../../io/paths.js";
import { appendLedger } from "../ledger/store.js";
import { readSession, writeSession } from "../sessions/store.js";
import type { SessionRecord } from "../sessions/types.js";
import { lockShapeProblem } from "./shape.js";
import { isLockLive, type LockState } from "./types.js";
import { writeLockFile } from "./file.js";

export interface Who {
  actor: string;
  host: string;
  now: Date;
}

export async function readLock(repo: Repo, ticket: string): Promise<LockState | null> {
  const lock = await readJsonFile<LockState>(repo.ticketLockFile(ticket), () => new ExoError(ErrorCode.STATE_CORRUPT, `Lock file of ${ticket} is not valid JSON; run exo doctor --fix.`, { hint: "exo doctor --fix" }));
  const problem = lock === null ? null : lockShapeProblem(lock, ticket);
  if (problem) throw new ExoError(ErrorCode.STATE_CORRUPT, `Lock file of ${ticket} is unreadable (${problem}); run exo doctor --fix.`, { hint: "exo doctor --fix" });
  return lock;
}

/** Every parsable lock file, by ticket id. */
export async function listLocks(repo: Repo): Promise<LockState[]> {
  let names: string[] = [];
  try {
    names = (await readdir(repo.locksDir)).filter((n) => n.endsWith(".json") && isTicketId(n.slice(0, -5)));
  } catch {
    return [];
  }
  const out: LockState[] = [];
  await Promise.all(
    names.map(async (name) => {
      try {
        const lock = JSON.parse(await readFile(`${repo.locksDir}/${name}`, "utf8")) as LockState;
        if (lockShapeProblem(lock, name.slice(0, -5)) === null) out.push(lock);
      } catch {
        // doctor reports unparsable lock files
      }
    }),
  );
  return out.sort((a, b) => (a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : 0));
}

function guarded<T>(repo: Repo, who: Who, ticket: string, fn: () => Promise<T>): Promise<T> {
  return withGuard(repo.stateDir, `lock-${ticket}`, { host: who.host }, fn);
}

function expiry(now: Date, ttlSeconds: number): string {
  return new Date(now.getTime() + ttlSeconds * 1000).toISOString();
}

export interface AcquireOptions {
  ticket: string;
  owner: string;
  session: string | null;
  ttlSeconds: number;
  branch: string | null;
  /** With a distributed lease: the token the remote claim chose, and its block. */
  token?: number;
  distributed?: LockState["distributed"];
}

/** Take the lock: LOCK_HELD when live; the token is the previous one + 1 (never reset). */
export async function acquireLock(repo: Repo, who: Who, opts: AcquireOptions): Promise<{ lock: LockState; previous: LockState | null; takenOver: boolean }> {
  const result = await guarded(repo, who, opts.ticket, async () => {
    const previous = await readLock(repo, opts.ticket);
    if (previous && isLockLive(previous, who.now)) {
      throw new ExoError(ErrorCode.LOCK_HELD, `Ticket ${opts.ticket} is locked by ${previous.owner}${previous.session ? ` (session ${previous.session})` : ""} until ${previous.expires_at}.`, {
        details: { owner: previous.owner, session: previous.session, expires_at: previous.expires_at },
      });
    }
    const at = who.now.toISOString();
    const lock: LockState = {
      format: "exo.lock/1",
      ticket: opts.ticket,
      state: "held",
      owner: opts.owner,
      session: opts.session,
      fencing_token: Math.max((previous?.fencing_token ?? 0) + 1, opts.token ?? 0),
      acquired_at: at,
      renewed_at: at,
      heartbeat_at: at,
      expires_at: expiry(who.now, opts.ttlSeconds),
      released_at: null,
      ttl_seconds: opts.ttlSeconds,
      host: who.host,
      pid: process.pid,
      branch: opts.branch,
      distributed: opts.distributed ?? null,
    };
    await writeLockFile(repo, who, opts.ticket, lock);
    return { lock, previous, takenOver: previous !== null && previous.state === "held" };
  });
  const p = result.previous;
  await appendLedger(repo, who, [
    result.takenOver && p
      ? { type: "lock.taken_over", ticket: opts.ticket, session: opts.session, data: { owner: opts.owner, fencing_token: result.lock.fencing_token, expires_at: result.lock.expires_at, previous_owner: p.owner, previous_token: p.fencing_token } }
      : { type: "lock.acquired", ticket: opts.ticket, session: opts.session, data: { owner: opts.owner, fencing_token: result.lock.fencing_token, expires_at: result.lock.expires_at } },
  ]);
  return result;
}

/** Who may renew, heartbeat or release: the owner (or owner:suffix) or the bound session's actor. */
async function checkHolder(repo: Repo, lock: LockState, actor: string): Promise<void> {
  if (actorMatches(actor, lock.owner)) return;
  if (lock.session) {
    const session = await readSession(repo, lock.session);
    if (session && session.actor === actor) return;
  }
  throw new ExoError(ErrorCode.LOCK_OWNER_MISMATCH, `The lock on ${lock.ticket} belongs to ${lock.owner}${lock.session ? ` (session ${lock.session})` : ""}, not ${actor}.`, {
    hint: `exo lease-heartbeat --ticket-id ${lock.ticket} --actor ${lock.owner}`,
    details: { owner: lock.owner, session: lock.session },
  });
}

function notLive(ticket: string): ExoError {
  return new ExoError(ErrorCode.LOCK_NOT_FOUND, `No live lock on ${ticket}; claim it with exo next or exo session-start.`, { hint: `exo session-start --ticket-id ${ticket}` });
}

export interface HolderOptions {
  ticket: string;
  ttlSeconds: number;
}

/**
 * Before a distributed holder renews or heartbeats: its remote lease must still be its own (same
 * nonce). Someone else's claim since → LOCK_LOST naming the new holder, even when the local lock
 * has run out meanwhile (then the old holder learns who took it, not just "no lock").
 */
async function checkRemoteHolder(repo: Repo, who: Who, ticket: string): Promise<void> {
  const lock = await readLock(repo, ticket);
  if (!lock?.distributed || lock.state !== "held") return;
  const { verifyLease } = await import("./distributed.js");
  await verifyLease(repo, lock.distributed.remote, ticket, lock.distributed.nonce);
}

/** Extend the lock and bump its token; the bound session's token follows in the same step. */
export async function renewLock(repo: Repo, who: Who, opts: HolderOptions): Promise<{ lock: LockState; previous_fencing_token: number }> {
  await checkRemoteHolder(repo, who, opts.ticket);
  const out = await guarded(repo, who, opts.ticket, async () => {
    const lock = await readLock(repo, opts.ticket);
    if (!lock || !isLockLive(lock, who.now)) throw notLive(opts.ticket);
    await checkHolder(repo, lock, who.actor);
    const previous = lock.fencing_token;
    const next: LockState = { ...lock, fencing_token: previous + 1, renewed_at: who.now.toISOString(), expires_at: expiry(who.now, opts.ttlSeconds), ttl_seconds: opts.ttlSeconds, host: who.host, pid: process.pid };
    await writeLockFile(repo, who, opts.ticket, next);
    return { lock: next, previous_fencing_token: previous };
  });
  await updateBoundSession(repo, who, out.lock.session, (s) => (s.fencing_token === out.previous_fencing_token ? { ...s, fencing_token: out.lock.fencing_token } : null));
  await appendLedger(repo, who, [{ type: "lock.renewed", ticket: opts.ticket, session: out.lock.session, data: { owner: out.lock.owner, fencing_token: out.lock.fencing_token, expires_at: out.lock.expires_at, previous_token: out.previous_fencing_token } }]);
  if (out.lock.distributed) out.lock = await followRemote(repo, who, out.lock, "renew", opts.ttlSeconds);
  return out;
}

/** Extend the lock, same token; refreshes the bound session's heartbeat. */
export async function heartbeatLock(repo: Repo, who: Who, opts: HolderOptions): Promise<{ lock: LockState; previous_fencing_token: number }> {
  await checkRemoteHolder(repo, who, opts.ticket);
  const out = await heartbeatLocal(repo, who, opts);
  if (out.lock.distributed) out.lock = await followRemote(repo, who, out.lock, "heartbeat", opts.ttlSeconds);
  return out;
}

/** Mirror renew/heartbeat on the remote lease (nonce-checked) and record its new commit locally. */
async function followRemote(repo: Repo, who: Who, lock: LockState, mode: "renew" | "heartbeat", ttlSeconds: number): Promise<LockState> {
  if (!lock.distributed) return lock;
  const { updateLease } = await import("./distributed.js");
  const r = await updateLease(repo, who, { remote: lock.distributed.remote, ticket: lock.ticket, mode, ttlSeconds, owner: lock.owner, nonce: lock.distributed.nonce });
  if (!r) return lock;
  return guarded(repo, who, lock.ticket, async () => {
    const current = await readLock(repo, lock.ticket);
    if (!current || current.fencing_token !== lock.fencing_token) return lock;
    // The remote token is authoritative when it ran ahead (renews from another checkout).
    const next: LockState = { ...current, fencing_token: Math.max(current.fencing_token, r.token), distributed: { ...r.block, ...(current.distributed?.taken_over_from ? { taken_over_from: current.distributed.taken_over_from } : {}) } };
    await writeLockFile(repo, who, lock.ticket, next);
    return next;
  });
}

async function heartbeatLocal(repo: Repo, who: Who, opts: HolderOptions): Promise<{ lock: LockState; previous_fencing_token: number }> {
  const out = await guarded(repo, who, opts.ticket, async () => {
    const lock = await readLock(repo, opts.ticket);
    if (!lock || !isLockLive(lock, who.now)) throw notLive(opts.ticket);
    await checkHolder(repo, lock, who.actor);
    const wanted = expiry(who.now, opts.ttlSeconds);
    const next: LockState = { ...lock, heartbeat_at: who.now.toISOString(), expires_at: wanted > lock.expires_at ? wanted : lock.expires_at };
    await writeLockFile(repo, who, opts.ticket, next);
    return { lock: next, previous_fencing_token: lock.fencing_token };
  });
  await updateBoundSession(repo, who, out.lock.session, (s) => (s.status === "active" ? { ...s, heartbeat_at: who.now.toISOString() } : null));
  return out;
}

/**
 * Change the lock's bound session after the ticket guard is let go, under the session's own
 * guard (the one suspend, handoff and finish hold), from a fresh read: a heartbeat racing a
 * suspend or finish must never write back a stale copy (an ended session coming back active).
 * Guards are never nested, so no two writers can wait on each other. `change` returns null to
 * leave the record as it is.
 */
async function updateBoundSession(repo: Repo, who: Who, sessionId: string | null, change: (s: SessionRecord) => SessionRecord | null): Promise<void> {
  if (!sessionId) return;
  await withGuard(repo.stateDir, `session-${sessionId}`, { host: who.host, timeoutMs: 10_000 }, async () => {
    const session = await readSession(repo, sessionId);
    const next = session ? change(session) : null;
    if (next) await writeSession(repo, next);
  });
}

export interface ReleaseOptions {
  ticket: string;
  force: boolean;
  ignoreMissing: boolean;
  /** Skip the holder check (session commands releasing their own lock). */
  bySession?: string | null;
  /** A person closing the ticket (exo ticket-close) releases whoever's idle lock. */
  skipHolderCheck?: boolean;
}

/** Release: state released, session null. LOCK_BOUND when a live session of another actor holds it. */
export async function releaseLock(repo: Repo, who: Who, opts: ReleaseOptions): Promise<{ lock: LockState | null; previous_fencing_token: number | null; released: boolean }> {
  const out = await guarded(repo, who, opts.ticket, async () => {
    const lock = await readLock(repo, opts.ticket);
    // A session gives back its own lock even when the lease ran out meanwhile.
    const ownExpired = opts.bySession !== undefined && opts.bySession !== null && lock !== null && lock.state === "held" && lock.session === opts.bySession;
    if (!lock || (!isLockLive(lock, who.now) && !ownExpired)) {
      if (opts.ignoreMissing || opts.bySession) return { lock, previous_fencing_token: lock?.fencing_token ?? null, released: false };
      throw notLive(opts.ticket);
    }
    if (opts.bySession) {
      if (lock.session !== opts.bySession) return { lock, previous_fencing_token: lock.fencing_token, released: false };
    } else {
      if (!opts.skipHolderCheck) await checkHolder(repo, lock, who.actor);
      if (lock.session && !opts.force) {
        const session = await readSession(repo, lock.session);
        if (session && session.actor !== who.actor) {
          throw new ExoError(ErrorCode.LOCK_BOUND, `Session ${session.id} of ${session.actor} works under this lock; finish it, or pass --force (that session loses the lock).`, {
            hint: `exo lease-release --ticket-id ${opts.ticket} --force`,
            details: { session: session.id, actor: session.actor },
          });
        }
      }
    }
    const next: LockState = { ...lock, state: "released", released_at: who.now.toISOString(), session: null };
    await writeLockFile(repo, who, opts.ticket, next);
    return { lock: next, previous_fencing_token: lock.fencing_token, released: true };
  });
  if (out.released && out.lock) {
    await appendLedger(repo, who, [{ type: "lock.released", ticket: opts.ticket, session: opts.bySession ?? null, data: { owner: out.lock.owner, fencing_token: out.lock.fencing_token } }]);
    if (out.lock.distributed) {
      // The remote lease follows; if the remote is unreachable it expires on its own.
      const { updateLease } = await import("./distributed.js");
      const { readTicket } = await import("../tickets/store.js");
      // The released state says how the ticket ended, so clones that have not pulled yet skip it.
      const ticketStatus = (await readTicket(repo, opts.ticket).catch(() => null))?.status;
      await updateLease(repo, who, { remote: out.lock.distributed.remote, ticket: opts.ticket, mode: "release", ttlSeconds: 0, owner: out.lock.owner, nonce: out.lock.distributed.nonce, ticketStatus }).catch(() => null);
    }
  }
  return out;
}

export interface BindOptions {
  ticket: string;
  session: string;
  actor: string;
  requireOwnerMatch: boolean;
  /** Liveness of the session currently bound (null = none bound). */
  boundState: "alive" | "stale" | "gone" | null;
}

/** Bind a live lock to a session (start/resume on a claimed ticket); token unchanged. */
export async function bindLock(repo: Repo, who: Who, opts: BindOptions): Promise<LockState> {
  return guarded(repo, who, opts.ticket, async () => {
    const lock = await readLock(repo, opts.ticket);
    if (!lock || !isLockLive(lock, who.now)) throw notLive(opts.ticket);
    if (lock.session && lock.session !== opts.session) {
      if (opts.boundState === "alive") {
        throw new ExoError(ErrorCode.LOCK_HELD, `Ticket ${opts.ticket} is locked by session ${lock.session} (${lock.owner}).`, { details: { owner: lock.owner, session: lock.session, expires_at: lock.expires_at } });
      }
      if (opts.boundState === "stale") {
        throw new ExoError(ErrorCode.STALE_SESSION_PRESENT, `Stale session ${lock.session} still holds ${opts.ticket}; pass --takeover or run exo session-cleanup.`, { hint: `exo session-cleanup --session-id ${lock.session}` });
      }
    }
    if (opts.requireOwnerMatch && !actorMatches(opts.actor, lock.owner)) {
      throw new ExoError(ErrorCode.LOCK_OWNER_MISMATCH, `The lock on ${opts.ticket} belongs to ${lock.owner}; ${opts.actor} may not work under it (locks.require_owner_match).`, { hint: `exo session-start --ticket-id ${opts.ticket} --actor ${lock.owner}`, details: { owner: lock.owner } });
    }
    const next: LockState = { ...lock, session: opts.session };
    await writeLockFile(repo, who, opts.ticket, next);
    return next;
  });
}

/** Settle an expired held lock as released (gc-locks); ledger lock.expired. */
export async function expireLock(repo: Repo, who: Who, ticket: string): Promise<LockState | null> {
  const out = await guarded(repo, who, ticket, async () => {
    const lock = await readLock(repo, ticket);
    if (!lock || lock.state !== "held" || isLockLive(lock, who.now)) return null;
    const next: LockState = { ...lock, state: "released", released_at: who.now.toISOString(), session: null };
    await writeLockFile(repo, who, ticket, next);
    return next;
  });
  if (out) await appendLedger(repo, who, [{ type: "lock.expired", ticket, data: { owner: out.owner, fencing_token: out.fencing_token, expires_at: out.expires_at } }]);
  return out;
}

/** Undo bindLock when the start that bound it failed: the previous binding comes back. */
export async function unbindLock(repo: Repo, who: Who, ticket: string, session: string, previous: string | null): Promise<void> {
  await guarded(repo, who, ticket, async () => {
    const lock = await readLock(repo, ticket);
    if (lock && lock.session === session) await writeLockFile(repo, who, ticket, { ...lock, session: previous });
  });
}
