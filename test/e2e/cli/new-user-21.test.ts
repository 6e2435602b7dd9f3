// A new user's first ten minutes, twenty-first pass: the lines exo hands out to be pasted (the
// session bootstrap, the agents' instruction files) and `exo next` run again from inside the
// quick start's session.
import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, onTestFinished, test } from "vitest";
import { exo, exoOnPath, git, tempRepo } from "../../helpers/repo.js";

const run = promisify(execFile);

/** A line run by sh as a person pastes it, `exo` being the built binary (on PATH, as exoOnPath has it); its code and output, failed or not. */
function sh(line: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return run("sh", ["-c", line], { cwd, env: { PATH: `${exoOnPath()}:${process.env["PATH"] ?? ""}`, HOME: process.env["HOME"] ?? "/tmp", NO_COLOR: "1" } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

test("the bootstrap's hand-off line and the instruction files' start line, pasted as printed, are answered by exo, not by the shell", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  const started = await exo(repo, "session-start", "--ticket-id", "TICKET-001", { json: false });
  expect(started.code, started.stderr).toBe(0);
  const handoff = /^- hand off: `(.+)`$/m.exec(started.stdout)?.[1] ?? "";
  // Before: `--to <actor>`: sh read a redirect from a file named actor ("cannot open actor") and exo never ran.
  expect(handoff).toMatch(/ exo session-handoff --to '<actor>' --summary "…"$/);
  const pasted = await sh(handoff, repo);
  expect(pasted.code).toBe(2);
  expect(pasted.stderr).toMatch(/^error: --to is not a valid actor .*got "<actor>"\. \[INVALID_INPUT\]\n/);
  for (const file of ["CLAUDE.md", "AGENTS.md"]) {
    const text = readFileSync(join(repo, file), "utf8");
    for (const [pattern, answer] of [
      [/`(EXO_ACTOR=\S+ exo session-start --ticket-id '<ID>')`/, /^error: --ticket-id is not a valid ticket id, got "<ID>"\. \[INVALID_INPUT\]\n/],
      [/`(EXO_ACTOR=\S+ exo session-handoff --to '<actor>' --summary "…")`/, /^error: --to is not a valid actor /],
    ] as const) {
      const line = pattern.exec(text)?.[1];
      expect(line, `${file}: ${pattern}`).toBeDefined();
      const r = await sh(line ?? "", repo);
      expect(r.code, `${file}: ${line}`).toBe(2);
      expect(r.stderr, `${file}: ${line}`).toMatch(answer);
    }
  }
});

test("exo next run again inside the quick start's session names that session, and its hint finishes it as printed", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  writeFileSync(join(repo, "README.md"), "# app\n\nfirst change\n");
  // install --example again: the ticket file session-start changed is left alone, and said so
  // without blaming the person (before: "you had changes there", of a file only exo had touched).
  const rerun = await exo(repo, "install", "--example", { json: false });
  expect(rerun.stdout).toContain("left uncommitted (modified before this install): .exo/tickets/TICKET-001.yaml");
  const again = await exo(repo, "next", { json: false });
  expect(again.code).toBe(1);
  // Before: "Nothing is ready to dispatch: no task is todo." and the hint created another ticket.
  expect(again.stderr).toMatch(/^error: Nothing is ready to dispatch: no task is todo; your session SES-\S+ is open on TICKET-001\. \[NO_TICKET\]\nhint: exo session-finish --summary "…"\n$/);
  const hint = /^hint: (.+)$/m.exec(again.stderr)?.[1] ?? "";
  const finished = await sh(hint, repo);
  expect(finished.code, finished.stderr).toBe(0);
  expect(finished.stdout).toMatch(/^finished SES-\S+ on TICKET-001 \(now review\)/);
  // Finished: exo next answers as before, about the work to create.
  expect((await exo(repo, "next", { json: false })).stderr).toMatch(/^error: Nothing is ready to dispatch: no task is todo\. \[NO_TICKET\]\nhint: exo ticket-create "<what to do>" --parent INT-/);
});

test("--format text (other tools' word for plain output) or JSON in capitals: the hint is the line typed with the format meant, and it runs", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  for (const [args, message, hint] of [
    [["status", "--format", "text"], 'error: --format must be human or json, not "text"; did you mean human? [INVALID_INPUT]', "exo status --format human"],
    [["--format=JSON", "tickets"], 'error: --format must be human or json, not "JSON"; did you mean json? [INVALID_INPUT]', "exo --format=json tickets"],
  ] as const) {
    const r = await exo(repo, ...args, { json: false });
    expect(r.code, args.join(" ")).toBe(2);
    // Before: the hint was the command's --help, which names no format.
    expect(r.stderr).toBe(`${message}\nhint: ${hint}\n`);
    const pasted = await sh(hint, repo);
    expect(pasted.code, `${hint}: ${pasted.stderr}`).toBe(0);
  }
  // A value with no likely meaning keeps the message and --help hint it had.
  expect((await exo(repo, "status", "--format", "yaml", { json: false })).stderr).toBe('error: --format must be human or json, not "yaml". [INVALID_INPUT]\nhint: exo status --help\n');
});

