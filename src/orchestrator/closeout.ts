// Executes a close-out plan (finish, handoff, crash recovery): memento, ticket, lock, handoff
// record, ledger, session files, trace, auto-commit — in that order (SPEC §7.12 steps 8–12),
// journaled so that a kill at any step is completed later (completeCloseout).
import { existsSync } from "node:fs";
import { writeJsonAtomic } from "../io/fs-atomic.js";
import { sameDir, type Repo } from "../io/paths.js";
import type { Context } from "../commands/context.js";
import type { Config } from "../stdlib/config/model.js";
import { autoCommit } from "../stdlib/git/autocommit.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { releaseLock } from "../stdlib/locks/store.js";
import type { commitPlan } from "../stdlib/sessions/closeout.js";
import { deleteSessionFiles } from "../stdlib/sessions/store.js";
import type { SessionRecord } from "../stdlib/sessions/types.js";
import { readTicket, setTicketStatus, updateTicket } from "../stdlib/tickets/store.js";
import { listCloseoutJournals, readCloseoutJournal, removeCloseoutJournal, writeCloseoutJournal, type CloseoutJournal } from "../stdlib/sessions/closeout-journal.js";
import { crashPoint, type CrashStep } from "../io/crash.js";
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import { checkTransition, type Via } from "../stdlib/tickets/transitions.js";
import { checkMementoDir, who, writeMemento } from "./session-context.js";

/** `ticketDeleted`: a recovery of a session whose ticket a commit deleted (nothing to update). */
type Plan = ReturnType<typeof commitPlan> & { ticketDeleted?: boolean };

export interface CloseoutResult {
  memento_path: string;
  lock_released: boolean;
  auto_commit: string | null;
  ticket_status: string;
}

/** The close-out steps: handoff's, a superset of finish's (which has no handoff-written). */
type CloseoutStep = CrashStep<"session-handoff">;

/** Crash points of finish and handoff (test-only, EXO_TEST_CRASH_AT). */
function crashStep(via: Via, step: CloseoutStep): void {
  if (via === "session-finish" && step !== "handoff-written") crashPoint("session-finish", step);
  else if (via === "session-handoff") crashPoint("session-handoff", step);
}

