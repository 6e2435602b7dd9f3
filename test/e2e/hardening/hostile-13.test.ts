// Round 13: a team on one remote — local locks whose expiry lies too far ahead (a clock that had
// jumped, a hand edit), racing clones, pulled state that is broken or hostile.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, git, initRepo } from "../../helpers/repo.js";
import { claudeSessionRepo, decision, fixture, gitHooksRepo, hook } from "../../helpers/hooks.js";
import { team } from "../../helpers/team.js";
import { writeTickets } from "../../helpers/tickets.js";

const A = { EXO_ACTOR: "agent:a" };
const B = { EXO_ACTOR: "agent:b" };
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const lockOf = async (repo: string, ticket: string) => JSON.parse(await readFile(join(repo, `.exo/locks/${ticket}.json`), "utf8")) as Record<string, unknown> & { fencing_token: number; state: string; owner: string; expires_at: string };

test("a local lock held 'until 9999' (a hand edit) no longer holds a ticket: another agent takes it over and doctor names it", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1" }]);
  const now = Date.now();
  const t0 = { EXO_NOW: iso(now) };
  expect(envelope(await exo(repo, "next", "--owner", "agent:a", { env: { ...A, ...t0 } })).data.ticket.id).toBe("T1");
  const file = join(repo, ".exo/locks/T1.json");
  await writeFile(file, JSON.stringify({ ...(await lockOf(repo, "T1")), expires_at: "9999-12-31T00:00:00.000Z" }));
  const later = { EXO_NOW: iso(now + 3 * HOUR) };
  const doctor = envelope(await exo(repo, "doctor", "--section", "locks", { env: later }));
  const locks = doctor.data.sections.find((s: { name: string }) => s.name === "locks");
  expect(locks.status).toBe("warn");
  expect(locks.message).toMatch(/T1 by agent:a until 9999-12-31.*treats them as expired/);
  expect(locks.hint).toBe("exo doctor --fix");
  expect(locks.details.forged).toEqual([{ ticket: "T1", owner: "agent:a", expires_at: "9999-12-31T00:00:00.000Z", reason: "beyond_now" }]);
  // Before: NO_TICKET for ever (the lock counted as live until 9999).
  const taken = envelope(await exo(repo, "next", "--owner", "agent:b", { env: { ...B, ...later } }));
  expect(taken.ok, JSON.stringify(taken.error)).toBe(true);
  expect(taken.data.ticket.id).toBe("T1");
  const lock = await lockOf(repo, "T1");
  expect(lock).toMatchObject({ owner: "agent:b", state: "held", fencing_token: 2 });
  expect(Date.parse(lock.expires_at)).toBeLessThanOrEqual(now + 3 * HOUR + 168 * HOUR);
  const taken_over = envelope(await exo(repo, "ledger-show", "--type", "lock.taken_over")).data.records;
  expect(taken_over[0].data).toMatchObject({ previous_owner: "agent:a", previous_token: 1, owner: "agent:b" });
  // The old holder learns who took it.
  expect(coded(await exo(repo, "lease-heartbeat", "--ticket-id", "T1", { env: { ...A, ...later } }), "LOCK_LOST").error?.message).toMatch(/agent:b/);
});

