// The examples of docs/sdk.md run as written: extracted from the Markdown, run with node in a
// consumer project, against loopback model servers (OpenAI Responses API, Anthropic Messages API).
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, runNode, tempDir } from "../../helpers/repo.js";
import { claudeEnv, codeBlock, consumerProject, fileIn, governedRepo, messagesServer, responsesServer } from "../../helpers/sdk.js";

const doc = () => readFile("docs/sdk.md", "utf8");

test("docs/sdk.md OpenAI example: in-scope write and patch happen, out-of-scope ones are refused with the reason, session finished", { timeout: 180_000 }, async () => {
  const repo = await governedRepo();
  const project = await tempDir();
  await consumerProject(project, ["@openai/agents", "zod"]);
  await writeFile(join(project, "governed-openai.mjs"), codeBlock(await doc(), "governed-openai.mjs"));
  const server = await responsesServer([
    [{ type: "function_call", id: "fc_1", call_id: "call_1", name: "write_file", arguments: JSON.stringify({ path: "src/app/greet.ts", content: "export const hi = 1;\n" }), status: "completed" }],
    [{ type: "function_call", id: "fc_2", call_id: "call_2", name: "write_file", arguments: JSON.stringify({ path: "docs/x.md", content: "no\n" }), status: "completed" }],
    [{ type: "apply_patch_call", id: "ap_1", call_id: "call_3", status: "completed", operation: { type: "create_file", path: "docs/p.md", diff: "+no\n" } }],
    [{ type: "apply_patch_call", id: "ap_2", call_id: "call_4", status: "completed", operation: { type: "create_file", path: "src/app/p.ts", diff: "+export const p = 1;\n" } }],
    [{ type: "message", id: "msg_1", role: "assistant", status: "completed", content: [{ type: "output_text", text: "Added the greeting.", annotations: [] }] }],
  ]);
  const run = await runNode(join(project, "governed-openai.mjs"), [], repo, {
    env: { HOME: await tempDir(), OPENAI_BASE_URL: server.url, OPENAI_API_KEY: "sk-test-not-a-key", OPENAI_AGENTS_DISABLE_TRACING: "1", EXO_TICKET: "T1" },
  });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("Added the greeting.");
  expect(run.stdout).toMatch(/session finished: drift [0-9.]+, memento \.exo\/mementos\/T1\//);
  expect(await readFile(join(repo, "src/app/greet.ts"), "utf8")).toBe("export const hi = 1;\n");
  expect(fileIn(repo, "src/app/p.ts")).toBe(true);
  expect(fileIn(repo, "docs/x.md")).toBe(false);
  expect(fileIn(repo, "docs/p.md")).toBe(false);
  const sent = JSON.stringify(server.requests.at(-1)?.input);
  expect(sent).toContain("exo blocked write to docs/x.md: outside the scope of T1 (allowed: src/app/**)");
  expect(sent).toContain("exo blocked write to docs/p.md");
  const t = envelope(await exo(repo, "ticket-show", "T1"));
  expect(JSON.stringify(t.data)).toContain('"review"');
});

test("docs/sdk.md Claude example: in-scope write happens, an out-of-scope shell write is refused, session finished", { timeout: 180_000 }, async () => {
  const repo = await governedRepo();
  const project = await tempDir();
  await consumerProject(project, ["@anthropic-ai/claude-agent-sdk"]);
  await writeFile(join(project, "governed-claude.mjs"), codeBlock(await doc(), "governed-claude.mjs"));
  const server = await messagesServer([
    [{ type: "tool_use", id: "toolu_1", name: "Write", input: { file_path: join(repo, "src/app/greet.ts"), content: "export const hi = 1;\n" } }],
    [{ type: "tool_use", id: "toolu_2", name: "Bash", input: { command: "sed -i s/docs/x/ docs/README.md", description: "edit" } }],
    [{ type: "text", text: "Added the greeting." }],
  ]);
  const run = await runNode(join(project, "governed-claude.mjs"), [], repo, { env: { ...claudeEnv(await tempDir(), server.url), EXO_TICKET: "T1" } });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain("Added the greeting.");
  expect(run.stdout).toMatch(/session finished: drift [0-9.]+, memento \.exo\/mementos\/T1\//);
  expect(await readFile(join(repo, "src/app/greet.ts"), "utf8")).toBe("export const hi = 1;\n");
  expect(await readFile(join(repo, "docs/README.md"), "utf8")).toBe("docs\n");
  expect(JSON.stringify(server.turns.at(-1)?.messages)).toContain("exo blocked write to docs/README.md");
});
