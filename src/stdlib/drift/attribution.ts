// Attribution of uncommitted files to sessions (issue #19). session-start records the files that
// are already dirty (path → content id); finish charges a session with its own commits, its hook
// records and the files that changed since that snapshot — never a file left unchanged since the
// start, nor one another live session recorded as its own (unless this session touched it too).
import { parseDirty } from "../git/porcelain.js";
import { lstat, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
import { gitRaw } from "../../io/git.js";
import { nodeCrypto } from "../../kernel/builtins.js";

/** Content id of a deleted or missing path. */
export const DELETED = "deleted";
/** Files above this size are identified by size and mtime instead of a full read. */
const HASH_LIMIT = 8 * 1024 * 1024;

/** What one session owns in a shared checkout: the paths its hook records list. */
export interface Claim {
  session: string;
  actor: string;
  /** A finished session's claim holds only while the file keeps the content it left. */
  content?: string;
}

export interface Attribution {
  /** Changed files charged to the session (the drift, memento and ledger set). */
  charged: string[];
  /** Dirty before the session started and unchanged since. */
  excluded_preexisting: string[];
  /** Recorded by another live session's hooks and never touched by this one. */
  excluded_other_sessions: { path: string; session: string; actor: string }[];
  /**
   * Brought by a merge or cherry-pick stopped in the work tree (a `git pull` with a conflict): the
   * other side changed them, this session's hooks never did. Present only when not empty.
   */
  excluded_merging?: string[];
}

export interface AttributionInput {
  /** Uncommitted paths (dirty or untracked) not in the session's own commits. */
  uncommitted: readonly string[];
  /** The start snapshot (path → content id); null for sessions started before snapshots existed. */
  startDirty: ReadonlyMap<string, string> | null;
  /** Content ids now, for the uncommitted paths in the snapshot or in a content-bound claim. */
  current: ReadonlyMap<string, string>;
  /** Paths this session's hooks recorded. */
  own: ReadonlySet<string>;
  /** Paths other live sessions in the same worktree recorded, with the first session that did. */
  others: ReadonlyMap<string, Claim>;
}

/** Pure: which uncommitted paths are not the session's, and why (pre-existing wins over sibling). */
export function excludeUncommitted(input: AttributionInput): { preexisting: Set<string>; other: Map<string, Claim> } {
  const preexisting = new Set<string>();
  const other = new Map<string, Claim>();
  for (const p of input.uncommitted) {
    const before = input.startDirty?.get(p);
    if (before !== undefined && input.current.get(p) === before) {
      preexisting.add(p);
      continue;
    }
    const claim = input.others.get(p);
    if (claim && !input.own.has(p) && (claim.content === undefined || input.current.get(p) === claim.content)) other.set(p, claim);
  }
  return { preexisting, other };
}

/**
 * Content id of a worktree path: the git blob id of a regular file (what `git hash-object`
 * prints without filters), `link:<sha1>` of a symlink target, `size:…:mtime:…` for a file
 * above 8 MiB, `dir` for a folder (a nested repository), DELETED when it is gone.
 */
export async function contentId(root: string, path: string): Promise<string> {
  const file = join(root, path);
  let info;
  try {
    info = await lstat(file);
  } catch {
    return DELETED;
  }
  if (info.isSymbolicLink()) {
    try {
      return `link:${nodeCrypto().createHash("sha1").update(await readlink(file)).digest("hex")}`;
    } catch {
      return DELETED;
    }
  }
  if (info.isDirectory()) return "dir";
  if (!info.isFile()) return `special:${info.mode}`;
  if (info.size > HASH_LIMIT) return `size:${info.size}:mtime:${Math.trunc(info.mtimeMs)}`;
  try {
    const body = info.size === 0 ? Buffer.alloc(0) : await readFile(file);
    return nodeCrypto().createHash("sha1").update(`blob ${body.length}\0`).update(body).digest("hex");
  } catch {
    return DELETED;
  }
}

/** Content ids of many paths, a few reads at a time (no process per file). */
export async function contentIds(root: string, paths: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const queue = [...paths];
  const worker = async () => {
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) out.set(p, await contentId(root, p));
  };
  await Promise.all(Array.from({ length: Math.min(16, queue.length) }, worker));
  return out;
}

/** The start snapshot: every dirty or untracked path outside .exo/ with its content id (one git call). */
export async function dirtySnapshot(worktree: string): Promise<Map<string, string>> {
  // Without git's optional index write: session-start lists this while it reads other state, and
  // an agent's own git command may run at the same moment; neither must meet a held index.lock.
  // .exo/ is left to git's pathspec: git then does not look at each committed ticket file, a cost
  // that grew with every ticket ever closed (gitRaw keeps pathspec magic on, io/git.ts).
  const status = await gitRaw(worktree, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ":/", ":(top,exclude).exo"], { env: { GIT_OPTIONAL_LOCKS: "0" } });
  if (status.code !== 0) return new Map();
  const paths = parseDirty(status.stdout).filter((p) => p !== ".exo" && !p.startsWith(".exo/"));
  return contentIds(worktree, paths);
}

const sortedObject = (m: ReadonlyMap<string, string>) => Object.fromEntries([...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));

/**
 * The snapshot file's text (JSON; the file is `<state>/sessions/<SES>.dirty`). `suspended` holds
 * the dirty files when the session was suspended, so resume can tell what changed meanwhile.
 */
export function snapshotText(session: string, takenAt: string, files: ReadonlyMap<string, string>, suspended?: { at: string; files: ReadonlyMap<string, string> }): string {
  const value: Record<string, unknown> = { format: "exo.dirty-snapshot/1", session, taken_at: takenAt, files: sortedObject(files) };
  if (suspended) value["suspended"] = { at: suspended.at, files: sortedObject(suspended.files) };
  return `${JSON.stringify(value)}\n`;
}

function stringMap(v: unknown): Map<string, string> | null {
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  return new Map(Object.entries(v as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** A snapshot file read back: null when missing or unreadable (then nothing counts as pre-existing). */
export function readSnapshot(text: string | null): { takenAt: string; files: Map<string, string>; suspended: { at: string; files: Map<string, string> } | null } | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as { taken_at?: unknown; files?: unknown; suspended?: { at?: unknown; files?: unknown } };
    const files = value && typeof value === "object" ? stringMap(value.files) : null;
    if (!files) return null;
    const held = value.suspended && typeof value.suspended === "object" ? stringMap(value.suspended.files) : null;
    return { takenAt: typeof value.taken_at === "string" ? value.taken_at : "", files, suspended: held ? { at: typeof value.suspended?.at === "string" ? value.suspended.at : "", files: held } : null };
  } catch {
    return null;
  }
}

/** The start snapshot's files (path → content id), or null. */
export function parseSnapshot(text: string | null): Map<string, string> | null {
  return readSnapshot(text)?.files ?? null;
}

/**
 * Pure: the snapshot after a resume. A file whose content changed while the session was suspended
 * (dirty now with another content than at suspend, or dirty now and clean then) is not the
 * session's work unless its hooks recorded it: it gets its current content as the pre-existing one.
 */
export function rebaseOnResume(files: ReadonlyMap<string, string>, atSuspend: ReadonlyMap<string, string>, now: ReadonlyMap<string, string>, own: ReadonlySet<string>): Map<string, string> {
  const out = new Map(files);
  for (const [p, id] of now) if (!own.has(p) && atSuspend.get(p) !== id) out.set(p, id);
  return out;
}

