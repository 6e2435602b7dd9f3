// A demanding new user's first ten minutes and a team lead's first day, fourteenth pass: the
// packed exo on a small project, off the README's path (deleted state, merges, bad MCP calls).
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";

/** A small project with exo installed and one ticket of work committed. */
async function project(): Promise<string> {
  const repo = await tempRepo({
    "package.json": JSON.stringify({ name: "shop", scripts: { test: "node -e 0" } }),
    "src/math.js": "export const add = (a, b) => a + b;\n",
    "tests/math.test.js": "// tests\n",
  });
  expect((await exo(repo, "install")).code).toBe(0);
  expect((await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "signup form", "--parent", "INT-001", "--id", "TICKET-001")).code).toBe(0);
  git(repo, "add", "--all");
  git(repo, "commit", "--quiet", "--message", "work");
  return repo;
}

test("a .exo/ deleted from the work tree: exo, every command and install name git's copy, not a fresh install, and it runs", async () => {
  const repo = await project();
  const head = git(repo, "rev-parse", "HEAD");
  rmSync(join(repo, ".exo"), { recursive: true, force: true });
  // Before: "exo is not set up here yet" with exo install, whose fresh scaffold hid the tickets,
  // composed a lock that read as tampered, and committed the ledger's deletion.
  const home = await exo(repo, { json: false });
  expect(home.stdout).toContain("exo's governance is committed at HEAD but");
  expect(home.stdout).toContain("  git checkout HEAD -- .exo  ");
  expect(home.stdout).not.toContain("exo install");
  const tickets = envelope(await exo(repo, "tickets"));
  expect(tickets.error?.code).toBe("NOT_INITIALIZED");
  expect(tickets.error?.hint).toBe("git checkout HEAD -- .exo");
  expect(tickets.error?.details?.deleted).toContain(".exo/tickets/TICKET-001.yaml");
  const install = await exo(repo, "install");
  expect(install.code).toBe(1);
  const env = envelope(install);
  expect(env.error?.code).toBe("INSTALL_INCOMPLETE");
  expect(env.error?.hint).toBe("git checkout HEAD -- .exo");
  expect(env.data.steps[0]).toMatchObject({ name: "preflight", status: "failed", hint: "git checkout HEAD -- .exo" });
  expect(env.data.next_steps).toHaveLength(1);
  expect(git(repo, "rev-parse", "HEAD")).toBe(head); // no commit of the deletion
  expect(existsSync(join(repo, ".exo"))).toBe(false); // nothing left behind
  pasted(repo, env.error?.hint ?? "");
  expect(envelope(await exo(repo, "tickets")).data.tickets.map((t: { id: string }) => t.id)).toEqual(["INT-001", "TICKET-001"]);
  expect((await exo(repo, "doctor")).code).toBe(0);
});

test("doctor --fix on a deleted .exo/ checks git's copy out, tickets and ledger included", async () => {
  const repo = await project();
  rmSync(join(repo, ".exo"), { recursive: true, force: true });
  const doctor = envelope(await exo(repo, "doctor"));
  expect(doctor.error?.hint).toBe("exo doctor --fix");
  const config = doctor.data.sections.find((s: { name: string }) => s.name === "config");
  expect(config.hint).toBe("exo doctor --fix"); // before: exo install
  const fixed = await exo(repo, "doctor", "--fix");
  expect(fixed.code, fixed.stdout).toBe(0);
  expect(git(repo, "status", "--porcelain", "--", ".exo/tickets", ".exo/governance.lock.json")).toBe("");
  expect(envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.title).toBe("signup form");
  // A half-deleted one (config.yaml and a ticket gone, another file edited): only the deleted files come back.
  rmSync(join(repo, ".exo/config.yaml"));
  rmSync(join(repo, ".exo/tickets/INT-001.yaml"));
  writeFileSync(join(repo, ".exo/constitution.yaml"), `${git(repo, "show", "HEAD:.exo/constitution.yaml")}# a note\n`);
  const half = envelope(await exo(repo, "ready"));
  expect(half.error?.hint).toBe("git checkout HEAD -- .exo/config.yaml .exo/tickets/INT-001.yaml");
  pasted(repo, half.error?.hint ?? "");
  expect(git(repo, "status", "--porcelain", "--", ".exo/constitution.yaml")).toBe(" M .exo/constitution.yaml\n");
  expect(envelope(await exo(repo, "ticket-show", "INT-001")).ok).toBe(true);
});

