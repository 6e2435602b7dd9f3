// Round 11: files a pull brings (symlinks, folders, look-alikes) and racing clones.
import { existsSync } from "node:fs";
import { readdir, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, tempDir } from "../../helpers/repo.js";

test("ledger segments that are symlinks (to /dev/zero, to a path outside) are reported, never read or written through", async () => {
  const repo = await initRepo();
  const outside = await tempDir();
  const [own] = (await readdir(join(repo, ".exo/ledger"))).filter((n) => n.endsWith(".jsonl"));
  // A pull replaces this clone's own segment with a dangling link outside and adds one to /dev/zero.
  await rm(join(repo, ".exo/ledger", own as string));
  await symlink(join(outside, "planted.jsonl"), join(repo, ".exo/ledger", own as string));
  await symlink("/dev/zero", join(repo, ".exo/ledger/evil.main.abcdefgh.jsonl"));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "hostile pull");
  // The registry still names that segment as this clone's; its tail cache is gone (git clean -X).
  await rm(join(repo, ".exo/cache/ledger", (own as string).replace(/\.jsonl$/, ".tail.json")));
  const started = Date.now();
  const verify = envelope(await exo(repo, "ledger-verify"));
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(verify.error?.code).toBe("LEDGER_INVALID");
  expect(verify.data.errors.map((e: { code: string }) => e.code).sort()).toEqual(["not_a_file", "not_a_file"]);
  expect((await exo(repo, "ticket-create", "one", "--id", "T1")).code).toBe(0);
  expect(existsSync(join(outside, "planted.jsonl"))).toBe(false);
  const doctor = envelope(await exo(repo, "doctor", "--section", "ledger"));
  expect(doctor.data.sections[0].message).toMatch(/symlink or a folder/);
});
