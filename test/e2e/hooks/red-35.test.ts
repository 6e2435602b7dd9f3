// Red-team round 35: bypasses of the gating hook and needless asks, numbered on from red-team round
// 34 (which ends at 2806): the same case shape, run in a repository holding a secret (.env) under a
// scope of src/**, and (WIDE) under a scope of ** where only exo's protected files stand in the way.
// A "pin" is a case the build before this round already judged so, kept to hold the new rules to it.
import { redRound, type RedCase as Case } from "../../helpers/hooks.js";

const bash = (id: number, expect: Case["expect"], cls: string, command: string): Case => ({ id: String(id), channel: "bash", expect, class: cls, command });

// A variable the line sets, read through an operator exo did not apply (`${f@E}`, `${f@L}`, an
// anchored or bracketed pattern, a substring from the end, `&` in a replacement, `${!b}`): the
// name it makes was taken for one of the line's words, so the secret was read unseen (allowed
// before red-team round 35).
const OPERATORS: Case[] = [
  bash(2807, "block", "secrets", "f='\\x2eenv'; cat \"${f@E}\""),
  bash(2808, "block", "secrets", "f=.ENV; cat \"${f@L}\""),
  bash(2809, "block", "secrets", "f=Xenv; cat \"${f/#X/.}\""),
  bash(2810, "block", "secrets", "f=Xenv; cat \"${f/[X]/.}\""),
  bash(2811, "block", "secrets", "f=.envX; cat \"${f%[X]}\""),
  bash(2812, "block", "secrets", "x=abc.env; cat \"${x: -4}\""),
  bash(2813, "block", "secrets", "x=abc.env; cat \"${x:1+2}\""),
  bash(2814, "block", "secrets", "f=env; cat \"${f/env/.&}\""),
  bash(2815, "block", "secrets", "x=.e; y=nv; z=$x$y; b=z; cat \"${!b}\""),
  bash(2816, "block", "secrets", "a=(x '\\x2eenv'); cat \"${a[@]@E}\""),
];

// A command string's argument through an operator (`sh -c 'cat "${1,,}"' _ .ENV`): read as a
// variable exo did not know, so the secret was read unseen (allowed before red-team round 35).
const ARGUMENT_OPERATORS: Case[] = [
  bash(2817, "block", "secrets", "sh -c 'cat \"${1,,}\"' _ .ENV"),
  bash(2818, "block", "secrets", "sh -c 'cat \"${1/X/.}\"' _ Xenv"),
  bash(2819, "block", "secrets", "bash -c 'cat \"${1:3}\"' _ abc.env"),
  bash(2820, "block", "secrets", "sh -c 'cat \"${@,,}\"' _ .ENV"),
  // Pins: a write out of scope through an argument's operator (asked before, refused now).
  bash(2821, "block", "path-tricks", "sh -c 'echo x > \"${1/src/docs}\"' _ src/guide.md"),
];

// A literal or a loop's word through an operator that makes one plain name (`"${f%.ts}.bak"`):
// asked as computed before red-team round 35.
const SUFFIXES: Case[] = [
  bash(2822, "allow", "false-asks", "f=src/api/a.ts; cp \"$f\" \"${f%.ts}.bak\""),
  bash(2823, "allow", "false-asks", "for f in src/api/a.ts src/api/b.ts; do mv \"$f\" \"${f%.ts}.js\"; done"),
  bash(2824, "allow", "false-asks", "f=src/api/a.ts; echo x > \"${f%.ts}.bak\""),
  bash(2825, "allow", "false-asks", "sh -c 'cp \"$1\" \"${1%.ts}.bak\"' _ src/api/a.ts"),
  // Pins: what the operator makes is out of scope (asked before, refused now: `${f:4}` is api/a.ts
  // at the top); a glob loop's name through a pattern; the length; a quoted name read (allowed
  // before too).
  bash(2826, "block", "path-tricks", "f=src/api/a.ts; cp \"$f\" \"${f/src/docs}\""),
  bash(2827, "block", "path-tricks", "f=src/api/a.ts; cp \"$f\" \"${f:4}\""),
  bash(2828, "block", "path-tricks", "for f in src/*.ts; do mv \"$f\" \"${f##*/}\"; done"),
  bash(2829, "block", "path-tricks", "f=src/api/a.ts; echo x > \"${#f}\""),
  bash(2830, "allow", "false-asks", "f=src/api/a.ts; cat \"${f@Q}\""),
];

