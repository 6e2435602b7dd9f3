// Human views of the foundation commands: init, compose, config-validate, ledger-*.
import type { LedgerRecord } from "../../kernel/ledger.js";
import type { VerifyReport } from "../../stdlib/ledger/read.js";

interface InitView {
  created: string[];
  existing: string[];
  lock: { version: number; lock_sha256: string };
}

export function renderInit(d: InitView): string {
  const lines = d.created.map((p) => `created  ${p}`);
  lines.push(...d.existing.map((p) => `kept     ${p}`));
  lines.push(`governance lock v${d.lock.version} (${d.lock.lock_sha256.slice(0, 16)})`);
  return lines.join("\n");
}

interface ComposeView {
  changed: boolean;
  status_before: string;
  version: number;
  lock_sha256: string;
}

export function renderCompose(d: ComposeView): string {
  if (!d.changed) return `governance unchanged: lock v${d.version} (${d.lock_sha256.slice(0, 16)}) is valid`;
  return `governance compiled: lock v${d.version} (${d.lock_sha256.slice(0, 16)}), was ${d.status_before}`;
}

interface ValidateView {
  valid: boolean;
  issues: { file: string; path: string; code: string; message: string; severity: string; line?: number; column?: number }[];
}

export function renderConfigValidate(d: ValidateView): string {
  if (d.issues.length === 0) return "governance files are valid";
  return d.issues
    .map((i) => `${i.severity}: ${i.file}${i.line !== undefined ? `:${i.line}:${i.column ?? 1}` : ""}${i.path ? ` ${i.path}` : ""}: ${i.message} [${i.code}]`)
    .join("\n");
}

export function renderLedgerVerify(d: VerifyReport): string {
  const head = d.valid
    ? `ledger valid: ${d.records} records in ${d.segments.length} segment${d.segments.length === 1 ? "" : "s"}`
    : `ledger INVALID: ${d.errors.length} problem${d.errors.length === 1 ? "" : "s"}`;
  const errors = d.errors.map((e) => `  ${e.code}: ${e.message}`);
  const regress = d.ts_regressions.length > 0 ? [`  warning: ${d.ts_regressions.length} timestamp regression(s)`] : [];
  return [head, ...errors, ...regress].join("\n");
}

export function renderLedgerShow(d: { records: LedgerRecord[]; total: number; truncated: boolean }): string {
  const lines = d.records.map((r) => {
    const subject = [r.ticket, r.session].filter(Boolean).join(" ");
    return `${r.ts}  ${r.actor.padEnd(16)} ${r.type.padEnd(24)} ${subject}`.trimEnd();
  });
  if (d.truncated) lines.push(`(${d.records.length} of ${d.total} matching records; --all shows every one)`);
  if (lines.length === 0) lines.push("no matching records");
  return lines.join("\n");
}
