// exo gc (SPEC §7.23): old ephemeral state, dry run unless --apply; lock files and ledger
// segments are never collected.
import { readdir, rm, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Context } from "../commands/context.js";
import { loadConfig } from "../stdlib/config/store.js";
import { autoCommit } from "../stdlib/git/autocommit.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { listSessions } from "../stdlib/sessions/store.js";
import { listTickets, setTicketStatus } from "../stdlib/tickets/store.js";
import { mementoParts } from "../stdlib/sessions/memento-text.js";
import { readTextOrNull } from "../io/read.js";

interface Candidate {
  path: string;
  bytes: number;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

const KEPT_CACHE_DIRS = ["guards/", "ledger/", "integrity/", "quarantine/", "closeout/", "install/", "leases/", "lost/"];
/** Session files younger than this are a start in progress, not orphans (longer than any start takes). */
const ORPHAN_GRACE_MS = 3_600_000;
// ticket-commit-pending marks a close or new tickets not committed yet (exo status names them while
// it is there): removed by gc as old, a close left uncommitted for weeks went unnamed.
const KEPT_CACHE_FILES = new Set(["fs.json", "hook-bundle.json", "exo-writes.json", "ticket-commit-pending"]);

async function oldFiles(files: string[], cutoff: number): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const f of files) {
    const info = await stat(f).catch(() => null);
    if (info && info.mtimeMs < cutoff) out.push({ path: f, bytes: info.size });
  }
  return out;
}

export async function gc(ctx: Context, input: { apply: boolean; max_age_days?: number | undefined; archive_done: boolean; include_sessions: boolean }) {
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  const now = ctx.now();
  const days = input.max_age_days ?? config.gc.max_age_days;
  const cutoff = now.getTime() - days * 86_400_000;
  const categories: Record<string, Candidate[]> = {};
  // SPEC §7.23 keeps guards/, ledger/, fs.json and hook-bundle.json; exo also keeps records under
  // cache/ that nothing can rebuild (docs/notes.md): integrity records of its own writes,
  // quarantined files, close-out and install journals, and the files it wrote outside .exo/.
  const keepCache = (f: string) => {
    const rel = relative(repo.cacheDir, f);
    return KEPT_CACHE_DIRS.some((d) => rel.startsWith(d)) || KEPT_CACHE_FILES.has(rel);
  };
  categories["cache"] = await oldFiles((await walk(repo.cacheDir)).filter((f) => !keepCache(f)), cutoff);
  categories["logs"] = await oldFiles(await walk(repo.logsDir), cutoff);
  categories["traces"] = await oldFiles(await walk(repo.tracesDir), cutoff);
  // A session whose record is there but cannot be read (a crash zeroed it) is no orphan: its start
  // snapshot and touched log are what doctor --fix keeps as its work for the next session on its
  // ticket (before, gc removed them and that work counted as pre-existing). The listing names it.
  const sessionIds = new Set((await listSessions(repo, (code, message) => ctx.warn(code, message))).map((s) => s.id));
  for (const name of await readdir(repo.sessionsDir).catch(() => [] as string[])) if (name.endsWith(".json")) sessionIds.add(name.slice(0, -5));
  const orphans = (await walk(repo.sessionsDir)).filter((f) => /\.(touched|bootstrap\.md|dirty|backstop)$/.test(f) && !sessionIds.has(f.split("/").pop()?.replace(/\.(touched|bootstrap\.md|dirty|backstop)$/, "") ?? ""));
  // Only orphans older than an hour: a session-start writes its start snapshot just before its
  // record, and a gc between the two removed the snapshot (its finish then charged every file dirty
  // at the start, out of scope ones too, to the session). A start killed there leaves one for later.
  categories["session_files"] = await oldFiles(orphans, now.getTime() - ORPHAN_GRACE_MS);
  // Mementos older than memento_max_age_days (by finished_at), keeping each ticket's newest.
  const mementoCutoff = now.getTime() - config.gc.memento_max_age_days * 86_400_000;
  const mementos: Candidate[] = [];
  let tickets: string[] = [];
  try {
    tickets = await readdir(repo.mementosDir);
  } catch {
    tickets = [];
  }
  for (const t of tickets) {
    const files = (await walk(join(repo.mementosDir, t))).filter((f) => f.endsWith(".md"));
    const dated: { path: string; at: string; bytes: number }[] = [];
    for (const f of files) {
      // Regular files only: a named pipe there (a sync tool, a hand) held gc in its read for ever.
      const text = (await readTextOrNull(f).catch(() => null)) ?? "";
      let front: Record<string, unknown> = {};
      try {
        front = mementoParts(text).front;
      } catch {
        front = {};
      }
      // Another ticket's memento in this folder (a copy, a sync tool; doctor names it) is not this
      // ticket's newest: ranked, it left the ticket's own last memento to be removed and committed.
      if (typeof front["ticket"] === "string" && front["ticket"] !== t) continue;
      dated.push({ path: f, at: String(front["finished_at"] ?? ""), bytes: Buffer.byteLength(text) });
    }
    dated.sort((a, b) => (a.at < b.at ? 1 : -1));
    for (const m of dated.slice(1)) if (m.at && Date.parse(m.at) < mementoCutoff) mementos.push({ path: m.path, bytes: m.bytes });
  }
  categories["mementos"] = mementos;
  const archived: string[] = [];
  if (input.archive_done) {
    for (const t of (await listTickets(repo)).list) {
      if (t.status !== "done" && t.status !== "cancelled") continue;
      const last = t.history[t.history.length - 1]?.at ?? t.updated_at;
      if (Date.parse(last) < cutoff) archived.push(t.id);
    }
  }
  const recovered: string[] = [];
  // The dry run names the sessions an apply would recover (SPEC §7.23: the same report but `applied`).
  if (input.include_sessions && !input.apply) {
    const { cleanupSessions } = await import("./session-cleanup.js");
    recovered.push(...(await cleanupSessions(ctx, { session_id: [], force: false, ticket_status: "auto", dry_run: true })).recovered.map((x) => x.session));
  }
  if (input.apply) {
    for (const list of Object.values(categories)) for (const c of list) await rm(c.path, { force: true });
    const who = { actor: ctx.actor, host: ctx.host, now };
    for (const id of archived) await setTicketStatus(repo, who, id, "archived", "gc --archive-done", "gc");
    if (input.include_sessions) {
      const { cleanupSessions } = await import("./session-cleanup.js");
      const r = await cleanupSessions(ctx, { session_id: [], force: false, ticket_status: "auto", dry_run: false });
      recovered.push(...r.recovered.map((x) => x.session));
    }
    const counts = Object.fromEntries(Object.entries(categories).map(([k, v]) => [k, v.length]));
    if (Object.values(counts).some((n) => n > 0) || archived.length > 0) {
      await appendLedger(repo, who, [{ type: "gc.completed", data: { categories: counts } }]);
      if (mementos.length > 0 || archived.length > 0) {
        const c = await autoCommit(repo, config, { event: "gc", id: now.toISOString().slice(0, 10) });
        if (c.warning) ctx.warn(c.warning.code, c.warning.message);
      }
    }
  }
  return {
    applied: input.apply,
    categories: Object.fromEntries(Object.entries(categories).map(([k, v]) => [k, { files: v.length, bytes: v.reduce((n, c) => n + c.bytes, 0), paths: v.map((c) => repo.shown(c.path)).sort() }])),
    archived,
    recovered,
  };
}
