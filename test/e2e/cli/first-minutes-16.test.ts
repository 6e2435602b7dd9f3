// A demanding new user's first ten minutes, sixteenth pass: every refusal names what to do with a
// line that runs, and human output fits the terminal it is printed on.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { jsonProblem } from "../../../src/kernel/json-where.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { runTakeOutRecipe } from "../../helpers/recipe.js";
import { envelope, exo, git, tempRepo } from "../../helpers/repo.js";

const wide = (text: string, cols: number) => text.split("\n").filter((l) => [...l].length > cols);

test("a harness settings file with a trailing comma: install names line and column, and its only next step opens the file there and reruns install", async () => {
  const repo = await tempRepo({ ".claude/settings.json": '{\n  "permissions": {\n    "allow": ["Bash(ls)",]\n  }\n}\n', "app.py": "print(1)\n" });
  const run = envelope(await exo(repo, "install"));
  expect(run.error?.code).toBe("INSTALL_INCOMPLETE");
  // Before: ".claude/settings.json is not valid JSON; fix it", then "Create work", "Start a session"
  // and "restart your agent" as if exo governed the repository.
  expect(run.error?.message).toContain('.claude/settings.json line 3, column 26: a trailing comma before "]" (JSON allows none)');
  expect(run.error?.hint).toBe('"${EDITOR:-vi}" +3 .claude/settings.json && exo install');
  expect(run.data.next_steps).toHaveLength(1);
  expect(run.data.next_steps[0]).toMatch(/: "\$\{EDITOR:-vi\}" \+3 \.claude\/settings\.json && exo install$/);
  // The file is left as it was; the hint works once the comma is gone (EDITOR=true stands in for the fix).
  writeFileSync(join(repo, ".claude/settings.json"), '{ "permissions": { "allow": ["Bash(ls)"] } }\n');
  expect(envelope(await exo(repo, "install")).ok).toBe(true);
  // hook-install and doctor say the same of a file broken later.
  writeFileSync(join(repo, ".claude/settings.json"), '{"a": 1');
  const hooks = envelope(await exo(repo, "hook-install"));
  expect(hooks.error?.code).toBe("SETTINGS_INVALID");
  expect(hooks.error?.message).toContain('.claude/settings.json line 1, column 8: the file ends; "," or "}" expected');
  expect(hooks.error?.hint).toBe('"${EDITOR:-vi}" +1 .claude/settings.json && exo hook-install');
  const doctor = envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0];
  expect(doctor.hint).toBe('"${EDITOR:-vi}" +1 .claude/settings.json && exo hook-install');
});

test("human output honours $COLUMNS from 40 to 80: install, its next steps and the home view fit a 50-column terminal", async () => {
  const repo = await tempRepo({ "package.json": JSON.stringify({ name: "shop", scripts: { test: "node -e 0" } }), ".cursor/rules/team.mdc": "be nice\n" });
  const run = await exo(repo, "install", { json: false, env: { COLUMNS: "50" } });
  expect(run.code).toBe(0);
  const [summary = "", steps = ""] = run.stdout.split("\nNext steps:\n");
  // Before: 80 columns whatever the terminal.
  expect(wide(summary, 50)).toEqual([]);
  // Only a command longer than a line passes the width, alone on its line.
  for (const line of wide(steps, 50)) expect(line).toMatch(/^ {5}(exo|git) /);
  const home = await exo(repo, { json: false, env: { COLUMNS: "50" } });
  expect(wide(home.stdout, 50)).toEqual([]);
  // Narrower than 40 is taken as 40; nonsense as 80.
  expect(wide((await exo(repo, "install", "--dry-run", { json: false, env: { COLUMNS: "20" } })).stdout, 40)).toEqual([]);
  expect(wide((await exo(repo, "install", "--dry-run", { json: false, env: { COLUMNS: "wide" } })).stdout, 80)).toEqual([]);
  expect(git(repo, "status", "--porcelain")).toBe("");
  expect(readFileSync(join(repo, ".cursor/rules/team.mdc"), "utf8")).toBe("be nice\n");
});

