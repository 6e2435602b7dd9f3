// Red-team round 30: bypasses of the gating hook and needless prompts, numbered on from red-team
// round 29 (which ends at 2503): the same case shape, run in a repository holding a secret (.env)
// under a scope of src/**, and (WIDE) under a scope of ** where only exo's protected files stand in
// the way. A "pin" is a case the build before this round already judged so, kept to hold the new
// rules to it.
import { expect, test } from "vitest";
import { misjudged, type RedCase as Case } from "../../helpers/hooks.js";

const bash = (id: number, expect: Case["expect"], cls: string, command: string): Case => ({ id: String(id), channel: "bash", expect, class: cls, command });

// Arithmetic evaluates a name's value as arithmetic in turn, and the text an expansion gives it:
// a name composed at run time (`${a:-dir}=0`, `${x}ir++`) or held in a computed value
// (`x=${a/c/dir}=0; : $((x))`) set dir unseen (allowed before red-team round 30: the write lands in 0/y).
const COMPOSED: Case[] = [
  bash(2504, "block", "path-tricks", "d=src; a=c; x=${a/c/d}=0; : $((x)); echo x > \"$d/y\""),
  bash(2505, "block", "path-tricks", "dir=src; : $((${a:-dir}=0)); echo x > \"$dir/y\""),
  bash(2506, "block", "path-tricks", "dir=src; x=d; : $((${x}ir=0)); echo x > \"$dir/y\""),
  bash(2507, "block", "path-tricks", "dir=src; : $((${a:-dir}++)); echo x > \"$dir/y\""),
  bash(2508, "block", "path-tricks", "dir=src; s=abc; : ${s:${a:-dir}=0}; echo x > \"$dir/y\""),
  bash(2509, "block", "path-tricks", "dir=src; : ${z[${a:-dir}=0]}; echo x > \"$dir/y\""),
  bash(2510, "block", "path-tricks", "dir=src; x=${a:-dir=0}; : $((x)); echo x > \"$dir/y\""),
  bash(2511, "block", "path-tricks", "dir=src; a=c; x=${a/c/dir}=0; s=abc; : ${s:x}; echo x > \"$dir/y\""),
  bash(2512, "block", "path-tricks", ": $((${a:-PWD}=0)); echo x > \"$PWD/src/y\""),
  // Pins: arithmetic that only reads, a length, a value of $((…)) alone.
  bash(2513, "allow", "false-asks", "dir=src; n=$((${#dir}+1)); echo x > \"$dir/y\""),
  bash(2514, "allow", "false-asks", "d=src/api; n=$((2+3)); echo $((n*2)) > \"$d/count\""),
];

// A value holding `a[$(cmd)]` runs cmd when arithmetic reads it; exo asked only when the line spelt
// `$(` itself, so a `$` kept as text (in single quotes, escaped, an ANSI-C escape) ran any command
// (allowed before red-team round 30).
const SPELT: Case[] = [
  bash(2515, "block", "path-tricks", "p='$'; x=\"a[${p}(touch docs/y)]\"; : $((x))"),
  bash(2516, "block", "path-tricks", "x=a[\\$\\(touch\\ docs/y\\)]; : $((x))"),
  bash(2517, "block", "path-tricks", "p='$'; x=\"a[${p}(touch docs/y)]\"; s=abc; : ${s:x}"),
  bash(2518, "block", "path-tricks", "p='$'; x=\"a[${p}(touch docs/y)]\"; : ${b[x]}"),
  bash(2519, "block", "path-tricks", "x=a[\\$\\(touch\\ docs/y\\)]; [[ $x -eq 1 ]]"),
  bash(2520, "block", "path-tricks", "x=$'a[\\x24(touch docs/y)]'; : $((x))"),
  bash(2521, "block", "secrets", "p='$'; x=\"a[${p}(cat .env >&2)]\"; : $((x))"),
  // Pins: a single-quoted $ with arithmetic of numbers only, and awk's fields.
  bash(2522, "allow", "false-asks", "awk '{print $1}' src/a.ts > src/x; echo $((3+4))"),
];

const CASES: Case[] = [...COMPOSED, ...SPELT];

// Under a scope of `**`, where only exo's protected files stand in the way.
const WIDE: Case[] = [
  bash(2523, "block", "protected", "p='$'; x=\"a[${p}(touch .exo/config.yaml)]\"; : $((x))"),
  bash(2524, "block", "protected", "x=a[\\$\\(rm\\ -rf\\ .claude\\)]; : ${s:x}"),
];

test("red-team round 30 cases are numbered on from round 29, once each", () => {
  const ids = [...CASES, ...WIDE].map((c) => Number(c.id)).sort((a, b) => a - b);
  expect(ids).toEqual(ids.map((_, k) => 2504 + k));
});

test("red-team round 30: writes through arithmetic that assigns or runs what a value spells are refused", { timeout: 180_000 }, async () => {
  expect(await misjudged("src/**", CASES, "red30")).toEqual([]);
});

test("red-team round 30: under a scope of **, exo's protected files are not written through arithmetic", { timeout: 180_000 }, async () => {
  expect(await misjudged("**", WIDE, "red30w")).toEqual([]);
});
