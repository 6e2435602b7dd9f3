import { createServer } from "node:http";
import { readFile, writeFile, utimes, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { DIST, envelope, exo, git, initRepo, runNode, tempRepo, tempScript, writeFiles } from "../../helpers/repo.js";

const A = { EXO_ACTOR: "agent:claude" };
const B = { EXO_ACTOR: "agent:codex" };

/** Closing records with known figures, written the way session-finish does. */
async function fixtureLedger(repo: string): Promise<void> {
  const script = await tempScript(`
const [dist, dir] = process.argv.slice(2);
const { appendLedger, discoverRepo } = await import(dist + "/testing.js");
const repo = await discoverRepo(dir, process.env);
const events = [
  ["2026-11-20T09:00:00.000Z", "human", { type: "ticket.status_changed", ticket: "T1", data: { from: "todo", to: "active", reason: "x" } }],
  ["2026-11-21T11:00:00.000Z", "agent:claude", { type: "hook.denied", session: "SES-20261120-090000-AAAAA2", ticket: "T1", data: { harness: "claude", path: "docs/x", code: "OUT_OF_SCOPE", rule: null } }],
  ["2026-11-23T21:00:00.000Z", "human", { type: "ticket.status_changed", ticket: "T1", data: { from: "review", to: "done", reason: "x" } }],
];
const rows = [
  ["SES-20261120-090000-AAAAA1", "agent:claude", "anthropic", "claude-code", "passed", 0.1, "2026-11-20T10:00:00.000Z"],
  ["SES-20261120-090000-AAAAA2", "agent:claude", "anthropic", "claude-code", "failed", 0.5, "2026-11-21T10:00:00.000Z"],
  ["SES-20261120-090000-AAAAA3", "agent:codex", "openai", "gpt-5", "passed", 0.9, "2026-11-22T10:00:00.000Z"],
  ["SES-20261120-090000-AAAAA4", "agent:codex", "openai", "gpt-5", "none", 0.2, "2026-11-23T10:00:00.000Z"],
];
for (const [ses, actor, vendor, model, verify, score, ts] of rows) {
  const t = Date.parse(ts);
  events.push([new Date(t - 3600000).toISOString(), actor, { type: "session.started", session: ses, ticket: "T1", data: { vendor, model, harness: "cli", fencing_token: 1 } }]);
  events.push([new Date(t - 60000).toISOString(), actor, { type: "check.completed", session: ses, ticket: "T1", data: { command: "npm test", exit_code: verify === "failed" ? 1 : 0, passed: verify !== "failed", duration_ms: 5000 } }]);
  events.push([ts, actor, { type: "session.finished", session: ses, ticket: "T1", data: { outcome: "finished", verify, drift: { score, scope_compliance: 1 }, vendor, model, branch: "main", end_commit: "abc", changed_files: ["a"], lines_added: 3, lines_removed: 1, set_status: "review", break_glass_reason: null } }]);
}
events.sort((a, b) => (a[0] < b[0] ? -1 : 1));
for (const [ts, actor, entry] of events) await appendLedger(repo, { actor, host: "h", now: new Date(ts) }, [entry]);
`);
  const run = await runNode(script, [DIST, repo], repo);
  expect(run.stderr).toBe("");
}

/** A repository initialised in the past, so fixture records keep their own timestamps. */
async function pastRepo(): Promise<string> {
  const repo = await tempRepo();
  expect((await exo(repo, "init", { env: { EXO_NOW: "2026-11-01T00:00:00.000Z" } })).code).toBe(0);
  return repo;
}

test("metrics on a known ledger: counts, pass rate, drift buckets and percentiles, throughput, actors, health", async () => {
  const repo = await pastRepo();
  await fixtureLedger(repo);
  const m = envelope(await exo(repo, "metrics", "--since", "2026-11-15T00:00:00.000Z", "--until", "2026-11-25T00:00:00.000Z"));
  expect(m.data.sessions).toMatchObject({ finished: 4, crashed: 0, active: 0, total: 4 });
  expect(m.data.verify).toEqual({ passed: 2, failed: 1, skipped: 0, none: 1, pass_rate: 0.667 });
  expect(m.data.drift).toEqual({ count: 4, avg: 0.425, p50: 0.2, p90: 0.9, max: 0.9, buckets: { low: 2, medium: 1, high: 1 }, covers: { closed: 4, live: 0, sessions: "closed sessions in the window; live ones are not counted (exo fleet-drift adds them)" } });
  expect(m.data.tickets.done_in_window).toBe(1);
  expect(m.data.tickets.median_cycle_hours).toBe(84);
  expect(m.data.tickets.throughput).toEqual([{ week: "2026-W46", done: 0 }, { week: "2026-W47", done: 0 }, { week: "2026-W48", done: 1 }]);
  expect(m.data.actors).toEqual([
    { actor: "agent:claude", sessions: 2, avg_drift: 0.3, pass_rate: 0.5, denials: 1, last_active: "2026-11-21T11:00:00.000Z" },
    { actor: "agent:codex", sessions: 2, avg_drift: 0.55, pass_rate: 1, denials: 0, last_active: "2026-11-23T10:00:00.000Z" },
  ]);
  expect(m.data.hooks).toEqual({ denied: 1, asked: 0, warned: 0, commit_blocked: 0 });
  // pass rate 0.667 < 0.8 and a high-drift share of 0.25 ≥ 0.1 → degraded
  expect(m.data.fleet_health.status).toBe("degraded");
});

test("fleet-drift groups by actor, vendor and model, sorted by average drift", async () => {
  const repo = await pastRepo();
  await fixtureLedger(repo);
  const f = envelope(await exo(repo, "fleet-drift"));
  expect(f.data.groups.actor).toEqual([
    { key: "agent:codex", sessions: 2, active: 0, live: 0, avg_drift: 0.55, max_drift: 0.9, high: 1, last_session_at: "2026-11-23T10:00:00.000Z" },
    { key: "agent:claude", sessions: 2, active: 0, live: 0, avg_drift: 0.3, max_drift: 0.5, high: 0, last_session_at: "2026-11-21T10:00:00.000Z" },
  ]);
  expect(f.data.groups.vendor.map((g: { key: string }) => g.key)).toEqual(["openai", "anthropic"]);
  expect(f.data.summary).toEqual({ avg: 0.425, max: 0.9, high: 1, covers: { closed: 4, live: 0, sessions: "the last 50 closed sessions and the live (active or suspended) ones, at their drift so far" } });
  const limited = envelope(await exo(repo, "fleet-drift", "--include-finished", "1", "--by", "model"));
  expect(Object.keys(limited.data.groups)).toEqual(["model"]);
  expect(limited.data.sessions).toHaveLength(1);
  // 0 keeps no closing record (slice(-0) would have kept them all).
  expect(envelope(await exo(repo, "fleet-drift", "--include-finished", "0")).data.sessions).toHaveLength(0);
});

test("export-traces posts valid OTLP/JSON to a loopback collector: ids, times and parent links", async () => {
  const repo = await initRepo();
  await fixtureLedger(repo);
  const bodies: { url: string; type: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      bodies.push({ url: req.url ?? "", type: String(req.headers["content-type"]), body });
      res.writeHead(200).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  try {
    const env = envelope(await exo(repo, "export-traces", "--endpoint", `http://127.0.0.1:${port}`, "--header", "x-team=exo"));
    expect(env.data).toMatchObject({ traces: 4, http_status: 200, out: ".exo/traces/export.jsonl" });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.url).toBe("/v1/traces");
    expect(bodies[0]?.type).toBe("application/json");
    const data = JSON.parse(bodies[0]?.body ?? "{}") as { resourceSpans: { resource: { attributes: { key: string }[] }; scopeSpans: { spans: Record<string, any>[] }[] }[] };  
    expect(data.resourceSpans).toHaveLength(4);
    for (const rs of data.resourceSpans) {
      const spans = rs.scopeSpans[0]?.spans ?? [];
      const root = spans.find((s) => !s.parentSpanId);
      expect(root?.name).toMatch(/^invoke_agent agent:/);
      for (const s of spans) {
        expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
        expect(s.traceId).toBe(root?.traceId);
        if (s !== root) expect(s.parentSpanId).toBe(root?.spanId);
        expect(BigInt(s.startTimeUnixNano) <= BigInt(s.endTimeUnixNano)).toBe(true);
      }
      expect(spans.map((s) => s.name)).toEqual(["invoke_agent " + root?.name.split(" ")[1], "exo.session.start", "exo.check", "exo.session.finish"].map((n) => n));
      const attrs = Object.fromEntries((root?.attributes as { key: string; value: Record<string, unknown> }[]).map((a) => [a.key, Object.values(a.value)[0]]));
      expect(attrs["gen_ai.operation.name"]).toBe("invoke_agent");
      expect(["anthropic", "openai"]).toContain(attrs["gen_ai.provider.name"]);
      expect(attrs["exo.loc_changed"]).toBe("4");
    }
    const lines = (await readFile(join(repo, ".exo/traces/export.jsonl"), "utf8")).trim().split("\n");
    expect(lines).toHaveLength(4);
  } finally {
    server.close();
  }
  const refused = await exo(repo, "export-traces", "--endpoint", "http://127.0.0.1:9/", "--no-write");
  expect(envelope(refused).error?.code).toBe("EXPORT_FAILED");
});

test("session-finish writes the session's trace file", async () => {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "t", "--id", "T1");
  const s = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--vendor", "anthropic", "--model", "claude-code", { env: A }));
  await exo(repo, "session-finish", "--summary", "done", { env: A });
  const trace = JSON.parse(await readFile(join(repo, ".exo/traces", `${s.data.session.id}.json`), "utf8"));
  const root = trace.resourceSpans[0].scopeSpans[0].spans[0];
  expect(root.attributes).toContainEqual({ key: "gen_ai.request.model", value: { stringValue: "claude-code" } });
  expect(root.status).toEqual({ code: 1 });
});

