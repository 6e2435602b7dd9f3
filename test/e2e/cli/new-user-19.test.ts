// A new user's first ten minutes, nineteenth pass: help as a JSON envelope under --format json,
// gc-locks fitting a narrow terminal, and the dead ends met on the way from a fresh repository to
// a finished session.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { runTakeOutRecipe } from "../../helpers/recipe.js";
import { DIST, envelope, exo, git, tempDir, tempRepo } from "../../helpers/repo.js";

const wide = (text: string, cols: number) => text.split("\n").filter((l) => [...l].length > cols);

test("help under --format json is one envelope: the command list, a command's options, a group, completion", async () => {
  const repo = await tempRepo();
  // Before: every one of these printed the text page, which `| jq` could not read.
  for (const args of [["help"], ["--help"]]) {
    const run = await exo(repo, ...args);
    expect(run.code).toBe(0);
    const env = envelope(run);
    expect(env.ok).toBe(true);
    expect(env.data.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(env.data.usage).toBe("exo [global options] <command> [options]");
    expect(env.data.commands).toContainEqual({ name: "session-finish", summary: expect.stringMatching(/^Finish the session/) });
    expect(env.data.global_options.map((o: { flag: string }) => o.flag)).toEqual(["--format", "--repo", "--actor", "--help", "--version"]);
  }
  for (const args of [["help", "session-finish"], ["session-finish", "--help"], ["help", "session", "finish"]]) {
    const env = envelope(await exo(repo, ...args));
    expect(env.data).toMatchObject({ command: "session-finish", usage: "exo session-finish --summary <text> [options]", mcp_tool: "exo_session_finish", read_only: false });
    expect(env.data.options).toContainEqual(expect.objectContaining({ flag: "--summary", required: true, kind: "string" }));
    expect(env.data.options).toContainEqual(expect.objectContaining({ flag: "--set-status", choices: ["review", "done", "keep"] }));
    expect(env.data.examples.length).toBeGreaterThan(0);
  }
  const create = envelope(await exo(repo, "help", "ticket-create")).data;
  expect(create.arguments).toEqual([expect.objectContaining({ name: "title", required: true })]);
  expect(create.options).toContainEqual(expect.objectContaining({ flag: "--scope-allow", repeatable: true, kind: "array" }));
  // A switch on by default names its --no- form.
  expect(envelope(await exo(repo, "help", "ledger-verify")).data.options).toContainEqual(expect.objectContaining({ flag: "--git", negated: "--no-git", default: true }));
  const group = envelope(await exo(repo, "ledger", "--help")).data;
  expect(group).toEqual({ group: "ledger", commands: [expect.objectContaining({ name: "ledger-verify", words: "ledger verify" }), expect.objectContaining({ name: "ledger-show", words: "ledger show" })] });
  expect(envelope(await exo(repo, "help", "ledger")).data).toEqual(group);
  expect(envelope(await exo(repo, "help", "completion")).data).toMatchObject({ command: "completion", usage: "exo completion bash|zsh|fish" });
  expect(envelope(await exo(repo, "completion", "--help")).data).toMatchObject({ command: "completion" });
  // An unknown name stays the usage error (exit 2), and human help stays the text page.
  const bad = await exo(repo, "help", "stauts");
  expect(bad.code).toBe(2);
  expect(envelope(bad).error).toMatchObject({ code: "USAGE_ERROR", hint: "exo help status" });
  expect((await exo(repo, "help", "status", { json: false })).stdout).toMatch(/^exo status: /);
});

test("gc-locks names its columns and, wider than the terminal, gives each lock as header-value pairs under its ticket", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next", "--actor", "human:alice@example.com")).code).toBe(0);
  const full = (await exo(repo, "gc-locks", "--dry-run", { json: false })).stdout;
  expect(full).toMatch(/^ {2}TICKET +STATE +OWNER +ACTION +EXPIRES$/m);
  expect(full).toMatch(/^ {2}TICKET-001 +held +human:alice@example\.com +kept +\d{4}-\d\d-\d\dT[\d:.]+Z$/m);
  for (const cols of [40, 60]) {
    const narrow = (await exo(repo, "gc-locks", "--dry-run", { json: false, env: { COLUMNS: String(cols) } })).stdout;
    // Before: `  TICKET-001  local  held  human:…  kept  2026-12-0…`, 58+ columns at 40 with the expiry cut.
    expect(wide(narrow, cols)).toEqual([]);
    expect(narrow).toMatch(/^ {2}ticket TICKET-001\n/m);
    expect(narrow).toMatch(/^ {4}expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/m);
    expect(narrow).toContain("owner human:alice@example.com");
  }
});

