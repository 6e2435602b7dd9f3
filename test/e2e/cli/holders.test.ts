// Recoverable holders (issue #19 item 10): an expired lock nobody took comes back to its holder;
// a takeover stays LOCK_LOST; session-start refuses open blockers; lease-release --force forces.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { team, type Clone } from "../../helpers/team.js";
import { writeTickets } from "../../helpers/tickets.js";

const T0 = { EXO_NOW: "2026-11-24T09:00:00.000Z" };
const LATER = { EXO_NOW: "2026-11-24T11:00:00.000Z" };

async function lockFile(repo: string, id: string) {
  return JSON.parse(await readFile(join(repo, ".exo/locks", `${id}.json`), "utf8"));
}

async function sessionFile(repo: string, id: string) {
  return JSON.parse(await readFile(join(repo, ".exo/sessions", `${id}.json`), "utf8"));
}

async function records(repo: string, type: string) {
  const ledger = envelope(await exo(repo, "ledger-show", "--all", "--type", type));
  return ledger.data.records as { type: string; actor: string; session?: string; data: Record<string, unknown> }[];
}

/** A session on T1 whose one-hour lease has run out by LATER. */
async function expiredSession(actor = "agent:a") {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1", allow: ["src/**"] }]);
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--ttl-hours", "1", "--actor", actor, { env: T0 }));
  expect(start.ok).toBe(true);
  return { repo, sid: start.data.session.id as string };
}

async function decideWrite(repo: string, sid: string, env: Record<string, string>) {
  return envelope(await exo(repo, "decide", "--path", "src/a.ts", "--session-id", sid, { env })).data;
}

/** decide on an expired lock of an active session: allowed, as the hook takes the lock back first (same token), with a warning. */
async function decideLapsed(repo: string, sid: string, env: Record<string, string>) {
  const out = envelope(await exo(repo, "decide", "--path", "src/a.ts", "--session-id", sid, { env }));
  expect(out.data).toMatchObject({ decision: "allow", code: null });
  expect(out.warnings?.map((w) => w.code)).toEqual(["LOCK_EXPIRED_DURING_SESSION"]);
}

test("lease-heartbeat by the holder re-takes its expired lock nobody took: token + 1, session follows, writes allowed again", async () => {
  const { repo, sid } = await expiredSession();
  await decideLapsed(repo, sid, LATER);
  const beat = await exo(repo, "lease-heartbeat", "--actor", "agent:a", { env: { ...LATER, EXO_SESSION_ID: sid } });
  expect(beat.code).toBe(0);
  const data = envelope(beat).data;
  expect(data).toMatchObject({ reacquired: true, previous_fencing_token: 1, lock: { state: "held", owner: "agent:a", session: sid, fencing_token: 2 }, ticket_status: "active" });
  expect(Date.parse(data.lock.expires_at)).toBeGreaterThan(Date.parse(LATER.EXO_NOW));
  expect((await sessionFile(repo, sid)).fencing_token).toBe(2);
  expect((await lockFile(repo, "T1")).fencing_token).toBe(2);
  expect((await decideWrite(repo, sid, LATER)).decision).toBe("allow");
  const [rec] = await records(repo, "lock.reacquired");
  expect(rec).toMatchObject({ actor: "agent:a", session: sid, data: { owner: "agent:a", fencing_token: 2, previous_token: 1, via: "heartbeat", expired_at: "2026-11-24T10:00:00.000Z" } });
  // Live again: the next heartbeat is an ordinary one (same token, no new record).
  const again = envelope(await exo(repo, "lease-heartbeat", "--ticket-id", "T1", "--actor", "agent:a", { env: LATER }));
  expect(again.data).toMatchObject({ reacquired: false, lock: { fencing_token: 2 } });
  expect(await records(repo, "lock.reacquired")).toHaveLength(1);
});

test("lease-renew by the holder re-takes its expired lock; the human output says so", async () => {
  const { repo, sid } = await expiredSession();
  const renew = envelope(await exo(repo, "lease-renew", "--ticket-id", "T1", "--actor", "agent:a", { env: LATER }));
  expect(renew.data).toMatchObject({ reacquired: true, previous_fencing_token: 1, lock: { fencing_token: 2, session: sid } });
  expect((await sessionFile(repo, sid)).fencing_token).toBe(2);
  expect((await records(repo, "lock.reacquired"))[0]?.data).toMatchObject({ via: "renew", previous_token: 1, fencing_token: 2 });
  const human = await exo(repo, "lease-renew", "--ticket-id", "T1", "--actor", "agent:a", { env: LATER, json: false });
  expect(human.code).toBe(0);
  expect(human.stdout).not.toMatch(/re-took/);
});

test("a claim without a session: the owner's heartbeat finds and re-takes its single expired lock and claims the ticket again", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1" }]);
  envelope(await exo(repo, "next", "--owner", "alice", "--actor", "alice", "--ttl-hours", "1", { env: T0 }));
  // Reconcile (gc-locks dry run says it would reset; next reconciles for real) sends it to todo.
  await exo(repo, "next", "--owner", "carol", "--actor", "carol", "--dry-run", { env: LATER });
  const beat = await exo(repo, "lease-heartbeat", "--actor", "alice", { env: LATER, json: false });
  expect(beat.code).toBe(0);
  expect(beat.stdout).toMatch(/re-took the expired lock \(token 1 → 2\)/);
  expect(await lockFile(repo, "T1")).toMatchObject({ state: "held", owner: "alice", fencing_token: 2 });
  expect(await readFile(join(repo, ".exo/tickets/T1.yaml"), "utf8")).toMatch(/status: active/);
});

