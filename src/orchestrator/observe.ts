// export-traces, metrics and fleet-drift (SPEC §6.6, §7.20, §8.9).
import { basename } from "node:path";
import { writeReportFile } from "../io/fs-atomic.js";
import { reportTarget } from "../io/report-target.js";
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import type { Context } from "../commands/context.js";
import { loadConfig } from "../stdlib/config/store.js";
import { readAllRecords } from "../stdlib/ledger/read.js";
import { buildTrace, recordsBySession, type TracesData } from "../stdlib/observe/traces.js";
import { listTickets } from "../stdlib/tickets/store.js";

export async function exportTraces(ctx: Context, input: { since?: string | undefined; session_id: string[]; out?: string | undefined; endpoint?: string | undefined; header: string[]; write: boolean }) {
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  const records = await readAllRecords(repo);
  const kinds = new Map((await listTickets(repo)).list.map((t) => [t.id, t.kind]));
  const since = input.since ? new Date(input.since).toISOString() : null;
  const traces: TracesData[] = [];
  const exported = new Set<string>();
  const closed: string[] = [];
  for (const [session, list] of recordsBySession(records)) {
    const closing = list.find((r) => ["session.finished", "session.handed_off", "session.crashed"].includes(r.type));
    if (closing && (!since || closing.ts >= since)) closed.push(session);
    if (input.session_id.length > 0 && !input.session_id.includes(session)) continue;
    if (!closing || (since && closing.ts < since)) continue;
    const started = list.find((r) => r.type === "session.started");
    const trace = buildTrace(list, { serviceName: config.telemetry.service_name, repoName: basename(repo.root), ticketKind: started?.ticket ? (kinds.get(started.ticket) ?? null) : null });
    if (trace) {
      traces.push(trace);
      exported.add(session);
    }
  }
  // A named session with nothing to export is said, not silently an empty file.
  const missing = input.session_id.filter((id) => !exported.has(id));
  // The closed sessions are where to look, and one id a character or two from the typed one is
  // named (before: "exo session-scan lists the open ones", which lists none once they are closed).
  if (missing.length > 0) {
    const { editDistance } = await import("../kernel/edit-distance.js");
    const meant = missing.flatMap((id) => {
      const near = closed.filter((c) => !exported.has(c) && editDistance(c.toUpperCase(), id.toUpperCase()) <= 2);
      return near.length === 1 ? [near[0] as string] : [];
    });
    const where = meant.length > 0 ? `did you mean ${meant.join(", ")}?` : "exo ledger-show --type session.finished lists the finished ones.";
    ctx.warn(WarningCode.FILTER_MATCHES_NOTHING, `No closed session ${missing.join(", ")}${since ? ` since ${since}` : ""} in the ledger (unknown, or not finished yet): nothing exported for ${missing.length === 1 ? "it" : "them"}; ${where}`);
  }
  const spans = traces.reduce((n, t) => n + (t.resourceSpans[0]?.scopeSpans[0]?.spans.length ?? 0), 0);
  let out: string | null = null;
  // A filter that matches nothing leaves the previous export as it was (before: an empty file
  // written over it, "exported 0 traces", for a mistyped session id or a --since ahead).
  const kept = input.write && traces.length === 0 && (input.session_id.length > 0 || since !== null);
  if (kept) ctx.warn(WarningCode.FILTER_MATCHES_NOTHING, `No closed session matches${since ? ` since ${since}` : ""}: nothing written, ${input.out ?? repo.relative(`${repo.tracesDir}/export.jsonl`)} is left as it was.`);
  if (input.write && !kept) {
    const { judgedReportTarget } = await import("./decide.js");
    out = input.out ? await judgedReportTarget(ctx, reportTarget(repo, ctx.cwd, input.out, "--out", { confined: ctx.harness === "mcp", command: "export-traces" }), "--out") : `${repo.tracesDir}/export.jsonl`;
    await writeReportFile(out, traces.map((t) => JSON.stringify(t)).join("\n") + (traces.length ? "\n" : ""));
  }
  const endpoint = input.endpoint ?? config.telemetry.otlp_endpoint ?? null;
  let status: number | null = null;
  if (endpoint && traces.length > 0) {
    const url = new URL(endpoint);
    if (url.pathname === "/" || url.pathname === "") url.pathname = "/v1/traces";
    const headers: Record<string, string> = { "Content-Type": "application/json", ...config.telemetry.otlp_headers };
    for (const h of input.header) headers[h.slice(0, h.indexOf("=")).trim()] = h.slice(h.indexOf("=") + 1).trim();
    // Batches of at most 512 spans (SPEC §8.9). A trace that fits in one batch is never split; a
    // longer one (a session with hundreds of checks) goes in parts of the same trace, each with its
    // resource and scope (before: it went whole, a batch over the limit).
    const MAX = 512;
    const batches: TracesData[][] = [];
    let current: TracesData[] = [];
    let count = 0;
    const flush = () => {
      if (current.length > 0) batches.push(current);
      current = [];
      count = 0;
    };
    for (const t of traces) {
      const rs = t.resourceSpans[0];
      const ss = rs?.scopeSpans[0];
      const spans = ss?.spans ?? [];
      if (spans.length <= MAX || !rs || !ss) {
        if (count + spans.length > MAX) flush();
        current.push(t);
        count += spans.length;
        continue;
      }
      flush();
      for (let i = 0; i < spans.length; i += MAX) {
        const part = spans.slice(i, i + MAX);
        current.push({ resourceSpans: [{ ...rs, scopeSpans: [{ ...ss, spans: part }] }] });
        count = part.length;
        if (count === MAX) flush();
      }
    }
    flush();
    for (const batch of batches) {
      const body = JSON.stringify({ resourceSpans: batch.flatMap((t) => t.resourceSpans) });
      let response: Response;
      try {
        response = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
      } catch (error) {
        throw new ExoError(ErrorCode.EXPORT_FAILED, `Could not reach ${url.origin}: ${error instanceof Error ? error.message : String(error)}.`, { details: { endpoint: url.origin } });
      }
      status = response.status;
      if (!response.ok) throw new ExoError(ErrorCode.EXPORT_FAILED, `${url.origin} answered HTTP ${response.status}; nothing more was sent.`, { details: { endpoint: url.origin, http_status: response.status } });
    }
  }
  return { traces: traces.length, spans, out: out ? (out.startsWith(`${repo.root}/`) ? repo.relative(out) : out) : null, endpoint, http_status: status };
}

