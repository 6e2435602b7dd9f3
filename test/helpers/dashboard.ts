// A small fleet for dashboard tests, and a runner for `exo dashboard --serve`.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { baseEnv, EXO_BIN, envelope, exo, git, tempRepo } from "./repo.js";
import { fixture, hook } from "./hooks.js";

export const CLAUDE = { EXO_ACTOR: "agent:claude" };
export const CODEX = { EXO_ACTOR: "agent:codex" };
export const GEMINI = { EXO_ACTOR: "agent:gemini" };
export const CURSOR = { EXO_ACTOR: "agent:cursor" };

export interface Fleet {
  repo: string;
  finished: string;
  handedOff: string;
  crashed: string;
  live: string;
}

async function ok(run: ReturnType<typeof exo>): Promise<any> {
  const env = envelope(await run);
  if (!env.ok) throw new Error(`fixture step failed: ${JSON.stringify(env.error)}`);
  return env.data;
}

/**
 * One intent with three tasks; a finished session (in scope), a handed-off one that wrote out of
 * scope, one crashed and recovered by a human, a hook denial, and one live session.
 */
export async function fleet(): Promise<Fleet> {
  // Kept past the first test (beforeAll); the caller removes it.
  const repo = await tempRepo({ "src/auth/login.ts": "export const a = 1;\n", "docs/README.md": "docs\n", "src/api/routes.ts": "x\n" }, { keep: true });
  await ok(exo(repo, "init"));
  await Promise.all([
    ok(exo(repo, "hook-install", "--harness", "claude")),
    ok(exo(repo, "intent-create", "auth system", "--brain-dump", "email+password login", "--scope-allow", "src/**", "--id", "INT-1")),
  ]);
  // Side by side, as agents would: ticket creation is safe to run concurrently.
  await Promise.all(
    ([["T1", "signup form"], ["T2", "password reset"], ["T3", "session tokens"], ["T4", "login rate limit"], ["T5", "audit log"]] as const).map(([id, title]) => ok(exo(repo, "ticket-create", title, "--id", id, "--parent", "INT-1", "--scope-allow", "src/auth/**"))),
  );
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");

  const finished = (await ok(exo(repo, "session-start", "--ticket-id", "T1", "--vendor", "anthropic", "--model", "claude-code", "--harness", "claude", { env: CLAUDE }))).session.id as string;
  await writeFile(join(repo, "src/auth/login.ts"), "export const a = 2;\n");
  await ok(exo(repo, "session-finish", "--summary", "signup form done", { env: CLAUDE }));

  const handedOff = (await ok(exo(repo, "session-start", "--ticket-id", "T2", "--vendor", "openai", "--model", "gpt-5", "--harness", "codex", { env: CODEX }))).session.id as string;
  await writeFile(join(repo, "docs/reset.md"), "out of scope\n");
  await ok(exo(repo, "session-handoff", "--to", "agent:claude", "--summary", "half way", "--reason", "context full", { env: CODEX }));

  const crashed = (await ok(exo(repo, "session-start", "--ticket-id", "T3", "--vendor", "google", "--model", "gemini-cli", "--harness", "gemini", { env: GEMINI }))).session.id as string;
  await ok(exo(repo, "session-cleanup", "--session-id", crashed, "--force"));

  const live = (await ok(exo(repo, "session-start", "--ticket-id", "T4", "--vendor", "anthropic", "--model", "claude-code", "--harness", "claude", "--task", "rate limit logins", { env: CLAUDE }))).session.id as string;
  await denyWrite(repo, "docs/notes.md", CLAUDE);
  return { repo, finished, handedOff, crashed, live };
}

/** A Claude Write outside the session's scope, through the installed hook launcher. */
export async function denyWrite(repo: string, path: string, env: Record<string, string>): Promise<void> {
  const run = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/${path}`)), env);
  if (!run.stdout.includes("deny")) throw new Error(`expected a denial for ${path}: ${run.stdout} ${run.stderr}`);
}

export interface Served {
  child: ChildProcess;
  url: string;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Start `exo --format json dashboard --serve …` and wait for the envelope with its URL. */
export function serve(repo: string, args: string[] = ["--port", "0"], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [EXO_BIN, "--format", "json", "dashboard", "--serve", ...args], { cwd: repo, env: baseEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dashboard did not start in 30 s: ${out} ${err}`)), 30_000);
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (!out.includes("\n")) return;
      clearTimeout(timer);
      try {
        const env = JSON.parse(out.split("\n")[0] as string);
        if (!env.ok) return reject(new Error(`dashboard failed: ${out}`));
        resolve({ child, url: env.data.url, port: env.data.port, stdout: () => out, stderr: () => err, exited });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`dashboard exited with ${code}: ${out} ${err}`));
    });
  });
}
