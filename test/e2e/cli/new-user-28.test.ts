// A new user's first hours and a small team's first day, twenty-eighth pass: what install says of
// files it left out of its commit, which sessions a drift average covers, and two clones sharing a
// bare remote through the whole loop.
import { execFileSync } from "node:child_process";
import { appendFile, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { teammate } from "../../helpers/team.js";

test("install beside a CLAUDE.md never committed says it is untracked, not changed, and a modified AGENTS.md modified; JSON lists the untracked ones (before: 'left uncommitted (changed before this install): AGENTS.md, CLAUDE.md')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n", "AGENTS.md": "# agents\n" });
  await writeFile(join(repo, "CLAUDE.md"), "# Our rules\n");
  await appendFile(join(repo, "AGENTS.md"), "more\n");
  const human = (await exo(repo, "install", "--example", { json: false })).stdout;
  expect(human).toContain("  left uncommitted (modified before this install): AGENTS.md\n");
  expect(human).toContain("  left uncommitted (untracked before this install, in no commit): CLAUDE.md\n");
  expect(human).not.toContain("changed before this install");
  const other = await tempRepo({ "README.md": "# app\n" });
  await writeFile(join(other, "CLAUDE.md"), "# Our rules\n");
  const installed = envelope(await exo(other, "install", "--example"));
  expect(installed.data.left_uncommitted).toEqual(["CLAUDE.md"]);
  expect(installed.data.left_untracked).toEqual(["CLAUDE.md"]);
  const step = (installed.data.next_steps as string[])[0] ?? "";
  expect(step).toBe(`Commit CLAUDE.md once your own text there is ready (untracked: in no commit yet, so exo's part of it reaches teammates only once committed): git add -- CLAUDE.md && git commit -m "chore: exo setup"`);
  pasted(other, step.slice(step.indexOf("): ") + 3));
  expect(git(other, "show", "HEAD:CLAUDE.md")).toContain("<!-- exo:begin -->");
  expect(git(other, "status", "--porcelain")).toBe("");
});

