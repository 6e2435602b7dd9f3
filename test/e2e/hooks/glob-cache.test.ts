// The hook's compiled-glob cache: the first call compiles the globs it needs and stores them in
// .exo/cache/globs.json; later calls (gating events, git's pre-commit) decide from it without
// loading picomatch at all.
import { spawnSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { DIST, git, writeFiles } from "../../helpers/repo.js";
import { claudeSessionRepo, decision, fixture, gitHooksRepo, hook } from "../../helpers/hooks.js";

test("a warm hook decides from .exo/cache/globs.json without picomatch; a cold one without picomatch fails safe", async () => {
  const repo = await claudeSessionRepo({ "src/auth/login.ts": "a\n", "docs/README.md": "d\n" });
  // The hot bundle alone (the entry and the gate), without the glob-engine.cjs it loads for globs not compiled yet.
  const lone = await realpath(await mkdtemp(join(tmpdir(), "exo-lone-hook-")));
  onTestFinished(() => rm(lone, { recursive: true, force: true }));
  for (const f of ["hook.mjs", "hook-gate.cjs"]) await copyFile(join(DIST, f), join(lone, f));
  const env = { EXO_ACTOR: "agent:claude" };
  const lonely = { ...env, EXO_HOOK_BUNDLE: join(lone, "hook.mjs") };
  const outside = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/docs/README.md`));
  const inside = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/src/auth/new.ts`));

  // picomatch is not in the hot bundle at all: every glob the gate matches (rules, a program's own
  // globs) goes through kernel/globs.ts, whose engine the build makes a lazy require.
  expect(await readFile(join(DIST, "hook-gate.cjs"), "utf8")).not.toContain("POSIX_REGEX_SOURCE");
  const meta = JSON.parse(await readFile(join(DIST, "hooks", "meta.json"), "utf8")) as { inputs: Record<string, unknown> };
  expect(Object.keys(meta.inputs).filter((f) => f.includes("picomatch"))).toEqual([]);
  const cold = await hook(repo, "claude", "PreToolUse", outside, lonely);
  expect(decision(cold)?.reason).toMatch(/internal error/); // it needed picomatch: blocked to be safe

  const first = await hook(repo, "claude", "PreToolUse", outside, { ...env, EXO_HOOK_BUNDLE: join(DIST, "hook.mjs") });
  expect(decision(first)?.decision).toBe("deny");
  const table = JSON.parse(await readFile(join(repo, ".exo/cache/globs.json"), "utf8"));
  expect(table.format).toBe("exo.globs/1");
  expect(Object.keys(table.entries)).toContain("s\u0000src/auth/**");

  const warmDeny = await hook(repo, "claude", "PreToolUse", outside, lonely);
  expect(decision(warmDeny)).toEqual(decision(first));
  const warmAllow = await hook(repo, "claude", "PreToolUse", inside, lonely);
  expect(warmAllow.code).toBe(0);
  expect(decision(warmAllow)).toBeNull();

  // A cache that cannot be read is ignored, not an internal error.
  await rm(join(repo, ".exo/cache/globs.json"));
  await mkdir(join(repo, ".exo/cache/globs.json"));
  const full = { ...env, EXO_HOOK_BUNDLE: join(DIST, "hook.mjs") };
  expect(decision(await hook(repo, "claude", "PreToolUse", outside, full))).toEqual(decision(first));
  expect(decision(await hook(repo, "claude", "PreToolUse", inside, full))).toBeNull();
});

