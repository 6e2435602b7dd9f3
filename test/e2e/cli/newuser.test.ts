// A new user's first hour, literally: every hint printed runs as printed (no `<you>` that a shell
// reads as a redirection), and the states the quick start leads to have a way out.
import { execSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { parse } from "shell-quote";
import { envelope, exo, git, initRepo, tempRepo } from "../../helpers/repo.js";
import { commitTickets, writeTickets } from "../../helpers/tickets.js";

/** A hint as argv after `exo`; fails when a shell would not run it as one plain command. */
function literal(hint: string | undefined): string[] {
  const words = parse(hint ?? "");
  expect(words.every((w) => typeof w === "string"), `a shell reads operators in: ${hint}`).toBe(true);
  expect(words[0]).toBe("exo");
  return (words as string[]).slice(1);
}

test("hints with no session or lock name commands that run as printed", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const release = envelope(await exo(repo, "lease-release"));
  expect(release.error?.code).toBe("LOCK_NOT_FOUND");
  expect(envelope(await exo(repo, ...literal(release.error?.hint))).ok).toBe(true);
  const repo2 = await initRepo();
  await writeTickets(repo2, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const finish = envelope(await exo(repo2, "session-finish", "--summary", "x"));
  expect(finish.error?.code).toBe("NO_ACTIVE_SESSION");
  expect(envelope(await exo(repo2, ...literal(finish.error?.hint))).ok).toBe(true);
});

test("after exo next --owner alice, session-start without a ticket names the claimed ticket", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "TICKET-001", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "next", "--owner", "alice")).ok).toBe(true);
  const start = envelope(await exo(repo, "session-start"));
  expect(start.error?.code).toBe("SESSION_TICKET_REQUIRED");
  expect(start.error?.message).toMatch(/TICKET-001/);
  expect(start.error?.hint).toBe("exo session-start --ticket-id TICKET-001");
  expect(envelope(await exo(repo, ...literal(start.error?.hint))).ok).toBe(true);
});

test("a mistyped global option before the command is named, not its value taken for a command", async () => {
  const repo = await initRepo();
  const typo = await exo(repo, "--formt", "json", "status", { json: false });
  expect(typo.code).toBe(2);
  expect(typo.stderr).toBe("error: Unknown option --formt; did you mean --format? [USAGE_ERROR]\nhint: exo --help\n");
  const alone = await exo(repo, "--verbose", { json: false });
  expect(alone.code).toBe(2);
  expect(alone.stderr).toMatch(/^error: Unknown option --verbose; run exo --help/);
  // A command's own option before it still works.
  expect(envelope(await exo(repo, "--dry-run", "install")).ok).toBe(true);
});

/** The command of a human output's `next:` line, as argv after `exo` plus the env it sets. */
function nextLine(stdout: string): { args: string[]; env: Record<string, string> } {
  const line = /^next: (.*?)(?: \(.*)?$/m.exec(stdout)?.[1];
  expect(line, stdout).toBeDefined();
  // A shell drops a trailing `# comment` (exo ends some next lines with one): so does this.
  const words = (parse(line as string, (key) => `$${key}`) as unknown[]).filter((w): w is string => typeof w === "string");
  const env: Record<string, string> = {};
  while (/^[A-Z_]+=/.test(words[0] ?? "")) {
    const [k, ...v] = (words.shift() as string).split("=");
    env[k as string] = v.join("=");
  }
  expect(words[0]).toBe("exo");
  return { args: words.slice(1), env };
}

test("finish and handoff say what comes next, and it runs as printed", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "TICKET-001", parent: "INT-1" }, { id: "TICKET-002", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).ok).toBe(true);
  const handoff = await exo(repo, "session-handoff", "--to", "agent:codex", "--summary", "over to you", { json: false });
  expect(handoff.code).toBe(0);
  const pickUp = nextLine(handoff.stdout);
  expect(pickUp).toEqual({ args: ["session-start", "--ticket-id", "TICKET-001"], env: { EXO_ACTOR: "agent:codex" } });
  const started = envelope(await exo(repo, ...pickUp.args, { env: pickUp.env }));
  expect(started.data.session.actor).toBe("agent:codex");
  const finish = await exo(repo, "session-finish", "--summary", "done", { json: false, env: pickUp.env });
  expect(finish.code).toBe(0);
  // The agent's finish names no close (a close is a person's; ticket-close refuses an agent);
  // exo alone gives the person the close, and it runs as printed.
  expect(finish.stdout).not.toMatch(/^next:/m);
  const alone = await exo(repo, { json: false });
  const close = /^ {2}(exo ticket-close TICKET-001)\s+TICKET-001 is in review/m.exec(alone.stdout)?.[1];
  expect(close, alone.stdout).toBe("exo ticket-close TICKET-001");
  expect(envelope(await exo(repo, "ticket-close", "TICKET-001")).data.ticket.status).toBe("done");
});

