// constitution.yaml (SPEC §4.1): parse, validate every rule, normalise defaults.
import type { Issue } from "../../errors.js";
import { RULE_ID } from "../../kernel/ids.js";
import { validateGlob } from "../../kernel/globs.js";
import { meantChoice } from "../../kernel/edit-distance.js";
import { emptyIssue, locate, newerVersion, readYaml } from "../yaml-doc.js";

export type Action = "read" | "write" | "delete";
export const ACTIONS: readonly Action[] = ["read", "write", "delete"];

export interface Budgets {
  max_files: number;
  max_loc: number;
}

export type Rule =
  | { id: string; type: "filesystem_deny"; description?: string; patterns: string[]; actions: Action[]; message: string }
  | { id: string; type: "filesystem_allow"; description?: string; patterns: string[]; actions: Action[]; cancels: string[] }
  | { id: string; type: "require_lock"; description?: string; actions: Action[] }
  | { id: string; type: "require_checks"; description?: string; checks: string[] }
  | { id: string; type: "drift_gate"; description?: string; threshold: number }
  | { id: string; type: "budget_gate"; description?: string };

export interface Constitution {
  version: 1;
  name: string | null;
  rules: Rule[];
  budgets: { default: Budgets; ceiling: Budgets | null };
}

export const DEFAULT_BUDGETS: Budgets = { max_files: 12, max_loc: 400 };

const RULE_TYPES = ["filesystem_deny", "filesystem_allow", "require_lock", "require_checks", "drift_gate", "budget_gate"];
const RULE_KEYS: Record<string, string[]> = {
  filesystem_deny: ["patterns", "actions", "message"],
  filesystem_allow: ["patterns", "actions", "cancels"],
  require_lock: ["actions"],
  require_checks: ["checks"],
  drift_gate: ["threshold"],
  budget_gate: [],
};

const FILE = ".exo/constitution.yaml";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function sortActions(actions: Action[]): Action[] {
  return ACTIONS.filter((a) => actions.includes(a));
}

