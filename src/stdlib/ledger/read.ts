// Reading and verifying ledger segments (SPEC §7.17.3) and the merged view.
import { isAscii } from "node:buffer";
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { readStateRecordSync } from "../../io/state-links.js";
import { shellWord } from "../../kernel/quote.js";
import { type ChunkPlan, joinChunks, segmentRanges } from "./chunks.js";
import { eachLine } from "./lines.js";
import { helperCount, RANGE_BYTES, runChunks } from "./parallel.js";
import { join } from "node:path";
import { isWriterId } from "../../kernel/ids.js";
import type { LedgerRecord } from "../../kernel/ledger.js";
import { gitRaw } from "../../io/git.js";
import type { Env } from "../../io/env.js";
import type { Repo } from "../../io/paths.js";
import { governanceCheckout } from "../git/sidecar.js";
import { parseTail, readTail } from "./store.js";
import { statOrNull } from "../../io/read.js";
import { specialKind } from "../../io/open-quiet.js";
import { settled } from "../../io/fs-atomic.js";
import type { LostRecords } from "./seen.js";

export interface SegmentReport {
  writer: string;
  records: number;
  valid: boolean;
  tracked: boolean;
  first_error: LedgerError | null;
}

export interface LedgerError {
  segment: string | null;
  seq: number | null;
  line: number | null;
  code: string;
  message: string;
  /** records_removed: the commit that took the records out. */
  commit?: string;
  /** not_a_file of a pipe, socket or device (a hand's mkfifo; no pull brings one): the step that repairs it. */
  hint?: string;
}

export interface VerifyReport {
  valid: boolean;
  segments: SegmentReport[];
  records: number;
  errors: LedgerError[];
  ts_regressions: { segment: string; seq: number }[];
  /**
   * Records a verify of this branch saw before and its segments no longer hold (a force-push or a
   * rebase dropped their commits): a warning, since what is left still verifies (see seen.ts).
   */
  records_lost: LostRecords[];
  records_per_second: number;
  /** Threads that checked the segments: 1, or more for a long ledger on several cores. */
  threads: number;
}

/**
 * Every `.jsonl` entry of the ledger folder, in name order. Only regular files are segments: a
 * symlink (it could point outside the repository, at /dev/zero or at a huge file) or a folder
 * under a segment's name arrives by `git pull` and is never read (verify reports it).
 */
