// Round 39 of hostile state and races: a session's touched log made a symlink, and more (see
// docs/hardening.md). Each case failed before its fix.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, coded, envelope, pasted, tempDir } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

type Section = { name: string; status: string; message: string; hint: string | null; fixable: boolean; details: Record<string, unknown> };
const section = (run: { stdout: string }, name: string) => (envelope(run as never).data.sections as Section[]).find((s) => s.name === name);

test("a session's touched log made a symlink to a file outside the repository (by hand, a sync tool): the finish refuses it, STATE_CORRUPT, doctor's state section names the link, and --fix sets it aside (its target left alone), so the finish charges the session's work (before: exo read the files the session wrote through the link, and doctor passed)", async () => {
  const repo = await repoWithTicket();
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  const id = envelope(start).data.session.id as string;
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const outside = join(await tempDir(), "touched");
  const forged = "lib/other.ts\twrite\t2026-01-01T00:00:00.000Z\n";
  writeFileSync(outside, forged);
  const touched = join(repo, `.exo/sessions/${id}.touched`);
  rmSync(touched, { force: true });
  symlinkSync(outside, touched);
  const check = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  expect(section(check, "state")?.message, check.stdout).toContain(`${id}.touched (the touched log cannot be read: a symlink to ${outside}`);
  const refused = coded(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000), "STATE_CORRUPT");
  expect(refused.error?.message).toContain(`the touched log of ${id}, cannot be read (a symlink to ${outside}`);
  expect(refused.error?.hint).toBe("exo doctor --fix --section state --actor agent:a");
  pasted(repo, refused.error?.hint ?? "false");
  expect(existsSync(touched)).toBe(false);
  expect(readFileSync(outside, "utf8")).toBe(forged);
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(envelope(finish).data.attribution.charged).toEqual(["src/a.ts"]);
}, 120_000);
