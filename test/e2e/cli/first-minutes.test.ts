// A demanding new user's first ten minutes: the mistakes people make at the keyboard get exo's
// own sentence, the right exit code and a next step that runs as printed.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { baseEnv, envelope, EXO_BIN, exo, git, initRepo, tempRepo } from "../../helpers/repo.js";
import { writeTickets } from "../../helpers/tickets.js";

test("a global option with its value left out is a usage error naming the option (SPEC §5.1)", async () => {
  const repo = await initRepo();
  const cases: [string[], string, string][] = [
    [["status", "--format"], "error: --format needs a value: human or json. [USAGE_ERROR]", "hint: exo status --format json"],
    [["status", "--repo"], "error: --repo needs a value: a folder inside the git work tree. [USAGE_ERROR]", "hint: exo --help"],
    [["status", "--actor"], "error: --actor needs a value: a name like human:alice or agent:claude. [USAGE_ERROR]", "hint: exo --help"],
    // exo alone with a dangling option does not show the home screen as if nothing was wrong.
    [["--actor"], "error: --actor needs a value: a name like human:alice or agent:claude. [USAGE_ERROR]", "hint: exo --help"],
    [["--repo"], "error: --repo needs a value: a folder inside the git work tree. [USAGE_ERROR]", "hint: exo --help"],
    // The value left out before the command: the command is not taken for a format.
    [["--format", "status"], "error: --format needs a value before the command: human or json, not the command status. [USAGE_ERROR]", "hint: exo --format json status"],
  ];
  for (const [args, error, hint] of cases) {
    const run = await exo(repo, ...args, { json: false });
    expect(run.code, args.join(" ")).toBe(2);
    expect(run.stdout, args.join(" ")).toBe("");
    expect(run.stderr, args.join(" ")).toBe(`${error}\n${hint}\n`);
  }
  // With --format json given first, the same mistake is one JSON envelope.
  const json = envelope(await exo(repo, "status", "--repo"));
  expect(json.error?.code).toBe("USAGE_ERROR");
  // The printed hint runs as printed.
  expect((await exo(repo, "status", "--format", "json", { json: false })).code).toBe(0);
  // A value that is there but wrong stays INVALID_INPUT.
  const wrong = await exo(repo, "status", "--format", "yaml", { json: false });
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toMatch(/^error: --format must be human or json, not "yaml". \[INVALID_INPUT\]/);
});

test("session-start with no ticket starts the ticket handed to this actor, not --dispatch (which could pick another)", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "TICKET-001", parent: "INT-1" }, { id: "URGENT", parent: "INT-1", priority: 1 }]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).ok).toBe(true);
  expect(envelope(await exo(repo, "session-handoff", "--to", "agent:claude", "--summary", "half done")).ok).toBe(true);
  const claude = { env: { EXO_ACTOR: "agent:claude" } };
  // Before: SESSION_TICKET_REQUIRED "No ticket given; handed to agent:claude and waiting: TICKET-001; pass --ticket-id."
  const picked = envelope(await exo(repo, "session-start", claude));
  expect(picked.ok).toBe(true);
  expect(picked.data.ticket.id).toBe("TICKET-001");
  expect(picked.data.handoff.from_actor).toMatch(/^human/);
});

test("ticket-update --status active on a task points at session-start, not at cancelling it", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T2", parent: "INT-1" }]);
  const update = envelope(await exo(repo, "ticket-update", "T2", "--status", "active"));
  expect(update.error?.code).toBe("INVALID_TRANSITION");
  expect(update.error?.message).toBe("task T2 cannot go from todo to active this way (allowed: cancelled); a task becomes active when a session starts on it (or exo next claims it).");
  expect(update.error?.hint).toBe("exo session-start --ticket-id T2");
  const started = envelope(await exo(repo, "session-start", "--ticket-id", "T2"));
  expect(started.ok).toBe(true);
  expect(started.data.ticket.status).toBe("active");
});

