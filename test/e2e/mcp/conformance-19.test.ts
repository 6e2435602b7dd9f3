// Round 19 conformance of exo-mcp and the CLI against SPEC (§5, §6, §8.8, §13): each test fails on
// the behaviour before its fix, or pins a contract the acceptance suite drives.
import { spawn } from "node:child_process";
import { expect, test } from "vitest";
import { baseEnv, envelope, exo, initRepo, MCP_BIN } from "../../helpers/repo.js";

const NOW = "2026-11-24T09:00:00.000Z";
const rpc = (id: number, method: string, params: object) => `${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`;
const INIT = rpc(0, "initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "conformance", version: "1" } });

test("§8.8 a client that goes away mid-call (its end of stdout closed) does not crash exo-mcp: the calls still running complete, and the server ends quietly with stdin", async () => {
  const repo = await initRepo();
  const env = baseEnv({ EXO_NOW: NOW, EXO_ACTOR: "agent:claude" });
  const child = spawn(process.execPath, [MCP_BIN, "--repo", repo], { cwd: repo, env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  child.stdout.once("data", () => {
    // The initialize answer came; the client now stops reading and sends its calls, then leaves.
    child.stdout.destroy();
    for (let i = 1; i <= 6; i++) child.stdin.write(rpc(i, "tools/call", { name: "exo_ticket_create", arguments: { title: `gone ${i}` } }));
    child.stdin.end();
  });
  child.stdin.write(INIT);
  expect(await exited).toBe(0);
  expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
  const listed = envelope(await exo(repo, "tickets", { env: { EXO_NOW: NOW } }));
  expect(listed.data.tickets.map((t: { title: string }) => t.title).sort()).toEqual(["gone 1", "gone 2", "gone 3", "gone 4", "gone 5", "gone 6"]);
});
