// LOCK_LOST in one wording, whoever notices it (heartbeat, renew, session-start, session-finish,
// a remote lease check): which lock or lease, who has it now or who released it, with what token,
// and that the old holder's work stays on its branch.
import { ErrorCode, ExoError } from "../../errors.js";
import type { LockState } from "./types.js";

/** How the old holder lost it. `remote` (a remote's name) makes it a distributed lease. */
export type LostCause =
  | { kind: "taken"; owner: string; session?: string | null; fencing_token: number; host?: string; remote?: string }
  | { kind: "released"; by: string | null; at?: string | null; fencing_token: number }
  | { kind: "gone" };

export interface LockLost {
  ticket: string;
  cause: LostCause;
  /** The old holder's session, when one lost it ("Session … lost the lock on …"). */
  session?: string | null;
  /** Said before the advice, e.g. "nothing was written". */
  note?: string;
  /** What the old holder does now, after "your work stays on your branch: ". */
  next: string;
  hint: string;
  details: Record<string, unknown>;
}

/** The cause as a local lock file shows it: held by someone → taken over; released → released; none → gone. */
export function lostCause(lock: LockState | null): LostCause {
  if (!lock) return { kind: "gone" };
  if (lock.state === "held") return { kind: "taken", owner: lock.owner, session: lock.session, fencing_token: lock.fencing_token };
  return { kind: "released", by: lock.released_by ?? null, at: lock.released_at ?? null, fencing_token: lock.fencing_token };
}

function how(c: Exclude<LostCause, { kind: "gone" }>): string {
  if (c.kind === "released") return c.by ? `released by force by ${c.by}${c.at ? ` at ${c.at}` : ""} (token ${c.fencing_token})` : `released (token ${c.fencing_token})`;
  const where = c.remote !== undefined ? ` on ${c.host || "another host"}` : "";
  return `taken over by ${c.owner}${where}${c.session ? ` (session ${c.session})` : ""} with token ${c.fencing_token}${c.remote !== undefined ? ` (remote ${c.remote})` : ""}`;
}

export function lockLostMessage(l: Omit<LockLost, "hint" | "details">): string {
  const noun = l.cause.kind === "taken" && l.cause.remote !== undefined ? "lease" : "lock";
  const head =
    l.cause.kind === "gone"
      ? l.session
        ? `Session ${l.session} lost the lock on ${l.ticket}: its lock file is gone`
        : `The lock on ${l.ticket} is gone`
      : l.session
        ? `Session ${l.session} lost the ${noun} on ${l.ticket}: ${how(l.cause)}`
        : `The ${noun} on ${l.ticket} was ${how(l.cause)}`;
  return `${head}; ${l.note ? `${l.note}; ` : ""}your work stays on your branch: ${l.next}.`;
}

/** The LOCK_LOST error. */
export function lockLost(l: LockLost): ExoError {
  return new ExoError(ErrorCode.LOCK_LOST, lockLostMessage(l), { hint: l.hint, details: l.details });
}
