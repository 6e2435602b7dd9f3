// A demanding new user's first ten minutes, eighteenth pass: ticket-show, doctor and ledger-show
// fit 40 to 60 columns with ids and paths whole, and a flag typed without its value says what it
// takes and gives a line that runs.
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { baseEnv, envelope, EXO_BIN, exo, tempRepo } from "../../helpers/repo.js";

const wide = (text: string, cols: number) => text.split("\n").filter((l) => [...l].length > cols);
const LONG = "human:someone.with.a.long.name@example.com";

async function finishedExample(): Promise<{ repo: string; intent: string; session: string }> {
  const repo = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next", "--owner", "alice")).code).toBe(0);
  const session = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session.id as string;
  await import("node:fs").then((fs) => fs.writeFileSync(`${repo}/src/a.js`, "export const a = 1;\n"));
  expect((await exo(repo, "session-finish", "--summary", "first change")).code).toBe(0);
  const intent = envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.parent as string;
  return { repo, intent, session };
}

test("ticket-show, doctor and ledger-show fit 40 to 60 columns; ids, paths and the scope stay whole", async () => {
  const { repo, intent, session } = await finishedExample();
  expect((await exo(repo, "ticket-create", "a teammate's task", "--actor", LONG)).code).toBe(0);
  for (const cols of [40, 50, 60, 80]) {
    const env = { COLUMNS: String(cols) };
    const show = await exo(repo, "ticket-show", "TICKET-001", { json: false, env });
    expect(show.code).toBe(0);
    // Before: `path     INT-… › TICKET-001` and `scope    allow … (from INT-…)` ran to 75 columns at 40.
    expect(wide(show.stdout, cols)).toEqual([]);
    for (const word of [intent, "TICKET-001", "src/**,", "docs/**,", "README.md", "(from", session, "drift 0.", "alice"]) expect(show.stdout).toContain(word);
    const doctor = await exo(repo, "doctor", { json: false, env });
    // Before: the messages ran as 20-column ribbons at 40 and the verdict line took 49.
    // (A command or a path longer than the line stays whole, to copy; a command then starts at 6.)
    expect(wide(doctor.stdout, cols).filter((l) => !/^ {6}→ (exo|git) /.test(l) && /\S\s+\S/.test(l.trim()))).toEqual([]);
    expect(doctor.stdout.split("\n")[0]).toMatch(/^overall: warn/);
    expect(doctor.stdout).toContain("exo ticket-update TKT-");
    expect(doctor.stdout).toMatch(/^ok {4}environment/m);
    expect(doctor.stdout).toMatch(/every configured adapter is\s+fresh/);
    const ledger = await exo(repo, "ledger-show", { json: false, env });
    // Before: a long actor ran the table to 99 columns, at 40 any table took 71.
    expect(wide(ledger.stdout.split("\n").filter((l) => !l.includes(LONG)).join("\n"), cols)).toEqual([]);
    for (const word of [LONG, "human:", "session.finished", "ticket.created", "TICKET-001"]) expect(ledger.stdout).toContain(word);
    expect(ledger.stdout.split("\n").filter((l) => l.includes(LONG)).every((l) => l.trim() === LONG || [...l].length <= cols)).toBe(true);
  }
  // Wide enough for the table, with short actors, it is still the table.
  const plain = await tempRepo();
  expect((await exo(plain, "install")).code).toBe(0);
  expect((await exo(plain, "ledger-show", { json: false })).stdout.split("\n")[0]).toMatch(/^TIME \(UTC\)\s+ACTOR\s+EVENT\s+SUBJECT$/);
  const narrow = (await exo(plain, "ledger-show", { json: false, env: { COLUMNS: "40" } })).stdout.split("\n");
  expect(narrow[0]).toMatch(/^\d{4}-\d\d-\d\d \(UTC\)$/);
  expect(narrow[1]).toMatch(/^\d\d:\d\d:\d\d {2}ledger\.segment_opened$/);
  expect(narrow[2]).toMatch(/^ {10}human:/);
});

