// exo install run again from inside the quick start's session: the next step is to finish that
// session. Before, it said to create an intent and a TICKET-002 and start a session on it.
import { expect, test } from "vitest";
import { envelope, exo, tempRepo } from "../../helpers/repo.js";

test("install --example again while the starter ticket's session is open: the first next step finishes it", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001"));
  const again = envelope(await exo(repo, "install", "--example"));
  expect(again.ok, JSON.stringify(again.error)).toBe(true);
  expect(again.data.next_steps[0]).toBe(`Finish your open session ${start.data.session.id} on TICKET-001: exo session-finish --summary "what you did"`);
  expect(again.data.next_steps.join("\n")).not.toContain("intent-create");
});
