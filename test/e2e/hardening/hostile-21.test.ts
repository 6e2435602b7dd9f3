// Round 21 of team hardening: clones of one remote, hostile or damaged state in .exo/ (machine-local
// caches, ledger lines, state files replaced by links), repairs that must converge. Each case
// failed before its fix.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, git } from "../../helpers/repo.js";
import { team, type Clone } from "../../helpers/team.js";

const NO_TRACE = /\n\s+at .*\.c?js:\d+/;

test("a cache entry that is a folder (a hand mkdir, a bad sync of .exo/cache) is a cache miss: status, session-start, finish and doctor work (before: every command, doctor too, failed IO_ERROR with the hint 'git checkout HEAD -- .exo/cache/…', which git cannot do)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("status")).ok).toBe(true); // the caches exist
  for (const name of ["committed-lock.json", "governance-verified.json", "git-version.json", "fs.json", "exo-writes.json"]) {
    const file = join(a.dir, ".exo", "cache", name);
    rmSync(file, { recursive: true, force: true });
    mkdirSync(join(file, "x"), { recursive: true });
  }
  for (const args of [["status"], ["doctor"], ["session-start", "--ticket-id", "T1", "--actor", "alice"]]) {
    const r = await a.run(...args);
    expect(envelope(r).error?.code, `${args[0]}: ${r.stdout}`).not.toBe("IO_ERROR");
    expect(r.stdout).not.toContain("git checkout HEAD -- .exo/cache");
  }
  writeFileSync(join(a.dir, "work.txt"), "w\n");
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
  expect(finish.ok).toBe(true);
  expect(finish.data.auto_commit).toMatch(/^[0-9a-f]{40}$/);
  expect(envelope(await a.run("ledger-verify")).data.valid).toBe(true);
});

test("doctor --fix while config.yaml is broken (an empty file after a bad merge) writes no hooks and answers its report: git checkout HEAD -- .exo/config.yaml is the way on (round 32; it was exo config-validate) (before: it installed hook files, then failed CONFIG_INVALID with no report, and doctor then failed 'hooks changed since they were sealed' pointing at doctor --fix again)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  writeFileSync(join(a.dir, ".exo", "config.yaml"), "");
  const fix = await a.run("doctor", "--fix");
  const report = envelope(fix);
  expect(fix.code).toBe(1);
  expect(report.error).toMatchObject({ code: "DOCTOR_FAILED", hint: "git checkout HEAD -- .exo/config.yaml" });
  expect(report.data.sections.find((s: { name: string }) => s.name === "config")).toMatchObject({ status: "fail" });
  expect(report.data.sections.find((s: { name: string }) => s.name === "hooks")?.status).not.toBe("fail");
  expect(existsSync(join(a.dir, ".exo", "bin"))).toBe(false);
  expect(existsSync(join(a.dir, ".claude"))).toBe(false);
  const after = envelope(await a.run("doctor"));
  expect(after.error?.hint).toBe("git checkout HEAD -- .exo/config.yaml");
  expect(after.data.sections.find((s: { name: string }) => s.name === "hooks")?.status).not.toBe("fail");
  // Once the file is back, --fix repairs as usual.
  git(a.dir, "checkout", "HEAD", "--", ".exo/config.yaml");
  const fixed = envelope(await a.run("doctor", "--fix"));
  expect(fixed.data.sections.find((s: { name: string }) => s.name === "config")?.status).toBe("pass");
  expect(fixed.data.sections.find((s: { name: string }) => s.name === "hooks")?.status).not.toBe("fail");
});

test("doctor --fix over a garbled governance.lock.json (a half-written pull) writes no hooks or adapters and says exo compose --repair (before: it wrote them, failed GOVERNANCE_TAMPERED with no report, and doctor then pointed at doctor --fix, which failed again)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  writeFileSync(join(a.dir, ".exo", "governance.lock.json"), "{\"version\": 1, \"sour");
  const report = envelope(await a.run("doctor", "--fix"));
  expect(report.error).toMatchObject({ code: "DOCTOR_FAILED", hint: "exo compose --repair" });
  expect(report.data.fixed.filter((f: { section: string }) => f.section === "hooks" || f.section === "adapters")).toEqual([]);
  expect(git(a.dir, "status", "--porcelain", "--untracked-files=all")).not.toMatch(/exo-hook|\.claude|AGENTS|CLAUDE/);
  expect(envelope(await a.run("doctor")).error?.hint).toBe("exo compose --repair");
  expect(envelope(await a.run("compose", "--repair")).ok).toBe(true);
  const fixed = envelope(await a.run("doctor", "--fix"));
  expect(fixed.data.sections.find((s: { name: string }) => s.name === "governance")?.status).toBe("pass");
  expect(fixed.data.sections.find((s: { name: string }) => s.name === "hooks")?.status).toBe("pass");
});

