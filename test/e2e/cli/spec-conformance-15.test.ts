// Black-box checks of SPEC contracts found wanting by the round-15 audit: §6 flags, defaults and
// data, §10 error codes and exit codes, and the MCP tool of each command (§8.8). Each test fails on
// the behaviour before its fix.
import { readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { expect, test } from "vitest";
import { reseal } from "../../helpers/canon.js";
import { mcpClient, mcpConverse, structured } from "../../helpers/mcp.js";
import { coded, envelope, exo, git, initRepo, tempRepo } from "../../helpers/repo.js";

type Reply = { id?: unknown; result?: { isError?: boolean; content?: { text: string }[]; structuredContent?: { ok: boolean; error?: { code: string; message: string; hint?: string } } }; error?: { code: number; message: string } };

/** Send raw JSON-RPC lines to a fresh exo-mcp and collect `count` answers. */
function converse(repo: string, messages: object[], count: number): Promise<Reply[]> {
  return mcpConverse(repo, [messages.map((m) => `${JSON.stringify({ jsonrpc: "2.0", ...m })}\n`).join("")], count) as unknown as Promise<Reply[]>;
}

const INIT = { id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "0" } } };

test("a malformed MCP tools/call (arguments null or a string, name missing or a number, no params) is one INVALID_INPUT tool result with a one-line message, and the server keeps serving (SPEC §8.8)", async () => {
  const repo = await initRepo();
  const calls = [
    { id: 1, method: "tools/call", params: { name: "exo_status", arguments: null } },
    { id: 2, method: "tools/call", params: { name: "exo_status", arguments: "ticket_id=T1" } },
    { id: 3, method: "tools/call", params: { arguments: {} } },
    { id: 4, method: "tools/call", params: { name: 5, arguments: {} } },
    { id: 5, method: "tools/call" },
    { id: 6, method: "tools/call", params: { name: "exo_status", arguments: [1] } },
    { id: 7, method: "tools/call", params: { name: "exo_status", arguments: {} } },
  ];
  const replies = await converse(repo, [INIT, { method: "notifications/initialized" }, ...calls], 1 + calls.length);
  const byId = new Map(replies.map((r) => [r.id, r]));
  for (const id of [1, 2, 3, 4, 5, 6]) {
    const reply = byId.get(id);
    expect(reply?.error, JSON.stringify(reply)).toBeUndefined();
    expect(reply?.result?.isError).toBe(true);
    const error = reply?.result?.structuredContent?.error;
    expect(error?.code).toBe("INVALID_INPUT");
    expect(error?.message).not.toMatch(/\n/);
    expect(error?.message).not.toMatch(/invalid_type|expected record/);
    expect(JSON.parse(reply?.result?.content?.[0]?.text ?? "{}")).toEqual(reply?.result?.structuredContent);
  }
  expect(byId.get(1)?.result?.structuredContent?.error?.message).toMatch(/arguments of exo_status must be an object .*not null/);
  expect(byId.get(1)?.result?.structuredContent?.error?.hint).toBe("exo_status {}");
  expect(byId.get(3)?.result?.structuredContent?.error?.message).toMatch(/tools\/call needs name/);
  expect(byId.get(3)?.result?.structuredContent?.error?.hint).toBeUndefined();
  expect(byId.get(7)?.result?.structuredContent?.ok).toBe(true);
});

test("install, decide, lease-renew, lease-heartbeat and session-finish data start with SPEC §6's keys in its order; exo's added keys come after them", async () => {
  const fresh = await tempRepo();
  const install = envelope(await exo(fresh, "install", "--dry-run"));
  expect(Object.keys(install.data).slice(0, 6)).toEqual(["steps", "scan", "files_written", "committed", "left_uncommitted", "status"]);
  const repo = await initRepo();
  const decided = envelope(await exo(repo, "decide", "--path", "src/a.ts"));
  expect(Object.keys(decided.data).slice(0, 7)).toEqual(["decision", "code", "reason", "rule", "session", "targets", "unknown_writes"]);
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  git(repo, "add", "--all");
  git(repo, "commit", "--quiet", "--message", "ticket");
  const agent = { env: { EXO_ACTOR: "agent:a" } };
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", agent)).ok).toBe(true);
  for (const command of ["lease-renew", "lease-heartbeat"]) {
    const run = envelope(await exo(repo, command, agent));
    expect(Object.keys(run.data).slice(0, 3), command).toEqual(["lock", "previous_fencing_token", "ticket_status"]);
  }
  const finish = envelope(await exo(repo, "session-finish", "--summary", "done", agent));
  expect(Object.keys(finish.data).slice(0, 12)).toEqual(["session", "ticket", "outcome", "verify", "checks", "drift", "changed_files", "commits", "memento_path", "lock_released", "auto_commit", "attribution"]);
});

