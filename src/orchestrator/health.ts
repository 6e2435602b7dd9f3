// exo drift (SPEC §6.5) and exo doctor (§7.22): composite health reports with repairs.
import { displayOutside } from "../kernel/paths.js";
import { conflictMarkerLine } from "../kernel/conflict-markers.js";
import { existsSync, lstatSync, mkdirSync, realpathSync, renameSync, rmdirSync, statSync, unlinkSync } from "node:fs";
import { exoCommitLine, shellLine } from "../kernel/quote.js";
import { readdir, rm, stat } from "node:fs/promises";
import { settled } from "../io/fs-atomic.js";
import { specialKind } from "../io/open-quiet.js";
import { basename, dirname, join, relative } from "node:path";
import { isTicketId } from "../kernel/ids.js";
import type { Context } from "../commands/context.js";
import { ExoError, ErrorCode } from "../errors.js";
import { hintFor } from "../error-hints.js";
import { EXO_FOLDERS, type Repo } from "../io/paths.js";
import { gitRaw, headEntry } from "../io/git.js";
import { readGovernedTextOrNull, readRegularFileSync, readRegularTextSync, readTextOrNull, statOrNull, zeroedFile } from "../io/read.js";
import { loadConfig, readSealedPolicy } from "../stdlib/config/store.js";
import type { Config } from "../stdlib/config/model.js";
import { compose, hooksState, inspectGovernance, readSourceTexts } from "../stdlib/governance/store.js";
import { parseSources } from "../stdlib/governance/sources.js";
import { isZeroedIssue, sourceIssueHint } from "../stdlib/yaml-doc.js";
import { installedHarnesses, type Harness } from "../stdlib/hooks/install.js";
import { installMissingHint, onlyGitHooksMissing, reenableHooks, reinstallHooks, strictHooks } from "../stdlib/hooks/repair.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { ledgerHint, TAIL_REPAIR, verifyLedger } from "../stdlib/ledger/read.js";
import { listLocks, expireLock } from "../stdlib/locks/store.js";
import { implausibleExpiry, isLockLive } from "../stdlib/locks/types.js";
import type { SessionRecord } from "../stdlib/sessions/types.js";
import { closedSessionTicket, listSessions } from "../stdlib/sessions/store.js";
import { FOLDER_AT_TICKET, listTickets, readTicket, setTicketStatus } from "../stdlib/tickets/store.js";
import { reachesIntent } from "../stdlib/tickets/model.js";
import { CLOSED_STATUSES, type Ticket } from "../stdlib/tickets/types.js";
import { generateAdapters, readGenerated, targetStatus } from "../stdlib/adapters/store.js";
import { WHOLE_FILE } from "../stdlib/adapters/model.js";
import { EXO_GITIGNORE, scaffoldFiles } from "./init.js";
import { EPHEMERAL_DIRS } from "../stdlib/exo-managed.js";
import { defaultTargets } from "./adapters.js";
import { liveness } from "./session-context.js";
import { stripBom } from "../kernel/text.js";
import { plural } from "../kernel/plural.js";

export type Status = "pass" | "warn" | "fail" | "skip";
export interface Section {
  name: string;
  status: Status;
  message: string;
  hint?: string;
  fixable: boolean;
  details: Record<string, unknown>;
}

/** The home folder for display (none when unset or the root, which would shorten every path). */
const homeOf = (env?: Readonly<Record<string, string | undefined>>): string => {
  const home = env?.["HOME"] ?? process.env["HOME"] ?? "";
  return home === "/" ? "" : home;
};

const worst = (sections: Section[]): "pass" | "warn" | "fail" => (sections.some((s) => s.status === "fail") ? "fail" : sections.some((s) => s.status === "warn") ? "warn" : "pass");

async function governanceSection(repo: Repo): Promise<Section> {
  let view;
  try {
    view = await inspectGovernance(repo);
  } catch (error) {
    // A lock or seal of a newer exo: the section fails and names it; the other sections still run.
    if (!(error instanceof ExoError) || error.code !== ErrorCode.FORMAT_UNSUPPORTED) throw error;
    const hint = hintFor(ErrorCode.FORMAT_UNSUPPORTED, undefined);
    return { name: "governance", status: "fail", fixable: false, message: error.message, ...(hint ? { hint } : {}), details: { status: "format_unsupported", ...(error.details as Record<string, unknown>) } };
  }
  const base = { name: "governance", fixable: view.status === "stale", details: { status: view.status, version: view.lock?.version ?? null, reasons: view.reasons } };
  if (view.status === "valid") return { ...base, status: "pass", message: `lock v${view.lock?.version} verifies` };
  if (view.status === "stale") return { ...base, status: "fail", message: `sources changed since the last compose (${view.staleSources.join(", ") || "seal"})`, hint: "exo compose" };
  return { ...base, status: "fail", message: `governance is ${view.status}: ${view.reasons[0]?.message ?? ""}`, hint: view.status === "missing" ? "exo compose" : view.status === "kernel_unsupported" ? (hintFor(ErrorCode.KERNEL_VERSION_UNSUPPORTED, undefined) ?? "exo compose --repair") : "exo compose --repair" };
}

async function hooksSection(repo: Repo, forDoctor: boolean, env?: Readonly<Record<string, string | undefined>>): Promise<Section> {
  const policy = await readSealedPolicy(repo);
  const wanted = (policy?.hooks.installed ?? []) as Harness[];
  const present = await installedHarnesses(repo);
  const state = await hooksState(repo);
  const missing = wanted.filter((h) => !present.includes(h));
  const details = { sealed: wanted, present, hooks_sha256: state.sha256, sealed_sha256: policy?.hooks_sha256 ?? null };
  if (forDoctor) {
    // A harness settings file exo cannot parse: neither the harness nor exo's installer can use it.
    const { SETTINGS_FILES } = await import("../stdlib/hooks/install.js");
    for (const rel of Object.values(SETTINGS_FILES)) {
      const text = await readTextOrNull(join(repo.root, rel));
      if (text === null) continue;
      try {
        JSON.parse(stripBom(text));
      } catch {
        const { settingsInvalid } = await import("../stdlib/settings-error.js");
        const error = settingsInvalid(rel, text, "exo hook-install");
        return { name: "hooks", status: "fail", message: `${error.message.replace(/; fix the file \(.*$/, "")}: exo's hooks cannot be installed there; fix the file`, hint: error.hint ?? "exo hook-install", fixable: false, details: { ...details, invalid: rel } };
      }
    }
  }
  if (forDoctor && !present.includes("git")) {
    const { gitHooksPath, isManagedHooksDir, HUSKY_LINE, huskyMissing } = await import("../stdlib/hooks/install.js");
    const dir = await gitHooksPath(repo);
    if (isManagedHooksDir(dir, repo.root) && missing.length === 0) {
      const lacking = await huskyMissing(repo.root);
      return { name: "hooks", status: "warn", message: `husky manages git hooks (core.hooksPath ${repo.relative(dir)}); ${lacking.map((n) => `add to .husky/${n}: ${HUSKY_LINE(n)}`).join("  and ")}`, hint: (await import("./hooks.js")).huskyAddLine(lacking), fixable: false, details: { ...details, husky: true, husky_missing: lacking } };
    }
  }
  if (wanted.length === 0 && present.length === 0) return { name: "hooks", status: "warn", message: "no exo hooks are installed; agent writes are only checked at finish", hint: "exo hook-install", fixable: true, details };
  if (missing.length > 0 || (policy && state.sha256 !== policy.hooks_sha256)) {
    const message = onlyGitHooksMissing(missing)
      ? await (await import("./hooks.js")).gitHooksGone(repo)
      : missing.length > 0
        ? `exo entries missing for ${missing.join(", ")}`
        : "exo hook entries or the launcher changed since they were sealed";
    // Only git's hooks gone, every harness entry and the launcher as sealed: a fresh clone (git
    // does not copy .git/hooks), which §7.22 lists as a warning (before: fail, so doctor exited 1
    // in every new clone of a governed repository). session-start puts them back.
    const cloned = onlyGitHooksMissing(missing) && (!policy || state.sha256 === policy.hooks_sha256);
    return { name: "hooks", status: cloned ? "warn" : "fail", message, hint: installMissingHint(missing), fixable: true, details };
  }
  if (forDoctor && present.includes("cursor")) {
    // Switched from advisory to strict (or back) after Cursor's hooks were written: compose sealed
    // them as they were, so nothing else tells that a failing exo hook lets Cursor's writes through.
    const { SETTINGS_FILES, cursorFailClosedDrift, cursorMatcherDrift } = await import("../stdlib/hooks/install.js");
    const strict = strictHooks(policy);
    const text = (await readTextOrNull(join(repo.root, SETTINGS_FILES.cursor))) ?? "";
    const drift = cursorFailClosedDrift(text, strict);
    if (drift.length > 0) {
      const message = strict
        ? `Cursor's gating hooks (${drift.join(", ")}) are not fail-closed though enforcement is strict: when exo's hook cannot answer, Cursor lets the call through; reinstall them`
        : `Cursor's gating hooks (${drift.join(", ")}) are fail-closed though enforcement is advisory; reinstall them`;
      return { name: "hooks", status: "warn", message, hint: "exo hook-install --harness cursor", fixable: true, details: { ...details, cursor_fail_closed_drift: drift } };
    }
    // Written by an older exo, whose preToolUse matcher left Cursor's Grep and Glob unjudged.
    const matchers = cursorMatcherDrift(text);
    if (matchers.length > 0) {
      const message = `Cursor's hooks (${matchers.join(", ")}) match other tools than this exo gates (an older exo's preToolUse left Grep and Glob unjudged); reinstall them`;
      return { name: "hooks", status: "warn", message, hint: "exo hook-install --harness cursor", fixable: true, details: { ...details, cursor_matcher_drift: matchers } };
    }
  }
  if (forDoctor && env && present.includes("codex")) {
    // Codex skips untrusted hooks silently: "installed" is not enough (issue #19). The hint is the
    // command that opens Codex here (before: "codex (then /hooks: …)", a shell syntax error when
    // pasted); what to do in it, /hooks, is in the message.
    const { codexTrust, CODEX_TRUST_HINT } = await import("../stdlib/hooks/codex-trust.js");
    const trust = await codexTrust(repo.root, env);
    if (trust && trust.untrusted.length > 0) {
      return { name: "hooks", status: "fail", message: `Codex has not trusted exo's hooks (${trust.untrusted.join(", ")} in ${displayOutside(trust.config, homeOf(env))}); until then it skips them without a word, so its writes are not gated: ${CODEX_TRUST_HINT}`, hint: "codex", fixable: false, details: { ...details, codex_trust: trust } };
    }
  }
  if (forDoctor && env && present.includes("copilot")) {
    // Copilot CLI's prompt mode (copilot -p) skips repository hooks in a folder it does not trust.
    const base = env["COPILOT_HOME"] || (env["HOME"] ? join(env["HOME"], ".copilot") : null);
    const config = base === null ? null : join(base, "config.json");
    if (config !== null && !(await copilotTrusts(config, repo.root))) {
      return { name: "hooks", status: "warn", message: `GitHub Copilot CLI does not trust this folder (trustedFolders in ${displayOutside(config, homeOf(env))}): copilot -p runs here skip exo's hooks without a word; start copilot here and trust the folder when it asks`, hint: "copilot", fixable: false, details: { ...details, copilot_trusted: false } };
    }
  }
  if (forDoctor && !present.includes("git")) return { name: "hooks", status: "warn", message: "git hooks are not installed (pre-commit checks are off)", hint: "exo hook-install --harness git", fixable: true, details };
  if (forDoctor) {
    // exo's lines are in .husky/<hook>, but git runs what core.hooksPath holds: a .husky/_ husky
    // has not made in this clone (npx husky, from npm install's prepare script) runs nothing, exo's
    // lines included (before: pass, and commits went ungated).
    const { gitHooksPath, isManagedHooksDir, GIT_HOOK_NAMES, lefthookRunsTwice } = await import("../stdlib/hooks/install.js");
    const dir = await gitHooksPath(repo);
    const absent = isManagedHooksDir(dir, repo.root) ? GIT_HOOK_NAMES.filter((n) => !existsSync(join(dir, n))) : [];
    // core.hooksPath at .husky itself (husky 4 to 8): git runs .husky/<hook> and skips it, exo's
    // line with it, when it is not executable (a file made by install's printf step before it
    // gave chmod; before, pass while commits went without their Exo-Session trailer).
    const skipped = dir === join(repo.root, ".husky") ? GIT_HOOK_NAMES.filter((n) => notExecutable(join(dir, n))) : [];
    if (skipped.length > 0) {
      const files = skipped.map((n) => `.husky/${n}`).join(" ");
      return { name: "hooks", status: "warn", message: `git skips ${files}: core.hooksPath is .husky and ${skipped.length === 1 ? "the file is" : "the files are"} not executable, so exo's line there never runs`, hint: `chmod +x ${files}`, fixable: false, details: { ...details, husky: true, husky_not_executable: skipped } };
    }
    if (absent.length > 0) {
      const shown = dir.startsWith(`${repo.root}/`) ? repo.relative(dir) : dir;
      return { name: "hooks", status: "warn", message: `husky is not set up in this clone: core.hooksPath ${shown} has no ${absent.join(" or ")}, so git runs none of them and exo's lines in .husky/ are never called; run npx husky (npm install runs it through the prepare script)`, hint: "npx husky", fixable: false, details: { ...details, husky: true, husky_not_set_up: absent } };
    }
    // An older exo moved lefthook's hook to <hook>.pre-exo and chained it from its own; with exo's
    // commands in lefthook.yml (a teammate's exo install) lefthook's hook runs exo's checks again
    // (before: pass, and each commit ran them twice until the next lefthook install).
    const twice = await lefthookRunsTwice(repo.root, dir);
    if (twice.length > 0) {
      return { name: "hooks", status: "warn", message: `exo's ${twice.join(" and ")} checks run twice: exo's hook in ${repo.relative(dir)} chains lefthook's (${twice.map((n) => `${n}.pre-exo`).join(", ")}, moved aside by an older exo), and lefthook's configuration runs exo's command too; hook-install puts lefthook's hook back`, hint: "exo hook-install --harness git", fixable: true, details: { ...details, lefthook_runs_twice: twice } };
    }
  }
  return { name: "hooks", status: "pass", message: `installed: ${present.join(", ")}`, fixable: false, details };
}

/** A file that is there and has no execute bit (git skips such a hook). */
function notExecutable(file: string): boolean {
  const st = statSync(file, { throwIfNoEntry: false });
  return st !== undefined && st.isFile() && (st.mode & 0o111) === 0;
}

/** True when Copilot CLI's config.json lists `root` or a folder above it in trustedFolders. */
async function copilotTrusts(config: string, root: string): Promise<boolean> {
  const text = await readTextOrNull(config);
  let folders: unknown = null;
  try {
    folders = text === null ? null : (JSON.parse(stripBom(text)) as { trustedFolders?: unknown }).trustedFolders;
  } catch {
    folders = null;
  }
  return Array.isArray(folders) && folders.some((f) => typeof f === "string" && (f === root || root.startsWith(f.endsWith("/") ? f : `${f}/`)));
}

