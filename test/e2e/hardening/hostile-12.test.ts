// Round 12: lock files that vanish, forged state in .exo/, racing processes and odd input.
import { execFileSync } from "node:child_process";
import { lstat, readdir, readFile, readlink, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";

const A = { env: { EXO_ACTOR: "agent:a" } };
const B = { env: { EXO_ACTOR: "agent:b" } };

const lockOf = async (repo: string, ticket: string) => JSON.parse(await readFile(join(repo, `.exo/locks/${ticket}.json`), "utf8")) as { fencing_token: number; state: string; owner: string };

test("a deleted lock file never resets the fencing token: the next claim is above every token the ledger and sessions name", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }, { id: "T2" }]);
  // T1: a live session whose lock file is deleted under it (a hand, a bad merge, a pull).
  const a = envelope(await exo(repo, "session-start", "--ticket-id", "T1", A));
  expect(a.ok).toBe(true);
  for (let i = 0; i < 2; i++) expect((await exo(repo, "lease-renew", "--ticket-id", "T1", A)).code).toBe(0);
  expect((await lockOf(repo, "T1")).fencing_token).toBe(3);
  await rm(join(repo, ".exo/locks/T1.json"));
  const b = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--takeover", B));
  expect(b.ok, JSON.stringify(b.error)).toBe(true);
  expect(b.data.session.fencing_token).toBe(4);
  expect((await lockOf(repo, "T1")).fencing_token).toBe(4);
  // The takeover closed the old session; its token (3) is below the new one, so a write fenced by it is refused.
  expect(a.data.session.fencing_token).toBeLessThan(b.data.session.fencing_token);
  // T2: finished (session gone, lock released), then the lock file is deleted: the ledger alone
  // keeps the counter.
  expect((await exo(repo, "session-finish", "--summary", "x", B)).code).toBe(0);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T2", B)).ok).toBe(true);
  expect((await exo(repo, "lease-renew", "--ticket-id", "T2", B)).code).toBe(0);
  expect((await exo(repo, "session-finish", "--summary", "x", B)).code).toBe(0);
  expect(await lockOf(repo, "T2")).toMatchObject({ state: "released", fencing_token: 2 });
  await rm(join(repo, ".exo/locks/T2.json"));
  const c = envelope(await exo(repo, "session-start", "--ticket-id", "T2", A));
  expect(c.ok, JSON.stringify(c.error)).toBe(true);
  expect(c.data.session.fencing_token).toBe(3);
});

test("session-handoff with its lock file gone or force-released answers LOCK_LOST like session-finish, and writes nothing", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }]);
  // Released by force by another actor: handoff would have paused a ticket the session lost.
  const first = envelope(await exo(repo, "session-start", "--ticket-id", "T1", A));
  expect((await exo(repo, "lease-release", "--ticket-id", "T1", "--force", B)).code).toBe(0);
  const forced = coded(await exo(repo, "session-handoff", "--to", "any", "--summary", "x", A), "LOCK_LOST");
  expect(forced.error?.message).toMatch(/released by force by agent:b/);
  await expect(readFile(join(repo, ".exo/handoffs/T1.json"), "utf8")).rejects.toThrow();
  expect((await exo(repo, "session-cleanup", "--session-id", first.data.session.id, "--force", A)).code).toBe(0);
  // The lock file deleted under a live session: the same error, message and hint as finish.
  const a = envelope(await exo(repo, "session-start", "--ticket-id", "T1", A));
  expect(a.ok, JSON.stringify(a.error)).toBe(true);
  await rm(join(repo, ".exo/locks/T1.json"));
  const finish = coded(await exo(repo, "session-finish", "--summary", "x", A), "LOCK_LOST");
  const handoff = coded(await exo(repo, "session-handoff", "--to", "any", "--summary", "x", A), "LOCK_LOST");
  expect(handoff.error?.message).toBe(finish.error?.message);
  expect(handoff.error?.hint).toBe(`exo session-cleanup --session-id ${a.data.session.id} --force`);
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.status).toBe("active");
  await expect(readFile(join(repo, ".exo/handoffs/T1.json"), "utf8")).rejects.toThrow();
  // The hint works: cleanup ends the orphan session, and the ticket can be claimed again.
  expect((await exo(repo, "session-cleanup", "--session-id", a.data.session.id, "--force", A)).code).toBe(0);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", B)).ok).toBe(true);
});

