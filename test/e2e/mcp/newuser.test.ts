// MCP errors carry a hint that names the tool's own command, never the <command> placeholder.
import { expect, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { initRepo } from "../../helpers/repo.js";

test("an unknown argument's hint names the command (exo next --help)", async () => {
  const repo = await initRepo();
  const client = await mcpClient(repo);
  const bad = structured(await client.callTool({ name: "exo_next", arguments: { bogus: 1 } }));
  expect(bad.error).toMatchObject({ code: "INVALID_INPUT", hint: "exo next --help" });
  await client.close();
});
