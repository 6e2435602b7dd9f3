// exo-mcp's front (src/mcp/bin.ts) answers initialize, tools/list and ping before the MCP SDK is
// loaded, then hands the stream to the full server. Its answers must be the SDK's own, for every
// protocol version and profile, and nothing sent around the handover may be lost.
import { expect, test } from "vitest";
import { mcpConverse } from "../../helpers/mcp.js";
import { exo, initRepo } from "../../helpers/repo.js";

type Reply = { id?: unknown; result?: unknown; error?: unknown; raw: string };

function converse(repo: string, chunks: string[], count: number, env: Record<string, string> = {}, args: string[] = []): Promise<Reply[]> {
  return mcpConverse(repo, chunks, count, { env, args, timeoutMs: 20_000 });
}

const line = (m: object) => `${JSON.stringify({ jsonrpc: "2.0", ...m })}\n`;
const init = (version: string, id: unknown = 1) => line({ id, method: "initialize", params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "t", version: "0" } } });
const byId = (replies: Reply[]) => new Map(replies.map((r) => [JSON.stringify(r.id), { result: r.result, error: r.error }]));

test("initialize, tools/list and ping are answered as the SDK answers them, for every protocol version and profile", async () => {
  const repo = await initRepo();
  expect((await exo(repo, "status")).code).toBe(0); // leaves the compiled config form the front reads
  for (const [version, args] of [["2025-06-18", []], ["2024-11-05", ["--profile", "core"]], ["1999-01-01", []], ["2025-11-25", ["--profile", "all"]]] as const) {
    const talk = [init(version, "a"), line({ method: "notifications/initialized" }), line({ id: 2, method: "tools/list" }), line({ id: 3, method: "ping" })];
    const fast = await converse(repo, [talk.join("")], 3, {}, [...args]);
    const sdk = await converse(repo, [talk.join("")], 3, { EXO_MCP_FAST: "0" }, [...args]);
    expect(byId(fast), `${version} ${args.join(" ")}`).toEqual(byId(sdk));
    // The front writes jsonrpc first, the SDK result first: the fast answers did not come from the SDK.
    expect(fast.map((r) => r.raw.slice(0, 16))).toEqual(['{"jsonrpc":"2.0"', '{"jsonrpc":"2.0"', '{"jsonrpc":"2.0"']);
    expect(sdk.map((r) => r.raw.slice(0, 9))).toEqual(['{"result"', '{"result"', '{"result"']);
    expect((fast[0]?.result as { protocolVersion: string }).protocolVersion).toBe(version === "1999-01-01" ? "2025-11-25" : version);
  }
});

test("after the fast answers, calls reach the full server; split lines are joined and a malformed line gets its JSON-RPC error", async () => {
  const repo = await initRepo();
  expect((await exo(repo, "status")).code).toBe(0);
  const call = line({ id: 4, method: "tools/call", params: { name: "exo_status", arguments: {} } });
  // One message split across writes, then a call right behind tools/list (in the same chunk).
  const start = init("2025-06-18");
  const replies = await converse(repo, [start.slice(0, 40), start.slice(40), line({ method: "notifications/initialized" }) + line({ id: 2, method: "tools/list" }) + call], 3);
  const status = byId(replies).get("4")?.result as { structuredContent: { ok: boolean } };
  expect(status.structuredContent.ok).toBe(true);
  // A line that is not JSON goes to the full server (which answers JSON-RPC's parse error and carries on), then the call is answered.
  const after = await converse(repo, ["not json\n", init("2025-06-18"), line({ method: "notifications/initialized" }), call], 3);
  expect((byId(after).get("null")?.error as { code: number }).code).toBe(-32700);
  expect((byId(after).get("4")?.result as { structuredContent: { ok: boolean } }).structuredContent.ok).toBe(true);
  // Without the compiled config form (never a YAML parser in the front) the SDK answers everything.
  const bare = await initRepo();
  const plain = await converse(bare, [init("2025-06-18") + line({ method: "notifications/initialized" }) + line({ id: 2, method: "tools/list" })], 2, { EXO_MCP_FAST: "0" });
  const fresh = await converse(bare, [init("2025-06-18") + line({ method: "notifications/initialized" }) + line({ id: 2, method: "tools/list" })], 2);
  expect(byId(fresh)).toEqual(byId(plain));
});
