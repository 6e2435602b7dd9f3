// Ticket locks (SPEC §4.6, §7.7): one file per ticket, never deleted (it carries the fencing
// counter). Every mutation re-reads the file under the guard lock-<ID> and writes atomically;
// readers never modify.
import { existsSync, readdirSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import { BUILD_ID } from "../compiled.js";
import { ExoError, ErrorCode, WarningCode } from "../../errors.js";
import { actorMatches, isActor, isTicketId, speaksFor } from "../../kernel/ids.js";
import { readCacheJsonSync, readJsonFile, readRegularTextSync } from "../../io/read.js";
import { removeFileSync, settled, writeCacheFileSync } from "../../io/fs-atomic.js";
import { withGuard } from "../../io/guard.js";
import type { Repo } from "../../io/paths.js";
import { appendLedger, type AppendEntry } from "../ledger/store.js";
import { readSession, writeSession } from "../sessions/store.js";
import { linkProblem } from "../sessions/state-files.js";
import { shellWord } from "../../kernel/quote.js";
import type { SessionRecord } from "../sessions/types.js";
import { lockShapeProblem, PLAUSIBLE_TOKEN } from "./shape.js";
import { lockLost } from "./lost.js";
import { beatLock, isLockLive, isSettledByGc, stampedAhead, type LockState } from "./types.js";
import { writeLockFile } from "./file.js";
import { assertKnownFormat } from "../state-format.js";

export interface Who {
  actor: string;
  host: string;
  now: Date;
}

export async function readLock(repo: Repo, ticket: string): Promise<LockState | null> {
  const file = `.exo/locks/${ticket}.json`;
  // exo writes the lock itself, never a link: one (by hand, a sync tool) is not read through.
  const link = await linkProblem(repo.ticketLockFile(ticket));
  if (link !== null) throw new ExoError(ErrorCode.STATE_CORRUPT, `Lock file ${file} of ${ticket} is unreadable (${link}); run exo doctor --fix.`, { hint: "exo doctor --fix", details: { file, problem: link } });
  const lock = await readJsonFile<LockState>(repo.ticketLockFile(ticket), (issue) => new ExoError(ErrorCode.STATE_CORRUPT, `Lock file ${file} of ${ticket} is unreadable (${issue.message}); run exo doctor --fix.`, { hint: "exo doctor --fix", details: { file, issues: [issue] } }));
  assertKnownFormat(lock, "lock", `.exo/locks/${ticket}.json`);
  const problem = lock === null ? null : lockShapeProblem(lock, ticket);
  if (problem) throw new ExoError(ErrorCode.STATE_CORRUPT, `Lock file of ${ticket} is unreadable (${problem}); run exo doctor --fix.`, { hint: "exo doctor --fix" });
  return lock;
}

/**
 * A lock file as last read: its stat and the lock (null when unparsable or misshapen). A released
 * lock's body is kept apart (see listLocks): `released` says the file holds one, and `lock` is
 * undefined until that body is read.
 */
interface IndexEntry {
  size: number;
  mtimeMs: number;
  ino: number;
  released: boolean;
  lock: LockState | null | undefined;
}

/**
 * A file written this recently may be rewritten within the same timestamp tick with the same size
 * (a heartbeat changes only a time); its entry is not kept, and it is read again (git's "racy"
 * rule). Two seconds covers file systems that keep whole seconds.
 */
const RACY_MS = 2_000;

/** Stats of every lock file, with the bodies of the locks not released. */
const indexFile = (repo: Repo) => join(repo.cacheDir, "locks-index.json");
/** The bodies of released locks (most of a long-lived folder), read only by listings that want them. */
const releasedFile = (repo: Repo) => join(repo.cacheDir, "locks-released.json");
/** Folders with fewer lock files are read whole, without the index. */
const INDEX_FROM = 64;
/** The index is rewritten once this many unchanged files had to be read again. */
const INDEX_REWRITE_AFTER = 8;
const INDEX_VERSION = 2;

/** On disk: `files` name → [size, mtimeMs, ino, kind] (kind 0 held or other, 1 released, 2 unreadable); `locks` the bodies of kind 0. */
interface IndexFile {
  version: number;
  build: string;
  root: string;
  stamp: string;
  files: Record<string, [number, number, number, number]>;
  locks: Record<string, LockState>;
}

interface ReleasedFile {
  version: number;
  build: string;
  root: string;
  stamp: string;
  locks: Record<string, LockState>;
}

function current<T extends { version?: unknown; build?: unknown; root?: unknown }>(parsed: T | null, repo: Repo): parsed is T {
  return parsed !== null && typeof parsed === "object" && parsed.version === INDEX_VERSION && parsed.build === BUILD_ID && parsed.root === repo.locksDir;
}

function readIndex(repo: Repo): { stamp: string; entries: Map<string, IndexEntry> } {
  const parsed = readCacheJsonSync(indexFile(repo)) as IndexFile | null;
  const entries = new Map<string, IndexEntry>();
  if (!current(parsed, repo) || !parsed.files || typeof parsed.files !== "object" || !parsed.locks || typeof parsed.locks !== "object") return { stamp: "", entries };
  for (const [name, row] of Object.entries(parsed.files)) {
    if (!Array.isArray(row) || row.length !== 4) continue;
    const [size, mtimeMs, ino, kind] = row;
    if (kind === 0) {
      const lock = parsed.locks[name];
      if (lock) entries.set(name, { size, mtimeMs, ino, released: false, lock });
    } else entries.set(name, { size, mtimeMs, ino, released: kind === 1, lock: kind === 1 ? undefined : null });
  }
  return { stamp: String(parsed.stamp), entries };
}

/** The released bodies written with the index of `stamp`, or none. */
function readReleased(repo: Repo, stamp: string): Record<string, LockState> {
  const parsed = readCacheJsonSync(releasedFile(repo)) as ReleasedFile | null;
  return current(parsed, repo) && parsed.stamp === stamp && stamp !== "" && parsed.locks && typeof parsed.locks === "object" ? parsed.locks : {};
}

function readLockFileSync(path: string, name: string): LockState | null {
  // Each small file is read synchronously, about ten times faster than four thread-pool round trips apiece.
  try {
    const lock = JSON.parse(readRegularTextSync(path)) as LockState;
    return lockShapeProblem(lock, name.slice(0, -5)) === null ? lock : null;
  } catch {
    return null; // doctor reports unparsable lock files
  }
}

/**
 * Every parsable lock file, by ticket id; with `released: false` only the locks not released
 * (everything a question about held locks needs). Released locks stay (they keep the ticket's
 * fencing token), so the folder grows with every ticket ever worked on: a derived index in cache/
 * (SPEC §11) keeps each file's lock with its size, mtime and inode, and a file is read again only
 * when one of them changed (every exo write is a new file renamed into place, so a new inode). The
 * bodies of released locks sit in a second file, read only by listings that want them, so a
 * question about held locks parses a small index. The result is the same as reading every file.
 */
/** `seen`: filled with the ticket ids of every lock file in the folder, released ones included (the folder is read once). */
export function listLocks(repo: Repo, opts: { released?: boolean; warn?: (code: string, message: string) => void; seen?: Set<string> } = {}): Promise<LockState[]> {
  return settled(() => {
    const unreadable: string[] = [];
    const out = listLocksSync(repo, opts.released ?? true, unreadable, opts.seen);
    // SPEC §4: unparsable state never passes silently. A listing leaves the lock out and says so.
    if (opts.warn && unreadable.length > 0) opts.warn(WarningCode.LOCK_UNREADABLE, `${unreadable.length === 1 ? "Lock file" : "Lock files"} ${unreadable.sort().map((n) => `.exo/locks/${n}`).join(", ")} cannot be read; ${unreadable.length === 1 ? "that lock is" : "those locks are"} left out. Run exo doctor --fix.`);
    return out;
  });
}

function listLocksSync(repo: Repo, wantReleased: boolean, unreadable: string[], seen?: Set<string>): LockState[] {
  let names: string[] = [];
  // A symlink (by hand, a sync tool) is not read through: exo writes the lock itself, and the lock a
  // link points at would decide who holds the ticket and its token (doctor names it; --fix rebuilds).
  const links = new Set<string>();
  try {
    for (const e of readdirSync(repo.locksDir, { withFileTypes: true })) {
      if (!e.name.endsWith(".json") || !isTicketId(e.name.slice(0, -5))) continue;
      names.push(e.name);
      if (e.isSymbolicLink()) links.add(e.name);
    }
  } catch {
    return [];
  }
  if (seen) for (const n of names) seen.add(n.slice(0, -5));
  unreadable.push(...links);
  names = names.filter((n) => !links.has(n));
  const dir = repo.locksDir;
  const out: LockState[] = [];
  // A small folder is read whole: the index pays off from a few dozen files on.
  if (names.length < INDEX_FROM) {
    for (const name of names) {
      const lock = readLockFileSync(`${dir}/${name}`, name);
      if (lock && (wantReleased || lock.state !== "released")) out.push(lock);
      else if (!lock && existsSync(`${dir}/${name}`)) unreadable.push(name);
    }
    return sortLocks(out);
  }
  const { stamp, entries: index } = readIndex(repo);
  let releasedBodies: Record<string, LockState> | null = null;
  const released = () => (releasedBodies ??= readReleased(repo, stamp));
  const fresh = new Map<string, IndexEntry>();
  let reread = 0;
  let bodiesMissing = false;
  const racyFrom = Date.now() - RACY_MS;
  for (const name of names) {
    const path = `${dir}/${name}`;
    let info: Stats | undefined;
    try {
      info = statSync(path, { throwIfNoEntry: false });
    } catch {
      info = undefined;
    }
    if (!info?.isFile()) continue;
    const hit = index.get(name);
    let entry: IndexEntry;
    if (hit && hit.size === info.size && hit.mtimeMs === info.mtimeMs && hit.ino === info.ino) {
      entry = hit;
      if (entry.released && wantReleased && entry.lock === undefined) {
        const body = released()[name];
        if (body) entry.lock = body;
        else {
          entry.lock = readLockFileSync(path, name);
          bodiesMissing = true;
        }
      }
    } else {
      const lock = readLockFileSync(path, name);
      entry = { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino, released: lock?.state === "released", lock };
      if (info.mtimeMs < racyFrom) reread++;
    }
    if (entry.mtimeMs < racyFrom) fresh.set(name, entry);
    if (entry.lock && (wantReleased || !entry.released)) out.push(entry.lock);
    else if (entry.lock === null) unreadable.push(name);
  }
  // Rewritten when many files had to be read again, files are gone or released bodies were
  // missing; a few recent writes (the lock next or start just wrote) are read again rather than
  // rewriting the whole index each call.
  const present = new Set(names);
  if (reread >= INDEX_REWRITE_AFTER || bodiesMissing || [...index.keys()].some((n) => !present.has(n))) writeIndex(repo, fresh, released);
  return sortLocks(out);
}

/** Write both files of the index, the released bodies first, under one new stamp. */
function writeIndex(repo: Repo, entries: Map<string, IndexEntry>, released: () => Record<string, LockState>): void {
  const stamp = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
  const files: IndexFile["files"] = {};
  const locks: IndexFile["locks"] = {};
  const releasedLocks: ReleasedFile["locks"] = {};
  for (const [name, e] of entries) {
    let lock = e.lock;
    if (e.released && lock === undefined) lock = released()[name] ?? readLockFileSync(`${repo.locksDir}/${name}`, name);
    const kind = lock === null || lock === undefined ? 2 : e.released ? 1 : 0;
    files[name] = [e.size, e.mtimeMs, e.ino, kind];
    if (lock && kind === 0) locks[name] = lock;
    if (lock && kind === 1) releasedLocks[name] = lock;
  }
  const head = { version: INDEX_VERSION, build: BUILD_ID, root: repo.locksDir, stamp };
  writeCacheFileSync(releasedFile(repo), JSON.stringify({ ...head, locks: releasedLocks }));
  writeCacheFileSync(indexFile(repo), JSON.stringify({ ...head, files, locks }));
}

function sortLocks(locks: LockState[]): LockState[] {
  return locks.sort((a, b) => (a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : 0));
}

function guarded<T>(repo: Repo, who: Who, ticket: string, fn: () => Promise<T>): Promise<T> {
  return withGuard(repo.stateDir, `lock-${ticket}`, { host: who.host }, fn);
}

function expiry(now: Date, ttlSeconds: number): string {
  return new Date(now.getTime() + ttlSeconds * 1000).toISOString();
}

/**
 * A held lock as a claim writes it: renewed and beaten now, expiring ttlSeconds from now, this
 * process's. `acquiredAt` defaults to now (a lock rebuilt for a session keeps its start).
 */
export function heldLock(who: Who, opts: { ticket: string; owner: string; session: string | null; token: number; ttlSeconds: number; branch: string | null; distributed?: LockState["distributed"]; acquiredAt?: string }): LockState {
  const at = who.now.toISOString();
  return {
    format: "exo.lock/1",
    ticket: opts.ticket,
    state: "held",
    owner: opts.owner,
    session: opts.session,
    fencing_token: opts.token,
    acquired_at: opts.acquiredAt ?? at,
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
    // No lock file: a first claim, or a file deleted (by hand, a pull, a quarantine). The token
    // never goes back: it starts above any the ledger or a session record names for the ticket.
    // A remote claim's token counts that already (its caller passes the floor as localToken; the
    // ledger now also holds the claim's own record, which must not bump the token again).
    const floor = previous ? previous.fencing_token : opts.token !== undefined ? 0 : await tokenFloor(repo, opts.ticket);
    if (previous && isLockLive(previous, who.now)) {
      throw new ExoError(ErrorCode.LOCK_HELD, `Ticket ${opts.ticket} is locked by ${previous.owner}${previous.session ? ` (session ${previous.session})` : ""} until ${previous.expires_at}.`, {
        details: { owner: previous.owner, session: previous.session, expires_at: previous.expires_at },
      });
    }
    const lock = heldLock(who, { ticket: opts.ticket, owner: opts.owner, session: opts.session, token: Math.max(floor + 1, opts.token ?? 0), ttlSeconds: opts.ttlSeconds, branch: opts.branch, distributed: opts.distributed ?? null });
    await writeLockFile(repo, who, opts.ticket, lock);
    if (opts.distributed) {
      const { clearPendingClaim } = await import("./pending.js");
      clearPendingClaim(repo, opts.ticket, opts.distributed.nonce);
    }
    return { lock, previous, takenOver: previous !== null && previous.state === "held" };
  });
  const p = result.previous;
  try {
    await appendLedger(repo, who, [
      result.takenOver && p
        ? { type: "lock.taken_over", ticket: opts.ticket, session: opts.session, data: { owner: opts.owner, fencing_token: result.lock.fencing_token, expires_at: result.lock.expires_at, previous_owner: p.owner, previous_token: p.fencing_token } }
        : { type: "lock.acquired", ticket: opts.ticket, session: opts.session, data: { owner: opts.owner, fencing_token: result.lock.fencing_token, expires_at: result.lock.expires_at } },
    ]);
  } catch (error) {
    // The claim could not be recorded (a full disk, a read-only .exo/ledger): the lock file goes
    // back to what it was. Before, it stayed held for its whole ttl by a session that never started
    // (a start) or a claim the command refused (exo next), and teammates' exo next passed the task
    // over. A distributed claim keeps its lock: the remote lease is pushed and held already.
    if (!opts.distributed) await giveBack(repo, who, result.lock, p).catch(() => undefined);
    throw error;
  }
  return result;
}

