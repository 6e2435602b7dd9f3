// Black-box checks from the round-26 audit: §13's acceptance scenarios run as written, then the
// SPEC sections the earlier rounds covered least (§7.8 leases, §7.13 suspend/resume/handoff, §7.14
// scan and cleanup, §7.15 changed files and drift, §7.17 ledger, §7.19 pr-check, §7.21 intents,
// §7.25 install and scan, §7.26 trailers, §7.28 trace tags, §8.4–§8.6 hooks, §8.9 traces, §8.10
// sandbox policy, §8.12 CI workflow, §9.3 library API, §10 codes), with the key order of every
// command's data (SPEC's keys first, in its order, then exo's) from the CLI and MCP. Each test
// fails on the behaviour before its fix.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, initRepo } from "../../helpers/repo.js";
import { team, type Clone } from "../../helpers/team.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

const as = (actor: string, extra: Record<string, string> = {}) => ({ env: { EXO_ACTOR: actor, ...extra } });
const keys = (value: unknown): string[] => Object.keys(value as Record<string, unknown>);

test("§6.1 status and §6.2 ticket-show data start with SPEC's keys in its order, from the CLI and MCP (before: exo's claimed, own_session and ready_next sat between next and ledger, and open_sessions between sessions and drift)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "a", "--id", "T1"));
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a"))).ok).toBe(true);
  const status = ["repo", "governance", "tickets", "sessions", "locks", "next", "ledger", "sidecar"];
  const show = ["ticket", "ancestors", "children", "blockers", "unblocks", "effective_scope", "lock", "sessions", "drift", "handoff"];
  expect(keys(envelope(await exo(repo, "status", as("agent:a"))).data).slice(0, status.length)).toEqual(status);
  expect(keys(envelope(await exo(repo, "ticket-show", "T1")).data).slice(0, show.length)).toEqual(show);
  const client = await mcpClient(repo);
  expect(keys(structured(await client.callTool({ name: "exo_status", arguments: { actor: "agent:a" } })).data).slice(0, status.length)).toEqual(status);
  expect(keys(structured(await client.callTool({ name: "exo_ticket_show", arguments: { id: "T1" } })).data).slice(0, show.length)).toEqual(show);
});

test("§6.6 fleet-drift groups and §6.5 drift sections keep SPEC's keys in its order, the same in every entry (before: a group's exo key live sat between active and avg_drift, and a drift section's hint and fixable came before details in some sections and after it in others)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "a", "--id", "T1"));
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a"))).ok).toBe(true);
  const group = ["key", "sessions", "active", "avg_drift", "max_drift", "high", "last_session_at"];
  const fleet = envelope(await exo(repo, "fleet-drift")).data.groups as Record<string, unknown[]>;
  expect(Object.keys(fleet)).toEqual(["actor", "vendor", "model"]);
  for (const entries of Object.values(fleet)) {
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(keys(entry).slice(0, group.length)).toEqual(group);
  }
  // Hooks are not installed in this repository: the hooks section warns with a hint.
  const sections = envelope(await exo(repo, "drift")).data.sections as Record<string, unknown>[];
  expect(sections.map((s) => s.name)).toEqual(["governance", "hooks", "adapters", "sessions", "features", "requirements"]);
  expect(sections.find((s) => s.name === "hooks")?.hint).toEqual(expect.any(String));
  const shapes = new Set(sections.map((s) => keys(s).filter((k) => k !== "hint").join(",")));
  expect([...shapes]).toEqual(["name,status,message,details,fixable"]);
  for (const s of sections) expect(keys(s).slice(0, 4)).toEqual(["name", "status", "message", "details"]);
  const client = await mcpClient(repo);
  const viaMcp = structured(await client.callTool({ name: "exo_fleet_drift", arguments: {} })).data.groups as Record<string, unknown[]>;
  for (const entry of viaMcp["actor"] ?? []) expect(keys(entry).slice(0, group.length)).toEqual(group);
});

test("§4.7 a session (start's data.session and the session file, then after suspend and resume) keeps SPEC's keys in its order, exo's main_worktree after them (before: main_worktree sat between worktree and branch)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "a", "--id", "T1"));
  const spec = [
    "format", "id", "status", "actor", "vendor", "model", "harness", "agent_session_id", "role", "task", "ticket", "ticket_title",
    "lock_owner", "fencing_token", "started_at", "resumed_at", "suspended_at", "suspend_reason", "heartbeat_at", "host", "pid", "pid_start",
    "worktree", "branch", "base_branch", "base_ref", "start_commit", "merge_base", "scope", "budgets", "checks", "advisories",
    "handoff_from", "exo_written", "reminded_at", "bootstrap_sha256",
  ];
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a")));
  expect(keys(started.data.session).slice(0, spec.length)).toEqual(spec);
  const file = join(repo, ".exo", "sessions", `${started.data.session.id as string}.json`);
  expect(keys(JSON.parse(await readFile(file, "utf8"))).slice(0, spec.length)).toEqual(spec);
  expect(keys(envelope(await exo(repo, "session-suspend", "--reason", "lunch", as("agent:a"))).data.session).slice(0, spec.length)).toEqual(spec);
  expect(keys(envelope(await exo(repo, "session-resume", as("agent:a"))).data.session).slice(0, spec.length)).toEqual(spec);
  expect(keys(JSON.parse(await readFile(file, "utf8"))).slice(0, spec.length)).toEqual(spec);
});

test("§7.8.3 LEASE_HELD's details start with SPEC's owner and expires_at, for a start and for next in another clone (before: host, session and fencing_token sat between them)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", as("agent:a"))).ok).toBe(true);
  const start = coded(await b.run("session-start", "--ticket-id", "T1", "--distributed", as("agent:b")), "LEASE_HELD");
  expect(keys(start.error?.details).slice(0, 2)).toEqual(["owner", "expires_at"]);
  expect(start.error?.details).toMatchObject({ owner: "agent:a" });
  const next = coded(await b.run("next", "--distributed", as("agent:b")), "LEASE_HELD");
  expect(keys(next.error?.details).slice(0, 2)).toEqual(["owner", "expires_at"]);
});
