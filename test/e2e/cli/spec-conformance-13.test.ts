// Black-box checks of SPEC contracts found wanting by the round-13 audit (§6 data shapes, §8.8 MCP
// argument names). Each test fails on the behaviour before its fix.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";
import { decision, hook } from "../../helpers/hooks.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

test("doctor: every section carries name, status, message, hint, fixable, details in that order; hint is null when no command helps (SPEC §6.1)", async () => {
  const repo = await initRepo();
  const env = envelope(await exo(repo, "doctor"));
  const sections = env.data.sections as Record<string, unknown>[];
  expect(sections.length).toBeGreaterThan(5);
  for (const s of sections) {
    expect(Object.keys(s), String(s["name"])).toEqual(["name", "status", "message", "hint", "fixable", "details"]);
    expect(s["hint"] === null || typeof s["hint"] === "string", String(s["name"])).toBe(true);
  }
  // A passing section has nothing to run next.
  expect(sections.find((s) => s["name"] === "environment")).toMatchObject({ status: "pass", hint: null });
  const governance = sections.find((s) => s["name"] === "governance");
  expect(governance).toMatchObject({ status: "pass", hint: null, fixable: false });
});

test("MCP: a switch SPEC §6 spells only as --no-… is accepted under that name in snake_case (no_acquire_lock, no_git, no_write), as SPEC §8.8 names arguments after the long flags", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  const client = await mcpClient(repo);
  // --no-acquire-lock: with no live lock the start is refused with LOCK_REQUIRED (not an unknown argument).
  const refused = structured(await client.callTool({ name: "exo_session_start", arguments: { ticket_id: "T1", no_acquire_lock: true, actor: "agent:a" } }));
  expect(refused.error?.code).toBe("LOCK_REQUIRED");
  // no_acquire_lock: false is the default: the start takes the lock.
  const started = structured(await client.callTool({ name: "exo_session_start", arguments: { ticket_id: "T1", no_acquire_lock: false, actor: "agent:a" } }));
  expect(started.ok).toBe(true);
  // --no-git on ledger-verify and --no-write on export-traces.
  const verified = structured(await client.callTool({ name: "exo_ledger_verify", arguments: { no_git: true } }));
  expect(verified.ok).toBe(true);
  const exported = structured(await client.callTool({ name: "exo_export_traces", arguments: { no_write: true } }));
  expect(exported).toMatchObject({ ok: true, data: { out: null } });
  // The positive names still work; a no_ form of a switch that has none stays unknown.
  expect(structured(await client.callTool({ name: "exo_ledger_verify", arguments: { git: false } })).ok).toBe(true);
  const unknown = structured(await client.callTool({ name: "exo_tickets", arguments: { no_all: true } }));
  expect(unknown.error?.code).toBe("INVALID_INPUT");
});

test("a conversation bound to no session is told the open session belongs to another conversation, not only that the path is out of scope (docs/notes.md, SPEC §7.5)", async () => {
  const repo = await initRepo();
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1"));
  // The session's scope is everything; it is bound to Claude conversation s1.
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--agent-session-id", "s1", "--actor", "agent:claude"));
  const write = (sid: string) => JSON.stringify({ session_id: sid, cwd: repo, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(repo, "src/ok.ts") } });
  expect(decision(await hook(repo, "claude", "PreToolUse", write("s1")))).toBeNull();
  const stranger = decision(await hook(repo, "claude", "PreToolUse", write("other-conversation")));
  expect(stranger?.decision).toBe("deny");
  expect(stranger?.reason).toMatch(/outside the scope of every active session \(SES-[^)]+\); it belongs to another agent conversation: start your own session with exo session-start\.$/);
});