test("a ledger line that is valid JSON but no record (null, a number, a list: a garbled pull) is skipped by the views and named by verify: doctor and ledger-show never fail INTERNAL (before: 'Cannot read properties of null')", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  expect(envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice")).ok).toBe(true);
  const dir = join(a.dir, ".exo", "ledger");
  const segment = join(dir, readdirSync(dir).find((f) => f.startsWith("a.")) as string);
  const lines = readFileSync(segment, "utf8").split("\n");
  for (const bad of ["null", "42", "[]", '"text"']) {
    writeFileSync(segment, [...lines.slice(0, 2), bad, ...lines.slice(3)].join("\n"));
    for (const args of [["doctor"], ["ledger-show", "--all"], ["ledger-show", "--ticket-id", "T1"], ["status"], ["ticket-show", "T1"]]) {
      const r = await a.run(...args);
      expect(envelope(r).error?.code, `${bad} ${args.join(" ")}: ${r.stdout}`).not.toBe("INTERNAL");
      expect(`${r.stdout}${r.stderr}`).not.toMatch(NO_TRACE);
    }
    const verify = envelope(await a.run("ledger-verify"));
    expect(verify.data.valid).toBe(false);
    expect(verify.data.errors[0]).toMatchObject({ line: 3 });
  }
});

test("a lock or handoff replaced by a symlink: one doctor --fix sets it aside and leaves a healthy state (before: the link itself moved into cache/quarantine, so doctor failed again on a symlink below cache and a second --fix deleted it)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a"]);
  const [a] = clones as [Clone];
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  expect(envelope(await a.run("session-handoff", "--to", "bob", "--summary", "yours", "--actor", "alice")).ok).toBe(true);
  expect(envelope(await a.run("next", "--owner", "carol")).data.ticket.id).toBe("T2");
  const lock = join(a.dir, ".exo", "locks", "T2.json");
  rmSync(lock);
  symlinkSync("/dev/null", lock);
  const fix = envelope(await a.run("doctor", "--fix"));
  expect(fix.data.sections.find((s: { name: string }) => s.name === "state")?.status).toBe("pass");
  const quarantine = join(a.dir, ".exo", "cache", "quarantine");
  const kept = readdirSync(quarantine);
  expect(kept).toHaveLength(1);
  expect(lstatSync(join(quarantine, kept[0] as string)).isSymbolicLink()).toBe(false);
  expect(readFileSync(join(quarantine, kept[0] as string), "utf8")).toContain("/dev/null");
  const after = envelope(await a.run("doctor"));
  expect(after.data.sections.find((s: { name: string }) => s.name === "state")?.status).toBe("pass");
  expect(after.data.sections.find((s: { name: string }) => s.name === "locks")?.status).not.toBe("fail");
  expect(readdirSync(quarantine)).toEqual(kept);
});

