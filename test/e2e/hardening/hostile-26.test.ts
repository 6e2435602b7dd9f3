// Round 26 of hostile state and races: the records exo keeps of a lost session's work, clocks that
// ran backwards under a lease, and more (see docs/hardening.md). Each case failed before its fix.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { bounded, coded, envelope, git, tempDir } from "../../helpers/repo.js";
import { leaseState, lostSession, team, type Clone } from "../../helpers/team.js";

for (const [what, plant] of [
  ["a folder at .exo/cache/lost/T1.json", (dir: string) => mkdirSync(join(dir, ".exo/cache/lost/T1.json"), { recursive: true })],
  ["a file at .exo/cache/lost", (dir: string) => writeFileSync(join(dir, ".exo/cache/lost"), "x\n")],
] as const) {
  test(`${what} when doctor --fix keeps a lost session's work: it is set aside and the work kept, so the next session is charged with it (before: the write failed unseen, the work counted as pre-existing and was recorded nowhere)`, async () => {
    const a = await lostSession();
    plant(a.dir);
    const fix = envelope(await a.run("doctor", "--fix"));
    const fixed = JSON.stringify(fix.data.fixed);
    expect(fixed).toContain("released the lock on T1");
    expect(fixed).toContain("where exo keeps a lost session's work) to .exo/cache/quarantine/");
    expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
    const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
    expect(finish.ok, JSON.stringify(finish)).toBe(true);
    expect(finish.data.attribution.charged).toEqual(["work.txt"]);
    expect(finish.data.attribution.excluded_preexisting).toEqual(["notes.txt"]);
  });
}

test("a .exo/cache/lost/T1.json that is a symlink to a file outside the repository: the next session on T1 does not read through it (before: a record out there charged the session with files dirty before it)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  writeFileSync(join(a.dir, "notes.txt"), "mine, before any session\n");
  const outside = join(await tempDir(), "record.json");
  writeFileSync(outside, JSON.stringify({ format: "exo.lost-work/1", ticket: "T1", session: "SES-20261201-000000-AAAAAA", start: {}, touched: ["notes.txt"] }));
  mkdirSync(join(a.dir, ".exo/cache/lost"), { recursive: true });
  symlinkSync(outside, join(a.dir, ".exo/cache/lost/T1.json"));
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
  expect(finish.ok, JSON.stringify(finish)).toBe(true);
  expect(finish.data.attribution.charged).toEqual(["work.txt"]);
  expect(finish.data.attribution.excluded_preexisting).toEqual(["notes.txt"]);
});

test("exo lease-heartbeat after the clock ran backwards by days under a live session (the hook's advice): the lock is renewed in place with the same token and the clock named, not taken back as expired (before: lock.reacquired, token + 1, reacquired: true)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const ahead = { env: { EXO_NOW: "2026-12-10T09:00:00.000Z" } };
  const now = { env: { EXO_NOW: "2026-12-01T09:00:00.000Z" } };
  const start = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice", ahead));
  const token = start.data.session.fencing_token as number;
  expect(JSON.stringify(envelope(await a.run("decide", "--path", "work.txt", "--actor", "alice", now)))).toContain("Renew it with exo lease-heartbeat");
  const beat = envelope(await a.run("lease-heartbeat", "--actor", "alice", now));
  expect(beat.ok, JSON.stringify(beat)).toBe(true);
  expect(beat.data.reacquired).toBe(false);
  expect(beat.data.lock.fencing_token).toBe(token);
  expect(beat.data.previous_fencing_token).toBe(token);
  expect(beat.data.lock.heartbeat_at).toBe("2026-12-01T09:00:00.000Z");
  expect(beat.warnings?.find((w) => w.code === "CLOCK_RAN_BACKWARDS")?.message).toContain("stamped 9 days ahead of this machine's clock");
  const ledger = JSON.stringify(envelope(await a.run("ledger-show", "--ticket-id", "T1", now)).data);
  expect(ledger).not.toContain("lock.reacquired");
  // Writes are allowed again, and the session finishes without a word about a lost or expired lock.
  expect(envelope(await a.run("decide", "--path", "work.txt", "--actor", "alice", now)).data.decision).toBe("allow");
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice", now));
  expect(finish.ok, JSON.stringify(finish)).toBe(true);
  expect(finish.warnings?.map((w) => w.code) ?? []).toEqual([]);
});

