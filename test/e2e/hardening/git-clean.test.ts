// `git clean -fdX` deletes .exo/locks and .exo/cache (both ignored) with every record of the
// remote leases this clone holds; doctor finds them on the remote by this clone's id and host.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, git } from "../../helpers/repo.js";
import { locksSection, team, type Clone } from "../../helpers/team.js";

test("after git clean -fdX, doctor names the remote lease this clone still holds (not another clone's), and --fix releases it for the team", async () => {
  const { clones } = await team([{ id: "T1", priority: 1 }, { id: "T2", priority: 2 }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  const A = { env: { EXO_ACTOR: "agent:a" } };
  const B = { env: { EXO_ACTOR: "agent:b" } };
  expect(envelope(await a.run("next", "--owner", "agent:a", "--distributed", A)).data.ticket.id).toBe("T1");
  expect(envelope(await b.run("next", "--owner", "agent:b", "--distributed", B)).data.ticket.id).toBe("T2");
  git(a.dir, "clean", "-q", "-fdX");
  expect(existsSync(join(a.dir, ".exo/locks"))).toBe(false);

  const seen = await a.run("doctor", "--section", "locks", A);
  const section = locksSection(seen);
  expect(section.status).toBe("warn");
  expect(section.details.orphaned_leases.map((l: { ticket: string }) => l.ticket)).toEqual(["T1"]);
  expect(section.hint).toBe("exo doctor --fix --section locks");

  const fixed = envelope(await a.run("doctor", "--fix", "--section", "locks", A));
  expect(JSON.stringify(fixed.data.fixed)).toMatch(/released 1 remote lease.*T1/);
  // T1 is free for the team again; b's own lease on T2 was never touched.
  const taken = envelope(await b.run("session-start", "--ticket-id", "T1", "--distributed", { env: { EXO_ACTOR: "agent:c" } }));
  expect(taken.ok).toBe(true);
  expect(locksSection(await a.run("doctor", "--section", "locks", A)).status).toBe("pass");
  expect(envelope(await b.run("session-start", "--ticket-id", "T2", "--distributed", B)).ok).toBe(true);
});
