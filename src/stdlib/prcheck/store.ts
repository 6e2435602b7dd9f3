// PR check I/O (SPEC §7.19): governance files and ledger segments are read from the head tree
// (or --governance-ref), never from the working tree.
import { checkLedgerLine, type LedgerRecord } from "../../kernel/ledger.js";
import { KERNEL } from "../../version.js";
import { gitRaw, git } from "../../io/git.js";
import type { Repo } from "../../io/paths.js";
import { ExoError, ErrorCode } from "../../errors.js";
import { parseConfig, type Config } from "../config/model.js";
import { compileSealContent, verifyGovernanceState, type SealedPolicy } from "../governance/model.js";
import { parseSources, sourceHashes } from "../governance/sources.js";
import { baseRef } from "../git/facts.js";
import { judgePr, type ChangedFile, type ClosingFact, type CommitFact, type Finding, type PrCheckReport } from "./model.js";

async function showOrNull(repo: Repo, ref: string, path: string): Promise<string | null> {
  const r = await gitRaw(repo.root, ["show", `${ref}:${path}`]);
  return r.code === 0 ? r.stdout : null;
}

async function resolveRef(repo: Repo, ref: string, flag: "base" | "head", fallback: string | null = null): Promise<string> {
  const r = await gitRaw(repo.root, ["rev-parse", "--verify", "-q", `${ref}^{commit}`]);
  if (r.code !== 0) {
    throw new ExoError(ErrorCode.INVALID_INPUT, `${ref} is not a commit in this repository; fetch it or pass --base/--head.`, {
      hint: await refHint(repo, ref, flag, fallback),
      details: { issues: [{ path: flag, code: "ref_invalid", message: `unknown ref ${ref}`, severity: "error" }] },
    });
  }
  return r.stdout.trim();
}

/**
 * The commit `--governance-ref` names, as a sha every later read uses. Before, the text went to
 * `git show <ref>:<file>` as given: `--output=<path>` made git write files there, and a ref that
 * names no commit (a typo, `..`, a range, `-x`) read as a branch with no governance, so the check
 * passed with governance unchecked. Now INVALID_INPUT (exit 2) naming the ref, with a fetch hint.
 */
export async function resolveGovernanceRef(repo: Repo, ref: string, remote: string): Promise<string> {
  const issue = (message: string) => ({ issues: [{ path: "governance_ref", code: "ref_invalid", message, severity: "error" }] });
  const shown = JSON.stringify(ref);
  const r = ref.startsWith("-") ? null : await gitRaw(repo.root, ["rev-parse", "--verify", "-q", "--end-of-options", `${ref}^{commit}`]);
  if (r?.code === 0) return r.stdout.trim();
  const remotes = (await gitRaw(repo.root, ["remote"])).stdout.split("\n").filter(Boolean);
  // The remote to fetch from: the configured one, else the only one there is; never a remote this
  // repository does not have (before: always `origin`, which failed in a repository whose remote
  // has another name, or none).
  const home = remotes.includes(remote) ? remote : remotes.length === 1 ? remotes[0] : undefined;
  const sidecar = await sidecarRef(repo, home, remotes);
  if (ref.startsWith("-")) {
    const hint = sidecar ? `exo pr-check --governance-ref ${sidecar}` : "git branch --all";
    throw new ExoError(ErrorCode.INVALID_INPUT, `--governance-ref ${shown} starts with "-": name the sidecar branch${sidecar ? `, e.g. --governance-ref ${sidecar}` : ""}.`, { hint, details: issue(`option-like ref ${ref}`) });
  }
  const slash = ref.indexOf("/");
  const named = slash > 0 && remotes.includes(ref.slice(0, slash)) ? [ref.slice(0, slash), ref.slice(slash + 1)] : null;
  const from = named?.[0] ?? home;
  const branch = named?.[1] ?? "exo-governance";
  const fetchable = from !== undefined && /^[A-Za-z0-9._/-]+$/.test(branch) && !branch.includes("..");
  const hint = fetchable ? `git fetch ${from} ${branch}` : sidecar ? `exo pr-check --governance-ref ${sidecar}` : remotes.length === 0 ? "git branch --all" : `git fetch --all`;
  const what = remotes.length === 0 ? "this repository has no remote to fetch it from: name a local branch or commit" : "fetch the sidecar branch or fix the name";
  throw new ExoError(ErrorCode.INVALID_INPUT, `--governance-ref ${shown} is not a commit in this repository (a branch or commit, not a range); ${what}.`, { hint, details: issue(`unknown ref ${ref}`) });
}

/**
 * The next step when `ref` resolved but is no sidecar branch (no readable config.yaml): a sidecar
 * branch the repository has, else the fetch of one from a remote it has, else its branches.
 */
