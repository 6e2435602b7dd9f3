// Traceability I/O: the manifests and the scanned files (git ls-files, never a tree walk).
import { join } from "node:path";
import { ExoError, ErrorCode } from "../../errors.js";
import { matchesAny } from "../../kernel/globs.js";
import { git } from "../../io/git.js";
import type { Repo } from "../../io/paths.js";
import { readGovernedTextOrNull } from "../../io/read.js";
import { readWorkTreeText } from "../../io/worktree-read.js";
import type { Config } from "../config/model.js";
import { parseFeatures, parseRequirements, type Features, type Requirements } from "../governance/manifests.js";
import { scanTags, type FileTags } from "./model.js";

const MAX_BYTES = 1024 * 1024;

function manifestError(file: string, issues: { message: string; code?: string; line?: number }[]): ExoError {
  const first = issues[0];
  if (first?.code === "format_unsupported") return new ExoError(ErrorCode.FORMAT_UNSUPPORTED, `${file}: ${first.message}; upgrade exo.`, { details: { issues } });
  return new ExoError(ErrorCode.MANIFEST_INVALID, `${file}: ${first?.message ?? "invalid"}${first?.line !== undefined ? ` (line ${first.line})` : ""}.`, {
    hint: "exo config-validate",
    details: { issues },
  });
}

export async function loadFeatures(repo: Repo): Promise<Features | null> {
  const text = await readGovernedTextOrNull(repo.featuresFile, [repo.mainRoot, repo.root]);
  if (text === null) return null;
  const { value, issues } = parseFeatures(text);
  if (!value) throw manifestError(".exo/features.yaml", issues);
  return value;
}

export async function loadRequirements(repo: Repo): Promise<Requirements | null> {
  const text = await readGovernedTextOrNull(repo.requirementsFile, [repo.mainRoot, repo.root]);
  if (text === null) return null;
  const { value, issues } = parseRequirements(text);
  if (!value) throw manifestError(".exo/requirements.yaml", issues);
  return value;
}

/** Tracked and untracked (not ignored) files, repo-relative. */
export async function listRepoFiles(repo: Repo): Promise<string[]> {
  const out = await git(repo.root, ["ls-files", "-co", "--exclude-standard", "-z"]);
  return [...new Set(out.split("\0").filter(Boolean))].sort();
}

/** Read a file for scanning: null when over 1 MiB, binary, gone or not a regular file (io/read). */
export async function readScannable(file: string): Promise<string | null> {
  return (await readWorkTreeText(file, MAX_BYTES))?.toString("utf8") ?? null;
}

export interface ScanResult {
  files: string[];
  tags: FileTags[];
}

/** Scan the files traceability covers (include − exclude − .exo/**), optionally narrowed by globs. */
export async function scanRepository(repo: Repo, config: Config, paths: readonly string[]): Promise<ScanResult> {
  const all = await listRepoFiles(repo);
  const files = all.filter(
    (p) =>
      !p.startsWith(".exo/") &&
      matchesAny(config.traceability.include, p) !== null &&
      matchesAny(config.traceability.exclude, p) === null &&
      (paths.length === 0 || matchesAny(paths, p) !== null),
  );
  const tags: FileTags[] = [];
  for (const path of files) {
    const text = await readScannable(join(repo.root, path));
    if (text === null || !text.includes("@")) continue;
    const found = scanTags(path, text);
    if (found.features.length + found.reqs.length + found.accs.length + found.unbalanced.length > 0) tags.push(found);
  }
  return { files, tags };
}
