// Dispatch (SPEC §7.6): pick the highest-scoring ready task and claim it atomically under the
// `dispatch` guard, so concurrent `exo next` calls never hand out the same ticket.

import { headState } from "../stdlib/git/facts.js";
import { readRegularTextSync } from "../io/read.js";
import { readdirSync } from "node:fs";
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import { round3 } from "../kernel/canon.js";
import { actorMatches, isPerson } from "../kernel/ids.js";
import { shellWord } from "../kernel/quote.js";
import { crashPoint } from "../io/crash.js";
import { withGuard } from "../io/guard.js";
import { writeAllSync } from "../io/stdio.js";
import type { Repo } from "../io/paths.js";
import { gitMerge, type MergeStep } from "./merge-step.js";
import { starterScope } from "./example.js";
import type { Context } from "../commands/context.js";
import type { Config } from "../stdlib/config/model.js";
import { loadConfig } from "../stdlib/config/store.js";
import { appendLedger, hostMatches } from "../stdlib/ledger/store.js";
import { acquireLock, listLocks, readLock, releaseLock, settleMovedClaim, tokenFloor } from "../stdlib/locks/store.js";
import { isLockLive, settledOnBranch, type LockState } from "../stdlib/locks/types.js";
import { assessSession } from "../stdlib/sessions/liveness.js";
import { listSessions } from "../stdlib/sessions/store.js";
import { handoffShapeProblem } from "../stdlib/sessions/state-files.js";
import type { SessionRecord } from "../stdlib/sessions/types.js";
import { ownSession, ownSuspended, type OwnSession } from "../stdlib/sessions/own.js";
import { ancestorsOf, summary } from "../stdlib/tickets/views.js";
import { listTickets, setTicketStatus } from "../stdlib/tickets/store.js";
import { SETTLED_STATUSES, type Ticket, type TicketSummary } from "../stdlib/tickets/types.js";
import { claimMovedOn, isLeaseLive, type LeaseSnapshot, type LeaseState } from "../stdlib/locks/distributed.js";
import { plural } from "../kernel/plural.js";

export interface DispatchOptions {
  owner: string;
  lane: string | null;
  dryRun: boolean;
  ttlHours: number | null;
  /** Also claim the git-ref lease on the remote (default locks.distributed). */
  distributed?: boolean | undefined;
  /** Told of the holder whose expired lock the claim took over (session-start's ticket_contention). */
  onTakeover?: ((previous: LockState) => void) | undefined;
  /** A dry run planned from the leases last fetched, no network (exo status). */
  offline?: boolean | undefined;
}

export interface Reasoning {
  formula: string;
  components: { priority_points: number; unblocks_points: number; age_points: number };
  unblocks: number;
  age_hours: number;
  tie_breakers: string[];
  lane: string | null;
  lane_occupancy: Record<string, { active: number; count: number }>;
  global: { active: number; limit: number | null };
  considered: number;
  skipped: { id: string; reason: string }[];
  /** Every task skipped, counted by reason (`skipped` lists only the first 20). */
  skipped_by_reason?: Record<string, number>;
  /** With distributed leases: what the one fetch of the lease refs showed. */
  remote?: { name: string; leases: number; held_elsewhere: number; lost_races: string[] } | undefined;
}

export interface DispatchResult {
  ticket: TicketSummary;
  score: number;
  reasoning: Reasoning;
  lock: LockState | null;
  dry_run: boolean;
  next_command: string;
  /** A claim without distributed leases in a clone with a remote: the line that commits it for teammates' clones, and why. */
  commit_command?: string;
  commit_reason?: string;
}

const FORMULA = "(6 − priority)·100 + unblocks·30 + age_hours·0.1";
const TIE_BREAKERS = ["score desc", "priority asc", "unblocks desc", "created_at asc", "id asc"];

export function laneOf(config: Config, type: string): string | null {
  return config.scheduler.lanes.find((l) => l.types.includes(type) || l.types.includes("*"))?.name ?? null;
}

/** Pending handoff records (`to_actor`), by ticket id. */
export function pendingHandoffs(repo: Repo): Map<string, string | null> {
  const out = new Map<string, string | null>();
  let names: string[] = [];
  try {
    names = readdirSync(repo.handoffsDir).filter((n) => n.endsWith(".json"));
  } catch {
    return out;
  }
  for (const name of names) {
    try {
      const record = JSON.parse(readRegularTextSync(`${repo.handoffsDir}/${name}`)) as { ticket?: string; to_actor?: string | null };
      // One a hand garbled (a number for to_actor) is doctor's, as a record that does not parse:
      // matched against actors, it failed exo status, next and ready with INTERNAL.
      if (handoffShapeProblem(record, name.slice(0, -".json".length)) !== null) continue;
      if (typeof record.ticket === "string" && record.ticket) out.set(record.ticket, record.to_actor ?? null);
    } catch {
      // doctor reports it
    }
  }
  return out;
}

interface Candidate {
  ticket: Ticket;
  score: number;
  unblocks: number;
  ageHours: number;
  lane: string | null;
}

interface Plan {
  ordered: Candidate[];
  skipped: { id: string; reason: string }[];
  reasons: Record<string, unknown>;
  laneOccupancy: Record<string, { active: number; count: number }>;
  global: { active: number; limit: number | null };
  considered: number;
  capacityBlocked: boolean;
}

/** What the remote says about a ticket: held by another owner/host, or closed in another clone. */
export function remoteReason(s: LeaseState | undefined, ticket: Ticket, owner: string, host: string, now: Date, prunedAt?: string, clone?: string): "leased_remote" | "closed_remote" | null {
  if (!s) return prunedAt !== undefined && prunedAt >= ticket.updated_at ? "closed_remote" : null;
  const mine = (s.owner === owner || owner.startsWith(`${s.owner}:`)) && (s.host === "" || hostMatches(s.host, host)) && (s.clone === undefined || clone === undefined || s.clone === clone);
  // A newer exo's live state is held for everyone here, its owner too (tryClaim refuses it).
  if (isLeaseLive(s, now)) return mine && s.unknown_state === undefined ? null : "leased_remote";
  // Released as paused by a handoff: once this clone has the pause (and so the handoff) it is claimable.
  const pulled = s.ticket_status === "paused" && ticket.status === "paused";
  if (s.state === "released" && s.ticket_status && s.ticket_status !== "todo" && s.ticket_status !== "active" && !pulled && (s.heartbeat_at || "") >= ticket.updated_at) return "closed_remote";
  return null;
}

