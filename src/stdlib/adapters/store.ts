// Adapter files (SPEC §8.7, §4.14): write blocks in place, record hashes in generated.json,
// report missing / stale / edited / fresh.
import { CLOSED_STATUSES } from "../tickets/types.js";
import { shellWord } from "../../kernel/quote.js";
import { constants, existsSync, realpathSync, statSync } from "node:fs";
import { access, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { ExoError, ErrorCode } from "../../errors.js";
import { sha256 } from "../../kernel/canon.js";
import { writeCacheFileSync, writeFileAtomic, writeJsonAtomic } from "../../io/fs-atomic.js";
import type { Repo } from "../../io/paths.js";
import { dependsOnExo } from "../../io/runs-as.js";
import { isSymlinkSync, readGovernedTextOrNull, readJsonSync, readTextOrNull, readTextOrNullSync } from "../../io/read.js";
import { EXO_VERSION } from "../../version.js";
import { readSealedPolicy } from "../config/store.js";
import { listLearnings } from "../learnings/store.js";
import { listTickets } from "../tickets/store.js";
import { isSidecar } from "../git/sidecar.js";
import { ciWorkflow, cursorMdc, dropBlock, findBlock, governanceOf, importsAgents, lfText, placeBlock, renderBlock, TARGET_FILES, WHOLE_FILE, windsurfRule, type AdapterContext, type Target } from "./model.js";
import { assertKnownFormat } from "../state-format.js";

export interface Generated {
  format: "exo.generated/1";
  files: Record<string, { target: string; kind: "block" | "file"; governance_sha256: string; content_sha256: string }>;
  claude_permissions_deny: string[];
}

export type AdapterStatus = "missing" | "stale" | "edited" | "fresh";

export async function readGenerated(repo: Repo): Promise<Generated> {
  const text = await readTextOrNull(repo.generatedFile);
  try {
    const g = text ? (JSON.parse(text) as Generated) : null;
    // A newer exo's manifest is not rewritten in this exo's format (SPEC §4).
    assertKnownFormat(g, "generated", ".exo/generated.json");
    if (g && typeof g.files === "object") return { format: "exo.generated/1", files: g.files, claude_permissions_deny: g.claude_permissions_deny ?? [] };
  } catch (error) {
    if (error instanceof ExoError) throw error;
    // unparsable: rebuilt below
  }
  return { format: "exo.generated/1", files: {}, claude_permissions_deny: [] };
}

export async function adapterContext(repo: Repo): Promise<AdapterContext> {
  const policy = await readSealedPolicy(repo);
  if (!policy) throw new ExoError(ErrorCode.GOVERNANCE_MISSING, "No sealed policy; run exo compose first.", { hint: "exo compose" });
  const index = await listTickets(repo);
  const open = (s: string) => !CLOSED_STATUSES.has(s);
  const intents = index.list
    .filter((t) => t.kind === "intent" && open(t.status))
    .sort((a, b) => a.priority - b.priority || (a.created_at < b.created_at ? -1 : 1) || (a.id < b.id ? -1 : 1))
    .map((t) => {
      const subtree = new Set([t.id]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const x of index.list) {
          if (x.parent && subtree.has(x.parent) && !subtree.has(x.id)) {
            subtree.add(x.id);
            grew = true;
          }
        }
      }
      const openTasks = index.list.filter((x) => x.kind === "task" && subtree.has(x.id) && open(x.status)).length;
      return { id: t.id, title: t.title, allow: t.scope.allow, openTasks, priority: t.priority };
    });
  const rank: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
  const learnings = (await listLearnings(repo))
    .filter((l) => l.status === "active" && l.scope === "global")
    .sort((a, b) => (rank[a.severity] ?? 9) - (rank[b.severity] ?? 9) || (a.created_at < b.created_at ? 1 : -1))
    .map((l) => ({ id: l.id, severity: l.severity, insight: l.insight }));
  return { lockSha256: policy.lock_sha256, lockVersion: policy.lock_version, policy, intents, learnings, exoVersion: EXO_VERSION, requirements: existsSync(repo.requirementsFile), sidecar: isSidecar(repo.exoDir) };
}

/**
 * The hashes of adapter texts this clone hashed before (`cache/adapter-hashes.json`): each with
 * the whole text it was taken of, so a hash is reused only for the same text (a string compare, no
 * stat or clock involved). `exo status` checks every adapter exo generated, and an adapter of a few
 * kilobytes is past what the in-bundle hasher takes, so without it every status loaded node:crypto
 * (5–7 ms with the stream modules it brings).
 */
