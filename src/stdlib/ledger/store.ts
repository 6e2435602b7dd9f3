// Ledger appends (SPEC §7.17.1–§7.17.2): one hash-chained segment per writer, appended under
// the guard ledger-<writer> with a single O_APPEND write, rotated when git changed the file.
import { randomInt, uniqueName } from "../../io/random.js";
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync, writeSync } from "node:fs";
import { basename, join } from "node:path";
import { ExoError, ErrorCode } from "../../errors.js";
import { sha256 } from "../../kernel/canon.js";
import { appendAudit, type LedgerRecord, type Tail } from "../../kernel/ledger.js";
import { crashArmed, crashNow, crashPoint } from "../../io/crash.js";
import { withGuard } from "../../io/guard.js";
import { refusalLook, settled, syncAtEnd, systemRefusal, wroteHere } from "../../io/fs-atomic.js";
import { assertNoStateLinks, isStateLinkError, readOpenedSync } from "../../io/state-links.js";
import type { Repo } from "../../io/paths.js";
import { EXO_VERSION } from "../../version.js";
import { readCompiledSync } from "../compiled.js";

export interface AppendOptions {
  actor: string;
  host: string;
  now: Date;
  hashHostnames?: boolean;
}

export interface AppendEntry {
  type: string;
  data: Record<string, unknown>;
  actor?: string;
  session?: string | null;
  ticket?: string | null;
}

type Registry = Record<string, string[]>;

/** The ledger's cache files (writer registry, tails, openings) are kilobytes. */
const CACHE_LIMIT = 16 * 1024 * 1024;

function ledgerCache(repo: Repo): string {
  return join(repo.cacheDir, "ledger");
}

function readJson<T>(file: string): T | null {
  try {
    // Only a regular file of a cache's size: a symlink to /dev/zero or a pipe at writers.json or a
    // tail (a pull of a force-added cache, a hand's ln -s) held every append for ever. The file is
    // rebuilt, as an unparsable one is. One open without blocking serves the check and the read
    // (a pipe renamed over the record after a look by name, then a read by name, still hung).
    const bytes = readOpenedSync(file, { follow: false, limit: CACHE_LIMIT })?.bytes;
    return bytes ? (JSON.parse(bytes.toString("utf8")) as T) : null;
  } catch {
    return null;
  }
}

// The append path uses synchronous fs calls: each is a few microseconds on these small files,
// where an awaited one costs a thread-pool round trip, and a command appends several times.

/** Cache files are hints: a plain temp+rename without fsync is enough. */
function writeHint(file: string, value: unknown): void {
  const temp = `${file}.${uniqueName()}.tmp`;
  writeFileSync(temp, JSON.stringify(value));
  renameSync(temp, file);
}

/**
 * A writer's tail hint, rewritten in place: one positioned write, then a truncate. A temp file
 * renamed over it (before) had ext4 write the temp file's data out with the segment's fsync
 * (a replace by rename forces it), 5–8 ms on every append, every hook call's included. A torn or
 * half-read tail reads as another tail or none, and the writer continues from the file or rotates
 * (§7.17.2): nothing is lost. Anything but a plain file of its own there (a link, a pipe, a folder,
 * a file hard-linked elsewhere) is replaced by a rename, as before.
 */
function writeTail(file: string, tail: { seq: number; hash: string }): void {
  const bytes = Buffer.from(JSON.stringify(tail));
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o666);
  } catch {
    writeHint(file, tail);
    return;
  }
  let inPlace = false;
  try {
    const info = fstatSync(fd);
    if (info.isFile() && info.nlink === 1) {
      writeSync(fd, bytes, 0, bytes.length, 0);
      ftruncateSync(fd, bytes.length);
      inPlace = true;
    }
  } finally {
    closeSync(fd);
  }
  if (!inPlace) writeHint(file, tail);
}

function token(raw: string): string {
  let t = raw.toLowerCase().replace(/[^a-z0-9_-]/g, "-").slice(0, 40);
  if (t.startsWith("-") || t.startsWith("_")) t = `x${t.slice(1)}`;
  return t || "x";
}

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Whether a writer id was made on `host` (its host token, plain or hashed). */
export function ownHost(writer: string, host: string): boolean {
  const t = writer.slice(0, writer.indexOf("."));
  return t === token(host) || t === sha256(host).slice(0, 8);
}

