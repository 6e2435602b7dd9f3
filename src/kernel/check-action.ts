// The action decision of SPEC §7.2 (checkAction): every hook and `exo decide` asks it.
// Pure: the caller resolves symlinks and passes absolute paths, the session, the lock and now.
import { classifyAbsolute, displayOutside } from "./paths.js";
import { compileGlob } from "./globs.js";
import { implausibleExpiry, isLockLive, isSettledByGc, stampedAhead, type LockClock } from "./lock-state.js";
import { posix } from "node:path";

export type Action = "read" | "write" | "delete";
export type Verdict = "allow" | "deny" | "ask";

/** The parts of the sealed policy (SPEC §4.4) the decision reads. */
export interface PolicyView {
  deny: { id: string; patterns: string[]; actions: string[]; message: string }[];
  allow: { id: string; patterns: string[]; actions: string[]; cancels: string[] }[];
  require_lock: { actions: string[] } | null;
  locked_features: { id: string; patterns: string[] }[];
  hooks: { enforcement: "strict" | "advisory"; no_session: Verdict; unknown_writes: Verdict; external_write_allow: string[] };
}

/** The parts of a session record (SPEC §4.7) the decision reads. */
export interface SessionView {
  id: string;
  status: "active" | "suspended";
  ticket: string;
  fencing_token: number | null;
  scope: { allow: string[]; deny: string[]; boundaries: string[] };
}

export interface LockView extends LockClock {
  session: string | null;
  fencing_token: number;
}

export interface TargetDecision {
  path: string;
  action: Action;
  inside_repo: boolean;
  decision: Verdict;
  code: string | null;
  rule: string | null;
}

export interface Decision {
  decision: Verdict;
  code: string | null;
  reason: string;
  rule: string | null;
  targets: TargetDecision[];
  /** The decision before advisory mode turned it into allow. */
  enforced_from?: Verdict;
}

export interface DecisionRequest {
  targets: readonly { path: string; action: Action }[];
  unknownWrites: readonly string[];
  /**
   * Writes inferred from a command's effect (formatters, downloads, package managers, unknown
   * programs given a path): one that would not be allowed makes the call an unknown write.
   */
  maybeWrites?: readonly { path: string; action: Action; label: string; via?: string; unknown?: boolean }[];
  /** Commands that take exo's own hooks out or widen a scope (kernel/shell.ts): refused to agents whatever the scope. */
  forbidden?: readonly { what: string; code: string; why: string }[];
  repoRoot: string;
  /**
   * exo's own folders wherever they are (the state folder a linked worktree shares with the main
   * checkout, an EXO_STATE_DIR): never writable by agents, even where external_write_allow reaches.
   */
  protectedDirs?: readonly string[];
  /**
   * Where the hook bundle the launcher loads really lives, besides node_modules/exoprotocol
   * (pnpm's node_modules/.pnpm/…, a workspace package's node_modules): never writable by agents.
   */
  hookCodeDirs?: readonly string[];
  /** An agent's tool call (the gating hook), not a commit: the harness code folders are refused (a person commits them). */
  agentGate?: boolean;
  home: string;
  tmpdir: string;
  caseInsensitive: boolean;
}

/**
 * The files that load exo's hooks into a harness, or switch them off: exo's hook entries, Claude's
 * local settings (disableAllHooks), Codex's project config.toml (`[features] hooks = false`), and
 * the MCP registrations whose server named exo is exempt from the gate (.mcp.json, .cursor/mcp.json).
 * Never writable by agents, whatever the constitution says, and neither are the folders holding
 * them (rm -rf .claude, mv .codex x take the file with them).
 */
const HARNESS_FILES = [".claude/settings.json", ".claude/settings.local.json", ".cursor/hooks.json", ".codex/hooks.json", ".codex/config.toml", ".windsurf/hooks.json", ".github/hooks/exo.json", ".mcp.json", ".cursor/mcp.json"];