test("doctor's governance section for a lock from a newer kernel hints the upgrade, not compose --repair (which refuses it with KERNEL_VERSION_UNSUPPORTED)", async () => {
  const repo = await initRepo();
  const file = join(repo, ".exo/governance.lock.json");
  const lock = JSON.parse(await readFile(file, "utf8")) as Record<string, any>;
  const newer = reseal({ ...lock, version: lock["version"] + 1, prev_lock_sha256: lock["lock_sha256"], history: [...lock["history"], { version: lock["version"], lock_sha256: lock["lock_sha256"], compiled_at: lock["compiled_at"] }], kernel: { ...lock["kernel"], version: "9.0.0" } }, "lock_sha256");
  await writeFile(file, `${JSON.stringify(newer, null, 2)}\n`);
  git(repo, "commit", "--quiet", "--all", "--message", "composed by a newer exo");
  coded(await exo(repo, "compose", "--repair"), "KERNEL_VERSION_UNSUPPORTED");
  const doctor = envelope(await exo(repo, "doctor", "--section", "governance"));
  expect(doctor.data.sections[0]).toMatchObject({ name: "governance", status: "fail", hint: "npm install -g exoprotocol@latest" });
  expect(doctor.error?.hint).toBe("npm install -g exoprotocol@latest");
});

test("an unparsable lock file does not pass silently: status, tickets, ticket-show and gc-locks warn LOCK_UNREADABLE naming it, and lease-renew fails STATE_CORRUPT (SPEC §4, §10.5)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  expect(envelope(await exo(repo, "next", "--owner", "alice")).ok).toBe(true);
  await writeFile(join(repo, ".exo/locks/T1.json"), "{not json");
  for (const args of [["status"], ["tickets"], ["ticket-show", "T1"], ["gc-locks", "--dry-run"]]) {
    const run = envelope(await exo(repo, ...args));
    expect(run.ok, args.join(" ")).toBe(true);
    expect(run.warnings?.find((w) => w.code === "LOCK_UNREADABLE")?.message, args.join(" ")).toContain(".exo/locks/T1.json");
  }
  coded(await exo(repo, "lease-renew", "--ticket-id", "T1", "--actor", "alice"), "STATE_CORRUPT");
});

test("a report file (export-traces --out, dashboard --out, pr-check --markdown) never overwrites exo's state or git's folder, and over MCP stays in the repository (SPEC §12)", async () => {
  const repo = await initRepo();
  const config = await readFile(join(repo, ".exo/config.yaml"), "utf8");
  for (const args of [
    ["export-traces", "--out", ".exo/config.yaml"],
    ["dashboard", "--out", ".exo/constitution.yaml"],
    ["dashboard", "--out", ".exo/cache/fs.json"],
    ["pr-check", "--base", "HEAD", "--markdown", ".git/hooks/pre-commit"],
  ]) {
    const env = coded(await exo(repo, ...args), "INVALID_INPUT", 2);
    expect(env.error?.details?.issues?.[0]?.code, args.join(" ")).toBe("path_unsafe");
  }
  expect(await readFile(join(repo, ".exo/config.yaml"), "utf8")).toBe(config);
  expect(git(repo, "status", "--porcelain")).toBe("");
  // Reports under .exo/traces/, the cache's own pages and ordinary files are still written.
  expect(envelope(await exo(repo, "export-traces", "--out", ".exo/traces/all.jsonl")).ok).toBe(true);
  expect(envelope(await exo(repo, "dashboard", "--out", ".exo/cache/board.html")).ok).toBe(true);
  expect(envelope(await exo(repo, "pr-check", "--base", "HEAD", "--markdown", "report.md")).ok).toBe(true);
  const client = await mcpClient(repo);
  const outside = structured(await client.callTool({ name: "exo_export_traces", arguments: { out: "/etc/exo-traces.jsonl" } }));
  expect(outside.error?.code).toBe("INVALID_INPUT");
  expect(outside.error?.message).toContain("outside the repository");
  const state = structured(await client.callTool({ name: "exo_dashboard", arguments: { out: ".exo/config.yaml" } }));
  expect(state.error?.code).toBe("INVALID_INPUT");
  expect(structured(await client.callTool({ name: "exo_dashboard", arguments: { out: "board.html" } })).ok).toBe(true);
});