test("git's pre-commit checks staged paths with the same compiled globs, without picomatch once they are there", async () => {
  const repo = await gitHooksRepo("agent:claude");
  await rm(join(repo, ".exo/cache/globs.json"), { force: true });
  // The git bundle alone, without the glob-engine.cjs it loads for globs not compiled yet.
  const lone = await realpath(await mkdtemp(join(tmpdir(), "exo-lone-hook-")));
  onTestFinished(() => rm(lone, { recursive: true, force: true }));
  for (const f of ["hook.mjs", "hook-git.cjs"]) await copyFile(join(DIST, f), join(lone, f));
  const commit = async (file: string, bundle: string) => {
    await writeFiles(repo, { [file]: `${Math.random()}\n` });
    git(repo, "add", file);
    const r = spawnSync("git", ["commit", "-qm", file], { cwd: repo, env: { ...process.env, EXO_ACTOR: "agent:claude", EXO_HOOK_BUNDLE: bundle }, encoding: "utf8" });
    if (r.status !== 0) git(repo, "reset", "-q");
    return r;
  };
  // With this bundle, docs/d.md is refused (out of scope) and a file under src/ goes through.
  const decides = async (bundle: string, inScope: string) => {
    const blocked = await commit("docs/d.md", bundle);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toMatch(/docs\/d\.md.*OUT_OF_SCOPE/);
    const allowed = await commit(inScope, bundle);
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(allowed.stderr).toBe("");
  };

  await decides(join(DIST, "hook.mjs"), "src/b.ts");
  const table = JSON.parse(await readFile(join(repo, ".exo/cache/globs.json"), "utf8"));
  expect(Object.keys(table.entries)).toContain("s\u0000src/**");
  await decides(join(lone, "hook.mjs"), "src/c.ts");

  // A cache that cannot be read (here a folder in its place) is ignored: the globs are compiled.
  await rm(join(repo, ".exo/cache/globs.json"));
  await mkdir(join(repo, ".exo/cache/globs.json"));
  await decides(join(DIST, "hook.mjs"), "src/d.ts");
});

test("the CLI reads and fills the same cache: a warm session-finish and status need no picomatch", async () => {
  const repo = await gitHooksRepo();
  await rm(join(repo, ".exo/cache/globs.json"), { force: true });
  // The CLI without the glob-engine.cjs it requires for globs not compiled yet.
  const lone = await realpath(await mkdtemp(join(tmpdir(), "exo-lone-cli-")));
  onTestFinished(() => rm(lone, { recursive: true, force: true }));
  await mkdir(join(lone, "vendor"));
  for (const f of ["bin.js", "main.cjs", "help.json", "package.json", "vendor/yaml.cjs", "vendor/commander.cjs"]) await copyFile(join(DIST, "cli", f), join(lone, f));
  const run = (bin: string, ...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args, "--format", "json"], { cwd: repo, env: { ...process.env, EXO_ACTOR: "agent:a" }, encoding: "utf8" });
  const cycle = async (bin: string, file: string) => {
    expect(run(join(DIST, "cli", "bin.js"), "ticket-create", file, "--id", file.replace(/\W/g, "").toUpperCase(), "--scope-allow", "src/**").status).toBe(0);
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", `ticket ${file}`);
    const start = run(bin, "session-start", "--ticket-id", file.replace(/\W/g, "").toUpperCase());
    expect(start.status, start.stdout + start.stderr).toBe(0);
    await writeFiles(repo, { [`src/${file}`]: "x\n", "docs/d.md": `${file}\n` });
    const finish = run(bin, "session-finish", "--summary", "done", "--skip-check", "--break-glass-reason", "test");
    expect(finish.status, finish.stdout + finish.stderr).toBe(0);
    return JSON.parse(finish.stdout).data as { drift: { out_of_scope: string[] } };
  };

  // Cold: the full CLI compiles the scope and deny globs and stores them.
  const first = await cycle(join(DIST, "cli", "bin.js"), "a.ts");
  const table = JSON.parse(await readFile(join(repo, ".exo/cache/globs.json"), "utf8"));
  expect(Object.keys(table.entries)).toContain("s\u0000src/**");
  // Warm: the CLI without picomatch gives the same drift judgement (docs/d.md out of scope).
  const second = await cycle(join(lone, "bin.js"), "b.ts");
  expect(second.drift.out_of_scope).toEqual(first.drift.out_of_scope);
  expect(second.drift.out_of_scope).toContain("docs/d.md");
  expect(run(join(lone, "bin.js"), "status").status).toBe(0);
});