test("a live distributed session's garbled lock rebuilt by doctor --fix keeps its remote lease: the next heartbeat extends the lease on the remote, so another clone cannot take the ticket while the session works (before: the rebuilt lock was local only and the remote lease ran out on its own)", async () => {
  const { clones } = await team([{ id: "T1" }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  const A = { EXO_ACTOR: "agent:a" };
  const t = (h: number) => new Date(Date.parse("2026-12-01T09:00:00.000Z") + h * 3_600_000).toISOString();
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", { env: { ...A, EXO_NOW: t(0) } })).ok).toBe(true);
  const nonce = leaseState(a.dir, "T1")?.nonce;
  writeFileSync(join(a.dir, ".exo/locks/T1.json"), "{garbled");
  const fix = envelope(await a.run("doctor", "--fix", { env: { ...A, EXO_NOW: t(0.5) } }));
  expect(JSON.stringify(fix.data.fixed)).toContain("rebuilt the lock of T1 as held by its open session");
  expect(JSON.stringify(fix.data.fixed)).toContain("with its remote lease on origin");
  expect(leaseState(a.dir, "T1")).toMatchObject({ state: "held", owner: "agent:a", nonce });
  expect(envelope(await a.run("lease-heartbeat", { env: { ...A, EXO_NOW: t(1.5) } })).ok).toBe(true);
  // Past the first lease's 2 h: still agent:a's on the remote.
  const taken = envelope(await b.run("session-start", "--ticket-id", "T1", "--distributed", { env: { EXO_ACTOR: "agent:b", EXO_NOW: t(2.5) } }));
  expect(taken.error?.code, JSON.stringify(taken)).toBe("LEASE_HELD");
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = envelope(await a.run("session-finish", "--summary", "done", { env: { ...A, EXO_NOW: t(2.6) } }));
  expect(finish.ok, JSON.stringify(finish)).toBe(true);
  expect(leaseState(a.dir, "T1")).toMatchObject({ state: "released" });
});

test("a detached-HEAD session in a linked worktree that git worktree remove deleted, with the main checkout detached at a later commit: named as a removed worktree, not taken for a moved repository (before: finish said 'the repository is now at <main>' and doctor --fix moved the session into the main checkout, whose writes it then judged)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const tree = `${a.dir}-wt`;
  git(a.dir, "worktree", "add", "-q", "--detach", tree);
  onTestFinished(() => rmSync(tree, { recursive: true, force: true }));
  const run = (cwd: string, ...args: string[]) => bounded(cwd, args, 30_000, { EXO_HOST: a.host });
  const start = envelope(await run(tree, "session-start", "--ticket-id", "T1", "--actor", "alice"));
  expect(start.ok, JSON.stringify(start)).toBe(true);
  const id = start.data.session.id as string;
  writeFileSync(join(a.dir, "later.txt"), "later\n");
  git(a.dir, "add", "later.txt");
  git(a.dir, "commit", "-qm", "later");
  git(a.dir, "checkout", "-q", "--detach");
  git(a.dir, "worktree", "remove", "--force", tree);
  const finish = envelope(await run(a.dir, "session-finish", "--session-id", id, "--summary", "done", "--actor", "alice"));
  expect(finish.error?.code, JSON.stringify(finish)).toBe("STATE_CORRUPT");
  expect(finish.error?.details?.reason).toBe("worktree_gone");
  expect(finish.error?.hint).toMatch(new RegExp(`^exo session-cleanup --session-id ${id} --force`));
  await run(a.dir, "doctor", "--fix", "--section", "sessions");
  const session = JSON.parse(readFileSync(join(a.dir, ".exo/sessions", `${id}.json`), "utf8")) as { worktree: string };
  expect(session.worktree).toBe(tree);
});

test("an EXO_STATE_DIR that is no folder (/dev/null, a file, a path through a file) and an EXO_HOST with a newline: INVALID_INPUT naming the variable, exit 2, nothing written (before: session-start failed INTERNAL ENOTDIR, session-suspend said 'no active session', and a host of two lines went into locks, sessions and lease messages)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const file = join(await tempDir(), "state");
  writeFileSync(file, "x\n");
  for (const [name, value] of [["EXO_STATE_DIR", "/dev/null"], ["EXO_STATE_DIR", file], ["EXO_STATE_DIR", `${file}/below`], ["EXO_HOST", "box\nowner: agent:z"], ["EXO_HOST", "my box"]] as const) {
    for (const args of [["session-start", "--ticket-id", "T1", "--actor", "alice"], ["session-suspend", "--reason", "x", "--actor", "alice"], ["status"]]) {
      const run = await a.run(...args, { env: { [name]: value } });
      const error = coded(run, "INVALID_INPUT", 2).error;
      expect(error?.message).toContain(`${name} is ${JSON.stringify(value)}`);
      expect(error?.hint).toBe(`unset ${name}`);
    }
  }
  expect(existsSync(join(a.dir, ".exo/sessions")) ? readdirSync(join(a.dir, ".exo/sessions")).filter((n) => n.endsWith(".json")) : []).toEqual([]);
  const start = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice", { env: { EXO_HOST: "box-1.lan" } }));
  expect(start.data.session.host).toBe("box-1.lan");
});

