// Issue #19 item 8: finish charges a session only with the files it changed — not files dirty
// before it started, not another agent's files in a shared checkout — and hook records carry the
// bound session's actor.
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, writeFiles } from "../../helpers/repo.js";
import { decision, hook } from "../../helpers/hooks.js";

const A = { EXO_ACTOR: "agent:alpha" };
const B = { EXO_ACTOR: "agent:beta" };

interface Finished {
  changed_files: { path: string }[];
  drift: { changed: number; out_of_scope: string[] };
  attribution: { charged: string[]; excluded_preexisting: string[]; excluded_other_sessions: { path: string; session: string; actor: string }[] };
  memento_path: string;
}

const paths = (f: Finished) => f.changed_files.map((x) => x.path);

async function ledger(repo: string, type: string): Promise<{ actor: string; session: string | null; data: Record<string, unknown> }[]> {
  return envelope(await exo(repo, "ledger-show", "--type", type, "--all")).data.records;
}

test("a file dirty before the start and untouched is not charged; once modified in the session it is", async () => {
  const repo = await initRepo({ "src/app.ts": "app\n", "notes/todo.md": "todo\n", "old.txt": "old\n" });
  await exo(repo, "ticket-create", "app", "--id", "T1", "--scope-allow", "src/**");
  await exo(repo, "ticket-create", "more", "--id", "T2", "--scope-allow", "src/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "tickets");
  // Someone's work in progress, before any session: a modified file, an untracked one, a deletion.
  await writeFiles(repo, { "notes/todo.md": "todo\nhalf-written\n", "scratch.txt": "scratch\n" });
  await rm(join(repo, "old.txt"));

  const s1 = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: A }));
  expect(s1.ok).toBe(true);
  await writeFiles(repo, { "src/feature.ts": "feature\n" });
  const f1 = envelope(await exo(repo, "session-finish", "--summary", "feature", { env: A })).data as Finished;
  expect(paths(f1)).toEqual(["src/feature.ts"]);
  expect(f1.drift).toMatchObject({ changed: 1, out_of_scope: [] });
  expect(f1.attribution.charged).toEqual(["src/feature.ts"]);
  expect(f1.attribution.excluded_preexisting).toEqual(["notes/todo.md", "old.txt", "scratch.txt"]);
  const memento = await readFile(join(repo, f1.memento_path), "utf8");
  expect(memento).toMatch(/excluded_files:\n {2}preexisting:\n {4}- notes\/todo.md\n {4}- old.txt\n {4}- scratch.txt/);
  const closed = (await ledger(repo, "session.finished")).at(-1);
  expect(closed?.data).toMatchObject({ changed_files: ["src/feature.ts"], session_actor: "agent:alpha", excluded_files: { preexisting: 3, other_sessions: 0 } });

  // The next session starts with these files and src/feature.ts dirty, then edits todo.md.
  envelope(await exo(repo, "session-start", "--ticket-id", "T2", { env: A }));
  await writeFiles(repo, { "notes/todo.md": "todo\nfinished\n" });
  const human = await exo(repo, "session-finish", "--summary", "todo", { env: A, json: false });
  expect(human.stdout).toMatch(/not counted: 3 pre-existing files\n/);
  const f2 = envelope(await exo(repo, "ledger-show", "--type", "session.finished", "--all")).data.records.at(-1);
  expect(f2.data.changed_files).toEqual(["notes/todo.md"]);
  expect(f2.data.drift.out_of_scope).toEqual(["notes/todo.md"]);
});

