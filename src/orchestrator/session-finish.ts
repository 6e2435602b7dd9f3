// Session finish (SPEC §7.12): lock check, changed files, checks gate, drift and gates,
// memento, ticket, lock release, ledger, auto-commit. A refusal writes nothing but the
// check.completed records, and the session stays active.
import { shellWord } from "../kernel/quote.js";
import { join } from "node:path";
import { writeFileAtomicSync } from "../io/fs-atomic.js";
import { commitPathspecs } from "../stdlib/drift/commit-paths.js";
import { exoWrites } from "../stdlib/drift/exo-writes.js";
import { touchedPaths } from "../stdlib/sessions/touched.js";
import { realpath } from "node:fs/promises";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import { failedChecksText } from "../kernel/checks.js";
import { computeDrift, type DriftReport } from "../kernel/drift.js";
import { toRepoPath } from "../kernel/paths.js";
import { isPerson } from "../kernel/ids.js";
import { withGuard } from "../io/guard.js";
import { sameDir, type Repo } from "../io/paths.js";
import { readTextOrNull } from "../io/read.js";
import type { Context } from "../commands/context.js";
import type { Config } from "../stdlib/config/model.js";
import { loadConfig, readSealedPolicy } from "../stdlib/config/store.js";
import { runChecks, type CheckResult } from "../stdlib/checks/run.js";
import { parseSnapshot, type Claim } from "../stdlib/drift/attribution.js";
import { collectChanges, type ChangeSet } from "../stdlib/drift/changes.js";
import { currentBranch, headCommit } from "../stdlib/git/facts.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { readLock } from "../stdlib/locks/store.js";
import { lockLost, lostCause } from "../stdlib/locks/lost.js";
import { clockBackNote, isLockLive, stampedAhead } from "../stdlib/locks/types.js";
import { commitPlan, resolveRequirements, type Requirement } from "../stdlib/sessions/closeout.js";
import { listSessions, readSession } from "../stdlib/sessions/store.js";
import type { SessionRecord } from "../stdlib/sessions/types.js";
import { readTicket } from "../stdlib/tickets/store.js";
import { executeCloseout } from "./closeout.js";
import { checkMementoDir, endedMeanwhile, governanceGate, resolveOwnSession, resumeHint, who, writeMemento } from "./session-context.js";
import { plural } from "../kernel/plural.js";

export interface FinishInput {
  summary: string;
  session_id?: string | undefined;
  set_status: "review" | "done" | "keep";
  next_step: string[];
  blocker: string[];
  artifact: string[];
  error: string[];
  skip_check: boolean;
  break_glass_reason?: string | undefined;
  release_lock?: boolean | undefined;
  drift_threshold?: number | undefined;
}

/**
 * Hook records of this session and of the other live sessions sharing its worktree (§7.15
 * step 2): a sibling's path is the first sibling's that recorded it. Files a sibling that closed
 * since this session started was charged with count as its own while they keep their content.
 */
export async function touchedClaims(repo: Repo, session: SessionRecord): Promise<{ own: Set<string>; others: Map<string, Claim> }> {
  const own = touchedPaths(await readTextOrNull(repo.sessionTouchedFile(session.id)));
  const others = new Map<string, Claim>();
  for (const s of await listSessions(repo)) {
    if (s.id === session.id || s.worktree !== session.worktree) continue;
    for (const p of touchedPaths(await readTextOrNull(repo.sessionTouchedFile(s.id)))) if (!others.has(p)) others.set(p, { session: s.id, actor: s.actor });
  }
  const { closedClaims } = await import("../stdlib/sessions/claims.js");
  for (const [p, claim] of await closedClaims(repo, session)) if (!others.has(p)) others.set(p, claim);
  return { own, others };
}

export async function sessionChanges(repo: Repo, config: Config, session: SessionRecord): Promise<ChangeSet> {
  const [claims, snapshot, branch] = await Promise.all([touchedClaims(repo, session), readTextOrNull(repo.sessionDirtyFile(session.id)), currentBranch(session.worktree)]);
  return collectChanges({
    worktree: session.worktree,
    sessionId: session.id,
    startCommit: session.start_commit,
    branch,
    baseBranch: session.base_branch,
    baseRef: session.base_ref,
    ignorePaths: config.git.ignore_paths,
    exoWritten: session.exo_written,
    siblingPaths: claims.others,
    ownPaths: claims.own,
    startDirty: parseSnapshot(snapshot),
    exoWrites: exoWrites(repo, session.worktree),
  });
}