export async function executeCloseout(ctx: Context, repo: Repo, config: Config, session: SessionRecord, plan: Plan, opts: { via: Via; event: string; transferTo?: string | null; resume?: CloseoutJournal; exoStatus?: readonly string[] }): Promise<CloseoutResult> {
  const w = { ...who(ctx), session: session.id };
  const resuming = opts.resume !== undefined;
  // The journal first: a kill from here on is completed by the next finish, cleanup or doctor --fix.
  const journal: CloseoutJournal = opts.resume ?? { format: "exo.closeout-journal/1", session, plan, via: opts.via, event: opts.event, transfer_to: opts.transferTo ?? null, pid: process.pid, host: ctx.host, started_at: ctx.now().toISOString(), lock_released: null, ledger_done: false };
  // Before the journal: a memento folder exo cannot write (a pulled symlink) refuses with nothing changed.
  if (!resuming) checkMementoDir(repo, session.ticket);
  if (!resuming && (opts.via === "session-finish" || opts.via === "session-handoff")) await checkTicketStillOpen(repo, session, plan, opts.via, opts.event);
  if (!resuming && (await closedBefore(repo, session, plan))) {
    journal.ledger_done = true;
    ctx.warn(WarningCode.CLOSEOUT_COMPLETED, `The ledger already holds the closing record of ${session.id}, from a close-out that was killed and whose journal could not be read: not written again.`);
  }
  if (!resuming) await writeCloseoutJournal(repo, journal);
  await writeMemento(repo, session.ticket, session.id, plan.memento);
  crashStep(opts.via, "memento-written");
  let status: string;
  try {
    if (plan.ticketDeleted) {
      // A teammate's commit deleted the ticket: the session ends without bringing it back.
      status = "deleted";
    } else if (plan.ticketPatch.status) {
      status = (await setTicketStatus(repo, w, session.ticket, plan.ticketPatch.status, opts.event, opts.via, (t) => {
        t.commits = plan.ticketPatch.commits;
        if (plan.ticketPatch.branch) t.branch = plan.ticketPatch.branch;
      })).ticket.status;
    } else {
      status = (await updateTicket(repo, w, session.ticket, (t) => {
        t.commits = plan.ticketPatch.commits;
        if (plan.ticketPatch.branch) t.branch = plan.ticketPatch.branch;
        return t;
      })).after.status;
    }
  } catch (error) {
    // Replaying an interrupted close-out: the ticket moved on meanwhile; keep its status.
    if (!resuming) throw error;
    status = (await readTicket(repo, session.ticket).catch(() => null))?.status ?? "unknown";
    ctx.warn(WarningCode.CLOSEOUT_COMPLETED, `The ticket ${session.ticket} moved on since the interrupted close-out; its status ${status} is kept.`);
  }
  crashStep(opts.via, "ticket-updated");
  let lockReleased = journal.lock_released ?? false;
  if (journal.lock_released === null) {
    if (plan.lock === "release") {
      // The released lock says how the ticket ended and on which branch: another worktree of this
      // clone still reads its own committed copy as todo (dispatch's finishedElsewhere). The branch
      // is the one the plan read in the session's worktree at its end.
      const outcome = { ticketStatus: status, branch: plan.ticketPatch.branch };
      const out = await releaseLock(repo, w, { ticket: session.ticket, force: true, ignoreMissing: true, bySession: session.id, outcome });
      // Released already (its lease ran out and gc-locks settled it, or a release during the
      // session) and nobody took it: no lock is held after the close-out either (before: "lock kept").
      lockReleased = out.released || out.lock?.state === "released";
      if (out.remote_not_released) ctx.warn(WarningCode.REMOTE_LEASE_NOT_RELEASED, out.remote_not_released);
    } else if (plan.lock === "transfer" && (opts.transferTo ?? journal.transfer_to)) {
      const { transferLock } = await import("../stdlib/locks/transfer.js");
      const out = await transferLock(repo, w, { ticket: session.ticket, session: session.id, to: (opts.transferTo ?? journal.transfer_to) as string });
      if (out?.remote_not_transferred) ctx.warn(WarningCode.REMOTE_LEASE_NOT_TRANSFERRED, out.remote_not_transferred);
    } else if (plan.lock === "keep") {
      const { unbindLock } = await import("../stdlib/locks/transfer.js");
      await unbindLock(repo, w, { ticket: session.ticket, session: session.id });
      // The remote lease no longer names the finished session (best effort: the owner still holds it).
      const { bindRemoteSession } = await import("../stdlib/locks/store.js");
      await bindRemoteSession(repo, w, session.ticket, null).catch(() => undefined);
    }
    journal.lock_released = lockReleased;
    await writeCloseoutJournal(repo, journal);
  }
  crashStep(opts.via, "lock-released");
  if (plan.handoff && !journal.ledger_done) await writeJsonAtomic(repo.handoffFile(session.ticket), plan.handoff);
  crashStep(opts.via, "handoff-written");
  if (!journal.ledger_done) {
    const entries = plan.ledger.map((e) => ({ type: e.type, session: e.session, ticket: e.ticket, data: e.type.startsWith("session.") ? { ...e.data, lock_released: lockReleased } : e.data }));
    await appendLedger(repo, w, entries);
    journal.ledger_done = true;
    await writeCloseoutJournal(repo, journal);
  }
  crashStep(opts.via, "closeout-recorded");
  const { leaveClaim } = await import("../stdlib/sessions/claims.js");
  await leaveClaim(repo, session, plan.charged, ctx.now()).catch(() => undefined);
  await deleteSessionFiles(repo, session.id);
  crashStep(opts.via, "session-files-removed");
  // The trace is built from the ledger, so it is written after the closing record (§8.9).
  const { writeSessionTrace } = await import("../stdlib/observe/traces.js");
  await writeSessionTrace(repo, session.id, config.telemetry.service_name, session.started_at).catch(() => null);
  const commit = await autoCommit(repo, config, { event: opts.event, id: session.id, session: session.id, ticket: session.ticket, crash: (step) => crashStep(opts.via, step), ...(opts.exoStatus ? { exoStatus: opts.exoStatus } : {}) });
  if (commit.warning) ctx.warn(commit.warning.code, commit.warning.message);
  crashStep(opts.via, "committed");
  await removeCloseoutJournal(repo, session.id);
  return { memento_path: plan.memento.path, lock_released: lockReleased, auto_commit: commit.sha, ticket_status: status };
}

