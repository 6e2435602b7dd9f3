// A pull request that edits .exo/config.yaml must never run code: every corpus value is refused
// as CONFIG_INVALID by the commands that would pass it to git, and the marker file never appears.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, tempRepo } from "../../helpers/repo.js";
import { commitTickets } from "../../helpers/tickets.js";
import { injectionCorpus } from "../../fixtures/hardening/injection-corpus.js";

test("injection corpus: next and session-start refuse with CONFIG_INVALID; no marker file", async () => {
  const origin = await tempRepo();
  const repo = await initRepo();
  git(repo, "remote", "add", "origin", origin);
  await commitTickets(repo, [{ id: "T1" }]);
  const marker = join(repo, "..", `exo-marker-${Date.now()}`);
  const base = await readFile(join(repo, ".exo/config.yaml"), "utf8");
  const cases = injectionCorpus(marker);
  for (const c of cases) {
    const text = base.replace("locks:\n", "locks:\n  distributed: true\n").replace("  distributed: false\n", "").replace("auto_branch: false", "auto_branch: true").replace("git:\n", `git:\n  ${c.git}\n`);
    // The case's key replaces the default one (YAML refuses duplicate keys; drop the default line).
    const key = c.git.split(":")[0] as string;
    const lines = text.split("\n");
    const firstDefault = lines.findIndex((l, i) => i > 1 && l.startsWith(`  ${key}:`) && l !== `  ${c.git}`);
    if (firstDefault >= 0) lines.splice(firstDefault, 1);
    await writeFile(join(repo, ".exo/config.yaml"), lines.join("\n"));
    for (const args of [["next", "--owner", "alice"], ["session-start", "--ticket-id", "T1"]]) {
      const run = await exo(repo, ...args, { env: { EXO_ACTOR: "agent:x" } });
      const env = envelope(run);
      expect(env.ok, `${c.name}: ${args[0]}`).toBe(false);
      expect(env.error?.code, `${c.name}: ${args[0]} ${run.stdout}`).toBe("CONFIG_INVALID");
      expect(existsSync(marker), c.name).toBe(false);
    }
  }
  // The repository is still diagnosable: config-validate names the key.
  const validate = envelope(await exo(repo, "config-validate"));
  expect(validate.ok).toBe(false);
  expect(JSON.stringify(validate)).toMatch(/unsafe_value/);
}, 600_000);
