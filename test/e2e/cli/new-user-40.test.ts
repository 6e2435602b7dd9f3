// A new user's first hours and a small team's first day, fortieth pass: exo reflect with no
// session open gives the line that commits the learning (JSON next_command, as ticket-create's),
// and shows the pattern and insight whole; the commit lines exo prints for worktrees (worktree-create's
// next:, a linked worktree's TICKET_NOT_FOUND hint, the merge step of a task finished there) and
// exo compose's and adapter-generate's are exo's own or carry the session's trailer and name their
// files, so exo pr-check passes; Windows-style scopes get the repository-relative glob meant;
// --depends-on and --tag name exo's flags; a placeholder title ("<what to do>") is refused; a
// session open in another worktree is finished there; a failed exo drift hints its first step.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { mcpClient, structured } from "../../helpers/mcp.js";
import { envelope, exo, git, pasted, tempRepo } from "../../helpers/repo.js";

test("exo reflect after the quick start, no session open: the learning is shown whole and its commit line is given; pasted, the lesson is committed and exo pr-check passes (before: 'tests flak… → run them tw…' and the file left untracked, no teammate ever shown it)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const base = git(repo, "rev-parse", "HEAD").trim();
  const text = await exo(repo, "reflect", "--pattern", "tests flaky on CI when the database starts slowly", "--insight", "run them twice", { json: false });
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/^recorded REF-\S+ \(medium, global\)\n {2}tests flaky on CI when the database starts slowly\n {2}→ run them twice\n/);
  expect(text.stdout).toMatch(/is in this clone only: teammates' sessions see it\s+once it is committed and pushed\nnext: git add -- /);
  const made = envelope(await exo(repo, "reflect", "--pattern", "slow e2e", "--insight", "run unit tests first"));
  const id = (made.data.learning as { id: string }).id;
  expect(made.data.next_command).toContain(`.exo/learnings/${id}.yaml`);
  pasted(repo, made.data.next_command as string);
  expect(git(repo, "status", "--porcelain", "--", `.exo/learnings/${id}.yaml`)).toBe("");
  expect(git(repo, "log", "-1", "--format=%B")).toContain("Exo-Generated: true");
  expect((await exo(repo, "pr-check", "--base", base)).code).toBe(0);
  // Dismissed, the same: the dismissal is committed by its line.
  const dismissed = envelope(await exo(repo, "reflect-dismiss", id));
  expect(dismissed.data.next_command).toContain(`chore(exo): dismiss ${id}`);
  // A session open here: its finish commits the learning, so no line.
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  const during = envelope(await exo(repo, "reflect", "--pattern", "x", "--insight", "y"));
  expect(during.data.next_command).toBeUndefined();
}, 90_000);

test("exo worktree-create for a ticket not committed yet, its next line pasted: exo pr-check passes (before: the line's commit 'exo: tickets for T1' had no trailer, an ungoverned_commit error); a worktree's TICKET_NOT_FOUND hint commits the ticket as exo's own too, that file alone", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect((await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "form", "--parent", "INT-001", "--id", "T1")).code).toBe(0);
  onTestFinished(() => rmSync(`${repo}-T1`, { recursive: true, force: true }));
  const base = git(repo, "rev-parse", "HEAD").trim();
  const created = envelope(await exo(repo, "worktree-create", "--ticket-id", "T1"));
  pasted(repo, created.data.next_command as string);
  const check = envelope(await exo(repo, "pr-check", "--base", base));
  expect(check.data.findings ?? [], JSON.stringify(check.data.findings)).not.toContainEqual(expect.objectContaining({ code: "ungoverned_commit" }));
  expect(check.ok).toBe(true);
  // A second ticket made in the main worktree, asked for in the linked one.
  expect((await exo(repo, "ticket-create", "more", "--parent", "INT-001", "--id", "T2")).code).toBe(0);
  writeFileSync(join(repo, "README.md"), "# app\n\nstaged, not exo's\n");
  git(repo, "add", "README.md");
  const missing = envelope(await exo(`${repo}-T1`, "ticket-show", "T2"));
  expect(missing.error?.code).toBe("TICKET_NOT_FOUND");
  const before = git(repo, "rev-parse", "HEAD").trim();
  pasted(`${repo}-T1`, missing.error?.hint as string);
  expect(git(repo, "log", "-1", "--format=%B")).toContain("Exo-Generated: true");
  expect(git(repo, "diff", "--name-only", before, "HEAD").trim()).toBe(".exo/tickets/T2.yaml");
  expect((await exo(repo, "pr-check", "--base", before)).code).toBe(0);
}, 90_000);

