// The hook asks git which of the secrets a command reads are tracked (`git ls-files -- :(literal)…`)
// and which files a patch shows. A harness started with GIT_LITERAL_PATHSPECS=1 in its environment
// (every hook process inherits it) made those pathspecs match nothing: a tracked .env read as
// untracked, and `git archive HEAD` or `git grep TOKEN` printed it, allowed. exo's git processes
// read pathspecs as git does by default, whatever the environment says.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { claudeVerdict, governedGate } from "../../helpers/hooks.js";
import { DIST, tempDir } from "../../helpers/repo.js";

test("a harness environment with GIT_LITERAL_PATHSPECS=1 or GIT_ICASE_PATHSPECS=1 does not blind the hook's checks of tracked secrets", { timeout: 120_000 }, async () => {
  const home = await tempDir();
  const { repo } = await governedGate("src/**", { ".env": "API_TOKEN=s3cr3t\n", "src/a.ts": "export const a = 1;\n" }, { EXO_ACTOR: "agent:claude", HOME: home }, "pathspec-env");
  for (const env of [{ GIT_LITERAL_PATHSPECS: "1" }, { GIT_ICASE_PATHSPECS: "1", GIT_NOGLOB_PATHSPECS: "1" }]) {
    const ask = (command: string) => {
      const r = spawnSync(process.execPath, [join(repo, ".exo/bin/exo-hook.mjs"), "claude", "PreToolUse"], {
        cwd: repo,
        input: JSON.stringify({ session_id: "pathspec-env", cwd: repo, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command } }),
        env: { ...process.env, EXO_ACTOR: "agent:claude", HOME: home, EXO_HOOK_BUNDLE: join(DIST, "hook.mjs"), ...env },
        encoding: "utf8",
      });
      return claudeVerdict({ stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? 1 });
    };
    expect(ask("git archive HEAD")).not.toBe("allow");
    expect(ask("git grep -h TOKEN")).not.toBe("allow");
    expect(ask("git log -p")).not.toBe("allow");
    expect(ask("git archive HEAD src && git grep -h TOKEN -- src")).toBe("allow");
  }
});