/** Whether a writer id carries `host` in plain (not hashed). */
function plainHost(writer: string, host: string): boolean {
  return writer.slice(0, writer.indexOf(".")) === token(host);
}

/** The ledger writers this checkout has written with (its cache's registry); empty when that is gone. */
export function ownWriters(repo: Repo): string[] {
  const list = readJson<Registry>(join(ledgerCache(repo), "writers.json"))?.[repo.root];
  return Array.isArray(list) ? list.filter((w): w is string => typeof w === "string") : [];
}

/**
 * Writers this checkout wrote with before its cache went (a sidecar's `.exo` removed by hand and
 * checked out again), put back in its registry after those it has, so that exo tells its own
 * claims and sessions from a teammate's again; the newest first continues its segment. Only
 * writers of this host are taken.
 */
export function adoptWriters(repo: Repo, host: string, writers: readonly string[]): Promise<string[]> {
  const cacheDir = ledgerCache(repo);
  const registryFile = join(cacheDir, "writers.json");
  return withGuard(repo.stateDir, "ledger-writers", { host }, () => {
    assertNoStateLinks(registryFile);
    mkdirSync(cacheDir, { recursive: true });
    const registry = readJson<Registry>(registryFile) ?? {};
    const have = Array.isArray(registry[repo.root]) ? (registry[repo.root] as string[]) : [];
    const added = writers.filter((w) => ownHost(w, host) && !have.includes(w));
    if (added.length > 0) writeHint(registryFile, { ...registry, [repo.root]: [...have, ...added] });
    return added;
  });
}

export function newWriterId(repo: Repo, host: string, hashHostnames: boolean): string {
  const hostToken = hashHostnames ? sha256(host).slice(0, 8) : token(host);
  const tree = repo.isMainWorktree ? "main" : token(basename(repo.root));
  let suffix = "";
  for (let i = 0; i < 8; i++) suffix += ALNUM[randomInt(ALNUM.length)];
  return `${hostToken}.${tree}.${suffix}`;
}

/**
 * The last line of a file, read backwards in 64 KiB blocks, and whether the file ends with a
 * newline; null when the file is missing. An empty file is `{ line: "", newline: true }`.
 */
export function readTail(file: string): Promise<{ line: string; newline: boolean } | null> {
  return settled(() => readTailSync(file));
}

/** A last line longer than this is no record exo wrote (records of megabytes are): read as no tail. */
const MAX_TAIL = 64 << 20;

function readTailSync(file: string): { line: string; newline: boolean } | null {
  let fd: number;
  try {
    // Without blocking: a pipe swapped in after plainOrMissing's look waited for a writer for ever.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { line: "", newline: false }; // no tail exo can read: a mismatch, so the writer rotates
    const { size } = info;
    if (size === 0) return { line: "", newline: true };
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    const newline = last[0] === 0x0a;
    // Blocks backwards from the end of the last line, searched as bytes: a pulled segment of one
    // endless line once made this quadratic (each block re-joined the whole text read so far).
    const stop = newline ? size - 1 : size;
    const chunks: Buffer[] = [];
    let pos = stop;
    const block = 65536;
    while (pos > 0) {
      if (stop - pos > MAX_TAIL) return { line: "", newline: false };
      const start = Math.max(0, pos - block);
      const buf = Buffer.alloc(pos - start);
      readSync(fd, buf, 0, buf.length, start);
      const nl = buf.lastIndexOf(0x0a);
      if (nl >= 0) {
        chunks.unshift(buf.subarray(nl + 1));
        break;
      }
      chunks.unshift(buf);
      pos = start;
    }
    return { line: Buffer.concat(chunks).toString("utf8"), newline };
  } finally {
    closeSync(fd);
  }
}

export function parseTail(line: string | null): Tail | null | "bad" {
  if (line === null) return null;
  try {
    const r = JSON.parse(line) as LedgerRecord;
    if (typeof r.seq === "number" && typeof r.hash === "string" && typeof r.ts === "string") return { seq: r.seq, hash: r.hash, ts: r.ts };
  } catch {
    // fall through
  }
  return "bad";
}