test("ticket-close and the lease commands take the id as ticket-show does: any case or a unique prefix", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "TICKET-001", parent: "INT-1" }, { id: "OTHER", parent: "INT-1", priority: 5 }]);
  expect(envelope(await exo(repo, "next", "--owner", "human")).data.ticket.id).toBe("TICKET-001");
  const renew = envelope(await exo(repo, "lease-renew", "--ticket-id", "ticket-001"));
  expect(renew.ok, JSON.stringify(renew.error)).toBe(true);
  expect(renew.data.lock.ticket).toBe("TICKET-001");
  expect(envelope(await exo(repo, "lease-heartbeat", "--ticket-id", "ticket-0")).data.lock.ticket).toBe("TICKET-001");
  expect(envelope(await exo(repo, "lease-release", "--ticket-id", "Ticket-001")).data.lock.ticket).toBe("TICKET-001");
  const close = envelope(await exo(repo, "ticket-close", "ticket-001", "--status", "cancelled", "--reason", "demo"));
  expect(close.ok, JSON.stringify(close.error)).toBe(true);
  expect(envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.status).toBe("cancelled");
  // An id that matches nothing still names what was typed.
  const missing = envelope(await exo(repo, "ticket-close", "nope"));
  expect(missing.error?.code).toBe("TICKET_NOT_FOUND");
  expect(missing.error?.message).toMatch(/\bnope\b/);
});

test("a scope typed in a monorepo package is relative to the root: exo says so and names the package's form", async () => {
  const repo = await initRepo({ "packages/web/package.json": "{}\n", "packages/web/src/app.js": "x\n", "docs/readme.md": "d\n" });
  const web = join(repo, "packages", "web");
  const create = envelope(await exo(web, "ticket-create", "web thing", "--scope-allow", "src/**"));
  expect(create.ok).toBe(true);
  expect(create.warnings).toEqual([
    { code: "SCOPE_ROOT_RELATIVE", message: `Scope src/** is relative to the repository root (${realpathSync(repo)}), where src does not exist; you are in packages/web: for this folder use packages/web/src/**.` },
  ]);
  // The form it names covers the package's files.
  const id = create.data.ticket.id as string;
  expect(envelope(await exo(web, "ticket-update", id, "--scope-allow", "packages/web/src/**")).warnings ?? []).toEqual([]);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", id)).ok).toBe(true);
  expect(envelope(await exo(web, "decide", "--path", "src/app.js")).data.decision).toBe("allow");
  // Globs that exist at the root, or run from the root, say nothing.
  expect(envelope(await exo(web, "ticket-create", "docs", "--scope-allow", "docs/**")).warnings).toBeUndefined();
  expect(envelope(await exo(repo, "ticket-create", "new", "--scope-allow", "newdir/**")).warnings).toBeUndefined();
  // ticket-update from the subfolder warns the same way.
  const update = envelope(await exo(web, "ticket-update", id, "--scope-allow", "lib2/**"));
  expect(update.warnings?.map((w) => w.code)).toContain("SCOPE_ROOT_RELATIVE");
});

test("a suspended session whose ticket was closed meanwhile is not a dead end: the hint closes it", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T3", parent: "INT-1" }]);
  const id = envelope(await exo(repo, "session-start", "--ticket-id", "T3")).data.session.id as string;
  expect(envelope(await exo(repo, "session-suspend", "--reason", "lunch")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-update", "T3", "--status", "cancelled")).ok).toBe(true);
  for (const args of [["session-resume"], ["session-start"]]) {
    const run = envelope(await exo(repo, ...args));
    expect(run.error?.code, args[0]).toBe("TICKET_CLOSED");
    expect(run.error?.message).toBe(`T3 is cancelled, so session ${id} cannot resume; close it with exo session-cleanup (memento kept, ticket stays cancelled).`);
    expect(run.error?.hint).toBe(`exo session-cleanup --session-id ${id} --force`);
  }
  expect(envelope(await exo(repo, "session-cleanup", "--session-id", id, "--force")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-show", "T3")).data.ticket.status).toBe("cancelled");
  expect(envelope(await exo(repo, "status")).data.sessions).toEqual([]);
  // Bare session-start no longer lands on it.
  expect(envelope(await exo(repo, "session-start")).error?.code).toBe("SESSION_TICKET_REQUIRED");
});

test("session-start on a closed ticket prints a reopen command that names the ticket and runs as printed", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "TICKET-001", parent: "INT-1", status: "done" }, { id: "OLD", parent: "INT-1", status: "archived" }]);
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001"));
  expect(start.error?.code).toBe("TICKET_CLOSED");
  expect(start.error?.message).toBe('TICKET-001 is done; reopen it first (exo ticket-update TICKET-001 --status todo --reason "…"), or pick other work with exo next.');
  expect(start.error?.hint).toBe('exo ticket-update TICKET-001 --status todo --reason "…"');
  expect(envelope(await exo(repo, "ticket-update", "TICKET-001", "--status", "todo", "--reason", "…")).ok).toBe(true);
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).ok).toBe(true);
  const archived = envelope(await exo(repo, "session-start", "--ticket-id", "OLD"));
  expect(archived.error).toMatchObject({ code: "TICKET_CLOSED", message: "OLD is archived (final); pick other work with exo next.", hint: "exo next" });
});

