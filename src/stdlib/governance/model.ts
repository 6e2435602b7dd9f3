// Governance compile and verify (SPEC §4.3, §4.4, §7.16), pure: the store feeds file texts,
// hashes and git facts in.
import type { Issue } from "../../errors.js";
import { canon, hasValidSeal, sealHashes, sealResult, sha256 } from "../../kernel/canon.js";
import { splitCommandLine } from "../../kernel/checks.js";
import { hasConflict } from "../../kernel/conflict-markers.js";
import { sourceForm } from "../../kernel/text.js";
import type { Action, Budgets, Constitution, Rule } from "../constitution/model.js";
import type { Config } from "../config/model.js";
import type { Features } from "./manifests.js";
import { EXO_VERSION, KERNEL } from "../../version.js";

export interface Sources {
  constitution: string;
  config: string;
  features: string | null;
  requirements: string | null;
}

export interface HistoryEntry {
  version: number;
  lock_sha256: string;
  compiled_at: string;
}

export interface LockBody {
  format: "exo.governance-lock/1";
  kernel: { name: string; version: string };
  sources: Sources;
  rules: Rule[];
  budgets: { default: Budgets; ceiling: Budgets | null };
  checks: { allowlist: string[]; required: string[] };
}

export interface GovernanceLock extends LockBody {
  version: number;
  exo_version: string;
  compiled_at: string;
  compiled_by: string;
  reason: "init" | "install" | "manual" | "auto" | "repair";
  prev_lock_sha256: string | null;
  history: HistoryEntry[];
  lock_sha256: string;
}

export interface SealedPolicy {
  format: "exo.sealed-policy/1";
  sealed_at: string;
  lock_version: number;
  lock_sha256: string;
  sources: Sources;
  deny: { id: string; patterns: string[]; actions: Action[]; message: string }[];
  allow: { id: string; patterns: string[]; actions: Action[]; cancels: string[] }[];
  require_lock: { actions: Action[] } | null;
  drift_gate: number | null;
  budget_gate: boolean;
  budgets: { default: Budgets; ceiling: Budgets | null };
  checks: { allowlist: string[]; required: string[] };
  locked_features: { id: string; patterns: string[] }[];
  hooks: {
    enforcement: "strict" | "advisory";
    no_session: "allow" | "ask" | "deny";
    unknown_writes: "allow" | "ask" | "deny";
    internal_error: "allow" | "deny";
    external_write_allow: string[];
    guard_reads: boolean;
    heartbeat_interval_seconds: number;
    installed: string[];
  };
  hooks_sha256: string;
  seal_sha256: string;
}

export type GovernanceStatus = "valid" | "stale" | "tampered" | "missing" | "kernel_unsupported";

/** A source's hash in the lock: of its text without a BOM and with LF line ends (kernel/text.ts sourceForm). */
export function hashSource(text: string | null): string | null {
  return text === null ? null : sha256(sourceForm(text));
}

/** Allowlist entries shell-free (config alone) and required checks in the allowlist (both files),
 * from what each file gives as far as it reads: an allowlist of null (unreadable) checks nothing. */
export function crossCheck(required: readonly { index: number; id: string; checks: readonly string[] }[], allowlist: readonly unknown[] | null): Issue[] {
  const issues: Issue[] = [];
  if (allowlist === null) return issues;
  allowlist.forEach((entry, i) => {
    if (typeof entry !== "string") return;
    const { problem } = splitCommandLine(entry);
    if (problem) issues.push({ file: ".exo/config.yaml", path: `checks.allowlist.${i}`, code: "check_invalid", message: `allowlist entry ${JSON.stringify(entry)}: ${problem}`, severity: "error" });
  });
  for (const rule of required) {
    rule.checks.forEach((check, j) => {
      if (check !== "" && !allowlist.includes(check)) {
        issues.push({ file: ".exo/constitution.yaml", path: `rules.${rule.index}.checks.${j}`, code: "check_not_allowed", message: `rule ${rule.id} requires ${JSON.stringify(check)}, which is not in checks.allowlist`, severity: "error" });
      }
    });
  }
  return issues;
}

