// A new user's first hours, twenty-second pass: flags typed the way other tools take them, and the
// team lead's checks after adoption.
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { envelope, exo, git, tempRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

test("several choices joined with a comma (--status todo,review, --harness claude,cursor): the message says so and the hint repeats the flag, and it runs", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  for (const [args, hint] of [
    [["tickets", "--status", "todo,review"], "exo tickets --status todo --status review"],
    [["tickets", "--status=todo, review", "--kind", "task"], "exo tickets --status todo --status review --kind task"],
    [["drift", "--skip", "features,requirements"], "exo drift --skip features --skip requirements"],
    [["install", "--harness", "claude,cursor", "--dry-run"], "exo install --harness claude --harness cursor --dry-run"],
  ] as const) {
    const r = await exo(repo, ...args, { json: false });
    expect(r.code, args.join(" ")).toBe(2);
    // Before: "must be one of …, got "todo,review"." and the hint was the command's --help.
    expect(r.stderr, args.join(" ")).toMatch(/; several values are given one at a time, not joined with commas\. \[INVALID_INPUT\]\nhint: (.+)\n$/);
    expect(/^hint: (.+)$/m.exec(r.stderr)?.[1]).toBe(hint);
    const pasted = await exo(repo, ...hint.split(" ").slice(1));
    expect(pasted.code, `${hint}: ${pasted.stdout}`).toBe(0);
  }
  // A comma list with a value outside the choices, or a flag that takes one value, is not split.
  expect((await exo(repo, "tickets", "--status", "todo,bogus", { json: false })).stderr).toMatch(/got "todo,bogus"\. \[INVALID_INPUT\]\nhint: exo tickets --help\n$/);
  expect((await exo(repo, "tickets", "--kind", "task,epic", { json: false })).stderr).toMatch(/got "task,epic"\. \[INVALID_INPUT\]\nhint: exo tickets --help\n$/);
  // Over MCP the same call names the argument (status) and says the values go in a list there, not
  // the CLI's "given one at a time" (new-user-25).
  const client = await mcpClient(repo);
  const viaMcp = structured(await client.callTool({ name: "exo_tickets", arguments: { status: "todo,review" } }));
  const viaCli = envelope(await exo(repo, "tickets", "--status", "todo,review"));
  expect(viaMcp.error?.code).toBe("INVALID_INPUT");
  expect(viaMcp.error?.message).toBe(viaCli.error?.message.replace("--status", "status").replace("several values are given one at a time, not joined with commas", 'several values go in a list (["todo","review"]), not one string joined with commas'));
});

test("exo ticket-close --ticket-id X (session-start's flag) is told the id is the argument, and the hint runs as printed", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  for (const [args, hint] of [
    [["ticket-show", "--ticket-id", "TICKET-001"], "exo ticket-show TICKET-001"],
    [["ticket-show", "--ticket", "TICKET-001"], "exo ticket-show TICKET-001"],
    [["ticket-update", "--ticket-id=TICKET-001", "--priority", "2"], "exo ticket-update TICKET-001 --priority 2"],
    [["ticket-close", "--ticket-id", "TICKET-001", "--status", "cancelled"], "exo ticket-close TICKET-001 --status cancelled"],
  ] as const) {
    const r = await exo(repo, ...args, { json: false });
    expect(r.code, args.join(" ")).toBe(2);
    // Before: "Unknown option --ticket-id for exo ticket-close; run exo ticket-close --help for its options."
    expect(r.stderr).toMatch(/^error: Unknown option --ticket(-id)? for exo ticket-\w+: the id is its argument, not an option \(exo ticket-\w+ <id>\)\. \[USAGE_ERROR\]\n/);
    expect(/^hint: (.+)$/m.exec(r.stderr)?.[1]).toBe(hint);
    const pasted = await exo(repo, ...hint.split(" ").slice(1));
    expect(pasted.code, `${hint}: ${pasted.stdout}`).toBe(0);
  }
});

