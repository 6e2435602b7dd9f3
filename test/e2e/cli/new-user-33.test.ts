// A new user's first hours and a small team's first day, thirty-third pass: `exo ready
// --distributed`'s next step keeps the flag, ledger-show prints session ids whole.
import { expect, test } from "vitest";
import { envelope, exo, git, tempRepo } from "../../helpers/repo.js";
import { sh, teammate } from "../../helpers/team.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

test("exo ready --distributed in a clone without locks.distributed: its next step is `exo next --distributed`, which (pasted) skips the task another clone leased; over MCP too (before: `exo next`, which claimed that task without a word)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install")).code).toBe(0);
  expect((await exo(alice, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  expect((await exo(alice, "ticket-create", "signup", "--parent", "INT-001", "--id", "T-1", "--priority", "1")).code).toBe(0);
  sh(alice, envelope(await exo(alice, "ticket-create", "login", "--parent", "INT-001", "--id", "T-2")).data.next_command as string);
  const { bob } = teammate(alice);
  expect(envelope(await exo(alice, "next", "--distributed")).data.ticket.id).toBe("T-1");
  const ready = envelope(await exo(bob, "ready", "--distributed")).data;
  expect(ready.next_command).toBe("exo next --distributed");
  expect((await exo(bob, "ready", "--distributed", { json: false, env: { COLUMNS: "80" } })).stdout).toMatch(/^next: exo next --distributed$/m);
  const client = await mcpClient(bob, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_ready", arguments: { distributed: true } })).data.next_command).toBe("exo next --distributed");
  // Pasted, it fetches the leases and claims the task nobody leased.
  sh(bob, ready.next_command as string);
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
