// Read-only views people and agents ask a peer for: `exo ready` (what `next` could hand out, in
// dispatch order, and why every other open task is not ready) and `exo brief` (the governance
// context a session would get, without opening one). Neither writes anything.
import type { Context } from "../commands/context.js";
import { effectiveScope } from "../kernel/scope.js";
import { isLockLive } from "../stdlib/locks/types.js";
import { ancestorsOf } from "../stdlib/tickets/model.js";
import { CLOSED, type Ticket } from "../stdlib/tickets/types.js";
import { openBlockers } from "../stdlib/tickets/views.js";
import { actorMatches, isPerson } from "../kernel/ids.js";
import { shellWord } from "../kernel/quote.js";
import { listSessions } from "../stdlib/sessions/store.js";
import { isLeaseLive } from "../kernel/lock-state.js";
import type { LeaseState } from "../stdlib/locks/distributed.js";
import { pendingHandoffs, readyPlan, SETTLED_STATUSES, startHint } from "./dispatch.js";


export interface ReadyData {
  lane: string | null;
  ready: { id: string; title: string; priority: number; type: string; parent: string | null; lane: string | null; score: number; unblocks: number; age_hours: number }[];
  not_ready: { id: string; title: string; status: string; reason: string; detail: string }[];
  global: { active: number; limit: number | null };
  capacity_blocked: boolean;
  next_command: string | null;
  /** `--all`: the human view lists every task (JSON always has them all). */
  all?: true;
}

const leasedBy = (lease: { owner: string; host: string; expires_at: string }) => `leased by ${lease.owner}${lease.host ? ` on ${lease.host}` : ""} until ${lease.expires_at} (another clone)`;

function detail(reason: string, t: Ticket, tickets: ReadonlyMap<string, Ticket>, lock: { owner: string; expires_at: string; session: string | null } | undefined, lease: LeaseState | undefined, now: Date, suspended: { id: string; actor: string } | undefined, handed: string | null | undefined, elsewhere?: { session: string; actor: string; here?: boolean }, claimedAway?: { owner: string; here?: boolean }): string {
  const open = openBlockers(t.blockers, (b) => tickets.get(b)?.status);
  switch (reason) {
    case "not_todo":
      // Who works on it: claimed with exo next and no session on it yet, a session here, or (with
      // distributed leases) another clone's live lease. Before, "status is active" for the last two.
      if (t.status === "active" && lock) return lock.session ? `${lock.owner} works on it (${lock.session})` : `claimed by ${lock.owner}, no session yet`;
      if (t.status === "active" && lease && isLeaseLive(lease, now)) return leasedBy(lease);
      // Claimed in this clone, its lock file removed since (by hand, a sync tool): nobody holds it,
      // and doctor --fix gives it back (before: "in another clone", a teammate who does not exist).
      if (t.status === "active" && claimedAway?.here) return `claimed by ${claimedAway.owner} in this clone, whose lock file is gone: exo doctor --fix gives it back`;
      if (t.status === "active" && claimedAway) return `claimed by ${claimedAway.owner} in another clone`;
      if (t.status === "paused" && suspended) return `suspended in ${suspended.id} (${suspended.actor})`;
      // Suspended in this clone, its session file gone since (removed by hand, set aside as
      // unreadable): nobody can resume it, and doctor --fix frees the ticket (before: "in another
      // clone", so the person waited on a teammate who does not exist).
      if (t.status === "paused" && elsewhere?.here) return `suspended in ${elsewhere.session} (${elsewhere.actor}) in this clone, whose session file is gone or cannot be read: exo doctor --fix frees it`;
      if (t.status === "paused" && elsewhere) return `suspended in ${elsewhere.session} (${elsewhere.actor}) in another clone`;
      // Handed off (session-handoff): whom it waits for, as exo alone says (before: "status is paused").
      if (t.status === "paused" && handed !== undefined) return handed ? `handed to ${handed}, waits for its session-start` : "handed off, waits for anyone's session-start";
      return `status is ${t.status}`;
    case "blocked":
      return `waiting for ${open.map((b) => `${b} (${tickets.get(b)?.status ?? "missing"})`).join(", ")}`;
    case "blocker_missing":
      return `blocker ${t.blockers.filter((b) => !tickets.has(b)).join(", ")} does not exist`;
    case "blocker_cancelled":
      return `blocker ${t.blockers.filter((b) => tickets.get(b)?.status === "cancelled").join(", ")} was cancelled`;
    case "parent_closed":
      return "an ancestor is cancelled or archived";
    case "locked":
      // Handed to the lock's owner (a --keep-lock handoff, or a pulled handoff to whoever claimed
      // it here): it waits for their start (before: "locked by <them> until …", nothing of the handoff).
      if (lock && !lock.session && handed && actorMatches(lock.owner, handed)) return `handed to ${handed}, who holds its lock: waits for their session-start`;
      return lock ? `locked by ${lock.owner} until ${lock.expires_at}` : "locked";
    case "other_lane":
      return `type ${t.type} is in another lane`;
    case "lane_full":
      return "its scheduler lane is full";
    case "leased_remote":
      return lease ? leasedBy(lease) : "leased on the remote by another clone";
    case "closed_remote":
      return "closed in another clone (pull to get its change)";
    default:
      return reason.replaceAll("_", " ");
  }
}

