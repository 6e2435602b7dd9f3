// exo next and exo ready with the only task held under a session whose file cannot be read (a crash
// zeroed it): they warn SESSION_UNREADABLE naming the file, as exo status does, where they said
// "no task is todo" alone (hostile round 40's found, not fixed).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

test("next and ready name the session file that cannot be read when the task they do not hand out is held under it", async () => {
  const repo = await repoWithTicket();
  const id = envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).data.session.id as string;
  writeFileSync(join(repo, `.exo/sessions/${id}.json`), "\0".repeat(200));
  const wanted = { code: "SESSION_UNREADABLE", message: expect.stringContaining(`.exo/sessions/${id}.json cannot be read`) };
  const next = envelope(await bounded(repo, ["next", "--actor", "agent:b"], 15_000));
  expect(next.error?.code).toBe("NO_TICKET");
  expect(next.warnings).toEqual(expect.arrayContaining([expect.objectContaining(wanted)]));
  const ready = envelope(await bounded(repo, ["ready", "--actor", "agent:b"], 15_000));
  expect(ready.warnings).toEqual(expect.arrayContaining([expect.objectContaining(wanted)]));
  // Said once, though status lists the sessions itself and plans through the same dispatch.
  const status = envelope(await bounded(repo, ["status", "--actor", "agent:b"], 15_000));
  expect(status.warnings?.filter((w) => w.code === "SESSION_UNREADABLE")).toHaveLength(1);
}, 120_000);
