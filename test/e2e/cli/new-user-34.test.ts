// A new user's first hours and a small team's first day, thirty-fourth pass: a handoff to a
// teammate gives the commit of the work before the push, a suspend prints the line that brings it
// to teammates, exo next names your suspended session, drift of a closed session hints its ticket,
// a close of a handed task names the handoff, the MCP's since hint carries the date, pr-check's
// uncovered file with no session says so, the adapters count tasks in words.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { teammate } from "../../helpers/team.js";
import { suspendedQuickStart } from "../../helpers/tickets.js";

test("exo ticket-update T --status done on a task handed to a teammate: the message names the handoff and its receiver before the hint closes it; JSON details.handed_to, over MCP too (before: 'cannot go from paused to done', hint exo ticket-close, no word of the handoff)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(repo, "README.md"), "# app\nhalf\n");
  expect((await exo(repo, "session-handoff", "--to", "human:bob@example.invalid", "--summary", "half done")).code).toBe(0);
  const refused = envelope(await exo(repo, "ticket-update", "TICKET-001", "--status", "done"));
  expect(refused.error?.code).toBe("INVALID_TRANSITION");
  expect(refused.error?.message).toContain("it is handed to human:bob@example.invalid");
  expect(refused.error?.message).toContain("exo ticket-close TICKET-001 closes it as done in that handoff's place");
  expect(refused.error?.hint).toBe("exo ticket-close TICKET-001 --status done");
  expect(refused.error?.details).toMatchObject({ from: "paused", to: "done", handed_to: "human:bob@example.invalid" });
  const text = (await exo(repo, "ticket-update", "TICKET-001", "--status", "done", { json: false, env: { COLUMNS: "80" } })).stderr;
  expect(text.replace(/\n\s*/g, " ")).toContain("handed to human:bob@example.invalid");
  const client = await mcpClient(repo, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_ticket_update", arguments: { id: "TICKET-001", status: "done" } })).error?.message).toContain("handed to human:bob@example.invalid");
  // The hint, pasted, closes it.
  pasted(repo, refused.error?.hint as string);
  expect(envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.status).toBe("done");
}, 60_000);

test("exo_metrics over MCP with since 'yesterday' (or '7d'): the hint is the call with the date it means, as the CLI's line gives it (before: 'exo_metrics with since corrected')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const now = "2026-11-20T10:00:00.000Z";
  const cli = envelope(await exo(repo, "metrics", "--since", "yesterday", { env: { EXO_NOW: now } }));
  expect(cli.error?.hint).toContain("--since 2026-11-19");
  const client = await mcpClient(repo, { args: ["--profile", "all"], env: { EXO_NOW: now } });
  const yesterday = structured(await client.callTool({ name: "exo_metrics", arguments: { since: "yesterday" } }));
  expect(yesterday.error?.code).toBe("INVALID_INPUT");
  expect(yesterday.error?.hint).toBe('exo_metrics {"since":"2026-11-19"}');
  expect(structured(await client.callTool({ name: "exo_fleet_drift", arguments: { since: "7d" } })).error?.hint).toBe('exo_fleet_drift {"since":"2026-11-13"}');
  // The call the hint gives works.
  expect(structured(await client.callTool({ name: "exo_metrics", arguments: { since: "2026-11-19" } })).ok).toBe(true);
}, 60_000);

test("exo pr-check on a change no session made: the uncovered file's finding says no commit names a session, in JSON, text and markdown (before: 'outside the scope of every session in this change', when there was none)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const base = git(repo, "rev-parse", "HEAD").trim();
  await writeFile(join(repo, "notes.md"), "mine\n");
  git(repo, "add", "notes.md");
  git(repo, "commit", "-qm", "notes without a session");
  const report = envelope(await exo(repo, "pr-check", "--base", base, "--markdown", "report.md"));
  const uncovered = (report.data.findings as { code: string; message: string }[]).find((f) => f.code === "uncovered_file");
  expect(uncovered?.message).toBe("notes.md is in no session's scope: no commit in this change names a session (an Exo-Session trailer)");
  expect(await readFile(join(repo, "report.md"), "utf8")).not.toContain("every session in this change");
  const text = (await exo(repo, "pr-check", "--base", base, { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(text).not.toContain("every session in this change");
});

test("the agents' instruction files count an intent's open tasks in words: '1 open task', '2 open tasks' (before: '1 open task(s)')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect((await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "signup", "--parent", "INT-001", "--id", "T-1")).code).toBe(0);
  expect((await exo(repo, "intent-create", "billing", "--brain-dump", "pay", "--scope-allow", "lib/**", "--id", "INT-002")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "invoice", "--parent", "INT-002", "--id", "T-2")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "refund", "--parent", "INT-002", "--id", "T-3")).code).toBe(0);
  expect((await exo(repo, "adapter-generate")).code).toBe(0);
  for (const file of ["CLAUDE.md", "AGENTS.md"]) {
    const text = await readFile(join(repo, file), "utf8");
    expect(text).not.toContain("task(s)");
    expect(text).toMatch(/INT-001 "auth" — scope `src\/\*\*`; 1 open task$/m);
    expect(text).toMatch(/INT-002 "billing" — scope `lib\/\*\*`; 2 open tasks$/m);
  }
}, 60_000);

