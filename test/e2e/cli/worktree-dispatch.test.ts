// A task finished in a linked worktree is in review on that worktree's branch only: the main
// checkout still reads its committed copy as todo (or active, when it was claimed from there). The
// released lock (shared by every worktree of the clone) records how the ticket ended and on which
// branch, so `exo next` and `exo ready` in the main checkout do not hand the work out again until
// that branch is merged, reopened here, or deleted.
import { readFile, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo } from "../../helpers/repo.js";

const AGENT = { env: { EXO_ACTOR: "agent:wt" } };

async function finishedInWorktree(claimFromMain: boolean) {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "first", "--id", "T1", "--priority", "1");
  await exo(repo, "ticket-create", "second", "--id", "T2", "--priority", "3");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "tickets");
  if (claimFromMain) expect(envelope(await exo(repo, "next", AGENT)).data.ticket.id).toBe("T1");
  const path = join(dirname(repo), `${basename(repo)}-T1`);
  expect(envelope(await exo(repo, "worktree-create", "--ticket-id", "T1")).ok).toBe(true);
  expect(envelope(await exo(path, "session-start", "--ticket-id", "T1", AGENT)).ok).toBe(true);
  const done = envelope(await exo(path, "session-finish", "--summary", "done", "--skip-check", "--break-glass-reason", "test", AGENT));
  expect(done.data.ticket.status).toBe("review");
  return { repo, path };
}

test.each([false, true])("a task finished in a linked worktree is not handed out again from the main checkout (claimed from main: %s)", async (claimFromMain) => {
  const { repo, path } = await finishedInWorktree(claimFromMain);
  try {
    const lock = JSON.parse(await readFile(join(repo, ".exo/locks/T1.json"), "utf8"));
    expect(lock).toMatchObject({ state: "released", ticket_status: "review", released_branch: "exo/T1" });
    const next = envelope(await exo(repo, "next", "--dry-run"));
    expect(next.data.ticket.id).toBe("T2");
    expect(next.data.reasoning.skipped).toContainEqual({ id: "T1", reason: "finished_on_branch" });
    const ready = envelope(await exo(repo, "ready"));
    expect(JSON.stringify(ready.data)).toContain("exo/T1");
    // Merging the branch brings the review status (exo's ticket merge driver joins the main
    // checkout's own edit of the ticket): the task is not todo here any more.
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "main's state");
    git(repo, "merge", "-q", "--no-edit", "exo/T1");
    const after = envelope(await exo(repo, "next", "--dry-run"));
    expect(after.data.reasoning.skipped).toContainEqual({ id: "T1", reason: "not_todo" });
  } finally {
    await rm(path, { recursive: true, force: true });
  }
});

test("once the worktree's branch is deleted unmerged, the task is handed out again", async () => {
  const { repo, path } = await finishedInWorktree(false);
  try {
    git(repo, "worktree", "remove", "--force", path);
    expect(envelope(await exo(repo, "next", "--dry-run")).data.ticket.id).toBe("T2");
    git(repo, "branch", "-D", "exo/T1");
    expect(envelope(await exo(repo, "next", "--dry-run")).data.ticket.id).toBe("T1");
  } finally {
    await rm(path, { recursive: true, force: true });
  }
});

test("a session started on it here by name is told the work waits on the unmerged branch", async () => {
  const { repo, path } = await finishedInWorktree(false);
  try {
    const start = envelope(await exo(repo, "session-start", "--ticket-id", "T1"));
    expect(start.ok).toBe(true);
    const advisory = start.data.advisories.find((a: { kind: string }) => a.kind === "ticket_branch_mismatch");
    expect(advisory).toMatchObject({ severity: "warning", details: { previous_branch: "exo/T1", ticket_status: "review" } });
    expect(advisory.message).toContain("git merge exo/T1");
  } finally {
    await rm(path, { recursive: true, force: true });
  }
});

test("an edit of another field here is no reopening; setting the status here after the finish is", async () => {
  const { repo, path } = await finishedInWorktree(true);
  try {
    expect((await exo(repo, "ticket-update", "T1", "--priority", "2")).code).toBe(0);
    expect(envelope(await exo(repo, "next", "--dry-run")).data.ticket.id).toBe("T2");
    // Claimed from here, the main checkout's copy reads active: set back to todo, it is handed out.
    expect(envelope(await exo(repo, "ticket-update", "T1", "--status", "todo")).ok).toBe(true);
    expect(envelope(await exo(repo, "next", "--dry-run")).data.ticket.id).toBe("T1");
  } finally {
    await rm(path, { recursive: true, force: true });
  }
});
