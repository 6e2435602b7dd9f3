// A new user's first ten minutes, twentieth pass: three people installing the packed exo (Claude
// Code from the README's quick start, Codex from AGENTS.md and its hooks, Cursor with a
// .cursorrules of their own) and the mistakes they make on the way.
import { execFile, execSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";
import { decision, fixture } from "../../helpers/hooks.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { DIST, envelope, exo, exoOnPath, git, tempDir, tempRepo } from "../../helpers/repo.js";

const run = promisify(execFile);
const work = realpathSync(mkdtempSync(join(tmpdir(), "exo-new20-")));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const npmEnv = { ...process.env, npm_config_logs_dir: join(work, "npm-logs"), npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" } as Record<string, string>;
delete npmEnv["npm_config_prefix"];

let packed: Promise<string> | null = null;
/** The tarball of this build as npm pack makes it (package.json, README, the build), packed once. */
function tarball(): Promise<string> {
  packed ??= (async () => {
    const stage = join(work, "stage");
    mkdirSync(stage);
    for (const f of ["package.json", "README.md"]) cpSync(f, join(stage, f));
    cpSync(DIST, join(stage, "dist"), { recursive: true });
    await run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", work], { cwd: stage, env: npmEnv });
    return join(work, readdirSync(work).find((f) => f.endsWith(".tgz")) ?? "none.tgz");
  })();
  return packed;
}

/** npm install from the cache (offline first). */
async function npmInstall(args: string[], cwd: string): Promise<void> {
  const all = [...args, "--no-audit", "--no-fund", "--loglevel", "error"];
  await run("npm", [...all, "--offline"], { cwd, env: npmEnv, timeout: 120_000 }).catch(() => run("npm", [...all, "--prefer-offline"], { cwd, env: npmEnv, timeout: 120_000 }));
}

/** A line run by sh as a person pastes it, without a terminal (stdout and stderr are pipes). */
function sh(line: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return run("sh", ["-c", line], { cwd, env }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** The lines of the first sh block under a README heading, `\`-continued lines joined. */
function block(readme: string, heading: string): string[] {
  const from = readme.indexOf(`${heading}\n`);
  const body = /```sh\n([\s\S]*?)```/.exec(readme.slice(from))?.[1] ?? "";
  return body.replace(/\\\n\s*/g, " ").split("\n").filter((l) => l.trim() !== "");
}

/** Lines wider than `cols` characters. */
const wide = (text: string, cols: number) => text.split("\n").filter((l) => [...l].length > cols);
/** A shell environment with only node, npm, git and the given folders on PATH; no NO_COLOR. */
function userEnv(home: string, ...dirs: string[]): Record<string, string> {
  return { PATH: [...dirs, dirname(process.execPath), "/usr/bin", "/bin"].join(":"), HOME: home, npm_config_cache: process.env["npm_config_cache"] ?? join(process.env["HOME"] ?? "/tmp", ".npm"), npm_config_update_notifier: "false" };
}

test("exo next --owner your-name pasted from the docs claims for you, says so, and session-start finds the claim", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const next = await exo(repo, "next", "--owner", "your-name", { json: false });
  expect(next.code).toBe(0);
  // Before: `lock: owner your-name`, a lock in the placeholder's name.
  expect(next.stdout).toMatch(/lock: owner human:test@example\.invalid,\s+fencing token 1/);
  expect(next.stderr).toBe("warning: \"your-name\" is a placeholder, not a name: the claim is yours (human:test@example.invalid), as with no --owner; give --owner a teammate's or an agent's name (agent:claude) to claim for them.\n");
  expect(next.stdout).toMatch(/\nnext: exo session-start --ticket-id TICKET-001\n$/);
  // session-start with no ticket finds the claim as the actor's own.
  const start = envelope(await exo(repo, "session-start"));
  expect(start.data.ticket.id).toBe("TICKET-001");
  // Another name is still another person's claim.
  const parent = envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.parent as string;
  expect((await exo(repo, "ticket-create", "task 2", "--parent", parent, "--id", "T-2")).code).toBe(0);
  const other = envelope(await exo(repo, "next", "--owner", "alice"));
  expect(other.data.lock.owner).toBe("alice");
  expect(other.warnings).toBeUndefined();
  // Over MCP the same: the tool's owner "your-name" is the caller.
  expect((await exo(repo, "ticket-create", "task 3", "--parent", parent, "--id", "T-3")).code).toBe(0);
  const client = await mcpClient(repo, { env: { EXO_ACTOR: "agent:m" } });
  const viaMcp = structured(await client.callTool({ name: "exo_next", arguments: { owner: "your-name" } })) as { ok: boolean; data: { lock: { owner: string } }; warnings?: { code: string }[] };
  expect(viaMcp.data.lock.owner).toBe("agent:m");
  expect(viaMcp.warnings?.map((w) => w.code)).toEqual(["OWNER_PLACEHOLDER"]);
});

test("an install left uncommitted: doctor's hint commits exo's hook, MCP and instruction files too, and the quick start's own commits do not hide them", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--no-commit", "--example")).code).toBe(0);
  const tracking = async () => envelope(await exo(repo, "doctor", "--section", "git_tracking")).data.sections[0];
  const first = await tracking();
  expect(first.status).toBe("fail");
  // Before: `git add .exo && git commit …`, which exo's own pre-commit hook refused (HOOKS_TAMPERED:
  // the launcher without the settings that run it).
  expect(first.hint).toBe('git add -- .exo .claude/settings.json .cursor/rules/exo.mdc .mcp.json AGENTS.md CLAUDE.md && git commit -m "chore(exo): governance" -m "Exo-Generated: true" -- .exo .claude/settings.json .cursor/rules/exo.mdc .mcp.json AGENTS.md CLAUDE.md');
  const copy = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(copy, "install", "--no-commit")).code).toBe(0);
  expect(() => execSync('git add .exo && git commit -qm "chore(exo): governance"', { cwd: copy, stdio: "pipe" })).toThrow(/HOOKS_TAMPERED/);
  execSync((await exo(copy, "doctor", "--section", "git_tracking").then(envelope)).data.sections[0].hint, { cwd: copy, stdio: "pipe" });
  expect(envelope(await exo(copy, "doctor", "--section", "git_tracking")).data.sections[0]).toMatchObject({ status: "pass", message: "governance files are tracked and committed" });
  expect(git(copy, "status", "--porcelain")).toBe("");
  // The quick start without committing: session-finish commits exo's records under .exo/ only.
  expect((await exo(repo, "next")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  writeFileSync(join(repo, "README.md"), "# app\n\nmore\n");
  expect((await exo(repo, "session-finish", "--summary", "first change")).code).toBe(0);
  const after = await tracking();
  // Before: pass, "governance files are tracked and committed", with .claude/settings.json in no commit.
  expect(after).toMatchObject({
    status: "warn",
    message: "exo's files for the agents are not committed: .claude/settings.json, .cursor/rules/exo.mdc, .exo/bin/exo-mcp.mjs, .mcp.json, AGENTS.md, CLAUDE.md; until they are, a teammate's clone gets no exo hooks, MCP server or instructions",
    hint: 'git add -- .claude/settings.json .cursor/rules/exo.mdc .exo/bin/exo-mcp.mjs .mcp.json AGENTS.md CLAUDE.md && git commit -m "chore(exo): share exo\'s agent files"',
  });
  execSync(after.hint, { cwd: repo, stdio: "pipe" });
  expect(await tracking()).toMatchObject({ status: "pass", message: "governance files are tracked and committed" });
});

test("a CLAUDE.md the user was editing keeps their text; doctor names it until exo's block in it is committed", async () => {
  const repo = await tempRepo({ "CLAUDE.md": "# Mine\n", "src/a.js": "export {};\n" });
  writeFileSync(join(repo, "CLAUDE.md"), "# Mine\nmore of mine\n");
  const install = envelope(await exo(repo, "install"));
  expect(install.data.left_uncommitted).toEqual(["CLAUDE.md"]);
  expect(readFileSync(join(repo, "CLAUDE.md"), "utf8")).toMatch(/^# Mine\nmore of mine\n\n<!-- exo:begin -->/);
  const section = envelope(await exo(repo, "doctor", "--section", "git_tracking")).data.sections[0];
  // Before: pass, "governance files are tracked and committed", with the hooks' instructions in no commit.
  expect(section).toMatchObject({ status: "warn", hint: 'git add -- CLAUDE.md && git commit -m "chore(exo): share exo\'s agent files"' });
  git(repo, "commit", "-qam", "mine and exo's");
  expect(envelope(await exo(repo, "doctor", "--section", "git_tracking")).data.sections[0].status).toBe("pass");
});

test("session-finish run twice after the quick start points at closing the ticket in review, and the hint runs", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  writeFileSync(join(repo, "src/a.js"), "export const a = 1;\n");
  expect((await exo(repo, "session-finish", "--summary", "first change")).code).toBe(0);
  const again = await exo(repo, "session-finish", "--summary", "first change", { json: false });
  expect(again.code).toBe(1);
  // Before: "…but nothing is ready (no task is todo): the hint comes first", hint `exo ticket-create "<what to do>" --parent INT-…`.
  expect(again.stderr).toMatch(/^error: human:test@example\.invalid has no active session: its last session, SES-\S+ on TICKET-001, finished at \S+Z; TICKET-001 is in review: close it once the change is accepted, or start another session with exo session-start\. \[NO_ACTIVE_SESSION\]\nhint: exo ticket-close TICKET-001\n$/);
  expect(envelope(await exo(repo, "ticket-close", "TICKET-001")).data.ticket).toMatchObject({ id: "TICKET-001", status: "done" });
  // Closed: the answer is the one before, creating work.
  expect(envelope(await exo(repo, "session-finish", "--summary", "x")).error?.hint).toMatch(/^exo ticket-create "<what to do>" --parent INT-/);
});

test("(a) Claude Code, global install of the packed exo: the README's quick start and tour run as printed; output reads at 60, 80 and 120 columns, without colour off a terminal", { timeout: 300_000 }, async () => {
  const prefix = await tempDir();
  await npmInstall(["install", "-g", "--prefix", prefix, await tarball()], work);
  const home = await tempDir();
  const env = userEnv(home, join(prefix, "bin"));
  const readme = readFileSync(join(prefix, "lib/node_modules/exoprotocol/README.md"), "utf8");
  const repo = await tempRepo({ "package.json": '{"name":"shop","scripts":{"test":"node -e 0"}}\n', "src/app.js": "export {};\n", "README.md": "# shop\n" });
  const outputs: string[] = [];
  const quick = block(readme, "## Quick start");
  expect(quick.filter((l) => l.startsWith("exo "))).toHaveLength(4);
  for (const line of quick) {
    // "# … edit a file inside the ticket's scope (src/**, docs/**, README.md) …"
    if (line.startsWith("#")) {
      writeFileSync(join(repo, "src/app.js"), "export const total = 1;\n");
      continue;
    }
    const r = await sh(line, repo, env);
    expect(r.code, `${line}\n${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stderr, line).not.toMatch(/^(warning|error):/m);
    // Not a terminal: no colour, without NO_COLOR.
    expect(`${r.stdout}${r.stderr}`, line).not.toContain("\u001b[");
    outputs.push(r.stdout);
  }
  // `exo next` claimed for the person at the keyboard (git's user.email), not for a placeholder.
  expect(outputs[1]).toMatch(/lock: owner human:test@example\.invalid,/);
  expect(outputs[3]).toMatch(/^finished SES-\S+ on TICKET-001 \(now review\); verify passed\n/);
  // exo committed its own state; the person's change is theirs to commit.
  expect(git(repo, "status", "--porcelain")).toBe(" M src/app.js\n");
  // The tour, in a repository of its own.
  const tour = await tempRepo({ "package.json": '{"name":"shop","scripts":{"test":"node -e 0"}}\n', "README.md": "# shop\n" });
  for (const line of block(readme, "## A tour")) {
    if (line.startsWith("#")) {
      mkdirSync(join(tour, "src/auth"), { recursive: true });
      writeFileSync(join(tour, "src/auth/signup.js"), "export const signup = () => true;\n");
      continue;
    }
    const r = await sh(line.replace(/\s+#.*$/, ""), tour, env);
    expect(r.code, `${line}\n${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stderr, line).not.toMatch(/^error:/m);
  }
  // What a person reads next, at three widths: nothing wider than the terminal but a command or path kept whole
  // (exo alone's commit line for the tour's work, left uncommitted at finish, and exo ready's next:
  // line, the same commit, are commands printed whole; so is exo status's next row, which gives
  // ready's next step, that commit, on a line of its own under the row's words).
  for (const cols of [60, 80, 120]) {
    for (const line of ["exo", "exo status", "exo tickets", "exo ready", "exo intents", "exo doctor", "exo ledger show", "exo brief", "exo ticket-show TICKET-001", "exo metrics", "exo session-scan", "exo --help", "exo help session-finish"]) {
      const r = await sh(line, tour, { ...env, COLUMNS: String(cols) });
      expect(r.code, `${line}: ${r.stderr}`).toBe(0);
      expect(wide(r.stdout, cols).filter((l) => /\S\s\S/.test(l.trim()) && !/^ *(?:→ )?(?:EXO_ACTOR=\S+ )?exo [a-z-]+ /.test(l) && !/^(?: {2}| {14}|next: )git add -- /.test(l)), `${line} at ${cols}`).toEqual([]);
      expect(r.stdout, line).not.toContain("\u001b[");
    }
  }
  // FORCE_COLOR turns colour on for a pipe; NO_COLOR wins over it.
  expect((await sh("exo doctor", tour, { ...env, FORCE_COLOR: "1" })).stdout).toContain("\u001b[");
  expect((await sh("exo doctor", tour, { ...env, FORCE_COLOR: "1", NO_COLOR: "1" })).stdout).not.toContain("\u001b[");
});

test("(c) Cursor with a .cursorrules of their own, npm i -D the packed exo: install sets up Cursor's hooks and MCP, keeps their rules, and the rules' commands run", { timeout: 300_000 }, async () => {
  const rules = "Always use tabs.\nNever touch the billing code.\n";
  const repo = await tempRepo({ ".cursorrules": rules, ".gitignore": "node_modules\n", "package.json": '{"name":"shop","scripts":{"test":"node -e 0"}}\n', "src/app.js": "export {};\n" });
  await npmInstall(["install", "-D", await tarball()], repo);
  git(repo, "add", "package.json", "package-lock.json");
  git(repo, "commit", "-qm", "exo as a dev dependency");
  const home = await tempDir();
  const env = userEnv(home);
  const install = await sh("npx exo install --example", repo, env);
  expect(install.code, install.stderr).toBe(0);
  // Before: `hooks claude, git`: a repository Cursor works in through .cursorrules alone got no Cursor hooks.
  expect(install.stdout).toMatch(/^ {2}hooks {6}claude, git, cursor$/m);
  expect(install.stdout).toMatch(/^ {2}mcp {8}node \.exo\/bin\/exo-mcp\.mjs; \.mcp\.json added; \.cursor\/mcp\.json added$/m);
  const hooks = JSON.parse(readFileSync(join(repo, ".cursor/hooks.json"), "utf8")) as { hooks: Record<string, unknown> };
  expect(Object.keys(hooks.hooks)).toEqual(expect.arrayContaining(["preToolUse", "beforeShellExecution", "beforeReadFile"]));
  // Their rules first, byte for byte; exo's block after them; no .cursor/rules/exo.mdc beside it.
  const text = readFileSync(join(repo, ".cursorrules"), "utf8");
  expect(text.slice(0, rules.length + 19)).toBe(`${rules}\n<!-- exo:begin -->`);
  expect(git(repo, "ls-files", ".cursor")).toBe(".cursor/hooks.json\n.cursor/mcp.json\n");
  expect(git(repo, "status", "--porcelain")).toBe("");
  // The commands the rules give, run as written through npx (the rules say so when exo is a dependency).
  expect(text).toContain("`npx --no-install exo …`");
  const agent = { ...env, EXO_ACTOR: "agent:cursor" };
  const npx = (line: string) => sh(line.replace(/^(EXO_ACTOR=\S+ )?exo /, "$1npx --no-install exo "), repo, agent);
  expect((await npx("exo next")).code).toBe(0);
  const start = /`(EXO_ACTOR=agent:cursor (?:npx --no-install )?exo session-start --ticket-id '<ID>')`/.exec(text)?.[1] ?? "";
  expect(start).not.toBe("");
  const started = await npx(start.replace("'<ID>'", "TICKET-001"));
  expect(started.code, started.stderr).toBe(0);
  // Cursor's shell hook holds the agent to the starter's scope.
  const payload = (command: string) => fixture("cursor-beforeshellexecution.json", repo, (p) => (p["command"] = command));
  const denied = await sh(`node .exo/bin/exo-hook.mjs cursor beforeShellExecution <<'EOF'\n${await payload("echo x > package.json")}\nEOF`, repo, agent);
  expect(decision({ code: denied.code, stdout: denied.stdout, stderr: "" })).toMatchObject({ decision: "deny", reason: expect.stringContaining("package.json") });
  const allowed = await sh(`node .exo/bin/exo-hook.mjs cursor beforeShellExecution <<'EOF'\n${await payload("echo x > src/app.js")}\nEOF`, repo, agent);
  expect(decision({ code: allowed.code, stdout: allowed.stdout, stderr: "" })?.decision ?? "allow", allowed.stdout).toBe("allow");
  const heartbeat = /`(EXO_ACTOR=agent:cursor (?:npx --no-install )?exo lease-heartbeat)`/.exec(text)?.[1] ?? "";
  expect((await npx(heartbeat)).code).toBe(0);
  const finish = /`(EXO_ACTOR=agent:cursor (?:npx --no-install )?exo session-finish --summary "…")`/.exec(text)?.[1] ?? "";
  const finished = await npx(finish.replace("…", "first change"));
  expect(finished.code, finished.stderr).toBe(0);
  expect(finished.stdout).toMatch(/^finished SES-\S+ on TICKET-001 \(now review\); verify passed\n/);
});

test("(b) Codex with an AGENTS.md and a .codex/config.toml of their own, npm i -D the packed exo: both kept, hooks to trust under CODEX_HOME, AGENTS.md's commands run", { timeout: 300_000 }, async () => {
  const agents = "# Working here\n\nRun the tests before you push.\n";
  const config = 'model = "gpt-5-codex"\n';
  const repo = await tempRepo({ "AGENTS.md": agents, ".codex/config.toml": config, ".gitignore": "node_modules\n", "package.json": '{"name":"shop","scripts":{"test":"node -e 0"}}\n', "src/app.js": "export const a = 1;\n" });
  await npmInstall(["install", "-D", await tarball()], repo);
  git(repo, "add", "package.json", "package-lock.json");
  git(repo, "commit", "-qm", "exo as a dev dependency");
  const codexHome = await tempDir();
  const env = { ...userEnv(await tempDir()), CODEX_HOME: codexHome };
  const install = await sh("npx exo install --example", repo, env);
  expect(install.code, install.stderr).toBe(0);
  expect(install.stdout).toMatch(/^ {2}hooks {6}claude, git, codex$/m);
  // Before the quick start's steps (before: after them, as step 5): until trusted, Codex's writes are not gated.
  expect(install.stdout).toMatch(/\n {2}2\. Trust exo's hooks in Codex: start codex in this repository and run \/hooks/);
  expect(install.stdout).toMatch(/\n {2}3\. Claim the starter ticket for yourself: exo next\n/);
  expect(install.stdout).toContain("npx --no-install exo <command>");
  // Their files first, byte for byte.
  const text = readFileSync(join(repo, "AGENTS.md"), "utf8");
  expect(text.slice(0, agents.length + 19)).toBe(`${agents}\n<!-- exo:begin -->`);
  expect(readFileSync(join(repo, ".codex/config.toml"), "utf8").startsWith(config)).toBe(true);
  expect(readFileSync(join(repo, ".codex/config.toml"), "utf8")).toContain('[mcp_servers.exo]\ncommand = "sh"');
  expect(git(repo, "status", "--porcelain")).toBe("");
  // doctor names the trust file under CODEX_HOME and what to run; the hint is a command.
  const doctor = envelope(await sh("npx --no-install exo doctor --section hooks --format json", repo, env));
  expect(doctor.data.sections[0]).toMatchObject({ status: "fail", hint: "codex", message: expect.stringContaining(`in ${codexHome}/config.toml); until then it skips them`) });
  // AGENTS.md's commands as written (exo through npx, as its first line says for a dependency).
  expect(text).toContain("`npx --no-install exo …`");
  const agent = { ...env, EXO_ACTOR: "agent:codex" };
  const npx = (line: string) => sh(line.replace(/^(EXO_ACTOR=\S+ )?exo /, "$1npx --no-install exo "), repo, agent);
  const command = (name: string) => new RegExp(`\`(EXO_ACTOR=agent:codex (?:npx --no-install )?exo ${name}[^\`]*)\``).exec(text)?.[1] ?? `missing ${name}`;
  expect((await npx("exo next")).code).toBe(0);
  const started = await npx(command("session-start").replace("<ID>", "TICKET-001"));
  expect(started.code, started.stderr).toBe(0);
  expect(started.stdout).toMatch(/^- actor: agent:codex /m);
  // Codex's apply_patch through the hook: inside the starter's scope it passes, package.json is refused.
  const patch = (file: string) => fixture("codex-pretooluse-apply-patch.json", repo, (p) => ((p["tool_input"] as { command: string }).command = `*** Begin Patch\n*** Update File: ${file}\n@@\n-export const a = 1;\n+export const a = 2;\n*** End Patch\n`));
  const hook = async (file: string) => sh(`node .exo/bin/exo-hook.mjs codex PreToolUse <<'EOF'\n${await patch(file)}\nEOF`, repo, agent);
  const inside = await hook("src/app.js");
  expect(decision({ code: inside.code, stdout: inside.stdout, stderr: "" }), inside.stdout).toBeNull();
  const outside = await hook("package.json");
  expect(decision({ code: outside.code, stdout: outside.stdout, stderr: "" })).toMatchObject({ decision: "deny" });
  expect((await npx(command("lease-heartbeat"))).code).toBe(0);
  writeFileSync(join(repo, "src/app.js"), "export const a = 2;\n");
  const finished = await npx(command("session-finish").replace("…", "first change"));
  expect(finished.code, finished.stderr).toBe(0);
  expect(finished.stdout).toMatch(/^finished SES-\S+ on TICKET-001 \(now review\); verify passed\n/);
});

test("exo alone in a Codex repository names the trust step while Codex has not trusted exo's hooks", async () => {
  const repo = await tempRepo({ ".codex/config.toml": 'model = "gpt-5-codex"\n', "src/a.js": "export {};\n" });
  const env = { CODEX_HOME: await tempDir() };
  expect((await exo(repo, "install", "--example", { env })).code).toBe(0);
  const home = await exo(repo, { json: false, env });
  expect(home.code).toBe(0);
  // Before: only `exo ready` and `exo session-start --dispatch`, while Codex skipped every exo hook.
  expect(home.stdout).toMatch(/^Next:\n {2}codex +start it here and trust exo's hooks in \/hooks\n {2}exo ready +what could/m);
  // A repository without Codex's hooks: no such line.
  const plain = await tempRepo();
  expect((await exo(plain, "install", { env })).code).toBe(0);
  expect((await exo(plain, { json: false, env })).stdout).not.toContain("codex");
});

test("a hint with a value to fill in is still one shell command: pasted as printed, exo (not the shell) answers with what to give", async () => {
  const repo = await tempRepo();
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  for (const [args, hint, answer] of [
    [["session-handoff"], `exo session-handoff --to '<actor>' --summary "…"`, /^error: --to is not a valid actor .*got "<actor>"\. \[INVALID_INPUT\]\nhint: exo session-handoff --help\n$/],
    [["tickets", "--status"], "exo tickets --status '<todo|active|paused|review|done|cancelled|archived>'", /^error: --status must be one of todo, active, paused, review, done, cancelled, archived, got /],
    [["ticket-create", "x", "--priority"], "exo ticket-create x --priority '<n>'", /^error: --priority must be a whole number from 1 \(most urgent\) to 5, got "<n>"\. \[INVALID_INPUT\]/],
    [["ledger-show", "--actor"], "exo ledger-show --actor '<actor>'", /^error: --actor is not a valid actor .*\nhint: exo ledger-show --help\n$/],
  ] as const) {
    const run = await exo(repo, ...args, { json: false });
    expect(run.code, args.join(" ")).toBe(2);
    // Before: `--to <actor>`, `--status <todo|active|…>`: pasted, the shell read a redirect (and a pipe).
    expect(run.stderr.split("\n")[1]).toBe(`hint: ${hint}`);
    const pasted = await sh(hint, repo, { PATH: `${exoOnPath()}:${process.env["PATH"] ?? ""}`, HOME: process.env["HOME"] ?? "/tmp", NO_COLOR: "1" });
    expect(pasted.code, hint).toBe(2);
    expect(pasted.stderr, hint).toMatch(answer);
  }
});

test("npm i -D in a repository with no .gitignore: finish's not-counted line names the folder the pre-existing files are in", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  // What npm i -D leaves in a repository with no .gitignore: a folder of files git does not ignore.
  const files: Record<string, string> = {};
  for (let i = 0; i < 12; i++) files[`node_modules/pkg${i}/index.js`] = "x\n";
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(repo, dirname(path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  writeFileSync(join(repo, "package-lock.json"), "{}\n");
  expect((await exo(repo, "next")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  writeFileSync(join(repo, "src/a.js"), "export const a = 1;\n");
  const finish = await exo(repo, "session-finish", "--summary", "first change", { json: false });
  expect(finish.code).toBe(0);
  // Before: `not counted: 13 pre-existing files`, with no word of which.
  expect(finish.stdout).toContain("\nnot counted: 13 pre-existing files (12 in node_modules/)\n");
});

test("install run again with a task ready: its next steps run as printed (before: --ticket-id <ID from exo next>, a shell redirect)", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect((await exo(repo, "intent-create", "Goal", "--brain-dump", "why", "--scope-allow", "src/**", "--id", "INT-1")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "task", "--parent", "INT-1", "--id", "T-1")).code).toBe(0);
  const steps = envelope(await exo(repo, "install")).data.next_steps as string[];
  expect(steps.slice(0, 2)).toEqual(["Claim the best ready task for yourself: exo next", "Start a session on it: exo session-start"]);
  for (const step of steps.slice(0, 2)) {
    const line = step.split(": ")[1] as string;
    const run = await exo(repo, ...line.split(" ").slice(1));
    expect(run.code, line).toBe(0);
  }
  expect(envelope(await exo(repo, "session-scan")).data.sessions).toEqual([expect.objectContaining({ ticket: "T-1", actor: "human:test@example.invalid" })]);
});

test("a CLAUDE.md of their own with a lone exo:begin marker: install and adapter-generate name the line and hint the editor there, then the rerun", async () => {
  const mine = "# Mine\n\nnotes\n<!-- exo:begin -->\nold stuff\n";
  const repo = await tempRepo({ "CLAUDE.md": mine });
  const install = await exo(repo, "install", { json: false });
  expect(install.code).toBe(1);
  // Before: hint `exo install`, which failed the same way again.
  expect(install.stderr).toMatch(/\nhint: "\$\{EDITOR:-vi\}" \+4 CLAUDE\.md && exo install\n$/);
  expect(install.stdout).toContain('"${EDITOR:-vi}" +4 CLAUDE.md && exo install');
  expect(readFileSync(join(repo, "CLAUDE.md"), "utf8")).toBe(mine);
  const generate = envelope(await exo(repo, "adapter-generate"));
  expect(generate.error).toMatchObject({ code: "ADAPTER_EDITED", message: "CLAUDE.md:4 has an exo:begin marker without a matching exo:end (or the reverse); fix the markers by hand, then regenerate. Nothing was written.", hint: '"${EDITOR:-vi}" +4 CLAUDE.md && exo adapter-generate' });
  // The fix the hint opens the editor for: the lone marker taken out; then the rerun works.
  writeFileSync(join(repo, "CLAUDE.md"), "# Mine\n\nnotes\nold stuff\n");
  expect((await exo(repo, "install")).code).toBe(0);
  expect(readFileSync(join(repo, "CLAUDE.md"), "utf8")).toMatch(/^# Mine\n\nnotes\nold stuff\n\n<!-- exo:begin -->/);
});

test("an actor flag left without a value gives a real name as its example, not the placeholder your-name", async () => {
  const repo = await tempRepo();
  const run = envelope(await exo(repo, "session-handoff", "--to", "--summary", "x"));
  // Before: "such as your-name or agent:claude": typed as shown, the work went to an actor called your-name.
  expect(run.error?.message).toBe("exo session-handoff --to needs an actor name such as alice or agent:claude, or any.");
});
