// Human views of session commands: start prints the bootstrap only (SPEC §6.4).
import type { DriftReport } from "../../kernel/drift.js";
import { checkBlock, type CheckView } from "./checks.js";
import { c, hanging, plural, table, tone } from "./style.js";

export function renderStart(d: { bootstrap: string }): string {
  return d.bootstrap.trimEnd();
}

interface FinishView {
  session: string;
  ticket: { id: string; status: string };
  outcome?: string;
  verify: string;
  checks?: CheckView[];
  drift: DriftReport | null;
  changed_files?: { path: string; status: string; added: number; removed: number }[];
  attribution?: { excluded_preexisting: string[]; excluded_other_sessions: { path: string; session: string }[]; excluded_merging?: string[] };
  memento_path: string;
  lock_released: boolean;
  auto_commit: string | null;
  next_command?: string | null;
  commit_command?: string | null;
  push_command?: string;
  push_reason?: string;
}

/**
 * ` (4499 in node_modules/)`: the top folder holding most of many files, or "" (before, a
 * repository with node_modules not ignored read "not counted: 4502 pre-existing files", no more).
 */
function mostlyIn(paths: readonly string[]): string {
  if (paths.length <= 3) return "";
  const counts = new Map<string, number>();
  for (const p of paths) if (p.includes("/")) counts.set(p.slice(0, p.indexOf("/") + 1), (counts.get(p.slice(0, p.indexOf("/") + 1)) ?? 0) + 1);
  const [dir, n] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a), ["", 0]);
  return n * 2 >= paths.length ? ` (${n} in ${dir})` : "";
}

/** The files finish left out of the session's changes (issue #19), or null when none. */
export function excludedLine(a: FinishView["attribution"]): string | null {
  if (!a || (a.excluded_preexisting.length === 0 && a.excluded_other_sessions.length === 0 && !a.excluded_merging?.length)) return null;
  const parts: string[] = [];
  if (a.excluded_merging?.length) parts.push(`${plural(a.excluded_merging.length, "file")} the merge in progress brings${mostlyIn(a.excluded_merging)}`);
  if (a.excluded_preexisting.length > 0) parts.push(`${plural(a.excluded_preexisting.length, "pre-existing file")}${mostlyIn(a.excluded_preexisting)}`);
  const sessions = [...new Set(a.excluded_other_sessions.map((o) => o.session))];
  if (sessions.length > 0) parts.push(`${plural(a.excluded_other_sessions.length, "file")} of ${sessions.length === 1 ? sessions[0] : `${sessions.length} other sessions`}`);
  return c.dim(`not counted: ${parts.join("; ")}`);
}

export function driftLine(drift: DriftReport): string {
  const level = drift.score >= 0.7 ? "high" : drift.score >= 0.4 ? "warn" : "pass";
  const outside = drift.out_of_scope.length ? `; outside scope: ${drift.out_of_scope.slice(0, 3).join(", ")}${drift.out_of_scope.length > 3 ? ` … ${drift.out_of_scope.length - 3} more` : ""}` : "";
  return `drift ${tone(level, drift.score.toFixed(3))}: ${drift.in_scope}/${drift.changed} files in scope${outside}`;
}

/** "verify skipped"; "no checks" for none (no check was configured, so none ran). */
export function verifyWords(verify: string): string {
  return verify === "none" ? "no checks" : `verify ${verify}`;
}

export function renderFinish(d: FinishView): string {
  const verify = d.verify === "failed" ? tone("fail", "verify FAILED") : d.verify === "passed" ? tone("pass", "verify passed") : verifyWords(d.verify);
  const lines = [`finished ${d.session} on ${d.ticket.id} (now ${d.ticket.status}); ${verify}`];
  if (d.checks && d.checks.length > 0) lines.push(...checkBlock(d.checks, "  "));
  if (d.drift) lines.push(driftLine(d.drift));
  const excluded = excludedLine(d.attribution);
  if (excluded) lines.push(excluded);
  lines.push(`memento ${d.memento_path}`);
  const after = [d.lock_released ? "lock released" : "lock kept", d.auto_commit ? `exo state committed in ${d.auto_commit.slice(0, 8)}` : null].filter(Boolean);
  lines.push(after.join("; "));
  // A shell comment, as compose's: the line after "next: " runs as printed (before: "(once …)" was
  // a syntax error when pasted whole).
  // The session's work left uncommitted: the commit that makes it the session's for exo pr-check.
  if (d.commit_command) lines.push(`commit: ${d.commit_command}`);
  // In a clone with a remote: the push that shows teammates the ticket in review (a shell comment
  // says why, so the line runs pasted whole).
  if (d.push_command) lines.push(`push: ${d.push_command}   # ${d.push_reason ?? ""}`);
  if (d.next_command) lines.push(`next: ${d.next_command}   # once the change is accepted`);
  return lines.join("\n");
}

/** `EXO_ACTOR=… ` for a command another actor runs (quoted when the shell needs it). */
function asActor(actor: string | null): string {
  if (!actor) return "";
  return /^[A-Za-z0-9:@._+-]+$/.test(actor) ? `EXO_ACTOR=${actor} ` : `EXO_ACTOR='${actor.replaceAll("'", "'\\''")}' `;
}

