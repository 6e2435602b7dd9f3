// Governance I/O: read sources, verify against git, compose under the `compose` guard (SPEC §7.16).
export { sourceHashes } from "./texts.js";
export type { Loaded, SourceTexts } from "./sources.js";
import { crashPoint } from "../../io/crash.js";
import { ExoError, ErrorCode, WarningCode } from "../../errors.js";
import { writeCacheFile, writeFileAtomic, formatJson } from "../../io/fs-atomic.js";
import { join } from "node:path";
import { gitRaw } from "../../io/git.js";
import { gitHooksDir } from "../../io/git-config.js";
import { withGuard } from "../../io/guard.js";
import { readCacheJsonSync, readGovernedTextOrNull } from "../../io/read.js";
import { readHead } from "../../io/git-refs.js";
import type { Repo } from "../../io/paths.js";
import { KERNEL } from "../../version.js";
import type { Constitution } from "../constitution/model.js";
import type { Config } from "../config/model.js";
import { computeHooksState, type HooksState } from "../hooks/hash.js";
import { appendLedger } from "../ledger/store.js";
import type { Features } from "./manifests.js";
import { BUILD_ID, readCompiled, writeCompiled } from "../compiled.js";
import type { Loaded, SourceTexts } from "./sources.js";
import { sourceHashes } from "./texts.js";
import { assertKnownFormat } from "../state-format.js";
import {
  bodyOf,
  buildSeal,
  checkLockText,
  compileBody,
  compileSealContent,
  nextLock,
  sameBody,
  verifyGovernanceState,
  type GovernanceLock,
  type GovernanceStatus,
  type SealedPolicy,
  type Sources,
  type VerifyResult,
} from "./model.js";

export async function readSourceTexts(repo: Repo): Promise<SourceTexts> {
  const [constitution, config, features, requirements] = await Promise.all([
    readGovernedTextOrNull(repo.constitutionFile, [repo.mainRoot, repo.root]),
    readGovernedTextOrNull(repo.configFile, [repo.mainRoot, repo.root]),
    readGovernedTextOrNull(repo.featuresFile, [repo.mainRoot, repo.root]),
    readGovernedTextOrNull(repo.requirementsFile, [repo.mainRoot, repo.root]),
  ]);
  return { constitution, config, features, requirements };
}


export async function hooksState(repo: Repo, planned?: ReadonlyMap<string, string>): Promise<HooksState> {
  return computeHooksState(repo.root, repo.exoDir, await gitHooksDir(repo), planned);
}

/** lock_sha256 of the lock committed at HEAD when it verifies on its own. */
export async function committedLockSha(repo: Repo): Promise<string | null> {
  const rel = repo.relative(repo.lockFile);
  // A commit never changes, so the answer for this HEAD commit is kept (cache/committed-lock.json)
  // and the next call skips `git show`.
  const head = readHead(repo)?.head;
  const memo = join(repo.cacheDir, "committed-lock.json");
  if (head) {
    const known = keptLockSha(memo, head, rel);
    if (known !== undefined) return known;
  }
  const r = await gitRaw(repo.root, ["show", `HEAD:${rel}`]);
  let sha: string | null = null;
  if (r.code === 0) {
    const { lock, problems } = checkLockText(r.stdout);
    sha = lock && problems.length === 0 ? lock.lock_sha256 : null;
  }
  // Only a definite answer is kept: "no such path at HEAD" (128 with HEAD present) or a parsed lock.
  if (head && (r.code === 0 || (r.code === 128 && readHead(repo)?.head === head))) {
    await writeCacheFile(memo, formatJson({ head, path: rel, lock_sha256: sha }));
  }
  return sha;
}

/**
 * After a commit that left the lock file alone, the lock at the new HEAD is the parent's: carry
 * the kept answer forward (exo's auto-commit calls this), so the next command skips `git show`.
 */
export async function carryCommittedLock(repo: Repo, parent: string, child: string): Promise<void> {
  const rel = repo.relative(repo.lockFile);
  const memo = join(repo.cacheDir, "committed-lock.json");
  const known = keptLockSha(memo, parent, rel);
  if (known !== undefined) await writeCacheFile(memo, formatJson({ head: child, path: rel, lock_sha256: known }));
}

