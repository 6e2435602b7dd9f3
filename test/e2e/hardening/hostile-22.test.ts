// Round 22 of team hardening: clones of one remote, pulls and merges of .exo/ files, hand-edited or
// damaged state, crashes. Each case failed before its fix.
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git } from "../../helpers/repo.js";
import { team, type Clone } from "../../helpers/team.js";
import { ticketYaml } from "../../helpers/tickets.js";

const NO_TRACE = /\n\s+at .*\.c?js:\d+/;

test("a parent cycle between two intents a pull brought in is repaired with ticket-update --clear-parent, which doctor, ticket-close and ticket-update name (before: no flag removed a parent, doctor said --parent '<ID>', which an intent can never take, and each ticket-close named the other for ever)", async () => {
  const { clones } = await team([{ id: "INT-A", kind: "intent" }, { id: "INT-B", kind: "intent" }, { id: "T1", parent: "INT-A" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  // A teammate's hand edits, pushed: each intent names the other as its parent.
  writeFileSync(join(b.dir, ".exo/tickets/INT-A.yaml"), ticketYaml({ id: "INT-A", kind: "intent", parent: "INT-B" }));
  writeFileSync(join(b.dir, ".exo/tickets/INT-B.yaml"), ticketYaml({ id: "INT-B", kind: "intent", parent: "INT-A" }));
  git(b.dir, "commit", "-qam", "reparent");
  git(b.dir, "push", "-q", "origin", "HEAD");
  git(a.dir, "pull", "-q", "--no-rebase");
  const doctor = envelope(await a.run("doctor", "--section", "tickets")).data.sections[0];
  expect(doctor.hint).toBe("exo ticket-update INT-A --clear-parent");
  const close = envelope(await a.run("ticket-close", "INT-A"));
  expect(close.error).toMatchObject({ code: "TICKET_OPEN_CHILDREN", hint: "exo ticket-update INT-B --clear-parent" });
  // Any other edit of the ticket is refused on the pulled parent, and says how to remove it.
  const title = await a.run("ticket-update", "INT-A", "--title", "renamed");
  expect(envelope(title).error).toMatchObject({ code: "INVALID_PARENT", hint: "exo ticket-update INT-A --clear-parent" });
  const both = await a.run("ticket-update", "INT-A", "--clear-parent", "--parent", "INT-B");
  expect(envelope(both).error?.code).toBe("INVALID_INPUT");
  expect(both.code).toBe(2);
  for (const id of ["INT-A", "INT-B"]) {
    const cleared = envelope(await a.run("ticket-update", id, "--clear-parent"));
    expect(cleared.ok, JSON.stringify(cleared)).toBe(true);
    expect(cleared.data.changed).toEqual(["parent"]);
  }
  expect(readFileSync(join(a.dir, ".exo/tickets/INT-A.yaml"), "utf8")).toMatch(/^parent: null$/m);
  const after = envelope(await a.run("doctor", "--section", "tickets")).data.sections[0];
  expect(after.details?.invalid_hierarchy ?? []).toEqual([]);
  expect(envelope(await a.run("ticket-close", "T1")).ok).toBe(true);
  expect(envelope(await a.run("ticket-close", "INT-A")).ok).toBe(true);
});

test("a remote lease rewound to an older state of its holder's own chain (a server restored from a backup, a teammate's force-push of an old ref) is pushed back: heartbeat and finish go on, the ticket is released for the others (before: LOCK_LOST 'taken over by' the holder itself with an older token, finish ended the session as superseded and the stale lease held the ticket for its whole ttl)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  expect(envelope(await a.run("next", "--owner", "alice", "--distributed")).data.ticket.id).toBe("T1");
  const old = git(b.dir, "ls-remote", "origin", "refs/exo/leases/T1").split(/\s+/)[0] as string;
  git(b.dir, "fetch", "-q", "origin", "refs/exo/leases/T1:refs/backup/T1");
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const renew = envelope(await a.run("lease-renew", "--ticket-id", "T1", "--actor", "alice"));
  expect(renew.data.lock.fencing_token).toBe(2);
  // The teammate's clone puts the old state back.
  git(b.dir, "push", "-q", "--force", "origin", `${old}:refs/exo/leases/T1`);
  const beat = await a.run("lease-heartbeat", "--actor", "alice");
  expect(envelope(beat).error, beat.stdout).toBeUndefined();
  expect(envelope(beat).data.lock.fencing_token).toBe(2);
  git(b.dir, "push", "-q", "--force", "origin", `${old}:refs/exo/leases/T1`);
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
  expect(finish.error, JSON.stringify(finish)).toBeUndefined();
  expect(finish.data.outcome).toBe("finished");
  // Released on the remote: another clone may take the ticket up (it is in review now).
  const msg = git(b.dir, "ls-remote", "origin", "refs/exo/leases/T1");
  expect(msg.split(/\s+/)[0]).not.toBe(old);
  git(b.dir, "fetch", "-q", "origin", "+refs/exo/leases/T1:refs/check/T1");
  expect(git(b.dir, "log", "-1", "--format=%B", "refs/check/T1")).toMatch(/^state: released$/m);
  expect(git(b.dir, "log", "-1", "--format=%B", "refs/check/T1")).toMatch(/^fencing_token: 2$/m);
});

test("a teammate's commit deleted the ticket of a suspended session: resume, doctor and cleanup name the commit, cleanup --force ends the session without bringing the ticket back (before: resume said 'No ticket T1', finish sent back to resume, and cleanup and doctor --fix restored the deleted ticket as if a git reset had taken it)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  const start = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice"));
  const id = start.data.session.id as string;
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  expect(envelope(await a.run("session-suspend", "--reason", "lunch", "--actor", "alice")).ok).toBe(true);
  git(a.dir, "add", "-A");
  git(a.dir, "commit", "-qm", "wip");
  git(b.dir, "rm", "-q", ".exo/tickets/T1.yaml");
  git(b.dir, "commit", "-qm", "T1 is not needed");
  git(b.dir, "push", "-q", "origin", "HEAD");
  try {
    git(a.dir, "pull", "-q", "--no-rebase");
  } catch {
    // modify/delete conflict on the ticket: the person keeps the deletion
  }
  git(a.dir, "rm", "-q", ".exo/tickets/T1.yaml");
  git(a.dir, "commit", "-qm", "merge");
  const cleanup = `exo session-cleanup --session-id ${id} --force`;
  const resume = await a.run("session-resume", "--actor", "alice");
  expect(envelope(resume).error).toMatchObject({ code: "TICKET_NOT_FOUND", details: { deleted_by: expect.stringMatching(/^[0-9a-f]{40}$/) } });
  expect(envelope(resume).error?.hint).toContain(cleanup);
  expect(envelope(resume).error?.message).toContain("T1 is not needed");
  expect(`${resume.stdout}${resume.stderr}`).not.toMatch(NO_TRACE);
  const fix = envelope(await a.run("doctor", "--fix", "--section", "sessions"));
  expect(fix.data.sections[0]).toMatchObject({ status: "warn", hint: cleanup });
  expect(fix.data.fixed).toEqual([]);
  expect(git(a.dir, "status", "--porcelain", "--", ".exo/tickets")).toBe("");
  const done = envelope(await a.run("session-cleanup", "--session-id", id, "--force", "--actor", "alice"));
  expect(done.data.recovered).toEqual([expect.objectContaining({ session: id, ticket_status: "deleted", memento: `.exo/mementos/T1/${id}.md` })]);
  expect(git(a.dir, "ls-tree", "--name-only", "HEAD", ".exo/tickets/")).not.toContain("T1.yaml");
  expect(git(a.dir, "ls-tree", "-r", "--name-only", "HEAD", ".exo/mementos/")).toContain(`${id}.md`);
  const after = envelope(await a.run("doctor", "--section", "sessions")).data.sections[0];
  expect(after.status).toBe("pass");
  expect(envelope(await a.run("ledger-verify")).data.valid).toBe(true);
  expect(envelope(await a.run("session-start", "--ticket-id", "T2", "--actor", "alice")).ok).toBe(true);
});

