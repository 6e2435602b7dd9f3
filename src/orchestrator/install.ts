// exo install (SPEC §7.25): preflight, scan, scaffold, compose, adapters, hooks, gitignore, one
// commit of exactly exo's files. Idempotent: a second run changes nothing and commits nothing.
import { statusEntries } from "../stdlib/git/porcelain.js";
import { existsSync } from "node:fs";
import { rmdir } from "node:fs/promises";
import { exoRunsAs } from "../io/runs-as.js";
import { basename, join } from "node:path";
import { ExoError, WarningCode } from "../errors.js";
import { crashPoint, type CrashStep } from "../io/crash.js";
import { beginInstallJournal, candidateUserFiles, endInstallJournal, markInstallStep, readInstallJournal, restoreDamagedFiles, type InstallJournal } from "./install-journal.js";
import { gitRaw, OWN_COMMIT_CONFIG, OWN_COMMIT_ENV } from "../io/git.js";
import { readTextOrNull } from "../io/read.js";
import { writeFileAtomic } from "../io/fs-atomic.js";
import type { Context } from "../commands/context.js";
import { defaultConfigText } from "../stdlib/config/model.js";
import { defaultConstitutionText } from "../stdlib/constitution/model.js";
import { generateAdapters } from "../stdlib/adapters/store.js";
import { compose } from "../stdlib/governance/store.js";
import { noteExoWrites } from "../stdlib/drift/exo-writes.js";
import { defaultHarnesses, GIT_HOOK_NAMES, installHooks, lefthookHasExo, type Harness } from "../stdlib/hooks/install.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { scanRepo, type ScanResult } from "../stdlib/scan/scan.js";
import type { Repo } from "../io/paths.js";
import { isExoPath } from "../stdlib/exo-managed.js";
import { EXO_VERSION } from "../version.js";
import { defaultTargets } from "./adapters.js";
import { detectBaseBranch, EXO_GITIGNORE, scaffoldFiles } from "./init.js";
import { huskyAddLine, recordHookBundle } from "./hooks.js";
import { addExample, EXAMPLE_TICKET, starterScope } from "./example.js";
import { registerMcp } from "../stdlib/mcp-config/store.js";
import { serverCommandLine } from "../stdlib/mcp-config/model.js";
import { plural } from "../kernel/plural.js";

export type StepName = "preflight" | "scan" | "scaffold" | "compose" | "adapters" | "hooks" | "gitignore" | "commit";
export type StepStatus = "done" | "unchanged" | "skipped" | "failed" | "planned";
export interface Step {
  name: StepName;
  status: StepStatus;
  message: string;
  files: string[];
  /** The error code of a failed step, else null (SPEC §6.1 lists it among a step's keys). */
  code: string | null;
  /** The command that fixes a failed step, when it is not a rerun of install. */
  hint?: string;
}

export interface InstallInput {
  dry_run: boolean;
  scan: boolean;
  adapters: boolean;
  hooks: boolean;
  commit: boolean;
  harness: Harness[];
  /** Add the starter intent and TICKET-001 (exo install --example). */
  example?: boolean;
  /** Register exo-mcp in each harness's project MCP file (--no-mcp skips). */
  mcp?: boolean;
}

/** A part of install outside SPEC's eight steps (starter work, MCP registration). */
export interface Extra {
  status: StepStatus;
  message: string;
  files: string[];
  code?: string;
  /** The command that fixes a failed part. */
  hint?: string;
}

async function worktreeStatus(root: string): Promise<{ code: string; path: string }[]> {
  return statusEntries((await gitRaw(root, ["status", "--porcelain=v1", "-z", "--untracked-files=all"])).stdout);
}

async function dirtyPaths(root: string): Promise<Set<string>> {
  return new Set((await worktreeStatus(root)).map((e) => e.path));
}

/**
 * exo's files changed since install began, split into what the install commit takes and what it
 * leaves (a person's changes from before). Files in exo's folder git never tracked (exo init's
 * scaffold, tickets created since) are exo's governance and state, not a person's changes: the
 * commit takes them, or the hooks it commits would point at governance a clone does not get.
 */
async function installCommitPaths(repo: Repo, dirtyBefore: Set<string>, touched: readonly string[] = []): Promise<{ ours: string[]; left: string[]; untracked: string[]; linked: string[] }> {
  const exoRel = repo.relative(repo.exoDir);
  const ours: string[] = [];
  const left: string[] = [];
  // Of those left, the ones git never tracked (in no commit): "untracked", not "modified".
  const untracked: string[] = [];
  const linked: string[] = [];
  for (const { code, path } of await worktreeStatus(repo.root)) {
    const inExo = path.startsWith(`${exoRel}/`);
    // A file of the person's own that exo wrote its block into through a link (CLAUDE.md ->
    // docs/AI.md) is theirs to commit, and said so (before: modified, and not a word of it).
    // lefthook's configuration with exo's commands added goes in exo's commit (when it was clean),
    // so a teammate's lefthook runs them too; it is not an instruction file's link.
    const lefthook = LEFTHOOK_FILES.includes(path) && touched.includes(path);
    const through = !inExo && !isExoPath(path) && !lefthook && touched.includes(path);
    if (!inExo && !isExoPath(path) && !through && !lefthook) continue;
    if (!through && (!dirtyBefore.has(path) || path.startsWith(`${exoRel}/ledger/`) || (inExo && code === "??"))) ours.push(path);
    else {
      left.push(path);
      if (through) linked.push(path);
      else if (code === "??") untracked.push(path);
    }
  }
  return { ours, left, untracked, linked };
}

