// Round 19 conformance of exo-mcp and the CLI against SPEC (§5, §6, §8.8, §13): each test fails on
// the behaviour before its fix, or pins a contract the acceptance suite drives.
import { spawn } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { expect, test } from "vitest";
import { mcpClient, mcpConverse, structured } from "../../helpers/mcp.js";
import { baseEnv, envelope, exo, initRepo, MCP_BIN, runNode, tempDir } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";

const NOW = "2026-11-24T09:00:00.000Z";
const rpc = (id: number, method: string, params: object) => `${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`;
const INIT = rpc(0, "initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "conformance", version: "1" } });

test("§8.8 a client that goes away mid-call (its end of stdout closed) does not crash exo-mcp: the calls still running complete, and the server ends quietly with stdin", async () => {
  const repo = await initRepo();
  const env = baseEnv({ EXO_NOW: NOW, EXO_ACTOR: "agent:claude" });
  const child = spawn(process.execPath, [MCP_BIN, "--repo", repo], { cwd: repo, env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  child.stdout.once("data", () => {
    // The initialize answer came; the client now stops reading and sends its calls, then leaves.
    child.stdout.destroy();
    for (let i = 1; i <= 6; i++) child.stdin.write(rpc(i, "tools/call", { name: "exo_ticket_create", arguments: { title: `gone ${i}` } }));
    child.stdin.end();
  });
  child.stdin.write(INIT);
  expect(await exited).toBe(0);
  expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
  const listed = envelope(await exo(repo, "tickets", { env: { EXO_NOW: NOW } }));
  expect(listed.data.tickets.map((t: { title: string }) => t.title).sort()).toEqual(["gone 1", "gone 2", "gone 3", "gone 4", "gone 5", "gone 6"]);
});

test("§8.8 every read-only tool answers exactly the CLI's --format json envelope for the same command in the same state", async () => {
  const repo = await initRepo({ "src/a.ts": "a\n" });
  const env = { EXO_NOW: NOW, EXO_ACTOR: "agent:claude", EXO_HOST: "build-01" };
  const intent = envelope(await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", { env })).data.ticket.id as string;
  const task = envelope(await exo(repo, "ticket-create", "signup", "--parent", intent, { env })).data.ticket.id as string;
  const client = await mcpClient(repo, { env });
  // [command, MCP arguments, CLI arguments]; durations and rates are the only values allowed to differ.
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["status", {}, []], ["config-validate", {}, []], ["tickets", { tree: true }, ["--tree"]], ["ticket-show", { id: task }, [task]],
    ["intents", {}, []], ["next", { dry_run: true }, ["--dry-run"]], ["session-scan", {}, []],
    ["decide", { path: ["src/a.ts", "docs/x.md"] }, ["--path", "src/a.ts", "--path", "docs/x.md"]], ["decide", { bash: "rm src/a.ts" }, ["--bash", "rm src/a.ts"]],
    ["drift", {}, []], ["metrics", {}, []], ["fleet-drift", {}, []], ["ledger-verify", {}, []], ["ledger-show", { type: ["ticket.created"] }, ["--type", "ticket.created"]],
    ["features", {}, []], ["trace", {}, []], ["requirements", {}, []], ["trace-reqs", {}, []], ["reflections", {}, []], ["worktrees", {}, []],
    ["sandbox-policy", {}, []], ["doctor", {}, []], ["adapter-generate", { check: true }, ["--check"]], ["gc", {}, []], ["gc-locks", { dry_run: true }, ["--dry-run"]],
    ["compose", { dry_run: true }, ["--dry-run"]], ["session-cleanup", { dry_run: true }, ["--dry-run"]],
  ];
  const stable = (x: unknown) => JSON.stringify(x, (k, v: unknown) => (k === "records_per_second" || k === "duration_ms" ? 0 : v));
  for (const [command, args, argv] of cases) {
    const result = await client.callTool({ name: `exo_${command.replaceAll("-", "_")}`, arguments: args });
    const run = await exo(repo, command, ...argv, { env });
    expect(stable(result.structuredContent), `${command} ${argv.join(" ")}`).toBe(stable(envelope(run)));
    expect(result.isError === true, command).toBe(run.code !== 0);
  }
});

test("§8.8 bad arguments of every kind are tool errors carrying exo's code (isError, the envelope as text), never JSON-RPC errors", async () => {
  const repo = await initRepo();
  const client = await mcpClient(repo, { env: { EXO_NOW: NOW } });
  const cases: [string, Record<string, unknown>, string, string?][] = [
    ["ticket_show", {}, "INVALID_INPUT"],
    ["ticket_show", { id: "../../etc/passwd" }, "INVALID_INPUT", "id_invalid"],
    ["ticket_show", { id: 5 }, "INVALID_INPUT"],
    ["ticket_show", { id: "T1", bogus: true }, "INVALID_INPUT", "unknown_key"],
    ["ticket_create", { title: "x", parent: "../../x" }, "INVALID_INPUT", "id_invalid"],
    ["ticket_create", { title: "x", priority: "1" }, "INVALID_INPUT"],
    ["ticket_create", { title: "x", scope_allow: ["../x"] }, "INVALID_INPUT", "glob_invalid"],
    ["session_finish", { summary: "x", session_id: "../x" }, "INVALID_INPUT", "id_invalid"],
    ["reflect_dismiss", { id: "REF-../x" }, "INVALID_INPUT", "id_invalid"],
    ["session_cleanup", { session_id: ["../../x"] }, "INVALID_INPUT", "id_invalid"],
    ["export_traces", { out: "../../outside.jsonl" }, "INVALID_INPUT", "path_unsafe"],
    ["dashboard", { serve: true }, "INVALID_INPUT", "unknown_key"],
    ["ledger_show", { limit: 1.5 }, "INVALID_INPUT"],
    ["status", { actor: "not an actor" }, "INVALID_INPUT", "actor_invalid"],
    ["status", { repo: "../.." }, "REPO_NOT_ALLOWED"],
    ["ticket_show", { id: "NOPE-1" }, "TICKET_NOT_FOUND"],
    ["no_such_tool", {}, "USAGE_ERROR"],
  ];
  for (const [tool, args, code, issue] of cases) {
    const result = await client.callTool({ name: `exo_${tool}`, arguments: args });
    const label = `${tool} ${JSON.stringify(args)}`;
    expect(result.isError, label).toBe(true);
    const env = structured(result);
    expect(env.error?.code, label).toBe(code);
    expect(JSON.parse((result.content as { text: string }[])[0]?.text ?? "")).toEqual(env);
    if (issue) expect((env.error as { details?: { issues?: { code: string }[] } }).details?.issues?.map((i) => i.code), label).toContain(issue);
  }
  // Nothing was written by any of them: the repository is as init left it.
  expect(envelope(await exo(repo, "tickets")).data.total).toBe(0);
});

test("§8.8 initialize names exo at package.json's version with the tools capability; every tools/list schema compiles as JSON Schema and describes each argument", async () => {
  const repo = await initRepo();
  const client = await mcpClient(repo);
  const pkg = JSON.parse(await readFile("package.json", "utf8")) as { version: string };
  expect(client.getServerVersion()).toEqual({ name: "exo", version: pkg.version });
  expect(client.getServerCapabilities()).toEqual({ tools: {} });
  expect(client.getInstructions()).toMatch(/exo_session_start.*exo_session_finish/);
  const { tools } = await client.listTools();
  const ajv = new AjvJsonSchemaValidator();
  for (const tool of tools) {
    expect(tool.description, tool.name).toBeTruthy();
    expect(tool.inputSchema.type).toBe("object");
    const validate = ajv.getValidator(tool.inputSchema as Parameters<typeof ajv.getValidator>[0]);
    for (const [name, schema] of Object.entries(tool.inputSchema.properties ?? {})) expect((schema as { description?: string }).description, `${tool.name}.${name}`).toBeTruthy();
    // No arguments pass the schema exactly when the tool requires none; a wrong type never does.
    expect(validate({}).valid, tool.name).toBe((tool.inputSchema.required ?? []).length === 0);
    expect(validate({ repo: 5 }).valid, tool.name).toBe(false);
  }
});

test("§8.8, §13 scenario 19 over one server: 16 concurrent exo_next calls on 10 ready tasks make 10 distinct claims and 6 NO_TICKET; concurrent starts and finishes keep the ledger valid", async () => {
  const repo = await initRepo();
  const env = { EXO_NOW: NOW };
  await commitTickets(repo, Array.from({ length: 10 }, (_, i) => ({ id: `T${i}` })));
  const client = await mcpClient(repo, { env });
  const claims = await Promise.all(Array.from({ length: 16 }, (_, i) => client.callTool({ name: "exo_next", arguments: { owner: `agent:o${i}` } })));
  const won = claims.filter((r) => r.isError !== true).map((r) => structured(r).data.ticket.id as string);
  expect(new Set(won).size).toBe(10);
  expect(claims.filter((r) => r.isError === true).map((r) => structured(r).error?.code)).toEqual(Array(6).fill("NO_TICKET"));
  const starts = await Promise.all(won.map((id, i) => client.callTool({ name: "exo_session_start", arguments: { ticket_id: id, actor: `agent:a${i}` } })));
  expect(starts.map((r) => structured(r).error?.code ?? "ok")).toEqual(Array(10).fill("ok"));
  const finishes = await Promise.all(won.map((_, i) => client.callTool({ name: "exo_session_finish", arguments: { summary: "done", actor: `agent:a${i}` } })));
  expect(finishes.map((r) => structured(r).error?.code ?? "ok")).toEqual(Array(10).fill("ok"));
  const verified = envelope(await exo(repo, "ledger-verify", { env }));
  expect(verified.data.valid).toBe(true);
  expect(envelope(await exo(repo, "ledger-show", "--type", "session.finished", { env })).data.total).toBe(10);
});

test("§8.8 a tool the server does not offer is a USAGE_ERROR tool result that says why: a full-profile tool asked of a core server names --profile all, a slip names the tool meant", async () => {
  const repo = await initRepo();
  const core = await mcpClient(repo, { args: ["--profile", "core"] });
  const gc = await core.callTool({ name: "exo_gc", arguments: {} });
  expect(gc.isError).toBe(true);
  expect(structured(gc).error?.code).toBe("USAGE_ERROR");
  expect(structured(gc).error?.message).toMatch(/exo_gc is not offered under the core tool profile; start exo-mcp with --profile all/);
  const slip = await core.callTool({ name: "session_start", arguments: {} });
  expect(structured(slip).error?.message).toBe("Unknown tool session_start; did you mean exo_session_start?");
  const typo = await core.callTool({ name: "exo_sesion_finish", arguments: {} });
  expect(structured(typo).error?.message).toBe("Unknown tool exo_sesion_finish; did you mean exo_session_finish?");
  const none = await core.callTool({ name: "frobnicate", arguments: {} });
  expect(structured(none).error?.message).toBe("Unknown tool frobnicate; list the tools again (tools/list).");
});

test("§8.8 malformed JSON-RPC gets JSON-RPC 2.0's error answers (-32700 for a line that is not JSON, -32600 with the request's id for a bad message) and the server carries on", async () => {
  const repo = await initRepo();
  const lines = [
    INIT,
    `${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`,
    "{not json\n",
    `${JSON.stringify({ jsonrpc: "2.0", id: 5 })}\n`,
    `${JSON.stringify({ jsonrpc: "1.0", id: "x", method: "tools/list" })}\n`,
    "[1,2]\n",
    "\n",
    `${JSON.stringify({ jsonrpc: "2.0", id: 6, method: "no/such/method" })}\n`,
    rpc(7, "tools/call", { name: "exo_status", arguments: {} }),
  ];
  const replies = await mcpConverse(repo, lines, 7);
  const byId = new Map(replies.map((r) => [JSON.stringify(r["id"]), r]));
  const codes = replies.map((r) => (r["error"] as { code?: number } | undefined)?.code ?? "result");
  expect(codes).toEqual(["result", -32700, -32600, -32600, -32600, -32601, "result"]);
  expect(replies.filter((r) => r["id"] === null)).toHaveLength(2);
  expect(byId.has("5") && byId.has('"x"')).toBe(true);
  expect((byId.get("7")?.["result"] as { structuredContent: { ok: boolean } }).structuredContent.ok).toBe(true);
});

test("§7.2 step 11, §7.3: a boundary declared on the intent is the session's; a write or rm there is BOUNDARY_VIOLATION from decide, over the CLI and MCP alike", async () => {
  const repo = await initRepo({ "src/a.ts": "a\n", "src/billing/b.ts": "b\n" });
  const env = { EXO_NOW: NOW, EXO_ACTOR: "agent:claude" };
  const intent = envelope(await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--boundary", "src/billing/**", { env })).data.ticket.id as string;
  const task = envelope(await exo(repo, "ticket-create", "signup", "--parent", intent, "--scope-allow", "src/**", { env })).data.ticket.id as string;
  const started = envelope(await exo(repo, "session-start", "--ticket-id", task, { env }));
  expect(started.data.session.scope).toMatchObject({ allow: ["src/**"], boundaries: ["src/billing/**"] });
  const write = await exo(repo, "decide", "--path", "src/billing/b.ts", { env });
  expect(write.code).toBe(1);
  expect(envelope(write).error?.code).toBe("BOUNDARY_VIOLATION");
  expect(envelope(write).data).toMatchObject({ decision: "deny", code: "BOUNDARY_VIOLATION" });
  expect(envelope(await exo(repo, "decide", "--bash", "rm src/billing/b.ts", { env })).data.code).toBe("BOUNDARY_VIOLATION");
  expect(envelope(await exo(repo, "decide", "--path", "src/a.ts", { env })).data.decision).toBe("allow");
  const client = await mcpClient(repo, { env });
  const viaMcp = await client.callTool({ name: "exo_decide", arguments: { path: ["src/billing/b.ts"] } });
  expect(viaMcp.isError).toBe(true);
  expect(structured(viaMcp).error?.code).toBe("BOUNDARY_VIOLATION");
});

test("§7.23 gc --archive-done: a dry run lists the done and cancelled tickets past the threshold and changes nothing; --apply archives exactly those, recorded as status changes", async () => {
  const repo = await initRepo();
  const env = { EXO_NOW: NOW };
  const later = { EXO_NOW: "2027-02-01T00:00:00.000Z" };
  const cancelled = envelope(await exo(repo, "ticket-create", "dropped", { env })).data.ticket.id as string;
  expect((await exo(repo, "ticket-update", cancelled, "--status", "cancelled", { env })).code).toBe(0);
  const open = envelope(await exo(repo, "ticket-create", "still open", { env })).data.ticket.id as string;
  const dry = envelope(await exo(repo, "gc", "--archive-done", { env: later }));
  expect(dry.data).toMatchObject({ applied: false, archived: [cancelled] });
  expect(envelope(await exo(repo, "ticket-show", cancelled, { env: later })).data.ticket.status).toBe("cancelled");
  // Not yet past the threshold (30 days): nothing to archive.
  expect(envelope(await exo(repo, "gc", "--archive-done", "--apply", { env })).data.archived).toEqual([]);
  const applied = envelope(await exo(repo, "gc", "--archive-done", "--apply", { env: later }));
  expect(applied.data).toMatchObject({ applied: true, archived: [cancelled] });
  // The cache files gc would clear differ with timing (cache/git-config.json is kept only once git's
  // configuration files are two seconds old), so they are left out of the comparison.
  const sansCache = (d: Record<string, unknown>) => ({ ...d, applied: false, categories: { ...(d["categories"] as object), cache: null } });
  expect(sansCache(applied.data)).toEqual(sansCache(dry.data));
  expect(envelope(await exo(repo, "ticket-show", cancelled, { env: later })).data.ticket.status).toBe("archived");
  expect(envelope(await exo(repo, "ticket-show", open, { env: later })).data.ticket.status).toBe("todo");
  const changes = envelope(await exo(repo, "ledger-show", "--type", "ticket.status_changed", "--ticket-id", cancelled, { env: later })).data.records;
  expect(changes.map((r: { data: { from: string; to: string } }) => `${r.data.from}>${r.data.to}`)).toEqual(["todo>cancelled", "cancelled>archived"]);
});

test("§7.2, §7.18: decision codes no test reached — FEATURE_LOCKED, NO_SESSION under no_session deny/ask, SCOPE_DENIED (writes only) — and CHECK_INVALID at compose", async () => {
  const repo = await initRepo({ "src/a.ts": "a\n", "src/gen/g.ts": "g\n", "src/billing/b.ts": "b\n" });
  const env = { EXO_NOW: NOW, EXO_ACTOR: "agent:claude" };
  const config = join(repo, ".exo/config.yaml");
  const original = await readFile(config, "utf8");
  await writeFile(config, original.replace("allowlist: []", 'allowlist: ["npm test && rm -rf x"]'));
  const invalid = await exo(repo, "compose", { env });
  expect(envelope(invalid).error?.code).toBe("CHECK_INVALID");
  expect(invalid.code).toBe(2);
  await writeFile(join(repo, ".exo/features.yaml"), 'version: 1\nfeatures:\n  - id: billing\n    title: Billing\n    status: active\n    files: ["src/billing/**"]\n    allow_agent_edit: false\n');
  const decide = async (...args: string[]) => envelope(await exo(repo, "decide", ...args, { env }));
  for (const [policy, decision, code] of [["allow", "allow", null], ["deny", "deny", "NO_SESSION"], ["ask", "ask", "NO_SESSION"]] as const) {
    await writeFile(config, original.replace("no_session: allow", `no_session: ${policy}`));
    expect((await exo(repo, "compose", { env })).code).toBe(0);
    const answer = await decide("--path", "src/a.ts");
    expect(answer, policy).toMatchObject({ ok: decision !== "deny", data: { decision, code } });
    // The way out it names pastes as printed: a bare <ID> is the shell's redirect from a file.
    if (code) expect(answer.data.reason, policy).toContain("exo session-start --ticket-id '<ID>'");
  }
  expect((await decide("--path", "src/billing/b.ts")).data).toMatchObject({ decision: "deny", code: "FEATURE_LOCKED" });
  const task = envelope(await exo(repo, "ticket-create", "t", "--scope-allow", "src/**", "--scope-deny", "src/gen/**", { env })).data.ticket.id as string;
  expect((await exo(repo, "session-start", "--ticket-id", task, { env })).code).toBe(0);
  const denied = await decide("--path", "src/gen/g.ts");
  expect(denied.error?.code).toBe("SCOPE_DENIED");
  expect(denied.data.reason).toContain("src/gen/**");
  expect((await decide("--path", "src/gen/g.ts", "--action", "read")).data.decision).toBe("allow");
});

test("§7.12 step 6: a drift gate and a budget gate each refuse the finish (session still active) until a break-glass reason is given, which the memento and ledger keep", async () => {
  const repo = await initRepo({ "src/a.ts": "a\n", "docs/d.md": "d\n" });
  const env = { EXO_NOW: NOW, EXO_ACTOR: "agent:claude" };
  const constitution = join(repo, ".exo/constitution.yaml");
  const text = await readFile(constitution, "utf8");
  await writeFile(constitution, text.replace("budgets:", "  - id: RULE-DRIFT-001\n    type: drift_gate\n    threshold: 0.5\n  - id: RULE-BUDGET-001\n    type: budget_gate\nbudgets:"));
  expect((await exo(repo, "compose", { env })).code).toBe(0);
  const policy = JSON.parse(await readFile(join(repo, ".exo/policy.sealed.json"), "utf8")) as { drift_gate: number; budget_gate: boolean };
  expect(policy).toMatchObject({ drift_gate: 0.5, budget_gate: true });
  const task = envelope(await exo(repo, "ticket-create", "t", "--scope-allow", "src/**", "--max-files", "1", { env })).data.ticket.id as string;
  const session = envelope(await exo(repo, "session-start", "--ticket-id", task, { env })).data.session.id as string;
  await writeFile(join(repo, "docs/d.md"), "out of scope\n");
  await writeFile(join(repo, "docs/e.md"), "out of scope\n");
  const drift = await exo(repo, "session-finish", "--summary", "x", { env });
  expect(envelope(drift).error?.code).toBe("DRIFT_GATE_FAILED");
  expect(envelope(drift).error?.details.drift.out_of_scope).toEqual(["docs/d.md", "docs/e.md"]);
  expect(envelope(await exo(repo, "session-scan", { env })).data.sessions.map((s: { id: string; status: string }) => `${s.id}:${s.status}`)).toEqual([`${session}:active`]);
  // Back in scope, but two files against a budget of one.
  await writeFile(join(repo, "docs/d.md"), "d\n");
  await rm(join(repo, "docs/e.md"));
  await writeFile(join(repo, "src/a.ts"), "changed\n");
  await writeFile(join(repo, "src/b.ts"), "new\n");
  const budget = await exo(repo, "session-finish", "--summary", "x", { env });
  expect(envelope(budget).error?.code).toBe("BUDGET_EXCEEDED");
  expect(envelope(budget).error?.details).toMatchObject({ budgets: { max_files: 1 }, changed: 2 });
  const glass = await exo(repo, "session-finish", "--summary", "x", "--break-glass-reason", "hotfix", { env });
  expect(glass.code).toBe(0);
  expect(envelope(glass).warnings?.map((w) => w.code)).toContain("BUDGET_OVER");
  expect(await readFile(join(repo, envelope(glass).data.memento_path as string), "utf8")).toMatch(/^break_glass_reason: hotfix$/m);
  const finished = envelope(await exo(repo, "ledger-show", "--type", "session.finished", { env })).data.records[0];
  expect(finished.data.break_glass_reason).toBe("hotfix");
});

test("§8.8 EXO_MCP_ROOTS (:-separated) admits more repositories and EXO_MCP_PROFILE picks the profile, --profile overriding it; an unknown profile stops the server with exit 2", async () => {
  const repo = await initRepo();
  const second = await initRepo();
  const third = await initRepo();
  const outside = await initRepo();
  const client = await mcpClient(repo, { env: { EXO_MCP_ROOTS: `${second}:${third}/`, EXO_MCP_PROFILE: "core" } });
  expect((await client.listTools()).tools).toHaveLength(17);
  for (const root of [second, third]) expect(structured(await client.callTool({ name: "exo_status", arguments: { repo: root } })).data.repo.root).toBe(root);
  expect(structured(await client.callTool({ name: "exo_status", arguments: { repo: outside } })).error?.code).toBe("REPO_NOT_ALLOWED");
  const flag = await mcpClient(repo, { env: { EXO_MCP_PROFILE: "core" }, args: ["--profile", "all"] });
  expect((await flag.listTools()).tools.length).toBeGreaterThan(17);
  const bad = await runNode(MCP_BIN, ["--repo", repo], repo, { env: { EXO_MCP_PROFILE: "most" } });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("--profile must be core or all, not most");
});

test("§7.9 step 12, §7.13: EXO_AGENT_PID gives the session's pid at start and resume alike; a value that is no pid (-5, 1.5, abc) records none instead of making the session file unreadable", async () => {
  const repo = await initRepo();
  const env = { EXO_NOW: NOW, EXO_ACTOR: "agent:claude" };
  const task = envelope(await exo(repo, "ticket-create", "t", { env })).data.ticket.id as string;
  const started = envelope(await exo(repo, "session-start", "--ticket-id", task, { env: { ...env, EXO_AGENT_PID: String(process.pid) } }));
  expect(started.data.session.pid).toBe(process.pid);
  for (const bad of ["-5", "1.5", "abc"]) {
    expect((await exo(repo, "session-suspend", "--reason", "break", { env })).code).toBe(0);
    const resumed = envelope(await exo(repo, "session-resume", { env: { ...env, EXO_AGENT_PID: bad } }));
    expect(resumed.data.session.pid, bad).toBeNull();
    const scan = envelope(await exo(repo, "session-scan", { env }));
    expect(scan.warnings, bad).toBeUndefined();
    expect(scan.data.sessions.map((s: { id: string; pid: number | null }) => [s.id, s.pid])).toEqual([[started.data.session.id, null]]);
  }
  expect((await exo(repo, "session-suspend", "--reason", "break", { env })).code).toBe(0);
  expect(envelope(await exo(repo, "session-resume", { env: { ...env, EXO_AGENT_PID: String(process.pid) } })).data.session.pid).toBe(process.pid);
});

test("§7.11 governance_recomposed: a start that recomposes raises the info advisory with the new version and the stale sources, in data, the bootstrap and the ledger's kinds", async () => {
  const repo = await initRepo();
  const env = { EXO_NOW: NOW, EXO_ACTOR: "agent:claude" };
  const task = envelope(await exo(repo, "ticket-create", "t", { env })).data.ticket.id as string;
  const constitution = join(repo, ".exo/constitution.yaml");
  await writeFile(constitution, (await readFile(constitution, "utf8")).replace(/max_files: (\d+), max_loc: 400/, "max_files: $1, max_loc: 401"));
  const started = envelope(await exo(repo, "session-start", "--ticket-id", task, { env }));
  expect(started.warnings?.map((w) => w.code)).toContain("GOVERNANCE_RECOMPOSED");
  const advisory = (started.data.advisories as { kind: string; severity: string; details: unknown }[]).find((a) => a.kind === "governance_recomposed");
  expect(advisory).toMatchObject({ severity: "info", details: { version: 2, stale_sources: ["constitution"] } });
  expect(started.data.bootstrap).toMatch(/^- \[info\] governance_recomposed: /m);
  const record = envelope(await exo(repo, "ledger-show", "--type", "session.started", { env })).data.records[0];
  expect(record.data.advisories).toContain("governance_recomposed");
});

test("§8.8, §7.12, §7.13 concurrent MCP calls on one session: of a suspend racing a finish and a handoff, and of three resumes, exactly one wins; the others are refused under the session's guard", async () => {
  const repo = await initRepo();
  const env = { EXO_NOW: NOW };
  const client = await mcpClient(repo, { env });
  const code = (r: unknown) => structured(r).error?.code ?? "ok";
  for (let i = 0; i < 3; i++) {
    const actor = `agent:race${i}`;
    const task = envelope(await exo(repo, "ticket-create", `race ${i}`, { env })).data.ticket.id as string;
    expect(code(await client.callTool({ name: "exo_session_start", arguments: { ticket_id: task, actor } }))).toBe("ok");
    const closing = (await Promise.all([
      client.callTool({ name: "exo_session_suspend", arguments: { reason: "lunch", actor } }),
      client.callTool({ name: "exo_session_finish", arguments: { summary: "done", actor } }),
      client.callTool({ name: "exo_session_handoff", arguments: { to: "any", summary: "yours", actor } }),
    ])).map(code);
    expect(closing.filter((c) => c === "ok"), closing.join(" ")).toHaveLength(1);
    const records = envelope(await exo(repo, "ledger-show", "--ticket-id", task, "--all", { env })).data.records as { type: string }[];
    expect(records.filter((r) => ["session.suspended", "session.finished", "session.handed_off"].includes(r.type))).toHaveLength(1);
    if (closing[0] !== "ok") continue;
    const resumes = (await Promise.all([1, 2, 3].map(() => client.callTool({ name: "exo_session_resume", arguments: { actor } })))).map(code);
    expect(resumes.sort()).toEqual(["SESSION_NOT_SUSPENDED", "SESSION_NOT_SUSPENDED", "ok"]);
    expect(envelope(await exo(repo, "ledger-show", "--type", "session.resumed", "--ticket-id", task, { env })).data.total).toBe(1);
  }
  expect(envelope(await exo(repo, "ledger-verify", { env })).data.valid).toBe(true);
});

test("§5.4 a PATH_OUTSIDE_REPO refusal over MCP (apply_patch, worktree path) names the file in details relative to the repository, never as an absolute path outside it", async () => {
  const repo = await initRepo();
  const elsewhere = await tempDir();
  const patch = join(elsewhere, "change.patch");
  await writeFile(patch, "*** Begin Patch\n*** Add File: src/x.ts\n+x\n*** End Patch\n");
  const task = envelope(await exo(repo, "ticket-create", "t", { env: { EXO_NOW: NOW } })).data.ticket.id as string;
  const client = await mcpClient(repo, { env: { EXO_NOW: NOW } });
  const refused = [
    await client.callTool({ name: "exo_decide", arguments: { apply_patch: patch } }),
    await client.callTool({ name: "exo_worktree_create", arguments: { ticket_id: task, path: join(elsewhere, "deeper", "wt") } }),
  ];
  for (const result of refused) {
    const error = structured(result).error as unknown as { code: string; details: { path: string } };
    expect(error.code).toBe("PATH_OUTSIDE_REPO");
    expect(error.details.path).toMatch(/^\.\.\//);
    expect(JSON.stringify(error.details)).not.toContain(elsewhere);
  }
  expect(structured(refused[0]).error?.message).toContain(patch);
});

test("§7.14, §4.11.2 concurrent recoveries of one dead session (two cleanups and a --takeover start over MCP) close it once: one session.crashed record, one recovery reported, the start proceeds", async () => {
  const repo = await initRepo();
  const env = { EXO_NOW: NOW };
  const client = await mcpClient(repo, { env });
  for (let i = 0; i < 3; i++) {
    const task = envelope(await exo(repo, "ticket-create", `dead ${i}`, { env })).data.ticket.id as string;
    // pid 999999 is no live process: the session is stale (pid_dead) as soon as it starts.
    const dead = envelope(await exo(repo, "session-start", "--ticket-id", task, "--pid", "999999", { env: { ...env, EXO_ACTOR: `agent:dead${i}` } })).data.session.id as string;
    const [all, named, start] = await Promise.all([
      client.callTool({ name: "exo_session_cleanup", arguments: {} }),
      client.callTool({ name: "exo_session_cleanup", arguments: { session_id: [dead] } }),
      client.callTool({ name: "exo_session_start", arguments: { ticket_id: task, takeover: true, actor: `agent:next${i}` } }),
    ]);
    expect(structured(start).error?.code ?? "ok").toBe("ok");
    const recovered = [all, named].flatMap((r) => structured(r).data.recovered as { session: string }[]).filter((r) => r.session === dead);
    expect(recovered.length).toBeLessThanOrEqual(1);
    const crashed = envelope(await exo(repo, "ledger-show", "--type", "session.crashed", "--ticket-id", task, { env })).data.records as { session: string }[];
    expect(crashed.map((r) => r.session)).toEqual([dead]);
    expect((await exo(repo, "session-finish", "--summary", "done", { env: { ...env, EXO_ACTOR: `agent:next${i}` } })).code).toBe(0);
  }
});
