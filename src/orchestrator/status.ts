// The status overview (SPEC §6.1 status): reads only, never writes.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import type { Context } from "../commands/context.js";
import { gitRaw } from "../io/git.js";
import type { Repo } from "../io/paths.js";
import { inspectGovernance } from "../stdlib/governance/store.js";
import { ledgerCounts } from "../stdlib/ledger/read.js";

export interface StatusData {
  repo: { root: string; branch: string | null; head: string | null };
  governance: { status: string; version: number | null; lock_sha256: string | null };
  tickets: { by_status: Record<string, number>; by_kind: Record<string, number> };
  sessions: { id: string; actor: string; ticket: string; status: string; stale: boolean }[];
  locks: { ticket: string; owner: string; session: string | null; expires_at: string; live: boolean }[];
  next: { ticket: string; title: string; score: number } | null;
  ledger: { segments: number; records: number };
  sidecar: boolean;
}

async function gitFacts(repo: Repo): Promise<{ branch: string | null; head: string | null }> {
  const [branch, head] = await Promise.all([
    gitRaw(repo.root, ["symbolic-ref", "--short", "-q", "HEAD"]),
    gitRaw(repo.root, ["rev-parse", "-q", "--verify", "HEAD"]),
  ]);
  return { branch: branch.code === 0 ? branch.stdout.trim() || null : null, head: head.code === 0 ? head.stdout.trim() || null : null };
}

async function ticketCounts(repo: Repo): Promise<StatusData["tickets"]> {
  const by_status: Record<string, number> = {};
  const by_kind: Record<string, number> = {};
  let files: string[] = [];
  try {
    files = (await readdir(repo.ticketsDir)).filter((f) => f.endsWith(".yaml"));
  } catch {
    files = [];
  }
  for (const file of files) {
    try {
      const doc = parse(await readFile(join(repo.ticketsDir, file), "utf8")) as { kind?: string; status?: string } | null;
      const kind = doc?.kind ?? "task";
      const st = doc?.status ?? "todo";
      by_status[st] = (by_status[st] ?? 0) + 1;
      by_kind[kind] = (by_kind[kind] ?? 0) + 1;
    } catch {
      by_status["invalid"] = (by_status["invalid"] ?? 0) + 1;
    }
  }
  return { by_status, by_kind };
}

export async function collectStatus(ctx: Context): Promise<StatusData> {
  const repo = await ctx.governed();
  const [facts, governance, tickets, ledger] = await Promise.all([gitFacts(repo), inspectGovernance(repo), ticketCounts(repo), ledgerCounts(repo)]);
  return {
    repo: { root: repo.root, ...facts },
    governance: { status: governance.status, version: governance.lock?.version ?? null, lock_sha256: governance.lock?.lock_sha256 ?? null },
    tickets,
    sessions: [],
    locks: [],
    next: null,
    ledger,
    sidecar: false,
  };
}