export async function install(ctx: Context, input: InstallInput) {
  if (input.dry_run) return installOnce(ctx, input);
  // One install at a time per repository; the journal (install-journal.ts) makes it resumable.
  const repo = await ctx.repo();
  const { withGuard } = await import("../io/guard.js");
  const fresh = !existsSync(repo.exoDir);
  const result = await withGuard(repo.stateDir, "install", { host: ctx.host, timeoutMs: 120_000 }, () => installOnce(ctx, input));
  // A preflight that failed on a repository without .exo/ leaves none behind (only the guard's folders were made).
  if (fresh && !existsSync(repo.configFile)) {
    for (const dir of [join(repo.stateDir, "cache", "guards"), join(repo.stateDir, "cache"), repo.stateDir, repo.exoDir]) await rmdir(dir).catch(() => undefined);
  }
  return result;
}

/** Files the hooks and MCP steps would change (dry runs; a broken file fails its step later). */
async function plannedUserFiles(repo: Awaited<ReturnType<Context["repo"]>>, input: InstallInput, harnesses: Harness[]): Promise<string[]> {
  const out: string[] = [];
  if (input.hooks) out.push(...(await installHooks(repo, { harnesses, dryRun: true, uninstall: false, strict: true }).then((r) => r.changed, () => [])));
  if (input.mcp !== false) out.push(...(await registerMcp(repo, harnesses.filter((h) => h !== "git"), { dryRun: true }).then((r) => r.changed, () => [])));
  return out;
}