export function requiredChecks(rules: readonly Rule[]): string[] {
  const out: string[] = [];
  for (const rule of rules) if (rule.type === "require_checks") for (const c of rule.checks) if (!out.includes(c)) out.push(c);
  return out;
}

export function compileBody(constitution: Constitution, config: Config, sources: Sources): LockBody {
  return {
    format: "exo.governance-lock/1",
    kernel: { ...KERNEL },
    sources,
    rules: constitution.rules,
    budgets: { default: constitution.budgets.default, ceiling: constitution.budgets.ceiling },
    checks: { allowlist: [...config.checks.allowlist], required: requiredChecks(constitution.rules) },
  };
}

export function bodyOf(lock: GovernanceLock): LockBody {
  return { format: lock.format, kernel: lock.kernel, sources: lock.sources, rules: lock.rules, budgets: lock.budgets, checks: lock.checks };
}

export function sameBody(a: LockBody, b: LockBody): boolean {
  return canon(a) === canon(b);
}

/** The next lock version after `current` (null: version 1). */
export function nextLock(
  body: LockBody,
  current: GovernanceLock | null,
  meta: { now: Date; actor: string; reason: GovernanceLock["reason"] },
): GovernanceLock {
  const history = current ? [...current.history, { version: current.version, lock_sha256: current.lock_sha256, compiled_at: current.compiled_at }] : [];
  const unsealed = {
    format: body.format,
    version: current ? current.version + 1 : 1,
    exo_version: EXO_VERSION,
    kernel: body.kernel,
    compiled_at: meta.now.toISOString(),
    compiled_by: meta.actor,
    reason: meta.reason,
    sources: body.sources,
    rules: body.rules,
    budgets: body.budgets,
    checks: body.checks,
    prev_lock_sha256: current ? current.lock_sha256 : null,
    history,
  };
  return sealResult(unsealed, "lock_sha256");
}

/** Everything of the seal that compose compiles (no time, no hooks hash, no seal hash). */
export function compileSealContent(lock: GovernanceLock, config: Config, features: Features | null) {
  const deny: SealedPolicy["deny"] = [];
  const allow: SealedPolicy["allow"] = [];
  let requireLock: Action[] | null = null;
  let driftGate: number | null = null;
  let budgetGate = false;
  for (const rule of lock.rules) {
    switch (rule.type) {
      case "filesystem_deny":
        deny.push({ id: rule.id, patterns: rule.patterns, actions: rule.actions, message: rule.message });
        break;
      case "filesystem_allow":
        allow.push({ id: rule.id, patterns: rule.patterns, actions: rule.actions, cancels: rule.cancels });
        break;
      case "require_lock": {
        const union: Set<Action> = new Set<Action>([...(requireLock ?? []), ...rule.actions]);
        const ordered: Action[] = ["read", "write", "delete"];
        requireLock = ordered.filter((a) => union.has(a));
        break;
      }
      case "drift_gate":
        driftGate = driftGate === null ? rule.threshold : Math.min(driftGate, rule.threshold);
        break;
      case "budget_gate":
        budgetGate = true;
        break;
      default:
        break;
    }
  }
  return {
    format: "exo.sealed-policy/1" as const,
    lock_version: lock.version,
    lock_sha256: lock.lock_sha256,
    sources: lock.sources,
    deny,
    allow,
    require_lock: requireLock ? { actions: requireLock } : null,
    drift_gate: driftGate,
    budget_gate: budgetGate,
    budgets: lock.budgets,
    checks: lock.checks,
    locked_features: (features?.features ?? []).filter((f) => !f.allow_agent_edit).map((f) => ({ id: f.id, patterns: f.files })),
    hooks: {
      enforcement: config.hooks.enforcement,
      no_session: config.hooks.no_session,
      unknown_writes: config.hooks.unknown_writes,
      internal_error: config.hooks.internal_error,
      external_write_allow: config.hooks.external_write_allow,
      guard_reads: config.hooks.guard_reads,
      heartbeat_interval_seconds: config.hooks.heartbeat_interval_seconds,
      installed: [] as string[],
    },
  };
}

