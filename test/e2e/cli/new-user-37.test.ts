// A new user's first hours and a small team's first day, thirty-seventh pass: exo status names the
// claim with no session that this actor starts (its own first; an agent's with the --actor it
// needs; JSON claimed). Over MCP, a slip's tool_hint is the call made, corrected, its other
// arguments kept. Closes left uncommitted go in one line. A teammate's exo install with every task
// under way points at exo ready; a third clone is not told to push someone else's handoff; finish
// in a clone with a remote says to push; exo next beside your open session warns that its start
// waits; exo metrics counts tickets as exo status does; a group of one command is 'exo fleet: 1
// command'.
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { teammate } from "../../helpers/team.js";
import { exampleWithTwoTasks } from "../../helpers/tickets.js";

test("exo status with an agent's claim and your own, neither started: the next line names your own, and with the agent's alone, the line with --actor agent:claude, which pasted starts the agent's session (JSON claimed); before: the first claim, whoever's, without --actor, so pasted it started your session on the agent's claim", async () => {
  const repo = await exampleWithTwoTasks();
  expect((await exo(repo, "next", "--owner", "agent:claude")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  const both = envelope(await exo(repo, "status"));
  expect(both.data.claimed).toEqual({ ticket: "TICKET-002", owner: "human:test@example.invalid", next_command: "exo session-start --ticket-id TICKET-002" });
  const text = await exo(repo, "status", { json: false, env: { COLUMNS: "80" } });
  expect(text.stdout).toContain("next        nothing ready; TICKET-002 is claimed with no session:\n              exo session-start --ticket-id TICKET-002\n");
  // The agent's claim alone (the quick start's one task): the line starts it as the agent.
  const solo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(solo, "install", "--example")).code).toBe(0);
  expect((await exo(solo, "next", "--owner", "agent:claude")).code).toBe(0);
  const agents = envelope(await exo(solo, "status"));
  expect(agents.data.claimed).toEqual({ ticket: "TICKET-001", owner: "agent:claude", next_command: "exo session-start --ticket-id TICKET-001 --actor agent:claude" });
  const narrow = await exo(solo, "status", { json: false, env: { COLUMNS: "80" } });
  expect(narrow.stdout).toContain("next        nothing ready; TICKET-001 is claimed with no session:\n              exo session-start --ticket-id TICKET-001 --actor agent:claude\n");
  pasted(solo, agents.data.claimed.next_command as string);
  const started = envelope(await exo(solo, "status"));
  expect(started.data.sessions).toEqual([expect.objectContaining({ actor: "agent:claude", ticket: "TICKET-001" })]);
  // Another agent is not sent to start agent:claude's claim.
  expect(envelope(await exo(repo, "status", { env: { EXO_ACTOR: "agent:codex" } })).data.claimed).toEqual(expect.objectContaining({ ticket: "TICKET-002" }));
}, 90_000);

test("over MCP, the README tour's parent INT-001 after install --example, and a session start on TICKET-01: tool_hint is the call made with the id corrected, its other arguments kept, which called works (before: exo_ticket_create without the id, priority and scope given, and exo_ticket_show for the start's slip, while the CLI's hint was the line typed, corrected)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.parent as string;
  const client = await mcpClient(repo);
  const call = async (name: string, args: Record<string, unknown>) => structured(await client.callTool({ name, arguments: args }));
  // The tool hint, called as written: its tool, then its arguments.
  const follow = (hint: string | undefined) => {
    const at = (hint ?? "").indexOf(" ");
    return call(hint?.slice(0, at) ?? "", JSON.parse(hint?.slice(at + 1) ?? "{}") as Record<string, unknown>);
  };
  const create = await call("exo_ticket_create", { title: "signup form", parent: "INT-001", id: "TICKET-002", priority: 1, scope_allow: ["src/**"] });
  expect(create.error?.code).toBe("TICKET_NOT_FOUND");
  expect(create.error?.tool_hint).toBe(`exo_ticket_create ${JSON.stringify({ title: "signup form", parent: intent, id: "TICKET-002", priority: 1, scope_allow: ["src/**"] })}`);
  const made = await follow(create.error?.tool_hint);
  expect(made.ok, JSON.stringify(made.error)).toBe(true);
  expect(envelope(await exo(repo, "ticket-show", "TICKET-002")).data.ticket).toMatchObject({ parent: intent, priority: 1, scope: { allow: ["src/**"] } });
  // A slip in the ticket id of a start: the start, corrected (the CLI's hint is the same line).
  const slip = await call("exo_session_start", { ticket_id: "TICKET-01", task: "first change" });
  expect(slip.error?.code).toBe("TICKET_NOT_FOUND");
  expect(slip.error?.tool_hint).toBe('exo_session_start {"ticket_id":"TICKET-001","task":"first change"}');
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-01", "--task", "first change", { json: false })).stderr).toContain("hint: exo session-start --ticket-id TICKET-001 --task 'first change'");
  const started = await follow(slip.error?.tool_hint);
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  expect(started.data.ticket.id).toBe("TICKET-001");
}, 90_000);