test("exo session-handoff to a teammate with the work uncommitted: next_command is the commit of that work, then the push, as exo alone and exo ready say; pasted in that order, the teammate's clone gets the work (before: next: git push, which brought the handoff without the work)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await mkdir(join(alice, "src"), { recursive: true });
  await writeFile(join(alice, "src/signup.ts"), "export const signup = 1;\n");
  const handed = envelope(await exo(alice, "session-handoff", "--to", "human:bob@example.invalid", "--summary", "form done"));
  expect(handed.data.next_command).toBe(handed.data.commit_command);
  expect(handed.data.next_command).toMatch(/^git add -- src\/signup\.ts && git commit /);
  expect(handed.data.next_reason).toContain("commit, then push");
  // exo alone and exo ready give the same step.
  expect((await exo(alice, { json: false, env: { COLUMNS: "200" } })).stdout).toContain(handed.data.next_command as string);
  expect(envelope(await exo(alice, "ready")).data.next_command).toBe(handed.data.next_command);
  // Pasted: the commit, then the push the text names; Bob's clone has the work.
  pasted(alice, handed.data.next_command as string);
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  expect(await readFile(join(bob, "src/signup.ts"), "utf8")).toContain("signup");
  expect(envelope(await exo(bob, "ready")).data.ready.map((t: { id: string }) => t.id)).toContain("TICKET-001");
}, 60_000);

test("exo session-handoff's text with the work uncommitted: the commit line once, as next, then the push and the teammate's start, within 80 columns (before: commit: …, then next: git push)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  teammate(repo);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(repo, "README.md"), "# app\nmore\n");
  const text = (await exo(repo, "session-handoff", "--to", "human:bob@example.invalid", "--summary", "half", { json: false, env: { COLUMNS: "80" } })).stdout;
  const lines = text.trimEnd().split("\n");
  expect(lines.filter((l) => l.includes("git commit"))).toHaveLength(1);
  expect(text).toMatch(/^next: git add -- README\.md && git commit /m);
  expect(text).not.toMatch(/^next: git push$/m);
  expect(text).toContain("then git push; human:bob@example.invalid starts it in their clone after a pull:\n  exo session-start --ticket-id TICKET-001");
  expect(lines.filter((l) => !l.includes("git commit")).every((l) => l.length <= 80)).toBe(true);
}, 60_000);

test("exo session-suspend says the suspend is not committed and prints the line that commits it as exo's own; pasted and pushed, the teammate's clone names the suspended session (before: nothing said, and a suspend never committed was seen in no other clone)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  const id = envelope(await exo(alice, "session-start", "--ticket-id", "TICKET-001")).data.session.id as string;
  const suspended = envelope(await exo(alice, "session-suspend", "--reason", "end of day"));
  const line = suspended.data.next_command as string;
  expect(line).toMatch(/^git add -- \S*\.exo\/ledger\/\S+ \S*\.exo\/tickets\/TICKET-001\.yaml && git commit -m 'chore\(exo\): suspend TICKET-001' -m 'Exo-Generated: true' -- /);
  expect(suspended.data.next_reason).toBe("the suspend is not committed: teammates see TICKET-001 paused, and whose session waits on it, once it is committed and pushed");
  // Over MCP the same fields.
  const resumed = await exo(alice, "session-resume", "--session-id", id);
  expect(resumed.code).toBe(0);
  const client = await mcpClient(alice, { args: ["--profile", "all"], env: { EXO_ACTOR: "human:test@example.invalid" } });
  expect(structured(await client.callTool({ name: "exo_session_suspend", arguments: { reason: "lunch" } })).data.next_command).toMatch(/chore\(exo\): suspend TICKET-001/);
  const text = (await exo(alice, "session-resume", "--session-id", id).then(() => exo(alice, "session-suspend", "--reason", "end of day", { json: false, env: { COLUMNS: "80" } }))).stdout;
  expect(text).toContain("the suspend is not committed: teammates see TICKET-001 paused");
  expect(text).toMatch(/^commit: git add -- /m);
  expect(text).toMatch(new RegExp(`^resume with: exo session-resume --session-id ${id}$`, "m"));
  expect(text.split("\n").filter((l) => !l.startsWith("commit: ")).every((l) => l.length <= 80)).toBe(true);
  // Pasted and pushed: Bob's clone names Alice's session on the task.
  pasted(alice, /^commit: (.*)$/m.exec(text)?.[1] as string);
  expect(git(alice, "status", "--porcelain", "--", ".exo/tickets")).toBe("");
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  const ready = envelope(await exo(bob, "ready")).data;
  expect(ready.not_ready).toEqual([expect.objectContaining({ id: "TICKET-001", status: "paused", detail: `suspended in ${id} (human:test@example.invalid) in another clone` })]);
}, 90_000);

