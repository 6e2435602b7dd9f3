// exo check (SPEC §6.5, §7.18): no auto-compose here; stale governance fails.
import { ExoError, ErrorCode } from "../errors.js";
import type { Context } from "../commands/context.js";
import { loadConfig } from "../stdlib/config/store.js";
import { runChecks } from "../stdlib/checks/run.js";
import { inspectGovernance } from "../stdlib/governance/store.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { listSessions } from "../stdlib/sessions/store.js";
import { latestSuspended } from "../stdlib/sessions/own.js";
import { readTicket } from "../stdlib/tickets/store.js";
import { who } from "./session-context.js";

export async function runCheckCommand(ctx: Context, ticketId: string | undefined) {
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  const gov = await inspectGovernance(repo);
  if (gov.status === "tampered") throw new ExoError(ErrorCode.GOVERNANCE_TAMPERED, `Governance does not verify (${gov.reasons[0]?.message ?? "tampered"}); run exo compose --repair.`, { hint: "exo compose --repair" });
  // A lock from a newer kernel cannot be read for its required checks; no lock is GOVERNANCE_MISSING (SPEC §10.2).
  if (gov.status === "kernel_unsupported") throw new ExoError(ErrorCode.KERNEL_VERSION_UNSUPPORTED, `The governance lock was compiled by kernel ${gov.lock?.kernel.version ?? "?"}; upgrade exo.`);
  if (gov.status === "missing") throw new ExoError(ErrorCode.GOVERNANCE_MISSING, "No governance lock here; run exo compose.", { hint: "exo compose" });
  if (gov.status === "stale") throw new ExoError(ErrorCode.GOVERNANCE_DRIFT, `Governance sources changed since the last compose (${gov.staleSources.join(", ") || gov.status}); run exo compose first.`, { hint: "exo compose" });
  const sessions = await listSessions(repo);
  const session = sessions.find((s) => s.actor === ctx.actor && s.status === "active");
  // Your session suspended (no active one), no --ticket-id: its ticket is named, not guessed, so
  // the answer says whose checks `--ticket-id` would run (before: "no session here", '<id>').
  const paused = ticketId === undefined && !session ? latestSuspended(sessions.filter((s) => s.actor === ctx.actor)) : undefined;
  const id = ticketId ?? session?.ticket ?? null;
  const ticket = id ? await readTicket(repo, id) : null;
  const required = gov.lock?.checks.required ?? [];
  const commands = [...new Set([...(ticket?.checks ?? []), ...required])];
  const results = await runChecks(repo, { commands, allowlist: gov.lock?.checks.allowlist ?? config.checks.allowlist, sessionId: session && session.ticket === id ? session.id : null, ticketId: id, timeoutSeconds: config.checks.timeout_seconds, tailChars: config.checks.output_tail_chars, onEvent: ctx.progress });
  if (results.length > 0) {
    await appendLedger(repo, who(ctx), results.map((r) => ({ type: "check.completed", ticket: id, session: session && session.ticket === id ? session.id : null, data: { command: r.command, exit_code: r.exit_code, passed: r.passed, duration_ms: r.duration_ms, timed_out: r.timed_out, not_allowed: r.not_allowed } })));
  }
  return { ticket: id, commands, results, passed: results.every((r) => r.passed), ...(paused ? { suspended_session: { session: paused.id, ticket: paused.ticket } } : {}) };
}