test("settled by gc-locks while its session still works: the session's heartbeat takes the lock back and binds it again; suspended sessions do not", async () => {
  const { repo, sid } = await expiredSession();
  const gc = envelope(await exo(repo, "gc-locks", "--actor", "carol", { env: LATER }));
  expect(gc.data.local).toEqual([expect.objectContaining({ ticket: "T1", action: "released" })]);
  expect(await lockFile(repo, "T1")).toMatchObject({ state: "released", session: null, fencing_token: 1 });
  const beat = envelope(await exo(repo, "lease-heartbeat", "--actor", "agent:a", { env: { ...LATER, EXO_SESSION_ID: sid } }));
  expect(beat.data).toMatchObject({ reacquired: true, lock: { state: "held", session: sid, fencing_token: 2, released_at: null } });
  expect((await decideWrite(repo, sid, LATER)).decision).toBe("allow");

  // A suspended session's released lock stays released.
  envelope(await exo(repo, "session-suspend", "--reason", "break", "--actor", "agent:a", { env: LATER }));
  const after = await exo(repo, "lease-heartbeat", "--ticket-id", "T1", "--actor", "agent:a", { env: LATER });
  expect(envelope(after).error?.code).toBe("LOCK_NOT_FOUND");
  expect((await lockFile(repo, "T1")).state).toBe("released");
});

test("settled by gc-locks: session-start of the working session takes the lock back too", async () => {
  const { repo, sid } = await expiredSession();
  envelope(await exo(repo, "gc-locks", "--actor", "carol", { env: LATER }));
  const start = envelope(await exo(repo, "session-start", "--actor", "agent:a", { env: LATER }));
  expect(start.data).toMatchObject({ reused: true, session: { id: sid, fencing_token: 2 }, lock: { state: "held", session: sid, fencing_token: 2 } });
  expect((await decideWrite(repo, sid, LATER)).decision).toBe("allow");
});

test("someone else's expired lock is not re-taken by heartbeat (LOCK_NOT_FOUND) and stays as it was", async () => {
  const { repo } = await expiredSession();
  const run = await exo(repo, "lease-heartbeat", "--ticket-id", "T1", "--actor", "bob", { env: LATER });
  expect(run.code).toBe(1);
  expect(envelope(run).error?.code).toBe("LOCK_NOT_FOUND");
  expect(await lockFile(repo, "T1")).toMatchObject({ owner: "agent:a", fencing_token: 1 });
});

test("session-start by the owner of its own expired lock re-takes it, so the hook allows writes again", async () => {
  const { repo, sid } = await expiredSession();
  await decideLapsed(repo, sid, LATER);
  const run = await exo(repo, "session-start", "--actor", "agent:a", { env: LATER });
  expect(run.code).toBe(0);
  const start = envelope(run);
  expect(start.data).toMatchObject({ reused: true, session: { id: sid, fencing_token: 2 }, lock: { state: "held", fencing_token: 2, session: sid } });
  expect(start.warnings?.map((w) => w.code)).toContain("LOCK_EXPIRED_DURING_SESSION");
  expect((await sessionFile(repo, sid)).fencing_token).toBe(2);
  expect((await decideWrite(repo, sid, LATER)).decision).toBe("allow");
  expect((await records(repo, "lock.reacquired"))[0]?.data).toMatchObject({ via: "session-start", previous_token: 1, fencing_token: 2 });
});

