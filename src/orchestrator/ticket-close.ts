// exo ticket-close: a person marks a ticket done or cancelled in one step from any open status
// (todo, active, paused, review). An idle lock on it is released; a session still working on it
// must finish or be cleaned up first. Recorded as ticket.status_changed (and lock.released).
import { existsSync, rmSync } from "node:fs";
import type { Context } from "../commands/context.js";
import type { Repo } from "../io/paths.js";
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import { isPerson } from "../kernel/ids.js";
import { shellWord } from "../kernel/quote.js";
import { isLockLive } from "../stdlib/locks/types.js";
import { readLock, releaseLock } from "../stdlib/locks/store.js";
import { listSessions } from "../stdlib/sessions/store.js";
import type { SessionRecord } from "../stdlib/sessions/types.js";
import { listTickets, notFound, readTicket, setTicketStatus } from "../stdlib/tickets/store.js";
import { CLOSED } from "../stdlib/tickets/transitions.js";
import type { Ticket } from "../stdlib/tickets/types.js";
import { plural } from "../kernel/plural.js";

export interface CloseInput {
  id: string;
  status: "done" | "cancelled";
  reason?: string | undefined;
}

export interface CloseResult {
  ticket: Ticket;
  from: string;
  changed: boolean;
  lock_released: boolean;
  /** The close's files not committed (no finish commits them): the line that commits them, and why. */
  next_command?: string;
  next_reason?: string;
  /** A task closed done whose last session's change is still uncommitted here: finish's commit: line again, and why. */
  commit_command?: string;
  commit_reason?: string;
}

/** The ticket as the data gives it (model.ts's ticketData), loading the schema's module only for a file with unknown keys. */
async function shown(ticket: Ticket): Promise<Ticket> {
  return ticket.extra ? (await import("../stdlib/tickets/model.js")).ticketData(ticket) : ticket;
}

