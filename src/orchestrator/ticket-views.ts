// Read-only ticket views: tickets, ticket-show, intents.
import { readHandoff } from "../stdlib/sessions/state-files.js";
import { listSessions } from "../stdlib/sessions/store.js";
import { WarningCode } from "../errors.js";
import { effectiveScope } from "../kernel/scope.js";
import type { Context } from "../commands/context.js";
import { readAllRecords } from "../stdlib/ledger/read.js";
import { listLocks } from "../stdlib/locks/store.js";
import { isLockLive } from "../stdlib/locks/types.js";
import { ancestorsOf, summary, ticketData } from "../stdlib/tickets/model.js";
import { openBlockers } from "../stdlib/tickets/views.js";
import { listTickets, notFound, readTicket, type TicketIndex } from "../stdlib/tickets/store.js";
import type { Ticket } from "../stdlib/tickets/types.js";
import { buildTree, closingDrifts, staleIntents } from "./tree.js";
import { matchTicketId, nearTicketId } from "../stdlib/tickets/resolve.js";

const byId = (a: Ticket, b: Ticket) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const order = (a: Ticket, b: Ticket) => a.priority - b.priority || (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0) || (a.id < b.id ? -1 : 1);

function warnProblems(ctx: Context, index: TicketIndex): void {
  for (const p of index.problems) ctx.warn(WarningCode.TICKET_UNREADABLE, `${p.message}${p.line !== undefined && !/ at line \d+|\(line \d+\)/.test(p.message) ? ` (line ${p.line})` : ""}; other tickets are listed`);
}

/** The ticket a --parent filter names, warning FILTER_MATCHES_NOTHING when it names none. */
function parentFilter(ctx: Context, typed: string, ids: readonly string[]): string {
  const { id } = matchTicketId(typed, ids);
  if (id !== null) return id;
  const meant = nearTicketId(typed, ids);
  ctx.warn(WarningCode.FILTER_MATCHES_NOTHING, `No ticket ${typed} exists${meant ? `; did you mean ${meant}? (exo tickets --parent ${meant})` : "; exo tickets --kind intent lists the intents"}.`);
  return typed;
}

export async function listTicketsView(
  ctx: Context,
  input: { status: string[]; kind?: string | undefined; type?: string | undefined; label?: string | undefined; parent?: string | undefined; all: boolean; tree: boolean },
) {
  const repo = await ctx.governed();
  const [index, locks] = await Promise.all([listTickets(repo), listLocks(repo, { warn: (c, m) => ctx.warn(c, m) })]);
  warnProblems(ctx, index);
  // --parent names a ticket as every lookup does (any case, a unique prefix); one that names none
  // says so, with the id meant, rather than an empty list that looks like "no children".
  const parent = input.parent === undefined ? undefined : parentFilter(ctx, input.parent, [...index.tickets.keys()]);
  const matches = (t: Ticket) => (!input.kind || t.kind === input.kind) && (!input.type || t.type === input.type) && (!input.label || t.labels.includes(input.label));
  if (input.tree) {
    // The tree takes the list's filters: kind, type and label choose the tickets shown (their
    // ancestors show as the way to them), and --parent shows that ticket's subtree.
    const drifts = closingDrifts(await readAllRecords(repo));
    const statuses = input.status.length === 0 && input.all ? ["todo", "active", "paused", "review", "done", "cancelled", "archived"] : input.status;
    return { ...buildTree(index.tickets, drifts, { statuses, driftAbove: null, matches, ...(parent === undefined ? {} : { root: parent }) }), in_repo: index.list.length };
  }
  const now = ctx.now();
  const live = new Set(locks.filter((l) => isLockLive(l, now)).map((l) => l.ticket));
  const list = index.list
    .filter((t) => (input.status.length > 0 ? input.status.includes(t.status) : input.all || (t.status !== "archived" && t.status !== "cancelled")))
    .filter(matches)
    .filter((t) => !parent || t.parent === parent)
    .sort(order)
    // waiting_for: a todo's blockers not done yet, as exo ready counts them (before: a blocked task
    // read as a plain todo here, ready to take, while exo ready said it waits).
    .map((t) => ({ ...summary(t), blockers: t.blockers, waiting_for: t.status === "todo" ? openBlockers(t.blockers, (b) => index.tickets.get(b)?.status) : [], locked: live.has(t.id) }));
  // in_repo: every readable ticket, so an empty answer says whether the filters or the repository are empty.
  return { tickets: list, total: list.length, in_repo: index.list.length };
}

