// A new user's first hours and a small team's first day, twenty-ninth pass: work handed off
// uncommitted, help's usage line at 80 columns, status's ticket counts, and --type epic.
import { appendFile, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

test("a handoff with the sender's work uncommitted gives the commit line that makes it the sender's, run as printed; the receiver's finish then has nothing of it to leave out (before: no commit line; the receiver's finish counted it pre-existing and its commit line left it out)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await mkdir(join(repo, "src"));
  await writeFile(join(repo, "src/login.ts"), "export const login = 1;\n");
  const handed = await exo(repo, "session-handoff", "--to", "agent:codex", "--summary", "stub written");
  const data = envelope(handed).data;
  expect(data.commit_command).toBe(`git add -- src/login.ts && git commit -m "…" -m "Exo-Session: ${data.session}"`);
  const human = (await exo(repo, "ticket-show", "TICKET-001", { json: false })).stdout;
  expect(human).toContain("TICKET-001");
  // The receiver, in another shell, starts on it before or after the sender's commit: here after.
  pasted(repo, data.commit_command as string);
  expect(git(repo, "log", "-1", "--format=%B")).toContain(`Exo-Session: ${data.session}`);
  expect(git(repo, "status", "--porcelain", "--", "src")).toBe("");
  const codex = { env: { EXO_ACTOR: "agent:codex" } };
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001", codex)).code).toBe(0);
  await writeFile(join(repo, "src/login.test.ts"), "test\n");
  const finished = envelope(await exo(repo, "session-finish", "--summary", "tests", codex)).data;
  expect(finished.commit_command).toBe(`git add -- src/login.test.ts && git commit -m "…" -m "Exo-Session: ${finished.session}"`);
  // A handoff with everything committed has no line, and the human view prints it only when there is one.
  const other = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(other, "install", "--example")).code).toBe(0);
  expect((await exo(other, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await appendFile(join(other, "README.md"), "more\n");
  const text = (await exo(other, "session-handoff", "--to", "agent:codex", "--summary", "half", { json: false })).stdout;
  expect(text).toMatch(/^commit: git add -- README\.md && git commit -m "…" -m "Exo-Session: SES-\S+"\nnext: EXO_ACTOR=agent:codex exo session-start --ticket-id TICKET-001$/m);
  const third = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(third, "install", "--example")).code).toBe(0);
  expect((await exo(third, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  // Over MCP the tool answers the same field.
  await appendFile(join(third, "README.md"), "more\n");
  const client = await mcpClient(third, { args: ["--profile", "all"] });
  const res = structured(await client.callTool({ name: "exo_session_handoff", arguments: { to: "agent:codex", summary: "half", actor: "human:test@example.invalid" } }));
  expect(res.error).toBeUndefined();
  expect(res.data.commit_command).toMatch(/^git add -- README\.md && git commit /);
});

test("a help page's usage line takes the whole 80 columns before it wraps (before: session-handoff's 66-column usage wrapped '[options]' onto a line of its own)", async () => {
  const repo = await tempRepo();
  const page = (await exo(repo, "session-handoff", "--help", { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(page).toContain("\nUsage: exo session-handoff --to <actor> --summary <text> [options]\n");
  for (const line of page.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
  // Narrower, it still wraps under the command, within the columns.
  const narrow = (await exo(repo, "session-handoff", "--help", { json: false, env: { COLUMNS: "50" } })).stdout;
  for (const line of narrow.split("\n")) expect(line.length).toBeLessThanOrEqual(50);
  expect(narrow).toContain("\nUsage: exo session-handoff --to <actor> --summary\n    <text> [options]\n");
});

test("exo status counts the tasks by status and the intents and epics apart (before: 'cancelled 1, todo 4 (task 3, epic 1, intent 1)', 3 tasks read as among the 4 todo; then 'todo 3, cancelled 1 (of 4: …)', the intent and epic counted as todo work)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "status", { json: false })).stdout).toMatch(/^tickets {5}1 task todo; 1 intent$/m);
  expect((await exo(repo, "ticket-close", "TICKET-001", "--status", "cancelled", "--reason", "not needed")).code).toBe(0);
  const intent = (envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket as { parent: string }).parent;
  expect((await exo(repo, "ticket-create", "group", "--parent", intent, "--kind", "epic", "--id", "EPIC-001")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "one", "--parent", "EPIC-001", "--id", "TICKET-002")).code).toBe(0);
  const status = (await exo(repo, "status", { json: false })).stdout;
  expect(status).toMatch(/^tickets {5}2 tasks: 1 todo, 1 cancelled; 1 epic, 1 intent$/m);
  const json = envelope(await exo(repo, "status")).data;
  expect(json.tickets).toEqual({ by_status: { cancelled: 1, todo: 3 }, by_kind: { epic: 1, intent: 1, task: 2 } });
  expect(json.tasks_by_status).toEqual({ cancelled: 1, todo: 1 });
});

test("exo ready's reasons wrap under themselves, so the session id of whoever works on a task stays whole at 80 columns (before: '… works on it (SES-20261206-054102-8DY…', the id clipped)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data;
  const id = (started.session as { id: string }).id;
  const text = (await exo(repo, "ready", { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(text).toContain(id);
  expect(text).not.toContain("…\n");
  for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
});

test("a task handed to you in another clone: exo alone says it was handed to you, not just paused (before: 'TICKET-001 is paused: pick it up')", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const bare = `${alice}-remote.git`;
  const bob = `${alice}-bob`;
  try {
    git(alice, "clone", "-q", "--bare", alice, bare);
    git(alice, "remote", "add", "origin", bare);
    git(alice, "clone", "-q", bare, bob);
    git(bob, "config", "user.email", "bob@example.invalid");
    git(bob, "config", "user.name", "Bob");
    expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
    expect(envelope(await exo(alice, "session-handoff", "--to", "human:bob@example.invalid", "--summary", "yours now")).ok).toBe(true);
    git(alice, "push", "-q", "origin", "main");
    git(bob, "pull", "-q", "--no-rebase", "--no-edit");
    const home = (await exo(bob, { json: false })).stdout.replace(/\s+/g, " ");
    expect(home).toContain("exo session-start --ticket-id TICKET-001 TICKET-001 was handed to you: start a session on it");
    expect(home).not.toContain("is paused: pick it up");
  } finally {
    await rm(bare, { recursive: true, force: true });
    await rm(bob, { recursive: true, force: true });
  }
});

test("ticket-create --type epic is refused with the line that makes an epic (--kind epic), run as printed; over MCP the hint is the call with kind (before: 'created task EPIC-001', a task no ticket-update can make an epic)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = (envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket as { parent: string }).parent;
  const refused = await exo(repo, "ticket-create", "login epic", "--parent", intent, "--type", "epic", "--id", "EPIC-001");
  expect(refused.code).toBe(2);
  const env = envelope(refused);
  expect(env.error?.code).toBe("INVALID_INPUT");
  expect(env.error?.message).toBe("--type epic sets the scheduler lane, not the kind of ticket: an epic is made with --kind epic.");
  expect(env.error?.hint).toBe(`exo ticket-create 'login epic' --kind epic --parent ${intent} --id EPIC-001`);
  expect(envelope(await exo(repo, "tickets")).data.tickets).toHaveLength(2);
  pasted(repo, (env.error?.hint ?? ""));
  expect(envelope(await exo(repo, "ticket-show", "EPIC-001")).data.ticket.kind).toBe("epic");
  const intentHint = envelope(await exo(repo, "ticket-create", "auth", "--type", "intent")).error?.hint;
  expect(intentHint).toBe('exo intent-create auth --brain-dump "…"');
  // An epic whose lane is called epic is still fine, and so is any other type.
  expect((await exo(repo, "ticket-create", "grouped", "--parent", intent, "--kind", "epic", "--type", "epic")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "a bug", "--parent", intent, "--type", "bug")).code).toBe(0);
  const client = await mcpClient(repo, { args: ["--profile", "all"] });
  const res = structured(await client.callTool({ name: "exo_ticket_create", arguments: { title: "x", parent: intent, type: "epic" } }));
  expect(res.error?.code).toBe("INVALID_INPUT");
  expect((res.error as { hint?: string } | undefined)?.hint).toBe(`exo_ticket_create {"title":"x","parent":"${intent}","kind":"epic"}`);
});

test("metrics: the drift row is two lines at 80 columns, buckets' label with their counts, and the verify row counts the sessions with no checks as JSON's verify.none does (before: three lines; '0 passed, 0 failed, 1 skipped' over two closed sessions)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = (envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket as { parent: string }).parent;
  expect((await exo(repo, "ticket-create", "second", "--parent", intent, "--id", "TICKET-002")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await appendFile(join(repo, "README.md"), "a\n");
  expect((await exo(repo, "session-handoff", "--to", "agent:codex", "--summary", "half")).code).toBe(0);
  git(repo, "commit", "-qam", "half");
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-002")).code).toBe(0);
  await appendFile(join(repo, "README.md"), "b\n");
  expect((await exo(repo, "session-finish", "--summary", "done")).code).toBe(0);
  const json = envelope(await exo(repo, "metrics")).data;
  expect(json.verify).toMatchObject({ passed: 0, failed: 0, skipped: 1, none: 1 });
  const text = (await exo(repo, "metrics", { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(text).toContain("verify      pass rate - (0 passed, 0 failed, 1 skipped, 1 with no checks)\n");
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.startsWith("drift "));
  expect(lines[at]).toBe(`drift       avg ${json.drift.avg} over 2 closed sessions, p50 ${json.drift.p50}, p90 ${json.drift.p90}, max ${json.drift.max};`);
  expect(lines[at + 1]).toBe("            low/medium/high 2/0/0; live ones not counted (exo fleet-drift)");
  expect(lines[at + 2]).toMatch(/^tickets /);
});

test("exo status in a fresh clone says exo's git hooks are missing, with the line that installs them, run as printed; JSON hooks {sealed, missing, fix} (before: nothing, while exo alone and doctor said it)", async () => {
  const origin = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(origin, "install", "--example")).code).toBe(0);
  const clone = `${origin}-clone`;
  try {
    git(origin, "clone", "-q", origin, clone);
    const text = (await exo(clone, "status", { json: false, env: { COLUMNS: "80" } })).stdout;
    expect(text).toContain("\nhooks       git hooks missing in this clone (exo hook-install --harness git)\n");
    const data = envelope(await exo(clone, "status")).data;
    expect(data.hooks).toEqual({ sealed: ["claude", "git"], missing: ["git"], fix: "exo hook-install --harness git" });
    pasted(clone, (data.hooks.fix as string));
    expect(envelope(await exo(clone, "status")).data.hooks).toEqual({ sealed: ["claude", "git"], missing: [], fix: null });
    expect((await exo(clone, "status", { json: false })).stdout).not.toContain("\nhooks ");
    // Over MCP the tool answers the same field.
    const client = await mcpClient(origin, { args: ["--profile", "all"] });
    expect(structured(await client.callTool({ name: "exo_status", arguments: {} })).data.hooks.missing).toEqual([]);
  } finally {
    await rm(clone, { recursive: true, force: true });
  }
});

test("after a ticket-close left uncommitted, exo alone gives the commit line ticket-close printed, run as printed; committed, the line is gone (before: exo alone said nothing of it)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const closed = envelope(await exo(repo, "ticket-close", "TICKET-001")).data;
  const home = (await exo(repo, { json: false, env: { COLUMNS: "200" } })).stdout;
  expect(home).toContain(`  ${closed.next_command as string}\n`);
  expect(home.replace(/\s+/g, " ")).toContain("the close of TICKET-001 is not committed: teammates see it open until it is committed and pushed");
  pasted(repo, closed.next_command as string);
  expect(git(repo, "status", "--porcelain", "--", ".exo/tickets")).toBe("");
  const after = (await exo(repo, { json: false })).stdout;
  expect(after).not.toContain("is not committed");
  expect(after).not.toContain("git add");
});

test("exo tickets' count says how many of its tickets are tasks, epics and intents (before: '2 tickets' for one intent and its one task)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const text = (await exo(repo, "tickets", { json: false })).stdout;
  expect(text.trimEnd().split("\n").at(-1)).toBe("2 tickets: 1 task, 1 intent");
  // One kind only: the count alone.
  expect((await exo(repo, "tickets", "--kind", "task", { json: false })).stdout.trimEnd().split("\n").at(-1)).toBe("1 ticket");
});

test("an intent whose tasks are all closed: exo intents and exo alone name its close, which runs as printed; then exo alone offers a new intent, not a task under '<intent id>'; JSON closable (before: the intent read todo with nothing said, then 'exo ticket-create \"Task\" --parent <intent id>')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = (envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket as { parent: string }).parent;
  expect(envelope(await exo(repo, "intents")).data.roots[0].closable).toBe(false);
  pasted(repo, envelope(await exo(repo, "ticket-close", "TICKET-001")).data.next_command as string);
  const tree = envelope(await exo(repo, "intents")).data.roots[0];
  expect(tree).toMatchObject({ id: intent, status: "todo", closable: true });
  expect(tree.children[0]).toMatchObject({ id: "TICKET-001", closable: false });
  const text = (await exo(repo, "intents", { json: false })).stdout;
  expect(text).toContain(`\n│ all its work is closed: exo ticket-close ${intent}\n`);
  const home = (await exo(repo, { json: false })).stdout.replace(/\s+/g, " ");
  expect(home).toContain(`exo ticket-close ${intent} all the work under intent ${intent} is closed: close it, or add a task to it `);
  const closed = envelope(await exo(repo, ...`ticket-close ${intent}`.split(" ")));
  expect(closed.data.ticket.status).toBe("done");
  pasted(repo, closed.data.next_command as string);
  const after = (await exo(repo, { json: false })).stdout.replace(/\s+/g, " ");
  expect(after).not.toContain("<intent id>");
  expect(after).toContain('exo intent-create "Goal" --brain-dump "…"');
  expect(after).toContain("every intent is closed: say what the next work is for");
  expect((await exo(repo, "intents", { json: false })).stdout).not.toContain("all its work is closed");
});

test("the commit lines exo prints for its own files (ticket-close, compose, adapter-generate) carry Exo-Generated, so exo pr-check counts them governed (before: each, run as printed, failed pr-check with ungoverned_commit)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const base = git(repo, "rev-parse", "HEAD").trim();
  const closed = envelope(await exo(repo, "ticket-close", "TICKET-001")).data;
  expect(closed.next_command).toMatch(/ && git commit -m 'chore\(exo\): close TICKET-001' -m 'Exo-Generated: true' -- /);
  pasted(repo, closed.next_command as string);
  const config = join(repo, ".exo/config.yaml");
  const { readFile } = await import("node:fs/promises");
  await writeFile(config, (await readFile(config, "utf8")).replace("distributed: false", "distributed: true"));
  const composed = (await exo(repo, "compose", { json: false })).stdout;
  // (Since new-user round 40 both commits name their files: what else was staged stays out.)
  const line = composed.split("\n").find((l) => l.trim().startsWith("git add -- .exo"))?.trim() ?? "";
  expect(line).toMatch(/^git add -- \.exo && git commit -m "chore\(exo\): governance lock v2" -m "Exo-Generated: true" -- \.exo$/);
  const adapters = envelope(await exo(repo, "adapter-generate")).data;
  expect(adapters.next_command).toMatch(/ && git commit -m "chore: exo agent instructions" -m "Exo-Generated: true" -- /);
  pasted(repo, adapters.next_command as string);
  pasted(repo, line);
  expect(git(repo, "status", "--porcelain", "--", ".exo")).toBe("");
  const check = envelope(await exo(repo, "pr-check", "--base", base));
  expect(check.ok).toBe(true);
  expect(check.data.verdict).toBe("pass");
  expect((check.data.commits as unknown[]).length).toBe(3);
});