/**
 * Nothing ready because tasks wait on others: the command that moves the first of them on. Your
 * own open session first (finishing it may be what the rest waits for), then the blocker at the
 * bottom of the first blocked task's chain: close it once reviewed, start it, take the handoff.
 */
async function unblockStep(ctx: Context, tickets: ReadonlyMap<string, Ticket>): Promise<string | null> {
  const repo = await ctx.governed();
  const sessions = (await listSessions(repo)).filter((s) => s.status === "active" || s.status === "suspended");
  const mine = sessions.filter((s) => actorMatches(ctx.actor, s.actor));
  if (mine.some((s) => s.status === "active")) return 'exo session-finish --summary "…"';
  const open = (t: Ticket) => t.blockers.map((b) => tickets.get(b)).filter((b): b is Ticket => b !== undefined && !["done", "archived", "cancelled"].includes(b.status));
  const blocked = [...tickets.values()].filter((t) => t.kind === "task" && t.status === "todo" && open(t).length > 0).sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const first of blocked) {
    let at = open(first)[0];
    const seen = new Set<string>();
    while (at && open(at).length > 0 && !seen.has(at.id)) {
      seen.add(at.id);
      at = open(at)[0];
    }
    if (!at || at.kind !== "task") continue;
    const id = at.id;
    if (at.status === "review") return `exo ticket-close ${id}`;
    const suspended = sessions.find((s) => s.ticket === id && s.status === "suspended");
    if (suspended) return `${actorMatches(ctx.actor, suspended.actor) ? "" : `EXO_ACTOR=${shellWord(suspended.actor)} `}exo session-resume --session-id ${suspended.id}`;
    if (sessions.some((s) => s.ticket === id)) continue; // someone works on it: nothing to run but wait
    const to = pendingHandoffs(repo).get(id);
    if (at.status === "paused" || at.status === "todo") return `${to && !actorMatches(ctx.actor, to) ? `EXO_ACTOR=${shellWord(to)} ` : ""}exo session-start --ticket-id ${id}`;
  }
  return null;
}

