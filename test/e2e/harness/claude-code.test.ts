// Real Claude Code runs (the binary shipped with @anthropic-ai/claude-agent-sdk) for the events
// of issue #19: project hooks as exo installs them, a scripted Messages API server on loopback,
// HOME in a temp folder. Payload-level tests of the same events: test/e2e/hooks/events.test.ts.
import { existsSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { query, type SDKUserMessage } from "@anthropic-ai/claude-agent-sdk";
import { envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { claudeEnv, claudeSessionOnT1, messagesServer, type Block } from "../../helpers/sdk.js";

async function ledger(repo: string): Promise<{ type: string; session: string | null; ticket: string | null; data: Record<string, unknown> }[]> {
  return envelope(await exo(repo, "ledger-show", "--all")).data.records as never;
}

/** A repo with Claude Code hooks installed, T1 scoped to src/**, and agent:claude's session on it. */
test("real Claude Code: disableAllHooks written into .claude/settings.local.json mid-session is blocked and removed, and the next out-of-scope Write is still denied", { timeout: 240_000 }, async () => {
  const { repo, session } = await claudeSessionOnT1();
  const local = join(repo, ".claude/settings.local.json");
  let flipped = false;
  const server = await messagesServer(
    [
      // While this command runs, Claude Code notices the settings change and runs ConfigChange.
      [{ type: "tool_use", id: "toolu_wait", name: "Bash", input: { command: "sleep 4", description: "wait" } }],
      [{ type: "tool_use", id: "toolu_out", name: "Write", input: { file_path: join(repo, "docs/after.md"), content: "no\n" } }],
      [{ type: "text", text: "Done." }],
    ],
    () => {
      // Someone switches every hook off in the middle of the session (as a person or a script would).
      if (!flipped) writeFileSync(local, JSON.stringify({ disableAllHooks: true }));
      flipped = true;
      return null;
    },
  );
  const env = { ...claudeEnv(await tempDir(), server.url), EXO_ACTOR: "agent:claude" };
  for await (const m of query({ prompt: "Write the notes.", options: { cwd: repo, env, settingSources: ["project", "local"], permissionMode: "acceptEdits", allowedTools: ["Bash", "Write"] } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  expect(existsSync(join(repo, "docs/after.md"))).toBe(false);
  expect(JSON.parse(await readFile(local, "utf8"))).toEqual({});
  expect(JSON.stringify(server.turns.at(-1)?.messages)).toContain("exo blocked write to docs/after.md");
  const records = await ledger(repo);
  expect(records.find((r) => r.type === "hooks.config_blocked")).toMatchObject({ session, data: { source: "local_settings", blocked: true } });
  expect(records.find((r) => r.type === "hook.denied")).toMatchObject({ session, data: { path: "docs/after.md" } });
});

test("real Claude Code: /compact runs PreCompact, and the turn after compaction carries the restated ticket, scope and rules", { timeout: 240_000 }, async () => {
  const repo = await initRepo({ "src/api/a.ts": "a\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  const session = String((envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:claude" } })).data.session as { id: string }).id);
  const server = await messagesServer([[{ type: "text", text: "Looked at it." }], [{ type: "text", text: "Summary: the agent looked at the API." }], [{ type: "text", text: "Continuing." }]]);
  const user = (content: string): SDKUserMessage => ({ type: "user", message: { role: "user", content }, parent_tool_use_id: null });
  async function* prompts(): AsyncGenerator<SDKUserMessage> {
    yield user("Look at the API.");
    await new Promise((r) => setTimeout(r, 500));
    yield user("/compact");
    await new Promise((r) => setTimeout(r, 3000));
    yield user("Continue.");
  }
  const env = { ...claudeEnv(await tempDir(), server.url), EXO_ACTOR: "agent:claude" };
  let compacted = false;
  for await (const m of query({ prompt: prompts(), options: { cwd: repo, env, settingSources: ["project"], permissionMode: "acceptEdits", allowedTools: ["Write"] } })) {
    if (m.type === "system" && m.subtype === "compact_boundary") compacted = true;
  }
  expect(compacted).toBe(true);
  const last = JSON.stringify(server.turns.at(-1));
  expect(last).toContain(`restated after the conversation was compacted: you still work in exo session ${session}`);
  expect(last).toContain("scope allow: `src/**`");
  const records = await ledger(repo);
  expect(records.find((r) => r.type === "session.compacting")).toMatchObject({ session, data: { trigger: "manual" } });
  expect(records.find((r) => r.type === "session.context_restated")).toMatchObject({ session });
});

test("real Claude Code: a subagent started with the Agent tool is told the scope, and its out-of-scope Write is denied against the parent's session", { timeout: 240_000 }, async () => {
  // Project hooks as exo installs them (.claude/settings.json, loaded with settingSources
  // "project"); the session is opened first, Claude Code's SessionStart binds its conversation.
  const { repo, session } = await claudeSessionOnT1();

  const parent: Block[][] = [[{ type: "tool_use", id: "toolu_agent", name: "Agent", input: { description: "write notes", prompt: "Write the notes file.", subagent_type: "general-purpose", run_in_background: false } }], [{ type: "text", text: "Parent done." }]];
  const sub: Block[][] = [
    [{ type: "tool_use", id: "toolu_sub1", name: "Write", input: { file_path: join(repo, "docs/sub.md"), content: "no\n" } }],
    [{ type: "tool_use", id: "toolu_sub2", name: "Write", input: { file_path: join(repo, "src/api/sub.ts"), content: "yes\n" } }],
    [{ type: "text", text: "Subagent done." }],
  ];
  const server = await messagesServer(parent, (body) => (JSON.stringify(body.messages?.[0] ?? "").includes("Write the notes file.") ? sub : null));
  const env = { ...claudeEnv(await tempDir(), server.url), EXO_ACTOR: "agent:claude" };
  for await (const m of query({ prompt: "Write the notes with a subagent.", options: { cwd: repo, env, settingSources: ["project"], permissionMode: "acceptEdits", allowedTools: ["Agent", "Write"] } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }

  expect(existsSync(join(repo, "docs/sub.md"))).toBe(false);
  expect(await readFile(join(repo, "src/api/sub.ts"), "utf8")).toBe("yes\n");
  const subTurns = server.turns.filter((t) => JSON.stringify(t.messages[0]).includes("Write the notes file."));
  expect(JSON.stringify(subTurns[0]?.messages)).toContain(`parent's exo session ${session}`);
  expect(JSON.stringify(subTurns[1]?.messages)).toContain("exo blocked write to docs/sub.md");
  const records = await ledger(repo);
  const started = records.find((r) => r.type === "session.subagent_started");
  expect(started).toMatchObject({ session, data: { harness: "claude", agent_type: "general-purpose" } });
  expect(records.find((r) => r.type === "hook.denied")).toMatchObject({ session, ticket: "T1", data: { path: "docs/sub.md", agent_id: started?.data["agent_id"] } });
});

test("real Claude Code: the exo MCP server install registers starts offline and its tools answer the agent", { timeout: 240_000 }, async () => {
  // exo install as a user runs it: hooks, and exo-mcp registered in .mcp.json (the launcher). The
  // person approves the project's servers once (here: enableAllProjectMcpServers, as Claude Code's
  // prompt records it). npm's registry cannot be reached: the exo on this machine serves.
  const repo = await initRepo({ "src/api/a.ts": "a\n" });
  expect(envelope(await exo(repo, "install", "--harness", "claude", "--harness", "git")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  writeFileSync(join(repo, ".claude/settings.local.json"), JSON.stringify({ enableAllProjectMcpServers: true }));
  const server = await messagesServer([
    [{ type: "tool_use", id: "toolu_tickets", name: "mcp__exo__exo_tickets", input: {} }],
    [{ type: "text", text: "Done." }],
  ]);
  const env = { ...claudeEnv(await tempDir(), server.url), EXO_ACTOR: "agent:claude", npm_config_registry: "http://127.0.0.1:9", npm_config_offline: "true" };
  let servers: unknown = null;
  for await (const m of query({ prompt: "List the tickets.", options: { cwd: repo, env, settingSources: ["project", "local"], allowedTools: ["mcp__exo__exo_tickets"] } })) {
    if (m.type === "system" && m.subtype === "init") servers = m.mcp_servers;
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  expect(servers).toEqual(expect.arrayContaining([expect.objectContaining({ name: "exo", status: "connected" })]));
  // The tool's answer (the tickets, T1 among them) reached the model.
  const answer = JSON.stringify(server.turns.at(-1)?.messages);
  expect(answer).toContain("toolu_tickets");
  expect(answer).toContain("T1");
  expect(answer).not.toContain("is_error\":true");
});