/** A lock acquireLock wrote put back as it was before (no file: removed), unless it changed since. */
function giveBack(repo: Repo, who: Who, taken: LockState, previous: LockState | null): Promise<void> {
  return guarded(repo, who, taken.ticket, async () => {
    const now = await readLock(repo, taken.ticket);
    if (now?.fencing_token !== taken.fencing_token || now.session !== taken.session || now.owner !== taken.owner) return;
    if (previous) await writeLockFile(repo, who, taken.ticket, previous);
    else removeFileSync(repo.ticketLockFile(taken.ticket));
  });
}

/**
 * The highest fencing token known for a ticket whose lock file is missing: the ledger's records
 * of it and the session records on it (a session's token is written before its ledger record).
 * Read only when the file is missing, so a held lock never pays for the scan.
 */
export async function tokenFloor(repo: Repo, ticket: string): Promise<number> {
  const [{ ledgerTicketToken }, { listSessions }] = await Promise.all([import("../ledger/tokens.js"), import("../sessions/store.js")]);
  let max = ledgerTicketToken(repo, ticket, PLAUSIBLE_TOKEN);
  for (const s of await listSessions(repo)) {
    if (s.ticket === ticket && s.fencing_token !== null && Number.isSafeInteger(s.fencing_token) && s.fencing_token > max && s.fencing_token <= PLAUSIBLE_TOKEN) max = s.fencing_token;
  }
  return max;
}

