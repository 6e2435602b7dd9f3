// lease-renew, lease-heartbeat, lease-release and gc-locks (SPEC §6.3, §7.7).
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import { actorMatches } from "../kernel/ids.js";
import type { Context } from "../commands/context.js";
import type { Repo } from "../io/paths.js";
import { loadConfig } from "../stdlib/config/store.js";
import { expireLock, heartbeatLock, listLocks, releaseLock, renewLock } from "../stdlib/locks/store.js";
import { clockBackNote, isLockLive, type LockState } from "../stdlib/locks/types.js";
import { familySession, listSessions, readSession } from "../stdlib/sessions/store.js";
import { readTicket, setTicketStatus } from "../stdlib/tickets/store.js";
import { listTickets } from "../stdlib/tickets/store.js";

/** --ticket-id, else EXO_SESSION_ID's ticket, else the actor's active session, else the single live lock the actor matches. */
export async function resolveLeaseTicket(ctx: Context, repo: Repo, explicit: string | undefined, command: "lease-heartbeat" | "lease-renew" | "lease-release"): Promise<string> {
  if (explicit) return explicit;
  const sid = ctx.env["EXO_SESSION_ID"];
  if (sid) {
    const s = await readSession(repo, sid).catch(() => null);
    if (s) return s.ticket;
  }
  const sessions = await listSessions(repo);
  const own = sessions.find((s) => s.actor === ctx.actor && s.status === "active") ?? familySession(sessions, ctx.actor, repo.root);
  if (own) return own.ticket;
  const now = ctx.now();
  const locks = await listLocks(repo, { released: false });
  const mine = locks.filter((l) => isLockLive(l, now) && actorMatches(ctx.actor, l.owner));
  if (mine.length === 1) return (mine[0] as LockState).ticket;
  // None live: the actor's single expired hold, which heartbeat and renew take back.
  const expired = mine.length === 0 ? locks.filter((l) => l.state === "held" && !isLockLive(l, now) && actorMatches(ctx.actor, l.owner)) : [];
  if (expired.length === 1) return (expired[0] as LockState).ticket;
  throw new ExoError(ErrorCode.LOCK_NOT_FOUND, mine.length > 1 ? `${ctx.actor} holds ${mine.length} locks; say which with --ticket-id.` : command === "lease-release" ? `No lock held by ${ctx.actor}: nothing to release (exo status lists who holds what).` : `No lock held by ${ctx.actor} to renew; claim a task first (exo next).`, {
    // The command that was run, for one of the actor's locks; none held: release has nothing to
    // give back (status lists who holds what), heartbeat and renew need a claim first.
    hint: mine[0] ? `exo ${command} --ticket-id ${mine[0].ticket}` : command === "lease-release" ? "exo status" : "exo next",
    details: { candidates: mine.map((l) => l.ticket) },
  });
}

async function ttlSeconds(repo: Repo, hours: number | undefined): Promise<number> {
  const h = hours ?? (await loadConfig(repo)).locks.ttl_hours;
  return Math.round(h * 3600);
}

/**
 * A --ticket-id that names no ticket (TICKET-01 for TICKET-001): TICKET_NOT_FOUND, which names the
 * id meant and gives the line with it (before: "No live lock on TICKET-01", its hint a
 * session-start on the ticket that does not exist). Any other error as it was.
 */
function noSuchTicket(repo: Repo, explicit: string | undefined): (error: unknown) => Promise<never> {
  return async (error: unknown) => {
    if (explicit !== undefined && error instanceof ExoError && error.code === ErrorCode.LOCK_NOT_FOUND) await readTicket(repo, explicit);
    throw error;
  };
}

export async function leaseRenew(ctx: Context, input: { ticket_id?: string | undefined; ttl_hours?: number | undefined }) {
  return extend(ctx, input, renewLock);
}

export async function leaseHeartbeat(ctx: Context, input: { ticket_id?: string | undefined; ttl_hours?: number | undefined }) {
  return extend(ctx, input, heartbeatLock);
}

