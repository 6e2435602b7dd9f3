// Red-team round 18: bypasses and false positives of the gating hook the write-channel corpus
// cannot express (links on disk outside the repository, harness payloads other than Claude's).
import { mkdtemp, readFile, realpath, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, onTestFinished, test } from "vitest";
import { governedGate, type Gate } from "../../helpers/hooks.js";
import { DIST } from "../../helpers/repo.js";

const corpus = JSON.parse(await readFile("test/fixtures/write-channels.json", "utf8")) as { files: Record<string, string> };
const ENV = { EXO_ACTOR: "agent:claude" };

function governed(scope: string, files: Record<string, string> = {}): ReturnType<typeof governedGate> {
  return governedGate(scope, { ...corpus.files, ...files }, ENV, "red18");
}

/** A governed repository (scope src/**) and a folder outside it holding L, a symlink to the repository's docs. */
async function withAwayLink(): Promise<{ said: (command: string) => Promise<string>; away: string }> {
  const { repo, said } = await governed("src/**");
  const away = await realpath(await mkdtemp(join(tmpdir(), "exo-red18-")));
  onTestFinished(() => rm(away, { recursive: true, force: true }));
  await symlink(join(repo, "docs"), join(away, "L"));
  return { said, away };
}

test("ln with several targets makes a link in the folder for each, and a glob target is each file it matches: writes through them land where they point (red-team round 18)", { timeout: 120_000 }, async () => {
  const { said, away } = await withAwayLink();
  const blocked = [
    "mkdir -p src/a && ln -s b ../../docs src/a/ && touch src/a/docs/x",
    `ln -s ${away}/* src/ && touch src/L/x`,
    `ln -s ${away}/[L] src/api && echo x > src/api/L/y`,
  ];
  for (const c of blocked) expect(await said(c), c).not.toBe("allow");
  for (const c of ["ln -s a.ts b.ts src/api/", "mkdir -p src/a && ln -s ../api ../tools src/a/ && touch src/a/api/x src/a/tools/y"]) expect(await said(c), c).toBe("allow");
});

test("a link or link-keeping copy of a source exo cannot name ($X, ~+, an extglob, a glob's matches) is followed or judged unknown (red-team round 18)", { timeout: 120_000 }, async () => {
  const { said, away } = await withAwayLink();
  const blocked = [
    'ln -s "$X" src/L && touch src/L/x',
    "ln -s ~+/docs src/L && touch src/L/x",
    "ln -s ~- src/L && touch src/L/x",
    "cd src && ln -s ../@(docs) L && touch L/x",
    'cp -s "$X" src/L && touch src/L/x',
    'cp -P "$X" src/L && touch src/L/x',
    'cp -r "$X" src/L && touch src/L/x',
    `cp -P ${away}/* src/ && touch src/L/x`,
    `cp -d ${away}/[L] src/api/ && touch src/api/L/x`,
    `cp -s ${away}/* src/ && touch src/L/x`,
  ];
  for (const c of blocked) expect(await said(c), c).not.toBe("allow");
  for (const c of ['cp "$X" src/L && touch src/L', `cp ${away}/* src/api/`, 'ln -s "$X" src/L && touch src/api/x']) expect(await said(c), c).toBe("allow");
});

test("Cursor's EditNotebook names its notebook target_notebook: judged as that file (red-team round 18)", { timeout: 120_000 }, async () => {
  const { repo } = await governed("src/**");
  const { gate } = (await import(pathToFileURL(join(DIST, "hook.mjs")).href)) as { gate: Gate };
  const cursor = async (input: Record<string, unknown>) => {
    const a = await gate("cursor", "preToolUse", { stdin: JSON.stringify({ conversation_id: "red18", workspace_roots: [repo], tool_name: "EditNotebook", tool_input: input }), env: { ...process.env, ...ENV }, cwd: repo, launcherRepo: repo });
    return (JSON.parse(a.stdout) as { permission?: string }).permission ?? "allow";
  };
  expect(await cursor({ target_notebook: join(repo, "docs/x.ipynb"), cell_idx: 0, is_new_cell: true, new_string: "x" })).toBe("deny");
  expect(await cursor({ target_notebook: join(repo, "src/x.ipynb"), cell_idx: 0, is_new_cell: true, new_string: "x" })).toBe("allow");
});

test("PowerShell takes \\ as a path separator, -Param:value as -Param value, a link item's -Value as its target, and Import-Module FILE runs code (red-team round 18)", { timeout: 120_000 }, async () => {
  const { tool } = await governed("src/**");
  const ps = (command: string) => tool("PowerShell", { command });
  const blocked = [
    "cd src; ni ..\\docs\\x",
    "cd src; \"x\" > ..\\docs\\x",
    "Set-Location src; Remove-Item ..\\docs -Recurse",
    "Set-Location -Path src/api; ni ..\\..\\docs\\x",
    "Push-Location docs; ni x",
    "cd src; echo x > ..\\.claude\\settings.json",
    "Set-Content -Path:docs/x x",
    "New-Item -ItemType HardLink -Path src/L -Value docs/guide.md",
    "Compress-Archive src docs/x.zip",
    "rd docs",
    "Import-Module ./src/x.psm1",
  ];
  for (const c of blocked) expect(await ps(c), c).not.toBe("allow");
  for (const c of ["Set-Content -Path src\\api\\a.ts -Value x", "cd src; ni .\\api\\c.ts", "Get-Content .\\README.md -TotalCount 5", "Compress-Archive src src\\x.zip", "Import-Module Pester", "Remove-Item src\\api\\a.ts", "Set-Location src; ni api\\x"]) expect(await ps(c), c).toBe("allow");
});

