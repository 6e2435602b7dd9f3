// Sessions harness hooks start. hooks.auto_dispatch (SPEC §8.2): a SessionStart hook with nothing to resume and no claim of its
// own claims the best ready task (session-start --dispatch); the order before it is kept: the
// conversation's suspended session, the worktree's single suspended session of the same harness,
// the actor's single claim. Several claims of its own are never joined by another.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo } from "../../helpers/repo.js";
import { fixture, hook } from "../../helpers/hooks.js";

async function repoWith(autoDispatch: boolean): Promise<string> {
  const repo = await initRepo({ "src/a/x.ts": "a\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  if (autoDispatch) {
    const config = join(repo, ".exo/config.yaml");
    await writeFile(config, (await readFile(config, "utf8")).replace(/^hooks:\n/m, "hooks:\n  auto_dispatch: true\n"));
    expect(envelope(await exo(repo, "compose")).ok).toBe(true);
  }
  for (const [id, pri] of [["T1", "2"], ["T2", "1"], ["T3", "3"]] as const) expect(envelope(await exo(repo, "ticket-create", `task ${id}`, "--id", id, "--priority", pri, "--scope-allow", "src/**")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  return repo;
}

async function start(repo: string, sid: string): Promise<string> {
  const run = await hook(repo, "claude", "SessionStart", await fixture("claude-sessionstart.json", repo, (p) => (p["session_id"] = sid)));
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout).hookSpecificOutput.additionalContext as string;
}

const sessions = async (repo: string) => envelope(await exo(repo, "session-scan")).data.sessions as { id: string; ticket: string; actor: string; status: string }[];

test("auto_dispatch off (the default): a conversation with no claim gets no session and is told how to get one", async () => {
  const repo = await repoWith(false);
  expect(await start(repo, "conv-1")).toMatch(/no session is open for you/);
  expect(await sessions(repo)).toEqual([]);
});

test("auto_dispatch on: a new conversation claims the best ready task; a second one the next; a conversation that suspended resumes its own", async () => {
  const repo = await repoWith(true);
  expect(await start(repo, "conv-1")).toMatch(/ticket: T2 /);
  expect(await start(repo, "conv-2")).toMatch(/ticket: T1 /);
  const live = await sessions(repo);
  expect(live.map((s) => s.ticket).sort()).toEqual(["T1", "T2"]);
  expect(new Set(live.map((s) => s.actor)).size).toBe(2);
  // conv-1 ends (suspends) and comes back: its own session, not a third ticket.
  const end = await hook(repo, "claude", "SessionEnd", await fixture("claude-sessionend.json", repo, (p) => (p["session_id"] = "conv-1")));
  expect(end.code).toBe(0);
  expect(await start(repo, "conv-1")).toMatch(/ticket: T2 /);
  expect((await sessions(repo)).map((s) => s.ticket).sort()).toEqual(["T1", "T2"]);
});

test("auto_dispatch on: a new conversation continues the worktree's single suspended Claude session rather than claiming another task", async () => {
  const repo = await repoWith(true);
  expect(await start(repo, "conv-1")).toMatch(/ticket: T2 /);
  await hook(repo, "claude", "SessionEnd", await fixture("claude-sessionend.json", repo, (p) => (p["session_id"] = "conv-1")));
  expect(await start(repo, "conv-new")).toMatch(/ticket: T2 /);
  expect((await sessions(repo)).map((s) => s.ticket)).toEqual(["T2"]);
});

test("auto_dispatch on: an actor holding several claims is told to pick one, and no further task is claimed", async () => {
  const repo = await repoWith(true);
  for (let i = 0; i < 2; i++) expect(envelope(await exo(repo, "next", "--owner", "agent:claude")).ok).toBe(true);
  const context = await start(repo, "conv-1");
  expect(context).toMatch(/holds 2 unbound locks/);
  const locks = envelope(await exo(repo, "status")).data.locks as { ticket: string }[];
  expect(locks.map((l) => l.ticket).sort()).toEqual(["T1", "T2"]);
});

test("a ticket handed to an agent family (session-handoff --to agent:codex, lock released) is what that agent's next conversation starts on, with the handoff in its bootstrap", async () => {
  const repo = await repoWith(false);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T3", { env: { EXO_ACTOR: "agent:claude" } })).ok).toBe(true);
  expect(envelope(await exo(repo, "session-handoff", "--to", "agent:codex", "--summary", "half of it", "--next-step", "the other half", { env: { EXO_ACTOR: "agent:claude" } })).ok).toBe(true);
  // Claude's next conversation is not the one it was handed to: nothing starts for it.
  expect(await start(repo, "claude-conv")).toMatch(/no session is open for you/);
  const run = await hook(repo, "codex", "SessionStart", await fixture("claude-sessionstart.json", repo, (p) => (p["session_id"] = "codex-conv")));
  const context = JSON.parse(run.stdout).hookSpecificOutput.additionalContext as string;
  expect(context).toMatch(/ticket: T3 /);
  expect(context).toContain("half of it");
  expect(context).toContain("the other half");
  const live = await sessions(repo);
  expect(live).toHaveLength(1);
  expect(live[0]?.actor).toMatch(/^agent:codex:[0-9a-f]{8}$/);
  expect(envelope(await exo(repo, "ledger-show", "--type", "handoff.consumed")).data.total).toBe(1);
});

test("an agent finishing as its instruction file says (EXO_ACTOR=agent:codex exo session-finish) finishes the session its hook started as agent:codex:<id>; another family or a second session is not guessed", async () => {
  const repo = await repoWith(false);
  expect(envelope(await exo(repo, "next", "--owner", "agent:codex")).ok).toBe(true);
  const run = await hook(repo, "codex", "SessionStart", await fixture("claude-sessionstart.json", repo, (p) => (p["session_id"] = "codex-conv")));
  expect(JSON.parse(run.stdout).hookSpecificOutput.additionalContext).toMatch(/ticket: T2 /);
  // Another family's name does not reach it.
  const other = envelope(await exo(repo, "session-finish", "--summary", "s", "--skip-check", "--break-glass-reason", "t", { env: { EXO_ACTOR: "agent:claude" } }));
  expect(other.error?.code).toBe("NO_ACTIVE_SESSION");
  // A second Codex conversation's session: two candidates, nothing guessed.
  expect(envelope(await exo(repo, "next", "--owner", "agent:codex:second")).ok).toBe(true);
  expect(envelope(await exo(repo, "session-start", { env: { EXO_ACTOR: "agent:codex:second" } })).ok).toBe(true);
  const two = envelope(await exo(repo, "session-finish", "--summary", "s", "--skip-check", "--break-glass-reason", "t", { env: { EXO_ACTOR: "agent:codex" } }));
  expect(two.error?.code).toBe("NO_ACTIVE_SESSION");
  expect(envelope(await exo(repo, "session-suspend", "--reason", "later", { env: { EXO_ACTOR: "agent:codex:second" } })).ok).toBe(true);
  // One active session of the family: it is the agent's.
  const done = envelope(await exo(repo, "session-finish", "--summary", "done", "--skip-check", "--break-glass-reason", "t", { env: { EXO_ACTOR: "agent:codex" } }));
  expect(done.ok, JSON.stringify(done.error)).toBe(true);
  const finished = envelope(await exo(repo, "ledger-show", "--type", "session.finished")).data.records as { ticket: string; actor: string }[];
  expect(finished.map((r) => `${r.ticket} ${r.actor}`)).toEqual(["T2 agent:codex"]);
  const left = await sessions(repo);
  expect(left.map((s) => `${s.actor} ${s.status}`)).toEqual(["agent:codex:second suspended"]);
});

test("a session a Codex hook claimed itself (auto_dispatch: lock owned by agent:codex:<id>) takes AGENTS.md's heartbeat and finish as agent:codex", async () => {
  const repo = await repoWith(true);
  const run = await hook(repo, "codex", "SessionStart", await fixture("claude-sessionstart.json", repo, (p) => (p["session_id"] = "codex-conv")));
  expect(JSON.parse(run.stdout).hookSpecificOutput.additionalContext).toMatch(/ticket: T2 /);
  const owner = (envelope(await exo(repo, "status")).data.locks as { ticket: string; owner: string }[])[0]?.owner;
  expect(owner).toMatch(/^agent:codex:[0-9a-f]{8}$/);
  const beat = envelope(await exo(repo, "lease-heartbeat", { env: { EXO_ACTOR: "agent:codex" } }));
  expect(beat.ok, JSON.stringify(beat.error)).toBe(true);
  expect(beat.data.lock.ticket).toBe("T2");
  // Not for another family.
  expect(envelope(await exo(repo, "lease-heartbeat", "--ticket-id", "T2", { env: { EXO_ACTOR: "agent:claude" } })).error?.code).toBe("LOCK_OWNER_MISMATCH");
  expect(envelope(await exo(repo, "session-finish", "--summary", "done", "--skip-check", "--break-glass-reason", "t", { env: { EXO_ACTOR: "agent:codex" } })).ok).toBe(true);
  expect((envelope(await exo(repo, "status")).data.locks as { live: boolean }[]).filter((l) => l.live)).toEqual([]);
});

test("an agent starting as its instruction file says (EXO_ACTOR=agent:codex exo session-start --ticket-id …) after its hook started the session gets that session back, not TICKET_IN_USE", async () => {
  const repo = await repoWith(true);
  const run = await hook(repo, "codex", "SessionStart", await fixture("claude-sessionstart.json", repo, (p) => (p["session_id"] = "codex-conv")));
  expect(JSON.parse(run.stdout).hookSpecificOutput.additionalContext).toMatch(/ticket: T2 /);
  const again = envelope(await exo(repo, "session-start", "--ticket-id", "T2", { env: { EXO_ACTOR: "agent:codex" } }));
  expect(again.ok, JSON.stringify(again.error)).toBe(true);
  expect(again.data.reused).toBe(true);
  expect(again.data.session.actor).toMatch(/^agent:codex:[0-9a-f]{8}$/);
  expect(again.data.env.EXO_ACTOR).toBe(again.data.session.actor);
  // Another ticket: the agent already works on one.
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:codex" } })).error?.code).toBe("SESSION_ALREADY_ACTIVE");
  // Another family is still refused the ticket.
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T2", { env: { EXO_ACTOR: "agent:claude" } })).error?.code).toBe("TICKET_IN_USE");
  expect(await sessions(repo)).toHaveLength(1);
});

test("every exo line AGENTS.md gives an agent names its actor, and each works on the session the Codex hook started", async () => {
  const repo = await repoWith(true);
  expect(envelope(await exo(repo, "adapter-generate", "--target", "agents")).ok).toBe(true);
  const agents = await readFile(join(repo, "AGENTS.md"), "utf8");
  const lines = [...agents.matchAll(/`((?:EXO_ACTOR=\S+ )?exo session-(?:start|suspend|handoff|finish)[^`]*)`/g)].map((m) => m[1] as string);
  expect(lines).toHaveLength(4);
  for (const line of lines) expect(line).toMatch(/^EXO_ACTOR=agent:codex exo /);
  const run = await hook(repo, "codex", "SessionStart", await fixture("claude-sessionstart.json", repo, (p) => (p["session_id"] = "codex-conv")));
  expect(JSON.parse(run.stdout).hookSpecificOutput.additionalContext).toMatch(/ticket: T2 /);
  const env = { EXO_ACTOR: "agent:codex" };
  expect(envelope(await exo(repo, "session-handoff", "--to", "agent:claude", "--summary", "over to claude", { env })).ok).toBe(true);
  expect((await sessions(repo)).filter((s) => s.status === "active")).toEqual([]);
});