function plan(tickets: Map<string, Ticket>, locks: Map<string, LockState>, handoffs: Map<string, string | null>, config: Config, opts: DispatchOptions, now: Date, staleHolding: number, remote: ((t: Ticket) => string | null) | null = null, busy: ReadonlySet<string> = new Set(), elsewhere: ReadonlyMap<string, string> = new Map()): Plan {
  const counts = { blocked: 0, blocker_missing: 0, blocker_cancelled: 0, parent_closed: 0, locked: 0, leased_remote: 0, closed_remote: 0, finished_on_branch: 0, other_lane: 0, containers: 0 };
  const skipped: { id: string; reason: string }[] = [];
  const unblocks = new Map<string, number>();
  for (const t of tickets.values()) {
    if (["done", "archived", "cancelled"].includes(t.status)) continue;
    for (const b of new Set(t.blockers)) unblocks.set(b, (unblocks.get(b) ?? 0) + 1);
  }
  const live = (id: string) => {
    const l = locks.get(id);
    return l !== undefined && isLockLive(l, now);
  };
  const candidates: Candidate[] = [];
  let claimable = 0;
  for (const t of [...tickets.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (t.kind !== "task") {
      counts.containers++;
      continue;
    }
    const handoffTo = handoffs.get(t.id);
    const pausedHandoff = t.status === "paused" && handoffs.has(t.id) && (handoffTo === null || (handoffTo !== undefined && actorMatches(opts.owner, handoffTo)));
    let reason: string | null = null;
    if (elsewhere.has(t.id)) reason = "finished_on_branch";
    else if (t.status !== "todo" && !pausedHandoff) reason = "not_todo";
    else {
      claimable++;
      const blockers = t.blockers.map((b) => tickets.get(b));
      if (blockers.some((b) => b === undefined)) reason = "blocker_missing";
      else if (blockers.some((b) => b?.status === "cancelled")) reason = "blocker_cancelled";
      else if (blockers.some((b) => b && b.status !== "done" && b.status !== "archived")) reason = "blocked";
      else if (ancestorsOf(tickets, t).some((a) => a.status === "cancelled" || a.status === "archived")) reason = "parent_closed";
      else if (live(t.id) || busy.has(t.id)) reason = "locked";
      else if (remote && remote(t)) reason = remote(t);
      else if (opts.lane !== null && laneOf(config, t.type) !== opts.lane) reason = "other_lane";
    }
    if (reason) {
      if (reason !== "not_todo") counts[reason as keyof typeof counts]++;
      skipped.push({ id: t.id, reason });
      continue;
    }
    const n = unblocks.get(t.id) ?? 0;
    // A created_at edited into no date at all ("yesterday") counts as new: NaN made the score
    // null in the output and the sort below inconsistent.
    const created = Date.parse(t.created_at);
    const ageHours = Number.isFinite(created) ? Math.max(0, (now.getTime() - created) / 3_600_000) : 0;
    candidates.push({ ticket: t, score: (6 - t.priority) * 100 + n * 30 + ageHours * 0.1, unblocks: n, ageHours, lane: laneOf(config, t.type) });
  }
  candidates.sort(
    (a, b) =>
      b.score - a.score ||
      a.ticket.priority - b.ticket.priority ||
      b.unblocks - a.unblocks ||
      (a.ticket.created_at < b.ticket.created_at ? -1 : a.ticket.created_at > b.ticket.created_at ? 1 : 0) ||
      (a.ticket.id < b.ticket.id ? -1 : a.ticket.id > b.ticket.id ? 1 : 0),
  );
  // Capacity: the active set is every task that is active or holds a live lock.
  const active = [...tickets.values()].filter((t) => t.kind === "task" && ((t.status === "active" && !elsewhere.has(t.id)) || live(t.id) || (remote !== null && remote(t) === "leased_remote")));
  const laneOccupancy: Record<string, { active: number; count: number }> = {};
  for (const lane of config.scheduler.lanes) laneOccupancy[lane.name] = { active: active.filter((t) => laneOf(config, t.type) === lane.name).length, count: lane.count };
  const limit = config.scheduler.global_concurrency_limit;
  const globalFull = limit !== null && active.length >= limit;
  const laneFull: Record<string, number> = {};
  const ordered: Candidate[] = [];
  for (const c of candidates) {
    if (c.lane !== null && laneOccupancy[c.lane] && (laneOccupancy[c.lane] as { active: number; count: number }).active >= (laneOccupancy[c.lane] as { count: number }).count) {
      laneFull[c.lane] = (laneFull[c.lane] ?? 0) + 1;
      skipped.push({ id: c.ticket.id, reason: "lane_full" });
      continue;
    }
    ordered.push(c);
  }
  const { leased_remote, closed_remote, finished_on_branch, containers, ...local } = counts;
  // SPEC §7.6 step 6's keys in its order; the remote reasons (exo's) appear only when the plan knew
  // the remote (distributed dispatch), after SPEC's keys.
  const reasons = { no_todo_tasks: claimable === 0, ...local, lane_full: laneFull, global_limit: globalFull, containers, stale_sessions: staleHolding, ...(remote ? { leased_remote, closed_remote } : {}), ...(finished_on_branch > 0 ? { finished_on_branch } : {}) };
  return {
    ordered: globalFull ? [] : ordered,
    skipped: skipped.sort((a, b) => (a.id < b.id ? -1 : 1)),
    reasons,
    laneOccupancy,
    global: { active: active.length, limit },
    considered: candidates.length,
    capacityBlocked: globalFull,
  };
}

/** NO_TICKET's hint: what to do about the reason nothing is ready (see error-hints for others). */
function noTicketHint(reasons: Record<string, unknown>, tickets: ReadonlyMap<string, Ticket> | undefined, scope = "src/**"): string {
  if ((reasons["stale_sessions"] as number) > 0) return "exo session-cleanup";
  const all = [...(tickets?.values() ?? [])];
  if (reasons["no_todo_tasks"] && !all.some((t) => t.kind === "task" && t.status === "todo")) {
    const intent = all.find((t) => t.kind !== "task" && (t.status === "todo" || t.status === "active"));
    if (intent) return `exo ticket-create "<what to do>" --parent ${intent.id}`;
    // The scope is the folder install's Create work step names (starterScope): before, `src/**`
    // whatever the layout, a folder not there in a workspaces repository (packages/*), and
    // SCOPE_ROOT_RELATIVE when pasted in a package folder.
    const create = `exo intent-create "<what you want>" --brain-dump "<why, in a sentence>" --scope-allow "${scope}"`;
    // The starter ticket is named in the message: before, "(or exo install --example …)" ended the
    // hint, which a shell refuses as pasted (a syntax error at the parenthesis).
    return create;
  }
  // Blocked, locked, in another lane: exo ready says which task waits for what.
  return "exo ready";
}

/** A live claim nobody started a session on (exo next, then no session-start): the step that was left out. */
export interface WaitingClaim {
  ticket: string;
  owner: string;
  as: string;
}

/** Ticket statuses a claim without a session no longer waits on (the work was finished or closed, often in another clone). */
export { SETTLED_STATUSES };

export function waitingClaim(held: readonly LockState[], actor: string, now: Date, requireOwnerMatch: boolean, handoffs?: ReadonlyMap<string, string | null>, tickets?: ReadonlyMap<string, Ticket>): WaitingClaim | null {
  // A claim on a ticket in review or closed (a handoff's claim finished in the receiver's clone,
  // then pulled) waits for nothing: before, the hint was to start a session on it, which reopened it.
  const claims = held.filter((l) => isLockLive(l, now) && !l.session && !SETTLED_STATUSES.has(tickets?.get(l.ticket)?.status ?? "")).sort((a, b) => (a.ticket < b.ticket ? -1 : 1));
  // Another agent's claim is not this agent's to start (two agents racing on exo next: the loser
  // was told to start the winner's claim as the winner); a person may start any (a lead's agents).
  const claim = claims.find((l) => actorMatches(actor, l.owner)) ?? claims.find((l) => !(actor.startsWith("agent:") && l.owner.startsWith("agent:")));
  if (!claim) return null;
  // A claim handed to someone else with its lock (session-handoff --to bob --keep-lock) is theirs
  // to start: before, the sender was told to start it and took the receiver's claim.
  const to = handoffs?.get(claim.ticket);
  if (to && !actorMatches(actor, to)) return { ticket: claim.ticket, owner: claim.owner, as: ` --actor ${to}` };
  return { ticket: claim.ticket, owner: claim.owner, as: asOwner(actor, claim.owner, requireOwnerMatch) };
}

/**
 * The `--actor` a session-start on someone's claim needs: the owner's when the config requires it,
 * or when the claim is an agent's (`exo next --owner agent:codex:1` by a team lead): started as the
 * lead, the session would be the lead's and the agent's own start would answer TICKET_IN_USE.
 * A person's claim (`--owner alice`) is started by whoever works on it.
 */
export function asOwner(actor: string, owner: string, requireOwnerMatch: boolean): string {
  return !actorMatches(actor, owner) && (requireOwnerMatch || owner.startsWith("agent:")) ? ` --actor ${owner}` : "";
}

/** A paused task handed to another actor (session-handoff --to) that no session has picked up yet. */
function handedToOthers(handoffs: ReadonlyMap<string, string | null>, tickets: ReadonlyMap<string, Ticket>, owner: string, sessions: readonly SessionRecord[]): { ticket: string; to: string } | null {
  for (const [id, to] of [...handoffs].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (to && tickets.get(id)?.status === "paused" && !actorMatches(owner, to) && !sessions.some((x) => x.ticket === id)) return { ticket: id, to };
  }
  return null;
}

/** What else explains an empty dispatch: each part names work waiting elsewhere, or why nothing could be read. */
interface NothingReady {
  tickets?: ReadonlyMap<string, Ticket> | undefined;
  claim?: WaitingClaim | null;
  own?: OwnSession | null;
  /** The actor's suspended session here: its resume is the way on (exo ready's next step). */
  suspended?: OwnSession | null;
  /** A task claimed in another clone (active in the pulled files, no lock or session here), and by whom. */
  away?: { ticket: string; owner: string; here?: boolean } | null;
  unreadable?: readonly { file: string }[];
  handed?: { ticket: string; to: string } | null;
  /** Tasks finished on another branch of this clone and not merged here, by id: the branch. */
  elsewhere?: ReadonlyMap<string, string>;
  /** How to settle the first of them (mergeStep): the merge, or the drop of a branch with only exo state. */
  step?: MergeStep | null;
  /** The scope a first intent's hint gives (starterScope of where exo ran). */
  scope?: string;
}

/**
 * NO_TICKET with its reasons kept as data: `bits` (why no task is ready, comma-joined after a
 * colon) and `more` (the "; …" clauses naming work waiting elsewhere). Callers that word the
 * empty dispatch their own way (startHint, session-context) read these, not the message.
 */
export class NoTicketError extends ExoError {
  readonly bits: readonly string[];
  readonly more: string;
  constructor(bits: readonly string[], more: string, opts: { hint: string; details: Record<string, unknown> }) {
    super(ErrorCode.NO_TICKET, `Nothing is ready to dispatch${reasonsClause(bits, more)}.`, opts);
    this.bits = bits;
    this.more = more;
  }
  /** What follows "nothing is ready": ": a, b; …" (the "; …" clauses alone when no reason is worded). */
  get reasons(): string {
    return reasonsClause(this.bits, this.more);
  }
  /** Whether the reasons read after a colon (or there are none): "; …" clauses alone do not. */
  get worded(): boolean {
    return this.bits.length > 0 || this.more === "";
  }
  /** "nothing is ready", then the reasons, to end a sentence of the caller's. */
  get why(): string {
    return `nothing is ready${this.reasons}`;
  }
}

function reasonsClause(bits: readonly string[], more: string): string {
  return `${bits.length ? `: ${bits.join(", ")}` : ""}${more}`;
}

/** The settling step of the first task (by id) finished on another branch, or null. */
async function firstStep(repo: Repo, elsewhere: ReadonlyMap<string, string>): Promise<MergeStep | null> {
  const [first] = [...elsewhere].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return first ? (await import("./merge-step.js")).mergeStep(repo, first[0], first[1]) : null;
}

function noTicket(reasons: Record<string, unknown>, { tickets, claim = null, own = null, suspended = null, away = null, unreadable = [], handed = null, elsewhere = new Map(), step = null, scope }: NothingReady = {}): ExoError {
  const bits: string[] = [];
  // A task finished in a linked worktree reads todo here until its branch is merged: name it and
  // the branch, and not "no task is todo" beside it (before: "no task is todo, 1 finished on
  // another branch, not merged here", hint exo ready, which this checkout showed as todo).
  const [merge] = [...elsewhere].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  if (reasons["global_limit"]) bits.push("the global concurrency limit is reached");
  if (reasons["no_todo_tasks"] && !merge) bits.push("no task is todo");
  for (const key of ["blocked", "blocker_missing", "blocker_cancelled", "parent_closed", "locked", "leased_remote", "closed_remote", "finished_on_branch", "other_lane"]) {
    const n = (reasons[key] as number | undefined) ?? 0;
    if (n === 0) continue;
    if (key !== "finished_on_branch") bits.push(`${n} ${key.replaceAll("_", " ")}`);
    else if (!merge) bits.push(`${n} finished on another branch, not merged here`);
    // A branch with only exo state and no worktree left, or whose work is uncommitted in its
    // worktree: merging it is not the step (mergeStep).
    else if (step && step.kind !== "merge" && elsewhere.size === 1) bits.push(step.why);
    else bits.push(`${[...elsewhere].map(([id, branch]) => `${id} was finished on ${branch}`).join(", ")}, not merged here (${gitMerge(merge[1])}, then exo ticket-close ${merge[0]})`);
  }
  const laneFull = reasons["lane_full"] as Record<string, number>;
  for (const [lane, n] of Object.entries(laneFull)) bits.push(`${n} waiting for lane ${lane}`);
  // Claimed with exo next and no session yet: starting on that claim beats creating more work.
  const waiting = claim ? `; ${claim.ticket} is claimed by ${claim.owner} and waits for a session` : "";
  // Ticket files that do not parse are no "no tickets yet": before, a ticket with a duplicate key
  // as the only one got the hint to create a first intent.
  const broken = unreadable.length > 0 ? `; ${plural(unreadable.length, "ticket file")} cannot be read (${unreadable.slice(0, 3).map((p) => p.file).join(", ")})` : "";
  const none = !claim && !broken && tickets !== undefined && tickets.size === 0 ? "; there are no tickets yet (exo install --example adds a starter ticket)" : "";
  // `exo next` again from inside the quick start's session: before, the hint was to create a
  // ticket, as if no work were under way. The session open on a ticket is the work to finish first.
  const mine = !claim && own ? `; your session ${own.id} is open on ${own.ticket}` : "";
  // The sender of a handoff (session-handoff --to agent:codex) asking next: the handed task waits
  // for its receiver, as exo alone and exo ready say (before: "no task is todo" and ticket-create).
  // Handed to another person, who starts it in their clone: what is left here (the commit of the
  // handed work, the push) is exo ready's next step (before: EXO_ACTOR=<them> exo session-start).
  const person = !!handed && isPerson(handed.to);
  const passed = !claim && !own && handed ? `; ${handed.ticket} was handed to ${handed.to} and waits for ${person ? "their session-start in their clone" : "its session-start"}` : "";
  // Your own session suspended here: its resume, as exo ready and exo alone say (before: "no task
  // is todo" and the hint to create a ticket).
  const resume = !claim && !own && !passed && suspended ? `; your session ${suspended.id} on ${suspended.ticket} is suspended: resume it` : "";
  // A teammate's claim that came with a pull, as exo ready says (before: "no task is todo" alone,
  // as if nobody had the task).
  const taken = !claim && !own && !passed && !resume && away ? `; ${away.ticket} is claimed by ${away.owner} ${away.here ? "in this clone, whose lock file is gone: exo doctor --fix gives it back" : "in another clone"}` : "";
  return new NoTicketError(bits, `${waiting}${none}${broken}${mine}${passed}${resume}${taken}`, {
    hint: claim ? `exo session-start --ticket-id ${claim.ticket}${claim.as}` : own ? 'exo session-finish --summary "…"' : resume && suspended ? `exo session-resume --session-id ${suspended.id}` : passed && handed ? (person ? "exo ready" : `EXO_ACTOR=${shellWord(handed.to)} exo session-start --ticket-id ${handed.ticket}`) : broken && (tickets?.size ?? 0) === 0 ? "exo doctor --section tickets" : taken && away?.here ? "exo doctor --fix" : step && reasons["no_todo_tasks"] ? step.line : noTicketHint(reasons, tickets, scope),
    details: { reasons, ...(taken && away ? { claimed_elsewhere: away } : {}) },
  });
}

/** The first task (by id) claimed in another clone, and whose claim it is. */
async function claimedAwayFirst(repo: Repo, tickets: ReadonlyMap<string, Ticket>, lockFiles: ReadonlySet<string>, sessions: readonly SessionRecord[]): Promise<{ ticket: string; owner: string; here?: boolean } | null> {
  const tasks = [...tickets.values()].filter((t) => t.kind === "task").map((t) => t.id).sort();
  const { ownWriters } = await import("../stdlib/ledger/store.js");
  const by = await (await import("./suspended-elsewhere.js")).claimedAway(repo, tickets, tasks, lockFiles, sessions, new Set(ownWriters(repo)));
  const first = tasks.find((id) => by.has(id));
  const found = first === undefined ? undefined : by.get(first);
  return first === undefined || !found ? null : { ticket: first, owner: found.owner, ...(found.here ? { here: true } : {}) };
}

export async function dispatch(ctx: Context, opts: DispatchOptions): Promise<DispatchResult> {
  const [repo] = await Promise.all([ctx.governed(), ctx.actorReady()]);
  const config = await loadConfig(repo);
  if (opts.lane !== null && !config.scheduler.lanes.some((l) => l.name === opts.lane)) {
    throw new ExoError(ErrorCode.INVALID_INPUT, `Unknown lane ${opts.lane}; configured lanes: ${config.scheduler.lanes.map((l) => l.name).join(", ") || "none"}.`, {
      details: { issues: [{ path: "lane", code: "lane_unknown", message: "unknown lane", severity: "error" }] },
    });
  }
  const ttlHours = opts.ttlHours ?? config.locks.ttl_hours;
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now() };
  let replans = 0;
  const run = async (): Promise<DispatchResult> => {
    const now = who.now;
    const distributed = opts.distributed ?? config.locks.distributed;
    // A fresh clone registers the ticket merge driver and lease refspecs on its first claim.
    if (!opts.dryRun) await (await import("../stdlib/git/team.js")).registerTeamConfig(repo, config.git.remote).catch(() => []);
    const { fetchLeaseSnapshot, readTrackedLeases, tryClaim, cloneId } = distributed ? await import("../stdlib/locks/distributed.js") : { fetchLeaseSnapshot: null, readTrackedLeases: null, tryClaim: null, cloneId: null };
    const clone = cloneId ? cloneId(repo) : undefined;
    // One fetch of every lease ref per call: the plan skips what is leased elsewhere.
    // exo status plans from what the last fetch brought (before: a fetch, and with a remote that
    // did not answer, "nothing ready" while exo ready listed tasks).
    let snapshot: LeaseSnapshot | null = !fetchLeaseSnapshot ? null : opts.offline && opts.dryRun ? await readTrackedLeases(repo, config.git.remote) : await fetchLeaseSnapshot(repo, config.git.remote);
    const lockFiles = new Set<string>();
    // A session file that cannot be read is named (SESSION_UNREADABLE), as exo status does: a task
    // held under it is not handed out, and "no task is todo" alone left the reason unsaid.
    const [index, heldList, sessions] = await Promise.all([listTickets(repo), listLocks(repo, { released: false, seen: lockFiles }), listSessions(repo, (c, m) => ctx.warn(c, m))]);
    warnUnreadable(ctx, index.problems);
    const handoffs = pendingHandoffs(repo);
    const locks = new Map(heldList.map((l) => [l.ticket, l]));
    const openSessions = sessions.filter((s) => s.status === "active" || s.status === "suspended");
    // Released locks (most of a long-lived folder) matter only to active tasks (reconcile) and open
    // sessions (staleness): those few are read on their own, as the full listing would give them.
    for (const id of new Set([...[...index.tickets.values()].filter((t) => t.kind === "task" && t.status === "active").map((t) => t.id), ...openSessions.map((s) => s.ticket)])) {
      if (locks.has(id)) continue;
      const lock = await readLock(repo, id).catch(() => null);
      if (lock) locks.set(id, lock);
    }
    // A claim handed over here (--keep-lock) that its receiver gave back in another clone: the
    // remote lease moved on and is free, so the local file no longer holds the ticket.
    if (snapshot) {
      for (const [id, l] of locks) {
        if (!l.distributed || !claimMovedOn(l, snapshot.leases.get(id)?.state, now)) continue;
        const settled = opts.dryRun ? null : await settleMovedClaim(repo, who, id, l.distributed.nonce);
        if (settled) locks.set(id, settled);
        else locks.delete(id);
      }
    }
    const remoteView = () => {
      const snap = snapshot;
      return snap ? (t: Ticket) => remoteReason(snap.leases.get(t.id)?.state, t, opts.owner, ctx.host, now, snap.pruned.get(t.id), clone) : null;
    };
    const elsewhere = await finishedElsewhere(repo, index.tickets, locks, lockFiles);
    // A dry run writes nothing, but plans as the claim would: expired claims count as todo.
    await reconcile(repo, who, index.tickets, locks, openSessions, snapshot, !opts.dryRun, elsewhere);
    const staleHolding = openSessions.filter(
      (s) => assessSession({ session: s, lock: locks.get(s.ticket) ?? null, now, host: ctx.host, heartbeatTimeoutMinutes: config.sessions.heartbeat_timeout_minutes, suspendedMaxDays: config.sessions.suspended_max_days }).stale,
    ).length;
    const busy = busyTickets(ctx, config, openSessions, locks, now);
    let p = plan(index.tickets, locks, handoffs, config, opts, now, staleHolding, remoteView(), busy, elsewhere);
    let chosen = p.ordered[0];
    const claim = () => waitingClaim(heldList, ctx.actor, now, config.locks.require_owner_match, handoffs, index.tickets);
    const own = () => ownSession(openSessions, ctx.actor, repo.root);
    const handedOn = () => handedToOthers(handoffs, index.tickets, opts.owner, openSessions);
    if (!chosen) throw snapshot ? await heldElsewhere(snapshot, p, config.git.remote, claim(), own()) : noTicket(p.reasons, { tickets: index.tickets, claim: claim(), own: own(), suspended: ownSuspended(openSessions, ctx.actor, repo.root), away: await claimedAwayFirst(repo, index.tickets, lockFiles, sessions), unreadable: index.problems, handed: handedOn(), elsewhere, step: await firstStep(repo, elsewhere), scope: starterScope(repo.root, ctx.cwd) });
    let lock: LockState | null = null;
    const lostRaces: string[] = [];
    let blocked: ExoError | null = null;
    if (!opts.dryRun) {
      const ttlSeconds = Math.round(ttlHours * 3600);
      const branch = (await headState(repo.root, repo)).branch;
      if (snapshot && tryClaim && fetchLeaseSnapshot) {
        // A lost compare-and-swap means someone else got that ticket: move on to the next
        // candidate; when a whole round is lost, fetch once more and plan again.
        for (let round = 0; round < 2 && !lock; round++) {
          if (round > 0) {
            snapshot = await fetchLeaseSnapshot(repo, config.git.remote);
            p = plan(index.tickets, locks, handoffs, config, opts, now, staleHolding, remoteView(), busy, elsewhere);
            if (p.ordered.length === 0) break;
          }
          for (const candidate of p.ordered.slice(0, 25)) {
            const snap = snapshot;
            const local = await readLock(repo, candidate.ticket.id);
            let claim;
            try {
              claim = await tryClaim(repo, who, { remote: config.git.remote, ticket: candidate.ticket.id, owner: opts.owner, session: null, ttlSeconds, localToken: local?.fencing_token ?? (await tokenFloor(repo, candidate.ticket.id)) }, snap.leases.get(candidate.ticket.id) ?? null, snap.highWater);
            } catch (error) {
              if (error instanceof ExoError && error.code === ErrorCode.LEASE_HELD) {
                lostRaces.push(candidate.ticket.id);
                continue;
              }
              // A ref nested below this ticket's lease ref blocks only this ticket: try the next.
              if (error instanceof ExoError && error.code === ErrorCode.REMOTE_REFUSED && error.details?.["reason"] === "ref_blocked") {
                blocked ??= error;
                continue;
              }
              throw error;
            }
            if (claim === "rejected") {
              lostRaces.push(candidate.ticket.id);
              continue;
            }
            // Another clone's lease that expired by this clock: said, since a clock running behind
            // there writes leases already expired here while their holder works (before: taken
            // over in silence, and both clones worked on the ticket).
            const prev = claim.takenOver ? claim.previous : null;
            if (prev) ctx.warn(WarningCode.LEASE_TAKEN_OVER, `took ${candidate.ticket.id} over from ${prev.owner}${prev.host ? ` on ${prev.host}` : ""}, whose lease on ${config.git.remote} expired at ${prev.expires_at} by this machine's clock (${now.toISOString()}); if ${prev.owner} still works on it (a clock running behind there makes a live lease look expired), agree who keeps it.`);
            const taken = await acquireLock(repo, who, { ticket: candidate.ticket.id, owner: opts.owner, session: null, ttlSeconds, branch, token: claim.token, distributed: claim.block });
            lock = taken.lock;
            if (taken.takenOver && taken.previous) opts.onTakeover?.(taken.previous);
            chosen = candidate;
            break;
          }
        }
        if (!lock) {
          if (blocked && lostRaces.length === 0) throw blocked;
          if (lostRaces.length > 0) throw new ExoError(ErrorCode.LEASE_CONFLICT, `Every ready ticket was claimed by another clone while this one tried (${lostRaces.slice(0, 5).join(", ")}); run exo next again.`, { hint: "exo next --distributed", details: { lost_races: lostRaces, reasons: p.reasons } });
          throw noTicket(p.reasons, { tickets: index.tickets, claim: claim(), own: own(), suspended: ownSuspended(openSessions, ctx.actor, repo.root), unreadable: index.problems, handed: handedOn(), elsewhere, step: await firstStep(repo, elsewhere), scope: starterScope(repo.root, ctx.cwd) });
        }
      } else {
        const taken = await acquireLock(repo, who, { ticket: chosen.ticket.id, owner: opts.owner, session: null, ttlSeconds, branch });
        lock = taken.lock;
        if (taken.takenOver && taken.previous) opts.onTakeover?.(taken.previous);
      }
    }
    const reasoning: Reasoning = {
      formula: FORMULA,
      components: { priority_points: round3((6 - chosen.ticket.priority) * 100), unblocks_points: round3(chosen.unblocks * 30), age_points: round3(chosen.ageHours * 0.1) },
      unblocks: chosen.unblocks,
      age_hours: round3(chosen.ageHours),
      tie_breakers: TIE_BREAKERS,
      lane: chosen.lane,
      lane_occupancy: p.laneOccupancy,
      global: p.global,
      considered: p.considered,
      skipped: p.skipped.slice(0, 20),
      // The human line counted the 20 listed, and gave no reason (before: "2 skipped" beside one
      // blocked task named, the other a closed one).
      skipped_by_reason: p.skipped.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x.reason]: (acc[x.reason] ?? 0) + 1 }), {}),
      ...(snapshot ? { remote: { name: config.git.remote, leases: snapshot.leases.size, held_elsewhere: (p.reasons["leased_remote"] as number) ?? 0, lost_races: lostRaces } } : {}),
    };
    let ticket = chosen.ticket;
    if (!opts.dryRun && lock) {
      const held = lock;
      const owner = actorMatches(ctx.actor, opts.owner) ? "" : ` --actor ${opts.owner}`;
      stopNote = onInterrupt(
        `exo next: interrupted after claiming ${held.ticket} for ${opts.owner} (its lock holds until ${held.expires_at.slice(0, 16).replace("T", " ")}Z). ` +
          `Work on it: exo session-start --ticket-id ${held.ticket}${asOwner(ctx.actor, opts.owner, config.locks.require_owner_match)}; or give it back: exo lease-release --ticket-id ${held.ticket}${owner}`,
      );
      crashPoint("next", "lock-acquired");
      try {
        ticket = (await setTicketStatus(repo, who, ticket.id, "active", "dispatched", "next")).ticket;
      } catch (error) {
        // The ticket could not be set active (a write the filesystem refused): the claim is given
        // back. Before, its lock held the task for the whole ttl with the ticket still todo, and
        // doctor --fix completed it as an interrupted claim, one the command had answered with an
        // error. A distributed claim keeps its lock: its lease is pushed already.
        if (!held.distributed) await releaseLock(repo, who, { ticket: held.ticket, force: true, ignoreMissing: true, bySession: null }).catch(() => undefined);
        // The ticket changed between the plan and its claim (a ticket-update cancelling or closing
        // it, a file removed by a pull: those take the ticket's guard, not dispatch's). Its claim is
        // given back and the plan made again, which no longer picks it (before: INVALID_TRANSITION,
        // "task T1 cannot go from cancelled to active this way", a transition nobody asked for).
        if (!held.distributed && replans < 3 && error instanceof ExoError && (error.code === ErrorCode.INVALID_TRANSITION || error.code === ErrorCode.TICKET_NOT_FOUND)) {
          replans++;
          stopNote();
          return run();
        }
        throw error;
      }
      crashPoint("next", "ticket-claimed");
      await appendLedger(repo, who, [{ type: "dispatch.claimed", ticket: ticket.id, data: { score: round3(chosen.score), lane: chosen.lane, owner: opts.owner, fencing_token: lock.fencing_token } }]);
      crashPoint("next", "claim-recorded");
      await (await import("../stdlib/git/sidecar.js")).sidecarStep(repo.exoDir, "claim", ticket.id, (c, m) => ctx.warn(c, m));
      // exo next run twice (to see the claim again, or by habit): the first claim still holds its
      // ticket for the whole ttl, kept from everyone else. Say so, and how to give it back.
      const earlier = heldList.filter((l) => l.ticket !== ticket.id && !l.session && l.owner === opts.owner && (l.host === "" || l.host === ctx.host) && isLockLive(l, now)).map((l) => l.ticket).sort();
      if (earlier.length > 0) {
        const list = earlier.length === 1 ? (earlier[0] as string) : `${earlier.slice(0, -1).join(", ")} and ${earlier.at(-1) as string}`;
        ctx.warn(WarningCode.CLAIM_ALREADY_HELD, `${opts.owner} already held ${list} (claimed, no session yet) and now holds ${ticket.id} too; give back what you will not work on: exo lease-release --ticket-id ${earlier[0] as string}${actorMatches(ctx.actor, opts.owner) ? "" : ` --actor ${opts.owner}`}.`);
      }
      // Claimed for yourself while your session on another ticket is open here: its next: line
      // answers SESSION_ALREADY_ACTIVE until that session ends (before: no word of it).
      const open = actorMatches(ctx.actor, opts.owner) ? own() : null;
      if (open && open.ticket !== ticket.id) {
        ctx.warn(WarningCode.SESSION_STILL_OPEN, `${ctx.actor} still works on ${open.ticket} in session ${open.id}: the start of ${ticket.id} waits until it is finished (exo session-finish --summary "…") or suspended (exo session-suspend --reason "…").`);
      }
    }
    // A claim only this clone knows of (no lease on the remote): the line that shows it to teammates.
    const share = !opts.dryRun && lock && !distributed ? await (await import("./ticket-close.js")).sharedClaimLine(repo, config.git.remote, ticket.id) : {};
    return { ticket: summary(ticket), score: round3(chosen.score), reasoning, lock, dry_run: opts.dryRun, next_command: `exo session-start --ticket-id ${ticket.id}${asOwner(ctx.actor, opts.owner, config.locks.require_owner_match)}`, ...share };
  };
  let stopNote = (): void => {};
  if (opts.dryRun) return run();
  try {
    return await withGuard(repo.stateDir, "dispatch", { host: ctx.host, timeoutMs: 30_000 }, run);
  } finally {
    stopNote();
  }
}

