// A new user's first hours and a small team's first day, forty-first pass: exo run from a package
// folder of a monorepo gives its git lines (the commit of new tickets, finish's commit:, exo alone's
// steps) in a form that runs there (git -C ../..), and an editor's or husky's files from there;
// install's Create work step scopes the first intent to a folder that is there; under husky 8
// (core.hooksPath .husky) install's step makes the hook files executable and doctor names one git
// skips, doctor's hint for missing lines is the line that adds them, and taking exo out
// (hook-install --uninstall, docs/adoption.md's recipe) takes exo's lines out of .husky/ and its git
// settings out of the clone; an agent that finished its session is sent to exo_ready, not round
// between exo_ticket_close and exo_session_finish.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { expect, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { envelope, exo, git, pasted, tempDir, tempRepo, tempScript } from "../../helpers/repo.js";

const DOCS = resolve("docs");

/** A workspaces monorepo (packages/api, packages/web) whose default branch is trunk. */
async function monorepo(): Promise<string> {
  const repo = await tempRepo({
    "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*"] }),
    "packages/api/package.json": JSON.stringify({ name: "@mono/api" }),
    "packages/api/src/index.ts": "export const a = 1;\n",
    "packages/web/package.json": JSON.stringify({ name: "@mono/web" }),
    "packages/web/src/index.ts": "export const w = 1;\n",
  });
  git(repo, "branch", "-m", "trunk");
  return repo;
}

test("exo in a monorepo's package folder (packages/api): the commit line of new tickets, exo alone's step and finish's commit: line, pasted there, commit what they name, and exo pr-check passes (before: git add -- .exo/tickets … failed there, pathspec '.exo/tickets' did not match any files)", async () => {
  const repo = await monorepo();
  expect((await exo(repo, "install")).code).toBe(0);
  const base = git(repo, "rev-parse", "HEAD").trim();
  const api = join(repo, "packages", "api");
  expect((await exo(api, "intent-create", "api", "--brain-dump", "the api", "--scope-allow", "packages/api/**", "--id", "INT-001")).code).toBe(0);
  const made = envelope(await exo(api, "ticket-create", "first", "--parent", "INT-001", "--id", "TICKET-001"));
  const line = made.data.next_command as string;
  expect(line).toMatch(/^git -C \.\.\/\.\. add -- \.exo\/tickets/);
  // exo alone, the human view, gives the same line.
  expect((await exo(api, { json: false })).stdout).toContain(line);
  pasted(api, line);
  expect(git(repo, "status", "--porcelain", "--", ".exo/tickets")).toBe("");
  expect((await exo(api, "next")).code).toBe(0);
  expect((await exo(api, "session-start")).code).toBe(0);
  writeFileSync(join(api, "src", "index.ts"), "export const a = 2;\n");
  mkdirSync(join(api, "src", "routes"));
  writeFileSync(join(api, "src", "routes", "users.ts"), "export const users = [];\n");
  const finished = envelope(await exo(api, "session-finish", "--summary", "users route"));
  expect(finished.ok, JSON.stringify(finished.error)).toBe(true);
  pasted(api, finished.data.commit_command as string);
  expect(git(repo, "status", "--porcelain", "--", "packages")).toBe("");
  expect(git(repo, "log", "-1", "--format=%B")).toContain(`Exo-Session: ${finished.data.session as string}`);
  const check = envelope(await exo(api, "pr-check", "--base", base));
  expect(check.ok, JSON.stringify(check.data.findings)).toBe(true);
  // At the top nothing changes: the line is the plain one.
  const top = envelope(await exo(repo, "ticket-create", "second", "--parent", "INT-001", "--id", "TICKET-002"));
  expect(top.data.next_command).toMatch(/^git add -- \.exo\/tickets/);
}, 90_000);

/** A repository on husky 8's layout: core.hooksPath .husky, an executable .husky/pre-commit of its own. */
async function huskyRepo(): Promise<string> {
  const repo = await tempRepo({ "README.md": "# app\n", ".husky/pre-commit": "#!/bin/sh\necho lint\n" });
  chmodSync(join(repo, ".husky", "pre-commit"), 0o755);
  git(repo, "add", "--chmod=+x", ".husky/pre-commit");
  git(repo, "commit", "-q", "-m", "husky");
  git(repo, "config", "core.hooksPath", ".husky");
  return repo;
}

