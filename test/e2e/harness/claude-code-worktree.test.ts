// Real Claude Code: a subagent the Agent tool starts with `isolation: "worktree"` works in a git
// worktree that exo's WorktreeCreate hook makes beside the repository (SPEC §8.2; docs/hooks.md).
// Its tool calls still go through exo's hooks against the parent's session: an out-of-scope write
// there is denied, an in-scope one lands in the worktree, and the ledger has both events.
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { query } from "@anthropic-ai/claude-agent-sdk";
import { envelope, exo, git, tempDir } from "../../helpers/repo.js";
import { claudeEnv, claudeSessionOnT1, messagesServer, type Block } from "../../helpers/sdk.js";

test("real Claude Code: a subagent isolated in a worktree exo's WorktreeCreate hook made is held to the parent session's scope there", { timeout: 240_000 }, async () => {
  const { repo, session } = await claudeSessionOnT1();
  const parent: Block[][] = [[{ type: "tool_use", id: "toolu_agent", name: "Agent", input: { description: "write notes", prompt: "Write the notes file.", subagent_type: "general-purpose", isolation: "worktree", run_in_background: false } }], [{ type: "text", text: "Parent done." }]];
  const sub: Block[][] = [
    [{ type: "tool_use", id: "toolu_sub1", name: "Bash", input: { command: "echo no > docs/sub.md", description: "notes" } }],
    [{ type: "tool_use", id: "toolu_sub2", name: "Bash", input: { command: "echo yes > src/api/sub.ts", description: "code" } }],
    [{ type: "text", text: "Subagent done." }],
  ];
  const server = await messagesServer(parent, (body) => (JSON.stringify(body.messages?.[0] ?? "").includes("Write the notes file.") ? sub : null));
  const env = { ...claudeEnv(await tempDir(), server.url), EXO_ACTOR: "agent:claude" };
  for await (const m of query({ prompt: "Write the notes with an isolated subagent.", options: { cwd: repo, env, settingSources: ["project"], permissionMode: "acceptEdits", allowedTools: ["Agent", "Bash"] } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; session: string | null; data: Record<string, unknown> }[];
  const created = records.find((r) => r.type === "worktree.created");
  const worktree = String(created?.data["path"] ?? "");
  expect(worktree).toMatch(/-agent-[0-9a-f]+$/);
  onTestFinished(() => rm(worktree, { recursive: true, force: true }));
  expect(git(repo, "worktree", "list")).toContain(worktree);
  // In the worktree: the in-scope file landed, the out-of-scope one never did (nor in the main checkout).
  expect(await readFile(join(worktree, "src/api/sub.ts"), "utf8")).toBe("yes\n");
  for (const root of [worktree, repo]) expect(existsSync(join(root, "docs/sub.md"))).toBe(false);
  const subTurns = server.turns.filter((t) => JSON.stringify(t.messages[0]).includes("Write the notes file."));
  expect(JSON.stringify(subTurns.map((t) => t.messages))).toContain("exo blocked write to docs/sub.md");
  expect(records.find((r) => r.type === "hook.denied")).toMatchObject({ session, data: { path: "docs/sub.md" } });
});
