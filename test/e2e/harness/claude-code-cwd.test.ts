// Real Claude Code and a session that moves into a subfolder: a Bash `cd` persists between calls
// (Claude Code 2.1 even makes it the primary working directory), and the next payloads carry that
// folder as `cwd`; Write and Read get relative paths made absolute from it before the hook. exo
// judges each call from the payload's cwd: `../../docs/x` from src/api is docs/x, and `../../.env`
// is the secret.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { query } from "@anthropic-ai/claude-agent-sdk";
import { envelope, exo, git, tempDir, writeFiles } from "../../helpers/repo.js";
import { claudeEnv, claudeSessionOnT1, messagesServer, type Block } from "../../helpers/sdk.js";

test("real Claude Code: after `cd src/api`, relative writes and reads are judged from there (in scope lands, ../../docs and ../../.env refused)", { timeout: 240_000 }, async () => {
  const { repo, session } = await claudeSessionOnT1();
  await writeFiles(repo, { ".gitignore": ".env\n" });
  git(repo, "add", ".gitignore");
  git(repo, "commit", "-qm", "ignore .env");
  await writeFiles(repo, { ".env": "API_KEY=very-secret\n" });
  const bash = (id: string, command: string): Block[] => [{ type: "tool_use", id, name: "Bash", input: { command, description: "work" } }];
  const server = await messagesServer([
    bash("toolu_1", "cd src/api"),
    bash("toolu_2", "echo x > ../../docs/cd.md"),
    bash("toolu_3", "printf 'ok\\n' > in.ts"),
    bash("toolu_4", "cat ../../.env"),
    [{ type: "tool_use", id: "toolu_5", name: "Write", input: { file_path: "../../docs/w.md", content: "no\n" } }],
    [{ type: "tool_use", id: "toolu_6", name: "Read", input: { file_path: "../../.env" } }],
    [{ type: "text", text: "Done." }],
  ]);
  const env = { ...claudeEnv(await tempDir(), server.url), EXO_ACTOR: "agent:claude", IS_SANDBOX: "1" };
  for await (const m of query({ prompt: "Work on the ticket.", options: { cwd: repo, env, settingSources: ["project"], permissionMode: "bypassPermissions", allowDangerouslySkipPermissions: true } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  expect(await readFile(join(repo, "src/api/in.ts"), "utf8")).toBe("ok\n");
  for (const f of ["docs/cd.md", "docs/w.md", "cd.md", "w.md", "in.ts"]) expect(existsSync(join(repo, f)), f).toBe(false);
  const results = JSON.stringify(server.turns.map((t) => t.messages.at(-1)));
  expect(results).not.toContain("very-secret");
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; session: string | null; data: Record<string, unknown> }[];
  const denied = records.filter((r) => r.type === "hook.denied");
  expect(denied.map((r) => r.data["path"])).toEqual(["docs/cd.md", ".env", "docs/w.md", ".env"]);
  for (const r of denied) expect(r.session).toBe(session);
});
