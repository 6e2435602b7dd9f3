// The status overview (SPEC §6.1 status): reads only, never writes.
import type { Context } from "../commands/context.js";
import { headState } from "../stdlib/git/facts.js";
import type { Repo } from "../io/paths.js";
import { inspectGovernance } from "../stdlib/governance/store.js";
import { ledgerCounts } from "../stdlib/ledger/read.js";
import { loadConfig } from "../stdlib/config/store.js";
import { listLocks } from "../stdlib/locks/store.js";
import { gitRaw } from "../io/git.js";
import { isLockLive, type LockState } from "../stdlib/locks/types.js";
import { assessSession } from "../stdlib/sessions/liveness.js";
import { listSessions } from "../stdlib/sessions/store.js";
import { listTickets } from "../stdlib/tickets/store.js";
import { openBlockers } from "../stdlib/tickets/views.js";
import { ExoError, WarningCode } from "../errors.js";
import { dispatch, pendingHandoffs, waitingClaim } from "./dispatch.js";
import { isSidecar } from "../stdlib/git/sidecar.js";
import { actorMatches } from "../kernel/ids.js";

export interface StatusData {
  repo: { root: string; branch: string | null; head: string | null };
  governance: { status: string; version: number | null; lock_sha256: string | null };
  tickets: { by_status: Record<string, number>; by_kind: Record<string, number> };
  sessions: { id: string; actor: string; ticket: string; status: string; stale: boolean }[];
  /** `ticket_status`: the locked ticket's status here (null when no ticket file has that id). */
  locks: { ticket: string; owner: string; session: string | null; expires_at: string; live: boolean; ticket_status: string | null }[];
  next: { ticket: string; title: string; score: number } | null;
  ledger: { segments: number; records: number };
  sidecar: boolean;
  /**
   * A claim with no session yet that this actor starts (exo next, then no session-start): its own
   * first, another's with the --actor it needs (an agent's claim, a handoff's addressee), as exo
   * alone and exo next give it; null when none is this actor's to start.
   */
  claimed: { ticket: string; owner: string; next_command: string } | null;
  /**
   * This actor's open session, active first, with the command that moves it on (its finish, or
   * its resume), as exo ready and exo alone give it; null when it has none.
   */
  own_session: { id: string; ticket: string; status: string; next_command: string } | null;
  /**
   * Nothing ready, no claim of yours waiting and no session of yours open: exo ready's `next:`
   * (a close of a task in review, a resume, a handoff's start), so both say one thing; null else.
   */
  ready_next: string | null;
  /** Configured adapters that are missing, stale or edited (§8.7). */
  adapters: { target: string; status: string }[];
  /**
   * The harnesses the seal installed exo's hooks for, and those whose entries are gone here (a
   * fresh clone: git does not copy .git/hooks), with the line that puts them back.
   */
  hooks: { sealed: string[]; missing: string[]; fix: string | null };
  /**
   * Ticket files waiting for a commit (a close left uncommitted, or tickets created and never
   * committed), with the line that commits them as exo's own; null when none (or in sidecar mode).
   */
  uncommitted: { next_command: string; next_reason: string } | null;
  /** The tasks alone by status (tickets.by_status counts intents and epics too): the work exo hands out. */
  tasks_by_status: Record<string, number>;
  /** Of the todo tasks, those waiting for a blocker not done (before: counted as plain todo). */
  tasks_blocked: number;
}

async function hookState(repo: Repo): Promise<StatusData["hooks"]> {
  try {
    const [{ installMissingHint, missingHookEntries }, { readSealedPolicy }] = await Promise.all([import("../stdlib/hooks/repair.js"), import("../stdlib/config/store.js")]);
    const found = await missingHookEntries(repo, await readSealedPolicy(repo).catch(() => null));
    if (!found) return { sealed: [], missing: [], fix: null };
    return { sealed: found.wanted, missing: found.missing, fix: found.missing.length > 0 ? installMissingHint(found.missing) : null };
  } catch {
    return { sealed: [], missing: [], fix: null };
  }
}

