// Human views of the report commands: metrics, fleet-drift, pr-check, trace, trace-reqs, the
// manifests, learnings, export-traces and dashboard. Verdict first, details after.
import { fill } from "../help-layout.js";
import { c, clip, COLUMNS, hanging, plural, short, table, tone, truncated } from "./style.js";
import { ticketCounts } from "./status.js";

const num = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined ? "-" : Number.isInteger(v) ? String(v) : v.toFixed(digits));
const pct = (v: number | null | undefined): string => (v === null || v === undefined ? "-" : `${Math.round(v * 100)}%`);
const driftTone = (v: number | null, threshold = 0.7): string => (v === null ? "-" : v >= threshold ? c.yellow(num(v)) : num(v));

/** The sessions a drift figure covers: closed ones and live ones with a drift. */
interface Covers {
  closed: number;
  live: number;
  sessions: string;
}

/** "over 3 closed sessions and 2 live": what an average is taken over. */
function over(cv: Covers | undefined): string {
  if (!cv) return "";
  if (cv.live === 0) return ` over ${plural(cv.closed, "closed session")}`;
  return ` over ${plural(cv.closed + cv.live, "session")} (${cv.closed} closed, ${cv.live} live)`;
}

interface MetricsView {
  window: { since: string; until: string };
  sessions: Record<string, number>;
  verify: { passed: number; failed: number; skipped: number; none: number; pass_rate: number | null };
  drift: { count: number; avg: number | null; p50: number | null; p90: number | null; max: number | null; buckets: { low: number; medium: number; high: number }; covers?: Covers };
  tickets: { by_status: Record<string, number>; done_in_window: number; throughput: { week: string; done: number }[]; median_cycle_hours: number | null };
  /** exo metrics's additions beside SPEC's `tickets` (the tasks apart, as exo status counts them). */
  tasks_by_status?: Record<string, number>;
  tickets_by_kind?: Record<string, number>;
  tasks_blocked?: number;
  actors: { actor: string; sessions: number; avg_drift: number | null; pass_rate: number | null; denials: number }[];
  hooks: { denied: number; asked: number; warned: number; commit_blocked: number };
  fleet_health: { status: string; reasons: string[] };
}

/** "4 total: 2 finished, 1 handed off, 1 crashed": the states with sessions in them. */
function sessionCounts(s: Record<string, number>): string {
  const states: [string, string][] = [["finished", "finished"], ["handed_off", "handed off"], ["crashed", "crashed"], ["active", "active"], ["suspended", "suspended"]];
  const parts = states.filter(([key]) => (s[key] ?? 0) > 0).map(([key, label]) => `${s[key]} ${label}`);
  return `${s["total"] ?? 0} total${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`;
}

