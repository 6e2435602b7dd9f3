// A new user's first hours and a small team's first day, twenty-seventh pass: help pages that name
// what an option takes, work discarded with a worktree, hints an MCP caller could not follow, and
// the first minutes from the packed tarball.
import { execFileSync } from "node:child_process";
import { appendFile, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, exoOnPath, git, pasted, tempRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";

type Hinted = { ok: boolean; error?: { code: string; message: string; hint?: string; tool_hint?: string; details?: Record<string, unknown> } };

/** A repo with the example ticket finished in its linked worktree, README.md changed there and not committed. */
async function finishedInWorktree(): Promise<{ repo: string; path: string }> {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const path = join(dirname(repo), `${basename(repo)}-TICKET-001`);
  expect((await exo(repo, "worktree-create", "--ticket-id", "TICKET-001")).code).toBe(0);
  expect((await exo(path, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await appendFile(join(path, "README.md"), "a first change\n");
  expect(envelope(await exo(path, "session-finish", "--summary", "done")).ok).toBe(true);
  return { repo, path };
}

/** Options whose value is prose: the only ones a help page shows as `<text>`. */
const PROSE = new Set(["--title", "--description", "--brain-dump", "--success-condition", "--reason", "--summary", "--next-step", "--blocker", "--pattern", "--insight", "--task", "--break-glass-reason"]);

test("every --help names what its options take: worktree-create --path <path> --base <ref> --branch <branch>, <text> only for prose (before: <text> for all three, and 60 more)", async () => {
  const repo = await tempRepo();
  const page = (await exo(repo, "worktree-create", "--help", { json: false })).stdout;
  expect(page).toMatch(/--path <path> +Folder/);
  expect(page).toMatch(/--base <ref> +Start point/);
  expect(page).toMatch(/--branch <branch> +Branch/);
  expect(page).not.toContain("<text>");
  const names = (envelope(await exo(repo, "help")).data.commands as { name: string }[]).map((c) => c.name);
  expect(names.length).toBeGreaterThan(40);
  for (const name of names) {
    const data = envelope(await exo(repo, "help", name)).data as { usage: string; options: { flag: string; value: string | null; kind: string }[] };
    for (const o of data.options) {
      // JSON carries the placeholder the page shows (before: the page only).
      if (o.kind === "boolean") expect(o.value, `${name} ${o.flag}`).toBeNull();
      else expect(o.value, `${name} ${o.flag}`).toMatch(/^<.+>$/);
      if (o.value === "<text>") expect(PROSE, `${name} ${o.flag}`).toContain(o.flag);
    }
  }
  expect(envelope(await exo(repo, "help", "session-handoff")).data.usage).toBe("exo session-handoff --to <actor> --summary <text> [options]");
});

test("worktree-remove --force of a finished worktree whose work was never committed: the branch holds only exo state, so exo next, ready, exo alone and the removal say to drop it, not merge it (before: git merge, a finish with nothing to review)", async () => {
  const { repo, path } = await finishedInWorktree();
  try {
    const refused = coded(await exo(repo, "worktree-remove", "--ticket-id", "TICKET-001"), "DIRTY_WORKTREE");
    expect(refused.error?.details?.paths).toEqual(["README.md"]);
    const removed = envelope(await exo(repo, "worktree-remove", "--ticket-id", "TICKET-001", "--force"));
    expect(removed.data).toMatchObject({ removed: true, branch: "exo/TICKET-001", discarded: ["README.md"], ticket: "TICKET-001", next_command: "git branch -D exo/TICKET-001" });
    const why = "TICKET-001 was finished on exo/TICKET-001, which holds no change outside .exo/ and no worktree is left on it (its work was not committed there): drop it to hand TICKET-001 out again, or git merge exo/TICKET-001 to keep that finish";
    expect(removed.data.next_reason).toBe(why);
    const next = coded(await exo(repo, "next"), "NO_TICKET");
    expect(next.error?.message).toBe(`Nothing is ready to dispatch: ${why}.`);
    expect(next.error?.hint).toBe("git branch -D exo/TICKET-001");
    const ready = envelope(await exo(repo, "ready")).data;
    expect(ready.next_command).toBe("git branch -D exo/TICKET-001");
    expect(ready.not_ready[0].detail).toBe("in review on unmerged branch exo/TICKET-001, which holds only exo state and no worktree (git branch -D exo/TICKET-001)");
    const home = (await exo(repo, { json: false })).stdout;
    expect(home).toContain("git branch -D exo/TICKET-001");
    expect(home).not.toContain("git merge exo/TICKET-001\n");
    // The hint runs as printed, and the task is handed out again.
    pasted(repo, next.error?.hint ?? "");
    expect(envelope(await exo(repo, "next")).data.ticket.id).toBe("TICKET-001");
  } finally {
    await rm(path, { recursive: true, force: true });
  }
});

test("a task finished in a worktree whose work is still uncommitted there: exo next says commit it there first, then the merge, which commits this checkout's ticket file before git merge would refuse it (before: git merge exo/TICKET-001, refused: 'Your local changes … would be overwritten')", async () => {
  const { repo, path } = await finishedInWorktree();
  try {
    const first = coded(await exo(repo, "next"), "NO_TICKET");
    expect(first.error?.message).toBe(`Nothing is ready to dispatch: TICKET-001 was finished on exo/TICKET-001, but its work is not committed there (README.md in ${path}): commit it there, then git merge exo/TICKET-001 here.`);
    // (Since new-user round 40, its files alone, with the finished session's trailer: governed to exo pr-check.)
    expect(first.error?.hint).toMatch(new RegExp(`^git -C ${path} add -- README\\.md && git -C ${path} commit -m 'TICKET-001: its work' -m 'Exo-Session: SES-[0-9A-Z-]+' -- README\\.md$`));
    expect(envelope(await exo(repo, "ready")).data.next_command).toBe(first.error?.hint);
    pasted(repo, first.error?.hint ?? "");
    const second = coded(await exo(repo, "next"), "NO_TICKET");
    expect(second.error?.hint).toBe("git commit -m 'chore(exo): state before merging exo/TICKET-001' -m 'Exo-Generated: true' -- .exo/tickets/TICKET-001.yaml && git merge exo/TICKET-001");
    expect((await exo(repo, { json: false })).stdout).toContain(second.error?.hint);
    pasted(repo, second.error?.hint ?? "");
    expect(git(repo, "show", "HEAD:README.md")).toContain("a first change");
    expect(envelope(await exo(repo, "ready")).data.next_command).toBe("exo ticket-close TICKET-001");
    // The worktree removed now: its branch is merged, nothing to settle.
    const removed = envelope(await exo(repo, "worktree-remove", "--ticket-id", "TICKET-001"));
    expect(removed.data).toMatchObject({ removed: true, discarded: [] });
    expect(removed.data.next_command).toBeUndefined();
  } finally {
    await rm(path, { recursive: true, force: true });
  }
});

test("over MCP, a refusal whose hint is a command line also gives it as the tool call (tool_hint), the actor an argument, not EXO_ACTOR=; a writing tool's message names its arguments (before: 'pass --ticket-id', 'set EXO_ACTOR / --session-id')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const client = await mcpClient(repo);
  const call = async (name: string, args: Record<string, unknown>) => structured(await client.callTool({ name, arguments: args })) as Hinted;
  const finish = await call("exo_session_finish", { summary: "x" });
  expect(finish.error).toMatchObject({
    code: "NO_ACTIVE_SESSION",
    message: "agent:mcp has no active session; start one with exo session-start (or pass actor / session_id, for the session of another actor).",
    hint: "exo session-start --dispatch",
    tool_hint: 'exo_session_start {"dispatch":true}',
  });
  const renew = await call("exo_lease_renew", { actor: "agent:claude" });
  expect(renew.error).toMatchObject({ code: "LOCK_NOT_FOUND", message: "No lock held by agent:claude to renew; claim a task first (exo next).", hint: "exo next", tool_hint: "exo_next {}" });
  expect((await call("exo_session_start", { ticket_id: "TICKET-001" })).ok).toBe(true);
  const close = await call("exo_ticket_close", { id: "TICKET-001" });
  expect(close.error?.tool_hint).toBe('exo_session_finish {"summary":"…","set_status":"done"}');
  expect((await call("exo_session_handoff", { to: "agent:codex", summary: "yours" })).ok).toBe(true);
  // The handed ticket's start is the receiver's: over MCP its actor is an argument.
  const resume = await call("exo_session_resume", {});
  expect(resume.error?.hint).toBe("EXO_ACTOR=agent:codex exo session-start --ticket-id TICKET-001");
  expect(resume.error?.tool_hint).toBe('exo_session_start {"ticket_id":"TICKET-001","actor":"agent:codex"}');
  const started = await call("exo_session_start", JSON.parse((resume.error?.tool_hint ?? "").slice("exo_session_start ".length)) as Record<string, unknown>);
  expect(started.ok).toBe(true);
  // A read-only tool's refusal is the CLI's envelope, field for field (conformance-19).
  const show = await call("exo_ticket_show", { id: "TICKET-999" });
  const cli = coded(await exo(repo, "ticket-show", "TICKET-999"), "TICKET_NOT_FOUND", 2);
  expect(show.error).toEqual(cli.error);
  // No tool_hint for what no tool call of this server does: a tool of the all profile asked of a core server.
  const core = await mcpClient(repo, { args: ["--profile", "core"] });
  const gc = structured(await core.callTool({ name: "exo_gc", arguments: {} })) as Hinted;
  expect(gc.error).toMatchObject({ code: "USAGE_ERROR", hint: "exo gc --help" });
  expect(gc.error).not.toHaveProperty("tool_hint");
  // The command line has no tool_hint.
  expect(coded(await exo(repo, "session-finish", "--summary", "x"), "NO_ACTIVE_SESSION").error).not.toHaveProperty("tool_hint");
});

test("install in a repository without a git identity says to set one before claiming work (before: nothing, then git refused the commit step's line, and a claim made as plain human was not the person's once set)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n", "CLAUDE.md": "# Our rules\n\nAlways run tests.\n" });
  git(repo, "config", "--unset", "user.email");
  git(repo, "config", "--unset", "user.name");
  const bare = { env: { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } };
  const installed = envelope(await exo(repo, "install", "--example", bare));
  expect(installed.ok).toBe(true);
  const step = "Tell git who you are, before claiming work (you act as human:<user.email>, and your commits need it): git config user.name \"Your Name\" && git config user.email you@example.com";
  const steps = installed.data.next_steps as string[];
  expect(steps).toContain(step);
  expect(steps.indexOf(step)).toBeLessThan(steps.findIndex((s) => s.includes("exo next")));
  // The user's own text in CLAUDE.md is kept, exo's block added.
  const claude = git(repo, "show", "HEAD:CLAUDE.md");
  expect(claude.startsWith("# Our rules\n\nAlways run tests.\n")).toBe(true);
  expect(claude).toContain("<!-- exo:begin -->");
  // The step runs as printed (with the person's own values), and the claim is theirs.
  pasted(repo, step.slice(step.indexOf(": ") + 2).replace("you@example.com", "ada@example.invalid"));
  expect(envelope(await exo(repo, "next", bare)).data.lock.owner).toBe("human:ada@example.invalid");
  // With an identity the step is not there.
  const other = await tempRepo({ "README.md": "# app\n" });
  expect(envelope(await exo(other, "install", "--example")).data.next_steps).not.toContain(step);
});

