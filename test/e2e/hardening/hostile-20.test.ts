// Round 20 of team hardening: clones of one remote with diverging histories, unusual git states
// (a rebase stopped on a conflict, odd remote names), hostile or damaged state. Each case failed
// before its fix.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, git } from "../../helpers/repo.js";
import { leaseState, team, type Clone } from "../../helpers/team.js";

/** This clone's segment committed on main (a finished session on T2), then branches side and main that both change x.txt. */
async function conflictingBranches(a: Clone): Promise<void> {
  expect(envelope(await a.run("session-start", "--ticket-id", "T2", "--actor", "alice")).ok).toBe(true);
  expect(envelope(await a.run("session-finish", "--summary", "earlier", "--actor", "alice")).ok).toBe(true);
  writeFileSync(join(a.dir, "x.txt"), "base\n");
  git(a.dir, "add", "x.txt");
  git(a.dir, "commit", "-qm", "x");
  git(a.dir, "checkout", "-q", "-b", "side");
  writeFileSync(join(a.dir, "x.txt"), "side\n");
  git(a.dir, "commit", "-qam", "side");
  git(a.dir, "checkout", "-q", "main");
  writeFileSync(join(a.dir, "x.txt"), "main\n");
  git(a.dir, "commit", "-qam", "main");
}

test("a session finished while a git rebase stops on a conflict: the warning says what --continue and --abort do with exo's commit (not 'git switch -c'), and after git rebase --abort the dropped ledger records are named and doctor --fix puts them back", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [Clone];
  await conflictingBranches(a);
  git(a.dir, "checkout", "-q", "side");
  expect(() => execFileSync("git", ["rebase", "-q", "main"], { cwd: a.dir, stdio: "pipe" })).toThrow();
  // The rebase stopped on x.txt; an agent's session on T1 starts and finishes meanwhile.
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const finish = envelope(await a.run("session-finish", "--summary", "during the rebase", "--actor", "alice"));
  expect(finish.ok).toBe(true);
  const sha = git(a.dir, "rev-parse", "HEAD").trim();
  const warning = finish.warnings?.find((w) => w.code === "AUTO_COMMIT_DETACHED");
  expect(warning?.message).toContain("a git rebase of side is in progress");
  expect(warning?.message).toContain("exo doctor --fix");
  expect(warning?.message).not.toContain("git switch -c");
  const segment = git(a.dir, "show", "--name-only", "--format=", "HEAD", "--", ".exo/ledger").trim().split("\n")[0] as string;
  const full = readFileSync(join(a.dir, segment), "utf8");
  // --abort resets the branch and exo's files: the records of that session are gone from the checkout.
  git(a.dir, "rebase", "--abort");
  expect(readFileSync(join(a.dir, segment), "utf8").length).toBeLessThan(full.length);
  const verify = envelope(await a.run("ledger-verify"));
  expect(verify.data.valid).toBe(true);
  expect(verify.data.records_lost).toMatchObject([{ commit: sha, restorable: true, branch: "side" }]);
  const doctor = envelope(await a.run("doctor", "--section", "ledger"));
  expect(doctor.data.sections.find((s: { name: string }) => s.name === "ledger")).toMatchObject({ status: "warn", fixable: true, hint: "exo doctor --fix --section ledger" });
  expect(envelope(await a.run("doctor", "--fix", "--section", "ledger")).ok).toBe(true);
  expect(readFileSync(join(a.dir, segment), "utf8").startsWith(full)).toBe(true);
  expect(envelope(await a.run("ledger-verify")).data).toMatchObject({ valid: true, records_lost: [] });
});

