// Round 35 of hostile state and races: a handoff a close left behind, and more (see
// docs/hardening.md). Each case failed before its fix.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, git, pasted } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

test("ticket-close of a task handed to a teammate ends the handoff: .exo/handoffs/T1.json is removed, its commit line takes the removal, and once reopened the addressee's start takes no old handoff (before: the file stayed, and agent:b's start after a reopen embedded the closed run's handoff as its own)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const handed = await bounded(repo, ["session-handoff", "--summary", "over to b", "--to", "agent:b", "--actor", "agent:a"], 20_000);
  expect(envelope(handed).ok, handed.stdout).toBe(true);
  expect(existsSync(join(repo, ".exo/handoffs/T1.json"))).toBe(true);
  const close = await bounded(repo, ["ticket-close", "T1", "--status", "cancelled", "--reason", "not needed"], 15_000);
  expect(envelope(close).ok, close.stdout).toBe(true);
  expect(existsSync(join(repo, ".exo/handoffs/T1.json"))).toBe(false);
  const line = envelope(close).data.next_command as string;
  expect(line).toContain(".exo/handoffs/T1.json");
  pasted(repo, line);
  expect(git(repo, "status", "--porcelain", "--", ".exo/handoffs", ".exo/tickets")).toBe("");
  expect(git(repo, "ls-files", "--", ".exo/handoffs")).toBe("");
  const ledger = git(repo, "show", "HEAD", "--", ".exo/ledger");
  expect(ledger).toContain('"handoff.consumed"');
  expect(envelope(await bounded(repo, ["ticket-update", "T1", "--status", "todo", "--reason", "needed after all"], 15_000)).ok).toBe(true);
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000);
  expect(envelope(start).ok, start.stdout).toBe(true);
  expect(envelope(start).data.handoff).toBeNull();
}, 90_000);
