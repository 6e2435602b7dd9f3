// The command registry: every command once; the CLI and the MCP server are generated from it.
import type { Command } from "./command.js";
import { compose } from "./compose.js";
import { configValidate } from "./config-validate.js";
import { init } from "./init.js";
import { ledgerShow } from "./ledger-show.js";
import { ledgerVerify } from "./ledger-verify.js";
import { status } from "./status.js";
import { features } from "./features.js";
import { requirements } from "./requirements.js";
import { trace } from "./trace.js";
import { traceReqs } from "./trace-reqs.js";
import { prCheck } from "./pr-check.js";
import { intentCreate } from "./intent-create.js";
import { ticketCreate } from "./ticket-create.js";
import { ticketUpdate } from "./ticket-update.js";
import { ticketClose } from "./ticket-close.js";
import { tickets } from "./tickets.js";
import { ticketShow } from "./ticket-show.js";
import { intents } from "./intents.js";
import { next } from "./next.js";
import { leaseRenew } from "./lease-renew.js";
import { leaseHeartbeat } from "./lease-heartbeat.js";
import { leaseRelease } from "./lease-release.js";
import { gcLocks } from "./gc-locks.js";
import { sessionStart } from "./session-start.js";
import { sessionFinish } from "./session-finish.js";
import { sessionSuspend } from "./session-suspend.js";
import { sessionResume } from "./session-resume.js";
import { sessionHandoff } from "./session-handoff.js";
import { sessionScan } from "./session-scan.js";
import { sessionCleanup } from "./session-cleanup.js";
import { check } from "./check.js";
import { reflect } from "./reflect.js";
import { reflections } from "./reflections.js";
import { reflectDismiss } from "./reflect-dismiss.js";
import { hookInstall } from "./hook-install.js";
import { decide } from "./decide.js";
import { install } from "./install.js";
import { adapterGenerate } from "./adapter-generate.js";
import { sandboxPolicy } from "./sandbox-policy.js";
import { exportTraces } from "./export-traces.js";
import { metrics } from "./metrics.js";
import { fleetDrift } from "./fleet-drift.js";
import { gc } from "./gc.js";
import { drift } from "./drift.js";
import { doctor } from "./doctor.js";
import { worktreeCreate } from "./worktree-create.js";
import { worktreeRemove } from "./worktree-remove.js";
import { worktrees } from "./worktrees.js";
import { dashboard } from "./dashboard.js";
import { sidecarInit } from "./sidecar-init.js";
import { mergeTicket } from "./merge-ticket.js";
import { ready } from "./ready.js";
import { brief } from "./brief.js";

export const commands: readonly Command[] = [
  install,
  init,
  compose,
  configValidate,
  status,
  intentCreate,
  ticketCreate,
  ticketUpdate,
  ticketClose,
  tickets,
  ticketShow,
  intents,
  next,
  ready,
  brief,
  leaseRenew,
  leaseHeartbeat,
  leaseRelease,
  gcLocks,
  sessionStart,
  sessionFinish,
  sessionSuspend,
  sessionResume,
  sessionHandoff,
  sessionScan,
  sessionCleanup,
  check,
  reflect,
  reflections,
  reflectDismiss,
  hookInstall,
  decide,
  adapterGenerate,
  sandboxPolicy,
  exportTraces,
  metrics,
  fleetDrift,
  gc,
  drift,
  doctor,
  worktreeCreate,
  worktreeRemove,
  worktrees,
  dashboard,
  sidecarInit,
  mergeTicket,
  ledgerVerify,
  ledgerShow,
  features,
  trace,
  requirements,
  traceReqs,
  prCheck,
] as readonly Command[];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
