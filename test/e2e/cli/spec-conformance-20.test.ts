// Black-box checks from the round-20 audit of the SPEC sections the earlier rounds covered least:
// observability and report data (§6.5–§6.7), §7.6 NO_TICKET reasons, §4.5.3 ticket-update, §2.2
// EXO_NOW, §7.10/§7.11 machine figures, §4.2 config warnings, and the MCP tool of each. Each test
// fails on the behaviour before its fix.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { coded, DIST, envelope, exo, git, initRepo } from "../../helpers/repo.js";
import type * as Library from "../../../src/index.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

const as = (actor: string, extra: Record<string, string> = {}) => ({ env: { EXO_ACTOR: actor, ...extra } });

test("§6.7 ledger-verify data starts with SPEC's keys in its order (records_per_second before exo's records_lost), from the CLI and MCP", async () => {
  const repo = await initRepo();
  const spec = ["valid", "segments", "records", "errors", "ts_regressions", "records_per_second"];
  expect(Object.keys(envelope(await exo(repo, "ledger-verify")).data).slice(0, spec.length)).toEqual(spec);
  const client = await mcpClient(repo);
  const viaMcp = structured(await client.callTool({ name: "exo_ledger_verify", arguments: {} }));
  expect(Object.keys(viaMcp.data).slice(0, spec.length)).toEqual(spec);
});

test("§7.6 step 6 NO_TICKET details.reasons lists SPEC's keys in its order (containers after lane_full and global_limit)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "intent-create", "auth", "--id", "I1", "--brain-dump", "login"));
  const run = await exo(repo, "next", "--dry-run");
  const env = coded(run, "NO_TICKET");
  expect(Object.keys(env.error?.details.reasons)).toEqual([
    "no_todo_tasks", "blocked", "blocker_missing", "blocker_cancelled", "parent_closed", "locked", "other_lane",
    "lane_full", "global_limit", "containers", "stale_sessions",
  ]);
  expect(env.error?.details.reasons).toMatchObject({ no_todo_tasks: true, containers: 1, lane_full: {}, global_limit: false });
});

test("§4.5.3 ticket-update can never set active on a task: --status active on an active task is INVALID_TRANSITION too, not a silent no-op (CLI and MCP)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "signup form", "--id", "T1"));
  expect(envelope(await exo(repo, "next", "--owner", "alice")).data.ticket.id).toBe("T1");
  const ledger = async () => (await Promise.all((await readdir(join(repo, ".exo/ledger"))).map((f) => readFile(join(repo, ".exo/ledger", f), "utf8")))).join("");
  const before = await ledger();
  const env = coded(await exo(repo, "ticket-update", "T1", "--status", "active", "--reason", "again"), "INVALID_TRANSITION");
  expect(env.error?.details).toMatchObject({ from: "active", to: "active", allowed: ["todo"] });
  const client = await mcpClient(repo);
  const viaMcp = await client.callTool({ name: "exo_ticket_update", arguments: { id: "T1", status: "active", reason: "again" } });
  expect(viaMcp.isError).toBe(true);
  expect(structured(viaMcp).error?.code).toBe("INVALID_TRANSITION");
  expect(await ledger()).toBe(before);
  // A todo task is refused as before, and todo → todo stays a no-op.
  envelope(await exo(repo, "ticket-create", "other", "--id", "T2"));
  coded(await exo(repo, "ticket-update", "T2", "--status", "active"), "INVALID_TRANSITION");
  expect(envelope(await exo(repo, "ticket-update", "T2", "--status", "todo")).data.changed).toEqual([]);
});

test("§4.2 config-validate on a config with an unknown key passes (exit 0) and warns CONFIG_UNKNOWN_KEY, as compose does (CLI and MCP)", async () => {
  const repo = await initRepo();
  const file = join(repo, ".exo/config.yaml");
  await writeFile(file, `${await readFile(file, "utf8")}tickest: {}\n`);
  const run = await exo(repo, "config-validate");
  expect(run.code).toBe(0);
  const env = envelope(run);
  expect(env.data.valid).toBe(true);
  expect(env.data.issues).toEqual([expect.objectContaining({ file: ".exo/config.yaml", path: "tickest", severity: "warning" })]);
  expect(env.warnings?.map((w) => w.code)).toEqual(["CONFIG_UNKNOWN_KEY"]);
  expect(env.warnings?.[0]?.message).toMatch(/^\.exo\/config\.yaml:\d+: .*tickest/);
  const client = await mcpClient(repo);
  const viaMcp = structured(await client.callTool({ name: "exo_config_validate", arguments: {} })) as { ok: boolean; warnings?: { code: string }[] };
  expect(viaMcp.ok).toBe(true);
  expect(viaMcp.warnings?.map((w) => w.code)).toEqual(["CONFIG_UNKNOWN_KEY"]);
});