async function installOnce(ctx: Context, input: InstallInput) {
  const steps: Step[] = [];
  const step = (name: StepName, status: StepStatus, message: string, files: string[] = [], code?: string, hint?: string) => {
    steps.push({ name, status, message, files, code: code ?? null, ...(hint ? { hint } : {}) });
  };
  const repo = await ctx.repo(); // NOT_A_GIT_REPO propagates: nothing to install into
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now(), reason: "install" as const };
  // 1. preflight
  const version = await gitRaw(repo.root, ["version"]);
  const [major = 0, minor = 0] = (/(\d+)\.(\d+)/.exec(version.stdout) ?? []).slice(1).map(Number);
  // A merge, rebase, cherry-pick or revert stopped in this worktree (read from its git dir, no git process).
  const stopped = (await import("../stdlib/git/unmerged.js")).stoppedOperation(repo.gitDir);
  let scan: ScanResult | null = null;
  // Read-only steps report "unchanged" on an installed repository, so a rerun is all-unchanged.
  const readOnlyStatus: StepStatus = input.dry_run ? "planned" : existsSync(repo.configFile) ? "unchanged" : "done";
  // Harnesses are chosen before adapters create .cursor/ for their rules file.
  const harnesses = input.harness.length > 0 ? input.harness : defaultHarnesses(repo.root);
  // .exo/ deleted by hand while HEAD has it: a fresh scaffold would hide the committed tickets and
  // ledger and compose a lock that reads as tampering; git's copy is the way back.
  const gone = existsSync(repo.configFile) ? null : await import("./not-initialized.js").then(async (m) => (await m.deletedGovernance(repo)) ?? (await m.outsideSparseCheckout(repo)));
  if (major < 2 || (major === 2 && minor < 30)) step("preflight", "failed", `git ${major}.${minor} is too old; exo needs git 2.30 or later`, [], "ENVIRONMENT_UNSUPPORTED");
  else if (stopped) step("preflight", "failed", `a ${stopped} is in progress; finish it first (git status says how)`, [], "DIRTY_WORKTREE", "git status");
  else if (gone instanceof ExoError) step("preflight", "failed", gone.message.replace(/\.$/, ""), [], gone.code, gone.hint ?? undefined);
  else if (gone) step("preflight", "failed", gone.message, [], "DIRTY_WORKTREE", gone.restore);
  // (It said "clean state" before, in a work tree full of uncommitted changes: git is what is checked.)
  else step("preflight", readOnlyStatus, `git ${major}.${minor}, no merge or rebase in progress`);
  const failedEarly = steps[0]?.status === "failed";
  // The journal (issue #18): a resumed install takes the dirty set the killed one saw, so the
  // files that one created are still committed as exo's.
  let journal: InstallJournal | null = null;
  let resumed = false;
  let dirtyBefore: Set<string>;
  if (!input.dry_run && !failedEarly) {
    journal = await readInstallJournal(repo);
    resumed = journal !== null;
    if (journal) {
      const restored = await restoreDamagedFiles(repo, journal);
      ctx.warn(WarningCode.INSTALL_RESUMED, `Resumed the install interrupted at ${journal.started_at} (done: ${journal.done.join(", ") || "nothing"})${restored.length ? `; restored ${restored.join(", ")} from its backup` : ""}.`);
      dirtyBefore = new Set(journal.dirty_before);
    } else {
      dirtyBefore = await dirtyPaths(repo.root);
      const files = await candidateUserFiles(repo, await plannedUserFiles(repo, input, harnesses));
      const { dry_run: _dry, ...options } = input;
      journal = await beginInstallJournal(repo, { pid: process.pid, host: ctx.host, started_at: ctx.now().toISOString(), input: options, dirty_before: [...dirtyBefore].sort() }, files);
    }
    crashPoint("install", "journal-written");
  } else dirtyBefore = await dirtyPaths(repo.root);
  const mark = async (name: string, crash: CrashStep<"install">) => {
    if (journal) await markInstallStep(repo, journal, name);
    crashPoint("install", crash);
  };
  const touched: string[] = [];
  let huskyPending = false;
  let huskyLacking: string[] | undefined;
  // 2. scan
  if (failedEarly) step("scan", "skipped", "preflight failed");
  else if (!input.scan) step("scan", "skipped", "--no-scan");
  else {
    scan = await scanRepo(repo);
    step("scan", readOnlyStatus, `${scan.languages.join(", ") || "no known language"}; ${plural(scan.checks.length, "check")}`);
  }
  // 3. scaffold
  let scaffoldFailed = failedEarly;
  if (failedEarly) step("scaffold", "skipped", "preflight failed");
  else if (input.dry_run) step("scaffold", existsSync(repo.configFile) && existsSync(repo.constitutionFile) ? "unchanged" : "planned", ".exo/ scaffold");
  else {
    try {
      const constitution = defaultConstitutionText(basename(repo.root), scan ? { sensitivePatterns: scan.sensitive_patterns, deleteOnly: scan.delete_only, budgets: scan.budgets } : {});
      const config = defaultConfigText(await detectBaseBranch(repo.root), scan ? { allowlist: scan.checks, ignorePaths: scan.ignore_paths, defaultChecks: scan.default_ticket_checks } : {});
      const { created } = await scaffoldFiles(repo, { constitution, config });
      // This clone's ticket merge driver and lease refspecs (git config is not cloned), as init does.
      const { registerTeamConfig } = await import("../stdlib/git/team.js");
      const { loadConfig } = await import("../stdlib/config/store.js");
      await registerTeamConfig(repo, (await loadConfig(repo).catch(() => null))?.git.remote ?? "origin").catch(() => []);
      touched.push(...created);
      step("scaffold", created.length > 0 ? "done" : "unchanged", created.length > 0 ? `created ${created.join(", ")}` : "constitution and config kept", created);
      await mark("scaffold", "scaffolded");
    } catch (error) {
      scaffoldFailed = true;
      step("scaffold", "failed", error instanceof Error ? error.message : String(error), [], error instanceof ExoError ? error.code : "IO_ERROR");
    }
  }
  // 4. compose
  let composeFailed = scaffoldFailed;
  if (scaffoldFailed) step("compose", "skipped", "scaffold failed");
  else if (input.dry_run) step("compose", "planned", "compile governance");
  else {
    try {
      const r = await compose(repo, { ...who, reason: "install" });
      step("compose", r.changed ? "done" : "unchanged", `lock v${r.version}`, r.changed ? [".exo/governance.lock.json", ".exo/policy.sealed.json"] : []);
      await mark("compose", "composed");
    } catch (error) {
      composeFailed = true;
      step("compose", "failed", error instanceof Error ? error.message : String(error), [], error instanceof ExoError ? error.code : "INTERNAL");
    }
  }
  // 4b. starter work (--example), before adapters so they list the intent
  let example: Extra & { ticket: string | null } = { status: "skipped", message: "no --example", files: [], ticket: null };
  if (input.example) {
    if (composeFailed) example = { status: "skipped", message: "compose failed", files: [], ticket: null };
    else if (input.dry_run) example = { status: "planned", message: `starter intent and ${EXAMPLE_TICKET}`, files: [], ticket: EXAMPLE_TICKET };
    else {
      try {
        const r = await addExample(ctx);
        touched.push(...r.created);
        example = { status: r.created.length > 0 ? "done" : "unchanged", message: r.created.length > 0 ? `starter intent ${r.intent} and ${r.ticket}` : `${r.ticket} exists`, files: r.created, ticket: r.ticket };
      } catch (error) {
        example = { status: "failed", message: error instanceof Error ? error.message : String(error), files: [], ticket: null, code: error instanceof ExoError ? error.code : "INTERNAL" };
      }
    }
  }
  // 5. adapters
  if (composeFailed) step("adapters", "skipped", "compose failed");
  else if (!input.adapters) step("adapters", "skipped", "--no-adapters");
  else if (input.dry_run) step("adapters", "planned", "instruction files for agents");
  else {
    try {
      const r = await generateAdapters(repo, { targets: await defaultTargets(repo, { withWindsurf: harnesses.includes("windsurf"), withCopilot: harnesses.includes("copilot") }), dryRun: false, check: false, force: false, keepFresh: example.files.length === 0 });
      touched.push(...r.files);
      step("adapters", r.files.length > 0 ? "done" : "unchanged", r.targets.map((t) => `${t.path} ${t.status}`).join(", "), r.files);
      if (r.files.length > 0) await appendLedger(repo, who, [{ type: "adapters.generated", data: { targets: r.targets.map((t) => t.target), files: r.files } }]);
      await mark("adapters", "adapters-written");
    } catch (error) {
      // A fix that ends in a rerun of adapter-generate ends in the rerun of install here.
      const hint = error instanceof ExoError ? error.hint?.replace(/ && exo adapter-generate$/, " && exo install") : undefined;
      step("adapters", "failed", error instanceof Error ? error.message : String(error), [], error instanceof ExoError ? error.code : "INTERNAL", hint);
    }
  }
  // 6. hooks
  if (composeFailed) step("hooks", "skipped", "compose failed");
  else if (!input.hooks) step("hooks", "skipped", "--no-hooks");
  else {
    try {
      const r = await installHooks(repo, { harnesses, dryRun: input.dry_run, uninstall: false, strict: true });
      if (!input.dry_run) {
        await recordHookBundle(repo);
        if (r.changed.length > 0) await appendLedger(repo, who, [{ type: "hooks.installed", data: { harnesses, files: r.changed, reason: "install" } }]);
        const { hooksState } = await import("../stdlib/governance/store.js");
        await compose(repo, { ...who, reason: "install", installed: (await hooksState(repo)).installed }); // re-seal with the hooks hash
      }
      if (!input.dry_run) touched.push(...r.changed); // a dry run writes nothing (its step lists what it would)
      // husky owns core.hooksPath: exo wrote no git hook there, so say so instead of listing git.
      // (only the husky case skips git)
      const husky = r.harnesses.find((h) => h.name === "git" && h.status === "skipped");
      if (husky && !input.dry_run) {
        huskyPending = true;
        huskyLacking = await import("../stdlib/hooks/install.js").then((m) => m.huskyMissing(repo.root));
        ctx.warn(WarningCode.HOOKS_ACTION_NEEDED, `git: ${husky.note ?? "add exo's lines to your husky hooks"}`);
      }
      const shown = husky ? [...harnesses.filter((h) => h !== "git"), "git (husky: lines to add, see next steps)"] : harnesses;
      step("hooks", input.dry_run ? "planned" : r.changed.length > 0 ? "done" : "unchanged", shown.join(", "), r.changed);
      if (!input.dry_run) await mark("hooks", "hooks-installed");
    } catch (error) {
      step("hooks", "failed", error instanceof Error ? error.message : String(error), [], error instanceof ExoError ? error.code : "INTERNAL", rerunHint(error));
    }
  }
  // 6b. MCP registration for the harnesses set up (Claude Code, Cursor, Codex)
  let mcp: Extra = { status: "skipped", message: "--no-mcp", files: [] };
  if (scaffoldFailed) mcp = { status: "skipped", message: "scaffold failed", files: [] };
  else if (input.mcp !== false) {
    const clients = harnesses.filter((h) => h !== "git");
    try {
      const r = await registerMcp(repo, clients, { dryRun: input.dry_run });
      if (!input.dry_run) touched.push(...r.changed);
      if (!input.dry_run) await noteExoWrites(repo, r.changed);
      const kept = r.registrations.filter((x) => x.status === "kept").map((x) => `${x.file} (its own exo entry kept)`);
      const status: StepStatus = r.registrations.length === 0 ? "skipped" : input.dry_run ? (r.changed.length > 0 ? "planned" : "unchanged") : r.changed.length > 0 ? "done" : "unchanged";
      mcp = { status, message: r.registrations.length === 0 ? "no MCP client among the harnesses" : [serverCommandLine(), ...r.registrations.map((x) => `${x.file} ${x.status}`), ...kept].join("; "), files: r.changed };
      if (!input.dry_run) await mark("mcp", "mcp-registered");
    } catch (error) {
      const hint = rerunHint(error);
      mcp = { status: "failed", message: error instanceof Error ? error.message : String(error), files: [], code: error instanceof ExoError ? error.code : "INTERNAL", ...(hint ? { hint } : {}) };
    }
  }
  // 7. gitignore
  if (scaffoldFailed) step("gitignore", "skipped", "scaffold failed");
  // The scaffold writes it with the folders; on a fresh repository this step is still what made it.
  else if ((await readTextOrNull(repo.gitignoreFile)) === EXO_GITIGNORE) step("gitignore", touched.includes(".exo/.gitignore") ? "done" : "unchanged", ".exo/.gitignore", touched.includes(".exo/.gitignore") ? [".exo/.gitignore"] : []);
  else if (input.dry_run) step("gitignore", "planned", ".exo/.gitignore");
  else {
    await writeFileAtomic(repo.gitignoreFile, EXO_GITIGNORE);
    touched.push(".exo/.gitignore");
    step("gitignore", "done", ".exo/.gitignore", [".exo/.gitignore"]);
  }
  if (!input.dry_run && !scaffoldFailed) await mark("gitignore", "gitignore-written");
  // 8. commit
  let committed: string | null = null;
  const left: string[] = [];
  const leftUntracked: string[] = [];
  const leftLinked: string[] = [];
  const forUser: string[] = [];
  const anyDone = steps.some((s) => s.status === "done" && s.name !== "preflight" && s.name !== "scan") || example.status === "done" || mcp.status === "done";
  // A resumed install records the completion the killed one did not reach.
  if (!input.dry_run && (anyDone || (resumed && !journal?.done.includes("recorded")))) {
    await appendLedger(repo, who, [{ type: "install.completed", data: { steps: Object.fromEntries(steps.map((s) => [s.name, s.status])), example: example.status, mcp: mcp.status, ...(resumed ? { resumed: true } : {}) } }]);
    await mark("recorded", "install-recorded");
  }
  if (input.dry_run) step("commit", "planned", "one commit of exo's files");
  // Nothing of exo's was written, and a commit now could conclude a merge or take a deletion.
  else if (failedEarly) step("commit", "skipped", "preflight failed");
  else if (!input.commit) {
    step("commit", "skipped", "--no-commit");
    // What the commit step would have committed: the next steps name it for the person.
    forUser.push(...(await installCommitPaths(repo, dirtyBefore, touched)).ours);
  } else {
    const { ours: paths, left: kept, untracked, linked } = await installCommitPaths(repo, dirtyBefore, touched);
    left.push(...kept.sort());
    leftUntracked.push(...untracked.sort());
    leftLinked.push(...linked.sort());
    if (paths.length === 0) step("commit", "unchanged", "nothing to commit");
    else {
      // (As exo's other commits: another git's index lock held for a moment is waited for.)
      // (A record another exo process appends meanwhile stays unstaged, as in the auto-commit.)
      const { INDEX_HELD, commitNamedPaths } = await import("../stdlib/git/autocommit.js");
      const identity = (await gitRaw(repo.root, ["config", "user.email"])).stdout.trim() ? [] : ["-c", "user.name=exo", "-c", "user.email=exo@localhost.invalid"];
      // (The crash point sits between two whole git calls, never inside one.)
      const commit = await commitNamedPaths(repo.root, paths, () => gitRaw(repo.root, [...OWN_COMMIT_CONFIG, ...identity, "commit", "--no-verify", "-q", "-m", `chore(exo): install governance (exo ${EXO_VERSION})`, "-m", "Exo-Generated: true", "--", ...paths], { env: { ...OWN_COMMIT_ENV } }), () => crashPoint("install", "commit-staged"));
      // A lock a killed git left: rerunning install met it again (the hint was exo install).
      if (commit.code !== 0) step("commit", "failed", commit.stderr.trim().split("\n")[0] ?? "git commit failed", [], "GIT_FAILED", INDEX_HELD.test(commit.stderr) ? "exo doctor --fix --section git_index" : undefined);
      else {
        committed = (await gitRaw(repo.root, ["rev-parse", "HEAD"])).stdout.trim();
        step("commit", "done", `committed ${plural(paths.length, "file")}`, paths.sort());
      }
    }
  }
  // A rule of the repository's own ignore files that takes in exo's records (`*.jsonl`: the ledger):
  // git status never showed them, and the commit left them out unseen (before: no word).
  if (!input.dry_run && !failedEarly && input.commit) {
    const { ignoredExoFiles, ignoredMessage } = await import("../stdlib/git/autocommit.js");
    const ignored = await ignoredExoFiles(repo).catch(() => new Map<string, string>());
    if (ignored.size > 0) ctx.warn(WarningCode.AUTO_COMMIT_FAILED, ignoredMessage(repo, ignored));
  }
  if (!input.dry_run) crashPoint("install", "committed");
  const failed = steps.some((s) => s.status === "failed") || example.status === "failed" || mcp.status === "failed";
  // The run reached its end (a failed step is reported, not interrupted): the journal goes.
  if (journal) await endInstallJournal(repo);
  const known = input.dry_run || composeFailed ? null : await knownTickets(ctx);
  const todo = known?.todo ?? null;
  const tickets = todo?.length ?? 0;
  // The starter ticket's steps only while it is still to do (a rerun after the quick start is not).
  const starter = example.ticket !== null && (todo === null || todo.includes(example.ticket)) ? example.ticket : null;
  // A rerun with nothing to do but a task claimed (exo next) or handed over and no session on it:
  // starting there is the next step, not creating more work.
  const resume = starter === null && tickets === 0 && (known?.all.length ?? 0) > 0 ? await (await import("./dispatch.js")).startHint(ctx).then((h) => h.hint).catch(() => undefined) : undefined;
  const carryOn = resume?.startsWith("exo session-start") && !resume.includes("--dispatch") ? resume : undefined;
  // A rerun from inside a session (the quick start's, still open): finishing it comes next, not
  // more work (before: create an intent and a TICKET-002 while TICKET-001's session was open).
  const open = input.dry_run ? null : await ownOpenSession(ctx, repo.root);
  // A clone with a remote and an open intent or epic: a task under it with a generated id, which
  // a teammate's, made meanwhile in their clone, cannot take (before: `--id TICKET-004`, counted
  // in each clone, so two teammates' installs suggested the same id and the pull stopped on it).
  const teamParent = known?.container && (await (await import("../stdlib/git/team.js")).hasRemote(repo, await (await import("../stdlib/config/store.js")).loadConfig(repo).then((c) => c.git.remote, () => "origin")).catch(() => false)) ? known.container : null;
  return {
    steps,
    scan: scan ? { languages: scan.languages, package_manager: scan.package_manager, checks: scan.checks, sensitive_patterns: scan.sensitive_patterns, budgets: scan.budgets, ignore_paths: scan.ignore_paths } : null,
    files_written: input.dry_run ? [] : [...new Set(touched)].sort(),
    committed,
    left_uncommitted: left,
    // SPEC §6.1's keys first, in its order; exo's additions after them.
    status: failed ? "partial" : "ok",
    // Those of left_uncommitted in no commit yet (untracked before this install); the rest were
    // modified (before: all were said to be "changed before this install").
    left_untracked: leftUntracked,
    // Those of left_uncommitted that are the person's own files exo wrote its block into through a link (CLAUDE.md -> docs/AI.md).
    left_linked: leftLinked,
    example,
    mcp,
    next_steps: nextSteps({ pathNote: input.dry_run ? null : pathNote(ctx, repo.root), noIdentity: (await gitRaw(repo.root, ["config", "user.email"])).stdout.trim() === "", husky: huskyPending, ...(huskyLacking ? { huskyMissing: huskyLacking } : {}), example: starter, openTasks: tickets, ids: freeIds(known?.all ?? []), scope: starterScope(repo.root, ctx.cwd), teamParent, carryOn, underWay: known?.underWay ?? 0, open, uncommitted: forUser.sort(), left: left.filter((f) => !f.startsWith(".exo/")), leftUntracked, leftLinked, lefthook: harnesses.includes("git") && LEFTHOOK_FILES.some((f) => existsSync(join(repo.root, f))), lefthookEntry: harnesses.includes("git") && !input.dry_run && (await lefthookHasExo(repo.root)) ? (LEFTHOOK_FILES.find((f) => existsSync(join(repo.root, f))) ?? null) : null, mcp, harnesses, failed: [...steps, { ...example, name: "example" }, { ...mcp, name: "mcp" }].filter((s) => s.status === "failed").map((s) => `${s.name}: ${s.message}`), fixes: [...steps, mcp].flatMap((s) => (s.status === "failed" && s.hint ? [s.hint] : [])) }),
    resumed,
  };
}