/**
 * Ctrl-C (SIGINT) once the claim is made: before, exo stopped without a word and the ticket stayed
 * held for the lock's ttl. The note says what was claimed and the two ways on; exo then stops as
 * the signal would have stopped it (exit 130). A process that handles SIGINT itself (a program
 * embedding exo) is left to do so. Returns the function that takes the note back.
 */
function onInterrupt(note: string): () => void {
  if (process.listenerCount("SIGINT") > 0) return () => {};
  const stop = (): void => {
    writeAllSync(2, `${note}\n`);
    process.exit(130);
  };
  process.once("SIGINT", stop);
  return () => {
    process.removeListener("SIGINT", stop);
  };
}

/** Nothing ready: when other clones' leases are the cause, say who holds them (LEASE_HELD). */
async function heldElsewhere(snapshot: LeaseSnapshot, p: Plan, remote: string, claim: WaitingClaim | null, own: OwnSession | null): Promise<ExoError> {
  const held = p.skipped.find((x) => x.reason === "leased_remote");
  const state = held ? snapshot.leases.get(held.id)?.state : undefined;
  if (!held || !state) return noTicket(p.reasons, { claim, own });
  const { leaseHeld } = await import("../stdlib/locks/distributed.js");
  const e = leaseHeld(held.id, remote, state);
  // The work waiting here comes first, as in noTicket: a claim of this clone with no session yet,
  // or the session open here (before: the hint was exo tickets, and the claim went unmentioned).
  const waiting = claim ? `; ${claim.ticket} is claimed by ${claim.owner} and waits for a session` : own ? `; your session ${own.id} is open on ${own.ticket}` : "";
  // Nothing of yours waits: exo ready --distributed lists who holds what until when, and what else
  // waits (before: exo tickets, which says nothing of leases).
  const ours = claim ? `exo session-start --ticket-id ${claim.ticket}${claim.as}` : own ? 'exo session-finish --summary "…"' : "exo ready --distributed";
  const leased = p.reasons["leased_remote"] as number;
  return new ExoError(e.code, `Nothing is ready to dispatch here: ${leased === 1 ? "1 ticket is leased by another clone" : `${leased} tickets are leased by other clones`} (${held.id} by ${state.owner} on ${state.host || "another host"} until ${state.expires_at}${state.unknown_state !== undefined ? `, in state ${JSON.stringify(state.unknown_state)} of a newer exo: upgrade exo to work with it` : ""})${waiting}.`, { hint: state.unknown_state !== undefined ? (e.hint ?? ours) : ours, details: { ...(e.details ?? {}), ticket: held.id, reasons: p.reasons } });
}