test("words typed where an option goes land in that option in the hint, which runs as printed", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const cases: [string[], string][] = [
    // Before: `exo session-finish 'first change' --summary "…"`, which failed again.
    [["session-finish", "first change"], "exo session-finish --summary 'first change'"],
    [["intent-create", "auth", "email login"], "exo intent-create auth --brain-dump 'email login'"],
    [["reflect", "always run tests"], `exo reflect --pattern 'always run tests' --insight "…"`],
    [["session-handoff", "agent:bob"], `exo session-handoff --to agent:bob --summary "…"`],
    // Before: `exo next --help`.
    [["next", "alice"], "exo next --owner alice"],
    [["ticket-update", "TICKET-001", "review"], "exo ticket-update TICKET-001 --status review"],
    [["ticket-create", "Fix login", "the form answers 500"], "exo ticket-create 'Fix login' --description 'the form answers 500'"],
  ];
  for (const [argv, hint] of cases) {
    const run = envelope(await exo(repo, ...argv));
    expect(run.error?.code).toBe("USAGE_ERROR");
    expect(run.error?.hint).toBe(hint);
  }
  expect(envelope(await exo(repo, "next", "alice")).error?.message).toBe("exo next takes no arguments; did you mean --owner alice?");
  const claimed = envelope(await exo(repo, ...(envelope(await exo(repo, "next", "alice")).error?.hint ?? "").split(" ").slice(1)));
  expect(claimed.data.ticket.owner ?? claimed.data.ticket).toBeTruthy();
  expect(envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.status).toBe("active");
});

test("--since 7d (or 7, 2 weeks, 12h) is refused with the line typed and the date it means; a bare 7 is no longer the year 2001", async () => {
  const repo = await tempRepo();
  expect((await exo(repo, "install")).code).toBe(0);
  const env = { EXO_NOW: "2026-12-04T10:00:00.000Z" };
  const cases: [string, string][] = [["7d", "2026-11-27"], ["7", "2026-11-27"], ["2 weeks", "2026-11-20"], ["12h", "2026-12-03T22:00:00Z"]];
  for (const [value, date] of cases) {
    const run = envelope(await exo(repo, "metrics", "--since", value, { env }));
    expect(run.error?.code).toBe("INVALID_INPUT");
    expect(run.error?.hint).toBe(`exo --format json metrics --since ${date}`);
  }
  expect(envelope(await exo(repo, "ledger-show", "--since=3d", { env })).error?.hint).toBe("exo --format json ledger-show --since=2026-12-01");
  // Before: `--since 7` passed as 2001-07-01 and metrics printed 1,300 weeks of throughput.
  expect(envelope(await exo(repo, "metrics", "--since", "2026-11-27", { env })).ok).toBe(true);
});

test("exo uninstall says how exo comes out, and the recipe in docs/adoption.md takes out every harness and keeps the user's own", async () => {
  const repo = await tempRepo({
    "src/a.py": "x = 1\n",
    ".cursor/.keep": "",
    ".codex/.keep": "",
    ".windsurf/.keep": "",
    ".mcp.json": JSON.stringify({ mcpServers: { other: { command: "x" } } }),
    "CLAUDE.md": "# ours\n",
  });
  expect((await exo(repo, "install", "--harness", "claude", "--harness", "cursor", "--harness", "codex", "--harness", "windsurf", "--harness", "git")).code).toBe(0);
  // Before: .windsurf/hooks.json was left out of install's commit, and exo's own pre-commit hook then refused the person's commit of it.
  expect(git(repo, "status", "--porcelain")).toBe("");
  expect((await exo(repo, "adapter-generate", "--target", "copilot", "--target", "gemini")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "exo instructions");
  const asked = envelope(await exo(repo, "uninstall"));
  // Before: "did you mean install?"
  expect(asked.error?.message).toContain('the recipe "Taking exo out" in docs/adoption.md');
  expect(asked.error?.hint).toBe("exo hook-install --uninstall");
  runTakeOutRecipe(repo);
  expect(git(repo, "status", "--porcelain")).toBe("");
  expect(git(repo, "ls-files").split("\n").filter(Boolean).sort()).toEqual([".codex/.keep", ".cursor/.keep", ".mcp.json", ".windsurf/.keep", "CLAUDE.md", "src/a.py"]);
  expect(readFileSync(join(repo, "CLAUDE.md"), "utf8").trim()).toBe("# ours");
  expect(JSON.parse(readFileSync(join(repo, ".mcp.json"), "utf8"))).toEqual({ mcpServers: { other: { command: "x" } } });
  expect(git(repo, "log", "-1", "--format=%s").trim()).toBe("chore: remove exo");
});

test("install's scan does not count exo's own files as project code: a rerun in a two-file Python repository still says python", async () => {
  const repo = await tempRepo({ "app.py": "print(1)\n" });
  expect(envelope(await exo(repo, "install")).data.scan.languages).toEqual(["python"]);
  // Before: the two committed launchers (.exo/bin/*.mjs) outnumbered app.py and the rerun said node.
  const again = envelope(await exo(repo, "install", "--dry-run"));
  expect(again.data.scan.languages).toEqual(["python"]);
  expect(again.data.scan.budgets).toEqual({ max_files: 15, max_loc: 500 });
});

test("a task given as --parent of a task: the message names the intent or epic meant and the hint is the line typed with it", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  // Before: hint `exo intents`, and the id had to be found there.
  const run = envelope(await exo(repo, "ticket-create", "second task", "--parent", "TICKET-001", "--priority", "2"));
  expect(run.error?.code).toBe("INVALID_PARENT");
  expect(run.error?.message).toMatch(/TICKET-001 is a task; did you mean its parent (INT-[\w-]+)\?/);
  const intent = /its parent (INT-[\w-]+)/.exec(run.error?.message ?? "")?.[1] ?? "";
  expect(run.error?.hint).toBe(`exo --format json ticket-create 'second task' --parent ${intent} --priority 2`);
  const again = envelope(await exo(repo, "ticket-create", "second task", "--parent", intent, "--priority", "2"));
  expect(again.data.ticket.parent).toBe(intent);
  expect(envelope(await exo(repo, "ticket-update", again.data.ticket.id, "--parent", "TICKET-001")).error?.hint).toBe(`exo --format json ticket-update ${again.data.ticket.id} --parent ${intent}`);
});

