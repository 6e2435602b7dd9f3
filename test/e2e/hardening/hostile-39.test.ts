// Round 39 of hostile state and races: a session's touched log made a symlink, and more (see
// docs/hardening.md). Each case failed before its fix.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, coded, envelope, git, pasted, tempDir } from "../../helpers/repo.js";
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

/** A repository with T1 and T2, T2 finished once: its memento committed in .exo/mementos/T2/. Returns the memento's path. */
async function withT2Memento(): Promise<{ repo: string; memento: string }> {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["ticket-create", "other", "--id", "T2", "--scope-allow", "lib/**"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T2", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-finish", "--summary", "T2's own plan", "--actor", "agent:a"], 20_000)).ok).toBe(true);
  const memento = git(repo, "ls-files", "--", ".exo/mementos/T2").trim();
  expect(memento).toMatch(/\.md$/);
  return { repo, memento };
}

test("another ticket's memento copied into a ticket's folder (a copy, a sync tool): doctor's state section names it, a warning, and --fix sets the copy aside, T2's own left (before: the start passed it over and doctor passed, round 38's found, not fixed)", async () => {
  const { repo, memento } = await withT2Memento();
  const name = memento.split("/").pop() as string;
  mkdirSync(join(repo, ".exo/mementos/T1"), { recursive: true });
  cpSync(join(repo, memento), join(repo, ".exo/mementos/T1", name));
  const check = await bounded(repo, ["doctor", "--section", "state"], 20_000);
  const state = section(check, "state");
  expect(state?.status, check.stdout).toBe("warn");
  expect(state?.message).toContain(`.exo/mementos/T1/${name} is T2's memento (a copy of ${memento}) in T1's folder`);
  expect(state?.hint).toBe("exo doctor --fix");
  const fixed = await bounded(repo, ["doctor", "--fix", "--section", "state"], 20_000);
  expect(section(fixed, "state")?.status, fixed.stdout).toBe("pass");
  expect(existsSync(join(repo, ".exo/mementos/T1", name))).toBe(false);
  expect(existsSync(join(repo, memento))).toBe(true);
  expect(git(repo, "status", "--porcelain", "--", ".exo/mementos")).toBe("");
}, 120_000);

test("another ticket's memento moved into a ticket's folder and committed there: doctor's state section names it with the git mv that puts it back, and --fix leaves git's file alone (no repair that git_tracking would then undo)", async () => {
  const { repo, memento } = await withT2Memento();
  const name = memento.split("/").pop() as string;
  mkdirSync(join(repo, ".exo/mementos/T1"), { recursive: true });
  git(repo, "mv", "--", memento, `.exo/mementos/T1/${name}`);
  git(repo, "commit", "-qm", "reorganise", "--no-verify");
  const fixed = await bounded(repo, ["doctor", "--fix", "--section", "state"], 20_000);
  const state = section(fixed, "state");
  expect(state?.status, fixed.stdout).toBe("warn");
  expect(state?.fixable).toBe(false);
  expect(state?.message).toContain(`.exo/mementos/T1/${name} is T2's memento in T1's folder; the start on T1 passes it over; it is committed, so --fix leaves it: git mv -- .exo/mementos/T1/${name} ${memento} and commit`);
  expect(existsSync(join(repo, ".exo/mementos/T1", name))).toBe(true);
  git(repo, "mv", "--", `.exo/mementos/T1/${name}`, memento);
  expect(section(await bounded(repo, ["doctor", "--section", "state"], 20_000), "state")?.status).toBe("pass");
}, 120_000);

test("another ticket's memento moved by hand into a ticket's folder, not committed: doctor --fix moves it back to its own ticket's folder, so T2's start finds its previous session again (before: doctor passed, and T2's start had none)", async () => {
  const { repo, memento } = await withT2Memento();
  const name = memento.split("/").pop() as string;
  mkdirSync(join(repo, ".exo/mementos/T1"), { recursive: true });
  cpSync(join(repo, memento), join(repo, ".exo/mementos/T1", name));
  rmSync(join(repo, memento));
  const fixed = await bounded(repo, ["doctor", "--fix", "--section", "state"], 20_000);
  expect(section(fixed, "state")?.status, fixed.stdout).toBe("pass");
  expect(JSON.stringify(envelope(fixed).data.fixed)).toContain(`to ${memento}, the folder of T2, whose memento it is`);
  expect(git(repo, "status", "--porcelain", "--", ".exo/mementos")).toBe("");
  const start = await bounded(repo, ["session-start", "--ticket-id", "T2", "--actor", "agent:b"], 15_000);
  expect(envelope(start).data.bootstrap as string).toContain("T2's own plan");
}, 120_000);
