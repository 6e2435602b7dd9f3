// An MCP client over stdio that spawns the built exo-mcp, closed after the test.
import { spawn } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { onTestFinished } from "vitest";
import { baseEnv, MCP_BIN } from "./repo.js";

export async function mcpClient(repo: string, opts: { args?: string[]; env?: Record<string, string>; name?: string } = {}): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MCP_BIN, "--repo", repo, ...(opts.args ?? [])],
    env: baseEnv(opts.env),
    stderr: "pipe",
  });
  const client = new Client({ name: opts.name ?? "exo-test", version: "1.0.0" });
  await client.connect(transport);
  onTestFinished(() => client.close());
  return client;
}

/** The envelope a tool returned as structuredContent. */
export function structured(result: unknown): { ok: boolean; data: any; error?: { code: string; message: string; hint?: string; tool_hint?: string } } {  
  return (result as { structuredContent: { ok: boolean; data: any; error?: { code: string; message: string; hint?: string; tool_hint?: string } } }).structuredContent;  
}

/** One JSON-RPC answer line of exo-mcp, parsed, with its text. */
export type RawReply = Record<string, unknown> & { raw: string };

/**
 * Write `chunks` to a fresh exo-mcp (30 ms apart, so a chunk may end mid-message) and collect its
 * answer lines until `count` came; fails after `timeoutMs` naming what did come.
 */
export function mcpConverse(repo: string, chunks: string[], count: number, opts: { env?: Record<string, string>; args?: string[]; timeoutMs?: number } = {}): Promise<RawReply[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MCP_BIN, "--repo", repo, ...(opts.args ?? [])], { cwd: repo, env: baseEnv(opts.env ?? {}), stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`exo-mcp answered ${out.split("\n").filter(Boolean).length} of ${count}: ${out.slice(0, 500)}`));
    }, opts.timeoutMs ?? 30_000);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const replies = out.split("\n").filter(Boolean);
      if (replies.length >= count) {
        clearTimeout(timer);
        child.kill();
        resolve(replies.map((l) => ({ ...(JSON.parse(l) as Record<string, unknown>), raw: l })));
      }
    });
    child.on("error", reject);
    void (async () => {
      for (const c of chunks) {
        child.stdin.write(c);
        await new Promise((r) => setTimeout(r, 30));
      }
    })();
  });
}
