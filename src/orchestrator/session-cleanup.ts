// Liveness scan and crash recovery (SPEC §7.14).
import { ExoError, ErrorCode } from "../errors.js";
import { withGuard } from "../io/guard.js";
import type { Repo } from "../io/paths.js";
import type { Context } from "../commands/context.js";
import type { Config } from "../stdlib/config/model.js";
import { loadConfig } from "../stdlib/config/store.js";
import { currentBranch, headCommit } from "../stdlib/git/facts.js";
import { readAllRecords } from "../stdlib/ledger/read.js";
import { commitPlan, resolveRequirements } from "../stdlib/sessions/closeout.js";
import { listSessions, readSession } from "../stdlib/sessions/store.js";
import type { SessionRecord } from "../stdlib/sessions/types.js";
import type { StaleReason } from "../stdlib/sessions/liveness.js";
import { readLock } from "../stdlib/locks/store.js";
import type { LockState } from "../stdlib/locks/types.js";
import { isLockLive } from "../kernel/lock-state.js";
import { readTicket } from "../stdlib/tickets/store.js";
import { completeCloseouts, executeCloseout } from "./closeout.js";
import { sessionChanges, sessionDrift } from "./session-finish.js";
import { liveness } from "./session-context.js";

export async function scanSessions(ctx: Context) {
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  const sessions = [];
  for (const s of await listSessions(repo, (c, m) => ctx.warn(c, m))) {
    const l = await liveness(ctx, repo, config, s);
    sessions.push({ id: s.id, actor: s.actor, ticket: s.ticket, status: s.status, started_at: s.started_at, heartbeat_at: s.heartbeat_at, host: s.host, pid: s.pid, pid_alive: l.pid_alive, lock_live: l.lock_live, stale: l.stale, stale_reasons: l.reasons });
  }
  return { sessions, stale: sessions.filter((s) => s.stale).length };
}

/**
 * Turn one session into a crash memento, release its lock, settle its ticket (§7.14). null when
 * the session ended meanwhile (a concurrent cleanup, takeover or finish closed it first): recovering
 * the copy read before the guard gave one session two closing records.
 */
export async function recoverSession(ctx: Context, repo: Repo, config: Config, found: SessionRecord, opts: { reasons: StaleReason[]; ticketStatus: "auto" | "todo" | "paused" }) {
  return withGuard(repo.stateDir, `session-${found.id}`, { host: ctx.host }, async () => {
    const session = await readSession(repo, found.id);
    if (!session) return null;
    const tg = await import("./ticket-gone.js");
    // A ticket a pulled commit deleted: the session still ends (its memento kept), without it.
    const deleted = await tg.checkSessionTicket(repo, session, { deleted: "allow" });
    const before = deleted ? await tg.ticketBeforeDeletion(repo, deleted) : null;
    if (deleted && !before) throw new ExoError(ErrorCode.TICKET_NOT_FOUND, `Ticket ${session.ticket} of session ${session.id} was deleted by commit ${deleted.deleted_by?.commit.slice(0, 12)}, and the copy before it does not parse; bring it back with git checkout ${deleted.deleted_by?.commit.slice(0, 12)}^ -- ${repo.relative(repo.ticketFile(session.ticket))}, then run this again.`, { details: { ticket: session.ticket, session: session.id } });
    let changes: Awaited<ReturnType<typeof sessionChanges>> = { files: [], commits: [], lines_added: 0, lines_removed: 0, attribution: { charged: [], excluded_preexisting: [], excluded_other_sessions: [] } };
    let drift = null;
    try {
      changes = await sessionChanges(repo, config, session);
      drift = await sessionDrift(repo, session, changes);
    } catch {
      drift = null; // best effort: the worktree may be gone
    }
    const records = await readAllRecords(repo);
    const lastCheck = records.filter((r) => r.session === session.id && r.type === "check.completed").pop();
    const verify = lastCheck && lastCheck.data["passed"] === false ? "failed" : "none";
    const ticket = before ?? (await readTicket(repo, session.ticket));
    const worked = changes.files.length > 0 || changes.commits.length > 0;
    const wanted = opts.ticketStatus === "auto" ? (worked ? "paused" : "todo") : opts.ticketStatus;
    const taken = opts.ticketStatus === "auto" && claimedByAnother(await readLock(repo, session.ticket).catch(() => null), session, ctx.now());
    const setStatus = (ticket.status === "active" || ticket.status === "paused") && !taken && !before ? wanted : "keep";
    const outcome = opts.reasons.includes("lock_lost") ? "superseded" : "crashed";
    const plan = commitPlan({
      outcome,
      session,
      ticket,
      changes,
      drift,
      verdict: { ...resolveRequirements({ requirements: [], evidence: { checks: [], drift, changed: changes.files.length, loc: 0, budgets: session.budgets, lockOk: true }, breakGlassReason: null }), verify },
      setStatus,
      releaseLock: true,
      closeout: { summary: `Recovered by ${ctx.actor}: ${opts.reasons.join(", ") || "forced"}`, nextSteps: [], blockers: [], artifacts: [], errors: [], breakGlassReason: null, checks: [], endBranch: await currentBranch(session.worktree).catch(() => null), endCommit: await headCommit(session.worktree).catch(() => null), actor: ctx.actor },
      handoff: null,
      now: ctx.now(),
    });
    for (const entry of plan.ledger) Object.assign(entry.data, { reasons: opts.reasons, ticket_status: before ? "deleted" : setStatus === "keep" ? ticket.status : setStatus, recovered_by: ctx.actor, ...(deleted?.deleted_by ? { ticket_deleted_by: deleted.deleted_by.commit } : {}) });
    const done = await executeCloseout(ctx, repo, config, session, before ? { ...plan, ticketDeleted: true } : plan, { via: "session-cleanup", event: "cleanup" });
    return { session: session.id, ticket: session.ticket, reasons: opts.reasons, ticket_status: done.ticket_status, lock_released: done.lock_released, memento: done.memento_path };
  });
}

