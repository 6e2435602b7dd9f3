// A new user's first hours and a small team's first day, thirty-eighth pass: a merge made during a
// session (git pull of a teammate's push) keeps its subject, the trailers below it. exo status and
// exo alone keep offering the commit of a claim a session started on, until HEAD holds it. A
// teammate's exo install rerun, where the intents moved on, leaves the fresh instruction files alone.
// exo ready (and exo brief) give the commit of a finished session's work before its ticket's close.
// exo pr-check's Sessions table has a header (SESSION, TICKET, ACTOR, CHECKS, DRIFT). exo alone,
// run as npx exo before install with no exo on PATH, gives its commands as npx runs them. In a
// clone with a remote, exo install's "Create work" is a task under the open intent with a generated
// id, so two teammates' do not collide. exo ready's next: for a task handed to you is its start.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, npmInstalledExo, pasted, runNode, tempRepo } from "../../helpers/repo.js";
import { teammate } from "../../helpers/team.js";

test("git pull of a teammate's push while your session is open: the merge commit's subject is git's 'Merge branch …' alone, its Exo-Session and Exo-Ticket below it as trailers (before: appended to the subject line, as git writes MERGE_MSG with no final newline, so git log --oneline read 'Merge branch … Exo-Session: SES-… Exo-Ticket: TICKET-001' and %(trailers) was empty)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n", "notes.txt": "notes\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  await writeFile(join(bob, "notes.txt"), "bob's notes\n");
  git(bob, "commit", "-qam", "bob's notes");
  git(bob, "push", "-q");
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(alice, "README.md"), "# app\n\nA first change.\n");
  git(alice, "commit", "-qam", "first change");
  git(alice, "pull", "-q", "--no-rebase", "--no-edit");
  expect(git(alice, "log", "-1", "--format=%s")).toBe(`Merge branch 'main' of ${alice}-remote\n`);
  expect(git(alice, "log", "-1", "--format=%(trailers:key=Exo-Ticket,valueonly)")).toBe("TICKET-001\n\n");
}, 90_000);

test("exo next, then exo session-start on the claim, in a clone with a remote: exo status and exo alone still offer the claim's commit line (JSON status.uncommitted), which pasted lets the teammate's exo next pass the task by; none once HEAD holds the claim (before: dropped at the start until finish, while the teammate's exo next handed out the same task and a pull of it stopped on the ticket file)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  const claim = envelope(await exo(alice, "next"));
  expect(claim.data.commit_command).toContain("'chore(exo): claim TICKET-001'");
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  const status = envelope(await exo(alice, "status"));
  expect(status.data.uncommitted?.next_command).toContain("&& git commit -m 'chore(exo): claim TICKET-001' -m 'Exo-Generated: true' -- ");
  expect(status.data.uncommitted?.next_reason).toBe("the claim is in this clone only: a teammate's exo next hands out TICKET-001 too until it is committed and pushed (exo next --distributed claims on the remote for every clone)");
  const home = (await exo(alice, { json: false, env: { COLUMNS: "200" } })).stdout;
  expect(home).toContain(`  ${status.data.uncommitted?.next_command as string}\n`);
  pasted(alice, status.data.uncommitted?.next_command as string);
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  const next = envelope(await exo(bob, "next"));
  expect(next.error?.message).toContain("TICKET-001 is claimed by human:test@example.invalid in another clone");
  // Committed: the session's own edits of the ticket (its branch) are finish's, not a claim to commit.
  expect(envelope(await exo(alice, "status")).data.uncommitted).toBeNull();
}, 90_000);