/** True when the kept answer of committedLockSha says a verifying lock is committed at `head`. */
export function lockKnownCommitted(repo: Repo, head: string): boolean {
  return typeof keptLockSha(join(repo.cacheDir, "committed-lock.json"), head, repo.relative(repo.lockFile)) === "string";
}

/** The kept lock_sha256 of `rel` at commit `head` (null: none there), undefined when not kept. */
function keptLockSha(memo: string, head: string, rel: string): string | null | undefined {
  const known = readCacheJsonSync(memo) as { head?: unknown; path?: unknown; lock_sha256?: unknown } | null | undefined;
  if (!known || known.head !== head || known.path !== rel) return undefined;
  return typeof known.lock_sha256 === "string" || known.lock_sha256 === null ? known.lock_sha256 : undefined;
}

export interface GovernanceView extends VerifyResult {
  texts: SourceTexts;
  loaded: Loaded;
  sources: Sources;
}

/**
 * The parsed sources through their compiled JSON form (cache/sources-*.json): used only when made
 * from these exact four texts by this build; otherwise the YAML is parsed and the form rewritten.
 */
async function loadSources(repo: Repo, texts: SourceTexts): Promise<Loaded> {
  const key = JSON.stringify([texts.constitution, texts.config, texts.features, texts.requirements]);
  const compiled = await readCompiled<Loaded>(repo.cacheDir, "sources", repo.exoDir, key);
  if (compiled) return compiled;
  const { parseSources } = await import("./sources.js");
  const loaded = parseSources(texts);
  await writeCompiled(repo.cacheDir, "sources", repo.exoDir, key, loaded);
  return loaded;
}

/** FORMAT_UNSUPPORTED for a file text whose `format` names a newer version (unparsable text is left to verification). */
function assertKnownJsonFormat(text: string | null, kind: string, file: string): void {
  if (text === null || !text.includes(`"exo.${kind}/`)) return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return;
  }
  assertKnownFormat(value, kind, file);
}

/** Verify the lock+seal pair as §7.16.2 says. */
export async function inspectGovernance(repo: Repo, opts: { git?: boolean } = {}): Promise<GovernanceView> {
  const [texts, lockText, sealText, committed] = await Promise.all([
    readSourceTexts(repo),
    readGovernedTextOrNull(repo.lockFile, [repo.mainRoot, repo.root]),
    readGovernedTextOrNull(repo.sealFile, [repo.mainRoot, repo.root]),
    opts.git === false ? Promise.resolve(null) : committedLockSha(repo),
  ]);
  // SPEC §4: a lock or seal of a newer format is FORMAT_UNSUPPORTED, never verified as an old one
  // (before: its hash checked out, compose took it as stale and wrote a /1 lock over it).
  assertKnownJsonFormat(lockText, "governance-lock", repo.relative(repo.lockFile));
  assertKnownJsonFormat(sealText, "sealed-policy", repo.relative(repo.sealFile));
  const loaded = await loadSources(repo, texts);
  const valid = loaded.constitution && loaded.config && !loaded.issues.some((i) => i.severity === "error");
  const inputs: VerifiedInputs = { build: BUILD_ID, kernel: KERNEL.version, committed, lock: lockText, seal: sealText, ...texts };
  const memoFile = join(repo.cacheDir, "governance-verified.json");
  if (valid && lockText !== null && sealText !== null && sameInputs(readCacheJsonSync(memoFile), inputs)) {
    // Byte for byte what verified last time: valid again, without hashing (no node:crypto).
    const lock = JSON.parse(lockText) as GovernanceLock;
    return { status: "valid", reasons: [], staleSources: [], lock, seal: JSON.parse(sealText) as SealedPolicy, texts, loaded, sources: lock.sources };
  }
  const sources = sourceHashes(texts);
  const result = verifyGovernanceState({
    sources,
    lockText,
    sealText,
    committedLockSha256: committed,
    kernelVersion: KERNEL.version,
    compile: valid ? (lock: GovernanceLock) => compileSealContent(lock, loaded.config as Config, loaded.features) : null,
  });
  if (valid && result.status === "valid") await writeCacheFile(memoFile, JSON.stringify({ format: VERIFIED_FORMAT, ...inputs }));
  return { ...result, texts, loaded, sources };
}