/**
 * §7.6 step 1: active tasks whose lock expired and no session references go back to todo; with
 * `write` false only in `tickets` (a dry run's plan), nothing written.
 */
async function reconcile(repo: Repo, who: { actor: string; host: string; now: Date }, tickets: Map<string, Ticket>, locks: Map<string, LockState>, sessions: SessionRecord[], snapshot: LeaseSnapshot | null, write: boolean, elsewhere: ReadonlyMap<string, string>): Promise<void> {
  for (const t of tickets.values()) {
    // Finished on another branch: back to todo here would only be a reopening nobody asked for.
    if (t.kind !== "task" || t.status !== "active" || elsewhere.has(t.id)) continue;
    const lock = locks.get(t.id);
    const remote = snapshot?.leases.get(t.id)?.state;
    // Active here without a local lock: claimed in another clone. Its remote lease decides.
    if (!lock && !(remote && remote.state === "held")) continue;
    if (lock && isLockLive(lock, who.now)) continue;
    // Another clone's live lease keeps the ticket active here too (no spurious edit to merge).
    if (remote && isLeaseLive(remote, who.now)) continue;
    if (sessions.some((s) => s.ticket === t.id)) continue;
    if (!write) {
      tickets.set(t.id, { ...t, status: "todo" });
      continue;
    }
    const { ticket } = await setTicketStatus(repo, who, t.id, "todo", "claim_expired", "reconcile");
    tickets.set(t.id, ticket);
  }
}


