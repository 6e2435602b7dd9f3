// Black-box checks from the round-25 audit: §13's acceptance scenarios run as written, then the
// SPEC sections the earlier rounds covered least (§5.1 global flags, §7.8 leases, §7.13
// suspend/resume/handoff, §7.14 scan and cleanup, §7.15 changed files and drift, §7.17 ledger,
// §7.19 pr-check, §7.21 intents, §7.25 install and scan, §7.28 trace tags, §8.4–§8.6 hooks, §8.9
// traces, §8.10 sandbox policy, §8.12 CI workflow, §9.3 library API, §10 codes and exit codes).
// Each test fails on the behaviour before its fix.
import { expect, test } from "vitest";
import { envelope, exo, initRepo } from "../../helpers/repo.js";

test("§5.1 --version after the command is the global flag, as --help is: `exo status --version` prints the version, exit 0, and `--format json` gives the envelope (before: USAGE_ERROR \"Unknown option --version for exo status; did you mean --version?\")", async () => {
  const repo = await initRepo();
  const human = await exo(repo, "status", "--version", { json: false });
  expect(human.code, human.stderr).toBe(0);
  expect(human.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  const short = await exo(repo, "ticket-show", "-V");
  expect(short.code, short.stdout).toBe(0);
  expect(envelope(short)).toEqual({ ok: true, data: { version: human.stdout.trim() } });
});