/**
 * What a valid verification was made from (`cache/governance-verified.json`): the whole texts of
 * the sources, lock and seal, the lock committed at HEAD, and the exo build that checked them. A
 * command finding all of them unchanged takes the verdict "valid" without hashing a byte, so
 * status, next, session-start and finish load no node:crypto for it (5–7 ms). The texts are
 * compared whole, as the compiled forms are; a forged memo is no easier than a forged lock,
 * whose hashes anyone can recompute.
 */
interface VerifiedInputs extends SourceTexts {
  build: string;
  kernel: string;
  committed: string | null;
  lock: string | null;
  seal: string | null;
}

const VERIFIED_FORMAT = "exo.governance-verified/1";

function sameInputs(memo: unknown, inputs: VerifiedInputs): boolean {
  if (typeof memo !== "object" || memo === null) return false;
  const m = memo as Record<string, unknown>;
  return m["format"] === VERIFIED_FORMAT && (Object.keys(inputs) as (keyof VerifiedInputs)[]).every((k) => m[k] === inputs[k]);
}

export interface ComposeResult {
  changed: boolean;
  status_before: GovernanceStatus;
  version: number;
  lock_sha256: string;
  prev_lock_sha256: string | null;
  seal_sha256: string;
  sources: Sources;
  resealed_only: boolean;
}

export interface ComposeOptions {
  actor: string;
  host: string;
  now: Date;
  reason: GovernanceLock["reason"];
  dryRun?: boolean;
  repair?: boolean;
  /** Harnesses exo's hooks are meant to cover (hook-install sets it; otherwise the sealed ones stay). */
  installed?: string[];
  /** Where warnings go (CONFIG_UNKNOWN_KEY for each key config.yaml has that exo does not know). */
  warn?: (code: string, message: string) => void;
}

