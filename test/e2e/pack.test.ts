// The package as a user gets it: npm pack → npm install -g into a temporary prefix → the `exo`
// and `exo-mcp` on that PATH run the README quick start, answer MCP tools/list, and the shipped
// .d.ts files compile a consumer under `tsc --strict --module nodenext`.
//
// The install uses npm's cache (--offline first, then --prefer-offline when a package document
// is not cached yet), so a machine that has run `npm ci` here installs without the network.
import { execFile, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { expect, onTestFinished, test } from "vitest";
import { EXO_VERSION } from "../../src/version.js";
import { DIST, git, tempRepo } from "../helpers/repo.js";

const run = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

async function temp(prefix: string): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), prefix)));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A stage holding what `files` ships (package.json, README, the build in use), packed. */
async function pack(work: string): Promise<string> {
  const stage = join(work, "stage");
  await mkdir(stage);
  await cp("package.json", join(stage, "package.json"));
  await cp("README.md", join(stage, "README.md"));
  await cp(DIST, join(stage, "dist"), { recursive: true });
  await run(NPM, ["pack", "--ignore-scripts", "--silent", "--pack-destination", work], { cwd: stage, env: npmEnv(work) });
  const tgz = (await readdir(work)).find((f) => f.endsWith(".tgz"));
  if (!tgz) throw new Error("npm pack wrote no tarball");
  return join(work, tgz);
}

/** npm with its logs in the temp folder; the shared package cache is used as is. */
function npmEnv(work: string): Record<string, string> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), npm_config_logs_dir: join(work, "npm-logs"), npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
  delete env["npm_config_prefix"];
  return env;
}

async function installGlobal(tgz: string, prefix: string, work: string): Promise<void> {
  const args = ["install", "-g", "--prefix", prefix, tgz, "--no-audit", "--no-fund", "--loglevel", "error"];
  try {
    await run(NPM, [...args, "--offline"], { env: npmEnv(work), timeout: 120_000 });
  } catch {
    await run(NPM, [...args, "--prefer-offline"], { env: npmEnv(work), timeout: 120_000 });
  }
}

function sh(file: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(file, args, { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end();
  });
}

/** initialize + tools/list over stdio against the installed exo-mcp. */
function toolsList(bin: string, cwd: string, env: Record<string, string>, args = ["--repo", cwd]): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(bin, args, { cwd, env });
    let buffer = "";
    const timer = setTimeout(() => (child.kill(), fail(new Error(`exo-mcp did not answer: ${buffer}`))), 30_000);
    child.stdout.on("data", (d: Buffer) => {
      buffer += d.toString();
      for (const line of buffer.split("\n")) {
        if (!line.trim()) continue;
        const msg = JSON.parse(line) as { id?: number; result?: { tools?: { name: string }[] } };
        if (msg.id === 2 && msg.result?.tools) {
          clearTimeout(timer);
          child.kill();
          done(msg.result.tools.map((t) => t.name));
        }
      }
    });
    const send = (m: unknown) => child.stdin.write(`${JSON.stringify(m)}\n`);
    send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "pack-test", version: "1" } } });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
  });
}

test("npm pack → npm install -g → exo --version, the quick start, exo-mcp tools/list, typed imports", { timeout: 300_000 }, async () => {
  const work = await temp("exo-pack-");
  const tgz = await pack(work);
  expect(tgz).toMatch(new RegExp(`exoprotocol-${EXO_VERSION.replaceAll(".", "\\.")}\\.tgz$`));
  const prefix = join(work, "prefix");
  await installGlobal(tgz, prefix, work);
  const bin = join(prefix, "bin");
  const installed = join(prefix, "lib", "node_modules", "exoprotocol");
  // Only the installed package on PATH (node and git are found through their own folders).
  const env: Record<string, string> = { PATH: `${bin}:${resolve(process.execPath, "..")}:/usr/bin:/bin`, HOME: work, NO_COLOR: "1" };
  const exo = join(bin, "exo");

  // The consumer type-check runs beside the CLI steps.
  const consumer = join(work, "consumer");
  await mkdir(join(consumer, "node_modules"), { recursive: true });
  await symlink(installed, join(consumer, "node_modules", "exoprotocol"));
  await writeFile(join(consumer, "package.json"), '{ "type": "module" }\n');
  await writeFile(
    join(consumer, "main.ts"),
    [
      'import { createExo, ErrorCode, ExoError, type Envelope } from "exoprotocol";',
      'import { checkAction, sealResult, mintTicket } from "exoprotocol/kernel";',
      'const exo = createExo({ repo: ".", actor: "agent:bot" });',
      'const envelope: Promise<Envelope> = exo.run("status");',
      "const code: string = ErrorCode.NO_TICKET;",
      "export const used = [envelope, code, ExoError, checkAction, sealResult, mintTicket];",
      "",
    ].join("\n"),
  );
  // A wrong use must be a type error (so the clean compile of main.ts is real): one tsc run, errors only in bad.ts.
  await writeFile(join(consumer, "bad.ts"), 'import { createExo } from "exoprotocol";\ncreateExo({ repo: 42 });\n');
  const tsc = sh(process.execPath, [resolve("node_modules/typescript/bin/tsc"), "--strict", "--module", "nodenext", "--noEmit", "main.ts", "bad.ts"], consumer, env);

  const version = await sh(exo, ["--version"], work, env);
  expect(version.stdout.trim()).toBe(EXO_VERSION);
  const repo = await tempRepo({ "README.md": "# app\n" });
  const step = async (...args: string[]) => {
    const r = await sh(exo, args, repo, env);
    expect(r.code, `exo ${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
    return r;
  };
  const install = await step("install", "--example");
  expect(install.stdout).toMatch(/Next steps:/);
  expect((await step("next", "--owner", "your-name")).stdout).toMatch(/TICKET-001/);
  await step("session-start", "--ticket-id", "TICKET-001");
  await writeFile(join(repo, "README.md"), "# app\n\nGoverned.\n");
  expect((await step("session-finish", "--summary", "first change")).stdout).toMatch(/finished SES-/);
  expect(git(repo, "log", "--format=%s")).toMatch(/chore\(exo\): finish SES-/);
  // The hook launcher finds the installed bundle beside the installed exo.
  expect(install.stdout).toMatch(/hooks {6}claude, git/);

  const tools = await toolsList(join(bin, "exo-mcp"), repo, env);
  expect(tools).toEqual(expect.arrayContaining(["exo_session_start", "exo_ticket_close", "exo_install"]));
  // The entry install registered for Claude Code starts the installed server with no registry in
  // reach (npx -p exoprotocol@<version> would have asked it, even with that version installed).
  const entry = (JSON.parse(await readFile(join(repo, ".mcp.json"), "utf8")) as { mcpServers: { exo: { command: string; args: string[] } } }).mcpServers.exo;
  const offline = { ...env, npm_config_registry: "http://127.0.0.1:9", npm_config_offline: "true" };
  expect(await toolsList(entry.command === "node" ? process.execPath : entry.command, repo, offline, entry.args)).toEqual(tools);

  const typed = await tsc;
  const errors = typed.stdout.split("\n").filter((l) => /error TS/.test(l));
  expect(errors.length, typed.stdout + typed.stderr).toBeGreaterThan(0);
  expect(errors.every((l) => l.startsWith("bad.ts(2,") && l.includes("TS2322")), typed.stdout).toBe(true);
});