test("§6 pr-check lists its sessions by started_at then id, not by id alone", async () => {
  const repo = await initRepo();
  const actors = ["agent:a", "agent:b", "agent:c", "agent:d", "agent:e", "agent:f"];
  for (const [i] of actors.entries()) envelope(await exo(repo, "ticket-create", `work ${i}`, "--id", `T${i}`, "--scope-allow", `src/t${i}/**`));
  git(repo, "add", "--all");
  git(repo, "commit", "--quiet", "--message", "tickets");
  const base = git(repo, "rev-parse", "HEAD").trim();
  // Six sessions within one second: their ids share the time and differ in random letters, so id
  // order is (almost surely) not start order.
  const started: string[] = [];
  for (const [i, actor] of actors.entries()) {
    const now = { EXO_NOW: `2030-12-01T10:00:00.${String(100 + i * 100).padStart(3, "0")}Z` };
    const id = envelope(await exo(repo, "session-start", "--ticket-id", `T${i}`, as(actor, now))).data.session.id as string;
    started.push(id);
    await writeFiles(repo, `src/t${i}/a.ts`);
    git(repo, "add", `src/t${i}/a.ts`);
    git(repo, "commit", "--quiet", "--no-verify", "--message", `work ${i}`, "--message", `Exo-Session: ${id}`);
    expect(envelope(await exo(repo, "session-finish", "--summary", "done", as(actor, now))).ok).toBe(true);
  }
  expect([...started].sort()).not.toEqual(started);
  const report = envelope(await exo(repo, "pr-check", "--base", base));
  expect(report.data.sessions.map((s: { id: string }) => s.id)).toEqual(started);
});

async function writeFiles(repo: string, path: string): Promise<void> {
  const { mkdir } = await import("node:fs/promises");
  await mkdir(join(repo, path, ".."), { recursive: true });
  await writeFile(join(repo, path), "export {};\n");
}

test("§2.2 EXO_NOW naming a day that does not exist (2026-02-30) is INVALID_INPUT, not rolled into March; so is a --since date like it", async () => {
  const repo = await initRepo();
  const run = await exo(repo, "ticket-create", "leap", { env: { EXO_NOW: "2026-02-30T00:00:00.000Z" } });
  const env = coded(run, "INVALID_INPUT", 2);
  expect(env.error?.details.issues[0]).toMatchObject({ path: "EXO_NOW", code: "timestamp_invalid" });
  expect(await readdir(join(repo, ".exo/tickets"))).toEqual([]);
  for (const args of [["metrics", "--since", "2026-02-30"], ["ledger-show", "--since", "2026-04-31T10:00:00Z"], ["export-traces", "--no-write", "--since", "2026-13-01"]]) {
    const bad = coded(await exo(repo, ...args), "INVALID_INPUT", 2);
    expect(bad.error?.details.issues[0]).toMatchObject({ path: "since", code: "timestamp_invalid" });
  }
  // Real days still pass, 29 February of a leap year included.
  expect((await exo(repo, "metrics", "--since", "2028-02-29", "--until", "2028-03-01")).code).toBe(0);
  expect((await exo(repo, "status", { env: { EXO_NOW: "2028-02-29T12:00:00.000Z" } })).code).toBe(0);
});