export async function readyView(ctx: Context, input: { owner?: string | undefined; lane?: string | undefined; distributed?: boolean | undefined; all?: boolean | undefined }): Promise<ReadyData> {
  const lane = input.lane ?? null;
  const p = await readyPlan(ctx, { owner: input.owner ?? ctx.actor, lane, distributed: input.distributed });
  const readyIds = new Set(p.ready.map((r) => r.ticket.id));
  const suspended = p.sessions.filter((s) => s.status === "suspended").sort((a, b) => (a.id < b.id ? -1 : 1));
  const handoffs = pendingHandoffs(await ctx.governed());
  // How each task finished on another branch is settled: its merge, or the drop of a branch that holds only exo state.
  const { mergeStep } = await import("./merge-step.js");
  const steps = new Map(await Promise.all([...p.elsewhere].map(async ([id, branch]) => [id, await mergeStep(await ctx.governed(), id, branch)] as const)));
  // A task paused by a teammate's suspend in another clone (pulled): whose session it waits for, as
  // exo alone and session-start say (before: "status is paused", nothing of the session).
  const local = new Set(p.sessions.map((x) => x.id));
  const pausedAway = p.skipped.filter((x) => p.tickets.get(x.id)?.status === "paused" && !suspended.some((y) => y.ticket === x.id) && !handoffs.has(x.id));
  let pausedBy = new Map<string, { session: string; actor: string; here?: boolean }>();
  if (pausedAway.length > 0) {
    const { suspendedElsewhereMany } = await import("./suspended-elsewhere.js");
    const { ownWriters } = await import("../stdlib/ledger/store.js");
    const repo = await ctx.governed();
    pausedBy = await suspendedElsewhereMany(repo, pausedAway.map((x) => x.id), local, new Set(ownWriters(repo))).catch(() => pausedBy);
  }
  // A task active in the pulled files with no lock file here: claimed in another clone, whose
  // committed claim came with the pull. Whose (before: "status is active").
  const activeAway = p.skipped.filter((x) => p.tickets.get(x.id)?.status === "active").map((x) => x.id);
  const claimedBy = activeAway.length === 0 ? new Map<string, { owner: string; at: string; here?: boolean }>() : await (await import("./suspended-elsewhere.js")).claimedAway(await ctx.governed(), p.tickets, activeAway, p.locks, p.sessions, new Set((await import("../stdlib/ledger/store.js")).ownWriters(await ctx.governed())));
  const notReady = p.skipped
    .filter((s) => !readyIds.has(s.id))
    .map((s) => ({ s, t: p.tickets.get(s.id) as Ticket }))
    .filter(({ t }) => t !== undefined && !CLOSED.includes(t.status))
    .map(({ s, t }) => {
      const lock = p.locks.get(t.id);
      const branch = p.elsewhere.get(t.id);
      // Every task on another branch has its step (steps is built from p.elsewhere).
      const step = steps.get(t.id);
      if (branch && step) return { id: t.id, title: t.title, status: t.status, reason: s.reason, detail: `${lock?.ticket_status === "review" ? "in review" : lock?.ticket_status ?? "finished"} on unmerged branch ${branch}${{ merge: "", drop: ", which holds only exo state and no worktree", commit_work: ", its work uncommitted in its worktree" }[step.kind]} (${step.line})` };
      return { id: t.id, title: t.title, status: t.status, reason: s.reason, detail: detail(s.reason, t, p.tickets, lock && isLockLive(lock, ctx.now()) ? lock : undefined, p.leases.get(t.id)?.state, ctx.now(), suspended.find((x) => x.ticket === t.id), handoffs.has(t.id) && !p.sessions.some((x) => x.ticket === t.id) ? handoffs.get(t.id) : undefined, pausedBy.get(t.id), claimedBy.get(t.id)) };
    });
  const ready = p.capacity_blocked ? [] : p.ready;
  // Nothing to hand out: the step that moves things on (start on a claim left without a session,
  // add a task, clean up), as session-start without a ticket would say.
  let fallback = ready.length === 0 && lane === null && !p.capacity_blocked ? (await startHint(ctx)).hint : null;
  // That step being `exo ready` again (work blocked or held): what unblocks it instead, or none.
  if (fallback === "exo ready") fallback = await unblockStep(ctx, p.tickets);
  // The start's hint reads this clone's locks only: with --distributed, the tasks it would hand out
  // are another clone's leases, and nothing here is ready (before: `exo session-start --dispatch`,
  // which then failed LEASE_HELD). What moves things on here instead, or none while it only waits
  // for their lease.
  const leasedAway = ready.length === 0 && fallback === "exo session-start --dispatch" && p.skipped.some((x) => x.reason === "leased_remote");
  if (leasedAway) fallback = await unblockStep(ctx, p.tickets);
  // No task todo, but a session was suspended (Claude Code's SessionEnd suspends the agent's): its
  // resume comes before more work, your own first, as exo alone says (before: ticket-create here).
  if ((leasedAway && fallback === null) || (fallback !== null && /^exo (?:ticket|intent)-create /.test(fallback))) {
    const unchanged = fallback;
    const resume = suspended.find((x) => actorMatches(ctx.actor, x.actor)) ?? suspended[0];
    if (resume) fallback = `${actorMatches(ctx.actor, resume.actor) ? "" : `EXO_ACTOR=${shellWord(resume.actor)} `}exo session-resume --session-id ${resume.id}`;
    // A task handed off and waiting: its receiver's start, as exo alone says (before: ticket-create).
    const handed = resume ? undefined : notReady.find((r) => r.status === "paused" && handoffs.has(r.id) && !p.sessions.some((x) => x.ticket === r.id));
    const to = handed ? handoffs.get(handed.id) : null;
    if (handed) fallback = `${to && !actorMatches(ctx.actor, to) ? `EXO_ACTOR=${shellWord(to)} ` : ""}exo session-start --ticket-id ${handed.id}`;

    // A task in review (finished here, or its worktree's branch merged): closing it, as exo alone
    // says first (before: ticket-create, the review unmentioned).
    const review = resume || handed ? undefined : notReady.find((r) => r.status === "review" && p.tickets.get(r.id)?.kind === "task");
    // Its session's work left uncommitted (finish's commit: line scrolled away): that commit first,
    // as exo alone says (before: the close, and the work committed after it by hand was an
    // ungoverned_commit to exo pr-check).
    const left = review ? await (await import("./handoff-step.js")).finishedWorkLeft(await ctx.governed(), review.id) : null;
    if (review) fallback = left?.command ?? `exo ticket-close ${review.id}`;
    if (leasedAway && !resume && !handed && !review) fallback = unchanged;
  }
  // The receiver's start of a task handed to another person: they start it in their clone; here,
  // the commit of the handed work and the push that bring it to them, or nothing once pushed, as
  // exo alone and the handoff say (before: EXO_ACTOR=<them> exo session-start, as if you were them).
  const away = ready.length === 0 && (fallback === null || /^EXO_ACTOR=\S+ exo session-start --ticket-id /.test(fallback)) ? notReady.find((r) => r.status === "paused" && handoffs.has(r.id) && !p.sessions.some((x) => x.ticket === r.id)) : undefined;
  const to = away ? handoffs.get(away.id) : undefined;
  if (away && to && !actorMatches(ctx.actor, to)) {
    fallback = (await (await import("./handoff-step.js")).senderStep(await ctx.governed(), ctx.actor, away.id, to, { commitFirst: true })).next_command;
  }
  // Your own claim waiting for a session (exo next just now): starting on it comes first, as exo
  // alone says; before, `exo next`, which claimed a second task while the first waited.
  let own: string | null = null;
  const waiting = [...p.locks.values()].filter((l) => l.state === "held" && isLockLive(l, ctx.now()) && !l.session && actorMatches(ctx.actor, l.owner) && !SETTLED_STATUSES.has(p.tickets.get(l.ticket)?.status ?? ""));
  if (ready.length > 0 && waiting.length > 0) {
    const start = (await startHint(ctx)).hint;
    if (waiting.some((l) => start.startsWith(`exo session-start --ticket-id ${l.ticket}`))) own = start;
  }
  // The first pick handed to you (exo session-handoff --to you, pulled): its start, as exo alone
  // says (`… was handed to you: start a session on it`); before, `exo next`, the same task by
  // another step.
  // A close is a person's (ticket-close refuses an agent, hinting exo ready): an agent is given no
  // step for a task waiting in review (before: exo ticket-close, refused, whose hint led back here).
  if (fallback?.startsWith("exo ticket-close ") && !isPerson(ctx.actor)) fallback = null;
  const pick = ready[0]?.ticket.id;
  const handedTo = pick !== undefined && !lane ? handoffs.get(pick) : undefined;
  if (own === null && pick !== undefined && typeof handedTo === "string" && actorMatches(ctx.actor, handedTo)) own = `exo session-start --ticket-id ${pick}`;
  return {
    lane,
    ready: ready.map((r) => ({ id: r.ticket.id, title: r.ticket.title, priority: r.ticket.priority, type: r.ticket.type, parent: r.ticket.parent, lane: r.lane, score: r.score, unblocks: r.unblocks, age_hours: r.age_hours })),
    not_ready: notReady,
    global: p.global,
    capacity_blocked: p.capacity_blocked,
    // `exo ready --distributed` where the config has no distributed leases: its `exo next` keeps the
    // flag, so the claim checks the other clones' leases it listed (before: plain `exo next`, which
    // claimed a task leased by another clone without a word).
    next_command: own ?? (ready.length > 0 ? `exo next${lane ? ` --lane ${lane}` : ""}${p.distributedFlag ? " --distributed" : ""}` : fallback),
    ...(input.all ? { all: true as const } : {}),
  };
}

