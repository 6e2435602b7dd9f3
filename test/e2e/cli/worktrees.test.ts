import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo } from "../../helpers/repo.js";

test("worktree-create, a session inside it sharing the state root, remove refused while live", async () => {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "t", "--id", "T1");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "t");
  const created = envelope(await exo(repo, "worktree-create", "--ticket-id", "T1"));
  const path = join(dirname(repo), `${basename(repo)}-T1`);
  try {
    expect(created.data).toEqual({ path, branch: "exo/T1", ticket: "T1", next_command: `cd ${path} && exo session-start --ticket-id T1` });
    expect(envelope(await exo(repo, "worktree-create", "--ticket-id", "T1")).error?.details.issues[0].code).toBe("path_exists");
    const start = envelope(await exo(path, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:wt" } }));
    expect(start.data.session).toMatchObject({ worktree: path, branch: "exo/T1" });
    // The session is visible from the main worktree: one state root.
    const list = envelope(await exo(repo, "worktrees"));
    expect(list.data.worktrees.find((w: { path: string }) => w.path === path)).toMatchObject({ ticket: "T1", sessions: [start.data.session.id] });
    expect(envelope(await exo(repo, "worktree-remove", "--ticket-id", "T1", "--force")).error?.code).toBe("TICKET_IN_USE");
    await exo(path, "session-finish", "--summary", "done", { env: { EXO_ACTOR: "agent:wt" } });
    expect(envelope(await exo(repo, "worktree-remove", "--ticket-id", "T1", "--force")).data.removed).toBe(true);
    expect(existsSync(path)).toBe(false);
  } finally {
    await rm(path, { recursive: true, force: true });
  }
});

test("worktree-create for a branch that exists checks it out as it is, and says a --base given for it is ignored", async () => {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "t", "--id", "T1");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "t");
  git(repo, "branch", "exo/T1");
  const path = join(dirname(repo), `${basename(repo)}-T1`);
  try {
    const created = envelope(await exo(repo, "worktree-create", "--ticket-id", "T1", "--base", "nosuchref"));
    expect(created.ok, JSON.stringify(created.error)).toBe(true);
    expect(created.data).toEqual({ path, branch: "exo/T1", ticket: "T1", next_command: `cd ${path} && exo session-start --ticket-id T1` });
    const warning = created.warnings?.find((w) => w.code === "OPTION_IGNORED");
    expect(warning?.message).toContain("--base nosuchref is ignored");
  } finally {
    git(repo, "worktree", "remove", "--force", path);
    await rm(path, { recursive: true, force: true });
  }
});
