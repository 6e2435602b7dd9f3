// A new user's first hours and a small team's first day, thirty-third pass: `exo ready
// --distributed`'s next step keeps the flag, ledger-show prints session ids whole.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, MCP_BIN, pasted, tempRepo } from "../../helpers/repo.js";
import { teammate } from "../../helpers/team.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

test("exo ready --distributed in a clone without locks.distributed: its next step is `exo next --distributed`, which (pasted) skips the task another clone leased; over MCP too (before: `exo next`, which claimed that task without a word)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install")).code).toBe(0);
  expect((await exo(alice, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  expect((await exo(alice, "ticket-create", "signup", "--parent", "INT-001", "--id", "T-1", "--priority", "1")).code).toBe(0);
  pasted(alice, envelope(await exo(alice, "ticket-create", "login", "--parent", "INT-001", "--id", "T-2")).data.next_command as string);
  const { bob } = teammate(alice);
  expect(envelope(await exo(alice, "next", "--distributed")).data.ticket.id).toBe("T-1");
  const ready = envelope(await exo(bob, "ready", "--distributed")).data;
  expect(ready.next_command).toBe("exo next --distributed");
  expect((await exo(bob, "ready", "--distributed", { json: false, env: { COLUMNS: "80" } })).stdout).toMatch(/^next: exo next --distributed$/m);
  const client = await mcpClient(bob, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_ready", arguments: { distributed: true } })).data.next_command).toBe("exo next --distributed");
  // Pasted, it fetches the leases and claims the task nobody leased.
  pasted(bob, ready.next_command as string);
  expect(git(bob, "ls-remote", "origin", "refs/exo/leases/T-2")).not.toBe("");
  const locks = envelope(await exo(bob, "status")).data.locks as { ticket: string }[];
  expect(locks.map((l) => l.ticket)).toEqual(["T-2"]);
  // Asked without --distributed, no flag is added.
  expect(envelope(await exo(alice, "ready")).data.next_command).not.toContain("--distributed");
}, 60_000);

test("exo ledger-show prints a session id whole at 80 and at 40 columns, so it pastes into --session-id (before: SES…183011-MGRAV6, which --session-id refused as INVALID_INPUT)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const id = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session.id as string;
  for (const columns of ["80", "40"]) {
    const text = (await exo(repo, "ledger-show", "--limit", "3", { json: false, env: { COLUMNS: columns } })).stdout;
    expect(text).not.toContain("SES…");
    const shown = /SES-\S+/.exec(text)?.[0] as string;
    expect(shown).toBe(id);
    expect(text.split("\n").every((l) => l.length <= Number(columns))).toBe(true);
    const pasted = await exo(repo, "ledger-show", "--session-id", shown);
    expect(pasted.code).toBe(0);
    expect(envelope(pasted).data.records.length).toBeGreaterThan(0);
  }
});

/** Alice's repository with T-1, and Bob's clone where he suspended a session on it, committed, pushed and pulled by Alice. */
async function suspendedInBobsClone(): Promise<{ alice: string; bob: string; id: string }> {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install")).code).toBe(0);
  expect((await exo(alice, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  pasted(alice, envelope(await exo(alice, "ticket-create", "signup", "--parent", "INT-001", "--id", "T-1")).data.next_command as string);
  const { bob } = teammate(alice);
  const id = envelope(await exo(bob, "session-start", "--ticket-id", "T-1")).data.session.id as string;
  await writeFile(join(bob, "README.md"), "# app\nbob's half\n");
  expect((await exo(bob, "session-suspend", "--reason", "end of day")).code).toBe(0);
  git(bob, "add", "-A");
  git(bob, "commit", "-qm", "wip");
  git(bob, "push", "-q");
  git(alice, "pull", "-q", "--no-rebase", "--no-edit");
  return { alice, bob, id };
}

test("a task a teammate suspended in their clone (pushed, pulled): exo ready and exo ticket-show name that session, as exo alone does; JSON open_sessions[].elsewhere, over MCP too (before: ready 'status is paused', ticket-show no session line)", async () => {
  const { alice, bob, id } = await suspendedInBobsClone();
  const home = (await exo(alice, { json: false, env: { COLUMNS: "80" } })).stdout.replace(/\n\s+/g, " ");
  expect(home).toContain(`human:bob@example.invalid suspended ${id} on it in another clone`);
  const ready = envelope(await exo(alice, "ready")).data;
  expect(ready.not_ready).toEqual([expect.objectContaining({ id: "T-1", status: "paused", detail: `suspended in ${id} (human:bob@example.invalid) in another clone` })]);
  const show = envelope(await exo(alice, "ticket-show", "T-1")).data;
  expect(show.open_sessions).toEqual([{ session: id, actor: "human:bob@example.invalid", status: "suspended", elsewhere: true }]);
  const text = (await exo(alice, "ticket-show", "T-1", { json: false, env: { COLUMNS: "80" } })).stdout.replace(/\n\s+/g, " ");
  expect(text).toMatch(new RegExp(`^session +${id} human:bob@example\\.invalid, suspended in another clone$`, "m"));
  // In Bob's own clone it is his session, not another clone's.
  expect(envelope(await exo(bob, "ticket-show", "T-1")).data.open_sessions).toEqual([{ session: id, actor: "human:bob@example.invalid", status: "suspended", elsewhere: false }]);
  const client = await mcpClient(alice, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_ticket_show", arguments: { id: "T-1" } })).data.open_sessions[0].elsewhere).toBe(true);
}, 60_000);

test("exo pr-check --base X that fails: its hint keeps --base, so pasted it reports that range's finding again and writes it to the markdown file; the Commits list keeps one column for subjects (before: hint `exo pr-check --markdown exo-pr-check.md`, which checked main..HEAD, passed and reported nothing)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const base = git(repo, "rev-parse", "HEAD~1").trim();
  await writeFile(join(repo, "notes.md"), "mine\n");
  git(repo, "add", "notes.md");
  git(repo, "commit", "-qm", "notes without a session");
  const failed = envelope(await exo(repo, "pr-check", "--base", base));
  expect(failed.error?.code).toBe("PR_CHECK_FAILED");
  expect(failed.error?.hint).toBe(`exo pr-check --base ${base} --markdown exo-pr-check.md`);
  const pasted = await exo(repo, ...(failed.error?.hint as string).split(" ").slice(1), { json: false });
  expect(pasted.code).toBe(1);
  expect(await readFile(join(repo, "exo-pr-check.md"), "utf8")).toContain("ungoverned_commit");
  // A --head and --strict typed stay in the line too.
  expect(envelope(await exo(repo, "pr-check", "--base", base, "--head", "HEAD", "--strict")).error?.hint).toBe(`exo pr-check --base ${base} --strict --markdown exo-pr-check.md`);
  const client = await mcpClient(repo, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_pr_check", arguments: { base } })).error?.hint).toBe(`exo pr-check --base ${base} --markdown exo-pr-check.md`);
  const text = (await exo(repo, "pr-check", "--base", base, { json: false, env: { COLUMNS: "80" } })).stdout.split("\n");
  const rows = text.slice(text.indexOf("Commits:") + 1).filter((l) => /^ {2}[0-9a-f]{8} /.test(l));
  expect(rows.length).toBeGreaterThanOrEqual(2);
  expect(rows.some((l) => l.includes(" ungoverned "))).toBe(true);
  expect(new Set(rows.map((l) => /^ {2}[0-9a-f]{8} {2}\S+ +/.exec(l)?.[0].length)).size).toBe(1);
});

test("a teammate's fresh clone: the step exo alone gives it, `exo hook-install --harness git`, also registers the ticket merge driver, so doctor passes after it; JSON git_config (before: doctor warned 'merge driver is not registered' right after)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  const home = (await exo(bob, { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(home).toContain("exo hook-install --harness git");
  const done = envelope(await exo(bob, "hook-install", "--harness", "git")).data;
  expect(done.git_config).toContain("merge.exo-ticket.driver");
  expect(git(bob, "config", "--get", "merge.exo-ticket.driver")).toContain("merge-ticket");
  const doctor = envelope(await exo(bob, "doctor")).data;
  expect(doctor.status).toBe("pass");
  expect((await exo(bob, "hook-install", "--harness", "git", { json: false, env: { COLUMNS: "80" } })).stdout).not.toContain("git config");
  // Over MCP the same field, empty once set.
  const client = await mcpClient(bob, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_hook_install", arguments: { harness: ["git"] } })).data.git_config).toEqual([]);
});

test("an agent that claims over MCP in a teammate's clone: the ticket merge driver it registers is the CLI's, so the next pull of a ticket both changed merges (before: exo-mcp's bin, 'unknown option merge-ticket', CONFLICT in .exo/tickets/TICKET-001.yaml)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  const client = await mcpClient(bob, { args: ["--profile", "all"], env: { EXO_ACTOR: "agent:claude" } });
  expect(structured(await client.callTool({ name: "exo_next", arguments: {} })).data.ticket.id).toBe("TICKET-001");
  const driver = git(bob, "config", "--get", "merge.exo-ticket.driver");
  expect(driver).toContain(join("cli", "bin.js"));
  expect(driver).not.toContain(join("mcp", "bin.js"));
  git(bob, "add", "-A");
  git(bob, "commit", "-qm", "claim", "-m", "Exo-Generated: true");
  // Alice retitles the same ticket and pushes first.
  pasted(alice, envelope(await exo(alice, "ticket-update", "TICKET-001", "--title", "the first change, retitled")).data.next_command as string);
  git(alice, "push", "-q", "origin", "main");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  expect(git(bob, "status", "--porcelain")).toBe("");
  const show = envelope(await exo(bob, "ticket-show", "TICKET-001")).data.ticket;
  expect(show).toMatchObject({ title: "the first change, retitled", status: "active" });
}, 60_000);

test("a clone whose merge driver an older exo-mcp registered as its own bin: doctor's git_tracking names it and --fix registers the CLI's (before: pass, and every ticket merge failed)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const mcpBin = MCP_BIN;
  git(repo, "config", "merge.exo-ticket.driver", `'${process.execPath}' '${mcpBin}' merge-ticket %O %A %B %P`);
  const section = (envelope(await exo(repo, "doctor", "--section", "git_tracking")).data.sections as { name: string; status: string; message: string }[])[0];
  expect(section).toMatchObject({ name: "git_tracking", status: "warn" });
  expect(section?.message).toContain(`runs exo-mcp (${mcpBin}), which has no merge-ticket`);
  expect((await exo(repo, "doctor", "--fix", "--section", "git_tracking")).code).toBe(0);
  expect(git(repo, "config", "--get", "merge.exo-ticket.driver")).toContain(join("cli", "bin.js"));
});

test("exo session-resume --session-id of a session a teammate suspended in their clone (pulled here): says it lives in that clone, hint the start here, over MCP too (before: 'No session … in this repository's state', hint exo session-scan, which does not list it)", async () => {
  const { alice, id } = await suspendedInBobsClone();
  const refused = envelope(await exo(alice, "session-resume", "--session-id", id));
  expect(refused.error?.code).toBe("SESSION_NOT_FOUND");
  expect(refused.error?.message).toMatch(new RegExp(`^Session ${id} on T-1 lives in another clone \\(ledger segment \\S+\\), where human:bob@example\\.invalid suspended it; `));
  expect(refused.error?.hint).toBe("exo session-start --ticket-id T-1");
  expect(refused.error?.details).toMatchObject({ session: id, ticket: "T-1", elsewhere: "clone", last_event: "session.suspended" });
  const client = await mcpClient(alice, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_session_resume", arguments: { session_id: id } })).error?.message).toContain("lives in another clone");
}, 60_000);
