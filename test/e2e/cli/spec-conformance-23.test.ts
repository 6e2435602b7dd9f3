// Black-box checks from the round-23 audit: §13's acceptance scenarios run as written, then the
// SPEC sections the earlier rounds covered least (§7.8 leases and gc-locks --remote/--prune-released,
// §7.13 suspend/resume/handoff with kept and distributed locks, §7.14 liveness and cleanup, §7.15
// changed files and drift, §7.17 ledger verify, §7.19 pr-check findings, §7.21 intents, §7.25
// install and scan, §7.26 trailers, §7.28 tags, §8.4–§8.6 Cursor, Codex and git hooks, §8.9 traces
// and their export, §8.10 sandbox policy, §8.12 CI workflow, §9.3 library API, §10 codes and exit
// codes, Appendix A), and §4's newer-format rule for every exo-written file. Each test fails on
// the behaviour before its fix.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFile, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { canonJson, reseal } from "../../helpers/canon.js";
import { scriptedPost } from "../../helpers/loopback.js";
import { DIST, envelope, exo, git, initRepo, writeFiles } from "../../helpers/repo.js";

const as = (actor: string, extra: Record<string, string> = {}) => ({ env: { EXO_ACTOR: actor, ...extra } });

interface OtlpBody {
  resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string; name: string }[] }[] }[];
}

test("§8.9 export-traces posts batches of at most 512 spans even when one session's trace is longer (a session with 520 checks goes in two parts of the same trace; before: one request of 523 spans)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1"));
  const sid = envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a"))).data.session.id as string;
  // 520 check.completed records of the session, chained onto the segment as exo writes them.
  const dir = join(repo, ".exo/ledger");
  const segment = join(dir, (await readdir(dir)).find((f) => f.endsWith(".jsonl")) as string);
  const lines = (await readFile(segment, "utf8")).trimEnd().split("\n");
  let last = JSON.parse(lines[lines.length - 1] as string) as { seq: number; hash: string; ts: string; writer: string };
  let text = "";
  for (let i = 0; i < 520; i++) {
    const record: Record<string, unknown> = { v: 1, seq: last.seq + 1, ts: last.ts, writer: last.writer, actor: "agent:a", type: "check.completed", session: sid, ticket: "T1", data: { command: "true", exit_code: 0, passed: true, duration_ms: 1, timed_out: false, not_allowed: false }, prev: last.hash };
    const hash = createHash("sha256").update(canonJson(record)).digest("hex");
    text += `${canonJson({ ...record, hash })}\n`;
    last = { seq: last.seq + 1, hash, ts: last.ts, writer: last.writer };
  }
  await appendFile(segment, text);
  envelope(await exo(repo, "session-finish", "--summary", "many checks", "--skip-check", "--break-glass-reason", "test", as("agent:a")));
  const server = await scriptedPost<OtlpBody>("/v1/traces", (_body, _i, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
  const env = envelope(await exo(repo, "export-traces", "--endpoint", server.origin, "--no-write"));
  expect(env.data).toMatchObject({ traces: 1, spans: 523, http_status: 200 });
  const counts = server.requests.map((b) => b.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).length);
  expect(counts.every((n) => n <= 512), counts.join(",")).toBe(true);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(523);
  const spans = server.requests.flatMap((b) => b.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
  expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
  expect(new Set(spans.map((s) => s.spanId)).size).toBe(523);
  expect(spans.filter((s) => s.name === "exo.check")).toHaveLength(520);
});