export function renderMetrics(d: MetricsView): string {
  const s = d.sessions;
  const out = [
    `fleet ${tone(d.fleet_health.status)} · ${d.window.since.slice(0, 10)} → ${d.window.until.slice(0, 10)}`,
    ...d.fleet_health.reasons.map((r) => `  ${c.yellow("!")} ${r}`),
    "",
    ...table([
      ["sessions", sessionCounts(s)],
      ["verify", `pass rate ${pct(d.verify.pass_rate)} (${d.verify.passed} passed, ${d.verify.failed} failed, ${d.verify.skipped} skipped${d.verify.none > 0 ? `, ${d.verify.none} with no checks` : ""})`],
      ["drift", d.drift.covers && d.drift.covers.closed === 0 ? "none: no closed session in the window (live ones are not counted: exo fleet-drift)" : `avg ${num(d.drift.avg)}${over(d.drift.covers)}, p50 ${num(d.drift.p50)}, p90 ${num(d.drift.p90)}, max ${num(d.drift.max)}; low/medium/high ${d.drift.buckets.low}/${d.drift.buckets.medium}/${d.drift.buckets.high}; live ones not counted (exo fleet-drift)`],
      ["tickets", `${d.tasks_by_status && d.tickets_by_kind ? ticketCounts({ tickets: { by_status: d.tickets.by_status, by_kind: d.tickets_by_kind }, tasks_by_status: d.tasks_by_status, ...(d.tasks_blocked !== undefined ? { tasks_blocked: d.tasks_blocked } : {}) }) : Object.entries(d.tickets.by_status).map(([k, v]) => `${k} ${v}`).join(", ") || "none"}; ${d.tickets.done_in_window} done in window${d.tickets.median_cycle_hours !== null ? `, median cycle ${num(d.tickets.median_cycle_hours, 1)} h` : ""}`],
      ["throughput", d.tickets.throughput.map((w) => `${w.week.slice(5)} ${w.done}`).join("  ")],
      ["hooks", `${d.hooks.denied} denied, ${d.hooks.asked} asked, ${d.hooks.warned} warned, ${d.hooks.commit_blocked} commits blocked`],
    ], { wrapLast: true }),
  ];
  if (d.actors.length > 0) {
    out.push("", ...table(d.actors.slice(0, 10).map((a) => [a.actor, String(a.sessions), num(a.avg_drift), pct(a.pass_rate), String(a.denials)]), { header: ["ACTOR", "SESSIONS", "AVG DRIFT", "VERIFY", "DENIED"], stack: true }));
    if (d.actors.length > 10) out.push(c.dim(`… ${d.actors.length - 10} more actors (use --format json)`));
  }
  return out.join("\n");
}

interface FleetGroup {
  key: string;
  sessions: number;
  active: number;
  /** Active and suspended sessions, as the head line's "live" (older data: active only). */
  live?: number;
  avg_drift: number | null;
  max_drift: number | null;
  high: number;
  last_session_at: string | null;
}

interface FleetView {
  threshold: number;
  groups: Record<string, FleetGroup[]>;
  sessions: { id: string; actor: string; vendor: string; model: string; ticket: string; status: string; drift: number | null; provisional: boolean }[];
  summary: { avg: number | null; max: number | null; high: number; covers?: Covers };
}

export function renderFleetDrift(d: FleetView): string {
  const head = d.sessions.length === 0 ? (d.summary.covers ? `no sessions: fleet-drift covers ${d.summary.covers.sessions}` : "no sessions in the window") : `${plural(d.sessions.length, "session")}: drift avg ${num(d.summary.avg)}${over(d.summary.covers)}, max ${driftTone(d.summary.max, d.threshold)}, ${d.summary.high > 0 ? c.yellow(`${d.summary.high} at or above ${d.threshold}`) : `none at or above ${d.threshold}`}`;
  const out = hanging("", head, "  ");
  for (const [by, groups] of Object.entries(d.groups)) {
    if (groups.length === 0) continue;
    out.push("", ...table(groups.slice(0, 8).map((g) => [g.key, String(g.sessions), String(g.live ?? g.active), num(g.avg_drift), num(g.max_drift), String(g.high)]), {
      header: [by.toUpperCase(), "SESSIONS", "LIVE", "AVG", "MAX", "HIGH"],
      stack: true,
      paint: (i, col, cell) => (col === 5 && (groups[i]?.high ?? 0) > 0 ? c.yellow(cell) : cell),
    }));
    if (groups.length > 8) out.push(c.dim(`… ${groups.length - 8} more (use --format json)`));
  }
  const high = d.sessions.filter((s) => s.drift !== null && s.drift >= d.threshold);
  if (high.length > 0) {
    out.push("", "High drift:");
    out.push(...truncated(high, 5, (s) => `  ${c.yellow(num(s.drift))}  ${s.id}  ${s.actor} on ${s.ticket}${s.provisional ? " (live)" : ""}`));
  }
  return out.join("\n");
}