export async function sessionDrift(repo: Repo, session: SessionRecord, changes: ChangeSet): Promise<DriftReport> {
  const policy = await readSealedPolicy(repo);
  return computeDrift({ files: changes.files, scope: session.scope, deny: policy?.deny ?? [], allow: policy?.allow ?? [], maxFiles: session.budgets.max_files, maxLoc: session.budgets.max_loc });
}

/**
 * The warnings of a close-out (SPEC §7.12 steps 6–7), which finish and handoff both give: drift at
 * or above the threshold, work over the budget, and the feature findings of the changed files,
 * which are returned for the memento. Never blocking: the gates are finish's alone.
 */
export async function closeoutWarnings(ctx: Context, repo: Repo, session: SessionRecord, changes: ChangeSet, drift: DriftReport, threshold: number): Promise<Awaited<ReturnType<typeof traceChanged>>> {
  const loc = changes.lines_added + changes.lines_removed;
  // A drift of 0 (nothing out of scope) is no warning, even under --drift-threshold 0.
  // The message names what the score is made of (SPEC §7.15): files outside the scope, the share of
  // the files budget, a boundary or deny rule (before: "0 files outside the scope ()" when the
  // files budget alone made it).
  if (drift.score > 0 && drift.score >= threshold) {
    const parts = [
      ...(drift.out_of_scope.length > 0 ? [`${plural(drift.out_of_scope.length, "file")} outside the scope (${drift.out_of_scope.slice(0, 3).join(", ")}${drift.out_of_scope.length > 3 ? ", …" : ""})`] : []),
      `${plural(drift.changed, "file")} changed against a budget of ${plural(session.budgets.max_files, "file")}`,
      ...(drift.boundary_violation ? [`${plural(drift.violations.length, "boundary or deny rule hit")}`] : []),
    ];
    ctx.warn(WarningCode.DRIFT_HIGH, `Drift ${drift.score} ≥ ${threshold}: ${parts.join("; ")}.`);
  }
  if (drift.changed > session.budgets.max_files || loc > session.budgets.max_loc) ctx.warn(WarningCode.BUDGET_OVER, `${plural(drift.changed, "file")} / ${plural(loc, "line")} changed; the budget is ${plural(session.budgets.max_files, "file")} / ${plural(session.budgets.max_loc, "line")}.`);
  const featureViolations = await traceChanged(repo, changes);
  for (const v of featureViolations) ctx.warn(WarningCode.FEATURE_VIOLATION, v.message);
  return featureViolations;
}

/** Feature findings for changed files: tags against features.yaml, and edits of locked features. */
async function traceChanged(repo: Repo, changes: ChangeSet) {
  const { loadFeatures, readScannable } = await import("../stdlib/trace/store.js");
  const manifest = await loadFeatures(repo).catch(() => null);
  if (!manifest || changes.files.length === 0) return [];
  const { scanTags, traceFeatures } = await import("../stdlib/trace/model.js");
  const { compileGlob } = await import("../kernel/globs.js");
  const tags = [];
  for (const f of changes.files) {
    if (f.status === "deleted") continue;
    // As exo trace reads it: a link to a pipe or /dev/zero is not scanned (it hung the finish).
    const text = (await readScannable(`${repo.root}/${f.path}`)) ?? "";
    tags.push(scanTags(f.path, text));
  }
  const out = traceFeatures(manifest, tags, () => ["(changed)"], null).violations.filter((v) => v.path !== null).map((v) => ({ code: v.code, severity: v.severity, path: v.path, line: v.line, feature: v.feature, message: v.message }));
  for (const feature of manifest.features.filter((x) => !x.allow_agent_edit)) {
    for (const f of changes.files) {
      if (feature.files.some((g) => compileGlob(g)(f.path))) out.push({ code: "locked_feature_edit", severity: "warning", path: f.path, line: null, feature: feature.id, message: `${f.path} belongs to locked feature ${feature.id}` });
    }
  }
  return out;
}