test("a teammate deleted the ticket of a live session and git pull --autostash stops on it (no merge in progress, the conflict only in the index): finish commits its records but leaves the ticket unmerged for the person (before: git add resolved the conflict with this side, bringing the deleted ticket back without a word)", async () => {
  const { clones } = await team([{ id: "T1" }, { id: "T2" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  const start = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice"));
  expect(start.ok).toBe(true);
  git(b.dir, "rm", "-q", ".exo/tickets/T1.yaml");
  git(b.dir, "commit", "-qm", "T1 is not needed");
  git(b.dir, "push", "-q", "origin", "HEAD");
  try {
    git(a.dir, "pull", "-q", "--rebase", "--autostash");
  } catch {
    // git says the autostash stopped on a conflict (exit 0 or 1 by version)
  }
  expect(git(a.dir, "status", "--porcelain", "--", ".exo/tickets")).toContain("DU .exo/tickets/T1.yaml");
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
  expect(finish.ok).toBe(true);
  expect(finish.data.auto_commit).toMatch(/^[0-9a-f]{40}$/);
  expect(finish.warnings?.find((w) => w.code === "AUTO_COMMIT_FAILED")?.message).toContain(".exo/tickets/T1.yaml: git has it in an unresolved merge");
  const committed = git(a.dir, "show", "--name-only", "--format=", "HEAD");
  expect(committed).toContain(`.exo/mementos/T1/${start.data.session.id}.md`);
  expect(committed).not.toContain(".exo/tickets/T1.yaml");
  expect(git(a.dir, "ls-tree", "--name-only", "HEAD", ".exo/tickets/")).not.toContain("T1.yaml");
  expect(git(a.dir, "status", "--porcelain", "--", ".exo/tickets")).toContain("DU .exo/tickets/T1.yaml");
  expect(envelope(await a.run("doctor", "--section", "git_tracking")).data.sections[0]).toMatchObject({ status: "fail" });
  expect(envelope(await a.run("ledger-verify")).data.valid).toBe(true);
});

test("a garbled handoff record a teammate pushed: after doctor --fix sets it aside, doctor says to commit the removal (before: 'git checkout HEAD -- …', which brings the same garbled file back for --fix to set aside again, for ever)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  mkdirSync(join(b.dir, ".exo", "handoffs"), { recursive: true });
  writeFileSync(join(b.dir, ".exo", "handoffs", "T1.json"), '{"format": "exo.handoff/1", "ticket": "T1", garb');
  git(b.dir, "add", "-A");
  git(b.dir, "commit", "-qm", "handoff");
  git(b.dir, "push", "-q", "origin", "HEAD");
  git(a.dir, "pull", "-q", "--no-rebase");
  const fix = envelope(await a.run("doctor", "--fix", "--section", "state", "--section", "git_tracking"));
  expect(fix.data.fixed.map((f: { action: string }) => f.action).join(" ")).toContain("moved .exo/handoffs/T1.json");
  const tracking = envelope(await a.run("doctor", "--section", "git_tracking")).data.sections[0];
  expect(tracking.hint).not.toContain("git checkout HEAD");
  expect(tracking.hint).toMatch(/^git rm -q -- \.exo\/handoffs\/T1\.json && git commit /);
  // Pasted, it leaves nothing to repair.
  execFileSync("sh", ["-c", tracking.hint], { cwd: a.dir, stdio: "pipe" });
  const after = envelope(await a.run("doctor", "--section", "git_tracking", "--section", "state"));
  expect(after.data.sections.map((s: { status: string }) => s.status)).toEqual(["pass", "pass"]);
  // A handoff whose git copy is fine is still restored from git.
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  expect(envelope(await a.run("session-handoff", "--to", "bob", "--summary", "yours", "--actor", "alice")).ok).toBe(true);
  rmSync(join(a.dir, ".exo", "handoffs", "T1.json"));
  expect(envelope(await a.run("doctor", "--section", "git_tracking")).data.sections[0].hint).toBe("git checkout HEAD -- .exo/handoffs/T1.json");
});

test("a governance file that is a symlink to /dev/null (replaced by hand, or pulled): every command, doctor too, names it relative to the repository with a hint that works when pasted (before: the hint was exo doctor, which failed the same way)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  for (const name of [".gitattributes", "config.yaml", "policy.sealed.json"]) {
    const file = join(a.dir, ".exo", name);
    rmSync(file);
    symlinkSync("/dev/null", file);
    const doctor = envelope(await a.run("doctor"));
    expect(doctor.error).toMatchObject({ code: "IO_ERROR", hint: `git checkout HEAD -- .exo/${name}` });
    expect(doctor.error?.message).not.toContain(a.dir);
    execFileSync("sh", ["-c", doctor.error?.hint as string], { cwd: a.dir, stdio: "pipe" });
    expect(envelope(await a.run("doctor")).data.sections.length).toBeGreaterThan(5);
  }
  // Pulled as a link: git's copy is the link too, so the hint finds the commit that made it one.
  const file = join(b.dir, ".exo", "config.yaml");
  rmSync(file);
  symlinkSync("/dev/null", file);
  git(b.dir, "add", "-A");
  git(b.dir, "commit", "-qm", "link");
  git(b.dir, "push", "-q", "origin", "HEAD");
  git(a.dir, "pull", "-q", "--no-rebase");
  const status = envelope(await a.run("status"));
  expect(status.error).toMatchObject({ code: "IO_ERROR", hint: "git log --oneline -- .exo/config.yaml" });
  expect(status.error?.message).toContain("HEAD has it as a symlink too");
});

