// A real `codex exec` (npm @openai/codex) with nothing but what exo installs and no EXO_ACTOR:
// the person claims a ticket for Codex, Codex's sessionStart hook starts the session on that claim
// under the conversation's own actor (agent:codex:<8 hex>), its shell and apply_patch writes are held
// to the ticket's scope, and its sessionEnd suspends the session. Scripted Responses API on loopback.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, writeFiles } from "../../helpers/repo.js";
import { applyPatch, codexExec, execCommand, message, responsesSse, trustedCodex } from "../../helpers/codex.js";

test("codex exec with no EXO_ACTOR: sessionStart starts on the ticket claimed for Codex, writes are held to scope, sessionEnd suspends", { timeout: 300_000 }, async () => {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "docs/README.md": "docs\n" });
  await writeFiles(repo, { ".codex/.keep": "" });
  expect(envelope(await exo(repo, "install", "--harness", "codex", "--harness", "git")).ok).toBe(true);
  expect(envelope(await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).ok).toBe(true);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "ticket");
  expect(envelope(await exo(repo, "next", "--owner", "agent:codex")).data.ticket.id).toBe("T1");

  const server = await responsesSse([
    [execCommand("printf 'export const b = 1;\\n' > src/api/b.ts", "1")],
    [execCommand("printf 'no\\n' > docs/shell.md", "2")],
    [applyPatch("*** Begin Patch\n*** Add File: docs/patch.md\n+no\n*** End Patch\n", "3")],
    [message("Half done.")],
  ]);
  const { env } = await trustedCodex(repo, server.url);

  const run = await codexExec(repo, "Do the ticket.", env);
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(await readFile(join(repo, "src/api/b.ts"), "utf8")).toBe("export const b = 1;\n");
  expect(existsSync(join(repo, "docs/shell.md"))).toBe(false);
  expect(existsSync(join(repo, "docs/patch.md"))).toBe(false);
  // The bootstrap (ticket and scope) reached the model before its first turn.
  expect(JSON.stringify(server.requests[0])).toContain("src/**");

  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; actor: string; session: string | null; ticket: string | null; data: Record<string, unknown> }[];
  const started = records.find((r) => r.type === "session.started");
  expect(started?.ticket).toBe("T1");
  expect(started?.actor).toMatch(/^agent:codex:[0-9a-f]{8}$/);
  expect(started?.data["harness"]).toBe("codex");
  const session = started?.session as string;
  expect(records.filter((r) => r.type === "hook.denied" && r.session === session).map((r) => r.data["path"]).sort()).toEqual(["docs/patch.md", "docs/shell.md"]);
  expect(records.find((r) => r.type === "session.suspended")).toMatchObject({ session });
  const show = envelope(await exo(repo, "ticket-show", "T1")).data;
  expect(show.ticket.status).toBe("paused");
});