test("taken over by someone else: heartbeat and renew answer LOCK_LOST naming the new holder; a stranger gets LOCK_OWNER_MISMATCH", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1" }]);
  envelope(await exo(repo, "next", "--owner", "alice", "--actor", "alice", "--ttl-hours", "1", { env: T0 }));
  const bob = envelope(await exo(repo, "next", "--owner", "bob", "--actor", "bob", { env: LATER }));
  expect(bob.data.lock).toMatchObject({ owner: "bob", fencing_token: 2 });
  for (const cmd of ["lease-heartbeat", "lease-renew"]) {
    const run = await exo(repo, cmd, "--ticket-id", "T1", "--actor", "alice", { env: LATER });
    expect(run.code).toBe(1);
    const err = envelope(run).error;
    expect(err?.code).toBe("LOCK_LOST");
    expect(err?.message).toMatch(/taken over by bob/);
    expect(err?.details).toMatchObject({ holder: "bob", fencing_token: 2 });
  }
  expect(await lockFile(repo, "T1")).toMatchObject({ owner: "bob", fencing_token: 2 });
  const stranger = await exo(repo, "lease-renew", "--ticket-id", "T1", "--actor", "carol", { env: LATER });
  expect(envelope(stranger).error?.code).toBe("LOCK_OWNER_MISMATCH");
});

test("a session whose expired lock was taken over (--takeover) gets LOCK_LOST from heartbeat, not a re-take", async () => {
  const { repo } = await expiredSession();
  const bob = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--takeover", "--actor", "bob", { env: LATER }));
  expect(bob.data.lock).toMatchObject({ owner: "bob", fencing_token: 2 });
  const run = await exo(repo, "lease-heartbeat", "--ticket-id", "T1", "--actor", "agent:a", { env: LATER });
  expect(envelope(run).error).toMatchObject({ code: "LOCK_LOST", details: { holder: "bob", session: bob.data.session.id } });
  expect(await lockFile(repo, "T1")).toMatchObject({ owner: "bob", fencing_token: 2, session: bob.data.session.id });
});

test("session-start of a session whose lock another holder has now answers LOCK_LOST, not a reprinted bootstrap", async () => {
  const { repo, sid } = await expiredSession();
  // Another holder's live lock on T1 (as left by a takeover in another worktree of this clone).
  const lock = await lockFile(repo, "T1");
  await writeFile(join(repo, ".exo/locks/T1.json"), `${JSON.stringify({ ...lock, owner: "bob", session: null, fencing_token: 5, expires_at: "2026-11-24T15:00:00.000Z" }, null, 2)}\n`);
  const start = await exo(repo, "session-start", "--actor", "agent:a", { env: LATER });
  expect(start.code).toBe(1);
  expect(envelope(start).error).toMatchObject({ code: "LOCK_LOST", hint: `exo session-cleanup --session-id ${sid} --force --actor agent:a`, details: { holder: "bob", fencing_token: 5 } });
  expect(envelope(start).error?.message).toBe(`Session ${sid} lost the lock on T1: taken over by bob with token 5; your work stays on your branch: close this session and pick another ticket.`);
  expect((await sessionFile(repo, sid)).fencing_token).toBe(1);
});