function listSegments(repo: Repo): { name: string; regular: boolean; special: boolean }[] {
  try {
    return readdirSync(repo.ledgerDir, { withFileTypes: true })
      .filter((e) => e.name.endsWith(".jsonl"))
      .map((e) => ({ name: e.name, regular: e.isFile(), special: specialKind(e) !== null }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return [];
  }
}

export function segmentFiles(repo: Repo): string[] {
  return listSegments(repo).filter((e) => e.regular).map((e) => e.name);
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

const MESSAGES: Record<string, string> = {
  parse_error: "line is not valid JSON",
  schema_error: "record fields have the wrong types",
  writer_mismatch: "writer differs from the segment name",
  seq_gap: "seq is not the line number",
  chain_break: "prev is not the hash of the previous record",
  hash_mismatch: "hash does not match the record (edited?)",
};

/** Committed contents of tracked segments at HEAD, by repo-relative path. */
export async function committedSegments(repo: Repo, rels: string[], base: string = repo.root): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (rels.length === 0) return out;
  const input = rels.map((r) => `HEAD:${r}`).join("\n") + "\n";
  const result = await gitRaw(base, ["cat-file", "--batch"], { input });
  if (result.code !== 0) return out;
  // Parse "<sha> blob <size>\n<content>\n" records; sizes are bytes, so work on a Buffer.
  const buf = Buffer.from(result.stdout, "utf8");
  let pos = 0;
  for (const rel of rels) {
    const nl = buf.indexOf(10, pos);
    if (nl < 0) break;
    const header = buf.subarray(pos, nl).toString("utf8");
    pos = nl + 1;
    if (header.endsWith(" missing")) continue;
    const size = Number(header.split(" ")[2]);
    out.set(rel, buf.subarray(pos, pos + size));
    pos += size + 1;
  }
  return out;
}

/** Verify every segment; `env` gives EXO_LEDGER_THREADS (the command's environment, not the process's). */
export async function verifyLedger(repo: Repo, opts: { git: boolean; env: Env }): Promise<VerifyReport> {
  const started = process.hrtime.bigint();
  const segments: SegmentReport[] = [];
  const lastHashes = new Map<string, string>();
  const errors: LedgerError[] = [];
  const regressions: { segment: string; seq: number }[] = [];
  let total = 0;
  let lost: LostRecords[] = [];
  // The segments in name order, each with what keeps it from being read (null: read) and its size.
  const listed = listSegments(repo).map(({ name, regular, special }) => {
    const writer = name.slice(0, -".jsonl".length);
    const problem = !regular ? ("not_a_file" as const) : !isWriterId(writer) ? ("bad_segment_name" as const) : null;
    return { writer, file: name, problem, special, size: problem ? 0 : (statOrNull(join(repo.ledgerDir, name))?.size ?? 0) };
  });
  const read = new Set(listed.filter((s) => s.problem === null).map((s) => s.writer));
  // Each segment in ranges (one range per segment when one thread does it all), checked side by side.
  const helpers = helperCount(listed.reduce((n, s) => n + s.size, 0), opts.env);
  const ranges = listed.map((s) => (s.problem ? [] : segmentRanges(join(repo.ledgerDir, s.file), s.writer, s.size, helpers > 0 ? RANGE_BYTES : Infinity)));
  const { results, threads } = await runChunks(ranges.flat(), helpers);
  let at = 0;
  for (const [i, { writer, file, problem, special }] of listed.entries()) {
    if (problem) {
      // A pipe, socket or device there is no pull's (git holds none): a hand's mkfifo in place of
      // the segment. git rm (the hint for a pulled symlink) would take the committed segment out of
      // the next commit; removing it, or git checkout when git has the segment, is the repair.
      const rel = `${repo.relative(repo.ledgerDir)}/${file}`;
      const message = problem !== "not_a_file" ? `${file} is not a valid segment name` : special ? `${file} is a pipe, socket or device, not a segment file (exo never makes one and never reads it); remove it (rm -- ${shellWord(rel)})` : `${file} is a symlink or a folder, not a segment file (never read or written; remove it with git rm)`;
      const error: LedgerError = { segment: writer, seq: null, line: null, code: problem, message, ...(special ? { hint: `rm -- ${shellWord(rel)}` } : {}) };
      errors.push(error);
      segments.push({ writer, records: 0, valid: false, tracked: false, first_error: error });
      continue;
    }
    const joined = joinChunks(results.slice(at, (at += (ranges[i] as ChunkPlan[]).length)));
    let firstError: LedgerError | null = joined.error
      ? { segment: writer, seq: joined.error.seq, line: joined.error.line, code: joined.error.code, message: `${file} line ${joined.error.line}: ${MESSAGES[joined.error.code]}` }
      : null;
    // CR LF line ends (git's checkout conversion) or a byte order mark (an editor's save) are no
    // edit of a record: say so (doctor --fix takes them out again).
    const artifact = firstError ? textArtifact(join(repo.ledgerDir, file)) : null;
    if (firstError && artifact) {
      const what = artifact === "bom" ? "the file starts with a byte order mark (an editor saved it)" : "lines end in CR LF (git converted them on checkout: core.autocrlf or a text attribute)";
      firstError = { ...firstError, code: "text_converted", message: `${file} line ${firstError.line}: ${what}; exo doctor --fix gives back the bytes exo wrote` };
    }
    for (const seq of joined.regressions) regressions.push({ segment: writer, seq });
    total += joined.lines;
    if (firstError) errors.push(firstError);
    segments.push({ writer, records: joined.lines, valid: firstError === null, tracked: false, first_error: firstError });
    if (joined.lastHash) lastHashes.set(writer, joined.lastHash);
  }
  // Segments whose work-tree bytes are HEAD's, byte for byte.
  const asCommitted = new Set<string>();
  if (opts.git) {
    // Sidecar mode: the segments are committed on the .exo worktree's branch (exo-governance).
    const { base, rel: gitPath, sidecar } = governanceCheckout(repo);
    const dirRel = gitPath(repo.ledgerDir);
    const tracked = await gitRaw(base, ["ls-tree", "-r", "--name-only", "HEAD", "--", `${dirRel}/`]);
    const rels = tracked.code === 0 ? tracked.stdout.split("\n").filter((l) => l.endsWith(".jsonl")) : [];
    const committed = await committedSegments(repo, rels, base);
    for (const rel of rels) {
      const writer = rel.slice(dirRel.length + 1, -".jsonl".length);
      const seg = segments.find((s) => s.writer === writer);
      if (seg?.first_error?.code === "not_a_file") {
        seg.tracked = true;
        // git has the segment: its checkout replaces the pipe with it.
        if (seg.first_error.hint) {
          seg.first_error.hint = `git checkout -- ${shellWord(`:/${rel}`)}`;
          seg.first_error.message = `${writer}.jsonl is a pipe, socket or device, not a segment file (exo never makes one and never reads it); git has the segment: ${seg.first_error.hint} puts it back`;
        } else if (!sidecar && (lstatSync(join(repo.ledgerDir, `${writer}.jsonl`), { throwIfNoEntry: false })?.isDirectory() ?? false)) {
          // A folder where git has the segment (a hand's mkdir -p, a sync tool): git rm (the hint
          // for a pulled symlink) takes the committed segment out of the next commit, and a checkout
          // deletes what the folder holds; doctor --fix keeps the folder and restores the segment.
          seg.first_error.hint = "exo doctor --fix --section git_tracking";
          seg.first_error.message = `${writer}.jsonl is a folder, not a segment file; git has the segment: ${seg.first_error.hint} moves the folder to .exo/cache/quarantine (what it holds is kept) and puts the segment back`;
        }
        continue;
      }
      let working: Buffer | undefined;
      try {
        working = seg && read.has(writer) ? readFileSync(join(repo.ledgerDir, `${writer}.jsonl`)) : undefined;
      } catch {
        working = undefined;
      }
      if (!seg || working === undefined) {
        const error = { segment: writer, seq: null, line: null, code: "segment_deleted", message: `${rel} is committed at HEAD but missing from the working tree` };
        errors.push(error);
        segments.push({ writer, records: 0, valid: false, tracked: true, first_error: error });
        continue;
      }
      seg.tracked = true;
      // Line ends git converted: the same records, said once (text_converted), not as rewritten.
      if (seg.first_error?.code === "text_converted") continue;
      const committedBytes = committed.get(rel) ?? Buffer.alloc(0);
      if (working.equals(committedBytes)) asCommitted.add(writer);
      // Appended to and nothing else (the usual case): the committed bytes, ending with a whole
      // line, begin the working file. Otherwise find the first committed line that changed.
      if (
        working.length >= committedBytes.length &&
        working.subarray(0, committedBytes.length).equals(committedBytes) &&
        (committedBytes.length === 0 || committedBytes[committedBytes.length - 1] === 10 || working.length === committedBytes.length)
      ) {
        continue;
      }
      const old = splitLines(committedBytes.toString("utf8"));
      const now = splitLines(decode(working));
      for (let i = 0; i < old.length; i++) {
        if (i >= now.length || old[i] !== now[i]) {
          const code = i >= now.length ? "truncated" : "rewritten";
          let seq: number | null = null;
          try {
            seq = (JSON.parse(old[i] as string) as LedgerRecord).seq ?? null;
          } catch {
            seq = null;
          }
          const error = { segment: writer, seq, line: i + 1, code, message: code === "truncated" ? `${rel}: committed records from line ${i + 1} are missing` : `${rel} line ${i + 1} differs from the committed record` };
          errors.push(error);
          if (seg.valid) {
            seg.valid = false;
            seg.first_error = error;
          }
          break;
        }
      }
    }
    for (const error of await removedRecords(repo, base, dirRel, segments, lastHashes)) {
      errors.push(error);
      const seg = segments.find((s) => s.writer === error.segment);
      if (seg?.valid) {
        seg.valid = false;
        seg.first_error = error;
      }
    }
    // What this branch held at the last verify and no longer does (commits dropped from history).
    const last = new Map<string, { seq: number; hash: string }>();
    for (const seg of segments) {
      const hash = lastHashes.get(seg.writer);
      if (seg.valid && hash && seg.records > 0) last.set(seg.writer, { seq: seg.records, hash });
    }
    const skip = new Set(segments.filter((s) => !s.valid).map((s) => s.writer));
    const { checkSeen } = await import("./seen.js");
    lost = await checkSeen(repo, base, dirRel, last, skip, new Date()).catch(() => []);
  }
  // A segment whose last line lacks its newline (a torn write, a file zeroed by a crash): doctor
  // --fix sets the line aside; each of its errors says so (before, ledger-verify's hint was git log
  // or git diff of a line no commit has).
  // A segment HEAD has as it is (a teammate pushed it torn) keeps git log as its hint: its commit is the cause.
  if (errors.length > 0) {
    const { ledgerTailProblems } = await import("./repair.js");
    const torn = new Set((await ledgerTailProblems(repo).catch(() => [])).map((p) => p.segment).filter((w) => !asCommitted.has(w)));
    for (const error of errors) if (error.segment !== null && torn.has(error.segment)) error.hint = TAIL_REPAIR;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    valid: errors.length === 0,
    segments,
    records: total,
    errors,
    ts_regressions: regressions,
    records_per_second: seconds > 0 ? Math.round(total / seconds) : total,
    // exo's additions come after SPEC §6.7's keys.
    records_lost: lost,
    threads,
  };
}

// One process often reads the whole ledger more than once (doctor: state and integrity sections):
// the last result is kept while every segment's size, mtime and inode are unchanged.
let lastRead: { dir: string; signature: string; records: LedgerRecord[] } | null = null;

/** Every parsable record of every segment, in merged order (ts, writer, seq). */
export function readAllRecords(repo: Repo): Promise<LedgerRecord[]> {
  return settled(() => readAllRecordsSync(repo));
}

function readAllRecordsSync(repo: Repo): LedgerRecord[] {
  const files = segmentFiles(repo);
  const stats = files.map((f) => statOrNull(join(repo.ledgerDir, f)));
  const signature = files.map((f, i) => `${f}:${stats[i]?.size}:${stats[i]?.mtimeMs}:${stats[i]?.ino}`).join("|");
  if (lastRead && lastRead.dir === repo.ledgerDir && lastRead.signature === signature) return [...lastRead.records];
  const out: LedgerRecord[] = [];
  for (const file of files) {
    try {
      eachLine(join(repo.ledgerDir, file), (line) => {
        try {
          const record = JSON.parse(line) as unknown;
          // A line that parses to something other than a record (null, a number, a list: a hand
          // edit, a garbled pull) is as broken as one that does not parse.
          if (recordShaped(record)) out.push(record);
        } catch {
          // verify reports broken lines; views skip them
        }
      });
    } catch {
      // a segment removed since the listing: nothing to show
    }
  }
  out.sort(compareRecords);
  lastRead = { dir: repo.ledgerDir, signature, records: out };
  return [...out];
}

/**
 * The records of one session, in merged order. Only lines naming the session are parsed: finish
 * writes the session's trace from them, and the ledger grows with every session ever run.
 * (exo writes canonical JSON, so the top-level member reads exactly `"session":"<id>"`; a line
 * where the text appears elsewhere is parsed and dropped.) With `since` (the session's start),
 * each segment is read from its end back to the first record an hour older than that (records
 * are appended in time order; the hour absorbs clocks that disagree), so the cost follows the
 * session, not the history.
 */
export function readSessionRecords(repo: Repo, session: string, since?: string): Promise<LedgerRecord[]> {
  return settled(() => readSessionRecordsSync(repo, session, since));
}

function readSessionRecordsSync(repo: Repo, session: string, since?: string): LedgerRecord[] {
  const cutoff = since && !Number.isNaN(Date.parse(since)) ? new Date(Date.parse(since) - 3_600_000).toISOString() : null;
  return recordsNamingSync(repo, `"session":${JSON.stringify(session)}`, (r) => r.session === session, cutoff);
}

/**
 * The records naming one ticket, in merged order; as readSessionRecords, only the lines holding
 * `"ticket":"<id>"` are parsed (a teammate's suspended session on a paused ticket is looked for on
 * session-start and exo alone: before, every record of the history was parsed for it).
 */
export function readTicketRecords(repo: Repo, ticket: string): Promise<LedgerRecord[]> {
  return settled(() => recordsNamingSync(repo, `"ticket":${JSON.stringify(ticket)}`, (r) => r.ticket === ticket, null));
}

/**
 * The session lifecycle records (`"type":"session.…"`) of several tickets, in merged order: one
 * pass over the ledger where readTicketRecords would take one a ticket.
 */
export function readSessionEventsOf(repo: Repo, tickets: ReadonlySet<string>): Promise<LedgerRecord[]> {
  return settled(() => recordsNamingSync(repo, `"type":"session.`, (r) => typeof r.ticket === "string" && tickets.has(r.ticket), null));
}

/** The claims (`dispatch.claimed`) of several tickets, in merged order: one pass over the ledger. */
export function readClaimsOf(repo: Repo, tickets: ReadonlySet<string>): Promise<LedgerRecord[]> {
  return settled(() => recordsNamingSync(repo, `"type":"dispatch.claimed"`, (r) => typeof r.ticket === "string" && tickets.has(r.ticket), null));
}

/** Records whose line holds `needle` and that `keep` takes, each segment read whole or from its end back to `cutoff`. */
function recordsNamingSync(repo: Repo, needle: string, keep: (r: LedgerRecord) => boolean, cutoff: string | null): LedgerRecord[] {
  const out: LedgerRecord[] = [];
  for (const file of segmentFiles(repo)) {
    let text: string;
    try {
      text = cutoff ? segmentTail(join(repo.ledgerDir, file), cutoff) : decode(readFileSync(join(repo.ledgerDir, file)));
    } catch {
      continue;
    }
    for (let at = text.indexOf(needle); at >= 0; ) {
      const start = text.lastIndexOf("\n", at) + 1;
      const newline = text.indexOf("\n", at);
      const end = newline < 0 ? text.length : newline;
      try {
        const record = JSON.parse(text.slice(start, end)) as unknown;
        if (recordShaped(record) && keep(record)) out.push(record);
      } catch {
        // verify reports broken lines; views skip them
      }
      at = text.indexOf(needle, end);
    }
  }
  return out.sort(compareRecords);
}

/**
 * What an editor or git's line-end conversion did to a segment's bytes: a byte order mark first, or
 * a CR LF (exo's lines never hold a raw CR); null when neither (doctor --fix undoes both).
 */
export function textArtifactOf(bytes: Buffer): "bom" | "crlf" | null {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? "bom" : bytes.includes("\r\n") ? "crlf" : null;
}

/** textArtifactOf the first 64 KiB of a segment file. */
function textArtifact(file: string): "bom" | "crlf" | null {
  let fd: number | null = null;
  try {
    fd = openSync(file, "r");
    const buf = Buffer.alloc(65_536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return textArtifactOf(buf.subarray(0, n));
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** One decode per segment: latin1 when ASCII (the same string without UTF-8 decoding). */
function decode(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? "latin1" : "utf8");
}

/**
 * The whole lines at the end of a segment, back to (and including) the first whole line whose
 * record is older than `cutoff`; the whole file when none is.
 */
function segmentTail(file: string, cutoff: string): string {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const chunks: Buffer[] = [];
    let from = size;
    let block = 256 * 1024;
    while (from > 0) {
      const start = Math.max(0, from - block);
      const chunk = Buffer.allocUnsafe(from - start);
      readSync(fd, chunk, 0, chunk.length, start);
      chunks.unshift(chunk);
      from = start;
      if (from === 0) break;
      // The first whole line read so far (a newline byte is never inside a UTF-8 sequence).
      const first = chunk.indexOf(10);
      const next = first < 0 ? -1 : chunk.indexOf(10, first + 1);
      if (next >= 0) {
        try {
          const ts = (JSON.parse(chunk.toString("utf8", first + 1, next)) as { ts?: unknown }).ts;
          if (typeof ts === "string" && ts < cutoff) break;
        } catch {
          // a broken line says nothing about time: read further back
        }
      }
      block *= 2;
    }
    const bytes = Buffer.concat(chunks);
    // Read from the middle of the file: drop the partial line before the first newline.
    return decode(from > 0 ? bytes.subarray(bytes.indexOf(10) + 1) : bytes);
  } finally {
    closeSync(fd);
  }
}

/** The fields views sort and group records by, of the right types (verify checks the rest). */
function recordShaped(value: unknown): value is LedgerRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  return typeof r["ts"] === "string" && typeof r["writer"] === "string" && typeof r["seq"] === "number" && typeof r["type"] === "string" && typeof r["data"] === "object" && r["data"] !== null;
}

export function compareRecords(a: LedgerRecord, b: LedgerRecord): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  if (a.writer !== b.writer) return a.writer < b.writer ? -1 : 1;
  return a.seq - b.seq;
}

/**
 * Segments and records. A segment's records are numbered by line (seq 1, 2, …), so a segment whose
 * last line is a whole record counts as that record's seq: status reads each segment's tail, not
 * the whole history. A segment whose tail is torn or unreadable is counted line by line.
 */
export async function ledgerCounts(repo: Repo): Promise<{ segments: number; records: number }> {
  let records = 0;
  const files = segmentFiles(repo);
  for (const file of files) {
    const path = join(repo.ledgerDir, file);
    const tail = await readTail(path).catch(() => null);
    const last = tail?.newline ? (tail.line === "" ? { seq: 0 } : parseTail(tail.line)) : null;
    if (last && last !== "bad" && Number.isSafeInteger(last.seq) && last.seq >= 0) {
      records += last.seq;
      continue;
    }
    let bytes: Buffer = Buffer.alloc(0);
    try {
      bytes = readFileSync(path);
    } catch {
      // unreadable: no records counted
    }
    for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) records++;
  }
  return { segments: files.length, records };
}

