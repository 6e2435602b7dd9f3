import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo, tempDir } from "../../helpers/repo.js";

/** Every file under .exo/ that is committed state, with contents. */
async function snapshot(repo: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of [".exo/governance.lock.json", ".exo/policy.sealed.json", ".exo/constitution.yaml", ".exo/config.yaml"]) {
    out[name] = await readFile(join(repo, name), "utf8");
  }
  for (const seg of await readdir(join(repo, ".exo/ledger"))) out[seg] = await readFile(join(repo, ".exo/ledger", seg), "utf8");
  return out;
}

function expectNoStack(run: { stdout: string; stderr: string }): void {
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

test("malformed YAML fails with CONSTITUTION_INVALID, line and column, exit 2, nothing written", async () => {
  const repo = await initRepo();
  await writeFile(join(repo, ".exo/constitution.yaml"), "version: 1\nrules:\n  - id: RULE-A\n    type: [unclosed\n");
  const before = await snapshot(repo);
  const run = await exo(repo, "compose");
  expect(run.code).toBe(2);
  const env = envelope(run);
  expect(env.error?.code).toBe("CONSTITUTION_INVALID");
  expect(env.error?.message).toMatch(/line \d+, column \d+/);
  expect(env.error?.details.issues[0]).toMatchObject({ file: ".exo/constitution.yaml", line: expect.any(Number), column: expect.any(Number) });
  expect(await snapshot(repo)).toEqual(before);
  expectNoStack(run);
});

test("unknown rule type and invalid glob are each reported; nothing written", async () => {
  const repo = await initRepo();
  await writeFile(join(repo, ".exo/constitution.yaml"), "version: 1\nrules:\n  - id: RULE-A\n    type: teleport\n  - id: RULE-B\n    type: filesystem_deny\n    patterns: ['!src/**']\n");
  const before = await snapshot(repo);
  const run = await exo(repo, "compose");
  expect(run.code).toBe(2);
  const issues = envelope(run).error?.details.issues.map((i: { code: string; path: string }) => `${i.code}@${i.path}`);
  expect(issues).toEqual(expect.arrayContaining(["unknown_type@rules.0.type", "glob_invalid@rules.1.patterns.0"]));
  expect(await snapshot(repo)).toEqual(before);
});

test("git conflict markers in config fail with CONFIG_INVALID and issue conflict_markers", async () => {
  const repo = await initRepo();
  const file = join(repo, ".exo/config.yaml");
  await writeFile(file, `${await readFile(file, "utf8")}<<<<<<< HEAD\nx: 1\n=======\nx: 2\n>>>>>>> other\n`);
  const run = await exo(repo, "compose");
  expect(run.code).toBe(2);
  const env = envelope(run);
  expect(env.error?.code).toBe("CONFIG_INVALID");
  expect(env.error?.details.issues[0].code).toBe("conflict_markers");
});

test("a folder that is not a git repository → NOT_A_GIT_REPO, exit 2", async () => {
  const dir = await tempDir();
  const run = await exo(dir, "status");
  expect(run.code).toBe(2);
  expect(envelope(run).error?.code).toBe("NOT_A_GIT_REPO");
  const init = await exo(dir, "init");
  expect(envelope(init).error?.code).toBe("NOT_A_GIT_REPO");
  expect(await readdir(dir)).toEqual([]);
});

test("an uninitialised repository → NOT_INITIALIZED with the install hint", async () => {
  const { tempRepo } = await import("../../helpers/repo.js");
  const repo = await tempRepo();
  const run = await exo(repo, "status");
  expect(run.code).toBe(2);
  expect(envelope(run).error).toMatchObject({ code: "NOT_INITIALIZED", hint: "exo install" });
});

test("unknown command, unknown flag and a missing flag value are USAGE_ERROR, exit 2, JSON envelope", async () => {
  const repo = await initRepo();
  for (const args of [["frobnicate"], ["status", "--bogus"], ["ledger-show", "--limit"]]) {
    const run = await exo(repo, ...args);
    expect(run.code, args.join(" ")).toBe(2);
    expect(envelope(run).error?.code).toBe("USAGE_ERROR");
    expectNoStack(run);
  }
});

test("values that break their schema are INVALID_INPUT with issue codes", async () => {
  const repo = await initRepo();
  const badId = await exo(repo, "ledger-show", "--ticket-id", "../../x");
  expect(badId.code).toBe(2);
  expect(envelope(badId).error?.details.issues[0]).toMatchObject({ path: "ticket_id", code: "id_invalid" });
  const badNumber = await exo(repo, "ledger-show", "--limit", "0");
  expect(envelope(badNumber).error?.code).toBe("INVALID_INPUT");
  const badActor = await exo(repo, "status", "--actor", "no spaces allowed");
  expect(badActor.code).toBe(2);
  expect(envelope(badActor).error?.details.issues[0].code).toBe("actor_invalid");
  const badNow = await exo(repo, "status", { env: { EXO_NOW: "yesterday" } });
  expect(envelope(badNow).error?.code).toBe("INVALID_INPUT");
  const badFormat = await exo(repo, "status", "--format", "xml", { json: false });
  expect(badFormat.code).toBe(2);
});

test("human output: error line with code and hint on stderr, no stack trace", async () => {
  const repo = await initRepo();
  const run = await exo(repo, "frobnicate", { json: false });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^error: .* \[USAGE_ERROR\]$/m);
  expect(run.stderr).toMatch(/^hint: exo --help$/m);
  expect(run.stdout).toBe("");
});