interface HashMemo {
  format: "exo.adapter-hashes/1";
  files: Record<string, { text: string; sha256: string }>;
}

const memos = new Map<string, HashMemo>();

function memoFile(repo: Repo): string {
  return join(repo.cacheDir, "adapter-hashes.json");
}

function hashMemo(repo: Repo): HashMemo {
  const file = memoFile(repo);
  let memo = memos.get(file);
  if (!memo) {
    const kept = readJsonSync(file) as HashMemo | null | undefined;
    memo = kept && kept.format === "exo.adapter-hashes/1" && kept.files && typeof kept.files === "object" ? kept : { format: "exo.adapter-hashes/1", files: {} };
    memos.set(file, memo);
  }
  return memo;
}

/** sha256 of an adapter's text, from the memo when this file's text was hashed before. */
function memoSha256(repo: Repo, rel: string, text: string): string {
  const memo = hashMemo(repo);
  const kept = memo.files[rel];
  if (kept && kept.text === text && typeof kept.sha256 === "string") return kept.sha256;
  const hash = sha256(text);
  memo.files[rel] = { text, sha256: hash };
  writeCacheFileSync(memoFile(repo), `${JSON.stringify(memo)}\n`);
  return hash;
}

function contentHash(target: Target, text: string, memo?: { repo: Repo; rel: string }): string | null {
  let hashed = WHOLE_FILE.has(target) ? text : ((loc) => (loc && loc !== "broken" ? loc.inner : null))(findBlock(text));
  if (hashed === null) return null;
  // Line ends are the checkout's (core.autocrlf), not an edit: the hash is of the LF text.
  hashed = lfText(hashed);
  return memo ? memoSha256(memo.repo, memo.rel, hashed) : sha256(hashed);
}

/** Status of one target against the current lock and generated.json. */
export async function targetStatus(repo: Repo, target: Target, lockSha: string, generated: Generated): Promise<AdapterStatus> {
  const rel = TARGET_FILES[target];
  const text = await readTextOrNull(join(repo.root, rel));
  if (text === null) return "missing";
  // CLAUDE.md importing AGENTS.md is as fresh as AGENTS.md's block; a block of its own besides is one too many (stale: adapter-generate drops it).
  if (target === "claude" && generated.files[TARGET_FILES.agents] && importsAgents(text) && !isSymlinkSync(join(repo.root, rel))) return findBlock(text) === null ? targetStatus(repo, "agents", lockSha, generated) : "stale";
  const loc = WHOLE_FILE.has(target) && target === "ci" ? { inner: text } : findBlock(text);
  // A whole file exo wrote is all exo's (its hash is the whole file's): one left without exo's
  // block was replaced by hand, and generating refuses it without --force, so it is edited.
  if ((loc === null || loc === "broken") && WHOLE_FILE.has(target)) return "edited";
  if (loc === null || loc === "broken") return "missing";
  const record = generated.files[rel];
  const hash = contentHash(target, text, { repo, rel });
  if (record && hash !== record.content_sha256) return "edited";
  if (governanceOf(loc.inner) !== lockSha) return "stale";
  return record ? "fresh" : "edited";
}

/** Why a repo-relative file cannot be written (a parent that is a file, a read-only file), or null. */
async function unwritable(root: string, rel: string): Promise<string | null> {
  const parts = rel.split("/");
  for (let i = 1; i < parts.length; i++) {
    const dir = join(root, ...parts.slice(0, i));
    const info = await stat(dir).catch(() => null);
    if (info && !info.isDirectory()) return `${parts.slice(0, i).join("/")} is a file, not a folder`;
    if (!info) break;
  }
  const file = join(root, rel);
  if (existsSync(file)) {
    const ok = await access(file, constants.W_OK).then(() => true, () => false);
    if (!ok) return "the file is read-only";
  }
  return null;
}

export interface GenerateOptions {
  targets: Target[];
  dryRun: boolean;
  check: boolean;
  force: boolean;
  /**
   * Leave a fresh target (§8.7: the current governance, its content as exo wrote it) as it is,
   * though the open intents or learnings it lists moved on: exo install's rerun (adapter-generate
   * refreshes them). Before, a teammate's rerun in a clone where intents had changed rewrote
   * CLAUDE.md, AGENTS.md and generated.json and committed them, while doctor called them fresh.
   */
  keepFresh?: boolean;
}