async function staleAdapters(repo: Repo, lockSha: string | null): Promise<{ target: string; status: string }[]> {
  if (!lockSha) return [];
  try {
    const { readGenerated, targetStatus } = await import("../stdlib/adapters/store.js");
    const { defaultTargets } = await import("./adapters.js");
    const generated = await readGenerated(repo);
    // Only adapters exo generated before: a repository without them is not "stale".
    const known = new Set(Object.values(generated.files).map((f) => f.target));
    const out = [];
    for (const t of await defaultTargets(repo, { generated })) {
      if (!known.has(t)) continue;
      const status = await targetStatus(repo, t, lockSha, generated);
      if (status !== "fresh") out.push({ target: t, status });
    }
    return out;
  } catch {
    return [];
  }
}

/** The tickets counted by status and by kind, and the tasks alone by status (status's and metrics' tickets lines). */
export function ticketTally(list: readonly { id?: string; status: string; kind: string; blockers?: readonly string[] }[]): { by_status: Record<string, number>; by_kind: Record<string, number>; tasks_by_status: Record<string, number>; tasks_blocked: number } {
  const by_status: Record<string, number> = {};
  const by_kind: Record<string, number> = {};
  const tasks_by_status: Record<string, number> = {};
  // The todo tasks that wait for a blocker not done, as exo ready and exo tickets count them.
  const statusOf = new Map(list.map((t) => [t.id, t.status]));
  let tasks_blocked = 0;
  for (const t of list) {
    by_status[t.status] = (by_status[t.status] ?? 0) + 1;
    by_kind[t.kind] = (by_kind[t.kind] ?? 0) + 1;
    if (t.kind === "task") tasks_by_status[t.status] = (tasks_by_status[t.status] ?? 0) + 1;
    if (t.kind === "task" && t.status === "todo" && openBlockers(t.blockers ?? [], (b) => statusOf.get(b)).length > 0) tasks_blocked++;
  }
  return { by_status, by_kind, tasks_by_status, tasks_blocked };
}

