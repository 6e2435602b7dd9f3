// Metrics and fleet drift (SPEC §7.20), pure: ledger records, live sessions and tickets in.
import { round3 } from "../../kernel/canon.js";
import type { LedgerRecord } from "../../kernel/ledger.js";
import { plural } from "../../kernel/plural.js";

const CLOSING = new Set(["session.finished", "session.handed_off", "session.crashed"]);

export interface LiveSession {
  id: string;
  actor: string;
  vendor: string;
  model: string;
  ticket: string;
  status: "active" | "suspended";
  stale: boolean;
  drift: number | null;
  started_at?: string;
}

const mean = (xs: number[]) => (xs.length === 0 ? null : round3(xs.reduce((a, b) => a + b, 0) / xs.length));
const nearestRank = (sorted: number[], p: number) => (sorted.length === 0 ? null : round3(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number));

/** ISO 8601 week label (2026-W48) of a date. */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** Every ISO week overlapping the window [since, until), ascending (`until` itself is outside it). */
function weeksBetween(since: Date, until: Date): string[] {
  const out: string[] = [];
  const last = Math.max(since.getTime(), until.getTime() - 1);
  for (let t = since.getTime(); t < last + 86_400_000; t += 86_400_000) {
    const w = isoWeek(new Date(Math.min(t, last)));
    if (!out.includes(w)) out.push(w);
  }
  return out;
}

export interface MetricsInput {
  records: readonly LedgerRecord[]; // all records, merged order
  since: Date;
  until: Date;
  live: readonly LiveSession[];
  ticketsByStatus: Record<string, number>;
  threshold: number;
  ledgerValid: boolean;
}