async function adaptersSection(repo: Repo): Promise<Section> {
  const policy = await readSealedPolicy(repo);
  if (!policy) return { name: "adapters", status: "skip", message: "no sealed policy", fixable: false, details: {} };
  let generated: Awaited<ReturnType<typeof readGenerated>>;
  try {
    generated = await readGenerated(repo);
  } catch (error) {
    // A newer exo's generated.json (FORMAT_UNSUPPORTED): reported, not a failed report.
    if (error instanceof ExoError) return { name: "adapters", status: "fail", message: error.message, hint: hintFor(error.code, error.hint) ?? "exo doctor", fixable: false, details: { code: error.code } };
    throw error;
  }
  const targets = await defaultTargets(repo, { generated });
  const statuses = [];
  for (const t of targets) statuses.push({ target: t, status: await targetStatus(repo, t, policy.lock_sha256, generated) });
  const bad = statuses.filter((s) => s.status !== "fresh");
  // MCP registrations exo wrote in an earlier form (say, before they named the agent's actor).
  const mcp = await (await import("../stdlib/mcp-config/store.js")).outdatedMcp(repo);
  const mcpText = mcp.files.length > 0 ? `MCP registration from an earlier exo: ${mcp.files.join(", ")} (exo install or exo doctor --fix brings it up to date)` : null;
  if (bad.length === 0 && !mcpText) return { name: "adapters", status: "pass", message: "every configured adapter is fresh", fixable: false, details: { targets: statuses } };
  const message = [...bad.map((b) => `${b.target} ${b.status}`), ...(mcpText ? [mcpText] : [])].join(", ");
  const details = { targets: statuses, ...(mcpText ? { mcp_outdated: mcp.files, mcp_harnesses: mcp.harnesses } : {}) };
  return { name: "adapters", status: "warn", message, hint: bad.length > 0 ? `exo adapter-generate${bad.some((b) => b.status === "edited" && WHOLE_FILE.has(b.target)) ? " --force" : ""}` : "exo doctor --fix --section adapters", fixable: bad.some((b) => b.status !== "edited") || mcpText !== null, details };
}

/** The live sessions whose linked worktree has a .git file git cannot follow (a crash zeroed it, or it points nowhere). */
async function unlinkedWorktrees(repo: Repo, sessions: readonly SessionRecord[]): Promise<{ id: string; worktree: string }[]> {
  const out: { id: string; worktree: string }[] = [];
  for (const s of sessions) {
    if (s.worktree !== repo.mainRoot && existsSync(join(s.worktree, ".git")) && (await gitRaw(s.worktree, ["rev-parse", "--git-dir"])).code !== 0) out.push({ id: s.id, worktree: s.worktree });
  }
  return out;
}

async function sessionsSection(ctx: Context, repo: Repo, config: Config, withDrift: boolean, only?: string): Promise<Section> {
  const all = await listSessions(repo);
  // drift --session-id: the report focuses on that session (SPEC §6.5); an unknown id is an error, not an empty report.
  if (only !== undefined && !all.some((s) => s.id === only)) {
    // A closed session (its memento kept): its final drift is in its ticket's view, so the hint
    // names that ticket (before: exo session-scan, which lists open sessions only).
    const closedOn = closedSessionTicket(repo, only);
    if (closedOn !== null) {
      throw new ExoError(ErrorCode.SESSION_NOT_FOUND, `Session ${only} on ${closedOn} is closed; exo drift reports open sessions, and a closed session's final drift is in exo ticket-show ${closedOn}.`, { hint: `exo ticket-show ${closedOn}`, details: { session: only, ticket: closedOn, closed: true } });
    }
    throw new ExoError(ErrorCode.SESSION_NOT_FOUND, `No active or suspended session ${only}; list them with exo session-scan (a closed session's drift is in exo ticket-show).`, { hint: "exo session-scan" });
  }
  const sessions = only === undefined ? all : all.filter((s) => s.id === only);
  const stale: string[] = [];
  const high: { id: string; drift: number }[] = [];
  const live: { id: string; ticket: string; drift: number; out_of_scope: string[]; provisional: true }[] = [];
  for (const s of sessions) {
    if ((await liveness(ctx, repo, config, s)).stale) stale.push(s.id);
    if (withDrift && s.status === "active") {
      try {
        const { sessionChanges, sessionDrift } = await import("./session-finish.js");
        const d = await sessionDrift(repo, s, await sessionChanges(repo, config, s));
        live.push({ id: s.id, ticket: s.ticket, drift: d.score, out_of_scope: d.out_of_scope, provisional: true });
        if (d.score >= config.drift.warn_threshold) high.push({ id: s.id, drift: d.score });
      } catch {
        // worktree gone: liveness reports it
      }
    }
  }
  const details = { sessions: sessions.length, stale, high_drift: high, ...(withDrift ? { live } : {}) };
  if (stale.length > 0) return { name: "sessions", status: withDrift ? "fail" : "warn", message: `${plural(stale.length, "stale session")}: ${stale.join(", ")}`, hint: "exo session-cleanup", fixable: true, details };
  // A live session's linked worktree whose .git file a crash zeroed (or pointed nowhere): every exo
  // command there says NOT_A_GIT_REPO, its hint a placeholder for this repository, which that
  // worktree can no longer name (before: this section passed). --fix mends it (git worktree repair).
  const unlinked = await unlinkedWorktrees(repo, sessions);
  if (unlinked.length > 0) {
    const named = unlinked.map((u) => `${u.id} works in ${u.worktree}`).join("; ");
    return { name: "sessions", status: "warn", message: `${named}, whose .git file git cannot follow (zeroed or pointing nowhere), so exo there says NOT_A_GIT_REPO; exo doctor --fix mends it (git worktree repair)`, hint: "exo doctor --fix --section sessions", fixable: true, details: { ...details, unlinked_worktrees: unlinked } };
  }
  // exo drift: each active session's drift so far, the figure its finish would start from (before:
  // only the JSON had it, so `exo drift --session-id X` printed no drift at all).
  const sofar = live.length === 0 ? "" : `; drift so far: ${live.slice(0, 3).map((l) => `${l.id} on ${l.ticket} ${l.drift.toFixed(3)}${l.out_of_scope.length > 0 ? ` (outside scope: ${l.out_of_scope.slice(0, 3).join(", ")}${l.out_of_scope.length > 3 ? ` … ${l.out_of_scope.length - 3} more` : ""})` : ""}`).join(", ")}${live.length > 3 ? ` … ${live.length - 3} more` : ""}`;
  if (high.length > 0) return { name: "sessions", status: "warn", message: `${plural(high.length, "active session")} ${high.length === 1 ? "drifts" : "drift"} ≥ ${config.drift.warn_threshold}${sofar}`, fixable: false, details };
  return { name: "sessions", status: "pass", message: `${plural(sessions.length, "session")}, none stale${sofar}`, fixable: false, details };
}

export async function driftReport(ctx: Context, input: { skip: string[]; session_id?: string | undefined }) {
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  const sections: Section[] = [];
  const want = (n: string) => !input.skip.includes(n);
  const skip = (name: string, why: string): Section => ({ name, status: "skip", message: why, fixable: false, details: {} });
  sections.push(want("governance") ? await governanceSection(repo) : skip("governance", "skipped"));
  sections.push(want("hooks") ? await hooksSection(repo, false) : skip("hooks", "skipped"));
  sections.push(want("adapters") ? await adaptersSection(repo) : skip("adapters", "skipped"));
  sections.push(want("sessions") || input.session_id !== undefined ? await sessionsSection(ctx, repo, config, true, input.session_id) : skip("sessions", "skipped"));
  for (const name of ["features", "requirements"] as const) {
    if (!want(name)) {
      sections.push(skip(name, "skipped"));
      continue;
    }
    const { loadFeatures, loadRequirements, scanRepository } = await import("../stdlib/trace/store.js");
    const { traceFeatures, traceRequirements } = await import("../stdlib/trace/model.js");
    const { compileGlob, matchesAny } = await import("../kernel/globs.js");
    const manifest = name === "features" ? await loadFeatures(repo) : await loadRequirements(repo);
    if (!manifest) {
      sections.push(skip(name, `no ${name}.yaml`));
      continue;
    }
    const { files, tags } = await scanRepository(repo, config, []);
    const r =
      name === "features"
        ? traceFeatures(manifest as never, tags, (patterns) => files.filter((f) => patterns.some((p) => compileGlob(p)(f))), null)
        : traceRequirements(manifest as never, tags, (p) => matchesAny(config.traceability.test_globs, p) !== null, false);
    const errors = r.violations.filter((v) => v.severity === "error").length;
    sections.push({ name, status: errors > 0 ? "fail" : r.violations.length > 0 ? "warn" : "pass", message: `${plural(errors, "error")}, ${plural(r.violations.length - errors, "warning")}`, fixable: false, details: { violations: r.violations } });
  }
  // SPEC §6.5: each section is name, status, message and details, in that order in every
  // section, then exo's keys (fixable, and hint when a command helps).
  return { status: worst(sections), sections: sections.map(({ name, status, message, details, fixable, hint }) => ({ name, status, message, details, fixable, ...(hint !== undefined ? { hint } : {}) })) };
}

type Fixed = { section: string; action: string }[];
type Who = { actor: string; host: string; now: Date };

/** `* -text` (or `* ... -text`) in .exo/.gitattributes: git converts no line ends below .exo/. */
const NO_EOL_CONVERSION = /^\*[ \t]+(?:\S+[ \t]+)*-text\b/m;
/** `* -filter` (or `* ... -filter`): no clean/smudge filter (git-lfs for `*.jsonl`) below .exo/. */
const NO_FILTER = /^\*[ \t]+(?:\S+[ \t]+)*-filter\b/m;

/** The hooks section when some setting switches exo's hooks off (restored with --fix), else null. */
async function killSwitchSection(ctx: Context, repo: Repo, fix: boolean, who: Who, fixed: Fixed): Promise<Section | null> {
  const { findKillSwitches } = await import("../stdlib/hooks/switches.js");
  const switches = await findKillSwitches(repo, ctx.env);
  if (fix && switches.length > 0) {
    const restored = await reenableHooks(repo, who, switches);
    if (restored.length > 0) fixed.push({ section: "hooks", action: `re-enabled hooks: removed ${restored.map((k) => `${k.setting} (${k.scope})`).join(", ")}` });
  }
  const left = fix ? await findKillSwitches(repo, ctx.env) : switches;
  if (left.length > 0) {
    // A switch in a user's own settings is theirs to remove: --fix leaves it (before: the hint was
    // still exo doctor --fix, which changed nothing).
    const restorable = left.some((k) => k.restorable);
    const user = left.find((k) => !k.restorable);
    const hint = restorable || !user ? "exo doctor --fix" : `remove ${user.setting} from ${user.file} (exo does not edit your own settings)`;
    return { name: "hooks", status: "fail", message: `hooks are switched off: ${left.map((k) => `${k.setting} in ${k.scope === "git" ? ".git/config" : k.file}`).join(", ")}`, hint, fixable: restorable, details: { kill_switches: left } };
  }
  return null;
}

/** The hooks section proper; --fix reinstalls the sealed harnesses' hooks and recomposes. */
async function hooksRepairSection(ctx: Context, repo: Repo, fix: boolean, who: Who, fixed: Fixed): Promise<Section> {
  let s = await hooksSection(repo, true, ctx.env);
  // husky owns the git hooks folder: --fix cannot add exo's lines there (the section says which).
  const husky = s.details["husky"] === true;
  // Only what a reinstall repairs: not Codex's or Copilot's trust, which are the person's to give
  // (before: "fixed hooks: reinstalled codex" for an untrusted Codex, and nothing changed).
  if (fix && s.status !== "pass" && s.fixable && !husky) {
    const policy = await readSealedPolicy(repo);
    const harnesses = [...new Set([...((policy?.hooks.installed ?? []) as Harness[]), ...(s.status === "warn" ? (["git"] as Harness[]) : [])])];
    const wanted: Harness[] = harnesses.length > 0 ? harnesses : ["claude", "git"];
    await reinstallHooks(repo, who, { harnesses: wanted, strict: strictHooks(policy), reason: "doctor", compose: "repair" });
    fixed.push({ section: "hooks", action: `reinstalled ${wanted.join(", ")}` });
    s = await hooksSection(repo, true, ctx.env);
  }
  return s;
}

/**
 * Codex's command terminal turned back on in the project's .codex/config.toml (`[features]
 * unified_exec_tty = true`, or exo's line taken out) while exo's Codex hooks are installed: Codex's
 * write_stdin then types into programs no hook judges (codex-tty.ts). A warning on an otherwise
 * passing hooks section (added to a failing one's message); --fix puts exo's `= false` line back.
 */
async function withCodexTty(repo: Repo, s: Section, fix: boolean, fixed: Fixed): Promise<Section> {
  if (!existsSync(join(repo.root, ".codex", "hooks.json"))) return s;
  const file = join(repo.root, ".codex", "config.toml");
  const rel = repo.relative(file);
  const { ttySetting, withTtyForcedOff } = await import("../stdlib/hooks/codex-tty.js");
  // A project file linked outside the repository is neither judged nor rewritten (read refuses it).
  const read = () => readGovernedTextOrNull(file, [repo.mainRoot, repo.root]).catch(() => undefined);
  let text = await read();
  if (text === undefined) return s;
  let setting = await ttySetting(text ?? "");
  if (setting === null || setting === "off") return s;
  let next = await withTtyForcedOff(text ?? "");
  if (fix && next !== null) {
    const { writeFileAtomic } = await import("../io/fs-atomic.js");
    await writeFileAtomic(file, next);
    fixed.push({ section: "hooks", action: `switched Codex's command terminal off again: unified_exec_tty = false under [features] in ${rel}` });
    text = await read();
    setting = text === undefined ? null : await ttySetting(text ?? "");
    if (setting === null || setting === "off") return s;
    next = null;
  }
  const what = setting === "on" ? `${rel} turns Codex's command terminal back on ([features] unified_exec_tty = true)` : `${rel} no longer switches Codex's command terminal off (exo's [features] unified_exec_tty = false line is gone)`;
  // An inline [features] table exo does not rewrite: the person's edit is the way.
  const way = next !== null ? "exo doctor --fix sets it to false again" : `set unified_exec_tty = false under [features] in ${rel}`;
  const message = `${what}: a program Codex starts on a terminal reads what write_stdin types, which no hook judges (vim's :!cmd, less's !cmd); ${way} (keep it on only if you accept that)`;
  const details = { ...s.details, codex_tty: setting };
  const hint = next !== null ? { hint: "exo doctor --fix --section hooks" } : {};
  if (s.status === "pass") return { name: "hooks", status: "warn", message, ...hint, fixable: next !== null, details };
  return { ...s, message: `${s.message}; ${message}`, fixable: s.fixable || next !== null, details };
}

