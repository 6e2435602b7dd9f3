// Round 19 of team hardening: several clones of one remote, racing agents, hostile or damaged
// state pulled from a teammate. Each case failed before its fix.
import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, git } from "../../helpers/repo.js";
import { leaseState, team } from "../../helpers/team.js";

const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/** The remote lease's `session:` line as origin has it. */
function leaseSession(dir: string, ticket: string): string | undefined {
  leaseState(dir, ticket);
  return /^session: (.*)$/m.exec(git(dir, "log", "-1", "--format=%B", `refs/exo/check/${ticket}`))?.[1];
}

/** Put a lease state written by hand (another exo version) on the bare remote. */
function forgeLease(bare: string, ticket: string, message: string): void {
  const sha = execFileSync("git", ["commit-tree", EMPTY_TREE], { cwd: bare, input: message, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "exo", GIT_AUTHOR_EMAIL: "exo@localhost.invalid", GIT_COMMITTER_NAME: "exo", GIT_COMMITTER_EMAIL: "exo@localhost.invalid" } }).trim();
  git(bare, "update-ref", `refs/exo/leases/${ticket}`, sha);
}

test("a claim exo next made names the session that binds it in the remote lease: another clone's LEASE_HELD says which session works on it; the finish releases it", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [(typeof clones)[0], (typeof clones)[0]];
  expect(envelope(await a.run("next", "--owner", "alice", "--distributed")).data.ticket.id).toBe("T1");
  expect(leaseSession(a.dir, "T1")).toBe("-");
  const start = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice"));
  expect(start.ok).toBe(true);
  const ses = start.data.session.id as string;
  expect(leaseSession(a.dir, "T1")).toBe(ses);
  // The local lock follows the lease's new commit (its next heartbeat builds on it).
  const lock = JSON.parse(readFileSync(join(a.dir, ".exo", "locks", "T1.json"), "utf8"));
  expect(lock.session).toBe(ses);
  expect(lock.distributed.commit).toBe(git(a.dir, "ls-remote", "origin", "refs/exo/leases/T1").split(/\s+/)[0]);
  const held = envelope(await b.run("session-start", "--ticket-id", "T1", "--distributed", "--actor", "bob"));
  expect(held.error?.code).toBe("LEASE_HELD");
  expect(held.error?.details.session).toBe(ses);
  expect(held.error?.message).toContain(`session ${ses}`);
  expect(envelope(await a.run("lease-heartbeat", "--actor", "alice")).ok).toBe(true);
  expect(leaseSession(a.dir, "T1")).toBe(ses);
  // Finished keeping the lock: the owner still holds the lease, no session named; the next start binds it again.
  expect(envelope(await a.run("session-finish", "--summary", "part", "--set-status", "keep", "--actor", "alice")).ok).toBe(true);
  expect(leaseState(a.dir, "T1")?.state).toBe("held");
  expect(leaseSession(a.dir, "T1")).toBe("-");
  const again = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice"));
  expect(leaseSession(a.dir, "T1")).toBe(again.data.session.id);
  expect(envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice")).ok).toBe(true);
  expect(leaseState(a.dir, "T1")?.state).toBe("released");
});

test("a claim whose remote lease another clone took over (clocks apart) is LOCK_LOST at the binding start, the lock left unbound and the taker's lease untouched", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [(typeof clones)[0], (typeof clones)[0]];
  const t0 = { env: { EXO_NOW: "2026-11-24T09:00:00.000Z" } };
  expect(envelope(await a.run("next", "--owner", "alice", "--distributed", "--ttl-hours", "1", t0)).ok).toBe(true);
  // b's clock is two hours ahead: a's lease looks expired to it, and it takes it.
  const taken = envelope(await b.run("session-start", "--ticket-id", "T1", "--distributed", "--actor", "bob", { env: { EXO_NOW: "2026-11-24T11:00:00.000Z" } }));
  expect(taken.ok).toBe(true);
  const after = leaseState(b.dir, "T1");
  const lost = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice", { env: { EXO_NOW: "2026-11-24T09:30:00.000Z" } }));
  expect(lost.error?.code).toBe("LOCK_LOST");
  expect(lost.error?.details.holder).toBe("bob");
  expect(leaseState(b.dir, "T1")).toEqual(after);
  expect(JSON.parse(readFileSync(join(a.dir, ".exo", "locks", "T1.json"), "utf8")).session).toBeNull();
});

