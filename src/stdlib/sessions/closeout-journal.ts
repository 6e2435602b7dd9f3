// Close-out journal (issue #18): a finish, handoff or recovery writes its whole plan to
// <state>/cache/closeout/<SES>.json before its first change and removes it after the auto-commit.
// A process killed in between leaves the journal; the next finish, session-cleanup or
// doctor --fix replays the plan (every step is idempotent) instead of writing a crash memento
// over the finished one.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { formatJson, settled, writeFileAtomic, removeFileSync } from "../../io/fs-atomic.js";
import type { Repo } from "../../io/paths.js";
import { readJsonFile } from "../../io/read.js";
import { isSessionId } from "../../kernel/ids.js";
import { ExoError, ErrorCode } from "../../errors.js";
import type { commitPlan } from "./closeout.js";
import type { SessionRecord } from "./types.js";

export interface CloseoutJournal {
  format: "exo.closeout-journal/1";
  session: SessionRecord;
  plan: ReturnType<typeof commitPlan>;
  via: string;
  event: string;
  transfer_to: string | null;
  pid: number;
  host: string;
  started_at: string;
  lock_released: boolean | null;
  ledger_done: boolean;
}

export function closeoutDir(repo: Repo): string {
  return join(repo.cacheDir, "closeout");
}

export function closeoutFile(repo: Repo, session: string): string {
  return join(closeoutDir(repo), `${session}.json`);
}

/**
 * Atomic, without the file's own fsync: the journal is there for a process killed mid close-out,
 * which the rename alone covers (the page cache outlives the process). The next fsync of the
 * close-out (the memento's, the ticket's, the ledger's) commits it on journaling filesystems, and
 * every step is idempotent, so replaying from an earlier step lands in the same state.
 */
export async function writeCloseoutJournal(repo: Repo, journal: CloseoutJournal): Promise<void> {
  await writeFileAtomic(closeoutFile(repo, journal.session.id), formatJson(journal), { fsync: false });
}

export async function removeCloseoutJournal(repo: Repo, session: string): Promise<void> {
  await settled(() => removeFileSync(closeoutFile(repo, session)));
}

function isJournal(value: unknown, id: string): value is CloseoutJournal {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<CloseoutJournal>;
  return v.format === "exo.closeout-journal/1" && v.session?.id === id && typeof v.plan?.memento?.text === "string" && Array.isArray(v.plan?.ledger) && typeof v.via === "string" && typeof v.event === "string";
}

/** The journal of one session, null when none; a garbled one is STATE_CORRUPT (doctor --fix). */
export async function readCloseoutJournal(repo: Repo, session: string): Promise<CloseoutJournal | null> {
  const corrupt = () => new ExoError(ErrorCode.STATE_CORRUPT, `The close-out journal of ${session} is unreadable; run exo doctor --fix to move it aside.`, { hint: "exo doctor --fix" });
  const value = await readJsonFile<unknown>(closeoutFile(repo, session), corrupt);
  if (value === null) return null;
  if (!isJournal(value, session)) throw corrupt();
  return value;
}

/** Session ids with a close-out journal. */
export function listCloseoutJournals(repo: Repo): Promise<string[]> {
  return settled(() => {
    try {
      return readdirSync(closeoutDir(repo)).filter((n) => n.endsWith(".json") && isSessionId(n.slice(0, -5))).map((n) => n.slice(0, -5)).sort();
    } catch {
      return [];
    }
  });
}
