// Symlinks below exo's machine-local folders (`<state>/cache/…`, `logs/…`, `traces/…`): exo
// creates every folder there itself, so a symlink (a hand-made `ln -s`, a tool's trick) can only
// send exo's writes elsewhere — the guards, the ledger's writer registry, write receipts,
// close-out journals. Discovery already refuses `.exo/cache` itself leading outside the
// repository (paths.ts); this refuses any symlinked folder below it, at the first write there.
// Every check is one lstat per folder, once per process.
import { closeSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, type Dirent, type Stats } from "node:fs";
import { join, relative, sep } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { shellWord } from "../kernel/quote.js";
import { openQuietSync, specialKind } from "./open-quiet.js";

const roots = new Set<string>();
const checked = new Set<string>();
const TOPS = new Set(["cache", "logs", "traces"]);

/** A state root whose cache/logs/traces folders exo writes (every Repo registers its own). */
export function registerStateRoot(stateDir: string): void {
  roots.add(stateDir);
}

export function stateLinkError(path: string, root: string, kind: "folder" | "file"): ExoError {
  const inner = relative(root, path).split(sep);
  // The usual state root is .exo/; an EXO_STATE_DIR elsewhere is shown whole.
  const rel = root.endsWith(`${sep}.exo`) ? `.exo/${inner.join("/")}` : path;
  return new ExoError(ErrorCode.STATE_CORRUPT, `${rel} is a symlink; exo does not write through symlinks below its ${inner[0] ?? "cache"} folder. Remove the link (rm ${shellWord(rel)}) or run exo doctor --fix; exo recreates the ${kind} it needs.`, {
    hint: "exo doctor --fix",
    details: { path: rel, reason: "symlink" },
  });
}

/** The error of assertNoStateLinks (callers that wrap other errors let it through). */
export function isStateLinkError(error: unknown): boolean {
  return error instanceof ExoError && error.code === ErrorCode.STATE_CORRUPT && (error.details as { reason?: unknown } | undefined)?.reason === "symlink";
}

/**
 * Throw STATE_CORRUPT when a folder between a state root's cache/logs/traces folder and `file`
 * is a symlink (with `self`, also when `file` itself is one: for writes that open the file rather
 * than rename over it). Paths outside the registered roots are not checked.
 */
export function assertNoStateLinks(file: string, self = false): void {
  for (const root of roots) {
    if (!file.startsWith(`${root}${sep}`)) continue;
    const parts = file.slice(root.length + 1).split(sep);
    if (!TOPS.has(parts[0] as string)) return;
    let dir = join(root, parts[0] as string);
    for (let i = 1; i < parts.length - 1; i++) {
      dir = join(dir, parts[i] as string);
      if (checked.has(dir)) continue;
      if (lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink()) throw stateLinkError(dir, root, "folder");
      checked.add(dir);
    }
    if (self && lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) throw stateLinkError(file, root, "file");
    return;
  }
}

const ignoredLinks = new Map<string, string>();

/**
 * For reads of exo's own records (indexes, memos, receipts) below cache/logs/traces: true when a
 * folder between the state root's top folder and `file`, or `file` itself, is a symlink. Such a
 * record is not exo's (exo never makes links there): the caller treats it as missing and rebuilds
 * what it held, and the command warns STATE_LINK_IGNORED once (drainIgnoredLinks).
 */
export function behindStateLink(file: string): boolean {
  for (const root of roots) {
    if (!file.startsWith(`${root}${sep}`)) continue;
    const parts = file.slice(root.length + 1).split(sep);
    if (!TOPS.has(parts[0] as string)) return false;
    let path = join(root, parts[0] as string);
    for (let i = 1; i <= parts.length; i++) {
      if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) {
        const inner = relative(root, path).split(sep).join("/");
        const rel = root.endsWith(`${sep}.exo`) ? `.exo/${inner}` : path;
        const what = root.endsWith(`${sep}.exo`) ? `.exo/${relative(root, file).split(sep).join("/")}` : file;
        ignoredLinks.set(what, `${what} lies behind the symlink ${rel}; exo ignored it and rebuilt what it holds. Remove the link (rm ${shellWord(rel)}) or run exo doctor --fix.`);
        return true;
      }
      if (i < parts.length) path = join(path, parts[i] as string);
    }
    return false;
  }
  return false;
}

/**
 * The text of one of exo's own records below cache/logs/traces (a compiled form, a kept git
 * listing, an index), or null when it is missing, behind a symlink (behindStateLink), or no regular
 * file of at most `limit` bytes: a pipe there (a hand's mkfifo, a bad sync of .exo/cache) held
 * every command, doctor --fix too, for ever. The caller rebuilds it, and its write (temp + rename)
 * replaces what was there.
 */