/**
 * --artifact paths as the memento records them: repository-relative, normalised (SPEC §2.2). A
 * path outside the repository (or the root itself) is INVALID_INPUT, path_unsafe, before anything
 * is read or written: the memento is committed and holds repository paths only (§12).
 */
async function artifactPaths(repo: Repo, cwd: string, paths: string[]): Promise<string[]> {
  if (paths.length === 0) return paths;
  const base = await realpath(cwd).catch(() => cwd);
  const resolved = paths.map((p) => toRepoPath(p.trim(), { repoRoot: repo.root, cwd: base, home: homedir() }));
  const bad = resolved.flatMap((r, i) => ("problem" in r || !r.inside || r.path === "." ? [i] : []));
  if (bad.length > 0) {
    const issues = bad.map((i) => ({ path: `artifact.${i}`, code: "path_unsafe", message: "not a path inside the repository", severity: "error" as const }));
    throw new ExoError(ErrorCode.INVALID_INPUT, `--artifact ${JSON.stringify(paths[bad[0] as number])} is not a path inside the repository; name files of the repository (e.g. dist/app.js).`, { details: { issues } });
  }
  return resolved.map((r) => (r as { path: string }).path);
}

/**
 * Finish and handoff step 3 (SPEC §7.15): the lock must still be the session's. Gone, taken over
 * or force-released: LOCK_LOST, nothing written; expired or released with nobody else on it: a
 * warning. A distributed lease another clone took over ends the session as superseded.
 */
export async function checkSessionLock(ctx: Context, repo: Repo, config: Config, session: SessionRecord, now: Date, input: Pick<FinishInput, "summary" | "next_step" | "blocker" | "artifact" | "error">): Promise<void> {
  const lock = await readLock(repo, session.ticket);
  if (lock?.distributed && lock.fencing_token === session.fencing_token) await checkRemoteLease(ctx, repo, config, session, lock.distributed, input);
  const ours = lock !== null && lock.fencing_token === session.fencing_token && (lock.session === session.id || lock.session === null);
  if (ours && lock && lock.session === session.id && isLockLive(lock, now)) return;
  const ahead = ours && lock ? stampedAhead(lock, now) : null;
  if (ahead !== null && lock) ctx.warn(WarningCode.CLOCK_RAN_BACKWARDS, clockBackNote(session.ticket, lock, now, ahead));
  else if (ours && lock && (lock.state === "released" || !isLockLive(lock, now))) {
    // Released by this session's own close-out, killed after that step (its memento comes first,
    // the release carries the ticket's outcome): the finish completing it has nothing to warn of.
    if (!(lock.state === "released" && lock.ticket_status !== undefined && existsSync(repo.mementoFile(session.ticket, session.id)))) ctx.warn(WarningCode.LOCK_EXPIRED_DURING_SESSION, `The lock on ${session.ticket} expired or was released during the session; nobody else took it.`);
  } else throw lockLost({ ticket: session.ticket, session: session.id, cause: lostCause(lock), note: "nothing was written", next: "close this session and pick another ticket", hint: `exo session-cleanup --session-id ${session.id} --force`, details: { lock } });
}

/** What comes after a finish: a ticket in review is closed once its change is accepted. */
/**
 * What finish and handoff verify before they close a session out, in this order: governance, the
 * session's worktree and ticket, the lock (and, when distributed, the remote lease another clone
 * may have taken), the memento folder, its start snapshot. Then the session's changes. The ticket
 * comes before its lock: a record naming a ticket that is not there has no lock under that name,
 * and LOCK_LOST's hint (session-cleanup --force) ended a session doctor --fix sets right.
 */
export async function closeoutGates(ctx: Context, repo: Repo, config: Config, session: SessionRecord, now: Date, input: Pick<FinishInput, "summary" | "next_step" | "blocker" | "artifact" | "error">): Promise<ChangeSet> {
  await governanceGate(ctx, repo, config, "finish");
  const gone = await import("./ticket-gone.js");
  gone.checkSessionWorktree(session, repo);
  await gone.checkSessionTicket(repo, session);
  await checkSessionLock(ctx, repo, config, session, now, input);
  checkMementoDir(repo, session.ticket);
  await (await import("../stdlib/sessions/snapshot.js")).checkStartSnapshot(repo, session);
  await (await import("../stdlib/sessions/claims.js")).checkClosedClaims(repo);
  return sessionChanges(repo, config, session);
}