test("session-start on a ticket with an open blocker refuses with TICKET_BLOCKED naming it, changing nothing; --allow-blocked starts with a warning", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T0" }, { id: "T1", blockers: ["T0", "T9"] }, { id: "T2", blockers: ["T3"] }, { id: "T3", status: "done" }]);
  const refused = await exo(repo, "session-start", "--ticket-id", "T1", "--actor", "agent:a");
  expect(refused.code).toBe(1);
  const err = envelope(refused).error;
  expect(err?.code).toBe("TICKET_BLOCKED");
  expect(err?.message).toMatch(/T0 \(todo\), T9 \(missing\)/);
  expect(err?.hint).toBe("exo session-start --ticket-id T1 --allow-blocked --actor agent:a");
  expect(err?.details).toMatchObject({ ticket: "T1", blockers: [{ id: "T0", status: "todo" }, { id: "T9", status: "missing" }] });
  expect(envelope(await exo(repo, "session-scan")).data.sessions).toEqual([]);
  expect(await readFile(join(repo, ".exo/tickets/T1.yaml"), "utf8")).toMatch(/status: todo/);
  await expect(readFile(join(repo, ".exo/locks/T1.json"), "utf8")).rejects.toThrow();
  // `next` skips it for the same reason.
  const next = envelope(await exo(repo, "next", "--dry-run", "--actor", "agent:a"));
  expect(next.data.reasoning.skipped).toEqual(expect.arrayContaining([{ id: "T1", reason: "blocker_missing" }]));

  const forced = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--allow-blocked", "--actor", "agent:a"));
  expect(forced.ok).toBe(true);
  const advisory = forced.data.advisories.find((a: { kind: string }) => a.kind === "ticket_blocked");
  expect(advisory).toMatchObject({ severity: "warning", details: { blockers: [{ id: "T0", status: "todo" }, { id: "T9", status: "missing" }] } });
  expect(forced.data.bootstrap).toMatch(/blocked by T0 \(todo\)/);

  // A blocker that is done does not block.
  const free = envelope(await exo(repo, "session-start", "--ticket-id", "T2", "--actor", "agent:b"));
  expect(free.ok).toBe(true);
  expect(free.data.advisories.map((a: { kind: string }) => a.kind)).not.toContain("ticket_blocked");
});

