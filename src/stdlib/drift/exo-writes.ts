// Files outside .exo/ that an exo command wrote in a work tree (adapter-generate's CLAUDE.md,
// AGENTS.md, .cursor/rules/exo.mdc, …), with the content exo left there. A session's changes leave
// out such a file while it keeps that content (SPEC §7.15: exo-written files are not the session's
// work): a person who regenerates the adapters while agents work does not charge them with it.
// Derived and best-effort: a lost or garbled record only means the file is charged as before.
import { join } from "node:path";
import { writeJsonAtomic } from "../../io/fs-atomic.js";
import type { Repo } from "../../io/paths.js";
import { readCacheJsonSync } from "../../io/read.js";
import { contentIds } from "./attribution.js";

interface ExoWrites {
  format: "exo.exo-writes/1";
  /** work tree → repository-relative path → content id (git blob id) exo wrote. */
  roots: Record<string, Record<string, string>>;
}

/** At most this many paths per work tree (the adapters are a handful; the rest is old). */
const MAX_PATHS = 64;

function file(repo: Repo): string {
  return join(repo.cacheDir, "exo-writes.json");
}

function read(repo: Repo): ExoWrites {
  const value = readCacheJsonSync(file(repo)) as ExoWrites | null;
  return value && value.format === "exo.exo-writes/1" && typeof value.roots === "object" && value.roots !== null ? value : { format: "exo.exo-writes/1", roots: {} };
}

/** Record what exo just wrote at these paths of the current work tree. */
export async function noteExoWrites(repo: Repo, rels: readonly string[]): Promise<void> {
  const paths = rels.filter((p) => p !== ".exo" && !p.startsWith(".exo/"));
  if (paths.length === 0) return;
  try {
    const ids = await contentIds(repo.root, paths);
    const all = read(repo);
    const mine = { ...(all.roots[repo.root] ?? {}) };
    for (const p of paths) {
      delete mine[p];
      const id = ids.get(p);
      if (id) mine[p] = id;
    }
    const kept = Object.entries(mine).slice(-MAX_PATHS);
    all.roots[repo.root] = Object.fromEntries(kept);
    await writeJsonAtomic(file(repo), all);
  } catch {
    // best-effort: without the record the file is charged as before
  }
}

/** What exo wrote in this work tree: path → content id. */
export function exoWrites(repo: Repo, worktree: string): Map<string, string> {
  try {
    const mine = read(repo).roots[worktree] ?? {};
    return new Map(Object.entries(mine).filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch {
    return new Map();
  }
}
