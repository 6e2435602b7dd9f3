import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { expect, test } from "vitest";
import { decision } from "../../helpers/hooks.js";
import { envelope, exo, git, initRepo, runNode } from "../../helpers/repo.js";

test("worktree-create, a session inside it sharing the state root, remove refused while live", async () => {
  const repo = await initRepo();
  await exo(repo, "ticket-create", "t", "--id", "T1");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "t");
  const created = envelope(await exo(repo, "worktree-create", "--ticket-id", "T1"));
  const path = join(dirname(repo), `${basename(repo)}-T1`);
  try {
    expect(created.data).toEqual({ path, branch: "exo/T1", ticket: "T1", next_command: `cd ${path} && exo session-start --ticket-id T1` });
    // Made again at the same path: the worktree that holds the branch is named, not "pick another --path".
    expect(envelope(await exo(repo, "worktree-create", "--ticket-id", "T1")).error?.details.issues[0].code).toBe("branch_checked_out");
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

test("a linked worktree whose .git names its git dir by a relative path (git 2.48+ worktree.useRelativePaths) is governed from any folder in it", async () => {
  const repo = await initRepo();
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  const path = join(dirname(repo), `${basename(repo)}-rel`);
  try {
    git(repo, "worktree", "add", "-q", path, "-b", "rel");
    await writeFile(join(path, ".git"), `gitdir: ../${basename(repo)}/.git/worktrees/${basename(path)}\n`);
    expect(git(path, "rev-parse", "--abbrev-ref", "HEAD").trim()).toBe("rel");
    expect(envelope(await exo(path, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:wt" } })).ok).toBe(true);
    await mkdir(join(path, "src"), { recursive: true });
    // The hook runs in a subfolder: the relative path is the .git file's, not the process's (before,
    // the state folder was looked for below the subfolder, no session was found, and the write
    // passed). The launcher finds exo through the record session-start left in the worktree's own
    // .exo/cache (before, a worktree made with git worktree add had none: "exo is not installed").
    const payload = (file: string) => JSON.stringify({ session_id: "s1", cwd: join(path, "src"), hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(path, file), content: "x" } });
    const run = (file: string) => runNode(join(path, ".exo/bin/exo-hook.mjs"), ["claude", "PreToolUse"], join(path, "src"), { input: payload(file), env: { EXO_ACTOR: "agent:wt" } });
    expect(decision(await run("docs/out.md"))).toMatchObject({ decision: "deny", reason: expect.stringContaining("outside the scope of T1") });
    expect(decision(await run("src/in.ts"))).toBeNull();
    await exo(path, "session-finish", "--summary", "done", { env: { EXO_ACTOR: "agent:wt" } });
    // A worktree made later with plain git worktree add (as Cursor's and Codex's parallel agents
    // make them) gets the record at the next session-start anywhere, so a hook there finds exo
    // before any session exists in it (before: "exo governs this repository but is not installed").
    const later = join(dirname(repo), `${basename(repo)}-later`);
    git(repo, "worktree", "add", "-q", later, "-b", "later");
    try {
      await exo(repo, "ticket-create", "t2", "--id", "T2");
      expect(envelope(await exo(repo, "session-start", "--ticket-id", "T2", { env: { EXO_ACTOR: "agent:main" } })).ok).toBe(true);
      expect(existsSync(join(later, ".exo/cache/hook-bundle.json"))).toBe(true);
      const input = JSON.stringify({ session_id: "s2", cwd: later, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(later, "src/x.ts"), content: "x" } });
      const ran = await runNode(join(later, ".exo/bin/exo-hook.mjs"), ["claude", "PreToolUse"], later, { input, env: { EXO_ACTOR: "agent:other" } });
      expect(ran.stdout + ran.stderr).not.toContain("not installed");
    } finally {
      git(repo, "worktree", "remove", "--force", later);
    }
  } finally {
    git(repo, "worktree", "remove", "--force", path);
    await rm(path, { recursive: true, force: true });
  }
});
