// Round 27 of hostile state and races: garbled records of a lost session's work, hostile
// --governance-ref values, and more (see docs/hardening.md). Each case failed before its fix.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, git, tempDir, tempRepo } from "../../helpers/repo.js";
import { team, type Clone } from "../../helpers/team.js";

/** The line exo asks husky users to add to .husky/<name>. */
const LINE = (name: string) => `node "$(git rev-parse --show-toplevel)/.exo/bin/exo-hook.mjs" git ${name} "$@" || exit $?`;

/** What npx husky (v9) makes in .husky/_: a script per git hook, each running .husky/<hook>. */
const HUSKY_SET_UP = { ".husky/_/h": "#!/usr/bin/env sh\n", ".husky/_/pre-commit": '. "$(dirname "$0")/h"\n', ".husky/_/prepare-commit-msg": '. "$(dirname "$0")/h"\n' };

const stateSection = (run: { stdout: string }) => (envelope(run as never).data.sections as { name: string; status: string; message: string }[]).find((s) => s.name === "state");

for (const [what, text] of [
  ["a garbled", "{garbled"],
  ["an empty", ""],
  ["a wrongly shaped",  JSON.stringify({ format: "exo.lost-work/1", ticket: "T1", session: 42, start: null, touched: "work.txt" })],
] as const) {
  test(`${what} .exo/cache/lost/T1.json (the record of a lost session's work): exo doctor names it, doctor --fix moves it aside, and the next start goes on (before: doctor said nothing and the record stayed)`, async () => {
    const { clones } = await team([{ id: "T1" }], ["a"]);
    const [a] = clones as [Clone];
    mkdirSync(join(a.dir, ".exo/cache/lost"), { recursive: true });
    writeFileSync(join(a.dir, ".exo/cache/lost/T1.json"), text);
    const check = await a.run("doctor", "--section", "state");
    const state = stateSection(check);
    expect(state?.status, check.stdout).toBe("fail");
    expect(state?.message).toContain(".exo/cache/lost/T1.json (");
    expect(state?.message).toContain("the record of a lost session's work, which the next session on T1 cannot use");
    expect(envelope(check).error?.hint).toBe("exo doctor --fix");
    const fix = envelope(await a.run("doctor", "--fix", "--section", "state"));
    expect(JSON.stringify(fix.data.fixed)).toContain("moved .exo/cache/lost/T1.json to .exo/cache/quarantine/");
    expect(existsSync(join(a.dir, ".exo/cache/lost/T1.json"))).toBe(false);
    expect(stateSection(await a.run("doctor", "--section", "state"))?.status).toBe("pass");
    expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
  });
}

test("exo pr-check --governance-ref with a hostile value (option-like, --output=<file>, .., a range, an unknown ref, a path, a branch with no governance): INVALID_INPUT naming the ref, exit 2, nothing written (before: git show --output=<file> wrote files, and the others passed with governance unchecked)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const out = join(await tempDir(), "written");
  for (const ref of ["-x", `--output=${out}`, "..", "HEAD~1..HEAD", "no-such-branch", "HEAD:config.yaml", " "]) {
    const run = await a.run("pr-check", `--governance-ref=${ref}`);
    const error = coded(run, "INVALID_INPUT", 2).error;
    expect(error?.message).toContain(`--governance-ref ${JSON.stringify(ref)}`);
    expect(error?.hint).toMatch(/^(git fetch origin exo-governance|exo pr-check --governance-ref origin\/exo-governance)$/);
    expect(run.stderr).not.toMatch(/fatal:|\n\s+at /);
  }
  const main = coded(await a.run("pr-check", "--governance-ref", "main"), "INVALID_INPUT", 2).error;
  expect(main?.message).toContain("has no config.yaml at its root");
  expect(readdirSync(join(out, "..")).filter((n) => n.startsWith("written"))).toEqual([]);
});

test("three exo doctor --fix at once on a live session's garbled lock with exo's git hooks gone: they take turns, every one succeeds, the lock is rebuilt once as the session's and the session finishes (before: one read the lock while another rebuilt it, or checked the hooks while another reinstalled them, and failed DOCTOR_FAILED)", async () => {
  for (let round = 0; round < 4; round++) {
    const { clones } = await team([{ id: "T1" }], ["a"], { install: true });
    const [a] = clones as [Clone];
    const start = envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice"));
    expect(start.ok, JSON.stringify(start)).toBe(true);
    const id = start.data.session.id as string;
    writeFileSync(join(a.dir, ".exo/locks/T1.json"), "{garbled");
    for (const hook of ["pre-commit", "prepare-commit-msg"]) rmSync(join(a.dir, ".git/hooks", hook), { force: true });
    const runs = await Promise.all([a.run("doctor", "--fix"), a.run("doctor", "--fix"), a.run("doctor", "--fix")]);
    for (const r of runs) expect(r.code, r.stdout).toBe(0);
    const fixed = runs.map((r) => JSON.stringify(envelope(r).data.fixed));
    expect(fixed.filter((f) => f.includes(`rebuilt the lock of T1 as held by its open session ${id}`)).length, fixed.join("\n")).toBe(1);
    expect(fixed.join("\n")).not.toContain("recovered");
    writeFileSync(join(a.dir, "work.txt"), "w\n");
    const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
    expect(finish.ok, JSON.stringify(finish)).toBe(true);
    expect(finish.data.outcome).toBe("finished");
  }
}, 300_000);