test("exo alone counts paused tickets and names the handed-off and in-review work", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "TICKET-001", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).ok).toBe(true);
  expect(envelope(await exo(repo, "session-handoff", "--to", "agent:codex", "--summary", "over to you")).ok).toBe(true);
  const handed = await exo(repo, { json: false });
  // The tasks by status, and the intent apart (it is todo until its tasks are done, but no work).
  expect(handed.stdout).toMatch(/^tickets +1 task paused; 1 intent$/m);
  // Handed to agent:codex: the line names who picks it up, as the handoff's own next line does.
  expect(handed.stdout).toMatch(/^ {2}EXO_ACTOR=agent:codex exo session-start --ticket-id TICKET-001\s+TICKET-001 was handed to agent:codex$/m);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).ok).toBe(true);
  expect(envelope(await exo(repo, "session-finish", "--summary", "done")).data.ticket.status).toBe("review");
  const review = await exo(repo, { json: false });
  expect(review.stdout).toMatch(/^ {2}exo ticket-close TICKET-001 +TICKET-001 is in review: close it once accepted$/m);
});

test("doctor's warning about uncommitted exo files names them and says how to commit", async () => {
  const repo = await initRepo();
  await commitTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "TICKET-001", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "ticket-close", "TICKET-001")).ok).toBe(true);
  const doctor = envelope(await exo(repo, "doctor"));
  const section = doctor.data.sections.find((s: { name: string }) => s.name === "git_tracking");
  expect(section.status).toBe("warn");
  expect(section.message).toMatch(/\.exo\/tickets\/TICKET-001\.yaml/);
  expect(section.hint).toBe('git add -- .exo && git commit -m "chore(exo): governance state" -m "Exo-Generated: true" -- .exo');
  // Pasted with someone's work staged: the commit is exo's own (pr-check counts it governed) and
  // leaves that work staged (before: `git add .exo && git commit -m …` took it along, no trailer).
  await writeFile(join(repo, "wip.ts"), "export {};\n");
  git(repo, "add", "wip.ts");
  execSync(section.hint, { cwd: repo, stdio: "pipe" });
  expect(git(repo, "log", "-1", "--format=%B")).toContain("Exo-Generated: true");
  expect(git(repo, "diff", "--cached", "--name-only").trim()).toBe("wip.ts");
  const again = envelope(await exo(repo, "doctor"));
  expect(again.data.sections.find((s: { name: string }) => s.name === "git_tracking").status).toBe("pass");
});

test("the README tour runs as printed, line by line", async () => {
  const readme = await readFile(join(import.meta.dirname, "../../../README.md"), "utf8");
  const block = /## A tour\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const lines = (block as string)
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const repo = await tempRepo({ "src/auth/login.ts": "export {};\n" });
  for (const line of lines) {
    for (const part of line.split(" && ")) {
      const words = parse(part) as string[];
      const env: Record<string, string> = {};
      while (/^[A-Z_]+=/.test(words[0] ?? "")) {
        const [k, ...v] = (words.shift() as string).split("=");
        env[k as string] = v.join("=");
      }
      expect(words[0], part).toBe("exo");
      const run = await exo(repo, ...words.slice(1), { env });
      expect(run.code, `${part}\n${run.stdout}`).toBe(0);
    }
  }
});

test("exo help help and exo help completion show help, not an unknown-command error", async () => {
  const repo = await tempRepo();
  const help = await exo(repo, "help", "help", { json: false });
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^Usage: exo /m);
  const completion = await exo(repo, "help", "completion", { json: false });
  expect(completion.code).toBe(0);
  expect(completion.stdout).toMatch(/^Usage: exo completion bash\|zsh\|fish$/m);
  expect((await exo(repo, "completion", "--help", { json: false })).stdout).toBe(completion.stdout);
});

