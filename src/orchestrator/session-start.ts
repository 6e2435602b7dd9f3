// Session start (SPEC §7.9): governance, ticket, lock, scope, siblings, advisories, bootstrap.
import { existsSync, lstatSync } from "node:fs";
import { randomInt } from "../io/random.js";

import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import { sha256 } from "../kernel/canon.js";
import { actorMatches, generateId } from "../kernel/ids.js";
import { effectiveScope } from "../kernel/scope.js";
import { crashPoint } from "../io/crash.js";
import { zeroedFile } from "../io/read.js";
import { writeFileAtomic, writeJsonAtomic, removeFileSync } from "../io/fs-atomic.js";
import { withGuard } from "../io/guard.js";
import { readMachine } from "../io/machine.js";
import type { Repo } from "../io/paths.js";
import type { Context } from "../commands/context.js";
import { loadConfig, readSealedPolicy } from "../stdlib/config/store.js";
import type { Config } from "../stdlib/config/model.js";
import { gitFacts } from "../stdlib/git/facts.js";
import { gitConfig } from "../io/git-config.js";
import { probeCase } from "../io/fs-case.js";
import { recordTrailerConfig } from "../stdlib/hooks/trailer-config.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { acquireLock, bindLock, bindRemoteSession, listLocks, reacquireForSession, readLock, releaseLock, settleMovedClaim, tokenFloor, unbindLock } from "../stdlib/locks/store.js";
import { lockLost, lostCause } from "../stdlib/locks/lost.js";
import { clockBackNote, isLockLive, settledOnBranch, stampedAhead, type LockState } from "../stdlib/locks/types.js";
import { dropLostWork, readLostWork, withoutLostWork } from "../stdlib/sessions/lost-work.js";
import { renderBootstrap, sortAdvisories, type BootstrapInput } from "../stdlib/sessions/bootstrap.js";
import { pidStartMarker } from "../stdlib/sessions/liveness.js";
import { readHandoff } from "../stdlib/sessions/state-files.js";
import { familySession, listSessions, writeSession } from "../stdlib/sessions/store.js";
import type { Advisory, SessionRecord } from "../stdlib/sessions/types.js";
import { agentVendor } from "../stdlib/sessions/vendor.js";
import { summary } from "../stdlib/tickets/model.js";
import { readAncestors, readTicket, setTicketStatus, updateTicket, type Actor } from "../stdlib/tickets/store.js";
import type { Ticket, TicketStatus } from "../stdlib/tickets/types.js";
import { dispatch, pendingHandoffs, startHint } from "./dispatch.js";
import type { repairHooks as repairHooksFn } from "./hooks.js";
import { bootstrapLearnings, governanceGate, latestMemento, liveness, who } from "./session-context.js";
import { plural } from "../kernel/plural.js";

export interface StartInput {
  ticket_id?: string | undefined;
  dispatch: boolean;
  vendor: string;
  model: string;
  task?: string | undefined;
  role: string;
  harness?: string | undefined;
  agent_session_id?: string | undefined;
  pid?: number | undefined;
  acquire_lock: boolean;
  ttl_hours?: number | undefined;
  takeover: boolean;
  allow_blocked?: boolean | undefined;
  distributed?: boolean | undefined;
}

export interface StartResult {
  session: SessionRecord;
  ticket: ReturnType<typeof summary>;
  /** The line that commits a claim this start made in this clone only (and why), as exo next's. */
  commit_command?: string;
  commit_reason?: string;
  bootstrap: string;
  bootstrap_path: string;
  advisories: Advisory[];
  siblings: { id: string; actor: string; ticket: string; status: string; stale: boolean; remote?: boolean; host?: string }[];
  governance: { status: string; recomposed: boolean; hooks_reinstalled: boolean };
  lock: LockState | null;
  handoff: Record<string, unknown> | null;
  reused: boolean;
  resumed: boolean;
  env: { EXO_SESSION_ID: string; EXO_TICKET_ID: string; EXO_ACTOR: string };
}

function agentPid(ctx: Context, input: StartInput): number | null {
  if (input.pid !== undefined) return input.pid;
  const env = Number(ctx.env["EXO_AGENT_PID"]);
  return Number.isInteger(env) && env > 0 ? env : null;
}

/** Render and write the bootstrap, returning the result envelope data. */
export async function finishStart(ctx: Context, repo: Repo, config: Config, session: SessionRecord, ticket: Ticket, extra: { reused: boolean; resumed: boolean; recomposed: boolean; handoff: BootstrapInput["handoff"]; resumedInfo: BootstrapInput["resumed"]; hooksReinstalled?: boolean }): Promise<StartResult> {
  const [ancestors, sessions, lock, policy] = await Promise.all([readAncestors(repo, ticket), listSessions(repo), readLock(repo, ticket.id), readSealedPolicy(repo)]);
  const siblings = [];
  for (const s of sessions.filter((x) => x.id !== session.id)) siblings.push({ session: s, stale: (await liveness(ctx, repo, config, s)).stale });
  const machine = readMachine(ctx);
  const { remoteSessions } = await import("./advisories.js");
  const remote = await remoteSessions(repo, config, ctx.now(), { ticket: ticket.id, sessions: sessions.map((s) => s.id) }).catch(() => []);
  const bootstrapInput: BootstrapInput = {
    session,
    ticket,
    ancestors,
    lock,
    policy,
    siblings,
    remote,
    advisories: session.advisories,
    machine: { ...machine, sessions_on_host: sessions.filter((s) => s.host === ctx.host && s.status === "active").length + (sessions.some((s) => s.id === session.id) ? 0 : 1) },
    learnings: await bootstrapLearnings(repo, [ticket.id, ...ancestors.map((a) => a.id)]),
    previous: await latestMemento(repo, ticket.id),
    handoff: extra.handoff,
    resumed: extra.resumedInfo,
  };
  const bootstrap = renderBootstrap(bootstrapInput);
  session.bootstrap_sha256 = sha256(bootstrap);
  await writeSession(repo, session);
  crashPoint("session-start", "session-written");
  // A copy of what this command prints (its hash is in the session record), for the hooks'
  // reminders and the dashboard: the rename keeps it whole, and the folder is synced at exit, so
  // it skips the file's own fsync (one of five on this path, 1-8 ms each on a virtual disk).
  await writeFileAtomic(repo.sessionBootstrapFile(session.id), bootstrap, { fsync: false });
  const { recordHookBundle } = await import("./hooks.js");
  await recordHookBundle(repo);
  crashPoint("session-start", "bootstrap-written");
  return {
    session,
    ticket: summary(ticket),
    bootstrap,
    // Repository-relative (SPEC §2.2); a linked worktree's state lives in the main checkout, outside it.
    bootstrap_path: repo.shown(repo.sessionBootstrapFile(session.id)),
    advisories: session.advisories,
    siblings: [
      ...siblings.map(({ session: s, stale }) => ({ id: s.id, actor: s.actor, ticket: s.ticket, status: s.status, stale })),
      ...remote.map((r) => ({ id: r.id ?? "", actor: r.actor, ticket: r.ticket, status: "active", stale: false, remote: true, host: r.host })),
    ],
    governance: { status: "valid", recomposed: extra.recomposed, hooks_reinstalled: extra.hooksReinstalled ?? false },
    lock,
    handoff: (extra.handoff) ?? null,
    reused: extra.reused,
    resumed: extra.resumed,
    env: { EXO_SESSION_ID: session.id, EXO_TICKET_ID: ticket.id, EXO_ACTOR: session.actor },
  };
}

