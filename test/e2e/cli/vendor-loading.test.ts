// The YAML parser and commander are separate files (dist/cli/vendor/) that a command loads on its
// first use of them, not when a module importing them initialises: the everyday reads and the
// session lifecycle never load the YAML parser, and a command that reads YAML still does. Likewise
// node:crypto: reading the configuration's compiled form hashes nothing.
import { join } from "node:path";
import { mkdtemp, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { expect, onTestFinished, test } from "vitest";
import { DIST, exo, initRepo } from "../../helpers/repo.js";

test("status, metrics, fleet-drift, ledger-verify, next, session-start and finish leave vendor/yaml.cjs unloaded (fleet-drift and next --dry-run node:crypto too); config-validate loads it", async () => {
  const repo = await initRepo();
  expect((await exo(repo, "ticket-create", "t", "--id", "T1")).code).toBe(0);
  const dir = await realpath(await mkdtemp(join(tmpdir(), "exo-probe-")));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const out = join(dir, "vendor.txt");
  const probe = join(dir, "probe.cjs");
  // At exit: the vendored files in require's cache, and "node:crypto" when that built-in was loaded.
  await writeFile(probe, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, [...Object.keys(require.cache).filter((f) => f.includes("/vendor/")).map((f) => f.split("/").pop()), ...process.moduleLoadList.filter((m) => m === "NativeModule crypto").map(() => "node:crypto")].join(",")));\n`);
  const loaded = async (...args: string[]) => {
    await rm(out, { force: true });
    const run = await exo(repo, ...args, { env: { NODE_OPTIONS: `--require ${probe}`, EXO_ACTOR: "agent:a" } });
    expect(run.code, `${args.join(" ")}: ${run.stdout} ${run.stderr}`).toBe(0);
    return (await readFile(out, "utf8")).split(",").filter(Boolean);
  };
  // status and metrics hash the governance files and the ledger (node:crypto); fleet-drift and a
  // dry-run dispatch hash nothing.
  for (const command of [["status"], ["metrics"], ["ledger-verify", "--no-git"]]) expect((await loaded(...command)).filter((f) => f !== "node:crypto"), command.join(" ")).toEqual([]);
  for (const command of [["fleet-drift"], ["next", "--dry-run"]]) expect(await loaded(...command), command.join(" ")).toEqual([]);
  // A lifecycle writes its ticket and memento YAML without the library (src/stdlib/yaml-emit.ts).
  for (const command of [["next", "--owner", "agent:a"], ["session-start"], ["session-finish", "--summary", "done", "--skip-check", "--break-glass-reason", "test"]]) {
    expect((await loaded(...command)).filter((f) => f !== "node:crypto"), command[0]).toEqual([]);
  }
  const ticket = await readFile(join(repo, ".exo/tickets/T1.yaml"), "utf8");
  expect(ticket).toMatch(/^id: T1\nkind: task\ntitle: t\n/);
  expect(ticket).toMatch(/\nhistory:\n {2}- at: \S+\n {4}by: agent:a\n/);
  expect(await loaded("config-validate")).toContain("yaml.cjs");
});

test("status after install hashes no adapter it hashed before (node:crypto stays unloaded), and an edited adapter is still reported edited", async () => {
  const { tempRepo } = await import("../../helpers/repo.js");
  const repo = await tempRepo({ "README.md": "hi\n" });
  expect((await exo(repo, "install", "--no-commit")).code).toBe(0);
  const dir = await realpath(await mkdtemp(join(tmpdir(), "exo-probe-")));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const out = join(dir, "mods.txt");
  const probe = join(dir, "probe.cjs");
  await writeFile(probe, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.filter((m) => m === "NativeModule crypto").join(",")));\n`);
  const status = async (...args: string[]) => {
    await rm(out, { force: true });
    const run = await exo(repo, ...(args.length > 0 ? args : ["status"]), { env: { NODE_OPTIONS: `--require ${probe}` } });
    expect(run.code, run.stderr).toBe(0);
    return { data: args.length > 0 ? null : (JSON.parse(run.stdout).data as { adapters: { target: string; status: string }[] }), crypto: (await readFile(out, "utf8")) !== "", stdout: run.stdout };
  };
  await status(); // the first may verify governance in full
  const steady = await status();
  expect(steady.crypto).toBe(false);
  // exo alone asks which sealed hooks are missing the same way: no hook file is hashed for it.
  const home = await status("--format", "human");
  expect(home.crypto).toBe(false);
  expect(home.stdout).not.toContain("hook-install");
  expect(steady.data?.adapters).toEqual([]);
  const claude = join(repo, "CLAUDE.md");
  await writeFile(claude, (await readFile(claude, "utf8")).replace("<!-- exo:end -->", "a line added by hand\n<!-- exo:end -->"));
  const edited = await status();
  expect(edited.data?.adapters).toContainEqual({ target: "claude", status: "edited" });
});

