// The dashboard's views: pure functions from the gathered data to HTML strings. The server renders
// the first page with them and the page re-renders changed sections with the very same code
// (page.ts ships their source text), so every function here must be self-contained: it may call
// only the other functions listed in VIEW_FUNCTIONS, never an import or a module constant.
import type { DashboardData, LiveView, SpanView } from "../orchestrator/dashboard.js";

export interface Ui {
  filter: { type: string; session: string; ticket: string; actor: string; marked: boolean };
  session: string | null;
}

export function esc(s: unknown): string {
  return String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "42s", "5m 03s", "2h 07m", "3d 4h" between an ISO time and now (ms). */
export function ago(ts: string | null, now: number): string {
  if (!ts) return "";
  const s = Math.max(0, Math.floor((now - Date.parse(ts)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** A span the page keeps ticking (data-ts) so ages stay current between updates. */
export function agoSpan(ts: string | null, now: number): string {
  return ts ? `<span class="ago" data-ts="${esc(ts)}" title="${esc(ts)}">${ago(ts, now)}</span>` : "";
}

export function driftBadge(d: number | null | undefined, threshold: number, provisional?: boolean): string {
  if (typeof d !== "number" || !Number.isFinite(d)) return `<span class="muted">–</span>`;
  const cls = d >= threshold ? "hi" : d >= 0.3 ? "mid" : "lo";
  return `<span class="drift ${cls}" title="${provisional ? "live estimate" : "at close"}">${d.toFixed(2)}${provisional ? "*" : ""}</span>`;
}

export function badge(text: string, cls: string): string {
  return `<span class="badge ${cls}">${esc(text)}</span>`;
}

export function sessionLink(id: string | null): string {
  return id ? `<a class="ses" href="#session/${encodeURIComponent(id)}">${esc(id)}</a>` : "";
}

export function table(cls: string, headers: string[], rows: string[][], rowClasses?: string[]): string {
  if (rows.length === 0) return `<p class="muted none">None.</p>`;
  return `<div class="scroll"><table class="${cls}"><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r, i) => `<tr class="${rowClasses?.[i] ?? ""}">${r.map((c) => `<td>${c}</td>`).join("")}</tr>`)
    .join("")}</tbody></table></div>`;
}

export function viewHeader(d: DashboardData, _ui: Ui, now: number): string {
  const gov = d.governance.status === "valid" ? "ok" : "bad";
  const fleet = d.fleet.status === "healthy" ? "ok" : d.fleet.status === "degraded" ? "warn" : "bad";
  const stale = d.sessions.live.filter((s) => s.stale).length;
  const active = d.sessions.live.filter((s) => s.status === "active").length;
  return `<h1>exo · ${esc(d.repo)}</h1><div class="facts">
<span>governance ${badge(d.governance.status, gov)} <span class="muted">lock v${esc(d.governance.version ?? "–")}</span></span>
<span>fleet ${badge(d.fleet.status, fleet)}</span>
<span>sessions <b id="n-live">${active}</b> active${stale ? ` ${badge(`${stale} stale`, "warn")}` : ""}</span>
<span>ledger ${d.ledger.records} ${d.ledger.records === 1 ? "record" : "records"} · ${d.ledger.segments} ${d.ledger.segments === 1 ? "segment" : "segments"} ${badge(d.ledger.valid ? "verifies" : "INVALID", d.ledger.valid ? "ok" : "bad")}</span>
<span>hook denials ${d.ledger.denials ? badge(String(d.ledger.denials), "bad") : "0"}</span>
<span class="muted" title="${esc(d.generated_at)}">updated ${agoSpan(d.generated_at, now)} ago</span></div>${d.fleet.reasons.length ? `<p class="reasons">${d.fleet.reasons.map(esc).join(" · ")}</p>` : ""}`;
}

export function liveState(s: LiveView): string {
  if (s.stale) return badge(`${s.status === "suspended" ? "suspended, " : ""}stale: ${s.stale_reasons.join(", ") || "unknown"}`, "bad");
  if (s.status === "suspended") return badge("suspended", "warn");
  return badge("running", "ok");
}

export function viewLive(d: DashboardData, _ui: Ui, now: number): string {
  const rows = d.sessions.live.map((s) => [
    sessionLink(s.id),
    esc(s.actor),
    esc(s.harness),
    `${esc(s.ticket)}<div class="sub">${esc(s.ticket_title)}</div>`,
    `<code>${esc(s.scope.allow.join(" ") || "(none)")}</code>${s.scope.deny.length ? `<div class="sub">deny ${esc(s.scope.deny.join(" "))}</div>` : ""}`,
    agoSpan(s.started_at, now),
    agoSpan(s.heartbeat_at, now),
    `<span title="${esc(s.touched.join("\n"))}">${s.touched_count}</span>${s.drift ? `<div class="sub">${s.drift.changed} changed</div>` : ""}`,
    `${driftBadge(s.drift?.score, d.threshold, true)}${s.drift && s.drift.out_of_scope.length ? `<div class="sub bad-text">out of scope: ${esc(s.drift.out_of_scope.slice(0, 3).join(", "))}${s.drift.out_of_scope.length > 3 ? " …" : ""}</div>` : ""}`,
    s.denials ? badge(String(s.denials), "bad") : "0",
    liveState(s),
  ]);
  const cls = d.sessions.live.map((s) => `live-row${s.stale ? " stale" : ""}${s.drift && s.drift.score >= d.threshold ? " high" : ""}`);
  return `<h2>Live sessions <span class="count">${d.sessions.live.length}</span></h2>${table("live", ["session", "actor", "harness", "ticket", "scope", "age", "heartbeat", "files", "drift", "denied", "state"], rows, cls)}<p class="note muted">* live drift estimate (provisional until the session closes)</p>`;
}

export function viewClosed(d: DashboardData, _ui: Ui, now: number): string {
  const rows = d.sessions.closed.map((s) => [
    sessionLink(s.id),
    `${esc(s.actor)}${s.recovered_by ? `<div class="sub">recovered by ${esc(s.recovered_by)}</div>` : ""}`,
    esc(s.ticket),
    badge(s.outcome, s.outcome === "finished" ? "ok" : s.outcome === "handed_off" ? "info" : "bad"),
    s.verify ? badge(s.verify, s.verify === "passed" ? "ok" : s.verify === "failed" ? "bad" : "") : "",
    driftBadge(s.drift, d.threshold),
    agoSpan(s.at, now),
  ]);
  return `<h2>Last closed sessions</h2>${table("closed", ["session", "actor", "ticket", "outcome", "verify", "drift", "closed"], rows, d.sessions.closed.map((s) => (s.drift !== null && s.drift >= d.threshold ? "high" : "")))}`;
}

export function options(name: string, values: string[], chosen: string): string {
  return `<select data-filter="${name}" aria-label="${name}"><option value="">all ${name}s</option>${values.map((v) => `<option${v === chosen ? " selected" : ""} value="${esc(v)}">${esc(v)}</option>`).join("")}</select>`;
}

export function viewTimeline(d: DashboardData, ui: Ui, now: number): string {
  const f = ui.filter;
  const distinct = (pick: (e: DashboardData["timeline"][number]) => string | null) => [...new Set(d.timeline.map(pick).filter((x): x is string => !!x))].sort();
  const shown = d.timeline.filter((e) => (!f.type || e.type === f.type) && (!f.session || e.session === f.session) && (!f.ticket || e.ticket === f.ticket) && (!f.actor || e.actor === f.actor) && (!f.marked || e.mark !== "")).reverse();
  const rows = shown.slice(0, 200).map((e) => [agoSpan(e.ts, now), `<span class="type">${esc(e.type)}</span>`, esc(e.actor), sessionLink(e.session), esc(e.ticket ?? ""), esc(e.summary)]);
  return `<h2>Ledger timeline <span class="count">${shown.length}</span></h2><div class="filters">${options("type", distinct((e) => e.type), f.type)}${options("session", distinct((e) => e.session), f.session)}${options("ticket", distinct((e) => e.ticket), f.ticket)}${options("actor", distinct((e) => e.actor), f.actor)}<label><input type="checkbox" data-filter="marked"${f.marked ? " checked" : ""}> highlights only</label></div>${table(
    "timeline",
    ["when", "event", "actor", "session", "ticket", "what"],
    rows,
    shown.slice(0, 200).map((e) => (e.mark ? `mark mark-${e.mark}` : "")),
  )}${shown.length > 200 ? `<p class="muted">Showing the newest 200 of ${shown.length}.</p>` : ""}`;
}

export function treeNodes(nodes: DashboardData["tree"]["roots"], threshold: number): string {
  return `<ul class="tree">${nodes
    .map(
      (n) =>
        `<li><span class="kind">${esc(n.kind)}</span> <b>${esc(n.title)}</b> <span class="muted">${esc(n.id)}</span> ${badge(n.status, n.status === "done" ? "ok" : n.status === "active" ? "info" : n.status === "blocked" || n.status === "paused" ? "warn" : "")} ${n.drift !== null ? `drift ${driftBadge(n.drift, threshold)}` : ""}${n.sessions ? ` <span class="muted">${n.sessions} session(s)</span>` : ""}${n.live ? ` ${badge(`${n.live} live`, "live")}` : ""}${n.children.length ? treeNodes(n.children as DashboardData["tree"]["roots"], threshold) : ""}</li>`,
    )
    .join("")}</ul>`;
}

export function viewTree(d: DashboardData): string {
  return `<h2>Intents</h2>${d.tree.roots.length ? treeNodes(d.tree.roots, d.threshold) : `<p class="muted none">None.</p>`}${d.tree.orphans.length ? `<h3>Orphans</h3>${treeNodes(d.tree.orphans, d.threshold)}` : ""}`;
}

export function viewLocks(d: DashboardData, _ui: Ui, now: number): string {
  const until = (ts: string) => {
    const ms = Date.parse(ts) - now;
    return ms > 0 ? `in ${ago(new Date(now - ms).toISOString(), now)}` : `${ago(ts, now)} ago`;
  };
  const locks = table(
    "locks",
    ["ticket", "state", "owner", "session", "token", "heartbeat", "expires", "lease"],
    d.locks.map((l) => [esc(l.ticket), l.live ? badge("live", "ok") : l.state === "released" ? badge("released", "") : badge("expired", "warn"), esc(l.owner), sessionLink(l.session), esc(l.fencing_token), agoSpan(l.heartbeat_at, now), `<span title="${esc(l.expires_at)}">${l.state === "released" ? "–" : until(l.expires_at)}</span>`, esc(l.remote ?? "local")]),
    d.locks.map((l) => (l.live ? "" : "dim")),
  );
  const leases = d.leases.length
    ? `<h3>Remote leases <span class="muted">(as last fetched)</span></h3>${table(
        "leases",
        ["remote", "ticket", "state", "owner", "session", "token", "expires"],
        d.leases.map((l) => [esc(l.remote), esc(l.ticket), l.live ? badge("held", "ok") : badge(l.state === "held" ? "expired" : l.state, ""), esc(l.owner), sessionLink(l.session), esc(l.fencing_token), `<span title="${esc(l.expires_at)}">${until(l.expires_at)}</span>`]),
      )}`
    : "";
  return `<h2>Locks and leases</h2>${locks}${leases}`;
}

export function viewTrends(d: DashboardData): string {
  const max = Math.max(1, d.drift.low, d.drift.medium, d.drift.high);
  const rows: [string, number, string][] = [["< 0.3", d.drift.low, "lo"], ["0.3–0.7", d.drift.medium, "mid"], ["≥ 0.7", d.drift.high, "hi"]];
  const bars = `<svg class="bars" viewBox="0 0 300 96" width="300" height="96" role="img" aria-label="drift distribution">${rows
    .map(([label, n, cls], i) => `<text x="0" y="${20 + i * 30}">${label}</text><rect class="${cls}" x="64" y="${8 + i * 30}" width="${Math.round((n / max) * 200)}" height="16"/><text x="${70 + Math.round((n / max) * 200)}" y="${20 + i * 30}">${n}</text>`)
    .join("")}</svg>`;
  const pts = d.trend.filter((t) => typeof t.drift === "number");
  let chart = `<p class="muted none">No closed sessions yet.</p>`;
  if (d.trend.length > 0) {
    const W = 560;
    const H = 160;
    const times = d.trend.map((t) => Date.parse(t.at));
    const t0 = Math.min(...times);
    const span = Math.max(1, Math.max(...times) - t0);
    const x = (ts: string) => 30 + ((Date.parse(ts) - t0) / span) * (W - 40);
    const y = (v: number) => H - 20 - Math.min(1, v) * (H - 30);
    const colour = (o: string) => (o === "finished" ? "ok" : o === "handed_off" ? "info" : "bad");
    chart = `<svg class="trend" viewBox="0 0 ${W} ${H}" width="100%" height="${H}" preserveAspectRatio="none" role="img" aria-label="drift of closed sessions over time">
<line class="axis" x1="30" y1="${y(0)}" x2="${W - 10}" y2="${y(0)}"/><line class="axis" x1="30" y1="${y(1)}" x2="30" y2="${y(0)}"/>
<line class="threshold" x1="30" y1="${y(d.threshold)}" x2="${W - 10}" y2="${y(d.threshold)}"/><text x="0" y="${y(d.threshold) + 4}">${d.threshold}</text><text x="0" y="${y(0) + 4}">0</text><text x="0" y="${y(1) + 4}">1</text>
${pts.map((t) => `<circle class="pt ${colour(t.outcome)}${t.verify === "failed" ? " failed" : ""}" cx="${x(t.at).toFixed(1)}" cy="${y(t.drift as number).toFixed(1)}" r="4"><title>${esc(t.session)} ${esc(t.actor)} ${esc(t.outcome)} drift ${(t.drift as number).toFixed(2)}</title></circle>`).join("")}
${d.trend.filter((t) => typeof t.drift !== "number").map((t) => `<text class="nodrift" x="${x(t.at).toFixed(1)}" y="${H - 4}">×</text>`).join("")}</svg>`;
  }
  const outcomes: Record<string, number> = {};
  for (const t of d.trend) outcomes[t.outcome] = (outcomes[t.outcome] ?? 0) + 1;
  const failed = d.trend.filter((t) => t.verify === "failed").length;
  return `<h2>Drift and outcomes</h2><div class="trends"><div>${bars}</div><div class="chart">${chart}<p class="legend"><span class="dot ok"></span>finished <span class="dot info"></span>handed off <span class="dot bad"></span>crashed/superseded <span class="dot failed"></span>verify failed <span class="dash"></span>threshold</p><p>${Object.entries(outcomes)
    .map(([o, n]) => `${esc(o)} <b>${n}</b>`)
    .join(" · ")}${failed ? ` · verify failed <b>${failed}</b>` : ""}</p></div></div>`;
}

export function viewFleet(d: DashboardData): string {
  const rows = Object.entries(d.fleet.groups).flatMap(([dim, list]) => list.map((g) => [esc(dim), esc(g.key), esc(g.sessions), esc(g.active), driftBadge(g.avg_drift, d.threshold), driftBadge(g.max_drift, d.threshold), g.high ? badge(String(g.high), "bad") : "0"]));
  return `<h2>Fleet</h2>${table("fleet", ["by", "key", "sessions", "active", "avg drift", "max drift", "high"], rows)}`;
}

export function spanBars(spans: SpanView[]): string {
  if (spans.length === 0) return `<p class="muted none">No spans.</p>`;
  const t0 = Math.min(...spans.map((s) => s.start));
  const total = Math.max(1, Math.max(...spans.map((s) => s.end)) - t0);
  return `<div class="spans">${spans
    .map(
      (s) =>
        `<div class="span-row"><span class="span-name">${esc(s.name)}</span><span class="span-track"><span class="span-bar s${s.status}" style="left:${(((s.start - t0) / total) * 100).toFixed(2)}%;width:${Math.max(0.5, ((s.end - s.start) / total) * 100).toFixed(2)}%"></span></span><span class="span-detail">${esc(s.detail)} <span class="muted">${((s.end - s.start) / 1000).toFixed(1)}s</span></span></div>`,
    )
    .join("")}</div>`;
}

/** A memento: its Markdown first, the front matter (receipt) folded below. */
export function mementoView(text: string): string {
  const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!m) return `<pre class="memento">${esc(text)}</pre>`;
  return `<pre class="memento">${esc((m[2] ?? "").trim())}</pre><details><summary>front matter</summary><pre>${esc(m[1])}</pre></details>`;
}

export function viewSession(d: DashboardData, ui: Ui, now: number): string {
  if (!ui.session) return "";
  const id = ui.session;
  const detail = d.details[id];
  const live = d.sessions.live.find((s) => s.id === id);
  const closed = d.sessions.closed.find((s) => s.id === id);
  const head = live
    ? `<p>${esc(live.actor)} · ${esc(live.harness)} · ${esc(live.vendor)}/${esc(live.model)} · ticket ${esc(live.ticket)} “${esc(live.ticket_title)}” · started ${agoSpan(live.started_at, now)} ago · ${liveState(live)} · drift ${driftBadge(live.drift?.score, d.threshold, true)}</p>${live.task ? `<p>task: ${esc(live.task)}</p>` : ""}<p>scope <code>${esc(live.scope.allow.join(" "))}</code>${live.touched.length ? ` · touched: ${esc(live.touched.join(", "))}` : ""}</p>`
    : closed
      ? `<p>${esc(closed.actor)} · ticket ${esc(closed.ticket)} · ${badge(closed.outcome, closed.outcome === "finished" ? "ok" : "bad")} · verify ${esc(closed.verify ?? "–")} · drift ${driftBadge(closed.drift, d.threshold)}</p>`
      : `<p class="muted">This session is not among the live or last ${d.sessions.closed.length} closed sessions.</p>`;
  const events = detail?.events.length ? table("events", ["when", "event", "what"], detail.events.map((e) => [agoSpan(e.ts, now), esc(e.name), esc(e.detail)]), detail.events.map((e) => (e.name === "hook.denied" ? "mark mark-deny" : ""))) : "";
  return `<div class="panel"><a class="close" href="#">× close</a><h2>Session ${esc(id)}</h2>${head}${detail ? `<h3>Trace${detail.provisional ? " <span class=\"muted\">(open: provisional)</span>" : ""}</h3>${spanBars(detail.spans)}${events ? `<h3>Hook and handoff events</h3>${events}` : ""}${detail.memento !== null ? `<h3>Memento <span class="muted">${esc(detail.memento_path)}</span></h3>${mementoView(detail.memento)}` : ""}${detail.bootstrap !== null ? `<h3>Bootstrap</h3><pre class="bootstrap">${esc(detail.bootstrap)}</pre>` : ""}` : ""}</div>`;
}

/** Shipped to the page in this order (helpers first). */
/**
 * The functions the page script carries, by the names its code calls them (the keys: a minified
 * build renames the functions themselves, never an object's keys).
 */
export const VIEW_FUNCTIONS = { esc, ago, agoSpan, driftBadge, badge, sessionLink, table, liveState, options, treeNodes, spanBars, mementoView, viewHeader, viewLive, viewClosed, viewTimeline, viewTree, viewLocks, viewTrends, viewFleet, viewSession };

/** Page sections: container id suffix → its view (a VIEW_FUNCTIONS key) and the data keys it reads. */
export const SECTIONS = {
  header: { view: "viewHeader", keys: ["generated_at", "governance", "fleet", "ledger", "sessions", "repo"] },
  live: { view: "viewLive", keys: ["sessions", "threshold"] },
  trends: { view: "viewTrends", keys: ["drift", "trend", "threshold"] },
  timeline: { view: "viewTimeline", keys: ["timeline"] },
  tree: { view: "viewTree", keys: ["tree", "threshold"] },
  locks: { view: "viewLocks", keys: ["locks", "leases"] },
  closed: { view: "viewClosed", keys: ["sessions", "threshold"] },
  fleet: { view: "viewFleet", keys: ["fleet", "threshold"] },
  session: { view: "viewSession", keys: ["details", "sessions", "threshold"] },
} as const satisfies Record<string, { view: keyof typeof VIEW_FUNCTIONS; keys: readonly string[] }>;
