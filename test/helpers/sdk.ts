// Agent SDK fixtures: a governed repo with one task, a scripted OpenAI Agents model (in-process)
// and a scripted Anthropic Messages API server on loopback (port 0) for the Claude Agent SDK.
import { existsSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { onTestFinished } from "vitest";
import { scriptedPost } from "./loopback.js";
import { DIST, envelope, exo, git, initRepo } from "./repo.js";

/** A repo with task T1 scoped to src/app/** (committed). */
export async function governedRepo(): Promise<string> {
  const repo = await initRepo({ "src/app/a.ts": "export const a = 1;\n", "docs/README.md": "docs\n" });
  const t = await exo(repo, "ticket-create", "Add the greeting", "--id", "T1", "--scope-allow", "src/app/**");
  if (t.code !== 0) throw new Error(`ticket-create failed: ${t.stdout} ${t.stderr}`);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "ticket");
  return repo;
}

/**
 * A repo with exo's Claude hooks installed, task T1 scoped to src/** (committed, beside src/api/a.ts
 * and docs/README.md) and agent:claude's session on it: the set-up of the real Claude Code tests.
 */
export async function claudeSessionOnT1(): Promise<{ repo: string; session: string }> {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "docs/README.md": "d\n" });
  for (const args of [["hook-install", "--harness", "claude"], ["ticket-create", "api", "--id", "T1", "--scope-allow", "src/**"]]) {
    const r = await exo(repo, ...args);
    if (r.code !== 0) throw new Error(`exo ${args[0]} failed: ${r.stdout} ${r.stderr}`);
  }
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  const session = String((envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:claude" } })).data.session as { id: string }).id);
  return { repo, session };
}

export function distModule<T>(path: string): Promise<T> {
  return import(pathToFileURL(join(DIST, path)).href) as Promise<T>;
}

export function fileIn(repo: string, path: string): boolean {
  return existsSync(join(repo, path));
}

// ---- OpenAI Agents SDK: an in-process Model that answers from a script ------------------------

type Item = Record<string, unknown>;
export type Step = Item[] | Error;

export const call = (name: string, args: Record<string, unknown>, id: string): Item => ({ type: "function_call", callId: id, name, arguments: JSON.stringify(args), status: "completed" });
export const patchCall = (operation: Record<string, unknown>, id: string): Item => ({ type: "apply_patch_call", callId: id, status: "completed", operation });
export const shellCall = (commands: string[], id: string): Item => ({ type: "shell_call", callId: id, status: "completed", action: { commands } });
export const say = (text: string): Item => ({ type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text }] });

export class ScriptedModel {
  readonly requests: { input: unknown }[] = [];
  private readonly steps: Step[];
  private readonly Usage: new () => unknown;
  constructor(steps: Step[], usage: new () => unknown) {
    this.steps = steps;
    this.Usage = usage;
  }
  getResponse(request: { input: unknown }): Promise<{ usage: unknown; output: Item[]; responseId: string }> {
    this.requests.push(request);
    const step = this.steps.shift() ?? [say("done")];
    if (step instanceof Error) return Promise.reject(step);
    return Promise.resolve({ usage: new this.Usage(), output: step, responseId: `resp_${this.requests.length}` });
  }
  getStreamedResponse(): AsyncIterable<never> {
    return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error("the scripted model does not stream")) }) };
  }
  /** Every tool output the model was sent back, as text. */
  toolOutputs(): string {
    return JSON.stringify(this.requests.map((r) => r.input));
  }
}

// ---- Claude Agent SDK: a Messages API server that answers from a script -----------------------

export interface Block {
  type: "text" | "tool_use";
  text?: string;
  id?: string;
  name?: string;
  input?: Record<string, unknown>;
}

export interface MessagesServer {
  url: string;
  /** Bodies of the tool-bearing /v1/messages requests (the agent loop's turns). */
  turns: { messages: { role: string; content: unknown }[] }[];
}

/**
 * Answers the agent loop's turns from the script (then "done"); other requests get short text.
 * `route` picks another script for some turns (e.g. a subagent's, by its first message).
 */
