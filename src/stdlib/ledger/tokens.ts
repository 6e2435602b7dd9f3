// The highest fencing token the ledger names for each ticket: the floor of a ticket's next token
// when its lock file is gone (never claimed here, deleted, lost with a fresh clone). Segments only
// grow, so an index in .exo/cache/ledger/tokens.json remembers how far each segment was read and
// the tokens found; a query reads only what was appended since, so its cost follows the records
// written since the last claim, not the history. The index is derived: a missing or garbled one
// is rebuilt from the segments, a segment rewritten below its mark is read again from the start,
// and tokens in the index are only ever raised.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Repo } from "../../io/paths.js";
import { uniqueName } from "../../io/random.js";
import { segmentFiles } from "./read.js";
import { assertNoStateLinks, readStateRecordSync } from "../../io/state-links.js";

/** How far one segment was read, and what identifies its content up to there (markAt). */
interface SegmentMark {
  offset: number;
  fingerprint: string;
}

interface TokenIndex {
  v: 1;
  segments: Record<string, SegmentMark>;
  tokens: Record<string, number>;
}

const REACH = 4096;
const HASH = Buffer.from('"hash":"');
const BLOCK = 4 << 20;
/** Only lines that carry a token are parsed: every token member's name ends so. */
const NEEDLE = Buffer.from('_token":');
const TOKEN_KEYS = ["fencing_token", "previous_token", "superseded_token"];

function indexFile(repo: Repo): string {
  return join(repo.cacheDir, "ledger", "tokens.json");
}

function loadIndex(file: string): TokenIndex {
  try {
    // An index behind a symlink (a forged one could lower a ticket's token floor) is rebuilt.
    // A pipe there waited for ever.
    const text = readStateRecordSync(file, "latin1");
    if (text === null) throw new Error("no index");
    const raw = JSON.parse(text) as Partial<TokenIndex>;
    if (raw.v === 1 && raw.segments && typeof raw.segments === "object" && raw.tokens && typeof raw.tokens === "object") {
      const segments: Record<string, SegmentMark> = Object.create(null) as Record<string, SegmentMark>;
      for (const [name, mark] of Object.entries(raw.segments)) {
        if (mark && Number.isSafeInteger(mark.offset) && mark.offset >= 0 && typeof mark.fingerprint === "string") segments[name] = { offset: mark.offset, fingerprint: mark.fingerprint };
      }
      const tokens: Record<string, number> = Object.create(null) as Record<string, number>;
      for (const [ticket, token] of Object.entries(raw.tokens)) if (Number.isSafeInteger(token) && token > 0) tokens[ticket] = token;
      return { v: 1, segments, tokens };
    }
  } catch {
    // missing or garbled: rebuilt below
  }
  return { v: 1, segments: Object.create(null) as Record<string, SegmentMark>, tokens: Object.create(null) as Record<string, number> };
}

/**
 * What identifies a segment's content up to `offset` (the end of a whole line): the last record's
 * own hash, which the chain makes unique, read from the bytes before `offset`; its last bytes when
 * that line has no hash member in reach.
 */
function markAt(fd: number, offset: number): string {
  const before = readFrom(fd, Math.max(0, offset - REACH), offset);
  if (!before) return "";
  const line = before.subarray(before.lastIndexOf(10, before.length - 2) + 1);
  const at = line.lastIndexOf(HASH);
  if (at >= 0 && line.length >= at + HASH.length + 64) return line.toString("latin1", at + HASH.length, at + HASH.length + 64);
  return before.toString("latin1", Math.max(0, before.length - 48));
}

/** Reads [from, size) of an open segment, or null when `from` is past its end. */
function readFrom(fd: number, from: number, size: number): Buffer | null {
  if (from > size) return null;
  const buf = Buffer.allocUnsafe(size - from);
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, from + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** Raises `tokens` by the record on bytes [start, stop), when it is one. */
function take(bytes: Buffer, start: number, stop: number, tokens: Record<string, number>, max: number): void {
  try {
    const record = JSON.parse(bytes.toString("utf8", start, stop)) as { ticket?: unknown; data?: Record<string, unknown> };
    if (typeof record.ticket === "string" && record.data && typeof record.data === "object") {
      for (const key of TOKEN_KEYS) {
        const t = record.data[key];
        if (typeof t === "number" && Number.isSafeInteger(t) && t > 0 && t <= max && t > (tokens[record.ticket] ?? 0)) tokens[record.ticket] = t;
      }
    }
  } catch {
    // verify reports broken lines; the floor skips them
  }
}

/**
 * Raises `tokens` by the records of the whole lines of `bytes`; returns the bytes consumed. At the
 * end of the segment, a last line without its newline counts too when it is a whole record (an
 * editor dropped the newline), but is not consumed: it is read again once completed.
 */
function scan(bytes: Buffer, tokens: Record<string, number>, max: number, atEnd: boolean): number {
  const end = bytes.lastIndexOf(10) + 1;
  for (let at = bytes.indexOf(NEEDLE); at >= 0 && at < end; ) {
    const stop = bytes.indexOf(10, at);
    take(bytes, bytes.lastIndexOf(10, at) + 1, stop, tokens, max);
    at = bytes.indexOf(NEEDLE, stop + 1);
  }
  if (atEnd && end < bytes.length && bytes.indexOf(NEEDLE, end) >= 0) take(bytes, end, bytes.length, tokens, max);
  return end;
}

/**
 * The highest fencing token (≤ max) the ledger names for `ticket` in a `fencing_token`,
 * `previous_token` or `superseded_token` member of a record about it; 0 when none.
 */
export function ledgerTicketToken(repo: Repo, ticket: string, max: number): number {
  const file = indexFile(repo);
  const index = loadIndex(file);
  let changed = false;
  for (const name of segmentFiles(repo)) {
    let fd: number;
    try {
      fd = openSync(join(repo.ledgerDir, name), "r");
    } catch {
      continue; // removed since the listing
    }
    try {
      const size = fstatSync(fd).size;
      const mark = index.segments[name];
      let from = 0;
      if (mark && mark.offset <= size && markAt(fd, mark.offset) === mark.fingerprint) from = mark.offset;
      if (from === size && mark) continue;
      // A block at a time (a segment pulled from elsewhere may be large); a line longer than the
      // block doubles it.
      let offset = from;
      for (let block = BLOCK; offset < size; ) {
        const want = Math.min(size, offset + block) - offset;
        const bytes = readFrom(fd, offset, offset + want) as Buffer;
        const used = scan(bytes, index.tokens, max, offset + bytes.length >= size);
        if (used === 0) {
          // Only a last line without its newline (read next time), or a file cut short meanwhile.
          if (bytes.length < want || offset + bytes.length >= size) break;
          block *= 2;
        }
        offset += used;
      }
      const fingerprint = markAt(fd, offset);
      if (!mark || mark.offset !== offset || mark.fingerprint !== fingerprint) {
        index.segments[name] = { offset, fingerprint };
        changed = true;
      }
    } finally {
      closeSync(fd);
    }
  }
  if (changed) {
    // A derived file: written whole and renamed, without fsync (a lost write is a rescan).
    try {
      assertNoStateLinks(file);
      mkdirSync(join(repo.cacheDir, "ledger"), { recursive: true });
      const temp = `${file}.${uniqueName()}.tmp`;
      writeFileSync(temp, JSON.stringify(index));
      renameSync(temp, file);
    } catch {
      // a read-only cache only costs the next query a rescan
    }
  }
  return index.tokens[ticket] ?? 0;
}
