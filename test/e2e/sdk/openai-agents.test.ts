// exoprotocol/openai-agents: real @openai/agents runs driven by an in-process scripted model.
import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { z } from "zod";
import * as agents from "@openai/agents";
import { envelope, exo } from "../../helpers/repo.js";
import { call, distModule, fileIn, governedRepo, patchCall, say, ScriptedModel, shellCall, type Step } from "../../helpers/sdk.js";

import type * as SdkModule from "../../../src/sdk/openai-agents.js";
import type * as LibModule from "../../../src/index.js";

type Sdk = typeof SdkModule;
type Lib = typeof LibModule;

const run = promisify(execFile);

/** A real editor: applies V4A diffs under root. */
function fsEditor(root: string): agents.Editor {
  const at = (p: string) => resolve(root, p);
  return {
    async createFile(op) {
      await mkdir(dirname(at(op.path)), { recursive: true });
      await writeFile(at(op.path), agents.applyDiff("", op.diff, "create"));
      return { status: "completed", output: `created ${op.path}` };
    },
    async updateFile(op) {
      await writeFile(at(op.path), agents.applyDiff(await readFile(at(op.path), "utf8"), op.diff));
      return { status: "completed", output: `updated ${op.path}` };
    },
    async deleteFile(op) {
      await rm(at(op.path));
      return { status: "completed", output: `deleted ${op.path}` };
    },
  };
}

/** A real local shell in root. */
function localShell(root: string): agents.Shell {
  return {
    async run(action) {
      const output = [];
      for (const command of action.commands) {
        try {
          const r = await run("sh", ["-c", command], { cwd: root });
          output.push({ stdout: r.stdout, stderr: r.stderr, outcome: { type: "exit" as const, exitCode: 0 } });
        } catch (error) {
          const e = error as { stdout?: string; stderr?: string; code?: number };
          output.push({ stdout: e.stdout ?? "", stderr: e.stderr ?? "", outcome: { type: "exit" as const, exitCode: e.code ?? 1 } });
        }
      }
      return { output };
    },
  };
}

function makeAgent(sdk: Sdk, repo: string, model: ScriptedModel, ran: string[]): agents.Agent {
  const guard = sdk.exoToolGuardrail();
  const writeTool = agents.tool({
    name: "write_file",
    description: "Write a file",
    parameters: z.object({ path: z.string(), content: z.string() }),
    inputGuardrails: [guard],
    execute: async ({ path, content }) => {
      ran.push(`write ${path}`);
      await mkdir(dirname(join(repo, path)), { recursive: true });
      await writeFile(join(repo, path), content);
      return `wrote ${path}`;
    },
  });
  const shellFn = agents.tool({
    name: "run_shell",
    description: "Run a shell command",
    parameters: z.object({ command: z.string() }),
    inputGuardrails: [guard],
    execute: async ({ command }) => {
      ran.push(`shell ${command}`);
      const r = await run("sh", ["-c", command], { cwd: repo });
      return r.stdout;
    },
  });
  return new agents.Agent({
    name: "coder",
    instructions: "You write code.",
    model: model as unknown as agents.Model,
    tools: [writeTool, shellFn, agents.applyPatchTool({ editor: sdk.governEditor(fsEditor(repo)) }), agents.shellTool({ shell: sdk.governShell(localShell(repo)) })],
  });
}