test("a ticket file a teammate renamed with git mv (its id is no longer its name) is named with the git mv that gives it its name back (before: the hint was exo doctor, whose hint was git log of the renamed file: no step put the ticket back)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  git(b.dir, "mv", ".exo/tickets/T1.yaml", ".exo/tickets/LOGIN-1.yaml");
  git(b.dir, "commit", "-qm", "better name");
  git(b.dir, "push", "-q", "origin", "HEAD");
  git(a.dir, "pull", "-q", "--no-rebase");
  const back = "git mv .exo/tickets/LOGIN-1.yaml .exo/tickets/T1.yaml";
  const show = await a.run("ticket-show", "LOGIN-1");
  expect(envelope(show).error).toMatchObject({ code: "TICKET_INVALID", hint: back });
  expect(`${show.stdout}${show.stderr}`).not.toMatch(NO_TRACE);
  expect(envelope(await a.run("doctor", "--section", "tickets")).data.sections[0]).toMatchObject({ status: "fail", hint: back });
  git(a.dir, "mv", ".exo/tickets/LOGIN-1.yaml", ".exo/tickets/T1.yaml");
  expect(envelope(await a.run("doctor", "--section", "tickets")).data.sections[0].status).not.toBe("fail");
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
});

test("exo run in the team's bare remote says to clone it (before: NOT_A_GIT_REPO with the hint git init, which only re-initialises the bare repository and leaves exo failing the same way)", async () => {
  const { bare } = await team([{ id: "T1" }], ["a"]);
  for (const cwd of [bare, join(bare, "refs")]) {
    const r = await exo(cwd, "status");
    const error = envelope(r).error;
    expect(error?.code).toBe("NOT_A_GIT_REPO");
    expect(error?.hint).toBe(`git clone ${bare} ${bare.replace(/\.git$/, "")}`);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(NO_TRACE);
  }
});

