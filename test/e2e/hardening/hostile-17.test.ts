// Round 17: git moving under a live session (reset, checkout of an older commit, stash), a team of
// clones, paths with spaces and non-ASCII letters.
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, git, initRepo } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";

const A = { env: { EXO_ACTOR: "agent:a" } };

const sessionFile = (repo: string, id: string) => JSON.parse(readFileSync(join(repo, ".exo/sessions", `${id}.json`), "utf8")) as { status: string };
const section = (run: { stdout: string }, name: string) => envelope(run as never).data.sections.find((s: { name: string }) => s.name === name);

test("a git reset --hard that takes away the ticket a live session works on: finish, suspend and cleanup say so and write nothing; doctor names it, --fix restores it from git and the session finishes", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "I1", kind: "intent" }]);
  await commitTickets(repo, [{ id: "T5", parent: "I1" }], "ticket T5");
  const made = git(repo, "rev-parse", "HEAD").trim();
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T5", A));
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  const id = started.data.session.id as string;
  await writeFile(join(repo, "work.txt"), "work\n");
  git(repo, "reset", "-q", "--hard", "HEAD~1");
  expect(existsSync(join(repo, ".exo/tickets/T5.yaml"))).toBe(false);
  const lock = readFileSync(join(repo, ".exo/locks/T5.json"), "utf8");
  // Before: "No ticket T5; list tickets with exo tickets." from all three, and suspend had
  // already marked the session suspended (with its lock still held) when it failed.
  for (const args of [["session-suspend", "--reason", "x"], ["session-finish", "--summary", "x"], ["session-cleanup", "--session-id", id, "--force"], ["session-handoff", "--to", "agent:b", "--summary", "x"]]) {
    const r = coded(await exo(repo, ...args, A), "TICKET_NOT_FOUND", 2);
    expect(r.error?.message, args[0]).toBe(`Ticket T5 of session ${id} is gone from the work tree (a git reset, checkout or stash took .exo/tickets/T5.yaml away; commit ${made.slice(0, 12)} has it); run exo doctor --fix to restore it.`);
    expect(r.error?.hint).toBe("exo doctor --fix --section sessions");
    expect(sessionFile(repo, id).status).toBe("active");
    expect(readFileSync(join(repo, ".exo/locks/T5.json"), "utf8")).toBe(lock);
  }
  const report = section(await exo(repo, "doctor", "--section", "sessions", A), "sessions");
  expect(report).toMatchObject({ status: "warn", fixable: true, hint: "exo doctor --fix --section sessions" });
  expect(report.message).toBe(`session ${id} works on T5, whose .exo/tickets/T5.yaml is gone from the work tree (commit ${made.slice(0, 12)} has it)`);
  expect(report.details.tickets_gone).toEqual([{ session: id, ticket: "T5", commit: made }]);
  const fix = envelope(await exo(repo, "doctor", "--fix", "--section", "sessions", A));
  expect(fix.data.fixed).toContainEqual({ section: "sessions", action: `restored .exo/tickets/T5.yaml from commit ${made.slice(0, 12)} (status active, as session ${id} works on it)` });
  expect(section(await exo(repo, "doctor", A), "integrity").status).toBe("pass");
  const done = envelope(await exo(repo, "session-finish", "--summary", "done", A));
  expect(done.ok, JSON.stringify(done.error)).toBe(true);
  expect(done.data.ticket).toEqual({ id: "T5", status: "review" });
});
