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
export function isLockLive(lock: LockState | null, now: Date): boolean {
  return lock !== null && lock.state === "held" && Date.parse(lock.expires_at) > now.getTime();
}
