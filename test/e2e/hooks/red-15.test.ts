// Red-team round 15: bypasses of the gating hook the write-channel corpus cannot express (it has
// no symlinks). With src/L → ../docs, `src/L/..` is src read logically and the top of the work
// tree read physically (links before `..`, as chdir(2) and `cd -P` read it).
import { readFile, symlink } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { claudeVerdict, governedTask, type Gate } from "../../helpers/hooks.js";
import { DIST, initRepo } from "../../helpers/repo.js";

const corpus = JSON.parse(await readFile("test/fixtures/write-channels.json", "utf8")) as { files: Record<string, string> };
const ENV = { EXO_ACTOR: "agent:claude" };

const verdict = claudeVerdict;

async function linkedRepo(scope: string): Promise<{ repo: string; said: (command: string) => Promise<string>; tool: (name: string, input: unknown) => Promise<string> }> {
  const repo = await initRepo(corpus.files);
  await symlink("../docs", join(repo, "src/L"));
  await governedTask(repo, scope, ENV, "linked");
  const { gate } = (await import(pathToFileURL(join(DIST, "hook.mjs")).href)) as { gate: Gate };
  const said = async (command: string) => verdict(await gate("claude", "PreToolUse", { stdin: JSON.stringify({ session_id: "linked", cwd: repo, tool_name: "Bash", tool_input: { command } }), env: { ...process.env, ...ENV }, cwd: repo, launcherRepo: repo }));
  const tool = async (name: string, input: unknown) => verdict(await gate("claude", "PreToolUse", { stdin: JSON.stringify({ session_id: "linked", cwd: repo, tool_name: name, tool_input: input }), env: { ...process.env, ...ENV }, cwd: repo, launcherRepo: repo }));
  return { repo, said, tool };
}

test("after set -P (set -o physical, zsh's chase_links, bash -P, SHELLOPTS) a plain cd through a link is judged physically too, and env -C follows links (red-team round 15)", { timeout: 120_000 }, async () => {
  const { said } = await linkedRepo("src/**");
  // Each writes ./x (the top of the work tree), which exo read as src/x.
  const blocked = [
    "set -P; cd src/L/..; touch x",
    "set -o physical; cd src/L/..; touch x",
    "set -eP; cd src/L/.. && touch x",
    "set -P; pushd src/L/..; touch x",
    "setopt CHASE_LINKS; cd src/L/..; touch x",
    "set -w; cd src/L/..; touch x",
    "zsh -c 'setopt chase_links; cd src/L/..; touch x'",
    "bash -P -c 'cd src/L/..; touch x'",
    "bash -o physical -c 'cd src/L/..; touch x'",
    "bash --norc -P -c 'cd src/L/..; touch x'",
    "env SHELLOPTS=physical bash -c 'cd src/L/..; touch x'",
    "set -P; (cd src/L/..; touch x)",
    "set -P; echo \"$(cd src/L/.. && touch x)\"",
    "env -C src/L/.. touch x",
    // bash's logical cd drops a segment for `..` only when the folder before it is there; src/docs is
    // not, so this is chdir(2) of the text: docs/.. is the top.
    "cd src/L/../docs/.. && touch x",
    // git -C and a folder DEST are chdir(2) and a path as written: links before `..`.
    "git -C src/L/.. init -q x",
    "mv src/api/a.ts src/L/..",
    // A link copied as a link still points to docs.
    "cp -r src/L src/copy && touch src/copy/x",
    "cp -P src/L src/P && touch src/P/x",
    "mv src/L src/M && echo x > src/M/guide.md",
    "cd \"$(echo docs)\"; bash -c 'touch src/x'",
  ];
  for (const c of blocked) expect(await said(c), c).not.toBe("allow");
  // Read logically or physically, these stay in src.
  for (const c of ["set -P; cd src/L/..; touch src/api/x", "cd src/L/..; touch api/x", "set -e; cd src/L/..; touch api/x", "(set -P); cd src/L/..; touch api/x", "set -P; cd src && touch api/x", "set -o pipefail; cd src/api && touch x", "cp -rL src/L src/copy && touch src/copy/x", "git -C src init -q sub", "mv src/api/a.ts src/api/.."]) expect(await said(c), c).toBe("allow");
});

test("an MCP tool's file:// URI is judged with its %-escapes decoded too (red-team round 15)", { timeout: 120_000 }, async () => {
  const { repo, tool } = await linkedRepo("src/**");
  for (const uri of [`file://${repo}/src/%2e%2e/docs/x`, `file://${repo}/src/..%2f..%2f${repo.split("/").pop() ?? ""}/docs/x`, `file://${repo}/src/%2E%2E/.exo/config.yaml`]) {
    expect(await tool("mcp__fs__write_file", { uri, content: "x" }), uri).not.toBe("allow");
  }
  for (const uri of [`file://${repo}/src/x.ts`, `file://localhost${repo}/src/x.ts`, `file://${repo}/src/caf%C3%A9.ts`]) expect(await tool("mcp__fs__write_file", { uri, content: "x" }), uri).toBe("allow");
});
