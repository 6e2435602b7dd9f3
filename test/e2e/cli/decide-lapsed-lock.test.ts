// exo decide answers as the hook does for a session whose lock lapsed: the hook takes an expired
// lock of its active session back before deciding (SPEC §7.14, §7.2 step 9), so decide says the
// write passes (with a warning) where it said LOCK_REQUIRED, and writes nothing itself.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";

test("exo decide on an expired lock of an active session: allowed, as the hook would (which revives it first); a lock a person released: LOCK_REQUIRED", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**"));
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--ttl-hours", "1", { env: { EXO_ACTOR: "agent:claude", EXO_NOW: "2026-11-24T09:00:00.000Z" } }));
  const sid = start.data.session.id as string;
  const lockFile = join(repo, ".exo/locks/T1.json");
  const before = await readFile(lockFile, "utf8");
  const late = { env: { EXO_ACTOR: "agent:claude", EXO_NOW: "2026-11-24T11:00:00.000Z" } };
  const out = await exo(repo, "decide", "--path", "src/a.ts", "--session-id", sid, late);
  expect(out.code, out.stdout + out.stderr).toBe(0);
  const env = JSON.parse(out.stdout);
  expect(env.data).toMatchObject({ decision: "allow", code: null, session: sid });
  expect(env.warnings).toEqual([expect.objectContaining({ code: "LOCK_EXPIRED_DURING_SESSION", message: expect.stringMatching(/takes it back/) })]);
  // A question, not the revival: the lock file is as it was.
  expect(await readFile(lockFile, "utf8")).toBe(before);
  // Out of scope stays out of scope: the revival changes only the lock's answer.
  expect(JSON.parse((await exo(repo, "decide", "--path", "docs/x.md", "--session-id", sid, late)).stdout).data.code).toBe("OUT_OF_SCOPE");
  // Released by a person: the hook leaves it, and so does decide.
  envelope(await exo(repo, "lease-release", "--ticket-id", "T1", "--force", { env: { EXO_ACTOR: "human", EXO_NOW: "2026-11-24T09:30:00.000Z" } }));
  const released = JSON.parse((await exo(repo, "decide", "--path", "src/a.ts", "--session-id", sid, late)).stdout);
  expect(released.data).toMatchObject({ decision: "deny", code: "LOCK_REQUIRED" });
  expect(released.warnings ?? []).toEqual([]);
});
