// Real Claude Code, and the tools that start agents or move the session elsewhere: the Workflow
// tool (a script in an isolated JavaScript sandbox whose agent() calls start subagents) and the
// deferred EnterWorktree tool (the main agent moves into a new git worktree). Neither is a file
// tool exo's matcher names, and neither needs to be: the sandbox has no process, require or
// dynamic import (checked), so whatever a workflow writes goes through its agents' own tool
// calls, which reach exo's PreToolUse as the subagent's; and EnterWorktree makes its worktree
// through exo's WorktreeCreate hook, after which the session's tool calls are judged there.
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { query } from "@anthropic-ai/claude-agent-sdk";
import { envelope, exo, git, tempDir } from "../../helpers/repo.js";
import { claudeEnv, claudeSessionOnT1, messagesServer, type Block } from "../../helpers/sdk.js";

type Rec = { type: string; session: string | null; data: Record<string, unknown> };
const ledger = async (repo: string): Promise<Rec[]> => envelope(await exo(repo, "ledger-show", "--all")).data.records as Rec[];
/** bypassPermissions: the Workflow tool asks for a review of a dynamic script in every other mode. */
const bypass = async (url: string) => ({ env: { ...claudeEnv(await tempDir(), url), EXO_ACTOR: "agent:claude", IS_SANDBOX: "1" }, permissionMode: "bypassPermissions" as const, allowDangerouslySkipPermissions: true });

test("real Claude Code: a Workflow script's agent() subagent is held to the session's scope (Bash and Write refused out of scope, in scope lands)", { timeout: 240_000 }, async () => {
  const { repo, session } = await claudeSessionOnT1();
  const script = ['export const meta = { name: "notes", description: "write notes", phases: [{ title: "one" }] };', 'return String(await agent("Write the workflow notes.", { description: "notes" }));'].join("\n");
  const sub: Block[][] = [
    [{ type: "tool_use", id: "toolu_s1", name: "Bash", input: { command: "echo no > docs/wf.md", description: "notes" } }],
    [{ type: "tool_use", id: "toolu_s2", name: "Write", input: { file_path: join(repo, "docs/wf2.md"), content: "no\n" } }],
    [{ type: "tool_use", id: "toolu_s3", name: "Write", input: { file_path: join(repo, "src/api/wf.ts"), content: "yes\n" } }],
    [{ type: "text", text: "Subagent done." }],
  ];
  const server = await messagesServer(
    [[{ type: "tool_use", id: "toolu_w", name: "Workflow", input: { script } }], [{ type: "text", text: "Waiting." }], [{ type: "text", text: "Done." }]],
    (body) => (JSON.stringify(body.messages?.[0] ?? "").includes("Write the workflow notes.") ? sub : null),
  );
  const { env, ...mode } = await bypass(server.url);
  for await (const m of query({ prompt: "Run the notes workflow.", options: { cwd: repo, env, settingSources: ["project"], ...mode } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  for (const f of ["docs/wf.md", "docs/wf2.md"]) expect(existsSync(join(repo, f)), f).toBe(false);
  expect(await readFile(join(repo, "src/api/wf.ts"), "utf8")).toBe("yes\n");
  // The workflow's agent ran (its turns reached the model) and saw exo's reasons.
  const subTurns = server.turns.filter((t) => JSON.stringify(t.messages[0]).includes("Write the workflow notes."));
  expect(subTurns.length).toBeGreaterThanOrEqual(3);
  expect(JSON.stringify(subTurns.map((t) => t.messages))).toContain("exo blocked write to docs/wf2.md");
  const denied = (await ledger(repo)).filter((r) => r.type === "hook.denied");
  expect(denied.map((r) => r.data["path"])).toEqual(["docs/wf.md", "docs/wf2.md"]);
  // Recorded against the parent's session, with the subagent named.
  for (const r of denied) expect(r).toMatchObject({ session, data: { agent_id: expect.any(String) } });
});

test("real Claude Code: EnterWorktree moves the session into a worktree exo's WorktreeCreate hook makes, where out-of-scope writes are still refused", { timeout: 240_000 }, async () => {
  const { repo, session } = await claudeSessionOnT1();
  const server = await messagesServer([
    [{ type: "tool_use", id: "toolu_s", name: "ToolSearch", input: { query: "select:EnterWorktree", max_results: 5 } }],
    [{ type: "tool_use", id: "toolu_e", name: "EnterWorktree", input: { name: "feat" } }],
    [{ type: "tool_use", id: "toolu_1", name: "Bash", input: { command: "echo no > docs/ew.md", description: "notes" } }],
    [{ type: "tool_use", id: "toolu_2", name: "Write", input: { file_path: "docs/ew2.md", content: "no\n" } }],
    [{ type: "tool_use", id: "toolu_3", name: "Bash", input: { command: "echo yes > src/api/ew.ts", description: "code" } }],
    [{ type: "text", text: "Done." }],
  ]);
  const { env, ...mode } = await bypass(server.url);
  for await (const m of query({ prompt: "Work in a worktree.", options: { cwd: repo, env, settingSources: ["project"], ...mode } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  const records = await ledger(repo);
  const worktree = String(records.find((r) => r.type === "worktree.created")?.data["path"] ?? "");
  expect(worktree).toMatch(/-feat$/);
  onTestFinished(() => rm(worktree, { recursive: true, force: true }));
  expect(git(repo, "worktree", "list")).toContain(worktree);
  expect(await readFile(join(worktree, "src/api/ew.ts"), "utf8")).toBe("yes\n");
  for (const root of [worktree, repo]) for (const f of ["docs/ew.md", "docs/ew2.md"]) expect(existsSync(join(root, f)), `${root}/${f}`).toBe(false);
  expect(JSON.stringify(server.turns[4]?.messages.at(-1))).toContain("exo blocked write to docs/ew2.md");
  const denied = records.filter((r) => r.type === "hook.denied");
  expect(denied.map((r) => r.data["path"])).toEqual(["docs/ew.md", "docs/ew2.md"]);
  for (const r of denied) expect(r.session).toBe(session);
});