test("§7.13, §7.12 step 6 a handoff judges drift as finish does: only the gates are skipped, so a handoff far out of scope and over budget warns DRIFT_HIGH and BUDGET_OVER (before: only CHECKS_SKIPPED)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**", "--max-files", "1"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a")));
  await writeFile(join(repo, "c.txt"), "c\n");
  await writeFile(join(repo, "d.txt"), "d\n");
  const env = envelope(await exo(repo, "session-handoff", "--to", "agent:b", "--summary", "half way", as("agent:a")));
  expect(env.ok).toBe(true);
  expect((env.warnings ?? []).map((w) => w.code).sort()).toEqual(["BUDGET_OVER", "CHECKS_SKIPPED", "DRIFT_HIGH"]);
  // In scope and within budget: no such warning.
  envelope(await exo(repo, "ticket-create", "t", "--id", "T2", "--scope-allow", "**"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T2", as("agent:c")));
  const quiet = envelope(await exo(repo, "session-handoff", "--to", "agent:b", "--summary", "half way", as("agent:c")));
  expect((quiet.warnings ?? []).map((w) => w.code)).toEqual(["CHECKS_SKIPPED"]);
});

test("§7.13, §7.12 step 7 a handoff traces the changed files against features.yaml as finish does: an edit of a locked feature warns FEATURE_VIOLATION and the memento keeps the finding (before: no warning, and the memento's violations were empty)", async () => {
  const repo = await initRepo();
  await writeFiles(repo, { ".exo/features.yaml": 'version: 1\nfeatures:\n  - id: auth\n    title: Auth\n    files: ["src/auth/legacy/**"]\n    allow_agent_edit: false\n' });
  envelope(await exo(repo, "compose"));
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**"));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "features", "--no-verify");
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a")));
  await writeFiles(repo, { "src/auth/legacy/old.ts": "x\n" });
  const env = envelope(await exo(repo, "session-handoff", "--to", "agent:b", "--summary", "half way", as("agent:a")));
  expect(env.ok).toBe(true);
  expect((env.warnings ?? []).filter((w) => w.code === "FEATURE_VIOLATION").map((w) => w.message)).toEqual(["src/auth/legacy/old.ts belongs to locked feature auth"]);
  const memento = await readFile(join(repo, env.data.memento_path as string), "utf8");
  expect(memento).toMatch(/locked_feature_edit/);
});

test("§8.6 with two sessions in the worktree the pre-commit still judges the constitution's deny rules first: a staged .env is RULE_DENIED by RULE-SEC-001, and advisory mode records that rule (before: OUT_OF_SCOPE 'outside every session', rule null)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "hook-install", "--harness", "git"));
  envelope(await exo(repo, "ticket-create", "a", "--id", "TA", "--scope-allow", "a/**"));
  envelope(await exo(repo, "ticket-create", "b", "--id", "TB", "--scope-allow", "b/**"));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "setup", "--no-verify");
  envelope(await exo(repo, "session-start", "--ticket-id", "TA", as("agent:a")));
  envelope(await exo(repo, "session-start", "--ticket-id", "TB", as("agent:b")));
  await writeFiles(repo, { "a/x.ts": "a\n", "b/y.ts": "b\n", ".env": "KEY=1\n", "c/z.ts": "c\n" });
  const env: Record<string, string | undefined> = { ...process.env, EXO_HOOK_BUNDLE: join(DIST, "hook.mjs"), EXO_ACTOR: undefined };
  const commit = () => spawnSync("git", ["commit", "-qm", "work"], { cwd: repo, env, encoding: "utf8" });
  git(repo, "add", "-f", ".env", "c/z.ts", "a/x.ts");
  const strict = commit();
  expect(strict.status).toBe(1);
  expect(strict.stderr).toMatch(/\.env: .*RULE-SEC-001.* \[RULE_DENIED\]/);
  expect(strict.stderr).toMatch(/c\/z\.ts: outside the scope of every active session .* \[OUT_OF_SCOPE\]/);
  expect(strict.stderr).not.toMatch(/\.env: outside the scope/);
  // Advisory: the commit goes through and each warning names its code and rule.
  const config = join(repo, ".exo/config.yaml");
  await writeFile(config, (await readFile(config, "utf8")).replace("enforcement: strict", "enforcement: advisory"));
  envelope(await exo(repo, "compose"));
  const advisory = commit();
  expect(advisory.status, advisory.stderr).toBe(0);
  const warned = envelope(await exo(repo, "ledger-show", "--type", "hook.warned")).data.records as { data: Record<string, unknown> }[];
  expect(warned.map((r) => r.data)).toEqual(expect.arrayContaining([
    expect.objectContaining({ harness: "git", path: ".env", action: "write", code: "RULE_DENIED", rule: "RULE-SEC-001" }),
    expect.objectContaining({ harness: "git", path: "c/z.ts", action: "write", code: "OUT_OF_SCOPE", rule: null }),
  ]));
});

test("§4, §10.2 a governance lock of a newer format (exo.governance-lock/2, its hash intact) is FORMAT_UNSUPPORTED for compose and session-start, nothing is written, and doctor fails its governance section naming it (before: compose took it as stale and wrote a /1 lock over it)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1"));
  const file = join(repo, ".exo/governance.lock.json");
  const lock = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  await writeFile(file, `${JSON.stringify(reseal({ ...lock, format: "exo.governance-lock/2" }, "lock_sha256"), null, 2)}\n`);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "a lock from a newer exo", "--no-verify");
  const before = await readFile(file, "utf8");
  for (const argv of [["compose"], ["session-start", "--ticket-id", "T1"], ["check"]]) {
    const run = await exo(repo, ...argv, as("agent:a"));
    expect(run.code, argv.join(" ")).toBe(1);
    expect(envelope(run).error, argv.join(" ")).toMatchObject({ code: "FORMAT_UNSUPPORTED", details: { file: ".exo/governance.lock.json", format: "exo.governance-lock/2" } });
  }
  expect(await readFile(file, "utf8")).toBe(before);
  const doctor = await exo(repo, "doctor");
  expect(doctor.code).toBe(1);
  const sections = envelope(doctor).data.sections as { name: string; status: string; message: string }[];
  expect(sections.find((s) => s.name === "governance")).toMatchObject({ status: "fail", message: expect.stringMatching(/exo\.governance-lock\/2/) });
  expect(await readFile(file, "utf8")).toBe(before);
});

