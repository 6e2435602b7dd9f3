// doctor's "state" section (issue #18): garbled or stray session, handoff, lock and guard files
// and locks bound to a session that no longer exists. Reported by name; --fix moves bad files to
// <state>/cache/quarantine/, rebuilds a corrupt lock as released with its fencing counter taken
// from the ledger, and releases orphaned locks.

import { plural } from "../kernel/plural.js";
import { ExoError, ErrorCode } from "../errors.js";
import { readRegularTextSync, zeroedFile } from "../io/read.js";
import { findCommittedSpecials, findStateLinks, findStateSpecials, specialKindAt } from "../io/state-links.js";
import { existsSync } from "node:fs";
import { lstat, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import type { Context } from "../commands/context.js";
import { guardDir, isPidDead, withGuard } from "../io/guard.js";
import type { Repo } from "../io/paths.js";
import { isTicketId } from "../kernel/ids.js";
import { shellLine, shellWord } from "../kernel/quote.js";
import { lockShapeProblem } from "../stdlib/locks/shape.js";
import { heldLock, listLocks, readLock, releaseLock, tokenFloor } from "../stdlib/locks/store.js";
import type { LockState } from "../stdlib/locks/types.js";
import type { SessionRecord } from "../stdlib/sessions/types.js";
import type { ClaimedAway } from "./suspended-elsewhere.js";
import type { Via } from "../stdlib/tickets/transitions.js";
import { badStateFiles, linkProblem, quarantine, unreadableProblem, type BadStateFile } from "../stdlib/sessions/state-files.js";
import { keepLostWork } from "../stdlib/sessions/lost-work.js";
import type { Section } from "./health.js";
import { writeLockFile } from "../stdlib/locks/file.js";

interface Findings {
  bad: BadStateFile[];
  orphaned: LockState[];
  /** Held locks naming a session that does not exist while the session open on their ticket, with their token and owner, works under them. */
  misbound: { lock: LockState; holder: string }[];
  guards: string[];
  /** Sessions whose finish, handoff or recovery was killed after its journal (issue #18). */
  closeouts: string[];
  /** Tickets `exo next` locked but was killed before setting active. */
  claims: LockState[];
  /** Symlinks below cache/, logs/, traces/ (every write there refuses them). */
  links: string[];
  /** Sessions session-suspend marked suspended before it paused their ticket (killed in between). */
  suspends: { session: string; ticket: string }[];
  /** Sessions this clone suspended whose file is gone (removed by hand): their ticket stays paused, no one can resume it. */
  goneSuspends: { session: string; ticket: string }[];
  /** Claims this clone made whose lock file is gone (removed by hand) with no session on them: their ticket stays active, nobody holds it. */
  goneClaims: { ticket: string; owner: string }[];
  /** exo's folders below cache/ (CACHE_FOLDERS) that are files or pipes: every command writing there fails. */
  cacheNotFolders: string[];
  /** Pipes, sockets and devices below cache/, logs/, traces/ (a receipt, the writer registry, a guard…). */
  specials: string[];
  /** `.exo/mementos/<ID>` that is a file or a symlink out of the repository: start and finish refuse it. */
  mementoDirs: { path: string; message: string }[];
  /** Mementos in a ticket's folder whose front matter names another ticket (a copy, a move by hand, a sync tool). */
  foreignMementos: ForeignMemento[];
  /** Learnings no listing can read (zeroed, emptied, garbled): bootstraps and exo reflections leave them out. */
  learnings: { file: string; problem: string; committed: boolean }[];
}

interface ForeignMemento {
  path: string;
  /** The ticket its front matter names. */
  owner: string;
  /** That ticket's folder holds the same file (same name, same bytes): this one is a copy. */
  copy: boolean;
  /** git has it in HEAD's tree: --fix leaves it, for the person to `git rm` or `git mv`. */
  committed: boolean;
}

/** Close-out journals whose process is gone (same host, dead pid) or on another host. */
async function interruptedCloseouts(repo: Repo, host: string): Promise<string[]> {
  const { listCloseoutJournals, readCloseoutJournal } = await import("../stdlib/sessions/closeout-journal.js");
  const out: string[] = [];
  for (const id of await listCloseoutJournals(repo)) {
    const j = await readCloseoutJournal(repo, id).catch(() => null);
    if (!j || j.host !== host || j.pid === process.pid || isPidDead(j.pid)) out.push(id);
  }
  return out;
}

async function corruptLocks(repo: Repo): Promise<BadStateFile[]> {
  const out: BadStateFile[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(repo.locksDir)).filter((n) => n.endsWith(".json"));
  } catch {
    return out;
  }
  for (const name of names) {
    const file = join(repo.locksDir, name);
    const ticket = name.slice(0, -5);
    if (!isTicketId(ticket)) {
      out.push({ file, kind: "lock", problem: "name is not <TICKET-ID>.json" });
      continue;
    }
    // A symlink (by hand, a sync tool): every read refuses it; --fix sets it aside and rebuilds the lock.
    const link = await linkProblem(file);
    if (link !== null) {
      out.push({ file, kind: "lock", problem: link });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(readRegularTextSync(file)); // sync: one small file per ticket ever locked
    } catch (error) {
      out.push({ file, kind: "lock", problem: unreadableProblem(error) });
      continue;
    }
    const problem = lockShapeProblem(value, ticket);
    if (problem) out.push({ file, kind: "lock", problem });
  }
  return out;
}

/**
 * A folder where an integrity receipt goes (`cache/integrity/{tickets,locks}/<ID>.sha256`, a hand's
 * mkdir -p, a bad sync): every write of that ticket or lock failed EISDIR, a finish half-way, and
 * doctor --fix, completing that finish, failed the same. Moved to the quarantine; the next write
 * records the receipt again.
 */
async function receiptFolders(repo: Repo): Promise<BadStateFile[]> {
  const root = join(repo.cacheDir, "integrity");
  const dirs = [join(root, "tickets"), join(root, "locks")];
  for (const tree of await readdir(join(root, "worktrees")).catch(() => [] as string[])) dirs.push(join(root, "worktrees", tree, "tickets"));
  const out: BadStateFile[] = [];
  for (const dir of dirs) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory() && e.name.endsWith(".sha256")) out.push({ file: join(dir, e.name), kind: "receipt", problem: "a folder where exo keeps an integrity receipt: every write of that file fails" });
  }
  return out;
}

