// Scaffolding of the .exo/ tree (SPEC §3.1, §3.2), shared by init and install.
import { probeCase } from "../io/fs-case.js";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Context } from "../commands/context.js";
import { ExoError, ErrorCode } from "../errors.js";
import { writeFileAtomic } from "../io/fs-atomic.js";
import { gitRaw } from "../io/git.js";
import type { Repo } from "../io/paths.js";
import { readTextOrNull } from "../io/read.js";
import { defaultConfigText } from "../stdlib/config/model.js";
import { defaultConstitutionText } from "../stdlib/constitution/model.js";
import { compose } from "../stdlib/governance/store.js";

export interface InitData {
  created: string[];
  existing: string[];
  lock: { version: number; lock_sha256: string };
}

export const EXO_GITIGNORE = `# exo: ephemeral state, never committed
/sessions/
/locks/
/cache/
/logs/
/traces/
`;

/** init's base-branch detection: origin/HEAD's target, else main, else master, else current. */
export async function detectBaseBranch(root: string): Promise<string> {
  const originHead = await gitRaw(root, ["symbolic-ref", "--short", "-q", "refs/remotes/origin/HEAD"]);
  if (originHead.code === 0 && originHead.stdout.trim()) return originHead.stdout.trim().replace(/^origin\//, "");
  for (const name of ["main", "master"]) {
    const r = await gitRaw(root, ["show-ref", "--verify", "--quiet", `refs/heads/${name}`]);
    if (r.code === 0) return name;
  }
  const current = await gitRaw(root, ["symbolic-ref", "--short", "-q", "HEAD"]);
  return current.stdout.trim() || "main";
}

export interface ScaffoldFiles {
  constitution?: string;
  config?: string;
}

/** Create what is missing; never overwrite a file that exists. */
export async function scaffoldFiles(repo: Repo, files: ScaffoldFiles = {}): Promise<{ created: string[]; existing: string[] }> {
  const created: string[] = [];
  const existing: string[] = [];
  for (const dir of ["tickets", "mementos", "handoffs", "learnings", "ledger"]) await mkdir(join(repo.exoDir, dir), { recursive: true });
  for (const dir of [repo.sessionsDir, repo.locksDir, repo.cacheDir, repo.logsDir, repo.tracesDir]) await mkdir(dir, { recursive: true });
  const wanted: [string, () => Promise<string>][] = [
    [repo.gitignoreFile, () => Promise.resolve(EXO_GITIGNORE)],
    [join(repo.exoDir, ".gitattributes"), async () => (await import("../stdlib/git/team.js")).EXO_GITATTRIBUTES],
    [repo.constitutionFile, () => Promise.resolve(files.constitution ?? defaultConstitutionText(basename(repo.root)))],
    [repo.configFile, async () => files.config ?? defaultConfigText(await detectBaseBranch(repo.root))],
  ];
  for (const [file, text] of wanted) {
    if (existsSync(file) && (await readTextOrNull(file)) !== null) {
      existing.push(repo.relative(file));
      continue;
    }
    await writeFileAtomic(file, await text());
    created.push(repo.relative(file));
  }
  return { created, existing };
}

export async function scaffold(ctx: Context, opts: { reason: "init" | "install"; files?: ScaffoldFiles; scan?: boolean; example?: boolean }): Promise<InitData> {
  const repo = await ctx.repo();
  if (opts.reason === "init" && !existsSync(repo.configFile)) {
    // Governance committed here but missing from the work tree (a sparse checkout leaving .exo/
    // out, or .exo/ deleted by hand): a fresh scaffold would overwrite it with a second one.
    const { deletedGovernance, outsideSparseCheckout } = await import("./not-initialized.js");
    const sparse = await outsideSparseCheckout(repo);
    if (sparse) throw sparse;
    const gone = await deletedGovernance(repo);
    if (gone) throw new ExoError(ErrorCode.NOT_INITIALIZED, `${gone.message}; exo init would start a second governance over it.`, { hint: gone.restore, details: { deleted: gone.deleted } });
  }
  const lockExisted = existsSync(repo.lockFile);
  const sealExisted = existsSync(repo.sealFile);
  let files = opts.files;
  if (opts.scan && !files) {
    const { scanRepo } = await import("../stdlib/scan/scan.js");
    const scan = await scanRepo(repo);
    files = {
      constitution: defaultConstitutionText(basename(repo.root), { sensitivePatterns: scan.sensitive_patterns, deleteOnly: scan.delete_only, budgets: scan.budgets }),
      config: defaultConfigText(await detectBaseBranch(repo.root), { allowlist: scan.checks, ignorePaths: scan.ignore_paths, defaultChecks: scan.default_ticket_checks }),
    };
  }
  const { created, existing } = await scaffoldFiles(repo, files);
  probeCase(repo.stateDir); // the hooks' answer to "is this filesystem case-insensitive" (SPEC §7.1)
  // This clone's config: the ticket merge driver and the lease fetch refspecs (§ team scale).
  const { registerTeamConfig } = await import("../stdlib/git/team.js");
  const { loadConfig } = await import("../stdlib/config/store.js");
  await registerTeamConfig(repo, (await loadConfig(repo).catch(() => null))?.git.remote ?? "origin").catch(() => []);
  const result = await compose(repo, { actor: ctx.actor, host: ctx.host, now: ctx.now(), reason: opts.reason });
  for (const [file, existed] of [[repo.lockFile, lockExisted], [repo.sealFile, sealExisted]] as const) {
    (existed ? existing : created).push(repo.relative(file));
  }
  if (opts.example) {
    const { addExample } = await import("./example.js");
    created.push(...(await addExample(ctx)).created);
  }
  return { created, existing, lock: { version: result.version, lock_sha256: result.lock_sha256 } };
}