/** A failed step's fix as install's own: the error's hint with `exo install` as the command run after it. */
function rerunHint(error: unknown): string | undefined {
  const hint = error instanceof ExoError ? error.hint : undefined;
  if (!hint || !/ && exo [a-z-]+( [^&]*)?$/.test(hint)) return undefined;
  return hint.replace(/ && exo [a-z-]+( [^&]*)?$/, " && exo install");
}

/** Every ticket id, the ids of the tasks still to do, and how many tasks are under way (claimed, in a session, paused). */
async function knownTickets(ctx: Context): Promise<{ all: string[]; todo: string[]; underWay: number; container: string | null }> {
  try {
    const [{ listTickets }, { SETTLED_STATUSES }] = await Promise.all([import("../stdlib/tickets/store.js"), import("../stdlib/tickets/types.js")]);
    const index = await listTickets(await ctx.governed());
    const tickets = [...index.tickets.values()];
    const tasks = tickets.filter((t) => t.kind === "task");
    // The first open epic, else intent, as exo alone names a parent for a new task.
    const open = tickets.filter((t) => t.kind !== "task" && (t.status === "todo" || t.status === "active")).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const container = (open.find((t) => t.kind === "epic") ?? open[0])?.id ?? null;
    return { all: tickets.map((t) => t.id), todo: tasks.filter((t) => t.status === "todo").map((t) => t.id), underWay: tasks.filter((t) => t.status !== "todo" && !SETTLED_STATUSES.has(t.status)).length, container };
  } catch {
    return { all: [], todo: [], underWay: 0, container: null };
  }
}