/** A guard file whose holder was a process on this host that no longer exists. */
async function deadHolder(file: string, host: string): Promise<boolean> {
  const { isPidDead } = await import("../io/guard.js");
  try {
    const g = JSON.parse(readRegularTextSync(file)) as { pid?: unknown; host?: unknown };
    return g.host === host && typeof g.pid === "number" && g.pid !== process.pid && isPidDead(g.pid);
  } catch {
    return false; // garbled guards are the state section's
  }
}

/** An orphan gets a parent: the first open intent (or epic, for a task), else an intent to create. */
/** Parent and blocker problems of listed tickets: a missing or wrong-kind parent, a parent cycle, a missing blocker, a blocker cycle. */
async function invalidHierarchy(list: readonly Ticket[], tickets: ReadonlyMap<string, Ticket>): Promise<{ ticket: string; code: string; message: string }[]> {
  const { validateTicket } = await import("../stdlib/tickets/model.js");
  const out: { ticket: string; code: string; message: string }[] = [];
  for (const t of list) {
    const seen = new Set<string>();
    const found = new Set<string>();
    // The allowlist and ceiling may have changed since the ticket was made: only structure counts here.
    for (const i of validateTicket(t, { tickets, allowlist: t.checks, ceiling: null }).issues) {
      if (!["invalid_parent", "ticket_not_found", "blocker_cycle"].includes(i.code) || found.has(`${i.code}:${i.path.split(".")[0]}`)) continue;
      found.add(`${i.code}:${i.path.split(".")[0]}`);
      out.push({ ticket: t.id, code: i.code, message: i.message });
    }
    for (let p = t.parent; p !== null && !seen.has(p); p = tickets.get(p)?.parent ?? null) {
      seen.add(p);
      if (p === t.id) {
        out.push({ ticket: t.id, code: "parent_cycle", message: `its parents lead back to ${t.id}` });
        break;
      }
    }
  }
  return out;
}

function orphanHint(list: readonly { id: string; kind: string; status: string }[], orphan: string): string {
  const open = list.filter((t) => t.kind === "intent" && ["todo", "active"].includes(t.status));
  return open[0] ? `exo ticket-update ${orphan} --parent ${open[0].id}` : 'exo intent-create "<what you want>" --brain-dump "<why, in a sentence>"';
}

/**
 * The step for the first hierarchy problem doctor names. A parent an intent must not have, or a
 * parent chain that leads back to the ticket (only a hand edit or a pull makes them), is removed
 * with --clear-parent: naming another parent cannot help an intent, and closing either ticket of a
 * cycle is refused for the other's open child.
 */
function hierarchyHint(first: { ticket: string; code: string }, tickets: ReadonlyMap<string, Ticket>): string {
  if (first.code === "blocker_cycle") return `exo ticket-update ${first.ticket} --remove-blocker '<ID>'`;
  if (first.code === "parent_cycle" || tickets.get(first.ticket)?.kind === "intent") return `exo ticket-update ${first.ticket} --clear-parent`;
  return `exo ticket-update ${first.ticket} --parent '<ID>'`;
}

/**
 * A plain file where exo keeps a folder: made the folder again, the file kept in cache/quarantine/
 * through quarantineIn (so a file standing at cache/quarantine itself is kept inside the folder
 * made in its place, as every other repair's; before: INTERNAL, EEXIST on mkdir).
 */
