// Pipe recorded harness payloads into the installed launcher.
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { DIST, envelope, exo, git, initRepo, runNode, tempDir, type Run } from "./repo.js";

const FIXTURES = resolve("test/fixtures/hooks");

export async function fixture(name: string, repo: string, patch: (p: Record<string, unknown>) => void = () => undefined): Promise<string> {
  const text = (await readFile(join(FIXTURES, name), "utf8")).replaceAll("<REPO>", repo).replaceAll("<HOME>", homedir());
  const payload = JSON.parse(text) as Record<string, unknown>;
  patch(payload);
  return JSON.stringify(payload);
}

export function hook(repo: string, harness: string, event: string, stdin: string, env: Record<string, string> = {}): Promise<Run> {
  return runNode(join(repo, ".exo/bin/exo-hook.mjs"), [harness, event], repo, { input: stdin, env });
}

export function decision(run: Run): { decision: string; reason: string } | null {
  if (run.stdout.trim() === "" || run.stdout.trim() === "{}") return null;
  const out = JSON.parse(run.stdout) as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string }; permission?: string; agent_message?: string };
  if (out.hookSpecificOutput?.permissionDecision) return { decision: out.hookSpecificOutput.permissionDecision, reason: out.hookSpecificOutput.permissionDecisionReason ?? "" };
  if (out.permission) return { decision: out.permission, reason: out.agent_message ?? "" };
  return null;
}

/** A repository with exo's Claude hooks installed and committed, and `actor`'s session on T1 (scope src/auth/**). */
export async function claudeSessionRepo(files: Record<string, string>, actor = "agent:claude"): Promise<string> {
  const repo = await initRepo(files);
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/auth/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect((await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: actor } })).code).toBe(0);
  return repo;
}

/**
 * A repository with exo's git hooks installed and task T1 (scope src/**) committed, plus files
 * src/a.ts and docs/d.md; with `actor`, that actor's session on T1 is started.
 */
export async function gitHooksRepo(actor?: string): Promise<string> {
  const repo = await initRepo({ "src/a.ts": "a\n", "docs/d.md": "d\n" });
  await exo(repo, "hook-install", "--harness", "git");
  await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "setup");
  if (actor) expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: actor } })).ok).toBe(true);
  return repo;
}

/** The answer of the hook bundle's in-process gate (dist/hook.mjs `gate`). */
export interface GateAnswer { stdout: string; stderr: string; exitCode: number }
export type Gate = (h: string, e: string, io: { stdin: string; env: NodeJS.ProcessEnv; cwd: string; launcherRepo?: string }) => Promise<GateAnswer>;

/** A Claude PreToolUse answer as allow, deny or ask (no output or `{}` allows); a Cursor one's `permission` too. */
export function claudeVerdict(a: GateAnswer): string {
  const text = a.stdout.trim();
  if (text === "" || text === "{}") return "allow";
  const out = JSON.parse(text) as { hookSpecificOutput?: { permissionDecision?: string }; permission?: string };
  return out.hookSpecificOutput?.permissionDecision ?? out.permission ?? "allow";
}

/**
 * The red-team set-up: compose, Claude's hooks, a task T1 with `scope` committed, and a session of
 * `env`'s actor on it.
 */
export async function governedTask(repo: string, scope: string, env: Record<string, string>, title = "wide"): Promise<void> {
  expect((await exo(repo, "compose")).code).toBe(0);
  expect((await exo(repo, "hook-install", "--harness", "claude")).code).toBe(0);
  await exo(repo, "ticket-create", title, "--id", "T1", "--scope-allow", scope);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect((await exo(repo, "session-start", "--ticket-id", "T1", { env })).code).toBe(0);
}

/**
 * The red-team set-up in a fresh repository holding `files`, and the in-process Claude gate of it:
 * `said(command)` judges a Bash call, `tool(name, input)` any tool call (allow, deny or ask).
 */