test("a mistyped option without its value hints the corrected option with an id or actor placeholder quoted, so the line pasted is exo's refusal, not the shell's (before: --ticket-id <id>, a redirect: 'id: No such file or directory')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const paste = (hint: string): string => {
    try {
      return execFileSync("sh", ["-c", `${hint} 2>&1`], { cwd: repo, encoding: "utf8", env: { PATH: `${exoOnPath()}:${process.env["PATH"] ?? ""}`, HOME: process.env["HOME"] ?? "/tmp", NO_COLOR: "1" } });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return `${e.stdout ?? ""}${e.stderr ?? ""}`;
    }
  };
  const start = coded(await exo(repo, "session-start", "--ticket"), "USAGE_ERROR", 2).error?.hint ?? "";
  expect(start).toBe("exo session-start --ticket-id '<id>'");
  expect(coded(await exo(repo, "session-handoff", "--too"), "USAGE_ERROR", 2).error?.hint).toBe("exo session-handoff --to '<actor>'");
  const pasted = paste(start);
  expect(pasted).not.toContain("No such file");
  expect(pasted).toMatch(/\[INVALID_INPUT\]/);
  // A placeholder exo would take as a value stays bare: pasted unedited, nothing is created.
  const path = coded(await exo(repo, "worktree-create", "--ticket-id", "TICKET-001", "--pat"), "USAGE_ERROR", 2).error?.hint ?? "";
  expect(path).toBe("exo worktree-create --ticket-id TICKET-001 --path <path>");
  paste(path);
  expect(git(repo, "worktree", "list")).not.toContain("<path>");
});
