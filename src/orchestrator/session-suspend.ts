// Suspend and resume (SPEC §7.13).
import { CLOSED_STATUSES } from "../stdlib/tickets/types.js";
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import { actorMatches } from "../kernel/ids.js";
import { effectiveScope } from "../kernel/scope.js";
import { withGuard } from "../io/guard.js";
import type { Context } from "../commands/context.js";
import { loadConfig, readSealedPolicy } from "../stdlib/config/store.js";
import { gitFacts } from "../stdlib/git/facts.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { acquireLock, bindLock, bindRemoteSession, readLock, releaseLock, tokenFloor, unbindLock } from "../stdlib/locks/store.js";
import { isLockLive } from "../stdlib/locks/types.js";
import { lockLost, lostCause } from "../stdlib/locks/lost.js";
import { sortAdvisories } from "../stdlib/sessions/bootstrap.js";
import { pidStartMarker } from "../stdlib/sessions/liveness.js";
import { listSessions, readSession, writeSession } from "../stdlib/sessions/store.js";
import { ancestorsOf } from "../stdlib/tickets/model.js";
import { listTickets, readTicket, setTicketStatus } from "../stdlib/tickets/store.js";
import { finishStart, type StartResult } from "./session-start.js";
import { endedMeanwhile, governanceGate, resolveOwnSession, resumeHint, who } from "./session-context.js";

export async function suspendSession(ctx: Context, input: { reason: string; session_id?: string | undefined; keep_lock: boolean }) {
  const repo = await ctx.governed();
  const found = await resolveOwnSession(ctx, repo, input.session_id, "active");
  if (found.status === "suspended") throw new ExoError(ErrorCode.SESSION_SUSPENDED, `Session ${found.id} is already suspended; resume it with ${resumeHint(ctx, found)}.`, { hint: resumeHint(ctx, found) });
  return withGuard(repo.stateDir, `session-${found.id}`, { host: ctx.host }, async () => {
    const session = await readSession(repo, found.id);
    if (!session) throw await endedMeanwhile(ctx, repo, input.session_id, found.id);
    if (session.status !== "active") throw new ExoError(ErrorCode.SESSION_SUSPENDED, `Session ${found.id} is no longer active.`);
    const w = { ...who(ctx), session: session.id };
    // As finish and handoff: a session whose lock is gone, taken or force-released pauses nothing
    // (the ticket may be someone else's now), and a later resume must not take the lock back.
    const lock = await readLock(repo, session.ticket);
    if (session.fencing_token !== null && (lock === null || lock.fencing_token !== session.fencing_token || (lock.session !== null && lock.session !== session.id))) {
      throw lockLost({ ticket: session.ticket, session: session.id, cause: lostCause(lock), note: "nothing was written", next: "close this session and pick another ticket", hint: `exo session-cleanup --session-id ${session.id} --force`, details: { lock } });
    }
    // Another clone took the remote lease over (as finish checks): nothing to pause here. An
    // unreachable remote does not stop a pause.
    if (lock?.distributed && lock.fencing_token === session.fencing_token) {
      const { leaseSupersededBy, leaseLost } = await import("../stdlib/locks/distributed.js");
      const holder = await leaseSupersededBy(repo, lock.distributed.remote, session.ticket, lock.distributed.nonce, lock.distributed.commit).catch(() => null);
      if (holder) throw leaseLost(session.ticket, lock.distributed.remote, holder, { session_kept: session.id });
    }
    // A ticket file git took away would fail the ticket update after the session was written.
    await (await import("./ticket-gone.js")).checkSessionTicket(repo, session);
    const suspended = { ...session, status: "suspended" as const, suspended_at: w.now.toISOString(), suspend_reason: input.reason };
    await writeSession(repo, suspended);
    const { noteSuspended } = await import("../stdlib/sessions/snapshot.js");
    await noteSuspended(repo, session, w.now).catch(() => undefined);
    const { ticket } = await setTicketStatus(repo, w, session.ticket, "paused", input.reason, "session-suspend").catch(async () => ({ ticket: await readTicket(repo, session.ticket) }));
    let released = false;
    if (!input.keep_lock) {
      const out = await releaseLock(repo, w, { ticket: session.ticket, force: true, ignoreMissing: true, bySession: session.id });
      released = out.released;
      if (out.remote_not_released) ctx.warn(WarningCode.REMOTE_LEASE_NOT_RELEASED, out.remote_not_released);
    }
    await appendLedger(repo, w, [{ type: "session.suspended", session: session.id, ticket: session.ticket, data: { reason: input.reason, lock_released: released } }]);
    const sidecar = await import("../stdlib/git/sidecar.js");
    await sidecar.sidecarStep(repo.exoDir, "suspend", session.id, (c, m) => ctx.warn(c, m));
    const line = sidecar.isSidecar(repo.exoDir) ? {} : await (await import("./ticket-close.js")).suspendCommitLine(repo, session.ticket);
    return { session: suspended, ticket_status: ticket.status, lock_released: released, ...line };
  });
}

