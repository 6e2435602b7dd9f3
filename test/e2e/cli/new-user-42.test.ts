// A new user's first hours and a small team's first day, forty-second pass: exo next with no work
// yet, in a workspaces monorepo (no top src/), gives a first intent whose scope is a folder that is
// there (packages/**, or packages/api/** in that package) and that runs when pasted there; exo
// ready past 20 tasks names exo ready --all, the human view of them all, and exo brief says how
// many of how many ready tasks it describes; a git hook lefthook (or pre-commit) wrote over exo's
// is named as such by doctor and session-start, not "a clone does not copy .git/hooks", and the
// hint keeps that hook running; over MCP a refusal that names
// another command (exo next) gives the tool's own arguments, not --flags, in its other clauses,
// and tools/list describes tools and arguments with argument names (keep_lock, scan: false); a
// close of a task whose finished change is still uncommitted gives finish's commit: line again;
// exo alone after install, run as npx exo with no exo on PATH, gives its steps as npx runs them;
// a number past its bound (--limit 40, --priority 9) gets the line with the nearest value allowed.
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { envelope, exo, git, npmInstalledExo, pasted, runNode, tempRepo } from "../../helpers/repo.js";

/** A workspaces monorepo (packages/api, packages/web, no top src/) whose default branch is trunk. */
async function monorepo(): Promise<string> {
  const repo = await tempRepo({
    "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*"] }),
    "packages/api/package.json": JSON.stringify({ name: "@mono/api" }),
    "packages/api/lib/index.js": "export const a = 1;\n",
    "packages/web/package.json": JSON.stringify({ name: "@mono/web" }),
    "packages/web/lib/index.js": "export const w = 1;\n",
  });
  git(repo, "branch", "-m", "trunk");
  return repo;
}

test("exo next with no tickets in a workspaces monorepo: its NO_TICKET hint scopes the first intent to packages/** at the top and packages/api/** in that package, and pasted there it makes the intent (before: --scope-allow \"src/**\" whatever the layout, SCOPE_ROOT_RELATIVE when pasted in packages/api)", async () => {
  const repo = await monorepo();
  expect((await exo(repo, "install")).code).toBe(0);
  const top = envelope(await exo(repo, "next"));
  expect(top.error?.code).toBe("NO_TICKET");
  expect(top.error?.hint).toContain('--scope-allow "packages/**"');
  const api = join(repo, "packages", "api");
  const here = await exo(api, "next", { json: false });
  const hint = /hint: (.*)/.exec(here.stderr)?.[1] ?? "";
  expect(hint).toContain('--scope-allow "packages/api/**"');
  pasted(api, hint.replace("<what you want>", "api work").replace("<why, in a sentence>", "the api"));
  const [intent] = envelope(await exo(repo, "tickets", "--kind", "intent")).data.tickets as { id: string }[];
  expect(envelope(await exo(repo, "ticket-show", intent?.id ?? "")).data.ticket.scope.allow).toEqual(["packages/api/**"]);
}, 60_000);

test("exo ready with 32 ready tasks: past the first 20 it names exo ready --all, which lists all 32 in the human view (before: '… 12 more (use --format json)', no human view of the rest); exo brief says it describes 3 of 32 (before: 'Ready work:' and three tasks, as if they were all)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect((await exo(repo, "intent-create", "work", "--brain-dump", "lots of it", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  for (let i = 1; i <= 32; i++) expect((await exo(repo, "ticket-create", `task ${i}`, "--parent", "INT-001", "--id", `TICKET-${String(i).padStart(3, "0")}`)).code).toBe(0);
  const some = (await exo(repo, "ready", { json: false })).stdout;
  expect(some).not.toContain("TICKET-021");
  const line = /… 12 more \((.*) lists them\)/.exec(some)?.[1] ?? "";
  expect(line).toBe("exo ready --all");
  const all = pasted(repo, line);
  for (let i = 1; i <= 32; i++) expect(all).toContain(`TICKET-${String(i).padStart(3, "0")}`);
  expect(all).not.toContain("more");
  const brief = await exo(repo, "brief", { json: false });
  expect(brief.stdout).toContain("Ready work (3 of 32; exo ready lists them all):");
  expect(envelope(await exo(repo, "brief")).data.ready_total).toBe(32);
  expect((await exo(repo, "brief", "--ticket-id", "TICKET-005", { json: false })).stdout).toContain("Ready work:\n");
}, 120_000);

