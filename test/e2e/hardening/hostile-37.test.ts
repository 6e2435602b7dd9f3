// Round 37 of hostile state and races: a ticket zeroed under a suspended session, and more (see
// docs/hardening.md). Each case failed before its fix.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, pasted } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

type Section = { name: string; status: string; message: string; hint: string | null; fixable: boolean; details: Record<string, unknown> };
const section = (run: { stdout: string }, name: string) => (envelope(run as never).data.sections as Section[]).find((s) => s.name === name);

test("a ticket file zeroed by a crash under a suspended session: exo doctor --fix --section tickets checks git's copy out and makes it paused again, as the suspend left it, and the resume and finish work (before: it came back as committed, todo, under the suspended session)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-suspend", "--reason", "lunch", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const ticket = join(repo, ".exo/tickets/T1.yaml");
  writeFileSync(ticket, Buffer.alloc(readFileSync(ticket).length));
  const check = await bounded(repo, ["doctor", "--section", "tickets"], 20_000);
  const hint = section(check, "tickets")?.hint ?? "";
  expect(hint, check.stdout).toBe("exo doctor --fix --section tickets");
  const fixed = pasted(repo, hint);
  expect(fixed).toContain("paused again for SES-");
  expect(envelope(await bounded(repo, ["ticket-show", "T1"], 15_000)).data.ticket.status).toBe("paused");
  const doctor = await bounded(repo, ["doctor"], 30_000);
  expect(section(doctor, "integrity")?.status, doctor.stdout).toBe("pass");
  expect(envelope(await bounded(repo, ["session-resume", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).data.valid).toBe(true);
}, 120_000);