test("with no tickets yet, status names the command that starts work and brief offers no session-finish", async () => {
  const repo = await tempRepo();
  expect((await exo(repo, "install")).code).toBe(0);
  // Before: `next  nothing ready (exo ready says why)`, one more command to learn there are no tickets.
  expect((await exo(repo, "status", { json: false })).stdout).toMatch(/^next {8}no tickets yet \(exo intent-create "Goal" --brain-dump "…"\)$/m);
  // Before: commands `exo ready` and `exo session-finish --summary "…"`, with no session to finish.
  const brief = envelope(await exo(repo, "brief")).data.commands as string[];
  expect(brief).toEqual([envelope(await exo(repo, "ready")).data.next_command]);
  expect(brief[0]).toMatch(/^exo intent-create /);
  expect((await exo(repo, "brief", { json: false })).stdout).not.toContain("session-finish");
  // With work ready the brief still gives the whole round: start, next, finish.
  expect((await exo(repo, "intent-create", "Goal", "--brain-dump", "why", "--id", "INT-1")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "task", "--parent", "INT-1", "--id", "T-1")).code).toBe(0);
  expect(envelope(await exo(repo, "brief")).data.commands).toEqual(["exo session-start --ticket-id T-1", "exo next", 'exo session-finish --summary "…"']);
  expect((await exo(repo, "status", { json: false })).stdout).toMatch(/^next {8}T-1 "task" score \d+ \(exo next\)$/m);
});

test("a mistyped command with a mistyped option: the hint corrects both, so it runs as printed", async () => {
  const repo = await tempRepo();
  // Before: hint `exo session-finish --sumary 'first change'`, which failed again on the option.
  const run = await exo(repo, "sesion-finish", "--sumary", "first change", { json: false });
  expect(run.code).toBe(2);
  expect(run.stderr).toBe("error: Unknown command \"sesion-finish\"; did you mean session-finish? [USAGE_ERROR]\nhint: exo session-finish --summary 'first change'\n");
  expect(envelope(await exo(repo, "tikets", "--stauts=todo", "--all")).error?.hint).toBe("exo tickets --status=todo --all");
  // A value after `--` and an option with no close match are left as typed.
  expect(envelope(await exo(repo, "tikets", "--zzzzzz", "--", "--stauts")).error?.hint).toBe("exo tickets --zzzzzz -- --stauts");
});

test("the Taking exo out recipe leaves no empty folder exo made (.claude), and keeps one that holds the user's files", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n", ".cursor/.keep": "" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect(existsSync(join(repo, ".claude/settings.json"))).toBe(true);
  runTakeOutRecipe(repo);
  // Before: an empty .claude/ stayed behind.
  expect(existsSync(join(repo, ".claude"))).toBe(false);
  expect(existsSync(join(repo, ".cursor/.keep"))).toBe(true);
  expect(existsSync(join(repo, ".cursor/rules"))).toBe(false);
  expect(git(repo, "status", "--porcelain")).toBe("");
});

