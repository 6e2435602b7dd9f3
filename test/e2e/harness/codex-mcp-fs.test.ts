// Real Codex (npm @openai/codex) and an MCP server that is not exo's: a filesystem server
// (test/fixtures/mcp/fs-server.mjs) in the user's config.toml. Codex defers MCP tools behind
// tool_search; once found, a call reaches exo's PreToolUse (matcher mcp__.*) as
// mcp__fs__<tool> with the server's own arguments: a write out of scope, a move out of scope and a
// read of .env are refused with the reason, a write in scope lands. The server's resources are
// read with Codex's own read_mcp_resource {server, uri}, a PreToolUse exo's matcher did not name:
// before harness round 22 `file://<repo>/.env` (listed by the server) returned the secret.
import { existsSync } from "node:fs";
import { appendFile, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, writeFiles } from "../../helpers/repo.js";
import { codexExec, governedCodexRepo, message, responsesSse, trustedCodex, type OutputItem } from "../../helpers/codex.js";

const FS_SERVER = resolve("test/fixtures/mcp/fs-server.mjs");
const toolSearch = (query: string, id: string): OutputItem => ({ type: "tool_search_call", id: `tsc_${id}`, call_id: `call_${id}`, execution: "client", status: "completed", arguments: { query } });
const plain = (name: string, args: Record<string, unknown>, id: string): OutputItem => ({ type: "function_call", id: `fc_${id}`, call_id: `call_${id}`, name, arguments: JSON.stringify(args) });
const fsTool = (name: string, args: Record<string, unknown>, id: string): OutputItem => ({ type: "function_call", id: `fc_${id}`, call_id: `call_${id}`, namespace: "mcp__fs", name, arguments: JSON.stringify(args) });

test("real Codex: another MCP server's file tools are judged as file tools (write and move out of scope refused, .env read refused, write in scope lands)", { timeout: 300_000 }, async () => {
  const repo = await governedCodexRepo();
  await writeFiles(repo, { ".gitignore": ".env\n" });
  git(repo, "add", ".gitignore");
  git(repo, "commit", "-qm", "ignore .env");
  await writeFiles(repo, { ".env": "API_KEY=very-secret\n" });
  const server = await responsesSse([
    [toolSearch("write file", "0")],
    [fsTool("write_file", { path: "docs/mcp.md", content: "no\n" }, "1")],
    [fsTool("write_file", { path: "src/api/mcp.ts", content: "yes\n" }, "2")],
    [fsTool("read_text_file", { path: ".env" }, "3")],
    [fsTool("move_file", { source: "src/api/a.ts", destination: "docs/moved.ts" }, "4")],
    [plain("list_mcp_resources", { server: "fs" }, "5")],
    [plain("read_mcp_resource", { server: "fs", uri: `file://${repo}/.env` }, "6")],
    [plain("read_mcp_resource", { server: "fs", uri: `file://${repo}/src/api/a.ts` }, "7")],
    [message("done")],
  ]);
  const { env, dir } = await trustedCodex(repo, server.url);
  await appendFile(join(dir, "config.toml"), `\n[mcp_servers.fs]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(FS_SERVER)}]\n`);
  const run = await codexExec(repo, "Work on the ticket.", env);
  expect(run.code, run.stderr).toBe(0);
  const outputs = server.requests.map((r) => JSON.stringify(r.input.at(-1)));
  expect(outputs[1]).toMatch(/"name":"mcp__fs".*write_file/);
  expect(await readFile(join(repo, "src/api/mcp.ts"), "utf8")).toBe("yes\n");
  for (const f of ["docs/mcp.md", "docs/moved.ts"]) expect(existsSync(join(repo, f)), f).toBe(false);
  expect(await readFile(join(repo, "src/api/a.ts"), "utf8")).toBe("a\n");
  expect(outputs[2]).toContain("Tool call blocked by PreToolUse hook");
  expect(outputs[2]).toContain("docs/mcp.md");
  expect(outputs[4]).toContain("exo blocked read of .env");
  expect(outputs[5]).toContain("docs/moved.ts");
  expect(outputs[6]).toContain(".env");
  expect(outputs[7]).toContain("exo blocked read of .env");
  expect(outputs[8]).toContain("src/api/a.ts");
  expect(outputs[8]).not.toContain("exo blocked");
  expect(outputs.join("\n")).not.toContain("very-secret");
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; data: Record<string, unknown> }[];
  expect(records.filter((r) => r.type === "hook.asked" || r.type === "hook.denied").map((r) => r.type)).toEqual(["hook.asked", "hook.denied", "hook.asked", "hook.denied"]);
});
