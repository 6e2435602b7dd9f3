// A new user's first hours and a small team's first day, forty-fifth pass: in a lefthook repository
// exo install adds an exo command under pre-commit and prepare-commit-msg to lefthook.yml (committed
// with exo's files) and leaves lefthook's hook in .git/hooks, so a lefthook install no longer takes
// exo's checks away, and doctor and session-start count lefthook's hook with exo's entry installed;
// the bootstrap the SessionStart hook hands the agent says npx --no-install exo in a project with
// exoprotocol as a dependency and no exo on the agent's PATH; doctor's git_tracking follows a
// CLAUDE.md link to the user's own file (docs/AI.md) and names it while exo's block there is uncommitted.
import { symlink } from "node:fs/promises";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, npmInstalledExo, pasted, runNode, tempRepo } from "../../helpers/repo.js";
import { fixture, hook } from "../../helpers/hooks.js";

// A stand-in for lefthook's hook: each `run:` line of lefthook.yml under this hook's name, {0} the hook's arguments.
const FAKE_LEFTHOOK = `const [hook, ...args] = process.argv.slice(2);
let current = null;
for (const line of require("node:fs").readFileSync("lefthook.yml", "utf8").split("\\n")) {
  const top = /^([^\\s#][^:]*):/.exec(line);
  if (top) current = top[1];
  const run = /^\\s+run: (.*)$/.exec(line);
  if (run && current === hook) require("node:child_process").execSync(run[1].replace("{0}", args.join(" ")), { stdio: "inherit", shell: "/bin/sh" });
}
`;
const LEFTHOOK_HOOK = '#!/bin/sh\n# lefthook (stand-in)\nnode .git/fake-lefthook.cjs "${0##*/}" "$@"\n';

test("lefthook: exo install adds an exo command under pre-commit and prepare-commit-msg to lefthook.yml, commits it with exo's files and leaves lefthook's hook in place; after a lefthook install doctor passes, session-start leaves lefthook's hook, and a session's commit run by lefthook alone carries its Exo-Session trailer (before: no entry there, lefthook's hook moved aside, and each lefthook install took .git/hooks back: doctor failed)", async () => {
  const repo = await tempRepo({ "lefthook.yml": "# the team's hooks\npre-commit:\n  commands:\n    lint:\n      run: echo lint >> .git/lefthook.log\n", "src/a.ts": "export const a = 1;\n" });
  writeFileSync(join(repo, ".git/fake-lefthook.cjs"), FAKE_LEFTHOOK);
  const lefthookInstall = (...names: string[]) => names.forEach((n) => writeFileSync(join(repo, ".git/hooks", n), LEFTHOOK_HOOK, { mode: 0o755 }));
  lefthookInstall("pre-commit");
  const install = await exo(repo, "install", "--example", { json: false });
  expect(install.code, install.stderr).toBe(0);
  expect(install.stdout.replace(/\s+/g, " ")).toContain("lefthook runs exo's git hooks: lefthook.yml has an exo command under pre-commit and prepare-commit-msg, which lefthook install (npm install runs it) keeps; exo doctor says when they are gone");
  expect(install.stdout).not.toContain("run exo hook-install --harness git after it");
  const config = readFileSync(join(repo, "lefthook.yml"), "utf8");
  expect(config).toContain("# the team's hooks\npre-commit:\n  commands:\n    lint:\n      run: echo lint >> .git/lefthook.log\n    exo:\n");
  expect(config).toContain('      run: node "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" git pre-commit {0}\n');
  expect(config).toContain('prepare-commit-msg:\n  commands:\n    exo:\n      run: node "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" git prepare-commit-msg {0}\n');
  expect(git(repo, "status", "--porcelain")).toBe("");
  expect(readFileSync(join(repo, ".git/hooks/pre-commit"), "utf8")).toBe(LEFTHOOK_HOOK);
  expect(existsSync(join(repo, ".git/hooks/pre-commit.pre-exo"))).toBe(false);
  // A teammate's npm install runs lefthook install: both hooks lefthook's now.
  lefthookInstall("pre-commit", "prepare-commit-msg");
  expect(envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0]).toMatchObject({ status: "pass" });
  expect((await exo(repo, "next")).code).toBe(0);
  const started = await exo(repo, "session-start", "--ticket-id", "TICKET-001");
  expect(started.code, started.stderr).toBe(0);
  expect(readFileSync(join(repo, ".git/hooks/pre-commit"), "utf8")).toBe(LEFTHOOK_HOOK);
  writeFileSync(join(repo, "src/a.ts"), "export const a = 2;\n");
  git(repo, "commit", "-qam", "a change");
  expect(git(repo, "log", "-1", "--format=%B")).toMatch(/^Exo-Session: SES-/m);
  expect(readFileSync(join(repo, ".git/lefthook.log"), "utf8")).toBe("lint\n");
  // Taken out again: lefthook.yml keeps the team's commands only.
  expect((await exo(repo, "hook-install", "--harness", "git", "--uninstall")).code).toBe(0);
  expect(readFileSync(join(repo, "lefthook.yml"), "utf8")).toBe("# the team's hooks\npre-commit:\n  commands:\n    lint:\n      run: echo lint >> .git/lefthook.log\n");
}, 90_000);

