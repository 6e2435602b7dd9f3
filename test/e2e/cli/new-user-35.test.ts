// A new user's first hours and a small team's first day, thirty-fifth pass: exo alone and exo
// status give the suspend's commit line (and one line for every exo edit left uncommitted).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { teammate } from "../../helpers/team.js";

test("after exo session-suspend, exo status and exo alone give the suspend's own commit line; with another ticket edited too, one line commits both, and pasted, the teammate sees the task paused (before: status said nothing, or gave a line for the other edit that left the suspend out)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const parent = envelope(await exo(alice, "ticket-show", "TICKET-001")).data.ticket.parent as string;
  expect((await exo(alice, "ticket-create", "second", "--parent", parent, "--id", "TICKET-002")).code).toBe(0);
  git(alice, "add", "-A");
  git(alice, "commit", "-qm", "second", "-m", "Exo-Generated: true");
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