async function moveFileAside(file: string): Promise<string | null> {
  const exoDir = dirname(file);
  const aside = join(exoDir, `.${basename(file)}.${process.pid}.aside`);
  let kind: string;
  try {
    // Another doctor --fix may have moved the file and made the folder since this one looked.
    const found = lstatSync(file);
    if (found.isDirectory()) return null;
    // What was there, in words, for the fixed line (a mkfifo is no file).
    kind = specialKind(found) ?? "a file";
    renameSync(file, aside);
  } catch (error) {
    // Another doctor --fix moved it meanwhile: the folder is (being) made there.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  // rename(2) moves a folder too: one another doctor --fix made between the look and the move goes
  // back (or, if a third made another meanwhile, is removed while still empty), never into the
  // quarantine as a second copy of the file.
  if (lstatSync(aside).isDirectory()) {
    try {
      renameSync(aside, file);
    } catch {
      try {
        rmdirSync(aside);
      } catch {
        // not empty: a command wrote into it meanwhile; left beside the folder for doctor to name
      }
    }
    return null;
  }
  mkdirSync(file, { recursive: true });
  const { quarantineIn } = await import("../stdlib/sessions/state-files.js");
  await quarantineIn(join(exoDir, "cache"), aside, new Date(), { relative: (p) => relative(dirname(exoDir), p), name: basename(file) });
  return kind;
}

/**
 * `doctor --fix` runs one at a time per state folder (the guard doctor-fix, SPEC §7.24): two at
 * once each read what the other was repairing (a garbled lock set aside and not yet rebuilt read
 * as an expired one, and the live session was recovered as crashed; hooks checked while the other
 * reinstalled them: DOCTOR_FAILED). The second waits for the first, then finds the state repaired.
 * Without an .exo/ folder (nothing to repair) or a state folder that cannot hold a guard (what
 * this run repairs), it runs unguarded, as before.
 */
export async function doctor(ctx: Context, given: { fix: boolean; section: string[] }) {
  if (!given.fix) return doctorRun(ctx, given);
  const repo = await ctx.repo().catch(() => null);
  if (repo === null || !repo.isInitialised || !existsSync(repo.exoDir)) return doctorRun(ctx, given);
  const { acquireGuard } = await import("../io/guard.js");
  let release: (() => Promise<void>) | null = null;
  let holder: { pid: number; host: string; at: string } | null = null;
  const started = Date.now();
  try {
    // Renewed while held: a --fix longer than a minute (hooks reinstalled, leases fetched) kept
    // the guard's first `at`, so a second run took it over as abandoned and both repaired at once.
    release = await acquireGuard(repo.stateDir, "doctor-fix", { host: ctx.host, timeoutMs: 60_000, renewMs: 15_000, onBusy: (h) => (holder = h) });
  } catch (error) {
    if (error instanceof ExoError && error.code === ErrorCode.LOCK_BUSY) throw new ExoError(ErrorCode.LOCK_BUSY, "Another exo doctor --fix is repairing this repository and has not finished within a minute; run exo doctor once it has.", { hint: "exo doctor", details: error.details ?? {} });
    release = null; // a cache folder that is a file or a link: this run repairs it, unguarded
  }
  try {
    const waitedFor = holder === null ? null : lastFixBy(repo, holder);
    const result = await doctorRun(ctx, given);
    if (release) await recordFix(repo, ctx.host, result.fixed);
    // A run that waited for another --fix finds the state repaired: what that run did is shown
    // with it, or the user sees a clean bill and never learns what was changed (or by whom).
    return waitedFor === null ? result : { ...result, waited: { ms: Date.now() - started, pid: waitedFor.pid, host: waitedFor.host, fixed: waitedFor.fixed } };
  } finally {
    if (release) await release();
  }
}

/**
 * The folder (relative to the work tree) `.exo` links to when it is a symlink to a folder inside
 * the repository through which the files git counts as deleted are all there; else null.
 */
function exoDirLink(repo: Repo, deleted: string[]): string | null {
  if (repo.exoDir !== join(repo.root, ".exo") || !lstatSync(repo.exoDir, { throwIfNoEntry: false })?.isSymbolicLink()) return null;
  let target: string;
  try {
    target = realpathSync(repo.exoDir);
  } catch {
    return null;
  }
  const rel = relative(realpathSync(repo.root), target);
  if (rel === "" || rel.startsWith("..") || rel.includes("/") || !statSync(target).isDirectory()) return null;
  return deleted.every((f) => existsSync(join(repo.root, f))) ? rel : null;
}

/** Where each guarded doctor --fix leaves what it repaired, for a second run that waited on it. */
const lastFixFile = (repo: Repo) => join(repo.cacheDir, "doctor-fix.json");

async function recordFix(repo: Repo, host: string, fixed: { section: string; action: string }[]): Promise<void> {
  const { writeJsonAtomic } = await import("../io/fs-atomic.js");
  await writeJsonAtomic(lastFixFile(repo), { pid: process.pid, host, at: new Date().toISOString(), fixed }).catch(() => undefined);
}

/** What the --fix run that held the guard (`holder`) repaired, once it has given the guard back. */
function lastFixBy(repo: Repo, holder: { pid: number; host: string; at: string }): { pid: number; host: string; fixed: { section: string; action: string }[] } {
  try {
    const text = readRegularTextSync(lastFixFile(repo), 1024 * 1024);
    const last = JSON.parse(text ?? "null") as { pid?: unknown; host?: unknown; at?: unknown; fixed?: unknown } | null;
    const fixed = Array.isArray(last?.fixed) ? (last.fixed as unknown[]).filter((f): f is { section: string; action: string } => typeof (f as { action?: unknown })?.action === "string" && typeof (f as { section?: unknown })?.section === "string") : [];
    if (last?.pid === holder.pid && last.host === holder.host && typeof last.at === "string" && !(Date.parse(last.at) < Date.parse(holder.at))) return { pid: holder.pid, host: holder.host, fixed };
  } catch {
    // no record (the other run died, or was killed): only that it ran is known
  }
  return { pid: holder.pid, host: holder.host, fixed: [] };
}

/**
 * Puts back HEAD's copy of `rel` (a path in the work tree) where a repair removed what stood
 * there; with `type`, only when HEAD has that kind of entry (io/git's headEntry: a "blob" is a file
 * or a symlink, a "tree" a folder). True when git restored it.
 */
async function restoreFromHead(repo: Repo, rel: string, type?: "blob" | "tree"): Promise<boolean> {
  if (type !== undefined) {
    const entry = await headEntry(repo.root, rel);
    if (type === "tree" ? entry !== "folder" : entry !== "file" && entry !== "link") return false;
  }
  return (await gitRaw(repo.root, ["checkout", "HEAD", "--", rel])).code === 0;
}

/** doctor's git_tracking line for folders where git has a committed file. */
function folderMessage(folders: readonly string[]): string {
  const [it, holds] = folders.length === 1 ? ["it", "it holds"] : ["them", "they hold"];
  const named = `${folders.slice(0, 3).join(", ")}${folders.length > 3 ? ", …" : ""}`;
  return `${named} ${folders.length === 1 ? "is a folder" : "are folders"} where git has a committed file (git checkout over ${it} would delete what ${holds}); exo doctor --fix moves ${it} to .exo/cache/quarantine (what ${holds} is kept) and restores git's copy`;
}

/** The governance files exo reads through readGovernedTextOrNull: config, constitution, lock, seal, features, requirements. */
function governedSources(repo: Repo): string[] {
  return [repo.configFile, repo.constitutionFile, repo.lockFile, repo.sealFile, repo.featuresFile, repo.requirementsFile];
}

/** Where `file` links to when it is a symlink to a regular file outside the repository (which exo never reads through); else null. */
async function linkedOut(repo: Repo, file: string): Promise<string | null> {
  if (!lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() || !statOrNull(file)?.isFile()) return null;
  return readGovernedTextOrNull(file, [repo.mainRoot, repo.root]).then(
    () => null,
    (error: unknown) => (error instanceof ExoError && error.details["reason"] === "symlink_outside" ? String(error.details["target"]) : null),
  );
}

/**
 * The config section for a governance file linked out of the repository by hand (no pull brings
 * that: HEAD has the file itself): named, and --fix removes the link and checks git's copy out.
 * A link HEAD has too keeps the reader's advice (git log finds the commit). Null when no file is.
 */
async function linkedOutSource(repo: Repo): Promise<Section | null> {
  for (const file of governedSources(repo)) {
    const target = await linkedOut(repo, file);
    if (target === null) continue;
    const rel = relative(repo.root, file);
    const head = await headEntry(repo.root, rel);
    const message = `${rel} is a symlink to ${target}, outside the repository${head === "file" ? ", where git has the file itself" : ""}; exo does not read through it`;
    const details = { linked_out: rel, target };
    if (head === "file") return { name: "config", status: "fail", message: `${message}: exo doctor --fix removes the link (its target is left alone) and checks git's copy out`, hint: "exo doctor --fix --section config", fixable: true, details };
    if (head === "link") return { name: "config", status: "fail", message: `${message}; HEAD has it as a symlink too: find the commit that made it one and restore the file from before it`, hint: shellLine(["git", "log", "--oneline", "--", rel]), fixable: false, details };
    return { name: "config", status: "fail", message: `${message}; git has no copy: put a copy of the target in its place`, hint: `${shellLine(["rm", "--", rel])} && ${shellLine(["cp", "--", target, rel])}`, fixable: false, details };
  }
  return null;
}

/**
 * doctor --fix: a ticket file zeroed by a crash or a power cut (NUL bytes only: nothing in it to
 * keep) gets git's copy, and a session of this clone working on the ticket gets it back active, as
 * its start left it (paused, as its suspend left it, for a suspended one). Before, the hint's git
 * checkout gave the ticket back as committed (todo), and that session's finish then refused it
 * (INVALID_TRANSITION). What was done, for `fixed`.
 */
async function restoreZeroedTickets(repo: Repo, who: { actor: string; host: string; now: Date }): Promise<{ section: string; action: string }[]> {
  const zeroed = (await listTickets(repo)).problems.filter(isZeroedIssue).map((p) => p.file);
  const done: { section: string; action: string }[] = [];
  if (zeroed.length === 0) return done;
  // (A session in another work tree made its own copy of the ticket active, not this one.)
  const open = (await listSessions(repo)).filter((x) => (x.status === "active" || x.status === "suspended") && x.worktree === repo.root);
  for (const rel of zeroed) {
    const path = join(repo.ticketsDir, basename(rel));
    if (!/^\0+$/.test((await readTextOrNull(path)) ?? "")) continue; // repaired meanwhile
    if (!(await restoreFromHead(repo, relative(repo.root, path), "blob"))) continue;
    const session = open.find((x) => `${x.ticket}.yaml` === basename(rel));
    let again = "";
    if (session) {
      const by = { ...who, session: session.id };
      // A suspended session's ticket is paused, as its suspend left it (before, it came back as
      // committed, todo: listed as free work under a session that still holds it). HEAD's copy
      // has what was committed: the moves since are made again, each one of §4.5.3's.
      const suspended = session.status === "suspended";
      const { status } = await readTicket(repo, session.ticket);
      if (status !== (suspended ? "paused" : "active")) {
        await setTicketStatus(repo, by, session.ticket, "active", "session_start", "session-start", (t) => {
          t.branch = session.branch;
        });
        if (suspended) await setTicketStatus(repo, by, session.ticket, "paused", session.suspend_reason ?? "session_suspend", "session-suspend");
      }
      again = suspended ? `, paused again for ${session.id} as its suspend left it` : `, active again for ${session.id} as its start left it`;
    }
    done.push({ section: "tickets", action: `restored ${rel} (NUL bytes only: a crash zeroed it) from git (HEAD)${again}` });
  }
  return done;
}

async function doctorRun(ctx: Context, given: { fix: boolean; section: string[] }) {
  const outside: string[] = [];
  const asideFiles: string[] = [];
  const asideKinds = new Map<string, string>();
  const specials: string[] = [];
  const restoredLinks: string[] = [];
  let repo: Repo | null = null;
  while (repo === null) {
    try {
      repo = await ctx.repo();
    } catch (error) {
      // .exo/cache, logs or traces a symlink out of the repository: every command refuses it
      // (STATE_CORRUPT); --fix replaces the link with an empty folder (the target is left alone).
      const file = (error as { notFolderPath?: unknown }).notFolderPath;
      if (given.fix && typeof file === "string" && !asideFiles.includes(file) && asideFiles.length < EXO_FOLDERS.size) {
        const kind = await moveFileAside(file);
        if (kind !== null) {
          asideFiles.push(file);
          asideKinds.set(file, kind);
        }
        else if (existsSync(file) && !statSync(file).isDirectory()) throw error;
        continue;
      }
      // A pipe at .exo/.gitignore or .gitattributes (git waits on it): removed; exo's file comes
      // back from HEAD below, else from the scaffold section.
      const special = (error as { specialPath?: unknown }).specialPath;
      if (given.fix && typeof special === "string" && !specials.includes(special) && specials.length < 6) {
        // Gone meanwhile: another --fix removed it first (the doctor-fix guard is taken later).
        try {
          unlinkSync(special);
        } catch (unlinkError) {
          if ((unlinkError as NodeJS.ErrnoException).code !== "ENOENT") throw unlinkError;
        }
        specials.push(special);
        continue;
      }
      const link = (error as { linkPath?: unknown }).linkPath;
      if (!given.fix || typeof link !== "string" || outside.includes(link) || restoredLinks.includes(link) || outside.length + restoredLinks.length >= EXO_FOLDERS.size) throw error;
      // Gone meanwhile: another --fix (unguarded here: no repository yet) replaced it first.
      try {
        unlinkSync(link);
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== "ENOENT") throw unlinkError;
      }
      mkdirSync(link, { recursive: true });
      if ((error as { restoreFromGit?: unknown }).restoreFromGit === true) restoredLinks.push(link);
      else outside.push(link);
    }
  }
  // Before `exo install` there is nothing to repair: --fix would only half-install (folders,
  // adapters, hooks without governance). Every section reports, and the hint is exo install. An
  // interrupted install is the exception: the install section completes it first.
  const isInstalled = () => [repo.exoDir, repo.constitutionFile, repo.configFile].every((f) => existsSync(f));
  const input = { ...given, fix: given.fix && isInstalled() };
  const sections: Section[] = [];
  const fixed: { section: string; action: string }[] = [];
  const want = (n: string) => input.section.length === 0 || input.section.includes(n);
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now() };
  for (const file of asideFiles) {
    const rel = repo.relative(file);
    // A committed folder (tickets, ledger, …) comes back as HEAD has it.
    const restored = await restoreFromHead(repo, rel, "tree");
    fixed.push({ section: "state", action: `moved ${rel} (${asideKinds.get(file) ?? "a file"}, not a folder) into ${repo.relative(join(repo.stateDir, "cache", "quarantine"))}/ and made the folder${restored ? "; restored it from git (HEAD)" : ""}` });
  }
  for (const file of specials) {
    // git's own files (.git/info/exclude, attributes) are in no commit: removed, and that is all.
    const inTree = !relative(repo.root, file).startsWith("..") && !file.startsWith(`${repo.commonDir}/`);
    const rel = relative(repo.mainRoot, file) || file;
    const treeRel = relative(repo.root, file);
    const restored = inTree && (await restoreFromHead(repo, treeRel));
    const exoOwn = inTree && relative(repo.exoDir, file) === basename(file);
    fixed.push({ section: "state", action: `removed ${rel} (a pipe, socket or device, which git waits on)${restored ? "; restored it from git (HEAD)" : exoOwn ? "; the scaffold section writes exo's file again" : ""}` });
  }
  // A governance file (config, constitution, lock, seal) that is a folder, a pipe, a socket, a
  // device or a link to one (a hand's mkdir or mkfifo, a bad sync): every command, doctor and
  // --fix too, failed on it as a whole. git has it: the folder goes to the quarantine, the rest is
  // removed, and HEAD's copy is checked out. A link out of the repository to a copy (a hand, a
  // dotfiles tool) where HEAD has the file itself is removed the same way, its target left alone
  // (before: doctor and --fix failed on it as a whole, STATE_CORRUPT).
  if (input.fix) {
    for (const file of governedSources(repo)) {
      const info = lstatSync(file, { throwIfNoEntry: false });
      const rel = relative(repo.root, file);
      if (!info || info.isFile()) continue;
      const target = await linkedOut(repo, file);
      if (info.isSymbolicLink() && statOrNull(file)?.isFile() && target === null) continue;
      // HEAD asked once: a link out comes back only where git has the file itself, the rest where it has any blob.
      const head = await headEntry(repo.root, rel);
      if (target !== null ? head !== "file" : head !== "file" && head !== "link") continue;
      const kind = info.isDirectory() ? "a folder" : target !== null ? `a symlink to ${target}, outside the repository; the link's target was left alone` : info.isSymbolicLink() ? "a symlink to no file" : "a pipe, socket or device";
      let kept = "";
      if (info.isDirectory()) {
        const { quarantine } = await import("../stdlib/sessions/state-files.js");
        kept = ` (kept in ${repo.relative(await quarantine(repo, file, who.now))})`;
      } else unlinkSync(file);
      const restored = await restoreFromHead(repo, rel);
      fixed.push({ section: "config", action: `replaced ${rel} (${kind})${kept}${restored ? " with git's copy (HEAD)" : ""}` });
    }
  }
  for (const link of restoredLinks) {
    // A committed folder (tickets, ledger, …) linked to no folder: it comes back as HEAD has it.
    const rel = repo.relative(link);
    const restored = await restoreFromHead(repo, rel, "tree");
    fixed.push({ section: "state", action: `replaced ${rel} (a symlink to no folder, outside the repository) with a real folder${restored ? "; restored it from git (HEAD)" : ""} (the link's target was left alone)` });
  }
  if (outside.length > 0) fixed.push({ section: "state", action: `replaced ${plural(outside.length, "symlink")} out of the repository with empty folders (the link targets were left alone): ${outside.map((l) => repo.relative(l)).join(", ")}` });
  // Symlinks below .exo/cache, logs, traces stop every write there (STATE_CORRUPT): replaced
  // first, so the repairs below can take their guards and write their records.
  if (given.fix && want("state")) {
    const { findStateLinks, replaceStateLinks } = await import("../io/state-links.js");
    const replaced = replaceStateLinks(findStateLinks(repo.stateDir));
    if (replaced.length > 0) fixed.push({ section: "state", action: `replaced ${plural(replaced.length, "symlink")} below ${repo.relative(repo.stateDir) || ".exo"} with real folders (the link targets were left alone): ${replaced.map((l) => repo.relative(l)).join(", ")}` });
  }
  // A file where a folder below cache/ goes (guards: every repair below takes a guard): moved first.
  if (given.fix && want("state")) {
    const { cacheFilesNotFolders, cacheFolderWhy } = await import("./health-state.js");
    const { quarantine } = await import("../stdlib/sessions/state-files.js");
    for (const path of await cacheFilesNotFolders(repo)) {
      // Gone meanwhile: another repair moved it first.
      const moved = await quarantine(repo, path, who.now).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      });
      mkdirSync(path, { recursive: true });
      if (moved) fixed.push({ section: "state", action: `moved ${repo.relative(path)} (not a folder; ${cacheFolderWhy(repo, path)}) to ${repo.relative(moved)} and made the folder` });
    }
  }
  // environment
  if (want("environment")) {
    const node = Number(process.versions.node.split(".")[0]);
    const v = /(\d+)\.(\d+)/.exec((await gitRaw(repo.root, ["version"])).stdout) ?? [];
    const gitOk = Number(v[1]) > 2 || (Number(v[1]) === 2 && Number(v[2]) >= 30);
    sections.push({ name: "environment", status: node >= 20 && gitOk ? "pass" : "fail", message: `node ${process.versions.node}, git ${v[1]}.${v[2]}`, fixable: false, details: {} });
  }
  // An install killed half-way (issue #18): completed first, so the sections below see its result.
  if (want("install") || want("git_index")) {
    const { installSection, gitIndexSection } = await import("./health-install.js");
    for (const r of [...(want("git_index") ? [await gitIndexSection(repo, given.fix)] : []), ...(want("install") ? [await installSection(ctx, repo, given.fix)] : [])]) {
      sections.push(r.section);
      for (const action of r.fixed) fixed.push({ section: r.section.name, action });
    }
  }
  // A governance source or lock deleted by hand while git has it at HEAD: git's copy is the repair.
  // (Composing a fresh lock instead would not be the committed one, and read as tampering.)
  const gone = [repo.constitutionFile, repo.configFile, repo.lockFile].filter((f) => !existsSync(f)).map((f) => repo.relative(f));
  const { committedAtHead } = await import("./health-integrity.js");
  const restorable = existsSync(repo.exoDir) && gone.length > 0 ? await committedAtHead(repo, gone) : [];
  // More of .exo/ deleted (the folder, tickets, ledger): git's copy of every deleted file, not a fresh install.
  let lost = existsSync(repo.configFile) ? null : await import("./not-initialized.js").then((m) => m.deletedGovernance(repo));
  if (lost?.deleted.every((f) => restorable.includes(f))) lost = null;
  if (given.fix && want("scaffold") && lost) {
    const r = await gitRaw(repo.root, ["checkout", "HEAD", "--", ...lost.paths]);
    if (r.code === 0) {
      fixed.push({ section: "scaffold", action: `restored ${plural(lost.deleted.length, "deleted file")} of ${repo.relative(repo.exoDir)}/ from git (HEAD)` });
      lost = null;
    }
  } else if (given.fix && want("scaffold") && restorable.length > 0) {
    const r = await gitRaw(repo.root, ["checkout", "HEAD", "--", ...restorable]);
    if (r.code === 0) fixed.push({ section: "scaffold", action: `restored ${restorable.join(", ")} from git (HEAD)` });
  }
  input.fix = given.fix && isInstalled();
  const installed = isInstalled();
  // scaffold
  const missing = [repo.exoDir, repo.constitutionFile, repo.configFile, repo.lockFile].filter((f) => !existsSync(f)).map((f) => repo.relative(f));
  // .exo gone from a repository that keeps it on the sidecar branch: sidecar-init checks it out
  // again, as status says (before: hint exo install, a second governance on the app branch).
  const absent = missing.includes(repo.relative(repo.exoDir)) ? await import("./not-initialized.js").then((m) => m.notInitialized(repo)) : null;
  const sidecarGone = absent?.details["sidecar"] === true ? absent : null;
  if (want("scaffold")) {
    const gi = await readTextOrNull(repo.gitignoreFile);
    // An attributes file from before exo set '* -text' (or one a teammate edited).
    const ga = await readTextOrNull(join(repo.exoDir, ".gitattributes"));
    let unknown: string[] = [];
    try {
      // .git: in sidecar mode (exo sidecar-init) .exo/ is a worktree of exo-governance, and its
      // .git file is what makes it one (before: a warning at every doctor after sidecar-init).
      const known = new Set([".git", ".gitignore", ".gitattributes", "constitution.yaml", "config.yaml", "features.yaml", "requirements.yaml", "governance.lock.json", "policy.sealed.json", "generated.json", "bin", "tickets", "mementos", "handoffs", "learnings", "ledger", "sessions", "locks", "cache", "logs", "traces"]);
      unknown = (await readdir(repo.exoDir)).filter((n) => !known.has(n));
    } catch {
      unknown = [];
    }
    let s: Section;
    const fromGit = missing.length > 0 && missing.every((f) => restorable.includes(f));
    const sparseOn = missing.length === 0 && repo.gitDir !== null && existsSync(join(repo.gitDir, "info", "sparse-checkout"));
    const sparse = sparseOn ? await import("./not-initialized.js").then((m) => m.sparseExoFolders(repo)) : null;
    const unaddable = sparseOn && !sparse ? await import("./not-initialized.js").then((m) => m.sparseExoUnaddable(repo)) : null;
    if (sparse) s = { name: "scaffold", status: "fail", message: sparse.message, ...(sparse.hint ? { hint: sparse.hint } : {}), fixable: false, details: sparse.details };
    else if (sidecarGone) s = { name: "scaffold", status: "fail", message: sidecarGone.message.replace(/\.$/, ""), ...(sidecarGone.hint ? { hint: sidecarGone.hint } : {}), fixable: false, details: { missing, sidecar: true } };
    else if (unaddable) s = { name: "scaffold", status: "fail", message: unaddable.message, hint: unaddable.hint, fixable: false, details: unaddable.details };
    else if (missing.length > 0) s = { name: "scaffold", status: "fail", message: `missing ${missing.join(", ")}${fromGit ? ` (git has ${missing.length === 1 ? "it" : "them"} at HEAD)` : ""}`, hint: installed || fromGit || lost ? "exo doctor --fix" : "exo install", fixable: installed || fromGit, details: { missing } };
    else if (zeroedFile(join(repo.exoDir, ".gitattributes")))
      // A crash zeroed it: --fix put '* -text' before the NUL bytes and said "commit it" (the ticket
      // merge driver's line was gone, and git_tracking blamed an overriding attributes file).
      s = { name: "scaffold", status: "fail", message: ".exo/.gitattributes is NUL bytes only (a crash or a power cut zeroed it): git converts line ends of exo's files and merges tickets as plain text; --fix restores git's copy (exo's own where git has none)", hint: "exo doctor --fix --section scaffold", fixable: true, details: { unknown } };
    else if (ga !== null && !NO_EOL_CONVERSION.test(ga))
      s = { name: "scaffold", status: "warn", message: ".exo/.gitattributes lets git convert line ends of exo's files (core.autocrlf turns the ledger's LF into CR LF and it stops verifying); --fix adds '* -text' to it (commit it)", hint: "exo doctor --fix --section scaffold", fixable: true, details: { unknown } };
    // One from before exo unset filters: a project's `*.jsonl filter=lfs` would commit a pointer
    // for each ledger segment (ledger-verify fails after the first finish).
    else if (ga !== null && !NO_FILTER.test(ga))
      s = { name: "scaffold", status: "warn", message: ".exo/.gitattributes lets the project's git filters (git-lfs for *.jsonl, say) store exo's files as they change them, and the ledger then stops verifying; --fix adds '* -filter' to it (commit it)", hint: "exo doctor --fix --section scaffold", fixable: true, details: { unknown } };
    else if (gi !== EXO_GITIGNORE || unknown.length > 0) s = { name: "scaffold", status: "warn", message: gi !== EXO_GITIGNORE ? ".exo/.gitignore differs from the standard one" : `unknown files in .exo/: ${unknown.join(", ")}`, ...(gi !== EXO_GITIGNORE ? { hint: "exo doctor --fix" } : {}), fixable: gi !== EXO_GITIGNORE, details: { unknown } };
    else s = { name: "scaffold", status: "pass", message: ".exo/ complete", fixable: false, details: {} };
    if (lost && s.status === "fail") s = { ...s, message: `${s.message} (git has ${repo.relative(repo.exoDir)}/ at HEAD: --fix checks it out)` };
    if (input.fix && s.fixable) {
      const { writeFileAtomic } = await import("../io/fs-atomic.js");
      const attributesFile = join(repo.exoDir, ".gitattributes");
      const zeroedAttributes = zeroedFile(attributesFile);
      if (zeroedAttributes) {
        const back = await restoreFromHead(repo, repo.relative(attributesFile), "blob");
        if (!back) await writeFileAtomic(attributesFile, (await import("../stdlib/git/team.js")).EXO_GITATTRIBUTES);
        fixed.push({ section: "scaffold", action: `${back ? "restored .exo/.gitattributes from git (HEAD)" : "wrote exo's .exo/.gitattributes again (commit it)"}: NUL bytes only, a crash zeroed it` });
      }
      const { created } = await scaffoldFiles(repo);
      const gitignoreRewritten = (await readTextOrNull(repo.gitignoreFile)) !== EXO_GITIGNORE;
      if (gitignoreRewritten) await writeFileAtomic(repo.gitignoreFile, EXO_GITIGNORE);
      const attributes = await readTextOrNull(join(repo.exoDir, ".gitattributes"));
      const noText = attributes !== null && !NO_EOL_CONVERSION.test(attributes);
      const noFilter = attributes !== null && !NO_FILTER.test(attributes);
      const added = [...(noText ? ["* -text"] : []), ...(noFilter ? ["* -filter"] : [])];
      if (added.length > 0) await writeFileAtomic(join(repo.exoDir, ".gitattributes"), `# exo: files stay byte for byte as exo wrote them (ledger hashes, source hashes): no CR LF conversion, no filter (git-lfs)\n${added.join("\n")}\n${attributes}`);
      if (!existsSync(repo.lockFile)) await compose(repo, { ...who, reason: "repair" }).catch(() => null);
      if (added.length > 0) fixed.push({ section: "scaffold", action: `added ${added.map((l) => `'${l}'`).join(" and ")} to .exo/.gitattributes (commit it)` });
      if (gitignoreRewritten) fixed.push({ section: "scaffold", action: "wrote the standard .exo/.gitignore (commit it)" });
      if ((added.length === 0 && !zeroedAttributes && !gitignoreRewritten) || created.length > 0) fixed.push({ section: "scaffold", action: `created ${created.join(", ") || ".exo/ folders"}` });
      // Files exo does not know stay (SPEC §3.1), and so does their warning (§7.22): the repair
      // leaves the section at warn, as doctor without --fix then says (before: pass, "repaired").
      s = unknown.length > 0 ? { name: s.name, status: "warn", message: `repaired; unknown files in .exo/: ${unknown.join(", ")}`, fixable: false, details: s.details } : { ...s, status: "pass", message: "repaired" };
    }
    sections.push(s);
  }
  const initialised = existsSync(repo.configFile);
  let config: Config | null = null;
  // Invalid sources (config, constitution): repairs that recompose (the hooks' reinstall) would write
  // their files and then fail, leaving them unsealed; they wait until the sources are fixed.
  const sourceIssues = initialised ? await readSourceTexts(repo).then((t) => parseSources(t).issues, () => null) : null;
  const sourcesValid = sourceIssues !== null && !sourceIssues.some((i) => i.severity === "error");
  const linkedSection = initialised ? await linkedOutSource(repo) : null;
  if (want("config")) {
    if (!initialised) sections.push({ name: "config", status: "fail", message: "no config.yaml", hint: sidecarGone?.hint ?? (lost ? "exo doctor --fix" : "exo install"), fixable: false, details: {} });
    else if (linkedSection) sections.push(linkedSection);
    else {
      const issues = sourceIssues ?? parseSources(await readSourceTexts(repo)).issues;
      const errors = issues.filter((i) => i.severity === "error");
      sections.push({ name: "config", status: errors.length ? "fail" : issues.length ? "warn" : "pass", message: errors.length ? `${plural(errors.length, "problem")}; first: ${errors[0]?.message}` : issues.length ? `${plural(issues.length, "warning")}` : "valid", hint: errors.length ? sourceIssueHint(errors[0]) : undefined, fixable: false, details: { issues } } as Section);
    }
  }
  try {
    config = initialised ? await loadConfig(repo) : null;
  } catch {
    config = null;
  }
  // The governance's state as this run leaves it (null: not looked at).
  let governance: string | null = null;
  // A governance file linked out is never read: the sections built on it wait for the config section's repair.
  const unread = (name: string): Section => ({ name, status: "skip", message: `not read: ${String(linkedSection?.details["linked_out"])} is linked out of the repository (see config)`, fixable: false, details: {} });
  if (want("governance") && initialised && linkedSection) sections.push(unread("governance"));
  else if (want("governance") && initialised) {
    let s = await governanceSection(repo);
    governance = String(s.details["status"]);
    if (s.details["status"] === "stale") s = { ...s, status: "warn" };
    if (input.fix && s.fixable) {
      try {
        const r = await compose(repo, { ...who, reason: "repair" });
        fixed.push({ section: "governance", action: `recomposed lock v${r.version}` });
        s = { ...s, status: "pass", message: `recomposed lock v${r.version}` };
        governance = "valid";
      } catch {
        // sources invalid: the config section says why
      }
    }
    sections.push(s);
  }
  // Regenerating adapters reads the sealed policy, and reinstalling hooks recomposes: with a
  // tampered or missing lock the hooks' reinstall fails after its files are written (left
  // unsealed); exo compose --repair, the governance section's hint, comes first.
  const recomposable = async () => ["valid", "stale"].includes(governance ?? (await inspectGovernance(repo).then((v) => v.status, () => "unknown")));
  if (want("adapters") && initialised && linkedSection) sections.push(unread("adapters"));
  else if (want("adapters") && initialised && config) {
    let s = await adaptersSection(repo);
    if (input.fix && s.status === "warn" && s.fixable && (await recomposable())) {
      const targets = ((s.details["targets"] as { target: string; status: string }[]) ?? []).filter((t) => t.status !== "edited" && t.status !== "fresh").map((t) => t.target);
      if (targets.length > 0) {
        await generateAdapters(repo, { targets: targets as never, dryRun: false, check: false, force: false });
        fixed.push({ section: "adapters", action: `regenerated ${targets.join(", ")}` });
      }
      const mcp = s.details["mcp_harnesses"] as string[] | undefined;
      if (mcp && mcp.length > 0) {
        const r = await (await import("../stdlib/mcp-config/store.js")).registerMcp(repo, mcp, { dryRun: false });
        fixed.push({ section: "adapters", action: `brought exo's MCP registration up to date: ${r.changed.join(", ")}` });
      }
      s = await adaptersSection(repo);
    }
    sections.push(s);
  }
  if (want("hooks") && initialised && linkedSection) sections.push(unread("hooks"));
  else if (want("hooks") && initialised) {
    // Kill switches first (issue #18): disableAllHooks, a core.hooksPath that is no folder.
    const fixHooks = input.fix && sourcesValid && (await recomposable());
    const hooks = (await killSwitchSection(ctx, repo, input.fix, who, fixed)) ?? (await hooksRepairSection(ctx, repo, fixHooks, who, fixed));
    sections.push(await withCodexTty(repo, hooks, input.fix, fixed));
  }
  // git's index corrupt (the git_index section names it): git_tracking would read every committed
  // file as untracked and offer git add, which fails the same way.
  const indexCorrupt = want("git_tracking") && initialised && (await (await import("./health-install.js")).indexIsCorrupt(repo));
  // HEAD's branch ref zeroed by a crash: every commit fails on it ("reference broken"); its reflog
  // names the commit it was at, which --fix points it at again.
  const { brokenBranch, brokenBranchAdvice } = await import("../stdlib/git/facts.js");
  let broken = want("git_tracking") && initialised && !indexCorrupt ? await brokenBranch(repo.root) : null;
  if (broken?.commit && input.fix) {
    const { ref, file, commit } = broken;
    await rm(file, { force: true }); // git update-ref refuses a broken ref: its file goes first
    if ((await gitRaw(repo.root, ["update-ref", ref, commit])).code === 0) {
      fixed.push({ section: "git_tracking", action: `pointed ${ref} at ${commit.slice(0, 12)} again, its reflog's last commit (the ref file was broken)` });
      broken = null;
    }
  }
  if (indexCorrupt) sections.push({ name: "git_tracking", status: "skip", message: "not read: git's index is corrupt (see git_index)", fixable: false, details: {} });
  else if (broken) {
    const advice = brokenBranchAdvice(broken, repo.root);
    sections.push({ name: "git_tracking", status: "fail", message: `${advice.message}${broken.commit ? " (exo doctor --fix does it)" : ""}`, hint: broken.commit ? "exo doctor --fix --section git_tracking" : advice.hint, fixable: broken.commit !== null, details: { ref: broken.ref, commit: broken.commit } });
  } else if (want("git_tracking") && initialised) {
    // Sidecar mode: .exo/ is its own worktree (branch exo-governance); tracking is checked there.
    const { governanceCheckout } = await import("../stdlib/git/sidecar.js");
    const { sidecar, base, rel: gitPath } = governanceCheckout(repo);
    const rel = [repo.constitutionFile, repo.configFile, repo.lockFile, repo.sealFile].map(gitPath);
    const tracked = (await gitRaw(base, ["ls-files", "--", ...rel])).stdout.split("\n").filter(Boolean);
    const untracked = rel.filter((r) => existsSync(join(base, r)) && !tracked.includes(r));
    const statusLines = (await gitRaw(base, ["status", "--porcelain", "--untracked-files=no", "--no-renames", "--", sidecar ? "." : repo.relative(repo.exoDir)])).stdout.split("\n").filter(Boolean);
    // A governance file linked out of the repository is the config section's (committing it would
    // commit the link).
    // So is a file a crash zeroed (NUL bytes only): its own section repairs it (tickets, state, ledger).
    // And a ticket that no longer parses (a hand edit gone wrong, an id edited): the commit gave the
    // team a ticket no exo reads; the tickets section names it.
    const tickets = `${gitPath(join(repo.exoDir, "tickets"))}/`;
    const ticketFile = (f: string) => f.startsWith(tickets) && f.endsWith(".yaml") && !f.slice(tickets.length).includes("/");
    // So is a governance source that does not parse or validate (config.yaml with a key twice after
    // a hand merge): the config section names it.
    const unreadTickets = statusLines.some((l) => ticketFile(l.slice(3))) ? new Set((await listTickets(repo)).problems.map((p) => gitPath(join(repo.root, p.file)))) : new Set<string>();
    const invalidSources = new Set((sourceIssues ?? []).flatMap((i) => (i.severity === "error" && i.file ? [gitPath(join(repo.root, i.file))] : [])));
    let dirty = statusLines.map((l) => l.slice(3)).filter((f) => (sidecar || f !== linkedSection?.details["linked_out"]) && !zeroedFile(join(base, f)) && !unreadTickets.has(f) && !invalidSources.has(f));
    // Committed files deleted by hand (tickets, a ledger segment): committing "the changes" would
    // delete them for the whole team; git's copy is the way back.
    let deleted = statusLines.filter((l) => l[0] === "D" || l[1] === "D").map((l) => l.slice(3));
    // A handoff record the open session on its ticket consumed at its start: its finish commits
    // the removal (restoring it would hand the same context to the next start again).
    const handoffOf = (f: string) => /^\.exo\/handoffs\/([^/]+)\.json$/.exec(f)?.[1];
    // The open sessions, listed once for the two questions below.
    let openListed: SessionRecord[] | null = null;
    const openSessions = async () => (openListed ??= (await listSessions(repo)).filter((x) => x.status === "active" || x.status === "suspended"));
    if (!sidecar && deleted.some((f) => handoffOf(f) !== undefined)) {
      const open = new Set((await openSessions()).map((x) => x.ticket));
      deleted = deleted.filter((f) => !open.has(handoffOf(f) ?? ""));
    }
    // A handoff git's own copy of which does not parse either (a teammate pushed it garbled; --fix
    // set the file aside): restoring it only brings the same file back for --fix to set aside again.
    const unrestorable: string[] = [];
    for (const f of sidecar ? [] : deleted.filter((d) => handoffOf(d) !== undefined)) {
      const { handoffShapeProblem } = await import("../stdlib/sessions/state-files.js");
      const shown = await gitRaw(base, ["show", `HEAD:${f}`]);
      if (shown.code !== 0) continue;
      let problem: string | null;
      try {
        problem = handoffShapeProblem(JSON.parse(shown.stdout), handoffOf(f));
      } catch {
        problem = "not valid JSON";
      }
      if (problem !== null) unrestorable.push(f);
    }
    let restorable = deleted.filter((f) => !unrestorable.includes(f));
    // A folder where git has a committed exo file (a memento, a handoff, a ledger segment: a hand's
    // mkdir -p, a sync tool) reads as deleted, and `git checkout HEAD --` over it deletes what it
    // holds without a word. --fix moves the folder to the quarantine, what it holds and all, and
    // checks git's file out (tickets and governance files are their own sections', round 34).
    const governanceFiles = new Set(rel);
    const isFolder = (f: string) => lstatSync(join(base, f), { throwIfNoEntry: false })?.isDirectory() ?? false;
    let folders = sidecar ? [] : restorable.filter((f) => !governanceFiles.has(f) && !ticketFile(f) && isFolder(f));
    if (input.fix && folders.length > 0) {
      const { quarantine } = await import("../stdlib/sessions/state-files.js");
      for (const f of folders) {
        if (!isFolder(f)) continue; // another --fix moved it
        const moved = await quarantine(repo, join(base, f), ctx.now());
        const back = await restoreFromHead(repo, f);
        fixed.push({ section: "git_tracking", action: `moved ${f} (a folder, not the committed file) to ${repo.relative(moved)}${back ? "; restored the file from git (HEAD)" : ""}` });
      }
      // git's file is back (here or by another --fix): no longer deleted, dirty or a folder.
      const back = new Set(folders.filter((f) => !isFolder(f) && existsSync(join(base, f))));
      const open = (f: string) => !back.has(f);
      [deleted, dirty, restorable] = [deleted.filter(open), dirty.filter(open), restorable.filter(open)];
      folders = folders.filter(isFolder);
    }
    // A committed file no other section repairs (a memento, generated.json) zeroed by a crash or a
    // power cut: git's copy is whole and --fix checks it out. Before, nothing named it (the zeroed
    // file left the commit hint above) and the next finish committed the NUL bytes for the team.
    const sectionsOwn = new Set([...governanceFiles, ...[repo.featuresFile, repo.requirementsFile, repo.gitignoreFile, join(repo.exoDir, ".gitattributes")].map(gitPath)]);
    const ledgerDir = `${gitPath(repo.ledgerDir)}/`;
    const ownSection = (f: string) => sectionsOwn.has(f) || ticketFile(f) || handoffOf(f) !== undefined || f.startsWith(ledgerDir);
    let zeroed = sidecar ? [] : statusLines.map((l) => l.slice(3)).filter((f) => !ownSection(f) && zeroedFile(join(base, f)));
    if (input.fix && zeroed.length > 0) {
      for (const f of zeroed) if (zeroedFile(join(base, f)) && (await restoreFromHead(repo, f, "blob"))) fixed.push({ section: "git_tracking", action: `restored ${f} (NUL bytes only: a crash zeroed it) from git (HEAD)` });
      zeroed = zeroed.filter((f) => zeroedFile(join(base, f)));
    }
    // Machine-local state a commit carried (git add -f, an edited .exo/.gitignore): every pull
    // writes one machine's sessions and locks over another's, and git overwrites ignored files.
    const local = EPHEMERAL_DIRS.map((d) => gitPath(join(repo.exoDir, d)));
    const committedLocal = (await gitRaw(base, ["ls-files", "-z", "--", ...local])).stdout.split("\0").filter(Boolean);
    // A merge exo's driver could not do (a teammate's ticket that does not parse, two ids): "commit
    // the changes" would keep this side and drop the teammate's without a word.
    // exo's ticket merge driver: a fresh clone has none until an exo command registers it (--fix
    // registers it and redoes the ticket merges git made as text).
    const remote = config?.git.remote ?? (await loadConfig(repo).catch(() => null))?.git.remote ?? "origin";
    const driver = await (await import("./health-merge.js")).mergeDriverState(repo, base, remote, input.fix);
    for (const action of driver.fixed) fixed.push({ section: "git_tracking", action });
    const driverDetails = driver.gap ? { merge_driver: driver.gap } : {};
    // .exo/.gitattributes zeroed by a crash is the scaffold section's: no line of it overrides.
    const attributesZeroed = zeroedFile(join(repo.exoDir, ".gitattributes"));
    const { unmergedPaths } = await import("../stdlib/git/unmerged.js");
    const unmerged = (await unmergedPaths(base, sidecar ? "." : repo.relative(repo.exoDir))) ?? [];
    // exo's own records (ledger, tickets) changed by `exo next`, session-start and the like while a
    // claim or a session is open: the session's finish commits them (before: a warning with a
    // commit command in the middle of the quick start).
    const records = dirty.length > 0 && deleted.length === 0 && !sidecar && dirty.every((f) => /^\.exo\/(?:ledger|tickets|mementos|handoffs)\//.test(f));
    const inProgress = records
      ? (await openSessions()).length > 0 || (await listLocks(repo, { released: false })).some((l) => l.state === "held" && isLockLive(l, ctx.now()))
      : false;
    let section: Section | null = null;
    // Governance files in the merge: the lock and seal are never merged by hand but recompiled.
    const governed = unmerged.filter((f) => /(^|\/)(constitution\.yaml|config\.yaml|governance\.lock\.json|policy\.sealed\.json)$/.test(f));
    if (governed.length > 0) {
      const sources = governed.filter((f) => f.endsWith(".yaml"));
      // Recompiled already (compose --repair ran): only git's index still calls them unmerged.
      const markers = await Promise.all(governed.map((f) => settled(() => readRegularTextSync(join(base, f))).then((t) => conflictMarkerLine(t) !== null, () => false)));
      const recompiled = sources.length === 0 && !markers.some(Boolean);
      section = {
        name: "git_tracking",
        status: "fail",
        message: recompiled
          ? `unresolved merge of governance files (${governed.join(", ")}) that exo compose --repair has recompiled: git add them (then git commit) concludes the merge`
          : `unresolved merge of governance files (${governed.join(", ")}): ${sources.length > 0 ? `resolve ${sources.join(" and ")} (git mergetool), then ` : ""}run exo compose --repair, which recompiles the lock and seal from HEAD's chain, and git add them — never keep one side of the lock by hand`,
        hint: recompiled ? `git add -- ${governed.join(" ")}` : sources.length > 0 ? `git mergetool -- ${sources[0]}` : "exo compose --repair",
        fixable: false,
        details: { unmerged, governance: governed, ...driverDetails },
      };
    } else if (unmerged.length > 0 && unmerged.every((f) => f === gitPath(join(repo.exoDir, "generated.json")))) {
      // The record of the instruction files exo generated, which both clones regenerated (open
      // intents, learnings): written again from the merged state, never merged by hand (before:
      // git mergetool on content hashes; a commit of the markers read as every file edited).
      const { stoppedOperation } = await import("../stdlib/git/unmerged.js");
      const stopped = stoppedOperation(repo.gitDir);
      const conclude = stopped === "merge" || stopped === null ? "then its next: line git adds and commits them, which concludes the merge" : `then its next: line git adds them and runs git ${stopped} --continue`;
      section = {
        name: "git_tracking",
        status: "fail",
        message: `unresolved merge of ${unmerged[0] as string}, exo's record of the instruction files it generated (CLAUDE.md, AGENTS.md, …), which both sides regenerated: exo adapter-generate --force writes them again from the merged tickets and governance, ${conclude}`,
        hint: "exo adapter-generate --force",
        fixable: false,
        details: { unmerged, ...driverDetails },
      };
    } else if (unmerged.length > 0) {
      const first = unmerged[0] as string;
      section = {
        name: "git_tracking",
        status: "fail",
        message: driver.cause && driver.fixable
          ? `unresolved merge of ${unmerged.slice(0, 3).join(", ")}${unmerged.length > 3 ? ", …" : ""}: ${driver.cause}; exo doctor --fix registers the driver and merges the tickets again with it`
          : `unresolved merge of ${unmerged.slice(0, 3).join(", ")}${unmerged.length > 3 ? ", …" : ""}: ${driver.cause ? `${driver.cause}; ` : ""}compare the sides (git show :2:${first} is this clone's, :3:${first} the other's), keep what belongs, then git add it — committing the file as it is drops the other side's changes`,
        hint: driver.cause && driver.fixable ? "exo doctor --fix --section git_tracking" : `git mergetool -- ${first}`,
        fixable: driver.fixable,
        details: { unmerged, ...driverDetails },
      };
    } else if (committedLocal.length > 0) {
      const shown = `${committedLocal.slice(0, 3).join(", ")}${committedLocal.length > 3 ? ", …" : ""}`;
      const untrack = `git rm -r --cached --quiet -- ${local.join(" ")}`;
      section = {
        name: "git_tracking",
        status: "fail",
        message: `machine-local state is committed (${plural(committedLocal.length, "file")}: ${shown}); a pull writes one machine's sessions and locks over another's — untrack them (each clone keeps its own) and commit`,
        hint: input.fix ? `git commit -m "chore(exo): untrack machine-local state"` : "exo doctor --fix --section git_tracking",
        fixable: true,
        details: { committed_local: committedLocal, command: untrack },
      };
      if (input.fix) {
        const r = await gitRaw(base, ["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", ...local]);
        if (r.code === 0) {
          fixed.push({ section: "git_tracking", action: `untracked ${plural(committedLocal.length, "machine-local file")} (the files stay; commit the removal)` });
          for (const action of await pulledStateAside(ctx, repo, committedLocal.map((f) => join(base, f)))) fixed.push({ section: "git_tracking", action });
          section = { ...section, status: "warn", message: `untracked ${plural(committedLocal.length, "machine-local file")}; commit the removal so teammates' pulls stop carrying them`, fixable: false };
        }
      }
    }
    // exo's hook, MCP and instruction files outside .exo/ in no commit (an install left uncommitted).
    const agentFiles = sidecar ? [] : await (await import("./health-agent-files.js")).uncommittedAgentFiles(repo);
    const agentOutside = agentFiles.filter((f) => !f.startsWith(`${repo.relative(repo.exoDir)}/`));
    // exo's records a rule of the project's ignore files takes in (`*.jsonl`, `.exo/`): no commit
    // takes them, so the team never gets them, and `git add .exo` (the untracked hint) fails on them.
    const { ignoredExoFiles, ignoredMessage } = await import("../stdlib/git/autocommit.js");
    const ignoredExo = await ignoredExoFiles(repo);
    const ownRule = [...ignoredExo.values()].some((rule) => rule.startsWith(`${repo.relative(repo.exoDir)}/.gitignore:`));
    const ignoredSection: Section | null = ignoredExo.size === 0 ? null : { name: "git_tracking", status: "fail", message: ignoredMessage(repo, ignoredExo), ...(ownRule ? { hint: "exo doctor --fix --section scaffold" } : {}), fixable: false, details: { ignored: Object.fromEntries(ignoredExo) } };
    // A merge stopped on conflicts is concluded whole (git refuses a partial commit during it).
    const merging = untracked.length > 0 || dirty.length > 0 ? (await import("../stdlib/git/unmerged.js")).stoppedOperation(repo.gitDir) === "merge" : false;
    // A sidecar whose `.git` link git cannot follow (zeroed, cut short, pointing nowhere): nothing
    // above could be asked of git there, and exo commits nothing in it (before: "not tracked by
    // git: constitution.yaml, …", hint a doctor run).
    const link = sidecar ? await gitRaw(base, ["rev-parse", "--git-dir"]) : null;
    const linkSection: Section | null = link && link.code !== 0
      ? { name: "git_tracking", status: "fail", message: `git cannot follow the .exo sidecar's link, ${repo.relative(join(base, ".git"))} (${link.stderr.trim().split("\n")[0]?.replace(/^fatal: /, "") ?? "no repository"}): exo commits nothing there; exo sidecar-init mends it`, hint: "exo sidecar-init", fixable: false, details: { sidecar_link: repo.relative(join(base, ".git")) } }
      : null;
    let tracking: Section =
      section ?? linkSection ?? ignoredSection ?? (untracked.length > 0
        ? { name: "git_tracking", status: "fail", message: `not tracked by git: ${untracked.join(", ")}${sidecar ? "; exo sidecar-init commits them in the sidecar" : ""}`, hint: sidecar ? "exo sidecar-init" : exoCommitLine([repo.relative(repo.exoDir), ...agentOutside], "chore(exo): governance", merging), fixable: false, details: { untracked } }
        : driver.cause && !attributesZeroed
          ? { name: "git_tracking", status: "warn", message: `${driver.cause}; ${driver.fixable ? "exo doctor --fix registers it" : "remove the overriding line so .exo/.gitattributes applies"}`, ...(driver.fixable ? { hint: "exo doctor --fix --section git_tracking" } : {}), fixable: driver.fixable, details: { ...driverDetails, dirty } }
          : folders.length > 0
            ? { name: "git_tracking", status: "fail", message: folderMessage(folders), hint: "exo doctor --fix --section git_tracking", fixable: true, details: { dirty, deleted, folders } }
          : zeroed.length > 0
            ? { name: "git_tracking", status: "fail", message: `${zeroed.slice(0, 3).join(", ")}${zeroed.length > 3 ? ", …" : ""} ${zeroed.length === 1 ? "is" : "are"} NUL bytes only (a crash or a power cut zeroed ${zeroed.length === 1 ? "it" : "them"}), where git has ${zeroed.length === 1 ? "it" : "them"} whole; exo doctor --fix restores git's copy (a commit would give the team the NUL bytes)`, hint: "exo doctor --fix --section git_tracking", fixable: true, details: { dirty, zeroed } }
          : deleted.length > 0
            ? restorable.length > 0
              ? { name: "git_tracking", status: "warn", message: `${plural(deleted.length, "committed exo file")} ${deleted.length === 1 ? "is" : "are"} deleted from the work tree: ${deleted.slice(0, 3).join(", ")}${deleted.length > 3 ? ", …" : ""}; restore ${deleted.length === 1 ? "it" : "them"} from git (or commit the removal if you meant it)`, hint: shellLine(["git", "checkout", "HEAD", "--", ...restorable]), fixable: false, details: { dirty, deleted, ...(unrestorable.length > 0 ? { unrestorable } : {}) } }
              : { name: "git_tracking", status: "warn", message: `${unrestorable.join(", ")} ${unrestorable.length === 1 ? "is" : "are"} deleted from the work tree and git's copy does not parse either (set aside in cache/quarantine); commit the removal`, hint: `${shellLine(["git", "rm", "-q", "--", ...unrestorable])} && git commit -m "chore(exo): remove unreadable handoff records"`, fixable: false, details: { dirty, deleted, unrestorable } }
          : inProgress
            ? { name: "git_tracking", status: "pass", message: `work in progress: ${dirty.length} exo record file${dirty.length === 1 ? " is" : "s are"} not committed yet (${dirty.slice(0, 2).join(", ")}${dirty.length > 2 ? ", …" : ""}); exo session-finish commits them`, fixable: false, details: { dirty } }
          : dirty.length > 0
            ? { name: "git_tracking", status: "warn", message: `${plural(dirty.length, "committed exo file")} ${dirty.length === 1 ? "has" : "have"} uncommitted changes: ${dirty.slice(0, 3).join(", ")}${dirty.length > 3 ? ", …" : ""}${sidecar ? "; exo sidecar-init commits them in the sidecar" : ""}`, hint: sidecar ? "exo sidecar-init" : exoCommitLine([repo.relative(repo.exoDir)], "chore(exo): governance state", merging), fixable: false, details: { dirty } }
            : { name: "git_tracking", status: "pass", message: "governance files are tracked and committed", fixable: false, details: {} });
    const linked = !sidecar && deleted.length > 0 ? exoDirLink(repo, deleted) : null;
    if (linked !== null) {
      // `.exo` a symlink to a folder in the repository (moved by hand, not with git mv): git does
      // not follow it and sees every committed exo file as deleted. The hint was `git checkout
      // HEAD -- .exo/…`, which replaced the link with a folder of those files only, splitting
      // exo's state in two (sessions, locks and ledger stayed behind in the link's target).
      tracking = { name: "git_tracking", status: "fail", message: `.exo is a symlink to ${linked}, which git does not follow: it sees exo's ${plural(deleted.length, "committed file")} as deleted (git checkout HEAD -- .exo/… would put a folder of those files alone in the link's place); exo doctor --fix moves ${linked} back to .exo (or, if you meant the move, commit it: git add -A .exo ${linked})`, hint: "exo doctor --fix --section git_tracking", fixable: true, details: { dirty, deleted, exo_link: linked } };
      if (input.fix) {
        unlinkSync(repo.exoDir);
        renameSync(join(repo.root, linked), repo.exoDir);
        fixed.push({ section: "git_tracking", action: `moved ${linked} back to .exo (it was behind a symlink git does not follow)` });
        const still = (await gitRaw(base, ["ls-files", "--deleted", "-z", "--", repo.relative(repo.exoDir)])).stdout.split("\0").filter(Boolean);
        tracking = still.length === 0 ? { name: "git_tracking", status: "pass", message: "governance files are tracked and committed", fixable: false, details: {} } : { ...tracking, status: "warn", message: `moved ${linked} back to .exo; ${plural(still.length, "committed exo file")} ${still.length === 1 ? "is" : "are"} still deleted: ${still.slice(0, 3).join(", ")}`, hint: shellLine(["git", "checkout", "HEAD", "--", ...still]), fixable: false, details: { deleted: still } };
      }
    }
    // exo's commits a finish made on a detached HEAD that a checkout then left on no branch: their
    // records, mementos and ticket statuses are in no branch (before: doctor said nothing, and exo
    // next handed the finished ticket out again).
    const left = await (await import("../stdlib/git/detached.js")).leftOnDetachedHead(repo.root, repo.gitDir);
    if (left.length > 0) {
      const shas = left.map((l) => l.commit.slice(0, 12));
      const line = `${left.length === 1 ? `exo's commit ${shas[0] as string} (${left[0]?.subject ?? ""}) was` : `exo's commits ${shas.join(", ")} were`} made on a detached HEAD and ${left.length === 1 ? "is" : "are"} on no branch: ${left.length === 1 ? "its" : "their"} ledger records, mementos and ticket statuses are not in this checkout; take them onto this branch with git cherry-pick ${shas.join(" ")} (or keep them apart: git branch <name> ${shas.at(-1) as string})`;
      tracking = { ...tracking, status: tracking.status === "fail" ? "fail" : "warn", message: tracking.status === "pass" ? line : `${tracking.message}; ${line}`, hint: tracking.hint ?? shellLine(["git", "cherry-pick", ...shas]), details: { ...tracking.details, detached_commits: left } };
    }
    // Changed exo files under .exo/ go in the same commit: exo's pre-commit hook refuses a launcher
    // committed without the settings that run it (the `git add .exo` hint alone was refused).
    const dirtyOnly = !section && untracked.length === 0 && !driver.cause && deleted.length === 0 && !inProgress && dirty.length > 0;
    const agent = (tracking.status === "pass" || dirtyOnly) && left.length === 0 ? (await import("./health-agent-files.js")).agentFilesSection(agentFiles, dirtyOnly ? [repo.relative(repo.exoDir)] : []) : null;
    sections.push(agent ?? tracking);
  }
  if (want("state") && initialised) {
    const { stateSection } = await import("./health-state.js");
    const r = await stateSection(ctx, repo, input.fix);
    sections.push(r.section);
    for (const action of r.fixed) fixed.push({ section: "state", action });
  }
  // Before the integrity section, which then reads the ticket as repaired.
  if (input.fix && want("tickets") && initialised) fixed.push(...(await restoreZeroedTickets(repo, who)));
  if (want("integrity") && initialised) {
    const { integritySection } = await import("./health-integrity.js");
    // Adopting contents changed outside exo is a reviewer's act, asked for by name: a blanket
    // `doctor --fix` (the hint of many errors, run by agents too) never launders a hand edit.
    const adopt = input.fix && given.section.includes("integrity");
    const r = await integritySection(ctx, repo, adopt);
    sections.push(adopt || !r.section.fixable ? r.section : { ...r.section, fixable: false });
    for (const action of r.fixed) fixed.push({ section: "integrity", action });
  }
  if (want("sessions") && initialised && config) {
    // An open session's ticket file that git took away (reset, checkout, stash) comes back first.
    const tg = await import("./ticket-gone.js");
    let gone = await tg.goneTickets(repo, await listSessions(repo));
    if (input.fix && gone.length > 0) {
      for (const action of await tg.restoreGoneTickets(ctx, repo, gone, await listSessions(repo))) fixed.push({ section: "sessions", action });
      gone = await tg.goneTickets(repo, await listSessions(repo));
    }
    // A session of the main worktree before the repository moved works in its new folder.
    if (input.fix) for (const action of await tg.adoptRelocatedSessions(ctx, repo, await listSessions(repo))) fixed.push({ section: "sessions", action });
    if (input.fix) {
      for (const u of await unlinkedWorktrees(repo, await listSessions(repo))) {
        await gitRaw(repo.root, ["worktree", "repair", u.worktree]);
        fixed.push({ section: "sessions", action: `mended the .git file of ${u.worktree}, where session ${u.id} works (git worktree repair)` });
      }
    }
    let s = await sessionsSection(ctx, repo, config, false);
    if (input.fix && s.status !== "pass" && s.fixable) {
      const { cleanupSessions } = await import("./session-cleanup.js");
      const r = await cleanupSessions(ctx, { session_id: [], force: false, ticket_status: "auto", dry_run: false });
      // (none, when each stale session waits on its ticket: before, "recovered " of nothing)
      if (r.recovered.length > 0) fixed.push({ section: "sessions", action: `recovered ${r.recovered.map((x) => x.session).join(", ")}` });
      s = await sessionsSection(ctx, repo, config, false);
    }
    const lostTrees = tg.goneWorktrees(await listSessions(repo));
    if (lostTrees.length > 0) {
      const moved = lostTrees.map((l) => tg.movedWorktree(repo, l));
      const relocated = lostTrees.map((l) => tg.relocatedRoot(repo, l));
      const line = lostTrees.map((l, i) => (moved[i] ? `session ${l.id} worked in ${l.worktree}, which git worktree move took to ${moved[i]} (move it back)` : relocated[i] ? `session ${l.id} worked in ${l.worktree}; the repository is now at ${relocated[i]} (--fix moves the session along)` : `session ${l.id} worked in ${l.worktree}, which is gone`)).join("; ");
      const firstMoved = moved.findIndex((m) => m !== null);
      const lostHint = firstMoved >= 0 ? shellLine(["git", "worktree", "move", moved[firstMoved] as string, lostTrees[firstMoved]?.worktree as string]) : relocated.some((r) => r !== null) ? tg.RELOCATED_HINT : `exo session-cleanup --session-id ${lostTrees[0]?.id ?? "<ID>"} --force`;
      s = { ...s, status: s.status === "fail" ? "fail" : "warn", message: s.status === "pass" ? line : `${s.message}; ${line}`, hint: s.hint ?? lostHint, fixable: s.fixable || relocated.some((r) => r !== null), details: { ...s.details, worktrees_gone: lostTrees.map((l, i) => ({ session: l.id, worktree: l.worktree, ...(moved[i] ? { moved_to: moved[i] } : relocated[i] ? { repository_at: relocated[i] } : {}) })) } };
    }
    const goneLine = tg.goneMessage(repo, gone);
    if (goneLine) {
      const fixable = gone.some((g) => (g.commit !== null && !g.switch_to && !g.deleted_by) || g.recorded !== undefined);
      const back = gone.find((g) => g.switch_to)?.switch_to;
      // A ticket a pulled commit deleted is not restored: its session is ended instead.
      const deleted = gone.find((g) => g.deleted_by)?.session;
      s = { ...s, status: s.status === "fail" ? "fail" : "warn", message: s.status === "pass" ? goneLine : `${s.message}; ${goneLine}`, hint: fixable ? tg.GONE_HINT : back ? shellLine(["git", "switch", back]) : deleted ? `exo session-cleanup --session-id ${deleted} --force` : `exo ticket-create "<title>" --id ${gone[0]?.ticket ?? "<ID>"}`, fixable: fixable || s.fixable, details: { ...s.details, tickets_gone: gone } };
    }
    sections.push(s);
  }
  if (want("ledger") && initialised) {
    const { ledgerTailProblems, repairLedgerTails, crlfSegments, stripCarriageReturns } = await import("../stdlib/ledger/repair.js");
    if (input.fix) {
      const stripped = await stripCarriageReturns(repo, ctx.host, await crlfSegments(repo));
      if (stripped.length > 0) fixed.push({ section: "ledger", action: `put back the bytes exo wrote in ${stripped.join(", ")} (LF line ends, no byte order mark; for CR LF from git, '* -text' in .exo/.gitattributes stops the conversion)` });
    }
    if (input.fix && (await ledgerTailProblems(repo)).length > 0) {
      // Not a tail HEAD has as it is (a teammate pushed it torn): cut, it would be a missing committed line.
      const torn = (await verifyLedger(repo, { git: true, env: ctx.env })).errors.filter((e) => e.hint === TAIL_REPAIR && e.segment !== null).map((e) => e.segment as string);
      const repaired = await repairLedgerTails(repo, ctx.host, who.now, new Set(torn));
      if (repaired.length > 0) fixed.push({ section: "ledger", action: repaired.map((p) => `${p.kind === "missing_newline" ? "added the missing newline to" : "cut a torn last line off"} ${p.segment}`).join("; ") });
    }
    let r = await verifyLedger(repo, { git: true, env: ctx.env });
    const truncated = r.errors.filter((e) => e.code === "truncated" && e.segment !== null).map((e) => e.segment as string);
    if (input.fix && truncated.length > 0) {
      const { restoreTruncatedSegments } = await import("../stdlib/ledger/repair.js");
      const restored = await restoreTruncatedSegments(repo, ctx.host, truncated);
      if (restored.length > 0) {
        fixed.push({ section: "ledger", action: `put back the committed records of ${restored.join(", ")} from git (HEAD): the file held only the start of them (records not committed went with it; the next record opens a segment that names where it continues from)` });
        r = await verifyLedger(repo, { git: true, env: ctx.env });
      }
    }
    if (input.fix && r.records_lost.some((l) => l.restorable)) {
      // Records a force-push or rebase dropped, still in a commit (reflog): only lines come back.
      const { restoreLost } = await import("../stdlib/ledger/seen.js");
      const { governanceCheckout } = await import("../stdlib/git/sidecar.js");
      const { base, rel } = governanceCheckout(repo);
      const restored = await restoreLost(repo, base, rel(repo.ledgerDir), r.records_lost, ctx.host);
      if (restored.length > 0) {
        fixed.push({ section: "ledger", action: `put back the dropped records of ${restored.join(", ")} from the commits that still had them (commit them)` });
        r = await verifyLedger(repo, { git: true, env: ctx.env });
      }
    }
    const lost = r.records_lost;
    sections.push(
      !r.valid
        ? (() => {
            // A torn tail is doctor --fix's to repair; anything else, ledger-verify explains.
            const fixable = r.errors.some((e) => e.hint === TAIL_REPAIR || e.code === "text_converted" || e.code === "truncated");
            return { name: "ledger", status: "fail" as const, message: r.errors[0]?.message ?? "ledger does not verify", hint: fixable ? "exo doctor --fix" : ledgerHint(r), fixable, details: { errors: r.errors } };
          })()
        : lost.length > 0
          ? { name: "ledger", status: "warn", message: lost[0]?.message ?? "records lost", hint: lost.some((l) => l.restorable) ? "exo doctor --fix --section ledger" : lost[0]?.commit ? `git show ${lost[0].commit.slice(0, 12)} --stat` : "git reflog", fixable: lost.some((l) => l.restorable), details: { records_lost: lost } }
          : r.ts_regressions.length > 0
          ? { name: "ledger", status: "warn", message: `${plural(r.ts_regressions.length, "timestamp regression")}`, fixable: false, details: { ts_regressions: r.ts_regressions } }
          : { name: "ledger", status: "pass", message: `${plural(r.records, "record")} in ${plural(r.segments.length, "segment")} verify`, fixable: false, details: {} },
    );
  }
  if (want("locks") && initialised) {
    const now = ctx.now();
    let names: string[] = [];
    try {
      names = (await readdir(repo.locksDir)).filter((n) => n.endsWith(".json"));
    } catch {
      names = [];
    }
    const corrupt: string[] = [];
    for (const n of names) {
      try {
        // sync: one small file per ticket ever locked. A pipe, device or link to one (a pulled
        // symlink to /dev/zero) is corrupt, never read: readFileSync ran on until memory ran out.
        JSON.parse(readRegularTextSync(join(repo.locksDir, n)));
      } catch {
        corrupt.push(n);
      }
    }
    const expired = (await listLocks(repo, { released: false })).filter((l) => l.state === "held" && !isLockLive(l, now));
    // Held "until" further ahead than any lease runs: a clock that had jumped ahead, or a hand edit.
    const forged = expired.filter((l) => implausibleExpiry(l, now) !== null);
    let oldGuards: string[] = [];
    try {
      const dir = join(repo.cacheDir, "guards");
      for (const g of await readdir(dir)) {
        const info = await stat(join(dir, g)).catch(() => null);
        if (info && now.getTime() - info.mtimeMs > 60_000) oldGuards.push(g);
        else if (info && (await deadHolder(join(dir, g), ctx.host))) oldGuards.push(g); // its process was killed
      }
    } catch {
      oldGuards = [];
    }
    // Remote leases this clone pushed but never recorded locally (a claim killed after its push).
    // With no lock file at all (a git clean -fdX took .exo/locks and .exo/cache), the remote is
    // asked for this clone's leases when it may have claimed any: distributed leases are on, or
    // it has read leases from the remote before (their tracking refs outlive the clean).
    const lost = names.length === 0 && config && (config.locks.distributed || (await (await import("../stdlib/locks/distributed.js")).hasTrackedLeases(repo, config.git.remote).catch(() => false))) ? { remote: config.git.remote } : null;
    const leases = await (await import("./health-leases.js")).orphanLeases(repo, who, input.fix, lost);
    const leaseText = (l: { ticket: string; remote: string; owner: string; expires_at: string }) => `${l.ticket} on ${l.remote} (${l.owner}, until ${l.expires_at})`;
    // Without leases, another clone's claim on a ticket held here shows only in its pushed ledger.
    const heldPlain = (await listLocks(repo, { released: false })).filter((l) => l.state === "held" && !l.distributed && isLockLive(l, now));
    const elsewhere = heldPlain.length > 0 && config
      ? await (await import("./claims-elsewhere.js")).claimsElsewhere(repo, { remote: config.git.remote, branches: [config.git.base_branch, await (await import("../stdlib/git/facts.js")).currentBranch(repo.root).catch(() => null)], now, tickets: new Set(heldPlain.map((l) => l.ticket)) }).catch(() => [])
      : [];
    // Leases on (locks.distributed) with no remote of git.remote's name in this clone (a fork's
    // clone whose remote is called upstream, a repository never pushed): every exo next and
    // session-start fails REMOTE_UNAVAILABLE, and doctor passed. A URL there is git's to judge.
    const remote = config?.git.remote ?? "";
    const noRemote = config?.locks.distributed === true && remote !== "" && !/[/:\\]/.test(remote) && !(await (await import("../stdlib/git/team.js")).hasRemote(repo, remote).catch(() => true));
    const moveText = (l: { ticket: string; remote: string; lease_owner: string; lock_owner: string }) => `${l.ticket} on ${l.remote} still names ${l.lease_owner}, the local lock ${l.lock_owner}`;
    if (leases.transferred.length > 0) fixed.push({ section: "locks", action: `transferred ${plural(leases.transferred.length, "remote lease")} to their local lock's owner: ${leases.transferred.map((l) => `${l.ticket} on ${l.remote} (${l.lock_owner})`).join(", ")}` });
    if (leases.released.length > 0) fixed.push({ section: "locks", action: `released ${plural(leases.released.length, "remote lease")} this clone held with no live local lock: ${leases.released.map(leaseText).join(", ")}` });
    let s: Section =
      corrupt.length > 0
        ? { name: "locks", status: "fail", message: `unparsable lock ${corrupt.length === 1 ? "file" : "files"}: ${corrupt.join(", ")}; the state section's --fix sets them aside and rebuilds them`, hint: "exo doctor --fix --section state", fixable: false, details: { corrupt } }
        : noRemote
          ? { name: "locks", status: "fail", message: `locks.distributed is on, but this clone has no remote named ${remote} (git.remote in .exo/config.yaml), where leases are kept: every exo next and session-start fails; add it (git remote add ${remote} <url>), or set locks.distributed: false`, hint: `git remote add ${remote} <url>`, fixable: false, details: { remote, reason: "no_such_remote", expired: expired.map((l) => l.ticket), guards: oldGuards } }
        : leases.orphans.length > 0
          ? {
              name: "locks",
              status: "warn",
              message: `${leases.orphans.length === 1 ? "a remote lease" : "remote leases"} this clone holds with no live local lock (a claim killed after its push, or a release that could not reach the remote): ${leases.orphans.map(leaseText).join(", ")}; they hold the ticket for every clone until they expire${leases.unchecked.length > 0 ? `; the remote did not take the release (${[...new Set(leases.unchecked.map((u) => u.reason))].join(", ")}${leases.unchecked.some((u) => u.reason === "REMOTE_REFUSED") ? ": it refuses pushes to refs/exo/*; allow them, or let the leases expire" : ""})` : ""}`,
              hint: leases.unchecked.length > 0 ? "git remote -v" : "exo doctor --fix --section locks",
              fixable: leases.unchecked.length === 0,
              details: { orphaned_leases: leases.orphans, unchecked_leases: leases.unchecked, expired: expired.map((l) => l.ticket), guards: oldGuards },
            }
        : leases.untransferred.length > 0
          ? {
              name: "locks",
              status: "warn",
              message: `${leases.untransferred.length === 1 ? "a remote lease" : "remote leases"} a handoff --keep-lock could not transfer: ${leases.untransferred.map(moveText).join(", ")}; the receiver's heartbeats are refused until the lease names it`,
              hint: "exo doctor --fix --section locks",
              fixable: leases.unchecked.length === 0,
              details: { untransferred_leases: leases.untransferred, unchecked_leases: leases.unchecked, expired: expired.map((l) => l.ticket), guards: oldGuards },
            }
        : elsewhere.length > 0
          ? {
              name: "locks",
              status: "warn",
              message: `${elsewhere.length === 1 ? "a ticket" : "tickets"} held here that another clone holds too, as its pushed ledger shows: ${elsewhere.map((e) => `${e.ticket} by ${e.owner} on ${e.host || "another clone"} until ${e.expires_at} (${e.ref})`).join(", ")}; without --distributed leases nothing keeps two clones off one ticket: agree who keeps it`,
              hint: await giveBackHint(ctx, repo, heldPlain, elsewhere[0]?.ticket ?? ""),
              fixable: false,
              details: { claimed_elsewhere: elsewhere, expired: expired.map((l) => l.ticket), guards: oldGuards },
            }
        : forged.length > 0
          ? {
              name: "locks",
              status: "warn",
              message: `${forged.length === 1 ? "a lock" : "locks"} held until further ahead than the longest lease (168 h + 1 h) runs: ${forged.map((l) => `${l.ticket} by ${l.owner} until ${l.expires_at}`).join(", ")}; a clock that was ahead or a hand edit wrote them, and exo treats them as expired (the holder takes one back with exo lease-heartbeat)`,
              hint: "exo doctor --fix",
              fixable: true,
              details: { expired: expired.map((l) => l.ticket), forged: forged.map((l) => ({ ticket: l.ticket, owner: l.owner, expires_at: l.expires_at, reason: implausibleExpiry(l, now) })), guards: oldGuards },
            }
          : expired.length + oldGuards.length > 0
          ? { name: "locks", status: "warn", message: `${plural(expired.length, "expired held lock")}, ${plural(oldGuards.length, "old guard file")}`, hint: "exo doctor --fix", fixable: true, details: { expired: expired.map((l) => l.ticket), guards: oldGuards } }
          : { name: "locks", status: "pass", message: "locks are consistent", fixable: false, details: {} };
    if (input.fix && expired.length + oldGuards.length > 0) {
      for (const l of expired) await expireLock(repo, who, l.ticket);
      for (const g of oldGuards) await rm(join(repo.cacheDir, "guards", g), { force: true });
      fixed.push({ section: "locks", action: `settled ${plural(expired.length, "lock")}, removed ${plural(oldGuards.length, "guard")}` });
      if (leases.orphans.length + leases.untransferred.length === 0 && !noRemote) s = { ...s, status: "pass", message: "repaired" };
    } else if (input.fix && leases.released.length + leases.transferred.length > 0 && s.status === "pass") s = { ...s, message: "repaired" };
    sections.push(s);
  }
  if (want("tickets") && initialised) {
    let index = await listTickets(repo);
    // Conflict markers a teammate committed (git's copy has them too): --fix merges the merge's sides.
    const { committedMarkers, resolveCommittedMarkers } = await import("./health-markers.js");
    let markers = index.problems.length > 0 ? await committedMarkers(repo, index.problems.map((p) => p.file)) : [];
    if (input.fix && markers.some((m) => m.merge)) {
      const resolved = await resolveCommittedMarkers(repo, markers);
      if (resolved.length > 0) {
        fixed.push({ section: "tickets", action: `merged the two sides of ${resolved.join(", ")} (conflict markers committed by a merge) with exo's ticket merge; review and commit it` });
        index = await listTickets(repo);
        markers = index.problems.length > 0 ? await committedMarkers(repo, index.problems.map((p) => p.file)) : [];
      }
    }
    // A folder where a ticket goes (a hand's mkdir -p, a sync tool): --fix moves it to the
    // quarantine, what it holds and all, and checks git's ticket out. Before, the only way was
    // the hint's git checkout, which deletes what the folder held without a word.
    const folders = index.problems.filter((p) => p.code === "not_a_file" && p.message.endsWith(FOLDER_AT_TICKET)).map((p) => p.file);
    if (input.fix && folders.length > 0) {
      const { quarantine } = await import("../stdlib/sessions/state-files.js");
      for (const rel of folders) {
        const path = join(repo.ticketsDir, basename(rel));
        if (!(lstatSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false)) continue; // another --fix moved it
        const moved = await quarantine(repo, path, ctx.now());
        const restored = await restoreFromHead(repo, relative(repo.root, path));
        fixed.push({ section: "tickets", action: `moved ${rel} (a folder, not a ticket) to ${repo.relative(moved)}${restored ? "; restored the ticket from git (HEAD)" : ""}` });
      }
      index = await listTickets(repo);
    }
    const orphans = index.list.filter((t) => t.kind !== "intent" && !reachesIntent(index.tickets, t)).map((t) => t.id);
    const unknownKeys = index.list.filter((t) => t.extra && Object.keys(t.extra).length > 0).map((t) => t.id);
    const noChecks = config && config.checks.allowlist.length > 0 ? index.list.filter((t) => t.kind === "task" && t.checks.length === 0 && !CLOSED_STATUSES.has(t.status)).map((t) => t.id) : [];
    // Hierarchy and blockers as a pull or a hand edit left them (exo's own writes refuse these):
    // a blocker cycle never lets its tickets be dispatched, and exo next only says "blocked".
    const hierarchy = await invalidHierarchy(index.list, index.tickets);
    // An unreadable ticket git has committed comes back with git checkout; --fix cannot repair it.
    // A renamed file (its id is not its name): git mv (mv, untracked) gives it its name back; a checkout cannot.
    // A byte-for-byte copy of another ticket (a merge tool's leftover) is removed; another copy is compared.
    const mismatch = index.problems.filter((p) => p.code === "id_mismatch");
    const copies = mismatch.filter((p) => p.hint?.startsWith("rm -- ")).map((p) => p.file);
    const renamed = mismatch.find((p) => p.hint?.startsWith("git mv ") || p.hint?.startsWith("mv -- "))?.hint ?? (copies.length > 0 ? shellLine(["rm", "--", ...copies]) : undefined) ?? mismatch.map((p) => /compare: (git diff .*)\)$/.exec(p.hint ?? "")?.[1]).find(Boolean);
    // A pipe where a ticket goes that git has no copy of: removed by hand (git tracks no pipes).
    const specials = index.problems.filter((p) => p.code === "not_a_file" && p.hint?.startsWith("rm -- ")).map((p) => p.file);
    const stillFolders = index.problems.some((p) => p.code === "not_a_file" && p.message.endsWith(FOLDER_AT_TICKET));
    const stillZeroed = index.problems.some(isZeroedIssue);
    const restore = renamed ?? (stillFolders || stillZeroed ? "exo doctor --fix --section tickets" : undefined) ?? (index.problems.length > 0 ? await (await import("./health-integrity.js")).restoreHint(repo, index.problems.map((p) => p.file)) : undefined) ?? (specials.length > 0 ? shellLine(["rm", "--", ...specials]) : undefined);
    sections.push(
      index.problems.length > 0
        ? markers.length > 0
          ? {
              name: "tickets",
              status: "fail",
              message: `${index.problems.map((p) => p.message).join("; ")}; the markers are committed (git checkout cannot restore ${markers.length === 1 ? "it" : "them"})${markers.some((m) => m.merge) ? `: exo doctor --fix merges the two sides of ${markers.find((m) => m.merge)?.merge?.slice(0, 12)} as exo's merge driver would have` : ": keep one side of each conflict by hand"}`,
              hint: markers.some((m) => m.merge) ? "exo doctor --fix --section tickets" : `git log -p -- ${markers[0]?.file}`,
              fixable: markers.some((m) => m.merge),
              details: { problems: index.problems, committed_markers: markers },
            }
          : { name: "tickets", status: "fail", message: index.problems.map((p) => p.message).join("; "), ...(restore ? { hint: restore } : {}), fixable: stillFolders || stillZeroed, details: { problems: index.problems } }
        : orphans.length + unknownKeys.length + noChecks.length + hierarchy.length > 0
          ? { name: "tickets", status: "warn", message: [hierarchy.length ? `${plural(hierarchy.length, "hierarchy or blocker problem")}: ${hierarchy.slice(0, 3).map((h) => `${h.ticket}: ${h.message}`).join("; ")}${hierarchy.length > 3 ? "; …" : ""}` : "", orphans.length ? `${plural(orphans.length, "orphan")} with no intent above (${orphans.slice(0, 3).join(", ")}${orphans.length > 3 ? ", …" : ""})` : "", unknownKeys.length ? `${unknownKeys.length} with unknown keys` : "", noChecks.length ? `${plural(noChecks.length, "open task")} without checks` : ""].filter(Boolean).join(", "), ...(hierarchy.length ? { hint: hierarchyHint(hierarchy[0] as { ticket: string; code: string }, index.tickets) } : orphans.length ? { hint: orphanHint(index.list, orphans[0] as string) } : {}), fixable: false, details: { orphans, unknown_keys: unknownKeys, without_checks: noChecks, invalid_hierarchy: hierarchy } }
          : { name: "tickets", status: "pass", message: `${plural(index.list.length, "ticket")} readable`, fixable: false, details: {} },
    );
  }
  if (fixed.length > 0 && initialised) await appendLedger(repo, who, [{ type: "doctor.fixed", data: { actions: fixed } }]).catch(() => undefined);
  // SPEC §6.1: every section carries the same six keys in that order; `hint` is null when no
  // command helps (drift's sections, which SPEC lists without a hint, keep it optional).
  const shaped = sections.map((s) => ({ name: s.name, status: s.status, message: s.message, hint: s.hint ?? null, fixable: s.fixable, details: s.details }));
  return { status: worst(sections), sections: shaped, fixed };
}

