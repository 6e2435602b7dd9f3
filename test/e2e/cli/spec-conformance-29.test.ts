// Black-box checks from the round-29 audit: §13's scenarios run as written (CLI and MCP), then the
// SPEC sections the earlier rounds covered least (§4 file formats as each command writes them,
// §7.6–§7.7 dispatch and claiming, §7.10–§7.12 the bootstrap's sections and order, §7.16 compose,
// §7.20 metrics and fleet drift, §7.22 doctor, §7.23 gc, §7.27 sidecar, §8.1–§8.3 hook answers,
// §8.7 adapters, §10.6 warnings). Each test fails on the behaviour before its fix.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { coded, envelope, exo, git, initRepo, tempRepo, writeFiles } from "../../helpers/repo.js";

test("§7.22 doctor --fix that rewrites a changed .exo/.gitignore keeps the scaffold section's warning for files it does not know, and names the rewrite (before: pass \"repaired\" while doctor then warned, and the fix read \"created .exo/ folders\")", async () => {
  const repo = await initRepo();
  await writeFile(join(repo, ".exo", ".gitignore"), `${await readFile(join(repo, ".exo", ".gitignore"), "utf8")}junk\n`);
  await mkdir(join(repo, ".exo", "notes"));
  await writeFile(join(repo, ".exo", "notes", "todo.txt"), "mine\n");
  const fix = envelope(await exo(repo, "doctor", "--fix", "--section", "scaffold"));
  const section = fix.data.sections.find((s: { name: string }) => s.name === "scaffold");
  expect(section).toMatchObject({ status: "warn", details: { unknown: ["notes"] } });
  expect(fix.data.status).toBe("warn");
  expect(fix.data.fixed).toEqual([{ section: "scaffold", action: expect.stringContaining(".exo/.gitignore") }]);
  const after = envelope(await exo(repo, "doctor", "--section", "scaffold"));
  expect(after.data.sections[0]).toMatchObject({ status: "warn", details: { unknown: ["notes"] } });
  expect(await readFile(join(repo, ".exo", ".gitignore"), "utf8")).not.toContain("junk");
});

test("§7.12 step 6 DRIFT_HIGH names what the score is made of: a drift from the files budget alone names the changed files against the budget, not \"0 files outside the scope ()\" (before)", async () => {
  const repo = await initRepo();
  envelope(await exo(repo, "ticket-create", "small", "--id", "T1", "--max-files", "1"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:a" } }));
  await writeFile(join(repo, "a.txt"), "a\n");
  await writeFile(join(repo, "b.txt"), "b\n");
  const fin = envelope(await exo(repo, "session-finish", "--summary", "two files", "--drift-threshold", "0.3", { env: { EXO_ACTOR: "agent:a" } }));
  expect(fin.data.drift).toMatchObject({ score: 0.35, out_of_scope: [] });
  const high = fin.warnings?.find((w: { code: string }) => w.code === "DRIFT_HIGH");
  expect(high?.message).toBe("Drift 0.35 ≥ 0.3: 2 files changed against a budget of 1 file.");
});

test("§7.19/§7.27 pr-check counts sidecar-init's own commit of the root .gitignore (the /.exo/ line, §3.4) as governed and the file as exo's, while any other line there stays judged (before: ungoverned_commit and uncovered_file for sidecar-init's commit)", async () => {
  const repo = await tempRepo({ "README.md": "hi\n" });
  envelope(await exo(repo, "install"));
  const installed = git(repo, "rev-parse", "HEAD").trim();
  expect(envelope(await exo(repo, "sidecar-init", "--no-fetch")).ok).toBe(true);
  const check = envelope(await exo(repo, "pr-check", "--base", installed, "--governance-ref", "exo-governance"));
  expect(check.data.findings).toEqual([]);
  expect(check.data.verdict).toBe("pass");
  expect(check.data.commits.every((c: { governed: boolean }) => c.governed)).toBe(true);
  // A generated commit that ignores anything else in the root .gitignore is no sidecar line.
  await writeFile(join(repo, ".gitignore"), `${await readFile(join(repo, ".gitignore"), "utf8")}secrets/\n`);
  git(repo, "commit", "-qm", "chore(exo): more", "-m", "Exo-Generated: true", "--", ".gitignore");
  const more = coded(await exo(repo, "pr-check", "--base", installed, "--governance-ref", "exo-governance"), "PR_CHECK_FAILED");
  expect(more.data.findings.map((f: { code: string }) => f.code)).toEqual(["ungoverned_commit", "uncovered_file"]);
});

test("§7.19/§7.27 pr-check in sidecar mode without --governance-ref reads the governance and ledger the .exo worktree has committed, so a finished session's commit is governed (before: nothing was read, the commit was an ungoverned_commit \"which no ledger record knows\" and its file uncovered)", async () => {
  const repo = await tempRepo({ "README.md": "hi\n" });
  envelope(await exo(repo, "install"));
  expect(envelope(await exo(repo, "sidecar-init", "--no-fetch")).ok).toBe(true);
  const base = git(repo, "rev-parse", "HEAD").trim();
  envelope(await exo(repo, "ticket-create", "work", "--id", "T1", "--scope-allow", "src/**"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", { env: { EXO_ACTOR: "agent:a" } }));
  await writeFiles(repo, { "src/a.ts": "export const a = 1;\n" });
  git(repo, "add", "src/a.ts");
  git(repo, "commit", "-qm", "feat: a", "-m", `Exo-Session: ${envelope(await exo(repo, "status")).data.sessions[0].id}`);
  expect(envelope(await exo(repo, "session-finish", "--summary", "a", { env: { EXO_ACTOR: "agent:a" } })).ok).toBe(true);
  const check = envelope(await exo(repo, "pr-check", "--base", base));
  expect(check.data.findings).toEqual([]);
  expect(check.data).toMatchObject({ verdict: "pass", commits: [{ subject: "feat: a", governed: true }], sessions: [{ ticket: "T1", actor: "agent:a" }] });
});