test("a repository below a folder named husky (~/husky/app) with git's own .git/hooks: exo install writes its git hooks there and doctor passes (before: the absolute path was taken for husky's folder, no git hook was installed, and install said to add lines to .husky/)", async () => {
  const dir = join(await tempDir(), "husky", "app");
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "--initial-branch=main");
  for (const [k, v] of [["user.name", "T"], ["user.email", "t@example.invalid"], ["commit.gpgsign", "false"]]) git(dir, "config", k as string, v as string);
  git(dir, "commit", "-q", "--allow-empty", "-m", "initial");
  const install = envelope(await exo(dir, "install"));
  expect(install.ok, JSON.stringify(install)).toBe(true);
  expect(JSON.stringify(install.data.next_steps)).not.toContain(".husky");
  expect(readFileSync(join(dir, ".git/hooks/pre-commit"), "utf8")).toContain("exo");
  const hooks = envelope(await exo(dir, "doctor", "--section", "hooks")).data.sections[0];
  expect(hooks.status, JSON.stringify(hooks)).toBe("pass");
});

for (const [what, preCommit, prepare, lacking] of [
  ["only .husky/pre-commit calls exo", LINE("pre-commit"), "echo husky\n", ["prepare-commit-msg"]],
  ["exo's lines are commented out", `# ${LINE("pre-commit")}`, `# ${LINE("prepare-commit-msg")}`, ["pre-commit", "prepare-commit-msg"]],
] as const) {
  test(`husky (core.hooksPath .husky/_) where ${what}: exo install and doctor name the hook file(s) still to change (before: any mention of exo's launcher in .husky/pre-commit read as installed, so doctor passed while commits went ungated or without their Exo-Session trailer)`, async () => {
    const dir = await tempRepo({ ...HUSKY_SET_UP, ".husky/pre-commit": `${preCommit}\n`, ".husky/prepare-commit-msg": `${prepare}\n` });
    git(dir, "config", "core.hooksPath", ".husky/_");
    const install = envelope(await exo(dir, "install"));
    expect(install.ok, JSON.stringify(install)).toBe(true);
    const steps = JSON.stringify(install.data.next_steps);
    for (const n of ["pre-commit", "prepare-commit-msg"]) expect(steps.includes(`>> .husky/${n}`), steps).toBe(lacking.includes(n as never));
    const hooks = envelope(await exo(dir, "doctor", "--section", "hooks")).data.sections[0];
    expect(hooks.status, JSON.stringify(hooks)).toBe("warn");
    expect(hooks.details.husky_missing).toEqual(lacking);
    for (const n of lacking) expect(hooks.message).toContain(`add to .husky/${n}: ${LINE(n)}`);
    // Once the lines are there, both pass.
    for (const n of lacking) writeFileSync(join(dir, ".husky", n), `${LINE(n)}\n`, { flag: "a" });
    expect(envelope(await exo(dir, "doctor", "--section", "hooks")).data.sections[0].status).toBe("pass");
  });
}

test("husky with exo's lines in .husky/ but no .husky/_ in this clone (npx husky not run yet): doctor warns that git runs no hook, hint npx husky, and --fix keeps core.hooksPath (before: 'hooks are switched off', and --fix unset core.hooksPath, dropping the repository's husky setup)", async () => {
  const dir = await tempRepo({ ...HUSKY_SET_UP, ".husky/pre-commit": `${LINE("pre-commit")}\n`, ".husky/prepare-commit-msg": `${LINE("prepare-commit-msg")}\n` });
  git(dir, "config", "core.hooksPath", ".husky/_");
  expect(envelope(await exo(dir, "install")).ok).toBe(true);
  expect(envelope(await exo(dir, "doctor", "--section", "hooks")).data.sections[0].status).toBe("pass");
  rmSync(join(dir, ".husky/_"), { recursive: true });
  const check = await exo(dir, "doctor", "--section", "hooks");
  const hooks = envelope(check).data.sections[0];
  expect(hooks.status, JSON.stringify(hooks)).toBe("warn");
  expect(hooks.message).toContain("husky is not set up in this clone: core.hooksPath .husky/_ has no pre-commit or prepare-commit-msg");
  expect(hooks.hint).toBe("npx husky");
  expect(check.code).toBe(0);
  await exo(dir, "doctor", "--fix", "--section", "hooks");
  expect(git(dir, "config", "core.hooksPath").trim()).toBe(".husky/_");
});

