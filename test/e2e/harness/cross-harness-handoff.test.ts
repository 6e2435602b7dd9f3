// Two real harnesses on one ticket, nothing but what exo installs: Claude Code (binary shipped with
// @anthropic-ai/claude-agent-sdk) starts on the ticket claimed for it, writes, and hands the ticket
// to Codex from its Bash tool (`exo session-handoff --to agent:codex --keep-lock`); a real `codex
// exec` then opens, its sessionStart hook starts on the transferred claim, the handoff (summary and
// next steps) reaches the model, and Codex's writes are held to the same scope.
import { existsSync } from "node:fs";
import { mkdir, readFile, symlink } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { query } from "@anthropic-ai/claude-agent-sdk";
import { envelope, EXO_BIN, exo, git, initRepo, tempDir, writeFiles } from "../../helpers/repo.js";
import { claudeEnv, messagesServer } from "../../helpers/sdk.js";
import { codexExec, execCommand, message, responsesSse, trustedCodex } from "../../helpers/codex.js";

test("Claude Code hands its ticket to Codex: Codex's sessionStart takes the transferred claim, sees the handoff, and is held to the scope", { timeout: 300_000 }, async () => {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "docs/README.md": "d\n" });
  await writeFiles(repo, { ".codex/.keep": "" });
  expect(envelope(await exo(repo, "install", "--harness", "claude", "--harness", "codex", "--harness", "git")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "ticket");
  expect(envelope(await exo(repo, "next", "--owner", "agent:claude")).ok).toBe(true);
  const bin = await tempDir();
  await mkdir(bin, { recursive: true });
  await symlink(EXO_BIN, join(bin, "exo"));
  const withExo = (env: Record<string, string>) => ({ ...env, PATH: `${bin}:${env["PATH"] ?? ""}` });

  const claude = await messagesServer([
    [{ type: "tool_use", id: "toolu_w", name: "Write", input: { file_path: join(repo, "src/api/b.ts"), content: "b\n" } }],
    [{ type: "tool_use", id: "toolu_h", name: "Bash", input: { command: "exo session-handoff --to agent:codex --keep-lock --summary 'b.ts written' --next-step 'write c.ts next to it'", description: "hand off" } }],
    [{ type: "text", text: "Handed off." }],
  ]);
  for await (const m of query({ prompt: "Start the API, then hand it to Codex.", options: { cwd: repo, env: withExo(claudeEnv(await tempDir(), claude.url)), settingSources: ["project"], permissionMode: "acceptEdits", allowedTools: ["Write", "Bash"] } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  let records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; actor: string; session: string | null; ticket: string | null; data: Record<string, unknown> }[];
  const first = records.find((r) => r.type === "session.started");
  expect(first?.actor).toMatch(/^agent:claude:/);
  expect(records.find((r) => r.type === "session.handed_off")).toMatchObject({ session: first?.session, ticket: "T1" });

  const codex = await responsesSse([
    [execCommand("printf 'c\\n' > src/api/c.ts", "1")],
    [execCommand("printf 'no\\n' > docs/out.md", "2")],
    [message("Wrote c.ts.")],
  ]);
  const env = withExo((await trustedCodex(repo, codex.url)).env);
  const run = await codexExec(repo, "Continue the ticket.", env);
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);

  expect(await readFile(join(repo, "src/api/c.ts"), "utf8")).toBe("c\n");
  expect(existsSync(join(repo, "docs/out.md"))).toBe(false);
  const seen = JSON.stringify(codex.requests[0]);
  expect(seen).toContain("b.ts written");
  expect(seen).toContain("write c.ts next to it");
  records = envelope(await exo(repo, "ledger-show", "--all")).data.records as typeof records;
  const second = records.filter((r) => r.type === "session.started").at(-1);
  expect(second?.actor).toMatch(/^agent:codex:[0-9a-f]{8}$/);
  expect(second?.ticket).toBe("T1");
  expect(records.find((r) => r.type === "hook.denied" && r.session === second?.session)).toMatchObject({ data: { path: "docs/out.md" } });
});
