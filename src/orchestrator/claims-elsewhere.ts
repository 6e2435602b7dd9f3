// Another clone's claim, seen without distributed leases: clones that claim without --distributed
// leave nothing on the remote but their committed ledger segments. Once pushed and fetched, the
// remote branch's segments of other writers say who holds which ticket until when (their last
// lock record per ticket). Read from the fetched tracking refs only (no network): session-start
// warns `ticket_contention`, doctor names `claimed_elsewhere`. A signal, not a lock: a clone that
// never pushed is invisible, and only --distributed leases exclude for real.
import { join, relative } from "node:path";
import { writeCacheFileSync } from "../io/fs-atomic.js";
import { gitRaw } from "../io/git.js";
import { gitDirsOf, readRef } from "../io/git-refs.js";
import type { Repo } from "../io/paths.js";
import { readCacheJsonSync } from "../io/read.js";

export interface ClaimElsewhere {
  ticket: string;
  owner: string;
  writer: string;
  host: string;
  expires_at: string;
  fencing_token: number;
  ref: string;
}

const HELD = new Set([
  "lock.acquired",
  "lock.taken_over",
  "lock.reacquired",
  "lock.renewed",
  "lock.transferred",
]);

/** Live claims that other clones' pushed ledger segments record, on `<remote>/<base>` and `<remote>/<branch>`. */
export async function claimsElsewhere(
  repo: Repo,
  opts: { remote: string; branches: (string | null)[]; now: Date; tickets?: ReadonlySet<string> },
): Promise<ClaimElsewhere[]> {
  const own = new Set<string>();
  const registry = readCacheJsonSync(join(repo.cacheDir, "ledger", "writers.json"));
  if (registry && typeof registry === "object")
    for (const ids of Object.values(registry as Record<string, unknown>))
      if (Array.isArray(ids)) for (const id of ids) own.add(String(id));
  const dir = relative(repo.root, repo.ledgerDir).split("\\").join("/");
  const found = new Map<string, ClaimElsewhere>();
  const dirs = gitDirsOf(repo.root);
  const cacheFile = join(repo.cacheDir, "claims-elsewhere.json");
  const cache = (readCacheJsonSync(cacheFile) ?? {}) as Record<
    string,
    { own: string; records: LockRecord[] }
  >;
  const ownKey = [...own].sort().join(",");
  let cacheChanged = false;
  for (const branch of new Set(opts.branches.filter((b): b is string => !!b))) {
    const ref = `refs/remotes/${opts.remote}/${branch}`;
    // No such tracking ref (never fetched, no remote): nothing to read, and no git process.
    const sha = dirs ? readRef(dirs, ref) : undefined;
    if (sha === null) continue;
    // The fetched ref has not moved since the last read: its segments say what they said then.
    const kept = sha !== undefined ? cache[`${ref}@${sha}`] : undefined;
    const records =
      kept && kept.own === ownKey ? kept.records : await lockRecords(repo, ref, dir, own);
    if (records === null) continue;
    if (sha !== undefined && records !== kept?.records) {
      for (const key of Object.keys(cache)) if (key.startsWith(`${ref}@`)) delete cache[key];
      cache[`${ref}@${sha}`] = { own: ownKey, records };
      cacheChanged = true;
    }
    for (const r of records) {
      if (own.has(r.writer) || (opts.tickets && !opts.tickets.has(r.ticket))) continue;
      const until = Date.parse(r.expires_at);
      // Live, and not "until 9999" (the same 169 h cap as every lock).
      if (
        !HELD.has(r.type) ||
        !(until > opts.now.getTime()) ||
        until - opts.now.getTime() > 169 * 3_600_000
      )
        continue;
      const key = `${r.ticket}\0${r.writer}`;
      if (!found.has(key))
        found.set(key, {
          ticket: r.ticket,
          owner: r.owner,
          writer: r.writer,
          host: r.writer.split(".")[0] ?? "",
          expires_at: r.expires_at,
          fencing_token: r.fencing_token,
          ref: `${opts.remote}/${branch}`,
        });
    }
  }
  if (cacheChanged) {
    try {
      writeCacheFileSync(cacheFile, JSON.stringify(cache));
    } catch {
      // a cache: the next call reads the segments again
    }
  }
  return [...found.values()].sort((a, b) =>
    a.ticket === b.ticket ? (a.writer < b.writer ? -1 : 1) : a.ticket < b.ticket ? -1 : 1,
  );
}

interface LockRecord {
  ticket: string;
  writer: string;
  type: string;
  owner: string;
  expires_at: string;
  fencing_token: number;
}

/** The last lock record of each ticket in each other writer's segment at `ref`; null when git cannot read the ref. */
async function lockRecords(
  repo: Repo,
  ref: string,
  dir: string,
  own: ReadonlySet<string>,
): Promise<LockRecord[] | null> {
  const out: LockRecord[] = [];
  const ls = await gitRaw(repo.root, ["ls-tree", "-z", ref, "--", `${dir}/`]);
  if (ls.code !== 0) return null;
  for (const entry of ls.stdout.split("\0").filter(Boolean)) {
    const [meta = "", path = ""] = entry.split("\t");
    const name = path.slice(path.lastIndexOf("/") + 1);
    const writer = name.replace(/\.jsonl$/, "");
    if (!name.endsWith(".jsonl") || own.has(writer) || !meta.includes(" blob ")) continue;
    const blob = await gitRaw(repo.root, ["cat-file", "blob", meta.split(" ")[2] ?? ""]);
    if (blob.code !== 0) continue;
    // The last lock record of each ticket in this writer's segment.
    const last = new Map<string, LockRecord>();
    for (const line of blob.stdout.split("\n")) {
      if (!line.includes('"type":"lock.')) continue;
      try {
        const r = JSON.parse(line) as {
          type?: unknown;
          ticket?: unknown;
          data?: { owner?: unknown; expires_at?: unknown; fencing_token?: unknown };
        };
        if (typeof r.ticket !== "string" || typeof r.type !== "string") continue;
        last.set(r.ticket, {
          ticket: r.ticket,
          writer,
          type: r.type,
          owner: String(r.data?.owner ?? ""),
          expires_at: String(r.data?.expires_at ?? ""),
          fencing_token: Number(r.data?.fencing_token ?? 0),
        });
      } catch {
        // a torn or forged line: ledger-verify's business
      }
    }
    out.push(...last.values());
  }
  return out;
}