/** Folders exo keeps below cache/ and what fails when one is a file (cache/lost is keepLostWork's). */
export const CACHE_FOLDERS: Record<string, string> = {
  guards: "exo keeps its guards there: every command that takes one fails",
  closeout: "exo journals each finish there: session-finish fails",
  ledger: "exo keeps the ledger's writer registry and fencing tokens there: ledger appends fail",
  leases: "exo keeps pending remote leases there",
  integrity: "exo keeps the receipts of its ticket and lock writes there: every claim, start and ticket change fails",
  "integrity/tickets": "exo keeps the receipts of its ticket writes there: every ticket change fails",
  "integrity/locks": "exo keeps the receipts of its lock writes there: every claim and start fails",
};

/** Why exo needs the cache folder `path` (a key of CACHE_FOLDERS below `repo.cacheDir`). */
export const cacheFolderWhy = (repo: Repo, path: string) => CACHE_FOLDERS[relative(repo.cacheDir, path)] ?? "exo keeps state there";

/** The folders of CACHE_FOLDERS that are files (or pipes) in this state folder. */
export async function cacheFilesNotFolders(repo: Repo): Promise<string[]> {
  const out: string[] = [];
  for (const name of Object.keys(CACHE_FOLDERS)) {
    const path = join(repo.cacheDir, name);
    const st = await lstat(path).catch(() => null);
    if (st && !st.isDirectory() && !st.isSymbolicLink()) out.push(path);
  }
  return out;
}

/** Guard files that are empty or garbled and older than two seconds (a holder died mid-write). */
async function garbledGuards(repo: Repo, nowMs: number): Promise<string[]> {
  const dir = guardDir(repo.stateDir);
  const out: string[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".guard"));
  } catch {
    return out;
  }
  for (const name of names) {
    const file = join(dir, name);
    try {
      const [text, info] = [readRegularTextSync(file), await stat(file)];
      let ok = false;
      try {
        ok = typeof (JSON.parse(text) as { token?: unknown }).token === "string";
      } catch {
        ok = false;
      }
      if (!ok && nowMs - info.mtimeMs > 2000) out.push(name);
    } catch {
      // vanished meanwhile
    }
  }
  return out;
}

/**
 * A ticket's memento folder that is a file or a symlink out of the repository (a hand, a sync
 * tool): session-start and finish refuse it (checkMementoDir), but doctor said nothing before.
 * Pipes are findCommittedSpecials'.
 */
async function badMementoDirs(repo: Repo, specials: readonly string[]): Promise<{ path: string; message: string }[]> {
  const { checkMementoDir } = await import("./session-context.js");
  const out: { path: string; message: string }[] = [];
  for (const name of await readdir(repo.mementosDir).catch(() => [] as string[])) {
    const path = join(repo.mementosDir, name);
    if (specials.includes(path)) continue;
    try {
      checkMementoDir(repo, name);
    } catch (error) {
      if (error instanceof ExoError && error.code === ErrorCode.STATE_CORRUPT) out.push({ path, message: error.message.replace(/[;.] (?:Remove the link|remove it) .*$/, "") });
    }
  }
  return out;
}

/**
 * Mementos whose front matter names another ticket than their folder's: session-start and exo ready
 * pass them over (round 38), and nothing named them. One read per memento, the YAML parsed only for
 * a `ticket:` line that is not the folder's.
 */
