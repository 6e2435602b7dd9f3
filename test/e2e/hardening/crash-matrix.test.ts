// Crash matrix (issue #18): every numbered crash point (src/io/crash.ts) of next, session-start,
// session-finish, session-handoff, compose, install, ledger append and a distributed lease claim. Each case kills the built
// CLI there (EXO_TEST_CRASH_AT → SIGKILL), runs `doctor --fix` and `session-cleanup`, then checks:
// doctor without a failing section, ledger-verify valid, no lock bound to a missing session, no
// .git/index.lock, the user's files intact, the commits made before the kill still
// there, a finish's memento kept, and the command working again. The matrix is printed.
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CRASH_STEPS, type CrashCommand } from "../../../src/io/crash.js";
import { baseEnv, EXO_BIN, git, tempRepo } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";

interface Proc {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const USER_FILES: Record<string, string> = {
  "README.md": "# demo\n",
  "CLAUDE.md": "# My project\n\nuser text that exo must keep\n",
  "AGENTS.md": "# Agents\n\nagents text that exo must keep\n",
  ".claude/settings.json": `${JSON.stringify({ permissions: { allow: ["Bash(ls)"] } }, null, 2)}\n`,
  "src/app.ts": "export const app = 1;\n",
};
const DIRTY_README = "# demo\n\nan uncommitted edit of the user\n";
const SUMMARY = "crash-matrix summary";

let base = "";
let plain = "";
let installed = "";
let home = "";

function run(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EXO_BIN, "--format", "json", ...args], { cwd, env: baseEnv({ HOME: home, EXO_ACTOR: "agent:a", ...env }) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end("");
  });
}

function data(p: Proc, what: string): any {
  try {
    return JSON.parse(p.stdout);
  } catch {
    throw new Error(`${what}: not a JSON envelope (exit ${p.code}, signal ${p.signal})\n${p.stdout}\n${p.stderr}`);
  }
}

async function ok(cwd: string, args: string[], env: Record<string, string> = {}): Promise<any> {
  const p = await run(cwd, args, env);
  const e = data(p, args.join(" "));
  if (!e.ok) throw new Error(`exo ${args.join(" ")} failed: ${JSON.stringify(e.error)}`);
  return e.data;
}

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "exo-crash-")));
  home = join(base, "home");
  await mkdir(home, { recursive: true });
  // A repository with the user's own files, not yet governed (install cases start here).
  plain = await tempRepo(USER_FILES, { keep: true });
  await writeFile(join(plain, "README.md"), DIRTY_README);
  // The same, installed and committed, with three free tasks.
  installed = await tempRepo(USER_FILES, { keep: true });
  await ok(installed, ["install", "--harness", "claude", "--harness", "git"]);
  await commitTickets(installed, [{ id: "T-1" }, { id: "T-2" }, { id: "T-3" }]);
  await writeFile(join(installed, "README.md"), DIRTY_README);
}, 120_000);

afterAll(async () => {
  for (const dir of [base, plain, installed]) if (dir) await rm(dir, { recursive: true, force: true });
});

interface Case {
  command: CrashCommand;
  step: number;
  name: string;
}

/** The command line a case kills, after its preparation. */
async function prepare(c: Case, repo: string): Promise<string[]> {
  switch (c.command) {
    case "next":
    case "ledger-append":
      return ["next", "--owner", "agent:a"];
    case "session-start":
      return ["session-start", "--ticket-id", "T-1"];
    case "session-finish":
    case "session-handoff":
      await ok(repo, ["session-start", "--ticket-id", "T-1"]);
      await writeFile(join(repo, "src/feature.ts"), "export const feature = 2;\n");
      return c.command === "session-finish" ? ["session-finish", "--summary", SUMMARY] : ["session-handoff", "--to", "any", "--summary", SUMMARY];
    case "compose":
      await writeFile(join(repo, ".exo/constitution.yaml"), `${await readFile(join(repo, ".exo/constitution.yaml"), "utf8")}# edited\n`);
      return ["compose"];
    case "install":
      return ["install", "--harness", "claude", "--harness", "git"];
    case "lease-claim":
    case "lease-renew": {
      // A distributed claim (or renewal) on a remote of its own: killed after its push, before the local lock.
      const bare = `${repo}.git`;
      git(base, "init", "-q", "--bare", bare);
      git(repo, "remote", "add", "origin", bare);
      git(repo, "push", "-q", "origin", "HEAD:main");
      if (c.command === "lease-claim") return ["next", "--owner", "agent:a", "--distributed"];
      await ok(repo, ["next", "--owner", "agent:a", "--distributed"]);
      return ["lease-renew", "--ticket-id", "T-1"];
    }
    case "sidecar-init":
      return ["sidecar-init"];
  }
}