test("install during a merge commits nothing and stages nothing: the hint is git status", async () => {
  const repo = await tempRepo({ "f.txt": "a\n" });
  git(repo, "checkout", "--quiet", "-b", "other");
  writeFileSync(join(repo, "f.txt"), "b\n");
  git(repo, "commit", "--quiet", "-am", "b");
  git(repo, "checkout", "--quiet", "main");
  writeFileSync(join(repo, "f.txt"), "c\n");
  git(repo, "commit", "--quiet", "-am", "c");
  try {
    git(repo, "merge", "other");
  } catch {
    // the conflict is the point
  }
  // Before: the commit step ran anyway (git refused a partial commit during a merge) and left
  // .exo/cache/guards/install.guard staged, so concluding the merge would have committed it.
  const env = envelope(await exo(repo, "install"));
  expect(env.error?.code).toBe("INSTALL_INCOMPLETE");
  expect(env.error?.hint).toBe("git status");
  expect(env.data.steps.filter((s: { status: string }) => s.status === "failed").map((s: { name: string }) => s.name)).toEqual(["preflight"]);
  expect(env.data.next_steps).toHaveLength(1);
  expect(git(repo, "status", "--porcelain")).toBe("UU f.txt\n");
  expect(existsSync(join(repo, ".exo"))).toBe(false);
});

test("exo ready with only blocked work names what unblocks it, not exo ready again, and it runs", async () => {
  const repo = await project();
  await exo(repo, "ticket-create", "logout", "--parent", "INT-001", "--id", "T-3", "--blocker", "TICKET-001");
  // Before: next_command was "exo ready" in each of these states: the command just run.
  const nextOf = async (...env: string[]) => envelope(await exo(repo, "ready", ...env)).data.next_command as string | null;
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  expect(await nextOf()).toBe('exo session-finish --summary "…"');
  expect((await exo(repo, "session-handoff", "--to", "agent:b", "--summary", "half done")).code).toBe(0);
  const take = await nextOf();
  expect(take).toBe("EXO_ACTOR=agent:b exo session-start --ticket-id TICKET-001");
  pasted(repo, take ?? "");
  expect((await exo(repo, "session-finish", "--summary", "done", { env: { EXO_ACTOR: "agent:b" } })).code).toBe(0);
  const close = await nextOf();
  expect(close).toBe("exo ticket-close TICKET-001");
  pasted(repo, close ?? "");
  const ready = envelope(await exo(repo, "ready"));
  expect(ready.data.ready.map((t: { id: string }) => t.id)).toEqual(["T-3"]);
  expect(ready.data.next_command).toBe("exo next");
});

test("a command's argument typed as an option (--title, --id) and git's -m: the hint is the line that runs", async () => {
  const repo = await project();
  // Before: "Unknown option --title; did you mean --title?" with the same failing line as the hint.
  const create = envelope(await exo(repo, "ticket-create", "--title", "login page", "--parent", "INT-001"));
  expect(create.error?.code).toBe("USAGE_ERROR");
  expect(create.error?.message).toBe("Unknown option --title for exo ticket-create: the title is its argument, not an option (exo ticket-create <title>).");
  expect(create.error?.hint).toBe("exo ticket-create 'login page' --parent INT-001");
  expect(pasted(repo, create.error?.hint ?? "")).toContain('"login page" under INT-001');
  const show = await exo(repo, "ticket-show", "--id=TICKET-001", { json: false });
  expect(show.code).toBe(2);
  expect(show.stderr).toContain("hint: exo ticket-show TICKET-001\n");
  expect(pasted(repo, "exo ticket-show TICKET-001")).toContain("signup form");
  // A typo near an argument's name is not offered the argument as an option.
  expect(envelope(await exo(repo, "ticket-create", "x", "--titel", "y")).error?.message).not.toContain("--title");
  // session-finish -m "…" (git commit's habit): before, "needs --summary" with a hint keeping -m, which failed again.
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  const finish = envelope(await exo(repo, "session-finish", "-m", "first cut"));
  expect(finish.error?.message).toBe("Unknown option -m for exo session-finish; did you mean --summary?");
  expect(finish.error?.hint).toBe("exo session-finish --summary 'first cut'");
  expect(pasted(repo, finish.error?.hint ?? "")).toContain("finished SES-");
});