/** The new holder's view of a remote takeover (the old holder may still be working). */
function remoteContention(ticket: string, from: { owner: string; host: string; session: string | null; fencing_token: number }, ahead: number | null = null): Advisory {
  const details = { session: from.session, actor: from.owner, previous_owner: from.owner, host: from.host, previous_token: from.fencing_token, remote: true };
  if (ahead !== null) {
    // Not expired but stamped by a clock days ahead (or forged): its holder may still be at work.
    const days = Math.round(ahead / 86_400_000);
    return { kind: "ticket_contention", severity: "warning", message: `took ${ticket} over from ${from.owner} on ${from.host || "another host"} whose remote lease was stamped ${plural(days, "day")} ahead of this clock (token ${from.fencing_token}); their clock is wrong (set it with NTP), they may still be working and learn of it only at their next heartbeat (LOCK_LOST)`, details: { ...details, clock_suspect: true, ahead_hours: Math.round(ahead / 3_600_000) } };
  }
  return {
    kind: "ticket_contention",
    severity: "warning",
    message: `took ${ticket} over from ${from.owner} on ${from.host || "another host"} whose remote lease expired (token ${from.fencing_token}); they may still have unpushed work on their branch`,
    details,
  };
}

export async function startSession(ctx: Context, input: StartInput): Promise<StartResult> {
  const [repo] = await Promise.all([ctx.governed(), ctx.actorReady()]);
  // The git configuration listing answers the kill-switch check and the git facts below: git lists
  // it while the configuration and the governance gate are read (a rejection surfaces where awaited).
  gitConfig(repo).catch(() => undefined);
  const config = await loadConfig(repo);
  const gov = await governanceGate(ctx, repo, config, "start");
  probeCase(repo.stateDir); // once per state root: the hooks read the answer (SPEC §7.1 "Case")
  const now = ctx.now();
  const w = who(ctx);
  // Before the hook repair: a core.hooksPath of /dev/null would make reinstalling fail.
  const switches = await hookKillSwitches(ctx, repo, w);
  const { repairHooks } = await import("./hooks.js");
  const repaired = await repairHooks(ctx, repo);
  await (await import("../stdlib/git/team.js")).registerTeamConfig(repo, config.git.remote).catch(() => []);
  crashPoint("session-start", "hooks-repaired");
  const sessions = await listSessions(repo, (c, m) => ctx.warn(c, m));
  const mine = sessions.filter((s) => s.actor === ctx.actor);
  const myActive = ownActive(sessions, mine, ctx.actor, repo.root);

  // Step 4: which ticket.
  let ticketId = input.ticket_id;
  if (!ticketId && myActive) ticketId = myActive.ticket;
  if (!ticketId) {
    const suspended = mine.filter((s) => s.status === "suspended").sort((a, b) => ((a.suspended_at ?? "") < (b.suspended_at ?? "") ? 1 : -1))[0];
    if (suspended) {
      const { resumeSession } = await import("./session-suspend.js");
      return resumeSession(ctx, { session_id: suspended.id, pid: input.pid, agent_session_id: input.agent_session_id, harness: input.harness });
    }
  }
  // The live claims nobody started a session on (exo next): the actor's own is the ticket; others are named below.
  const unbound = ticketId ? [] : (await listLocks(repo, { released: false })).filter((l) => isLockLive(l, now) && !l.session);
  if (!ticketId) {
    const locks = unbound.filter((l) => actorMatches(ctx.actor, l.owner));
    if (locks.length === 1) ticketId = (locks[0] as LockState).ticket;
    else if (locks.length > 1) {
      throw new ExoError(ErrorCode.SESSION_TICKET_REQUIRED, `${ctx.actor} holds ${locks.length} unbound locks (${locks.map((l) => l.ticket).join(", ")}); pick one with --ticket-id.`, { hint: `exo session-start --ticket-id ${locks[0]?.ticket}` });
    }
  }
  // The expired hold --dispatch took over: this start overrode that claim (ticket_contention, §7.11).
  let dispatchedOver: LockState | null = null;
  const dispatched = !ticketId && input.dispatch;
  if (!ticketId && input.dispatch) {
    const onTakeover = (previous: LockState) => (dispatchedOver = previous);
    ticketId = (await dispatch(ctx, { owner: ctx.actor, lane: null, dryRun: false, ttlHours: input.ttl_hours ?? null, distributed: input.distributed, onTakeover })).ticket.id;
  }
  // A ticket handed to this actor (exo session-handoff --to …) waits for it: the one is the ticket,
  // as the actor's own claim is (before: refused with "pass --ticket-id"); several are named below.
  const handed = ticketId ? [] : [...pendingHandoffs(repo)].filter(([, to]) => to !== null && actorMatches(ctx.actor, to)).map(([t]) => t).sort();
  if (!ticketId && handed.length === 1) ticketId = handed[0];
  if (!ticketId) {
    if (handed.length > 0) {
      throw new ExoError(ErrorCode.SESSION_TICKET_REQUIRED, `No ticket given; handed to ${ctx.actor} and waiting: ${handed.join(", ")}; pass --ticket-id.`, { hint: `exo session-start --ticket-id ${handed[0]}`, details: { handed } });
    }
    // A claim under another owner name (exo next --owner alice) is not the actor's: name it.
    const claimed = unbound; // listLocks gives them in ticket order
    const first = claimed[0];
    if (first) {
      const list = claimed.map((l) => `${l.ticket} (claimed by ${l.owner})`).join(", ");
      const as = config.locks.require_owner_match ? ` --actor ${first.owner}` : "";
      throw new ExoError(ErrorCode.SESSION_TICKET_REQUIRED, `No ticket given and ${ctx.actor} holds no claim; claimed without a session: ${list}; pass --ticket-id.`, { hint: `exo session-start --ticket-id ${first.ticket}${as}` });
    }
    // --dispatch only helps when a task is ready; otherwise say why not and what to do instead.
    const next = await startHint(ctx);
    if (next.why !== null) throw new ExoError(ErrorCode.SESSION_TICKET_REQUIRED, `No ticket given, and ${next.why}; pass --ticket-id to name a task.`, { hint: next.hint });
    throw new ExoError(ErrorCode.SESSION_TICKET_REQUIRED, "No ticket given and none could be inferred; pass --ticket-id, claim one with exo next, or use --dispatch.", { hint: "exo session-start --dispatch" });
  }

  const claimed = ticketId;
  // Steps 5–12 run under two guards (actor, then ticket; always in that order): a racing start of
  // the same ticket or by the same actor waits, then sees this session and gets a coded error.
  const guardOpts = { host: ctx.host, timeoutMs: 60_000 };
  return withGuard(repo.stateDir, `start-actor-${sha256(ctx.actor).slice(0, 24)}`, guardOpts, () =>
    withGuard(repo.stateDir, `start-ticket-${claimed}`, guardOpts, () => claimAndStart(ctx, input, { repo, config, gov, repaired, now, w, ticketId: claimed, switches, dispatchedOver, dispatched })),
  ).catch(async (error: unknown) => {
    throw await toOwnClaim(error, repo, ctx.actor, claimed, now, input.distributed === true);
  });
}