test("a forged lock token at 2^53 - 1 is STATE_CORRUPT (its + 1 would be written as a corrupt lock); doctor --fix rebuilds it from the ledger", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", A)).ok).toBe(true);
  expect((await exo(repo, "session-finish", "--summary", "x", A)).code).toBe(0);
  const file = join(repo, ".exo/locks/T1.json");
  const lock = JSON.parse(await readFile(file, "utf8"));
  await writeFile(file, JSON.stringify({ ...lock, fencing_token: Number.MAX_SAFE_INTEGER }));
  const start = coded(await exo(repo, "session-start", "--ticket-id", "T1", B), "STATE_CORRUPT");
  expect(start.error?.message).toMatch(/above 2\^52.*exo doctor --fix/);
  const fixed = envelope(await exo(repo, "doctor", "--fix"));
  expect(JSON.stringify(fixed.data.fixed)).toMatch(/rebuilt the lock of T1 as released \(fencing token 1/);
  const again = envelope(await exo(repo, "session-start", "--ticket-id", "T1", B));
  expect(again.ok, JSON.stringify(again.error)).toBe(true);
  expect(again.data.session.fencing_token).toBe(2);
});

test("a pulled ledger segment naming absurd tokens for a ticket (2^48, 1e300, strings) cannot push its next token near the unsafe range; a plausible one is honoured", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }, { id: "T2" }]);
  const line = (ticket: string, token: unknown, seq: number) => JSON.stringify({ actor: "agent:evil", data: { fencing_token: token, owner: "agent:evil" }, hash: "0".repeat(64), prev: null, seq, ticket, ts: "2026-11-24T09:00:00.000Z", type: "lock.acquired", v: 1, writer: "evil.main.abcdefgh" });
  await writeFile(join(repo, ".exo/ledger/evil.main.abcdefgh.jsonl"), `${[line("T1", 2 ** 48, 1), line("T1", 1e300, 2), line("T1", "99", 3), line("T2", 41, 4)].join("\n")}\n`);
  const t1 = envelope(await exo(repo, "session-start", "--ticket-id", "T1", A));
  expect(t1.ok, JSON.stringify(t1.error)).toBe(true);
  expect(t1.data.session.fencing_token).toBe(1);
  const t2 = envelope(await exo(repo, "session-start", "--ticket-id", "T2", B));
  expect(t2.data.session.fencing_token).toBe(42);
  // Renewals go on from there, and the locks stay readable.
  expect(envelope(await exo(repo, "lease-renew", "--ticket-id", "T2", B)).data.lock.fencing_token).toBe(43);
  expect(envelope(await exo(repo, "status")).ok).toBe(true);
});

test("a pulled .exo/mementos/<ID> that is a symlink outside (or a file): start and finish refuse with STATE_CORRUPT, nothing is written there; removing it lets the session finish", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }, { id: "T2" }]);
  const outside = await tempDir();
  await symlink(outside, join(repo, ".exo/mementos/T1"));
  await writeFile(join(repo, ".exo/mementos/T2"), "not a folder\n");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "hostile pull");
  const start = coded(await exo(repo, "session-start", "--ticket-id", "T1", A), "STATE_CORRUPT");
  expect(start.error?.message).toMatch(/^\.exo\/mementos\/T1 is a symlink to .*, not a folder inside the repository/);
  expect(coded(await exo(repo, "session-start", "--ticket-id", "T2", B), "STATE_CORRUPT").error?.message).toMatch(/mementos\/T2 is not a folder/);
  // A session that started before the pull: finish and handoff refuse before any close-out step.
  await rm(join(repo, ".exo/mementos/T1"));
  const a = envelope(await exo(repo, "session-start", "--ticket-id", "T1", A));
  expect(a.ok, JSON.stringify(a.error)).toBe(true);
  await symlink(outside, join(repo, ".exo/mementos/T1"));
  coded(await exo(repo, "session-finish", "--summary", "x", A), "STATE_CORRUPT");
  coded(await exo(repo, "session-handoff", "--to", "any", "--summary", "x", A), "STATE_CORRUPT");
  expect(await readdir(outside)).toEqual([]);
  // doctor's state section names the link (it passed before hostile round 33).
  const state = envelope(await exo(repo, "doctor", "--section", "state")).data.sections[0];
  expect(state.status).toBe("fail");
  expect(state.details.memento_folders).toEqual([".exo/mementos/T1", ".exo/mementos/T2"]);
  await rm(join(repo, ".exo/mementos/T1"));
  expect(envelope(await exo(repo, "session-finish", "--summary", "x", A)).ok).toBe(true);
  expect(await readdir(join(repo, ".exo/mementos/T1"))).toEqual([`${a.data.session.id}.md`]);
});

