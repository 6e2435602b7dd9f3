// Session staleness (SPEC §7.14): computed, never stored.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { isPidDead } from "../../io/guard.js";
import { isLockLive, type LockState } from "../locks/types.js";
import type { SessionRecord } from "./types.js";

export type StaleReason = "pid_dead" | "heartbeat_expired" | "lease_expired" | "lock_lost" | "suspended_too_long";

/** A marker of the process instance: Linux /proc start time, macOS `ps -o lstart=`; null when unknown. */
export function pidStartMarker(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (starttime) counts from after the parenthesised command name.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    if (process.platform !== "darwin") return null;
    try {
      return execFileSync("ps", ["-o", "lstart=", "-p", String(pid)], { encoding: "utf8" }).trim() || null;
    } catch {
      return null;
    }
  }
}

/** Is the recorded pid gone (or reused by another process)? Only meaningful on the same host. */
export function pidAlive(session: Pick<SessionRecord, "pid" | "pid_start">): boolean {
  if (session.pid === null) return false;
  if (isPidDead(session.pid)) return false;
  if (session.pid_start) {
    const now = pidStartMarker(session.pid);
    if (now !== null && now !== session.pid_start) return false;
  }
  return true;
}

export interface LivenessInput {
  session: SessionRecord;
  lock: LockState | null;
  now: Date;
  host: string;
  heartbeatTimeoutMinutes: number;
  suspendedMaxDays: number;
  /**
   * The lock file is there but cannot be read (garbled): whether it is live is unknown, so the
   * session is judged by its pid and heartbeat alone, never stale for its lock (doctor --fix
   * rebuilds the lock as the session's). Before, it read as expired, and session-cleanup ended a
   * working session.
   */
  lockUnreadable?: boolean;
}

export interface Liveness {
  stale: boolean;
  reasons: StaleReason[];
  pid_alive: boolean | null;
  lock_live: boolean;
}

export function assessSession(input: LivenessInput): Liveness {
  const { session, lock, now } = input;
  const lockLive = lock !== null && isLockLive(lock, now);
  const local = session.pid !== null && session.host === input.host;
  const alive = local ? pidAlive(session) : null;
  const reasons: StaleReason[] = [];
  if (session.status === "suspended") {
    if (session.suspended_at && now.getTime() - Date.parse(session.suspended_at) > input.suspendedMaxDays * 86_400_000) reasons.push("suspended_too_long");
    return { stale: reasons.length > 0, reasons, pid_alive: alive, lock_live: lockLive };
  }
  if (alive === false) reasons.push("pid_dead");
  const heartbeatExpired = now.getTime() - Date.parse(session.heartbeat_at) > input.heartbeatTimeoutMinutes * 60_000;
  if (heartbeatExpired) reasons.push("heartbeat_expired");
  // Lost: another session holds it now, or its token moved past the session's (a takeover, or a
  // forced release, which bumps the token even though nobody holds the lock afterwards).
  const lockLost = lock !== null && ((lockLive && lock.session !== null && lock.session !== session.id) || (session.fencing_token !== null && lock.fencing_token > session.fencing_token));
  const unknown = input.lockUnreadable === true;
  if (!lockLive && !unknown) reasons.push("lease_expired");
  if (lockLost) reasons.push("lock_lost");
  // A live local pid keeps a session alive whatever its heartbeat (an idle agent is not a crash).
  const stale = reasons.includes("pid_dead") || reasons.includes("lock_lost") || (alive !== true && (heartbeatExpired || (!lockLive && !unknown)));
  return { stale, reasons: stale ? reasons : [], pid_alive: alive, lock_live: lockLive };
}
