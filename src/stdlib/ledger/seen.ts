// Records a verify saw, per branch (cache/ledger/seen.json): a teammate's force-push, or a
// `git pull --rebase` after it, drops the commits that carried a segment's records and leaves
// chains that still verify. What this clone once saw on the branch and no longer finds is
// reported (`records_lost`, a warning) with the commit that still holds it (reflogs keep it).
import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isWriterId } from "../../kernel/ids.js";
import { gitRaw } from "../../io/git.js";
import { headState } from "../git/facts.js";
import type { Repo } from "../../io/paths.js";
import { writeCacheFile } from "../../io/fs-atomic.js";
import { readOpenedSync } from "../../io/state-links.js";

export interface LostRecords {
  segment: string;
  /** The last record seen, and its hash. */
  seq: number;
  hash: string;
  branch: string;
  /** A commit (reachable from a reflog or another ref) whose segment still has that record, or null. */
  commit: string | null;
  /** The working segment is missing or a line prefix of the commit's: `doctor --fix` puts it back. */
  restorable: boolean;
  message: string;
}

interface Seen {
  branches: Record<string, { at: string; writers: Record<string, { seq: number; hash: string }> }>;
}

const MAX_BRANCHES = 64;
const seenFile = (repo: Repo) => join(repo.cacheDir, "ledger", "seen.json");

function readSeen(repo: Repo): Seen {
  try {
    const file = seenFile(repo);
    const st = lstatSync(file);
    // A link or a huge file is no record of exo's: start again.
    if (!st.isFile() || st.size > 4 * 1024 * 1024) return { branches: {} };
    const v = JSON.parse(readFileSync(file, "utf8")) as Seen;
    return v && typeof v === "object" && v.branches && typeof v.branches === "object" && !Array.isArray(v.branches) ? v : { branches: {} };
  } catch {
    return { branches: {} };
  }
}

const validEntry = (e: unknown): e is { seq: number; hash: string } =>
  !!e && typeof e === "object" && Number.isSafeInteger((e as { seq?: unknown }).seq) && typeof (e as { hash?: unknown }).hash === "string" && /^[0-9a-f]{64}$/.test((e as { hash: string }).hash);

/** The commit whose segment `rel` still holds the record with `hash` (newest first, any ref or reflog), or null. */
async function commitHolding(base: string, rel: string, hash: string): Promise<{ sha: string; content: Buffer } | null> {
  const log = await gitRaw(base, ["--literal-pathspecs", "log", "--all", "--reflog", "-n", "6", "--format=%H", `-S"hash":"${hash}"`, "--", rel]);
  if (log.code !== 0) return null;
  for (const sha of log.stdout.split("\n").filter((l) => /^[0-9a-f]{40,64}$/.test(l))) {
    const show = await gitRaw(base, ["--literal-pathspecs", "show", `${sha}:${rel}`]);
    if (show.code === 0 && show.stdout.includes(`"hash":"${hash}"`)) return { sha, content: Buffer.from(show.stdout, "utf8") };
  }
  return null;
}

/** Whether `working` (null: missing) is a whole-line prefix of `full`, so putting `full` back only adds lines. */
function prefixOf(working: Buffer | null, full: Buffer): boolean {
  if (!working || working.length === 0) return true;
  return working.length <= full.length && working[working.length - 1] === 10 && full.subarray(0, working.length).equals(working);
}

function readSegment(repo: Repo, writer: string): Buffer | null {
  try {
    // Only a regular file, opened without blocking: a pipe there waited for a writer for ever.
    return readOpenedSync(join(repo.ledgerDir, `${writer}.jsonl`), { follow: false })?.bytes ?? null;
  } catch {
    return null;
  }
}

/**
 * Compare what this branch's segments hold with what a verify saw on it before, then remember
 * what they hold now. `last` maps each readable, valid segment to its last record (seq, hash);
 * `skip` names segments already reported otherwise (records_removed, errors). A detached HEAD has
 * no branch to remember.
 */
