// Black-box checks from the round-28 audit: round 27's found-not-fixed first (compose collecting
// every issue across a broken constitution or config, §7.16.1 step 1; a memento's feature
// violations with §6.8's severity and line), then §13's scenarios run as written and the SPEC
// sections the earlier rounds covered least (§7.8 leases, §7.13 suspend/resume/handoff, §7.14
// liveness, §7.15 changed files and drift, §7.17 ledger, §7.19 pr-check, §7.21 intents, §7.25
// install and scan, §7.26 trailers, §7.28 trace tags, §8.4–§8.6 hooks, §8.9 traces, §8.10 sandbox
// policy, §8.12 CI workflow, §9.3 library API, §10 codes and Appendix A). Each test fails on the
// behaviour before its fix.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { parse } from "yaml";
import { coded, envelope, exo, git, initRepo, writeFiles } from "../../helpers/repo.js";

const codesOf = (issues: { code: string; path: string }[]) => issues.map((i) => `${i.code}@${i.path}`);

test("§7.16.1 compose lists every issue: a require_checks command missing from the allowlist is reported beside a constitution issue, and an allowlist entry with shell operators beside a config schema issue (before: neither, their checks ran on parsed files only)", async () => {
  const repo = await initRepo();
  const constitution = await readFile(join(repo, ".exo", "constitution.yaml"), "utf8");
  const config = await readFile(join(repo, ".exo", "config.yaml"), "utf8");
  const withChecks = constitution.replace("budgets:", "  - id: RULE-CHK-001\n    type: require_checks\n    checks: [\"npm test\"]\nbudgets:");
  // A constitution issue (an unknown top-level key) beside the missing check.
  await writeFiles(repo, { ".exo/constitution.yaml": `${withChecks}extra: 1\n` });
  const one = coded(await exo(repo, "compose"), "CONSTITUTION_INVALID", 2);
  expect(codesOf(one.error?.details.issues)).toEqual(expect.arrayContaining(["unknown_key@extra", "check_not_allowed@rules.5.checks.0"]));
  // A config schema issue beside an allowlist entry with shell operators.
  await writeFiles(repo, {
    ".exo/constitution.yaml": constitution,
    ".exo/config.yaml": config.replace("allowlist: []", 'allowlist: ["npm test && rm -rf /"]').replace("timeout_seconds: 900", "timeout_seconds: -5"),
  });
  const two = coded(await exo(repo, "compose"), "CONFIG_INVALID", 2);
  expect(codesOf(two.error?.details.issues)).toEqual(expect.arrayContaining(["check_invalid@checks.allowlist.0"]));
  expect(two.error?.details.issues.length).toBeGreaterThanOrEqual(2);
  expect(two.error?.details.issues.find((i: { code: string }) => i.code === "check_invalid")).toMatchObject({ file: ".exo/config.yaml" });
});

test("§6.8/§4.9 a memento's features.violations entries carry §6.8's keys in its order (code, severity, path, line, feature, message): an unknown tag with its line and error severity, a locked feature edit as a warning with line null (before: severity and line were left out)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "a", "--id", "T1", "--scope-allow", "src/**"));
  await writeFiles(repo, { ".exo/features.yaml": 'version: 1\nfeatures:\n  - id: auth\n    title: Auth\n    files: ["src/auth/legacy/**"]\n    allow_agent_edit: false\n' });
  envelope(await exo(repo, "compose"));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "features");
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:a" } })).ok).toBe(true);
  await writeFiles(repo, { "src/auth/legacy/old.ts": "x\n// @feature:ghost\ny\n" });
  const fin = envelope(await exo(repo, "session-finish", "--summary", "touched legacy", "--skip-check", "--break-glass-reason", "test", { env: { EXO_ACTOR: "agent:a" } }));
  expect(fin.ok).toBe(true);
  const text = await readFile(join(repo, fin.data.memento_path), "utf8");
  const memento = parse(text.split("\n---\n")[0]!.replace(/^---\n/, "")) as { features: { violations: Record<string, unknown>[] } };
  const spec = ["code", "severity", "path", "line", "feature", "message"];
  for (const v of memento.features.violations) expect(Object.keys(v)).toEqual(spec);
  expect(memento.features.violations).toEqual(expect.arrayContaining([
    expect.objectContaining({ code: "unknown_feature", severity: "error", path: "src/auth/legacy/old.ts", line: 2, feature: "ghost" }),
    expect.objectContaining({ code: "locked_feature_edit", severity: "warning", path: "src/auth/legacy/old.ts", line: null, feature: "auth" }),
  ]));
});