test("the shell analysis is a file of its own (dist/cli/hook-shell.cjs): status, next, session-start and finish never read it; decide --bash reads it and judges the line", async () => {
  const meta = JSON.parse(await readFile(join(DIST, "cli", "meta.json"), "utf8")) as { inputs: Record<string, unknown> };
  expect(Object.keys(meta.inputs)).toContain("src/hooks/shell-lazy.ts");
  expect(Object.keys(meta.inputs)).not.toContain("src/kernel/shell.ts");
  const repo = await initRepo();
  expect((await exo(repo, "ticket-create", "t", "--id", "T1", "--scope-allow", "src/**")).code).toBe(0);
  const dir = await realpath(await mkdtemp(join(tmpdir(), "exo-probe-")));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const out = join(dir, "read.txt");
  const probe = join(dir, "probe.cjs");
  // Every file readFileSync reads or openSync opens whose name says hook-shell, written at exit.
  await writeFile(probe, `const fs = require("node:fs"); const seen = []; for (const name of ["readFileSync", "openSync"]) { const real = fs[name]; fs[name] = function (f, ...rest) { if (String(f).includes("hook-shell")) seen.push(String(f).split("/").pop()); return real.call(this, f, ...rest); }; } process.on("exit", () => fs.writeFileSync(${JSON.stringify(out)}, seen.join(",")));\n`);
  const reads = async (...args: string[]) => {
    await rm(out, { force: true });
    const run = await exo(repo, ...args, { env: { NODE_OPTIONS: `--require ${probe}`, EXO_ACTOR: "agent:a" } });
    return { run, files: (await readFile(out, "utf8")).split(",").filter(Boolean) };
  };
  for (const command of [["status"], ["next", "--owner", "agent:a"], ["session-start"]]) {
    const { run, files } = await reads(...command);
    expect(run.code, `${command.join(" ")}: ${run.stdout} ${run.stderr}`).toBe(0);
    expect(files, command[0]).toEqual([]);
  }
  const denied = await reads("decide", "--bash", "sed -i s/a/b/ src/a.ts && echo x > docs/y");
  expect(JSON.parse(denied.run.stdout).data).toMatchObject({ decision: "deny", code: "OUT_OF_SCOPE", targets: [{ path: "src/a.ts", decision: "allow" }, { path: "docs/y", decision: "deny" }] });
  expect(denied.files).toContain("hook-shell.cjs");
  // decide keeps the analysis's code cache as the hook does, tagged with the way it took, so the
  // next decide runs it from bytecode (before, only the CLI bundle's cache was kept).
  const home = join(dir, "home");
  const again = await exo(repo, "decide", "--bash", "echo x > docs/y", { env: { HOME: home, EXO_ACTOR: "agent:a" } });
  expect(JSON.parse(again.stdout).data).toMatchObject({ decision: "deny" });
  const caches = join(home, ".cache", "exoprotocol", "v8");
  const shellCache = (await readdir(caches)).find((f) => f.endsWith(".shell.v8"));
  expect(shellCache, (await readdir(caches)).join(" ")).toBeDefined();
  expect((await readFile(join(caches, shellCache as string), "latin1")).split("\n")[0]).toContain("decide-bash-deny");
  const finished = await reads("session-finish", "--summary", "done", "--skip-check", "--break-glass-reason", "test");
  expect(finished.run.code, finished.run.stderr).toBe(0);
  expect(finished.files).toEqual([]);
});
