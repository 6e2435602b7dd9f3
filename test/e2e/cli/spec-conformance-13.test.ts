// Black-box checks of SPEC contracts found wanting by the round-13 audit (§6 data shapes, §8.8 MCP
// argument names). Each test fails on the behaviour before its fix.
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

test("doctor: every section carries name, status, message, hint, fixable, details in that order; hint is null when no command helps (SPEC §6.1)", async () => {
  const repo = await initRepo();
  const env = envelope(await exo(repo, "doctor"));
  const sections = env.data.sections as Record<string, unknown>[];
  expect(sections.length).toBeGreaterThan(5);
  for (const s of sections) {
    expect(Object.keys(s), String(s["name"])).toEqual(["name", "status", "message", "hint", "fixable", "details"]);
    expect(s["hint"] === null || typeof s["hint"] === "string", String(s["name"])).toBe(true);
  }
  // A passing section has nothing to run next.
  expect(sections.find((s) => s["name"] === "environment")).toMatchObject({ status: "pass", hint: null });
  const governance = sections.find((s) => s["name"] === "governance");
  expect(governance).toMatchObject({ status: "pass", hint: null, fixable: false });
});

test("MCP: a switch SPEC §6 spells only as --no-… is accepted under that name in snake_case (no_acquire_lock, no_git, no_write), as SPEC §8.8 names arguments after the long flags", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1"));
  const client = await mcpClient(repo);
  // --no-acquire-lock: with no live lock the start is refused with LOCK_REQUIRED (not an unknown argument).
  const refused = structured(await client.callTool({ name: "exo_session_start", arguments: { ticket_id: "T1", no_acquire_lock: true, actor: "agent:a" } }));
  expect(refused.error?.code).toBe("LOCK_REQUIRED");
  // no_acquire_lock: false is the default: the start takes the lock.
  const started = structured(await client.callTool({ name: "exo_session_start", arguments: { ticket_id: "T1", no_acquire_lock: false, actor: "agent:a" } }));
  expect(started.ok).toBe(true);
  // --no-git on ledger-verify and --no-write on export-traces.
  const verified = structured(await client.callTool({ name: "exo_ledger_verify", arguments: { no_git: true } }));
  expect(verified.ok).toBe(true);
  const exported = structured(await client.callTool({ name: "exo_export_traces", arguments: { no_write: true } }));
  expect(exported).toMatchObject({ ok: true, data: { out: null } });
  // The positive names still work; a no_ form of a switch that has none stays unknown.
  expect(structured(await client.callTool({ name: "exo_ledger_verify", arguments: { git: false } })).ok).toBe(true);
  const unknown = structured(await client.callTool({ name: "exo_tickets", arguments: { no_all: true } }));
  expect(unknown.error?.code).toBe("INVALID_INPUT");
});