export interface BriefData {
  governance: { status: string; version: number | null };
  rules: { id: string; kind: string; text: string }[];
  checks: { required: string[]; allowlist: string[] };
  budgets: { max_files: number; max_loc: number } | null;
  ready: { id: string; title: string; scope: { allow: string[]; deny: string[]; boundaries: string[] }; checks: string[]; budgets: { max_files: number; max_loc: number } }[];
  /** How many tasks are ready in all (`ready` describes the first --limit of them); null with --ticket-id. */
  ready_total: number | null;
  intents: { id: string; title: string; status: string; success_conditions: string[]; open_tasks: number }[];
  sessions: { id: string; actor: string; ticket: string; status: string }[];
  learnings: { id: string; severity: string; pattern: string; insight: string }[];
  commands: string[];
}

export async function briefView(ctx: Context, input: { ticket_id?: string | undefined; limit: number }): Promise<BriefData> {
  const repo = await ctx.governed();
  const [{ readSealedPolicy }, { inspectGovernance }, { listSessions }, { bootstrapLearnings }] = await Promise.all([
    import("../stdlib/config/store.js"),
    import("../stdlib/governance/store.js"),
    import("../stdlib/sessions/store.js"),
    import("./session-context.js"),
  ]);
  const [policy, governance, sessions, ready] = await Promise.all([readSealedPolicy(repo), inspectGovernance(repo), listSessions(repo), readyPlan(ctx, { owner: ctx.actor, lane: null })]);
  const tickets = ready.tickets;
  const rules: BriefData["rules"] = [];
  for (const r of policy?.deny ?? []) rules.push({ id: r.id, kind: "deny", text: `no ${r.actions.join("/")} on ${r.patterns.join(", ")}: ${r.message}` });
  for (const r of policy?.allow ?? []) rules.push({ id: r.id, kind: "allow", text: `${r.actions.join("/")} allowed on ${r.patterns.join(", ")} (lifts ${r.cancels.join(", ")})` });
  if (policy?.require_lock) rules.push({ id: "require_lock", kind: "lock", text: `${policy.require_lock.actions.join("/")} needs the ticket's lock (start a session first)` });
  if (policy?.drift_gate !== null && policy?.drift_gate !== undefined) rules.push({ id: "drift_gate", kind: "gate", text: `finish fails when drift exceeds ${policy.drift_gate}` });
  if (policy?.budget_gate) rules.push({ id: "budget_gate", kind: "gate", text: "finish fails when a ticket's file or line budget is exceeded" });
  for (const f of policy?.locked_features ?? []) rules.push({ id: f.id, kind: "feature", text: `feature ${f.id} is closed to agent edits (${f.patterns.join(", ")})` });

  const pick = input.ticket_id ? [tickets.get(input.ticket_id)].filter((t): t is Ticket => t !== undefined) : ready.ready.slice(0, input.limit).map((r) => r.ticket);
  if (input.ticket_id && pick.length === 0) {
    const { notFound } = await import("../stdlib/tickets/store.js");
    throw notFound(input.ticket_id);
  }
  const readyOut = pick.map((t) => {
    const ancestors = ancestorsOf(tickets, t);
    const scope = effectiveScope(t, ancestors);
    return { id: t.id, title: t.title, scope: { allow: scope.allow, deny: scope.deny, boundaries: scope.boundaries }, checks: [...new Set([...t.checks, ...(policy?.checks.required ?? [])])], budgets: t.budgets };
  });
  const scopes = [...new Set(pick.flatMap((t) => [t.id, ...ancestorsOf(tickets, t).map((a) => a.id)]))];
  const all = [...tickets.values()];
  const intents = all
    .filter((t) => t.kind === "intent" && !CLOSED.includes(t.status))
    .sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1))
    .map((t) => ({ id: t.id, title: t.title, status: t.status, success_conditions: t.success_conditions, open_tasks: all.filter((x) => x.kind === "task" && !CLOSED.includes(x.status) && ancestorsOf(tickets, x).some((a) => a.id === t.id)).length }));
  const open = sessions.filter((s) => s.status === "active" || s.status === "suspended").map((s) => ({ id: s.id, actor: s.actor, ticket: s.ticket, status: s.status }));
  // Nothing ready: the step that moves things on, as exo ready gives it (before: `exo ready` and a
  // session-finish, with no session to finish); the finish line only once there is work or a session.
  const ownActive = open.some((s) => s.status === "active" && actorMatches(ctx.actor, s.actor));
  let step = "exo ready";
  if (!readyOut[0] && !input.ticket_id) {
    const view = await readyView(ctx, {});
    if (view.next_command) step = view.next_command;
  }
  const commands = [...new Set([...(readyOut[0] ? [`exo session-start --ticket-id ${readyOut[0].id}`, "exo next"] : [step]), ...(readyOut[0] || ownActive ? ['exo session-finish --summary "…"'] : [])])];
  return {
    governance: { status: governance.status, version: governance.lock?.version ?? null },
    rules,
    checks: { required: policy?.checks.required ?? [], allowlist: policy?.checks.allowlist ?? [] },
    budgets: policy?.budgets.default ?? null,
    ready: readyOut,
    ready_total: input.ticket_id ? null : ready.ready.length,
    intents,
    sessions: open,
    learnings: (await bootstrapLearnings(repo, scopes)).map((l) => ({ id: l.id, severity: l.severity, pattern: l.pattern, insight: l.insight })),
    commands,
  };
}
