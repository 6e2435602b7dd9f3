import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { reseal } from "../../helpers/canon.js";
import { envelope, exo, git, initRepo } from "../../helpers/repo.js";

async function editConstitution(repo: string, edit: (text: string) => string): Promise<void> {
  const file = join(repo, ".exo/constitution.yaml");
  await writeFile(file, edit(await readFile(file, "utf8")));
}

test("compose is a no-op when nothing changed", async () => {
  const repo = await initRepo();
  const before = await readFile(join(repo, ".exo/governance.lock.json"), "utf8");
  const run = envelope(await exo(repo, "compose"));
  expect(run.ok).toBe(true);
  expect(run.data.changed).toBe(false);
  expect(run.data.status_before).toBe("valid");
  expect(await readFile(join(repo, ".exo/governance.lock.json"), "utf8")).toBe(before);
});

test("a constitution edit is a pending change; compose links a new lock to the previous one", async () => {
  const repo = await initRepo();
  const v1 = JSON.parse(await readFile(join(repo, ".exo/governance.lock.json"), "utf8"));
  await editConstitution(repo, (t) => t.replace("max_files: 12", "max_files: 10"));
  const status = await exo(repo, "status");
  expect(status.code).toBe(0);
  expect(envelope(status).data.governance.status).toBe("stale");
  const composed = envelope(await exo(repo, "compose"));
  expect(composed.data).toMatchObject({ changed: true, status_before: "stale", version: 2, prev_lock_sha256: v1.lock_sha256 });
  const v2 = JSON.parse(await readFile(join(repo, ".exo/governance.lock.json"), "utf8"));
  expect(v2.history).toEqual([{ version: 1, lock_sha256: v1.lock_sha256, compiled_at: v1.compiled_at }]);
  expect(v2.budgets.default.max_files).toBe(10);
  expect(envelope(await exo(repo, "status")).data.governance.status).toBe("valid");
});

test("a hand-edited lock is tampered, distinct from a pending change, and compose refuses", async () => {
  const repo = await initRepo();
  const file = join(repo, ".exo/governance.lock.json");
  const lock = JSON.parse(await readFile(file, "utf8"));
  lock.rules = lock.rules.filter((r: { id: string }) => r.id !== "RULE-SEC-001");
  await writeFile(file, `${JSON.stringify(lock, null, 2)}\n`);
  expect(envelope(await exo(repo, "status")).data.governance.status).toBe("tampered");
  const run = await exo(repo, "compose");
  expect(run.code).toBe(1);
  expect(envelope(run).error?.code).toBe("GOVERNANCE_TAMPERED");
  expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
  // A start refuses and records what the lock claims and what it hashes to (SPEC §4.11.2).
  await exo(repo, "ticket-create", "t", "--id", "T1");
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1")).error?.code).toBe("GOVERNANCE_TAMPERED");
  const [record] = envelope(await exo(repo, "ledger-show", "--type", "governance.tamper_detected")).data.records;
  expect(record.data).toMatchObject({ file: ".exo/governance.lock.json", problem: "lock_hash_mismatch", expected: lock.lock_sha256 });
  expect(record.data.actual).toMatch(/^[0-9a-f]{64}$/);
  expect(record.data.actual).not.toBe(lock.lock_sha256);
});

