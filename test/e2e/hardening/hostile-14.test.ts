// Round 14: a team on several clones — ticket merges git makes without exo's merge driver (a fresh
// clone, a driver whose program is gone, an attribute file that overrides .exo/.gitattributes),
// edits of one ticket on both sides, racing claims across clones.
import { spawnSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, git } from "../../helpers/repo.js";
import { team, type Clone } from "../../helpers/team.js";

const sh = (cwd: string, ...args: string[]) => spawnSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_MERGE_AUTOEDIT: "no" } });
const unmergedFiles = (dir: string) => git(dir, "diff", "--name-only", "--diff-filter=U").split("\n").filter(Boolean);
const gitTracking = (run: { stdout: string }) => envelope(run as never).data.sections.find((s: { name: string }) => s.name === "git_tracking");

/** A teammate's edit of T1 in a text editor (no exo command runs in that clone). */
async function byHand(dir: string, from: string, to: string) {
  const file = join(dir, ".exo/tickets/T1.yaml");
  const text = await readFile(file, "utf8");
  expect(text).toContain(from);
  await writeFile(file, text.replace(from, to));
}

/** Clone a edits T1 and pushes; clone b edits T1 too (exo's args, or [from, to] by hand), commits and pulls: git merges the ticket. */
async function editOnBothSides(a: Clone, b: Clone, aArgs: string[], bArgs: string[] | [string, string], opts: { byHand?: boolean; rebase?: boolean } = {}) {
  expect(envelope(await a.run("ticket-update", "T1", ...aArgs)).ok).toBe(true);
  git(a.dir, "add", "-A");
  git(a.dir, "commit", "-qm", "a edits T1");
  git(a.dir, "push", "-q");
  if (opts.byHand) await byHand(b.dir, bArgs[0], bArgs[1]);
  else expect(envelope(await b.run("ticket-update", "T1", ...bArgs)).ok).toBe(true);
  git(b.dir, "add", "-A");
  git(b.dir, "commit", "-qm", "b edits T1");
  return sh(b.dir, "pull", opts.rebase ? "--rebase" : "--no-rebase", "-q");
}

test("a fresh clone without exo's merge driver merges a ticket edited on both sides as text: reads name the cause, doctor warns beforehand, and doctor --fix registers the driver and redoes the merge", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["ha", "hb", "hc"]);
  const [a, b, c] = clones as [Clone, Clone, Clone];
  // Before any merge: doctor says the driver is missing in this clone (ticket edits register nothing).
  const before = gitTracking(await b.run("doctor", "--section", "git_tracking"));
  expect(before).toMatchObject({ status: "warn", fixable: true, hint: "exo doctor --fix --section git_tracking", details: { merge_driver: { reason: "unregistered" } } });
  expect(before.message).toMatch(/merge driver is not registered in this clone/);

  // b's teammate edits the ticket by hand: no exo command registers the driver in that clone.
  const pull = await editOnBothSides(a, b, ["--priority", "1"], ['title: "T1"', 'title: "T1 (b)"'], { byHand: true });
  expect(pull.status).not.toBe(0);
  expect(unmergedFiles(b.dir)).toEqual([".exo/tickets/T1.yaml"]);
  // The read says why (not "the driver could not join both sides", which was never run) and what to do.
  const shown = coded(await b.run("ticket-show", "T1"), "TICKET_INVALID", 2);
  expect(shown.error?.message).toMatch(/not registered in this clone .*run exo doctor --fix/);
  expect(shown.error?.hint).toBe("exo doctor --fix");
  const doctor = envelope(await b.run("doctor"));
  expect(gitTracking({ stdout: JSON.stringify(doctor) })).toMatchObject({ status: "fail", fixable: true, hint: "exo doctor --fix --section git_tracking" });
  // No section advises `git checkout -- <file>`, which git refuses on an unmerged path.
  expect(JSON.stringify(doctor.data.sections)).not.toMatch(/git checkout -- \.exo\/tickets\/T1\.yaml/);

  const fix = envelope(await b.run("doctor", "--fix", "--section", "git_tracking"));
  expect(fix.data.fixed.map((f: { action: string }) => f.action)).toEqual([
    "registered exo's ticket merge driver in this clone's git config",
    "merged .exo/tickets/T1.yaml again with exo's merge driver and marked it resolved; git add .exo, then git commit (or git rebase --continue) concludes the merge",
  ]);
  expect(unmergedFiles(b.dir)).toEqual([]);
  expect(sh(b.dir, "commit", "-q", "--no-edit").status).toBe(0);
  // Both sides' edits are in the ticket.
  const t1 = envelope(await b.run("ticket-show", "T1"));
  expect(t1.data.ticket).toMatchObject({ title: "T1 (b)", priority: 1 });
  git(b.dir, "add", "-A");
  git(b.dir, "commit", "-qm", "doctor's ledger records");
  expect(gitTracking(await b.run("doctor", "--section", "git_tracking")).status).toBe("pass");
  expect(envelope(await b.run("ledger-verify")).ok).toBe(true);
  // A teammate's first step on a fresh clone, exo install, registers it too (it did not).
  expect(gitTracking(await c.run("doctor", "--section", "git_tracking")).details.merge_driver).toEqual({ reason: "unregistered" });
  expect((await c.run("install", "--no-hooks")).code).toBe(0);
  expect(git(c.dir, "config", "merge.exo-ticket.driver")).toMatch(/merge-ticket %O %A %B %P/);
});

