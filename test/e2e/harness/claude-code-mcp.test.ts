// A real Claude Code run whose whole governed session goes through exo's MCP server as `exo
// install` registers it in .mcp.json: start over MCP, Write in and out of scope (exo's hooks judge
// each against the session the MCP tool opened), finish over MCP. No EXO_ACTOR in the
// environment: a person starts Claude Code as they would any day.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { query } from "@anthropic-ai/claude-agent-sdk";
import { EXO_BIN, envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { claudeEnv, messagesServer } from "../../helpers/sdk.js";

/** `exo install` as a user runs it, task T1 (scope src/**) committed, the project's MCP servers approved once. */
async function mcpRepo(files: Record<string, string>): Promise<string> {
  const repo = await initRepo(files);
  expect(envelope(await exo(repo, "install", "--harness", "claude", "--harness", "git")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  writeFileSync(join(repo, ".claude/settings.local.json"), JSON.stringify({ enableAllProjectMcpServers: true }));
  return repo;
}

test("real Claude Code: a session started over exo's MCP server holds the agent's Writes to its scope and finishes over MCP", { timeout: 240_000 }, async () => {
  const repo = await mcpRepo({ "src/api/a.ts": "a\n", "docs/README.md": "d\n" });
  const server = await messagesServer([
    [{ type: "tool_use", id: "toolu_start", name: "mcp__exo__exo_session_start", input: { ticket_id: "T1" } }],
    [{ type: "tool_use", id: "toolu_in", name: "Write", input: { file_path: join(repo, "src/api/in.ts"), content: "export const x = 1;\n" } }],
    [{ type: "tool_use", id: "toolu_out", name: "Write", input: { file_path: join(repo, "docs/out.md"), content: "no\n" } }],
    [{ type: "tool_use", id: "toolu_finish", name: "mcp__exo__exo_session_finish", input: { summary: "api endpoint added" } }],
    [{ type: "text", text: "Done." }],
  ]);
  const env = claudeEnv(await tempDir(), server.url);
  const allowed = ["Write", "mcp__exo__exo_session_start", "mcp__exo__exo_session_finish"];
  for await (const m of query({ prompt: "Do ticket T1.", options: { cwd: repo, env, settingSources: ["project", "local"], permissionMode: "acceptEdits", allowedTools: allowed } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  const sent = JSON.stringify(server.turns.at(-1)?.messages);
  const started = /SES-\d{8}-\d{6}-[A-Z0-9]{6}/.exec(sent)?.[0];
  expect(started, sent.slice(0, 2000)).toBeDefined();
  // Without EXO_ACTOR, the server acts as the agent the adapters name for Claude Code (its registration).
  expect(sent).toContain('\\"actor\\":\\"agent:claude\\"');
  expect(readFileSync(join(repo, "src/api/in.ts"), "utf8")).toBe("export const x = 1;\n");
  expect(existsSync(join(repo, "docs/out.md"))).toBe(false);
  expect(sent).toContain("exo blocked write to docs/out.md");
  expect(sent).toMatch(/\\"outcome\\":\\"finished\\"/);
  expect(readdirSync(join(repo, ".exo/mementos/T1"))).toEqual([`${started}.md`]);
  expect(git(repo, "log", "-1", "--format=%s").trim()).toBe(`chore(exo): finish ${started}`);
  const records = envelope(await exo(repo, "ledger-show", "--session-id", started as string, "--limit", "50")).data.records as { type: string; data: Record<string, unknown> }[];
  expect(records.map((r) => r.type)).toEqual(expect.arrayContaining(["session.started", "hook.denied", "session.finished"]));
  expect(records.find((r) => r.type === "hook.denied")?.data).toMatchObject({ path: "docs/out.md" });
});

test("real Claude Code: a session the agent starts with the CLI as its adapter says (EXO_ACTOR=agent:claude exo session-start) finishes over MCP", { timeout: 240_000 }, async () => {
  const repo = await mcpRepo({ "src/api/a.ts": "a\n" });
  expect(readFileSync(join(repo, "CLAUDE.md"), "utf8")).toContain("EXO_ACTOR=agent:claude exo session-start --ticket-id '<ID>'");
  // `exo` on PATH, as after npm install -g exoprotocol.
  const bin = await tempDir();
  writeFileSync(join(bin, "exo"), `#!/bin/sh\nexec "${process.execPath}" "${EXO_BIN}" "$@"\n`, { mode: 0o755 });
  const server = await messagesServer([
    [{ type: "tool_use", id: "toolu_start", name: "Bash", input: { command: "EXO_ACTOR=agent:claude exo session-start --ticket-id T1 --format json", description: "start the session" } }],
    [{ type: "tool_use", id: "toolu_in", name: "Write", input: { file_path: join(repo, "src/api/in.ts"), content: "export const x = 1;\n" } }],
    [{ type: "tool_use", id: "toolu_finish", name: "mcp__exo__exo_session_finish", input: { summary: "api endpoint added" } }],
    [{ type: "text", text: "Done." }],
  ]);
  const base = claudeEnv(await tempDir(), server.url);
  const env = { ...base, PATH: `${bin}:${base["PATH"] ?? ""}` };
  for await (const m of query({ prompt: "Do ticket T1.", options: { cwd: repo, env, settingSources: ["project", "local"], permissionMode: "acceptEdits", allowedTools: ["Bash", "Write", "mcp__exo__exo_session_finish"] } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  const sent = JSON.stringify(server.turns.at(-1)?.messages);
  const started = /SES-\d{8}-\d{6}-[A-Z0-9]{6}/.exec(sent)?.[0];
  expect(started, sent.slice(0, 2000)).toBeDefined();
  // Before, the server acted as agent:mcp, which had no session: NO_ACTIVE_SESSION.
  expect(sent).not.toContain("NO_ACTIVE_SESSION");
  expect(sent).toMatch(/\\"outcome\\":\\"finished\\"/);
  expect(readdirSync(join(repo, ".exo/mementos/T1"))).toEqual([`${started}.md`]);
});

test("real Claude Code: the session its SessionStart hook started (as agent:claude:<id>) takes the agent's exo_session_start and exo_session_finish over MCP", { timeout: 240_000 }, async () => {
  const repo = await mcpRepo({ "src/api/a.ts": "a\n" });
  expect(envelope(await exo(repo, "next", "--owner", "agent:claude")).data.ticket.id).toBe("T1");
  const server = await messagesServer([
    // The MCP server's instructions say to start before editing: the hook has, so it is the same session.
    [{ type: "tool_use", id: "toolu_start", name: "mcp__exo__exo_session_start", input: { ticket_id: "T1" } }],
    [{ type: "tool_use", id: "toolu_in", name: "Write", input: { file_path: join(repo, "src/api/in.ts"), content: "export const x = 1;\n" } }],
    [{ type: "tool_use", id: "toolu_finish", name: "mcp__exo__exo_session_finish", input: { summary: "api endpoint added" } }],
    [{ type: "text", text: "Done." }],
  ]);
  const env = claudeEnv(await tempDir(), server.url);
  for await (const m of query({ prompt: "Do ticket T1.", options: { cwd: repo, env, settingSources: ["project", "local"], permissionMode: "acceptEdits", allowedTools: ["Write", "mcp__exo__exo_session_start", "mcp__exo__exo_session_finish"] } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  const sent = JSON.stringify(server.turns.at(-1)?.messages);
  expect(sent).not.toMatch(/TICKET_IN_USE|NO_ACTIVE_SESSION/);
  expect(sent).toContain('\\"reused\\":true');
  expect(sent).toMatch(/\\"outcome\\":\\"finished\\"/);
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; actor: string; session: string | null }[];
  const started = records.filter((r) => r.type === "session.started");
  expect(new Set(started.map((r) => r.session)).size).toBe(1);
  expect(started[0]?.actor).toMatch(/^agent:claude:[0-9a-f]{8}$/);
  expect(records.find((r) => r.type === "session.finished")).toMatchObject({ session: started[0]?.session, actor: "agent:claude" });
});