export async function sidecarStep(repo: Repo, ref: string, remote: string): Promise<string> {
  const remotes = (await gitRaw(repo.root, ["remote"])).stdout.split("\n").filter(Boolean);
  const home = remotes.includes(remote) ? remote : remotes.length === 1 ? remotes[0] : undefined;
  const sidecar = await sidecarRef(repo, home, remotes);
  const there = sidecar !== null && sidecar !== ref && (await gitRaw(repo.root, ["rev-parse", "--verify", "-q", "--end-of-options", `${sidecar}^{commit}`])).code === 0;
  if (there) return `exo pr-check --governance-ref ${sidecar}`;
  return home !== undefined ? `git fetch ${home} exo-governance` : "git branch --all";
}

/** A sidecar branch this repository has (<remote>/exo-governance of any remote, else a local exo-governance), else the fetch remote's, or null. */
async function sidecarRef(repo: Repo, home: string | undefined, remotes: string[]): Promise<string | null> {
  const order = home === undefined ? remotes : [home, ...remotes.filter((r) => r !== home)];
  for (const ref of [...order.map((r) => `${r}/exo-governance`), "exo-governance"]) {
    if ((await gitRaw(repo.root, ["rev-parse", "--verify", "-q", "--end-of-options", `${ref}^{commit}`])).code === 0) return ref;
  }
  return home === undefined ? null : `${home}/exo-governance`;
}

/**
 * What makes a missing ref work: `origin/main` of a remote that exists is fetched; of a remote that
 * does not (a repository with no remote yet), the local branch of that name is the base; with no
 * such branch either (the docs' `origin/main` in a repository on master), plain `exo pr-check`,
 * whose default base (`fallback`, config git.base_branch) is there (before: `--help`).
 */
async function refHint(repo: Repo, ref: string, flag: "base" | "head", fallback: string | null): Promise<string | undefined> {
  const slash = ref.indexOf("/");
  if (slash > 0) {
    const [remote, branch] = [ref.slice(0, slash), ref.slice(slash + 1)];
    const remotes = (await gitRaw(repo.root, ["remote"])).stdout.split("\n").filter(Boolean);
    if (remotes.includes(remote) && /^[A-Za-z0-9._/-]+$/.test(branch)) return `git fetch ${remote} ${branch}`;
    const local = await gitRaw(repo.root, ["rev-parse", "--verify", "-q", `refs/heads/${branch}^{commit}`]);
    if (local.code === 0 && /^[A-Za-z0-9._/-]+$/.test(branch)) return flag === "base" ? `exo pr-check --base ${branch}` : `exo pr-check --head ${branch}`;
  }
  if (flag === "base" && fallback !== null && fallback !== ref && (await gitRaw(repo.root, ["rev-parse", "--verify", "-q", `${fallback}^{commit}`])).code === 0) return "exo pr-check";
  return undefined; // the table's: the command's --help
}

/**
 * The default base: `<remote>/<base_branch>` when fetched, else the base branch; `ref` is the full
 * ref it names, so a local branch (or tag) spelled like it (`git branch origin/main`) is never
 * taken for it.
 */
export async function defaultBase(repo: Repo, config: Config): Promise<{ name: string; ref: string }> {
  const ref = await baseRef(repo.root, config.git.remote, config.git.base_branch);
  if (ref?.startsWith("refs/remotes/")) return { name: `${config.git.remote}/${config.git.base_branch}`, ref };
  return { name: config.git.base_branch, ref: ref ?? config.git.base_branch };
}

/** Lines of every ledger segment in a tree, by file name. */
async function segmentsAt(repo: Repo, ref: string, dir: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const list = await gitRaw(repo.root, ["ls-tree", "--name-only", `${ref}:${dir}`]);
  if (list.code !== 0) return out;
  for (const name of list.stdout.split("\n").filter((n) => n.endsWith(".jsonl"))) {
    const text = (await showOrNull(repo, ref, `${dir}/${name}`)) ?? "";
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    out.set(name, lines);
  }
  return out;
}

export interface PrCheckOptions {
  base: string | null;
  head: string;
  threshold: number | null;
  governanceRef: string | null;
}

