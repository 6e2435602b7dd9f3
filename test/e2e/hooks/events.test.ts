// Issue #19 item 5: harness events that keep a session governed — ConfigChange, PreCompact and
// SessionStart(compact), SubagentStart (Claude Code and Codex), WorktreeCreate — and Codex hook
// timeouts within its clamp. Payloads come from test/fixtures/hooks.
import { existsSync } from "node:fs";
import { readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { decision, fixture, hook } from "../../helpers/hooks.js";

const CLAUDE_SID = "8f14e45f-ceea-467a-9a36-dedd4bea2543";
const CODEX_SID = "019a5c1e-7f3b-7d20-9c1a-4e2b8f6d0a11";
const ACTOR = { EXO_ACTOR: "agent:claude:events" };

/** Governed repo (hooks for Claude and Codex committed), T1 scoped to src/**, a session bound to the Claude conversation. */
async function governed(sid = CLAUDE_SID): Promise<{ repo: string; session: string; env: { HOME: string } }> {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "docs/README.md": "d\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude", "--harness", "codex", "--harness", "git")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--agent-session-id", sid, "--harness", "claude", { env: ACTOR }));
  expect(start.ok).toBe(true);
  // HOME is a temp folder: the hook reads ~/.claude/settings.json and must never touch the real one.
  const env = { HOME: await tempDir() };
  return { repo, session: String((start.data.session as { id: string }).id), env };
}

async function ledger(repo: string): Promise<{ type: string; session: string | null; ticket: string | null; data: Record<string, unknown> }[]> {
  return envelope(await exo(repo, "ledger-show", "--all")).data.records as never;
}

const context = (stdout: string) => (JSON.parse(stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } }).hookSpecificOutput;

test("ConfigChange: disableAllHooks in local settings is blocked (exit 2), removed from the file and recorded; a harmless change passes", async () => {
  const { repo, session, env } = await governed();
  const local = join(repo, ".claude/settings.local.json");

  await writeFile(local, JSON.stringify({ permissions: { allow: ["Bash(npm test)"] } }));
  const harmless = await hook(repo, "claude", "ConfigChange", await fixture("claude-configchange.json", repo), env);
  expect(harmless.code).toBe(0);
  expect(harmless.stderr).toBe("");

  await writeFile(local, JSON.stringify({ permissions: { allow: ["Bash(npm test)"] }, disableAllHooks: true }));
  const run = await hook(repo, "claude", "ConfigChange", await fixture("claude-configchange.json", repo), env);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/exo blocked this settings change .*disableAllHooks in \.claude\/settings\.local\.json/);
  expect(run.stderr).toMatch(/removed disableAllHooks/);
  const after = JSON.parse(await readFile(local, "utf8")) as Record<string, unknown>;
  expect(after["disableAllHooks"]).toBeUndefined();
  expect(after["permissions"]).toEqual({ allow: ["Bash(npm test)"] });

  const records = (await ledger(repo)).filter((r) => r.type === "hooks.config_blocked");
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ session, ticket: "T1", data: { harness: "claude", source: "local_settings", blocked: true } });
});

test("ConfigChange: exo's entries removed from .claude/settings.json are blocked and reinstalled; doctor finds them sealed again", async () => {
  const { repo, env } = await governed();
  const settings = join(repo, ".claude/settings.json");
  const before = await readFile(settings, "utf8");
  await writeFile(settings, JSON.stringify({ hooks: {} }, null, 2));
  const run = await hook(repo, "claude", "ConfigChange", await fixture("claude-configchange.json", repo, (p) => ((p["source"] = "project_settings"), (p["file_path"] = settings))), env);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/exo's hook entries for claude were removed/);
  expect(run.stderr).toMatch(/reinstalled \.claude\/settings\.json/);
  expect(await readFile(settings, "utf8")).toBe(before);
  // doctor: exo's entries match the seal again (Codex trust is the only thing left to do here)
  const doctor = envelope(await exo(repo, "doctor", "--section", "hooks", { env }));
  const hooksSection = (doctor.data.sections as { name: string; status: string; message: string }[]).find((s) => s.name === "hooks");
  expect(hooksSection?.message).not.toMatch(/missing|changed since/);
  expect(hooksSection?.message).toMatch(/Codex has not trusted/);
});

