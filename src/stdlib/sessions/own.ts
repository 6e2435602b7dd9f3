// Which session is "yours": the pure lookups that exo next, exo check, install's next steps and
// session-resume share, so they never name different sessions for one actor.
import { actorMatches } from "../../kernel/ids.js";
import type { SessionRecord } from "./types.js";

/** A session named to its actor: its id and ticket. */
export interface OwnSession {
  id: string;
  ticket: string;
}

/** Suspended sessions in the order a resume takes them: the latest suspended first (ties: the later id). */
export function latestSuspendedFirst(a: SessionRecord, b: SessionRecord): number {
  const x = a.suspended_at ?? "";
  const y = b.suspended_at ?? "";
  if (x !== y) return x < y ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The suspended session among `sessions` that `exo session-resume` (no id) continues, or undefined. */
export function latestSuspended(sessions: readonly SessionRecord[]): SessionRecord | undefined {
  return sessions.filter((s) => s.status === "suspended").sort(latestSuspendedFirst)[0];
}

/** The actor's single active session in the work tree `root`, else null. */
export function ownSession(sessions: readonly SessionRecord[], actor: string, root: string): OwnSession | null {
  const mine = sessions.filter((s) => s.status === "active" && s.worktree === root && actorMatches(actor, s.actor));
  return mine.length === 1 ? { id: (mine[0] as SessionRecord).id, ticket: (mine[0] as SessionRecord).ticket } : null;
}

/** The actor's suspended session in the work tree `root` (the latest suspended), which a resume continues; else null. */
export function ownSuspended(sessions: readonly SessionRecord[], actor: string, root: string): OwnSession | null {
  const latest = latestSuspended(sessions.filter((s) => s.worktree === root && actorMatches(actor, s.actor)));
  return latest ? { id: latest.id, ticket: latest.ticket } : null;
}
