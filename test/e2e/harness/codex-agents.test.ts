// Real Codex (npm @openai/codex) with two features a user can switch on in config.toml that
// give the model tools exo's hook matcher does not name: `code_mode` (an `exec` tool running
// JavaScript in a V8 isolate that calls the other tools as `tools.exec_command(…)`,
// `tools.apply_patch(…)`) and `multi_agent_v2` (the `collaboration` namespace: `spawn_agent`
// starts a subagent with its own turns). Codex runs PreToolUse for the nested and the subagent's
// tool calls as for the model's own, so exo judges them: these tests hold it to that.
import { appendFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo } from "../../helpers/repo.js";
import { codexExec, governedCodexRepo, message, responsesSse, trustedCodex, type OutputItem } from "../../helpers/codex.js";

const call = (name: string, args: Record<string, unknown>, id: string, namespace?: string): OutputItem => ({ type: "function_call", id: `fc_${id}`, call_id: `call_${id}`, name, ...(namespace ? { namespace } : {}), arguments: JSON.stringify(args) });
const custom = (name: string, input: string, id: string): OutputItem => ({ type: "custom_tool_call", id: `ctc_${id}`, call_id: `call_${id}`, name, input });


const deniedPaths = async (repo: string) =>
  (envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; data: Record<string, unknown> }[]).filter((r) => r.type === "hook.denied").map((r) => r.data["path"]);

test("codex exec with code_mode: tool calls a JavaScript exec cell makes (exec_command, apply_patch) are judged like the model's own", { timeout: 300_000 }, async () => {
  const repo = await governedCodexRepo();
  const cell = (js: string, id: string) => [custom("exec", js, id)];
  const server = await responsesSse([
    cell('text(JSON.stringify(await tools.exec_command({ cmd: "echo x > docs/cm.txt" })));', "1"),
    cell('text(JSON.stringify(await tools.apply_patch("*** Begin Patch\\n*** Add File: docs/cm2.txt\\n+x\\n*** End Patch\\n")));', "2"),
    cell('text(JSON.stringify(await tools.exec_command({ cmd: "echo y > src/api/cm.ts" })));', "3"),
    [message("done")],
  ]);
  const { env, dir } = await trustedCodex(repo, server.url);
  await appendFile(join(dir, "config.toml"), "\n[features]\ncode_mode = true\n");
  const run = await codexExec(repo, "Work on the ticket.", env);
  expect(run.code, run.stderr).toBe(0);
  // The exec tool was offered (the feature is on) and the cells ran.
  expect(JSON.stringify(server.requests[0]?.tools)).toContain('"name":"exec"');
  for (const f of ["docs/cm.txt", "docs/cm2.txt"]) expect(existsSync(join(repo, f)), f).toBe(false);
  expect(existsSync(join(repo, "src/api/cm.ts"))).toBe(true);
  const outputs = server.requests.slice(1).map((r) => JSON.stringify(r.input.at(-1)));
  expect(outputs[0]).toContain("exo blocked write to docs/cm.txt");
  expect(outputs[1]).toContain("exo blocked write to docs/cm2.txt");
  expect(await deniedPaths(repo)).toEqual(["docs/cm.txt", "docs/cm2.txt"]);
});

test("codex exec with multi_agent_v2: a subagent spawn_agent starts is held to the session's scope", { timeout: 300_000 }, async () => {
  const repo = await governedCodexRepo();
  const parent: OutputItem[][] = [
    [call("spawn_agent", { task_name: "notes", message: "Write the child notes.", fork_turns: "none" }, "p1", "collaboration")],
    [call("wait_agent", { timeout_ms: 30_000 }, "p2", "collaboration")],
    [message("parent done")],
  ];
  const child: OutputItem[][] = [[call("exec_command", { cmd: "echo x > docs/sa.txt" }, "c1")], [call("exec_command", { cmd: "echo y > src/api/sa.ts" }, "c2")], [message("child done")]];
  // Parent and child share the model server: a turn whose history starts from the child's task is the child's.
  const route = (body: { input: unknown[] }) => {
    const input = JSON.stringify(body.input);
    const isChild = input.includes("Write the child notes.") && !input.includes("call_p1");
    return (isChild ? child : parent).shift() ?? [message("done")];
  };
  const server = await responsesSse(Array.from({ length: 12 }, () => route));
  const { env, dir } = await trustedCodex(repo, server.url);
  await appendFile(join(dir, "config.toml"), "\n[features]\nmulti_agent_v2 = true\n");
  const run = await codexExec(repo, "Work on the ticket.", env);
  expect(run.code, run.stderr).toBe(0);
  expect(child).toHaveLength(0); // the child took all its turns
  expect(existsSync(join(repo, "docs/sa.txt"))).toBe(false);
  expect(existsSync(join(repo, "src/api/sa.ts"))).toBe(true);
  const childOutputs = server.requests.map((r) => JSON.stringify(r.input.at(-1))).filter((o) => o.includes("call_c1"));
  expect(childOutputs.join("")).toContain("exo blocked write to docs/sa.txt");
  expect(await deniedPaths(repo)).toEqual(["docs/sa.txt"]);
  // Codex's SubagentStart gave the child the parent's session, scope and rules.
  const childTurns = server.requests.filter((r) => JSON.stringify(r.input).includes("Write the child notes.") && !JSON.stringify(r.input).includes("call_p1"));
  expect(childTurns.length).toBeGreaterThan(0);
  for (const t of childTurns) expect(JSON.stringify(t.input)).toContain("exo governance for this subagent");
});