test("instruction files with CRLF line ends (Windows, core.autocrlf) are fresh, not edited, and exo's block in a CRLF AGENTS.md is CRLF too", async () => {
  const repo = await tempRepo({ "AGENTS.md": "# Agents\r\n\r\nUse pnpm.\r\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  // Before: an LF block appended to the user's CRLF file (mixed line ends in the diff).
  const agents = readFileSync(join(repo, "AGENTS.md"), "utf8");
  expect(agents.startsWith("# Agents\r\n\r\nUse pnpm.\r\n\r\n<!-- exo:begin -->\r\n")).toBe(true);
  expect(agents.replaceAll("\r\n", "")).not.toContain("\n");
  // The checkout a Windows teammate gets: every line CRLF.
  for (const file of ["CLAUDE.md", ".cursor/rules/exo.mdc"]) {
    const path = join(repo, file);
    writeFileSync(path, readFileSync(path, "utf8").replaceAll("\n", "\r\n"));
  }
  // Before: "claude edited" from adapter-generate --check (exit 1) and doctor, and a rewrite to mixed line ends.
  const check = envelope(await exo(repo, "adapter-generate", "--check"));
  expect(check.ok, JSON.stringify(check.error)).toBe(true);
  expect(check.data.targets.map((t: { status: string }) => t.status)).toEqual(["fresh", "fresh", "fresh"]);
  const doctor = envelope(await exo(repo, "doctor", "--section", "adapters"));
  expect(doctor.data.sections[0].status).toBe("pass");
  const regen = envelope(await exo(repo, "adapter-generate"));
  expect(regen.data.targets.map((t: { status: string }) => t.status)).toEqual(["unchanged", "unchanged", "unchanged"]);
  expect(git(repo, "status", "--porcelain", "--", "AGENTS.md", ".exo/generated.json")).toBe("");
});

test("a settings file whose hooks.PreToolUse is an object, not a list: install refuses the hooks step naming the line, and the user's hook is not dropped", async () => {
  const settings = '{\n  "model": "opus",\n  "hooks": {\n    "PreToolUse": {"matcher": "Bash", "hooks": [{"type": "command", "command": "echo mine"}]}\n  }\n}\n';
  const repo = await tempRepo({ ".claude/settings.json": settings });
  const r = await exo(repo, "install", { json: false });
  // Before: exit 0, and "echo mine" gone from .claude/settings.json without a word.
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("FAILED     hooks: .claude/settings.json:4: hooks.PreToolUse is an object, not");
  expect(r.stderr).toMatch(/\[INSTALL_INCOMPLETE\]\nhint: "\$\{EDITOR:-vi\}" \+4 \.claude\/settings\.json && exo install\n$/);
  expect(readFileSync(join(repo, ".claude/settings.json"), "utf8")).toBe(settings);
  const hooks = envelope(await exo(repo, "hook-install", "--uninstall"));
  expect(hooks.error?.code).toBe("SETTINGS_INVALID");
  expect(hooks.error?.hint).toBe('"${EDITOR:-vi}" +4 .claude/settings.json && exo hook-install --uninstall');
  expect(hooks.error?.details).toMatchObject({ file: ".claude/settings.json", line: 4, path: "hooks.PreToolUse" });
  // Fixed as told (the entries put in a list), install runs and keeps the hook.
  writeFileSync(join(repo, ".claude/settings.json"), settings.replace('"PreToolUse": {', '"PreToolUse": [{').replace("}]}\n  }", "}]}]\n  }"));
  expect((await exo(repo, "install")).code).toBe(0);
  const merged = JSON.parse(readFileSync(join(repo, ".claude/settings.json"), "utf8"));
  expect(merged.model).toBe("opus");
  expect(JSON.stringify(merged.hooks.PreToolUse)).toContain("echo mine");
  expect(JSON.stringify(merged.hooks.PreToolUse)).toContain("exo-hook.mjs");
});

test(".mcp.json: mcpServers as a list is refused naming the line (the user's servers kept), and a UTF-8 BOM is read past", async () => {
  const listed = '{\n  "mcpServers": [{"name": "github", "command": "gh-mcp"}]\n}\n';
  const repo = await tempRepo({ ".mcp.json": listed });
  const r = await exo(repo, "install");
  // Before: exit 0 and the user's github server replaced by exo's entry without a word.
  expect(r.code).toBe(1);
  expect(envelope(r).error?.hint).toBe('"${EDITOR:-vi}" +2 .mcp.json && exo install');
  expect(envelope(r).error?.message).toContain(".mcp.json:2: mcpServers is a list, not an object of servers by name");
  expect(readFileSync(join(repo, ".mcp.json"), "utf8")).toBe(listed);
  // Notepad's UTF-8 (with a BOM). Before: ".mcp.json is not a JSON object" and install incomplete.
  const bom = await tempRepo({ ".mcp.json": '\uFEFF{"mcpServers": {"github": {"command": "gh-mcp"}}}\n' });
  const installed = await exo(bom, "install");
  expect(installed.code, installed.stdout).toBe(0);
  const servers = JSON.parse(readFileSync(join(bom, ".mcp.json"), "utf8")).mcpServers;
  expect(Object.keys(servers)).toEqual(["github", "exo"]);
});

test("exo --repo status (the folder left out): a usage error whose hint is the command typed, not the home screen of a folder named status", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  for (const [args, message, hint] of [
    [["--repo", "status"], "--repo needs a value before the command: a folder inside the git work tree, not the command status.", "exo status"],
    [["--actor", "tickets", "--status", "todo"], "--actor needs a value before the command: a name like human:alice or agent:claude, not the command tickets.", "exo tickets --status todo"],
  ] as const) {
    const r = await exo(repo, ...args, { json: false });
    // Before: exit 0 and "status is not an existing folder" (--repo), "Unknown option --status" (--actor).
    expect(r.code, args.join(" ")).toBe(2);
    expect(r.stderr).toBe(`error: ${message} [USAGE_ERROR]\nhint: ${hint}\n`);
    const pasted = await exo(repo, ...hint.split(" ").slice(1));
    expect(pasted.code, hint).toBe(0);
  }
  expect(envelope(await exo(repo, "--repo", "status")).error?.hint).toBe("exo --format json status");
  // A folder of that name is a folder: taken as the repository, as before.
  expect((await exo(repo, "--repo", ".", "status")).code).toBe(0);
});

test("in a bare repository (a server's): exo says so and hints a clone, not git init; inside .git, exo alone points at the work tree", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  const outside = realpathSync(mkdtempSync(join(tmpdir(), "exo-bare-")));
  onTestFinished(() => rmSync(outside, { recursive: true, force: true }));
  const bare = `${outside}/server.git`;
  git(outside, "init", "--quiet", "--bare", bare);
  const r = await exo(bare, "install", { json: false });
  expect(r.code).toBe(2);
  // Before: "is not inside a git work tree … hint: git init" (which changes nothing in a bare repository).
  expect(r.stderr).toBe(`error: ${bare} is a bare git repository, with no work tree; run exo in a clone of it. [NOT_A_GIT_REPO]\nhint: git clone ${bare} ${outside}/server\n`);
  const home = await exo(bare, { json: false });
  expect(home.code).toBe(0);
  expect(home.stdout).toMatch(/\nNext:\n {2}git clone \S+\/server\.git \S+\/server\s+a work tree to run exo in\n/);
  // Before: "git init && exo install" inside .git as well.
  const inGit = await exo(join(repo, ".git"), { json: false });
  expect(inGit.stdout).toMatch(/\nNext:\n {2}cd \S+\s+a work tree to run exo in\n/);
  expect(inGit.stdout).not.toContain("git init");
});

