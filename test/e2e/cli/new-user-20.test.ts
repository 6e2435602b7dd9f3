// A new user's first ten minutes, twentieth pass: three people installing the packed exo (Claude
// Code from the README's quick start, Codex from AGENTS.md and its hooks, Cursor with a
// .cursorrules of their own) and the mistakes they make on the way.
import { expect, test } from "vitest";
import { envelope, exo, tempRepo } from "../../helpers/repo.js";

test("exo next --owner your-name pasted from the docs claims for you, says so, and session-start finds the claim", async () => {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const next = await exo(repo, "next", "--owner", "your-name", { json: false });
  expect(next.code).toBe(0);
  // Before: `lock: owner your-name`, a lock in the placeholder's name.
  expect(next.stdout).toMatch(/lock: owner human:test@example\.invalid,\s+fencing token 1/);
  expect(next.stderr).toBe("warning: \"your-name\" is a placeholder, not a name: the claim is yours (human:test@example.invalid), as with no --owner; give --owner a teammate's or an agent's name (agent:claude) to claim for them.\n");
  expect(next.stdout).toMatch(/\nnext: exo session-start --ticket-id TICKET-001\n$/);
  // session-start with no ticket finds the claim as the actor's own.
  const start = envelope(await exo(repo, "session-start"));
  expect(start.data.ticket.id).toBe("TICKET-001");
  // Another name is still another person's claim.
  const parent = envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.parent as string;
  expect((await exo(repo, "ticket-create", "task 2", "--parent", parent, "--id", "T-2")).code).toBe(0);
  const other = envelope(await exo(repo, "next", "--owner", "alice"));
  expect(other.data.lock.owner).toBe("alice");
  expect(other.warnings).toBeUndefined();
});
