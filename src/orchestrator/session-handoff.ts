// Handoff (SPEC §7.13): finish with outcome handed_off plus a one-shot handoff record.
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import { withGuard } from "../io/guard.js";
import type { Context } from "../commands/context.js";
import { loadConfig } from "../stdlib/config/store.js";
import type { CheckResult } from "../stdlib/checks/run.js";
import { currentBranch, headCommit } from "../stdlib/git/facts.js";
import { commitPlan, resolveRequirements } from "../stdlib/sessions/closeout.js";
import { readSession } from "../stdlib/sessions/store.js";
import { readTicket } from "../stdlib/tickets/store.js";
import { readTextOrNull } from "../io/read.js";
import { executeCloseout } from "./closeout.js";
import { closeoutGates, closeoutWarnings, runSessionChecks, sessionCommitCommand, sessionDrift } from "./session-finish.js";
import { endedMeanwhile, resolveOwnSession, resumeHint } from "./session-context.js";

export interface HandoffInput {
  to: string;
  summary: string;
  reason?: string | undefined;
  next_step: string[];
  keep_lock: boolean;
  run_checks: boolean;
  session_id?: string | undefined;
}

export async function handoffSession(ctx: Context, input: HandoffInput) {
  const toActor = input.to === "any" ? null : input.to;
  if (input.keep_lock && toActor === null) {
    throw new ExoError(ErrorCode.INVALID_INPUT, "--keep-lock needs a named --to actor (the lock is transferred to them), not any.", { details: { issues: [{ path: "keep_lock", code: "keep_lock_needs_actor", message: "name the receiving actor", severity: "error" }] } });
  }
  const [repo] = await Promise.all([ctx.governed(), ctx.actorReady()]);
  const config = await loadConfig(repo);
  const { completeOwnCloseout } = await import("./session-finish.js");
  const completed = await completeOwnCloseout(ctx, repo, config, input.session_id);
  if (completed) {
    const { readLock } = await import("../stdlib/locks/store.js");
    return { session: completed.session, handoff: null, memento_path: completed.memento_path, lock: await readLock(repo, completed.ticket), ticket_status: completed.ticket_status, completed_interrupted: true };
  }
  const found = await resolveOwnSession(ctx, repo, input.session_id, "active");
  if (found.status === "suspended") throw new ExoError(ErrorCode.SESSION_SUSPENDED, `Session ${found.id} is suspended; resume it before handing off (${resumeHint(ctx, found)}).`, { hint: resumeHint(ctx, found) });
  return withGuard(repo.stateDir, `session-${found.id}`, { host: ctx.host }, async () => {
    const session = await readSession(repo, found.id);
    if (!session) throw await endedMeanwhile(ctx, repo, input.session_id, found.id);
    // Read again under the guard: a suspend that ran meanwhile (a concurrent MCP call) paused it.
    if (session.status === "suspended") throw new ExoError(ErrorCode.SESSION_SUSPENDED, `Session ${session.id} was suspended meanwhile; resume it before handing off (${resumeHint(ctx, session)}).`, { hint: resumeHint(ctx, session) });
    // The lock must still be the session's, as for finish: a handoff of a ticket someone else
    // took (or whose lock file is gone) would pause their ticket and hand on work nobody owns.
    const changes = await closeoutGates(ctx, repo, config, session, ctx.now(), { summary: input.summary, next_step: input.next_step, blocker: [], artifact: [], error: [] });
    let checks: CheckResult[] | null = null;
    if (input.run_checks && session.checks.length > 0) {
      checks = await runSessionChecks(ctx, repo, config, session);
      if (checks.some((c) => !c.passed)) throw new ExoError(ErrorCode.SESSION_VERIFY_FAILED, "Checks failed; fix them or hand off without --run-checks.", { details: { checks } });
    } else if (input.run_checks) checks = [];
    const drift = await sessionDrift(repo, session, changes);
    const loc = changes.lines_added + changes.lines_removed;
    const verdict = resolveRequirements({ requirements: [{ kind: "checks" }], evidence: { checks, drift, changed: drift.changed, loc, budgets: session.budgets, lockOk: true }, breakGlassReason: checks === null ? "handoff" : null });
    // Drift and features as finish judges them (SPEC §7.13, §7.12 steps 6–7): only the gates are
    // not enforced, so the warnings still tell the sender, and the memento keeps the feature
    // findings (before: a handoff far out of scope, over budget or into a locked feature said
    // nothing, and its memento recorded no violations).
    const featureViolations = await closeoutWarnings(ctx, repo, session, changes, drift, config.drift.warn_threshold);
    const ticket = await readTicket(repo, session.ticket);
    const replacedText = await readTextOrNull(repo.handoffFile(session.ticket));
    const replaced = replacedText !== null;
    const branch = await currentBranch(session.worktree);
    const head = await headCommit(session.worktree);
    const plan = commitPlan({
      outcome: "handed_off",
      session,
      ticket,
      changes,
      drift,
      verdict,
      setStatus: "paused",
      releaseLock: !input.keep_lock,
      closeout: { summary: input.summary, nextSteps: input.next_step, blockers: [], artifacts: [], errors: [], breakGlassReason: null, checks: checks ?? [], endBranch: branch, endCommit: head, actor: ctx.actor, featureViolations },
      handoff: { toActor, reason: input.reason ?? "handoff", branch, headCommit: head },
      now: ctx.now(),
    });
    if (replaced) {
      // The record this one replaces: whom it was for and which session wrote it (§4.11.2), and the session replacing it.
      const old = pendingRecord(replacedText);
      const entry = { type: "handoff.replaced", session: session.id, ticket: session.ticket, data: { to_actor: old.to_actor, from_session: old.from_session, by_session: session.id } };
      const created = plan.ledger.findIndex((r) => r.type === "handoff.created");
      plan.ledger.splice(created < 0 ? plan.ledger.length : created, 0, entry);
    }
    if (checks === null) ctx.warn(WarningCode.CHECKS_SKIPPED, "Checks were not run at handoff (pass --run-checks to run them).");
    const done = await executeCloseout(ctx, repo, config, session, plan, { via: "session-handoff", event: "handoff", transferTo: toActor });
    // The sender's work left uncommitted: the commit that makes it this session's (before: nothing
    // said, the receiver's finish counted it as pre-existing and its commit line left it out, and a
    // receiver in another clone never got it at all).
    const commitCommand = await sessionCommitCommand(repo, session, changes);
    // The step that brings the task to its receiver: a person other than the sender gets it through
    // a push (before: EXO_ACTOR=<them> exo session-start, which run here starts it as them), after
    // the commit of the work left here, as exo alone and exo ready say (before: next_command `git
    // push`, which brought the receiver the handoff without the work).
    const next = await (await import("./handoff-step.js")).senderStep(repo, ctx.actor, session.ticket, toActor, { commitFirst: true });
    return { session: session.id, handoff: plan.handoff, memento_path: done.memento_path, lock: await (await import("../stdlib/locks/store.js")).readLock(repo, session.ticket), ticket_status: done.ticket_status, commit_command: commitCommand, ...next };
  });
}

/** The replaced record's addressee and writer (null when its text does not say). */
function pendingRecord(text: string): { to_actor: string | null; from_session: string | null } {
  try {
    const r = JSON.parse(text) as { to_actor?: unknown; from_session?: unknown };
    return { to_actor: typeof r.to_actor === "string" ? r.to_actor : null, from_session: typeof r.from_session === "string" ? r.from_session : null };
  } catch {
    return { to_actor: null, from_session: null };
  }
}