test("--json (as gh and npm take it) hints --format json in the line typed, and it prints the envelope", async () => {
  const repo = await project();
  // Before: "Unknown option --json for exo tickets; run exo tickets --help", and exo --json alone pointed at exo --help.
  const tickets = await exo(repo, "tickets", "--json", "--status", "todo", { json: false });
  expect(tickets.code).toBe(2);
  expect(tickets.stderr).toBe("error: Unknown option --json for exo tickets; JSON output is --format json. [USAGE_ERROR]\nhint: exo tickets --format json --status todo\n");
  expect(JSON.parse(pasted(repo, "exo tickets --format json --status todo")).data.tickets.map((t: { id: string }) => t.id)).toEqual(["INT-001", "TICKET-001"]);
  const alone = await exo(repo, "--json", { json: false });
  expect(alone.code).toBe(2);
  expect(alone.stderr).toContain("hint: exo status --format json\n");
  expect(JSON.parse(pasted(repo, "exo status --format json")).ok).toBe(true);
});

test("install --example run from a subfolder does not warn that the starter's own scope is root-relative", async () => {
  const repo = await tempRepo({ "package.json": JSON.stringify({ name: "a", scripts: { test: "node -e 0" } }), "src/a.js": "x\n" });
  // Before: two SCOPE_ROOT_RELATIVE warnings told the user to rewrite docs/** and README.md as
  // src/docs/** and src/README.md: globs exo wrote itself, at the root where the quick start means them.
  const run = await exo(join(repo, "src"), "install", "--example");
  expect(run.code, run.stdout).toBe(0);
  expect(envelope(run).warnings ?? []).toEqual([]);
  // A scope typed there still gets the warning.
  const typed = envelope(await exo(join(repo, "src"), "intent-create", "x", "--brain-dump", "y", "--scope-allow", "lib/**"));
  expect(typed.warnings?.map((w) => w.code)).toEqual(["SCOPE_ROOT_RELATIVE"]);
});

test("exo alone with a task blocked behind a handoff says it waits (exo ready), not to add a task", async () => {
  const repo = await project();
  await exo(repo, "ticket-create", "logout", "--parent", "INT-001", "--id", "T-3", "--blocker", "TICKET-001");
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  expect((await exo(repo, "session-handoff", "--to", "agent:b", "--summary", "half done")).code).toBe(0);
  const home = (await exo(repo, { json: false })).stdout;
  expect(home).toContain("EXO_ACTOR=agent:b exo session-start --ticket-id TICKET-001");
  // Before: `exo ticket-create "Task" --parent INT-001  nothing is ready: add a task`.
  expect(home).toMatch(/\n {2}exo ready +1 task waits on others: see what for\n/);
  expect(home).not.toContain("ticket-create");
});

