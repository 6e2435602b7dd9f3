// Ticket lock file format (SPEC §4.6): .exo/locks/<ID>.json, ephemeral, never deleted.
import { implausibleExpiry, isLockLive, isSettledByGc, laterExpiry, stampedAhead } from "../../kernel/lock-state.js";
import { SETTLED_STATUSES } from "../tickets/types.js";
import { plural } from "../../kernel/plural.js";

export interface DistributedLease {
  remote: string;
  ref: string;
  commit: string;
  nonce: string;
  /** Set when this claim took an expired lease over from another owner (contention advisory). */
  taken_over_from?: { owner: string; host: string; session: string | null; fencing_token: number };
}

export interface LockState {
  format: "exo.lock/1";
  ticket: string;
  state: "held" | "released";
  owner: string;
  session: string | null;
  fencing_token: number;
  acquired_at: string;
  renewed_at: string;
  heartbeat_at: string;
  expires_at: string;
  released_at: string | null;
  ttl_seconds: number;
  host: string;
  pid: number;
  branch: string | null;
  distributed: DistributedLease | null;
  /** Set by a forced release (lease-release --force): who released another actor's lock. */
  released_by?: string;
  /**
   * Set when a session's close-out or ticket-close released it: the ticket's status then and the
   * branch that status is on (null when detached). Another worktree of the clone, whose committed
   * copy of the ticket still says todo, learns from it that the work waits on that branch.
   */
  ticket_status?: string;
  released_branch?: string | null;
}

/**
 * The branch a session's close-out (or ticket-close) on another branch left a ticket settled on
 * (review, done, cancelled, archived), when this checkout's copy of the ticket, whose status was
 * last set before that release, does not show it yet; else null. The caller checks the branch is not its own and
 * still exists.
 */
export function settledOnBranch(lock: LockState | null | undefined, ticket: { status: string; created_at: string; history: readonly { at: string }[] }): string | null {
  if (!lock || lock.state !== "released" || !lock.released_branch || !SETTLED_STATUSES.has(lock.ticket_status ?? "")) return null;
  if (ticket.status !== "todo" && ticket.status !== "active") return null;
  // This copy's status set after that release (set back to todo by hand): a reopening here. An
  // edit of another field (priority, labels) is none.
  const statusSince = ticket.history[ticket.history.length - 1]?.at ?? ticket.created_at;
  return (lock.released_at ?? "") >= statusSince ? lock.released_branch : null;
}

/** Live = held and not expired at `now`. */
export { implausibleExpiry, isLockLive, isSettledByGc, laterExpiry, stampedAhead } from "../../kernel/lock-state.js";

/**
 * One heartbeat of a live lock, the same for `exo lease-heartbeat` and the hook: same token, the
 * heartbeat stamped, the expiry moved to now + TTL (never earlier than it was).
 */
export function beatLock<L extends Pick<LockState, "expires_at" | "ttl_seconds">>(lock: L, now: Date, ttlSeconds = lock.ttl_seconds): L & { heartbeat_at: string } {
  return { ...lock, heartbeat_at: now.toISOString(), expires_at: laterExpiry(lock.expires_at, now, ttlSeconds) };
}

/**
 * What a hook's heartbeat may do with its session's lock. "beat" only in the last quarter of the
 * TTL, so most tool calls write nothing; "lapsed" (expired, or settled by gc-locks, still the
 * session's token and binding) is extended before the call is decided (hooks/hook-io.ts
 * reviveLapsedLock, SPEC §7.14: same token, unlike the holder's commands, which take it back with
 * token + 1).
 */
export function hookBeatPlan(
  lock: Pick<LockState, "state" | "session" | "fencing_token" | "expires_at" | "ttl_seconds"> | null,
  session: { id: string; fencing_token: number | null },
  now: Date,
): "beat" | "lapsed" | "none" {
  if (!lock || lock.fencing_token !== session.fencing_token || (lock.session !== session.id && lock.session !== null)) return "none";
  if (!isLockLive(lock, now)) return "lapsed";
  return Date.parse(lock.expires_at) - now.getTime() < (lock.ttl_seconds * 1000) / 4 ? "beat" : "none";
}

/**
 * The lock a hook's lapsed-lock revival would write (hooks/hook-io.ts reviveLapsedLock, SPEC §7.14),
 * or null when it would leave the lock to the holder's commands: a local lock of this session's
 * token and binding that expired or was settled by gc-locks, with a plausible expiry not stamped
 * ahead of the clock. The same answer for the hook, which writes it, and exo decide, which says
 * the call would be let through once it is.
 */
export function lapsedRevival<L extends LockState>(lock: L | null, session: { id: string; fencing_token: number | null }, now: Date): (Omit<L, "ticket_status" | "released_branch" | "released_by"> & { heartbeat_at: string }) | null {
  if (!lock || lock.distributed) return null;
  if (hookBeatPlan(lock, session, now) !== "lapsed" || !(lock.state === "held" || isSettledByGc(lock))) return null;
  if (implausibleExpiry(lock, now) !== null || stampedAhead(lock, now) !== null) return null;
  const { ticket_status: _status, released_branch: _branch, released_by: _by, ...kept } = lock;
  return beatLock({ ...kept, state: "held" as const, session: session.id, released_at: null }, now);
}

/**
 * A session's own lock stamped ahead of this machine's clock, which ran backwards since (before:
 * "expired or was released during the session", which it was not).
 */
export function clockBackNote(ticket: string, lock: { heartbeat_at: string; renewed_at: string }, now: Date, aheadMs: number): string {
  const hours = aheadMs / 3_600_000;
  const span = hours >= 48 ? `${Math.round(hours / 24)} days` : plural(Math.max(1, Math.round(hours)), "hour");
  const stamp = lock.heartbeat_at > lock.renewed_at ? lock.heartbeat_at : lock.renewed_at;
  return `The lock on ${ticket} is stamped ${span} ahead of this machine's clock (last stamp ${stamp}, now ${now.toISOString()}): the clock ran backwards during the session; nobody else took the lock, so it stayed this session's. Check the clock (timedatectl).`;
}