test("a teammate's exo install rerun after a pull that brought a new intent: 'already installed; nothing changed', no commit, CLAUDE.md and AGENTS.md left as doctor calls them (fresh), and exo adapter-generate lists the intent (before: install rewrote their Open intents and generated.json and committed them, so two teammates' reruns made two commits that conflict)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  const made = envelope(await exo(alice, "intent-create", "payments", "--brain-dump", "take money", "--scope-allow", "src/pay/**", "--id", "INT-002"));
  pasted(alice, made.data.next_command as string);
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  const head = git(bob, "rev-parse", "HEAD");
  const rerun = await exo(bob, "install", { json: false });
  expect(rerun.code, rerun.stderr).toBe(0);
  expect(rerun.stdout).toMatch(/^exo is already installed here; nothing changed\.\n/);
  expect(git(bob, "rev-parse", "HEAD")).toBe(head);
  expect(git(bob, "status", "--porcelain")).toBe("");
  expect(envelope(await exo(bob, "doctor")).data.sections).toEqual(expect.arrayContaining([expect.objectContaining({ name: "adapters", status: "pass" })]));
  // Refreshed on demand: adapter-generate writes the intent in.
  expect(await readFile(join(bob, "CLAUDE.md"), "utf8")).not.toContain("INT-002");
  expect((await exo(bob, "adapter-generate")).code).toBe(0);
  expect(await readFile(join(bob, "CLAUDE.md"), "utf8")).toContain("INT-002");
}, 90_000);

test("the quick start finished with its work left uncommitted: exo ready's next: line (and exo brief's command) is finish's commit of that work, as exo alone gives first, and once pasted the close (before: exo ticket-close at once, and the work committed after it by hand was an ungoverned commit)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  await writeFile(join(repo, "README.md"), "# app\n\nA first change.\n");
  const finished = envelope(await exo(repo, "session-finish", "--summary", "first change"));
  const commit = finished.data.commit_command as string;
  expect(commit).toMatch(/^git add -- README\.md && git commit -m "…" -m "Exo-Session: SES-/);
  const ready = await exo(repo, "ready", { json: false });
  expect(ready.stdout).toContain(`\nnext: ${commit}\n`);
  expect(envelope(await exo(repo, "ready")).data.next_command).toBe(commit);
  expect(envelope(await exo(repo, "brief")).data.commands).toEqual([commit]);
  expect((await exo(repo, { json: false, env: { COLUMNS: "200" } })).stdout).toContain(`Next:\n  ${commit}\n`);
  pasted(repo, commit);
  expect(envelope(await exo(repo, "ready")).data.next_command).toBe("exo ticket-close TICKET-001");
}, 90_000);

test("exo pr-check's Sessions table is headed SESSION, TICKET, ACTOR, CHECKS, DRIFT, and too wide for the terminal each session is stacked as 'session SES-…' with its named values under it, every line within the width, commit subjects too (before: bare cells, 'none  0.018', with nothing to say they are the checks' verdict and the drift; subjects clipped at 56 columns, 67-column lines at 60)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  git(repo, "checkout", "-qb", "feat");
  const id = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", "--actor", "agent:claude")).data.session.id as string;
  await writeFile(join(repo, "README.md"), "# app\nmore\n");
  git(repo, "commit", "-qam", "more", "-m", `Exo-Session: ${id}`);
  expect((await exo(repo, "session-finish", "--summary", "more", "--actor", "agent:claude")).code).toBe(0);
  const text = (await exo(repo, "pr-check", "--base", "main", { json: false, env: { COLUMNS: "80" } })).stdout;
  expect(text).toMatch(new RegExp(`\nSessions:\n  SESSION +TICKET +ACTOR +CHECKS +DRIFT\n  ${id}  TICKET-001  agent:claude  none +0\\.\\d+\n`));
  const narrow = (await exo(repo, "pr-check", "--base", "main", { json: false, env: { COLUMNS: "60" } })).stdout;
  expect(narrow).toMatch(new RegExp(`\nSessions:\n  session ${id}\n    ticket TICKET-001  actor agent:claude  checks none\n    drift 0\\.\\d+\n`));
  expect(narrow.split("\n").every((l) => l.length <= 60)).toBe(true);
}, 60_000);

test("npm i -D exoprotocol, then npx exo before install, with no exo on PATH: exo alone's steps are 'npx --no-install exo install' and its --dry-run, as install's own steps run them, and pasted they work (before: 'exo install', which that shell answered 'command not found')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n", ".gitignore": "node_modules\n" });
  const { bin, path } = await npmInstalledExo(repo);
  const home = await runNode(bin, [], repo, { env: { PATH: path } });
  expect(home.code, home.stderr).toBe(0);
  expect(home.stdout).toContain("Next:\n  npx --no-install exo install\n    scan, constitution, adapters, hooks and one commit\n  npx --no-install exo install --dry-run\n    see the plan first\n");
  expect(home.stdout).not.toMatch(/^ {2}exo /m);
  pasted(repo, "npx --no-install exo install --dry-run", { PATH: path });
  // With exo on PATH (a global install), the plain commands.
  expect((await exo(repo, { json: false })).stdout).toContain("Next:\n  exo install  ");
}, 60_000);

test("two teammates' exo install with nothing to do, in clones with a remote: 'Create work under INT-…: exo ticket-create \"first task\" --parent INT-…' with a generated id, which both run, commit and push with no conflict (before: '--id TICKET-002' in both clones, counted in each, so the pull stopped on it)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const intent = envelope(await exo(alice, "ticket-show", "TICKET-001")).data.ticket.parent as string;
  expect(envelope(await exo(alice, "ticket-close", "TICKET-001", "--status", "cancelled")).ok).toBe(true);
  git(alice, "add", "-A");
  git(alice, "commit", "-qm", "chore(exo): cancel TICKET-001", "-m", "Exo-Generated: true");
  const { bob } = teammate(alice);
  const steps = async (dir: string) => envelope(await exo(dir, "install")).data.next_steps as string[];
  const create = `Create work under ${intent}: exo ticket-create "first task" --parent ${intent} (its id is generated, so a teammate's task made meanwhile in their clone cannot take it)`;
  for (const dir of [alice, bob]) {
    const said = await steps(dir);
    expect(said[0]).toBe(create);
    expect(said[1]).toBe("Start a session: exo next, then exo session-start");
    const made = envelope(await exo(dir, "ticket-create", "first task", "--parent", intent));
    pasted(dir, made.data.next_command as string);
  }
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  const tasks = envelope(await exo(bob, "tickets")).data.tickets.filter((t: { kind: string; status: string }) => t.kind === "task" && t.status === "todo");
  expect(tasks).toHaveLength(2);
  // Without a remote (one person), the ids to type, as before.
  const lone = await tempRepo({ "README.md": "# app\n" });
  expect((await steps(lone))[0]).toMatch(/^Create work: exo intent-create .* --id INT-001, then exo ticket-create "first task" --parent INT-001 --id TICKET-001/);
}, 90_000);

test("a task handed to bob, pushed and pulled: bob's exo ready says next: exo session-start --ticket-id TICKET-001, as exo alone does ('was handed to you'), and pasted it starts his session with the handoff (before: next: exo next, the same task by another step than exo alone's)", async () => {
  const alice = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(alice, "install", "--example")).code).toBe(0);
  const { bob } = teammate(alice);
  expect((await exo(alice, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  expect(envelope(await exo(alice, "session-handoff", "--to", "human:bob@example.invalid", "--summary", "half done")).ok).toBe(true);
  git(alice, "push", "-q");
  git(bob, "pull", "-q", "--no-rebase", "--no-edit");
  const ready = envelope(await exo(bob, "ready"));
  expect(ready.data.ready).toEqual([expect.objectContaining({ id: "TICKET-001" })]);
  expect(ready.data.next_command).toBe("exo session-start --ticket-id TICKET-001");
  expect((await exo(bob, { json: false, env: { COLUMNS: "100" } })).stdout).toContain("exo session-start --ticket-id TICKET-001\n    TICKET-001 was handed to you: start a session on it");
  pasted(bob, ready.data.next_command as string);
  expect(envelope(await exo(bob, "status")).data.sessions).toEqual([expect.objectContaining({ ticket: "TICKET-001", actor: "human:bob@example.invalid", status: "active" })]);
  // Alice, the sender, is not sent to start it.
  expect(envelope(await exo(alice, "ready")).data.next_command ?? null).not.toBe("exo session-start --ticket-id TICKET-001");
}, 90_000);