/** Whether the actor may renew, heartbeat or release: the owner (or owner:suffix) or the bound session's actor. */
async function holds(repo: Repo, lock: LockState, actor: string): Promise<boolean> {
  if (actorMatches(actor, lock.owner)) return true;
  if (!lock.session) return false;
  const session = await readSession(repo, lock.session);
  // A bare harness actor (agent:codex) for the session its hook started as agent:codex:<id>.
  return session !== null && (session.actor === actor || speaksFor(actor, session.actor));
}

/**
 * The holder's check; `command` is what was run (its hint is that command again as the owner, so a
 * release is not answered with a heartbeat).
 */
async function checkHolder(repo: Repo, lock: LockState, actor: string, opts: { lostWhenFormer?: boolean; command: "lease-heartbeat" | "lease-renew" | "lease-release" }): Promise<void> {
  if (await holds(repo, lock, actor)) return;
  if (opts.lostWhenFormer) {
    const lost = await formerHolderLost(repo, lock, actor);
    if (lost) throw lost;
  }
  // A release of a lock a live session works under: suspending that session gives the lock back
  // with it (before: the release as its owner, which left the session without its lock, stale).
  const bound = opts.command === "lease-release" && lock.session ? await readSession(repo, lock.session).catch(() => null) : null;
  const working = bound !== null && bound.status === "active" && bound.ticket === lock.ticket ? bound : null;
  // An owner that is no actor name (a hand edit or a pulled lock file: a control character, a
  // space) cannot be passed as --actor: the hint to act as it never worked when pasted.
  const nameable = isActor(lock.owner);
  const force = working
    ? opts.command === "lease-release" ? `; it is that session's lock: suspend the session to release it (or pass --force to take it from the session)` : ""
    : !nameable
      ? "; that owner is no valid actor name (a hand edit or a pulled lock file), so no one can act as it: release the lock with --force"
      : opts.command === "lease-release" ? "; release it as its owner, or pass --force to release it anyway" : "";
  throw new ExoError(ErrorCode.LOCK_OWNER_MISMATCH, `The lock on ${lock.ticket} belongs to ${lock.owner}${lock.session ? ` (session ${lock.session})` : ""}, not ${actor}${force}.`, {
    hint: working ? `exo session-suspend --session-id ${working.id} --reason "…" --actor ${shellWord(working.actor)}` : nameable ? `exo ${opts.command} --ticket-id ${lock.ticket} --actor ${lock.owner}` : `exo lease-release --ticket-id ${lock.ticket} --force`,
    details: { owner: lock.owner, session: lock.session },
  });
}

