// The install journal (issue #18): `exo install` is a journaled transaction. Before its first
// change it writes <state>/cache/install/journal.json — its options, the paths that were dirty
// before it (so a resumed run still commits the files the killed one created), the user files it
// may change and a backup of each. Steps are marked done as they finish; the journal and the
// backups go after the commit. A kill at any step leaves the journal: the next `exo install`
// (or `exo doctor --fix`) resumes it, and `exo doctor` reports "interrupted install".
import { copyFile, mkdir, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { formatJson, writeFileAtomic, writeJsonAtomic } from "../io/fs-atomic.js";
import { gitHooksDir } from "../io/git-config.js";
import { isPidDead } from "../io/guard.js";
import type { Repo } from "../io/paths.js";
import { readTextOrNull } from "../io/read.js";
import { sha256 } from "../kernel/canon.js";
import { TARGET_FILES } from "../stdlib/adapters/model.js";
import { GIT_HOOK_NAMES } from "../stdlib/hooks/install.js";

export interface InstallJournalInput {
  scan: boolean;
  adapters: boolean;
  hooks: boolean;
  commit: boolean;
  harness: string[];
  example?: boolean | undefined;
  mcp?: boolean | undefined;
}

export interface BackupEntry {
  /** Repository-relative path (or absolute for files outside the work tree, e.g. git hooks). */
  path: string;
  /** File name under the backup folder. */
  backup: string;
  sha256: string;
}

export interface InstallJournal {
  format: "exo.install-journal/1";
  pid: number;
  host: string;
  started_at: string;
  input: InstallJournalInput;
  dirty_before: string[];
  /** User files (outside .exo/) the install may change, each backed up when it existed. */
  backups: BackupEntry[];
  /** Install steps finished so far, in order. */
  done: string[];
}

export function installDir(repo: Repo): string {
  return join(repo.cacheDir, "install");
}

function journalFile(repo: Repo): string {
  return join(installDir(repo), "journal.json");
}

/** The journal of an interrupted (or running) install, null when none or unreadable. */
export async function readInstallJournal(repo: Repo): Promise<InstallJournal | null> {
  const text = await readTextOrNull(journalFile(repo));
  if (text === null) return null;
  try {
    const j = JSON.parse(text) as Partial<InstallJournal>;
    if (j.format !== "exo.install-journal/1" || !Array.isArray(j.dirty_before) || !Array.isArray(j.backups) || !Array.isArray(j.done) || typeof j.input !== "object" || j.input === null) return null;
    return j as InstallJournal;
  } catch {
    return null;
  }
}

/** A journal file exists (readable or not). */
export function hasInstallJournal(repo: Repo): boolean {
  return existsSync(journalFile(repo));
}

/** Whether the install that wrote the journal may still be running (same host, live pid). */
export function installRunning(journal: InstallJournal, host: string): boolean {
  return journal.host === host && journal.pid !== process.pid && !isPidDead(journal.pid);
}

async function gitHookFiles(repo: Repo): Promise<string[]> {
  const dir = await gitHooksDir(repo);
  return dir ? GIT_HOOK_NAMES.map((n) => join(dir, n)) : [];
}

/** Every user file an install may change: instruction files, harness settings, MCP files, git hooks. */
export async function candidateUserFiles(repo: Repo, planned: string[]): Promise<string[]> {
  const exoRel = repo.relative(repo.exoDir);
  const rel = [...Object.values(TARGET_FILES), ...planned].filter((p) => !p.startsWith(`${exoRel}/`) && !p.startsWith("/"));
  return [...new Set([...rel, ...(await gitHookFiles(repo))])].sort();
}

const abs = (repo: Repo, p: string) => (p.startsWith("/") ? p : join(repo.root, p));

/** Write the journal with backups of the user files that exist now. */
export async function beginInstallJournal(repo: Repo, base: Omit<InstallJournal, "format" | "backups" | "done">, files: string[]): Promise<InstallJournal> {
  const dir = join(installDir(repo), "backup");
  await mkdir(dir, { recursive: true });
  const backups: BackupEntry[] = [];
  for (const [i, path] of files.entries()) {
    const text = await readTextOrNull(abs(repo, path)).catch(() => null);
    if (text === null) continue;
    const backup = `${i}-${path.split("/").pop() ?? "file"}`;
    await copyFile(abs(repo, path), join(dir, backup));
    backups.push({ path, backup, sha256: sha256(text) });
  }
  const journal: InstallJournal = { format: "exo.install-journal/1", ...base, backups, done: [] };
  await writeJsonAtomic(journalFile(repo), journal);
  return journal;
}

export async function markInstallStep(repo: Repo, journal: InstallJournal, step: string): Promise<void> {
  if (journal.done.includes(step)) return;
  journal.done.push(step);
  await writeFileAtomic(journalFile(repo), formatJson(journal));
}

export async function endInstallJournal(repo: Repo): Promise<void> {
  await rm(installDir(repo), { recursive: true, force: true });
}

/**
 * Before a resumed install: a user JSON file (settings, MCP) found unparsable comes back from its
 * backup (exo writes atomically, so this is a net under a torn write by anything). Returns the paths.
 */
export async function restoreDamagedFiles(repo: Repo, journal: InstallJournal): Promise<string[]> {
  const restored: string[] = [];
  for (const b of journal.backups) {
    if (b.path.startsWith("/")) continue; // git hooks: install keeps the user's as <name>.pre-exo
    const file = abs(repo, b.path);
    const now = await readTextOrNull(file).catch(() => null);
    let damaged = false;
    if (now !== null && b.path.endsWith(".json")) {
      try {
        JSON.parse(now);
      } catch {
        damaged = true;
      }
    }
    if (!damaged) continue;
    const saved = await readFile(join(installDir(repo), "backup", b.backup), "utf8").catch(() => null);
    if (saved === null || sha256(saved) !== b.sha256) continue;
    await writeFileAtomic(file, saved);
    restored.push(b.path);
  }
  return restored;
}