export async function runPrCheck(repo: Repo, localConfig: Config, opts: PrCheckOptions): Promise<PrCheckReport & { base: string; head: string }> {
  const { name: fallback, ref: fallbackRef } = await defaultBase(repo, localConfig);
  const baseName = opts.base ?? fallback;
  const [baseSha, headSha] = await Promise.all([resolveRef(repo, opts.base ?? fallbackRef, "base", fallback), resolveRef(repo, opts.head, "head")]);
  const govRef = opts.governanceRef ?? headSha;
  const exoRel = opts.governanceRef ? "" : `${repo.relative(repo.exoDir)}/`;
  const read = (name: string) => showOrNull(repo, govRef, `${exoRel}${name}`);
  const [constitution, configText, features, requirements, lockText, sealText] = await Promise.all([
    read("constitution.yaml"),
    read("config.yaml"),
    read("features.yaml"),
    read("requirements.yaml"),
    read("governance.lock.json"),
    read("policy.sealed.json"),
  ]);
  const governanceFindings: Finding[] = [];
  const config = configText ? (parseConfig(configText).value ?? localConfig) : localConfig;
  const texts = { constitution, config: configText, features, requirements };
  const loaded = parseSources(texts);
  const valid = loaded.constitution && loaded.config && !loaded.issues.some((i) => i.severity === "error");
  const gov = verifyGovernanceState({
    sources: sourceHashes(texts),
    lockText,
    sealText,
    committedLockSha256: null,
    kernelVersion: KERNEL.version,
    compile: valid && loaded.config ? (lock) => compileSealContent(lock, loaded.config as Config, loaded.features) : null,
  });
  if (constitution !== null || lockText !== null) {
    if (gov.status === "stale") governanceFindings.push({ code: "governance_drift", severity: "error", message: `governance sources changed without exo compose (${gov.staleSources.join(", ") || "seal outdated"})`, ref: ".exo/governance.lock.json" });
    else if (gov.status === "tampered") governanceFindings.push({ code: "governance_tampered", severity: "error", message: `governance lock or seal does not verify: ${gov.reasons[0]?.message ?? "tampered"}`, ref: ".exo/governance.lock.json" });
    else if (gov.status === "missing") governanceFindings.push({ code: "governance_drift", severity: "error", message: "no governance lock at head; run exo compose", ref: ".exo/governance.lock.json" });
  }

  // Ledger: line checks at head; segments at the merge base must survive as prefixes.
  const ledgerDir = `${exoRel}ledger`;
  const headSegs = await segmentsAt(repo, govRef, ledgerDir);
  const closing = new Map<string, ClosingFact>();
  const known = new Set<string>();
  const started = new Map<string, string>();
  for (const [name, lines] of headSegs) {
    const writer = name.slice(0, -".jsonl".length);
    let prev: string | null = null;
    for (let i = 0; i < lines.length; i++) {
      const { record, problem } = checkLedgerLine(lines[i] as string, { writer, seq: i + 1, prev });
      if (problem) {
        governanceFindings.push({ code: "ledger_invalid", severity: "error", message: `ledger segment ${name} line ${i + 1}: ${problem}`, ref: name });
        break;
      }
      const r = record as LedgerRecord;
      prev = r.hash;
      if (r.session) known.add(r.session);
      if (r.type === "session.started" && r.session && (started.get(r.session) ?? "\uffff") > r.ts) started.set(r.session, r.ts);
      if ((r.type === "session.finished" || r.type === "session.handed_off" || r.type === "session.crashed") && r.session) {
        const d = r.data;
        const drift = d["drift"] as { score?: number } | null | undefined;
        const scope = d["scope"] as { allow?: string[]; deny?: string[] } | null | undefined;
        closing.set(r.session, {
          session: r.session,
          type: r.type,
          ticket: r.ticket ?? null,
          actor: typeof d["session_actor"] === "string" ? d["session_actor"] : r.actor,
          verify: typeof d["verify"] === "string" ? (d["verify"]) : null,
          drift: typeof drift?.score === "number" ? drift.score : null,
          break_glass_reason: typeof d["break_glass_reason"] === "string" ? (d["break_glass_reason"]) : null,
          scope: scope ? { allow: scope.allow ?? [], deny: scope.deny ?? [] } : null,
          changed_files: Array.isArray(d["changed_files"]) ? (d["changed_files"] as unknown[]).filter((f): f is string => typeof f === "string") : [],
        });
      }
    }
  }
  if (!opts.governanceRef) {
    const mb = await gitRaw(repo.root, ["merge-base", baseSha, headSha]);
    if (mb.code === 0) {
      const baseSegs = await segmentsAt(repo, mb.stdout.trim(), ledgerDir);
      for (const [name, lines] of baseSegs) {
        const now = headSegs.get(name);
        if (!now) governanceFindings.push({ code: "ledger_invalid", severity: "error", message: `ledger segment ${name} exists at the merge base but not at head`, ref: name });
        else if (lines.some((line, i) => now[i] !== line)) governanceFindings.push({ code: "ledger_invalid", severity: "error", message: `ledger segment ${name} rewrites records of the merge base`, ref: name });
      }
    }
  }

  // Commits with trailers and touched files, one git call.
  const log = await git(repo.root, ["log", "--no-merges", "--name-only", "-z", "--format=%x1e%H%x1f%s%x1f%(trailers:key=Exo-Session,valueonly,separator=%x2c)%x1f%(trailers:key=Exo-Generated,valueonly,separator=%x2c)%x1f", `${baseSha}..${headSha}`]);
  const commits: CommitFact[] = [];
  for (const chunk of log.split("\x1e").filter((c) => c.trim() !== "")) {
    const [sha = "", subject = "", sessionRaw = "", generatedRaw = "", rest = ""] = chunk.split("\x1f");
    const session = sessionRaw.trim().split(",")[0]?.trim() ?? "";
    commits.push({
      sha: sha.trim(),
      subject,
      session: session || null,
      generated: generatedRaw.trim().toLowerCase().startsWith("true"),
      files: rest.split("\0").map((f) => f.trim()).filter(Boolean),
    });
  }
  // The root .gitignore is exo's when all a change does there is sidecar-init's `/.exo/` line (SPEC
  // §3.4): that commit is governed and the file is no session's to cover (before: sidecar-init's
  // own commit was an ungoverned_commit and .gitignore an uncovered_file).
  for (const c of commits) {
    if (c.generated && c.files.includes(SIDECAR_IGNORE_FILE) && (await onlySidecarIgnoreLine(repo, [`${c.sha}^`, c.sha]))) c.files = c.files.filter((f) => f !== SIDECAR_IGNORE_FILE);
  }
  const diff = await git(repo.root, ["diff", "--name-status", "-M", "-z", `${baseSha}...${headSha}`]);
  const parts = diff.split("\0").filter((p) => p !== "");
  const changed: ChangedFile[] = [];
  for (let i = 0; i < parts.length; ) {
    const status = parts[i++] as string;
    if (status.startsWith("R") || status.startsWith("C")) {
      const oldPath = parts[i++] as string;
      const newPath = parts[i++] as string;
      changed.push({ status: status[0] as string, path: newPath, old_path: status.startsWith("R") ? oldPath : null });
    } else changed.push({ status: status[0] as string, path: parts[i++] as string, old_path: null });
  }
  const ignoreAt = changed.findIndex((f) => f.path === SIDECAR_IGNORE_FILE && f.old_path === null && f.status !== "D");
  if (ignoreAt >= 0 && (await onlySidecarIgnoreLine(repo, [`${baseSha}...${headSha}`]))) changed.splice(ignoreAt, 1);
  let seal: SealedPolicy | null = null;
  try {
    seal = sealText ? (JSON.parse(sealText) as SealedPolicy) : null;
  } catch {
    seal = null;
  }
  const report = judgePr({
    commits,
    closing,
    known,
    started,
    changed,
    ignorePaths: config.git.ignore_paths,
    threshold: opts.threshold ?? config.pr_check.drift_threshold,
    uncoveredSeverity: config.pr_check.uncovered_files === "error" ? "error" : "warning",
    seal,
    governanceFindings,
  });
  const { verdict, ...rest } = report;
  // SPEC §6.5 lists verdict, base, head, then the report.
  return { verdict, base: baseName, head: opts.head, ...rest, ...(commits.length === 0 && !opts.governanceRef ? await sinceInstall(repo, baseName, headSha, exoRel) : {}) };
}

