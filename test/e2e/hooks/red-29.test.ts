// Red-team round 29: bypasses of the gating hook and needless prompts, numbered on from red-team
// round 28 (which ends at 2450): the same case shape, run in a repository holding a secret (.env)
// under a scope of src/**, and (WIDE) under a scope of ** where only exo's protected files stand in
// the way. A "pin" is a case the build before this round already judged so, kept to hold the new
// rules to it.
import { redRound, type RedCase as Case } from "../../helpers/hooks.js";

const bash = (id: number, expect: Case["expect"], cls: string, command: string): Case => ({ id: String(id), channel: "bash", expect, class: cls, command });

// Arithmetic sets variables too: `: $((d=0))`, `$((d++))`, a subscript (`${a[d=0]}`), an offset
// (`${d:0:d=0}`) or a here-document's `$((…))` changed a variable round 28 took as its literal, or
// one exo fills in ($PWD), unseen (allowed before red-team round 29: the write lands in 0/y).
const ARITHMETIC: Case[] = [
  bash(2451, "block", "path-tricks", "d=src; : $((d=0)); echo x > \"$d/y\""),
  bash(2452, "block", "path-tricks", "d=src; : $((d++)); echo x > \"$d/y\""),
  bash(2453, "block", "path-tricks", "d=src; n=$((d=0)); echo x > \"$d/y\""),
  bash(2454, "block", "path-tricks", "d=src; echo ${a[d=0]}; echo x > \"$d/y\""),
  bash(2455, "block", "path-tricks", "d=src; echo \"${d:0:d=0}\"; echo x > \"$d/y\""),
  bash(2456, "block", "path-tricks", "d=src; cat <<E\n$((d=0))\nE\necho x > \"$d/y\""),
  bash(2457, "block", "path-tricks", "d=src; test $((d=0)); echo x > \"$d/y\""),
  bash(2458, "block", "path-tricks", ": $((PWD=0)); echo x > \"$PWD/src/y\""),
  bash(2459, "block", "path-tricks", ": $((CLAUDE_PROJECT_DIR=0)); echo x > \"$CLAUDE_PROJECT_DIR/src/y\""),
  bash(2460, "block", "path-tricks", "d=src; cat <<E\n${a[d=0]}\nE\necho x > \"$d/y\""),
  // zsh's print -v and strftime -s with the name glued to the option.
  bash(2461, "block", "path-tricks", "d=src; print -vd docs; echo x > \"$d/y\""),
  bash(2462, "block", "path-tricks", "d=src; strftime -sd %Y 0; echo x > \"$d/y\""),
  // zsh's (P) flag assigns the variable a computed value names (`::=` always assigns).
  bash(2483, "block", "path-tricks", "d=src; a=x; r=${a/x/d}; : ${(P)r::=docs}; echo x > \"$d/y\""),
  bash(2484, "block", "path-tricks", "a=x; r=${a/x/PWD}; : ${(P)r::=docs}; echo x > \"$PWD/src/y\""),
  // Pin: an arithmetic that only reads keeps the literal.
  bash(2463, "allow", "false-asks", "d=src/api; echo x > \"$d/y\"; echo $((3*4))"),
];

// A plain `for` list's words were not taken as literals (asked as computed before red-team round
// 29); each command after the loop's `for` that expands its variable is now judged once per value.
const LOOPS: Case[] = [
  bash(2464, "allow", "false-asks", "d=src/api; for f in a.ts b.ts; do cp \"$d/$f\" \"$d/$f.bak\"; done"),
  bash(2465, "allow", "false-asks", "for f in src/a.ts src/api/a.ts; do sed -i s/a/b/ \"$f\"; done"),
  bash(2466, "allow", "false-asks", "for x in a b; do printf '%s\\n' \"$x\" > \"src/$x.txt\"; done"),
  bash(2467, "allow", "false-asks", "for f in src/a.ts src/b.ts; do git diff -- \"$f\" > \"$f.diff\"; done"),
  // Pins: one value out of scope, the last value after the loop, a loop run in a pipe, a variable the body sets.
  bash(2468, "block", "path-tricks", "for f in src/a.ts docs/b; do echo x > \"$f\"; done"),
  bash(2469, "block", "path-tricks", "for f in a b; do echo x > \"src/$f.ts\"; done; echo y > \"docs/$f\""),
  bash(2470, "block", "path-tricks", "for f in src/a; do :; done | cat; echo x > \"$f\""),
  bash(2471, "block", "path-tricks", "for f in src/a; do : $((f=0)); done; echo x > \"$f/y\""),
  bash(2472, "block", "path-tricks", "for f in .e; do cat \"${f}nv\"; done"),
  // A glob list: the word the variable lands in is matched as the glob (asked before).
  bash(2485, "allow", "false-asks", "for f in src/*.ts; do cp \"$f\" \"$f.bak\"; done"),
  bash(2486, "allow", "false-asks", "for f in src/api/*.ts; do sed -i 's/a/b/' \"$f\"; done"),
  // Pins: a glob out of scope, one matching .env, one climbing out of a (maybe linked) folder.
  bash(2487, "block", "path-tricks", "for f in docs/*; do echo x > \"$f\"; done"),
  bash(2488, "block", "path-tricks", "for f in .e*; do cat \"$f\"; done"),
  bash(2489, "block", "path-tricks", "for f in src/*/..; do echo x > \"$f/y\"; done"),
];

