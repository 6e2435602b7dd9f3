// Two real Claude Code conversations at once in one repository, as a team runs them (binary shipped
// with @anthropic-ai/claude-agent-sdk, scripted Messages API on loopback, no EXO_ACTOR): with
// hooks.auto_dispatch on, each SessionStart hook claims its own ticket (the dispatcher never hands
// one ticket to both), and each agent's writes into the other's area are refused.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { query } from "@anthropic-ai/claude-agent-sdk";
import { envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { claudeEnv, messagesServer } from "../../helpers/sdk.js";

async function agent(repo: string, n: number): Promise<void> {
  // Each agent tries both areas; only the one its ticket covers may take the write.
  const server = await messagesServer([
    [{ type: "tool_use", id: `toolu_a${n}`, name: "Write", input: { file_path: join(repo, `src/a/from-${n}.ts`), content: `${n}\n` } }],
    [{ type: "tool_use", id: `toolu_b${n}`, name: "Write", input: { file_path: join(repo, `src/b/from-${n}.ts`), content: `${n}\n` } }],
    [{ type: "text", text: "Done." }],
  ]);
  const env = claudeEnv(await tempDir(), server.url);
  for await (const m of query({ prompt: "Do your ticket.", options: { cwd: repo, env, settingSources: ["project"], permissionMode: "acceptEdits", allowedTools: ["Write"] } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
}

test("two real Claude Code agents at once: each SessionStart claims a different ticket, and neither can write into the other's scope", { timeout: 300_000 }, async () => {
  const repo = await initRepo({ "src/a/keep.ts": "a\n", "src/b/keep.ts": "b\n" });
  expect(envelope(await exo(repo, "install", "--harness", "claude", "--harness", "git")).ok).toBe(true);
  const config = join(repo, ".exo/config.yaml");
  await writeFile(config, (await readFile(config, "utf8")).replace(/^hooks:\n/m, "hooks:\n  auto_dispatch: true\n"));
  expect(envelope(await exo(repo, "compose")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "area a", "--id", "TA", "--scope-allow", "src/a/**")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "area b", "--id", "TB", "--scope-allow", "src/b/**")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "two tickets");

  await Promise.all([agent(repo, 1), agent(repo, 2)]);

  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; actor: string; session: string | null; ticket: string | null; data: Record<string, unknown> }[];
  const started = records.filter((r) => r.type === "session.started");
  expect(started.map((r) => r.ticket).sort()).toEqual(["TA", "TB"]);
  expect(new Set(started.map((r) => r.actor)).size).toBe(2);
  for (const r of started) expect(r.actor).toMatch(/^agent:claude:[0-9a-f]{8}$/);
  // One write landed in each area, from different agents; the other two were refused.
  const area = async (d: string) => (await readdir(join(repo, "src", d))).filter((f) => f.startsWith("from-"));
  const [a, b] = [await area("a"), await area("b")];
  expect(a).toHaveLength(1);
  expect(b).toHaveLength(1);
  expect(a[0]).not.toBe(b[0]);
  const denied = records.filter((r) => r.type === "hook.denied").map((r) => `${r.ticket} ${String(r.data["path"])}`).sort();
  const other = (f: string | undefined) => (f === "from-1.ts" ? "from-2.ts" : "from-1.ts");
  const aTicket = started.find((r) => r.ticket === "TA");
  expect(denied).toEqual([`TA src/b/${other(b[0])}`, `TB src/a/${other(a[0])}`].sort());
  expect(aTicket).toBeDefined();
});
