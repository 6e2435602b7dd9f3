// The YAML parser and commander are separate files (dist/cli/vendor/) that a command loads on its
// first use of them, not when a module importing them initialises: the everyday reads and the
// session lifecycle never load the YAML parser, and a command that reads YAML still does. Likewise
// node:crypto: reading the configuration's compiled form hashes nothing.
import { join } from "node:path";
import { mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { expect, onTestFinished, test } from "vitest";
import { exo, initRepo } from "../../helpers/repo.js";

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
  const status = async () => {
    await rm(out, { force: true });
    const run = await exo(repo, "status", { env: { NODE_OPTIONS: `--require ${probe}` } });
    expect(run.code, run.stderr).toBe(0);
    return { data: JSON.parse(run.stdout).data as { adapters: { target: string; status: string }[] }, crypto: (await readFile(out, "utf8")) !== "" };
  };
  await status(); // the first may verify governance in full
  const steady = await status();
  expect(steady.crypto).toBe(false);
  expect(steady.data.adapters).toEqual([]);
  const claude = join(repo, "CLAUDE.md");
  await writeFile(claude, (await readFile(claude, "utf8")).replace("<!-- exo:end -->", "a line added by hand\n<!-- exo:end -->"));
  const edited = await status();
  expect(edited.data.adapters).toContainEqual({ target: "claude", status: "edited" });
});