test("gc removes only old ephemeral files, never with --dry-run", async () => {
  const repo = await initRepo();
  const old = new Date("2020-01-01T00:00:00Z");
  await mkdir(join(repo, ".exo/logs/checks/check"), { recursive: true });
  await writeFiles(repo, { ".exo/logs/checks/check/1.log": "old\n", ".exo/logs/checks/check/2.log": "new\n", ".exo/cache/stuff.json": "{}", ".exo/sessions/SES-20261124-090000-ZZZZZZ.touched": "x\twrite\tt\n" });
  await utimes(join(repo, ".exo/logs/checks/check/1.log"), old, old);
  await utimes(join(repo, ".exo/cache/stuff.json"), old, old);
  // An orphan session file younger than an hour is a start in progress (hostile round 41).
  await utimes(join(repo, ".exo/sessions/SES-20261124-090000-ZZZZZZ.touched"), old, old);
  const dry = envelope(await exo(repo, "gc"));
  expect(dry.data.applied).toBe(false);
  expect(dry.data.categories.logs.paths).toEqual([".exo/logs/checks/check/1.log"]);
  expect(dry.data.categories.cache.paths).toEqual([".exo/cache/stuff.json"]);
  expect(dry.data.categories.session_files.files).toBe(1);
  expect(await readdir(join(repo, ".exo/logs/checks/check"))).toHaveLength(2);
  const applied = envelope(await exo(repo, "gc", "--apply"));
  expect(applied.data.applied).toBe(true);
  expect((await readdir(join(repo, ".exo/logs/checks/check"))).sort()).toEqual(["2.log"]);
  expect(await readdir(join(repo, ".exo/ledger"))).toHaveLength(1);
});

