// config.yaml (SPEC §4.2): every key optional but version, defaults filled, unknown keys warned.
import * as z from "zod";
import type { Issue } from "../../errors.js";
import { validateGlob } from "../../kernel/globs.js";
import { httpUrlProblem } from "../../kernel/http-url.js";
import { branchNameProblem, branchPrefixProblem, identityProblem, remoteProblem } from "../../kernel/refs.js";
import { quoteText, zodIssues } from "../zod-issues.js";
import { emptyIssue, locate, newerVersion, readYaml } from "../yaml-doc.js";

const glob = (opts: { allowTmpdir?: boolean; allowAbsolute?: boolean } = {}) =>
  z.string().superRefine((value, ctx) => {
    const problem = validateGlob(value, opts);
    if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { code: problem.code } });
  });

/** A string checked by a grammar from kernel/refs.ts (values that reach git, issue #18). */
const grammar = (what: string, problem: (value: string) => string | null) =>
  z.string().superRefine((value, ctx) => {
    const p = problem(value);
    if (p) ctx.addIssue({ code: "custom", message: `${what} ${quoteText(value, 80)} ${p}`, params: { code: "unsafe_value" } });
  });

const policy3 = z.enum(["allow", "ask", "deny"]);

export const ConfigSchema = z.object({
  version: z.literal(1),
  git: z
    .object({
      base_branch: grammar("branch name", branchNameProblem).default("main"),
      remote: grammar("remote", remoteProblem).default("origin"),
      auto_commit: z.boolean().default(true),
      commit_identity: z.object({ name: z.string().min(1).pipe(grammar("commit name", identityProblem)), email: z.string().min(1).pipe(grammar("commit email", identityProblem)) }).nullable().default(null),
      auto_branch: z.boolean().default(false),
      branch_prefix: grammar("branch prefix", branchPrefixProblem).default("exo/"),
      ignore_paths: z.array(glob()).max(1000).default([]),
    })
    .prefault({}),
  checks: z
    .object({
      allowlist: z.array(z.string().trim().min(1)).max(1000).default([]),
      default_ticket_checks: z.array(z.string().trim().min(1)).default([]),
      timeout_seconds: z.number().int().min(1).default(900),
      output_tail_chars: z.number().int().min(0).default(4000),
    })
    .prefault({}),
  scheduler: z
    .object({
      global_concurrency_limit: z.number().int().min(1).nullable().default(null),
      lanes: z
        .array(z.object({ name: z.string().min(1), types: z.array(z.string().min(1)).min(1), count: z.number().int().min(1) }))
        .default([]),
    })
    .prefault({}),
  locks: z
    .object({
      ttl_hours: z.number().gt(0).max(168).default(2),
      require_owner_match: z.boolean().default(false),
      distributed: z.boolean().default(false),
    })
    .prefault({}),
  sessions: z
    .object({
      heartbeat_timeout_minutes: z.number().gt(0).default(120),
      suspended_max_days: z.number().gt(0).default(14),
    })
    .prefault({}),
  governance: z.object({ auto_compose: z.boolean().default(true) }).prefault({}),
  hooks: z
    .object({
      enforcement: z.enum(["strict", "advisory"]).default("strict"),
      no_session: policy3.default("allow"),
      unknown_writes: policy3.default("ask"),
      internal_error: z.enum(["allow", "deny"]).default("deny"),
      external_write_allow: z.array(glob({ allowAbsolute: true, allowTmpdir: true })).max(1000).default(["$TMPDIR/**"]),
      guard_reads: z.boolean().default(true),
      session_end: z.enum(["suspend", "finish", "none"]).default("suspend"),
      stop_reminder: z.boolean().default(false),
      auto_start: z.boolean().default(true),
      auto_dispatch: z.boolean().default(false),
      heartbeat_interval_seconds: z.number().int().min(1).default(60),
    })
    .prefault({}),
  drift: z.object({ warn_threshold: z.number().min(0).max(1).default(0.7) }).prefault({}),
  advisories: z
    .object({
      base_divergence_commits: z.number().int().min(1).default(15),
      unmerged_work_days: z.number().gt(0).default(14),
      machine_load_ratio: z.number().gt(0).default(0.7),
      machine_min_free_mb: z.number().min(0).default(2048),
    })
    .prefault({}),
  adapters: z
    .object({
      targets: z.array(z.enum(["claude", "agents", "cursor", "cursor-legacy", "gemini", "copilot", "windsurf", "ci"])).default(["claude", "agents", "cursor"]),
    })
    .prefault({}),
  traceability: z
    .object({
      include: z.array(glob()).default(["**"]),
      exclude: z.array(glob()).default(["node_modules/**", "dist/**", "build/**", "vendor/**", "coverage/**"]),
      test_globs: z.array(glob()).default(["**/*.test.*", "**/*.spec.*", "test/**", "tests/**", "**/__tests__/**"]),
    })
    .prefault({}),
  pr_check: z
    .object({
      drift_threshold: z.number().min(0).max(1).default(0.7),
      uncovered_files: z.enum(["warn", "error"]).default("warn"),
    })
    .prefault({}),
  gc: z
    .object({
      max_age_days: z.number().gt(0).default(30),
      memento_max_age_days: z.number().gt(0).default(180),
    })
    .prefault({}),
  telemetry: z
    .object({
      service_name: z.string().min(1).default("exo"),
      // http(s) only: export-traces posts there (before: any URL, and localhost:4318 read as one).
      otlp_endpoint: z
        .string()
        .superRefine((value, ctx) => {
          const problem = httpUrlProblem(value);
          if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { code: problem.code } });
        })
        .nullable()
        .default(null),
      otlp_headers: z.record(z.string(), z.string()).default({}),
    })
    .prefault({}),
  mcp: z.object({ profile: z.enum(["core", "all"]).default("all") }).prefault({}),
  privacy: z.object({ hash_hostnames: z.boolean().default(false) }).prefault({}),
});