const SIDECAR_IGNORE_FILE = ".gitignore";

/** True when the root .gitignore's change over `range` is only the `/.exo/` line sidecar-init adds (§7.27 step 7). */
async function onlySidecarIgnoreLine(repo: Repo, range: string[]): Promise<boolean> {
  const r = await gitRaw(repo.root, ["diff", "-U0", "--no-color", "--no-ext-diff", ...range, "--", SIDECAR_IGNORE_FILE]);
  if (r.code !== 0) return false;
  const lines = r.stdout.split("\n").filter((l) => (l.startsWith("+") || l.startsWith("-")) && !l.startsWith("+++") && !l.startsWith("---"));
  return lines.length > 0 && lines.every((l) => l === "+/.exo/");
}

/**
 * No commits between base and head: run on the base branch itself (before: "PASS main..HEAD: 0
 * commits", nothing checked and nothing said). The step that checks something is the same check
 * from the commit that installed exo, when there are commits since.
 */
async function sinceInstall(repo: Repo, baseName: string, headSha: string, exoRel: string): Promise<{ next_command?: string; next_reason?: string }> {
  const added = await gitRaw(repo.root, ["log", "--format=%H", "--diff-filter=A", "-1", headSha, "--", `${exoRel}config.yaml`]);
  const install = added.code === 0 ? added.stdout.trim() : "";
  if (install === "" || install === headSha) return {};
  return {
    next_command: `exo pr-check --base ${install.slice(0, 12)}`,
    next_reason: `HEAD has no commits that ${baseName} lacks: nothing was checked; pass --base to check the commits since exo was installed`,
  };
}
