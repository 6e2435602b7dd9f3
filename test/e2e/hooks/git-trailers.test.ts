// exo's git hook scripts without Node where they can (SPEC §8.6, issue 14): prepare-commit-msg
// appends the trailers itself to a one-paragraph message, which must give exactly what
// `git interpret-trailers` gives; pre-commit starts the CommonJS runner beside the bundle the
// launcher would pick, and the launcher whenever it cannot tell.
import { spawnSync } from "node:child_process";
import { chmod, copyFile, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { DIST, envelope, exo, git, initRepo, tempDir, writeFiles } from "../../helpers/repo.js";
import { gitHooksRepo } from "../../helpers/hooks.js";

const SESSION = "SES-20261202-010000-ABC123";

/** A folder whose `git` and `node` log their arguments, then run the real ones. */
async function loggingTools(): Promise<{ bin: string; calls: () => Promise<string[]> }> {
  const bin = await tempDir();
  const log = join(bin, "calls.log");
  const realGit = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();
  for (const [name, real] of [["git", realGit], ["node", process.execPath]] as const) {
    await writeFile(join(bin, name), `#!/bin/sh\necho "${name} $*" >> "${log}"\nexec "${real}" "$@"\n`);
    await chmod(join(bin, name), 0o755);
  }
  return {
    bin,
    calls: async () => (await readFile(log, "utf8").catch(() => "")).split("\n").filter(Boolean),
  };
}

test("prepare-commit-msg appends the trailers to a one-paragraph message exactly as git interpret-trailers does", async () => {
  const repo = await initRepo({ "a.txt": "a\n" });
  await exo(repo, "hook-install", "--harness", "git");
  const script = join(repo, ".git", "hooks", "prepare-commit-msg");
  const work = await tempDir();
  const tools = await loggingTools();
  let n = 0;
  let fast = 0;

  const check = async (message: string, source = "message", how = "plain"): Promise<void> => {
    const dir = join(work, String(n++));
    await mkdir(dir);
    const file = join(dir, "COMMIT_EDITMSG");
    const expected = join(dir, "expected");
    await writeFile(file, message);
    await writeFile(expected, message);
    // The memo pre-commit leaves: the pid of `git commit` (here this process, the script's parent).
    await writeFile(join(dir, "exo-trailers"), `${process.pid}\n${SESSION}\nT1\n${how}\n`);
    const before = (await tools.calls()).length;
    const r = spawnSync("sh", [script, file, source], { cwd: repo, env: { ...process.env, PATH: `${tools.bin}:${process.env["PATH"] ?? ""}` }, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    if ((await tools.calls()).length === before) fast++;
    git(repo, "interpret-trailers", "--in-place", "--if-exists", "doNothing", "--trailer", `Exo-Session: ${SESSION}`, "--trailer", "Exo-Ticket: T1", expected);
    expect(await readFile(file, "utf8"), JSON.stringify(message)).toBe(await readFile(expected, "utf8"));
  };

  // Messages the shell must recognise, and messages it must hand to git.
  for (const m of ["c 1\n", "feat: a subject with a colon\n", "Exo-Session: looks like a trailer\n", "two\nlines\n", " indented\n", "crlf\r\n"]) await check(m);
  expect(fast).toBe(6);
  for (const m of ["no newline", "", "subject\n\nbody\n", "subject\n\nKey: value\n", "subject\n   \n", "# comment\n", "subject\n# comment\n", "subject\n---\ndiff\n", "a;b\n;c\n"]) await check(m);
  await check("from the editor\n", "");
  // Without "plain" (git's configuration has trailer.* or core.commentChar keys), git decides.
  await check("c 1\n", "message", "");
  expect(fast).toBe(6);

  // Generated messages: lines of awkward characters, blank lines, comment and divider lines.
  const line = fc.stringMatching(/^[a-zA-Z0-9 :#;\-\t.()"'\\*]{0,12}$/);
  await fc.assert(
    fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 4 }), fc.boolean(), async (lines, newline) => {
      await check(lines.join("\n") + (newline ? "\n" : ""));
    }),
    { numRuns: 120 },
  );
  expect(fast).toBeGreaterThan(6 + 15); // not vacuous: the shell answered for about a third of them
});

test("with trailer settings in git's configuration, git interpret-trailers places exo's trailers", async () => {
  const repo = await gitHooksRepo();
  git(repo, "config", "trailer.where", "start");
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:claude" } })).ok).toBe(true);
  expect(JSON.parse(await readFile(join(repo, ".exo/cache/git-trailers.json"), "utf8"))).toEqual({ format: "exo.git-trailers/1", plain: false });
  await writeFiles(repo, { "src/b.ts": "b\n" });
  git(repo, "add", "src/b.ts");
  const r = spawnSync("git", ["commit", "-qm", "subject"], { cwd: repo, env: { ...process.env, EXO_ACTOR: "agent:claude", EXO_HOOK_BUNDLE: join(DIST, "hook.mjs") }, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  // trailer.where=start puts each new trailer before the others, as git would.
  expect(git(repo, "log", "-1", "--format=%(trailers:only,unfold)").trim()).toMatch(/^Exo-Ticket: T1\nExo-Session: SES-/);

  // Without such settings session-start records that the shell may append them.
  git(repo, "config", "--unset", "trailer.where");
  await exo(repo, "session-finish", "--summary", "x", "--skip-check", "--break-glass-reason", "test", { env: { EXO_ACTOR: "agent:claude" } });
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:claude" } })).ok).toBe(true);
  expect(JSON.parse(await readFile(join(repo, ".exo/cache/git-trailers.json"), "utf8")).plain).toBe(true);
});

test("pre-commit starts hook-run.cjs beside the bundle the launcher would pick; the launcher when there is none", async () => {
  const repo = await gitHooksRepo("agent:claude");
  const tools = await loggingTools();
  const base = { ...process.env, PATH: `${tools.bin}:${process.env["PATH"] ?? ""}`, EXO_ACTOR: "agent:claude" };
  let k = 0;
  const commit = async (env: NodeJS.ProcessEnv, file = `src/f${k++}.ts`): Promise<{ status: number | null; stderr: string; node: string }> => {
    await writeFiles(repo, { [file]: "x\n" });
    git(repo, "add", file);
    const before = (await tools.calls()).filter((c) => c.startsWith("node ")).length;
    const r = spawnSync("git", ["commit", "-qm", `c ${k}`], { cwd: repo, env, encoding: "utf8" });
    const nodes = (await tools.calls()).filter((c) => c.startsWith("node "));
    expect(nodes.length - before).toBe(1);
    return { status: r.status, stderr: r.stderr, node: nodes[nodes.length - 1] as string };
  };
  const trailers = () => git(repo, "log", "-1", "--format=%(trailers:only,unfold)").trim();

  // EXO_HOOK_BUNDLE names dist/hook.mjs: its runner starts, the scope is checked, trailers added.
  const viaEnv = await commit({ ...base, EXO_HOOK_BUNDLE: join(DIST, "hook.mjs") });
  expect(viaEnv.status, viaEnv.stderr).toBe(0);
  expect(viaEnv.node).toBe(`node ${join(DIST, "hook-run.cjs")} git pre-commit`);
  expect(trailers()).toMatch(/^Exo-Session: SES-.*\nExo-Ticket: T1$/);
  const blocked = await commit({ ...base, EXO_HOOK_BUNDLE: join(DIST, "hook.mjs") }, "docs/d.md");
  expect(blocked.status).toBe(1);
  expect(blocked.stderr).toMatch(/docs\/d\.md.*OUT_OF_SCOPE/);
  git(repo, "reset", "-q");

  // The path session-start recorded in cache/hook-bundle.json (the CLI's copy beside bin.js).
  const recorded = JSON.parse(await readFile(join(repo, ".exo/cache/hook-bundle.json"), "utf8")) as { path: string };
  const viaRecord = await commit(base);
  expect(viaRecord.status, viaRecord.stderr).toBe(0);
  expect(viaRecord.node).toBe(`node ${recorded.path.replace(/hook\.mjs$/, "hook-run.cjs")} git pre-commit`);

  // exo installed in the project (node_modules/exoprotocol) comes before the recorded path.
  await mkdir(join(repo, "node_modules"));
  await symlink(dirname(DIST), join(repo, "node_modules", "exoprotocol"));
  const viaProject = await commit(base);
  expect(viaProject.status, viaProject.stderr).toBe(0);
  expect(viaProject.node).toBe(`node ${join(repo, "node_modules/exoprotocol/dist/hook-run.cjs")} git pre-commit`);
  await rm(join(repo, "node_modules"), { recursive: true });

  // A bundle folder without the runner (an older exo): the launcher, which still checks the scope.
  const older = await tempDir();
  for (const f of ["hook.mjs", "hook-gate.cjs", "hook-git.cjs", "hook-lifecycle.cjs", "glob-engine.cjs"]) await copyFile(join(DIST, f), join(older, f));
  const viaLauncher = await commit({ ...base, EXO_HOOK_BUNDLE: join(older, "hook.mjs") });
  expect(viaLauncher.status, viaLauncher.stderr).toBe(0);
  expect(viaLauncher.node).toBe(`node ${join(repo, ".exo/bin/exo-hook.mjs")} git pre-commit`);
  const blockedOld = await commit({ ...base, EXO_HOOK_BUNDLE: join(older, "hook.mjs") }, "docs/d.md");
  expect(blockedOld.status).toBe(1);
  git(repo, "reset", "-q");

  // A recorded path the shell cannot read plainly (a JSON escape): the launcher decides.
  await writeFile(join(repo, ".exo/cache/hook-bundle.json"), `{\n  "path": "${recorded.path.replace(/\//g, "\\/")}",\n  "version": "1.0.0"\n}\n`);
  const escaped = await commit(base);
  expect(escaped.status, escaped.stderr).toBe(0);
  expect(escaped.node).toBe(`node ${join(repo, ".exo/bin/exo-hook.mjs")} git pre-commit`);

  // A launcher that is not exo's: the script refuses to start it, and the runner, which does not
  // start it, refuses the commit too.
  const launcher = join(repo, ".exo/bin/exo-hook.mjs");
  const original = await readFile(launcher, "utf8");
  await writeFile(launcher, `${original}// changed\n`);
  await writeFiles(repo, { "src/t.ts": "t\n" });
  git(repo, "add", "src/t.ts");
  const tampered = spawnSync("git", ["commit", "-qm", "t"], { cwd: repo, env: { ...base, EXO_HOOK_BUNDLE: join(older, "hook.mjs") }, encoding: "utf8" });
  expect(tampered.status).toBe(1);
  expect(tampered.stderr).toMatch(/is not exo's launcher \[HOOKS_TAMPERED\]/);
  const before = (await tools.calls()).filter((c) => c.startsWith("node ")).length;
  const viaRunner = spawnSync("git", ["commit", "-qm", "t"], { cwd: repo, env: { ...base, EXO_HOOK_BUNDLE: join(DIST, "hook.mjs") }, encoding: "utf8" });
  expect(viaRunner.status).toBe(1);
  expect(viaRunner.stderr).toMatch(/is not exo's launcher \[HOOKS_TAMPERED\]/);
  expect((await tools.calls()).filter((c) => c.startsWith("node ")).slice(before)).toEqual([`node ${join(DIST, "hook-run.cjs")} git pre-commit`]);
});