export interface GenerateResult {
  targets: { target: Target; path: string; status: string }[];
  governance_sha256: string;
  files: string[];
}

/**
 * Where a target's block lives: its own file, or the file inside the work tree its file is a link
 * to (a `CLAUDE.md` linked to `AGENTS.md`, one instruction file for every agent). Before, the
 * atomic write replaced the link with a file of its own (git: `mode change 120000 => 100644`) and
 * the person's later edits of `AGENTS.md` no longer reached Claude Code.
 */
function homeOf(repo: Repo, target: Target): string {
  const rel = TARGET_FILES[target];
  const file = join(repo.root, rel);
  if (WHOLE_FILE.has(target) || !isSymlinkSync(file)) return rel;
  try {
    const top = realpathSync(repo.root);
    const real = realpathSync(file);
    if (real.startsWith(`${top}${sep}`) && statSync(real).isFile()) return relative(top, real).split(sep).join("/");
  } catch {
    // a dangling link, or one out of the tree (refused when read): its own path
  }
  return rel;
}

/** The files of the person's own that instruction files link to (`CLAUDE.md` -> `docs/AI.md`): exo's blocks live there. */
export function linkedHomes(repo: Repo): string[] {
  const own = new Set(Object.values(TARGET_FILES));
  return [...new Set((Object.keys(TARGET_FILES) as Target[]).map((t) => homeOf(repo, t)).filter((home) => !own.has(home)))].sort();
}

/** Whether CLAUDE.md, a file of its own, imports AGENTS.md (`@AGENTS.md`): Claude Code then reads AGENTS.md's block, which names it. */
function claudeImportsAgents(repo: Repo, targets: readonly Target[]): boolean {
  if (!targets.includes("claude") || !targets.includes("agents") || homeOf(repo, "claude") !== TARGET_FILES.claude) return false;
  return importsAgents(readTextOrNullSync(join(repo.root, TARGET_FILES.claude)) ?? "");
}

/** `npx --no-install exo` when the project has exoprotocol as a dependency (its agents have no `exo` on PATH), else `exo`: how the instruction files write commands. */
export function projectExo(repo: Repo): string {
  return dependsOnExo(repo.root) ? "npx --no-install exo" : "exo";
}

