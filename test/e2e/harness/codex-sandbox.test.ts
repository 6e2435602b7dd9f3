// A real `codex exec` under its workspace-write sandbox (bundled bubblewrap; `.git` read-only), with
// nothing but what exo installs: the sessionStart hook starts on the ticket claimed for Codex, and
// the agent finishes exactly as AGENTS.md tells it (`EXO_ACTOR=agent:codex exo session-finish`,
// though its session runs as agent:codex:<id>). Inside the sandbox exo cannot commit its state: the
// finish succeeds with that warning, the files stay, and the next auto-commit outside takes them.
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, EXO_BIN, exo, git, initRepo, tempDir, writeFiles } from "../../helpers/repo.js";
import { codexExec, execCommand, message, responsesSse, trustedCodex } from "../../helpers/codex.js";

test("codex exec in workspace-write: the agent finishes its hook-started session as AGENTS.md says; exo's commit waits for the next run outside the sandbox", { timeout: 300_000 }, async () => {
  const repo = await initRepo({ "src/a.ts": "a\n" });
  await writeFiles(repo, { ".codex/.keep": "" });
  expect(envelope(await exo(repo, "install", "--harness", "codex", "--harness", "git")).ok).toBe(true);
  for (const id of ["T1", "T2"]) expect(envelope(await exo(repo, "ticket-create", `task ${id}`, "--id", id, "--scope-allow", "src/**")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "tickets");
  expect(envelope(await exo(repo, "next", "--owner", "agent:codex")).data.ticket.id).toBe("T1");
  const agents = await readFile(join(repo, "AGENTS.md"), "utf8");
  const finishLine = /`(EXO_ACTOR=agent:codex exo session-finish) --summary "…"`/.exec(agents);
  expect(finishLine).not.toBeNull();

  // `exo` as an installed package puts it on PATH (bash -l resets PATH, so by its full path).
  const bin = await tempDir();
  await mkdir(bin, { recursive: true });
  await symlink(EXO_BIN, join(bin, "exo"));
  const startLine = /`(EXO_ACTOR=agent:codex exo session-start) --ticket-id '<ID>'`/.exec(agents);
  expect(startLine).not.toBeNull();
  const finish = (finishLine?.[1] ?? "").replace(" exo ", ` ${join(bin, "exo")} `);
  const start = (startLine?.[1] ?? "").replace(" exo ", ` ${join(bin, "exo")} `);
  const server = await responsesSse([
    // AGENTS.md's first step, though the sessionStart hook has started the session already.
    [execCommand(`${start} --ticket-id T1`, "0")],
    [execCommand("printf 'b\\n' > src/b.ts", "1")],
    [execCommand(`${finish} --summary 'b written' --skip-check --break-glass-reason 'sandbox test'`, "2")],
    [message("Finished.")],
  ]);
  const { env, dir } = await trustedCodex(repo, server.url);
  const config = join(dir, "config.toml");
  await writeFile(config, (await readFile(config, "utf8")).replace('sandbox_mode = "danger-full-access"', 'sandbox_mode = "workspace-write"'));
  const run = await codexExec(repo, "Do the ticket.", env);
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);

  expect(JSON.stringify(server.requests[1]?.input)).toMatch(/# exo session SES-/);
  const output = JSON.stringify(server.requests[3]?.input);
  expect(output).toMatch(/finished SES-[0-9A-Z-]+ on T1/);
  expect(output).toMatch(/exo could not commit its state \(.*Read-only file system\)/);
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; actor: string; session: string | null; ticket: string | null }[];
  const started = records.find((r) => r.type === "session.started");
  expect(started?.actor).toMatch(/^agent:codex:[0-9a-f]{8}$/);
  expect(records.find((r) => r.type === "session.finished")).toMatchObject({ session: started?.session, ticket: "T1" });
  const memento = `.exo/mementos/T1/${String(started?.session)}.md`;
  expect(git(repo, "status", "--porcelain", "--", ".exo")).toContain(".exo/mementos/");
  expect(git(repo, "log", "--format=%s")).not.toContain("chore(exo): finish");

  // Outside the sandbox, the next session's finish commits what the first one left.
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T2", { env: { EXO_ACTOR: "agent:codex" } })).ok).toBe(true);
  expect(envelope(await exo(repo, "session-finish", "--summary", "t2", "--skip-check", "--break-glass-reason", "t", { env: { EXO_ACTOR: "agent:codex" } })).ok).toBe(true);
  expect(git(repo, "status", "--porcelain", "--", ".exo")).toBe("");
  expect(git(repo, "log", "--format=%H", "-1", "--", memento).trim()).not.toBe("");
});