/**
 * Folders whose files a harness runs as commands outside the gate, at the top or nested (a monorepo's
 * packages): Claude Code subagents, skills and slash commands (their frontmatter may carry hooks,
 * and a command's or skill's !`cmd` lines run when it is invoked, the model's Skill tool too: no
 * PreToolUse sees either, checked with the real Claude Code 2.1), and the hook scripts settings
 * conventionally point at. An agent that rewrote one ran any command at the next hook event,
 * unseen by exo (before red-team round 13; .claude/commands until harness round 22).
 */
const HARNESS_CODE_FOLDERS = [".claude/agents", ".claude/skills", ".claude/hooks", ".claude/commands", ".cursor/hooks", ".github/hooks"];
/** A path test for the paths at or below one of `folders`, at the top or nested (`(^|/)`), or only at the top; `nocase` folds case. */
function atOrBelow(folders: readonly string[], nested: boolean): (rel: string, nocase: boolean) => boolean {
  const source = `${nested ? "(^|\\/)" : "^"}(${folders.map((f) => f.replace(/[./]/g, "\\$&")).join("|")})(\\/|$)`;
  const cased = new RegExp(source);
  const folded = new RegExp(source, "i");
  return (rel, nocase) => (nocase ? folded : cased).test(rel);
}
const inHarnessCode = atOrBelow(HARNESS_CODE_FOLDERS, true);
/**
 * husky's folder (core.hooksPath .husky/_ runs .husky/pre-commit, where exo's line goes): git runs
 * its scripts at every commit, outside exo's gate, and removing the line takes exo's pre-commit
 * out. An agent under a scope of ** rewrote or deleted it before red-team round 14.
 */
const GIT_HOOK_FOLDERS = [".husky"];
const inGitHookScripts = atOrBelow(GIT_HOOK_FOLDERS, true);

/** A file a deny rule names literally (no glob) or a harness file that lies below folder `rel`. */
function heldBelow(policy: PolicyView, rel: string, action: Action, nocase: boolean): { path: string; rule: PolicyView["deny"][number] | null } | null {
  if (rel === "") return null;
  const fold = (x: string) => (nocase ? x.toLowerCase() : x);
  const prefix = `${fold(rel)}/`;
  for (const file of HARNESS_FILES) if (fold(file).startsWith(prefix)) return { path: file, rule: null };
  for (const rule of policy.deny) {
    if (!rule.actions.includes(action) && !(action === "write" && rule.actions.includes("delete"))) continue;
    for (const pattern of rule.patterns) {
      if (/[*?[\]{}!~]/.test(pattern) || !fold(pattern).startsWith(prefix)) continue;
      const lifted = policy.allow.some((a) => a.cancels.includes(rule.id) && a.patterns.includes(pattern));
      if (!lifted) return { path: pattern, rule };
    }
  }
  return null;
}

/**
 * The hook bundle the launcher (.exo/bin/exo-hook.mjs) loads first from the repository: whoever
 * writes it answers every later hook call (.exo/ included), whatever the ticket's scope.
 */
const HOOK_CODE_FOLDER = "node_modules/exoprotocol";
const inHookCode = atOrBelow([HOOK_CODE_FOLDER], false);

const hookCodeMessage = (verb: string, path: string) => `exo blocked ${verb} of ${path}: it is exo's own hook code, which the hook launcher loads first; install or update exo with npm.`;

const isAbsPattern = (p: string) => p.startsWith("/") || p === "~" || p.startsWith("~/") || p.startsWith("$TMPDIR/");

/**
 * A rule's patterns of one kind (absolute or repository-relative), compiled once per pattern list
 * and options: a call that tests many paths (every target, every file below a searched folder)
 * matches without looking each glob up again.
 */
const compiledLists = new WeakMap<readonly string[], Map<string, [string, (path: string) => boolean][]>>();
function matchers(patterns: readonly string[], opts: { nocase: boolean; home: string; tmpdir: string }, absolute: boolean): [string, (path: string) => boolean][] {
  let byOpts = compiledLists.get(patterns);
  if (!byOpts) compiledLists.set(patterns, (byOpts = new Map<string, [string, (path: string) => boolean][]>()));
  const key = `${absolute ? "a" : "r"}${opts.nocase ? "i" : "s"}\0${opts.home}\0${opts.tmpdir}`;
  let list = byOpts.get(key);
  if (!list) byOpts.set(key, (list = patterns.filter((p) => isAbsPattern(p) === absolute).map((p) => [p, compileGlob(p, opts)])));
  return list;
}

