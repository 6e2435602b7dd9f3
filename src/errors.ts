// ExoError and the stable error codes of SPEC §10. Agents match on the code strings.

export const ErrorCode = {
  // §10.1 usage and input (exit 2)
  /** Unknown command or flag, missing required flag or argument. */
  USAGE_ERROR: "USAGE_ERROR",
  /** A value broke its schema; details.issues lists each problem with path and code. */
  INVALID_INPUT: "INVALID_INPUT",
  /** --repo is not inside a git work tree. */
  NOT_A_GIT_REPO: "NOT_A_GIT_REPO",
  /** No initialised .exo/ governance root. */
  NOT_INITIALIZED: "NOT_INITIALIZED",
  /** MCP repo argument outside the allowed roots. */
  REPO_NOT_ALLOWED: "REPO_NOT_ALLOWED",
  /** No ticket with that id. */
  TICKET_NOT_FOUND: "TICKET_NOT_FOUND",
  /** No session with that id in this state root. */
  SESSION_NOT_FOUND: "SESSION_NOT_FOUND",
  /** No learning with that id. */
  LEARNING_NOT_FOUND: "LEARNING_NOT_FOUND",
  /** A ticket with that id (case-insensitively) exists. */
  ID_EXISTS: "ID_EXISTS",
  /** Parent kind not allowed for this kind. */
  INVALID_PARENT: "INVALID_PARENT",
  /** Blockers would form a cycle. */
  BLOCKER_CYCLE: "BLOCKER_CYCLE",
  /** Ticket budgets above the constitution ceiling. */
  BUDGET_EXCEEDS_CEILING: "BUDGET_EXCEEDS_CEILING",
  /** A check is not in checks.allowlist. */
  CHECK_NOT_ALLOWED: "CHECK_NOT_ALLOWED",
  /** An allowlist entry contains shell operators. */
  CHECK_INVALID: "CHECK_INVALID",
  /** Operation needs a task but got an intent or epic. */
  TICKET_KIND_INVALID: "TICKET_KIND_INVALID",
  /** No ticket given and none could be inferred. */
  SESSION_TICKET_REQUIRED: "SESSION_TICKET_REQUIRED",
  /** A gate bypass without --break-glass-reason. */
  BREAK_GLASS_REQUIRED: "BREAK_GLASS_REQUIRED",
  /** config.yaml invalid. */
  CONFIG_INVALID: "CONFIG_INVALID",
  /** constitution.yaml invalid. */
  CONSTITUTION_INVALID: "CONSTITUTION_INVALID",
  /** features.yaml or requirements.yaml invalid. */
  MANIFEST_INVALID: "MANIFEST_INVALID",
  /** A ticket file is unparsable or breaks the schema. */
  TICKET_INVALID: "TICKET_INVALID",
  /** An existing harness settings file is not valid JSON. */
  SETTINGS_INVALID: "SETTINGS_INVALID",

  // §10.2 governance and hook decisions (exit 1)
  /** No governance lock; run exo compose. */
  GOVERNANCE_MISSING: "GOVERNANCE_MISSING",
  /** Sources changed since the last compose. */
  GOVERNANCE_DRIFT: "GOVERNANCE_DRIFT",
  /** Lock or seal hash, chain or history does not verify. */
  GOVERNANCE_TAMPERED: "GOVERNANCE_TAMPERED",
  /** The lock was compiled by a newer kernel major version. */
  KERNEL_VERSION_UNSUPPORTED: "KERNEL_VERSION_UNSUPPORTED",
  /** A state file has a newer format version. */
  FORMAT_UNSUPPORTED: "FORMAT_UNSUPPORTED",
  /** A constitution deny rule forbids the action. */
  RULE_DENIED: "RULE_DENIED",
  /** Path outside the session's allowed scope. */
  OUT_OF_SCOPE: "OUT_OF_SCOPE",
  /** Path in the ticket's deny scope. */
  SCOPE_DENIED: "SCOPE_DENIED",
  /** Path matches a boundary of the ticket or an ancestor. */
  BOUNDARY_VIOLATION: "BOUNDARY_VIOLATION",
  /** Write or delete outside the repository not allowed by external_write_allow. */
  PATH_OUTSIDE_REPO: "PATH_OUTSIDE_REPO",
  /** A tool supplied an unusable path. */
  PATH_INVALID: "PATH_INVALID",
  /** Agents may not write under .exo/. */
  EXO_STATE_PROTECTED: "EXO_STATE_PROTECTED",
  /** The path belongs to a feature with allow_agent_edit: false. */
  FEATURE_LOCKED: "FEATURE_LOCKED",
  /** Gated write without a session (policy ask/deny). */
  NO_SESSION: "NO_SESSION",
  /** Shell command writes somewhere exo cannot determine. */
  UNKNOWN_WRITE: "UNKNOWN_WRITE",
  /** A live lock on the ticket is required. */
  LOCK_REQUIRED: "LOCK_REQUIRED",
  /** The lock now belongs to another session or a newer fencing token. */
  LOCK_LOST: "LOCK_LOST",

  // §10.3 state conflicts (exit 1)
  /** The ticket's lock is live and held or bound by someone else. */
  LOCK_HELD: "LOCK_HELD",
  /** No live lock on the ticket. */
  LOCK_NOT_FOUND: "LOCK_NOT_FOUND",
  /** The actor does not match the lock owner or bound session. */
  LOCK_OWNER_MISMATCH: "LOCK_OWNER_MISMATCH",
  /** Release refused: a live session of another actor is bound to the lock. */
  LOCK_BOUND: "LOCK_BOUND",
  /** A guard could not be taken within its timeout. */
  LOCK_BUSY: "LOCK_BUSY",
  /** The remote lease is held by another owner. */
  LEASE_HELD: "LEASE_HELD",
  /** The remote compare-and-swap kept failing. */
  LEASE_CONFLICT: "LEASE_CONFLICT",
  /** Fetch or push to the lease remote failed. */
  REMOTE_UNAVAILABLE: "REMOTE_UNAVAILABLE",
  /** The lease remote refused a push (a server hook or protected refs), not a race. */
  REMOTE_REFUSED: "REMOTE_REFUSED",
  /** Nothing is ready to dispatch; details.reasons says why. */
  NO_TICKET: "NO_TICKET",
  /** Status change not allowed by the state machine. */
  INVALID_TRANSITION: "INVALID_TRANSITION",
  /** A container cannot be done while children are open. */
  TICKET_OPEN_CHILDREN: "TICKET_OPEN_CHILDREN",
  /** Ticket is done, cancelled or archived. */
  TICKET_CLOSED: "TICKET_CLOSED",
  /** Another actor's session works on the ticket. */
  TICKET_IN_USE: "TICKET_IN_USE",
  /** session-start on a task whose blockers are not all done or archived (pass --allow-blocked). */
  TICKET_BLOCKED: "TICKET_BLOCKED",
  /** The actor already has an active session on another ticket. */
  SESSION_ALREADY_ACTIVE: "SESSION_ALREADY_ACTIVE",
  /** A stale session holds the ticket. */
  STALE_SESSION_PRESENT: "STALE_SESSION_PRESENT",
  /** No session resolves for this actor. */
  NO_ACTIVE_SESSION: "NO_ACTIVE_SESSION",
  /** The session is suspended. */
  SESSION_SUSPENDED: "SESSION_SUSPENDED",
  /** Resume of a session that is not suspended. */
  SESSION_NOT_SUSPENDED: "SESSION_NOT_SUSPENDED",
  /** Checks failed at finish; the session stays open. */
  SESSION_VERIFY_FAILED: "SESSION_VERIFY_FAILED",
  /** Drift above the constitution's drift gate. */
  DRIFT_GATE_FAILED: "DRIFT_GATE_FAILED",
  /** Budget gate exceeded. */
  BUDGET_EXCEEDED: "BUDGET_EXCEEDED",
  /** Tracked .exo/ files have uncommitted changes. */
  DIRTY_WORKTREE: "DIRTY_WORKTREE",
  /** A generated whole file was edited by hand. */
  ADAPTER_EDITED: "ADAPTER_EDITED",

  // §10.4 verdicts (exit 1, data holds the report)
  CHECKS_FAILED: "CHECKS_FAILED",
  DOCTOR_FAILED: "DOCTOR_FAILED",
  DRIFT_DETECTED: "DRIFT_DETECTED",
  PR_CHECK_FAILED: "PR_CHECK_FAILED",
  LEDGER_INVALID: "LEDGER_INVALID",
  TRACE_FAILED: "TRACE_FAILED",
  VALIDATION_FAILED: "VALIDATION_FAILED",
  ADAPTERS_STALE: "ADAPTERS_STALE",
  INSTALL_INCOMPLETE: "INSTALL_INCOMPLETE",

  // §10.5 runtime (exit 1)
  /** A git command failed. */
  GIT_FAILED: "GIT_FAILED",
  /** Node < 20 or git < 2.30. */
  ENVIRONMENT_UNSUPPORTED: "ENVIRONMENT_UNSUPPORTED",
  /** A filesystem operation failed. */
  IO_ERROR: "IO_ERROR",
  /** An exo-written state file is unparsable. */
  STATE_CORRUPT: "STATE_CORRUPT",
  /** A ledger append failed. */
  LEDGER_WRITE_FAILED: "LEDGER_WRITE_FAILED",
  /** The OTLP endpoint refused or was unreachable. */
  EXPORT_FAILED: "EXPORT_FAILED",
  /** A bug in exo. */
  INTERNAL: "INTERNAL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Warning codes (§10.6): reported in `warnings`, never change the exit code. */
export const WarningCode = {
  CONFIG_UNKNOWN_KEY: "CONFIG_UNKNOWN_KEY",
  SCOPE_WIDENS_PARENT: "SCOPE_WIDENS_PARENT",
  /** Scope globs given from a subfolder name folders that exist there, not at the repository root they are relative to. */
  SCOPE_ROOT_RELATIVE: "SCOPE_ROOT_RELATIVE",
  /** A ticket's scope, budgets or checks changed while a session on it is open: it applies at resume. */
  SESSION_KEEPS_SCOPE: "SESSION_KEEPS_SCOPE",
  AUTO_COMMIT_FAILED: "AUTO_COMMIT_FAILED",
  /** exo committed its state on a detached HEAD: the commit is on no branch. */
  AUTO_COMMIT_DETACHED: "AUTO_COMMIT_DETACHED",
  SIDECAR_COMMIT_FAILED: "SIDECAR_COMMIT_FAILED",
  AUTO_BRANCH_FAILED: "AUTO_BRANCH_FAILED",
  LOCK_EXPIRED_DURING_SESSION: "LOCK_EXPIRED_DURING_SESSION",
  /** The session's own lock is stamped ahead of this machine's clock (it ran backwards): kept as the session's, not called expired. */
  CLOCK_RAN_BACKWARDS: "CLOCK_RAN_BACKWARDS",
  /** lease-release gave back a lock an active session still works under. */
  SESSION_WITHOUT_LOCK: "SESSION_WITHOUT_LOCK",
  DRIFT_HIGH: "DRIFT_HIGH",
  BUDGET_OVER: "BUDGET_OVER",
  FEATURE_VIOLATION: "FEATURE_VIOLATION",
  GOVERNANCE_RECOMPOSED: "GOVERNANCE_RECOMPOSED",
  HOOKS_REINSTALLED: "HOOKS_REINSTALLED",
  HOOKS_ACTION_NEEDED: "HOOKS_ACTION_NEEDED",
  CHECKS_SKIPPED: "CHECKS_SKIPPED",
  HOOK_ADVISORY: "HOOK_ADVISORY",
  /** A ticket file could not be read; the others are still listed. */
  TICKET_UNREADABLE: "TICKET_UNREADABLE",
  /** A session file could not be read; the session is left out of listings. */
  SESSION_UNREADABLE: "SESSION_UNREADABLE",
  /** A lock file could not be read; the lock is left out of listings. */
  LOCK_UNREADABLE: "LOCK_UNREADABLE",
  /** config.yaml cannot be read or is invalid: status shows what it can without it. */
  CONFIG_UNREADABLE: "CONFIG_UNREADABLE",
  /** An interrupted finish, handoff or recovery (its process died) was completed from its journal. */
  CLOSEOUT_COMPLETED: "CLOSEOUT_COMPLETED",
  /** An interrupted exo install was completed from its journal. */
  INSTALL_RESUMED: "INSTALL_RESUMED",
  /** A filter (ledger-show --type) names a value no record has: a typo shows nothing otherwise. */
  FILTER_MATCHES_NOTHING: "FILTER_MATCHES_NOTHING",
  /** An option that only applies with another (dashboard --port without --serve) was given alone. */
  OPTION_IGNORED: "OPTION_IGNORED",
  /** exo next claimed for an owner that already held a claim without a session (next run twice). */
  CLAIM_ALREADY_HELD: "CLAIM_ALREADY_HELD",
  /** session-start claimed a task without a distributed lease in a clone with a remote: the claim's commit line (as exo next prints). */
  CLAIM_NOT_SHARED: "CLAIM_NOT_SHARED",
  /** exo next claimed for the actor, whose session on another ticket is still active here: the start waits for its finish or suspend. */
  SESSION_STILL_OPEN: "SESSION_STILL_OPEN",
  /** exo next --owner your-name (the docs' placeholder, pasted as printed): claimed as the actor. */
  OWNER_PLACEHOLDER: "OWNER_PLACEHOLDER",
  REMOTE_LEASE_NOT_RELEASED: "REMOTE_LEASE_NOT_RELEASED",
  /** handoff --keep-lock moved the local lock but the remote lease still names the sender (doctor --fix transfers it). */
  REMOTE_LEASE_NOT_TRANSFERRED: "REMOTE_LEASE_NOT_TRANSFERRED",
  /** exo next took over another clone's remote lease that had expired by this machine's clock (a clock behind there makes a live lease look so). */
  LEASE_TAKEN_OVER: "LEASE_TAKEN_OVER",
  /** A record of exo's below .exo/cache, logs or traces lay behind a symlink: ignored and rebuilt. */
  STATE_LINK_IGNORED: "STATE_LINK_IGNORED",
} as const;
export type WarningCode = (typeof WarningCode)[keyof typeof WarningCode];

const USAGE_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  "USAGE_ERROR",
  "INVALID_INPUT",
  "NOT_A_GIT_REPO",
  "NOT_INITIALIZED",
  "REPO_NOT_ALLOWED",
  "TICKET_NOT_FOUND",
  "SESSION_NOT_FOUND",
  "LEARNING_NOT_FOUND",
  "ID_EXISTS",
  "INVALID_PARENT",
  "BLOCKER_CYCLE",
  "BUDGET_EXCEEDS_CEILING",
  "CHECK_NOT_ALLOWED",
  "CHECK_INVALID",
  "TICKET_KIND_INVALID",
  "SESSION_TICKET_REQUIRED",
  "BREAK_GLASS_REQUIRED",
  "CONFIG_INVALID",
  "CONSTITUTION_INVALID",
  "MANIFEST_INVALID",
  "TICKET_INVALID",
  "SETTINGS_INVALID",
]);

