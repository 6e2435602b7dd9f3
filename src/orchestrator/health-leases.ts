// doctor (locks section): remote leases this clone pushed but never recorded in a local lock — a
// distributed claim killed (or failed) between its push and its lock file. The pending record
// the claim wrote before pushing (stdlib/locks/pending.ts) names the lease's nonce, so only a
// lease that is provably this clone's is reported and released; another clone's live lease on
// the same host (same host name, same owner) never is.
import { isPidDead } from "../io/guard.js";
import type { Repo } from "../io/paths.js";
import { ExoError } from "../errors.js";
import { readLock } from "../stdlib/locks/store.js";
import { clearPendingClaim, listPendingClaims } from "../stdlib/locks/pending.js";

type Who = { actor: string; host: string; now: Date };

export interface OrphanLease {
  ticket: string;
  remote: string;
  owner: string;
  session: string | null;
  expires_at: string;
  commit: string;
}

/** A claim younger than this whose process runs on this host is still in progress. */
const IN_PROGRESS_MS = 10 * 60_000;

export async function orphanLeases(repo: Repo, who: Who, fix: boolean): Promise<{ orphans: OrphanLease[]; released: OrphanLease[]; unchecked: { ticket: string; remote: string; reason: string }[]; cleared: number }> {
  const pending = listPendingClaims(repo);
  const out = { orphans: [] as OrphanLease[], released: [] as OrphanLease[], unchecked: [] as { ticket: string; remote: string; reason: string }[], cleared: 0 };
  if (pending.length === 0) return out;
  const { readLease, isLeaseLive, updateLease } = await import("../stdlib/locks/distributed.js");
  const settle = (ticket: string, nonce: string) => {
    if (!fix) return;
    clearPendingClaim(repo, ticket, nonce);
    out.cleared++;
  };
  for (const { claim, name } of pending) {
    if (!claim) {
      const m = /^(.+)\.([0-9a-f]{16})\.json$/.exec(name);
      if (m) settle(m[1] as string, m[2] as string);
      continue;
    }
    const running = claim.host === who.host && !isPidDead(claim.pid) && who.now.getTime() - (Date.parse(claim.at) || 0) < IN_PROGRESS_MS;
    if (running) continue;
    const lock = await readLock(repo, claim.ticket).catch(() => null);
    if (lock?.distributed?.nonce === claim.nonce) {
      settle(claim.ticket, claim.nonce); // recorded: the claim completed
      continue;
    }
    let current;
    try {
      current = await readLease(repo, claim.remote, claim.ticket);
    } catch (error) {
      out.unchecked.push({ ticket: claim.ticket, remote: claim.remote, reason: error instanceof ExoError ? error.code : String(error) });
      continue;
    }
    if (!current || current.state.nonce !== claim.nonce || !isLeaseLive(current.state, who.now)) {
      settle(claim.ticket, claim.nonce); // never pushed, replaced since, or no longer held
      continue;
    }
    const orphan: OrphanLease = { ticket: claim.ticket, remote: claim.remote, owner: current.state.owner, session: current.state.session, expires_at: current.state.expires_at, commit: current.sha };
    if (!fix) {
      out.orphans.push(orphan);
      continue;
    }
    try {
      // Compare-and-swap on this very state (its nonce): a claim that replaced it since wins.
      await updateLease(repo, who, { remote: claim.remote, ticket: claim.ticket, mode: "release", ttlSeconds: 0, owner: claim.owner, nonce: claim.nonce });
      out.released.push(orphan);
      settle(claim.ticket, claim.nonce);
    } catch (error) {
      out.orphans.push(orphan);
      out.unchecked.push({ ticket: claim.ticket, remote: claim.remote, reason: error instanceof ExoError ? error.code : String(error) });
    }
  }
  return out;
}
