// Single writer under races (issue #18): concurrent session-starts on one ticket leave exactly one
// active session; every loser gets a coded error, never INTERNAL and never a second session.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { DIST, envelope, exo, git, initRepo } from "../../helpers/repo.js";
import type * as Library from "../../../src/index.js";
import { commitTickets, writeTickets } from "../../helpers/tickets.js";

const ROUNDS = 10;
const PROCS = 8;

async function activeSessions(repo: string): Promise<{ id: string; actor: string; ticket: string; status: string }[]> {
  const dir = join(repo, ".exo/sessions");
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json"));
  const out = [];
  for (const n of names) out.push(JSON.parse(await readFile(join(dir, n), "utf8")));
  return out.filter((s) => s.status === "active");
}

test(`${ROUNDS} rounds × ${PROCS} actors racing session-start on one free ticket: exactly one winner`, async () => {
  const repo = await initRepo();
  await writeTickets(repo, Array.from({ length: ROUNDS }, (_, i) => ({ id: `RACE-${i + 1}` })));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "tickets");
  for (let round = 1; round <= ROUNDS; round++) {
    const ticket = `RACE-${round}`;
    const runs = await Promise.all(Array.from({ length: PROCS }, (_, i) => exo(repo, "session-start", "--ticket-id", ticket, { env: { EXO_ACTOR: `agent:r${round}p${i}` } })));
    const results = runs.map((r) => ({ code: r.code, env: envelope(r) }));
    const winners = results.filter((r) => r.env.ok);
    expect(winners, `round ${round}`).toHaveLength(1);
    for (const loser of results.filter((r) => !r.env.ok)) {
      expect(loser.code).toBe(1);
      expect(["TICKET_IN_USE", "LOCK_HELD"]).toContain(loser.env.error?.code);
    }
    const active = (await activeSessions(repo)).filter((s) => s.ticket === ticket);
    expect(active, `round ${round}`).toHaveLength(1);
    const lock = JSON.parse(await readFile(join(repo, `.exo/locks/${ticket}.json`), "utf8"));
    expect(lock.session).toBe(active[0]?.id);
    expect(active[0]?.actor).toBe(winners[0]?.env.data.session.actor);
  }
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(true);
}, 300_000);

test("one actor racing itself on one ticket gets one session (the others reuse it)", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "SELF-1" }]);
  const runs = await Promise.all(Array.from({ length: PROCS }, () => exo(repo, "session-start", "--ticket-id", "SELF-1", { env: { EXO_ACTOR: "agent:same" } })));
  const oks = runs.map(envelope).filter((e) => e.ok);
  expect(oks).toHaveLength(PROCS);
  expect(new Set(oks.map((e) => e.data.session.id)).size).toBe(1);
  expect(oks.filter((e) => !e.data.reused)).toHaveLength(1);
  expect(await activeSessions(repo)).toHaveLength(1);
}, 120_000);

test("one actor racing itself on different tickets gets one session; the rest SESSION_ALREADY_ACTIVE", async () => {
  const repo = await initRepo();
  await writeTickets(repo, Array.from({ length: 4 }, (_, i) => ({ id: `MULTI-${i + 1}` })));
  const runs = await Promise.all(Array.from({ length: 4 }, (_, i) => exo(repo, "session-start", "--ticket-id", `MULTI-${i + 1}`, { env: { EXO_ACTOR: "agent:same" } })));
  const envs = runs.map(envelope);
  expect(envs.filter((e) => e.ok)).toHaveLength(1);
  for (const e of envs.filter((x) => !x.ok)) expect(e.error?.code).toBe("SESSION_ALREADY_ACTIVE");
  expect(await activeSessions(repo)).toHaveLength(1);
}, 120_000);

test("heartbeats racing suspend and finish never bring the session back (no stale write-back)", async () => {
  const { createExo } = (await import(pathToFileURL(join(DIST, "index.js")).href)) as typeof Library;
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "BEAT-1" }]);
  const lib = createExo({ repo, actor: "agent:beat", env: { PATH: process.env["PATH"] } });
  const beats = () => Array.from({ length: 6 }, () => lib.run("lease-heartbeat", { ticket_id: "BEAT-1", ttl_hours: 2 }));
  const started = await lib.run("session-start", { ticket_id: "BEAT-1" });
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  const id = (started.data as { session: { id: string } }).session.id;
  for (let round = 0; round < 10; round++) {
    const [suspended] = await Promise.all([lib.run("session-suspend", { reason: `pause ${round}`, keep_lock: true }), ...beats()]);
    expect(suspended.ok, JSON.stringify(suspended.error)).toBe(true);
    const record = JSON.parse(await readFile(join(repo, ".exo/sessions", `${id}.json`), "utf8")) as { status: string };
    expect(record.status, `round ${round}`).toBe("suspended");
    const resumed = await lib.run("session-resume", { session_id: id });
    expect(resumed.ok, JSON.stringify(resumed.error)).toBe(true);
  }
  const [finished] = await Promise.all([lib.run("session-finish", { summary: "done", skip_check: true, break_glass_reason: "race test" }), ...beats()]);
  expect(finished.ok, JSON.stringify(finished.error)).toBe(true);
  expect(await activeSessions(repo)).toEqual([]);
});
