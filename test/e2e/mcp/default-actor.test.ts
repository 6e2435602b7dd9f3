// Who exo-mcp acts as when a call names no actor: EXO_ACTOR, else --default-actor, else
// EXO_MCP_DEFAULT_ACTOR (which install's registrations set per harness), else agent:mcp.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { envelope, exo, initRepo, MCP_BIN, runNode, type Run } from "../../helpers/repo.js";

async function creator(repo: string, id: string, opts: { args?: string[]; env?: Record<string, string> }): Promise<string> {
  const client = await mcpClient(repo, opts);
  try {
    const made = structured(await client.callTool({ name: "exo_intent_create", arguments: { title: id, brain_dump: "why", id } }));
    expect(made.ok, JSON.stringify(made)).toBe(true);
    return made.data.ticket.created_by as string;
  } finally {
    await client.close();
  }
}

test("exo-mcp's default actor: EXO_ACTOR first, then --default-actor, then EXO_MCP_DEFAULT_ACTOR, then agent:mcp", async () => {
  const repo = await initRepo();
  expect(await creator(repo, "INT-1", {})).toBe("agent:mcp");
  expect(await creator(repo, "INT-2", { env: { EXO_MCP_DEFAULT_ACTOR: "agent:cursor" } })).toBe("agent:cursor");
  expect(await creator(repo, "INT-3", { args: ["--default-actor", "agent:codex"], env: { EXO_MCP_DEFAULT_ACTOR: "agent:cursor" } })).toBe("agent:codex");
  expect(await creator(repo, "INT-4", { args: ["--default-actor", "agent:codex"], env: { EXO_ACTOR: "agent:claude:2" } })).toBe("agent:claude:2");
  // A registration edited into no actor is named on stderr and ignored.
  expect(await creator(repo, "INT-5", { env: { EXO_MCP_DEFAULT_ACTOR: "not an actor" } })).toBe("agent:mcp");
  const bad = await runNode(MCP_BIN, ["--default-actor", "claude code"], repo);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toBe('exo-mcp: --default-actor "claude code" is not an actor; use a form such as agent:claude.\n');
});

test("doctor names an MCP registration exo wrote before it named the agent, and --fix brings it up to date", async () => {
  const repo = await initRepo();
  expect(envelope(await exo(repo, "install", "--harness", "claude", "--harness", "git")).ok).toBe(true);
  const file = join(repo, ".mcp.json");
  const fresh = await readFile(file, "utf8");
  // The entry as an earlier exo wrote it: no EXO_MCP_DEFAULT_ACTOR.
  await writeFile(file, `${JSON.stringify({ mcpServers: { exo: { command: "node", args: [".exo/bin/exo-mcp.mjs"] } } }, null, 2)}\n`);
  const adapters = (run: Run) => envelope(run).data.sections.find((s: { name: string }) => s.name === "adapters");
  const seen = adapters(await exo(repo, "doctor", "--section", "adapters"));
  expect(seen.status).toBe("warn");
  expect(seen.message).toContain("MCP registration from an earlier exo: .mcp.json");
  expect(seen.details.mcp_outdated).toEqual([".mcp.json"]);
  const fixed = envelope(await exo(repo, "doctor", "--fix", "--section", "adapters"));
  expect(JSON.stringify(fixed.data.fixed)).toContain("brought exo's MCP registration up to date: .mcp.json");
  expect(await readFile(file, "utf8")).toBe(fresh);
  expect(adapters(await exo(repo, "doctor", "--section", "adapters")).status).toBe("pass");
  // A user's own exo entry is theirs: never reported.
  await writeFile(file, JSON.stringify({ mcpServers: { exo: { command: "exo-mcp" } } }));
  expect(adapters(await exo(repo, "doctor", "--section", "adapters")).status).toBe("pass");
});