function firstMatch(patterns: readonly string[], path: string, opts: { nocase: boolean; home: string; tmpdir: string }, absolute: boolean): string | null {
  for (const [p, m] of matchers(patterns, opts, absolute)) if (m(path)) return p;
  return null;
}

function deniedBy(policy: PolicyView, path: string, action: Action, opts: { nocase: boolean; home: string; tmpdir: string }, absolute: boolean) {
  for (const rule of policy.deny) {
    if (!rule.actions.includes(action) || firstMatch(rule.patterns, path, opts, absolute) === null) continue;
    const lifted = policy.allow.some((a) => a.actions.includes(action) && a.cancels.includes(rule.id) && firstMatch(a.patterns, path, opts, absolute) !== null);
    if (!lifted) return rule;
  }
  return null;
}

/**
 * The name a case-insensitive file system opens for `name`, spelt as exo's rules spell it. Beyond
 * ASCII case (the rules match nocase): macOS's APFS folds the long s `ſ` to `s` and the Kelvin sign
 * to `k` (Unicode case folding), Windows upper-cases the dotless `ı` to `I`, drops a name's trailing
 * dots and blanks (`.exo.` is `.exo`) and takes `f::$DATA` as the file f itself. `.claude/ſettings.json`
 * and `.exo./config.yaml` passed as other files (before red-team round 32). Only the part below
 * the repository (or the home folder) is folded: the rest is the caller's.
 */
const FOLDS = /[\u017f\u0131\u212a\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]|[^\0-\x7f]|[. ](\/|$)|::\$data(\/|$)|~[0-9]/i;
/**
 * HFS+ ignores the code points Unicode calls ignorable in a name (`.claude\u200c` is `.claude`), and
 * both Apple file systems take a name's canonical spellings as one (`é` written as e and U+0301
 * is `é`); exo's rules are matched in NFC (red-team round 33).
 */
const IGNORABLE = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;
function foldName(name: string, shortNames: readonly [string, string, boolean][]): string {
  return name
    .replace(IGNORABLE, "")
    .normalize("NFC")
    .split("/")
    .map((s) => (/^\.*$/.test(s) ? s : longName(s.replace(/::\$data$/i, "").replace(/[. ]+$/, "") || s, shortNames)))
    .join("/")
    .replace(/\u017f/g, "s")
    .replace(/\u0131/g, "i")
    .replace(/\u212a/g, "k");
}
/**
 * Windows' 8.3 short names: NTFS gives a long name a second one, its first six letters (dots and
 * blanks dropped, upper case) with `~N` and the first three of its extension (`settings.local.json`
 * is `SETTIN~1.JSO`, `.claude` `CLAUDE~1`, `.env` `ENV~1`; past ~4, two letters and four hex
 * digits), and opens the file by either. A short name is taken for the name exo guards that it may
 * stand for (red-team round 33); any other stays as written.
 */
