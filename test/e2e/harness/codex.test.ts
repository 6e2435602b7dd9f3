// A real Codex CLI run end to end (issue #19): `codex exec` from npm @openai/codex (native
// binary) talks to a scripted Responses API server on loopback; exo's Codex hooks are installed
// by `exo hook-install` and trusted the way Codex's /hooks does it. The scripted model writes in
// and out of the session's scope with the shell tool and with apply_patch.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, git, initRepo, tempDir, writeFiles } from "../../helpers/repo.js";
import { applyPatch, codexEnv, codexExec, codexHome, execCommand, listHooks, message, responsesSse, trustHooks } from "../../helpers/codex.js";

const ACTOR = { EXO_ACTOR: "agent:codex" };

test("codex exec: in-scope shell and apply_patch writes land; out-of-scope ones are blocked, the reason reaches the model, the ledger records each denial", { timeout: 300_000 }, async () => {
  const repo = await initRepo({ "src/api/a.ts": "a\n", "docs/README.md": "docs\n" });
  await writeFiles(repo, { ".codex/.keep": "" });
  expect((await exo(repo, "hook-install", "--harness", "codex", "--harness", "git")).code).toBe(0);
  expect((await exo(repo, "ticket-create", "api", "--id", "T1", "--scope-allow", "src/**")).code).toBe(0);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "governed");
  expect(envelope(await exo(repo, "session-start", "--ticket-id", "T1", "--harness", "codex", { env: ACTOR })).ok).toBe(true);

  const server = await responsesSse([
    [execCommand("printf 'export const inShell = 1;\\n' > src/api/shell-in.ts", "1")],
    [execCommand("printf 'nope\\n' > docs/shell-out.md", "2")],
    [applyPatch("*** Begin Patch\n*** Add File: src/api/patch-in.ts\n+export const inPatch = 1;\n*** End Patch\n", "3")],
    [applyPatch("*** Begin Patch\n*** Add File: docs/patch-out.md\n+nope\n*** End Patch\n", "4")],
    [message("Added the API files.")],
  ]);
  const home = await tempDir();
  const codexDir = await codexHome(home, server.url, repo);
  const env = codexEnv(home, codexDir, ACTOR);

  // Untrusted project hooks are skipped by Codex: doctor says so until they are trusted.
  const listed = await listHooks(repo, env);
  const mine = listed.hooks.filter((h) => h.sourcePath === join(repo, ".codex/hooks.json"));
  expect(mine.map((h) => h.eventName).sort()).toEqual(["postToolUse", "preCompact", "preToolUse", "sessionEnd", "sessionStart", "subagentStart"]);
  expect(mine.every((h) => h.trustStatus === "untrusted")).toBe(true);
  expect(listed.warnings.join("\n")).not.toMatch(/clamp/i);
  const before = envelope(await exo(repo, "doctor", "--section", "hooks", { env }));
  expect(JSON.stringify(before.data)).toMatch(/Codex has not trusted exo's hooks/);

  await trustHooks(codexDir, mine);
  expect((await listHooks(repo, env)).hooks.filter((h) => h.sourcePath === join(repo, ".codex/hooks.json")).every((h) => h.trustStatus === "trusted")).toBe(true);
  const after = envelope(await exo(repo, "doctor", "--section", "hooks", { env }));
  expect(JSON.stringify(after.data)).not.toMatch(/Codex has not trusted/);

  const run = await codexExec(repo, "Add the API files.", env);
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stderr).not.toMatch(/clamping .* hook timeout/i);

  // In scope: written. Out of scope: never written.
  expect(await readFile(join(repo, "src/api/shell-in.ts"), "utf8")).toBe("export const inShell = 1;\n");
  expect(await readFile(join(repo, "src/api/patch-in.ts"), "utf8")).toBe("export const inPatch = 1;\n");
  expect(existsSync(join(repo, "docs/shell-out.md"))).toBe(false);
  expect(existsSync(join(repo, "docs/patch-out.md"))).toBe(false);

  // The model was sent each refusal with exo's reason (in the request after the tool call).
  expect(server.requests.length).toBeGreaterThanOrEqual(5);
  expect(JSON.stringify(server.requests[2]?.input)).toContain("exo blocked write to docs/shell-out.md");
  expect(JSON.stringify(server.requests[4]?.input)).toContain("exo blocked write to docs/patch-out.md");
  expect(JSON.stringify(server.requests[1]?.input)).not.toContain("exo blocked");

  // The ledger: Codex's conversation bound to the session, each denial recorded against it.
  const records = envelope(await exo(repo, "ledger-show", "--all")).data.records as { type: string; session: string | null; ticket: string | null; data: Record<string, unknown> }[];
  const session = (envelope(await exo(repo, "status")).data.sessions as { id: string; ticket: string; agent_session_id?: string | null }[]).find((s) => s.ticket === "T1");
  const denials = records.filter((r) => r.type === "hook.denied");
  expect(denials.map((r) => r.data["path"]).sort()).toEqual(["docs/patch-out.md", "docs/shell-out.md"]);
  for (const d of denials) expect(d).toMatchObject({ session: session?.id, ticket: "T1", data: { harness: "codex" } });
  // Codex's SessionStart hook bound its thread id to the session (the hooks resolve it by that id).
  const file = JSON.parse(await readFile(join(repo, ".exo/sessions", `${session?.id}.json`), "utf8")) as { agent_session_id: string | null; harness: string };
  expect(file.agent_session_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  expect(file.harness).toBe("codex");
});
