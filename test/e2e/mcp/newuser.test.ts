// MCP errors carry a hint that names the tool itself, never the <command> placeholder nor a command line.
import { expect, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { initRepo, MCP_BIN, runNode } from "../../helpers/repo.js";
import { EXO_VERSION } from "../../../src/version.js";

test("an unknown argument's hint names the tool and the argument (before: exo next --help, a command line)", async () => {
  const repo = await initRepo();
  const client = await mcpClient(repo);
  const bad = structured(await client.callTool({ name: "exo_next", arguments: { bogus: 1 } }));
  expect(bad.error).toMatchObject({ code: "INVALID_INPUT", hint: "exo_next without bogus (its inputSchema is in tools/list)" });
  await client.close();
});

test("exo-mcp --help says what the server is; --version prints it; a wrong flag says where to look", async () => {
  const repo = await initRepo();
  const help = await runNode(MCP_BIN, ["--help"], repo);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^Usage: exo-mcp /);
  expect(help.stdout.replace(/\s+/g, " ")).toMatch(/run by hand, it waits for JSON-RPC on stdin/);
  expect(help.stdout.split("\n").filter((l) => [...l].length > 80)).toEqual([]);
  const version = await runNode(MCP_BIN, ["--version"], repo);
  expect(version).toMatchObject({ code: 0, stdout: `${EXO_VERSION}\n` });
  const bad = await runNode(MCP_BIN, ["--bogus"], repo);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toBe("exo-mcp: unknown option --bogus; run exo-mcp --help.\n");
});

test("exo-mcp with an option's value left out exits 2 saying so, instead of serving the working directory", async () => {
  const repo = await initRepo();
  for (const [flag, what] of [["--repo", "a folder"], ["--allow-repo", "a folder"], ["--profile", "core or all"]] as const) {
    const run = await runNode(MCP_BIN, [flag], repo);
    expect(run.code, flag).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`exo-mcp: ${flag} needs a value (${what}); run exo-mcp --help.\n`);
  }
});
