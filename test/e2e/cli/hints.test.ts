// Hints that lead somewhere real in the states new users hit first.
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, tempRepo } from "../../helpers/repo.js";
import { writeTickets } from "../../helpers/tickets.js";
import { parse } from "shell-quote";

/** A hint's command line as argv after `exo`, every `<placeholder>` filled with plain words. */
function hintArgs(line: string): string[] {
  const words = parse(line).map((w) => String(w).replace(/^<.*>$/, "filled in"));
  expect(words[0]).toBe("exo");
  return words.slice(1);
}

test("NO_TICKET: an empty repo is told to create work; an intent without tasks, to add a task under it", async () => {
  const repo = await initRepo();
  const empty = envelope(await exo(repo, "next", "--owner", "me"));
  expect(empty.error?.code).toBe("NO_TICKET");
  expect(empty.error?.hint).toBe('exo intent-create "<what you want>" --brain-dump "<why, in a sentence>" --scope-allow "src/**"');
  expect(empty.error?.message).toContain("there are no tickets yet (exo install --example adds a starter ticket)");
  // The hint runs as printed, placeholders filled in.
  const created = envelope(await exo(repo, ...hintArgs(empty.error?.hint as string)));
  expect(created.ok).toBe(true);
  const intent = created.data.ticket.id as string;
  const noTasks = envelope(await exo(repo, "next", "--owner", "me"));
  expect(noTasks.error?.hint).toBe(`exo ticket-create "<what to do>" --parent ${intent}`);
  // Following that hint makes next work.
  expect(envelope(await exo(repo, ...hintArgs(noTasks.error?.hint as string))).ok).toBe(true);
  expect(envelope(await exo(repo, "next", "--owner", "me")).ok).toBe(true);
});

test("NO_ACTIVE_SESSION on resume names the suspended session and its actor; a code without a site hint gets the table's", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--actor", "agent:claude"));
  const id = start.data.session.id as string;
  expect(envelope(await exo(repo, "session-suspend", "--reason", "lunch", "--actor", "agent:claude")).ok).toBe(true);
  const resume = envelope(await exo(repo, "session-resume"));
  expect(resume.error).toMatchObject({ code: "NO_ACTIVE_SESSION", hint: `exo session-resume --session-id ${id} --actor agent:claude` });
  expect(envelope(await exo(repo, "session-resume", "--session-id", id, "--actor", "agent:claude")).ok).toBe(true);
  const parent = envelope(await exo(repo, "ticket-create", "x", "--parent", "T1"));
  // The parent meant (T1's own) is the hint now; before, the table's `exo intents`.
  expect(parent.error).toMatchObject({ code: "INVALID_PARENT", hint: "exo --format json ticket-create x --parent INT-1" });
});

test("a clone of a sidecar repository is told to run sidecar-init, not install", async () => {
  const repo = await tempRepo({ ".gitignore": "/.exo/\n" });
  git(repo, "branch", "exo-governance");
  const run = envelope(await exo(repo, "status"));
  expect(run.error).toMatchObject({ code: "NOT_INITIALIZED", hint: "exo sidecar-init" });
  const plain = await tempRepo();
  expect(envelope(await exo(plain, "status")).error).toMatchObject({ code: "NOT_INITIALIZED", hint: "exo install" });
});
