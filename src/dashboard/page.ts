// The dashboard page (SPEC §8.11): one self-contained HTML file — inline CSS, JS and SVG, the data
// embedded as JSON in <script type="application/json" id="exo-data">, no request to any other
// origin (a Content-Security-Policy says so). Served live, the same page follows /events
// (server-sent events) and re-renders only the sections whose data changed.
import type { DashboardData } from "../orchestrator/dashboard.js";
import { SECTIONS, VIEW_FUNCTIONS, esc, type Ui } from "./views.js";

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'";

const CSS = `
:root{--ok:#1f7a45;--ok-bg:#d6f0df;--bad:#b3261e;--bad-bg:#fbd9d6;--warn:#8a5300;--warn-bg:#fde8c4;--info:#1d4f91;--info-bg:#dbe7fb;--line:#e2e2e2;--muted:#6b6b6b}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d1d1d;background:#f7f7f5}
header{background:#fff;border-bottom:1px solid var(--line);padding:12px 20px;position:sticky;top:0;z-index:2}
h1{font-size:19px;margin:0 0 6px}h2{font-size:15px;margin:0 0 10px}h3{font-size:13px;margin:14px 0 6px}
.facts{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center}.reasons{margin:6px 0 0;color:var(--warn)}
#conn{float:right;font-size:12px}#conn.on{color:var(--ok)}#conn.off{color:var(--bad)}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:14px;padding:14px 20px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px;min-width:0}
#v-live,#v-timeline{grid-column:1/-1}
@media (max-width:900px){main{grid-template-columns:minmax(0,1fr);padding:8px}header{position:static}}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600;white-space:nowrap}
.sub{font-size:12px;color:var(--muted)}.muted{color:var(--muted)}.note{font-size:12px;margin:6px 0 0}.count{font-weight:400;color:var(--muted)}
code{font-size:12px;background:#f1f1ef;padding:1px 4px;border-radius:4px;word-break:break-all}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;background:#eee;font-size:12px;white-space:nowrap}
.badge.ok{background:var(--ok-bg);color:var(--ok)}.badge.bad{background:var(--bad-bg);color:var(--bad);font-weight:600}.badge.warn{background:var(--warn-bg);color:var(--warn)}.badge.info{background:var(--info-bg);color:var(--info)}.badge.live{background:#1d4f91;color:#fff}
.drift{font-variant-numeric:tabular-nums;padding:1px 6px;border-radius:4px}.drift.lo{color:var(--ok)}.drift.mid{background:var(--warn-bg);color:var(--warn)}.drift.hi{background:var(--bad);color:#fff;font-weight:700}
.bad-text{color:var(--bad)}
tr.stale td{background:#fff6e5}tr.high td:first-child{box-shadow:inset 4px 0 var(--bad)}tr.dim td{color:var(--muted)}
tr.mark-deny td,tr.mark-tamper td,tr.mark-crash td{background:#fdeceb}tr.mark-deny td:nth-child(2),tr.mark-tamper td:nth-child(2){color:var(--bad);font-weight:700}
tr.mark-handoff td,tr.mark-takeover td{background:#eef3fd}tr.mark-ask td,tr.mark-warn td,tr.mark-fail td,tr.mark-error td{background:#fff6e5}
.type{font-family:ui-monospace,monospace;font-size:12px}.filters{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:8px}select{max-width:220px}
.tree{list-style:none;padding-left:16px;margin:4px 0}.tree>li{margin:3px 0}.kind{font-size:11px;text-transform:uppercase;color:var(--muted)}
.bars text,.trend text{font-size:11px;fill:#444}.bars .lo,.pt.ok{fill:#3a9a5b}.bars .mid{fill:#e9a23b}.bars .hi,.pt.bad{fill:var(--bad)}.pt.info{fill:#3567b5}.pt.failed{stroke:#000;stroke-width:2}
.trend .axis{stroke:#bbb}.trend .threshold{stroke:var(--bad);stroke-dasharray:4 3}.trends{display:flex;flex-wrap:wrap;gap:12px}.chart{flex:1;min-width:260px}
.legend{font-size:12px;color:var(--muted)}.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin:0 3px 0 8px}.dot.ok{background:#3a9a5b}.dot.info{background:#3567b5}.dot.bad{background:var(--bad)}.dot.failed{border:2px solid #000}.dash{display:inline-block;width:16px;border-top:2px dashed var(--bad);margin:0 3px 3px 8px}
a.ses{color:var(--info);font-family:ui-monospace,monospace;font-size:12px;white-space:nowrap}
#v-session{display:none;position:fixed;inset:0;background:rgba(0,0,0,.35);z-index:5;padding:3vh 3vw;overflow:auto;border:0;border-radius:0}
body.detail #v-session{display:block}.panel{background:#fff;border-radius:8px;padding:16px 20px;max-width:1100px;margin:0 auto}.close{float:right}
pre{white-space:pre-wrap;background:#f6f6f4;padding:10px;border-radius:6px;font-size:12px;max-height:380px;overflow:auto}
.spans{font-size:12px}.span-row{display:grid;grid-template-columns:180px 1fr 220px;gap:8px;align-items:center;margin:2px 0}
.span-track{position:relative;height:12px;background:#f0f0ee;border-radius:3px}.span-bar{position:absolute;top:0;height:12px;border-radius:3px;background:#8aa6d6;min-width:3px}.span-bar.s1{background:#3a9a5b}.span-bar.s2{background:var(--bad)}
@media (max-width:700px){.span-row{grid-template-columns:1fr}}
`;