test("a constitution rule with a slip in an action or a key names the one meant", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const file = join(repo, ".exo/constitution.yaml");
  const original = readFileSync(file, "utf8");
  writeFileSync(file, original.replace("actions: [read, write, delete]", "actions: [read, writ, delete]"));
  // Before: `unknown action "writ"; use read, write or delete`.
  expect(envelope(await exo(repo, "compose")).error?.message).toContain('unknown action "writ": did you mean write? (actions are read, write and delete)');
  writeFileSync(file, original.replace("actions: [read, write, delete]", "action: [read, write, delete]"));
  expect(envelope(await exo(repo, "compose")).error?.message).toContain("key action does not apply to filesystem_deny; did you mean actions?");
});

test("a second git work tree keeps its own ticket receipts: updates in both trees are no 'changed outside exo', a hand edit still is", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const other = `${repo}-feature`;
  git(repo, "worktree", "add", "-q", other, "-b", "feature");
  for (const p of [1, 2, 3, 4]) {
    expect((await exo(other, "ticket-update", "TICKET-001", "--priority", String(p))).code).toBe(0);
    expect((await exo(repo, "ticket-update", "TICKET-001", "--priority", String(5 - p))).code).toBe(0);
  }
  // Before: the trees shared one receipt per ticket, and the main tree's next doctor failed integrity.
  for (const tree of [repo, other]) {
    const section = envelope(await exo(tree, "doctor", "--section", "integrity")).data.sections[0];
    expect(section.status).toBe("pass");
  }
  const file = join(other, ".exo/tickets/TICKET-001.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("priority: 4", "priority: 1"));
  expect(envelope(await exo(other, "doctor", "--section", "integrity")).data.sections[0].status).toBe("fail");
  expect(envelope(await exo(repo, "doctor", "--section", "integrity")).data.sections[0].status).toBe("pass");
});

test("--out - is refused with what to do, instead of writing a file named -", async () => {
  const repo = await tempRepo();
  expect((await exo(repo, "install")).code).toBe(0);
  for (const argv of [["export-traces", "--out", "-"], ["dashboard", "--out=-"]]) {
    const run = envelope(await exo(repo, ...argv));
    expect(run.error?.code).toBe("INVALID_INPUT");
    expect(run.error?.message).toContain("- is not stdout here (it would make a file named -): name a file");
  }
  expect(readdirSync(repo)).not.toContain("-");
});