export function renderHandoff(d: { session: string; handoff: { to_actor: string | null; ticket: string } | null; memento_path: string; ticket_status: string; checks?: CheckView[]; commit_command?: string | null; next_command?: string | null; next_reason?: string }): string {
  const lines = [`handed ${d.handoff?.ticket ?? ""} to ${d.handoff?.to_actor ?? "anyone"} (ticket ${d.ticket_status})`, `memento ${d.memento_path}`];
  if (d.checks && d.checks.length > 0) lines.push(...checkBlock(d.checks, "  "));
  // The commit that is the next step (work handed to a teammate's clone) is printed once, as next.
  const commitNext = d.handoff && /^git (-C \S+ )?add -- /.test(d.next_command ?? "");
  if (d.commit_command && d.commit_command !== d.next_command) lines.push(`commit: ${d.commit_command}`);
  if (!d.handoff) return lines.join("\n");
  if (commitNext) {
    lines.push(`next: ${d.next_command}`, ...hanging("", `then git push; ${d.handoff.to_actor ?? "anyone"} starts it in their clone after a pull:`, "  "), `  exo session-start --ticket-id ${d.handoff.ticket}`);
    return lines.join("\n");
  }
  const person = d.next_command === null || d.next_command?.startsWith("git push");
  // Handed to a teammate (a person): the push that brings it to their clone, and their start there
  // (before: `next: EXO_ACTOR=<them> exo session-start …`, which here starts it as them).
  if (person) {
    const to = d.handoff.to_actor ?? "";
    if (d.next_command) lines.push(`next: ${d.next_command}`);
    lines.push(...hanging("", `${d.next_command ? "then " : ""}${to} starts it in their clone${d.next_command ? " after a pull" : " once they pull"}:`, "  "), `  exo session-start --ticket-id ${d.handoff.ticket}`);
  } else lines.push(`next: ${d.next_command ?? `${asActor(d.handoff.to_actor)}exo session-start --ticket-id ${d.handoff.ticket}`}`);
  return lines.join("\n");
}

export function renderSuspend(d: { session: { id: string; ticket?: string; actor?: string }; ticket_status: string; lock_released: boolean; next_command?: string; next_reason?: string }): string {
  // An agent's session resumes as that agent (before: the line, pasted in the person's shell, was
  // refused as "belongs to agent:…"); a person's own needs no prefix.
  const who = d.session.actor?.startsWith("agent:") ? asActor(d.session.actor) : "";
  const lines = [`suspended ${d.session.id}${d.session.ticket ? ` on ${d.session.ticket}` : ""}; ticket ${d.ticket_status}${d.lock_released ? ", lock released" : ", lock kept"}`];
  // The suspend's files left uncommitted: the line that brings it to teammates' clones.
  if (d.next_command) lines.push(...hanging("", d.next_reason ?? "", ""), `commit: ${d.next_command}`);
  lines.push(`resume with: ${who}exo session-resume --session-id ${d.session.id}`);
  return lines.join("\n");
}

interface ScanRow {
  id: string;
  actor: string;
  ticket: string;
  status: string;
  stale: boolean;
  stale_reasons: string[];
  heartbeat_at?: string;
}

export function renderScan(d: { sessions: ScanRow[]; stale: number }): string {
  if (d.sessions.length === 0) return "no sessions";
  const rows = d.sessions.map((s) => [s.id, s.actor, s.ticket, s.status, s.stale ? `STALE: ${s.stale_reasons.join(", ")}` : "live"]);
  const lines = table(rows, { header: ["SESSION", "ACTOR", "TICKET", "STATUS", "LIVENESS"], stack: true, paint: (r, col, cell) => (col === 4 ? (d.sessions[r]?.stale ? c.red(cell) : c.green(cell)) : col === 3 ? tone(cell) : cell) });
  lines.push(d.stale > 0 ? c.yellow(`${plural(d.stale, "stale session")}; recover with: exo session-cleanup`) : `${plural(d.sessions.length, "session")}, none stale`);
  return lines.join("\n");
}

interface Recovered {
  session: string;
  ticket: string;
  reasons: string[];
  ticket_status: string | null;
  lock_released: boolean;
  memento: string | null;
}

export function renderCleanup(d: { recovered: Recovered[]; skipped: { session: string; reason: string }[]; dry_run?: boolean; completed_closeouts?: { session: string; via: string; memento: string }[]; released_orphaned_locks?: string[]; completed_claims?: string[] }): string {
  const repairs = [
    ...(d.completed_closeouts ?? []).map((x) => `completed the interrupted ${x.via} of ${x.session} (memento ${x.memento})`),
    ...(d.released_orphaned_locks ?? []).map((t) => `released the lock on ${t} (its session is gone)`),
    ...(d.completed_claims ?? []).map((t) => `completed the interrupted claim of ${t}`),
  ];
  if (d.recovered.length === 0 && d.skipped.length === 0) return [...repairs, ...(repairs.length === 0 ? ["no stale sessions to recover"] : [])].join("\n");
  const lines = [...repairs, ...d.recovered.map((r) => `${r.memento === null && !r.lock_released ? "would recover" : "recovered"} ${r.session} on ${r.ticket} (${r.reasons.join(", ") || "forced: not stale"})${r.ticket_status ? `: ticket ${r.ticket_status}` : ""}${r.lock_released ? ", lock released" : ""}`)];
  for (const s of d.skipped) lines.push(c.dim(`skipped ${s.session}: ${s.reason.replaceAll("_", " ")}`));
  return lines.join("\n");
}