/**
 * The actor held this ticket's lock before (a session of theirs, or a ledger record, with an
 * older token) and someone else holds it now: LOCK_LOST naming the new holder, so the old holder
 * learns who took it rather than "not yours".
 */
async function formerHolderLost(repo: Repo, lock: LockState, actor: string): Promise<ExoError | null> {
  const { listSessions } = await import("../sessions/store.js");
  const sessions = (await listSessions(repo)).filter((s) => s.ticket === lock.ticket && s.actor === actor && s.fencing_token !== null && s.fencing_token < lock.fencing_token);
  let former = sessions.length > 0;
  if (!former) {
    const { readTicketRecords } = await import("../ledger/read.js");
    const kinds = new Set(["lock.acquired", "lock.taken_over", "lock.reacquired", "lock.renewed"]);
    former = (await readTicketRecords(repo, lock.ticket)).some((r) => kinds.has(r.type) && typeof r.data["owner"] === "string" && actorMatches(actor, r.data["owner"]) && Number(r.data["fencing_token"]) < lock.fencing_token);
  }
  if (!former) return null;
  const mine = sessions[0];
  return lockLost({
    ticket: lock.ticket,
    cause: { kind: "taken", owner: lock.owner, session: lock.session, fencing_token: lock.fencing_token },
    next: "finish or hand it off, or pick another ticket with exo next",
    hint: mine ? `exo session-cleanup --session-id ${mine.id} --force` : "exo next",
    details: { ticket: lock.ticket, holder: lock.owner, session: lock.session, fencing_token: lock.fencing_token, state: lock.state, remote: false },
  });
}

/** The actor's lock was released by someone else with --force: LOCK_LOST naming who, not "no lock". */
async function forcedAway(repo: Repo, lock: LockState, actor: string): Promise<ExoError | null> {
  if (lock.state !== "released" || !lock.released_by || actorMatches(actor, lock.released_by)) return null;
  const { listSessions } = await import("../sessions/store.js");
  const mine = (await listSessions(repo)).find((s) => s.ticket === lock.ticket && s.actor === actor && s.fencing_token !== null && s.fencing_token < lock.fencing_token);
  if (!mine && !actorMatches(actor, lock.owner)) return null;
  return lockLost({
    ticket: lock.ticket,
    cause: { kind: "released", by: lock.released_by, at: lock.released_at ?? null, fencing_token: lock.fencing_token },
    next: "close this session and claim work again with exo next",
    hint: mine ? `exo session-cleanup --session-id ${mine.id} --force` : "exo next",
    details: { ticket: lock.ticket, released_by: lock.released_by, fencing_token: lock.fencing_token, state: lock.state, remote: false },
  });
}

