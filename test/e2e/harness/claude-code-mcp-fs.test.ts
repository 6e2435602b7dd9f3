// Real Claude Code and an MCP server that is not exo's: a filesystem server (write_file,
// read_text_file, move_file; test/fixtures/mcp/fs-server.mjs, standing in for
// @modelcontextprotocol/server-filesystem) registered in the project's .mcp.json. Its tools reach
// exo's PreToolUse as mcp__fs__<tool> with the server's own arguments (and, new in Claude Code
// 2.1, an `mcp_server: {name, source}` field exo does not need): a write out of scope and a read
// of .env are refused, a write in scope lands. The server's resources are read with Claude Code's
// own ReadMcpResourceTool {server, uri}, which exo's matcher did not name: before harness round
// 22 `file://<repo>/.env` (listed by the server) returned the secret to the model.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { expect, test } from "vitest";
import { query } from "@anthropic-ai/claude-agent-sdk";
import { envelope, exo, git, initRepo, tempDir, writeFiles } from "../../helpers/repo.js";
import { claudeEnv, messagesServer, type Block } from "../../helpers/sdk.js";

const FS_SERVER = resolve("test/fixtures/mcp/fs-server.mjs");

test("real Claude Code: another MCP server's file tools are judged as file tools (write out of scope and move out refused, .env read refused, write in scope lands)", { timeout: 240_000 }, async () => {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "docs/README.md": "d\n", ".gitignore": ".env\n" });
  for (const args of [["hook-install", "--harness", "claude"], ["ticket-create", "api", "--id", "T1", "--scope-allow", "src/**"]]) expect((await exo(repo, ...args)).code).toBe(0);
  await writeFiles(repo, { ".mcp.json": JSON.stringify({ mcpServers: { fs: { command: process.execPath, args: [FS_SERVER] } } }), ".claude/settings.local.json": JSON.stringify({ enableAllProjectMcpServers: true }) });
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  await writeFiles(repo, { ".env": "API_KEY=very-secret\n" });
  const session = String((envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:claude" } })).data.session as { id: string }).id);
  const tool = (id: string, name: string, input: Record<string, unknown>): Block[] => [{ type: "tool_use", id, name: `mcp__fs__${name}`, input }];
  const server = await messagesServer([
    tool("toolu_1", "write_file", { path: "docs/mcp.md", content: "no\n" }),
    tool("toolu_2", "write_file", { path: "src/api/mcp.ts", content: "yes\n" }),
    tool("toolu_3", "read_text_file", { path: ".env" }),
    tool("toolu_4", "move_file", { source: "src/api/a.ts", destination: "docs/moved.ts" }),
    tool("toolu_5", "write_file", { path: join(repo, "docs/abs.md"), content: "no\n" }),
    [{ type: "tool_use", id: "toolu_6", name: "ListMcpResourcesTool", input: { server: "fs" } }],
    [{ type: "tool_use", id: "toolu_7", name: "ReadMcpResourceTool", input: { server: "fs", uri: `file://${repo}/.env` } }],
    [{ type: "tool_use", id: "toolu_8", name: "ReadMcpResourceTool", input: { server: "fs", uri: `file://${repo}/src/%2e%2e/.env` } }],
    [{ type: "tool_use", id: "toolu_9", name: "ReadMcpResourceTool", input: { server: "fs", uri: `file://${repo}/src/api/a.ts` } }],
    [{ type: "text", text: "Done." }],
  ]);
  const env = { ...claudeEnv(await tempDir(), server.url), EXO_ACTOR: "agent:claude", IS_SANDBOX: "1" };
  for await (const m of query({ prompt: "Work on the ticket.", options: { cwd: repo, env, settingSources: ["project", "local"], permissionMode: "bypassPermissions", allowDangerouslySkipPermissions: true } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  // The server ran (the write in scope went through it), and nothing left the scope.
  expect(await readFile(join(repo, "src/api/mcp.ts"), "utf8")).toBe("yes\n");
  for (const f of ["docs/mcp.md", "docs/moved.ts", "docs/abs.md"]) expect(existsSync(join(repo, f)), f).toBe(false);
  expect(await readFile(join(repo, "src/api/a.ts"), "utf8")).toBe("a\n");
  const results = server.turns.map((t) => JSON.stringify(t.messages.at(-1)));
  expect(results[3]).toContain("exo blocked read of .env");
  // The listing names .env (so the URI is no guess); reading it is refused, spelled either way; another resource reads.
  expect(results[6]).toContain(".env");
  expect(results[7]).toContain("exo blocked read of .env");
  expect(results[8]).toContain("exo blocked read of src/%2e%2e/.env");
  expect(results[9]).toContain("src/api/a.ts");
  expect(results[9]).not.toContain("exo blocked");
  expect(results.join("\n")).not.toContain("very-secret");
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; session: string | null; data: Record<string, unknown> }[];
  // A file tool of another server may write where exo cannot be sure: asked (refused, headless), the .env read denied.
  const refused = records.filter((r) => r.type === "hook.asked" || r.type === "hook.denied");
  expect(refused.map((r) => r.type)).toEqual(["hook.asked", "hook.denied", "hook.asked", "hook.asked", "hook.denied", "hook.denied"]);
  expect(refused.map((r) => String(r.data["path"] ?? r.data["reason"]))).toEqual([expect.stringContaining("docs/mcp.md"), ".env", expect.stringContaining("docs/moved.ts"), expect.stringContaining("docs/abs.md"), ".env", expect.stringMatching(/\.env$/)]);
  for (const r of refused) expect(r.session).toBe(session);
});
