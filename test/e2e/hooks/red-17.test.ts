// Red-team round 17: bypasses and false positives of the gating hook the write-channel corpus
// cannot express (it has no symlinks on disk and no scripts the agent wrote beforehand).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { claudeVerdict, governedTask, type Gate } from "../../helpers/hooks.js";
import { DIST, initRepo } from "../../helpers/repo.js";

const corpus = JSON.parse(await readFile("test/fixtures/write-channels.json", "utf8")) as { files: Record<string, string> };
const ENV = { EXO_ACTOR: "agent:claude" };

async function governed(scope: string, files: Record<string, string> = {}): Promise<{ repo: string; said: (command: string) => Promise<string>; tool: (name: string, input: unknown) => Promise<string> }> {
  const repo = await initRepo({ ...corpus.files, ...files });
  await governedTask(repo, scope, ENV, "red17");
  const { gate } = (await import(pathToFileURL(join(DIST, "hook.mjs")).href)) as { gate: Gate };
  const ask = async (tool_name: string, tool_input: unknown) =>
    claudeVerdict(await gate("claude", "PreToolUse", { stdin: JSON.stringify({ session_id: "red17", cwd: repo, tool_name, tool_input }), env: { ...process.env, ...ENV }, cwd: repo, launcherRepo: repo }));
  return { repo, said: (command) => ask("Bash", { command }), tool: ask };
}

test("a script or makefile the agent may write is judged with what exo cannot read in it: inline code there is an unknown write (red-team round 17)", { timeout: 120_000 }, async () => {
  const { said } = await governed("src/**", {
    "src/u.sh": "#!/bin/sh\nnode -e \"require('fs').writeFileSync('docs/x', '')\"\n",
    "src/mk/Makefile": "all:\n\tpython3 -c 'open(\"../../docs/x\", \"w\")'\n",
    "src/ok.sh": "#!/bin/sh\necho hi > src/out.txt\n",
  });
  for (const c of ["sh src/u.sh", "bash src/u.sh", "make -C src/mk", "cd src/mk && make"]) expect(await said(c), c).not.toBe("allow");
  // A script out of the agent's reach is a recipe; one that writes only in scope passes.
  for (const c of ["sh scripts/test.sh", "sh src/ok.sh", "make"]) expect(await said(c), c).toBe("allow");
});