async function foreignMementos(repo: Repo, skip: readonly string[]): Promise<ForeignMemento[]> {
  const { mementoParts } = await import("../stdlib/sessions/memento-text.js");
  const found: Omit<ForeignMemento, "committed">[] = [];
  for (const ticket of (await readdir(repo.mementosDir).catch(() => [] as string[])).sort()) {
    const dir = join(repo.mementosDir, ticket);
    if (!isTicketId(ticket) || skip.includes(dir) || !(await lstat(dir).catch(() => null))?.isDirectory()) continue;
    for (const name of (await readdir(dir).catch(() => [] as string[])).sort()) {
      const path = join(dir, name);
      if (!name.endsWith(".md") || skip.includes(path)) continue;
      let text: string;
      let owner: unknown;
      try {
        text = readRegularTextSync(path);
        const line = /^ticket:\s*["']?([^"'\s]+)/m.exec(text.slice(0, text.indexOf("\n---\n", 4)))?.[1];
        if (line === undefined || line === ticket) continue;
        owner = mementoParts(text).front["ticket"];
      } catch {
        continue; // unreadable: not this check's
      }
      if (typeof owner !== "string" || owner === ticket || !isTicketId(owner)) continue;
      const theirs = join(repo.mementoDir(owner), name);
      const copy = (() => {
        try {
          return readRegularTextSync(theirs) === text;
        } catch {
          return false;
        }
      })();
      found.push({ path, owner, copy });
    }
  }
  if (found.length === 0) return [];
  const { governanceCheckout } = await import("../stdlib/git/sidecar.js");
  const { gitRaw } = await import("../io/git.js");
  const { base, rel } = governanceCheckout(repo);
  const listed = await gitRaw(base, ["ls-tree", "-r", "--name-only", "HEAD", "--", ...found.map((f) => rel(f.path))]);
  const committed = new Set(listed.code === 0 ? listed.stdout.split("\n").filter(Boolean) : []);
  return found.map((f) => ({ ...f, committed: committed.has(rel(f.path)) }));
}

async function findings(repo: Repo, nowMs: number, host: string, now: Date): Promise<Findings> {
  const bad = [...(await badStateFiles(repo)), ...(await corruptLocks(repo)), ...(await receiptFolders(repo))];
  const orphaned: LockState[] = [];
  const misbound: Findings["misbound"] = [];
  for (const lock of await listLocks(repo)) {
    if (lock.state !== "held" || !lock.session) continue;
    try {
      await stat(repo.sessionFile(lock.session));
    } catch {
      const holder = await misboundHolder(repo, lock);
      if (holder) misbound.push({ lock, holder: holder.id });
      else orphaned.push(lock);
    }
  }
  // (state-links is loaded already: io/read.js imports it)
  const cacheNotFolders = await cacheFilesNotFolders(repo);
  const specials = [...findStateSpecials(repo.stateDir, cacheNotFolders), ...findCommittedSpecials(repo.mementosDir, repo.learningsDir)];
  return { bad, orphaned, misbound, guards: await garbledGuards(repo, nowMs), closeouts: await interruptedCloseouts(repo, host), claims: await interruptedClaims(repo, now), links: findStateLinks(repo.stateDir), suspends: await interruptedSuspends(repo), goneSuspends: await goneSuspendedSessions(repo), goneClaims: await goneClaims(repo), cacheNotFolders, specials, mementoDirs: await badMementoDirs(repo, specials), foreignMementos: await foreignMementos(repo, specials), learnings: await badLearnings(repo) };
}

/** Learnings that cannot be read, each with whether git has the file at HEAD (its copy is the way back). */
async function badLearnings(repo: Repo): Promise<Findings["learnings"]> {
  const { unreadableLearnings } = await import("../stdlib/learnings/store.js");
  const found = unreadableLearnings(repo);
  if (found.length === 0) return [];
  const { headEntry } = await import("../io/git.js");
  return Promise.all(found.map(async (l) => ({ ...l, committed: (await headEntry(repo.root, repo.relative(l.file)).catch(() => "none")) === "file" })));
}

/** What doctor says of an unreadable learning, and how it comes back. */
const learningText = (repo: Repo) => (l: Findings["learnings"][number]) => {
  const rel = repo.relative(l.file);
  const back = l.committed ? `restore git's copy (${shellLine(["git", "checkout", "HEAD", "--", rel])})` : `git has no copy: remove it (${shellLine(["rm", "--", rel])}) and record it again with exo reflect`;
  return `${rel} cannot be read as a learning (${l.problem}): bootstraps and exo reflections leave it out; ${back}`;
};

/**
 * session-suspend writes the session as suspended first, then pauses its ticket and releases its
 * lock: killed in between, the session is suspended while its ticket is still active and its lock
 * still held and bound to it (a suspend with --keep-lock pauses the ticket too).
 */
async function interruptedSuspends(repo: Repo): Promise<{ session: string; ticket: string }[]> {
  const { listSessions } = await import("../stdlib/sessions/store.js");
  const { readTicket } = await import("../stdlib/tickets/store.js");
  const out: { session: string; ticket: string }[] = [];
  for (const s of await listSessions(repo).catch(() => [])) {
    if (s.status !== "suspended") continue;
    const lock = await readLock(repo, s.ticket).catch(() => null);
    if (!lock || lock.state !== "held" || lock.session !== s.id || lock.fencing_token !== s.fencing_token) continue;
    const ticket = await readTicket(repo, s.ticket).catch(() => null);
    if (ticket?.status === "active") out.push({ session: s.id, ticket: s.ticket });
  }
  return out;
}

/** Finish what an interrupted session-suspend left: the ticket paused, the lock released, the ledger record. */
async function completeInterruptedSuspends(ctx: Context, repo: Repo, found: { session: string; ticket: string }[]): Promise<string[]> {
  const { readSession } = await import("../stdlib/sessions/store.js");
  const { setTicketStatus } = await import("../stdlib/tickets/store.js");
  const { appendLedger } = await import("../stdlib/ledger/store.js");
  const out: string[] = [];
  for (const { session: id, ticket } of found) {
    const done = await withGuard(repo.stateDir, `session-${id}`, { host: ctx.host }, async () => {
      if (!(await interruptedSuspends(repo)).some((x) => x.session === id)) return false;
      const session = await readSession(repo, id);
      if (!session) return false;
      const who = { actor: ctx.actor, host: ctx.host, now: ctx.now(), session: id };
      const reason = session.suspend_reason ?? "suspend interrupted";
      await setTicketStatus(repo, who, ticket, "paused", reason, "session-suspend");
      const released = (await releaseLock(repo, who, { ticket, force: true, ignoreMissing: true, bySession: id })).released;
      await appendLedger(repo, who, [{ type: "session.suspended", session: id, ticket, data: { reason, lock_released: released, completed_by: ctx.actor } }]);
      return true;
    });
    if (done) out.push(`completed the interrupted suspend of session ${id} (${ticket} paused, its lock released)`);
  }
  return out;
}

/**
 * A start snapshot set aside (zeroed by a crash, garbled, a folder): rebuilt for its open session
 * from the files unchanged since it started, so its finish charges it with its own work only
 * (before, the finish then charged every file dirty at the start). What was done, for `fixed`.
 */
async function rebuildStartSnapshot(repo: Repo, file: string): Promise<string[]> {
  const { readSession } = await import("../stdlib/sessions/store.js");
  const session = await readSession(repo, basename(file).slice(0, -".dirty".length)).catch(() => null);
  if (!session) return [];
  const n = await (await import("../stdlib/sessions/snapshot.js")).rebuildSnapshot(repo, session);
  return [`rebuilt ${repo.relative(file)} for ${session.id} from the ${plural(n, "file")} dirty now and unchanged since it started (a file changed since is charged to it, as before)`];
}

/**
 * A closed session's claim set aside (zeroed, garbled, a link): rebuilt from the ledger for the open
 * sessions sharing its checkout, so their finish is not charged with its files. What was done.
 */
async function rebuildClosedClaim(repo: Repo, file: string): Promise<string[]> {
  const id = basename(file).slice(0, -".closed".length);
  const rebuilt = await (await import("../stdlib/sessions/claims.js")).rebuildClaim(repo, id);
  if (!rebuilt) return [];
  return [`rebuilt ${repo.relative(file)} from the ledger's closing record of ${id}: ${plural(rebuilt.files, "file")} it was charged with and unchanged since it closed ${rebuilt.files === 1 ? "stays" : "stay"} its own in ${rebuilt.worktree} (a file changed since is charged to the session that finishes, as before)`];
}

/** How the state section names another ticket's memento in a ticket's folder. */
function foreignMementoText(repo: Repo): (m: ForeignMemento) => string {
  return (m) => {
    const file = repo.relative(m.path);
    const folder = basename(dirname(m.path));
    const what = `${file} is ${m.owner}'s memento${m.copy ? ` (a copy of ${repo.relative(join(repo.mementoDir(m.owner), basename(m.path)))})` : ""} in ${folder}'s folder; the start on ${folder} passes it over`;
    if (!m.committed) return what;
    return `${what}; it is committed, so --fix leaves it: ${m.copy ? shellLine(["git", "rm", "-q", "--", file]) : shellLine(["git", "mv", "--", file, repo.relative(join(repo.mementoDir(m.owner), basename(m.path)))])} and commit`;
  };
}

/** Past these the quarantine is named by the state section (a warning). */
const QUARANTINE_WARN_BYTES = 256 * 1024 * 1024;
const QUARANTINE_WARN_ENTRIES = 1000;

/** How much the quarantine holds (apparent sizes, links not followed; the walk stops past 10,000 entries), or null when there is none. */
async function quarantineSize(dir: string): Promise<{ entries: number; bytes: number; capped: boolean } | null> {
  const out = { entries: 0, bytes: 0, capped: false };
  const stack = [dir];
  let seen = false;
  while (stack.length > 0) {
    const here = stack.pop() as string;
    let names: string[];
    try {
      names = await readdir(here);
    } catch {
      continue; // missing, or not a folder
    }
    seen = true;
    for (const name of names) {
      if (out.entries >= 10_000) return { ...out, capped: true };
      const info = await lstat(join(here, name)).catch(() => null);
      if (!info) continue;
      if (info.isDirectory()) stack.push(join(here, name));
      else {
        out.entries++;
        out.bytes += info.size;
      }
    }
  }
  return seen ? out : null;
}

export async function stateSection(ctx: Context, repo: Repo, fix: boolean): Promise<{ section: Section; fixed: string[] }> {
  const now = ctx.now();
  const found = await findings(repo, Date.now(), ctx.host, now);
  const problems = (f: Findings) => f.bad.length + f.orphaned.length + f.misbound.length + f.guards.length + f.closeouts.length + f.claims.length + f.links.length + f.suspends.length + f.goneSuspends.length + f.goneClaims.length + f.cacheNotFolders.length + f.specials.length + f.mementoDirs.length + f.foreignMementos.length + f.learnings.length;
  const count = problems(found);
  const details = {
    unreadable: found.bad.map((b) => ({ file: repo.relative(b.file), kind: b.kind, problem: b.problem })),
    orphaned_locks: found.orphaned.map((l) => ({ ticket: l.ticket, session: l.session })),
    misbound_locks: found.misbound.map((m) => ({ ticket: m.lock.ticket, session: m.lock.session, holder: m.holder })),
    garbled_guards: found.guards,
    interrupted_closeouts: found.closeouts,
    interrupted_claims: found.claims.map((l) => ({ ticket: l.ticket, owner: l.owner })),
    interrupted_suspends: found.suspends,
    gone_suspended_sessions: found.goneSuspends,
    gone_claims: found.goneClaims,
    symlinks: found.links.map((l) => repo.relative(l)),
    not_folders: found.cacheNotFolders.map((g) => repo.relative(g)),
    not_files: found.specials.map((g) => repo.relative(g)),
    memento_folders: found.mementoDirs.map((m) => repo.relative(m.path)),
    foreign_mementos: found.foreignMementos.map((m) => ({ file: repo.relative(m.path), ticket: m.owner, copy: m.copy, committed: m.committed })),
    unreadable_learnings: found.learnings.map((l) => ({ file: repo.relative(l.file), problem: l.problem, committed: l.committed })),
  };
  const conflicts = await Promise.all(found.bad.filter((b) => b.conflict !== undefined).map((b) => conflictAdvice(repo, b)));
  const describe = [
    ...found.bad.filter((b) => b.conflict === undefined).map((b) => `${repo.relative(b.file)} (${b.problem})`),
    ...conflicts.map((c) => c.text),
    ...found.orphaned.map((l) => `lock on ${l.ticket} bound to missing session ${l.session}`),
    ...found.misbound.map((m) => `lock on ${m.lock.ticket} names session ${m.lock.session}, which does not exist, while session ${m.holder} works under it (its owner ${m.lock.owner}, fencing token ${m.lock.fencing_token}): --fix binds it to ${m.holder} again`),
    ...found.guards.map((g) => `garbled guard ${g}`),
    ...found.closeouts.map((id) => `interrupted close-out of session ${id} (finish, handoff or recovery killed half-way)`),
    ...found.claims.map((l) => `interrupted claim of ${l.ticket} by ${l.owner} (locked, ticket still todo)`),
    ...found.suspends.map((x) => `interrupted suspend of session ${x.session} (suspended, but ${x.ticket} still active and locked)`),
    ...found.goneSuspends.map((x) => `session ${x.session}, suspended on ${x.ticket} in this clone, is gone (its file removed): ${x.ticket} stays paused and no one can resume it`),
    ...found.goneClaims.map((x) => `${x.ticket} was claimed by ${x.owner} in this clone and its lock file is gone (removed by hand?): ${x.ticket} stays active and no one holds it`),
    ...found.links.map((l) => `${repo.relative(l)} is a symlink (exo refuses to write through it)`),
    ...found.cacheNotFolders.map((g) => `${repo.relative(g)} is not a folder (${cacheFolderWhy(repo, g)})`),
    ...found.specials.map((g) => `${repo.relative(g)} is ${specialKindAt(g)}, not a file exo wrote (exo takes it as missing)`),
    ...found.mementoDirs.map((m) => `${m.message} (session-start and finish on its ticket refuse it)`),
    ...found.foreignMementos.map(foreignMementoText(repo)),
    ...found.learnings.map(learningText(repo)),
  ];
  const kept = await quarantineSize(join(repo.stateDir, "cache", "quarantine"));
  if (count === 0 && kept && (kept.bytes > QUARANTINE_WARN_BYTES || kept.entries > QUARANTINE_WARN_ENTRIES)) {
    // What repairs set aside is never removed by exo (it may be someone's work): a quarantine that
    // grew without bound (a loop of repairs, a sync tool bringing the same bad file back) is told.
    const rel = repo.relative(join(repo.stateDir, "cache", "quarantine"));
    const message = `${rel} holds ${kept.entries}${kept.capped ? "+" : ""} ${kept.entries === 1 && !kept.capped ? "file" : "files"}, ${Math.round(kept.bytes / 1048576)} MiB, that repairs set aside over time; look through it and remove what is not needed`;
    return { section: { name: "state", status: "warn", message, hint: `ls -la -- ${shellWord(rel)}`, fixable: false, details: { ...details, quarantine: { entries: kept.entries, bytes: kept.bytes } } }, fixed: [] };
  }
  if (count === 0) return { section: { name: "state", status: "pass", message: "session, handoff, lock and guard files are readable", fixable: false, details }, fixed: [] };
  // A garbled guard alone is a warning (SPEC §7.22 warns on old guard files): the next acquirer
  // takes an unparsable guard over once it is 30 s old (§7.24), so nothing is stuck on it.
  // Another ticket's memento is passed over by the start: a warning too.
  // An unreadable learning is left out of bootstraps, nothing else: a warning, the person's to mend.
  const status = count === found.guards.length + found.foreignMementos.length + found.learnings.length ? "warn" : "fail";
  // A committed one alone is the person's to git rm or git mv (--fix would leave git's copy deleted).
  const personal = (f: Findings) => [...f.foreignMementos.filter((m) => m.committed).map(foreignMementoText(repo)), ...f.learnings.map(learningText(repo))];
  if (count > 0 && count === personal(found).length) return { section: { name: "state", status, message: describe.join("; "), fixable: false, details }, fixed: [] };
  // A handoff in a git conflict is the merge's to resolve, not --fix's to set aside (that would drop
  // both sides' handoffs): alone, the hint is git's step; with other problems, --fix does the rest.
  if (!fix) {
    const only = count === conflicts.length;
    return { section: { name: "state", status, message: describe.join("; "), hint: only ? (conflicts[0] as { hint: string }).hint : "exo doctor --fix", fixable: !only, details }, fixed: [] };
  }
  const done: string[] = [];
  const who = { actor: ctx.actor, host: ctx.host, now };
  for (const b of found.bad) {
    if (b.conflict !== undefined) continue;
    // A live session's record a crash zeroed (NUL bytes only) is written again below; one garbled
    // or linked out by hand is set aside and its ticket freed, as before.
    const zeroed = b.kind === "session" && b.file.endsWith(".json") && zeroedFile(b.file);
    // Gone meanwhile: another doctor --fix moved it aside first (before: the rename's ENOENT was
    // INTERNAL, "a bug in exo").
    const moved = await quarantine(repo, b.file, now).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    });
    if (moved === null) continue;
    done.push(`moved ${repo.relative(b.file)} to ${repo.relative(moved)}`);
    // Written again from the ledger and its lock, so its lock is not released below as bound to a
    // missing session.
    if (zeroed) {
      const rebuilt = await (await import("./session-rebuild.js")).rebuildSessionRecord(ctx, repo, basename(b.file).slice(0, -".json".length)).catch(() => null);
      if (rebuilt) done.push(rebuilt);
    }
    if (b.file.endsWith(".dirty")) done.push(...(await rebuildStartSnapshot(repo, b.file)));
    if (b.file.endsWith(".closed")) done.push(...(await rebuildClosedClaim(repo, b.file)));
    if (b.kind === "handoff" && (await restoreCommittedHandoff(repo, b.file))) done.push(`restored ${repo.relative(b.file)} from git (HEAD), whose copy is whole and not yet taken by a start`);
    if (b.kind === "lock") {
      const ticket = (b.file.split("/").pop() ?? "").slice(0, -5);
      if (!isTicketId(ticket)) continue;
      done.push(await rebuildLock(ctx, repo, ticket, now));
    }
  }
  done.push(...(await bindMisboundLocks(ctx, repo)));
  // A quarantined session file leaves its lock bound to a session that is now gone: release it in this run.
  const orphaned = found.bad.some((b) => b.kind !== "lock") ? (await findings(repo, Date.now(), ctx.host, now)).orphaned : found.orphaned;
  for (const lock of orphaned) {
    // The start guard: a session-start binding this lock right now finishes first.
    const released = await withGuard(repo.stateDir, `start-ticket-${lock.ticket}`, { host: ctx.host, timeoutMs: 60_000 }, async () => {
      try {
        await stat(repo.sessionFile(lock.session as string));
        return false;
      } catch {
        return (await releaseLock(repo, who, { ticket: lock.ticket, force: true, ignoreMissing: true, bySession: lock.session })).released;
      }
    });
    if (released) {
      const kept = await keepLostWork(repo, lock.ticket, lock.session as string, now).catch((e: unknown) => e as Error);
      done.push(`released the lock on ${lock.ticket} (session ${lock.session} is gone)`);
      if (kept instanceof Error) done.push(`could not keep the work of session ${lock.session} for the next session on ${lock.ticket} (${kept.message}): its changes will count as pre-existing`);
      else done.push(...kept);
      // Its task would stay active with no lock and no session (exo ready: "status is active"):
      // back to todo, as exo next's reconcile and lease-release do.
      if (await settleStrandedTicket(repo, who, lock.ticket, "session_lost", "reconcile")) done.push(`set ${lock.ticket} back to todo (exo next can hand it out again)`);
    }
  }
  // A suspended session's file set aside (or removed by hand): its suspend released the lock, so
  // the repair above never frees its ticket.
  for (const b of found.bad) {
    const id = b.kind === "session" && b.file.endsWith(".json") ? basename(b.file).slice(0, -".json".length) : "";
    if (id && !existsSync(b.file)) done.push(...(await freeSuspendedTicket(repo, who, id, now)));
  }
  for (const x of found.goneSuspends) done.push(...(await freeSuspendedTicket(repo, who, x.session, now)));
  for (const x of found.goneClaims) done.push(...(await freeGoneClaim(ctx, repo, who, x, now)));
  for (const g of found.guards) {
    await rm(join(guardDir(repo.stateDir), g), { force: true });
    done.push(`removed garbled guard ${g}`);
  }
  // A pipe, socket or device holds nothing of exo's: removed (the next write puts the record back).
  for (const g of found.specials) {
    const kind = specialKindAt(g);
    await rm(g, { force: true });
    done.push(`removed ${repo.relative(g)} (${kind})`);
  }
  // Another ticket's memento in a ticket's folder, not committed: a copy of the one in its ticket's
  // folder set aside, one that is not there moved there; a committed one is the person's to git rm.
  for (const m of found.foreignMementos) {
    if (m.committed) continue;
    const theirs = join(repo.mementoDir(m.owner), basename(m.path));
    if (m.copy || existsSync(theirs)) {
      const moved = await quarantine(repo, m.path, now).catch(() => null);
      if (moved) done.push(`moved ${repo.relative(m.path)} (${m.owner}'s memento${m.copy ? ", a copy of its own" : ""}) to ${repo.relative(moved)}`);
      continue;
    }
    const { checkMementoDir } = await import("./session-context.js");
    try {
      checkMementoDir(repo, m.owner);
      await mkdir(repo.mementoDir(m.owner), { recursive: true });
      await rename(m.path, theirs);
      done.push(`moved ${repo.relative(m.path)} to ${repo.relative(theirs)}, the folder of ${m.owner}, whose memento it is`);
    } catch {
      // the other ticket's folder is not one (named above): left for the next run
    }
  }
  // A memento folder that is a link out of the repository or a file: the link removed (its target
  // left alone), the file kept in the quarantine; exo makes the folder on the next finish.
  for (const m of found.mementoDirs) {
    const info = await lstat(m.path).catch(() => null);
    if (!info) continue;
    if (info.isSymbolicLink()) {
      await rm(m.path, { force: true });
      done.push(`removed ${repo.relative(m.path)} (a symlink out of the repository; its target was left alone)`);
    } else {
      const moved = await quarantine(repo, m.path, now).catch(() => null);
      if (moved) done.push(`moved ${repo.relative(m.path)} (not a folder) to ${repo.relative(moved)}`);
    }
  }
  if (found.closeouts.length > 0) {
    const { loadConfig } = await import("../stdlib/config/store.js");
    const { completeCloseout } = await import("./closeout.js");
    const config = await loadConfig(repo);
    const { closeoutFile, readCloseoutJournal } = await import("../stdlib/sessions/closeout-journal.js");
    for (const id of found.closeouts) {
      if ((await readCloseoutJournal(repo, id).catch(() => null)) === null) {
        const moved = await quarantine(repo, closeoutFile(repo, id), now).catch(() => null); // null: it vanished meanwhile
        if (moved) done.push(`moved the unreadable close-out journal of ${id} to ${repo.relative(moved)}`);
        continue;
      }
      const r = await completeCloseout(ctx, repo, config, id);
      if (r) done.push(`completed the interrupted ${r.via} of session ${id} (memento ${r.memento_path})`);
    }
  }
  for (const ticket of await completeInterruptedClaims(ctx, repo)) done.push(`completed the interrupted claim of ${ticket} (ticket active)`);
  done.push(...(await completeInterruptedSuspends(ctx, repo, found.suspends)));
  const after = await findings(repo, Date.now(), ctx.host, now);
  const left = problems(after);
  const unresolved = await Promise.all(after.bad.filter((b) => b.conflict !== undefined).map((b) => conflictAdvice(repo, b)));
  if (left > 0 && left === personal(after).length) return { section: { name: "state", status: "warn", message: `${done.length > 0 ? "repaired the rest; " : ""}${personal(after).join("; ")}`, fixable: false, details }, fixed: done };
  if (left > 0 && left === unresolved.length) {
    // What is left is a merge for a person: said as without --fix, with git's step as the hint.
    const message = `${done.length > 0 ? "repaired the rest; " : ""}${unresolved.map((c) => c.text).join("; ")}`;
    return { section: { name: "state", status: "fail", message, hint: (unresolved[0] as { hint: string }).hint, fixable: false, details }, fixed: done };
  }
  return { section: { name: "state", status: left === 0 ? "pass" : "fail", message: left === 0 ? "repaired" : `${plural(left, "problem")} left`, fixable: left > 0, details }, fixed: done };
}

