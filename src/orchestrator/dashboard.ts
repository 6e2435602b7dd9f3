// exo dashboard (SPEC §8.11): gather every view of the fleet into one JSON document. Reads only:
// nothing here writes to the repository (the served page must change nothing).
import { touchedPaths } from "../stdlib/sessions/touched.js";
import { basename } from "node:path";
import type { Context } from "../commands/context.js";
import type { LedgerRecord } from "../kernel/ledger.js";
import { gitRaw } from "../io/git.js";
import type { Repo } from "../io/paths.js";
import { readTextOrNull } from "../io/read.js";
import { loadConfig } from "../stdlib/config/store.js";
import { inspectGovernance } from "../stdlib/governance/store.js";
import { readAllRecords, verifyLedger } from "../stdlib/ledger/read.js";
import { isLeaseLive, parseLease } from "../stdlib/locks/distributed.js";
import { listLocks } from "../stdlib/locks/store.js";
import { isLockLive } from "../stdlib/locks/types.js";
import { computeFleet, computeMetrics, type LiveSession } from "../stdlib/observe/metrics.js";
import { buildTrace } from "../stdlib/observe/traces.js";
import { assessSession } from "../stdlib/sessions/liveness.js";
import { listSessions } from "../stdlib/sessions/store.js";
import type { SessionRecord } from "../stdlib/sessions/types.js";
import { listTickets } from "../stdlib/tickets/store.js";
import { buildTree, closingDrifts, type TreeNode } from "./tree.js";

const CLOSING = new Set(["session.finished", "session.handed_off", "session.crashed"]);
/** How many ledger records the timeline carries (newest), closed sessions listed, trend points. */
export const LIMITS = { timeline: 300, closed: 20, trend: 200, touched: 50, text: 20_000 } as const;

export interface LiveView {
  id: string;
  actor: string;
  harness: string;
  vendor: string;
  model: string;
  ticket: string;
  ticket_title: string;
  task: string | null;
  status: string;
  branch: string | null;
  host: string;
  pid: number | null;
  scope: { allow: string[]; deny: string[]; boundaries: string[] };
  started_at: string;
  heartbeat_at: string;
  suspended_at: string | null;
  touched: string[];
  touched_count: number;
  denials: number;
  drift: { score: number; changed: number; in_scope: number; out_of_scope: string[]; boundary_violation: boolean; provisional: true } | null;
  stale: boolean;
  stale_reasons: string[];
}

export interface ClosedView {
  id: string;
  actor: string;
  recovered_by: string | null;
  harness: string;
  ticket: string;
  outcome: string;
  verify: string | null;
  drift: number | null;
  started_at: string | null;
  at: string;
}

export interface TimelineEntry {
  ts: string;
  type: string;
  actor: string;
  session: string | null;
  ticket: string | null;
  summary: string;
  /** Why the row stands out: deny, ask, warn, handoff, takeover, tamper, crash, error, fail; "" for plain rows. */
  mark: string;
}

export interface SpanView {
  name: string;
  start: number;
  end: number;
  status: number;
  detail: string;
}

export interface SessionDetail {
  memento_path: string | null;
  memento: string | null;
  bootstrap: string | null;
  provisional: boolean;
  spans: SpanView[];
  events: { ts: string; name: string; detail: string }[];
}

export interface DashboardData {
  format: "exo.dashboard/2";
  generated_at: string;
  repo: string;
  threshold: number;
  governance: { status: string; version: number | null };
  fleet: { status: string; reasons: string[]; groups: Record<string, { key: string; sessions: number; active: number; avg_drift: number | null; max_drift: number | null; high: number }[]> };
  ledger: { segments: number; records: number; valid: boolean; denials: number };
  sessions: { live: LiveView[]; closed: ClosedView[] };
  drift: { low: number; medium: number; high: number };
  trend: { at: string; session: string; actor: string; drift: number | null; outcome: string; verify: string | null }[];
  timeline: TimelineEntry[];
  tree: { roots: (TreeNode & { live: number })[]; orphans: (TreeNode & { live: number })[] };
  locks: { ticket: string; state: string; owner: string; session: string | null; fencing_token: number; heartbeat_at: string; expires_at: string; live: boolean; remote: string | null }[];
  leases: { remote: string; ticket: string; state: string; owner: string; session: string | null; fencing_token: number; heartbeat_at: string; expires_at: string; live: boolean }[];
  details: Record<string, SessionDetail>;
}

const str = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const cap = (text: string | null): string | null => (text === null ? null : text.length > LIMITS.text ? `${text.slice(0, LIMITS.text)}\n… (cut at ${LIMITS.text} characters)` : text);