/** Set git.remote in a clone's config.yaml (as a teammate's commit would) and compose it. */
async function setRemote(clone: Clone, remote: string): Promise<void> {
  const file = join(clone.dir, ".exo", "config.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace(/^ {2}remote: .*$/m, `  remote: ${JSON.stringify(remote)}`));
  expect(envelope(await clone.run("compose")).ok).toBe(true);
}

test("git.remote given as a URL or path (config-validate accepts it): distributed claims work and hold across clones (before: every one failed REMOTE_UNAVAILABLE 'invalid refspec', saying to check the network)", async () => {
  const { bare, clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  for (const c of clones) await setRemote(c, bare);
  expect(envelope(await a.run("next", "--owner", "alice", "--distributed")).data.ticket.id).toBe("T1");
  expect(git(bare, "for-each-ref", "--format=%(refname)", "refs/exo/leases/").trim()).toBe("refs/exo/leases/T1");
  const held = envelope(await b.run("session-start", "--ticket-id", "T1", "--distributed", "--actor", "bob"));
  expect(held.error?.code).toBe("LEASE_HELD");
  expect(envelope(await b.run("next", "--owner", "bob", "--distributed")).data.ticket.id).toBe("T2");
  const gc = envelope(await b.run("gc-locks", "--remote", "--dry-run"));
  expect(gc.ok).toBe(true);
  expect(gc.data.remote.map((r: { ticket: string }) => r.ticket).sort()).toEqual(["T1", "T2"]);
});

test("a remote whose name has several components (git remote rename origin team/origin) is a valid git.remote: claims, refspecs and LEASE_HELD work as with origin (before: CONFIG_INVALID 'neither a remote name nor a URL')", async () => {
  const { bare, clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  for (const c of clones) {
    git(c.dir, "remote", "rename", "origin", "team/origin");
    await setRemote(c, "team/origin");
    expect(envelope(await c.run("config-validate")).ok).toBe(true);
  }
  expect(envelope(await a.run("next", "--owner", "alice", "--distributed")).data.ticket.id).toBe("T1");
  expect(git(bare, "for-each-ref", "--format=%(refname)", "refs/exo/leases/").trim()).toBe("refs/exo/leases/T1");
  expect(git(a.dir, "config", "--get-all", "remote.team/origin.fetch")).toContain("+refs/exo/leases/*:refs/exo/remote-leases/team/origin/*");
  expect(envelope(await b.run("session-start", "--ticket-id", "T1", "--distributed", "--actor", "bob")).error?.code).toBe("LEASE_HELD");
  // A plain fetch brings the lease along, and the dashboard names the remote whole.
  git(b.dir, "fetch", "-q", "team/origin");
  expect(git(b.dir, "for-each-ref", "--format=%(refname)", "refs/exo/remote-leases/").trim()).toContain("refs/exo/remote-leases/team/origin/T1");
  expect(envelope(await b.run("dashboard")).ok).toBe(true);
  expect(readFileSync(join(b.dir, ".exo", "cache", "dashboard.html"), "utf8")).toContain("<td>team/origin</td><td>T1</td>");
});

test("a clone whose sparse checkout leaves .exo/ out: commands say to add it (before: 'switch back with git switch main', the branch already checked out), and exo init / install refuse instead of writing a second governance over the committed one", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  git(a.dir, "sparse-checkout", "set", "--cone", "src");
  expect(existsSync(join(a.dir, ".exo"))).toBe(false);
  const status = coded(await a.run("status"), "NOT_INITIALIZED", 2);
  expect(status.error?.hint).toBe("git sparse-checkout add .exo");
  expect(status.error?.message).not.toContain("git switch");
  coded(await a.run("init"), "NOT_INITIALIZED", 2);
  const install = envelope(await a.run("install", "--harness", "git"));
  expect(install.error?.code).toBe("INSTALL_INCOMPLETE");
  expect(install.error?.hint).toBe("git sparse-checkout add .exo");
  // Nothing was written: no second constitution or lock beside the committed ones.
  expect(existsSync(join(a.dir, ".exo"))).toBe(false);
  expect(git(a.dir, "status", "--porcelain")).toBe("");
  git(a.dir, "sparse-checkout", "add", ".exo");
  expect(envelope(await a.run("next", "--owner", "alice")).data.ticket.id).toBe("T1");
  // The same for .exo/ deleted by hand: exo init points at git's copy rather than scaffolding anew.
  rmSync(join(a.dir, ".exo"), { recursive: true, force: true });
  expect(coded(await a.run("init"), "NOT_INITIALIZED", 2).error?.hint).toBe("git checkout HEAD -- .exo");
  expect(existsSync(join(a.dir, ".exo"))).toBe(false);
});

test("a lock handed over with --keep-lock that its receiver worked on and gave back in another clone no longer holds the ticket in the sender's clone: exo next hands it out and session-start takes it (before: 'locked', and LOCK_LOST naming the receiver, for the whole ttl)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }, { id: "T3" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  // alice hands T1 and T2 over to bob keeping the lock; bob works on each in clone b and gives it back to anyone.
  for (const id of ["T1", "T2"]) {
    expect(envelope(await a.run("session-start", "--ticket-id", id, "--distributed", "--actor", "alice")).ok).toBe(true);
    expect(envelope(await a.run("session-handoff", "--to", "bob", "--summary", "yours", "--keep-lock", "--actor", "alice")).ok).toBe(true);
  }
  git(a.dir, "push", "-q", "origin", "HEAD");
  git(b.dir, "pull", "-q", "--no-rebase");
  for (const id of ["T1", "T2"]) {
    expect(envelope(await b.run("session-start", "--ticket-id", id, "--distributed", "--actor", "bob")).ok).toBe(true);
    expect(envelope(await b.run("session-handoff", "--to", "any", "--summary", "back to anyone", "--actor", "bob")).ok).toBe(true);
    expect(leaseState(b.dir, id)).toMatchObject({ state: "released", owner: "bob" });
  }
  git(b.dir, "push", "-q", "origin", "HEAD");
  git(a.dir, "pull", "-q", "--no-rebase");
  const start = envelope(await a.run("session-start", "--ticket-id", "T2", "--actor", "alice"));
  expect(start.error).toBeUndefined();
  expect(leaseState(a.dir, "T2")).toMatchObject({ state: "held", owner: "alice" });
  const lock = JSON.parse(readFileSync(join(a.dir, ".exo", "locks", "T2.json"), "utf8"));
  expect(lock).toMatchObject({ owner: "alice", session: start.data.session.id });
  const dry = envelope(await a.run("next", "--owner", "carol", "--distributed", "--dry-run"));
  expect(dry.data.ticket.id).toBe("T1");
  expect(JSON.parse(readFileSync(join(a.dir, ".exo", "locks", "T1.json"), "utf8")).owner).toBe("bob"); // a dry run writes nothing
  const next = envelope(await a.run("next", "--owner", "carol", "--distributed"));
  expect(next.data.ticket.id).toBe("T1");
  expect(leaseState(a.dir, "T1")).toMatchObject({ state: "held", owner: "carol" });
  // The receiver's claims here are released as superseded, in the ledger, with tokens that keep rising.
  const released = (envelope(await a.run("ledger-show", "--type", "lock.released", "--limit", "50")).data.records as { ticket: string; data: { owner: string; superseded?: boolean; fencing_token: number } }[]).filter((r) => r.data.superseded && r.data.owner === "bob");
  expect(released.map((r) => r.ticket).sort()).toEqual(["T1", "T2"]);
  expect(lock.fencing_token).toBeGreaterThan(released.find((r) => r.ticket === "T2")?.data.fencing_token ?? Infinity);
  expect(envelope(await a.run("ledger-verify")).data.valid).toBe(true);
});

test("a handoff record the receiver's open session consumed is work in progress for doctor, not a file 'to restore from git' (restoring it would hand the same context to the next start again); deleted by hand it still is", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  expect(envelope(await a.run("session-handoff", "--to", "bob", "--summary", "yours", "--actor", "alice")).ok).toBe(true);
  expect(git(a.dir, "ls-files", ".exo/handoffs")).toContain("T1.json");
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "bob")).ok).toBe(true);
  expect(existsSync(join(a.dir, ".exo", "handoffs", "T1.json"))).toBe(false);
  const section = (run: Awaited<ReturnType<Clone["run"]>>) => envelope(run).data.sections.find((s: { name: string }) => s.name === "git_tracking");
  const during = section(await a.run("doctor", "--section", "git_tracking"));
  expect(during.status).toBe("pass");
  expect(during.hint ?? "").not.toContain("git checkout HEAD");
  expect(envelope(await a.run("session-finish", "--summary", "done", "--actor", "bob")).ok).toBe(true);
  expect(git(a.dir, "ls-files", ".exo/handoffs")).toBe("");
  // A handoff nobody consumed, deleted by hand: git's copy is still the way back.
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "bob")).ok).toBe(true);
  expect(envelope(await a.run("session-handoff", "--to", "carol", "--summary", "again", "--actor", "bob")).ok).toBe(true);
  rmSync(join(a.dir, ".exo", "handoffs", "T1.json"));
  const gone = section(await a.run("doctor", "--section", "git_tracking"));
  expect(gone).toMatchObject({ status: "warn", hint: "git checkout HEAD -- .exo/handoffs/T1.json" });
});

