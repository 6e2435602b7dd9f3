// Real Claude Code in the permission mode autonomous runs use: bypassPermissions
// (`claude --dangerously-skip-permissions`) approves every tool call without a prompt, yet exo's
// PreToolUse answers still hold. A deny blocks; an ask, with nobody to answer it in a headless
// run, is refused too; both reach the model and the ledger. Claude Code refuses this mode as
// root unless IS_SANDBOX=1 says the machine is a sandbox, as CI containers are.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { query } from "@anthropic-ai/claude-agent-sdk";
import { envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { claudeEnv, messagesServer } from "../../helpers/sdk.js";

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