test("a session file with a string token, an actor with a newline or a relative worktree is unreadable (SESSION_UNREADABLE, doctor moves it aside), never a false LOCK_LOST or git run elsewhere", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }]);
  const a = envelope(await exo(repo, "session-start", "--ticket-id", "T1", A));
  const file = join(repo, `.exo/sessions/${a.data.session.id}.json`);
  const good = await readFile(file, "utf8");
  for (const bad of [{ fencing_token: "1" }, { actor: "agent:a\nINJECT" }, { worktree: "../elsewhere" }]) {
    await writeFile(file, JSON.stringify({ ...JSON.parse(good), ...bad }));
    const scan = envelope(await exo(repo, "session-scan", A));
    expect(scan.warnings?.map((w) => w.code), JSON.stringify(bad)).toContain("SESSION_UNREADABLE");
    expect(JSON.stringify(scan.data)).not.toContain("INJECT");
    const finish = coded(await exo(repo, "session-finish", "--summary", "x", A), "NO_ACTIVE_SESSION");
    expect(finish.error?.message).not.toMatch(/lost the lock/);
  }
  const doctor = envelope(await exo(repo, "doctor", "--fix"));
  expect(JSON.stringify(doctor.data.fixed)).toMatch(new RegExp(`moved \\.exo/sessions/${a.data.session.id}\\.json`));
  // Its lock was freed in the same run: the ticket can be started again.
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", B)).ok).toBe(true);
});

test("session-suspend of a session whose lock was force-released or deleted answers LOCK_LOST like finish: no pause, and no resume that takes the lock back", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }]);
  const a = envelope(await exo(repo, "session-start", "--ticket-id", "T1", A));
  expect((await exo(repo, "lease-release", "--ticket-id", "T1", "--force", B)).code).toBe(0);
  const suspend = coded(await exo(repo, "session-suspend", "--reason", "lunch", A), "LOCK_LOST");
  expect(suspend.error?.message).toMatch(/released by force by agent:b/);
  expect(suspend.error?.hint).toBe(`exo session-cleanup --session-id ${a.data.session.id} --force`);
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.status).toBe("active");
  expect(await lockOf(repo, "T1")).toMatchObject({ state: "released", fencing_token: 2 });
  expect((await exo(repo, "session-cleanup", "--session-id", a.data.session.id, "--force", A)).code).toBe(0);
  // A lock file deleted under the session: the same.
  const again = envelope(await exo(repo, "session-start", "--ticket-id", "T1", A));
  expect(again.data.session.fencing_token).toBe(3);
  await rm(join(repo, ".exo/locks/T1.json"));
  expect(coded(await exo(repo, "session-suspend", "--reason", "lunch", A), "LOCK_LOST").error?.message).toMatch(/lock file is gone/);
});

test("a forged fencing high-water mark (1e23) or a released lease at 2^48 on the remote: claims stay readable, so a second clone still gets LEASE_HELD", async () => {
  const origin = await initRepo();
  await commitTickets(origin, [{ id: "T1" }, { id: "T2" }]);
  const base = await tempDir();
  const bare = join(base, "remote.git");
  git(base, "clone", "-q", "--bare", origin, bare);
  const forge = (ref: string, message: string) => {
    const sha = execFileSync("git", ["commit-tree", "4b825dc642cb6eb9a060e54bf8d69288fbee4904"], { cwd: bare, input: message, encoding: "utf8" }).trim();
    git(bare, "update-ref", ref, sha);
  };
  forge("refs/exo/fencing/high-water", "exo-fencing/1\n\nhigh_water: 99999999999999999999999\npruned: \n");
  forge("refs/exo/leases/T2", `exo-lease/1\n\nticket: T2\nstate: released\nowner: agent:evil\nsession: -\nfencing_token: ${2 ** 48}\nacquired_at: 2026-11-24T09:00:00.000Z\nheartbeat_at: 2026-11-24T09:00:00.000Z\nexpires_at: 2026-11-24T10:00:00.000Z\nhost: evil\nnonce: x\n`);
  const a = join(base, "a");
  const b = join(base, "b");
  git(base, "clone", "-q", bare, a);
  git(base, "clone", "-q", bare, b);
  const now = { EXO_NOW: "2026-11-24T11:00:00.000Z" };
  for (const t of ["T1", "T2"]) {
    const run = envelope(await exo(a, "session-start", "--ticket-id", t, "--distributed", { env: { ...now, EXO_ACTOR: `agent:o${t}` } }));
    expect(run.ok, `${t}: ${JSON.stringify(run.error)}`).toBe(true);
    expect(run.data.session.fencing_token, t).toBe(1);
    const other = envelope(await exo(b, "session-start", "--ticket-id", t, "--distributed", { env: { ...now, EXO_ACTOR: "agent:bob" } }));
    expect(other.error?.code, t).toBe("LEASE_HELD");
    expect(other.error?.details).toMatchObject({ owner: `agent:o${t}` });
  }
});