test("a flag typed without its value says what it takes; the hint fills it in and runs", async () => {
  const repo = await tempRepo();
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const cases: [string[], string, string][] = [
    [["next", "--owner"], "exo next --owner needs an actor name such as alice or agent:claude; leave it out for your own actor.", "exo next"],
    [["next", "--owner", "--dry-run"], "exo next --owner needs an actor name such as alice or agent:claude; leave it out for your own actor.", "exo next --dry-run"],
    [["ticket-update", "TICKET-001", "--status"], "exo ticket-update --status needs one of todo, active, paused, review, done, cancelled, archived.", "exo ticket-update TICKET-001 --status '<todo|active|paused|review|done|cancelled|archived>'"],
    [["ticket-create", "x", "--priority"], "exo ticket-create --priority needs a number: 1 = most urgent … 5.", "exo ticket-create x --priority '<n>'"],
    [["session-handoff", "--to", "--summary", "x"], "exo session-handoff --to needs an actor name such as alice or agent:claude, or any.", "exo session-handoff --to '<actor>' --summary x"],
    [["ledger-show", "--actor"], "exo ledger-show --actor needs an actor name such as alice or agent:claude.", "exo ledger-show --actor '<actor>'"],
    // A repeated flag: the value goes after the one left empty.
    [["intent-create", "x", "--brain-dump", "y", "--scope-allow", "a/**", "--scope-allow"], "exo intent-create --scope-allow needs a value: globs its tasks may write.", "exo intent-create x --brain-dump y --scope-allow 'a/**' --scope-allow \"…\""],
  ];
  for (const [args, message, hint] of cases) {
    const human = await exo(repo, ...args, { json: false });
    expect(human.code, args.join(" ")).toBe(2);
    expect(human.stderr).toBe(`error: ${message} [USAGE_ERROR]\nhint: ${hint}\n`);
    const json = envelope(await exo(repo, ...args));
    expect(json.error).toMatchObject({ code: "USAGE_ERROR", message, hint });
  }
  // Before: `--owner --dry-run` took the flag for the owner ("not a valid actor, got --dry-run"),
  // and `exo next --owner` hinted `exo next --help`. The hint runs as printed.
  const run = await exo(repo, "next", "--dry-run");
  expect(run.code).toBe(0);
  expect(envelope(run).data.ticket.id).toBe("TICKET-001");
});

test("install --example in a monorepo package folder scopes the starter to that package: the quick start's edit there is in scope", async () => {
  const repo = await tempRepo({
    "package.json": '{"name":"mono","private":true,"workspaces":["packages/*"]}\n',
    "packages/app/package.json": '{"name":"app","scripts":{"test":"node -e \\"\\""}}\n',
    "packages/app/src/a.js": "export {};\n",
    "src/root.js": "export {};\n",
  });
  const app = join(repo, "packages/app");
  expect((await exo(app, "install", "--example")).code).toBe(0);
  // Installed once, at the top of the work tree.
  expect(existsSync(join(repo, ".exo/config.yaml"))).toBe(true);
  expect(existsSync(join(app, ".exo"))).toBe(false);
  expect((await exo(app, "next", "--owner", "your-name")).code).toBe(0);
  const start = envelope(await exo(app, "session-start", "--ticket-id", "TICKET-001"));
  expect(start.data.bootstrap).toContain("`packages/app/src/**`, `packages/app/docs/**`, `packages/app/README.md`");
  writeFileSync(join(app, "src/a.js"), "export const a = 1;\n");
  const finish = envelope(await exo(app, "session-finish", "--summary", "first change"));
  // Before: the scope was the top's src/**, and this edit was all drift (0.518, 0/1 in scope).
  expect(finish.data.drift).toMatchObject({ in_scope: 1, out_of_scope: [] });
  const shown = envelope(await exo(repo, "ticket-show", "TICKET-001")).data;
  expect(shown.ticket.description).toContain("(packages/app/src/**, packages/app/docs/**, packages/app/README.md)");
  // At the top of the repository the starter keeps the top's folders.
  const top = await tempRepo({ "src/a.js": "export {};\n" });
  expect((await exo(top, "install", "--example")).code).toBe(0);
  expect(envelope(await exo(top, "ticket-show", "TICKET-001")).data.effective_scope.allow).toEqual(["src/**", "docs/**", "README.md"]);
});

