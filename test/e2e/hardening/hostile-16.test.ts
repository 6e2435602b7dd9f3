// Round 16: a team of clones — leases whose transfer or clock cannot be trusted, another clone's
// claim seen without distributed leases, records behind symlinks, MCP paths outside the repo.
import { chmod, cp, mkdir, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { leaseState, locksSection, team, type Clone } from "../../helpers/team.js";

const A = { env: { EXO_ACTOR: "agent:a" } };
const B = { env: { EXO_ACTOR: "agent:b" } };

/** Make the bare remote refuse every push (a pre-receive hook), as a protected server would; returns the undo. */
async function refusePushes(bare: string): Promise<() => Promise<void>> {
  const hook = join(bare, "hooks/pre-receive");
  await writeFile(hook, "#!/bin/sh\necho 'refs/exo/* are protected' >&2\nexit 1\n");
  await chmod(hook, 0o755);
  return () => rm(hook, { force: true });
}

test("handoff --keep-lock whose lease transfer the remote refuses: REMOTE_LEASE_NOT_TRANSFERRED at once, doctor names untransferred_leases, --fix transfers it and the receiver works on", async () => {
  const { bare, clones } = await team([{ id: "T1" }], ["ha"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", A)).ok).toBe(true);
  const allow = await refusePushes(bare);
  const handed = envelope(await a.run("session-handoff", "--to", "agent:b", "--summary", "yours", "--keep-lock", A));
  expect(handed.ok, JSON.stringify(handed.error)).toBe(true);
  // Before: nothing said; the lock named agent:b while the remote lease still named agent:a.
  expect(handed.warnings?.find((w) => w.code === "REMOTE_LEASE_NOT_TRANSFERRED")?.message).toMatch(/^The remote lease of T1 on origin still names agent:a \(Remote origin refused the push of refs\/exo\/leases\/T1 \(pre-receive hook declined\).*\); run exo doctor --fix once the remote accepts pushes\.$/);
  expect(JSON.parse(readFileSync(join(a.dir, ".exo/locks/T1.json"), "utf8")).owner).toBe("agent:b");
  expect(leaseState(a.dir, "T1")).toMatchObject({ state: "held", owner: "agent:a" });
  await allow();
  // The receiver's heartbeat before the repair says what happened and what to run.
  const early = coded(await a.run("lease-heartbeat", "--ticket-id", "T1", B), "LOCK_OWNER_MISMATCH");
  expect(early.error?.message).toBe("The remote lease on T1 still names agent:a: a handoff --keep-lock could not transfer it to agent:b; run exo doctor --fix --section locks to transfer it.");
  expect(early.error?.hint).toBe("exo doctor --fix --section locks");
  const report = locksSection(await a.run("doctor", "--section", "locks", B));
  expect(report).toMatchObject({ status: "warn", fixable: true, hint: "exo doctor --fix --section locks" });
  expect(report.details.untransferred_leases).toEqual([expect.objectContaining({ ticket: "T1", remote: "origin", lease_owner: "agent:a", lock_owner: "agent:b" })]);
  expect(report.message).toMatch(/T1 on origin still names agent:a, the local lock agent:b/);
  const fix = envelope(await a.run("doctor", "--fix", "--section", "locks", B));
  expect(fix.data.fixed).toContainEqual({ section: "locks", action: expect.stringMatching(/^transferred 1 remote lease to their local lock's owner: T1 on origin \(agent:b\)/) });
  const lease = leaseState(a.dir, "T1");
  expect(lease).toMatchObject({ state: "held", owner: "agent:b" });
  expect(JSON.parse(readFileSync(join(a.dir, ".exo/locks/T1.json"), "utf8")).distributed.nonce).toBe(lease?.nonce);
  expect(locksSection(await a.run("doctor", "--section", "locks", B)).status).toBe("pass");
  expect(existsSync(join(a.dir, ".exo/cache/leases")) ? await readdir(join(a.dir, ".exo/cache/leases")) : []).toEqual([]);
  // The receiver takes the ticket up and its heartbeat verifies the lease.
  const started = envelope(await a.run("session-start", "--ticket-id", "T1", B));
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  const beat = envelope(await a.run("lease-heartbeat", "--ticket-id", "T1", B));
  expect(beat.ok, JSON.stringify(beat.error)).toBe(true);
});

test("a remote that refuses lease pushes (a server hook) answers REMOTE_REFUSED naming its reason, not LEASE_CONFLICT 'kept changing; try again', and leaves no pending record", async () => {
  const { bare, clones } = await team([{ id: "T1" }], ["ha"]);
  const [a] = clones as [Clone];
  const allow = await refusePushes(bare);
  const started = coded(await a.run("session-start", "--ticket-id", "T1", "--distributed", A), "REMOTE_REFUSED");
  expect(started.error?.message).toMatch(/^Remote origin refused the push of refs\/exo\/leases\/T1 \(pre-receive hook declined\); allow pushes to refs\/exo\/\* on it, or work without remote leases/);
  expect(started.error?.details).toMatchObject({ remote: "origin", ref: "refs/exo/leases/T1" });
  expect(existsSync(join(a.dir, ".exo/locks/T1.json")) && JSON.parse(readFileSync(join(a.dir, ".exo/locks/T1.json"), "utf8")).state === "held").toBe(false);
  expect(existsSync(join(a.dir, ".exo/cache/leases")) ? await readdir(join(a.dir, ".exo/cache/leases")) : []).toEqual([]);
  await allow();
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", A)).ok).toBe(true);
});

test("records behind a symlink below .exo/cache (the ledger's token index, the ticket index) are ignored on read with STATE_LINK_IGNORED: a linked index cannot lower a ticket's fencing token or feed exo a ticket", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }, { id: "T2" }]);
  for (let i = 0; i < 3; i++) {
    expect(envelope(await exo(repo, "next", "--owner", "agent:a")).data.ticket.id).toBe("T1");
    expect(envelope(await exo(repo, "lease-release", "--ticket-id", "T1", "--force", A)).ok).toBe(true);
    await exo(repo, "ticket-update", "T1", "--status", "todo", "--reason", "again");
  }
  expect(JSON.parse(readFileSync(join(repo, ".exo/locks/T1.json"), "utf8")).fencing_token).toBe(3);
  // The lock file gone (a fresh clone, git clean): the ledger's tokens are the floor. A linked
  // index that has "read" every segment and found no token would make the next claim token 1.
  await rm(join(repo, ".exo/locks/T1.json"));
  const index = JSON.parse(readFileSync(join(repo, ".exo/cache/ledger/tokens.json"), "utf8"));
  const outside = await tempDir();
  await writeFile(join(outside, "tokens.json"), JSON.stringify({ ...index, tokens: {} }));
  await rm(join(repo, ".exo/cache/ledger/tokens.json"));
  await symlink(join(outside, "tokens.json"), join(repo, ".exo/cache/ledger/tokens.json"));
  const next = envelope(await exo(repo, "next", "--owner", "agent:a"));
  expect(next.data.ticket.id).toBe("T1");
  expect(JSON.parse(readFileSync(join(repo, ".exo/locks/T1.json"), "utf8")).fencing_token).toBe(4);
  expect(next.warnings?.find((w) => w.code === "STATE_LINK_IGNORED")?.message).toBe(".exo/cache/ledger/tokens.json lies behind the symlink .exo/cache/ledger/tokens.json; exo ignored it and rebuilt what it holds. Remove the link (rm .exo/cache/ledger/tokens.json) or run exo doctor --fix.");
  expect(JSON.parse(readFileSync(join(outside, "tokens.json"), "utf8")).tokens).toEqual({});

  // A ticket index linked to one naming T2 with another title and scope: the ticket file is read.
  const tickets = join(repo, ".exo/cache/tickets-index.json");
  await exo(repo, "tickets");
  const forged = readFileSync(tickets, "utf8").replaceAll('"title":"T2', '"title":"Forged T2');
  expect(forged).toContain("Forged T2");
  await writeFile(join(outside, "tickets-index.json"), forged);
  await rm(tickets);
  await symlink(join(outside, "tickets-index.json"), tickets);
  const shown = envelope(await exo(repo, "tickets"));
  expect(shown.data.tickets.find((t: { id: string }) => t.id === "T2").title).not.toMatch(/Forged/);
  expect(shown.warnings?.map((w) => w.code)).toContain("STATE_LINK_IGNORED");
  // The rebuilt index replaced the link (renamed over it); the file it led to is untouched.
  expect(lstatSync(tickets).isSymbolicLink()).toBe(false);
  expect(readFileSync(join(outside, "tickets-index.json"), "utf8")).toBe(forged);
  expect(envelope(await exo(repo, "tickets")).warnings?.map((w) => w.code) ?? []).not.toContain("STATE_LINK_IGNORED");
});

test("over MCP, decide's apply_patch and merge-ticket's sides are files inside the repository, and worktree-create's path inside or beside it (PATH_OUTSIDE_REPO); the CLI keeps its freedom", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }]);
  const outside = await tempDir();
  const patch = "*** Begin Patch\n*** Add File: src/x.ts\n+x\n*** End Patch\n";
  await writeFile(join(outside, "p.patch"), patch);
  await writeFile(join(repo, "p.patch"), patch);
  const ticket = readFileSync(join(repo, ".exo/tickets/T1.yaml"), "utf8");
  for (const side of [".merge_file_o", ".merge_file_a", ".merge_file_b"]) {
    await writeFile(join(outside, side), ticket);
    await writeFile(join(repo, side), ticket);
  }
  // A link inside the repository to the outside file counts as outside.
  await symlink(join(outside, "p.patch"), join(repo, "linked.patch"));
  const client = await mcpClient(repo);
  const call = async (name: string, args: Record<string, unknown>) => structured(await client.callTool({ name, arguments: args }));
  // Before: exo read any file on the machine for the agent, and rewrote "ours" wherever it was.
  for (const file of [join(outside, "p.patch"), "linked.patch"]) {
    const refused = await call("exo_decide", { apply_patch: file });
    expect(refused.error?.code, file).toBe("PATH_OUTSIDE_REPO");
    expect(refused.error?.message).toMatch(/^--apply-patch .* is outside the repository; over MCP exo reads and writes only files inside it/);
  }
  expect((await call("exo_decide", { apply_patch: "p.patch" })).ok).toBe(true);
  const merged = await call("exo_merge_ticket", { base: join(outside, ".merge_file_o"), ours: join(outside, ".merge_file_a"), theirs: join(outside, ".merge_file_b") });
  expect(merged.error?.code).toBe("PATH_OUTSIDE_REPO");
  expect((await call("exo_merge_ticket", { base: ".merge_file_o", ours: ".merge_file_a", theirs: ".merge_file_b" })).ok).toBe(true);
  const far = join(outside, "deep", "tree");
  const wt = await call("exo_worktree_create", { ticket_id: "T1", path: far });
  expect(wt.error?.code).toBe("PATH_OUTSIDE_REPO");
  expect(existsSync(far)).toBe(false);
  const beside = `${repo}-T1-mcp`;
  const made = await call("exo_worktree_create", { ticket_id: "T1", path: beside });
  expect(made.ok, JSON.stringify(made.error)).toBe(true);
  await rm(beside, { recursive: true, force: true });
  // The CLI (a person at a shell) still reads a patch anywhere.
  expect(envelope(await exo(repo, "decide", "--apply-patch", join(outside, "p.patch"))).ok).toBe(true);
});

