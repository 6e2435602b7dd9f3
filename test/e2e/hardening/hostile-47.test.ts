// Round 47 of hostile state and races: a sidecar-init killed at each of its steps, … (see
// docs/hardening.md). Each case failed before its fix.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, exo, git, pasted } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";
import { CRASH_STEPS } from "../../../src/io/crash.js";

const NO_TRACE = /\n\s+at .*\.c?js:\d+/;

test("exo sidecar-init killed at each of its steps: status names the interrupted init, and sidecar-init run again finishes it from the moved-aside state, nothing left behind (before: no crash steps; a kill after the move left .exo gone, status said git checkout HEAD -- .exo, and the next sidecar-init set up an empty governance, the state left in .exo.pre-sidecar-…)", async () => {
  const steps = CRASH_STEPS["sidecar-init"];
  expect(steps.length).toBe(8);
  const outcomes: string[] = [];
  const one = async (step: number) => {
    const repo = await repoWithTicket();
    expect(envelope(await exo(repo, "ticket-create", "do y", "--id", "T2", "--scope-allow", "lib/**")).ok).toBe(true);
    git(repo, "add", "--all");
    git(repo, "commit", "-q", "-m", "T2");
    const crashed = await bounded(repo, ["sidecar-init"], 30_000, { EXO_TEST_CRASH_AT: `sidecar-init:${step}` });
    expect(crashed.stderr, `step ${step}`).toContain(`EXO_TEST_CRASH_AT reached sidecar-init:${step} (${steps[step - 1]})`);
    const status = await bounded(repo, ["status"], 15_000);
    expect(`${status.stdout}${status.stderr}`).not.toMatch(NO_TRACE);
    const said = envelope(status);
    if (!said.ok) {
      expect(said.error?.code, `step ${step}`).toBe("NOT_INITIALIZED");
      expect(said.error?.hint, `step ${step}: ${said.error?.message}`).toBe("exo sidecar-init");
    }
    outcomes.push(`${step}: ${said.ok ? "status ok" : said.error?.message}`);
    pasted(repo, "exo sidecar-init");
    expect(readdirSync(repo).filter((n) => n.startsWith(".exo")), `step ${step}`).toEqual([".exo"]);
    const exoDir = join(repo, ".exo");
    expect(git(exoDir, "symbolic-ref", "--short", "HEAD").trim()).toBe("exo-governance");
    expect(git(exoDir, "ls-files", "--", "tickets").trim().split("\n").sort(), `step ${step}`).toEqual(["tickets/T1.yaml", "tickets/T2.yaml"]);
    expect(git(exoDir, "status", "--porcelain", "--untracked-files=all").trim(), `step ${step}`).toBe("");
    expect(git(repo, "status", "--porcelain", "--untracked-files=all").trim(), `step ${step}`).toBe("");
    expect(git(repo, "ls-files", "--", ".exo").trim()).toBe("");
    expect(readFileSync(join(repo, ".gitignore"), "utf8").split("\n")).toContain("/.exo/");
    expect(envelope(await exo(repo, "ledger-verify")).data.valid, `step ${step}`).toBe(true);
    const start = envelope(await bounded(repo, ["session-start", "--ticket-id", "T2", "--actor", "agent:a"], 15_000));
    expect(start.ok, `step ${step}: ${JSON.stringify(start.error)}`).toBe(true);
    expect(existsSync(join(exoDir, "config.yaml"))).toBe(true);
  };
  for (let step = 1; step <= steps.length; step += 2) await Promise.all([one(step), ...(step + 1 <= steps.length ? [one(step + 1)] : [])]);
  console.log(outcomes.sort().join("\n"));
}, 300_000);
