// exoprotocol/claude-agent-sdk: real Claude Agent SDK runs (the SDK spawns Claude Code) against a
// scripted Messages API server on loopback; HOME is a temp folder and the API key is fake.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import * as claude from "@anthropic-ai/claude-agent-sdk";
import type * as SdkModule from "../../../src/sdk/claude-agent-sdk.js";
import type * as LibModule from "../../../src/index.js";
import { envelope, exo, tempDir } from "../../helpers/repo.js";
import { claudeEnv, distModule, fileIn, governedRepo, messagesServer } from "../../helpers/sdk.js";

type Sdk = typeof SdkModule;
type Lib = typeof LibModule;

const tools = { permissionMode: "acceptEdits" as const, allowedTools: ["Write", "Edit", "Bash"] };

test("runGoverned: in-scope Write happens; out-of-scope Write and shell write are refused before anything is written and Claude sees why; finish with drift and memento", { timeout: 180_000 }, async () => {
  const sdk = await distModule<Sdk>("sdk/claude-agent-sdk.js");
  const repo = await governedRepo();
  const server = await messagesServer([
    [{ type: "tool_use", id: "toolu_1", name: "Write", input: { file_path: join(repo, "src/app/greet.ts"), content: "export const hi = 1;\n" } }],
    [{ type: "tool_use", id: "toolu_2", name: "Write", input: { file_path: join(repo, "docs/out.md"), content: "no\n" } }],
    [{ type: "tool_use", id: "toolu_3", name: "Bash", input: { command: "echo no > docs/shell.md", description: "write" } }],
    [{ type: "tool_use", id: "toolu_4", name: "Edit", input: { file_path: join(repo, "docs/README.md"), old_string: "docs", new_string: "changed" } }],
    [{ type: "text", text: "Added the greeting." }],
  ]);
  const { result, end, session } = await sdk.runGoverned({ prompt: "Add the greeting", options: { ...tools, env: claudeEnv(await tempDir(), server.url) } }, { repo, ticketId: "T1", task: "Add the greeting" });

  expect(result?.subtype).toBe("success");
  expect(await readFile(join(repo, "src/app/greet.ts"), "utf8")).toBe("export const hi = 1;\n");
  expect(fileIn(repo, "docs/out.md")).toBe(false);
  expect(fileIn(repo, "docs/shell.md")).toBe(false);
  expect(await readFile(join(repo, "docs/README.md"), "utf8")).toBe("docs\n");
  // Claude was sent each refusal with exo's reason.
  const sent = JSON.stringify(server.turns.at(-1)?.messages);
  for (const p of ["docs/out.md", "docs/shell.md", "docs/README.md"]) expect(sent).toContain(`exo blocked write to ${p}`);
  // The session bootstrap reached the model at session start.
  expect(JSON.stringify(server.turns[0])).toContain("T1");

  expect(end?.ok).toBe(true);
  const data = end?.data as { outcome: string; drift: { score: number }; memento_path: string; changed_files: unknown };
  expect(data.outcome).toBe("finished");
  expect(typeof data.drift.score).toBe("number");
  expect(JSON.stringify(data.changed_files)).toContain("src/app/greet.ts");
  expect(await readFile(join(repo, data.memento_path), "utf8")).toContain("Added the greeting.");
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; session: string | null; data: Record<string, unknown> }[];
  expect(records.find((r) => r.type === "session.started" && r.session === session.sessionId)?.data).toMatchObject({ harness: "sdk", vendor: "anthropic" });
  expect(records.filter((r) => r.type === "hook.denied" && r.session === session.sessionId).length).toBe(3);
});