async function liveSessions(ctx: Context, withDrift: boolean) {
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  const { listSessions } = await import("../stdlib/sessions/store.js");
  const { liveness } = await import("./session-context.js");
  const { sessionChanges, sessionDrift } = await import("./session-finish.js");
  const out = [];
  for (const s of await listSessions(repo)) {
    let drift: number | null = null;
    if (withDrift) {
      try {
        drift = (await sessionDrift(repo, s, await sessionChanges(repo, config, s))).score;
      } catch {
        drift = null; // the worktree may be gone
      }
    }
    out.push({ id: s.id, actor: s.actor, vendor: s.vendor, model: s.model, ticket: s.ticket, status: s.status, stale: (await liveness(ctx, repo, config, s)).stale, drift, started_at: s.started_at });
  }
  return out;
}

export async function metrics(ctx: Context, input: { since?: string | undefined; until?: string | undefined }) {
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  const { computeMetrics } = await import("../stdlib/observe/metrics.js");
  const { verifyLedger } = await import("../stdlib/ledger/read.js");
  const until = input.until ? new Date(input.until) : ctx.now();
  const since = input.since ? new Date(input.since) : new Date(until.getTime() - 30 * 86_400_000);
  if (since.getTime() > until.getTime()) {
    const message = `--since ${since.toISOString()} is after the window's end ${until.toISOString()}`;
    throw new ExoError(ErrorCode.INVALID_INPUT, `${message}; give a --since earlier than --until (default now).`, { details: { issues: [{ path: "since", code: "window_reversed", message, severity: "error" }] } });
  }
  const index = await listTickets(repo);
  // The tasks apart from the intents and epics, as exo status counts them (before: `todo 1` for
  // the example's intent, while status said `1 task in review; 1 intent`).
  const { by_status, by_kind, tasks_by_status, tasks_blocked } = (await import("./status.js")).ticketTally(index.list);
  const m = computeMetrics({ records: await readAllRecords(repo), since, until, live: await liveSessions(ctx, false), ticketsByStatus: by_status, threshold: config.drift.warn_threshold, ledgerValid: (await verifyLedger(repo, { git: false, env: ctx.env })).valid });
  // Beside SPEC §7.20's `tickets` object, whose keys it lists, as exo status keeps its own.
  return { ...m, tasks_by_status, tickets_by_kind: by_kind, tasks_blocked };
}

export async function fleetDrift(ctx: Context, input: { since?: string | undefined; include_finished: number; by: ("actor" | "vendor" | "model")[]; threshold: number }) {
  const repo = await ctx.governed();
  const { computeFleet } = await import("../stdlib/observe/metrics.js");
  return computeFleet({
    records: await readAllRecords(repo),
    since: input.since ? new Date(input.since) : null,
    includeFinished: input.include_finished,
    live: (await liveSessions(ctx, true)).filter((s) => s.status === "active" || s.status === "suspended"),
    // SPEC §6.6 lists the groups as actor, vendor, model: that order, whatever order --by came in.
    by: (["actor", "vendor", "model"] as const).filter((d) => input.by.length === 0 || input.by.includes(d)),
    threshold: input.threshold,
  });
}
