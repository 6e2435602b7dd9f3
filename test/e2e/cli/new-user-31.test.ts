// A new user's first hours and a small team's first day, thirty-first pass: ticket-update's edit
// left uncommitted, pr-check's findings at 80 columns.
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, EXO_BIN, git, tempRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

/** A hint that is a shell line (`a && b`), run as pasted with this build's exo. */
function sh(cwd: string, line: string): void {
  execFileSync("sh", ["-c", line.replace(/^exo /, `"${process.execPath}" "${EXO_BIN}" `)], { cwd, stdio: "pipe" });
}

test("exo ticket-update that leaves the ticket's file uncommitted prints the line that commits it as exo's own, run as printed; status and exo alone offer it too; over MCP the same field (before: no commit line, and the edit stayed in this clone)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const installed = git(repo, "rev-parse", "HEAD").trim();
  const text = (await exo(repo, "ticket-update", "TICKET-001", "--priority", "1", { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(text).toMatch(/^TICKET-001: updated priority \(status todo\)\nthe edit of TICKET-001 is not committed: teammates see it once it is committed and pushed\nnext: git add -- \.exo\/ledger\/\S+ \.exo\/tickets\/TICKET-001\.yaml && git commit -m 'chore\(exo\): update TICKET-001' -m 'Exo-Generated: true' -- \.exo\/ledger\/\S+ \.exo\/tickets\/TICKET-001\.yaml\n$/);
  const data = envelope(await exo(repo, "ticket-update", "TICKET-001", "--add-label", "ui")).data;
  expect(data.next_reason).toBe("the edit of TICKET-001 is not committed: teammates see it once it is committed and pushed");
  const status = envelope(await exo(repo, "status")).data;
  expect(status.uncommitted).toEqual({ next_command: data.next_command, next_reason: data.next_reason });
  expect((await exo(repo, { json: false, env: { COLUMNS: "300" } })).stdout).toContain(`  ${data.next_command as string}\n`);
  sh(repo, data.next_command as string);
  expect(git(repo, "status", "--porcelain", "--", ".exo/tickets", ".exo/ledger")).toBe("");
  expect(envelope(await exo(repo, "status")).data.uncommitted).toBeNull();
  // Nothing changed: nothing to commit.
  expect(envelope(await exo(repo, "ticket-update", "TICKET-001", "--priority", "1")).data.next_command).toBeUndefined();
  // Over MCP the tool answers the same field.
  const client = await mcpClient(repo, { args: ["--profile", "all"] });
  const res = structured(await client.callTool({ name: "exo_ticket_update", arguments: { id: "TICKET-001", priority: 2, actor: "human:test@example.invalid" } }));
  expect(res.data.next_command).toContain("'chore(exo): update TICKET-001'");
  sh(repo, res.data.next_command as string);
  const check = envelope(await exo(repo, "pr-check", "--base", installed));
  expect(check.data.commits).toHaveLength(2);
  expect(check.data.findings).toEqual([]);
});

test("exo pr-check's findings wrap under their code at 80 columns, and a ref the message names already is not repeated (before: lines of up to 130 columns, 'README.md is outside … (README.md)')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  await writeFile(join(repo, "README.md"), "# app\nmore\n");
  git(repo, "commit", "-qam", "plain change");
  const sha = git(repo, "rev-parse", "HEAD").trim();
  const run = await exo(repo, "pr-check", "--base", "HEAD~1", { json: false, env: { COLUMNS: "80" } });
  expect(run.code).toBe(1);
  const lines = run.stdout.split("\n");
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  const at = lines.indexOf("Findings:");
  expect(lines.slice(at + 1, at + 5)).toEqual([
    `  error  ungoverned_commit  commit ${sha.slice(0, 8)} "plain change" has no Exo-Session`,
    `         trailer (${sha})`,
    "  warn   uncovered_file  README.md is outside the scope of every session in this",
    "         change",
  ]);
});
