// Regressions of issue #12: three clones of one remote, one per "machine" (EXO_HOST).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, git } from "../../helpers/repo.js";
import { at, team } from "../../helpers/team.js";

const T0 = "2026-11-24T09:00:00.000Z";
const T2H = "2026-11-24T11:00:00.000Z";
const TICKETS = [1, 2, 3, 4].map((n) => ({ id: `T${n}`, priority: n <= 2 ? 1 : 3, allow: ["src/**"] }));

test("1. identity: the default actor is human:<git email>, and one name on two machines is two owners", { timeout: 240_000 }, async () => {
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

test("2. starvation: a clone that knows nothing skips tickets leased elsewhere and claims a free one", { timeout: 240_000 }, async () => {
  const { clones } = await team(TICKETS, ["host-a", "host-b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  envelope(await a.run("next", "--distributed", "--owner", "agent:x", at(T0)));
  envelope(await a.run("next", "--distributed", "--owner", "agent:y", at(T0)));
  const got = envelope(await b.run("next", "--distributed", "--owner", "agent:x", at(T0)));
  expect(got.ok).toBe(true);
  expect(["T3", "T4"]).toContain(got.data.ticket.id);
  expect(got.data.reasoning.remote).toMatchObject({ name: "origin", leases: 2, held_elsewhere: 2 });
});

test("3. session-start --dispatch --distributed takes the remote lease without config", { timeout: 240_000 }, async () => {
  const { clones, bare } = await team(TICKETS, ["host-a", "host-b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  const sa = envelope(await a.run("session-start", "--dispatch", "--distributed", "--actor", "agent:one", at(T0)));
  expect(sa.data.lock.distributed).toMatchObject({ remote: "origin" });
  const sb = envelope(await b.run("session-start", "--dispatch", "--distributed", "--actor", "agent:two", at(T0)));
  expect(sb.data.ticket.id).not.toBe(sa.data.ticket.id);
  expect(git(bare, "for-each-ref", "--format=%(refname)", "refs/exo/leases/").trim().split("\n").sort()).toEqual([`refs/exo/leases/${sa.data.ticket.id}`, `refs/exo/leases/${sb.data.ticket.id}`].sort());
});

test("4. finish after takeover: LOCK_LOST names the new holder, the memento is written; renew says taken over; the new holder gets a remote contention advisory", { timeout: 240_000 }, async () => {
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

test("5. fencing tokens never repeat after gc-locks --remote --prune-released 0", { timeout: 240_000 }, async () => {
  const { clones, bare } = await team([{ id: "T1" }], ["host-a", "host-b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  envelope(await a.run("next", "--distributed", "--owner", "agent:a", at(T0)));
  envelope(await a.run("lease-release", "--ticket-id", "T1", "--actor", "agent:a", at(T0)));
  envelope(await a.run("ticket-update", "T1", "--status", "cancelled", "--reason", "dup", at(T0)));
  const gc = envelope(await a.run("gc-locks", "--remote", "--prune-released", "0", at(T0)));
  expect(gc.data.remote[0]).toMatchObject({ ticket: "T1", action: "pruned" });
  expect(git(bare, "for-each-ref", "--format=%(refname)", "refs/exo/").trim()).toBe("refs/exo/fencing/high-water");
  // A clone that has not pulled the cancel skips the pruned ticket (the mark remembers it).
  const stale = envelope(await b.run("next", "--distributed", "--owner", "agent:b", at(T0)));
  expect(stale.error?.code).toBe("NO_TICKET");
  expect(stale.error?.details.reasons).toMatchObject({ closed_remote: 1 });
  // Reopened later and shared: a clone with no local lock file still gets a higher token.
  envelope(await a.run("ticket-update", "T1", "--status", "todo", "--reason", "reopened", at(T2H)));
  git(a.dir, "add", ".exo/tickets");
  git(a.dir, "commit", "-qm", "reopen T1");
  git(a.dir, "push", "-q", "origin", "HEAD:main");
  git(b.dir, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main");
  const again = envelope(await b.run("next", "--distributed", "--owner", "agent:b", at(T2H)));
  expect(again.data.ticket.id).toBe("T1");
  expect(again.data.lock.fencing_token).toBe(2);
});

test("6. ticket state claimed and edited in two clones merges without conflicts (exo-ticket merge driver)", { timeout: 240_000 }, async () => {
  const { clones } = await team([{ id: "T1", allow: ["src/**"] }, { id: "T2" }], ["host-a", "host-b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  expect(git(a.dir, "check-attr", "merge", ".exo/tickets/T1.yaml")).toMatch(/merge: exo-ticket/);
  envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", "--actor", "agent:a", at(T0)));
  const fin = envelope(await a.run("session-finish", "--summary", "done", "--set-status", "review", "--actor", "agent:a", at(T2H)));
  expect(fin.data.auto_commit).toBeTruthy();
  git(a.dir, "push", "-q", "origin", "main");
  // Meanwhile in B: a person edits the same ticket and commits.
  envelope(await b.run("ticket-update", "T1", "--priority", "1", at(T0)));
  git(b.dir, "commit", "-qam", "raise T1");
  // B's next registered the driver in this clone; the pull merges the ticket by meaning.
  envelope(await b.run("next", "--distributed", "--owner", "agent:b", at(T0)));
  git(b.dir, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main");
  expect(git(b.dir, "diff", "--name-only", "--diff-filter=U").trim()).toBe("");
  const t1 = envelope(await b.run("ticket-show", "T1", at(T2H)));
  expect(t1.data.ticket ?? t1.data).toMatchObject({ status: "review", priority: 1 });
});

test("7. a fetch shows other clones' live leases: remote sibling and remote scope_conflict at start", { timeout: 240_000 }, async () => {
  const { clones } = await team([{ id: "T1", allow: ["src/**"] }, { id: "T2", allow: ["src/api/**"] }], ["host-a", "host-b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  const sa = envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", "--actor", "agent:a", at(T0)));
  envelope(await b.run("next", "--owner", "agent:b", at(T0))); // any claim registers exo's fetch refspecs in this clone
  git(b.dir, "fetch", "-q", "origin"); // …so a plain fetch brings the lease refs along
  const sb = envelope(await b.run("session-start", "--ticket-id", "T2", "--actor", "agent:b", at(T0)));
  expect(sb.data.siblings).toContainEqual(expect.objectContaining({ id: sa.data.session.id, actor: "agent:a", ticket: "T1", remote: true, host: "host-a" }));
  expect(sb.data.advisories).toContainEqual(expect.objectContaining({ kind: "scope_conflict", details: expect.objectContaining({ ticket: "T1", remote: true, host: "host-a" }) }));
  expect(sb.data.bootstrap).toMatch(/agent:a on T1 .*\[remote: host-a\]/);
});

test("8. sidecar end to end: doctor, advisories, commits at every step, truncation detected, fresh-clone hint", { timeout: 240_000 }, async () => {
  const { tempRepo, exo } = await import("../../helpers/repo.js");
  const { readFile, readdir, writeFile } = await import("node:fs/promises");
  const repo = await tempRepo({ "src/a.ts": "a\n" });
  expect((await exo(repo, "install", "--no-hooks")).code).toBe(0);
  expect(envelope(await exo(repo, "sidecar-init", "--no-fetch")).ok).toBe(true);
  const exoDir = join(repo, ".exo");
  const count = () => Number(git(exoDir, "rev-list", "--count", "HEAD").trim());
  const doctor = envelope(await exo(repo, "doctor", "--section", "git_tracking"));
  expect(doctor.data.sections.find((s: { name: string }) => s.name === "git_tracking")).toMatchObject({ status: "pass" });
  let n = count();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1"));
  expect(count()).toBe(n + 1);
  n = count();
  envelope(await exo(repo, "next", "--owner", "agent:s"));
  expect(count()).toBe(n + 1);
  n = count();
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--actor", "agent:s"));
  expect(start.data.advisories.map((a: { kind: string }) => a.kind)).not.toContain("governance_untracked");
  expect(count()).toBe(n + 1);
  // Truncating a committed segment is caught against the sidecar branch.
  const seg = (await readdir(join(exoDir, "ledger"))).find((f) => f.endsWith(".jsonl")) as string;
  const lines = (await readFile(join(exoDir, "ledger", seg), "utf8")).split("\n").filter(Boolean);
  await writeFile(join(exoDir, "ledger", seg), `${lines.slice(0, 2).join("\n")}\n`);
  const verify = envelope(await exo(repo, "ledger-verify"));
  expect(verify.data.valid).toBe(false);
  expect(JSON.stringify(verify.data)).toMatch(/"truncated"/);
  // A fresh clone points at sidecar-init, not install.
  const bare = `${repo}-remote.git`;
  git(repo, "clone", "-q", "--bare", repo, bare);
  git(repo, "push", "-q", bare, "exo-governance");
  const fresh = `${repo}-fresh`;
  git(repo, "clone", "-q", bare, fresh);
  const status = envelope(await exo(fresh, "status"));
  expect(status.error).toMatchObject({ code: "NOT_INITIALIZED", hint: "exo sidecar-init" });
  // CI on a fresh checkout reads governance from the sidecar ref; the generated workflow says so.
  const pr = envelope(await exo(fresh, "pr-check", "--governance-ref", "origin/exo-governance"));
  expect(pr.error?.code ?? "none").not.toBe("NOT_INITIALIZED");
  expect(pr.data).toMatchObject({ verdict: expect.any(String) });
  envelope(await exo(repo, "adapter-generate", "--target", "ci"));
  const workflow = await readFile(join(repo, ".github/workflows/exo-governance.yml"), "utf8");
  expect(workflow).toMatch(/git worktree add --detach \.exo origin\/exo-governance/);
  expect(workflow).toMatch(/pr-check .*--governance-ref origin\/exo-governance/);
  await import("node:fs/promises").then((fs) => Promise.all([fs.rm(bare, { recursive: true, force: true }), fs.rm(fresh, { recursive: true, force: true })]));
});