test("a remote lease stamped by a clock a year ahead: a forged or wrong-clock lease still never holds a ticket, but whoever takes it over is told clock_suspect (its holder may be working), and gc-locks --remote marks it", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  const ahead = { env: { ...A.env, EXO_NOW: new Date(Date.now() + 365 * 86_400_000).toISOString() } };
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", ahead)).ok).toBe(true);
  expect(envelope(await a.run("lease-heartbeat", "--ticket-id", "T1", ahead)).ok).toBe(true);
  // Before: "whose remote lease expired" — it had not; its holder's clock was a year ahead.
  const took = envelope(await b.run("session-start", "--ticket-id", "T1", "--distributed", B));
  expect(took.ok, JSON.stringify(took.error)).toBe(true);
  const advisory = took.data.advisories.find((x: { kind: string }) => x.kind === "ticket_contention");
  expect(advisory.message).toMatch(/^took T1 over from agent:a on ha whose remote lease was stamped 365 days ahead of this clock .*set it with NTP/);
  expect(advisory.details).toMatchObject({ clock_suspect: true, previous_owner: "agent:a", remote: true });
  // The holder learns it at its next heartbeat.
  expect(envelope(await a.run("lease-heartbeat", "--ticket-id", "T1", ahead)).error?.code).toBe("LOCK_LOST");
  // gc-locks --remote (dry run, then for real) marks such a lease.
  const c = { env: { ...A.env, EXO_NOW: new Date(Date.now() + 200 * 86_400_000).toISOString() } };
  expect(envelope(await a.run("lease-release", "--ticket-id", "T1", "--force", ahead)).ok).toBe(true);
  expect(envelope(await a.run("next", "--owner", "agent:a", "--distributed", c)).data.ticket.id).toBe("T2");
  const dry = envelope(await b.run("gc-locks", "--remote", "--dry-run", B));
  expect(dry.data.remote.find((r: { ticket: string }) => r.ticket === "T2")).toMatchObject({ owner: "agent:a", action: "released", clock_suspect: true });
  expect(dry.data.remote.find((r: { ticket: string }) => r.ticket === "T1")?.clock_suspect).toBeUndefined();
  expect(envelope(await b.run("gc-locks", "--remote", B)).data.remote.find((r: { ticket: string }) => r.ticket === "T2")).toMatchObject({ state: "released", clock_suspect: true });
});