test("runGoverned: in-scope writes happen; out-of-scope write, shell write and patch are refused before anything is written and the model sees why; finish with drift and memento", { timeout: 180_000 }, async () => {
  const sdk = await distModule<Sdk>("sdk/openai-agents.js");
  const repo = await governedRepo();
  const steps: Step[] = [
    [call("write_file", { path: "src/app/greet.ts", content: "export const hi = 1;\n" }, "c1")],
    [call("write_file", { path: "docs/out.md", content: "no\n" }, "c2")],
    [call("run_shell", { command: "echo no > docs/shell.md" }, "c3")],
    [patchCall({ type: "create_file", path: "docs/patch.md", diff: "+no\n" }, "c4")],
    [patchCall({ type: "create_file", path: "src/app/patched.ts", diff: "+export const p = 1;\n" }, "c5")],
    [shellCall(["touch docs/local-shell.md"], "c6")],
    [say("All done: added the greeting.")],
  ];
  const model = new ScriptedModel(steps, agents.Usage);
  const ran: string[] = [];
  const runner = new agents.Runner({ tracingDisabled: true });
  const { result, end, session } = await sdk.runGoverned(runner, makeAgent(sdk, repo, model, ran), "Add the greeting", { repo, ticketId: "T1", model: "scripted", task: "Add the greeting" });

  expect(result.finalOutput).toBe("All done: added the greeting.");
  // In scope: written. Out of scope: never reached the tool or the disk.
  expect(await readFile(join(repo, "src/app/greet.ts"), "utf8")).toBe("export const hi = 1;\n");
  expect(await readFile(join(repo, "src/app/patched.ts"), "utf8")).toBe("export const p = 1;");
  for (const p of ["docs/out.md", "docs/shell.md", "docs/patch.md", "docs/local-shell.md"]) expect(fileIn(repo, p), p).toBe(false);
  expect(ran).toEqual(["write src/app/greet.ts"]);
  // The model was told why, for each refusal.
  const sent = model.toolOutputs();
  for (const p of ["docs/out.md", "docs/shell.md", "docs/patch.md", "docs/local-shell.md"]) expect(sent).toContain(`exo blocked write to ${p}`);
  expect(sent).toMatch(/outside the scope of T1/);

  // The session was started as harness sdk and finished with drift and a memento.
  expect(end?.ok).toBe(true);
  const data = end?.data as { outcome: string; drift: { score: number }; memento_path: string; changed_files: { path: string }[] | string[] };
  expect(data.outcome).toBe("finished");
  expect(typeof data.drift.score).toBe("number");
  expect(JSON.stringify(data.changed_files)).toContain("src/app/greet.ts");
  const memento = await readFile(join(repo, data.memento_path), "utf8");
  expect(memento).toContain("All done: added the greeting.");
  const ledger = envelope(await exo(repo, "ledger-show", "--all"));
  const records = ledger.data.records as { type: string; session: string | null; data: Record<string, unknown> }[];
  const started = records.find((r) => r.type === "session.started" && r.session === session.sessionId);
  expect(started?.data).toMatchObject({ harness: "sdk", vendor: "openai", model: "scripted" });
  expect(records.filter((r) => r.type === "hook.denied" && r.session === session.sessionId).length).toBe(4);
  expect(records.some((r) => r.type === "session.finished" && r.session === session.sessionId)).toBe(true);
  const t = envelope(await exo(repo, "ticket-show", "T1"));
  expect(t.data.ticket?.status ?? t.data.status).toBe("review");
});

test("a run that throws leaves a suspended session and rethrows; runGoverned with sessionId resumes and finishes it", { timeout: 180_000 }, async () => {
  const sdk = await distModule<Sdk>("sdk/openai-agents.js");
  const repo = await governedRepo();
  const model = new ScriptedModel([[call("write_file", { path: "src/app/x.ts", content: "x" }, "c1")], new Error("model exploded")], agents.Usage);
  const runner = new agents.Runner({ tracingDisabled: true });
  await expect(sdk.runGoverned(runner, makeAgent(sdk, repo, model, []), "go", { repo, ticketId: "T1" })).rejects.toThrow(/model exploded/);
  const status = envelope(await exo(repo, "status"));
  const s = (status.data.sessions as { id: string; ticket: string; status: string }[]).find((x) => x.ticket === "T1");
  expect(s?.status).toBe("suspended");
  const ledger = envelope(await exo(repo, "ledger-show", "--type", "session.suspended", "--all"));
  expect(JSON.stringify(ledger.data.records)).toMatch(/model exploded/);

  // The suspended session is picked up again by id and finished.
  const again = new ScriptedModel([[say("recovered")]], agents.Usage);
  const { end, session } = await sdk.runGoverned(new agents.Runner({ tracingDisabled: true }), makeAgent(sdk, repo, again, []), "go on", { repo, sessionId: s?.id ?? "" });
  expect(session.sessionId).toBe(s?.id);
  expect(end).toMatchObject({ ok: true, data: { outcome: "finished" } });
});

