// A new user's first hours and a small team's first day, forty-third pass: `--priority high` (a
// word where a number 1 to 5 goes) says the range, over the CLI and over MCP, not only "must be a
// number".
import { expect, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { envelope, exo, tempRepo } from "../../helpers/repo.js";

test("--priority high on ticket-create, ticket-update and intent-create, and priority: \"high\" over MCP, say the range 1 (most urgent) to 5 (before: '--priority must be a number, got \"high\"', the range only in --help)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const [task] = envelope(await exo(repo, "tickets", "--kind", "task")).data.tickets as { id: string }[];
  for (const args of [["ticket-update", task?.id ?? "", "--priority", "high"], ["ticket-create", "x", "--priority=urgent"], ["intent-create", "x", "--brain-dump", "y", "--priority", "2.5"]]) {
    const run = await exo(repo, ...args, { json: false });
    expect(run.code, args.join(" ")).toBe(2);
    expect(run.stderr, args.join(" ")).toMatch(/^error: --priority must be a whole number from 1 \(most urgent\) to 5, got ("high"|"urgent"|2\.5)\. \[INVALID_INPUT\]/);
  }
  const client = await mcpClient(repo);
  const error = structured(await client.callTool({ name: "exo_ticket_update", arguments: { id: task?.id, priority: "high" } })).error;
  expect(error?.code).toBe("INVALID_INPUT");
  expect(error?.message).toMatch(/^priority must be a whole number from 1 \(most urgent\) to 5, got "high"/i);
  await client.close();
}, 60_000);