test("§7.10, §7.11 the machine figures are read once per start and resume: the machine_load advisory quotes the same free memory and load as the bootstrap's Machine section", async () => {
  const repo = await initRepo();
  // A free-memory floor no machine meets makes the machine_load warning fire on every start.
  const file = join(repo, ".exo/config.yaml");
  await writeFile(file, `${await readFile(file, "utf8")}advisories:\n  machine_min_free_mb: 1000000000\n`);
  expect((await exo(repo, "compose")).code).toBe(0);
  envelope(await exo(repo, "ticket-create", "busy machine", "--id", "T1"));
  const agent = as("agent:a");
  const same = (data: { advisories: { kind: string; details: { free_mb: number; total_mb: number; cores: number } }[]; bootstrap: string }) => {
    const load = data.advisories.find((a) => a.kind === "machine_load");
    expect(load, JSON.stringify(data.advisories)).toBeDefined();
    const line = /^(\d+) cores · load [^·]+ · (\d+) MiB free of (\d+) MiB/m.exec(data.bootstrap);
    expect(line, data.bootstrap).not.toBeNull();
    expect([Number(line?.[1]), Number(line?.[2]), Number(line?.[3])]).toEqual([load?.details.cores, load?.details.free_mb, load?.details.total_mb]);
  };
  for (let i = 0; i < 3; i++) {
    same(envelope(await exo(repo, "session-start", "--ticket-id", "T1", agent)).data);
    expect(envelope(await exo(repo, "session-suspend", "--reason", "pause", agent)).ok).toBe(true);
    same(envelope(await exo(repo, "session-resume", agent)).data);
    expect(envelope(await exo(repo, "session-finish", "--summary", "done", "--set-status", "keep", agent)).ok).toBe(true);
  }
});

test("§6.6, §8.9 export-traces --endpoint that is not an http(s) URL is INVALID_INPUT (exit 2) naming the flag, not an EXPORT_FAILED 'could not reach'", async () => {
  const repo = await initRepo();
  const env = coded(await exo(repo, "export-traces", "--no-write", "--endpoint", "ftp://collector.invalid/v1/traces"), "INVALID_INPUT", 2);
  expect(env.error?.details.issues[0]).toMatchObject({ path: "endpoint" });
  expect(env.error?.message).toMatch(/--endpoint .*http/);
  const client = await mcpClient(repo);
  const viaMcp = await client.callTool({ name: "exo_export_traces", arguments: { endpoint: "file:///etc/passwd", write: false } });
  expect(structured(viaMcp).error?.code).toBe("INVALID_INPUT");
});

test("§4: a lock, session or handoff file left with git conflict markers (or garbled) fails STATE_CORRUPT naming the file and position, issue code conflict_markers (or parse_error)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  envelope(await exo(repo, "ticket-create", "more", "--id", "T2"));
  const ses = envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a"))).data.session.id as string;
  envelope(await exo(repo, "session-start", "--ticket-id", "T2", as("agent:b")));
  envelope(await exo(repo, "session-handoff", "--to", "any", "--summary", "half", as("agent:b")));
  const conflicted = '<<<<<<< HEAD\n{"format": "exo.lock/1"}\n=======\n{"format": "exo.lock/1"}\n>>>>>>> theirs\n';
  const cases: [string, string[]][] = [
    [".exo/locks/T1.json", ["lease-renew", "--ticket-id", "T1", "--actor", "agent:a"]],
    [`.exo/sessions/${ses}.json`, ["session-finish", "--summary", "done", "--session-id", ses]],
    [".exo/handoffs/T2.json", ["ticket-show", "T2"]],
  ];
  for (const [file, args] of cases) {
    await writeFile(join(repo, file), conflicted);
    const env = coded(await exo(repo, ...args), "STATE_CORRUPT");
    expect(env.error?.message).toContain(file);
    expect(env.error?.details).toMatchObject({ file, issues: [{ code: "conflict_markers", line: 1, column: 1 }] });
    await writeFile(join(repo, file), '{\n  "format": "exo.lock/1",\n  oops\n}\n');
    const garbled = coded(await exo(repo, ...args), "STATE_CORRUPT");
    expect(garbled.error?.details).toMatchObject({ file, issues: [{ code: "parse_error", line: 3, column: 3 }] });
    expect(garbled.error?.message).toMatch(/line 3, column 3/);
  }
});

