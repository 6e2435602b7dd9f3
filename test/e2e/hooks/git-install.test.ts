// Issue #19: git hook install never loses a user's hook, husky gets the line to add, the
// pre-commit refuses commits that weaken exo itself, settings with a BOM are read, and doctor
// checks Codex hook trust.
import { chmod, mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";

function commit(repo: string, message: string): { ok: boolean; out: string } {
  try {
    git(repo, "commit", "-qm", message);
    return { ok: true, out: "" };
  } catch (error) {
    return { ok: false, out: String((error as { stderr?: string }).stderr ?? error) };
  }
}

test("a user's pre-commit written over exo's is kept on reinstall, chained after the first backup", async () => {
  const repo = await initRepo();
  const hooks = join(repo, ".git/hooks");
  await mkdir(hooks, { recursive: true });
  await writeFile(join(hooks, "pre-commit"), "#!/bin/sh\necho first-user-hook\n");
  await chmod(join(hooks, "pre-commit"), 0o755);
  expect((await exo(repo, "hook-install", "--harness", "git")).code).toBe(0);
  await writeFile(join(hooks, "pre-commit"), "#!/bin/sh\necho second-user-hook >&2\n");
  await chmod(join(hooks, "pre-commit"), 0o755);
  const again = envelope(await exo(repo, "hook-install", "--harness", "git"));
  expect(again.data.harnesses.find((h: { name: string }) => h.name === "git").status).toBe("installed");
  const names = (await readdir(hooks)).filter((n) => n.startsWith("pre-commit") && !n.endsWith(".sample")).sort();
  expect(names).toEqual(["pre-commit", "pre-commit.pre-exo", "pre-commit.pre-exo.1", "pre-commit.pre-exo.2"]);
  expect(await readFile(join(hooks, "pre-commit.pre-exo.1"), "utf8")).toMatch(/first-user-hook/);
  expect(await readFile(join(hooks, "pre-commit.pre-exo.2"), "utf8")).toMatch(/second-user-hook/);
  expect(await readFile(join(hooks, "pre-commit"), "utf8")).toMatch(/exo:managed/);
  await writeFile(join(repo, "f.txt"), "x");
  git(repo, "add", "f.txt");
  const { execFileSync } = await import("node:child_process");
  const out = execFileSync("git", ["commit", "-m", "x"], { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  expect(out).toBeDefined();
  // Both preserved hooks ran (the second prints to stderr; the commit succeeded).
  expect(git(repo, "log", "-1", "--format=%s").trim()).toBe("x");
});

test("the same user hook written over exo's again and again (lefthook install on every npm install) is kept once: no numbered copy is added, and it runs once per commit (before: one more pre-commit.pre-exo.N per round trip, each run)", async () => {
  const repo = await initRepo();
  const hooks = join(repo, ".git/hooks");
  await mkdir(hooks, { recursive: true });
  const theirs = "#!/bin/sh\necho lefthook-ran >> \"$(git rev-parse --show-toplevel)/.git/ran.log\"\n";
  await writeFile(join(hooks, "pre-commit"), theirs);
  await chmod(join(hooks, "pre-commit"), 0o755);
  expect((await exo(repo, "hook-install", "--harness", "git")).code).toBe(0);
  for (let i = 0; i < 3; i++) {
    await writeFile(join(hooks, "pre-commit"), theirs);
    await chmod(join(hooks, "pre-commit"), 0o755);
    expect(envelope(await exo(repo, "hook-install", "--harness", "git")).ok).toBe(true);
  }
  const names = (await readdir(hooks)).filter((n) => n.startsWith("pre-commit") && !n.endsWith(".sample")).sort();
  expect(names).toEqual(["pre-commit", "pre-commit.pre-exo"]);
  expect(await readFile(join(hooks, "pre-commit.pre-exo"), "utf8")).toBe(theirs);
  expect(await readFile(join(hooks, "pre-commit"), "utf8")).toMatch(/exo:managed/);
  await writeFile(join(repo, "f.txt"), "x");
  git(repo, "add", "f.txt");
  expect(commit(repo, "x").ok).toBe(true);
  expect(await readFile(join(repo, ".git/ran.log"), "utf8")).toBe("lefthook-ran\n");
});

test("husky (core.hooksPath .husky/_): install prints the line to add; doctor warns, then passes once the line is there", async () => {
  const repo = await initRepo();
  await mkdir(join(repo, ".husky/_"), { recursive: true });
  git(repo, "config", "core.hooksPath", ".husky/_");
  const run = await exo(repo, "hook-install", "--harness", "git");
  const env = envelope(run);
  expect(env.data.harnesses[0]).toMatchObject({ name: "git", status: "skipped" });
  expect(env.data.notes.join("\n")).toMatch(/\.husky\/pre-commit: node "\$\(git rev-parse --show-toplevel\)\/\.exo\/bin\/exo-hook\.mjs" git pre-commit/);
  expect(await readdir(join(repo, ".husky/_"))).toEqual([]);
  const before = envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0];
  expect(before.status).toBe("warn");
  expect(before.message).toMatch(/husky/);
  await writeFile(join(repo, ".husky/pre-commit"), `npm test\nnode "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" git pre-commit "$@" || exit $?\n`);
  // Both lines install asks for (pre-commit alone leaves commits without their Exo-Session trailer: hostile round 27).
  await writeFile(join(repo, ".husky/prepare-commit-msg"), `node "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" git prepare-commit-msg "$@" || exit $?\n`);
  const after = envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0];
  expect(after.message).not.toMatch(/husky manages/);
});

test("pre-commit refuses commits that remove exo's hook entries, replace the launcher or hand-edit the sealed policy", async () => {
  const repo = await initRepo({ "src/a.ts": "a\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude", "--harness", "git")).code).toBe(0);
  git(repo, "add", "-A");
  expect((commit(repo, "hooks")).ok).toBe(true);
  const settings = join(repo, ".claude/settings.json");
  const original = await readFile(settings, "utf8");
  await writeFile(settings, JSON.stringify({ hooks: {} }, null, 2));
  git(repo, "add", ".claude/settings.json");
  const removed = commit(repo, "drop hooks");
  expect(removed.ok).toBe(false);
  expect(removed.out).toMatch(/removes or changes exo's hook entries \[HOOKS_TAMPERED\]/);
  await writeFile(settings, original);
  git(repo, "add", ".claude/settings.json");
  const launcher = join(repo, ".exo/bin/exo-hook.mjs");
  await writeFile(launcher, "#!/usr/bin/env node\n");
  git(repo, "add", "-f", ".exo/bin/exo-hook.mjs");
  const replaced = commit(repo, "replace launcher");
  expect(replaced.ok).toBe(false);
  expect(replaced.out).toMatch(/is not exo's launcher \[HOOKS_TAMPERED\]/);
  git(repo, "checkout", "HEAD", "--", ".exo/bin/exo-hook.mjs");
  const seal = join(repo, ".exo/policy.sealed.json");
  await writeFile(seal, (await readFile(seal, "utf8")).replace('"enforcement": "strict"', '"enforcement": "advisory"'));
  git(repo, "add", ".exo/policy.sealed.json");
  const edited = commit(repo, "advisory");
  expect(edited.ok).toBe(false);
  expect(edited.out).toMatch(/edited by hand/);
  git(repo, "checkout", "HEAD", "--", ".exo/policy.sealed.json");
  // A user hook added next to exo's entries is fine.
  const withUser = JSON.parse(original) as { hooks: Record<string, unknown[]> };
  withUser.hooks["Notification"] = [{ hooks: [{ type: "command", command: "echo hi" }] }];
  await writeFile(settings, JSON.stringify(withUser, null, 2));
  git(repo, "add", ".claude/settings.json");
  const fine = commit(repo, "user hook");
  expect(fine.ok, fine.out).toBe(true);
});

test("settings with a UTF-8 BOM and CRLF are merged; Windsurf hooks are installed; doctor fails until Codex trusts exo's hooks", async () => {
  const repo = await initRepo();
  await mkdir(join(repo, ".claude"), { recursive: true });
  await writeFile(join(repo, ".claude/settings.json"), '\uFEFF{\r\n  "model": "opus"\r\n}\r\n');
  const codexHome = await tempDir();
  const env = { CODEX_HOME: codexHome };
  const run = envelope(await exo(repo, "hook-install", "--harness", "claude", "--harness", "codex", "--harness", "windsurf", "--harness", "git", { env }));
  expect(run.ok).toBe(true);
  expect(run.warnings?.some((w) => w.code === "HOOKS_ACTION_NEEDED" && /\/hooks/.test(w.message))).toBe(true);
  const claude = JSON.parse(await readFile(join(repo, ".claude/settings.json"), "utf8")) as { model: string; hooks: Record<string, unknown> };
  expect(claude.model).toBe("opus");
  expect(Object.keys(claude.hooks)).toEqual(expect.arrayContaining(["SessionStart", "PreToolUse", "PostToolUse", "ConfigChange", "SubagentStart"]));
  expect(JSON.stringify(claude.hooks["PreToolUse"])).toMatch(/PowerShell/);
  expect(JSON.stringify(claude.hooks["SessionStart"])).toMatch(/fork/);
  const codex = JSON.parse(await readFile(join(repo, ".codex/hooks.json"), "utf8")) as { hooks: Record<string, { matcher?: string; hooks: { timeout: number }[] }[]> };
  expect(codex.hooks["SessionEnd"]?.[0]?.hooks[0]?.timeout).toBeLessThanOrEqual(3);
  expect(codex.hooks["SessionStart"]?.[0]?.matcher).toMatch(/clear/);
  const windsurf = JSON.parse(await readFile(join(repo, ".windsurf/hooks.json"), "utf8")) as { hooks: Record<string, unknown> };
  expect(Object.keys(windsurf.hooks)).toEqual(expect.arrayContaining(["pre_write_code", "pre_run_command", "pre_read_code", "pre_mcp_tool_use", "post_write_code"]));
  const failing = envelope(await exo(repo, "doctor", "--section", "hooks", { env })).data.sections[0];
  expect(failing.status).toBe("fail");
  // The hint runs when pasted (new15); the message says to review the hooks with /hooks there.
  expect(failing.hint).toBe("codex");
  expect(failing.message).toMatch(/\/hooks/);
  // Trust records as Codex writes them after /hooks review.
  const hooksFile = join(repo, ".codex/hooks.json");
  const records = Object.entries(codex.hooks)
    .map(([event]) => `[hooks.state."${hooksFile}:${event.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase()}:0:0"]\nenabled = true\ntrusted_hash = "sha256:${"ab".repeat(32)}"\n`)
    .join("\n");
  await writeFile(join(codexHome, "config.toml"), `[features]\nhooks = true\n\n${records}`);
  const passing = envelope(await exo(repo, "doctor", "--section", "hooks", { env })).data.sections[0];
  expect(passing.status, passing.message).not.toBe("fail");
});
