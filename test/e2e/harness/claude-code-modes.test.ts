// Real Claude Code, and ways past the usual tools. bypassPermissions
// (`claude --dangerously-skip-permissions`) approves every tool call without a prompt, yet exo's
// PreToolUse answers still hold. A deny blocks; an ask, with nobody to answer it in a headless
// run, is refused too; both reach the model and the ledger. Claude Code refuses this mode as
// root unless IS_SANDBOX=1 says the machine is a sandbox, as CI containers are.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { query } from "@anthropic-ai/claude-agent-sdk";
import { envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { claudeEnv, claudeSessionOnT1, messagesServer } from "../../helpers/sdk.js";

test("real Claude Code under bypassPermissions: exo's deny and ask both stop the out-of-scope writes, the in-scope one lands, the ledger records each", { timeout: 240_000 }, async () => {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "docs/d.md": "d\n" });
  expect(envelope(await exo(repo, "install", "--harness", "claude")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect(envelope(await exo(repo, "next", "--owner", "agent:claude")).ok).toBe(true);
  const server = await messagesServer([
    [{ type: "tool_use", id: "toolu_1", name: "Bash", input: { command: `node -e "require('fs').writeFileSync('docs/x.txt','x')"` } }],
    [{ type: "tool_use", id: "toolu_2", name: "Bash", input: { command: "echo y > docs/y.txt" } }],
    [{ type: "tool_use", id: "toolu_3", name: "Write", input: { file_path: join(repo, "docs/z.txt"), content: "z" } }],
    [{ type: "tool_use", id: "toolu_4", name: "Write", input: { file_path: join(repo, "src/api/b.ts"), content: "b\n" } }],
    [{ type: "text", text: "done" }],
  ]);
  const env = { ...claudeEnv(await tempDir(), server.url), IS_SANDBOX: "1" };
  for await (const m of query({ prompt: "Do the ticket.", options: { cwd: repo, env, settingSources: ["project"], permissionMode: "bypassPermissions", allowDangerouslySkipPermissions: true } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  for (const f of ["docs/x.txt", "docs/y.txt", "docs/z.txt"]) expect(existsSync(join(repo, f)), f).toBe(false);
  expect(existsSync(join(repo, "src/api/b.ts"))).toBe(true);
  // Each refusal reached the model as the tool's error, with exo's reason.
  const results = server.turns.slice(1, 4).map((t) => JSON.stringify(t.messages.at(-1)));
  expect(results[0]).toContain("exo cannot tell where this command writes");
  expect(results[1]).toContain("exo blocked write to docs/y.txt");
  expect(results[2]).toContain("exo blocked write to docs/z.txt");
  for (const r of results) expect(r).toContain('"is_error":true');
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; data: Record<string, unknown> }[];
  expect(records.filter((r) => r.type === "hook.asked").map((r) => r.data["tool"])).toEqual(["Bash"]);
  expect(records.filter((r) => r.type === "hook.denied").map((r) => r.data["path"])).toEqual(["docs/y.txt", "docs/z.txt"]);
});

test("real Claude Code's Monitor tool (loaded through ToolSearch) runs a shell command: exo judges it as Bash and refuses an out-of-scope write", { timeout: 240_000 }, async () => {
  const { repo, session } = await claudeSessionOnT1();
  const server = await messagesServer([
    [{ type: "tool_use", id: "toolu_s", name: "ToolSearch", input: { query: "select:Monitor", max_results: 5 } }],
    [{ type: "tool_use", id: "toolu_m", name: "Monitor", input: { description: "watch", command: "echo x > docs/mon.txt; echo done", timeout_ms: 5000 } }],
    [{ type: "tool_use", id: "toolu_b", name: "Bash", input: { command: "sleep 2; ls docs", description: "wait" } }],
    [{ type: "text", text: "Done." }],
  ]);
  for await (const m of query({ prompt: "Watch it.", options: { cwd: repo, env: { ...claudeEnv(await tempDir(), server.url), EXO_ACTOR: "agent:claude" }, settingSources: ["project"], permissionMode: "acceptEdits" } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  expect(existsSync(join(repo, "docs/mon.txt"))).toBe(false);
  expect(JSON.stringify(server.turns[2]?.messages.at(-1))).toContain("exo blocked write to docs/mon.txt");
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; session: string | null; data: Record<string, unknown> }[];
  expect(records.find((r) => r.type === "hook.denied")).toMatchObject({ session, data: { path: "docs/mon.txt" } });
});