test("session-cleanup --force on a live session says it was forced, not empty parentheses", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const id = envelope(await exo(repo, "session-start", "--ticket-id", "T1")).data.session.id as string;
  const run = await exo(repo, "session-cleanup", "--session-id", id, "--force", { json: false });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(new RegExp(`^recovered ${id} on T1 \\(forced: not stale\\): ticket `, "m"));
  expect(run.stdout).not.toContain("()");
});

/** Is a process alive (signal 0)? */
function alive(pid: number): boolean {
  if (!(pid > 1)) throw new Error(`not a process id: ${pid}`);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("interrupting exo while a check runs stops the check's whole process tree, not only exo", async () => {
  // The check is a parent (like npm) whose child (like the test runner) would outlive it.
  const repo = await initRepo({
    "slow.cjs": "const { spawn } = require('node:child_process');\nconst c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });\nrequire('node:fs').writeFileSync('grandchild.pid', String(c.pid));\nsetInterval(() => {}, 1000);\n",
  });
  const cfg = join(repo, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("allowlist: []", 'allowlist: ["node slow.cjs"]'));
  expect(envelope(await exo(repo, "compose")).ok).toBe(true);
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  expect(envelope(await exo(repo, "ticket-update", "T1", "--check", "node slow.cjs")).ok).toBe(true);
  const child = spawn(process.execPath, [EXO_BIN, "check", "--ticket-id", "T1"], { cwd: repo, env: baseEnv(), stdio: "ignore" });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal === "SIGINT" ? 130 : code)));
  const pidFile = join(repo, "grandchild.pid");
  // The file can be seen before its number is written: an empty read is Number("") = 0, and
  // signalling pid 0 reaches this test runner's whole process group (a SIGKILL there ends the run).
  const readPid = () => (existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").trim()) : 0);
  let grandchild = 0;
  for (let i = 0; i < 200 && !(grandchild > 1); i++) {
    grandchild = readPid();
    if (!(grandchild > 1)) await new Promise((r) => setTimeout(r, 50));
  }
  expect(Number.isInteger(grandchild) && grandchild > 1).toBe(true);
  expect(alive(grandchild)).toBe(true);
  child.kill("SIGINT");
  expect(await exited).toBe(130);
  let gone = false;
  for (let i = 0; i < 100 && !gone; i++) {
    gone = !alive(grandchild);
    if (!gone) await new Promise((r) => setTimeout(r, 50));
  }
  if (!gone && grandchild > 1) process.kill(grandchild, "SIGKILL");
  expect(gone).toBe(true);
});