/**
 * What to run next: committed records changed or missing → see how (git diff against HEAD); a
 * committed segment deleted → restore it from git; a bad record in a segment as committed (a pull
 * brought it: a teammate's hand edit, a forged segment) → the commits that changed it, to see whose
 * push it was and revert it; anything else → read the records.
 */
/** The repair of a segment's torn or unfinished last line. */
export const TAIL_REPAIR = "exo doctor --fix --section ledger";

export function ledgerHint(data: Pick<VerifyReport, "errors">): string {
  if (data.errors.some((e) => e.code === "text_converted" || e.hint === TAIL_REPAIR)) return "exo doctor --fix --section ledger";
  // Cut short (emptied, zeroed): every line left is HEAD's, and doctor --fix puts git's copy back.
  if (data.errors.some((e) => e.code === "truncated")) return "exo doctor --fix --section ledger";
  const changed = data.errors.find((e) => e.code === "rewritten" && e.segment);
  if (changed) return `git diff -- ':/.exo/ledger/${changed.segment}.jsonl'`;
  const deleted = data.errors.find((e) => e.code === "segment_deleted" && e.segment);
  if (deleted) return `git checkout -- ':/.exo/ledger/${deleted.segment}.jsonl'`;
  const removed = data.errors.find((e) => e.code === "records_removed" && e.commit);
  if (removed) return `git checkout ${removed.commit?.slice(0, 12)}~1 -- ':/.exo/ledger/${removed.segment}.jsonl'`;
  const bad = data.errors.find((e) => e.segment);
  if (bad?.hint) return bad.hint;
  if (bad?.code === "not_a_file") return `git rm -- ':/.exo/ledger/${bad.segment}.jsonl'`;
  if (bad) return `git log --stat -p -- ':/.exo/ledger/${bad.segment}.jsonl'`;
  return "exo ledger-show --all";
}

