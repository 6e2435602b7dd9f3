// Harness events that keep a session governed (issue #19), loaded by the lifecycle bundle only:
// - ConfigChange re-verifies exo's self-protection (disableAllHooks, removed exo entries,
//   core.hooksPath), blocks the change where the harness allows it and restores what exo may.
// - PreCompact records the compaction; SessionStart(compact) and SubagentStart restate the
//   session's ticket, scope and rules in a few lines.
// - WorktreeCreate (Claude Code replaces `git worktree add` with this hook) creates the worktree
//   only when the checkout carries exo's governance, so the session stays governed there.
import { existsSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { gitRaw } from "../io/git.js";
import { discoverRepo, type Repo } from "../io/paths.js";
import { readJsonSync } from "../io/read.js";
import { branchNameProblem } from "../kernel/refs.js";
import { handBundleRecord } from "../stdlib/hooks/bundle-record.js";
import { LAUNCHER_MARK } from "../stdlib/hooks/hash.js";
import type { Harness } from "../stdlib/hooks/install.js";
import type { KillSwitch } from "../stdlib/hooks/switches.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { renderEssentials, type EssentialsPolicy, type EssentialsReason } from "../stdlib/sessions/essentials.js";
import { boundToConversation, readSessions, type HookAnswer, type HookIO } from "./hook-entry.js";
import type { Located } from "../io/locate.js";
import { hookWho } from "./hook-io.js";

type Payload = Record<string, unknown>;
type Session = ReturnType<typeof readSessions>[number];

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const quiet = (harness: string): HookAnswer => ({ stdout: harness === "cursor" ? "{}" : "", stderr: "", exitCode: 0 });

/** The open session this conversation is bound to (harness session id, else EXO_SESSION_ID). */
export function boundSession(stateDir: string, payload: Payload, env: NodeJS.ProcessEnv): Session | null {
  // Copilot CLI's SubagentStart names the parent's conversation `sessionId` and `parent_agent_id`.
  const open = readSessions(stateDir).filter((s) => s.status === "active" || s.status === "suspended");
  const s = boundToConversation(open, str(payload["session_id"]) || str(payload["conversation_id"]) || str(payload["sessionId"]), payload);
  return s ?? (env["EXO_SESSION_ID"] ? open.find((x) => x.id === env["EXO_SESSION_ID"]) : undefined) ?? null;
}

async function record(repo: Repo, harness: string, session: Session | null, env: NodeJS.ProcessEnv, type: string, data: Record<string, unknown>): Promise<void> {
  try {
    await appendLedger(repo, hookWho(env, harness, session?.actor), [{ type, session: session?.id ?? null, ticket: session?.ticket ?? null, data: { harness, ...data } }]);
  } catch (error) {
    process.stderr.write(`exo: could not record ${type}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

function essentials(where: Located, session: Session, reason: EssentialsReason, repo: Repo): string {
  const policy = (readJsonSync(join(where.exoDir, "policy.sealed.json")) as EssentialsPolicy | null | undefined) ?? null;
  let bootstrap: string | null = null;
  try {
    const file = repo.sessionBootstrapFile(session.id);
    if (existsSync(file)) bootstrap = file.startsWith(`${repo.root}/`) ? repo.relative(file) : file;
  } catch {
    bootstrap = null;
  }
  return renderEssentials({ ...session, ticket_title: str((session as unknown as Payload)["ticket_title"]) || session.ticket }, policy && typeof policy === "object" ? policy : null, reason, bootstrap);
}

// ---- ConfigChange ------------------------------------------------------------------------------

interface Problems {
  switches: KillSwitch[];
  entries: string | null;
  wanted: Harness[];
  strict: boolean;
}

/** The same checks session-start and doctor run: kill switches, then exo's entries against the seal. */
async function hookProblems(repo: Repo, env: NodeJS.ProcessEnv): Promise<Problems> {
  const { findKillSwitches } = await import("../stdlib/hooks/switches.js");
  const { readSealedPolicy } = await import("../stdlib/config/store.js");
  const { checkHookEntries } = await import("../stdlib/hooks/repair.js");
  const switches = await findKillSwitches(repo, env);
  const check = await checkHookEntries(repo, await readSealedPolicy(repo).catch(() => null));
  return { switches, entries: check?.problem ?? null, wanted: check?.wanted ?? [], strict: check?.strict ?? true };
}

export async function configChange(harness: string, payload: Payload, io: HookIO, where: Located): Promise<HookAnswer> {
  const source = str(payload["source"]);
  if (source === "skills") return quiet(harness);
  const repo = await discoverRepo(where.root, io.env);
  let found = await hookProblems(repo, io.env);
  // exo hook-install writes the settings first and seals them right after: a change that only
  // differs from the seal is looked at again before exo calls it tampering.
  for (const wait of [200, 600]) {
    if (found.switches.length > 0 || found.entries === null) break;
    await sleep(wait);
    found = await hookProblems(repo, io.env);
  }
  if (found.switches.length === 0 && found.entries === null) return quiet(harness);

  const session = boundSession(where.stateDir, payload, io.env);
  // The repairs session-start and doctor --fix make, with the same ledger records
  // (hooks.reenabled, hooks.reinstalled); a record that cannot be written is reported, the repair stands.
  const { reenableHooks, reinstallHooks } = await import("../stdlib/hooks/repair.js");
  const who = { ...hookWho(io.env, harness, session?.actor), session: session?.id ?? null, ticket: session?.ticket ?? null };
  const unrecorded = (error: unknown) => process.stderr.write(`exo: could not record the hook repair: ${error instanceof Error ? error.message : String(error)}\n`);
  const restored: Problems["switches"] = await reenableHooks(repo, who, found.switches, unrecorded).catch(() => []);
  let reinstalled: string[] = [];
  if (found.entries !== null && found.wanted.length > 0) {
    try {
      reinstalled = await reinstallHooks(repo, who, { harnesses: found.wanted, strict: found.strict, reason: "config_change", compose: "auto", onRecordError: unrecorded });
    } catch (error) {
      process.stderr.write(`exo: could not reinstall its hooks: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  const rel = (file: string) => (file.startsWith(`${repo.root}/`) ? repo.relative(file) : file);
  const problems = [
    ...found.switches.map((k) => `${k.setting} in ${k.scope === "git" ? ".git/config" : rel(k.file)} switches exo's hooks off`),
    ...(found.entries ? [found.entries] : []),
  ];
  const fixes = [
    ...restored.map((k) => `removed ${k.setting} from ${k.scope === "git" ? ".git/config" : rel(k.file)}`),
    ...(reinstalled.length > 0 ? [`reinstalled ${reinstalled.join(", ")}`] : []),
  ];
  const left = found.switches.filter((k) => !restored.includes(k)).map((k) => `remove ${k.setting} from ${rel(k.file)}`);
  // policy_settings always applies (Claude Code cannot block it): exo reports and restores only.
  const blockable = source !== "policy_settings";
  await record(repo, harness, session, io.env, "hooks.config_blocked", { source: source || null, file: str(payload["file_path"]) || null, problems, restored: fixes, blocked: blockable });
  const message = [
    `exo ${blockable ? "blocked this settings change" : "could not block this managed settings change"} [HOOKS_TAMPERED]: ${problems.join("; ")}.`,
    fixes.length > 0 ? `exo ${fixes.join(" and ")}.` : "",
    left.length > 0 ? `A human must ${left.join(" and ")}.` : "",
    "exo's hooks keep governing this session; to take them out on purpose a human runs exo hook-install --uninstall.",
  ]
    .filter(Boolean)
    .join(" ");
  return { stdout: "", stderr: `${message}\n`, exitCode: blockable ? 2 : 0 };
}

// ---- PreCompact, SessionStart(compact), SubagentStart ------------------------------------------

export async function preCompact(harness: string, payload: Payload, io: HookIO, where: Located): Promise<HookAnswer> {
  const session = boundSession(where.stateDir, payload, io.env);
  if (session) {
    const repo = await discoverRepo(where.root, io.env);
    await record(repo, harness, session, io.env, "session.compacting", { trigger: str(payload["trigger"]) || null });
  }
  // PreCompact takes no additionalContext (Claude Code rejects hookSpecificOutput here): the
  // essentials come back with SessionStart(source "compact"), which runs right after.
  return quiet(harness);
}

/** SessionStart with source "compact" for a bound session: the essentials, not a new start. */
export async function compactContext(harness: string, payload: Payload, io: HookIO, where: Located): Promise<HookAnswer | null> {
  const session = boundSession(where.stateDir, payload, io.env);
  if (!session || session.status !== "active") return null;
  const repo = await discoverRepo(where.root, io.env);
  await record(repo, harness, session, io.env, "session.context_restated", { reason: "compact" });
  return { stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: essentials(where, session, "compact", repo) } }), stderr: "", exitCode: 0 };
}