test("ConfigChange: the settings file exo rewrote while a session works is not the session's change (before: the reinstall was not noted as exo's write, and finish charged .claude/settings.json to the agent)", async () => {
  const { repo, env } = await governed();
  const settings = join(repo, ".claude/settings.json");
  // Someone else's edit drops exo's entries and adds a setting of theirs: exo puts its entries back
  // into that content, so the file differs from HEAD as exo left it.
  await writeFile(settings, JSON.stringify({ model: "sonnet", hooks: {} }, null, 2));
  const run = await hook(repo, "claude", "ConfigChange", await fixture("claude-configchange.json", repo, (p) => ((p["source"] = "project_settings"), (p["file_path"] = settings))), env);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/reinstalled \.claude\/settings\.json/);
  expect(JSON.parse(await readFile(settings, "utf8"))).toMatchObject({ model: "sonnet" });
  const finish = envelope(await exo(repo, "session-finish", "--summary", "nothing of mine", "--skip-check", "--break-glass-reason", "test", { env: { ...ACTOR, ...env } }));
  expect(finish.ok, JSON.stringify(finish.error)).toBe(true);
  const paths = (finish.data.changed_files as ({ path: string } | string)[]).map((f) => (typeof f === "string" ? f : f.path));
  expect(paths).not.toContain(".claude/settings.json");
  expect(finish.data.drift).toMatchObject({ boundary_violation: false });
});

test("ConfigChange repairs leave the ledger records session-start and doctor --fix leave: hooks.reenabled and hooks.reinstalled, naming the bound session", async () => {
  const { repo, session, env } = await governed();
  const settings = join(repo, ".claude/settings.json");
  const local = join(repo, ".claude/settings.local.json");
  const before = await readFile(settings, "utf8");
  // One change switches exo's hooks off (local scope) and drops exo's entries (project scope).
  await writeFile(local, JSON.stringify({ disableAllHooks: true }));
  await writeFile(settings, JSON.stringify({ hooks: {} }, null, 2));
  const run = await hook(repo, "claude", "ConfigChange", await fixture("claude-configchange.json", repo), env);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/removed disableAllHooks from \.claude\/settings\.local\.json and reinstalled \.claude\/settings\.json/);
  expect(await readFile(settings, "utf8")).toBe(before);

  const records = (await ledger(repo)) as { type: string; actor: string; session: string | null; ticket: string | null; data: Record<string, unknown> }[];
  const reenabled = records.filter((r) => r.type === "hooks.reenabled");
  expect(reenabled).toHaveLength(1);
  expect(reenabled[0]).toMatchObject({ actor: ACTOR.EXO_ACTOR, session, ticket: "T1", data: { settings: [{ file: ".claude/settings.local.json", setting: "disableAllHooks", scope: "local" }] } });
  const reinstalled = records.filter((r) => r.type === "hooks.reinstalled");
  expect(reinstalled).toHaveLength(1);
  expect(reinstalled[0]).toMatchObject({ actor: ACTOR.EXO_ACTOR, session, ticket: "T1", data: { reason: "config_change", files: [".claude/settings.json"] } });
  expect((reinstalled[0]?.data["harnesses"] as string[]).sort()).toEqual(["claude", "codex", "git"]);
  // Recorded with the repair, before the decision is recorded.
  const types = records.map((r) => r.type);
  expect(types.indexOf("hooks.reinstalled")).toBeLessThan(types.indexOf("hooks.config_blocked"));
  // A change with nothing to repair writes neither record.
  const harmless = await hook(repo, "claude", "ConfigChange", await fixture("claude-configchange.json", repo), env);
  expect(harmless.code).toBe(0);
  const again = await ledger(repo);
  expect(again.filter((r) => r.type === "hooks.reenabled" || r.type === "hooks.reinstalled")).toHaveLength(2);
});