test("§9.3 the library's synchronous exo.decide returns §9.2's Decision, targets included (path, action, inside_repo, decision, code, rule), as exo decide does", async () => {
  const { createExo } = (await import(pathToFileURL(join(DIST, "index.js")).href)) as typeof Library;
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "auth", "--id", "T1", "--scope-allow", "src/auth/**"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:bot")));
  const lib = createExo({ repo, actor: "agent:bot", env: { PATH: process.env["PATH"] } });
  const denied = lib.decide({ path: "docs/x.md" });
  expect(denied).toMatchObject({ decision: "deny", code: "OUT_OF_SCOPE" });
  expect(denied.targets).toEqual([{ path: "docs/x.md", action: "write", inside_repo: true, decision: "deny", code: "OUT_OF_SCOPE", rule: null }]);
  const cli = envelope(await exo(repo, "decide", "--path", "docs/x.md", as("agent:bot"))).data;
  expect(denied.targets).toEqual(cli.targets);
  expect(lib.decide({ path: "src/auth/a.ts", action: "delete" }).targets).toEqual([{ path: "src/auth/a.ts", action: "delete", inside_repo: true, decision: "allow", code: null, rule: null }]);
});

test("§7.14 recovering a superseded session leaves alone the ticket another claim now holds: still active under bob's live lock, not set back to todo (dry run and real run alike)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "signup form", "--id", "T1"));
  const ses = envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a"))).data.session.id as string;
  envelope(await exo(repo, "lease-release", "--ticket-id", "T1", "--force", "--actor", "bob"));
  envelope(await exo(repo, "ticket-update", "T1", "--status", "todo", "--reason", "reassigned"));
  const claim = envelope(await exo(repo, "next", "--owner", "bob")).data;
  expect(claim.ticket).toMatchObject({ id: "T1", status: "active" });
  const scan = envelope(await exo(repo, "session-scan")).data.sessions;
  expect(scan).toEqual([expect.objectContaining({ id: ses, stale: true, stale_reasons: ["lock_lost"] })]);
  const preview = envelope(await exo(repo, "session-cleanup", "--dry-run")).data.recovered;
  expect(preview).toEqual([expect.objectContaining({ session: ses, ticket_status: "active", lock_released: false })]);
  const done = envelope(await exo(repo, "session-cleanup")).data.recovered;
  expect(done).toEqual([expect.objectContaining({ session: ses, reasons: ["lock_lost"], ticket_status: "active", lock_released: false })]);
  const show = envelope(await exo(repo, "ticket-show", "T1")).data;
  expect(show.ticket.status).toBe("active");
  expect(show.lock).toMatchObject({ owner: "bob", state: "held", fencing_token: claim.lock.fencing_token });
  expect(show.sessions).toEqual([expect.objectContaining({ session: ses, outcome: "superseded" })]);
  // bob's session starts on his claim as after any next.
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("bob"))).data.lock.owner).toBe("bob");
});

test("§4.12, §6.1 config-validate lists duplicate feature, requirement and acceptance ids together with the manifests' other issues, not only once those are fixed", async () => {
  const repo = await initRepo();
  await writeFile(join(repo, ".exo/features.yaml"), "version: 1\nfeatures:\n  - id: billing\n    title: Billing\n    status: gone\n  - id: billing\n    title: Billing again\n");
  await writeFile(join(repo, ".exo/requirements.yaml"), "version: 1\nrequirements:\n  - id: REQ-1\n    title: Sign up\n    priority: urgent\n    acceptance: [ACC-1]\n  - id: REQ-1\n    title: Sign in\n    acceptance: [ACC-1]\n");
  const env = envelope(await exo(repo, "config-validate"));
  expect(env.error?.code).toBe("VALIDATION_FAILED");
  const issues = (env.data.issues as { file: string; path: string; code: string }[]).map((i) => `${i.file} ${i.path} ${i.code}`);
  expect(issues).toEqual(expect.arrayContaining([
    ".exo/features.yaml features.0.status invalid_value",
    ".exo/features.yaml features.1.id duplicate_id",
    ".exo/requirements.yaml requirements.0.priority invalid_value",
    ".exo/requirements.yaml requirements.1.id duplicate_id",
    ".exo/requirements.yaml requirements.1.acceptance.0 duplicate_id",
  ]));
  const compose = coded(await exo(repo, "compose"), "MANIFEST_INVALID", 2);
  expect((compose.error?.details.issues as { code: string }[]).filter((i) => i.code === "duplicate_id")).toHaveLength(3);
});
