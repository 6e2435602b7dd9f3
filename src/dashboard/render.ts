// The dashboard page (SPEC §8.11): one self-contained HTML file, inline CSS, JS and SVG, data
// embedded as JSON; no network requests.
export interface DashboardData {
  generated_at: string;
  repo: string;
  governance: { status: string; version: number | null };
  sessions: { live: { id: string; actor: string; ticket: string; status: string; stale: boolean }[]; closed: { id: string; actor: string; ticket: string; outcome: string; verify: string | null; drift: number | null; at: string }[] };
  drift: { low: number; medium: number; high: number };
  fleet: { status: string; reasons: string[]; groups: Record<string, { key: string; sessions: number; avg_drift: number | null; max_drift: number | null; high: number }[]> };
  tree: { roots: unknown[]; orphans: unknown[] };
  locks: { ticket: string; owner: string; session: string | null; expires_at: string; live: boolean }[];
  ledger: { segments: number; records: number; valid: boolean };
}

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function bars(d: DashboardData["drift"]): string {
  const max = Math.max(1, d.low, d.medium, d.high);
  const rows: [string, number, string][] = [["< 0.3", d.low, "#3a7"], ["0.3–0.7", d.medium, "#e9a23b"], ["≥ 0.7", d.high, "#d33"]];
  return `<svg viewBox="0 0 320 100" width="320" height="100" role="img" aria-label="drift distribution">${rows
    .map(([label, n, color], i) => `<text x="0" y="${22 + i * 30}" font-size="12">${label}</text><rect x="70" y="${10 + i * 30}" width="${Math.round((n / max) * 220)}" height="16" fill="${color}"/><text x="${76 + Math.round((n / max) * 220)}" y="${22 + i * 30}" font-size="12">${n}</text>`)
    .join("")}</svg>`;
}

function tree(nodes: unknown[], depth = 0): string {
  return (nodes as { id: string; title: string; drift: number | null; children: unknown[] }[])
    .map((n) => `<div style="margin-left:${depth * 18}px">${esc(n.id)} <b>${esc(n.title)}</b>${n.drift !== null ? ` <span class="d">drift ${n.drift.toFixed(2)}</span>` : ""}</div>${tree(n.children, depth + 1)}`)
    .join("");
}

function table(headers: string[], rows: unknown[][]): string {
  if (rows.length === 0) return "<p class=\"muted\">None.</p>";
  return `<table><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("")}</table>`;
}

export function renderDashboard(d: DashboardData): string {
  const json = JSON.stringify(d).replace(/</g, "\\u003c");
  const groups = Object.entries(d.fleet.groups).flatMap(([dim, list]) => list.map((g) => [dim, g.key, g.sessions, g.avg_drift ?? "", g.max_drift ?? "", g.high]));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>exo · ${esc(d.repo)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}th{background:#f4f4f4}
.badge{padding:2px 8px;border-radius:10px;background:#eee}.ok{background:#cfe9d8}.bad{background:#f6cccc}.warn{background:#fbe6c2}.muted{color:#777}.d{color:#666;font-size:12px}
section{display:inline-block;vertical-align:top;margin-right:32px}
</style></head><body>
<h1>exo · ${esc(d.repo)}</h1>
<p>governance <span class="badge ${d.governance.status === "valid" ? "ok" : "bad"}">${esc(d.governance.status)}</span> lock v${esc(d.governance.version)} · fleet <span class="badge ${d.fleet.status === "healthy" ? "ok" : d.fleet.status === "degraded" ? "warn" : "bad"}">${esc(d.fleet.status)}</span> · ledger ${d.ledger.records} records in ${d.ledger.segments} segment(s) <span class="badge ${d.ledger.valid ? "ok" : "bad"}">${d.ledger.valid ? "verifies" : "INVALID"}</span> · generated ${esc(d.generated_at)}</p>
<section><h2>Live sessions</h2>${table(["session", "actor", "ticket", "status", "stale"], d.sessions.live.map((s) => [s.id, s.actor, s.ticket, s.status, s.stale ? "stale" : ""]))}</section>
<section><h2>Drift distribution</h2>${bars(d.drift)}</section>
<h2>Last closed sessions</h2>${table(["session", "actor", "ticket", "outcome", "verify", "drift", "at"], d.sessions.closed.map((s) => [s.id, s.actor, s.ticket, s.outcome, s.verify ?? "", s.drift ?? "", s.at]))}
<h2>Fleet</h2>${d.fleet.reasons.length ? `<p>${d.fleet.reasons.map(esc).join("; ")}</p>` : ""}${table(["by", "key", "sessions", "avg drift", "max drift", "high"], groups)}
<h2>Intents</h2>${tree(d.tree.roots) || "<p class=\"muted\">None.</p>"}${d.tree.orphans.length ? `<h3>Orphans</h3>${tree(d.tree.orphans)}` : ""}
<h2>Locks</h2>${table(["ticket", "owner", "session", "expires", "live"], d.locks.map((l) => [l.ticket, l.owner, l.session ?? "", l.expires_at, l.live ? "live" : ""]))}
<script type="application/json" id="exo-data">${json}</script>
<script>document.title += " (" + JSON.parse(document.getElementById("exo-data").textContent).sessions.live.length + " live)";</script>
</body></html>
`;
}