/** Running the command again works (finish and handoff: on a fresh session). */
async function rerun(c: Case, repo: string): Promise<void> {
  switch (c.command) {
    case "next":
    case "ledger-append":
      await ok(repo, ["next", "--owner", "agent:a"]);
      return;
    case "session-start":
      await ok(repo, ["session-start", "--ticket-id", "T-1"]);
      return;
    case "session-finish":
    case "session-handoff":
      await ok(repo, ["session-start", "--ticket-id", "T-2"]);
      await ok(repo, c.command === "session-finish" ? ["session-finish", "--summary", "again"] : ["session-handoff", "--to", "any", "--summary", "again"]);
      return;
    case "compose":
      await ok(repo, ["compose"]);
      return;
    case "install": {
      const r = await ok(repo, ["install", "--harness", "claude", "--harness", "git"]);
      expect(r.status).toBe("ok");
      return;
    }
    case "lease-claim": {
      // The lease the killed claim pushed was released: another owner gets the same ticket.
      const r = await ok(repo, ["next", "--owner", "agent:b", "--distributed"]);
      expect(r.ticket.id).toBe("T-1");
      return;
    }
    case "lease-renew":
      // The renewal the kill left unrecorded is this clone's: the holder keeps its lease.
      await ok(repo, ["lease-heartbeat", "--ticket-id", "T-1"]);
      return;
    case "sidecar-init":
      await ok(repo, ["session-start", "--ticket-id", "T-1"]);
  }
}

async function orphanLocks(repo: string): Promise<string[]> {
  const dir = join(repo, ".exo/locks");
  const out: string[] = [];
  for (const n of (await readdir(dir).catch(() => [] as string[])).filter((x) => x.endsWith(".json"))) {
    const lock = JSON.parse(await readFile(join(dir, n), "utf8"));
    if (lock.state === "held" && lock.session && !existsSync(join(repo, ".exo/sessions", `${lock.session}.json`))) out.push(lock.ticket);
  }
  return out;
}

async function checkUserFiles(repo: string): Promise<void> {
  expect(await readFile(join(repo, "README.md"), "utf8")).toBe(DIRTY_README);
  expect(git(repo, "status", "--porcelain", "--", "README.md").trim()).toBe("M README.md"); // still the user's, uncommitted
  expect(await readFile(join(repo, "CLAUDE.md"), "utf8")).toContain("user text that exo must keep");
  expect(await readFile(join(repo, "AGENTS.md"), "utf8")).toContain("agents text that exo must keep");
  expect(JSON.parse(await readFile(join(repo, ".claude/settings.json"), "utf8")).permissions.allow).toContain("Bash(ls)");
  expect(await readFile(join(repo, "src/app.ts"), "utf8")).toBe(USER_FILES["src/app.ts"]);
}

