// Ticket lock file format (SPEC §4.6): .exo/locks/<ID>.json, ephemeral, never deleted.

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
/** A handed-over lease or lock runs at least a whole ttl from the handoff: the receiver starts later. */
export function laterExpiry(expiresAt: string, now: Date, ttlSeconds: number): string {
  const full = now.getTime() + ttlSeconds * 1000;
  const current = Date.parse(expiresAt);
  return Number.isNaN(current) || current < full ? new Date(full).toISOString() : expiresAt;
}

export function isLockLive(lock: LockState | null, now: Date): boolean {
  return lock !== null && lock.state === "held" && Date.parse(lock.expires_at) > now.getTime();
}

/** Released by gc-locks after it expired (not by a person, not by its holder before expiry): its holder may take it back. */
export function isSettledByGc(lock: Pick<LockState, "state" | "released_by" | "released_at" | "expires_at">): boolean {
  return lock.state === "released" && !lock.released_by && lock.released_at !== null && lock.released_at >= lock.expires_at;
}

/**
 * One heartbeat of a live lock, the same for `exo lease-heartbeat` and the hook: same token, the
 * heartbeat stamped, the expiry moved to now + TTL (never earlier than it was).
 */
export function beatLock<L extends Pick<LockState, "expires_at" | "ttl_seconds">>(lock: L, now: Date, ttlSeconds = lock.ttl_seconds): L & { heartbeat_at: string } {
  const fresh = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  return { ...lock, heartbeat_at: now.toISOString(), expires_at: fresh > lock.expires_at ? fresh : lock.expires_at };
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
  if (!isLockLive(lock as LockState, now)) return "lapsed";
  return Date.parse(lock.expires_at) - now.getTime() < (lock.ttl_seconds * 1000) / 4 ? "beat" : "none";
}