test("a file at .exo/cache/quarantine when doctor --fix sets a garbled lock aside: the file is kept inside the folder made in its place and the lock rebuilt (before: INTERNAL, EEXIST on mkdir, and nothing was repaired)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  mkdirSync(join(a.dir, ".exo/cache"), { recursive: true });
  writeFileSync(join(a.dir, ".exo/cache/quarantine"), "mine\n");
  mkdirSync(join(a.dir, ".exo/locks"), { recursive: true });
  writeFileSync(join(a.dir, ".exo/locks/T1.json"), "{garbled");
  const fix = envelope(await a.run("doctor", "--fix"));
  expect(fix.error?.code, JSON.stringify(fix)).not.toBe("INTERNAL");
  expect(JSON.stringify(fix.data.fixed)).toContain("rebuilt the lock of T1 as released");
  const kept = readdirSync(join(a.dir, ".exo/cache/quarantine"));
  expect(kept.filter((n) => n.endsWith("-quarantine")).map((n) => readFileSync(join(a.dir, ".exo/cache/quarantine", n), "utf8"))).toEqual(["mine\n"]);
  expect(kept.some((n) => n.endsWith("-T1.json"))).toBe(true);
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
});

test("a file at .exo/cache/guards: commands fail STATE_CORRUPT naming it with hint exo doctor --fix, doctor names it, --fix moves it aside and the session starts (before: every command taking a guard failed INTERNAL, EEXIST on mkdir, and doctor passed)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  rmSync(join(a.dir, ".exo/cache/guards"), { recursive: true, force: true });
  mkdirSync(join(a.dir, ".exo/cache"), { recursive: true });
  writeFileSync(join(a.dir, ".exo/cache/guards"), "x\n");
  const start = coded(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice"), "STATE_CORRUPT").error;
  expect(start?.message).toContain(".exo/cache/guards is not a folder");
  expect(start?.hint).toMatch(/^exo doctor --fix/);
  const check = await a.run("doctor", "--section", "state");
  expect(stateSection(check)?.message).toContain(".exo/cache/guards is not a folder");
  expect(envelope(check).error?.hint).toBe("exo doctor --fix");
  const fix = envelope(await a.run("doctor", "--fix"));
  expect(JSON.stringify(fix.data.fixed)).toContain("moved .exo/cache/guards (not a folder; exo keeps its guards there: every command that takes one fails) to .exo/cache/quarantine/");
  expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
});

for (const name of ["closeout", "ledger"]) {
  test(`a file at .exo/cache/${name}: doctor names it, --fix moves it aside, and a session starts and finishes (before: finish failed IO_ERROR or LEDGER_WRITE_FAILED, EEXIST, with hint exo doctor, which passed)`, async () => {
    const { clones } = await team([{ id: "T1" }], ["a"]);
    const [a] = clones as [Clone];
    rmSync(join(a.dir, ".exo/cache", name), { recursive: true, force: true });
    mkdirSync(join(a.dir, ".exo/cache"), { recursive: true });
    writeFileSync(join(a.dir, ".exo/cache", name), "x\n");
    const check = await a.run("doctor", "--section", "state");
    expect(stateSection(check)?.message, check.stdout).toContain(`.exo/cache/${name} is not a folder`);
    const fix = envelope(await a.run("doctor", "--fix"));
    expect(JSON.stringify(fix.data.fixed)).toContain(`moved .exo/cache/${name} (not a folder;`);
    expect(envelope(await a.run("session-start", "--ticket-id", "T1", "--actor", "alice")).ok).toBe(true);
    writeFileSync(join(a.dir, "work.txt"), "w\n");
    const finish = envelope(await a.run("session-finish", "--summary", "done", "--actor", "alice"));
    expect(finish.ok, JSON.stringify(finish)).toBe(true);
  });
}

test("a report named at a folder or through a file (pr-check --markdown, export-traces --out): IO_ERROR (SPEC §2.2) naming the flag, with the command's --help for a hint (before: EISDIR or ENOTDIR from the write, hint exo doctor, which had nothing to say)", async () => {
  const { clones } = await team([{ id: "T1" }], ["a"]);
  const [a] = clones as [Clone];
  const out = await tempDir();
  writeFileSync(join(out, "afile"), "x\n");
  const folder = coded(await a.run("pr-check", "--base", "HEAD", "--markdown", out), "IO_ERROR", 1).error;
  expect(folder?.message).toBe(`--markdown ${out} is a folder; name a file in it (${out}/report.md).`);
  expect(folder?.hint).toBe("exo pr-check --help");
  const through = coded(await a.run("pr-check", "--base", "HEAD", "--markdown", join(out, "afile", "r.md")), "IO_ERROR", 1).error;
  expect(through?.message).toContain("goes through a file, not a folder");
  const traces = coded(await a.run("export-traces", "--out", out), "IO_ERROR", 1).error;
  expect(traces?.message).toContain(`--out ${out} is a folder`);
  expect(readFileSync(join(out, "afile"), "utf8")).toBe("x\n");
});
