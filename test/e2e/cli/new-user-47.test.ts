// A new user's first hours and a small team's first day, forty-seventh pass: a session started from
// the command line by an agent (EXO_ACTOR=agent:codex, or Claude Code's CLAUDECODE in the
// environment) records its vendor and model, so fleet-drift's vendor and model tables name them;
// exo tickets marks a todo that waits for its blockers, as exo ready says; over MCP a mistyped id on
// exo_brief gets the CLI's hint for exo brief; session-start puts lefthook's hook back where exo's
// chained it and lefthook's configuration runs exo too; exo ready at 60 columns keeps short ids on
// their rows; lease-renew/heartbeat/release with a slip in the id name the ticket meant; exo status
// and exo alone count the blocked todo tasks.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, pasted, tempRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { LEFTHOOK_HOOK, lefthookChainedRepo } from "../../helpers/lefthook.js";

test("session-start from the command line with no --vendor/--model: the harness EXO_ACTOR or the environment names gives them, and fleet-drift's vendor and model tables show them (before: unknown and unknown)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = (envelope(await exo(repo, "tickets", "--kind", "intent")).data.tickets as { id: string }[])[0]?.id ?? "";
  expect((await exo(repo, "ticket-create", "Second", "--parent", intent, "--id", "TICKET-002")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "Third", "--parent", intent, "--id", "TICKET-003")).code).toBe(0);
  const codex = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: { EXO_ACTOR: "agent:codex" } }));
  expect(codex.data.session).toMatchObject({ vendor: "openai", model: "codex" });
  // Claude Code's own variable, the actor left to its default.
  const claude = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-002", { env: { EXO_ACTOR: "human:ann", CLAUDECODE: "1" } }));
  expect(claude.data.session).toMatchObject({ vendor: "anthropic", model: "claude-code" });
  // What is given stays as given.
  const given = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-003", "--vendor", "openai", "--model", "gpt-5", { env: { EXO_ACTOR: "agent:claude:1a2b3c4d" } }));
  expect(given.data.session).toMatchObject({ vendor: "openai", model: "gpt-5" });
  const fleet = envelope(await exo(repo, "fleet-drift")).data.groups as Record<string, { key: string }[]>;
  expect(fleet["vendor"]?.map((g) => g.key).sort()).toEqual(["anthropic", "openai"]);
  expect(fleet["model"]?.map((g) => g.key).sort()).toEqual(["claude-code", "codex", "gpt-5"]);
}, 90_000);

test("exo tickets: a todo whose blocker is not done says blocked (waiting_for in JSON), as exo ready says it waits (before: plain todo, as if ready)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = (envelope(await exo(repo, "tickets", "--kind", "intent")).data.tickets as { id: string }[])[0]?.id ?? "";
  expect((await exo(repo, "ticket-create", "Base", "--parent", intent, "--id", "TICKET-002")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "On top", "--parent", intent, "--id", "TICKET-003", "--blocker", "TICKET-002")).code).toBe(0);
  const rows = envelope(await exo(repo, "tickets")).data.tickets as { id: string; waiting_for: string[] }[];
  expect(rows.find((r) => r.id === "TICKET-003")?.waiting_for).toEqual(["TICKET-002"]);
  expect(rows.find((r) => r.id === "TICKET-002")?.waiting_for).toEqual([]);
  const ready = envelope(await exo(repo, "ready")).data.not_ready as { id: string; reason: string }[];
  expect(ready.find((r) => r.id === "TICKET-003")?.reason).toBe("blocked");
  const human = (await exo(repo, "tickets", { json: false })).stdout;
  expect(human).toMatch(/TICKET-003 +P3 +task +todo, blocked +On top/);
  expect(human).toMatch(/TICKET-002 +P3 +task +todo +Base/);
  expect(human).toContain("; 1 blocked (exo ready says by what)");
}, 90_000);

test("MCP: exo_brief with a mistyped ticket id answers with the CLI's hint for exo brief (exo brief --ticket-id TICKET-001), as conformance asks of a read-only tool (before: exo ticket-show TICKET-001, another command's line)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const cli = coded(await exo(repo, "brief", "--ticket-id", "TICKET-01"), "TICKET_NOT_FOUND", 2).error;
  expect(cli?.hint).toMatch(/^exo (--format json )?brief --ticket-id TICKET-001$/);
  const client = await mcpClient(repo);
  const brief = structured(await client.callTool({ name: "exo_brief", arguments: { ticket_id: "TICKET-01" } }));
  expect(brief.error).toMatchObject({ code: cli?.code, message: cli?.message, hint: "exo brief --ticket-id TICKET-001", tool_hint: 'exo_brief {"ticket_id":"TICKET-001"}' });
  // ticket-show's positional id stays a word of its own, as the CLI's hint has it.
  const show = structured(await client.callTool({ name: "exo_ticket_show", arguments: { id: "TICKET-01" } }));
  expect(show.error?.hint).toBe("exo ticket-show TICKET-001");
}, 60_000);


