// Regressions of issue #12: three clones of one remote, one per "machine" (EXO_HOST).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, git } from "../../helpers/repo.js";
import { at, team } from "../../helpers/team.js";

const T0 = "2026-11-24T09:00:00.000Z";
const T2H = "2026-11-24T11:00:00.000Z";
const TICKETS = [1, 2, 3, 4].map((n) => ({ id: `T${n}`, priority: n <= 2 ? 1 : 3, allow: ["src/**"] }));

test("1. identity: the default actor is human:<git email>, and one name on two machines is two owners", async () => {
  const { clones } = await team(TICKETS, ["host-a", "host-b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  const first = envelope(await a.run("next", "--distributed", "--ttl-hours", "1", at(T0)));
  expect(first.data.lock).toMatchObject({ owner: "human:dev@example.invalid", host: "host-a", fencing_token: 1 });
  // Same person, same email, another machine: a different owner, so a different ticket.
  const second = envelope(await b.run("next", "--distributed", at(T0)));
  expect(second.ok).toBe(true);
  expect(second.data.ticket.id).not.toBe(first.data.ticket.id);
  expect(second.data.reasoning.skipped).toContainEqual({ id: first.data.ticket.id, reason: "leased_remote" });
  // The out-of-date holder's heartbeat fails once another machine took the ticket over.
  const takeover = envelope(await b.run("session-start", "--ticket-id", first.data.ticket.id, "--distributed", at(T2H)));
  expect(takeover.ok).toBe(true);
  const hb = envelope(await a.run("lease-heartbeat", "--ticket-id", first.data.ticket.id, at(T2H)));
  expect(hb.error?.code).toBe("LOCK_LOST");
  expect(hb.error?.details).toMatchObject({ holder: "human:dev@example.invalid", host: "host-b" });
});

test("2. starvation: a clone that knows nothing skips tickets leased elsewhere and claims a free one", async () => {
  const { clones } = await team(TICKETS, ["host-a", "host-b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  envelope(await a.run("next", "--distributed", "--owner", "agent:x", at(T0)));
  envelope(await a.run("next", "--distributed", "--owner", "agent:y", at(T0)));
  const got = envelope(await b.run("next", "--distributed", "--owner", "agent:x", at(T0)));
  expect(got.ok).toBe(true);
  expect(["T3", "T4"]).toContain(got.data.ticket.id);
  expect(got.data.reasoning.remote).toMatchObject({ name: "origin", leases: 2, held_elsewhere: 2 });
});

test("3. session-start --dispatch --distributed takes the remote lease without config", async () => {
  const { clones, bare } = await team(TICKETS, ["host-a", "host-b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  const sa = envelope(await a.run("session-start", "--dispatch", "--distributed", "--actor", "agent:one", at(T0)));
  expect(sa.data.lock.distributed).toMatchObject({ remote: "origin" });
  const sb = envelope(await b.run("session-start", "--dispatch", "--distributed", "--actor", "agent:two", at(T0)));
  expect(sb.data.ticket.id).not.toBe(sa.data.ticket.id);
  expect(git(bare, "for-each-ref", "--format=%(refname)", "refs/exo/leases/").trim().split("\n").sort()).toEqual([`refs/exo/leases/${sa.data.ticket.id}`, `refs/exo/leases/${sb.data.ticket.id}`].sort());
});

test("4. finish after takeover: LOCK_LOST names the new holder, the memento is written; renew says taken over; the new holder gets a remote contention advisory", async () => {
  const { clones } = await team([{ id: "T1" }], ["host-a", "host-b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  const sa = envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", "--ttl-hours", "1", "--actor", "agent:a", at(T0)));
  expect(sa.data.lock.fencing_token).toBe(1);
  const sb = envelope(await b.run("session-start", "--ticket-id", "T1", "--distributed", "--actor", "agent:b", at(T2H)));
  expect(sb.data.lock.fencing_token).toBe(2);
  expect(sb.data.advisories).toContainEqual(expect.objectContaining({ kind: "ticket_contention", details: expect.objectContaining({ remote: true, previous_owner: "agent:a", host: "host-a" }) }));
  const renew = envelope(await a.run("lease-renew", "--ticket-id", "T1", "--actor", "agent:a", at(T2H)));
  expect(renew.error?.code).toBe("LOCK_LOST");
  expect(renew.error?.message).toMatch(/taken over by agent:b on host-b/);
  const fin = envelope(await a.run("session-finish", "--summary", "did half", "--actor", "agent:a", at(T2H)));
  expect(fin.ok).toBe(false);
  expect(fin.error?.code).toBe("LOCK_LOST");
  expect(fin.error?.details).toMatchObject({ holder: "agent:b", host: "host-b", fencing_token: 2 });
  expect(existsSync(join(a.dir, fin.error?.details.memento_path))).toBe(true);
  // The old holder's session ended; the new holder still finishes normally.
  const fb = envelope(await b.run("session-finish", "--summary", "done", "--actor", "agent:b", at(T2H)));
  expect(fb.ok).toBe(true);
});

test("5. fencing tokens never repeat after gc-locks --remote --prune-released 0", async () => {
  const { clones, bare } = await team([{ id: "T1" }], ["host-a", "host-b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  envelope(await a.run("next", "--distributed", "--owner", "agent:a", at(T0)));
  envelope(await a.run("lease-release", "--ticket-id", "T1", "--actor", "agent:a", at(T0)));
  envelope(await a.run("ticket-update", "T1", "--status", "cancelled", "--reason", "dup", at(T0)));
  const gc = envelope(await a.run("gc-locks", "--remote", "--prune-released", "0", at(T0)));
  expect(gc.data.remote[0]).toMatchObject({ ticket: "T1", action: "pruned" });
  expect(git(bare, "for-each-ref", "--format=%(refname)", "refs/exo/").trim()).toBe("refs/exo/fencing/high-water");
  // Another clone knows nothing locally: the high-water mark on the remote keeps tokens rising.
  const again = envelope(await b.run("next", "--distributed", "--owner", "agent:b", at(T0)));
  expect(again.data.ticket.id).toBe("T1");
  expect(again.data.lock.fencing_token).toBe(2);
});