/**
 * A handoff record set aside as unreadable (zeroed by a crash, garbled) where HEAD has it whole:
 * git's copy comes back, when the ledger's last handoff record of the ticket is that one's creation
 * (not its consumption by a start, nor a newer handoff). Before, --fix only set it aside: the next start began without the handoff, and
 * git_tracking offered to commit the garbled file. True when restored.
 */
async function restoreCommittedHandoff(repo: Repo, file: string): Promise<boolean> {
  const { governanceCheckout } = await import("../stdlib/git/sidecar.js");
  const { gitRaw } = await import("../io/git.js");
  const { handoffShapeProblem } = await import("../stdlib/sessions/state-files.js");
  const { base, rel } = governanceCheckout(repo);
  const path = rel(file);
  const shown = await gitRaw(base, ["show", `HEAD:${path}`]);
  if (shown.code !== 0) return false;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(shown.stdout) as Record<string, unknown>;
  } catch {
    return false;
  }
  if (handoffShapeProblem(record, basename(file, ".json")) !== null) return false;
  const { readAllRecords } = await import("../stdlib/ledger/read.js");
  // The ledger's last word on the ticket's handoffs must be this one, still pending: not taken by a
  // start, not replaced by a newer handoff (a start that failed puts it back: handoff.created again).
  const last = (await readAllRecords(repo)).filter((r) => r.type.startsWith("handoff.") && r.ticket === basename(file, ".json")).pop();
  if (!last || last.type === "handoff.consumed" || (last.data as { from_session?: unknown } | null)?.from_session !== record["from_session"]) return false;
  return (await gitRaw(base, ["checkout", "HEAD", "--", path])).code === 0;
}

