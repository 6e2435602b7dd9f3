// Real Claude Code (binary shipped with @anthropic-ai/claude-agent-sdk, scripted Messages API on
// loopback) and the lifecycle settings of config.yaml: hooks.stop_reminder makes the Stop hook
// remind the agent once of its open session; hooks.session_end: finish closes the session when
// the conversation ends (ticket status kept, checks skipped with the SPEC's break-glass reason).
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { query } from "@anthropic-ai/claude-agent-sdk";
import { envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { claudeEnv, messagesServer, type Block } from "../../helpers/sdk.js";

async function governed(hooks: string): Promise<string> {
  const repo = await initRepo({ "src/api/a.ts": "a\n" });
  expect(envelope(await exo(repo, "install", "--harness", "claude", "--harness", "git")).ok).toBe(true);
  const config = join(repo, ".exo/config.yaml");
  await writeFile(config, (await readFile(config, "utf8")).replace(/^hooks:\n/m, `hooks:\n${hooks}`));
  expect(envelope(await exo(repo, "compose")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect(envelope(await exo(repo, "next", "--owner", "agent:claude")).ok).toBe(true);
  return repo;
}

async function converse(repo: string, script: Block[][]) {
  const server = await messagesServer(script);
  for await (const m of query({ prompt: "Do the ticket.", options: { cwd: repo, env: claudeEnv(await tempDir(), server.url), settingSources: ["project"], permissionMode: "acceptEdits", allowedTools: ["Write", "Bash", "Read"] } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  return server;
}

const records = async (repo: string) => envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; session: string | null; ticket: string | null; data: Record<string, unknown> }[];

test("real Claude Code with hooks.stop_reminder: the first stop is held once with the finish command, the agent goes on, the second stop passes", { timeout: 240_000 }, async () => {
  const repo = await governed("  stop_reminder: true\n");
  const server = await converse(repo, [
    [{ type: "tool_use", id: "toolu_w", name: "Write", input: { file_path: join(repo, "src/api/b.ts"), content: "b\n" } }],
    [{ type: "text", text: "I am done." }],
    [{ type: "text", text: "Understood, leaving the session open for review." }],
  ]);
  // The reminder reached the model as the reason to continue, once.
  const sent = server.turns.map((t) => JSON.stringify(t.messages));
  const reminded = sent.filter((m) => /is still open; finish it with exo session-finish/.test(m));
  expect(reminded.length).toBeGreaterThan(0);
  expect(server.turns).toHaveLength(3);
  const session = (await records(repo)).find((r) => r.type === "session.started")?.session as string;
  const file = JSON.parse(await readFile(join(repo, ".exo/sessions", `${session}.json`), "utf8")) as { reminded_at?: string; status: string };
  expect(file.reminded_at).toMatch(/^\d{4}-/);
});

test("real Claude Code with hooks.session_end: finish: the session is finished when the conversation ends, ticket status kept, checks skipped with the auto-close reason", { timeout: 240_000 }, async () => {
  const repo = await governed("  session_end: finish\n");
  await converse(repo, [
    [{ type: "tool_use", id: "toolu_w", name: "Write", input: { file_path: join(repo, "src/api/b.ts"), content: "b\n" } }],
    [{ type: "text", text: "Done." }],
  ]);
  const all = await records(repo);
  const finished = all.find((r) => r.type === "session.finished");
  expect(finished).toMatchObject({ ticket: "T1" });
  expect(String(finished?.data["break_glass_reason"])).toMatch(/^auto-close on Claude Code SessionEnd \(/);
  expect(all.some((r) => r.type === "session.suspended")).toBe(false);
  const show = envelope(await exo(repo, "ticket-show", "T1")).data;
  expect(show.ticket.status).toBe("active");
  expect(git(repo, "log", "-1", "--format=%s").trim()).toBe(`chore(exo): finish ${String(finished?.session)}`);
});

test("real Claude Code committing from Bash: an in-scope commit lands with Exo-Session and Exo-Ticket trailers; a commit staging an out-of-scope file is refused by pre-commit and the model sees why", { timeout: 240_000 }, async () => {
  const repo = await governed("");
  // A file out of the ticket's scope changed by someone else (no hook saw it).
  await writeFile(join(repo, "README.md"), "changed by a person\n");
  const server = await converse(repo, [
    [{ type: "tool_use", id: "toolu_w", name: "Write", input: { file_path: join(repo, "src/api/b.ts"), content: "b\n" } }],
    [{ type: "tool_use", id: "toolu_c1", name: "Bash", input: { command: "git add src/api/b.ts && git commit -q -m 'api: add b'", description: "commit" } }],
    [{ type: "tool_use", id: "toolu_c2", name: "Bash", input: { command: "git add README.md && git commit -q -m 'docs: readme'", description: "commit" } }],
    [{ type: "text", text: "Done." }],
  ]);
  const session = (await records(repo)).find((r) => r.type === "session.started")?.session as string;
  const log = git(repo, "log", "--format=%s%n%b%x00").split("\0").map((s) => s.trim()).filter(Boolean);
  const api = log.find((m) => m.startsWith("api: add b"));
  expect(api).toContain(`Exo-Session: ${session}`);
  expect(api).toContain("Exo-Ticket: T1");
  expect(log.some((m) => m.startsWith("docs: readme"))).toBe(false);
  expect(JSON.stringify(server.turns.at(-1)?.messages)).toMatch(/README\.md[^"]*OUT_OF_SCOPE/);
  expect((await records(repo)).find((r) => r.type === "commit.blocked")).toMatchObject({ session, data: { paths: ["README.md"] } });
});

test("real Claude Code and the default constitution's secrets rule: Read, cat and cp of .env are refused, .env.example is readable, and nothing of the secret reaches the model", { timeout: 240_000 }, async () => {
  const repo = await governed("");
  await writeFile(join(repo, ".env"), "API_TOKEN=s3cr3t-value\n");
  await writeFile(join(repo, ".env.example"), "API_TOKEN=\n");
  const server = await converse(repo, [
    [{ type: "tool_use", id: "toolu_r", name: "Read", input: { file_path: join(repo, ".env") } }],
    [{ type: "tool_use", id: "toolu_c", name: "Bash", input: { command: "cat .env", description: "read" } }],
    [{ type: "tool_use", id: "toolu_e", name: "Bash", input: { command: "cp .env src/api/leak.ts", description: "copy" } }],
    [{ type: "tool_use", id: "toolu_x", name: "Read", input: { file_path: join(repo, ".env.example") } }],
    [{ type: "text", text: "Done." }],
  ]);
  const sent = JSON.stringify(server.turns);
  expect(sent).not.toContain("s3cr3t-value");
  expect(sent).toContain("API_TOKEN=");
  expect(sent).toMatch(/Secrets and credentials are off limits to agents/);
  expect(existsSync(join(repo, "src/api/leak.ts"))).toBe(false);
  const denied = (await records(repo)).filter((r) => r.type === "hook.denied").map((r) => r.data["path"]);
  expect(denied.filter((p) => p === ".env").length).toBeGreaterThanOrEqual(3);
});
