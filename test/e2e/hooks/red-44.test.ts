// Red-team round 44: bypasses of the gating hook and needless asks, numbered on from red-team round
// 43 (which ends at 3286): the same case shape, run in a repository holding a secret (.env, tracked:
// the first commit, HEAD~2, adds it) under a scope of src/**, and (WIDE) under a scope of ** where
// only exo's protected files stand in the way. A "pin" is a case the build before this round
// already judged so, kept to hold the new rules to it.
import { redRound, type RedCase as Case } from "../../helpers/hooks.js";

const bash = (id: number, expect: Case["expect"], cls: string, command: string): Case => ({ id: String(id), channel: "bash", expect, class: cls, command });

const CASES: Case[] = [
  // A pattern substitution whose pattern matches the whole value gives its replacement, whatever
  // the value (HOME, PWD, a name the line never set): read as a default is.
  bash(3287, "block", "secrets", "cat ${HOME/*/.env}"),
  bash(3288, "block", "secrets", "cat \"${x//*/.env}\""),
  bash(3289, "block", "secrets", "cat ${PWD/#*/.e}nv"),
  // A pin: a replacement that names no secret, and an operator applied to a value the line sets.
  bash(3290, "allow", "false-asks", "cat ${f/.ts/.js} && f=src/a.ts; cat ${f/.ts/.js}"),
  // Debuggers that stop a script at its start and run what is typed at their prompt, and PHP's
  // prompts (each passed as a program given a script).
  bash(3291, "block", "path-tricks", "perl -d src/x.pl"),
  bash(3292, "block", "path-tricks", "pdb3 src/x.py"),
  bash(3293, "block", "path-tricks", "rdbg src/x.rb"),
  bash(3294, "block", "path-tricks", "byebug src/x.rb"),
  bash(3295, "block", "path-tricks", "bashdb src/x.sh"),
  bash(3296, "block", "path-tricks", "phpdbg src/x.php"),
  bash(3297, "block", "path-tricks", "psysh"),
  bash(3298, "block", "path-tricks", "python3 -m sqlite3 src/db"),
  // perl -M's text is put into the program as `use TEXT;`: past the module's name it is code.
  bash(3299, "block", "secrets", "perl '-Mstrict;system(q(cat .e).q(nv))' src/x.pl"),
  bash(3300, "block", "secrets", "perl '-MX=a},system(q(cat .e).q(nv)),q{' src/x.pl"),
  // node's --loader (--experimental-loader) takes a data: URL, code on the line as --import's.
  bash(3301, "block", "secrets", "node --loader 'data:text/javascript,import{readFileSync as r}from\"fs\";console.log(r(\".e\"+\"nv\",\"utf8\"))' src/x.js"),
  bash(3302, "block", "secrets", "node --experimental-loader='data:text/javascript,import{readFileSync as r}from\"fs\";console.log(r(\".e\"+\"nv\",\"utf8\"))' src/x.js"),
  // A pin: profilers and modules under perl, debuggers that only print or run to the end, loaders from files.
  // A default's (and a replacement's) quotes and escapes are taken out, as the shell takes them; zsh's
  // ${x:/pat/rep} and ${x:s/old/new/} replace as bash's ${x/pat/rep} does.
  bash(3306, "block", "secrets", "cat ${x:-\\.env}"),
  bash(3307, "block", "secrets", "cat \"${x:-.e\"n\"v}\""),
  bash(3308, "block", "secrets", "cat ${HOME/*/$'\\x2eenv'}"),
  bash(3309, "block", "secrets", "cat ${x:s/a/.env/}"),
  bash(3310, "block", "secrets", "cat ${x:/*/.env}"),
  // An array element's default, and a default with variables in it: each expanded by its own
  // default or as empty.
  bash(3340, "block", "secrets", "cat ${a[0]:-.env}"),
  bash(3341, "block", "secrets", "cat ${x:-${y:-.env}}"),
  bash(3342, "block", "secrets", "cat ${x:-.e${y}nv}"),
  bash(3343, "block", "secrets", "cat ${x:-$PWD/.env}"),
  bash(3344, "allow", "false-asks", "cat ${x:-$y} ${x:-$PWD/src/a.ts} ${x:-$(echo src/a.ts)}"),
  // zsh's modifiers after a plain $name (`$f:t`, `$f:s/x/env/`), read as ${f:t} is.
  bash(3345, "block", "secrets", "f=/x/.env; cat $f:t"),
  bash(3346, "block", "secrets", "f=.x; cat $f:s/x/env/"),
  // A pin: a colon after a name that starts no modifier.
  bash(3347, "allow", "false-asks", "echo $host:$port && cat $PATH:/usr/bin && echo \"$a:b\" && cat $d:x"),
  // zsh's approximate matching, (#aN), matches names with up to N characters wrong.
  bash(3348, "block", "secrets", "setopt extendedglob; cat (#a1).enx"),
  bash(3349, "allow", "false-asks", "setopt extendedglob; cat src/(#a1)b.ts"),
  // mktemp's --tmpdir abbreviated, as getopt takes it.
  bash(3350, "block", "path-tricks", "mktemp --tmpd=docs"),
  bash(3351, "allow", "false-asks", "mktemp --tmpd=src && mktemp --tmpdir && mktemp -d"),
  // xargs's --arg-file abbreviated, as getopt takes it: echo prints the file's words (a pin: the
  // value as the next word was refused before). Its long options with a value as the next word
  // were taken for the command (`--arg-file=src/list cat` was asked).
  bash(3352, "block", "secrets", "xargs --arg=.env echo"),
  bash(3353, "block", "secrets", "xargs --arg .env echo"),
  bash(3354, "allow", "false-asks", "xargs --arg-file=src/list cat && echo src/a.ts | xargs --max-args 1 cat"),
  // env's --split-string and flock's --command as getopt takes their starts run the command string.
  bash(3355, "block", "secrets", "env --split='cat .e\"\"nv'"),
  bash(3356, "block", "secrets", "flock --comm='cat .e\"\"nv' /tmp/l"),
  bash(3357, "allow", "false-asks", "env --ch src touch x && env --split='ls src' && flock --comm='ls src' /tmp/l && env --ignore-environment ls src"),
  // What a pipe prints into git cat-file --batch (--batch-command, and its start --batch-com) names
  // the objects it prints: worked out as for xargs.
  bash(3358, "block", "secrets", "printf 'HEAD~2:.e%s\\n' nv | git cat-file --batch"),
  bash(3359, "block", "secrets", "echo 'contents HEAD~2:.env' | git cat-file --batch-com"),
  bash(3360, "allow", "false-asks", "echo HEAD:src/a.ts | git cat-file --batch && printf '%s\\n' HEAD:README.md | git cat-file --batch-check"),
  // irb's -r LIB (-I DIR) is no script to run, and ruby -r debug/start stops in the debugger's prompt.
  bash(3361, "block", "path-tricks", "irb -r ./src/x"),
  bash(3362, "block", "path-tricks", "ruby -r debug/start src/x.rb"),
  bash(3363, "allow", "false-asks", "irb src/x.rb && ruby -rjson src/x.rb && ruby -r ./src/y src/x.rb"),
  // A pin: defaults that name no secret.
  bash(3311, "allow", "false-asks", "cat ${x:-src/a.ts} ${x:-\"src/a b\"} && echo ${x:-'hi there'} > src/y"),
  // A word with an expansion that may be empty and unquoted glob characters is each file the rest
  // matches, as a default's glob, the glob after a computed folder and one composed from a value the
  // line sets are (each read no name).
  bash(3312, "block", "secrets", "cat $x.e*"),
  bash(3313, "block", "secrets", "cat $(git rev-parse --show-toplevel)/.e*"),
  bash(3314, "block", "secrets", "cat ${x:-.e}nv${y}"),
  bash(3315, "block", "secrets", "cat \"${x:-.e}\"*"),
  bash(3316, "block", "secrets", "x=; cat ${x}.e*"),
  // A pin: a loop's variable, globs that match no secret.
  bash(3317, "allow", "false-asks", "for f in src/*.ts; do wc -l ${f%.ts}.*; done && cat $(pwd)/*.md && ls ${x}* && x=src/; cat ${x}*.ts"),
  // Backup tools' restores write a snapshot's files into a folder (the working folder for borg
  // extract and tarsnap -x), and their mounts change which files a path names; quilt, stgit and
  // guilt apply the patches of their stack as patch does.
  bash(3319, "block", "path-tricks", "restic restore latest --target docs"),
  bash(3320, "block", "path-tricks", "kopia snapshot restore k1 docs"),
  bash(3321, "block", "path-tricks", "borg extract ::a"),
  bash(3322, "block", "path-tricks", "duplicity file:///tmp/b docs"),
  bash(3323, "block", "path-tricks", "rdiff-backup -r now /tmp/b docs"),
  bash(3324, "block", "path-tricks", "tarsnap -x -f a"),
  bash(3325, "block", "path-tricks", "QUILT_PATCHES=src/p quilt push -a"),
  bash(3326, "block", "path-tricks", "stg import src/x.patch"),
  bash(3327, "block", "path-tricks", "restic mount docs"),
  // A pin: restores into the scope, backups, listings and dry runs.
  bash(3328, "allow", "false-asks", "restic restore latest --target=src/r && restic snapshots && restic backup src && borg list r && borg extract --dry-run r::a && duplicity src file:///tmp/b && quilt series && quilt diff && stg series && tarsnap -tf a && tarsnap -c -f a src"),
  // GNU global's gtags writes GTAGS, GRTAGS and GPATH into the working folder, as ctags writes tags.
  bash(3330, "block", "path-tricks", "gtags"),
  // A pin: its folder given, its version.
  bash(3331, "allow", "false-asks", "gtags src && gtags --version"),
  // rails runner and rake -e (-p, -E) run Ruby's code given on the line.
  bash(3332, "block", "secrets", "bin/rails runner \"puts File.read('.env')\""),
  bash(3333, "block", "secrets", "rake -e 'puts File.read(\".e\"+\"nv\")'"),
  // Symfony's debug:container --env-vars prints the values .env gives, as debug:dotenv does.
  bash(3334, "block", "secrets", "php bin/console debug:container --env-vars"),
  // Prompts: hardhat's console, and database prompts that run a shell command, write what a query
  // prints or read any file.
  bash(3335, "block", "path-tricks", "npx hardhat console"),
  bash(3336, "block", "path-tricks", "mycli"),
  bash(3337, "block", "path-tricks", "pgcli"),
  bash(3338, "block", "path-tricks", "mongo"),
  // A pin: scripts, tasks, queries given, information.
  bash(3339, "allow", "false-asks", "rails runner src/x.rb && rake test && rake -T && mongo --version && mycli -e 'select 1' && php bin/console debug:container && npx hardhat test"),
  bash(3303, "allow", "false-asks", "perl -d:NYTProf src/x.pl && perl -MList::Util=sum -M-warnings -Isrc -MX src/x.pl && phpdbg -qrr src/x.php && rdbg --version && node --loader ts-node/esm src/x.ts && node --experimental-loader=./src/l.mjs src/x.js"),
];

// Under a scope of `**`: a secret is refused in any scope, and a prompt is asked.
const WIDE: Case[] = [
  bash(3304, "block", "secrets", "cat ${HOME/*/.env}"),
  bash(3305, "block", "path-tricks", "perl -d src/x.pl"),
  bash(3318, "block", "secrets", "cat $x.e*"),
  bash(3329, "block", "path-tricks", "quilt push -a"),
];

redRound(44, 3287, { cases: CASES, wide: WIDE }, {
  cases: "pattern substitutions, debuggers and PHP's prompts, perl -M's code and node --loader data: URLs",
  wide: "under a scope of **, a pattern substitution's .env and perl -d are judged",
});