test("a claim taken while the clock was a year ahead does not hold for a year once the clock is right: its holder takes it back fresh, doctor --fix settles the rest; a healthy 168 h lease is never taken", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1" }, { id: "T2" }, { id: "T3" }]);
  const now = Date.now();
  const ahead = { EXO_NOW: iso(now + 365 * 24 * HOUR) };
  // Every stamp of these locks is a year ahead: consistent in themselves, only the clock was wrong.
  expect(envelope(await exo(repo, "next", "--owner", "agent:a", { env: { ...A, ...ahead } })).data.ticket.id).toBe("T1");
  expect(envelope(await exo(repo, "next", "--owner", "agent:d", { env: { EXO_ACTOR: "agent:d", ...ahead } })).data.ticket.id).toBe("T2");
  const t0 = { EXO_NOW: iso(now) };
  // The holder's heartbeat renews it in place with a fresh lease from now, same token (the lock
  // never expired: the clock ran backwards; round 26), naming the clock.
  const beat = envelope(await exo(repo, "lease-heartbeat", "--ticket-id", "T1", { env: { ...A, ...t0 } }));
  expect(beat.ok, JSON.stringify(beat.error)).toBe(true);
  expect(beat.data).toMatchObject({ reacquired: false });
  expect(beat.data.lock.fencing_token).toBe(1);
  expect(beat.warnings?.map((w) => w.code)).toContain("CLOCK_RAN_BACKWARDS");
  expect(Date.parse(beat.data.lock.expires_at)).toBeLessThanOrEqual(now + 168 * HOUR);
  const doctor = envelope(await exo(repo, "doctor", "--fix", "--section", "locks", { env: t0 }));
  expect(JSON.stringify(doctor.data.fixed)).toMatch(/settled 1 lock/);
  expect(await lockOf(repo, "T2")).toMatchObject({ state: "released", owner: "agent:d" });
  expect(await lockOf(repo, "T1")).toMatchObject({ state: "held", owner: "agent:a" });

  // T2 went back to todo. A 168 h lease on it, heartbeaten at +100 h, is still its holder's at
  // +260 h (within its lease, past the longest lease from the claim).
  expect(envelope(await exo(repo, "next", "--owner", "agent:b", "--ttl-hours", "168", { env: { ...B, ...t0 } })).data.ticket.id).toBe("T2");
  expect(envelope(await exo(repo, "lease-heartbeat", "--ticket-id", "T2", "--ttl-hours", "168", { env: { ...B, EXO_NOW: iso(now + 100 * HOUR) } })).ok).toBe(true);
  const c = { EXO_ACTOR: "agent:c", EXO_NOW: iso(now + 260 * HOUR) };
  expect(envelope(await exo(repo, "status", { env: c })).data.locks.find((l: { ticket: string }) => l.ticket === "T2")).toMatchObject({ owner: "agent:b", live: true });
  expect(envelope(await exo(repo, "next", "--owner", "agent:c", { env: c })).data.ticket.id).not.toBe("T2");
  expect(await lockOf(repo, "T2")).toMatchObject({ owner: "agent:b", state: "held" });
});