test("exo session-cleanup while a working session's lock file is garbled: the session is not taken for stale, and doctor --fix (the hint) leaves it working (before: cleanup began recovering it, failed on the lock with a close-out journal left, and doctor --fix completed that journal: the live session was ended)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const start = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "bob"));
  const id = start.data.session.id as string;
  writeFileSync(join(a.dir, ".exo/locks/T1.json"), "{garbled");
  const scan = envelope(await a.run("session-scan"));
  expect(scan.data.sessions.find((s: { id: string }) => s.id === id)?.stale).toBe(false);
  const cleanup = await a.run("session-cleanup");
  expect(JSON.stringify(envelope(cleanup).data?.recovered ?? [])).not.toContain(id);
  expect(existsSync(join(a.dir, ".exo/cache/closeout", `${id}.json`))).toBe(false);
  const fix = envelope(await a.run("doctor", "--fix"));
  const fixed = JSON.stringify(fix.data.fixed);
  expect(fixed).toContain(`rebuilt the lock of T1 as held by its open session ${id}`);
  expect(fixed).not.toContain("completed the interrupted");
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "bob"));
  expect(finish.ok, JSON.stringify(finish)).toBe(true);
  expect(finish.data.outcome).toBe("finished");
});

test("three exo doctor --fix at once on a zeroed session file and a garbled lock: none fails INTERNAL, and the state is repaired once (before: the ones that lost the race to move a file aside failed INTERNAL, ENOENT on rename)", async () => {
  for (let round = 0; round < 5; round++) {
    const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
    const [a] = clones as [Clone];
    expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
    const second = envelope(await a.run("session-start", "--ticket-id", "T2", "--actor", "bob"));
    const names = readdirSync(join(a.dir, ".exo/sessions")).filter((n) => n.endsWith(".json") && n !== `${second.data.session.id}.json`);
    writeFileSync(join(a.dir, ".exo/sessions", names[0] as string), Buffer.alloc(100));
    writeFileSync(join(a.dir, ".exo/locks/T2.json"), "{garbled");
    const runs = await Promise.all([a.run("doctor", "--fix"), a.run("doctor", "--fix"), a.run("doctor", "--fix")]);
    // (A doctor that checked another's half-done repair may still fail a section: not INTERNAL.)
    for (const r of runs) expect(envelope(r).error?.code, r.stdout).not.toBe("INTERNAL");
    const after = envelope(await a.run("doctor", "--section", "state"));
    expect(after.data.sections[0].status, JSON.stringify(after.data)).toBe("pass");
    expect(envelope(await a.run("ledger-verify")).data.valid).toBe(true);
  }
}, 300_000);
