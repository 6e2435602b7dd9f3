// The team simulation (issue #12): a bare remote, 3 clones (one EXO_HOST each), agents per clone
// running next → session-start → commit → session-finish → pull/push for several rounds, with a
// crashed agent whose lease expires and is taken over, and remote prunes between rounds.
// Default suite: a small version; `npm run test:team` (EXO_TEAM=full): 4 agents per clone, 5 rounds.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, git } from "../../helpers/repo.js";
import { team, type Clone } from "../../helpers/team.js";

const FULL = process.env["EXO_TEAM"] === "full";
const AGENTS = FULL ? 4 : 2;
const ROUNDS = FULL ? 5 : 2;
const HOSTS = ["host-a", "host-b", "host-c"];
const START = Date.parse("2026-11-24T09:00:00.000Z");
/** Rounds are 70 minutes apart; leases last one hour, so a crashed claim has expired by the next round. */
const when = (round: number) => ({ EXO_NOW: new Date(START + round * 70 * 60_000).toISOString() });
const phase = (label: string, since: number) => {
  if (process.env["EXO_TEAM_VERBOSE"]) console.log(`${label}: ${((Date.now() - since) / 1000).toFixed(1)} s`);
};

interface Claim {
  round: number;
  clone: number;
  agent: string;
  ticket: string;
  token: number;
  ms: number;
}