test("exo next and session-start racing from separate processes for the only ticket: one lock, at most one session bound to it, coded losers, a valid ledger", { timeout: 180_000 }, async () => {
  const repo = await initRepo();
  await commitTickets(repo, Array.from({ length: 6 }, (_, i) => ({ id: `R${i + 1}`, blockers: i === 0 ? [] : [`R${i}`] })));
  for (let round = 1; round <= 6; round++) {
    const ticket = `R${round}`;
    const runs = await Promise.all([
      exo(repo, "session-start", "--ticket-id", ticket, { env: { EXO_ACTOR: `agent:s${round}` } }),
      exo(repo, "next", "--owner", `agent:n${round}`, { env: { EXO_ACTOR: `agent:n${round}` } }),
      exo(repo, "session-start", "--ticket-id", ticket, { env: { EXO_ACTOR: `agent:t${round}` } }),
    ]);
    for (const run of runs) {
      const env = envelope(run);
      expect([0, 1], run.stdout).toContain(run.code);
      if (!env.ok) expect(["TICKET_IN_USE", "LOCK_HELD", "NO_TICKET", "STALE_SESSION_PRESENT"], run.stdout).toContain(env.error?.code);
    }
    const lock = await lockOf(repo, ticket);
    expect(lock.state).toBe("held");
    const sessions = (await readdir(join(repo, ".exo/sessions"))).filter((n) => n.endsWith(".json"));
    const active = [];
    for (const n of sessions) {
      const s = JSON.parse(await readFile(join(repo, ".exo/sessions", n), "utf8"));
      if (s.status === "active" && s.ticket === ticket) active.push(s);
    }
    expect(active.length, `round ${round}`).toBeLessThanOrEqual(1);
    if (active[0]) expect((lock as unknown as { session: string }).session).toBe(active[0].id);
    // Clear the round: finish the session (or release the claim) and close the ticket.
    if (active[0]) expect((await exo(repo, "session-finish", "--summary", "x", "--set-status", "done", { env: { EXO_ACTOR: active[0].actor } })).code).toBe(0);
    else expect((await exo(repo, "ticket-close", ticket, "--reason", "round over", { env: { EXO_ACTOR: "human:t" } })).code).toBe(0);
  }
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(true);
  expect(envelope(await exo(repo, "doctor", "--section", "state")).data.sections[0].status).toBe("pass");
});

test("an oversized lock file (65 MiB) and a FIFO under a lock's name: coded IO_ERROR at once; doctor says which, --fix moves them aside and keeps the token", { timeout: 60_000 }, async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }, { id: "T2" }]);
  for (const t of ["T1", "T2"]) {
    expect(envelope(await exo(repo, "session-start", "--ticket-id", t, A)).ok).toBe(true);
    expect((await exo(repo, "session-finish", "--summary", "x", A)).code).toBe(0);
  }
  await truncate(join(repo, ".exo/locks/T1.json"), 65 * 1024 * 1024);
  await rm(join(repo, ".exo/locks/T2.json"));
  execFileSync("mkfifo", [join(repo, ".exo/locks/T2.json")]);
  const started = Date.now();
  const big = coded(await exo(repo, "session-start", "--ticket-id", "T1", B), "IO_ERROR");
  expect(big.error?.message).toMatch(/more than exo reads/);
  expect(coded(await exo(repo, "session-start", "--ticket-id", "T2", B), "IO_ERROR").error?.message).toMatch(/not a regular file/);
  expect(Date.now() - started).toBeLessThan(15_000);
  const doctor = envelope(await exo(repo, "doctor", "--section", "state"));
  expect(doctor.data.sections[0].message).toMatch(/T1\.json \(larger than exo reads \(68157440 bytes\)\)/);
  expect(doctor.data.sections[0].message).toMatch(/T2\.json \(not a regular file\)/);
  expect(envelope(await exo(repo, "doctor", "--fix")).ok).toBe(true);
  for (const t of ["T1", "T2"]) {
    const again = envelope(await exo(repo, "session-start", "--ticket-id", t, B));
    expect(again.ok, JSON.stringify(again.error)).toBe(true);
    expect(again.data.session.fencing_token).toBe(2);
    expect((await exo(repo, "session-finish", "--summary", "x", B)).code).toBe(0);
  }
});

