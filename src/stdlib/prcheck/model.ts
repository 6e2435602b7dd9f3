// The PR check verdict (SPEC §7.19), pure: commits, closing records, changed files and governance
// facts in; findings and a verdict out.
import { matchesAny } from "../../kernel/globs.js";
import type { SealedPolicy } from "../governance/model.js";
import { isExoPath } from "../exo-managed.js";
import { plural } from "../../kernel/plural.js";

export interface Finding {
  code: string;
  severity: "error" | "warning";
  message: string;
  ref: string | null;
}

export interface CommitFact {
  sha: string;
  subject: string;
  session: string | null;
  generated: boolean;
  files: string[];
}

export interface ClosingFact {
  session: string;
  type: string;
  ticket: string | null;
  actor: string;
  verify: string | null;
  drift: number | null;
  break_glass_reason: string | null;
  scope: { allow: string[]; deny: string[] } | null;
  /** The files the session's finish counted as its changes (`changed_files`). */
  changed_files?: string[];
}

export interface ChangedFile {
  status: string;
  path: string;
  old_path: string | null;
}

export interface PrCheckInput {
  commits: CommitFact[];
  closing: Map<string, ClosingFact>;
  /** Sessions some ledger record at head names: a trailer naming none of them is unknown. */
  known: Set<string>;
  /** When each session started (its first session.started record), for SPEC §6's session order. */
  started?: Map<string, string>;
  changed: ChangedFile[];
  ignorePaths: string[];
  threshold: number;
  uncoveredSeverity: "warning" | "error";
  seal: SealedPolicy | null;
  governanceFindings: Finding[];
}

export interface PrCheckReport {
  verdict: "pass" | "warn" | "fail";
  commits: { sha: string; subject: string; session: string | null; governed: boolean }[];
  sessions: { id: string; ticket: string | null; actor: string | null; verify: string | null; drift: number | null; uncommitted?: string[] }[];
  files: { changed: string[]; uncovered: string[] };
  findings: Finding[];
}

/** Deny-rule check of one path for one action, allow exceptions applied. */
function deniedBy(seal: SealedPolicy | null, path: string, action: "write" | "delete"): string | null {
  if (!seal) return null;
  for (const rule of seal.deny) {
    if (!rule.actions.includes(action) || matchesAny(rule.patterns, path) === null) continue;
    const lifted = seal.allow.some((a) => a.actions.includes(action) && a.cancels.includes(rule.id) && matchesAny(a.patterns, path) !== null);
    if (!lifted) return rule.id;
  }
  return null;
}

