// The sender of a handoff asks exo next: the task it handed on waits for its receiver, which the
// answer says, as exo alone and exo ready do. Before: "no task is todo" and a ticket-create hint.
import { expect, test } from "vitest";
import { envelope, exo, tempRepo } from "../../helpers/repo.js";

test("after session-handoff --to agent:codex, the sender's exo next names the handed task and its receiver's start", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  expect(envelope(await exo(repo, "session-handoff", "--to", "agent:codex", "--summary", "half")).ok).toBe(true);
  const next = envelope(await exo(repo, "next"));
  expect(next.error?.code).toBe("NO_TICKET");
  expect(next.error?.message).toContain("TICKET-001 was handed to agent:codex and waits for its session-start");
  expect(next.error?.hint).toBe("EXO_ACTOR=agent:codex exo session-start --ticket-id TICKET-001");
  // The receiver itself is handed the task by exo next.
  expect(envelope(await exo(repo, "next", "--dry-run", { env: { EXO_ACTOR: "agent:codex" } })).data.ticket.id).toBe("TICKET-001");
});