test("exo dashboard --serve on a port already in use exits with its IO_ERROR, instead of printing it and hanging", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", () => resolve()));
  onTestFinished(() => new Promise<void>((resolve) => busy.close(() => resolve())));
  const port = String((busy.address() as AddressInfo).port);
  const started = Date.now();
  const r = await exo(repo, "dashboard", "--serve", "--port", port, { json: false });
  // Before: the error was printed and the process stayed up until killed.
  expect(r.code).toBe(1);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(r.stderr).toBe(`error: Port ${port} on 127.0.0.1 is in use; pick another with --port (0 picks a free one). [IO_ERROR]\nhint: exo dashboard --serve --port 0\n`);
}, 20_000);

test("an agent's suspend prints the resume line as that agent, so the person pasting it resumes the agent's session", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const env = { EXO_ACTOR: "agent:codex" };
  expect((await exo(repo, "session-start", "--dispatch", { env })).code).toBe(0);
  const suspended = await exo(repo, "session-suspend", "--reason", "lunch", { json: false, env });
  const line = /^resume with:\s+(.+)$/m.exec(suspended.stdout)?.[1] ?? "";
  // Before: `exo session-resume --session-id SES-…`, refused in the person's shell as "belongs to agent:codex".
  expect(line).toMatch(/^EXO_ACTOR=agent:codex exo session-resume --session-id SES-\S+$/);
  const [assignment, ...rest] = line.split(" ");
  const resumed = await exo(repo, ...rest.slice(1), { env: { EXO_ACTOR: assignment?.slice("EXO_ACTOR=".length) } });
  expect(resumed.code, resumed.stdout).toBe(0);
});

test("ticket-create with two problems names both in its one line, not '(and 1 more)'", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const r = await exo(repo, "ticket-create", "y", "--parent", "INT-404", "--check", "npm test", { json: false });
  expect(r.code).toBe(2);
  // Before: "parent INT-404 does not exist (and 1 more)." and the check refused only on the next try.
  expect(r.stderr).toMatch(/^error: parent INT-404 does not exist \(also: check "npm test" is not in checks\.allowlist\)\. \[TICKET_NOT_FOUND\]\n/);
});