test("install --example run again after the quick start does not tell you to claim the finished starter ticket", async () => {
  const repo = await tempRepo();
  const first = envelope(await exo(repo, "install", "--example"));
  expect(first.data.next_steps[0]).toBe("Claim the starter ticket for yourself: exo next");
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).ok).toBe(true);
  expect(envelope(await exo(repo, "session-finish", "--summary", "first change")).ok).toBe(true);
  const again = envelope(await exo(repo, "install", "--example"));
  expect(again.ok).toBe(true);
  expect(again.data.next_steps.join("\n")).not.toMatch(/starter ticket|TICKET-001/);
  // What it says instead works: there is no ready task, so it says how to make one, with ids that are free.
  expect(envelope(await exo(repo, "next", "--owner", "your-name")).error?.code).toBe("NO_TICKET");
  expect(again.data.next_steps[0]).toBe('Create work: exo intent-create "what you want" --brain-dump "why it matters" --scope-allow "src/**" --id INT-001, then exo ticket-create "first task" --parent INT-001 --id TICKET-002');
  expect(again.data.next_steps[1]).toBe("Start a session: exo next, then exo session-start --ticket-id TICKET-002");
  expect(envelope(await exo(repo, "intent-create", "what you want", "--brain-dump", "why it matters", "--scope-allow", "src/**", "--id", "INT-001")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "first task", "--parent", "INT-001", "--id", "TICKET-002")).ok).toBe(true);
  expect(envelope(await exo(repo, "next", "--owner", "your-name")).data.ticket.id).toBe("TICKET-002");
});

test("a hand-edited or deleted ledger segment: ledger verify's hint shows the change or restores the file", async () => {
  const repo = await initRepo();
  const dir = join(repo, ".exo", "ledger");
  const file = (await import("node:fs")).readdirSync(dir).find((n) => n.endsWith(".jsonl")) as string;
  const segment = file.replace(/\.jsonl$/, "");
  const original = await readFile(join(dir, file), "utf8");
  await writeFile(join(dir, file), original.replace('"seq":1', '"seq":11'));
  const edited = await exo(repo, "ledger", "verify");
  expect(edited.code).toBe(1);
  expect(envelope(edited).error?.hint).toBe(`git diff -- ':/.exo/ledger/${segment}.jsonl'`);
  // The hint runs as printed from any folder of the repository (a shell strips the quotes).
  expect(git(join(repo, ".exo"), "diff", "--", `:/.exo/ledger/${segment}.jsonl`)).toMatch(/"seq":11/);
  (await import("node:fs")).rmSync(join(dir, file));
  const deleted = envelope(await exo(repo, "ledger", "verify"));
  expect(deleted.error?.hint).toBe(`git checkout -- ':/.exo/ledger/${segment}.jsonl'`);
  git(join(repo, ".exo"), "checkout", "--", `:/.exo/ledger/${segment}.jsonl`);
  expect(envelope(await exo(repo, "ledger", "verify")).ok).toBe(true);
});

test("doctor's ledger section points a torn last line at doctor --fix, which repairs it", async () => {
  const repo = await initRepo();
  const dir = join(repo, ".exo", "ledger");
  const file = (await import("node:fs")).readdirSync(dir).find((n) => n.endsWith(".jsonl")) as string;
  await writeFile(join(dir, file), `${await readFile(join(dir, file), "utf8")}{"actor":"x`);
  const doctor = envelope(await exo(repo, "doctor"));
  const ledger = doctor.data.sections.find((s: { name: string }) => s.name === "ledger");
  expect(ledger).toMatchObject({ status: "fail", fixable: true, hint: "exo doctor --fix" });
  expect(envelope(await exo(repo, "doctor", "--fix")).data.sections.find((s: { name: string }) => s.name === "ledger").status).toBe("pass");
});