test("lease-release --force releases another actor's lock bound to a live session: that session loses it, the ledger says forced", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1", allow: ["src/**"] }]);
  // The test process stands in for the agent: its pid is alive, so the session is live.
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--actor", "agent:a", "--pid", String(process.pid)));
  const sid = start.data.session.id as string;
  const plain = await exo(repo, "lease-release", "--ticket-id", "T1", "--actor", "bob");
  expect(envelope(plain).error?.code).toBe("LOCK_OWNER_MISMATCH");
  const bound = await exo(repo, "lease-release", "--ticket-id", "T1", "--actor", "agent:a:other");
  expect(envelope(bound).error?.code).toBe("LOCK_BOUND");

  const run = await exo(repo, "lease-release", "--ticket-id", "T1", "--force", "--actor", "bob");
  expect(run.code).toBe(0);
  const data = envelope(run).data;
  expect(data.forced).toEqual({ previous_owner: "agent:a", session: sid, session_actor: "agent:a" });
  expect(data.lock).toMatchObject({ state: "released", session: null, fencing_token: 2, released_by: "bob" });
  const [rec] = await records(repo, "lock.released");
  expect(rec).toMatchObject({ actor: "bob", session: sid, data: { forced: true, previous_owner: "agent:a", previous_token: 1, released_by: "bob", session_lost: sid, fencing_token: 2 } });

  // The session has lost its lock, as after a takeover.
  expect((await decideWrite(repo, sid, {})).decision).toBe("deny");
  const scan = envelope(await exo(repo, "session-scan")).data.sessions.find((s: { id: string }) => s.id === sid);
  expect(scan).toMatchObject({ stale: true, stale_reasons: expect.arrayContaining(["lock_lost"]) });
  const beat = await exo(repo, "lease-heartbeat", "--actor", "agent:a", { env: { EXO_SESSION_ID: sid } });
  expect(envelope(beat).error).toMatchObject({ code: "LOCK_LOST", details: { released_by: "bob" } });
  expect(envelope(await exo(repo, "session-start", "--actor", "agent:a")).error).toMatchObject({ code: "LOCK_LOST", details: { released_by: "bob" } });
  const finish = await exo(repo, "session-finish", "--summary", "done", "--session-id", sid, "--actor", "agent:a");
  expect(envelope(finish).error?.code).toBe("LOCK_LOST");
  // Heartbeat, start and finish notice it in different places and say it the same way (stdlib/locks/lost.ts).
  for (const err of [envelope(beat).error, envelope(await exo(repo, "session-start", "--actor", "agent:a")).error, envelope(finish).error]) {
    expect(err?.message).toMatch(/lock on T1(: | was )released by force by bob( at \S+)? \(token 2\); (nothing was written; )?your work stays on your branch: /);
  }
});

test("lease-release --force of another owner's unbound claim: released, previous owner recorded, human output says forced", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1" }]);
  envelope(await exo(repo, "next", "--owner", "alice", "--actor", "alice"));
  const human = await exo(repo, "lease-release", "--ticket-id", "T1", "--force", "--actor", "bob", { json: false });
  expect(human.code).toBe(0);
  expect(human.stdout).toMatch(/forced: taken from alice/);
  expect(await lockFile(repo, "T1")).toMatchObject({ state: "released", owner: "alice", fencing_token: 1, released_by: "bob" });
  expect((await records(repo, "lock.released"))[0]?.data).toMatchObject({ forced: true, previous_owner: "alice", session_lost: null });
  expect(await readFile(join(repo, ".exo/tickets/T1.yaml"), "utf8")).toMatch(/status: todo/);
  // The owner's own release is not "forced".
  envelope(await exo(repo, "next", "--owner", "carol", "--actor", "carol"));
  envelope(await exo(repo, "lease-release", "--ticket-id", "T1", "--force", "--actor", "carol"));
  const last = (await records(repo, "lock.released")).at(-1);
  expect(last?.data["forced"]).toBeUndefined();
});

async function clones(): Promise<{ a: string; b: string; bare: string }> {
  const { bare, clones: [a, b] } = await team([{ id: "T1" }], ["a", "b"]);
  return { a: (a as Clone).dir, b: (b as Clone).dir, bare };
}

test("distributed: the holder re-takes its expired lock when the remote lease is still its own (both tokens + 1); after a remote takeover it is LOCK_LOST", async () => {
  const { a, b, bare } = await clones();
  envelope(await exo(a, "next", "--owner", "alice", "--actor", "alice", "--distributed", "--ttl-hours", "1", { env: T0 }));
  const beat = envelope(await exo(a, "lease-heartbeat", "--ticket-id", "T1", "--actor", "alice", { env: LATER }));
  expect(beat.data).toMatchObject({ reacquired: true, lock: { owner: "alice", fencing_token: 2, distributed: { ref: "refs/exo/leases/T1" } } });
  expect(git(bare, "log", "-1", "--format=%B", "refs/exo/leases/T1")).toMatch(/owner: alice\n[\s\S]*fencing_token: 2\n[\s\S]*expires_at: 2026-11-24T13:00:00.000Z/);
  // The lease is alice's again: the other clone cannot take it.
  expect(envelope(await exo(b, "next", "--owner", "bob", "--actor", "bob", "--distributed", { env: LATER })).error?.code).toBe("LEASE_HELD");

  // Expired again, and this time bob takes it over from the other clone first.
  const later = { EXO_NOW: "2026-11-24T14:00:00.000Z" };
  expect(envelope(await exo(b, "next", "--owner", "bob", "--actor", "bob", "--distributed", { env: later })).data.lock.fencing_token).toBe(3);
  const lost = await exo(a, "lease-heartbeat", "--ticket-id", "T1", "--actor", "alice", { env: later });
  expect(lost.code).toBe(1);
  expect(envelope(lost).error).toMatchObject({ code: "LOCK_LOST", details: { holder: "bob", fencing_token: 3, remote: true } });
  expect(git(bare, "log", "-1", "--format=%B", "refs/exo/leases/T1")).toMatch(/owner: bob/);
});

test("MCP: exo_session_start refuses a blocked ticket with TICKET_BLOCKED and takes allow_blocked", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T0" }, { id: "T1", blockers: ["T0"] }]);
  const client = await mcpClient(repo, { env: { EXO_ACTOR: "agent:mcp:1" } });
  const refused = await client.callTool({ name: "exo_session_start", arguments: { ticket_id: "T1" } });
  expect(refused.isError).toBe(true);
  expect(structured(refused).error?.code).toBe("TICKET_BLOCKED");
  const started = await client.callTool({ name: "exo_session_start", arguments: { ticket_id: "T1", allow_blocked: true } });
  expect(structured(started).ok).toBe(true);
  expect(structured(started).data.advisories.map((a: { kind: string }) => a.kind)).toContain("ticket_blocked");
});

test("a write without a live lock: an expired one the hook takes back first, stop when the lock file is gone", async () => {
  const { repo, sid } = await expiredSession();
  await decideLapsed(repo, sid, LATER);
  await rm(join(repo, ".exo/locks/T1.json"));
  const gone = await decideWrite(repo, sid, T0);
  expect(gone).toMatchObject({ decision: "deny", code: "LOCK_REQUIRED" });
  expect(gone.reason).toMatch(/T1 has no lock file\. Stop and check exo status/);
  // What it says to run says the same: the session lost its lock.
  expect(envelope(await exo(repo, "lease-heartbeat", "--actor", "agent:a", { env: { ...T0, EXO_SESSION_ID: sid } })).error?.code).toBe("LOCK_LOST");
});