export async function checkSeen(repo: Repo, base: string, dirRel: string, last: ReadonlyMap<string, { seq: number; hash: string }>, skip: ReadonlySet<string>, now: Date): Promise<LostRecords[]> {
  // HEAD's branch from the git dir's files when plain (io/git-refs.ts), else from git.
  const short = (await headState(base)).branch;
  if (!short) return [];
  const branch = `refs/heads/${short}`;
  const seen = readSeen(repo);
  const before = seen.branches[branch]?.writers ?? {};
  const lost: LostRecords[] = [];
  const keep: Record<string, { seq: number; hash: string }> = {};
  for (const [writer, entry] of Object.entries(before)) {
    if (!isWriterId(writer) || !validEntry(entry)) continue;
    if (skip.has(writer)) {
      keep[writer] = entry;
      continue;
    }
    if (last.get(writer)?.hash === entry.hash) continue;
    const working = readSegment(repo, writer);
    if (working?.includes(`"hash":"${entry.hash}"`)) continue;
    const rel = `${dirRel}/${writer}.jsonl`;
    const holder = await commitHolding(base, rel, entry.hash);
    const restorable = holder !== null && prefixOf(working, holder.content);
    const where = holder
      ? `commit ${holder.sha.slice(0, 12)} still has them (git reflog); ${restorable ? "exo doctor --fix puts them back" : `see git show ${holder.sha.slice(0, 12)}:${rel}`}`
      : "no commit or reflog here has them any more";
    lost.push({ segment: writer, seq: entry.seq, hash: entry.hash, branch: short, commit: holder?.sha ?? null, restorable, message: `${rel}: records up to ${entry.seq} that ${short} had are gone (a force-push, a rebase or git rebase --abort dropped their commits?); ${where}` });
    // Kept while a commit holds them, so the warning stays until they are back.
    if (holder) keep[writer] = entry;
  }
  for (const [writer, entry] of last) if (!keep[writer]) keep[writer] = entry;
  seen.branches[branch] = { at: now.toISOString(), writers: keep };
  const names = Object.keys(seen.branches).sort((a, b) => ((seen.branches[b]?.at ?? "") < (seen.branches[a]?.at ?? "") ? -1 : 1));
  for (const old of names.slice(MAX_BRANCHES)) delete seen.branches[old];
  await writeCacheFile(seenFile(repo), `${JSON.stringify(seen)}\n`);
  return lost;
}

/**
 * Remember `writers`' last records as seen on `branch` without a verify: exo committed them on the
 * detached HEAD of a rebase of that branch, and `git rebase --abort` drops that commit and resets
 * the files. The next verify on the branch then names them (`records_lost`) and `doctor --fix`
 * puts them back from the reflog, as after a force-push.
 */
export async function rememberSeen(repo: Repo, branch: string, writers: ReadonlyMap<string, { seq: number; hash: string }>, now: Date): Promise<void> {
  if (writers.size === 0) return;
  const seen = readSeen(repo);
  const had = seen.branches[branch]?.writers ?? {};
  const entries: Record<string, { seq: number; hash: string }> = {};
  for (const [writer, entry] of Object.entries(had)) if (isWriterId(writer) && validEntry(entry)) entries[writer] = entry;
  for (const [writer, entry] of writers) if (isWriterId(writer) && validEntry(entry)) entries[writer] = entry;
  seen.branches[branch] = { at: now.toISOString(), writers: entries };
  await writeCacheFile(seenFile(repo), `${JSON.stringify(seen)}\n`);
}

/** doctor --fix: put back each restorable segment as its commit had it (only lines are added); the names of those restored. */
export async function restoreLost(repo: Repo, base: string, dirRel: string, lost: readonly LostRecords[], host: string): Promise<string[]> {
  const [{ writeFileAtomic }, { withGuard }] = await Promise.all([import("../../io/fs-atomic.js"), import("../../io/guard.js")]);
  const out: string[] = [];
  for (const l of lost) {
    if (!l.restorable || !l.commit) continue;
    const rel = `${dirRel}/${l.segment}.jsonl`;
    const show = await gitRaw(base, ["--literal-pathspecs", "show", `${l.commit}:${rel}`]);
    if (show.code !== 0) continue;
    const content = Buffer.from(show.stdout, "utf8");
    // Under the segment's ledger guard, so an append running now is never overwritten.
    await withGuard(repo.stateDir, `ledger-${l.segment}`, { host }, async () => {
      if (!content.includes(`"hash":"${l.hash}"`) || !prefixOf(readSegment(repo, l.segment), content)) return;
      await writeFileAtomic(join(repo.ledgerDir, `${l.segment}.jsonl`), show.stdout);
      out.push(l.segment);
    });
  }
  return out;
}
