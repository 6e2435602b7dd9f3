import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo, writeFiles } from "../../helpers/repo.js";
import { writeTickets } from "../../helpers/tickets.js";

const NOW = { EXO_NOW: "2026-11-24T12:00:00.000Z" };

test("priority 1 beats priority 5; epics and intents are never dispatched", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [
    { id: "INT-A", kind: "intent", priority: 1 },
    { id: "EPIC-A", kind: "epic", parent: "INT-A", priority: 1 },
    { id: "LOW", priority: 5, parent: "EPIC-A" },
    { id: "HIGH", priority: 1, parent: "EPIC-A" },
  ]);
  const first = envelope(await exo(repo, "next", "--owner", "alice", { env: NOW }));
  expect(first.data.ticket.id).toBe("HIGH");
  expect(first.data.score).toBe(500.3); // 5·100 + 0·30 + 3 h·0.1
  expect(first.data.reasoning.components).toEqual({ priority_points: 500, unblocks_points: 0, age_points: 0.3 });
  expect(first.data.lock).toMatchObject({ owner: "alice", fencing_token: 1, state: "held" });
  expect(first.data.next_command).toBe("exo session-start --ticket-id HIGH");
  expect(envelope(await exo(repo, "next", "--owner", "bob", { env: NOW })).data.ticket.id).toBe("LOW");
  const none = await exo(repo, "next", "--owner", "carol", { env: NOW });
  expect(none.code).toBe(1);
  const env = envelope(none);
  expect(env.error?.code).toBe("NO_TICKET");
  expect(env.error?.details.reasons).toMatchObject({ no_todo_tasks: true, containers: 2, locked: 0 });
  const ticket = await readFile(join(repo, ".exo/tickets/HIGH.yaml"), "utf8");
  expect(ticket).toMatch(/status: active/);
  expect(ticket).toMatch(/reason: dispatched/);
});

test("ties: more unblocked dependents first, then older, then id; blocked tickets are skipped", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [
    { id: "B-OLD", created_at: "2026-11-24T08:00:00.000Z" },
    { id: "A-NEW", created_at: "2026-11-24T10:00:00.000Z" },
    { id: "C-UNBLOCKS", created_at: "2026-11-24T10:00:00.000Z" },
    { id: "D-WAITS", blockers: ["C-UNBLOCKS"], created_at: "2026-11-24T07:00:00.000Z" },
    { id: "E-SAME-1", created_at: "2026-11-24T06:00:00.000Z", priority: 4 },
    { id: "E-SAME-0", created_at: "2026-11-24T06:00:00.000Z", priority: 4 },
  ]);
  const order: string[] = [];
  for (let i = 0; i < 5; i++) {
    const env = envelope(await exo(repo, "next", "--owner", `o${i}`, { env: NOW }));
    order.push(env.data.ticket.id);
    if (i === 0) expect(env.data.reasoning.skipped).toContainEqual({ id: "D-WAITS", reason: "blocked" });
  }
  expect(order).toEqual(["C-UNBLOCKS", "B-OLD", "A-NEW", "E-SAME-0", "E-SAME-1"]);
  const stuck = envelope(await exo(repo, "next", { env: NOW }));
  expect(stuck.error?.details.reasons.blocked).toBe(1);
});

test("lanes and the global concurrency limit explain why nothing is handed out", async () => {
  const repo = await initRepo();
  const cfg = join(repo, ".exo/config.yaml");
  const text = (await readFile(cfg, "utf8")).replace("  lanes: []", "  lanes:\n    - {name: bugs, types: [bug], count: 1}\n    - {name: rest, types: ['*'], count: 5}");
  await writeFiles(repo, { ".exo/config.yaml": text });
  await writeTickets(repo, [
    { id: "BUG-1", type: "bug", priority: 1 },
    { id: "BUG-2", type: "bug", priority: 1 },
    { id: "FEAT-1", priority: 5 },
  ]);
  expect(envelope(await exo(repo, "next", "--lane", "bugs", { env: NOW })).data.ticket.id).toBe("BUG-1");
  const laneFull = envelope(await exo(repo, "next", "--lane", "bugs", { env: NOW }));
  expect(laneFull.error?.code).toBe("NO_TICKET");
  expect(laneFull.error?.details.reasons.lane_full).toEqual({ bugs: 1 });
  expect(envelope(await exo(repo, "next", { env: NOW })).data.ticket.id).toBe("FEAT-1");
  const unknownLane = await exo(repo, "next", "--lane", "nope");
  expect(unknownLane.code).toBe(2);
  expect(envelope(unknownLane).error?.code).toBe("INVALID_INPUT");
  await writeFiles(repo, { ".exo/config.yaml": text.replace("global_concurrency_limit: null", "global_concurrency_limit: 2") });
  const limited = envelope(await exo(repo, "next", { env: NOW }));
  expect(limited.error?.code).toBe("NO_TICKET");
  expect(limited.error?.details.reasons.global_limit).toBe(true);
});

