import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";

test("a crashed session recovered by a human counts for the agent that ran it (fleet-drift, metrics, dashboard)", async () => {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "t", "--id", "T1");
  const s = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--vendor", "google", "--model", "gemini-cli", { env: { EXO_ACTOR: "agent:gemini" } }));
  expect(envelope(await exo(repo, "session-cleanup", "--session-id", s.data.session.id, "--force")).ok).toBe(true);
  const fleet = envelope(await exo(repo, "fleet-drift"));
  expect(fleet.data.groups.actor.map((g: { key: string }) => g.key)).toEqual(["agent:gemini"]);
  expect(fleet.data.sessions[0]).toMatchObject({ actor: "agent:gemini", status: "crashed" });
  const metrics = envelope(await exo(repo, "metrics"));
  expect(metrics.data.actors.map((a: { actor: string }) => a.actor)).toEqual(["agent:gemini"]);
  const out = envelope(await exo(repo, "dashboard", "--out", "dash.html"));
  expect(out.data.path).toBe("dash.html");
});
