// The hook remembers a verified seal by the policy file's stamp (src/hooks/sealed-policy.ts): a
// warm allowed call loads no node:crypto, and any edit of the policy, even one that keeps its
// size, inode and modification time, is hashed again and caught.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { claudeSessionRepo, decision, fixture, hook } from "../../helpers/hooks.js";
import { envelope, exo } from "../../helpers/repo.js";

/** Rewrite a file's bytes in place (same inode), then set its modification time back to the nanosecond. */
async function editInPlace(file: string, edit: (text: string) => string): Promise<void> {
  const reference = `${file}.times`;
  execFileSync("cp", ["-p", file, reference]);
  const before = await stat(file, { bigint: true });
  const text = await readFile(file, "utf8");
  const changed = edit(text);
  expect(Buffer.byteLength(changed)).toBe(Buffer.byteLength(text));
  const handle = await open(file, "r+");
  await handle.write(changed, 0, "utf8");
  await handle.close();
  execFileSync("touch", ["-r", reference, file]);
  await rm(reference);
  const after = await stat(file, { bigint: true });
  expect([after.ino, after.size, after.mtimeNs]).toEqual([before.ino, before.size, before.mtimeNs]);
}

/** Wait until the file's last change is more than 3 s old. */
async function settle(file: string): Promise<void> {
  const changed = (await stat(file)).ctimeMs;
  await new Promise((r) => setTimeout(r, Math.max(0, changed + 3100 - Date.now())));
}

test("a verified seal is remembered by the policy file's stamp; an in-place edit that keeps size, inode and mtime is still caught", async () => {
  const repo = await claudeSessionRepo({ "src/auth/login.ts": "a\n" });
  const env = { EXO_ACTOR: "agent:claude" };
  const inside = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/src/auth/new.ts`));
  const policy = join(repo, ".exo/policy.sealed.json");
  const cache = join(repo, ".exo/cache/seal-verified.json");
  const seal = (JSON.parse(await readFile(policy, "utf8")) as { seal_sha256: string }).seal_sha256;

  // A policy changed less than 3 s ago is hashed and not remembered (a filesystem with a clock in
  // whole seconds could keep the stamp across a second write within the same tick).
  await chmod(policy, (await stat(policy)).mode); // moves the change time to now, bytes unchanged
  const young = await hook(repo, "claude", "PreToolUse", inside, env);
  expect([young.code, decision(young)]).toEqual([0, null]);
  expect(existsSync(cache)).toBe(false);
  await settle(policy);

  // Settled: the first call hashes and remembers.
  const first = await hook(repo, "claude", "PreToolUse", inside, env);
  expect([first.code, decision(first)]).toEqual([0, null]);
  const remembered = JSON.parse(await readFile(cache, "utf8")) as { format: string; verified: string };
  expect(remembered.format).toBe("exo.seal-verified/1");
  expect(remembered.verified.endsWith(` ${seal}`)).toBe(true);

  // A warm allowed call decides without node:crypto, also for a file the session has not touched
  // yet (recorded under a guard, whose token and temp file names need no crypto either).
  const fresh = await fixture("claude-pretooluse-write.json", repo, (p) => ((p["tool_input"] as Record<string, string>)["file_path"] = `${repo}/src/auth/fresh.ts`));
  const probe = await mkdtemp(join(tmpdir(), "exo-probe-"));
  onTestFinished(() => rm(probe, { recursive: true, force: true }));
  const loaded = join(probe, "modules.txt");
  await writeFile(join(probe, "probe.cjs"), `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(loaded)}, process.moduleLoadList.join("\\n")));\n`);
  const warm = await hook(repo, "claude", "PreToolUse", fresh, { ...env, NODE_OPTIONS: `--require ${join(probe, "probe.cjs")}` });
  expect([warm.code, decision(warm)]).toEqual([0, null]);
  const modules = (await readFile(loaded, "utf8")).split("\n");
  expect(modules).toContain("NativeModule fs"); // the probe ran
  expect(modules.filter((m) => m.includes("crypto"))).toEqual([]);
  const sessions = join(repo, ".exo/sessions");
  const touched = (await readdir(sessions)).find((f) => f.endsWith(".touched"));
  expect(await readFile(join(sessions, touched ?? "none"), "utf8")).toContain("src/auth/fresh.ts");

  // Same size, same inode, same mtime, other bytes: the change time moved, so the seal is hashed.
  await editInPlace(policy, (t) => t.replace('"strict"', '"strIct"'));
  const edited = await hook(repo, "claude", "PreToolUse", inside, env);
  expect(decision(edited)?.reason).toMatch(/seal mismatch/);
  expect(JSON.parse(await readFile(cache, "utf8"))).toEqual(remembered); // a failed check is not remembered
  // The ledger names the seal the file claims and the one its bytes give (SPEC §4.11.2).
  const [tamper] = envelope(await exo(repo, "ledger-show", "--type", "governance.tamper_detected")).data.records;
  const claimed = JSON.parse(await readFile(policy, "utf8")).seal_sha256 as string;
  expect(tamper.data).toMatchObject({ file: ".exo/policy.sealed.json", problem: "seal_hash_mismatch", expected: claimed });
  expect(tamper.data.actual).toMatch(/^[0-9a-f]{64}$/);
  expect(tamper.data.actual).not.toBe(claimed);

  // Put back: hashed again and valid, not remembered while the change is young.
  await editInPlace(policy, (t) => t.replace('"strIct"', '"strict"'));
  const restored = await hook(repo, "claude", "PreToolUse", inside, env);
  expect([restored.code, decision(restored)]).toEqual([0, null]);
  expect(JSON.parse(await readFile(cache, "utf8"))).toEqual(remembered);

  // A cache naming another seal for this very stamp is not taken: the file's own seal must match.
  const [stamp] = remembered.verified.split(" ");
  await editInPlace(policy, (t) => t.replace('"strict"', '"strIct"'));
  const now = await stat(policy, { bigint: true });
  const forgedStamp = `${now.dev}:${now.ino}:${now.size}:${now.mtimeNs}:${now.ctimeNs}`;
  expect(forgedStamp).not.toBe(stamp);
  await writeFile(cache, JSON.stringify({ format: "exo.seal-verified/1", verified: `${forgedStamp} ${"0".repeat(64)}` }));
  const forged = await hook(repo, "claude", "PreToolUse", inside, env);
  expect(decision(forged)?.reason).toMatch(/seal mismatch/);
});