test("at 40 columns the quick start's own outputs fit: prose wraps, each command goes whole on a line of its own", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n", "package.json": '{"name":"x","scripts":{"test":"node -e 0"}}\n' });
  const env = { COLUMNS: "40" };
  // A line passes 40 only when it is one command (or one path) kept whole, to copy.
  // A command goes whole on a line of its own (exo's, and since new-user-23 finish's git commit line).
  const over = (text: string) => wide(text, 40).filter((l) => !/^ *(?:EXO_ACTOR=\S+ )?(?:exo|git) [a-z-]+ /.test(l) && /\S\s\S/.test(l.trim()));
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const ready = await exo(repo, "ready", { json: false, env });
  expect(over(ready.stdout)).toEqual([]);
  const next = await exo(repo, "next", "--owner", "your-name", { json: false, env });
  // Before: `  lock: owner your-name, fencing token 1, expires …` (74) and the score formula (72).
  expect(over(next.stdout)).toEqual([]);
  expect(next.stdout).toMatch(/\nnext:\n {2}exo session-start --ticket-id TICKET-001\n$/);
  const session = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session.id as string;
  const scan = (await exo(repo, "session-scan", { json: false, env })).stdout;
  // Before: the table ran to 86 columns.
  expect(wide(scan, 40)).toEqual([]);
  expect(scan).toContain(`session ${session}\n`);
  const decide = await exo(repo, "decide", "--path", "package.json", { json: false, env });
  expect(decide.code).toBe(1);
  expect(over(decide.stdout.split("\n").filter((l) => !l.includes("SES-")).join("\n"))).toEqual([]);
  // The denial's sentence is said once, on the error line (defects-23: it was on stdout too).
  expect(decide.stdout).not.toContain("exo blocked");
  expect(decide.stderr).toMatch(/^error: exo blocked write to package\.json: outside .* \[OUT_OF_SCOPE\]$/m);
  const suspend = (await exo(repo, "session-suspend", "--reason", "lunch", { json: false, env })).stdout;
  expect(suspend).toContain(`\nresume with:\n  exo session-resume --session-id ${session}\n`);
  expect(over(suspend)).toEqual([]);
  expect((await exo(repo, "session-resume")).code).toBe(0);
  writeFileSync(join(repo, "src/a.js"), "export const a = 1;\n");
  const finish = await exo(repo, "session-finish", "--summary", "first change", { json: false, env });
  expect(finish.code).toBe(0);
  expect(over(finish.stdout.split("\n").filter((l) => !l.includes(".exo/mementos/")).join("\n"))).toEqual([]);
  expect(finish.stdout).toMatch(/\nnext:\n {2}exo ticket-close TICKET-001 {3}# once the change is accepted\n$/);
  // At 80 columns the lines are as they were.
  expect((await exo(repo, "compose", { json: false })).stdout).toMatch(/^governance unchanged: lock v1 \([0-9a-f]+\) is valid\n$/);
  expect((await exo(repo, "compose", { json: false, env })).stdout).toMatch(/^governance unchanged: lock v1\n {2}\([0-9a-f]+\) is valid\n$/);
});

test("the instruction files tell an agent how to run a project-local exo, which puts no exo on its PATH", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  for (const file of ["CLAUDE.md", "AGENTS.md", ".cursor/rules/exo.mdc"]) {
    const text = readFileSync(join(repo, file), "utf8");
    // Before: only `npm install -g exoprotocol@…`, a global install for a project that had exo in node_modules.
    expect(text, file).toContain("`npx --no-install exo …` where the project has exoprotocol in its dependencies");
    expect(text, file).toMatch(/else install it with `npm install -g exoprotocol@\d+\.\d+\.\d+`/);
  }
  expect(envelope(await exo(repo, "adapter-generate", "--check")).ok).toBe(true);
});

test("--since yesterday (today, last week) is refused with the line typed and the date it means as the hint", async () => {
  const repo = await tempRepo();
  expect((await exo(repo, "install")).code).toBe(0);
  const env = { EXO_NOW: "2026-12-04T15:00:00.000Z" };
  for (const [word, date] of [["yesterday", "2026-12-03"], ["today", "2026-12-04"], ["last week", "2026-11-27"]] as const) {
    const run = await exo(repo, "ledger-show", "--since", word, { env });
    expect(run.code).toBe(2);
    // Before: hint `exo ledger-show --help`.
    expect(envelope(run).error).toMatchObject({ code: "INVALID_INPUT", hint: `exo --format json ledger-show --since ${date}` });
    expect(envelope(await exo(repo, "ledger-show", "--since", date, { env })).ok).toBe(true);
  }
  expect(envelope(await exo(repo, "metrics", "--since=yesterday", { env })).error?.hint).toBe("exo --format json metrics --since=2026-12-03");
});

