// Round 30 of hostile state and races: an EXO_NOW the write hook took unchecked, and more (see
// docs/hardening.md). Each case failed before its fix.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { decision, fixture, hook, claudeSessionRepo } from "../../helpers/hooks.js";

test("an EXO_NOW that is no timestamp left set where the agent runs: the write hook denies naming EXO_NOW and records its decision (before: 'T1 has no live lock (it expired). Renew it with exo lease-heartbeat', which fails on the same EXO_NOW, and the ledger record failed 'Invalid time value'; a date alone froze the hook's clock while every command refused it)", async () => {
  const repo = await claudeSessionRepo({ "src/auth/a.ts": "a\n" });
  const payload = await fixture("claude-pretooluse-write.json", repo, (p) => {
    (p["tool_input"] as Record<string, unknown>)["file_path"] = join(repo, "src/auth/a.ts");
  });
  const fine = await hook(repo, "claude", "PreToolUse", payload, { EXO_ACTOR: "agent:claude" });
  expect(decision(fine)?.decision ?? "allow").toBe("allow");
  for (const now of ["garbage", "2026-12-06"]) {
    const run = await hook(repo, "claude", "PreToolUse", payload, { EXO_ACTOR: "agent:claude", EXO_NOW: now });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("could not record");
    const d = decision(run);
    expect(d?.decision).toBe("deny");
    expect(d?.reason).toContain(`EXO_NOW is set to "${now}"`);
    expect(d?.reason).toContain("unset EXO_NOW");
    expect(d?.reason).not.toContain("expired");
  }
  const ledger = readdirSync(join(repo, ".exo/ledger")).filter((n) => n.endsWith(".jsonl")).map((n) => readFileSync(join(repo, ".exo/ledger", n), "utf8")).join("");
  expect(ledger.match(/EXO_NOW is set to/g)?.length).toBe(2);
});
