// The real Codex CLI (npm @openai/codex, pinned in devDependencies) against a scripted model:
// a Responses API server on loopback (port 0) that streams SSE, a temporary CODEX_HOME whose
// config.toml points a model provider at it, and hook trust persisted the way Codex's /hooks
// does it (the hashes come from Codex itself, through its app-server's hooks/list).
import { spawn } from "node:child_process";
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { scriptedPost } from "./loopback.js";
import { envelope, exo, git, initRepo, tempDir, writeFiles } from "./repo.js";

/** The Codex launcher script of the installed package (it picks the platform's native binary). */
export const CODEX_JS = createRequire(import.meta.url).resolve("@openai/codex/bin/codex.js");

export type OutputItem = Record<string, unknown>;

export const execCommand = (cmd: string, id: string): OutputItem => ({ type: "function_call", id: `fc_${id}`, call_id: `call_${id}`, name: "exec_command", arguments: JSON.stringify({ cmd }) });
export const applyPatch = (patch: string, id: string): OutputItem => ({ type: "custom_tool_call", id: `ctc_${id}`, call_id: `call_${id}`, name: "apply_patch", input: patch });
export const message = (text: string): OutputItem => ({ type: "message", id: `msg_${text.length}`, role: "assistant", content: [{ type: "output_text", text, annotations: [] }] });

export interface ScriptedResponses {
  /** base_url for the model provider (…/v1). */
  url: string;
  /** Bodies of POST /v1/responses, in order. */
  requests: { input: unknown[]; tools?: unknown[] }[];
}

/** A scripted step: the items to answer, or a function of the request (to use what a tool returned). */
export type Step = OutputItem[] | ((body: ScriptedResponses["requests"][number]) => OutputItem[]);

/** Answers each POST /v1/responses with the next scripted step as an SSE stream (then "done"). */
export async function responsesSse(script: Step[]): Promise<ScriptedResponses> {
  const api = await scriptedPost<ScriptedResponses["requests"][number]>("/v1/responses", (body, n, res) => {
    const id = `resp_${n}`;
    const step = script.shift();
    const items = typeof step === "function" ? step(body) : (step ?? [message("done")]);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const send = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    send("response.created", { response: { id } });
    items.forEach((item, output_index) => {
      send("response.output_item.added", { output_index, item });
      send("response.output_item.done", { output_index, item });
    });
    send("response.completed", { response: { id, usage: { input_tokens: 10, input_tokens_details: null, output_tokens: 5, output_tokens_details: null, total_tokens: 15 } } });
    res.end();
  });
  return { url: `${api.origin}/v1`, requests: api.requests };
}

const q = (s: string) => JSON.stringify(s);

/** A CODEX_HOME whose config.toml uses the scripted provider and trusts the repository. */
export async function codexHome(home: string, baseUrl: string, repo: string): Promise<string> {
  const dir = join(home, ".codex");
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "config.toml"),
    [
      // gpt-5.5 is in Codex's bundled model catalog with the freeform apply_patch tool.
      'model = "gpt-5.5"',
      'model_provider = "exo_scripted"',
      'approval_policy = "never"',
      'sandbox_mode = "danger-full-access"',
      "check_for_update_on_startup = false",
      "",
      "[model_providers.exo_scripted]",
      'name = "exo scripted model"',
      `base_url = ${q(baseUrl)}`,
      'wire_api = "responses"',
      'env_key = "EXO_SCRIPTED_API_KEY"',
      "",
      `[projects.${q(repo)}]`,
      'trust_level = "trusted"',
      "",
    ].join("\n"),
  );
  return dir;
}

/** Environment for Codex processes: temp HOME and CODEX_HOME, a fake key, nothing from the real home. */
export function codexEnv(home: string, codexHomeDir: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env["PATH"] ?? "", HOME: home, CODEX_HOME: codexHomeDir, EXO_SCRIPTED_API_KEY: "sk-test-not-a-key", NO_COLOR: "1", ...extra };
  if (process.env["TMPDIR"]) env["TMPDIR"] = process.env["TMPDIR"];
  return env;
}