/**
 * The lock file is gone while a session of the actor worked under it (a token of its own): LOCK_LOST
 * as finish and session-start answer, not "no lock, claim it" (a claim would not be that session's).
 */
async function fileGone(repo: Repo, ticket: string, actor: string): Promise<ExoError | null> {
  const { listSessions } = await import("../sessions/store.js");
  const mine = (await listSessions(repo)).find((s) => s.ticket === ticket && s.actor === actor && s.fencing_token !== null);
  if (!mine) return null;
  return lockLost({
    ticket,
    session: mine.id,
    cause: { kind: "gone" },
    next: "close this session and pick another ticket",
    hint: `exo session-cleanup --session-id ${mine.id} --force`,
    details: { ticket, lock: null, state: "gone", remote: false },
  });
}

function notLive(ticket: string): ExoError {
  return new ExoError(ErrorCode.LOCK_NOT_FOUND, `No live lock on ${ticket}; claim it with exo next or exo session-start.`, { hint: `exo session-start --ticket-id ${ticket}` });
}

export interface HolderOptions {
  ticket: string;
  ttlSeconds: number;
}

export interface HolderResult {
  lock: LockState;
  previous_fencing_token: number;
  /** The lock had expired with nobody else taking it: its holder took it back (token + 1). */
  reacquired: boolean;
  /**
   * A heartbeat of a held lock stamped ahead of this machine's clock (it ran backwards): how far
   * (ms) ahead, with the stamps the heartbeat found; renewed in place, the token kept.
   */
  clock_back?: { ahead_ms: number; heartbeat_at: string; renewed_at: string };
}

/**
 * Before a distributed holder renews or heartbeats: its remote lease must still be its own (same
 * nonce). Someone else's claim since → LOCK_LOST naming the new holder, even when the local lock
 * has run out meanwhile (then the old holder learns who took it, not just "no lock").
 */
async function checkRemoteHolder(repo: Repo, who: Who, ticket: string): Promise<void> {
  const lock = await readLock(repo, ticket);
  // Held, or settled by gc-locks (a candidate for taking back): anything else is not the holder's.
  const settled = lock !== null && isSettledByGc(lock);
  if (!lock?.distributed || (lock.state !== "held" && !settled)) return;
  const { verifyLease } = await import("./distributed.js");
  await verifyLease(repo, lock.distributed.remote, ticket, lock.distributed.nonce, who, lock.distributed.commit);
}

/**
 * Record in the local lock a renewal of its remote lease that this clone pushed but never wrote
 * here (verifyLease found the pending record): same lease, new nonce and commit, its token.
 */
export async function adoptRenewal(repo: Repo, who: Who, ticket: string, previousNonce: string, block: NonNullable<LockState["distributed"]>, token: number): Promise<boolean> {
  const adopted = await guarded(repo, who, ticket, async () => {
    const lock = await readLock(repo, ticket);
    if (!lock?.distributed || lock.distributed.nonce !== previousNonce) return false;
    await writeLockFile(repo, who, ticket, { ...lock, fencing_token: Math.max(lock.fencing_token, token), distributed: { ...block, ...(lock.distributed.taken_over_from ? { taken_over_from: lock.distributed.taken_over_from } : {}) } });
    return true;
  });
  const { clearPendingClaim } = await import("./pending.js");
  clearPendingClaim(repo, ticket, block.nonce);
  return adopted;
}

type ExtendMode = "renew" | "heartbeat" | "session-start";

/**
 * Renew, heartbeat, or (by its own holder) re-take an expired lock nobody else took: token + 1,
 * a fresh lease, ledger lock.reacquired. The bound session's token follows under its own guard.
 */
