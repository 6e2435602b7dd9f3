// A new user's first hours and a small team's first day, forty-fourth pass: a CLAUDE.md that is a
// link to AGENTS.md (one instruction file for every agent) stays a link, and AGENTS.md gets one
// block naming both agents' actors; a CLAUDE.md that imports AGENTS.md (`@AGENTS.md`) gets no block
// of its own (Claude read two, agent:claude and agent:codex); a link to a file of the user's own is
// followed and that file said left for them to commit; in a project with exoprotocol as a
// dependency, the instruction files and session-start's bootstrap say npx --no-install exo, which
// runs there; the take-out recipe keeps the link; install in a lefthook repository says that
// lefthook install writes over exo's git hooks and what to run after it; fleet-drift's --help says
// repeatable once; session-start --ticket-id with no value hints the start on your claim; exo ready
// at 60 columns keeps titles readable.
import { symlink } from "node:fs/promises";
import { lstatSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, npmInstalledExo, pasted, runNode, tempRepo } from "../../helpers/repo.js";
import { runTakeOutRecipe } from "../../helpers/recipe.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

test("a CLAUDE.md that is a link to AGENTS.md stays a link through exo install: AGENTS.md gets one block that names agent:claude and agent:codex, doctor calls both fresh (before: install replaced the link with a file of its own, mode 120000 => 100644, and the user's later edits of AGENTS.md no longer reached Claude Code)", async () => {
  const repo = await tempRepo({ "AGENTS.md": "# Agents\nUse pnpm.\n", "src/a.ts": "export const a = 1;\n" });
  await symlink("AGENTS.md", join(repo, "CLAUDE.md"));
  git(repo, "add", "CLAUDE.md");
  git(repo, "commit", "-qm", "one file for every agent");
  expect((await exo(repo, "install")).code).toBe(0);
  expect(lstatSync(join(repo, "CLAUDE.md")).isSymbolicLink()).toBe(true);
  expect(git(repo, "show", "--summary", "--format=", "HEAD")).not.toContain("mode change");
  const text = readFileSync(join(repo, "AGENTS.md"), "utf8");
  expect(text.startsWith("# Agents\nUse pnpm.\n\n<!-- exo:begin -->")).toBe(true);
  expect(text.split("<!-- exo:begin -->")).toHaveLength(2);
  expect(text).toContain("One file for Claude Code (`CLAUDE.md`) and Codex (`AGENTS.md`): each agent acts as its own actor, `agent:claude` under Claude Code, `agent:codex` under Codex.");
  expect(text).toContain("`EXO_ACTOR=agent:claude exo session-start --ticket-id '<ID>'` (Claude Code) or `EXO_ACTOR=agent:codex exo session-start --ticket-id '<ID>'` (Codex)");
  const doctor = envelope(await exo(repo, "doctor", "--section", "adapters"));
  expect(doctor.data.sections[0]).toMatchObject({ status: "pass" });
  expect(git(repo, "status", "--porcelain")).toBe("");
  // A regenerate writes through the link too.
  expect((await exo(repo, "adapter-generate", "--force")).code).toBe(0);
  expect(lstatSync(join(repo, "CLAUDE.md")).isSymbolicLink()).toBe(true);
}, 60_000);

