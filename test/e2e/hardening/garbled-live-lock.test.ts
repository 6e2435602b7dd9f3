// A live session's lock file garbled (a crash mid-write on a file system without atomic rename, a
// hand edit): doctor --fix sets it aside and rebuilds it as the session's held lock, and the
// session finishes as if nothing happened. Before, the lock was rebuilt as released and the same
// --fix then recovered the live session as crashed: the agent's session was gone.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, tempRepo } from "../../helpers/repo.js";

test("doctor --fix rebuilds a live session's garbled lock as held by that session, which then finishes", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001"));
  expect(start.ok).toBe(true);
  await writeFile(join(repo, ".exo/locks/TICKET-001.json"), "{garbled");
  const fixed = envelope(await exo(repo, "doctor", "--fix"));
  expect(JSON.stringify(fixed.data.fixed)).toContain(`rebuilt the lock of TICKET-001 as held by its open session ${start.data.session.id}`);
  expect(JSON.stringify(fixed.data.fixed)).not.toContain("crashed");
  const lock = JSON.parse(await readFile(join(repo, ".exo/locks/TICKET-001.json"), "utf8"));
  expect(lock).toMatchObject({ state: "held", session: start.data.session.id, fencing_token: start.data.session.fencing_token });
  const finish = envelope(await exo(repo, "session-finish", "--summary", "done"));
  expect(finish.ok, JSON.stringify(finish.error)).toBe(true);
  expect(finish.data).toMatchObject({ session: start.data.session.id, outcome: "finished", lock_released: true });
  expect(finish.warnings ?? []).toEqual([]);
});
