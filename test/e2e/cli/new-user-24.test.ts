// A new user's first hours and a small team's first day, twenty-fourth pass: who works on what in
// exo ready across two clones, worktrees left with changes, and the less-trodden commands.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, runNode, tempRepo } from "../../helpers/repo.js";
import { team } from "../../helpers/team.js";

test("exo ready names who works on an active ticket: the session here, or another clone's lease (before: 'status is active')", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }, { id: "T3" }], ["a", "b"]);
  const [a, b] = clones as [NonNullable<(typeof clones)[0]>, NonNullable<(typeof clones)[0]>];
  for (const c of [a, b]) git(c.dir, "config", "user.email", `${c.host}@example.invalid`);
  // a claims T1 with a lease and starts on it, and pushes the ticket files (T1 active).
  expect((await a.run("next", "--distributed")).code).toBe(0);
  const started = envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed"));
  git(a.dir, "add", ".exo");
  git(a.dir, "commit", "-qm", "claim T1");
  git(a.dir, "push", "-q", "origin", "HEAD");
  const here = envelope(await a.run("ready")).data.not_ready.find((r: { id: string }) => r.id === "T1");
  expect(here.detail).toBe(`human:a@example.invalid works on it (${started.data.session.id})`);
  // b pulls: T1 is active in its files; its next's one fetch brings a's live lease.
  git(b.dir, "pull", "-q");
  expect(envelope(await b.run("next", "--distributed", "--dry-run")).data.ticket.id).toBe("T2");
  const there = envelope(await b.run("ready", "--distributed")).data.not_ready.find((r: { id: string }) => r.id === "T1");
  expect(there.status).toBe("active");
  expect(there.detail).toMatch(/^leased by human:a@example\.invalid on a until .* \(another clone\)$/);
});

test("worktree-remove of a worktree with uncommitted changes names them, and its hint shows that worktree's status, not this checkout's", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const created = envelope(await exo(repo, "worktree-create", "--ticket-id", "TICKET-001"));
  const wt = created.data.path as string;
  git(wt, "merge", "-q", "--ff-only", "main");
  writeFileSync(join(wt, "README.md"), "# app\nchanged\n");
  writeFileSync(join(wt, "notes.txt"), "new\n");
  const removed = await exo(repo, "worktree-remove", "--ticket-id", "TICKET-001");
  const env = envelope(removed);
  // Before: GIT_FAILED with the hint `git status`, which here shows the main checkout (clean).
  expect(removed.code).toBe(1);
  expect(env.error?.code).toBe("DIRTY_WORKTREE");
  expect(env.error?.message).toContain("README.md, notes.txt");
  expect(env.error?.hint).toBe(`git -C ${wt} status`);
  const shown = git(repo, ...(env.error?.hint ?? "").split(" ").slice(1));
  expect(shown).toContain("notes.txt");
  // The message's way out works: --force discards them.
  expect((await exo(repo, "worktree-remove", "--ticket-id", "TICKET-001", "--force")).code).toBe(0);
  expect(existsSync(wt)).toBe(false);
});

test("metrics' actor table counts an agent whose only session is still open, with its hook denials (before: missing while sessions and hooks counted them)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const codex = { env: { EXO_ACTOR: "agent:codex" } };
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001", codex)).code).toBe(0);
  const payload = JSON.stringify({ session_id: "s1", cwd: repo, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(repo, "build.log"), content: "x" } });
  const hook = await runNode(join(repo, ".exo", "bin", "exo-hook.mjs"), ["claude", "PreToolUse"], repo, { input: payload, env: { EXO_ACTOR: "agent:codex" } });
  expect(hook.stdout).toContain('"permissionDecision":"deny"');
  const m = envelope(await exo(repo, "metrics")).data;
  expect(m.sessions.active).toBe(1);
  expect(m.hooks.denied).toBe(1);
  expect(m.actors).toEqual([expect.objectContaining({ actor: "agent:codex", sessions: 1, avg_drift: null, denials: 1 })]);
  // The human table shows the row too.
  expect((await exo(repo, "metrics", { json: false })).stdout).toMatch(/agent:codex\s+1\s+-\s+-\s+1/);
});