/**
 * The session's checks, run as the sealed policy allows (the config's allowlist where no policy is
 * sealed yet), each recorded in the ledger. (Before, a handoff with --run-checks allowed none
 * without a sealed policy, where finish took the config's.)
 */
export async function runSessionChecks(ctx: Context, repo: Repo, config: Config, session: SessionRecord): Promise<CheckResult[]> {
  const policy = await readSealedPolicy(repo);
  const checks = await runChecks(repo, { commands: session.checks, allowlist: policy?.checks.allowlist ?? config.checks.allowlist, sessionId: session.id, ticketId: session.ticket, timeoutSeconds: config.checks.timeout_seconds, tailChars: config.checks.output_tail_chars, onEvent: ctx.progress });
  await appendLedger(repo, who(ctx), checks.map((c) => ({ type: "check.completed", session: session.id, ticket: session.ticket, data: { command: c.command, exit_code: c.exit_code, passed: c.passed, duration_ms: c.duration_ms, timed_out: c.timed_out, not_allowed: c.not_allowed } })));
  return checks;
}

/**
 * The close of a ticket left in review, for a person: ticket-close refuses an agent (a close is a
 * person's acceptance), so an agent's finish gives no next step, as exo ready gives it none
 * (before: next exo ticket-close, refused, whose hint led the agent round again).
 */
function closeNext(ticket: string, status: string, actor: string): string | null {
  return status === "review" && isPerson(actor) ? `exo ticket-close ${ticket}` : null;
}