/**
 * Records a commit took out of a segment (a teammate's push cut or rewrote another writer's
 * records: every chain still verifies, and HEAD has the cut version). What is known to have been
 * written: each writer's cached tail on this machine, and the record a continuing segment
 * (`ledger.segment_opened`) says it continues from. One missing from its segment, and from HEAD,
 * that the history of HEAD had (git log -S finds the commit that removed it) was removed by that
 * commit; one HEAD's history never had is another branch's (a branch switch), not an error.
 */
async function removedRecords(repo: Repo, base: string, dirRel: string, segments: SegmentReport[], lastHashes: ReadonlyMap<string, string>): Promise<LedgerError[]> {
  const known = new Map<string, { seq: number; hash: string }>();
  const note = (writer: unknown, seq: unknown, hash: unknown) => {
    if (typeof writer !== "string" || !isWriterId(writer) || !Number.isSafeInteger(seq) || typeof hash !== "string" || !/^[0-9a-f]{64}$/.test(hash)) return;
    const had = known.get(writer);
    if (!had || had.seq < (seq as number)) known.set(writer, { seq: seq as number, hash });
  };
  const cache = join(repo.cacheDir, "ledger");
  for (const seg of segments) {
    try {
      // Only a regular file of a tail's size: a symlink to /dev/zero there held ledger-verify and
      // doctor for ever.
      const text = readStateRecordSync(join(cache, `${seg.writer}.tail.json`), "utf8", 64 * 1024);
      if (text === null) throw new Error("no tail");
      const tail = JSON.parse(text) as { seq?: unknown; hash?: unknown };
      note(seg.writer, tail.seq, tail.hash);
    } catch {
      // no tail written on this machine
    }
    if (!seg.tracked && seg.first_error?.code === "not_a_file") continue;
    const first = firstLine(join(repo.ledgerDir, `${seg.writer}.jsonl`));
    if (!first?.includes('"ledger.segment_opened"')) continue;
    try {
      const c = (JSON.parse(first) as { data?: { continues?: { writer?: unknown; seq?: unknown; hash?: unknown } } }).data?.continues;
      if (c) note(c.writer, c.seq, c.hash);
    } catch {
      // a first line that does not parse is verify's to report
    }
  }
  const out: LedgerError[] = [];
  for (const [writer, { seq, hash }] of known) {
    const seg = segments.find((s) => s.writer === writer);
    if (!seg || !seg.tracked || seg.first_error) continue;
    // The usual case: the segment still ends with the record this machine last wrote or saw.
    if (lastHashes.get(writer) === hash) continue;
    const rel = `${dirRel}/${writer}.jsonl`;
    let text: Buffer;
    try {
      text = readFileSync(join(repo.ledgerDir, `${writer}.jsonl`));
    } catch {
      continue;
    }
    if (text.includes(`"hash":"${hash}"`)) continue;
    const head = await gitRaw(base, ["--literal-pathspecs", "show", `HEAD:${rel}`]);
    if (head.code !== 0 || head.stdout.includes(`"hash":"${hash}"`)) continue;
    const log = await gitRaw(base, ["--literal-pathspecs", "log", "-1", "--format=%H%x09%an%x09%s", `-S"hash":"${hash}"`, "HEAD", "--", rel]);
    const [sha, author, subject] = log.stdout.trim().split("\t");
    if (log.code !== 0 || !sha) continue;
    out.push({
      segment: writer,
      seq,
      line: null,
      code: "records_removed",
      commit: sha,
      message: `${rel}: commit ${sha.slice(0, 12)} (${author ?? "?"}: ${JSON.stringify((subject ?? "").slice(0, 80))}) removed records it had (up to record ${seq}); what is left still verifies, so restore the segment from before that commit`,
    });
  }
  return out;
}

/** The first line of a file (at most 64 KiB read), or null. */
function firstLine(file: string): string | null {
  let fd: number | null = null;
  try {
    // Without blocking or following a link, and only from a regular file: a committed segment
    // that is a pipe here (a hand's mkfifo) held ledger-verify, doctor and session-finish for ever.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
    if (!fstatSync(fd).isFile()) return null;
    const buf = Buffer.alloc(65_536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString("utf8");
    const nl = text.indexOf("\n");
    return nl >= 0 ? text.slice(0, nl) : text;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
