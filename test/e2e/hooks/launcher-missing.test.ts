// The committed launchers on a machine without exo (no exo on PATH, no bundle): a collaborator is
// not locked out and is told once per harness session how to install exo; an open session in the
// checkout keeps gated writes blocked; a git commit goes through with one line of advice.
import { execFileSync } from "node:child_process";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { expect, test } from "vitest";
import { EXO_VERSION } from "../../../src/version.js";
import { envelope, exo, git, tempDir, tempRepo } from "../../helpers/repo.js";
import { fixture, hook } from "../../helpers/hooks.js";

const INSTALL = `npm install -g exoprotocol@${EXO_VERSION}`;

/** A PATH holding node and git but no exo. */
async function pathWithoutExo(): Promise<string> {
  const bin = join(await tempDir(), "bin");
  await mkdir(bin);
  await symlink(process.execPath, join(bin, "node"));
  const gitPath = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  await symlink(gitPath, join(bin, "git"));
  return bin;
}

async function governedClone(): Promise<string> {
  const repo = await tempRepo({ "src/a.ts": "a\n" });
  expect(envelope(await exo(repo, "install", "--example", "--harness", "claude", "--harness", "cursor", "--harness", "codex", "--harness", "git")).ok).toBe(true);
  // A fresh clone has no cache: the bundle location recorded by install is gone.
  await rm(join(repo, ".exo/cache"), { recursive: true, force: true });
  return repo;
}

test("no exo and no session: Write is allowed with the install command, once per harness session", async () => {
  const repo = await governedClone();
  const env = { PATH: await pathWithoutExo() };
  const write = (session: string) => fixture("claude-pretooluse-write.json", repo, (p) => (p["session_id"] = session));
  const first = await hook(repo, "claude", "PreToolUse", await write("s-1"), env);
  expect(first.code, first.stderr).toBe(0);
  expect(JSON.parse(first.stdout)).toEqual({ systemMessage: expect.stringContaining(INSTALL) as string });
  const again = await hook(repo, "claude", "PreToolUse", await write("s-1"), env);
  expect(again.code).toBe(0);
  expect(again.stdout.trim()).toBe("");
  const other = await hook(repo, "claude", "PreToolUse", await write("s-2"), env);
  expect(other.stdout).toContain(INSTALL);
  const cursor = await hook(repo, "cursor", "preToolUse", await fixture("cursor-pretooluse-write.json", repo), env);
  expect(cursor.code).toBe(0);
  // Told, never pre-approved: no permission, so Cursor asks as it would without exo (before: "allow").
  expect(JSON.parse(cursor.stdout)).toEqual({ user_message: expect.stringContaining(INSTALL) as string });
  const quiet = await hook(repo, "cursor", "preToolUse", await fixture("cursor-pretooluse-write.json", repo), env);
  expect(JSON.parse(quiet.stdout)).toEqual({});
  const codex = await hook(repo, "codex", "PreToolUse", await fixture("codex-pretooluse-apply-patch.json", repo), env);
  expect(codex.code).toBe(0);
  expect(codex.stderr).toContain(INSTALL);
});

test("no exo but a session open in the checkout: gated writes stay blocked; reads pass", async () => {
  const repo = await governedClone();
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env: { EXO_ACTOR: "agent:claude" } })).ok).toBe(true);
  await rm(join(repo, ".exo/cache/hook-bundle.json"), { force: true });
  const env = { PATH: await pathWithoutExo() };
  const blocked = await hook(repo, "claude", "PreToolUse", await fixture("claude-pretooluse-write.json", repo), env);
  expect(blocked.code).toBe(2);
  expect(blocked.stderr).toContain(INSTALL);
  const read = await hook(repo, "claude", "PreToolUse", JSON.stringify({ session_id: "r", tool_name: "Read", tool_input: { file_path: `${repo}/src/a.ts` } }), env);
  expect(read.code).toBe(0);
});

test("git pre-commit without exo: the commit goes through with one line of advice", async () => {
  const repo = await governedClone();
  await writeFile(join(repo, "src/a.ts"), "b\n");
  git(repo, "add", "src/a.ts");
  const bin = await pathWithoutExo();
  const out = execFileSync(join(bin, "git"), ["commit", "-m", "teammate change"], { cwd: repo, encoding: "utf8", env: { PATH: bin, HOME: dirname(bin) }, stdio: ["ignore", "pipe", "pipe"] });
  expect(out).toMatch(/teammate change/);
  expect(git(repo, "log", "-1", "--format=%s").trim()).toBe("teammate change");
  // stderr of a successful execFileSync is not returned; run once more through spawnSync to read it.
  await writeFile(join(repo, "src/a.ts"), "c\n");
  git(repo, "add", "src/a.ts");
  const { spawnSync } = await import("node:child_process");
  const run = spawnSync(join(bin, "git"), ["commit", "-m", "second"], { cwd: repo, encoding: "utf8", env: { PATH: bin, HOME: dirname(bin) } });
  expect(run.status).toBe(0);
  const advice = run.stderr.split("\n").filter((l) => l.includes("exo"));
  expect(advice).toHaveLength(1);
  expect(advice[0]).toContain(INSTALL);
});