/**
 * A start refused because someone else has the ticket (LEASE_HELD, LOCK_HELD, TICKET_IN_USE)
 * whose hint is `exo next`, by an actor who already holds a claim with no session yet: the way on
 * is to start on that claim (before: `exo next`, which claimed yet another ticket).
 */
async function toOwnClaim(error: unknown, repo: Repo, actor: string, refused: string, now: Date, distributed: boolean): Promise<unknown> {
  const busy: readonly string[] = [ErrorCode.LEASE_HELD, ErrorCode.LOCK_HELD, ErrorCode.TICKET_IN_USE];
  if (!(error instanceof ExoError) || !busy.includes(error.code) || (error.hint !== undefined && error.hint !== "exo next") || error.details["here"] === true) return error;
  const mine = (await listLocks(repo, { released: false }).catch(() => [])).filter((l) => l.ticket !== refused && !l.session && isLockLive(l, now) && actorMatches(actor, l.owner));
  const first = mine[0];
  if (!first) return error;
  const list = mine.map((l) => l.ticket).join(", ");
  const message = `${error.message.replace(/[.;]?\s*(pick another ticket( with exo next)?\.?)?$/, "")}; you hold ${list} (claimed, no session yet): start on ${mine.length === 1 ? "it" : "one of them"}.`;
  return new ExoError(error.code, message, { hint: `exo session-start --ticket-id ${first.ticket}${distributed ? " --distributed" : ""}`, details: { ...error.details, claimed: mine.map((l) => l.ticket) } });
}

/**
 * Blockers that keep a task from starting, as dispatch counts them (§7.6 step 2): missing,
 * cancelled, or not yet done or archived.
 */
async function blockedBy(repo: Repo, ticket: Ticket): Promise<{ id: string; status: string }[]> {
  if (ticket.blockers.length === 0) return [];
  const out: { id: string; status: string }[] = [];
  for (const id of [...new Set(ticket.blockers)]) {
    const b = await readTicket(repo, id).catch((error: unknown) => {
      if (error instanceof ExoError && error.code === ErrorCode.TICKET_NOT_FOUND) return null;
      throw error;
    });
    if (!b) out.push({ id, status: "missing" });
    else if (b.status !== "done" && b.status !== "archived") out.push({ id, status: b.status });
  }
  return out;
}

/**
 * A reused session's lock: taken back when it expired and nobody took it since (token + 1, the
 * hook allows writes again); LOCK_LOST naming the holder when someone else holds it now.
 */
async function ownLockBack(ctx: Context, repo: Repo, w: ReturnType<typeof who>, session: SessionRecord, ttlSeconds: number): Promise<Partial<SessionRecord>> {
  const lock = await readLock(repo, session.ticket);
  // A session that held a lock whose file is gone cannot write or finish (LOCK_LOST there): say so
  // now rather than hand back a session without a lock.
  if (!lock && session.fencing_token === null) return {};
  const live = lock !== null && isLockLive(lock, w.now);
  const lost = lock === null || (live && lock.session !== null && lock.session !== session.id) || (session.fencing_token !== null && lock.fencing_token > session.fencing_token);
  if (lost) {
    throw lockLost({
      ticket: session.ticket,
      session: session.id,
      cause: lostCause(lock),
      next: "close this session and pick another ticket",
      hint: `exo session-cleanup --session-id ${session.id} --force`,
      details: { ticket: session.ticket, holder: live ? lock.owner : null, session: lock?.session ?? null, fencing_token: lock?.fencing_token ?? null, state: lock?.state ?? "gone", released_by: lock?.released_by ?? null, remote: false },
    });
  }
  const back = await reacquireForSession(repo, w, { ticket: session.ticket, ttlSeconds, session });
  if (!back) return {};
  const ahead = lock ? stampedAhead(lock, w.now) : null;
  if (ahead !== null && lock) ctx.warn(WarningCode.CLOCK_RAN_BACKWARDS, `${clockBackNote(session.ticket, lock, w.now, ahead)} ${session.id} renewed it (token ${back.previous_fencing_token} → ${back.lock.fencing_token}).`);
  else ctx.warn(WarningCode.LOCK_EXPIRED_DURING_SESSION, `The lock on ${session.ticket} had expired; ${session.id} took it back (token ${back.previous_fencing_token} → ${back.lock.fencing_token}).`);
  return { fencing_token: back.lock.fencing_token, lock_owner: back.lock.owner };
}