test("doctor in the middle of the quick start passes: exo's own records of an open claim or session wait for its finish", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next", "--owner", "your-name")).code).toBe(0);
  const tracking = async () => envelope(await exo(repo, "doctor", "--section", "git_tracking")).data.sections[0];
  // Before: WARN "2 committed exo file(s) have uncommitted changes" with a git commit to run, mid quick start.
  expect(await tracking()).toMatchObject({ status: "pass", message: expect.stringMatching(/^work in progress: 2 exo record files are not committed yet \(.*\.exo\/tickets\/TICKET-001\.yaml\); exo session-finish commits them$/) });
  expect((await exo(repo, "doctor")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  expect((await tracking()).status).toBe("pass");
  writeFileSync(join(repo, "src/a.js"), "export const a = 1;\n");
  expect((await exo(repo, "session-finish", "--summary", "first change")).code).toBe(0);
  expect(await tracking()).toMatchObject({ status: "pass", message: "governance files are tracked and committed" });
  // With nothing open, exo files left uncommitted are still the warning with its commit line.
  expect((await exo(repo, "ticket-close", "TICKET-001")).code).toBe(0);
  expect(await tracking()).toMatchObject({ status: "warn", hint: 'git add -- .exo && git commit -m "chore(exo): governance state" -m "Exo-Generated: true" -- .exo' });
});

test("exo alone with a config.yaml that does not parse says so and points at config-validate, not at tasks waiting", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const file = join(repo, ".exo/config.yaml");
  writeFileSync(file, `${readFileSync(file, "utf8")}garbage: [\n`);
  const home = await exo(repo, { json: false });
  expect(home.code).toBe(0);
  // Before: "exo ready  1 task waits on others: see what for", and no word of the file.
  expect(home.stdout).not.toContain("wait");
  expect(home.stdout).toMatch(/^ {2}exo config-validate +\.exo\/config\.yaml has a problem: see where$/m);
  expect(home.stderr).toMatch(/^warning: \.exo\/config\.yaml:\d+:\d+: .*Until it is fixed, status cannot tell stale sessions or the next ticket\.\n$/);
  expect((await exo(repo, "config-validate", { json: false })).stdout).toContain(".exo/config.yaml:");
});

