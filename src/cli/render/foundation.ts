// Human views of the foundation commands: init, compose, config-validate, ledger-*.
import type { LedgerRecord } from "../../kernel/ledger.js";
import type { VerifyReport } from "../../stdlib/ledger/read.js";
import { c, COLUMNS, plural, table, tone, width } from "./style.js";

interface InitView {
  created: string[];
  existing: string[];
  lock: { version: number; lock_sha256: string };
}

export function renderInit(d: InitView): string {
  const lines = d.created.map((p) => `created  ${p}`);
  lines.push(...d.existing.map((p) => `kept     ${p}`));
  lines.push(`governance lock v${d.lock.version} (${d.lock.lock_sha256.slice(0, 16)})`);
  // init writes governance only: no hooks, no agent files, no commit. install adds them (and keeps these files).
  if (d.created.length > 0) lines.push("next: exo install   # hooks, agent instruction files and one commit of .exo/");
  return lines.join("\n");
}

interface ComposeView {
  changed: boolean;
  status_before: string;
  version: number;
  lock_sha256: string;
  dry_run?: boolean;
  next_command?: string;
  commit_command?: string | null;
}

export function renderCompose(d: ComposeView): string {
  if (!d.changed) return `governance unchanged: lock v${d.version} (${d.lock_sha256.slice(0, 16)}) is valid`;
  if (d.dry_run) return `governance would compile to lock v${d.version} (was ${d.status_before}); nothing was written (exo compose writes it)`;
  // The instruction files quote the lock, and teammates' hooks read the committed one: both steps follow.
  return [
    `governance compiled: lock v${d.version} (${d.lock_sha256.slice(0, 16)}), was ${d.status_before}`,
    `next: ${d.next_command ?? "exo adapter-generate"}   # agents' instruction files name the lock: refresh them`,
    // Exo-Generated: only .exo/ is committed, so exo pr-check counts the commit as governed.
    ...(d.commit_command ? [`      ${d.commit_command}`] : []),
  ].join("\n");
}

interface ValidateView {
  valid: boolean;
  issues: { file: string; path: string; code: string; message: string; severity: string; line?: number; column?: number }[];
}

export function renderConfigValidate(d: ValidateView): string {
  if (d.issues.length === 0) return tone("pass", "governance files are valid");
  const errors = d.issues.filter((i) => i.severity === "error").length;
  const head = errors > 0 ? tone("fail", `${plural(errors, "error")} in governance files`) : tone("warn", `${plural(d.issues.length, "warning")} in governance files`);
  const lines = d.issues.map((i) => {
    const where = `${i.file}${i.line !== undefined ? `:${i.line}:${i.column ?? 1}` : ""}`;
    const path = i.path && !i.message.startsWith(i.path) ? `${i.path}: ` : "";
    return `  ${tone(i.severity === "error" ? "fail" : "warn", i.severity === "error" ? "error" : "warn ")}  ${where}  ${path}${i.message} ${c.dim(`[${i.code}]`)}`;
  });
  return [head, ...lines].join("\n");
}

export function renderLedgerVerify(d: VerifyReport): string {
  const head = d.valid
    ? tone("pass", `ledger valid: ${d.records} records in ${plural(d.segments.length, "segment")}`)
    : tone("fail", `ledger INVALID: ${plural(d.errors.length, "problem")}`);
  const errors = d.errors.map((e) => `  ${e.code}: ${e.message}`);
  const regress = d.ts_regressions.length > 0 ? [`  warning: ${plural(d.ts_regressions.length, "timestamp regression")}`] : [];
  const lost = (d.records_lost ?? []).map((l) => `  warning: ${l.message}`);
  return [head, ...errors, ...regress, ...lost].join("\n");
}

export function renderLedgerShow(d: { records: LedgerRecord[]; total: number; truncated: boolean }): string {
  if (d.records.length === 0) return "no matching records";
  // A session id is printed whole, since it is copied into `--session-id` (before: SES…153654-J8WBTK,
  // which --session-id refused as not a session id); the subject wraps under itself instead.
  const rows = d.records.map((r) => [r.ts.slice(0, 19).replace("T", " "), r.actor, r.type, [r.ticket, r.session].filter(Boolean).join(" ")]);
  const most = (i: number) => Math.max(...rows.map((r) => width(r[i] ?? "")));
  // Too wide for the table (a long actor, or COLUMNS=40): a line per day, then per record its time
  // and event, the actor and subject under them (before: the table ran to 71 columns at 40).
  const lines = 19 + most(1) + most(2) + Math.min(most(3), 20) + 6 <= COLUMNS ? table(rows, { header: ["TIME (UTC)", "ACTOR", "EVENT", "SUBJECT"], wrapLast: true }) : stacked(rows);
  if (d.truncated) {
    const earlier = d.total - d.records.length;
    lines.push(c.dim(`… ${plural(earlier, "earlier matching record")} (use --all / --format json)`));
  }
  return lines.join("\n");
}

function stacked(rows: string[][]): string[] {
  const out: string[] = [];
  let day = "";
  for (const [ts = "", actor = "", type = "", subject = ""] of rows) {
    if (ts.slice(0, 10) !== day) out.push(c.dim(`${(day = ts.slice(0, 10))} (UTC)`));
    out.push(`${ts.slice(11)}  ${type}`);
    const under = [actor, ...subject.split(" ").filter(Boolean)];
    let line = "         ";
    for (const word of under) {
      if (line.trim() !== "" && width(`${line}  ${word}`) > COLUMNS) {
        out.push(line);
        line = "         ";
      }
      line = line.trim() === "" ? `          ${word}` : `${line}  ${word}`;
    }
    out.push(line);
  }
  return out;
}