/** The page script: routes, filters, ticking ages and the live /events stream. */
const BOOT = `
var el = document.getElementById("exo-data");
var data = JSON.parse(el.textContent);
var ui = { filter: { type: "", session: "", ticket: "", actor: "", marked: false }, session: null };
var received = Date.now();
var live = document.querySelector('meta[name="exo-live"]');
function now() { return Date.parse(data.generated_at) + (Date.now() - received); }
function render(name) {
  var c = document.getElementById("v-" + name);
  if (c) c.innerHTML = SECTIONS[name].view(data, ui, now());
}
function retitle() {
  var live = data.sessions.live, active = 0, stale = 0;
  for (var i = 0; i < live.length; i++) { if (live[i].status === "active") active++; if (live[i].stale) stale++; }
  document.title = "exo · " + data.repo + " · " + active + " active" + (stale ? " · " + stale + " stale" : "");
}
function route() {
  var m = /^#session\\/(.+)$/.exec(location.hash);
  ui.session = m ? decodeURIComponent(m[1]) : null;
  document.body.classList.toggle("detail", !!ui.session);
  render("session");
}
window.addEventListener("hashchange", route);
document.addEventListener("change", function (e) {
  var t = e.target;
  if (!t || !t.getAttribute || !t.getAttribute("data-filter")) return;
  var k = t.getAttribute("data-filter");
  ui.filter[k] = t.type === "checkbox" ? t.checked : t.value;
  render("timeline");
});
document.addEventListener("keydown", function (e) { if (e.key === "Escape" && ui.session) location.hash = ""; });
setInterval(function () {
  var n = now(), list = document.querySelectorAll(".ago[data-ts]");
  for (var i = 0; i < list.length; i++) list[i].textContent = ago(list[i].getAttribute("data-ts"), n);
}, 1000);
var conn = document.getElementById("conn");
if (live) {
  var rev = Number(live.getAttribute("content"));
  var connect = function () {
    var es = new EventSource("events?rev=" + rev);
    es.addEventListener("update", function (ev) {
      var msg = JSON.parse(ev.data);
      rev = msg.rev;
      var changed = Object.keys(msg.patch);
      for (var i = 0; i < changed.length; i++) data[changed[i]] = msg.patch[changed[i]];
      received = Date.now();
      for (var name in SECTIONS) {
        if (SECTIONS[name].keys.some(function (k) { return changed.indexOf(k) >= 0; })) render(name);
      }
      if (changed.indexOf("sessions") >= 0) retitle();
      document.body.setAttribute("data-rev", String(rev));
    });
    es.onopen = function () { conn.textContent = "● live"; conn.className = "on"; };
    es.onerror = function () { conn.textContent = "● reconnecting…"; conn.className = "off"; };
  };
  connect();
} else {
  conn.textContent = "static snapshot"; conn.className = "";
}
route();
retitle();
document.body.setAttribute("data-ready", "1");
`;

let script: string | null = null;
/** The page script: the view functions' own source, the section table, then BOOT. */
export function pageScript(): string {
  if (script !== null) return script;
  const views = Object.entries(VIEW_FUNCTIONS);
  const sections = Object.entries(SECTIONS)
    .map(([name, s]) => `${JSON.stringify(name)}: { view: ${s.view}, keys: ${JSON.stringify(s.keys)} }`)
    .join(",\n");
  // The functions' own source, in a scope of their own, then each under the name BOOT and SECTIONS
  // call it by. A minified build renames the functions and their calls to one another alike, so
  // their source holds together as it is; names written here (in BOOT) would miss them.
  const scope = `var VIEWS = (function () {\n${views.map(([, f]) => f.toString()).join("\n")}\nreturn { ${views.map(([name, f]) => `${name}: ${f.name}`).join(", ")} };\n})();\nvar ${views.map(([name]) => `${name} = VIEWS.${name}`).join(", ")};`;
  script = `(function () {\n"use strict";\n${scope}\nvar SECTIONS = {\n${sections}\n};\n${BOOT}\n})();`;
  return script;
}

/** A section's view function. */
function sectionView(name: keyof typeof SECTIONS): (d: DashboardData, ui: Ui, now: number) => string {
  return VIEW_FUNCTIONS[SECTIONS[name].view];
}

const ORDER = ["live", "trends", "tree", "timeline", "locks", "closed", "fleet"] as const;

export function renderPage(d: DashboardData, opts: { rev?: number } = {}): string {
  const ui: Ui = { filter: { type: "", session: "", ticket: "", actor: "", marked: false }, session: null };
  const now = Date.parse(d.generated_at);
  const json = JSON.stringify(d).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  const sections = ORDER.map((name) => `<section id="v-${name}">${sectionView(name)(d, ui, now)}</section>`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
${opts.rev !== undefined ? `<meta name="exo-live" content="${opts.rev}">` : ""}<link rel="icon" href="data:,">
<title>exo · ${esc(d.repo)}</title>
<style>${CSS}</style></head><body>
<header><span id="conn"></span><div id="v-header">${sectionView("header")(d, ui, now)}</div></header>
<main>
${sections}
</main>
<section id="v-session" aria-live="polite"></section>
<script type="application/json" id="exo-data">${json}</script>
<script>${pageScript()}</script>
</body></html>
`;
}

export { CSP };