test("over MCP Claude Code acts as agent:claude, the actor its instructions give the CLI: a session started with the CLI finishes over MCP", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next", "--owner", "agent:claude")).code).toBe(0);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: { EXO_ACTOR: "agent:claude" } })).ok).toBe(true);
  writeFileSync(join(repo, "src/a.js"), "export const a = 1;\n");
  const client = await mcpClient(repo, { name: "claude-code" });
  // Before: the call acted as agent:mcp and got NO_ACTIVE_SESSION.
  const finished = structured(await client.callTool({ name: "exo_session_finish", arguments: { summary: "a" } }));
  expect(finished.error?.code).toBeUndefined();
  expect(finished.data.outcome).toBe("finished");
  // A client exo does not know stays agent:mcp.
  const other = await mcpClient(repo);
  expect(structured(await other.callTool({ name: "exo_session_finish", arguments: { summary: "a" } })).error?.code).toBe("NO_ACTIVE_SESSION");
});

test("jsonProblem places the first syntax error where an editor shows it, and passes what JSON.parse takes", () => {
  expect(jsonProblem('{"a": [1, 2], "b": {"c": null, "d": "x\\"y"}, "e": -1.5e3}')).toBeNull();
  expect(jsonProblem("\uFEFF{}")).toBeNull();
  expect(jsonProblem("[]")).toBeNull();
  expect(jsonProblem('{"a": 1,}')).toEqual({ line: 1, column: 9, reason: 'a trailing comma before "}" (JSON allows none)' });
  expect(jsonProblem('{\n  "a": 1\n  "b": 2\n}')).toEqual({ line: 3, column: 3, reason: 'unexpected "\\""; "," or "}" expected' });
  expect(jsonProblem("{a: 1}")).toEqual({ line: 1, column: 2, reason: 'unexpected "a"; a "quoted" key expected' });
  expect(jsonProblem('{"a": }')?.reason).toBe('unexpected "}"; a value expected');
  expect(jsonProblem("{} x")?.reason).toBe('unexpected "x"; the end of the file expected');
  expect(jsonProblem('{"a": "b')?.reason).toBe('the file ends; a closing " expected');
});

test("a check typed with a slip names the allowlisted one meant, and the hint is the line typed with it", async () => {
  const repo = await tempRepo({ "package.json": JSON.stringify({ name: "shop", scripts: { test: "node -e 0" } }), "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  // Before: hint "add the command to checks.allowlist in .exo/config.yaml, then exo compose".
  const run = envelope(await exo(repo, "ticket-update", "TICKET-001", "--check", "npm run tset"));
  expect(run.error?.code).toBe("CHECK_NOT_ALLOWED");
  expect(run.error?.message).toBe('check "npm run tset" is not in checks.allowlist; did you mean "npm test"?');
  expect(run.error?.hint).toBe("exo --format json ticket-update TICKET-001 --check 'npm test'");
  expect(envelope(await exo(repo, "ticket-update", "TICKET-001", "--check", "npm test")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-update", "TICKET-001", "--check", "make all")).error?.hint).toBe("add the command to checks.allowlist in .exo/config.yaml, then exo compose");
});

test("status on a claim with no session fits the terminal: the start command has a line of its own", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  const run = await exo(repo, "status", { json: false, env: { COLUMNS: "60" } });
  // Before: one 93-column line.
  // (The sentence wraps under itself at 60 columns since round 39; the command stays whole.)
  expect(run.stdout.replace(/\n {12}(?! )/g, " ")).toContain("next        nothing ready; TICKET-001 is claimed with no session:\n              exo session-start --ticket-id TICKET-001\n");
  expect(wide(run.stdout, 60)).toEqual([]);
});

test("a mistyped --parent close to the ticket being updated: no 'did you mean' naming that ticket as its own parent (before: 'did you mean TICKET-001?', hint exo ticket-update TICKET-001 --parent TICKET-001); a mistyped id alone still gets it", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const run = envelope(await exo(repo, "ticket-update", "TICKET-001", "--parent", "TICKT-001"));
  expect(run.error?.code).toBe("TICKET_NOT_FOUND");
  expect(run.error?.message).not.toContain("did you mean");
  expect(run.error?.hint).not.toContain("--parent TICKET-001");
  expect(envelope(await exo(repo, "ticket-show", "TICKT-001")).error?.details).toMatchObject({ typed: "TICKT-001", meant: "TICKET-001" });
});
