// Human views of session commands: start prints the bootstrap only (SPEC §6.4).
import type { DriftReport } from "../../kernel/drift.js";

export function renderStart(d: { bootstrap: string }): string {
  return d.bootstrap.trimEnd();
}

interface FinishView {
  session: string;
  ticket: { id: string; status: string };
  verify: string;
  drift: DriftReport | null;
  memento_path: string;
  lock_released: boolean;
  auto_commit: string | null;
}

export function renderFinish(d: FinishView): string {
  const lines = [`finished ${d.session} on ${d.ticket.id} (now ${d.ticket.status}); verify ${d.verify}`];
  if (d.drift) {
    lines.push(`drift ${d.drift.score.toFixed(3)}: ${d.drift.in_scope}/${d.drift.changed} files in scope${d.drift.out_of_scope.length ? `; outside: ${d.drift.out_of_scope.join(", ")}` : ""}`);
  }
  lines.push(`memento ${d.memento_path}${d.lock_released ? "; lock released" : ""}${d.auto_commit ? `; committed ${d.auto_commit.slice(0, 8)}` : ""}`);
  return lines.join("\n");
}

export function renderHandoff(d: { session: string; handoff: { to_actor: string | null; ticket: string } | null; memento_path: string; ticket_status: string }): string {
  return `handed ${d.handoff?.ticket ?? ""} to ${d.handoff?.to_actor ?? "anyone"} (ticket ${d.ticket_status}); memento ${d.memento_path}`;
}

export function renderSuspend(d: { session: { id: string }; ticket_status: string; lock_released: boolean }): string {
  return `suspended ${d.session.id}; ticket ${d.ticket_status}${d.lock_released ? ", lock released" : ", lock kept"}`;
}

export function renderScan(d: { sessions: { id: string; actor: string; ticket: string; status: string; stale: boolean; stale_reasons: string[] }[]; stale: number }): string {
  if (d.sessions.length === 0) return "no sessions";
  return [...d.sessions.map((s) => `${s.id}  ${s.actor.padEnd(16)} ${s.ticket}  ${s.status}${s.stale ? `  STALE (${s.stale_reasons.join(", ")})` : ""}`), `${d.stale} stale`].join("\n");
}

export function renderCheck(d: { commands: string[]; results: { command: string; passed: boolean; exit_code: number | null; not_allowed: boolean; duration_ms: number }[]; passed: boolean }): string {
  if (d.results.length === 0) return "no checks to run";
  return [...d.results.map((r) => `${r.passed ? "pass" : "FAIL"}  ${r.command}${r.not_allowed ? " (not in checks.allowlist)" : ` (exit ${r.exit_code ?? "killed"}, ${r.duration_ms} ms)`}`), d.passed ? "all checks passed" : "checks failed"].join("\n");
}