export function buildSeal(
  lock: GovernanceLock,
  config: Config,
  features: Features | null,
  hooks: { sha256: string; installed: string[] },
  now: Date,
): SealedPolicy {
  const content = compileSealContent(lock, config, features);
  content.hooks.installed = hooks.installed;
  const { format, ...rest } = content;
  return sealResult({ format, sealed_at: now.toISOString(), ...rest, hooks_sha256: hooks.sha256 }, "seal_sha256");
}

/** Comparable compiled content of a seal: every field but sealed_at, hooks_sha256, seal_sha256 and the installed list. */
function sealComparable(seal: Record<string, unknown>): string {
  const { sealed_at: _a, hooks_sha256: _b, seal_sha256: _c, ...rest } = seal;
  const hooks = { ...(rest["hooks"] as Record<string, unknown> | undefined) };
  delete hooks["installed"];
  return canon({ ...rest, hooks });
}

export interface LockCheck {
  lock: GovernanceLock | null;
  problems: string[];
}

/** Does a lock text verify on its own (hash, history, chain link)? */
export function checkLockText(text: string): LockCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { lock: null, problems: ["lock_unparsable"] };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { lock: null, problems: ["lock_unparsable"] };
  const lock = parsed as GovernanceLock;
  const problems: string[] = [];
  if (!hasValidSeal(parsed as Record<string, unknown>, "lock_sha256")) problems.push("lock_hash_mismatch");
  if (!Number.isInteger(lock.version) || lock.version < 1 || !Array.isArray(lock.history)) problems.push("lock_schema");
  else {
    const versions = lock.history.map((h) => h?.version);
    if (versions.length !== lock.version - 1 || versions.some((v, i) => v !== i + 1)) problems.push("history_versions");
    const last = lock.history[lock.history.length - 1];
    if ((last ? last.lock_sha256 : null) !== (lock.prev_lock_sha256 ?? null)) problems.push("chain_break");
  }
  return { lock, problems };
}

export interface VerifyInput {
  sources: Sources;
  lockText: string | null;
  sealText: string | null;
  /** lock_sha256 of HEAD's lock when it verifies on its own, else null. */
  committedLockSha256: string | null;
  kernelVersion: string;
  /** What compose would compile for the seal now (null when sources do not parse). */
  compile: ((lock: GovernanceLock) => ReturnType<typeof compileSealContent> | null) | null;
}

/** What a tampered file should hash to and what it hashes to (null where there is nothing to hash). */
export interface TamperHashes {
  expected: string | null;
  actual: string | null;
}

export interface VerifyResult {
  status: GovernanceStatus;
  reasons: Issue[];
  /** For status tampered: the first reason's hashes, for the governance.tamper_detected record. */
  tamper?: TamperHashes;
  staleSources: string[];
  lock: GovernanceLock | null;
  seal: SealedPolicy | null;
}