test("a merge driver whose program is gone (a moved install) and a pulled .exo/tickets/.gitattributes that overrides exo's: doctor names each; --fix re-registers the one it can", async () => {
  const { clones } = await team([{ id: "T1" }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  git(b.dir, "config", "merge.exo-ticket.driver", "'/nonexistent/node' '/nonexistent/exo/bin.js' merge-ticket %O %A %B %P");
  const gone = gitTracking(await b.run("doctor", "--section", "git_tracking"));
  expect(gone).toMatchObject({ status: "warn", fixable: true, details: { merge_driver: { reason: "missing_program", program: "/nonexistent/node" } } });
  // A ticket merge with it fails: the file keeps this side, unmerged; --fix redoes it with a working driver.
  const pull = await editOnBothSides(a, b, ["--priority", "2"], ['title: "T1"', 'title: "T1 (b)"'], { byHand: true });
  expect(pull.status).not.toBe(0);
  expect(coded(await b.run("ticket-show", "T1"), "TICKET_INVALID", 2).error?.message).toMatch(/\/nonexistent\/node, which no longer exists/);
  const fix = envelope(await b.run("doctor", "--fix", "--section", "git_tracking"));
  expect(fix.data.fixed).toHaveLength(2);
  expect(unmergedFiles(b.dir)).toEqual([]);
  expect(envelope(await b.run("ticket-show", "T1")).data.ticket).toMatchObject({ title: "T1 (b)", priority: 2 });
  expect(sh(b.dir, "commit", "-q", "--no-edit").status).toBe(0);

  // A teammate commits an attribute file deeper than .exo/.gitattributes: it wins in git.
  await writeFile(join(a.dir, ".exo/tickets/.gitattributes"), "*.yaml merge=union\n");
  git(a.dir, "add", "-A");
  git(a.dir, "commit", "-qm", "union merges");
  git(a.dir, "push", "-q");
  expect(sh(b.dir, "pull", "--no-rebase", "-q").status).toBe(0);
  const union = gitTracking(await b.run("doctor", "--section", "git_tracking"));
  expect(union).toMatchObject({ status: "warn", fixable: false, details: { merge_driver: { reason: "attributes", merge: "union" } } });
  expect(union.message).toMatch(/select merge=union .*remove the overriding line/);
  expect(envelope(await b.run("doctor", "--fix", "--section", "git_tracking")).data.fixed).toEqual([]);
  // .git/info/attributes does the same on one machine.
  await mkdir(join(a.dir, ".git/info"), { recursive: true });
  await writeFile(join(a.dir, ".git/info/attributes"), ".exo/tickets/*.yaml -merge\n");
  expect(gitTracking(await a.run("doctor", "--section", "git_tracking")).details.merge_driver).toEqual({ reason: "attributes", merge: "unset" });
  expect(await readFile(join(b.dir, ".exo/tickets/T1.yaml"), "utf8")).not.toMatch(/<<<<<<<|>>>>>>>/);
});

test("a ticket whose blockers and labels were edited on both clones keeps both sides' additions and removals after the merge (before: the later writer's list alone, a teammate's blocker gone)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }, { id: "T3" }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  for (const c of clones) expect((await c.run("install", "--no-hooks")).code).toBe(0);
  // A shared starting label, committed on both.
  expect(envelope(await a.run("ticket-update", "T1", "--add-label", "old", "--add-label", "keep")).ok).toBe(true);
  git(a.dir, "add", "-A");
  git(a.dir, "commit", "-qm", "labels");
  git(a.dir, "push", "-q");
  expect(sh(b.dir, "pull", "--no-rebase", "-q").status).toBe(0);
  const pull = await editOnBothSides(a, b, ["--add-blocker", "T2", "--add-label", "from-a", "--remove-label", "old"], ["--add-blocker", "T3", "--add-label", "from-b"]);
  expect(pull.status, pull.stderr).toBe(0);
  expect(unmergedFiles(b.dir)).toEqual([]);
  const t1 = envelope(await b.run("ticket-show", "T1")).data.ticket;
  expect([...t1.blockers].sort()).toEqual(["T2", "T3"]);
  expect([...t1.labels].sort()).toEqual(["from-a", "from-b", "keep"]);
  // The merged blockers hold: T1 is not handed out while T2 and T3 are open.
  const next = envelope(await b.run("next", "--owner", "agent:b", "--dry-run"));
  expect(next.data.ticket.id).not.toBe("T1");
});

test("a teammate's lease runs out mid-session and another clone takes it over: finish ends the session with LOCK_LOST and leaves this clone healthy (before: its lock stayed bound to the ended session, doctor failed)", async () => {
  const { clones } = await team([{ id: "T1" }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  const now = Date.now();
  const t = (minutes: number) => ({ EXO_NOW: new Date(now + minutes * 60_000).toISOString() });
  expect(envelope(await a.run("next", "--owner", "agent:a", "--distributed", "--ttl-hours", "1", { env: { EXO_ACTOR: "agent:a", ...t(0) } })).ok).toBe(true);
  const start = envelope(await a.run("session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:a", ...t(1) } }));
  expect(start.ok, JSON.stringify(start.error)).toBe(true);
  // Agent a stops heartbeating; two hours later b's clone takes the lease over.
  const taken = envelope(await b.run("next", "--owner", "agent:b", "--distributed", { env: { EXO_ACTOR: "agent:b", ...t(120) } }));
  expect(taken.data.lock).toMatchObject({ owner: "agent:b", fencing_token: 2 });
  const later = { env: { EXO_ACTOR: "agent:a", ...t(125) } };
  // Pausing is refused as finishing is checked (before: suspended, and the resume met LEASE_HELD).
  const paused = coded(await a.run("session-suspend", "--reason", "lunch", later), "LOCK_LOST");
  expect(paused.error?.details).toMatchObject({ holder: "agent:b", session_kept: start.data.session.id });
  expect(envelope(await a.run("session-scan", later)).data.sessions[0]).toMatchObject({ id: start.data.session.id, status: "active" });
  const lost = coded(await a.run("session-finish", "--summary", "partial work", later), "LOCK_LOST");
  expect(lost.error?.details).toMatchObject({ holder: "agent:b", session_ended: start.data.session.id });
  const lock = JSON.parse(await readFile(join(a.dir, ".exo/locks/T1.json"), "utf8"));
  expect(lock).toMatchObject({ state: "released", session: null, fencing_token: 1 });
  const doctor = envelope(await a.run("doctor", "--section", "state", "--section", "locks", "--section", "sessions", later));
  expect(doctor.data.sections.filter((s: { status: string }) => s.status !== "pass")).toEqual([]);
  // The remote lease is still b's.
  expect(git(b.dir, "ls-remote", "origin", "refs/exo/leases/T1").trim()).not.toBe("");
  expect(envelope(await b.run("lease-heartbeat", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:b", ...t(126) } })).ok).toBe(true);
  expect(envelope(await a.run("ledger-verify")).ok).toBe(true);
});

test("the same text merge met in git pull --rebase: doctor --fix redoes it with the driver, and the rebase continues with both sides' edits", async () => {
  const { clones } = await team([{ id: "T1" }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  expect(sh(b.dir, "config", "merge.exo-ticket.driver").status).not.toBe(0);
  const pull = await editOnBothSides(a, b, ["--priority", "1"], ['title: "T1"', 'title: "T1 (b)"'], { byHand: true, rebase: true });
  expect(pull.status).not.toBe(0);
  expect(unmergedFiles(b.dir)).toEqual([".exo/tickets/T1.yaml"]);
  expect(envelope(await b.run("doctor", "--fix", "--section", "git_tracking")).data.fixed).toHaveLength(2);
  git(b.dir, "add", ".exo");
  const cont = spawnSync("git", ["rebase", "--continue"], { cwd: b.dir, encoding: "utf8", env: { ...process.env, GIT_EDITOR: "true" } });
  expect(cont.status, cont.stderr).toBe(0);
  expect(envelope(await b.run("ticket-show", "T1")).data.ticket).toMatchObject({ title: "T1 (b)", priority: 1 });
  expect(envelope(await b.run("ledger-verify")).ok).toBe(true);
});

test("a teammate's first exo command in a fresh clone being a ticket edit registers the merge driver, so the next pull merges tickets by meaning", async () => {
  const { clones } = await team([{ id: "T1" }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  const pull = await editOnBothSides(a, b, ["--title", "title from a"], ["--priority", "1"]);
  expect(pull.status, pull.stderr).toBe(0);
  expect(envelope(await b.run("ticket-show", "T1")).data.ticket).toMatchObject({ title: "title from a", priority: 1 });
  expect(git(b.dir, "config", "merge.exo-ticket.driver")).toMatch(/merge-ticket %O %A %B %P/);
});

test("a pulled ledger segment of one endless line (60 MB, no newline) does not stall status (before: minutes, quadratic in the line's length)", { timeout: 120_000 }, async () => {
  const { clones } = await team([{ id: "T1" }], ["ha", "hb"]);
  const [a, b] = clones as [Clone, Clone];
  await writeFile(join(a.dir, ".exo/ledger/evil.main.aaaaaaaa.jsonl"), Buffer.alloc(60_000_000, 0x78));
  git(a.dir, "add", "-A");
  git(a.dir, "commit", "-qm", "a huge segment");
  git(a.dir, "push", "-q");
  git(b.dir, "pull", "-q", "--no-rebase");
  const started = Date.now();
  const status = envelope(await b.run("status"));
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(status.ok).toBe(true);
  expect(status.data.ledger.segments).toBeGreaterThanOrEqual(2);
  // ledger-verify names the segment and the commits that brought it.
  const verify = coded(await b.run("ledger-verify"), "LEDGER_INVALID");
  expect(verify.error?.hint).toMatch(/git log .*evil\.main\.aaaaaaaa\.jsonl/);
});