export function judgePr(input: PrCheckInput): PrCheckReport {
  const findings: Finding[] = [...input.governanceFindings];
  const referenced = new Set<string>();
  // Sessions named by a commit of exo's state alone (a finish's `chore(exo): finish SES-…`): listed
  // too, and, when no other commit names them, the files they changed that this change lacks (the
  // work left uncommitted at finish; before, such a session was missing from the list).
  const stateOnly = new Set<string>();
  const commits = input.commits.map((c) => {
    let governed = false;
    if (c.generated && c.files.every((f) => isExoPath(f))) {
      governed = true;
      if (c.session && input.known.has(c.session)) stateOnly.add(c.session);
    } else if (c.session && !input.known.has(c.session)) {
      findings.push({ code: "ungoverned_commit", severity: "error", message: `commit ${c.sha.slice(0, 8)} "${c.subject}" names session ${c.session}, which no ledger record knows`, ref: c.sha });
    } else if (c.session) {
      referenced.add(c.session);
      const closing = input.closing.get(c.session);
      if (!closing) findings.push({ code: "session_not_finished", severity: "error", message: `commit ${c.sha.slice(0, 8)} names session ${c.session}, which has no closing record`, ref: c.sha });
      else if (closing.type === "session.crashed") {
        governed = true;
        findings.push({ code: "session_crashed", severity: "warning", message: `commit ${c.sha.slice(0, 8)} comes from session ${c.session}, which crashed`, ref: c.sha });
      } else governed = true;
    }
    if (!c.session && !governed) {
      // A commit of exo's files only (a plan committed by hand: git add .exo && git commit) lacks
      // just the trailer exo's own commit lines add: say which (before: only "no Exo-Session trailer").
      const exoOnly = c.files.length > 0 && c.files.every((f) => isExoPath(f));
      const why = exoOnly && !c.generated ? " (only exo's files: with an Exo-Generated: true trailer, as exo's commit lines add, it counts as governed)" : "";
      findings.push({ code: "ungoverned_commit", severity: "error", message: `commit ${c.sha.slice(0, 8)} "${c.subject}" has no Exo-Session trailer${why}`, ref: c.sha });
    }
    return { sha: c.sha, subject: c.subject, session: c.session, governed };
  });
  // SPEC §6: sessions are listed by started_at, then id (a session with no start record last).
  const startedAt = (id: string) => input.started?.get(id) ?? "\uffff";
  const byStart = (a: string, b: string) => (startedAt(a) !== startedAt(b) ? (startedAt(a) < startedAt(b) ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0);
  for (const id of referenced) stateOnly.delete(id);
  const inChange = new Set(input.changed.map((f) => f.path));
  const sessions = [...new Set([...referenced, ...stateOnly])].sort(byStart).map((id) => {
    const closing = input.closing.get(id);
    if (closing) {
      if (closing.verify === "failed") findings.push({ code: "verify_failed", severity: "error", message: `session ${id} finished with failing checks`, ref: id });
      if (closing.verify === "skipped" && closing.break_glass_reason) findings.push({ code: "verify_bypassed", severity: "warning", message: `session ${id} skipped checks: ${closing.break_glass_reason}`, ref: id });
      if (closing.drift !== null && closing.drift >= input.threshold) findings.push({ code: "high_drift", severity: "warning", message: `session ${id} drift ${closing.drift.toFixed(3)} ≥ ${input.threshold}`, ref: id });
      const gate = input.seal?.drift_gate ?? null;
      if (gate !== null && closing.drift !== null && closing.drift > gate && !closing.break_glass_reason) {
        findings.push({ code: "drift_gate", severity: "error", message: `session ${id} drift ${closing.drift.toFixed(3)} exceeds the drift gate ${gate}`, ref: id });
      }
    }
    const left = stateOnly.has(id) ? (closing?.changed_files ?? []).filter((f) => !inChange.has(f) && !isExoPath(f)) : [];
    return { id, ticket: closing?.ticket ?? null, actor: closing?.actor ?? null, verify: closing?.verify ?? null, drift: closing?.drift ?? null, ...(left.length > 0 ? { uncommitted: left } : {}) };
  });
  const scopes = sessions.map((s) => input.closing.get(s.id)?.scope).filter((s): s is { allow: string[]; deny: string[] } => !!s);
  const changed: string[] = [];
  const uncovered: string[] = [];
  for (const file of input.changed) {
    if (isExoPath(file.path) || matchesAny(input.ignorePaths, file.path) !== null) continue;
    changed.push(file.path);
    const covered = scopes.some((s) => matchesAny(s.allow, file.path) !== null && matchesAny(s.deny, file.path) === null);
    if (!covered) {
      uncovered.push(file.path);
      findings.push({ code: "uncovered_file", severity: input.uncoveredSeverity, message: sessions.length === 0 ? `${file.path} is in no session's scope: no commit in this change names a session (an Exo-Session trailer)` : `${file.path} is outside the scope of every session in this change`, ref: file.path });
    }
    const targets: [string, "write" | "delete"][] = file.status === "D" ? [[file.path, "delete"]] : [[file.path, "write"]];
    if (file.old_path) targets.push([file.old_path, "delete"]);
    for (const [path, action] of targets) {
      const rule = deniedBy(input.seal, path, action);
      if (rule) findings.push({ code: "denied_path", severity: "error", message: `${path}: ${action} is denied by ${rule}`, ref: path });
    }
  }
  const verdict = findings.some((f) => f.severity === "error") ? "fail" : findings.length > 0 ? "warn" : "pass";
  return { verdict, commits, sessions, files: { changed, uncovered }, findings };
}

export function renderMarkdown(report: PrCheckReport & { base: string; head: string }): string {
  const icon = report.verdict === "pass" ? "✅" : report.verdict === "warn" ? "⚠️" : "❌";
  const lines = [
    `## exo pr-check: ${icon} ${report.verdict}`,
    "",
    `Base \`${report.base}\`, head \`${report.head}\`: ${plural(report.commits.length, "commit")}, ${plural(report.sessions.length, "session")}, ${plural(report.files.changed.length, "changed file")}.`,
    "",
  ];
  if (report.findings.length > 0) {
    lines.push("| severity | code | message |", "| --- | --- | --- |");
    for (const f of report.findings) lines.push(`| ${f.severity} | \`${f.code}\` | ${f.message.replaceAll("|", "\\|")} |`);
    lines.push("");
  }
  if (report.sessions.length > 0) {
    lines.push("| session | ticket | actor | verify | drift |", "| --- | --- | --- | --- | --- |");
    for (const s of report.sessions) lines.push(`| ${s.id} | ${s.ticket ?? ""} | ${s.actor ?? ""} | ${s.verify ?? ""} | ${s.drift === null ? "" : s.drift.toFixed(3)} |`);
  }
  return `${lines.join("\n")}\n`;
}