test("two agents in one checkout with interleaved writes: each finish counts only its own files", async () => {
  const repo = await initRepo({ "src/a/base.ts": "a\n", "src/b/base.ts": "b\n", "README.md": "r\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  await exo(repo, "ticket-create", "alpha work", "--id", "TA", "--scope-allow", "src/a/**");
  await exo(repo, "ticket-create", "beta work", "--id", "TB", "--scope-allow", "src/b/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  const sa = envelope(await exo(repo, "session-start", "--ticket-id", "TA", "--agent-session-id", "conv-a", { env: A })).data.session.id as string;
  const sb = envelope(await exo(repo, "session-start", "--ticket-id", "TB", "--agent-session-id", "conv-b", { env: B })).data.session.id as string;

  // Each write goes through the harness hook first (as Claude Code does), then lands on disk.
  const write = async (conv: string, env: Record<string, string>, rel: string, text: string) => {
    const payload = JSON.stringify({ session_id: conv, cwd: repo, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(repo, rel), content: text } });
    const run = await hook(repo, "claude", "PreToolUse", payload, env);
    expect(run.code).toBe(0);
    expect(decision(run), `${rel} should be allowed`).toBeNull();
    await writeFiles(repo, { [rel]: text });
  };
  const shell = async (conv: string, env: Record<string, string>, command: string, effect: Record<string, string>) => {
    const run = await hook(repo, "claude", "PreToolUse", JSON.stringify({ session_id: conv, cwd: repo, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command } }), env);
    expect(decision(run)).toBeNull();
    await writeFiles(repo, effect);
  };
  await write("conv-a", A, "src/a/one.ts", "1\n");
  await write("conv-b", B, "src/b/one.ts", "1\n");
  await write("conv-a", A, "src/a/base.ts", "a2\n");
  await write("conv-b", B, "src/b/base.ts", "b2\n");
  await shell("conv-b", B, "echo two > src/b/two.ts", { "src/b/two.ts": "two\n" });
  await write("conv-a", A, "src/a/two.ts", "2\n");
  // An out-of-scope attempt by B is denied and recorded with B's actor and session.
  const denied = await hook(repo, "claude", "PreToolUse", JSON.stringify({ session_id: "conv-b", cwd: repo, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(repo, "README.md"), content: "x" } }), {});
  expect(decision(denied)?.decision).toBe("deny");

  const fa = envelope(await exo(repo, "session-finish", "--summary", "alpha", { env: A })).data as Finished;
  expect(paths(fa)).toEqual(["src/a/base.ts", "src/a/one.ts", "src/a/two.ts"]);
  expect(fa.drift).toMatchObject({ changed: 3, out_of_scope: [] });
  expect(fa.attribution.excluded_other_sessions.map((o) => [o.path, o.session, o.actor])).toEqual([
    ["src/b/base.ts", sb, "agent:beta"],
    ["src/b/one.ts", sb, "agent:beta"],
    ["src/b/two.ts", sb, "agent:beta"],
  ]);
  // After A closed, B runs a build through Bash; the PostToolUse backstop compares the working
  // tree and records what the call changed for B, never A's files left in the checkout.
  await shell("conv-b", B, "make gen", { "src/b/gen.ts": "generated\n" });
  const post = await hook(repo, "claude", "PostToolUse", JSON.stringify({ session_id: "conv-b", cwd: repo, hook_event_name: "PostToolUse", tool_name: "Bash", tool_input: { command: "make gen" }, tool_response: {} }), B);
  expect(post.code).toBe(0);
  const touchedB = await readFile(join(repo, ".exo/sessions", `${sb}.touched`), "utf8");
  expect(touchedB).toContain("src/b/gen.ts\t");
  expect(touchedB).not.toContain("src/a/");
  // B finishes after A: A's files are still uncommitted in the checkout, and still not B's.
  const fb = envelope(await exo(repo, "session-finish", "--summary", "beta", { env: B })).data as Finished;
  expect(paths(fb)).toEqual(["src/b/base.ts", "src/b/gen.ts", "src/b/one.ts", "src/b/two.ts"]);
  expect(fb.drift).toMatchObject({ changed: 4, out_of_scope: [] });
  expect(fb.attribution.excluded_other_sessions.map((o) => [o.path, o.session])).toEqual([
    ["src/a/base.ts", sa],
    ["src/a/one.ts", sa],
    ["src/a/two.ts", sa],
  ]);

  const finished = await ledger(repo, "session.finished");
  expect(finished.map((r) => [r.session, r.actor, r.data["changed_files"]])).toEqual([
    [sa, "agent:alpha", ["src/a/base.ts", "src/a/one.ts", "src/a/two.ts"]],
    [sb, "agent:beta", ["src/b/base.ts", "src/b/gen.ts", "src/b/one.ts", "src/b/two.ts"]],
  ]);
  // (c) The denial carries the bound session's actor, not a default from the harness name.
  const denials = await ledger(repo, "hook.denied");
  expect(denials.map((r) => [r.actor, r.session, r.data["path"]])).toEqual([["agent:beta", sb, "README.md"]]);
  const fleet = envelope(await exo(repo, "fleet-drift")).data;
  expect(fleet.groups.actor.map((g: { key: string; sessions: number }) => [g.key, g.sessions]).sort()).toEqual([["agent:alpha", 1], ["agent:beta", 1]]);
});

test("a file both agents touched is charged to both, also after the first one closed", async () => {
  const repo = await initRepo({ "src/shared.ts": "s\n", "src/a/x.ts": "x\n", "src/b/y.ts": "y\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  await exo(repo, "ticket-create", "alpha", "--id", "TA", "--scope-allow", "src/a/**", "--scope-allow", "src/shared.ts");
  await exo(repo, "ticket-create", "beta", "--id", "TB", "--scope-allow", "src/b/**", "--scope-allow", "src/shared.ts");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  envelope(await exo(repo, "session-start", "--ticket-id", "TA", { env: A }));
  envelope(await exo(repo, "session-start", "--ticket-id", "TB", { env: B }));
  const write = async (env: Record<string, string>, rel: string, text: string) => {
    const run = await hook(repo, "claude", "PreToolUse", JSON.stringify({ cwd: repo, tool_name: "Edit", tool_input: { file_path: join(repo, rel), old_string: "", new_string: text } }), env);
    expect(decision(run)).toBeNull();
    await writeFiles(repo, { [rel]: text });
  };
  await write(A, "src/shared.ts", "s+a\n");
  await write(B, "src/shared.ts", "s+a+b\n");
  await write(B, "src/b/y.ts", "y2\n");
  const fa = envelope(await exo(repo, "session-finish", "--summary", "a", { env: A })).data as Finished;
  expect(paths(fa)).toEqual(["src/shared.ts"]);
  // B edits y.ts again after A closed; and A's closed claim on shared.ts does not hide B's own edit.
  await write(B, "src/b/y.ts", "y3\n");
  const fb = envelope(await exo(repo, "session-finish", "--summary", "b", { env: B })).data as Finished;
  expect(paths(fb)).toEqual(["src/b/y.ts", "src/shared.ts"]);
});

test("a session started before snapshots existed still finishes (no start snapshot file)", async () => {
  const repo = await initRepo({ "src/app.ts": "app\n" });
  await exo(repo, "ticket-create", "app", "--id", "T1", "--scope-allow", "src/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "t");
  const s = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: A })).data.session.id as string;
  await rm(join(repo, ".exo/sessions", `${s}.dirty`));
  await writeFiles(repo, { "src/new.ts": "n\n" });
  const f = envelope(await exo(repo, "session-finish", "--summary", "x", { env: A }));
  expect(f.ok).toBe(true);
  expect(paths(f.data as Finished)).toEqual(["src/new.ts"]);
});

test("a crashed session recovered by someone else keeps its actor and only its own files", async () => {
  const repo = await initRepo({ "src/app.ts": "app\n", "notes.md": "n\n" });
  await exo(repo, "ticket-create", "app", "--id", "T1", "--scope-allow", "src/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "t");
  await writeFiles(repo, { "notes.md": "n\nlocal edit\n" });
  const s = envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:gamma" } })).data.session.id as string;
  await writeFiles(repo, { "src/app.ts": "app v2\n" });
  expect(envelope(await exo(repo, "session-cleanup", "--session-id", s, "--force", { env: { EXO_ACTOR: "human:ops" } })).ok).toBe(true);
  const crashed = (await ledger(repo, "session.crashed")).at(-1);
  expect(crashed).toMatchObject({ actor: "human:ops", session: s, data: { session_actor: "agent:gamma", recovered_by: "human:ops", changed_files: ["src/app.ts"], excluded_files: { preexisting: 1, other_sessions: 0 } } });
  const metrics = envelope(await exo(repo, "metrics")).data;
  expect(metrics.actors.map((a: { actor: string }) => a.actor)).toEqual(["agent:gamma"]);
});

test("files someone else changed while the session was suspended are not charged; its own work from before stays charged", async () => {
  const repo = await initRepo({ "src/app.ts": "app\n", "notes.md": "n\n" });
  await exo(repo, "ticket-create", "app", "--id", "T1", "--scope-allow", "src/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "t");
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: A }));
  await writeFiles(repo, { "src/before.ts": "mine\n" });
  expect(envelope(await exo(repo, "session-suspend", "--reason", "lunch", { env: A })).ok).toBe(true);
  await writeFiles(repo, { "notes.md": "n\nedited while away\n", "other.txt": "someone's\n" });
  expect(envelope(await exo(repo, "session-resume", { env: A })).ok).toBe(true);
  await writeFiles(repo, { "src/after.ts": "mine too\n" });
  const f = envelope(await exo(repo, "session-finish", "--summary", "x", { env: A })).data as Finished;
  expect(paths(f)).toEqual(["src/after.ts", "src/before.ts"]);
  expect(f.attribution.excluded_preexisting).toEqual(["notes.md", "other.txt"]);
});

test("an untagged commit on the shared branch is charged to the session whose hooks recorded its files", async () => {
  const repo = await initRepo({ "src/a/base.ts": "a\n", "src/b/base.ts": "b\n" });
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  await exo(repo, "ticket-create", "alpha", "--id", "TA", "--scope-allow", "src/a/**");
  await exo(repo, "ticket-create", "beta", "--id", "TB", "--scope-allow", "src/b/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  const sa = envelope(await exo(repo, "session-start", "--ticket-id", "TA", { env: A })).data.session.id as string;
  envelope(await exo(repo, "session-start", "--ticket-id", "TB", { env: B }));
  const write = async (env: Record<string, string>, rel: string, text: string) => {
    const run = await hook(repo, "claude", "PreToolUse", JSON.stringify({ cwd: repo, tool_name: "Write", tool_input: { file_path: join(repo, rel), content: text } }), env);
    expect(decision(run)).toBeNull();
    await writeFiles(repo, { [rel]: text });
  };
  await write(A, "src/a/one.ts", "1\n");
  await write(B, "src/b/one.ts", "1\n");
  // A commits its own file by hand, without trailers (no git hooks installed).
  git(repo, "add", "src/a/one.ts");
  git(repo, "commit", "-qm", "alpha: one");
  const alphaCommit = git(repo, "rev-parse", "HEAD").trim();
  const fb = envelope(await exo(repo, "session-finish", "--summary", "beta", { env: B })).data as Finished & { commits: string[] };
  expect(paths(fb)).toEqual(["src/b/one.ts"]);
  expect(fb.commits).not.toContain(alphaCommit);
  expect(fb.attribution.excluded_other_sessions.map((o) => [o.path, o.session])).toEqual([["src/a/one.ts", sa]]);
  const fa = envelope(await exo(repo, "session-finish", "--summary", "alpha", { env: A })).data as Finished & { commits: string[] };
  expect(paths(fa)).toEqual(["src/a/one.ts"]);
  expect(fa.commits).toEqual([alphaCommit]);
});

test("adapter files a person regenerates while an agent works are not the agent's; edited afterwards, they are", async () => {
  const repo = await initRepo({ "src/app.ts": "app\n", "CLAUDE.md": "# Project\n" });
  await exo(repo, "ticket-create", "app", "--id", "T1", "--scope-allow", "src/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "ticket");
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: A })).ok).toBe(true);
  await writeFiles(repo, { "src/feature.ts": "feature\n" });
  // A person creates more work and regenerates the instruction files (the open-work list changes).
  await exo(repo, "ticket-create", "docs", "--id", "T2", "--scope-allow", "docs/**");
  const generated = envelope(await exo(repo, "adapter-generate", "--target", "claude", "--target", "agents"));
  expect(generated.data.targets).toEqual([{ target: "claude", path: "CLAUDE.md", status: "written" }, { target: "agents", path: "AGENTS.md", status: "written" }]);
  const f1 = envelope(await exo(repo, "session-finish", "--summary", "feature", "--set-status", "keep", { env: A })).data as Finished;
  expect(f1.attribution.charged).toEqual(["src/feature.ts"]);
  expect(f1.drift.out_of_scope).toEqual([]);

  // Edited after exo wrote it, the file is charged again.
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: A })).ok).toBe(true);
  await writeFiles(repo, { "AGENTS.md": `${await readFile(join(repo, "AGENTS.md"), "utf8")}\nagent note\n` });
  const f2 = envelope(await exo(repo, "session-finish", "--summary", "notes", { env: A })).data as Finished;
  expect(f2.drift.out_of_scope).toEqual(["AGENTS.md"]);
});