/**
 * A ticket file that does not parse is not a candidate: say so, or the work in it is silently
 * never handed out (exo doctor names git's copy to restore).
 */
function warnUnreadable(ctx: Context, problems: readonly { file: string; message: string }[]): void {
  for (const p of problems) ctx.warn(WarningCode.TICKET_UNREADABLE, `${p.message.startsWith(p.file) ? p.message : `${p.file}: ${p.message}`}; dispatch leaves it out (exo doctor --section tickets says how to restore it)`);
}

/**
 * Tickets another actor's live session (active or suspended) names: after git set one back to todo
 * (a stash, a reset), that actor's session-start would answer TICKET_IN_USE, so it is not handed
 * out (`locked`).
 */
function busyTickets(ctx: Context, config: Config, openSessions: readonly SessionRecord[], locks: ReadonlyMap<string, LockState>, now: Date): Set<string> {
  const live = (s: SessionRecord) => !assessSession({ session: s, lock: locks.get(s.ticket) ?? null, now, host: ctx.host, heartbeatTimeoutMinutes: config.sessions.heartbeat_timeout_minutes, suspendedMaxDays: config.sessions.suspended_max_days }).stale;
  return new Set(openSessions.filter((s) => s.actor !== ctx.actor && live(s)).map((s) => s.ticket));
}