const SHORT_NAME = /^([^~. ]{1,6})~[1-9][0-9]{0,5}(?:\.([^. ]{1,3}))?$/i;
function shortParts(long: string): [string, string] {
  const bare = long.replace(/^[. ]+/, "").replace(/ /g, "");
  const dot = bare.lastIndexOf(".");
  return dot > 0 ? [bare.slice(0, dot).replace(/\./g, "").toUpperCase(), bare.slice(dot + 1).toUpperCase()] : [bare.replace(/\./g, "").toUpperCase(), ""];
}
function longName(part: string, shortNames: readonly [string, string, boolean][]): string {
  const m = SHORT_NAME.exec(part);
  if (!m) return part;
  const base = (m[1] as string).toUpperCase();
  const ext = (m[2] ?? "").toUpperCase();
  for (const [long, prefix, open] of shortNames) {
    const [b, e] = shortParts(long);
    const stem = base.length === 6 && /^..[0-9A-F]{4}$/.test(base) ? b.slice(0, 2) === base.slice(0, 2) : b.slice(0, 6) === base;
    if (!stem) continue;
    // A name from a glob (`.env.*`) stands for any extension: `ENV~1.LOC` is `.env.loc`.
    if (open) return ext ? `${prefix}.${ext.toLowerCase()}` : prefix;
    if (e.slice(0, 3) === ext) return long;
  }
  return part;
}
/**
 * The names a short name may stand for: each part of the paths the gate guards itself (`.exo`, the
 * harness files and code folders, git's hook scripts, exo's hook code), of the default rules'
 * `.git` and `.env` (for a caller without a policy) and of the deny rules' patterns (a glob's
 * literal start).
 */
const GUARDED_PARTS = [".exo", ".git", ".env", ...[...HARNESS_CODE_FOLDERS, ...GIT_HOOK_FOLDERS, HOOK_CODE_FOLDER].flatMap((f) => f.split("/"))];
const shortNameLists = new WeakMap<PolicyView, [string, string, boolean][]>();
function shortNamesOf(policy: PolicyView | null): [string, string, boolean][] {
  const known = policy ? shortNameLists.get(policy) : undefined;
  if (known) return known;
  const out = new Map<string, [string, string, boolean]>();
  const parts = [...GUARDED_PARTS, ...HARNESS_FILES.flatMap((f) => f.split("/")), ...(policy?.deny ?? []).flatMap((r) => r.patterns.flatMap((p) => p.split("/")))];
  for (const part of parts) {
    const glob = part.search(/[*?[\]{}!]/);
    if (glob < 0) out.set(part, [part, part, false]);
    else {
      const prefix = part.slice(0, glob).replace(/\.+$/, "");
      if (prefix.replace(/^\.+/, "").length >= 2) out.set(`${prefix}*`, [prefix, prefix, true]);
    }
  }
  const list = [...out.values()];
  if (policy) shortNameLists.set(policy, list);
  return list;
}
function sameFile(where: { inside: boolean; path: string; absolute: string }, opts: { nocase: boolean; home: string }, policy: PolicyView | null = null): { inside: boolean; path: string; absolute: string } {
  if (!opts.nocase) return where;
  if (where.inside) return FOLDS.test(where.path) ? { ...where, path: foldName(where.path, shortNamesOf(policy)) } : where;
  const below = opts.home && where.absolute.startsWith(`${opts.home}/`) ? where.absolute.slice(opts.home.length) : null;
  if (below === null || !FOLDS.test(below)) return where;
  const absolute = opts.home + foldName(below, shortNamesOf(policy));
  return { ...where, path: absolute, absolute };
}

/** Is reading this absolute, symlink-resolved path denied by a rule (the secrets rule), the cancels applied? */
export function readDenied(policy: PolicyView, path: string, repoRoot: string, opts: { nocase: boolean; home: string; tmpdir: string }): boolean {
  const where = sameFile(classifyAbsolute(path, repoRoot), opts, policy);
  return deniedBy(policy, where.inside ? where.path : where.absolute, "read", opts, !where.inside) !== null;
}