export async function governedGate(scope: string, files: Record<string, string>, env: Record<string, string>, title: string): Promise<{ repo: string; said: (command: string) => Promise<string>; tool: (name: string, input: unknown) => Promise<string>; cursor: (name: string, input: unknown) => Promise<string> }> {
  const repo = await initRepo(files);
  await governedTask(repo, scope, env, title);
  const { gate } = (await import(pathToFileURL(join(DIST, "hook.mjs")).href)) as { gate: Gate };
  const ask = async (tool_name: string, tool_input: unknown) =>
    claudeVerdict(await gate("claude", "PreToolUse", { stdin: JSON.stringify({ session_id: title, cwd: repo, tool_name, tool_input }), env: { ...process.env, ...env }, cwd: repo, launcherRepo: repo }));
  // Cursor's preToolUse, shaped as its payloads are (test/fixtures/hooks/cursor-pretooluse-write.json):
  // a tool the matcher of exo's Cursor hooks does not name runs with no hook asked.
  let matcher: Promise<RegExp> | undefined;
  const cursor = async (tool_name: string, tool_input: unknown) =>
    !(await (matcher ??= cursorMatcher())).test(tool_name) ? "allow" : claudeVerdict(await gate("cursor", "preToolUse", { stdin: JSON.stringify({ hook_event_name: "preToolUse", conversation_id: title, generation_id: "g1", workspace_roots: [repo], tool_name, tool_input, tool_use_id: "t1", cwd: repo }), env: { ...process.env, ...env }, cwd: repo, launcherRepo: repo }));
  return { repo, said: (command) => ask("Bash", { command }), tool: ask, cursor };
}

/**
 * The preToolUse matcher of the Cursor hooks exo installs, as Cursor reads it: a regular expression
 * tried on the tool's name.
 */
export async function cursorMatcher(): Promise<RegExp> {
  const repo = await initRepo({ ".cursorrules": "x\n" });
  expect((await exo(repo, "hook-install", "--harness", "cursor")).code).toBe(0);
  const hooks = JSON.parse(await readFile(join(repo, ".cursor/hooks.json"), "utf8")) as { hooks: Record<string, { matcher?: string; command: string }[]> };
  const entry = hooks.hooks["preToolUse"]?.find((e) => e.command.includes("exo-hook.mjs"));
  return new RegExp(entry?.matcher ?? "^$");
}

/** A red-team row: a Bash line or a tool call, and whether the gate must allow or block it. */
export interface RedCase { id: string; channel: "bash" | "claude-tool" | "powershell" | "cursor-tool"; expect: "allow" | "block"; class: string; command?: string; tool?: string; input?: Record<string, unknown> }

/**
 * The red-team rows of `cases` the gate judged wrongly, each as "id line: got, expected", in a
 * repository holding the write-channel corpus and a secret (.env) under a task scoped to `scope`;
 * `setup` prepares the repository once the session is live (a cache file, say).
 */
export async function misjudged(scope: string, cases: readonly RedCase[], title: string, setup?: (repo: string) => Promise<void>): Promise<string[]> {
  const corpus = JSON.parse(await readFile("test/fixtures/write-channels.json", "utf8")) as { files: Record<string, string> };
  const home = await tempDir();
  const files = { ...corpus.files, ".env": "API_TOKEN=s3cr3t\n", ".env.example": "API_TOKEN=\n" };
  const { repo, tool: ask, cursor } = await governedGate(scope, files, { EXO_ACTOR: "agent:claude", HOME: home }, title);
  await setup?.(repo);
  const wrong: string[] = [];
  for (const c of cases) {
    const got = c.channel === "bash" ? await ask("Bash", { command: c.command }) : c.channel === "cursor-tool" ? await cursor(c.tool as string, c.input) : await ask(c.tool as string, c.input);
    const ok = c.expect === "allow" ? got === "allow" : got !== "allow";
    if (!ok) wrong.push(`${c.id} ${c.command ?? `${c.tool} ${JSON.stringify(c.input)}`}: ${got}, expected ${c.expect}`);
  }
  return wrong;
}

/**
 * A red-team round's three tests: its case ids numbered on from `first`, once each; its `cases`
 * under a scope of `src/**`; its `wide` cases under `**`, where only exo's protected files stand in
 * the way. `more` are cases the round's own tests run, counted among its ids.
 */
export function redRound(round: number, first: number, groups: { cases: readonly RedCase[]; wide: readonly RedCase[]; more?: readonly RedCase[] }, titles: { cases: string; wide: string }): void {
  test(`red-team round ${round} cases are numbered on from round ${round - 1}, once each`, () => {
    const ids = [...groups.cases, ...groups.wide, ...(groups.more ?? [])].map((c) => Number(c.id)).sort((a, b) => a - b);
    expect(ids).toEqual(ids.map((_, k) => first + k));
  });
  test(`red-team round ${round}: ${titles.cases}`, { timeout: 180_000 }, async () => {
    expect(await misjudged("src/**", groups.cases, `red${round}`)).toEqual([]);
  });
  test(`red-team round ${round}: ${titles.wide}`, { timeout: 180_000 }, async () => {
    expect(await misjudged("**", groups.wide, `red${round}w`)).toEqual([]);
  });
}
