// openSession (SPEC §9.2): the pure core of session start (§7.9 steps 4–9): refuse what may not
// start, decide acquire or bind, and build the session record with its effective scope.
import { ExoError, ErrorCode } from "../../errors.js";
import { actorMatches, isActor } from "../../kernel/ids.js";
import { effectiveScope } from "../../kernel/scope.js";
import type { GitFacts } from "../git/facts.js";
import { isLockLive, type LockState } from "../locks/types.js";
import type { EffectiveScope, Ticket } from "../tickets/types.js";
import type { SessionRecord } from "./types.js";

export function openSession(input: {
  id: string;
  actor: string;
  ticket: Ticket;
  ancestors: readonly Ticket[];
  lock: LockState | null;
  sessions: readonly SessionRecord[];
  git: GitFacts & { baseBranch?: string };
  now: Date;
  host: string;
  pid: number | null;
  harness: string;
  vendor: string;
  model: string;
  task: string | null;
  requireOwnerMatch: boolean;
}): { session: SessionRecord; lockAction: "acquire" | "bind"; scope: EffectiveScope } {
  const { ticket, actor } = input;
  if (ticket.kind !== "task") throw new ExoError(ErrorCode.TICKET_KIND_INVALID, `${ticket.id} is an ${ticket.kind}; sessions work on tasks.`);
  if (!["todo", "active", "paused", "review"].includes(ticket.status)) throw new ExoError(ErrorCode.TICKET_CLOSED, `${ticket.id} is ${ticket.status}.`);
  const mine = input.sessions.find((s) => s.actor === actor && s.status === "active");
  if (mine && mine.ticket !== ticket.id) throw new ExoError(ErrorCode.SESSION_ALREADY_ACTIVE, `${actor} already works on ${mine.ticket} in session ${mine.id}.`);
  const other = input.sessions.find((s) => s.ticket === ticket.id && s.actor !== actor);
  if (other) throw new ExoError(ErrorCode.TICKET_IN_USE, `${other.actor} works on ${ticket.id} (session ${other.id}).`);
  const live = input.lock !== null && isLockLive(input.lock, input.now);
  if (live && input.lock?.session && input.lock.session !== input.id && input.sessions.some((s) => s.id === input.lock?.session)) {
    // SPEC §7.7: LOCK_HELD's details name the owner, the session and when the lock expires.
    throw new ExoError(ErrorCode.LOCK_HELD, `Ticket ${ticket.id} is locked by session ${input.lock.session} (${input.lock.owner}) until ${input.lock.expires_at}.`, {
      details: { owner: input.lock.owner, session: input.lock.session, expires_at: input.lock.expires_at },
    });
  }
  if (live && input.requireOwnerMatch && input.lock && !actorMatches(actor, input.lock.owner)) {
    throw new ExoError(ErrorCode.LOCK_OWNER_MISMATCH, `The lock on ${ticket.id} belongs to ${input.lock.owner}.`, { hint: isActor(input.lock.owner) ? `exo session-start --ticket-id ${ticket.id} --actor ${input.lock.owner}` : `exo lease-release --ticket-id ${ticket.id} --force` });
  }
  const scope = effectiveScope(ticket, input.ancestors);
  const at = input.now.toISOString();
  const session: SessionRecord = {
    format: "exo.session/1",
    id: input.id,
    status: "active",
    actor,
    vendor: input.vendor,
    model: input.model,
    harness: input.harness,
    agent_session_id: null,
    role: "developer",
    task: input.task,
    ticket: ticket.id,
    ticket_title: ticket.title,
    lock_owner: live && input.lock ? input.lock.owner : actor,
    fencing_token: live && input.lock ? input.lock.fencing_token : (input.lock?.fencing_token ?? 0) + 1,
    started_at: at,
    resumed_at: null,
    suspended_at: null,
    suspend_reason: null,
    heartbeat_at: at,
    host: input.host,
    pid: input.pid,
    pid_start: null,
    worktree: "",
    branch: input.git.branch,
    base_branch: input.git.baseBranch ?? "main",
    base_ref: input.git.baseRef,
    start_commit: input.git.head,
    merge_base: input.git.mergeBase,
    scope,
    budgets: ticket.budgets,
    checks: [...ticket.checks],
    advisories: [],
    handoff_from: null,
    exo_written: [],
    reminded_at: null,
    bootstrap_sha256: "",
  };
  return { session, lockAction: live ? "bind" : "acquire", scope };
}