test("a command's argument left out is named with what else is missing, and the hint runs once filled in", async () => {
  const repo = await tempRepo();
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const cases: [string[], string, string][] = [
    // Before: "needs --brain-dump", hint `exo intent-create --brain-dump "…"`, which failed again on the title.
    [["intent-create"], "exo intent-create needs <title> and --brain-dump; run exo intent-create --help.", 'exo intent-create "…" --brain-dump "…"'],
    [["intent-create", "--brain-dump", "why"], "exo intent-create needs <title>; run exo intent-create --help.", 'exo intent-create "…" --brain-dump why'],
    [["ticket-create", "--parent", "INT-1"], "exo ticket-create needs <title>; run exo ticket-create --help.", 'exo ticket-create "…" --parent INT-1'],
    // Before: hint `exo ticket-close --help`, which does not say which ids there are.
    [["ticket-close"], "exo ticket-close needs <id>, the id of a ticket; exo tickets lists them.", "exo tickets"],
    [["ticket-update", "--status", "done"], "exo ticket-update needs <id>, the id of a ticket; exo tickets lists them.", "exo tickets"],
    [["reflect-dismiss"], "exo reflect-dismiss needs <id>, the id of a learning; exo reflections lists them.", "exo reflections"],
  ];
  for (const [args, message, hint] of cases) {
    const human = await exo(repo, ...args, { json: false });
    expect(human.code, args.join(" ")).toBe(2);
    expect(human.stderr).toBe(`error: ${message} [USAGE_ERROR]\nhint: ${hint}\n`);
    expect(envelope(await exo(repo, ...args)).error).toMatchObject({ code: "USAGE_ERROR", message, hint });
  }
  // Filled in, the hint runs.
  expect((await exo(repo, "intent-create", "Email login", "--brain-dump", "why")).code).toBe(0);
  expect(envelope(await exo(repo, "tickets")).data.tickets.length).toBeGreaterThan(0);
});

test("another tracker's status words get the status exo has; exo version points at --version", async () => {
  const repo = await tempRepo();
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  for (const [typed, meant] of [["closed", "done"], ["in-progress", "active"], ["in progress", "active"], ["blocked", "paused"], ["open", "todo"], ["wontfix", "cancelled"]] as const) {
    const run = await exo(repo, "ticket-update", "TICKET-001", "--status", typed, { json: false });
    expect(run.code, typed).toBe(2);
    expect(run.stderr).toContain(`got ${JSON.stringify(typed)}; did you mean ${meant}? [INVALID_INPUT]\nhint: exo ticket-update TICKET-001 --status ${meant}\n`);
  }
  // A word with no meaning here stays without a suggestion.
  expect((await exo(repo, "ticket-update", "TICKET-001", "--status", "purple", { json: false })).stderr).not.toContain("did you mean");
  const json = envelope(await exo(repo, "ticket-update", "TICKET-001", "--status", "blocked"));
  expect(json.error?.message).toContain('got "blocked"; did you mean paused?');
  expect(json.error?.hint).toBe("exo --format json ticket-update TICKET-001 --status paused");
  // The status meant runs where the move is allowed (todo → cancelled for wontfix).
  expect(envelope(await exo(repo, "ticket-update", "TICKET-001", "--status", "cancelled")).data.ticket.status).toBe("cancelled");
  for (const args of [["version"], ["help", "version"]]) {
    const run = await exo(repo, ...args, { json: false });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: exo has no version command; exo --version prints the version. [USAGE_ERROR]\nhint: exo --version\n");
  }
  expect((await exo(repo, "--version", { json: false })).stdout).toMatch(/^\d+\.\d+\.\d+/);
});