test("after exo sidecar-init, doctor's scaffold section passes: .exo/.git is the sidecar's own (before: a warning 'unknown files in .exo/: .git' at every doctor)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "sidecar-init")).code).toBe(0);
  const doctor = envelope(await exo(repo, "doctor"));
  expect(doctor.data.sections.find((s: { name: string }) => s.name === "scaffold")).toMatchObject({ status: "pass" });
  expect(doctor.data.status).toBe("pass");
});

test("after Claude Code's SessionEnd suspended the agent's session, exo ready names the suspended session and its resume, as exo alone does (before: 'status is paused' and ticket-create)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next", "--owner", "agent:claude")).code).toBe(0);
  const hook = (event: string, extra: Record<string, unknown>) =>
    runNode(join(repo, ".exo", "bin", "exo-hook.mjs"), ["claude", event], repo, { input: JSON.stringify({ session_id: "8f14e45f-ceea-467a-9a36-dedd4bea2543", cwd: repo, hook_event_name: event, ...extra }) });
  expect((await hook("SessionStart", { source: "startup", model: "claude-sonnet-4-6" })).stdout).toContain("additionalContext");
  expect((await hook("SessionEnd", { reason: "prompt_input_exit" })).code).toBe(0);
  const [session] = envelope(await exo(repo, "session-scan")).data.sessions;
  expect(session.status).toBe("suspended");
  const ready = envelope(await exo(repo, "ready")).data;
  expect(ready.not_ready).toEqual([expect.objectContaining({ id: "TICKET-001", status: "paused", detail: `suspended in ${session.id} (${session.actor})` })]);
  expect(ready.next_command).toBe(`EXO_ACTOR=${session.actor} exo session-resume --session-id ${session.id}`);
  // exo alone gives the same step; the line runs as printed.
  expect((await exo(repo, { json: false })).stdout).toContain(`exo session-resume --session-id ${session.id}`);
  const resumed = envelope(await exo(repo, "session-resume", "--session-id", session.id, { env: { EXO_ACTOR: session.actor } }));
  expect(resumed.ok).toBe(true);
});

test("lease-release of an agent's lock its live session works under: the hint suspends that session, which gives the lock back (before: the release as its owner, which left the session stale without its lock)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const codex = { env: { EXO_ACTOR: "agent:codex" } };
  const session = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", codex)).data.session.id as string;
  const refused = envelope(await exo(repo, "lease-release", "--ticket-id", "TICKET-001"));
  expect(refused.error?.code).toBe("LOCK_OWNER_MISMATCH");
  expect(refused.error?.hint).toBe(`exo session-suspend --session-id ${session} --reason "…" --actor agent:codex`);
  const suspended = await exo(repo, "session-suspend", "--session-id", session, "--reason", "taking it back", "--actor", "agent:codex");
  expect(suspended.code).toBe(0);
  expect(envelope(suspended).warnings ?? []).toEqual([]);
  const scan = envelope(await exo(repo, "session-scan")).data.sessions;
  expect(scan).toEqual([expect.objectContaining({ id: session, status: "suspended", stale: false })]);
  expect(envelope(await exo(repo, "status")).data.locks.filter((l: { live: boolean }) => l.live)).toEqual([]);
});

test("ticket-show names the session open on the ticket, active or suspended (before: only closed sessions, so nothing said who holds it)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const codex = { env: { EXO_ACTOR: "agent:codex" } };
  const session = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", codex)).data.session.id as string;
  expect(envelope(await exo(repo, "ticket-show", "TICKET-001")).data.open_sessions).toEqual([{ session, actor: "agent:codex", status: "active", elsewhere: false }]);
  expect((await exo(repo, "session-suspend", "--reason", "lunch", codex)).code).toBe(0);
  const shown = envelope(await exo(repo, "ticket-show", "TICKET-001")).data;
  expect(shown.open_sessions).toEqual([{ session, actor: "agent:codex", status: "suspended", elsewhere: false }]);
  expect(shown.sessions).toEqual([]);
  expect((await exo(repo, "ticket-show", "TICKET-001", { json: false })).stdout).toMatch(new RegExp(`^session  ${session} agent:codex, suspended$`, "m"));
});
