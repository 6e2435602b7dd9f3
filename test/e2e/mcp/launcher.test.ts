// The MCP launcher `.exo/bin/exo-mcp.mjs` that install registers for every harness: it starts the exo
// on this machine (the record the last exo run left, the project's node_modules, exo-mcp on PATH)
// offline and from any working folder it is given the repository in, and falls back to the pinned
// version through npx when there is none.
import { existsSync } from "node:fs";
import { chmod, readFile, symlink, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { expect, onTestFinished, test } from "vitest";
import { EXO_VERSION } from "../../../src/version.js";
import { structured } from "../../helpers/mcp.js";
import { baseEnv, DIST, envelope, exo, git, runNode, tempDir, tempRepo } from "../../helpers/repo.js";

/** Connect an MCP client to a harness entry, spawned the way the harness would (cwd, PATH). */
async function connect(entry: { command: string; args: string[] }, cwd: string, env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({ command: entry.command === "node" ? process.execPath : entry.command, args: entry.args, cwd, env, stderr: "pipe" });
  const client = new Client({ name: "exo-test", version: "1.0.0" });
  await client.connect(transport);
  onTestFinished(() => client.close());
  return client;
}

/** A PATH without any exo-mcp or npx: node, git and sh only. */
async function pathWithoutExo(): Promise<string> {
  const bin = await tempDir();
  await symlink(process.execPath, join(bin, "node"));
  for (const tool of ["git", "sh"]) {
    const found = (process.env["PATH"] ?? "").split(":").map((d) => join(d, tool)).find((p) => existsSync(p));
    if (found) await symlink(found, join(bin, tool));
  }
  return bin;
}

async function installed(): Promise<string> {
  const repo = await tempRepo({ "src/a.ts": "a\n" });
  const run = envelope(await exo(repo, "install", "--harness", "claude", "--harness", "cursor", "--harness", "codex"));
  expect(run.ok).toBe(true);
  return repo;
}

test("the registered entries start exo's server offline: Claude's from the project, Codex's from a folder below it, Cursor's from anywhere", async () => {
  const repo = await installed();
  const bin = await pathWithoutExo();
  // Nothing on PATH and an npm registry that cannot be reached: the record of the exo that ran here is enough.
  const env = baseEnv({ PATH: bin, npm_config_registry: "http://127.0.0.1:9", npm_config_offline: "true" });
  const claude = JSON.parse(await readFile(join(repo, ".mcp.json"), "utf8")).mcpServers.exo;
  const client = await connect(claude, repo, env);
  expect(client.getServerVersion()?.name).toBe("exo");
  const status = await client.callTool({ name: "exo_status", arguments: {} });
  expect(structured(status).ok).toBe(true);
  // Codex starts servers in the folder it runs in, maybe below the top: its entry asks git.
  const toml = await readFile(join(repo, ".codex/config.toml"), "utf8");
  const [, command, args] = /\[mcp_servers\.exo\]\ncommand = (".*")\nargs = (\[.*\])\n/.exec(toml) ?? [];
  const viaCodex = await connect({ command: JSON.parse(command as string), args: JSON.parse(args as string) }, join(repo, "src"), env);
  expect((await viaCodex.listTools()).tools.map((t) => t.name)).toContain("exo_status");
  // Cursor starts servers elsewhere: its entry names the launcher and the repository.
  const cursor = JSON.parse(await readFile(join(repo, ".cursor/mcp.json"), "utf8")).mcpServers.exo;
  const elsewhere = await tempDir();
  const expand = (a: string) => a.replaceAll("${workspaceFolder}", repo);
  const viaCursor = await connect({ command: cursor.command, args: cursor.args.map(expand) }, elsewhere, env);
  const tools = await viaCursor.listTools();
  expect(tools.tools.map((t) => t.name)).toContain("exo_session_start");
  const tickets = await viaCursor.callTool({ name: "exo_tickets", arguments: {} });
  expect(structured(tickets).ok).toBe(true);
});

test("the launcher finds exo-mcp on PATH, and without any exo runs the pinned version through npx", async () => {
  const repo = await installed();
  // No record of an exo run here.
  await unlink(join(repo, ".exo/cache/hook-bundle.json"));
  const bin = await pathWithoutExo();
  await symlink(join(DIST, "mcp", "bin.js"), join(bin, "exo-mcp"));
  const viaPath = await connect({ command: "node", args: [".exo/bin/exo-mcp.mjs"] }, repo, baseEnv({ PATH: bin }));
  expect(viaPath.getServerVersion()?.version).toBe(EXO_VERSION);
  // No exo at all: npx gets the version that compiled this repository's governance.
  const bare = await pathWithoutExo();
  const log = join(await tempDir(), "npx.log");
  await writeFile(join(bare, "npx"), `#!/bin/sh\nprintf '%s\\n' "$@" > ${JSON.stringify(log)}\nexit 3\n`);
  await chmod(join(bare, "npx"), 0o755);
  const run = await runNode(join(repo, ".exo/bin/exo-mcp.mjs"), [], repo, { env: { PATH: bare } });
  expect(run.code).toBe(3);
  const lock = JSON.parse(await readFile(join(repo, ".exo/governance.lock.json"), "utf8")) as { exo_version: string };
  expect((await readFile(log, "utf8")).trim().split("\n")).toEqual(["-y", "-p", `exoprotocol@${lock.exo_version}`, "exo-mcp", "--repo", repo]);
  // Without npx either: one line that says how to install exo.
  await unlink(join(bare, "npx"));
  const none = await runNode(join(repo, ".exo/bin/exo-mcp.mjs"), [], repo, { env: { PATH: bare } });
  expect(none.code).toBe(1);
  expect(none.stderr).toBe(`exo-mcp: exo is not installed on this machine and npx is not available; install it with npm install -g exoprotocol@${lock.exo_version}\n`);
});

test("install brings the npx entries of earlier versions up to the launcher, and leaves a user's own entry alone", async () => {
  const old = { command: "npx", args: ["-y", "-p", "exoprotocol@0.9.0", "exo-mcp"] };
  const repo = await tempRepo({
    ".mcp.json": JSON.stringify({ mcpServers: { exo: old } }),
    ".cursor/mcp.json": JSON.stringify({ mcpServers: { exo: { ...old, args: [...old.args, "--repo", "${workspaceFolder}"] } } }),
  });
  const run = envelope(await exo(repo, "install", "--harness", "claude", "--harness", "cursor"));
  expect(run.data.mcp.message).toContain(".mcp.json updated");
  expect(JSON.parse(await readFile(join(repo, ".mcp.json"), "utf8")).mcpServers.exo).toEqual({ command: "node", args: [".exo/bin/exo-mcp.mjs"], env: { EXO_MCP_DEFAULT_ACTOR: "agent:claude" } });
  expect(JSON.parse(await readFile(join(repo, ".cursor/mcp.json"), "utf8")).mcpServers.exo.args[0]).toBe("${workspaceFolder}/.exo/bin/exo-mcp.mjs");
  // A user's own entry: no launcher is needed for it.
  const own = await tempRepo({ ".mcp.json": JSON.stringify({ mcpServers: { exo: { command: "exo-mcp" } } }) });
  const mine = envelope(await exo(own, "install", "--harness", "claude"));
  expect(mine.data.mcp.files).toEqual([]);
  await expect(readFile(join(own, ".exo/bin/exo-mcp.mjs"), "utf8")).rejects.toThrow();
  expect(git(own, "status", "--porcelain")).toBe("");
});
