// Close-out planning (SPEC §7.12, §7.13, §7.14), pure: requirements verdict, memento text,
// ticket patch, lock action, handoff record and ledger entries. The orchestrator executes it.
import { toYaml } from "../yaml-emit.js";
import { canon, sha256 } from "../../kernel/canon.js";
import type { ChangedFile, DriftReport } from "../../kernel/drift.js";
import type { CheckResult } from "../checks/run.js";
import type { Ticket, TicketStatus } from "../tickets/types.js";
import type { SessionRecord } from "./types.js";
import { plural } from "../../kernel/plural.js";

export interface Requirement {
  kind: "checks" | "drift_gate" | "budget_gate" | "lock";
  threshold?: number;
  commands?: string[];
}

/** What the close-out keeps of a check result (§7.18). */
export type CheckOutcome = Pick<CheckResult, "command" | "exit_code" | "passed" | "duration_ms" | "timed_out" | "not_allowed">;

export interface Evidence {
  checks: CheckOutcome[] | null; // null = skipped
  drift: DriftReport | null;
  changed: number;
  loc: number;
  budgets: { max_files: number; max_loc: number };
  lockOk: boolean;
}

export interface RequirementsVerdict {
  satisfied: boolean;
  verify: "passed" | "failed" | "skipped" | "none";
  unmet: { kind: string; code: string; message: string }[];
  bypassed: { kind: string; reason: string }[];
}

/** Combine gates (checks, drift gate, budget gate, lock token) with evidence and break-glass. */
export function resolveRequirements(input: { requirements: readonly Requirement[]; evidence: Evidence; breakGlassReason: string | null }): RequirementsVerdict {
  const { evidence: ev, breakGlassReason: glass } = input;
  const unmet: RequirementsVerdict["unmet"] = [];
  const bypassed: RequirementsVerdict["bypassed"] = [];
  let verify: RequirementsVerdict["verify"] = "none";
  for (const req of input.requirements) {
    switch (req.kind) {
      case "checks": {
        if (ev.checks === null) {
          verify = "skipped";
          bypassed.push({ kind: "checks", reason: glass ?? "skipped" });
        } else if (ev.checks.length > 0) {
          const failed = ev.checks.filter((c) => !c.passed);
          verify = failed.length === 0 ? "passed" : "failed";
          if (failed.length > 0) unmet.push({ kind: "checks", code: "SESSION_VERIFY_FAILED", message: `${plural(failed.length, "check")} failed: ${failed.map((c) => c.command).join(", ")}` });
        }
        break;
      }
      case "drift_gate":
        if (ev.drift && req.threshold !== undefined && ev.drift.score > req.threshold) {
          if (glass) bypassed.push({ kind: "drift_gate", reason: glass });
          else unmet.push({ kind: "drift_gate", code: "DRIFT_GATE_FAILED", message: `drift ${ev.drift.score} is above the drift gate ${req.threshold}` });
        }
        break;
      case "budget_gate":
        if (ev.changed > ev.budgets.max_files || ev.loc > ev.budgets.max_loc) {
          if (glass) bypassed.push({ kind: "budget_gate", reason: glass });
          else unmet.push({ kind: "budget_gate", code: "BUDGET_EXCEEDED", message: `${ev.changed} files and ${ev.loc} lines changed; the budget is ${ev.budgets.max_files} files and ${ev.budgets.max_loc} lines` });
        }
        break;
      case "lock":
        if (!ev.lockOk) unmet.push({ kind: "lock", code: "LOCK_LOST", message: "the session no longer holds its ticket's lock" });
        break;
    }
  }
  return { satisfied: unmet.length === 0, verify, unmet, bypassed };
}

export interface Closeout {
  summary: string;
  nextSteps: string[];
  blockers: string[];
  artifacts: string[];
  errors: string[];
  breakGlassReason: string | null;
  checks: CheckOutcome[];
  /** Feature trace findings for the changed files (§7.12 step 7). */
  featureViolations?: { code: string; severity: "error" | "warning"; path: string | null; line: number | null; feature: string | null; message: string }[];
  endBranch: string | null;
  endCommit: string | null;
  actor: string;
}

