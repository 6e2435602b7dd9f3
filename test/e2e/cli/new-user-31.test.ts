// A new user's first hours and a small team's first day, thirty-first pass: ticket-update's edit
// left uncommitted, pr-check's findings at 80 columns.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { teammate } from "../../helpers/team.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

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
  pasted(repo, data.next_command as string);
  expect(git(repo, "status", "--porcelain", "--", ".exo/tickets", ".exo/ledger")).toBe("");
  expect(envelope(await exo(repo, "status")).data.uncommitted).toBeNull();
  // Nothing changed: nothing to commit.
  expect(envelope(await exo(repo, "ticket-update", "TICKET-001", "--priority", "1")).data.next_command).toBeUndefined();
  // Over MCP the tool answers the same field.
  const client = await mcpClient(repo, { args: ["--profile", "all"] });
  const res = structured(await client.callTool({ name: "exo_ticket_update", arguments: { id: "TICKET-001", priority: 2, actor: "human:test@example.invalid" } }));
  expect(res.data.next_command).toContain("'chore(exo): update TICKET-001'");
  pasted(repo, res.data.next_command as string);
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
    "  warn   uncovered_file  README.md is in no session's scope: no commit in this",
    "         change names a session (an Exo-Session trailer)",
  ]);
});

test("a task handed to a teammate (a person) in another clone: the handoff, exo alone and exo ready give the sender the commit of the handed work, then the push, and the receiver's start in their clone, not EXO_ACTOR=<them> (before: 'next: EXO_ACTOR=human:bob… exo session-start', which started it here as bob)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  const session = (envelope(await exo(alice, "session-start", "--ticket-id", "TICKET-001")).data.session as { id: string }).id;
  await writeFile(join(alice, "README.md"), "# app\nalice's half\n");
  const text = (await exo(alice, "session-handoff", "--to", "human:bob@example.invalid", "--summary", "over to bob", { json: false, env: { COLUMNS: "80" } })).stdout;
  // The work is still uncommitted: the handoff and exo alone give its commit first (round 34: the
  // handoff's next, where it was `commit: …` and then `next: git push`).
  const commit = `git add -- README.md && git commit -m "…" -m "Exo-Session: ${session}"`;
  expect(text).toContain(`\nnext: ${commit}\nthen git push; human:bob@example.invalid starts it in their clone after a pull:\n  exo session-start --ticket-id TICKET-001\n`);
  expect(text).not.toContain("EXO_ACTOR=");
  const first = (await exo(alice, { json: false, env: { COLUMNS: "200" } })).stdout;
  expect(first).not.toContain("EXO_ACTOR=human:bob");
  expect(first.replace(/\s+/g, " ")).toContain(`${commit} TICKET-001 was handed to human:bob@example.invalid with README.md of ${session} uncommitted: commit, then push, so their clone gets the work`);
  expect(envelope(await exo(alice, "ready")).data.next_command).toBe(commit);
  // exo next finds nothing for alice: the hint is exo ready, whose step that is.
  const refused = envelope(await exo(alice, "next"));
  expect(refused.error?.message).toContain("TICKET-001 was handed to human:bob@example.invalid and waits for their session-start in their clone.");
  expect(refused.error?.hint).toBe("exo ready");
  pasted(alice, commit);
  expect(envelope(await exo(alice, "ready")).data.next_command).toBe("git push");
  const home = (await exo(alice, { json: false, env: { COLUMNS: "200" } })).stdout;
  expect(home).not.toContain("EXO_ACTOR=human:bob");
  expect(home.replace(/\s+/g, " ")).toContain("git push TICKET-001 was handed to human:bob@example.invalid: push, and they start it in their clone once they pull (exo session-start --ticket-id TICKET-001)");
  git(alice, "push", "-q");
  // Pushed: nothing left for alice, it waits for bob (over MCP too).
  expect(envelope(await exo(alice, "ready")).data.next_command).toBeNull();
  const client = await mcpClient(alice, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_ready", arguments: {} })).data.next_command).toBeNull();
  const pushed = (await exo(alice, { json: false, env: { COLUMNS: "200" } })).stdout;
  expect(pushed).not.toContain("EXO_ACTOR=human:bob");
  expect(pushed).not.toContain("git push");
  expect(pushed.replace(/\s+/g, " ")).toContain("exo ticket-show TICKET-001 TICKET-001 was handed to human:bob@example.invalid: they start it in their clone once they pull");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  expect((await exo(bob, { json: false })).stdout.replace(/\s+/g, " ")).toContain("exo session-start --ticket-id TICKET-001 TICKET-001 was handed to you: start a session on it");
  expect(git(bob, "show", "HEAD:README.md")).toBe("# app\nalice's half\n");
  // An agent receiver is still started here, as itself.
  expect((await exo(bob, "session-start", "--ticket-id", "TICKET-001", { env: { EXO_ACTOR: "human:bob@example.invalid" } })).code).toBe(0);
  const agent = envelope(await exo(bob, "session-handoff", "--to", "agent:codex", "--summary", "to codex", { env: { EXO_ACTOR: "human:bob@example.invalid" } })).data;
  expect(agent.next_command).toBe("EXO_ACTOR=agent:codex exo session-start --ticket-id TICKET-001");
});