/**
 * Tasks this checkout reads as todo (or active without a live lock) that a session finished or
 * closed on another branch of this clone: a linked worktree's session commits the review status
 * on its own branch, and the shared lock's release records it (ticket_status, released_branch).
 * Until that branch is merged here (the ticket is no longer todo), deleted (the work abandoned) or
 * the task reopened here (updated after the release), it is not handed out again. By ticket id,
 * the branch. `locks` holds every lock the caller read. `names`, when the caller read held locks only
 * (dispatch), holds the ticket ids of every lock file: the released lock of each such task is read on
 * its own; null when `locks` has them all (ready).
 */
async function finishedElsewhere(repo: Repo, tickets: ReadonlyMap<string, Ticket>, locks: ReadonlyMap<string, LockState>, names: ReadonlySet<string> | null): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const open = [...tickets.values()].filter((t) => t.kind === "task" && (t.status === "todo" || t.status === "active"));
  if (open.length === 0) return out;
  let here: string | null | undefined;
  const { branchExists } = await import("../stdlib/git/facts.js");
  for (const t of open) {
    let lock = locks.get(t.id) ?? null;
    if (!lock && names?.has(t.id)) lock = await readLock(repo, t.id).catch(() => null);
    const branch = settledOnBranch(lock, t);
    if (!branch) continue;
    here ??= (await headState(repo.root, repo)).branch;
    if (branch !== here && (await branchExists(repo.root, branch, repo))) out.set(t.id, branch);
  }
  return out;
}