/** The decision procedure of §7.2; targets are absolute, symlink-resolved paths. */
export function checkAction(
  policy: PolicyView,
  request: DecisionRequest,
  session: SessionView | null,
  lock: LockView | null,
  now: Date,
): Decision {
  const opts = { nocase: request.caseInsensitive, home: request.home, tmpdir: request.tmpdir };
  const results: (TargetDecision & { message: string })[] = [];
  for (const t of request.targets) {
    results.push({ ...decideTarget(policy, request, session, lock, now, opts, t), action: t.action });
  }
  const ticket = session?.ticket ?? "";
  const unknownWrites = [...request.unknownWrites];
  for (const m of request.maybeWrites ?? []) {
    // A write a script makes (kernel/shell.ts runScript) counts when the agent may write the script: otherwise it is a recipe.
    if (m.via !== undefined && decideTarget(policy, request, session, lock, now, opts, { path: m.via, action: "write" }).decision !== "allow") continue;
    // What exo cannot read in such a script is an unknown write of its own.
    if (m.unknown) {
      unknownWrites.push(m.label);
      continue;
    }
    const r = decideTarget(policy, request, session, lock, now, opts, m);
    if (r.decision !== "allow") unknownWrites.push(`${m.label}: may ${m.action === "delete" ? "delete" : "write"} ${r.path} (${r.code ?? "not allowed"})`);
  }
  const denied = results.find((r) => r.decision === "deny");
  let out: Decision;
  const targets = results.map(({ message: _m, ...r }) => r);
  const forbidden = request.forbidden?.[0];
  if (forbidden) {
    out = { decision: "deny", code: forbidden.code, reason: `exo blocked ${forbidden.what}: ${forbidden.why}.`, rule: null, targets };
  } else if (denied) out = { decision: "deny", code: denied.code, reason: denied.message, rule: denied.rule, targets };
  else if (results.some((r) => r.decision === "ask")) {
    const ask = results.find((r) => r.decision === "ask") as TargetDecision & { message: string };
    out = { decision: "ask", code: ask.code, reason: ask.message, rule: ask.rule, targets };
  } else if (unknownWrites.length > 0) {
    const policyValue = session ? policy.hooks.unknown_writes : policy.hooks.no_session;
    const code = session ? "UNKNOWN_WRITE" : "NO_SESSION";
    const what = unknownWrites[0] as string;
    out = policyValue === "allow"
      ? { decision: "allow", code: null, reason: `allowed (${what})`, rule: null, targets }
      : { decision: policyValue, code, reason: `exo cannot tell where this command writes (${what})${session ? ` in the scope of ${ticket}` : ""}. Use file edit tools or explicit paths inside your scope.`, rule: null, targets };
  } else out = { decision: "allow", code: null, reason: "allowed", rule: null, targets };
  if (policy.hooks.enforcement === "advisory" && out.decision !== "allow") {
    out = { ...out, enforced_from: out.decision, decision: "allow" };
  }
  return out;
}