interface ClaimEnv {
  repo: Repo;
  config: Config;
  gov: Awaited<ReturnType<typeof governanceGate>>;
  repaired: Awaited<ReturnType<typeof repairHooksFn>>;
  now: Date;
  w: ReturnType<typeof who>;
  ticketId: string;
  switches: Advisory[];
  /** The expired hold `--dispatch` took over for this start, if any. */
  dispatchedOver: LockState | null;
  /** `--dispatch` claimed the ticket for this start (the claim is this start's own). */
  dispatched: boolean;
}

/** Settings that switch exo's hooks off: restored where exo may, reported always (issue #18). */
async function hookKillSwitches(ctx: Context, repo: Repo, w: ReturnType<typeof who>): Promise<Advisory[]> {
  const { findKillSwitches } = await import("../stdlib/hooks/switches.js");
  const found = await findKillSwitches(repo, ctx.env);
  if (found.length === 0) return [];
  const { reenableHooks } = await import("../stdlib/hooks/repair.js");
  const restored = await reenableHooks(repo, w, found);
  return found.map((k) => ({
    kind: "hooks_disabled",
    severity: "warning" as const,
    message: restored.includes(k) ? `${k.setting} in ${k.scope === "git" ? ".git/config" : repo.relative(k.file)} switched exo's hooks off; exo removed it` : `${k.setting} in ${k.file} switches every hook off, exo's included; remove it`,
    details: { file: k.file, setting: k.setting, scope: k.scope, restored: restored.includes(k) },
  }));
}

/**
 * The actor's active session; for a bare harness actor with no session of its own
 * (`EXO_ACTOR=agent:codex exo session-start`, as AGENTS.md says), the one its hook started as
 * agent:codex:<id> in this work tree, which is then reused rather than refused as TICKET_IN_USE.
 */
function ownActive(sessions: readonly SessionRecord[], mine: readonly SessionRecord[], actor: string, root: string): SessionRecord | undefined {
  return mine.find((s) => s.status === "active") ?? (mine.length === 0 ? (familySession(sessions, actor, root) ?? undefined) : undefined);
}