test("a local branch spelled like the remote base (git branch origin/main) does not become pr-check's default base: the range starts at the fetched origin/main (before: the teammate's pushed commits were flagged ungoverned_commit)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  // An old local branch whose name git resolves before refs/remotes/origin/main.
  git(a.dir, "branch", "origin/main", "HEAD~1");
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  writeFileSync(join(a.dir, "feature.txt"), "work\n");
  git(a.dir, "add", "feature.txt");
  expect(envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice")).ok).toBe(true);
  const report = envelope(await a.run("pr-check"));
  expect(report.data.base).toBe("origin/main");
  expect(report.data.findings.filter((f: { code: string }) => f.code === "ungoverned_commit")).toEqual([]);
  expect(report.data.verdict).toBe("pass");
});

test("a session finished while a git merge stops on a conflict: exo stages nothing, so git merge --abort keeps its records, memento and ticket (before: staged by the failed commit, all reset without a trace)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }, { id: "T3" }], ["a"]);
  const [a] = clones as [Clone];
  await conflictingBranches(a);
  expect(() => execFileSync("git", ["merge", "side"], { cwd: a.dir, stdio: "pipe" })).toThrow();
  const start = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice"));
  const ses = start.data.session.id as string;
  const finish = envelope(await a.run("session-finish", "--summary", "during the merge", "--actor", "alice"));
  expect(finish.ok).toBe(true);
  const warning = finish.warnings?.find((w) => w.code === "AUTO_COMMIT_FAILED");
  expect(warning?.message).toContain("a git merge is in progress");
  expect(git(a.dir, "diff", "--cached", "--name-only", "--", ".exo")).toBe("");
  const records = (await a.run("ledger-show", "--session-id", ses)).stdout;
  git(a.dir, "merge", "--abort");
  expect(existsSync(join(a.dir, ".exo", "mementos", "T1", `${ses}.md`))).toBe(true);
  expect((await a.run("ledger-show", "--session-id", ses)).stdout).toBe(records);
  expect(envelope(await a.run("ticket-show", "T1")).data.ticket.status).toBe("review");
  expect(envelope(await a.run("ledger-verify")).data.valid).toBe(true);
  // exo's next commit takes them.
  expect(envelope(await a.run("session-start", "--ticket-id", "T3", "--actor", "alice")).ok).toBe(true);
  expect(envelope(await a.run("session-finish", "--summary", "after the merge", "--actor", "alice")).data.auto_commit).toMatch(/^[0-9a-f]{40}$/);
  expect(git(a.dir, "status", "--porcelain", "--", ".exo")).toBe("");
  expect(git(a.dir, "show", "--name-only", "--format=", "HEAD")).toContain(`.exo/mementos/T1/${ses}.md`);
});