test("global flags work before or after the command", async () => {
  const repo = await initRepo();
  const dir = await tempDir();
  const after = await exo(dir, "status", "--repo", repo, { json: false });
  const before = await exo(dir, "--repo", repo, "--format", "json", "status", { json: false });
  expect(after.code).toBe(0);
  expect(envelope(before).data.governance.status).toBe("valid");
  const help = await exo(repo, "--help", { json: false });
  expect(help.stdout).toMatch(/ledger-verify/);
  const cmdHelp = await exo(repo, "ledger-show", "--help", { json: false });
  expect(cmdHelp.code).toBe(0);
  expect(cmdHelp.stdout).toMatch(/--session-id/);
  const version = await exo(repo, "--version", { json: false });
  expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  // -v, as most command-line tools spell it, is the version too.
  const short = await exo(repo, "-v", { json: false });
  expect(short.code).toBe(0);
  expect(short.stdout).toBe(version.stdout);
});

test("decide --apply-patch with a file that cannot be read is INVALID_INPUT (exit 2), not an internal error", async () => {
  const repo = await initRepo();
  const run = await exo(repo, "decide", "--apply-patch", "no-such.patch");
  expect(run.code).toBe(2);
  expect(envelope(run).error).toMatchObject({ code: "INVALID_INPUT", details: { issues: [expect.objectContaining({ path: "apply_patch", code: "unreadable" })] } });
});

test("EXO_STATE_DIR: an absolute folder holds the ephemeral state; a relative one is refused (INVALID_INPUT, exit 2), not ignored", async () => {
  const repo = await initRepo();
  const state = await tempDir();
  const env = { EXO_ACTOR: "agent:one", EXO_STATE_DIR: state };
  expect(envelope(await exo(repo, "ticket-create", "t", "--id", "TICKET-001", "--scope-allow", "src/**", { env })).ok).toBe(true);
  const start = envelope(await exo(repo, "session-start", "--ticket-id", "TICKET-001", { env }));
  expect(start.ok).toBe(true);
  // Sessions and locks live in the given folder, none in the repository's .exo.
  expect((await readdir(join(state, "sessions"))).some((n) => n === `${start.data.session.id}.json`)).toBe(true);
  expect(await readdir(join(state, "locks"))).toContain("TICKET-001.json");
  expect(await readdir(join(repo, ".exo/sessions")).catch(() => [])).toEqual([]);
  expect(await readdir(join(repo, ".exo/locks")).catch(() => [])).toEqual([]);
  expect(envelope(await exo(repo, "status", { env })).data.sessions).toMatchObject([{ id: start.data.session.id, ticket: "TICKET-001" }]);

  const relative = await exo(repo, "status", { env: { EXO_ACTOR: "agent:one", EXO_STATE_DIR: "state/here" } });
  expect(relative.code).toBe(2);
  const error = envelope(relative).error;
  expect(error?.code).toBe("INVALID_INPUT");
  expect(error?.message).toContain("EXO_STATE_DIR must be an absolute folder");
  expect(error?.details.issues[0]).toMatchObject({ path: "EXO_STATE_DIR", code: "path_unsafe" });
  expectNoStack(relative);
});
