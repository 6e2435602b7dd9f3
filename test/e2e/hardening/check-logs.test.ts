// Check logs keep no secrets and are private to the machine (issue #18).
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo } from "../../helpers/repo.js";
import { writeTickets } from "../../helpers/tickets.js";

test("a check that prints tokens and environment secrets leaves a redacted 0600 log", async () => {
  const repo = await initRepo({ "leak.mjs": 'console.log("ghp_abcdefghijklmnopqrstuvwxyz0123456789 postgres://u:pw-very-secret@h/db " + process.env.DEPLOY_TOKEN);\n' });
  await writeTickets(repo, [{ id: "T1" }]);
  const cfg = join(repo, ".exo/config.yaml");
  await writeFile(cfg, (await readFile(cfg, "utf8")).replace("allowlist: []", 'allowlist: ["node leak.mjs"]'));
  expect(envelope(await exo(repo, "compose")).ok).toBe(true);
  expect((await exo(repo, "ticket-update", "T1", "--check", "node leak.mjs")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "setup");
  const run = envelope(await exo(repo, "check", "--ticket-id", "T1", { env: { DEPLOY_TOKEN: "dt-0123456789abcdef" } }));
  expect(run.ok).toBe(true);
  const result = run.data.results[0];
  const log = await readFile(join(repo, result.log), "utf8");
  for (const secret of ["ghp_abcdefghijklmnopqrstuvwxyz0123456789", "pw-very-secret", "dt-0123456789abcdef"]) {
    expect(log).not.toContain(secret);
    expect(result.stdout_tail).not.toContain(secret);
  }
  expect(log).toContain("[REDACTED:github_token]");
  expect((await stat(join(repo, result.log))).mode & 0o777).toBe(0o600);
  expect((await stat(join(repo, result.log, ".."))).mode & 0o777).toBe(0o700);
});
