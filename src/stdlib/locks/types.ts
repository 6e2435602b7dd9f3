// Ticket lock file format (SPEC §4.6): .exo/locks/<ID>.json, ephemeral, never deleted.
import { isLockLive, laterExpiry } from "../../kernel/lock-state.js";

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
 * What a hook's heartbeat may do with its session's lock. A lapsed lock is never revived here:
 * taking back an expired lock bumps its token and records lock.reacquired, which only the holder's
 * commands (lease-heartbeat, lease-renew, session-start) do. "beat" only in the last quarter of
 * the TTL, so most tool calls write nothing.
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
 * A session's own lock stamped ahead of this machine's clock, which ran backwards since (before:
 * "expired or was released during the session", which it was not).
 */
export function clockBackNote(ticket: string, lock: { heartbeat_at: string; renewed_at: string }, now: Date, aheadMs: number): string {
  const hours = aheadMs / 3_600_000;
  const span = hours >= 48 ? `${Math.round(hours / 24)} days` : `${Math.max(1, Math.round(hours))} hour(s)`;
  const stamp = lock.heartbeat_at > lock.renewed_at ? lock.heartbeat_at : lock.renewed_at;
  return `The lock on ${ticket} is stamped ${span} ahead of this machine's clock (last stamp ${stamp}, now ${now.toISOString()}): the clock ran backwards during the session; nobody else took the lock, so it stayed this session's. Check the clock (timedatectl).`;
}