test("lease-heartbeat and lease-renew of a session whose lock file is gone answer LOCK_LOST with the cleanup hint (as finish), not 'claim it'; without a session it stays LOCK_NOT_FOUND", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }, { id: "T2" }]);
  const a = envelope(await exo(repo, "session-start", "--ticket-id", "T1", A));
  await rm(join(repo, ".exo/locks/T1.json"));
  for (const cmd of ["lease-heartbeat", "lease-renew"]) {
    const run = coded(await exo(repo, cmd, "--ticket-id", "T1", A), "LOCK_LOST");
    expect(run.error?.message).toMatch(/its lock file is gone/);
    expect(run.error?.hint).toBe(`exo session-cleanup --session-id ${a.data.session.id} --force`);
  }
  // A claim without a session (exo next) whose file is gone: nothing of the actor's to lose.
  expect(envelope(await exo(repo, "next", "--owner", "agent:b", B)).data.ticket.id).toBe("T2");
  await rm(join(repo, ".exo/locks/T2.json"));
  expect(coded(await exo(repo, "lease-heartbeat", "--ticket-id", "T2", B), "LOCK_NOT_FOUND").error?.hint).toBe("exo session-start --ticket-id T2");
});

test("a lock handed over with --keep-lock runs a whole ttl from the handoff, not what was left of the sender's", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }]);
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", A));
  expect(started.ok).toBe(true);
  const before = JSON.parse(await readFile(join(repo, ".exo/locks/T1.json"), "utf8")) as { expires_at: string; ttl_seconds: number };
  // Ten minutes before the sender's lock runs out.
  const at = new Date(Date.parse(before.expires_at) - 600_000);
  const handed = await exo(repo, "session-handoff", "--to", "agent:b", "--summary", "yours", "--keep-lock", { env: { EXO_ACTOR: "agent:a", EXO_NOW: at.toISOString() } });
  expect(envelope(handed).ok, handed.stdout).toBe(true);
  const after = JSON.parse(await readFile(join(repo, ".exo/locks/T1.json"), "utf8")) as { owner: string; expires_at: string };
  expect(after.owner).toBe("agent:b");
  expect(Date.parse(after.expires_at)).toBe(at.getTime() + before.ttl_seconds * 1000);
});

test("a ticket file that is a symlink (to a ticket-shaped file outside) is never read, listed or rewritten", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }]);
  const outside = join(await tempDir(), "secret.yaml");
  await writeFile(outside, (await readFile(join(repo, ".exo/tickets/T1.yaml"), "utf8")).replaceAll("T1", "T9"));
  await symlink(outside, join(repo, ".exo/tickets/T9.yaml"));
  const shown = await exo(repo, "ticket-show", "T9");
  expect(envelope(shown).error?.code).toBe("TICKET_INVALID");
  expect(envelope(shown).error?.message).toMatch(/is not a regular file but a symlink/);
  expect(envelope(await exo(repo, "ticket-update", "T9", "--priority", "1")).error?.code).toBe("TICKET_INVALID");
  const listed = envelope(await exo(repo, "tickets"));
  expect(listed.data.tickets.map((t: { id: string }) => t.id)).toEqual(["T1"]);
  // Still the link, pointing where it did: nothing was written through or over it.
  expect((await lstat(join(repo, ".exo/tickets/T9.yaml"))).isSymbolicLink()).toBe(true);
  expect(await readlink(join(repo, ".exo/tickets/T9.yaml"))).toBe(outside);
});
