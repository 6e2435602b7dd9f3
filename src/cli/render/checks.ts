// Check results for people: one line per check, and for a failing one the tail of its output
// and the log path. Shared by `check`, `session-finish` and `session-handoff`, and by the
// progress lines the CLI prints on stderr while checks run.
import { c, ms, tone } from "./style.js";
import { plural } from "../../kernel/plural.js";

export interface CheckView {
  command: string;
  exit_code: number | null;
  passed: boolean;
  duration_ms: number;
  timed_out?: boolean;
  not_allowed: boolean;
  stdout_tail?: string;
  stderr_tail?: string;
  log?: string | null;
}

const TAIL_LINES = 12;

export function checkLine(r: CheckView, indent = ""): string {
  const mark = r.passed ? tone("pass", "✓ pass") : tone("fail", "✗ FAIL");
  const why = r.not_allowed ? "not in checks.allowlist; nothing ran" : r.timed_out ? `timed out after ${ms(r.duration_ms)}` : r.passed ? ms(r.duration_ms) : `exit ${r.exit_code ?? "killed"} after ${ms(r.duration_ms)}`;
  return `${indent}${mark}  ${r.command}  ${c.dim(`(${why})`)}`;
}

/**
 * Failing checks whose tail the progress lines already printed in this process (CLI only), so
 * the result that follows does not print it a second time. MCP and library calls never print
 * progress, so their results always carry the tail.
 */
const tailed = new Set<string>();
const tailKey = (r: CheckView) => `${r.log ?? ""}\u0000${r.command}`;

/** The last lines of a failing check's output, indented, then its log path. */
export function failureTail(r: CheckView, indent = "    "): string[] {
  if (r.passed || r.not_allowed || tailed.has(tailKey(r))) return [];
  const text = [r.stderr_tail ?? "", r.stdout_tail ?? ""].filter((t) => t.trim() !== "").join("\n");
  const lines = text.replace(/\s+$/, "").split("\n").filter((l, i, all) => l.trim() !== "" || (i > 0 && i < all.length - 1));
  const out = lines.slice(-TAIL_LINES).map((l) => `${indent}${c.dim("│")} ${l}`);
  if (lines.length > TAIL_LINES) out.unshift(`${indent}${c.dim(`… ${plural(lines.length - TAIL_LINES, "earlier line")}`)}`);
  if (r.log) out.push(`${indent}${c.dim(`full output: ${r.log}`)}`);
  return out;
}

export function checkBlock(results: readonly CheckView[], indent = ""): string[] {
  const out: string[] = [];
  for (const r of results) out.push(checkLine(r, indent), ...failureTail(r, `${indent}    `));
  return out;
}

export function renderCheck(d: { ticket?: string | null; commands: string[]; results: CheckView[]; passed: boolean; suspended_session?: { session: string; ticket: string } }): string {
  // No session and no --ticket-id: only the constitution's required checks, which may be none;
  // say where a ticket's checks come from (before: "no checks to run", with npm test on every ticket).
  if (d.results.length === 0 && !d.ticket && d.suspended_session) {
    const { session, ticket } = d.suspended_session;
    return `${tone("pass", "no checks to run")}: your session ${session} on ${ticket} is suspended, and the constitution requires none\nits ticket's checks: exo check --ticket-id ${ticket}`;
  }
  if (d.results.length === 0) return d.ticket ? `${tone("pass", "no checks to run")} for ${d.ticket}` : `${tone("pass", "no checks to run")}: no session here, and the constitution requires none\na ticket's checks: exo check --ticket-id '<id>'`;
  const failed = d.results.filter((r) => !r.passed).length;
  const head = d.passed ? tone("pass", `checks passed: ${d.results.length} of ${d.results.length}`) : tone("fail", `checks FAILED: ${failed} of ${d.results.length}`);
  return [`${head}${d.ticket ? ` (${d.ticket})` : ""}`, ...checkBlock(d.results, "  ")].join("\n");
}

/** Progress events the check runner reports while it works (CLI stderr only). */
export type CheckProgress =
  | { kind: "start"; index: number; total: number; command: string }
  | { kind: "end"; index: number; total: number; result: CheckView };

export function progressLine(e: CheckProgress): string {
  if (e.kind === "start") return `${c.dim(`[${e.index}/${e.total}]`)} running ${e.command} …`;
  const tail = failureTail(e.result, "      ");
  if (tail.length > 0) tailed.add(tailKey(e.result));
  return [`${c.dim(`[${e.index}/${e.total}]`)} ${checkLine(e.result)}`, ...tail].join("\n");
}
