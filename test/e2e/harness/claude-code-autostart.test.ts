// Real Claude Code (the binary shipped with @anthropic-ai/claude-agent-sdk) with nothing but what
// `exo install` writes: no EXO_ACTOR, no session opened beforehand. The person claims a ticket for
// Claude; Claude Code's SessionStart hook starts the session on that claim under the conversation's
// own actor, the agent's writes are held to the ticket's scope, SessionEnd suspends the session, and
// a new conversation continues it and finishes it from its Bash tool with the lines CLAUDE.md gives
// (`EXO_ACTOR=agent:claude exo …`; the session id comes from the CLAUDE_ENV_FILE exports the
// SessionStart hook wrote).
import { existsSync } from "node:fs";
import { mkdir, readFile, symlink } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { query } from "@anthropic-ai/claude-agent-sdk";
import { envelope, EXO_BIN, exo, git, initRepo, tempDir } from "../../helpers/repo.js";
import { claudeEnv, messagesServer, type Block } from "../../helpers/sdk.js";

interface LedgerRecord {
  type: string;
  actor: string;
  session: string | null;
  ticket: string | null;
  data: Record<string, unknown>;
}

async function ledger(repo: string): Promise<LedgerRecord[]> {
  return envelope(await exo(repo, "ledger-show", "--all")).data.records as never;
}

async function run(repo: string, env: Record<string, string>, script: Block[][]): Promise<{ turns: { messages: { role: string; content: unknown }[] }[] }> {
  const server = await messagesServer(script);
  for await (const m of query({ prompt: "Do the ticket.", options: { cwd: repo, env: { ...env, ANTHROPIC_BASE_URL: server.url }, settingSources: ["project"], permissionMode: "acceptEdits", allowedTools: ["Bash", "Write"] } })) {
    if (m.type === "result") expect(m.subtype).toBe("success");
  }
  return server;
}

test("real Claude Code after exo install: SessionStart starts on the ticket claimed for Claude, writes are held to scope, SessionEnd suspends, the next conversation resumes and finishes from Bash", { timeout: 300_000 }, async () => {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "docs/README.md": "d\n" });
  expect(envelope(await exo(repo, "install", "--harness", "claude", "--harness", "git")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "ticket");
  const claudeMd = await readFile(join(repo, "CLAUDE.md"), "utf8");
  expect(claudeMd).toContain("`EXO_ACTOR=agent:claude exo lease-heartbeat`");
  expect(claudeMd).toContain("`EXO_ACTOR=agent:claude exo session-finish --summary");
  const claim = envelope(await exo(repo, "next", "--owner", "agent:claude"));
  expect(claim.data.ticket.id).toBe("T1");

  // `exo` on the agent's PATH as an installed package puts it: a link to the CLI.
  const bin = await tempDir();
  await mkdir(bin, { recursive: true });
  await symlink(EXO_BIN, join(bin, "exo"));
  const base = claudeEnv(await tempDir(), "http://127.0.0.1:9");
  const env = { ...base, PATH: `${bin}:${base.PATH}` };

  // First conversation: one write in scope, one out of it, one shell write out of it.
  const first = await run(repo, env, [
    [{ type: "tool_use", id: "toolu_in", name: "Write", input: { file_path: join(repo, "src/api/b.ts"), content: "b\n" } }],
    [{ type: "tool_use", id: "toolu_out", name: "Write", input: { file_path: join(repo, "docs/notes.md"), content: "no\n" } }],
    [{ type: "tool_use", id: "toolu_sh", name: "Bash", input: { command: "echo no > docs/shell.md", description: "write" } }],
    [{ type: "text", text: "Half done." }],
  ]);
  expect(await readFile(join(repo, "src/api/b.ts"), "utf8")).toBe("b\n");
  expect(existsSync(join(repo, "docs/notes.md"))).toBe(false);
  expect(existsSync(join(repo, "docs/shell.md"))).toBe(false);
  // The bootstrap reached the model with the ticket and its scope; the denials' reasons too.
  const seen = JSON.stringify(first.turns);
  expect(seen).toContain("T1");
  expect(seen).toContain("src/**");
  expect(JSON.stringify(first.turns.at(-1)?.messages)).toContain("exo blocked write to docs/notes.md");

  let records = await ledger(repo);
  const started = records.find((r) => r.type === "session.started");
  expect(started?.ticket).toBe("T1");
  expect(started?.actor).toMatch(/^agent:claude:[0-9a-f]{8}$/);
  const session = started?.session as string;
  expect(records.filter((r) => r.type === "hook.denied" && r.session === session).map((r) => r.data["path"]).sort()).toEqual(["docs/notes.md", "docs/shell.md"]);
  expect(records.find((r) => r.type === "session.suspended")).toMatchObject({ session, data: { reason: expect.stringMatching(/^claude SessionEnd/) } });

  // A new conversation: another conversation id, so another agent:claude:* actor; it continues the
  // suspended session and finishes it with the CLI, as the bootstrap tells it to.
  const second = await run(repo, env, [
    [{ type: "tool_use", id: "toolu_in2", name: "Write", input: { file_path: join(repo, "src/api/c.ts"), content: "c\n" } }],
    [{ type: "tool_use", id: "toolu_beat", name: "Bash", input: { command: "EXO_ACTOR=agent:claude exo lease-heartbeat", description: "heartbeat" } }],
    [{ type: "tool_use", id: "toolu_fin", name: "Bash", input: { command: "EXO_ACTOR=agent:claude exo session-finish --summary 'api done' --skip-check --break-glass-reason 'harness test'", description: "finish" } }],
    [{ type: "text", text: "Done." }],
  ]);
  expect(await readFile(join(repo, "src/api/c.ts"), "utf8")).toBe("c\n");
  records = await ledger(repo);
  expect(records.find((r) => r.type === "session.resumed")).toMatchObject({ session });
  const finished = records.find((r) => r.type === "session.finished");
  expect(finished).toMatchObject({ session, ticket: "T1" });
  expect(finished?.actor).toMatch(/^agent:claude/);
  expect(JSON.stringify(second.turns)).not.toMatch(/LOCK_OWNER_MISMATCH|NO_ACTIVE_SESSION|LOCK_NOT_FOUND/);
  const show = envelope(await exo(repo, "ticket-show", "T1")).data;
  expect(show.ticket.status).toBe("review");
  expect(show.lock?.state ?? "released").not.toBe("held");
  expect(existsSync(join(repo, `.exo/mementos/T1/${session}.md`))).toBe(true);
  expect(git(repo, "log", "-1", "--format=%s").trim()).toBe(`chore(exo): finish ${session}`);
});
