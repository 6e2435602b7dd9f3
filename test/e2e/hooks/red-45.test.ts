// Red-team round 45: bypasses of the gating hook and needless asks, numbered on from red-team round
// 44 (which ends at 3363): the same case shape, run in a repository holding a secret (.env, tracked:
// the first commit, HEAD~2, adds it) under a scope of src/**, and (WIDE) under a scope of ** where
// only exo's protected files stand in the way. A "pin" is a case the build before this round
// already judged so, kept to hold the new rules to it.
import { redRound, type RedCase as Case } from "../../helpers/hooks.js";

const bash = (id: number, expect: Case["expect"], cls: string, command: string): Case => ({ id: String(id), channel: "bash", expect, class: cls, command });

const CASES: Case[] = [
  // ansible's ad-hoc arguments and extra variables are templates rendered on this machine: lookup's
  // file reads any file, its pipe runs a command.
  bash(3364, "block", "secrets", "ansible localhost -m debug -a 'msg={{ lookup(\"file\", \".env\") }}'"),
  bash(3365, "block", "secrets", "ansible localhost -m debug -a 'msg={{ lookup(\"pipe\", \"cat .e\" + \"nv\") }}'"),
  bash(3366, "block", "secrets", "ansible localhost -m debug -a var=x -e 'x={{ lookup(\"pipe\", \"cat .env\") }}'"),
  // ansible-console runs the ad-hoc tasks typed at its prompt, or fed to it.
  bash(3367, "block", "path-tricks", "ansible-console localhost"),
  bash(3368, "block", "secrets", "echo 'shell cat .env' | ansible-console localhost"),
  // A pin: arguments with no template, variables, information.
  bash(3369, "allow", "false-asks", "ansible localhost -m ping && ansible localhost -m debug -a 'msg=hello' && ansible all -i src/hosts -m ping -e ansible_user=x && ansible-console --version"),
  // A prompt fed from a pipe, a here-string or a file runs what it is fed, as it runs what is typed
  // into its terminal: each was read only unfed.
  bash(3371, "block", "secrets", "echo 'system cat .env' | mycli"),
  bash(3372, "block", "secrets", "flask shell <<< 'print(open(\".env\").read())'"),
  bash(3373, "block", "secrets", "echo ':! cat .env' | cabal repl"),
  bash(3374, "block", "secrets", "echo '!print(open(\".env\").read())' | pdb3 src/x.py"),
  bash(3375, "block", "secrets", "echo 'builtins.readFile ./.env' | nix repl"),
  bash(3376, "block", "secrets", "echo 'puts File.read(\".env\")' | pry"),
  // terraform's and OpenTofu's console evaluate expressions (file(PATH) prints any file); jsonnet -e's
  // code imports any file.
  bash(3377, "block", "secrets", "terraform console <<< 'file(\".env\")'"),
  bash(3378, "block", "secrets", "echo 'file(\".env\")' | tofu console"),
  bash(3379, "block", "path-tricks", "terraform console"),
  bash(3380, "block", "secrets", "jsonnet -e 'importstr \".env\"'"),
  bash(3384, "block", "secrets", "terraform -chdir=src console <<< 'file(\"../.env\")'"),
  // Prompts of other languages, bare or fed: babashka, Rhino, CoffeeScript, Kotlin, CHICKEN's csi,
  // Raku, Go's gore and yaegi, Rust's evcxr.
  bash(3385, "block", "secrets", "echo '(print (slurp \".env\"))' | bb"),
  bash(3386, "block", "secrets", "echo 'print(readFile(\".env\"))' | rhino"),
  bash(3387, "block", "path-tricks", "coffee"),
  bash(3388, "block", "path-tricks", "kotlin"),
  bash(3389, "block", "path-tricks", "csi src/x.scm"),
  bash(3390, "block", "path-tricks", "gore"),
  bash(3391, "block", "path-tricks", "evcxr"),
  bash(3392, "block", "path-tricks", "yaegi"),
  bash(3393, "block", "path-tricks", "raku"),
  bash(3394, "allow", "false-asks", "bb src/x.clj && echo x | bb src/x.clj && coffee src/x.coffee && coffee -c src && kotlin src/x.kts && rhino src/x.js && csi -s src/x.scm && yaegi run src/x.go && raku src/x.raku && qjs src/x.js && bb tasks && gore --version"),
  // gdb's other builds and front ends and lldb's versioned names, rr replay's gdb, radare2's and
  // rizin's prompts (`!CMD` runs a shell command) and their -c and -i commands.
  bash(3395, "block", "secrets", "echo 'shell cat .env' | gdb-multiarch"),
  bash(3396, "block", "path-tricks", "cgdb src/x"),
  bash(3397, "block", "path-tricks", "lldb-15"),
  bash(3398, "block", "path-tricks", "rr replay"),
  bash(3399, "block", "path-tricks", "r2 src/x"),
  bash(3400, "block", "secrets", "echo '!cat .env' | rizin -"),
  bash(3401, "block", "path-tricks", "radare2 -qi src/x.r2 src/x"),
  bash(3402, "allow", "false-asks", "cgdb --version && rr replay -a && rr record src/x && r2 -q src/x && r2 -v && rabin2 -I src/x"),
  // Programs that write a folder named bare: unison's roots, azcopy's destination, fossil open's
  // -workdir (else the working folder), copier's destination.
  bash(3404, "block", "path-tricks", "unison src docs -batch"),
  bash(3405, "block", "path-tricks", "azcopy copy https://a.blob.core.windows.net/c docs --recursive"),
  bash(3406, "block", "path-tricks", "fossil open x --workdir docs"),
  bash(3407, "block", "path-tricks", "copier update"),
  bash(3408, "allow", "false-asks", "unison src src/b -batch && unison src ssh://h/x -batch && unison -version && azcopy copy https://a.blob.core.windows.net/c src/x && azcopy sync src https://a.blob.core.windows.net/c && fossil open x -workdir=src/f && copier update src/p"),
  // mdbook build -d DIR (--dest-dir) writes the book there; mdbook init and docsify init write a
  // new book or site into the folder they are given, else the working folder.
  bash(3409, "block", "path-tricks", "mdbook build -d docs"),
  bash(3410, "block", "path-tricks", "mdbook init docs"),
  bash(3411, "block", "path-tricks", "docsify init docs"),
  bash(3412, "block", "path-tricks", "mdbook init"),
  bash(3413, "allow", "false-asks", "mdbook build && mdbook build -d src/out && mdbook init src/book && docsify init src/d && mdbook --version"),
  // Database and cluster prompts with a shell escape or a language that opens files, bare or fed;
  // MySQL Shell's -e runs JavaScript.
  bash(3414, "block", "secrets", "echo '\\system cat .env' | mysqlsh"),
  bash(3415, "block", "secrets", "echo '!sh cat .env' | beeline"),
  bash(3416, "block", "secrets", "echo '\\! cat .env' | cockroach sql --insecure"),
  bash(3417, "block", "secrets", "echo 'print(open(\".env\").read())' | pyspark"),
  bash(3418, "block", "path-tricks", "sqlplus"),
  bash(3419, "block", "path-tricks", "arangosh"),
  bash(3420, "block", "secrets", "mysqlsh -e \"print(os.loadTextFile('.env'))\""),
  bash(3421, "allow", "false-asks", "beeline -e 'select 1' && hive -f src/q.hql && trino --execute 'select 1' && cockroach sql -e 'select 1' && cockroach start-single-node --insecure && pyspark --version && sqlplus -V"),
  // Dhall fed an expression: its imports read any file.
  bash(3422, "block", "secrets", "dhall <<< './.env as Text'"),
  bash(3423, "block", "secrets", "echo './.env as Text' | dhall-to-json"),
  bash(3424, "allow", "false-asks", "dhall --file conf/x.dhall && dhall-to-json --file conf/x.dhall && dhall-to-yaml --file=conf/x.dhall && dhall type --file src/x.dhall && dhall lint < src/x.dhall"),
  // A pin: prompts told what to run or only asked for information, fed or not (a jsonnet file of the
  // scope runs what it imports since red-team round 49, so these name one outside it).
  bash(3381, "allow", "false-asks", "echo x | mycli -e 'select 1' && echo x | pry --version && echo y | rails console --help && terraform console -help && terraform -chdir=src plan && jsonnet conf/x.jsonnet && jsonnet -J src/lib conf/x.jsonnet"),
];

// Under a scope of `**`: a secret is refused in any scope, and a prompt is asked.
const WIDE: Case[] = [
  bash(3370, "block", "secrets", "ansible localhost -m debug -a 'msg={{ lookup(\"file\", \".env\") }}'"),
  bash(3382, "block", "secrets", "echo 'system cat .env' | mycli"),
  bash(3383, "block", "secrets", "terraform console <<< 'file(\".env\")'"),
  bash(3403, "block", "secrets", "echo '!cat .env' | r2 -"),
];

redRound(45, 3364, { cases: CASES, wide: WIDE }, {
  cases: "ansible's templates and prompt, prompts fed from their input, terraform console and jsonnet -e",
  wide: "under a scope of **, ansible's lookups and fed prompts are judged",
});