export async function closeTicket(ctx: Context, input: CloseInput): Promise<CloseResult> {
  const repo = await ctx.governed();
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now() };
  if (!isPerson(ctx.actor)) {
    // With no session of its own open, the finish is no step for the agent: its part ended there,
    // and the close is a person's once the change is accepted. Before, the hint was that finish,
    // which then answered NO_ACTIVE_SESSION with this close as its hint: an agent went round.
    const open = (await listSessions(repo)).some((s) => s.actor === ctx.actor && (s.status === "active" || s.status === "suspended"));
    if (!open) {
      throw new ExoError(ErrorCode.INVALID_TRANSITION, `${ctx.actor} is not a person and has no session open: agents close work by finishing their session, and a person closes ${input.id} once the change is accepted; see what else is ready.`, {
        hint: "exo ready",
        details: { actor: ctx.actor },
      });
    }
    throw new ExoError(ErrorCode.INVALID_TRANSITION, `${ctx.actor} is not a person: agents close work by finishing their session, people with exo ticket-close.`, {
      hint: 'exo session-finish --summary "…" --set-status done',
      details: { actor: ctx.actor },
    });
  }
  const index = await listTickets(repo);
  if (!index.tickets.has(input.id)) {
    await readTicket(repo, input.id); // TICKET_INVALID for a broken file
    throw notFound(input.id);
  }
  const ticket = index.tickets.get(input.id) as Ticket;
  if (ticket.status === input.status) return { ticket: await shown(ticket), from: ticket.status, changed: false, lock_released: false };
  if (CLOSED.includes(ticket.status)) {
    throw new ExoError(ErrorCode.TICKET_CLOSED, `${ticket.id} is ${ticket.status} already; reopen it first if it should be ${input.status}.`, {
      hint: `exo ticket-update ${ticket.id} --status todo --reason "…"`,
      details: { status: ticket.status },
    });
  }
  const session = (await listSessions(repo)).find((s) => s.ticket === ticket.id);
  if (session) {
    const way = sessionFirst(session, ticket.id, ctx.actor, input.status);
    throw new ExoError(ErrorCode.TICKET_IN_USE, `Session ${session.id} of ${session.actor} (${session.status}) works on ${ticket.id}; ${way.step}.`, {
      hint: way.hint,
      details: { session: session.id, actor: session.actor, status: session.status },
    });
  }
  if (ticket.kind !== "task" && input.status === "done") {
    const open = [...index.tickets.values()].filter((c) => c.parent === ticket.id && !CLOSED.includes(c.status)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (open.length > 0) {
      throw new ExoError(ErrorCode.TICKET_OPEN_CHILDREN, `${ticket.id} has ${plural(open.length, "open child ticket")} (${open.map((c) => c.id).slice(0, 5).join(", ")}); close them first, or cancel ${ticket.id}.`, {
        // A child that is also an ancestor (a parent cycle a pull made) can never be closed first.
        hint: ancestorsUp(index.tickets, ticket.id).has((open[0] as Ticket).id) ? `exo ticket-update ${(open[0] as Ticket).id} --clear-parent` : `exo ticket-close ${(open[0] as Ticket).id} --status done`,
        details: { children: open.map((c) => c.id) },
      });
    }
  }
  const lock = await readLock(repo, ticket.id);
  let released = false;
  if (lock && isLockLive(lock, who.now)) {
    const { headState } = await import("../stdlib/git/facts.js");
    const outcome = { ticketStatus: input.status, branch: (await headState(repo.root, repo)).branch };
    const out = await releaseLock(repo, who, { ticket: ticket.id, force: true, ignoreMissing: true, skipHolderCheck: true, outcome });
    released = out.released;
    if (out.remote_not_released) ctx.warn(WarningCode.REMOTE_LEASE_NOT_RELEASED, out.remote_not_released);
  }
  const reason = input.reason ?? `${input.status === "done" ? "closed" : "cancelled"} by ${ctx.actor}`;
  const { from, ticket: after } = await setTicketStatus(repo, who, ticket.id, input.status, reason, "ticket-close");
  await endHandoff(repo, who, ticket.id, input.status);
  const sidecar = await import("../stdlib/git/sidecar.js");
  await sidecar.sidecarStep(repo.exoDir, "close", ticket.id, (c, m) => ctx.warn(c, m));
  // Done while the change its last session made is still uncommitted (finish's commit: line
  // skipped, its next: line run): that commit, as exo ready and exo alone give it first. Before,
  // the close said nothing of it, and the change committed later by hand was an ungoverned_commit.
  const left = input.status === "done" && ticket.kind === "task" ? await (await import("./handoff-step.js")).finishedWorkLeft(repo, ticket.id) : null;
  const work = left ? { commit_command: left.command, commit_reason: `${ticket.id}'s change is not committed (${left.files.slice(0, 3).join(", ")}${left.files.length > 3 ? ` and ${left.files.length - 3} more` : ""}): commit it with its Exo-Session trailer, so exo pr-check counts it as governed` } : {};
  return { ticket: await shown(after), from, changed: true, lock_released: released, ...work, ...(sidecar.isSidecar(repo.exoDir) ? {} : await commitLine(repo, ticket.id, input.status)) };
}

/**
 * A close ends a handoff still pending on the ticket (the record is one-shot, SPEC §4.10): the file
 * is removed, with a ledger `handoff.consumed` that names the close, and the close's commit line
 * takes the removal. Before, it stayed behind: once the ticket was reopened, its addressee's next
 * start took the old handoff (summary, next steps) for its own, and everyone else's start was told
 * the ticket was handed away. An unreadable record is left for doctor to name.
 */
export async function endHandoff(repo: Repo, who: { actor: string; host: string; now: Date }, ticket: string, status: string): Promise<void> {
  const { readHandoff } = await import("../stdlib/sessions/state-files.js");
  const record = await readHandoff(repo, ticket).catch(() => null);
  if (!record) return;
  const { removeFileSync } = await import("../io/fs-atomic.js");
  removeFileSync(repo.handoffFile(ticket));
  const { appendLedger } = await import("../stdlib/ledger/store.js");
  await appendLedger(repo, who, [{ type: "handoff.consumed", ticket, data: { to_actor: record.to_actor, from_session: record.from_session, by_session: null, closed_as: status } }]);
}