export async function finishSession(ctx: Context, input: FinishInput) {
  if (input.skip_check && !input.break_glass_reason?.trim()) {
    throw new ExoError(ErrorCode.BREAK_GLASS_REQUIRED, "--skip-check needs --break-glass-reason saying why the checks are skipped (it is recorded).", { hint: 'exo session-finish --skip-check --break-glass-reason "…" --summary "…"' });
  }
  const [repo] = await Promise.all([ctx.governed(), ctx.actorReady()]);
  input = { ...input, artifact: await artifactPaths(repo, ctx.cwd, input.artifact) };
  const config = await loadConfig(repo);
  // A finish of this actor that was killed half-way is completed first, from its journal.
  const completed = await completeOwnCloseout(ctx, repo, config, input.session_id);
  if (completed) {
    return { session: completed.session, ticket: { id: completed.ticket, status: completed.ticket_status }, outcome: completed.outcome, verify: "none" as const, checks: [], drift: null, changed_files: [], commits: [], memento_path: completed.memento_path, lock_released: completed.lock_released, auto_commit: completed.auto_commit, next_command: closeNext(completed.ticket, completed.ticket_status, ctx.actor), completed_interrupted: true };
  }
  const found = await resolveOwnSession(ctx, repo, input.session_id, "active");
  if (found.status === "suspended") throw new ExoError(ErrorCode.SESSION_SUSPENDED, `Session ${found.id} is suspended; resume it first (${resumeHint(ctx, found)}).`, { hint: resumeHint(ctx, found) });
  return withGuard(repo.stateDir, `session-${found.id}`, { host: ctx.host, timeoutMs: 10_000 }, async () => {
    const session = await readSession(repo, found.id);
    if (!session) throw await endedMeanwhile(ctx, repo, input.session_id, found.id);
    // Read again under the guard: a suspend that ran meanwhile (a concurrent MCP call) paused it.
    if (session.status === "suspended") throw new ExoError(ErrorCode.SESSION_SUSPENDED, `Session ${session.id} was suspended meanwhile; resume it first (${resumeHint(ctx, session)}).`, { hint: resumeHint(ctx, session) });
    const now = ctx.now();
    // Steps 3 and 4: the lock (and lease) with the other gates, then the changes.
    const changes = await closeoutGates(ctx, repo, config, session, now, input);
    // Step 5: checks.
    let checks: CheckResult[] | null = null;
    if (!input.skip_check && session.checks.length > 0) {
      const stopNote = ctx.harness === "cli" ? await interruptNote(`exo session-finish: interrupted while the checks ran; ${session.id} stays open on ${session.ticket} with its lock, nothing was finished. Finish again: exo session-finish --summary ${shellWord(input.summary.length > 60 ? "…" : input.summary)}`) : () => {};
      try {
        checks = await runSessionChecks(ctx, repo, config, session);
      } finally {
        stopNote();
      }
      const failed = checks.filter((c) => !c.passed);
      if (failed.length > 0) {
        throw new ExoError(ErrorCode.SESSION_VERIFY_FAILED, `${plural(failed.length, "check")} failed (${failedChecksText(checks)}); fix them and finish again. The session stays open.`, { details: { checks } });
      }
    } else if (!input.skip_check) checks = [];
    if (input.skip_check) {
      await appendLedger(repo, { ...who(ctx) }, [{ type: "checks.bypassed", session: session.id, ticket: session.ticket, data: { reason: input.break_glass_reason ?? "", commands: session.checks } }]);
      ctx.warn(WarningCode.CHECKS_SKIPPED, `Checks were skipped: ${input.break_glass_reason ?? ""}`);
    }
    // Step 6: drift and gates.
    const drift = await sessionDrift(repo, session, changes);
    const policy = await readSealedPolicy(repo);
    const loc = changes.lines_added + changes.lines_removed;
    const requirements: Requirement[] = [{ kind: "checks" }];
    if (policy?.drift_gate !== null && policy?.drift_gate !== undefined) requirements.push({ kind: "drift_gate", threshold: policy.drift_gate });
    if (policy?.budget_gate) requirements.push({ kind: "budget_gate" });
    const glass = input.break_glass_reason?.trim() || null;
    const verdict = resolveRequirements({ requirements, evidence: { checks, drift, changed: drift.changed, loc, budgets: session.budgets, lockOk: true }, breakGlassReason: glass });
    const gate = verdict.unmet.find((u) => u.kind === "drift_gate" || u.kind === "budget_gate");
    if (gate?.kind === "drift_gate") throw new ExoError(ErrorCode.DRIFT_GATE_FAILED, `Drift ${drift.score} is above the drift gate ${policy?.drift_gate}; bring the work back into scope, or pass --break-glass-reason.`, { details: { drift } });
    if (gate?.kind === "budget_gate") throw new ExoError(ErrorCode.BUDGET_EXCEEDED, `${plural(drift.changed, "file")} / ${plural(loc, "line")} changed, over the budget of ${plural(session.budgets.max_files, "file")} / ${plural(session.budgets.max_loc, "line")}; split the work or pass --break-glass-reason.`, { details: { budgets: session.budgets, changed: drift.changed, loc } });
    const featureViolations = await closeoutWarnings(ctx, repo, session, changes, drift, input.drift_threshold ?? config.drift.warn_threshold);
    // Steps 8–12.
    const ticket = await readTicket(repo, session.ticket);
    const releaseLock = input.release_lock ?? input.set_status !== "keep";
    const plan = commitPlan({
      outcome: "finished",
      session,
      ticket,
      changes,
      drift,
      verdict,
      setStatus: input.set_status,
      releaseLock,
      closeout: { summary: input.summary, nextSteps: input.next_step, blockers: input.blocker, artifacts: input.artifact, errors: input.error, breakGlassReason: glass, checks: checks ?? [], endBranch: await currentBranch(session.worktree), endCommit: await headCommit(session.worktree), actor: ctx.actor, featureViolations },
      handoff: null,
      now,
    });
    // The status finish took of this checkout (before any write) serves its auto-commit too.
    const exoStatus = changes.exoStatus && repo.relative(repo.exoDir) === ".exo" && sameDir(session.worktree, repo.root) ? changes.exoStatus : undefined;
    const done = await executeCloseout(ctx, repo, config, session, plan, { via: "session-finish", event: "finish", ...(exoStatus ? { exoStatus } : {}) });
    return {
      session: session.id,
      ticket: { id: session.ticket, status: done.ticket_status },
      outcome: "finished",
      verify: verdict.verify,
      checks: checks ?? [],
      drift,
      changed_files: changes.files,
      commits: changes.commits,
      memento_path: done.memento_path,
      lock_released: done.lock_released,
      auto_commit: done.auto_commit,
      // Keys beyond SPEC §6.4's list come after it.
      attribution: changes.attribution,
      next_command: closeNext(session.ticket, done.ticket_status, ctx.actor),
      commit_command: await sessionCommitCommand(repo, session, changes),
      ...(done.auto_commit ? await pushStepAfter(repo, config.git.remote, session.ticket, done.ticket_status) : {}),
    };
  });
}