test("a weakened seal re-hashed by hand is tampered; compose --repair restores a verifying chain", async () => {
  const repo = await initRepo();
  const file = join(repo, ".exo/policy.sealed.json");
  const seal = JSON.parse(await readFile(file, "utf8"));
  seal.deny = [];
  // Re-seal by hand with the same canonical hash the tool uses.
  await writeFile(file, `${JSON.stringify(reseal(seal, "seal_sha256"), null, 2)}\n`);
  expect(envelope(await exo(repo, "status")).data.governance.status).toBe("tampered");
  const repaired = await exo(repo, "compose", "--repair");
  expect(repaired.code).toBe(0);
  const [record] = envelope(await exo(repo, "ledger-show", "--type", "governance.tamper_detected")).data.records;
  expect(record.data).toMatchObject({ file: ".exo/policy.sealed.json", problem: "seal_content_mismatch" });
  expect(record.data.expected).toMatch(/^[0-9a-f]{64}$/);
  expect(record.data.actual).toMatch(/^[0-9a-f]{64}$/);
  expect(record.data.actual).not.toBe(record.data.expected);
  expect(envelope(await exo(repo, "status")).data.governance.status).toBe("valid");
  const restored = JSON.parse(await readFile(file, "utf8"));
  expect(restored.deny.length).toBeGreaterThan(0);
});

test("a self-consistent lock whose history omits the committed version is tampered", async () => {
  const repo = await initRepo();
  const file = join(repo, ".exo/governance.lock.json");
  // Commit v2, then forge a fresh v1 chain with different rules.
  await editConstitution(repo, (t) => t.replace("max_loc: 400", "max_loc: 300"));
  await exo(repo, "compose");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "v2");
  await editConstitution(repo, (t) => t.replace("max_loc: 300", "max_loc: 200"));
  const forged = JSON.parse(await readFile(file, "utf8"));
  forged.version = 1;
  forged.history = [];
  forged.prev_lock_sha256 = null;
  await writeFile(file, `${JSON.stringify(reseal(forged, "lock_sha256"), null, 2)}\n`);
  expect(envelope(await exo(repo, "status")).data.governance.status).toBe("tampered");
});

test("config-validate lists every issue with file, line and column", async () => {
  const repo = await initRepo();
  await writeFile(
    join(repo, ".exo/constitution.yaml"),
    "version: 1\nrules:\n  - type: filesystem_deny\n    patterns: ['**/.env']\n  - id: RULE-X\n    type: teleport\n  - id: RULE-Y\n    type: filesystem_deny\n    patterns: ['../up/**']\n  - id: RULE-Z\n    type: filesystem_allow\n    patterns: ['src/**']\n    cancels: [RULE-NOPE]\n",
  );
  const run = await exo(repo, "config-validate");
  expect(run.code).toBe(1);
  const env = envelope(run);
  expect(env.error?.code).toBe("VALIDATION_FAILED");
  const codes = env.data.issues.map((i: { code: string }) => i.code);
  expect(codes).toEqual(expect.arrayContaining(["required", "unknown_type", "glob_invalid"]));
  const unknown = env.data.issues.find((i: { code: string }) => i.code === "unknown_type");
  expect(unknown).toMatchObject({ file: ".exo/constitution.yaml", path: "rules.1.type", line: 6 });
  // RULE-Z is the file's fourth rule, though the second one (RULE-X) did not parse.
  expect(env.data.issues.find((i: { code: string }) => i.code === "cancels_unknown")).toMatchObject({ path: "rules.3.cancels.0", line: 13 });
});

test("config-validate passes on the scaffold and warns on unknown config keys", async () => {
  const repo = await initRepo();
  expect((await exo(repo, "config-validate")).code).toBe(0);
  const file = join(repo, ".exo/config.yaml");
  await writeFile(file, `${await readFile(file, "utf8")}surprise: true\n`);
  const env = envelope(await exo(repo, "config-validate"));
  expect(env.ok).toBe(true);
  expect(env.data.issues).toEqual([expect.objectContaining({ code: "unknown_key", severity: "warning", path: "surprise" })]);
  // compose compiles it and warns CONFIG_UNKNOWN_KEY (SPEC §4.2), still succeeding.
  const composed = envelope(await exo(repo, "compose"));
  expect(composed.ok).toBe(true);
  expect(composed.warnings).toEqual([expect.objectContaining({ code: "CONFIG_UNKNOWN_KEY", message: expect.stringMatching(/surprise/) })]);
});