test("a session finished during a git bisect: the warning says git bisect reset leaves exo's commit behind, and after the reset doctor --fix puts its ledger records back (before: 'git switch -c', then the records were gone without a word)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T2", "--actor", "alice")).ok).toBe(true);
  expect(envelope(await a.run("session-finish", "--summary", "earlier", "--actor", "alice")).ok).toBe(true);
  for (const n of [1, 2, 3, 4]) git(a.dir, "commit", "-q", "--allow-empty", "-m", `c${n}`);
  execFileSync("git", ["bisect", "start", "HEAD", "HEAD~4"], { cwd: a.dir, stdio: "pipe" });
  const ses = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).data.session.id as string;
  const finish = envelope(await a.run("session-finish", "--summary", "while bisecting", "--actor", "alice"));
  const sha = git(a.dir, "rev-parse", "HEAD").trim();
  expect(finish.warnings?.find((w) => w.code === "AUTO_COMMIT_DETACHED")?.message).toContain("git bisect reset leaves it behind");
  execFileSync("git", ["bisect", "reset"], { cwd: a.dir, stdio: "pipe" });
  expect(envelope(await a.run("ledger-verify")).data.records_lost).toMatchObject([{ commit: sha, restorable: true, branch: "main" }]);
  expect(envelope(await a.run("doctor", "--fix", "--section", "ledger")).ok).toBe(true);
  expect(envelope(await a.run("ledger-verify")).data).toMatchObject({ valid: true, records_lost: [] });
  expect((await a.run("ledger-show", "--session-id", ses, "--type", "session.finished")).stdout).toContain(ses);
});