/** The exit code SPEC §10 assigns to an error code. */
export function exitCodeFor(code: string): 1 | 2 {
  return USAGE_CODES.has(code) ? 2 : 1;
}

/** One validation problem; `path` is a YAML/JSON path or a flag name. */
export interface Issue {
  path: string;
  code: string;
  message: string;
  severity: "error" | "warning";
  file?: string;
  line?: number;
  column?: number;
  /** A value outside a set of choices: the choices, the value given, and the one meant when clear. */
  choices?: string[];
  value?: string;
  /** What was meant ("did you mean …"): a choice, or the names of arguments near an unknown one. */
  meant?: string[];
}

export interface ExoErrorOptions {
  hint?: string | undefined;
  details?: Record<string, unknown> | undefined;
  cause?: unknown;
}

export class ExoError extends Error {
  override readonly name = "ExoError";
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: ErrorCode, message: string, opts: ExoErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details ?? {};
  }
  get exitCode(): 1 | 2 {
    return exitCodeFor(this.code);
  }
}

export function isExoError(value: unknown): value is ExoError {
  return value instanceof ExoError;
}

/** INVALID_INPUT for a single bad value. */
export function invalidInput(path: string, code: string, message: string): ExoError {
  return new ExoError(ErrorCode.INVALID_INPUT, message, {
    details: { issues: [{ path, code, message, severity: "error" }] },
  });
}