test("worktree-create --path inside .exo/ or .git/ is INVALID_INPUT path_unsafe before git runs (it made a checkout inside exo's state; inside .git it was an opaque GIT_FAILED)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "w", "--id", "W1"));
  for (const path of [".exo/wt", ".git/wt"]) {
    const env = coded(await exo(repo, "worktree-create", "--ticket-id", "W1", "--path", path), "INVALID_INPUT", 2);
    expect(env.error?.details?.issues?.[0]?.code).toBe("path_unsafe");
  }
  expect(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
});

test("GIT_FAILED names git's error line, not the progress line before it (worktree-create from a base git does not know)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "w", "--id", "W1"));
  const first = join(dirname(repo), `${basename(repo)}-W1`);
  try {
    // git prints "Preparing worktree (new branch …)" before its fatal line. (A branch checked out
    // elsewhere, the case here before, is INVALID_INPUT naming that worktree since hostile round 41.)
    const env = coded(await exo(repo, "worktree-create", "--ticket-id", "W1", "--base", "no-such-ref"), "GIT_FAILED");
    expect(env.error?.message).toMatch(/failed: fatal: not a valid object name/);
  } finally {
    await rm(first, { recursive: true, force: true });
  }
});

test("an MCP actor argument that is not a string is INVALID_INPUT (actor_invalid), not silently replaced by the default actor (SPEC §8.8, §5.3)", async () => {
  const repo = await initRepo();
  const client = await mcpClient(repo);
  const run = structured(await client.callTool({ name: "exo_reflect", arguments: { pattern: "p", insight: "i", actor: 5 } }));
  expect(run.ok).toBe(false);
  expect(run.error?.code).toBe("INVALID_INPUT");
  expect(envelope(await exo(repo, "reflections")).data.learnings).toEqual([]);
  const odd = structured(await client.callTool({ name: "exo_status", arguments: { "": 1 } }));
  expect(odd.error?.message).toContain('Unknown argument "" for exo_status');
});

test("a malformed --type or --harness says what the value must look like, not 'must be in the expected format' (SPEC §4.5.1)", async () => {
  const repo = await initRepo();
  const create = coded(await exo(repo, "ticket-create", "x", "--type", "Bad Type"), "INVALID_INPUT", 2);
  expect(create.error?.message).toBe('--type must be lowercase letters, digits and -, starting with a letter (like bug or feature), got "Bad Type".');
  envelope(await exo(repo, "ticket-create", "x", "--id", "T1"));
  expect(coded(await exo(repo, "ticket-update", "T1", "--type", "Bug"), "INVALID_INPUT", 2).error?.message).toContain("must be lowercase letters");
  expect(coded(await exo(repo, "session-start", "--ticket-id", "T1", "--harness", "Claude"), "INVALID_INPUT", 2).error?.message).toContain("must be lowercase letters");
});

test("gc-locks --remote without a reachable remote is REMOTE_UNAVAILABLE whose message names --remote too, not only --distributed (SPEC §6.3)", async () => {
  const repo = await initRepo();
  const env = coded(await exo(repo, "gc-locks", "--remote"), "REMOTE_UNAVAILABLE");
  expect(env.error?.message).toContain("--remote");
});

