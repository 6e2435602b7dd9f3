// Dispatch (SPEC §7.6): pick the highest-scoring ready task and claim it atomically under the
// `dispatch` guard, so concurrent `exo next` calls never hand out the same ticket.

import { readdir, readFile } from "node:fs/promises";
import { ExoError, ErrorCode } from "../errors.js";
import { round3 } from "../kernel/canon.js";
import { actorMatches } from "../kernel/ids.js";
import { withGuard } from "../io/guard.js";
import type { Repo } from "../io/paths.js";
import type { Context } from "../commands/context.js";
import type { Config } from "../stdlib/config/model.js";
import { loadConfig } from "../stdlib/config/store.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { acquireLock, listLocks } from "../stdlib/locks/store.js";
import { isLockLive, type LockState } from "../stdlib/locks/types.js";
import { assessSession } from "../stdlib/sessions/liveness.js";
import { listSessions } from "../stdlib/sessions/store.js";
import type { SessionRecord } from "../stdlib/sessions/types.js";
import { ancestorsOf, summary } from "../stdlib/tickets/model.js";
import { listTickets, setTicketStatus } from "../stdlib/tickets/store.js";
import type { Ticket, TicketSummary } from "../stdlib/tickets/types.js";

export interface DispatchOptions {
  owner: string;
  lane: string | null;
  dryRun: boolean;
  ttlHours: number | null;
  /** Also claim the git-ref lease on the remote (default locks.distributed). */
  distributed?: boolean | undefined;
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
}

export interface DispatchResult {
  ticket: TicketSummary;
  score: number;
  reasoning: Reasoning;
  lock: LockState | null;
  dry_run: boolean;
  next_command: string;
}

const FORMULA = "(6 − priority)·100 + unblocks·30 + age_hours·0.1";
const TIE_BREAKERS = ["score desc", "priority asc", "unblocks desc", "created_at asc", "id asc"];

export function laneOf(config: Config, type: string): string | null {
  return config.scheduler.lanes.find((l) => l.types.includes(type) || l.types.includes("*"))?.name ?? null;
}

