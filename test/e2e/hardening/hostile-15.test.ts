// Round 15: teams, racing agents and hostile state — a distributed claim killed between its push
// and its local lock, symlinks inside .exo/cache, ticket files that are not UTF-8, and more.
import { existsSync, lstatSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { claudeSessionRepo, decision, fixture, hook } from "../../helpers/hooks.js";
import { coded, envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";
import { leaseState, locksSection, team, type Clone } from "../../helpers/team.js";

const BOX = { env: { EXO_HOST: "box", EXO_ACTOR: "agent:a" } };
const crashAt = (step: string) => ({ env: { ...BOX.env, EXO_TEST_CRASH_AT: step } });

test("a distributed claim killed between its push and its local lock: doctor names the lease this clone pushed, --fix releases it, and another clone's live lease on the same host (same owner) is never touched", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }, { id: "T3" }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  // Clone a, on the same machine name as b and as the same owner, holds T1 for real.
  const held = envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", BOX));
  expect(held.ok).toBe(true);
  // Clone b: `next` killed right after pushing its lease. T1 is skipped: a's lease, though a's
  // owner and host are b's too (before, b re-claimed it as its own and a's session lost it).
  const killed = await b.run("next", "--owner", "agent:a", "--distributed", crashAt("lease-claim:1"));
  expect(killed.stderr).toMatch(/EXO_TEST_CRASH_AT reached lease-claim:1 \(pushed\)/);
  expect(existsSync(join(b.dir, ".exo/locks/T2.json"))).toBe(false);
  expect(leaseState(b.dir, "T2")).toMatchObject({ state: "held", owner: "agent:a" });
  expect(leaseState(b.dir, "T1")).toEqual(leaseState(a.dir, "T1"));
  // A session-start killed the same way on T3 (a lease naming a session no clone has).
  const c = { env: { ...BOX.env, EXO_ACTOR: "agent:c" } };
  await b.run("session-start", "--ticket-id", "T3", "--distributed", { env: { ...c.env, EXO_TEST_CRASH_AT: "lease-claim:1" } });
  expect(leaseState(b.dir, "T3")).toMatchObject({ state: "held", owner: "agent:c" });
  // Clone a cannot take it as the same owner on the same host; clone b can (its own claim, a new nonce).
  expect(envelope(await a.run("session-start", "--ticket-id", "T3", "--distributed", c)).error?.code).toBe("LEASE_HELD");
  expect(envelope(await b.run("session-start", "--ticket-id", "T3", "--distributed", c)).ok).toBe(true);
  const b3 = leaseState(b.dir, "T3");

  // Before: doctor said nothing. Now it names T2 only (T1 is a's live lease, T3 b's live session's).
  const report = locksSection(await b.run("doctor", "--section", "locks", BOX));
  expect(report).toMatchObject({ status: "warn", fixable: true, hint: "exo doctor --fix --section locks" });
  expect(report.details.orphaned_leases.map((l: { ticket: string }) => l.ticket)).toEqual(["T2"]);
  expect(report.message).toMatch(/T2 on origin \(agent:a, until .*\)/);
  // Clone a's doctor has nothing to say about b's lease.
  expect(locksSection(await a.run("doctor", "--section", "locks", BOX)).details.orphaned_leases ?? []).toEqual([]);

  const fix = envelope(await b.run("doctor", "--fix", "--section", "locks", BOX));
  // (The killed claims also left their guards, which --fix removes.)
  expect(fix.data.fixed).toContainEqual({ section: "locks", action: expect.stringMatching(/^released 1 remote lease this clone held with no live local lock: T2 on origin/) });
  expect(leaseState(b.dir, "T2")).toMatchObject({ state: "released" });
  expect(leaseState(b.dir, "T1")).toMatchObject({ state: "held", owner: "agent:a" });
  expect(leaseState(b.dir, "T3")).toEqual(b3);
  expect(await readdir(join(b.dir, ".exo/cache/leases"))).toEqual([]);
  expect(locksSection(await b.run("doctor", "--section", "locks", BOX)).status).toBe("pass");
  // A record written by hand naming a's live lease (its nonce is public in the lease) releases nothing.
  const a1 = leaseState(a.dir, "T1");
  await writeFile(join(b.dir, `.exo/cache/leases/T1.${a1?.nonce}.json`), JSON.stringify({ format: "exo.pending-lease/1", ticket: "T1", remote: "origin", nonce: a1?.nonce, commit: "", owner: "agent:a", session: null, host: "box", pid: 999999, at: "2026-01-01T00:00:00.000Z" }));
  expect(locksSection(await b.run("doctor", "--fix", "--section", "locks", BOX)).details.orphaned_leases ?? []).toEqual([]);
  expect(leaseState(b.dir, "T1")).toEqual(a1);
  // Another owner can now claim T2 from any clone.
  const next = envelope(await b.run("next", "--owner", "agent:z", "--distributed", BOX));
  expect(next.data?.ticket?.id, JSON.stringify(next.error)).toBe("T2");
  expect(envelope(await b.run("ledger-verify")).ok).toBe(true);
});