export function parseConstitution(text: string): { value: Constitution | null; issues: Issue[] } {
  const empty = emptyIssue(text, FILE);
  if (empty) return { value: null, issues: [empty] };
  const read = readYaml(text, FILE, { strictText: true });
  if (read.issues.length > 0) return { value: null, issues: read.issues };
  const issues: Issue[] = [];
  const err = (path: string, code: string, message: string) => issues.push({ path, code, message, severity: "error" });
  const doc = read.value;
  if (!isRecord(doc)) {
    err("", "type_invalid", "the constitution must be a YAML mapping");
    return { value: null, issues: locate(issues, read, FILE) };
  }
  if (doc["version"] !== 1) {
    const newer = newerVersion(doc);
    if (newer !== null) err("version", "format_unsupported", `version ${newer} is newer than this exo understands`);
    else err("version", "version_invalid", "version must be 1");
  }
  const name = doc["name"];
  if (name !== undefined && name !== null && typeof name !== "string") err("name", "type_invalid", "name must be a string");
  for (const key of Object.keys(doc)) {
    if (!["version", "name", "rules", "budgets"].includes(key)) err(key, "unknown_key", `unknown key ${key}`);
  }

  const rules: Rule[] = [];
  const rawRules = doc["rules"];
  if (!Array.isArray(rawRules)) {
    err("rules", rawRules === undefined ? "required" : "type_invalid", "rules must be a list (it may be empty)");
  } else if (rawRules.length > 1000) {
    err("rules", "too_large", `${rawRules.length} rules; at most 1000 are accepted`);
  } else if (rawRules.reduce((n: number, r: unknown) => n + (isRecord(r) && Array.isArray(r["patterns"]) ? r["patterns"].length : 0), 0) > 5000) {
    err("rules", "too_large", "more than 5000 patterns across all rules; merge them with globs");
  } else {
    const seen = new Set<string>();
    // Where each parsed rule stands in the file: rules that do not parse are skipped, so an issue
    // found later about a parsed rule names its own YAML path, not its place among the parsed ones.
    const rawIndex: number[] = [];
    // SPEC §4.3 lists a rule's keys as id, type, its type's keys, then description.
    const keep = (i: number, { description, ...rule }: Rule) => {
      rawIndex[rules.length] = i;
      rules.push(description === undefined ? rule : { ...rule, description });
    };
    rawRules.forEach((raw: unknown, i: number) => {
      const at = `rules.${i}`;
      if (!isRecord(raw)) {
        err(at, "type_invalid", "each rule must be a mapping");
        return;
      }
      const id = raw["id"];
      if (typeof id !== "string" || id === "") err(`${at}.id`, "required", `rule ${i + 1} needs an id`);
      else if (!RULE_ID.test(id)) err(`${at}.id`, "id_invalid", `rule id ${id} must match ${RULE_ID.source}`);
      else if (seen.has(id)) err(`${at}.id`, "duplicate_id", `rule id ${id} is used twice`);
      else seen.add(id);
      const type = raw["type"];
      if (typeof type !== "string" || !RULE_TYPES.includes(type)) {
        err(`${at}.type`, type === undefined ? "required" : "unknown_type", `rule ${typeof id === "string" ? id : i + 1} has ${type === undefined ? "no type" : `unknown type ${JSON.stringify(type)}`}; use one of ${RULE_TYPES.join(", ")}`);
        return;
      }
      for (const key of Object.keys(raw)) {
        if (!["id", "type", "description", ...(RULE_KEYS[type] ?? [])].includes(key)) err(`${at}.${key}`, "unknown_key", `rule ${String(id)}: key ${key} does not apply to ${type}${meantChoice(key, ["description", ...(RULE_KEYS[type] ?? [])])}`);
      }
      const description = raw["description"];
      if (description !== undefined && typeof description !== "string") err(`${at}.description`, "type_invalid", "description must be a string");
      const base = { id: String(id), ...(typeof description === "string" ? { description } : {}) };
      const actions = (fallback: Action[]): Action[] => {
        const value = raw["actions"];
        if (value === undefined) return fallback;
        if (!Array.isArray(value) || value.length === 0) {
          err(`${at}.actions`, "type_invalid", "actions must be a non-empty list of read, write, delete");
          return fallback;
        }
        const out: Action[] = [];
        value.forEach((a: unknown, j: number) => {
          if (typeof a === "string" && (ACTIONS as string[]).includes(a)) out.push(a as Action);
          else err(`${at}.actions.${j}`, "unknown_action", `unknown action ${JSON.stringify(a)}${(typeof a === "string" ? meantChoice(a, ["read", "write", "delete"]) : "").replace(/^; (.*)\?$/, ": $1? (actions are read, write and delete)") || "; use read, write or delete"}`);
        });
        return sortActions(out);
      };
      const patterns = (): string[] => {
        const value = raw["patterns"];
        if (!Array.isArray(value) || value.length === 0) {
          err(`${at}.patterns`, "patterns_empty", `rule ${String(id)} needs at least one pattern`);
          return [];
        }
        const out: string[] = [];
        value.forEach((p: unknown, j: number) => {
          if (typeof p !== "string") {
            err(`${at}.patterns.${j}`, "glob_invalid", "a pattern must be a string");
            return;
          }
          const problem = validateGlob(p, { allowAbsolute: true });
          if (problem) err(`${at}.patterns.${j}`, problem.code, problem.message);
          else out.push(p.trim());
        });
        return out;
      };
      switch (type) {
        case "filesystem_deny": {
          const message = raw["message"];
          if (message !== undefined && typeof message !== "string") err(`${at}.message`, "type_invalid", "message must be a string");
          keep(i, { ...base, type, patterns: patterns(), actions: actions([...ACTIONS]), message: typeof message === "string" ? message : `Blocked by rule ${String(id)}.` });
          break;
        }
        case "filesystem_allow": {
          const cancels = raw["cancels"];
          let list: string[] = [];
          if (cancels !== undefined) {
            if (!Array.isArray(cancels) || cancels.some((c) => typeof c !== "string")) err(`${at}.cancels`, "type_invalid", "cancels must be a list of rule ids");
            else list = cancels as string[];
          }
          keep(i, { ...base, type, patterns: patterns(), actions: actions([...ACTIONS]), cancels: cancels === undefined ? ["*"] : list });
          break;
        }
        case "require_lock":
          keep(i, { ...base, type, actions: actions(["write", "delete"]) });
          break;
        case "require_checks": {
          const checks = raw["checks"];
          if (!Array.isArray(checks) || checks.length === 0 || checks.some((c) => typeof c !== "string" || c.trim() === "")) {
            err(`${at}.checks`, "checks_invalid", `rule ${String(id)} needs a non-empty list of check commands`);
            keep(i, { ...base, type, checks: [] });
          } else keep(i, { ...base, type, checks: (checks as string[]).map((c) => c.trim()) });
          break;
        }
        case "drift_gate": {
          const t = raw["threshold"];
          if (typeof t !== "number" || !(t > 0 && t <= 1)) err(`${at}.threshold`, "range_invalid", "threshold must be a number with 0 < t ≤ 1");
          keep(i, { ...base, type, threshold: typeof t === "number" ? t : 1 });
          break;
        }
        default:
          keep(i, { ...base, type: "budget_gate" });
      }
    });
    // cancels must name filesystem_deny rules; "*" (absent) means all of them.
    const denyIds = rules.filter((r) => r.type === "filesystem_deny").map((r) => r.id);
    rules.forEach((rule, i) => {
      if (rule.type !== "filesystem_allow") return;
      if (rule.cancels.length === 1 && rule.cancels[0] === "*") {
        rule.cancels = [...denyIds];
        return;
      }
      rule.cancels.forEach((c, j) => {
        if (!denyIds.includes(c)) err(`rules.${rawIndex[i] ?? i}.cancels.${j}`, "cancels_unknown", `rule ${rule.id} cancels ${c}, which is not a filesystem_deny rule`);
      });
    });
  }

  const budgets = { default: { ...DEFAULT_BUDGETS }, ceiling: null as Budgets | null };
  const rawBudgets = doc["budgets"];
  const readBudgets = (value: unknown, path: string): Budgets | null => {
    if (!isRecord(value)) {
      err(path, "type_invalid", `${path} must be {max_files, max_loc}`);
      return null;
    }
    const out: Budgets = { max_files: 0, max_loc: 0 };
    for (const key of ["max_files", "max_loc"] as const) {
      const n = value[key];
      if (!Number.isInteger(n) || (n as number) < 1) err(`${path}.${key}`, "range_invalid", `${path}.${key} must be an integer ≥ 1`);
      else out[key] = n as number;
    }
    return out;
  };
  if (rawBudgets !== undefined && rawBudgets !== null) {
    if (!isRecord(rawBudgets)) err("budgets", "type_invalid", "budgets must be a mapping");
    else {
      if (rawBudgets["default"] !== undefined) budgets.default = readBudgets(rawBudgets["default"], "budgets.default") ?? budgets.default;
      if (rawBudgets["ceiling"] !== undefined && rawBudgets["ceiling"] !== null) budgets.ceiling = readBudgets(rawBudgets["ceiling"], "budgets.ceiling");
      if (budgets.ceiling && (budgets.default.max_files > budgets.ceiling.max_files || budgets.default.max_loc > budgets.ceiling.max_loc)) {
        err("budgets.default", "budget_above_ceiling", "budgets.default must not exceed budgets.ceiling");
      }
    }
  }
  const located = locate(issues, read, FILE);
  if (issues.length > 0) return { value: null, issues: located };
  return { value: { version: 1, name: typeof name === "string" ? name : null, rules, budgets }, issues: [] };
}