/**
 * Complete an interrupted close-out (its process died or failed after the journal was written):
 * under the session guard, so a close-out still running is never replayed. Null when there is
 * nothing to complete or the guard is busy (the close-out is running).
 */
export async function completeCloseout(ctx: Context, repo: Repo, config: Config, sessionId: string): Promise<(CloseoutResult & { session: string; ticket: string; via: string; outcome: string }) | null> {
  const { withGuard } = await import("../io/guard.js");
  try {
    return await withGuard(repo.stateDir, `session-${sessionId}`, { host: ctx.host, timeoutMs: 2_000 }, async () => {
      const journal = await readCloseoutJournal(repo, sessionId);
      if (!journal) return null;
      const done = await executeCloseout(ctx, repo, config, journal.session, journal.plan, { via: journal.via as Via, event: journal.event, transferTo: journal.transfer_to, resume: journal });
      ctx.warn(WarningCode.CLOSEOUT_COMPLETED, `Completed the interrupted ${journal.via} of session ${sessionId} (started ${journal.started_at}).`);
      const outcome = String(journal.plan.ledger.find((e) => e.type.startsWith("session."))?.data["outcome"] ?? journal.event);
      return { ...done, session: sessionId, ticket: journal.session.ticket, via: journal.via, outcome };
    });
  } catch (error) {
    if (error instanceof ExoError && error.code === ErrorCode.LOCK_BUSY) return null;
    throw error;
  }
}

/**
 * Complete every interrupted close-out (of one actor, or the sessions named, when given), one after
 * the other (each ends in a commit on the shared index); returns what was completed.
 */
export async function completeCloseouts(ctx: Context, repo: Repo, config: Config, filter: { actor?: string; sessions?: readonly string[] } = {}) {
  const out = [];
  for (const id of await listCloseoutJournals(repo)) {
    if (filter.sessions && !filter.sessions.includes(id)) continue;
    // An unreadable journal is skipped here; doctor reports it and --fix moves it aside.
    const j = await readCloseoutJournal(repo, id).catch(() => null);
    if (!j || (filter.actor && j.session.actor !== filter.actor)) continue;
    const done = await completeCloseout(ctx, repo, config, id);
    if (done) out.push(done);
  }
  return out;
}

/**
 * A close-out killed after its ledger step, whose journal a crash zeroed (renamed into place without
 * its own fsync) or a hand garbled: the next finish starts afresh and, before, wrote the session's
 * closing record a second time (two session.finished records, counted twice by metrics and traces).
 * Its memento, the close-out's first step, is there already: then the ledger says whether the
 * closing record is too. (A first close-out finds no memento and reads no ledger.)
 */
async function closedBefore(repo: Repo, session: SessionRecord, plan: Plan): Promise<boolean> {
  if (!existsSync(repo.mementoFile(session.ticket, session.id))) return false;
  const { readSessionRecords } = await import("../stdlib/ledger/read.js");
  const types = new Set(plan.ledger.filter((e) => e.session === session.id && e.type.startsWith("session.")).map((e) => e.type));
  return (await readSessionRecords(repo, session.id, session.started_at).catch(() => [])).some((r) => types.has(r.type));
}