/**
 * The ticket's live lock belongs to a later claim (another session, or a higher token: the session
 * was superseded). The ticket's status is then that claim's, and recovering the old session leaves
 * it alone rather than setting the new holder's ticket back to todo or paused.
 */
function claimedByAnother(lock: LockState | null, session: SessionRecord, now: Date): boolean {
  if (!lock || !isLockLive(lock, now)) return false;
  return lock.session ? lock.session !== session.id : lock.fencing_token > (session.fencing_token ?? 0);
}

/** What recoverSession would do, written nowhere: the dry run reports the same fields (§6.4). */
async function previewRecovery(repo: Repo, config: Config, session: SessionRecord, opts: { reasons: StaleReason[]; ticketStatus: "auto" | "todo" | "paused" }, now: Date) {
  let worked = false;
  if (opts.ticketStatus === "auto") {
    try {
      const changes = await sessionChanges(repo, config, session);
      worked = changes.files.length > 0 || changes.commits.length > 0;
    } catch {
      worked = false; // best effort, as the recovery itself
    }
  }
  const ticket = await readTicket(repo, session.ticket).catch(() => null);
  const wanted = opts.ticketStatus === "auto" ? (worked ? "paused" : "todo") : opts.ticketStatus;
  const lock = await readLock(repo, session.ticket).catch(() => null);
  const taken = opts.ticketStatus === "auto" && claimedByAnother(lock, session, now);
  const ticketStatus = ticket === null ? null : (ticket.status === "active" || ticket.status === "paused") && !taken ? wanted : ticket.status;
  // As the close-out counts it: released now (bound to the session), or already free (a suspend or gc-locks released it).
  const lockReleased = lock !== null && (lock.state === "released" || (lock.state === "held" && lock.session === session.id));
  return { session: session.id, ticket: session.ticket, reasons: opts.reasons, ticket_status: ticketStatus, lock_released: lockReleased, memento: `.exo/mementos/${session.ticket}/${session.id}.md` };
}

export async function cleanupSessions(ctx: Context, input: { session_id: string[]; force: boolean; ticket_status: "auto" | "todo" | "paused"; dry_run: boolean }) {
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  // Close-outs killed half-way (finish, handoff, recovery) are completed from their journals first.
  const completed = input.dry_run ? [] : await completeCloseouts(ctx, repo, config, input.session_id.length > 0 ? { sessions: input.session_id } : {});
  // A lock hand-edited to name a session that does not exist is bound again to the session working
  // under it, before that session is judged (bound to no lock, it looked crashed and was recovered).
  if (!input.dry_run) await (await import("./health-state.js")).bindMisboundLocks(ctx, repo);
  const all = await listSessions(repo);
  for (const id of input.session_id) {
    if (completed.some((c) => c.session === id)) continue;
    if (!all.some((s) => s.id === id)) throw new ExoError(ErrorCode.SESSION_NOT_FOUND, `No session ${id}; list them with exo session-scan.`, { hint: "exo session-scan" });
  }
  const selected = input.session_id.length > 0 ? all.filter((s) => input.session_id.includes(s.id)) : all;
  const recovered = [];
  const skipped = [];
  for (const s of selected) {
    const l = await liveness(ctx, repo, config, s);
    if (!l.stale && !input.force) {
      skipped.push({ session: s.id, reason: "not_stale" });
      continue;
    }
    // Unless named, a session whose ticket file git took away waits for doctor --fix to restore it.
    if (input.session_id.length === 0 && (await (await import("./ticket-gone.js")).goneTickets(repo, [s])).length > 0) {
      skipped.push({ session: s.id, reason: "ticket_gone" });
      continue;
    }
    if (input.dry_run) {
      recovered.push(await previewRecovery(repo, config, s, { reasons: l.reasons, ticketStatus: input.ticket_status }, ctx.now()));
      continue;
    }
    const done = await recoverSession(ctx, repo, config, s, { reasons: l.reasons, ticketStatus: input.ticket_status });
    if (done) recovered.push(done);
    else skipped.push({ session: s.id, reason: "ended" });
  }
  // A start killed between binding the lock and writing its session leaves a lock without one.
  let orphanedLocks: string[] = [];
  if (!input.dry_run && input.session_id.length === 0) {
    const { releaseOrphanedLocks } = await import("./health-state.js");
    orphanedLocks = await releaseOrphanedLocks(ctx, repo);
  }
  // `exo next` killed between its lock and its ticket: the claim is completed.
  let claims: string[] = [];
  if (!input.dry_run && input.session_id.length === 0) {
    const { completeInterruptedClaims } = await import("./health-state.js");
    claims = await completeInterruptedClaims(ctx, repo);
  }
  return { recovered, skipped, released_orphaned_locks: orphanedLocks, completed_claims: claims, completed_closeouts: completed.map((c) => ({ session: c.session, ticket: c.ticket, via: c.via, memento: c.memento_path, auto_commit: c.auto_commit })) };
}