test("a CLAUDE.md that imports AGENTS.md (@AGENTS.md) gets no exo block of its own, and one added before the import is taken out by adapter-generate, which doctor asks for (before: Claude read both blocks, one saying EXO_ACTOR=agent:claude, the other agent:codex)", async () => {
  const repo = await tempRepo({ "AGENTS.md": "# Agents\n", "CLAUDE.md": "# Claude\n@AGENTS.md\n", "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect(readFileSync(join(repo, "CLAUDE.md"), "utf8")).toBe("# Claude\n@AGENTS.md\n");
  expect(readFileSync(join(repo, "AGENTS.md"), "utf8")).toContain("`agent:claude` under Claude Code, `agent:codex` under Codex");
  expect(envelope(await exo(repo, "doctor", "--section", "adapters")).data.sections[0]).toMatchObject({ status: "pass" });

  const later = await tempRepo({ "AGENTS.md": "# Agents\n", "CLAUDE.md": "# Claude\n", "src/a.ts": "export const a = 1;\n" });
  expect((await exo(later, "install")).code).toBe(0);
  execFileSync("sh", ["-c", "printf '@AGENTS.md\\n' >> CLAUDE.md && git commit -qam import"], { cwd: later });
  const doctor = envelope(await exo(later, "doctor", "--section", "adapters")).data.sections[0];
  expect(doctor).toMatchObject({ status: "warn", hint: "exo adapter-generate" });
  expect(doctor.message).toContain("claude stale");
  expect((await exo(later, "adapter-generate")).code).toBe(0);
  expect(readFileSync(join(later, "CLAUDE.md"), "utf8")).toBe("# Claude\n@AGENTS.md\n");
  expect(envelope(await exo(later, "doctor", "--section", "adapters")).data.sections[0]).toMatchObject({ status: "pass" });
}, 60_000);

test("exoprotocol a dependency, no exo on PATH: CLAUDE.md's commands and session-start's bootstrap say npx --no-install exo, and the bootstrap's finish line pasted there runs (before: `EXO_ACTOR=agent:claude exo session-finish …`, 'command not found'; the human output only)", async () => {
  const repo = await tempRepo({ "package.json": `${JSON.stringify({ name: "app", private: true, devDependencies: { exoprotocol: "^1.0.0" } }, null, 2)}\n`, ".gitignore": "node_modules\n", "src/a.ts": "export const a = 1;\n" });
  const { bin, path } = await npmInstalledExo(repo);
  const env = { PATH: path };
  const run = (...args: string[]) => runNode(bin, args, repo, { env });
  expect((await run("install", "--example")).code).toBe(0);
  const claude = readFileSync(join(repo, "CLAUDE.md"), "utf8");
  expect(claude).toContain("`EXO_ACTOR=agent:claude npx --no-install exo session-start --ticket-id '<ID>'`");
  expect(claude).not.toMatch(/`(EXO_ACTOR=\S+ )?exo /);
  expect((await run("next", "--owner", "agent:claude")).code).toBe(0);
  const started = await runNode(bin, ["session-start", "--ticket-id", "TICKET-001"], repo, { env: { ...env, EXO_ACTOR: "agent:claude" } });
  expect(started.code, started.stderr).toBe(0);
  const finish = /^- finish: `(.*)`$/m.exec(started.stdout)?.[1] ?? "";
  expect(finish).toBe(`EXO_ACTOR='agent:claude' npx --no-install exo session-finish --summary "…"`);
  expect(started.stdout).not.toMatch(/`(EXO_ACTOR=\S+ )?exo /);
  const out = execFileSync("sh", ["-c", finish.replace("…", "nothing yet") + " --set-status keep"], { cwd: repo, encoding: "utf8", env: { ...process.env, ...env } });
  expect(out).toMatch(/^finished SES-/);
}, 90_000);

test("taken out as docs/adoption.md says, a CLAUDE.md linked to AGENTS.md stays a link to AGENTS.md, which keeps the user's text only (before: sed -i wrote CLAUDE.md as a file of its own)", async () => {
  const repo = await tempRepo({ "AGENTS.md": "# Agents\nUse pnpm.\n", "src/a.ts": "export const a = 1;\n" });
  await symlink("AGENTS.md", join(repo, "CLAUDE.md"));
  git(repo, "add", "CLAUDE.md");
  git(repo, "commit", "-qm", "one file for every agent");
  expect((await exo(repo, "install")).code).toBe(0);
  runTakeOutRecipe(repo);
  expect(lstatSync(join(repo, "CLAUDE.md")).isSymbolicLink()).toBe(true);
  expect(readFileSync(join(repo, "AGENTS.md"), "utf8")).toBe("# Agents\nUse pnpm.\n\n");
  expect(git(repo, "status", "--porcelain")).toBe("");
}, 60_000);

test("exo fleet-drift --help names --by's default once and says repeatable once (before: 'Group by (repeatable; default all) (repeatable)')", async () => {
  const repo = await tempRepo();
  const help = (await exo(repo, "fleet-drift", "--help", { json: false })).stdout;
  expect(help).toMatch(/--by <actor\|vendor\|model>… +Group by \(default: actor, vendor and model\)\s+\(repeatable\)\n/);
  expect(help.match(/repeatable/g)).toHaveLength(1);
}, 30_000);

test("a CLAUDE.md linked to a file of the user's own (docs/AI.md) stays a link; install writes exo's block in that file and says it is left for them to commit, with the line that does (before: the link was replaced by a file of its own)", async () => {
  const repo = await tempRepo({ "docs/AI.md": "# AI\n" });
  await symlink("docs/AI.md", join(repo, "CLAUDE.md"));
  git(repo, "add", "CLAUDE.md");
  git(repo, "commit", "-qm", "link");
  const install = await exo(repo, "install", { json: false });
  expect(install.code).toBe(0);
  expect(lstatSync(join(repo, "CLAUDE.md")).isSymbolicLink()).toBe(true);
  expect(readFileSync(join(repo, "docs/AI.md"), "utf8")).toContain("<!-- exo:begin -->");
  expect(install.stdout).toContain("  left uncommitted (yours, linked from an instruction file): docs/AI.md\n");
  expect(install.stdout).toMatch(/1\. Commit docs\/AI\.md \(an instruction file links to it, so exo's block went in\s+there; it reaches teammates only through git\):\n\s+git add -- docs\/AI\.md && git commit -m "chore: exo setup"\n/);
  expect(git(repo, "status", "--porcelain")).toBe(" M docs/AI.md\n");
}, 60_000);

test("exo install in a lefthook repository whose configuration exo does not edit (lefthook.toml; a lefthook.yml gets exo's commands, new-user-45), lefthook's pre-commit in .git/hooks, says that lefthook install writes over exo's git hooks and that exo hook-install --harness git after it keeps both; pasted after a lefthook install, doctor passes and lefthook's hook still runs (before: not a word of lefthook, whose postinstall takes .git/hooks/pre-commit back at every npm install)", async () => {
  const repo = await tempRepo({ "lefthook.toml": "[pre-commit.commands.lint]\nrun = \"echo lint\"\n", "src/a.ts": "export const a = 1;\n" });
  const lefthook = "#!/bin/sh\n# lefthook's hook\necho lefthook ran >> .git/lefthook.log\n";
  writeFileSync(join(repo, ".git/hooks/pre-commit"), lefthook, { mode: 0o755 });
  const install = await exo(repo, "install", { json: false });
  expect(install.code).toBe(0);
  const step = /^ {2}1\. (Keep exo's git hooks with lefthook's: [\s\S]*?)\n {2}2\./m.exec(install.stdout)?.[1]?.replace(/\s+/g, " ") ?? "";
  expect(step).toBe("Keep exo's git hooks with lefthook's: lefthook install (npm install runs it) writes over them, so run exo hook-install --harness git after it (lefthook's hook is kept and runs first; exo doctor says when they are gone)");
  writeFileSync(join(repo, ".git/hooks/pre-commit"), lefthook, { mode: 0o755 });
  expect(envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0]).toMatchObject({ status: "warn" });
  pasted(repo, /run (exo hook-install --harness git) after it/.exec(step)?.[1] ?? "missing");
  expect(envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0]).toMatchObject({ status: "pass" });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 2;\n");
  git(repo, "commit", "-qam", "a change");
  expect(readFileSync(join(repo, ".git/lefthook.log"), "utf8")).toBe("lefthook ran\n");
  // Without lefthook, no such step.
  const plain = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(plain, "install", { json: false })).stdout).not.toContain("lefthook");
}, 60_000);