test(`team simulation: ${HOSTS.length} clones × ${AGENTS} agents × ${ROUNDS} rounds — no double claim, no starvation, rising tokens, no .exo conflicts`, { timeout: 300_000 }, async () => {
  const n = HOSTS.length * AGENTS * ROUNDS + 4;
  const tickets = Array.from({ length: n }, (_, i) => ({ id: `T${String(i + 1).padStart(3, "0")}`, priority: 1 + (i % 4), allow: [`src/t${i + 1}/**`] }));
  const { clones, bare } = await team(tickets, HOSTS, { install: true });
  const claims: Claim[] = [];
  const failures: string[] = [];
  const conflicts: string[] = [];
  let crashed: { clone: Clone; agent: string; ticket: string; round: number } | null = null;
  let lostOnFinish = 0;
  const prChecks: string[] = [];
  const started = Date.now();
  let claimWall = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const env = when(round);
    // 1. Every agent of every clone asks for work at the same moment.
    const t0 = Date.now();
    const asked = await Promise.all(
      clones.flatMap((c, ci) =>
        Array.from({ length: AGENTS }, async (_, ai) => {
          const agent = `agent:${c.host}-${ai}`;
          if (crashed && crashed.agent === agent) return null; // the crashed agent is gone
          const begin = Date.now();
          const r = envelope(await c.run("next", "--distributed", "--owner", agent, "--ttl-hours", "1", { env }));
          const ms = Date.now() - begin;
          if (!r.ok) {
            failures.push(`round ${round} ${agent}: ${r.error?.code} ${r.error?.message}`);
            return null;
          }
          const claim: Claim = { round, clone: ci, agent, ticket: r.data.ticket.id, token: r.data.lock.fencing_token, ms };
          claims.push(claim);
          return claim;
        }),
      ),
    );
    claimWall += Date.now() - t0;
    phase(`round ${round} claims`, t0);
    const got = asked.filter((x): x is Claim => x !== null);
    // No ticket is held by two agents at once.
    expect(new Set(got.map((c) => c.ticket)).size).toBe(got.length);
    // 2. Each clone works its claims one after another (one worktree per clone).
    await Promise.all(
      clones.map(async (c, ci) => {
        for (const claim of got.filter((x) => x.clone === ci)) {
          const base = git(c.dir, "rev-parse", "HEAD").trim();
          const s = envelope(await c.run("session-start", "--ticket-id", claim.ticket, "--actor", claim.agent, "--distributed", { env }));
          expect(s.ok, JSON.stringify(s.error)).toBe(true);
          if (round === 0 && ci === 0 && !crashed) {
            crashed = { clone: c, agent: claim.agent, ticket: claim.ticket, round }; // dies without finishing
            continue;
          }
          const dir = join(c.dir, "src", `t${Number(claim.ticket.slice(1))}`);
          await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));
          await writeFile(join(dir, "work.txt"), `${claim.agent} round ${round}\n`);
          git(c.dir, "add", "src");
          git(c.dir, "commit", "-qm", `work on ${claim.ticket}`);
          const f = envelope(await c.run("session-finish", "--summary", `did ${claim.ticket}`, "--set-status", "done", "--actor", claim.agent, { env }));
          expect(f.ok, JSON.stringify(f.error)).toBe(true);
          // The session's commits as a pull request would carry them: the work (trailers from
          // exo's prepare-commit-msg) and exo's own finish commit.
          const pr = envelope(await c.run("pr-check", "--base", base, "--head", "HEAD", { env }));
          prChecks.push(`${claim.ticket}:${pr.data?.verdict ?? pr.error?.code}${pr.ok ? "" : ` ${JSON.stringify(pr.data?.findings ?? pr.error)}`}`);
        }
        // The crashed agent comes back after someone else took its ticket over: it is told so.
        if (crashed && crashed.clone === c && round === ROUNDS - 1) {
          const f = envelope(await c.run("session-finish", "--summary", "late", "--actor", crashed.agent, { env }));
          if (f.error?.code === "LOCK_LOST") lostOnFinish++;
        }
      }),
    );
    phase(`round ${round} work`, t0);
    // 3. Share: each clone commits its exo state, pulls (merging .exo/), pushes.
    for (const c of clones) {
      git(c.dir, "add", "-A", ".exo");
      if (git(c.dir, "status", "--porcelain", "--", ".exo").trim()) git(c.dir, "commit", "-qm", "exo state");
      try {
        git(c.dir, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main");
      } catch {
        conflicts.push(...git(c.dir, "diff", "--name-only", "--diff-filter=U").trim().split("\n").filter(Boolean).map((f) => `round ${round} ${c.host}: ${f}`));
        git(c.dir, "merge", "--abort");
        continue;
      }
      git(c.dir, "push", "-q", "origin", "HEAD:main");
    }
    // Everyone catches up with the last pushes before the next round.
    for (const c of clones) git(c.dir, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main");
    // 4. Housekeeping on one clone: settle expired leases, prune released refs of closed tickets.
    envelope(await (clones[1] as Clone).run("gc-locks", "--remote", "--prune-released", "0", { env }));
    phase(`round ${round} total`, t0);
  }
  // Figures.
  const lat = claims.map((c) => c.ms).sort((a, b) => a - b);
  const p95 = lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.95))] ?? 0;
  const byTicket = new Map<string, number[]>();
  for (const c of claims) byTicket.set(c.ticket, [...(byTicket.get(c.ticket) ?? []), c.token]);
  const crashedTicket = (crashed as { ticket: string } | null)?.ticket ?? "";
  const takeovers = (byTicket.get(crashedTicket)?.length ?? 1) - 1;
  console.log(
    `team simulation (${FULL ? "full" : "small"}): ${claims.length} claims by ${HOSTS.length * AGENTS} agents on ${HOSTS.length} clones in ${ROUNDS} rounds, ` +
      `${(claims.length / (claimWall / 1000)).toFixed(2)} claims/s, p95 claim latency ${p95} ms, takeovers ${takeovers}, ` +
      `double claims 0, starved asks ${failures.length}, .exo conflicts ${conflicts.length}, pr-check pass ${prChecks.filter((p) => p.endsWith(":pass")).length}/${prChecks.length}, wall ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  expect(failures).toEqual([]);
  expect(conflicts).toEqual([]);
  expect(prChecks.length).toBeGreaterThan(0);
  expect(prChecks.filter((p) => !p.endsWith(":pass"))).toEqual([]);
  // Fencing tokens rise strictly per ticket, across prunes.
  for (const [, tokens] of byTicket) for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1] as number);
  // The crashed claim was taken over (by whoever asked once it expired), and its agent learned it.
  expect(takeovers).toBeGreaterThanOrEqual(1);
  expect(lostOnFinish).toBe(1);
  // Every clone's ledger verifies.
  for (const c of clones) {
    const v = envelope(await c.run("ledger-verify", { env: when(ROUNDS) }));
    expect(v.data.valid, JSON.stringify(v.data)).toBe(true);
  }
  expect(git(bare, "for-each-ref", "--format=%(refname)", "refs/exo/fencing/").trim()).toMatch(/high-water/);
});
