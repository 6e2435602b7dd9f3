// Black-box checks from the round-18 audit: §13's scenarios run as written, then the §6 commands
// with the fewest tests (flags from the CLI and MCP, data, §10 codes, exit codes, ledger events).
// Each test fails on the behaviour before its fix.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

const as = (actor: string) => ({ env: { EXO_ACTOR: actor } });

test("§7.13 resume binds the lock its session kept at suspend, even when someone else claimed it for the agent (next --owner alice, then agent:claude works): same token, no LOCK_HELD", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "signup form", "--id", "T1"));
  expect(envelope(await exo(repo, "next", "--owner", "alice")).data.lock.fencing_token).toBe(1);
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T1", as("agent:claude")));
  expect(started.data.lock.owner).toBe("alice");
  const suspended = await exo(repo, "session-suspend", "--reason", "lunch", "--keep-lock", as("agent:claude"));
  expect(envelope(suspended).data.lock_released).toBe(false);
  const resumed = await exo(repo, "session-resume", as("agent:claude"));
  expect(resumed.code, resumed.stdout).toBe(0);
  const data = envelope(resumed).data;
  expect(data.resumed).toBe(true);
  expect(data.ticket.status).toBe("active");
  expect(data.lock).toMatchObject({ owner: "alice", session: started.data.session.id, fencing_token: 1, state: "held" });
  expect(data.session.fencing_token).toBe(1);
  const lock = JSON.parse(await readFile(join(repo, ".exo/locks/T1.json"), "utf8"));
  expect(lock).toMatchObject({ session: started.data.session.id, fencing_token: 1 });
});

test("§6.1 sidecar-init: an unusable --branch or --remote is INVALID_INPUT naming that flag, before anything is read (was DIRTY_WORKTREE first, the issue path always remote), from the CLI and MCP", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "dirty the ledger", "--id", "T1"));
  const branch = await exo(repo, "sidecar-init", "--branch", "HEAD", "--no-fetch");
  expect(branch.code).toBe(2);
  expect(envelope(branch).error).toMatchObject({ code: "INVALID_INPUT", details: { issues: [{ path: "branch", code: "unsafe_value" }] } });
  expect(envelope(branch).error?.message).toMatch(/^--branch "HEAD" /);
  const remote = await exo(repo, "sidecar-init", "--remote", "-x");
  expect(remote.code).toBe(2);
  expect(envelope(remote).error).toMatchObject({ code: "INVALID_INPUT", details: { issues: [{ path: "remote", code: "unsafe_value" }] } });
  const client = await mcpClient(repo);
  const viaMcp = structured(await client.callTool({ name: "exo_sidecar_init", arguments: { branch: "bad..name" } }));
  expect(viaMcp.error?.code).toBe("INVALID_INPUT");
  expect(git(repo, "branch", "--list").trim()).toBe("* main");
});
