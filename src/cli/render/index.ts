// Human renderings of command results, one per registry command (a test walks the registry).
// Human output is not a stable interface; JSON is. Register one line per command below.
import { renderCompose, renderConfigValidate, renderInit, renderLedgerShow, renderLedgerVerify } from "./foundation.js";
import { renderStatus } from "./status.js";
import { renderInstall } from "./install.js";
import { renderSections } from "./health.js";
import { renderCheck } from "./checks.js";
import { renderCleanup, renderFinish, renderHandoff, renderScan, renderStart, renderSuspend } from "./sessions.js";
import { renderLease, renderNext, renderTicketCreated, renderTicketShow, renderTicketUpdated, renderTickets, renderTree } from "./tickets.js";
import { renderDashboard, renderExportTraces, renderFeatures, renderFleetDrift, renderLearning, renderLearnings, renderMetrics, renderPrCheck, renderRequirements, renderTrace, renderTraceReqs } from "./reports.js";
import { renderAdapters, renderDecide, renderGc, renderGcLocks, renderHookInstall, renderSandboxPolicy, renderSidecar, renderWorktreeCreate, renderWorktreeRemove, renderWorktrees } from "./setup.js";

type Renderer = (data: never) => string;

export const RENDERERS: Record<string, Renderer> = {
  status: renderStatus,
  init: renderInit,
  install: renderInstall,
  compose: renderCompose,
  "config-validate": renderConfigValidate,
  "ledger-verify": renderLedgerVerify,
  "ledger-show": renderLedgerShow,
  tickets: renderTickets,
  "ticket-show": renderTicketShow,
  intents: renderTree,
  "intent-create": renderTicketCreated,
  "ticket-create": renderTicketCreated,
  "ticket-update": renderTicketUpdated,
  next: renderNext,
  "lease-renew": renderLease,
  "lease-heartbeat": renderLease,
  "lease-release": renderLease,
  "gc-locks": renderGcLocks,
  "session-start": renderStart,
  "session-resume": renderStart,
  "session-finish": renderFinish,
  "session-handoff": renderHandoff,
  "session-suspend": renderSuspend,
  "session-scan": renderScan,
  "session-cleanup": renderCleanup,
  check: renderCheck,
  doctor: renderSections,
  drift: renderSections,
  decide: renderDecide,
  reflect: renderLearning,
  "reflect-dismiss": renderLearning,
  reflections: renderLearnings,
  "hook-install": renderHookInstall,
  "adapter-generate": renderAdapters,
  "sandbox-policy": renderSandboxPolicy,
  "export-traces": renderExportTraces,
  metrics: renderMetrics,
  "fleet-drift": renderFleetDrift,
  gc: renderGc,
  "worktree-create": renderWorktreeCreate,
  "worktree-remove": renderWorktreeRemove,
  worktrees: renderWorktrees,
  dashboard: renderDashboard,
  "sidecar-init": renderSidecar,
  features: renderFeatures,
  requirements: renderRequirements,
  trace: renderTrace,
  "trace-reqs": renderTraceReqs,
  "pr-check": renderPrCheck,
};

/** Text for a command's data through its renderer (a command without one prints compact JSON). */
export function renderHuman(command: string, data: unknown): string {
  const renderer = RENDERERS[command];
  if (renderer) return renderer(data as never);
  if (data === null || data === undefined) return "";
  if (typeof data === "string") return data;
  return JSON.stringify(data, null, 2);
}