async function extendLock(repo: Repo, who: Who, opts: HolderOptions, mode: ExtendMode): Promise<HolderResult> {
  await checkRemoteHolder(repo, who, opts.ticket);
  const at = who.now.toISOString();
  const out = await guarded(repo, who, opts.ticket, async () => {
    const lock = await readLock(repo, opts.ticket);
    if (!lock) throw (await fileGone(repo, opts.ticket, who.actor)) ?? notLive(opts.ticket);
    // Held and stamped ahead of this clock (it ran backwards, NTP undoing a clock days ahead): it
    // never expired and nobody took it, so its holder's heartbeat renews it in place, same token,
    // its stamps brought back to now (before: taken back as expired, token + 1, lock.reacquired).
    const ahead = mode === "heartbeat" ? stampedAhead(lock, who.now) : null;
    if (ahead !== null) {
      await checkHolder(repo, lock, who.actor, { lostWhenFormer: true, command: "lease-heartbeat" });
      const back = (stamp: string) => (stamp > at ? at : stamp);
      const next: LockState = { ...beatLock(lock, who.now, opts.ttlSeconds), acquired_at: back(lock.acquired_at), renewed_at: back(lock.renewed_at) };
      await writeLockFile(repo, who, opts.ticket, next);
      return { lock: next, previous_fencing_token: lock.fencing_token, reacquired: false, expired_at: lock.expires_at, clock_back: { ahead_ms: ahead, heartbeat_at: lock.heartbeat_at, renewed_at: lock.renewed_at } };
    }
    const reacquired = !isLockLive(lock, who.now);
    let rebind: string | null = null;
    if (reacquired) {
      // Held and expired, or settled by gc-locks under a session that still works on it: the
      // holder's to take back. Released otherwise, or someone else's: nothing to take back.
      const settledUnder = lock.state === "released" ? await settledSession(repo, lock, who.actor) : null;
      if (settledUnder) rebind = settledUnder;
      else if (lock.state !== "held" || !(await holds(repo, lock, who.actor))) throw (await forcedAway(repo, lock, who.actor)) ?? notLive(opts.ticket);
    } else await checkHolder(repo, lock, who.actor, { lostWhenFormer: true, command: mode === "renew" ? "lease-renew" : "lease-heartbeat" });
    const previous = lock.fencing_token;
    const fresh = expiry(who.now, opts.ttlSeconds);
    const next: LockState =
      reacquired || mode !== "heartbeat"
        ? { ...lock, ...(rebind ? { state: "held" as const, session: rebind, released_at: null } : {}), fencing_token: previous + 1, renewed_at: at, ...(reacquired ? { heartbeat_at: at } : {}), expires_at: fresh, ttl_seconds: opts.ttlSeconds, host: who.host, pid: process.pid }
        : beatLock(lock, who.now, opts.ttlSeconds);
    await writeLockFile(repo, who, opts.ticket, next);
    return { lock: next, previous_fencing_token: previous, reacquired, expired_at: lock.expires_at };
  });
  const bumped = out.lock.fencing_token !== out.previous_fencing_token;
  await updateBoundSession(repo, who, out.lock.session, (s) => {
    const token = bumped && s.fencing_token === out.previous_fencing_token ? { fencing_token: out.lock.fencing_token } : {};
    const beat = mode !== "renew" && s.status === "active" ? { heartbeat_at: at } : {};
    return Object.keys(token).length + Object.keys(beat).length > 0 ? { ...s, ...token, ...beat } : null;
  });
  const data = { owner: out.lock.owner, fencing_token: out.lock.fencing_token, expires_at: out.lock.expires_at, previous_token: out.previous_fencing_token };
  if (out.reacquired) await appendLedger(repo, who, [{ type: "lock.reacquired", ticket: opts.ticket, session: out.lock.session, data: { ...data, expired_at: out.expired_at, via: mode } }]);
  else if (mode === "renew") await appendLedger(repo, who, [{ type: "lock.renewed", ticket: opts.ticket, session: out.lock.session, data }]);
  let lock = out.lock;
  if (lock.distributed) {
    lock = await followRemote(repo, who, lock, bumped ? "renew" : "heartbeat", opts.ttlSeconds);
    const local = out.lock.fencing_token;
    // The remote token ran ahead: the bound session follows it too, or its writes would count as lost.
    if (lock.fencing_token !== local) await updateBoundSession(repo, who, lock.session, (s) => (s.fencing_token === local ? { ...s, fencing_token: lock.fencing_token } : null));
  }
  return { lock, previous_fencing_token: out.previous_fencing_token, reacquired: out.reacquired, ...("clock_back" in out && out.clock_back ? { clock_back: out.clock_back } : {}) };
}

/** Extend the lock and bump its token; the bound session's token follows. An expired own lock is taken back. */
export async function renewLock(repo: Repo, who: Who, opts: HolderOptions): Promise<HolderResult> {
  return extendLock(repo, who, opts, "renew");
}

/** Extend the lock, same token; refreshes the bound session's heartbeat. An expired own lock is taken back (token + 1). */
export async function heartbeatLock(repo: Repo, who: Who, opts: HolderOptions): Promise<HolderResult> {
  return extendLock(repo, who, opts, "heartbeat");
}

/**
 * A session start by the holder of its own expired lock (nobody took it since) takes it back, so
 * its writes are allowed again. Null when the lock is not that: live, released, or someone else's.
 */
export async function reacquireForSession(repo: Repo, who: Who, opts: HolderOptions & { session: SessionRecord }): Promise<HolderResult | null> {
  const lock = await readLock(repo, opts.ticket);
  if (!lock || isLockLive(lock, who.now) || lock.fencing_token !== opts.session.fencing_token) return null;
  if (lock.state === "held" ? lock.session !== null && lock.session !== opts.session.id : (await settledSession(repo, lock, opts.session.actor)) !== opts.session.id) return null;
  return extendLock(repo, who, opts, "session-start");
}

/**
 * A released lock that gc-locks settled after its lease ran out (released after expiry, not by a
 * person) while the actor's active session with the same token still works on the ticket: that
 * session's id, else null. Suspended sessions, forced and ordinary releases never qualify.
 */
async function settledSession(repo: Repo, lock: LockState, actor: string): Promise<string | null> {
  if (!isSettledByGc(lock)) return null;
  const { listSessions } = await import("../sessions/store.js");
  const mine = (await listSessions(repo)).find((s) => s.ticket === lock.ticket && s.actor === actor && s.status === "active" && s.fencing_token === lock.fencing_token);
  return mine?.id ?? null;
}