interface PrView {
  verdict: string;
  commits: { sha: string; subject: string; session: string | null; governed: boolean }[];
  sessions: { id: string; ticket: string | null; actor: string | null; verify: string | null; drift: number | null; uncommitted?: string[] }[];
  files: { changed: string[]; uncovered: string[] };
  findings: { code: string; severity: string; message: string; ref: string | null }[];
  base?: string;
  head?: string;
  markdown?: string | null;
  next_command?: string;
  next_reason?: string;
}

/**
 * One finding within the columns: its message wraps under the code (before: one line of up to 150
 * columns), a `(exo …)` aside kept whole, and the ref left out when the message names it already
 * (`README.md is outside … (README.md)`).
 */
function finding(f: PrView["findings"][number]): string {
  const word = f.severity === "error" ? "error" : "warn ";
  const ref = f.ref && !f.message.includes(f.ref) ? ` (${f.ref})` : "";
  const glued = `${f.message}${ref}`.replace(/\((?:exo|git) [^()]*\)/g, (m) => m.replaceAll(" ", "\u0001"));
  const lines = fill(`  ${word}  ${f.code}  `, glued, " ".repeat(9), COLUMNS).map((l) => l.replaceAll("\u0001", " "));
  lines[0] = `  ${tone(f.severity === "error" ? "fail" : "warn", word)}${(lines[0] as string).slice(2 + word.length)}`;
  return lines.join("\n");
}

