// Round 35 of hostile state and races: a handoff a close left behind, and more (see
// docs/hardening.md). Each case failed before its fix.
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, git, pasted } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

test("ticket-close of a task handed to a teammate ends the handoff: .exo/handoffs/T1.json is removed, its commit line takes the removal, and once reopened the addressee's start takes no old handoff (before: the file stayed, and agent:b's start after a reopen embedded the closed run's handoff as its own)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const handed = await bounded(repo, ["session-handoff", "--summary", "over to b", "--to", "agent:b", "--actor", "agent:a"], 20_000);
  expect(envelope(handed).ok, handed.stdout).toBe(true);
  expect(existsSync(join(repo, ".exo/handoffs/T1.json"))).toBe(true);
  const close = await bounded(repo, ["ticket-close", "T1", "--status", "cancelled", "--reason", "not needed"], 15_000);
  expect(envelope(close).ok, close.stdout).toBe(true);
  expect(existsSync(join(repo, ".exo/handoffs/T1.json"))).toBe(false);
  const line = envelope(close).data.next_command as string;
  expect(line).toContain(".exo/handoffs/T1.json");
  pasted(repo, line);
  expect(git(repo, "status", "--porcelain", "--", ".exo/handoffs", ".exo/tickets")).toBe("");
  expect(git(repo, "ls-files", "--", ".exo/handoffs")).toBe("");
  const ledger = git(repo, "show", "HEAD", "--", ".exo/ledger");
  expect(ledger).toContain('"handoff.consumed"');
  expect(envelope(await bounded(repo, ["ticket-update", "T1", "--status", "todo", "--reason", "needed after all"], 15_000)).ok).toBe(true);
  const start = await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:b"], 15_000);
  expect(envelope(start).ok, start.stdout).toBe(true);
  expect(envelope(start).data.handoff).toBeNull();
}, 90_000);

type Section = { name: string; status: string; message: string; hint: string | null; fixable: boolean };
const section = (run: { stdout: string }, name: string) => (envelope(run as never).data.sections as Section[]).find((s) => s.name === name);

/** Put a folder holding a note where the committed exo file `rel` is (a hand's mkdir -p, a sync tool). */
function folderAt(repo: string, rel: string): void {
  rmSync(join(repo, rel));
  mkdirSync(join(repo, rel, "notes"), { recursive: true });
  writeFileSync(join(repo, rel, "notes/mine.md"), "keep me\n");
}

/** The note folderAt left, kept in the quarantine by doctor --fix. */
function keptNote(repo: string, name: string): string {
  const kept = readdirSync(join(repo, ".exo/cache/quarantine")).find((n) => n.endsWith(`-${name}`));
  return readFileSync(join(repo, ".exo/cache/quarantine", kept ?? "none", "notes/mine.md"), "utf8");
}

test("a folder holding files where a committed memento goes: doctor's git_tracking says it is a folder, hint exo doctor --fix --section git_tracking, which keeps the folder in the quarantine and restores git's memento (before: 'deleted from the work tree', hint git checkout HEAD -- <memento>, which deleted the folder's files without a word)", async () => {
  const repo = await repoWithTicket();
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  const memento = envelope(finish).data.memento_path as string;
  const committed = git(repo, "show", `HEAD:${memento}`);
  folderAt(repo, memento);
  const check = await bounded(repo, ["doctor", "--section", "git_tracking"], 20_000);
  const tracking = section(check, "git_tracking");
  expect(tracking?.message).toContain(`${memento} is a folder where git has a committed file`);
  expect(tracking?.hint).toBe("exo doctor --fix --section git_tracking");
  expect(tracking?.fixable).toBe(true);
  pasted(repo, tracking?.hint ?? "false");
  expect(readFileSync(join(repo, memento), "utf8")).toBe(committed);
  expect(keptNote(repo, memento.split("/").pop() ?? "")).toBe("keep me\n");
  expect(section(await bounded(repo, ["doctor", "--section", "git_tracking"], 20_000), "git_tracking")?.status).not.toBe("fail");
}, 90_000);