test("a lease in a state this exo does not know (a newer exo's) is held, not released: LEASE_HELD names the state and says to upgrade; exo next skips it; it expires like a hold", async () => {
  const { bare, clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [(typeof clones)[0]];
  forgeLease(bare, "T1", "exo-lease/1\n\nticket: T1\nstate: reserved\nowner: carol\nsession: -\nfencing_token: 7\nacquired_at: 2026-11-24T09:00:00.000Z\nheartbeat_at: 2026-11-24T09:00:00.000Z\nexpires_at: 2026-11-24T12:00:00.000Z\nhost: c1\nnonce: 0123456789abcdef\n");
  const now = { env: { EXO_NOW: "2026-11-24T10:00:00.000Z" } };
  const held = envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", "--actor", "bob", now));
  expect(held.error?.code).toBe("LEASE_HELD");
  expect(held.error?.details).toMatchObject({ state: "reserved", upgrade: true, owner: "carol" });
  expect(held.error?.message).toMatch(/"reserved".*newer exo.*upgrade exo/);
  // Its own owner on an older exo may not overwrite it either.
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", "--actor", "carol", { env: { ...now.env, EXO_HOST: "c1" } })).error?.code).toBe("LEASE_HELD");
  expect(envelope(await a.run("next", "--owner", "bob", "--distributed", now)).data.ticket.id).toBe("T2");
  const gc = envelope(await a.run("gc-locks", "--remote", "--dry-run", now));
  expect(gc.data.remote.find((r: { ticket: string }) => r.ticket === "T1")).toMatchObject({ action: "kept", unknown_state: "reserved" });
  // Expired, it is taken over like an expired hold (token above it).
  const later = envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", "--actor", "dave", { env: { EXO_NOW: "2026-11-24T13:00:00.000Z" } }));
  expect(later.ok).toBe(true);
  expect(leaseState(a.dir, "T1")).toMatchObject({ state: "held", owner: "dave" });
});

test("a teammate's force-push that drops commits carrying ledger records, pulled with --rebase, is no longer silent: ledger-verify and doctor warn records_lost naming the commit the reflog keeps, and doctor --fix puts the records back", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [(typeof clones)[0], (typeof clones)[0]];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  git(a.dir, "add", "-A");
  git(a.dir, "commit", "-qm", "alice starts T1", "--no-verify");
  git(a.dir, "push", "-q", "origin", "HEAD");
  const dropped = git(a.dir, "rev-parse", "HEAD").trim();
  git(b.dir, "pull", "-q", "--no-rebase");
  const seen = envelope(await b.run("ledger-verify"));
  expect(seen.data.valid).toBe(true);
  expect(seen.data.records_lost).toEqual([]);
  const writer = (seen.data.segments as { writer: string; records: number }[]).find((s) => s.records > 0)?.writer as string;
  // The teammate rewrites main without that commit; b pulls with --rebase (fork-point drops it here too).
  git(a.dir, "reset", "-q", "--hard", "HEAD~1");
  git(a.dir, "push", "-q", "-f", "origin", "HEAD");
  git(b.dir, "pull", "-q", "--rebase");
  const after = envelope(await b.run("ledger-verify"));
  expect(after.data.valid).toBe(true);
  expect(after.data.records_lost).toMatchObject([{ segment: writer, commit: dropped, restorable: true, branch: "main" }]);
  expect(after.data.records_lost[0].message).toContain("exo doctor --fix");
  const doctor = envelope(await b.run("doctor", "--section", "ledger"));
  const section = doctor.data.sections.find((s: { name: string }) => s.name === "ledger");
  expect(section).toMatchObject({ status: "warn", fixable: true, hint: "exo doctor --fix --section ledger" });
  const fixed = envelope(await b.run("doctor", "--fix", "--section", "ledger"));
  expect(JSON.stringify(fixed.data.fixed)).toContain(writer);
  const back = envelope(await b.run("ledger-verify"));
  expect(back.data).toMatchObject({ valid: true, records_lost: [] });
  expect(readFileSync(join(b.dir, ".exo", "ledger", `${writer}.jsonl`), "utf8")).toBe(git(a.dir, "show", `${dropped}:.exo/ledger/${writer}.jsonl`));
});