function decideTarget(
  policy: PolicyView,
  request: DecisionRequest,
  session: SessionView | null,
  lock: LockView | null,
  now: Date,
  opts: { nocase: boolean; home: string; tmpdir: string },
  t: { path: string; action: Action },
): TargetDecision & { message: string } {
  const verb = t.action;
  const base = { action: t.action, rule: null as string | null };
  if (!t.path || t.path.includes("\0") || !t.path.startsWith("/")) {
    return { ...base, path: t.path, inside_repo: false, decision: "deny", code: "PATH_INVALID", message: `exo blocked ${verb}: ${JSON.stringify(t.path)} is not a usable path.` };
  }
  // Callers resolve symlinks first; any `..` left is collapsed here so it can never slip past a glob.
  const normal = posix.normalize(t.path);
  const where = sameFile(classifyAbsolute(normal.length > 1 ? normal.replace(/\/+$/, "") : normal, request.repoRoot), opts, policy);
  // A folder of exo's that is not the repository itself holds the target.
  const heldBy = (dirs: readonly string[] | undefined) => t.action !== "read" && (dirs ?? []).some((d) => d !== request.repoRoot && (where.absolute === d || where.absolute.startsWith(`${d}/`)));
  if (heldBy(request.protectedDirs)) {
    const shown = where.inside ? where.path : displayOutside(where.absolute, request.home);
    return { ...base, path: shown, inside_repo: where.inside, decision: "deny", code: "EXO_STATE_PROTECTED", message: `exo blocked ${verb} of ${shown}: it is exo's state (sessions, locks, ledger); agents may not change it; use exo commands.` };
  }
  if (heldBy(request.hookCodeDirs)) {
    const shown = where.inside ? where.path : displayOutside(where.absolute, request.home);
    return { ...base, path: shown, inside_repo: where.inside, decision: "deny", code: "EXO_STATE_PROTECTED", message: hookCodeMessage(verb, shown) };
  }
  if (!where.inside) {
    const shown = displayOutside(where.absolute, request.home);
    const rule = deniedBy(policy, where.absolute, t.action, opts, true);
    if (rule) return { ...base, path: shown, inside_repo: false, decision: "deny", code: "RULE_DENIED", rule: rule.id, message: `exo blocked ${verb} of ${shown}: ${rule.message} (${rule.id})` };
    if (t.action === "read") return { ...base, path: shown, inside_repo: false, decision: "allow", code: null, message: "allowed" };
    if (firstMatch(policy.hooks.external_write_allow, where.absolute, opts, true) !== null) return { ...base, path: shown, inside_repo: false, decision: "allow", code: null, message: "allowed" };
    return { ...base, path: shown, inside_repo: false, decision: "deny", code: "PATH_OUTSIDE_REPO", message: `exo blocked ${verb} of ${shown}: it is outside the repository. Write inside the repository (or under $TMPDIR).` };
  }
  const rel = where.path;
  const rule = deniedBy(policy, rel, t.action, opts, false);
  if (rule) return { ...base, path: rel, inside_repo: true, decision: "deny", code: "RULE_DENIED", rule: rule.id, message: `exo blocked ${verb} of ${rel}: ${rule.message} (${rule.id})` };
  if (t.action !== "read" && (rel === ".exo" || rel.startsWith(".exo/") || compileGlob(".exo", { nocase: opts.nocase })(rel))) {
    return { ...base, path: rel, inside_repo: true, decision: "deny", code: "EXO_STATE_PROTECTED", message: `exo blocked ${verb} of ${rel}: agents may not change .exo/; use exo commands.` };
  }
  if (t.action !== "read" && HARNESS_FILES.some((f) => (opts.nocase ? f.toLowerCase() === rel.toLowerCase() : f === rel))) {
    return { ...base, path: rel, inside_repo: true, decision: "deny", code: "EXO_STATE_PROTECTED", message: `exo blocked ${verb} of ${rel}: it loads exo's hooks into a harness or switches them off; exo hook-install or a person changes it.` };
  }
  if (request.agentGate === true && t.action !== "read" && inGitHookScripts(rel, opts.nocase)) {
    return { ...base, path: rel, inside_repo: true, decision: "deny", code: "EXO_STATE_PROTECTED", message: `exo blocked ${verb} of ${rel}: git runs the hook scripts there at every commit, exo's pre-commit among them; a person changes them.` };
  }
  if (request.agentGate === true && t.action === "write" && inHarnessCode(rel, opts.nocase)) {
    return { ...base, path: rel, inside_repo: true, decision: "deny", code: "EXO_STATE_PROTECTED", message: `exo blocked ${verb} of ${rel}: a harness runs what it defines (hooks, scripts) outside exo's gate; a person changes it.` };
  }
  if (t.action !== "read") {
    const held = heldBelow(policy, rel, t.action, opts.nocase);
    if (held?.rule) return { ...base, path: rel, inside_repo: true, decision: "deny", code: "RULE_DENIED", rule: held.rule.id, message: `exo blocked ${verb} of ${rel}: it holds ${held.path}. ${held.rule.message} (${held.rule.id})` };
    if (held) return { ...base, path: rel, inside_repo: true, decision: "deny", code: "EXO_STATE_PROTECTED", message: `exo blocked ${verb} of ${rel}: it holds ${held.path}, which loads exo's hooks into a harness or switches them off; exo hook-install or a person changes it.` };
  }
  if (t.action !== "read" && inHookCode(rel, opts.nocase)) {
    return { ...base, path: rel, inside_repo: true, decision: "deny", code: "EXO_STATE_PROTECTED", message: hookCodeMessage(verb, rel) };
  }
  if (t.action !== "read") {
    const feature = policy.locked_features.find((f) => f.patterns.some((p) => compileGlob(p, { nocase: opts.nocase })(rel)));
    if (feature) return { ...base, path: rel, inside_repo: true, decision: "deny", code: "FEATURE_LOCKED", rule: feature.id, message: `exo blocked ${verb} of ${rel}: it belongs to feature ${feature.id}, which agents may not edit.` };
  }
  if (t.action === "read") return { ...base, path: rel, inside_repo: true, decision: "allow", code: null, message: "allowed" };
  if (!session) {
    const p = policy.hooks.no_session;
    return { ...base, path: rel, inside_repo: true, decision: p, code: p === "allow" ? null : "NO_SESSION", message: p === "allow" ? "allowed" : `exo: no governed session for this ${verb} of ${rel}. Start one with exo session-start --ticket-id '<ID>'.` };
  }
  if (session.status === "suspended") {
    return { ...base, path: rel, inside_repo: true, decision: "deny", code: "SESSION_SUSPENDED", message: `exo blocked ${verb} of ${rel}: session ${session.id} is suspended. Resume it with exo session-resume.` };
  }
  if (policy.require_lock?.actions.includes(t.action)) {
    if (lock === null || !isLockLive(lock, now)) {
      // Expired (or released by gc-locks once expired): its holder may take it back. Gone or
      // released by someone: the session lost it (heartbeat answers LOCK_LOST).
      const expired = lock !== null && (lock.state === "held" || isSettledByGc(lock));
      const next = expired ? "Renew it with exo lease-heartbeat or exo session-resume." : "Stop and check exo status: the session lost it (exo session-cleanup ends it).";
      const forged = lock !== null && lock.state === "held" && implausibleExpiry(lock, now) !== null;
      const back = lock !== null && stampedAhead(lock, now) !== null;
      const what = lock === null ? "has no lock file" : back ? "has no live lock (it is stamped ahead of this machine's clock, which ran backwards)" : forged ? "has no live lock (its expiry lies beyond the longest lease: a clock ahead or a hand edit)" : expired ? "has no live lock (it expired)" : "has no live lock (it was released)";
      return { ...base, path: rel, inside_repo: true, decision: "deny", code: "LOCK_REQUIRED", message: `exo blocked ${verb} of ${rel}: ${session.ticket} ${what}. ${next}` };
    }
    if ((lock.session !== null && lock.session !== session.id) || lock.fencing_token !== session.fencing_token) {
      return { ...base, path: rel, inside_repo: true, decision: "deny", code: "LOCK_LOST", message: `exo blocked ${verb} of ${rel}: another session now holds the lock on ${session.ticket}. Stop and check exo status.` };
    }
  }
  const m = (patterns: readonly string[]) => patterns.find((p) => compileGlob(p, { nocase: opts.nocase })(rel)) ?? null;
  // "write to src/a.ts" (SPEC §7.2's example), "delete of src/a.ts" as every other refusal says.
  const blocked = `exo blocked ${verb} ${verb === "write" ? "to" : "of"} ${rel}`;
  const scopeDeny = m(session.scope.deny);
  if (scopeDeny) return { ...base, path: rel, inside_repo: true, decision: "deny", code: "SCOPE_DENIED", rule: scopeDeny, message: `${blocked}: ${session.ticket} denies \`${scopeDeny}\`. Work elsewhere in the scope, or ask a human to change it with exo ticket-update.` };
  const boundary = m(session.scope.boundaries);
  if (boundary) return { ...base, path: rel, inside_repo: true, decision: "deny", code: "BOUNDARY_VIOLATION", rule: boundary, message: `${blocked}: it crosses the boundary \`${boundary}\` of ${session.ticket}. Leave it alone, or ask a human.` };
  if (!m(session.scope.allow)) {
    return { ...base, path: rel, inside_repo: true, decision: "deny", code: "OUT_OF_SCOPE", message: `${blocked}: outside the scope of ${session.ticket} (allowed: ${session.scope.allow.join(", ")}). Work inside the scope, or ask a human to widen it with exo ticket-update.` };
  }
  return { ...base, path: rel, inside_repo: true, decision: "allow", code: null, message: "allowed" };
}
