// The lock rules the hook's kernel and the lock store share: whether a lock is live, whether
// gc-locks settled it, and how far a renewal moves its expiry. No imports: the hook bundles it.

/** The members of a lock these rules read. */
export interface LockClock {
  state: "held" | "released";
  expires_at: string;
  released_at?: string | null;
  released_by?: string | null;
}

export function isLockLive(lock: LockClock | null, now: Date): boolean {
  return lock !== null && lock.state === "held" && Date.parse(lock.expires_at) > now.getTime();
}

/** Released by gc-locks after it expired (not by a person, not by its holder before expiry): its holder may take it back. */
export function isSettledByGc(lock: LockClock): boolean {
  return lock.state === "released" && !lock.released_by && typeof lock.released_at === "string" && lock.released_at >= lock.expires_at;
}

/** An expiry moved to now + ttl, never earlier than it was (a heartbeat, a renewal, a handover). */
export function laterExpiry(expiresAt: string, now: Date, ttlSeconds: number): string {
  const full = now.getTime() + ttlSeconds * 1000;
  const current = Date.parse(expiresAt);
  return Number.isNaN(current) || current < full ? new Date(full).toISOString() : expiresAt;
}