test("without distributed leases, another clone's claim pushed in its ledger is seen: session-start warns ticket_contention and doctor names claimed_elsewhere (before: two clones worked on one ticket in silence)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", A)).ok).toBe(true);
  git(a.dir, "add", "-A");
  git(a.dir, "commit", "-qm", "a works on T1");
  git(a.dir, "push", "-q", "origin", "HEAD");
  git(b.dir, "fetch", "-q");
  // b has not pulled: its own branch knows nothing, the fetched origin/main does.
  const started = envelope(await b.run("session-start", "--ticket-id", "T1", B));
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  const warned = started.data.advisories.find((x: { kind: string }) => x.kind === "ticket_contention");
  expect(warned?.message).toMatch(/^agent:a on ha holds T1 too, as origin\/main's ledger shows \(until .*\); without --distributed leases nothing keeps two clones off one ticket/);
  expect(warned?.details).toMatchObject({ actor: "agent:a", host: "ha", ref: "origin/main", claimed_elsewhere: true });
  // What the fetched ref's segments say is kept until the ref moves (doctor below reads it from there).
  const kept = JSON.parse(readFileSync(join(b.dir, ".exo/cache/claims-elsewhere.json"), "utf8")) as Record<string, unknown>;
  expect(Object.keys(kept)).toEqual([`refs/remotes/origin/main@${git(b.dir, "rev-parse", "origin/main").trim()}`]);
  const report = locksSection(await b.run("doctor", "--section", "locks", B));
  // b's session works under that lock: its suspend gives the ticket back (new-user-23), not a bare release.
  expect(report).toMatchObject({ status: "warn", fixable: false, hint: `exo session-suspend --session-id ${started.data.session.id} --reason "…"` });
  expect(report.details.claimed_elsewhere).toEqual([expect.objectContaining({ ticket: "T1", owner: "agent:a", host: "ha", ref: "origin/main" })]);
  // A ticket nobody else holds says nothing; once a releases and pushes, b's doctor is quiet.
  expect(envelope(await b.run("session-start", "--ticket-id", "T2", { env: { EXO_ACTOR: "agent:c" } })).data.advisories.filter((x: { kind: string }) => x.kind === "ticket_contention")).toEqual([]);
  expect(envelope(await a.run("session-finish", "--summary", "done", A)).ok).toBe(true);
  git(a.dir, "add", "-A");
  git(a.dir, "commit", "-qm", "a done", "--allow-empty");
  git(a.dir, "push", "-q", "origin", "HEAD");
  git(b.dir, "fetch", "-q");
  expect(locksSection(await b.run("doctor", "--section", "locks", B)).details.claimed_elsewhere ?? []).toEqual([]);
});

