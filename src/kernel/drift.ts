// The drift score (SPEC §7.15), pure and deterministic.
import { round3 } from "./canon.js";
import { matchesAny } from "./globs.js";

export interface ChangedFile {
  path: string;
  status: "added" | "modified" | "deleted" | "renamed";
  added: number;
  removed: number;
  /** For renames: the old path (checked as a delete). */
  old_path?: string | null;
}

export interface DenyRule {
  id: string;
  patterns: string[];
  actions: string[];
}

export interface AllowRule {
  id: string;
  patterns: string[];
  actions: string[];
  cancels: string[];
}

export interface DriftReport {
  score: number;
  scope_compliance: number;
  files_ratio: number;
  loc_ratio: number;
  boundary_violation: boolean;
  changed: number;
  in_scope: number;
  out_of_scope: string[];
  violations: { path: string; kind: "boundary" | "scope_deny" | "rule"; rule: string }[];
}

export interface DriftInput {
  files: readonly ChangedFile[];
  scope: { allow: readonly string[]; deny: readonly string[]; boundaries: readonly string[] };
  deny: readonly DenyRule[];
  allow: readonly AllowRule[];
  maxFiles: number;
  maxLoc: number;
  nocase?: boolean;
}

function deniedByRule(path: string, action: "write" | "delete", deny: readonly DenyRule[], allow: readonly AllowRule[], nocase: boolean): string | null {
  for (const rule of deny) {
    if (!rule.actions.includes(action)) continue;
    // Absolute patterns (~/…, /…) never match repository paths.
    const relative = rule.patterns.filter((p) => !p.startsWith("/") && !p.startsWith("~"));
    if (matchesAny(relative, path, { nocase }) === null) continue;
    const lifted = allow.some((a) => a.actions.includes(action) && a.cancels.includes(rule.id) && matchesAny(a.patterns, path, { nocase }) !== null);
    if (!lifted) return rule.id;
  }
  return null;
}

export function computeDrift(input: DriftInput): DriftReport {
  const nocase = input.nocase ?? false;
  const changed = input.files.length;
  const loc = input.files.reduce((sum, f) => sum + f.added + f.removed, 0);
  const outOfScope: string[] = [];
  const violations: DriftReport["violations"] = [];
  let inScope = 0;
  for (const f of input.files) {
    const allowed = matchesAny(input.scope.allow, f.path, { nocase }) !== null;
    const scopeDenied = matchesAny(input.scope.deny, f.path, { nocase });
    if (allowed && scopeDenied === null) inScope++;
    else outOfScope.push(f.path);
    const boundary = matchesAny(input.scope.boundaries, f.path, { nocase });
    if (boundary !== null) violations.push({ path: f.path, kind: "boundary", rule: boundary });
    if (scopeDenied !== null) violations.push({ path: f.path, kind: "scope_deny", rule: scopeDenied });
    const action = f.status === "deleted" ? "delete" : "write";
    const rule = deniedByRule(f.path, action, input.deny, input.allow, nocase);
    if (rule) violations.push({ path: f.path, kind: "rule", rule });
    // A rename is also a delete of its old path (SPEC §7.15 step 4), for every deny check: moving
    // a boundary's or scope.deny's file away touches it as much as editing it does.
    if (f.status === "renamed" && f.old_path) {
      const oldBoundary = matchesAny(input.scope.boundaries, f.old_path, { nocase });
      if (oldBoundary !== null) violations.push({ path: f.old_path, kind: "boundary", rule: oldBoundary });
      const oldDenied = matchesAny(input.scope.deny, f.old_path, { nocase });
      if (oldDenied !== null) violations.push({ path: f.old_path, kind: "scope_deny", rule: oldDenied });
      const old = deniedByRule(f.old_path, "delete", input.deny, input.allow, nocase);
      if (old) violations.push({ path: f.old_path, kind: "rule", rule: old });
    }
  }
  const compliance = changed === 0 ? 1 : inScope / changed;
  const filesRatio = changed / input.maxFiles;
  const locRatio = loc / input.maxLoc;
  const boundaryViolation = violations.length > 0;
  const raw = changed === 0 ? 0 : 0.5 * (1 - compliance) + 0.35 * Math.min(filesRatio, 1) + 0.15 * (boundaryViolation ? 1 : 0);
  return {
    score: round3(raw),
    scope_compliance: round3(compliance),
    files_ratio: round3(filesRatio),
    loc_ratio: round3(locRatio),
    boundary_violation: boundaryViolation,
    changed,
    in_scope: inScope,
    out_of_scope: outOfScope,
    violations,
  };
}
