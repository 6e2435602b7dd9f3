// The check runner (SPEC §7.18): only exact allowlist entries run, without a shell, one after
// another, with a timeout; full output goes to a log file, tails to the result.
import { spawn } from "node:child_process";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { splitCommandLine } from "../../kernel/checks.js";
import { redactSecrets, secretEnvValues } from "../../kernel/redact.js";
import type { Repo } from "../../io/paths.js";
import { assertNoStateLinks } from "../../io/state-links.js";

export interface CheckResult {
  command: string;
  exit_code: number | null;
  passed: boolean;
  duration_ms: number;
  timed_out: boolean;
  not_allowed: boolean;
  stdout_tail: string;
  stderr_tail: string;
  log: string | null;
}

/** Progress of a run, for a front end that shows people what is happening (CLI stderr). */
export type CheckEvent = { kind: "start"; index: number; total: number; command: string } | { kind: "end"; index: number; total: number; result: CheckResult };

export interface CheckRun {
  commands: readonly string[];
  allowlist: readonly string[];
  sessionId: string | null;
  ticketId: string | null;
  timeoutSeconds: number;
  tailChars: number;
  /** Called as each check starts and ends; never on the MCP path or with --format json. */
  onEvent?: ((event: CheckEvent) => void) | undefined;
}

function tail(text: string, n: number): string {
  return n <= 0 ? "" : text.length > n ? text.slice(-n) : text;
}

// node's timers hold at most 2^31-1 ms (24.8 days); a longer one fires at once (a warning on
// stderr), so a checks.timeout_seconds past it is taken as that: no check runs longer anyway.
const MAX_TIMER_MS = 2 ** 31 - 1;

function runOne(argv: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let child;
    // Its own process group (POSIX), so a timeout or an interrupt of exo ends the whole check
    // (npm test → sh → the test runner), not only its first process.
    const group = process.platform !== "win32";
    try {
      child = spawn(argv[0] as string, argv.slice(1), { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: group });
    } catch (error) {
      resolve({ code: null, stdout: "", stderr: String(error), timedOut: false, ms: 0 });
      return;
    }
    const proc = child;
    const killTree = (signal: NodeJS.Signals) => {
      try {
        if (group && proc.pid !== undefined) process.kill(-proc.pid, signal);
        else proc.kill(signal);
      } catch {
        proc.kill(signal); // the group is gone already
      }
    };
    // exo interrupted (Ctrl-C, a supervisor's SIGTERM) while a check runs: stop the check too, then
    // die of the same signal as before.
    const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
    const onSignal = (signal: NodeJS.Signals) => {
      killTree("SIGTERM");
      for (const s of signals) process.removeListener(s, onSignal);
      // Nobody else listens (the CLI): the default action ends exo as the signal would have.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    for (const s of signals) process.once(s, onSignal);
    const done = () => {
      clearTimeout(timer);
      for (const s of signals) process.removeListener(s, onSignal);
    };
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      killTree("SIGTERM");
      setTimeout(() => killTree("SIGKILL"), 5000).unref();
    }, Math.min(timeoutMs, MAX_TIMER_MS));
    child.on("error", (error) => {
      done();
      resolve({ code: 127, stdout, stderr: `${stderr}${error.message}\n`, timedOut: false, ms: Date.now() - started });
    });
    child.on("close", (code) => {
      done();
      resolve({ code: timedOut ? null : code, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

export async function runChecks(repo: Repo, run: CheckRun): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const logDir = join(repo.logsDir, "checks", run.sessionId ?? "check");
  // Logs stay private to this machine (0700/0600) and never keep a secret a check printed.
  assertNoStateLinks(join(logDir, "1.log"));
  await mkdir(logDir, { recursive: true, mode: 0o700 });
  await chmod(logDir, 0o700).catch(() => undefined);
  const secrets = secretEnvValues(process.env);
  const redact = (text: string) => redactSecrets(text, secrets);
  const env: NodeJS.ProcessEnv = { ...process.env, EXO_CHECK: "1" };
  if (run.sessionId) env["EXO_SESSION_ID"] = run.sessionId;
  if (run.ticketId) env["EXO_TICKET_ID"] = run.ticketId;
  let n = 0;
  for (const raw of run.commands) {
    const command = raw.trim();
    n++;
    const { argv, problem } = splitCommandLine(command);
    const total = run.commands.length;
    if (!run.allowlist.includes(command) || problem) {
      results.push({ command, exit_code: null, passed: false, duration_ms: 0, timed_out: false, not_allowed: true, stdout_tail: "", stderr_tail: `${command} is not in checks.allowlist; nothing ran`, log: null });
      run.onEvent?.({ kind: "end", index: n, total, result: results[results.length - 1] as CheckResult });
      continue;
    }
    run.onEvent?.({ kind: "start", index: n, total, command });
    const out = await runOne(argv, repo.root, env, run.timeoutSeconds * 1000);
    const logFile = join(logDir, `${n}.log`);
    out.stdout = redact(out.stdout);
    out.stderr = redact(out.stderr);
    assertNoStateLinks(logFile, true);
    await writeFile(logFile, `$ ${command}\n--- stdout ---\n${out.stdout}\n--- stderr ---\n${out.stderr}\n--- exit ${out.code ?? "killed"} after ${out.ms} ms${out.timedOut ? " (timed out)" : ""}\n`, { mode: 0o600 });
    await chmod(logFile, 0o600).catch(() => undefined);
    results.push({
      command,
      exit_code: out.code,
      passed: out.code === 0 && !out.timedOut,
      duration_ms: out.ms,
      timed_out: out.timedOut,
      not_allowed: false,
      stdout_tail: tail(out.stdout, run.tailChars),
      stderr_tail: tail(out.stderr, run.tailChars),
      log: repo.relative(logFile).startsWith("..") ? logFile : repo.relative(logFile),
    });
    run.onEvent?.({ kind: "end", index: n, total, result: results[results.length - 1] as CheckResult });
  }
  return results;
}
