import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { DIST, envelope, exo, git, initRepo, runNode, tempScript, writeFiles } from "../../helpers/repo.js";

const SES = "SES-20261124-090000-AAAAAA";

/** Append a closing record for a session, the way session-finish would. */
async function closeSession(repo: string, data: Record<string, unknown>, type = "session.finished", session = SES): Promise<void> {
  const script = await tempScript(
    `const [dist, dir, payload] = process.argv.slice(2);
const { appendLedger, discoverRepo } = await import(dist + "/testing.js");
const repo = await discoverRepo(dir, process.env);
const { type, data, session } = JSON.parse(payload);
await appendLedger(repo, { actor: "agent:claude", host: "h", now: new Date() }, [{ type, session, ticket: "TKT-1", data }]);`,
  );
  const run = await runNode(script, [DIST, repo, JSON.stringify({ type, data, session })], repo);
  expect(run.stderr).toBe("");
}

const finished = (extra: Record<string, unknown> = {}) => ({
  outcome: "finished",
  verify: "passed",
  break_glass_reason: null,
  drift: { score: 0.1 },
  scope: { allow: ["src/auth/**"], deny: [], boundaries: [], source: "TKT-1" },
  ...extra,
});

async function branchWithCommit(repo: string, files: Record<string, string>, trailer: string | null): Promise<void> {
  git(repo, "checkout", "-qb", "feature");
  await writeFiles(repo, files);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "work", ...(trailer ? ["-m", trailer] : []));
}

test("no commits → pass; an ungoverned commit → fail", async () => {
  const repo = await initRepo();
  expect(envelope(await exo(repo, "pr-check", "--base", "main")).data.verdict).toBe("pass");
  await branchWithCommit(repo, { "src/x.ts": "x\n" }, null);
  const run = await exo(repo, "pr-check", "--base", "main");
  expect(run.code).toBe(1);
  const env = envelope(run);
  expect(env.error?.code).toBe("PR_CHECK_FAILED");
  expect(env.data.findings.map((f: { code: string }) => f.code)).toContain("ungoverned_commit");
});

test("a governed, finished, in-scope change passes; an uncovered file warns (strict fails)", async () => {
  const repo = await initRepo();
  await closeSession(repo, finished());
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "exo state", "-m", "Exo-Generated: true");
  await branchWithCommit(repo, { "src/auth/a.ts": "a\n" }, `Exo-Session: ${SES}`);
  const pass = envelope(await exo(repo, "pr-check", "--base", "main"));
  expect(pass.data.verdict).toBe("pass");
  expect(pass.data.sessions).toEqual([{ id: SES, ticket: "TKT-1", actor: "agent:claude", verify: "passed", drift: 0.1 }]);
  await writeFiles(repo, { "README.md": "more\n" });
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "docs", "-m", `Exo-Session: ${SES}`);
  const warn = await exo(repo, "pr-check", "--base", "main", "--markdown", "report.md");
  expect(warn.code).toBe(0);
  expect(envelope(warn).data.findings).toEqual([expect.objectContaining({ code: "uncovered_file", severity: "warning", ref: "README.md" })]);
  expect(await readFile(join(repo, "report.md"), "utf8")).toMatch(/uncovered_file/);
  expect((await exo(repo, "pr-check", "--base", "main", "--strict")).code).toBe(1);
});

test("failed verify and unfinished sessions fail; high drift warns", async () => {
  const repo = await initRepo();
  await closeSession(repo, finished({ verify: "failed", drift: { score: 0.8 } }));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "exo state", "-m", "Exo-Generated: true");
  await branchWithCommit(repo, { "src/auth/a.ts": "a\n" }, `Exo-Session: ${SES}`);
  const codes = envelope(await exo(repo, "pr-check", "--base", "main")).data.findings.map((f: { code: string }) => f.code).sort();
  expect(codes).toEqual(["high_drift", "verify_failed"]);
  // A session the ledger knows (started) but that never closed: session_not_finished.
  await closeSession(repo, { scope: { allow: ["**"], deny: [] } }, "session.started", "SES-20261124-090000-BBBBBB");
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "more", "-m", "Exo-Session: SES-20261124-090000-BBBBBB");
  const codes2 = envelope(await exo(repo, "pr-check", "--base", "main")).data.findings.map((f: { code: string }) => f.code);
  expect(codes2).toContain("session_not_finished");
  expect(codes2).not.toContain("ungoverned_commit");
  // A session no ledger record names is unknown: ungoverned_commit (SPEC §7.19 step 3).
  git(repo, "commit", "-q", "--allow-empty", "-m", "forged", "-m", "Exo-Session: SES-20261124-090000-CCCCCC");
  const forged = envelope(await exo(repo, "pr-check", "--base", "main")).data.findings.filter((f: { ref: string }) => f.ref === git(repo, "rev-parse", "HEAD").trim());
  expect(forged.map((f: { code: string }) => f.code)).toEqual(["ungoverned_commit"]);
});

test("an uncompiled constitution edit at head is governance_drift", async () => {
  const repo = await initRepo();
  git(repo, "checkout", "-qb", "feature");
  const file = join(repo, ".exo/constitution.yaml");
  await writeFile(file, (await readFile(file, "utf8")).replace("max_files: 12", "max_files: 50"));
  git(repo, "commit", "-qam", "loosen", "-m", "Exo-Generated: true");
  const env = envelope(await exo(repo, "pr-check", "--base", "main"));
  expect(env.data.verdict).toBe("fail");
  expect(env.data.findings.map((f: { code: string }) => f.code)).toContain("governance_drift");
});
