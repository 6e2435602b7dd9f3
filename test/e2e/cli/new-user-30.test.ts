// A new user's first hours and a small team's first day, thirtieth pass: suspended sessions
// counted as open, status's counts wrapped between a kind and its number, planning committed by
// hand, pr-check on the base branch, and exo next's skipped count.
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

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

test("exo status keeps a count and its word on one line when the ticket counts wrap (before: '(of 6: epic 1, intent 1, task' then '4)' at 80 columns)", async () => {
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
  expect(lines[at]).toBe("tickets     4 tasks: 1 todo, 1 paused, 1 done, 1 cancelled; 1 epic, 1 intent");
  // (The closes' commit line is a command printed whole.)
  for (const line of lines.filter((l) => !l.startsWith("  git add -- "))) expect(line.length).toBeLessThanOrEqual(80);
  // Narrower, the counts wrap under themselves, each count with its word.
  const narrow = (await exo(repo, "status", { json: false, env: { COLUMNS: "40" } })).stdout.split("\n");
  const from = narrow.findIndex((l) => l.startsWith("tickets "));
  expect(narrow.slice(from, from + 3)).toEqual(["tickets     4 tasks: 1 todo, 1 paused,", "            1 done, 1 cancelled; 1 epic,", "            1 intent"]);
});