test("lefthook install over exo's git hook: doctor and session-start say pre-commit is now lefthook's (before: 'not installed in this checkout (a clone does not copy .git/hooks)'), and doctor's hint pasted puts exo's back with lefthook's run first", async () => {
  // (lefthook.toml: exo adds its commands to a lefthook.yml, whose lefthook hook then runs them, new-user-45.)
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n", "lefthook.toml": "[pre-commit.commands.lint]\nrun = \"echo lint\"\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  // What lefthook install writes in place of a hook that is not its own (shortened).
  const hook = join(repo, ".git", "hooks", "pre-commit");
  writeFileSync(hook, `#!/bin/sh\n\nif [ "$LEFTHOOK" = "0" ]; then\n  exit 0\nfi\n# call_lefthook run "pre-commit"\ntouch "$(git rev-parse --show-toplevel)/.git/lefthook-ran"\n`);
  chmodSync(hook, 0o755);
  const hooks = envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0];
  expect(hooks.message).toContain("pre-commit is now lefthook's");
  expect(hooks.message).not.toContain("a clone does not copy");
  pasted(repo, hooks.hint as string);
  expect(readFileSync(hook, "utf8")).toContain("# exo:managed");
  expect(envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0].status).toBe("pass");
  writeFileSync(join(repo, "src", "b.ts"), "export const b = 1;\n");
  git(repo, "add", "src/b.ts");
  git(repo, "commit", "-q", "-m", "b");
  expect(existsSync(join(repo, ".git", "lefthook-ran"))).toBe(true);
  // session-start's own repair says the same.
  writeFileSync(hook, readFileSync(join(repo, ".git", "hooks", "pre-commit.pre-exo"), "utf8"));
  expect((await exo(repo, "next")).code).toBe(0);
  const started = envelope(await exo(repo, "session-start"));
  expect(started.warnings?.find((w: { code: string }) => w.code === "HOOKS_REINSTALLED")?.message).toContain("pre-commit is now lefthook's");
}, 60_000);

test("exo_session_start with no ticket over MCP: the message names its arguments ticket_id and dispatch, and keeps exo next's and exo install's words (before: 'pass --ticket-id, claim one with exo next, or use --dispatch', flags an MCP caller has not)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const client = await mcpClient(repo);
  const start = async () => structured(await client.callTool({ name: "exo_session_start", arguments: {} })).error;
  const none = await start();
  expect(none?.message).toContain("(exo install --example adds a starter ticket); pass ticket_id to name a task");
  expect(none?.message).not.toContain("--ticket-id");
  expect((await exo(repo, "intent-create", "work", "--brain-dump", "why", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "first", "--parent", "INT-001", "--id", "TICKET-001")).code).toBe(0);
  const ready = await start();
  expect(ready?.code).toBe("SESSION_TICKET_REQUIRED");
  expect(ready?.message).toContain("pass ticket_id, claim one with exo next, or use dispatch");
  expect(ready?.message).not.toContain("--");
  // The CLI keeps its flags.
  expect(envelope(await exo(repo, "session-start")).error?.message).toContain("pass --ticket-id, claim one with exo next, or use --dispatch");
}, 60_000);

test("tools/list in a client's eyes: descriptions name the tool's arguments (keep_lock, apply, scan: false), and none names a flag the tool does not take as if it did (before: 'lock released unless --keep-lock', 'dry run unless --apply', '--no-scan skips', exo_dashboard 'or --serve it live', serve being no argument of it)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const { tools } = await (await mcpClient(repo)).listTools();
  const tool = (name: string) => tools.find((t) => t.name === name) as (typeof tools)[number];
  const described = (name: string, key: string) => (tool(name).inputSchema.properties?.[key] as { description?: string }).description ?? "";
  expect(tool("exo_session_suspend").description).toContain("lock released unless keep_lock");
  expect(tool("exo_gc").description).toContain("dry run unless apply");
  expect(described("exo_install", "scan")).toContain("(scan: false skips)");
  expect(described("exo_ledger_verify", "git")).toContain("(git: false skips it)");
  // A command line's flags stay its own: git's, and exo dashboard's --serve, which the tool has not.
  expect(described("exo_worktree_remove", "force")).toContain("git worktree remove");
  expect(tool("exo_dashboard").description).toContain("exo dashboard --serve");
  for (const t of tools) {
    for (const text of [t.description ?? "", ...Object.values(t.inputSchema.properties ?? {}).map((p) => (p as { description?: string }).description ?? "")]) {
      for (const clause of text.split(/[,;(]/)) if (!/(^|[^\w-])(exo|git) [a-z]/.test(clause)) expect(clause, `${t.name}: ${text}`).not.toMatch(/--[a-z]/);
    }
  }
}, 60_000);

