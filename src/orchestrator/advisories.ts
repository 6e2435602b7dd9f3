// Start advisories (SPEC §7.11): warnings and hints computed at session start; never blocking.
import { scopesOverlap } from "../kernel/scope.js";
import { matchesAny } from "../kernel/globs.js";
import { gitRaw } from "../io/git.js";
import { listBranchTips, readRef } from "../io/git-refs.js";
import { readMachine } from "../io/machine.js";
import type { Repo } from "../io/paths.js";
import type { Context } from "../commands/context.js";
import type { Config } from "../stdlib/config/model.js";
import type { GitFacts } from "../stdlib/git/facts.js";
import { governanceCheckout } from "../stdlib/git/sidecar.js";
import { lockKnownCommitted } from "../stdlib/governance/store.js";
import type { Advisory, SessionRecord } from "../stdlib/sessions/types.js";
import type { EffectiveScope, Ticket } from "../stdlib/tickets/types.js";
import { plural } from "../kernel/plural.js";

export interface AdvisoryInput {
  ctx: Context;
  repo: Repo;
  config: Config;
  ticket: Ticket;
  scope: EffectiveScope;
  /** Other active and suspended sessions of the state root. */
  siblings: readonly SessionRecord[];
  facts: GitFacts;
}

/** A live lease of another clone, as far as the fetched lease refs show it. */
export interface RemoteSession {
  id: string | null;
  actor: string;
  host: string;
  ticket: string;
  ticket_title: string;
  since: string;
  expires_at: string;
  fencing_token: number;
  scope: string[];
  remote: true;
}

/** Live leases held by other clones (fetched refs only, no network), with their tickets' scopes. */
export async function remoteSessions(repo: Repo, config: Config, now: Date, exclude: { ticket?: string; sessions: readonly string[] }): Promise<RemoteSession[]> {
  const { readTrackedLeases, isLeaseLive } = await import("../stdlib/locks/distributed.js");
  const snapshot = await readTrackedLeases(repo, config.git.remote);
  if (snapshot.leases.size === 0) return [];
  const [{ listTickets }, { listLocks }, { ancestorsOf }, { effectiveScope }] = await Promise.all([import("../stdlib/tickets/store.js"), import("../stdlib/locks/store.js"), import("../stdlib/tickets/model.js"), import("../kernel/scope.js")]);
  const [index, locks] = await Promise.all([listTickets(repo), listLocks(repo)]);
  const ownNonces = new Set(locks.map((l) => l.distributed?.nonce).filter(Boolean));
  const out: RemoteSession[] = [];
  for (const [ticket, { state: s }] of snapshot.leases) {
    if (!isLeaseLive(s, now) || ticket === exclude.ticket || ownNonces.has(s.nonce) || (s.session && exclude.sessions.includes(s.session))) continue;
    const t = index.tickets.get(ticket);
    const scope = t ? effectiveScope(t, ancestorsOf(index.tickets, t)).allow : [];
    out.push({ id: s.session, actor: s.owner, host: s.host, ticket, ticket_title: t?.title ?? ticket, since: s.acquired_at, expires_at: s.expires_at, fencing_token: s.fencing_token, scope, remote: true });
  }
  return out.sort((a, b) => (a.ticket < b.ticket ? -1 : 1));
}