/**
 * A handoff record in a git conflict, and how to resolve it: one side kept with git checkout while
 * git still holds the merge's sides (hint git mergetool), by hand once the markers are committed
 * (hint: the file's history). doctor --fix leaves it alone.
 */
async function conflictAdvice(repo: Repo, b: BadStateFile): Promise<{ text: string; hint: string }> {
  const rel = repo.relative(b.file);
  const { gitRaw } = await import("../io/git.js");
  const listed = await gitRaw(dirname(b.file), ["ls-files", "-u", "--", basename(b.file)]).catch(() => null);
  const unmerged = listed !== null && listed.code === 0 && listed.stdout.trim() !== "";
  const who = `two clones each handed ${basename(b.file, ".json")} off`;
  const aside = "doctor --fix does not set it aside, which would drop both handoffs";
  return unmerged
    ? { text: `${rel} holds git conflict markers (line ${b.conflict}): ${who}; keep one handoff (git checkout --ours -- ${rel}, or --theirs), then git add ${rel}; ${aside}`, hint: `git mergetool -- ${rel}` }
    : { text: `${rel} holds git conflict markers (line ${b.conflict}) a merge committed: ${who}; keep one handoff by deleting the other side's lines and the marker lines, then commit ${rel}; ${aside}`, hint: `git log -p -- ${rel}` };
}

