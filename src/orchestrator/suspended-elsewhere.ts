// A session another clone suspended on a ticket, seen in the pulled ledger. A suspend releases the
// lock, so no claim is left to see (claims-elsewhere.ts reads live locks only): the ticket reads
// paused, and before, a teammate's clone offered it with "is paused: pick it up" and started a
// session on it without a word, while its owner could resume it there at any time.
import type { Repo } from "../io/paths.js";
import { readClaimsOf, readSessionEventsOf, readTicketRecords } from "../stdlib/ledger/read.js";
import type { LedgerRecord } from "../kernel/ledger.js";
import type { Ticket } from "../stdlib/tickets/types.js";

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
  return latestSuspended(await readTicketRecords(repo, ticket), ticket, local);
}

/**
 * suspendedElsewhere for several tickets (exo ready's paused tasks, doctor's), from one pass over
 * the ledger. With `own` (this checkout's ledger writers, ownWriters), a session whose suspend one
 * of them recorded has `here: true`: suspended in this clone, its file gone if it is not among
 * `local` (removed by hand, or set aside as unreadable), not a teammate's pulled one. (Before, a
 * second pass over the ledger for every such session.)
 */
export async function suspendedElsewhereMany(repo: Repo, tickets: readonly string[], local: ReadonlySet<string>, own: ReadonlySet<string> = new Set()): Promise<Map<string, SuspendedElsewhere & { here?: true }>> {
  const records = await readSessionEventsOf(repo, new Set(tickets));
  const here = new Set(records.filter((r) => r.type === "session.suspended" && r.session && own.has(r.writer)).map((r) => r.session));
  const out = new Map<string, SuspendedElsewhere & { here?: true }>();
  for (const ticket of tickets) {
    const found = latestSuspended(records, ticket, local);
    if (found) out.set(ticket, here.has(found.session) ? { ...found, here: true } : found);
  }
  return out;
}

function latestSuspended(records: readonly LedgerRecord[], ticket: string, local: ReadonlySet<string>): SuspendedElsewhere | null {
  const last = new Map<string, { type: string; actor: string; ts: string; reason: string | null }>();
  for (const r of records) {
    if (r.ticket !== ticket || !r.session || !LIFECYCLE.has(r.type)) continue;
    last.set(r.session, { type: r.type, actor: r.actor, ts: r.ts, reason: typeof r.data["reason"] === "string" ? r.data["reason"] : null });
  }
  let found: SuspendedElsewhere | null = null;
  for (const [session, r] of last) {
    if (r.type !== "session.suspended" || local.has(session)) continue;
    if (!found || r.ts > found.suspended_at) found = { session, actor: r.actor, ticket, suspended_at: r.ts, reason: r.reason };
  }
  return found;
}

/**
 * Who claimed each of `tickets` (active in the pulled files, with no lock file in this clone, so
 * the claim was made in another clone and committed there): the owner of its latest
 * `dispatch.claimed` record, or the actor of its latest session start or resume (a session-start on
 * a todo task claims it with no dispatch record: before, exo ready said "status is active" and exo
 * next "no task is todo", nothing of whom). exo ready names them (before: "status is active").
 */
export async function claimedElsewhereMany(repo: Repo, tickets: readonly string[], own: ReadonlySet<string> = new Set()): Promise<Map<string, ClaimedAway>> {
  const out = new Map<string, ClaimedAway>();
  const wanted = new Set(tickets);
  const [claims, sessions] = await Promise.all([readClaimsOf(repo, wanted), readSessionEventsOf(repo, wanted)]);
  for (const r of [...claims, ...sessions.filter((x) => x.type === "session.started" || x.type === "session.resumed")]) {
    const owner = typeof r.data["owner"] === "string" ? r.data["owner"] : r.actor;
    if (r.ticket && (!out.has(r.ticket) || (out.get(r.ticket)?.at ?? "") <= r.ts)) out.set(r.ticket, { owner, at: r.ts, ...(own.has(r.writer) ? { here: true as const, session: r.session ?? null } : {}) });
  }
  return out;
}

/**
 * Whose claim holds a task with no lock file here. With `own` (this checkout's ledger writers,
 * ownWriters), a claim one of them recorded has `here: true` and the session it started, if any:
 * made in this clone, its lock file since removed (by hand, a sync tool), not a teammate's.
 */
export interface ClaimedAway {
  owner: string;
  at: string;
  here?: true;
  session?: string | null;
}

/**
 * The tasks among `ids` claimed in another clone: active in the pulled files with no lock file
 * (`locked`) and no session in this clone, each with the owner of its latest committed claim.
 * exo ready names them; exo next names the first when nothing else is todo.
 */
export async function claimedAway(repo: Repo, tickets: ReadonlyMap<string, Ticket>, ids: Iterable<string>, locked: { has(id: string): boolean }, sessions: readonly { ticket: string }[], own: ReadonlySet<string> = new Set()): Promise<Map<string, ClaimedAway>> {
  const away = [...ids].filter((id) => tickets.get(id)?.status === "active" && !locked.has(id) && !sessions.some((x) => x.ticket === id));
  return away.length === 0 ? new Map() : claimedElsewhereMany(repo, away, own).catch(() => new Map());
}