test("exo drift --session-id of a finished session: says it is closed and hints its ticket's view, which shows that drift, over MCP too (before: 'No active or suspended session', hint exo session-scan, which lists open sessions only)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const id = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session.id as string;
  await writeFile(join(repo, "README.md"), "# app\nmore\n");
  expect((await exo(repo, "session-finish", "--summary", "done")).code).toBe(0);
  const refused = envelope(await exo(repo, "drift", "--session-id", id));
  expect(refused.error?.code).toBe("SESSION_NOT_FOUND");
  expect(refused.error?.message).toBe(`Session ${id} on TICKET-001 is closed; exo drift reports open sessions, and a closed session's final drift is in exo ticket-show TICKET-001.`);
  expect(refused.error?.hint).toBe("exo ticket-show TICKET-001");
  expect(refused.error?.details).toMatchObject({ session: id, ticket: "TICKET-001", closed: true });
  expect(pasted(repo, refused.error?.hint as string)).toContain(id);
  const client = await mcpClient(repo, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_drift", arguments: { session_id: id } })).error?.hint).toBe("exo ticket-show TICKET-001");
  // An id no session had keeps the old answer.
  expect(envelope(await exo(repo, "drift", "--session-id", "SES-20260101-000000-AAAAAA")).error?.hint).toBe("exo session-scan");
}, 60_000);

test("exo next with your own session suspended on the only task: the message names that session and the hint resumes it, as exo ready says; pasted, it resumes; over MCP too (before: 'no task is todo', hint exo ticket-create)", async () => {
  const { repo, id } = await suspendedQuickStart();
  const refused = envelope(await exo(repo, "next"));
  expect(refused.error?.code).toBe("NO_TICKET");
  expect(refused.error?.message).toBe(`Nothing is ready to dispatch: no task is todo; your session ${id} on TICKET-001 is suspended: resume it.`);
  expect(refused.error?.hint).toBe(`exo session-resume --session-id ${id}`);
  expect(envelope(await exo(repo, "ready")).data.next_command).toBe(refused.error?.hint);
  const client = await mcpClient(repo, { args: ["--profile", "all"], env: { EXO_ACTOR: "human:test@example.invalid" } });
  expect(structured(await client.callTool({ name: "exo_next", arguments: {} })).error?.hint).toBe(`exo session-resume --session-id ${id}`);
  pasted(repo, refused.error?.hint as string);
  expect(envelope(await exo(repo, "status")).data.sessions).toEqual([expect.objectContaining({ id, status: "active" })]);
}, 60_000);

test("exo check with your only session suspended: it names that session and its ticket, and the hint runs that ticket's checks as printed; JSON suspended_session, over MCP too (before: 'no session here' and exo check --ticket-id '<id>')", async () => {
  const { repo, actor } = await suspendedQuickStart();
  const data = envelope(await exo(repo, "check")).data;
  expect(data.suspended_session).toEqual({ session: expect.stringMatching(/^SES-/), ticket: "TICKET-001" });
  const text = (await exo(repo, "check", { json: false })).stdout;
  expect(text).toContain(`your session ${data.suspended_session.session} on TICKET-001 is suspended`);
  expect(text).not.toContain("'<id>'");
  const line = /^its ticket's checks: (exo check --ticket-id TICKET-001)$/m.exec(text)?.[1];
  expect(line).toBeDefined();
  expect(pasted(repo, line as string)).toContain("TICKET-001");
  const client = await mcpClient(repo);
  expect(structured(await client.callTool({ name: "exo_check", arguments: { actor } })).data?.suspended_session?.ticket).toBe("TICKET-001");
});