test("conflict markers a teammate committed in a ticket (a text merge without exo's driver, then git commit and push): doctor says git's copy has them too and --fix merges the merge's two sides like the driver", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [(typeof clones)[0], (typeof clones)[0]];
  const edit = (dir: string, from: RegExp, to: string) => writeFileSync(join(dir, ".exo/tickets/T1.yaml"), readFileSync(join(dir, ".exo/tickets/T1.yaml"), "utf8").replace(from, to));
  edit(a.dir, /^title: .*$/m, 'title: "alpha"');
  edit(a.dir, /^priority: .*$/m, "priority: 1");
  git(a.dir, "commit", "-qam", "alpha");
  git(a.dir, "push", "-q", "origin", "HEAD");
  // b edits by hand, with no exo command run in its clone yet (no merge driver registered).
  edit(b.dir, /^title: .*$/m, 'title: "beta"');
  edit(b.dir, /^blockers: .*$/m, 'blockers: ["T2"]');
  git(b.dir, "commit", "-qam", "beta");
  expect(() => git(b.dir, "pull", "-q", "--no-rebase")).toThrow();
  git(b.dir, "add", "-A");
  git(b.dir, "commit", "-qm", "merge", "--no-verify");
  git(b.dir, "push", "-q", "origin", "HEAD");
  git(a.dir, "pull", "-q", "--no-rebase");
  expect(readFileSync(join(a.dir, ".exo/tickets/T1.yaml"), "utf8")).toContain("<<<<<<<");
  const doctor = envelope(await a.run("doctor", "--section", "tickets"));
  const section = doctor.data.sections.find((s: { name: string }) => s.name === "tickets");
  expect(section).toMatchObject({ status: "fail", fixable: true, hint: "exo doctor --fix --section tickets" });
  expect(section.message).toContain("committed (git checkout cannot restore it)");
  const fixed = envelope(await a.run("doctor", "--fix", "--section", "tickets"));
  expect(JSON.stringify(fixed.data.fixed)).toContain(".exo/tickets/T1.yaml");
  const t1 = envelope(await a.run("ticket-show", "T1")).data.ticket;
  // Both sides' edits are kept: a's priority, b's blocker; the title conflict took one side.
  expect(t1).toMatchObject({ priority: 1, blockers: ["T2"] });
  expect(["alpha", "beta"]).toContain(t1.title);
});

test("two clones that both changed the constitution and composed: the pulled lock's conflict markers are named as an unresolved merge (not a hand edit), and doctor walks through resolve → compose --repair → git add", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [(typeof clones)[0], (typeof clones)[0]];
  for (const c of [a, b]) {
    const file = join(c.dir, ".exo/constitution.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^name: .*$/m, `name: "${c.host} governance"`));
    expect(envelope(await c.run("compose", "--actor", "human:me")).ok).toBe(true);
    git(c.dir, "add", "-A");
    git(c.dir, "commit", "-qm", `governance ${c.host}`, "--no-verify");
  }
  git(a.dir, "push", "-q", "origin", "HEAD");
  expect(() => git(b.dir, "pull", "-q", "--no-rebase")).toThrow();
  const start = envelope(await b.run("session-start", "--ticket-id", "T1", "--actor", "agent:claude"));
  expect(start.error?.code).toBe("GOVERNANCE_TAMPERED");
  expect(start.error?.message).toContain("holds git conflict markers");
  const section = (run: { stdout: string }, name: string) => envelope(run as never).data.sections.find((s: { name: string }) => s.name === name);
  const first = await b.run("doctor", "--section", "git_tracking", "--actor", "human:me");
  expect(section(first, "git_tracking")).toMatchObject({ status: "fail", hint: "git mergetool -- .exo/constitution.yaml" });
  expect(section(first, "git_tracking").message).toContain("exo compose --repair");
  git(b.dir, "checkout", "--theirs", ".exo/constitution.yaml");
  git(b.dir, "add", ".exo/constitution.yaml");
  expect(envelope(await b.run("compose", "--repair", "--actor", "human:me")).ok).toBe(true);
  const second = await b.run("doctor", "--section", "git_tracking", "--section", "governance", "--actor", "human:me");
  expect(section(second, "governance").status).toBe("pass");
  expect(section(second, "git_tracking")).toMatchObject({ status: "fail", hint: "git add -- .exo/governance.lock.json .exo/policy.sealed.json" });
  git(b.dir, "add", "--", ".exo/governance.lock.json", ".exo/policy.sealed.json");
  git(b.dir, "commit", "-qm", "merge", "--no-verify");
  expect(envelope(await b.run("session-start", "--ticket-id", "T1", "--actor", "agent:claude")).ok).toBe(true);
});