/** INT-001 and TICKET-001 for the suggested commands, or the next numbers when those exist. */
export function freeIds(existing: readonly string[]): { intent: string; ticket: string } {
  const taken = new Set(existing.map((id) => id.toUpperCase()));
  const free = (prefix: string) => {
    let n = 1;
    while (taken.has(`${prefix}-${String(n).padStart(3, "0")}`)) n++;
    return `${prefix}-${String(n).padStart(3, "0")}`;
  };
  return { intent: free("INT"), ticket: free("TICKET") };
}

/**
 * Run from a project's node_modules (`npx exo install` after `npm i -D exoprotocol`) or npx's cache
 * (`npx exoprotocol install`) with no `exo` on PATH beyond the folders npx added: the steps below
 * say `exo …`, which that shell cannot run. Before, the first one failed with "command not found".
 */
function pathNote(ctx: Context, root: string): string | null {
  const runs = exoRunsAs(ctx.env, root, ctx.harness === "cli");
  if (runs === null) return null;
  return runs === "npx --no-install exo"
    ? `exo is not on your PATH; this project's exo runs the commands below as: npx --no-install exo <command> (or install it for every project: npm install -g exoprotocol@${EXO_VERSION})`
    : `exo is not on your PATH; install it to run the commands below: npm install -g exoprotocol@${EXO_VERSION} (or run each as: npx exoprotocol <command>)`;
}