/** One line saying what a ledger record is about. */
export function summarize(r: LedgerRecord): string {
  const d = r.data;
  switch (r.type) {
    case "hook.denied":
    case "hook.asked":
    case "hook.warned":
      return [d["harness"], d["tool"], d["action"], d["path"]].filter(Boolean).map(str).join(" ") + (d["code"] ? ` — ${str(d["code"])}` : "") + (d["reason"] ? `: ${str(d["reason"])}` : "");
    case "hook.error":
      return `${str(d["harness"])} ${str(d["event"])}: ${str(d["message"])}`;
    case "session.started":
      return `${str(d["harness"])} ${str(d["vendor"])}/${str(d["model"])} on ${str(d["branch"])}`;
    case "session.finished":
    case "session.handed_off":
    case "session.crashed": {
      const drift = (d["drift"] as { score?: number } | null)?.score;
      return `${str(d["outcome"])} · verify ${str(d["verify"])}${typeof drift === "number" ? ` · drift ${drift.toFixed(2)}` : ""}${d["to_actor"] ? ` → ${str(d["to_actor"])}` : ""}${d["recovered_by"] ? ` · recovered by ${str(d["recovered_by"])}` : ""}`;
    }
    case "session.suspended":
      return str(d["reason"]);
    case "ticket.status_changed":
      return `${str(d["from"])} → ${str(d["to"])}${d["reason"] ? ` (${str(d["reason"])})` : ""}`;
    case "ticket.created":
      return `${str(d["kind"])} “${str(d["title"])}”`;
    case "check.completed":
      return `${str(d["command"])} → exit ${str(d["exit_code"])}${d["passed"] ? "" : " (failed)"}`;
    case "governance.tamper_detected":
      return `${str(d["file"])}: ${str(d["problem"])}`;
    case "commit.blocked":
      return str(d["reasons"]);
    case "handoff.created":
    case "handoff.replaced":
    case "handoff.consumed":
      return `to ${str(d["to_actor"] ?? "anyone")}${d["by_session"] ? ` by ${str(d["by_session"])}` : ""}`;
    default:
      if (r.type.startsWith("lock.") || r.type.startsWith("lease.") || r.type === "dispatch.claimed")
        return `${str(d["owner"])} token ${str(d["fencing_token"])}${d["previous_owner"] ? ` (was ${str(d["previous_owner"])})` : ""}`;
      return Object.entries(d)
        .slice(0, 3)
        .map(([k, v]) => `${k}=${str(v).slice(0, 60)}`)
        .join(" ");
  }
}

export function markOf(r: LedgerRecord): string {
  const outcome = str(r.data["outcome"]);
  if (r.type === "hook.denied" || r.type === "commit.blocked") return "deny";
  if (r.type === "hook.asked") return "ask";
  if (r.type === "hook.warned") return "warn";
  if (r.type === "hook.error") return "error";
  if (r.type.startsWith("handoff.") || r.type === "session.handed_off") return "handoff";
  if (r.type.endsWith(".taken_over") || r.type === "lock.transferred") return "takeover";
  if (r.type === "governance.tamper_detected") return "tamper";
  if (r.type === "session.crashed" || outcome === "crashed" || outcome === "superseded") return "crash";
  if (r.type === "check.completed" && r.data["passed"] === false) return "fail";
  if (r.type === "checks.bypassed") return "warn";
  return "";
}


/** Trace spans of a session as a timeline; an open session gets a provisional close at `now`. */
function spansOf(records: LedgerRecord[], now: Date, repoName: string): { spans: SpanView[]; events: SessionDetail["events"]; provisional: boolean } {
  const closed = records.some((r) => CLOSING.has(r.type));
  const last = records[records.length - 1];
  const list = closed || !last ? records : [...records, { ...last, type: "session.finished", ts: now.toISOString(), data: { outcome: "open" } }];
  let trace: ReturnType<typeof buildTrace> = null;
  try {
    trace = buildTrace(list, { serviceName: "exo", repoName });
  } catch {
    trace = null; // a record with an unreadable time: the session page shows no spans
  }
  const spans = (trace?.resourceSpans[0]?.scopeSpans[0]?.spans ?? []).map((s) => ({
    name: s.name,
    start: Number(BigInt(s.startTimeUnixNano) / 1_000_000n),
    end: Number(BigInt(s.endTimeUnixNano) / 1_000_000n),
    status: s.status.code,
    detail: s.attributes
      .filter((a) => /^exo\.(check\.command|outcome|verify|drift\.score)$/.test(a.key))
      .map((a) => `${a.key.replace(/^exo\./, "")}=${str(Object.values(a.value)[0])}`)
      .join(" "),
  }));
  const events = records.filter((r) => r.type.startsWith("hook.") || r.type.startsWith("handoff.") || r.type === "commit.blocked").map((r) => ({ ts: r.ts, name: r.type, detail: summarize(r) }));
  return { spans, events, provisional: !closed };
}