test("gc --include-sessions: the dry run names the stale sessions the apply then recovers", async () => {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "t", "--id", "T1");
  // A session whose agent process is gone (pid 999999 does not exist).
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--pid", "999999", { env: A }));
  const id = started.data.session.id as string;
  const dry = envelope(await exo(repo, "gc", "--include-sessions"));
  expect(dry.data).toMatchObject({ applied: false, recovered: [id] });
  expect(envelope(await exo(repo, "session-scan")).data.sessions.map((x: { id: string }) => x.id)).toEqual([id]);
  const applied = envelope(await exo(repo, "gc", "--include-sessions", "--apply"));
  expect({ ...applied.data, applied: false }).toEqual(dry.data);
  expect(envelope(await exo(repo, "session-scan")).data.sessions).toEqual([]);
});

async function section0(repo: string, name: string) {
  return envelope(await exo(repo, "doctor", "--section", name)).data.sections.find((s: { name: string }) => s.name === name);
}

test("doctor: each section fails on its own fault; --fix repairs the fixable ones; exit 0/1", async () => {
  const repo = await tempRepo();
  expect((await exo(repo, "install")).code).toBe(0);
  await exo(repo, "ticket-create", "t", "--id", "T1");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "ticket");
  // A session whose agent process is gone (pid 999999 does not exist).
  await exo(repo, "session-start", "--ticket-id", "T1", "--pid", "999999", { env: A });
  expect((await section0(repo, "sessions")).status).toBe("warn");
  await exo(repo, "session-cleanup");
  const healthy = await exo(repo, "doctor");
  expect(healthy.code).toBe(0);
  expect(envelope(healthy).data.sections.filter((s: { status: string }) => s.status === "fail")).toEqual([]);
  const section = async (name: string) => envelope(await exo(repo, "doctor", "--section", name)).data.sections.find((s: { name: string }) => s.name === name);
  // governance: a pending constitution change warns and is fixable; a tampered seal fails.
  const constitution = join(repo, ".exo/constitution.yaml");
  await writeFile(constitution, `${await readFile(constitution, "utf8")}\n`);
  expect(await section("governance")).toMatchObject({ status: "warn", fixable: true });
  const seal = join(repo, ".exo/policy.sealed.json");
  const sealText = await readFile(seal, "utf8");
  await writeFile(seal, sealText.replace('"strict"', '"advisory"'));
  expect((await section("governance")).status).toBe("fail");
  await writeFile(seal, sealText);
  // hooks: removed exo entries fail; adapters: a stale block warns.
  await writeFile(join(repo, ".claude/settings.json"), "{}\n");
  expect((await section("hooks")).status).toBe("fail");
  // config: a bad value fails.
  const cfg = join(repo, ".exo/config.yaml");
  const cfgText = await readFile(cfg, "utf8");
  await writeFile(cfg, cfgText.replace("ttl_hours: 2", "ttl_hours: -1"));
  expect((await section("config")).status).toBe("fail");
  expect((await exo(repo, "doctor")).code).toBe(1);
  await writeFile(cfg, cfgText);
  // ledger: a corrupt committed record fails (never rewritten by --fix).
  const [seg] = await readdir(join(repo, ".exo/ledger"));
  const segFile = join(repo, ".exo/ledger", seg as string);
  const segText = await readFile(segFile, "utf8");
  await writeFile(segFile, segText.replace('"v":1', '"v":2'));
  expect((await section("ledger")).status).toBe("fail");
  await writeFile(segFile, segText);
  const fixed = envelope(await exo(repo, "doctor", "--fix"));
  expect(fixed.data.fixed.map((f: { section: string }) => f.section)).toEqual(expect.arrayContaining(["governance", "hooks"]));
  const after = envelope(await exo(repo, "doctor"));
  for (const s of after.data.sections) expect(["pass", "warn"], `${s.name}: ${s.message}`).toContain(s.status);
  expect((await section("hooks")).status).toBe("pass");
  expect(envelope(await exo(repo, "ledger-show", "--type", "doctor.fixed")).data.total).toBe(1);
  // scaffold: a missing .exo/ fails even without initialisation; git tracking of committed files.
  const bare = await tempRepo();
  const missing = await exo(bare, "doctor");
  expect(missing.code).toBe(1);
  expect(envelope(missing).data.sections.find((s: { name: string }) => s.name === "scaffold").status).toBe("fail");
  // Before install the next command is exo install, and --fix half-installs nothing.
  expect(envelope(missing).error).toMatchObject({ code: "DOCTOR_FAILED", hint: "exo install" });
  const notInstalled = await exo(bare, "doctor", "--fix");
  expect(notInstalled.code).toBe(1);
  expect(envelope(notInstalled).data.fixed).toEqual([]);
  expect(envelope(notInstalled).error?.hint).toBe("exo install");
  expect(git(bare, "status", "--porcelain", "--untracked-files=all")).toBe("");
  git(repo, "add", "-A");
});

test("drift report: governance stale fails; hooks and adapters; exit codes", async () => {
  const repo = await tempRepo();
  await exo(repo, "install");
  expect((await exo(repo, "drift")).code).toBe(0);
  const constitution = join(repo, ".exo/constitution.yaml");
  await writeFile(constitution, `${await readFile(constitution, "utf8")}\n`);
  const run = await exo(repo, "drift", "--skip", "sessions");
  expect(run.code).toBe(1);
  expect(envelope(run).error?.code).toBe("DRIFT_DETECTED");
  expect(envelope(run).data.sections.find((s: { name: string }) => s.name === "sessions").status).toBe("skip");
  await exo(repo, "compose");
  const stale = envelope(await exo(repo, "drift"));
  expect(stale.data.sections.find((s: { name: string }) => s.name === "adapters").status).toBe("warn");
  void B;
});