/**
 * The remote lease `holder` claimed for `ticket` (held, live, its token and session, this clone's),
 * as a lock's distributed block; null when there is none (a local session) or the remote cannot be
 * read (the rebuilt lock is then local, as before).
 */
async function holderLease(repo: Repo, remote: string, ticket: string, holder: { id: string; actor: string; fencing_token: number | null }, host: string, now: Date): Promise<LockState["distributed"]> {
  const { cloneId, isLeaseLive, leaseRef, ownsLease, readLease } = await import("../stdlib/locks/distributed.js");
  const current = await readLease(repo, remote, ticket).catch(() => null);
  const s = current?.state;
  if (!current || current.notCommit || !s || s.state !== "held" || !isLeaseLive(s, now)) return null;
  if (s.fencing_token !== holder.fencing_token || (s.session !== null && s.session !== holder.id) || !ownsLease(s, holder.actor, host, cloneId(repo))) return null;
  return { remote, ref: leaseRef(ticket), commit: current.sha, nonce: s.nonce };
}

/**
 * The session a held lock belongs to when the session it names does not exist: the one active on
 * its ticket with its fencing token and owner (a lock hand-edited, or put back from a backup, to
 * name another session). Before, doctor --fix released the lock as bound to a missing session and
 * then recovered the live session as crashed.
 */
async function misboundHolder(repo: Repo, lock: LockState): Promise<SessionRecord | null> {
  const { listSessions } = await import("../stdlib/sessions/store.js");
  const open = (await listSessions(repo).catch(() => [])).filter((x) => x.status === "active" && x.ticket === lock.ticket && x.fencing_token === lock.fencing_token && x.lock_owner === lock.owner);
  return open.length === 1 ? (open[0] as SessionRecord) : null;
}

/** Held locks naming a session that does not exist bound again to the session working under them (doctor --fix, session-cleanup). */
export async function bindMisboundLocks(ctx: Context, repo: Repo): Promise<string[]> {
  const done: string[] = [];
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now() };
  for (const lock of await listLocks(repo)) {
    if (lock.state !== "held" || !lock.session || existsSync(repo.sessionFile(lock.session))) continue;
    // Under the start guard and the lock's, read again: a start binding it meanwhile wins.
    const bound = await withGuard(repo.stateDir, `start-ticket-${lock.ticket}`, { host: ctx.host, timeoutMs: 60_000 }, () =>
      withGuard(repo.stateDir, `lock-${lock.ticket}`, { host: ctx.host }, async () => {
        const now = await readLock(repo, lock.ticket).catch(() => null);
        if (!now || now.state !== "held" || !now.session || existsSync(repo.sessionFile(now.session))) return null;
        const holder = await misboundHolder(repo, now);
        if (!holder) return null;
        await writeLockFile(repo, who, lock.ticket, { ...now, session: holder.id });
        return `bound the lock on ${lock.ticket} to session ${holder.id} again (it named ${now.session}, which does not exist; ${holder.id} works under it with its fencing token ${now.fencing_token})`;
      }),
    );
    if (bound) done.push(bound);
  }
  return done;
}