export interface HookEntry {
  key: string;
  currentHash: string;
  trustStatus: string;
  eventName: string;
  timeoutSec: number;
  sourcePath: string;
}

/** Codex's own view of the hooks for cwd (app-server JSON-RPC over stdio: initialize, hooks/list). */
export async function listHooks(cwd: string, env: Record<string, string>): Promise<{ hooks: HookEntry[]; warnings: string[]; errors: unknown[] }> {
  const child = spawn(process.execPath, [CODEX_JS, "app-server"], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  const kill = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const waiters = new Map<number, (m: Record<string, unknown>) => void>();
  let buffer = "";
  child.stdout.on("data", (d: Buffer) => {
    buffer += d.toString();
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      try {
        const msg = JSON.parse(line) as { id?: number };
        if (typeof msg.id === "number") waiters.get(msg.id)?.(msg);
      } catch {
        // a log line
      }
    }
  });
  child.stderr.resume();
  let next = 0;
  const call = (method: string, params: unknown) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++next;
      waiters.set(id, resolve);
      child.once("exit", () => reject(new Error(`codex app-server exited before answering ${method}`)));
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  try {
    await call("initialize", { clientInfo: { name: "exo-test", version: "1.0.0" } });
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "initialized" })}\n`);
    const answer = await call("hooks/list", { cwds: [cwd] });
    const data = ((answer["result"] as { data?: { hooks: HookEntry[]; warnings: string[]; errors: unknown[] }[] } | undefined)?.data ?? [])[0];
    if (!data) throw new Error(`hooks/list gave no answer for ${cwd}: ${JSON.stringify(answer)}`);
    return data;
  } finally {
    clearTimeout(kill);
    child.kill();
  }
}

/** Persist trust for every listed hook as Codex's /hooks does: [hooks.state."<key>"] trusted_hash. */
export async function trustHooks(codexHomeDir: string, hooks: HookEntry[]): Promise<void> {
  const tables = hooks.map((h) => `[hooks.state.${q(h.key)}]\ntrusted_hash = ${q(h.currentHash)}\n`).join("\n");
  await appendFile(join(codexHomeDir, "config.toml"), `\n${tables}`);
}

export interface CodexRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `codex exec` in cwd with the prompt; stdin closed; bounded in time. */
export function codexExec(cwd: string, prompt: string, env: Record<string, string>, timeoutMs = 120_000): Promise<CodexRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CODEX_JS, "exec", "--color", "never", prompt], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A temp HOME with a Codex home pointed at the scripted server, and the environment for it, with
 * exo's project hooks of `repo` trusted as Codex's /hooks does it.
 */
export async function trustedCodex(repo: string, baseUrl: string, extra: Record<string, string> = {}): Promise<{ env: Record<string, string>; dir: string; home: string }> {
  const home = await tempDir();
  const dir = await codexHome(home, baseUrl, repo);
  const env = codexEnv(home, dir, extra);
  await trustHooks(dir, (await listHooks(repo, env)).hooks.filter((h) => h.sourcePath === join(repo, ".codex/hooks.json")));
  return { env, dir, home };
}

/** A repo with Codex's hooks, T1 scoped to src/** (beside src/api/a.ts and docs/README.md) and agent:codex holding it. */
export async function governedCodexRepo(): Promise<string> {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "docs/README.md": "docs\n" });
  await writeFiles(repo, { ".codex/.keep": "" });
  for (const args of [["install", "--harness", "codex"], ["ticket-create", "api", "--id", "T1", "--scope-allow", "src/**"]]) {
    const r = await exo(repo, ...args);
    if (r.code !== 0) throw new Error(`exo ${args[0] ?? ""} failed: ${r.stdout} ${r.stderr}`);
  }
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  if (!envelope(await exo(repo, "next", "--owner", "agent:codex")).ok) throw new Error("exo next --owner agent:codex failed");
  return repo;
}
