// A new user's first hours and a small team's first day, thirty-seventh pass: exo status names the
// claim with no session that this actor starts (its own first; an agent's with the --actor it
// needs), JSON `claimed` beside the human line.
import { expect, test } from "vitest";
import { envelope, exo, pasted, tempRepo } from "../../helpers/repo.js";
import { exampleWithTwoTasks } from "../../helpers/tickets.js";

test("exo status with an agent's claim and your own, neither started: the next line names your own, and with the agent's alone, the line with --actor agent:claude, which pasted starts the agent's session (JSON claimed); before: the first claim, whoever's, without --actor, so pasted it started your session on the agent's claim", async () => {
  const repo = await exampleWithTwoTasks();
  expect((await exo(repo, "next", "--owner", "agent:claude")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  const both = envelope(await exo(repo, "status"));
  expect(both.data.claimed).toEqual({ ticket: "TICKET-002", owner: "human:test@example.invalid", next_command: "exo session-start --ticket-id TICKET-002" });
  const text = await exo(repo, "status", { json: false, env: { COLUMNS: "80" } });
  expect(text.stdout).toContain("next        nothing ready; TICKET-002 is claimed with no session:\n              exo session-start --ticket-id TICKET-002\n");
  // The agent's claim alone (the quick start's one task): the line starts it as the agent.
  const solo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(solo, "install", "--example")).code).toBe(0);
  expect((await exo(solo, "next", "--owner", "agent:claude")).code).toBe(0);
  const agents = envelope(await exo(solo, "status"));
  expect(agents.data.claimed).toEqual({ ticket: "TICKET-001", owner: "agent:claude", next_command: "exo session-start --ticket-id TICKET-001 --actor agent:claude" });
  const narrow = await exo(solo, "status", { json: false, env: { COLUMNS: "80" } });
  expect(narrow.stdout).toContain("next        nothing ready; TICKET-001 is claimed with no session:\n              exo session-start --ticket-id TICKET-001 --actor agent:claude\n");
  pasted(solo, agents.data.claimed.next_command as string);
  const started = envelope(await exo(solo, "status"));
  expect(started.data.sessions).toEqual([expect.objectContaining({ actor: "agent:claude", ticket: "TICKET-001" })]);
  // Another agent is not sent to start agent:claude's claim.
  expect(envelope(await exo(repo, "status", { env: { EXO_ACTOR: "agent:codex" } })).data.claimed).toEqual(expect.objectContaining({ ticket: "TICKET-002" }));
}, 90_000);