/**
 * Tasks of `tickets` finished on another, unmerged branch of this clone (finishedElsewhere), by id:
 * the branch. Only the open tasks' lock files are read, each on its own.
 */
export async function finishedOnBranches(repo: Repo, tickets: Iterable<Ticket>): Promise<Map<string, string>> {
  const byId = new Map([...tickets].map((t) => [t.id, t]));
  return finishedElsewhere(repo, byId, new Map(), new Set(byId.keys()));
}


/** `exo ready` (no claim, no writes): the dispatch order of every ready task, and why each other open task is not ready. */
export async function readyPlan(ctx: Context, opts: { owner: string; lane: string | null; distributed?: boolean | undefined }) {
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  if (opts.lane !== null && !config.scheduler.lanes.some((l) => l.name === opts.lane)) {
    throw new ExoError(ErrorCode.INVALID_INPUT, `Unknown lane ${opts.lane}; configured lanes: ${config.scheduler.lanes.map((l) => l.name).join(", ") || "none"}.`, {
      details: { issues: [{ path: "lane", code: "lane_unknown", message: "unknown lane", severity: "error" }] },
    });
  }
  const now = ctx.now();
  const [index, lockList, sessions] = await Promise.all([listTickets(repo), listLocks(repo), listSessions(repo, (c, m) => ctx.warn(c, m))]);
  warnUnreadable(ctx, index.problems);
  const handoffs = pendingHandoffs(repo);
  const locks = new Map(lockList.map((l) => [l.ticket, l]));
  const busy = busyTickets(ctx, config, sessions.filter((s) => s.status === "active" || s.status === "suspended"), locks, now);
  // Distributed leases: the other clones' leases as the last fetch brought them (exo next, git
  // fetch), no network. Before, a ticket leased elsewhere was listed first, which next skips.
  const leases = (opts.distributed ?? config.locks.distributed) ? await import("../stdlib/locks/distributed.js") : null;
  const snapshot = leases ? await leases.readTrackedLeases(repo, config.git.remote) : null;
  const clone = leases && snapshot ? leases.cloneId(repo) : undefined;
  const remote = snapshot ? (t: Ticket) => remoteReason(snapshot.leases.get(t.id)?.state, t, opts.owner, ctx.host, now, snapshot.pruned.get(t.id), clone) : null;
  const elsewhere = await finishedElsewhere(repo, index.tickets, locks, null);
  const p = plan(index.tickets, locks, handoffs, config, { owner: opts.owner, lane: opts.lane, dryRun: true, ttlHours: null }, now, 0, remote, busy, elsewhere);
  return {
    tickets: index.tickets,
    locks,
    elsewhere,
    sessions,
    leases: snapshot?.leases ?? (new Map() as LeaseSnapshot["leases"]),
    ready: p.ordered.map((c) => ({ ticket: c.ticket, score: round3(c.score), unblocks: c.unblocks, age_hours: round3(c.ageHours), lane: c.lane })),
    skipped: p.skipped,
    global: p.global,
    capacity_blocked: p.capacityBlocked,
    /** `--distributed` was asked for where the config does not turn leases on: `exo next` needs it too. */
    distributedFlag: opts.distributed === true && !config.locks.distributed,
  };
}

