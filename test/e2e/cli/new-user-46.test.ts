// A new user's first hours and a small team's first day, forty-sixth pass: a checkout where an
// older exo moved lefthook's hook to pre-commit.pre-exo, once lefthook.yml carries exo's commands,
// has doctor say exo's checks run twice and hook-install put lefthook's hook back; hook-install
// --uninstall in a lefthook repository lists only the files it took out (not lefthook's hook, left
// in place); over MCP a mistyped ticket id on a read-only tool gets the corrected call as tool_hint;
// ticket-create --titel is the title argument; exo next --ticket-id (exo_next {ticket_id}) gives the
// session-start that claims it; export-traces names the closed session a mistyped id meant and
// leaves the previous export when nothing matches; a ticket
// closed before any commit gets a line that commits its intent, created with it, too.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { LEFTHOOK_HOOK, lefthookChainedRepo } from "../../helpers/lefthook.js";


test("lefthook's hook moved to pre-commit.pre-exo by an older exo, then a teammate's lefthook.yml with exo's commands: doctor says exo's pre-commit checks run twice, and its hint pasted puts lefthook's hook back (before: pass, exo's hook ran its checks and lefthook's through the chain ran them again)", async () => {
  // No lefthook configuration at install: exo's hook chains lefthook's, as an older exo did.
  const repo = await lefthookChainedRepo();
  const hooks = envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0];
  expect(hooks).toMatchObject({ status: "warn", hint: "exo hook-install --harness git", fixable: true, details: { lefthook_runs_twice: ["pre-commit"] } });
  expect(hooks.message).toContain("exo's pre-commit checks run twice");
  pasted(repo, hooks.hint as string);
  expect(readFileSync(join(repo, ".git/hooks/pre-commit"), "utf8")).toBe(LEFTHOOK_HOOK);
  expect(existsSync(join(repo, ".git/hooks/pre-commit.pre-exo"))).toBe(false);
  // exo's prepare-commit-msg stays: lefthook has none here until its next install.
  expect(readFileSync(join(repo, ".git/hooks/prepare-commit-msg"), "utf8")).toContain("# exo:managed");
  expect(envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0]).toMatchObject({ status: "pass" });
}, 90_000);

test("lefthook repository: hook-install --harness git --uninstall lists the files it took exo out of, not lefthook's .git/hooks/pre-commit it leaves (before: listed as removed)", async () => {
  const repo = await tempRepo({ "lefthook.yml": "pre-commit:\n  commands:\n    lint:\n      run: echo lint\n", "src/a.ts": "export const a = 1;\n" });
  writeFileSync(join(repo, ".git/hooks/pre-commit"), LEFTHOOK_HOOK, { mode: 0o755 });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const removed = envelope(await exo(repo, "hook-install", "--harness", "git", "--uninstall"));
  expect(removed.data.harnesses).toEqual([{ name: "git", files: ["lefthook.yml", ".git/hooks/prepare-commit-msg"], status: "removed" }]);
  expect(readFileSync(join(repo, ".git/hooks/pre-commit"), "utf8")).toBe(LEFTHOOK_HOOK);
  expect(existsSync(join(repo, ".git/hooks/prepare-commit-msg"))).toBe(false);
  const human = await exo(repo, "hook-install", "--harness", "git", { json: false });
  expect(human.stdout).not.toContain(".git/hooks/pre-commit,");
}, 60_000);

test("MCP: a mistyped ticket id on a read-only tool (exo_ticket_show, exo_brief) gets the corrected call as tool_hint, the rest the CLI's envelope (before: the CLI's hint only, `exo ticket-show TICKET-001`, a command line for exo_brief too)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const client = await mcpClient(repo);
  const show = structured(await client.callTool({ name: "exo_ticket_show", arguments: { id: "TICKET-01" } }));
  expect(show.error?.tool_hint).toBe('exo_ticket_show {"id":"TICKET-001"}');
  const cli = coded(await exo(repo, "ticket-show", "TICKET-01"), "TICKET_NOT_FOUND", 2).error;
  expect(show.error).toMatchObject({ code: cli?.code, message: cli?.message, details: cli?.details, hint: "exo ticket-show TICKET-001" });
  const brief = structured(await client.callTool({ name: "exo_brief", arguments: { ticket_id: "TICKET-01" } }));
  expect(brief.error).toMatchObject({ code: "TICKET_NOT_FOUND", tool_hint: 'exo_brief {"ticket_id":"TICKET-001"}' });
  expect(structured(await client.callTool({ name: "exo_brief", arguments: JSON.parse(brief.error?.tool_hint?.slice("exo_brief ".length) ?? "{}") as Record<string, unknown> })).ok).toBe(true);
}, 60_000);