test("a config, session or lock file of a newer version fails FORMAT_UNSUPPORTED (exit 1) wherever it is read, not CONFIG_INVALID or as an old file (SPEC §4, §10.2)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  const configFile = join(repo, ".exo/config.yaml");
  const config = await readFile(configFile, "utf8");
  await writeFile(configFile, config.replace(/^version: 1$/m, "version: 2"));
  for (const argv of [["next", "--dry-run"], ["ticket-create", "other"], ["session-start", "--ticket-id", "T1"], ["compose"]]) {
    const run = await exo(repo, ...argv);
    expect(run.code, argv.join(" ")).toBe(1);
    expect(envelope(run).error?.code, argv.join(" ")).toBe("FORMAT_UNSUPPORTED");
  }
  await writeFile(configFile, config);
  // A session file of a newer format is not finished as if it were this exo's.
  const ses = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--actor", "agent:a")).data.session.id as string;
  const sessionFile = join(repo, ".exo/sessions", `${ses}.json`);
  const session = await readFile(sessionFile, "utf8");
  await writeFile(sessionFile, session.replace('"format": "exo.session/1"', '"format": "exo.session/2"'));
  const finish = await exo(repo, "session-finish", "--summary", "done", "--actor", "agent:a");
  expect(finish.code).toBe(1);
  expect(envelope(finish).error).toMatchObject({ code: "FORMAT_UNSUPPORTED", details: { file: `.exo/sessions/${ses}.json`, format: "exo.session/2" } });
  expect(await readFile(sessionFile, "utf8")).toContain("exo.session/2");
  await writeFile(sessionFile, session);
  // Nor is a lock file of a newer format renewed.
  const lockFile = join(repo, ".exo/locks/T1.json");
  const lock = await readFile(lockFile, "utf8");
  await writeFile(lockFile, lock.replace('"format": "exo.lock/1"', '"format": "exo.lock/2"'));
  const renew = await exo(repo, "lease-renew", "--ticket-id", "T1", "--actor", "agent:a");
  expect(renew.code).toBe(1);
  expect(envelope(renew).error?.code).toBe("FORMAT_UNSUPPORTED");
  await writeFile(lockFile, lock);
  expect(envelope(await exo(repo, "session-finish", "--summary", "done", "--actor", "agent:a")).ok).toBe(true);
});

test("a version that is no whole number (1e400, 2.5) is an invalid source to fix, not a newer format to upgrade exo for", async () => {
  const repo = await initRepo();
  const read = async (f: string) => readFile(join(repo, ".exo", f), "utf8");
  const [constitution, config] = [await read("constitution.yaml"), await read("config.yaml")];
  for (const v of ["1e400", "2.5"]) {
    await writeFile(join(repo, ".exo/constitution.yaml"), constitution.replace(/^version: 1$/m, `version: ${v}`));
    const compose = envelope(await exo(repo, "compose"));
    expect(compose.error?.code, v).toBe("CONSTITUTION_INVALID");
    expect(compose.error?.message, v).not.toMatch(/Infinity|newer/);
    await writeFile(join(repo, ".exo/constitution.yaml"), constitution);
    await writeFile(join(repo, ".exo/config.yaml"), config.replace(/^version: 1$/m, `version: ${v}`));
    const issues = envelope(await exo(repo, "config-validate")).data.issues as { code: string; message: string }[];
    expect(issues.map((i) => i.code), v).not.toContain("format_unsupported");
    expect(issues.map((i) => i.message).join(" "), v).not.toMatch(/Infinity|newer/);
    await writeFile(join(repo, ".exo/config.yaml"), config);
    await writeFile(join(repo, ".exo/features.yaml"), `version: ${v}\nfeatures: []\n`);
    expect(envelope(await exo(repo, "features")).error?.code, v).toBe("MANIFEST_INVALID");
  }
});

test("features.yaml or requirements.yaml of a newer version is FORMAT_UNSUPPORTED (exit 1), as config and constitution are, not MANIFEST_INVALID (SPEC §4)", async () => {
  const repo = await initRepo();
  await writeFile(join(repo, ".exo/features.yaml"), "version: 2\nfeatures: []\n");
  for (const argv of [["features"], ["trace"], ["compose"]]) {
    const run = await exo(repo, ...argv);
    expect(run.code, argv.join(" ")).toBe(1);
    expect(envelope(run).error?.code, argv.join(" ")).toBe("FORMAT_UNSUPPORTED");
  }
  expect(envelope(await exo(repo, "config-validate")).data.issues).toEqual([expect.objectContaining({ file: ".exo/features.yaml", path: "version", code: "format_unsupported" })]);
  await writeFile(join(repo, ".exo/features.yaml"), "version: 1\nfeatures: []\n");
  await writeFile(join(repo, ".exo/requirements.yaml"), "version: 3\nrequirements: []\n");
  const reqs = await exo(repo, "trace-reqs");
  expect(reqs.code).toBe(1);
  expect(envelope(reqs).error?.code).toBe("FORMAT_UNSUPPORTED");
  // A version that is not newer but wrong stays MANIFEST_INVALID (exit 2).
  await writeFile(join(repo, ".exo/requirements.yaml"), "version: 0\nrequirements: []\n");
  const old = await exo(repo, "requirements");
  expect(old.code).toBe(2);
  expect(envelope(old).error?.code).toBe("MANIFEST_INVALID");
});

