// An MCP client over stdio that spawns the built exo-mcp, closed after the test.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { onTestFinished } from "vitest";
import { baseEnv, MCP_BIN } from "./repo.js";

export async function mcpClient(repo: string, opts: { args?: string[]; env?: Record<string, string> } = {}): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MCP_BIN, "--repo", repo, ...(opts.args ?? [])],
    env: baseEnv(opts.env),
    stderr: "pipe",
  });
  const client = new Client({ name: "exo-test", version: "1.0.0" });
  await client.connect(transport);
  onTestFinished(() => client.close());
  return client;
}

/** The envelope a tool returned as structuredContent. */
export function structured(result: unknown): { ok: boolean; data: any; error?: { code: string; message: string } } {  
  return (result as { structuredContent: { ok: boolean; data: any; error?: { code: string; message: string } } }).structuredContent;  
}