// A variable exported with a literal (`export d=…`, `d=…; export d`, `d=… bash -c`) was not carried
// into a shell's command string (asked before red-team round 29); the string now starts with it.
const EXPORTED: Case[] = [
  bash(2473, "allow", "false-asks", "export d=src/api; bash -c 'echo x > \"$d/y\"'"),
  bash(2474, "allow", "false-asks", "d=src/api; export d; sh -c 'cp README.md \"$d/r.md\"'"),
  bash(2475, "allow", "false-asks", "d=src/gen bash -c 'mkdir -p \"$d\" && echo x > \"$d/y.ts\"'"),
  // Pins: out of scope, overridden for the command, not exported, taken away by env.
  bash(2476, "block", "path-tricks", "export d=docs; bash -c 'echo x > \"$d/y\"'"),
  bash(2477, "block", "path-tricks", "export d=src/api; d=docs bash -c 'echo x > \"$d/y\"'"),
  bash(2478, "block", "path-tricks", "d=src/api; bash -c 'echo x > \"$d/y\"'"),
  bash(2479, "block", "path-tricks", "export d=src/api; env -u d bash -c 'echo x > \"$d/y\"'"),
  bash(2480, "block", "path-tricks", "export d=src/api; bash -c 'd=docs; echo x > \"$d/y\"'"),
];

const CASES: Case[] = [...ARITHMETIC, ...LOOPS, ...EXPORTED];

// Under a scope of `**`, where only exo's protected files stand in the way (pins: asked before).
const WIDE: Case[] = [
  bash(2481, "block", "protected", "export d=.exo; bash -c 'echo x > \"$d/config.json\"'"),
  bash(2482, "block", "protected", "for f in src/a .claude/settings.json; do echo x > \"$f\"; done"),
  bash(2490, "block", "protected", "shopt -s dotglob; for f in */; do echo x > \"$f/settings.json\"; done"),
  // A cd to a glob went to the folder named as the glob, not to the folder it matches.
  bash(2491, "block", "protected", "cd .c*; echo x > settings.json"),
  bash(2492, "block", "protected", "pushd .cl*; echo x > settings.json"),
  bash(2493, "block", "protected", "env -C .cl* touch settings.json"),
  bash(2494, "block", "protected", "cd .ex?; echo x > config.json"),
  bash(2495, "block", "protected", "cd .claud#e; echo x > settings.json"),
  // Pin: the same through a glob list's variable.
  bash(2496, "block", "protected", "for f in .cl*; do cd \"$f\"; echo x > settings.json; done"),
  // git -C to a glob: git init made .claude/.git (.exo/.git).
  bash(2497, "block", "protected", "git -C .cl* init"),
  bash(2498, "block", "protected", "git -C .ex? init"),
  // cp/mv/install -t to a glob: the files were joined to the glob as written, which matched nothing.
  bash(2499, "block", "protected", "cp -t .ex? README.md"),
  bash(2500, "block", "protected", "mv -t .cl* x/settings.json"),
  bash(2501, "block", "protected", "install -Dt .ex? README.md"),
  bash(2502, "block", "protected", "cp --target-directory=.ex? README.md"),
  // 7z x (7-Zip's extraction) was read as a compressor writing `x` and the archive.
  bash(2503, "block", "protected", "7z x x.7z"),
];

redRound(29, 2451, { cases: CASES, wide: WIDE }, {
  cases: "writes out of scope through arithmetic, zsh's setters and the new literal rules are refused; loops and exported literals pass",
  wide: "under a scope of **, exo's protected files are not written through loops or exported variables",
});