test("a slip in the name of a command's argument taken as an option (`exo ticket-create --titel …`) is that argument: the message says so and the hint pasted creates the ticket (before: 'run exo ticket-create --help for its options')", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = (envelope(await exo(repo, "tickets", "--kind", "intent")).data.tickets as { id: string }[])[0]?.id ?? "";
  const typo = coded(await exo(repo, "ticket-create", "--titel", "Signup form", "--parent", intent, "--id", "TICKET-002"), "USAGE_ERROR", 2);
  expect(typo.error?.message).toBe("Unknown option --titel for exo ticket-create: the title is its argument, not an option (exo ticket-create <title>).");
  expect(typo.error?.hint).toMatch(new RegExp(`^exo (--format json )?ticket-create 'Signup form' --parent ${intent} --id TICKET-002$`));
  pasted(repo, typo.error?.hint as string);
  expect(envelope(await exo(repo, "ticket-show", "TICKET-002")).data.ticket.title).toBe("Signup form");
  // A slip nearer one of its options stays that option's.
  expect(coded(await exo(repo, "ticket-create", "x", "--parnt", intent), "USAGE_ERROR", 2).error?.message).toContain("did you mean --parent?");
}, 60_000);

test("export-traces --session-id with a slip in a closed session's id: the warning names the one meant, and an unknown one says where the finished ones are listed (before: 'exo session-scan lists the open ones', which lists none once they are closed)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  const session = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session.id as string;
  expect((await exo(repo, "session-finish", "--summary", "nothing", "--set-status", "keep")).code).toBe(0);
  const slip = `${session.slice(0, -1)}${session.endsWith("Q") ? "R" : "Q"}`;
  const typed = envelope(await exo(repo, "export-traces", "--session-id", slip, "--no-write"));
  expect(typed.warnings?.[0]?.message).toBe(`No closed session ${slip} in the ledger (unknown, or not finished yet): nothing exported for it; did you mean ${session}?`);
  const unknown = envelope(await exo(repo, "export-traces", "--session-id", "SES-20200101-000000-AAAAAA", "--no-write"));
  expect(unknown.warnings?.[0]?.message).toContain("exo ledger-show --type session.finished lists the finished ones.");
  expect(String(pasted(repo, "exo ledger-show --type session.finished"))).toContain(session);
  // A filter that matches nothing leaves the previous export as it was (before: an empty file over it).
  expect((await exo(repo, "export-traces")).code).toBe(0);
  const before = readFileSync(join(repo, ".exo/traces/export.jsonl"), "utf8");
  expect(before).toContain(session);
  for (const filter of [["--session-id", slip], ["--since", "2099-01-01"]]) {
    const none = envelope(await exo(repo, "export-traces", ...filter));
    expect(none.data).toMatchObject({ traces: 0, out: null });
    expect(none.warnings?.at(-1)?.message).toContain("nothing written, .exo/traces/export.jsonl is left as it was");
    expect(readFileSync(join(repo, ".exo/traces/export.jsonl"), "utf8")).toBe(before);
  }
}, 60_000);

test("exo next --ticket-id T (and exo_next {ticket_id} over MCP): next picks the task itself, so the answer says to start a session on T, and that line or call pasted claims T (before: 'run exo next --help', and over MCP the hint `exo_next without ticket_id`, a call that claims another task)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = (envelope(await exo(repo, "tickets", "--kind", "intent")).data.tickets as { id: string }[])[0]?.id ?? "";
  expect((await exo(repo, "ticket-create", "second", "--parent", intent, "--id", "TICKET-002", "--priority", "5")).code).toBe(0);
  const cli = coded(await exo(repo, "next", "--ticket-id", "TICKET-002"), "USAGE_ERROR", 2).error;
  expect(cli?.message).toBe("Unknown option --ticket-id for exo next: next claims the best ready task itself; to work on a given one, start a session on it (that takes its lock): exo session-start --ticket-id TICKET-002.");
  expect(cli?.hint).toBe("exo session-start --ticket-id TICKET-002");
  const client = await mcpClient(repo);
  const next = structured(await client.callTool({ name: "exo_next", arguments: { ticket_id: "TICKET-002", actor: "agent:codex" } }));
  expect(next.error).toMatchObject({ code: "INVALID_INPUT", hint: 'exo_session_start {"ticket_id":"TICKET-002","actor":"agent:codex"}' });
  const started = structured(await client.callTool({ name: "exo_session_start", arguments: JSON.parse((next.error?.hint ?? "").slice("exo_session_start ".length)) as Record<string, unknown> }));
  expect(started.ok).toBe(true);
  expect(started.data.session.ticket).toBe("TICKET-002");
}, 60_000);

test("a ticket created and closed before any commit: the close's line (and exo status's) commits the intent created with it too, so teammates never get a task whose parent they lack (before: the close's files only, INT-001 left untracked)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect((await exo(repo, "intent-create", "Users can sign up", "--brain-dump", "why", "--id", "INT-001")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "Signup form", "--parent", "INT-001", "--id", "TICKET-001")).code).toBe(0);
  const closed = envelope(await exo(repo, "ticket-close", "TICKET-001"));
  expect(closed.data.next_reason).toContain("the line commits the creation of INT-001 too");
  const status = envelope(await exo(repo, "status")).data.uncommitted as { next_command: string; next_reason: string };
  expect(status.next_command).toBe(closed.data.next_command);
  expect(status.next_reason).toContain("the creation of INT-001 too");
  pasted(repo, closed.data.next_command as string);
  expect(git(repo, "status", "--porcelain", "--", ".exo/tickets")).toBe("");
  expect(git(repo, "log", "-1", "--format=%s").trim()).toBe("chore(exo): close TICKET-001, create INT-001");
  expect(envelope(await exo(repo, "status")).data.uncommitted).toBeNull();
}, 60_000);