test("Windows-style paths in a ticket's scope: 'src\\\\auth\\\\**' (each backslash doubled), 'src//auth//**', C:\\work\\<repo>\\src\\** and the repository's absolute path are each refused with a hint that, pasted, makes the ticket with the scope meant (before: the hints said 'src//auth//**', 'C:/work/…/src/**' and exo ticket-create --help, and the first two, taken, made a scope that matches no file)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect((await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--id", "INT-001")).code).toBe(0);
  const name = repo.slice(repo.lastIndexOf("/") + 1);
  const cases: [string, string][] = [
    ["src\\\\auth\\\\**", "src/auth/**"],
    ["src//auth//**", "src/auth/**"],
    [`C:\\work\\${name}\\lib\\**`, "lib/**"],
    [`${repo}/docs/**`, "docs/**"],
  ];
  let n = 0;
  for (const [typed, meant] of cases) {
    const id = `T${++n}`;
    const run = envelope(await exo(repo, "ticket-create", "scoped", "--parent", "INT-001", "--id", id, "--scope-allow", typed));
    expect(run.error?.code, typed).toBe("INVALID_INPUT");
    expect(run.error?.hint, typed).toBe(`exo --format json ticket-create scoped --parent INT-001 --id ${id} --scope-allow '${meant}'`);
    pasted(repo, run.error?.hint as string);
    expect(envelope(await exo(repo, "ticket-show", id)).data.ticket.scope.allow, typed).toEqual([meant]);
  }
  const human = await exo(repo, "ticket-create", "w", "--parent", "INT-001", "--scope-allow", "C:\\work\\app\\src\\**", { json: false });
  expect(human.stderr).toContain("is a Windows absolute path; scopes are relative to the top of the repository");
  // Over MCP, the call hinted has the same glob (before: scope_allow ["src//auth//**"]).
  const client = await mcpClient(repo);
  const over = structured(await client.callTool({ name: "exo_ticket_create", arguments: { title: "m", parent: "INT-001", scope_allow: ["src\\\\auth\\\\**"] } }));
  expect(over.error?.hint).toBe(`exo_ticket_create ${JSON.stringify({ title: "m", parent: "INT-001", scope_allow: ["src/auth/**"] })}`);
}, 90_000);

