// Pending remote claims: before a distributed claim pushes its lease, it writes
// `<state>/cache/leases/<ID>.<nonce>.json` (the nonce is the new lease state's, 16 random hex).
// The local lock that records the claim removes it. A claim killed between its push and the
// local lock leaves the record behind: it proves the remote lease with that nonce is this
// clone's own (no other clone knows the nonce), so `doctor --fix` can release it without ever
// touching another clone's lease on the same host.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { isTicketId } from "../../kernel/ids.js";
import { removeFileSync, writeFileAtomicSync } from "../../io/fs-atomic.js";
import type { Repo } from "../../io/paths.js";
import { readRegularTextSync } from "../../io/read.js";

export interface PendingClaim {
  ticket: string;
  remote: string;
  nonce: string;
  commit: string;
  owner: string;
  session: string | null;
  host: string;
  pid: number;
  at: string;
  /** A renewal (a new nonce for a lease this clone holds): the nonce it replaces. */
  previous?: string | undefined;
}

const NAME = /^([A-Za-z][A-Za-z0-9_-]{0,63})\.([0-9a-f]{16})\.json$/;

export const pendingDir = (repo: Repo) => join(repo.cacheDir, "leases");
const pendingFile = (repo: Repo, ticket: string, nonce: string) => join(pendingDir(repo), `${ticket}.${nonce}.json`);

/** Record a claim about to be pushed (fsynced: it must outlive a kill right after the push). */
export function recordPendingClaim(repo: Repo, claim: PendingClaim): void {
  if (!isTicketId(claim.ticket) || !/^[0-9a-f]{16}$/.test(claim.nonce)) return;
  writeFileAtomicSync(pendingFile(repo, claim.ticket, claim.nonce), `${JSON.stringify({ format: "exo.pending-lease/1", ...claim }, null, 2)}\n`);
}

/** The claim is settled (recorded in the local lock, or never pushed). */
export function clearPendingClaim(repo: Repo, ticket: string, nonce: string): void {
  if (!isTicketId(ticket) || !/^[0-9a-f]{16}$/.test(nonce)) return;
  try {
    removeFileSync(pendingFile(repo, ticket, nonce));
  } catch {
    // doctor removes it later
  }
}

/** Every pending record of this state root; `claim` is null for a file that does not parse. */
export function listPendingClaims(repo: Repo): { file: string; name: string; claim: PendingClaim | null }[] {
  let names: string[];
  try {
    names = readdirSync(pendingDir(repo));
  } catch {
    return [];
  }
  const out: { file: string; name: string; claim: PendingClaim | null }[] = [];
  for (const name of names.sort()) {
    const m = NAME.exec(name);
    if (!m) continue;
    const file = join(pendingDir(repo), name);
    let claim: PendingClaim | null = null;
    try {
      // A record is a few hundred bytes: anything else (a device behind a link, a huge file) is not one.
      const v = JSON.parse(readRegularTextSync(file, 64 << 10)) as Partial<PendingClaim>;
      if (v.ticket === m[1] && v.nonce === m[2] && typeof v.remote === "string" && typeof v.owner === "string" && typeof v.host === "string" && typeof v.pid === "number" && typeof v.at === "string") {
        claim = { ticket: m[1] as string, remote: v.remote, nonce: m[2] as string, commit: typeof v.commit === "string" ? v.commit : "", owner: v.owner, session: typeof v.session === "string" ? v.session : null, host: v.host, pid: v.pid, at: v.at, ...(typeof v.previous === "string" ? { previous: v.previous } : {}) };
      }
    } catch {
      claim = null;
    }
    out.push({ file, name, claim });
  }
  return out;
}