test("the quick start's task closed, then its intent (exo alone's next step): ticket-close's line, and exo status's, commit both closes, and pasted leave nothing of them uncommitted (before: the intent's file alone, and the task's close stayed with 'git status .exo/tickets')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.parent as string;
  expect((await exo(repo, "next")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(repo, "README.md"), "# app\n\nA first change.\n");
  expect((await exo(repo, "session-finish", "--summary", "first change")).code).toBe(0);
  expect(envelope(await exo(repo, "ticket-close", "TICKET-001")).data.next_command).toContain("'chore(exo): close TICKET-001'");
  const closed = envelope(await exo(repo, "ticket-close", intent));
  expect(closed.data.next_command).toContain(`.exo/tickets/${intent}.yaml .exo/tickets/TICKET-001.yaml && git commit -m 'chore(exo): close ${intent}, close TICKET-001'`);
  expect(closed.data.next_reason).toContain("; the line commits the close of TICKET-001 too");
  const status = envelope(await exo(repo, "status"));
  expect(status.data.uncommitted).toEqual({ next_command: closed.data.next_command, next_reason: `the close of ${intent} is not committed: teammates see it open until it is committed and pushed; the line commits the close of TICKET-001 too` });
  pasted(repo, closed.data.next_command as string);
  expect(git(repo, "status", "--porcelain", "--", ".exo")).toBe("");
  expect(envelope(await exo(repo, "status")).data.uncommitted).toBeNull();
  // Counted as exo's own by pr-check: no ungoverned commit.
  expect(envelope(await exo(repo, "pr-check", "--base", "HEAD~1")).data.commits).toEqual([expect.objectContaining({ subject: `chore(exo): close ${intent}, close TICKET-001`, governed: true })]);
}, 90_000);

test("a teammate's exo install in a clone whose only task a teammate claimed (committed, pulled): the first next step sends them to exo ready, which says who has it, before creating work (before: 'Create work: … --id TICKET-002', as in a repository with no tickets)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  const claim = envelope(await exo(alice, "next"));
  pasted(alice, claim.data.commit_command as string);
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  const installed = envelope(await exo(bob, "install"));
  expect(installed.ok, JSON.stringify(installed.error)).toBe(true);
  expect(installed.data.next_steps[0]).toBe("See where the work here stands: exo ready (1 task under way, none waiting for you: it says who has it)");
  expect(installed.data.next_steps[1]).toMatch(/^Create work[: ]/);
  expect(envelope(await exo(bob, "ready")).data.not_ready).toEqual([expect.objectContaining({ id: "TICKET-001", detail: "claimed by human:test@example.invalid in another clone" })]);
  // Alice's own rerun starts her claim, as before.
  expect(envelope(await exo(alice, "install")).data.next_steps[0]).toBe("Start a session on the task waiting for one: exo session-start --ticket-id TICKET-001");
}, 90_000);

test("exo fleet and exo hook, groups of one command: 'exo fleet: 1 command' (before: '1 commands')", async () => {
  const repo = await tempRepo();
  expect((await exo(repo, "fleet", { json: false })).stdout).toMatch(/^exo fleet: 1 command\n/);
  expect((await exo(repo, "hook", { json: false })).stdout).toMatch(/^exo hook: 1 command\n/);
  expect((await exo(repo, "ledger", { json: false })).stdout).toMatch(/^exo ledger: 2 commands\n/);
});

test("a task handed to bob, pushed: carol, a third clone with a commit of her own, is not told to git push it (exo ready's next_command, exo alone), the sender is until the push (before: 'git push' for everyone but the receiver, as if they had sent it)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bare } = teammate(alice);
  const carol = `${alice}-carol`;
  onTestFinished(() => rm(carol, { recursive: true, force: true }));
  git(alice, "clone", "-q", bare, carol);
  git(carol, "config", "user.email", "carol@example.invalid");
  git(carol, "config", "user.name", "Carol");
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  const handed = envelope(await exo(alice, "session-handoff", "--to", "human:bob@example.invalid", "--summary", "half done"));
  expect(handed.ok, JSON.stringify(handed.error)).toBe(true);
  // The sender, before the push: the push is the step.
  expect(envelope(await exo(alice, "ready")).data.next_command).toBe("git push");
  git(alice, "push", "-q");
  expect(envelope(await exo(alice, "ready")).data.next_command ?? null).toBeNull();
  // The handed session's work committed after that push: pushing it is the step again.
  await writeFile(join(alice, "README.md"), "# app\n\nHalf a change.\n");
  git(alice, "commit", "-qam", "half", "-m", `Exo-Session: ${handed.data.session as string}`);
  expect(envelope(await exo(alice, "ready")).data.next_command).toBe("git push");
  git(alice, "push", "-q");
  git(carol, "pull", "-q", "--no-rebase", "--no-edit");
  await writeFile(join(carol, "notes.txt"), "carol's\n");
  git(carol, "add", "notes.txt");
  git(carol, "commit", "-qm", "notes");
  const ready = envelope(await exo(carol, "ready"));
  expect(ready.data.next_command ?? null).not.toBe("git push");
  const home = (await exo(carol, { json: false })).stdout.replace(/\s+/g, " ");
  expect(home).not.toContain("git push");
  expect(home).toContain("TICKET-001 was handed to human:bob@example.invalid: they start it in their clone once they pull");
}, 90_000);