test("exoprotocol a dependency, no exo on the agent's PATH: the bootstrap the SessionStart hook hands Claude Code says npx --no-install exo in its commands, and its finish line pasted runs (before: `EXO_ACTOR='agent:claude' exo session-finish …`, 'exo: command not found'; only the CLI's human output said npx)", async () => {
  const repo = await tempRepo({ "package.json": `${JSON.stringify({ name: "app", private: true, devDependencies: { exoprotocol: "^1.0.0" } }, null, 2)}\n`, ".gitignore": "node_modules\n", "src/a.ts": "export const a = 1;\n" });
  const { bin, path } = await npmInstalledExo(repo);
  expect((await runNode(bin, ["install", "--example"], repo, { env: { PATH: path } })).code).toBe(0);
  expect((await runNode(bin, ["next", "--owner", "agent:claude"], repo, { env: { PATH: path } })).code).toBe(0);
  // The agent's shell: its PATH has no node_modules/.bin (npx adds it only to what it runs).
  const started = await hook(repo, "claude", "SessionStart", await fixture("claude-sessionstart.json", repo), { EXO_ACTOR: "agent:claude" });
  expect(started.code, started.stderr).toBe(0);
  const context = String((JSON.parse(started.stdout) as { hookSpecificOutput: { additionalContext: string } }).hookSpecificOutput.additionalContext);
  const finish = /^- finish: `(.*)`$/m.exec(context)?.[1] ?? "";
  expect(finish).toBe(`EXO_ACTOR='agent:claude' npx --no-install exo session-finish --summary "…"`);
  expect(context).not.toMatch(/`(EXO_ACTOR=\S+ )?exo /);
  const out = execFileSync("sh", ["-c", finish.replace("…", "nothing yet") + " --set-status keep"], { cwd: repo, encoding: "utf8", env: { ...process.env, PATH: process.env["PATH"] ?? "" } });
  expect(out).toMatch(/^finished SES-/);
}, 90_000);

test("a CLAUDE.md linked to a file of the user's own (docs/AI.md), left uncommitted by install: doctor's git_tracking follows the link and names docs/AI.md, and its hint pasted makes it pass (before: pass, since CLAUDE.md itself, a link, was unchanged; only install's next step said it)", async () => {
  const repo = await tempRepo({ "docs/AI.md": "# AI\n" });
  await symlink("docs/AI.md", join(repo, "CLAUDE.md"));
  git(repo, "add", "CLAUDE.md");
  git(repo, "commit", "-qm", "link");
  expect((await exo(repo, "install")).code).toBe(0);
  const tracking = envelope(await exo(repo, "doctor", "--section", "git_tracking")).data.sections[0];
  expect(tracking).toMatchObject({ status: "warn", details: { agent_files: ["docs/AI.md"] } });
  expect(tracking.message).toContain("not committed: docs/AI.md");
  pasted(repo, tracking.hint as string);
  expect(envelope(await exo(repo, "doctor", "--section", "git_tracking")).data.sections[0]).toMatchObject({ status: "pass" });
}, 60_000);
