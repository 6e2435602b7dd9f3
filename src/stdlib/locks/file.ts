// The one writer of ticket lock files: a look at what is there (integrity/witness), a write
// receipt (io/integrity), then the file.
import { formatJson } from "../../io/fs-atomic.js";
import { writeWithReceipt } from "../../io/integrity.js";
import type { Repo } from "../../io/paths.js";
import { witnessBeforeWrite } from "../integrity/witness.js";
import type { LockState } from "./types.js";

export async function writeLockFile(repo: Repo, who: { actor: string; host: string; now: Date }, ticket: string, lock: LockState): Promise<void> {
  await witnessBeforeWrite(repo, who, "locks", ticket, repo.ticketLockFile(ticket));
  // How a release ended the ticket describes that release only: a lock held again drops it.
  const { ticket_status: _status, released_branch: _branch, ...held } = lock;
  const body = lock.state === "held" ? held : lock;
  await writeWithReceipt(repo.stateDir, "locks", ticket, repo.ticketLockFile(ticket), formatJson(body));
}