test("an MCP writer's path under a key exo does not know, beside one it sees, and read-named tools that clean, purge or dump are judged (red-team round 18)", { timeout: 120_000 }, async () => {
  const { repo, tool } = await governed("src/**");
  const blocked: [string, unknown][] = [
    ["mcp__jetbrains__create_new_file", { pathInProject: "docs/x.ts", text: "x", projectPath: join(repo, "src") }],
    ["mcp__jetbrains__replace_text_in_file", { pathInProject: "docs/guide.md", oldText: "g", newText: "h", projectPath: repo }],
    ["mcp__fs__write_file", { path: "src/x", document: "docs/y" }],
    ["mcp__fs__check_and_clean", { path: "docs" }],
    ["mcp__fs__list_and_purge", { path: "docs" }],
    ["mcp__fs__read_and_prune", { dir: "docs" }],
    ["mcp__x__describe_dump", { path: "docs/x" }],
    ["mcp__fs__get_file", { path: "docs/guide.md", copy_to: "docs/x" }],
  ];
  for (const [name, input] of blocked) expect(await tool(name, input), `${name} ${JSON.stringify(input)}`).not.toBe("allow");
  const allowed: [string, unknown][] = [
    ["mcp__filesystem__write_file", { path: "src/x", content: "a/b c/d" }],
    ["mcp__filesystem__edit_file", { path: "src/api/a.ts", edits: [{ oldText: "a/b", newText: "c/d" }] }],
    ["mcp__serena__replace_symbol_body", { name_path: "Foo/bar", relative_path: "src/api/a.ts", body: "x/y" }],
    ["mcp__filesystem__read_file", { path: "docs/guide.md" }],
  ];
  for (const [name, input] of allowed) expect(await tool(name, input), `${name} ${JSON.stringify(input)}`).toBe("allow");
});

test("a file tool exo does not know whose name writes and that names its file path or target_file (an SDK agent's text editor tool) is a write of it (red-team round 18)", { timeout: 120_000 }, async () => {
  const { repo, tool } = await governed("src/**");
  const at = (p: string) => join(repo, p);
  const blocked: [string, unknown][] = [
    ["str_replace_based_edit_tool", { command: "create", path: at("docs/x"), file_text: "x" }],
    ["str_replace_editor", { command: "str_replace", path: at("docs/guide.md"), old_str: "g", new_str: "h" }],
    ["write_file", { path: at(".claude/settings.json"), content: "{}" }],
    ["edit_file", { target_file: at("docs/x"), code_edit: "x" }],
  ];
  for (const [name, input] of blocked) expect(await tool(name, input), `${name} ${JSON.stringify(input)}`).not.toBe("allow");
  const allowed: [string, unknown][] = [
    ["str_replace_based_edit_tool", { command: "view", path: at("docs/guide.md") }],
    ["str_replace_based_edit_tool", { command: "create", path: at("src/x"), file_text: "x" }],
    ["Grep", { pattern: "x", path: at("docs") }],
    ["Glob", { pattern: "*", path: at("docs") }],
  ];
  for (const [name, input] of allowed) expect(await tool(name, input), `${name} ${JSON.stringify(input)}`).toBe("allow");
});

test("a shell call that gives both command and cmd (Codex's exec tools name it cmd) has both judged (red-team round 18)", { timeout: 120_000 }, async () => {
  const { tool } = await governed("src/**");
  expect(await tool("Bash", { command: "ls", cmd: "touch docs/x" })).not.toBe("allow");
  expect(await tool("Bash", { command: "ls", cmd: "touch src/x" })).toBe("allow");
  expect(await tool("Bash", { command: "ls src", cmd: "ls src" })).toBe("allow");
});

test("ln -n and -T replace a link to a folder rather than going into it: a write through the re-pointed link lands at its new target (red-team round 18)", { timeout: 120_000 }, async () => {
  const { repo, said } = await governed("src/**");
  await symlink("api", join(repo, "src/L"));
  for (const c of ["ln -sfn ../docs src/L && touch src/L/x", "ln -sfT ../docs src/L && touch src/L/x", "ln -sf --no-dereference ../docs src/L && touch src/L/x", "ln -s -f -n ../docs src/L; echo x > src/L/y"]) expect(await said(c), c).not.toBe("allow");
  for (const c of ["ln -sfn tools src/L && touch src/L/x", "ln -sf ../docs src/L && touch src/L/docs/x", "ln -sfn ../api src/tools && touch src/tools/api/x"]) expect(await said(c), c).toBe("allow");
});
