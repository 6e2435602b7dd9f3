// The fallback hint of every error code: a command that works in the state the code describes.
// A throw site with better knowledge (a ticket id, an owner) passes its own `hint`; this table
// fills in the rest, so no error reaches a person without a way forward. A unit test walks it and
// checks that every `exo …` command it names exists with the flags it uses. Placeholders are
// quoted ('<path>'): pasted as printed, a bare <path> is the shell's redirect from a file.
import { EXO_VERSION } from "./version.js";
import type { ErrorCode } from "./errors.js";

const INSTALL = `npm install -g exoprotocol@${EXO_VERSION}`;
const UPGRADE = "npm install -g exoprotocol@latest";

export const ERROR_HINTS: Readonly<Record<ErrorCode, string>> = {
  USAGE_ERROR: "exo --help",
  INVALID_INPUT: "exo <command> --help",
  NOT_A_GIT_REPO: "git init",
  NOT_INITIALIZED: "exo install",
  REPO_NOT_ALLOWED: "exo-mcp --allow-repo PATH",
  TICKET_NOT_FOUND: "exo tickets --all",
  SESSION_NOT_FOUND: "exo session-scan",
  LEARNING_NOT_FOUND: "exo reflections",
  ID_EXISTS: "exo tickets --all",
  INVALID_PARENT: "exo intents",
  BLOCKER_CYCLE: "exo ticket-update '<ID>' --remove-blocker '<BLOCKER-ID>'",
  BUDGET_EXCEEDS_CEILING: "exo ticket-update '<ID>' --max-files N --max-loc N",
  CHECK_NOT_ALLOWED: "add the command to checks.allowlist in .exo/config.yaml, then exo compose",
  CHECK_INVALID: "exo config-validate",
  TICKET_KIND_INVALID: "exo tickets --kind task",
  SESSION_TICKET_REQUIRED: "exo session-start --ticket-id '<ID>'",
  BREAK_GLASS_REQUIRED: 'exo session-finish --skip-check --break-glass-reason "…" --summary "…"',
  CONFIG_INVALID: "exo config-validate",
  CONSTITUTION_INVALID: "exo config-validate",
  MANIFEST_INVALID: "exo config-validate",
  TICKET_INVALID: "exo doctor",
  SETTINGS_INVALID: "exo hook-install",
  GOVERNANCE_MISSING: "exo compose",
  GOVERNANCE_DRIFT: "exo compose",
  GOVERNANCE_TAMPERED: "exo compose --repair",
  KERNEL_VERSION_UNSUPPORTED: UPGRADE,
  FORMAT_UNSUPPORTED: UPGRADE,
  RULE_DENIED: "exo decide --path '<path>'",
  OUT_OF_SCOPE: "exo ticket-update '<ID>' --scope-allow '<glob>'",
  SCOPE_DENIED: "exo ticket-show '<ID>'",
  BOUNDARY_VIOLATION: "exo ticket-show '<ID>'",
  PATH_OUTSIDE_REPO: "add the path to external_write_allow in .exo/config.yaml, then exo compose",
  PATH_INVALID: "exo decide --path '<path>'",
  EXO_STATE_PROTECTED: "exo status",
  FEATURE_LOCKED: "exo features",
  NO_SESSION: "exo next",
  UNKNOWN_WRITE: "exo decide --path '<path>' --action write",
  LOCK_REQUIRED: "exo lease-heartbeat",
  LOCK_LOST: "exo session-scan",
  LOCK_HELD: "exo next",
  LOCK_NOT_FOUND: "exo next",
  LOCK_OWNER_MISMATCH: "exo session-scan",
  LOCK_BOUND: "exo session-scan",
  LOCK_BUSY: "exo doctor",
  LEASE_HELD: "exo next",
  LEASE_CONFLICT: "exo next",
  REMOTE_UNAVAILABLE: "git fetch",
  REMOTE_REFUSED: "git remote -v",
  NO_TICKET: "exo tickets --all",
  INVALID_TRANSITION: "exo ticket-close '<ID>' --status done",
  TICKET_OPEN_CHILDREN: "exo tickets --parent '<ID>'",
  TICKET_CLOSED: "exo next",
  TICKET_IN_USE: "exo next",
  TICKET_BLOCKED: "exo session-start --ticket-id '<ID>' --allow-blocked",
  SESSION_ALREADY_ACTIVE: 'exo session-suspend --reason "…"',
  STALE_SESSION_PRESENT: "exo session-cleanup",
  NO_ACTIVE_SESSION: "exo session-scan",
  SESSION_SUSPENDED: "exo session-resume",
  SESSION_NOT_SUSPENDED: "exo status",
  SESSION_VERIFY_FAILED: "exo check",
  DRIFT_GATE_FAILED: "exo drift",
  BUDGET_EXCEEDED: "exo drift",
  DIRTY_WORKTREE: "git status",
  ADAPTER_EDITED: "exo adapter-generate --force",
  CHECKS_FAILED: "exo check",
  DOCTOR_FAILED: "exo doctor --fix",
  DRIFT_DETECTED: "exo drift",
  PR_CHECK_FAILED: "exo pr-check --markdown exo-pr-check.md",
  LEDGER_INVALID: "exo ledger-show --all",
  TRACE_FAILED: "exo features",
  VALIDATION_FAILED: "exo config-validate",
  ADAPTERS_STALE: "exo adapter-generate",
  INSTALL_INCOMPLETE: "exo install",
  GIT_FAILED: "git status",
  ENVIRONMENT_UNSUPPORTED: "node --version && git --version",
  IO_ERROR: "exo doctor",
  STATE_CORRUPT: "exo doctor",
  LEDGER_WRITE_FAILED: "exo ledger-verify",
  EXPORT_FAILED: "exo export-traces --out traces.json",
  INTERNAL: "exo doctor",
};

/** The install command for this exo version (docs, launcher messages, hints). */
export const INSTALL_COMMAND = INSTALL;

/** A hint for an error: its own, else the table's. */
export function hintFor(code: string, own: string | undefined): string | undefined {
  return own ?? (ERROR_HINTS as Record<string, string | undefined>)[code];
}
