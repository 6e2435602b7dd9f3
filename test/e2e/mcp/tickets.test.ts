import { expect, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { initRepo } from "../../helpers/repo.js";

test("MCP: ticket family — create, list, show, update, tree", async () => {
  const repo = await initRepo();
  const client = await mcpClient(repo);
  const intent = structured(await client.callTool({ name: "exo_intent_create", arguments: { title: "auth", brain_dump: "login", scope_allow: ["src/auth/**"], id: "INT-1" } }));
  expect(intent.ok).toBe(true);
  const task = structured(await client.callTool({ name: "exo_ticket_create", arguments: { title: "signup", parent: "INT-1", id: "T1", priority: 1 } }));
  expect(task.data.ticket.created_by).toBe("agent:mcp");
  expect(structured(await client.callTool({ name: "exo_tickets", arguments: { kind: "task" } })).data.total).toBe(1);
  expect(structured(await client.callTool({ name: "exo_ticket_show", arguments: { id: "T1" } })).data.effective_scope.allow).toEqual(["src/auth/**"]);
  expect(structured(await client.callTool({ name: "exo_ticket_update", arguments: { id: "T1", priority: 2 } })).data.changed).toEqual(["priority"]);
  expect(structured(await client.callTool({ name: "exo_intents", arguments: {} })).data.roots[0].children[0].id).toBe("T1");
  const bad = await client.callTool({ name: "exo_ticket_create", arguments: { title: "x", parent: "../x" } });
  expect(bad.isError).toBe(true);
  expect(structured(bad).error?.code).toBe("INVALID_INPUT");
  // An argument name the tool does not take names the one meant and the tool's arguments.
  const misnamed = structured(await client.callTool({ name: "exo_ticket_show", arguments: { ticket_id: "T1" } }));
  expect(misnamed.error?.code).toBe("INVALID_INPUT");
  expect(misnamed.error?.message).toBe("Unknown argument ticket_id for exo_ticket_show; did you mean id? Its arguments: id, repo, actor.");
});

test("MCP: dispatch and lease family — next, heartbeat, renew, release, gc-locks", async () => {
  const repo = await initRepo();
  const client = await mcpClient(repo);
  await client.callTool({ name: "exo_ticket_create", arguments: { title: "t", id: "T1" } });
  const claimed = structured(await client.callTool({ name: "exo_next", arguments: { owner: "agent:bot", actor: "agent:bot" } }));
  expect(claimed.data.ticket.id).toBe("T1");
  expect(structured(await client.callTool({ name: "exo_lease_heartbeat", arguments: { actor: "agent:bot" } })).data.lock.fencing_token).toBe(1);
  expect(structured(await client.callTool({ name: "exo_lease_renew", arguments: { actor: "agent:bot", ticket_id: "T1" } })).data.lock.fencing_token).toBe(2);
  expect(structured(await client.callTool({ name: "exo_lease_release", arguments: { actor: "agent:bot" } })).data.ticket_status).toBe("todo");
  expect(structured(await client.callTool({ name: "exo_gc_locks", arguments: { dry_run: true } })).data.dry_run).toBe(true);
  const none = await client.callTool({ name: "exo_next", arguments: { lane: "ghost" } });
  expect(structured(none).error?.code).toBe("INVALID_INPUT");
});