test("metrics and fleet-drift say which sessions their drift average covers, in the human view and JSON: closed ones in the window, or the last closed plus the live (before: avg 0.018 vs 0.152 on one repository, neither saying over what)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n", "src/a.ts": "x\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const empty = (await exo(repo, "metrics", { json: false })).stdout.replace(/\s+/g, " ");
  expect(empty).toContain("drift none: no closed session in the window (live ones are not counted: exo fleet-drift)");
  // fleet-drift has no window unless --since: its empty answer says what it covers (before: "no sessions in the window").
  expect((await exo(repo, "fleet-drift", { json: false })).stdout.replace(/\s+/g, " ").trim()).toBe("no sessions: fleet-drift covers the last 50 closed sessions and the live (active or suspended) ones, at their drift so far");
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await appendFile(join(repo, "README.md"), "a change\n");
  expect(envelope(await exo(repo, "session-finish", "--summary", "done")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "work");
  const intent = (envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket as { parent: string }).parent;
  expect((await exo(repo, "ticket-create", "second", "--parent", intent, "--id", "TICKET-002")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-002")).code).toBe(0);
  await appendFile(join(repo, "src/a.ts"), "y\n");
  await writeFile(join(repo, "src/b.ts"), "z\n");
  const m = envelope(await exo(repo, "metrics")).data.drift;
  expect(m.covers).toEqual({ closed: 1, live: 0, sessions: "closed sessions in the window; live ones are not counted (exo fleet-drift adds them)" });
  const f = envelope(await exo(repo, "fleet-drift")).data.summary;
  expect(f.covers).toEqual({ closed: 1, live: 1, sessions: "the last 50 closed sessions and the live (active or suspended) ones, at their drift so far" });
  expect(f.avg).not.toBe(m.avg);
  const mh = (await exo(repo, "metrics", { json: false })).stdout.replace(/\s+/g, " ");
  expect(mh).toContain(`drift avg ${m.avg} over 1 closed session, p50`);
  expect(mh).toContain("; live ones not counted (exo fleet-drift) tickets");
  const fh = (await exo(repo, "fleet-drift", { json: false })).stdout.replace(/\s+/g, " ");
  expect(fh).toContain(`2 sessions: drift avg ${f.avg} over 2 sessions (1 closed, 1 live), max`);
  const since = envelope(await exo(repo, "fleet-drift", "--since", "2020-01-01T00:00:00.000Z", "--include-finished", "5")).data.summary;
  // Over MCP the tools answer the same data.
  const client = await mcpClient(repo, { args: ["--profile", "all"] });
  expect(structured(await client.callTool({ name: "exo_metrics", arguments: {} })).data.drift.covers).toEqual(m.covers);
  expect(structured(await client.callTool({ name: "exo_fleet_drift", arguments: {} })).data.summary.covers).toEqual(f.covers);
  expect(since.covers.sessions).toBe("the last 5 closed sessions (closed since 2020-01-01T00:00:00.000Z) and the live (active or suspended) ones, at their drift so far");
});

test("a team of two clones on a bare remote, distributed leases: next, start, work, finish, close; ticket-close says its change is not committed and gives the line, run as printed, and the other clone pulls the task done (before: 'TICKET-001: review → done' alone; pushed without it, the other clone showed review and named exo ticket-close again)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n", "src/a.ts": "a\n" });
  git(alice, "config", "user.email", "alice@example.invalid");
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const config = join(alice, ".exo/config.yaml");
  await writeFile(config, (await readFile(config, "utf8")).replace("distributed: false", "distributed: true"));
  expect((await exo(alice, "compose")).code).toBe(0);
  const intent = (envelope(await exo(alice, "ticket-show", "TICKET-001")).data.ticket as { parent: string }).parent;
  expect((await exo(alice, "ticket-create", "Second task", "--parent", intent, "--id", "TICKET-002", "--scope-allow", "src/**")).code).toBe(0);
  git(alice, "add", ".exo");
  git(alice, "commit", "-qm", "team: distributed leases, a second task");
  const { bob } = teammate(alice);
  // A clone has no git hooks: doctor says so, and its --fix installs them.
  expect((await exo(bob, "doctor", "--fix")).code).toBe(0);
  // Both claim: the lease keeps bob off alice's task.
  const a = envelope(await exo(alice, "next"));
  expect(a.data.ticket.id).toBe("TICKET-001");
  expect(a.data.lock.distributed).toMatchObject({ remote: "origin" });
  const b = envelope(await exo(bob, "next"));
  expect(b.data.ticket.id).toBe("TICKET-002");
  expect(b.data.reasoning.skipped).toContainEqual(expect.objectContaining({ id: "TICKET-001", reason: "leased_remote" }));
  // Each starts with the line next printed, works, commits inside the session, finishes.
  pasted(alice, (a.data.next_command as string).replace(/^exo /, "exo --format json "));
  pasted(bob, (b.data.next_command as string).replace(/^exo /, "exo --format json "));
  await appendFile(join(alice, "README.md"), "alice's line\n");
  git(alice, "commit", "-qam", "readme");
  await appendFile(join(bob, "src/a.ts"), "bob's line\n");
  git(bob, "commit", "-qam", "bob's work");
  expect(envelope(await exo(alice, "session-finish", "--summary", "readme")).data.next_command).toBe("exo ticket-close TICKET-001");
  expect(envelope(await exo(bob, "session-finish", "--summary", "src")).data.next_command).toBe("exo ticket-close TICKET-002");
  // Alice closes hers: the close's files are named with the line that commits them.
  const closed = envelope(await exo(alice, "ticket-close", "TICKET-001"));
  expect(closed.data.next_reason).toBe("the close is not committed: teammates see TICKET-001 done once it is committed and pushed");
  expect(closed.data.next_command).toMatch(/^git add -- \.exo\/ledger\/\S+\.jsonl \.exo\/tickets\/TICKET-001\.yaml && git commit -m 'chore\(exo\): close TICKET-001' -m 'Exo-Generated: true' -- \.exo\/ledger\/\S+\.jsonl \.exo\/tickets\/TICKET-001\.yaml$/);
  pasted(alice, closed.data.next_command as string);
  expect(git(alice, "status", "--porcelain", "--", ".exo")).toBe("");
  expect(git(alice, "log", "-1", "--format=%s").trim()).toBe("chore(exo): close TICKET-001");
  git(alice, "push", "-q", "origin", "main");
  // Bob pulls (a merge of two ledgers and ticket files) and sees it done: nothing names ticket-close for it.
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  expect(envelope(await exo(bob, "ticket-show", "TICKET-001")).data.ticket.status).toBe("done");
  const ready = envelope(await exo(bob, "ready")).data;
  expect(ready.next_command).toBe("exo ticket-close TICKET-002");
  expect(JSON.stringify(ready)).not.toContain("ticket-close TICKET-001");
  // Bob closes his the same way, pushes, and alice pulls both done; the ledger verifies on both sides.
  const his = envelope(await exo(bob, "ticket-close", "TICKET-002"));
  pasted(bob, his.data.next_command as string);
  git(bob, "push", "-q", "origin", "main");
  git(alice, "pull", "-q", "--no-rebase", "--no-edit");
  const statuses = (envelope(await exo(alice, "tickets")).data.tickets as { id: string; status: string }[]).filter((t) => t.id.startsWith("TICKET-")).map((t) => `${t.id} ${t.status}`);
  expect(statuses).toEqual(["TICKET-001 done", "TICKET-002 done"]);
  for (const clone of [alice, bob]) expect(envelope(await exo(clone, "ledger-verify")).ok).toBe(true);
  // A close with nothing left to commit (the same status again) has no line.
  expect(envelope(await exo(alice, "ticket-close", "TICKET-001")).data.next_command).toBeUndefined();
});