test("trace --feature naming no feature of features.yaml is INVALID_INPUT (not an empty passing trace); a failed trace-reqs hints exo requirements (the ids a tag may name), not exo trace (SPEC §6.8)", async () => {
  const repo = await initRepo();
  await writeFile(join(repo, ".exo/features.yaml"), 'version: 1\nfeatures:\n  - id: billing\n    title: Billing\n    status: active\n    files: ["src/billing/**"]\n');
  await writeFile(join(repo, ".exo/requirements.yaml"), "version: 1\nrequirements:\n  - id: REQ-1\n    title: t\n    status: active\n    priority: high\n    acceptance: [ACC-1]\n");
  envelope(await exo(repo, "compose"));
  const unknown = coded(await exo(repo, "trace", "--feature", "billng"), "INVALID_INPUT", 2);
  expect(unknown.error?.message).toContain("features: billing");
  expect(envelope(await exo(repo, "trace", "--feature", "billing")).ok).toBe(true);
  expect(coded(await exo(repo, "trace-reqs", "--check-tests"), "TRACE_FAILED").error?.hint).toBe("exo requirements");
});

test("export-traces --session-id naming a session with no closing record warns FILTER_MATCHES_NOTHING instead of exporting nothing silently (SPEC §6.6)", async () => {
  const repo = await initRepo();
  const run = envelope(await exo(repo, "export-traces", "--no-write", "--session-id", "SES-20261124-091500-7Q2M4C"));
  expect(run.ok).toBe(true);
  expect(run.data).toMatchObject({ traces: 0, spans: 0 });
  expect(run.warnings?.map((w) => w.code)).toEqual(["FILTER_MATCHES_NOTHING"]);
  expect(run.warnings?.[0]?.message).toContain("SES-20261124-091500-7Q2M4C");
});

test("worktree-remove of a worktree a live session works in is TICKET_IN_USE even with --force, hinting exo session-scan rather than exo next (SPEC §6.10)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "v", "--id", "V1"));
  git(repo, "add", "--all");
  git(repo, "commit", "--quiet", "--message", "ticket");
  const path = join(dirname(repo), `${basename(repo)}-V1`);
  try {
    expect(envelope(await exo(repo, "worktree-create", "--ticket-id", "V1")).ok).toBe(true);
    expect(envelope(await exo(path, "session-start", "--ticket-id", "V1", { env: { EXO_ACTOR: "agent:v" } })).ok).toBe(true);
    const env = coded(await exo(repo, "worktree-remove", "--ticket-id", "V1", "--force"), "TICKET_IN_USE");
    expect(env.error?.hint).toBe("exo session-scan");
  } finally {
    git(repo, "worktree", "remove", "--force", path);
    await rm(path, { recursive: true, force: true });
  }
});

test("config-validate issues list file, path, code, message, severity in SPEC §6.1's order", async () => {
  const repo = await initRepo();
  const file = join(repo, ".exo/config.yaml");
  await writeFile(file, `${await readFile(file, "utf8")}bogus_key: 1\n`);
  const run = envelope(await exo(repo, "config-validate"));
  expect(run.ok).toBe(true);
  expect(Object.keys(run.data.issues[0]).slice(0, 5)).toEqual(["file", "path", "code", "message", "severity"]);
});

test("fleet-drift sessions are sorted by started_at then id, live sessions among the closed ones (SPEC §6: unstated session order)", async () => {
  const repo = await initRepo();
  for (const id of ["F1", "F2", "F3"]) envelope(await exo(repo, "ticket-create", id, "--id", id));
  git(repo, "add", "--all");
  git(repo, "commit", "--quiet", "--message", "tickets");
  const at = (minute: number) => ({ env: { EXO_ACTOR: `agent:f${minute}`, EXO_NOW: `2026-11-24T09:0${minute}:00.000Z` } });
  // F1 starts first and stays open; F2 and F3 start later and finish.
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "F1", at(1))).ok).toBe(true);
  for (const [ticket, minute] of [["F2", 2], ["F3", 3]] as const) {
    expect(envelope(await exo(repo, "session-start", "--ticket-id", ticket, at(minute))).ok).toBe(true);
    expect(envelope(await exo(repo, "session-finish", "--summary", "done", at(minute))).ok).toBe(true);
  }
  const fleet = envelope(await exo(repo, "fleet-drift", { env: { EXO_NOW: "2026-11-24T09:05:00.000Z" } }));
  expect((fleet.data.sessions as { ticket: string }[]).map((s) => s.ticket)).toEqual(["F1", "F2", "F3"]);
});