test("a git pull during a session (a merge or a fast-forward) does not charge the teammate's pulled commits to the session's drift: only commits made in this checkout count (before: their files were out_of_scope)", async () => {
  const { clones } = await team([{ id: "T1", allow: ["src/**"] }, { id: "T2", allow: ["src/**"] }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  const teammate = (file: string) => {
    git(b.dir, "pull", "-q", "--no-rebase", "--no-edit");
    mkdirSync(join(b.dir, "docs"), { recursive: true });
    writeFileSync(join(b.dir, "docs", file), "theirs\n");
    git(b.dir, "add", "docs");
    git(b.dir, "commit", "-qm", `teammate ${file}`, "--no-verify");
    git(b.dir, "push", "-q", "origin", "HEAD");
  };
  const work = (file: string) => {
    mkdirSync(join(a.dir, "src"), { recursive: true });
    writeFileSync(join(a.dir, "src", file), "mine\n");
    git(a.dir, "add", "src");
    git(a.dir, "commit", "-qm", `my ${file}`, "--no-verify");
  };
  // A fast-forward: nothing of this checkout's ahead when the pull comes.
  teammate("one.md");
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  git(a.dir, "pull", "-q", "--ff-only");
  work("one.ts");
  const ff = envelope(await a.run("session-finish", "--summary", "ff", "--actor", "alice"));
  expect(ff.data.drift).toMatchObject({ out_of_scope: [], changed: 1 });
  git(a.dir, "push", "-q", "origin", "HEAD");
  // A merge: this checkout's own commit first, then the pull merges the teammate's.
  expect(envelope(await a.run("session-start", "--ticket-id", "T2", "--actor", "alice")).ok).toBe(true);
  work("two.ts");
  teammate("two.md");
  git(a.dir, "pull", "-q", "--no-rebase", "--no-edit");
  const merged = envelope(await a.run("session-finish", "--summary", "merge", "--actor", "alice"));
  expect(merged.data.drift).toMatchObject({ out_of_scope: [], changed: 1 });
});

test("a session file edited to name another repository as its worktree: finish and handoff refuse with STATE_CORRUPT (worktree_foreign) and run nothing there (before: git ran in that repository, its checks would have too); session-cleanup --force ends it", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "victim"]);
  const [a, victim] = clones as [Clone, Clone];
  const ses = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).data.session.id as string;
  const file = join(a.dir, ".exo", "sessions", `${ses}.json`);
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), worktree: victim.dir }, null, 2));
  writeFileSync(join(victim.dir, "untouched.txt"), "theirs\n");
  const before = git(victim.dir, "status", "--porcelain");
  for (const args of [["session-finish", "--summary", "s"], ["session-handoff", "--to", "bob", "--summary", "s"]]) {
    const r = coded(await a.run(...args, "--actor", "alice"), "STATE_CORRUPT");
    expect(r.error?.details).toMatchObject({ reason: "worktree_foreign" });
    expect(r.error?.message).toContain(victim.dir);
    expect(r.error?.hint).toContain(`exo session-cleanup --session-id ${ses} --force`);
  }
  expect(git(victim.dir, "status", "--porcelain")).toBe(before);
  expect(git(victim.dir, "log", "--format=%s")).not.toContain("chore(exo)");
  expect(envelope(await a.run("session-cleanup", "--session-id", ses, "--force", "--actor", "alice")).ok).toBe(true);
  // A linked worktree of this repository is not foreign.
  const wt = envelope(await a.run("worktree-create", "--ticket-id", "T1"));
  const path = wt.data.path as string;
  const there = (...args: string[]) => exo(path, ...args, "--actor", "alice", { env: { EXO_HOST: "a" } });
  expect(envelope(await there("session-start", "--ticket-id", "T1")).ok).toBe(true);
  writeFileSync(join(path, "in-worktree.txt"), "mine\n");
  expect(envelope(await there("session-finish", "--summary", "done in the worktree")).ok).toBe(true);
});