test("a clone whose git converts line ends (core.autocrlf): .exo/.gitattributes keeps exo's files as written; a segment converted anyway (an older attributes file) is text_converted, not an edit, and doctor --fix puts the LF back", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [(typeof clones)[0]];
  git(a.dir, "config", "core.autocrlf", "true");
  const recheckout = () => {
    git(a.dir, "rm", "-q", "-r", "--cached", ".exo/ledger");
    git(a.dir, "checkout", "-q", "HEAD", "--", ".exo/ledger");
  };
  expect(readFileSync(join(a.dir, ".exo/.gitattributes"), "utf8")).toContain("* -text");
  recheckout();
  expect(envelope(await a.run("ledger-verify")).data.valid).toBe(true);
  // An attributes file from before (no -text): git writes CR LF into the segments.
  writeFileSync(join(a.dir, ".exo/.gitattributes"), "tickets/*.yaml merge=exo-ticket\n");
  recheckout();
  const segment = git(a.dir, "ls-files", ".exo/ledger").trim().split("\n")[0] as string;
  expect(readFileSync(join(a.dir, segment), "utf8")).toContain("\r\n");
  const bad = envelope(await a.run("ledger-verify"));
  expect(bad.error?.code).toBe("LEDGER_INVALID");
  expect(bad.data.errors[0].code).toBe("text_converted");
  expect(bad.error?.hint).toBe("exo doctor --fix --section ledger");
  const fixed = envelope(await a.run("doctor", "--fix", "--section", "ledger"));
  expect(JSON.stringify(fixed.data.fixed)).toContain("LF line ends");
  expect(envelope(await a.run("ledger-verify")).data.valid).toBe(true);
  expect(readFileSync(join(a.dir, segment), "utf8")).not.toContain("\r");
  // doctor names the attributes file that lets git convert, and --fix puts '* -text' back in it.
  const scaffold = envelope(await a.run("doctor", "--section", "scaffold")).data.sections[0];
  expect(scaffold).toMatchObject({ name: "scaffold", status: "warn", fixable: true });
  expect(JSON.stringify(envelope(await a.run("doctor", "--fix", "--section", "scaffold")).data.fixed)).toContain("* -text");
  expect(readFileSync(join(a.dir, ".exo/.gitattributes"), "utf8")).toMatch(/^\* -text$[\s\S]*merge=exo-ticket/m);
  // An editor that saved the segment with a byte order mark: named as such, taken out the same way.
  writeFileSync(join(a.dir, segment), `\uFEFF${readFileSync(join(a.dir, segment), "utf8")}`);
  const bom = envelope(await a.run("ledger-verify"));
  expect(bom.data.errors[0]).toMatchObject({ code: "text_converted" });
  expect(bom.data.errors[0].message).toContain("byte order mark");
  expect(envelope(await a.run("doctor", "--fix", "--section", "ledger")).ok).toBe(true);
  expect(envelope(await a.run("ledger-verify")).data.valid).toBe(true);
});

test("a remote whose rules refuse updates of refs/exo/* (create only): the claim and its start still work (the session just goes unnamed), the finish warns, and doctor --fix says the remote refused rather than offering the same fix again", async () => {
  const { bare, clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [(typeof clones)[0]];
  const hook = join(bare, "hooks", "pre-receive");
  writeFileSync(hook, '#!/bin/sh\nwhile read old new ref; do\n  case "$old" in 0000000000000000000000000000000000000000) ;; *) echo "protected: $ref" >&2; exit 1;; esac\ndone\n');
  chmodSync(hook, 0o755);
  expect(envelope(await a.run("next", "--owner", "alice", "--distributed")).ok).toBe(true);
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  expect(leaseSession(a.dir, "T1")).toBe("-");
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
  expect(finish.ok).toBe(true);
  expect((finish.warnings ?? []).map((w: { code: string }) => w.code)).toContain("REMOTE_LEASE_NOT_RELEASED");
  const fix = envelope(await a.run("doctor", "--fix", "--section", "locks"));
  const locks = fix.data.sections.find((s: { name: string }) => s.name === "locks");
  expect(locks).toMatchObject({ status: "warn", fixable: false });
  expect(locks.message).toContain("REMOTE_REFUSED: it refuses pushes to refs/exo/*");
});