test("a refused start (ticket locked by someone else) throws a coded ExoError and the agent never runs", { timeout: 180_000 }, async () => {
  const sdk = await distModule<Sdk>("sdk/openai-agents.js");
  const { ExoError } = await distModule<Lib>("index.js");
  const repo = await governedRepo();
  expect((await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:someone-else" } })).code).toBe(0);
  const model = new ScriptedModel([[call("write_file", { path: "src/app/x.ts", content: "x" }, "c1")]], agents.Usage);
  const ran: string[] = [];
  const error = await sdk.runGoverned(new agents.Runner({ tracingDisabled: true }), makeAgent(sdk, repo, model, ran), "go", { repo, ticketId: "T1" }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExoError);
  expect((error as { code: string }).code).toMatch(/^(LOCK_HELD|TICKET_IN_USE)$/);
  expect(model.requests.length).toBe(0);
  expect(ran).toEqual([]);
  expect(fileIn(repo, "src/app/x.ts")).toBe(false);
});

test("governRunner: agent_start opens the session, the guardrail decides in it, agent_end suspends", { timeout: 180_000 }, async () => {
  const sdk = await distModule<Sdk>("sdk/openai-agents.js");
  const repo = await governedRepo();
  const model = new ScriptedModel([[call("write_file", { path: "src/app/r.ts", content: "r" }, "c1"), call("write_file", { path: "docs/r.md", content: "r" }, "c2")], [say("ok")]], agents.Usage);
  const runner = new agents.Runner({ tracingDisabled: true });
  const errors: unknown[] = [];
  const ended: unknown[] = [];
  const detach = sdk.governRunner(runner, { repo, ticketId: "T1", onError: (e) => errors.push(e), onEnded: (e) => ended.push(e) });
  const ran: string[] = [];
  const agent = makeAgent(sdk, repo, model, ran);
  const result = await runner.run(agent, "go");
  await detach.settled();
  detach();
  expect(errors).toEqual([]);
  expect(result.finalOutput).toBe("ok");
  expect(ran).toEqual(["write src/app/r.ts"]);
  expect(fileIn(repo, "docs/r.md")).toBe(false);
  expect(model.toolOutputs()).toContain("exo blocked write to docs/r.md");
  expect((ended[0] as { ok: boolean; data: { status?: string } }).ok).toBe(true);
  const status = envelope(await exo(repo, "status"));
  expect((status.data.sessions as { ticket: string; status: string }[]).find((x) => x.ticket === "T1")?.status).toBe("suspended");
});

test("governRunner: an agent that answers before its session has finished starting still ends that session", { timeout: 180_000 }, async () => {
  const sdk = await distModule<Sdk>("sdk/openai-agents.js");
  const repo = await governedRepo();
  // No tool call: the scripted model answers at once, while session-start is still running.
  const model = new ScriptedModel([[say("nothing to do")]], agents.Usage);
  const runner = new agents.Runner({ tracingDisabled: true });
  const errors: unknown[] = [];
  const ended: unknown[] = [];
  const detach = sdk.governRunner(runner, { repo, ticketId: "T1", onError: (e) => errors.push(e), onEnded: (e) => ended.push(e) });
  const result = await runner.run(makeAgent(sdk, repo, model, []), "go");
  await detach.settled();
  detach();
  expect(errors).toEqual([]);
  expect(result.finalOutput).toBe("nothing to do");
  expect(ended.length).toBe(1);
  expect(detach.session()).toBeNull();
  const status = envelope(await exo(repo, "status"));
  expect((status.data.sessions as { ticket: string; status: string }[]).find((x) => x.ticket === "T1")?.status).toBe("suspended");
});

test("without a session the guardrail follows hooks.no_session; argument parsing picks paths, argv and patches", { timeout: 180_000 }, async () => {
  const sdk = await distModule<Sdk>("sdk/openai-agents.js");
  expect(sdk.toolCallParts("delete_file", { path: "a" }).paths).toEqual([{ path: "a", action: "delete" }]);
  expect(sdk.toolCallParts("write_file", { file_path: "a", filePath: ["b", 3] }).paths.map((p) => p.path)).toEqual(["a", "b"]);
  expect(sdk.toolCallParts("exec", { cmd: ["sed", "-i", "s/a/b/", "it's.txt"] }).commands).toEqual(["sed -i s/a/b/ 'it'\\''s.txt'"]);
  expect(sdk.toolCallParts("apply", { patch: "*** Begin Patch" }).patches).toEqual(["*** Begin Patch"]);
  expect(sdk.toolCallParts("x", "not an object")).toEqual({ paths: [], patches: [], commands: [] });
  const repo = await governedRepo();
  const guard = sdk.exoToolGuardrail({ repo, actor: "agent:nobody" });
  const ask = (path: string) => guard.run({ toolCall: { type: "function_call", callId: "c", name: "write_file", arguments: JSON.stringify({ path }) } } as never);
  // Default hooks.no_session: allow; .exo/ stays protected either way.
  expect((await ask("docs/z.md")).behavior.type).toBe("allow");
  expect((await ask(".exo/config.yaml")).behavior).toMatchObject({ type: "rejectContent" });
  // governEditor: a refused delete never reaches the wrapped editor; an allowed one does.
  const calls: string[] = [];
  const inner: agents.Editor = {
    createFile: (op) => Promise.resolve(void calls.push(`create ${op.path}`)),
    updateFile: (op) => Promise.resolve(void calls.push(`update ${op.path}`)),
    deleteFile: (op) => Promise.resolve(void calls.push(`delete ${op.path}`)),
  };
  const editor = sdk.governEditor(inner, { repo, actor: "agent:nobody" });
  const refused = await editor.deleteFile({ type: "delete_file", path: ".exo/config.yaml" });
  expect(refused).toMatchObject({ status: "failed" });
  expect((refused as { output: string }).output).toMatch(/\.exo/);
  await editor.deleteFile({ type: "delete_file", path: "docs/README.md" });
  expect(calls).toEqual(["delete docs/README.md"]);
  const config = join(repo, ".exo/config.yaml");
  await writeFile(config, (await readFile(config, "utf8")).replace(/no_session: allow/, "no_session: deny"));
  expect((await exo(repo, "compose")).code).toBe(0);
  const denied = await ask("docs/z.md");
  expect(denied.behavior).toMatchObject({ type: "rejectContent" });
  expect(JSON.stringify(denied.behavior)).toMatch(/session/i);
});

test("a function tool whose name only reads reads its paths: outside the scope allowed, a secret refused; a writer's path stays a write", { timeout: 180_000 }, async () => {
  const sdk = await distModule<Sdk>("sdk/openai-agents.js");
  expect(sdk.toolCallParts("read_file", { path: "docs/README.md" }).paths).toEqual([{ path: "docs/README.md", action: "read" }]);
  expect(sdk.toolCallParts("list_dir", { path: "docs" }).paths).toEqual([{ path: "docs", action: "read" }]);
  expect(sdk.toolCallParts("write_file", { path: "docs/README.md" }).paths).toEqual([{ path: "docs/README.md", action: "write" }]);
  const repo = await governedRepo();
  await writeFile(join(repo, ".env"), "TOKEN=s3cr3t\n");
  expect((await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:openai" } })).code).toBe(0);
  const guard = sdk.exoToolGuardrail({ repo, actor: "agent:openai" });
  const ask = (name: string, path: string) => guard.run({ toolCall: { type: "function_call", callId: "c", name, arguments: JSON.stringify({ path }) } } as never);
  // Refused as a write outside the scope before round 20.
  expect((await ask("read_file", "docs/README.md")).behavior.type).toBe("allow");
  expect((await ask("view_file", "src/app/a.ts")).behavior.type).toBe("allow");
  const secret = await ask("read_file", ".env");
  expect(secret.behavior).toMatchObject({ type: "rejectContent" });
  expect(JSON.stringify(secret.behavior)).toMatch(/read of \.env/);
  expect((await ask("write_file", "docs/README.md")).behavior).toMatchObject({ type: "rejectContent" });
});
