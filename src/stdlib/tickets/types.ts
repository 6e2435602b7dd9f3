// Ticket file format (SPEC §4.5): the shared TypeScript shape of .exo/tickets/<ID>.yaml.
import type { Budgets } from "../constitution/model.js";

export type TicketKind = "intent" | "epic" | "task";
export type TicketStatus = "todo" | "active" | "paused" | "review" | "done" | "cancelled" | "archived";

/** Closed: no more work on the ticket (done, cancelled, archived). */
export const CLOSED: readonly TicketStatus[] = ["done", "cancelled", "archived"];
export const CLOSED_STATUSES: ReadonlySet<string> = new Set<string>(CLOSED);
/** Settled: nothing left for an agent to do (closed, or in review). */
export const SETTLED_STATUSES: ReadonlySet<string> = new Set<string>(["review", ...CLOSED]);

export interface HistoryEntry {
  at: string;
  by: string;
  from: TicketStatus;
  to: TicketStatus;
  reason: string;
}

export interface Ticket {
  id: string;
  kind: TicketKind;
  title: string;
  description: string;
  type: string;
  status: TicketStatus;
  priority: number;
  parent: string | null;
  scope: { allow: string[]; deny: string[] };
  boundaries: string[];
  budgets: Budgets;
  checks: string[];
  blockers: string[];
  labels: string[];
  resource_profile: "light" | "default" | "heavy";
  brain_dump: string;
  success_conditions: string[];
  risk: "low" | "medium" | "high";
  branch: string | null;
  commits: string[];
  created_at: string;
  created_by: string;
  updated_at: string;
  history: HistoryEntry[];
  /** Unknown keys read from the file, kept on rewrite (forward compatibility). */
  extra?: Record<string, unknown>;
}

/** A ticket summary as SPEC §6 defines it. */
export interface TicketSummary {
  id: string;
  kind: TicketKind;
  title: string;
  status: TicketStatus;
  priority: number;
  type: string;
  parent: string | null;
}

/** Effective scope (SPEC §7.3). */
export interface EffectiveScope {
  allow: string[];
  deny: string[];
  boundaries: string[];
  source: string;
}