export function verifyGovernanceState(input: VerifyInput): VerifyResult {
  const reasons: Issue[] = [];
  const reason = (code: string, message: string, file = ".exo/governance.lock.json") =>
    reasons.push({ file, path: "", code, message, severity: "error" });
  if (input.lockText === null) {
    reason("lock_missing", "no governance lock; run exo compose");
    return { status: "missing", reasons, staleSources: [], lock: null, seal: null };
  }
  const { lock, problems } = checkLockText(input.lockText);
  const tampered = (tamper: TamperHashes): VerifyResult => ({ status: "tampered", reasons, tamper, staleSources: [], lock, seal: null });
  // Two clones that both composed leave the lock in a merge conflict: that is no hand edit.
  const merging = hasConflict(input.lockText);
  for (const p of problems) reason(p, p === "lock_unparsable" && merging ? MERGE_MESSAGE("governance.lock.json") : describe(p));
  if (problems.length > 0 || !lock) return tampered(lockTamper(problems[0], lock, input.lockText));
  if (input.committedLockSha256 !== null && input.committedLockSha256 !== lock.lock_sha256 && !lock.history.some((h) => h.lock_sha256 === input.committedLockSha256)) {
    reason("history_rewritten", "the lock committed at HEAD is neither this lock nor in its history");
    return tampered({ expected: input.committedLockSha256, actual: lock.lock_sha256 ?? null });
  }
  let seal: SealedPolicy | null = null;
  if (input.sealText !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.sealText);
    } catch {
      parsed = null;
    }
    if (typeof parsed !== "object" || parsed === null || !hasValidSeal(parsed as Record<string, unknown>, "seal_sha256")) {
      reason("seal_hash_mismatch", hasConflict(input.sealText) ? MERGE_MESSAGE("policy.sealed.json") : "policy.sealed.json does not match its seal_sha256", ".exo/policy.sealed.json");
      return tampered(typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? sealHashes(parsed as Record<string, unknown>, "seal_sha256") : { expected: null, actual: sha256(input.sealText) });
    }
    seal = parsed as SealedPolicy;
  }
  const major = (v: string | undefined) => Number.parseInt(String(v ?? "0").split(".")[0] ?? "0", 10);
  if (major(lock.kernel?.version) > major(input.kernelVersion)) {
    reason("kernel_unsupported", `the lock was compiled by kernel ${lock.kernel.version}; upgrade exo`);
    return { status: "kernel_unsupported", reasons, staleSources: [], lock, seal };
  }
  const staleSources = (Object.keys(input.sources) as (keyof Sources)[]).filter((k) => (lock.sources?.[k] ?? null) !== input.sources[k]);
  const sealMatchesLock = seal !== null && seal.lock_sha256 === lock.lock_sha256 && canon(seal.sources) === canon(lock.sources);
  if (seal && sealMatchesLock && staleSources.length === 0 && input.compile) {
    const compiled = input.compile(lock);
    const want = compiled ? sealComparable({ ...compiled, hooks: { ...compiled.hooks, installed: seal.hooks?.installed ?? [] } }) : null;
    const have = sealComparable(seal as unknown as Record<string, unknown>);
    if (want !== null && have !== want) {
      reason("seal_content_mismatch", "policy.sealed.json differs from what its lock and sources compile to", ".exo/policy.sealed.json");
      return tampered({ expected: sha256(want), actual: sha256(have) });
    }
  }
  if (staleSources.length > 0 || seal === null || !sealMatchesLock) {
    for (const s of staleSources) reason("source_changed", `${s} changed since the last compose`, `.exo/${s === "constitution" || s === "config" || s === "features" || s === "requirements" ? `${s}.yaml` : s}`);
    if (seal === null) reason("seal_missing", "policy.sealed.json is missing", ".exo/policy.sealed.json");
    else if (!sealMatchesLock) reason("seal_outdated", "policy.sealed.json was sealed for another lock", ".exo/policy.sealed.json");
    for (const r of reasons) r.severity = "warning";
    return { status: "stale", reasons, staleSources, lock, seal };
  }
  return { status: "valid", reasons, staleSources: [], lock, seal };
}

/** The hashes behind a lock that does not verify on its own (its first problem). */
function lockTamper(problem: string | undefined, lock: GovernanceLock | null, text: string): TamperHashes {
  if (!lock) return { expected: null, actual: sha256(text) };
  if (problem === "lock_hash_mismatch") return sealHashes(lock as unknown as Record<string, unknown>, "lock_sha256");
  if (problem === "chain_break") return { expected: (Array.isArray(lock.history) ? lock.history[lock.history.length - 1]?.lock_sha256 : null) ?? null, actual: lock.prev_lock_sha256 ?? null };
  return { expected: null, actual: typeof lock.lock_sha256 === "string" ? lock.lock_sha256 : null };
}

const MERGE_MESSAGE = (file: string) =>
  `${file} holds git conflict markers (two clones composed; the merge is unresolved): resolve constitution.yaml and config.yaml first, then exo compose --repair recompiles the lock from HEAD's chain; git add .exo concludes the merge`;

function describe(problem: string): string {
  switch (problem) {
    case "lock_unparsable":
      return "governance.lock.json is not valid JSON";
    case "lock_hash_mismatch":
      return "governance.lock.json does not match its lock_sha256 (edited by hand?)";
    case "lock_schema":
      return "governance.lock.json has no valid version or history";
    case "history_versions":
      return "the lock history does not list versions 1…version−1";
    default:
      return "the last history entry does not match prev_lock_sha256";
  }
}