/**
 * Before the journal: a ticket someone moved on while the session worked on it (closed by a person,
 * done in a pull from a teammate) cannot take the close-out's status. Refused with nothing written
 * (before, the memento and the journal were left behind, and doctor called it a killed close-out);
 * `--set-status keep` records the work and leaves the ticket as it is.
 */
async function checkTicketStillOpen(repo: Repo, session: SessionRecord, plan: Plan, via: Via, reason: string): Promise<void> {
  const target = plan.ticketPatch.status;
  if (!target) return;
  const ticket = await readTicket(repo, session.ticket).catch(() => null);
  if (!ticket || ticket.status === target || checkTransition(ticket.kind, ticket.status, target, via, reason).ok) return;
  const last = [...ticket.history].reverse().find((h) => h.to === ticket.status);
  const undone = await undoneByGit(repo, session, ticket);
  if (undone) throw undone;
  const by = last ? ` (set by ${last.by} at ${last.at})` : "";
  throw new ExoError(ErrorCode.INVALID_TRANSITION, `Ticket ${ticket.id} is ${ticket.status} now${by}, so ${via} cannot move it to ${target}; finish with --set-status keep to record the session's work and leave the ticket as it is.`, {
    hint: 'exo session-finish --set-status keep --release-lock --summary "…"',
    details: { ticket: ticket.id, status: ticket.status, target, changed_by: last?.by ?? null, changed_at: last?.at ?? null },
  });
}

/**
 * The session's own status change is gone from the ticket (no history entry since the session
 * started or resumed, and the ticket back where a start takes it from): git undid it, not a
 * person. A stash that holds the ticket file gives it back.
 */
async function undoneByGit(repo: Repo, session: SessionRecord, ticket: { id: string; status: string; history: readonly { at: string }[] }): Promise<ExoError | null> {
  const since = session.resumed_at ?? session.started_at;
  if (session.status !== "active" || !["todo", "paused", "review"].includes(ticket.status) || ticket.history.some((h) => h.at >= since)) return null;
  // Run in another worktree of the clone (`exo` alone there offers this session's finish): the
  // ticket is as that worktree's branch has it, not undone. Before: "git undid that change", and a
  // hint that finished the session here with --set-status keep.
  if (!sameDir(session.worktree, repo.root) && existsSync(session.worktree)) {
    const { shellWord } = await import("../kernel/quote.js");
    return new ExoError(ErrorCode.INVALID_TRANSITION, `Session ${session.id} on ${ticket.id} was started in the worktree ${session.worktree}, and this one (${repo.root}) has ${ticket.id} ${ticket.status}: finish it there.`, {
      hint: `cd ${shellWord(session.worktree)} && exo session-finish --summary "…"`,
      details: { ticket: ticket.id, status: ticket.status, session: session.id, worktree: session.worktree },
    });
  }
  const rel = repo.relative(repo.ticketFile(ticket.id));
  const { gitRaw } = await import("../io/git.js");
  const stashed = await gitRaw(repo.root, ["stash", "show", "--name-only", "--include-untracked", "stash@{0}"]).catch(() => null);
  const inStash = stashed?.code === 0 && stashed.stdout.split("\n").includes(rel);
  const hint = inStash ? "git stash pop" : 'exo session-finish --set-status keep --release-lock --summary "…"';
  return new ExoError(ErrorCode.INVALID_TRANSITION, `Ticket ${ticket.id} is ${ticket.status} in the work tree, though session ${session.id} made it active at ${since}: git undid that change (a stash, reset or checkout); ${inStash ? "pop the stash and finish again" : "bring it back (git reflog)"}, or finish with --set-status keep.`, {
    hint,
    details: { ticket: ticket.id, status: ticket.status, session: session.id, undone_by_git: true, in_stash: inStash },
  });
}