/** Each `require_checks` rule's check commands as far as the file reads, for a constitution that
 * does not validate (§7.16.1 step 1 collects every issue: its checks are still held against the
 * allowlist). Rules are indexed as in the file; entries that are not text are skipped. */
export function requiredChecksOf(text: string): { index: number; id: string; checks: string[] }[] {
  const read = readYaml(text, FILE);
  const rules = read.issues.length === 0 && isRecord(read.value) ? read.value["rules"] : undefined;
  if (!Array.isArray(rules)) return [];
  const out: { index: number; id: string; checks: string[] }[] = [];
  rules.forEach((raw: unknown, index) => {
    if (!isRecord(raw) || raw["type"] !== "require_checks" || !Array.isArray(raw["checks"])) return;
    const id = typeof raw["id"] === "string" ? raw["id"] : `rules.${index}`;
    out.push({ index, id, checks: (raw["checks"] as unknown[]).map((c) => (typeof c === "string" ? c.trim() : "")) });
  });
  return out;
}

export interface ConstitutionExtras {
  sensitivePatterns?: readonly string[];
  deleteOnly?: readonly string[];
  budgets?: Budgets;
}

const list = (items: readonly string[]) => `[${items.map((i) => JSON.stringify(i)).join(", ")}]`;

/** The default constitution written by init/install (SPEC §4.1), with scan additions (§7.25). */
export function defaultConstitutionText(repoName: string, extras: ConstitutionExtras = {}): string {
  const budgets = extras.budgets ?? DEFAULT_BUDGETS;
  const sec003 = extras.sensitivePatterns && extras.sensitivePatterns.length > 0
    ? `  - id: RULE-SEC-003
    type: filesystem_deny
    description: Sensitive files found in this repository.
    patterns: ${list(extras.sensitivePatterns)}
    actions: [read, write, delete]
    message: Credentials and keys in this repository are off limits to agents.
`
    : "";
  const del001 = extras.deleteOnly && extras.deleteOnly.length > 0
    ? `  - id: RULE-DEL-001
    type: filesystem_deny
    description: Manifests and lock files may change but not disappear.
    patterns: ${list(extras.deleteOnly)}
    actions: [delete]
    message: Do not delete manifests or lock files.
`
    : "";
  return `version: 1
name: ${JSON.stringify(`${repoName} governance`)}
rules:
  - id: RULE-SEC-001
    type: filesystem_deny
    description: Secrets and credentials stay out of agent reach.
    patterns: ["**/.env", "**/.env.*", "**/*.pem", "**/*.key", "**/id_rsa*", "**/id_ed25519*",
               "~/.ssh/**", "~/.aws/**", "~/.gnupg/**", "~/.config/gh/**"]
    actions: [read, write, delete]
    message: Secrets and credentials are off limits to agents.
  - id: RULE-SEC-002
    type: filesystem_allow
    description: Example environment files are safe.
    patterns: ["**/.env.example", "**/.env.sample", "**/.env.template"]
    actions: [read, write, delete]
    cancels: [RULE-SEC-001]
${sec003}  - id: RULE-GIT-001
    type: filesystem_deny
    patterns: ["**/.git", "**/.git/**"]
    actions: [write, delete]
    message: Change git state with git commands, not by editing .git.
  - id: RULE-EXO-001
    type: filesystem_deny
    patterns: [".claude/settings.json", ".claude/settings.local.json", ".cursor/hooks.json",
               ".codex/hooks.json", ".github/workflows/exo-governance.yml"]
    actions: [write, delete]
    message: Hook and governance settings change through exo commands or by a human.
${del001}  - id: RULE-LOCK-001
    type: require_lock
budgets:
  default: {max_files: ${budgets.max_files}, max_loc: ${budgets.max_loc}}
  ceiling: {max_files: 60, max_loc: 3000}
`;
}
