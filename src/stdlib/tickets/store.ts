// Ticket files (.exo/tickets/<ID>.yaml): read, list, create exclusively, update under the
// guard ticket-<ID>, and status changes through the state machine (SPEC §4.5).
import { uniqueName } from "../../io/random.js";
import { linkSync, lstatSync, readdirSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import { ExoError, ErrorCode } from "../../errors.js";
import { isTicketId } from "../../kernel/ids.js";
import { writeCacheFile, writeFileAtomic, removeFileSync } from "../../io/fs-atomic.js";
import { receiptTree, writeReceipt, writeWithReceipt } from "../../io/integrity.js";
import { withGuard } from "../../io/guard.js";
import { readRegularFileSync, readRegularTextSync, statOrNull } from "../../io/read.js";
import { isUtf8 } from "node:buffer";
import type { Repo } from "../../io/paths.js";
import { BUILD_ID } from "../compiled.js";
import { appendLedger } from "../ledger/store.js";
import { witnessBeforeWrite } from "../integrity/witness.js";
// The YAML model loads only when a ticket file must be parsed or written (not for index hits).
const model = () => import("./model.js");
import { checkTransition, type Via } from "./transitions.js";
import { unmergedCause, unmergedMessage, unmergedTickets } from "../git/unmerged.js";
import { CLOSED_STATUSES, type Ticket, type TicketStatus } from "./types.js";
import { behindStateLink } from "../../io/state-links.js";

export interface Actor {
  actor: string;
  host: string;
  now: Date;
}

export interface TicketProblem {
  file: string;
  code: string;
  message: string;
  line?: number;
  /** id_mismatch: the step that gives the file its ticket's name again (or the ticket the file's name). */
  hint?: string;
}

/**
 * A ticket file whose id is not its name: `git mv` it back when no file has that id's name (a
 * teammate renamed the file; ids are referenced by parents, blockers, locks and the ledger, so the
 * file follows the id), `mv` when git does not track the file (a rename by hand or a sync tool:
 * git mv refuses it), else the file is a copy and its id is what to change. So is a committed
 * file HEAD has with its name's id: the id was edited, and git mv would rename the ticket.
 */
export async function idMismatchHint(repo: Repo, file: string, id: string, name: string): Promise<string> {
  const target = repo.relative(repo.ticketFile(id));
  const there = isTicketId(id) ? lstatOrNull(repo.ticketFile(id)) : null;
  if (isTicketId(id) && there === null) {
    const { gitRaw } = await import("../../io/git.js");
    const own = `${name}.yaml`;
    const tracked = await gitRaw(repo.ticketsDir, ["ls-files", "--error-unmatch", "--", own]).catch(() => null);
    if (tracked?.code !== 0) return `mv -- ${file} ${target}`;
    const head = await gitRaw(repo.ticketsDir, ["show", `HEAD:./${own}`]).catch(() => null);
    if (head?.code === 0 && head.stdout.split("\n").some((l) => /^id:\s*["']?([^"'\s]+)["']?\s*$/.exec(l)?.[1] === name)) {
      return `set id: ${name} in ${file} again (git has it with id ${name}, so ${name} is what the team's tickets, locks and ledger name; compare: git diff -- ${file})`;
    }
    return `git mv ${file} ${target}`;
  }
  // The same bytes as the ticket it names (git mergetool's T1_LOCAL_123.yaml, T1_BASE_…, an
  // editor's or a hand's copy): nothing of it is lost by removing it, as setting its id would make
  // a second ticket of the same work.
  if (there?.isFile() && sameBytes(repo.ticketFile(name), repo.ticketFile(id))) return `rm -- ${file}`;
  return `set id: ${name} in ${file} (it is a copy of ${target}; compare: git diff --no-index -- ${target} ${file})`;
}

/** Whether two regular files hold the same bytes (false when either cannot be read). */
function sameBytes(a: string, b: string): boolean {
  try {
    if (!lstatOrNull(a)?.isFile()) return false;
    return readRegularFileSync(a).equals(readRegularFileSync(b));
  } catch {
    return false;
  }
}

export interface TicketIndex {
  tickets: Map<string, Ticket>;
  list: Ticket[];
  problems: TicketProblem[];
}

function relFile(id: string): string {
  return `.exo/tickets/${id}.yaml`;
}

/** Why a ticket file was not read, without the absolute path. */
/**
 * A ticket file that is a symlink (a pull can bring one, pointing anywhere) is never read: exo
 * would show another file's text as a ticket and, on the next update, commit it as one.
 */
const SYMLINK = "is not a regular file but a symlink (exo reads no ticket through one); remove it (git rm) and restore the ticket";

function lstatOrNull(file: string): Stats | null {
  try {
    return lstatSync(file, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

/** The problem for a ticket file that is no regular file, or too large, read through `ticketText`. */
function unreadable(error: ExoError, file: string): { message: string; hint?: string } {
  // A symlink is SYMLINK's case (lstat first): this one is the pipe, socket or device itself,
  // which git never tracks, so `git rm` (the advice before) only said "did not match any files".
  return (error.details as { reason?: string } | undefined)?.reason === "too_large"
    ? { message: `${file} is too large to be a ticket; remove it (git rm)` }
    : { message: `${file} is a named pipe, socket or device, not a ticket (git keeps none of these); remove it: rm -- ${file}`, hint: `rm -- ${file}` };
}

type Issue = { message: string; line?: number; column?: number; code: string };

/**
 * A ticket file's text, or the issue that it is not UTF-8 (a Latin-1 or UTF-16 editor, a binary
 * file): decoded as it is, its bad bytes would become U+FFFD and the next write would commit them.
 */
function ticketText(path: string): { text: string } | { issue: Issue } {
  const bytes = readRegularFileSync(path);
  const text = bytes.toString("utf8");
  if (!text.includes("\uFFFD") || isUtf8(bytes)) return { text };
  const at = text.indexOf("\uFFFD");
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = at - before.lastIndexOf("\n");
  return { issue: { code: "encoding_invalid", message: "not UTF-8 text (saved as Latin-1 or UTF-16, or binary); save it as UTF-8", line, column } };
}

const REQUIRED = " is required";

function invalid(file: string, issues: { message: string; line?: number; column?: number; code: string }[]): ExoError {
  const first = issues[0];
  // YAML syntax errors already say "at line N, column M".
  const where = first?.line !== undefined && !/ at line \d+/.test(first.message) ? ` (line ${first.line}, column ${first.column ?? 1})` : "";
  // A hand-written file lacks several of the fields exo writes at creation: all are named at once.
  const missing = issues.flatMap((i) => (i.message.endsWith(REQUIRED) ? [i.message.slice(0, -REQUIRED.length)] : []));
  const said = missing.length > 1 && first?.message.endsWith(REQUIRED) ? `${missing.join(", ")} are required (a ticket file holds every field exo writes: exo ticket-create makes one)` : `${first?.message ?? "invalid ticket"}${where}`;
  return new ExoError(ErrorCode.TICKET_INVALID, `${file}: ${said}; fix the file or restore it from git.`, {
    hint: "exo doctor",
    details: { file, issues },
  });
}

/** Read one ticket by exact id (from the ticket index when the file is the one indexed). */
export async function readTicket(repo: Repo, id: string): Promise<Ticket> {
  const file = repo.ticketFile(id);
  const info = lstatOrNull(file);
  if (info?.isSymbolicLink()) throw invalid(relFile(id), [{ code: "not_a_file", message: `${relFile(id)} ${SYMLINK}` }]);
  if (info && (await unmergedTickets(repo)).has(id)) {
    const cause = await unmergedCause(repo);
    const message = unmergedMessage(relFile(id), cause);
    throw new ExoError(ErrorCode.TICKET_INVALID, `${message}, then retry.`, { hint: cause ? "exo doctor --fix" : `git mergetool -- ${relFile(id)}`, details: { file: relFile(id), issues: [{ code: "unmerged", message }] } });
  }
  if (info && isTicketId(id)) {
    // The small file of recent writes first: it takes precedence over the index anyway, and the
    // ticket a command reads was often written by the command before (next, then session-start),
    // so the whole index (every ticket ever made) is not read for it.
    const name = `${id}.yaml`;
    const hit = readRecent(repo)[name] ?? readIndexFile(repo, true)[name];
    // An entry is only ever made from a file that parsed, validated and had this very id. The
    // caller gets its own copy: the parse is shared.
    if (hit && hit.size === info.size && hit.mtimeMs === info.mtimeMs && hit.ctimeMs === info.ctimeMs && hit.ticket.id === id) return structuredClone(hit.ticket);
  }
  let text: string;
  try {
    const read = ticketText(file);
    if ("issue" in read) throw invalid(relFile(id), [read.issue]);
    text = read.text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw notFoundHere(repo, id);
    if (error instanceof ExoError && error.code === ErrorCode.IO_ERROR) throw invalid(relFile(id), [{ code: "not_a_file", message: unreadable(error, relFile(id)).message }]);
    throw error;
  }
  const { value, issues } = (await model()).parseTicket(text, relFile(id));
  if (!value) throw invalid(relFile(id), issues);
  // Case-insensitive filesystems find TKT-a for tkt-A; lookups are exact everywhere.
  if (value.id !== id) {
    if (value.id.toLowerCase() === id.toLowerCase()) throw notFound(id);
    const hint = await idMismatchHint(repo, relFile(id), value.id, id);
    const copy = hint.startsWith("rm -- ");
    const moved = hint.startsWith("git mv ") || hint.startsWith("mv -- ");
    throw new ExoError(ErrorCode.TICKET_INVALID, `${relFile(id)}: id ${value.id} does not match the file name; ${moved ? `give the file its ticket's name again: ${hint}` : copy ? `it is a copy of ${relFile(value.id)}, byte for byte (a merge tool's or editor's leftover): remove it` : hint}.`, { hint: moved || copy ? hint : "exo doctor --section tickets", details: { file: relFile(id), issues: [{ code: "id_mismatch", message: `id ${value.id} does not match the file name` }] } });
  }
  return value;
}

/**
 * A ticket's ancestors, parent first: what ancestorsOf finds in listTickets, read one ticket at a
 * time, so a session's start does not stat and index every ticket ever made.
 */
export async function readAncestors(repo: Repo, ticket: Ticket): Promise<Ticket[]> {
  const out: Ticket[] = [];
  const seen = new Set<string>([ticket.id]);
  let parentId = ticket.parent;
  while (parentId && out.length < 20 && !seen.has(parentId) && isTicketId(parentId)) {
    let parent: Ticket;
    try {
      parent = await readTicket(repo, parentId);
    } catch {
      break; // missing or unreadable: listTickets would not have it either
    }
    out.push(parent);
    seen.add(parentId);
    parentId = parent.parent;
  }
  return out;
}

/**
 * Not found in this worktree. A linked worktree reads tickets committed on its branch (SPEC §3.3):
 * one created in the main worktree after the branch was made is not there yet, and the error says
 * so (only this error path looks).
 */
function notFoundHere(repo: Repo, id: string): ExoError {
  const mainFile = join(repo.mainRoot, ".exo", "tickets", `${id}.yaml`);
  if (repo.isMainWorktree || mainFile === repo.ticketFile(id) || !isTicketId(id) || !statOrNull(mainFile)?.isFile()) return notFound(id);
  return new ExoError(ErrorCode.TICKET_NOT_FOUND, `No ticket ${id} on this worktree's branch: it exists in the main worktree (${repo.mainRoot}) but is not committed on this branch; commit .exo/tickets/${id}.yaml there, then merge or rebase onto that commit here.`, {
    // As exo's own commit (Exo-Generated, the file alone): before, `-m "ticket T"` was an
    // ungoverned_commit to exo pr-check, and it committed whatever else was staged there.
    hint: `git -C ${JSON.stringify(repo.mainRoot)} add .exo/tickets/${id}.yaml && git -C ${JSON.stringify(repo.mainRoot)} commit -m "chore(exo): create ${id}" -m "Exo-Generated: true" -- .exo/tickets/${id}.yaml`,
    details: { ticket: id, main_worktree: repo.mainRoot },
  });
}

export function notFound(id: string): ExoError {
  return new ExoError(ErrorCode.TICKET_NOT_FOUND, `No ticket ${id}; list tickets with exo tickets.`, { hint: "exo tickets" });
}

/** An index larger than this takes single-ticket writes in the file of recent writes. */
const INDEX_REWRITE_MAX_BYTES = 128 * 1024;
/** Recent writes are folded into the index beyond this many. */
const RECENT_MAX = 64;

interface IndexEntry {
  size: number;
  mtimeMs: number;
  /**
   * The file's change time: a content change that keeps size and mtime (touch -r, cp -p or
   * rsync -t of an older copy of the same size) still moves it, as nothing can set it back.
   */
  ctimeMs: number;
  ticket: Ticket;
}

/**
 * The derived ticket index in cache/ (SPEC §11): entries are reused only when size and mtime
 * match, made by this build. `shared: false` parses a copy the caller owns; `shared: true`
 * returns the process's one parse of this version of the file, which callers never modify (a
 * command reads single tickets from it many times, and the index holds every ticket ever made).
 * Entries in the small file of recent writes (see indexWritten) take precedence.
 */
function readIndexCache(repo: Repo, shared = false): Record<string, IndexEntry> {
  const files = readIndexFile(repo, shared);
  const recent = readRecent(repo);
  return Object.keys(recent).length === 0 ? files : { ...files, ...recent };
}

/** The index file alone, without the recent writes (see readIndexCache). */
function readIndexFile(repo: Repo, shared: boolean): Record<string, IndexEntry> {
  let files: Record<string, IndexEntry> = {};
  try {
    const file = indexFile(repo);
    if (behindStateLink(file)) return files;
    const info = statSync(file);
    // One read per process while the index file is unchanged.
    if (!indexMemo || indexMemo.file !== file || indexMemo.mtimeMs !== info.mtimeMs || indexMemo.size !== info.size) {
      indexMemo = { file, mtimeMs: info.mtimeMs, size: info.size, text: readRegularTextSync(file), parsed: null };
    }
    const fromText = () => indexFiles(repo, (indexMemo as IndexMemo).text);
    if (!shared) files = fromText();
    else {
      indexMemo.parsed ??= { root: repo.ticketsDir, files: fromText() };
      files = indexMemo.parsed.root === repo.ticketsDir ? indexMemo.parsed.files : fromText();
    }
  } catch {
    files = {};
  }
  return files;
}

/** An index text: the entries, stamped with this build and this tickets folder. */
function indexText(repo: Repo, files: Record<string, IndexEntry>): string {
  return JSON.stringify({ version: 1, build: BUILD_ID, root: repo.ticketsDir, files });
}

/** The entries of an index text made by this build for this tickets folder ({} otherwise). */
function indexFiles(repo: Repo, text: string): Record<string, IndexEntry> {
  const parsed = JSON.parse(text) as { version?: number; build?: string; root?: string; files?: Record<string, IndexEntry> };
  return parsed.version === 1 && parsed.build === BUILD_ID && parsed.root === repo.ticketsDir ? (parsed.files ?? {}) : {};
}

const indexFile = (repo: Repo) => join(repo.cacheDir, "tickets-index.json");
const recentFile = (repo: Repo) => join(repo.cacheDir, "tickets-index-recent.json");

/** Index entries exo wrote since the index was last rewritten: a few, read and written whole. */
function readRecent(repo: Repo): Record<string, IndexEntry> {
  try {
    if (behindStateLink(recentFile(repo))) return {};
    return indexFiles(repo, readRegularTextSync(recentFile(repo)));
  } catch {
    return {};
  }
}

interface IndexMemo {
  file: string;
  mtimeMs: number;
  size: number;
  text: string;
  parsed: { root: string; files: Record<string, IndexEntry> } | null;
}

let indexMemo: IndexMemo | null = null;

/** Rewrite the whole index; it then holds the recent writes too. */
async function writeIndexCache(repo: Repo, files: Record<string, IndexEntry>): Promise<void> {
  indexMemo = null; // the next read takes the new file, whatever its mtime's precision
  await writeCacheFile(indexFile(repo), indexText(repo, files));
  try {
    removeFileSync(recentFile(repo));
  } catch {
    // A cache (a read-only checkout, a full disk): its entries are checked against each file anyway.
  }
}

/** Every readable ticket; unreadable files are reported in `problems`, never fatal. */
/**
 * The end of the message for a folder where a ticket goes: doctor --fix keeps the folder in the
 * quarantine and checks the ticket out (a git checkout alone deletes what the folder holds).
 */
export const FOLDER_AT_TICKET = "; exo doctor --fix moves it to .exo/cache/quarantine (what it holds is kept) and restores the ticket from git";

export async function listTickets(repo: Repo): Promise<TicketIndex> {
  let names: string[] = [];
  try {
    names = readdirSync(repo.ticketsDir).filter((n) => n.endsWith(".yaml")).sort();
  } catch {
    names = [];
  }
  const tickets = new Map<string, Ticket>();
  const problems: TicketProblem[] = [];
  const cache = readIndexCache(repo);
  const fresh: Record<string, IndexEntry> = {};
  // One synchronous stat per ticket (closed tickets stay, so this runs for every ticket ever
  // made); only files whose size or mtime changed since the index are read and parsed.
  const dir = repo.ticketsDir;
  const changed: { name: string; id: string; path: string; info: Stats }[] = [];
  for (const name of names) {
    const id = name.slice(0, -".yaml".length);
    if (!isTicketId(id)) {
      problems.push({ file: `.exo/tickets/${name}`, code: "id_invalid", message: `${name} is not a valid ticket file name; ignored` });
      continue;
    }
    const path = `${dir}/${name}`;
    let info: Stats | undefined;
    try {
      info = lstatSync(path, { throwIfNoEntry: false });
    } catch {
      info = undefined;
    }
    if (!info) continue;
    if (info.isSymbolicLink()) {
      problems.push({ file: `.exo/tickets/${name}`, code: "not_a_file", message: `.exo/tickets/${name} ${SYMLINK}` });
      continue;
    }
    // A folder where a ticket goes (a hand's mkdir -p, a sync tool): before, skipped unseen, so
    // doctor passed and exo next said "there are no tickets yet" while git had the ticket.
    if (info.isDirectory()) {
      problems.push({ file: `.exo/tickets/${name}`, code: "not_a_file", message: `.exo/tickets/${name} is a folder, not a ticket${FOLDER_AT_TICKET}` });
      continue;
    }
    const hit = cache[name];
    if (hit && hit.size === info.size && hit.mtimeMs === info.mtimeMs && hit.ctimeMs === info.ctimeMs) {
      tickets.set(id, hit.ticket);
      fresh[name] = hit;
    } else changed.push({ name, id, path, info });
  }
  const misses = changed.length;
  await Promise.all(
    changed.map(async ({ name, id, path, info }) => {
      const file = relFile(id);
      let text: string;
      try {
        const read = ticketText(path);
        if ("issue" in read) {
          problems.push({ file, code: read.issue.code, message: `${file}: ${read.issue.message} (line ${read.issue.line})`, line: read.issue.line as number });
          return;
        }
        text = read.text;
      } catch (error) {
        // A device behind a symlink, a huge file: reported; a file gone: skipped.
        if (error instanceof ExoError) problems.push({ file, code: "not_a_file", ...unreadable(error, file) });
        return;
      }
      const { value, issues } = (await model()).parseTicket(text, file);
      if (!value) {
        const first = issues[0];
        problems.push({ file, code: first?.code ?? "invalid", message: `${file}: ${first?.message ?? "invalid"}`, ...(first?.line !== undefined ? { line: first.line } : {}) });
      } else if (value.id !== id) {
        const hint = await idMismatchHint(repo, file, value.id, id);
        const copy = hint.startsWith("rm -- ") ? ` (a byte-for-byte copy of ${relFile(value.id)}, a merge tool's or editor's leftover: remove it)` : "";
        problems.push({ file, code: "id_mismatch", message: `${file}: id ${value.id} does not match the file name${copy}`, hint });
      }
      else {
        tickets.set(id, value);
        fresh[name] = { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ticket: value };
      }
    }),
  );
  if (misses > 0 || Object.keys(cache).length !== Object.keys(fresh).length) await writeIndexCache(repo, fresh);
  dropCaseDuplicates(tickets, problems);
  const unmerged = await unmergedTickets(repo);
  if (unmerged.size > 0) {
    const cause = await unmergedCause(repo);
    for (const id of unmerged) {
      // A text merge leaves conflict markers: the file is already a problem, which says what to do now.
      const file = relFile(id);
      const at = problems.findIndex((p) => p.file === file);
      if (at >= 0) problems.splice(at, 1);
      if (tickets.delete(id) || at >= 0) problems.push({ file, code: "unmerged", message: unmergedMessage(file, cause) });
    }
  }
  const list = [...tickets.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { tickets, list, problems: problems.sort((a, b) => (a.file < b.file ? -1 : 1)) };
}

/**
 * Ids are unique ignoring case (a case-insensitive checkout holds one file for both), but a pull
 * can bring `t1.yaml` beside `T1.yaml`: the earlier-created one is kept (ties: the id sorting
 * first), the other is reported and not listed, so dispatch never hands out both.
 */
function dropCaseDuplicates(tickets: Map<string, Ticket>, problems: TicketProblem[]): void {
  // The usual case, no two ids alike: one pass over the ids, no sort.
  const lower = new Set<string>();
  for (const id of tickets.keys()) lower.add(id.toLowerCase());
  if (lower.size === tickets.size) return;
  const byLower = new Map<string, Ticket>();
  const ordered = [...tickets.values()].sort((a, b) => (a.created_at !== b.created_at ? (a.created_at < b.created_at ? -1 : 1) : a.id < b.id ? -1 : 1));
  for (const t of ordered) {
    const key = t.id.toLowerCase();
    const kept = byLower.get(key);
    if (!kept) {
      byLower.set(key, t);
      continue;
    }
    tickets.delete(t.id);
    const file = relFile(t.id);
    problems.push({ file, code: "id_duplicate", message: `${file}: id ${t.id} differs from ${kept.id} only in case (ids are unique ignoring case); rename or remove one` });
  }
}

/** Write a new ticket file; fails with ID_EXISTS when the id (any case) is taken. */
export async function createTicketFile(repo: Repo, ticket: Ticket, host: string): Promise<void> {
  // Under the ticket's guard, as every other write of a ticket: two creates of one id at once
  // (two agents, a retried call) each wrote their receipt, and the loser's, written after the
  // winner's, named a file that never was: doctor then called the winner's ticket "changed
  // outside exo". Now the loser finds the file and writes nothing.
  return withGuard(repo.stateDir, `ticket-${ticket.id}`, { host }, () => createUnguarded(repo, ticket));
}

async function createUnguarded(repo: Repo, ticket: Ticket): Promise<void> {
  let names: string[] = [];
  try {
    names = readdirSync(repo.ticketsDir);
  } catch {
    names = [];
  }
  const lower = `${ticket.id.toLowerCase()}.yaml`;
  if (names.some((n) => n.toLowerCase() === lower)) throw idExists(ticket.id);
  const target = repo.ticketFile(ticket.id);
  const temp = join(repo.ticketsDir, `.${ticket.id}.${uniqueName()}.tmp`);
  const text = (await model()).formatTicket(ticket);
  await writeReceipt(repo.stateDir, "tickets", ticket.id, text, receiptTree(repo, "tickets"));
  await writeFileAtomic(temp, text);
  try {
    // link() is an exclusive create of a complete file: readers never see half a ticket.
    linkSync(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw idExists(ticket.id);
    throw error;
  } finally {
    removeFileSync(temp);
  }
  await indexWritten(repo, ticket, text);
}

/**
 * After exo wrote a ticket file: its index entry, so the next read (often the next command:
 * ticket-create then session-start) needs no YAML parser. The entry is made only when the file
 * still holds the text written, with the stat taken before that check; a later write changes the
 * stat and the entry is not used.
 */
async function indexWritten(repo: Repo, ticket: Ticket, text: string): Promise<void> {
  const id = ticket.id;
  try {
    const file = repo.ticketFile(id);
    const info = statSync(file);
    if (readRegularTextSync(file) !== text) return;
    const value = (await model()).writtenTicket(ticket);
    if (!value || value.id !== id) return;
    const entry = { [`${id}.yaml`]: { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ticket: value } };
    // A large index (it keeps every ticket ever made) is not parsed and rewritten for one entry:
    // the entry goes to the small file of recent writes, folded into the index every RECENT_MAX.
    const indexSize = statOrNull(indexFile(repo))?.size ?? 0;
    const recent = indexSize > INDEX_REWRITE_MAX_BYTES ? { ...readRecent(repo), ...entry } : null;
    if (recent && Object.keys(recent).length <= RECENT_MAX) {
      await writeCacheFile(recentFile(repo), indexText(repo, recent));
    } else await writeIndexCache(repo, { ...readIndexCache(repo, true), ...entry });
  } catch {
    // the index is only a hint
  }
}

function idExists(id: string): ExoError {
  return new ExoError(ErrorCode.ID_EXISTS, `A ticket ${id} exists already (ids are unique ignoring case); pick another id.`, {});
}

export async function saveTicket(repo: Repo, who: Actor, ticket: Ticket): Promise<void> {
  await witnessBeforeWrite(repo, who, "tickets", ticket.id, repo.ticketFile(ticket.id));
  const text = (await model()).formatTicket(ticket);
  await writeWithReceipt(repo.stateDir, "tickets", ticket.id, repo.ticketFile(ticket.id), text, receiptTree(repo, "tickets"));
  await indexWritten(repo, ticket, text);
}

/** Read-modify-write one ticket under its guard; `mutate` returns the new ticket or null (no change). */
export async function updateTicket(repo: Repo, who: Actor, id: string, mutate: (t: Ticket) => Ticket | null): Promise<{ before: Ticket; after: Ticket; changed: boolean }> {
  return withGuard(repo.stateDir, `ticket-${id}`, { host: who.host }, async () => {
    const before = await readTicket(repo, id);
    const next = mutate(structuredClone(before));
    if (!next) return { before, after: before, changed: false };
    next.updated_at = who.now.toISOString();
    await saveTicket(repo, who, next);
    return { before, after: next, changed: true };
  });
}

export function transitionError(t: Ticket, to: TicketStatus, verdict: { reason: string; allowed: TicketStatus[] }): ExoError {
  if (verdict.reason === "reason_required") {
    return new ExoError(ErrorCode.INVALID_TRANSITION, `Moving ${t.id} from ${t.status} to ${to} needs --reason.`, {
      hint: `exo ticket-update ${t.id} --status ${to} --reason "…"`,
      details: { from: t.status, to, allowed: verdict.allowed },
    });
  }
  const allowed = verdict.allowed.length > 0 ? verdict.allowed.join(", ") : "none";
  const closing = to === "done" || to === "cancelled";
  const open = !CLOSED_STATUSES.has(t.status);
  // A task becomes active only through a session or a claim (§4.5.3): say so, not "cancel it".
  const starts = to === "active" && t.kind === "task" && ["todo", "paused", "review"].includes(t.status);
  const hint = starts ? `exo session-start --ticket-id ${t.id}` : closing && open ? `exo ticket-close ${t.id} --status ${to}` : verdict.allowed[0] ? `exo ticket-update ${t.id} --status ${verdict.allowed[0]}` : `exo ticket-show ${t.id}`;
  const how = starts ? "; a task becomes active when a session starts on it (or exo next claims it)" : "";
  return new ExoError(ErrorCode.INVALID_TRANSITION, `${t.kind} ${t.id} cannot go from ${t.status} to ${to} this way (allowed: ${allowed})${how}.`, {
    hint,
    details: { from: t.status, to, allowed: verdict.allowed },
  });
}

/** Apply a status transition with history, validated by §4.5.3; ledger ticket.status_changed. */
export async function setTicketStatus(
  repo: Repo,
  who: Actor & { session?: string | null },
  id: string,
  to: TicketStatus,
  reason: string,
  via: Via,
  also: (t: Ticket) => void = () => undefined,
): Promise<{ from: TicketStatus; ticket: Ticket }> {
  let from: TicketStatus = "todo";
  const { after, changed } = await updateTicket(repo, who, id, (t) => {
    from = t.status;
    if (t.status === to) {
      also(t);
      return t;
    }
    const verdict = checkTransition(t.kind, t.status, to, via, reason);
    if (!verdict.ok) throw transitionError(t, to, verdict);
    t.history.push({ at: who.now.toISOString(), by: who.actor, from: t.status, to, reason });
    t.status = to;
    also(t);
    return t;
  });
  if (changed && from !== to) {
    await appendLedger(repo, who, [{ type: "ticket.status_changed", ticket: id, session: who.session ?? null, data: { from, to, reason } }]);
  }
  return { from, ticket: after };
}
