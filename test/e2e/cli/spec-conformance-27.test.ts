// Black-box checks from the round-27 audit: §13's scenarios run as written, then the SPEC sections
// the earlier rounds covered least (§7.8 leases, §7.13 suspend/resume/handoff, §7.14 liveness and
// cleanup, §7.15 changed files and drift, §7.17 ledger, §7.19 pr-check, §7.21 intents, §7.25 install
// and scan, §7.26 trailers, §7.28 trace tags, §8.4–§8.6 hooks, §8.9 traces, §8.10 sandbox policy,
// §8.12 CI workflow, §9.3 library API, §10 codes and Appendix A), with the key order of the entries
// nested in each command's data and of the files exo writes (SPEC's keys first, in its order, then
// exo's), the kernel entry's refusals, the hidden hook entry's global flags, the MCP argument names
// and the exit codes. Each test fails on the behaviour before its fix.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { coded, DIST, envelope, EXO_BIN, exo, initRepo, runNode, tempRepo, writeFiles } from "../../helpers/repo.js";
import { team, type Clone } from "../../helpers/team.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

const as = (actor: string, extra: Record<string, string> = {}) => ({ env: { EXO_ACTOR: actor, ...extra } });
const keys = (value: unknown): string[] => Object.keys(value as Record<string, unknown>);

test("§6.3 gc-locks --remote lists each lease with SPEC's keys in its order (before: exo's host and fencing_token sat between owner and expires_at)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--distributed", as("agent:a"))).ok).toBe(true);
  const spec = ["ticket", "ref", "state", "owner", "expires_at", "action"];
  const gc = envelope(await a.run("gc-locks", "--remote", "--dry-run"));
  expect(gc.data.remote).toHaveLength(1);
  expect(keys(gc.data.remote[0]).slice(0, spec.length)).toEqual(spec);
  expect(gc.data.remote[0]).toMatchObject({ ticket: "T1", ref: "refs/exo/leases/T1", state: "held", owner: "agent:a", action: "kept" });
  expect(keys(gc.data.local[0]).slice(0, 5)).toEqual(["ticket", "state", "owner", "expires_at", "action"]);
});

test("§4.3 the governance lock lists each rule's keys in SPEC's order: id, type, its type's keys, then description (before: description sat between id and type), and a lock written in the old order still composes as unchanged", async () => {
  const repo = await initRepo();
  const lock = JSON.parse(await readFile(join(repo, ".exo", "governance.lock.json"), "utf8")) as { rules: Record<string, unknown>[] };
  const secrets = lock.rules.find((r) => r["id"] === "RULE-SEC-001");
  expect(keys(secrets)).toEqual(["id", "type", "patterns", "actions", "message", "description"]);
  expect(keys(lock.rules.find((r) => r["id"] === "RULE-SEC-002"))).toEqual(["id", "type", "patterns", "actions", "cancels", "description"]);
  for (const rule of lock.rules) expect(keys(rule).slice(0, 2)).toEqual(["id", "type"]);
  // The order is the file's, not the hash's (canonical JSON sorts keys): nothing to recompile.
  expect(envelope(await exo(repo, "compose")).data).toMatchObject({ changed: false, status_before: "valid" });
});

test("§6.10 worktree-create --path naming a file or folder that exists inside the checkout is INVALID_INPUT with SPEC's issue path_exists (before: path_in_checkout, whose advice to ignore the folder cannot help a path that exists); a new folder there stays path_in_checkout", async () => {
  const repo = await initRepo({ "src/a.ts": "a\n" });
  envelope(await exo(repo, "ticket-create", "a", "--id", "T1"));
  for (const path of ["src", "README.md"]) {
    if (path === "README.md") await writeFiles(repo, { "README.md": "hi\n" });
    const run = coded(await exo(repo, "worktree-create", "--ticket-id", "T1", "--path", path), "INVALID_INPUT", 2);
    expect(run.error?.details.issues[0]).toMatchObject({ path: "path", code: "path_exists" });
  }
  const fresh = coded(await exo(repo, "worktree-create", "--ticket-id", "T1", "--path", "wt"), "INVALID_INPUT", 2);
  expect(fresh.error?.details.issues[0]).toMatchObject({ code: "path_in_checkout" });
  expect(envelope(await exo(repo, "worktrees")).data.worktrees).toHaveLength(1);
});