export function computeMetrics(input: MetricsInput) {
  const lo = input.since.toISOString();
  const hi = input.until.toISOString();
  const inWindow = input.records.filter((r) => r.ts >= lo && r.ts < hi);
  // Open sessions are counted in a window that reaches the time they started: a session started
  // today is not part of last month (--until in the past).
  const startedAt = new Map(input.records.filter((r) => r.type === "session.started" && r.session).map((r) => [r.session as string, r.ts]));
  const live = input.live.filter((s) => (startedAt.get(s.id) ?? "") < hi);
  const closing = inWindow.filter((r) => CLOSING.has(r.type));
  const outcome = (r: LedgerRecord) => String(r.data["outcome"] ?? r.type.replace("session.", ""));
  const count = (o: string) => closing.filter((r) => outcome(r) === o).length;
  const sessions = {
    finished: count("finished"),
    handed_off: count("handed_off"),
    crashed: count("crashed"),
    superseded: count("superseded"),
    active: live.filter((s) => s.status === "active").length,
    suspended: live.filter((s) => s.status === "suspended").length,
    stale: live.filter((s) => s.stale).length,
    total: 0,
  };
  sessions.total = closing.length + sessions.active + sessions.suspended;
  const v = (k: string) => closing.filter((r) => r.data["verify"] === k).length;
  const verify = { passed: v("passed"), failed: v("failed"), skipped: v("skipped"), none: v("none"), pass_rate: null as number | null };
  verify.pass_rate = verify.passed + verify.failed === 0 ? null : round3(verify.passed / (verify.passed + verify.failed));
  const drifts = closing.map((r) => (r.data["drift"] as { score?: number } | null)?.score).filter((x): x is number => typeof x === "number");
  const sorted = [...drifts].sort((a, b) => a - b);
  const drift = {
    count: drifts.length,
    avg: mean(drifts),
    p50: nearestRank(sorted, 0.5),
    p90: nearestRank(sorted, 0.9),
    max: sorted.length ? round3(sorted[sorted.length - 1] as number) : null,
    buckets: { low: drifts.filter((d) => d < 0.3).length, medium: drifts.filter((d) => d >= 0.3 && d < 0.7).length, high: drifts.filter((d) => d >= 0.7).length },
    // Which sessions the figures cover, said as exo fleet-drift says it (before: neither said, and
    // the two averages differed on one repository): closed sessions in the window only.
    covers: { closed: drifts.length, live: 0, sessions: "closed sessions in the window; live ones are not counted (exo fleet-drift adds them)" },
  };
  // Tickets: done in the window, weekly throughput, cycle time from all transitions on record.
  const transitions = input.records.filter((r) => r.type === "ticket.status_changed" && r.ticket);
  const doneInWindow = transitions.filter((r) => r.data["to"] === "done" && r.ts >= lo && r.ts < hi);
  const doneTickets = [...new Set(doneInWindow.map((r) => r.ticket as string))];
  const weeks = weeksBetween(input.since, input.until);
  // A ticket counts once, in the week of its last close in the window: a ticket closed in two
  // clones before either pulled (both closes merge into the ledger) is one ticket done, as
  // done_in_window says (before: 2 in throughput against 1 done).
  const lastDone = new Map(doneInWindow.map((r) => [r.ticket as string, r.ts]));
  const throughput = weeks.map((week) => ({ week, done: [...lastDone.values()].filter((ts) => isoWeek(new Date(ts)) === week).length }));
  const cycles: number[] = [];
  for (const id of doneTickets) {
    const mine = transitions.filter((r) => r.ticket === id);
    const firstActive = mine.find((r) => r.data["to"] === "active");
    const lastDone = [...mine].reverse().find((r) => r.data["to"] === "done");
    if (firstActive && lastDone) cycles.push((Date.parse(lastDone.ts) - Date.parse(firstActive.ts)) / 3_600_000);
  }
  const tickets = { by_status: input.ticketsByStatus, done_in_window: doneTickets.length, throughput, median_cycle_hours: nearestRank([...cycles].sort((a, b) => a - b), 0.5) };
  // Actors.
  // A closing record's session belongs to the actor that started it (a crash is recorded by its recoverer).
  const owners = new Map(input.records.filter((r) => r.type === "session.started" && r.session).map((r) => [r.session as string, r.actor]));
  const ownerOf = (r: LedgerRecord) => (typeof r.data["session_actor"] === "string" ? r.data["session_actor"] : r.session ? (owners.get(r.session) ?? r.actor) : r.actor);
  // Every actor the totals count: closed sessions, open ones (active or suspended) and hook
  // denials in the window. Before, only closed sessions: an agent with an open session and its
  // denials was missing from the table while sessions and hooks counted them.
  const denied = inWindow.filter((r) => r.type === "hook.denied");
  const actorNames = [...new Set([...closing.map(ownerOf), ...live.map((s) => s.actor), ...denied.map((r) => r.actor)])];
  const actors = actorNames
    .map((actor) => {
      const mine = closing.filter((r) => ownerOf(r) === actor);
      const open = live.filter((s) => s.actor === actor).length;
      const ds = mine.map((r) => (r.data["drift"] as { score?: number } | null)?.score).filter((x): x is number => typeof x === "number");
      const p = mine.filter((r) => r.data["verify"] === "passed").length;
      const f = mine.filter((r) => r.data["verify"] === "failed").length;
      const active = inWindow.filter((r) => r.actor === actor).map((r) => r.ts).sort();
      return { actor, sessions: mine.length + open, avg_drift: mean(ds), pass_rate: p + f === 0 ? null : round3(p / (p + f)), denials: denied.filter((r) => r.actor === actor).length, last_active: active[active.length - 1] ?? null };
    })
    .sort((a, b) => b.sessions - a.sessions || (a.actor < b.actor ? -1 : 1));
  const hooks = {
    denied: inWindow.filter((r) => r.type === "hook.denied").length,
    asked: inWindow.filter((r) => r.type === "hook.asked").length,
    warned: inWindow.filter((r) => r.type === "hook.warned").length,
    commit_blocked: inWindow.filter((r) => r.type === "commit.blocked").length,
  };
  const highShare = drifts.length === 0 ? null : drifts.filter((d) => d >= input.threshold).length / drifts.length;
  const reasons: string[] = [];
  let status: "healthy" | "degraded" | "critical" = "healthy";
  if (verify.pass_rate !== null && verify.pass_rate < 0.5) reasons.push(`verify pass rate ${verify.pass_rate} < 0.5`);
  if (highShare !== null && highShare >= 0.3) reasons.push(`${round3(highShare)} of sessions drift ≥ ${input.threshold}`);
  if (reasons.length > 0) status = "critical";
  else {
    if (verify.pass_rate !== null && verify.pass_rate < 0.8) reasons.push(`verify pass rate ${verify.pass_rate} < 0.8`);
    if (highShare !== null && highShare >= 0.1) reasons.push(`${round3(highShare)} of sessions drift ≥ ${input.threshold}`);
    if (sessions.stale > 0) reasons.push(plural(sessions.stale, "stale session"));
    if (!input.ledgerValid) reasons.push("ledger verification fails");
    if (reasons.length > 0) status = "degraded";
  }
  return { window: { since: lo, until: hi }, sessions, verify, drift, tickets, actors, hooks, fleet_health: { status, reasons } };
}

