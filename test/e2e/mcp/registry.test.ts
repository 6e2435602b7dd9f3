import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { commands } from "../../../src/commands/index.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { toolDefinition } from "../../../src/mcp/server.js";
import { DIST, initRepo, tempRepo } from "../../helpers/repo.js";

test("listTools returns exactly one exo_* tool per registry command, with its input schema", async () => {
  const repo = await initRepo();
  const client = await mcpClient(repo);
  const { tools } = await client.listTools();
  const expected = commands.map((c) => `exo_${c.name.replaceAll("-", "_")}`).sort();
  expect(tools.map((t) => t.name).sort()).toEqual(expected);
  const show = tools.find((t) => t.name === "exo_ledger_show");
  expect(show?.inputSchema.properties).toHaveProperty("session_id");
  expect(show?.inputSchema.properties).toHaveProperty("repo");
  expect(show?.annotations?.readOnlyHint).toBe(true);
  const compose = tools.find((t) => t.name === "exo_compose");
  expect(compose?.annotations?.idempotentHint).toBe(true);
  // The built server answers from dist/mcp/tools.json: it must be what the registry code makes.
  const built = JSON.parse(await readFile(join(DIST, "mcp", "tools.json"), "utf8")) as Record<string, unknown>;
  expect(built).toEqual(Object.fromEntries(commands.map((c) => [c.name, toolDefinition(c)])));
  expect(tools).toEqual(commands.map((c) => toolDefinition(c)));
});

test("exo_status returns the envelope as structuredContent plus a text rendering", async () => {
  const repo = await initRepo();
  const client = await mcpClient(repo);
  const result = await client.callTool({ name: "exo_status", arguments: {} });
  expect(result.isError).toBeFalsy();
  const env = structured(result);
  expect(env.ok).toBe(true);
  expect(env.data.governance.status).toBe("valid");
  expect((result.content as { type: string; text: string }[])[0]?.text).toMatch(/governance\s+valid/);
});

test("a failing call returns isError with the error code; bad arguments give INVALID_INPUT", async () => {
  const repo = await tempRepo();
  const client = await mcpClient(repo);
  const result = await client.callTool({ name: "exo_status", arguments: {} });
  expect(result.isError).toBe(true);
  expect(structured(result).error?.code).toBe("NOT_INITIALIZED");
  expect(JSON.parse((result.content as { text: string }[])[0]?.text ?? "{}").error.code).toBe("NOT_INITIALIZED");
  const bad = await client.callTool({ name: "exo_ledger_show", arguments: { limit: "many" } });
  expect(bad.isError).toBe(true);
  expect(structured(bad).error?.code).toBe("INVALID_INPUT");
  const unknown = await client.callTool({ name: "exo_ledger_show", arguments: { bogus: 1 } });
  expect(structured(unknown).error?.code).toBe("INVALID_INPUT");
});

test("repo arguments outside the allowed roots are REPO_NOT_ALLOWED", async () => {
  const repo = await initRepo();
  const other = await initRepo();
  const client = await mcpClient(repo);
  const denied = await client.callTool({ name: "exo_status", arguments: { repo: other } });
  expect(structured(denied).error?.code).toBe("REPO_NOT_ALLOWED");
  const allowedClient = await mcpClient(repo, { args: ["--allow-repo", other] });
  const allowed = await allowedClient.callTool({ name: "exo_status", arguments: { repo: other } });
  expect(structured(allowed).ok).toBe(true);
});

test("the core profile lists only core tools", async () => {
  const repo = await initRepo();
  const client = await mcpClient(repo, { args: ["--profile", "core"] });
  const { tools } = await client.listTools();
  const core = commands.filter((c) => c.core).map((c) => `exo_${c.name.replaceAll("-", "_")}`).sort();
  expect(tools.map((t) => t.name).sort()).toEqual(core);
  expect(JSON.stringify(tools).length).toBeLessThan(20_000);
});

test("mcp.profile in .exo/config.yaml selects the profile when no flag is given", async () => {
  const repo = await initRepo();
  await appendFile(join(repo, ".exo", "config.yaml"), "mcp:\n  profile: core\n");
  const client = await mcpClient(repo);
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(commands.filter((c) => c.core).map((c) => `exo_${c.name.replaceAll("-", "_")}`).sort());
});
