import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, tempRepo } from "../../helpers/repo.js";

const GITIGNORE = "# exo: ephemeral state, never committed\n/sessions/\n/locks/\n/cache/\n/logs/\n/traces/\n";

test("init on a fresh repo creates the SPEC layout and a verifying lock", async () => {
  const repo = await tempRepo();
  const run = await exo(repo, "init");
  expect(run.code).toBe(0);
  const env = envelope(run);
  expect(env.ok).toBe(true);
  expect(env.data.created).toEqual(
    expect.arrayContaining([".exo/.gitignore", ".exo/constitution.yaml", ".exo/config.yaml", ".exo/governance.lock.json", ".exo/policy.sealed.json"]),
  );
  expect(env.data.lock.version).toBe(1);
  expect(await readFile(join(repo, ".exo/.gitignore"), "utf8")).toBe(GITIGNORE);
  const lock = JSON.parse(await readFile(join(repo, ".exo/governance.lock.json"), "utf8"));
  expect(lock.format).toBe("exo.governance-lock/1");
  expect(lock.prev_lock_sha256).toBeNull();
  expect(lock.history).toEqual([]);
  expect(lock.reason).toBe("init");
  const status = envelope(await exo(repo, "status"));
  expect(status.data.governance.status).toBe("valid");
});

test("a second init keeps a user-edited constitution", async () => {
  const repo = await tempRepo();
  await exo(repo, "init");
  const file = join(repo, ".exo/constitution.yaml");
  const edited = (await readFile(file, "utf8")).replace('name: "', 'name: "edited ');
  await writeFile(file, edited);
  const run = await exo(repo, "init");
  expect(run.code).toBe(0);
  expect(envelope(run).data.existing).toContain(".exo/constitution.yaml");
  expect(await readFile(file, "utf8")).toBe(edited);
  // The edit is a legitimate change: init recomposed it into version 2.
  expect(envelope(run).data.lock.version).toBe(2);
});

test("init --scan uses the scan; --example adds an intent and a child task", async () => {
  const repo = await tempRepo({ "go.mod": "module x\n" });
  const env = envelope(await exo(repo, "init", "--scan", "--example"));
  expect(env.ok).toBe(true);
  expect(await readFile(join(repo, ".exo/config.yaml"), "utf8")).toMatch(/allowlist: \["go test \.\/\.\.\.", "go vet \.\/\.\.\."\]/);
  const tickets = envelope(await exo(repo, "tickets"));
  expect(tickets.data.tickets.map((t: { kind: string }) => t.kind).sort()).toEqual(["intent", "task"]);
});

test("status reports stale adapters after a governance change", async () => {
  const repo = await tempRepo();
  await exo(repo, "install", "--no-hooks");
  expect(envelope(await exo(repo, "status")).data.adapters).toEqual([]);
  const file = join(repo, ".exo/constitution.yaml");
  await writeFile(file, (await readFile(file, "utf8")).replace("max_loc: 400", "max_loc: 401"));
  await exo(repo, "compose");
  expect(envelope(await exo(repo, "status")).data.adapters).toEqual(expect.arrayContaining([{ target: "claude", status: "stale" }]));
});
