// Hook kill switches (issue #18): disableAllHooks in Claude settings and a core.hooksPath that
// points at no folder are found by doctor and session-start and restored.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { writeTickets } from "../../helpers/tickets.js";

test("disableAllHooks (project, local, user) and core.hooksPath=/dev/null: doctor fails, --fix and session-start restore", async () => {
  const repo = await initRepo();
  const home = await tempDir();
  const env = { HOME: home, EXO_ACTOR: "agent:a" };
  await writeTickets(repo, [{ id: "T1" }]);
  expect((await exo(repo, "hook-install", "--harness", "claude", "--harness", "git", { env })).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "hooks");
  const project = join(repo, ".claude/settings.json");
  const settings = JSON.parse(await readFile(project, "utf8"));
  await writeFile(project, JSON.stringify({ ...settings, disableAllHooks: true }));
  await writeFile(join(repo, ".claude/settings.local.json"), JSON.stringify({ disableAllHooks: true }));
  await mkdir(join(home, ".claude"), { recursive: true });
  await writeFile(join(home, ".claude/settings.json"), JSON.stringify({ disableAllHooks: true }));
  git(repo, "config", "core.hooksPath", "/dev/null");
  const doctor = envelope(await exo(repo, "doctor", "--section", "hooks", { env }));
  expect(doctor.data.sections[0]).toMatchObject({ name: "hooks", status: "fail", fixable: true });
  expect(doctor.data.sections[0].details.kill_switches.map((k: { scope: string }) => k.scope).sort()).toEqual(["git", "local", "project", "user"]);
  const fix = envelope(await exo(repo, "doctor", "--fix", "--section", "hooks", { env }));
  expect(fix.data.fixed[0].action).toMatch(/disableAllHooks \(project\).*core\.hooksPath/);
  expect(JSON.parse(await readFile(project, "utf8")).disableAllHooks).toBeUndefined();
  expect(JSON.parse(await readFile(project, "utf8")).hooks).toEqual(settings.hooks);
  expect(() => git(repo, "config", "--get", "core.hooksPath")).toThrow();
  // The user scope is reported, never rewritten by exo.
  expect(fix.data.sections[0].message).toMatch(/disableAllHooks in .*\.claude\/settings\.json/);
  // doctor --fix records what it restored, as session-start does (one repair for both).
  const byDoctor = envelope(await exo(repo, "ledger-show", "--all", "--type", "hooks.reenabled")).data.records;
  expect(byDoctor).toHaveLength(1);
  expect(byDoctor[0].actor).toBe("agent:a");
  expect(byDoctor[0].data.settings.map((k: { file: string; scope: string }) => `${k.scope}:${k.file}`).sort()).toEqual(["git:.git/config", "local:.claude/settings.local.json", "project:.claude/settings.json"]);
  // An agent switches them off again: session-start restores and says so.
  await writeFile(join(repo, ".claude/settings.local.json"), JSON.stringify({ disableAllHooks: true, other: 1 }));
  git(repo, "config", "core.hooksPath", "/dev/null");
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env }));
  expect(start.ok).toBe(true);
  const kinds = start.data.advisories.filter((a: { kind: string }) => a.kind === "hooks_disabled");
  expect(kinds.map((a: { details: { scope: string; restored: boolean } }) => `${a.details.scope}:${a.details.restored}`).sort()).toEqual(["git:true", "local:true", "user:false"]);
  expect(JSON.parse(await readFile(join(repo, ".claude/settings.local.json"), "utf8"))).toEqual({ other: 1 });
  const types = envelope(await exo(repo, "ledger-show", "--all", "--type", "hooks.reenabled")).data.records;
  expect(types.length).toBeGreaterThanOrEqual(1);
});

test("Codex [features] hooks = false (project config.toml, user CODEX_HOME, older codex_hooks alias): doctor fails, --fix and session-start restore the project one", async () => {
  const repo = await initRepo();
  const home = await tempDir();
  const codexHome = await tempDir();
  const env = { HOME: home, CODEX_HOME: codexHome, EXO_ACTOR: "agent:a" };
  await writeTickets(repo, [{ id: "T1" }]);
  expect((await exo(repo, "hook-install", "--harness", "codex", "--harness", "git", { env })).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "hooks");
  const project = join(repo, ".codex/config.toml");
  // Comments, other tables and an inline-commented flag: only the flag's line goes.
  const original = '# team settings\nmodel = "gpt-5"\n\n[features]\nweb_search = true\nhooks = false # off while debugging\n\n[profiles.fast]\nmodel = "gpt-5-mini"\n';
  await writeFile(project, original);
  await writeFile(join(codexHome, "config.toml"), "[features]\ncodex_hooks = false\n");
  const doctor = envelope(await exo(repo, "doctor", "--section", "hooks", { env }));
  expect(doctor.data.sections[0]).toMatchObject({ name: "hooks", status: "fail", fixable: true });
  expect(doctor.data.sections[0].details.kill_switches.map((k: { scope: string; setting: string }) => `${k.scope}:${k.setting}`).sort()).toEqual(["project:[features] hooks = false", "user:[features] codex_hooks = false"]);
  const fix = envelope(await exo(repo, "doctor", "--fix", "--section", "hooks", { env }));
  expect(fix.data.fixed[0].action).toMatch(/hooks = false \(project\)/);
  // The file written here lacks exo's unified_exec_tty line too: --fix puts it back (defects-23).
  expect(fix.data.fixed.map((f: { action: string }) => f.action)).toContain("switched Codex's command terminal off again: unified_exec_tty = false under [features] in .codex/config.toml");
  expect(await readFile(project, "utf8")).toBe(original.replace("hooks = false # off while debugging\n", "").replace("[features]\n", "[features]\nunified_exec_tty = false # exo: write_stdin types into a terminal no hook sees\n"));
  expect(await readFile(join(codexHome, "config.toml"), "utf8")).toBe("[features]\ncodex_hooks = false\n");
  expect(fix.data.sections[0].message).toMatch(/codex_hooks = false in .*config\.toml/);
  // A dotted key at the top switches it off again: session-start restores and says so.
  await writeFile(project, 'features.hooks = false\nmodel = "gpt-5"\n');
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env }));
  expect(start.ok).toBe(true);
  const kinds = start.data.advisories.filter((a: { kind: string }) => a.kind === "hooks_disabled");
  expect(kinds.map((a: { details: { scope: string; restored: boolean } }) => `${a.details.scope}:${a.details.restored}`).sort()).toEqual(["project:true", "user:false"]);
  expect(await readFile(project, "utf8")).toBe('model = "gpt-5"\n');
});