/** Pending handoff records (`to_actor`), by ticket id. */
async function pendingHandoffs(repo: Repo): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  let names: string[] = [];
  try {
    names = (await readdir(repo.handoffsDir)).filter((n) => n.endsWith(".json"));
  } catch {
    return out;
  }
  for (const name of names) {
    try {
      const record = JSON.parse(await readFile(`${repo.handoffsDir}/${name}`, "utf8")) as { ticket?: string; to_actor?: string | null };
      if (record.ticket) out.set(record.ticket, record.to_actor ?? null);
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

function plan(tickets: Map<string, Ticket>, locks: Map<string, LockState>, handoffs: Map<string, string | null>, config: Config, opts: DispatchOptions, now: Date, staleHolding: number): Plan {
  const counts = { blocked: 0, blocker_missing: 0, blocker_cancelled: 0, parent_closed: 0, locked: 0, other_lane: 0, containers: 0 };
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
    if (t.status !== "todo" && !pausedHandoff) reason = "not_todo";
    else {
      claimable++;
      const blockers = t.blockers.map((b) => tickets.get(b));
      if (blockers.some((b) => b === undefined)) reason = "blocker_missing";
      else if (blockers.some((b) => b?.status === "cancelled")) reason = "blocker_cancelled";
      else if (blockers.some((b) => b && b.status !== "done" && b.status !== "archived")) reason = "blocked";
      else if (ancestorsOf(tickets, t).some((a) => a.status === "cancelled" || a.status === "archived")) reason = "parent_closed";
      else if (live(t.id)) reason = "locked";
      else if (opts.lane !== null && laneOf(config, t.type) !== opts.lane) reason = "other_lane";
    }
    if (reason) {
      if (reason !== "not_todo") counts[reason as keyof typeof counts]++;
      skipped.push({ id: t.id, reason });
      continue;
    }
    const n = unblocks.get(t.id) ?? 0;
    const ageHours = Math.max(0, (now.getTime() - Date.parse(t.created_at)) / 3_600_000);
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
  const active = [...tickets.values()].filter((t) => t.kind === "task" && (t.status === "active" || live(t.id)));
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
  const reasons = { no_todo_tasks: claimable === 0, ...counts, lane_full: laneFull, global_limit: globalFull, stale_sessions: staleHolding };
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

function noTicket(reasons: Record<string, unknown>): ExoError {
  const bits: string[] = [];
  if (reasons["global_limit"]) bits.push("the global concurrency limit is reached");
  if (reasons["no_todo_tasks"]) bits.push("no task is todo");
  for (const key of ["blocked", "blocker_missing", "blocker_cancelled", "parent_closed", "locked", "other_lane"]) {
    const n = reasons[key] as number;
    if (n > 0) bits.push(`${n} ${key.replaceAll("_", " ")}`);
  }
  const laneFull = reasons["lane_full"] as Record<string, number>;
  for (const [lane, n] of Object.entries(laneFull)) bits.push(`${n} waiting for lane ${lane}`);
  const stale = reasons["stale_sessions"] as number;
  return new ExoError(ErrorCode.NO_TICKET, `Nothing is ready to dispatch${bits.length ? `: ${bits.join(", ")}` : ""}.`, {
    ...(stale > 0 ? { hint: "exo session-cleanup" } : { hint: "exo tickets" }),
    details: { reasons },
  });
}

export async function dispatch(ctx: Context, opts: DispatchOptions): Promise<DispatchResult> {
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  if (opts.lane !== null && !config.scheduler.lanes.some((l) => l.name === opts.lane)) {
    throw new ExoError(ErrorCode.INVALID_INPUT, `Unknown lane ${opts.lane}; configured lanes: ${config.scheduler.lanes.map((l) => l.name).join(", ") || "none"}.`, {
      details: { issues: [{ path: "lane", code: "lane_unknown", message: "unknown lane", severity: "error" }] },
    });
  }
  const ttlHours = opts.ttlHours ?? config.locks.ttl_hours;
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now() };
  const run = async (): Promise<DispatchResult> => {
    const now = who.now;
    const [index, lockList, sessions, handoffs] = await Promise.all([listTickets(repo), listLocks(repo), listSessions(repo), pendingHandoffs(repo)]);
    const locks = new Map(lockList.map((l) => [l.ticket, l]));
    const openSessions = sessions.filter((s) => s.status === "active" || s.status === "suspended");
    if (!opts.dryRun) await reconcile(repo, who, index.tickets, locks, openSessions);
    const staleHolding = openSessions.filter(
      (s) => assessSession({ session: s, lock: locks.get(s.ticket) ?? null, now, host: ctx.host, heartbeatTimeoutMinutes: config.sessions.heartbeat_timeout_minutes, suspendedMaxDays: config.sessions.suspended_max_days }).stale,
    ).length;
    const p = plan(index.tickets, locks, handoffs, config, opts, now, staleHolding);
    const distributed = opts.distributed ?? config.locks.distributed;
    let chosen = p.ordered[0];
    if (!chosen) throw noTicket(p.reasons);
    let lock: LockState | null = null;
    if (!opts.dryRun) {
      const ttlSeconds = Math.round(ttlHours * 3600);
      const branch = await currentBranch(repo);
      let lastError: unknown = null;
      lock = null;
      // With distributed leases a candidate held on the remote is skipped (at most 5 tries).
      for (const candidate of p.ordered.slice(0, distributed ? 5 : 1)) {
        try {
          if (distributed) {
            const { claimLease } = await import("../stdlib/locks/distributed.js");
            const { readLock } = await import("../stdlib/locks/store.js");
            const local = await readLock(repo, candidate.ticket.id);
            const claim = await claimLease(repo, who, { remote: config.git.remote, ticket: candidate.ticket.id, owner: opts.owner, session: null, ttlSeconds, localToken: local?.fencing_token ?? 0 });
            lock = (await acquireLock(repo, who, { ticket: candidate.ticket.id, owner: opts.owner, session: null, ttlSeconds, branch, token: claim.token, distributed: claim.block })).lock;
          } else {
            lock = (await acquireLock(repo, who, { ticket: candidate.ticket.id, owner: opts.owner, session: null, ttlSeconds, branch })).lock;
          }
          chosen = candidate;
          break;
        } catch (error) {
          if (error instanceof ExoError && (error.code === ErrorCode.LEASE_HELD || error.code === ErrorCode.LEASE_CONFLICT)) {
            lastError = error;
            continue;
          }
          throw error;
        }
      }
      if (!lock) throw lastError instanceof ExoError ? lastError : noTicket(p.reasons);
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
    };
    let ticket = chosen.ticket;
    if (!opts.dryRun && lock) {
      ticket = (await setTicketStatus(repo, who, ticket.id, "active", "dispatched", "next")).ticket;
      await appendLedger(repo, who, [{ type: "dispatch.claimed", ticket: ticket.id, data: { score: round3(chosen.score), lane: chosen.lane, owner: opts.owner, fencing_token: lock.fencing_token } }]);
    }
    return { ticket: summary(ticket), score: round3(chosen.score), reasoning, lock, dry_run: opts.dryRun, next_command: `exo session-start --ticket-id ${ticket.id}` };
  };
  return opts.dryRun ? run() : withGuard(repo.stateDir, "dispatch", { host: ctx.host, timeoutMs: 30_000 }, run);
}

async function currentBranch(repo: Repo): Promise<string | null> {
  const { gitRaw } = await import("../io/git.js");
  const r = await gitRaw(repo.root, ["symbolic-ref", "--short", "-q", "HEAD"]);
  return r.code === 0 ? r.stdout.trim() || null : null;
}

/** §7.6 step 1: active tasks whose lock expired and no session references go back to todo. */
async function reconcile(repo: Repo, who: { actor: string; host: string; now: Date }, tickets: Map<string, Ticket>, locks: Map<string, LockState>, sessions: SessionRecord[]): Promise<void> {
  for (const t of tickets.values()) {
    if (t.kind !== "task" || t.status !== "active") continue;
    const lock = locks.get(t.id);
    if (!lock || isLockLive(lock, who.now)) continue;
    if (sessions.some((s) => s.ticket === t.id)) continue;
    const { ticket } = await setTicketStatus(repo, who, t.id, "todo", "claim_expired", "reconcile");
    tickets.set(t.id, ticket);
  }
}


/** `exo ready` (no claim, no writes): the dispatch order of every ready task, and why each other open task is not ready. */
export async function readyPlan(ctx: Context, opts: { owner: string; lane: string | null }) {
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  if (opts.lane !== null && !config.scheduler.lanes.some((l) => l.name === opts.lane)) {
    throw new ExoError(ErrorCode.INVALID_INPUT, `Unknown lane ${opts.lane}; configured lanes: ${config.scheduler.lanes.map((l) => l.name).join(", ") || "none"}.`, {
      details: { issues: [{ path: "lane", code: "lane_unknown", message: "unknown lane", severity: "error" }] },
    });
  }
  const now = ctx.now();
  const [index, lockList, handoffs] = await Promise.all([listTickets(repo), listLocks(repo), pendingHandoffs(repo)]);
  const locks = new Map(lockList.map((l) => [l.ticket, l]));
  const p = plan(index.tickets, locks, handoffs, config, { owner: opts.owner, lane: opts.lane, dryRun: true, ttlHours: null }, now, 0);
  return {
    tickets: index.tickets,
    locks,
    ready: p.ordered.map((c) => ({ ticket: c.ticket, score: round3(c.score), unblocks: c.unblocks, age_hours: round3(c.ageHours), lane: c.lane })),
    skipped: p.skipped,
    global: p.global,
    capacity_blocked: p.capacityBlocked,
  };
}
