// Black-box checks from the round-25 audit: §13's acceptance scenarios run as written, then the
// SPEC sections the earlier rounds covered least (§5.1 global flags, §7.8 leases, §7.13
// suspend/resume/handoff, §7.14 scan and cleanup, §7.15 changed files and drift, §7.17 ledger,
// §7.19 pr-check, §7.21 intents, §7.25 install and scan, §7.28 trace tags, §8.4–§8.6 hooks, §8.9
// traces, §8.10 sandbox policy, §8.12 CI workflow, §9.3 library API, §10 codes and exit codes).
// Each test fails on the behaviour before its fix.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { hook } from "../../helpers/hooks.js";

const as = (actor: string, extra: Record<string, string> = {}) => ({ env: { EXO_ACTOR: actor, ...extra } });

test("§5.1 --version after the command is the global flag, as --help is: `exo status --version` prints the version, exit 0, and `--format json` gives the envelope (before: USAGE_ERROR \"Unknown option --version for exo status; did you mean --version?\")", async () => {
  const repo = await initRepo();
  const human = await exo(repo, "status", "--version", { json: false });
  expect(human.code, human.stderr).toBe(0);
  expect(human.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  const short = await exo(repo, "ticket-show", "-V");
  expect(short.code, short.stdout).toBe(0);
  expect(envelope(short)).toEqual({ ok: true, data: { version: human.stdout.trim() } });
});

test("§6.1 decide, §7.5 step 4, §4.11.2: a write no one of several sessions allows lists its targets, each with its own decision, names the denied path, and hook.denied records that path (before: targets [], the reason named the first path even when a session allowed it, and the ledger's path was null)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "hook-install", "--harness", "claude"));
  envelope(await exo(repo, "ticket-create", "a", "--id", "T1", "--scope-allow", "src/**"));
  envelope(await exo(repo, "ticket-create", "b", "--id", "T2", "--scope-allow", "lib/**"));
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a"))).ok).toBe(true);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T2", as("agent:b"))).ok).toBe(true);
  const run = await exo(repo, "decide", "--path", "src/x.ts", "--path", "README.md");
  expect(run.code).toBe(1);
  const env = envelope(run);
  expect(env.data).toMatchObject({ decision: "deny", code: "OUT_OF_SCOPE" });
  expect(env.data.reason).toMatch(/write to README\.md: outside the scope of every active session/);
  expect(env.data.targets).toEqual([
    { path: "src/x.ts", action: "write", inside_repo: true, decision: "allow", code: null, rule: null },
    { path: "README.md", action: "write", inside_repo: true, decision: "deny", code: "OUT_OF_SCOPE", rule: null },
  ]);
  const payload = JSON.stringify({ session_id: "conv-1", hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: `${repo}/README.md`, content: "x" } });
  const denied = await hook(repo, "claude", "PreToolUse", payload);
  expect(denied.stdout).toMatch(/"permissionDecision":"deny"/);
  const records = envelope(await exo(repo, "ledger-show", "--type", "hook.denied")).data.records as { data: Record<string, unknown> }[];
  expect(records.at(-1)?.data).toMatchObject({ path: "README.md", action: "write", code: "OUT_OF_SCOPE" });
});

test("§7.21 epics whose parents form a cycle are orphans (\"missing parent, no parent, or a cycle\"): `exo intents` and `exo tickets --tree` list the cycle once, from its first ticket, with the task below it (before: every member sat under another orphan epic, so the cycle and its work were in neither list)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "e1", "--kind", "epic", "--id", "E1"));
  envelope(await exo(repo, "ticket-create", "e2", "--kind", "epic", "--id", "E2"));
  envelope(await exo(repo, "ticket-create", "t3", "--id", "T3", "--parent", "E1"));
  // A cycle through a task: the task's epic heads it, once.
  envelope(await exo(repo, "ticket-create", "xe", "--kind", "epic", "--id", "XE"));
  envelope(await exo(repo, "ticket-create", "xt", "--id", "XT"));
  for (const [id, parent] of [["E1", "E2"], ["E2", "E1"], ["XE", "XT"], ["XT", "XE"]] as const) {
    const file = join(repo, ".exo", "tickets", `${id}.yaml`);
    await writeFile(file, (await readFile(file, "utf8")).replace(/^parent: null$/m, `parent: ${parent}`));
  }
  type Node = { id: string; children: Node[] };
  const shape = (n: Node): unknown => ({ id: n.id, children: n.children.map(shape) });
  const intents = envelope(await exo(repo, "intents"));
  expect(intents.ok, JSON.stringify(intents.error)).toBe(true);
  const cycles = [{ id: "E1", children: [{ id: "E2", children: [] }, { id: "T3", children: [] }] }, { id: "XE", children: [{ id: "XT", children: [] }] }];
  expect((intents.data.orphans as Node[]).map(shape)).toEqual(cycles);
  const tree = envelope(await exo(repo, "tickets", "--tree"));
  expect((tree.data.orphans as Node[]).map(shape)).toEqual(cycles);
});