export async function subagentStart(harness: string, payload: Payload, io: HookIO, where: Located): Promise<HookAnswer> {
  const session = boundSession(where.stateDir, payload, io.env);
  if (!session) return quiet(harness);
  const repo = await discoverRepo(where.root, io.env);
  await record(repo, harness, session, io.env, "session.subagent_started", { agent_id: str(payload["agent_id"]) || null, agent_type: str(payload["agent_type"]) || null });
  const context = essentials(where, session, "subagent", repo);
  // Copilot CLI reads a top-level additionalContext (checked with the real CLI; it drops hookSpecificOutput).
  return { stdout: JSON.stringify(harness === "copilot" ? { additionalContext: context } : { hookSpecificOutput: { hookEventName: "SubagentStart", additionalContext: context } }), stderr: "", exitCode: 0 };
}

// ---- WorktreeCreate ----------------------------------------------------------------------------

async function committed(root: string, path: string): Promise<string | null> {
  const r = await gitRaw(root, ["show", `HEAD:${path}`]);
  return r.code === 0 ? r.stdout : null;
}

/** What a checkout of HEAD lacks to be governed by exo's Claude hooks (empty when nothing). */
async function governanceGaps(repo: Repo): Promise<string[]> {
  const exoRel = repo.exoDir.startsWith(`${repo.root}/`) ? repo.relative(repo.exoDir) : null;
  if (exoRel === null) return ["exo's governance lives outside this checkout (sidecar), so a new worktree would have no hook launcher"];
  const gaps: string[] = [];
  for (const file of [`${exoRel}/config.yaml`, `${exoRel}/policy.sealed.json`, `${exoRel}/bin/exo-hook.mjs`]) {
    if ((await committed(repo.root, file)) === null) gaps.push(`${file} is not committed`);
  }
  const settings = await committed(repo.root, ".claude/settings.json");
  if (settings === null) gaps.push(".claude/settings.json is not committed");
  else if (!settings.includes(LAUNCHER_MARK)) gaps.push(".claude/settings.json at HEAD has no exo hooks");
  return gaps;
}