async function extend(ctx: Context, input: { ticket_id?: string | undefined; ttl_hours?: number | undefined }, fn: typeof renewLock) {
  const repo = await ctx.governed();
  const ticket = await resolveLeaseTicket(ctx, repo, input.ticket_id, fn === renewLock ? "lease-renew" : "lease-heartbeat");
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now() };
  const out = await fn(repo, who, { ticket, ttlSeconds: await ttlSeconds(repo, input.ttl_hours) }).catch(noSuchTicket(repo, input.ticket_id));
  let status = (await readTicket(repo, ticket).catch(() => null))?.status ?? null;
  // A claim that expired went back to todo (reconcile); taking the lock back claims it again.
  if (out.reacquired && status === "todo") status = (await setTicketStatus(repo, { ...who, session: out.lock.session }, ticket, "active", "lock_reacquired", "next")).ticket.status;
  if (out.clock_back) {
    ctx.warn(WarningCode.CLOCK_RAN_BACKWARDS, `${clockBackNote(ticket, out.clock_back, who.now, out.clock_back.ahead_ms)} The heartbeat renewed it in place (token ${out.lock.fencing_token} kept).`);
  }
  // SPEC §6.3's keys first, in its order; reacquired is exo's addition.
  return { lock: out.lock, previous_fencing_token: out.previous_fencing_token, ticket_status: status, reacquired: out.reacquired };
}

export async function leaseRelease(ctx: Context, input: { ticket_id?: string | undefined; ignore_missing: boolean; force: boolean }) {
  const repo = await ctx.governed();
  let ticket: string;
  try {
    ticket = await resolveLeaseTicket(ctx, repo, input.ticket_id, "lease-release");
  } catch (error) {
    if (input.ignore_missing && error instanceof ExoError && error.code === ErrorCode.LOCK_NOT_FOUND) return { lock: null, previous_fencing_token: null, ticket_status: null, forced: null };
    throw error;
  }
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now() };
  const out = await releaseLock(repo, who, { ticket, force: input.force, ignoreMissing: input.ignore_missing }).catch(noSuchTicket(repo, input.ticket_id));
  if (out.remote_not_released) ctx.warn(WarningCode.REMOTE_LEASE_NOT_RELEASED, out.remote_not_released);
  let status = (await readTicket(repo, ticket).catch(() => null))?.status ?? null;
  const bound = out.released ? (await listSessions(repo)).find((s) => s.ticket === ticket && s.status === "active") : undefined;
  if (bound) {
    // Released under a session that still works on the ticket (its owner's own, or --force): said,
    // with the way back (before: silent, and the session later read as stale, lease_expired).
    // A forced release past it bumped the token: that session has lost the lock for good, and its
    // finish and suspend answer LOCK_LOST, so the way out is the cleanup finish's LOCK_LOST names
    // (SPEC §7.12 step 3; before, the warning offered suspend/resume or finish, which both refused).
    if (out.forced?.session === bound.id) ctx.warn(WarningCode.SESSION_WITHOUT_LOCK, `session ${bound.id} of ${bound.actor} has lost its lock on ${ticket} (token ${out.lock?.fencing_token ?? "?"}): the hook refuses its writes, and its finish and suspend answer LOCK_LOST; close it with exo session-cleanup --session-id ${bound.id} --force (its work stays in the worktree).`);
    else ctx.warn(WarningCode.SESSION_WITHOUT_LOCK, `session ${bound.id} still works on ${ticket} without its lock: the hook refuses its writes and session-scan lists it as stale; take the lock back with exo session-suspend --session-id ${bound.id} --reason "…" then exo session-resume --session-id ${bound.id}, or end it with exo session-finish --session-id ${bound.id} --summary "…"`);
  } else if (out.released && status === "active") {
    status = (await setTicketStatus(repo, who, ticket, "todo", "lease_released", "lease-release")).ticket.status;
  }
  return { lock: out.lock, previous_fencing_token: out.previous_fencing_token, ticket_status: status, forced: out.forced };
}