test("husky 8 (core.hooksPath .husky): install's step pasted makes .husky/prepare-commit-msg executable, so a commit in a session gets its Exo-Session trailer; a hook file git skips is named by doctor with the chmod that mends it (before: the printf left it at 0644, git ignored it, the commit had no trailer and doctor said 'installed: claude, git')", async () => {
  const repo = await huskyRepo();
  const install = envelope(await exo(repo, "install", "--example"));
  const step = (install.data.next_steps as string[]).find((s) => s.startsWith("Gate commits through husky")) ?? "";
  pasted(repo, step.slice(step.indexOf(": ") + 2));
  expect(statSync(join(repo, ".husky", "prepare-commit-msg")).mode & 0o111).not.toBe(0);
  expect(envelope(await exo(repo, "doctor")).data.sections.find((c: { name: string }) => c.name === "hooks").status).toBe("pass");
  git(repo, "add", ".husky");
  git(repo, "commit", "-q", "-m", "exo in husky", "-m", "Exo-Generated: true");
  expect((await exo(repo, "next")).code).toBe(0);
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001"));
  writeFileSync(join(repo, "README.md"), "# app\n\nmore\n");
  git(repo, "commit", "-q", "-am", "readme");
  expect(git(repo, "log", "-1", "--format=%B")).toContain(`Exo-Session: ${started.data.session.id as string}`);
  // The file as the old step left it: doctor names it, and its hint, pasted, mends it.
  chmodSync(join(repo, ".husky", "prepare-commit-msg"), 0o644);
  const hooks = envelope(await exo(repo, "doctor")).data.sections.find((c: { name: string }) => c.name === "hooks");
  expect(hooks.status, hooks.message).toBe("warn");
  expect(hooks.message).toContain("git skips .husky/prepare-commit-msg");
  expect(hooks.hint).toBe("chmod +x .husky/prepare-commit-msg");
  pasted(repo, hooks.hint as string);
  expect(envelope(await exo(repo, "doctor")).data.sections.find((c: { name: string }) => c.name === "hooks").status).toBe("pass");
}, 90_000);

test("husky, exo's lines missing from its hook files: doctor's hint is the line that adds them, pasted it passes (before: exo hook-install --harness git, which wrote nothing and repeated the warning)", async () => {
  const repo = await huskyRepo();
  expect((await exo(repo, "install")).code).toBe(0);
  const hooks = envelope(await exo(repo, "doctor")).data.sections.find((c: { name: string }) => c.name === "hooks");
  expect(hooks.status).toBe("warn");
  expect(hooks.hint).toMatch(/^printf /);
  pasted(repo, hooks.hint as string);
  expect(envelope(await exo(repo, "doctor")).data.sections.find((c: { name: string }) => c.name === "hooks").status).toBe("pass");
}, 90_000);