test("--dry-run writes nothing", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1" }]);
  const env = envelope(await exo(repo, "next", "--dry-run"));
  expect(env.data).toMatchObject({ dry_run: true, lock: null, ticket: { id: "T1", status: "todo" } });
  expect(await readdir(join(repo, ".exo/locks"))).toEqual([]);
});

async function concurrentRound(tickets: number, processes: number): Promise<{ claimed: string[]; failures: string[]; locks: string[] }> {
  const repo = await initRepo();
  await writeTickets(repo, Array.from({ length: tickets }, (_, i) => ({ id: `T${String(i).padStart(3, "0")}` })));
  const runs = await Promise.all(Array.from({ length: processes }, (_, i) => exo(repo, "next", "--owner", `agent:${i}`)));
  const claimed: string[] = [];
  const failures: string[] = [];
  for (const run of runs) {
    const env = envelope(run);
    if (env.ok) claimed.push(env.data.ticket.id);
    else failures.push(env.error?.code ?? "?");
  }
  const locks = (await readdir(join(repo, ".exo/locks"))).filter((f) => f.endsWith(".json"));
  return { claimed, failures, locks };
}

test("16 concurrent next processes on 50 todo tickets → 16 distinct tickets, 16 locks, 0 errors (×8)", async () => {
  for (let round = 0; round < 8; round++) {
    const { claimed, failures, locks } = await concurrentRound(50, 16);
    expect(failures, `round ${round}`).toEqual([]);
    expect(new Set(claimed).size, `round ${round}`).toBe(16);
    expect(locks.length).toBe(16);
  }
}, 600_000);

test("16 concurrent next on 10 ready tasks → 10 claims and 6 NO_TICKET", async () => {
  const { claimed, failures } = await concurrentRound(10, 16);
  expect(new Set(claimed).size).toBe(10);
  expect(failures).toEqual(Array(6).fill("NO_TICKET"));
}, 120_000);

test("status shows counts by status, held locks and the next candidate", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1", priority: 1 }, { id: "T2", priority: 2 }, { id: "INT-X", kind: "intent" }]);
  await exo(repo, "next", "--owner", "alice");
  const env = envelope(await exo(repo, "status"));
  expect(env.data.tickets).toEqual({ by_status: { active: 1, todo: 2 }, by_kind: { task: 2, intent: 1 } });
  expect(env.data.locks).toEqual([expect.objectContaining({ ticket: "T1", owner: "alice", live: true, session: null })]);
  expect(env.data.next).toMatchObject({ ticket: "T2" });
  const human = await exo(repo, "status", { json: false });
  expect(human.stdout).toMatch(/T1 owner alice/);
  expect(human.stdout).toMatch(/next\s+T2/);
});

test("an active task whose lock was released elsewhere (no session) goes back to todo and is handed out again, among many released locks", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1" }, { id: "T2", priority: 5 }]);
  // 70 released locks of earlier tickets: the lock listing works from its index.
  const at = "2026-11-01T00:00:00.000Z";
  const old: Record<string, string> = {};
  for (let i = 0; i < 70; i++) {
    const id = `H${String(i).padStart(4, "0")}`;
    old[`.exo/locks/${id}.json`] = `${JSON.stringify({ format: "exo.lock/1", ticket: id, state: "released", owner: "agent:old", session: null, fencing_token: 1, acquired_at: at, renewed_at: at, heartbeat_at: at, expires_at: at, released_at: at, ttl_seconds: 7200, host: "h", pid: 1, branch: "main", distributed: null }, null, 2)}\n`;
  }
  await writeFiles(repo, old);
  expect(envelope(await exo(repo, "next", "--owner", "agent:bob", "--actor", "agent:bob")).data.ticket.id).toBe("T1");
  // The lock arrives released (another clone released it) while the ticket still says active.
  const lockFile = join(repo, ".exo/locks/T1.json");
  const lock = JSON.parse(await readFile(lockFile, "utf8"));
  await writeFiles(repo, { ".exo/locks/T1.json": `${JSON.stringify({ ...lock, state: "released", released_at: new Date().toISOString() }, null, 2)}\n` });
  const again = envelope(await exo(repo, "next", "--owner", "agent:carol", "--actor", "agent:carol"));
  expect(again.data.ticket.id).toBe("T1");
  expect(JSON.parse(await readFile(lockFile, "utf8")).owner).toBe("agent:carol");
  expect(await readFile(join(repo, ".exo/tickets/T1.yaml"), "utf8")).toMatch(/reason: claim_expired/);
});