/**
 * Whether a segment path is a regular file or missing. A symlink or folder under a segment's name
 * (a pull can bring one) is never followed: appending through it would write outside the
 * repository, so the writer rotates to a new segment instead.
 */
function plainOrMissing(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT";
  }
}

/** O_APPEND without following a symlink (it fails with ELOOP instead). */
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

/**
 * Open a segment to append, or null when what is at its name now is no regular file: a pipe, a
 * link or a folder swapped in after plainOrMissing's look (a sync tool renaming over it). Without
 * O_NONBLOCK the open of a pipe waited for a reader for ever; with it a pipe with no reader fails
 * ENXIO, and one with a reader opens and is told apart by fstat (the records went into the pipe).
 */
function openAppend(segment: string): number | null {
  let fd: number;
  try {
    fd = openSync(segment, APPEND_FLAGS | constants.O_NONBLOCK, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ENXIO" || code === "ELOOP" || code === "EISDIR" || code === "ENOTDIR") return null;
    throw error;
  }
  if (fstatSync(fd).isFile()) return fd;
  closeSync(fd);
  return null;
}

function recordAt(file: string, seq: number): LedgerRecord | null {
  let bytes: Buffer | null | undefined;
  try {
    bytes = readOpenedSync(file, { follow: false })?.bytes;
  } catch {
    return null; // a socket (ENXIO): no record here
  }
  if (!bytes) return null; // swapped for a pipe, a link or a folder since its tail was read
  const text = bytes.toString("utf8");
  const line = text.split("\n")[seq - 1];
  if (!line) return null;
  try {
    return JSON.parse(line) as LedgerRecord;
  } catch {
    return null;
  }
}

interface Opening {
  reason: "new" | "tail_mismatch";
  continues: { writer: string; seq: number; hash: string } | null;
}

/** Append entries to this worktree's segment; returns the records written. */
/** A host name as the ledger shows it: `sha256(host)[0:8]` under `privacy.hash_hostnames`. */
export function publicHost(host: string, hashHostnames: boolean): string {
  return hashHostnames && host !== "" && !HASHED_HOST.test(host) ? sha256(host).slice(0, 8) : host;
}

const HASHED_HOST = /^[0-9a-f]{8}$/;

/** Whether a host recorded in shared state (a lease) is `host`, in plain or in its hashed form. */
export function hostMatches(recorded: string, host: string): boolean {
  return recorded === host || (HASHED_HOST.test(recorded) && recorded === sha256(host).slice(0, 8));
}

/** config.yaml is refused past this size (MAX_YAML_BYTES): no need to read more. */
const CONFIG_READ_LIMIT = 1024 * 1024;

/**
 * Whether `privacy.hash_hostnames` is on, for callers that did not load the configuration (the
 * hooks, most commands): false when config.yaml never names the key, the compiled form's value
 * when it is current, and true (never show a host name) when only the YAML could tell: a command
 * that parsed config.yaml has written the compiled form, and the hook bundle carries no YAML parser.
 */
export function hashesHostnames(repo: Repo): boolean {
  let text: string;
  try {
    // A regular file of a config's size only: a pulled link to /dev/zero must not stall a hook.
    const info = statSync(repo.configFile);
    if (!info.isFile() || info.size > CONFIG_READ_LIMIT) return false;
    text = readFileSync(repo.configFile, "utf8");
  } catch {
    return false;
  }
  if (!text.includes("hash_hostnames")) return false;
  const config = readCompiledSync<{ privacy?: { hash_hostnames?: boolean } }>(repo.cacheDir, "config", repo.configFile, text);
  return config?.privacy?.hash_hostnames ?? true;
}

/** Entries with every host-valued data member (`host`, `…_host`) in the ledger's form. */
function publicHosts(entries: AppendEntry[], hash: () => boolean): AppendEntry[] {
  return entries.map((e) => {
    let data: Record<string, unknown> | null = null;
    for (const [key, value] of Object.entries(e.data)) {
      if ((key === "host" || key.endsWith("_host")) && typeof value === "string" && value !== "" && !HASHED_HOST.test(value) && hash()) {
        data ??= { ...e.data };
        data[key] = publicHost(value, true);
      }
    }
    return data ? { ...e, data } : e;
  });
}

export async function appendLedger(repo: Repo, opts: AppendOptions, entries: AppendEntry[]): Promise<LedgerRecord[]> {
  if (entries.length === 0) return [];
  try {
    let setting = opts.hashHostnames;
    const hashes = () => (setting ??= hashesHostnames(repo));
    return await appendUnsafe(repo, opts, publicHosts(entries, hashes), hashes);
  } catch (error) {
    if (error instanceof ExoError && (error.code === ErrorCode.LOCK_BUSY || isStateLinkError(error))) throw error;
    // A write the filesystem refused (a full disk, a quota, a read-only mount, a permission): still
    // LEDGER_WRITE_FAILED (SPEC §7.17.2), said as for exo's other writes, with the look that shows
    // it (before: node's "EROFS: read-only file system, open '/…'", hint exo doctor, which said
    // nothing of it).
    const errno = (error as NodeJS.ErrnoException | null)?.code;
    const refusal = systemRefusal(errno);
    if (refusal) {
      const path = (error as NodeJS.ErrnoException).path;
      const file = typeof path === "string" && path.startsWith(`${repo.root}/`) ? path.slice(repo.root.length + 1) : repo.relative(repo.ledgerDir);
      throw new ExoError(ErrorCode.LEDGER_WRITE_FAILED, `Could not append to the ledger (${file}): ${errno}: ${refusal}.`, { hint: refusalLook(errno, path, repo.root, repo.ledgerDir), details: { errno, file }, cause: error });
    }
    throw new ExoError(ErrorCode.LEDGER_WRITE_FAILED, `Could not append to the ledger: ${error instanceof Error ? error.message : String(error)}.`, {
      hint: "exo doctor",
      cause: error,
    });
  }
}

async function appendUnsafe(repo: Repo, opts: AppendOptions, entries: AppendEntry[], hashes: () => boolean): Promise<LedgerRecord[]> {
  const cacheDir = ledgerCache(repo);
  assertNoStateLinks(join(cacheDir, "writers.json"));
  mkdirSync(cacheDir, { recursive: true });
  mkdirSync(repo.ledgerDir, { recursive: true });
  const registryFile = join(cacheDir, "writers.json");
  const guardOpts = { host: opts.host };

  for (let attempt = 0; attempt < 10; attempt++) {
    const registry = readJson<Registry>(registryFile) ?? {};
    // Only writers made on this host: a checkout copied with its cache to another machine at the
    // same path (a baked container image, a restored backup) would otherwise append to the same
    // segment as the original, and the two histories would meet as a git conflict in it.
    // Under privacy.hash_hostnames a writer named after the plain host name is not continued:
    // the next record opens a segment named by the hash.
    const mine = (list: readonly string[] | undefined) => (list ?? []).filter((w) => ownHost(w, opts.host) && !(plainHost(w, opts.host) && hashes()));
    let writers = mine(registry[repo.root]);
    let writer = writers[0];
    if (!writer) {
      writer = await withGuard(repo.stateDir, "ledger-writers", guardOpts, () => {
        const fresh = readJson<Registry>(registryFile) ?? {};
        const existing = mine(fresh[repo.root])[0];
        if (existing) return existing;
        const id = newWriterId(repo, opts.host, hashes());
        fresh[repo.root] = [id, ...(fresh[repo.root] ?? [])];
        writeHint(registryFile, fresh);
        return id;
      });
      writers = [writer];
    }
    const segment = repo.ledgerSegment(writer);
    const tailFile = join(cacheDir, `${writer}.tail.json`);
    const outcome = await withGuard(repo.stateDir, `ledger-${writer}`, guardOpts, () => {
      crashPoint("ledger-append", "guard-taken");
      if (!plainOrMissing(segment)) return "mismatch" as const;
      const last = readTailSync(segment);
      const fileTail = parseTail(last?.line ?? null);
      const cached = readJson<{ seq: number; hash: string }>(tailFile);
      let base: Tail | null;
      if (fileTail === null && !cached) base = null;
      else if (fileTail === "bad" || fileTail === null) return "mismatch" as const;
      else if (!cached) base = fileTail;
      else if (fileTail.seq === cached.seq && fileTail.hash === cached.hash) base = fileTail;
      else if (fileTail.seq > cached.seq && recordAt(segment, cached.seq)?.hash === cached.hash) base = fileTail;
      else return "mismatch" as const;
      const now = opts.now.toISOString();
      const lines: string[] = [];
      const records: LedgerRecord[] = [];
      let tail = base;
      const push = (entry: AppendEntry) => {
        const { record, line } = appendAudit(tail, { writer, actor: entry.actor ?? opts.actor, type: entry.type, ts: now, session: entry.session ?? null, ticket: entry.ticket ?? null, data: entry.data });
        tail = { seq: record.seq, hash: record.hash, ts: record.ts };
        lines.push(line);
        records.push(record);
      };
      if (base === null) {
        const opening = readJson<Opening>(join(cacheDir, `${writer}.opening.json`));
        push({ type: "ledger.segment_opened", data: { exo_version: EXO_VERSION, host: publicHost(opts.host, hashes()), continues: opening?.continues ?? null, reason: opening?.reason ?? "new" } });
      }
      entries.forEach(push);
      // A complete last record without its newline (an editor, a merge tool): finish the line
      // first so the new record never glues onto it (issue #18).
      const glue = base !== null && last !== null && !last.newline ? "\n" : "";
      const fd = openAppend(segment);
      if (fd === null) return "mismatch" as const;
      try {
        const text = glue + lines.join("");
        if (crashArmed("ledger-append", "torn-write")) {
          // A kill in the middle of the write: half the bytes reach the file.
          writeFileSync(fd, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
          fsyncSync(fd);
          crashNow("ledger-append:2 (torn-write)");
        }
        // One write call for the whole text: O_APPEND keeps it in one piece beside other writers.
        // Its fsync waits for the end of the command, beside the other syncs (io/fs-atomic.ts).
        writeFileSync(fd, text);
        syncAtEnd(segment);
        wroteHere(segment);
      } finally {
        closeSync(fd);
      }
      crashPoint("ledger-append", "written");
      const written = tail;
      try {
        if (written) writeTail(tailFile, { seq: written.seq, hash: written.hash });
      } catch {
        // Only a hint, and the records are written: the next append reads the segment's own tail
        // (before, a tail file exo could not write, an immutable one or one another user owns,
        // failed the command after its records were in the ledger).
      }
      crashPoint("ledger-append", "tail-cached");
      return records;
    });
    if (outcome !== "mismatch") return outcome.slice(outcome.length - entries.length);
    // The segment file no longer carries the history this checkout wrote (branch switch,
    // rewrite): continue an older writer whose file still matches, else rotate.
    await withGuard(repo.stateDir, "ledger-writers", guardOpts, () => {
      const fresh = readJson<Registry>(registryFile) ?? {};
      const list = fresh[repo.root] ?? [];
      if (list[0] !== writer) return; // someone else already rotated; retry with theirs
      for (const older of mine(list.slice(1))) {
        const cachedOld = readJson<{ seq: number; hash: string }>(join(cacheDir, `${older}.tail.json`));
        const olderFile = repo.ledgerSegment(older);
        const fileOld = plainOrMissing(olderFile) ? parseTail(readTailSync(olderFile)?.line ?? null) : null;
        if (cachedOld && fileOld && fileOld !== "bad" && fileOld.seq === cachedOld.seq && fileOld.hash === cachedOld.hash) {
          fresh[repo.root] = [older, ...list.filter((w) => w !== older)];
          writeHint(registryFile, fresh);
          return;
        }
      }
      const cachedTail = readJson<{ seq: number; hash: string }>(tailFile);
      const id = newWriterId(repo, opts.host, hashes());
      const opening: Opening = { reason: "tail_mismatch", continues: cachedTail ? { writer, seq: cachedTail.seq, hash: cachedTail.hash } : null };
      writeHint(join(cacheDir, `${id}.opening.json`), opening);
      fresh[repo.root] = [id, ...list];
      writeHint(registryFile, fresh);
    });
  }
  throw new ExoError(ErrorCode.LEDGER_WRITE_FAILED, "Could not find a ledger segment to continue after 10 attempts.", { hint: "exo doctor" });
}