test("exo taken out of a husky repository with a remote as docs/adoption.md says: exo hook-install --uninstall names exo's lines in .husky/ and the line that takes them out, the recipe's own commit goes through, as do later ones, and exo's git settings in the clone are gone (before: 'exo's lines are present', the lines stayed, and every commit failed: Cannot find module .exo/bin/exo-hook.mjs; the merge driver and lease refspecs stayed in git's config)", async () => {
  const repo = await huskyRepo();
  const remote = await tempDir();
  git(remote, "init", "-q", "--bare");
  git(repo, "remote", "add", "origin", remote);
  const install = envelope(await exo(repo, "install"));
  expect(git(repo, "config", "--list", "--local")).toMatch(/refs\/exo\//);
  const step = (install.data.next_steps as string[]).find((s) => s.startsWith("Gate commits through husky")) ?? "";
  pasted(repo, step.slice(step.indexOf(": ") + 2));
  git(repo, "add", ".husky");
  git(repo, "commit", "-q", "-m", "exo in husky", "-m", "Exo-Generated: true");
  const dry = envelope(await exo(repo, "hook-install", "--uninstall", "--dry-run"));
  const note = (dry.data.notes as string[]).find((n) => n.startsWith("git:")) ?? "";
  expect(note).toContain("exo's lines are still in .husky/pre-commit .husky/prepare-commit-msg");
  expect(note).toContain("sed -i.bak '/exo-hook\\.mjs/d' .husky/pre-commit .husky/prepare-commit-msg");
  const doc = readFileSync(join(DOCS, "adoption.md"), "utf8");
  const recipe = /## Taking exo out[\s\S]*?```sh\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
  pasted(repo, recipe);
  expect(git(repo, "log", "-1", "--format=%s").trim()).toBe("chore: remove exo");
  expect(readFileSync(join(repo, ".husky", "pre-commit"), "utf8")).toBe("#!/bin/sh\necho lint\n");
  writeFileSync(join(repo, "README.md"), "# app\n\nafter\n");
  git(repo, "commit", "-q", "-am", "after exo");
  // The clone's git settings exo added (merge driver, lease refspecs) are gone too.
  expect(git(repo, "config", "--list", "--local")).not.toMatch(/exo-ticket|refs\/exo/);
}, 90_000);

test("exo install in a monorepo: its Create work step, pasted in the package folder it ran in or at the top, scopes the intent to a folder that is there (packages/api/src/**, packages/**) with no warning (before: --scope-allow \"src/**\" whatever the layout: SCOPE_ROOT_RELATIVE in packages/api, a scope with no file in it at the top)", async () => {
  for (const [where, scope] of [["packages/api", "packages/api/src/**"], ["", "packages/**"]] as const) {
    const repo = await monorepo();
    const here = join(repo, where);
    const install = envelope(await exo(here, "install"));
    const step = (install.data.next_steps as string[]).find((s) => s.startsWith("Create work: ")) ?? "";
    const line = /^Create work: (exo intent-create .*? --id INT-001),/.exec(step)?.[1] ?? "";
    expect(line, step).toContain(`--scope-allow "${scope}"`);
    const out = pasted(here, `${line} 2>&1`);
    expect(out).not.toContain("warning");
    expect(envelope(await exo(repo, "ticket-show", "INT-001")).data.ticket.scope.allow).toEqual([scope]);
  }
}, 90_000);

test("an agent over MCP finishes its session, then tries to close the ticket as the finish's next step says: exo_ticket_close and a second exo_session_finish both send it to exo_ready, saying a person closes it, and exo_ready gives it no close to run (before: each hinted the other, and exo ready the close, close → finish with set_status done → NO_ACTIVE_SESSION → close, round and round)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const client = await mcpClient(repo, { env: { EXO_MCP_DEFAULT_ACTOR: "agent:claude" } });
  expect(structured(await client.callTool({ name: "exo_session_start", arguments: { ticket_id: "TICKET-001" } })).ok).toBe(true);
  const finished = structured(await client.callTool({ name: "exo_session_finish", arguments: { summary: "nothing to change" } }));
  expect(finished.ok).toBe(true);
  // The finish gives the agent no close to run either (before: next exo ticket-close TICKET-001).
  expect(finished.data.ticket.status).toBe("review");
  expect(finished.data.next_command ?? null).toBeNull();
  const close = structured(await client.callTool({ name: "exo_ticket_close", arguments: { id: "TICKET-001" } }));
  expect(close.error?.code).toBe("INVALID_TRANSITION");
  expect(close.error?.message).toContain("a person closes TICKET-001 once the change is accepted");
  expect(close.error?.tool_hint).toBe("exo_ready {}");
  const again = structured(await client.callTool({ name: "exo_session_finish", arguments: { summary: "…", set_status: "done" } }));
  expect(again.error?.code).toBe("NO_ACTIVE_SESSION");
  expect(again.error?.tool_hint).toBe("exo_ready {}");
  // exo_ready gives the agent no close to run (before: exo ticket-close TICKET-001, refused, round again).
  const ready = structured(await client.callTool({ name: "exo_ready", arguments: {} }));
  expect(ready.data.next_command ?? null).toBeNull();
  expect(envelope(await exo(repo, "ready")).data.next_command).toBe("exo ticket-close TICKET-001");
  // The person the message names closes it.
  expect((await exo(repo, "ticket-close", "TICKET-001")).code).toBe(0);
}, 90_000);

test("a monorepo on husky 8, exo run in packages/api: install's husky step and a broken settings file's editor line, pasted there, act on the files at the top (before: printf made packages/api/.husky/pre-commit, and the editor opened a new empty packages/api/.claude/settings.json, so exo hook-install failed again)", async () => {
  const repo = await monorepo();
  await mkdir(join(repo, ".husky"));
  await writeFile(join(repo, ".husky", "pre-commit"), "#!/bin/sh\necho lint\n", { mode: 0o755 });
  git(repo, "add", "--chmod=+x", ".husky/pre-commit");
  git(repo, "commit", "-q", "-m", "husky");
  git(repo, "config", "core.hooksPath", ".husky");
  const api = join(repo, "packages", "api");
  const install = envelope(await exo(api, "install"));
  const step = (install.data.next_steps as string[]).find((s) => s.startsWith("Gate commits through husky")) ?? "";
  pasted(api, step.slice(step.indexOf(": ") + 2));
  expect(existsSync(join(api, ".husky"))).toBe(false);
  expect(envelope(await exo(api, "doctor")).data.sections.find((c: { name: string }) => c.name === "hooks").status).toBe("pass");
  // A settings file with a trailing comma: the editor line's file is the one at the top.
  writeFileSync(join(repo, ".claude", "settings.json"), '{\n  "hooks": {},\n}\n');
  const refused = envelope(await exo(api, "hook-install"));
  expect(refused.error?.hint).toBe('"${EDITOR:-vi}" +3 ../../.claude/settings.json && exo hook-install');
  const editor = await tempScript("");
  writeFileSync(editor, '#!/bin/sh\nfor f; do :; done\nprintf \'{}\\n\' > "$f"\n');
  chmodSync(editor, 0o755);
  pasted(api, refused.error?.hint as string, { EDITOR: editor });
  expect(existsSync(join(api, ".claude"))).toBe(false);
  expect(readFileSync(join(repo, ".claude", "settings.json"), "utf8")).toContain("exo-hook.mjs");
}, 90_000);