/**
 * Finish committed exo's state in a clone with a remote: the push that shows teammates' clones the
 * ticket in review and its lock free (before: nothing said so, and their exo ready went on saying
 * the task was claimed or suspended in another clone). None without a remote, or in sidecar mode.
 */
async function pushStepAfter(repo: Repo, remote: string, ticket: string, status: string): Promise<{ push_command?: string; push_reason?: string }> {
  const { isSidecar } = await import("../stdlib/git/sidecar.js");
  if (isSidecar(repo.exoDir)) return {};
  const push = await (await import("./handoff-step.js")).pushLine(repo, remote);
  if (push === null) return {};
  return {
    push_command: push,
    push_reason: `teammates' clones see ${ticket} ${status === "review" ? "in review" : status} once it is pushed`,
  };
}

/**
 * The session's charged work left uncommitted at finish (the README's quick start commits it
 * afterwards): the commit that carries the session's trailer, so exo pr-check counts it as this
 * session's (before: nothing said, and that commit was an ungoverned_commit). Null when all is
 * committed.
 */
function commitCommand(repo: Repo, session: SessionRecord, changes: ChangeSet): string | null {
  const paths = [...new Set(changes.files.map((f) => f.path))];
  if (paths.length === 0) return null;
  // The status finish took for its drift says what is uncommitted (no second git status).
  const dirty = changes.dirtyPaths ?? [];
  const dirtySet = new Set(dirty);
  const left = paths.filter((p) => dirtySet.has(p));
  if (left.length === 0) return null;
  // A folder holding only the session's changes is named once; still too many to read on one
  // line (files spread over folders shared with other work), the list goes to a pathspec file.
  const specs = left.length > COMMIT_LINE_SPECS ? commitPathspecs(left, dirty) : left;
  const commit = `git commit -m "…" -m "Exo-Session: ${session.id}"`;
  if (specs.length > COMMIT_LINE_SPECS) {
    const file = join(repo.cacheDir, `commit-${session.id}.pathspec`);
    try {
      writeFileAtomicSync(file, specs.map((s) => `${s}\0`).join(""));
      return `git add --pathspec-from-file=${shellWord(file)} --pathspec-file-nul && ${commit}`;
    } catch {
      // Unwritable cache: the long line still says it.
    }
  }
  return `git add -- ${specs.map(shellWord).join(" ")} && ${commit}`;
}

/**
 * The commit line for the session's charged work still uncommitted (null when none): finish's and
 * handoff's `commit_command`, so the work leaves the session with its trailer.
 */
export async function sessionCommitCommand(repo: Repo, session: SessionRecord, changes: ChangeSet): Promise<string | null> {
  return withIdentity(repo, commitCommand(repo, session, changes));
}

/**
 * The commit line, led by install's identity step when git knows no identity here (no user.email,
 * none it can guess): before, the line printed as is failed with git's "Author identity unknown".
 */
async function withIdentity(repo: Repo, line: string | null): Promise<string | null> {
  if (line === null) return null;
  // This command's auto-commit was made as the person, git forbidden to guess: no git run.
  if ((await import("../stdlib/git/autocommit.js")).identityKnown(repo.root)) return line;
  // One git run: the settings that give the committer (user.name, user.email) give the author.
  const { gitRaw } = await import("../io/git.js");
  const committer = await gitRaw(repo.root, ["var", "GIT_COMMITTER_IDENT"]);
  return committer.code === 0 ? line : `git config user.name "Your Name" && git config user.email you@example.com && ${line}`;
}

/** Pathspecs finish's commit line names one by one; more go to a pathspec file in the cache. */
const COMMIT_LINE_SPECS = 40;

/**
 * An interrupted close-out (finish or handoff killed after its journal) of this actor's session —
 * the one named, else any — completed now; null when there is none.
 */