export interface FleetInput {
  records: readonly LedgerRecord[];
  since: Date | null;
  includeFinished: number;
  live: readonly LiveSession[];
  by: ("actor" | "vendor" | "model")[];
  threshold: number;
}

export function computeFleet(input: FleetInput) {
  const lo = input.since?.toISOString() ?? "";
  const closing = input.records.filter((r) => CLOSING.has(r.type) && r.ts >= lo && r.session);
  const recent = input.includeFinished > 0 ? closing.slice(-input.includeFinished) : [];
  const started = new Map(input.records.filter((r) => r.type === "session.started" && r.session).map((r) => [r.session as string, r]));
  const rows = [
    ...recent.map((r) => ({
      id: r.session as string,
      // The agent that ran the session, not whoever recovered it after a crash.
      actor: typeof r.data["session_actor"] === "string" ? r.data["session_actor"] : (started.get(r.session as string)?.actor ?? r.actor),
      vendor: String(r.data["vendor"] ?? started.get(r.session as string)?.data["vendor"] ?? "unknown"),
      model: String(r.data["model"] ?? started.get(r.session as string)?.data["model"] ?? "unknown"),
      ticket: r.ticket ?? "",
      status: String(r.data["outcome"] ?? "finished"),
      drift: (r.data["drift"] as { score?: number } | null)?.score ?? null,
      provisional: false,
      at: r.ts,
      start: started.get(r.session as string)?.ts ?? r.ts,
    })),
    ...input.live.map((s) => ({ id: s.id, actor: s.actor, vendor: s.vendor, model: s.model, ticket: s.ticket, status: s.status, drift: s.drift, provisional: true, at: started.get(s.id)?.ts ?? "", start: s.started_at ?? started.get(s.id)?.ts ?? "" })),
  ];
  const groups: Record<string, { key: string; sessions: number; active: number; avg_drift: number | null; max_drift: number | null; high: number; last_session_at: string | null; live: number }[]> = {};
  for (const dim of input.by) {
    const keys = [...new Set(rows.map((r) => r[dim]))];
    groups[dim] = keys
      .map((key) => {
        const mine = rows.filter((r) => r[dim] === key);
        const ds = mine.map((r) => r.drift).filter((x): x is number => typeof x === "number");
        const ats = mine.map((r) => r.at).filter(Boolean).sort();
        return { key, sessions: mine.length, active: mine.filter((r) => r.provisional && r.status === "active").length, avg_drift: mean(ds), max_drift: ds.length ? round3(Math.max(...ds)) : null, high: ds.filter((d) => d >= input.threshold).length, last_session_at: ats[ats.length - 1] ?? null, live: mine.filter((r) => r.provisional).length };
      })
      .sort((a, b) => (b.avg_drift ?? -1) - (a.avg_drift ?? -1) || (a.key < b.key ? -1 : 1));
  }
  const all = rows.map((r) => r.drift).filter((x): x is number => typeof x === "number");
  // Which sessions the summary covers (exo metrics covers closed ones in its window only).
  const closedDrifts = rows.filter((r) => !r.provisional && typeof r.drift === "number").length;
  const bound = input.since ? ` (closed since ${lo})` : "";
  const covers = { closed: closedDrifts, live: all.length - closedDrifts, sessions: `the last ${input.includeFinished} closed sessions${bound} and the live (active or suspended) ones, at their drift so far` };
  return {
    threshold: input.threshold,
    groups,
    // SPEC §6: a list of sessions whose order is not stated is sorted by started_at, then id.
    sessions: [...rows].sort((a, b) => (a.start !== b.start ? (a.start < b.start ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(({ at: _at, start: _start, ...r }) => r),
    summary: { avg: mean(all), max: all.length ? round3(Math.max(...all)) : null, high: all.filter((d) => d >= input.threshold).length, covers },
  };
}