test("ConfigChange: a human's exo hook-install --uninstall is not undone; policy settings cannot be blocked but are reported; user settings are reported, never edited", async () => {
  const { repo, env } = await governed();
  // user scope: blocked, the file stays as the human wrote it
  await mkdir(join(env.HOME, ".claude"), { recursive: true });
  const user = join(env.HOME, ".claude/settings.json");
  await writeFile(user, JSON.stringify({ disableAllHooks: true }));
  const userRun = await hook(repo, "claude", "ConfigChange", await fixture("claude-configchange.json", repo, (p) => ((p["source"] = "user_settings"), (p["file_path"] = user))), env);
  expect(userRun.code).toBe(2);
  expect(userRun.stderr).toMatch(/A human must remove disableAllHooks/);
  expect(JSON.parse(await readFile(user, "utf8"))).toEqual({ disableAllHooks: true });

  // managed policy: Claude Code applies it whatever the hook says, so exo exits 0 and records blocked: false
  const policyRun = await hook(repo, "claude", "ConfigChange", await fixture("claude-configchange.json", repo, (p) => ((p["source"] = "policy_settings"), (p["file_path"] = "/etc/claude-code/managed-settings.json"))), env);
  expect(policyRun.code).toBe(0);
  expect(policyRun.stderr).toMatch(/could not block this managed settings change/);
  await writeFile(user, "{}");

  // the sanctioned way out: exo re-seals, so the change is consistent and passes
  expect((await exo(repo, "hook-install", "--harness", "claude", "--uninstall")).code).toBe(0);
  const run = await hook(repo, "claude", "ConfigChange", await fixture("claude-configchange.json", repo, (p) => ((p["source"] = "project_settings"), (p["file_path"] = join(repo, ".claude/settings.json")))), env);
  expect(run.code).toBe(0);
  expect(await readFile(join(repo, ".claude/settings.json"), "utf8")).not.toContain(".exo/bin/exo-hook.mjs");
  const blocked = (await ledger(repo)).filter((r) => r.type === "hooks.config_blocked");
  expect(blocked.map((r) => r.data["blocked"])).toEqual([true, false]);
});

test("PreCompact is recorded without hookSpecificOutput; SessionStart(compact) restates ticket, scope and rules in a few lines without starting a new session", async () => {
  const { repo, session, env } = await governed();
  const pre = await hook(repo, "claude", "PreCompact", await fixture("claude-precompact.json", repo), env);
  expect(pre.code).toBe(0);
  expect(pre.stdout.trim()).toBe("");

  const started = (await ledger(repo)).filter((r) => r.type === "session.started").length;
  const run = await hook(repo, "claude", "SessionStart", await fixture("claude-sessionstart-compact.json", repo), env);
  expect(run.code).toBe(0);
  const out = context(run.stdout);
  expect(out.hookEventName).toBe("SessionStart");
  expect(out.additionalContext).toContain(`exo session ${session}`);
  expect(out.additionalContext).toContain('T1 "api"');
  expect(out.additionalContext).toContain("scope allow: `src/**`");
  expect(out.additionalContext).toMatch(/rules:\n {2}- /);
  expect(out.additionalContext).toContain("exo session-finish");
  expect(out.additionalContext.length).toBeLessThan(1500);

  const records = await ledger(repo);
  expect(records.filter((r) => r.type === "session.started")).toHaveLength(started);
  expect(records.find((r) => r.type === "session.compacting")).toMatchObject({ session, data: { harness: "claude", trigger: "auto" } });
  expect(records.find((r) => r.type === "session.context_restated")).toMatchObject({ session, data: { reason: "compact" } });
  expect(envelope(await exo(repo, "status")).data.sessions).toHaveLength(1);
});

test("SubagentStart: the subagent is told the parent's scope; its writes (agent_id in the payload) are judged against the bound session", async () => {
  const { repo, session, env } = await governed();
  const run = await hook(repo, "claude", "SubagentStart", await fixture("claude-subagentstart.json", repo), env);
  expect(run.code).toBe(0);
  const out = context(run.stdout);
  expect(out.hookEventName).toBe("SubagentStart");
  expect(out.additionalContext).toContain(`parent's exo session ${session}`);
  expect(out.additionalContext).toContain("scope allow: `src/**`");

  // out of scope: denied with the reason, recorded against the parent's session
  const denied = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-subagent-write.json", repo), env);
  expect(decision(denied)).toMatchObject({ decision: "deny" });
  expect(decision(denied)?.reason).toContain("exo blocked write to docs/notes.md");
  // in scope: allowed and charged to the same session
  const allowed = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-subagent-write.json", repo, (p) => ((p["tool_input"] as Record<string, unknown>)["file_path"] = join(repo, "src/api/sub.ts"))), env);
  expect(decision(allowed)).toBeNull();
  expect(await readFile(join(repo, ".exo/sessions", `${session}.touched`), "utf8")).toContain("src/api/sub.ts");

  const records = await ledger(repo);
  expect(records.find((r) => r.type === "session.subagent_started")).toMatchObject({ session, data: { agent_id: "agent-a7c31e", agent_type: "general-purpose" } });
  expect(records.find((r) => r.type === "hook.denied")).toMatchObject({ session, ticket: "T1", data: { path: "docs/notes.md", agent_id: "agent-a7c31e" } });
});

