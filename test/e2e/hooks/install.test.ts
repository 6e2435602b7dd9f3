import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { DIST, envelope, exo, git, initRepo, writeFiles } from "../../helpers/repo.js";
import { fixture, hook } from "../../helpers/hooks.js";

const USER_SETTINGS = {
  model: "opus",
  permissions: { allow: ["Bash(npm test)"] },
  hooks: {
    PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "echo user-hook" }] }],
    Notification: [{ hooks: [{ type: "command", command: "notify-send hi" }] }],
  },
};

test("hook-install merges into .claude/settings.json keeping every user key and hook; a second run changes nothing", async () => {
  const repo = await initRepo({ ".claude/settings.json": `${JSON.stringify(USER_SETTINGS, null, 2)}\n` });
  const first = envelope(await exo(repo, "hook-install", "--harness", "claude"));
  expect(first.data.harnesses).toEqual([{ name: "claude", files: [".claude/settings.json"], status: "installed" }]);
  const merged = JSON.parse(await readFile(join(repo, ".claude/settings.json"), "utf8"));
  expect(merged.model).toBe("opus");
  expect(merged.permissions).toEqual(USER_SETTINGS.permissions);
  expect(merged.hooks.Notification).toEqual(USER_SETTINGS.hooks.Notification);
  expect(merged.hooks.PreToolUse[0]).toEqual(USER_SETTINGS.hooks.PreToolUse[0]);
  expect(JSON.stringify(merged.hooks.PreToolUse[1])).toContain(".exo/bin/exo-hook.mjs");
  expect(Object.keys(merged.hooks)).toEqual(expect.arrayContaining(["SessionStart", "PreToolUse", "Stop", "SessionEnd"]));
  const before = await readFile(join(repo, ".claude/settings.json"), "utf8");
  const lock = await readFile(join(repo, ".exo/policy.sealed.json"), "utf8");
  const second = envelope(await exo(repo, "hook-install", "--harness", "claude"));
  expect(second.data.harnesses[0].status).toBe("unchanged");
  expect(await readFile(join(repo, ".claude/settings.json"), "utf8")).toBe(before);
  expect(await readFile(join(repo, ".exo/policy.sealed.json"), "utf8")).toBe(lock);
  expect(JSON.parse(lock).hooks.installed).toEqual(["claude"]);
  const removed = envelope(await exo(repo, "hook-install", "--harness", "claude", "--uninstall"));
  expect(removed.data.harnesses[0].status).toBe("removed");
  const after = JSON.parse(await readFile(join(repo, ".claude/settings.json"), "utf8"));
  expect(after.hooks).toEqual(USER_SETTINGS.hooks);
});

test("an unparsable settings file is SETTINGS_INVALID and nothing is written", async () => {
  const repo = await initRepo({ ".claude/settings.json": "{ not json" });
  const run = await exo(repo, "hook-install", "--harness", "claude", "--harness", "git");
  expect(run.code).toBe(2);
  expect(envelope(run).error?.code).toBe("SETTINGS_INVALID");
  expect(await readFile(join(repo, ".claude/settings.json"), "utf8")).toBe("{ not json");
  await expect(readFile(join(repo, ".git/hooks/pre-commit"), "utf8")).rejects.toThrow();
});

test("--dry-run plans without writing", async () => {
  const repo = await initRepo();
  const env = envelope(await exo(repo, "hook-install", "--dry-run"));
  expect(env.data.harnesses.map((h: { status: string }) => h.status)).toEqual(["planned", "planned"]);
  await expect(readFile(join(repo, ".claude/settings.json"), "utf8")).rejects.toThrow();
});

test("pre-commit blocks a staged out-of-scope file and an uncompiled constitution change; passes in scope; chains a foreign hook", async () => {
  const repo = await initRepo({ "src/auth/a.ts": "a\n", "docs/d.md": "d\n" });
  await writeFiles(repo, { ".git/hooks/pre-commit": "#!/bin/sh\necho foreign-ran >> \"$(git rev-parse --show-toplevel)/foreign.log\"\n" });
  await chmod(join(repo, ".git/hooks/pre-commit"), 0o755);
  await exo(repo, "hook-install", "--harness", "git");
  expect(await readFile(join(repo, ".git/hooks/pre-commit.pre-exo"), "utf8")).toMatch(/foreign-ran/);
  await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/auth/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "setup");
  await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:claude" } });
  const env = { ...process.env, EXO_ACTOR: "agent:claude", EXO_HOOK_BUNDLE: join(DIST, "hook.mjs") };
  await writeFiles(repo, { "docs/d.md": "changed\n" });
  git(repo, "add", "docs/d.md");
  const { spawnSync } = await import("node:child_process");
  const blocked = spawnSync("git", ["commit", "-qm", "docs"], { cwd: repo, env, encoding: "utf8" });
  expect(blocked.status).toBe(1);
  expect(blocked.stderr).toMatch(/docs\/d\.md.*OUT_OF_SCOPE/);
  git(repo, "reset", "-q");
  await writeFiles(repo, { "src/auth/a.ts": "changed\n" });
  git(repo, "add", "src/auth/a.ts");
  const ok = spawnSync("git", ["commit", "-qm", "auth"], { cwd: repo, env, encoding: "utf8" });
  expect(ok.status, ok.stderr).toBe(0);
  expect(git(repo, "log", "-1", "--format=%B")).toMatch(/Exo-Session: SES-.*\nExo-Ticket: T1/);
  expect(await readFile(join(repo, "foreign.log"), "utf8")).toMatch(/foreign-ran/);
  const constitution = join(repo, ".exo/constitution.yaml");
  await writeFile(constitution, (await readFile(constitution, "utf8")).replace("max_files: 12", "max_files: 30"));
  git(repo, "add", ".exo/constitution.yaml");
  const drift = spawnSync("git", ["commit", "-qm", "loosen"], { cwd: repo, env, encoding: "utf8" });
  expect(drift.status).toBe(1);
  expect(drift.stderr).toMatch(/GOVERNANCE_DRIFT/);
  const blockedRecords = envelope(await exo(repo, "ledger-show", "--type", "commit.blocked")).data;
  expect(blockedRecords.total).toBe(2);
  // SPEC §4.11.2: commit.blocked carries paths and reasons.
  expect(blockedRecords.records.map((r: { data: unknown }) => r.data)).toEqual([
    { paths: ["docs/d.md"], reasons: [expect.stringMatching(/^docs\/d\.md: .*\[OUT_OF_SCOPE\]$/)] },
    { paths: [".exo/constitution.yaml"], reasons: [expect.stringMatching(/GOVERNANCE_DRIFT/)] },
  ]);
});