export async function collectStatus(ctx: Context): Promise<StatusData> {
  const [repo] = await Promise.all([ctx.governed(), ctx.actorReady()]);
  const now = ctx.now();
  const [facts, governance, index, ledger, locks, sessions, config] = await Promise.all([
    headState(repo.root, repo),
    inspectGovernance(repo),
    listTickets(repo),
    ledgerCounts(repo),
    listLocks(repo, { warn: (c, m) => ctx.warn(c, m) }),
    listSessions(repo, (c, m) => ctx.warn(c, m)),
    loadConfig(repo).catch((error: unknown) => {
      // Staleness and the next pick need the config: say why they are missing (status never fails on it).
      // A file error names the file as the repository spells it (before: node's raw "Error: EISDIR:
      // illegal operation on a directory, read '/abs/path'", beside the command's own error).
      const e = error as NodeJS.ErrnoException;
      const why = error instanceof ExoError ? `${error.message} [${error.code}]` : typeof e?.code === "string" && typeof e.path === "string" ? `${repo.relative(e.path) || e.path} cannot be read (${e.code === "EISDIR" ? "a folder, not a file" : e.code}).` : String(error);
      ctx.warn(WarningCode.CONFIG_UNREADABLE, `${why} Until it is fixed, status cannot tell stale sessions or the next ticket.`);
      return null;
    }),
  ]);
  const { by_status, by_kind, tasks_by_status, tasks_blocked } = ticketTally(index.list);
  if (index.problems.length > 0) by_status["unreadable"] = index.problems.length;
  const lockOf = new Map(locks.map((l) => [l.ticket, l]));
  const statusOf = new Map(index.list.map((t) => [t.id, t.status]));
  let next: StatusData["next"] = null;
  try {
    const pick = await dispatch(ctx, { owner: ctx.actor, lane: null, dryRun: true, ttlHours: null, offline: true });
    next = { ticket: pick.ticket.id, title: pick.ticket.title, score: pick.score };
  } catch (error) {
    if (!(error instanceof ExoError)) throw error;
  }
  // Before, the human view named the first claim with no session, whoever's it was, and its line
  // without --actor: pasted by a person, it started their session on an agent's claim, and the
  // agent's own start then answered TICKET_IN_USE; their own claim went unnamed.
  const open = sessions.filter((s) => actorMatches(ctx.actor, s.actor));
  const own = open.find((s) => s.status === "active") ?? open.find((s) => s.status === "suspended");
  const waiting = waitingClaim(locks, ctx.actor, now, config?.locks.require_owner_match ?? false, pendingHandoffs(repo), index.tickets);
  // Nothing else to give: exo ready's step (before: "exo ready says why", and ready said the close).
  const readyNext = next || waiting || own || index.list.length === 0 ? null : await (await import("./ready.js")).readyView(ctx, {}).then((v) => v.next_command ?? null, () => null);
  return {
    repo: { root: repo.root, ...facts },
    governance: { status: governance.status, version: governance.lock?.version ?? null, lock_sha256: governance.lock?.lock_sha256 ?? null },
    tickets: { by_status, by_kind },
    sessions: sessions.map((s) => ({
      id: s.id,
      actor: s.actor,
      ticket: s.ticket,
      status: s.status,
      stale: config
        ? assessSession({ session: s, lock: lockOf.get(s.ticket) ?? null, now, host: ctx.host, heartbeatTimeoutMinutes: config.sessions.heartbeat_timeout_minutes, suspendedMaxDays: config.sessions.suspended_max_days }).stale
        : false,
    })),
    locks: locks.map((l) => ({ ticket: l.ticket, owner: l.owner, session: l.session, expires_at: l.expires_at, live: isLockLive(l, now), ticket_status: statusOf.get(l.ticket) ?? null })),
    next,
    ledger,
    sidecar: isSidecar(repo.exoDir),
    // exo's keys after SPEC §6.1's, which come first and in its order.
    claimed: waiting ? { ticket: waiting.ticket, owner: waiting.owner, next_command: `exo session-start --ticket-id ${waiting.ticket}${waiting.as}` } : null,
    own_session: own ? { id: own.id, ticket: own.ticket, status: own.status, next_command: own.status === "active" ? 'exo session-finish --summary "…"' : `exo session-resume --session-id ${own.id}` } : null,
    ready_next: readyNext,
    adapters: await staleAdapters(repo, governance.lock?.lock_sha256 ?? null),
    hooks: await hookState(repo),
    // Claims with no remote lease that HEAD does not hold yet: their commit line too (exo next's, scrolled away).
    uncommitted: isSidecar(repo.exoDir) ? null : await (await import("./ticket-close.js")).pendingTicketCommit(repo, index.list, await unsharedClaims(repo, locks, now, config?.git.remote ?? "origin")).catch(() => null),
    tasks_by_status,
    tasks_blocked,
  };
}

/**
 * Claims here with no remote lease, in a clone with a remote, that teammates do not see until
 * committed: one with no session yet, and one a session started on whose ticket HEAD still has
 * todo (a resume or a handed task's start finds it paused there, which no teammate's exo next
 * hands out). Before, a session's start dropped the line until its finish committed it:
 * meanwhile a teammate's exo next handed out the task, and a pull that brought a change of it
 * stopped on the file with nothing in exo status or exo alone to say why.
 */
async function unsharedClaims(repo: Repo, locks: readonly LockState[], now: Date, remote: string): Promise<Set<string>> {
  const live = locks.filter((l) => !l.distributed && isLockLive(l, now));
  if (live.length === 0) return new Set();
  const { hasRemote } = await import("../stdlib/git/team.js");
  if (!(await hasRemote(repo, remote).catch(() => false))) return new Set();
  const out = new Set<string>();
  for (const l of live) if (!l.session || (await todoAtHead(repo, l.ticket))) out.add(l.ticket);
  return out;
}

/** Whether HEAD has ticket `id` todo (its claim not committed). */
async function todoAtHead(repo: Repo, id: string): Promise<boolean> {
  const shown = await gitRaw(repo.root, ["show", `HEAD:${repo.relative(repo.ticketFile(id))}`]).catch(() => null);
  return shown?.code === 0 && /^status:\s*["']?todo["']?\s*$/m.test(shown.stdout);
}