test("compose after editing the constitution says what follows, and it leaves doctor clean; --dry-run says would", async () => {
  const repo = await project();
  const file = join(repo, ".exo/constitution.yaml");
  writeFileSync(file, git(repo, "show", "HEAD:.exo/constitution.yaml").replace("max_files: 20", "max_files: 25"));
  // Before: --dry-run printed "governance compiled: lock v2", and a real compose named no next step,
  // leaving stale instruction files and an uncommitted lock for doctor to find.
  const dry = await exo(repo, "compose", "--dry-run", { json: false });
  expect(dry.stdout).toBe("governance would compile to lock v2 (was stale); nothing was written (exo compose writes it)\n");
  expect(git(repo, "status", "--porcelain", "--", ".exo/governance.lock.json")).toBe("");
  const run = (await exo(repo, "compose", { json: false })).stdout.split("\n");
  expect(run[1]).toBe("next: exo adapter-generate   # agents' instruction files name the lock: refresh them");
  // (Since new-user round 40 the commit names .exo: what else was staged stays out of it.)
  expect(run[2]).toBe('      git add -- .exo && git commit -m "chore(exo): governance lock v2" -m "Exo-Generated: true" -- .exo');
  pasted(repo, run[1]?.replace(/^next: /, "") ?? "");
  pasted(repo, run[2]?.trim() ?? "");
  const doctor = envelope(await exo(repo, "doctor"));
  expect(doctor.data.sections.filter((s: { status: string }) => s.status !== "pass").map((s: { name: string }) => s.name)).toEqual([]);
});

test("doctor with .exo/tickets deleted by hand: no git failure, and the hint restores them rather than committing the deletion", async () => {
  const repo = await project();
  rmSync(join(repo, ".exo/tickets"), { recursive: true, force: true });
  // Before: doctor died on "git status could not run: ENOENT" (git run in the missing folder), and
  // its section alone said: git add .exo && git commit — the team's tickets deleted in one commit.
  const run = await exo(repo, "doctor");
  expect(run.code, run.stdout).toBe(0);
  const tracking = envelope(run).data.sections.find((s: { name: string }) => s.name === "git_tracking");
  expect(tracking.status).toBe("warn");
  expect(tracking.message).toContain("2 committed exo files are deleted from the work tree");
  expect(tracking.hint).toBe("git checkout HEAD -- .exo/tickets/INT-001.yaml .exo/tickets/TICKET-001.yaml");
  pasted(repo, tracking.hint);
  expect(envelope(await exo(repo, "tickets")).data.tickets).toHaveLength(2);
  expect((await exo(repo, "doctor")).code).toBe(0);
});

test("an MCP tool given a bad value names the argument as the tool takes it (ttl_hours), not capitalised (Ttl_hours)", async () => {
  const repo = await project();
  const client = await mcpClient(repo);
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await client.callTool({ name, arguments: args });
    expect(result.isError).toBe(true);
    return structured(result).error;
  };
  expect(await call("exo_next", { ttl_hours: "abc" })).toMatchObject({ code: "INVALID_INPUT", message: 'ttl_hours must be a number, got "abc".' });
  expect((await call("exo_session_start", { ticket_id: ["TICKET-001"] }))?.message).toBe("ticket_id must be a string, got a list of 1.");
  // A string given for a list argument is taken as a list of one: the message names the argument, not status.0.
  const listed = await call("exo_tickets", { status: "activ" });
  expect(listed?.message).toBe("status must be one of todo, active, paused, review, done, cancelled, archived, got \"activ\"; did you mean active?");
  expect((listed as { details?: { issues: { path: string }[] } })?.details?.issues[0]?.path).toBe("status");
  // A plain word still opens the sentence, and the CLI names the flag.
  expect((await call("exo_ticket_create", { title: "" }))?.message).toBe("Title must not be empty.");
  expect(envelope(await exo(repo, "next", "--ttl-hours", "abc")).error?.message).toBe('--ttl-hours must be a number, got "abc".');
});

test("lease-release prints whose lock it was, not 'released by <owner>', which read as the owner releasing it", async () => {
  const repo = await project();
  await exo(repo, "ticket-create", "b", "--parent", "INT-001", "--id", "T-9");
  expect((await exo(repo, "next", "--owner", "bob")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "T-9", { env: { EXO_ACTOR: "agent:carol" } })).code).toBe(0);
  // Before: "T-9 released by bob · …" after agent:carol released it.
  const out = await exo(repo, "lease-release", "--ticket-id", "T-9", { json: false, env: { EXO_ACTOR: "agent:carol" } });
  expect(out.code).toBe(0);
  expect(out.stdout).toMatch(/^T-9 released \((bob|agent:carol)'s lock\) · token 1 · /);
  expect(out.stdout).not.toContain("released by");
});