test("§4, §8.1 the gating hook reads a sealed policy of a newer format (exo.sealed-policy/2, its seal intact) as one it cannot read: a write is denied by hooks.internal_error, a read passes, one stderr line and hook.error name the format, and exo decide is FORMAT_UNSUPPORTED (before: applied as an old seal, the write passed)", async () => {
  const repo = await initRepo();
  const file = join(repo, ".exo/policy.sealed.json");
  const seal = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  await writeFile(file, `${JSON.stringify(reseal({ ...seal, format: "exo.sealed-policy/2" }, "seal_sha256"), null, 2)}\n`);
  const call = (tool: string) => {
    const payload = { session_id: "conv-n", cwd: repo, hook_event_name: "PreToolUse", tool_name: tool, tool_input: { file_path: join(repo, "src/a.ts"), content: "x" } };
    return spawnSync(process.execPath, [join(DIST, "cli", "bin.js"), "hook", "claude", "PreToolUse"], { cwd: repo, input: JSON.stringify(payload), encoding: "utf8" });
  };
  const write = call("Write");
  expect(write.status).toBe(0);
  expect(JSON.parse(write.stdout).hookSpecificOutput).toMatchObject({ permissionDecision: "deny", permissionDecisionReason: expect.stringMatching(/exo\.sealed-policy\/2 is newer than this exo understands/) });
  expect(write.stderr.trim().split("\n")).toHaveLength(1);
  const read = call("Read");
  expect(read.status).toBe(0);
  expect(read.stdout).toBe("");
  const errors = envelope(await exo(repo, "ledger-show", "--type", "hook.error")).data.records as { data: Record<string, unknown> }[];
  expect(errors.map((r) => r.data["message"])).toEqual([expect.stringMatching(/exo\.sealed-policy\/2/), expect.stringMatching(/exo\.sealed-policy\/2/)]);
  // exo decide explains what the hooks do: it does not read the newer seal as an old one either.
  const decide = await exo(repo, "decide", "--path", "src/a.ts");
  expect(decide.code).toBe(1);
  expect(envelope(decide).error).toMatchObject({ code: "FORMAT_UNSUPPORTED", details: { file: ".exo/policy.sealed.json" } });
});

test("§6.7, §7.17.3 ledger-verify names the record's own seq for a line that parses but breaks the schema (a v: 2 record, a first line without its fields), and null only for a line that does not parse (before: null for every schema_error)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1"));
  const dir = join(repo, ".exo/ledger");
  const name = (await readdir(dir)).find((f) => f.endsWith(".jsonl")) as string;
  const lines = (await readFile(join(dir, name), "utf8")).trimEnd().split("\n");
  const last = JSON.parse(lines[lines.length - 1] as string) as { seq: number; hash: string; ts: string; writer: string };
  const record = { v: 2, seq: last.seq + 1, ts: last.ts, writer: last.writer, actor: "human", type: "ticket.updated", ticket: "T1", data: { fields: ["title"] }, prev: last.hash };
  await appendFile(join(dir, name), `${canonJson({ ...record, hash: createHash("sha256").update(canonJson(record)).digest("hex") })}\n`);
  await writeFile(join(dir, "host.main.aaaaaaaa.jsonl"), `${JSON.stringify({ v: 1, seq: 1 })}\n`);
  await writeFile(join(dir, "host.main.bbbbbbbb.jsonl"), "not json\n");
  const run = await exo(repo, "ledger-verify", "--no-git");
  expect(run.code).toBe(1);
  const errors = envelope(run).data.errors as { segment: string; seq: number | null; line: number; code: string }[];
  expect(errors).toEqual(expect.arrayContaining([
    expect.objectContaining({ segment: name.replace(/\.jsonl$/, ""), seq: last.seq + 1, line: last.seq + 1, code: "schema_error" }),
    expect.objectContaining({ segment: "host.main.aaaaaaaa", seq: 1, line: 1, code: "schema_error" }),
    expect.objectContaining({ segment: "host.main.bbbbbbbb", seq: null, line: 1, code: "parse_error" }),
  ]));
});