test("docs/tickets.md's exo tickets line: --status keeps its meaning beside --all --tree", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect((await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  for (const id of ["T-1", "T-2"]) expect((await exo(repo, "ticket-create", id, "--parent", "INT-001", "--id", id)).code).toBe(0);
  expect((await exo(repo, "ticket-close", "T-1", "--status", "cancelled")).code).toBe(0);
  const tree = await exo(repo, "tickets", "--status", "todo", "--all", "--tree", { json: false });
  expect(tree.code).toBe(0);
  // Before: --all listed every status in the tree, the cancelled T-1 among the todo ones asked for.
  expect(tree.stdout).toContain("T-2");
  expect(tree.stdout).not.toContain("T-1");
  // --all alone still shows the closed ones.
  expect((await exo(repo, "tickets", "--all", "--tree", { json: false })).stdout).toContain('T-1 "T-1" (cancelled)');
});

test("worktree-create for a ticket not committed yet: its next line commits the tickets, brings them into the worktree and starts the session, as printed", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect((await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "form", "--parent", "INT-001", "--id", "T1")).code).toBe(0);
  onTestFinished(() => ["T1", "T2"].forEach((id) => rmSync(`${repo}-${id}`, { recursive: true, force: true })));
  const created = await exo(repo, "worktree-create", "--ticket-id", "T1", { json: false });
  expect(created.code, created.stderr).toBe(0);
  const line = /^next: (.+)$/m.exec(created.stdout)?.[1] ?? "";
  // Before: `cd <worktree> && exo session-start --ticket-id T1`, which answered TICKET_NOT_FOUND
  // there: the ticket (and its intent) were not committed, so not in the worktree's checkout.
  // (Since new-user round 40 the commit is exo's own, with Exo-Generated: exo pr-check counts it as governed.)
  expect(line).toMatch(/^git -C \S+ add \.exo\/tickets && git -C \S+ commit -m 'chore\(exo\): tickets for T1' -m 'Exo-Generated: true' -- \.exo\/tickets && git -C \S+-T1 merge --ff-only main && cd \S+-T1 && exo session-start --ticket-id T1$/);
  const started = await sh(line, repo);
  expect(started.code, started.stderr).toBe(0);
  expect(started.stdout).toMatch(/^# exo session SES-/m);
  expect(started.stdout).toContain("- allow: `src/**`");
  // A ticket committed before: the plain line, as before.
  expect((await exo(repo, "ticket-create", "more", "--parent", "INT-001", "--id", "T2")).code).toBe(0);
  git(repo, "add", ".exo/tickets");
  git(repo, "commit", "-qm", "tickets");
  const plain = await exo(repo, "worktree-create", "--ticket-id", "T2", { json: false });
  expect(plain.stdout).toMatch(/^next: cd \S+-T2 && exo session-start --ticket-id T2$/m);
});

test("exo decide's refusal by a rule hints the rules in force, a line that runs, not itself with a bare <path>", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const r = await exo(repo, "decide", "--path", ".env", "--action", "read", { json: false });
  expect(r.code).toBe(1);
  // Before: hint `exo decide --path <path>`: the command just run, and pasted, sh's "cannot open path".
  expect(r.stderr).toMatch(/\[RULE_DENIED\]\nhint: exo brief\n$/);
  const pasted = await sh("exo brief", repo);
  expect(pasted.code).toBe(0);
  expect(pasted.stdout).toContain("RULE-SEC-001");
});
