// Round 41 of hostile state and races: exo gc meeting a session whose record a crash zeroed, and
// more (see docs/hardening.md). Each case failed before its fix.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, pasted } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

test("exo gc --apply beside a session whose record a crash zeroed: its start snapshot and touched log are kept and the record is named, so after doctor --fix the next session on the ticket is charged with its work (before: gc removed them as orphans, and that work counted as pre-existing, charged to no one)", async () => {
  const repo = await repoWithTicket();
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const id = envelope(start).data.session.id as string;
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  writeFileSync(join(repo, `.exo/sessions/${id}.json`), "\0".repeat(400));
  const gc = envelope(await bounded(repo, ["gc", "--apply", "--actor", "agent:a"], 20_000));
  expect(gc.ok).toBe(true);
  expect(gc.data.categories.session_files.paths).toEqual([]);
  expect(gc.warnings?.find((w) => w.code === "SESSION_UNREADABLE")?.message).toContain(`.exo/sessions/${id}.json cannot be read`);
  expect(existsSync(join(repo, `.exo/sessions/${id}.dirty`))).toBe(true);
  pasted(repo, "exo doctor --fix --actor agent:a");
  expect(readdirSync(join(repo, ".exo/sessions")).filter((n) => n.startsWith(id) && n.endsWith(".json"))).toEqual([]);
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const finish = envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000));
  expect(finish.ok).toBe(true);
  expect(finish.data.attribution.charged).toEqual(["src/a.ts"]);
}, 120_000);