/** Release locks bound to sessions that do not exist (session-cleanup); returns the tickets. */
export async function releaseOrphanedLocks(ctx: Context, repo: Repo): Promise<string[]> {
  const out: string[] = [];
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now() };
  for (const lock of await listLocks(repo)) {
    if (lock.state !== "held" || !lock.session) continue;
    const gone = await stat(repo.sessionFile(lock.session)).then(() => false, () => true);
    if (!gone) continue;
    const released = await withGuard(repo.stateDir, `start-ticket-${lock.ticket}`, { host: ctx.host, timeoutMs: 60_000 }, async () => {
      if (await stat(repo.sessionFile(lock.session as string)).then(() => true, () => false)) return false;
      const r = (await releaseLock(repo, who, { ticket: lock.ticket, force: true, ignoreMissing: true, bySession: lock.session })).released;
      if (r) await keepLostWork(repo, lock.ticket, lock.session as string, who.now).catch(() => undefined);
      if (r) await settleStrandedTicket(repo, who, lock.ticket, "start_interrupted", "session-cleanup");
      return r;
    });
    if (released) out.push(lock.ticket);
  }
  return out;
}

/**
 * An active task whose lock doctor just released and that no session holds (a start killed after
 * setting it active, a session file quarantined): back to todo. True when it was set back.
 */
/**
 * Paused tasks whose latest session is one this clone suspended (its ledger record is one of this
 * checkout's writers') and whose file is gone: removed by hand, so nothing named it and the ticket
 * stayed paused for good (exo ready: "suspended … in another clone"). A teammate's suspended
 * session, pulled, is written by another clone's writer and is left alone.
 */
async function goneSuspendedSessions(repo: Repo): Promise<{ session: string; ticket: string }[]> {
  const { listTickets } = await import("../stdlib/tickets/store.js");
  const paused = (await listTickets(repo).catch(() => null))?.list.filter((t) => t.kind === "task" && t.status === "paused").map((t) => t.id) ?? [];
  if (paused.length === 0) return [];
  const { listSessions } = await import("../stdlib/sessions/store.js");
  const { suspendedElsewhereMany } = await import("./suspended-elsewhere.js");
  const { ownWriters } = await import("../stdlib/ledger/store.js");
  const own = new Set(ownWriters(repo));
  if (own.size === 0) return [];
  const local = new Set((await listSessions(repo)).map((s) => s.id));
  const out: { session: string; ticket: string }[] = [];
  const suspended = await suspendedElsewhereMany(repo, paused, local, own).catch(() => null);
  for (const [ticket, s] of suspended ?? []) {
    if (existsSync(repo.sessionFile(s.session))) continue; // unreadable: the file's own repair
    if (s.here) out.push({ session: s.session, ticket });
  }
  return out;
}

/**
 * Active tasks whose latest claim (exo next's, a session start's) one of this checkout's ledger
 * writers recorded, with no lock file and no session file on them: the lock was removed by hand
 * (a sync tool, a cleanup), so nobody holds the task, exo next never hands it out again and exo
 * ready said "claimed by … in another clone" of a teammate who does not exist. A claim pulled from
 * a teammate is written by another clone's writer and is left alone.
 */
async function goneClaims(repo: Repo): Promise<{ ticket: string; owner: string }[]> {
  const { listTickets } = await import("../stdlib/tickets/store.js");
  const active = (await listTickets(repo).catch(() => null))?.list.filter((t) => t.kind === "task" && t.status === "active" && !existsSync(repo.ticketLockFile(t.id))) ?? [];
  if (active.length === 0) return [];
  const { ownWriters } = await import("../stdlib/ledger/store.js");
  const own = new Set(ownWriters(repo));
  if (own.size === 0) return [];
  const { listSessions } = await import("../stdlib/sessions/store.js");
  const open = new Set((await listSessions(repo)).map((s) => s.ticket));
  const ids = active.map((t) => t.id).filter((id) => !open.has(id));
  if (ids.length === 0) return [];
  const { claimedElsewhereMany } = await import("./suspended-elsewhere.js");
  const out: { ticket: string; owner: string }[] = [];
  for (const [ticket, c] of await claimedElsewhereMany(repo, ids, own).catch(() => new Map<string, ClaimedAway>())) {
    // A session file that stands but cannot be read is its own repair (set aside, then this).
    if (c.here && !(c.session && existsSync(repo.sessionFile(c.session)))) out.push({ ticket, owner: c.owner });
  }
  return out.sort((a, b) => (a.ticket < b.ticket ? -1 : 1));
}

/**
 * A gone claim given back: the task back to todo (exo next hands it out again) and its lock file
 * rebuilt as released, its fencing token the highest the ledger knows. Under the start guard, so
 * a session-start taking the ticket right now finishes first. What was done, for `fixed`.
 */
async function freeGoneClaim(ctx: Context, repo: Repo, who: { actor: string; host: string; now: Date }, claim: { ticket: string; owner: string }, now: Date): Promise<string[]> {
  return withGuard(repo.stateDir, `start-ticket-${claim.ticket}`, { host: ctx.host, timeoutMs: 60_000 }, async () => {
    if (existsSync(repo.ticketLockFile(claim.ticket))) return [];
    if (!(await settleStrandedTicket(repo, who, claim.ticket, "claim_lost", "reconcile"))) return [];
    return [`set ${claim.ticket} back to todo (claimed by ${claim.owner} in this clone, its lock file gone; exo next can hand it out again)`, await rebuildLock(ctx, repo, claim.ticket, now)];
  });
}

/**
 * The ticket of a suspended session whose file was set aside as unreadable (a crash zeroed it):
 * the session is gone, but its suspend had released the lock, so the ticket stayed paused with no
 * session and no lock, which exo ready took for a session suspended in another clone, and no one
 * could resume. As for a lost active session, its work is kept for the next session on the ticket
 * and the ticket goes back to todo. What was done, for `fixed`.
 */