export async function worktreeCreate(harness: string, payload: Payload, io: HookIO, where: Located): Promise<HookAnswer> {
  const refuse = (why: string): HookAnswer => ({ stdout: "", stderr: `exo refused to create the worktree: ${why}\n`, exitCode: 2 });
  const given = str(payload["worktree_path"]);
  const name = str(payload["name"]) || str(payload["worktree_name"]) || (given ? basename(given) : "");
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name) || name.endsWith(".lock") || name.includes("..")) return refuse(`the worktree name ${JSON.stringify(name)} is not a plain name (letters, digits, . _ -).`);
  const repo = await discoverRepo(where.root, io.env);
  const session = boundSession(where.stateDir, payload, io.env);
  const gaps = await governanceGaps(repo);
  if (gaps.length > 0) {
    await record(repo, harness, session, io.env, "worktree.refused", { name, reasons: gaps });
    return refuse(`a checkout of HEAD would not be governed by exo (${gaps.join("; ")}). Commit exo's files first: git add .exo .claude/settings.json && git commit -m "exo governance", then try again.`);
  }
  const branch = `worktree-${name}`;
  const badBranch = branchNameProblem(branch);
  if (badBranch) return refuse(`branch ${branch} ${badBranch}.`);
  const path = given && isAbsolute(given) ? resolve(given) : join(dirname(repo.mainRoot), `${basename(repo.mainRoot)}-${name}`);
  const list = (await gitRaw(repo.root, ["worktree", "list", "--porcelain"])).stdout;
  const known = list.split("\n\n").some((b) => b.split("\n").includes(`worktree ${path}`));
  if (!known) {
    if (existsSync(path)) return refuse(`${path} exists and is not a worktree of this repository; remove it or pick another name.`);
    const exists = (await gitRaw(repo.root, ["show-ref", "--verify", "--quiet", `refs/heads/${branch}`])).code === 0;
    const add = await gitRaw(repo.root, exists ? ["worktree", "add", "--", path, branch] : ["worktree", "add", "-b", branch, "--", path, "HEAD"]);
    if (add.code !== 0) return refuse(`git worktree add failed: ${add.stderr.trim().split("\n").at(-1) ?? ""}`);
  }
  // The worktree's launcher must find the hook bundle (its .exo/cache is not checked out).
  handBundleRecord(where.stateDir, path, basename(repo.exoDir));
  await record(repo, harness, session, io.env, "worktree.created", { name, path, branch, reused: known, agent_id: str(payload["agent_id"]) || null });
  // Claude Code reads the new worktree's absolute path from stdout, and nothing else.
  return { stdout: path, stderr: session ? "" : "exo: no exo session is bound to this conversation; writes in the new worktree follow hooks.no_session.\n", exitCode: 0 };
}