export function readStateRecordSync(file: string, encoding: BufferEncoding = "utf8", limit = 64 * 1024 * 1024): string | null {
  if (behindStateLink(file)) return null;
  let read;
  try {
    read = readOpenedSync(file, { follow: false, limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENXIO") return null; // a socket
    throw error;
  }
  return read?.bytes ? read.bytes.toString(encoding) : null;
}

/**
 * Open `file` without blocking (O_NONBLOCK; with `follow: false` also O_NOFOLLOW), fstat what was
 * opened, and read it only when it is a regular file of at most `limit` bytes: `bytes` is null for
 * anything else (a pipe, a device, a folder, a larger file), with its stat. Null when it is missing
 * or cannot be opened as such (a symlink with `follow: false`, a path through a file). One open serves the
 * check and the read: a stat then a read by name (the check of round 29) still hung when a pipe
 * was swapped in between, for the open of a pipe waits for a writer.
 */
export function readOpenedSync(file: string, opts: { follow?: boolean; limit?: number } = {}): { bytes: Buffer | null; info: Stats } | null {
  const opened = openQuietSync(file, opts);
  if (!opened) return null;
  try {
    return { bytes: opened.info.isFile() && opened.info.size <= (opts.limit ?? Infinity) ? readFileSync(opened.fd) : null, info: opened.info };
  } finally {
    closeSync(opened.fd);
  }
}

/** The STATE_LINK_IGNORED messages noted since the last call (each record once). */
export function drainIgnoredLinks(): string[] {
  const out = [...ignoredLinks.values()];
  ignoredLinks.clear();
  return out;
}

/** The entries below each of `tops` (`maxDepth` levels down, not at or under `skip`) that `pick` names, sorted. */
function walkEntries(tops: readonly string[], pick: (e: Dirent) => boolean, skip: ReadonlySet<string>, maxDepth: number): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (skip.has(path)) continue;
      if (pick(e)) out.push(path);
      else if (e.isDirectory() && depth < maxDepth) walk(path, depth + 1);
    }
  };
  for (const top of tops) walk(top, 1);
  return out.sort();
}

/** The entries below `<stateDir>/cache`, `logs` and `traces` (three levels down) that `pick` names. */
function walkState(stateDir: string, pick: (e: Dirent) => boolean, skip: ReadonlySet<string> = new Set()): string[] {
  return walkEntries([...TOPS].map((top) => join(stateDir, top)), pick, skip, 3);
}

/** Every symlink below `<stateDir>/cache`, `logs` and `traces` (three levels down), as absolute paths. */
export function findStateLinks(stateDir: string): string[] {
  return walkState(stateDir, (e) => e.isSymbolicLink());
}

/**
 * Every pipe, socket or device below `<stateDir>/cache`, `logs` and `traces` (three levels down;
 * not in `cache/quarantine`, which keeps what repairs set aside, nor at the paths in `skip`).
 * exo writes only regular files there (temp + rename): such an entry is a hand's mkfifo or a bad
 * sync, which every reader takes as missing; doctor names it and --fix removes it.
 */
export function findStateSpecials(stateDir: string, skip: readonly string[] = []): string[] {
  return walkState(stateDir, (e: Dirent) => specialKind(e) !== null, new Set([join(stateDir, "cache", "quarantine"), ...skip]));
}

/**
 * Every pipe, socket or device in `.exo/mementos` (a ticket's folder of mementos) and
 * `.exo/learnings`: exo writes regular files there and git keeps nothing else, so such an entry is
 * a hand's mkfifo or a bad sync. Every reader skips it and exo's commits leave it out; doctor names
 * it and --fix removes it (before: doctor passed).
 */
export function findCommittedSpecials(mementosDir: string, learningsDir: string): string[] {
  const special = (e: Dirent) => specialKind(e) !== null;
  return [...walkEntries([mementosDir], special, new Set(), 2), ...walkEntries([learningsDir], special, new Set(), 1)];
}

/** What a special file found by findStateSpecials is, in a word or two. */
export function specialKindAt(path: string): string {
  const st = lstatSync(path, { throwIfNoEntry: false });
  return (st && specialKind(st)) ?? "no regular file";
}

/** Replace each symlink with what exo would have made (an empty folder for a link to one; nothing for a file). */
export function replaceStateLinks(links: readonly string[]): string[] {
  const done: string[] = [];
  for (const link of links) {
    let folder = false;
    try {
      folder = statSync(link).isDirectory();
    } catch {
      folder = false; // dangling
    }
    try {
      unlinkSync(link); // the link only; what it points at is left alone
      if (folder) mkdirSync(link, { recursive: true });
      checked.delete(link);
      done.push(link);
    } catch {
      // reported again by the next doctor
    }
  }
  return done;
}
