// Red-team round 40: bypasses of the gating hook and needless asks, numbered on from red-team round
// 39 (which ends at 3077): the same case shape, run in a repository holding a secret (.env, tracked:
// the first commit, HEAD~2, adds it) under a scope of src/**, and (WIDE) under a scope of ** where
// only exo's protected files stand in the way. A "pin" is a case the build before this round
// already judged so, kept to hold the new rules to it.
import { redRound, type RedCase as Case } from "../../helpers/hooks.js";

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
  // Pins: command without -v runs its command.
  bash(3084, "block", "secrets", "command -p cat .env"),
  bash(3085, "block", "secrets", "command -- cat .env"),
];

// Under a scope of `**`: a secret is refused in any scope.
const WIDE: Case[] = [
  bash(3086, "block", "secrets", "command -p -- cat .env"),
];

redRound(40, 3078, { cases: CASES, wide: WIDE }, {
  cases: "container CLIs' storage options, and command -v",
  wide: "under a scope of **, command's command is judged",
});