test("two clones each create a ticket with the same custom id and pull: git keeps the conflict and the driver names both tickets (before: exo's merge driver joined them, the later one's title, priority and scope won and the other ticket vanished without a word)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  expect(envelope(await a.run("ticket-create", "login form", "--id", "FEAT-1", "--priority", "1")).ok).toBe(true);
  expect(envelope(await b.run("ticket-create", "billing page", "--id", "FEAT-1", "--priority", "4")).ok).toBe(true);
  for (const c of [a, b]) {
    git(c.dir, "add", "-A");
    git(c.dir, "commit", "-qm", `ticket from ${c.host}`);
  }
  git(a.dir, "push", "-q", "origin", "HEAD");
  let out = "";
  try {
    git(b.dir, "pull", "--no-rebase");
  } catch (error) {
    out = String((error as { stderr?: string; stdout?: string }).stderr ?? "") + String((error as { stdout?: string }).stdout ?? "");
  }
  expect(git(b.dir, "status", "--porcelain", "--", ".exo/tickets")).toContain("AA .exo/tickets/FEAT-1.yaml");
  expect(out).toContain("two clones each created a ticket FEAT-1");
  // Neither ticket is lost: both sides are still in git's index for the person to keep.
  expect(git(b.dir, "show", ":2:.exo/tickets/FEAT-1.yaml")).toContain("billing page");
  expect(git(b.dir, "show", ":3:.exo/tickets/FEAT-1.yaml")).toContain("login form");
  const show = envelope(await b.run("ticket-show", "FEAT-1"));
  expect(show.error?.code).toBe("TICKET_INVALID");
  expect(envelope(await b.run("doctor", "--section", "git_tracking")).data.sections[0].status).toBe("fail");
  // The step named: keep ours, create theirs again under a new id.
  git(b.dir, "checkout", "--ours", "--", ".exo/tickets/FEAT-1.yaml");
  git(b.dir, "add", ".exo/tickets/FEAT-1.yaml");
  expect(envelope(await b.run("ticket-create", "login form", "--id", "FEAT-2", "--priority", "1")).ok).toBe(true);
  expect(envelope(await b.run("ticket-show", "FEAT-1")).data.ticket.title).toBe("billing page");
});

test("two clones each hand the same ticket off and pull: session-start names the conflicted handoff and says to keep one side (before: the hint was exo doctor --fix, which moved the file aside, dropping both handoffs while git's merge stayed unresolved)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  for (const c of [a, b]) {
    expect(envelope(await c.run("session-start", "--ticket-id", "T1", "--actor", `alice-${c.host}`)).ok).toBe(true);
    expect(envelope(await c.run("session-handoff", "--to", `bob-${c.host}`, "--summary", `from ${c.host}`, "--actor", `alice-${c.host}`)).ok).toBe(true);
  }
  git(a.dir, "push", "-q", "origin", "HEAD");
  try {
    git(b.dir, "pull", "-q", "--no-rebase");
  } catch {
    // add/add conflict on the handoff record
  }
  const start = await b.run("session-start", "--ticket-id", "T1", "--actor", "bob-a");
  expect(envelope(start).error).toMatchObject({ code: "STATE_CORRUPT", hint: "git mergetool -- .exo/handoffs/T1.json" });
  expect(envelope(start).error?.message).toContain("git checkout --ours -- .exo/handoffs/T1.json or --theirs");
  expect(`${start.stdout}${start.stderr}`).not.toMatch(NO_TRACE);
  git(b.dir, "checkout", "--theirs", "--", ".exo/handoffs/T1.json");
  git(b.dir, "add", ".exo/handoffs/T1.json");
  const taken = envelope(await b.run("session-start", "--ticket-id", "T1", "--actor", "bob-a"));
  expect(taken.ok, JSON.stringify(taken.error)).toBe(true);
});
