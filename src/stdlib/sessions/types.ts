// Session file format (SPEC §4.7): .exo/sessions/<SES>.json, ephemeral.
import type { Budgets } from "../constitution/model.js";
import type { EffectiveScope } from "../tickets/types.js";

export interface Advisory {
  kind: string;
  severity: "warning" | "info";
  message: string;
  details: Record<string, unknown>;
}

export interface SessionRecord {
  format: "exo.session/1";
  id: string;
  status: "active" | "suspended";
  actor: string;
  vendor: string;
  model: string;
  harness: string;
  agent_session_id: string | null;
  role: string;
  task: string | null;
  ticket: string;
  ticket_title: string;
  lock_owner: string | null;
  fencing_token: number | null;
  started_at: string;
  resumed_at: string | null;
  suspended_at: string | null;
  suspend_reason: string | null;
  heartbeat_at: string;
  host: string;
  pid: number | null;
  pid_start: string | null;
  worktree: string;
  /**
   * Whether `worktree` was the repository's main worktree when the session started (false: a
   * linked worktree). A linked worktree that git worktree remove deleted leaves no record in git,
   * so only this tells it from a main worktree whose repository moved. Absent in older records.
   */
  main_worktree?: boolean;
  branch: string | null;
  base_branch: string;
  base_ref: string | null;
  start_commit: string | null;
  merge_base: string | null;
  scope: EffectiveScope;
  budgets: Budgets;
  checks: string[];
  advisories: Advisory[];
  handoff_from: Record<string, unknown> | null;
  exo_written: string[];
  reminded_at: string | null;
  bootstrap_sha256: string;
}
