// `npm run demo`: the main job, end to end, in a throwaway git repository. Each step prints
// the command it runs and what exo answered. Run after `npm run build` (npm run demo does).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const EXO = resolve(process.env.EXO_DIST ?? "dist", "cli", "bin.js");
const repo = realpathSync(mkdtempSync(join(tmpdir(), "exo-demo-")));
const keep = process.argv.includes("--keep");
const git = (...args) => execFileSync("git", args, { cwd: repo, encoding: "utf8", stdio: "pipe" });

let failures = 0;
function exo(args, { env = {}, expect = 0, quiet = false } = {}) {
  const shown = args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(" ");
  const prefix = Object.entries(env).map(([k, v]) => `${k}=${v} `).join("");
  console.log(`\n$ ${prefix}exo ${shown}`);
  const run = spawnSync(process.execPath, [EXO, ...args], { cwd: repo, encoding: "utf8", env: { ...process.env, ...env } });
  const out = `${run.stdout}${run.stderr}`.trimEnd();
  if (!quiet && out) console.log(out.split("\n").map((l) => `  ${l}`).join("\n"));
  if (run.status !== expect) {
    failures++;
    console.log(`  !! expected exit ${expect}, got ${run.status}`);
  } else if (expect !== 0) console.log(`  (exit ${run.status}, as expected)`);
  return run;
}
const json = (args, opts) => JSON.parse(exo(["--format", "json", ...args], { ...opts, quiet: true }).stdout);
const step = (title) => console.log(`\n=== ${title} ===`);

git("init", "-q", "-b", "main");
git("config", "user.name", "Demo User");
git("config", "user.email", "demo@example.invalid");
writeFileSync(join(repo, "README.md"), "# shop\n");
git("add", "-A");
git("commit", "-qm", "initial");
console.log(`demo repository: ${repo}`);

step("1. scaffold and compile governance");
exo(["init"]);
git("add", "-A");
git("commit", "-qm", "exo init");
exo(["status"]);

step("2. a legitimate constitution change is a pending change until compose links a new lock");
const constitution = join(repo, ".exo", "constitution.yaml");
writeFileSync(constitution, readFileSync(constitution, "utf8").replace("max_files: 12", "max_files: 10"));
console.log(`  governance: ${json(["status"]).data.governance.status}`);
exo(["compose"]);

step("3. a hand-edited lock is caught as tampering");
const lockFile = join(repo, ".exo", "governance.lock.json");
const original = readFileSync(lockFile, "utf8");
const lock = JSON.parse(original);
lock.rules = lock.rules.filter((r) => r.id !== "RULE-SEC-001");
writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`  governance: ${json(["status"]).data.governance.status}`);
exo(["compose"], { expect: 1 });
writeFileSync(lockFile, original);
console.log(`  restored; governance: ${json(["status"]).data.governance.status}`);

step("4. the ledger: every event hash-chained, verified against git");
git("add", "-A");
git("commit", "-qm", "governance v2");
exo(["ledger-show", "--limit", "5"]);
exo(["ledger", "verify"]);

console.log(`\n${failures === 0 ? "demo finished: every step behaved as expected" : `demo finished with ${failures} unexpected result(s)`}`);
if (keep) console.log(`kept ${repo}`);
else rmSync(repo, { recursive: true, force: true });
process.exitCode = failures === 0 ? 0 : 1;