test("install --dry-run lists the starter ticket and the MCP registration it would add", async () => {
  const repo = await tempRepo();
  const plan = await exo(repo, "install", "--dry-run", "--example", { json: false });
  expect(plan.code).toBe(0);
  expect(plan.stdout).toMatch(/^ {2}example {4}planned: starter intent and TICKET-001$/m);
  expect(plan.stdout).toMatch(/^ {2}mcp {8}planned: register exo-mcp in \.mcp\.json \(via \.exo\/bin\/exo-mcp\.mjs\)$/m);
  expect((await exo(repo, "install", "--dry-run", "--no-mcp", { json: false })).stdout).not.toMatch(/^ {2}mcp /m);
});

test("--repo naming no folder, and a run inside .git, get hints that do not git init the wrong place", async () => {
  const repo = await initRepo();
  const missing = await exo(repo, "--repo", join(repo, "no-such-dir"), "status", { json: false });
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/no-such-dir is not an existing folder/);
  expect(missing.stderr).toMatch(/^hint: git rev-parse --show-toplevel$/m);
  const inGit = envelope(await exo(join(repo, ".git"), "status"));
  expect(inGit.error?.code).toBe("NOT_A_GIT_REPO");
  expect(inGit.error?.hint).toMatch(/^cd \//);
  expect(envelope(await exo(inGit.error?.hint?.slice(3) as string, "status")).ok).toBe(true);
});

test("usage errors from the parser read as exo's own sentences, naming what the command needs", async () => {
  const repo = await initRepo();
  const cases: [string[], string][] = [
    [["ticket-show"], "error: exo ticket-show needs <id>, the id of a ticket; exo tickets lists them. [USAGE_ERROR]"],
    [["session-finish"], "error: exo session-finish needs --summary; run exo session-finish --help. [USAGE_ERROR]"],
    [["next", "--owner"], "error: exo next --owner needs an actor name such as alice or agent:claude; leave it out for your own actor. [USAGE_ERROR]"],
    [["status", "extra"], "error: exo status takes no arguments; run exo status --help. [USAGE_ERROR]"],
    [["ticket-create", "signup", "form"], "error: exo ticket-create takes 1 argument, got more (quote a value with spaces); run exo ticket-create --help. [USAGE_ERROR]"],
  ];
  for (const [args, line] of cases) {
    const run = await exo(repo, ...args, { json: false });
    expect(run.code, args.join(" ")).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(line);
  }
});

test("install's summary lines fit 80 columns (the next steps keep their commands whole)", async () => {
  const repo = await tempRepo();
  const run = await exo(repo, "install", "--example", { json: false });
  expect(run.code).toBe(0);
  const summary = run.stdout.split("\nNext steps:")[0] as string;
  expect(summary.split("\n").filter((l) => [...l].length > 80)).toEqual([]);
  expect(summary).toMatch(/^ {2}wrote {6}\.claude\/settings\.json, /m);
});

test("exo alone keeps its next steps within 80 columns when a command is long", async () => {
  const repo = await initRepo();
  expect(envelope(await exo(repo, "intent-create", "goal", "--brain-dump", "why")).ok).toBe(true);
  const home = await exo(repo, { json: false });
  const next = home.stdout.split("\nNext:\n")[1] as string;
  expect(next).toMatch(/exo ticket-create "Task" --parent INT-\d{8}-\d{6}-[A-Z0-9]{6}\n {4}nothing is ready: add a task\n/);
  // (The commit line of the new intent is a command on a line of its own, printed whole to copy.)
  expect(next.split("\n").filter((l) => [...l].length > 80 && !l.startsWith("  git add -- "))).toEqual([]);
});

test("finishing a session twice by id says it is closed already, not that it does not exist", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "TICKET-001", parent: "INT-1" }]);
  const id = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session.id as string;
  expect(envelope(await exo(repo, "session-finish", "--summary", "done", "--session-id", id)).ok).toBe(true);
  const again = envelope(await exo(repo, "session-finish", "--summary", "done", "--session-id", id));
  expect(again.error?.code).toBe("SESSION_NOT_FOUND");
  expect(again.error?.message).toBe(`Session ${id} on TICKET-001 is closed already (memento .exo/mementos/TICKET-001/${id}.md); nothing to do.`);
  expect(again.error?.hint).toBe("exo ticket-show TICKET-001");
});