/** The memento's front matter (SPEC §4.9), `.exo/mementos/<TICKET>/<SES>.md`. */
export interface Memento {
  format: "exo.memento/1";
  session: string;
  ticket: string;
  actor: string;
  vendor: string;
  model: string;
  harness: string;
  outcome: "finished" | "handed_off" | "crashed" | "superseded";
  started_at: string;
  finished_at: string;
  duration_seconds: number;
  branch_start: string | null;
  branch_end: string | null;
  start_commit: string | null;
  end_commit: string | null;
  base_branch: string;
  set_status: TicketStatus | "keep";
  ticket_status_before: TicketStatus;
  ticket_status_after: TicketStatus;
  verify: "passed" | "failed" | "skipped" | "none";
  break_glass_reason: string | null;
  checks: Omit<CheckOutcome, "not_allowed">[];
  scope: SessionRecord["scope"];
  budgets: SessionRecord["budgets"];
  drift: DriftReport | null;
  changed_files: { path: string; status: string; added: number; removed: number }[];
  commits: string[];
  lines_added: number;
  lines_removed: number;
  fencing_token: number | null;
  handoff_to: string | null;
  features: { violations: NonNullable<Closeout["featureViolations"]> };
  /** Files left out of the session's changes, when there were any (docs/sessions.md#attribution). */
  excluded_files?: { preexisting: string[]; other_sessions: { path: string; session: string }[] };
  receipt_sha256: string;
}

export interface ChangeSet {
  files: ChangedFile[];
  commits: string[];
  lines_added: number;
  lines_removed: number;
  /** Uncommitted files left out of the session's changes, and why (issue #19). */
  attribution?: { excluded_preexisting: string[]; excluded_other_sessions: { path: string; session: string }[] };
}

/** The excluded files of a change set, or null when nothing was left out. */
function excludedFiles(changes: ChangeSet): { preexisting: string[]; other_sessions: { path: string; session: string }[] } | null {
  const a = changes.attribution;
  if (!a || (a.excluded_preexisting.length === 0 && a.excluded_other_sessions.length === 0)) return null;
  return { preexisting: a.excluded_preexisting, other_sessions: a.excluded_other_sessions.map((o) => ({ path: o.path, session: o.session })) };
}

export interface HandoffInput {
  toActor: string | null;
  reason: string;
  branch: string | null;
  headCommit: string | null;
}

export interface HandoffRecord {
  format: "exo.handoff/1";
  ticket: string;
  from_session: string;
  from_actor: string;
  to_actor: string | null;
  created_at: string;
  reason: string;
  summary: string;
  next_steps: string[];
  branch: string | null;
  head_commit: string | null;
  memento: string;
}

export interface LedgerEntryPlan {
  type: string;
  session: string;
  ticket: string;
  data: Record<string, unknown>;
}

export interface TicketPatch {
  status: TicketStatus | null;
  commits: string[];
  branch: string | null;
}

function bullets(items: readonly string[]): string {
  return items.length === 0 ? "- None." : items.map((i) => `- ${i}`).join("\n");
}

function errorLines(errors: readonly string[]): string {
  if (errors.length === 0) return "- None.";
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(e, (counts.get(e) ?? 0) + 1);
  return [...counts].map(([e, n]) => {
    const at = e.indexOf(":");
    const [tool, msg] = at > 0 ? [e.slice(0, at), e.slice(at + 1).trim()] : ["error", e];
    return `- [${tool}] ${msg} (×${n})`;
  }).join("\n");
}

/** A memento file: YAML front matter, then the Markdown body. */
export function mementoText(front: Record<string, unknown>, body: string): string {
  return `---\n${toYaml(front)}---\n${body}`;
}