async function claimAndStart(ctx: Context, input: StartInput, env: ClaimEnv): Promise<StartResult> {
  const { repo, config, gov, repaired, now, w, ticketId, dispatchedOver } = env;
  // Fresh view under the guards: another start may have finished while this one waited.
  const sessions = await listSessions(repo);
  const mine = sessions.filter((s) => s.actor === ctx.actor);
  const myActive = ownActive(sessions, mine, ctx.actor, repo.root);
  // A new session (not one reused or resumed below) records what is dirty when it starts: git
  // lists it while the ticket, its blockers and the other sessions are read. Nothing in between
  // touches the work tree outside .exo/, except a switch to the ticket's branch (then it is listed again).
  const attribution = await import("../stdlib/drift/attribution.js");
  const dirtyNow = !myActive && !mine.some((s) => s.status === "suspended" && s.ticket === ticketId) ? attribution.dirtySnapshot(repo.root) : null;
  dirtyNow?.catch(() => undefined); // awaited below, or dropped when this start throws or reuses a session
  const ticket = await readTicket(repo, ticketId);
  if (ticket.kind !== "task") throw new ExoError(ErrorCode.TICKET_KIND_INVALID, `${ticket.id} is an ${ticket.kind}; sessions work on tasks. Pick one of its tasks (exo ticket-show ${ticket.id}).`, { hint: `exo ticket-show ${ticket.id}` });
  if (!["todo", "active", "paused", "review"].includes(ticket.status)) {
    // archived is final (§4.5.3); done and cancelled reopen with a reason.
    const reopen = `exo ticket-update ${ticket.id} --status todo --reason "…"`;
    throw new ExoError(
      ErrorCode.TICKET_CLOSED,
      ticket.status === "archived" ? `${ticket.id} is archived (final); pick other work with exo next.` : `${ticket.id} is ${ticket.status}; reopen it first (${reopen}), or pick other work with exo next.`,
      { hint: ticket.status === "archived" ? "exo next" : reopen, details: { status: ticket.status } },
    );
  }

  // Step 5: existing sessions.
  if (myActive && myActive.ticket === ticket.id) {
    const retaken = await ownLockBack(ctx, repo, w, myActive, Math.round((input.ttl_hours ?? config.locks.ttl_hours) * 3600));
    // Started again in the repository's new folder (mv project project2): the session moves along.
    const moved = repo.isMainWorktree ? (await import("./ticket-gone.js")).relocatedRoot(repo, myActive) : null;
    const refreshed: SessionRecord = { ...myActive, ...retaken, worktree: moved ?? myActive.worktree, heartbeat_at: now.toISOString(), host: ctx.host, pid: agentPid(ctx, input) ?? myActive.pid, harness: input.harness ?? myActive.harness, agent_session_id: input.agent_session_id ?? myActive.agent_session_id };
    if (refreshed.pid !== myActive.pid) refreshed.pid_start = refreshed.pid ? pidStartMarker(refreshed.pid) : null;
    await appendLedger(repo, w, [{ type: "session.started", session: refreshed.id, ticket: ticket.id, data: { vendor: refreshed.vendor, model: refreshed.model, harness: refreshed.harness, branch: refreshed.branch, start_commit: refreshed.start_commit, fencing_token: refreshed.fencing_token, scope: refreshed.scope, advisories: refreshed.advisories.map((a) => a.kind), handoff_from: null, reused: true } }]);
    return finishStart(ctx, repo, config, refreshed, ticket, { reused: true, resumed: false, recomposed: gov.recomposed, handoff: null, resumedInfo: null });
  }
  if (myActive) {
    throw new ExoError(ErrorCode.SESSION_ALREADY_ACTIVE, `${ctx.actor} already works on ${myActive.ticket} in session ${myActive.id}; finish or suspend it first.`, { hint: "exo session-suspend --reason \"…\"", details: { session: myActive.id, ticket: myActive.ticket } });
  }
  const mySuspended = mine.find((s) => s.status === "suspended" && s.ticket === ticket.id);
  if (mySuspended) {
    const { resumeSession } = await import("./session-suspend.js");
    return resumeSession(ctx, { session_id: mySuspended.id, pid: input.pid, agent_session_id: input.agent_session_id, harness: input.harness });
  }
  const advisories: Advisory[] = [...env.switches];
  const blocked = await blockedBy(repo, ticket);
  if (blocked.length > 0) {
    const list = blocked.map((b) => `${b.id} (${b.status})`).join(", ");
    if (!input.allow_blocked) {
      throw new ExoError(ErrorCode.TICKET_BLOCKED, `${ticket.id} is blocked by ${list}; finish the blocker first, pick another ticket with exo next, or pass --allow-blocked.`, {
        hint: `exo session-start --ticket-id ${ticket.id} --allow-blocked`,
        details: { ticket: ticket.id, blockers: blocked },
      });
    }
    advisories.push({ kind: "ticket_blocked", severity: "warning", message: `${ticket.id} is blocked by ${list}; started anyway (--allow-blocked): its work may depend on changes not made yet`, details: { blockers: blocked } });
  }
  if (gov.advisory) advisories.push(gov.advisory);
  if (repaired) advisories.push({ kind: "hooks_reinstalled", severity: "info", message: `exo hooks were changed or removed; reinstalled ${repaired.files.join(", ") || "them"}`, details: { files: repaired.files } });
  const takenOver = new Set<string>();
  for (const other of sessions.filter((s) => s.ticket === ticket.id && s.actor !== ctx.actor)) {
    const live = await liveness(ctx, repo, config, other);
    if (!live.stale) throw new ExoError(ErrorCode.TICKET_IN_USE, `${other.actor} works on ${ticket.id} (session ${other.id}); pick another ticket.`, { details: { session: other.id, actor: other.actor } });
    if (!input.takeover) throw new ExoError(ErrorCode.STALE_SESSION_PRESENT, `Stale session ${other.id} of ${other.actor} still holds ${ticket.id}; pass --takeover or run exo session-cleanup.`, { hint: `exo session-cleanup --session-id ${other.id}` });
    const { recoverSession } = await import("./session-cleanup.js");
    takenOver.add(other.id);
    // null: a concurrent cleanup or takeover closed it first; the ticket is free all the same.
    if (!(await recoverSession(ctx, repo, config, other, { reasons: live.reasons, ticketStatus: "auto" }))) continue;
    advisories.push({ kind: "ticket_contention", severity: "warning", message: `took over ${ticket.id} from ${other.actor}'s stale session ${other.id}`, details: { session: other.id, actor: other.actor, previous_owner: other.lock_owner, remote: false } });
  }

  // Step 6: git facts, after switching to the ticket's branch when git.auto_branch says so.
  let switched = false;
  if (config.git.auto_branch && !sessions.some((s) => s.status === "active" && s.worktree === repo.root)) {
    const { gitRaw } = await import("../io/git.js");
    const clean = (await gitRaw(repo.root, ["status", "--porcelain", "--untracked-files=no"])).stdout.trim() === "";
    const branch = `${config.git.branch_prefix}${ticket.id}`;
    if (clean) {
      const exists = (await gitRaw(repo.root, ["show-ref", "--verify", "--quiet", `refs/heads/${branch}`])).code === 0;
      const { baseRef } = await import("../stdlib/git/facts.js");
      const base = (await baseRef(repo.root, config.git.remote, config.git.base_branch)) ?? "HEAD";
      const sw = await gitRaw(repo.root, exists ? ["switch", "-q", branch] : ["switch", "-q", "-c", branch, base]);
      if (sw.code !== 0) ctx.warn(WarningCode.AUTO_BRANCH_FAILED, `Could not switch to ${branch}: ${sw.stderr.trim().split("\n")[0] ?? "git failed"}.`);
      else switched = true;
    } else ctx.warn(WarningCode.AUTO_BRANCH_FAILED, `The worktree has uncommitted changes; stayed on the current branch instead of ${branch}.`);
  }
  // Attribution (issue #19): what is dirty now is not this session's unless it changes.
  const { dirtySnapshot, snapshotText } = attribution;
  const withConfig = (entries: Awaited<ReturnType<typeof gitConfig>>) => {
    if (entries) recordTrailerConfig(repo.stateDir, entries); // may prepare-commit-msg add trailers in shell
    return gitFacts(repo.root, config.git.remote, config.git.base_branch, entries);
  };
  const [facts, dirtyAtStart, lostWork] = await Promise.all([gitConfig(repo).then(withConfig), dirtyNow && !switched ? dirtyNow : dirtySnapshot(repo.root), readLostWork(repo, ticket.id)]);
  // HEAD's branch ref zeroed by a crash: the session would start from no commit, and its finish's
  // commit fails on the broken ref (before: started with start_commit null, said nothing).
  if (facts.head === null) {
    const { brokenBranch, brokenBranchAdvice } = await import("../stdlib/git/facts.js");
    const broken = await brokenBranch(repo.root);
    if (broken) {
      const advice = brokenBranchAdvice(broken, repo.root);
      throw new ExoError(ErrorCode.GIT_FAILED, `${advice.message}; then start again.`, { hint: advice.hint, details: { ref: broken.ref, commit: broken.commit, reason: "branch_broken" } });
    }
  }
  // The work of a lost session on this ticket (its file set aside by doctor --fix) is this one's.
  const startDirty = lostWork ? withoutLostWork(dirtyAtStart, lostWork) : dirtyAtStart;
  const id = generateId("SES", now, randomInt);

  // A garbled handoff fails the start before anything changes (STATE_CORRUPT, doctor --fix).
  const pendingHandoff = await readHandoff(repo, ticket.id);
  // Step 7: lock.
  let existing = await readLock(repo, ticket.id);
  let lock: LockState | null = null;
  let acquired = false;
  /** The claim here was settled as moved on: claim the remote lease afresh. */
  let reclaim = false;
  // The session the remote lease named before this start named its own (undone on failure).
  let remoteBound: { session: string | null } | null = null;
  const ttlSeconds = Math.round((input.ttl_hours ?? config.locks.ttl_hours) * 3600);
  if (existing && isLockLive(existing, now)) {
    const held = existing;
    let boundState: "alive" | "stale" | "gone" | null = null;
    if (held.session) {
      const bound = sessions.find((s) => s.id === held.session);
      // Its file is there but cannot be read (zeroed by a crash, garbled, a symlink): that session
      // is not gone, and binding its lock put a second session on the ticket under the other's
      // owner (before: started, lock_owner the other actor's).
      const file = repo.sessionFile(held.session);
      if (!bound && lstatSync(file, { throwIfNoEntry: false })) {
        const rel = repo.relative(file);
        // A record a crash zeroed comes back from the ledger (its session goes on); another is set aside.
        const fix = zeroedFile(file) ? `a crash zeroed it; exo doctor --fix writes it again from the ledger (that session then goes on: pick another ticket) or, where it cannot, sets it aside and frees ${ticket.id}` : `exo doctor --fix sets it aside and frees ${ticket.id} (its work kept for the next session on it), then start again`;
        throw new ExoError(ErrorCode.STATE_CORRUPT, `${ticket.id} is locked by ${held.owner} for session ${held.session}, whose file ${rel} cannot be read; ${fix}.`, { hint: "exo doctor --fix", details: { ticket: ticket.id, session: held.session, owner: held.owner, file: rel } });
      }
      boundState = bound ? ((await liveness(ctx, repo, config, bound)).stale ? "stale" : "alive") : "gone";
    }
    if (existing.distributed) {
      // Claimed by `next --distributed`: the remote lease must still be this claim's; checked
      // below, by the push that names this session in it.
    } else if (input.distributed ?? config.locks.distributed) {
      // A claim made without --distributed: make sure no other owner holds the remote lease.
      const { readLease, isLeaseLive, ownsLease, leaseHeld, cloneId } = await import("../stdlib/locks/distributed.js");
      const s = (await readLease(repo, config.git.remote, ticket.id))?.state;
      if (s && isLeaseLive(s, now) && !ownsLease(s, existing.owner, ctx.host, cloneId(repo))) throw leaseHeld(ticket.id, config.git.remote, s);
    }
    const from = existing.distributed?.taken_over_from;
    if (from) advisories.push(remoteContention(ticket.id, from));
    const over = dispatchedOver;
    if (over && over.ticket === ticket.id && over.owner !== ctx.actor) {
      advisories.push({ kind: "ticket_contention", severity: "warning", message: `took ${ticket.id} over from ${over.owner}'s expired lock`, details: { session: over.session, actor: over.owner, previous_owner: over.owner, remote: false } });
    }
    lock = await bindLock(repo, w, { ticket: ticket.id, session: id, actor: ctx.actor, requireOwnerMatch: config.locks.require_owner_match, boundState });
    const claim = existing;
    if (claim.distributed) {
      const bound = await bindRemoteSession(repo, w, ticket.id, id).catch(async (error: unknown) => {
        await unbindLock(repo, w, ticket.id, id, claim.session).catch(() => undefined);
        // A claim handed over here whose receiver gave it back in another clone: the lease moved
        // on and is free, so this start claims it afresh rather than answering LOCK_LOST.
        const settled = claim.distributed && (await movedOnLost(error, claim, now)) ? await settleMovedClaim(repo, w, ticket.id, claim.distributed.nonce) : null;
        if (settled) return settled;
        throw error;
      });
      if ("format" in bound) {
        existing = bound;
        lock = null;
        reclaim = true;
      } else {
        lock = bound.lock ?? lock;
        remoteBound = bound.previous;
      }
    }
  }
  if (!lock) {
    if (!input.acquire_lock) throw new ExoError(ErrorCode.LOCK_REQUIRED, `${ticket.id} has no live lock and --no-acquire-lock was given; claim it with exo next first.`, { hint: "exo next" });
    let claim: { token: number; block: NonNullable<LockState["distributed"]>; ahead: number | null } | null = null;
    if (reclaim || (input.distributed ?? config.locks.distributed)) {
      const { claimLease, clockAheadMs } = await import("../stdlib/locks/distributed.js");
      const r = await claimLease(repo, w, { remote: config.git.remote, ticket: ticket.id, owner: ctx.actor, session: id, ttlSeconds, localToken: existing?.fencing_token ?? (await tokenFloor(repo, ticket.id)) });
      claim = { ...r, ahead: r.takenOver && r.previous ? clockAheadMs(r.previous, now) : null };
    }
    const taken = await acquireLock(repo, w, { ticket: ticket.id, owner: ctx.actor, session: id, ttlSeconds, branch: facts.branch, ...(claim ? { token: claim.token, distributed: claim.block } : {}) });
    lock = taken.lock;
    acquired = true;
    if (claim?.block.taken_over_from) advisories.push(remoteContention(ticket.id, claim.block.taken_over_from, claim.ahead));
    // The task was finished on another branch of this clone (a linked worktree) that is not
    // merged here: this session does the work again. Said, not refused: a redo may be the point.
    const settled = settledOnBranch(taken.previous, ticket);
    if (settled && settled !== facts.branch && (await (await import("../stdlib/git/facts.js")).branchExists(repo.root, settled, repo))) {
      advisories.push({ kind: "ticket_branch_mismatch", severity: "warning", message: `${ticket.id} was finished (${taken.previous?.ticket_status}) on branch ${settled}, which is not merged here: this session does it again; git merge ${settled} takes that work instead`, details: { previous_branch: settled, current_branch: facts.branch, ticket_status: taken.previous?.ticket_status } });
    }
    if (taken.takenOver && taken.previous && taken.previous.owner !== ctx.actor) {
      advisories.push({ kind: "ticket_contention", severity: "warning", message: `took ${ticket.id} over from ${taken.previous.owner}'s expired lock`, details: { session: taken.previous.session, actor: taken.previous.owner, previous_owner: taken.previous.owner, remote: false } });
    }
  }
  if (!(input.distributed ?? config.locks.distributed) && !lock?.distributed) {
    // No lease to exclude others: another clone's claim is seen only in its pushed ledger.
    const { claimsElsewhere } = await import("./claims-elsewhere.js");
    for (const o of await claimsElsewhere(repo, { remote: config.git.remote, branches: [config.git.base_branch, facts.branch], now, tickets: new Set([ticket.id]) }).catch(() => [])) {
      advisories.push({
        kind: "ticket_contention",
        severity: "warning",
        message: `${o.owner} on ${o.host || "another clone"} holds ${ticket.id} too, as ${o.ref}'s ledger shows (until ${o.expires_at}); without --distributed leases nothing keeps two clones off one ticket: agree who keeps it, or claim with --distributed`,
        details: { actor: o.owner, previous_owner: o.owner, host: o.host, writer: o.writer, expires_at: o.expires_at, fencing_token: o.fencing_token, ref: o.ref, remote: false, claimed_elsewhere: true },
      });
    }
  }
  // Paused by another clone's suspend (the pulled ledger says so; a suspend leaves no claim to
  // see): its owner may resume it there at any time. Said, not refused, as a claim elsewhere is.
  if (ticket.status === "paused") {
    const { suspendedElsewhere } = await import("./suspended-elsewhere.js");
    const o = await suspendedElsewhere(repo, ticket.id, new Set((await listSessions(repo)).map((x) => x.id))).catch(() => null);
    if (o) {
      advisories.push({
        kind: "ticket_contention",
        severity: "warning",
        message: `${o.actor} suspended ${o.session} on ${ticket.id} in another clone (${o.suspended_at}${o.reason ? `: ${o.reason}` : ""}) and may resume it there: agree who keeps it`,
        details: { actor: o.actor, previous_owner: o.actor, session: o.session, suspended_at: o.suspended_at, remote: false, suspended_elsewhere: true },
      });
    }
  }
  crashPoint("session-start", "lock-taken");
  // Whether this start moved the ticket from todo to active (undone when it fails after that), or
  // from paused or review (given back as it was), and the handoff it consumed (put back).
  let activated = false;
  let reopened: TicketStatus | null = null;
  let consumed: Record<string, unknown> | null = null;
  const previousBranch = ticket.branch;
  try {
    // Step 8: ticket → active.
    const { ticket: activeTicket, from } = await setTicketStatus(repo, { ...w, session: id }, ticket.id, "active", "session_start", "session-start", (t) => {
      t.branch = facts.branch;
    });
    activated = from === "todo";
    if (from === "paused" || from === "review") reopened = from;
    crashPoint("session-start", "ticket-active");
    if (previousBranch && facts.branch && previousBranch !== facts.branch && !advisories.some((a) => a.kind === "ticket_branch_mismatch")) {
      advisories.push({ kind: "ticket_branch_mismatch", severity: "info", message: `the last session on ${ticket.id} worked on ${previousBranch}; you are on ${facts.branch}`, details: { previous_branch: previousBranch, current_branch: facts.branch } });
    }
    // Step 9: scope, budgets, checks.
    const ancestors = await readAncestors(repo, activeTicket);
    const scope = effectiveScope(activeTicket, ancestors);
    const policy = await readSealedPolicy(repo);
    const checks = [...new Set([...activeTicket.checks, ...(policy?.checks.required ?? [])])];
    // Steps 10–11: siblings and advisories.
    // (A session taken over above is closed now: it is no sibling.)
    const siblings = sessions.filter((s) => (s.status === "active" || s.status === "suspended") && !takenOver.has(s.id));
    const { computeAdvisories } = await import("./advisories.js");
    advisories.push(...(await computeAdvisories({ ctx, repo, config, ticket: activeTicket, scope, siblings, facts })));
    // Step 13: handoff.
    let handoff: BootstrapInput["handoff"] = null;
    let handoffFrom: Record<string, unknown> | null = null;
    const record = pendingHandoff;
    if (record) {
      if (record.to_actor === null || actorMatches(ctx.actor, record.to_actor)) {
        handoff = record;
        handoffFrom = { ...record };
        removeFileSync(repo.handoffFile(ticket.id));
        consumed = { ...record };
        await appendLedger(repo, { ...w }, [{ type: "handoff.consumed", session: id, ticket: ticket.id, data: { to_actor: record.to_actor, from_session: record.from_session, by_session: id } }]);
      } else {
        advisories.push({ kind: "handoff_pending", severity: "info", message: `a handoff on ${ticket.id} from ${record.from_session} is addressed to ${record.to_actor}`, details: { to_actor: record.to_actor, from_session: record.from_session } });
      }
    }
    // Step 12: liveness data.
    const pid = agentPid(ctx, input);
    const session: SessionRecord = {
      format: "exo.session/1",
      id,
      status: "active",
      actor: ctx.actor,
      // From the command line with no --vendor/--model: the harness the environment or EXO_ACTOR
      // names (before: unknown, so fleet-drift's vendor and model tables read unknown).
      ...agentVendor(ctx.env, ctx.actor, input),
      harness: input.harness ?? ctx.harness,
      agent_session_id: input.agent_session_id ?? null,
      role: input.role,
      task: input.task ?? null,
      ticket: ticket.id,
      ticket_title: activeTicket.title,
      lock_owner: lock.owner,
      fencing_token: lock.fencing_token,
      started_at: now.toISOString(),
      resumed_at: null,
      suspended_at: null,
      suspend_reason: null,
      heartbeat_at: now.toISOString(),
      host: ctx.host,
      pid,
      pid_start: pid ? pidStartMarker(pid) : null,
      worktree: repo.root,
      branch: facts.branch,
      base_branch: config.git.base_branch,
      base_ref: facts.baseRef,
      start_commit: facts.head,
      merge_base: facts.mergeBase,
      scope,
      budgets: activeTicket.budgets,
      checks,
      advisories: sortAdvisories(advisories),
      handoff_from: handoffFrom,
      exo_written: repaired?.files ?? [],
      reminded_at: null,
      bootstrap_sha256: "",
      // exo's key after SPEC §4.7's, which come first and in its order.
      main_worktree: repo.isMainWorktree,
    };
    await writeFileAtomic(repo.sessionDirtyFile(id), snapshotText(id, now.toISOString(), startDirty));
    if (lostWork) dropLostWork(repo, ticket.id);
    const result = await finishStart(ctx, repo, config, session, activeTicket, { reused: false, resumed: false, recomposed: gov.recomposed, handoff, resumedInfo: null, hooksReinstalled: repaired !== null });
    await appendLedger(repo, w, [{ type: "session.started", session: id, ticket: ticket.id, data: { vendor: session.vendor, model: session.model, harness: session.harness, branch: session.branch, start_commit: session.start_commit, fencing_token: session.fencing_token, scope, advisories: session.advisories.map((a) => a.kind), handoff_from: handoff ? handoff.from_session : null, reused: false } }]);
    crashPoint("session-start", "start-recorded");
    await (await import("../stdlib/git/sidecar.js")).sidecarStep(repo.exoDir, "start", id, (c, m) => ctx.warn(c, m));
    // A claim this start made (the task was todo, or --dispatch took it) with no distributed lease:
    // the line that shows it to teammates, as exo next gives (before: none until finish, so a
    // teammate's exo next handed out the same task meanwhile). A warning, as the human output is
    // the bootstrap alone.
    if ((activated || env.dispatched) && !lock.distributed && !(input.distributed ?? config.locks.distributed)) {
      const share = await (await import("./ticket-close.js")).sharedClaimLine(repo, config.git.remote, ticket.id);
      if (share.commit_command) {
        ctx.warn(WarningCode.CLAIM_NOT_SHARED, `${share.commit_reason ?? ""}; commit it: ${share.commit_command}`);
        return { ...result, ...share };
      }
    }
    return result;
  } catch (error) {
    // Nothing half-done: a ticket this start made active goes back to todo while the lock is still
    // held (before, a start refused after this step, on a memento folder linked out of the
    // repository say, left the ticket active with no session and its lock released), and a lock
    // taken here is given back.
    if (activated) await setTicketStatus(repo, { ...w, session: id }, ticket.id, "todo", "session_start_failed", "reconcile").catch(() => undefined);
    // A paused or review ticket has no move back in §4.5.3 (before, it stayed active with no session
    // and no lock): the start is undone, the file given back as it was (status, branch, history).
    if (reopened) await undoReopen(repo, { ...w, session: id }, ticket.id, reopened, previousBranch).catch(() => undefined);
    // The handoff this start consumed goes back for the next start (before, it was gone: the retry
    // started without its summary and next steps).
    if (consumed && !existsSync(repo.handoffFile(ticket.id))) {
      await writeJsonAtomic(repo.handoffFile(ticket.id), consumed).catch(() => undefined);
      await appendLedger(repo, w, [{ type: "handoff.created", session: id, ticket: ticket.id, data: { to_actor: consumed["to_actor"] ?? null, from_session: consumed["from_session"] ?? null, by_session: null, reason: "session_start_failed" } }]).catch(() => undefined);
    }
    if (acquired) await releaseLock(repo, w, { ticket: ticket.id, force: true, ignoreMissing: true, bySession: id }).catch(() => undefined);
    else await unbindLock(repo, w, ticket.id, id, existing?.session ?? null).catch(() => undefined);
    if (remoteBound) {
      await bindRemoteSession(repo, w, ticket.id, remoteBound.session).catch(() => undefined);
    }
    for (const f of [repo.sessionFile(id), repo.sessionDirtyFile(id)]) {
      try {
        removeFileSync(f);
      } catch {
        // best effort: doctor reports a session file left behind
      }
    }
    throw error;
  }
}


