// The check runner (SPEC §7.18): only exact allowlist entries run, without a shell, one after
// another, with a timeout; full output goes to a log file, tails to the result.
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { splitCommandLine } from "../../kernel/checks.js";
import type { Repo } from "../../io/paths.js";

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

function runOne(argv: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let child;
    try {
      child = spawn(argv[0] as string, argv.slice(1), { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      resolve({ code: null, stdout: "", stderr: String(error), timedOut: false, ms: 0 });
      return;
    }
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: `${stderr}${error.message}\n`, timedOut: false, ms: Date.now() - started });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? null : code, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

export async function runChecks(repo: Repo, run: CheckRun): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const logDir = join(repo.logsDir, "checks", run.sessionId ?? "check");
  await mkdir(logDir, { recursive: true });
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
    await writeFile(logFile, `$ ${command}\n--- stdout ---\n${out.stdout}\n--- stderr ---\n${out.stderr}\n--- exit ${out.code ?? "killed"} after ${out.ms} ms${out.timedOut ? " (timed out)" : ""}\n`);
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