/** Compile governance (§7.16.1). No-op when nothing changed. */
export async function compose(repo: Repo, opts: ComposeOptions): Promise<ComposeResult> {
  const run = async (): Promise<ComposeResult> => {
    const view = await inspectGovernance(repo);
    const { sourcesError } = await import("./sources.js");
    const error = sourcesError(view.loaded.issues);
    if (error) throw error;
    for (const issue of view.loaded.issues) {
      if (issue.code === "unknown_key" && issue.severity === "warning") opts.warn?.(WarningCode.CONFIG_UNKNOWN_KEY, `.exo/config.yaml${issue.line !== undefined ? `:${issue.line}` : ""}: ${issue.message} (a typo? exo config-validate lists every issue)`);
    }
    const { constitution, config, features } = view.loaded as { constitution: Constitution; config: Config; features: Features | null };
    if (view.status === "tampered" && !opts.repair) {
      throw new ExoError(ErrorCode.GOVERNANCE_TAMPERED, `Governance does not verify: ${view.reasons[0]?.message ?? "tampered"}; run exo compose --repair.`, {
        hint: "exo compose --repair",
        details: { reasons: view.reasons },
      });
    }
    if (view.status === "kernel_unsupported") {
      throw new ExoError(ErrorCode.KERNEL_VERSION_UNSUPPORTED, `The governance lock was compiled by kernel ${view.lock?.kernel.version}; upgrade exo.`, {});
    }
    const observed = await hooksState(repo);
    // A harness stays "installed" until hook-install --uninstall says otherwise, so a compose
    // after someone deleted exo's hook entries cannot seal the deletion away.
    const installed = [...new Set(opts.installed ?? [...(view.seal?.hooks?.installed ?? []), ...observed.installed])].sort();
    const hooks = { sha256: observed.sha256, installed };
    const body = compileBody(constitution, config, view.sources);
    let current: GovernanceLock | null = view.status === "tampered" ? null : view.lock;
    let chainReset = false;
    if (view.status === "tampered") {
      current = await lastVerifyingLockInGit(repo);
      chainReset = current === null;
    } else if (view.status === "missing") {
      // A deleted lock file: the chain goes on from the lock committed at HEAD (a fresh version 1
      // would not list it in its history, and verification would call that a rewritten history).
      current = await headLock(repo);
    }
    const sealOk = (seal: SealedPolicy | null, lock: GovernanceLock) =>
      seal !== null && seal.lock_sha256 === lock.lock_sha256 && seal.hooks_sha256 === hooks.sha256 && view.status === "valid";
    let lock: GovernanceLock;
    let resealedOnly = false;
    if (current && view.status !== "tampered" && view.status !== "missing" && sameBody(bodyOf(current), body)) {
      if (sealOk(view.seal, current) && sameJson(view.seal?.hooks.installed, hooks.installed)) {
        return { changed: false, status_before: view.status, version: current.version, lock_sha256: current.lock_sha256, prev_lock_sha256: current.prev_lock_sha256, seal_sha256: view.seal?.seal_sha256 ?? "", sources: current.sources, resealed_only: false };
      }
      lock = current;
      resealedOnly = true;
    } else if (current && (view.status === "tampered" || view.status === "missing") && sameBody(bodyOf(current), body)) {
      lock = current;
    } else {
      lock = nextLock(body, current, { now: opts.now, actor: opts.actor, reason: opts.repair ? "repair" : opts.reason });
    }
    const seal = buildSeal(lock, config, features, hooks, opts.now);
    const result: ComposeResult = { changed: true, status_before: view.status, version: lock.version, lock_sha256: lock.lock_sha256, prev_lock_sha256: lock.prev_lock_sha256, seal_sha256: seal.seal_sha256, sources: lock.sources, resealed_only: resealedOnly };
    if (opts.dryRun) return result;
    if (!resealedOnly) {
      await writeFileAtomic(repo.lockFile, formatJson(lock));
      crashPoint("compose", "lock-written");
    }
    await writeFileAtomic(repo.sealFile, formatJson(seal));
    crashPoint("compose", "seal-written");
    const entries = [];
    if (view.status === "tampered") {
      entries.push({ type: "governance.tamper_detected", data: { file: view.reasons[0]?.file ?? ".exo/governance.lock.json", problem: chainReset ? "chain_reset" : (view.reasons[0]?.code ?? "tampered"), expected: view.tamper?.expected ?? null, actual: view.tamper?.actual ?? null } });
    }
    entries.push({ type: "governance.composed", data: { version: lock.version, lock_sha256: lock.lock_sha256, prev_lock_sha256: lock.prev_lock_sha256, seal_sha256: seal.seal_sha256, reason: opts.repair ? "repair" : opts.reason, sources: lock.sources, resealed_only: resealedOnly } });
    await appendLedger(repo, { actor: opts.actor, host: opts.host, now: opts.now, hashHostnames: config.privacy.hash_hostnames }, entries);
    crashPoint("compose", "compose-recorded");
    return result;
  };
  if (opts.dryRun) return run();
  return withGuard(repo.stateDir, "compose", { host: opts.host }, run);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The lock committed at HEAD when it verifies on its own, else null. */
async function headLock(repo: Repo): Promise<GovernanceLock | null> {
  const show = await gitRaw(repo.root, ["show", `HEAD:${repo.relative(repo.lockFile)}`]);
  if (show.code !== 0) return null;
  const { lock, problems } = checkLockText(show.stdout);
  return lock && problems.length === 0 ? lock : null;
}

/** The newest committed lock version that verifies on its own (compose --repair). */
async function lastVerifyingLockInGit(repo: Repo): Promise<GovernanceLock | null> {
  const rel = repo.relative(repo.lockFile);
  const log = await gitRaw(repo.root, ["log", "-n", "50", "--format=%H", "--", rel]);
  if (log.code !== 0) return null;
  for (const sha of log.stdout.split("\n").filter(Boolean)) {
    const show = await gitRaw(repo.root, ["show", `${sha}:${rel}`]);
    if (show.code !== 0) continue;
    const { lock, problems } = checkLockText(show.stdout);
    if (lock && problems.length === 0) return lock;
  }
  return null;
}