/**
 * Machine-local files a pull wrote (they were committed): a lock file exo did not write here (no
 * receipt names its contents) is moved to the quarantine and rebuilt as released, so another
 * machine's lock never holds a ticket here; a session file of another host is moved aside.
 */
async function pulledStateAside(ctx: Context, repo: Repo, files: string[]): Promise<string[]> {
  const done: string[] = [];
  const { quarantine } = await import("../stdlib/sessions/state-files.js");
  const { unrecordedChange } = await import("../io/integrity.js");
  const { rebuildLock } = await import("./health-state.js");
  const now = ctx.now();
  for (const file of files) {
    const name = basename(file);
    let bytes: Buffer;
    try {
      bytes = readRegularFileSync(file);
    } catch {
      continue;
    }
    if (file === join(repo.locksDir, name) && name.endsWith(".json") && isTicketId(name.slice(0, -5))) {
      if (!unrecordedChange(repo.stateDir, "locks", name.slice(0, -5), bytes)) continue; // exo wrote it here
      const moved = await quarantine(repo, file, now);
      done.push(`moved the pulled ${repo.relative(file)} to ${repo.relative(moved)}`, await rebuildLock(ctx, repo, name.slice(0, -5), now));
    } else if (file === join(repo.sessionsDir, name) && name.endsWith(".json")) {
      let host: unknown = null;
      try {
        host = (JSON.parse(bytes.toString("utf8")) as { host?: unknown }).host;
      } catch {
        host = null;
      }
      if (host === ctx.host) continue;
      const moved = await quarantine(repo, file, now);
      done.push(`moved the pulled ${repo.relative(file)} (a session of ${typeof host === "string" ? host : "another host"}) to ${repo.relative(moved)}`);
    }
  }
  return done;
}

/**
 * How this clone gives a ticket back that another clone holds too: the release of its claim, or,
 * when a session here works under that lock, the session's suspend (it releases the lock and
 * pauses the ticket). Before, the release alone left that session working without its lock.
 */
async function giveBackHint(ctx: Context, repo: Repo, held: readonly { ticket: string; session: string | null }[], ticket: string): Promise<string> {
  const bound = held.find((l) => l.ticket === ticket)?.session ?? null;
  const session = bound ? (await listSessions(repo)).find((s) => s.id === bound && s.status === "active") : undefined;
  if (!session) return `exo lease-release --ticket-id ${ticket}`;
  const { actorMatches } = await import("../kernel/ids.js");
  const { shellWord } = await import("../kernel/quote.js");
  return `${actorMatches(ctx.actor, session.actor) ? "" : `EXO_ACTOR=${shellWord(session.actor)} `}exo session-suspend --session-id ${session.id} --reason "…"`;
}
