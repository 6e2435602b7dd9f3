// Test fixtures: temporary git repositories and a runner for the built binaries.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cp, mkdtemp, mkdir, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { expect, onTestFinished } from "vitest";

/** The build output folder (EXO_DIST lets parallel builds stay apart). */
export const DIST = resolve(process.env["EXO_DIST"] ?? "dist");
export const EXO_BIN = join(DIST, "cli", "bin.js");
export const MCP_BIN = join(DIST, "mcp", "bin.js");

let shimFolder: string | undefined;

/** A folder whose `exo` runs this build (one per test process, removed when it exits). */
export function exoOnPath(): string {
  if (shimFolder === undefined) {
    const folder = mkdtempSync(join(tmpdir(), "exo-shim-"));
    writeFileSync(join(folder, "exo"), `#!/bin/sh\nexec "${process.execPath}" "${EXO_BIN}" "$@"\n`, { mode: 0o755 });
    process.on("exit", () => rmSync(folder, { recursive: true, force: true }));
    shimFolder = folder;
  }
  return shimFolder;
}

/**
 * Run a line exo printed (a hint, a next step) in `sh` as a user pastes it, with this build as
 * `exo` on PATH; its output. Throws when the line fails.
 */
export function pasted(cwd: string, line: string, env: Record<string, string> = {}): string {
  return execFileSync("sh", ["-c", line], { cwd, encoding: "utf8", stdio: "pipe", env: { ...process.env, ...env, PATH: `${exoOnPath()}:${process.env["PATH"] ?? ""}` } });
}

const LOCAL_CONFIG: [string, string][] = [
  ["user.name", "Test User"],
  ["user.email", "test@example.invalid"],
  ["commit.gpgsign", "false"],
  ["tag.gpgsign", "false"],
  ["init.defaultBranch", "main"],
];

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
}

export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const file = join(root, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}

/** A fresh git repository with one commit; removed after the test. */
export async function tempRepo(files: Record<string, string> = {}, opts: { keep?: boolean } = {}): Promise<string> {
  // realpath: on macOS the temp folder sits behind a symlink.
  const root = await realpath(await mkdtemp(join(tmpdir(), "exo-test-")));
  if (!opts.keep) onTestFinished(() => rm(root, { recursive: true, force: true }));
  git(root, "init", "--quiet", "--initial-branch=main");
  for (const [key, value] of LOCAL_CONFIG) git(root, "config", key, value);
  await writeFiles(root, files);
  git(root, "add", "--all");
  git(root, "commit", "--quiet", "--allow-empty", "--message", "initial");
  return root;
}

/** A temp folder that is not a git repository. */
export async function tempDir(): Promise<string> {
  const root = await realpath(await mkdtemp(join(tmpdir(), "exo-plain-")));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  return root;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  json?: boolean;
}

/** Base environment for spawned binaries: PATH, HOME, NO_COLOR only. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "/tmp", NO_COLOR: "1" };
  if (process.env["TMPDIR"]) env["TMPDIR"] = process.env["TMPDIR"];
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function runNode(script: string, args: string[], cwd: string, opts: RunOptions = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: baseEnv(opts.env) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    // A child that exits without reading its input (a server stopped by the test) closes the
    // pipe first: that EPIPE is the child's business, not an error of the run.
    child.stdin.on("error", () => undefined);
    child.stdin.end(opts.input ?? "");
  });
}

/** Run `exo --format json …` in cwd (pass json: false for human output). */
export function exo(cwd: string, ...args: (string | RunOptions)[]): Promise<Run> {
  const opts = args.find((a): a is RunOptions => typeof a === "object") ?? {};
  const argv = args.filter((a): a is string => typeof a === "string");
  return runNode(EXO_BIN, opts.json === false ? argv : ["--format", "json", ...argv], cwd, opts);
}

export interface EnvelopeShape {
  ok: boolean;
  data: any;  
  error?: { code: string; message: string; hint?: string; details?: any };  
  warnings?: { code: string; message: string }[];
}

/** Parse the JSON envelope of a run, or fail showing stderr. */
export function envelope(run: Run): EnvelopeShape {
  try {
    return JSON.parse(run.stdout) as EnvelopeShape;
  } catch {
    throw new Error(`stdout is not one JSON envelope (exit ${run.code}).\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}

/** A repo with `exo init` already run and committed. */
export async function initRepo(files: Record<string, string> = {}): Promise<string> {
  const root = await tempRepo(files);
  const run = await exo(root, "init");
  if (run.code !== 0) throw new Error(`exo init failed: ${run.stdout} ${run.stderr}`);
  git(root, "add", "--all");
  git(root, "commit", "--quiet", "--message", "exo init");
  return root;
}

/** Write a throwaway script next to the test repositories; removed after the test. */
export async function tempScript(text: string): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "exo-script-")));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, "script.mjs");
  await writeFile(file, text);
  return file;
}

/** A failure is one coded envelope: the exit code given (1 by default), a one-line message, never a stack trace. */
export function coded(run: Run, code: string, exit = 1): EnvelopeShape {
  const env = envelope(run);
  expect(env.error?.code, run.stdout).toBe(code);
  expect(run.code).toBe(exit);
  expect(env.error?.message).not.toMatch(/\n/);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .*\.js:\d+/);
  return env;
}

/** `exo --format json …` in `cwd`, killed after `ms` (code -1 then): a hang is a failure, not a stuck suite. */
export function bounded(cwd: string, args: string[], ms = 15_000, env: Record<string, string> = {}): Promise<Run & { ms: number }> {
  return boundedNode(EXO_BIN, ["--format", "json", ...args], cwd, ms, env);
}

/** `node <script> <args…>` in `cwd`, killed after `ms` (code -1 then), with its wall time. */
export function boundedNode(script: string, args: string[], cwd: string, ms = 15_000, env: Record<string, string> = {}): Promise<Run & { ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [script, ...args], { cwd, env: baseEnv(env) });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end("");
  });
}

/**
 * exoprotocol as `npm i -D exoprotocol` leaves it in a project (node_modules/exoprotocol with this
 * build's dist and package.json, and node_modules/.bin/exo), with no exo on PATH: the package's
 * bin.js and a PATH that puts node_modules/.bin first, as npx does.
 */
export async function npmInstalledExo(repo: string): Promise<{ bin: string; path: string }> {
  const pkg = join(repo, "node_modules", "exoprotocol");
  await mkdir(pkg, { recursive: true });
  await cp(DIST, join(pkg, "dist"), { recursive: true });
  await cp(join(DIST, "..", "package.json"), join(pkg, "package.json"));
  await symlink(join(DIST, "..", "node_modules"), join(pkg, "node_modules"));
  await mkdir(join(repo, "node_modules", ".bin"));
  await symlink("../exoprotocol/dist/cli/bin.js", join(repo, "node_modules", ".bin", "exo"));
  return { bin: join(pkg, "dist", "cli", "bin.js"), path: `${join(repo, "node_modules", ".bin")}:${process.env["PATH"] ?? ""}` };
}
