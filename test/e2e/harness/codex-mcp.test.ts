// A real Codex CLI run whose whole governed session goes through exo's MCP server as `exo install`
// registers it in .codex/config.toml: Codex defers MCP tools behind its tool_search, the scripted
// model finds exo's tools there, starts a session, writes in and out of scope with the shell
// (exo's hooks judge each write against the session the MCP tool opened) and finishes over MCP.
// No EXO_ACTOR in the environment: a person starts codex as they would any day.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, writeFiles } from "../../helpers/repo.js";
import { codexExec, execCommand, message, responsesSse, trustedCodex, type OutputItem } from "../../helpers/codex.js";

const toolSearch = (query: string, id: string): OutputItem => ({ type: "tool_search_call", id: `tsc_${id}`, call_id: `call_${id}`, execution: "client", status: "completed", arguments: { query } });
const exoTool = (name: string, args: Record<string, unknown>, id: string): OutputItem => ({ type: "function_call", id: `fc_${id}`, call_id: `call_${id}`, namespace: "mcp__exo", name, arguments: JSON.stringify(args) });

test("real Codex: exo's MCP server as install registers it starts a session, hooks hold the agent to its scope, and the session finishes over MCP", { timeout: 300_000 }, async () => {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "docs/README.md": "docs\n" });
  await writeFiles(repo, { ".codex/.keep": "" });
  expect(envelope(await exo(repo, "install", "--harness", "codex", "--harness", "git")).ok).toBe(true);
  expect(readFileSync(join(repo, ".codex/config.toml"), "utf8")).toMatch(/^\[mcp_servers\.exo\]$/m);
  expect(envelope(await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");

  const server = await responsesSse([
    [toolSearch("exo session start finish", "1")],
    [exoTool("exo_session_start", { ticket_id: "T1" }, "2")],
    [execCommand("printf 'export const x = 1;\\n' > src/api/in.ts", "3")],
    [execCommand("printf 'nope\\n' > docs/out.md", "4")],
    [exoTool("exo_session_finish", { summary: "api endpoint added" }, "5")],
    [message("T1 is done.")],
  ]);
  const { env } = await trustedCodex(repo, server.url);

  const run = await codexExec(repo, "Do ticket T1.", env);
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  const output = (n: number) => JSON.stringify((server.requests[n]?.input as { type: string; call_id?: string }[]).filter((i) => i.call_id === `call_${n}`));
  // tool_search found exo's tools (Codex defers MCP tools behind it).
  expect(output(1)).toMatch(/"type":"tool_search_output".*"name":"mcp__exo".*exo_session_start/);
  // The session the MCP tool opened is the one the hooks judge writes against.
  const started = /SES-\d{8}-\d{6}-[A-Z0-9]{6}/.exec(output(2))?.[0];
  expect(started, output(2)).toBeDefined();
  expect(output(2)).toContain('\\"ok\\":true');
  // Without EXO_ACTOR, the server acts as the agent the adapters name for Codex (its registration).
  expect(output(2)).toContain('\\"actor\\":\\"agent:codex\\"');
  expect(readFileSync(join(repo, "src/api/in.ts"), "utf8")).toBe("export const x = 1;\n");
  expect(existsSync(join(repo, "docs/out.md"))).toBe(false);
  expect(output(4)).toContain("exo blocked write to docs/out.md");
  // Finished over MCP: memento, ticket in review, exo's state committed.
  expect(output(5)).toContain('\\"outcome\\":\\"finished\\"');
  expect(readdirSync(join(repo, ".exo/mementos/T1"))).toEqual([`${started}.md`]);
  expect(git(repo, "log", "-1", "--format=%s").trim()).toBe(`chore(exo): finish ${started}`);
  const ledger = envelope(await exo(repo, "ledger-show", "--session-id", started as string, "--limit", "50"));
  const types = (ledger.data.records as { type: string }[]).map((r) => r.type);
  expect(types).toEqual(expect.arrayContaining(["session.started", "hook.denied", "session.finished"]));
  expect(envelope(await exo(repo, "ticket-show", "T1")).data.ticket.status).toBe("review");
});
