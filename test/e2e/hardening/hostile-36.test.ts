// Round 36 of hostile state and races: a governance file linked out of the repository named and
// repaired by doctor, and more (see docs/hardening.md). Each case failed before its fix.
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, git, pasted } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

type Section = { name: string; status: string; message: string; hint: string | null; fixable: boolean; details: Record<string, unknown> };
const section = (run: { stdout: string }, name: string) => (envelope(run as never).data.sections as Section[]).find((s) => s.name === name);

test.each([".exo/config.yaml", ".exo/constitution.yaml", ".exo/governance.lock.json", ".exo/policy.sealed.json"])("%s made a symlink to a copy outside the repository by hand (git has the file itself): doctor names it in its config section, hint exo doctor --fix --section config, which removes the link, checks git's copy out and leaves the target alone; git_tracking does not offer to commit the link (before: doctor and doctor --fix failed as a whole, STATE_CORRUPT)", async (rel) => {
  const repo = await repoWithTicket();
  const outside = join(dirname(repo), `${repo.split("/").pop() ?? "repo"}-36-${rel.split("/").pop() ?? "file"}`);
  copyFileSync(join(repo, rel), outside);
  rmSync(join(repo, rel));
  symlinkSync(outside, join(repo, rel));
  try {
    const check = await bounded(repo, ["doctor"], 30_000);
    expect(envelope(check).error?.code, check.stdout).toBe("DOCTOR_FAILED");
    const config = section(check, "config");
    expect(config?.status).toBe("fail");
    expect(config?.message).toContain(`${rel} is a symlink to`);
    expect(config?.message).toContain("outside the repository, where git has the file itself");
    expect(config?.hint).toBe("exo doctor --fix --section config");
    expect(config?.fixable).toBe(true);
    expect(JSON.stringify(section(check, "git_tracking"))).not.toContain(rel);
    pasted(repo, config?.hint ?? "false");
    expect(lstatSync(join(repo, rel)).isFile()).toBe(true);
    expect(readFileSync(join(repo, rel), "utf8")).toBe(git(repo, "show", `HEAD:${rel}`));
    expect(existsSync(outside)).toBe(true);
    const again = await bounded(repo, ["doctor", "--section", "config"], 30_000);
    expect(section(again, "config")?.status, again.stdout).toBe("pass");
    expect(envelope(await bounded(repo, ["status"], 15_000)).ok).toBe(true);
  } finally {
    rmSync(outside, { force: true });
  }
}, 90_000);

/** repoWithTicket with T1 claimed by `exo next`: its segment holds records HEAD does not (uncommitted). */
async function claimedUncommitted(): Promise<{ repo: string; segment: string; committed: string }> {
  const repo = await repoWithTicket();
  const segment = git(repo, "ls-files", "--", ".exo/ledger").trim().split("\n")[0] ?? "";
  const committed = git(repo, "show", `HEAD:${segment}`);
  expect(envelope(await bounded(repo, ["next", "--owner", "agent:a"], 15_000)).ok).toBe(true);
  expect(readFileSync(join(repo, segment), "utf8").length).toBeGreaterThan(committed.length);
  return { repo, segment, committed };
}

test("a ledger segment zeroed by a crash while it held uncommitted records (a power cut, a full disk): doctor says --fix repairs it, and --fix sets the zeros aside and puts git's committed records back, so the ledger verifies and the next command appends again; ledger-verify's hint is that repair (before: ledger-verify hinted git diff, and --fix cut the zeros off as a torn line and then stopped on 'committed records from line 1 are missing', hint git diff)", async () => {
  const { repo, segment, committed } = await claimedUncommitted();
  writeFileSync(join(repo, segment), Buffer.alloc(readFileSync(join(repo, segment)).length));
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).error?.hint).toBe("exo doctor --fix --section ledger");
  const check = await bounded(repo, ["doctor", "--section", "ledger"], 20_000);
  expect(section(check, "ledger")?.fixable, check.stdout).toBe(true);
  expect(envelope(check).error?.hint).toBe("exo doctor --fix");
  const fix = await bounded(repo, ["doctor", "--fix"], 60_000);
  expect(JSON.stringify(envelope(fix).data.fixed)).toContain("put back the committed records of");
  expect(section(fix, "ledger")?.status, fix.stdout).toBe("pass");
  expect(readFileSync(join(repo, segment), "utf8")).toBe(committed);
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).data.valid).toBe(true);
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000);
  expect(envelope(start).ok, start.stdout).toBe(true);
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).data.valid).toBe(true);
}, 120_000);