/** The actor's active session in the work tree `root`, or null. */
async function ownOpenSession(ctx: Context, root: string): Promise<{ id: string; ticket: string } | null> {
  const [{ listSessions }, { ownSession }] = await Promise.all([import("../stdlib/sessions/store.js"), import("../stdlib/sessions/own.js")]);
  // An install that did not get as far as governance (a merge in progress, a failed step) has none.
  const repo = await ctx.repo().catch(() => null);
  if (!repo?.isInitialised) return null;
  const sessions = await listSessions(repo).catch(() => []);
  return ownSession(sessions, ctx.actor, root);
}

/** Numbered next steps for a person who just installed: create work, start a session, MCP. */
/** lefthook's configuration files (lefthook reads the first it finds at the top of the work tree). */
const LEFTHOOK_FILES = ["lefthook.yml", ".lefthook.yml", "lefthook.yaml", ".lefthook.yaml", "lefthook.toml", ".lefthook.toml", "lefthook.json", ".lefthook.json"];

export function nextSteps(o: { pathNote?: string | null; noIdentity?: boolean; husky?: boolean; huskyMissing?: readonly string[]; example: string | null; openTasks: number; ids?: { intent: string; ticket: string }; scope?: string; teamParent?: string | null; carryOn?: string | undefined; underWay?: number; open?: { id: string; ticket: string } | null; uncommitted?: string[]; left?: string[]; leftUntracked?: string[]; leftLinked?: string[]; lefthook?: boolean; lefthookEntry?: string | null; mcp: Extra; harnesses: Harness[]; failed?: string[]; fixes?: string[] }): string[] {
  const { intent, ticket } = o.ids ?? { intent: "INT-001", ticket: "TICKET-001" };
  const out: string[] = [];
  // A failed step first: exo is not governing yet, so working now would be ungoverned.
  if (o.fixes && o.fixes.length > 0) out.push(`Fix what failed (above) and rerun install; exo does not govern this repository fully before that: ${[...new Set(o.fixes)].join(" && ").replaceAll(" && exo install && ", " && ")}`);
  else if (o.failed && o.failed.length > 0) out.push(`Fix what failed (${o.failed.join("; ")}), then run exo install again: until then exo does not govern this repository fully`);
  // Preflight refused: nothing was installed, so creating work or starting a session cannot come next.
  // Any other step failed (say a settings file exo cannot parse): exo is not governing, so creating
  // work, starting a session or restarting the agent for MCP would come too early.
  if (o.failed?.some((f) => !f.startsWith("example: "))) return out;
  if (o.pathNote) out.push(o.pathNote);
  // No git identity: exo committed as exo@localhost.invalid, but the person's commits (the steps
  // below, finish's commit: line) fail, and they act as plain `human`, so a claim made now is not
  // theirs once the identity is set (before: no word of it until git refused the first commit).
  if (o.noIdentity) out.push(`Tell git who you are, before claiming work (you act as human:<user.email>, and your commits need it): git config user.name "Your Name" && git config user.email you@example.com`);
  // --no-commit: teammates get the hooks and governance only once these files are committed.
  if (o.uncommitted && o.uncommitted.length > 0) out.push(`Commit exo's files when you are ready (--no-commit left them for you; teammates get the hooks from git): git add -- ${o.uncommitted.map(shellWord).join(" ")} && git commit -m "chore(exo): install governance"`);
  // Files the person had changed, which exo updated and left out of its commit: exo's part of them
  // (hook entries, the MCP server, the instruction block) reaches teammates only with their commit
  // (.exo/ state a command changed since, a claimed ticket, is exo's and not named). Before: only the summary's "left uncommitted" line, and doctor passed while clones had no hooks.
  // A file never committed (untracked) is said so, not "your changes there" (before: of a CLAUDE.md git never tracked).
  if (o.left && o.left.length > 0) {
    const fresh = o.left.filter((f) => o.leftUntracked?.includes(f));
    const them = o.left.length === 1 ? "it" : "them";
    const why = o.leftLinked && o.leftLinked.length === o.left.length ? `(an instruction file links to ${them}, so exo's block went in there; it reaches teammates only through git)` : fresh.length === 0 ? `once your own changes there are ready (exo's part of ${them} reaches teammates only through git)` : fresh.length === o.left.length ? `once your own text there is ready (untracked: in no commit yet, so exo's part of ${them} reaches teammates only once committed)` : `once your own changes there are ready (${fresh.join(", ")} untracked, in no commit yet; exo's part of ${them} reaches teammates only through git)`;
    out.push(`Commit ${o.left.join(", ")} ${why}: git add -- ${o.left.map(shellWord).join(" ")} && git commit -m "chore: exo setup"`);
  }
  // husky owns the git hooks folder: until exo's lines are in its hook files, commits are not gated.
  if (o.husky) out.push(`Gate commits through husky (exo does not write in its folder): ${huskyAddLine(o.huskyMissing ?? GIT_HOOK_NAMES)}`);
  // lefthook and exo share .git/hooks: each `lefthook install` (its npm postinstall, a teammate's
  // npm install) writes its hook over exo's, and commits go without exo's checks and trailer until
  // exo's is back. A YAML configuration gets exo's commands (`exo` under pre-commit and
  // prepare-commit-msg), so lefthook's hook runs them: it only has to reach teammates.
  if (o.lefthookEntry && !o.husky) out.push(`lefthook runs exo's git hooks: ${o.lefthookEntry} has an exo command under pre-commit and prepare-commit-msg, which lefthook install (npm install runs it) keeps; exo doctor says when they are gone`);
  else if (o.lefthook && !o.husky) out.push("Keep exo's git hooks with lefthook's: lefthook install (npm install runs it) writes over them, so run exo hook-install --harness git after it (lefthook's hook is kept and runs first; exo doctor says when they are gone)");
  // Before any work: until Codex trusts them, its writes pass ungated (before: the step after the quick start's).
  if (o.harnesses.includes("codex")) out.push("Trust exo's hooks in Codex: start codex in this repository and run /hooks (Codex skips untrusted hooks silently; exo doctor checks it)");
  if (o.open) {
    out.push(`Finish your open session ${o.open.id} on ${o.open.ticket}: exo session-finish --summary "what you did"`);
  } else if (o.example !== null) {
    out.push("Claim the starter ticket for yourself: exo next");
    out.push(`Start a session on it: exo session-start --ticket-id ${o.example}`);
    out.push(`Finish it: exo session-finish --summary "what you did"`);
  } else if (o.openTasks > 0) {
    out.push("Claim the best ready task for yourself: exo next");
    // Without --ticket-id, session-start starts on the actor's own claim (before: `<ID from exo next>`, which a shell reads as a redirect).
    out.push("Start a session on it: exo session-start");
  } else if (o.carryOn) {
    out.push(`Start a session on the task waiting for one: ${o.carryOn}`);
  } else {
    // A teammate's clone with work under way and none of it theirs to start (claimed, paused or
    // handed to others): where it stands comes first (before: create INT-001 and TICKET-004, as in a
    // repository with no tickets, while exo ready said who has each task).
    if (o.underWay) out.push(`See where the work here stands: exo ready (${plural(o.underWay, "task")} under way, none waiting for you: it says who has ${o.underWay === 1 ? "it" : "each"})`);
    if (o.teamParent) {
      out.push(`Create work under ${o.teamParent}: exo ticket-create "first task" --parent ${o.teamParent} (its id is generated, so a teammate's task made meanwhile in their clone cannot take it)`);
      out.push("Start a session: exo next, then exo session-start");
    } else {
      out.push(`Create work: exo intent-create "what you want" --brain-dump "why it matters" --scope-allow "${o.scope ?? "src/**"}" --id ${intent}, then exo ticket-create "first task" --parent ${intent} --id ${ticket}${ticket === "TICKET-001" ? " (or exo install --example adds a starter ticket)" : ""}`);
      out.push(`Start a session: exo next, then exo session-start --ticket-id ${ticket}`);
    }
  }
  if (o.mcp.status === "done" || o.mcp.status === "unchanged") out.push(`Agents reach exo over MCP (${serverCommandLine()}): restart your agent so it loads the exo server`);
  else if (o.mcp.status === "failed") out.push("Fix the MCP file named above, then rerun exo install (or skip MCP with exo install --no-mcp)");
  else out.push(`Give agents exo's tools over MCP: exo install${o.harnesses.some((h) => h !== "git") ? "" : " --harness claude"} registers ${serverCommandLine()}`);
  return out;
}

/** A path as one shell word (quoted only when it needs it). */
function shellWord(path: string): string {
  return /^[A-Za-z0-9._/@+-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}