test("Codex SubagentStart gets the same context in Codex's output shape", async () => {
  const { repo, session, env } = await governed(CODEX_SID);
  const run = await hook(repo, "codex", "SubagentStart", await fixture("codex-subagentstart.json", repo), env);
  expect(run.code).toBe(0);
  expect(context(run.stdout)).toMatchObject({ hookEventName: "SubagentStart" });
  expect(context(run.stdout).additionalContext).toContain(session);
  // a conversation without a session gets nothing, quickly
  const other = await hook(repo, "codex", "SubagentStart", await fixture("codex-subagentstart.json", repo, (p) => (p["session_id"] = "unknown")), env);
  expect(other).toMatchObject({ code: 0, stdout: "" });
});

test("WorktreeCreate: a governed checkout gets its worktree (path on stdout), the session stays bound there; bad names are refused", async () => {
  const { repo, session, env } = await governed();
  const run = await hook(repo, "claude", "WorktreeCreate", await fixture("claude-worktreecreate.json", repo), env);
  expect(run.code, run.stderr).toBe(0);
  const path = run.stdout.trim();
  onTestFinished(() => rm(path, { recursive: true, force: true }));
  expect(path).toBe(join(repo, "..", `${repo.split("/").at(-1)}-feature-auth`));
  expect(existsSync(join(path, ".exo/bin/exo-hook.mjs"))).toBe(true);
  expect(git(path, "rev-parse", "--abbrev-ref", "HEAD").trim()).toBe("worktree-feature-auth");
  expect((await ledger(repo)).find((r) => r.type === "worktree.created")).toMatchObject({ session, data: { name: "feature-auth", path, branch: "worktree-feature-auth" } });

  // Writes in the new worktree are judged against the same session.
  const write = (file: string) => fixture("claude-pretooluse-write.json", path, (p) => ((p["session_id"] = CLAUDE_SID), (p["tool_input"] = { file_path: join(path, file), content: "x\n" })));
  expect(decision(await hook(path, "claude", "PreToolUse", await write("docs/out.md"), env))).toMatchObject({ decision: "deny" });
  expect(decision(await hook(path, "claude", "PreToolUse", await write("src/api/in.ts"), env))).toBeNull();

  // the same name again reuses the worktree
  const again = await hook(repo, "claude", "WorktreeCreate", await fixture("claude-worktreecreate.json", repo), env);
  expect(again.stdout.trim()).toBe(path);

  const bad = await hook(repo, "claude", "WorktreeCreate", await fixture("claude-worktreecreate.json", repo, (p) => (p["name"] = "../escape")), env);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/exo refused to create the worktree: the worktree name/);
});

test("exo worktree-create hands the new worktree the hook-bundle record, so its launcher runs exo's hooks there", async () => {
  const { repo, env } = await governed();
  const created = envelope(await exo(repo, "worktree-create", "--ticket-id", "T1", { env: ACTOR }));
  const path = String(created.data.path);
  onTestFinished(() => rm(path, { recursive: true, force: true }));
  expect(existsSync(join(path, ".exo/cache/hook-bundle.json"))).toBe(true);
  const payload = await fixture("claude-pretooluse-write.json", path, (p) => ((p["session_id"] = CLAUDE_SID), (p["tool_input"] = { file_path: join(path, "docs/out.md"), content: "x\n" })));
  const run = await hook(path, "claude", "PreToolUse", payload, env);
  expect(run.stdout).not.toMatch(/not installed on this machine/);
  expect(decision(run)).toMatchObject({ decision: "deny" });
});

