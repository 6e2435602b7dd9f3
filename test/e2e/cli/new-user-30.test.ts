// A new user's first hours and a small team's first day, thirtieth pass: suspended sessions
// counted as open, status's counts wrapped between a kind and its number, planning committed by
// hand, pr-check on the base branch, and exo next's skipped count.
import { execFileSync } from "node:child_process";
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, EXO_BIN, git, tempRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

/** A hint that is a shell line (`a && b`), run as pasted with this build's exo. */
function sh(cwd: string, line: string): void {
  execFileSync("sh", ["-c", line.replace(/^exo /, `"${process.execPath}" "${EXO_BIN}" `)], { cwd, stdio: "pipe" });
}

test("a suspended session is counted as suspended, not open, by exo status and exo alone (before: 'sessions 1 open' for a session nobody works in)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  expect((await exo(repo, "session-suspend", "--reason", "lunch")).code).toBe(0);
  const status = (await exo(repo, "status", { json: false })).stdout;
  expect(status).toMatch(/^sessions {4}1 suspended$/m);
  expect(status).not.toContain("1 open");
  const home = (await exo(repo, { json: false })).stdout;
  expect(home).toMatch(/^sessions {4}1 suspended$/m);
  expect((await exo(repo, "session-resume")).code).toBe(0);
  expect((await exo(repo, "status", { json: false })).stdout).toMatch(/^sessions {4}1 active$/m);
});

test("exo status keeps a kind and its count on one line when the ticket counts wrap at 80 columns (before: '(of 6: epic 1, intent 1, task' then '4)')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = (envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket as { parent: string }).parent;
  expect((await exo(repo, "ticket-create", "group", "--parent", intent, "--kind", "epic", "--id", "EPIC-001")).code).toBe(0);
  for (const id of ["TICKET-002", "TICKET-003", "TICKET-004"]) expect((await exo(repo, "ticket-create", id, "--parent", "EPIC-001", "--id", id)).code).toBe(0);
  expect((await exo(repo, "ticket-close", "TICKET-002", "--status", "cancelled")).code).toBe(0);
  expect((await exo(repo, "ticket-close", "TICKET-003")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-004")).code).toBe(0);
  expect((await exo(repo, "session-suspend", "--reason", "later")).code).toBe(0);
  const text = (await exo(repo, "status", { json: false, env: { COLUMNS: "80" } })).stdout;
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.startsWith("tickets "));
  expect(lines[at]).toBe("tickets     todo 3, cancelled 1, done 1, paused 1 (of 6: epic 1, intent 1,");
  expect(lines[at + 1]).toBe("            task 4)");
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
});