test("exo session-start --ticket-id with no value says to leave it out to start on your claim, and that hint run as printed starts the session on it (before: the hint --ticket-id \"…\", which failed pasted with TICKET_NOT_FOUND)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  const run = await exo(repo, "session-start", "--ticket-id", { json: false });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("error: exo session-start --ticket-id needs a value: the task to work on; leave it out to start on your own claim (exo next claims one). [USAGE_ERROR]\nhint: exo session-start\n");
  expect(pasted(repo, "exo session-start")).toMatch(/^# exo session SES-/);
}, 60_000);

test("exo ready at 60 columns with generated ids: a long id goes on a line of its own and each title keeps 24 columns, so 30 tasks named alike are told apart (before: every title clipped to 'task numbe…'); at 80 columns the rows are as before", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const intent = (envelope(await exo(repo, "intent-create", "goal", "--brain-dump", "why", "--scope-allow", "src/**")).data.ticket as { id: string }).id;
  for (const n of [1, 2, 3]) expect((await exo(repo, "ticket-create", `task number ${n} with a fairly long title`, "--parent", intent)).code).toBe(0);
  const narrow = (await exo(repo, "ready", { json: false, env: { COLUMNS: "60" } })).stdout;
  expect(narrow).toMatch(/^ {2}1\. +TKT-\S+\n +P3 +\S+ +task number \d with a fairly\b/m);
  for (const line of narrow.split("\n")) expect(line.length, line).toBeLessThanOrEqual(60);
  const wide = (await exo(repo, "ready", { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(wide).toMatch(/^ {2}1\. +TKT-\S+ {2}P3 {3}\S+ +task number \d with a fairly lon…$/m);
}, 60_000);

test("a malformed session id (export-traces --session-id SES-123, session-resume, over MCP too) is told the form of one and where the open ones are listed (before: 'not a valid session id' and --help, which says neither)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  for (const command of ["export-traces", "session-resume"]) {
    const run = await exo(repo, command, "--session-id", "SES-123", { json: false });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--session-id is not a valid session id (SES-, the date and time, then 6 characters: SES-20261207-221135-JZME50; exo session-scan lists the open ones), got "SES-123". [INVALID_INPUT]');
  }
  const client = await mcpClient(repo);
  const error = structured(await client.callTool({ name: "exo_export_traces", arguments: { session_id: ["SES-123"] } })).error;
  await client.close();
  expect(error?.message).toContain("is not a valid session id (SES-, the date and time, then 6 characters");
}, 60_000);