export type Config = z.infer<typeof ConfigSchema>;

const FILE = ".exo/config.yaml";

/** Keys present in the document that the schema does not know (warning CONFIG_UNKNOWN_KEY). */
function unknownKeys(value: unknown, schema: z.ZodType, path: string[]): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  let inner: z.ZodType = schema;
  for (;;) {
    const def = (inner as unknown as { def: { type: string; innerType?: z.ZodType } }).def;
    if ((def.type === "default" || def.type === "prefault" || def.type === "nullable" || def.type === "optional") && def.innerType) inner = def.innerType;
    else break;
  }
  if (!(inner instanceof z.ZodObject)) return [];
  const shape = inner.shape as Record<string, z.ZodType>;
  const out: string[] = [];
  for (const [key, member] of Object.entries(value)) {
    const child = shape[key];
    if (!child) out.push([...path, key].join("."));
    else out.push(...unknownKeys(member, child, [...path, key]));
  }
  return out;
}

export function parseConfig(text: string): { value: Config | null; issues: Issue[] } {
  const empty = emptyIssue(text, FILE);
  if (empty) return { value: null, issues: [empty] };
  const read = readYaml(text, FILE, { strictText: true });
  if (read.issues.length > 0) return { value: null, issues: read.issues };
  const raw = read.value;
  const newer = newerVersion(raw);
  if (newer !== null) {
    return { value: null, issues: locate([{ path: "version", code: "format_unsupported", message: `config version ${newer} is newer than this exo understands`, severity: "error" }], read, FILE) };
  }
  const parsed = ConfigSchema.safeParse(raw ?? {});
  const warnings: Issue[] = unknownKeys(raw, ConfigSchema, []).map((path) => ({ path, code: "unknown_key", message: `unknown config key ${path}`, severity: "warning" as const }));
  if (!parsed.success) {
    const errors = zodIssues(parsed.error, { input: raw ?? {} });
    return { value: null, issues: locate([...errors, ...warnings], read, FILE) };
  }
  const allowlist = parsed.data.checks.allowlist;
  if (new Set(allowlist).size !== allowlist.length) parsed.data.checks.allowlist = [...new Set(allowlist)];
  return { value: parsed.data, issues: locate(warnings, read, FILE) };
}

/** `checks.allowlist` as far as the file reads, for a config that does not validate (§7.16.1 step 1
 * collects every issue: its entries are still checked for shell operators); null when there is no
 * list to read. */
export function allowlistOf(text: string): unknown[] | null {
  const read = readYaml(text, FILE);
  const root: unknown = read.issues.length === 0 ? read.value : undefined;
  const checks = typeof root === "object" && root !== null && !Array.isArray(root) ? (root as Record<string, unknown>)["checks"] : undefined;
  const list = typeof checks === "object" && checks !== null && !Array.isArray(checks) ? (checks as Record<string, unknown>)["allowlist"] : undefined;
  return Array.isArray(list) ? list : null;
}

/** The config written by init/install: every documented default, so users see the knobs. */
export function defaultConfigText(baseBranch: string, overrides: { allowlist?: readonly string[]; ignorePaths?: readonly string[]; defaultChecks?: readonly string[] } = {}): string {
  const list = (items: readonly string[] | undefined) => (items && items.length > 0 ? `[${items.map((i) => JSON.stringify(i)).join(", ")}]` : "[]");
  return `version: 1
git:
  base_branch: ${JSON.stringify(baseBranch)}
  remote: origin
  auto_commit: true
  auto_branch: false
  branch_prefix: "exo/"
  ignore_paths: ${list(overrides.ignorePaths)}
checks:
  allowlist: ${list(overrides.allowlist)}
  default_ticket_checks: ${list(overrides.defaultChecks)}
  timeout_seconds: 900
scheduler:
  global_concurrency_limit: null
  lanes: []
locks:
  ttl_hours: 2
  require_owner_match: false
  distributed: false
sessions:
  heartbeat_timeout_minutes: 120
  suspended_max_days: 14
governance:
  auto_compose: true
hooks:
  enforcement: strict
  no_session: allow
  unknown_writes: ask
drift:
  warn_threshold: 0.7
adapters:
  targets: [claude, agents, cursor]
`;
}