test("a refused start throws a coded ExoError and Claude is never started; a run that throws leaves a suspended session", { timeout: 120_000 }, async () => {
  const sdk = await distModule<Sdk>("sdk/claude-agent-sdk.js");
  const { ExoError } = await distModule<Lib>("index.js");
  const repo = await governedRepo();
  const server = await messagesServer([[{ type: "tool_use", id: "toolu_1", name: "Write", input: { file_path: join(repo, "src/app/x.ts"), content: "x" } }]]);
  const env = claudeEnv(await tempDir(), server.url);

  expect((await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:someone-else" } })).code).toBe(0);
  const refused = await sdk.runGoverned({ prompt: "go", options: { ...tools, env } }, { repo, ticketId: "T1" }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(refused).toBeInstanceOf(ExoError);
  expect((refused as { code: string }).code).toMatch(/^(LOCK_HELD|TICKET_IN_USE)$/);
  expect(server.turns.length).toBe(0);
  expect(fileIn(repo, "src/app/x.ts")).toBe(false);

  // A second task; the Claude Code executable is missing, so query() throws.
  expect((await exo(repo, "ticket-create", "Second", "--id", "T2", "--scope-allow", "src/**")).code).toBe(0);
  await expect(sdk.runGoverned({ prompt: "go", options: { ...tools, env, pathToClaudeCodeExecutable: join(repo, "no-such-claude") } }, { repo, ticketId: "T2" })).rejects.toThrow();
  const status = envelope(await exo(repo, "status"));
  expect((status.data.sessions as { ticket: string; status: string }[]).find((s) => s.ticket === "T2")?.status).toBe("suspended");
});

test("exoHooks on a plain query(): the first prompt opens the session and hands Claude the bootstrap, PreToolUse refuses out of scope; canUseTool refuses too", { timeout: 180_000 }, async () => {
  const sdk = await distModule<Sdk>("sdk/claude-agent-sdk.js");
  const repo = await governedRepo();
  const server = await messagesServer([
    [{ type: "tool_use", id: "toolu_1", name: "Write", input: { file_path: join(repo, "src/app/h.ts"), content: "h\n" } }],
    [{ type: "tool_use", id: "toolu_2", name: "Write", input: { file_path: join(repo, "docs/h.md"), content: "h\n" } }],
  ]);
  const errors: unknown[] = [];
  const hooks = sdk.exoHooks({ repo, ticketId: "T1", onError: (e) => errors.push(e) });
  let claudeSession = "";
  for await (const m of claude.query({ prompt: "go", options: { ...tools, cwd: repo, env: claudeEnv(await tempDir(), server.url), hooks } })) claudeSession = m.session_id ?? claudeSession;
  expect(errors).toEqual([]);
  expect(fileIn(repo, "src/app/h.ts")).toBe(true);
  expect(fileIn(repo, "docs/h.md")).toBe(false);
  expect(JSON.stringify(server.turns.at(-1)?.messages)).toContain("exo blocked write to docs/h.md");
  expect(JSON.stringify(server.turns[0]?.messages)).toContain("T1");
  // The session runs as harness sdk, bound to Claude's own session id.
  const status = envelope(await exo(repo, "status"));
  const s = (status.data.sessions as { id: string; ticket: string; status: string }[]).find((x) => x.ticket === "T1");
  expect(s?.status).toMatch(/^(active|suspended)$/);
  const record = JSON.parse(await readFile(join(repo, ".exo/sessions", `${s?.id}.json`), "utf8")) as { harness: string; agent_session_id: string };
  expect(record).toMatchObject({ harness: "sdk", agent_session_id: claudeSession });

  expect((await exo(repo, "session-suspend", "--session-id", s?.id ?? "", "--reason", "test", { env: { EXO_ACTOR: "agent:claude-sdk" } })).code).toBe(0);
  const canUse = sdk.exoCanUseTool({ repo, sessionId: s?.id ?? "" });
  const signal = new AbortController().signal;
  // A suspended session refuses writes; reads pass.
  const denied = await canUse("Write", { file_path: join(repo, "src/app/z.ts"), content: "z" }, { signal, toolUseID: "t" } as never);
  expect(denied).toMatchObject({ behavior: "deny" });
  const allowed = await canUse("Read", { file_path: join(repo, "src/app/a.ts") }, { signal, toolUseID: "t" } as never);
  expect(allowed).toMatchObject({ behavior: "allow" });
});