test("a folder holding files where a committed ledger segment goes: ledger-verify and doctor's ledger section name the folder with exo doctor --fix --section git_tracking, which keeps it and puts the segment back (before: 'a symlink or a folder', hint git rm, which takes the team's committed segment out of the next commit)", async () => {
  const repo = await repoWithTicket();
  const segment = git(repo, "ls-files", "--", ".exo/ledger").trim().split("\n")[0] ?? "";
  const committed = readFileSync(join(repo, segment), "utf8");
  folderAt(repo, segment);
  const verify = await bounded(repo, ["ledger-verify"], 20_000);
  const hint = envelope(verify).error?.hint ?? (envelope(verify).data?.errors as { hint?: string }[] | undefined)?.[0]?.hint;
  expect(hint, verify.stdout).toBe("exo doctor --fix --section git_tracking");
  const check = await bounded(repo, ["doctor", "--section", "ledger"], 20_000);
  expect(section(check, "ledger")?.hint).toBe("exo doctor --fix --section git_tracking");
  expect(section(check, "ledger")?.message).toContain("is a folder, not a segment file");
  pasted(repo, hint ?? "false");
  expect(lstatSync(join(repo, segment)).isFile()).toBe(true);
  expect(readFileSync(join(repo, segment), "utf8").startsWith(committed)).toBe(true);
  expect(keptNote(repo, segment.split("/").pop() ?? "")).toBe("keep me\n");
  expect(git(repo, "ls-files", "--", segment).trim()).toBe(segment);
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).data.valid).toBe(true);
}, 90_000);

test.each(["dirty", "touched"])("a folder at a live session's .%s (its start snapshot or touched log; a hand's mkdir -p, a sync tool): doctor's state section names it and the finish's hint, exo doctor --fix, sets it aside so the finish works (before: doctor passed, --fix left it, and the finish kept answering the same hint)", async (part) => {
  const repo = await repoWithTicket();
  const started = envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000));
  const file = `.exo/sessions/${started.data.session.id as string}.${part}`;
  rmSync(join(repo, file), { force: true });
  mkdirSync(join(repo, file, "x"), { recursive: true });
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(envelope(finish).error?.hint).toMatch(/^exo doctor --fix/);
  const state = section(await bounded(repo, ["doctor", "--section", "state"], 20_000), "state");
  expect(state?.status).toBe("fail");
  expect(state?.message).toContain(`${file} (a folder, not a file)`);
  const fix = await bounded(repo, ["doctor", "--fix"], 60_000);
  expect(JSON.stringify(envelope(fix).data.fixed)).toContain(`moved ${file} to .exo/cache/quarantine/`);
  const again = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 20_000);
  expect(envelope(again).ok, again.stdout).toBe(true);
}, 120_000);

test.each([".exo/policy.sealed.json", ".exo/config.yaml"])("%s made a symlink to a copy outside the repository by hand (git has the file itself): every command's hint removes the link and checks git's copy out, which works when pasted and leaves the target alone (before: 'git rm <file>, then restore it from history', hint git log)", async (rel) => {
  const repo = await repoWithTicket();
  const outside = join(dirname(repo), `${repo.split("/").pop() ?? "repo"}-${rel.split("/").pop() ?? "file"}`);
  copyFileSync(join(repo, rel), outside);
  rmSync(join(repo, rel));
  symlinkSync(outside, join(repo, rel));
  try {
    // (doctor names it in its config section and --fix repairs it since round 36: hostile-36.test.ts.)
    for (const args of [["status"], ["session-start", "--ticket-id", "T1", "--actor", "agent:a"]]) {
      const run = await bounded(repo, args, 30_000);
      const error = envelope(run).error;
      expect(error?.code, run.stdout).toBe("STATE_CORRUPT");
      expect(error?.hint).toBe(`rm -- ${rel} && git checkout HEAD -- ${rel}`);
      expect(error?.message).not.toContain("git rm");
    }
    pasted(repo, envelope(await bounded(repo, ["status"], 15_000)).error?.hint ?? "false");
    expect(lstatSync(join(repo, rel)).isFile()).toBe(true);
    expect(existsSync(outside)).toBe(true);
    expect(envelope(await bounded(repo, ["status"], 15_000)).ok).toBe(true);
  } finally {
    rmSync(outside, { force: true });
  }
}, 90_000);