export async function showTicket(ctx: Context, id: string) {
  const repo = await ctx.governed();
  // A handoff file that is unparsable or of a newer format fails the command with its code
  // (SPEC §4: unparsable state never passes silently); it is read once the ticket is known.
  const handoffRead = readHandoff(repo, id).then((record) => ({ record, error: null }), (error: unknown) => ({ record: null, error: error instanceof Error ? error : new Error(String(error)) }));
  const [index, locks, records, handoffResult, live] = await Promise.all([listTickets(repo), listLocks(repo, { warn: (c, m) => ctx.warn(c, m) }), readAllRecords(repo), handoffRead, listSessions(repo)]);
  const ticket = index.tickets.get(id);
  if (!ticket) {
    await readTicket(repo, id);
    throw notFound(id);
  }
  const ancestors = ancestorsOf(index.tickets, ticket);
  const closing = records.filter((r) => r.ticket === id && (r.type === "session.finished" || r.type === "session.handed_off" || r.type === "session.crashed"));
  const sessions = closing.map((r) => ({
    session: r.session ?? null,
    // A crashed session's record is written by whoever recovered it; the session's own actor is in its data.
    actor: typeof r.data["session_actor"] === "string" ? r.data["session_actor"] : r.actor,
    outcome: (r.data["outcome"] as string | undefined) ?? r.type.replace("session.", ""),
    verify: (r.data["verify"] as string | undefined) ?? null,
    drift: ((r.data["drift"] as { score?: number } | null | undefined)?.score ?? null),
    finished_at: r.ts,
  }));
  const scores = sessions.map((s) => s.drift).filter((d): d is number => d !== null);
  if (handoffResult.error) throw handoffResult.error;
  const handoff = handoffResult.record;
  // exo's addition: the sessions open on it now (active or suspended), which `sessions` (closed
  // ones, SPEC §6) leaves out; before, ticket-show said nothing of the session holding a ticket.
  // A task paused by a teammate's suspend in another clone (pulled) names that session too, as
  // exo alone and exo ready do (`elsewhere: true`; before, nothing of it in that clone).
  const open = live.filter((x) => x.ticket === id && (x.status === "active" || x.status === "suspended")).sort((a, b) => (a.id < b.id ? -1 : 1)).map((x) => ({ session: x.id, actor: x.actor, status: x.status, elsewhere: false }));
  if (ticket.status === "paused" && open.length === 0 && !handoff) {
    const { suspendedElsewhere } = await import("./suspended-elsewhere.js");
    const o = await suspendedElsewhere(repo, id, new Set(live.map((x) => x.id))).catch(() => null);
    if (o) open.push({ session: o.session, actor: o.actor, status: "suspended", elsewhere: true });
  }
  return {
    ticket: ticketData(ticket),
    ancestors: ancestors.map(summary),
    // SPEC §6: lists whose order is not stated are sorted, tickets by id (code-unit order).
    children: [...index.tickets.values()].filter((t) => t.parent === id).sort(byId).map(summary),
    blockers: [...ticket.blockers].sort().map((b) => ({ id: b, status: index.tickets.get(b)?.status ?? "missing" })),
    unblocks: [...index.tickets.values()].filter((t) => t.blockers.includes(id) && !["done", "archived", "cancelled"].includes(t.status)).map((t) => t.id).sort(),
    effective_scope: effectiveScope(ticket, ancestors),
    lock: locks.find((l) => l.ticket === id) ?? null,
    sessions,
    drift: { avg: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 1000 + 1e-9) / 1000 : null, last: scores.length ? (scores[scores.length - 1] as number) : null },
    handoff,
    // exo's key after SPEC §6.2's, which come first and in its order.
    open_sessions: open,
  };
}

export async function intentTree(ctx: Context, opts: { statuses: string[]; driftAbove: number | null }) {
  const repo = await ctx.governed();
  const [index, records] = await Promise.all([listTickets(repo), readAllRecords(repo)]);
  warnProblems(ctx, index);
  const tree = buildTree(index.tickets, closingDrifts(records), opts);
  // in_repo: every readable ticket, so an empty tree says whether the filters or the repository are empty.
  return { ...tree, stale: staleIntents(index.tickets, records, ctx.now()), in_repo: index.list.length };
}