test("exo ready --distributed in a teammate's clone, the one ready task leased by the other clone: no `exo session-start --dispatch` that fails LEASE_HELD; the step that moves things on, or none (before: next: exo session-start --dispatch)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install")).code).toBe(0);
  expect((await exo(alice, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  pasted(alice, envelope(await exo(alice, "ticket-create", "signup", "--parent", "INT-001", "--id", "T-1")).data.next_command as string);
  const { bob } = teammate(alice);
  expect((await exo(alice, "next", "--distributed")).code).toBe(0);
  // Bob's exo next fetches the leases and is refused: alice's clone holds the one task.
  expect(envelope(await exo(bob, "next", "--distributed")).error?.code).toBe("LEASE_HELD");
  const view = envelope(await exo(bob, "ready", "--distributed")).data;
  expect(view.ready).toEqual([]);
  expect(view.not_ready.map((r: { reason: string }) => r.reason)).toEqual(["leased_remote"]);
  expect(view.next_command).toBeNull();
  expect((await exo(bob, "ready", "--distributed", { json: false })).stdout).not.toContain("--dispatch");
  // Over MCP the tool answers the same.
  const client = await mcpClient(bob, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_ready", arguments: { distributed: true } })).data.next_command).toBeNull();
  // A task of bob's clone in review: closing it is the step, as exo alone says.
  expect((await exo(bob, "ticket-create", "docs", "--parent", "INT-001", "--id", "T-2")).code).toBe(0);
  expect((await exo(bob, "session-start", "--ticket-id", "T-2")).code).toBe(0);
  expect((await exo(bob, "session-finish", "--summary", "docs")).code).toBe(0);
  expect(envelope(await exo(bob, "ready", "--distributed")).data.next_command).toBe("exo ticket-close T-2");
}, 60_000);

test("a task in review whose session left its work uncommitted: exo alone offers finish's commit: line again before the close, run as printed, and pr-check then counts the work as governed (before: only 'exo ticket-close', and the work committed by hand later was an ungoverned_commit)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const installed = git(repo, "rev-parse", "HEAD").trim();
  const session = (envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session as { id: string }).id;
  await writeFile(join(repo, "README.md"), "# app\nmore\n");
  const finished = envelope(await exo(repo, "session-finish", "--summary", "readme")).data;
  const commit = `git add -- README.md && git commit -m "…" -m "Exo-Session: ${session}"`;
  expect(finished.commit_command).toBe(commit);
  const home = (await exo(repo, { json: false, env: { COLUMNS: "200" } })).stdout.replace(/\s+/g, " ");
  expect(home).toContain(`${commit} ${session} left README.md uncommitted: commit it as its work before TICKET-001 is closed exo ticket-close TICKET-001`);
  pasted(repo, commit);
  expect((await exo(repo, { json: false })).stdout).not.toContain("git add");
  expect(envelope(await exo(repo, "pr-check", "--base", installed)).data.findings).toEqual([]);
});

test("exo status keeps 'session' with its id, and 'owner' and 'until' with theirs, when a lock's line wraps at 80 columns (before: '… session' at the end of one line, the id under it)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const env = { EXO_ACTOR: "human:alice@example.invalid" };
  const session = (envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env })).data.session as { id: string }).id;
  const lines = (await exo(repo, "status", { json: false, env: { ...env, COLUMNS: "80" } })).stdout.split("\n");
  const at = lines.findIndex((l) => l.startsWith("  TICKET-001 owner"));
  expect(lines[at]).toBe("  TICKET-001 owner human:alice@example.invalid");
  expect(lines[at + 1]).toMatch(new RegExp(`^ {4}session ${session} until \\S+Z$`));
});