/** Plan every state change of finish, handoff or crash recovery, without doing any (§7.12). */
export function commitPlan(input: {
  outcome: "finished" | "handed_off" | "crashed" | "superseded";
  session: SessionRecord;
  ticket: Ticket;
  changes: ChangeSet;
  drift: DriftReport | null;
  verdict: RequirementsVerdict;
  setStatus: "review" | "done" | "keep" | "paused" | "todo";
  releaseLock: boolean;
  closeout: Closeout;
  handoff: HandoffInput | null;
  now: Date;
}): {
  /** The memento's text, and the front matter's object and the body it was written from. */
  memento: { path: string; text: string; front: Record<string, unknown>; body: string };
  ticketPatch: TicketPatch;
  lock: "release" | "keep" | "transfer";
  handoff: HandoffRecord | null;
  ledger: LedgerEntryPlan[];
  commitPaths: string[];
  commitMessage: string;
  /** The files the session was charged with (left as a claim for siblings in its worktree). */
  charged: string[];
} {
  const s = input.session;
  const t = input.ticket;
  const c = input.closeout;
  const at = input.now.toISOString();
  const after: TicketStatus = input.setStatus === "keep" ? t.status : input.setStatus;
  const mementoPath = `.exo/mementos/${t.id}/${s.id}.md`;
  const lock = input.handoff && !input.releaseLock && input.handoff.toActor ? "transfer" : input.releaseLock ? "release" : "keep";
  const fields: Omit<Memento, "excluded_files" | "receipt_sha256"> = {
    format: "exo.memento/1",
    session: s.id,
    ticket: t.id,
    actor: s.actor,
    vendor: s.vendor,
    model: s.model,
    harness: s.harness,
    outcome: input.outcome,
    started_at: s.started_at,
    finished_at: at,
    duration_seconds: Math.max(0, Math.floor((input.now.getTime() - Date.parse(s.started_at)) / 1000)),
    branch_start: s.branch,
    branch_end: c.endBranch,
    start_commit: s.start_commit,
    end_commit: c.endCommit,
    base_branch: s.base_branch,
    set_status: input.setStatus,
    ticket_status_before: t.status,
    ticket_status_after: after,
    verify: input.verdict.verify,
    break_glass_reason: c.breakGlassReason,
    checks: c.checks.map((k) => ({ command: k.command, exit_code: k.exit_code, passed: k.passed, duration_ms: k.duration_ms, timed_out: k.timed_out })),
    scope: s.scope,
    budgets: s.budgets,
    drift: input.drift,
    changed_files: input.changes.files.map((f) => ({ path: f.path, status: f.status, added: f.added, removed: f.removed })),
    commits: input.changes.commits,
    lines_added: input.changes.lines_added,
    lines_removed: input.changes.lines_removed,
    fencing_token: s.fencing_token,
    handoff_to: input.handoff ? (input.handoff.toActor ?? "any") : null,
    features: { violations: c.featureViolations ?? [] },
  };
  const front: Record<string, unknown> = { ...fields };
  const excluded = excludedFiles(input.changes);
  if (excluded) front["excluded_files"] = excluded;
  front["receipt_sha256"] = sha256(canon(front));
  const body = [
    `# Session ${s.id} — ${t.title}`,
    "",
    "## Summary",
    c.summary.trim(),
    "",
    "## Next steps",
    bullets(c.nextSteps),
    "",
    "## Blockers",
    bullets(c.blockers),
    "",
    "## Artifacts",
    bullets(c.artifacts),
    "",
    "## Errors",
    errorLines(c.errors),
    "",
  ].join("\n");
  const text = mementoText(front, body);
  const handoff: HandoffRecord | null = input.handoff
    ? {
        format: "exo.handoff/1",
        ticket: t.id,
        from_session: s.id,
        from_actor: s.actor,
        to_actor: input.handoff.toActor,
        created_at: at,
        reason: input.handoff.reason,
        summary: c.summary.trim(),
        next_steps: c.nextSteps,
        branch: input.handoff.branch,
        head_commit: input.handoff.headCommit,
        memento: mementoPath,
      }
    : null;
  const closingType = input.outcome === "finished" ? "session.finished" : input.outcome === "handed_off" ? "session.handed_off" : "session.crashed";
  const data: Record<string, unknown> = {
    outcome: input.outcome,
    set_status: input.setStatus,
    verify: input.verdict.verify,
    break_glass_reason: c.breakGlassReason,
    drift: input.drift,
    changed_files: input.changes.files.map((f) => f.path),
    lines_added: input.changes.lines_added,
    lines_removed: input.changes.lines_removed,
    commits: input.changes.commits,
    branch: c.endBranch,
    end_commit: c.endCommit,
    scope: s.scope,
    memento: mementoPath,
    vendor: s.vendor,
    model: s.model,
    // The agent that ran the session: a crash is recorded by whoever recovered it.
    session_actor: s.actor,
    lock_released: lock === "release",
  };
  if (excluded) data["excluded_files"] = { preexisting: excluded.preexisting.length, other_sessions: excluded.other_sessions.length };
  if (input.handoff) data["to_actor"] = input.handoff.toActor;
  const ledger: LedgerEntryPlan[] = [{ type: closingType, session: s.id, ticket: t.id, data }];
  if (handoff) ledger.push({ type: "handoff.created", session: s.id, ticket: t.id, data: { to_actor: handoff.to_actor, from_session: s.id, by_session: null } });
  const commits = [...t.commits, ...input.changes.commits.filter((x) => !t.commits.includes(x))];
  return {
    memento: { path: mementoPath, text, front, body },
    ticketPatch: { status: after === t.status ? null : after, commits, branch: c.endBranch },
    lock,
    handoff,
    ledger,
    commitPaths: [mementoPath, `.exo/tickets/${t.id}.yaml`, ...(handoff ? [`.exo/handoffs/${t.id}.json`] : [])],
    charged: input.changes.files.map((f) => f.path),
    commitMessage: `chore(exo): ${input.outcome === "finished" ? "finish" : input.outcome === "handed_off" ? "handoff" : "cleanup"} ${s.id}`,
  };
}
