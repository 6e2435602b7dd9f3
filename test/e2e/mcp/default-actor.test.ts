// Who exo-mcp acts as when a call names no actor: EXO_ACTOR, else --default-actor, else
// EXO_MCP_DEFAULT_ACTOR (which install's registrations set per harness), else agent:mcp.
import { expect, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { initRepo, MCP_BIN, runNode } from "../../helpers/repo.js";

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
