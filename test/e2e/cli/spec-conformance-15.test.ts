// Black-box checks of SPEC contracts found wanting by the round-15 audit: §6 flags, defaults and
// data, §10 error codes and exit codes, and the MCP tool of each command (§8.8). Each test fails on
// the behaviour before its fix.
import { spawn } from "node:child_process";
import { expect, test } from "vitest";
import { baseEnv, initRepo, MCP_BIN } from "../../helpers/repo.js";

type Reply = { id?: unknown; result?: { isError?: boolean; content?: { text: string }[]; structuredContent?: { ok: boolean; error?: { code: string; message: string; hint?: string } } }; error?: { code: number; message: string } };

/** Send raw JSON-RPC lines to a fresh exo-mcp and collect `count` answers. */
function converse(repo: string, messages: object[], count: number): Promise<Reply[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MCP_BIN, "--repo", repo], { cwd: repo, env: baseEnv(), stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`exo-mcp answered ${out.split("\n").filter(Boolean).length} of ${count}: ${out.slice(0, 500)}`));
    }, 30_000);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const replies = out.split("\n").filter(Boolean);
      if (replies.length >= count) {
        clearTimeout(timer);
        child.kill();
        resolve(replies.map((l) => JSON.parse(l) as Reply));
      }
    });
    child.on("error", reject);
    child.stdin.write(messages.map((m) => `${JSON.stringify({ jsonrpc: "2.0", ...m })}\n`).join(""));
  });
}

const INIT = { id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "0" } } };

test("a malformed MCP tools/call (arguments null or a string, name missing or a number, no params) is one INVALID_INPUT tool result with a one-line message, and the server keeps serving (SPEC §8.8)", async () => {
  const repo = await initRepo();
  const calls = [
    { id: 1, method: "tools/call", params: { name: "exo_status", arguments: null } },
    { id: 2, method: "tools/call", params: { name: "exo_status", arguments: "ticket_id=T1" } },
    { id: 3, method: "tools/call", params: { arguments: {} } },
    { id: 4, method: "tools/call", params: { name: 5, arguments: {} } },
    { id: 5, method: "tools/call" },
    { id: 6, method: "tools/call", params: { name: "exo_status", arguments: [1] } },
    { id: 7, method: "tools/call", params: { name: "exo_status", arguments: {} } },
  ];
  const replies = await converse(repo, [INIT, { method: "notifications/initialized" }, ...calls], 1 + calls.length);
  const byId = new Map(replies.map((r) => [r.id, r]));
  for (const id of [1, 2, 3, 4, 5, 6]) {
    const reply = byId.get(id);
    expect(reply?.error, JSON.stringify(reply)).toBeUndefined();
    expect(reply?.result?.isError).toBe(true);
    const error = reply?.result?.structuredContent?.error;
    expect(error?.code).toBe("INVALID_INPUT");
    expect(error?.message).not.toMatch(/\n/);
    expect(error?.message).not.toMatch(/invalid_type|expected record/);
    expect(JSON.parse(reply?.result?.content?.[0]?.text ?? "{}")).toEqual(reply?.result?.structuredContent);
  }
  expect(byId.get(1)?.result?.structuredContent?.error?.message).toMatch(/arguments of exo_status must be an object .*not null/);
  expect(byId.get(1)?.result?.structuredContent?.error?.hint).toBe("exo status --help");
  expect(byId.get(3)?.result?.structuredContent?.error?.message).toMatch(/tools\/call needs name/);
  expect(byId.get(3)?.result?.structuredContent?.error?.hint).toBeUndefined();
  expect(byId.get(7)?.result?.structuredContent?.ok).toBe(true);
});