async function freeSuspendedTicket(repo: Repo, who: { actor: string; host: string; now: Date }, session: string, now: Date): Promise<string[]> {
  const { readSessionRecords } = await import("../stdlib/ledger/read.js");
  const life = (await readSessionRecords(repo, session).catch(() => [])).filter((r) => r.type.startsWith("session.") && typeof r.ticket === "string");
  const last = life[life.length - 1];
  if (last?.type !== "session.suspended" || !last.ticket) return [];
  const ticket = last.ticket;
  const lock = await readLock(repo, ticket).catch(() => null);
  if (lock?.state === "held") return []; // someone took it meanwhile (a --keep-lock suspend's is released above)
  const { readTicket, setTicketStatus } = await import("../stdlib/tickets/store.js");
  const { listSessions } = await import("../stdlib/sessions/store.js");
  if ((await listSessions(repo)).some((s) => s.ticket === ticket)) return [];
  const t = await readTicket(repo, ticket).catch(() => null);
  if (t?.kind !== "task" || t.status !== "paused") return [];
  const kept = await keepLostWork(repo, ticket, session, now).catch((e: unknown) => e as Error);
  await setTicketStatus(repo, { ...who, session }, ticket, "todo", "session_lost", "session-cleanup");
  return [`set ${ticket} back to todo (its suspended session ${session} is gone; exo next can hand it out again)`, ...(kept instanceof Error ? [`could not keep the work of session ${session} for the next session on ${ticket} (${kept.message}): its changes will count as pre-existing`] : kept)];
}

async function settleStrandedTicket(repo: Repo, who: { actor: string; host: string; now: Date }, ticketId: string, reason: string, via: Via): Promise<boolean> {
  const { listSessions } = await import("../stdlib/sessions/store.js");
  if ((await listSessions(repo)).some((s) => s.ticket === ticketId)) return false;
  const { readTicket, setTicketStatus } = await import("../stdlib/tickets/store.js");
  const ticket = await readTicket(repo, ticketId).catch(() => null);
  if (ticket?.kind !== "task" || ticket.status !== "active") return false;
  await setTicketStatus(repo, who, ticketId, "todo", reason, via);
  return true;
}

/**
 * Claims `exo next` took without setting the ticket active (killed in between): a live lock with
 * no session on a todo task not edited since the claim. Completed: the ticket becomes active.
 */
export async function interruptedClaims(repo: Repo, now: Date): Promise<LockState[]> {
  const out: LockState[] = [];
  for (const lock of await listLocks(repo)) if (await isInterruptedClaim(repo, lock, now)) out.push(lock);
  return out;
}

/** One lock: live, no session, on a todo task not edited since the claim. */
async function isInterruptedClaim(repo: Repo, lock: LockState | null, now: Date): Promise<boolean> {
  const { readTicket } = await import("../stdlib/tickets/store.js");
  const { isLockLive } = await import("../stdlib/locks/types.js");
  if (!lock || lock.session || !isLockLive(lock, now)) return false;
  const ticket = await readTicket(repo, lock.ticket).catch(() => null);
  return ticket?.kind === "task" && ticket.status === "todo" && ticket.updated_at <= lock.acquired_at;
}

export async function completeInterruptedClaims(ctx: Context, repo: Repo): Promise<string[]> {
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now() };
  const out: string[] = [];
  for (const lock of await interruptedClaims(repo, who.now)) {
    const done = await withGuard(repo.stateDir, "dispatch", { host: ctx.host, timeoutMs: 30_000 }, async () => {
      // Under the guard, this one lock again (not every lock): still an interrupted claim?
      if (!(await isInterruptedClaim(repo, await readLock(repo, lock.ticket).catch(() => null), who.now))) return false;
      const { setTicketStatus } = await import("../stdlib/tickets/store.js");
      const { appendLedger } = await import("../stdlib/ledger/store.js");
      await setTicketStatus(repo, who, lock.ticket, "active", "dispatched", "next");
      await appendLedger(repo, who, [{ type: "dispatch.claimed", ticket: lock.ticket, data: { score: null, lane: null, owner: lock.owner, fencing_token: lock.fencing_token, completed_by: ctx.actor } }]);
      return true;
    });
    if (done) out.push(lock.ticket);
  }
  return out;
}

/**
 * Write a ticket's lock again after its file was set aside: held by the session still open on it
 * with the newest token, else released, its fencing token the highest the ledger and session
 * records know (a lock file that cannot be trusted never sets it). Returns what was done.
 */
export async function rebuildLock(ctx: Context, repo: Repo, ticket: string, now: Date): Promise<string> {
  const token = await tokenFloor(repo, ticket);
  const at = now.toISOString();
  // A session still open on the ticket with the newest token held it: rebuilt as its held lock, so
  // the session goes on (before: released, and the same --fix then recovered the live session as
  // crashed). Its ttl runs from now, as a heartbeat would set it.
  const { listSessions } = await import("../stdlib/sessions/store.js");
  const holder = (await listSessions(repo).catch(() => [])).find((x) => x.ticket === ticket && (x.status === "active" || x.status === "suspended") && x.fencing_token !== null && x.fencing_token >= token);
  if (holder) {
    const { loadConfig } = await import("../stdlib/config/store.js");
    const config = await loadConfig(repo).catch(() => null);
    const ttlSeconds = Math.round((config?.locks.ttl_hours ?? 2) * 3600);
    // A distributed session's remote lease is its own still: the rebuilt lock names it, so the
    // session's heartbeats extend it (before: local only, and the lease ran out on its own while the
    // session worked, for another clone to take).
    const lease = config ? await holderLease(repo, config.git.remote, ticket, holder, ctx.host, now) : null;
    const held = heldLock({ actor: ctx.actor, host: ctx.host, now }, { ticket, owner: holder.actor, session: holder.id, token: holder.fencing_token as number, acquiredAt: holder.started_at, ttlSeconds, branch: holder.branch ?? null, distributed: lease });
    await withGuard(repo.stateDir, `lock-${ticket}`, { host: ctx.host }, () => writeLockFile(repo, { actor: ctx.actor, host: ctx.host, now: ctx.now() }, ticket, held));
    return `rebuilt the lock of ${ticket} as held by its open session ${holder.id} (${holder.actor}, fencing token ${holder.fencing_token})${lease ? ` with its remote lease on ${lease.remote}` : ""}`;
  }
  const released: LockState = { format: "exo.lock/1", ticket, state: "released", owner: ctx.actor, session: null, fencing_token: token, acquired_at: at, renewed_at: at, heartbeat_at: at, expires_at: at, released_at: at, ttl_seconds: 0, host: ctx.host, pid: process.pid, branch: null, distributed: null };
  await withGuard(repo.stateDir, `lock-${ticket}`, { host: ctx.host }, () => writeLockFile(repo, { actor: ctx.actor, host: ctx.host, now: ctx.now() }, ticket, released));
  return `rebuilt the lock of ${ticket} as released (fencing token ${token} from the ledger and sessions)`;
}