test("exo session-finish in a clone with a remote: 'push: git push   # teammates' clones see TICKET-001 in review once it is pushed' (JSON push_command, push_reason), and pasted, the teammate's exo ready has the task in review; none without a remote (before: nothing said to push, and the teammate's exo ready said it was claimed in another clone)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(alice, "README.md"), "# app\n\nA first change.\n");
  git(alice, "commit", "-qam", "first change");
  const text = await exo(alice, "session-finish", "--summary", "first change", { json: false });
  expect(text.code, text.stderr).toBe(0);
  expect(text.stdout).toContain("\npush: git push   # teammates' clones see TICKET-001 in review once it is pushed\n");
  pasted(alice, "git push");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  const ready = envelope(await exo(bob, "ready"));
  expect(ready.data.not_ready).toEqual([expect.objectContaining({ id: "TICKET-001", status: "review" })]);
  // No remote: no push line.
  const lone = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(lone, "install", "--example")).code).toBe(0);
  expect((await exo(lone, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  const finished = envelope(await exo(lone, "session-finish", "--summary", "nothing"));
  expect(finished.data.push_command).toBeUndefined();
}, 90_000);

test("exo next while your session on another ticket is open: a SESSION_STILL_OPEN warning says its start waits for that session's finish or suspend, which pasted lets the next: line run (before: no word, and the next: line answered SESSION_ALREADY_ACTIVE); a claim for an agent gets none", async () => {
  const repo = await exampleWithTwoTasks();
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001"));
  expect(started.ok).toBe(true);
  const claimed = envelope(await exo(repo, "next"));
  expect(claimed.data.next_command).toBe("exo session-start --ticket-id TICKET-002");
  expect(claimed.warnings).toEqual([expect.objectContaining({ code: "SESSION_STILL_OPEN" })]);
  expect(claimed.warnings?.[0]?.message).toBe(`human:test@example.invalid still works on TICKET-001 in session ${started.data.session.id as string}: the start of TICKET-002 waits until it is finished (exo session-finish --summary "…") or suspended (exo session-suspend --reason "…").`);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-002")).error?.code).toBe("SESSION_ALREADY_ACTIVE");
  pasted(repo, 'exo session-suspend --reason "later"');
  pasted(repo, claimed.data.next_command as string);
  expect(envelope(await exo(repo, "status")).data.sessions).toEqual(expect.arrayContaining([expect.objectContaining({ ticket: "TICKET-002", status: "active" })]));
  // Claimed for an agent: its start is the agent's, which your session does not hold up.
  const solo = await exampleWithTwoTasks();
  expect((await exo(solo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  expect(envelope(await exo(solo, "next", "--owner", "agent:claude")).warnings ?? []).toEqual([]);
}, 90_000);

test("exo metrics counts the tickets as exo status does, the tasks apart from the intents ('1 task todo; 1 intent'; JSON tasks_by_status and tickets_by_kind beside SPEC's tickets object), not 'todo 2' for the quick start's one task and its intent", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const text = await exo(repo, "metrics", { json: false });
  expect(text.stdout).toMatch(/^tickets {5}1 task todo; 1 intent; 0 done in window$/m);
  expect((await exo(repo, "status", { json: false })).stdout).toMatch(/^tickets {5}1 task todo; 1 intent$/m);
  const json = envelope(await exo(repo, "metrics"));
  expect(json.data.tickets).toMatchObject({ by_status: { todo: 2 } });
  expect(Object.keys(json.data.tickets).sort()).toEqual(["by_status", "done_in_window", "median_cycle_hours", "throughput"]);
  expect(json.data).toMatchObject({ tickets_by_kind: { intent: 1, task: 1 }, tasks_by_status: { todo: 1 } });
});

test("exo alone with an agent's claim and your own, neither started: its line names your own claim in both its command and its words (before: the command of your own claim under the words of the agent's, 'TICKET-003 is claimed by agent:claude' over exo session-start --ticket-id TICKET-002)", async () => {
  const repo = await exampleWithTwoTasks();
  expect((await exo(repo, "next", "--owner", "agent:claude")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  const claimed = envelope(await exo(repo, "status")).data.claimed as { ticket: string; owner: string; next_command: string };
  expect(claimed.owner).toBe("human:test@example.invalid");
  const home = await exo(repo, { json: false, env: { COLUMNS: "100" } });
  expect(home.stdout).toContain(`  ${claimed.next_command}\n    ${claimed.ticket} is claimed by ${claimed.owner}: start a session on it\n`);
  expect(home.stdout).not.toContain("is claimed by agent:claude");
}, 90_000);