export async function generateAdapters(repo: Repo, opts: GenerateOptions): Promise<GenerateResult> {
  const ctx = await adapterContext(repo);
  const generated = await readGenerated(repo);
  const out: GenerateResult = { targets: [], governance_sha256: ctx.lockSha256, files: [] };
  if (opts.check) {
    for (const target of opts.targets) out.targets.push({ target, path: TARGET_FILES[target], status: await targetStatus(repo, target, ctx.lockSha256, generated) });
    return out;
  }
  const exo = projectExo(repo);
  // Targets whose files are one file (links to it, or CLAUDE.md importing AGENTS.md) get one block naming each harness's actor.
  const importing = claudeImportsAgents(repo, opts.targets);
  const homes = new Map<string, Target[]>();
  for (const target of opts.targets) {
    const home = importing && target === "claude" ? homeOf(repo, "agents") : homeOf(repo, target);
    homes.set(home, [...(homes.get(home) ?? []), target]);
  }
  // Plan everything first: a broken or hand-edited file stops the run before anything is written.
  const plans: { targets: Target[]; rel: string; text: string; status: string }[] = [];
  const edited: string[] = [];
  const planned = async (rel: string, group: Target[], existing: string | null): Promise<void> => {
    const target = group[0] as Target;
    if (opts.keepFresh && existing !== null && (await Promise.all(group.map((t) => targetStatus(repo, t, ctx.lockSha256, generated)))).every((x) => x === "fresh")) {
      plans.push({ targets: group, rel, text: existing, status: "unchanged" });
      return;
    }
    if (existing !== null && !WHOLE_FILE.has(target) && findBlock(existing) === "broken") {
      // The line of the first marker, and the editor opened there (before: no hint, and install's was a rerun that failed the same way).
      const line = existing.split("\n").findIndex((l) => l.includes("<!-- exo:begin -->") || l.includes("<!-- exo:end -->")) + 1;
      throw new ExoError(ErrorCode.ADAPTER_EDITED, `${rel}${line > 0 ? `:${line}` : ""} has an exo:begin marker without a matching exo:end (or the reverse); fix the markers by hand, then regenerate. Nothing was written.`, {
        hint: `"\${EDITOR:-vi}" ${line > 0 ? `+${line} ` : ""}${shellWord(rel)} && exo adapter-generate`,
        details: { paths: [rel], ...(line > 0 ? { line } : {}) },
      });
    }
    let text: string;
    if (target === "ci") text = ciWorkflow(ctx);
    else if (target === "cursor") text = cursorMdc(renderBlock(target, ctx, exo));
    else if (target === "windsurf") text = windsurfRule(ctx, exo);
    else text = placeBlock(existing, renderBlock(group, ctx, exo));
    // The same text with the checkout's CRLF line ends is unchanged, not rewritten with LF ones.
    if (existing !== null && existing !== text && lfText(existing) === lfText(text)) text = existing;
    if (WHOLE_FILE.has(target) && existing !== null && existing !== text && !opts.force) {
      const record = generated.files[rel];
      if (!record || sha256(lfText(existing)) !== record.content_sha256) edited.push(rel);
    }
    plans.push({ targets: group, rel, text, status: existing === text ? "unchanged" : opts.dryRun ? "planned" : "written" });
  };
  for (const [home, group] of homes) {
    // A file linked outside the repository is refused: its text would be kept around exo's block.
    const file = join(repo.root, home);
    await planned(home, group, await readGovernedTextOrNull(file, [repo.mainRoot, repo.root]));
  }
  // CLAUDE.md importing AGENTS.md keeps no block of its own: Claude read both (one saying agent:claude, the other agent:codex).
  const own = importing ? await readGovernedTextOrNull(join(repo.root, TARGET_FILES.claude), [repo.mainRoot, repo.root]) : null;
  const dropped = own === null ? null : dropBlock(own);
  if (own !== null && dropped !== null) plans.push({ targets: [], rel: TARGET_FILES.claude, text: dropped, status: own === dropped ? "unchanged" : opts.dryRun ? "planned" : "written" });
  if (edited.length > 0) {
    throw new ExoError(ErrorCode.ADAPTER_EDITED, `${edited.join(", ")} ${edited.length === 1 ? "was" : "were"} edited by hand; pass --force to overwrite. Nothing was written.`, { hint: "exo adapter-generate --force", details: { paths: edited } });
  }
  if (opts.check) return out;
  // Every target must be writable before the first one is written.
  for (const p of plans) {
    if (p.status !== "written" && p.status !== "planned") continue;
    const problem = await unwritable(repo.root, p.rel);
    if (problem) throw new ExoError(ErrorCode.IO_ERROR, `Cannot write ${p.rel}: ${problem}. Nothing was written.`, { details: { paths: [p.rel], errno: null } });
  }
  for (const p of plans) {
    for (const target of p.targets) {
      const rel = TARGET_FILES[target];
      // CLAUDE.md importing AGENTS.md has AGENTS.md's block, and no record of its own (targetStatus follows the import).
      if (importing && target === "claude") {
        delete generated.files[rel];
        out.targets.push({ target, path: rel, status: plans.find((x) => x.rel === rel && x.status !== "unchanged")?.status ?? p.status });
        continue;
      }
      out.targets.push({ target, path: rel, status: p.status });
      generated.files[rel] = { target, kind: WHOLE_FILE.has(target) ? "file" : "block", governance_sha256: ctx.lockSha256, content_sha256: contentHash(target, p.text, { repo, rel: p.rel }) ?? "" };
    }
    if (p.status === "written") {
      await writeFileAtomic(join(repo.root, p.rel), p.text);
      out.files.push(p.rel);
    }
  }
  if (!opts.dryRun) {
    const { noteExoWrites } = await import("../drift/exo-writes.js");
    await noteExoWrites(repo, out.files);
    const sorted: Generated = { format: "exo.generated/1", files: Object.fromEntries(Object.entries(generated.files).sort(([a], [b]) => (a < b ? -1 : 1))), claude_permissions_deny: generated.claude_permissions_deny };
    const before = await readTextOrNull(repo.generatedFile);
    const next = `${JSON.stringify(sorted, null, 2)}\n`;
    if (before !== next) {
      await writeJsonAtomic(repo.generatedFile, sorted);
      out.files.push(repo.relative(repo.generatedFile));
    }
  }
  return out;
}
