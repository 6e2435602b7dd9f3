import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { envelope, exo, git, initRepo } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";

async function clones(): Promise<{ a: string; b: string; bare: string }> {
  const origin = await initRepo();
  await commitTickets(origin, [{ id: "T1" }], "ticket");
  const base = await realpath(await mkdtemp(join(tmpdir(), "exo-dist-")));
  onTestFinished(() => rm(base, { recursive: true, force: true }));
  const bare = join(base, "remote.git");
  git(base, "clone", "-q", "--bare", origin, bare);
  const a = join(base, "a");
  const b = join(base, "b");
  for (const dir of [a, b]) {
    git(base, "clone", "-q", bare, dir);
    git(dir, "config", "user.name", "T");
    git(dir, "config", "user.email", "t@example.invalid");
  }
  return { a, b, bare };
}

test("distributed leases across two clones: held, expiry takeover with a higher token, release, monotonic tokens", async () => {
  const { a, b, bare } = await clones();
  const t0 = { EXO_NOW: "2026-11-24T09:00:00.000Z" };
  const first = envelope(await exo(a, "next", "--owner", "alice", "--distributed", "--ttl-hours", "1", { env: t0 }));
  expect(first.data.lock).toMatchObject({ owner: "alice", fencing_token: 1, distributed: { remote: "origin", ref: "refs/exo/leases/T1" } });
  expect(git(bare, "for-each-ref", "refs/exo/leases/")).toMatch(/refs\/exo\/leases\/T1/);
  const second = await exo(b, "next", "--owner", "bob", "--distributed", { env: t0 });
  expect(second.code).toBe(1);
  expect(envelope(second).error?.code).toBe("LEASE_HELD");
  expect(envelope(second).error?.details).toMatchObject({ owner: "alice" });
  // Two hours later alice's lease has expired: bob takes it over with a higher token.
  const later = { EXO_NOW: "2026-11-24T11:00:00.000Z" };
  const takeover = envelope(await exo(b, "next", "--owner", "bob", "--distributed", { env: later }));
  expect(takeover.data.lock.fencing_token).toBe(2);
  const log = git(bare, "log", "--format=%B", "refs/exo/leases/T1");
  expect(log).toMatch(/owner: bob\nsession: -\nfencing_token: 2/);
  expect(envelope(await exo(b, "ledger-show", "--type", "lease.taken_over")).data.total).toBe(1);
  // Renew bumps the token on both sides; release writes a released state (the ref stays).
  const renewed = envelope(await exo(b, "lease-renew", "--ticket-id", "T1", "--actor", "bob", { env: later }));
  expect(renewed.data.lock.fencing_token).toBe(3);
  expect(git(bare, "log", "-1", "--format=%B", "refs/exo/leases/T1")).toMatch(/fencing_token: 3/);
  envelope(await exo(b, "lease-release", "--ticket-id", "T1", "--actor", "bob", { env: later }));
  expect(git(bare, "log", "-1", "--format=%B", "refs/exo/leases/T1")).toMatch(/state: released/);
  // Alice claims again: tokens never go back.
  const again = envelope(await exo(a, "next", "--owner", "alice", "--distributed", { env: later }));
  expect(again.data.lock.fencing_token).toBe(4);
});

test("gc-locks --remote settles expired remote holds", async () => {
  const { a, bare } = await clones();
  await exo(a, "next", "--owner", "alice", "--distributed", "--ttl-hours", "1", { env: { EXO_NOW: "2026-11-24T09:00:00.000Z" } });
  const env = envelope(await exo(a, "gc-locks", "--remote", { env: { EXO_NOW: "2026-11-24T12:00:00.000Z" } }));
  expect(env.data.remote).toEqual([expect.objectContaining({ ticket: "T1", action: "released", owner: "alice" })]);
  expect(git(bare, "log", "-1", "--format=%B", "refs/exo/leases/T1")).toMatch(/state: released/);
  git(a, "remote", "set-url", "origin", join(a, "no-such-remote.git"));
  const unreachable = await exo(a, "next", "--distributed", { env: { EXO_NOW: "2026-11-24T12:00:00.000Z" } });
  expect(unreachable.code).toBe(1);
  expect(envelope(unreachable).error?.code).toBe("REMOTE_UNAVAILABLE");
});

test("gc-locks --remote --prune-released deletes released refs of closed tickets", async () => {
  const { a, bare } = await clones();
  const t0 = { EXO_NOW: "2026-11-24T09:00:00.000Z" };
  await exo(a, "next", "--owner", "alice", "--distributed", { env: t0 });
  await exo(a, "lease-release", "--ticket-id", "T1", "--actor", "alice", { env: t0 });
  await exo(a, "ticket-update", "T1", "--status", "cancelled", { env: t0 });
  const keep = envelope(await exo(a, "gc-locks", "--remote", "--prune-released", "30", { env: { EXO_NOW: "2026-11-25T09:00:00.000Z" } }));
  expect(keep.data.remote[0].action).toBe("none");
  const pruned = envelope(await exo(a, "gc-locks", "--remote", "--prune-released", "30", { env: { EXO_NOW: "2027-01-01T09:00:00.000Z" } }));
  expect(pruned.data.remote[0].action).toBe("pruned");
  expect(git(bare, "for-each-ref", "refs/exo/leases/").trim()).toBe("");
});
