// Input limits (issue #18): oversized messages, too many patterns, ReDoS-shaped and brace-bomb
// globs are refused with coded errors; ticket-show --help is help, not an id.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";

test("oversized flag values, pattern floods and ReDoS globs are coded errors", async () => {
  const repo = await initRepo();
  const big = envelope(await exo(repo, "ticket-create", "big", "--description", "x".repeat(100_000)));
  expect(big.error?.code).toBe("INVALID_INPUT");
  expect(big.error?.details.issues[0]).toMatchObject({ path: "description", code: "too_large" });
  const file = join(repo, ".exo/constitution.yaml");
  const original = await readFile(file, "utf8");
  const rule = (patterns: string[]) => `${original.replace(/\nbudgets:/, `\n  - id: RULE-X-001\n    type: filesystem_deny\n    patterns: ${JSON.stringify(patterns)}\n    actions: [write]\nbudgets:`)}`;
  for (const [patterns, issue] of [
    [Array.from({ length: 10_000 }, (_, i) => `gen/${i}/**`), "too_large"],
    [["+(a|aa)+(a|aa)"], "glob_invalid"],
    [["*(*(*(a)))"], "glob_invalid"],
    [["{1..1000000}"], "glob_invalid"],
    [["{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"], "glob_invalid"],
  ] as [string[], string][]) {
    await writeFile(file, rule(patterns));
    const run = envelope(await exo(repo, "compose"));
    expect(run.error?.code, patterns[0]).toBe("CONSTITUTION_INVALID");
    expect(JSON.stringify(run.error?.details), patterns[0]).toContain(issue);
  }
  await writeFile(file, original);
  expect(envelope(await exo(repo, "compose")).ok).toBe(true);
});

test("ticket-show --help prints help, never looks up an id", async () => {
  const repo = await initRepo();
  const run = await exo(repo, "ticket-show", "--help", { json: false });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Usage: exo ticket-show/);
  expect(run.stdout + run.stderr).not.toMatch(/TICKET_NOT_FOUND|not found/i);
});