test("exo status fits 40 columns after the quick start: its values wrap under themselves", async () => {
  const { repo } = await finishedExample();
  for (const cols of [40, 50]) {
    const status = (await exo(repo, "status", { json: false, env: { COLUMNS: String(cols) } })).stdout;
    // Before: `tickets     todo 1, review 1 (intent 1, task 1)` (47) and the governance and next lines ran past 40.
    // (A command on a line of its own under its sentence stays whole, to copy: round 39.)
    expect(wide(status, cols).filter((l) => /\S\s+\S/.test(l.trim()) && !l.startsWith(" ".repeat(14)))).toEqual([]);
    expect(status).toMatch(/^tickets {5}1 task in review; 1 intent$/m);
    expect(status).toMatch(/^governance {2}valid · lock v1/m);
    // Before round 39: "nothing ready (exo ready says why)", while exo ready gave this commit.
    expect(status.replace(/\n {12}(?! )/g, " ")).toMatch(/^next {8}nothing ready; exo ready's next step:\n {14}git add -- src\/a\.js && git commit -m "…" -m "Exo-Session: SES-/m);
  }
  const full = (await exo(repo, "status", { json: false })).stdout;
  expect(full).toMatch(/^tickets {5}1 task in review; 1 intent$/m);
});

test("Ctrl-C while session-finish runs its checks says the session is still open and how to finish; finishing again works", async () => {
  const repo = await tempRepo({ "package.json": '{"name":"c","scripts":{"test":"sleep 8"}}\n', "src/a.js": "export {};\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "next", "--owner", "alice")).code).toBe(0);
  const session = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001")).data.session.id as string;
  writeFileSync(join(repo, "src/a.js"), "export const a = 1;\n");
  // Ctrl-C once the check has started (its progress line is on stderr).
  const child = spawn(process.execPath, [EXO_BIN, "session-finish", "--summary", "first change"], { cwd: repo, env: baseEnv() });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes("running npm test")) child.kill("SIGINT");
  });
  const code = await new Promise<number | null>((done) => child.on("close", (c, signal) => done(c ?? (signal ? 128 + 2 : null))));
  expect(code).toBe(130);
  // Before: `[1/1] running npm test …` and nothing else.
  expect(stderr).toContain(`\nexo session-finish: interrupted while the checks ran; ${session} stays open on TICKET-001 with its lock, nothing was finished. Finish again: exo session-finish --summary 'first change'\n`);
  writeFileSync(join(repo, "package.json"), '{"name":"c","scripts":{"test":"node -e \\"\\""}}\n');
  const status = envelope(await exo(repo, "status")).data;
  expect(status.sessions.map((s: { id: string }) => s.id)).toEqual([session]);
  const again = envelope(await exo(repo, "session-finish", "--summary", "first change"));
  expect(again.ok).toBe(true);
});

test("the one-line reports (pr-check, fleet-drift, features, requirements, trace, reflections, sandbox-policy) fit 40 columns, commands whole", async () => {
  const { repo } = await finishedExample();
  const env = { COLUMNS: "40" };
  for (const command of ["pr-check", "fleet-drift", "features", "requirements", "trace", "reflections", "sandbox-policy"]) {
    const run = await exo(repo, command, { json: false, env });
    // Before: 52 to 76 columns (`pr-check PASS main..HEAD: 0 errors, 0 warnings; 0 commits, 0 changed files`).
    // (fleet-drift's tables are left as they are.)
    const lines = run.stdout.split("\n").filter((l) => !/^[A-Z ]+$|^\S+ {2,}\d/.test(l));
    expect(wide(lines.join("\n"), 40), command).toEqual([]);
  }
  const learn = (await exo(repo, "reflections", { json: false, env })).stdout;
  expect(learn).toBe("no learnings; record one with:\n  exo reflect --pattern … --insight …\n");
  expect((await exo(repo, "reflections", { json: false })).stdout).toBe("no learnings (record one with: exo reflect --pattern … --insight …)\n");
  expect((await exo(repo, "pr-check", { json: false, env })).stdout).toMatch(/^pr-check PASS .*\n {2}\S/);
});

test("metrics, fleet-drift and worktrees stack their number tables at 40 columns, as header-value pairs under each row's name", async () => {
  const { repo } = await finishedExample();
  const env = { COLUMNS: "40" };
  const metrics = (await exo(repo, "metrics", { json: false, env })).stdout;
  // Before: `ACTOR  SESSIONS  AVG DRIFT  VERIFY  DENIED`, 48 columns (and 44 for fleet-drift's).
  expect(metrics).toMatch(/^actor human:test@example\.invalid\n {2}sessions 1 {2}avg drift 0\.\d+/m);
  const fleet = (await exo(repo, "fleet-drift", { json: false, env })).stdout;
  expect(wide(fleet, 40)).toEqual([]);
  expect(fleet).toMatch(/^actor human:test@example\.invalid\n {2}sessions 1 {2}live 0 {2}avg 0\.\d+/m);
  expect(fleet).toMatch(/^vendor unknown$/m);
  const trees = (await exo(repo, "worktrees", { json: false, env })).stdout;
  expect(trees).toMatch(/^ticket TICKET-001\n {2}branch main {2}head [0-9a-f]{8}( {2}|\n {2})sessions -( {2}|\n {2})path \//m);
  // At 80 columns they are the tables they were.
  expect((await exo(repo, "fleet-drift", { json: false })).stdout).toMatch(/^ACTOR +SESSIONS +LIVE +AVG +MAX +HIGH$/m);
  expect((await exo(repo, "metrics", { json: false })).stdout).toMatch(/^ACTOR +SESSIONS +AVG DRIFT +VERIFY +DENIED$/m);
});