/** A failed start's undo of paused → active or review → active: the ticket as it was before the start, and a ledger record of the move back. */
async function undoReopen(repo: Repo, who: Actor & { session: string }, id: string, to: TicketStatus, branch: string | null): Promise<void> {
  const { changed } = await updateTicket(repo, who, id, (t) => {
    if (t.status !== "active") return null;
    const last = t.history[t.history.length - 1];
    if (last && last.from === to && last.to === "active") t.history.pop();
    t.status = to;
    t.branch = branch;
    return t;
  });
  if (changed) await appendLedger(repo, who, [{ type: "ticket.status_changed", ticket: id, session: who.session, data: { from: "active", to, reason: "session_start_failed" } }]);
}

/**
 * LOCK_LOST from naming a session in the remote lease of an unbound claim (`claim`, as read before
 * the bind), where the lease now held is nobody's: released, or expired, since another clone
 * wrote it (a lock handed over with --keep-lock and given back elsewhere).
 */
async function movedOnLost(error: unknown, claim: LockState, now: Date): Promise<boolean> {
  if (!(error instanceof ExoError) || error.code !== ErrorCode.LOCK_LOST || claim.session !== null) return false;
  const d = error.details ?? {};
  const state = d["state"];
  const expires = d["expires_at"];
  if (d["remote"] !== true || (state !== "held" && state !== "released") || typeof expires !== "string") return false;
  // Live as every lease is judged (a lease further ahead than the longest lease is none).
  const { isLeaseLive } = await import("../kernel/lock-state.js");
  return !isLeaseLive({ state, expires_at: expires }, now);
}