/** Mirror renew/heartbeat on the remote lease (nonce-checked) and record its new commit locally. */
async function followRemote(repo: Repo, who: Who, lock: LockState, mode: "renew" | "heartbeat", ttlSeconds: number): Promise<LockState> {
  if (!lock.distributed) return lock;
  const { updateLease } = await import("./distributed.js");
  const r = await updateLease(repo, who, { remote: lock.distributed.remote, ticket: lock.ticket, mode, ttlSeconds, owner: lock.owner, nonce: lock.distributed.nonce, commit: lock.distributed.commit });
  if (!r) return lock;
  return guarded(repo, who, lock.ticket, async () => {
    const current = await readLock(repo, lock.ticket);
    if (!current || current.fencing_token !== lock.fencing_token) return lock;
    // The remote token is authoritative when it ran ahead (renews from another checkout).
    const next: LockState = { ...current, fencing_token: Math.max(current.fencing_token, r.token), distributed: { ...r.block, ...(current.distributed?.taken_over_from ? { taken_over_from: current.distributed.taken_over_from } : {}) } };
    await writeLockFile(repo, who, lock.ticket, next);
    const { clearPendingClaim } = await import("./pending.js");
    clearPendingClaim(repo, lock.ticket, r.block.nonce);
    return next;
  });
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
  /** How the release leaves the ticket (a close-out, ticket-close): recorded in the released lock. */
  outcome?: { ticketStatus: string; branch: string | null };
}

/** What a forced release overrode: the previous owner and the live session of another actor bound to it. */
export interface ForcedRelease {
  previous_owner: string;
  session: string | null;
  session_actor: string | null;
}

/**
 * Release: state released, session null. LOCK_BOUND when a live session of another actor holds it
 * and LOCK_OWNER_MISMATCH when the lock is someone else's, unless `force`. A forced release past a
 * bound session bumps the token, so that session has lost its lock exactly as after a takeover
 * (finish answers LOCK_LOST, session-scan calls it stale with lock_lost).
 */
export async function releaseLock(repo: Repo, who: Who, opts: ReleaseOptions): Promise<{ lock: LockState | null; previous_fencing_token: number | null; released: boolean; forced: ForcedRelease | null; remote_not_released?: string }> {
  const out = await guardedRelease(repo, who, opts).catch(async (error: unknown) => {
    // An expired distributed hold another clone has taken over since: LOCK_LOST naming the new
    // holder (a network read, so outside the guard).
    // (A remote that does not answer leaves the first answer.)
    const mine = error instanceof ExoError && error.code === ErrorCode.LOCK_NOT_FOUND ? await readLock(repo, opts.ticket).catch(() => null) : null;
    if (mine && actorMatches(who.actor, mine.owner)) {
      await checkRemoteHolder(repo, who, opts.ticket).catch((lost: unknown) => {
        if (lost instanceof ExoError && lost.code === ErrorCode.LOCK_LOST) throw lost;
      });
    }
    throw error;
  });
  if (out.released && out.lock) {
    const f = out.forced;
    await appendLedger(repo, who, [{ type: "lock.released", ticket: opts.ticket, session: opts.bySession ?? f?.session ?? null, data: { owner: out.lock.owner, fencing_token: out.lock.fencing_token, ...(f ? { forced: true, previous_owner: f.previous_owner, previous_token: out.previous_fencing_token, released_by: who.actor, session_lost: f.session, session_actor: f.session_actor } : {}) } }]);
    if (out.lock.distributed) {
      // The remote lease follows; if the remote is unreachable it expires on its own.
      const { updateLease } = await import("./distributed.js");
      const { readTicket } = await import("../tickets/store.js");
      // The released state says how the ticket ended, so clones that have not pulled yet skip it.
      const ticketStatus = (await readTicket(repo, opts.ticket).catch(() => null))?.status;
      // The local release stands either way; the caller warns (doctor --fix releases it later).
      const failed = await updateLease(repo, who, { remote: out.lock.distributed.remote, ticket: opts.ticket, mode: "release", ttlSeconds: 0, owner: out.lock.owner, nonce: out.lock.distributed.nonce, commit: out.lock.distributed.commit, ticketStatus }).then(
        () => null,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      if (failed !== null) return { ...out, remote_not_released: `The remote lease of ${opts.ticket} on ${out.lock.distributed.remote} could not be released (${failed.replace(/\.$/, "")}); it stays held until its ttl runs out, or run exo doctor --fix once the remote answers.` };
    }
  }
  return out;
}

type ReleaseResult = { lock: LockState | null; previous_fencing_token: number | null; released: boolean; forced: ForcedRelease | null };

/** The local part of releaseLock, under the ticket's guard. */
function guardedRelease(repo: Repo, who: Who, opts: ReleaseOptions): Promise<ReleaseResult> {
  return guarded(repo, who, opts.ticket, async (): Promise<ReleaseResult> => {
    const lock = await readLock(repo, opts.ticket);
    // A session gives back its own lock even when the lease ran out meanwhile.
    const ownExpired = opts.bySession !== undefined && opts.bySession !== null && lock !== null && lock.state === "held" && lock.session === opts.bySession;
    if (!lock || (!isLockLive(lock, who.now) && !ownExpired)) {
      if (opts.ignoreMissing || opts.bySession) return { lock, previous_fencing_token: lock?.fencing_token ?? null, released: false, forced: null };
      // A holder that lost it (another clone took the lease over, the file went, someone forced
      // it away) learns so, as heartbeat and renew say, not "no lock; claim it".
      throw (lock ? await forcedAway(repo, lock, who.actor) : await fileGone(repo, opts.ticket, who.actor)) ?? notLive(opts.ticket);
    }
    let forced: ForcedRelease | null = null;
    if (opts.bySession) {
      if (lock.session !== opts.bySession) return { lock, previous_fencing_token: lock.fencing_token, released: false, forced: null };
    } else if (!opts.skipHolderCheck) {
      const holder = await holds(repo, lock, who.actor);
      if (!holder && !opts.force) await checkHolder(repo, lock, who.actor, { command: "lease-release" });
      const session = lock.session ? await readSession(repo, lock.session) : null;
      const victim = session && session.actor !== who.actor ? session : null;
      if (victim && !opts.force) {
        throw new ExoError(ErrorCode.LOCK_BOUND, `Session ${victim.id} of ${victim.actor} works under this lock; finish it, or pass --force (that session loses the lock).`, {
          hint: `exo lease-release --ticket-id ${opts.ticket} --force`,
          details: { session: victim.id, actor: victim.actor },
        });
      }
      if (!holder || victim) forced = { previous_owner: lock.owner, session: victim?.id ?? null, session_actor: victim?.actor ?? null };
    }
    const next: LockState = { ...lock, state: "released", released_at: who.now.toISOString(), session: null, ...(forced?.session ? { fencing_token: lock.fencing_token + 1 } : {}), ...(forced ? { released_by: who.actor } : {}), ...(opts.outcome ? { ticket_status: opts.outcome.ticketStatus, released_branch: opts.outcome.branch } : {}) };
    await writeLockFile(repo, who, opts.ticket, next);
    return { lock: next, previous_fencing_token: lock.fencing_token, released: true, forced };
  });
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
      throw new ExoError(ErrorCode.LOCK_OWNER_MISMATCH, `The lock on ${opts.ticket} belongs to ${lock.owner}; ${opts.actor} may not work under it (locks.require_owner_match).`, { hint: isActor(lock.owner) ? `exo session-start --ticket-id ${opts.ticket} --actor ${lock.owner}` : `exo lease-release --ticket-id ${opts.ticket} --force`, details: { owner: lock.owner } });
    }
    const next: LockState = { ...lock, session: opts.session };
    await writeLockFile(repo, who, opts.ticket, next);
    return next;
  });
}