/** scope_conflict, unmerged_work, base_divergence, stale_branch, machine_load, governance_untracked. */
export async function computeAdvisories(input: AdvisoryInput): Promise<Advisory[]> {
  const { repo, config, scope, facts } = input;
  const out: Advisory[] = [];
  // Other clones' live leases (from the fetched lease refs): scope conflicts marked remote.
  for (const r of await remoteSessions(repo, config, input.ctx.now(), { ticket: input.ticket.id, sessions: input.siblings.map((x) => x.id) }).catch(() => [])) {
    const { overlap, pairs } = scopesOverlap(scope.allow, r.scope);
    if (!overlap) continue;
    out.push({
      kind: "scope_conflict",
      severity: "warning",
      message: `${r.id ?? "a claim"} (${r.actor} on ${r.host || "another host"}, ${r.ticket}, remote) may touch the same files: ${pairs.map(([p, q]) => `\`${p}\` ∩ \`${q}\``).join(", ")}.`,
      details: { session: r.id, actor: r.actor, host: r.host, ticket: r.ticket, pairs, remote: true },
    });
  }
  for (const sib of input.siblings) {
    if (sib.ticket === input.ticket.id && sib.actor === input.ctx.actor) continue;
    const { overlap, pairs } = scopesOverlap(scope.allow, sib.scope.allow);
    if (overlap) {
      out.push({
        kind: "scope_conflict",
        severity: "warning",
        message: `${sib.id} (${sib.actor}, ${sib.ticket}) may touch the same files: ${pairs.map(([p, q]) => `\`${p}\` ∩ \`${q}\``).join(", ")}.`,
        details: { session: sib.id, actor: sib.actor, ticket: sib.ticket, pairs },
      });
    }
  }
  const gov = governanceCheckout(repo);
  // A lock committed at HEAD is tracked: the governance gate's kept answer (cache/committed-lock.json)
  // settles it without `git ls-files` (not in sidecar mode, where another checkout tracks it).
  const knownTracked = !gov.sidecar && facts.head !== null && lockKnownCommitted(repo, facts.head);
  // The git queries are independent: run them side by side.
  const [unmerged, divergence, upstream, tracked] = await Promise.all([
    facts.baseRef && facts.head ? unmergedWork(repo, config, scope, facts.baseRef, facts.head) : Promise.resolve([]),
    facts.baseRef && facts.head && facts.branch !== config.git.base_branch ? gitRaw(repo.root, ["rev-list", "--left-right", "--count", `HEAD...${facts.baseRef}`]) : Promise.resolve(null),
    facts.upstream && facts.head ? gitRaw(repo.root, ["rev-list", "--left-right", "--count", "HEAD...@{upstream}"]) : Promise.resolve(null),
    // Sidecar mode: the lock is tracked in the .exo worktree (branch exo-governance), not here.
    knownTracked ? Promise.resolve({ code: 0 }) : gitRaw(gov.base, ["ls-files", "--error-unmatch", gov.rel(repo.lockFile)]),
  ]);
  out.push(...unmerged);
  if (divergence && divergence.code === 0) {
    const [ahead = 0, behind = 0] = divergence.stdout.trim().split(/\s+/).map(Number);
    if (behind >= config.advisories.base_divergence_commits) {
      out.push({ kind: "base_divergence", severity: "warning", message: `this branch is ${behind} commits behind ${facts.baseRef}; rebase or merge before the work diverges further.`, details: { ahead, behind, base_ref: facts.baseRef } });
    }
  }
  if (upstream && upstream.code === 0) {
    const [ahead = 0, behind = 0] = upstream.stdout.trim().split(/\s+/).map(Number);
    if (behind > 0) {
      out.push({ kind: "stale_branch", severity: "warning", message: `${facts.branch ?? "HEAD"} is behind ${facts.upstream} by ${plural(behind, "commit")}${ahead > 0 ? ` and has diverged (${ahead} ahead)` : ""}; pull first.`, details: { upstream: facts.upstream, ahead, behind } });
    }
  }
  const m = readMachine(input.ctx);
  const onHost = input.siblings.filter((s) => s.status === "active" && s.host === input.ctx.host).length;
  const details = { cores: m.cores, load1: m.load1, free_mb: m.free_mb, total_mb: m.total_mb, sessions_on_host: onHost + 1 };
  if ((m.load1 !== null && m.load1 > config.advisories.machine_load_ratio * m.cores) || m.free_mb < config.advisories.machine_min_free_mb) {
    out.push({ kind: "machine_load", severity: "warning", message: `this machine is busy (load ${m.load1?.toFixed(2) ?? "n/a"} on ${m.cores} cores, ${m.free_mb} MiB free); expect slow checks.`, details });
  } else if (input.ticket.resource_profile === "heavy" && onHost > 0) {
    out.push({ kind: "machine_load", severity: "info", message: `${input.ticket.id} is heavy work and ${plural(onHost, "other exo session")} ${onHost === 1 ? "runs" : "run"} on this host.`, details });
  }
  if (tracked.code !== 0) out.push({ kind: "governance_untracked", severity: "warning", message: ".exo/governance.lock.json is not tracked by git; commit .exo/ so every clone shares governance.", details: {} });
  return out;
}

/** Commits on other branches, not reachable from HEAD nor the base, that touch this scope. */
async function unmergedWork(repo: Repo, config: Config, scope: EffectiveScope, baseRef: string, head: string): Promise<Advisory[]> {
  // Every branch at HEAD or at the base (one branch, a fresh clone): no other work to find.
  const dirs = { gitDir: repo.gitDir, commonDir: repo.commonDir };
  const tips = listBranchTips(dirs);
  const base = readRef(dirs, baseRef);
  if (tips && base !== undefined && [...tips.values()].every((sha) => sha === head || sha === base)) return [];
  const since = `${config.advisories.unmerged_work_days} days ago`;
  const log = await gitRaw(repo.root, ["log", "--branches", "--remotes", "--no-merges", `--since=${since}`, "--not", "HEAD", baseRef, "--source", "--name-only", "--format=%x1e%H%x1f%S%x1f%ct%x1f%(trailers:key=Exo-Ticket,valueonly,separator=%x2c)"]);
  if (log.code !== 0) return [];
  const byBranch = new Map<string, { commits: string[]; files: Set<string>; tickets: Set<string>; newest: number }>();
  for (const chunk of log.stdout.split("\x1e")) {
    if (!chunk.trim()) continue;
    const [sha = "", source = "", ct = "0", rest = ""] = chunk.split("\x1f");
    const lines = rest.split("\n");
    const tickets = (lines[0] ?? "").split(",").map((t) => t.trim()).filter(Boolean);
    const files = lines.slice(1).map((l) => l.trim()).filter(Boolean).filter((f) => matchesAny(scope.allow, f) !== null);
    if (files.length === 0) continue;
    const branch = source.replace(/^refs\/(heads|remotes)\//, "");
    const entry = byBranch.get(branch) ?? { commits: [], files: new Set<string>(), tickets: new Set<string>(), newest: 0 };
    entry.commits.push(sha.trim());
    files.forEach((f) => entry.files.add(f));
    tickets.forEach((t) => entry.tickets.add(t));
    entry.newest = Math.max(entry.newest, Number(ct));
    byBranch.set(branch, entry);
  }
  return [...byBranch.entries()]
    .sort((a, b) => b[1].newest - a[1].newest || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10)
    .map(([branch, e]) => ({
      kind: "unmerged_work",
      severity: "info" as const,
      message: `${branch} has ${plural(e.commits.length, "unmerged commit")} touching this scope (${[...e.files].slice(0, 3).join(", ")}${e.files.size > 3 ? ", …" : ""}); look before redoing it.`,
      details: { branch, commits: e.commits, files: [...e.files].sort().slice(0, 10), tickets: [...e.tickets].sort() },
    }));
}