test(".exo/cache (or logs, traces) a symlink out of the repository: every command says to run exo doctor --fix (before: restore it from git history, where a machine-local folder never is), and --fix replaces it with an empty folder, leaving the target alone", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "T1" }]);
  const outside = await tempDir();
  for (const name of ["cache", "logs"]) {
    await cp(join(repo, ".exo", name), join(outside, name), { recursive: true }).catch(() => mkdir(join(outside, name), { recursive: true }));
    await rm(join(repo, ".exo", name), { recursive: true, force: true });
    await symlink(join(outside, name), join(repo, ".exo", name));
  }
  const before = await readdir(join(outside, "cache"));
  const refused = coded(await exo(repo, "next", "--owner", "agent:a"), "STATE_CORRUPT");
  expect(refused.error?.message).toMatch(/^\.exo\/(cache|logs) is a symlink to .*, outside the repository; exo does not read or write through it\. Run exo doctor --fix to replace it with an empty folder/);
  expect(refused.error?.hint).toBe("exo doctor --fix");
  expect(coded(await exo(repo, "doctor"), "STATE_CORRUPT").error?.hint).toBe("exo doctor --fix");
  const fixed = envelope(await exo(repo, "doctor", "--fix"));
  expect(fixed.data.fixed[0]).toEqual({ section: "state", action: "replaced 2 symlinks out of the repository with empty folders (the link targets were left alone): .exo/cache, .exo/logs" });
  for (const name of ["cache", "logs"]) expect(lstatSync(join(repo, ".exo", name)).isDirectory(), name).toBe(true);
  expect(await readdir(join(outside, "cache"))).toEqual(before);
  expect(envelope(await exo(repo, "next", "--owner", "agent:a")).data.ticket.id).toBe("T1");
  expect(envelope(await exo(repo, "ledger-verify")).ok).toBe(true);
});