test("distributed leases in a clone with no remote of git.remote's name: the refusal says so and hints git remote add, not git fetch, which failed the same way (before: 'Remote origin is unavailable (fetch: fatal: 'origin' does not appear to be a git repository)', hint git fetch)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const next = coded(await exo(repo, "next", "--distributed"), "REMOTE_UNAVAILABLE");
  expect(next.error?.message).toBe("This clone has no remote named origin (git.remote in .exo/config.yaml), so there is nowhere to keep leases; add it (git remote add origin <url>), or work without remote leases (no --distributed or --remote, locks.distributed: false).");
  expect(next.error?.hint).toBe("git remote add origin <url>");
  expect(next.error?.details).toEqual({ remote: "origin", reason: "no_such_remote" });
  expect(coded(await exo(repo, "gc-locks", "--remote"), "REMOTE_UNAVAILABLE").error?.hint).toBe("git remote add origin <url>");
  // The hint, with a real url, makes the claim work.
  const bare = `${repo}-remote.git`;
  try {
    git(repo, "clone", "-q", "--bare", repo, bare);
    pasted(repo, (next.error?.hint ?? "").replace("<url>", bare));
    expect(envelope(await exo(repo, "next", "--distributed")).data.lock.distributed).toMatchObject({ remote: "origin" });
    // A remote that is there but does not answer keeps git fetch (a path with no repository at it
    // is hostile round 37's: git remote set-url).
    git(repo, "remote", "set-url", "origin", "http://127.0.0.1:1/gone.git");
    const gone = coded(await exo(repo, "gc-locks", "--remote"), "REMOTE_UNAVAILABLE");
    expect(gone.error?.hint).toBe("git fetch");
    expect(gone.error?.message).toContain("is unavailable");
  } finally {
    await rm(bare, { recursive: true, force: true });
  }
});

test("metrics --help says its drift covers the window's closed sessions (before: 'drift buckets', nothing of which sessions)", async () => {
  const repo = await tempRepo();
  const page = (await exo(repo, "metrics", "--help", { json: false })).stdout.replace(/\s+/g, " ");
  expect(page).toContain("Fleet metrics over a window: sessions, verify pass rate, drift of its closed sessions,");
  expect((await exo(repo, "fleet-drift", "--help", { json: false })).stdout.replace(/\s+/g, " ")).toContain("recent closed sessions plus live ones");
});

test("the identity step skipped: finish's commit line starts with it, and runs as printed (before: git add … && git commit …, refused with 'Author identity unknown')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  git(repo, "config", "--unset", "user.email");
  git(repo, "config", "--unset", "user.name");
  const bare = { env: { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } };
  expect((await exo(repo, "install", "--example", bare)).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001", bare)).code).toBe(0);
  await appendFile(join(repo, "README.md"), "a change\n");
  const finished = envelope(await exo(repo, "session-finish", "--summary", "done", bare)).data;
  const line = finished.commit_command as string;
  expect(line).toBe(`git config user.name "Your Name" && git config user.email you@example.com && git add -- README.md && git commit -m "…" -m "Exo-Session: ${finished.session}"`);
  execFileSync("sh", ["-c", line], { cwd: repo, stdio: "pipe", env: { PATH: process.env["PATH"] ?? "", HOME: "/nonexistent", GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" } });
  expect(git(repo, "log", "-1", "--format=%an <%ae>%n%B")).toContain(`Exo-Session: ${finished.session}`);
  // With an identity the line is the commit alone.
  const other = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(other, "install", "--example")).code).toBe(0);
  expect((await exo(other, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await appendFile(join(other, "README.md"), "a change\n");
  expect(envelope(await exo(other, "session-finish", "--summary", "done")).data.commit_command).toMatch(/^git add -- README\.md && git commit /);
});

test("worktree-create for a done ticket is refused TICKET_CLOSED with the reopen step, and nothing is made; the step run as printed lets it through (before: a worktree and branch made, whose printed session-start was refused TICKET_CLOSED)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect(envelope(await exo(repo, "ticket-close", "TICKET-001")).ok).toBe(true);
  const refused = coded(await exo(repo, "worktree-create", "--ticket-id", "TICKET-001"), "TICKET_CLOSED");
  expect(refused.error?.message).toBe('TICKET-001 is done: no session can start on it in a worktree; reopen it first (exo ticket-update TICKET-001 --status todo --reason "…"), or pick other work with exo next.');
  expect(refused.error?.hint).toBe('exo ticket-update TICKET-001 --status todo --reason "…"');
  expect(git(repo, "worktree", "list")).not.toContain("TICKET-001");
  expect(git(repo, "branch", "--list", "exo/TICKET-001")).toBe("");
  expect((await exo(repo, ...(refused.error?.hint ?? "").split(" ").slice(1, -2), "--reason", "more to do")).code).toBe(0);
  const path = `${repo}-TICKET-001`;
  try {
    expect(envelope(await exo(repo, "worktree-create", "--ticket-id", "TICKET-001")).data.path).toBe(path);
  } finally {
    await rm(path, { recursive: true, force: true });
  }
});