test("lefthook's hook moved to pre-commit.pre-exo by an older exo, lefthook.yml running exo's command: session-start puts lefthook's hook back and says so (before: only doctor, hook-install and install did; each commit ran exo's checks twice)", async () => {
  // No lefthook configuration at install: exo's hook chains lefthook's, as an older exo did.
  const repo = await lefthookChainedRepo();
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001"));
  expect(started.ok).toBe(true);
  expect(started.warnings?.find((w) => w.code === "HOOKS_REINSTALLED")?.message).toContain("checks ran twice");
  expect(readFileSync(join(repo, ".git/hooks/pre-commit"), "utf8")).toBe(LEFTHOOK_HOOK);
  expect(existsSync(join(repo, ".git/hooks/pre-commit.pre-exo"))).toBe(false);
  expect(envelope(await exo(repo, "doctor", "--section", "hooks")).data.sections[0]).toMatchObject({ status: "pass" });
}, 90_000);

test("exo ready on a terminal of 60 columns with an `unblocks N` column: ids of ten characters stay on their rows, the title clipped beside them (before: each id on a line of its own, its row under it)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = (envelope(await exo(repo, "tickets", "--kind", "intent")).data.tickets as { id: string }[])[0]?.id ?? "";
  for (const n of [2, 3, 4]) expect((await exo(repo, "ticket-create", `Task number ${n} with a fairly long title`, "--parent", intent, "--id", `TICKET-00${n}`, ...(n === 4 ? ["--blocker", "TICKET-002"] : []))).code).toBe(0);
  const narrow = (await exo(repo, "ready", { json: false, env: { COLUMNS: "60" } })).stdout;
  expect(narrow).toMatch(/^ {2}1\. +TICKET-002 +P3 +\d+\.\d +unblocks 1 +Task number 2/m);
  expect(narrow).toMatch(/^ {2}2\. +TICKET-\d{3} +P3 +\d+\.\d +\S/m);
  for (const line of narrow.split("\n")) expect(line.length).toBeLessThanOrEqual(60);
}, 60_000);

test("lease-renew / lease-heartbeat / lease-release --ticket-id with a slip in the id: no such ticket, the id meant named and the line with it, which runs when pasted (before: 'No live lock on TICKET-01', its hint a session-start on a ticket that does not exist)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  for (const command of ["lease-renew", "lease-heartbeat", "lease-release"]) {
    const typo = coded(await exo(repo, command, "--ticket-id", "TICKET-01"), "TICKET_NOT_FOUND", 2);
    expect(typo.error?.message).toBe("No ticket TICKET-01; did you mean TICKET-001?");
    expect(typo.error?.hint).toMatch(new RegExp(`^exo (--format json )?${command} --ticket-id TICKET-001$`));
  }
  pasted(repo, "exo lease-renew --ticket-id TICKET-001");
}, 60_000);

test("exo status, exo alone and exo metrics count the todo tasks that wait for a blocker (`2 tasks todo (1 blocked)`, tasks_blocked in JSON), as exo ready and exo tickets do (before: `2 tasks todo`, as if both were ready)", async () => {
  const repo = await tempRepo({ "src/a.ts": "export const a = 1;\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = (envelope(await exo(repo, "tickets", "--kind", "intent")).data.tickets as { id: string }[])[0]?.id ?? "";
  expect((await exo(repo, "ticket-create", "On top", "--parent", intent, "--id", "TICKET-002", "--blocker", "TICKET-001")).code).toBe(0);
  expect(envelope(await exo(repo, "status")).data.tasks_blocked).toBe(1);
  expect((await exo(repo, "status", { json: false })).stdout).toMatch(/^tickets +2 tasks todo \(1 blocked\); 1 intent$/m);
  expect((await exo(repo, { json: false })).stdout).toMatch(/^tickets +2 tasks todo \(1 blocked\); 1 intent$/m);
  // exo metrics counts the tickets as exo status does.
  expect(envelope(await exo(repo, "metrics")).data.tasks_blocked).toBe(1);
  expect((await exo(repo, "metrics", { json: false })).stdout).toMatch(/^tickets +2 tasks todo \(1 blocked\); 1 intent; 0 done in window/m);
}, 60_000);