test("the write hook and session-start agree: a session whose lock was pushed to 9999 by hand has no live lock; its own start takes it back with a fresh lease", async () => {
  const repo = await claudeSessionRepo({ "src/auth/login.ts": "a\n" }, "agent:a");
  const file = join(repo, ".exo/locks/T1.json");
  const before = await lockOf(repo, "T1");
  await writeFile(file, JSON.stringify({ ...before, expires_at: "9999-12-31T00:00:00.000Z" }));
  const write = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/src/auth/login.ts`));
  const denied = decision(await hook(repo, "claude", "PreToolUse", write, A));
  expect(denied?.decision).toBe("deny");
  expect(denied?.reason).toMatch(/T1 has no live lock \(its expiry lies beyond the longest lease: a clock ahead or a hand edit\)\. Renew it with exo lease-heartbeat/);
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: A }));
  expect(start.ok, JSON.stringify(start.error)).toBe(true);
  const after = await lockOf(repo, "T1");
  expect(after.fencing_token).toBe(before.fencing_token + 1);
  expect(Date.parse(after.expires_at)).toBeLessThan(Date.now() + 169 * HOUR);
  expect(decision(await hook(repo, "claude", "PreToolUse", write, A))).toBeNull();
});

test("a remote lease claimed by a clone whose clock was a year ahead: gc-locks --remote on a clone with the right clock releases it (before: kept for a year) and the next claim follows with token + 1", async () => {
  const { clones } = await team([{ id: "T1" }], ["ha", "hb"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  const now = Date.now();
  const claim = envelope(await a.run("next", "--owner", "agent:a", "--distributed", { env: { ...A, EXO_NOW: iso(now + 365 * 24 * HOUR) } }));
  expect(claim.ok, JSON.stringify(claim.error)).toBe(true);
  const t0 = { EXO_NOW: iso(now) };
  const dry = envelope(await b.run("gc-locks", "--remote", "--dry-run", { env: { ...B, ...t0 } }));
  expect(dry.data.remote).toEqual([expect.objectContaining({ ticket: "T1", owner: "agent:a", action: "released" })]);
  const gc = envelope(await b.run("gc-locks", "--remote", { env: { ...B, ...t0 } }));
  expect(gc.data.remote[0]).toMatchObject({ ticket: "T1", state: "released", action: "released" });
  const next = envelope(await b.run("next", "--owner", "agent:b", "--distributed", { env: { ...B, ...t0 } }));
  expect(next.ok, JSON.stringify(next.error)).toBe(true);
  expect(next.data.lock).toMatchObject({ owner: "agent:b", fencing_token: 2 });
});

test("machine-local state committed by a teammate (git add -f of a lock): exo's pre-commit refuses it; pulled anyway, doctor fails naming it and --fix untracks it, moves the pulled lock aside and the session takes its own back", async () => {
  // The teammate's side: exo's pre-commit refuses a lock file, and allows untracking one.
  const own = await gitHooksRepo("agent:a");
  git(own, "add", "-f", ".exo/locks/T1.json");
  const refused = spawnSync("git", ["commit", "-qm", "share my lock"], { cwd: own, encoding: "utf8" });
  expect(refused.status).not.toBe(0);
  expect(refused.stderr).toMatch(/\.exo\/locks\/T1\.json: machine-local state is never committed \[EXO_STATE_PROTECTED\]/);
  git(own, "commit", "-qm", "shared anyway", "--no-verify");
  git(own, "rm", "-q", "--cached", ".exo/locks/T1.json");
  const untracked = spawnSync("git", ["commit", "-qm", "untrack"], { cwd: own, encoding: "utf8" });
  expect(untracked.status, untracked.stderr).toBe(0);

  // Two clones: b commits a lock for T1 with --no-verify and pushes; a, working on T1, pulls.
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["ha", "hb"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", { env: A })).ok).toBe(true);
  git(a.dir, "add", ".exo");
  git(a.dir, "commit", "-qm", "a starts");
  git(a.dir, "push", "-q", "origin", "HEAD");
  const forged = { format: "exo.lock/1", ticket: "T1", state: "held", owner: "agent:b", session: null, fencing_token: 50, acquired_at: iso(Date.now()), renewed_at: iso(Date.now()), heartbeat_at: iso(Date.now()), expires_at: iso(Date.now() + 100 * HOUR), released_at: null, ttl_seconds: 604800, host: "hb", pid: 1, branch: null, distributed: null };
  await mkdir(join(b.dir, ".exo/locks"), { recursive: true });
  await writeFile(join(b.dir, ".exo/locks/T1.json"), JSON.stringify(forged));
  git(b.dir, "pull", "-q", "--no-rebase");
  git(b.dir, "add", "-f", ".exo/locks/T1.json");
  git(b.dir, "commit", "-qm", "sneaky lock", "--no-verify");
  git(b.dir, "push", "-q", "origin", "HEAD");
  git(a.dir, "pull", "-q", "--no-rebase");
  const doctor = await a.run("doctor", { env: A });
  expect(doctor.code).toBe(1);
  expect(envelope(doctor).error?.code).toBe("DOCTOR_FAILED");
  const section = envelope(doctor).data.sections.find((x: { name: string }) => x.name === "git_tracking");
  expect(section).toMatchObject({ status: "fail", fixable: true, hint: "exo doctor --fix --section git_tracking" });
  expect(section.message).toMatch(/machine-local state is committed \(1 file: \.exo\/locks\/T1\.json\)/);
  const fixed = envelope(await a.run("doctor", "--fix", "--section", "git_tracking", { env: A }));
  expect(JSON.stringify(fixed.data.fixed)).toMatch(/untracked 1 machine-local file/);
  expect(git(a.dir, "ls-files", ".exo/locks")).toBe("");
  // The pulled lock (exo never wrote it here) is moved aside and rebuilt from the ledger's token:
  // agent:b's lock no longer holds T1 here, and a's open session, which holds that token, has its
  // lock back at once (before this stop: rebuilt as released, taken back by a session-start).
  expect(JSON.stringify(fixed.data.fixed)).toMatch(/moved the pulled \.exo\/locks\/T1\.json to \.exo\/cache\/quarantine\/.*rebuilt the lock of T1 as held by its open session SES-\S+ \(agent:a, fencing token 1\)/);
  expect(await lockOf(a.dir, "T1")).toMatchObject({ state: "held", owner: "agent:a", fencing_token: 1 });
  const back = envelope(await a.run("session-start", "--ticket-id", "T1", { env: A }));
  expect(back.ok, JSON.stringify(back.error)).toBe(true);
  expect(await lockOf(a.dir, "T1")).toMatchObject({ state: "held", owner: "agent:a", fencing_token: 1 });
  const doctorAfter = envelope(await a.run("doctor", "--section", "integrity", "--section", "locks", "--section", "state", { env: A }));
  expect(doctorAfter.data.sections.map((x: { status: string }) => x.status)).toEqual(["pass", "pass", "pass"]);
});

test("a teammate's push that cuts another clone's ledger records (every chain still verifies) is found: ledger-verify and doctor name the commit, and the hint restores them; a branch switch is not such a cut", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["ha", "hb"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  expect(envelope(await a.run("next", "--owner", "agent:a", { env: A })).ok).toBe(true);
  expect(envelope(await a.run("lease-renew", "--ticket-id", "T1", { env: A })).ok).toBe(true);
  git(a.dir, "add", ".exo");
  git(a.dir, "commit", "-qm", "a claims");
  git(a.dir, "push", "-q", "origin", "HEAD");
  git(b.dir, "pull", "-q", "--no-rebase");
  const segment = readdirSync(join(b.dir, ".exo/ledger")).find((f) => f.startsWith("ha."));
  expect(segment).toBeDefined();
  const file = join(b.dir, ".exo/ledger", segment as string);
  const lines = (await readFile(file, "utf8")).split("\n").filter(Boolean);
  expect(lines.length).toBeGreaterThan(2);
  await writeFile(file, `${lines.slice(0, 1).join("\n")}\n`);
  git(b.dir, "commit", "-qam", "tidy the ledger", "--no-verify");
  git(b.dir, "push", "-q", "origin", "HEAD");
  git(a.dir, "pull", "-q", "--no-rebase");
  const cutSha = git(a.dir, "log", "-1", "--format=%h", "--abbrev=12", "HEAD").trim();
  const verify = coded(await a.run("ledger-verify"), "LEDGER_INVALID");
  expect(verify.error?.message).toMatch(new RegExp(`commit ${cutSha} \\(Team: "tidy the ledger"\\) removed records`));
  expect(verify.error?.hint).toBe(`git checkout ${cutSha}~1 -- ':/.exo/ledger/${segment}'`);
  const doctor = envelope(await a.run("doctor", "--section", "ledger"));
  expect(doctor.data.sections[0]).toMatchObject({ name: "ledger", status: "fail", hint: verify.error?.hint });
  // The hint brings the records back; the chain is whole again.
  git(a.dir, "checkout", `${cutSha}~1`, "--", `.exo/ledger/${segment}`);
  expect(envelope(await a.run("ledger-verify")).ok).toBe(true);
  git(a.dir, "commit", "-qm", "restore the ledger");

  // A branch switch: records written on a branch, then main, which never had them.
  git(a.dir, "checkout", "-q", "-b", "side");
  expect(envelope(await a.run("ticket-create", "side work", "--id", "T9", { env: A })).ok).toBe(true);
  git(a.dir, "add", ".exo");
  git(a.dir, "commit", "-qm", "side");
  git(a.dir, "checkout", "-q", "main");
  expect(envelope(await a.run("ticket-create", "main work", "--id", "T8", { env: A })).ok).toBe(true);
  const valid = envelope(await a.run("ledger-verify"));
  expect(valid.ok, JSON.stringify(valid.error)).toBe(true);
});

test("a teammate's ticket the merge driver refuses (a YAML alias bomb, CRLF): the merge stops with TICKET_INVALID, and doctor fails on the unresolved merge instead of advising to commit this side over the other", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["ha", "hb"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  // Both clones have run exo (the driver is registered on next/start).
  for (const c of [a, b]) expect(envelope(await c.run("next", "--dry-run")).ok).toBe(true);
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", { env: A })).ok).toBe(true);
  const file = join(b.dir, ".exo/tickets/T2.yaml");
  const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]"].join("\n");
  await writeFile(file, `${(await readFile(file, "utf8")).replace(/^title: .*$/m, "title: theirs")}${bomb}\n`.replaceAll("\n", "\r\n"));
  git(b.dir, "commit", "-qam", "their T2", "--no-verify");
  git(b.dir, "push", "-q", "origin", "HEAD");
  expect(envelope(await a.run("ticket-update", "T2", "--title", "ours", { env: A })).ok).toBe(true);
  git(a.dir, "add", ".exo");
  git(a.dir, "commit", "-qm", "our T2");
  const pull = spawnSync("git", ["pull", "--no-rebase"], { cwd: a.dir, encoding: "utf8" });
  expect(pull.status).not.toBe(0);
  expect(pull.stderr + pull.stdout).toMatch(/T2\.yaml \(theirs\): too many YAML alias expansions.*\[TICKET_INVALID\]/);
  const doctor = envelope(await a.run("doctor", "--section", "git_tracking"));
  expect(doctor.data.sections[0]).toMatchObject({ name: "git_tracking", status: "fail", hint: "git mergetool -- .exo/tickets/T2.yaml" });
  expect(doctor.data.sections[0].message).toMatch(/unresolved merge of \.exo\/tickets\/T2\.yaml: compare the sides \(git show :2:\.exo\/tickets\/T2\.yaml is this clone's/);
  // The ticket in conflict is never handed out nor written (a commit of it would mark the conflict
  // resolved with this clone's side): next leaves it out with a warning, reads and writes refuse.
  const next = envelope(await a.run("next", "--dry-run", { env: B }));
  expect(next.data?.ticket?.id ?? null).not.toBe("T2");
  expect(next.warnings?.find((w) => w.code === "TICKET_UNREADABLE")?.message).toMatch(/\.exo\/tickets\/T2\.yaml is in an unresolved merge/);
  const start = await a.run("session-start", "--ticket-id", "T2", { env: B });
  expect(envelope(start).error).toMatchObject({ code: "TICKET_INVALID", hint: "git mergetool -- .exo/tickets/T2.yaml" });
  const update = envelope(await a.run("ticket-update", "T2", "--title", "again", { env: A }));
  expect(update.error?.code).toBe("TICKET_INVALID");
  expect(git(a.dir, "ls-files", "-u", "--", ".exo/tickets/T2.yaml")).not.toBe("");
  // exo's other state is unharmed: the session on T1 goes on, the ledger verifies.
  expect(envelope(await a.run("lease-heartbeat", "--ticket-id", "T1", { env: A })).ok).toBe(true);
  expect(envelope(await a.run("ledger-verify", "--no-git")).ok).toBe(true);
});

test("a blanket doctor --fix (the hint of many errors, run by agents too) never adopts a ticket or lock changed outside exo; --fix --section integrity, a reviewer's act, does", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1", allow: ["src/a/**"] }]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: A })).ok).toBe(true);
  const ticket = join(repo, ".exo/tickets/T1.yaml");
  await writeFile(ticket, (await readFile(ticket, "utf8")).replace("src/a/**", "src/**"));
  const lock = await lockOf(repo, "T1");
  await writeFile(join(repo, ".exo/locks/T1.json"), JSON.stringify({ ...lock, expires_at: iso(Date.parse(lock.expires_at) + 100 * HOUR) }));
  const blanket = envelope(await exo(repo, "doctor", "--fix", { env: A }));
  expect(JSON.stringify(blanket.data.fixed)).not.toMatch(/adopted/);
  const integrity = blanket.data.sections.find((s: { name: string }) => s.name === "integrity");
  expect(integrity).toMatchObject({ status: "fail", fixable: false, hint: "exo doctor --fix --section integrity" });
  expect(integrity.message).toMatch(/\.exo\/locks\/T1\.json.*\.exo\/tickets\/T1\.yaml|\.exo\/tickets\/T1\.yaml.*\.exo\/locks\/T1\.json/);
  expect(blanket.error?.code).toBe("DOCTOR_FAILED");
  const reviewed = envelope(await exo(repo, "doctor", "--fix", "--section", "integrity", { env: { EXO_ACTOR: "human:lead" } }));
  expect(JSON.stringify(reviewed.data.fixed)).toMatch(/adopted the current contents/);
  expect(reviewed.data.sections[0]).toMatchObject({ name: "integrity", status: "pass" });
});

test("a pulled ticket whose title carries terminal escapes (clear screen, window title, BEL) and a right-to-left override never drives the terminal: human output shows them escaped, exo's own colours stay", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1" }]);
  const file = join(repo, ".exo/tickets/T1.yaml");
  await writeFile(file, (await readFile(file, "utf8")).replace(/^title: .*$/m, 'title: "evil \\e[2J\\e]0;pwned\\a \\u202egnp.exe"'));
  // eslint-disable-next-line no-control-regex
  const raw = /[\u0007\u202e]|\u001b(?!\[(?:1|2|22|31|32|33|36|39)m)/;
  for (const args of [["tickets"], ["ticket-show", "T1"], ["next", "--dry-run"], ["status"]]) {
    for (const env of [{}, { NO_COLOR: "", FORCE_COLOR: "1" }]) {
      const run = await exo(repo, ...args, { env, json: false });
      expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(0);
      expect(`${run.stdout}${run.stderr}`, args.join(" ")).not.toMatch(raw);
      expect(run.stdout, args.join(" ")).toMatch(/evil \\u001b\[2J\\u001b\]0;pwned/);
    }
  }
  // eslint-disable-next-line no-control-regex
  expect((await exo(repo, "tickets", { env: { NO_COLOR: "", FORCE_COLOR: "1" }, json: false })).stdout).toMatch(/\u001b\[(?:1|2|31|32|33|36)m/);
  // JSON keeps the title as it is (escaped by JSON itself).
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.title).toBe("evil \u001b[2J\u001b]0;pwned\u0007 \u202egnp.exe");
});

test("a forged ledger segment pulled from a teammate: ledger-verify and doctor point at git log of that segment (whose commit to revert), not at each other; other commands go on", async () => {
  const { clones } = await team([{ id: "T1" }], ["ha", "hb"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  await mkdir(join(b.dir, ".exo/ledger"), { recursive: true });
  await writeFile(join(b.dir, ".exo/ledger/evil.main.zzzzzzzz.jsonl"), `{"not":"a record"}\n${"x".repeat(1000)}\n`);
  git(b.dir, "add", ".exo/ledger");
  git(b.dir, "commit", "-qm", "forged segment", "--no-verify");
  git(b.dir, "push", "-q", "origin", "HEAD");
  git(a.dir, "pull", "-q", "--no-rebase");
  const hint = "git log --stat -p -- ':/.exo/ledger/evil.main.zzzzzzzz.jsonl'";
  expect(coded(await a.run("ledger-verify"), "LEDGER_INVALID").error?.hint).toBe(hint);
  expect(envelope(await a.run("doctor", "--section", "ledger")).data.sections[0]).toMatchObject({ status: "fail", hint });
  expect(envelope(await a.run("next", "--owner", "agent:a", { env: A })).data.ticket.id).toBe("T1");
  // Reverting the commit the hint shows makes the ledger whole again.
  git(a.dir, "revert", "--no-edit", git(a.dir, "log", "-1", "--format=%H", "--", ".exo/ledger/evil.main.zzzzzzzz.jsonl").trim());
  expect(envelope(await a.run("ledger-verify")).ok).toBe(true);
});

test("a teammate closed the ticket while this clone's session worked on it: finish refuses with INVALID_TRANSITION before writing anything (no memento, no journal doctor would call a killed close-out); the hint finishes with the work recorded", async () => {
  const { clones } = await team([{ id: "T1" }], ["ha", "hb"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  const start = envelope(await a.run("session-start", "--ticket-id", "T1", { env: A }));
  expect(start.ok).toBe(true);
  git(a.dir, "add", ".exo");
  git(a.dir, "commit", "-qm", "a starts");
  git(a.dir, "push", "-q", "origin", "HEAD");
  git(b.dir, "pull", "-q", "--no-rebase");
  expect(envelope(await b.run("ticket-close", "T1", "--reason", "duplicate", { env: { EXO_ACTOR: "human:lead" } })).ok).toBe(true);
  git(b.dir, "add", ".exo");
  git(b.dir, "commit", "-qm", "close T1");
  git(b.dir, "push", "-q", "origin", "HEAD");
  git(a.dir, "pull", "-q", "--no-rebase");
  await mkdir(join(a.dir, "src"), { recursive: true });
  await writeFile(join(a.dir, "src/work.ts"), "work\n");
  const refused = coded(await a.run("session-finish", "--summary", "did it", { env: A }), "INVALID_TRANSITION");
  expect(refused.error?.message).toMatch(/^Ticket T1 is done now \(set by human:lead at .*\), so session-finish cannot move it to review; finish with --set-status keep/);
  expect(refused.error?.hint).toBe('exo session-finish --set-status keep --release-lock --summary "…"');
  expect(existsSync(join(a.dir, ".exo/mementos/T1"))).toBe(false);
  const doctor = envelope(await a.run("doctor", "--section", "state"));
  expect(doctor.data.sections[0]).toMatchObject({ name: "state", status: "pass" });
  const handoff = coded(await a.run("session-handoff", "--to", "agent:b", "--summary", "x", { env: A }), "INVALID_TRANSITION");
  expect(handoff.error?.message).toMatch(/so session-handoff cannot move it to paused/);
  // The hint: the work is recorded, the ticket stays done, the lock is released.
  const kept = envelope(await a.run("session-finish", "--set-status", "keep", "--release-lock", "--summary", "did it", { env: A }));
  expect(kept.ok, JSON.stringify(kept.error)).toBe(true);
  expect(kept.data.ticket.status).toBe("done");
  expect(readdirSync(join(a.dir, ".exo/mementos/T1"))).toEqual([`${start.data.session.id}.md`]);
  expect(await lockOf(a.dir, "T1")).toMatchObject({ state: "released" });
});