/** Remote leases as last fetched into refs/exo/remote-leases/<remote>/<ID> (no network here). */
async function fetchedLeases(repo: Repo, now: Date): Promise<DashboardData["leases"]> {
  const r = await gitRaw(repo.root, ["for-each-ref", "--format=%(refname)%1f%(contents)%1e", "refs/exo/remote-leases/"]);
  if (r.code !== 0) return [];
  const out: DashboardData["leases"] = [];
  for (const entry of r.stdout.split("\x1e")) {
    const [ref, message] = entry.trim().split("\x1f");
    if (!ref || !message) continue;
    try {
      const s = parseLease(message);
      // The ticket is the last component: a remote's name may have several (team/origin).
      const path = ref.replace(/^refs\/exo\/remote-leases\//, "");
      const remote = path.slice(0, Math.max(0, path.lastIndexOf("/")));
      out.push({ remote, ticket: s.ticket, state: s.state, owner: s.owner, session: s.session, fencing_token: s.fencing_token, heartbeat_at: s.heartbeat_at, expires_at: s.expires_at, live: isLeaseLive(s, now) });
    } catch {
      // a ref that is not a lease state: not shown
    }
  }
  return out;
}

async function liveDrift(repo: Repo, config: Awaited<ReturnType<typeof loadConfig>>, s: SessionRecord): Promise<LiveView["drift"]> {
  try {
    const { sessionChanges, sessionDrift } = await import("./session-finish.js");
    const d = await sessionDrift(repo, s, await sessionChanges(repo, config, s));
    return { score: d.score, changed: d.changed, in_scope: d.in_scope, out_of_scope: d.out_of_scope.slice(0, LIMITS.touched), boundary_violation: d.boundary_violation, provisional: true };
  } catch {
    return null; // the worktree may be gone
  }
}

export async function gather(ctx: Context): Promise<DashboardData> {
  const repo = await ctx.governed();
  const now = ctx.now();
  const config = await loadConfig(repo);
  const [governance, records, verify, locks, sessions, index, leases] = await Promise.all([
    inspectGovernance(repo, { git: false }),
    readAllRecords(repo),
    verifyLedger(repo, { git: false, env: ctx.env }),
    listLocks(repo),
    listSessions(repo),
    listTickets(repo),
    fetchedLeases(repo, now),
  ]);
  const lockOf = new Map(locks.map((l) => [l.ticket, l]));
  const bySession = new Map<string, LedgerRecord[]>();
  for (const r of records) if (r.session) bySession.set(r.session, [...(bySession.get(r.session) ?? []), r]);
  const startedBy = (id: string) => bySession.get(id)?.find((r) => r.type === "session.started");

  const live: LiveView[] = await Promise.all(
    sessions.map(async (s) => {
      const assessed = assessSession({ session: s, lock: lockOf.get(s.ticket) ?? null, now, host: ctx.host, heartbeatTimeoutMinutes: config.sessions.heartbeat_timeout_minutes, suspendedMaxDays: config.sessions.suspended_max_days });
      const touched = [...touchedPaths(await readTextOrNull(repo.sessionTouchedFile(s.id)))];
      return {
        id: s.id,
        actor: s.actor,
        harness: s.harness,
        vendor: s.vendor,
        model: s.model,
        ticket: s.ticket,
        ticket_title: s.ticket_title,
        task: s.task,
        status: s.status,
        branch: s.branch,
        host: s.host,
        pid: s.pid,
        scope: { allow: [...s.scope.allow], deny: [...s.scope.deny], boundaries: [...s.scope.boundaries] },
        started_at: s.started_at,
        heartbeat_at: s.heartbeat_at,
        suspended_at: s.suspended_at,
        touched: touched.slice(0, LIMITS.touched),
        touched_count: touched.length,
        denials: (bySession.get(s.id) ?? []).filter((r) => r.type === "hook.denied").length,
        drift: s.status === "active" ? await liveDrift(repo, config, s) : null,
        stale: assessed.stale,
        stale_reasons: [...assessed.reasons],
      };
    }),
  );

  const closing = records.filter((r) => CLOSING.has(r.type) && r.session);
  // A crashed session belongs to the agent that ran it, not to whoever recovered it.
  const closedRow = (r: LedgerRecord): ClosedView => {
    const started = startedBy(r.session as string);
    const owner = typeof r.data["session_actor"] === "string" ? r.data["session_actor"] : (started?.actor ?? r.actor);
    return {
      id: r.session as string,
      actor: owner,
      recovered_by: r.type === "session.crashed" && r.actor !== owner ? r.actor : null,
      harness: str(started?.data["harness"]),
      ticket: r.ticket ?? "",
      outcome: str(r.data["outcome"] ?? r.type.replace("session.", "")),
      verify: (r.data["verify"] as string | null | undefined) ?? null,
      drift: num((r.data["drift"] as { score?: unknown } | null | undefined)?.score),
      started_at: started?.ts ?? null,
      at: r.ts,
    };
  };
  const closed = closing.slice(-LIMITS.closed).reverse().map(closedRow);
  const trend = closing.slice(-LIMITS.trend).map((r) => {
    const c = closedRow(r);
    return { at: c.at, session: c.id, actor: c.actor, drift: c.drift, outcome: c.outcome, verify: c.verify };
  });

  const liveForMetrics: LiveSession[] = live.map((s) => ({ id: s.id, actor: s.actor, vendor: s.vendor, model: s.model, ticket: s.ticket, status: s.status === "suspended" ? "suspended" : "active", stale: s.stale, drift: s.drift?.score ?? null }));
  const byStatus: Record<string, number> = {};
  for (const t of index.list) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
  const m = computeMetrics({ records, since: new Date(now.getTime() - 30 * 86_400_000), until: new Date(now.getTime() + 1), live: liveForMetrics, ticketsByStatus: byStatus, threshold: config.drift.warn_threshold, ledgerValid: verify.valid });
  const fleet = computeFleet({ records, since: null, includeFinished: 50, live: liveForMetrics, by: ["actor", "vendor", "model"], threshold: config.drift.warn_threshold });

  const liveByTicket = new Map<string, number>();
  for (const s of live) if (s.status === "active") liveByTicket.set(s.ticket, (liveByTicket.get(s.ticket) ?? 0) + 1);
  const withLive = (n: TreeNode): TreeNode & { live: number } => ({ ...n, live: liveByTicket.get(n.id) ?? 0, children: n.children.map(withLive) });
  const tree = buildTree(index.tickets, closingDrifts(records), { statuses: [], driftAbove: null });

  const details: Record<string, SessionDetail> = {};
  const repoName = basename(repo.root);
  for (const s of live) {
    const t = spansOf(bySession.get(s.id) ?? [], now, repoName);
    details[s.id] = { memento_path: null, memento: null, bootstrap: cap(await readTextOrNull(repo.sessionBootstrapFile(s.id))), ...t };
  }
  for (const r of closing.slice(-LIMITS.closed)) {
    const id = r.session as string;
    // Built from validated ids, never from the path the record names.
    const file = r.ticket ? repo.mementoFile(r.ticket, id) : null;
    const text = file ? await readTextOrNull(file) : null;
    details[id] = { memento_path: file && text !== null ? repo.relative(file) : null, memento: cap(text), bootstrap: null, ...spansOf(bySession.get(id) ?? [], now, repoName) };
  }

  return {
    format: "exo.dashboard/2",
    generated_at: now.toISOString(),
    repo: repoName,
    threshold: config.drift.warn_threshold,
    governance: { status: governance.status, version: governance.lock?.version ?? null },
    fleet: { status: m.fleet_health.status, reasons: m.fleet_health.reasons, groups: fleet.groups },
    ledger: { segments: verify.segments.length, records: records.length, valid: verify.valid, denials: records.filter((r) => r.type === "hook.denied").length },
    sessions: { live, closed },
    drift: m.drift.buckets,
    trend,
    timeline: records.slice(-LIMITS.timeline).map((r) => ({ ts: r.ts, type: r.type, actor: r.actor, session: r.session ?? null, ticket: r.ticket ?? null, summary: summarize(r).slice(0, 300), mark: markOf(r) })),
    tree: { roots: tree.roots.map(withLive), orphans: tree.orphans.map(withLive) },
    locks: locks.map((l) => ({ ticket: l.ticket, state: l.state, owner: l.owner, session: l.session, fencing_token: l.fencing_token, heartbeat_at: l.heartbeat_at, expires_at: l.expires_at, live: isLockLive(l, now), remote: l.distributed ? `${l.distributed.remote} ${l.distributed.ref}` : null })),
    leases,
    details,
  };
}
