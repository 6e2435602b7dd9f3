// A new user's first hours and a small team's first day, thirty-fifth pass: exo alone and exo
// status give the suspend's commit line (and one line for every exo edit left uncommitted); exo
// next in a clone with a remote says its claim is this clone's only and prints the line that
// commits it, so a teammate's exo next passes the task by; exo ready there names who claimed it.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { teammate } from "../../helpers/team.js";
import { exampleWithTwoTasks } from "../../helpers/tickets.js";

test("after exo session-suspend, exo status and exo alone give the suspend's own commit line; with another ticket edited too, one line commits both, and pasted, the teammate sees the task paused (before: status said nothing, or gave a line for the other edit that left the suspend out)", async () => {
  const alice = await exampleWithTwoTasks();
  const { bob } = teammate(alice);
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(alice, "README.md"), "# app\nhalf\n");
  const suspended = envelope(await exo(alice, "session-suspend", "--reason", "lunch")).data;
  expect(envelope(await exo(alice, "status")).data.uncommitted).toEqual({ next_command: suspended.next_command, next_reason: suspended.next_reason });
  expect((await exo(alice, { json: false, env: { COLUMNS: "80" } })).stdout).toContain(suspended.next_command as string);
  // Another ticket edited, not committed: one line commits the suspend and the edit.
  expect((await exo(alice, "ticket-update", "TICKET-002", "--priority", "1")).code).toBe(0);
  const both = envelope(await exo(alice, "status")).data.uncommitted;
  expect(both.next_command).toContain(".exo/tickets/TICKET-001.yaml");
  expect(both.next_command).toContain(".exo/tickets/TICKET-002.yaml");
  expect(both.next_command).toContain("'chore(exo): suspend TICKET-001, update TICKET-002'");
  expect(both.next_reason).toBe("the suspend is not committed: teammates see TICKET-001 paused, and whose session waits on it, once it is committed and pushed; the line commits the edit of TICKET-002 too");
  expect((await exo(alice, "ready")).code).toBe(0);
  pasted(alice, both.next_command as string);
  expect(git(alice, "status", "--porcelain", "--", ".exo/tickets", ".exo/ledger")).toBe("");
  expect(envelope(await exo(alice, "status")).data.uncommitted).toBeNull();
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  const ready = envelope(await exo(bob, "ready")).data;
  expect(ready.not_ready).toEqual([expect.objectContaining({ id: "TICKET-001", status: "paused" })]);
  expect(envelope(await exo(bob, "ticket-show", "TICKET-002")).data.ticket.priority).toBe(1);
}, 90_000);

test("exo next in a clone with a remote, without distributed leases: it says the claim is this clone's only and prints the line that commits it (JSON commit_command, over MCP too); pasted and pushed, the teammate's exo next does not hand out the same task (before: no word, and both clones claimed it)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  // No remote: nobody else to tell, no line.
  const solo = envelope(await exo(alice, "next", "--dry-run")).data;
  expect(solo.commit_command).toBeUndefined();
  const { bob } = teammate(alice);
  const claimed = envelope(await exo(alice, "next")).data;
  expect(claimed.ticket.id).toBe("TICKET-001");
  expect(claimed.next_command).toBe("exo session-start --ticket-id TICKET-001");
  expect(claimed.commit_command).toMatch(/^git add -- \S*\.exo\/ledger\/\S+ \.exo\/tickets\/TICKET-001\.yaml && git commit -m 'chore\(exo\): claim TICKET-001' -m 'Exo-Generated: true' -- /);
  expect(claimed.commit_reason).toBe("the claim is in this clone only: a teammate's exo next hands out TICKET-001 too until it is committed and pushed (exo next --distributed claims on the remote for every clone)");
  const text = (await exo(alice, "lease-release", "--ticket-id", "TICKET-001").then(() => exo(alice, "next", { json: false, env: { COLUMNS: "80" } }))).stdout;
  expect(text).toMatch(/^commit: git add -- .*chore\(exo\): claim TICKET-001/m);
  expect(text).toMatch(/^next: exo session-start --ticket-id TICKET-001$/m);
  expect(text.split("\n").filter((l) => !l.startsWith("commit: ")).every((l) => l.length <= 80)).toBe(true);
  const line = /^commit: (.*)$/m.exec(text)?.[1] as string;
  // Pasted and pushed: Bob's clone sees the task taken, and his exo next passes it by.
  pasted(alice, line);
  expect(git(alice, "status", "--porcelain", "--", ".exo/tickets", ".exo/ledger")).toBe("");
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  const refused = envelope(await exo(bob, "next"));
  expect(refused.error?.code).toBe("NO_TICKET");
  // …and says who has it, as exo ready does (before: "no task is todo" alone, as if nobody had it).
  const away = /TICKET-001 is claimed by (\S+) in another clone/.exec(refused.error?.message ?? "")?.[1];
  expect(away, refused.error?.message).toBeDefined();
  expect(refused.error?.details?.claimed_elsewhere).toEqual({ ticket: "TICKET-001", owner: away });
  expect(JSON.stringify(envelope(await exo(bob, "ready")).data)).toContain(`claimed by ${away} in another clone`);
  // Over MCP, the same fields; with --distributed the lease itself tells every clone, no line.
  expect((await exo(alice, "lease-release", "--ticket-id", "TICKET-001")).code).toBe(0);
  const client = await mcpClient(alice, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_next", arguments: { actor: "agent:claude" } })).data.commit_reason).toContain("the claim is in this clone only");
  expect((await exo(alice, "lease-release", "--ticket-id", "TICKET-001", "--actor", "agent:claude")).code).toBe(0);
  const leased = envelope(await exo(alice, "next", "--distributed"));
  expect(leased.ok).toBe(true);
  expect(leased.data.commit_command).toBeUndefined();
}, 90_000);

test("exo ready in a teammate's clone after a pull of a committed claim: the active task is 'claimed by <owner> in another clone', in text too (before: 'status is active', nothing of whom)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  expect((await exo(alice, "next")).code).toBe(0);
  git(alice, "add", "-A", ".exo");
  git(alice, "commit", "-qm", "chore(exo): claim TICKET-001", "-m", "Exo-Generated: true");
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  const ready = envelope(await exo(bob, "ready")).data;
  expect(ready.not_ready).toEqual([expect.objectContaining({ id: "TICKET-001", status: "active", detail: "claimed by human:test@example.invalid in another clone" })]);
  expect((await exo(bob, "ready", { json: false, env: { COLUMNS: "80" } })).stdout).toContain("claimed by human:test@example.invalid in another clone");
  // In Alice's own clone the claim is hers, as before.
  expect(envelope(await exo(alice, "ready")).data.not_ready).toEqual([expect.objectContaining({ id: "TICKET-001", detail: "claimed by human:test@example.invalid, no session yet" })]);
}, 60_000);
