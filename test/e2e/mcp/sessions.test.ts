import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { git, initRepo, tempRepo } from "../../helpers/repo.js";

test("MCP: session family — start with actor, decide, heartbeat, suspend, resume, reflect, finish", async () => {
  const repo = await initRepo({ "src/auth/a.ts": "a\n" });
  const client = await mcpClient(repo);
  await client.callTool({ name: "exo_ticket_create", arguments: { title: "t", id: "T1", scope_allow: ["src/auth/**"] } });
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "t");
  const start = structured(await client.callTool({ name: "exo_session_start", arguments: { ticket_id: "T1", actor: "agent:bot", vendor: "openai", model: "gpt-5" } }));
  expect(start.ok).toBe(true);
  expect(start.data.session).toMatchObject({ actor: "agent:bot", harness: "mcp", vendor: "openai" });
  const denied = await client.callTool({ name: "exo_decide", arguments: { path: ["docs/x.md"], actor: "agent:bot" } });
  expect(denied.isError).toBe(true);
  expect(structured(denied).error?.code).toBe("OUT_OF_SCOPE");
  expect(structured(await client.callTool({ name: "exo_lease_heartbeat", arguments: { actor: "agent:bot" } })).ok).toBe(true);
  expect(structured(await client.callTool({ name: "exo_session_suspend", arguments: { reason: "pause", actor: "agent:bot" } })).data.ticket_status).toBe("paused");
  expect(structured(await client.callTool({ name: "exo_session_resume", arguments: { actor: "agent:bot" } })).data.resumed).toBe(true);
  expect(structured(await client.callTool({ name: "exo_reflect", arguments: { pattern: "p", insight: "i", actor: "agent:bot" } })).ok).toBe(true);
  await writeFile(join(repo, "src/auth/b.ts"), "b\n");
  const fin = await client.callTool({ name: "exo_session_finish", arguments: { summary: "done", actor: "agent:bot" } });
  expect(structured(fin).data).toMatchObject({ outcome: "finished", drift: { score: 0.029 } });
  expect((fin.content as { text: string }[])[0]?.text).toMatch(/finished SES-/);
  const noSession = await client.callTool({ name: "exo_session_finish", arguments: { summary: "again", actor: "agent:bot" } });
  expect(structured(noSession).error?.code).toBe("NO_ACTIVE_SESSION");
});

test("MCP: setup and health family — install, doctor, metrics, ledger-verify", async () => {
  const repo = await tempRepo();
  const client = await mcpClient(repo);
  const install = structured(await client.callTool({ name: "exo_install", arguments: { hooks: false } }));
  expect(install.data.status).toBe("ok");
  expect(structured(await client.callTool({ name: "exo_doctor", arguments: {} })).data.status).not.toBe("fail");
  expect(structured(await client.callTool({ name: "exo_metrics", arguments: {} })).data.fleet_health.status).toBe("healthy");
  expect(structured(await client.callTool({ name: "exo_ledger_verify", arguments: {} })).data.valid).toBe(true);
});
