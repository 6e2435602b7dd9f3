// The ticket status state machine (SPEC §4.5.3), pure.
import type { TicketKind, TicketStatus } from "./types.js";

export type Via =
  | "next"
  | "session-start"
  | "session-resume"
  | "session-finish"
  | "session-suspend"
  | "session-handoff"
  | "session-cleanup"
  | "lease-release"
  | "reconcile"
  | "ticket-update"
  | "ticket-close"
  | "gc";

type Rule = [TicketStatus, TicketStatus, readonly Via[], boolean?];

// [from, to, allowed callers, reason required]
const TASK_RULES: readonly Rule[] = [
  ["todo", "active", ["next", "session-start", "session-resume"]],
  ["todo", "cancelled", ["ticket-update"]],
  ["active", "review", ["session-finish"]],
  ["active", "done", ["session-finish"]],
  ["active", "paused", ["session-suspend", "session-handoff", "session-cleanup"]],
  ["active", "todo", ["session-cleanup", "lease-release", "reconcile", "ticket-update"]],
  ["paused", "active", ["session-resume", "session-start", "next"]],
  ["paused", "todo", ["ticket-update", "session-cleanup"]],
  ["paused", "cancelled", ["ticket-update"]],
  ["review", "active", ["session-start"]],
  ["review", "done", ["ticket-update"]],
  ["review", "todo", ["ticket-update"]],
  ["done", "todo", ["ticket-update"], true],
  ["done", "archived", ["ticket-update", "gc"]],
  ["cancelled", "archived", ["ticket-update", "gc"]],
  ["cancelled", "todo", ["ticket-update"], true],
];

const CONTAINER_RULES: readonly Rule[] = [
  ["todo", "active", ["ticket-update"]],
  ["active", "done", ["ticket-update"]],
  ["todo", "cancelled", ["ticket-update"]],
  ["active", "cancelled", ["ticket-update"]],
  ["paused", "cancelled", ["ticket-update"]],
  ["review", "cancelled", ["ticket-update"]],
  ["done", "cancelled", ["ticket-update"]],
  ["done", "archived", ["ticket-update", "gc"]],
  ["cancelled", "archived", ["ticket-update", "gc"]],
];

// A person closes work in one step from any open status (exo ticket-close).
const OPEN: readonly TicketStatus[] = ["todo", "active", "paused", "review"];
const CLOSE_RULES: readonly Rule[] = OPEN.flatMap((from): Rule[] => [
  [from, "done", ["ticket-close"]],
  [from, "cancelled", ["ticket-close"]],
]);

function rules(kind: TicketKind): readonly Rule[] {
  return [...(kind === "task" ? TASK_RULES : CONTAINER_RULES), ...CLOSE_RULES];
}

/** Statuses a ticket may move to from `from` when changed by `via`. */
export function allowedTargets(kind: TicketKind, from: TicketStatus, via: Via): TicketStatus[] {
  return rules(kind)
    .filter(([f, , callers]) => f === from && callers.includes(via))
    .map(([, t]) => t);
}

export type TransitionVerdict = { ok: true } | { ok: false; reason: "not_allowed" | "reason_required"; allowed: TicketStatus[] };

export function checkTransition(kind: TicketKind, from: TicketStatus, to: TicketStatus, via: Via, reason: string | null): TransitionVerdict {
  const rule = rules(kind).find(([f, t, callers]) => f === from && t === to && callers.includes(via));
  const allowed = allowedTargets(kind, from, via);
  if (!rule) return { ok: false, reason: "not_allowed", allowed };
  if (rule[3] && !(reason && reason.trim())) return { ok: false, reason: "reason_required", allowed };
  return { ok: true };
}

export { CLOSED } from "./types.js";