/**
 * Name `session` in the remote lease of this clone's distributed lock on `ticket` (after bindLock,
 * or null/the previous one to undo it), LOCK_LOST when the lease is no longer this claim's. The
 * lock records the lease's new commit. Returns that lock (null when unchanged) and, when a push
 * named the session, the session the lease named before.
 */
export async function bindRemoteSession(repo: Repo, who: Who, ticket: string, session: string | null): Promise<{ lock: LockState | null; previous: { session: string | null } | null }> {
  const lock = await readLock(repo, ticket);
  if (!lock?.distributed) return { lock: null, previous: null };
  const { bindLeaseSession } = await import("./distributed.js");
  const r = await bindLeaseSession(repo, who, ticket, lock.distributed, session);
  const previous = r.pushed ? { session: r.previous } : null;
  if (r.block.commit === lock.distributed.commit) return { lock: null, previous };
  const updated = await guarded(repo, who, ticket, async () => {
    const now = await readLock(repo, ticket);
    if (!now?.distributed || now.distributed.nonce !== r.block.nonce) return null;
    const next: LockState = { ...now, distributed: { ...now.distributed, commit: r.block.commit } };
    await writeLockFile(repo, who, ticket, next);
    return next;
  });
  return { lock: updated, previous };
}

/** Settle an expired held lock as released (gc-locks); ledger lock.expired. */
export function expireLock(repo: Repo, who: Who, ticket: string): Promise<LockState | null> {
  return releaseHere(repo, who, ticket, (lock) => lock.state === "held" && !isLockLive(lock, who.now), (out) => ({ type: "lock.expired", ticket, data: { owner: out.owner, fencing_token: out.fencing_token, expires_at: out.expires_at } }));
}

/**
 * This clone's lock of a session that ended because another clone took the remote lease over: the
 * lock is released here (ledger lock.released, `superseded: true`) and the remote lease is left to
 * its new holder (releaseLock would write a released state over it).
 */
export function settleSupersededLock(repo: Repo, who: Who, ticket: string, session: string): Promise<LockState | null> {
  return releaseHere(repo, who, ticket, (lock) => lock.state === "held" && lock.session === session, (out) => ({ type: "lock.released", ticket, session, data: { owner: out.owner, fencing_token: out.fencing_token, superseded: true } }));
}

/**
 * This clone's claim whose remote lease moved on elsewhere and is free now (claimMovedOn): released
 * here (ledger lock.released, `superseded: true`) while the file still holds that claim (`nonce`).
 */
export function settleMovedClaim(repo: Repo, who: Who, ticket: string, nonce: string): Promise<LockState | null> {
  return releaseHere(repo, who, ticket, (lock) => lock.state === "held" && lock.session === null && lock.distributed?.nonce === nonce, (out) => ({ type: "lock.released", ticket, data: { owner: out.owner, fencing_token: out.fencing_token, superseded: true } }));
}

/** Under the ticket's guard, the lock file marked released when `applies` to it, then `record` in the ledger; nothing remote. */
async function releaseHere(repo: Repo, who: Who, ticket: string, applies: (lock: LockState) => boolean, record: (released: LockState) => AppendEntry): Promise<LockState | null> {
  const out = await guarded(repo, who, ticket, async () => {
    const lock = await readLock(repo, ticket);
    if (!lock || !applies(lock)) return null;
    const next: LockState = { ...lock, state: "released", released_at: who.now.toISOString(), session: null };
    await writeLockFile(repo, who, ticket, next);
    return next;
  });
  if (out) await appendLedger(repo, who, [record(out)]);
  return out;
}

/** Undo bindLock when the start that bound it failed: the previous binding comes back. */
export async function unbindLock(repo: Repo, who: Who, ticket: string, session: string, previous: string | null): Promise<void> {
  await guarded(repo, who, ticket, async () => {
    const lock = await readLock(repo, ticket);
    if (lock && lock.session === session) await writeLockFile(repo, who, ticket, { ...lock, session: previous });
  });
}
