import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, writeFiles } from "../../helpers/repo.js";

const CLAUDE = { EXO_ACTOR: "agent:claude" };
const CODEX = { EXO_ACTOR: "agent:codex" };

async function repoWithTasks(): Promise<string> {
  const repo = await initRepo({ "src/auth/a.ts": "a\n", "src/billing/b.ts": "b\n" });
  await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/auth/**", "--id", "INT-1");
  await exo(repo, "ticket-create", "signup", "--parent", "INT-1", "--id", "T1");
  await exo(repo, "ticket-create", "jwt", "--parent", "INT-1", "--id", "T2", "--scope-allow", "src/auth/jwt/**");
  await exo(repo, "ticket-create", "billing", "--id", "T3", "--scope-allow", "src/billing/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "tickets");
  return repo;
}

test("suspend → paused and lock released; resume → active with token + 1, same base, Resumed section", async () => {
  const repo = await repoWithTasks();
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--task", "signup", { env: CLAUDE }));
  const sus = envelope(await exo(repo, "session-suspend", "--reason", "lunch", { env: CLAUDE }));
  expect(sus.data).toMatchObject({ ticket_status: "paused", lock_released: true, session: { status: "suspended" } });
  expect(envelope(await exo(repo, "session-suspend", "--reason", "again", { env: CLAUDE })).error?.code).toBe("SESSION_SUSPENDED");
  expect(envelope(await exo(repo, "session-finish", "--summary", "x", { env: CLAUDE })).error?.code).toBe("SESSION_SUSPENDED");
  const other = await exo(repo, "session-resume", "--session-id", start.data.session.id, { env: CODEX });
  expect(envelope(other).error?.code).toBe("NO_ACTIVE_SESSION");
  const res = await exo(repo, "session-resume", { env: CLAUDE, json: false });
  expect(res.stdout).toMatch(/## Resumed\nSuspended at .* because: lunch/);
  const scan = envelope(await exo(repo, "session-scan"));
  expect(scan.data.sessions[0]).toMatchObject({ id: start.data.session.id, status: "active" });
  const session = JSON.parse(await readFile(join(repo, ".exo/sessions", `${start.data.session.id}.json`), "utf8"));
  expect(session).toMatchObject({ start_commit: start.data.session.start_commit, task: "signup", fencing_token: 2 });
  expect(envelope(await exo(repo, "session-resume", { env: CLAUDE })).error).toMatchObject({ code: "NO_ACTIVE_SESSION", message: `agent:claude's session ${start.data.session.id} on T1 is already active; there is nothing to resume.`, hint: "exo status" });
  expect(envelope(await exo(repo, "session-resume", "--session-id", start.data.session.id, { env: CLAUDE })).error?.code).toBe("SESSION_NOT_SUSPENDED");
});

test("handoff writes a one-shot record; the receiver's start consumes it and shows it once", async () => {
  const repo = await repoWithTasks();
  await exo(repo, "session-start", "--ticket-id", "T1", { env: CLAUDE });
  const bad = await exo(repo, "session-handoff", "--to", "not an actor", "--summary", "x", { env: CLAUDE });
  expect(envelope(bad).error?.code).toBe("INVALID_INPUT");
  const h = envelope(await exo(repo, "session-handoff", "--to", "agent:codex", "--summary", "half done", "--reason", "out of tokens", "--next-step", "write tests", { env: CLAUDE }));
  expect(h.data).toMatchObject({ ticket_status: "paused", handoff: { to_actor: "agent:codex", ticket: "T1", next_steps: ["write tests"] } });
  expect(JSON.parse(await readFile(join(repo, ".exo/handoffs/T1.json"), "utf8")).from_actor).toBe("agent:claude");
  // Addressed to codex: another actor sees it pending, not consumed.
  const cursor = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:cursor" } }));
  expect(cursor.data.advisories.map((a: { kind: string }) => a.kind)).toContain("handoff_pending");
  await exo(repo, "session-suspend", "--reason", "not mine", { env: { EXO_ACTOR: "agent:cursor" } });
  await exo(repo, "session-cleanup", "--session-id", cursor.data.session.id, "--force");
  const recv = await exo(repo, "session-start", "--ticket-id", "T1", { env: CODEX, json: false });
  expect(recv.stdout).toMatch(/## Handoff\nFrom agent:claude \(SES-.*\) at .*: out of tokens\nhalf done\nNext steps:\n- write tests/);
  await expect(readFile(join(repo, ".exo/handoffs/T1.json"), "utf8")).rejects.toThrow();
  const again = await exo(repo, "session-start", "--ticket-id", "T1", { env: CODEX, json: false });
  expect(again.stdout).not.toMatch(/## Handoff/);
  const consumed = envelope(await exo(repo, "ledger-show", "--type", "handoff.consumed", "--all"));
  expect(consumed.data.total).toBe(1);
});

test("a crashed agent (kill -9) is stale, cleanup writes a crash memento and frees the ticket; a live agent is never stale", async () => {
  const repo = await repoWithTasks();
  const agent = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  const alive = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  try {
    const s1 = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--pid", String(agent.pid), { env: CLAUDE }));
    const s2 = envelope(await exo(repo, "session-start", "--ticket-id", "T3", "--pid", String(alive.pid), { env: CODEX }));
    expect(s1.data.session.pid).toBe(agent.pid);
    await writeFiles(repo, { "src/auth/a.ts": "changed\n" });
    agent.kill("SIGKILL");
    await new Promise((r) => agent.once("exit", r));
    // Far in the future: heartbeats and leases have expired, but a live pid still keeps s2 alive.
    const later = { EXO_NOW: "2030-01-01T00:00:00.000Z" };
    const scan = envelope(await exo(repo, "session-scan", { env: later }));
    const byId = Object.fromEntries(scan.data.sessions.map((s: { id: string }) => [s.id, s]));
    expect(byId[s1.data.session.id]).toMatchObject({ stale: true, pid_alive: false });
    expect(byId[s1.data.session.id].stale_reasons).toContain("pid_dead");
    expect(byId[s2.data.session.id]).toMatchObject({ stale: false, pid_alive: true });
    const clean = envelope(await exo(repo, "session-cleanup", { env: later }));
    expect(clean.data.recovered).toEqual([expect.objectContaining({ session: s1.data.session.id, ticket: "T1", ticket_status: "paused", lock_released: true })]);
    expect(clean.data.skipped).toEqual([{ session: s2.data.session.id, reason: "not_stale" }]);
    const memento = await readFile(join(repo, clean.data.recovered[0].memento), "utf8");
    expect(memento).toMatch(/outcome: crashed/);
    expect(memento).toMatch(/Recovered by human:test@example\.invalid: .*pid_dead/);
    const crashed = envelope(await exo(repo, "ledger-show", "--type", "session.crashed"));
    expect(crashed.data.records[0].data).toMatchObject({ outcome: "crashed", recovered_by: "human:test@example.invalid", ticket_status: "paused" });
    expect(envelope(await exo(repo, "session-cleanup", "--session-id", "SES-20261124-090000-AAAAAA")).error?.code).toBe("SESSION_NOT_FOUND");
  } finally {
    agent.kill("SIGKILL");
    alive.kill("SIGKILL");
  }
});

test("scope_conflict fires for overlapping siblings only; ticket_branch_mismatch on a branch change", async () => {
  const repo = await repoWithTasks();
  await exo(repo, "session-start", "--ticket-id", "T1", { env: CLAUDE });
  const overlapping = envelope(await exo(repo, "session-start", "--ticket-id", "T2", { env: CODEX }));
  const conflict = overlapping.data.advisories.find((a: { kind: string }) => a.kind === "scope_conflict");
  expect(conflict).toMatchObject({ severity: "warning", details: { ticket: "T1", actor: "agent:claude", pairs: [["src/auth/jwt/**", "src/auth/**"]] } });
  const separate = envelope(await exo(repo, "session-start", "--ticket-id", "T3", { env: { EXO_ACTOR: "agent:cursor" } }));
  expect(separate.data.advisories.map((a: { kind: string }) => a.kind)).not.toContain("scope_conflict");
  await exo(repo, "session-finish", "--summary", "done", { env: CLAUDE });
  git(repo, "checkout", "-qb", "feature");
  const mismatch = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: CLAUDE }));
  expect(mismatch.data.advisories.find((a: { kind: string }) => a.kind === "ticket_branch_mismatch")?.details).toEqual({ previous_branch: "main", current_branch: "feature" });
});

test("unmerged_work and base_divergence fire on real branches; silent otherwise", async () => {
  const repo = await repoWithTasks();
  const quiet = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: CLAUDE }));
  expect(quiet.data.advisories.map((a: { kind: string }) => a.kind).filter((k: string) => ["unmerged_work", "base_divergence"].includes(k))).toEqual([]);
  await exo(repo, "session-suspend", "--reason", "wait", { env: CLAUDE });
  git(repo, "checkout", "-qb", "other-work");
  await writeFiles(repo, { "src/auth/other.ts": "x\n" });
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "other work", "-m", "Exo-Ticket: T9");
  git(repo, "checkout", "-q", "main");
  for (let i = 0; i < 15; i++) git(repo, "commit", "-q", "--allow-empty", "-m", `main ${i}`);
  git(repo, "checkout", "-qb", "late", "HEAD~15");
  const env = envelope(await exo(repo, "session-start", "--ticket-id", "T3", { env: CODEX }));
  const kinds = env.data.advisories.map((a: { kind: string }) => a.kind);
  expect(kinds).toContain("base_divergence");
  await exo(repo, "ticket-create", "more auth", "--parent", "INT-1", "--id", "T4");
  const start2 = envelope(await exo(repo, "session-start", "--ticket-id", "T4", { env: { EXO_ACTOR: "agent:cursor" } }));
  const unmerged = start2.data.advisories.find((a: { kind: string }) => a.kind === "unmerged_work");
  expect(unmerged.details).toMatchObject({ branch: "other-work", files: ["src/auth/other.ts"], tickets: ["T9"] });
});

test("learnings: reflect, listed newest first, injected into the bootstrap, dismissed", async () => {
  const repo = await repoWithTasks();
  const a = envelope(await exo(repo, "reflect", "--pattern", "slow e2e", "--insight", "run unit tests while iterating", "--severity", "high"));
  envelope(await exo(repo, "reflect", "--pattern", "billing", "--insight", "billing is fragile", "--scope", "T3"));
  expect(envelope(await exo(repo, "reflect", "--pattern", "x", "--insight", "y", "--scope", "NOPE")).error?.code).toBe("TICKET_NOT_FOUND");
  const list = envelope(await exo(repo, "reflections"));
  expect(list.data.learnings).toHaveLength(2);
  const boot = await exo(repo, "session-start", "--ticket-id", "T1", { env: CLAUDE, json: false });
  expect(boot.stdout).toMatch(/## Learnings\n- \[high\] run unit tests while iterating \(REF-/);
  expect(boot.stdout).not.toMatch(/billing is fragile/);
  const dismissed = envelope(await exo(repo, "reflect-dismiss", a.data.learning.id));
  expect(dismissed.data.learning.status).toBe("dismissed");
  expect(envelope(await exo(repo, "reflections")).data.learnings).toHaveLength(1);
  expect(envelope(await exo(repo, "reflect-dismiss", "REF-20261124-090000-AAAAAA")).error?.code).toBe("LEARNING_NOT_FOUND");
  await exo(repo, "session-finish", "--summary", "first pass", "--next-step", "polish", { env: CLAUDE });
  const next = await exo(repo, "session-start", "--ticket-id", "T1", { env: CODEX, json: false });
  expect(next.stdout).toMatch(/## Previous session\nSES-.* by agent:claude, finished at .*: first pass Next steps: - polish/);
});

test("--takeover recovers another actor's stale session and raises ticket_contention", async () => {
  const repo = await repoWithTasks();
  await exo(repo, "session-start", "--ticket-id", "T1", "--ttl-hours", "1", { env: { ...CLAUDE, EXO_NOW: "2026-11-24T09:00:00.000Z" } });
  const later = { EXO_NOW: "2026-11-25T09:00:00.000Z" };
  const refused = await exo(repo, "session-start", "--ticket-id", "T1", { env: { ...CODEX, ...later } });
  expect(envelope(refused).error?.code).toBe("STALE_SESSION_PRESENT");
  const took = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--takeover", { env: { ...CODEX, ...later } }));
  expect(took.ok).toBe(true);
  expect(took.data.advisories.map((a: { kind: string }) => a.kind)).toContain("ticket_contention");
  // The session taken over is closed: no sibling, so no scope_conflict with it (SPEC §7.11).
  expect(took.data.advisories.map((a: { kind: string }) => a.kind)).not.toContain("scope_conflict");
  expect(took.data.siblings).toEqual([]);
  const cfg = await readFile(join(repo, ".exo/config.yaml"), "utf8");
  await writeFile(join(repo, ".exo/config.yaml"), cfg);
});

test("stale_branch, machine_load and governance_untracked fire on their triggers", async () => {
  const origin = await repoWithTasks();
  const { mkdtemp, realpath } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const clone = await realpath(await mkdtemp(join(tmpdir(), "exo-clone-")));
  git(clone, "clone", "-q", origin, ".");
  git(clone, "config", "user.name", "T");
  git(clone, "config", "user.email", "t@example.invalid");
  git(origin, "commit", "-q", "--allow-empty", "-m", "upstream moves on");
  git(clone, "fetch", "-q");
  const cfg = join(clone, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("drift:", "advisories:\n  machine_min_free_mb: 99999999\ndrift:"));
  const env = envelope(await exo(clone, "session-start", "--ticket-id", "T1", { env: CLAUDE }));
  const kinds = env.data.advisories.map((a: { kind: string }) => a.kind);
  expect(kinds).toEqual(expect.arrayContaining(["stale_branch", "machine_load"]));
  expect(env.data.advisories.find((a: { kind: string }) => a.kind === "stale_branch").details).toMatchObject({ upstream: "origin/main", behind: 1, ahead: 0 });
  expect(kinds).not.toContain("governance_untracked");
  // A repository whose governance lock is not committed.
  const fresh = await initRepo();
  git(fresh, "rm", "-q", "--cached", ".exo/governance.lock.json");
  git(fresh, "commit", "-qm", "untrack");
  await exo(fresh, "ticket-create", "t", "--id", "T1");
  const untracked = envelope(await exo(fresh, "session-start", "--ticket-id", "T1", { env: CLAUDE }));
  expect(untracked.data.advisories.map((a: { kind: string }) => a.kind)).toContain("governance_untracked");
  expect(untracked.data.advisories.map((a: { kind: string }) => a.kind)).not.toContain("stale_branch");
});
