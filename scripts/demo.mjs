// `npm run demo`: the main job, end to end, in a throwaway git repository: install, plan work,
// dispatch, a governed session whose out-of-scope writes the hooks block (Write and Bash),
// finish with drift, several agents with an overlap advisory, a handoff, a crash recovered by
// cleanup, a task finished in a linked worktree that the main checkout does not hand out again,
// then health, metrics, traces and ledger verification.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, mkdirSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const DIST = resolve(process.env.EXO_DIST ?? "dist");
const EXO = join(DIST, "cli", "bin.js");
const repo = realpathSync(mkdtempSync(join(tmpdir(), "exo-demo-")));
const keep = process.argv.includes("--keep");
const git = (...args) => execFileSync("git", args, { cwd: repo, encoding: "utf8", stdio: "pipe" });
const env0 = { ...process.env, EXO_HOOK_BUNDLE: join(DIST, "hook.mjs") };

let failures = 0;
function exo(args, { env = {}, expect = 0, quiet = false, show, cwd = repo } = {}) {
  const shown = args.map((a) => (/[\s"'*]/.test(a) ? JSON.stringify(a) : a)).join(" ");
  const prefix = Object.entries(env).map(([k, v]) => `${k}=${v} `).join("");
  console.log(`\n$ ${cwd === repo ? "" : `(in ${cwd}) `}${prefix}exo ${shown}`);
  const run = spawnSync(process.execPath, [EXO, ...args], { cwd, encoding: "utf8", env: { ...env0, ...env } });
  const out = `${run.stderr}${run.stdout}`.trimEnd(); // progress and warnings (stderr) come first, as in a terminal
  const text = show ? show(out) : out;
  if (!quiet && text) console.log(text.split("\n").map((l) => `  ${l}`).join("\n"));
  check(run.status === expect, `expected exit ${expect}, got ${run.status}`, run.status !== 0 && expect !== 0);
  return run;
}
const json = (args, opts = {}) => JSON.parse(exo(["--format", "json", ...args], { ...opts, quiet: true }).stdout);
function check(ok, message, expectedFailure = false) {
  if (!ok) {
    failures++;
    console.log(`  !! ${message}`);
  } else if (expectedFailure) console.log("  (refused, as expected)");
}
const step = (title) => console.log(`\n=== ${title} ===`);

/** Pipe a Claude Code PreToolUse payload through the installed hook launcher. */
function claudeHook(tool, input, actor) {
  const payload = JSON.stringify({ session_id: "demo", cwd: repo, hook_event_name: "PreToolUse", tool_name: tool, tool_input: input });
  const run = spawnSync(process.execPath, [join(repo, ".exo/bin/exo-hook.mjs"), "claude", "PreToolUse"], { cwd: repo, input: payload, encoding: "utf8", env: { ...env0, EXO_ACTOR: actor } });
  const answer = run.stdout.trim() ? JSON.parse(run.stdout).hookSpecificOutput : null;
  const verdict = answer?.permissionDecision ?? "allow";
  console.log(`\n[claude ${tool}] ${JSON.stringify(input)}\n  → ${verdict}${answer?.permissionDecisionReason ? `: ${answer.permissionDecisionReason}` : ""}`);
  return verdict;
}

git("init", "-q", "-b", "main");
git("config", "user.name", "Demo User");
git("config", "user.email", "demo@example.invalid");
mkdirSync(join(repo, "src/auth"), { recursive: true });
mkdirSync(join(repo, "src/billing"), { recursive: true });
writeFileSync(join(repo, "package.json"), '{ "name": "shop", "scripts": { "test": "node --version" } }\n');
writeFileSync(join(repo, "src/auth/login.ts"), "export const login = () => true;\n");
writeFileSync(join(repo, "src/billing/tax.ts"), "export const rate = 0.2;\n");
writeFileSync(join(repo, "README.md"), "# shop\n");
// A local secret, ignored by git as usual: agents may not read it, directly or through a search.
writeFileSync(join(repo, ".gitignore"), ".env\n");
writeFileSync(join(repo, ".env"), "STRIPE_TOKEN=sk_live_demo\n");
git("add", "-A");
git("commit", "-qm", "initial");
console.log(`demo repository: ${repo}`);

step("1. install: scan, constitution, compose, adapters, hooks, one commit");
exo(["install"], { show: (o) => o.split("\n").filter((l) => /name:|status:|committed:/.test(l)).join("\n") });
exo(["status"]);

step("2. plan the work: an intent with a scope, an epic, tasks");
exo(["intent-create", "auth system", "--brain-dump", "email+password login", "--scope-allow", "src/auth/**", "--boundary", "src/billing/**", "--id", "INT-AUTH"]);
exo(["ticket-create", "registration", "--kind", "epic", "--parent", "INT-AUTH", "--id", "EPIC-REG"]);
exo(["ticket-create", "signup form", "--parent", "EPIC-REG", "--id", "TICKET-001", "--priority", "2"]);
exo(["ticket-create", "email verification", "--parent", "EPIC-REG", "--id", "TICKET-002", "--blocker", "TICKET-001"]);
exo(["ticket-create", "session tokens", "--parent", "INT-AUTH", "--id", "TICKET-003", "--scope-allow", "src/auth/tokens/**"]);
exo(["intents"]);

step("3. dispatch: the best ready task, claimed atomically");
exo(["next", "--owner", "alice"]);

step("4. a governed session: the agent starts, reads its bootstrap");
exo(["session-start", "--ticket-id", "TICKET-001", "--vendor", "anthropic", "--model", "claude-code", "--task", "build the signup form"], { env: { EXO_ACTOR: "agent:claude" }, show: (o) => o.split("\n").slice(0, 22).join("\n") + "\n…" });

step("5. the hooks: an in-scope write passes, out-of-scope writes and secret reads are blocked (Write and Bash)");
check(claudeHook("Write", { file_path: join(repo, "src/auth/signup.ts"), content: "x" }, "agent:claude") === "allow", "in-scope write should pass");
writeFileSync(join(repo, "src/auth/signup.ts"), "export const signup = () => true;\n");
check(claudeHook("Write", { file_path: join(repo, "src/billing/tax.ts"), content: "x" }, "agent:claude") === "deny", "billing write should be blocked");
check(claudeHook("Bash", { command: "sed -i 's/0.2/0.3/' src/billing/tax.ts" }, "agent:claude") === "deny", "sed -i on billing should be blocked");
check(claudeHook("Bash", { command: "echo hi > README.md" }, "agent:claude") === "deny", "redirect outside the scope should be blocked");
// Tricks read as bash reads them: brace expansion, ANSI-C quoting, a here-document that runs $(…).
check(claudeHook("Bash", { command: "touch src/auth/{a.ts,../billing/tax.ts}" }, "agent:claude") === "deny", "brace expansion into billing should be blocked");
check(claudeHook("Bash", { command: "echo x > src/auth/$'..'/billing/tax.ts" }, "agent:claude") === "deny", "$'..' into billing should be blocked");
// And the agent may not lift its own fence: switch git hooks off or widen its scope.
check(claudeHook("Bash", { command: "git commit --no-verify -m wip" }, "agent:claude") === "deny", "--no-verify should be refused to an agent");
check(claudeHook("Bash", { command: "exo ticket-update TICKET-001 --scope-allow '**'" }, "agent:claude") === "deny", "an agent widening its scope should be refused");
// Secrets (the default RULE-SEC-001): a read of .env is refused, and so is a search that would print it.
check(claudeHook("Bash", { command: "cat .env" }, "agent:claude") === "deny", "cat .env should be refused");
check(claudeHook("Bash", { command: "grep -rn TOKEN ." }, "agent:claude") === "deny", "grep -r over a folder holding .env should be refused");
check(claudeHook("Bash", { command: "grep -rn TOKEN src" }, "agent:claude") === "allow", "grep -r over the code should pass");
// A write no hook saw (an editor save) still counts at finish.
writeFileSync(join(repo, "README.md"), "# shop\n\nSign up now.\n");

step("6. finish: drift from the real diff, memento, lock released, auto-commit");
exo(["session-finish", "--summary", "signup form and tests"], { env: { EXO_ACTOR: "agent:claude" } });
git("add", "-A");
git("commit", "-qm", "signup form", "--no-verify");

step("7. several agents: overlapping scopes raise an advisory, never a block");
exo(["ticket-update", "TICKET-001", "--status", "done"]);
json(["session-start", "--ticket-id", "TICKET-002"], { env: { EXO_ACTOR: "agent:claude" } });
const b = json(["session-start", "--ticket-id", "TICKET-003"], { env: { EXO_ACTOR: "agent:codex" } });
console.log(`  advisories for agent:codex: ${b.data.advisories.map((x) => `[${x.severity}] ${x.kind}: ${x.message}`).join("; ") || "none"}`);
check(b.data.advisories.some((x) => x.kind === "scope_conflict"), "scope_conflict advisory expected");

step("8. a handoff: claude passes TICKET-002 to cursor with next steps");
exo(["session-handoff", "--to", "agent:cursor", "--summary", "half of the verification flow", "--next-step", "send the email"], { env: { EXO_ACTOR: "agent:claude" } });
exo(["session-start", "--ticket-id", "TICKET-002"], { env: { EXO_ACTOR: "agent:cursor" }, show: (o) => o.split("\n").filter((l, i, all) => i >= all.indexOf("## Handoff") && i < all.indexOf("## Handoff") + 5).join("\n") });
exo(["session-finish", "--summary", "verification mail sent", "--set-status", "done"], { env: { EXO_ACTOR: "agent:cursor" } });

step("9. a crash: the codex agent process is killed (kill -9); cleanup recovers the ticket");
exo(["session-suspend", "--reason", "restart under a real process"], { env: { EXO_ACTOR: "agent:codex" }, quiet: true });
const agent = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
exo(["session-resume", "--pid", String(agent.pid)], { env: { EXO_ACTOR: "agent:codex" }, quiet: true });
agent.kill("SIGKILL");
await new Promise((r) => agent.once("exit", r));
exo(["session-scan"]);
const cleanup = exo(["session-cleanup"]);
check(/recovered SES-\S+ on TICKET-003 \(pid_dead\)/.test(cleanup.stdout), "session-cleanup did not recover the killed agent's session");

step("10. worktrees: a task finished in a linked worktree is not handed out again from the main checkout");
exo(["ticket-create", "password reset", "--parent", "INT-AUTH", "--id", "TICKET-004", "--priority", "1"]);
git("add", "-A");
git("commit", "-qm", "plan password reset");
exo(["worktree-create", "--ticket-id", "TICKET-004"]);
const worktree = `${repo}-TICKET-004`;
exo(["session-start", "--ticket-id", "TICKET-004"], { cwd: worktree, env: { EXO_ACTOR: "agent:claude" }, quiet: true });
writeFileSync(join(worktree, "src/auth/reset.ts"), "export const reset = () => true;\n");
exo(["session-finish", "--summary", "reset flow"], { cwd: worktree, env: { EXO_ACTOR: "agent:claude" } });
// The review status is committed on exo/TICKET-004 only; this checkout still reads the task as todo.
exo(["ready"], { show: (o) => o.split("\n").filter((l) => l.includes("TICKET-004")).join("\n") });
const planned = json(["next", "--dry-run"]).data;
console.log(`  next would claim ${planned.ticket.id}; skipped: ${planned.reasoning.skipped.map((x) => `${x.id} (${x.reason})`).join(", ")}`);
check(planned.ticket.id !== "TICKET-004" && planned.reasoning.skipped.some((x) => x.id === "TICKET-004" && x.reason === "finished_on_branch"), "the task finished in the worktree should not be handed out again");
rmSync(worktree, { recursive: true, force: true });
git("worktree", "prune");

step("11. governance is tamper-evident: a hand-edited lock is caught");
const lockFile = join(repo, ".exo", "governance.lock.json");
const original = readFileSync(lockFile, "utf8");
writeFileSync(lockFile, original.replace('"max_files": ', '"max_files": 9'));
console.log(`  governance: ${json(["status"]).data.governance.status}`);
exo(["compose"], { expect: 1 });
writeFileSync(lockFile, original);

step("12. health, metrics, traces, the ledger");
exo(["doctor"], { show: (o) => o.split("\n").slice(-4).join("\n") });
exo(["metrics"], { show: (o) => o.split("\n").filter((l) => /finished|crashed|pass_rate|avg:|status:/.test(l)).join("\n") });
exo(["fleet-drift", "--by", "actor"]);
exo(["export-traces"]);
const traces = existsSync(join(repo, ".exo/traces")) ? readdirSync(join(repo, ".exo/traces")) : [];
// Each closed session also leaves its own trace file, the worktree's session of step 10
// too (its ledger records are on its branch, so this checkout's export does not count it).
const perSession = traces.filter((f) => f.startsWith("SES-"));
console.log(`  trace files, one per closed session: ${perSession.length} (${perSession.join(", ")})`);
console.log("  (the worktree's session of step 10 has a trace file too; its ledger records wait on its branch, so export-traces here leaves it out until that branch is merged)");
exo(["ledger", "verify"]);

console.log(`\n${failures === 0 ? "demo finished: every step behaved as expected" : `demo finished with ${failures} unexpected result(s)`}`);
if (keep) console.log(`kept ${repo}`);
else rmSync(repo, { recursive: true, force: true });
process.exitCode = failures === 0 ? 0 : 1;
