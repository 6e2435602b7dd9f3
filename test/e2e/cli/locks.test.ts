import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";
import { writeTickets } from "../../helpers/tickets.js";

async function lockFile(repo: string, id: string) {
  return JSON.parse(await readFile(join(repo, ".exo/locks", `${id}.json`), "utf8"));
}

test("locks: other owner → LOCK_HELD; renew bumps the token; heartbeat keeps it; release then claim gives token + 1", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1" }]);
  const claim = envelope(await exo(repo, "next", "--owner", "alice", "--actor", "alice"));
  expect(claim.data.lock.fencing_token).toBe(1);
  const renew = envelope(await exo(repo, "lease-renew", "--ticket-id", "T1", "--actor", "alice"));
  expect(renew.data).toMatchObject({ previous_fencing_token: 1, lock: { fencing_token: 2 }, ticket_status: "active" });
  const beat = envelope(await exo(repo, "lease-heartbeat", "--actor", "alice"));
  expect(beat.data.lock.fencing_token).toBe(2);
  const stranger = await exo(repo, "lease-renew", "--ticket-id", "T1", "--actor", "bob");
  expect(envelope(stranger).error?.code).toBe("LOCK_OWNER_MISMATCH");
  const released = envelope(await exo(repo, "lease-release", "--actor", "alice"));
  expect(released.data).toMatchObject({ lock: { state: "released", session: null }, ticket_status: "todo" });
  const again = envelope(await exo(repo, "next", "--owner", "bob"));
  expect(again.data.lock.fencing_token).toBe(3);
  const held = await exo(repo, "lease-release", "--ticket-id", "T1", "--actor", "carol");
  expect(envelope(held).error?.code).toBe("LOCK_OWNER_MISMATCH");
  const missing = await exo(repo, "lease-release", "--ticket-id", "T1", "--actor", "bob", "--ignore-missing");
  expect(missing.code).toBe(0);
});

test("an expired lease is taken over with a higher token; the old holder's renew is refused; the file is never deleted", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1" }]);
  envelope(await exo(repo, "next", "--owner", "alice", "--ttl-hours", "1", { env: { EXO_NOW: "2026-11-24T09:00:00.000Z" } }));
  // Two hours later the lease has expired: anyone may claim it.
  const later = { EXO_NOW: "2026-11-24T11:00:00.000Z" };
  const gc = envelope(await exo(repo, "gc-locks", "--dry-run", { env: later }));
  expect(gc.data.local).toEqual([expect.objectContaining({ ticket: "T1", action: "released", state: "held" })]);
  expect(gc.data.tickets_reset).toEqual(["T1"]);
  const takeover = envelope(await exo(repo, "next", "--owner", "bob", { env: later }));
  expect(takeover.data.ticket.id).toBe("T1");
  expect(takeover.data.lock).toMatchObject({ owner: "bob", fencing_token: 2 });
  const stale = await exo(repo, "lease-renew", "--ticket-id", "T1", "--actor", "alice", { env: later });
  expect(stale.code).toBe(1);
  // alice held it before: she learns who took it (issue #19), not just "not yours".
  expect(envelope(stale).error).toMatchObject({ code: "LOCK_LOST", details: { holder: "bob", fencing_token: 2 } });
  const ledger = envelope(await exo(repo, "ledger-show", "--ticket-id", "T1", "--all"));
  const types = ledger.data.records.map((r: { type: string }) => r.type);
  expect(types).toEqual(expect.arrayContaining(["lock.acquired", "dispatch.claimed", "ticket.status_changed", "lock.taken_over"]));
  const taken = ledger.data.records.find((r: { type: string }) => r.type === "lock.taken_over");
  expect(taken.data).toMatchObject({ owner: "bob", previous_owner: "alice", previous_token: 1, fencing_token: 2 });
  expect((await lockFile(repo, "T1")).owner).toBe("bob");
});

test("gc-locks settles expired locks and returns expired claims to todo", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1" }, { id: "T2" }]);
  await exo(repo, "next", "--owner", "alice", "--ttl-hours", "1", { env: { EXO_NOW: "2026-11-24T09:00:00.000Z" } });
  await exo(repo, "next", "--owner", "bob", "--ttl-hours", "5", { env: { EXO_NOW: "2026-11-24T09:00:00.000Z" } });
  const env = envelope(await exo(repo, "gc-locks", { env: { EXO_NOW: "2026-11-24T11:00:00.000Z" } }));
  expect(env.data.local.map((l: { ticket: string; action: string }) => `${l.ticket}:${l.action}`)).toEqual(["T1:released", "T2:kept"]);
  expect(env.data.tickets_reset).toEqual(["T1"]);
  expect((await lockFile(repo, "T1")).state).toBe("released");
  expect(await readFile(join(repo, ".exo/tickets/T1.yaml"), "utf8")).toMatch(/status: todo/);
});

test("a corrupt lock file is STATE_CORRUPT, not a crash", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1" }]);
  await exo(repo, "next");
  await writeFile(join(repo, ".exo/locks/T1.json"), "{not json");
  const run = await exo(repo, "lease-renew", "--ticket-id", "T1");
  expect(envelope(run).error?.code).toBe("STATE_CORRUPT");
  expect(run.stderr).toBe("");
});
