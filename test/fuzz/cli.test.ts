// No INTERNAL from the CLI (issue #18): garbage in any repository or state file and garbage flag
// values give a coded error or a report — never INTERNAL, always one JSON envelope.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo } from "../helpers/repo.js";
import { writeTickets } from "../helpers/tickets.js";

// Default suite: one garbage file per target; npm run test:fuzz sets FUZZ_CLI_RUNS higher.
const RUNS = Number(process.env["FUZZ_CLI_RUNS"] ?? 1);
const COMMANDS = process.env["FUZZ_CLI_RUNS"] ? [["status"], ["doctor"], ["session-start", "--ticket-id", "T1"], ["tickets"]] : [["doctor"], ["session-start", "--ticket-id", "T1"]];
const SEED = Number(process.env["FUZZ_SEED"] ?? 18);

const TARGETS = [
  ".exo/config.yaml",
  ".exo/constitution.yaml",
  ".exo/tickets/T1.yaml",
  ".exo/governance.lock.json",
  ".exo/policy.sealed.json",
  ".exo/sessions/SES-20260101-000000-AAAAAA.json",
  ".exo/locks/T1.json",
  ".exo/handoffs/T1.json",
  ".exo/cache/guards/compose.guard",
  ".exo/cache/ledger/writers.json",
];
const garbage = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom("", " ", "\n", "null", "[]", "{}", "0", '{"__proto__":{"x":1}}', "a: &a [*a]", "\u0000\u0001", "{".repeat(500), "- - - -"),
);

test("garbage in state and repository files never ends in INTERNAL", async () => {
  const repo = await initRepo();
  await writeTickets(repo, [{ id: "T1" }]);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "tickets");
  const seen: string[] = [];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...TARGETS), garbage, async (target, text) => {
      git(repo, "checkout", "-q", "--", ".exo");
      git(repo, "clean", "-qfdx", "--", ".exo");
      const file = join(repo, target);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
      for (const args of COMMANDS) {
        const run = await exo(repo, ...args, { env: { EXO_ACTOR: "agent:fuzz" } });
        const env = envelope(run);
        seen.push(env.ok ? "ok" : (env.error?.code ?? "?"));
        expect(env.error?.code, `${target} ← ${JSON.stringify(text).slice(0, 80)}: exo ${args.join(" ")}\n${run.stdout.slice(0, 400)}`).not.toBe("INTERNAL");
        expect(run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
      }
    }),
    { numRuns: RUNS * TARGETS.length, seed: SEED },
  );
  expect(seen.length).toBeGreaterThan(0);
}, 900_000);

test("garbage flag values never end in INTERNAL", async () => {
  const repo = await initRepo();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom("ticket-show", "ticket-create", "session-start", "next", "ledger-show", "doctor"), fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("--help", "--ticket-id", "--limit", "-1", "--since", "NaN", "--section", "--", "--fix", "--owner")), { maxLength: 4 }), async (command, args) => {
      const run = await exo(repo, command, ...args.filter((a) => !a.includes("\u0000")));
      if (run.stdout.startsWith("{")) expect(envelope(run).error?.code, `${command} ${JSON.stringify(args)}`).not.toBe("INTERNAL");
      expect(run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    }),
    { numRuns: RUNS * 8, seed: SEED },
  );
}, 900_000);