test("WorktreeCreate refuses, with the reason and the fix, when a checkout of HEAD would carry no exo hooks", async () => {
  const repo = await initRepo({ "src/a.ts": "a\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0); // not committed
  const run = await hook(repo, "claude", "WorktreeCreate", await fixture("claude-worktreecreate.json", repo), { HOME: await tempDir() });
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/\.claude\/settings\.json is not committed/);
  expect(run.stderr).toMatch(/git add \.exo \.claude\/settings\.json && git commit/);
  expect(git(repo, "worktree", "list").trim().split("\n")).toHaveLength(1);
  expect((await ledger(repo)).find((r) => r.type === "worktree.refused")).toBeDefined();
});

test("Codex hook timeouts stay within Codex's clamp (SessionEnd ≤ 3 s) and SessionStart covers compaction", async () => {
  const repo = await initRepo({});
  await mkdir(join(repo, ".codex"), { recursive: true });
  expect((await exo(repo, "hook-install", "--harness", "codex")).code).toBe(0);
  const hooks = (JSON.parse(await readFile(join(repo, ".codex/hooks.json"), "utf8")) as { hooks: Record<string, { matcher?: string; hooks: { timeout: number }[] }[]> }).hooks;
  expect(hooks["SessionEnd"]?.[0]?.hooks[0]?.timeout).toBeLessThanOrEqual(3);
  for (const groups of Object.values(hooks)) for (const g of groups) for (const h of g.hooks) expect(h.timeout).toBeLessThanOrEqual(600);
  expect(hooks["SessionStart"]?.[0]?.matcher?.split("|")).toContain("compact");
  expect(Object.keys(hooks)).toEqual(expect.arrayContaining(["SubagentStart", "PreCompact"]));
});

test("SessionStart with no session of the agent's own, while a person's session is open in the checkout: the agent is told that session's ticket and scope, the one its writes are checked against", async () => {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "docs/README.md": "d\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**", "--scope-deny", "src/secret/**")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "human:alice" } })).ok).toBe(true);
  const env = { HOME: await tempDir(), EXO_ACTOR: "" };
  const run = await hook(repo, "claude", "SessionStart", await fixture("claude-sessionstart.json", repo), env);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe("");
  const context = String(JSON.parse(run.stdout).hookSpecificOutput.additionalContext);
  expect(context).toMatch(/^exo governs this repository\. Session SES-\S+ of human:alice on T1 \("api"\) is open in this checkout/);
  expect(context).toMatch(/^- allowed: src\/\*\*$/m);
  expect(context).toMatch(/^- denied: src\/secret\/\*\*$/m);
  // …and that is indeed the scope its writes meet.
  const write = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, unknown>)["file_path"] = join(repo, "docs/README.md")));
  expect(decision(await hook(repo, "claude", "PreToolUse", write, env))?.decision).toBe("deny");
});

test("Cursor afterFileEdit warns in the ledger only for an edit that breaks scope or rules, never for a missing lock (SPEC §8.4)", async () => {
  const repo = await initRepo({ "src/api/a.ts": "a\n" });
  expect((await exo(repo, "hook-install", "--harness", "cursor")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "T1", { env: ACTOR })).code).toBe(0);
  const edit = (file: string) => JSON.stringify({ hook_event_name: "afterFileEdit", conversation_id: "c1", workspace_roots: [repo], file_path: join(repo, file) });
  expect((await hook(repo, "cursor", "afterFileEdit", edit("src/api/ok.ts"), ACTOR)).stdout.trim()).toBe("{}");
  expect((await ledger(repo)).filter((r) => r.type === "hook.warned")).toEqual([]);
  await hook(repo, "cursor", "afterFileEdit", edit("docs/out.md"), ACTOR);
  expect((await ledger(repo)).filter((r) => r.type === "hook.warned").map((r) => [r.data["path"], r.data["code"]])).toEqual([["docs/out.md", "OUT_OF_SCOPE"]]);
});

test("the state root's filesystem is probed once for case sensitivity (cache/fs.json) and the hooks read it (SPEC §7.1)", async () => {
  const repo = await initRepo();
  const fsJson = join(repo, ".exo/cache/fs.json");
  expect(JSON.parse(await readFile(fsJson, "utf8"))).toEqual({ case_insensitive: process.platform === "darwin" || process.platform === "win32" ? expect.any(Boolean) : false });
  // On a case-insensitive filesystem SRC/x.ts is src/x.ts: inside the scope.
  expect((await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "T1", { env: ACTOR })).code).toBe(0);
  const upper = () => exo(repo, "decide", "--path", "SRC/x.ts", { env: ACTOR });
  expect(envelope(await upper()).data.decision).toBe("deny");
  await writeFile(fsJson, JSON.stringify({ case_insensitive: true }));
  expect(envelope(await upper()).data.decision).toBe("allow");
});