export async function resumeSession(ctx: Context, input: { session_id?: string | undefined; pid?: number | undefined; agent_session_id?: string | undefined; harness?: string | undefined }): Promise<StartResult> {
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  const found = await resolveOwnSession(ctx, repo, input.session_id, "resume");
  if (found.status !== "suspended") throw new ExoError(ErrorCode.SESSION_NOT_SUSPENDED, `Session ${found.id} is active, not suspended; just keep working (or finish it).`, { hint: 'exo session-finish --summary "…"' });
  if (found.actor !== ctx.actor) throw new ExoError(ErrorCode.NO_ACTIVE_SESSION, `Session ${found.id} belongs to ${found.actor}, not ${ctx.actor}; only its own actor can resume it.`, { hint: `exo session-resume --session-id ${found.id} --actor ${found.actor}`, details: { actor: found.actor } });
  const other = (await listSessions(repo)).find((s) => s.actor === ctx.actor && s.status === "active");
  if (other) throw new ExoError(ErrorCode.SESSION_ALREADY_ACTIVE, `${ctx.actor} already works on ${other.ticket} in session ${other.id}; finish or suspend it first.`, { details: { session: other.id } });
  const gov = await governanceGate(ctx, repo, config, "start");
  return withGuard(repo.stateDir, `session-${found.id}`, { host: ctx.host }, async () => {
    const session = await readSession(repo, found.id);
    if (!session) throw await endedMeanwhile(ctx, repo, input.session_id, found.id, "resume");
    // Read again under the guard: a concurrent resume (two MCP calls) already made it active.
    if (session.status !== "suspended") throw new ExoError(ErrorCode.SESSION_NOT_SUSPENDED, `Session ${session.id} was resumed meanwhile; just keep working (or finish it).`, { hint: 'exo session-finish --summary "…"' });
    // A ticket file git took away (or a pulled commit deleted) says which, as finish does (before:
    // "No ticket T1; list tickets", and finish sent the person back to this resume).
    await (await import("./ticket-gone.js")).checkSessionTicket(repo, session);
    const ticket = await readTicket(repo, session.ticket);
    if (CLOSED_STATUSES.has(ticket.status)) {
      // The session would stay suspended for ever (and bare session-start would keep landing here): close it.
      throw new ExoError(ErrorCode.TICKET_CLOSED, `${ticket.id} is ${ticket.status}, so session ${session.id} cannot resume; close it with exo session-cleanup (memento kept, ticket stays ${ticket.status}).`, {
        hint: `exo session-cleanup --session-id ${session.id} --force`,
        details: { session: session.id, ticket: ticket.id, status: ticket.status },
      });
    }
    const w = { ...who(ctx), session: session.id };
    const lock = await readLock(repo, session.ticket);
    let token: number;
    let owner: string;
    const ttlSeconds = Math.round(config.locks.ttl_hours * 3600);
    // The lock this session kept at suspend (whoever claimed it for the agent: next --owner alice,
    // then agent:claude works), or the actor's own unbound claim: bind it, same token (SPEC §7.13).
    if (lock && isLockLive(lock, w.now) && (lock.session === session.id || (lock.session === null && actorMatches(ctx.actor, lock.owner)))) {
      token = (await bindLock(repo, w, { ticket: ticket.id, session: session.id, actor: ctx.actor, requireOwnerMatch: false, boundState: null })).fencing_token;
      // The remote lease must still be this claim's; the push that names the session checks it.
      if (lock.distributed) await bindRemoteSession(repo, w, ticket.id, session.id).catch(async (error: unknown) => {
        await unbindLock(repo, w, ticket.id, session.id, lock.session).catch(() => undefined);
        throw error;
      });
      owner = lock.owner;
    } else {
      // Distributed (config, or the suspended claim was): take the remote lease again first.
      let claim: { token: number; block: NonNullable<typeof lock>["distributed"] } | null = null;
      if (config.locks.distributed || lock?.distributed) {
        const { claimLease } = await import("../stdlib/locks/distributed.js");
        claim = await claimLease(repo, w, { remote: lock?.distributed?.remote ?? config.git.remote, ticket: ticket.id, owner: ctx.actor, session: session.id, ttlSeconds, localToken: lock?.fencing_token ?? (await tokenFloor(repo, ticket.id)) });
      }
      const taken = await acquireLock(repo, w, { ticket: ticket.id, owner: ctx.actor, session: session.id, ttlSeconds, branch: session.branch, ...(claim ? { token: claim.token, distributed: claim.block } : {}) });
      token = taken.lock.fencing_token;
      owner = taken.lock.owner;
    }
    const { ticket: active } = await setTicketStatus(repo, w, ticket.id, "active", "session_resume", "session-resume");
    const index = await listTickets(repo);
    const scope = effectiveScope(active, ancestorsOf(index.tickets, active));
    const policy = await readSealedPolicy(repo);
    const facts = await gitFacts(session.worktree, config.git.remote, config.git.base_branch);
    const { computeAdvisories } = await import("./advisories.js");
    const siblings = (await listSessions(repo)).filter((s) => s.id !== session.id && (s.status === "active" || s.status === "suspended"));
    const computed = await computeAdvisories({ ctx, repo, config, ticket: active, scope, siblings, facts });
    // Resumed on another branch than the one the session worked on: its commits are not here.
    if (session.branch && facts.branch && session.branch !== facts.branch) {
      computed.push({ kind: "ticket_branch_mismatch", severity: "info", message: `${session.id} worked on ${session.branch}; you are on ${facts.branch}`, details: { previous_branch: session.branch, current_branch: facts.branch } });
    }
    const advisories = sortAdvisories([...(gov.advisory ? [gov.advisory] : []), ...computed]);
    // EXO_AGENT_PID as session-start reads it: a positive whole number, else no pid (a "-5" or
    // "1.5" was recorded as the pid, and a negative one probed a process group for liveness).
    const fromEnv = Number(ctx.env["EXO_AGENT_PID"]);
    const pid = input.pid ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : null);
    const resumed = {
      ...session,
      status: "active" as const,
      resumed_at: w.now.toISOString(),
      heartbeat_at: w.now.toISOString(),
      host: ctx.host,
      pid,
      pid_start: pid ? pidStartMarker(pid) : null,
      harness: input.harness ?? session.harness,
      agent_session_id: input.agent_session_id ?? session.agent_session_id,
      fencing_token: token,
      lock_owner: owner,
      scope,
      budgets: active.budgets,
      checks: [...new Set([...active.checks, ...(policy?.checks.required ?? [])])],
      advisories,
    };
    const { noteResumed } = await import("../stdlib/sessions/snapshot.js");
    await noteResumed(repo, session).catch(() => undefined);
    const info = { suspended_at: session.suspended_at ?? "", reason: session.suspend_reason ?? "" };
    const result = await finishStart(ctx, repo, config, { ...resumed, suspended_at: null, suspend_reason: null }, active, { reused: false, resumed: true, recomposed: gov.recomposed, handoff: null, resumedInfo: info });
    await appendLedger(repo, w, [{ type: "session.resumed", session: session.id, ticket: ticket.id, data: { fencing_token: token } }]);
    await (await import("../stdlib/git/sidecar.js")).sidecarStep(repo.exoDir, "resume", session.id, (c, m) => ctx.warn(c, m));
    return result;
  });
}