/**
 * The close is no auto-commit boundary (SPEC §7.26): its ticket file and ledger lines wait for the
 * next commit. A teammate's clone sees the task done only once they are committed and pushed, and
 * before, nothing said so: a push after the close left the task in review there, and that clone's
 * exo ready named exo ticket-close for it again. The line commits exactly the close's files.
 */
/**
 * A mark in the cache that exo printed a line committing ticket files (a close, new tickets): exo
 * status asks git for such files only while it is there, so an everyday status spawns no git for
 * it (a spawn is a tenth of a status). Cleared when git shows nothing left to commit.
 */
function pendingMark(repo: Repo): string {
  return `${repo.cacheDir}/ticket-commit-pending`;
}

async function markPending<T extends { next_command?: string }>(repo: Repo, line: T): Promise<T> {
  if (line.next_command) {
    (await import("../io/fs-atomic.js")).writeCacheFileSync(pendingMark(repo), "");
  }
  return line;
}

type Entry = { code: string; path: string };

/** One git listing of the ticket files and ledger segments not committed (null when git fails): every line below is read from it. */
async function ticketFilesStatus(repo: Repo): Promise<Entry[] | null> {
  const { gitRaw } = await import("../io/git.js");
  const { statusEntries } = await import("../stdlib/git/porcelain.js");
  const exo = repo.relative(repo.exoDir);
  const out = await gitRaw(repo.root, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", `${exo}/tickets`, `${exo}/ledger`, `${exo}/handoffs`]);
  return out.code === 0 ? statusEntries(out.stdout) : null;
}

export async function commitLine(repo: Repo, id: string, status: string): Promise<{ next_command?: string; next_reason?: string }> {
  const entries = await ticketFilesStatus(repo);
  if (!entries) return {};
  // Other closes left uncommitted (a task, then its intent): one line commits them all (before: the
  // last close's file alone, and the first stayed uncommitted with no line of its own).
  const others = await otherCloses(repo, entries, id);
  const { created, ...line } = ticketCommitLine(repo, entries, id, closeVerb(status), others);
  const also = [...others, ...created];
  return markPending(repo, line.next_command && also.length > 0 ? { ...line, next_reason: `${line.next_reason ?? ""}${alsoCommits(also)}` } : line);
}

/** The closes and cancels of tickets other than `id` whose files are modified here (the ticket files are read only when there is one). */
async function otherCloses(repo: Repo, entries: readonly Entry[], id: string): Promise<{ id: string; verb: Verb }[]> {
  const dir = `${repo.relative(repo.exoDir)}/tickets/`;
  const dirty = new Set(entries.filter((e) => e.code !== "??" && e.path.startsWith(dir) && e.path !== `${dir}${id}.yaml`).map((e) => e.path));
  if (dirty.size === 0) return [];
  const { listTickets } = await import("../stdlib/tickets/store.js");
  return (await listTickets(repo)).list
    .filter((t) => (t.status === "done" || t.status === "cancelled") && dirty.has(`${dir}${t.id}.yaml`))
    .map((t) => ({ id: t.id, verb: closeVerb(t.status) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `; the line commits the close of T-1, the suspend of T-2 too`: what a line commits beyond the ticket it names. */
function alsoCommits(rest: readonly { id: string; verb: Verb }[]): string {
  const noun = (v: Verb) => (v === "update" ? "edit" : v === "create" ? "creation" : v);
  return rest.length > 0 ? `; the line commits ${rest.map((r) => `the ${noun(r.verb)} of ${r.id}`).join(", ")} too` : "";
}

/** A line of ticketCommitLine with the tickets it creates too said in its reason. */
function saying(line: ReturnType<typeof ticketCommitLine>): { next_command?: string; next_reason?: string } {
  const { created, ...rest } = line;
  return rest.next_command && created.length > 0 ? { ...rest, next_reason: `${rest.next_reason ?? ""}${alsoCommits(created)}` } : rest;
}

/**
 * A suspend left uncommitted (SPEC §7.26: no auto-commit boundary): the line that commits the
 * ticket's file and the ledger as exo's own, so a teammate's clone sees the task paused and whose
 * session waits on it (before: nothing said so, and a suspend never pushed was seen nowhere else).
 */
export async function suspendCommitLine(repo: Repo, ticket: string): Promise<{ next_command?: string; next_reason?: string }> {
  const entries = await ticketFilesStatus(repo);
  // Marked: exo alone and exo status give this line too until it is committed.
  return markPending(repo, entries ? saying(ticketCommitLine(repo, entries, ticket, "suspend")) : {});
}

/**
 * A claim by exo next without distributed leases in a clone with a remote (SPEC §7.26: no
 * auto-commit): the line that commits the ticket's file and the ledger as exo's own, so teammates'
 * clones see the task active after a pull and their exo next passes it by (before: no word, and two
 * clones' exo next handed out the same task; the claim left uncommitted also stopped a pull that
 * brought a change of that ticket).
 */
export async function claimCommitLine(repo: Repo, ticket: string): Promise<{ commit_command?: string; commit_reason?: string }> {
  const entries = await ticketFilesStatus(repo);
  const line = entries ? saying(ticketCommitLine(repo, entries, ticket, "claim")) : {};
  return line.next_command ? { commit_command: line.next_command, commit_reason: line.next_reason ?? "" } : {};
}

/**
 * claimCommitLine where teammates need it: a claim without a distributed lease, in a clone with a
 * remote (not a sidecar .exo, which commits its own). exo next's claim and a claim session-start
 * made itself (--ticket-id on a todo task, or --dispatch): before, the start's claim stayed in this
 * clone until finish, and meanwhile a teammate's exo next handed out the same task.
 */
export async function sharedClaimLine(repo: Repo, remote: string, ticket: string): Promise<{ commit_command?: string; commit_reason?: string }> {
  if ((await import("../stdlib/git/sidecar.js")).isSidecar(repo.exoDir)) return {};
  if (!(await (await import("../stdlib/git/team.js")).hasRemote(repo, remote).catch(() => false))) return {};
  const line: { commit_command?: string; commit_reason?: string } = await claimCommitLine(repo, ticket).catch(() => ({}));
  // Marked: exo alone and exo status give it too while the claim waits for its session (a pull
  // that brings a change of the ticket stops on it until then).
  if (line.commit_command) await markPending(repo, { next_command: line.commit_command });
  return line;
}

type Verb = "close" | "cancel" | "update" | "suspend" | "claim" | "create";

const closeVerb = (status: string): Verb => (status === "done" ? "close" : "cancel");

/**
 * The line that commits ticket `id`'s file and the ledger segments left uncommitted as exo's own,
 * and why, for its close, cancel or update; none when nothing (for an update: not the ticket's
 * file) is left to commit. Exo-Generated: the commit holds exo's files only, so exo pr-check counts
 * it as governed (SPEC §7.19 step 3); before, the line as printed made an ungoverned_commit error.
 */
function ticketCommitLine(repo: Repo, entries: readonly Entry[], id: string, verb: Verb, given: readonly { id: string; verb: Verb }[] = []): { next_command?: string; next_reason?: string; created: { id: string; verb: Verb }[] } {
  const exo = repo.relative(repo.exoDir);
  const ticketFile = `${exo}/tickets/${id}.yaml`;
  // A ticket never committed (created and closed in this clone) takes the other tickets created
  // here with it, its parent among them: before, the close of TICKET-001 was committed and pushed
  // while its intent stayed untracked, so a teammate's clone had a task under a parent it lacked.
  const fresh = entries.filter((e) => e.code === "??" && /^[^/]+\.yaml$/.test(e.path.slice(`${exo}/tickets/`.length)) && e.path.startsWith(`${exo}/tickets/`)).map((e) => e.path.slice(`${exo}/tickets/`.length, -".yaml".length));
  const named = new Set([id, ...given.map((a) => a.id)]);
  const created: { id: string; verb: Verb }[] = [...named].some((t) => fresh.includes(t)) ? fresh.filter((t) => !named.has(t)).sort().map((t) => ({ id: t, verb: "create" })) : [];
  const also = [...given, ...created];
  // A close's removal of the ticket's pending handoff (endHandoff) is the close's to commit too.
  const handoffs = [{ id, verb }, ...also].filter((a) => a.verb === "close" || a.verb === "cancel").map((a) => `${exo}/handoffs/${a.id}.json`);
  const files = new Set([ticketFile, ...handoffs, ...also.map((a) => `${exo}/tickets/${a.id}.yaml`)]);
  const paths = entries.map((e) => e.path).filter((p) => files.has(p) || p.startsWith(`${exo}/ledger/`)).sort();
  if (verb === "update" ? !paths.includes(ticketFile) : paths.length === 0) return { created: [] };
  const subject = [`${verb} ${id}`, ...also.map((a) => `${a.verb} ${a.id}`)].join(", ");
  return {
    created,
    next_command: ownCommitLine(paths, `chore(exo): ${subject}`),
    next_reason:
      verb === "update"
        ? `the edit of ${id} is not committed: teammates see it once it is committed and pushed`
        : verb === "suspend"
          ? `the suspend is not committed: teammates see ${id} paused, and whose session waits on it, once it is committed and pushed`
          : verb === "claim"
            ? `the claim is in this clone only: a teammate's exo next hands out ${id} too until it is committed and pushed (exo next --distributed claims on the remote for every clone)`
          : `the ${verb} is not committed: teammates see ${id} ${verb === "close" ? "done" : "cancelled"} once it is committed and pushed`,
  };
}

/**
 * The line that stages `paths` and commits them alone as exo's own (`Exo-Generated: true`, so exo
 * pr-check counts the commit as governed), leaving whatever else the person staged staged.
 */
function ownCommitLine(paths: readonly string[], subject: string): string {
  const list = paths.map(shellWord).join(" ");
  return `git add -- ${list} && git commit -m ${shellWord(subject)} -m 'Exo-Generated: true' -- ${list}`;
}

/**
 * A learning recorded or dismissed while no session is open here (SPEC §7.26: a session's finish
 * commits exo's state, reflect itself never does): the line that commits its file and the ledger as
 * exo's own, and why. Before, `exo reflect` with no session left `.exo/learnings/REF-….yaml`
 * untracked with no word of it, so no teammate's bootstrap ever showed the lesson. None in sidecar
 * mode, which commits itself, nor while a session is active here (its finish commits the file).
 */
export async function learningCommitLine(repo: Repo, id: string, verb: "record" | "dismiss"): Promise<{ next_command?: string; next_reason?: string }> {
  if ((await import("../stdlib/git/sidecar.js")).isSidecar(repo.exoDir)) return {};
  if ((await listSessions(repo)).some((s) => s.status === "active")) return {};
  const { gitRaw } = await import("../io/git.js");
  const { statusEntries } = await import("../stdlib/git/porcelain.js");
  const file = repo.relative(repo.learningFile(id));
  const ledger = repo.relative(repo.ledgerDir);
  const out = await gitRaw(repo.root, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", file, ledger]);
  if (out.code !== 0) return {};
  const paths = statusEntries(out.stdout).map((e) => e.path).sort();
  if (!paths.includes(file)) return {};
  return {
    next_command: ownCommitLine(paths, `chore(exo): ${verb} ${id}`),
    next_reason: verb === "record" ? `${id} is in this clone only: teammates' sessions see it once it is committed and pushed` : `the dismissal of ${id} is in this clone only: teammates' sessions stop seeing it once it is committed and pushed`,
  };
}

/**
 * An edit by exo ticket-update left uncommitted: the line that commits the ticket's file and the
 * ledger as exo's own, and why (before: create and close printed theirs, an update nothing, and a
 * reprioritised or rescoped ticket stayed as it was in teammates' clones). A ticket never committed
 * gets the create's line, and one the edit closed gets the close's. None in sidecar mode.
 */
export async function withEditCommit<T extends { ticket: { id: string; status: string }; changed: string[] }>(ctx: Context, edited: T): Promise<T & { next_command?: string; next_reason?: string }> {
  if (edited.changed.length === 0) return edited;
  const repo = await ctx.governed();
  const { isSidecar } = await import("../stdlib/git/sidecar.js");
  if (isSidecar(repo.exoDir)) return edited;
  const entries = await ticketFilesStatus(repo);
  if (entries === null) return edited;
  const fresh = newTicketsLine(repo, entries);
  if (fresh.next_command) return { ...edited, ...(await markPending(repo, fresh)) };
  const { id, status } = edited.ticket;
  if (edited.changed.includes("status") && (status === "done" || status === "cancelled")) return { ...edited, ...(await commitLine(repo, id, status)) };
  return { ...edited, ...(await markPending(repo, saying(ticketCommitLine(repo, entries, id, "update")))) };
}

/**
 * The ticket files waiting for a commit, as one line to run: a close or cancel left uncommitted
 * first (ticket-close's own line, naming it), else tickets created and never committed. null when
 * there are none. exo alone and exo status give it (before: status's JSON had neither). One git
 * listing serves it all, and only while the mark is there.
 */
export async function pendingTicketCommit(repo: Repo, tickets: readonly { id: string; status: string }[], claims: ReadonlySet<string> = new Set()): Promise<{ next_command: string; next_reason: string } | null> {
  if (!existsSync(pendingMark(repo))) return null;
  const entries = await ticketFilesStatus(repo);
  if (entries === null) return null;
  const found = uncommittedTickets(repo, entries, tickets, claims);
  if (!found) rmSync(pendingMark(repo), { force: true });
  return found;
}

function uncommittedTickets(repo: Repo, entries: readonly Entry[], tickets: readonly { id: string; status: string }[], claims: ReadonlySet<string>): { next_command: string; next_reason: string } | null {
  const dir = `${repo.relative(repo.exoDir)}/tickets/`;
  const dirty = new Set(entries.map((e) => e.path).filter((p) => p.startsWith(dir)));
  if (dirty.size === 0) return null;
  const closed = tickets.filter((t) => (t.status === "done" || t.status === "cancelled") && dirty.has(`${dir}${t.id}.yaml`));
  const [first] = closed;
  if (first) {
    // One line commits every close (before: the first, and `git status .exo/tickets` for the rest).
    const rest = closed.slice(1).map((t) => ({ id: t.id, verb: closeVerb(t.status) }));
    const line = ticketCommitLine(repo, entries, first.id, closeVerb(first.status), rest);
    if (!line.next_command) return null;
    return { next_command: line.next_command, next_reason: `the ${closeVerb(first.status)} of ${first.id} is not committed: teammates see it open until it is committed and pushed${alsoCommits([...rest, ...line.created])}` };
  }
  const fresh = newTicketsLine(repo, entries);
  if (fresh.next_command) return { next_command: fresh.next_command, next_reason: fresh.next_reason ?? "" };
  // A suspend left uncommitted (a paused ticket's file modified: session-suspend's own line, first,
  // as teammates wait on it), else a ticket-update (its file modified, the ticket open). Not an
  // active one, unless a claim here (`claims`: a lock with no session yet, in a clone with a remote)
  // waits for its session: a session's finish commits that file. Before, a suspend was left out
  // here, so the line exo alone gave after it committed another edit only; and a claim by exo next
  // whose line scrolled away was offered nowhere, while a teammate's exo next handed out its task.
  const edited = tickets
    .filter((t) => (t.status !== "active" || claims.has(t.id)) && dirty.has(`${dir}${t.id}.yaml`))
    .sort((a, b) => Number(b.status === "paused") - Number(a.status === "paused") || Number(b.status === "active") - Number(a.status === "active") || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const [one] = edited;
  if (one === undefined) return null;
  const verb = (t: { status: string }): Verb => (t.status === "paused" ? "suspend" : t.status === "active" ? "claim" : "update");
  // One line commits them all (before: the first only, and `git status .exo/tickets` for the rest).
  const rest = edited.slice(1).map((t) => ({ id: t.id, verb: verb(t) }));
  const line = ticketCommitLine(repo, entries, one.id, verb(one), rest);
  if (!line.next_command) return null;
  return { next_command: line.next_command, next_reason: `${line.next_reason ?? ""}${alsoCommits([...rest, ...line.created])}` };
}

/** A create's answer with the commit line of the tickets not committed yet (none in sidecar mode, which commits itself). */
export async function withNewTicketsCommit<T extends object>(ctx: Context, made: T): Promise<T & { next_command?: string; next_reason?: string }> {
  const repo = await ctx.governed();
  const { isSidecar } = await import("../stdlib/git/sidecar.js");
  return isSidecar(repo.exoDir) ? made : { ...made, ...(await newTicketsCommit(repo)) };
}

/**
 * Tickets created here and never committed (intent-create, ticket-create): the line that commits
 * them with the ledger as exo's own (`Exo-Generated: true`), and why. Before, nothing said to
 * commit them, and the planning commit a person made by hand (`git add .exo && git commit`) was
 * an ungoverned_commit error to exo pr-check. The folders are named, not the files: a plan is
 * several tickets, and every file there is exo's.
 */
export async function newTicketsCommit(repo: Repo): Promise<{ next_command?: string; next_reason?: string }> {
  const entries = await ticketFilesStatus(repo);
  return markPending(repo, entries ? newTicketsLine(repo, entries) : {});
}

function newTicketsLine(repo: Repo, entries: readonly Entry[]): { next_command?: string; next_reason?: string } {
  const exo = repo.relative(repo.exoDir);
  const dir = `${exo}/tickets/`;
  const fresh = entries.filter((e) => (e.code === "??" || e.code[0] === "A") && e.path.startsWith(dir) && e.path.endsWith(".yaml")).map((e) => e.path.slice(dir.length, -".yaml".length)).sort();
  const [first] = fresh;
  if (first === undefined) return {};
  const subject = fresh.length === 1 ? `chore(exo): create ${first}` : `chore(exo): create ${fresh.length} tickets`;
  return {
    next_command: ownCommitLine([`${exo}/tickets`, `${exo}/ledger`], subject),
    next_reason: fresh.length === 1 ? `${first} is not committed: teammates see it once it is pushed` : `${fresh.length} new tickets are not committed: teammates see them once pushed`,
  };
}

/**
 * What to do about a session still open on a ticket a person wants done or cancelled: the step in
 * words and the one command that starts it. One's own active session is finished (setting the ticket
 * done, or leaving it as it is and releasing the lock so ticket-close can cancel it); another actor's,
 * or a suspended one, is recovered with session-cleanup. ticket-close and ticket-update both say it.
 */
export function sessionFirst(session: Pick<SessionRecord, "id" | "actor" | "status">, ticket: string, actor: string, to: "done" | "cancelled"): { step: string; hint: string } {
  const own = session.actor === actor && session.status === "active";
  if (!own) return { step: "let it finish, or recover it first", hint: `exo session-cleanup --session-id ${session.id} --force` };
  if (to === "done") return { step: "finish it first, which sets the ticket done", hint: `exo session-finish --session-id ${session.id} --summary "…" --set-status done` };
  return {
    step: `finish it first without moving the ticket, then run exo ticket-close ${ticket} --status cancelled`,
    hint: `exo session-finish --session-id ${session.id} --summary "…" --set-status keep --release-lock`,
  };
}

/** The tickets above `id` along its parents (a cycle stops where it repeats). */
function ancestorsUp(tickets: ReadonlyMap<string, Ticket>, id: string): Set<string> {
  const seen = new Set<string>();
  for (let at = tickets.get(id)?.parent ?? null; at !== null && !seen.has(at); at = tickets.get(at)?.parent ?? null) seen.add(at);
  return seen;
}