export async function messagesServer(script: Block[][], route?: (body: { messages?: unknown[] }) => Block[][] | null): Promise<MessagesServer> {
  const turns: MessagesServer["turns"] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body || "{}") as Record<string, unknown>;
      } catch {
        json = {};
      }
      const url = req.url ?? "";
      if (!url.startsWith("/v1/messages") || url.includes("count_tokens")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(url.includes("count_tokens") ? { input_tokens: 10 } : {}));
        return;
      }
      const agentTurn = Array.isArray(json["tools"]) && (json["tools"] as unknown[]).length > 0;
      if (agentTurn) turns.push(json as MessagesServer["turns"][number]);
      const content: Block[] = agentTurn ? ((route?.(json) ?? script).shift() ?? [{ type: "text", text: "done" }]) : [{ type: "text", text: "ok" }];
      const stop = content.some((c) => c.type === "tool_use") ? "tool_use" : "end_turn";
      const msg = { id: `msg_${turns.length}`, type: "message", role: "assistant", model: json["model"], content: [] as unknown[], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } };
      if (!json["stream"]) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ...msg, content, stop_reason: stop }));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send("message_start", { type: "message_start", message: msg });
      content.forEach((c, index) => {
        if (c.type === "text") {
          send("content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } });
          send("content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text: c.text } });
        } else {
          send("content_block_start", { type: "content_block_start", index, content_block: { type: "tool_use", id: c.id, name: c.name, input: {} } });
          send("content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: JSON.stringify(c.input) } });
        }
        send("content_block_stop", { type: "content_block_stop", index });
      });
      send("message_delta", { type: "message_delta", delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 5 } });
      send("message_stop", { type: "message_stop" });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, turns };
}

/** Environment for the Claude Code process: temp HOME, loopback API, a fake key, no extra traffic. */
export function claudeEnv(home: string, url: string): Record<string, string> {
  return {
    PATH: process.env["PATH"] ?? "",
    HOME: home,
    ANTHROPIC_BASE_URL: url,
    ANTHROPIC_API_KEY: "sk-ant-test-not-a-key",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_TELEMETRY: "1",
  };
}

// ---- OpenAI Responses API on loopback (for code that uses the default OpenAI provider) ---------

export interface ResponsesServer {
  url: string;
  /** Bodies of the POST /v1/responses requests. */
  requests: { input: unknown; tools?: unknown[] }[];
}

/** Answers POST /v1/responses from the script (then a "done" message). */
export async function responsesServer(script: Item[][]): Promise<ResponsesServer> {
  const api = await scriptedPost<{ model?: string; input: unknown; tools?: unknown[] }>(
    "/v1/responses",
    (json, n, res) => {
      const output = script.shift() ?? [{ type: "message", id: "msg_done", role: "assistant", status: "completed", content: [{ type: "output_text", text: "done", annotations: [] }] }];
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: `resp_${n}`,
          object: "response",
          created_at: Math.floor(Date.now() / 1000),
          status: "completed",
          model: json.model ?? "scripted",
          output,
          usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
        }),
      );
    },
    { type: "invalid_request_error" },
  );
  return { url: `${api.origin}/v1`, requests: api.requests };
}

/** A consumer project whose node_modules links exoprotocol (this package) and the SDKs. */
export async function consumerProject(dir: string, packages: string[]): Promise<void> {
  await mkdir(join(dir, "node_modules", "@openai"), { recursive: true });
  await mkdir(join(dir, "node_modules", "@anthropic-ai"), { recursive: true });
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await symlink(process.cwd(), join(dir, "node_modules", "exoprotocol"));
  for (const p of packages) await symlink(join(process.cwd(), "node_modules", p), join(dir, "node_modules", p));
}

/** The fenced code block of a Markdown file whose first line is `// file: NAME`. */
export function codeBlock(markdown: string, name: string): string {
  for (const m of markdown.matchAll(/```(?:js|javascript)\n([\s\S]*?)```/g)) {
    const code = m[1] ?? "";
    if (code.startsWith(`// file: ${name}\n`)) return code;
  }
  throw new Error(`no code block for ${name}`);
}