test("§7.5, §8.2 Stop and SessionEnd resolve the session as every hook does: a session started from the CLI (SPEC §1's quick start, bound to no conversation) gets the Stop reminder once through EXO_ACTOR, and SessionEnd suspends it through EXO_SESSION_ID (before: only a session bound to the conversation's session_id counted, so neither did anything)", async () => {
  const repo = await initRepo();
  const config = join(repo, ".exo", "config.yaml");
  await writeFile(config, (await readFile(config, "utf8")).replace(/^hooks:\n/m, "hooks:\n  stop_reminder: true\n"));
  envelope(await exo(repo, "hook-install", "--harness", "claude"));
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1"));
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:claude")));
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  const id = started.data.session.id as string;
  const stop = JSON.stringify({ session_id: "conv-1", hook_event_name: "Stop", stop_hook_active: false });
  const first = await hook(repo, "claude", "Stop", stop, { EXO_ACTOR: "agent:claude" });
  expect(first.code).toBe(0);
  expect(JSON.parse(first.stdout)).toEqual({ decision: "block", reason: expect.stringContaining(`session ${id} on T1 is still open`) });
  expect((await hook(repo, "claude", "Stop", stop, { EXO_ACTOR: "agent:claude" })).stdout).toBe("");
  const end = await hook(repo, "claude", "SessionEnd", JSON.stringify({ session_id: "conv-1", hook_event_name: "SessionEnd", reason: "prompt_input_exit" }), { EXO_SESSION_ID: id });
  expect(end.code).toBe(0);
  const scan = envelope(await exo(repo, "session-scan"));
  expect(scan.data.sessions).toEqual([expect.objectContaining({ id, status: "suspended" })]);
});

test("§7.12 step 3, §6.3 a forced lease-release past an agent's session bumps the token, so that session's finish and suspend answer LOCK_LOST: the SESSION_WITHOUT_LOCK warning names the cleanup that closes it, and that command works (before: it offered suspend/resume or finish, which both refused with LOCK_LOST)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1"));
  const id = envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:a"))).data.session.id as string;
  const released = envelope(await exo(repo, "lease-release", "--ticket-id", "T1", "--force", as("human:lead")));
  expect(released.ok).toBe(true);
  const warning = released.warnings?.find((w) => w.code === "SESSION_WITHOUT_LOCK")?.message ?? "";
  expect(warning).toContain(`exo session-cleanup --session-id ${id} --force`);
  expect(warning).not.toContain("exo session-finish");
  expect(envelope(await exo(repo, "session-suspend", "--reason", "r", as("agent:a"))).error?.code).toBe("LOCK_LOST");
  const cleanup = envelope(await exo(repo, "session-cleanup", "--session-id", id, "--force", as("human:lead")));
  expect(cleanup.data.recovered).toEqual([expect.objectContaining({ session: id, ticket: "T1", lock_released: true })]);
});

test("§5.4, §7.8.2 a lease remote whose bare repository is gone from this disk is REMOTE_UNAVAILABLE whose details hold no absolute path outside the repository (before: details.url was the folder's absolute path; the message still names it)", async () => {
  const repo = await initRepo();
  const gone = join(await tempDir(), "moved.git");
  git(repo, "remote", "add", "origin", gone);
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1"));
  const run = await exo(repo, "next", "--distributed");
  expect(run.code).toBe(1);
  const env = envelope(run);
  expect(env.error).toMatchObject({ code: "REMOTE_UNAVAILABLE", details: { remote: "origin", reason: "repository_gone" } });
  expect(env.error?.message).toContain(gone);
  expect(JSON.stringify(env.error?.details)).not.toContain(gone);
});