test("install --no-commit says which files to commit, and the command it prints commits exactly those", async () => {
  const repo = await tempRepo();
  await writeFile(join(repo, "notes.txt"), "mine\n");
  const run = envelope(await exo(repo, "install", "--no-commit"));
  expect(run.ok).toBe(true);
  expect(run.data.committed).toBeNull();
  const step = run.data.next_steps[0] as string;
  expect(step).toMatch(/^Commit exo's files when you are ready \(--no-commit left them for you; teammates get the hooks from git\): git add -- /);
  const command = step.slice(step.indexOf("git add -- "));
  expect(command).toContain(".claude/settings.json");
  const { execFileSync } = await import("node:child_process");
  execFileSync("sh", ["-c", command], { cwd: repo, env: baseEnv({ GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@x", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@x" }) });
  // Everything exo wrote is committed; the user's own file is not swept in.
  expect(git(repo, "status", "--porcelain").split("\n").filter(Boolean)).toEqual(["?? notes.txt"]);
  // A plain install commits itself: no such step.
  const other = envelope(await exo(await tempRepo(), "install"));
  expect(other.data.next_steps.join("\n")).not.toMatch(/^Commit exo's files/m);
});

test("a mistyped command's hint keeps what else was typed; exo help with a typo hints the help", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }, { id: "T1", parent: "INT-1" }]);
  const typo = envelope(await exo(repo, "sesion-start", "--ticket-id", "T1", "--task", "fix the bug"));
  expect(typo.error?.code).toBe("USAGE_ERROR");
  expect(typo.error?.hint).toBe("exo session-start --ticket-id T1 --task 'fix the bug'");
  const rerun = envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--task", "fix the bug"));
  expect(rerun.data.session.task).toBe("fix the bug");
  const help = await exo(repo, "help", "sesion-start", { json: false });
  expect(help.code).toBe(2);
  expect(help.stderr).toMatch(/\nhint: exo help session-start\n$/);
  expect((await exo(repo, "help", "session-start", { json: false })).stdout).toMatch(/^exo session-start: /);
  // Nothing else typed: the bare command, as before.
  expect(envelope(await exo(repo, "stauts")).error?.hint).toBe("exo status");
});

test("exo dashboard run from a subfolder prints a file URL that opens from there", async () => {
  const repo = await initRepo({ "packages/web/package.json": "{}\n" });
  const web = join(repo, "packages", "web");
  const run = await exo(web, "dashboard", { json: false });
  expect(run.code).toBe(0);
  const url = /^ {2}(file:\/\/\S+)$/m.exec(run.stdout)?.[1];
  expect(url, run.stdout).toBeDefined();
  const { fileURLToPath } = await import("node:url");
  expect(existsSync(fileURLToPath(url as string))).toBe(true);
  expect(run.stdout).toMatch(/^dashboard written to \.exo\/cache\/dashboard\.html \(\d+ KiB\); open it in a browser:$/m);
  expect(envelope(await exo(web, "dashboard")).data.path).toBe(".exo/cache/dashboard.html");
});

test("exo alone counts tasks, the work it hands out, apart from intents and epics, which nothing can be started on", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "INT-1", kind: "intent" }]);
  const only = await exo(repo, { json: false });
  expect(only.stdout).toMatch(/^tickets +no tasks; 1 intent$/m);
  expect(only.stdout).toMatch(/nothing is ready: add a task/);
  await writeTickets(repo, [{ id: "TICKET-001", parent: "INT-1" }]);
  expect((await exo(repo, { json: false })).stdout).toMatch(/^tickets +1 task todo; 1 intent$/m);
  // Tasks alone: no parents to count.
  const plain = await initRepo();
  await writeTickets(plain, [{ id: "TICKET-001" }]);
  expect((await exo(plain, { json: false })).stdout).toMatch(/^tickets +1 task todo$/m);
});

test("decide on a delete of /, a top-level folder or the home folder does not hint external_write_allow; a tool's folder still does", async () => {
  const repo = await initRepo();
  for (const cmd of ["rm -rf /", "rm -rf ~", "rm -rf /etc"]) {
    const out = envelope(await exo(repo, "decide", "--bash", cmd));
    expect(out.error?.code, cmd).toBe("PATH_OUTSIDE_REPO");
    expect(out.error?.hint, cmd).toMatch(/^work inside the repository: external_write_allow is for a tool's own folders/);
  }
  expect(envelope(await exo(repo, "decide", "--bash", "rm -rf /opt/tool/cache")).error?.hint).toBe("add the path to external_write_allow in .exo/config.yaml, then exo compose");
});

test("--repo naming a file says it is a file and names its folder", async () => {
  const repo = await initRepo({ "notes.txt": "x\n" });
  const out = envelope(await exo(repo, "status", "--repo", join(repo, "notes.txt")));
  expect(out.error?.code).toBe("NOT_A_GIT_REPO");
  expect(out.error?.message).toBe(`${join(repo, "notes.txt")} is a file, not a folder; pass --repo the folder of the repository (${repo}?).`);
  expect(out.error?.hint).toMatch(/^cd /);
});