test("a handoff record of a newer format is not consumed as this exo's: the receiving start fails FORMAT_UNSUPPORTED and the record stays (SPEC §4, §4.10)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--actor", "agent:a"));
  envelope(await exo(repo, "session-handoff", "--to", "agent:b", "--summary", "half", "--actor", "agent:a"));
  const file = join(repo, ".exo/handoffs/T1.json");
  const record = await readFile(file, "utf8");
  await writeFile(file, record.replace('"format": "exo.handoff/1"', '"format": "exo.handoff/2"'));
  const start = await exo(repo, "session-start", "--ticket-id", "T1", "--actor", "agent:b");
  expect(start.code).toBe(1);
  expect(envelope(start).error).toMatchObject({ code: "FORMAT_UNSUPPORTED", details: { file: ".exo/handoffs/T1.json", format: "exo.handoff/2" } });
  expect(await readFile(file, "utf8")).toContain("exo.handoff/2");
  await writeFile(file, record);
  const ok = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--actor", "agent:b"));
  expect(ok.data.handoff).toMatchObject({ from_actor: "agent:a", summary: "half" });
});

test("finish with the lock kept leaves it held by its owner with the same token and no session bound, so doctor does not call it orphaned and --fix does not release it (SPEC §7.7, §7.12 step 10, §7.22)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "K"));
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "K", "--actor", "agent:k"));
  const token = started.data.lock.fencing_token as number;
  const finished = envelope(await exo(repo, "session-finish", "--summary", "part one", "--set-status", "keep", "--actor", "agent:k"));
  expect(finished.data.lock_released).toBe(false);
  const lock = JSON.parse(await readFile(join(repo, ".exo/locks/K.json"), "utf8")) as Record<string, unknown>;
  expect(lock).toMatchObject({ state: "held", owner: "agent:k", session: null, fencing_token: token });
  const doctor = envelope(await exo(repo, "doctor", "--section", "state"));
  expect(doctor.data.sections[0]).toMatchObject({ name: "state", status: "pass" });
  envelope(await exo(repo, "doctor", "--fix"));
  const after = envelope(await exo(repo, "ticket-show", "K"));
  expect(after.data.lock).toMatchObject({ state: "held", owner: "agent:k", fencing_token: token });
  expect(after.data.ticket.status).toBe("active");
  // The owner's next session binds it again, same token.
  const again = envelope(await exo(repo, "session-start", "--ticket-id", "K", "--actor", "agent:k"));
  expect(again.data.lock).toMatchObject({ fencing_token: token, session: again.data.session.id });
});

test("a generated.json of a newer format is not rewritten in this exo's: adapter-generate fails FORMAT_UNSUPPORTED and doctor reports it in its adapters section (SPEC §4, §4.14)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "adapter-generate"));
  const file = join(repo, ".exo/generated.json");
  const text = (await readFile(file, "utf8")).replace('"format": "exo.generated/1"', '"format": "exo.generated/2"');
  await writeFile(file, text);
  const run = await exo(repo, "adapter-generate");
  expect(run.code).toBe(1);
  expect(envelope(run).error?.code).toBe("FORMAT_UNSUPPORTED");
  expect(await readFile(file, "utf8")).toBe(text);
  const doctor = await exo(repo, "doctor", "--section", "adapters");
  expect(doctor.code).toBe(1);
  expect(envelope(doctor).data.sections[0]).toMatchObject({ name: "adapters", status: "fail", details: { code: "FORMAT_UNSUPPORTED" } });
});

test("worktrees names a worktree's ticket from the sessions in it or a branch only one ticket has, never an arbitrary ticket of the shared base branch (SPEC §6.10)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "a", "--id", "A"));
  envelope(await exo(repo, "ticket-create", "b", "--id", "B"));
  // Both tickets had a session on main: main is neither's own worktree.
  for (const id of ["A", "B"]) {
    envelope(await exo(repo, "session-start", "--ticket-id", id, "--actor", `agent:${id.toLowerCase()}`));
    envelope(await exo(repo, "session-finish", "--summary", "done", "--actor", `agent:${id.toLowerCase()}`));
  }
  const idle = envelope(await exo(repo, "worktrees")).data.worktrees as { path: string; ticket: string | null; sessions: string[] }[];
  expect(idle).toEqual([expect.objectContaining({ path: repo, ticket: null, sessions: [] })]);
  // A session working in the main worktree names it.
  envelope(await exo(repo, "ticket-create", "c", "--id", "C"));
  const ses = envelope(await exo(repo, "session-start", "--ticket-id", "C", "--actor", "agent:c")).data.session.id as string;
  expect(envelope(await exo(repo, "worktrees")).data.worktrees).toEqual([expect.objectContaining({ path: repo, ticket: "C", sessions: [ses] })]);
});