export function renderPrCheck(d: PrView): string {
  const errors = d.findings.filter((f) => f.severity === "error").length;
  const warnings = d.findings.length - errors;
  const word = d.verdict === "pass" ? "PASS" : d.verdict === "warn" ? "WARN" : "FAIL";
  const range = d.base ? ` ${d.base}..${d.head ?? "HEAD"}` : "";
  const out = hanging("", `${tone(d.verdict, `pr-check ${word}`)}${range}: ${plural(errors, "error")}, ${plural(warnings, "warning")}; ${plural(d.commits.length, "commit")}, ${plural(d.files.changed.length, "changed file")}`, "  ");
  // On the base branch itself: nothing was compared; the line that checks the commits since install.
  if (d.next_command) out.push(...hanging("", `${d.next_reason ?? ""}:`, "  "), `  ${d.next_command}`);
  if (d.findings.length > 0) {
    out.push("", "Findings:");
    const sorted = [...d.findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
    out.push(...truncated(sorted, 20, finding).flatMap((l) => l.split("\n")));
  }
  if (d.files.uncovered.length > 0) {
    out.push("", "Changed files no session covered:");
    out.push(...truncated(d.files.uncovered, 10, (p) => `  ${p}`));
  }
  if (d.sessions.length > 0) {
    out.push("", "Sessions:");
    // Headed, as exo session-scan's and exo metrics' tables are (before: bare cells, `none  0.018`
    // with nothing to say they are the checks' verdict and the drift), and stacked when too wide.
    out.push(...table(d.sessions.slice(0, 10).map((s) => [s.id, s.ticket ?? "-", s.actor ?? "-", s.verify ?? "-", num(s.drift)]), { header: ["SESSION", "TICKET", "ACTOR", "CHECKS", "DRIFT"], indent: 2, stack: true, paint: (_i, col, cell) => (col === 3 ? tone(cell) : cell) }));
    if (d.sessions.length > 10) out.push(c.dim(`  … ${d.sessions.length - 10} more (use --format json)`));
    // Only exo's state of a session is in this change: its work is in no commit here.
    for (const s of d.sessions.filter((x) => (x.uncommitted ?? []).length > 0)) {
      const files = s.uncommitted ?? [];
      const named = files.length <= 3 ? files.join(", ") : `${files.slice(0, 3).join(", ")} and ${files.length - 3} more`;
      out.push(...hanging("  ", `${s.id} changed ${named}, which no commit in this change holds: only its finish is here (exo alone gives the commit that adds its work)`, "    "));
    }
  }
  if (d.commits.length > 0) {
    out.push("", "Commits:");
    // One column for the subjects: "governed" is padded to "ungoverned"'s width when both show
    // (before: a governed commit's subject started two columns left of an ungoverned one's).
    const pad = d.commits.some((m) => !m.governed) ? "  " : "";
    // The subject clipped to the terminal's width too (before: 56 columns, so 67-column lines at 60).
    const room = Math.min(56, Math.max(20, COLUMNS - 22 - pad.length));
    out.push(...truncated(d.commits, 15, (m) => `  ${short(m.sha)}  ${m.governed ? `${c.green("governed")}${pad}` : c.yellow("ungoverned")}  ${clip(m.subject, room)}`));
  }
  if (d.markdown) out.push("", `report written to ${d.markdown}`);
  return out.join("\n");
}

interface Violation {
  code: string;
  severity: string;
  path: string | null;
  line: number | null;
  message: string;
}

function violationLines(violations: Violation[]): string[] {
  return truncated(violations, 20, (v) => {
    const at = v.path ? `${v.path}${v.line ? `:${v.line}` : ""}` : "";
    // A message that opens with its own location (a tag's file:line) gives it once, in the column.
    const message = at && v.message.startsWith(`${at}: `) ? v.message.slice(at.length + 2) : v.message;
    return `  ${tone(v.severity === "error" ? "fail" : "warn", v.severity === "error" ? "error" : "warn ")}  ${at ? `${at}  ` : ""}${message} ${c.dim(`[${v.code}]`)}`;
  });
}

export function renderTrace(d: { passed: boolean; features: { id: string; status: string; tagged_files: string[]; matched_files: string[] }[]; violations: Violation[] }): string {
  const out = [`${d.passed ? tone("pass", "trace passed") : tone("fail", "trace FAILED")}: ${plural(d.features.length, "feature")}, ${plural(d.violations.length, "problem")}`];
  if (d.features.length > 0) out.push(...table(d.features.map((f) => [f.id, f.status, `${f.tagged_files.length} tagged`, `${f.matched_files.length} matched`]), { indent: 2 }));
  if (d.violations.length > 0) out.push("", ...violationLines(d.violations));
  if (d.features.length === 0 && d.violations.length === 0) out.push(...hanging("  ", "no .exo/features.yaml entries (format: exoprotocol's docs/traceability.md)").map(c.dim));
  return out.join("\n");
}

export function renderTraceReqs(d: { passed: boolean; requirements: { id: string; status: string; implemented_in: unknown[]; acceptance: { id: string; tested_in: string[] }[] }[]; violations: Violation[] }): string {
  const out = [`${d.passed ? tone("pass", "trace-reqs passed") : tone("fail", "trace-reqs FAILED")}: ${plural(d.requirements.length, "requirement")}, ${plural(d.violations.length, "problem")}`];
  if (d.requirements.length > 0) {
    out.push(...table(d.requirements.map((r) => [r.id, r.status, plural(r.implemented_in.length, "tag"), `${r.acceptance.filter((a) => a.tested_in.length > 0).length}/${r.acceptance.length} acceptance tested`]), { indent: 2 }));
  }
  if (d.violations.length > 0) out.push("", ...violationLines(d.violations));
  // Where they go, as trace says of features (before: "0 requirements" and no word more).
  if (d.requirements.length === 0 && d.violations.length === 0) out.push(...hanging("  ", "no .exo/requirements.yaml entries (format: exoprotocol's docs/traceability.md)").map(c.dim));
  return out.join("\n");
}

export function renderFeatures(d: { features: { id: string; title: string; status: string; allow_agent_edit: boolean; files: string[]; tagged_files: string[] }[] }): string {
  if (d.features.length === 0) return hanging("", "no features (add them to .exo/features.yaml)", "  ").join("\n");
  return [
    ...table(d.features.map((f) => [f.id, f.status, `${plural(f.files.length, "glob")}, ${f.tagged_files.length} tagged`, `${f.allow_agent_edit ? "" : "[no agent edits] "}${f.title}`]), { header: ["FEATURE", "STATUS", "FILES", "TITLE"], paint: (i, col, cell) => (col === 1 ? tone(d.features[i]?.status === "deprecated" ? "warn" : "", cell) : cell) }),
    c.dim(plural(d.features.length, "feature")),
  ].join("\n");
}

export function renderRequirements(d: { requirements: { id: string; title: string; status: string; priority: string; acceptance: string[] }[] }): string {
  if (d.requirements.length === 0) return hanging("", "no requirements (add them to .exo/requirements.yaml)", "  ").join("\n");
  return [
    ...table(d.requirements.map((r) => [r.id, r.status, r.priority, String(r.acceptance.length), r.title]), { header: ["REQUIREMENT", "STATUS", "PRIORITY", "ACC", "TITLE"] }),
    c.dim(plural(d.requirements.length, "requirement")),
  ].join("\n");
}

interface LearningView {
  id: string;
  pattern: string;
  insight: string;
  severity: string;
  scope: string;
  status: string;
  created_at: string;
}

const severityTone = (s: string, text: string) => (s === "critical" || s === "high" ? c.red(text) : s === "medium" ? c.yellow(text) : text);

export function renderLearning(d: { learning: LearningView; next_command?: string; next_reason?: string }): string {
  const l = d.learning;
  // The pattern and insight whole, on lines of their own as exo reflections shows them (before: both
  // clipped into what the id and severity left of one line, `tests flak… → run them tw…`); then
  // the line that commits it when no session's finish will.
  const out = [
    `${l.status === "dismissed" ? "dismissed" : "recorded"} ${l.id} (${severityTone(l.severity, l.severity)}, ${l.scope})`,
    ...hanging("  ", l.pattern, "  "),
    ...hanging("  → ", l.insight, "    "),
  ];
  if (d.next_command) out.push(...hanging("", d.next_reason ?? "", ""), `next: ${d.next_command}`);
  return out.join("\n");
}

export function renderLearnings(d: { learnings: LearningView[] }): string {
  // The command whole: on a line of its own when the sentence does not fit.
  if (d.learnings.length === 0) return COLUMNS >= 67 ? "no learnings (record one with: exo reflect --pattern … --insight …)" : "no learnings; record one with:\n  exo reflect --pattern … --insight …";
  const out: string[] = [];
  for (const l of d.learnings.slice(0, 20)) {
    out.push(`${severityTone(l.severity, l.severity.padEnd(8))} ${l.id}  ${c.dim(l.scope)}${l.status === "dismissed" ? c.dim(" (dismissed)") : ""}`);
    out.push(`  ${clip(l.pattern, 76)}`, `  → ${clip(l.insight, 74)}`);
  }
  if (d.learnings.length > 20) out.push(c.dim(`… ${d.learnings.length - 20} more (use --format json)`));
  return out.join("\n");
}

export function renderExportTraces(d: { traces: number; spans: number; out: string | null; endpoint: string | null; http_status: number | null }): string {
  const where = [d.out ? `to ${d.out}` : null, d.endpoint ? `to ${d.endpoint} (HTTP ${d.http_status ?? "-"})` : null].filter(Boolean).join(" and ");
  return hanging("", `exported ${plural(d.traces, "trace")} (${plural(d.spans, "span")})${where ? ` ${where}` : ""}`, "  ").join("\n");
}

export function renderDashboard(d: { path?: string; bytes?: number; url?: string; file_url?: string }): string {
  if (d.url) return `dashboard serving at ${d.url} (Ctrl-C stops it)`;
  const written = `dashboard written to ${d.path ?? "?"}${d.bytes !== undefined ? ` (${Math.ceil(d.bytes / 1024)} KiB)` : ""}; open it in a browser`;
  return d.file_url ? `${written}:\n  ${d.file_url}` : written;
}