// What changes a value on its way into a variable or through a pattern: `declare -l` (or -u,
// typeset, local) cases what is assigned after it, `read` without -r drops backslashes, and
// `shopt -s nocasematch` makes `${f/pat/rep}` blind to case (each value taken as written before
// red-team round 35: the secret read unseen).
const CHANGED_VALUES: Case[] = [
  bash(2835, "block", "secrets", "declare -l f=.ENV; cat \"$f\""),
  bash(2836, "block", "secrets", "typeset -l f; f=.ENV; cat $f"),
  bash(2837, "block", "secrets", "read f <<< '.\\env'; cat $f"),
  bash(2838, "block", "secrets", "shopt -s nocasematch; f=.envX; cat \"${f/x/}\""),
  // read cuts its text at a delimiter (-d), after a count (-n, -N) or at an IFS of other characters.
  bash(2842, "block", "secrets", "read -n 4 f <<< '.envX'; cat \"$f\""),
  bash(2843, "block", "secrets", "read -d x f <<< '.envxyz'; cat \"$f\""),
  bash(2844, "block", "secrets", "IFS=x read f g <<< '.envxfoo'; cat \"$f\""),
  // Pins: read -r keeps the backslash, and a name in scope (allowed before too).
  bash(2839, "allow", "false-asks", "read -r f <<< 'src/api/a.ts'; cat $f"),
  bash(2840, "allow", "false-asks", "declare -l f=src/api/a.ts; cat \"$f\""),
  bash(2845, "allow", "false-asks", "IFS= read -r f <<< 'src/api/a.ts'; cat \"$f\""),
];

// zsh's flags and ranges (`${(L)f}`, `${(j::)a}`, `${(Q)f}`, `${f[1,4]}`): the expansion was not
// seen as the variable's, so the name it makes was taken for one of the line's words (allowed
// before red-team round 35).
const ZSH_FLAGS: Case[] = [
  bash(2846, "block", "secrets", "f=.ENV; cat \"${(L)f}\""),
  bash(2847, "block", "secrets", "a=(.e nv); cat \"${(j::)a}\""),
  bash(2848, "block", "secrets", "f=\"'.env'\"; cat \"${(Q)f}\""),
  bash(2849, "block", "secrets", "f=.envx; cat \"${f[1,4]}\""),
  // Unbraced, as zsh subscripts a plain $name too (the lead's review of the round): read as the
  // value and a glob, so the secret was read unseen.
  bash(2850, "block", "secrets", "f=x.env; cat $f[2,-1]"),
  bash(2851, "block", "secrets", "f=x.env; cat \"$f[2,-1]\""),
  bash(2852, "block", "secrets", "f=.envx; head -n 3 $f[1,4]"),
  // A pin: a subscript where no file is read stays allowed.
  bash(2853, "allow", "false-asks", "f=src/api/a.ts; echo $f[1,3]"),
];

const CASES: Case[] = [...OPERATORS, ...ARGUMENT_OPERATORS, ...SUFFIXES, ...CHANGED_VALUES, ...ZSH_FLAGS];

// Under a scope of `**`, where only exo's protected files stand in the way.
const WIDE: Case[] = [
  bash(2831, "allow", "false-asks", "for f in docs/a.md docs/b.md; do cp \"$f\" \"${f%.md}.txt\"; done"),
  // Pins: exo's files through an operator (asked before, refused now).
  bash(2832, "block", "protected", "f=.CLAUDE/SETTINGS.JSON; echo {} > \"${f,,}\""),
  bash(2833, "block", "protected", "sh -c 'echo {} > \"${1,,}\"' _ .CLAUDE/SETTINGS.JSON"),
  bash(2834, "block", "protected", "f='\\x2eexo/config.yaml'; cp src/api/a.ts \"${f@E}\""),
  // A pin: nocasematch in a suffix operator's write (the new rule must not read `x` as written).
  bash(2841, "block", "protected", "f=.Xclaude/settings.json; shopt -s nocasematch; echo {} > \"${f/x/}\""),
];

redRound(35, 2807, { cases: CASES, wide: WIDE }, {
  cases: "variables and arguments read through parameter operators, and names a suffix operator makes",
  wide: "under a scope of **, exo's protected files are not written through a parameter operator",
});
