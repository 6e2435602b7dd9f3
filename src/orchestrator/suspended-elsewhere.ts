// A session another clone suspended on a ticket, seen in the pulled ledger. A suspend releases the
// lock, so no claim is left to see (claims-elsewhere.ts reads live locks only): the ticket reads
// paused, and before, a teammate's clone offered it with "is paused: pick it up" and started a
// session on it without a word, while its owner could resume it there at any time.
import type { Repo } from "../io/paths.js";
import { readTicketRecords } from "../stdlib/ledger/read.js";

export interface SuspendedElsewhere {
  session: string;
  actor: string;
  ticket: string;
  suspended_at: string;
  reason: string | null;
}

const LIFECYCLE = new Set(["session.started", "session.suspended", "session.resumed", "session.finished", "session.handed_off", "session.crashed", "session.superseded"]);

/**
 * The latest session on `ticket` whose last lifecycle record is `session.suspended` and that is
 * not one of this clone's own session files (`local`): another clone's, waiting for its resume.
 */
export async function suspendedElsewhere(repo: Repo, ticket: string, local: ReadonlySet<string>): Promise<SuspendedElsewhere | null> {
  const last = new Map<string, { type: string; actor: string; ts: string; reason: string | null }>();
  for (const r of await readTicketRecords(repo, ticket)) {
    if (!r.session || !LIFECYCLE.has(r.type)) continue;
    last.set(r.session, { type: r.type, actor: r.actor, ts: r.ts, reason: typeof r.data["reason"] === "string" ? r.data["reason"] : null });
  }
  let found: SuspendedElsewhere | null = null;
  for (const [session, r] of last) {
    if (r.type !== "session.suspended" || local.has(session)) continue;
    if (!found || r.ts > found.suspended_at) found = { session, actor: r.actor, ticket, suspended_at: r.ts, reason: r.reason };
  }
  return found;
}