test("session-start reinstalls removed exo hooks and records hooks.reinstalled", async () => {
  const repo = await initRepo();
  await exo(repo, "hook-install", "--harness", "claude");
  await exo(repo, "ticket-create", "t", "--id", "T1");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "setup");
  await writeFile(join(repo, ".claude/settings.json"), `${JSON.stringify({ hooks: {} }, null, 2)}\n`);
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:claude" } }));
  expect(start.ok).toBe(true);
  expect(start.warnings?.map((w) => w.code)).toContain("HOOKS_REINSTALLED");
  expect(start.data.advisories.map((a: { kind: string }) => a.kind)).toContain("hooks_reinstalled");
  expect(start.data.session.exo_written).toEqual([".claude/settings.json"]);
  expect(await readFile(join(repo, ".claude/settings.json"), "utf8")).toContain(".exo/bin/exo-hook.mjs");
  expect(envelope(await exo(repo, "ledger-show", "--type", "hooks.reinstalled")).data.total).toBe(1);
});

test("Claude SessionStart starts on the claimed ticket and returns the bootstrap as additional context", async () => {
  const repo = await initRepo();
  await exo(repo, "hook-install", "--harness", "claude");
  await exo(repo, "ticket-create", "t", "--id", "T1");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "setup");
  const payload = await fixture("claude-sessionstart.json", repo);
  const actor = `agent:claude:${(await import("node:crypto")).createHash("sha256").update(JSON.parse(payload).session_id).digest("hex").slice(0, 8)}`;
  await exo(repo, "next", "--owner", "agent:claude");
  const run = await hook(repo, "claude", "SessionStart", payload);
  expect(run.code).toBe(0);
  const out = JSON.parse(run.stdout);
  expect(out.hookSpecificOutput.hookEventName).toBe("SessionStart");
  expect(out.hookSpecificOutput.additionalContext).toMatch(/# exo session SES-/);
  const scan = envelope(await exo(repo, "session-scan"));
  expect(scan.data.sessions[0]).toMatchObject({ actor, ticket: "T1" });
  const stop = await hook(repo, "claude", "Stop", await fixture("claude-stop.json", repo));
  expect(stop.code).toBe(0);
  expect(stop.stdout).not.toMatch(/hookSpecificOutput/);
  const end = await hook(repo, "claude", "SessionEnd", await fixture("claude-sessionend.json", repo));
  expect(end.code).toBe(0);
  expect(envelope(await exo(repo, "session-scan")).data.sessions[0].status).toBe("suspended");
});

test("Claude SessionEnd with hooks.session_end: finish closes the session, checks skipped under SPEC's break-glass reason", async () => {
  const repo = await initRepo();
  await exo(repo, "hook-install", "--harness", "claude");
  const cfg = join(repo, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("hooks:\n", "hooks:\n  session_end: finish\n"));
  expect((await exo(repo, "compose")).code).toBe(0);
  await exo(repo, "ticket-create", "t", "--id", "T1");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "setup");
  await exo(repo, "next", "--owner", "agent:claude");
  expect((await hook(repo, "claude", "SessionStart", await fixture("claude-sessionstart.json", repo))).code).toBe(0);
  expect((await hook(repo, "claude", "SessionEnd", await fixture("claude-sessionend.json", repo))).code).toBe(0);
  const [finished] = envelope(await exo(repo, "ledger-show", "--type", "session.finished")).data.records;
  expect(finished.data.break_glass_reason).toBe("auto-close on Claude Code SessionEnd (prompt_input_exit)");
});

test("the hook bundle's metafile has no yaml, zod, commander or MCP SDK module", async () => {
  const meta = JSON.parse(await readFile(join(DIST, "hooks/meta.json"), "utf8")) as { inputs: Record<string, unknown> };
  const heavy = Object.keys(meta.inputs).filter((k) => /node_modules\/(yaml|zod|commander|@modelcontextprotocol)\//.test(k));
  expect(heavy).toEqual([]);
  expect(Object.keys(meta.inputs).some((k) => k.includes("check-action"))).toBe(true);
});