test("npm i -D the packed tarball, then npx: exo runs from node_modules, the launchers find it, and the instruction line works", { timeout: 180_000 }, async () => {
  const run = promisify(execFile);
  const work = await tempDir();
  const npmEnv = { ...process.env, npm_config_logs_dir: join(work, "npm-logs"), npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
  // The tarball of this checkout's build (--ignore-scripts: no second build).
  const root = join(DIST, "..");
  await run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", work], { cwd: root, env: npmEnv });
  const tgz = join(work, readdirSync(work).find((f) => f.endsWith(".tgz")) ?? "none.tgz");
  const repo = await tempRepo({
    "package.json": JSON.stringify({ name: "myapp", version: "0.1.0", type: "module", scripts: { test: "node --test test/" } }, null, 2),
    "src/math.js": "export const add = (a, b) => a + b;\n",
    "test/math.test.js": 'import { test } from "node:test";\nimport assert from "node:assert";\nimport { add } from "../src/math.js";\ntest("add", () => assert.equal(add(1, 2), 3));\n',
    "README.md": "# myapp\n",
    ".gitignore": "node_modules\n",
  });
  const args = ["install", "-D", tgz, "--no-audit", "--no-fund", "--loglevel", "error"];
  await run("npm", [...args, "--offline"], { cwd: repo, env: npmEnv, timeout: 120_000 }).catch(() => run("npm", [...args, "--prefer-offline"], { cwd: repo, env: npmEnv, timeout: 120_000 }));
  // No exo on PATH: only node, npm and git, as an agent's shell in this project has.
  const env = { ...npmEnv, PATH: [join(process.execPath, ".."), "/usr/bin", "/bin"].join(":"), NO_COLOR: "1" };
  const npx = (...words: string[]) => run("npx", ["--no-install", "exo", ...words], { cwd: repo, env }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
  expect((await npx()).stdout).toContain("exo is not set up here yet.");
  expect(JSON.parse((await npx("help", "next", "--format", "json")).stdout).data.command).toBe("next");
  const install = await npx("install", "--example");
  expect(install.code, install.stderr).toBe(0);
  // Before: step 1 was `exo next --owner your-name`, which this shell answers "command not found".
  expect(install.stdout).toMatch(/Next steps:\n {2}1\. exo is not on your PATH; this project's exo runs the commands below as:\n {5}npx --no-install exo <command> \(or install it/);
  // With an exo on PATH (a global install), no such step.
  const bin = join(work, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "exo"), "#!/bin/sh\n", { mode: 0o755 });
  const again = await run("npx", ["--no-install", "exo", "install", "--example"], { cwd: repo, env: { ...env, PATH: `${bin}:${env.PATH}` } });
  expect(again.stdout).not.toContain("not on your PATH");
  // exo commits its own files only: the user's package.json and lock file stay theirs to commit.
  expect(git(repo, "status", "--porcelain").split("\n").filter(Boolean).sort()).toEqual([" M package.json", "?? package-lock.json"]);
  // The line the instruction files give an agent runs here.
  expect(readFileSync(join(repo, "CLAUDE.md"), "utf8")).toContain("`npx --no-install exo …`");
  expect((await npx("next", "--owner", "agent:claude")).code).toBe(0);
  const start = await run("npx", ["--no-install", "exo", "session-start", "--ticket-id", "TICKET-001"], { cwd: repo, env: { ...env, EXO_ACTOR: "agent:claude" } });
  expect(start.stdout).toMatch(/^# exo session SES-/);
  // The committed launchers find the project's exo: the MCP server and the hook (an out-of-scope write is denied).
  expect((await run(process.execPath, [".exo/bin/exo-mcp.mjs", "--version"], { cwd: repo, env })).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  const hook = spawnHook(repo, env, { session_id: "c1", cwd: repo, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(repo, "package.json"), content: "{}" } });
  expect(JSON.parse((await hook).stdout).hookSpecificOutput).toMatchObject({ permissionDecision: "deny" });
  const finish = await run("npx", ["--no-install", "exo", "session-finish", "--summary", "nothing yet", "--set-status", "keep"], { cwd: repo, env: { ...env, EXO_ACTOR: "agent:claude" } });
  expect(finish.stdout).toMatch(/^finished SES-/);
});

function spawnHook(repo: string, env: NodeJS.ProcessEnv, payload: Record<string, unknown>): Promise<{ stdout: string }> {
  return new Promise((done, fail) => {
    const child = execFile(process.execPath, [".exo/bin/exo-hook.mjs", "claude", "PreToolUse"], { cwd: repo, env: { ...env, CLAUDE_PROJECT_DIR: repo } }, (error, stdout) => (error ? fail(new Error(error.message)) : done({ stdout })));
    child.stdin?.end(JSON.stringify({ transcript_path: join(repo, ".git", "t.jsonl"), permission_mode: "default", tool_use_id: "t1", ...payload }));
  });
}

test("a slip in a group's command names the one meant with the rest of the line; other tools' listing words get exo's", async () => {
  const repo = await tempRepo();
  // Before: "exo ticket has: create, update, close, show", hint `exo ticket create --help`.
  const slip = await exo(repo, "ticket", "shwo", "TICKET-001", { json: false });
  expect(slip.code).toBe(2);
  expect(slip.stderr).toBe("error: Unknown command exo ticket shwo; did you mean exo ticket show? [USAGE_ERROR]\nhint: exo ticket show TICKET-001\n");
  expect(envelope(await exo(repo, "session", "strat", "--ticket-id", "T-1")).error?.hint).toBe("exo session start --ticket-id T-1");
  expect(envelope(await exo(repo, "ledger", "nope")).error?.hint).toBe("exo ledger verify --help");
  // Before: "run exo --help for the list".
  for (const [word, meant] of [["sessions", "session-scan"], ["log", "ledger-show"], ["list", "tickets"]]) {
    expect(envelope(await exo(repo, word as string)).error).toMatchObject({ code: "USAGE_ERROR", message: `Unknown command "${word}"; did you mean ${meant}?`, hint: `exo ${meant}` });
  }
});

test("install's preflight says what it checked: not 'clean state' in a work tree with uncommitted changes", async () => {
  const repo = await tempRepo({ "package.json": "{}\n" });
  writeFileSync(join(repo, "package.json"), '{"devDependencies":{"exoprotocol":"^1.0.0"}}\n');
  const plan = envelope(await exo(repo, "install", "--dry-run")).data.steps[0];
  // Before: "git 2.x, clean state", with package.json modified.
  expect(plan).toMatchObject({ name: "preflight", status: "planned", message: expect.stringMatching(/^git \d+\.\d+, no merge or rebase in progress$/) });
});

test("exo check with no session and no required checks says where a ticket's checks are run from", async () => {
  const repo = await tempRepo({ "package.json": '{"name":"x","scripts":{"test":"node -e 0"}}\n' });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const bare = await exo(repo, "check", { json: false });
  expect(bare.code).toBe(0);
  // Before: "no checks to run", while TICKET-001 carries npm test.
  expect(bare.stdout).toBe("no checks to run: no session here, and the constitution requires none\na ticket's checks: exo check --ticket-id '<id>'\n");
  expect((await exo(repo, "check", "--ticket-id", "TICKET-001", { json: false })).stdout).toMatch(/^checks passed: 1 of 1 \(TICKET-001\)\n {2}✓ pass {2}npm test/);
});
