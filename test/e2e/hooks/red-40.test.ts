// Red-team round 40: bypasses of the gating hook and needless asks, numbered on from red-team round
// 39 (which ends at 3077): the same case shape, run in a repository holding a secret (.env, tracked:
// the first commit, HEAD~2, adds it) under a scope of src/**, and (WIDE) under a scope of ** where
// only exo's protected files stand in the way. A "pin" is a case the build before this round
// already judged so, kept to hold the new rules to it.
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { redRound, misjudged, type RedCase as Case } from "../../helpers/hooks.js";

const bash = (id: number, expect: Case["expect"], cls: string, command: string): Case => ({ id: String(id), channel: "bash", expect, class: cls, command });

const CASES: Case[] = [
  // podman's storage options (--root, --runroot, --tmpdir, --out) and nerdctl's --data-root put
  // what the CLI keeps (images, containers, state, its output) in the folder or file they name:
  // each passed before red-team round 40 (round 39's gap).
  bash(3078, "block", "path-tricks", "podman --root docs images"),
  bash(3079, "block", "path-tricks", "podman --runroot=docs --tmpdir docs ps"),
  bash(3080, "block", "path-tricks", "podman --out README.md ps"),
  bash(3081, "block", "path-tricks", "nerdctl --data-root docs images"),
  // A pin: storage in the scope, and options that write nothing.
  bash(3082, "allow", "false-asks", "podman --root src/store images && nerdctl --data-root=src/d ps && podman --remote ps"),
  // command -v NAME (and -V, -pv) says what NAME is and runs nothing: `command -v node` was judged
  // as node alone (a prompt) and asked before red-team round 40.
  bash(3083, "allow", "false-asks", "command -v node && command -V python3 && command -pv sh && command -v bash >/dev/null"),
  // The mailmap a configuration on the line names maps the names git log and check-mailmap print:
  // a secret line of the form `Name <email>` is shown (round 39's gap).
  bash(3090, "block", "secrets", "git -c mailmap.file=.env log -1 --format=%aN"),
  bash(3091, "block", "secrets", "cd src && git -c mailMap.file=.env check-mailmap 'a <b@c>'"),
  bash(3092, "block", "secrets", "git -c mailmap.blob=HEAD:.env shortlog -s"),
  // A pin: a mailmap in the scope.
  bash(3093, "allow", "false-asks", "git -c mailmap.file=src/mailmap log -1 --format=%aN"),
  // Pins: command without -v runs its command.
  bash(3084, "block", "secrets", "command -p cat .env"),
  bash(3085, "block", "secrets", "command -- cat .env"),
];

// Under a scope of `**`: a secret is refused in any scope.
const WIDE: Case[] = [
  bash(3086, "block", "secrets", "command -p -- cat .env"),
  bash(3094, "block", "secrets", "git -c mailmap.file=.env log -1 --format=%aN"),
];

// git request-pull -p START URL [END] prints the patch of START..END after its summary: a secret
// changed in that range among it (allowed before red-team round 40). The repository's last commit
// changes the tracked .env.
const PULL: Case[] = [
  bash(3087, "block", "secrets", "git request-pull -p HEAD~1 ."),
  bash(3088, "block", "secrets", "git request-pull HEAD~1 https://example.com/r.git HEAD:main -p"),
  // A pin: without -p it prints a summary and the names, and a range that leaves the secret out.
  bash(3089, "allow", "false-asks", "git request-pull HEAD~1 . && git request-pull -p HEAD~2 . HEAD~1"),
];

redRound(40, 3078, { cases: CASES, wide: WIDE, more: PULL }, {
  cases: "container CLIs' storage options, and command -v",
  wide: "under a scope of **, command's command is judged",
});

test("red-team round 40: git request-pull -p prints the patch of its range", { timeout: 180_000 }, async () => {
  expect(await misjudged("src/**", PULL, "red40p", async (repo) => {
    await writeFile(join(repo, ".env"), "API_TOKEN=n3w\n");
    execFileSync("git", ["-C", repo, "commit", "-qam", "rotate the token"], { stdio: "ignore" });
  })).toEqual([]);
});