test("a ledger segment emptied with uncommitted records in it (truncated to 0 bytes): ledger-verify's hint is exo doctor --fix --section ledger, which puts git's committed records back (before: hint git diff, and no repair)", async () => {
  const { repo, segment, committed } = await claimedUncommitted();
  writeFileSync(join(repo, segment), "");
  const verify = await bounded(repo, ["ledger-verify"], 20_000);
  expect(envelope(verify).error?.message).toContain("committed records from line 1 are missing");
  const hint = envelope(verify).error?.hint ?? "";
  expect(hint).toBe("exo doctor --fix --section ledger");
  pasted(repo, hint);
  expect(readFileSync(join(repo, segment), "utf8")).toBe(committed);
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).data.valid).toBe(true);
}, 90_000);

test("a torn last line (a crash in the middle of an append, not committed): ledger-verify's hint is exo doctor --fix --section ledger, which sets the partial line aside (before: git log --stat -p of the segment, which shows no uncommitted line)", async () => {
  const { repo, segment } = await claimedUncommitted();
  writeFileSync(join(repo, segment), `${readFileSync(join(repo, segment), "utf8")}{"seq":99,"wri`);
  const verify = await bounded(repo, ["ledger-verify"], 20_000);
  const hint = envelope(verify).error?.hint ?? "";
  expect(hint, verify.stdout).toBe("exo doctor --fix --section ledger");
  pasted(repo, hint);
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).data.valid).toBe(true);
}, 90_000);

test("a ticket file zeroed by a crash under a live session: doctor's tickets section hints exo doctor --fix --section tickets, which checks git's copy out and makes it active again for that session, so its finish works (before: the hint was git checkout, which gave the ticket back as committed, todo, and the finish then refused it, INVALID_TRANSITION)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const ticket = join(repo, ".exo/tickets/T1.yaml");
  writeFileSync(ticket, Buffer.alloc(readFileSync(ticket).length));
  const check = await bounded(repo, ["doctor", "--section", "tickets"], 20_000);
  const tickets = section(check, "tickets");
  expect(tickets?.message, check.stdout).toContain("NUL bytes");
  expect(tickets?.hint).toBe("exo doctor --fix --section tickets");
  expect(tickets?.fixable).toBe(true);
  pasted(repo, tickets?.hint ?? "false");
  expect(readFileSync(ticket, "utf8")).toContain("status: active");
  const doctor = await bounded(repo, ["doctor"], 30_000);
  expect(section(doctor, "integrity")?.status, doctor.stdout).toBe("pass");
  expect(section(doctor, "tickets")?.status).not.toBe("fail");
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(envelope(await bounded(repo, ["ticket-show", "T1"], 15_000)).data.ticket.status).toBe("review");
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).data.valid).toBe(true);
}, 120_000);

test("a torn last line HEAD has as it is (a teammate committed the segment torn): doctor --fix leaves the committed file alone and its hint stays git log of that segment (before: --fix cut the committed line off, and then reported committed records missing)", async () => {
  const repo = await repoWithTicket();
  const segment = git(repo, "ls-files", "--", ".exo/ledger").trim().split("\n")[0] ?? "";
  writeFileSync(join(repo, segment), `${readFileSync(join(repo, segment), "utf8")}{"seq":99,"wri`);
  git(repo, "commit", "-qam", "a torn segment", "--no-verify");
  const committed = readFileSync(join(repo, segment), "utf8");
  const fix = await bounded(repo, ["doctor", "--fix", "--section", "ledger"], 30_000);
  expect(JSON.stringify(envelope(fix).data.fixed)).not.toContain("torn");
  expect(readFileSync(join(repo, segment), "utf8")).toBe(committed);
  expect(section(fix, "ledger")?.hint).toMatch(/^git log .*\.jsonl/);
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).error?.hint).toMatch(/^git log /);
}, 90_000);