test("a dependency typed as other trackers type it (exo ticket-create … --depends-on T1, ticket-update --blocked-by, --tag for a label): the message names exo's flag and the hint, pasted, makes it (before: 'run exo ticket-create --help for its options', hint exo ticket-create --help)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  expect((await exo(repo, "intent-create", "auth", "--brain-dump", "login", "--scope-allow", "src/**", "--id", "INT-001")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "login epic", "--parent", "INT-001", "--kind", "epic", "--id", "EPIC-1")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "form", "--parent", "EPIC-1", "--id", "T1")).code).toBe(0);
  const dep = envelope(await exo(repo, "ticket-create", "api", "--parent", "EPIC-1", "--id", "T2", "--depends-on", "T1", "--tag", "backend"));
  expect(dep.error?.code).toBe("USAGE_ERROR");
  expect(dep.error?.message).toBe("Unknown option --depends-on for exo ticket-create; did you mean --blocker?");
  expect(dep.error?.hint).toBe("exo ticket-create api --parent EPIC-1 --id T2 --blocker T1 --tag backend");
  const tag = envelope(await exo(repo, "ticket-create", "api", "--parent", "EPIC-1", "--id", "T2", "--blocker", "T1", "--tag", "backend"));
  expect(tag.error?.hint).toBe("exo ticket-create api --parent EPIC-1 --id T2 --blocker T1 --label backend");
  pasted(repo, tag.error?.hint as string);
  expect(envelope(await exo(repo, "ticket-show", "T2")).data.ticket).toMatchObject({ blockers: ["T1"], labels: ["backend"] });
  const update = envelope(await exo(repo, "ticket-update", "T1", "--blocked-by", "T2"));
  expect(update.error?.hint).toBe("exo ticket-update T1 --add-blocker T2");
}, 90_000);

test("features.yaml added as docs/traceability.md says, then exo compose with a change of your own staged: compose's JSON gives its next steps, and its commit line and adapter-generate's, pasted, leave the staged file out, so exo pr-check passes (before: both commits took it along, an ungoverned_commit error, and compose's JSON had neither line)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  const base = git(repo, "rev-parse", "HEAD").trim();
  writeFileSync(join(repo, ".exo/features.yaml"), 'version: 1\nfeatures:\n  - id: auth\n    title: Login\n    files: ["src/auth/**"]\n');
  writeFileSync(join(repo, "README.md"), "# app\n\nwork in progress\n");
  git(repo, "add", "README.md");
  const composed = envelope(await exo(repo, "compose"));
  expect(composed.data.next_command).toBe("exo adapter-generate");
  expect(composed.data.commit_command).toBe('git add -- .exo && git commit -m "chore(exo): governance lock v2" -m "Exo-Generated: true" -- .exo');
  const text = (await exo(repo, "compose", "--format", "human")).stdout;
  expect(text).toContain("governance unchanged");
  const adapters = envelope(await exo(repo, "adapter-generate"));
  pasted(repo, adapters.data.next_command as string);
  pasted(repo, composed.data.commit_command as string);
  expect(git(repo, "diff", "--cached", "--name-only").trim()).toBe("README.md");
  expect(git(repo, "status", "--porcelain", "--", ".exo", "CLAUDE.md", "AGENTS.md")).toBe("");
  const check = envelope(await exo(repo, "pr-check", "--base", base));
  expect(check.data.findings ?? [], JSON.stringify(check.data.findings)).not.toContainEqual(expect.objectContaining({ code: "ungoverned_commit" }));
}, 90_000);

test("exo ready's next step in a team where every task is taken, pasted as printed (exo ticket-create \"<what to do>\" --parent INT-…), or an intent titled \"…\": refused, naming the placeholder, nothing made (before: a task titled '<what to do>')", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  // The one task taken by an agent, its session open.
  expect((await exo(repo, "next", "--owner", "agent:claude")).code).toBe(0);
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: { EXO_ACTOR: "agent:claude" } })).code).toBe(0);
  const ready = envelope(await exo(repo, "ready"));
  const line = ready.data.next_command as string;
  expect(line).toMatch(/^exo ticket-create "<what to do>" --parent INT-/);
  const before = envelope(await exo(repo, "tickets", "--all")).data.tickets.length as number;
  expect(() => pasted(repo, line)).toThrow('error: <title> is a placeholder to fill in, not the text: write what is meant in its place, got "<what to do>". [INVALID_INPUT]');
  expect(envelope(await exo(repo, "tickets", "--all")).data.tickets).toHaveLength(before);
  expect(envelope(await exo(repo, "intent-create", "…", "--brain-dump", "why")).error?.code).toBe("INVALID_INPUT");
  expect(envelope(await exo(repo, "tickets", "--all")).data.tickets).toHaveLength(before);
}, 90_000);

test("the quick start finished in a worktree, its work left uncommitted there: exo ready's steps pasted one after the other (commit it there, then the merge) leave a change exo pr-check passes (before: 'TICKET-001: its work' with git add -A and no trailer, and 'exo: state before merging', two ungoverned_commit errors)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const base = git(repo, "rev-parse", "HEAD").trim();
  const path = `${repo}-TICKET-001`;
  onTestFinished(() => rmSync(path, { recursive: true, force: true }));
  expect((await exo(repo, "worktree-create", "--ticket-id", "TICKET-001")).code).toBe(0);
  expect((await exo(path, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  writeFileSync(join(path, "README.md"), "# app\n\nA first change.\n");
  expect((await exo(path, "session-finish", "--summary", "first change")).code).toBe(0);
  const first = envelope(await exo(repo, "ready")).data.next_command as string;
  expect(first).toMatch(/ commit -m 'TICKET-001: its work' -m 'Exo-Session: SES-\S+' -- /);
  // worktree-remove refused over that work hints the same commit (before: git -C … status, a look).
  const refused = envelope(await exo(repo, "worktree-remove", "--ticket-id", "TICKET-001"));
  expect(refused.error?.code).toBe("DIRTY_WORKTREE");
  expect(refused.error?.hint).toBe(first);
  pasted(repo, first);
  const second = envelope(await exo(repo, "ready")).data.next_command as string;
  expect(second).toContain("-m 'Exo-Generated: true'");
  pasted(repo, second);
  expect(envelope(await exo(repo, "ready")).data.next_command).toBe("exo ticket-close TICKET-001");
  const check = envelope(await exo(repo, "pr-check", "--base", base));
  expect(check.data.findings ?? [], JSON.stringify(check.data.findings)).not.toContainEqual(expect.objectContaining({ code: "ungoverned_commit" }));
}, 90_000);

test("your session open in the main checkout, exo alone in a worktree made for the next task: its finish step goes to that checkout, and a finish typed in the worktree says where the session is (before: 'exo session-finish' offered there, refused with 'git undid that change' and a --set-status keep hint)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n" });
  expect((await exo(repo, "install", "--example")).code).toBe(0);
  const intent = envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.parent as string;
  expect((await exo(repo, "ticket-create", "two", "--parent", intent, "--id", "T2")).code).toBe(0);
  git(repo, "add", ".exo");
  git(repo, "commit", "-qm", "chore(exo): T2", "-m", "Exo-Generated: true");
  expect((await exo(repo, "session-start", "--ticket-id", "TICKET-001")).code).toBe(0);
  const path = `${repo}-T2`;
  onTestFinished(() => rmSync(path, { recursive: true, force: true }));
  expect((await exo(repo, "worktree-create", "--ticket-id", "T2")).code).toBe(0);
  const home = (await exo(path, { json: false })).stdout;
  expect(home).toContain(`  cd ${repo} && exo session-finish --summary "…"\n`);
  const there = envelope(await exo(path, "session-finish", "--summary", "first change"));
  expect(there.error?.code).toBe("INVALID_TRANSITION");
  expect(there.error?.message).toContain(`was started in the worktree ${repo}`);
  expect(there.error?.hint).toBe(`cd ${repo} && exo session-finish --summary "…"`);
  pasted(path, (there.error?.hint as string).replace("…", "first change"));
  expect(envelope(await exo(repo, "ticket-show", "TICKET-001")).data.ticket.status).toBe("review");
}, 90_000);

test("requirements.yaml added and a tag naming a feature not in features.yaml, as docs/traceability.md leads a new user: exo drift fails with the first failing section's step as its hint, and the features section names exo trace (before: hint exo drift, the command just run, and 'FAIL features 1 error, 0 warnings' with no word of where)", async () => {
  const repo = await tempRepo({ "README.md": "# app\n", "src/auth/login.ts": "// @feature:billing\nexport function login() {}\n" });
  expect((await exo(repo, "install")).code).toBe(0);
  writeFileSync(join(repo, ".exo/features.yaml"), 'version: 1\nfeatures:\n  - id: auth\n    title: Login\n    files: ["src/auth/**"]\n');
  expect((await exo(repo, "compose")).code).toBe(0);
  writeFileSync(join(repo, ".exo/requirements.yaml"), "version: 1\nrequirements:\n  - id: REQ-1\n    title: Users can sign up\n");
  const drift = envelope(await exo(repo, "drift"));
  expect(drift.error?.code).toBe("DRIFT_DETECTED");
  expect(drift.error?.hint).toBe("exo compose");
  expect(drift.data.sections).toContainEqual(expect.objectContaining({ name: "features", status: "fail", hint: "exo trace" }));
  pasted(repo, "exo compose");
  const again = await exo(repo, "drift", { json: false });
  expect(again.stdout).toMatch(/^FAIL {2}features {6}1 error, 0 warnings\n {20}→ exo trace$/m);
  expect(again.stderr).toContain("hint: exo trace\n");
  expect((await exo(repo, "trace", { json: false })).stdout).toContain("feature billing is not in features.yaml");
}, 90_000);
