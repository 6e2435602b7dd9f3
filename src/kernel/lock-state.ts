// The lock rules the hook's kernel and the lock store share: whether a lock is live, whether
// gc-locks settled it, and how far a renewal moves its expiry. No imports: the hook bundles it.

/**
 * The longest a lock or lease may run past its last renewal and past now: the largest
 * `locks.ttl_hours` (168) plus an hour of clock slack. An expiry beyond it was not written by an
 * exo whose clock agreed with this one (a clock that had jumped ahead, a hand edit, a forged
 * file): it never holds a ticket.
 */
export const MAX_LEASE_MS = 169 * 3_600_000;

/** Held and not expired; a lease ending further ahead than the longest lease (a clock days ahead, a forged ref) never counts. */
export function isLeaseLive(s: { state: string; expires_at: string }, now: Date): boolean {
  const left = Date.parse(s.expires_at) - now.getTime();
  return s.state === "held" && left > 0 && left <= MAX_LEASE_MS;
}

/** The members of a lock these rules read. */
export interface LockClock {
  state: "held" | "released";
  expires_at: string;
  acquired_at?: string;
  renewed_at?: string;
  heartbeat_at?: string;
  released_at?: string | null;
  released_by?: string | null;
}

const time = (v: unknown): number => (typeof v === "string" ? Date.parse(v) : Number.NaN);

/**
 * Why a lock's expiry cannot be believed at `now`, or null: it lies more than the longest lease
 * beyond now (a clock ahead, or a forged "until 9999"), or beyond the lock's own latest stamp
 * (acquired, renewed, heartbeat). Both bounds hold for every lock exo writes, so a healthy lock is
 * never caught; a lock whose expiry is not a date is unbelievable too.
 */
export function implausibleExpiry(lock: LockClock, now: Date): "beyond_now" | "beyond_stamp" | "not_a_date" | null {
  const expires = time(lock.expires_at);
  if (Number.isNaN(expires)) return "not_a_date";
  if (expires - now.getTime() > MAX_LEASE_MS) return "beyond_now";
  const stamps = [time(lock.acquired_at), time(lock.renewed_at), time(lock.heartbeat_at)].filter((t) => !Number.isNaN(t));
  if (stamps.length > 0 && expires - Math.max(...stamps) > MAX_LEASE_MS) return "beyond_stamp";
  return null;
}

/**
 * How far (ms) the latest stamp of a held lock (acquired, renewed, heartbeat) lies ahead of `now`
 * when its expiry is unbelievable for that reason, or null: this machine's clock ran backwards
 * since exo stamped it (NTP undoing a clock that was days ahead), not a lock that expired.
 */
export function stampedAhead(lock: LockClock, now: Date): number | null {
  if (lock.state !== "held" || implausibleExpiry(lock, now) !== "beyond_now") return null;
  const latest = Math.max(...[time(lock.acquired_at), time(lock.renewed_at), time(lock.heartbeat_at)].filter((t) => !Number.isNaN(t)));
  const ahead = latest - now.getTime();
  return Number.isFinite(ahead) && ahead > 0 ? ahead : null;
}

/** Held, not expired, and its expiry believable (see implausibleExpiry). */
export function isLockLive(lock: LockClock | null, now: Date): boolean {
  return lock !== null && lock.state === "held" && time(lock.expires_at) > now.getTime() && implausibleExpiry(lock, now) === null;
}

/**
 * Released by gc-locks after it expired (not by a person, not by its holder before expiry): its
 * holder may take it back. A lock settled because its expiry was unbelievable counts too.
 */
export function isSettledByGc(lock: LockClock): boolean {
  if (lock.state !== "released" || lock.released_by || typeof lock.released_at !== "string") return false;
  if (lock.released_at >= lock.expires_at) return true;
  const released = time(lock.released_at);
  return !Number.isNaN(released) && implausibleExpiry(lock, new Date(released)) !== null;
}

/** An expiry moved to now + ttl, never earlier than it was (a heartbeat, a renewal, a handover); an unbelievable one is replaced. */
export function laterExpiry(expiresAt: string, now: Date, ttlSeconds: number): string {
  const full = now.getTime() + ttlSeconds * 1000;
  const current = Date.parse(expiresAt);
  return Number.isNaN(current) || current < full || current - now.getTime() > MAX_LEASE_MS ? new Date(full).toISOString() : expiresAt;
}