async function runCase(c: Case): Promise<string> {
  const repo = join(base, `${c.command}-${c.step}`);
  await cp(c.command === "install" ? plain : installed, repo, { recursive: true });
  const args = await prepare(c, repo);
  const headBefore = git(repo, "rev-parse", "HEAD").trim();
  const crashed = await run(repo, args, { EXO_TEST_CRASH_AT: `${c.command}:${c.step}` });
  // The kill happened where the switch said.
  expect(crashed.signal, `${c.name}: ${crashed.stdout} ${crashed.stderr}`).toBe("SIGKILL");
  expect(crashed.stderr).toContain(`EXO_TEST_CRASH_AT reached ${c.command}:${c.step} (${c.name})`);
  // A killed sidecar-init is finished by running it again (status and doctor say so), before doctor.
  if (c.command === "sidecar-init") await ok(repo, ["sidecar-init"]);
  const fix = await ok(repo, ["doctor", "--fix"]);
  const cleanup = await ok(repo, ["session-cleanup"]);
  // doctor --fix reports every section as it stands after its repairs; when session-cleanup then
  // changed nothing, that report is the health of the final state, else doctor runs once more.
  const cleanupChanged = cleanup.completed_closeouts.length + cleanup.released_orphaned_locks.length + cleanup.completed_claims.length + cleanup.recovered.length > 0;
  const health = cleanupChanged ? await ok(repo, ["doctor"]) : fix;
  const failing = health.sections.filter((s: { status: string }) => s.status === "fail");
  expect(failing, JSON.stringify(failing)).toEqual([]);
  const verify = await ok(repo, ["ledger-verify"]);
  expect(verify.valid, JSON.stringify(verify.errors)).toBe(true);
  expect(await orphanLocks(repo)).toEqual([]);
  expect(existsSync(join(repo, ".git/index.lock"))).toBe(false);
  await checkUserFiles(repo);
  // Nothing committed before the kill is lost.
  expect(() => git(repo, "merge-base", "--is-ancestor", headBefore, "HEAD")).not.toThrow();
  if (c.command === "session-finish" || c.command === "session-handoff") {
    // The finish's memento (not a crash memento) is kept, and the session ended.
    const dir = join(repo, ".exo/mementos/T-1");
    const mementos = await readdir(dir);
    expect(mementos).toHaveLength(1);
    expect(await readFile(join(dir, mementos[0] as string), "utf8")).toContain(SUMMARY);
    expect((await readdir(join(repo, ".exo/sessions"))).filter((n) => n.endsWith(".json"))).toEqual([]);
  }
  if (c.command === "install") expect(git(repo, "log", "--format=%s").split("\n").filter((s) => s.startsWith("chore(exo): install"))).toHaveLength(1);
  await rerun(c, repo);
  const repairs = [...fix.fixed.map((f: { section: string }) => `doctor:${f.section}`), ...(cleanup.completed_closeouts.length ? ["cleanup:closeout"] : []), ...(cleanup.released_orphaned_locks.length ? ["cleanup:lock"] : []), ...(cleanup.completed_claims.length ? ["cleanup:claim"] : []), ...(cleanup.recovered.length ? ["cleanup:recovered"] : [])];
  await rm(repo, { recursive: true, force: true });
  return `killed; repaired by ${[...new Set(repairs)].join(", ") || "nothing needed"}; valid; rerun ok`;
}

test("crash matrix: a kill at every numbered step leaves a state doctor --fix and session-cleanup make valid", async () => {
  const cases: Case[] = Object.entries(CRASH_STEPS).flatMap(([command, steps]) => (steps as readonly string[]).map((name, i) => ({ command: command as CrashCommand, step: i + 1, name })));
  const results = new Map<string, string>();
  const failures: string[] = [];
  const queue = [...cases];
  const workers = Math.max(3, Math.min(6, availableParallelism() + 1)); // children wait on fsync and git
  const started = Date.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const key = `${c.command}:${c.step}`;
        try {
          results.set(key, await runCase(c));
        } catch (error) {
          results.set(key, `FAILED: ${(error as Error).message.split("\n")[0]}`);
          failures.push(`${key} (${c.name}): ${(error as Error).message}`);
        }
      }
    }),
  );
  const lines = ["", `crash matrix (${cases.length} steps, ${workers} workers, ${((Date.now() - started) / 1000).toFixed(1)} s)`, "command          step  point                   outcome"];
  for (const c of cases) lines.push(`${c.command.padEnd(16)} ${String(c.step).padStart(4)}  ${c.name.padEnd(22)}  ${results.get(`${c.command}:${c.step}`)}`);
  console.log(lines.join("\n"));
  expect(failures, failures.join("\n\n")).toEqual([]);
}, 600_000);