test("a session-suspend killed after it marked the session suspended (its ticket still active, its lock still held and bound): doctor names it and one --fix completes the suspend, so resume and finish follow (before: doctor passed, the ticket showed active under a suspended session, and the ledger had no suspend)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const id = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).data.session.id as string;
  // The first write of session-suspend, and nothing after it (a kill -9 there).
  const file = join(a.dir, ".exo", "sessions", `${id}.json`);
  const session = JSON.parse(readFileSync(file, "utf8"));
  writeFileSync(file, `${JSON.stringify({ ...session, status: "suspended", suspended_at: new Date().toISOString(), suspend_reason: "lunch" }, null, 2)}\n`);
  const state = (run: Awaited<ReturnType<Clone["run"]>>) => envelope(run).data.sections.find((s: { name: string }) => s.name === "state");
  const before = state(await a.run("doctor", "--section", "state"));
  expect(before).toMatchObject({ status: "fail", hint: "exo doctor --fix" });
  expect(before.details.interrupted_suspends).toEqual([{ session: id, ticket: "T1" }]);
  const fix = envelope(await a.run("doctor", "--fix", "--section", "state"));
  expect(fix.data.fixed.map((f: { action: string }) => f.action)).toContain(`completed the interrupted suspend of session ${id} (T1 paused, its lock released)`);
  expect(state(await a.run("doctor", "--section", "state")).status).toBe("pass");
  expect(envelope(await a.run("ticket-show", "T1")).data.ticket.status).toBe("paused");
  expect(JSON.parse(readFileSync(join(a.dir, ".exo", "locks", "T1.json"), "utf8")).state).toBe("released");
  const suspended = envelope(await a.run("ledger-show", "--type", "session.suspended")).data.records;
  expect(suspended).toHaveLength(1);
  expect(suspended[0]).toMatchObject({ session: id, data: { reason: "lunch", lock_released: true } });
  expect(envelope(await a.run("session-resume", "--actor", "alice")).ok).toBe(true);
  expect(envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice")).ok).toBe(true);
  expect(envelope(await a.run("ledger-verify")).data.valid).toBe(true);
});

test("a ledger segment an editor saved with CR LF (or a byte order mark) is left out of exo's auto-commit with a warning; doctor --fix puts the bytes back and the ledger verifies (before: finish committed the converted segment, and after --fix the working file 'differed from the committed record' for good)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const dir = join(a.dir, ".exo", "ledger");
  const name = readdirSync(dir)[0] as string; // the segment exo init committed
  const file = join(dir, name);
  writeFileSync(file, readFileSync(file, "utf8").replace(/\n/g, "\r\n"));
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
  expect(finish.data.auto_commit).toMatch(/^[0-9a-f]{40}$/);
  expect(finish.warnings?.find((w) => w.code === "AUTO_COMMIT_FAILED")?.message).toContain(`.exo/ledger/${name}: line ends converted`);
  expect(git(a.dir, "show", "--name-only", "--format=", "HEAD")).not.toContain(name);
  expect(git(a.dir, "show", `HEAD:.exo/ledger/${name}`)).not.toContain("\r");
  expect(envelope(await a.run("doctor", "--fix", "--section", "ledger")).ok).toBe(true);
  expect(envelope(await a.run("ledger-verify")).data).toMatchObject({ valid: true });
  expect(git(a.dir, "status", "--porcelain", "--", `.exo/ledger/${name}`)).toBe("");
});

test("tickets a teammate committed invalid (a '**/../**' scope, negative budgets, a '../T2' blocker, a priority of 1e20): listed as unreadable, refused by session-start, and doctor's hint finds the commit (before: 'git checkout -- …', which restores the same invalid files)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a", "b"]);
  const [a, b] = clones as [Clone, Clone];
  const t1 = readFileSync(join(b.dir, ".exo", "tickets", "T1.yaml"), "utf8");
  const variants: Record<string, string> = {
    T2: t1.replace("id: T1", "id: T2").replace('allow: ["**"]', 'allow: ["**/../**"]'),
    T3: t1.replace("id: T1", "id: T3").replace("max_files: 12", "max_files: -5"),
    T4: t1.replace("id: T1", "id: T4").replace("blockers: []", 'blockers: ["../T2"]'),
    T5: t1.replace("id: T1", "id: T5").replace("priority: 3", "priority: 100000000000000000000"),
  };
  for (const [id, text] of Object.entries(variants)) writeFileSync(join(b.dir, ".exo", "tickets", `${id}.yaml`), text);
  git(b.dir, "add", "-A");
  git(b.dir, "commit", "-qm", "tickets by hand");
  git(b.dir, "push", "-q", "origin", "HEAD");
  git(a.dir, "pull", "-q", "--no-rebase");
  const list = envelope(await a.run("tickets"));
  expect(list.data.tickets.map((t: { id: string }) => t.id)).toEqual(["T1"]);
  expect(list.warnings?.filter((w) => w.code === "TICKET_UNREADABLE")).toHaveLength(4);
  for (const id of Object.keys(variants)) expect(envelope(await a.run("session-start", "--ticket-id", id, "--actor", "alice")).error?.code).toBe("TICKET_INVALID");
  const tickets = envelope(await a.run("doctor", "--section", "tickets")).data.sections[0];
  expect(tickets.status).toBe("fail");
  expect(tickets.hint).toMatch(/^git log --oneline -- \.exo\/tickets\/T2\.yaml/);
  // A ticket broken only here (not in git's copy) still comes back with a checkout.
  writeFileSync(join(a.dir, ".exo", "tickets", "T1.yaml"), "id: T1\nkind: [\n");
  expect(envelope(await a.run("doctor", "--section", "tickets")).data.sections[0].hint).toBe("git checkout -- .exo/tickets/T1.yaml");
});