export async function completeOwnCloseout(ctx: Context, repo: Repo, config: Config, sessionId: string | undefined) {
  const { completeCloseouts } = await import("./closeout.js");
  const id = sessionId ?? (ctx.env["EXO_SESSION_ID"] || undefined);
  const done = await completeCloseouts(ctx, repo, config, id ? { sessions: [id] } : { actor: ctx.actor });
  if (done.length === 0) return null;
  // The session asked for was the interrupted one, or no other session of the actor is open:
  // completing it was the whole finish. Otherwise the open session is finished as asked.
  if (id) return done[0] ?? null;
  const open = (await listSessions(repo)).some((s) => s.actor === ctx.actor && (s.status === "active" || s.status === "suspended"));
  return open ? null : (done[0] ?? null);
}

/**
 * A distributed session whose lease another clone took over: the work stays on the branch, a
 * memento (outcome superseded) is written so the new holder can read it, the session ends, and
 * LOCK_LOST names the new holder. The ticket and the lease are left to the new holder.
 */
async function checkRemoteLease(ctx: Context, repo: Repo, config: Config, session: SessionRecord, block: { remote: string; nonce: string; commit?: string }, input: Pick<FinishInput, "summary" | "next_step" | "blocker" | "artifact" | "error">): Promise<void> {
  const { leaseSupersededBy, leaseLost } = await import("../stdlib/locks/distributed.js");
  const holder = await leaseSupersededBy(repo, block.remote, session.ticket, block.nonce, block.commit);
  if (!holder) return;
  const changes = await sessionChanges(repo, config, session);
  const { commitPlan } = await import("../stdlib/sessions/closeout.js");
  const ticket = await readTicket(repo, session.ticket);
  const verdict = resolveRequirements({ requirements: [], evidence: { checks: null, drift: null, changed: changes.files.length, loc: changes.lines_added + changes.lines_removed, budgets: session.budgets, lockOk: false }, breakGlassReason: null });
  const endBranch = await currentBranch(session.worktree);
  const plan = commitPlan({
    outcome: "superseded",
    session,
    ticket,
    changes,
    drift: null,
    verdict,
    setStatus: "keep",
    releaseLock: false,
    closeout: { summary: `${input.summary}\n\n(Superseded: ${holder.owner} on ${holder.host || "another host"} took the lease over with token ${holder.fencing_token}.)`, nextSteps: input.next_step, blockers: input.blocker, artifacts: input.artifact, errors: input.error, breakGlassReason: null, checks: [], endBranch, endCommit: await headCommit(session.worktree), actor: ctx.actor },
    handoff: null,
    now: ctx.now(),
  });
  const { deleteSessionFiles } = await import("../stdlib/sessions/store.js");
  const { autoCommit } = await import("../stdlib/git/autocommit.js");
  await writeMemento(repo, session.ticket, session.id, plan.memento);
  await appendLedger(repo, { ...who(ctx) }, plan.ledger.map((e) => ({ type: e.type, session: e.session, ticket: e.ticket, data: { ...e.data, lock_released: false, superseded_by: holder.owner, superseded_host: holder.host, superseded_token: holder.fencing_token } })));
  await deleteSessionFiles(repo, session.id);
  // The local lock stays bound to the ended session otherwise, and doctor fails on it.
  const { settleSupersededLock } = await import("../stdlib/locks/store.js");
  await settleSupersededLock(repo, who(ctx), session.ticket, session.id);
  const commit = await autoCommit(repo, config, { event: "finish", id: session.id, session: session.id, ticket: session.ticket });
  if (commit.warning) ctx.warn(commit.warning.code, commit.warning.message);
  throw leaseLost(session.ticket, block.remote, holder, { session_ended: session.id, memento_path: plan.memento.path, branch: endBranch });
}

/**
 * Ctrl-C while the checks run (they take the time): before, exo stopped without a word. The note
 * says the session is still open and how to finish; the check runner then stops the check and
 * ends exo as the signal would (exit 130). Registered before it, so the note comes first; a
 * process that handles SIGINT itself (a program embedding exo) is left to do so.
 */
async function interruptNote(note: string): Promise<() => void> {
  if (process.listenerCount("SIGINT") > 0) return () => {};
  const { writeAllSync } = await import("../io/stdio.js");
  const say = (): void => {
    writeAllSync(2, `\n${note}\n`);
    if (process.listenerCount("SIGINT") === 0) process.exit(130);
  };
  process.once("SIGINT", say);
  return () => {
    process.removeListener("SIGINT", say);
  };
}