/**
 * The next step for someone who named no ticket: `exo session-start --dispatch` when a task is
 * ready for them, else what NO_TICKET says to do (create a task, clean up, …) and why.
 */
export async function startHint(ctx: Context): Promise<{ hint: string; why: string | null; nothing?: NoTicketError }> {
  // A claim without a session (exo next): starting on it is the next step, the actor's own first.
  const repo = await ctx.governed();
  const [held, config, index] = await Promise.all([listLocks(repo, { released: false }), loadConfig(repo), listTickets(repo)]);
  const claim = waitingClaim(held, ctx.actor, ctx.now(), config.locks.require_owner_match, pendingHandoffs(repo), index.tickets);
  if (claim) return { hint: `exo session-start --ticket-id ${claim.ticket}${claim.as}`, why: null };
  // A ticket handed to this actor (session-handoff --to) waits for it; --dispatch would pick by score.
  const handed = [...pendingHandoffs(repo)].filter(([, to]) => to !== null && actorMatches(ctx.actor, to)).map(([t]) => t).sort()[0];
  if (handed) return { hint: `exo session-start --ticket-id ${handed}`, why: null };
  try {
    await dispatch(ctx, { owner: ctx.actor, lane: null, dryRun: true, ttlHours: null, distributed: false });
  } catch (error) {
    if (error instanceof NoTicketError) return { hint: error.hint ?? "exo ready", why: error.why, nothing: error };
  }
  return { hint: "exo session-start --dispatch", why: null };
}