test("§9.2/§7.7 the kernel's openSession refuses a ticket whose live lock another session holds with LOCK_HELD naming owner, session and expires_at in details, as the CLI's lock does (before: no details)", async () => {
  const kernel = (await import(pathToFileURL(join(DIST, "kernel/index.js")).href)) as { openSession: (input: unknown) => unknown };
  const now = new Date("2026-11-24T09:00:00.000Z");
  const expires = "2026-11-24T11:00:00.000Z";
  const ticket = { id: "T1", kind: "task", status: "active", scope: { allow: ["**"], deny: [] }, boundaries: [], budgets: { max_files: 12, max_loc: 400 }, checks: [] };
  const lock = { format: "exo.lock/1", ticket: "T1", state: "held", owner: "alice", session: "SES-20261124-080000-AAAAAA", fencing_token: 3, acquired_at: "2026-11-24T08:00:00.000Z", renewed_at: "2026-11-24T08:00:00.000Z", heartbeat_at: "2026-11-24T08:00:00.000Z", expires_at: expires, released_at: null, ttl_seconds: 10_800, host: "h", pid: null, branch: "main", distributed: null };
  const other = { id: "SES-20261124-080000-AAAAAA", actor: "alice", status: "active", ticket: "T9" };
  let thrown: { code?: string; details?: unknown } | undefined;
  try {
    kernel.openSession({ id: "SES-20261124-090000-BBBBBB", actor: "agent:b", ticket, ancestors: [], lock, sessions: [other], git: { branch: "main", startCommit: null, baseRef: null, mergeBase: null }, now, host: "h", pid: null, harness: "cli", vendor: "unknown", model: "unknown", task: null, requireOwnerMatch: false });
  } catch (error) {
    thrown = error as typeof thrown;
  }
  expect(thrown?.code).toBe("LOCK_HELD");
  expect(thrown?.details).toEqual({ owner: "alice", session: "SES-20261124-080000-AAAAAA", expires_at: expires });
});

test("§5.1/§8.1 exo hook <harness> <event> takes the global flags anywhere, as every command does (Appendix A), and exo hook install is hook-install (before: exo --format json hook claude PreToolUse was USAGE_ERROR exit 2, a block in Claude Code, and exo hook install --harness git ran the hook entry, which did nothing)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "a", "--id", "T1", "--scope-allow", "src/**"));
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:z"))).ok).toBe(true);
  const payload = JSON.stringify({ session_id: "conv-27", hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(repo, "README.md"), content: "x" }, cwd: repo });
  for (const argv of [["--format", "json", "hook", "claude", "PreToolUse"], ["--actor", "agent:z", "hook", "--format=json", "claude", "PreToolUse"], ["hook", "claude", "PreToolUse"]]) {
    const run = await runNode(EXO_BIN, argv, repo, { input: payload, env: { EXO_ACTOR: "agent:z" } });
    expect(run.code, argv.join(" ")).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny" } });
  }
  const install = envelope(await exo(repo, "hook", "install", "--harness", "git", "--dry-run"));
  expect(install.ok).toBe(true);
  expect(install.data.harnesses).toEqual([expect.objectContaining({ name: "git", status: "planned" })]);
});

test("§6.1 install's steps carry SPEC's keys in its order, code included: null for a step that did not fail, the error code for one that did (before: code was left out unless the step failed)", async () => {
  const repo = await tempRepo({ ".claude/settings.json": "{ not json" });
  const run = await exo(repo, "install");
  const env = coded(run, "INSTALL_INCOMPLETE");
  const steps = env.data.steps as Record<string, unknown>[];
  expect(steps.map((s) => s["name"])).toEqual(["preflight", "scan", "scaffold", "compose", "adapters", "hooks", "gitignore", "commit"]);
  for (const step of steps) expect(keys(step).slice(0, 5)).toEqual(["name", "status", "message", "files", "code"]);
  expect(steps.find((s) => s["name"] === "hooks")).toMatchObject({ status: "failed", code: "SETTINGS_INVALID" });
  for (const step of steps.filter((s) => s["status"] !== "failed")) expect(step["code"]).toBeNull();
});

test("§6.6 fleet-drift --by lists its groups in SPEC's order (actor, vendor, model) whatever order the flags came in, from the CLI and MCP (before: the flags' order, model before actor)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "a", "--id", "T1"));
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a"))).ok).toBe(true);
  expect(keys(envelope(await exo(repo, "fleet-drift", "--by", "model", "--by", "actor")).data.groups)).toEqual(["actor", "model"]);
  expect(keys(envelope(await exo(repo, "fleet-drift", "--by", "model", "--by", "vendor", "--by", "model")).data.groups)).toEqual(["vendor", "model"]);
  const client = await mcpClient(repo);
  expect(keys(structured(await client.callTool({ name: "exo_fleet_drift", arguments: { by: ["model", "actor"] } })).data.groups)).toEqual(["actor", "model"]);
});