test("tickets created and not committed: intent-create, ticket-create and exo alone give the commit line that makes them exo's own, run as printed; pr-check then passes; over MCP the same field (before: nothing said to commit, and the plan committed by hand was an ungoverned_commit)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const installed = git(repo, "rev-parse", "HEAD").trim();
  const intent = envelope(await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", "--id", "INT-001")).data;
  expect(intent.next_command).toBe("git add -- .exo/tickets .exo/ledger && git commit -m 'chore(exo): create INT-001' -m 'Exo-Generated: true' -- .exo/tickets .exo/ledger");
  const text = (await exo(repo, "ticket-create", "signup", "--parent", "INT-001", "--id", "TICKET-001", { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(text).toContain("\n2 new tickets are not committed: teammates see them once pushed\nnext: git add -- .exo/tickets .exo/ledger && git commit -m 'chore(exo): create 2 tickets' -m 'Exo-Generated: true' -- .exo/tickets .exo/ledger\n");
  const home = (await exo(repo, { json: false, env: { COLUMNS: "200" } })).stdout;
  const line = "git add -- .exo/tickets .exo/ledger && git commit -m 'chore(exo): create 2 tickets' -m 'Exo-Generated: true' -- .exo/tickets .exo/ledger";
  expect(home).toContain(`  ${line}\n`);
  expect(home.replace(/\s+/g, " ")).toContain("2 new tickets are not committed: teammates see them once pushed");
  // Over MCP the tool answers the same field (a third ticket now).
  const client = await mcpClient(repo, { args: ["--profile", "all"] });
  const res = structured(await client.callTool({ name: "exo_ticket_create", arguments: { title: "logout", parent: "INT-001", id: "TICKET-002", actor: "human:test@example.invalid" } }));
  expect(res.data.next_command).toContain("'chore(exo): create 3 tickets'");
  pasted(repo, res.data.next_command as string);
  expect(git(repo, "status", "--porcelain", "--", ".exo/tickets", ".exo/ledger")).toBe("");
  expect((await exo(repo, { json: false })).stdout).not.toContain("git add");
  expect(envelope(await exo(repo, "ticket-create", "more", "--parent", "INT-001")).data.next_command).toContain("'chore(exo): create TKT-");
  const check = envelope(await exo(repo, "pr-check", "--base", installed));
  expect(check.data.commits).toHaveLength(1);
  expect(check.data.findings).toEqual([]);
});

test("a plan committed by hand: pr-check's ungoverned_commit says it changed only exo's files and which trailer counts it (before: only 'has no Exo-Session trailer')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const installed = git(repo, "rev-parse", "HEAD").trim();
  expect((await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--id", "INT-001")).code).toBe(0);
  git(repo, "add", ".exo");
  git(repo, "commit", "-qm", "plan");
  const findings = envelope(await exo(repo, "pr-check", "--base", installed)).data.findings as { code: string; message: string }[];
  expect(findings.map((f) => f.code)).toEqual(["ungoverned_commit"]);
  expect(findings[0]?.message).toMatch(/has no Exo-Session trailer \(only exo's files: with an Exo-Generated: true trailer, as exo's commit lines add, it counts as governed\)$/);
});

test("pr-check on the base branch itself says nothing was checked and gives the line that checks the commits since install, run as printed (before: 'PASS main..HEAD: 0 commits' and no --base hint)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const installed = git(repo, "rev-parse", "HEAD").trim();
  // Nothing since install: nothing to offer.
  expect(envelope(await exo(repo, "pr-check")).data.next_command).toBeUndefined();
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(repo, "README.md"), "# app\nmore\n");
  git(repo, "commit", "-qam", "readme");
  expect((await exo(repo, "session-finish", "--summary", "readme")).code).toBe(0);
  const data = envelope(await exo(repo, "pr-check")).data;
  expect(data.commits).toEqual([]);
  expect(data.next_command).toBe(`exo pr-check --base ${installed.slice(0, 12)}`);
  const text = (await exo(repo, "pr-check", { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(text).toBe(`pr-check PASS main..HEAD: 0 errors, 0 warnings; 0 commits, 0 changed files\nHEAD has no commits that main lacks: nothing was checked; pass --base to check\n  the commits since exo was installed:\n  exo pr-check --base ${installed.slice(0, 12)}\n`);
  const run = await exo(repo, ...(data.next_command as string).split(" ").slice(1));
  expect(run.code).toBe(0);
  expect(envelope(run).data.commits).toHaveLength(2);
  // Over MCP the tool answers the same field.
  const client = await mcpClient(repo, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_pr_check", arguments: {} })).data.next_command).toBe(data.next_command);
});

test("exo next says why it skipped each task it passed over, counting every one (before: 'considered 1 ready task(s); 20 skipped' for 22, counting only the 20 listed, and the not-ready line clipped at 80 columns)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = (envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket as { parent: string }).parent;
  expect((await exo(repo, "ticket-create", "gone", "--parent", intent, "--id", "TICKET-099")).code).toBe(0);
  expect((await exo(repo, "ticket-close", "TICKET-099", "--status", "cancelled")).code).toBe(0);
  for (let i = 2; i <= 22; i++) expect((await exo(repo, "ticket-create", `t${i}`, "--parent", intent, "--blocker", "TICKET-001", "--id", `TICKET-0${String(i).padStart(2, "0")}`)).code).toBe(0);
  const data = envelope(await exo(repo, "next", "--dry-run")).data;
  expect(data.reasoning.skipped).toHaveLength(20);
  expect(data.reasoning.skipped_by_reason).toEqual({ blocked: 21, not_todo: 1 });
  const text = (await exo(repo, "next", { json: false })).stdout;
  expect(text).toContain("\n  considered 1 ready task; skipped 21 blocked, 1 not todo\n");
  expect(text).toContain("\n  not ready: TICKET-002 (blocked), TICKET-003 (blocked) … 19 more (exo ready)\n");
  for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
}, 60_000);

test("exo status names the ticket files waiting for a commit with the line that commits them, as exo alone does; JSON uncommitted {next_command, next_reason}, also over MCP (before: status said nothing of an uncommitted close, and its JSON had no field for it)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect(envelope(await exo(repo, "status")).data.uncommitted).toBeNull();
  const closed = envelope(await exo(repo, "ticket-close", "TICKET-001")).data;
  const data = envelope(await exo(repo, "status")).data;
  expect(data.uncommitted).toEqual({ next_command: closed.next_command, next_reason: "the close of TICKET-001 is not committed: teammates see it open until it is committed and pushed" });
  const text = (await exo(repo, "status", { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(text).toContain("\nuncommitted the close of TICKET-001 is not committed: teammates see it open\n            until it is committed and pushed\n");
  expect(text).toContain(`\n  ${closed.next_command as string}\n`);
  pasted(repo, closed.next_command as string);
  const intent = (envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket as { parent: string }).parent;
  expect((await exo(repo, "ticket-create", "next one", "--parent", intent, "--id", "TICKET-002")).code).toBe(0);
  const client = await mcpClient(repo, { args: ["--profile", "all"] });
  const res = structured(await client.callTool({ name: "exo_status", arguments: {} }));
  expect(res.data.uncommitted.next_reason).toBe("TICKET-002 is not committed: teammates see it once it is pushed");
  pasted(repo, res.data.uncommitted.next_command as string);
  expect(envelope(await exo(repo, "status")).data.uncommitted).toBeNull();
  expect((await exo(repo, "status", { json: false })).stdout).not.toContain("uncommitted");
});

test("exo alone tells the quick start's story: exo next claims the ready task, then its session start (before: exo session-start --dispatch, while install and the README say exo next)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  const installed = (await exo(repo, "install", "--example", { json: false })).stdout;
  expect(installed).toContain("exo next");
  const home = (await exo(repo, { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(home).toMatch(/^ {2}exo next +claim TICKET-001; its next: line starts the session$/m);
  expect(home).not.toContain("--dispatch");
  const claimed = await exo(repo, "next", { json: false });
  expect(claimed.stdout).toContain("\nnext: exo session-start --ticket-id TICKET-001");
  expect((await exo(repo, { json: false })).stdout.replace(/\s+/g, " ")).toContain("exo session-start --ticket-id TICKET-001 TICKET-001 is claimed by human:test@example.invalid: start a session on it");
});

test("a task a teammate suspended in another clone: exo alone says whose suspended session it is, and a start on it warns ticket_contention (before: 'is paused: pick it up' and a silent start beside their session)", async () => {
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
    const started = envelope(await exo(alice, "session-start", "--ticket-id", "TICKET-001")).data;
    const id = (started.session as { id: string }).id;
    expect((await exo(alice, "session-suspend", "--reason", "meeting")).code).toBe(0);
    git(alice, "add", ".exo");
    git(alice, "commit", "-qm", "wip", "-m", "Exo-Generated: true");
    git(alice, "push", "-q", "origin", "main");
    git(bob, "pull", "-q", "--no-rebase", "--no-edit");
    const home = (await exo(bob, { json: false })).stdout.replace(/\s+/g, " ");
    expect(home).toContain(`exo session-start --ticket-id TICKET-001 TICKET-001 is paused: human:test@example.invalid suspended ${id} on it in another clone and may resume it there; agree who keeps it before you pick it up`);
    const start = envelope(await exo(bob, "session-start", "--ticket-id", "TICKET-001"));
    expect(start.ok).toBe(true);
    const advisory = (start.data.session.advisories as { kind: string; message: string; details: Record<string, unknown> }[]).find((a) => a.kind === "ticket_contention");
    expect(advisory?.message).toMatch(new RegExp(`^human:test@example\\.invalid suspended ${id} on TICKET-001 in another clone \\(\\S+: meeting\\) and may resume it there: agree who keeps it$`));
    expect(advisory?.details).toMatchObject({ session: id, suspended_elsewhere: true });
    // In alice's own clone the session is hers to resume, as before.
    expect((await exo(alice, { json: false })).stdout).toContain("exo session-resume");
  } finally {
    await rm(bare, { recursive: true, force: true });
    await rm(bob, { recursive: true, force: true });
  }
});