export async function gcLocks(ctx: Context, input: { dry_run: boolean; remote: boolean; prune_released?: number | undefined }) {
  const repo = await ctx.governed();
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now() };
  const locks = await listLocks(repo, { warn: (c, m) => ctx.warn(c, m) });
  const local = [];
  for (const lock of locks) {
    const expired = lock.state === "held" && !isLockLive(lock, who.now);
    let action: "released" | "kept" | "none" = lock.state === "held" ? (expired ? "released" : "kept") : "none";
    if (expired && !input.dry_run) action = (await expireLock(repo, who, lock.ticket)) ? "released" : "kept";
    local.push({ ticket: lock.ticket, state: expired && !input.dry_run ? "released" : lock.state, owner: lock.owner, expires_at: lock.expires_at, action });
  }
  // §7.6 step 1: active tasks without a live lock or session return to todo.
  const tickets_reset: string[] = [];
  const [index, sessions, after] = await Promise.all([listTickets(repo), listSessions(repo), listLocks(repo)]);
  const byTicket = new Map(after.map((l) => [l.ticket, l]));
  for (const t of index.list) {
    if (t.kind !== "task" || t.status !== "active") continue;
    const lock = byTicket.get(t.id);
    if (!lock || isLockLive(lock, who.now) || sessions.some((s) => s.ticket === t.id)) continue;
    if (!input.dry_run) await setTicketStatus(repo, who, t.id, "todo", "claim_expired", "reconcile");
    tickets_reset.push(t.id);
  }
  const remote = [];
  let fencingHighWater: number | null = null;
  if (input.remote) {
    const config = await loadConfig(repo);
    const { fetchLeaseSnapshot, updateLease, leaseRef, pruneLease, isLeaseLive, clockAheadMs } = await import("../stdlib/locks/distributed.js");
    const closed = new Set((await listTickets(repo)).list.filter((t) => ["done", "archived", "cancelled"].includes(t.status)).map((t) => t.id));
    const snapshot = await fetchLeaseSnapshot(repo, config.git.remote);
    for (const [ticket, lease] of [...snapshot.leases.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const s = lease.state;
      const expired = s.state === "held" && !isLeaseLive(s, who.now);
      let action: "released" | "kept" | "none" | "pruned" = s.state === "held" ? (expired ? "released" : "kept") : "none";
      // --prune-released DAYS: released refs of closed tickets, older than DAYS, go away (the
      // fencing high-water mark keeps their token so it is never handed out again).
      const age = (who.now.getTime() - Date.parse(s.heartbeat_at || s.expires_at)) / 86_400_000;
      if (input.prune_released !== undefined && s.state === "released" && closed.has(ticket) && age >= input.prune_released) {
        action = input.dry_run || (await pruneLease(repo, config.git.remote, ticket, lease.sha, s.fencing_token, who.now)) ? "pruned" : "kept";
      }
      if (expired && !input.dry_run) action = (await updateLease(repo, who, { remote: config.git.remote, ticket, mode: "expire", ttlSeconds: 0, owner: s.owner })) ? "released" : "kept";
      // A lease stamped by a clock days ahead (its heartbeat beyond the longest lease): released
      // like an expired one, and marked, since its holder may still be working.
      const ahead = clockAheadMs(s, who.now);
      remote.push({ ticket, ref: leaseRef(ticket), state: expired && !input.dry_run ? "released" : s.state, owner: s.owner, expires_at: s.expires_at, action, host: s.host, fencing_token: s.fencing_token, ...(ahead !== null ? { clock_suspect: true, heartbeat_at: s.heartbeat_at } : {}), ...(s.unknown_state !== undefined ? { unknown_state: s.unknown_state } : {}) });
    }
    fencingHighWater = snapshot.highWater;
  }
  return { local, remote, dry_run: input.dry_run, tickets_reset, ...(input.remote ? { fencing_high_water: fencingHighWater } : {}) };
}