test("exo ticket-close of a task whose finished change was never committed (finish's next: run, its commit: line skipped): the close gives that commit: line, which pasted commits the change with its Exo-Session trailer (before: the close said nothing of it, and the change committed later by hand was an ungoverned commit)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  expect((await exo(repo, "session-start")).code).toBe(0);
  writeFileSync(join(repo, "src", "a.ts"), "export const a = 2;\n");
  const finished = envelope(await exo(repo, "session-finish", "--summary", "a is 2"));
  const human = await exo(repo, "ticket-close", "TICKET-001", { json: false });
  expect(human.code).toBe(0);
  const line = /^commit: (.*)$/m.exec(human.stdout)?.[1] ?? "";
  expect(line).toBe(finished.data.commit_command);
  expect(human.stdout).toContain("TICKET-001's change is not committed (src/a.ts)");
  pasted(repo, line);
  expect(git(repo, "log", "-1", "--format=%B")).toContain(`Exo-Session: ${finished.data.session as string}`);
  expect(git(repo, "status", "--porcelain", "--", "src")).toBe("");
  // Committed, a close of another task says nothing of it.
  const parent = envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.parent as string;
  expect((await exo(repo, "ticket-create", "second", "--parent", parent, "--id", "TICKET-002")).code).toBe(0);
  const other = envelope(await exo(repo, "ticket-close", "TICKET-002"));
  expect(other.data.commit_command).toBeUndefined();
}, 60_000);

test("npm i -D exoprotocol, exo installed, no exo on PATH: exo alone's steps are npx --no-install exo intent-create … and the rest, and pasted they run (before: 'exo intent-create', which that shell answered 'command not found', while exo alone before install and install's steps said npx --no-install exo)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n", ".gitignore": "node_modules\n", "src/a.ts": "export const a = 1;\n" });
  const { bin, path } = await npmInstalledExo(repo);
  expect((await runNode(bin, ["install"], repo, { env: { PATH: path } })).code).toBe(0);
  const home = await runNode(bin, [], repo, { env: { PATH: path } });
  expect(home.code, home.stderr).toBe(0);
  expect(home.stdout).toContain("\n  npx --no-install exo intent-create \"Goal\" --brain-dump \"…\"\n");
  expect(home.stdout).toContain("\n  npx --no-install exo status");
  expect(home.stdout).not.toMatch(/^ {2}exo /m);
  pasted(repo, 'npx --no-install exo intent-create "Goal" --brain-dump "…"', { PATH: path });
  // With exo on PATH (a global install), the plain commands.
  expect((await exo(repo, { json: false })).stdout).toMatch(/^ {2}exo ticket-create /m);
}, 90_000);

test("a number past its flag's bound (exo brief --limit 40, exo ticket-update --priority 9 or 0): the hint is the line typed with the nearest value allowed, and it runs as printed (before: exo brief --help, exo ticket-update --help)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const cases: [string[], string][] = [
    [["brief", "--limit", "40"], "exo brief --limit 20"],
    [["brief", "--limit=40"], "exo brief --limit=20"],
    [["ticket-update", "TICKET-001", "--priority", "9"], "exo ticket-update TICKET-001 --priority 5"],
    [["ticket-update", "TICKET-001", "--priority", "0"], "exo ticket-update TICKET-001 --priority 1"],
  ];
  const hintOf = async (args: string[]) => {
    const run = await exo(repo, ...args, { json: false });
    expect(run.code).toBe(2);
    return /^hint: (.*)$/m.exec(run.stderr)?.[1];
  };
  for (const [args, line] of cases) {
    expect(await hintOf(args)).toBe(line);
    pasted(repo, line);
  }
  // A bound that is itself refused (above 0) keeps the command's --help.
  expect(await hintOf(["next", "--ttl-hours", "0", "--dry-run"])).toBe("exo next --help");
}, 60_000);