/** Move `.exo/mementos/T1` out of the repository and link it back (a hand, a sync tool): every start on T1 fails after its step 8. Returns the undo. */
function mementosLinkedOut(repo: string): () => void {
  const inside = join(repo, ".exo/mementos/T1");
  const outside = `${repo}-36-mementos`;
  renameSync(inside, outside);
  symlinkSync(outside, inside);
  return () => {
    rmSync(inside);
    renameSync(outside, inside);
  };
}

test("a start that fails after it consumed a handoff (paused ticket, mementos linked out by hand): the ticket is given back paused and the handoff record put back, so the start after the repair takes the handoff (before: the ticket stayed active with no session and no lock, and the handoff was gone)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-handoff", "--summary", "over to b", "--to", "agent:b", "--actor", "agent:a"], 20_000)).ok).toBe(true);
  const handoff = readFileSync(join(repo, ".exo/handoffs/T1.json"), "utf8");
  const undo = mementosLinkedOut(repo);
  const refused = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000);
  expect(envelope(refused).error?.code, refused.stdout).toBe("STATE_CORRUPT");
  expect(envelope(await bounded(repo, ["ticket-show", "T1"], 15_000)).data.ticket.status).toBe("paused");
  expect(readFileSync(join(repo, ".exo/handoffs/T1.json"), "utf8")).toBe(handoff);
  undo();
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000);
  expect(envelope(start).ok, start.stdout).toBe(true);
  expect((envelope(start).data.handoff as { summary?: string } | null)?.summary).toBe("over to b");
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).data.valid).toBe(true);
}, 120_000);

test("a start on a ticket in review that fails after step 8 (mementos linked out by hand) gives the ticket back in review (before: it stayed active with no session and no lock)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000)).ok).toBe(true);
  const before = readFileSync(join(repo, ".exo/tickets/T1.yaml"), "utf8");
  const undo = mementosLinkedOut(repo);
  const refused = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:c"], 15_000);
  expect(envelope(refused).error?.code, refused.stdout).toBe("STATE_CORRUPT");
  const after = readFileSync(join(repo, ".exo/tickets/T1.yaml"), "utf8");
  expect(after.replace(/updated_at: .*/, "")).toBe(before.replace(/updated_at: .*/, ""));
  undo();
  const doctor = await bounded(repo, ["doctor"], 30_000);
  expect(section(doctor, "integrity")?.status, doctor.stdout).toBe("pass");
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:c"], 15_000)).ok).toBe(true);
}, 120_000);

test("a committed handoff record zeroed by a crash: doctor --fix sets the zeros aside and restores git's whole copy, so the addressee's start takes the handoff, and git_tracking does not offer to commit the zeros (before: --fix only set it aside, and the start began without it; git_tracking hinted git add .exo && git commit)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  expect(envelope(await bounded(repo, ["session-handoff", "--summary", "over to b", "--to", "agent:b", "--actor", "agent:a"], 20_000)).ok).toBe(true);
  const file = join(repo, ".exo/handoffs/T1.json");
  expect(git(repo, "show", "HEAD:.exo/handoffs/T1.json")).toBe(readFileSync(file, "utf8"));
  writeFileSync(file, Buffer.alloc(readFileSync(file).length));
  const refused = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000);
  expect(envelope(refused).error?.hint, refused.stdout).toMatch(/^exo doctor --fix/);
  // git_tracking does not offer to commit the zeros (git add .exo && git commit) for the team.
  expect(JSON.stringify(section(await bounded(repo, ["doctor"], 30_000), "git_tracking"))).not.toContain("handoffs/T1.json");
  const fix = await bounded(repo, ["doctor", "--fix"], 60_000);
  expect(JSON.stringify(envelope(fix).data.fixed)).toContain("restored .exo/handoffs/T1.json from git (HEAD)");
  expect(git(repo, "status", "--porcelain", "--", ".exo/handoffs")).toBe("");
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000);
  expect(envelope(start).ok, start.stdout).toBe(true);
  expect((envelope(start).data.handoff as { summary?: string } | null)?.summary).toBe("over to b");
}, 120_000);