test("symlinks below .exo/cache (guards, ledger registry, write receipts) and a symlinked touched log are never written through: commands answer STATE_CORRUPT naming the link, the hook still answers, doctor names them and --fix replaces them", async () => {
  const repo = await claudeSessionRepo({ "src/auth/a.ts": "a\n" });
  const outside = await tempDir();
  const cache = join(repo, ".exo/cache");
  for (const name of ["guards", "ledger", "integrity"]) {
    await mkdir(join(outside, name));
    await rm(join(cache, name), { recursive: true, force: true });
    await symlink(join(outside, name), join(cache, name));
  }
  const session = (await readdir(join(repo, ".exo/sessions"))).find((n) => n.endsWith(".json"))?.slice(0, -5) as string;
  await writeFile(join(outside, "victim.txt"), "keep\n");
  await rm(join(repo, ".exo/sessions", `${session}.touched`), { force: true });
  await symlink(join(outside, "victim.txt"), join(repo, ".exo/sessions", `${session}.touched`));

  // Before: each wrote into the folders the links lead to.
  const created = coded(await exo(repo, "ticket-create", "t2", "--id", "T2"), "STATE_CORRUPT");
  expect(created.error?.message).toMatch(/^\.exo\/cache\/(integrity|ledger|guards) is a symlink; exo does not write through symlinks below its cache folder/);
  expect(created.error?.details).toMatchObject({ reason: "symlink" });
  expect(existsSync(join(repo, ".exo/tickets/T2.yaml"))).toBe(false);
  expect(coded(await exo(repo, "next", "--owner", "agent:x"), "STATE_CORRUPT").error?.hint).toBe("exo doctor --fix");
  // The write hook still decides (its guard and ledger are best effort), appending nothing through the link.
  const write = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/src/auth/b.ts`)), { EXO_ACTOR: "agent:claude" });
  expect(write.code, write.stderr).toBe(0);
  expect(decision(write)?.decision ?? "allow").toBe("allow");
  expect(await readFile(join(outside, "victim.txt"), "utf8")).toBe("keep\n");
  for (const name of ["guards", "ledger", "integrity"]) expect(await readdir(join(outside, name)), name).toEqual([]);

  // A pending-lease record that is a link to a device is never read (before: doctor read /dev/zero for ever).
  await mkdir(join(cache, "leases"));
  await symlink("/dev/zero", join(cache, "leases", "T1.0123456789abcdef.json"));
  expect(locksSection(await exo(repo, "doctor", "--section", "locks")).details.orphaned_leases ?? []).toEqual([]);
  await rm(join(cache, "leases"), { recursive: true });
  const doctor = envelope(await exo(repo, "doctor", "--section", "state"));
  expect(doctor.data.sections[0]).toMatchObject({ name: "state", status: "fail", fixable: true });
  expect(doctor.data.sections[0].details.symlinks).toEqual([".exo/cache/guards", ".exo/cache/integrity", ".exo/cache/ledger"]);
  const fix = envelope(await exo(repo, "doctor", "--fix"));
  expect(fix.data.fixed[0]).toEqual({ section: "state", action: expect.stringMatching(/^replaced 3 symlinks below \.exo with real folders/) });
  for (const name of ["guards", "ledger", "integrity"]) expect(lstatSync(join(cache, name)).isDirectory(), name).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "t2", "--id", "T2")).ok).toBe(true);
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(true);
  for (const name of ["guards", "ledger", "integrity"]) expect(await readdir(join(outside, name)), name).toEqual([]);
});

test("a ticket file that is not UTF-8 (a Latin-1 editor) is named with encoding_invalid everywhere, never decoded into U+FFFD and rewritten; the merge driver refuses such a side", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1", title: "Cafe" }, { id: "T2" }]);
  const file = join(repo, ".exo/tickets/T1.yaml");
  const latin1 = Buffer.from((await readFile(file, "utf8")).replace('title: "Cafe"', 'title: "Caf\u00e9"'), "latin1");
  expect(latin1.includes(Buffer.from([0xe9]))).toBe(true);
  await writeFile(file, latin1);

  const shown = coded(await exo(repo, "ticket-show", "T1"), "TICKET_INVALID", 2);
  expect(shown.error?.message).toMatch(/^\.exo\/tickets\/T1\.yaml: not UTF-8 text .*save it as UTF-8 \(line \d+, column \d+\)/);
  expect(shown.error?.details?.issues[0]).toMatchObject({ code: "encoding_invalid" });
  coded(await exo(repo, "ticket-update", "T1", "--priority", "1"), "TICKET_INVALID", 2);
  expect((await readFile(file)).equals(latin1)).toBe(true);
  // Listings leave it out with a warning naming it; dispatch hands out T2.
  const list = envelope(await exo(repo, "tickets"));
  expect(list.data.tickets.map((t: { id: string }) => t.id)).toEqual(["T2"]);
  expect(list.warnings?.find((w) => w.code === "TICKET_UNREADABLE")?.message).toMatch(/\.exo\/tickets\/T1\.yaml: not UTF-8 text/);
  expect(envelope(await exo(repo, "next", "--owner", "agent:a")).data.ticket.id).toBe("T2");
  const doctor = envelope(await exo(repo, "doctor", "--section", "tickets")).data.sections[0];
  expect(doctor).toMatchObject({ name: "tickets", status: "fail" });
  expect(doctor.details.problems).toEqual([expect.objectContaining({ file: ".exo/tickets/T1.yaml", code: "encoding_invalid" })]);

  // The merge driver (git runs it with its temporary files): a Latin-1 side stops the merge.
  const utf8 = await readFile(file, "latin1");
  await writeFile(join(repo, ".merge_file_o"), utf8.replace("Caf\u00e9", "Cafe"));
  await writeFile(join(repo, ".merge_file_a"), utf8.replace("Caf\u00e9", "Cafe (ours)"));
  await writeFile(join(repo, ".merge_file_b"), latin1);
  const merged = coded(await exo(repo, "merge-ticket", ".merge_file_o", ".merge_file_a", ".merge_file_b", ".exo/tickets/T1.yaml"), "TICKET_INVALID", 2);
  expect(merged.error?.message).toMatch(/\(theirs\): not UTF-8 text/);
  expect(await readFile(join(repo, ".merge_file_a"), "utf8")).toContain("Cafe (ours)");
});

test("a checkout copied with its cache to another machine at the same path (a baked image) opens its own ledger segment: the two histories never fork one segment into a git conflict", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["ha"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("ticket-update", "T1", "--priority", "2")).ok).toBe(true);
  git(a.dir, "add", "-A");
  git(a.dir, "commit", "-qm", "a");
  git(a.dir, "push", "-q");
  // The copy: the same files, cache included, its registry naming this path (as on the other machine).
  const copy = `${a.dir}-copy`;
  await cp(a.dir, copy, { recursive: true });
  const registry = join(copy, ".exo/cache/ledger/writers.json");
  await writeFile(registry, (await readFile(registry, "utf8")).replaceAll(JSON.stringify(a.dir), JSON.stringify(copy)));
  const onCopy = (...args: string[]) => exo(copy, ...args, { env: { EXO_HOST: "hc" } });
  expect(envelope(await onCopy("ticket-update", "T2", "--priority", "1")).ok).toBe(true);
  expect(envelope(await a.run("ticket-update", "T1", "--priority", "4")).ok).toBe(true);
  const segments = async (dir: string) => (await readdir(join(dir, ".exo/ledger"))).filter((n) => n.endsWith(".jsonl"));
  // Before: the copy appended to a's segment (ha.main.…), and the pull below conflicted in it.
  expect((await segments(copy)).filter((n) => n.startsWith("hc."))).toHaveLength(1);
  git(a.dir, "add", "-A");
  git(a.dir, "commit", "-qm", "a again");
  git(a.dir, "push", "-q");
  git(copy, "add", "-A");
  git(copy, "commit", "-qm", "copy");
  const pull = spawnSync("git", ["pull", "--no-rebase", "-q"], { cwd: copy, encoding: "utf8", env: { ...process.env, GIT_MERGE_AUTOEDIT: "no" } });
  expect(pull.status, pull.stderr).toBe(0);
  expect(envelope(await onCopy("ledger-verify")).data.valid).toBe(true);
});

test("a suspend whose remote release cannot reach the remote (the local lock released, the lease still held): doctor names the lease, --fix releases it once the remote is back", async () => {
  const { bare, clones } = await team([{ id: "T1" }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  const A = { env: { EXO_ACTOR: "agent:a" } };
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", A)).ok).toBe(true);
  await rename(bare, `${bare}.away`);
  const suspended = envelope(await a.run("session-suspend", "--reason", "network down", A));
  expect(suspended.ok).toBe(true);
  // Said at once, not only by a later doctor.
  expect(suspended.warnings?.find((w) => w.code === "REMOTE_LEASE_NOT_RELEASED")?.message).toMatch(/^The remote lease of T1 on origin could not be released \(.*\); it stays held until its ttl runs out, or run exo doctor --fix once the remote answers\.$/);
  // Unreachable: doctor cannot tell yet, and says nothing it cannot prove.
  expect(locksSection(await a.run("doctor", "--section", "locks", A)).details.orphaned_leases ?? []).toEqual([]);
  await rename(`${bare}.away`, bare);
  expect(leaseState(a.dir, "T1")).toMatchObject({ state: "held", owner: "agent:a" });
  const report = locksSection(await a.run("doctor", "--section", "locks", A));
  expect(report).toMatchObject({ status: "warn", fixable: true });
  expect(report.details.orphaned_leases).toEqual([expect.objectContaining({ ticket: "T1", owner: "agent:a" })]);
  // Clone b's doctor has nothing of its own to release.
  expect(locksSection(await b.run("doctor", "--section", "locks")).details.orphaned_leases ?? []).toEqual([]);
  const fix = envelope(await a.run("doctor", "--fix", "--section", "locks", A));
  expect(fix.data.fixed).toContainEqual({ section: "locks", action: expect.stringMatching(/^released 1 remote lease this clone held with no live local lock: T1 on origin/) });
  expect(leaseState(a.dir, "T1")).toMatchObject({ state: "released" });
  expect(locksSection(await a.run("doctor", "--section", "locks", A)).status).toBe("pass");
  // Resuming takes the lease again.
  expect(envelope(await a.run("session-resume", A)).ok).toBe(true);
  expect(leaseState(a.dir, "T1")).toMatchObject({ state: "held", owner: "agent:a" });
});

test("a config or constitution saved as Latin-1 is CONFIG_INVALID / CONSTITUTION_INVALID (encoding_invalid, line and column), not compiled into the governance with U+FFFD", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }]);
  const config = join(repo, ".exo/config.yaml");
  const original = await readFile(config);
  await writeFile(config, Buffer.concat([original, Buffer.from("# caf\xe9\n", "latin1")]));
  const validate = coded(await exo(repo, "config-validate"), "VALIDATION_FAILED");
  expect(validate.data.issues).toEqual([expect.objectContaining({ file: ".exo/config.yaml", code: "encoding_invalid", column: 6 })]);
  expect(coded(await exo(repo, "session-start", "--ticket-id", "T1"), "CONFIG_INVALID", 2).error?.message).toMatch(/^\.exo\/config\.yaml:\d+:6: not UTF-8 text/);
  await writeFile(config, original);
  const constitution = join(repo, ".exo/constitution.yaml");
  await writeFile(constitution, Buffer.concat([await readFile(constitution), Buffer.from("# na\xefve\n", "latin1")]));
  expect(coded(await exo(repo, "compose"), "CONSTITUTION_INVALID", 2).error?.details?.issues[0]).toMatchObject({ code: "encoding_invalid" });
});

test("a lease-renew killed between its push (a new nonce) and the local lock: the holder's next heartbeat adopts its own renewal instead of answering LOCK_LOST naming itself; doctor never releases it", async () => {
  const { clones } = await team([{ id: "T1" }], ["ha"]);
  const [a] = clones as [Clone];
  const A = { env: { EXO_ACTOR: "agent:a" } };
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", A)).ok).toBe(true);
  const killed = await a.run("lease-renew", "--ticket-id", "T1", { env: { ...A.env, EXO_TEST_CRASH_AT: "lease-renew:1" } });
  expect(killed.stderr).toMatch(/EXO_TEST_CRASH_AT reached lease-renew:1 \(pushed\)/);
  const remote = leaseState(a.dir, "T1");
  const local = JSON.parse(await readFile(join(a.dir, ".exo/locks/T1.json"), "utf8"));
  expect(local.distributed.nonce).not.toBe(remote?.nonce);
  // doctor --fix leaves the lease held (it is the holder's, renewed).
  envelope(await a.run("doctor", "--fix", "--section", "locks", A));
  expect(leaseState(a.dir, "T1")).toEqual(remote);
  const beat = envelope(await a.run("lease-heartbeat", "--ticket-id", "T1", A));
  expect(beat.ok, JSON.stringify(beat.error)).toBe(true);
  expect(JSON.parse(await readFile(join(a.dir, ".exo/locks/T1.json"), "utf8")).distributed.nonce).toBe(remote?.nonce);
  expect(await readdir(join(a.dir, ".exo/cache/leases"))).toEqual([]);
  expect(envelope(await a.run("session-finish", "--summary", "done", A)).ok).toBe(true);
  expect(leaseState(a.dir, "T1")).toMatchObject({ state: "released" });
});

test("a pulled blocker cycle and a task parented by a task (hand edits exo's writes refuse) are named by doctor instead of only leaving exo next to say blocked", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1", blockers: ["T2"] }, { id: "T2", blockers: ["T1"] }, { id: "T3", parent: "T4" }, { id: "T4" }]);
  const next = envelope(await exo(repo, "next", "--owner", "agent:a", "--dry-run"));
  expect(next.data.ticket.id).not.toMatch(/^T[12]$/);
  const doctor = envelope(await exo(repo, "doctor", "--section", "tickets")).data.sections[0];
  expect(doctor.status).toBe("warn");
  expect(doctor.details.invalid_hierarchy).toEqual([
    { ticket: "T1", code: "blocker_cycle", message: "blockers of T1 would form a cycle" },
    { ticket: "T2", code: "blocker_cycle", message: "blockers of T2 would form a cycle" },
    { ticket: "T3", code: "invalid_parent", message: "a task's parent must be an intent or an epic; T4 is a task" },
  ]);
  expect(doctor.message).toMatch(/^3 hierarchy or blocker problems: T1: blockers of T1 would form a cycle/);
  expect(doctor.hint).toBe("exo ticket-update T1 --remove-blocker '<ID>'");
});

test("one actor's exo next and session-start racing on one ticket with --distributed: whichever wins keeps its lease (before, the loser re-claimed it as its own, and the winner got LOCK_LOST naming itself)", async () => {
  const { clones } = await team([{ id: "T1" }], ["ha"]);
  const [a] = clones as [Clone];
  const A = { env: { EXO_ACTOR: "agent:a" } };
  for (let round = 0; round < 3; round++) {
    const [next, start] = await Promise.all([a.run("next", "--owner", "agent:a", "--distributed", A), a.run("session-start", "--ticket-id", "T1", "--distributed", A)]);
    expect(envelope(next).ok || envelope(start).ok, `${next.stdout} ${start.stdout}`).toBe(true);
    for (const r of [next, start]) if (!envelope(r).ok) expect(["LEASE_HELD", "LEASE_CONFLICT", "LOCK_HELD"]).toContain(envelope(r).error?.code);
    const here = [next, start].map((r) => envelope(r).error).find((e) => e?.code === "LEASE_HELD");
    if (here) expect(here.message).toMatch(/from this very clone/);
    const beat = envelope(await a.run("lease-heartbeat", "--ticket-id", "T1", A));
    expect(beat.ok, JSON.stringify(beat.error)).toBe(true);
    const local = JSON.parse(await readFile(join(a.dir, ".exo/locks/T1.json"), "utf8"));
    expect(leaseState(a.dir, "T1")?.nonce).toBe(local.distributed.nonce);
    // Back to a free ticket for the next round.
    await a.run("session-finish", "--summary", "round", "--set-status", "keep", A);
    expect(envelope(await a.run("lease-release", "--ticket-id", "T1", "--force", A)).ok).toBe(true);
    await a.run("ticket-update", "T1", "--status", "todo", "--reason", "again", A);
  }
});
