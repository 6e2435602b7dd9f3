// Write (and read) targets of a shell command line (SPEC §7.4), pure. A small real tokenizer:
// quotes, escapes, operators, redirections, here-documents, $(…) and backquotes, grouping.
import { posix } from "node:path";
import { shellWord as quote } from "./quote.js";

import { has, operands } from "./argv.js";
import { programGlob } from "./globs.js";
import { joinCandidates, printedBy } from "./printed.js";
import { CLOSES_WORK, INSTALLS_HOOKS, NEW_FENCE_FLAGS, procSelfCwd, SETS_FENCE, TAKES_HOOKS_OUT, TAKES_OTHERS_WORK, TICKET_SCOPE_FLAGS, WIDENS_SCOPE } from "./shell-words.js";
export { CLOSES_WORK, INSTALLS_HOOKS, NEW_FENCE_FLAGS, procSelfCwd, SETS_FENCE, TAKES_HOOKS_OUT, TAKES_OTHERS_WORK, TICKET_SCOPE_FLAGS, WIDENS_SCOPE };
import { childItemTrees, CONTENT_PRINTERS, copyTrees, diffTrees, findHow, gitGrepTrees, listedTrees, searchTrees, tarHow, type TreeHow } from "./tree-reads.js";

export type Action = "read" | "write" | "delete";

export interface ShellTarget {
  path: string; // absolute, lexically normalised
  action: Action;
}

export interface ShellResult {
  targets: ShellTarget[];
  unknown: string[];
  /**
   * Writes inferred from a command's effect rather than its syntax (formatters, package managers,
   * downloads, find -delete, unknown programs given a path). The decision treats one that would
   * not be allowed as an unknown write (SPEC §7.4, docs/hooks.md "write classes").
   */
  maybe?: (ShellTarget & { label: string; via?: string; unknown?: true })[];
  /**
   * Commands that take exo's own enforcement out (`exo hook-install --uninstall`, git's hooks
   * switched off) or widen the agent's own scope: refused to agents whatever the scope.
   */
  forbidden?: Forbidden[];
  /**
   * New work that gets a fence of its own (`exo intent-create`, `exo ticket-create` without a
   * parent or with its own scope allow list or budget): refused to an agent in a session, which
   * could suspend it and start one on the new work (docs/hooks.md).
   */
  fences?: Forbidden[];
  /**
   * Guarding reads: folders a program reads every file below (grep -r, rg, diff -r, tar -c, cp -r),
   * absolute, with how it walks them; the hook looks below each for files a read-deny rule names.
   */
  trees?: TreeRead[];
}

/** A folder a program reads every file below (kernel/tree-reads.ts). */
export interface TreeRead extends TreeHow {
  path: string;
  label: string;
  /** A read of a name exo cannot work out: the folders a read-deny rule names outside the work tree (~/.ssh) are read too. */
  anywhere?: true;
}

export interface Forbidden {
  /** What the command does, e.g. "exo hook-install --uninstall". */
  what: string;
  code: "HOOKS_TAMPERED" | "EXO_STATE_PROTECTED";
  /** Why an agent may not, and who may. */
  why: string;
}

const SKIPS_GIT_HOOKS = "an agent may not switch exo's git hooks off; commit normally, and exo's pre-commit checks the staged files against your scope";
const REPLACES_GIT_HOOKS = "an agent may not install another git hooks manager: it points git's hooks folder away from exo's or writes over exo's git hooks; ask a person to run it";
const COMMITS_PAST_HOOKS = "an agent may not make a commit or move a branch past exo's pre-commit; commit with git commit, and exo's pre-commit checks the staged files against your scope";

export interface ShellContext {
  cwd: string;
  /** The command runs on a terminal (inside script -c): nohup writes nohup.out, pagers run. */
  tty?: boolean;
  home: string;
  vars?: Record<string, string>;
  /** Expand a glob word against the filesystem; null or [] = no match (the word stays). `dot`: `*` matches names that start with a dot. */
  glob?: (pattern: string, cwd: string, dot?: boolean, nocase?: boolean) => string[] | null;
  /** Is this absolute path an existing directory? (cp/mv DEST) */
  isDirectory?: (path: string) => boolean;
  /** Is this absolute path an existing file (not a folder)? A bare word naming one is a path (Makefile, LICENSE). */
  isFile?: (path: string) => boolean;
  guardReads?: boolean;
  /** Keep `..` segments (joined, not collapsed) so the caller can resolve symlinks first. */
  raw?: boolean;
  /** The top of the work tree: exo resolves some of its own relative paths (worktree-create --path) from there. */
  root?: string;
  /**
   * The text of a script a command runs (`./x.sh`, `bash x.sh`): false when no regular file is
   * there, null when it is one exo does not read (over 64 KB, unreadable).
   */
  readScript?: (path: string) => string | false | null;
  /** Does folder `path` hold a symlink at any depth (true too when there are too many entries to look at)? */
  hasLinks?: (path: string) => boolean;
  /** The physical path of an existing file (its links followed), null when there is none. */
  realPath?: (path: string) => string | null;
  /** (A command string run from a line:) the folder it starts in is one exo could not follow; `cwd` is only a stand-in. */
  lost?: boolean;
  /** The variables the line has exported with a plain literal (`export d=src/api`, `d=src/api bash -c …`): a program it starts has them. */
  inherit?: Record<string, string>;
  /** (A command string a shell runs, `bash -c STR`:) it starts with `inherit` set. */
  shellString?: boolean;
  /** (A command string run from a line:) other folders it may start in (see `alts` in walk). */
  alts?: (string | null)[];
  /**
   * How a plain `cd` reads `..`: false logically (bash's default), null either way (after `set -P`,
   * `set -o physical`, zsh's chase_links: exo judges both placements, the shell being bash or zsh).
   */
  physical?: boolean | null;
  /** The shell starts with cd's meaning changed (bash -O cdable_vars): a cd leaves the folder unknown. */
  cdUnsure?: boolean;
  /** The commands run in `sh` or `dash`, which may have no pushd or popd (dash): they may fail. */
  plainSh?: boolean;
  /** The line is PowerShell's (its wildcards expand in quotes too and match dot files; a pipe's strings bind to -Path). */
  powershell?: boolean;
  /**
   * The text is typed into a shell that keeps its state between calls (Codex's write_stdin,
   * Copilot's write_bash): what it leaves behind (a folder, a variable, an unfinished line) reaches
   * the next text typed, which exo judges on its own.
   */
  typed?: boolean;
  /** $TMPDIR of the shell, where mktemp makes its files (/tmp when unset). */
  tmpdir?: string;
  /**
   * The files (absolute) git's index holds under an object id that starts with one of `ids` (a blob
   * named by its id), null when git cannot say; `unplaced` gets the ids of blobs it does not hold.
   */
  objectPaths?: (ids: string[], unplaced?: string[]) => string[] | null;
  /**
   * The files (absolute) whose patch a git command prints, from `git ARGV --name-only` that exo built
   * itself (gitPatchQuery) and runs in `folder`; null when git cannot say.
   */
  patchPaths?: (folder: string, argv: string[]) => string[] | null;
  /** What the git alias `name` stands for in `folder`'s configuration, null when it is none (or names one of git's own commands). */
  gitAlias?: (folder: string, name: string) => string | null;
}

export interface Word {
  text: string;
  /** An expansion exo cannot resolve ($VAR, $(…), `…`) is left in the word. */
  dynamic: boolean;
  /** Unquoted glob characters. */
  glob: boolean;
  quoted: boolean;
  /** An unquoted `{` was part of the word: bash may brace-expand it into several words. */
  brace?: boolean;
  /**
   * The expansion the word starts with, nothing literal before it: "$(" (a command substitution or
   * backquotes), "${" (a ${…} with an operator), or the variable's name (x for $x or ${x}).
   */
  lead?: string;
  /** The text of the word's first $(…) when it is its first expansion. */
  body?: string;
  /** The word's one variable and the operator applied to it (`${x,,}`: x and `,,`; `$x`: x and ""), for a read composed from the line's literals. */
  param?: { name: string; op: string };
  /** Every expansion left in the word, in order, named as `lead` names them (x for $x, "$(" …). */
  expansions?: string[];
  /** Each expansion as written (`x`, `x[0]`, `x[*]// /`, `$(` for a command substitution) and where in `text` it stands: a read composed from the line's values. */
  marks?: { at: number; raw: string }[];
  /** Where the word starts in the text parsed (a here-document's delimiter is read as written). */
  start?: number;
  /** Where in `text` the literal part after the word's last expansion starts (`$ROOT/.env`: 0, the tail `/.env`). */
  tailAt?: number;
  /** The default of its only expansion (`${X:-.e}`) and where in the text it stands: the word it may be. */
  fallback?: { at: number; text: string };
  /**
   * Its command substitutions ($(…) and backquotes), in order: where in `text` each stands, its
   * command, and whether it was inside double quotes (else the shell splits what it prints).
   */
  subs?: { at: number; body: string; quoted: boolean }[];
  /** The word is a process substitution's pipe (`<(cmd)`, `>(cmd)`, zsh's `=(cmd)`): /dev/fd/N, no file of the project. */
  procsub?: boolean;
  /**
   * The program matches the word's pattern characters itself (git's pathspecs, a formatter's
   * globs): at any depth and into dot folders (.exo, .claude), whatever the shell left of it.
   */
  selfGlob?: boolean;
}

interface Redirect {
  op: string;
  target: Word | null;
}

interface Simple {
  words: Word[];
  redirects: Redirect[];
  heredocInput: boolean;
  /** The text of the here-documents the command reads (`apply_patch <<'EOF'` gives its patch so); null when one expands `$`. */
  heredocBody?: string | null;
  /** The command reads a pipe (`… | cmd`): what it reads may be a program or an editing script. */
  piped?: boolean;
  /** The command writes into a pipe (`cmd | …`). */
  pipesOut?: boolean;
  /**
   * The subshells the command runs in, outermost first: `( … )` groups, and a command of a
   * pipeline or sent to the background, which bash runs in a subshell of its own. A `cd` in one
   * changes nothing for the commands after it.
   */
  subshells?: number[];
  /** The operator before the command in its list: `&&` or `||` make it conditional. */
  after?: "&&" | "||";
  /** The command is `name()`: a function definition (its body runs only when called). */
  defines?: boolean;
  /** The words are an array's elements (`x=(a b)`, `x+=(c)`, `declare -a x=(…)`), no command. */
  elements?: boolean;
}

interface Parsed {
  commands: Simple[];
  /** Bodies of $(…) and backquotes, parsed recursively by the caller; `at`: the index of the command they run with. */
  nested: { body: string; at: number }[];
  /** Expansions that run code exo cannot see (${x@P}). */
  opaque: string[];
  /** Keys of zsh's mapfile array the line expands (`$mapfile[F]`, `${mapfile[F]}`): files it reads. */
  mapfileReads: string[];
  /** The words a `${x:-WORD}`, `${x=WORD}`, `${x:+WORD}` … may expand to: literal words of the line for its reads. */
  defaults: string[];
  /** Variables a `${x=WORD}`, `${x:=WORD}` (zsh's `${x::=WORD}`) may set. */
  setByDefault: string[];
  /** The text ends inside a quote, a substitution, a group, a here-document, after `|`, `&&`, `||` or a `\` at the end of a line: the shell waits for more. */
  unfinished: boolean;
}

const GLOB_CHARS = /[*?[]/;
/** A zsh glob qualifier that runs code: e with its delimiter (e:…:, e'…'), or +NAME (a function). */
const ZSH_RUNS = /e[:'"+/{[<,#%^~=!@;]|\+[A-Za-z_]/;
/** Characters a program's own pattern matcher reads (fast-glob's braces, extglobs and negation too). */
const SELF_GLOB_CHARS = /[*?[{}()!]/;

/** The folder before a pattern's first segment with a pattern character: all a program that matches it itself may reach. */
function patternBase(pattern: string): string {
  const segments = pattern.split("/");
  const k = segments.findIndex((s) => SELF_GLOB_CHARS.test(s));
  const base = segments.slice(0, k).join("/");
  return base === "" ? (pattern.startsWith("/") ? "/" : ".") : base;
}
const KNOWN_VARS = new Set(["HOME", "PWD", "CLAUDE_PROJECT_DIR"]);
/** A command substitution that only prints the working folder: $(pwd), `pwd -P`. */
const PWD_ONLY = /^\s*pwd(\s+-[LP])?\s*$/;

/**
 * zsh's mapfile module (`zmodload zsh/mapfile`) maps the associative array `mapfile` onto files:
 * `mapfile[docs/x]=text` writes docs/x, `unset 'mapfile[F]'` deletes F, `$mapfile[F]` and
 * `${mapfile[F]}` read F (the parser collects those keys, `reads`), and an array assigned to it
 * writes every key (all allowed before red-team round 20). `cwd` is null when the line changes folder.
 */
function zshMapfile(commands: readonly Simple[], reads: readonly string[], cwd: string | null, ctx: ShellContext, result: ShellResult): void {
  const judge = (raw: string, action: Action, computed: boolean) => {
    const key = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
    if (computed || /[$\x60*?[]/.test(key) || key === "" || (cwd === null && !key.startsWith("/"))) {
      if (action === "read") COMPUTED_READ.add(result);
      else result.unknown.push(`zsh's mapfile[${key}] ${action === "delete" ? "deletes" : "writes"} a file exo cannot name`);
      return;
    }
    if (action !== "read" || ctx.guardReads) result.targets.push({ path: place(cwd ?? "/", key.startsWith("~/") ? ctx.home + key.slice(1) : key, false), action });
  };
  for (const key of reads) judge(key, "read", false);
  for (const c of commands) {
    const unset = c.words[0]?.text === "unset";
    for (const w of c.words) {
      const element = /^mapfile\[(.*)\](\+?=)?/s.exec(w.text);
      if (element && element[2] !== undefined) judge(element[1] as string, "write", w.dynamic);
      else if (element && unset) judge(element[1] as string, "delete", w.dynamic);
      else if (/^mapfile\+?=/.test(w.text)) result.unknown.push("an array assigned to zsh's mapfile writes the files its keys name");
    }
  }
}

/** Tokenise a command line into simple commands. */
/**
 * Quotes around an option change nothing for the program, which gets the same argv: `ls '-A'`,
 * `rg '-uu'`, `git ls-files '-o'`, `--format="%(objectname)"` are options, not operands (read as
 * files before red-team round 22, so `ls '-A' | xargs cat` listed no dot file).
 */
function unquotedOption(w: Word): Word {
  return w.quoted && !w.dynamic && w.text.length > 1 && w.text.startsWith("-") ? { ...w, quoted: false } : w;
}

/** Words before which a `(` opens a subshell or a pattern list, not a zsh glob group: `if (…)`, `case x in (a)`, `[[ ( … ) ]]`. */
const GROUP_OPENERS = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "coproc", "{", "time", "case", "in", "[[", "for", "select", "function"]);

function parse(input: string, vars: Record<string, string>, powershell = false): Parsed {
  const commands: Simple[] = [];
  const nested: { body: string; at: number }[] = [];
  // A substitution runs when its command does, in the folder the shell is in then (before red-team
  // round 15 all of them were judged from the line's first folder: `cd docs; echo "$(touch src/x)"`).
  const sub = (...bodies: string[]) => {
    for (const body of bodies) nested.push({ body, at: commands.length });
  };
  const opaque: string[] = [];
  const mapfileReads: string[] = [];
  const defaults: string[] = [];
  const setByDefault: string[] = [];
  /** Names the line's arithmetic reads: their values are arithmetic too. */
  const arithmeticRefs: string[] = [];
  let current: Simple = { words: [], redirects: [], heredocInput: false };
  let word: Word | null = null;
  let pendingRedirect: string | null = null;
  // A here-document whose delimiter has no quote expands $(…), `…` and ${…} in its body.
  const heredocs: { delim: string; strip: boolean; expands: boolean; cmd: Simple }[] = [];
  const endWord = () => {
    if (!word) return;
    const done: Word = word;
    word = null;
    if (pendingRedirect !== null) {
      const op = pendingRedirect;
      pendingRedirect = null;
      if (op.startsWith("<<") && op !== "<<<") {
        // The delimiter is the word as written, quotes removed and nothing expanded: `<<$x` ends at a
        // line `$x` (before red-team round 15 exo expanded it and read the rest of the line as the body).
        const raw = done.start !== undefined ? input.slice(done.start, i) : "";
        const delim = /\$(?!')|\x60/.test(raw) ? quoteRemoved(raw) : done.text;
        heredocs.push({ delim, strip: op === "<<-", expands: !done.quoted, cmd: current });
        current.heredocInput = true;
      } else {
        if (op === "<<<") current.heredocInput = true; // a here-string is the program's input too
        for (const target of braceWords(done)) current.redirects.push({ op, target });
      }
    } else {
      current.words.push(...braceWords(done).map(unquotedOption));
      // `for f do cmd` (and select's): the `do` with no `;` before it starts the body, a command of
      // its own, as after `for f;` (read as part of the loop's syntax before red-team round 34, so
      // `for f do rm -rf docs; done` ran a command exo never judged).
      const ws = current.words;
      const lead = ws.findIndex((x) => x.quoted || !LEADING_KEYWORDS.has(x.text));
      if (done.text === "do" && !done.quoted && lead >= 0 && ws.length === lead + 3 && ["for", "select"].includes(ws[lead]?.text ?? "") && !ws[lead]?.quoted && current.redirects.length === 0) {
        ws.pop();
        endCommand();
        current.words.push(done);
      }
    }
  };
  // Subshells open at this point (`(` groups), a counter naming each, and whether the command
  // being read comes after a `|` (so runs in a subshell of its own).
  const groups: number[] = [];
  let groupCount = 0;
  let afterPipe = false;
  let afterOp: "&&" | "||" | undefined;
  const endCommand = (alone = false, pipesOut = false) => {
    endWord();
    if (pendingRedirect !== null) {
      current.redirects.push({ op: pendingRedirect, target: null });
      pendingRedirect = null;
    }
    if (current.words.length > 0 || current.redirects.length > 0) {
      const own = alone || afterPipe;
      if (own || groups.length > 0) current.subshells = own ? [...groups, ++groupCount] : [...groups];
      if (afterOp) current.after = afterOp;
      continues = false;
      if (afterPipe) current.piped = true;
      if (pipesOut) current.pipesOut = true;
      if (arrayGroup !== null && groups.at(-1) === arrayGroup) current.elements = true;
      commands.push(current);
      afterOp = undefined;
    }
    current = { words: [], redirects: [], heredocInput: false };
    afterPipe = false;
  };
  /** The text ends before the shell can run it (see Parsed.unfinished). */
  let unfinished = false;
  /** A line ended after `|`, `&&` or `||`: the command the shell waits for. */
  let continues = false;
  /** The group that holds an array's elements (`x=(a b)`), while it is open. */
  let arrayGroup: number | null = null;
  const w = (): Word => (word ??= { text: "", dynamic: false, glob: false, quoted: false, start: i });
  /** The word holds an expansion exo cannot resolve; `lead` when nothing literal comes before it. */
  const expands = (lead: string, raw = lead) => {
    const cur = w();
    if (!cur.dynamic && cur.text === "") cur.lead = lead;
    cur.dynamic = true;
    (cur.expansions ??= []).push(lead);
    (cur.marks ??= []).push({ at: cur.text.length, raw });
    cur.tailAt = cur.text.length;
  };
  const readBalanced = (start: number, open: string, close: string): number => {
    let depth = 1;
    let i = start;
    let q: string | null = null;
    for (; i < input.length; i++) {
      const c = input[i] as string;
      if (q) {
        if (c === "\\" && q === '"') i++;
        else if (c === q) q = null;
        continue;
      }
      if (c === "'" || c === '"') q = c;
      else if (c === "\\") i++;
      else if (c === open) depth++;
      else if (c === close && --depth === 0) return i;
    }
    return input.length;
  };
  /** The end of a glob group `(…)` opening at `at` (zsh's code-running qualifiers noted as opaque). */
  const globGroupEnd = (at: number): number => {
    const end = readBalanced(at + 1, "(", ")");
    if (ZSH_RUNS.test(input.slice(at + 1, end))) opaque.push(`zsh runs the code of the glob qualifier in ${input.slice(at, end + 1)}`);
    return end;
  };
  /** Glue the glob group `(…)` from `at` to `end` into the current word, which exo cannot place; returns where reading goes on. */
  const glueGroup = (at: number, end: number): number => {
    sub(...substitutions(input.slice(at + 1, end)));
    w().text += input.slice(at, end + 1);
    w().dynamic = true;
    return end + 1;
  };
  // $(pwd) and `pwd` are $PWD, known while nothing in the line changes folder (allowed before
  // red-team round 19 as a computed word, so `cat $(pwd)/.env` was not judged): the word gets it.
  const pwdOnly = (body: string): boolean => {
    if (!PWD_ONLY.test(body) || vars["PWD"] === undefined) return false;
    w().text += vars["PWD"];
    return true;
  };
  /** A backquoted command substitution starting at `i`: its end (-1 when unclosed). */
  const backquoted = (i: number): number => {
    const end = input.indexOf("`", i + 1);
    if (end < 0) unfinished = true;
    if (end > 0 && pwdOnly(input.slice(i + 1, end))) return end;
    sub(input.slice(i + 1, end < 0 ? input.length : end));
    (w().subs ??= []).push({ at: w().text.length, body: input.slice(i + 1, end < 0 ? input.length : end), quoted: inDouble });
    expands("$(");
    return end;
  };
  const dollar = (i: number): number => {
    const next = input[i + 1];
    if (next === "(") {
      // $(( is arithmetic only when it closes with )); `$((cmd) )` is a command substitution of a
      // subshell, which bash runs (before red-team round 15 it was read as arithmetic and passed).
      if (input[i + 2] === "(" && input[readBalanced(i + 3, "(", ")") + 1] === ")") {
        const end = readBalanced(i + 3, "(", ")");
        // Arithmetic, but $(…) and `…` inside it still run, and its assignments hold after it
        // (`: $((d=0))` set d unseen before red-team round 29).
        sub(...substitutions(input.slice(i + 3, end)));
        setByDefault.push(...arithmeticSets(input.slice(i + 3, end), arithmeticRefs));
        expands("$((");
        return Math.min(end + 1, input.length - 1);
      }
      const end = readBalanced(i + 2, "(", ")");
      if (end >= input.length) unfinished = true;
      if (pwdOnly(input.slice(i + 2, end))) return end;
      sub(input.slice(i + 2, end));
      (w().subs ??= []).push({ at: w().text.length, body: input.slice(i + 2, end), quoted: inDouble });
      expands("$(");
      if (w().expansions?.length === 1) w().body = input.slice(i + 2, end);
      return end;
    }
    if (next === "{") {
      const end = readBalanced(i + 2, "{", "}");
      if (end >= input.length) unfinished = true;
      const name = input.slice(i + 2, end);
      const element = /^mapfile\[(.*)\]$/s.exec(name);
      if (element) mapfileReads.push(element[1] as string);
      // An argument a script or command string was given, with an operator (`sh -c 'cat "${1,,}"' _
      // .ENV`): the operator applied to it, or asked when exo cannot work out one value (read as a
      // variable exo does not know before red-team round 35, so the secret was read unseen).
      const given = /^([1-9@*])([^-=?+:}][^]*|:(?![-=?+])[^]*)$/.exec(name);
      if (given && vars[given[1] as string] !== undefined && vars[given[1] as string] !== SOME_ARGUMENTS) {
        const got = /^[1-9]$/.test(given[1] as string) ? applyParam(vars[given[1] as string] as string, given[2] as string) : null;
        if (got && new Set(got).size === 1) w().text += got[0];
        else {
          opaque.push(`\${${name}} applies an operator exo cannot work out to the arguments given`);
          expands("${", name);
        }
        return end;
      }
      if ((KNOWN_VARS.has(name) || /^[1-9]$/.test(name)) && vars[name] !== undefined) w().text += vars[name];
      else {
        // ${x@P} expands the value as a prompt, running the $(…) in it.
        if (/@P$/.test(name)) opaque.push(`\${${name}} runs the command substitutions in a variable's value`);
        // zsh's (e) flag, ${(e)x}, runs them too (allowed before red-team round 14).
        if (/^\([^)]*e[^)]*\)/.test(name)) opaque.push(`\${${name}} runs the command substitutions in a variable's value (zsh's e flag)`);
        // ${x:-$(cmd)}, ${x:=`cmd`}: the default runs.
        sub(...substitutions(name));
        const sets = /^(?:\([^)]*\))?[~=^]*([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?:{0,2}=/.exec(name);
        if (sets) setByDefault.push(sets[1] as string);
        // zsh's (P) flag assigns the variable the value names (`${(P)r::=docs}`): any of them.
        if (sets && /^\([^)]*P/.test(name)) setByDefault.push(ANY_VARIABLE);
        // A subscript (`${a[d=0]}`) and an offset (`${x:0:d=0}`) are arithmetic, and so is a $((…)) in the rest.
        const after = /^[#!]?[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?(:(?![-=?+]).*)?/s.exec(name);
        setByDefault.push(...arithmeticSets(`${after?.[1] ?? ""} ${after?.[2] ?? ""}`, arithmeticRefs), ...arithmeticIn(name, arithmeticRefs));
        // ${x:-.env}, ${1-.env}, ${x:=.env}: the word it may expand to (a reader's operand read
        // unjudged before red-team round 22: `cat "${X:-.env}"`).
        // zsh's flags before the name (`${~x:-.e*}`, `${^x:-…}`, `${=x:-…}`, `${(L)x:-…}`) and its
        // nameless `${:-.env}` give their word the same way (allowed before red-team round 24); a
        // default with literal text around it is read whole (`${:-.e}nv`).
        // A pattern substitution's replacement is the whole expansion when its pattern matches the
        // whole value (`${x/*/.env}`, `${HOME//?*/.env}`; an empty value under `/#` or `/%`; zsh's
        // `${x:/pat/rep}` and `${x:s/old/new/}` too), whatever the value: read as a default is (allowed
        // before red-team round 44).
        const given = /^(?:\([^)]*\))?[~=^]*(?:[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?|[0-9@*#?!-])?(?::?[-=+?])(.+)$/s.exec(name)?.[1] ?? /^(?:\([^)]*\))?[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?:?\/\/?(?:\\.|[^/\\])*\/(.+)$/s.exec(name)?.[1] ?? /^[A-Za-z_][A-Za-z0-9_]*:g?s([^\w\s])(?:(?!\1).)*\1((?:(?!\1).)+)\1?$/s.exec(name)?.[2];
        // Its quotes and escapes are taken out as the shell takes them, and the variables in it
        // expanded, each by its own default or as empty (`${x:-\.env}`, `${x:-.e"n"v}`,
        // `${x:-$'\x2eenv'}`, `${x:-${y:-.env}}`, `${a[0]:-.env}` were read as written, or not at
        // all, before red-team round 44).
        if (given !== undefined && !/\$\(|\x60/.test(given)) {
          const one = /[\\'"$]/.test(given) ? parse(given, vars).commands : [];
          const only = one.length === 1 && one[0]?.words.length === 1 ? one[0].words[0] : undefined;
          const text = only === undefined ? given.replace(/^(["'])(.*)\1$/s, "$2") : only.fallback ? only.text.slice(0, only.fallback.at) + only.fallback.text + only.text.slice(only.fallback.at) : only.text;
          if (text !== "") {
            defaults.push(text);
            if (w().fallback === undefined) w().fallback = { at: w().text.length, text };
          }
        }
        expands(/^([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])$/.test(name) ? name : "${", name);
        const op = /^([A-Za-z_][A-Za-z0-9_]*)(|,,?|\^\^?|~~?|\/\/?[^/]*(?:\/.*)?|##?.+|%%?.+|:\d+(?::\d+)?)$/s.exec(name);
        if (op && w().expansions?.length === 1) w().param = { name: op[1] as string, op: op[2] as string };
      }
      return end;
    }
    // zsh's $~x, $=x and $^x expand x and glob, split or distribute its value (`x='.e*'; cat $~x`;
    // read as the literal text `$~x` before red-team round 23).
    const flagged = /^[~=^]+([A-Za-z_][A-Za-z0-9_]*)/.exec(input.slice(i + 1));
    if (flagged) {
      expands(flagged[1] as string);
      if (w().expansions?.length === 1) w().param = { name: flagged[1] as string, op: "" };
      return i + flagged[0].length;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9@*#?$!-]/.exec(input.slice(i + 1));
    if (!m) {
      w().text += "$";
      return i;
    }
    const name = m[0];
    // zsh subscripts a plain $name too: $mapfile[F].
    if (name === "mapfile" && input[i + 1 + name.length] === "[") {
      const close = input.indexOf("]", i + 2 + name.length);
      if (close > 0) mapfileReads.push(input.slice(i + 2 + name.length, close));
    }
    // zsh subscripts a plain $name (`f=x.env; cat $f[2,-1]` reads .env there; bash globs
    // `[2,-1]` after the value): the name it makes is not worked out, as `${f[2,-1]}` (taken for
    // the value and a glob before red-team round 35's lead review, so the secret was read unseen).
    const subscript = /^[A-Za-z_]/.test(name) && input[i + 1 + name.length] === "[" ? /^\[[^\]\s'"]*\]/.exec(input.slice(i + 1 + name.length))?.[0] : undefined;
    if (subscript !== undefined && name !== "mapfile") {
      expands(name, `(subscript)${name}${subscript}`);
      return i + name.length + subscript.length;
    }
    // zsh applies modifiers to a plain $name too (`f=/x/.env; cat $f:t` reads .env there, `$f:r`,
    // `$f:s/x/.e/`): read as `${f:t}` is (taken for the value and the text `:t` before red-team round 44).
    const modifiers = /^[A-Za-z_]/.test(name) ? /^(?::(?:[aAcehlpPqQrtux&]|g?s\/[^/\s]*\/[^/\s]*\/?))+(?=$|[\s:;&|)"'/}])/.exec(input.slice(i + 1 + name.length))?.[0] : undefined;
    if (modifiers !== undefined && !(KNOWN_VARS.has(name) && vars[name] !== undefined)) {
      expands("${", `${name}${modifiers}`);
      return i + name.length + modifiers.length;
    }
    if ((KNOWN_VARS.has(name) || /^[1-9]$/.test(name)) && vars[name] !== undefined) w().text += vars[name];
    else {
      expands(name);
      if (w().expansions?.length === 1 && /^[A-Za-z_]/.test(name)) w().param = { name, op: "" };
    }
    return i + name.length;
  };
  let i = 0;
  /** Reading inside double quotes (a command substitution there is not split). */
  let inDouble = false;
  while (i < input.length) {
    const c = input[i] as string;
    if (c === "\n") {
      if (word === null && current.words.length === 0 && current.redirects.length === 0 && (afterPipe || afterOp !== undefined)) continues = true;
      endCommand();
      // Here-document bodies follow the line that opened them: skip them as data.
      i++;
      while (heredocs.length > 0) {
        const h = heredocs.shift() as { delim: string; strip: boolean; expands: boolean; cmd: Simple };
        const body: string[] = [];
        for (;;) {
          if (i >= input.length) {
            unfinished = true;
            break;
          }
          const nl = input.indexOf("\n", i);
          const line = input.slice(i, nl < 0 ? input.length : nl);
          i = nl < 0 ? input.length : nl + 1;
          if ((h.strip ? line.replace(/^\t+/, "") : line) === h.delim) break;
          body.push(h.strip ? line.replace(/^\t+/, "") : line);
        }
        const text = body.join("\n");
        if (h.expands) {
          const at = commands.indexOf(h.cmd);
          for (const body of substitutions(text)) nested.push({ body, at: at < 0 ? commands.length : at });
          setByDefault.push(...arithmeticIn(text, arithmeticRefs));
          // The body's own expansions of zsh's mapfile read its keys' files.
          for (const m of text.matchAll(/\$\{?mapfile\[([^\]]*)\]/g)) mapfileReads.push(m[1] as string);
        }
        if (h.cmd.heredocBody !== null) h.cmd.heredocBody = h.expands && /[$`\\]/.test(text) ? null : `${h.cmd.heredocBody ?? ""}${text}\n`;
      }
      continue;
    }
    if (c === " " || c === "\t") {
      endWord();
      i++;
      continue;
    }
    if (c === "#" && !word) {
      const nl = input.indexOf("\n", i);
      i = nl < 0 ? input.length : nl;
      continue;
    }
    if (c === "\\") {
      if (i + 1 >= input.length || (input[i + 1] === "\n" && i + 2 >= input.length)) unfinished = true;
      if (input[i + 1] === "\n") i += 2;
      else {
        w().text += input[i + 1] ?? "";
        w().quoted = true;
        i += 2;
      }
      continue;
    }
    if (c === "'") {
      const end = input.indexOf("'", i + 1);
      if (end < 0) unfinished = true;
      w().text += input.slice(i + 1, end < 0 ? input.length : end);
      w().quoted = true;
      i = end < 0 ? input.length : end + 1;
      continue;
    }
    if (c === '"') {
      w().quoted = true;
      i++;
      inDouble = true;
      while (i < input.length && input[i] !== '"') {
        const d = input[i] as string;
        if (d === "\\" && i + 1 < input.length && '"\\$`\n'.includes(input[i + 1] as string)) {
          w().text += input[i + 1];
          i += 2;
          continue;
        }
        if (d === "$") i = dollar(i);
        else if (d === "`") {
          const end = backquoted(i);
          i = end < 0 ? input.length : end;
        } else w().text += d;
        i++;
      }
      if (i >= input.length) unfinished = true;
      inDouble = false;
      i++;
      continue;
    }
    if (c === "$" && input[i + 1] === "'") {
      // ANSI-C quoting: $'\x2e\x2e' is "..".
      const { text, end } = ansiC(input, i + 2);
      w().text += text;
      w().quoted = true;
      i = end + 1;
      continue;
    }
    if (c === "$" && input[i + 1] === '"') {
      i++; // $"…" (locale translation) quotes like "…"
      continue;
    }
    if (c === "$") {
      i = dollar(i) + 1;
      continue;
    }
    if (c === "`") {
      const end = backquoted(i);
      i = end < 0 ? input.length : end + 1;
      continue;
    }
    if (c === ";" || c === "|" || (c === "&" && input[i + 1] !== ">")) {
      const doubled = input[i + 1] === c;
      // `a | b` and `a &` run a (and b) in subshells of their own; `;`, `&&` and `||` do not.
      const piped = c === "|" && !doubled;
      endCommand(piped || (c === "&" && !doubled), piped);
      afterPipe = piped;
      if (doubled && (c === "&" || c === "|")) afterOp = c === "&" ? "&&" : "||";
      i += doubled ? 2 : input[i + 1] === "&" && c === "|" ? 2 : 1;
      continue;
    }
    if (c === "(" && word !== null && "?*+@!".includes(input[i - 1] ?? "")) {
      // With extglob (shopt -s extglob on an earlier line, or in the user's shell) ?(…) *(…) +(…)
      // @(…) !(…) are patterns inside the word, not a subshell; with globskipdots off @(..) matches
      // `..`, so src/auth/@(..)/../docs/x names docs/x. The word is one exo cannot place.
      // The $(…) in a pattern run (`[[ x == @($(cmd)) ]]`, allowed before red-team round 15).
      i = glueGroup(i, globGroupEnd(i));
      continue;
    }
    const glued = word as Word | null; // set by w() in closures, which TypeScript does not follow
    if (c === "(" && glued !== null && glued.text !== "" && !glued.text.endsWith("=") && !/^\s*\)/.test(input.slice(i + 1))) {
      // zsh reads a group glued to a word as part of its glob: alternatives (*.(ts|js)) or, at the
      // end, qualifiers; e and + qualifiers run code for every match (ls src(e:'touch docs/x':),
      // allowed before red-team round 14) and modifiers rename it (a.ts(:s/src/docs/)). bash
      // refuses the line. The word is one exo cannot place. PowerShell's calls ([Math]::Max(1, 2),
      // (Get-Date).ToString('yyyy')) are read as before.
      const end = globGroupEnd(i);
      if (!/^\[[^\]]*\]::/.test(glued.text) && (!powershell || !/^\.[A-Za-z_]\w*$/.test(glued.text))) {
        i = glueGroup(i, end);
        continue;
      }
    }
    if (c === "(" && word === null && powershell && current.words.length === 0 && /(^|[^&])&\s*$/.test(input.slice(0, i))) {
      // PowerShell's call operator on an expression, `& ('New-' + 'Item') docs/x`: a command name
      // computed at run time (read before red-team round 23 as a subshell, and docs/x as a program).
      const end = readBalanced(i + 1, "(", ")");
      sub(input.slice(i + 1, end));
      w().text += input.slice(i, end + 1);
      w().dynamic = true;
      i = end + 1;
      continue;
    }
    if (c === "(" && word === null && powershell && current.words.length > 0) {
      // PowerShell's argument made of string literals joined with + (`gc ('.e' + 'nv')`) is that
      // text (read before red-team round 24 as a subshell whose first literal was a program).
      const end = readBalanced(i + 1, "(", ")");
      const folded = psConstant(input.slice(i + 1, end));
      if (folded !== null) {
        // A list is that many arguments (`gc ('.env','x')` read nothing exo judged before red-team round 25).
        folded.forEach((item, k) => {
          if (k > 0) endWord();
          w().text += item;
          w().quoted = true;
        });
        i = end + 1;
        continue;
      }
      // Another expression (a .NET call, a format of a variable): a value computed at run time,
      // which a reader may be handed as its file's name (read before red-team round 25 as a
      // subshell, so `gc ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('LmVudg==')))` read nothing).
      if (/^\s*(\[|'|"|@\(|\(|-join\b)/i.test(input.slice(i + 1, end)) && !/^(if|elseif|while|until|switch|foreach|for|do|return|throw|exit)$/i.test(current.words[0]?.text ?? "")) {
        const body = input.slice(i + 1, end);
        sub(body);
        (w().subs ??= []).push({ at: w().text.length, body, quoted: true });
        // (Never a parameter: PowerShell binds a value computed so as an argument, whatever it starts with.)
        expands("(");
        i = end + 1;
        continue;
      }
    }
    if (c === "(" && word === null && !powershell && current.words.length > 0 && !/^\s*\)/.test(input.slice(i + 1)) && !current.words.some((x) => GROUP_OPENERS.has(x.text)) && !(current.words[0]?.text ?? "").endsWith("=(")) {
      // A group that starts a word among a command's arguments: bash refuses the line, zsh reads a
      // glob (`cat (.env)`, `rm -rf (.exo|x)`, `touch (.claude)/settings.json`, `(#i).ENV` with
      // extendedglob). Read before red-team round 23 as a subshell, so its words were a command of
      // their own. The word is one exo cannot place; a read of it is globbed (resolveWord).
      i = glueGroup(i, globGroupEnd(i));
      continue;
    }
    if (c === "(" || c === ")") {
      // `name()` (blanks allowed inside): a function definition, not a subshell.
      if (c === "(" && /^\s*\)/.test(input.slice(i + 1)) && (word || current.words.length > 0)) {
        endWord();
        current.defines = true;
        endCommand();
        i = input.indexOf(")", i) + 1;
        continue;
      }
      // x=(a b), x+=(c): the words up to `)` are the array's elements (read before red-team round 27
      // as a subshell running a program `a`).
      const element = c === "(" && !powershell && arrayGroup === null && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=$/.test((word as Word | null)?.text ?? "") && !(word as Word | null)?.quoted;
      endCommand();
      if (c === "(") groups.push(++groupCount);
      else if (groups.pop() === arrayGroup) arrayGroup = null;
      if (element) arrayGroup = groupCount;
      i++;
      continue;
    }
    // `{ cmd; }` grouping: a brace that is a word of its own (followed by a blank, ; or the end).
    if ((c === "{" || c === "}") && !word && /^([\s;&|)]|$)/.test(input[i + 1] ?? "")) {
      endCommand();
      i++;
      continue;
    }
    if (((c === ">" || c === "<") && input[i + 1] === "(") || (c === "=" && input[i + 1] === "(" && !word)) {
      // A process substitution is a word (/dev/fd/N) of the command it stands in, and its body runs
      // with that command (before red-team round 15 `cp <(echo x) docs/x` was read as a subshell and
      // a command `docs/x`, and the copy passed).
      const end = readBalanced(i + 2, "(", ")");
      sub(input.slice(i + 2, end));
      const cur = w();
      cur.text += "/dev/fd/63";
      cur.procsub = true;
      cur.quoted = true;
      i = end + 1;
      continue;
    }
    if (c === ">" || c === "<" || (c === "&" && input[i + 1] === ">")) {
      // A word made only of digits right before > is a file descriptor (2>file).
      const cur = word as Word | null;
      if (cur && /^\d+$/.test(cur.text) && !cur.quoted && !cur.dynamic) word = null;
      else endWord();
      let op = c;
      let j = i + 1;
      while (j < input.length && ">|&<-".includes(input[j] as string) && op.length < 3) {
        op += input[j];
        j++;
      }
      if (op.endsWith("&") && /\d/.test(input[j] ?? "")) {
        // >&2, 2>&1: duplication, no file.
        while (/\d/.test(input[j] ?? "")) j++;
        i = j;
        continue;
      }
      if (op === ">&-" || op === "<&-") {
        i = j;
        continue;
      }
      pendingRedirect = op;
      i = j;
      continue;
    }
    if (c === "*" || c === "?" || c === "[") w().glob = true;
    if (c === "{") w().brace = true;
    const sofar = word as Word | null;
    // At a word's start, and right after the `=` (or a `:` after it) of an assignment-like word.
    if (c === "~" && (!sofar || (!sofar.quoted && !sofar.dynamic && /^[A-Za-z0-9_.-]*=$|^[^=]*=.*:$/.test(sofar.text)))) {
      const next = input[i + 1];
      if (next === undefined || next === "/" || /[\s;|&)]/.test(next)) {
        w().text += vars["HOME"] ?? "~";
        i++;
        continue;
      }
      // ~+ is $PWD, known while nothing in the line changes folder.
      if (next === "+" && (input[i + 2] === undefined || input[i + 2] === "/" || /[\s;|&)]/.test(input[i + 2] as string)) && vars["PWD"] !== undefined) {
        w().text += vars["PWD"];
        i += 2;
        continue;
      }
      // ~user, ~+ and ~- expand to another user's home, $PWD or $OLDPWD: a folder exo cannot name.
      w().dynamic = true;
    }
    w().text += c;
    i++;
  }
  if (word === null && current.words.length === 0 && current.redirects.length === 0 && (afterPipe || afterOp !== undefined)) continues = true;
  endCommand();
  if (continues || groups.length > 0 || heredocs.length > 0) unfinished = true;
  // bash evaluates a name's value as arithmetic in turn wherever it reads arithmetic (`$((x))`,
  // `${a[x]}`, `arr[x]=1`, `[[ x -eq 1 ]]`, `let x`, `[[ -v arr[x] ]]`, `declare -i`): a value the
  // line computes (`x=${a/c/d}=0`) may hold an assignment to any name. A value of $((…)) alone is a number.
  if (arithmeticRefs.length > 0 || ARITHMETIC.test(input.replace(/'[^']*'/g, "''")) || /[A-Za-z_]\w*\[[^\]]*[A-Za-z_]|(^|[\s;&|(])(declare|typeset|local)\s+-\w*i/.test(input)) {
    const computed = commands.some((c) => c.words.some((w) => w.dynamic && /^[A-Za-z_]\w*(?:\[[^\]]*\])?\+?=/.test(w.text) && !(w.expansions ?? []).every((e) => e === "$((")));
    if (computed) setByDefault.push(ANY_VARIABLE);
  }
  return { commands, nested, opaque, mapfileReads, defaults, setByDefault, unfinished };
}

/**
 * The strings a PowerShell expression of string literals makes (`'.e' + "nv"`, `('.e','nv') -join
 * ''`, `-join ('.e','nv')`, `'{0}{1}' -f '.e','nv'`, `'.xnv' -replace 'x','e'`, a list `'a','b'`,
 * `Join-Path a b`, `[IO.Path]::Combine('a','b')`), else null.
 */
function psConstant(body: string): string[] | null {
  const tokens: string[] = [];
  const strings = new Map<number, string>();
  const lex = /\s*(?:'((?:[^']|'')*)'|"([^"$`]*)"|(@\(|\(|\)|,|\+|-(?:join|f|[ic]?replace)\b|\[(?:System\.)?IO\.Path\]::Combine\(|Join-Path\b))/iy;
  let at = 0;
  while (at < body.length) {
    lex.lastIndex = at;
    const m = lex.exec(body);
    if (!m) {
      if (/^\s*$/.test(body.slice(at))) break;
      return null;
    }
    at = lex.lastIndex;
    if (m[3] === undefined) {
      strings.set(tokens.length, m[1] !== undefined ? m[1].replaceAll("''", "'") : (m[2] as string));
      tokens.push("'");
    } else tokens.push(m[3].toLowerCase());
  }
  let k = 0;
  type V = { items: string[]; list: boolean };
  const text = (v: V) => v.items.join(" ");
  const primary = (): V | null => {
    const t = tokens[k];
    if (t === "'") return { items: [strings.get(k++) as string], list: false };
    if (t === "(" || t === "@(") {
      k++;
      const v = binary();
      if (v === null || tokens[k++] !== ")") return null;
      return t === "@(" ? { ...v, list: true } : v;
    }
    if (t === "-join") {
      k++;
      const v = primary();
      return v === null ? null : { items: [v.items.join("")], list: false };
    }
    if (t === "join-path") {
      k++;
      const a = primary();
      const b = primary();
      return a === null || b === null ? null : { items: a.items.flatMap((x) => b.items.map((y) => `${x.replace(/[\\/]+$/, "")}/${y.replace(/^[\\/]+/, "")}`)), list: a.list || b.list };
    }
    if (t?.startsWith("[") === true) {
      k++;
      const v = binary();
      if (v === null || tokens[k++] !== ")") return null;
      return { items: [v.items.map((x) => x.replace(/[\\/]+$/, "")).join("/")], list: false };
    }
    return null;
  };
  const list = (): V | null => {
    const first = primary();
    if (first === null) return null;
    if (tokens[k] !== ",") return first;
    const items = [...first.items];
    while (tokens[k] === ",") {
      k++;
      const next = primary();
      if (next === null) return null;
      items.push(...next.items);
    }
    return { items, list: true };
  };
  const binary = (): V | null => {
    let left = list();
    while (left !== null && k < tokens.length && ["+", "-join", "-f", "-replace", "-ireplace", "-creplace"].includes(tokens[k] as string)) {
      const op = tokens[k++] as string;
      const right = list();
      if (right === null) return null;
      if (op === "+") left = left.list ? { items: [...left.items, ...right.items], list: true } : { items: [text(left) + text(right)], list: false };
      else if (op === "-join") left = { items: [left.items.join(text(right))], list: false };
      else if (op === "-f") {
        const args = right.items;
        left = { items: [text(left).replace(/\{\{|\}\}|\{(\d+)(?:[,:][^}]*)?\}/g, (all, n: string | undefined) => (n === undefined ? all[0] as string : args[Number(n)] ?? ""))], list: false };
      } else {
        let re: RegExp;
        try {
          re = new RegExp(right.items[0] ?? "", op === "-creplace" ? "g" : "gi");
        } catch {
          return null;
        }
        const by = right.items[1] ?? "";
        left = { items: left.items.map((x) => x.replace(re, by)), list: left.list };
      }
    }
    return left;
  };
  const v = binary();
  return v === null || k !== tokens.length || v.items.length === 0 ? null : v.items;
}

/**
 * What a relative path names below the folder its leading `..` climb to (`../../.env`: `.env`,
 * `x/../../a/b`: `a/b`); null when it climbs no higher than where it starts or names nothing there.
 */
function climbed(rel: string): string | null {
  const norm = posix.normalize(rel);
  if (!norm.startsWith("../") && norm !== "..") return null;
  const below = norm.replace(/^(\.\.\/)+/, "");
  return below === ".." || below === "" ? null : below;
}

/** A word as written with its quotes removed and nothing expanded (a here-document's delimiter). */
/**
 * `npm --prefix DIR ARGS` (pnpm -C/--dir, yarn and bun --cwd) as the line `cd -- DIR && npm ARGS`,
 * when the folder option is given once, DIR is a plain literal and no word is computed; else null.
 */
function inFolder(base: string, args: readonly Word[]): string | null {
  const at = args.findIndex((a) => /^(--prefix|-C|--dir|--cwd)(=|$)/.test(a.text));
  const opt = args[at];
  if (!opt || args.some((a) => a.dynamic || a.brace)) return null;
  const glued = opt.text.includes("=");
  const dir = glued ? opt.text.slice(opt.text.indexOf("=") + 1) : args[at + 1]?.text;
  const others = args.filter((_, k) => k !== at && (glued || k !== at + 1));
  if (!dir || args[at + (glued ? 0 : 1)]?.glob || others.some((a) => /^(--prefix|-C|--dir|--cwd)(=|$)/.test(a.text))) return null;
  return `cd -- ${quote(dir)} && ${[base, ...others.map((w) => w.text)].map(quote).join(" ")}`;
}

function quoteRemoved(raw: string): string {
  let out = "";
  let q: string | null = null;
  for (let k = 0; k < raw.length; k++) {
    const c = raw[k] as string;
    if (q === "'") {
      if (c === "'") q = null;
      else out += c;
    } else if (c === "\\" && k + 1 < raw.length && (q === null || '"\\$`'.includes(raw[k + 1] as string))) out += raw[++k];
    else if (c === '"') q = q === '"' ? null : '"';
    else if (c === "'" && q === null) q = "'";
    else out += c;
  }
  return out;
}

/** The ( that starts text closes at its last character: `(1+2)`, not `(cmd) ` nor `(a) | (b)`. */
function closesAtEnd(text: string): boolean {
  let depth = 0;
  for (let k = 0; k < text.length; k++) {
    if (text[k] === "\\") k++;
    else if (text[k] === "(") depth++;
    else if (text[k] === ")" && --depth === 0) return k === text.length - 1;
  }
  return false;
}

/**
 * The names arithmetic text may assign: `d=0`, `d+=1`, `a[k]=1` (a), `d++`, `--d`. bash keeps them
 * after a `$((…))`, a subscript or an offset, as after `let`.
 */
function arithmeticSets(text: string, refs?: string[]): string[] {
  // bash evaluates a name's value as arithmetic in turn (`x=d=0; : $((x))` sets d): the names read.
  if (refs) for (const m of text.matchAll(/[A-Za-z_]\w*/g)) refs.push(m[0]);
  if (!/=|\+\+|--/.test(text)) return [];
  const out = [...text.matchAll(/([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)?(?:(?:[-+*/%&|^]|<<|>>)?=(?!=)|\+\+|--)|(?:\+\+|--)\s*([A-Za-z_]\w*)/g)].map((m) => (m[1] ?? m[2]) as string);
  // An expansion there makes the text assigned at run time (`$((${a:-d}=0))`, `$((${x}ir++))`): any name.
  if (/\$(?!\(\(|\{#[A-Za-z_]\w*\}|[#?$!])[{A-Za-z_0-9@*-]/.test(text) && /(^|[^=!<>])=(?!=)|\+\+|--/.test(text)) out.push(ANY_VARIABLE);
  return out;
}

/** The names the arithmetic of text (its `$((…))`, `$[…]`, a `${…}`'s subscript or offset: a here-document's body) may assign. */
function arithmeticIn(text: string, refs?: string[]): string[] {
  if (!/\$[([{]/.test(text)) return [];
  const out = [...text.matchAll(/\$(?:\(\(|\[)/g)].flatMap((m) => arithmeticSets(text.slice((m.index ?? 0) + 2), refs));
  for (const m of text.matchAll(/\$\{[#!]?[A-Za-z_]\w*(\[[^\]]*\])?(:(?![-=?+])[^}]*)?/g)) out.push(...arithmeticSets(`${m[1] ?? ""} ${m[2] ?? ""}`, refs));
  return out;
}

/** In `setByDefault`: the line may set a variable whose name it computes (zsh's `${(P)r::=x}`). */
const ANY_VARIABLE = "\0any";

/** Bodies of the command substitutions ($(…), not $((…)); and `…`) in text where quotes do not protect them. */
function substitutions(text: string): string[] {
  const out: string[] = [];
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (ch === "\\") k++;
    else if (ch === "$" && text[k + 1] === "(") {
      let depth = 1;
      let j = k + 2;
      for (; j < text.length && depth > 0; j++) {
        if (text[j] === "\\") j++;
        else if (text[j] === "(") depth++;
        else if (text[j] === ")") depth--;
      }
      const inner = text.slice(k + 2, depth === 0 ? j - 1 : j);
      // $((…)) is arithmetic only when its first ( closes at its end (see parse).
      if (text[k + 2] === "(" && closesAtEnd(inner)) out.push(...substitutions(inner.slice(1)));
      else out.push(inner);
      k = j - 1;
    } else if (ch === "`") {
      const end = text.indexOf("`", k + 1);
      out.push(text.slice(k + 1, end < 0 ? text.length : end));
      k = end < 0 ? text.length : end;
    }
  }
  return out;
}

const ANSI_C: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };

/** Decode an ANSI-C quoted string ($'…') from `start` (after the quote); `end` is the closing quote. */
function ansiC(input: string, start: number, quoted = true): { text: string; end: number } {
  let text = "";
  let k = start;
  while (k < input.length && (input[k] !== "'" || !quoted)) {
    const ch = input[k] as string;
    if (ch !== "\\" || k + 1 >= input.length) {
      text += ch;
      k++;
      continue;
    }
    const e = input[k + 1] as string;
    const rest = input.slice(k + 2, k + 10);
    const hex = /^[0-9a-fA-F]{1,2}/.exec(rest);
    // \u takes at most four hex digits, \U eight: $'\u002eenv' is `.env` (read as U+2EE, `ˮnv`,
    // before red-team round 23).
    const uni = (e === "u" ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(rest);
    const oct = /^[0-7]{1,3}/.exec(input.slice(k + 1, k + 4));
    if (ANSI_C[e] !== undefined) {
      text += ANSI_C[e];
      k += 2;
    } else if (e === "x" && hex) {
      text += String.fromCharCode(parseInt(hex[0], 16));
      k += 2 + hex[0].length;
    } else if ((e === "u" || e === "U") && uni) {
      text += String.fromCodePoint(Math.min(parseInt(uni[0], 16), 0x10ffff));
      k += 2 + uni[0].length;
    } else if (oct) {
      text += String.fromCharCode(parseInt(oct[0], 8) & 0xff);
      k += 1 + oct[0].length;
    } else if (e === "c" && k + 2 < input.length) {
      text += String.fromCharCode(input.charCodeAt(k + 2) & 0x1f);
      k += 3;
    } else {
      text += ch + e;
      k += 2;
    }
  }
  return { text, end: k };
}

const BRACE_LIMIT = 256;

/** Bash brace expansion of one word ({a,b}, {1..3}, {a..c}); null past BRACE_LIMIT words. */
export function braceExpand(text: string): string[] | null {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "{" || (i > 0 && text[i - 1] === "$")) continue;
    let depth = 0;
    let j = i;
    const commas: number[] = [];
    for (; j < text.length; j++) {
      if (text[j] === "{") depth++;
      else if (text[j] === "}" && --depth === 0) break;
      else if (text[j] === "," && depth === 1) commas.push(j);
    }
    if (j >= text.length) continue;
    let items: string[] | null = null;
    if (commas.length > 0) {
      items = [];
      let from = i + 1;
      for (const c of [...commas, j]) {
        items.push(text.slice(from, c));
        from = c + 1;
      }
    } else items = sequence(text.slice(i + 1, j));
    if (items === null) continue;
    const out: string[] = [];
    for (const item of items) {
      const more = braceExpand(text.slice(0, i) + item + text.slice(j + 1));
      if (more === null || out.length + more.length > BRACE_LIMIT) return null;
      out.push(...more);
    }
    return out;
  }
  return [text];
}

/** {1..5}, {05..10..2}, {a..e}: the items, or null when the body is no sequence. */
function sequence(body: string): string[] | null {
  const num = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body);
  const chr = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?$/.exec(body);
  const m = num ?? chr;
  if (!m) return null;
  const from = num ? Number(m[1]) : (m[1] as string).charCodeAt(0);
  const to = num ? Number(m[2]) : (m[2] as string).charCodeAt(0);
  const step = Math.max(1, Math.abs(Number(m[3] ?? 1)));
  if (Math.abs(to - from) / step > BRACE_LIMIT) return Array.from({ length: BRACE_LIMIT + 1 }, () => "");
  const width = num && /^-?0\d/.test(m[1] as string) ? (m[1] as string).replace("-", "").length : 0;
  const out: string[] = [];
  for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) {
    out.push(num ? String(Math.abs(v)).padStart(width, "0").replace(/^/, v < 0 ? "-" : "") : String.fromCharCode(v));
  }
  return out;
}

/** The words bash makes of one word by brace expansion (the word itself when it has none). */
function braceWords(word: Word): Word[] {
  if (!word.brace) return [word];
  const texts = braceExpand(word.text);
  if (texts === null) return [{ ...word, dynamic: true }];
  return texts.map((text) => ({ ...word, text }));
}

/**
 * Programs that run a command given by their later words, after options exo does not model
 * (`setsid -f cmd`, `ionice -c 3 cmd`, `flock /tmp/l cmd`, `busybox cmd`): exo judges every word
 * that could start that command (RUNNER_BUDGET bounds the work).
 */
const PREFIX_RUNNERS = new Set(["setsid", "ionice", "taskset", "chronic", "flock", "unbuffer", "doas", "runuser", "su", "sg", "dbus-run-session", "xvfb-run", "entr", "caffeinate", "strace", "ltrace", "catchsegv", "valgrind", "fakeroot", "fakechroot", "chrt", "numactl", "prlimit", "pkexec", "gosu", "su-exec", "setpriv", "torsocks", "proxychains", "proxychains4", "busybox", "toybox", "script", "watch", "screen", "sem"]);
/** Options of those programs whose value is a command string run by a shell (su -c, flock -c, script -c, entr -s). */
const RUNNER_STRING_OPTIONS: Record<string, string[]> = { su: ["-c", "--command", "--session-command"], runuser: ["-c", "--command", "--session-command"], sg: ["-c"], flock: ["-c", "--command"], script: ["-c", "--command"], entr: ["-s"] };
const RUNNER_BUDGET = 64;
/** Programs that run commands later or elsewhere (a scheduler, a terminal multiplexer's new window, a transient unit, another root or namespace): unknown writes. */
const DEFERRED_RUNNERS = new Set(["at", "batch", "crontab", "systemd-run", "parallel", "tmux", "byobu", "zellij", "daemonize", "start-stop-daemon", "chroot", "nsenter", "unshare", "firejail", "proot", "bwrap"]);
/**
 * The terminal multiplexers' subcommands that only list, show or end sessions. Any other starts a
 * shell, runs or types a command into one, or attaches to one (a shell that runs what is typed
 * into the terminal: Codex's write_stdin); so does the bare program.
 */
const MULTIPLEXER_QUIET: Record<string, RegExp> = {
  tmux: /^(ls|list-\w+|has-session|has|kill-\w+|detach\w*|display-message|display|show-\w+|info|-V)$/,
  byobu: /^(ls|list-\w+|has-session|has|kill-\w+|detach\w*|display-message|display|show-\w+|info|-v|-V|--version|-h|--help)$/,
  zellij: /^(ls|list-sessions|kill-session|k|kill-all-sessions|ka|delete-session|d|delete-all-sessions|da|-V|--version|-h|--help)$/,
};
/** Labels of archive extractions into a folder (the hook's EXTRACTS): members land through the links there. */
const EXTRACT_LABELS = /^(tar -x|unzip|cpio -i)/;
/** A copy's destination on this machine under a remote's name: [user@]localhost:PATH, 127.x.x.x:PATH, [::1]:PATH (not rsync's host::module). */
const LOOPBACK_DEST = /^(?:[^@/:]*@)?(?:localhost(?:\.localdomain)?|ip6-localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1\]):(?!:)(.*)$/i;
/** Programs that mount a folder, a file system or an image over a path (see runCommand). */
const MOUNTERS = new Set(["mount", "umount", "bindfs", "fuse-overlayfs", "unionfs", "unionfs-fuse", "mergerfs", "sshfs", "squashfuse", "fuse-zip", "archivemount", "fuse2fs", "guestmount", "systemd-mount", "systemd-nspawn", "pivot_root", "switch_root", "losetup", "overlayroot-chroot", "mhddfs", "encfs", "gocryptfs", "s3fs", "goofys", "davfs2", "mount.fuse", "fusermount", "fusermount3"]);
const WRAPPERS = new Set(["sudo", "command", "builtin", "exec", "time", "nohup", "nice", "timeout", "stdbuf", "env"]);
/** python -m modules that only read their path arguments (test runners, checkers, pretty-printers). */
const PY_READ_MODULES = new Set(["pytest", "unittest", "doctest", "mypy", "pyright", "pylint", "flake8", "pyflakes", "pycodestyle", "pydocstyle", "bandit", "json.tool", "timeit", "cProfile", "pstats", "pdb", "trace", "tokenize", "ast", "dis", "pickletools", "site", "sysconfig", "platform", "this", "http.server", "webbrowser", "pip", "pydoc"]);
/** python -m modules that write into the paths they are given, bare names too: archives extracted into a folder, byte code in __pycache__ beside the sources. */
const PY_WRITE_MODULES = new Set(["zipfile", "tarfile", "compileall", "py_compile", "gzip", "venv", "shutil"]);
/** Aliases a command line defines (alias name=body), by result: nested command strings share them. */
const ALIASES = new WeakMap<ShellResult, Map<string, string>>();
/** Paths a command line writes, with the label of the first write (a script run later in the line is then not the one on disk). */
const WRITTEN = new WeakMap<ShellResult, Map<string, string>>();
/** Where bash evaluates arithmetic, which runs the $(…) of an array subscript in a variable's value. */
const ARITHMETIC = /\(\(|\$\[|\]\+?=|\$\{!|\b(declare|local|typeset|readonly)\s+-[a-zA-Z]*n|(^|[\s;&|(])let\s|\$\{#?([A-Za-z_]\w*|[@*])(\[(?![@*]\]|-?\d+\])|:(?![-=?+]|\s*-?\d+\s*(\}|:\s*-?\d+\s*\})))|\s-(eq|ne|lt|le|gt|ge)\s/;
/** Values a line takes at run time (from a file, the input or file names), which arithmetic would evaluate as code. */
const RUNTIME_VALUES = /(^|[\s;&|(])(read|mapfile|readarray|getopts|select)\s|printf\s+-v|\bfor\s+\w+\s+in\s[^;&|\n]*[*?[]|=\([^)]*[*?[]|(^|[\s;&|(])set\s[^;&|\n]*[*?[]/;
/**
 * A `$` (or a backquote) a value may hold as text, so that arithmetic reading the value runs the
 * `$(…)` it spells: escaped (`\$\(`), in single quotes (`p='$'; x="a[${p}(cmd)]"`), a `$` that starts
 * no expansion (`"$"`), an ANSI-C escape (`$'\x24'`), `${x@E}` or `${x@Q}` (which quotes a control
 * character as `$'\n'`), or a variable holding text the line
 * or the file system spelt (BASH_COMMAND, BASH_EXECUTION_STRING, `$_`, a folder's name in PWD).
 */
const TEXT_DOLLAR = /\\[$\x60]|'[^'\n]*[$\x60][^'\n]*'|\$(?![{([A-Za-z0-9_@*#?$!'-])|\$'[^']*\\[xuU0-7]|@[QEAK]\}|PWD|BASH_(COMMAND|EXECUTION_STRING|ARGV|SOURCE)|\$\{?_(?!\w)/;
/** Devices a write to which lands in no file (its output discarded or shown). */
const DEVICE_SINKS = /^\/dev\/+(null|stdout|stderr|tty|zero|full)$/;
/** Folders a command line makes (mkdir, mkdir -p and its parents): a later cd into one succeeds. */
const MADE = new WeakMap<ShellResult, Set<string>>();
/**
 * Folders (or files) a command line fills with content exo cannot see, by result: an archive
 * extracted, a repository cloned, a tree copied or synced, paths restored from git. A symlink among
 * them sends a later write below elsewhere.
 */
const FILLED = new WeakMap<ShellResult, { path: string; by: string; step: object }[]>();
/** Links the line makes to a target it computes at run time (`ln -s "$PWD/.env" /tmp/e`), by result: the link's path and the target word. */
const COMPUTED_LINKS = new WeakMap<ShellResult, Map<string, Word>>();
/** Labels of the writes that fill a folder (or a path git restores) with content exo cannot see. */
const FILLS = /^((hg|svn|bzr|gh|glab|hub) (\S+ )?(clone|checkout|co|export|branch)\b|cp -r$|mv -r$|tar -x|unzip|cpio -[ip]|git clone|git worktree add|git restore|git checkout --|rsync$|scp$|jar (-C|x)|ar x|7z[arz] (-o|[xe] ))/;
/** Labels of writes that make the folder they name (a cd into it then succeeds). */
const MAKES_FOLDER = /^(git clone|git init|git worktree add|install -d)$/;
/** The line may have turned dotglob on (shopt -s dotglob, a GLOBIGNORE): `rm -rf *` takes .exo, .claude and .git (before red-team round 13 it passed). */
const DOTGLOB = new WeakSet<ShellResult>();
/**
 * The line may have made globs match without regard to case (bash's `shopt -s nocaseglob`, zsh's
 * `setopt nocaseglob`/`unsetopt caseglob`, `bash -O nocaseglob`): `.EN[V]` is .env, and
 * `.CLAUD[E]/settings.jso[N]` is .claude/settings.json (allowed before red-team round 23).
 */
const NOCASEGLOB = new WeakSet<ShellResult>();

/**
 * Glob options a command turns on for the rest of the line (shopt, zsh's setopt/unsetopt and `set
 * -o`, a shell started with `-O`/`-o` options or zsh's `-4`, `BASHOPTS`, zsh's `options[NAME]=on`):
 * dotglob makes `*` take .exo, .claude and .git, nocaseglob makes case no matter. zsh reads option
 * names without case or underscores, and `no` in front turns one round (allowed before red-team
 * round 23, but for `shopt -s dotglob`).
 */
function globSwitches(base: string, args: Word[], result: ShellResult): void {
  const name = (t: string) => t.toLowerCase().replace(/[_-]/g, "");
  const both = () => {
    DOTGLOB.add(result);
    NOCASEGLOB.add(result);
  };
  const judge = (w: Word, on: boolean) => {
    if (w.dynamic) return both();
    const n = name(w.text);
    const flipped = n.startsWith("no") ? n.slice(2) : null;
    // Turned on, or "no…" turned off.
    const dots = (x: string) => x === "globdots" || x === "dotglob";
    if ((on && dots(n)) || (!on && flipped !== null && dots(flipped))) DOTGLOB.add(result);
    if ((on && n === "nocaseglob") || (!on && n === "caseglob") || (on && flipped === "caseglob") || (!on && flipped === "nocaseglob")) NOCASEGLOB.add(result);
  };
  if (base === "shopt") {
    if (args.some((a) => a.dynamic || /^-[a-z]*s/.test(a.text))) for (const a of args) if (!a.text.startsWith("-")) judge(a, true);
    return;
  }
  if (base === "setopt" || base === "unsetopt") {
    for (const a of args) if (!/^[-+][a-zA-Z]*$/.test(a.text) || a.dynamic) judge(a, base === "setopt");
    return;
  }
  if (base === "set" || base === "emulate") {
    for (let k = 0; k < args.length; k++) {
      const t = (args[k] as Word).text;
      if (/^[-+][a-zA-Z]*o$/.test(t) && args[k + 1]) judge(args[k + 1] as Word, t.startsWith("-"));
    }
    return;
  }
  if (!["sh", "bash", "zsh", "ksh", "dash", "ash", "mksh", "yash", "rbash"].includes(base)) return;
  // The options before the script or -c's string.
  for (let k = 0; k < args.length; k++) {
    const w = args[k] as Word;
    const t = w.text;
    if (w.dynamic) return both();
    if (t === "--" || !/^[-+]/.test(t)) return;
    if (base === "zsh" && /^-[a-zA-Z0-9]*4/.test(t)) DOTGLOB.add(result);
    if (/^--[a-z]/i.test(t)) judge({ ...w, text: t.replace(/^--(no-?)?/, (m, no: string | undefined) => (no ? "no" : "")) }, true);
    else if (/^[-+][a-zA-Z]*[oO]$/.test(t) && args[k + 1]) {
      judge(args[k + 1] as Word, t.startsWith("-"));
      k++;
    }
  }
}
/** Scripts read per call (see runScript), shared by the scripts they run. */
const SCRIPTS_READ = 16;
const SCRIPT_BUDGET = new WeakMap<ShellResult, { left: number }>();
/** Folders of the system's own programs, whose scripts are not the agent's. */
const SYSTEM_DIRS = /^\/(usr|bin|sbin|lib|lib32|lib64|libx32|opt|etc|nix|snap|System|Library|Applications)\//;
/** A script read from a device or a process's files (/dev/stdin, /proc/self/fd/3): its text is not a file exo can read. */
const DEVICE_DIRS = /^\/(dev|proc|sys)(\/|$)/;
/** Labels of writes that build a binary (a compiler's or linker's output), which the shell does not read as a script. */
const BUILDS_BINARY = /^(gcc|g\+\+|cc|c\+\+|clang|clang\+\+|tcc|go|rustc|cargo|ld|ld\.[a-z]+|as|swiftc|zig|nim|ghc|ocamlopt|gfortran|dmd|ldc2|crystal|valac|mold|lld)\b/;
/** Writes that leave a file's text as it was: running the script after them runs what is on disk. */
const MODE_ONLY = new Set(["chmod", "chown", "chgrp", "touch"]);

/**
 * A makefile's commands as shell text: each recipe line (after a tab, or the .RECIPEPREFIX the file
 * sets, continuations joined, or after `;` on a rule's line) in a subshell of its own, as make runs
 * it, without make's @ - + prefixes; `$$` is `$`, and every make reference (`$(CC)`, `${X}`, `$@`)
 * a value exo does not know. What make does as it reads the file is shell text too (only the
 * tab-led recipes were, before red-team round 37): `$(shell CMD)` and `X != CMD` run CMD, `include
 * F` (-include, sinclude) reads F as a makefile (`make -f F`), `$(file <F)` reads F and `$(file
 * >F,…)` writes it; a SHELL that is no POSIX shell, .SHELLFLAGS other than options, `$(eval …)` and
 * `$(guile …)` run what exo cannot read (a command computed at run time). A dry run (`dry`, make -n)
 * runs only the recipe lines marked + or naming $(MAKE).
 */
function makeRecipes(text: string, dry = false): string {
  const lines = text.replace(/\\\r?\n\t?/g, " ").split(/\r?\n/);
  const out: string[] = [];
  const unknown = "( ${MAKE_VALUE}\n)";
  const shellText = (line: string): string => {
    let body = line.replaceAll("$$", "\uE001");
    for (let before = ""; before !== body; ) {
      before = body;
      body = body.replace(/\$(\([^()$]*\)|\{[^{}$]*\}|[^({\uE001])/g, "\uE000");
    }
    return body.replaceAll("\uE000", "${MAKE_VALUE}").replaceAll("\uE001", "$");
  };
  // A dry run (make -n) runs only the lines marked + and those naming $(MAKE).
  const recipe = (body: string) => {
    if (!dry || /^[\s@-]*\+|\$[({]MAKE[)}]/.test(body)) out.push(`( ${shellText(body.replace(/^[\s@+-]+/, ""))}\n)`);
  };
  let prefix = "\t";
  for (const line of lines) {
    const isRecipe = line.startsWith(prefix);
    const code = isRecipe ? line : line.replace(/(^|[^\\])#.*$/, "$1");
    for (const call of makeCalls(code)) {
      if (call.name === "shell") out.push(`( ${shellText(call.args)}\n)`);
      else if (call.name === "file") {
        const file = /^\s*(>>|>|<)\s*([^,]*?)\s*(,|$)/.exec(call.args);
        if (file) out.push(file[1] === "<" ? `( cat -- ${shellText(file[2] as string)}\n)` : `( : ${file[1] as string} ${shellText(file[2] as string)}\n)`);
      } else out.push(unknown);
    }
    if (isRecipe) {
      recipe(line.slice(prefix.length));
      continue;
    }
    const set = /^\s*(?:(?:override|export|private)\s+)*([^\s:#=!?+]+)\s*(::?=|:::=|[?+!]?=)\s*(.*)$/.exec(code);
    const rule = set ? null : /^((?:[^\t#=:;$]|\$\([^()]*\)|\$\{[^{}]*\})+)::?(?!=)([^=;]*);(.*)$/.exec(code);
    const include = /^\s*(?:-include|sinclude|include)\s+(.*)$/.exec(code);
    if (set) {
      const [name, op, value] = [set[1] as string, set[2] as string, (set[3] as string).trim()];
      if (op === "!=") out.push(`( ${shellText(value)}\n)`);
      if (name === ".RECIPEPREFIX") {
        if (value.includes("$")) out.push(unknown);
        else prefix = value === "" ? "\t" : (value[0] as string);
      }
      if (name === "SHELL" && (value.includes("$") || !["sh", "bash", "dash", "zsh"].includes(posix.basename(value)))) out.push(unknown);
      if (name === ".SHELLFLAGS" && !/^((-[a-zA-Z]*[oO]\s+[a-z]+|-[a-zA-Z]+)\s+)*-[a-zA-Z]*c$/.test(value)) out.push(unknown);
    } else if (rule) recipe(rule[3] as string);
    else if (include) for (const file of (include[1] as string).trim().split(/\s+/)) out.push(`( make -f ${file.includes("$") ? shellText(file) : quote(file)}\n)`);
  }
  return out.join("\n");
}

/** The make functions a makefile's line calls that run or read something as make reads it: shell, file, eval, guile (their text between the parentheses). */
function makeCalls(line: string): { name: string; args: string }[] {
  const found: { name: string; args: string }[] = [];
  for (let k = 0; k < line.length - 1; k++) {
    if (line[k] !== "$") continue;
    const open = line[k + 1] as string;
    if (open === "$") k++;
    if (open !== "(" && open !== "{") continue;
    const call = /^(shell|file|eval|guile)[ \t]/.exec(line.slice(k + 2));
    if (!call) continue;
    const close = open === "(" ? ")" : "}";
    let depth = 1;
    let j = k + 2 + call[0].length;
    for (; j < line.length && depth > 0; j++) depth += line[j] === open ? 1 : line[j] === close ? -1 : 0;
    found.push({ name: call[1] as string, args: line.slice(k + 2 + call[0].length, depth === 0 ? j - 1 : j) });
  }
  return found;
}

/** A script's text is run by a POSIX shell: a #! line naming sh, bash, dash or zsh (directly or through env), or none (the shell runs a text file without one itself). */
function shellScript(text: string): boolean {
  if (text.includes("\0")) return false;
  if (!text.startsWith("#!")) return true;
  const words = text.slice(2, text.includes("\n") ? text.indexOf("\n") : undefined).trim().split(/\s+/);
  let program = posix.basename(words[0] ?? "");
  if (program === "env") program = posix.basename(words.slice(1).find((w) => !w.startsWith("-") && !w.includes("=")) ?? "");
  return ["sh", "bash", "dash", "zsh"].includes(program);
}

/** Where the script stands among sh/bash's words (bash -e -o pipefail x.sh), or -1 for an option exo does not read (--rcfile F). */
function scriptOperand(args: Word[]): number {
  for (let k = 0; k < args.length; k++) {
    const w = args[k] as Word;
    const t = w.text;
    if (w.dynamic) return -1;
    if (t === "--") return k + 1 < args.length ? k + 1 : -1;
    if (/^[-+][a-zA-Z]+$/.test(t)) {
      if (/[oO]/.test(t.slice(1))) k++; // -o pipefail, -eo pipefail, -O extglob: the next word is the option's name
      continue;
    }
    if (/^--(norc|noprofile|posix|login|noediting|restricted|verbose|debug|debugger|pretty-print)$/.test(t)) continue;
    return t.startsWith("-") ? -1 : k;
  }
  return -1;
}

/**
 * A PATH value that adds only absolute folders outside the working folder and the project to the
 * PATH it had ($PATH itself may be an entry: export PATH="$HOME/.cargo/bin:$PATH"); no other
 * computed part, no empty or relative entry.
 */
function safePath(a: Assignment, ctx: ShellContext): boolean {
  if (a.value === null) return false;
  // The only expansion allowed is $PATH, which leaves an empty entry in the value where it was.
  const expansions = a.expansions ?? [];
  if (a.dynamic && (expansions.length === 0 || expansions.some((x) => x !== "PATH"))) return false;
  let oldPath = expansions.length;
  const inside = [ctx.cwd, ctx.vars?.["CLAUDE_PROJECT_DIR"]].filter((d): d is string => !!d);
  return a.value.split(":").every((e) => (e === "" ? oldPath-- > 0 : e.startsWith("/") && !inside.some((d) => e === d || e.startsWith(`${d.replace(/\/+$/, "")}/`))));
}

/** Names a command line may set (see walk), by result: nested command strings share them. */
const ASSIGNED = new WeakMap<ShellResult, Set<string>>();
/**
 * Guarding reads: the commands of a line (with the folder they were read in), kept for a line that
 * gives a reader an operand exo cannot name (`X=.env; cat $X`, `cat $(echo .env)`, `xargs cat <<<
 * .env`). Each literal word of them is then judged as a read (literalWords): a denied file named
 * anywhere in the line is refused, and a computed read of other files still passes (allowed before
 * red-team round 19). Only the parsed commands are kept; the words are taken out when needed.
 */
const LITERALS = new WeakMap<ShellResult, { commands: Simple[]; cwd: string }[]>();

/** The literal words of the commands kept (here-strings and here-documents' lines too: `xargs cat <<< .env`), at most 2,000. */
function literalWords(result: ShellResult): { text: string; cwd: string; quoted?: boolean }[] {
  const out: { text: string; cwd: string; quoted?: boolean }[] = [];
  for (const { commands, cwd } of LITERALS.get(result) ?? []) {
    for (const c of commands) {
      for (const w of [...c.words, ...c.redirects.filter((r) => r.op === "<<<").map((r) => r.target)]) if (w && !w.dynamic && w.text !== "" && out.length < 2000) out.push({ text: w.text, cwd, quoted: w.quoted });
      if (c.heredocBody) for (const line of c.heredocBody.split("\n").slice(0, 200)) if (line.trim() !== "" && out.length < 2000) out.push({ text: line.trim(), cwd });
    }
  }
  return out;
}
const COMPUTED_READ = new WeakSet<ShellResult>();
/** Lines with a read of a name the line computes itself (a command substitution, a variable it sets): what a file it wrote prints may be that name. */
const FED_READ = new WeakSet<ShellResult>();
/** The files the line's command substitutions read. */
const SUB_READS = new WeakMap<ShellResult, Set<string>>();
/** The files (absolute) a git patch of the line prints (gitPatchQuery): read, but no list of names. */
const PATCHED = new WeakMap<ShellResult, Set<string>>();
/** The refs a git command of the line made or moved before (git tag v0 HEAD~2; null: HEAD, by git reset HEAD~2), and that command: a patch of them may be of any commit. */
const REFS_MOVED = new WeakMap<ShellResult, { by: string; names: Set<string> | null }>();
/** The files a git command of the line staged or committed before (git add -A, git commit -a), as git commands that name them: a patch after it may hold them. */
const STAGED = new WeakMap<ShellResult, string[][]>();
/** A word with zsh's extendedglob operators (`~`, `#`, `^`) as a looser glob of the files it may match, or null without them. */
function zshLoose(text: string): string | null {
  if (!/.~|#|(^|\/)\^/.test(text) || /^[a-z][a-z0-9+.-]*:/i.test(text)) return null;
  const cut = text.indexOf("~", 1);
  const loose = (cut > 0 ? text.slice(0, cut) : text)
    .replace(/(.)##/g, "$1*")
    .replace(/[^/]#/g, "*")
    .replace(/#/g, "")
    .replace(/(^|\/)\^[^/]*/g, "$1*");
  return loose === text || loose === "" || loose.endsWith("/") ? null : loose;
}

/** A word the shell matches as a glob (unquoted `*?[`, or zsh's extendedglob operators). */
function globbedWord(w: Word): boolean {
  return (w.glob && GLOB_CHARS.test(w.text)) || (!w.quoted && zshLoose(w.text) !== null);
}

/** A line that may turn on bash's nocasematch (or use zsh's `(#i)`), which makes `${x/pat/rep}` blind to case. */
const NOCASE_MATCH = /nocasematch|\(#i/i;
/** lineValues' entry for such a line. */
const NOCASE_KEY = "\u0000nocasematch";

/** Reads of a word with one variable (`${x}nv`, `.${x}`, `${x,,}`): its name, the operator applied, the literal text around it. */
const COMPOSED = new WeakMap<ShellResult, { name: string; op: string; head: string; tail: string; cwd: string; glob: boolean }[]>();

/**
 * A shell pattern (`${x#pat}`, `${x/pat/rep}`) as the source of a regular expression: `*`, `?`, a
 * bracket (`[X]`, `[!a-z]`) and a backslash's character; null for one with more in it (a POSIX
 * class, extglob's `@(…)`), whose result exo cannot work out.
 */
function patternSource(pattern: string): string | null {
  if (/[?*+@!]\(|\[:|\(#/.test(pattern)) return null;
  const lit = (c: string) => c.replace(/[.+^${}()|/*?[\]\\]/g, "\\$&");
  let out = "";
  for (let k = 0; k < pattern.length; k++) {
    const c = pattern[k] as string;
    if (c === "\\") {
      if (k + 1 >= pattern.length) return null;
      out += lit(pattern[++k] as string);
    } else if (c === "*") out += "[^]*";
    else if (c === "?") out += "[^]";
    else if (c === "[") {
      // `]` first (after `!` or `^`) is a member; no closing `]` leaves the `[` a character.
      const neg = pattern[k + 1] === "!" || pattern[k + 1] === "^";
      const from = k + 1 + (neg ? 1 : 0);
      const close = pattern.indexOf("]", from + 1);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      const body = pattern.slice(from, close);
      if (body.includes("\\")) return null;
      out += `[${neg ? "^" : ""}${body.replace(/[\]^]/g, "\\$&")}]`;
      k = close;
    } else out += lit(c);
  }
  return out;
}

/**
 * What `${name OP}` makes of a value: the case operators, pattern substitution and removal (the
 * shortest and the longest match), a substring; null for an operator exo does not apply.
 */
function applyParam(value: string, op: string, nocase = false): string[] | null {
  if (op === "") return [value];
  if (op === ",,") return [value.toLowerCase()];
  if (op === "^^") return [value.toUpperCase()];
  if (op === ",") return [value.charAt(0).toLowerCase() + value.slice(1)];
  if (op === "^") return [value.charAt(0).toUpperCase() + value.slice(1)];
  const swap = (t: string) => [...t].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
  if (op === "~~") return [swap(value)];
  if (op === "~") return [swap(value.charAt(0)) + value.slice(1)];
  // ${x@L}, ${x@U}, ${x@u}: case; ${x@E}: the value's backslash escapes, as $'…' reads them; ${x@Q}:
  // the value quoted (each read as the value itself before red-team round 35: `f='\x2eenv'; cat
  // "${f@E}"` read the secret). @P, @A, @K, @a: null.
  if (op === "@L") return [value.toLowerCase()];
  if (op === "@U") return [value.toUpperCase()];
  if (op === "@u") return [value.charAt(0).toUpperCase() + value.slice(1)];
  if (op === "@E") return [ansiC(value, 0, false).text];
  if (op === "@Q") return [...value].some((c) => c < " " || c === "\x7f") ? null : [`'${value.replace(/'/g, "'\\''")}'`];
  // A substring, from the end too (`${x: -4}`, `${x:(-4)}`, `${x:1: -1}`; read as the value before
  // red-team round 35); an offset computed (`${x:1+2}`) is null.
  const sub = /^:(?![-=?+])\s*(\(\s*-?\d+\s*\)|-?\d+)?\s*(?::\s*(\(\s*-?\d+\s*\)|-?\d+)\s*)?$/.exec(op);
  if (sub && (sub[1] !== undefined || sub[2] !== undefined)) {
    const num = (t: string | undefined) => Number((t ?? "0").replace(/[()\s]/g, ""));
    const off = num(sub[1]);
    const start = off < 0 ? value.length + off : off;
    if (start < 0 || start > value.length) return [""];
    if (sub[2] === undefined) return [value.slice(start)];
    const len = num(sub[2]);
    const end = len >= 0 ? start + len : value.length + len;
    return end < start ? null : [value.slice(start, end)];
  }
  const strip = /^(##?|%%?)(.+)$/s.exec(op);
  if (strip) {
    const source = patternSource(strip[2] as string);
    if (source === null) return null;
    const whole = new RegExp(`^${source}$`);
    const front = (strip[1] as string).startsWith("#");
    const cuts: string[] = [];
    for (let k = 0; k <= value.length; k++) if (whole.test(front ? value.slice(0, k) : value.slice(k))) cuts.push(front ? value.slice(k) : value.slice(0, k));
    return cuts.length > 0 ? [cuts[0] as string, cuts[cuts.length - 1] as string] : [value];
  }
  const rep = /^\/(\/?)([^/]+)(?:\/(.*))?$/s.exec(op);
  if (rep) {
    // `/#pat` and `/%pat` anchor the match at the start or the end; `&` in the replacement is the
    // match (bash 5.2's patsub_replacement), `\&` an ampersand (both read as written before
    // red-team round 35: `f=Xenv; cat "${f/#X/.}"` read the secret).
    const anchor = rep[1] ? "" : /^[#%]/.exec(rep[2] as string)?.[0] ?? "";
    const source = patternSource((rep[2] as string).slice(anchor.length));
    if (source === null || (anchor !== "" && source === "")) return null;
    const by = rep[3] ?? "";
    const made = (match: string) => by.replace(/\\(.)|&/gs, (all, c: string | undefined) => (c !== undefined ? c : match));
    // (shopt -s nocasematch makes a substitution's pattern blind to case.)
    return [value.replace(new RegExp(anchor === "#" ? `^(?:${source})` : anchor === "%" ? `(?:${source})$` : source, `${rep[1] ? "g" : ""}${nocase ? "i" : ""}`), made)];
  }
  return null;
}
/** An operand known only at run time (the files xargs or find -exec hand a reader). */
const COMPUTED: Word = { text: "", dynamic: true, glob: false, quoted: false };

/** The line set HOME or XDG_CONFIG_HOME for the commands after it: git reads a configuration the agent chose. */
const HOME_MOVED = new WeakSet<ShellResult>();
/** Programs no option of which writes a file or runs a command: a computed argument there is only data. */
const OPTION_FREE = new Set(["echo", "printf", "cat", "ls", "grep", "egrep", "fgrep", "wc", "head", "tail", "test", "[", "[[", "true", "false", ":", "pwd", "basename", "dirname", "realpath", "readlink", "stat", "du", "df", "cut", "tr", "nl", "paste", "column", "rev", "fold", "seq", "sleep", "jq", "diff", "cmp", "comm", "printenv", "which", "type", "kill", "id", "uname", "hostname", "sha1sum", "sha256sum", "sha512sum", "md5sum", "cksum", "b2sum", "wait", "exit", "return", "shift", "set", "unset", "export", "declare", "local", "readonly", "typeset", "read", "mapfile", "readarray", "let", "cd", "pushd", "popd", "source", ".", "eval", "alias", "trap", "shopt", "exo", "expr", "date", "less", "more", "base64", "od", "strings", "bat"]);
/** git and gh options whose value is a message, a name or a date (git commit -m "$(cat msg)"): a computed value there is no option. */
const VALUE_OPTIONS = new Set(["-m", "--message", "-F", "--file", "--author", "--date", "-b", "--body", "-t", "--title", "--body-file", "--grep", "-S", "-G", "--since", "--until", "--after", "--before", "-n", "--max-count", "--format", "--pretty", "--trailer", "--reuse-message", "--reedit-message", "-C", "-c", "--fixup", "--squash", "--base", "--head", "-B", "--branch", "-R", "--repo", "-l", "--label", "-a", "--assignee", "-r", "--reviewer", "--notes", "--jq", "-q"]);
/** Editors, REPLs and command interpreters that take commands from their input (ed's `w FILE`, vim -es, dc's `!`, sqlite3's .shell). */
// File-transfer clients fed their commands (`sftp host <<< '!touch docs/x'`, `echo 'get x docs/x' | sftp host`,
// `ftp -n host < list`): get/mget write local files, put uploads them, `!cmd` runs a local command (allowed before red-team round 21).
/** C compilers and preprocessors, and cpp's options that take a value. */
const C_COMPILERS = /^(cpp|cc|c\+\+|gcc|g\+\+|clang|clang\+\+|tcc|(x86_64|aarch64|i686|arm)[\w-]*-(gcc|g\+\+|cpp))(-\d+)?$/;
const CPP_VALUES = new Set(["-o", "-I", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-x", "-MF", "-MT", "-MQ", "-D", "-U", "-std"]);
const STDIN_PROGRAMS = new Set(["sftp", "ftp", "lftp", "tftp", "smbclient", "ncftp", "pftp", "gftp", "yafc", "ed", "ex", "vi", "vim", "nvim", "view", "vim.basic", "vim.tiny", "dc", "lua", "luajit", "tclsh", "wish", "expect", "R", "Rscript", "julia", "pwsh", "powershell", "gdb", "lldb", "sqlite3", "irb", "jshell", "psql", "mysql", "osascript", "scheme", "guile", "racket", "sbcl", "ghci", "erl", "iex", "m4", "clojure", "clj", "scala", "groovysh", "swift", "ocaml", "utop", "gnuplot", "octave", "duckdb", "login", "nix-shell", "ansible-console"]);

/**
 * REPLs, debuggers and remote or file-transfer clients that, unfed, read the commands typed into
 * their terminal (lua's os.execute, gdb's shell, psql's \!, sftp's get, telnet's login): a
 * harness that types into a running program (Codex: exec_command with a tty, then write_stdin,
 * which no hook sees) runs whatever it types there. `quiet`: the options that give them their
 * commands or only print information instead; `script`: whether an operand is a script they run to
 * its end.
 */
const TERMINAL_REPLS: Record<string, { quiet: RegExp; script: boolean; values?: RegExp }> = {
  lua: { quiet: /^-(e.*|v|-version|h|-help)$/, script: true },
  luajit: { quiet: /^-(e.*|v|-version|h|-help|b.*)$/, script: true },
  tclsh: { quiet: /^--?(version|help)$/, script: true },
  wish: { quiet: /^--?(version|help)$/, script: true },
  expect: { quiet: /^-([cf].*|v|-version|-help)$/, script: true },
  R: { quiet: /^(-e|-f|--file=.*|--version|-h|--help)$/, script: true },
  julia: { quiet: /^(-e|-E|--eval|--print|-v|--version|-h|--help)$/, script: true },
  gdb: { quiet: /^--?(batch|version|v|help|configuration)$/, script: false },
  lldb: { quiet: /^(-b|--batch|-v|--version|-h|--help)$/, script: false },
  // (irb -r LIB and -I DIR take the next word: no script, allowed before red-team round 44.)
  irb: { quiet: /^(-v|--version|-h|--help)$/, script: true, values: /^-[rI]$/ },
  jshell: { quiet: /^(--version|-version|-h|--help|-\?)$/, script: false },
  psql: { quiet: /^(-c.*|--command(=.*)?|-f.*|--file(=.*)?|-l|--list|-V|--version|-\?|--help)$/, script: false },
  mysql: { quiet: /^(-e.*|--execute(=.*)?|-V|--version|-\?|--help)$/, script: false },
  scheme: { quiet: /^--?(version|help|quiet)$/, script: true },
  guile: { quiet: /^(-c|-s|-e|-v|--version|-h|--help)$/, script: true },
  racket: { quiet: /^(-e|-f|-t|-l|-r|-u|-k|-m|-v|--version|-h|--help)$/, script: true },
  sbcl: { quiet: /^--(script|non-interactive|version|help)$/, script: false },
  ghci: { quiet: /^(-e|--version|--numeric-version|--help|--info)$/, script: false },
  erl: { quiet: /^-(noshell|noinput|detached|version)$/, script: false },
  iex: { quiet: /^(-v|--version|-h|--help)$/, script: false },
  dc: { quiet: /^(-e.*|--expression(=.*)?|-f.*|--file(=.*)?|-V|--version|-h|--help)$/, script: true },
  bpython: { quiet: /^(--version|-V|-h|--help)$/, script: true },
  ptpython: { quiet: /^(--version|-h|--help)$/, script: true },
  ptipython: { quiet: /^(--version|-h|--help)$/, script: true },
  ocaml: { quiet: /^--?(version|vnum|help)$/, script: true },
  utop: { quiet: /^--?(version|help)$/, script: false },
  clisp: { quiet: /^(-x|--version|-h|--help)$/, script: true },
  scala: { quiet: /^(-e|-version|--version|-help|-h|--help)$/, script: true },
  clj: { quiet: /^(-e|-X.*|-T.*|-P|--version|-h|--help|-S.*)$/, script: true },
  clojure: { quiet: /^(-e|-X.*|-T.*|-P|--version|-h|--help|-S.*)$/, script: true },
  sftp: { quiet: /^(-b.*)$/, script: false },
  ftp: { quiet: /^(-\?|--help)$/, script: false },
  lftp: { quiet: /^(-c|-f|--version|-v|-h|--help)$/, script: false },
  tftp: { quiet: /^(-c|-V|--version|-h|--help)$/, script: false },
  smbclient: { quiet: /^(-c.*|--command(=.*)?|-L.*|--list(=.*)?|-V|--version|-\?|--help)$/, script: false },
  telnet: { quiet: /^(-\?|--help|--version)$/, script: false },
  // Prompts that read and write files as the others do (DuckDB's COPY … TO, Octave's system,
  // mongosh's fs, clickhouse's INTO OUTFILE, nix-shell's shell): each passed before red-team round 42.
  duckdb: { quiet: /^(-c|-s|-f|-version|--version|-h|-help|--help)$/, script: false },
  octave: { quiet: /^(--eval|--version|-v|--help|-h)$/, script: true },
  mongosh: { quiet: /^(--eval|-f|--file|--version|--help|-h|.*\.js)$/, script: false },
  "clickhouse-client": { quiet: /^(-q.*|--query(=.*)?|--queries-file(=.*)?|-V|--version|-h|--help)$/, script: false },
  "nix-shell": { quiet: /^(--run|--command|--version|-h|--help)$/, script: false },
  kotlinc: { quiet: /^(-script|-e|-expression|-version|-help|-d)$/, script: true },
  jrunscript: { quiet: /^(-e|-f|-q|-help|-\?)$/, script: true },
  groovysh: { quiet: /^(-e|--evaluate|-v|--version|-h|--help)$/, script: false },
  pry: { quiet: /^(-e|--exec|-v|--version|-h|--help)$/, script: false },
  swift: { quiet: /^(-e|--version|-version|-h|--help|-help)$/, script: true },
  // Debuggers that stop a script at its start and run the code typed at their prompt (pdb's `!`,
  // rdbg's and byebug's `eval`, jdb's `print`, phpdbg's `ev`, bashdb's `shell`), and PHP's prompts:
  // each passed as a program given a script before red-team round 44. phpdbg -rr runs and quits.
  pdb: { quiet: /^(-c|--command|--version|-h|--help)$/, script: false },
  pdb3: { quiet: /^(-c|--command|--version|-h|--help)$/, script: false },
  ipdb: { quiet: /^(-c|--version|-h|--help)$/, script: false },
  ipdb3: { quiet: /^(-c|--version|-h|--help)$/, script: false },
  pudb: { quiet: /^(--version|-h|--help)$/, script: false },
  pudb3: { quiet: /^(--version|-h|--help)$/, script: false },
  trepan3k: { quiet: /^(--version|-h|--help)$/, script: false },
  rdbg: { quiet: /^(-n|--nonstop|-v|--version|-h|--help)$/, script: false },
  byebug: { quiet: /^(-n|--no-stop|-v|--version|-h|--help)$/, script: false },
  bashdb: { quiet: /^(-c|--command|-x|--eval-command|-V|--version|-h|--help)$/, script: false },
  jdb: { quiet: /^(-version|-help|-\?)$/, script: false },
  phpdbg: { quiet: /^(-[A-Za-z]*rr[A-Za-z]*|-V|--version|-h|--help)$/, script: false },
  psysh: { quiet: /^(-e|--execute|-v|--version|-h|--help)$/, script: false },
  // Database prompts that run a shell command (mycli's and litecli's system, usql's \!, sqlcmd's
  // :!!), write what a query prints to a file (pgcli's \o, cqlsh's CAPTURE) or read any file (the
  // legacy mongo shell's cat()): asked as psql is.
  mongo: { quiet: /^(--eval|--version|-h|--help|.*\.js)$/, script: false },
  mycli: { quiet: /^(-e|--execute|--version|-V|--help)$/, script: false },
  litecli: { quiet: /^(-e|--execute|--version|-V|--help)$/, script: false },
  pgcli: { quiet: /^(-l|--list|-v|--version|--help)$/, script: false },
  usql: { quiet: /^(-c.*|--command(=.*)?|-f.*|--file(=.*)?|-V|--version|-h|--help)$/, script: false },
  sqlcmd: { quiet: /^(-Q|-i|-\?|--version)$/, script: false },
  cqlsh: { quiet: /^(-e|--execute|-f|--file|--version|-h|--help)$/, script: false },
  boris: { quiet: /^(--version|-h|--help)$/, script: false },
  // Prompts of other languages (babashka, nbb, Rhino, QuickJS, CoffeeScript, Kotlin, CHICKEN Scheme's
  // csi, which stays at its prompt after loading files, Raku, Go's gore, yaegi and gomacro, Rust's
  // evcxr): bare or fed, each runs the code typed or fed to it (passed before red-team round 45).
  bb: { quiet: /^(-e|--eval|-f|--file|-m|--main|-x|--exec|-v|--version|-h|--help|tasks)$/, script: true },
  nbb: { quiet: /^(-e|--eval|--version|-h|--help)$/, script: true },
  rhino: { quiet: /^(-e|-f|-version|-help|-\?)$/, script: true },
  qjs: { quiet: /^(-e|--eval|-h|--help)$/, script: true },
  coffee: { quiet: /^(-e|--eval|-c|--compile|-p|--print|-v|--version|-h|--help)$/, script: true },
  kotlin: { quiet: /^(-e|-version|-help|-h)$/, script: true },
  csi: { quiet: /^(-s|-ss|-sx|-script|-e|-eval|-p|-print|-P|-pretty-print|-b|-batch|-version|-h|-help)$/, script: false },
  raku: { quiet: /^(-e|-c|-v|--version|-h|--help)$/, script: true },
  perl6: { quiet: /^(-e|-c|-v|--version|-h|--help)$/, script: true },
  gore: { quiet: /^(-version|--version|-h|-help|--help)$/, script: false },
  yaegi: { quiet: /^(-e|version|-h|-help|--help)$/, script: true },
  gomacro: { quiet: /^(-e|--expr|-h|--help)$/, script: true },
  evcxr: { quiet: /^(--version|-V|-h|--help)$/, script: false },
  // radare2 (r2) and rizin stay at their prompt, whose `!CMD` runs a shell command, unless -q quits
  // once the commands of -c and -i have run (passed before red-team round 45).
  r2: { quiet: /^(-[A-Za-z]*q[A-Za-z]*|-v|-V|-h|-hh|-L)$/, script: false },
  radare2: { quiet: /^(-[A-Za-z]*q[A-Za-z]*|-v|-V|-h|-hh|-L)$/, script: false },
  rizin: { quiet: /^(-[A-Za-z]*q[A-Za-z]*|-v|-V|-h|-hh|-L)$/, script: false },
  // Database and cluster prompts with a shell escape or a language that opens files: MySQL Shell's
  // \system, Beeline's and Hive's !sh, Trino's and SQL*Plus's HOST, ArangoDB's fs, Spark's Python
  // and Scala prompts (each passed before red-team round 45).
  mysqlsh: { quiet: /^(-e|--execute(=.*)?|-f|--file(=.*)?|-V|--version|--help|-\?)$/, script: false },
  beeline: { quiet: /^(-e|-f|--help|--version)$/, script: false },
  hive: { quiet: /^(-e|-f|-H|--help|--version)$/, script: false },
  trino: { quiet: /^(--execute(=.*)?|-f|--file(=.*)?|--version|-h|--help)$/, script: false },
  sqlplus: { quiet: /^(-v|-V|-version|-h|-help|-H)$/, script: false },
  arangosh: { quiet: /^(--version|-h|--help)$/, script: false },
  pyspark: { quiet: /^(--version|-h|--help)$/, script: false },
  "spark-shell": { quiet: /^(--version|-h|--help)$/, script: false },
  // Dhall reads the expression typed or fed to it (without --file), whose imports read any file
  // (`dhall <<< './.env as Text'` passed before red-team round 45); format, lint, freeze, hash and
  // type print no file's text.
  dhall: { quiet: /^(--file(=.*)?|--version|-h|--help|format|lint|freeze|hash|type|version)$/, script: false },
  "dhall-to-json": { quiet: /^(--file(=.*)?|--version|-h|--help)$/, script: false },
  "dhall-to-yaml": { quiet: /^(--file(=.*)?|--version|-h|--help)$/, script: false },
  "dhall-to-text": { quiet: /^(--file(=.*)?|--version|-h|--help)$/, script: false },
  "dhall-to-bash": { quiet: /^(--file(=.*)?|--version|-h|--help)$/, script: false },
  // ansible-console runs each ad-hoc task typed at its prompt (`shell cat .env`) on the hosts,
  // this machine for localhost (passed before red-team round 45).
  "ansible-console": { quiet: /^(--version|-h|--help)$/, script: false },
  // Terminal file managers run a shell command typed at them (ranger's and vifm's `:shell`, mc's,
  // nnn's and lf's `!`, yazi's `:`; each passed before red-team round 46). Their operand is the
  // folder they open. (An editor given a file, mcedit's as vim's, is judged by that file.)
  ranger: { quiet: /^(--version|-h|--help)$/, script: false },
  mc: { quiet: /^(-V|--version|-h|--help|-F|--datadir-info|--configure-options)$/, script: false },
  nnn: { quiet: /^(-V|-h)$/, script: false },
  vifm: { quiet: /^(-v|--version|-h|--help)$/, script: false },
  lf: { quiet: /^--?(version|help|doc)$/, script: false },
  yazi: { quiet: /^(-V|--version|-h|--help)$/, script: false },
  broot: { quiet: /^(-V|--version|-h|--help)$/, script: false },
  xplr: { quiet: /^(-V|--version|-h|--help)$/, script: false },
  joshuto: { quiet: /^(-v|--version|-h|--help)$/, script: false },
  // Neo4j's cypher-shell runs the statements of a file its :source command names, and quotes the
  // text it cannot parse (`:source .env`); a statement given as its operand runs and it ends.
  "cypher-shell": { quiet: /^(-f|--file(=.*)?|-v|--version|--driver-version|-h|--help)$/, script: true, values: /^(-a|--address|-u|--username|-p|--password|-d|--database|--format|-P|--param|--encryption|--access-mode|--impersonate|--log)$/ },
};

/**
 * Programs whose subcommand is such a prompt (`stack ghci`, `cabal repl`, `nix repl`, `rails
 * console`, `dotnet fsi`): judged as TERMINAL_REPLS' are, from the words after the subcommand.
 */
const SUBCOMMAND_REPLS: Record<string, { subs: RegExp; quiet: RegExp; script: boolean }> = {
  stack: { subs: /^(ghci|repl)$/, quiet: /^(-h|--help)$/, script: false },
  cabal: { subs: /^((v2-|new-|v1-)?repl)$/, quiet: /^(-h|--help)$/, script: false },
  sbt: { subs: /^(console|consoleQuick|consoleProject)$/, quiet: /^(-h|--help)$/, script: false },
  lein: { subs: /^repl$/, quiet: /^(-h|--help)$/, script: false },
  nix: { subs: /^repl$/, quiet: /^(-h|--help)$/, script: false },
  swift: { subs: /^repl$/, quiet: /^(-h|--help)$/, script: false },
  rails: { subs: /^(console|c|dbconsole|db)$/, quiet: /^(-h|--help)$/, script: false },
  flask: { subs: /^shell$/, quiet: /^(-h|--help)$/, script: false },
  dotnet: { subs: /^fsi$/, quiet: /^(-h|--help|--exec|--quiet|--use:.*)$/, script: true },
  clickhouse: { subs: /^(local|client)$/, quiet: /^(-q.*|--query(=.*)?|--queries-file(=.*)?|-h|--help)$/, script: false },
  // A framework's own script (run as `python3 manage.py`, `./manage.py`, `php artisan`): Django's
  // shell (shell_plus, dbshell; `-c CODE` runs that code) and Laravel's tinker (`--execute=CODE`)
  // read and write any file (each passed as a script of the repository before red-team round 43).
  "manage.py": { subs: /^(shell|shell_plus|dbshell)$/, quiet: /^(-h|--help)$/, script: false },
  "django-admin": { subs: /^(shell|shell_plus|dbshell)$/, quiet: /^(-h|--help)$/, script: false },
  artisan: { subs: /^(tinker|db)$/, quiet: /^(-h|--help)$/, script: false },
  // Node's prompts of the Ethereum toolkits (passed before red-team round 44).
  hardhat: { subs: /^console$/, quiet: /^(-h|--help)$/, script: false },
  truffle: { subs: /^(console|develop)$/, quiet: /^(-h|--help)$/, script: false },
  // rr replay runs gdb on the recording (but -a, --autopilot, which replays to its end).
  rr: { subs: /^replay$/, quiet: /^(-a|--autopilot|-h|--help)$/, script: false },
  // cockroach sql's \! runs a shell command (passed before red-team round 45).
  cockroach: { subs: /^sql$/, quiet: /^(-e|--execute(=.*)?|-f|--file(=.*)?|-h|--help)$/, script: false },
  // terraform's (and OpenTofu's) console evaluates the expressions typed or fed to it: file(PATH)
  // prints any file (`terraform console <<< 'file(".env")'` passed before red-team round 45).
  terraform: { subs: /^console$/, quiet: /^(-h|-help|--help)$/, script: false },
  // The Azure CLI's interactive shell runs a line starting with # as a shell command (passed before
  // red-team round 46).
  az: { subs: /^interactive$/, quiet: /^(-h|--help)$/, script: false },
  tofu: { subs: /^console$/, quiet: /^(-h|-help|--help)$/, script: false },
};

/**
 * What a screen or script run does that exo cannot follow, or null when it runs a command (judged
 * as the runner's command is): without one each starts a shell, and screen -r/-x enters a
 * session's; such a shell runs what is typed into its terminal (see TERMINAL_REPLS). screen -X
 * sends a session commands (`stuff` types them into its shell).
 */
function runnerShell(base: "screen" | "script", args: Word[]): string | null {
  if (base === "script") return args.some((a) => /^(-[A-Za-z]*c.*|--command(=.*)?)$/.test(a.text)) ? null : "script starts a shell that runs the commands typed into its terminal";
  for (let k = 0; k < args.length; k++) {
    const t = (args[k] as Word).text;
    if (/^-(ls|list|v|version|wipe|Q|-help|-version)$/.test(t)) return null;
    if (t === "-X") return "screen -X sends commands to a session (stuff types them into its shell)";
    if (!t.startsWith("-")) return null;
    const letters = t.slice(1);
    if (letters !== "Logfile" && /[rRxD]/.test(letters)) return "screen -r/-x enters a session's shell, which runs the commands typed into its terminal";
    if (letters === "Logfile" || /[cehpSTt]$/.test(letters)) k++;
  }
  return "screen starts a shell that runs the commands typed into its terminal";
}

/** ssh HOST with no command (nor -N, -W, -G, -V, -O, -Q): a login shell on HOST, this machine too for localhost. */
function sshShell(args: Word[]): boolean {
  let hosts = 0;
  for (let i = 0; i < args.length; i++) {
    const t = (args[i] as Word).text;
    if (t === "--") {
      hosts += args.length - i - 1;
      break;
    }
    if (!t.startsWith("-")) {
      hosts++;
      continue;
    }
    if (/^-[A-Za-z0-9]*[NWGVOQ]/.test(t)) return false;
    // Options that take a value: the rest of the word, or the next word.
    const k = t.slice(1).search(/[bcDeEFiIJlLmopPRSwBX]/);
    if (k >= 0 && k === t.length - 2) i++;
  }
  return hosts === 1;
}

/**
 * Whether doas starts a shell: -s and no command after its options, whose -a, -C and -u take the
 * rest of their word or the next one (`doas -su root` passed before red-team round 42).
 */
function doasShell(args: Word[]): boolean {
  let shell = false;
  let k = 0;
  for (; k < args.length; k++) {
    const t = (args[k] as Word).text;
    if (t === "--") {
      k++;
      break;
    }
    if (!/^-./.test(t)) break;
    for (let j = 1; j < t.length; j++) {
      if (t[j] === "s") shell = true;
      if ("aCu".includes(t[j] as string)) {
        if (j === t.length - 1) k++;
        break;
      }
    }
  }
  return shell && k >= args.length;
}

/** Whether a program of TERMINAL_REPLS, run unfed with these words, waits for commands typed into its terminal. */
function readsTerminal(base: string, args: Word[]): boolean {
  const sub = SUBCOMMAND_REPLS[base];
  // terraform's global options (-chdir=DIR) stand before its subcommand.
  const at = base === "terraform" || base === "tofu" ? Math.max(0, args.findIndex((a) => !/^-chdir=/.test(a.text))) : 0;
  if (sub && sub.subs.test(args[at]?.text ?? "")) return readsTerminalAs(sub, args.slice(at + 1));
  const repl = TERMINAL_REPLS[base];
  return repl !== undefined && readsTerminalAs(repl, args);
}
function readsTerminalAs(repl: { quiet: RegExp; script: boolean; values?: RegExp }, args: Word[]): boolean {
  if (args.some((a) => repl.quiet.test(a.text))) return false;
  return !(repl.script && args.some((a, k) => !a.text.startsWith("-") && !(k > 0 && repl.values?.test((args[k - 1] as Word).text))));
}
/**
 * The names an interpreter or editor is also installed under (python3.12, pypy3, nodejs, node20,
 * php8.2, perl5.36, gsed): judged as the program they are.
 */
/**
 * A program's name as the file system finds it: macOS's and Windows' default file systems ignore
 * case, so `GIT` runs git and `SH` sh there (`GIT config core.hooksPath /dev/null` and `SH -c 'cat
 * .env'` passed as programs exo did not know before red-team round 32). A name in capitals is judged
 * as its lower-case program, but for the few whose capitals are their own (R, Rscript) and the
 * shell's builtins and keywords: `CD`, `EXPORT`, `COMMAND` find no builtin (bash matches builtins
 * by case) but a program (macOS's /usr/bin/cd, /usr/bin/command) run in a process of its own,
 * which changes nothing here (`COMMAND cd src` stays in the folder). A name with a folder is
 * folded only in the system's folders (`./GIT` is a script of its own).
 */
const OWN_CAPITALS = new Set(["R", "Rscript"]);
const SHELL_STATE = new Set(["cd", "chdir", "pushd", "popd", "dirs", "export", "set", "shopt", "setopt", "unsetopt", "alias", "unalias", "declare", "typeset", "local", "readonly", "unset", "read", "mapfile", "readarray", "source", ".", "hash", "umask", "ulimit", "trap", "enable", "disable", "shift", "getopts", "let", "printf", "print", "emulate", "zmodload", "autoload", "functions", "integer", "float", "vared", "zparseopts", "zstyle", "wait", "jobs", "fg", "bg", "disown", "command", "builtin", "exec", "eval", "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "select", "function", "in", "coproc", "repeat", "foreach", "end"]);
function programCase(base: string): string {
  if (!/[A-Z]/.test(base) || OWN_CAPITALS.has(base)) return base;
  const lower = base.toLowerCase();
  return SHELL_STATE.has(lower) ? base : lower;
}
/**
 * The shell's keywords: syntax, never a program (`IF`, `Done` are programs of no one's). The other
 * words of SHELL_STATE are builtins, which macOS also ships as programs (/usr/bin/command,
 * /usr/bin/cd, …: the builtin of the lower-case name, in a shell of their own), so on a
 * case-blind file system `Command eval '…'` runs the builtin command, and `Eval '…'` may (red-team
 * round 33).
 */
const SHELL_KEYWORDS = new Set(["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "select", "function", "in", "coproc", "repeat", "foreach", "end"]);
function builtinProgram(base: string): string | null {
  if (!/[A-Z]/.test(base) || OWN_CAPITALS.has(base)) return null;
  const lower = base.toLowerCase();
  return SHELL_STATE.has(lower) && !SHELL_KEYWORDS.has(lower) ? lower : null;
}
/** The options git itself takes a value for (`git -C DIR`, `git -c k=v`), before its subcommand. */
const GIT_VALUE_OPTIONS = new Set(["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env", "--exec-path", "--super-prefix", "--list-cmds", "--attr-source"]);
/**
 * git's subcommand as git looks it up: a name in capitals finds an alias (configuration names
 * ignore case) or, on a case-blind file system, the `git-config` program; `git CONFIG
 * core.hooksPath /dev/null`, `git CHECKOUT -- docs/x` and `git SHOW HEAD:.env` passed as
 * subcommands exo did not know (before red-team round 33). `words` start after git's name.
 */
function gitCase(words: Word[]): Word[] {
  let i = 0;
  while (i < words.length && (words[i] as Word).text.startsWith("-") && (words[i] as Word).text !== "--") i += GIT_VALUE_OPTIONS.has((words[i] as Word).text) ? 2 : 1;
  const w = words[i];
  if (!w || w.dynamic || !/[A-Z]/.test(w.text) || !/^[A-Za-z][\w-]*$/.test(w.text)) return words;
  return [...words.slice(0, i), { ...w, text: w.text.toLowerCase() }, ...words.slice(i + 1)];
}

/** git's everyday commands, which no alias can stand for (git runs its own): no configuration is asked for them. */
const GIT_OWN = new Set(["status", "diff", "log", "show", "add", "commit", "push", "pull", "fetch", "checkout", "switch", "branch", "merge", "rebase", "reset", "restore", "stash", "tag", "rev-parse", "ls-files", "grep", "blame", "config", "remote", "init", "clone", "mv", "rm", "worktree", "cherry-pick", "revert", "describe", "cat-file", "ls-tree", "rev-list", "diff-tree", "format-patch", "apply", "am", "clean", "reflog", "notes", "submodule", "bisect", "archive", "shortlog", "for-each-ref", "show-ref", "symbolic-ref", "update-ref", "merge-base", "version", "help"]);

/**
 * git's words with an alias in its subcommand's place replaced by what it stands for (`lp` by `log
 * -p`); an alias that runs a shell (`!…`) or holds quotes is a command exo cannot follow.
 */
function gitAliased(words: Word[], alias: (name: string) => string | null, result: ShellResult): Word[] {
  let i = 0;
  while (i < words.length && (words[i] as Word).text.startsWith("-") && (words[i] as Word).text !== "--") i += GIT_VALUE_OPTIONS.has((words[i] as Word).text) ? 2 : 1;
  const w = words[i];
  const value = w && !w.dynamic && /^[A-Za-z][\w-]*$/.test(w.text) && !GIT_OWN.has(w.text) ? alias(w.text) : null;
  if (!w || value === null || value.trim() === "") return words;
  if (value.trim().startsWith("!") || /["'\\$\x60]/.test(value)) {
    result.unknown.push(`git ${w.text} is an alias that runs a shell or quoted words`);
    return words;
  }
  return [...words.slice(0, i), ...value.trim().split(/\s+/).map((text) => ({ ...w, text, quoted: false, glob: false })), ...words.slice(i + 1)];
}

function canonicalName(base: string): string {
  if (/^(python\d+(\.\d+)*|pypy[23]?|micropython|ipython3?)$/.test(base)) return "python3";
  if (/^(nodejs|node\d+(\.\d+)*|ts-node|tsx)$/.test(base)) return "node";
  if (/^php\d+(\.\d+)*$/.test(base)) return "php";
  if (/^perl\d+(\.\d+)*$/.test(base)) return "perl";
  if (/^ruby\d+(\.\d+)*$/.test(base)) return "ruby";
  if (/^lua\d+(\.\d+)*$/.test(base)) return "lua"; // Debian's lua5.4, lua5.1 (allowed before red-team round 14)
  if (/^(gsed|ssed)$/.test(base)) return "sed";
  // gdb's other builds and front ends (gdb-multiarch, cgdb, pwndbg) and lldb's versioned names
  // (lldb-15) are its prompt (each passed before red-team round 45).
  if (/^(gdb-multiarch|cgdb|pwndbg)$/.test(base)) return "gdb";
  if (/^lldb-\d+(\.\d+)*$/.test(base)) return "lldb";
  // zsh's zsh/files builtins (zmodload zsh/files): zf_rm docs is rm docs (allowed before red-team round 18).
  if (/^zf_(chgrp|chmod|chown|ln|mkdir|mv|rm|rmdir)$/.test(base)) return base.slice(3);
  return base;
}

/**
 * Options whose value is code the program runs (lua -e, julia -e, Rscript -e, guile -c, sbcl
 * --eval, gdb -ex, dc -e, psql -c, …) and subcommands that run their words as code (bun eval,
 * crystal eval): the code can open any file or run a shell command.
 */
const INLINE_CODE: Record<string, string[]> = {
  lua: ["-e"], luajit: ["-e"], julia: ["-e", "--eval", "-E", "--print"], Rscript: ["-e"], R: ["-e"], expect: ["-c"], wish: ["-c"],
  guile: ["-c"], racket: ["-e", "--eval", "-r"], sbcl: ["--eval"], clisp: ["-x"], ecl: ["-eval"], csi: ["-e", "-p", "-eval", "-print"], gsi: ["-e"],
  kotlin: ["-e"], kotlinc: ["-e", "-script"], scala: ["-e"], groovy: ["-e"], elixir: ["-e", "--eval"], iex: ["-e", "--eval"], erl: ["-eval", "-s", "-run"],
  clojure: ["-e", "--eval"], clj: ["-e", "--eval"], bb: ["-e", "--eval"], nbb: ["-e", "--eval"], ghc: ["-e"], ghci: ["-e"], raku: ["-e"], perl6: ["-e"],
  dc: ["-e", "--expression"], psql: ["-c", "--command"], mysql: ["-e", "--execute"], mariadb: ["-e", "--execute"], duckdb: ["-c", "-cmd", "-s"],
  gnuplot: ["-e"], octave: ["--eval"], matlab: ["-batch", "-r"], maxima: ["--batch-string", "-r"], sage: ["-c"], qjs: ["-e", "--eval"], rhino: ["-e"],
  jrunscript: ["-e"], osascript: ["-e"], emacsclient: ["-e", "--eval"], gdb: ["-ex", "--ex", "-eval-command", "--eval-command", "-iex", "--init-eval-command", "-x", "--x", "-command", "--command", "-ix", "--init-command"],
  lldb: ["-o", "--one-line", "-O", "--one-line-before-file", "-k", "--one-line-on-crash", "-s", "--source", "-S", "--source-before-file"],
  // mongosh's fs, swift's Foundation, clickhouse's file() and INTO OUTFILE (each passed before red-team round 42).
  mongosh: ["--eval"], swift: ["-e"], "clickhouse-local": ["-q", "--query", "--queries-file"], "clickhouse-client": ["-q", "--query", "--queries-file"],
  // php's long names of -r, -B, -R, -E (php_cli.c; its short switches are read with python's below; allowed before red-team round 14).
  php: ["--run", "--process-begin", "--process-code", "--process-end"],
  // rake's -e, -p and -E run Ruby's code; the legacy mongo shell's cat() and run(), usql's \! (each passed before red-team round 44).
  rake: ["-e", "--execute", "-p", "--execute-print", "-E", "--execute-continue"], mongo: ["--eval"], usql: ["-c", "--command"],
  // jsonnet -e CODE: its import, importstr and importbin read any file (passed before red-team round 45).
  jsonnet: ["-e", "--exec"],
  // MySQL Shell's -e runs JavaScript (its default mode) or Python: os.loadTextFile reads any file.
  mysqlsh: ["-e", "--execute"],
};
const INLINE_SUBCOMMANDS: Record<string, string[]> = { bun: ["eval"], crystal: ["eval"], nim: ["e"] };

/** The option or subcommand by which a program is given code to run, or null. */
function inlineCode(base: string, args: Word[]): string | null {
  // clickhouse local|client is clickhouse-local|-client.
  if (base === "clickhouse" && /^(local|client)$/.test(args[0]?.text ?? "")) return inlineCode(`clickhouse-${args[0]?.text ?? ""}`, args.slice(1));
  // mix run -e CODE (--eval) runs Elixir's code as elixir -e does (passed before red-team round 43).
  if (base === "mix" && args[0]?.text === "run") return inlineCode("elixir", args.slice(1));
  // rails runner CODE (r) runs Ruby's code; a script's path (`rails runner script/x.rb`) is a script
  // of the project (passed before red-team round 44).
  if (base === "rails" && /^(runner|r)$/.test(args[0]?.text ?? "")) {
    const code = args.slice(1).find((a) => !a.text.startsWith("-") && !/^(development|test|production|staging)$/.test(a.text));
    return code && (code.dynamic || !/^[\w./~-]+$/.test(code.text) || !(code.text.endsWith(".rb") || code.text.includes("/"))) ? "runner" : null;
  }
  // radare2's and rizin's -c CMD and -i FILE run their commands (`!CMD` a shell command), glued to
  // other flags too (-qc, -qi), as gdb's -ex and -x do.
  if (/^(r2|radare2|rizin)$/.test(base)) return args.find((a) => /^-[A-Za-z]*[ci]/.test(a.text) && !a.text.startsWith("--"))?.text ?? null;
  // ansible's ad-hoc -a ARGS (--args) and -e VARS (--extra-vars) are templates rendered on this
  // machine: a {{ … }} runs lookup('file', PATH), which reads any file, and lookup('pipe', CMD), which
  // runs a command (`ansible localhost -m debug -a 'msg={{ lookup("file", ".env") }}'` passed before
  // red-team round 45).
  // So are ansible-playbook's and ansible-pull's -e VARS, which the playbook's tasks render (passed
  // before red-team round 46).
  if (/^ansible(-playbook|-pull)?$/.test(base)) {
    for (let k = 0; k < args.length; k++) {
      const m = /^(-a|--args|-e|--extra-vars)(=?)(.*)$/s.exec((args[k] as Word).text);
      if (!m || (m[1]?.startsWith("--") && m[3] !== "" && m[2] !== "=")) continue;
      const value = m[3] !== "" ? args[k] : args[k + 1];
      if (value && (value.dynamic || /\{[{%]/.test(value.text))) return m[1] as string;
    }
  }
  const sub = INLINE_SUBCOMMANDS[base];
  if (sub && sub.includes(args[0]?.text ?? "")) return args[0]?.text ?? null;
  const options = INLINE_CODE[base];
  if (!options) return null;
  for (const a of args) {
    if (a.text === "--") break;
    const eq = a.text.indexOf("=");
    const name = eq > 0 && a.text.startsWith("-") ? a.text.slice(0, eq) : a.text;
    if (options.includes(name)) return name;
    // A one-letter option with its code glued to it (lua -e'…', dc -e'!cmd').
    const glued = options.find((o) => /^-[A-Za-z]$/.test(o) && a.text.startsWith(o) && a.text.length > 2 && !a.text.startsWith("--"));
    if (glued) return glued;
  }
  return null;
}

const INTERPRETERS = new Set(["python", "python3", "python2", "node", "ruby", "perl", "php", "deno", "bun", "sh", "bash", "zsh", "dash"]);
/**
 * Shells whose command strings, scripts and input exo does not read (other grammars, or POSIX
 * shells exo does not model): whatever they are given to run may write anywhere.
 */
const OTHER_SHELLS = new Set(["ksh", "ksh93", "mksh", "pdksh", "oksh", "loksh", "yash", "ash", "posh", "fish", "tcsh", "csh", "nu", "nush", "xonsh", "elvish", "rc", "es", "ion", "pwsh", "powershell"]);
const READERS = new Set(["cat", "less", "more", "head", "tail", "bat", "base64", "xxd", "od", "strings"]);
/** Scripts commonly sourced to set up a shell (virtualenvs, nvm, rc files): not judged as running code. */
const SETUP_SCRIPTS = /(^|\/)(activate(\.[a-z]+)?|nvm\.sh|\.?(bashrc|bash_profile|profile|zshrc|zprofile|envrc)|env\.sh|cargo\/env)$/;

/** What wrappers did besides running the rest: env -C changes the folder, env -S splits a string. */
interface Wrapped {
  chdir?: Word;
  /** sudo -s / -i: with no command, the shell it starts reads its commands from the input. */
  shell?: string;
  /** Files a wrapper writes itself (GNU time -o FILE), and whether a chdir of an earlier wrapper applies. */
  outputs?: { word: Word; inChdir: boolean }[];
  split?: Word;
  /** Variable assignments before the command or in env (NAME=value). */
  assigns: Word[];
  /** A wrapper that is a program of its own (env, sudo, nice, nohup, timeout, stdbuf) or exec: what it runs is no builtin of this shell. */
  process?: true;
}

/** Variables that change which git hooks run (or skip exo's). */
const HOOKS_VARS = /^(EXO_SKIP_GIT_HOOKS|GIT_CONFIG_GLOBAL|GIT_CONFIG_SYSTEM|GIT_CONFIG_PARAMETERS|GIT_CONFIG_COUNT|GIT_CONFIG_KEY_\d+|GIT_CONFIG_VALUE_\d+|GIT_CONFIG|GIT_CONFIG_NOSYSTEM)$/;
/** Variables whose value another program runs or loads as code. */
/** Variables that move what git writes: the work tree, the git folder, the index, the object store. */
const GIT_PLACE_VARS = /^(GIT_WORK_TREE|GIT_DIR|GIT_COMMON_DIR|GIT_INDEX_FILE|GIT_OBJECT_DIRECTORY)$/;

/** Variables that name a file or folder the next program writes (a key log, byte code, a build or compile cache, coverage data, histories). */
const FILE_VARS = /^(TMPDIR|TMP|TEMP|TEMPDIR|XDG_RUNTIME_DIR|SSLKEYLOGFILE|PYTHONPYCACHEPREFIX|PYTHONUSERBASE|NODE_COMPILE_CACHE|NODE_REPL_HISTORY|PYTHON_HISTORY|COVERAGE_FILE|CARGO_TARGET_DIR|CARGO_BUILD_TARGET_DIR|CARGO_HOME|GOCACHE|GOMODCACHE|GOPATH|GOTMPDIR|DENO_DIR|BUN_INSTALL|MYPY_CACHE_DIR|RUFF_CACHE_DIR|PYTEST_CACHE_DIR|LESSHISTFILE|MYSQL_HISTFILE|PSQL_HISTORY|SQLITE_HISTORY|HISTFILE|JEST_JUNIT_OUTPUT_DIR|JEST_JUNIT_OUTPUT_FILE|JEST_JUNIT_OUTPUT_NAME|TS_NODE_COMPILER_HOST_CACHE|BABEL_CACHE_PATH|ESLINT_CACHE_LOCATION|CCACHE_DIR|CCACHE_LOGFILE|MAKEOBJDIR|GCOV_PREFIX|LLVM_PROFILE_FILE|GMON_OUT_PREFIX|MALLOC_TRACE|GNUPGHOME|DEPENDENCIES_OUTPUT|SUNPRO_DEPENDENCIES|XDG_CACHE_HOME|XDG_CONFIG_HOME|XDG_DATA_HOME|XDG_STATE_HOME|RUSTUP_HOME|POETRY_CACHE_DIR|PLAYWRIGHT_BROWSERS_PATH|PUPPETEER_CACHE_DIR|CYPRESS_CACHE_FOLDER|PRE_COMMIT_HOME|R_HISTFILE|REDISCLI_HISTFILE|TS_NODE_HISTORY|GRADLE_USER_HOME|TF_LOG_PATH|TF_DATA_DIR|TF_PLUGIN_CACHE_DIR|KUBECONFIG|DOCKER_CONFIG|AWS_CONFIG_FILE|AWS_SHARED_CREDENTIALS_FILE|SCCACHE_DIR|HEAPPROFILE|CPUPROFILE|LD_DEBUG_OUTPUT|VOLTA_HOME|NVM_DIR|PYENV_ROOT|RBENV_ROOT|CONDA_PKGS_DIRS|HF_HOME|HF_DATASETS_CACHE|TRANSFORMERS_CACHE|TORCH_HOME|MPLCONFIGDIR|JUPYTER_CONFIG_DIR|IPYTHONDIR|UV_CACHE_DIR|PIP_CACHE_DIR|YARN_CACHE_FOLDER|BUN_INSTALL_CACHE_DIR|GEM_HOME|BUNDLE_PATH|COMPOSER_HOME|COMPOSER_VENDOR_DIR|GOBIN|DOTNET_EventPipeOutputPath|COMPlus_EventPipeOutputPath|DOTNET_DbgMiniDumpName|COMPlus_DbgMiniDumpName)$/;
/**
 * Variables named for a cache, temporary, work, output, report, log, coverage, storage or install
 * folder or file (TURBO_CACHE_DIR, PLAYWRIGHT_HTML_REPORT, TOX_WORK_DIR, UV_TOOL_DIR,
 * HYPOTHESIS_STORAGE_DIRECTORY, PYTEST_DEBUG_TEMPROOT): the program they are given writes there
 * (allowed before red-team round 19, where only FILE_VARS' names counted).
 */
const PLACE_VAR = /^[A-Z][A-Z0-9_]*_(CACHE_DIR|CACHE_DIRECTORY|CACHE_FOLDER|CACHE_HOME|CACHE_PATH|TEMP_DIR|TMP_DIR|TEMPROOT|WORK_DIR|WORKDIR|ENVDIR|OUTPUT|OUTPUT_DIR|OUTPUT_FILE|OUTPUT_NAME|OUTPUT_FOLDER|REPORT|REPORT_DIR|REPORTS_DIR|LOG_DIR|LOG_FILE|LOGFILE|LOG_PATH|STORAGE_DIR|STORAGE_DIRECTORY|INSTALL_DIR|TOOL_DIR|TOOL_BIN_DIR|COVERAGE|COVERAGE_DIR|STATE_DIR|DATA_DIR)$|^(PYLINTHOME|NUGET_PACKAGES|DOTNET_CLI_HOME)$/;
const RUNS_CODE_VARS = /^(LD_AUDIT|LD_LIBRARY_PATH|DYLD_LIBRARY_PATH|DYLD_FALLBACK_LIBRARY_PATH|GCONV_PATH|PS4|BASH_ENV|ENV|GIT_EXTERNAL_DIFF|GIT_SSH_COMMAND|GIT_SSH|GIT_EDITOR|GIT_SEQUENCE_EDITOR|EDITOR|VISUAL|GIT_ASKPASS|SSH_ASKPASS|LD_PRELOAD|DYLD_INSERT_LIBRARIES|PYTHONSTARTUP|PERL5OPT|RUBYOPT|PROMPT_COMMAND|GIT_PAGER|PAGER|MANPAGER|LESSOPEN|LESSCLOSE|BROWSER|MAKEFILES|MAKEFLAGS|GNUMAKEFLAGS|MFLAGS|NODE_OPTIONS|GIT_PROXY_COMMAND|GIT_TEMPLATE_DIR|ZDOTDIR|VIMINIT|EXINIT|MYVIMRC|GVIMINIT|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|PERL5DB|LUA_INIT(_5_\d)?)$/;

interface Assignment {
  name: string;
  value: string | null;
  dynamic: boolean;
  /** The expansions left out of `value` (see Word.expansions). */
  expansions?: string[];
}

/**
 * Variables whose value is a program another one runs in its stead or beside it: a compiler, a
 * linker, a wrapper, an askpass helper, a cargo target's runner (`RUSTC_WRAPPER=src/x.sh cargo
 * build`, `SUDO_ASKPASS=src/x.sh sudo -A`, `CC=src/x.sh make`: allowed before red-team round 24).
 */
const PROGRAM_VARS = /^(CC|CXX|CPP|LD|AR|AS|FC|F77|RUSTC|RUSTDOC|HOSTCC|HOSTCXX|CONFIG_SHELL|[A-Z][A-Z0-9_]*_(ASKPASS|WRAPPER|LINKER|RUNNER|COMPILER|COMPILER_LAUNCHER|LAUNCHER))$/;
/** An installed program by its bare name, with plain options (`gcc`, `ccache g++`, `clang -m32`), which is no script of the agent's and no shell. */
const INSTALLED_PROGRAM = /^(?!(sh|bash|zsh|dash|ksh|fish|env|python[\d.]*|node|perl|ruby|php|deno|bun|npx|eval|exec|xargs|busybox)(\s|$))[\w.+-]+(\s+-{1,2}[\w.+=-]+|\s+[\w.+-]+)*$/;

/** Values of those variables that run nothing: a plain pager, NODE_OPTIONS without a loaded module, an empty value. */
function harmlessValue(a: Assignment): boolean {
  if (a.dynamic || a.value === null) return false;
  if (a.value === "") return true;
  if (/^(GIT_PAGER|PAGER|MANPAGER)$/.test(a.name)) return /^(cat|less|more|head|tail)( -[A-Za-z]+)*$/.test(a.value);
  if (a.name === "PS4") return !/[$\x60]/.test(a.value); // set -x expands it, running its $(…)
  // The JVM's options: memory and properties are harmless; agents, boot classpaths and files it writes (heap dumps, logs) are not.
  if (/JAVA_(TOOL_)?OPTIONS$/.test(a.name)) return !/(-javaagent|-agentlib|-agentpath|-Xbootclasspath|-Xlog|-Xloggc|-XX:[+-]?\w*(Path|File|Dump|Flags)|-Djava\.io\.tmpdir|-Duser\.home|@)/.test(a.value);
  // node's options that load code, or write a file or folder (reports, profiles, warnings, traces:
  // `NODE_OPTIONS=--redirect-warnings=docs/x`, allowed before red-team round 21), or open a debugger.
  if (a.name === "NODE_OPTIONS") return !/(^|\s)(-r|--require|--import|--loader|--experimental-loader|--env-file|--redirect-warnings|--report|--diagnostic-dir|--cpu-prof|--heap-prof|--heapsnapshot|--prof|--trace-event|--trace-events-enabled|--test-reporter-destination|--test-update-snapshots|--snapshot-blob|--build-snapshot|--localstorage-file|--inspect|--debug|--experimental-sea-config|--experimental-config-file|--experimental-default-config-file)/.test(a.value);
  // tar's options of ownership, modes and messages (TAR_OPTIONS=--no-same-owner in container builds); unzip's and zip's quiet and overwrite switches.
  if (a.name === "TAR_OPTIONS") return /^(\s*--(no-same-owner|no-same-permissions|same-owner|numeric-owner|(owner|group|mode|mtime|sort|warning|format)=[\w:.,+-]+|no-overwrite-dir|overwrite|keep-old-files|skip-old-files|delay-directory-restore|totals|wildcards|no-wildcards|ignore-zeros|no-xattrs|no-acls|no-selinux)\s*)+$/.test(a.value);
  if (/^(ZIPOPT|UNZIP|UNZIPOPT|ZIPINFO|ZIPINFOOPT)$/.test(a.name)) return /^(\s*-[qonv]+\s*)+$/.test(a.value);
  // make's own options (-j4, -k, s) are harmless; --eval (-E) gives it a rule with a recipe (allowed before red-team round 16).
  if (/^(MAKEFLAGS|GNUMAKEFLAGS|MFLAGS)$/.test(a.name)) return !/eval|(^|\s)-[a-zA-Z]*E/.test(a.value);
  // rustc's lint levels and cfg flags (RUSTFLAGS='-D warnings'; asked before the everyday sweep of round 20); a linker, an output or a -Z option is not.
  if (/^(RUSTFLAGS|CARGO_BUILD_RUSTFLAGS)$/.test(a.name)) return /^\s*((-[DWAF]\s*[\w:-]+|--(deny|warn|allow|forbid)[= ][\w:-]+|--cfg[= ]?[\w]+|-C\s*(opt-level|target-cpu|debuginfo|debug-assertions|overflow-checks|codegen-units|panic|force-frame-pointers)=[\w-]+)\s*)+$/.test(a.value);
  return false;
}

/** The variables a simple command sets: its NAME=value prefix, export/declare/…, printf -v, read, mapfile. */
function assignments(words: Word[], wrapped: Wrapped): Assignment[] {
  const out: Assignment[] = [];
  const parse = (w: Word): Assignment | null => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?\+?=(.*)$/s.exec(w.text);
    return m ? { name: m[1] as string, value: m[3] as string, dynamic: w.dynamic, ...(w.expansions ? { expansions: w.expansions } : {}) } : null;
  };
  for (const w of wrapped.assigns) {
    const a = parse(w);
    if (a) out.push(a);
  }
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test((words[i] as Word).text)) i++;
  const head = words[i]?.text ?? "";
  const rest = words.slice(i + 1);
  if (["export", "declare", "typeset", "local", "readonly"].includes(head)) {
    for (const w of rest) {
      if (w.text.startsWith("-")) continue;
      out.push(parse(w) ?? { name: w.text, value: null, dynamic: true });
    }
  } else if (head === "printf") {
    const v = rest.findIndex((w) => w.text === "-v");
    if (v >= 0 && rest[v + 1]) out.push({ name: (rest[v + 1] as Word).text.replace(/\[.*$/, ""), value: null, dynamic: true });
  } else if (head === "read" || head === "mapfile" || head === "readarray") {
    // The options that take a value (read -a NAME names the array it fills; mapfile -t is a flag:
    // before red-team round 16 `mapfile -t PATH < f` was read as -t's value and PATH as unset).
    const valued = head === "read" ? /^-[dinNptu]$/ : /^-[dnOsuCc]$/;
    for (let k = 0; k < rest.length; k++) {
      const t = (rest[k] as Word).text;
      if (head === "read" && t === "-a") out.push({ name: rest[++k]?.text ?? "", value: null, dynamic: true });
      else if (valued.test(t)) k++;
      else if (!t.startsWith("-")) out.push({ name: t, value: null, dynamic: true });
    }
  } else if (head === "let") {
    // let PATH=1, let x+=1: arithmetic assignments.
    for (const w of rest) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(w.text);
      if (m && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?([-+*/%&|^]|<<|>>)?=/.test(w.text)) out.push({ name: m[1] as string, value: null, dynamic: true });
    }
  } else if (head === "getopts" && rest[1]) out.push({ name: rest[1].text, value: null, dynamic: true });
  else if ((head === "for" || head === "select") && rest[0] && /^[A-Za-z_][A-Za-z0-9_]*$/.test(rest[0].text)) out.push({ name: rest[0].text, value: null, dynamic: true });
  return out;
}

/** The temporary file or folder `mktemp ARGS` makes, absolute (relative ones from `cwd`; `tmpdir` is $TMPDIR), or null when exo cannot tell it. */
function mktempName(args: readonly Word[], cwd: string, tmpdir: string | undefined): string | null {
  let dir: string | undefined;
  let t = false;
  let template: string | null = null;
  let suffix = "";
  for (let k = 0; k < args.length; k++) {
    const a = args[k] as Word;
    if (a.dynamic) return null;
    const x = a.text;
    if (["--directory", "--dry-run", "--quiet"].includes(x)) continue;
    if (x.startsWith("--t") && longPrefix(x, "--tmpdir", 3)) dir = x.includes("=") ? x.slice(x.indexOf("=") + 1) : "";
    else if (x.startsWith("--suffix=")) suffix = x.slice(9);
    else if (x.startsWith("-") && x.length > 1) {
      for (let j = 1; j < x.length; j++) {
        const c = x[j] as string;
        if (c === "t") t = true;
        else if (c === "p") {
          const v = j + 1 < x.length ? x.slice(j + 1) : args[++k];
          if (v === undefined || (typeof v !== "string" && v.dynamic)) return null;
          dir = typeof v === "string" ? v : v.text;
          break;
        } else if (!"duq".includes(c)) return null;
      }
    } else if (template !== null) return null;
    else template = x;
  }
  const env = tmpdir !== undefined && tmpdir !== "" ? tmpdir : undefined;
  // GNU's -t takes $TMPDIR before -p's folder; -p without one (or --tmpdir, or no template) takes $TMPDIR, else /tmp.
  const folder = t ? (env ?? (dir || "/tmp")) : dir !== undefined ? dir || (env ?? "/tmp") : template === null ? (env ?? "/tmp") : null;
  const name = `${template ?? "tmp.XXXXXXXXXX"}${suffix}`;
  const path = folder === null ? posix.resolve(cwd, name) : posix.resolve(cwd, folder, name);
  return /^[\w.+,@%:/-]+$/.test(path) ? path : null;
}

/** Builtins that set variables: a variable's name among their words (or computed there) may be set by them. */
const SETS_VARIABLES = new Set(["read", "mapfile", "readarray", "declare", "typeset", "local", "export", "readonly", "getopts", "printf", "let", "unset", "select", "vared", "zparseopts", "integer", "float", "alias", "trap", "wait", "coproc", "compgen", "bind", "enable", "print", "strftime", "zstyle", "zformat", "sysread", "zstat", "getln", "zregexparse", "zsocket", "ztcp", "zselect", "zsystem", "pcre_match"]);

/**
 * `words` (a command's, wrappers stripped) may set variables: a SETS_VARIABLES builtin, printf and
 * zsh's print only with -v (`print -vd docs` sets d: passed before red-team round 29).
 */
function setsVariables(words: readonly Word[]): boolean {
  const head = words[0] && !words[0].quoted ? (words[0].text.split("/").pop() ?? "") : "";
  if (!SETS_VARIABLES.has(head)) return false;
  return head === "printf" ? words.some((x) => x.text.startsWith("-v")) : head === "print" ? words.some((x) => /^-[a-zA-Z]*v/.test(x.text)) : true;
}

/**
 * The text a trap keeps of its body word: as written, and for a double-quoted body whose
 * expansions are only variables of `names` (`trap "rm -f $f" EXIT`, expanded when the trap is
 * set), each as `${NAME}` where the shell puts its value; null for any other computed body.
 */
function trapText(body: Word, names: ReadonlySet<string>): string | null {
  if (!body.dynamic) return body.text;
  const marks = body.marks ?? [];
  if (body.subs || body.fallback || marks.length === 0 || marks.length !== (body.expansions ?? []).length || marks.some((m, k) => !/^[A-Za-z_]\w*$/.test(m.raw) || body.expansions?.[k] !== m.raw || !names.has(m.raw))) return null;
  let text = "";
  let from = 0;
  for (const m of marks) {
    text += `${body.text.slice(from, m.at)}\${${m.raw}}`;
    from = m.at;
  }
  return text + body.text.slice(from);
}

/**
 * `trap 'rm -rf "$TMP"' EXIT`: a trap whose body only removes what variables name (rm, rmdir or
 * unlink, their options and `$NAME` words): it sets no variable, so it leaves a temporary file's
 * name as it is (it stopped the mktemp rule before red-team round 27). A double-quoted body
 * (`trap "rm -f $f" EXIT`) counts when it expands only variables of `names`, the temporary files'
 * (asked before red-team round 28): another variable's value would be code in it.
 */
function cleanupTrap(words: readonly Word[], names: ReadonlySet<string>, bare: (text: string) => Parsed): Simple[] | null {
  const body = words.slice(1).find((a) => !a.text.startsWith("-"));
  if (words[0]?.text !== "trap" || words[0].quoted || !body) return null;
  const text = trapText(body, names);
  if (text === null) return null;
  const commands = bare(text).commands;
  const plain = commands.length > 0 && commands.every((c) => c.redirects.length === 0 && !c.defines && !c.piped && !c.pipesOut && ["rm", "rmdir", "unlink"].includes(c.words[0]?.text ?? "") && !c.words[0]?.dynamic && c.words.slice(1).every((w) => (!w.dynamic && /^-[-a-zA-Z]*$/.test(w.text)) || (w.dynamic && !w.subs && (w.marks ?? []).length === 1 && /^[A-Za-z_]\w*$/.test(w.lead ?? "") && (w.text === "" || w.text.startsWith("/")))));
  return plain ? commands : null;
}

/** A memo of `parse(text, {})` for one line: the bodies the mktemp rule reads (trap bodies, substitutions) are parsed once. */
function bareParser(): (text: string) => Parsed {
  const memo = new Map<string, Parsed>();
  return (text) => {
    let p = memo.get(text);
    if (!p) memo.set(text, (p = parse(text, {})));
    return p;
  };
}

/**
 * The literals a program the line starts has in its environment: those the line exported, and the
 * plain literals assigned before it (`d=src/api bash -c …`); none through a wrapper (env, sudo …),
 * which may clear or change them.
 */
function childEnv(cmd: Simple, words: readonly Word[], exported: Record<string, string>): Record<string, string> {
  const env = { ...exported };
  let k = 0;
  for (; k < cmd.words.length; k++) {
    const w = cmd.words[k] as Word;
    const name = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?\+?=/.exec(w.text);
    if (!name) break;
    delete env[name[1] as string];
    const value = w.text.slice((name[1] as string).length + 1);
    if (!w.dynamic && !w.brace && !name[2] && w.text[(name[1] as string).length] === "=" && PLAIN_VALUE.test(value) && !SHELL_OWNED.test(name[1] as string) && !KNOWN_VARS.has(name[1] as string)) env[name[1] as string] = value;
  }
  return cmd.words[k] === words[0] ? env : {};
}

/** A variable tempCandidates found: a mktemp's words, a literal (made of `from`), or a loop's values. */
interface TempCandidate { name: string; args?: Word[]; value?: string; from?: string[]; values?: string[]; select?: boolean }

/** A `for` list's glob whose every match is a plain literal's characters (PLAIN_VALUE). */
const GLOB_VALUE = /^[\w.+,@%:/*?[\]!-]+$/;

/**
 * find's expression cannot match a root itself: `-mindepth N` (N ≥ 1), or, with no `-o`, `!` or
 * `-not` in it, a `-name`/`-iname` its last part does not match.
 */
function rootUnfound(args: readonly Word[], root: string): boolean {
  const texts = args.map((a) => a.text);
  if (texts.some((t, k) => t === "-mindepth" && /^[1-9]\d*$/.test(texts[k + 1] ?? ""))) return true;
  if (texts.some((t) => ["-o", "-or", "!", "-not", ","].includes(t))) return false;
  const base = posix.basename(posix.normalize(root));
  return texts.some((t, k) => {
    if ((t !== "-name" && t !== "-iname") || texts[k + 1] === undefined) return false;
    const re = (texts[k + 1] as string).replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    try {
      return !new RegExp(`^${re}$`, t === "-iname" ? "i" : "").test(base);
    } catch {
      return false;
    }
  });
}

/**
 * In find's `-exec sh -c SCRIPT NAME0 {} …` words (the shell's name first), the index of the `{}`
 * that is the script's `$1` when SCRIPT uses `$1` only as a whole double-quoted word (`"$1"`,
 * `"${1}"`) that is a plain argument or a redirection's file: a name find finds, judged as the root
 * as `-exec sed -i … {}` is (asked as a computed `$1` before red-team round 32). With `suffixed`
 * (find cannot match the root itself: rootUnfound), `"$1.bak"` counts too, judged as the root as
 * `{}.bak` is (red-team round 34). Else -1: `"$1.bak"` otherwise, `"$1/x"`,
 * `${1%.ts}`, an unquoted `$1` (split at blanks), `$@`, `$*`, `"$1"` as a command, the value of an
 * option that may take code or a file of it (`-c`, `-e`, `-f`), or the first word after a program
 * that takes code (`awk "$1"`, `eval "$1"`: a name is code there).
 */
const FOUND_ARG = /(^|[\s;|&(<>])"\$(\{1\}|1(?!\d))([\w.+,@%:~-]*)"(?=$|[\s;|&)<>])/g;
const TAKES_CODE = /^(eval|source|\.|exec|command|builtin|env|xargs|nohup|nice|time|sudo|doas|awk|gawk|mawk|nawk|sed|gsed|perl|ruby|node|python[\d.]*|php|lua|sh|bash|zsh|dash|ksh|mksh|fish|jq|yq|trap|alias)$/;
const CODE_OPTION = /^(-[a-zA-Z]*[ceEfFxXI]|--?(eval|exec|execute|command|code|expression|file|script|shell|program|require|import|init-file|rcfile|config|load)(=.*)?)$/;
function foundAsFirst(inner: readonly string[], suffixed: boolean): number {
  const c = inner.findIndex((w, k) => k > 0 && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(w));
  const script = c > 0 ? inner[c + 1] : undefined;
  if (script === undefined || inner[c + 3] !== "{}" || /\b(eval|source)\b/.test(script)) return -1;
  for (const m of script.matchAll(FOUND_ARG)) {
    const before = script.slice(0, m.index + (m[1] as string).length);
    if (m[3] !== "" && !suffixed) return -1;
    if (/[<>]\s*$/.test(before)) continue;
    const prev = /(^|[;|&(\n])\s*([^;|&(\n]*)$/.exec(before)?.[2]?.trim().split(/\s+/).pop() ?? "";
    if (prev === "" || CODE_OPTION.test(prev) || TAKES_CODE.test(prev)) return -1;
  }
  return /\$\{?[#!]?[1-9@*]/.test(script.replace(FOUND_ARG, "$1")) ? -1 : c + 3;
}

/** The variables exo fills in, less a script's arguments: for a new shell, which has its own. */
function withoutArguments(vars: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(vars ?? {}).filter(([n]) => !/^[1-9@]$/.test(n)));
}

/** The `@` entry of a script's variables when its arguments are not all known (see argumentsOf). */
const SOME_ARGUMENTS = "\u0000";

/**
 * The positional parameters $1 … $9 that words given to a script or a shell's `-c` string make:
 * each plain word its own; from the first computed word or glob on none, as it may be many words
 * or none (`sh x.sh [ds]* src/x`: $2 is no longer src/x; taken as it before red-team round 30).
 */
function argumentsOf(words: readonly Word[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let k = 0; k < words.length && k < 9; k++) {
    const w = words[k] as Word;
    if (w.dynamic || w.glob) break;
    out[String(k + 1)] = w.text;
  }
  // `@`: all of them, one a line, when each is a plain literal (`for f; do`, `for f in "$@"` loop
  // over them: red-team round 34); otherwise SOME_ARGUMENTS.
  out["@"] = words.length > 0 && words.length <= 9 && words.every((w) => !w.dynamic && !w.glob && PLAIN_VALUE.test(w.text)) ? words.map((w) => w.text).join("\n") : SOME_ARGUMENTS;
  return out;
}

/** A literal value a variable of the line may stand for: nothing the shell splits, globs, expands or reads as syntax (`src/api`, `a.ts`). */
const PLAIN_VALUE = /^[\w.+,@%:/-]+$/;

/** Variables the shell reads, sets or keeps from being set itself (bash's and zsh's): their value is not only what the line gives them. */
const SHELL_OWNED = /^(IFS|TMPDIR|CDPATH|OLDPWD|PWD|HOME|PATH|GLOBIGNORE|BASHOPTS|SHELLOPTS|BASH\w*|PS[0-4]|PROMPT_COMMAND|ENV|RANDOM|SRANDOM|SECONDS|EPOCH\w+|LINENO|REPLY|OPTARG|OPTIND|OPTERR|FUNCNAME|PIPESTATUS|GROUPS|UID|EUID|PPID|SHLVL|HOSTNAME|HISTCMD|COLUMNS|LINES|COMP_\w+|READLINE_\w+|CLAUDE_PROJECT_DIR|ZDOTDIR|ZSH_\w+|ERRNO|TTY|TTYIDLE|HISTNO|MATCH|MBEGIN|MEND|status|pipestatus|mapfile|options|argv|path|cdpath|fpath|module_path|manpath|mailpath|psvar|signals|commands|aliases|galiases|saliases|functions|parameters|builtins|reswords|dirstack|history|historywords|modules|errnos|sysparams|funcstack|match|mbegin|mend|reply|termcap|terminfo|keymaps|widgets|nameddirs|userdirs|jobstates|jobtexts|jobdirs|zsh_eval_context|patchars)$/;

/**
 * The variables of `commands` that stand for one value in the commands after them: set once, by
 * a command of their own, to what a plain mktemp prints (`f=$(mktemp)`, `export D="$(mktemp
 * -d)"`; only with `mktemp`) or to a plain literal a later word expands (`d=src/api`, red-team
 * round 28), and by nothing else in the line (no other `f=`, read, for, declare, printf -v,
 * `${f:=…}`, a name computed for one of those, eval, source, a function, IFS or TMPDIR): by command
 * index, the name and mktemp's words or the literal. The caller places a temporary name (see
 * mktempName) once it knows where the shell stands.
 */
function tempCandidates(commands: readonly Simple[], nested: readonly { body: string }[], setByDefault: readonly string[], bare: (text: string) => Parsed, mktemp: boolean, literal: boolean, argv?: readonly string[]): Map<number, TempCandidate> {
  const found = new Map<number, TempCandidate & { lists?: string[]; list?: boolean }>();
  const lists = new Map<number, { name: string; words: string[]; at: number }>();
  /** A later word (or redirection) of the line expands the name, or a quoted one a shell may run does (`bash -c '… $d'`). */
  const expandedLater = (index: number, name: string) => commands.slice(index + 1).some((l) => [...l.words, ...l.redirects.flatMap((r) => (r.target ? [r.target] : []))].some((x) => x.marks?.some((m) => m.raw === name || markName(m.raw) === name) || (x.quoted && new RegExp(`\\$\\{?${name}(?![A-Za-z0-9_])`).test(x.text))));
  commands.forEach((c, index) => {
    // (A loop nested in another's body, or in an if's: `do for f in …`, `then for f in …`.)
    const ws = ["do", "then", "else"].includes(c.words[0]?.text ?? "") && !c.words[0]?.quoted && ["for", "select"].includes(c.words[1]?.text ?? "") ? c.words.slice(1) : c.words;
    // `select f in a.ts b.ts`: as `for`, but f may also be empty (a choice not on the menu) and the
    // body may not run at all (its input ends): red-team round 34.
    const select = ws[0]?.text === "select" && !ws[0].quoted && ws[2]?.text === "in" && !ws[2].quoted && ws.length > 3;
    // `for f in a.ts b.ts`: the loop's variable is one of the list's plain literals in every command
    // after it (red-team round 29; asked as computed before).
    // `for f; do` and `for f in "$@"` in a script or command string given plain words: those words
    // (red-team round 34).
    const overArgs = argv !== undefined && ws[0]?.text === "for" && !ws[0].quoted && (ws.length === 2 || (ws.length === 3 && ws[2]?.text === "do" && !ws[2].quoted));
    if (literal && (overArgs || select || (ws[0]?.text === "for" && !ws[0].quoted && ws[2]?.text === "in" && !ws[2].quoted && ws.length > 3)) && c.redirects.length === 0 && !c.piped) {
      const name = ws[1] && !ws[1].dynamic && !ws[1].quoted ? ws[1].text : "";
      // A glob (`src/*.ts`) stays one, matched where the word it lands in is judged: not one that
      // may match `..` (`.*`), climbs (`src/*/..`: out of a linked folder) or is `**`, nor with an
      // option that changes what no match gives.
      const globs = (x: Word) => GLOB_VALUE.test(x.text) && !/(^|\/)\.[*?[]|\*\*|(^|\/)\.\.(\/|$)/.test(x.text) && !commands.some((l) => l.words.some((y) => /null_?glob|fail_?glob|nomatch/i.test(y.text)));
      // `files="a.ts b.ts"; for f in $files`: an unquoted list variable set once to plain words
      // separated by blanks is those words (red-team round 33), when it holds (checked below).
      const listed: string[] = [];
      const values = overArgs ? [...(argv ?? [])] : ws.slice(3).flatMap((x) => {
        if (argv !== undefined && x.quoted && x.dynamic && x.text === "" && !x.subs && x.marks?.length === 1 && x.marks[0]?.raw === "@") return [...argv];
        const list = x.dynamic && !x.quoted && x.text === "" && !x.subs && x.marks?.length === 1 && x.param?.op === "" ? [...lists.values()].find((l) => l.name === x.marks?.[0]?.raw && l.at < index) : undefined;
        if (list) {
          listed.push(list.name);
          return list.words;
        }
        return [x.dynamic || (x.glob ? !globs(x) : !PLAIN_VALUE.test(x.text)) ? null : x.text];
      });
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !SHELL_OWNED.test(name) && !KNOWN_VARS.has(name) && values.every((v) => v !== null) && expandedLater(index, name)) found.set(index, { name, values: select ? [...values, ""] : values, ...(select ? { select } : {}), ...(listed.length > 0 ? { lists: listed } : {}) });
      return;
    }
    const w = ws.length === 1 ? ws[0] : ws.length === 2 && ["export", "readonly", "declare", "typeset"].includes(ws[0]?.text ?? "") && !ws[0]?.quoted ? ws[1] : undefined;
    if (!w || c.redirects.length > 0 || c.elements) return;
    // `d2=$d/sub` after `d=src/api`: a literal made of earlier ones (they must hold for it to).
    const earlier = new Map([...found.values()].flatMap((f) => (f.value !== undefined ? [[f.name, f.value] as const] : [])));
    const from = w.dynamic && literal && earlier.size > 0 ? withValues(w, earlier) : w;
    if (!from.dynamic) {
      if (!literal) return;
      const [, name, value] = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(from.text) ?? [];
      const words = value?.split(/[ \t\n]+/).filter((v) => v !== "") ?? [];
      // (`files="$d/a.ts $d/b.ts"` after `d=src/api`: a list made of earlier literals, red-team round 34.)
      if (name && !(w.dynamic && (w.marks?.[0]?.at ?? 0) <= name.length) && !w.brace && value !== undefined && !PLAIN_VALUE.test(value) && words.length > 1 && words.length <= 100 && words.every((v) => PLAIN_VALUE.test(v)) && !SHELL_OWNED.test(name) && !KNOWN_VARS.has(name)) {
        lists.set(index, { name, words, at: index });
        found.set(index, { name, list: true, ...(w.dynamic ? { from: (w.marks ?? []).map((m) => m.raw) } : {}) });
        return;
      }
      if (!name || value === undefined || w.brace || !PLAIN_VALUE.test(value) || SHELL_OWNED.test(name) || KNOWN_VARS.has(name) || (w.dynamic && (w.marks?.[0]?.at ?? 0) <= name.length)) return;
      // Only a name a later word expands is worth the look at the whole line.
      if (expandedLater(index, name)) found.set(index, { name, value, ...(w.dynamic ? { from: (w.marks ?? []).map((m) => m.raw) } : {}) });
      return;
    }
    const name = mktemp ? /^([A-Za-z_][A-Za-z0-9_]*)=$/.exec(w.text)?.[1] : undefined;
    if (!name || w.subs?.length !== 1 || w.expansions?.length !== 1 || (w.subs[0] as { at: number }).at !== name.length + 1) return;
    const inner = bare((w.subs[0] as { body: string }).body).commands;
    const only = inner[0];
    if (inner.length !== 1 || !only || only.words[0]?.text !== "mktemp" || only.words[0].dynamic || only.redirects.some((r) => !(r.op === "2>" && r.target?.text === "/dev/null"))) return;
    found.set(index, { name, args: only.words.slice(1) });
  });
  if (found.size === 0) return found;
  // Every command of the line, those of its substitutions included, and the names ${x:=…} may set.
  const all: Simple[] = [...commands];
  const defaultSets = [...setByDefault];
  const bodies = [...nested.map((n) => n.body)];
  for (let k = 0; k < bodies.length && k < 64; k++) {
    const p = bare(bodies[k] as string);
    all.push(...p.commands);
    defaultSets.push(...p.setByDefault);
    bodies.push(...p.nested.map((n) => n.body));
  }
  if (defaultSets.includes(ANY_VARIABLE)) return new Map();
  const names = [...new Set([...found.values()].map((f) => f.name))];
  const nameSet = new Set(names);
  const counts = new Map<string, number>(names.map((n) => [n, 0]));
  for (const c of all) {
    const words = stripWrappers(c.words);
    const head = words[0]?.text.split("/").pop() ?? "";
    if (c.defines || ["eval", "source", "."].includes(head)) return new Map();
    // An alias of the line would change what a literal in a command's place runs, not what the variable gives.
    if (head === "alias" && !words[0]?.quoted) for (const [k, f] of found) if (f.value !== undefined) found.delete(k);
    if (cleanupTrap(words, nameSet, bare)) continue;
    const setter = setsVariables(words);
    if (setter && ![...found.keys()].some((k) => commands[k] === c) && words.slice(1).some((x) => x.dynamic)) return new Map();
    // (`export d` gives d to the programs the line starts; it does not change it.)
    const exports = c.words.length === 2 && c.words[0]?.text === "export" && !c.words[0].quoted && !c.words[1]?.dynamic && /^[A-Za-z_][A-Za-z0-9_]*$/.test(c.words[1]?.text ?? "") ? c.words[1] : undefined;
    for (const x of [...c.words, ...c.redirects.flatMap((r) => (r.target ? [r.target] : []))]) {
      if (x === exports) continue;
      if (/(^|[^A-Za-z0-9_./-])(IFS|TMPDIR)($|[^A-Za-z0-9_./-])/.test(x.text)) return new Map();
      for (const n of names) {
        const at = x.text.indexOf(n);
        if (at < 0) continue;
        const token = new RegExp(`(^|[^A-Za-z0-9_./-])${n}($|[^A-Za-z0-9_./-])`).test(x.text);
        if (token || (setter && x !== words[0])) counts.set(n, (counts.get(n) ?? 0) + 1);
      }
    }
  }
  for (const [index, { name }] of found) if (counts.get(name) !== 1 || defaultSets.includes(name) || [...found.values()].filter((f) => f.name === name).length > 1) found.delete(index);
  // A literal made of a variable that did not hold goes with it, and a loop over a list that did not.
  const holds = (n: string, list: boolean) => [...found.values()].some((g) => g.name === n && (g.list === true) === list);
  for (const [index, f] of found) if (f.from?.some((n) => !holds(n, false)) || f.lists?.some((n) => !holds(n, true))) found.delete(index);
  // A list is no value of its own (`$files` elsewhere is split at blanks): only its loops keep it.
  for (const [index, f] of found) if (f.list) found.delete(index);
  return found;
}

/**
 * A word whose expansions are all plain variables of `values` (`$f`, `"${d}/$f.bak"`), as the
 * literal word their values make of it; others as they are.
 */
function withValues(w: Word, values: ReadonlyMap<string, string>, nocase = false): Word {
  const marks = w.marks ?? [];
  // `${f%.ts}`, `${f/src/lib}`: the operator applied to the value, when that makes one plain literal
  // (asked as computed before red-team round 35: `cp "$f" "${f%.ts}.bak"`).
  const valueOf = (raw: string, lead: string | undefined): string | undefined => {
    if (lead === raw) return values.get(raw);
    const op = lead === "${" ? /^([A-Za-z_][A-Za-z0-9_]*)([^-=?+:[}][^]*|:(?![-=?+])[^]*)$/.exec(raw) : null;
    const value = op ? values.get(op[1] as string) : undefined;
    const got = op && value !== undefined ? applyParam(value, op[2] as string, nocase) : null;
    return got && new Set(got).size === 1 && (got[0] === "" || PLAIN_VALUE.test(got[0] as string)) ? got[0] : undefined;
  };
  const got = marks.map((m, k) => valueOf(m.raw, w.expansions?.[k]));
  if (!w.dynamic || w.subs || w.fallback || w.procsub || marks.length === 0 || marks.length !== (w.expansions ?? []).length || got.some((v) => v === undefined)) return w;
  let text = "";
  let from = 0;
  for (const [k, m] of marks.entries()) {
    text += w.text.slice(from, m.at) + (got[k] as string);
    from = m.at;
  }
  return { text: text + w.text.slice(from), dynamic: false, glob: w.glob, quoted: w.quoted, ...(w.start !== undefined ? { start: w.start } : {}) };
}

/**
 * What `printf -v NAME FORMAT ARGS…` or `read [OPTIONS] NAME <<< WORD` (or a here-document) sets
 * NAME to, as a word whose command substitution prints it; "unknown" when its words are computed
 * at run time; null when the command sets no NAME so.
 */
function printedInto(c: Simple, name: string): Word | "unknown" | null {
  const words = stripWrappers(c.words);
  const head = words[0]?.text ?? "";
  if (words[0]?.quoted) return null;
  if (head === "printf") {
    const v = words.findIndex((w, k) => k > 0 && (w.text === `-v${name}` || (w.text === "-v" && words[k + 1]?.text === name)));
    if (v < 0) return null;
    const rest = words.slice(v + (words[v]?.text === "-v" ? 2 : 1)).filter((w, k) => !(k === 0 && w.text === "--"));
    if (rest.some((w) => w.dynamic)) return "unknown";
    return { text: "", dynamic: true, glob: false, quoted: true, tailAt: 0, expansions: ["$("], subs: [{ at: 0, body: ["printf", ...rest.map((w) => quote(w.text))].join(" "), quoted: true }] };
  }
  if (head !== "read" || words.at(-1)?.text !== name || words.length < 2) return null;
  const here = c.redirects.find((r) => r.op === "<<<")?.target;
  if (here) return here.subs ? { ...here, subs: here.subs.map((x) => ({ ...x, quoted: true })) } : here.dynamic ? "unknown" : { ...here, quoted: true };
  if (c.heredocInput && typeof c.heredocBody === "string") return { text: c.heredocBody.split("\n")[0] ?? "", dynamic: false, glob: false, quoted: true };
  return c.heredocInput ? "unknown" : null;
}

/** Reserved words that lead a command without being it: `if grep …`, `do sed -i …`, `! test …`. */
const LEADING_KEYWORDS = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "coproc", "{"]);
/** Reserved words whose whole simple command is syntax, not a program: `for f in …`, `case $x in`, `fi`. */
const SYNTAX_ONLY = new Set(["for", "select", "case", "function", "fi", "done", "esac", "}", "in", ";;", "then", "else", "do"]);

function stripWrappers(words: Word[], wrapped: Wrapped = { assigns: [] }): Word[] {
  let ws = words;
  for (let guard = 0; guard < 10; guard++) {
    while (ws.length > 0 && !(ws[0] as Word).quoted && LEADING_KEYWORDS.has((ws[0] as Word).text)) ws = ws.slice(1);
    // NAME=value before the command (the value may be quoted: FOO="a b" cmd).
    while (ws.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(ws[0]?.text ?? "")) {
      wrapped.assigns.push(ws[0] as Word);
      ws = ws.slice(1);
    }
    // A wrapper by its path in the system's folders (/usr/bin/env touch docs/x) is that wrapper:
    // before red-team round 14 it passed as env's read-only listing of the environment.
    const given = ws[0]?.text;
    const system = given?.startsWith("/") === true && SYSTEM_DIRS.test(posix.normalize(given));
    const named = system ? posix.basename(given) : given;
    // A program's name in capitals is the lower-case program on a file system that ignores case (red-team round 32).
    const plain = named !== undefined && (system || !named.includes("/")) && !(ws[0] as Word).dynamic;
    // A builtin in capitals is macOS's program of that name, which runs the builtin in a process of its own.
    const builtin = plain ? builtinProgram(named) : null;
    if (builtin) wrapped.process = true;
    const head = builtin ?? (plain ? programCase(named) : named);
    if (head !== named && head !== undefined) ws = [{ ...(ws[0] as Word), text: system ? `${posix.dirname(given)}/${head}` : head }, ...ws.slice(1)];
    if (head === "git") return [ws[0] as Word, ...gitCase(ws.slice(1))];
    if (!head || !WRAPPERS.has(head)) return ws;
    if (!["command", "builtin", "time"].includes(head)) wrapped.process = true;
    ws = ws.slice(1);
    if (head === "env") {
      while (ws.length > 0 && (ws[0]?.text.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(ws[0]?.text ?? ""))) {
        const t = (ws[0] as Word).text;
        if (/^[A-Za-z_]/.test(t)) wrapped.assigns.push(ws[0] as Word);
        // (--chdir and --split-string as getopt takes their starts, `--ch=docs`, `--split=CMD`:
        // allowed before red-team round 44.)
        const chdir = t.startsWith("--") && longPrefix(t, "--chdir", 4);
        const split = t.startsWith("--") && longPrefix(t, "--split-string", 3);
        if (t === "-C" || (chdir && !t.includes("="))) {
          if (ws[1]) wrapped.chdir = ws[1];
          ws = ws.slice(2);
        } else if (chdir || (t.startsWith("-C") && t.length > 2 && !t.startsWith("--"))) {
          wrapped.chdir = { ...(ws[0] as Word), text: t.startsWith("--") ? t.slice(t.indexOf("=") + 1) : t.slice(2) };
          ws = ws.slice(1);
        } else if (t === "-S" || (split && !t.includes("="))) {
          if (ws[1]) wrapped.split = ws[1];
          ws = ws.slice(2);
        } else if (split || (t.startsWith("-S") && t.length > 2 && !t.startsWith("--"))) {
          wrapped.split = { ...(ws[0] as Word), text: t.startsWith("--") ? t.slice(t.indexOf("=") + 1) : t.slice(2) };
          ws = ws.slice(1);
        } else if (/^-[a-zA-Z]+S/.test(t) && !t.startsWith("--")) {
          // -vS'cmd', -iS 'cmd': S inside a cluster of short options takes the rest, or the next word.
          const rest = t.slice(t.indexOf("S") + 1);
          wrapped.split = rest ? { ...(ws[0] as Word), text: rest } : (ws[1] ?? { ...(ws[0] as Word), text: "", dynamic: true });
          ws = ws.slice(rest ? 1 : 2);
        } else if (t === "-u" || t === "--unset" || t === "-a" || t === "--argv0") ws = ws.slice(2); // env -a NAME (coreutils 9.5): argv[0], no command
        else ws = ws.slice(1);
      }
      if (wrapped.split) return ws;
    }
    else if (head === "sudo")
      while (ws.length > 0 && ws[0]?.text.startsWith("-")) {
        // sudo -D DIR / --chdir=DIR runs the command in DIR.
        const t = (ws[0]).text;
        // sudo -e / --edit FILE… is sudoedit: the files are written back.
        if (t === "-e" || t === "--edit") {
          ws = [{ ...(ws[0]), text: "sudoedit", quoted: false }, ...ws.slice(1)];
          break;
        }
        if (/^-[A-Za-z]*[si][A-Za-z]*$/.test(t) && !/^-[A-Za-z]*[ugCDhprtR][A-Za-z]*[si]/.test(t) || t === "--shell" || t === "--login") wrapped.shell = `sudo ${t}`;
        if ((t === "-D" || t === "--chdir") && ws[1]) wrapped.chdir = ws[1];
        else if (t.startsWith("--chdir=")) wrapped.chdir = { ...(ws[0]), text: t.slice(8) };
        ws = ws.slice(/^-[ugCDhprtR]$/.test(t) || t === "--chdir" || t === "--user" || t === "--group" ? 2 : 1);
      }
    else if (head === "nice") {
      if (ws[0]?.text === "-n") ws = ws.slice(2);
      else if (/^-\d+$/.test(ws[0]?.text ?? "")) ws = ws.slice(1);
    } else if (head === "timeout") {
      while (ws.length > 0 && ws[0]?.text.startsWith("-")) ws = ws.slice(/^-[sk]$/.test(ws[0]?.text ?? "") ? 2 : 1);
      ws = ws.slice(1); // the duration
    } else if (head === "stdbuf") while (ws.length > 0 && ws[0]?.text.startsWith("-")) ws = ws.slice(1);
    else if (head === "time") {
      // The keyword takes -p only; `\time`, `command time`, `env time` are GNU time: -o/--output FILE
      // (-a appends) is written, -f/--format takes a value.
      while (ws.length > 0 && ws[0]?.text.startsWith("-")) {
        const t = (ws[0]).text;
        if (t === "--") {
          ws = ws.slice(1);
          break;
        }
        const out = /^-[apqv]*o$/.test(t) || (t.startsWith("--") && !t.includes("=") && longPrefix(t, "--output", 4)) ? ws[1] : /^-[apqv]*o./.test(t) ? { ...(ws[0]), text: t.slice(t.indexOf("o") + 1) } : t.startsWith("--") && t.includes("=") && longPrefix(t, "--output", 4) ? { ...(ws[0]), text: t.slice(t.indexOf("=") + 1) } : undefined;
        if (out) (wrapped.outputs ??= []).push({ word: out, inChdir: wrapped.chdir !== undefined });
        const takesNext = t === "-o" || t === "-f" || (t.startsWith("--") && !t.includes("=") && (longPrefix(t, "--output", 4) || longPrefix(t, "--format", 4))) || /^-[apqv]*[of]$/.test(t);
        ws = ws.slice(takesNext ? 2 : 1);
      }
    }
    // exec -a NAME (also in a cluster, -ca NAME or -aNAME) gives the command another argv[0]: NAME is no command (before red-team round 16 `exec -a ls touch docs/x` was read as ls).
    // command -v NAME and -V NAME say what NAME is and run nothing (before red-team round 40 `command
    // -v node` was judged as node alone, a prompt, and asked).
    else if (head === "command" && ws.some((w, k) => /^-p*[vV]/.test(w.text) && ws.slice(0, k).every((o) => o.text.startsWith("-")))) return [];
    else if (head === "command" || head === "builtin" || head === "exec") while (ws.length > 0 && ws[0]?.text.startsWith("-")) ws = ws.slice(head === "exec" && /^-[cl]*a$/.test(ws[0].text) ? 2 : 1);
  }
  return ws;
}

const EXO_GLOBAL_VALUE = new Set(["--format", "--repo", "--actor"]);
const PACKAGE_RUNNERS = new Set(["npx", "pnpx", "bunx"]);
const EXEC_VERBS = new Set(["exec", "dlx", "x"]);

/** The word names exo: its bin (`exo`, `exoprotocol`, a path to one, or to exo's dist/cli/bin.js) or its package. */
function namesExo(word: string): boolean {
  return /(^|\/)(exo|exoprotocol)(@[^/]*)?$/.test(word) || /(^|\/)exoprotocol\/dist\/cli\/bin\.js$/.test(word);
}

/** Git hooks managers (their bins): uv run, uvx, pipx run, poetry run, yarn and pnpm run them too. */
const HOOKS_MANAGERS = ["husky", "pre-commit", "lefthook", "simple-git-hooks", "overcommit"];

/**
 * A git hooks manager that takes exo's git hooks out (before red-team round 12 all passed): husky
 * (`husky`, `husky init`, `husky install` set core.hooksPath), pre-commit install/uninstall and
 * init-templatedir (python -m pre_commit too), lefthook install/add/uninstall and simple-git-hooks
 * (write .git/hooks), overcommit --install/--uninstall. Asking for a version or help is harmless.
 */
function hooksManager(base: string, args: Word[]): string | null {
  let words = args;
  // node node_modules/.bin/husky, node node_modules/husky/bin.js: the package's own script.
  if (base === "node") {
    const script = args.find((w) => !w.text.startsWith("-"));
    const m = script ? /(?:^|\/)node_modules\/(?:\.bin\/)?(husky|lefthook|simple-git-hooks)(?:\/|$)/.exec(script.text) : null;
    if (!m || !script) return null;
    base = m[1] as string;
    words = args.slice(args.indexOf(script) + 1);
  }
  if (base.startsWith("python")) {
    const sw = switches(base, args);
    if (sw.module?.text !== "pre_commit") return null;
    base = "pre-commit";
    words = sw.rest;
  }
  const first = words.find((w) => !w.text.startsWith("-"))?.text ?? "";
  const asks = words.length > 0 && words.every((w) => /^--?(version|help|[hvV])$/.test(w.text));
  switch (base) {
    case "husky":
      return asks || first === "uninstall" ? null : `husky ${first}`.trim();
    case "simple-git-hooks":
      return asks ? null : "simple-git-hooks";
    case "pre-commit":
      return ["install", "uninstall", "init-templatedir"].includes(first) ? `pre-commit ${first}` : null;
    case "lefthook":
      return ["install", "add", "uninstall"].includes(first) ? `lefthook ${first}` : null;
    case "overcommit":
      return words.some((w) => /^--(install|uninstall)$/.test(w.text) || /^-[a-z]*[iu]$/.test(w.text)) ? "overcommit --install" : null;
    default:
      return null;
  }
}

/** The words of an exo invocation after the program (its bin, npx/dlx/exec, node …/bin.js), else null. */
function exoArgs(name: string, base: string, args: Word[]): Word[] | null {
  if (base === "exo" || base === "exoprotocol" || namesExo(name)) return args;
  if (PACKAGE_RUNNERS.has(base) || base === "node" || (["npm", "pnpm", "yarn", "bun"].includes(base) && (EXEC_VERBS.has(base === "npm" ? npmCommand(args[0]?.text ?? "") : (args[0]?.text ?? "")) || namesExo(args[0]?.text ?? "")))) {
    const at = args.findIndex((a) => !a.dynamic && namesExo(a.text));
    if (at < 0) return null;
    const rest = args.slice(at + 1);
    return rest[0]?.text === "--" ? rest.slice(1) : rest;
  }
  return null;
}

/** exo's words that create work with a fence of its own (SETS_FENCE), or null; `--help` creates nothing. */
function exoNewFence(rest: Word[]): Forbidden | null {
  const word = exoSubcommand(rest);
  const sub = word && !word.dynamic ? word.text : null;
  if (has(rest, "--help", "-h")) return null;
  // A word computed at run time may be the subcommand or a flag that sets the fence.
  const computed = rest.some((a) => a.dynamic);
  const creates = sub === "intent-create" || sub === "ticket-create" || (sub === null && computed);
  if (creates && (sub === "intent-create" || computed || !has(rest, "--parent") || has(rest, ...NEW_FENCE_FLAGS))) {
    return { what: `exo ${sub ?? "ticket-create"} with a scope or budget of its own`, code: "EXO_STATE_PROTECTED", why: SETS_FENCE };
  }
  return null;
}

/** The subcommand word of exo's words (after its global options; possibly computed at run time), or null. */
function exoSubcommand(rest: Word[]): Word | null {
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i] as Word;
    if (w.text === "--" && !w.quoted) return null;
    if (EXO_GLOBAL_VALUE.has(w.text)) i++;
    else if (!w.text.startsWith("-") || w.dynamic) return w;
  }
  return null;
}

/** Programs that only print or search their words: `echo exo hook-install --uninstall` changes nothing. */
const PRINTERS = new Set(["echo", "printf", "grep", "egrep", "fgrep", "rg", "ag", "ack", "cat", "printenv", "test", "[", "[["]);


/**
 * exo commands an agent may not run: `exo hook-install --uninstall` however exo is started (its
 * bin, `npx exoprotocol`, pnpm/yarn/bun dlx or exec, `node …/exoprotocol/dist/cli/bin.js`, or
 * words computed at run time), and a ticket's scope or budget changed (`exo ticket-update --scope-allow …`):
 * the agent would lift its own fence. A person runs them (docs/hooks.md). A `--dry-run`, which
 * changes nothing, is allowed.
 */
function exoForbidden(name: string, base: string, args: Word[], rest: Word[] | null): Forbidden | null {
  const texts = args.map((a) => a.text);
  const dynamic = args.some((a) => a.dynamic);
  const dry = has(args, "--dry-run");
  if (rest !== null) {
    const sub = exoSubcommand(rest);
    const uninstall = has(rest, "--uninstall");
    if (!dry && ((sub?.text === "hook-install" && (uninstall || rest.some((a) => a.dynamic))) || ((sub === null || sub.dynamic) && (uninstall || dynamic)))) {
      return { what: "exo hook-install --uninstall", code: "HOOKS_TAMPERED", why: TAKES_HOOKS_OUT };
    }
    if (sub?.text === "ticket-update" && has(rest, ...TICKET_SCOPE_FLAGS)) {
      return { what: "exo ticket-update of a scope, budget, parent or checks", code: "EXO_STATE_PROTECTED", why: WIDENS_SCOPE };
    }
    // ticket-close refuses agents by actor; run through a shell without EXO_ACTOR it would act as the person.
    if (sub?.text === "ticket-close" && !dry && !has(rest, "--help", "-h")) {
      return { what: "exo ticket-close", code: "EXO_STATE_PROTECTED", why: CLOSES_WORK };
    }
    // --force releases a lock bound to another actor's live session, or recovers a live session: the
    // agent would then claim that ticket and write in another session's files.
    if ((sub?.text === "lease-release" || sub?.text === "session-cleanup") && !dry && (has(rest, "--force") || rest.some((a) => a.dynamic))) {
      return { what: `exo ${sub.text} --force`, code: "EXO_STATE_PROTECTED", why: TAKES_OTHERS_WORK };
    }
    // Installing or re-sealing exo's hooks, and merging exo's sandbox entries into the harness settings:
    // they rewrite what governs the agent (hook-install also replaces the sealed list of harnesses).
    if (!dry && (sub?.text === "hook-install" || sub?.text === "install" || (sub?.text === "sandbox-policy" && has(rest, "--write")))) {
      return { what: `exo ${sub.text}`, code: "HOOKS_TAMPERED", why: INSTALLS_HOOKS };
    }
    return null;
  }
  // Any other program handed exo's words (a path to exo's bin, `$(command -v exo)`, a yarn or pnpm script).
  if (PRINTERS.has(base) || dry) return null;
  if (texts.includes("hook-install") && (texts.includes("--uninstall") || texts.includes("--uninstall=true") || dynamic)) {
    return { what: "exo hook-install --uninstall", code: "HOOKS_TAMPERED", why: TAKES_HOOKS_OUT };
  }
  if (texts.includes("--uninstall") && dynamic && (base === "node" || base === "npm" || base === "pnpm" || base === "yarn" || base === "bun" || name.includes("exo"))) {
    return { what: "exo hook-install --uninstall", code: "HOOKS_TAMPERED", why: TAKES_HOOKS_OUT };
  }
  return null;
}

/** A sed script that writes files or runs commands (sedWrites). */
const SED_WRITES = { test: sedWrites };

/**
 * Walk a sed script command by command: skip each address (numbers, $, first~step, +N, ~N,
 * /re/ or \cREc with I/M flags, a range, !), then look at the command letter: w, W and e write
 * files or run commands, and so do s///w and s///e.
 */
function sedWrites(script: string, reads?: string[]): boolean {
  let i = 0;
  const n = script.length;
  const delimited = (d: string) => {
    // from just after an opening delimiter to just after the closing one
    while (i < n && script[i] !== d) i += script[i] === "\\" ? 2 : 1;
    i++;
  };
  const address = (): boolean => {
    const c = script[i];
    if (c === "/") {
      i++;
      delimited("/");
    } else if (c === "\\" && i + 1 < n) {
      const d = script[i + 1] as string;
      i += 2;
      delimited(d);
    } else if (c !== undefined && /[\d$+~]/.test(c)) {
      while (i < n && /[\d$+~]/.test(script[i] as string)) i++;
    } else return false;
    while (i < n && /[IM]/.test(script[i] as string)) i++;
    return true;
  };
  for (let guard = 0; guard < 10_000 && i < n; guard++) {
    while (i < n && /[\s;{}]/.test(script[i] as string)) i++;
    if (i >= n) break;
    if (address()) {
      while (i < n && script[i] === " ") i++;
      if (script[i] === ",") {
        i++;
        while (i < n && script[i] === " ") i++;
        address();
      }
    }
    while (i < n && (script[i] === " " || script[i] === "\t" || script[i] === "!")) i++;
    const cmd = script[i];
    if (cmd === undefined) break;
    if ((cmd === "w" || cmd === "W" || cmd === "e") && !reads) return true;
    i++;
    // r FILE / R FILE insert a file's lines into the output (`sed '1r .env' x`): its name runs to
    // the end of the line (GNU sed), or to a `;` for seds that end it there.
    if ((cmd === "r" || cmd === "R") && reads) {
      let j = i;
      while (j < n && (script[j] === " " || script[j] === "\t")) j++;
      let end = j;
      while (end < n && script[end] !== "\n") end++;
      const whole = script.slice(j, end).trim();
      if (whole !== "") reads.push(whole);
      const cut = whole.split(";")[0]?.trim() ?? "";
      if (cut !== "" && cut !== whole) reads.push(cut);
    }
    if (cmd === "s" || cmd === "y") {
      const d = script[i] as string;
      i++;
      delimited(d);
      delimited(d);
      if (cmd === "s") {
        const flags = /^[gpIiMm0-9we]*/.exec(script.slice(i))?.[0] ?? "";
        if (/[we]/.test(flags)) return true;
        i += flags.length;
      }
    } else if ("aic".includes(cmd)) {
      while (i < n && script[i] !== "\n") i++;
    } else if (":btTrRlLqQvz#".includes(cmd)) {
      // a label or file operand up to the end of the command (r and R read files: not writes)
      while (i < n && script[i] !== "\n" && script[i] !== ";") i++;
    }
  }
  return false;
}

const AWK_WRITES = { test: awkWrites };

/**
 * The files an awk program reads with `getline < FILE` (a string literal), and whether it reads one
 * it names otherwise (`getline < f`, a variable): `awk 'BEGIN{while((getline l < ".env")>0) print l}'`
 * printed the secret before red-team round 21.
 */
function awkReads(program: string): { files: string[]; computed: boolean; exprs: string[] } {
  const files: string[] = [];
  const exprs: string[] = [];
  let computed = false;
  for (const m of program.matchAll(/\bgetline\b[^;{}<\n|]*<\s*("([^"]*)"|[^\s;})]+)/g)) {
    if (m[2] !== undefined) files.push(m[2]);
    else {
      computed = true;
      exprs.push(m[1] as string);
    }
  }
  // gawk's @include "FILE" reads FILE as the program's source, and prints its lines in its errors.
  for (const m of program.matchAll(/@include\s+"([^"]*)"/g)) files.push(m[1] as string);
  return { files, computed, exprs };
}

/**
 * The values a variable a getline reads from can hold: the string literals the program assigns it
 * and those `-v NAME=VALUE` (an operand NAME=VALUE) gives; null when the program assigns it
 * anything else (`f = ".e" "nv"`, `f = sprintf(…)`), or when `expr` is no plain variable.
 */
function awkValues(program: string, expr: string, given: readonly string[]): string[] | null {
  if (!/^[A-Za-z_]\w*$/.test(expr)) return null;
  const values = given.filter((g) => g.startsWith(`${expr}=`)).map((g) => g.slice(expr.length + 1));
  for (const m of program.matchAll(new RegExp(`(?<![\\w$])${expr}\\s*(=(?!=)|[-+*/%^]=|\\+\\+|--)\\s*([^;}\\n]*)`, "g"))) {
    const literal = /^"([^"\\]*)"\s*$/.exec(m[2] ?? "");
    if (m[1] !== "=" || !literal) return null;
    values.push(literal[1] as string);
  }
  // A for-in loop, getline, split, sub, gsub and match assign it too (getline f < x, split(s, f)).
  if (new RegExp(`\\b(in|getline|split|sub|gsub|match|patsplit)\\b[^;{}]*\\b${expr}\\b|\\b${expr}\\s+in\\b`).test(program.replace(/<\s*[^\s;})]+/g, ""))) return null;
  return values;
}

/** An awk program that prints into a file other than the standard streams, pipes to a command, or runs one. */
function awkWrites(program: string): boolean {
  // gawk's @load loads a shared library, which runs as the program (as -l does).
  if (/\bsystem\s*\(|\|\s*getline|\|&|@load\b/.test(program)) return true;
  for (const m of program.matchAll(/\bprintf?\b[^;{}\n]*?(>>|>|\|)\s*("([^"]*)"|[^\s;}]+)/g)) {
    if (m[1] === "|") return true;
    const target = m[3] ?? m[2] ?? "";
    if (!/^\/dev\/(stderr|stdout|null|fd\/[12])$/.test(target)) return true;
  }
  return false;
}

/** git configuration keys that run commands or change how git runs hooks. */
const GIT_RUNS_KEY = /^(init\.templatedir$|alias\.|hook\.|core\.(fsmonitor|pager|sshcommand|editor|askpass|gitproxy|worktree|attributesfile|excludesfile)$|diff\.|merge\.|filter\.|sequence\.editor$|credential\.|gpg\.|pager\.|interactive\.difffilter$|uploadpack\.|protocol\.|url\.|include\.|includeif\.|remote\..*\.(uploadpack|receivepack|proxy)$|http\.proxy$|http\.(.*\.)?(cookiefile|savecookies)$|tar\.|man\.|browser\.|web\.browser$|help\.browser$|difftool\.|mergetool\.|sendemail\.|guitool\.|instaweb\.|core\.alternaterefscommand$|submodule\.|trailer\..*\.(command|cmd)$|imap\.tunnel$|lfs\.)/i;
const HOOKS_PATH_KEY = /^core\.hookspath$/i;
/** git configuration keys naming the repository git push writes to: a remote's URL, a branch's remote, the default one. */
const REMOTE_URL_KEY = /^(remote\..*\.(push)?url|branch\..*\.(push)?remote|remote\.pushdefault)$/i;
/** An abbreviated or whole object id, as git show and cat-file take a blob's (`a8295`, `a8295…^{blob}`). */
const OBJECT_ID = /^[0-9a-f]{4,64}(\^\{blob\})?$/i;

/**
 * The files programs that otherwise only print their words read, and print back (in an error, a
 * query or a page): `date -f F` (each line as a date: `invalid date 'API_TOKEN=…'`), `dig -f F`,
 * `man -l F` or `man ./F`, `pgrep`/`pkill -F F` (allowed before red-team round 20).
 */
function wordsOnlyFiles(base: string, args: Word[]): Word[] {
  const out: Word[] = [];
  const short = base === "date" || base === "dig" ? "f" : base === "man" ? "l" : base === "pgrep" || base === "pkill" ? "F" : null;
  const long = base === "date" ? "--file" : base === "man" ? "--local-file" : base === "pgrep" || base === "pkill" ? "--pidfile" : null;
  if (short === null) return out;
  let local = false;
  for (let k = 0; k < args.length; k++) {
    const a = args[k] as Word;
    const t = a.text;
    if (t === "--") {
      out.push(...args.slice(k + 1).filter(() => base !== "man" || local));
      break;
    }
    if (long !== null && t.startsWith("--") && longPrefix(t, long, 3)) {
      if (base === "man") local = true;
      else if (t.includes("=")) out.push({ ...a, text: t.slice(t.indexOf("=") + 1), glob: false });
      else if (args[k + 1]) out.push(args[++k] as Word);
    } else if (/^-[A-Za-z]+/.test(t) && !t.startsWith("--") && t.includes(short)) {
      const rest = t.slice(t.indexOf(short) + 1);
      if (base === "man") local = true;
      else if (rest !== "") out.push({ ...a, text: rest, glob: false });
      else if (args[k + 1]) out.push(args[++k] as Word);
    } else if (base === "man" && !t.startsWith("-") && (local || t.includes("/"))) out.push(a);
  }
  return out.filter((w) => !w.dynamic);
}

/** Runners that hand command strings to a shell: options whose value is one, options that take another value, and whether operands are. */
const CMD_STRING_RUNNERS: Record<string, { commands: string[]; values: string[]; operands: boolean; joined?: true; sub?: string[] }> = {
  // nodemon --exec CMD, watchexec's words (joined, run by a shell), pm2 start 'CMD', devbox run CMD
  // (allowed before red-team round 21: `nodemon --exec 'cd docs && touch x'`).
  nodemon: { commands: ["--exec", "-x"], values: ["-w", "--watch", "-e", "--ext", "-i", "--ignore", "-d", "--delay", "-s", "--signal", "--config", "--cwd"], operands: false },
  watchexec: { commands: [], values: ["-w", "--watch", "-W", "--watch-non-recursive", "-e", "--exts", "-f", "--filter", "-i", "--ignore", "--shell", "-d", "--debounce", "--delay-run", "-s", "--signal", "--stop-signal", "--stop-timeout", "--on-busy-update", "--project-origin", "--workdir", "-E", "--env", "--filter-file", "--ignore-file", "--emit-events-to", "--fs-events", "--poll", "--timeout", "--color", "--wrap-process", "-j", "--filter-prog", "--log-file"], operands: true, joined: true },
  pm2: { commands: [], values: ["-n", "--name", "-i", "--instances", "--interpreter", "--interpreter-args", "--node-args", "--cwd", "-o", "--output", "-e", "--error", "-l", "--log", "--max-memory-restart", "--cron", "--cron-restart", "-f", "--namespace", "--log-date-format", "--restart-delay", "--exp-backoff-restart-delay", "--max-restarts", "--kill-timeout", "--listen-timeout", "--watch", "--ignore-watch", "--env", "--merge-logs", "--time"], operands: true, sub: ["start", "restart", "reload"] },
  devbox: { commands: [], values: ["-c", "--config", "-e", "--env", "--env-file", "-q"], operands: true, joined: true, sub: ["run"] },
  concurrently: { commands: [], values: ["-n", "--names", "-c", "--prefix-colors", "-p", "--prefix", "-l", "--prefix-length", "-t", "--timestamp-format", "--max-processes", "-m", "--success", "-s", "--restart-tries", "--restart-after", "--default-input-target", "--handle-input", "--pad-prefix", "--kill-signal", "--names-separator", "--passthrough-arguments"], operands: true },
  conc: { commands: [], values: ["-n", "--names", "-c", "--prefix-colors", "-p", "--prefix", "-m", "--max-processes", "-s", "--success"], operands: true },
  hyperfine: { commands: ["--prepare", "-p", "--setup", "-s", "--cleanup", "-c", "--conclude", "--shell", "-S"], values: ["-n", "--command-name", "-w", "--warmup", "-r", "--runs", "-m", "--min-runs", "-M", "--max-runs", "--export-json", "--export-csv", "--export-markdown", "--export-asciidoc", "--export-orgmode", "-u", "--time-unit", "--style", "--sort", "-P", "--parameter-scan", "-L", "--parameter-list", "-D", "--parameter-step-size", "--output", "--input", "-i", "--ignore-failure"], operands: true },
  "start-server-and-test": { commands: [], values: ["--expect"], operands: true },
  "server-test": { commands: [], values: ["--expect"], operands: true },
  chokidar: { commands: ["-c", "--command"], values: ["-d", "--debounce", "-t", "--throttle", "--initial", "-i", "--ignore"], operands: false },
  "tsc-watch": { commands: ["--onSuccess", "--onFailure", "--onFirstSuccess", "--onCompilationStarted", "--onCompilationComplete", "--onEmit", "--onEmitDebounceMs"], values: ["-p", "--project", "--outDir"], operands: false },
};

/** GNU sed's long options (a unique prefix of one is that option). */
const SED_LONG = ["--debug", "--expression", "--file", "--follow-symlinks", "--help", "--in-place", "--line-length", "--null-data", "--zero-terminated", "--posix", "--quiet", "--silent", "--regexp-extended", "--sandbox", "--separate", "--unbuffered", "--version"];

export function shellTargets(command: string, ctx: ShellContext): ShellResult {
  const result: ShellResult = { targets: [], unknown: [], maybe: [] };
  if (command.length > 100_000) {
    result.unknown.push("command longer than 100 KB");
    return result;
  }
  walk(command, ctx, 0, result, new Map());
  if (COMPUTED_READ.has(result)) {
    listingsRead(result);
    const words = literalWords(result);
    // The words of the files the line reads (a list written in an earlier call: `xargs -a list cat`,
    // `cat list | xargs cat`, `while read f; do cat "$f"; done < list`, `cat $(cat list)`) may be
    // the names its reader is handed (allowed before red-team round 22, when only the line's own
    // words counted). At most 8 files of 64 KB, 4,000 words in all.
    const readHere = [...new Set(result.targets.filter((t) => t.action === "read" && !PATCHED.get(result)?.has(t.path)).map((t) => t.path))];
    const lists = readHere.slice(0, 8);
    // A file the line writes before it reads it holds text exo cannot read yet (`printf %s .e nv >
    // src/n; cat $(cat src/n)`, allowed before red-team round 26): what its reader prints is a name
    // exo cannot work out.
    const writtenHere = WRITTEN.get(result);
    // Read where what the reader prints becomes names: in a command substitution, or by a line with
    // xargs or a read loop.
    const feeds = (LITERALS.get(result) ?? []).some(({ commands }) => commands.some((c) => c.words.some((w) => !w.dynamic && ["xargs", "read", "mapfile", "readarray"].includes(w.text.split("/").pop() ?? ""))));
    const inSubs = SUB_READS.get(result);
    const stored = readHere.find((p) => writtenHere?.has(p) && (feeds || inSubs?.has(p)));
    if (stored !== undefined && (FED_READ.has(result) || feeds)) readGuessed(`a reader of ${posix.basename(stored)}, which this line writes`, [ctx.cwd], result, ctx);
    for (const path of lists) {
      const text = ctx.readScript?.(path);
      if (typeof text !== "string") continue;
      for (const w of text.split(/[\s\0]+/)) if (w !== "" && words.length < 4000) words.push({ text: w, cwd: ctx.cwd });
    }
    // x=VALUE in the line, then HEAD${x OP}TAIL read: HEAD+OP(VALUE)+TAIL is read too, and each
    // piece of it split at the characters an IFS=… of the line names (`IFS=,; x=.env,y; cat $x`).
    const ifs = words.flatMap(({ text }) => (/^IFS=./s.test(text) ? [text.slice(4)] : []));
    const split = (t: string) => [t, ...ifs.flatMap((chars) => t.split(new RegExp(`[${chars.replace(/[\]\\^-]/g, "\\$&")}]+`)))];
    for (const { name, op, head, tail, cwd, glob } of COMPOSED.get(result) ?? []) {
      for (const { text } of words) {
        if (!text.startsWith(`${name}=`)) continue;
        for (const value of applyParam(text.slice(name.length + 1), op) ?? []) {
          for (const piece of new Set(split(`${head}${value}${tail}`))) {
            if (piece === "") continue;
            // With the word's glob characters, each file the name matches (`x=.e; cat ${x}*`: allowed before red-team round 44).
            const hits = glob && GLOB_CHARS.test(piece) && ctx.glob ? (ctx.glob(piece, cwd, DOTGLOB.has(result), NOCASEGLOB.has(result)) ?? []).slice(0, 200) : [piece];
            for (const hit of hits) result.targets.push({ path: place(cwd, hit, false), action: "read" });
          }
        }
      }
    }
    // x=$(…) in the line (or `for x in $(…)`), then x read: what the substitution prints is x's
    // value (allowed before red-team round 25: `f=$(echo LmVudg== | base64 -d); cat $f`).
    for (const { name, op, head, tail, cwd } of COMPOSED.get(result) ?? []) {
      for (const { commands } of LITERALS.get(result) ?? []) {
        for (const c of commands) {
          const loop = !c.words[0]?.quoted && c.words[0]?.text === "for" && c.words[1]?.text === name && c.words[2]?.text === "in";
          for (const [k, w] of c.words.entries()) {
            if (!w.subs) continue;
            const value: Word | null = loop && k > 2 ? w : w.text.startsWith(`${name}=`) && (w.subs[0]?.at ?? 0) > name.length ? { ...w, text: w.text.slice(name.length + 1), tailAt: (w.tailAt ?? 0) - name.length - 1, subs: w.subs.map((x) => ({ ...x, at: x.at - name.length - 1, quoted: true })) } : null;
            if (value) readSubstituted(value, [cwd], result, ctx, (t) => (applyParam(t, op) ?? [t]).flatMap((v) => [...new Set(split(`${head}${v}${tail}`))]).filter((v) => v !== ""));
          }
          // `printf -v x …` and `read x <<< …` set x to what printf prints and to the here-string
          // (allowed before red-team round 26: `printf -v f %s .e nv; cat $f`).
          const given = printedInto(c, name);
          if (given === "unknown") readGuessed(`the value the line gives ${name}`, [cwd], result, ctx);
          else if (given) readSubstituted(given, [cwd], result, ctx, (t) => (applyParam(t, op) ?? [t]).flatMap((v) => [...new Set(split(`${head}${v}${tail}`))]).filter((v) => v !== ""));
        }
      }
    }
    // A word made with variables the line sets, each given every value the line gives it (its
    // literal words where exo cannot work one out): `x=(.e nv); cat "${x[0]}${x[1]}"`, `a=.e;
    // b=nv; cat "$a$b"`, `x=.e; y=${x}nv; cat $y` (allowed before red-team round 27).
    const marked = MARKED.get(result) ?? [];
    if (marked.length > 0) {
      let memo = PRINTED.get(result);
      if (!memo) PRINTED.set(result, (memo = new Map<string, Printed>()));
      const values = lineValues(result, memo);
      const pool = ["", ...new Set(words.flatMap(({ text }) => [text, ...text.split(/\s+/), ...(/^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(text) ? [text.slice(text.indexOf("=") + 1)] : [])]))].filter((t) => t !== "").slice(0, 40);
      pool.unshift("");
      for (const { word, froms } of marked) {
        const names = wordValues(word, values, memo, pool);
        if (names === null) {
          readGuessed(word.text || "a word made of the line's variables", froms, result, ctx);
          continue;
        }
        for (const name of names) {
          if (name === "" || GLOB_CHARS.test(name)) continue;
          for (const from of froms) {
            result.targets.push({ path: place(from, name, false), action: "read" });
            if (name.startsWith("/") && word.marks?.[0]?.at === 0) result.targets.push({ path: place(from, name.replace(/^\/+/, ""), false), action: "read" });
          }
        }
      }
    }
    for (const { text, cwd, quoted } of words) {
      // NAME=value and --option=value name their value.
      const value = /^(?:[A-Za-z_][A-Za-z0-9_]*|--?[A-Za-z][\w-]*)=(.+)$/.exec(text)?.[1] ?? text;
      if (value.startsWith("-") || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
      result.targets.push({ path: place(cwd, value, false), action: "read" });
      // A pattern the line gives a program that finds files (`find . -name '.e*' -exec cat {} +`) is
      // each file it matches here: quoted, as the program matches it (a * matches a leading dot),
      // else as the shell does (allowed before red-team round 20).
      if (GLOB_CHARS.test(value) && ctx.glob) for (const hit of (ctx.glob(value, cwd, quoted === true || DOTGLOB.has(result), NOCASEGLOB.has(result)) ?? []).slice(0, 200)) result.targets.push({ path: place(cwd, hit, false), action: "read" });
      // A git object name REV:PATH (or :PATH, the index) names PATH: `git cat-file --batch <<< HEAD:.env`,
      // also as a word of a line of text (`--batch-command <<< 'contents HEAD:.env'`, allowed before red-team round 38).
      for (const piece of new Set([value, ...value.split(/\s+|\\[nt0]/)])) {
        const inRev = revPath(piece);
        if (inRev) result.targets.push({ path: place(cwd, inRev, false), action: "read" });
      }
    }
    // A blob's object id among them (`git cat-file --batch <<< a8295`): the file the index keeps under it.
    const batch = words.some(({ text }) => ["cat-file", "update-index", "mktree", "mktag"].includes(text) || /\/git-(cat-file|update-index|mktree|mktag)$/.test(text));
    const ids = batch ? [...new Set(words.flatMap(({ text }) => text.split(/\s+|\\[nt0]/)).filter((text) => OBJECT_ID.test(text)).map((text) => text.replace(/\^\{blob\}$/, "").toLowerCase()))].slice(0, 200) : [];
    const unplaced: string[] = [];
    if (ids.length > 0 && ctx.objectPaths) for (const file of ctx.objectPaths(ids, unplaced) ?? []) result.targets.push({ path: file, action: "read" });
    if (unplaced.length > 0) result.unknown.push(`git reads a blob its index does not hold (${unplaced[0] as string}), an older version of a file exo cannot name`);
  }
  // A command reached twice (a runner's words read as a command, and again through an unknown
  // program among them) names its targets once.
  const seen = new Set<string>();
  result.targets = result.targets.filter((t) => {
    const key = `${t.action}\0${t.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return result;
}

/** Programs that print or pack the files they are given, for `listingsRead`. */
const DUMPS_LISTED = new Set([...CONTENT_PRINTERS, "cpio", "pax", "tac", "7z", "7za", "7zz", "bsdtar", "install", "dd", "php", "nc", "ncat", "socat", "cat-file"]);

/**
 * A line that hands a printer names exo cannot see (`ls -A | xargs cat`, `cat $(ls -A)`, `find .
 * -type f | cpio -o`, `git ls-files | while read f; do cat "$f"; done`) reads what its listers list:
 * each folder an `ls`, `find`, `fd` or `git ls-files` of the line lists is read as they list it,
 * so a denied file there is refused (allowed before red-team round 21).
 */
function listingsRead(result: ShellResult): void {
  const kept = LITERALS.get(result) ?? [];
  const printer = kept.some(({ commands }) => commands.some((c) => c.words.some((w) => !w.dynamic && DUMPS_LISTED.has(w.text.split("/").pop() ?? ""))));
  if (!printer) return;
  for (const { commands, cwd } of kept) {
    for (const c of commands) {
      const words = stripWrappers(c.words);
      const base = (words[0]?.text ?? "").split("/").pop() ?? "";
      for (const t of listedTrees(base, words.slice(1))) {
        if (t.word.dynamic) continue;
        (result.trees ??= []).push({ path: place(cwd, t.word.text, false), label: `a reader given the names ${base}${base === "git" ? ` ${words[1]?.text ?? ""}` : ""} lists`, ...t.how });
      }
    }
  }
}

/**
 * Programs whose output is an answer of the system or a listing of files, not text spelled from
 * the line's words (the line's literal words and a listing's files are judged on their own): a
 * name they print for a reader passes as before red-team round 25.
 */
const ANSWERS = new Set(["du", "tree", "pwd", "which", "whereis", "type", "command", "mktemp", "realpath", "readlink", "ls", "find", "fd", "fdfind", "locate", "npm", "pnpm", "yarn", "bun", "go", "brew", "rustc", "xcrun", "date", "uname", "hostname", "whoami", "id", "nproc", "getconf", "tty", "logname", "cat", "git", "grep", "egrep", "fgrep", "rg", "head", "tail", "sort", "uniq", "wc", "nvm", "pyenv", "rbenv", "asdf", "mise", "python3-config", "pkg-config", "cygpath", "wslpath"]);
/** git's subcommands that print names or ids of the repository (not a file's content, not a value the agent set). */
const GIT_ANSWERS = new Set(["rev-parse", "ls-files", "ls-tree", "diff", "status", "branch", "describe", "merge-base", "log", "symbolic-ref", "worktree", "remote", "rev-list", "show-ref", "name-rev", "var", "grep"]);

/** git's formats that print only object ids (`%H`, `%h`, `%T`, `%P`, newlines): no text of the agent's. */
const IDS_ONLY_FORMAT = /^(?:t?format:)?(?:%[HhTtPp]|%n|%x00|%x0[aA]|\s)*$/;

/**
 * Answers whose text the agent can set (red-team round 26): date's +FORMAT, a commit's message or
 * author (git log, show, rev-list, reflog with a format of more than ids), a branch's, tag's or
 * remote's name (git branch, describe, symbolic-ref, name-rev, remote, show-ref, rev-parse
 * --abbrev-ref), git var, a content search's lines (git grep without -l): a name such a program
 * prints is one exo cannot work out.
 */
function settable(base: string, args: readonly Word[]): boolean {
  const texts = args.map((a) => a.text);
  if (base === "date") return texts.some((t) => t.startsWith("+"));
  // A package manager's or go's configuration (`npm config get cache`, `npm get prefix`, `yarn
  // config get`, `go env GOPATH`) and what it derives from it (`npm root -g`, `npm prefix -g`,
  // `yarn global dir`, `pnpm root -g`): values the agent sets (`npm config set`, `.npmrc`, `go env
  // -w`, red-team round 27).
  if (["npm", "pnpm", "yarn", "bun"].includes(base)) {
    const sub = texts.find((t) => !t.startsWith("-")) ?? "";
    return ["config", "c", "get", "global"].includes(sub) || (["root", "prefix", "bin", "dir"].includes(sub) && texts.some((t) => /^(-g|--global|--location=global)$/.test(t)));
  }
  if (base === "go") return texts.find((t) => !t.startsWith("-")) === "env";
  if (base !== "git") return false;
  const k = texts.findIndex((t) => !t.startsWith("-"));
  const sub = texts[k] ?? "";
  const rest = texts.slice(k + 1);
  if (["branch", "describe", "symbolic-ref", "name-rev", "remote", "show-ref", "var"].includes(sub)) return true;
  if (sub === "rev-parse") return rest.some((t) => /^--(abbrev-ref|symbolic|symbolic-full-name)(=|$)/.test(t));
  if (sub === "grep") return !rest.some((t) => /^(-[a-zA-Z]*[lLc]|--(name-only|files-with-matches|files-without-match|count))$/.test(t));
  if (["log", "show", "rev-list", "reflog", "whatchanged"].includes(sub)) {
    const formats = rest.flatMap((t, j) => (/^--(format|pretty)=/.test(t) ? [t.slice(t.indexOf("=") + 1)] : /^--(format|pretty)$/.test(t) ? [rest[j + 1] ?? ""] : t === "--oneline" ? ["%s"] : []));
    return formats.length > 0 ? formats.some((f) => !IDS_ONLY_FORMAT.test(f)) : sub !== "rev-list";
  }
  return false;
}

/** The path a git object name REV:PATH (or :PATH, the index; :N:PATH a stage) names, or undefined. */
function revPath(piece: string): string | undefined {
  return /^[^:\s]*(?::[0-3])?:([^/:\s][^:]*)$/.exec(piece)?.[1]?.replace(/^\.\//, "");
}

/** Programs that keep some of the lines or fields of their input: given a listing, what they print is names from it. */
const SELECTORS = new Set(["cut", "sort", "uniq", "head", "tail", "grep", "egrep", "fgrep", "rg", "column", "tac", "shuf", "nl", "xargs", "cat", "tee", "less", "more"]);

/** What a command substitution or a pipe's commands print: the candidates, "known" (an answer or a listing), or null when exo cannot tell. */
type Printed = string[] | "known" | null;

function printedByCommands(commands: readonly Simple[]): Printed {
  let out: Printed = [""];
  let pipe: Printed = null;
  for (const c of commands) {
    if (c.words.some((w) => !w.quoted && (CONTROL_OPEN.has(w.text) || w.text === "function")) || c.defines) return null;
    const words = stripWrappers(c.words);
    const here = c.redirects.find((r) => r.op === "<<<");
    const input: Printed = c.piped ? pipe : here ? (here.target && !here.target.dynamic ? [`${here.target.text}\n`] : null) : c.heredocInput ? (typeof c.heredocBody === "string" ? [`${c.heredocBody}\n`] : null) : c.redirects.some((r) => r.op === "<") ? "known" : null;
    let got: Printed;
    const head = words[0];
    if (!head) got = [""];
    else if (head.dynamic) got = null;
    else {
      const base = head.text.split("/").pop() ?? "";
      const args = words.slice(1);
      // (An answer given variables of its own, `GOPATH=.env go env GOPATH`, prints what they say.)
      const answer: boolean = !/^[A-Za-z_][A-Za-z0-9_]*=/.test(c.words[0]?.text ?? "") && ANSWERS.has(base) && (base !== "git" || GIT_ANSWERS.has(args.find((a) => !a.text.startsWith("-"))?.text ?? "")) && !(base === "cat" && (c.piped || here)) && !settable(base, args) && !(SELECTORS.has(base) && (c.piped || here || c.heredocInput) && input !== "known");
      // An answer's folder or name (`dirname $(which node)`) is an answer too; a variable there is
      // taken as round 24 takes one (its value not the line's).
      if (args.some((a) => a.dynamic)) got = (answer || base === "dirname" || base === "basename") && args.every((a) => (a.subs ?? []).every((x) => printedByCommands(parse(x.body, {}).commands) === "known")) ? "known" : null;
      else {
        const texts = args.map((a) => a.text);
        const runs: (string[] | null)[] = Array.isArray(input) ? input.map((t: string) => printedBy(base, texts, t)) : [printedBy(base, texts, null)];
        got = runs.every((r) => r !== null) ? runs.flatMap((r) => r ?? []).slice(0, 16) : (answer || (input === "known" && SELECTORS.has(base))) && !Array.isArray(input) ? "known" : null;
      }
    }
    if (c.pipesOut) {
      pipe = got;
      continue;
    }
    if (got === null || out === null) return null;
    out = out === "known" || got === "known" ? (out === "known" || (Array.isArray(out) && out.every((t) => t === "")) ? got : Array.isArray(got) && got.every((t) => t === "") ? out : null) : joinCandidates(out, got);
  }
  return out;
}

/**
 * The names a word with command substitutions may be (`cat $(printf %s .e nv)`, `cat "$(rev <<<
 * vne.)"`, `f=$(echo LmVudg== | base64 -d)`): what each prints put in its place, the trailing
 * newlines cut and, unquoted, split at white space (other expansions read as empty, as in round 24);
 * `unknown` names a substitution exo cannot work out whose text may be the file's name, and [] with
 * none is a name that is only an answer or a listing.
 */
function substitutedNames(word: Word, memo: Map<string, Printed>): { names: string[]; unknown?: string } {
  const subs = word.subs ?? [];
  const printed = subs.map((s) => {
    if (!memo.has(s.body)) memo.set(s.body, memo.size > 32 ? null : printedByCommands(parse(s.body, {}).commands));
    return memo.get(s.body) as Printed;
  });
  const unknownAt = subs.findLastIndex((_, k) => printed[k] === null);
  if (unknownAt >= 0) {
    // Quoted, with a literal /NAME after every expansion, only the folder is computed (judged as round 20 judged it).
    const slash = word.text.lastIndexOf("/");
    const folderOnly = subs.every((s) => s.quoted) && slash >= (word.tailAt ?? 0) && slash < word.text.length - 1;
    return folderOnly ? { names: [] } : { names: [], unknown: (subs[unknownAt] as { body: string }).body.trim().slice(0, 60) };
  }
  if (printed.some((p) => p === "known")) return { names: [] };
  let names = [""];
  let at = 0;
  subs.forEach((s, k) => {
    names = joinCandidates(joinCandidates(names, [word.text.slice(at, s.at)]), (printed[k] as string[]).map((t) => t.replace(/\n+$/, "")));
    at = s.at;
  });
  names = joinCandidates(names, [word.text.slice(at)]);
  const split = subs.some((s) => !s.quoted);
  return { names: [...new Set(names.flatMap((n) => (split ? n.split(/[ \t\n]+/) : [n])).filter((n) => n !== ""))] };
}

const PRINTED = new WeakMap<ShellResult, Map<string, Printed>>();

/**
 * A read of `word`, whose name command substitutions make, in each folder of `froms`: each name
 * they may make (through `values`, a variable's operator), and, when exo cannot work one out and
 * it may be the file's name, every file of the work tree and of those folders a read-deny rule
 * names (allowed before red-team round 25: `cat $(printf %s .e nv)`).
 */
function readSubstituted(word: Word, froms: readonly string[], result: ShellResult, ctx: ShellContext, values: (t: string) => string[] = (t) => [t]): void {
  let memo = PRINTED.get(result);
  if (!memo) PRINTED.set(result, (memo = new Map<string, Printed>()));
  const { names, unknown } = substitutedNames(word, memo);
  for (const name of names) {
    for (const value of values(name)) {
      for (const from of new Set(froms)) {
        result.targets.push({ path: place(from, value, false), action: "read" });
        if (GLOB_CHARS.test(value) && ctx.glob) for (const hit of (ctx.glob(value, from, DOTGLOB.has(result), NOCASEGLOB.has(result)) ?? []).slice(0, 200)) result.targets.push({ path: place(from, hit, false), action: "read" });
      }
    }
  }
  if (unknown !== undefined) readGuessed(unknown, froms, result, ctx);
}

/** A read of a name `program` prints that exo cannot work out: every file of the work tree and of `froms` a read-deny rule names. */
function readGuessed(program: string, froms: readonly string[], result: ShellResult, ctx: ShellContext): void {
  for (const path of new Set([ctx.root ?? ctx.cwd, ...froms])) {
    if (!(result.trees ??= []).some((t) => t.path === path && t.label.startsWith("a read of a name"))) result.trees.push({ path, label: `a read of a name \`${program}\` prints (exo cannot tell which file)`, anywhere: true, hidden: true, ignored: true, exclude: [], excludeDir: [], include: [] });
  }
}

/** Reads of words made with variables the line sets (`x=(.e nv); cat "${x[0]}${x[1]}"`, `a=.e; b=nv; cat "$a$b"`), and the folders each is read from. */
const MARKED = new WeakMap<ShellResult, { word: Word; froms: string[] }[]>();

/** The most names a composed read may be: past it, the read is of a name exo cannot work out. */
const MAX_COMPOSED = 2048;

/** Every pairing of `a`'s strings with `b`'s, or null past MAX_COMPOSED. */
function pairs(a: readonly string[], b: readonly string[]): string[] | null {
  if (a.length * b.length > MAX_COMPOSED) return null;
  return [...new Set(a.flatMap((x) => b.map((y) => x + y)))];
}

/** The variable an expansion as written names (`x` of `x[0]`, `${#x}`, `x//a/b`), or null for a command substitution or arithmetic. */
function markName(raw: string): string | null {
  // (zsh's flags before the name too: `${(L)x}`, `${(j::)a}`.)
  return /^(?:\([^)]*\))?[!#]?([A-Za-z_][A-Za-z0-9_]*|[1-9@*](?![0-9]))/.exec(raw)?.[1] ?? null;
}

/** The words `set -- a b` (or `set a b`) makes the positional parameters, or null for another command. */
function positionals(c: Simple): Word[] | null {
  // (After a reserved word or a wrapper too: `do set -- docs/x`, `then command set -- …`; read
  // only at the head before red-team round 34, so a loop's `set --` kept a script's $1.)
  const words = stripWrappers(c.words);
  if (words[0]?.text !== "set" || words[0].quoted) return null;
  const at = words.findIndex((w, k) => k > 0 && (w.text === "--" || !/^[-+]/.test(w.text)));
  return at < 0 ? null : words.slice(words[at]?.text === "--" ? at + 1 : at);
}

/**
 * The values a line's own commands may give its variables, each a list of the strings it may
 * hold (a scalar's assignments, an array's elements and the whole array joined, `+=` appended,
 * `read` from a here-string, `for` words), or null when exo cannot work them out (a read from a
 * file or a pipe, a name computed, `printf -v`). Over-approximated: every assignment counts, run
 * or not.
 */
function lineValues(result: ShellResult, memo: Map<string, Printed>): Map<string, string[] | null> {
  const values = new Map<string, string[] | null>();
  let cased = false;
  const ifsChars = (LITERALS.get(result) ?? []).flatMap(({ commands }) => commands.flatMap((c) => c.words.flatMap((w) => (/^IFS=./s.test(w.text) ? [w.text.slice(4)] : []))));
  const give = (name: string, got: string[] | null, append: boolean) => {
    const old = values.get(name);
    if (old === null || got === null) return void values.set(name, null);
    const appended = append && old ? pairs(old, got) : [];
    const all = new Set([...(old ?? []), ...got, ...(appended ?? [])]);
    values.set(name, appended === null || all.size > 64 ? null : [...all]);
  };
  for (const { commands } of LITERALS.get(result) ?? []) {
    commands.forEach((c, k) => {
      let lead = 0;
      while (lead < c.words.length && !c.words[lead]?.quoted && ["do", "then", "else", "elif", "if", "while", "until", "!", "{", "time"].includes(c.words[lead]?.text ?? "")) lead++;
      const words = c.words.slice(lead);
      const head = words.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(w.text));
      const program = head >= 0 ? (words[head]?.text ?? "") : "";
      const declares = ["declare", "typeset", "local", "export", "readonly"].includes(program);
      // declare -l/-u (typeset, local) changes the case of what is assigned after it (each value
      // taken as written before red-team round 35: `declare -l f=.ENV; cat "$f"`).
      if (declares && words.slice(head + 1).some((w) => /^-[a-zA-Z]*[lu]/.test(w.text))) cased = true;
      if (words.some((w) => NOCASE_MATCH.test(w.text))) values.set(NOCASE_KEY, []);
      for (const [j, w] of words.entries()) {
        if (!(head < 0 || j < head || (declares && j > head))) continue;
        const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?(\+?)=/.exec(w.text);
        if (!m) continue;
        const cut = m[0].length;
        const next = commands[k + 1];
        if (w.text.length === cut && !w.dynamic && j === words.length - 1 && next && (next.subshells?.length ?? 0) > (c.subshells?.length ?? 0)) {
          // x=(a b c), x+=(d): the group after it is the array's elements, in order.
          const elements = next.words.map((e) => wordValues(e, values, memo, null));
          if (elements.some((e) => e === null)) give(m[1] as string, null, false);
          else {
            const flat = (elements as string[][]).flat();
            give(m[1] as string, flat, m[3] === "+");
          }
          continue;
        }
        const value: Word = { ...w, text: w.text.slice(cut), ...(w.marks ? { marks: w.marks.map((x) => ({ ...x, at: x.at - cut })) } : {}), ...(w.subs ? { subs: w.subs.map((x) => ({ ...x, at: x.at - cut })) } : {}) };
        give(m[1] as string, wordValues(value, values, memo, null), m[3] === "+" || m[2] !== undefined);
      }
      if (head < 0) return;
      const given = positionals(c);
      if (given) {
        const items = given.map((e) => wordValues(e, values, memo, null));
        items.forEach((v, n) => n < 9 && give(String(n + 1), v, false));
        const flat = items.some((v) => v === null) ? null : (items as string[][]).flat();
        for (const n of ["@", "*"]) give(n, flat && flat.length <= 8 ? [...flat, flat.join(""), flat.join(" ")] : flat, false);
      }
      const args = words.slice(head + 1);
      if (program === "for" && args[1]?.text === "in" && /^[A-Za-z_]\w*$/.test(args[0]?.text ?? "")) {
        const items = args.slice(2).map((e) => wordValues(e, values, memo, null));
        give(args[0]?.text as string, items.some((e) => e === null) ? null : (items as string[][]).flat(), false);
      } else if (["read", "mapfile", "readarray"].includes(program)) {
        const takes = program === "read" ? /^-[a-zA-Z]*[dinNptu]$/ : /^-[a-zA-Z]*[dnOsuCc]$/;
        const names = args.filter((a, n) => /^[A-Za-z_]\w*$/.test(a.text) && !a.dynamic && (n === 0 || !takes.test(args[n - 1]?.text ?? "")));
        const here = c.redirects.find((r) => r.op === "<<<")?.target;
        const text = here ? (here.dynamic ? null : here.text) : c.heredocInput && typeof c.heredocBody === "string" ? c.heredocBody : null;
        // Without -r, read drops a backslash before a character (`read f <<< '.\env'`: .env).
        const raw = args.some((a) => /^-[a-zA-Z]*r/.test(a.text));
        const texts = text === null ? [] : raw ? [text] : [text, text.replace(/\\(.)/gs, "$1")];
        // A delimiter (-d), a count (-n, -N) and an IFS of other characters cut the text elsewhere
        // than at blanks: those pieces too (read as the text's blank-separated words alone before
        // red-team round 35: `read -n 4 f <<< .envX; cat "$f"`, `IFS=x read f g <<< .envxfoo`).
        const opt = (letters: string) => args.flatMap((a, n) => (new RegExp(`^-[a-zA-Z]*[${letters}]$`).test(a.text) ? [args[n + 1]?.text ?? ""] : new RegExp(`^-[${letters}].`).test(a.text) ? [a.text.slice(2)] : []));
        const delims = [...ifsChars, ...opt("d").map((d) => d.charAt(0) || "\u0000")];
        const counts = program === "read" ? opt("nN").map(Number).filter((n) => Number.isInteger(n) && n >= 0) : [];
        const pieces = (t: string) => [t, ...t.split(/\s+/), ...delims.flatMap((d) => t.split(new RegExp(`[${d.replace(/[\]\\^-]/g, "\\$&")}]+`)))].flatMap((x) => [x, ...counts.map((n) => x.slice(0, n))]);
        const got = text === null ? null : [...new Set(texts.flatMap(pieces).filter((x) => x !== ""))].slice(0, 64);
        for (const n of names) give(n.text, got, false);
      }
    });
  }
  if (cased) for (const [name, vals] of values) if (vals) values.set(name, [...new Set(vals.flatMap((v) => [v, v.toLowerCase(), v.toUpperCase()]))]);
  return values;
}

/**
 * The strings a word may be, its expansions replaced by the values the line gives them (see
 * lineValues); a variable the line does not set is empty (round 24), and one exo cannot work out
 * is `unknown` (null: the word is null too). Null past MAX_COMPOSED.
 */
function wordValues(word: Word, values: ReadonlyMap<string, string[] | null>, memo: Map<string, Printed>, unknown: string[] | null): string[] | null {
  if (!word.dynamic) return [word.text];
  const marks = word.marks ?? [];
  if (marks.length !== (word.expansions ?? []).length || marks.length === 0) return unknown;
  let out: string[] | null = [""];
  let at = 0;
  let sub = 0;
  for (const mark of marks) {
    out = out === null ? null : pairs(out, [word.text.slice(at, mark.at)]);
    let got: string[] | null;
    if (mark.raw === "$(") {
      const s = word.subs?.[sub++];
      if (s && !memo.has(s.body)) memo.set(s.body, memo.size > 32 ? null : printedByCommands(parse(s.body, {}).commands));
      const printed = s ? memo.get(s.body) : null;
      got = Array.isArray(printed) ? printed.map((t) => t.replace(/\n+$/, "")).flatMap((t) => (s?.quoted ? [t] : [t, ...t.split(/[ \t\n]+/)])) : printed === "known" ? [""] : unknown;
    } else got = markValues(mark.raw, values, unknown);
    if (got === null || out === null) return null;
    out = pairs(out, got);
    at = mark.at;
  }
  return out === null ? null : pairs(out, [word.text.slice(at)]);
}

/** The strings one expansion as written (`x`, `x[1]`, `x[*]// /`, `x:-d`) may be. */
function markValues(raw: string, values: ReadonlyMap<string, string[] | null>, unknown: string[] | null): string[] | null {
  // zsh's flags (`${(L)x}` cases, `${(j::)a}` joins, `${(Q)x}` unquotes) and its ranges (`${x[1,4]}`,
  // characters 1 to 4) make names exo does not work out (taken for the line's words before
  // red-team round 35, so `f=.ENV; cat "${(L)f}"` read the secret unseen).
  if (/^\(|^[A-Za-z_]\w*\[[^\]]*,/.test(raw)) return null;
  const m = /^([!#]?)([A-Za-z_][A-Za-z0-9_]*|[1-9@*](?![0-9]))(\[([^\]]*)\])?(.*)$/s.exec(raw);
  if (!m) return raw === "$((" || /^[0-9#?$!-]$/.test(raw) ? [""] : unknown;
  if (m[1] === "#") return [""];
  // ${!b}: the value of the variable b names (each of b's values a name the line sets or not; any
  // other is null, and so is `${!prefix*}`).
  if (m[1] === "!") {
    if (m[3] !== undefined || m[5] !== "") return null;
    if (!values.has(m[2] as string)) return [""];
    const names = values.get(m[2] as string);
    if (!names || names.some((n) => !/^[A-Za-z_]\w*$/.test(n))) return null;
    const out: string[] = [];
    for (const n of names) {
      const v = values.has(n) ? values.get(n) : [""];
      if (!v) return null;
      out.push(...v);
    }
    return [...new Set(out)];
  }
  const op = m[5] as string;
  const alt = /^:?([-=?+])(.*)$/s.exec(op);
  // A variable the line does not set is empty (round 24), and then its default is the word.
  if (!values.has(m[2] as string)) return alt && alt[1] !== "?" ? [alt[2] as string, ""] : [""];
  let vals = values.get(m[2] as string) ?? unknown;
  if (vals === null) return null;
  if (alt) return alt[1] === "+" ? [alt[2] as string, ""] : alt[1] === "?" ? vals : [...vals, alt[2] as string];
  if (m[4] === "@" || m[4] === "*") vals = vals.length <= 8 ? [...vals, vals.join(""), vals.join(" ")] : vals;
  // An operator exo cannot apply makes a name it cannot tell (taken for one of the line's words
  // before red-team round 35, so `f=Xenv; cat "${f/[X]/.}"` read the secret unseen).
  const applied = vals.map((v) => applyParam(v, op, values.has(NOCASE_KEY)));
  return applied.some((a) => a === null) ? null : [...new Set((applied as string[][]).flat())];
}

/** Variables a shell has from its start, whatever was typed into it before. */
const SHELL_GIVEN = new Set(["HOME", "PWD", "USER", "LOGNAME", "SHELL", "TERM", "LANG", "PATH", "HOSTNAME", "UID", "EUID", "PPID", "RANDOM", "SECONDS", "LINENO", "BASH_VERSION", "CODEX_HOME"]);
/** Builtins whose work outlives the command: the shell keeps it for the text typed after. */
const KEEPS_STATE = new Set(["export", "declare", "typeset", "local", "readonly", "alias", "unalias", "set", "shopt", "setopt", "unsetopt", "source", ".", "trap", "enable", "hash", "umask", "ulimit", "exec", "unset", "function", "read", "mapfile", "readarray", "printf", "cd", "pushd", "popd", "eval", "let", "getopts", "bind", "complete", "zmodload", "autoload", "emulate", "disable"]);

/**
 * A line typed into a shell that keeps its state between calls (ShellContext.typed): what it
 * leaves behind reaches the next text typed, which exo judges on its own, and what an earlier text
 * left behind is not in this one (allowed before red-team round 27: `cd src` then `cat ../.env`,
 * `f=.env` then `cat $f`, `echo '` then `' > docs/x`).
 */
function typedLine(commands: readonly Simple[], unfinished: boolean, moved: boolean, assigned: ReadonlySet<string>, result: ShellResult): void {
  if (unfinished) result.unknown.push("the text typed leaves the shell's line unfinished: the text typed next completes it, and exo judges each on its own");
  if (moved) result.unknown.push("the text typed moves the shell to another folder, where the text typed next runs: exo does not follow it from one call to the next");
  for (const c of commands) {
    if (c.subshells?.length) continue;
    const words = stripWrappers(c.words);
    const head = words[0] && !words[0].quoted ? words[0].text : "";
    const keeps = c.defines || (words.length === 0 && c.words.length > 0) || (KEEPS_STATE.has(head) && !(head === "printf" && !words.some((w) => w.text.startsWith("-v"))) && !(["cd", "pushd", "popd"].includes(head)));
    if (keeps) {
      result.unknown.push("the text typed changes the shell (a variable, an alias, a function, an option) that the text typed next runs in: exo does not follow it from one call to the next");
      break;
    }
  }
  const used = commands.flatMap((c) => [...c.words, ...c.redirects.flatMap((r) => (r.target ? [r.target] : []))]).flatMap((w) => (w.marks ?? []).map((m) => markName(m.raw)));
  const earlier = used.find((n) => n !== null && !assigned.has(n) && !SHELL_GIVEN.has(n));
  if (earlier) result.unknown.push(`$${earlier} may hold what an earlier text typed into the shell set it to, which exo does not see`);
}

/** cwd + path; collapsed unless raw mode keeps `..` for the caller's physical resolution. */
function place(cwd: string, p: string, raw: boolean): string {
  const joined = p.startsWith("/") ? p : `${cwd.replace(/\/+$/, "")}/${p}`;
  if (raw && joined.split("/").includes("..")) return joined.replace(/\/{2,}/g, "/").replace(/\/+$/, "") || "/";
  return posix.resolve(joined);
}

// Words that open a compound command, lead a body of one, or close one (SPEC §7.4 strips them;
// exo counts them to know whether a cd in between runs for sure).
const CONTROL_OPEN = new Set(["if", "case", "for", "while", "until", "select"]);
const CONTROL_BODY = new Set(["then", "else", "elif", "do"]);
const CONTROL_CLOSE = new Set(["fi", "esac", "done"]);
/** Compound commands whose body may not run, and that a `for` nested in them may still give its variable in (red-team round 31). */
const MAY_NOT_RUN = new Set(["while", "until", "if"]);
const CWD_CONFUSERS = new Set(["function", "alias", "enable", "shopt", "trap", "eval"]);

/**
 * The command may change how a plain cd reads `..`: bash's and ksh's set -P / set -o physical,
 * zsh's set -w / setopt chase_links / chase_dots (names in any case, with `_` or a `no` prefix).
 */
function chasesLinks(base: string, args: Word[]): boolean {
  const names = (w: Word | undefined) => w === undefined || w.dynamic || /chase|physical/.test(w.text.toLowerCase().replaceAll("_", ""));
  if (base !== "set") return args.some((a) => names(a) || /^[-+]/.test(a.text));
  for (let k = 0; k < args.length; k++) {
    const w = args[k] as Word;
    if (w.dynamic) return true;
    if (w.text === "--" || w.text === "-" || !/^[-+][A-Za-z]+$/.test(w.text)) return false;
    if (/[Pw]/.test(w.text)) return true;
    if (w.text.includes("o") && names(args[++k])) return true;
  }
  return false;
}

/** `text` (before any `=`) is `full` or a prefix of it at least `min` characters long (GNU getopt). */
function longPrefix(text: string, full: string, min: number): boolean {
  const name = text.split("=")[0] as string;
  return name.length >= min && full.startsWith(name);
}

/**
 * A word that is `$(git merge-base A B)` (or a range from it) or `$(git rev-parse [--verify|-q|--short] REF)`:
 * it prints commit ids (or nothing), never an option (not --abbrev-ref: a ref made by update-ref may be named --output=F) (`git diff $(git merge-base HEAD
 * main) --stat` was asked as a computed option before the everyday sweep of round 19). rev-parse
 * prints other options given to it, so only those and refs not starting with `-` are taken.
 */
function commitIds(w: Word): boolean {
  // A range after it (`$(git merge-base HEAD main)..HEAD`) starts with the id or with `..`.
  if (!/^(\.\.\.?([A-Za-z0-9_][A-Za-z0-9_./~^@{}-]*)?)?$/.test(w.text) || w.expansions?.length !== 1 || w.body === undefined) return false;
  const args = w.body.trim().split(/[ \t]+/);
  if (args[0] !== "git" || !args.slice(2).every((a) => /^[A-Za-z0-9_][A-Za-z0-9_./~^@{}-]*$/.test(a) || /^(--verify|-q|--quiet|--short(=\d+)?|--all|--octopus|--fork-point|--independent)$/.test(a))) return false;
  if (args[1] === "merge-base") return args.length > 2;
  return args[1] === "rev-parse" && args.length > 2 && args.slice(2).every((a) => !a.startsWith("-") || /^(--verify|-q|--quiet|--short(=\d+)?)$/.test(a));
}

/** A path word exo should consider (not an option, a URL or a bare word). */
function pathLike(text: string): boolean {
  if (text === "" || text.startsWith("-") || text.includes("://") || /^[A-Za-z0-9._-]+@[^/]*:/.test(text)) return false;
  return text === "." || text === ".." || text.includes("/") || /\.[A-Za-z][A-Za-z0-9]{0,9}$/.test(text) || text.startsWith(".");
}

/**
 * The variables exo fills in while parsing (`$PWD`, `$CLAUDE_PROJECT_DIR`, a script's `$1`…; not
 * HOME, whose change is asked of its own) that `parsed` may set: a word naming one (`PWD=x`, `read
 * PWD`, `for PWD in`, `printf -vPWD`, `declare -n r=PWD`), a `${PWD:=x}`, `set`/`shift` for the
 * arguments, and every one of them after eval, source or a setter given a computed word.
 */
function resetVars(parsed: Parsed, vars: Record<string, string>): string[] {
  const filled = Object.keys(vars).filter((n) => n !== "HOME" && (KNOWN_VARS.has(n) || /^[1-9@]$/.test(n)));
  if (filled.length === 0) return [];
  if (parsed.setByDefault.includes(ANY_VARIABLE)) return filled;
  const reset = new Set<string>(parsed.setByDefault.filter((n) => filled.includes(n)));
  for (const c of parsed.commands) {
    const words = stripWrappers(c.words);
    const head = words[0] && !words[0].quoted ? (words[0].text.split("/").pop() ?? "") : "";
    if (["eval", "source", "."].includes(head) || (setsVariables(words) && words.slice(1).some((w) => w.dynamic))) return filled;
    // A function's body has the arguments of its call, not the script's (`f() { rm -rf "$1"; }; f
    // docs` in a script given src/x removed src/x before red-team round 30).
    if (head === "shift" || positionals(c) !== null || c.defines) for (const n of filled) if (/^[1-9@]$/.test(n)) reset.add(n);
    for (const w of c.words) for (const n of filled) if (!/^[1-9@]$/.test(n) && w.text.includes(n)) reset.add(n);
  }
  return [...reset];
}

function walk(command: string, ctx: ShellContext, depth: number, result: ShellResult, links: Map<string, string>): void {
  if (depth > 4) {
    result.unknown.push("shell nesting deeper than 4 levels");
    return;
  }
  // A command string a shell runs (`bash -c '… $d'`) starts with the variables the line exported to
  // it set to their literals (asked as computed before red-team round 29).
  const inherited = ctx.shellString && ctx.inherit ? Object.entries(ctx.inherit) : [];

  if (inherited.length > 0) command = `${inherited.map(([n, v]) => `export ${n}=${v}`).join("\n")}\n${command}`;
  // $PWD is the starting folder only while nothing in the line changes folder.
  const movesFolder = /(^|[\s;&|(){}\x60])(cd|pushd|popd)($|[\s;&|)])/.test(command) || /\benv\b[^;&|]*\s(-C|--chdir)/.test(command);
  const vars: Record<string, string> = { HOME: ctx.home, PWD: ctx.cwd, ...(ctx.vars ?? {}) };
  if (movesFolder || ctx.lost || (ctx.alts ?? []).length > 0) delete vars["PWD"];
  let parsed = parse(command, vars, ctx.powershell === true);
  // `PWD=docs`, `read PWD`, `export CLAUDE_PROJECT_DIR=.exo`, `set -- docs`, `shift`: a variable exo
  // fills in (the folder, the project's, a script's arguments) holds the line's own value once the
  // line may set it (written as the old value before red-team round 28: `PWD=docs; echo x >
  // "$PWD/src/y"` passed as src/y).
  const reset = resetVars(parsed, vars);
  if (reset.length > 0) {
    for (const n of reset) delete vars[n];
    parsed = parse(command, vars, ctx.powershell === true);
  }
  const { commands, nested, opaque, mapfileReads, defaults, setByDefault, unfinished } = parsed;
  result.unknown.push(...opaque);
  zshMapfile(commands, mapfileReads, movesFolder ? null : ctx.cwd, ctx, result);
  if (ctx.guardReads) {
    // Kept for literalWords, should a reader here get an operand exo cannot name.
    let kept = LITERALS.get(result);
    if (!kept) LITERALS.set(result, (kept = []));
    kept.push({ commands, cwd: ctx.cwd });
    // The words a ${x:-WORD} may expand to count among them.
    if (defaults.length > 0) kept.push({ commands: [{ words: defaults.map((text) => ({ text, dynamic: false, glob: false, quoted: true })), redirects: [], heredocInput: false }], cwd: ctx.cwd });
  }
  // Names this line may set (x=…, read x, for x in, declare x, …: any word that is a name or name=…),
  // shared with the command strings it runs.
  let assigned = ASSIGNED.get(result);
  if (!assigned) ASSIGNED.set(result, (assigned = new Set()));
  for (const c of commands) for (const w of c.words) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[|\+?=|$)/.exec(w.text);
    if (m) assigned.add(m[1] as string);
  }
  // `set -- a b` (or `set a b`) sets the positional parameters ($1, $@, $*).
  if (commands.some((c) => positionals(c) !== null)) for (const n of ["1", "2", "3", "4", "5", "6", "7", "8", "9", "@", "*"]) assigned.add(n);
  /** The word may expand to an option: it starts with a $(…), a ${…} with an operator, a positional parameter or a variable the line sets. */
  const mayBeOption = (w: Word): boolean => w.lead !== undefined && ((w.lead === "$(" && !commitIds(w)) || w.lead === "${" || /^[0-9@*]$/.test(w.lead) || assigned.has(w.lead));
  // Arithmetic ((…)), $[…], for ((…)), array subscripts and namerefs evaluate a $(…) even inside
  // quotes ('a[$(cmd)]'): with both in the line, exo cannot tell what runs.
  // The integer attribute (declare -i x, typeset -i, local -i) makes every later assignment to x
  // arithmetic: declare -i x='a[$(cmd)]', typeset -i x; x='a[$(cmd)]' run cmd.
  const integerAttribute = commands.some((c) => {
    const ws = stripWrappers(c.words);
    return ["declare", "typeset", "local"].includes(ws[0]?.text ?? "") && ws.slice(1).some((w) => /^[-+][a-zA-Z]*i/.test(w.text));
  });
  // So do `let`, the offset of ${x:N} and ${@:N}, the subscript of ${a[N]} and [[ … -eq … ]], and a
  // value read at run time (read, mapfile, printf -v, getopts, a glob in a for list or an array)
  // is code to them as much as a $(…): x='a[$(cmd)]' in a file the agent wrote, `read x < f; let
  // y=x` runs cmd (allowed before red-team round 16).
  // (A `$` kept as text counts with arithmetic outside single quotes only: awk's `'$1'` and `'((getline …'` are not the shell's.)
  const readsArithmetic = (text: string) => integerAttribute || ARITHMETIC.test(text.replace(/\$?\(\([-+*/%\d\s()]*\)\)|(^|[\s;&|(])let(\s+[A-Za-z_]\w*[-+*/%]?=[-+*/%\d()]+)+(?=\s*($|[;&|)\n]))/g, ""));
  if (((/\$\((?!\()|\x60/.test(command) || RUNTIME_VALUES.test(command)) && readsArithmetic(command)) || (TEXT_DOLLAR.test(command) && readsArithmetic(command.replace(/'[^']*'/g, "''")))) {
    result.unknown.push("arithmetic, an array subscript or a name reference may run a $(…) exo does not see");
  }
  for (const cmd of commands) if (cmd.redirects.some((r) => r.target === null && r.op.startsWith(">"))) result.unknown.push("a redirection whose file exo cannot read");
  let cwd: string | null = ctx.lost ? null : ctx.cwd;
  /**
   * Other folders the shell may be in: a cd that may not run (after && or ||, inside if, case,
   * for or while) or may fail (a folder that does not exist) leaves both the old folder and the new
   * one possible, and a relative path is then checked in each of them.
   */
  let alts: (string | null)[] = [...(ctx.alts ?? [])];
  /** How a plain cd reads `..` (see ShellContext.physical). */
  let physical: boolean | null = ctx.physical === undefined ? false : ctx.physical;
  /** Where chdir(2) (cd -P, env -C) lands: the links followed before `..`; the text's folder when none is there. */
  const physicalPlace = (from: string, d: string): string => ctx.realPath?.(d.startsWith("/") ? d : `${from}/${d}`) ?? posix.resolve(from, d);
  /** The context of a command string run from here: the folders the shell may be in now, and how its cd reads `..`. */
  /** The literals the line has exported so far (see `exported` below). */
  const inheritNow = { get: (): Record<string, string> => ({}) };
  const fromHere = (): ShellContext => ({ ...ctx, cwd: cwd ?? ctx.cwd, lost: cwd === null, alts: [...alts], physical, cdUnsure: cwdUnsure, inherit: inheritNow.get(), shellString: false });
  /** Open if / case / loop bodies: a cd in one may not run. */
  let control = 0;
  /** For each compound command the shell is in: a plain `for` loop whose variable takes its list's literals. */
  const opened: boolean[] = [];
  /** The reserved word that opened each of them (`while`, `if`, `for` …). */
  const openedBy: string[] = [];
  /** Whether the command being read may not run at all (see `alts`). */
  let conditional = false;
  /** The command before was a cd that ran for sure and could not fail: what follows its `&&` runs for sure too. */
  let sureCd = false;
  /** Set once the line could make cd do something else (see CWD_CONFUSERS). */
  let cwdUnsure = ctx.cdUnsure === true;
  /** A cd ran while cwdUnsure: no subshell boundary brings the folder back for sure. */
  let cwdLost = false;
  /** The command being read follows `||`: it may run in either of two folders at once. */
  let afterOr = false;
  /**
   * Folders a cd left behind that come back at the end of its && chain: `cd x && a && b` runs a and
   * b only once the cd succeeded, but what follows `;` runs whether it did or not.
   */
  let deferred: (string | null)[] = [];
  /** pushd's stack (popd returns to the folder before the matching pushd). */
  const dirStack: (string | null)[] = [];
  /** Every folder the line was known to be in: a read after a cd exo cannot follow is judged in each. */
  const seen = new Set<string>();
  const forbid = (f: Forbidden) => {
    if (!(result.forbidden ??= []).some((x) => x.what === f.what)) result.forbidden.push(f);
  };
  const raw = ctx.raw === true;
  const aliases = ALIASES.get(result) ?? new Map<string, string>();
  ALIASES.set(result, aliases);
  const written = WRITTEN.get(result) ?? new Map<string, string>();
  WRITTEN.set(result, written);
  /** The command being judged (a fill is not judged against the command that makes it). */
  let step: object = {};
  const filled = FILLED.get(result) ?? [];
  FILLED.set(result, filled);
  const made = MADE.get(result) ?? new Set<string>();
  MADE.set(result, made);
  const computedLinks = COMPUTED_LINKS.get(result) ?? new Map<string, Word>();
  COMPUTED_LINKS.set(result, computedLinks);
  /** A folder made earlier in the line (a file written there is no folder: `touch src/d; cd src/d` fails). */
  const madeFolder = (p: string) => made.has(p) || (MAKES_FOLDER.test(written.get(p) ?? "") && ctx.isFile?.(p) !== true);
  let runnerBudget = RUNNER_BUDGET;
  /** Links made earlier in this command line: a later path through one lands on its target. */
  const throughLinks = (path: string): string => {
    for (let hop = 0; hop < 8; hop++) {
      let next = path;
      for (const [link, target] of links) {
        if (path === link) next = target;
        else if (path.startsWith(`${link}/`)) next = target + path.slice(link.length);
        if (next !== path) break;
      }
      if (next === path) return path;
      path = next;
    }
    return path;
  };
  /** A word as the shell hands it over: a glob is each file it matches (itself when none). */
  const globbed = (w: Word): Word[] => (w.glob && !w.dynamic && GLOB_CHARS.test(w.text) && cwd !== null ? (ctx.glob?.(w.text, cwd, DOTGLOB.has(result), NOCASEGLOB.has(result)) ?? [w.text]).map((text) => ({ ...w, text, glob: false })) : [w]);
  const resolveWord = (word: Word | null, action: Action, label: string, into: "targets" | "maybe"): string[] => {
    if (!word || word.procsub) return [];
    // An extglob pattern read (`cat .env?(x)`, `+(.env)`) matches at most what it would with each
    // group as `*` (allowed before red-team round 21: exo's globbing knows no extglob).
    // zsh's groups read too, anywhere in the word (`.e(n)v`, `(.env|x)`), its flags taken out and
    // `(#i)` matching without regard to case (allowed before red-team round 23).
    if (action === "read" && cwd !== null && ctx.glob && /\([^()]*\)/.test(word.text) && !/\$/.test(word.text)) {
      const nocase = NOCASEGLOB.has(result) || /\(#[a-zA-Z0-9]*[iIl]/.test(word.text);
      // With extendedglob's operators taken as they match too (`^src(D.)`: all but src, dot files
      // included; allowed before red-team round 24).
      const exact = word.text.replace(/\(#[^()]*\)/g, "").replace(/[?*+@!]?\([^()]*\)/g, "*");
      // `(#aN)` matches with up to N characters wrong (`(#a1).enx` is .env): each name there
      // (allowed before red-team round 44).
      const from = word.text.slice(0, Math.max(0, word.text.search(/\(#[^()]*a/))).split("/").length - 1;
      const pattern = /\(#[^()]*a/.test(word.text) ? exact.split("/").map((seg, k) => (k < from || seg === "" || seg === "." || seg === ".." ? seg : "*")).join("/") : exact;
      const loose = zshLoose(pattern);
      for (const p of loose === null ? [pattern] : [pattern, loose]) for (const hit of (ctx.glob(p, cwd, true, nocase) ?? []).slice(0, 200)) result.targets.push({ path: place(cwd, hit, false), action: "read" });
    }
    if (word.dynamic) {
      if (action === "read") {
        COMPUTED_READ.add(result);
        if (word.subs || (word.expansions ?? []).some((e) => assigned.has(e))) FED_READ.add(result);
        // A word made with variables the line sets (`"${x[0]}${x[1]}"`, `"$a$b"`, `"$y"` after
        // `y=${x}nv`): composed from the values the line gives them (allowed before red-team round 27).
        if (ctx.guardReads && (word.marks?.some((m) => assigned.has(markName(m.raw) ?? "")) || (word.marks ?? []).filter((m) => /^[A-Za-z_]\w*(\[[^\]]*\])?:?[-=+]/.test(m.raw)).length > 1)) {
          let kept = MARKED.get(result);
          if (!kept) MARKED.set(result, (kept = []));
          kept.push({ word, froms: cwd !== null ? [cwd] : [ctx.cwd, ctx.root ?? ctx.cwd, ...seen] });
        }
        if (word.subs && ctx.guardReads) readSubstituted(word, cwd !== null ? [cwd] : [ctx.cwd, ctx.root ?? ctx.cwd, ...seen], result, ctx);
        // The literal path after a computed folder (`cat "$ROOT/.env"`, `$(git rev-parse
        // --show-toplevel)/.env`, `~user/.ssh/id_rsa`) is read wherever that folder is: judged in the
        // working folder and in the home folder (allowed before red-team round 20).
        let tail = /^~([A-Za-z_][\w.-]*|[-+]?[0-9]*)\//.test(word.text) ? word.text.slice(word.text.indexOf("/")) : word.tailAt !== undefined && word.tailAt <= word.text.length ? word.text.slice(word.tailAt) : "";
        // PowerShell's environment variables, $env:NAME, reach the bash reader as $env then `:NAME`.
        if (word.expansions?.at(-1)?.toLowerCase() === "env") tail = tail.replace(/^:[A-Za-z_]\w*(?=\/)/, "");
        const rest = tail.replace(/^\/+/, "");
        // A variable the line sets to a literal, then read with more after it (`x=.e; cat ${x}nv`):
        // composed once the line's literal words are known (allowed before red-team round 21); with
        // literal text before it (`x=env; cat .$x`) or an operator (`${x,,}`, `${x/X/n}`, `${x#?}`)
        // too (allowed before red-team round 23).
        const param = word.param ?? (word.lead !== undefined && /^\w+$/.test(word.lead) ? { name: word.lead, op: "" } : undefined);
        if (param && (word.expansions?.length ?? 1) === 1 && cwd !== null) {
          let kept = COMPOSED.get(result);
          if (!kept) COMPOSED.set(result, (kept = []));
          kept.push({ ...param, head: word.tailAt !== undefined ? word.text.slice(0, word.tailAt) : "", tail, cwd, glob: word.glob });
        }
        // After a cd exo cannot follow, the folders the line may stand in are those a relative read
        // is judged in; and a `..` after the computed folder climbs to one exo cannot name either, so
        // what follows the last `..` is read below the top of the work tree too (`cat "$(cd src &&
        // pwd)/../.env"`, `cat $X/../.env`, `cd "$(mktemp -d)" && cat "$OLDPWD/.env"`, `cd /tmp &&
        // cat ~-/.env`: allowed before red-team round 24).
        // A default the expansion may give, with the literal text around it (`cat ${X:-.e}nv`,
        // zsh's `${:-.e}nv`: allowed before red-team round 24).
        // A name with the word's unquoted glob characters is each file it matches there (`cat
        // $x.e*`, `cat "${x:-.e}"*`, `cat "$(pwd)"/.e*`: no name was read before red-team round 44).
        // (Not for variables the line sets, `for f in src/*.ts; do wc -l ${f%.ts}.*; done`: their
        // values are composed from the line's words below.)
        const set = (word.marks ?? []).length > 0 && (word.marks ?? []).every((m) => assigned.has(markName(m.raw) ?? ""));
        const readAt = (from: string, text: string, unset = true) => {
          if (!GLOB_CHARS.test(text)) result.targets.push({ path: place(from, text, false), action: "read" });
          else if (unset && word.glob && ctx.glob) for (const hit of (ctx.glob(text, from, DOTGLOB.has(result), NOCASEGLOB.has(result)) ?? []).slice(0, 200)) result.targets.push({ path: place(from, hit, false), action: "read" });
        };
        // (With the other expansions empty, a default need not be the word's only expansion: `${x:-.e}nv$y`.)
        if (word.fallback) {
          const whole = word.text.slice(0, word.fallback.at) + word.fallback.text + word.text.slice(word.fallback.at);
          for (const from of new Set(cwd !== null ? [cwd] : [ctx.cwd, ctx.root ?? ctx.cwd, ...seen])) readAt(from, whole);
        }
        // Each expansion may be empty (a variable the line never set, `$()`, `${X:+y}`, `$@`): the
        // literal text around them is read as one name (`cat .e${X}nv`, `cat .env$X`, `cat "$X".env`:
        // allowed before red-team round 24).
        if (word.text !== "" && !/^~[^/]/.test(word.text)) {
          for (const from of new Set(cwd !== null ? [cwd] : [ctx.cwd, ctx.root ?? ctx.cwd, ...seen])) readAt(from, word.text, !set);
        }
        if (tail.startsWith("/") && rest !== "") {
          const above = climbed(rest);
          // A computed folder may be any the line stood in before (`cd /tmp && cat "$OLDPWD/.env"`, `~-`, `~1`).
          const stands = cwd !== null ? [cwd, ctx.home, ...seen] : [ctx.cwd, ctx.root ?? ctx.cwd, ctx.home, ...seen];
          for (const from of new Set(above === null ? stands : [...stands, ctx.root ?? ctx.cwd])) {
            readAt(from, rest, !set);
            if (above !== null) readAt(from, above, !set);
          }
        }
      }
      if (action !== "read") result.unknown.push(/^~[^/]/.test(word.text) ? `${label}: ${word.text} starts with a ~ form (another user's home, ~+ or ~-) exo does not expand` : `${label}: ${word.text || "(expansion)"} depends on a variable or command substitution`);
      return [];
    }
    if (word.text === "") return [];
    // A glob segment that starts with a dot (.?, .*, .[.]) matches `..` in some shells (bash 3.2,
    // the macOS default): followed by `..`, the path could climb anywhere.
    if (word.glob && action !== "read" && /(^|\/)\.[?*[][^/]*\/(.*\/)?\.\.(\/|$)/.test(word.text)) {
      result.unknown.push(`${label}: ${word.text} may climb out of its folder through a glob that matches ..`);
      return [];
    }
    let paths = [word.text];
    if (word.glob && GLOB_CHARS.test(word.text) && ctx.glob && cwd) {
      // Below a link the line made, the glob matches in the link's target, which the hook finds on
      // disk (`ln -s .. src/up && cat src/up/.e*` matched nothing in src/up, not yet made, and
      // passed before red-team round 42).
      const given = place(cwd, word.text, false);
      const linked = links.size > 0 ? posix.normalize(throughLinks(given)) : given;
      const hits = ctx.glob(linked !== given ? linked : word.text, cwd, DOTGLOB.has(result), NOCASEGLOB.has(result));
      if (hits && hits.length > 1000) {
        result.unknown.push(`${label}: ${word.text} matches more than 1,000 files`);
        return [];
      }
      if (hits && hits.length > 0) paths = hits;
    }
    // zsh's extendedglob operators (set in many a .zshrc): `~` leaves out what follows (`.env~x` is
    // .env), `#` and `##` repeat the character before them (`.en#v`), `^` at a segment's start
    // negates (`.claude/^x`). Each file the word matches read that way is named too (all allowed
    // before red-team round 23).
    const loose = zshLoose(word.text);
    if (loose !== null && ctx.glob && cwd) paths = [...paths, ...(ctx.glob(loose, cwd, true, NOCASEGLOB.has(result)) ?? []).slice(0, 200)];
    // A pattern the program matches itself, given quoted or matching nothing in the shell, reaches
    // every depth and the dot folders: it may write anything below the folder its literal part names
    // (before red-team round 14 `git rm '*.yaml'`, `git checkout -- '.c*'` and `prettier --write
    // '**/*.json'` under a scope of ** rewrote .exo/ and .claude/settings.json).
    if (word.selfGlob && paths.length === 1 && paths[0] === word.text && SELF_GLOB_CHARS.test(word.text)) {
      // Read, it is each file it matches here, or at any depth when it has no slash (git's * crosses
      // folders and matches a leading dot: `git log -p -- '*env'` prints .env; allowed before red-team round 20).
      if (action === "read" && ctx.glob && cwd !== null) {
        const hits = [...(ctx.glob(word.text, cwd, true) ?? []), ...(word.text.includes("/") ? [] : (ctx.glob(`**/${word.text}`, cwd, true) ?? []))];
        paths = [patternBase(word.text), ...new Set(hits.slice(0, 400))];
      } else paths = [patternBase(word.text)];
    }
    const out: string[] = [];
    for (const given of paths) {
      // /proc/self/cwd is the folder the command runs in, not the hook's (before red-team round 13 a shell left
      // in docs wrote docs/src/x with `echo > /proc/self/cwd/src/x`, which the hook read from its own folder).
      const self = procSelfCwd(given);
      const p = self !== null ? `.${self}` : given;
      for (const from of p.startsWith("/") ? [cwd] : [cwd, ...alts]) {
        if (!p.startsWith("/") && from === null) {
          if (action !== "read") result.unknown.push(`${label}: ${p} after a cd exo cannot follow`);
          // Read after a cd exo cannot follow (`cd -`, `cd "$OLDPWD"`, `cd "$(git rev-parse
          // --show-toplevel)"`, `cd ~+/..` after a cd): judged in each folder the line may have
          // reached, where it started, the top of the work tree, the home folder and every folder
          // it went through (allowed before red-team round 22: `cd src && cd - && cat .env`).
          // A `..` there climbs from a folder exo cannot name: what follows the last one is read below
          // each of those folders too (`cd "$(dirname src/api/a.ts)" && cat ../../.env`: allowed before red-team round 24).
          else for (const stand of [...new Set([ctx.cwd, ctx.root ?? ctx.cwd, ctx.home, ...seen])]) {
            const hits = word.glob && GLOB_CHARS.test(p) ? (ctx.glob?.(p, stand, DOTGLOB.has(result), NOCASEGLOB.has(result)) ?? []).slice(0, 200) : [];
            const above = climbed(p);
            for (const q of above === null ? [p, ...hits] : [p, above, ...hits]) {
              const path = throughLinks(place(stand, q, raw));
              result.targets.push({ path, action });
              out.push(path);
            }
          }
          continue;
        }
        const path = throughLinks(place(from ?? "/", p, raw));
        // Output thrown away or shown (`-o /dev/null`, `tee /dev/stderr`, `mytool /dev/null`) writes no
        // file; moving, linking or installing onto one, or deleting it, replaces the device.
        if (action === "write" && DEVICE_SINKS.test(path) && !/^(mv|ln|install|link)\b/.test(label)) continue;
        if (action !== "read") {
          // A write below a folder the line filled earlier (tar -x, git clone, rsync, cp -r, git
          // restore) may go through a symlink that put there, which no hook can see yet.
          const into = filled.find((f) => f.step !== step && (path.startsWith(`${f.path}/`) || (path === f.path && action === "write")));
          if (into) result.unknown.push(`${label}: ${p} is in ${into.path}, filled earlier in this line (${into.by}) with files exo cannot see; a symlink among them would send the write elsewhere`);
          if (FILLS.test(label)) filled.push({ path, by: label, step });
        }
        // A read through a link the line made to a computed target is a read of that target, with what follows the link.
        if (action === "read") for (const [link, target] of computedLinks) if (path === link || path.startsWith(`${link}/`)) resolveWord({ ...target, text: target.text + path.slice(link.length), glob: false }, "read", `${label} through the symlink ${link}`, into);
        if (action !== "read" && !written.has(path) && !label.includes("(unknown program)")) written.set(path, label);
        if (into === "targets") result.targets.push({ path, action });
        else (result.maybe ??= []).push({ path, action, label });
        // An archive extracted into a folder writes through the links in it: those made earlier in
        // the line too (`ln -s ../../docs src/l; tar xf a.tar -C src`, allowed before red-team round 13;
        // the hook finds the links already on disk).
        if (into === "maybe" && action !== "read" && EXTRACT_LABELS.test(label)) {
          for (const [link, target] of links) if (link.startsWith(`${path}/`)) (result.maybe ??= []).push({ path: throughLinks(target), action, label: `${label} through the symlink ${link}` });
        }
        out.push(path);
      }
    }
    return out;
  };
  const add = (word: Word | null, action: Action, label: string) => void resolveWord(word, action, label, "targets");
  /**
   * The backup sed -i SUFFIX and perl -iSUFFIX write beside a file: FILE + SUFFIX, or with a * in
   * SUFFIX each * replaced by FILE as given (sed -i'../docs/*' x.ts backs x.ts up to ../docs/x.ts).
   */
  const backup = (file: Word, suffix: Word | undefined, label: string) => {
    if (!suffix) return;
    if (suffix.dynamic) {
      result.unknown.push(`${label}: a backup suffix that depends on a variable or command substitution`);
      return;
    }
    if (suffix.text === "") return;
    // A plain suffix (.bak, ~) keeps the backup beside the file, in its folder.
    if (!suffix.text.includes("*") && !suffix.text.includes("/")) return;
    add({ ...file, text: suffix.text.includes("*") ? suffix.text.split("*").join(file.text) : file.text + suffix.text, glob: false }, "write", `${label} backup`);
  };
  const maybe = (word: Word | null, action: Action, label: string) => void resolveWord(word, action, label, "maybe");
  const here = (label: string, name = ".") => maybe({ text: name, dynamic: false, glob: false, quoted: true }, "write", label);
  // Guarding reads: a folder read to its last file (grep -r, cp -r) is the folder, and what the hook finds below it.
  const tree = (word: Word | null, how: TreeHow, label: string) => {
    if (ctx.guardReads !== true) return;
    for (const path of resolveWord(word, "read", label, "targets")) (result.trees ??= []).push({ path, label, ...how });
  };
  // A bare word (no slash, no extension) that names an existing file from the working folder: Makefile, LICENSE.
  const existingFile = (w: Word): boolean => !w.dynamic && !w.glob && ctx.isFile !== undefined && [cwd, ...alts].some((from) => from !== null && ctx.isFile?.(posix.resolve(from, w.text)) === true);
  // What a program's own rules (effects) report to: targets, unknowns, and commands its words run.
  // A file or folder of the working folder, when it alone is known (no cd exo cannot follow).
  const local = (name: string): string | null => (cwd !== null && alts.length === 0 ? posix.resolve(cwd, name) : null);
  const sink: EffectSink = {
    add, maybe, here, unknown: (d) => void result.unknown.push(d), recurse: (text) => walk(text, fromHere(), depth + 1, result, links), guardReads: ctx.guardReads === true, isFile: existingFile, tree, place: local,
    readLocal: (name) => {
      const p = local(name);
      const text = p === null ? null : (ctx.readScript?.(p) ?? null);
      return typeof text === "string" ? text : null;
    },
    existsLocal: (name) => {
      const p = local(name);
      return p !== null && (ctx.isFile?.(p) === true || ctx.isDirectory?.(p) === true);
    },
  };
  /**
   * A script run by its path (`./scripts/test.sh`) or given to sh/bash/zsh/dash (`bash
   * scripts/test.sh`): both are judged alike (before red-team round 13 the first passed and the
   * second was always an unknown write). A shell script's text is read and its commands judged as
   * if typed here: the files it names are judged; what it computes at run time is left, as for
   * make or npm test, to the backstop, the finish-time diff and pre-commit. A script that is not
   * there yet, or that this line writes before running it, is an unknown write. Its path
   * arguments are judged by the caller, as any program's.
   */
  const runScript = (word: Word, viaShell: boolean, scriptArgs: Word[], makeIn?: string, recipes: (text: string) => string = makeRecipes, forbidViaOnly = false): void => {
    if (!ctx.readScript) {
      if (viaShell) result.unknown.push(`runs the script ${word.text}`);
      return;
    }
    if (word.dynamic) {
      result.unknown.push(`runs a script computed at run time (${word.text || "(expansion)"})`);
      return;
    }
    for (const from of word.text.startsWith("/") ? [cwd] : [cwd, ...alts]) {
      if (from === null) {
        result.unknown.push(`runs ${word.text} after a cd exo cannot follow`);
        continue;
      }
      const path = throughLinks(place(from, word.text, raw));
      if (DEVICE_DIRS.test(posix.resolve(path))) {
        result.unknown.push(`runs ${word.text}, whose text comes from a device or another process`);
        continue;
      }
      // A script (or makefile) an archive, a clone or a copy of this line puts there (git clone … src/t && src/t/x.sh): text exo cannot read yet.
      const into = filled.find((f) => path === f.path || path.startsWith(`${f.path}/`));
      if (into) {
        result.unknown.push(`runs ${word.text}, which ${into.by} puts there earlier in this line`);
        continue;
      }
      const by = written.get(path);
      // A program a compiler builds earlier in the line (gcc -o app x.c && ./app) is a binary, not text to read.
      if (by !== undefined && !MODE_ONLY.has(by) && (viaShell || !BUILDS_BINARY.test(by))) {
        result.unknown.push(`runs ${word.text}, which this command line writes first (${by})`);
        continue;
      }
      // Scripts that run scripts: at most SCRIPTS_READ in all per call, so a fan-out cannot hold the hook past the harness's timeout.
      const budget = SCRIPT_BUDGET.get(result) ?? { left: SCRIPTS_READ };
      SCRIPT_BUDGET.set(result, budget);
      if (budget.left <= 0) {
        result.unknown.push(`runs more scripts than exo reads in one call (${SCRIPTS_READ})`);
        return;
      }
      // The system's own scripts (ldd, /usr/bin/…) are programs like any other.
      const text = SYSTEM_DIRS.test(path) ? null : ctx.readScript(path);
      if (typeof text === "string") budget.left--;
      // A script given to sh/bash that is not there (yet) cannot be read; a program run by its path
      // that is not there is one the line builds (make && ./a.out), judged by its arguments.
      if (text === false && viaShell && makeIn === undefined) result.unknown.push(`runs ${word.text}, which does not exist yet`);
      if (typeof text !== "string" || (!viaShell && !shellScript(text))) continue;
      const inner: ShellResult = { targets: [], unknown: [], maybe: [] };
      SCRIPT_BUDGET.set(inner, budget);
      // $1 … $9 are the words it is given (./clean.sh docs runs rm -rf "$1" on docs); a computed one stays unknown.
      const positional = argumentsOf(scriptArgs);
      walk(makeIn === undefined ? text : recipes(text), { ...ctx, cwd: makeIn === undefined ? from : posix.resolve(from, makeIn), lost: false, alts: [], physical, cdUnsure: cwdUnsure, vars: { ...ctx.vars, ...positional } }, depth + 1, inner, new Map(links));
      // A script nested too deep for exo to read is not judged: the call is an unknown write.
      // What else exo cannot read there (inline code, a computed target) counts as the script's writes do: when the agent may write the script.
      for (const u of inner.unknown) {
        if (u.startsWith("runs more scripts") || u.startsWith("shell nesting")) result.unknown.push(u);
        else (result.maybe ??= []).push({ path, action: "write", label: `${word.text}: ${u}`, via: path, unknown: true });
      }
      // What the script writes counts only when the agent may write the script itself (via): a script
      // out of its reach (./scripts/build.sh under a scope of src/**) is a recipe, like make or npm run.
      for (const t of inner.targets) (result.maybe ??= []).push({ ...t, label: `${word.text} ${t.action === "delete" ? "deletes" : "writes"}`, via: path });
      for (const m of inner.maybe ?? []) (result.maybe ??= []).push({ ...m, label: `${word.text}: ${m.label}`, via: m.via ?? path });
      // A package's scripts take exo's hooks out only when the agent may write them; a git hooks
      // manager set up by them (husky in a prepare script) is the project's own (exo's line is in its hooks).
      for (const f of inner.forbidden ?? []) {
        if (!forbidViaOnly) forbid(f);
        else if (!HOOKS_MANAGERS.some((m) => f.what.startsWith(m))) (result.maybe ??= []).push({ path, action: "write", label: `${word.text}: ${f.what}`, via: path, unknown: true });
      }
      if (inner.fences) (result.fences ??= []).push(...inner.fences);
    }
  };
  /**
   * npm test, npm run X, yarn X, pnpm X, bun run X, node --run X, and an install's lifecycle scripts
   * run scripts of the package.json nearest the working folder: judged as a script is, when the
   * agent may write that package.json (before red-team round 17 `cd src/pkg && npm test` ran a
   * test script the agent wrote unjudged).
   */
  /** A command string a runner hands to a shell: judged as a command typed here (`npm:NAME` as `npm run NAME`). */
  const commandString = (w: Word): void => {
    if (w.dynamic) {
      result.unknown.push(`a command computed at run time (${w.text || "(expansion)"})`);
      return;
    }
    const m = /^(npm|pnpm|yarn|bun):(.+)$/.exec(w.text);
    walk(m ? `${m[1]} run ${quote(m[2] as string)}` : w.text, fromHere(), depth + 1, result, links);
  };
  const runPackageScripts = (base: string, args: Word[]): void => {
    const workspaces = workspaceRun(base, args) ?? (base === "lerna" ? { names: null, only: null } : null);
    // pnpm -r exec CMD, npm exec -ws -- CMD, yarn workspaces foreach exec CMD, lerna exec -- CMD run
    // CMD in each workspace's folder: judged as typed there (`pnpm -r exec cat ../../.env` was judged
    // from here before red-team round 37).
    const exec = workspaces && cwd !== null && cwd.startsWith("/") ? workspaceExec(base, args) : null;
    if (exec !== null && cwd !== null) {
      const from = cwd;
      const folders = workspaceManifests(from, ctx.root ?? "/", workspaces?.only ?? null).map((f) => posix.relative(from, posix.dirname(f)) || ".");
      if (exec === "" || folders.length > SCRIPTS_READ) result.unknown.push(exec === "" ? `${base} exec runs a command computed at run time in each workspace` : `${base} exec runs a command in more workspaces than exo reads in one call (${SCRIPTS_READ})`);
      else for (const folder of folders) walk(`cd -- ${quote(folder)} && ${exec}`, fromHere(), depth + 1, result, links);
      return;
    }
    const names = workspaces?.names ?? (MONOREPO_RUNNERS.has(base) ? null : packageScripts(base, args));
    if (names === null || names.length === 0 || cwd === null || !ctx.readScript || !cwd.startsWith("/")) return;
    const top = ctx.root ?? "/";
    const here = cwd;
    const run = (file: string) => runScript({ text: posix.relative(here, file), dynamic: false, glob: false, quoted: true }, true, [], posix.dirname(file), (text) => pickScripts(text, names), true);
    for (let dir = cwd; ; dir = posix.dirname(dir)) {
      const file = posix.join(dir, "package.json");
      if (ctx.isFile?.(file) === true) {
        run(file);
        break;
      }
      if (dir === top || dir === "/" || !dir.startsWith(top)) break;
    }
    // npm test -w pkg, --workspaces, pnpm -r and --filter, yarn workspace(s), bun --filter: the
    // scripts of the workspaces' package.json files, as the root names them (before red-team round
    // 37 only the nearest package.json was read, and a workspace's test script ran unjudged). Only
    // a workspace whose package.json has one of the scripts is read.
    if (workspaces) for (const file of workspaceManifests(cwd, top, workspaces.only)) if (pickScripts(ctx.readScript(file) || "", names) !== "") run(file);
  };
  /**
   * The package.json files of the workspaces the root above `from` declares (package.json's
   * workspaces, or pnpm-workspace.yaml's packages), those named in `only` (a folder or a package
   * name) when it is not null.
   */
  const workspaceManifests = (from: string, top: string, only: string[] | null): string[] => {
    for (let dir = from; ; dir = posix.dirname(dir)) {
      const yaml = ctx.readScript?.(posix.join(dir, "pnpm-workspace.yaml"));
      const patterns = typeof yaml === "string" ? yamlPackages(yaml) : jsonWorkspaces(ctx.readScript?.(posix.join(dir, "package.json")));
      if (patterns !== null) {
        const files = patterns.filter((p) => !p.startsWith("!")).flatMap((p) => ctx.glob?.(`${p.replace(/^\.\/|\/+$/g, "")}/package.json`, dir) ?? []).map((f) => posix.resolve(dir, f)).filter((f) => !f.includes("/node_modules/"));
        return [...new Set(files)].filter((f) => {
          if (only === null) return true;
          const folder = posix.relative(dir, posix.dirname(f));
          const name = jsonName(ctx.readScript?.(f));
          return only.some((o) => o.replace(/^\.\/|\/+$/g, "") === folder || o === name);
        });
      }
      if (dir === top || dir === "/" || !dir.startsWith(top)) return [];
    }
  };
  /**
   * make runs the recipes of the makefile it reads (-f FILE, else GNUmakefile, makefile or Makefile
   * in the -C folder): judged as a script is, when the agent may write it (a makefile out of its
   * reach is a recipe, like npm run); one this line writes first is an unknown write. Before red-team
   * round 16 `make -C src` ran whatever src/GNUmakefile said.
   */
  const runMakefiles = (args: Word[]): void => {
    let dir = ".";
    let dry = false;
    const files: Word[] = [];
    for (let k = 0; k < args.length; k++) {
      const w = args[k] as Word;
      const t = w.text;
      if (t === "--") break;
      const long = /^--(directory|file|makefile)(=(.*))?$/.exec(t);
      const short = /^-[a-zA-Z]*?([Cf])(.*)$/.exec(t);
      // make -n still reads the makefile (its includes, $(shell …)) and runs the recipe lines marked
      // + or naming $(MAKE); it prints the others, with what it read expanded (`make -n` read nothing
      // before red-team round 37, and printed what `-include ../.env` set).
      if (/^-[bBdeikLnpqrRsStvw]*n[bBdeikLnpqrRsStvw]*([Cf].*)?$/.test(t) || /^--(dry-run|just-print|recon)$/.test(t)) dry = true;
      if (!long && !(short && !t.startsWith("--") && /^-[eikBnqrRsStw]*[Cf]/.test(t))) continue;
      const name = long ? (long[1] === "directory" ? "C" : "f") : (short?.[1] as string);
      const glued = long ? long[3] : short?.[2] || undefined;
      const value = glued !== undefined ? { ...w, text: glued } : args[++k];
      if (!value || value.dynamic || (name === "f" && value.text === "-")) {
        result.unknown.push(value?.text === "-" ? "make reads its makefile from the input" : "make reads a makefile or folder computed at run time");
        return;
      }
      if (name === "C") dir = value.text.startsWith("/") ? value.text : posix.join(dir, value.text);
      else files.push(value);
    }
    // Every -C is taken before the makefiles are read: -f names a file of the last folder.
    for (const [k, f] of files.entries()) files[k] = { ...f, text: f.text.startsWith("/") ? f.text : posix.join(dir, f.text) };
    if (files.length === 0) {
      const from = cwd ?? ctx.cwd;
      const at = place(from, dir, raw);
      const into = filled.find((f) => at === f.path || at.startsWith(`${f.path}/`));
      if (into) {
        result.unknown.push(`make reads a makefile ${into.by} puts there earlier in this line`);
        return;
      }
      const name = ["GNUmakefile", "makefile", "Makefile"].find((n) => ctx.isFile?.(posix.resolve(from, dir, n)) === true || written.has(place(from, posix.join(dir, n), raw)));
      if (name) files.push({ text: posix.join(dir, name), dynamic: false, glob: false, quoted: true });
    }
    for (const f of files) runScript(f, true, [], dir, (text) => makeRecipes(text, dry));
  };
  /**
   * just, task, rake, invoke, deno task, docker compose, docker build, tox, … run the recipes of a
   * file exo does not read (RECIPE_FILES): one the agent may write is an unknown write (allowed
   * before red-team round 17, and for the runners after just, task, rake and invoke before round 38).
   */
  const runRecipes = (base: string, args: Word[]): void => {
    const recipes = recipeRunner(base, args);
    if (!recipes || cwd === null) return;
    const { files, words, label } = recipes;
    // An option's value: --file=F, -f=F, -f F or -fF.
    const value = (re: RegExp | undefined): Word | null | undefined => {
      const at = re ? words.findIndex((a) => re.test(a.text) || (/^-[a-zA-Z]./.test(a.text) && re.test(a.text.slice(0, 2)))) : -1;
      if (at < 0) return undefined;
      const w = words[at] as Word;
      if (!re?.test(w.text)) return { ...w, text: w.text.slice(2) };
      return w.text.includes("=") ? { ...w, text: w.text.slice(w.text.indexOf("=") + 1) } : (words[at + 1] ?? null);
    };
    const given = value(files.option);
    // docker build's Dockerfile is in its context folder (its first operand), the others' in the folder an option names.
    const folder = files.context ? (operands(words, new Set(files.context))[0] ?? { text: ".", dynamic: false, glob: false, quoted: true }) : value(files.dir);
    if (given === null || given?.dynamic || given?.text === "-" || folder === null || folder?.dynamic || folder?.text === "-") {
      result.unknown.push(`${label} reads its recipes from ${given?.text === "-" || folder?.text === "-" ? "the input" : "a file or folder computed at run time"}`);
      return;
    }
    const from = cwd;
    const at = folder ? place(from, folder.text, raw) : from;
    const file = given !== undefined ? place(from, given.text, raw) : files.names.map((n) => place(at, n, raw)).find((f) => ctx.isFile?.(f) === true || written.has(f));
    // pdm run NAME runs the file's script NAME, or else the program NAME.
    const named = files.script ? operands(words)[0] : undefined;
    if (file === undefined || (files.script && !(named !== undefined && (named.dynamic || scriptEntry(ctx.readScript?.(file), named.text))))) return;
    // just --command CMD runs CMD, and --evaluate prints the variables, with the .env a justfile's
    // `set dotenv-load` (dotenv-filename, dotenv-path) loads: that file is read (`just --command
    // printenv` printed it before red-team round 49); one exo cannot read may load it.
    if (base === "just" && ctx.guardReads && words.some((w) => /^(--command|-c|--evaluate)(=|$)/.test(w.text))) {
      const text = ctx.readScript?.(file);
      const named = typeof text === "string" ? /^[ \t]*set[ \t]+dotenv-(?:filename|path)[ \t]*:=[ \t]*(?:'([^']*)'|"([^"]*)")/m.exec(text) : null;
      if (typeof text !== "string" || /^[ \t]*set[ \t]+dotenv-(load|filename|path|required)\b/m.test(text)) add({ text: posix.resolve(posix.dirname(file), named?.[1] ?? named?.[2] ?? ".env"), dynamic: false, glob: false, quoted: true }, "read", `just loads the .env ${posix.relative(from, file)} names`);
    }
    (result.maybe ??= []).push({ path: file, action: "write", label: `${label} runs the recipes of ${given?.text ?? posix.relative(from, file)}, which exo does not read`, via: file, unknown: true });
  };
  /**
   * ansible-playbook, puppet apply, chef-apply, kcl, pkl and nickel run or render what the files
   * they are given say (a playbook's `shell:` task, an `exec` resource, Ruby, a configuration
   * language's file reads and imports): one the agent may write is an unknown write, as a recipe
   * file is (FILE_RUNNERS; `ansible-playbook src/p.yml` ran its `shell: cat .env` unjudged before
   * red-team round 48).
   */
  const runFiles = (base: string, args: Word[]): void => {
    const sub = FILE_RUNNERS[`${base} ${args[0]?.text ?? ""}`];
    const runs = FILE_RUNNERS[base] ?? sub;
    if (!runs || args.some((a) => /^(-h|--help|--version|--syntax-check|--list-tasks|--list-hosts|--list-tags)$/.test(a.text))) return;
    // dhall's format, lint, freeze, hash and type print no imported file's text.
    if (base === "dhall" && /^(format|lint|freeze|hash|type|version)$/.test(operands(args)[0]?.text ?? "")) return;
    for (const a of sub ? args.slice(1) : args) {
      const text = a.text.startsWith("-") && a.text.includes("=") ? a.text.slice(a.text.indexOf("=") + 1) : a.text;
      if (a.dynamic && !a.text.startsWith("-")) result.unknown.push(`${base} runs a file computed at run time (${a.text || "(expansion)"})`);
      else if (!a.dynamic && runs.test(text) && cwd !== null) {
        const file = place(cwd, text, raw);
        (result.maybe ??= []).push({ path: file, action: "write", label: `${base} runs what ${text} says, which exo does not read`, via: file, unknown: true });
      }
    }
  };
  /**
   * cue cmd NAME [PACKAGE…] (and `cue NAME`, which CUE reads as `cue cmd NAME` when NAME is none of
   * its own commands) runs the `*_tool.cue` files of each package's folder and of its folders above
   * (a package's files there are part of it), whose `exec.Run` runs any command: one of those the
   * agent may write is an unknown write, as a recipe file is, judged by a `*_tool.cue` name in each
   * folder (no folder is listed). Passed as a run of nothing before red-team round 49.
   */
  const runCueTools = (args: Word[]): void => {
    const own = /^(cmd|completion|def|eval|export|exp|fix|fmt|get|help|import|login|mod|trim|version|vet)$/;
    const words = args.filter((a) => !a.text.startsWith("-"));
    const named = words[0];
    if (!named || cwd === null || args.some((a) => /^(-h|--help)$/.test(a.text)) || (named.text !== "cmd" && (named.dynamic || own.test(named.text)))) return;
    const inputs = words.slice(named.text === "cmd" ? 2 : 1);
    for (const input of inputs.length > 0 ? inputs : [{ text: ".", dynamic: false, glob: false, quoted: false }]) {
      if (input.dynamic) {
        result.unknown.push(`cue cmd runs the *_tool.cue files of a package computed at run time (${input.text || "(expansion)"})`);
        continue;
      }
      const given = input.text.replace(/\/?\.\.\.$/, "") || ".";
      // A file given runs with the files named alone; `./...` every package below (judged by its top).
      let dir = /\.cue$/.test(given) ? place(cwd, posix.dirname(given), raw) : place(cwd, given, raw);
      const top = ctx.root ?? dir;
      for (;;) {
        const tool = /\.cue$/.test(given) ? place(cwd, given, raw) : posix.join(dir, "exo_tool.cue");
        (result.maybe ??= []).push({ path: tool, action: "write", label: `cue cmd runs the *_tool.cue files of ${posix.relative(cwd, dir) || "."}, which exo does not read`, via: tool, unknown: true });
        if (/\.cue$/.test(given) || dir === top || !dir.startsWith(`${top}/`)) break;
        dir = posix.dirname(dir);
      }
    }
  };
  // A folder moved, copied or linked in as `node_modules` brings its own packages, exoprotocol
  // included, whose hook bundle the launcher loads first: it writes node_modules/exoprotocol.
  const plantsPackages = (word: Word | null, label: string) => {
    if (word && !word.dynamic && posix.basename(word.text) === "node_modules") add({ ...word, text: `${word.text}/exoprotocol` }, "write", `${label} (a node_modules folder)`);
  };
  /** A command substitution's body, walked from here: the files it reads are kept (see SUB_READS). */
  const walkSub = (body: string): void => {
    const before = result.targets.length;
    walk(body, fromHere(), depth + 1, result, links);
    if (!ctx.guardReads || result.targets.length === before) return;
    let kept = SUB_READS.get(result);
    if (!kept) SUB_READS.set(result, (kept = new Set()));
    for (const t of result.targets.slice(before)) if (t.action === "read") kept.add(t.path);
  };
  // The folder (and pushd stack, and cd's reading of `..`) each open subshell started from: leaving one restores them.
  let open: { id: number; cwd: string | null; alts: (string | null)[]; stack: (string | null)[]; physical: boolean | null }[] = [];
  // Variables set once to a fresh temporary file's name (`f=$(mktemp); echo x > "$f"`, `d=$(mktemp
  // -d); cd "$d"`): the commands after the assignment have the name in their place (writes through
  // them were asked as writes exo could not place before red-team round 26). Only an assignment
  // that runs for sure, in this shell, where exo knows the folder, counts.
  // So do variables set once to a plain literal (`d=src/api; f=a.ts; cp "$d/$f" "$d/$f.bak"`,
  // asked before red-team round 28), wherever the shell stands (the shell puts the text in), but not
  // in text typed into a shell that keeps its state (a readonly variable there keeps its value).
  const bare = bareParser();
  const mktempHere = nested.some((n) => n.body.includes("mktemp")) && !assigned.has("TMPDIR");
  const argv = vars["@"] !== undefined && vars["@"] !== SOME_ARGUMENTS ? vars["@"].split("\n") : undefined;
  const tempCandidatesHere = (mktempHere || !ctx.typed) && !assigned.has("IFS") ? tempCandidates(commands, nested, setByDefault, bare, mktempHere, !ctx.typed, argv) : new Map<number, TempCandidate>();
  const temps = new Map<string, string>();
  /** The names of `temps` that hold a literal of the line (not a mktemp name). */
  const literals = new Set<string>();
  /** The names of `literals` the line exported (`export d=src/api`, or `d=src/api; export d`): the programs it starts have them. */
  const exported = new Set<string>();
  inheritNow.get = () => Object.fromEntries([...exported].flatMap((n) => (literals.has(n) && temps.has(n) && !loopVars.has(n) ? [[n, temps.get(n) as string]] : [])));
  // A word that is only `$(mktemp …)` (`cd "$(mktemp -d)"`, `> "$(mktemp)"`) is the file mktemp
  // makes, when that is in no folder of the line's (asked before red-team round 26).
  const directTemps = nested.some((n) => n.body.includes("mktemp")) && !assigned.has("TMPDIR") && !assigned.has("IFS");
  const direct = (w: Word): Word => {
    const sub = w.subs?.[0];
    if (!sub || w.lead !== "$(" || w.subs?.length !== 1 || w.expansions?.length !== 1 || sub.at !== 0 || (w.text !== "" && !w.text.startsWith("/"))) return w;
    const inner = bare(sub.body).commands;
    const only = inner[0];
    if (inner.length !== 1 || !only || only.words[0]?.text !== "mktemp" || only.words[0].dynamic || only.redirects.some((r) => !(r.op === "2>" && r.target?.text === "/dev/null"))) return w;
    const args = only.words.slice(1);
    const value = mktempName(args, "/", ctx.tmpdir);
    return value !== null && value === mktempName(args, "/x", ctx.tmpdir) ? { text: value + w.text, dynamic: false, glob: w.glob, quoted: w.quoted, ...(w.start !== undefined ? { start: w.start } : {}) } : w;
  };
  // A plain `for` list's variable (`for f in a.ts b.ts`, red-team round 29): each command after it
  // that expands the variable is judged once for each of the list's values (at most 32 together).
  const loopVars = new Map<string, string[]>();
  const loopVariants = (c: Simple): Map<string, string>[] => {
    const none = [new Map<string, string>()];
    if (loopVars.size === 0) return none;
    const used = [...loopVars.keys()].filter((n) => [...c.words, ...c.redirects.flatMap((r) => (r.target ? [r.target] : []))].some((x) => x.marks?.some((m) => m.raw === n)));
    let out = none;
    for (const n of used) out = out.flatMap((m) => (loopVars.get(n) ?? []).map((v) => new Map([...m, [n, v]])));
    const lead = c.words[0] && !c.words[0].quoted ? c.words[0].text : "";
    if (out.length <= 32 && !CONTROL_OPEN.has(lead) && !CONTROL_CLOSE.has(lead)) return out;
    // (A command that opens or closes a compound command counts once: its variables stay computed.)
    for (const n of used) temps.delete(n);
    return none;
  };
  /**
   * A loop variable set by a `for` inside a `while`, `until` or `if` (which may not run): the
   * index in `opened` of the innermost such command. Past its end (or its `else`/`elif`) the
   * variable may never have been set, so it is dropped (red-team round 31).
   */
  const loopScope = new Map<string, number>();
  const dropScoped = (past: (at: number) => boolean) => {
    for (const [n, at] of loopScope) {
      if (!past(at)) continue;
      temps.delete(n);
      literals.delete(n);
      loopVars.delete(n);
      loopScope.delete(n);
    }
  };
  for (const [index, given] of commands.entries()) {
    // (An `else` or `elif` of the `if` a scoped loop ran in runs when that branch did not.)
    const leadWord = given.words[0] && !given.words[0].quoted ? given.words[0].text : "";
    if (loopScope.size > 0 && (leadWord === "else" || leadWord === "elif")) dropScoped((at) => at >= opened.length - 1);
    for (const variant of loopVariants(given)) {
      for (const [n, v] of variant) temps.set(n, v);
      if (given.elements) {
        // An array's elements are words, not a command: only their substitutions run.
        for (const n of nested) if (n.at === index) walkSub(n.body);
        continue;
      }
      let cmd = given;
      if (temps.size > 0 || directTemps) {
        // A loop's variable from a glob list (`for f in src/*.ts`) puts the glob in: the word matches what it matches.
        const globbed = (w: Word) => w.marks?.some((m) => loopVars.has(m.raw) && GLOB_CHARS.test(temps.get(m.raw) ?? "")) === true;
        const swap = (w: Word): Word => {
          const out = withValues(directTemps ? direct(w) : w, temps, NOCASE_MATCH.test(command));
          return out !== w && !out.glob && globbed(w) ? { ...out, glob: true } : out;
        };
        // A command name a variable gives (`a=touch; $a docs/a`) is no alias nor reserved word, as
        // its literal would be: it stays computed.
        const head = given.words.findIndex((w) => w.quoted || !(/^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(w.text) || LEADING_KEYWORDS.has(w.text)));
        const named = literals.size > 0 ? new Map([...temps].filter(([n]) => !literals.has(n))) : temps;
        cmd = { ...given, words: given.words.map((w, k) => (k === head ? withValues(directTemps ? direct(w) : w, named, NOCASE_MATCH.test(command)) : swap(w))), redirects: given.redirects.map((r) => ({ ...r, target: r.target ? swap(r.target) : null })) };
      }
      step = {};
      for (const d of [cwd, ...alts]) if (d !== null) seen.add(d);
      const inside = cmd.subshells ?? [];
      let keep = 0;
      while (keep < open.length && keep < inside.length && open[keep]?.id === inside[keep]) keep++;
      if (keep < open.length) {
        const left = open[keep] as { cwd: string | null; alts: (string | null)[]; stack: (string | null)[]; physical: boolean | null };
        // (With the line's cd uncertain, shopt lastpipe may have run a pipeline's cd in this shell.)
        cwd = cwdUnsure && cwdLost ? null : left.cwd;
        alts = left.alts;
        physical = cwdUnsure && cwdLost ? null : left.physical;
        dirStack.splice(0, dirStack.length, ...left.stack);
        open = open.slice(0, keep);
      }
      for (const id of inside.slice(keep)) open.push({ id, cwd, alts: [...alts], stack: [...dirStack], physical });
      // Its command substitutions run first, in the folder the shell is in now.
      for (const n of nested) if (n.at === index) walkSub(n.body);
      // Compound commands: their bodies may run or not (if, case) or run any number of times (loops).
      const lead = cmd.words[0] && !cmd.words[0].quoted ? cmd.words[0].text : "";
      // (`do for …`, `then while …`: a compound command opened in another's body opens one too.)
      const inner = ["do", "then", "else", "{", "!"].includes(lead) && cmd.words[1] && !cmd.words[1].quoted ? cmd.words[1].text : "";
      if (CONTROL_OPEN.has(lead) || CONTROL_OPEN.has(inner)) {
        control++;
        opened.push(false);
        openedBy.push(CONTROL_OPEN.has(lead) ? lead : inner);
      }
      // A command after `&&` of a cd that cannot fail runs whenever the line gets there (cd src/L && cd ..; touch x is src/x).
      conditional = (cmd.after !== undefined && !(cmd.after === "&&" && sureCd)) || control > 0 || CONTROL_BODY.has(lead);
      sureCd = false;
      afterOr = cmd.after === "||";
      if (cmd.after !== "&&" && deferred.length > 0) {
        alts = [...new Set([...alts, ...deferred])].filter((d) => d !== cwd);
        deferred = [];
      }
      if (CONTROL_CLOSE.has(lead)) {
        control = Math.max(0, control - 1);
        opened.pop();
        openedBy.pop();
        if (loopScope.size > 0) dropScoped((at) => at >= opened.length);
      }
      // Commands that change what `cd` does or where later commands run, in ways exo does not follow
      // (a function or alias named cd, `enable -n cd`, shopt lastpipe/cdable_vars, a DEBUG trap, a cd
      // run by eval, CDPATH): from here on a cd leaves the folder unknown.
      if (!cwdUnsure && (cmd.defines || (CWD_CONFUSERS.has(lead) && !(lead === "trap" && cleanupTrap(cmd.words, new Set(temps.keys()), bare))) || cmd.words.some((w) => /^(CDPATH|cdpath)(\[[^\]]*\])?\+?=/.test(w.text) && !w.quoted))) cwdUnsure = true;
      // zsh's arrays tied to PATH, FPATH and MODULE_PATH (path+=(src/tools), path[1]=., fpath=(src $fpath)):
      // a command name then runs another program, an autoloaded function or module (allowed before red-team round 16).
      if (cmd.words.some((w) => !w.quoted && /^(path|fpath|FPATH|module_path|MODULE_PATH)(\[[^\]]*\])?\+?=/.test(w.text))) result.unknown.push("zsh's path, fpath or module_path changes which program, function or module a name runs");
      // (eval's command runs in this folder; a cd in it moves the shell for the commands after it.)
      const evalMoves = cwdUnsure && lead === "eval";
      // A trap body (DEBUG runs before every command) that changes folder: from now on, unknown.
      if (lead === "trap" && cmd.words.some((w) => /(^|[\s;&|(])(cd|pushd|popd)($|[\s;&|)])/.test(w.text))) cwd = null;
      for (const r of cmd.redirects) {
        if (r.op === "<") {
          if (ctx.guardReads) add(r.target, "read", "<");
          continue;
        }
        if (r.op === "<>") {
          add(r.target, "write", r.op); // opened for reading and writing: may be written or created
          continue;
        }
        if (r.op === "<<<" || r.op.startsWith("<")) continue;
        const t = r.target?.text ?? "";
        if (["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"].includes(t)) continue;
        add(r.target, "write", r.op);
      }
      const wrapped: Wrapped = { assigns: [] };
      const words = stripWrappers(cmd.words, wrapped);
      // echo 'touch docs/x' | sudo -s: the shell reads the input as its commands (allowed before red-team
      // round 18); unfed, what is typed into its terminal (see TERMINAL_REPLS).
      if (wrapped.shell && words.length === 0) result.unknown.push(`${wrapped.shell} starts a shell that reads its commands from the input or the terminal`);
      // nohup on a terminal (script -c 'nohup cmd') appends to nohup.out (unless its output is redirected, which exo does not tell from 2>).
      if (ctx.tty && cmd.words.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(w.text))?.text === "nohup") here("nohup on a terminal writes nohup.out", "nohup.out");
      // Variables set for this command or for the shell (NAME=v cmd, export, declare, printf -v, read).
      const program = words[0]?.text.split("/").pop() ?? "";
      // An assignment that outlives its command: `HOME=x;` (HOME is exported already), export, declare, ….
      const persistent = words.length === 0 || ["export", "declare", "typeset", "local", "readonly"].includes(program);
      for (const a of assignments(cmd.words, wrapped)) {
        // A variable's value that names a denied file is read by the program it is given to
        // (GOOGLE_APPLICATION_CREDENTIALS=.env node x.js; allowed before red-team round 19).
        if (ctx.guardReads && !a.dynamic && a.value !== null && pathLike(a.value)) add({ text: a.value, dynamic: false, glob: false, quoted: true }, "read", a.name);
        if (a.name === "GLOBIGNORE" && (a.dynamic || a.value !== "")) DOTGLOB.add(result);
        // A bash started with BASHOPTS turns those shopt options on; zsh's options array sets its options.
        if (a.name === "BASHOPTS" || a.name === "options") {
          // options[globdots]=on: the option is in the subscript, which the assignment does not keep.
          if (a.dynamic || a.value === null || a.name === "options") {
            DOTGLOB.add(result);
            NOCASEGLOB.add(result);
          } else for (const o of a.value.split(":")) globSwitches("setopt", [{ text: o, dynamic: false, glob: false, quoted: true }], result);
        }
        // A bash started with SHELLOPTS (BASHOPTS) in its environment turns those options on:
        // physical makes its cd follow links before `..`, cdable_vars sends it to a variable's folder.
        if (a.name === "SHELLOPTS") physical = null;
        if (a.name === "BASHOPTS") cwdUnsure = true;
        if (/^(HOME|XDG_CONFIG_HOME)$/.test(a.name) && persistent) {
          // export HOME=src/auth; git commit: git (and curl, wget, npm …) read their configuration from there.
          HOME_MOVED.add(result);
          result.unknown.push(`${a.name} changes the configuration files every later program reads`);
        }
        if (/^(CURL_HOME|WGETRC)$/.test(a.name) || (/^(HOME|XDG_CONFIG_HOME)$/.test(a.name) && (program === "curl" || program === "wget"))) {
          result.unknown.push(`${a.name} makes ${program || "curl or wget"} read a configuration file that may name files to write`);
        }
        // exo's own commits skip exo's git hooks with EXO_SKIP_GIT_HOOKS; git's configuration variables can point core.hooksPath anywhere.
        // HUSKY=0 (husky 5+) and HUSKY_SKIP_HOOKS (husky 4) skip every hook husky runs, exo's line in .husky/pre-commit included.
        const huskyOff = (a.name === "HUSKY" && (a.dynamic || a.value === "0")) || a.name === "HUSKY_SKIP_HOOKS";
        if (HOOKS_VARS.test(a.name) || (huskyOff && (program === "git" || persistent)) || (/^(HOME|XDG_CONFIG_HOME)$/.test(a.name) && (words[0]?.text.split("/").pop() ?? "") === "git")) {
          forbid({ what: "git with exo's git hooks switched off", code: "HOOKS_TAMPERED", why: SKIPS_GIT_HOOKS });
        } else if (RUNS_CODE_VARS.test(a.name) && !harmlessValue(a)) {
          result.unknown.push(`${a.name} makes the next program run ${a.value ?? "a command"}`);
        } else if (PROGRAM_VARS.test(a.name) && (a.dynamic || a.value === null || (a.value !== "" && !INSTALLED_PROGRAM.test(a.value.trim())))) {
          result.unknown.push(`${a.name} makes the next program run ${a.value ?? "a program computed at run time"}`);
        } else if (/^(npm_config_(cache|logs[_-]dir|prefix|userconfig|globalconfig|script[_-]shell|shell|store[_-]dir|node[_-]options|init[_-]module|git)|YARN_CACHE_FOLDER|YARN_GLOBAL_FOLDER|PIP_(LOG|LOG_FILE|TARGET|ROOT|PREFIX|CACHE_DIR|SRC|DEST|WHEEL_DIR|REPORT))$/i.test(a.name)) {
          // npm_config_cache=docs npm test: npm writes its cache and logs there; the others name folders or files written.
          result.unknown.push(`${a.name} names a place the package manager writes to`);
        } else if (/^(GIT_ALLOW_PROTOCOL|PYTEST_ADDOPTS|GOFLAGS|CARGO_BUILD_RUSTFLAGS|RUSTFLAGS|TAR_OPTIONS|ZIPOPT|UNZIP|UNZIPOPT|ZIPINFO|ZIPINFOOPT)$/.test(a.name) && !harmlessValue(a)) {
          // GIT_ALLOW_PROTOCOL=ext lets git run an ext:: URL's command; PYTEST_ADDOPTS and GOFLAGS add options (-o=F, --junitxml=F) exo does not see.
          // tar reads TAR_OPTIONS, zip ZIPOPT, unzip UNZIP as options before its own (`TAR_OPTIONS='--checkpoint=1
          // --checkpoint-action=exec=cat\ .env' tar cf src/x.tar src` printed the secret before red-team round 42).
          result.unknown.push(`${a.name} adds options or protocols that may write files or run commands`);
        } else if (a.name === "PYTHONINSPECT" && a.value !== "") {
          // python then reads the code typed into its terminal once its script ends (as python3 -i does).
          result.unknown.push("PYTHONINSPECT makes python run the code typed into its terminal after its script");
        } else if (FILE_VARS.test(a.name) || (PLACE_VAR.test(a.name) && !(a.value !== null && (OUTPUT_FORMATS.test(a.value) || /^(\d+|true|false|yes|no|on|off|never|always|auto)$/i.test(a.value)))) || a.name === "HOME") {
          // TMPDIR=D npm test (where tools make their temporary files), HOME=D npx … (npm's ~/.npm/_logs,
          // every tool's dotfiles and caches; before red-team round 13 both passed), SSLKEYLOGFILE=F curl …, PYTHONPYCACHEPREFIX=D python3 …, CARGO_TARGET_DIR=D cargo build, GOCACHE=D go build, …: the file or folder is written.
          // TMP=$(mktemp -d): the fresh temporary folder (asked before red-team round 27).
          const temp = tempCandidatesHere.get(index);
          const fresh = temp?.args && temp.name === a.name && !conditional && control === 0 && !given.subshells && cwd !== null && alts.length === 0 ? mktempName(temp.args, cwd, ctx.tmpdir) : null;
          if (fresh !== null) maybe({ text: fresh, dynamic: false, glob: false, quoted: true }, "write", a.name);
          else if (a.dynamic || a.value === null) result.unknown.push(`${a.name} names a file or folder the next program writes`);
          else if (a.value !== "") maybe({ text: a.value, dynamic: false, glob: false, quoted: true }, "write", a.name);
        } else if (/^(ASAN|UBSAN|MSAN|TSAN|LSAN|HWASAN)_OPTIONS$/.test(a.name) && (a.dynamic || /(^|[:,\s])(log_path|coverage_dir)=/.test(a.value ?? ""))) {
          // ASAN_OPTIONS=log_path=docs/x (and the other sanitizers'): the report goes to docs/x.PID (before red-team round 12 it passed).
          if (a.dynamic || a.value === null) result.unknown.push(`${a.name} may name a file the sanitizer writes`);
          else for (const m of a.value.matchAll(/(?:^|[:,\s])(?:log_path|coverage_dir)=([^:,\s]+)/g)) if (!["stderr", "stdout"].includes(m[1] as string)) maybe({ text: m[1] as string, dynamic: false, glob: false, quoted: true }, "write", a.name);
        } else if (a.name === "COMPOSE_FILE") {
          // COMPOSE_FILE=src/x.yaml docker compose up: the compose files (`:`-separated) whose services
          // it runs, as -f names them (allowed before red-team round 38).
          if (a.dynamic || a.value === null || cwd === null) result.unknown.push("COMPOSE_FILE names compose files computed at run time");
          else for (const f of a.value.split(":").filter((v) => v !== "")) (result.maybe ??= []).push({ path: place(cwd, f, raw), action: "write", label: `COMPOSE_FILE names ${f}, whose services docker compose runs and exo does not read`, via: place(cwd, f, raw), unknown: true });
        } else if (a.name === "NODE_V8_COVERAGE") {
          // node writes its coverage into that folder.
          if (a.dynamic || a.value === null) result.unknown.push("NODE_V8_COVERAGE names a folder node writes to");
          else if (a.value !== "") maybe({ text: a.value, dynamic: false, glob: false, quoted: true }, "write", a.name);
        } else if (/^GIT_TRACE[A-Z0-9_]*$/.test(a.name)) {
          // GIT_TRACE=/abs/file (and GIT_TRACE2_EVENT, GIT_TRACE_PACKET, …): git appends its trace to that file.
          if (a.dynamic || a.value === null) result.unknown.push(`${a.name} may name a file git appends its trace to`);
          else if (a.value.startsWith("/")) add({ text: a.value, dynamic: false, glob: false, quoted: true }, "write", a.name);
        } else if (a.name === "GIT_EXEC_PATH") {
          // git runs its helper programs (git-remote-http, …) from that folder: like a PATH into the project.
          result.unknown.push("GIT_EXEC_PATH changes which programs git runs");
        } else if (GIT_PLACE_VARS.test(a.name)) {
          // GIT_WORK_TREE=docs git checkout HEAD -- src/a writes docs/src/a: like --work-tree/--git-dir.
          result.unknown.push(`${a.name} makes git write its files somewhere else`);
        } else if (/^(GIT_GRAFT_FILE|GIT_SHALLOW_FILE|GIT_REPLACE_REF_BASE)$/.test(a.name) && !(a.name === "GIT_REPLACE_REF_BASE" && a.value === "refs/replace/")) {
          // A graft or shallow file the agent writes (`HEAD`'s id alone makes it a first commit, whose
          // patch is every file) and replacement refs taken from another namespace (a tag named by
          // HEAD's id) change the commits git shows, unseen by the git exo asks which files a patch
          // holds (allowed before red-team round 41).
          result.unknown.push(`${a.name} changes the commits git reads`);
        } else if (/^(BASH_CMDS|BASH_ALIASES)$/.test(a.name) || (a.name === "PATH" && !safePath(a, ctx))) {
          result.unknown.push(`${a.name} changes which program a command name runs`);
        }
      }
      if (program === "git" && HOME_MOVED.has(result)) forbid({ what: "git with exo's git hooks switched off", code: "HOOKS_TAMPERED", why: SKIPS_GIT_HOOKS });
      if (wrapped.split) {
        // env -S 'cmd args': the string is the command.
        if (wrapped.split.dynamic) result.unknown.push("env -S runs a command computed at run time");
        else walk([wrapped.split.text, ...words.map((w) => quote(w.text))].join(" "), fromHere(), depth + 1, result, links);
        continue;
      }
      const saved = { cwd, alts };
      for (const o of wrapped.outputs ?? []) if (!o.inChdir) add(o.word, "write", "time -o");
      if (wrapped.chdir) {
        // env -C DIR is chdir(2): links before `..` (before red-team round 15 `env -C src/L/.. touch x` was read as src/x).
        const dir = wrapped.chdir;
        const to = (from: string | null): string | null => (dir.dynamic || globbedWord(dir) || from === null ? null : physicalPlace(from, dir.text));
        cwd = to(cwd);
        alts = alts.map(to);
      }
      for (const o of wrapped.outputs ?? []) if (o.inChdir) add(o.word, "write", "time -o");
      try {
        // `env cd src`, `sudo cd src`, `nohup pushd src`: a program named cd (macOS's /usr/bin/cd, or
        // none) runs in a process of its own and the shell stays where it was (followed as a cd
        // before red-team round 32, so `env cd src; echo x > a.ts` passed as a write of src/a.ts).
        if (!(wrapped.process && ["cd", "pushd", "popd"].includes(program))) runCommand(words, cmd);
      } finally {
        if (wrapped.chdir) ({ cwd, alts } = saved);
      }
      if (evalMoves) cwd = null;
      const temp = tempCandidatesHere.get(index);
      if (temp?.value !== undefined && !conditional && control === 0 && !given.subshells && (temp.from ?? []).every((n) => literals.has(n))) {
        temps.set(temp.name, temp.value);
        literals.add(temp.name);
        if (given.words[0]?.text === "export" && !given.words[0].quoted) exported.add(temp.name);
      }
      else if (temp?.args && !conditional && control === 0 && !given.subshells && cwd !== null && alts.length === 0) {
        const value = mktempName(temp.args, cwd, ctx.tmpdir);
        if (value !== null) temps.set(temp.name, value);
      } else if (temp?.values && control >= 1 && control === opened.length && opened.slice(0, -1).every((sure, k) => sure || MAY_NOT_RUN.has(openedBy[k] ?? "")) && given.after === undefined && !given.subshells) {
        // (The loop's own `for` opened the compound command the shell is in, inside none but such
        // loops, whose bodies run at least once: `for d in a b; do for f in x y; do …`. Inside a
        // `while`, `until` or `if` it holds until that command's end: red-team round 31.)
        // (A select's variable holds in its own body only, which may not run.)
        const scope = temp.select ? opened.length - 1 : opened.slice(0, -1).lastIndexOf(false);
        if (scope >= 0) loopScope.set(temp.name, scope);
        loopVars.set(temp.name, temp.values);
        literals.add(temp.name);
        if (!temp.select) opened[opened.length - 1] = true;
      }
      const exports = given.words.length === 2 && given.words[0]?.text === "export" && !given.words[0].quoted ? given.words[1]?.text : undefined;
      if (exports && literals.has(exports) && !conditional && control === 0 && !given.subshells) exported.add(exports);
      // A loop run in a pipeline or in the background (`done | cat`, `done &`) set its variable in a subshell.
      if (lead === "done" && (given.pipesOut || given.subshells)) {
        for (const n of loopVars.keys()) {
          temps.delete(n);
          literals.delete(n);
        }
        loopVars.clear();
        loopScope.clear();
      }
    }
  }
  for (const n of nested) if (n.at >= commands.length) walkSub(n.body);
  if (ctx.typed && depth === 0) typedLine(commands, unfinished || control > 0, cwd !== ctx.cwd || alts.length > 0, assigned, result);

  /**
   * A PREFIX_RUNNERS program: its string options (su -c STR, watch's words joined) run as shell
   * commands, and each later word that does not start with `-` may be the command it runs, so each
   * such suffix is judged as a command (a cd there is another program: skipped). False when the
   * caller should go on judging the program itself (its output files: strace -o, script's typescript).
   */
  function runners(base: string, words: Word[], cmd: Simple): boolean {
    const args = words.slice(1);
    const shell = base === "screen" || base === "script" ? runnerShell(base, args) : null;
    if (shell) {
      result.unknown.push(shell);
      // script still writes its typescript and logs (below).
      if (base === "screen") return true;
    }
    // screen -L logs the window to screenlog.0 in the working folder, or to -Logfile F (allowed before red-team round 20).
    if (base === "screen") {
      const at = args.findIndex((a) => a.text === "-Logfile");
      if (at >= 0) add(args[at + 1] ?? null, "write", "screen -Logfile");
      else if (args.some((a) => /^-[a-zA-Z]*L/.test(a.text) && a.text !== "-Logfile" && !a.text.startsWith("--"))) here("screen -L writes screenlog.0", "screenlog.0");
    }
    const strings = RUNNER_STRING_OPTIONS[base] ?? [];
    /** The words that are a string option's value (not the program's own operands). */
    const values = new Set<Word>();
    for (let k = 0; k < args.length; k++) {
      const w = args[k] as Word;
      const t = w.text;
      let value: Word | undefined;
      let opt: string | undefined;
      for (const o of strings) {
        // A long option as getopt takes its start (`flock --comm=CMD`, `su --c CMD`: allowed before red-team round 44).
        if (t === o || (o.startsWith("--") && t.startsWith("--") && longPrefix(t, o, o === "--command" ? 3 : 4))) {
          opt = o;
          value = !t.includes("=") ? args[k + 1] : { ...w, text: t.slice(t.indexOf("=") + 1) };
        } else if (!o.startsWith("--") && !t.startsWith("--") && new RegExp(`^-[A-Za-z]*${o[1] as string}`).test(t)) {
          // -c among short options (-qc 'cmd') or glued (-c'cmd'): the rest of the word, or the next word
          opt = o;
          const rest = t.slice(t.indexOf(o[1] as string, 1) + 1);
          value = rest ? { ...w, text: rest } : args[k + 1];
        }
        if (opt) break;
      }
      if (!opt) continue;
      if (value === args[k + 1] && value) values.add(value);
      if (!value || value.dynamic) result.unknown.push(`${base} ${opt} runs a command computed at run time`);
      // A new shell: its $1 … are its own (su's words after the user), not a script's it runs in.
      else walk(value.text, { ...fromHere(), vars: withoutArguments(ctx.vars), ...(base === "script" ? { tty: true } : {}) }, depth + 1, result, links);
    }
    if (base === "watch") {
      // watch joins its words and runs them with sh -c (with -x/--exec, as they are).
      const exec = args.some((a) => a.text === "-x" || a.text === "--exec" || /^-[a-zA-Z]*x/.test(a.text));
      const ops = operands(args, new Set(["-n", "--interval", "-q", "--equexit"]));
      const text = ops.map((w) => (exec ? quote(w.text) : w.text)).join(" ");
      if (ops.some((w) => w.dynamic)) result.unknown.push("watch runs a command computed at run time");
      else if (text) walk(text, { ...fromHere(), vars: withoutArguments(ctx.vars) }, depth + 1, result, links);
      return true;
    }
    if (base === "sg") {
      // sg GROUP 'cmd' runs its string with a shell.
      for (const w of operands(args).filter((o) => !values.has(o)).slice(1)) {
        if (w.dynamic) result.unknown.push(`${base} runs a command computed at run time`);
        else walk(w.text, { ...fromHere(), vars: withoutArguments(ctx.vars) }, depth + 1, result, links);
      }
    }
    for (let k = 1; k < words.length && base !== "script"; k++) {
      const w = words[k] as Word;
      if ((w.text.startsWith("-") && !w.quoted) || values.has(w)) continue;
      if (["cd", "pushd", "popd"].includes(w.text)) continue;
      if (--runnerBudget < 0) {
        if (runnerBudget === -1) result.unknown.push(`${base} wraps more commands than exo follows`);
        return true;
      }
      runCommand(words.slice(k), cmd);
    }
    // Their own output files: strace/ltrace -o FILE, script's typescript and timing logs.
    if (base === "strace" || base === "ltrace") {
      for (let k = 0; k < args.length; k++) {
        const t = (args[k] as Word).text;
        if (t === "-o" || t === "--output") add(args[k + 1] ?? null, "write", `${base} -o`);
        else if (/^-o./.test(t)) add({ ...(args[k] as Word), text: t.slice(2) }, "write", `${base} -o`);
        else if (t.startsWith("--output=")) add({ ...(args[k] as Word), text: t.slice(9) }, "write", `${base} -o`);
      }
    }
    // flock FILE CMD / flock FILE -c CMD opens FILE with O_CREAT (a number is a descriptor).
    if (base === "flock") {
      const lock = operands(args, new Set(["-w", "--timeout", "-E", "--conflict-exit-code"])).find((o) => !values.has(o));
      if (lock && !/^\d+$/.test(lock.text)) add(lock, "write", "flock's lock file");
    }
    // fakeroot -s FILE saves its state to FILE on exit.
    if (base === "fakeroot") {
      for (let k = 0; k < args.length && (args[k] as Word).text.startsWith("-"); k++) {
        const t = (args[k] as Word).text;
        if (t === "--") break;
        if (t === "-s") add(args[k + 1] ?? null, "write", "fakeroot -s");
        else if (t.startsWith("-s")) add({ ...(args[k] as Word), text: t.slice(2) }, "write", "fakeroot -s");
        if (t === "-s" || t === "-i" || t === "-l" || t === "--lib" || t === "--faked") k++;
      }
    }
    // valgrind's own files: --log-file, --xml-file, the tools' --*-out-file (%p is the pid), and a
    // profiling tool's default NAME.out.PID in the working folder.
    if (base === "valgrind") {
      const opts: Word[] = [];
      for (const a of args) {
        if (!a.text.startsWith("-")) break;
        opts.push(a);
      }
      const outFile = (w: Word) => /^--([a-z]+-out|log|xml)-file=/.test(w.text);
      for (const w of opts) {
        if (!outFile(w)) continue;
        const file = w.text.slice(w.text.indexOf("=") + 1);
        // %q{VAR} is an environment variable's value.
        if (file.includes("%q")) result.unknown.push(`valgrind ${w.text.split("=")[0]} names a file through an environment variable`);
        else add({ ...w, text: file.replace(/%[pn]/g, "x") }, "write", `valgrind ${w.text.split("=")[0]}`);
      }
      const tool = opts.find((w) => w.text.startsWith("--tool="))?.text.slice(7);
      if (tool && ["massif", "callgrind", "cachegrind", "dhat"].includes(tool) && !opts.some((w) => w.text.startsWith(`--${tool}-out-file=`))) here(`valgrind --tool=${tool} writes ${tool}.out.PID into the working directory`, `${tool}.out.pid`);
    }
    // script without -c runs an interactive shell: fed from a pipe, a here-document or a file, that
    // input is the commands it runs (echo 'touch docs/x' | script -q /dev/null).
    if (base === "script" && !args.some((a) => a.text === "-c" || a.text === "--command" || a.text.startsWith("--command=") || (/^-[a-zA-Z]*c/.test(a.text) && !a.text.startsWith("--"))) && (cmd.heredocInput || cmd.piped === true || cmd.redirects.some((r) => r.op === "<" || r.op === "<>" || r.op === "<<<"))) {
      result.unknown.push("script runs a shell that reads its commands from the input");
    }
    if (base === "script") {
      const ops = operands(args, new Set(["-c", "--command", "-E", "--echo", "-t", "-T", "--log-timing", "-I", "--log-in", "-O", "--log-out", "-B", "--log-io", "-m", "--logging-format"])).filter((o) => !values.has(o));
      for (let k = 0; k < args.length; k++) if (["-T", "--log-timing", "-I", "--log-in", "-O", "--log-out", "-B", "--log-io"].includes((args[k] as Word).text)) add(args[k + 1] ?? null, "write", "script log");
      if (ops[0]?.text !== "/dev/null") add(ops[0] ?? { text: "typescript", dynamic: false, glob: false, quoted: true }, "write", "script");
    }
    return true;
  }

  /** `apply_patch PATCH` or `apply_patch <<'EOF'`: the files the patch names, `..` collapsed as Codex collapses it. */
  function applyPatch(args: Word[], cmd: Simple): void {
    const first = args[0];
    const patch = first ? (first.dynamic ? null : first.text) : cmd.heredocInput && typeof cmd.heredocBody === "string" ? cmd.heredocBody : null;
    if (patch === null) {
      result.unknown.push("apply_patch reads a patch exo cannot see (computed, piped or from a file)");
      return;
    }
    const entries = patchEntries(patch);
    if (entries.length === 0) result.unknown.push(...patchUnknown(patch, []));
    for (const e of entries) {
      for (const from of e.path.startsWith("/") ? ["/"] : [cwd, ...alts]) {
        if (from === null) result.unknown.push(`apply_patch: ${e.path} after a cd exo cannot follow`);
        else {
          const path = throughLinks(posix.resolve(from, e.path));
          const into = filled.find((f) => path.startsWith(`${f.path}/`) || path === f.path);
          if (into) result.unknown.push(`apply_patch: ${e.path} is in ${into.path}, filled earlier in this line (${into.by}) with files exo cannot see`);
          result.targets.push({ path, action: e.action });
        }
      }
    }
  }

  function runCommand(words: Word[], cmd: Simple): void {
    const name = words[0]?.text ?? "";
    let args = words.slice(1);
    let base = canonicalName(!name.includes("/") || SYSTEM_DIRS.test(posix.normalize(name)) ? programCase(name.split("/").pop() ?? name) : (name.split("/").pop() ?? name));
    if (base === "git") args = gitCase(args);
    // An alias the repository's or the user's git configuration defines (`alias.df = diff`, `alias.lp
    // = log -p`) runs that command: `git lp -3` printed a tracked secret's patch as a subcommand exo
    // did not know (allowed before red-team round 36).
    if (base === "git" && ctx.gitAlias) args = gitAliased(args, (n) => ctx.gitAlias?.(cwd ?? ctx.root ?? ctx.cwd, n) ?? null, result);
    // PowerShell's Set-Location (sl, chdir), Push-Location and Pop-Location move the shell as cd,
    // pushd and popd do, their -Path/-LiteralPath naming the folder (before red-team round 18 they
    // were read as writes of the folder, and the commands after them as run from the first folder).
    const psLocation = /^(set-location|sl|chdir)$/i.test(base) ? "cd" : /^push-location$/i.test(base) ? "pushd" : /^pop-location$/i.test(base) ? "popd" : null;
    if (psLocation) {
      base = psLocation;
      args = args.filter((a) => a.quoted || !/^-(path|literalpath)$/i.test(a.text));
    }
    // PowerShell's Start-Process (saps, start) runs -FilePath with -ArgumentList (a list, or one string
    // its command line is split from) in -WorkingDirectory, its output going to the -RedirectStandard…
    // files: judged as that command (allowed before red-team round 23, as a program whose options
    // name nothing: `Start-Process pwsh -ArgumentList '-c','New-Item docs/x'`).
    if (ctx.powershell === true && /^(start-process|saps|start)$/i.test(base)) {
      let file: Word | null = null;
      let list: Word | null = null;
      let wd: Word | null = null;
      const positional: Word[] = [];
      for (let k = 0; k < args.length; k++) {
        const a = args[k] as Word;
        const m = a.quoted ? null : /^-([A-Za-z]+)(?::(.*))?$/s.exec(a.text);
        if (!m) {
          positional.push(a);
          continue;
        }
        const n = (m[1] as string).toLowerCase();
        const value = (): Word | null => (m[2] !== undefined ? { ...a, text: m[2] } : (args[++k] ?? null));
        const is = (full: string, min: number) => n.length >= min && full.startsWith(n);
        if (is("filepath", 2) || n === "path") file = value();
        else if (is("argumentlist", 2) || n === "args") list = value();
        else if (is("workingdirectory", 2)) wd = value();
        else if (is("redirectstandardoutput", 17) || is("redirectstandarderror", 17)) add(value(), "write", "Start-Process -RedirectStandardOutput");
        else if (is("redirectstandardinput", 17)) add(value(), "read", "Start-Process -RedirectStandardInput");
        else if (!["wait", "nonewwindow", "passthru", "usenewenvironment", "loaduserprofile", "whatif", "confirm"].some((x) => x.startsWith(n))) value();
      }
      file ??= positional[0] ?? null;
      list ??= positional[1] ?? null;
      if (!file) return;
      if (file.dynamic || list?.dynamic || wd?.dynamic) {
        result.unknown.push("Start-Process runs a program or arguments computed at run time");
        return;
      }
      const items = list ? list.text.split(",") : [];
      const line = items.length === 1 ? `${quote(file.text)} ${items[0] as string}` : [file.text, ...items].map(quote).join(" ");
      walk(wd ? `cd ${quote(wd.text)} && ${line}` : line, fromHere(), depth + 1, result, links);
      return;
    }
    // What the command reads comes from a here-document, a here-string, a pipe or a file: to an
    // interpreter without a script, an editor or a REPL, that input is commands it runs.
    const fed = cmd.heredocInput || cmd.piped === true || cmd.redirects.some((r) => r.op === "<" || r.op === "<>");
    // So does each prompt of TERMINAL_REPLS and SUBCOMMAND_REPLS that would wait for its terminal:
    // fed, it runs what it reads (`echo 'system cat .env' | mycli`, `flask shell <<< CODE`, `echo
    // ':! cat .env' | cabal repl` passed before red-team round 45, read only unfed).
    if (fed && (STDIN_PROGRAMS.has(base) || readsTerminal(base, args))) result.unknown.push(`${base} runs the commands it reads from its input`);
    // The C preprocessor fed its source from the input (cpp, cc -E -, gcc -x c -) prints the files
    // its #include lines name, or quotes them in its errors: `cpp -P <<< '#include ".env"'` printed
    // the secret before red-team round 42.
    if (fed && C_COMPILERS.test(base) && (args.some((a) => a.text === "-") || (base === "cpp" && operands(args, CPP_VALUES).length === 0))) result.unknown.push(`${base} includes the files the #include lines of its input name`);
    // lftp -c CMDS / -f FILE / -e CMDS: its commands (mirror and get write local folders, ! runs a local command).
    if (base === "lftp" && args.some((a) => /^-[cfe]/.test(a.text))) result.unknown.push("lftp runs the commands it is given (mirror and get write local files, ! runs a command)");
    else if (!fed && readsTerminal(base, args)) result.unknown.push(`${base} runs the commands typed into its terminal, which exo cannot see`);
    // git's ext:: transport runs the URL's command (once allowed: GIT_ALLOW_PROTOCOL, protocol.ext.allow), now or at a later fetch.
    if (base === "git" && args.some((a) => /^ext::/i.test(a.text) || /^--?[a-z-]*=ext::/i.test(a.text))) result.unknown.push("git with an ext:: URL runs the command the URL names");
    // git send-email --sendmail-cmd / --to-cmd / --cc-cmd / --header-cmd / --smtp-server=CMD run commands (--to-cmd even with --dry-run).
    if (base === "git" && args.some((a) => a.text === "send-email") && args.some((a) => /^--(sendmail-cmd|to-cmd|cc-cmd|header-cmd|smtp-server|compose|format-patch)(=|$)/.test(a.text) || /^--(send|to-c|cc-c|head|smtp-se)/.test(a.text))) {
      result.unknown.push("git send-email runs the commands its options name (or writes the patches and messages it makes)");
    }
    const code = inlineCode(base, args);
    if (code) result.unknown.push(`${base} ${code} runs inline code that may write files`);
    if (words[0]?.dynamic) {
      result.unknown.push(`command name ${name || "(expansion)"} is computed at run time`);
      if (args.some((a) => a.text === "hook-install" || a.text === "--uninstall")) forbid({ what: "exo hook-install --uninstall", code: "HOOKS_TAMPERED", why: TAKES_HOOKS_OUT });
      return;
    }
    if (!name) return;
    if (SYNTAX_ONLY.has(name) && !words[0]?.quoted) return;
    // PowerShell's .NET calls ([IO.File]::WriteAllText('docs/x', …)): a method exo does not read (allowed before red-team round 13).
    if (/^\[[A-Za-z_][\w.\x60]*\]::/.test(name) && !/^\[(System\.)?(Math|DateTime|DateTimeOffset|TimeSpan|Guid|String|Int32|Int64|Double|Decimal|Boolean|Convert|Regex|Text\.RegularExpressions\.Regex|Char|Uri|Version|BitConverter|Text\.Encoding|IO\.Path)\]::/i.test(name)) {
      result.unknown.push(`${name.split("(")[0] ?? name} is a .NET call that may write files`);
      return;
    }
    // An alias defined earlier in the line (alias ls=touch): with expand_aliases, `ls docs/x` runs `touch docs/x`.
    const alias = words[0]?.quoted ? undefined : aliases.get(name);
    if (alias !== undefined) {
      if (args.some((a) => a.dynamic)) result.unknown.push(`alias ${name} runs with words computed at run time`);
      else {
        aliases.delete(name); // bash does not expand an alias inside its own body (alias ls='ls -l')
        walk([alias, ...args.map((a) => quote(a.text))].join(" "), fromHere(), depth + 1, result, links);
        aliases.set(name, alias);
      }
    }
    // With reads guarded, a file any program is given by name may be read by it, and a denied one
    // (.env) is refused as `cat .env` is: compressors and archivers (`gzip -c .env`, `tar cf - .env`),
    // git (`git diff --no-index .env x`, `git add -f .env`), scripts (`bash .env`, `python3 -m json.tool
    // .env`), uploads (`curl -T .env`, `curl -F f=@.env`), option values (`node --env-file=.env`,
    // `git commit -F .env`, `xargs -a .env`) and `file://` URLs (all allowed before red-team round 19).
    if (ctx.guardReads) for (const w of namedFiles(base, args, existingFile)) add(w, "read", base);
    if (ctx.guardReads && ctx.powershell === true) {
      // PowerShell expands a -Path wildcard itself, quoted or not, and on Windows `*` matches
      // dot files (`gc '.e*'`, `sls TOKEN *`); a reading cmdlet given no path reads the strings a
      // pipe hands it (`'.env' | gc`): both allowed before red-team round 22.
      const reader = PS_READERS.test(base);
      for (const w of namedFiles(base, args, existingFile)) {
        if (!w.dynamic && GLOB_CHARS.test(w.text) && cwd !== null) for (const hit of (ctx.glob?.(w.text, cwd, true) ?? []).slice(0, 200)) result.targets.push({ path: place(cwd, hit, raw), action: "read" });
      }
      // A value an expression computes (`gc ([IO.File]::ReadAllText('n'))`) is read as round 25 reads one.
      if (reader) for (const w of args) if (w.dynamic && w.subs && w.text === "") add(w, "read", base);
      if (reader) for (const w of args) if (!w.dynamic && !w.text.startsWith("-") && GLOB_CHARS.test(w.text) && cwd !== null) for (const hit of (ctx.glob?.(w.text, cwd, true) ?? []).slice(0, 200)) result.targets.push({ path: place(cwd, hit, raw), action: "read" });
      if (cmd.piped === true && /^(get-content|gc|cat|type|get-item|gi|import-csv|ipcsv|import-clixml|get-filehash|format-hex|fhx)$/i.test(base) && operands(args).length === 0) COMPUTED_READ.add(result);
    }
    // Runners whose operands (and some options) are command strings they hand to a shell:
    // concurrently (`npm:NAME` is `npm run NAME`), hyperfine, start-server-and-test, chokidar -c,
    // tsc-watch --onSuccess (before red-team round 20 `concurrently 'touch ../../docs/x'` from a
    // subfolder was read as a path there).
    const spec = CMD_STRING_RUNNERS[base];
    const subAt = spec?.sub ? args.findIndex((a) => !a.text.startsWith("-")) : -1;
    if (spec && (!spec.sub || spec.sub.includes(args[subAt]?.text ?? ""))) {
      const joined: Word[] = [];
      for (let k = spec.sub ? subAt + 1 : 0; k < args.length; k++) {
        const a = args[k] as Word;
        const t = a.text;
        const eq = t.indexOf("=");
        const name = eq > 0 ? t.slice(0, eq) : t;
        if (t.startsWith("-")) {
          if (spec.commands.includes(name)) {
            const v = eq > 0 ? { ...a, text: t.slice(eq + 1) } : args[++k];
            if (v) commandString(v);
          } else if (spec.values.includes(name) && eq < 0) k++;
          // After `--` every word is the command's (watchexec -- CMD ARGS).
          if (t === "--" && spec.joined) {
            joined.push(...args.slice(k + 1));
            break;
          }
          continue;
        }
        if (spec.joined) joined.push(a);
        else if (spec.operands) commandString(a);
      }
      // watchexec and devbox run hand their words, joined, to a shell.
      if (joined.length > 0) commandString(joined.some((w) => w.dynamic) ? { text: "", dynamic: true, glob: false, quoted: false } : { text: joined.map((w) => w.text).join(" "), dynamic: false, glob: false, quoted: true });
    }
    // npm-run-all / run-p / run-s run package.json scripts by name (a pattern too): judged as npm run
    // NAME is (allowed before red-team round 20).
    if (["npm-run-all", "npm-run-all2", "run-p", "run-s"].includes(base)) runPackageScripts(base, args);
    // lerna run, turbo run and nx run-many run a script of each workspace's package.json (allowed
    // before red-team round 37).
    if (MONOREPO_RUNNERS.has(base)) runPackageScripts(base, args);
    // systemctl link/edit a unit, or enable/start one by its path: systemd runs the unit's commands
    // later, outside any hook (allowed before red-team round 20).
    if (base === "systemctl") {
      const sub = operands(args).find((a) => !a.text.startsWith("-"))?.text ?? "";
      if (["link", "edit", "set-environment", "import-environment", "revert", "add-wants", "add-requires"].includes(sub) || (["enable", "reenable", "start", "restart"].includes(sub) && args.some((a) => a.text.includes("/") || a.dynamic))) result.unknown.push(`systemctl ${sub} makes systemd run commands of a unit exo does not read`);
    }
    // Secrets a program prints from its own store without being given a file: `gh auth token`, `aws
    // configure get`, `gpg --export-secret-keys`, dotenv's `.env` (all allowed before red-team round 20).
    if (ctx.guardReads) for (const p of storeReads(base, CLI_OPTIONS[base] ? (cliCommand(base, args, () => undefined) ?? args) : args)) add({ text: p.startsWith("~/") ? `${ctx.home.replace(/\/+$/, "")}${p.slice(1)}` : p, dynamic: false, glob: false, quoted: true }, "read", `${base} prints what it keeps in ${p}`);
    // mise exec (x), env and set run a command with, or print, the env files its configuration's
    // [env] `_.file` (env_file, dotenv) loads: each is read (`mise exec -- printenv` printed a .env
    // mise.toml names before red-team round 49). The working folder's configuration files alone.
    if (ctx.guardReads && base === "mise" && ["exec", "x", "env", "e", "set"].includes(operands(args)[0]?.text ?? "")) {
      for (const name of ["mise.toml", ".mise.toml", "mise.local.toml", ".mise.local.toml", ".config/mise.toml", ".config/mise/config.toml", "mise/config.toml", ".mise/config.toml"]) {
        const text = sink.readLocal?.(name);
        if (typeof text !== "string") continue;
        for (const m of text.matchAll(/^[ \t]*(_\.file|env_file|dotenv|_)[ \t]*=[ \t]*(.*)$/gm)) {
          if (m[1] === "_" && !/\bfile\b/.test(m[2] ?? "")) continue;
          for (const f of (m[2] ?? "").matchAll(/"([^"]+)"|'([^']+)'/g)) add({ text: f[1] ?? f[2] ?? "", dynamic: false, glob: false, quoted: true }, "read", `mise ${operands(args)[0]?.text ?? ""} loads ${f[1] ?? f[2] ?? ""} (${name})`);
        }
      }
    }
    // pipenv run and shell load the .env of the project (the nearest folder up with a Pipfile, three
    // at most, else the working one) into what they run, unless PIPENV_DONT_LOAD_ENV is set:
    // `pipenv run printenv` printed it before red-team round 49. Only a .env that is there counts.
    if (ctx.guardReads && base === "pipenv" && ["run", "shell"].includes(operands(args)[0]?.text ?? "") && assigned?.has("PIPENV_DONT_LOAD_ENV") !== true && assigned?.has("PIPENV_DOTENV_LOCATION") !== true) {
      const home = ["", "../", "../../", "../../../"].find((up) => sink.existsLocal?.(`${up}Pipfile`) === true) ?? "";
      if (sink.existsLocal?.(`${home}.env`) !== false) add({ text: `${home}.env`, dynamic: false, glob: false, quoted: true }, "read", `pipenv ${operands(args)[0]?.text ?? ""} loads ${home}.env`);
    }
    // Names read at run time from the input or a list file (`echo .env | cpio -o`, `tar cf - -T -`,
    // `zip - -@`, `rsync --files-from`, `git cat-file --batch <<< HEAD:.env`): the input's names are
    // the line's literal words, a list file's its lines (all allowed before red-team round 20).
    if (ctx.guardReads) {
      for (const list of nameLists(base, args)) {
        // The list itself is read, and a name it cannot find is printed (`fatal: pathspec
        // 'API_TOKEN=…' did not match any files`; `git rm --cached --pathspec-from-file=.env` passed
        // before red-team round 39).
        if (list !== null && list.text !== "-") add(list, "read", `${base} (a list of names)`);
        const text = list === null || list.dynamic || list.text === "-" || cwd === null || written.has(place(cwd, list.text, false)) ? null : (ctx.readScript?.(place(cwd, list.text, false)) ?? null);
        if (typeof text !== "string") {
          add(COMPUTED, "read", `${base} (names given at run time)`);
          // The names a pipe's commands print for it, and the files their REV:PATH names (`printf
          // 'HEAD~2:.e%s\n' nv | git cat-file --batch`: allowed before red-team round 44), as xargs's.
          const index = commands.indexOf(cmd);
          let from = index;
          while (from > 0 && commands[from]?.piped && commands[from - 1]?.pipesOut) from--;
          const fed = list === null && from < index ? commands.slice(from, index) : [];
          const printed = fed.length > 0 && cwd !== null ? printedByCommands(fed.map((c) => ({ ...c, pipesOut: c !== fed[fed.length - 1] && c.pipesOut === true }))) : null;
          if (Array.isArray(printed) && cwd !== null) {
            for (const piece of new Set(printed.flatMap((t) => t.split(/[\s\0]+/)))) {
              if (piece === "") continue;
              result.targets.push({ path: place(cwd, piece, false), action: "read" });
              const inRev = revPath(piece);
              if (inRev) result.targets.push({ path: place(cwd, inRev, false), action: "read" });
            }
          }
        } else for (const line of text.split(/[\n\0]/).slice(0, 500)) if (line.trim() !== "") add({ text: line.trim(), dynamic: false, glob: false, quoted: true }, "read", `${base} (names from ${list?.text ?? "a list"})`);
      }
    }
    // Codex's apply_patch (on the PATH of Codex's shells, and what Codex itself runs for a shell call
    // `apply_patch <<'EOF' …`): the patch is its first argument, else its here-document. The codex
    // binary is apply_patch itself given --codex-run-as-apply-patch PATCH (how Codex runs it in its
    // sandbox; allowed before red-team round 38).
    if (base === "apply_patch" || base === "applypatch" || (base === "codex" && args[0]?.text === "--codex-run-as-apply-patch")) {
      applyPatch(base === "codex" ? args.slice(1) : args, cmd);
      return;
    }
    globSwitches(base, args, result);
    // hash -p FILE NAME and BASH_CMDS[NAME]=FILE make NAME run another program.
    if (base === "hash" && args.some((a) => /^-[a-z]*p/.test(a.text))) result.unknown.push("hash -p makes a command name run another program");
    // su USER, sg GROUP and newgrp without a command start a shell: fed from a pipe, a here-document
    // or a file, that input is the commands it runs (echo 'touch docs/x' | su root); unfed, what is
    // typed into its terminal (see TERMINAL_REPLS).
    if ((base === "newgrp" || (base === "doas" && doasShell(args)) || (base === "ssh" && sshShell(args)) || (["poetry", "pipenv", "hatch", "machinectl", "distrobox", "toolbox"].includes(base) && ["shell", "enter"].includes(args[0]?.text ?? "") && args.length <= 2) || (base === "nix" && ["develop", "shell"].includes(args[0]?.text ?? "") && !args.some((a) => a.text === "-c" || a.text === "--command")) || ((base === "su" || base === "sg" || base === "runuser") && !args.some((a) => a.text === "--command" || a.text.startsWith("--command=") || a.text.startsWith("--session-command") || (/^-[a-zA-Z]*c/.test(a.text) && !a.text.startsWith("--"))) && operands(args, new Set(["-s", "--shell", "-g", "--group", "-G", "--supp-group", "-w", "--whitelist-environment"])).filter((o) => o.text !== "-").length <= 1))) {
      result.unknown.push(`${base} starts a shell that reads its commands from the input or the terminal`);
    }
    // A script run by its path (./scripts/test.sh): its text (see runScript); its arguments are judged below, as any program's.
    if (name.includes("/")) runScript(words[0] as Word, false, args);
    // A program run by a path outside the system's folders may be a copy or a link the agent made
    // (`cp /usr/bin/touch src/ls`, then `./src/ls docs/x`; `cp /usr/bin/env src/env`): its name says
    // nothing of what it does, so its words are judged as an unknown program's as well, a bare word
    // naming a folder too (a copy of rm: `./src/x -rf docs`). Before red-team round 14 these passed
    // (`./src/ls docs/x` as the read-only ls).
    // A link into them (a virtualenv's bin/python) is the system's program.
    const system = (from: string | null) => from !== null && SYSTEM_DIRS.test(ctx.realPath?.(posix.resolve(from, name)) ?? posix.resolve(from, name));
    if (name.includes("/") && !words[0]?.dynamic && !(name.startsWith("/") ? system("/") : [cwd, ...alts].every(system))) {
      unknownProgram(base, args, sink);
      tailCommand(base, args, sink);
      for (const a of operands(args)) if (!a.dynamic && !pathLike(a.text) && [cwd, ...alts].some((from) => from !== null && ctx.isDirectory?.(posix.resolve(from, a.text)) === true)) maybe(a, "write", `${base} (a program the agent may have made) given ${a.text}`);
    }
    if (PREFIX_RUNNERS.has(base) && runners(base, words, cmd)) return;
    if (DEFERRED_RUNNERS.has(base) && !(base === "crontab" && args.length > 0 && args.every((a) => a.text === "-l" || a.text.startsWith("-u"))) && !MULTIPLEXER_QUIET[base]?.test(args[0]?.text ?? "")) {
      result.unknown.push(`${base} runs commands later or elsewhere`);
      return;
    }
    // A mount changes which files a path names: `mount --bind docs src/x` (or bindfs, an overlay, a
    // FUSE file system, a container with its own root) makes a later write to src/x land in docs
    // (before red-team round 13 `mount --bind` passed). Listing the mounts (`mount`, `mount -l`) writes nothing.
    const listsMounts = base === "mount" && args.every((a) => /^(-l|--list|-h|--help|-V|--version)$/.test(a.text));
    if ((MOUNTERS.has(base) || base.startsWith("mount.") || (base === "rclone" && /^(nfs)?mount$/.test(args[0]?.text ?? ""))) && !listsMounts) {
      result.unknown.push(`${base} changes which files a path names (a mount)`);
      return;
    }
    // let 'a[$(cmd)]=1', test -v 'a[$(cmd)]', declare -n …: arithmetic and subscripts run $(…) even from quoted words.
    if (["let", "test", "[", "[[", "declare", "typeset", "local", "export", "readonly", "printf", "read", "unset", "mapfile", "readarray", "wait", "getopts"].includes(base)) {
      // let evaluates every word, and [[ the operands of -eq, -lt, … (0+a[$(cmd)] as much as a[$(cmd)]);
      // the others evaluate an array subscript (name[…]: read, printf -v, wait -p, getopts name).
      const arithmetic = (k: number) => base === "let" || (base === "[[" && [args[k - 1]?.text, args[k + 1]?.text].some((t) => /^-(eq|ne|lt|le|gt|ge)$/.test(t ?? "")));
      args.forEach((a, k) => {
        if (a.quoted && (arithmetic(k) || /^[A-Za-z_][A-Za-z0-9_]*\[/.test(a.text))) for (const body of substitutions(a.text)) walk(body, fromHere(), depth + 1, result, links);
      });
    }
    const exoRest = exoArgs(name, base, args);
    const refused = exoForbidden(name, base, args, exoRest);
    if (refused) {
      forbid(refused);
      return;
    }
    const manager = hooksManager(base, args);
    if (manager) {
      forbid({ what: manager, code: "HOOKS_TAMPERED", why: REPLACES_GIT_HOOKS });
      return;
    }
    const fence = exoRest ? exoNewFence(exoRest) : null;
    if (fence) (result.fences ??= []).push(fence);
    // exo commands that write a file the caller names: judged like any other write.
    if (exoRest) {
      // exo worktree-create --path D checks out the whole tree into D, which exo resolves from the
      // top of the work tree (not the shell's folder): judged from both.
      const makesWorktree = exoSubcommand(exoRest)?.text === "worktree-create";
      const folder = (word: Word | null, label: string) => {
        add(word, "write", label);
        if (word && !word.dynamic && ctx.root && !word.text.startsWith("/") && !word.text.startsWith("~")) add({ ...word, text: `${ctx.root}/${word.text}` }, "write", label);
      };
      for (let k = 0; k < exoRest.length; k++) {
        const t = (exoRest[k] as Word).text;
        if (t === "--out" || t === "--markdown") add(exoRest[k + 1] ?? null, "write", `exo ${t}`);
        else if (t.startsWith("--out=") || t.startsWith("--markdown=")) add({ ...(exoRest[k] as Word), text: t.slice(t.indexOf("=") + 1) }, "write", `exo ${t.slice(0, t.indexOf("="))}`);
        else if (makesWorktree && t === "--path") folder(exoRest[k + 1] ?? null, "worktree-create --path (exo)");
        else if (makesWorktree && t.startsWith("--path=")) folder({ ...(exoRest[k] as Word), text: t.slice(7) }, "worktree-create --path (exo)");
      }
      return;
    }
    // A word computed from what the line controls ($(…), a variable it sets) may be an option that
    // writes or runs something (git reset $(echo --hard), sort $x F with x=-oFILE): unknown, except
    // for programs no option of which writes, after `--`, and for values of git's and gh's message options.
    if (!OPTION_FREE.has(base)) {
      const ends = args.findIndex((a) => a.text === "--" && !a.quoted);
      const computed = args.find((a, k) => (ends < 0 || k < ends) && mayBeOption(a) && !((base === "git" || base === "gh") && VALUE_OPTIONS.has(args[k - 1]?.text ?? "")));
      if (computed) result.unknown.push(`${base}: an argument computed at run time may be an option that writes or runs a command`);
    }
    // PowerShell: a listing piped on (Get-ChildItem -Recurse | Get-Content, | Select-String) hands
    // every file below its folder to the next command (allowed before round 20; without -Recurse,
    // the folder's own files, before round 21).
    if (ctx.guardReads && cmd.pipesOut === true) for (const t of childItemTrees(base, args)) tree(t.word, t.how, t.how.depth === 1 ? "Get-ChildItem |" : "Get-ChildItem -Recurse |");
    switch (base) {
      case "cd":
      case "pushd": {
        if (base === "pushd" && args.some((a) => a.text === "-n" || a.dynamic)) {
          // pushd -n DIR adds DIR to the stack without going there: the next popd goes there (before
          // red-team round 15 `pushd -n docs; popd` was read as staying put).
          dirStack.splice(0, dirStack.length, null);
          if (args.some((a) => a.dynamic)) cwd = null;
          break;
        }
        const ops = args.filter((a, i) => !(/^-[LPe@]*$/.test(a.text) && !a.quoted && (a.text !== "-" || base === "pushd") && args.slice(0, i).every((b) => b.text !== "--")) || a.text === "-");
        const dir = ops.find((a) => a.text !== "--") ?? null;
        // What exo does not follow leaves the folder unknown, and the stack of folders a later popd
        // goes back to (red-team round 31): a rotation of the stack (`pushd +1`, a bare `pushd`,
        // zsh's `cd +1`/`cd -0`), an option bash does not have (zsh's `cd -q`, `-s`; PowerShell's
        // `-PassThru`), and zsh's `cd OLD NEW`, which goes to the working folder's name with OLD
        // replaced by NEW. Before, `cd src; cd src docs` and `cd src; cd -q ../docs` stayed in src,
        // and `pushd ../docs; pushd +1; popd` went back to the folder before docs.
        const ends = args.findIndex((a) => a.text === "--" && !a.quoted);
        const odd = (base === "pushd" && !dir) || ops.filter((a) => a.text !== "--").length > 1 || args.some((a, i) => (ends < 0 || i < ends) && !a.quoted && /^[-+]./.test(a.text) && !/^-[LPe@]+$/.test(a.text) && a.text !== "--");
        if (odd) {
          cwd = null;
          dirStack.splice(0, dirStack.length, null);
          break;
        }
        if (base === "pushd") dirStack.push(cwd);
        if (cwdUnsure) cwdLost = true;
        // cd -P follows the links before `..` (cd -P src/L/.. is the parent of L's target); cd and cd -L
        // drop a segment for each `..` (before red-team round 14 -P was read as -L). After set -P
        // (set -o physical, zsh's chase_links) a plain cd reads it as -P; exo, not knowing the shell,
        // takes both (before red-team round 15 it read it logically).
        let mode: boolean | null = physical;
        for (const a of args) {
          if (a.text === "--" || a.quoted || !/^-[LPe@]+$/.test(a.text)) break;
          for (const ch of a.text.slice(1)) mode = ch === "P" ? true : ch === "L" ? false : mode;
        }
        // A folder that is not there (nor made earlier in the line) makes the cd fail: the shell stays
        // where it was. bash's logical cd drops a segment for `..` only when the folder before it is
        // there; otherwise it is chdir(2) of the text, links before `..` (before red-team round 15 `cd
        // src/nope/..` and `cd src/L/../docs/..` were read as src; the first stays put, the second
        // lands on the top).
        const there = (p: string) => ctx.isDirectory === undefined || ctx.isDirectory(p) || madeFolder(p);
        const physicalCd = (from: string, d: string): string[] => {
          const lexical = posix.resolve(from, d);
          const real = ctx.realPath === undefined ? lexical : ctx.realPath(d.startsWith("/") ? d : `${from}/${d}`);
          return real !== null ? [real] : madeFolder(lexical) ? [lexical] : [from, lexical];
        };
        const logicalCd = (from: string, d: string): string[] => {
          let at = "";
          for (const seg of (d.startsWith("/") ? d : `${from}/${d}`).split("/")) {
            if (seg === "" || seg === ".") continue;
            if (seg !== "..") at += `/${seg}`;
            else if (there(at || "/")) at = at.slice(0, at.lastIndexOf("/"));
            else return physicalCd(from, d);
          }
          return [at || "/"];
        };
        const cdPlaces = (from: string, d: string): string[] => (mode === false ? logicalCd(from, d) : mode === true ? physicalCd(from, d) : [...logicalCd(from, d), ...physicalCd(from, d)]);
        // A cd through a folder the line filled (git clone x src/t && cd src/t/L/..) may follow a link put there.
        const throughFilled = (from: string, d: string) => !/^(\.\.\/*)+$/.test(d) && filled.some((f) => place(from, d, true).startsWith(`${f.path}/`));
        // A glob (`cd .c*`, zsh's `.claud#e`) goes where it matches, which exo does not follow
        // (read as the folder named so before red-team round 29: `cd .c*; echo x > settings.json`
        // wrote .claude/settings.json).
        // cd /proc/self/cwd (/dev/fd/../cwd) is the shell's own folder, not the hook's (read so before red-team round 38).
        const self = dir ? procSelfCwd(dir.text) : null;
        const target = self === null ? (dir?.text ?? "") : `.${self}`;
        const to = (from: string | null): (string | null)[] => (cwdUnsure ? [null] : !dir ? [ctx.home] : dir.dynamic || dir.text === "-" || globbedWord(dir) ? [null] : from === null || throughFilled(from, target) ? [null] : cdPlaces(from, target));
        const before = [cwd, ...alts];
        const after = before.flatMap(to);
        // A folder that does not exist (and was not made earlier in the line) makes the cd fail.
        // sh may be dash, which has no pushd: there it fails and the shell stays.
        const mayFail = (base === "pushd" && ctx.plainSh === true) || after.some((d) => d !== null && ctx.isDirectory !== undefined && !ctx.isDirectory(d) && !madeFolder(d));
        // After `||` the old folders stay possible at once; otherwise they come back when the
        // cd's && chain ends (the chain goes on only once the cd ran and succeeded).
        const unique = [...new Set(afterOr ? [...after, ...before] : after)];
        cwd = unique[0] ?? null;
        alts = unique.slice(1);
        if ((conditional || mayFail) && !afterOr) deferred.push(...before);
        sureCd = !conditional && !mayFail && !afterOr && !cwdUnsure && unique.length === 1 && unique[0] !== null;
        break;
      }
      case "popd": {
        const was = cwd;
        cwd = args.length > 0 ? null : dirStack.length > 0 ? (dirStack.pop() as string | null) : null;
        // (`popd +1` takes a folder out of the stack: which one, exo does not follow.)
        if (args.length > 0) dirStack.splice(0, dirStack.length, null);
        // (dash has no popd: the shell may stay where it was.)
        if (ctx.plainSh === true && was !== cwd) alts = [...new Set([...alts, was])];
        break;
      }
      case "set":
      case "setopt":
      case "unsetopt":
        if (chasesLinks(base, args)) physical = null;
        break;
      case "mapfile":
      case "readarray":
        // mapfile -C CALLBACK runs CALLBACK every -c lines (allowed before red-team round 16).
        if (args.some((a) => /^-[a-zA-Z]*C/.test(a.text) && !a.quoted)) result.unknown.push(`${base} -C runs a command for the lines it reads`);
        break;
      case "declare":
      case "typeset":
      case "local":
        // A name reference (declare -n r=PATH; r=src/tools) makes an assignment to r set PATH (allowed before red-team round 16).
        if (args.some((a) => /^-[a-zA-Z]*n/.test(a.text) && !a.quoted)) result.unknown.push(`${base} -n makes a name that assigns another variable`);
        break;
      case "fc":
        // fc -s (and fc -e EDITOR) runs commands from the history, which `history -s CMD` fills even
        // in a shell without history (allowed before red-team round 15); fc -l only lists them.
        if (!args.some((a) => /^-[nr]*l[nrl]*$/.test(a.text))) result.unknown.push("fc runs commands from the shell's history");
        break;
      case "r":
        // zsh's r is fc -e -: it runs the last command of the history, which `print -s CMD` fills (allowed before red-team round 20).
        result.unknown.push("r (zsh's fc -e -) runs a command from the shell's history");
        break;
      case "enable":
        // enable -f FILE NAME loads a builtin from a shared object: NAME then runs that code.
        if (args.some((a) => /^-[a-zA-Z]*f/.test(a.text) || a.dynamic)) result.unknown.push("enable -f loads a builtin from a file: the command it names runs that code");
        break;
      case "dirs":
        // dirs -c, +N, -N change the stack popd returns through.
        if (args.length > 0) dirStack.splice(0, dirStack.length, null);
        break;
      case "tee":
        for (const o of operands(args)) add(o, "write", "tee");
        break;
      case "sed": {
        // BSD/macOS sed -i takes its backup suffix as the next word: `sed -i '' 's/a/b/' f`.
        const bsd = args.findIndex((a, k) => a.text === "-i" && args[k + 1]?.quoted === true && args[k + 1]?.text === "");
        if (bsd >= 0) args = [...args.slice(0, bsd + 1), ...args.slice(bsd + 2)];
        // Options as GNU sed reads them, anywhere before `--`: clusters and glued values (-nf FILE,
        // -fFILE, -ne SCRIPT, -e'SCRIPT', -i.bak), long options and their prefixes (--expr=…, --fi=…).
        let inPlace = false;
        let suffix: Word | undefined;
        let scriptFile = false;
        const given: Word[] = [];
        const plain: Word[] = [];
        for (let k = 0; k < args.length; k++) {
          const w = args[k] as Word;
          const t = w.text;
          if (t === "--") {
            plain.push(...args.slice(k + 1));
            break;
          }
          if (!t.startsWith("-") || t === "-") {
            plain.push(w);
            continue;
          }
          if (t.startsWith("--")) {
            const eq = t.indexOf("=");
            const name = eq < 0 ? t : t.slice(0, eq);
            // GNU getopt takes any unambiguous prefix: `--i` is --in-place, `--e` --expression (allowed before red-team round 20).
            const matches = SED_LONG.filter((o) => o.startsWith(name));
            const full = matches.length === 1 || matches.includes(name) ? (matches.includes(name) ? name : matches[0]) : undefined;
            const value = eq < 0 ? (full && full !== "--in-place" ? args[++k] : undefined) : { ...w, text: t.slice(eq + 1) };
            if (full === "--expression" && value) given.push(value);
            else if (full === "--file") scriptFile = true;
            else if (full === "--in-place") {
              inPlace = true;
              if (eq >= 0) suffix = value;
            }
            continue;
          }
          for (let j = 1; j < t.length; j++) {
            const ch = t[j] as string;
            const glued = t.slice(j + 1);
            if (ch === "i") {
              inPlace = true; // the rest of the word is the backup suffix
              if (glued !== "" || w.dynamic) suffix = { ...w, text: glued };
              break;
            }
            if (ch === "e" || ch === "f" || ch === "l") {
              const value = glued !== "" ? { ...w, text: glued } : args[++k];
              if (ch === "e" && value) given.push(value);
              if (ch === "f") scriptFile = true;
              break;
            }
          }
        }
        const hasScriptOpt = given.length > 0 || scriptFile;
        const ops = hasScriptOpt ? plain : plain.slice(1);
        if (inPlace) for (const o of ops) {
          add(o, "write", "sed -i");
          backup(o, suffix, "sed -i");
        }
        else if (ctx.guardReads) for (const o of ops) add(o, "read", "sed");
        // The script itself can write (w file, s///w file) or run commands (e, s///e).
        const scripts = hasScriptOpt ? given : plain.slice(0, 1);
        if (scriptFile) result.unknown.push("sed runs a script file that may write files");
        for (const sc of scripts) if (sc && (sc.dynamic || SED_WRITES.test(sc.text))) result.unknown.push(`sed script ${sc.text || "(expansion)"} writes files or runs commands`);
        // r FILE and R FILE in the script print FILE's lines (allowed before red-team round 21).
        if (ctx.guardReads) {
          for (const sc of scripts) {
            if (!sc || sc.dynamic) continue;
            const files: string[] = [];
            sedWrites(sc.text, files);
            for (const f of files) add({ ...sc, text: f, glob: false }, "read", "sed r");
          }
        }
        break;
      }
      case "perl":
      case "ruby": {
        // Switches as perl and ruby read them: -Mstrict, -Ilib, -e'CODE', -i.bak, -lne CODE.
        const sw = switches(base, args);
        // A computed word where a switch may stand (perl "$x" F with x='-pi../docs/* -e1'): switches exo cannot read.
        if (!sw.code && !sw.stdin && sw.rest[0]?.dynamic) result.unknown.push(`${base}: ${sw.rest[0].text || "(expansion)"} may be switches (-i, -e) exo cannot read`);
        // perl /proc/self/fd/0, ruby /dev/stdin: the input's text is the script (see interpreter).
        if (!sw.code && sw.rest[0] && !sw.rest[0].dynamic && DEVICE_DIRS.test(posix.resolve("/", sw.rest[0].text)) && sw.rest[0].text !== "/dev/null") result.unknown.push(`${base} runs a script read from ${sw.rest[0].text}`);
        if (sw.inPlace) {
          const ops = operands(sw.rest);
          for (const o of sw.code ? ops : ops.slice(1)) {
            add(o, "write", `${base} -i`);
            if (base === "perl") backup(o, sw.suffix, "perl -i");
          }
        } else if (sw.code || cmd.heredocInput || args.some((a) => a.text === "-") || (fed && sw.stdin)) result.unknown.push(`${base} runs inline code that may write files`);
        // With nothing to run, the program is what is typed into its terminal (see startsRepl).
        else if (!fed && startsRepl(base, args, !sw.stdin)) result.unknown.push(`${base} runs the code typed into its terminal, which exo cannot see`);
        // A script given path arguments may write them, as a python or node script's (before red-team round 12 `perl gen.pl docs/x` passed).
        else if (!sw.stdin) for (const o of operands(sw.rest).slice(1)) if (o.dynamic || pathLike(o.text)) maybe(o, "write", `${base} ${sw.rest[0]?.text ?? ""}`);
        break;
      }
      case "cp":
      case "install":
      case "mv": {
        // GNU options may be shortened to any unambiguous prefix: --t=DIR, --target DIR.
        args = args.map((a) => (!a.quoted && longPrefix(a.text, "--target-directory", 3) ? { ...a, text: a.text.replace(/^--[a-z-]+/, "--target-directory") } : a));
        // cp -r copies every file below its source folders, a secret among them (allowed before round 20).
        if (base === "cp") for (const t of copyTrees("cp", args)) tree(t.word, t.how, "cp -r");
        // install -d: every operand is a folder to create.
        if (base === "install" && args.some((a) => /^-[A-Za-z]*d[A-Za-z]*$/.test(a.text) || a.text === "--directory")) {
          for (const o of operands(args, new Set(["-m", "--mode", "-o", "--owner", "-g", "--group"]))) add(o, "write", "install -d");
          break;
        }
        // A backup suffix with a folder in it (-S /../../docs/x) renames the file it replaces out of its folder.
        for (const [k, a] of args.entries()) {
          const value = a.text === "-S" || (a.text.startsWith("--") && !a.text.includes("=") && longPrefix(a.text, "--suffix", 4)) ? args[k + 1] : /^-S./.test(a.text) ? { ...a, text: a.text.slice(2) } : a.text.startsWith("--") && a.text.includes("=") && longPrefix(a.text.slice(0, a.text.indexOf("=")), "--suffix", 4) ? { ...a, text: a.text.slice(a.text.indexOf("=") + 1) } : undefined;
          if (value && (value.dynamic || value.text.includes("/"))) result.unknown.push(`${base} -S ${value.text || "(expansion)"}: a backup suffix that names another folder`);
        }
        const attached = args.find((a) => /^-[A-Za-z]*t.+$/.test(a.text) && !a.text.startsWith("--"));
        if (attached) {
          // -tDIR: the target folder glued to the option
          const at = attached.text.indexOf("t", 1);
          args = args.map((a) => (a === attached ? { ...a, text: `--target-directory=${a.text.slice(at + 1)}` } : a));
        }
        const tIndex = args.findIndex((a) => a.text === "-t" || a.text.startsWith("--target-directory") || (/^-[A-Za-z]*t$/.test(a.text) && !a.text.startsWith("--")));
        const valueOpts = new Set(["-t", "--target-directory", "-S", "--suffix", "-m", "--mode", "-o", "--owner", "-g", "--group"]);
        // A cluster ending in t (install -Dt DIR) takes the next word as its value too.
        const tValue = tIndex >= 0 && !(args[tIndex] as Word).text.includes("=") ? args[tIndex + 1] : undefined;
        const ops = operands(args, valueOpts).filter((o) => o !== tValue);
        let dest: Word | null = null;
        let srcs: Word[] = ops;
        let destIsDir = false;
        if (tIndex >= 0) {
          const t = args[tIndex] as Word;
          dest = t.text.includes("=") ? { ...t, text: t.text.split("=")[1] ?? "" } : (args[tIndex + 1] ?? null);
          destIsDir = true;
        } else if (ops.length >= 2) {
          dest = ops[ops.length - 1] as Word;
          srcs = ops.slice(0, -1);
          // -T (--no-target-directory): DEST is what is written, even a folder (cp -rT x . writes .,
          // .exo and .claude included; before red-team round 13 it was read as ./x).
          const noTarget = args.some((a) => !a.quoted && (longPrefix(a.text, "--no-target-directory", 6) || (/^-[A-Za-z]*T[A-Za-z]*$/.test(a.text) && !a.text.startsWith("--"))));
          destIsDir = !noTarget && !dest.dynamic && cwd !== null && (ctx.isDirectory?.(posix.resolve(cwd, dest.text)) ?? false);
        } else srcs = [];
        // Into a folder, each source keeps its name: a glob source's names are those it matches
        // (cp -r /tmp/x/* . writes ./node_modules when /tmp/x has one; before red-team round 13 it was ./*).
        const names: string[] = [];
        // A folder copied with its links (mv, cp -r/-a without -L) fills DEST with whatever links it
        // holds: one that holds some, or one exo cannot look into (not there yet, filled by this line).
        const treeCopy = base === "mv" || (base === "cp" && args.some((a) => !a.quoted && ((/^-[a-zA-Z]*[rRa]/.test(a.text) && !a.text.startsWith("--")) || a.text === "--recursive" || a.text === "--archive")) && !args.some((a) => !a.quoted && ((/^-[a-zA-Z]*L/.test(a.text) && !a.text.startsWith("--")) || a.text === "--dereference")));
        let linkedTree = false;
        for (const s of srcs) {
          const placed = resolveWord(s, base === "mv" ? "delete" : "read", base, "targets");
          if (treeCopy) for (const q of placed) {
            if (filled.some((f) => q === f.path || q.startsWith(`${f.path}/`) || f.path.startsWith(`${q}/`)) || s.dynamic || [...links.keys()].some((l) => l.startsWith(`${q}/`))) linkedTree = true;
            else if (ctx.isFile?.(q) !== true && (ctx.isDirectory?.(q) === true ? ctx.hasLinks?.(q) !== false : ctx.isDirectory !== undefined && ctx.realPath?.(q) == null && !/^(touch|mkdir|>|>>|tee)$/.test(written.get(q) ?? ""))) linkedTree = true;
          }
          if (s.glob && GLOB_CHARS.test(s.text) && placed.length > 0) names.push(...placed.map((p) => posix.basename(p)));
          else names.push(posix.basename(s.text));
        }
        if (dest) {
          // A folder given as a glob (`cp -t .ex? x`) is the folder it matches, judged whole (its
          // files were joined to the glob as written, matching nothing, before red-team round 29).
          if (destIsDir && !dest.dynamic && !globbedWord(dest)) {
            for (const name of new Set(names)) {
              // Joined as written: `..` in DEST stays for the links before it (mv x src/L/.. is the top's x).
              const into = { ...dest, text: `${dest.text.replace(/\/+$/, "")}/${name}`, glob: false };
              add(into, "write", linkedTree ? `${base} -r` : base);
              plantsPackages(into, base);
            }
          }
          else {
            add(dest, "write", linkedTree ? `${base} -r` : base);
            plantsPackages(dest, base);
          }
        }
        // cp -s / -l makes links instead of copies: a later write through the copy lands on the source.
        const option = (letter: string, long: string) => args.some((a) => (!a.text.startsWith("--") && new RegExp(`^-[a-zA-Z]*${letter}`).test(a.text)) || a.text === long);
        const hardLinks = base === "cp" && option("l", "--link");
        if (base === "cp" && dest && !dest.dynamic && cwd !== null && (hardLinks || option("s", "--symbolic-link"))) {
          for (const src of srcs.flatMap(globbed)) {
            const copy = destIsDir || tIndex >= 0 ? posix.join(dest.text, posix.basename(src.text)) : dest.text;
            // A link to a source exo cannot name leads anywhere (allowed before red-team round 18).
            if (src.dynamic) filled.push({ path: place(cwd, destIsDir || tIndex >= 0 ? dest.text : copy, raw), by: "cp of a computed source as a link", step });
            else links.set(place(cwd, copy, raw), place(cwd, src.text, raw));
          }
        }
        // A symlink copied as a link (mv; cp -P, -d, -a, -r/-R without -L or -H) still points where it
        // did: a later write through the copy lands there (before red-team round 15 `cp -r src/L
        // src/copy && touch src/copy/x` wrote docs/x).
        const keepsLinks = base === "mv" || (base === "cp" && !option("L", "--dereference") && !option("H", "-H") && (option("P", "--no-dereference") || option("d", "--no-dereference") || option("a", "--archive") || option("r", "--recursive") || option("R", "--recursive")));
        if (keepsLinks && dest && !dest.dynamic && cwd !== null && ctx.realPath) {
          for (const src of srcs.flatMap(globbed)) {
            // A computed source may be a symlink to anywhere, copied as one (allowed before red-team round 18, as was each file a glob source matches).
            if (src.dynamic) filled.push({ path: place(cwd, dest.text, raw), by: `${base} of a computed source, which may be a symlink`, step });
            if (src.dynamic || src.glob) continue;
            const at = posix.resolve(cwd, src.text);
            const real = ctx.realPath(at);
            const parent = ctx.realPath(posix.dirname(at));
            const copy = destIsDir || tIndex >= 0 ? `${dest.text.replace(/\/+$/, "")}/${posix.basename(src.text)}` : dest.text;
            // A relative link (or a dangling one, whose target exo cannot read) copied into another folder
            // points elsewhere from there: src/a/b/L → ../../.claude is src/.claude, and moved to src/a it is
            // .claude (allowed before red-team round 16). Writes through the copy are unknown.
            const madeHere = written.get(at);
            const isLink = (real === null && (madeHere === undefined || /^(ln|link|cp)\b/.test(madeHere))) || (real !== null && parent !== null && real !== `${parent === "/" ? "" : parent}/${posix.basename(at)}`);
            if (isLink && posix.dirname(place(cwd, copy, false)) !== posix.dirname(at)) filled.push({ path: place(cwd, copy, raw), by: `${base} of a symlink to another folder`, step });
            // A link made earlier in the line, copied beside itself, points where it does (allowed before red-team round 18).
            const madeLink = links.get(place(cwd, src.text, raw));
            if (madeLink !== undefined && real === null) links.set(place(cwd, copy, raw), madeLink);
            if (real === null || parent === null || real === `${parent === "/" ? "" : parent}/${posix.basename(at)}`) continue;
            links.set(place(cwd, copy, raw), real);
          }
        }
        if (base !== "mv" && !ctx.guardReads) result.targets = result.targets.filter((t) => t.action !== "read");
        // cp -l makes hard links: as with ln, a later write through one lands in its source.
        if (hardLinks) for (const src of srcs) add(src, "write", "cp --link (hard link)");
        break;
      }
      case "rm":
      case "rmdir":
      case "unlink":
      case "shred":
        for (const o of operands(args)) add(o, "delete", base);
        // In PowerShell rm is Remove-Item, which deletes what a pipe gives it (ls docs | rm; allowed before red-team round 16).
        if (cmd.piped === true && operands(args).length === 0) result.unknown.push(`${base} deletes what the pipe gives it (PowerShell's Remove-Item)`);
        break;
      case "link": {
        // link FILE NEW: a hard link named NEW (ln without options). Writes through NEW land in
        // FILE in a later call too, where no path names FILE: making the link writes FILE.
        const [file, name] = operands(args);
        add(name ?? null, "write", "link");
        add(file ?? null, "write", "link (hard link)");
        break;
      }
      case "mkfifo":
        for (const o of operands(args, new Set(["-m", "--mode", "-Z", "--context"]))) add(o, "write", base);
        break;
      case "mknod":
        add(operands(args, new Set(["-m", "--mode", "-Z", "--context"]))[0] ?? null, "write", base);
        break;
      case "fallocate": {
        const ops = operands(args, new Set(["-l", "--length", "-o", "--offset"]));
        add(ops[ops.length - 1] ?? null, "write", base);
        break;
      }
      case "sqlite3":
        // SQL and dot-commands can write any file: ATTACH, VACUUM INTO, writefile(), .output, .once, .shell, .system.
        if (!args.some((a) => ["-version", "--version", "-help", "--help"].includes(a.text))) result.unknown.push("sqlite3 runs SQL and dot-commands that may write any file");
        break;
      case "cpio": {
        // -o writes the archive to its output (or -F/-O FILE); -p copies into a folder; -i extracts into
        // the working folder (-D DIR), honouring absolute and .. member names unless --no-absolute-filenames.
        const opts = args.filter((a) => a.text.startsWith("-")).map((a) => a.text);
        const mode = (m: string, long: string) => opts.some((t) => (!t.startsWith("--") && t.slice(1).includes(m)) || longPrefix(t, long, 4));
        if (opts.some((t) => t.startsWith("--rsh-command"))) {
          result.unknown.push("cpio --rsh-command runs a command");
          break;
        }
        const fileOpt = args.findIndex((a) => a.text === "-F" || a.text === "-O" || a.text === "--file");
        const fileEq = args.find((a) => a.text.startsWith("--file=") || /^-[FO]./.test(a.text));
        const archive = fileOpt >= 0 ? (args[fileOpt + 1] ?? null) : fileEq ? { ...fileEq, text: fileEq.text.startsWith("--") ? fileEq.text.slice(7) : fileEq.text.slice(2) } : null;
        const dirOpt = args.findIndex((a) => a.text === "-D" || a.text === "--directory");
        const dirEq = args.find((a) => a.text.startsWith("--directory=") || /^-D./.test(a.text));
        const dir = dirOpt >= 0 ? (args[dirOpt + 1] ?? null) : dirEq ? { ...dirEq, text: dirEq.text.startsWith("--") ? dirEq.text.slice(12) : dirEq.text.slice(2) } : null;
        if (mode("i", "--extract")) {
          if (!opts.includes("--no-absolute-filenames")) result.unknown.push("cpio -i extracts members with absolute or .. names where they say");
          else if (dir) maybe(dir, "write", "cpio -i -D");
          else here("cpio -i extracts into the working directory");
        } else if (mode("p", "--pass-through")) {
          const ops = operands(args, new Set(["-D", "--directory", "-F", "-O", "-I", "-E", "-H", "-R", "-M", "-C", "--owner", "--format", "--file"]));
          if (ops.length === 0 && !dir) result.unknown.push("cpio -p copies into a folder exo cannot read");
          for (const o of ops) maybe(o, "write", "cpio -p");
        } else if (archive && archive.text !== "-") maybe(archive, "write", "cpio -o");
        break;
      }
      case "touch":
        // touch -m and -a take no value (before red-team round 15 `touch -m docs/x` read docs/x as one).
        for (const o of operands(args, new Set(["-d", "-t", "-r", "--date", "--reference"]))) add(o, "write", base);
        break;
      case "mkdir": {
        // The folders it makes, for a later cd: with -p its parents too; without, only under a folder
        // that is there; never where a file is (before, any write made a cd succeed: `touch src/d;
        // cd src/d; touch x` was read as src/d/x, and `mkdir -p src/n/m; cd src/n` as failing).
        const parents = args.some((a) => !a.quoted && ((/^-[a-zA-Z]*p/.test(a.text) && !a.text.startsWith("--")) || (a.text.startsWith("--") && longPrefix(a.text, "--parents", 4))));
        for (const o of operands(args, new Set(["-m", "--mode"]))) {
          for (const p of resolveWord(o, "write", base, "targets")) {
            if (p.split("/").includes("..")) continue;
            const segs = p.split("/");
            for (let k = 2; k <= segs.length; k++) {
              const q = segs.slice(0, k).join("/");
              if (ctx.isFile?.(q) === true) break;
              if (k < segs.length && !parents && !(ctx.isDirectory?.(q) ?? true) && !made.has(q)) break;
              if (k === segs.length || parents) made.add(q);
            }
          }
        }
        break;
      }
      case "truncate":
        for (const o of operands(args, new Set(["-s", "--size", "-r", "--reference"]))) add(o, "write", base);
        break;
      case "chmod":
      case "chown":
      case "chgrp":
      {
        // --reference=RFILE (or a prefix, --ref=RFILE) takes the place of the mode, owner or group: every operand is changed.
        const reference = args.some((a) => a.text.startsWith("--") && longPrefix(a.text, "--reference", 5));
        const ops = operands(args, new Set(["--ref", "--refe", "--refer", "--refere", "--referen", "--referenc", "--reference"]));
        for (const o of reference ? ops : ops.slice(1)) add(o, "write", base);
        // -R with -L goes into every symlinked folder below: the files there change too (allowed before red-team round 17).
        const recursive = args.some((a) => a.text === "--recursive" || /^-[A-Za-z]*R/.test(a.text));
        if (recursive && args.some((a) => /^-[A-Za-z]*L/.test(a.text) && !a.text.startsWith("--"))) for (const o of reference ? ops : ops.slice(1)) maybe(o, "write", `${base} -RL`);
        break;
      }
      case "ln": {
        if (args.some((a) => !a.quoted && (/^-[a-zA-Z]*t/.test(a.text) && !a.text.startsWith("--") || (a.text.startsWith("--") && longPrefix(a.text, "--target-directory", 4))))) {
          result.unknown.push("ln -t makes its links in a folder given by an option");
          break;
        }
        const ops = operands(args, new Set(["-t", "-S", "--target-directory", "--suffix"]));
        const symbolic = args.some((a) => (/^-[a-zA-Z]*s/.test(a.text) && !a.text.startsWith("--")) || a.text === "--symbolic");
        // ln -sr: the target is named from the working folder, and the link made relative to it.
        const relative = args.some((a) => (/^-[a-zA-Z]*r/.test(a.text) && !a.text.startsWith("--")) || a.text === "--relative");
        // ln T1 T2 … DIR makes a link DIR/<name> for every target (and ln T DIR one when DIR is a
        // folder, made earlier in the line too); a glob target is each file it matches (before
        // red-team round 18 only the first target was read, and as the link DIR itself).
        const last = ops.length >= 2 ? (ops[ops.length - 1] as Word) : null;
        const at = (w: Word) => (cwd === null ? null : place(cwd, w.text, false));
        // -T makes LINK itself, and -n replaces a LINK that is a symlink to a folder rather than going
        // into it (ln -sfn ../docs src/L re-points src/L; before red-team round 18 read as src/L/docs).
        const noTarget = args.some((a) => !a.quoted && ((/^-[a-zA-Z]*T/.test(a.text) && !a.text.startsWith("--")) || a.text === "--no-target-directory"));
        const noDeref = args.some((a) => !a.quoted && ((/^-[a-zA-Z]*n/.test(a.text) && !a.text.startsWith("--")) || a.text === "--no-dereference"));
        const isLink = (p: string) => {
          const real = ctx.realPath?.(p);
          const parent = ctx.realPath?.(posix.dirname(p));
          return real != null && parent != null && real !== `${parent === "/" ? "" : parent}/${posix.basename(p)}`;
        };
        const intoDir = last !== null && !noTarget && (ops.length > 2 || (!last.dynamic && at(last) !== null && (ctx.isDirectory?.(at(last) as string) === true || madeFolder(at(last) as string)) && !(noDeref && isLink(at(last) as string))));
        const targets = (last ? ops.slice(0, -1) : ops).flatMap(globbed);
        for (const target of targets) {
          const link: Word = last === null ? { ...target, text: posix.basename(target.text) } : intoDir ? { ...last, text: posix.join(last.text, posix.basename(target.text)) } : last;
          add(link, "write", "ln");
          plantsPackages(link, "ln");
          // A hard link shares the target's content: a write through it in a later call, where no
          // path names the target, lands there. Making a hard link writes every target.
          if (!symbolic) add(target, "write", "ln (hard link)");
          if (link.dynamic || cwd === null) continue;
          const linkPath = place(cwd, link.text, raw);
          // A link to a target exo cannot name ($X, ~+, an extglob) leads anywhere: a later write
          // through it is an unknown write (allowed before red-team round 18).
          if (target.dynamic) {
            filled.push({ path: intoDir && last ? place(cwd, last.text, raw) : linkPath, by: "ln to a computed target", step });
            // A later read through it reads the target (`ln -s "$PWD/.env" /tmp/e && cat /tmp/e`: allowed before red-team round 24).
            computedLinks.set(linkPath, target);
          }
          // Remember the link so later commands of this line that write through it are judged at its target.
          else links.set(linkPath, symbolic && !relative ? (target.text.startsWith("/") ? target.text : `${posix.dirname(linkPath)}/${target.text}`) : place(cwd, target.text, raw));
        }
        break;
      }
      case "dd":
        for (const a of args) {
          if (a.text.startsWith("of=")) add({ ...a, text: a.text.slice(3) }, "write", "dd");
          else if (a.text.startsWith("if=") && ctx.guardReads) add({ ...a, text: a.text.slice(3) }, "read", "dd");
        }
        break;
      case "git":
        gitTargets(args, add, result, forbid, ctx.guardReads === true, tree, ctx.root, ctx.objectPaths, ctx.isFile && ctx.isDirectory && cwd !== null ? ((from: string) => (rel: string) => { const p = posix.resolve(from, rel); return ctx.isFile?.(p) === true || ctx.isDirectory?.(p) === true; })(cwd) : undefined, ctx.patchPaths && (cwd ?? ctx.root) !== undefined ? ((from: string, patchPaths: NonNullable<ShellContext["patchPaths"]>) => (dir: string, argv: string[]) => patchPaths(posix.resolve(from, dir), argv))(cwd ?? (ctx.root as string), ctx.patchPaths) : undefined);
        break;
      case "patch":
        result.unknown.push("patch writes the files named inside the patch");
        break;
      case "xargs": {
        const inner = stripWrappers(operands(args, new Set(["-n", "-I", "-L", "-P", "-d", "-E", "-s", "-a", ..."--arg-file".split("").map((_, k, all) => all.slice(0, k + 1).join("")).filter((t) => t.length >= 3), "--max-args", "--max-procs", "--max-chars", "--delimiter", "--process-slot-var"])));
        const sub = inner[0]?.text ?? "";
        const subBase = sub.split("/").pop() ?? "";
        if (inner[0]?.dynamic) result.unknown.push("xargs runs a command computed at run time");
        const exoInner = exoArgs(sub, subBase, inner.slice(1));
        if (exoInner !== null || inner.some((w) => w.text === "hook-install")) {
          const subcommand = (exoInner ?? inner).find((w) => !w.text.startsWith("-"))?.text;
          if (subcommand === undefined || subcommand === "hook-install") forbid({ what: "exo hook-install --uninstall", code: "HOOKS_TAMPERED", why: TAKES_HOOKS_OUT });
          else if (subcommand === "ticket-update") forbid({ what: "exo ticket-update of a scope, budget, parent or checks", code: "EXO_STATE_PROTECTED", why: WIDENS_SCOPE });
          else if (subcommand === "ticket-close") forbid({ what: "exo ticket-close", code: "EXO_STATE_PROTECTED", why: CLOSES_WORK });
          else if (subcommand === "lease-release" || subcommand === "session-cleanup") forbid({ what: `exo ${subcommand} --force`, code: "EXO_STATE_PROTECTED", why: TAKES_OTHERS_WORK });
          else if (subcommand === "ticket-create" || subcommand === "intent-create") (result.fences ??= []).push({ what: `exo ${subcommand} with a scope or budget of its own`, code: "EXO_STATE_PROTECTED", why: SETS_FENCE });
        }
        // Names a find or git ls-files under literal folders hands on NUL-separated (`find src -name
        // '*.ts' -print0 | xargs -0 sed -i …`, `git ls-files -z src | xargs -0 …`) are files below
        // those folders, each one whole: judged as that find's -exec of the command (asked as paths
        // read from the input before red-team round 31).
        const listed = sub !== "" && !inner[0]?.dynamic ? nulListed(commands, cmd, args) : null;
        const given = listed === null && sub !== "" && !inner[0]?.dynamic && cwd !== null ? blankListed(commands, cmd, args) : null;
        if (given !== null) {
          // `printf '%s\n' src/a.ts src/b.ts | xargs sed -i …`, `echo src/a.ts | xargs -I{} cp {} {}.bak`:
          // the names are the words printed, judged as the command given them (asked as paths read
          // from the input before red-team round 33).
          const replace = xargsReplace(args);
          const body = args.slice(given.start).map((w) => w.text);
          const lines = replace !== null ? given.names.map((n) => body.map((t) => quote(t.replaceAll(replace, n)))) : [[...body, ...given.names].map(quote)];
          for (const line of lines) walk(line.join(" "), fromHere(), depth + 1, result, links);
        } else if (listed !== null) {
          const replace = xargsReplace(args);
          const body = args.slice(listed.start).map((w) => (replace !== null && w.text.includes(replace) ? w.text.replaceAll(replace, "{}") : w.text));
          walk([...listed.find.map(quote), "-exec", ...body.map((t) => (t === "{}" ? t : quote(t))), ...(replace !== null ? ["{}", "\\;"].slice(body.includes("{}") ? 1 : 0) : ["{}", "+"])].join(" "), fromHere(), depth + 1, result, links);
        } else if (sub !== "" && !(READ_ONLY.has(subBase) || READERS.has(subBase)) || (subBase === "sed" && inner.some((w) => /^-[a-zA-Z]*i/.test(w.text)))) {
          result.unknown.push(`xargs ${sub} writes to paths read from its input`);
        } else if (ctx.guardReads && !WORDS_ONLY.has(subBase)) {
          add(COMPUTED, "read", `xargs ${sub}`);
          // The names a pipe's commands print for it (`printf %s .e nv | xargs cat`, `echo
          // LmVudg== | base64 -d | xargs cat`: allowed before red-team round 25).
          const index = commands.indexOf(cmd);
          let from = index;
          while (from > 0 && commands[from]?.piped && commands[from - 1]?.pipesOut) from--;
          const fed = from < index ? commands.slice(from, index) : [];
          const here = cmd.redirects.find((r) => r.op === "<<<")?.target;
          if (fed.length > 0 && cwd !== null) {
            const printed = printedByCommands(fed.map((c) => ({ ...c, pipesOut: c !== fed[fed.length - 1] && c.pipesOut === true })));
            if (Array.isArray(printed)) for (const name of new Set(printed.flatMap((t) => t.split(/[\s\0]+/)))) if (name !== "") result.targets.push({ path: place(cwd, name, false), action: "read" });
            if (printed === null) readGuessed(fed.map((c) => c.words.map((w) => w.text).join(" ")).join(" | ").slice(0, 60), [cwd], result, ctx);
          } else if (here?.subs && cwd !== null) readSubstituted({ ...here, subs: here.subs.map((x) => ({ ...x, quoted: false })) }, [cwd], result, ctx);
        }
        break;
      }
      case "source":
      case ".": {
        // Runs the file's commands in this shell, like sh FILE.
        const file = args[0];
        if (ctx.guardReads && file) add(file, "read", base);
        if (!file || file.dynamic || ["/dev/stdin", "-", "/proc/self/fd/0"].includes(file.text) || cmd.heredocInput || !SETUP_SCRIPTS.test(file.text) || /^\/(tmp|var\/tmp|dev\/shm)\//.test(file.text)) {
          result.unknown.push(`${base} runs the commands of ${file?.text || "its input"}`);
        }
        break;
      }
      case "alias":
        // alias w='tee docs/x': with expand_aliases the body runs as a command later in the line.
        for (const a of args) {
          const eq = a.text.indexOf("=");
          if (eq > 0 && !a.dynamic) {
            walk(a.text.slice(eq + 1), fromHere(), depth + 1, result, links);
            aliases.set(a.text.slice(0, eq), a.text.slice(eq + 1));
          }
          else if (a.dynamic) result.unknown.push("alias defines a command computed at run time");
        }
        break;
      case "trap": {
        // trap 'cmd' SIGNAL: the command runs later (at EXIT, on a signal).
        const body = args.find((a) => !a.text.startsWith("-"));
        const cleanup = temps.size > 0 && args.length >= 2 ? cleanupTrap(words, new Set(temps.keys()), bare) : null;
        if (cleanup) {
          // `trap 'rm -rf "$TMP"' EXIT` after `TMP=$(mktemp -d)`: removes the temporary folder.
          for (const c of cleanup) {
            let swapped = c.words;
            swapped = swapped.map((w) => withValues(w, temps, NOCASE_MATCH.test(command)));
            walk(swapped.map((w) => (w.dynamic ? w.text || "$X" : quote(w.text))).join(" "), fromHere(), depth + 1, result, links);
          }
        } else if (body && args.length >= 2) {
          if (body.dynamic) result.unknown.push("trap runs a command computed at run time");
          else walk(body.text, fromHere(), depth + 1, result, links);
        }
        break;
      }
      case "ex":
        editor(base, args, sink);
        break;
      case "ed":
        // ed '!cmd' reads what a shell command prints: the command runs.
        if (args.some((a) => a.text.startsWith("!") || a.dynamic)) result.unknown.push("ed runs the shell command its file name gives");
        // A script on the input (here-string, here-document, pipe, < file) can write any file (w FILE): see STDIN_PROGRAMS.
        for (const o of operands(args)) maybe(o, "write", base);
        break;
      case "mktemp": {
        // (--tmpdir abbreviated as getopt takes it, --tmpd=DIR: allowed before red-team round 44.)
        const tmpdir = (a: Word) => a.text.startsWith("--t") && longPrefix(a.text, "--tmpdir", 3);
        const p = args.findIndex((a) => a.text === "-p" || (tmpdir(a) && !a.text.includes("=")));
        const eq = args.find((a) => (tmpdir(a) && a.text.includes("=")) || /^-p.+/.test(a.text));
        // Without a folder of its own mktemp uses $TMPDIR: one this line sets (TMPDIR=docs mktemp) may be anywhere.
        if (assigned?.has("TMPDIR") && !eq && !(p >= 0 && args[p + 1] && !(args[p + 1] as Word).text.startsWith("-"))) result.unknown.push("mktemp creates its file in a TMPDIR this line sets");
        if (p >= 0) maybe(args[p + 1] ?? null, "write", "mktemp -p");
        else if (eq) maybe({ ...eq, text: eq.text.startsWith("--") ? eq.text.slice(eq.text.indexOf("=") + 1) : eq.text.slice(2) }, "write", "mktemp -p");
        else if (args.some((a) => a.text === "-t")) break;
        // A template without a folder is made in the working folder.
        else for (const o of operands(args)) maybe({ ...o, text: posix.dirname(o.text) }, "write", "mktemp");
        break;
      }
      case "eval":
        // eval "$x", eval "$(cmd)": the command is computed at run time.
        if (args.some((a) => a.dynamic)) result.unknown.push("eval runs a command computed at run time");
        walk(args.map((a) => a.text).join(" "), fromHere(), depth + 1, result, links);
        break;
      case "openssl":
        if (ctx.guardReads) {
          const i = args.findIndex((a) => a.text === "-in");
          if (i >= 0) add(args[i + 1] ?? null, "read", "openssl");
        }
        // -out, -keyout (req, genpkey), -sess_out (s_client), -writerand, -msgfile and -keylogfile
        // (s_client, s_server), -respout/-reqout (ocsp), -outdir (ca): files openssl writes, given as
        // `-out F` or `-out=F` (the last six and the = form were allowed before red-team round 11).
        // openssl rehash DIR writes links in each folder.
        for (let o = 0; o < args.length; o++) {
          const w = args[o] as Word;
          const eq = w.text.indexOf("=");
          const t = (eq > 0 ? w.text.slice(0, eq) : w.text).replace(/^--/, "-");
          const file = eq > 0 ? { ...w, text: w.text.slice(eq + 1) } : args[o + 1];
          if (["-out", "-keyout", "-sess_out", "-writerand", "-msgfile", "-keylogfile", "-respout", "-reqout", "-outdir"].includes(t) && !["/dev/null", "/dev/stdout", "/dev/stderr", "-"].includes(file?.text ?? "")) add(file ?? null, "write", `openssl ${t}`);
        }
        if (args[0]?.text === "rehash") for (const d of operands(args.slice(1))) add(d, "write", "openssl rehash");
        break;
      case "grep":
      case "egrep":
      case "fgrep":
      case "rg":
      case "ag":
      case "rga":
      case "ugrep":
      case "ug":
      case "ugrep+":
      case "ug+":
      case "ack":
      case "ack-grep":
      case "pt":
        if ((base === "rg" || base === "rga") && args.some((a) => a.text === "--pre" || a.text.startsWith("--pre="))) result.unknown.push(`${base} --pre runs a program on every file`);
        // ugrep --save-config[=FILE] writes its options to .ugrep (or FILE), which ug then reads.
        if (/^ug/.test(base) && args.some((a) => /^--save-config(=|$)/.test(a.text))) result.unknown.push(`${base} --save-config writes a configuration file`);
        // ag --pager CMD (--pager=CMD) runs a command.
        if ((base === "ag" || base.startsWith("ack") || /^ug/.test(base)) && args.some((a) => /^--pager(=|$)/.test(a.text))) result.unknown.push(`${base} --pager runs a command`);
        // ugrep --filter runs a command on each file, --view and -Q open a viewer or editor; ack --output evaluates Perl.
        if (/^ug/.test(base) && args.some((a) => /^(--filter|--view|--query)(=|$)|^-[A-Za-z]*Q/.test(a.text))) result.unknown.push(`${base} runs a filter, viewer or editor`);
        if (base.startsWith("ack") && args.some((a) => /^--(output|ackrc)(=|$)/.test(a.text))) result.unknown.push(`${base} --output evaluates an expression`);
        if (ctx.guardReads) {
          // grep -r, rg and ag read every file below the folders they search (allowed before round 20).
          for (const t of searchTrees(base, args, cmd.piped === true)) tree(t.word, t.how, /^(grep|egrep|fgrep)$/.test(base) ? `${base} -r` : base);
          const ops = operands(args, new Set(["-e", "-f", "-m", "-A", "-B", "-C", "--max-count", "-g", "--glob", "-t", "--type"]));
          const hasE = args.some((a) => a.text === "-e" || a.text === "-f" || /^--(regexp|file)(=|$)/.test(a.text));
          for (const o of hasE ? ops : ops.slice(1)) add(o, "read", base);
          // grep -f FILE (--file=FILE, -fFILE) reads its patterns from FILE, and prints them back
          // as they match (allowed before red-team round 19).
          for (let k = 0; k < args.length; k++) {
            const t = (args[k] as Word).text;
            if (t === "--") break;
            if (t === "-f" || t === "--file") add(args[k + 1] ?? null, "read", `${base} -f`);
            else if (t.startsWith("--file=")) add({ ...(args[k] as Word), text: t.slice(7), glob: false }, "read", `${base} -f`);
            else if (/^-[A-Za-z]*f./.test(t) && !t.startsWith("--")) add({ ...(args[k] as Word), text: t.slice(t.indexOf("f") + 1), glob: false }, "read", `${base} -f`);
            else if (/^-[A-Za-z]*f$/.test(t) && !t.startsWith("--")) add(args[k + 1] ?? null, "read", `${base} -f`);
          }
        }
        break;
      default:
        if (READERS.has(base)) {
          // xxd INFILE OUTFILE (also xxd -r): the second operand is written.
          if (base === "xxd") add(operands(args, new Set(["-c", "-cols", "-g", "-groupsize", "-l", "-len", "-o", "-s", "-seek", "-n", "-name"]))[1] ?? null, "write", "xxd");
          // BSD and macOS base64 -o FILE / --output=FILE (-oFILE, -Do FILE): the decoded or encoded output.
          if (base === "base64") {
            for (let i = 0; i < args.length; i++) {
              const t = (args[i] as Word).text;
              if (t === "--") break;
              if (t.startsWith("--") && longPrefix(t, "--output", 3)) add(t.includes("=") ? { ...(args[i] as Word), text: t.slice(t.indexOf("=") + 1) } : (args[++i] ?? null), "write", "base64 -o");
              else if (/^-[Ddh]*o/.test(t)) {
                const rest = t.slice(t.indexOf("o") + 1);
                add(rest ? { ...(args[i] as Word), text: rest } : (args[++i] ?? null), "write", "base64 -o");
              } else if (/^-[Ddh]*[bi]$/.test(t)) i++;
            }
          }
          // less -o/-O FILE, --log-file=FILE, --LOG-FILE=FILE (also glued: -oFILE, in a cluster: -So FILE)
          // copies its input to FILE once it runs on a terminal (script -c, tmux); -k/--lesskey-* files
          // may set LESSOPEN, a command less runs.
          if (base === "less") {
            for (let i = 0; i < args.length; i++) {
              const t = (args[i] as Word).text;
              if (t === "--") break;
              if (t.startsWith("--")) {
                const eq = t.indexOf("=");
                const opt = (eq > 0 ? t.slice(0, eq) : t).toLowerCase();
                if (opt === "--log-file") add(eq > 0 ? { ...(args[i] as Word), text: t.slice(eq + 1) } : (args[++i] ?? null), "write", "less --log-file");
                else if (opt.startsWith("--lesskey")) result.unknown.push(`less ${opt} reads a key file that may set a command less runs`);
                continue;
              }
              // +CMD runs a less command at start (on a terminal): !cmd and |cmd run a shell, s saves the input, v starts an editor (allowed before red-team round 17).
              if (t.startsWith("+") && /[!|]|^\+\+?[sv]/.test(t)) result.unknown.push("less +CMD runs a less command that may run a shell or save a file");
              if (!/^-[A-Za-z]/.test(t)) continue;
              // Letter by letter: -b, -h, -j, -p, -P, -t, -T, -x, -y, -z take the rest as their value.
              for (let c = 1; c < t.length; c++) {
                const ch = t[c] as string;
                if ("bhjpPtTxyz#".includes(ch)) break;
                if (!"oOk".includes(ch)) continue;
                const rest = t.slice(c + 1);
                if (ch === "k") result.unknown.push("less -k reads a key file that may set a command less runs");
                else add(rest ? { ...(args[i] as Word), text: rest } : (args[i + 1] ?? null), "write", `less -${ch}`);
                if (!rest) i++;
                break;
              }
            }
          }
          if (ctx.guardReads) for (const o of operands(args, base === "head" || base === "tail" ? new Set(["-n", "-c"]) : base === "od" ? new Set(["-A", "-j", "-N", "-t", "-w"]) : new Set())) add(o, "read", base);
        } else if (base === "bun" && args.some((a) => !a.quoted && /^--cwd(=|$)/.test(a.text))) {
          // bun --cwd DIR install / run …: bun works in DIR (allowed before red-team round 18), followed as
          // `cd DIR && bun …` when DIR is one literal folder (red-team round 32).
          const moved = inFolder("bun", args);
          if (moved) sink.recurse(moved);
          else result.unknown.push("bun works in another folder (--cwd)");
        } else if ((base === "bun" || base === "deno") && PM_WRITES.has(args[0]?.text ?? "")) {
          for (const f of ["package.json", base === "bun" ? "bun.lock" : "deno.lock", "node_modules"]) here(`${base} ${args[0]?.text ?? ""} changes dependencies`, f);
        } else if (OTHER_SHELLS.has(base)) {
          // Only asking for its version or help runs nothing.
          const harmless = args.length > 0 && args.every((a) => /^--?(version|help|[hvV])$/.test(a.text));
          if (!harmless) result.unknown.push(`${base} runs commands exo cannot read`);
        } else if (base === "bun" && (args[0]?.text === "x" || FORMATTERS[binOf(args[args[0]?.text === "run" ? 1 : 0]?.text ?? "")])) {
          // bun x PKG (bunx), bun run prettier, bun prettier: the package's bin runs with the words after it (allowed before red-team round 17).
          const words = args.slice(args[0]?.text === "x" || args[0]?.text === "run" ? 1 : 0);
          const rest = args[0]?.text === "x" ? dropOptions(words, new Set(["-p", "--package"])) : words;
          if (rest.length > 0) sink.recurse(rest.map((w, k) => quote(k === 0 ? binOf(w.text) : w.text)).join(" "));
        } else if (base === "bun" && args[0]?.text === "exec") {
          // bun exec SCRIPT runs SCRIPT with Bun Shell, its words joined as a shell's line (run as a
          // script's path before red-team round 49: `bun exec 'cat .env'` was a write of that name).
          const inner = args.slice(1);
          if (inner.some((w) => w.dynamic)) result.unknown.push("bun exec runs a shell command computed at run time");
          else if (inner.length > 0) sink.recurse(inner.map((w) => w.text).join(" "));
        } else if (["sh", "bash", "zsh", "dash"].includes(base) && noExec(args)) {
          // sh -n SCRIPT…: read for its syntax, nothing run (asked for a glob of scripts before the everyday sweep of round 20).
        } else if (INTERPRETERS.has(base)) {
          interpreter(base, args, cmd.heredocInput, fed, { ...fromHere(), inherit: childEnv(cmd, words, inheritNow.get()) }, depth, result, links, (w, rest) => {
            runScript(w, true, rest);
            unknownProgram(posix.basename(w.text), rest, sink);
          });
          sideOutputs(base, args, { maybe });
          // node --test --test-update-snapshots rewrites the .snapshot files beside the tests it runs
          // (below the working folder without one), as vitest -u does (allowed before red-team round 19).
          if (base === "node" && args.some((a) => a.text === "--test-update-snapshots")) {
            const named = operands(args).filter((a) => !a.text.startsWith("-"));
            if (named.length === 0) here("node --test-update-snapshots rewrites snapshots below the working directory");
            for (const a of named) maybe(a, "write", "node --test-update-snapshots rewrites snapshots beside the tests");
          }
          if (base === "node" || base === "bun") runPackageScripts(base, args);
          if (base === "deno") runRecipes(base, args);
          // python -X pycache_prefix=DIR writes the byte code of every module it imports below DIR (as PYTHONPYCACHEPREFIX; allowed before red-team round 16).
          if (base.startsWith("python")) for (const x of switches(base, args).x ?? []) {
            if (x?.dynamic) result.unknown.push(`${base} -X ${x.text || "(expansion)"} depends on a variable or command substitution`);
            else if (x && /^pycache_prefix=/.test(x.text)) maybe({ ...x, text: x.text.slice(15) }, "write", `${base} -X pycache_prefix`);
          }
          if (base === "bun" && args[0]?.text === "run") scriptOutputs(args[1]?.text ?? "", args.slice(2), sink);
          // bun build --outdir D / --outfile=F / --compile, deno doc --output=D, deno test --coverage=D, deno cache --lock=F, deno vendor.
          if ((base === "bun" || base === "deno") && !["run", "eval", "x"].includes(args[0]?.text ?? "")) {
            for (let k = 0; k < args.length; k++) {
              const t = (args[k] as Word).text;
              const m = /^--(outdir|outfile|output|out-dir|coverage|lock|output-dir|coverage-dir|cache-dir)(=(.*))?$/.exec(t);
              if (!m) continue;
              if (m[2] !== undefined) maybe({ ...(args[k] as Word), text: m[3] ?? "" }, "write", `${base} --${m[1] ?? ""}`);
              else if (args[k + 1] && !(args[k + 1] as Word).text.startsWith("-")) maybe(args[++k] as Word, "write", `${base} --${m[1] ?? ""}`);
            }
            if ((base === "bun" && args[0]?.text === "build" && args.some((a) => a.text === "--compile") && !args.some((a) => /^--outfile/.test(a.text))) || (base === "deno" && args[0]?.text === "vendor")) here(`${base} ${args[0]?.text ?? ""} writes into the working directory`);
          }
          // deno lint --fix PATH… rewrites each path, the working folder without one (allowed before red-team round 19).
          if (base === "deno" && args[0]?.text === "lint" && args.some((a) => a.text === "--fix")) {
            const paths = operands(args.slice(1), new Set(["--config", "-c", "--rules-tags", "--rules-include", "--rules-exclude", "--ignore"]));
            if (paths.length === 0) here("deno lint --fix rewrites the files below the working directory");
            for (const o of paths) maybe({ ...o, selfGlob: true }, "write", "deno lint --fix");
          }
          // deno fmt PATH…: each path is rewritten (before red-team round 12 `deno fmt docs` passed).
          if (base === "deno" && args[0]?.text === "fmt" && !args.some((a) => a.text === "--check")) for (const o of operands(args.slice(1), new Set(["--config", "-c", "--ext", "--ignore", "--line-width", "--indent-width"]))) maybe({ ...o, selfGlob: true }, "write", "deno fmt");
          // deno compile (a binary), deno fmt (every file below): the working folder.
          const own = WORKING_FOLDER_FILES[base]?.(args);
          if (own) here(`${base} ${args[0]?.text ?? ""} writes into the working directory`, own);
          // A script run with path arguments may write them. python -m MOD: the module is the script;
          // test runners and checkers only read their path arguments (their output options are judged below).
          // The module and the script are found as python reads its switches (-mzipfile, -Im zipfile, -W ignore gen.py).
          const py = base.startsWith("python") ? switches(base, args) : null;
          const module = py?.module?.text ?? "";
          const moduleArgs = py?.rest ?? [];
          const ops = py?.module ? [py.module, ...operands(moduleArgs)] : py ? operands(py.rest) : operands(args);
          const writable = PY_READ_MODULES.has(module) ? [] : module === "json.tool" ? ops.slice(2) : ops.slice(1);
          if (!["sh", "bash", "zsh", "dash"].includes(base)) for (const o of PY_WRITE_MODULES.has(module) ? ops.slice(1) : writable) if (o.dynamic || pathLike(o.text) || PY_WRITE_MODULES.has(module)) maybe(o, "write", `${base} ${ops[0]?.text ?? ""}`);
          // compileall without a folder compiles every folder on sys.path.
          if (module === "compileall" && ops.length < 2) result.unknown.push("python -m compileall without a folder writes byte code across sys.path");
          // python -m black/isort/ruff/coverage/build …: the module is the program (before red-team round 12 `python3 -m black docs` and `-m coverage html -d docs` passed).
          if (TOOL_OUTPUTS[module] || FORMATTERS[module] || SIDE_OUTPUTS[module] || WORKING_FOLDER_FILES[module] || module === "pip") effects(module, moduleArgs, sink);
          else if (py?.module && !PY_READ_MODULES.has(module) && !PY_WRITE_MODULES.has(module)) unknownProgram(module, moduleArgs, sink);
          // python -m pylint --output=F, -m flake8 --output-file=F, -m bandit -o F: a checker's report (allowed before red-team round 19).
          else if (py?.module && PY_READ_MODULES.has(module)) outputOptions(module, moduleArgs, sink);
          if (py?.module) pyModuleWrites(module, moduleArgs, sink);
          // python -m django shell is django-admin's.
          if (module === "django" && readsTerminal("django-admin", moduleArgs)) result.unknown.push(`django ${moduleArgs[0]?.text ?? ""} runs the commands typed into its terminal or given to it, which exo cannot see`);
          if (base === "php") phpServer(args, sink);
          const phpScript = base === "php" ? switches(base, args).rest : [];
          if (/(^|\/)artisan$/.test(phpScript[0]?.text ?? "")) artisanWrites(phpScript[0] as Word, phpScript.slice(1), sink);
          if (py && !py.module && /(^|\/)manage\.py$/.test(py.rest[0]?.text ?? "")) {
            scaffold("manage.py", py.rest.slice(1), sink);
            generatorWrites("manage.py", py.rest.slice(1), sink, py.rest[0]);
          }
        } else {
          if (base === "make" || base === "gmake") runMakefiles(args);
          if (base === "npm" || base === "pnpm" || base === "yarn") runPackageScripts(base, args);
          // docker --context X build, podman --remote run -v …, gh -R o/r release download: the command after the CLI's own options.
          const own = CLI_OPTIONS[base] ? cliCommand(base, args, (w, option) => maybe(w, "write", `${base} ${option}`)) : args;
          if (own === null) result.unknown.push(`${base} with an option exo does not know before its command`);
          else {
            runRecipes(base, own);
            runFiles(base, own);
            if (base === "cue") runCueTools(own);
            effects(base, own, sink);
          }
        }
    }
  }
}

/**
 * The options docker, podman, nerdctl, gh and aws take before their command: those that take a
 * value (`--context X`, `-H host`, `-R o/r`, `--profile P`), and flags. `docker --context X run -v
 * "$PWD":/w …`, `docker -c X build --secret id=t,src=.env .`, `podman --remote compose config`, `gh
 * -R o/r release download -D docs` and `aws --region R configure get aws_secret_access_key` were
 * read as no command and passed before red-team round 39.
 */
const CLI_OPTIONS: Record<string, { values: RegExp; flags: RegExp; writes?: RegExp }> = {
  docker: { values: /^(-c|--context|-H|--host|-l|--log-level|--config|--tlscacert|--tlscert|--tlskey)$/, flags: /^(-D|--debug|--tls|--tlsverify)$/ },
  podman: { values: /^(-c|--connection|--url|--identity|--root|--runroot|--storage-driver|--storage-opt|--log-level|--cgroup-manager|--conmon|--events-backend|--hooks-dir|--network-cmd-path|--network-config-dir|--module|--runtime|--runtime-flag|--tmpdir|--volumepath|--imagestore|--ssh|--registries-conf|--config|--db-backend|--cdi-spec-dir|--out)$/, flags: /^(-r|--remote|--syslog|--noout|-D|--debug|--transient-store)$/, writes: /^(--root|--runroot|--tmpdir|--volumepath|--imagestore|--out)$/ },
  gh: { values: /^(-R|--repo|--hostname)$/, flags: /^$/ },
  aws: { values: /^(--profile|--region|--output|--endpoint-url|--query|--cli-read-timeout|--cli-connect-timeout|--ca-bundle|--color|--cli-binary-format)$/, flags: /^(--debug|--no-verify-ssl|--no-paginate|--no-sign-request|--no-cli-pager|--cli-auto-prompt|--no-cli-auto-prompt)$/ },
  nerdctl: { values: /^(-n|--namespace|-a|--address|-H|--host|--snapshotter|--storage-driver|--cni-path|--cni-netconfpath|--data-root|--cgroup-manager|--host-gateway-ip|--hosts-dir|--bridge-ip)$/, flags: /^(--debug|--debug-full|--insecure-registry|--experimental)$/, writes: /^(--data-root|--cni-netconfpath)$/ },
};

/**
 * The words from a container CLI's command on (see CLI_OPTIONS); null past an option exo does not
 * know. The folders and files its storage options name (podman --root, --runroot, --tmpdir, --out;
 * nerdctl --data-root) are given to WRITTEN: `podman --root docs images` passed before red-team round 40.
 */
function cliCommand(base: string, args: Word[], written: (w: Word | null, option: string) => void): Word[] | null {
  const { values, flags, writes } = CLI_OPTIONS[base] as { values: RegExp; flags: RegExp; writes?: RegExp };
  let k = 0;
  for (; k < args.length && (args[k] as Word).text.startsWith("-"); k++) {
    const w = args[k] as Word;
    const t = w.text;
    const name = t.split("=")[0] as string;
    if (writes?.test(name)) written(name === t ? (args[k + 1] ?? null) : { ...w, text: t.slice(name.length + 1) }, name);
    if (values.test(t)) k++;
    else if (!flags.test(t) && !values.test(name)) return k === 0 && /^--?(version|help|[hv])$/.test(t) ? args : null;
  }
  return args.slice(k);
}

/**
 * A python -m module's own option value (argparse, optparse and getopt take a long option's
 * unambiguous prefix, and a short one's value glued): each word given to SHORT or LONG.
 */
function pyOption(args: Word[], short: string, long: string): (Word | null)[] {
  const found: (Word | null)[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as Word;
    const t = w.text;
    if (t === "--") break;
    const eq = t.indexOf("=");
    if (t === short) found.push(args[++i] ?? null);
    else if (t.startsWith("--") && longPrefix(t, long, 4)) found.push(eq > 0 ? { ...w, text: t.slice(eq + 1) } : (args[++i] ?? null));
    else if (!t.startsWith("--") && t.startsWith(short) && t.length > short.length) found.push({ ...w, text: t.slice(short.length) });
  }
  return found;
}

/** A static file server's folder: every file below it, dot files too, goes to whoever asks. */
const SERVED: TreeHow = { hidden: true, ignored: true, exclude: [], excludeDir: [], include: [] };

/**
 * php -S ADDR serves every file below its document root (-t DIR, else the working folder) as it
 * is, dot files too, as python -m http.server does: `php -S localhost:8000` and then `curl
 * localhost:8000/.env` printed the secret (allowed before red-team round 42).
 */
/**
 * What a Laravel artisan task writes beside artisan: key:generate (but with --show) writes its key
 * into .env, env:decrypt writes .env from .env.encrypted (each passed before red-team round 43).
 */
function artisanWrites(script: Word, args: Word[], out: Pick<EffectSink, "maybe">): void {
  const task = args[0]?.text ?? "";
  if ((task === "key:generate" && !has(args, "--show")) || task === "env:decrypt") out.maybe({ ...script, text: posix.join(posix.dirname(script.text), ".env"), glob: false }, "write", `artisan ${task}`);
}

function phpServer(args: Word[], out: EffectSink): void {
  let serves = false;
  let root: Word | null = DOT_WORD;
  for (let k = 0; k < args.length; k++) {
    const w = args[k] as Word;
    if (!w.text.startsWith("-") || w.text === "--") break;
    const m = /^-([St])(.*)$/.exec(w.text);
    if (!m) continue;
    const value = m[2] !== "" ? { ...w, text: m[2] as string } : (args[++k] ?? null);
    if (m[1] === "S") serves = true;
    else root = value;
  }
  if (serves) out.tree(root, SERVED, "php -S");
}

/**
 * A Jupyter server (jupyter notebook, lab, server, nbclassic; python -m notebook) runs the code its
 * clients send and reads and writes, through its contents API, every file below its root (`curl
 * localhost:8888/api/contents/.env?token=…`); jupyter kernel runs the code sent to its ports, and
 * jupyter console and qtconsole the code typed into them, as ipython does. Each passed before
 * red-team round 42; `list`, `stop`, `--version` and the like only print.
 */
function jupyterServer(sub: string, rest: Word[], out: EffectSink): void {
  if (!/^(notebook|lab|server|nbclassic|kernel|console|qtconsole)$/.test(sub)) return;
  if (rest.some((a) => /^(list|stop|password|build|clean|paths?|workspaces|extension|--version|-h|--help|--help-all|--generate-config)$/.test(a.text))) return;
  out.unknown(/console$/.test(sub) ? `jupyter ${sub} runs the code typed into its terminal, which exo cannot see` : `jupyter ${sub} runs the code and file edits its clients send`);
}

/**
 * Files the standard library's command-line modules write, and code they run (before red-team
 * round 11 `python3 -m json.tool IN OUT`, `-m cProfile -o F`, `-m trace --file F`, `-m pickletools
 * -o F`, `-m pydoc -w NAME`, `-m zipapp DIR` and the statements of `-m timeit`/`-m pdb -c` passed).
 */
function pyModuleWrites(module: string, args: Word[], out: EffectSink): void {
  const label = `python -m ${module}`;
  switch (module) {
    case "dotenv":
      // python-dotenv's command line (`python3 -m dotenv list`, `get`, `run`) loads .env unless -f
      // names another file, as its `dotenv` program does (allowed before red-team round 21).
      if (out.guardReads) for (const p of storeReads("dotenv", args)) out.add({ text: p, dynamic: false, glob: false, quoted: true }, "read", `${label} prints what it keeps in ${p}`);
      break;
    case "notebook":
    case "jupyterlab":
    case "jupyter_server":
    case "nbclassic":
      jupyterServer(module.replace(/^jupyter_?/, ""), args, out);
      break;
    case "SimpleHTTPServer":
    case "uploadserver":
    case "http.server": {
      // http.server serves every file below its folder (-d/--directory, else the working folder),
      // dot files too, to whoever asks (allowed before red-team round 21).
      const dirs = pyOption(args, "-d", "--directory");
      for (const d of dirs.length > 0 ? dirs : [{ text: ".", dynamic: false, glob: false, quoted: true }]) out.tree(d, { hidden: true, ignored: true, exclude: [], excludeDir: [], include: [] }, label);
      break;
    }
    case "json.tool": {
      // json.tool IN OUT: OUT is written (a bare name too).
      const ops = operands(args, new Set(["--indent"]));
      if (ops[1]) out.maybe(ops[1], "write", label);
      break;
    }
    case "cProfile":
    case "profile":
      for (const f of pyOption(args, "-o", "--outfile")) out.maybe(f, "write", `${label} -o`);
      break;
    case "pickletools":
      for (const f of pyOption(args, "-o", "--output")) out.maybe(f, "write", `${label} -o`);
      break;
    case "trace": {
      for (const f of pyOption(args, "-f", "--file")) out.maybe(f, "write", `${label} --file`);
      const dirs = pyOption(args, "-C", "--coverdir");
      for (const d of dirs) out.maybe(d, "write", `${label} --coverdir`);
      // --count without --coverdir writes NAME.cover beside every module it ran.
      if (dirs.length === 0 && args.some((a) => a.text === "--count" || /^-[a-zA-Z]*c/.test(a.text) && !a.text.startsWith("--"))) out.unknown(`${label} --count writes .cover files beside the modules it runs`);
      break;
    }
    case "pydoc":
      // pydoc -w NAME writes NAME.html in the working folder.
      if (args.some((a) => a.text === "-w")) out.here(`${label} -w writes HTML in the working directory`);
      break;
    case "zipapp": {
      const o = pyOption(args, "-o", "--output");
      for (const f of o) out.maybe(f, "write", `${label} -o`);
      // Without -o: SOURCE.pyz beside the source folder.
      const src = operands(args, new Set(["-o", "--output", "-p", "--python", "-m", "--main"]))[0];
      if (o.length === 0 && src) out.maybe(src.dynamic ? src : { ...src, text: `${src.text.replace(/\/+$/, "")}.pyz` }, "write", label);
      break;
    }
    case "tarfile":
      // tarfile -e ARCHIVE [DIR]: before Python 3.14 (and without --filter data|tar) members are
      // extracted by the names inside the archive, ../ and absolute ones too; without DIR into the
      // working folder. Before red-team round 12 both passed.
      if (args.some((a) => a.text === "-e" || /^--ex/.test(a.text)) && !args.some((a, k) => /^--filter(=(data|tar))?$/.test(a.text) && (a.text.includes("=") || /^(data|tar)$/.test(args[k + 1]?.text ?? "")))) {
        out.unknown(`${label} -e extracts members by the names inside the archive`);
      }
      break;
    case "timeit":
      // The statements (and -s setup) are Python code.
      if (operands(args, new Set(["-n", "--number", "-r", "--repeat", "-u", "--unit"])).length > 0 || args.some((a) => /^(-s|--setup|--s)/.test(a.text))) out.unknown(`${label} runs the statements it is given`);
      break;
    case "pdb":
      // pdb -c CMD runs debugger commands, `!stmt` among them.
      if (args.some((a) => a.text === "-c" || /^--c/.test(a.text) || /^-c./.test(a.text))) out.unknown(`${label} -c runs debugger commands`);
      break;
    default:
      break;
  }
}

interface EffectSink {
  add: (w: Word | null, a: Action, label: string) => void;
  maybe: (w: Word | null, a: Action, label: string) => void;
  here: (label: string, name?: string) => void;
  unknown: (description: string) => void;
  recurse: (command: string) => void;
  guardReads: boolean;
  /** A folder the program reads every file below (guarding reads). */
  tree: (w: Word | null, how: TreeHow, label: string) => void;
  /** Does this word name an existing file from the working folder (a bare name: Makefile, LICENSE)? */
  isFile?: (w: Word) => boolean;
  /** The text of a file of the working folder (Cargo.toml), null when it is not there, not read or the folder is not known. */
  readLocal?: (name: string) => string | null;
  /** Is there a file or folder of this name in the working folder (false when the folder is not known)? */
  existsLocal?: (name: string) => boolean;
  /** A name of the working folder as an absolute path, null when the folder is not known. */
  place?: (name: string) => string | null;
}

/**
 * Programs whose words name files they do not read (rm, touch, chmod, mv: judged as the writes they
 * are; find's tests, git status), take patterns or
 * scripts that are no file (grep, sed, awk: judged by their own rules), or run another command whose
 * words are judged as that command's.
 */
const NAMES_ONLY = new Set(["rm", "rmdir", "unlink", "shred", "touch", "chmod", "chown", "chgrp", "chattr", "truncate", "mv", "ln", "link", "mkfifo", "find", "fd", "fdfind", "grep", "egrep", "fgrep", "rg", "ag", "ack", "sed", "gsed", "awk", "gawk", "mawk", "nawk", "cd", "pushd", "popd", "mkdir", "sudo", "doas", "env", "xargs", "parallel", "watch", "time", "timeout", "nice", "nohup", "stdbuf", "exec", "command", "builtin", "eval", "source", "."]);
/**
 * `git clean -n` / `--dry-run` only lists what it would remove (asked before the everyday sweep
 * of round 19). Every word literal, before `--`; `-e`/`--exclude` take the next word (`-e -n`
 * excludes "-n"), a cluster's letters after `e` are its pattern (`-en`); `--no-dry-run` (or any
 * other `--d…`/`--no-d…` spelling) and `-i` keep it judged a removal.
 */
function cleanDryRun(rest: Word[]): boolean {
  let dry = false;
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k] as Word;
    if (w.dynamic) return false;
    const t = w.text;
    if (t === "--") break;
    if (t === "--dry-run") dry = true;
    else if (/^--(no-)?d/.test(t) || t === "--interactive") return false;
    else if (t === "-e" || t === "--exclude") k++;
    else if (/^-[A-Za-z]/.test(t)) {
      for (const ch of t.slice(1)) {
        if (ch === "e") break;
        if (ch === "n") dry = true;
        if (ch === "i") return false;
      }
      if (t.endsWith("e") && !t.slice(1, -1).includes("e")) k++;
    }
  }
  return dry;
}
/**
 * `sh -n SCRIPT` (bash, zsh, dash): the script is read, nothing run. Short options alone before it
 * (no -c, -i, -l, -s, -o or -O, which give it commands or make it read the terminal, a profile or
 * its input), none of the words computed.
 */
function noExec(args: Word[]): boolean {
  const at = args.findIndex((a) => !a.text.startsWith("-"));
  if (at <= 0 || args.some((a) => a.dynamic)) return false;
  const options = args.slice(0, at);
  return options.every((o) => /^-[a-zA-Z]+$/.test(o.text) && !/[cilsoO]/.test(o.text)) && options.some((o) => o.text.includes("n"));
}

/**
 * `man -P cat` (`-Pcat`, `--pager=cat`, `less`, `more`) with no -H or -C: a plain pager runs nothing
 * (asked before the everyday sweep of round 20).
 */
function plainManPager(args: Word[]): boolean {
  let plain = false;
  for (let i = 0; i < args.length; i++) {
    const t = (args[i] as Word).text;
    if ((args[i] as Word).dynamic) return false;
    if (/^--(html|config-file)(=|$)/.test(t) || (/^-[a-zA-Z]*[HC]/.test(t) && !t.startsWith("--"))) return false;
    const value = t === "-P" || t === "--pager" ? args[++i]?.text : t.startsWith("--pager=") ? t.slice(8) : /^-P./.test(t) ? t.slice(2) : undefined;
    if (/^-[a-zA-Z]+P/.test(t) && !t.startsWith("-P")) return false;
    if (value === undefined) continue;
    if (!/^(cat|less( -[FRSX]+)*|more)$/.test(value)) return false;
    plain = true;
  }
  return plain;
}

/** The paths `git clean` is limited to (its operands; `-e`/`--exclude` take a pattern), none when one is computed or it is interactive. */
function cleanPaths(rest: Word[]): Word[] {
  const paths: Word[] = [];
  let all = false;
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k] as Word;
    if (w.dynamic || (!all && /^(--interactive|-[A-Za-z]*i)$/.test(w.text))) return [];
    if (all || !w.text.startsWith("-")) paths.push(w);
    else if (w.text === "--") all = true;
    else if (w.text === "-e" || w.text === "--exclude") k++;
  }
  return paths;
}

/**
 * The files whose secrets a program prints from where it keeps them (no file named on its line):
 * GitHub CLI's token (`gh auth token`, `gh auth status -t`), the AWS CLI's keys (`aws configure get
 * KEY`, `export-credentials`), GnuPG's secret keys (`gpg --export-secret-keys`), and the `.env` that
 * dotenv, dotenvx and env-cmd load into the command they run (or print: `dotenv list`) unless told
 * another file.
 */
function storeReads(base: string, args: Word[]): string[] {
  const words = args.map((a) => a.text);
  const has = (...names: string[]) => words.some((w) => names.includes(w));
  if (base === "gh" && words[0] === "auth" && (words[1] === "token" || words[1] === "git-credential" || (words[1] === "status" && (has("-t", "--show-token") || words.some((w) => /^-[a-z]*t[a-z]*$/.test(w)))))) return ["~/.config/gh/hosts.yml"];
  // git credential fill prints what the configured helper keeps (gh's token, ~/.git-credentials).
  if (base === "git" && words.includes("credential") && words[words.indexOf("credential") + 1] === "fill") return ["~/.config/gh/hosts.yml", "~/.git-credentials"];
  if (base === "aws" && words[0] === "configure" && (words[1] === "get" || words[1] === "export-credentials")) return ["~/.aws/credentials", "~/.aws/config"];
  if ((base === "gpg" || base === "gpg2") && words.some((w) => /^--export-secret-(keys?|subkeys)$/.test(w) || w === "--export-ssh-key")) return ["~/.gnupg/private-keys-v1.d"];
  // deno's --env-file (--env) without a value loads .env; `docker compose config --environment`
  // prints every variable, the project's .env's among them (allowed before red-team round 21).
  if (base === "deno" && words.some((w) => w === "--env-file" || w === "--env")) return [".env"];
  if ((base === "docker" && words[0] === "compose" && words.slice(1).find((w) => !w.startsWith("-")) === "config" || base === "docker-compose" && words.find((w) => !w.startsWith("-")) === "config") && words.includes("--environment") && !words.some((w) => /^--env-file(=|$)/.test(w))) return [".env"];
  // foreman and honcho load .env into what they run (run, start, export) unless given another file (allowed before red-team round 38).
  if ((base === "foreman" || base === "honcho") && ["run", "start", "export"].includes(words.find((w) => !w.startsWith("-")) ?? "") && !words.some((w) => /^(-e|--env)(=|$)|^-e./.test(w))) return [".env"];
  // forego (foreman's Go port) and heroku local do so too (passed before red-team round 43).
  if (((base === "forego" && ["run", "start"].includes(words[0] ?? "")) || (base === "heroku" && /^local(:run|:start)?$/.test(words[0] ?? ""))) && !words.some((w) => /^(-e|--env)(=|$)|^-e./.test(w))) return [".env"];
  // Symfony's debug:dotenv prints every variable of the project's .env files, and Laravel's
  // config:show the configuration .env fills (bin/console's project is its folder's parent,
  // artisan's its own; each passed before red-team round 43).
  const script = base === "php" ? words[0] ?? "" : base === "console" || base === "artisan" ? base : "";
  const task = base === "php" ? words[1] : base === "symfony" && words[0] === "console" ? words[1] : words[0];
  // debug:container --env-vars (--env-var=NAME) prints the values too (passed before red-team round 44).
  if ((task === "debug:dotenv" || (task === "debug:container" && words.some((w) => /^--env-vars?(=|$)/.test(w)))) && (base === "symfony" || /(^|\/)console$/.test(script))) return [base === "php" ? posix.join(posix.dirname(posix.dirname(script)), ".env") : ".env"];
  if (task === "config:show" && /(^|\/)artisan$/.test(script)) return [posix.join(posix.dirname(script), ".env")];
  // rails credentials:show prints the credentials config/master.key decrypts (--environment E's
  // key is config/credentials/E.key; passed before red-team round 43).
  if (base === "rails" && words[0] === "credentials:show") {
    const env = words.findIndex((w) => /^(-e|--environment)(=|$)/.test(w));
    const name = env < 0 ? undefined : (words[env] as string).includes("=") ? (words[env] as string).slice((words[env] as string).indexOf("=") + 1) : words[env + 1];
    return [name === undefined ? "config/master.key" : `config/credentials/${name}.key`];
  }
  if (["dotenv", "dotenv-cli", "dotenvx", "env-cmd"].includes(base) && !words.some((w) => /^(-e|-f|--env-file|--file|-c|--environments)(=|$)/.test(w) || /^-[ef]./.test(w))) {
    if (base !== "dotenvx" || ["run", "get", "decrypt", "encrypt", "set"].includes(words[0] ?? "")) return [".env"];
  }
  return [];
}

/**
 * The files whose values `docker compose config` prints: each env_file a compose file names, and
 * the project's .env, when there is one, if it fills a ${VAR} (the files -f names, else compose.yaml and the other
 * default names, in the --project-directory or working folder; one exo cannot read counts as both).
 */
function composeEnvFiles(options: Word[], out: Pick<EffectSink, "readLocal" | "existsLocal">): Word[] {
  const value = (k: number, w: Word) => (w.text.includes("=") ? { ...w, text: w.text.slice(w.text.indexOf("=") + 1) } : options[k + 1]);
  const given = options.flatMap((w, k) => (/^(-f|--file)(=|$)/.test(w.text) ? [value(k, w)] : []));
  const project = options.map((w, k) => (/^--project-directory(=|$)/.test(w.text) ? value(k, w) : undefined)).findLast((w) => w !== undefined);
  if (given.some((w) => !w || w.dynamic) || project?.dynamic) return [{ text: ".env", dynamic: true, glob: false, quoted: true }];
  const dir = project?.text ?? (given[0] ? posix.dirname(given[0].text) : ".");
  const names = given.length > 0 ? given.map((w) => (w as Word).text) : [["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"].find((n) => typeof out.readLocal?.(posix.join(dir, n)) === "string") ?? "compose.yaml"].map((n) => posix.join(dir, n));
  const files: Word[] = [];
  const file = (text: string, from: string): void => void files.push({ text: posix.join(from, text.replace(/^["']|["']$/g, "")), dynamic: false, glob: false, quoted: true });
  for (const name of names) {
    const text = out.readLocal?.(name);
    if (text === null || text === undefined) continue;
    const from = posix.dirname(name);
    if (/\$\{?[A-Za-z_]/.test(text.replace(/\$\$/g, "")) && out.existsLocal?.(posix.join(dir, ".env")) !== false) file(".env", dir);
    // env_file: F, env_file: [F, G], or a list below it (- F, - path: F).
    for (const m of text.matchAll(/^([ \t]*)env_file:[ \t]*(.*)$((?:\n\1[ \t]+.*|\n[ \t]*)*)/gm)) {
      const inline = (m[2] ?? "").replace(/#.*$/, "").trim();
      if (inline !== "") for (const f of inline.replace(/^\[|\]$/g, "").split(",")) if (f.trim() !== "") file(f.trim(), from);
      for (const item of (m[3] ?? "").matchAll(/^[ \t]*-[ \t]*(?:path:[ \t]*)?([^\s#]+)/gm)) file(item[1] as string, from);
      for (const item of (m[3] ?? "").matchAll(/^[ \t]+path:[ \t]*([^\s#]+)/gm)) file(item[1] as string, from);
    }
  }
  return files;
}

/** xargs's options that change neither what it runs nor the names it hands on (besides -0 and -I). */
const XARGS_PLAIN = /^(-0|--null|-r|--no-run-if-empty|-t|--verbose|-x|--exit|-[nPsL]\d+|--max-args=\d+|--max-procs=\d+|--max-chars=\d+|--max-lines=\d+)$/;

/**
 * Where the command xargs runs starts among its words, when every option before it is a plain one
 * (XARGS_PLAIN, a replace string, a count with its value); -1 when another option is given.
 */
function xargsStart(args: readonly Word[]): number {
  for (let k = 0; k < args.length; k++) {
    const a = args[k] as Word;
    if (!a.text.startsWith("-") || a.dynamic) return k;
    if (XARGS_PLAIN.test(a.text) || a.text === "-i" || /^(-I.+|-i.+|--replace(=.*)?)$/.test(a.text)) continue;
    if (a.text === "-I" || /^-[nPsL]$/.test(a.text)) {
      k++;
      continue;
    }
    return -1;
  }
  return args.length;
}

/** xargs's replace string (-I R, -iR, --replace=R, -i: `{}`), null without one. */
function xargsReplace(args: readonly Word[]): string | null {
  for (let k = 0; k < args.length; k++) {
    const t = (args[k] as Word).text;
    if (!t.startsWith("-")) return null;
    if (t === "-I") return args[k + 1]?.text ?? null;
    if (/^-I./.test(t)) return t.slice(2);
    if (t === "-i" || t === "--replace") return "{}";
    if (/^-i./.test(t) || t.startsWith("--replace=")) return t.slice(t.startsWith("-i") ? 2 : 10);
  }
  return null;
}

/**
 * The names xargs reads when the commands piping into it print literal words only (`printf '%s\n'
 * a b`, `echo a b`) and xargs splits them at blanks (at lines with -I) with plain options (no -0,
 * -d, -a, -E): each name plain (no blank, quote, backslash, glob or `$`, which xargs or the command would read otherwise),
 * with where the command starts among xargs's words. Null otherwise.
 */
function blankListed(commands: readonly Simple[], cmd: Simple, args: readonly Word[]): { names: string[]; start: number } | null {
  if (cmd.redirects.some((r) => r.op.startsWith("<")) || cmd.heredocInput) return null;
  const start = xargsStart(args);
  if (start < 0 || args.slice(0, start).some((a) => a.text === "-0" || a.text === "--null")) return null;
  const replace = xargsReplace(args);
  if (start >= args.length || replace === "" || (replace !== null && /["'\\$`]/.test(replace))) return null;
  const index = commands.indexOf(cmd);
  let from = index;
  while (from > 0 && commands[from]?.piped && commands[from - 1]?.pipesOut) from--;
  const fed = commands.slice(from, index);
  if (fed.length === 0 || fed.some((c) => c.words.some((w) => w.dynamic) || c.redirects.length > 0)) return null;
  const printed = printedByCommands(fed.map((c) => ({ ...c, pipesOut: c !== fed[fed.length - 1] && c.pipesOut === true })));
  if (!Array.isArray(printed) || printed.length !== 1) return null;
  // With a replace string xargs reads a line as one name (`echo a b | xargs -I{} touch {}` touches "a b").
  const text = printed[0] as string;
  const names = (replace !== null ? text.split("\n").map((l) => l.replace(/^[ \t]+/, "")) : text.split(/[ \t\n]+/)).filter((n) => n !== "");
  if (names.length === 0 || names.length > 100 || names.some((n) => !/^[\w./@+,:%=-]+$/.test(n) || n.startsWith("-"))) return null;
  return { names, start };
}

/**
 * The words of a find that stand for what the single command piping into xargs hands it NUL
 * separated, when xargs reads them with -0 and plain options only: `find ROOTS EXPR -print0`
 * (no -L, -H or -follow), or `git ls-files -z [--] FOLDERS` (no pathspec magic or glob) as
 * `find FOLDERS -type f`. Null otherwise.
 */
function nulListed(commands: readonly Simple[], cmd: Simple, args: readonly Word[]): { find: string[]; start: number } | null {
  if (!args.some((a) => a.text === "-0" || a.text === "--null") || cmd.redirects.some((r) => r.op.startsWith("<")) || cmd.heredocInput) return null;
  const replace = xargsReplace(args);
  const start = xargsStart(args);
  if (start < 0) return null;
  if (replace === "" || (replace !== null && /["'\\$`]/.test(replace))) return null;
  const index = commands.indexOf(cmd);
  const prev = commands[index - 1];
  if (index < 1 || !cmd.piped || !prev?.pipesOut || prev.piped || prev.redirects.length > 0 || prev.words.some((w) => w.dynamic)) return null;
  const words = prev.words.map((w) => w.text);
  if (words[0] === "find" && !prev.words[0]?.quoted) {
    const expr = words.slice(1);
    if (expr.filter((t) => t === "-print0").length !== 1 || expr.some((t) => ["-L", "-H", "-follow", "-print", "-printf", "-fprint", "-fprint0", "-fprintf", "-fls", "-ls", "-exec", "-execdir", "-ok", "-okdir", "-delete", "-quit"].includes(t))) return null;
    const at = expr.indexOf("-print0");
    if (at !== expr.length - 1) return null;
    const roots = expr.slice(0, expr.findIndex((x) => /^[-(!]/.test(x)));
    if (roots.length === 0 || roots.some((r) => /[*?[\]{}~]/.test(r) || r.startsWith("-"))) return null;
    return { find: ["find", ...expr.slice(0, at)], start };
  }
  if (words[0] === "git" && words[1] === "ls-files" && !prev.words[0]?.quoted) {
    const rest = words.slice(2);
    if (!rest.includes("-z")) return null;
    const ends = rest.indexOf("--");
    const opts = ends < 0 ? rest.filter((t) => t.startsWith("-")) : rest.slice(0, ends);
    if (opts.some((t) => !/^(-z|-c|--cached|-m|--modified|-o|--others|--exclude-standard)$/.test(t))) return null;
    const folders = ends < 0 ? rest.filter((t) => !t.startsWith("-")) : rest.slice(ends + 1);
    if (folders.some((f) => /[*?[\]{}~:!^]/.test(f) || f.startsWith("-") || f === "")) return null;
    return { find: ["find", ...(folders.length > 0 ? folders : ["."]), "-type", "f"], start };
  }
  return null;
}

/**
 * The lists a program reads the names of the files it reads from (null: its input): cpio -o/-p,
 * pax -w without operands, `zip -@`, `tar -T`/`--files-from`, `rsync --files-from`, `sort
 * --files0-from`, 7-Zip's `@LIST`, git's `--pathspec-from-file`, `git cat-file --batch` (REV:PATH
 * names) and `git hash-object --stdin-paths`.
 */
function nameLists(base: string, args: Word[]): (Word | null)[] {
  const out: (Word | null)[] = [];
  const valueOf = (k: number, long: string, min: number): Word | null | undefined => {
    const t = (args[k] as Word).text;
    const eq = t.indexOf("=");
    if (!t.startsWith("--") || !longPrefix(t, long, min)) return undefined;
    return eq > 0 ? { ...(args[k] as Word), text: t.slice(eq + 1) } : (args[k + 1] ?? null);
  };
  const short = (t: string) => !t.startsWith("--") && /^-[A-Za-z0-9]+$/.test(t);
  // tar's -T, dashed or in the old style's first word (`tar cfT - LIST`: read as a file `cfT`'s
  // name before red-team round 31, so the secret LIST names was printed).
  const tar = base === "tar" || base === "gtar" || base === "bsdtar";
  if (tar) for (const o of tarOptions(args)) if (o.name === "-T") out.push(o.value);
  for (let k = 0; k < args.length; k++) {
    const a = args[k] as Word;
    const t = a.text;
    if (t === "--") break;
    if (tar) {
      const v = valueOf(k, "--files-from", 8);
      if (v !== undefined) out.push(v);
    } else if (base === "rsync") {
      const v = valueOf(k, "--files-from", 8);
      if (v !== undefined) out.push(v);
    } else if (base === "sort") {
      const v = valueOf(k, "--files0-from", 8);
      if (v !== undefined) out.push(v);
    } else if (base === "git") {
      const v = valueOf(k, "--pathspec-from-file", 12);
      if (v !== undefined) out.push(v);
      // (--batch-command as git takes its start, --batch-com: allowed before red-team round 44.)
      else if (/^--batch(-co(m(m(a(n(d)?)?)?)?)?)?(=|$)/.test(t) && args.some((x) => x.text === "cat-file")) out.push(null);
      else if (t === "--stdin-paths" && args.some((x) => x.text === "hash-object")) out.push(null);
      // The entries `git update-index --index-info` and `git mktree` read (MODE TYPE ID\tPATH), the
      // object `git mktag` reads: a blob there is kept under a name of the agent's (allowed before
      // red-team round 41).
      else if ((t === "--index-info" && args.some((x) => x.text === "update-index")) || ((t === "mktree" || t === "mktag") && args.slice(0, k).every((x, j) => x.text.startsWith("-") || ["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env"].includes(args[j - 1]?.text ?? "")))) out.push(null);
    } else if (base === "zip") {
      if (t === "--names-stdin" || /^-[A-Za-z0-9]*@$/.test(t)) out.push(null);
    } else if (["7z", "7za", "7zr", "7zz"].includes(base) && /^@./.test(t) && !a.quoted) out.push({ ...a, text: t.slice(1) });
  }
  const opts = args.filter((a) => a.text.startsWith("-") && !a.quoted).map((a) => a.text);
  if (base === "cpio" && opts.some((t) => (short(t) && /[op]/.test(t.slice(1))) || longPrefix(t, "--create", 4) || longPrefix(t, "--pass-through", 4))) out.push(null);
  if (base === "pax" && opts.some((t) => short(t) && t.includes("w")) && !opts.some((t) => short(t) && t.includes("r"))) {
    const ops = operands(args, new Set(["-f", "-s", "-o", "-x", "-b", "-B", "-G", "-T", "-U", "-p"]));
    if (ops.length === 0) out.push(null);
  }
  return out;
}

/** git commands whose path words only name files (list, ignore, untrack, move, delete). */
const GIT_NAMES_ONLY = new Set(["status", "ls-files", "check-ignore", "check-attr", "rm", "mv", "ls-tree", "clean", "update-index", "sparse-checkout"]);
/** Options whose key or certificate a program uses without printing it (ssh -i KEY, curl --cacert ca.pem). */
const KEY_USERS: Record<string, string[]> = {
  curl: ["--cacert", "--capath", "--cert", "-E", "--key", "--proxy-cacert", "--proxy-capath", "--proxy-cert", "--proxy-key", "--crlfile", "--pinnedpubkey"],
  ssh: ["-i"],
  scp: ["-i"],
  sftp: ["-i"],
};
/**
 * Options whose value is a message, a pattern or a filter, not a file; one named for a file (`gh pr
 * create --body-file .env` posts it: allowed before red-team round 20) names one.
 */
const NOT_A_FILE_OPTION = /^-(m|-message|-(exclude|include|ignore|glob|iglob|filter|name|iname|pattern|match|skip|title|body|subject)(?![-\w]*-(file|files|path)$)[-\w]*)$/;

/**
 * The words a program is given that may name a file it reads: operands, option values (--opt=F,
 * -oF glued to a path, the word after an option), @FILE and NAME=@FILE, and file:// URLs. Used
 * only to judge reads of denied files (the secrets rule), so a word that names no file costs nothing.
 */
function namedFiles(base: string, args: Word[], isFile: (w: Word) => boolean): Word[] {
  // PowerShell's type is Get-Content (bash's type reads nothing: judging it costs nothing).
  if ((WORDS_ONLY.has(base) && base !== "type") || NAMES_ONLY.has(base) || PREFIX_RUNNERS.has(base) || DEFERRED_RUNNERS.has(base)) {
    if (WORDS_ONLY.has(base)) return wordsOnlyFiles(base, args);
    // find -files0-from F takes its starting points from F, and prints a name it cannot find (the
    // whole of a file without NULs: find: 'API_TOKEN=…': No such file; allowed before red-team round 20).
    if (base === "find") return args.flatMap((a, k) => (a.text === "-files0-from" && args[k + 1] ? [args[k + 1] as Word] : a.text.startsWith("-files0-from=") ? [{ ...a, text: a.text.slice(13), glob: false }] : []));
    // xargs -a FILE / --arg-file=FILE reads its arguments from FILE.
    if (base !== "xargs") return [];
    const out: Word[] = [];
    for (let i = 0; i < args.length && (args[i] as Word).text.startsWith("-"); i++) {
      const t = (args[i] as Word).text;
      // (--arg-file as getopt takes its start, --a=FILE, --arg FILE: allowed before red-team round 44.)
      const arg = t.startsWith("--a") && longPrefix(t, "--arg-file", 3);
      if (t === "-a" || (arg && !t.includes("="))) out.push(args[++i] as Word);
      else if (arg) out.push({ ...(args[i] as Word), text: t.slice(t.indexOf("=") + 1), glob: false });
      else if (/^-a./.test(t)) out.push({ ...(args[i] as Word), text: t.slice(2), glob: false });
    }
    return out.filter((w) => w !== undefined);
  }
  // git update-index FILE (--add FILE) hashes the file's bytes into the index, where `git diff
  // --cached` and a commit then carry them (allowed before red-team round 21); its other forms name files.
  const stages = base === "git" && args.some((a) => a.text === "update-index") && (args.some((a) => a.text === "--add") || !args.some((a) => /^--(remove|force-remove|cacheinfo|chmod|(no-)?assume-unchanged|(no-)?skip-worktree|(no-)?fsmonitor-valid|index-info|refresh|really-refresh|unmerged|info-only|stdin|fsmonitor|split-index|untracked-cache|test-untracked-cache|index-version)/.test(a.text)));
  if (base === "git" && !stages && args.some((a) => GIT_NAMES_ONLY.has(a.text))) return [];
  // git grep PATTERN …: the pattern names no file (`git grep -n .env -- src` searches src for the text).
  const grep = base === "git" ? args.findIndex((a) => a.text === "grep") : -1;
  if (grep >= 0 && !args.some((a) => /^(-e|-f|--regexp|--file|--and|--or|--not)(=|$)/.test(a.text))) {
    let k = grep + 1;
    while (k < args.length && (args[k] as Word).text.startsWith("-") && (args[k] as Word).text !== "--") k += /^(-[ABCm]|--(max-count|max-depth|threads|context|before-context|after-context))$/.test((args[k] as Word).text) ? 2 : 1;
    if (k < args.length && (args[k] as Word).text !== "--") args = args.filter((_, j) => j !== k);
  }
  const out: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Word;
    if (a.procsub) continue;
    // A literal path after a computed folder (`$ROOT/.env`, PowerShell's `$pwd\.env` and
    // `$env:USERPROFILE\.ssh\id_rsa`): judged as a reader's operand is (allowed before red-team round 21).
    // Its expansions may all be empty: the literal text left is a path too (`gc "$x.env"`, `mytool
    // .e${X}nv`: allowed before red-team round 24).
    if (a.dynamic) {
      // A file: URL with a computed folder (`cd src && curl "file://$PWD/../%2eenv"`): the path after
      // its scheme, its escapes decoded, its curl sets any name (allowed before red-team round 42).
      const url = /^file:(\/\/(localhost(?=\/))?)?(?=[/$])/i.exec(a.text);
      if (url) {
        let path = a.text.slice(url[0].length).replace(/[?#].*$/s, "");
        try {
          path = decodeURIComponent(path);
        } catch {
          // keep the escapes
        }
        const tailAt = a.tailAt !== undefined ? { tailAt: Math.max(0, a.tailAt - url[0].length) } : {};
        for (const p of curlGlobs(base, args) ? (curlSets(path) ?? [path.replace(CURL_SET, "*")]) : [path]) out.push({ ...a, text: p, ...tailAt });
        continue;
      }
      const tail = a.tailAt !== undefined ? a.text.slice(a.tailAt) : "";
      // A word with zsh's glob groups glued (`^src(D.)`, `*(D)`) is the files they match.
      if (/^(:[A-Za-z_]\w*)?\/[^/]/.test(tail) || (a.text !== "" && !a.text.startsWith("-") && !GLOB_CHARS.test(a.text) && (pathLike(a.text) || isFile({ ...a, dynamic: false }))) || (!a.text.includes("$") && /\([^()]*\)/.test(a.text))) out.push(a);
      continue;
    }
    let t = a.text;
    let derived = false;
    // PowerShell's -Param:value is -Param value (`Get-Content -LiteralPath:.env`, `-Path:'.env'`;
    // allowed before red-team round 21).
    const colon = /^-[A-Za-z][\w-]*:(?!:)(.+)$/.exec(t);
    if (colon && !NOT_A_FILE_OPTION.test(t.slice(0, t.indexOf(":")))) {
      t = colon[1] as string;
      derived = true;
    } else if (t.startsWith("-") && !a.quoted) {
      const eq = t.indexOf("=");
      if (NOT_A_FILE_OPTION.test(eq > 0 ? t.slice(0, eq) : t) || KEY_USERS[base]?.includes(eq > 0 ? t.slice(0, eq) : t)) {
        if (eq < 0) i++;
        continue;
      }
      if (eq > 0) t = t.slice(eq + 1);
      else if (/^-[A-Za-z][./~]/.test(t)) t = t.slice(2);
      else continue;
      derived = true;
    } else if (/^[A-Za-z_][\w-]*=/.test(t)) {
      // curl -F name=@FILE / name=<FILE, dd-like KEY=FILE.
      t = t.slice(t.indexOf("=") + 1);
      derived = true;
    }
    if (t.startsWith("@") || (derived && t.startsWith("<"))) {
      t = t.slice(1);
      derived = true;
    }
    // curl's sftp:// and scp:// URLs name a file of that host, as scp's HOST:PATH does (`curl
    // sftp://localhost/repo/.env` passed before red-team round 42).
    const remote = base === "curl" ? /^(?:sftp|scp):\/\/([^/?#]+)(\/[^?#]*)/i.exec(t) : null;
    if (remote) {
      try {
        t = `${remote[1] as string}:${decodeURIComponent(remote[2] as string)}`;
      } catch {
        t = `${remote[1] as string}:${remote[2] as string}`;
      }
      derived = true;
    }
    // scp's, sftp's and rsync's USER@HOST:PATH names a file of HOST as HOST:PATH does (the user's name
    // kept `scp me@localhost:/repo/.env src/x` unjudged before red-team round 42).
    if (/^(scp|sftp|rsync|curl)$/.test(base) && /^[A-Za-z0-9._-]+@[^/:@]+:/.test(t)) {
      t = t.slice(t.indexOf("@") + 1);
      derived = true;
    }
    // file:///F, file:/F and file://localhost/F; curl drops a ?query and a #fragment (`curl
    // 'file:///repo/.env?x'` printed the secret before red-team round 38).
    if (/^file:(\/\/(localhost)?)?\//i.test(t)) {
      t = t.replace(/^file:(\/\/(localhost(?=\/))?)?/i, "").replace(/[?#].*$/s, "");
      try {
        t = decodeURIComponent(t);
      } catch {
        // keep the escapes
      }
      derived = true;
      // curl expands a URL's {a,b} and [a-z] sets itself (unless -g, --globoff): `curl
      // 'file:///repo/.en[v-v]'` printed the secret before red-team round 42. Each set is read as any name.
      if (curlGlobs(base, args) && /[{[]/.test(t)) {
        const urls = curlSets(t);
        for (const u of urls ?? [posix.normalize(t.replace(CURL_SET, "*"))]) out.push({ ...a, text: u, glob: urls === null });
        continue;
      }
    }
    if (t === "" || t === "-") continue;
    const w = derived ? { ...a, text: t, glob: false } : a;
    if (pathLike(t) || isFile(w)) out.push(w);
  }
  return out;
}

/** A set of curl's URL globbing: {a,b} or [a-z], [0-9], [a-z:2]. */
const CURL_SET = /\{[^}]*\}?|\[[^\]]*\]?/g;

/** Whether curl globs its URLs here (it does unless -g, --globoff). */
function curlGlobs(base: string, args: Word[]): boolean {
  return base === "curl" && !args.some((o) => o.text === "--globoff" || /^-[A-Za-z]*g/.test(o.text));
}

/** The URLs curl makes of one with {a,b} and [a-z] sets (`.e{nv,x}`, `.en[v-v]`), or null past 64 or for a set it cannot read. */
function curlSets(url: string): string[] | null {
  let out = [""];
  for (const m of url.matchAll(/\{([^}]*)\}|\[([^\]]*)\]|[^{[]+|[{[]/g)) {
    let alts = [m[0]];
    if (m[1] !== undefined) alts = m[1].split(",");
    else if (m[2] !== undefined) {
      const r = /^(?:([a-zA-Z])-([a-zA-Z])|(\d+)-(\d+))(?::(\d+))?$/.exec(m[2]);
      if (!r) return null;
      const step = Number(r[5] ?? "1") || 1;
      alts = [];
      if (r[1] !== undefined) for (let c = r[1].charCodeAt(0); c <= (r[2] as string).charCodeAt(0) && alts.length <= 64; c += step) alts.push(String.fromCharCode(c));
      else for (let n = Number(r[3]); n <= Number(r[4]) && alts.length <= 64; n += step) alts.push(String(n).padStart((r[3] as string).startsWith("0") ? (r[3] as string).length : 0, "0"));
    }
    out = out.flatMap((o) => alts.map((x) => o + x));
    if (out.length > 64) return null;
  }
  return out;
}

/** PowerShell's cmdlets (and their aliases) that print or hash the files they are given. */
const PS_READERS = /^(get-content|gc|cat|type|select-string|sls|import-csv|ipcsv|import-clixml|get-filehash|format-hex|fhx|get-item|gi|import-powershelldatafile|convertfrom-stringdata)$/i;

/** Read-only programs that only print their words, never read them as files. */
const WORDS_ONLY = new Set(["echo", "printf", "test", "[", "[[", "true", "false", ":", "export", "set", "unset", "alias", "exit", "return", "read", "wait", "seq", "sleep", "yes", "kill", "pkill", "pgrep", "which", "whereis", "type", "date", "id", "printenv", "let", "local", "declare", "typeset", "trap", "shopt", "ping", "dig", "nslookup", "host", "whois", "man", "help", "exo", "exo-mcp", "open", "xdg-open", "zmodload"]);

/** Programs whose operands are never written (reads, queries, test runners, exo itself). */
const READ_ONLY = new Set([
  "ls", "ll", "dir", "grep", "egrep", "fgrep", "rg", "ag", "ack", "wc", "echo", "printf", "diff", "cmp", "comm", "stat", "file", "shuf",
  "du", "df", "tree", "which", "whereis", "type", "test", "[", "[[", "true", "false", ":", "pwd", "date", "cut", "tr", "jq", "nl",
  "fold", "column", "rev", "paste", "join", "basename", "dirname", "realpath", "readlink", "id", "whoami", "uname", "hostname",
  "nproc", "seq", "sleep", "yes", "hexdump", "sha1sum", "sha256sum", "sha512sum", "md5sum", "shasum", "cksum", "b2sum",
  "ps", "top", "kill", "pkill", "pgrep", "printenv", "export", "set", "unset", "alias", "exit", "return", "read", "wait",
  "jobs", "history", "man", "help", "exo", "exo-mcp", "vitest", "jest", "mocha", "pytest", "tsc", "mypy", "pyright",
  "node", "python", "python3", "open", "xdg-open", "lsof", "env", "locale", "clear", "shopt", "trap", "let", "local",
  "declare", "typeset", "tput", "stty", "getconf", "ulimit", "umask", "hash", "true", "tty", "users", "groups", "uptime",
  "free", "vmstat", "iostat", "netstat", "ss", "ping", "dig", "nslookup", "host", "whois", "git-lfs", "uniq", "sort",
  "pr", "look", "sum", "zmodload",
  // Inspectors and checkers with no option that writes (asked as writes of a binary, a Dockerfile or
  // go's ./... before the everyday sweep of round 20).
  "nm", "objdump", "readelf", "size", "ldd", "hadolint", "shellcheck", "staticcheck", "govulncheck", "iconv",
]);

const FORMATTERS: Record<string, (args: Word[]) => boolean> = {
  prettier: (a) => has(a, "--write") || short(a, "w"),
  eslint: (a) => has(a, "--fix"),
  stylelint: (a) => has(a, "--fix"),
  biome: (a) => has(a, "--write", "--apply", "--fix", "--apply-unsafe"),
  black: (a) => !has(a, "--check", "--diff"),
  isort: (a) => !has(a, "--check", "--check-only", "-c", "--diff"),
  yapf: (a) => has(a, "--in-place") || short(a, "i"),
  autopep8: (a) => has(a, "--in-place") || short(a, "i"),
  autoflake: (a) => has(a, "--in-place") || short(a, "i"),
  ruff: (a) => (a[0]?.text === "format" && !has(a, "--check", "--diff")) || has(a, "--fix", "--fix-only"),
  gofmt: (a) => short(a, "w"),
  goimports: (a) => short(a, "w"),
  shfmt: (a) => short(a, "w"),
  rustfmt: (a) => !has(a, "--check"),
  "clang-format": (a) => has(a, "-i"),
  standard: (a) => has(a, "--fix"),
  xo: (a) => has(a, "--fix"),
  dprint: (a) => a[0]?.text === "fmt",
  "terraform": (a) => a[0]?.text === "fmt" && !has(a, "-check"),
  "swiftformat": () => true,
  "ktlint": (a) => has(a, "-F", "--format"),
  "rubocop": (a) => has(a, "--autocorrect", "--autocorrect-all", "--auto-correct", "--fix-layout") || short(a, "aAx"),
  "php-cs-fixer": (a) => a[0]?.text === "fix" && !has(a, "--dry-run"),
  // stylua rewrites in place unless checking; buf format -w (both allowed before red-team round 13).
  stylua: (a) => !has(a, "--check", "-c"),
  // doctoc rewrites the markdown files (and folders) it is given; svgo optimises SVGs in place, or
  // into its -o operands (every operand is judged; allowed before red-team round 19).
  doctoc: (a) => !has(a, "--dryrun", "--help", "-h"),
  svgo: (a) => !has(a, "--help", "-h", "--version", "-v"),
  // 2to3 -w (python -m lib2to3 -w) writes the converted files back (allowed before red-team round 19).
  "2to3": (a) => has(a, "--write") || short(a, "w"),
  lib2to3: (a) => has(a, "--write") || short(a, "w"),
  buf: (a) => a[0]?.text === "format" && has(a, "-w", "--write"),
  // Rewriters and fixers given a bare folder (before red-team round 17 `gofumpt -w docs`, `codespell -w docs` passed).
  gofumpt: (a) => short(a, "w"),
  golines: (a) => short(a, "w"),
  gci: (a) => a[0]?.text === "write",
  "golangci-lint": (a) => a[0]?.text === "fmt" || (a[0]?.text === "run" && has(a, "--fix")),
  fastmod: () => true,
  "ast-grep": (a) => has(a, "--update-all") || short(a, "U"),
  standardrb: (a) => has(a, "--fix"),
  sqlfluff: (a) => a[0]?.text === "fix" || a[0]?.text === "format",
  markdownlint: (a) => has(a, "--fix"),
  mdformat: (a) => !has(a, "--check"),
  codespell: (a) => has(a, "--write-changes") || short(a, "w"),
  typos: (a) => has(a, "--write-changes") || short(a, "w"),
  textlint: (a) => has(a, "--fix"),
  nbqa: (a) => !has(a, "--nbqa-diff"),
  scalafmt: (a) => !has(a, "--check", "--test", "--list"),
  "elm-format": () => true,
  alejandra: (a) => !has(a, "--check", "-c"),
  erlfmt: (a) => short(a, "w") || has(a, "--write"),
  treefmt: (a) => !has(a, "--help", "--version", "-h", "-V"),
  tofu: (a) => a[0]?.text === "fmt" && !has(a, "-check"),
  packer: (a) => a[0]?.text === "fmt" && !has(a, "-check"),
  nix: (a) => a[0]?.text === "fmt",
  // Formatters and fixers of other languages' toolchains, which rewrite the project (or the working
  // folder) when given no file (all allowed before red-team round 20: `mix format`, `dotnet format`).
  mix: (a) => a[0]?.text === "format" && !has(a, "--check-formatted", "--dry-run"),
  dotnet: (a) => a[0]?.text === "format" && !has(a, "--verify-no-changes"),
  dart: (a) => (a[0]?.text === "format" && !a.some((w, k) => /^(-o|--output)$/.test(w.text) ? a[k + 1]?.text !== "write" : /^(--output=|-o)(?!write$)./.test(w.text))) || (a[0]?.text === "fix" && has(a, "--apply")),
  zig: (a) => a[0]?.text === "fmt" && !has(a, "--check", "--stdin"),
  gleam: (a) => a[0]?.text === "format" && !has(a, "--check", "--stdin"),
  crystal: (a) => a[0]?.text === "tool" && a[1]?.text === "format" && !has(a, "--check"),
  swiftlint: (a) => has(a, "--fix", "--autocorrect") || a[0]?.text === "autocorrect",
  cljfmt: (a) => a[0]?.text === "fix",
  eclint: (a) => a[0]?.text === "fix",
  pint: (a) => !has(a, "--test", "--help", "-h", "--version", "-V"),
  phpcbf: (a) => !has(a, "--help", "-h", "--version", "-i", "-e"),
  fixpack: (a) => !has(a, "--help", "-h", "--version"),
  yamlfmt: (a) => !has(a, "-lint", "-dry", "-help", "-h", "-version", "--help", "--version"),
  // oxlint --fix, rome (biome's old name), codemods (jscodeshift, ts-migrate), djlint --reformat,
  // tflint --fix, taplo format, remark/rehype/retext -o without a file (all allowed before red-team round 21).
  oxlint: (a) => has(a, "--fix", "--fix-suggestions", "--fix-dangerously"),
  rome: (a) => has(a, "--write", "--apply", "--apply-unsafe", "--fix"),
  jscodeshift: (a) => !has(a, "-d", "--dry", "--help", "-h", "--version"),
  "ts-migrate": (a) => ["migrate", "rename", "reignore"].includes(a[0]?.text ?? ""),
  djlint: (a) => has(a, "--reformat"),
  tflint: (a) => has(a, "--fix"),
  taplo: (a) => ["fmt", "format"].includes(a[0]?.text ?? "") && !has(a, "--check"),
  remark: (a) => has(a, "-o", "--output"),
  rehype: (a) => has(a, "-o", "--output"),
  retext: (a) => has(a, "-o", "--output"),
};
/** A formatter's own options that take a value which is no file (isort -o MODULE is --thirdparty). */
const FORMATTER_VALUES: Record<string, string[]> = {
  jscodeshift: ["-t", "--transform", "--parser", "--extensions", "--ignore-pattern", "--ignore-config", "-c", "--cpus"],
  djlint: ["--profile", "--indent", "--max-line-length", "--extension", "--exclude", "--extend-exclude", "--include"],
  // ruff check --select I --fix src: rule codes, not files (asked as a write of I before the everyday sweep of round 20).
  // rubocop --only Style/X, shfmt -i 2: cop names and settings (asked as writes of them before the everyday sweep of round 20).
  rubocop: ["--only", "--except", "--format", "-f", "--fail-level", "--plugin", "--exclude-limit"],
  shfmt: ["-i", "--indent", "-ln", "--language-dialect", "--filename"],
  ruff: ["--select", "--extend-select", "--ignore", "--extend-ignore", "--fixable", "--extend-fixable", "--unfixable", "--per-file-ignores", "--extend-per-file-ignores", "--target-version", "--line-length", "--output-format", "--exclude", "--extend-exclude", "--dummy-variable-rgx"],
  isort: ["-o", "--thirdparty", "-p", "--project", "-a", "--add-import", "--rm", "--remove-import", "-b", "--builtin", "-f", "--future", "-m", "--multi-line", "--sg", "--skip-glob", "--sp", "--settings-path", "--settings-file", "--profile", "--py", "-j", "--jobs", "--virtual-env", "--conda-env"],
};
/** Programs with commands besides formatting: when not formatting, judged as they are otherwise. */
const FORMATS_BY_COMMAND = new Set(["ts-migrate", "taplo", "terraform", "tofu", "packer", "nix", "golangci-lint", "sqlfluff", "gci", "mix", "dotnet", "dart", "zig", "gleam", "crystal", "swiftlint", "cljfmt", "eclint"]);
/** PowerShell parameters of the file cmdlets that name the item written (any prefix of one counts). */
const PS_PATH_PARAMS = ["path", "literalpath", "lp", "pspath", "destination", "destinationpath", "filepath", "target", "newname", "outfile"];
/** PowerShell switch parameters of the file cmdlets: they take no value. */
const PS_SWITCHES = ["force", "recurse", "nonewline", "append", "confirm", "whatif", "passthru", "noclobber", "verbose", "debug", "asbytestream", "container", "followsymlink", "raw", "wait", "usetransaction", "update", "includeemptydirectories"];
/** Operands a rewriter reads as its pattern and replacement, not files (fastmod REGEX SUBST PATH…). */
const PATTERN_OPERANDS: Record<string, number> = { fastmod: 2 };

const VIM_NAMES = new Set(["vi", "vim", "nvim", "view", "vimdiff", "nvim-qt", "gvim", "gview", "rvim", "rview", "evim", "ex", "vim.basic", "vim.tiny", "vim.nox", "vim.gtk3"]);
const EMACS_NAMES = new Set(["emacs", "emacs-nox", "xemacs"]);

/**
 * An Ex command given on vim's line (-c CMD, +CMD, --cmd CMD) that moves, substitutes, deletes or
 * writes and quits the files being edited, and nothing else: no `w FILE`, `!cmd`, `source`, `call`,
 * `\\=` expression or option naming a folder. Each `|`-separated piece is read on its own.
 */
function vimHarmless(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f]/.test(text) || text.includes("\\=")) return false;
  return text.split(/(?<!\\)\|/).every((piece) => {
    const t = piece.trim().replace(/^:+\s*/, "").replace(/^[%$.,;0-9+-]*(?:'[a-z<>][,;]?)*[%$.,;0-9+-]*\s*/, "");
    if (/^((w|wq|x|xi|xit|wa|wall|wqa|wqall|xa|xall|exi|exit|up|update|q|quit|qa|qall|quita|quitall)!?)?$/.test(t)) return true;
    if (/^(d|de|del|delete|j|join|le|left|ri|right|ce|center|noh|nohlsearch|retab!?(\s+\d+)?|undo|u|redo|red|[<>]+|sort!?(\s+[a-z]+)?|y|yank|syn(tax)?\s+(on|off|enable)|filetype\s+(on|off|plugin\s+on|indent\s+on))$/.test(t)) return true;
    // :s/a/b/g, :&&, :~ and :g/pat/d (the delimiter is any character but a letter, a digit, a space, ", | or a backslash).
    if (/^(s|su|substitute|&&?|~)([^A-Za-z0-9\s"|\\].*)?$/.test(t)) return true;
    if (/^(g|global|v|vglobal)!?([^A-Za-z0-9\s"|\\])(?:(?!\2).|\\\2)*\2\s*(d|delete|s([^A-Za-z0-9\s"|\\]).*)?$/.test(t)) return true;
    if (/^norm(al)?!?\s/.test(t) && !t.includes(":") && !t.includes("!", t.indexOf(" "))) return true;
    // Options of the text only (set ff=unix, set noeol, set et ts=2).
    const set = /^(se|set|setl|setlocal)\s+(.*)$/.exec(t);
    return set !== null && (set[2] as string).split(/\s+/).every((o) => /^(no|inv)?(ff|fileformat|fenc|fileencoding|et|expandtab|ts|tabstop|sw|shiftwidth|sts|softtabstop|eol|endofline|fixeol|fixendofline|bomb|tw|textwidth|ai|autoindent|si|smartindent|ic|ignorecase|scs|smartcase|magic|ft|filetype|bin|binary|list|nu|number|paste|wrap|ws|wrapscan|hls|hlsearch|cp|compatible|more|swf|swapfile|bk|backup|wb|writebackup|ul|undolevels)([+^-]?=[A-Za-z0-9_,-]*)?!?$/.test(o));
  });
}

/**
 * Editors run commands as well as edit files: vim's -c/+/--cmd commands, -S/-u/-s scripts, nvim's
 * -l, emacs's --eval/-l/--script, kak's -e/-E/-f/-p (before red-team round 17 `vim -es -c 'w
 * ../docs/x' -c q a.ts` passed from an in-scope folder). A command that only edits and saves the
 * files given, and those files, are judged; anything else is an unknown write. vim's -w/-W, -i,
 * -V, --startuptime and --log name files it writes.
 */
function editor(base: string, args: Word[], out: EffectSink): void {
  const files: Word[] = [];
  const runs = (what: string) => out.unknown(`${base} ${what} runs editor commands or code that may write files`);
  const file = (w: Word | undefined, what: string) => {
    if (w && !["NONE", "NORC", "DEFAULTS", "NOPLUGIN"].includes(w.text)) out.maybe(w, "write", `${base} ${what}`);
  };
  let all = false;
  if (VIM_NAMES.has(base)) {
    let ex = base === "ex";
    for (let k = 0; k < args.length; k++) {
      const w = args[k] as Word;
      const t = w.text;
      if (all || t === "-" || (!t.startsWith("-") && !t.startsWith("+"))) {
        files.push(w);
        continue;
      }
      if (w.dynamic) {
        runs(`option ${t}`);
        continue;
      }
      if (t === "--") all = true;
      else if (t.startsWith("+")) {
        // +N and +/pattern move; +CMD runs CMD.
        if (!/^\+(\d*|[/?].*)$/.test(t) && !vimHarmless(t.slice(1))) runs(t);
      } else if (t === "-c" || t === "--cmd") {
        const v = args[++k];
        if (!v || v.dynamic || !vimHarmless(v.text)) runs(t);
      } else if (t === "-l") {
        runs(t);
        return; // nvim -l SCRIPT ARGS: every later word is the script's
      } else if (t === "-S") {
        // -S [FILE] sources a session script (Session.vim without one).
        runs(t);
        if (args[k + 1] && !(args[k + 1] as Word).text.startsWith("-") && !(args[k + 1] as Word).text.startsWith("+")) k++;
      } else if (/^--(remote-send|remote-expr)(=|$)/.test(t)) {
        runs(t);
        if (!t.includes("=")) k++;
      } else if (/^--(startuptime|log|listen)$/.test(t)) file(args[++k], t);
      else if (t === "--servername") k++;
      else if (t.startsWith("--")) continue;
      else {
        // One-letter options, clustered (-es, -nEs); -u/-U/-i/-w/-W/-T/-t/-q/-r take the next word, -V a glued log file.
        for (let j = 1; j < t.length; j++) {
          const ch = t[j] as string;
          if (ch === "e" || ch === "E") ex = true;
          else if (ch === "V") {
            const log = t.slice(j + 1).replace(/^\d+/, "");
            if (log) file({ ...w, text: log }, "-V");
            break;
          } else if (ch === "s" && ex) continue;
          else if ("uUiwWsSTtqc".includes(ch)) {
            const glued = t.slice(j + 1);
            const v = glued !== "" && !/^\d+$/.test(glued) ? { ...w, text: glued } : glued !== "" ? undefined : args[++k];
            if (ch === "u" || ch === "U") {
              if (!v || v.dynamic || !["NONE", "NORC", "DEFAULTS", "NOPLUGIN"].includes(v.text)) runs(`-${ch}`);
            } else if (ch === "c") {
              if (!v || v.dynamic || !vimHarmless(v.text)) runs("-c");
            } else if (ch === "s" || ch === "S") runs(`-${ch}`);
            else if ("iwW".includes(ch) && v) file(v, `-${ch}`);
            break;
          }
        }
      }
    }
  } else if (EMACS_NAMES.has(base)) {
    for (let k = 0; k < args.length; k++) {
      const w = args[k] as Word;
      const t = w.text;
      if (all || !t.startsWith("-")) {
        if (!/^\+\d+(:\d+)?$/.test(t)) files.push(w);
        continue;
      }
      if (t === "--") all = true;
      const name = t.split("=")[0] as string;
      // -f FUNCTION calls a function by its name (batch-byte-compile, save-buffer): what it writes is a file given.
      // -l NAME of a library on the load path (-l ert) loads emacs's own code, unless -L adds a folder to it.
      const library = /^--?(l|load)$/.test(name) && !t.includes("=") && args[k + 1] !== undefined && /^[A-Za-z0-9_-]+$/.test((args[k + 1] as Word).text) && !args.some((a) => /^--?(L|directory)(=|$)/.test(a.text));
      if (library) k++;
      else if (/^--?(eval|execute|l|load|script|scriptload|x|init-directory|chdir|batch-eval)$/.test(name)) runs(name);
      else if (/^--?(f|funcall)$/.test(name) && !t.includes("=")) k++;
      else if (/^--?(file|find-file|visit)$/.test(name)) {
        const v = t.includes("=") ? { ...w, text: t.slice(t.indexOf("=") + 1) } : args[++k];
        if (v) files.push(v);
      } else if (/^--?(insert|L|directory|u|user|t|terminal|d|display|dump-file|bg|fg|name|title|fn|font)$/.test(name) && !t.includes("=")) k++;
    }
  } else {
    // kak: -e/-E run commands, -f applies keys to the files, -p sends its input to a session.
    for (let k = 0; k < args.length; k++) {
      const w = args[k] as Word;
      const t = w.text;
      if (!t.startsWith("-") || all) {
        if (!t.startsWith("+")) files.push(w);
        continue;
      }
      if (t === "--") all = true;
      else if (/^-(e|E|f|p)$/.test(t)) {
        runs(t);
        k++;
      } else if (/^-(c|s|i|ui|debug)$/.test(t)) k++;
    }
  }
  for (const o of files) out.maybe(o, "write", base);
}

/** A package spec's bin: prettier@3 is prettier, @biomejs/biome@1.9 is @biomejs/biome. */
function binOf(spec: string): string {
  return spec.replace(/^(@?[^@]+)@[^/]*$/, "$1");
}

/** A one-letter option given alone or in a cluster (yapf -ir, rubocop -aD, prettier -uw). */
function short(args: Word[], letters: string): boolean {
  return args.some((a) => /^-[A-Za-z]+$/.test(a.text) && [...letters].some((l) => a.text.includes(l)));
}

const PM_WRITES = new Set(["install", "i", "ci", "add", "remove", "rm", "uninstall", "un", "update", "up", "upgrade", "link", "unlink", "prune", "dedupe", "ddp", "version", "init", "create", "pkg", "set-script", "import", "patch", "rebuild", "audit", "outdated-fix", "install-test", "it"]);

/** npm's commands and aliases (npm 11, lib/utils/cmd-list.js). */
const NPM_COMMANDS = new Set(["access", "adduser", "approve-scripts", "audit", "bugs", "cache", "ci", "completion", "config", "dedupe", "deny-scripts", "deprecate", "diff", "dist-tag", "docs", "doctor", "edit", "exec", "explain", "explore", "find-dupes", "fund", "get", "help", "help-search", "init", "install", "install-ci-test", "install-scripts", "install-test", "link", "ll", "login", "logout", "ls", "org", "outdated", "owner", "pack", "ping", "pkg", "prefix", "profile", "prune", "publish", "query", "rebuild", "repo", "restart", "root", "run", "sbom", "search", "set", "shrinkwrap", "stage", "star", "stars", "start", "stop", "team", "test", "token", "trust", "undeprecate", "uninstall", "unpublish", "unstar", "update", "version", "view", "whoami"]);
const NPM_ALIASES: Record<string, string> = {
  author: "owner", home: "docs", issues: "bugs", info: "view", show: "view", find: "search", add: "install", unlink: "uninstall", remove: "uninstall", rm: "uninstall", r: "uninstall",
  un: "uninstall", rb: "rebuild", list: "ls", ln: "link", create: "init", i: "install", it: "install-test", cit: "install-ci-test", u: "update", up: "update", c: "config", s: "search", se: "search",
  tst: "test", t: "test", ddp: "dedupe", v: "view", "run-script": "run", "clean-install": "ci", "clean-install-test": "install-ci-test", x: "exec", why: "explain", la: "ll", verison: "version", ic: "ci",
  innit: "init", in: "install", ins: "install", inst: "install", insta: "install", instal: "install", isnt: "install", isnta: "install", isntal: "install", isntall: "install", "install-clean": "ci",
  "isntall-clean": "ci", hlep: "help", "dist-tags": "dist-tag", upgrade: "update", udpate: "update", rum: "run", sit: "install-ci-test", urn: "run", ogr: "org", "add-user": "adduser",
};
/** Every word npm resolves a prefix against: its commands and its aliases. */
const NPM_WORDS = [...NPM_COMMANDS, ...Object.keys(NPM_ALIASES)];

/**
 * The npm command a word names, as npm resolves it (cmd-list.js deref): camelCase read as kebab-case
 * (installTest), an alias (it, cit, isntall), or any unambiguous prefix of a command or an alias
 * (exe, vers, dedu, uninst), aliases then followed; a word npm does not resolve is kept. Before
 * red-team round 11 only a few spellings were known, and `npm it`, `npm exe -- touch docs/x` and
 * `npm vers patch` were allowed.
 */
function npmCommand(word: string): string {
  let c = /[A-Z]/.test(word) ? word.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`) : word;
  if (c === "" || NPM_COMMANDS.has(c)) return c;
  const alias = Object.hasOwn(NPM_ALIASES, c) ? NPM_ALIASES[c] : undefined;
  if (alias !== undefined) return alias;
  const matches = NPM_WORDS.filter((n) => n.startsWith(c));
  if (matches.length !== 1) return word;
  c = matches[0] as string;
  while (Object.hasOwn(NPM_ALIASES, c)) c = NPM_ALIASES[c] as string;
  return c;
}

/** curl options that write a file: the body (-o), headers (-D), cookies (-c), traces, the stderr stream, a libcurl program. */
const CURL_FILE_OUT: Record<string, string> = { "-o": "curl -o", "--output": "curl -o", "-D": "curl -D", "--dump-header": "curl -D", "-c": "curl -c", "--cookie-jar": "curl -c", "--trace": "curl --trace", "--trace-ascii": "curl --trace", "--stderr": "curl --stderr", "--libcurl": "curl --libcurl", "--output-dir": "curl --output-dir", "--etag-save": "curl --etag-save", "--hsts": "curl --hsts", "--alt-svc": "curl --alt-svc", "--ssl-sessions": "curl --ssl-sessions" };
const CURL_FILE_OUT_NAMES = Object.keys(CURL_FILE_OUT).filter((k) => k.startsWith("--"));
/** curl options whose full name is the start of a writing option's (--cookie of --cookie-jar, --ssl of --ssl-sessions): an exact name is that option. */
const CURL_PREFIX_NAMES = new Set(["--cookie", "--ssl"]);

/**
 * The writing option a curl long option names. curl before 8.6 takes any unambiguous prefix of a
 * long option (--dump-h, --trace-a, --libc, --cookie-j): before red-team round 12 only the full
 * names were read. A prefix of a writing option either names it or is ambiguous (curl then stops).
 */
function curlLong(name: string): string | undefined {
  if (Object.hasOwn(CURL_FILE_OUT, name)) return name;
  if (name.length < 4 || CURL_PREFIX_NAMES.has(name)) return undefined;
  return CURL_FILE_OUT_NAMES.find((n) => n.startsWith(name));
}

/**
 * curl -w/--write-out FORMAT: %output{FILE} (or %output{>>FILE}) sends what follows to FILE (curl
 * 8.3); @FILE (@- the input) reads the format from a file exo does not see.
 */
function curlWriteOut(format: Word | undefined, out: Pick<EffectSink, "maybe" | "unknown">): void {
  if (!format) return;
  if (format.dynamic || format.text.startsWith("@")) {
    out.unknown("curl -w reads a format exo cannot see, which may name a file to write (%output{FILE})");
    return;
  }
  for (let at = format.text.indexOf("%output{"); at >= 0; at = format.text.indexOf("%output{", at + 1)) {
    const end = format.text.indexOf("}", at);
    if (end < 0) continue;
    const file = format.text.slice(at + 8, end).replace(/^>>/, "");
    if (file) out.maybe({ ...format, text: file }, "write", "curl -w %output");
  }
}

/**
 * gcc/clang -f options whose value names a file or folder the compiler writes while it compiles
 * (-fopt-info-all=F, -fdump-tree-original=F, -fprofile-note=F, -fdump-go-spec=F, clang's
 * -fmodules-cache-path=D, -foptimization-record-file=F, -fcrash-diagnostics-dir=D), or where the
 * program it builds writes its profile when it runs (-fprofile-dir=D, -fprofile-generate=D: as
 * GCOV_PREFIX and LLVM_PROFILE_FILE do).
 */
const COMPILER_FILE_F = /^-f(opt-info[a-z-]*|dump-[a-z0-9-]+|profile-note|optimization-record-file|modules-cache-path|crash-diagnostics-dir|time-trace-file|lto-incremental|profile-dir|profile-generate|profile-instr-generate|cs-profile-generate)=(.+)$/;
/** Options after which gcc/clang writes a file named after its output (a.gcno, a.su, a.ci, a.d, a.i, a.dwo, a.c.005t.original). */
const COMPILER_AUX = /^(--coverage|-ftest-coverage|-fprofile-arcs|-fstack-usage|-fcallgraph-info(=.*)?|-fdump-[a-z0-9-]+|-fopt-info[a-z-]*|-MM?D|-save-temps(=obj)?|-gsplit-dwarf|-ftime-report|-fsave-optimization-record(=.*)?|-ftime-trace)$/;
/** ld options (through -Wl, or -Xlinker) that name a file the linker writes; ld takes an unambiguous prefix of a long option. */
const LD_FILE_OPTIONS = ["Map", "out-implib", "dependency-file", "output", "output-def", "pdb"];

/**
 * The side files of a C compiler (before red-team round 12 only -o, -MF and a -Map were read):
 * dump, optimisation-report and coverage-note files named by an -f option; the files named after
 * the output (--coverage's .gcno, -MD's .d, -fstack-usage's .su, dumps) land in the working folder
 * when the output is /dev/null or standard output; -save-temps=cwd and -fdump-ada-spec write there
 * whatever the output; -dumpbase/-dumpdir/-aux-info/-MJ name where they go; the linker's own
 * output options come through -Wl, and -Xlinker. -wrapper, -B, -fplugin, -specs, a linker plugin
 * and a response file (@FILE) make the compiler run programs or read options exo does not judge.
 */
function compilerSideFiles(base: string, args: Word[], out: Pick<EffectSink, "maybe" | "here" | "unknown">): void {
  const linker: Word[] = [];
  let output: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as Word;
    const t = w.text;
    if (t === "-o" || t === "--output") output = args[i + 1]?.text ?? null;
    else if (/^-o./.test(t)) output = t.slice(2);
    else if (t.startsWith("--output=")) output = t.slice(9);
    if (t === "-Xlinker" && args[i + 1]) linker.push(args[++i] as Word);
    else if (t.startsWith("-Wl,")) for (const piece of t.slice(4).split(",")) linker.push({ ...w, text: piece });
    else if (t === "-save-temps=cwd" || /^-fdump-ada-spec(-slim)?$/.test(t) || /^-fdiagnostics-format=[a-z]+-file$/.test(t)) out.here(`${base} ${t} writes into the working directory`);
    else if (["-dumpbase", "-dumpdir", "-aux-info", "-MJ", "-MF"].includes(t)) out.maybe(args[++i] ?? null, "write", `${base} ${t}`);
    else if (/^-MJ./.test(t)) out.maybe({ ...w, text: t.slice(3) }, "write", `${base} -MJ`);
    else if (t === "-wrapper" || t === "-B" || /^-B./.test(t) || t === "--prefix" || t.startsWith("--prefix=") || /^-fplugin(-arg-[^=]*)?=/.test(t) || /^--?specs(=|$)/.test(t) || (t.startsWith("@") && t.length > 1)) {
      out.unknown(`${base} ${t.startsWith("@") ? "@FILE reads options" : `${t.split("=")[0] as string} runs programs`} exo does not judge`);
    } else {
      const m = COMPILER_FILE_F.exec(t);
      if (m) out.maybe({ ...w, text: m[2] as string }, "write", `${base} ${t.slice(0, t.indexOf("="))}`);
    }
  }
  // -MD/-MMD with -MF: the dependency file goes where -MF says.
  const aux = args.some((a) => COMPILER_AUX.test(a.text) && !(/^-MM?D$/.test(a.text) && args.some((b) => b.text.startsWith("-MF"))));
  if (output !== null && (output === "-" || output.startsWith("/dev/")) && aux) {
    out.here(`${base} writes files named after its output into the working directory when the output is ${output}`);
  }
  for (let i = 0; i < linker.length; i++) {
    const t = (linker[i] as Word).text;
    if (/^--?(plugin|error-handling-script)(=|$)/.test(t)) {
      out.unknown(`${base} passes the linker ${t.split("=")[0] as string}, which runs a program`);
      continue;
    }
    if (/^-o./.test(t) && !t.startsWith("--")) {
      out.maybe({ ...(linker[i] as Word), text: t.slice(2) }, "write", `${base} -Wl,-o`);
      continue;
    }
    if (!t.startsWith("-")) continue;
    const eq = t.indexOf("=");
    const name = (eq > 0 ? t.slice(0, eq) : t).replace(/^--?/, "");
    const opt = name === "o" ? "output" : name.length >= 2 ? LD_FILE_OPTIONS.find((o) => o.startsWith(name)) : undefined;
    if (!opt) continue;
    const value = eq > 0 ? { ...(linker[i] as Word), text: t.slice(eq + 1) } : (linker[++i] ?? null);
    if (value) out.maybe(value, "write", `${base} linker --${opt}`);
  }
}

/** Project generators by their verb: each writes a new project into the folder it is given, else into the working folder. */
// (vue create, expo init, nest new, gatsby, ember, hatch, ionic, quasar, meteor, symfony, laravel, mix,
// lein, stack and spin: allowed before red-team round 22; mdbook init and docsify init before round 45.)
const SCAFFOLDERS: Record<string, string> = { vue: "create", expo: "init", nest: "new", gatsby: "new", ember: "new", hatch: "new", ionic: "start", quasar: "create", meteor: "create", symfony: "new", laravel: "new", mix: "new", lein: "new", stack: "new", spin: "new", nuxi: "init", ng: "new", sv: "create", rails: "new", flutter: "create", "react-native": "init", "express-generator": "", "django-admin": "start", "manage.py": "start", dotnet: "new", yo: "", gradle: "init", storybook: "init", shadcn: "", "shadcn-ui": "", tailwindcss: "init", "@angular/cli": "new", "@react-native-community/cli": "init", mdbook: "init", docsify: "init" };

/**
 * Backup tools that restore a snapshot's files into a folder, a bare name too: restic restore
 * --target DIR (-t), kopia and rustic restore SNAP DIR, rdiff-backup's last operand, duplicity
 * restore URL DIR (duplicity URL DIR, duply PROFILE restore DIR), borgmatic extract --destination
 * DIR; borg extract, borgmatic extract and tarsnap -x without one write into the working folder
 * (tarsnap -C DIR: there); restic, rustic, kopia and borg mount write through the folder they mount.
 * Quilt, stgit and guilt apply the patches of their stack to the files the patches name. Each
 * passed before red-team round 44.
 */
function restores(base: string, args: Word[], out: Pick<EffectSink, "maybe" | "here" | "unknown">): void {
  const ops = args.filter((a) => !a.text.startsWith("-"));
  const sub = ops[0]?.text ?? "";
  const info = args.some((a) => /^(-h|--help|-V|--version)$/.test(a.text));
  if (info) return;
  if (["restic", "rustic", "kopia", "borg"].includes(base) && (sub === "mount" || (base === "kopia" && sub === "snapshot" && ops[1]?.text === "mount"))) {
    out.unknown(`${base} mount changes which files a path names (a mount)`);
    return;
  }
  switch (base) {
    case "restic":
      if (sub === "restore") for (const d of pyOption(args, "-t", "--target")) out.maybe(d, "write", "restic restore");
      return;
    case "rustic":
    case "kopia": {
      const at = base === "kopia" && sub === "snapshot" && ops[1]?.text === "restore" ? 2 : sub === "restore" ? 1 : 0;
      if (at > 0) out.maybe(ops[at + 1] ?? null, "write", `${base} restore`);
      return;
    }
    case "rdiff-backup":
      if (ops.length >= 2 && !["list", "info", "verify", "test", "calculate", "compare"].includes(sub)) out.maybe(ops[ops.length - 1] ?? null, "write", "rdiff-backup");
      return;
    case "duplicity":
      if (sub === "restore" || (/^[a-z][\w+.-]*:\/\//.test(sub) && ops[1] && !ops[1].text.includes("://"))) out.maybe(ops[ops.length - 1] ?? null, "write", "duplicity restore");
      return;
    case "duply":
      if (ops[1]?.text === "restore" || ops[1]?.text === "fetch") out.maybe(ops[2] ?? null, "write", `duply ${ops[1].text}`);
      return;
    case "borg":
      if (sub === "extract" && !args.some((a) => /^(-n|--dry-run|--stdout)$/.test(a.text))) out.here("borg extract writes the archive's files into the working directory", ".");
      return;
    case "borgmatic": {
      if (sub !== "extract" && sub !== "restore") return;
      const dest = pyOption(args, "--destination", "--destination");
      if (dest.length > 0) for (const d of dest) out.maybe(d, "write", `borgmatic ${sub}`);
      else if (sub === "extract") out.here("borgmatic extract writes the archive's files into the working directory", ".");
      return;
    }
    case "tarsnap": {
      if (!args.some((a) => /^-[A-Za-z]*x/.test(a.text) && !a.text.startsWith("--"))) return;
      const into = pyOption(args, "-C", "--directory");
      if (into.length > 0) for (const d of into) out.maybe(d, "write", "tarsnap -x -C");
      else out.here("tarsnap -x writes the archive's files into the working directory", ".");
      return;
    }
    case "quilt":
    case "stg":
    case "guilt":
      if (!/^(|series|applied|unapplied|top|next|previous|prev|files|patches|diff|show|log|status|list|ls|id|branch|annotate|grep|header|graph|version|help)$/.test(sub) || (sub === "header" && args.some((a) => /^-[aer]$/.test(a.text)))) out.unknown(`${base} ${sub} applies or writes the patches of its stack, which name files exo does not see`);
      return;
  }
}

/**
 * Project generators (before red-team round 12 `npx create-next-app docs`, `ng new docs`,
 * `rails new docs`, `django-admin startproject x docs`, `dotnet new console` passed): create-*
 * packages and the generators above write the folder they are given, or the working folder.
 */
function scaffold(base: string, args: Word[], out: Pick<EffectSink, "maybe" | "here">): void {
  const name = base.replace(/(?<=.)@[^/]*$/, "");
  if (args.length > 0 && args.every((w) => asksOnly.test(w.text) || /^--?(version|help)$/.test(w.text))) return;
  let rest: Word[];
  if (/^(@[^/]+\/)?create-[a-z0-9-]+$/.test(name)) rest = args;
  else {
    const verb = SCAFFOLDERS[name];
    if (verb === undefined) return;
    const first = args.find((w) => !w.text.startsWith("-"));
    if (verb !== "" && !(first && (first.text === verb || (verb === "start" && /^start(project|app)$/.test(first.text))))) return;
    rest = verb === "" ? args : args.slice(args.indexOf(first as Word) + 1);
  }
  // dotnet new -o D and the like: the output option is judged as any program's.
  if (rest.some((w) => /^(-o|--output|--directory|-d|--dir)(=|$)/.test(w.text))) return;
  const ops = rest.filter((w) => !w.text.startsWith("-"));
  // django-admin (and a project's manage.py) startproject or startapp NAME [DIR]: the folder is the
  // second operand, else NAME in the working folder (`python3 manage.py startapp blog` passed before
  // red-team round 46).
  const at = name === "django-admin" || name === "manage.py" ? (ops[1] ?? ops[0]) : name === "dotnet" || name === "yo" || name === "gradle" || name === "storybook" || name === "tailwindcss" || name.startsWith("shadcn") ? undefined : ops[0];
  if (at) out.maybe(at, "write", `${name} creates a project`);
  else out.here(`${name} writes a new project or its configuration into the working directory`);
}

/**
 * Code generators that write where their project's configuration or layout says (each passed as a
 * write of nothing before red-team round 47): `ng generate` (`g`) below each project's sourceRoot
 * of angular.json (or `--path`), `nest generate` below nest-cli.json's (src by default, and the
 * path operand below it), `sqlc generate` and `buf generate` where their YAML or JSON configuration's
 * `out:` (sqlc 1's `path:`) says, Django's makemigrations, squashmigrations, makemessages and
 * compilemessages into its apps below the working folder; a schematic that changes the workspace
 * (`ng g library`, `nest g app`) writes the working folder. Where exo cannot read where they write
 * (collectstatic's STATIC_ROOT, plop's and hygen's templates, graphql-codegen's configuration, a
 * configuration not found), they are asked; a dry run or information only passes.
 */
function generatorWrites(base: string, args: Word[], out: Pick<EffectSink, "maybe" | "here" | "unknown" | "readLocal">, script?: Word): void {
  if (args.some((a) => asksOnly.test(a.text))) return;
  const at = (text: string): Word => ({ text, dynamic: false, glob: false, quoted: true });
  const value = (names: RegExp): Word | undefined => {
    const k = args.findIndex((a) => names.test(a.text.replace(/=.*$/s, "")));
    const w = args[k];
    return w === undefined ? undefined : w.text.includes("=") ? { ...w, text: w.text.slice(w.text.indexOf("=") + 1) } : args[k + 1];
  };
  const ops = args.filter((a) => !a.text.startsWith("-"));
  const sub = ops[0]?.text ?? "";
  const dry = args.some((a) => /^(--dry-run|--check)$/.test(a.text));
  const json = (name: string): Record<string, unknown> | null => {
    try {
      const v = JSON.parse(out.readLocal?.(name) ?? "null") as unknown;
      return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  const roots = (config: Record<string, unknown>, fallback: string): string[] => {
    const projects = config["projects"] !== null && typeof config["projects"] === "object" ? Object.values(config["projects"] as Record<string, unknown>) : [];
    const own = [config, ...projects].flatMap((p) => (p !== null && typeof p === "object" ? [(p as Record<string, unknown>)["sourceRoot"]] : [])).filter((r): r is string => typeof r === "string" && r !== "");
    return own.length > 0 ? own : [fallback];
  };
  if ((base === "ng" || base === "@angular/cli" || base === "nest" || base === "@nestjs/cli") && /^(generate|g)$/.test(sub) && ops[1] && !dry && !args.some((a) => a.text === "-d")) {
    const name = base === "ng" || base === "@angular/cli" ? "ng" : "nest";
    if (/^(application|app|library|lib|sub-app|environments|config|app-shell|service-worker|web-worker|server|ssr|universal)$/.test(ops[1].text)) return out.here(`${name} generate ${ops[1].text} changes the workspace`);
    const given = name === "ng" ? value(/^--path$/) : undefined;
    if (given) return out.maybe(given, "write", `${name} generate --path`);
    const config = name === "ng" ? json("angular.json") : (json("nest-cli.json") ?? json(".nestcli.json") ?? {});
    if (config === null) return out.unknown("ng generate writes below the sourceRoot of angular.json, which exo could not read in the working directory");
    // --project P: that project's sourceRoot; else any project's.
    const project = value(/^--project$/);
    const projects = config["projects"] !== null && typeof config["projects"] === "object" ? (config["projects"] as Record<string, unknown>) : {};
    const chosen = project && !project.dynamic && projects[project.text] !== undefined ? { ...config, projects: { [project.text]: projects[project.text] } } : config;
    for (const root of roots(chosen, "src")) {
      out.maybe(at(root), "write", `${name} generate ${ops[1].text}`);
      const below = name === "nest" ? ops[3] : undefined;
      if (below) out.maybe(below.dynamic ? below : at(posix.join(root, below.text)), "write", `${name} generate ${ops[1].text} PATH`);
    }
    return;
  }
  if ((base === "sqlc" || base === "buf") && sub === "generate") {
    const given = base === "sqlc" ? value(/^(-f|--file)$/) : value(/^--template$/);
    if (given && (given.dynamic || /[{\n]/.test(given.text))) return out.unknown(`${base} generate given a configuration exo cannot read writes where it says`);
    const names = given ? [given.text] : base === "sqlc" ? ["sqlc.yaml", "sqlc.yml", "sqlc.json"] : ["buf.gen.yaml", "buf.gen.yml"];
    const name = names.find((n) => typeof out.readLocal?.(n) === "string");
    const text = name === undefined ? null : (out.readLocal?.(name) ?? null);
    const outs = text === null ? [] : [...text.matchAll(base === "sqlc" ? /^[ \t-]*["']?(?:out|path)["']?[ \t]*:[ \t]*["']?([^"'\s#,}]+)/gm : /^[ \t-]*["']?out["']?[ \t]*:[ \t]*["']?([^"'\s#,}]+)/gm)].map((m) => m[1] as string);
    if (outs.length === 0) return out.unknown(`${base} generate writes where its configuration says, which exo could not read`);
    const base2 = base === "buf" ? value(/^(-o|--output)$/) : undefined;
    if (base2?.dynamic) return out.unknown("buf generate --output is computed at run time");
    // sqlc's paths are the configuration's folder's, buf's the output base's (the working folder).
    for (const o of outs) out.maybe(at(posix.join(base === "buf" ? (base2?.text ?? ".") : posix.dirname(name as string), o)), "write", `${base} generate (${name as string})`);
    return;
  }
  if (base === "manage.py" || base === "django-admin") {
    // The apps are found from manage.py's folder (`python3 ../manage.py makemigrations` from src writes the top's apps).
    const home = script && !script.dynamic && script.text.includes("/") ? at(posix.dirname(script.text)) : undefined;
    if (/^(makemigrations|squashmigrations|optimizemigration|makemessages|compilemessages)$/.test(sub) && !dry) {
      if (home) out.maybe(home, "write", `django ${sub}`);
      else out.here(`django ${sub} writes into its apps' folders`);
    }
    if (sub === "collectstatic" && !args.some((a) => /^(-n|--dry-run)$/.test(a.text))) out.unknown("django collectstatic writes into the settings' STATIC_ROOT, which exo does not read");
    return;
  }
  // nx generate (g) writes where its generator says, below the workspace's root (nx.json's folder,
  // wherever it is run from) or its --directory; prisma generate where each generator block's
  // `output` says, from the schema's folder (prisma/schema.prisma, schema.prisma or --schema). Both
  // passed as a write of nothing before red-team round 48 (`nx g lib x` wrote libs/x).
  if (base === "nx" && /^(generate|g)$/.test(sub) && ops[1] && !args.some((a) => /^(--dry-run|-d|--dryRun)$/.test(a.text))) {
    // A generator of one file set (a component, a hook, a service…) given its folder (--directory,
    // --path, or the path Nx 20 takes as its first operand, whose last name is the files') writes
    // there alone, unless --export, --module or --project have it change its project too (asked
    // under a scope that held the folder before red-team round 49).
    const leaf = /^(component|hook|class|interface|enum|pipe|directive|service|guard|interceptor|resolver|controller|decorator|filter|gateway|middleware|provider|page|web-worker|scam|scam-directive|scam-pipe)$/.test(ops[1].text.slice(ops[1].text.lastIndexOf(":") + 1));
    const folder = value(/^--(directory|dir|path)$/) ?? (ops[2]?.text.includes("/") ? { ...ops[2], text: posix.dirname(ops[2].text) } : undefined);
    if (leaf && folder && !args.some((a) => /^--(export|module|project|nameAndDirectoryFormat|standalone=false|no-standalone)(=|$)/.test(a.text))) return out.maybe(folder, "write", `nx ${sub} ${ops[1].text}`);
    return out.unknown(`nx ${sub} ${ops[1].text} writes where its generator says, which exo does not read`);
  }
  if (base === "prisma" && sub === "generate") {
    const given = value(/^--schema$/);
    if (given?.dynamic) return out.unknown("prisma generate reads a schema computed at run time, whose generators' output it writes");
    const name = (given ? [given.text] : ["prisma/schema.prisma", "schema.prisma"]).find((n) => typeof out.readLocal?.(n) === "string");
    const text = name === undefined ? "" : (out.readLocal?.(name) ?? "");
    for (const m of text.matchAll(/^[ \t]*output[ \t]*=[ \t]*(?:"([^"]*)"|(\S+))/gm)) {
      if (m[1] === undefined) out.unknown(`prisma generate writes where ${name ?? "the schema"}'s output says (${m[2] ?? ""}), which exo cannot work out`);
      else out.maybe(at(posix.join(posix.dirname(name as string), m[1])), "write", `prisma generate (${name as string})`);
    }
    return;
  }
  if ((base === "plop" || (base === "hygen" && args.length > 0)) && !dry) return out.unknown(`${base} writes where its templates say, which exo does not read`);
  if (/^(graphql-codegen|gql-gen|graphql-code-generator|@graphql-codegen\/cli)$/.test(base) && !dry) out.unknown(`${base} writes where its configuration's generates say, which exo does not read`);
}

/** Commands that check a repository out, by their words, and how many words come before the source and the folder. */
const CLONERS: Record<string, number> = { "svn checkout": 1, "svn co": 1, "svn export": 1, "hg clone": 1, "bzr branch": 1, "bzr checkout": 1, "brz branch": 1, "glab repo clone": 2, "hub clone": 1, "gh gist clone": 2, "fossil clone": 1, "darcs clone": 1, "darcs get": 1 };

/** npm's file utilities and what they do to their operands (copy: the last is the destination). */
const FILE_UTILITIES: Record<string, "delete" | "copy" | "move" | "write"> = { rimraf: "delete", "del-cli": "delete", del: "delete", trash: "delete", "trash-cli": "delete", "rm-cli": "delete", cpy: "copy", "cpy-cli": "copy", cpx: "copy", ncp: "copy", copyfiles: "copy", "copy-cli": "copy", mkdirp: "write", "make-dir": "write", "make-dir-cli": "write", "move-file": "move", "move-file-cli": "move", mvm: "move" };

/** GnuPG options that name a folder or file it writes (keyrings, trust database, logs, status). */
const GPG_FILE_OPTIONS = ["--homedir", "--keyring", "--primary-keyring", "--secret-keyring", "--trustdb-name", "--logger-file", "--log-file", "--status-file", "--attribute-file", "--keybox"];

/** Options of test runners, compilers and checkers that name a file or folder they write. */
const TOOL_OUTPUTS: Record<string, string[]> = {
  pytest: ["--junitxml", "--junit-xml", "--basetemp", "--resultlog", "--html", "--report-log", "--cov-report", "-o", "--override-ini", "--log-file", "--rootdir", "--debug"],
  // jest reads kebab-case as camelCase (yargs): --cache-directory is --cacheDirectory. Before red-team round 12 the cache folder and the kebab-case names passed.
  jest: ["--outputFile", "--coverageDirectory", "--cacheDirectory", "--output-file", "--coverage-directory", "--cache-directory"],
  vitest: ["--outputFile", "--coverage.reportsDirectory", "--output-file"],
  mocha: ["--reporter-option", "--reporter-options"],
  tsc: ["--outDir", "--outFile", "--out", "--declarationDir", "--tsBuildInfoFile", "--generateTrace", "--generateCpuProfile"],
  mypy: ["--junit-xml", "--html-report", "--txt-report", "--xml-report", "--linecount-report", "--cache-dir", "--any-exprs-report", "--cobertura-xml-report", "--lineprecision-report", "--linecoverage-report"],
  pyright: ["--outputjson"],
};

/** A pytest plugin's long option named for a file or folder it writes, and those that name one it reads. */
const PYTEST_PLUGIN_OUTPUT = /^--[a-z0-9-]*(dir|directory|folder|file|path|storage|output)$/;
const PYTEST_PLUGIN_READS = /config|ini|ignore|confcut|rsync|deselect|glob|import/;
/** jest's and vitest's options named for a folder or file they write (vitest --attachmentsDir, --cache.dir), and those naming what they read. */
const JS_RUNNER_OUTPUT = /^--[A-Za-z.-]*(Dir|dir|Directory|directory|Folder|folder|File|file)$/;
const JS_RUNNER_READS = /root|config|setup|module|test|ignore|watch|project|workspace|^--dir$|snapshotResolver|transform|environment|teardown|reporter|preset|resolver|tsconfig|env-file|envFile|globals/i;

/** tar's short options of interest by their long names; the short options that take a value. */
const TAR_SHORT: Record<string, string> = { x: "--extract", c: "--create", r: "--append", u: "--update", A: "--concatenate", C: "--directory", f: "--file", F: "--info-script", g: "--listed-incremental", I: "--use-compress-program", P: "--absolute-names" };
const TAR_SHORT_VALUE = "bCfFgHIKLNTVX";
/** tar's long options of interest (GNU tar takes any unambiguous prefix: --dir=, --to-c=). */
const TAR_LONG = ["--extract", "--get", "--create", "--append", "--update", "--delete", "--concatenate", "--catenate", "--file", "--directory", "--absolute-names", "--use-compress-program", "--to-command", "--checkpoint-action", "--info-script", "--new-volume-script", "--rsh-command", "--rmt-command", "--remove-files", "--listed-incremental", "--index-file", "--volno-file", "--one-top-level"];
const TAR_LONG_VALUE = new Set(["--file", "--directory", "--use-compress-program", "--to-command", "--checkpoint-action", "--info-script", "--new-volume-script", "--rsh-command", "--rmt-command", "--listed-incremental", "--index-file", "--volno-file", "--transform", "--xform", "--files-from", "--exclude-from", "--blocking-factor", "--format", "--label", "--newer", "--after-date", "--owner", "--group", "--mode", "--mtime", "--suffix", "--tape-length", "--starting-file", "--record-size"]);
/** tar options whose value is a command tar runs. */
const TAR_RUNS = new Set(["--to-command", "--checkpoint-action", "--info-script", "--new-volume-script", "--rsh-command", "--rmt-command"]);
/** -I / --use-compress-program values that only compress. */
const COMPRESSORS = /^(gzip|pigz|bzip2|pbzip2|xz|pixz|zstd|lz4|lzip|lzma|lzop|brotli)( -[A-Za-z0-9]+)*$/;

/**
 * tar's options in order, each by its long name with its value: the old-style first word (`cvfz F`,
 * whose value letters take the next words), short clusters with a glued value (-xCdir, -cfF), and
 * long options or a prefix of one (--dir=DIR, --directory DIR).
 */
/** tar's options as tar reads them (a first word without a dash is a key of letters); its operands (members) come with the name "". */
function tarOptions(args: Word[]): { name: string; value: Word | null }[] {
  const out: { name: string; value: Word | null }[] = [];
  const pending: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as Word;
    const t = w.text;
    if (i === 0 && /^[A-Za-z]+$/.test(t) && !w.dynamic) {
      for (const ch of t) {
        const name = TAR_SHORT[ch] ?? `-${ch}`;
        if (TAR_SHORT_VALUE.includes(ch)) pending.push(name);
        else out.push({ name, value: null });
      }
    } else if (t === "--") {
      for (const m of args.slice(i + 1)) out.push({ name: "", value: m });
      break;
    } else if (t.startsWith("--")) {
      const eq = t.indexOf("=");
      const given = eq < 0 ? t : t.slice(0, eq);
      const name = TAR_LONG.includes(given) || TAR_LONG_VALUE.has(given) ? given : (TAR_LONG.find((o) => o.startsWith(given)) ?? given);
      out.push({ name, value: eq >= 0 ? { ...w, text: t.slice(eq + 1) } : TAR_LONG_VALUE.has(name) ? (args[++i] ?? null) : null });
    } else if (/^-[^-]/.test(t)) {
      for (let k = 1; k < t.length; k++) {
        const ch = t[k] as string;
        const name = TAR_SHORT[ch] ?? `-${ch}`;
        if (TAR_SHORT_VALUE.includes(ch)) {
          const glued = t.slice(k + 1);
          out.push({ name, value: glued ? { ...w, text: glued } : (args[++i] ?? null) });
          break;
        }
        out.push({ name, value: null });
      }
    } else if (pending.length > 0) out.push({ name: pending.shift() as string, value: w });
    else out.push({ name: "", value: w });
  }
  for (const name of pending) out.push({ name, value: null });
  return out;
}

/** ssh -o settings that only tune the connection (the others may run a command, load code or write a file: ProxyCommand, LocalCommand, KnownHostsCommand, UserKnownHostsFile, ControlPath, PKCS11Provider, …). */
const SSH_SAFE_SETTINGS = new Set(["batchmode", "connecttimeout", "connectionattempts", "stricthostkeychecking", "port", "user", "hostname", "identitiesonly", "identityfile", "serveraliveinterval", "serveralivecountmax", "loglevel", "compression", "passwordauthentication", "pubkeyauthentication", "preferredauthentications", "kbdinteractiveauthentication", "forwardagent", "forwardx11", "requesttty", "sendenv", "setenv", "checkhostip", "hashknownhosts", "addressfamily", "tcpkeepalive", "ciphers", "macs", "kexalgorithms", "hostkeyalgorithms", "pubkeyacceptedkeytypes", "pubkeyacceptedalgorithms", "exitonforwardfailure", "numberofpasswordprompts", "controlmaster", "controlpersist", "gssapiauthentication", "verifyhostkeydns", "updatehostkeys", "clearallforwardings", "escapechar", "stdinnull", "visualhostkey", "ipqos", "rekeylimit", "fingerprinthash", "canonicalizehostname"]);

/**
 * What makes ssh, scp, sftp or rsync run a local command or write a local file besides their
 * operands: an -o setting outside SSH_SAFE_SETTINGS, -F (a configuration that may hold any of
 * them), -E (a log file), -S (a control socket; scp's and sftp's program), -I (a PKCS#11 library),
 * scp/sftp -D (a local server program), sftp -b (a batch that may run ! commands), rsync -e/--rsh other than ssh with such options. Null when none.
 */
function sshRuns(base: string, args: Word[]): string | null {
  const setting = (w: Word | undefined): string | null => {
    if (!w || w.dynamic) return `${base} -o setting computed at run time`;
    const key = (/^[A-Za-z0-9]+/.exec(w.text.trim())?.[0] ?? "").toLowerCase();
    return SSH_SAFE_SETTINGS.has(key) ? null : `${base} -o ${key || w.text} may run a command or write a file`;
  };
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as Word;
    const t = w.text;
    if (t === "--") break;
    if (base === "rsync") {
      if (t.startsWith("--")) {
        const eq = t.indexOf("=");
        const name = eq < 0 ? t : t.slice(0, eq);
        if (name.length >= 4 && "--rsh".startsWith(name)) {
          const value = eq < 0 ? args[++i] : { ...w, text: t.slice(eq + 1) };
          const inner = rshRuns(value);
          if (inner) return inner;
        }
        continue;
      }
      if (/^-[A-Za-z]*e/.test(t)) {
        const glued = t.slice(t.indexOf("e") + 1);
        const inner = rshRuns(glued ? { ...w, text: glued } : args[++i]);
        if (inner) return inner;
      }
      continue;
    }
    if (!/^-[A-Za-z0-9]/.test(t)) continue;
    for (let k = 1; k < t.length; k++) {
      const ch = t[k] as string;
      const glued = t.slice(k + 1);
      if ("FESI".includes(ch) || (base !== "ssh" && ch === "D") || (base === "sftp" && ch === "b")) return `${base} -${ch} may run a command or write a file`;
      if (ch === "o") {
        const bad = setting(glued ? { ...w, text: glued } : args[++i]);
        if (bad) return bad;
        break;
      }
      // Short options that take a value: the rest of the word, or the next word.
      if ("bcDeiJlLmOpPRWwBQsX".includes(ch)) {
        if (!glued) i++;
        break;
      }
    }
  }
  return null;
}

/** rsync -e CMD: plain ssh (with safe options) runs nothing else. */
function rshRuns(value: Word | undefined): string | null {
  if (!value || value.dynamic) return "rsync -e runs a remote shell computed at run time";
  const words = value.text.trim().split(/\s+/);
  if (!/^(ssh|\/usr\/bin\/ssh)$/.test(words[0] ?? "") || /["'\\$;&|<>()\x60]/.test(value.text)) return `rsync -e runs ${value.text}`;
  return sshRuns("ssh", words.slice(1).map((text) => ({ text, dynamic: false, glob: false, quoted: false })));
}

/**
 * Options that name a file or folder the program writes besides what its class says (a linter's
 * report, a cache, node's diagnostics), as `--opt F`, `--opt=F` or a short `-o F`.
 */
const SIDE_OUTPUTS: Record<string, string[]> = {
  eslint: ["-o", "--output-file", "--cache-location", "--cache-file"],
  stylelint: ["-o", "--output-file", "--cache-location"],
  prettier: ["--cache-location"],
  // Package managers: caches, stores and logs (npm writes <cache>/_logs on every run).
  npm: ["--cache", "--logs-dir"],
  pnpm: ["--store-dir", "--cache-dir", "--virtual-store-dir", "--modules-dir"],
  yarn: ["--cache-folder", "--modules-folder", "--global-folder"],
  bun: ["--cache-dir", "--coverage-dir"],
  // ruff's cache folder, ensurepip's --root (allowed before red-team round 19).
  ruff: ["--cache-dir"],
  ensurepip: ["--root"],
  pip: ["--log", "--log-file", "--target", "-t", "--root", "--prefix", "--cache-dir", "--src", "--dest", "-d", "--wheel-dir", "-w", "--report"],
  pip3: ["--log", "--log-file", "--target", "-t", "--root", "--prefix", "--cache-dir", "--src", "--dest", "-d", "--wheel-dir", "-w", "--report"],
  // JavaScript build and coverage tools' output folders and files, bare names too (before red-team round 12 `rollup -d docs`, `babel src -d docs`, `c8 --report-dir docs` passed).
  rollup: ["-d", "--dir", "-o", "--file"],
  babel: ["-d", "--out-dir", "-o", "--out-file"],
  swc: ["-d", "--out-dir", "-o", "--out-file"],
  jsdoc: ["-d", "--destination"],
  tsup: ["-d", "--out-dir"],
  postcss: ["-d", "--dir", "-o", "--output"],
  parcel: ["--dist-dir", "--cache-dir"],
  c8: ["--report-dir", "--reports-dir", "-o", "--temp-directory"],
  nyc: ["--report-dir", "--temp-dir", "-t", "--temp-directory"],
  coverage: ["-d", "--directory", "-o", "--data-file"],
  pdoc: ["-o", "--output-dir"],
  // zipsplit -b DIR: where the split archives go; zip -b DIR (--temp-path): where zip writes its temporary archive.
  zipsplit: ["-b"],
  // Compilers' output folders, bare names too (before red-team round 12 `javac -d docs`, `ghc -outputdir docs`, `zig build -p docs` passed).
  javac: ["-d", "-h", "-s"],
  kotlinc: ["-d"],
  scalac: ["-d"],
  ghc: ["-outputdir", "-odir", "-hidir", "-stubdir", "-dumpdir", "-hiedir"],
  zig: ["--prefix", "-p", "--cache-dir", "--global-cache-dir", "--prefix-lib-dir", "--prefix-exe-dir"],
  swift: ["--scratch-path", "--build-path", "--cache-path"],
  stack: ["--work-dir"],
  // Chromium and Chrome: the profile folder, the disk cache, crash dumps (a bare name too).
  chromium: ["--user-data-dir", "--crash-dumps-dir", "--disk-cache-dir"],
  "chromium-browser": ["--user-data-dir", "--crash-dumps-dir", "--disk-cache-dir"],
  "google-chrome": ["--user-data-dir", "--crash-dumps-dir", "--disk-cache-dir"],
  chrome: ["--user-data-dir", "--crash-dumps-dir", "--disk-cache-dir"],
  helm: ["-d", "--destination", "--untardir", "--output-dir"],
  // Static site generators and downloaders: the site or download folder, a bare name too (allowed before red-team round 18).
  hugo: ["-d", "--destination", "--cacheDir"],
  jekyll: ["-d", "--destination"],
  // mkdocs build -d DIR (--site-dir), sphinx-build -d DOCTREES (allowed before red-team round 22).
  mkdocs: ["-d", "--site-dir"],
  "sphinx-build": ["-d"],
  "sphinx-autobuild": ["-d"],
  // mdbook build -d DIR (--dest-dir; passed before red-team round 45).
  mdbook: ["-d", "--dest-dir"],
  "yt-dlp": ["-P", "--paths", "-o", "--output"],
  "youtube-dl": ["-o", "--output"],
  conda: ["-p", "--prefix"],
  mamba: ["-p", "--prefix"],
  // dotnet restore --packages DIR (and build/test/publish's): the NuGet packages folder (allowed before red-team round 21).
  dotnet: ["--packages"],
  micromamba: ["-p", "--prefix", "-r", "--root-prefix"],
  // asciidoctor -D DIR, PyInstaller's dist/work/spec folders (allowed before red-team round 21).
  asciidoctor: ["-D", "--destination-dir", "-o", "--out-file"],
  "asciidoctor-pdf": ["-D", "--destination-dir", "-o", "--out-file"],
  pyinstaller: ["--distpath", "--workpath", "--specpath"],
  // python -m build --outdir/-o (dist/ by default, judged below).
  build: ["-o", "--outdir"],
  zip: ["-b", "--temp-path"],
  node: ["--redirect-warnings", "--report-directory", "--report-dir", "--diagnostic-dir", "--cpu-prof-dir", "--heap-prof-dir", "--trace-event-file-pattern", "--test-reporter-destination", "--snapshot-blob", "--localstorage-file"],
};

function sideOutputs(base: string, args: Word[], out: Pick<EffectSink, "maybe">): void {
  const names = SIDE_OUTPUTS[base];
  if (!names) return;
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as Word;
    // node's own options come before the script: what follows is the script's.
    if (base === "node" && !w.text.startsWith("-")) break;
    const eq = w.text.startsWith("--") ? w.text.indexOf("=") : -1;
    const opt = eq > 0 ? w.text.slice(0, eq) : w.text;
    if (!names.includes(opt)) continue;
    const value = eq > 0 ? { ...w, text: w.text.slice(eq + 1) } : (args[++i] ?? null);
    if (value && value.text !== "stdout" && value.text !== "stderr") out.maybe(value, "write", `${base} ${opt}`);
  }
}

/** Writes by effect (docs/hooks.md "write classes"). */
/**
 * The folders a package builder puts in what it makes or uploads, every file below them: npm, pnpm,
 * yarn and bun `pack`/`publish` (package.json's `files`, else all that .npmignore or .gitignore do
 * not leave out: npm's own list leaves out .npmrc, not .env), `cargo package`/`publish` and `vsce
 * package`/`publish`. A tracked or unignored .env went into the tarball or the registry (allowed
 * before red-team round 23); a `--dry-run` (npm) or `--list` (cargo) names the files only.
 */
function packagedTrees(base: string, args: Word[], out: EffectSink): void {
  const valued = new Set(["--access", "--tag", "--otp", "--registry", "--pack-destination", "--out", "--filename", "--destination", "--workspace", "-w", "--filter", "-F", "--publish-branch", "--auth-type", "--json-file", "--target", "--features", "--manifest-path", "--index", "--token", "-p", "--package", "--config", "--jobs", "-j"]);
  const words = args.filter((a, k) => !a.text.startsWith("-") && !valued.has(args[k - 1]?.text ?? ""));
  const sub = base === "npm" ? npmCommand(words[0]?.text ?? "") : (words[0]?.text ?? "");
  const second = words[1]?.text ?? "";
  const flag = (...names: string[]) => args.some((a) => names.includes(a.text));
  const all: TreeHow = { hidden: true, ignored: false, exclude: [], excludeDir: ["node_modules", ".git"], include: [], leaveOut: "list {} in .npmignore" };
  if (["npm", "pnpm", "yarn", "bun"].includes(base)) {
    const packs = sub === "pack" || sub === "publish" || (base === "yarn" && sub === "npm" && second === "publish") || (base === "bun" && sub === "pm" && second === "pack");
    if (!packs || flag("--dry-run")) return;
    // Operands: a folder (a package of its own), or a tarball or a registry spec (not this package).
    const operands = words.slice(sub === "npm" || sub === "pm" ? 2 : 1);
    if (operands.length > 0) {
      for (const f of operands) if (!/\.(tgz|tar\.gz|tar)$/.test(f.text) && !/^[@\w][\w.-]*(\/[\w.-]+)?@/.test(f.text) && !/^(https?|git\+?\w*|file|github):/.test(f.text)) out.tree(f, all, `${base} ${sub}`);
      return;
    }
    let files: unknown = null;
    try {
      files = (JSON.parse(out.readLocal?.("package.json") ?? "null") as { files?: unknown } | null)?.files ?? null;
    } catch {
      files = null;
    }
    if (Array.isArray(files) && files.every((f) => typeof f === "string")) {
      for (const f of files) if (!f.startsWith("!")) out.tree({ text: f.replace(/^\.?\//, "") || ".", dynamic: false, glob: false, quoted: true }, { ...all, ignored: true }, `${base} ${sub} (package.json files)`);
    } else out.tree(DOT_WORD, all, `${base} ${sub}`);
    return;
  }
  if (base === "cargo" && (sub === "package" || sub === "publish") && !flag("--list", "-l")) out.tree(DOT_WORD, { ...all, excludeDir: ["target", ".git"], leaveOut: "exclude {} in Cargo.toml" }, `cargo ${sub}`);
  if (base === "vsce" && (sub === "package" || sub === "publish")) out.tree(DOT_WORD, { ...all, ignored: true, excludeDir: [".git"], leaveOut: "list {} in .vscodeignore" }, `vsce ${sub}`);
}
const DOT_WORD: Word = { text: ".", dynamic: false, glob: false, quoted: true };

function effects(base: string, args: Word[], out: EffectSink): void {
  if (out.guardReads) packagedTrees(base, args, out);
  // sphinx-build SOURCEDIR OUTPUTDIR (-M BUILDER SOURCEDIR OUTPUTDIR) and `hatch build [LOCATION]`
  // write their output folder, a bare name too (allowed before red-team round 22).
  if (base === "sphinx-build" || base === "sphinx-autobuild") {
    const ops = operands(args, new Set(["-b", "-M", "-d", "-c", "-D", "-A", "-t", "-j", "-w", "--jobs", "--builder", "--doctree-dir", "--conf-dir", "--define", "--html-define", "--tag", "--warning-file", "--port", "--host"]));
    if (ops[1]) out.maybe(ops[1], "write", `${base} OUTPUTDIR`);
  }
  // rails generate (g) and destroy (d) write or delete the files of their generator below app/,
  // db/migrate/, test/ or spec/, lib/ and config/routes.rb of the working folder (each passed before
  // red-team round 46); --pretend only prints them.
  if (base === "rails" && /^(generate|g|destroy|d)$/.test(args[0]?.text ?? "") && args.length > 1 && !args.some((a) => /^(-p|--pretend|-h|--help)$/.test(a.text))) {
    const gen = args.slice(1).find((a) => !a.text.startsWith("-"))?.text ?? "";
    const places = gen === "migration" ? ["db/migrate"] : ["app", "db/migrate", "lib", "test", "spec", "config/routes.rb"];
    for (const p of places) out.maybe({ ...(args[0] as Word), text: p, glob: false, dynamic: false }, /^d/.test(args[0]?.text ?? "") ? "delete" : "write", `rails ${args[0]?.text ?? ""} ${gen}`);
  }
  // prisma init writes prisma/schema.prisma, .gitignore and .env (adding DATABASE_URL to one that
  // is there); migrate dev and reset write the migrations beside the schema, db pull and format
  // rewrite the schema (prisma/schema.prisma, else --schema FILE). Each passed before red-team round 46.
  if (base === "prisma" && args[0] && !args.some((a) => /^(-h|--help|-v|--version)$/.test(a.text))) {
    const at = (text: string): Word => ({ ...(args[0] as Word), text, glob: false, dynamic: false });
    const k = args.findIndex((a) => /^--schema(=|$)/.test(a.text));
    const given = k < 0 ? undefined : (args[k] as Word).text.includes("=") ? at((args[k] as Word).text.slice(9)) : args[k + 1];
    const schema = given ?? at("prisma/schema.prisma");
    const [sub, sub2] = [args[0].text, args[1]?.text ?? ""];
    if (sub === "init") for (const p of ["prisma", ".env", ".gitignore"]) out.maybe(at(p), "write", "prisma init");
    if (sub === "migrate" && /^(dev|reset)$/.test(sub2)) out.maybe(given && !given.dynamic ? at(posix.join(posix.dirname(given.text), "migrations")) : given ?? at("prisma/migrations"), "write", `prisma migrate ${sub2}`);
    if ((sub === "db" && sub2 === "pull") || sub === "format") out.maybe(schema, "write", `prisma ${sub}`);
  }
  if (base === "hatch" && args[0]?.text === "build") for (const o of operands(args.slice(1), new Set(["-t", "--target"]))) out.maybe(o, "write", "hatch build LOCATION");
  // tsc-watch is tsc in watch mode: its own --onSuccess/--onFailure/… take command strings (judged
  // as commands, CMD_STRING_RUNNERS), the rest is tsc's (`tsc-watch --onSuccess 'node dist/index.js'`
  // was asked as a write of "node dist/index.js", an unknown program's operand).
  if (base === "tsc-watch") {
    const own = CMD_STRING_RUNNERS["tsc-watch"]?.commands ?? [];
    args = args.filter((a, i) => !own.includes(a.text.split("=")[0] as string) && !(i > 0 && own.includes((args[i - 1] as Word).text)));
    base = "tsc";
  }
  // terraform -chdir=DIR moves there first: its files are DIR's (`-chdir=infra plan -out=tfplan` writes
  // infra/tfplan; asked as a write of ./tfplan before the everyday sweep of round 20).
  const tfDir = base === "terraform" && args[0] && !args[0].dynamic && /^-chdir=./.test(args[0].text) ? args[0].text.slice(7) : null;
  if (tfDir !== null) args = args.map((a, i) => (i > 0 && !a.dynamic && /^-(out|state|state-out|backup|lock-file)=[^/~]/.test(a.text) ? { ...a, text: a.text.replace(/=(.*)$/, (_m, v: string) => `=${posix.join(tfDir, v)}`) } : a));
  // tsc takes every long option after one dash too (-outDir D, -noEmit): read it as --outDir.
  if (base === "tsc") args = args.map((a) => (/^-[A-Za-z][A-Za-z0-9]/.test(a.text) ? { ...a, text: `-${a.text}` } : a));
  sideOutputs(base, args, out);
  // jest --coverage (--collectCoverage) and vitest --coverage (--coverage.enabled) write coverage/ in the working folder
  // unless a coverage folder is given; pyright --createstub PKG writes typings/ there (before red-team round 12 they passed).
  if ((base === "jest" || base === "vitest") && args.some((a) => /^--(coverage|collectCoverage|collect-coverage|coverage\.enabled)(=true)?$/.test(a.text)) && !args.some((a) => /^--(coverageDirectory|coverage-directory|coverage\.reportsDirectory)(=|$)/.test(a.text))) out.here(`${base} --coverage writes coverage`, "coverage");
  if (base === "pyright" && args.some((a) => /^--createstub(=|$)/.test(a.text))) out.here("pyright --createstub writes typings", "typings");
  // eslint --init, jest --init: a configuration file in the working folder (before red-team round 12 they passed).
  if ((base === "eslint" || base === "jest") && args.some((a) => a.text === "--init")) out.here(`${base} --init writes its configuration into the working directory`);
  // eslint --cache without a location writes .eslintcache in the working folder.
  if (base === "eslint" && args.some((a) => a.text === "--cache") && !args.some((a) => /^--cache-(location|file)(=|$)/.test(a.text))) out.here("eslint --cache writes .eslintcache", ".eslintcache");
  // git-lfs install/track/pull/checkout/…: hooks in .git/hooks, .gitattributes, the global configuration, the work tree.
  if (base === "git-lfs" && !["ls-files", "status", "env", "version", "logs", "locks", "ls-locks", "pointer", "fsck", "--version", "help", ""].includes(args[0]?.text ?? "")) out.unknown(`git lfs ${args[0]?.text ?? ""} writes git hooks, .gitattributes, configuration or the work tree`);
  const outputs = TOOL_OUTPUTS[base];
  if (outputs) {
    // tsc reads option names whatever their case (--outdir, --OUTDIR).
    const named = (opt: string): string | undefined => outputs.find((o) => (base === "tsc" ? o.toLowerCase() === opt.toLowerCase() : o === opt));
    const taken = new Set<Word>();
    for (let i = 0; i < args.length; i++) {
      let w = args[i] as Word;
      // pytest -oKEY=VALUE: -o with its value glued.
      if (base === "pytest" && /^-o./.test(w.text)) w = { ...w, text: `-o=${w.text.slice(2)}` };
      // pytest -c FILE / --config-file: an ini file that may set cache_dir, log_file or addopts.
      if (base === "pytest" && (w.text === "-c" || w.text.startsWith("--config-file") || /^-c./.test(w.text))) out.unknown("pytest -c reads a configuration that may name files to write");
      // jest --config '{"cacheDirectory":"docs"}' (-c): a configuration given inline as JSON may name the folders jest writes.
      if (base === "jest" && (w.text === "-c" || w.text === "--config") && (args[i + 1]?.dynamic || args[i + 1]?.text.trimStart().startsWith("{"))) out.unknown("jest --config given as JSON may name folders jest writes");
      if (base === "jest" && w.text.startsWith("--config=") && (w.dynamic || w.text.slice(9).trimStart().startsWith("{"))) out.unknown("jest --config given as JSON may name folders jest writes");
      const eq = w.text.indexOf("=");
      // vitest --outputFile.json=F, --coverage.reportsDirectory=D: dotted sub-options of a listed one.
      const given = eq > 0 ? w.text.slice(0, eq) : w.text;
      // pytest's plugins add output options of their own (--alluredir, --json-report-file,
      // --benchmark-storage): a long option named for a file or folder is one (allowed before red-team round 19).
      const plugin = (base === "pytest" && PYTEST_PLUGIN_OUTPUT.test(given) && !PYTEST_PLUGIN_READS.test(given)) || ((base === "jest" || base === "vitest") && JS_RUNNER_OUTPUT.test(given) && !JS_RUNNER_READS.test(given)) ? given : undefined;
      const opt = named(given) ?? (given.includes(".") ? named(given.slice(0, given.indexOf("."))) : undefined) ?? plugin;
      if (!opt) continue;
      // pytest --debug writes pytestdebug.log in the working folder unless given a file.
      if (opt === "--debug" && eq <= 0) {
        out.here("pytest --debug writes pytestdebug.log", "pytestdebug.log");
        continue;
      }
      if (eq <= 0 && args[i + 1]) taken.add(args[i + 1] as Word);
      let value: Word | null = eq > 0 ? { ...w, text: w.text.slice(eq + 1) } : (args[++i] ?? null);
      // pytest -o KEY=VALUE (--override-ini): cache_dir=…, log_file=… name places pytest writes; addopts adds options.
      // mocha --reporter-option output=F: the same KEY=VALUE form.
      let fileKey = false;
      if (value && (opt === "-o" || opt === "--override-ini" || opt.startsWith("--reporter-option"))) {
        const kv = value.text.indexOf("=");
        if (/^addopts$/i.test(value.text.slice(0, kv))) out.unknown("pytest -o addopts adds options exo does not see");
        // cache_dir=docs, log_file=out, output=docs: a file or folder even as a bare name.
        // (a camelCase key too: mochawesome's reportDir; allowed before red-team round 19).
        fileKey = kv > 0 && /(dir|directory|folder|file|path|output|basetemp)$/i.test(value.text.slice(0, kv));
        value = kv > 0 ? { ...value, text: value.text.slice(kv + 1) } : value;
      }
      // Every other listed option names a file or folder, a bare name too (mypy --cache-dir=docs).
      fileKey ||= !["-o", "--override-ini", "--cov-report", "--outputjson"].includes(opt) && !opt.startsWith("--reporter-option");
      // --cov-report=xml:out.xml, -o junit_suite_name=x (only a path-like value counts)
      if (value && value.text.includes(":") && !value.text.startsWith("/")) {
        value = { ...value, text: value.text.slice(value.text.indexOf(":") + 1) };
        // --cov-report=html:DIR: a folder even as a bare name (before red-team round 12 html:docs passed).
        if (opt === "--cov-report" && value.text !== "") fileKey = true;
      }
      if (value && (value.dynamic || pathLike(value.text) || fileKey || opt.startsWith("--out") || opt.endsWith("Dir") || opt.endsWith("Directory") || ["--basetemp", "--rootdir", "--log-file", "--debug"].includes(opt))) out.maybe(value, "write", `${base} ${opt}`);
    }
    // pytest's snapshot and regression plugins rewrite their files beside the tests they run
    // (syrupy --snapshot-update, pytest-regressions --force-regen, inline-snapshot --inline-snapshot=fix:
    // the test files themselves), below the working folder without one (allowed before red-team round 19).
    if (base === "pytest" && args.some((a) => /^--(snapshot-update|force-regen|regen-all|update-snapshots?|inline-snapshot(=.*)?)$/.test(a.text) && a.text !== "--inline-snapshot=disable")) {
      const named = args.filter((a) => !taken.has(a) && !a.text.startsWith("-"));
      if (named.length === 0) out.here("pytest rewrites snapshots below the working directory");
      for (const a of named) out.maybe({ ...a, text: a.text.split("::")[0] as string }, "write", "pytest rewrites snapshots beside the tests");
    }
    // vitest -u / jest -u (--update, --updateSnapshot): snapshot files beside the tests they run;
    // with no test named, anywhere below the working folder.
    if ((base === "vitest" || base === "jest") && args.some((a) => a.text === "-u" || /^--update(Snapshot)?(=true)?$/.test(a.text))) {
      const named = args.filter((a) => !taken.has(a) && !a.text.startsWith("-") && !["run", "watch", "dev", "related", "bench"].includes(a.text));
      if (named.length === 0) out.here(`${base} -u rewrites snapshots below the working directory`);
      for (const a of named) out.maybe(a, "write", `${base} -u rewrites snapshots`);
    }
    // tsc F.ts (without --noEmit) writes F.js beside it; --init writes tsconfig.json.
    if (base === "tsc") {
      const flag = (name: string) => args.some((a) => a.text.toLowerCase() === name || a.text.toLowerCase().startsWith(`${name}=`));
      if (flag("--init")) out.here("tsc --init writes tsconfig.json", "tsconfig.json");
      if (!flag("--noemit") && !flag("-b") && !flag("--build")) {
        for (const a of args) {
          if (taken.has(a) || a.text.startsWith("-") || a.dynamic || /\.d\.[mc]?ts$/.test(a.text)) continue;
          const m = /^(.*)\.(ts|tsx|mts|cts)$/.exec(a.text);
          if (m) out.maybe({ ...a, text: `${m[1]}.${m[2] === "mts" ? "mjs" : m[2] === "cts" ? "cjs" : "js"}` }, "write", "tsc emits JavaScript beside the source");
        }
      }
    }
    return;
  }
  if (READ_ONLY.has(base)) {
    // Guarding reads: a reader's file operands are reads (od -c .env, sort .env, diff .env x).
    if (out.guardReads && !WORDS_ONLY.has(base)) for (const o of operands(args)) if (o.dynamic || pathLike(o.text)) out.add(o, "read", base);
    // diff -r prints the files that differ below both folders (allowed before round 20).
    if (out.guardReads && base === "diff") for (const t of diffTrees(args)) out.tree(t.word, t.how, "diff -r");
    // sort --compress-program=PROG runs PROG on its temporary files (sh would run the data as commands).
    if (base === "sort" && args.some((a) => /^--com/.test(a.text) && !COMPRESSORS.test(a.text.includes("=") ? a.text.slice(a.text.indexOf("=") + 1) : (args[args.indexOf(a) + 1]?.text ?? "")))) out.unknown("sort --compress-program runs a program exo does not judge");
    // ack --pager=CMD and ag --pager CMD run a command.
    if (base === "ack" && args.some((a) => /^--pager(=|$)/.test(a.text))) out.unknown("ack --pager runs a command");
    if (base === "sort" || base === "shuf") {
      for (let i = 0; i < args.length; i++) {
        const t = (args[i] as Word).text;
        if (t === "--") break;
        // --o is already unambiguous for sort and shuf.
        const value = (k: number): Word | null => (t.includes("=") ? { ...(args[i] as Word), text: t.slice(t.indexOf("=") + 1) } : k < t.length ? { ...(args[i] as Word), text: t.slice(k) } : (args[i + 1] ?? null));
        if (t.startsWith("--")) {
          if (longPrefix(t, "--output", 3)) out.add(value(t.length), "write", `${base} -o`);
          // sort -T DIR (--temporary-directory) writes its temporary files in DIR while it sorts
          // (passed before red-team round 41), as TMPDIR=DIR does.
          else if (base === "sort" && longPrefix(t, "--temporary-directory", 3)) out.maybe(value(t.length), "write", "sort -T");
          continue;
        }
        if (!/^-[a-zA-Z]/.test(t)) continue;
        // A cluster of switches ends at the first option that takes a value (the rest of the word,
        // else the next one): sort's -k, -t, -o, -S, -T, shuf's -i, -n, -o. (`sort -to -k2` splits at
        // o, and `-rTdocs` is no -o: before red-team round 41 either named a file sort writes.)
        const at = [...t.slice(1)].findIndex((c) => (base === "sort" ? "ktoST" : "ino").includes(c)) + 1;
        if (at === 0) continue;
        if (t[at] === "o") out.add(value(at + 1), "write", `${base} -o`);
        else if (t[at] === "T") out.maybe(value(at + 1), "write", "sort -T");
      }
    }
    if (base === "tree") {
      // tree -o FILE sends its listing to FILE. tree reads a cluster letter by letter, each of -L, -P,
      // -I, -H, -T and -o taking the next word in turn: -fo FILE, -Lo 2 FILE. -R (with -L) runs tree
      // again in every folder with -o 00Tree.html.
      let next = 0;
      for (let i = 0; i < args.length; i = Math.max(i + 1, next)) {
        const t = (args[i] as Word).text;
        next = i + 1;
        if (t === "--") break;
        if (t.startsWith("--")) {
          if (/^--(output|o)(=|$)/.test(t)) out.unknown(`tree ${t} may name a file tree writes`);
          continue;
        }
        if (!t.startsWith("-")) continue;
        for (const c of t.slice(1)) {
          if (c === "R") out.unknown("tree -R writes 00Tree.html in every folder it lists");
          if (!"LPIHTo".includes(c)) continue;
          if (c === "o") out.add(args[next] ?? null, "write", "tree -o");
          next++;
        }
      }
    }
    if (base === "file" && args.some((a) => a.text === "--compile" || /^-[a-zA-Z0-9]*C/.test(a.text))) {
      // file -C [-m MAGIC]: compiles each magic file (colon-separated list) into BASENAME.mgc in the
      // working folder; with none, magic.mgc.
      const magic: Word[] = [];
      for (let i = 0; i < args.length; i++) {
        const t = (args[i] as Word).text;
        if (t === "--magic-file") magic.push(...(args[i + 1] ? [args[++i] as Word] : []));
        else if (t.startsWith("--magic-file=")) magic.push({ ...(args[i] as Word), text: t.slice(13) });
        else if (/^-[a-zA-Z0-9]*m/.test(t) && !t.startsWith("--")) {
          const rest = t.slice(t.indexOf("m") + 1);
          if (rest) magic.push({ ...(args[i] as Word), text: rest });
          else if (args[i + 1]) magic.push(args[++i] as Word);
        }
      }
      if (magic.length === 0) out.here("file -C writes magic.mgc", "magic.mgc");
      for (const m of magic) {
        if (m.dynamic) out.unknown("file -C writes a .mgc file named after a computed magic file");
        else for (const one of m.text.split(":")) if (one) out.here("file -C writes the compiled magic file", `${one.replace(/\/+$/, "").split("/").pop() ?? one}.mgc`);
      }
    }
    if (base === "man" && args.some((a) => /^--(pager|html|config-file)(=|$)/.test(a.text) || /^-[a-zA-Z]*[PHC]/.test(a.text) && !a.text.startsWith("--")) && !plainManPager(args)) {
      // man -P CMD / --pager, -H[BROWSER] / --html, -C FILE (a configuration naming a pager): commands man runs on a terminal.
      out.unknown("man -P, -H or -C runs a command exo does not see");
    }
    // ss -D FILE (--diag=FILE) dumps raw netlink records into FILE (allowed before red-team round 20).
    if (base === "ss") {
      for (let k = 0; k < args.length; k++) {
        const t = (args[k] as Word).text;
        if (t === "-D" || t === "--diag") out.add(args[k + 1] ?? null, "write", "ss -D");
        else if (/^--diag=/.test(t)) out.add({ ...(args[k] as Word), text: t.slice(7) }, "write", "ss -D");
        else if (/^-[a-zA-Z]*D./.test(t) && !t.startsWith("--")) out.add({ ...(args[k] as Word), text: t.slice(t.indexOf("D") + 1) }, "write", "ss -D");
        else if (/^-[a-zA-Z]+D$/.test(t)) out.add(args[k + 1] ?? null, "write", "ss -D");
      }
    }
    if (base === "history" && args.some((a) => /^-[a-zA-Z]*[aw]/.test(a.text))) {
      // history -w/-a [FILE]: the history file ($HISTFILE without one).
      const file = operands(args)[0];
      if (file) out.add(file, "write", "history -w");
      else out.unknown("history -w writes $HISTFILE");
    }
    // iconv -o F (--output=F) writes F (the other words are encodings and inputs).
    if (base === "iconv") outputOptions(base, args, out);
    if (base === "uniq") {
      const ops = operands(args, new Set(["-f", "-s", "-w"]));
      if (ops.length >= 2) out.add(ops[1] as Word, "write", "uniq");
    }
    return;
  }
  if (VIM_NAMES.has(base) || EMACS_NAMES.has(base) || base === "kak") {
    editor(base, args, out);
    return;
  }
  const formatter = FORMATTERS[base];
  // terraform's other commands (init, apply, plan -out=F) are judged below.
  // golangci-lint run ./...: a linter, whose reports go where --output.FORMAT.path=F says (go's ./... is no file).
  if (base === "golangci-lint" && !formatter?.(args)) {
    for (let k = 0; k < args.length; k++) {
      const m = /^--output\.[a-z-]+\.path(=(.*))?$/.exec((args[k] as Word).text);
      if (m) out.maybe(m[1] !== undefined ? { ...(args[k] as Word), text: m[2] ?? "" } : (args[++k] ?? null), "write", "golangci-lint --output");
    }
    return;
  }
  // buf is a formatter (buf format -w) whose generate writes where buf.gen.yaml says.
  if (base === "buf") generatorWrites(base, args, out);
  if (formatter && !(FORMATS_BY_COMMAND.has(base) && !formatter(args))) {
    // A checker that does not rewrite still writes its report where an output option says
    // (ruff check -o F, rubocop --out F, markdownlint -o F; allowed before red-team round 19).
    if (!formatter(args)) {
      outputOptions(base, args, out);
      return;
    }
    const ops = operands(args, new Set(["--config", "-c", "--ignore-path", "--ignore-pattern", "--plugin", "--parser", "--cache-location", "--stdin-filepath", "--line-length", "-l", "--target-version", "--style", "--config-path", "-p", "--pattern", "-r", "--rewrite", "--lang", "--rule", "--preset", "--filter", "-S", "--skip", "-L", "--ignore-words-list", "-I", "--ignore-words", "-D", "--dictionary", "-x", "--exclude-file", "-e", "--extensions", "-g", "--glob", "--dialect", "--templater", ...(FORMATTER_VALUES[base] ?? [])]))
      .filter((o, k) => !["format", "fmt", "check", "fix", "lint", "run", "write", "scan", "autocorrect"].includes(o.text) && !(k === 0 && base === "crystal" && o.text === "tool") && !(k === 0 && base === "ts-migrate") && !(base === "dotnet" && ["whitespace", "style", "analyzers"].includes(o.text)))
      .slice(PATTERN_OPERANDS[base] ?? 0);
    if (ops.length === 0) out.here(`${base} rewrites files below the working directory`);
    // A pattern starting with ! leaves files out (prettier, eslint); any other is matched by the formatter itself.
    for (const o of ops) if (!o.text.startsWith("!")) out.maybe(o.text.endsWith("/...") ? { ...o, text: o.text.slice(0, -4) || "." } : { ...o, selfGlob: true }, "write", `${base} rewrites`);
    // Its output options too (svgo --output=F, ruff --output-file=F, rubocop --out F; allowed before red-team round 19).
    outputOptions(base, args, out);
    return;
  }
  // ssh and sftp: options that run a local command; their other words are judged like any program's.
  const sshOption = base === "ssh" || base === "sftp" ? sshRuns(base, args) : null;
  if (sshOption) {
    out.unknown(sshOption);
    return;
  }
  switch (base) {
    case "curl": {
      const target = (v: Word | undefined, label: string) => {
        if (v && !["-", "/dev/null", "/dev/stdout", "/dev/stderr"].includes(v.text)) out.maybe(v, "write", label);
      };
      // curl -T F file:///abs/path uploads F to a local file: a write of that path (before red-team
      // round 13 it passed). A URL ending in / receives the file's own name: the folder is judged.
      if (args.some((a) => /^--upl/.test(a.text) || (/^-[A-Za-z]/.test(a.text) && !a.text.startsWith("--") && a.text.slice(1).includes("T")))) {
        for (const a of args) {
          const m = /^file:\/\/(localhost|127\.0\.0\.1)?(\/.*)$/i.exec(a.text);
          if (!/^file:/i.test(a.text)) continue;
          if (a.dynamic || /[{}[\]]/.test(a.text)) out.unknown("curl -T uploads to a file: URL exo cannot read");
          else if (m) {
            let path = m[2] as string;
            try {
              path = decodeURIComponent(path);
            } catch {
              out.unknown("curl -T uploads to a file: URL exo cannot decode");
              continue;
            }
            out.maybe({ ...a, text: path, quoted: true, glob: false }, "write", "curl -T file:");
          } else out.unknown("curl -T uploads to a file: URL exo cannot read");
        }
      }
      for (let i = 0; i < args.length; i++) {
        const w = args[i] as Word;
        const a = w.text;
        const eq = a.startsWith("--") ? a.indexOf("=") : -1;
        const given = eq > 0 ? a.slice(0, eq) : a;
        const long = a.startsWith("--") ? (curlLong(given) ?? given) : given;
        // -K/--config FILE: a configuration that may name output files (output = "docs/x").
        if ((long.length >= 4 && "--config".startsWith(long)) || a === "-K" || (/^-[A-Za-z]+/.test(a) && !a.startsWith("--") && /^[^oDcw]*K/.test(a.slice(1)))) out.unknown("curl -K reads a configuration file that may name files to write");
        if (a.startsWith("--") && long.length >= 4 && "--write-out".startsWith(long)) {
          curlWriteOut(eq > 0 ? { ...w, text: a.slice(eq + 1) } : args[++i], out);
          continue;
        }
        if (CURL_FILE_OUT[long]) {
          if (eq > 0) target({ ...w, text: a.slice(eq + 1) }, CURL_FILE_OUT[long]);
          else {
            target(args[i + 1], CURL_FILE_OUT[long]);
            i++;
          }
        } else if (/^-[A-Za-z]+$/.test(a) || (/^-[A-Za-z]/.test(a) && !a.startsWith("--"))) {
          // a cluster of short options: the first of o, D, c or w takes the rest of the word or the next word
          const k = a.slice(1).search(/[oDcw]/);
          if (k >= 0 && a[k + 1] === "w") {
            const glued = a.slice(k + 2);
            curlWriteOut(glued ? { ...w, text: glued } : args[++i], out);
          } else if (k >= 0) {
            const flag = `-${a[k + 1]}`;
            const glued = a.slice(k + 2);
            if (glued) target({ ...w, text: glued }, CURL_FILE_OUT[flag] as string);
            else {
              target(args[i + 1], CURL_FILE_OUT[flag] as string);
              i++;
            }
          }
          if (/O/.test(a.slice(1, k >= 0 ? k + 1 : undefined))) out.here("curl -O saves a file named by the URL");
        } else if (a.length >= 9 && "--remote-name-all".startsWith(a)) out.here("curl -O saves a file named by the URL");
      }
      return;
    }
    // GnuPG: --homedir DIR holds the keyrings and trust database it creates and updates (a bare name
    // too), and these options name files it writes; GnuPG takes an unambiguous prefix of a long
    // option (--home). --options FILE reads a configuration that may name them. Before red-team
    // round 12 `gpg --homedir NAME` passed.
    case "gpg":
    case "gpg2":
    case "gpgsm":
    case "gpgv":
    case "gpg-agent":
    case "gpgconf":
    case "gpg-connect-agent":
    case "dirmngr": {
      for (let i = 0; i < args.length; i++) {
        const w = args[i] as Word;
        if (w.text === "--") break;
        if (!w.text.startsWith("--")) continue;
        const eq = w.text.indexOf("=");
        const name = eq > 0 ? w.text.slice(0, eq) : w.text;
        if (name.length >= 5 && "--options".startsWith(name)) out.unknown(`${base} --options reads a configuration that may name files it writes`);
        const writes = name.length >= 5 ? GPG_FILE_OPTIONS.find((o) => o.startsWith(name)) : undefined;
        if (!writes) continue;
        const value = eq > 0 ? { ...w, text: w.text.slice(eq + 1) } : (args[++i] ?? null);
        if (value && value.text !== "-") out.maybe(value, "write", `${base} ${writes}`);
      }
      unknownProgram(base, args, out);
      return;
    }
    case "wget": {
      // -e/--execute COMMAND (a wgetrc command: output_document=…, dir_prefix=…) and --config FILE set where wget writes.
      for (const a of args) if (/^-[a-zA-Z]*e/.test(a.text) || /^--(execute|config)(=|$)/.test(a.text)) out.unknown("wget -e/--config sets where wget writes");
      // -o/-a FILE (--output-file, --append-output): the log.
      for (let i = 0; i < args.length; i++) {
        const t = (args[i] as Word).text;
        const m = /^-[a-zA-Z]*?([oa])(.*)$/.exec(t);
        if (m && !t.startsWith("--") && !/^-[a-zA-Z]*[O]/.test(t.slice(0, t.indexOf(m[1] as string)))) out.maybe(m[2] ? { ...(args[i] as Word), text: m[2] } : (args[i + 1] ?? null), "write", "wget -o");
        else if (/^--(output-file|append-output)=/.test(t)) out.maybe({ ...(args[i] as Word), text: t.slice(t.indexOf("=") + 1) }, "write", "wget -o");
        else if (t === "--output-file" || t === "--append-output") out.maybe(args[i + 1] ?? null, "write", "wget -o");
      }
      if (args.some((a) => /^-[a-zA-Z]*O-$/.test(a.text) || a.text === "--output-document=-")) return; // -O- and -qO-: standard output
      const o = args.findIndex((a) => a.text === "-O" || a.text === "--output-document" || /^-[a-zA-Z]*O$/.test(a.text));
      const eq = args.find((a) => a.text.startsWith("--output-document="));
      const p = args.findIndex((a) => a.text === "-P" || a.text === "--directory-prefix");
      if (o >= 0) {
        const v = args[o + 1];
        if (v && v.text !== "-") out.maybe(v, "write", "wget -O");
      } else if (eq) out.maybe({ ...eq, text: eq.text.slice(18) }, "write", "wget");
      else if (p >= 0) out.maybe(args[p + 1] ?? null, "write", "wget -P");
      else out.here("wget saves a file named by the URL");
      return;
    }
    case "scp":
    case "rsync": {
      const runs = sshRuns(base, args);
      if (runs) {
        out.unknown(runs);
        return;
      }
      // rsync --daemon serves and takes files as its configuration's modules say (a module's path
      // and its `read only = no`, its pre-xfer exec), a configuration the agent may have written:
      // `rsync --daemon --config=src/r.conf`, then `rsync F rsync://localhost/m/`, wrote out of
      // scope (allowed before red-team round 42).
      if (base === "rsync" && args.some((a) => a.text === "--daemon")) {
        out.unknown("rsync --daemon serves and writes the folders its configuration names");
        return;
      }
      if (out.guardReads) for (const t of copyTrees(base, args)) out.tree(t.word, t.how, `${base} -r`);
      if (base === "rsync") {
        // Local files rsync writes besides the destination: its log and batch files; backups,
        // temporary and partial files go to folders relative to the destination.
        for (let i = 0; i < args.length; i++) {
          const t = (args[i] as Word).text;
          const eq = t.indexOf("=");
          const name = eq < 0 ? t : t.slice(0, eq);
          // -M OPT / --remote-option=OPT: options of the receiving rsync, on this machine in a local copy
          // (-M--log-file=docs/x writes docs/x; allowed before red-team round 16).
          if ((/^-[a-zA-Z]*M/.test(t) && !t.startsWith("--")) || (name.length >= 5 && "--remote-option".startsWith(name))) {
            out.unknown("rsync -M (--remote-option) passes options to the receiving rsync, which may write files");
            continue;
          }
          const full = name.length >= 5 ? ["--log-file", "--write-batch", "--only-write-batch", "--backup-dir", "--temp-dir", "--partial-dir", "--link-dest"].find((o) => o.startsWith(name)) : undefined;
          if (!full) continue;
          const value = eq < 0 ? (args[i + 1] ?? null) : { ...(args[i] as Word), text: t.slice(eq + 1) };
          if (full === "--log-file" || full.endsWith("write-batch")) {
            out.maybe(value, "write", `rsync ${full}`);
            if (full.endsWith("write-batch") && value && !value.dynamic) out.maybe({ ...value, text: `${value.text}.sh` }, "write", `rsync ${full}`);
          } else if (full === "--link-dest") out.unknown("rsync --link-dest hard-links the destination's files to a folder's, so a later write of one changes both (allowed before red-team round 13)");
          else out.unknown(`rsync ${full} writes into a folder relative to the destination`);
        }
      }
      // The options that take the next word as their value: scp's -i -P -o -F -c -l … are flags to
      // rsync (-i itemizes, -P keeps partial files, -o owners, -l links: before red-team round 16
      // `rsync -i F docs/x` read docs/x as -i's value and judged nothing).
      const ops = operands(args, new Set(base === "scp" ? ["-i", "-P", "-o", "-F", "-c", "-l", "-S", "-J", "-D", "-X"] : ["-e", "-f", "-T", "-B", "-M", "--exclude", "--include", "--rsh", "--filter", "--log-file", "--write-batch", "--only-write-batch", "--backup-dir", "--temp-dir", "--partial-dir", "--read-batch", "--link-dest", "--copy-dest", "--compare-dest", "--files-from", "--exclude-from", "--include-from", "--suffix", "--chmod", "--chown", "--max-size", "--min-size", "--timeout", "--bwlimit", "--port", "--password-file", "--rsync-path", "--remote-option", "--info", "--debug", "--out-format", "--log-file-format", "--usermap", "--groupmap", "--compress-choice", "--checksum-choice", "--max-delete", "--modify-window", "--block-size", "--iconv", "--contimeout", "--sockopts", "--skip-compress", "--stop-after", "--stop-at", "--zc", "--cc", "--address", "--outbuf", "--max-alloc"]));
      const dest = ops[ops.length - 1];
      // --read-batch=F DEST: the one operand is the destination the batch is applied to (before red-team round 12 it passed).
      const batch = base === "rsync" && args.some((a) => /^--read-batch(=|$)/.test(a.text));
      // rsync copies symlinks as links with -l (in -a) unless -L or --no-links; scp -r never does.
      const flagOn = (ch: string, long: string) => args.some((a) => !a.quoted && ((/^-[a-zA-Z]+$/.test(a.text) && a.text.includes(ch)) || a.text === long));
      const keepsLinks = base === "rsync" && (flagOn("a", "--archive") || flagOn("l", "--links")) && !flagOn("L", "--copy-links") && !args.some((a) => /^--no-(l|li|lin|link|links)$/.test(a.text));
      if ((ops.length >= 2 || batch) && dest && !/^[^/]*:/.test(dest.text)) out.maybe(dest, "write", keepsLinks ? base : `${base} (files)`);
      // To this machine under a remote's name (localhost:/abs, 127.0.0.1:docs): a local write, as
      // ssh localhost 'cmd' is judged as the command (before red-team round 13 it passed).
      const loop = ops.length >= 2 && dest && !dest.dynamic ? LOOPBACK_DEST.exec(dest.text) : null;
      if (loop) {
        const path = loop[1] as string;
        if (path.startsWith("/")) out.maybe({ ...(dest as Word), text: path }, "write", `${base} to this machine`);
        else out.unknown(`${base} copies into this machine's home folder (${dest?.text ?? ""})`);
      }
      if (has(args, "--remove-source-files")) for (const s of ops.slice(0, -1)) out.maybe(s, "delete", base);
      return;
    }
    case "ditto": {
      // macOS's ditto copies its sources, whole folders, into the last operand (with -c an archive
      // of them, with -x an archive's members): a write of that folder, a read of every file below
      // the sources (allowed before red-team round 31 as a program exo did not know).
      const ops = operands(args, new Set(["--arch", "--bom"]));
      if (ops.length < 2) {
        if (ops.length > 0) out.unknown("ditto writes where exo cannot tell");
        return;
      }
      out.maybe(ops[ops.length - 1] as Word, "write", "ditto");
      for (const s of ops.slice(0, -1)) out.tree(s, tarHow([]), "ditto");
      return;
    }
    case "find": {
      const starts: Word[] = [];
      let i = 0;
      while (i < args.length && !/^[-(!]/.test((args[i] as Word).text)) starts.push(args[i++] as Word);
      const roots = starts.length > 0 ? starts : [{ text: ".", dynamic: false, glob: false, quoted: true }];
      for (; i < args.length; i++) {
        const a = (args[i] as Word).text;
        if (a === "-delete") for (const r of roots) out.maybe(r, "delete", "find -delete");
        else if (a === "-fprint" || a === "-fprint0" || a === "-fls" || a === "-fprintf") out.add(args[i + 1] ?? null, "write", `find ${a}`);
        else if (["-exec", "-execdir", "-ok", "-okdir"].includes(a)) {
          const inner: string[] = [];
          let j = i + 1;
          while (j < args.length && ![";", "+"].includes((args[j] as Word).text)) {
            if ((args[j] as Word).dynamic) out.unknown(`find ${a} runs words computed at run time`);
            inner.push((args[j++] as Word).text);
          }
          const cmd = (inner[0] ?? "").split("/").pop() ?? "";
          if (!READ_ONLY.has(cmd) && !READERS.has(cmd)) for (const r of roots) out.maybe(r, "write", `find ${a} ${cmd}`);
          else if (out.guardReads && !WORDS_ONLY.has(cmd)) out.add(COMPUTED, "read", `find ${a} ${cmd}`);
          // A printer run on what find finds reads every such file below the roots (allowed before round 20).
          if (out.guardReads && CONTENT_PRINTERS.has(cmd)) for (const r of roots) out.tree(r, findHow(args), `find -exec ${cmd}`);
          // The command itself, with {} standing for what find finds below each root. A name made of
          // it and a suffix (`{}.bak`) is one below the root when the root cannot be found itself
          // (`-mindepth 1`, a `-name` it does not match): the root stands for it, not a sibling
          // `src.bak` (refused before red-team round 30).
          // A shell's `-c` string given {} (`sh -c 'cp "$1" "$1.bak"' _ {}`) has it as a name exo
          // cannot place (the root would be no more than one of its values: `"$1/.."`); `..` after
          // {} climbs from a depth exo does not know.
          const shell = ["sh", "bash", "zsh", "dash"].includes(cmd);
          // find puts each name in place of a {} inside a word too: in a shell's or an
          // interpreter's code (`sh -c 'echo {}'`) a name is code (`src/x;cat .env`, a file any
          // agent may make; allowed before red-team round 31).
          if ((INTERPRETERS.has(cmd) || ["ksh", "mksh", "fish", "eval"].includes(cmd) || /^python[\d.]*$/.test(cmd)) && inner.some((w, k) => k > 0 && w !== "{}" && w.includes("{}"))) out.unknown(`find ${a} puts the names it finds into ${cmd}'s code`);
          if (inner.some((w) => /\{\}.*\/\.\.(\/|$)/.test(w))) out.unknown(`find ${a} climbs out of what find finds`);
          // -execdir and -okdir run the command in the folder of what they find (the root's parent
          // for the root, any folder below it else): its other names are relative to a folder exo
          // cannot name, and {} is the root's absolute path (judged from the line's folder before
          // red-team round 31: `find src -name a.ts -execdir cat ../../.env \;` read the secret).
          const inDir = a === "-execdir" || a === "-okdir";
          for (const r of roots) {
            if (r.dynamic) continue;
            const root = inDir ? (out.place?.(r.text) ?? r.text) : r.text;
            const below = rootUnfound(args, r.text);
            const named = shell ? foundAsFirst(inner, below) : -1;
            // The script may read each name it is given as its $1: every file find finds, as a printer's.
            if (named >= 0 && out.guardReads) out.tree(r, findHow(args), `find -exec ${cmd}`);
            // (`"$1.bak"` in the script stands for the root, as `{}.bak` does.)
            const code = (w: string, k: number) => (named >= 0 && k === named - 2 ? w.replace(FOUND_ARG, '$1"$$1"') : w);
            out.recurse((inDir ? 'cd -- "$__exo_found_dir" && ' : "") + inner.map((w, k) => (w === "{}" && shell && k !== named ? '"$found"' : quote(w === "{}" ? root : /^\{\}[^/{}]+$/.test(w) && below ? root : code(w, k).replaceAll("{}", root)))).join(" "));
          }
          i = j;
        }
      }
      return;
    }
    case "meson": {
      // meson setup BUILDDIR (and the older meson BUILDDIR): the build folder is made and filled (allowed before red-team round 17, as cmake -B is not).
      const sub = args[0]?.text ?? "";
      const ops = operands(args.slice(sub === "setup" ? 1 : 0), new Set(["--prefix", "--buildtype", "-D", "--backend", "--native-file", "--cross-file", "-C"]));
      if (sub === "setup" || (ops[0] && !["compile", "test", "install", "introspect", "configure", "dist", "init", "subprojects", "wrap", "devenv", "format", "fmt", "rewrite", "env2mfile", "help"].includes(sub) && !sub.startsWith("-"))) {
        if (ops[0]) out.maybe(ops[0], "write", "meson setup");
        else out.here("meson setup makes its build folder here");
      }
      return;
    }
    case "socat":
      // socat's addresses: FILE:/OPEN:/CREATE:/GOPEN:/PIPE:/UNIX-*:PATH (and a bare path) open a local file; EXEC:/SYSTEM:/SHELL: run a command (allowed before red-team round 17).
      for (const a of args) {
        if (a.text.startsWith("-") && !a.text.includes(":")) continue;
        const m = /^([A-Za-z0-9-]+):([^,]*)/.exec(a.text);
        const kind = m ? (m[1] as string).toUpperCase() : a.text.includes("/") ? "GOPEN" : "";
        if (/^(EXEC|SYSTEM|SHELL)$/.test(kind) || a.dynamic) out.unknown(`socat ${kind || "address"} runs a command or opens a place computed at run time`);
        else if (/^(FILE|OPEN|CREATE|CREAT|GOPEN|PIPE|NAMEDPIPE|UNIX-LISTEN|UNIX-L|UNIX-CONNECT|UNIX-SENDTO|UNIX-RECVFROM|UNIX-RECV|UNIX-CLIENT|ABSTRACT-LISTEN)$/.test(kind)) {
          const path = m ? (m[2] as string) : (a.text.split(",")[0] as string);
          if (path !== "" && !["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"].includes(path)) out.maybe({ ...a, text: path }, "write", `socat ${kind}`);
        }
      }
      return;
    case "vidir":
    case "qmv":
    case "qcp":
    case "mmv":
      // vidir (moreutils) and renameutils' qmv/qcp open a folder's listing in an editor and rename,
      // copy or delete what the edited lines say: each folder (else the working one) and whatever
      // the new names are (allowed before red-team round 21: `vidir docs`).
      if (base === "mmv") {
        out.unknown("mmv moves files to names built from its patterns");
        return;
      }
      {
        const dirs = operands(args, new Set(["-f", "--format", "-e", "--editor", "-o", "--options", "-c", "--command"]));
        for (const d of dirs.length > 0 ? dirs : [{ text: ".", dynamic: false, glob: false, quoted: true }]) out.add(d, "write", `${base} renames and deletes in`);
        out.unknown(`${base} renames, copies or deletes files to names typed into an editor`);
      }
      return;
    case "sponge":
      // sponge [-a] FILE: soaks up its input, then writes FILE.
      for (const o of operands(args)) out.maybe(o, "write", "sponge");
      return;
    case "npx":
    case "bunx":
    case "pnpx": {
      calls(args, out);
      const rest = dropOptions(args, new Set(["-p", "--package", "-c", "--call"]));
      // npx prettier@3: the package's version is no part of its bin's name (before red-team round 17 it hid the formatter).
      if (rest.length > 0) out.recurse(rest.map((w, k) => quote(k === 0 ? binOf(w.text) : w.text)).join(" "));
      return;
    }
    case "npm":
    case "pnpm":
    case "yarn":
    case "bun": {
      // --prefix, -C, --dir, --cwd: the package manager works in another folder. One literal folder is
      // followed, as `cd DIR && npm …` (asked whatever the folder before red-team round 32); a computed
      // one, or several, is a folder exo cannot name.
      if (args.some((a) => /^(--prefix|-C|--dir|--cwd)(=|$)/.test(a.text))) {
        const moved = inFolder(base, args);
        if (moved) out.recurse(moved);
        else out.unknown(`${base} works in another folder (--prefix, -C, --dir or --cwd)`);
        return;
      }
      // pnpm -w (--workspace-root) is a switch: the command works at the workspace's top, which exo
      // does not look for (`pnpm -w add x` was read as the command `x`: allowed before red-team round 21).
      if (base === "pnpm" && args.some((a) => a.text === "-w" || a.text === "--workspace-root")) {
        const sub = dropOptions(args.filter((a) => a.text !== "-w" && a.text !== "--workspace-root"), new Set(["--filter", "-F"]))[0]?.text ?? "";
        if (PM_WRITES.has(sub) || sub === "run" || sub === "exec") {
          out.unknown(`pnpm -w ${sub} works at the top of the workspace`);
          return;
        }
      }
      const rest = dropOptions(args.filter((a) => !(base === "pnpm" && (a.text === "-w" || a.text === "--workspace-root"))), new Set(["--prefix", "-C", "--dir", "--cwd", "--filter", "-F", ...(base === "pnpm" ? [] : ["-w"]), "--workspace"]));
      // npm edit PKG opens node_modules/PKG in an editor, then rebuilds it; yarn plugin import writes
      // .yarn/plugins and .yarnrc.yml (both allowed before red-team round 21).
      if (base === "npm" && npmCommand(rest[0]?.text ?? "") === "edit") {
        out.unknown("npm edit changes an installed package in an editor and rebuilds it");
        return;
      }
      if (base === "yarn" && rest[0]?.text === "plugin" && ["import", "remove"].includes(rest[1]?.text ?? "")) {
        out.here("yarn plugin writes .yarn/plugins and .yarnrc.yml", ".yarnrc.yml");
        out.here("yarn plugin writes .yarn/plugins and .yarnrc.yml", ".yarn");
      }
      const sub = base === "npm" ? npmCommand(rest[0]?.text ?? "") : (rest[0]?.text ?? (base === "yarn" ? "install" : ""));
      if (["exec", "dlx", "x"].includes(sub)) {
        // pnpm exec/dlx -c (--shell-mode) and yarn exec run their words with a shell: joined as they are.
        const shellMode = (base === "pnpm" && args.some((a) => a.text === "-c" || a.text === "--shell-mode")) || (base === "yarn" && sub === "exec");
        if (base === "npm" || base === "bun") calls(rest.slice(1), out);
        const inner = dropOptions(rest.slice(1), new Set(["-p", "--package", ...(base === "pnpm" ? [] : ["-c", "--call"])])).filter((w) => !(base === "pnpm" && (w.text === "-c" || w.text === "--shell-mode")));
        if (inner.length > 0) {
          if (shellMode && inner.some((w) => w.dynamic)) out.unknown(`${base} ${sub} runs a shell command computed at run time`);
          else out.recurse(inner.map((w) => (shellMode ? w.text : quote(w.text))).join(" "));
        }
        return;
      }
      // npm test -- --outputFile=docs/x, yarn build --outDir docs: a script's output options (the
      // words npm passes on after `--`, yarn, pnpm and bun after the script's name) name files it
      // writes, as an unknown program's (allowed before red-team round 15).
      const passed = base === "npm" ? (["run", "test", "start", "restart", "stop"].includes(sub) ? rest.slice(rest.findIndex((w) => w.text === "--") + 1 || rest.length) : []) : sub === "run" ? rest.slice(2) : PM_WRITES.has(sub) || ["exec", "dlx", "x", "why", "info", "list", "ls", "outdated", "config", "pack", "publish", "cache", "store", "workspace", "workspaces", "patch"].includes(sub) ? [] : rest.slice(1);
      scriptOutputs(sub, passed, out);
      // yarn node ARGS runs node with ARGS (yarn node -e CODE; allowed before red-team round 19).
      if (base === "yarn" && sub === "node") {
        out.recurse(["node", ...rest.slice(1).map((w) => quote(w.text))].join(" "));
        return;
      }
      // yarn husky, pnpm lefthook install: yarn, pnpm and bun run a package's bin by its name.
      if (base !== "npm" && (HOOKS_MANAGERS.includes(sub) || MONOREPO_RUNNERS.has(sub))) {
        out.recurse(rest.map((w) => quote(w.text)).join(" "));
        return;
      }
      // yarn prettier --write docs, pnpm eslint --fix, yarn run black: a formatter's bin by its name (allowed before red-team round 17).
      const bin = sub === "run" ? (rest[1]?.text ?? "") : sub;
      if (base !== "npm" && FORMATTERS[bin]) {
        out.recurse(rest.slice(sub === "run" ? 1 : 0).map((w) => quote(w.text)).join(" "));
        return;
      }
      // yarn workspace NAME COMMAND …: the command runs as yarn's own in that workspace (and writes the root lockfile).
      if (base === "yarn" && sub === "workspace") {
        if (rest.length > 2) out.recurse(["yarn", ...rest.slice(2)].map((w) => quote(typeof w === "string" ? w : w.text)).join(" "));
        return;
      }
      const second = rest[1]?.text ?? "";
      // npm explore PKG -- CMD runs CMD inside the package's folder; --userconfig/--globalconfig name a
      // configuration that may set the cache, the prefix or a script shell.
      // --script-shell, --shell, --node-options, --init-module and --git name a program or module the scripts run with (allowed before red-team round 17).
      if (sub === "explore" || args.some((a) => /^--(userconfig|globalconfig|script-shell|shell|node-options|init-module|git|config\.[a-z-]*(shell|node-options|git))(=|$)/.test(a.text))) {
        out.unknown(`${base} ${sub === "explore" ? "explore runs a command in a package's folder" : "reads a configuration file or an option that names programs it runs or places it writes"}`);
        return;
      }
      // yarn set version (.yarn/releases, .yarnrc.yml), npm shrinkwrap, pnpm patch-commit: files in the project.
      if ((base === "yarn" && sub === "set") || sub === "shrinkwrap" || sub === "patch-commit") out.here(`${base} ${sub} writes project files`);
      // pnpm deploy DIR: the deployed package.
      if (base === "pnpm" && sub === "deploy") for (const o of rest.slice(1).filter((w) => !w.text.startsWith("-"))) out.maybe(o, "write", "pnpm deploy");
      // npm config set / npm set: the user's ~/.npmrc (or the project's, or the global one).
      if ((["config", "c"].includes(sub) && ["set", "delete", "edit", "fix", "rm", "del"].includes(second)) || (sub === "set" && base !== "yarn")) {
        out.unknown(`${base} config changes a configuration file (~/.npmrc or another)`);
        return;
      }
      // npm pack: the tarball goes to the working folder, or to --pack-destination/--out.
      if (sub === "pack" || (base === "bun" && sub === "pm" && second === "pack")) {
        const dest = rest.findIndex((a) => /^(--pack-destination|--destination|--out|--filename|-o)$/.test(a.text));
        const eq = rest.find((a) => /^(--pack-destination|--destination|--out|--filename)=/.test(a.text));
        if (dest >= 0) out.maybe(rest[dest + 1] ?? null, "write", `${base} pack`);
        else if (eq) out.maybe({ ...eq, text: eq.text.slice(eq.text.indexOf("=") + 1) }, "write", `${base} pack`);
        else if (!rest.some((a) => a.text === "--dry-run")) out.here(`${base} pack writes a tarball`);
        return;
      }
      // npm pkg get, npm audit (without fix): queries. npm ci and frozen installs write node_modules only.
      if ((sub === "pkg" && ["get", ""].includes(second)) || (sub === "audit" && second !== "fix")) return;
      if (sub === "ci" || sub === "install-ci-test" || rest.some((a) => a.text === "--frozen-lockfile" || a.text === "--immutable")) {
        out.here(`${base} ${sub} installs node_modules`, "node_modules");
        return;
      }
      if (PM_WRITES.has(sub)) {
        const lock = { npm: "package-lock.json", pnpm: "pnpm-lock.yaml", yarn: "yarn.lock", bun: "bun.lock" }[base];
        for (const f of ["package.json", lock, "node_modules"]) out.here(`${base} ${sub} changes dependencies`, f);
      }
      return;
    }
    case "pip":
    case "pip3":
    case "pipx":
    case "poetry":
    case "uv":
    case "gem":
    case "bundle":
    case "composer":
    case "go":
    case "cargo": {
      // poetry -C/--directory/--project, uv --directory/--project, composer -d/--working-dir, cargo
      // --manifest-path/-C, go -C, bundle --gemfile: the command works (and runs what it runs) in
      // another folder exo does not follow, as npm --prefix (allowed before red-team round 18).
      const sub = dropOptions(args, new Set(["-C", "--manifest-path"]))[0]?.text ?? "";
      const writes: Record<string, string[]> = {
        pip: ["install", "uninstall", "download", "wheel"], pip3: ["install", "uninstall", "download", "wheel"], pipx: ["install", "inject", "uninstall"],
        poetry: ["add", "remove", "install", "update", "lock", "init", "new", "version"], uv: ["add", "remove", "sync", "lock", "pip", "init", "venv"],
        gem: ["install", "uninstall", "update", "unpack", "fetch", "build"], bundle: ["install", "update", "add", "remove", "lock"], composer: ["install", "require", "remove", "update", "init"],
        go: ["get", "mod", "install", "generate", "work", "fmt", "fix"], cargo: ["add", "remove", "update", "install", "fmt", "fix", "init", "new", "generate-lockfile", "vendor"],
      };
      const elsewhere = FOLDER_OPTIONS[base];
      const moved = elsewhere ? args.find((a) => !a.quoted && elsewhere.test(a.text)) : undefined;
      // cargo and go build and test there as they do here (their build folders are recipes' output); what changes sources is unknown.
      if (moved && (!["cargo", "go"].includes(base) || (writes[base] ?? []).includes(sub) || (sub === "clippy" && args.some((a) => a.text === "--fix")))) {
        out.unknown(`${base} works in another folder (${moved.text.replace(/=.*$/, "")})`);
        return;
      }
      // go fmt / go fix ./pkg/... rewrite only the packages named below the working folder (`./…`, no `..`):
      // judged as writes of those folders (asked as writes of . before the everyday sweep of round 19).
      const gofmt = base === "go" && (sub === "fmt" || sub === "fix") ? args.slice(args.findIndex((a) => a.text === sub) + 1) : [];
      const folders = gofmt.filter((a) => !/^-(n|x)$/.test(a.text)).map((a) => (a.dynamic || a.glob || a.brace ? null : /^\.\/([^-.][^]*?)(\/\.\.\.)?$/.exec(a.text)?.[1]));
      const crate = base === "cargo" && (sub === "fmt" || (sub === "clippy" && args.some((a) => a.text === "--fix"))) && !queryOnly(base, sub, args) ? crateSources(args, out) : null;
      if (folders.length > 0 && folders.every((f) => f && !f.split("/").some((seg) => seg === ".." || seg === "." || seg === "" || seg.includes("...")))) for (const f of folders) out.here(`go ${sub}`, f as string);
      else if (crate === "unknown") out.unknown(`cargo ${sub} --all/-p/-- rewrites packages exo does not resolve`);
      else if (crate) for (const f of crate) out.here(`cargo ${sub} rewrites the package's sources`, f);
      else if ((writes[base] ?? []).includes(sub) && !queryOnly(base, sub, args)) out.here(`${base} ${sub} changes dependencies or generated files`);
      // poetry build and uv build: dist/ in the working folder unless -o says where (before red-team round 12 poetry build passed).
      if ((base === "poetry" || base === "uv") && sub === "build" && !args.some((a) => /^(-o|--output|--out-dir)(=|$)/.test(a.text) || /^-o./.test(a.text))) out.here(`${base} build writes dist`, "dist");
      // pip config set/unset/edit, go env -w, bundle config: configuration that later runs read (pip's target, GOBIN, bundle's path).
      const configVerb = args[args.findIndex((a) => a.text === "config") + 1]?.text ?? "";
      if ((["pip", "pip3", "uv"].includes(base) && sub === "config" && ["set", "unset", "edit"].includes(configVerb)) || (base === "bundle" && sub === "config" && !["", "get", "list"].includes(configVerb)) || (base === "go" && sub === "env" && args.some((a) => /^-(w|u)$/.test(a.text)))) {
        out.unknown(`${base} ${sub} changes a configuration that names where later commands write`);
      }
      // cargo clippy --fix rewrites sources; bundle package/cache fill vendor/cache.
      if ((base === "cargo" && sub === "clippy" && args.some((a) => a.text === "--fix") && !crate) || (base === "bundle" && ["package", "pack", "cache"].includes(sub))) out.here(`${base} ${sub} writes project files`);
      // Output options of the others (uv export -o F, poetry export -o F, cargo build --artifact-dir D, composer create-project X D):
      // their path words are judged as an unknown program's, except for what run/exec runs.
      if (base !== "go" && !["run", "exec"].includes(sub)) unknownProgram(base, args, out);
      // composer create-project PKG DIR: the project's folder (the package's name without one).
      if (base === "composer" && sub === "create-project") {
        const ops = args.filter((a) => !a.text.startsWith("-")).slice(1);
        if (ops[1]) out.maybe(ops[1], "write", "composer create-project");
        else out.here("composer create-project writes the project into the working directory");
      }
      // uv run, poetry run, bundle exec, pipx run: the command they run.
      if (["run", "exec"].includes(sub) && base !== "go" && base !== "cargo") {
        tailCommand(base, args.slice(args.findIndex((a) => a.text === sub) + 1), out);
        runsCommand(`${base} ${sub}`, args.slice(args.findIndex((a) => a.text === sub) + 1), out);
      }
      if (base === "go" || base === "cargo") for (let i = 0; i < args.length; i++) if (args[i]?.text === "-o" || args[i]?.text === "--target-dir") out.maybe(args[i + 1] ?? null, "write", `${base} ${args[i]?.text}`);
      // go tool pprof -output F (-output=F), go tool cover -o=F (before red-team round 12 they passed).
      if (base === "go" && sub === "tool") for (let i = 0; i < args.length; i++) {
        const t = (args[i] as Word).text;
        if (/^--?output$/.test(t)) out.maybe(args[i + 1] ?? null, "write", `go tool ${t}`);
        else if (/^--?(output|o)=/.test(t)) out.maybe({ ...(args[i] as Word), text: t.slice(t.indexOf("=") + 1) }, "write", "go tool -output");
      }
      if (base === "go" && (sub === "build" || sub === "test")) {
        // go test's profiles and output folder (-coverprofile F, -cpuprofile=F, -outputdir D, -o F, --x=F);
        // go build without -o writes the binary into the working folder, as does go test -c.
        const GO_FILES = /^--?(o|coverprofile|cpuprofile|memprofile|blockprofile|mutexprofile|trace|outputdir|pgo|modfile|overlay)$/;
        let output = false;
        for (let i = 0; i < args.length; i++) {
          const t = (args[i] as Word).text;
          const eq = t.indexOf("=");
          const name = eq > 0 ? t.slice(0, eq) : t;
          if (!GO_FILES.test(name)) continue;
          if (/^--?o$/.test(name)) output = true;
          const value = eq > 0 ? { ...(args[i] as Word), text: t.slice(eq + 1) } : (args[++i] ?? null);
          if (/^--?(pgo|modfile|overlay)$/.test(name)) continue; // read
          if (eq > 0 || !/^--?o$/.test(name)) out.maybe(value, "write", `go ${sub} ${name}`);
        }
        const pkgs = args.slice(1).filter((a) => !a.text.startsWith("-"));
        if (!output && ((sub === "build" && !pkgs.some((a) => a.text.includes("..."))) || (sub === "test" && args.some((a) => /^--?c$/.test(a.text))))) out.here(`go ${sub} writes a binary into the working directory`);
      }
      return;
    }
    case "tar": {
      const opts = tarOptions(args);
      const on = (name: string) => opts.some((o) => o.name === name);
      const values = (name: string) => opts.filter((o) => o.name === name).map((o) => o.value);
      // Options whose value tar runs as a command (a compressor other than the usual ones, a checkpoint action, a volume script, …).
      const runs = opts.find((o) => TAR_RUNS.has(o.name) || (o.name === "--use-compress-program" && !(o.value && !o.value.dynamic && COMPRESSORS.test(o.value.text))));
      if (runs) {
        out.unknown(`tar ${runs.name} runs a command`);
        return;
      }
      if (on("--remove-files")) out.unknown("tar --remove-files deletes the files it archives");
      for (const name of ["--listed-incremental", "--index-file", "--volno-file"]) for (const v of values(name)) out.maybe(v, "write", `tar ${name}`);
      const dirs = values("--directory");
      if (on("--extract") || on("--get")) {
        if (on("--absolute-names")) out.unknown("tar -P extracts members with absolute or .. names where they say");
        else if (values("--one-top-level").some((v) => v !== null)) out.unknown("tar --one-top-level=DIR extracts into a folder given by an option");
        else if (dirs.length > 1) out.unknown("tar -C given more than once: each folder is relative to the one before");
        else if (dirs.length === 1) out.maybe(dirs[0] ?? null, "write", "tar -x");
        else out.here("tar -x extracts into the working directory");
      } else if (["--create", "--append", "--update", "--concatenate", "--catenate", "--delete"].some(on)) {
        for (const v of values("--file")) if (v?.text !== "-") out.maybe(v, "write", "tar -f");
        // Guarding reads: the members it archives are read, their bytes printed with -f - (tar cf - .env;
        // allowed before red-team round 19).
        if (out.guardReads && (on("--create") || on("--append") || on("--update"))) {
          const from = dirs.length === 0 ? "" : dirs.length === 1 && dirs[0] && !dirs[0].dynamic ? `${dirs[0].text.replace(/\/+$/, "")}/` : null;
          // A folder member is every file below it (tar c . with a .env in it; allowed before round 20).
          const how = tarHow(values("--exclude").flatMap((v) => (v && !v.dynamic ? [v.text] : [])));
          for (const m of values("")) if (m && !m.text.startsWith("-")) out.tree(from === null || m.text.startsWith("/") ? m : { ...m, text: from + m.text }, how, "tar -c");
        }
      }
      return;
    }
    case "unzip": {
      const d = args.findIndex((a) => a.text === "-d");
      if (d >= 0) out.maybe(args[d + 1] ?? null, "write", "unzip -d");
      else if (!has(args, "-l", "-t", "-v", "-p", "-Z")) out.here("unzip extracts into the working directory");
      return;
    }
    // C compilers: without -o, a.out (or each source's .o with -c, .s with -S) in the working folder;
    // rustc writes the crate's binary there. -o FILE is judged as any path argument.
    case "gcc":
    case "cc":
    case "clang":
    case "g++":
    case "c++":
    case "clang++":
    case "tcc":
    case "rustc": {
      unknownProgram(base, args, out);
      if (base !== "rustc") compilerSideFiles(base, args, out);
      // rustc -C incremental=DIR (-Cincremental=DIR), -C profile-generate=DIR: folders it (or the program it builds) writes.
      else for (let i = 0; i < args.length; i++) {
        const t = (args[i] as Word).text;
        const setting = t === "-C" || t === "--codegen" ? (args[++i]?.text ?? "") : t.startsWith("-C") ? t.slice(2) : t.startsWith("--codegen=") ? t.slice(10) : "";
        const m = /^(incremental|profile-generate)=(.+)$/.exec(setting);
        if (m) out.maybe({ ...(args[i] as Word), text: m[2] as string }, "write", `rustc -C ${m[1] as string}`);
      }
      // -fsyntax-only (and -M/-MM, which print the dependencies) stop before any output (asked as a write of the working folder before the everyday sweep of round 20).
      const checksOnly = base !== "rustc" && args.some((a) => a.text === "-fsyntax-only" || a.text === "-M" || a.text === "-MM") && !args.some((a) => a.text.startsWith("-save-temps"));
      if (checksOnly || args.some((a) => /^-o/.test(a.text) || a.text === "--out-dir" || a.text.startsWith("--out-dir=") || a.text === "-E" || a.text === "--version" || a.text === "-v" || a.text === "--help")) return;
      if (args.some((a) => a.text === "-save-temps" || a.text.startsWith("-save-temps="))) out.here(`${base} -save-temps writes its temporary files into the working directory`);
      if (base === "rustc" || !args.some((a) => a.text === "-c" || a.text === "-S")) {
        if (args.some((a) => !a.text.startsWith("-"))) out.here(`${base} writes its output into the working directory`);
        return;
      }
      const ext = args.some((a) => a.text === "-S") ? ".s" : ".o";
      for (const a of args) {
        const m = /([^/]+)\.(c|cc|cpp|cxx|c\+\+|C|m|mm|s|S|i|ii)$/.exec(a.text);
        if (m && !a.text.startsWith("-")) out.here(`${base} writes ${m[1]}${ext} into the working directory`, `${m[1]}${ext}`);
      }
      return;
    }
    // Extractors that write the members' own names into the working folder (or a folder they are given).
    case "ar": {
      unknownProgram(base, args, out);
      // ar x ARCHIVE (x anywhere in the key, with or without a dash); binutils' --output=DIR moves it.
      const key = args.find((a) => !a.text.startsWith("--"));
      if (!key || !/^-?[a-zA-Z]*x/.test(key.text)) return;
      // xP: members extracted by their full path names.
      if (/P/.test(key.text)) out.unknown("ar xP extracts members by their full path names");
      const dir = args.findIndex((a) => a.text === "--output" || a.text.startsWith("--output="));
      if (dir >= 0) out.maybe((args[dir] as Word).text.includes("=") ? { ...(args[dir] as Word), text: (args[dir] as Word).text.slice(9) } : (args[dir + 1] ?? null), "write", "ar x --output");
      else out.here("ar x extracts into the working directory");
      return;
    }
    case "7za":
    case "7zr":
    case "7zz": {
      unknownProgram(base, args, out);
      if (!["x", "e"].includes(args[0]?.text ?? "")) return;
      const o = args.find((a) => /^-o./.test(a.text));
      if (o) out.maybe({ ...o, text: o.text.slice(2) }, "write", `${base} -o`);
      else out.here(`${base} ${args[0]?.text ?? ""} extracts into the working directory`);
      return;
    }
    // cue eval, export, vet, def and cmd read their packages and files: only -o (--outfile) is a
    // write (`cue vet ./config` was asked as a write of config under a scope of src/** before red-team
    // round 49); fmt, fix, trim, import, get and mod rewrite or add files.
    case "cue":
      if (/^(fmt|fix|trim|import|get|mod)$/.test(operands(args)[0]?.text ?? "")) unknownProgram(base, args, out);
      else scriptOutputs(base, args, out);
      return;
    case "jar":
      unknownProgram(base, args, out);
      if (/^-?[a-zA-Z]*x/.test(args[0]?.text ?? "") || has(args, "--extract")) {
        const c = args.findIndex((a) => a.text === "-C" || a.text === "--dir");
        if (c >= 0) out.maybe(args[c + 1] ?? null, "write", "jar -C");
        else out.here("jar x extracts into the working directory");
      }
      return;
    case "pax":
      unknownProgram(base, args, out);
      if (args.some((a) => /^-[a-zA-Z]*r/.test(a.text))) out.unknown("pax -r extracts the archive's own paths");
      return;
    case "bsdtar":
    case "unrar":
    case "rar":
    case "cabextract":
    case "lha":
    case "arj":
    case "unar":
    case "atool":
    case "aunpack":
    case "uudecode":
    case "unshar":
      // Paths taken from inside the archive (absolute or with .., for some of them).
      unknownProgram(base, args, out);
      if (base === "bsdtar" && !args.some((a) => /^-?[a-zA-Z]*x/.test(a.text) && !a.text.startsWith("--"))) return;
      if ((base === "unrar" || base === "rar" || base === "lha" || base === "arj") && !/^-?[xe]/.test(args[0]?.text ?? "")) return;
      if (base === "atool" && !has(args, "-x", "--extract", "-X", "--extract-to")) return;
      out.unknown(`${base} writes files named inside the archive`);
      return;
    case "robocopy":
    case "xcopy": {
      // Windows' copiers (run from PowerShell): SOURCE DEST, options as /WORD (robocopy /MIR purges
      // DEST, /MOV and /MOVE delete what they copy); xcopy without DEST copies into the working
      // folder (a bare folder name was no write before red-team round 20).
      const ops = args.filter((a) => !/^\/[A-Za-z?][A-Za-z0-9-]*(:.*)?$/.test(a.text));
      // The source folder's files are read (every depth with /S, /E, /MIR), dot files too: Windows
      // hides no file for its name (`robocopy . /tmp/x /E` copied .env; allowed before red-team round 21).
      if (out.guardReads && ops[0]) out.tree(ops[0], { hidden: true, ignored: true, exclude: [], excludeDir: [], include: [], leaveOut: "/XF {}", ...(args.some((a) => /^\/(s|e|mir)$/i.test(a.text)) ? {} : { depth: 1 }) }, base);
      const dest = ops[1];
      if (dest) out.maybe(dest, "write", base);
      else if (base === "xcopy" && ops[0]) out.here("xcopy copies into the working directory");
      if (args.some((a) => /^\/mov(e)?$/i.test(a.text)) && ops[0]) out.maybe(ops[0], "delete", base);
      // robocopy /LOG:F (/LOG+:, /UNILOG:, /UNILOG+:) writes its log to F.
      for (const a of args) {
        const log = /^\/(uni)?log\+?:(.+)$/i.exec(a.text);
        if (log) out.maybe({ ...a, text: log[2] as string }, "write", `${base} /LOG`);
      }
      return;
    }
    case "corepack": {
      // corepack npm|pnpm|yarn[@V] ARGS runs that package manager, its scripts too (`cd src &&
      // corepack pnpm w` ran a script of src/package.json unread before red-team round 39).
      const pm = /^(npm|npx|pnpm|pnpx|yarn|yarnpkg)(@.*)?$/.exec(args[0]?.text ?? "");
      if (pm && !(args[0] as Word).dynamic) {
        out.recurse([pm[1] as string, ...args.slice(1).map((w) => w.text)].map((t) => quote(t)).join(" "));
        return;
      }
      // corepack use/up PM@V writes packageManager into the package.json and installs with it (the
      // lockfile, node_modules); --install-directory D puts its shims in D (allowed before red-team round 20).
      unknownProgram(base, args, out);
      if (args[0]?.text === "use" || args[0]?.text === "up") out.here(`corepack ${args[0].text} writes package.json and installs`);
      for (let k = 0; k < args.length; k++) {
        const t = (args[k] as Word).text;
        if (t === "--install-directory") out.maybe(args[k + 1] ?? null, "write", "corepack --install-directory");
        else if (t.startsWith("--install-directory=")) out.maybe({ ...(args[k] as Word), text: t.slice(20) }, "write", "corepack --install-directory");
      }
      return;
    }
    case "jupyter":
      jupyterServer(args[0]?.text ?? "", args.slice(1), out);
      return;
    case "marimo":
      // marimo edit is a notebook server as jupyter's: it runs the code its clients send.
      if (args[0]?.text === "edit") out.unknown("marimo edit runs the code and file edits its clients send");
      return;
    case "jupyter-notebook":
    case "jupyter-lab":
    case "jupyter-server":
    case "jupyter-nbclassic":
    case "jupyter-kernel":
    case "jupyter-console":
    case "jupyter-qtconsole":
      jupyterServer(base.slice(8), args, out);
      return;
    case "http-server": {
      // npm's http-server serves every file below its folder (./public when there is one, else the
      // working folder), dot files too unless --no-dotfiles (allowed before red-team round 42).
      if (args.some((a) => a.text === "--no-dotfiles")) return;
      const dir = operands(args, new Set(["-p", "--port", "-a", "-c", "-e", "--ext", "-P", "--proxy", "--proxy-options", "--username", "--password", "-t", "--timeout", "-C", "--cert", "-K", "--key", "--mimetypes"]))[0];
      if (dir) out.tree(dir, SERVED, "http-server");
      else {
        out.tree(DOT_WORD, SERVED, "http-server");
        out.tree({ ...DOT_WORD, text: "public" }, SERVED, "http-server");
      }
      return;
    }
    case "artisan":
      unknownProgram(base, args, out);
      artisanWrites({ ...DOT_WORD, text: "artisan" }, args, out);
      return;
    case "serve": {
      // vercel's serve serves every file below its folder (the working folder without one), dot
      // files and folders too (allowed before red-team round 43).
      const dir = operands(args, new Set(["-l", "--listen", "-p", "--port", "-c", "--config", "--ssl-cert", "--ssl-key", "--ssl-pass"]))[0];
      out.tree(dir ?? DOT_WORD, SERVED, "serve");
      return;
    }
    case "caddy": {
      // caddy file-server serves every file below --root (the working folder without one), dot
      // files too (allowed before red-team round 43).
      if (args[0]?.text !== "file-server") return;
      const roots = pyOption(args, "-r", "--root");
      for (const d of roots.length > 0 ? roots : [DOT_WORD]) out.tree(d, SERVED, "caddy file-server");
      return;
    }
    case "httpd": {
      // busybox's httpd serves every file below -h HOME (the working folder without one), dot files
      // too, and runs its cgi-bin's scripts (allowed before red-team round 43). Apache's httpd reads
      // its configuration (-f, -d) and is asked as serving the working folder too, but for its
      // information switches and busybox's -d/-e/-m, which only print.
      if (args.length > 0 && args.every((a) => /^-([vVtSMlLX?]|h)$/.test(a.text))) return;
      if (args.some((a) => /^-[dem]$/.test(a.text))) return;
      const home = pyOption(args, "-h", "--home").filter((h) => h === null || !h.text.startsWith("-"));
      for (const d of home.length > 0 ? home : [DOT_WORD]) out.tree(d, SERVED, "httpd");
      return;
    }
    case "zip": {
      // -sf (--show-files) only lists; -T (--test) and -l (--to-crlf) still write the archive first.
      if (has(args, "-sf", "--show-files")) return;
      // -TT CMD (--unzip-command): the command zip runs to test the archive.
      // Glued (-TTCMD, -TT=CMD), in a cluster (-qTT CMD) or abbreviated (--unzip=CMD), as zip's
      // parser takes them (each passed before red-team round 42).
      if (args.some((a) => /^-[^-]*TT/.test(a.text) || /^--unz/.test(a.text))) out.unknown("zip -TT runs a command to test the archive");
      const ops = operands(args, new Set(["-x", "-i", "-b", "-n", "-t", "-tt", "-P", "-Z", "-O", "--out", "--output-file", "-TT", "--unzip-command", "--temp-path", "--password"]));
      const archive = ops[0];
      if (archive && archive.text !== "-") out.maybe(archive, "write", "zip");
      if (out.guardReads) for (const t of copyTrees("zip", args)) out.tree(t.word, t.how, "zip -r");
      // -m (--move): the files added are deleted.
      if (args.some((a) => a.text === "--move" || (/^-[a-zA-Z]*m[a-zA-Z]*$/.test(a.text) && !a.text.startsWith("--")))) for (const f of ops.slice(1)) out.maybe(f, "delete", "zip -m");
      // -O F (--out, --output-file; also -OF and --out=F) writes the new archive there, and -b DIR
      // (--temp-path) its temporary archive (the long and glued forms allowed before red-team round 19).
      for (let k = 0; k < args.length; k++) {
        const t = (args[k] as Word).text;
        if (t === "--") break;
        const m = /^(-O|-b|--output-file|--out|--temp-path)(=?)(.*)$/.exec(t);
        if (!m || (m[2] === "" && m[3] !== "" && t.startsWith("--"))) continue;
        out.maybe(m[3] !== "" ? { ...(args[k] as Word), text: m[3] as string } : (args[++k] ?? null), "write", `zip ${m[1] as string}`);
      }
      return;
    }
    case "gzip":
    case "gunzip":
    case "bzip2":
    case "bunzip2":
    case "xz":
    case "unxz":
    case "zstd":
    case "7z":
      // 7z x / 7z e is 7-Zip's extraction, as 7za's (allowed before red-team round 29 under a
      // scope of **, read as a compressor's write of the words `x` and the archive).
      if (base === "7z" && ["x", "e"].includes(args[0]?.text ?? "")) {
        unknownProgram(base, args, out);
        const o = args.find((a) => /^-o./.test(a.text));
        if (o) out.maybe({ ...o, text: o.text.slice(2) }, "write", `${base} -o`);
        else out.here(`${base} ${args[0]?.text ?? ""} extracts into the working directory`);
        return;
      }
      if (has(args, "-c", "--stdout", "-l", "--list", "-t", "--test")) return;
      // xz --files=LIST: the files to compress are read from LIST.
      if (args.some((a) => /^--files0?(=|$)/.test(a.text))) out.unknown(`${base} --files compresses the files a list names`);
      {
        // -S SUF / --suffix=SUF: the output is FILE + SUF, which a SUF with a slash puts elsewhere
        // (gzip -S ../../../../docs/x src/a/f writes docs/x once src/a/f.. is a folder).
        let suffix: Word | null = null;
        const files: Word[] = [];
        let all = false;
        for (let k = 0; k < args.length; k++) {
          const a = args[k] as Word;
          const t = a.text;
          if (all || a.quoted || !t.startsWith("-") || t === "-") files.push(a);
          else if (t === "--") all = true;
          else if (t === "-S" || t === "--suffix" || (t.startsWith("--") && t !== "--suffix" && longPrefix(t, "--suffix", 4) && !t.includes("="))) suffix = args[++k] ?? null;
          else if (t.startsWith("--") && t.includes("=") && longPrefix(t, "--suffix", 4)) suffix = { ...a, text: t.slice(t.indexOf("=") + 1) };
          else if (/^-[a-zA-Z0-9]*S./.test(t)) suffix = { ...a, text: t.slice(t.indexOf("S") + 1) };
          // zstd --output-dir-flat=DIR, --output-dir-mirror=DIR (before red-team round 12 they passed); --filelist=F names the files.
          else if (base === "zstd" && /^--output-dir-(flat|mirror)=/.test(t)) files.push({ ...a, text: t.slice(t.indexOf("=") + 1) });
          else if (base === "zstd" && /^--filelist(=|$)/.test(t)) out.unknown("zstd --filelist compresses the files a list names");
        }
        for (const o of files) {
          if (o.text === "-") continue;
          out.maybe(o, "write", base);
          if (suffix && (suffix.dynamic || suffix.text.includes("/"))) out.maybe({ ...o, text: o.text + suffix.text, dynamic: o.dynamic || suffix.dynamic }, "write", `${base} -S`);
        }
      }
      return;
    case "awk":
    case "gawk":
    case "mawk":
    case "nawk": {
      // Options as awk reads them, up to the program: clusters and glued values (-fFILE, -vx=1,
      // -iinplace), long options and their prefixes; gawk's -o/-p/-d write a file of their own.
      let programFile = false;
      let inplace = false;
      const texts: Word[] = [];
      // -v NAME=VALUE: the values a getline from NAME reads.
      const assigned: Word[] = [];
      let k = 0;
      for (; k < args.length; k++) {
        const w = args[k] as Word;
        const t = w.text;
        if (t === "--") {
          k++;
          break;
        }
        if (!t.startsWith("-") || t === "-") break;
        const take = (what: string, value: Word | undefined) => {
          if (what === "f" || what === "E") programFile = true;
          else if (what === "e" && value) texts.push(value);
          else if (what === "i") {
            if (value && /^inplace(\.awk)?$/.test(value.text)) inplace = true;
            else programFile = true; // an awk source file from AWKPATH
          } else if (what === "l") out.unknown(`${base} -l loads an extension that may write files`);
          else if (what === "v" && value) assigned.push(value);
          else if (what === "W" && value && /^e/.test(value.text)) programFile = true; // mawk -W exec FILE
          else if ("opd".includes(what)) out.unknown(`${base} -${what} writes a profile, listing or variable dump`);
        };
        if (t.startsWith("--")) {
          const eq = t.indexOf("=");
          const name = eq < 0 ? t : t.slice(0, eq);
          const long: Record<string, string> = { "--file": "f", "--exec": "E", "--source": "e", "--include": "i", "--load": "l", "--assign": "v", "--field-separator": "F", "--pretty-print": "o", "--profile": "p", "--dump-variables": "d" };
          const full = Object.keys(long).find((o) => name.length >= 4 && o.startsWith(name));
          if (!full) continue;
          const what = long[full] as string;
          const value = eq >= 0 ? { ...w, text: t.slice(eq + 1) } : "opd".includes(what) ? undefined : args[++k];
          take(what, value);
          continue;
        }
        for (let j = 1; j < t.length; j++) {
          const ch = t[j] as string;
          const glued = t.slice(j + 1);
          if ("fEeilvFW".includes(ch)) {
            take(ch, glued !== "" ? { ...w, text: glued } : args[++k]);
            break;
          }
          if ("opd".includes(ch)) {
            take(ch, undefined); // the file, if any, is glued: -oFILE
            break;
          }
        }
      }
      const after = args.slice(k);
      const programs = programFile || texts.length > 0 ? texts : after.slice(0, 1);
      const files = programFile || texts.length > 0 ? after : after.slice(1);
      const ops = files.filter((o) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(o.text));
      if (inplace) for (const o of ops) out.maybe(o, "write", "awk -i inplace");
      if (out.guardReads) for (const o of ops) out.add(o, "read", base);
      // The program itself: print > "file", print | "cmd", system(…).
      if (programFile) out.unknown(`${base} runs a program file that may write files`);
      for (const program of programs) if (program.dynamic || AWK_WRITES.test(program.text)) out.unknown(`${base} program writes files or runs commands`);
      // getline < FILE reads FILE; getline < VAR a file exo cannot name (allowed before red-team round 21).
      if (out.guardReads) {
        for (const program of programs) {
          if (program.dynamic) continue;
          const { files: read, computed, exprs } = awkReads(program.text);
          for (const f of read) out.add({ ...program, text: f, glob: false }, "read", `${base} getline`);
          // The file a variable names is most likely one of the program's strings (f=".env"; getline < f).
          if (computed) for (const m of program.text.matchAll(/"([^"\\]*)"/g)) if ((m[1] ?? "") !== "") out.add({ ...program, text: m[1] as string, glob: false }, "read", `${base} getline`);
          // A variable -v gives (-v f=.env), or one the program computes (f = ".e" "nv", sprintf, a
          // parenthesised concatenation): its values, else every file below the working folder (each
          // passed before red-team round 49). ARGV[N] and FILENAME are operands, read as such.
          const given = [...assigned, ...files].filter((w) => !w.dynamic && /^[A-Za-z_]\w*=/.test(w.text)).map((w) => w.text);
          for (const expr of exprs) {
            if (/^(ARGV\[\s*\d+\s*\]|FILENAME)$/.test(expr)) continue;
            const values = [...assigned, ...files].some((w) => w.dynamic && w.text.startsWith(`${expr}=`)) ? null : awkValues(program.text, expr, given);
            if (values === null) out.tree(DOT_WORD, { hidden: true, ignored: true, exclude: [], excludeDir: [], include: [] }, `${base} getline < ${expr} reads a file the program computes`);
            else for (const v of values) out.add({ ...program, text: v, glob: false }, "read", `${base} getline`);
          }
        }
      }
      return;
    }
    case "yq":
    case "xq":
    case "tomlq": {
      // mikefarah's yq -i/--inplace (also in a cluster, -Pi), the python yq's -i/--in-place (-yi):
      // every operand after the expression is rewritten; with --from-file the expression is a file
      // (before red-team round 17 -Pi, --in-place and --from-file=F passed).
      const inPlace = has(args, "--inplace", "--in-place") || short(args, "i");
      if (!inPlace && !out.guardReads) return;
      const ops = operands(args.filter((a) => !/^--[a-z-]+=/.test(a.text)), new Set(["--from-file", "--front-matter", "-o", "--output-format", "-p", "--input-format", "-I", "--indent", "--expression", "--arg", "--argjson", "--args", "--jsonargs", "-f"])).filter((o, k) => k > 0 || !["e", "eval", "ea", "eval-all"].includes(o.text));
      const fromFile = args.some((a) => /^--from-file(=|$)/.test(a.text) || a.text === "-f" || a.text === "--expression");
      // Without -i the files are read and printed (yq . .env; allowed before red-team round 19).
      for (const o of fromFile ? ops : ops.slice(1)) out.add(o, inPlace ? "write" : "read", inPlace ? `${base} -i` : base);
      // mikefarah's yq -s EXPR (--split-exp) writes each document to a file its expression names
      // (`yq -s '"../docs/" + .name' F` passed before red-team round 42).
      if (base === "yq" && args.some((a) => /^--split-exp(=|$)/.test(a.text) || /^-[^-=opI]*s/.test(a.text))) out.unknown("yq -s writes each document to a file its expression names");
      if (!out.guardReads) return;
      // Its load operators (load, load_str, load_xml, load_props, load_base64) read the file they
      // name: `yq -n 'load_str(".env")'` printed the secret before red-team round 42. A name the
      // expression computes, or an expression exo cannot see, is asked.
      const expressions: Word[] = [];
      for (let k = 0; k < args.length; k++) {
        const t = (args[k] as Word).text;
        if (t === "--expression" && args[k + 1]) expressions.push(args[k + 1] as Word);
        else if (t.startsWith("--expression=")) expressions.push({ ...(args[k] as Word), text: t.slice(13) });
      }
      if (!fromFile && ops[0]) expressions.push(ops[0]);
      if (args.some((a) => /^--from-file(=|$)/.test(a.text) || a.text === "-f")) out.unknown(`${base} --from-file runs an expression that may load files`);
      for (const e of expressions) {
        if (e.dynamic) out.unknown(`${base}'s expression is computed at run time and may load files`);
        else for (const m of e.text.matchAll(/\bload(?:_[a-z0-9]+)?\s*\((\s*"([^"\\]*)"\s*\))?/g)) {
          if (m[2] === undefined) out.unknown(`${base} loads a file its expression computes`);
          else out.add({ ...e, text: m[2], glob: false }, "read", `${base} load`);
        }
      }
      return;
    }
    case "split":
    case "csplit": {
      // The pieces are PREFIXaa… (split FILE PREFIX, csplit -f PREFIX): the prefix may name another folder.
      const values = base === "split" ? ["-a", "-b", "-C", "-l", "-n", "-t", "--additional-suffix", "--filter", "--suffix-length", "--bytes", "--line-bytes", "--lines", "--number", "--separator"] : ["-f", "--prefix", "-b", "--suffix-format", "-n", "--digits"];
      const ops = operands(args.filter((a) => !/^--[a-z-]+=/.test(a.text)), new Set(values));
      let prefix: Word | undefined = base === "split" ? ops[1] : undefined;
      for (let i = 0; i < args.length && base === "csplit"; i++) {
        const t = (args[i] as Word).text;
        if (t === "-f" || t === "--prefix") prefix = args[i + 1];
        else if (/^-f./.test(t)) prefix = { ...(args[i] as Word), text: t.slice(2) };
        else if (t.startsWith("--prefix=")) prefix = { ...(args[i] as Word), text: t.slice(9) };
      }
      if (base === "split" && args.some((a) => a.text.startsWith("--filter"))) out.unknown("split --filter runs a command");
      if (prefix && prefix.text !== "-") out.maybe(prefix.dynamic ? prefix : { ...prefix, text: prefix.text.endsWith("/") ? prefix.text : posix.dirname(prefix.text) }, "write", `${base} prefix`);
      else out.here(`${base} writes pieces into the working directory`);
      return;
    }
    case "nano":
    case "ed":
    case "code":
      for (const o of operands(args)) out.maybe(o, "write", base);
      return;
    case "gh": {
      const [sub, verb] = [args[0]?.text ?? "", args[1]?.text ?? ""];
      if ((sub === "pr" && verb === "checkout") || (sub === "repo" && verb === "sync")) out.unknown(`gh ${sub} ${verb} rewrites the work tree`);
      else if ((sub === "repo" || sub === "gist") && verb === "clone") out.maybe(operands(args.slice(2))[1] ?? { text: ".", dynamic: false, glob: false, quoted: true }, "write", `gh ${sub} clone`);
      else if ((sub === "run" || sub === "release") && verb === "download") {
        const d = args.findIndex((a) => a.text === "-D" || a.text === "--dir");
        out.maybe(d >= 0 ? (args[d + 1] ?? null) : { text: ".", dynamic: false, glob: false, quoted: true }, "write", `gh ${sub} download`);
      } else if (sub === "extension" || sub === "alias") out.unknown(`gh ${sub} installs or runs commands`);
      return;
    }
    case "docker":
    case "podman":
    case "nerdctl":
    case "docker-compose":
    case "podman-compose": {
      // `docker container run|exec|cp …` is `docker run|exec|cp …` (before red-team round 20 the
      // management-command form passed `-v $PWD:/w`).
      let sub = base.endsWith("-compose") ? "compose" : args[0]?.text ?? "";
      if (sub === "container" && ["run", "create", "exec", "cp", "export"].includes(args[1]?.text ?? "")) {
        sub = args[1]?.text ?? "";
        args = args.slice(1);
      }
      // A command run in a container (docker exec, compose run/exec) writes whatever the container
      // mounts, which exo cannot see (the project, as compose files usually mount it), and so does
      // one given another container's volumes (allowed before red-team round 20).
      if (sub === "exec") out.unknown(`${base} exec runs a command in a container that may mount the project`);
      if (sub === "compose") {
        const words = base.endsWith("-compose") ? args : args.slice(1);
        let k = 0;
        while (k < words.length && (words[k] as Word).text.startsWith("-")) k += /^(-f|--file|-p|--project-name|--project-directory|--env-file|--profile|--ansi|--parallel|--progress)$/.test((words[k] as Word).text) ? 2 : 1;
        const verb = words[k]?.text ?? "";
        if (["run", "exec", "cp"].includes(verb)) out.unknown(`${base} ${verb} runs a command in (or copies with) a container that may mount the project`);
        // compose config (convert) prints the model with each service's env_file merged into its
        // environment and every ${VAR} filled from the project's .env (allowed before red-team round
        // 38); --services, --images, -q and the like print no value.
        if ((verb === "config" || verb === "convert") && out.guardReads && !words.slice(k + 1).some((w) => /^(--(services|volumes|profiles|images|networks|variables|quiet|hash)(=.*)?|-q)$/.test(w.text))) for (const f of composeEnvFiles(words.slice(0, k), out)) out.add(f, "read", `${base} ${verb} prints the values of`);
        return;
      }
      if (["ps", "images", "logs", "inspect", "version", "info", "pull", "push", "login", "stats", "top", "history", "search", "tag"].includes(sub)) return;
      if (sub === "build" || sub === "buildx" || (sub === "image" && args[1]?.text === "build")) {
        // --secret id=X,src=F hands the build a file (a Dockerfile's RUN --mount=type=secret prints it; allowed before red-team round 38).
        if (out.guardReads) for (let i = 0; i < args.length; i++) {
          const t = (args[i] as Word).text;
          const value = t === "--secret" ? args[++i] : t.startsWith("--secret=") ? { ...(args[i] as Word), text: t.slice(9) } : undefined;
          const file = value ? /(?:^|,)(?:src|source)=([^,]+)/.exec(value.text)?.[1] : undefined;
          if (value && (file !== undefined || value.dynamic)) out.add({ ...value, text: file ?? value.text }, "read", `${base} build --secret`);
        }
        const o = args.findIndex((a) => a.text === "-o" || a.text === "--output" || a.text.startsWith("--output=") || a.text.startsWith("--iidfile") || a.text.startsWith("--metadata-file"));
        if (o >= 0) out.unknown(`${base} build writes its output to the host`);
        return;
      }
      if (["run", "create"].includes(sub) && args.some((a) => /^(-v|--volume|--mount|--volumes-from)(=|$)/.test(a.text) || /^-v./.test(a.text))) out.unknown(`${base} ${sub} may write into the folders it mounts`);
      else if (sub === "cp") out.unknown(`${base} cp copies files onto the host`);
      // docker save/export -o F (image save, container export), context export NAME F: a tarball on the host (before red-team round 12 they passed).
      const verb = ["image", "container", "context"].includes(sub) ? `${sub} ${args[1]?.text ?? ""}` : sub;
      if (["save", "export", "image save", "container export"].includes(verb)) {
        for (let i = 0; i < args.length; i++) {
          const t = (args[i] as Word).text;
          if (t === "-o" || t === "--output") out.maybe(args[i + 1] ?? null, "write", `${base} ${verb} -o`);
          else if (t.startsWith("--output=") || /^-o./.test(t)) out.maybe({ ...(args[i] as Word), text: t.slice(t.startsWith("--") ? 9 : 2) }, "write", `${base} ${verb} -o`);
        }
      } else if (verb === "context export") {
        const file = operands(args.slice(2))[1];
        if (file && file.text !== "-") out.maybe(file, "write", `${base} context export`);
        else if (!file) out.here(`${base} context export writes NAME.dockercontext`);
      }
      return;
    }
    case "codex":
    case "claude":
    case "gemini":
    case "qwen":
    case "opencode":
    case "goose":
    case "crush":
    case "cursor-agent":
    case "copilot":
    case "amp":
    case "aider": {
      // A coding agent run from the line (codex exec, claude -p, gemini -p, opencode run, …) edits
      // and reads files as its own prompt leads it, outside this session's hooks (allowed before
      // red-team round 38: `codex exec --full-auto 'update the readme'`); codex apply writes a cloud
      // task's diff. Asking for its version, its help or its login is harmless.
      const first = operands(args)[0]?.text ?? "";
      const given = (re: RegExp) => args.some((a) => re.test(a.text));
      const runs =
        base === "codex" ? (first !== "" && !["login", "logout", "completion", "help", "features", "mcp"].includes(first)) || given(/^(-a|--ask-for-approval|--full-auto|--dangerously-bypass-approvals-and-sandbox|--yolo)(=|$)/)
        : base === "claude" || base === "cursor-agent" ? given(/^(-p|--print)$|^-[a-zA-Z]*p[a-zA-Z]*$/) || (base === "cursor-agent" && first !== "" && !["login", "logout", "status", "update", "help", "mcp", "ls", "resume"].includes(first))
        : base === "gemini" || base === "qwen" ? given(/^(-p|--prompt|-i|--prompt-interactive|-y|--yolo|--approval-mode)(=|$)/) || (first !== "" && !["mcp", "extensions", "help"].includes(first))
        : base === "opencode" || base === "goose" || base === "crush" ? first === "run"
        : base === "copilot" ? given(/^(-p|--prompt)(=|$)/)
        : base === "amp" ? given(/^(-x|--execute)(=|$)/)
        : given(/^(-m|--message|--message-file|-f)(=|$)/);
      if (runs && !args.every((a) => /^(-h|--help|-V|-v|--version)$/.test(a.text))) out.unknown(`${base} runs a coding agent whose edits and reads exo cannot see`);
      return;
    }
    case "fd":
    case "fdfind":
      // fd lists the names that match (asked as writes of its pattern and folders before the everyday
      // sweep of round 20); -x/-X (--exec, --exec-batch) run a command on each match, judged unknown.
      if (args.some((a) => a.dynamic || /^--exec(-batch)?(=|$)|^-[a-zA-Z]*[xX]/.test(a.text))) out.unknown(`${base} -x runs a command on each file it finds`);
      return;
    case "make":
    case "cmake":
      // make --eval=TEXT (-E TEXT): a rule, with its recipe, given on the command line (before red-team round 12 --eval= passed).
      // -E TEXT apart or in a cluster (-kE TEXT) too, where cmake's message named it.
      if (base === "make" && args.some((a) => /^--eval(=|$)/.test(a.text) || /^-[A-Za-z]*E/.test(a.text))) {
        out.unknown("make --eval runs a recipe given on the command line");
        return;
      }
      // cmake -E touch/copy/rename/remove … and cmake -P script: file operations, not a build.
      if (args.some((a) => a.text === "-E" || a.text === "-P")) {
        out.unknown(`cmake ${args.some((a) => a.text === "-E") ? "-E runs a file command" : "-P runs a script"} that may write anywhere`);
        return;
      }
      // cmake -B DIR (or -BDIR): the build folder it configures; --install … --prefix DIR, --install-prefix DIR.
      for (let i = 0; i < args.length; i++) {
        const t = (args[i] as Word).text;
        if (t === "-B" || t === "--prefix" || t === "--install-prefix" || t === "--graphviz") out.maybe(args[i + 1] ?? null, "write", `cmake ${t}`);
        else if (/^-B./.test(t)) out.maybe({ ...(args[i] as Word), text: t.slice(2) }, "write", "cmake -B");
        else if (/^--(prefix|install-prefix|graphviz)=/.test(t)) out.maybe({ ...(args[i] as Word), text: t.slice(t.indexOf("=") + 1) }, "write", `cmake ${t.slice(0, t.indexOf("="))}`);
      }
      return;
    case "ninja":
    case "gradle":
    case "./gradlew":
    case "mvn":
      return; // recipes run arbitrary commands; the PostToolUse backstop and finish diff see their effects
    default: {
      // Miller's --prepipe/--prepipex run a command on each file, and its DSL's system() and exec() a
      // command; put -f/-s runs a DSL file (`mlr -n put 'end{print system("cat .env")}'` passed
      // before red-team round 42).
      if (base === "mlr" && (args.some((a) => /^--prepipex?(=|$)/.test(a.text) || /\b(system|exec)\s*\(/.test(a.text)) || args.some((a, k) => /^(put|filter)$/.test(a.text) && /^-[fs]$/.test(args[k + 1]?.text ?? "")))) out.unknown("mlr runs a command (--prepipe, or system and exec in its DSL)");
      // gomplate's inline template (-i, --in) reads and writes the files its functions name
      // (file.Read, file.Write, include, datasources), --plugin NAME=PROGRAM runs PROGRAM when a
      // template calls NAME, and the words after -- are a command it runs once done (`gomplate -i '{{
      // file.Read ".env" }}'` passed before red-team round 42).
      if (base === "gomplate") {
        const end = args.findIndex((a) => a.text === "--");
        if (end >= 0 && args[end + 1]) out.recurse(args.slice(end + 1).map((w) => quote(w.text)).join(" "));
        const own = end >= 0 ? args.slice(0, end) : args;
        if (own.some((a) => /^--plugin(=|$)/.test(a.text))) out.unknown("gomplate --plugin runs the program its templates call");
        const templates = new Set<number>();
        for (let k = 0; k < own.length; k++) {
          const t = (own[k] as Word).text;
          const template = t === "-i" || t === "--in" ? own[++k] : /^--in=/.test(t) ? { ...(own[k] as Word), text: t.slice(5) } : undefined;
          if (!template) continue;
          templates.add(k);
          if (template.dynamic) out.unknown("gomplate's template is computed at run time");
          for (const m of template.text.matchAll(/\b(file\.[A-Za-z]+|include|datasource|ds|defineDatasource|tmpl\.Exec|filepath\.Walk)\b\s*("([^"\\]*)")?/g)) {
            if (m[1] === "file.Read" && m[3] !== undefined) out.add({ ...template, text: m[3], glob: false }, "read", "gomplate file.Read");
            else if (!/^file\.(Exists|IsDir|Stat)$/.test(m[1] as string)) out.unknown(`gomplate's ${m[1] as string} reads or writes a file exo cannot name`);
          }
        }
        // The template is no file (asked as one before).
        args = own.filter((_, k) => !templates.has(k));
      }
      // Programs that write a file of their own naming into the working folder (as/ld a.out, ctags
      // tags, flex lex.yy.c, perf record perf.data, latex JOB.aux/.log/.pdf, ssh-keygen -f KEY.pub, …).
      const own = WORKING_FOLDER_FILES[base]?.(args);
      if (own) out.here(`${base} writes ${own} into the working directory`, own);
      // aria2c -d DIR (--dir): the folder it downloads into; httpie --download: a file named from the URL in the working folder.
      if (base === "aria2c") for (let k = 0; k < args.length; k++) {
        const t = (args[k] as Word).text;
        if (t === "-d" || t === "--dir") out.maybe(args[k + 1] ?? null, "write", "aria2c -d");
        else if (/^--dir=|^-d./.test(t)) out.maybe({ ...(args[k] as Word), text: t.startsWith("--") ? t.slice(6) : t.slice(2) }, "write", "aria2c -d");
      }
      if ((base === "http" || base === "https" || base === "httpie") && args.some((a) => a.text === "--download" || /^-[a-zA-Z]*d[a-zA-Z]*$/.test(a.text)) && !args.some((a) => /^(-o|--output)(=|$)/.test(a.text))) out.here(`${base} --download writes into the working directory`);
      // Version-control clients and hosting CLIs that check a repository out into a folder (a bare
      // name too; without one, a folder named after the repository): svn checkout/export, hg clone,
      // bzr branch, glab repo clone, hub clone, gh gist clone. Before red-team round 12 they passed.
      const cloneAt = CLONERS[`${base} ${args[0]?.text ?? ""} ${args[1]?.text ?? ""}`.trim()] ?? CLONERS[`${base} ${args[0]?.text ?? ""}`];
      if (cloneAt !== undefined) {
        const ops = operands(args.slice(cloneAt), new Set(["-r", "--revision", "-u", "--updaterev", "-b", "--branch", "--depth", "--username", "--password", "-e", "--ssh"]));
        if (ops[1]) out.maybe(ops[1], "write", `${base} ${args.slice(0, cloneAt).map((w) => w.text).join(" ")}`);
        else out.here(`${base} ${args.slice(0, cloneAt).map((w) => w.text).join(" ")} checks out into the working directory`);
      }
      // aws s3 cp/sync/mv, gsutil cp/rsync/mv, rclone copy/sync/move/copyto/moveto: the last operand,
      // when it is not remote, is a local file or folder (a bare name too).
      const remote = (t: string) => /^(s3|gs):\/\//.test(t) || /^[A-Za-z0-9_.-]+:/.test(t);
      // (azcopy copy/cp/sync too: passed before red-team round 45.)
      const transfer = base === "aws" && args[0]?.text === "s3" && ["cp", "sync", "mv"].includes(args[1]?.text ?? "") ? 2 : (base === "gsutil" && ["cp", "rsync", "mv"].includes(args[0]?.text ?? "")) || (base === "rclone" && ["copy", "sync", "move", "copyto", "moveto", "bisync"].includes(args[0]?.text ?? "")) || (base === "azcopy" && ["copy", "cp", "sync"].includes(args[0]?.text ?? "")) ? 1 : 0;
      if (transfer > 0) {
        const ops = args.slice(transfer).filter((w) => !w.text.startsWith("-"));
        const dest = ops[ops.length - 1];
        if (ops.length >= 2 && dest && !remote(dest.text) && dest.text !== "-") out.maybe(dest, "write", `${base} ${args.slice(0, transfer).map((w) => w.text).join(" ")}`);
      }
      // terraform: -chdir=DIR works there; init writes .terraform, apply/destroy/import/refresh/state … write terraform.tfstate, plan -out=F its plan.
      if (base === "terraform") {
        const chdir = args.find((a) => a.text.startsWith("-chdir="));
        const sub = args.find((a) => !a.text.startsWith("-"))?.text ?? "";
        const place = (name: string) => (chdir ? out.maybe({ ...chdir, text: posix.join(chdir.text.slice(7), name) }, "write", `terraform ${sub}`) : out.here(`terraform ${sub} writes ${name}`, name));
        if (sub === "init" || sub === "get") place(".terraform");
        // terraform -chdir=DIR fmt [PATH…]: DIR's files (passed unjudged before the everyday sweep of round 20).
        if (sub === "fmt" && chdir && !args.some((a) => /^-(check(=true)?|write=false)$/.test(a.text))) {
          const ops = args.slice(args.findIndex((a) => a.text === "fmt") + 1).filter((a) => !a.text.startsWith("-"));
          if (ops.length === 0) place(".");
          for (const o of ops) out.maybe(o.dynamic || o.text.startsWith("/") ? o : { ...o, text: posix.join(chdir.text.slice(7), o.text) }, "write", "terraform fmt");
        }
        if (["apply", "destroy", "import", "refresh", "taint", "untaint", "state"].includes(sub) && !(sub === "state" && ["list", "show", "pull"].includes(args[args.findIndex((a) => a.text === "state") + 1]?.text ?? ""))) place("terraform.tfstate");
        for (const a of args) if (/^--?(out|state|state-out|backup|lock-file)=/.test(a.text)) out.maybe({ ...a, text: a.text.slice(a.text.indexOf("=") + 1) }, "write", `terraform ${a.text.slice(0, a.text.indexOf("="))}`);
      }
      // unison writes both its roots (a profile's, when it names fewer than two, exo does not read);
      // fossil open checks out into -workdir DIR, else the working folder; copier copy TEMPLATE DEST
      // writes DEST, copier update and recopy the project they are given, else the working folder.
      // Each passed before red-team round 45 (`unison src docs -batch`, a bare folder name).
      if (base === "unison" && !args.some((a) => /^-(version|help|doc)$/.test(a.text))) {
        const roots = args.filter((w) => !w.text.startsWith("-"));
        if (roots.length < 2) out.unknown("unison syncs the roots its profile names, which exo does not read");
        else for (const r of roots) if (!/^[a-z]+:\/\//.test(r.text)) out.maybe(r, "write", "unison");
      }
      if (base === "fossil" && args[0]?.text === "open") {
        const k = args.findIndex((a) => /^--?workdir(=|$)/.test(a.text));
        const dir = k < 0 ? undefined : (args[k] as Word).text.includes("=") ? { ...(args[k] as Word), text: (args[k] as Word).text.slice((args[k] as Word).text.indexOf("=") + 1) } : args[k + 1];
        if (dir) out.maybe(dir, "write", "fossil open --workdir");
        else out.here("fossil open checks out into the working directory");
      }
      if (base === "copier" && !args.some((a) => /^(-h|--help|--version)$/.test(a.text))) {
        const ops = operands(args, new Set(["-d", "--data", "-r", "--vcs-ref", "-a", "--answers-file", "-x", "--exclude", "--data-file", "--skip", "-s", "--conflict", "-o"]));
        const sub = ops[0]?.text ?? "";
        const dest = sub === "copy" ? ops[2] : sub === "update" || sub === "recopy" ? ops[1] : ops.length >= 2 ? ops[ops.length - 1] : undefined;
        if (dest) out.maybe(dest, "write", `copier ${sub}`);
        else if (sub === "update" || sub === "recopy") out.here(`copier ${sub} rewrites the project in the working directory`);
      }
      // ansible-pull checks its repository out into -d DIR (--directory) and runs the playbook there
      // (`ansible-pull -U URL -d docs` passed before red-team round 46).
      if (base === "ansible-pull") {
        for (let k = 0; k < args.length; k++) {
          const m = /^(-d|--directory)(=?)(.*)$/s.exec((args[k] as Word).text);
          if (!m || (m[1] === "--directory" && m[3] !== "" && m[2] !== "=")) continue;
          const dir = m[3] !== "" ? { ...(args[k] as Word), text: m[3] as string } : args[k + 1];
          if (dir) out.maybe(dir, "write", "ansible-pull --directory");
        }
      }
      scaffold(base, args, out);
      generatorWrites(base, args, out);
      restores(base, args, out);
      // npm's file utilities (rimraf, del-cli, trash, cpy, cpx, ncp, copyfiles, mkdirp, make-dir, move-file):
      // every operand is a path, a bare folder name too (before red-team round 12 `npx rimraf docs` passed).
      const fileTool = FILE_UTILITIES[base];
      if (fileTool) {
        const ops = args.filter((w) => !w.text.startsWith("-"));
        ops.forEach((o, k) => out.maybe(o, fileTool === "copy" ? (k === ops.length - 1 ? "write" : "read") : fileTool === "move" && k < ops.length - 1 ? "delete" : fileTool === "delete" ? "delete" : "write", base));
        if (fileTool === "copy" || fileTool === "move") for (const o of ops.slice(0, -1)) if (o.glob || /[*?{]/.test(o.text)) out.unknown(`${base} matches its sources itself`);
      }
      // sass SRC:DEST (and DIR:DIR): the destination after the colon.
      if (base === "sass" || base === "node-sass" || base === "dart-sass") for (const a of args) {
        const colon = a.text.indexOf(":");
        if (!a.text.startsWith("-") && colon > 0 && !a.text.includes("://")) out.maybe({ ...a, text: a.text.slice(colon + 1) }, "write", `${base} SRC:DEST`);
      }
      // setfacl --restore=FILE sets the ACLs of every path the file lists.
      if (base === "setfacl" && args.some((a) => /^--res/.test(a.text))) out.unknown("setfacl --restore changes the files its input lists");
      // Import-Module FILE (ipmo) runs the module's code, as source does (allowed before red-team round 18).
      if (/^(import-module|ipmo)$/i.test(base) && args.some((a) => !a.text.startsWith("-") && (a.dynamic || /[/.]/.test(a.text)))) out.unknown(`${base} runs the code of a module file`);
      if (/^(get|test|select|measure|resolve|format|where|sort|compare|write|read|find|search|show|import|convertfrom|convertto|join|split)-[a-z]+$/i.test(base)) return;
      // PowerShell cmdlets that change files: every operand may be written.
      if (/^(set|add|out|new|remove|copy|move|rename|clear|expand|compress|export|save)-[a-z]+$/i.test(base) || /^(ni|ri|rd|del|erase|copy|cpi|move|mi|ren|rni|sc|ac|clc|cli)$/i.test(base)) {
        const action = /^(remove|ri|rd|del|erase)/i.test(base) ? "delete" : "write";
        // Compress-Archive SRC DEST: the archive is the second positional (allowed before red-team round 18).
        const twoPaths = /^(copy|move|rename|cpi|mi|ren|rni|compress-archive)/i.test(base);
        // -Param:value is -Param value (Set-Content -Path:docs/x; allowed before red-team round 18).
        args = args.flatMap((a) => {
          const m = a.quoted ? null : /^(-[a-z]+):(.+)$/i.exec(a.text);
          return m ? [{ ...a, text: m[1] as string }, { ...a, text: m[2] as string }] : [a];
        });
        // New-Item -ItemType HardLink/SymbolicLink/Junction -Value T: T is the link's target, written through it as -Target is.
        // Both the parameter and the type may be shortened (-It h: the provider matches the type as a prefix).
        const linkItem = args.some((a, k) => {
          const before = args[k - 1]?.text.toLowerCase() ?? "";
          const given = a.text.toLowerCase();
          return /^-[a-z]/.test(before) && ["itemtype", "type"].some((f) => f.startsWith(before.slice(1))) && given !== "" && ["hardlink", "symboliclink", "junction"].some((t) => t.startsWith(given));
        });
        // PowerShell takes any unambiguous prefix of a parameter's name (-Dest, -LiteralP, -r for
        // -Recurse, -fo for -Force): a prefix of a path parameter is that parameter, a prefix of a
        // switch takes no value, and any other parameter takes the next word (before red-team round
        // 19 `Remove-Item -r docs` read docs as -r's value, and `Copy-Item x -Dest docs/x` passed).
        const param = (text: string): "path" | "switch" | "name" | "value" => {
          const name = text.slice(1).toLowerCase();
          const prefixOf = (full: string) => full.startsWith(name);
          // Any parameter spelled out that names a file or folder (-CatalogFilePath, -OutputModule, -LogPath).
          if (PS_PATH_PARAMS.some(prefixOf) || (linkItem && prefixOf("value")) || /(path|file|directory|folder|destination)$|^out(put)?[a-z]/.test(name)) return "path";
          if (/^new-item$|^ni$/i.test(base) && prefixOf("name")) return "name";
          return PS_SWITCHES.some(prefixOf) ? "switch" : "value";
        };
        // Save-Module NAME -Path DIR: the name is no path.
        let positional = /^save-/i.test(base) ? -1 : 0;
        let pathGiven = false;
        // Copy-Item -Recurse SOURCE: every file below SOURCE is read (allowed before red-team round 21).
        const copiesTree = out.guardReads && /^(copy-item|cpi|copy)$/i.test(base) && args.some((a) => !a.quoted && /^-r/i.test(a.text) && "recurse".startsWith(a.text.slice(1).toLowerCase()));
        const copyTree = (w: Word | null) => {
          if (copiesTree && w) out.tree(w, { hidden: true, ignored: true, exclude: [], excludeDir: [], include: [], leaveOut: "-Exclude '{}'" }, `${base} -Recurse`);
        };
        const folders: Word[] = [];
        const names: Word[] = [];
        for (let i = 0; i < args.length; i++) {
          const a = args[i] as Word;
          if (!a.text.startsWith("-") || a.quoted) {
            // The first positional is the path (Copy/Move/Rename: source, then destination); later ones are values.
            if (positional < 0) continue;
            if (positional === 0) {
              pathGiven = true;
              folders.push(a);
              copyTree(a);
              out.maybe(a, twoPaths && /^(move|mi|rename|ren|rni)/i.test(base) ? "delete" : twoPaths ? "read" : action, base);
            } else if (positional === 1 && twoPaths) out.maybe(a, "write", base);
            else if (positional === 1) names.push(a); // New-Item PATH NAME
            positional++;
            continue;
          }
          const kind = param(a.text);
          if (kind === "path") {
            pathGiven = true;
            const value = args[++i] ?? null;
            if (value) folders.push(value);
            const full = PS_PATH_PARAMS.find((f) => f.startsWith(a.text.slice(1).toLowerCase())) ?? "";
            if (/^(path|literalpath|lp|pspath)$/.test(full)) copyTree(value);
            out.maybe(value, action === "delete" && !/^(path|literalpath)$/.test(full) ? "write" : action, base);
          } else if (kind === "name") {
            const value = args[++i];
            if (value) names.push(value);
          } else if (kind === "value") i++;
        }
        // New-Item -Path DIR -Name N creates DIR/N (-Name ../docs/x climbs out; allowed before red-team round 19).
        if (/^(new-item|ni)$/i.test(base)) for (const n of names) for (const f of folders.length > 0 ? folders : [{ ...n, text: "." }]) out.maybe({ ...n, text: n.dynamic || f.dynamic ? "" : `${f.text}/${n.text}`, dynamic: n.dynamic || f.dynamic }, action, base);
        // Without a path a cmdlet works on what the pipe gives it (Get-ChildItem docs | Remove-Item;
        // `Get-Item docs/x | Set-Content -Value x`, whose value was taken for its path before red-team
        // round 19), and Save-Module/-Script/-Package save into their -Path (both allowed before red-team round 16).
        if (/^(remove-item|ri|del|erase|clear-content|clc|clear-item|set-content|sc|add-content|ac|copy-item|cpi|move-item|mi|rename-item|ren|rni|set-itemproperty|remove-itemproperty)$/i.test(base) && !pathGiven) out.unknown(`${base} changes the items the pipe gives it`);
        return;
      }
      if (base === "dotnet") args = dotnetProject(args, out);
      if (base === "java") args = javaArguments(args, out);
      // xmllint --xpath Q F reads F; gotestsum runs go test with the words after --: only their output files are written.
      if (base === "xmllint" || base === "gotestsum") {
        if (base === "gotestsum" && args.some((a) => /^--(post-run-command|raw-command|watch)(=|$)/.test(a.text))) out.unknown("gotestsum runs a command of its own");
        if (base === "gotestsum") for (let k = 0; k < args.length && args[k]?.text !== "--"; k++) {
          const m = /^--(junitfile|jsonfile|jsonfile-timing-events)(=(.*))?$/.exec((args[k] as Word).text);
          if (m) out.maybe(m[2] !== undefined ? { ...(args[k] as Word), text: m[3] ?? "" } : (args[++k] ?? null), "write", `gotestsum --${m[1] as string}`);
        }
        const dd = args.findIndex((a) => a.text === "--");
        if (base === "gotestsum" && dd >= 0) {
          if (args.slice(dd + 1).some((w) => w.dynamic)) out.unknown("gotestsum runs go test with words computed at run time");
          else out.recurse(["go", "test", ...args.slice(dd + 1).map((w) => quote(w.text))].join(" "));
        }
        if (base === "xmllint") outputOptions(base, args, out);
        return;
      }
      // uvx TOOL …, pipenv/pdm/hatch/rye run CMD …: the command they run.
      if (base === "uvx") runsCommand(base, args, out);
      else if (["pipenv", "pdm", "hatch", "rye"].includes(base) && args[0]?.text === "run") runsCommand(`${base} run`, args.slice(1), out);
      unknownProgram(base, args, out);
      // An unknown program that runs the rest of its words (uv run, poetry run, bundle exec, mise exec --,
      // cross-env, dotenv --, nodemon --exec, …): from the first word that names a shell, an interpreter
      // or a program that writes, the words are judged as a command of their own.
      tailCommand(base, args, out);
    }
  }
}

function tailCommand(base: string, args: Word[], out: Pick<EffectSink, "recurse" | "unknown">): void {
  const at = args.findIndex((a) => !a.quoted && !a.dynamic && TAIL_COMMANDS.has(a.text.split("/").pop() ?? ""));
  if (at < 0) return;
  const tail = args.slice(at);
  if (tail.some((w) => w.dynamic)) out.unknown(`${base} runs ${args[at]?.text ?? ""} with words computed at run time`);
  else out.recurse(tail.map((w) => quote(w.text)).join(" "));
}

/** Options of uv run, uvx, pipx run, pdm run and the like that take a value (a package, a Python, a group). */
const RUN_VALUE_OPTIONS = new Set(["--with", "-w", "--with-editable", "--with-requirements", "-p", "--python", "--extra", "--group", "--only-group", "--no-group", "--env-file", "--package", "--index", "--index-url", "--extra-index-url", "--from", "--spec", "--pip-args", "-e", "--env"]);

/**
 * uv run, poetry run, bundle exec, pipx run, uvx, pipenv/pdm/hatch/rye run: the words from the first
 * operand are a command of their own, judged as typed (`uv run black docs`, `bundle exec rubocop -a`
 * passed unjudged before the everyday sweep of round 20: only a shell, an interpreter or a program
 * that writes files was looked for among the words).
 */
function runsCommand(label: string, words: Word[], out: Pick<EffectSink, "recurse" | "unknown">): void {
  let i = 0;
  while (i < words.length && (words[i] as Word).text.startsWith("-") && !(words[i] as Word).dynamic) i += RUN_VALUE_OPTIONS.has((words[i] as Word).text) ? 2 : 1;
  const tail = words.slice(i);
  if (tail.length === 0) return;
  if (tail.some((w) => w.dynamic)) out.unknown(`${label} runs a command with words computed at run time`);
  else out.recurse(tail.map((w) => quote(w.text)).join(" "));
}

/**
 * java [OPTIONS] (-jar FILE | -m MODULE | CLASS) ARGS: the jar, the class path and the main class are
 * read (`java -jar build/libs/app.jar` was asked as a write of the jar before the everyday sweep of
 * round 20); the program's arguments are judged as any program's. An agent, a boot class path, an
 * options file or a file the JVM writes (a log, a heap dump) is an unknown write, as in JAVA_TOOL_OPTIONS.
 */
function javaArguments(args: Word[], out: Pick<EffectSink, "unknown">): Word[] {
  if (args.some((a) => a.dynamic || /^(-javaagent|-agentlib|-agentpath|-Xbootclasspath|-Xlog|-Xloggc|-XX:[+-]?\w*(Path|File|Dump|Flags)|-Djava\.io\.tmpdir|-Duser\.home|@)/.test(a.text))) out.unknown("java runs with an option that loads code or writes a file");
  let i = 0;
  while (i < args.length && (args[i] as Word).text.startsWith("-") && !/^(-jar|-m|--module)$/.test((args[i] as Word).text)) i += /^(-cp|-classpath|--class-path|-p|--module-path|--upgrade-module-path|--add-modules|--limit-modules|--add-opens|--add-exports|--add-reads|--enable-native-access)$/.test((args[i] as Word).text) ? 2 : 1;
  return args.slice(i + (/^(-jar|-m|--module)$/.test(args[i]?.text ?? "") ? 2 : 1));
}

/**
 * MSBuild's switches given to dotnet (`/p:Version=1`, `-p:X=Y`, `/t:Build`, `/v:m`, `/m`) are no paths
 * (`/p:…` was asked as a path outside the repository before the everyday sweep of round 20); its
 * loggers write `msbuild.binlog`/`msbuild.log` in the working folder or the file they name (`-bl:F`,
 * `-flp:logfile=F`), and `-pp:F` the preprocessed project. The other words are returned.
 */
function msbuildSwitches(args: Word[], out: Pick<EffectSink, "maybe" | "here">): Word[] {
  return args.filter((a) => {
    const m = a.dynamic ? null : /^[/-]([a-zA-Z]+)(?::(.*))?$/.exec(a.text);
    if (!m) return true;
    const name = (m[1] as string).toLowerCase();
    const value = m[2];
    if (/^(bl|binarylogger)$/.test(name)) {
      if (value) out.maybe({ ...a, text: value.replace(/^logfile=/i, "").split(";")[0] as string }, "write", `dotnet -${name}`);
      else out.here(`dotnet -${name} writes msbuild.binlog`, "msbuild.binlog");
      return false;
    }
    if (/^(fl\d?|filelogger\d?|flp\d?|fileloggerparameters\d?)$/.test(name)) {
      const file = /(?:^|;)logfile=([^;]+)/i.exec(value ?? "")?.[1];
      if (file) out.maybe({ ...a, text: file }, "write", `dotnet -${name}`);
      else out.here(`dotnet -${name} writes msbuild.log`, "msbuild.log");
      return false;
    }
    if (/^(pp|preprocess)$/.test(name)) {
      if (value) out.maybe({ ...a, text: value }, "write", `dotnet -${name}`);
      return false;
    }
    return !(a.text.startsWith("/") && /^(p|property|t|target|v|verbosity|m|maxcpucount|restore|r|nologo|warnaserror|nowarn|warnnotaserror|err|clp|consoleloggerparameters|tl|terminallogger|graph|isolate|interactive|noconlog|ds|detailedsummary|nr|nodereuse|noautorsp|tv|toolsversion|low|lowpriority|getproperty|getitem|gettargetresult)$/.test(name));
  });
}

/**
 * dotnet add/remove [PROJECT] package NAME | reference P…: the project file (in PROJECT, else in the
 * working folder) is written; a package's name and the projects referenced are no files it writes
 * (`dotnet add src/App package Newtonsoft.Json` was asked as a write of Newtonsoft.Json before the
 * everyday sweep of round 20). dotnet sln [SLN] add/remove P…: the solution is written (SLN, else
 * the one in the working folder; the projects added passed for it before). The words left are
 * judged as any unknown program's.
 */
function dotnetProject(given: Word[], out: Pick<EffectSink, "maybe" | "here">): Word[] {
  const args = msbuildSwitches(given, out);
  const verb = args[0]?.text ?? "";
  if (verb === "add" || verb === "remove") {
    const k = args.findIndex((a, i) => i > 0 && (a.text === "package" || a.text === "reference"));
    if (k < 0 || k > 2) return args;
    if (k === 2) out.maybe(args[1] as Word, "write", `dotnet ${verb}`);
    else out.here(`dotnet ${verb} changes the project file in the working directory`);
    const named = args[k]?.text === "package" ? args.slice(k + 1, k + 2) : operands(args.slice(k + 1));
    return args.filter((a, i) => i > k && !named.includes(a));
  }
  if (verb === "sln") {
    const sln = args[1] && /\.slnx?$/i.test(args[1].text) ? args[1] : undefined;
    const k = sln ? 2 : 1;
    if (!["add", "remove"].includes(args[k]?.text ?? "")) return args;
    if (sln) out.maybe(sln, "write", "dotnet sln");
    else out.here("dotnet sln changes the solution in the working directory");
    const named = operands(args.slice(k + 1), new Set(["-s", "--solution-folder"]));
    return args.filter((a, i) => i > k && !named.includes(a));
  }
  return args;
}

/**
 * cargo fmt and cargo clippy --fix rewrite the sources of the package whose Cargo.toml cargo finds in
 * the working folder or the nearest one above it: its src/, tests/, benches/, examples/ and build.rs,
 * where cargo looks for targets (asked as writes of the whole working folder before the everyday sweep
 * of round 20, and `cd src && cargo fmt` was judged as a write of src alone). When that Cargo.toml is
 * not a plain package's (a [workspace], whose members are formatted too, a `path =` naming a target
 * or a path dependency elsewhere, a `build =`), or cannot be read: its whole folder. --all, -p/--package
 * and words passed on after `--` name packages or options exo does not resolve: "unknown". No
 * Cargo.toml found (or the working folder not known): null, the working folder is judged. Modules a
 * source reaches through #[path] are followed by rustfmt as they are for `rustfmt src/lib.rs`.
 */
function crateSources(args: Word[], out: Pick<EffectSink, "readLocal" | "existsLocal">): string[] | "unknown" | null {
  for (let up = 0; up <= 12; up++) {
    const prefix = "../".repeat(up);
    if (out.existsLocal?.(`${prefix}Cargo.toml`) !== true) continue;
    if (args.some((a) => a.dynamic || /^(--all|-p|--package|--workspace|--)(=|$)|^-p./.test(a.text))) return "unknown";
    const manifest = out.readLocal?.(`${prefix}Cargo.toml`) ?? null;
    if (manifest === null || !/^\s*\[package\]/m.test(manifest) || /^\s*\[workspace/m.test(manifest) || /^\s*(path|build)\s*=/m.test(manifest)) return [prefix || "."];
    return ["src", "tests", "benches", "examples", "build.rs"].filter((f) => out.existsLocal?.(`${prefix}${f}`) === true).map((f) => `${prefix}${f}`);
  }
  return null;
}

/**
 * A package manager's writing command asked only to print or check (asked as writes of the working
 * folder before the everyday sweep of round 20): `uv pip list/show/freeze/tree/check`, `uv lock
 * --check`/`--locked`/`--dry-run`, `cargo fmt --check` (also after `--`, without `--emit`), `go mod
 * verify/why/graph`, `go mod edit -json`/`-print`.
 */
function queryOnly(base: string, sub: string, args: Word[]): boolean {
  const after = args[args.findIndex((a) => a.text === sub) + 1]?.text ?? "";
  const given = (re: RegExp) => args.some((a) => !a.dynamic && re.test(a.text));
  if (base === "uv" && sub === "pip") return ["list", "show", "freeze", "tree", "check"].includes(after);
  if (base === "uv" && sub === "lock") return given(/^--(check|check-exists|locked|dry-run)$/);
  if (base === "cargo" && sub === "fmt") return given(/^--check$/) && !given(/^--emit(=|$)/);
  if (base === "go" && sub === "mod") return ["verify", "why", "graph"].includes(after) || (after === "edit" && given(/^--?(json|print)$/));
  return false;
}

/** Options that move a package manager into another folder (or name its manifest there). */
const FOLDER_OPTIONS: Record<string, RegExp> = {
  poetry: /^(-C|--directory|-P|--project)(=|$)|^-[CP]./,
  uv: /^(--directory|--project)(=|$)/,
  composer: /^(-d|--working-dir)(=|$)|^-d./,
  cargo: /^(-C|--manifest-path)(=|$)|^-C./,
  go: /^-C(=|$)|^-C./,
  bundle: /^--gemfile(=|$)/,
};

/** Programs whose words, after an unknown program, are read as a command it runs. */
const TAIL_COMMANDS = new Set([...HOOKS_MANAGERS, ...INTERPRETERS, ...WRAPPERS, ...PREFIX_RUNNERS, "ksh", "mksh", "fish", "tcsh", "csh", "yash", "ash", "rm", "rmdir", "cp", "mv", "touch", "tee", "sed", "dd", "ln", "mkdir", "install", "rsync", "tar", "unzip", "git", "truncate", "chmod", "chown", "shred", "unlink", "find", "xargs", "awk", "gawk", "patch", "curl", "wget", "npm", "pnpm", "yarn", "npx", "exo", "sponge"]);

/** npx -c 'CMD' / --call CMD / --call=CMD (npm exec too): CMD runs with a shell. */
function calls(args: Word[], out: Pick<EffectSink, "recurse" | "unknown">): void {
  for (let i = 0; i < args.length; i++) {
    const t = (args[i] as Word).text;
    if (t === "--") break;
    const value = t === "-c" || t === "--call" ? args[++i] : t.startsWith("--call=") ? { ...(args[i] as Word), text: t.slice(7) } : undefined;
    if (t === "-c" || t === "--call" || t.startsWith("--call=")) {
      if (!value || value.dynamic) out.unknown("npx -c runs a shell command computed at run time");
      else out.recurse(value.text);
    }
  }
}

/**
 * Options of an unknown program that name where it writes, whatever the value looks like: -o F,
 * -out F, --output F, --outdir=D, --out-dir D, --output-file F, --dest D, --target-dir D,
 * --log-file F, protoc's --python_out=D (a bare name such as Makefile or out is still a file).
 */
const OUTPUT_OPTION = /^-(o|out|output|outfile|outdir|output-directory)$|^--(o|out|output|outfile|outdir|[a-z0-9]+_out|(out|output)[-_]?(file|dir|directory|path|folder)|dest|destination|dest[-_]?dir|target[-_]dir|log[-_]?file|artifact[-_]dir|build[-_]?(dir|path)|derived[-_]?data[-_]?path|local[-_]?dir|download[-_]?(dir|path)|save[-_]?(dir|path|to)|site[-_]?dir|(cache|coverage|reports?|snapshots?|temp|tmp|logs?|artifacts?|results?|screenshots?|traces?|videos?)[-_]?(dir|directory|folder|location)|allure[-_]?dir|dist[-_]?(path|dir)|work[-_]?path|spec[-_]?path|destination[-_]?(dir|directory|path))$|^-derivedDataPath$/i;
/** Values of -o/--output that are formats, not files (kubectl -o json, aws --output table). */
const OUTPUT_FORMATS = /^(json|jsonl|ndjson|yaml|yml|wide|name|table|text|txt|tsv|csv|xml|html|raw|pretty|none|plain|short|full|compact|md|markdown|junit|tap|sarif|github|stylish|simple|default|list|tree|cat|verbose|quiet|silent)$/i;

const optionGiven = (args: Word[], re: RegExp): boolean => args.some((a) => re.test(a.text.split("=")[0] as string));
const asksOnly = /^--?(version|help|[hvV])$/;
/**
 * Per program: the file (or ".", the working folder itself) it writes into the working folder
 * when no option sends its output elsewhere, or null. The output options' values are judged as
 * any unknown program's (-o F, --output F, --outfile=F).
 */
const WORKING_FOLDER_FILES: Record<string, (args: Word[]) => string | null> = {
  as: (a) => (a.length === 0 || optionGiven(a, /^(-o.*|--version|--help|-v)$/) ? null : "a.out"),
  ld: (a) => (a.length === 0 || optionGiven(a, /^(-o.*|--output|--version|--help|-v|-V)$/) ? null : "a.out"),
  ctags: (a) => (optionGiven(a, /^(-f.*|-o.*|--output|-x|--version|--help|--list-.*)$/) ? null : "tags"),
  etags: (a) => (optionGiven(a, /^(-o.*|-f.*|--output|--version|--help)$/) ? null : "TAGS"),
  cscope: (a) => (optionGiven(a, /^(-f.*|-d|-L|-V|-h|--version|--help)$/) ? null : "cscope.out"),
  // GNU global's gtags writes GTAGS, GRTAGS and GPATH into its operand folder, else the working folder (allowed before red-team round 44).
  gtags: (a) => (a.some((w) => !w.text.startsWith("-")) || optionGiven(a, /^(-C|--directory|-h|--help|--version)$/) ? null : "GTAGS"),
  flex: (a) => (a.length === 0 || optionGiven(a, /^(-o.*|--outfile|-t|--stdout|--version|--help|-V|-h)$/) ? null : "lex.yy.c"),
  lex: (a) => (a.length === 0 || optionGiven(a, /^(-o.*|--outfile|-t|--stdout|--version|--help|-V|-h)$/) ? null : "lex.yy.c"),
  yacc: (a) => (a.length === 0 || optionGiven(a, /^(-o.*|--output|-b.*|--file-prefix|--version|--help|-V)$/) ? null : "y.tab.c"),
  byacc: (a) => (a.length === 0 || optionGiven(a, /^(-o.*|-b.*|-V)$/) ? null : "y.tab.c"),
  // node --cpu-prof, --heap-prof, --prof, trace events, --build-snapshot: profiles, logs and snapshot.blob in the working folder unless a folder or file option says where.
  node: (a) => {
    const own = a.slice(0, Math.max(0, a.findIndex((w) => !w.text.startsWith("-")))).concat(a.every((w) => w.text.startsWith("-")) ? a : []);
    const opt = (re: RegExp) => optionGiven(own, re);
    if (opt(/^--cpu-prof$/) && !opt(/^--(cpu-prof-dir|diagnostic-dir)$/)) return ".";
    if (opt(/^--heap-prof$/) && !opt(/^--(heap-prof-dir|diagnostic-dir)$/)) return ".";
    if (opt(/^--(report-uncaught-exception|report-on-fatalerror|report-on-signal)$/) && !opt(/^--(report-directory|report-dir|diagnostic-dir)$/)) return ".";
    // Heap snapshots near the heap limit or on a signal (allowed before red-team round 13).
    if (opt(/^--(heapsnapshot-near-heap-limit|heapsnapshot-signal)$/) && !opt(/^--diagnostic-dir$/)) return ".";
    if (opt(/^--(prof|trace-events-enabled|trace-event-categories|experimental-sea-config)$/) && !opt(/^--trace-event-file-pattern$/)) return ".";
    if (opt(/^--build-snapshot$/) && !opt(/^--snapshot-blob$/)) return "snapshot.blob";
    return null;
  },
  // coverage run/combine/erase: .coverage; html: htmlcov; xml, json, lcov: their report. -d/-o/--data-file are judged as side outputs.
  coverage: (a) => {
    const sub = a.find((w) => !w.text.startsWith("-"))?.text ?? "";
    if (["run", "combine", "erase"].includes(sub)) return optionGiven(a, /^--data-file$/) ? null : ".coverage";
    if (sub === "html") return optionGiven(a, /^(-d|--directory)$/) ? null : "htmlcov";
    if (["xml", "json", "lcov"].includes(sub)) return optionGiven(a, /^(-o)$/) ? null : `coverage.${sub}`;
    if (sub === "annotate") return optionGiven(a, /^(-d|--directory)$/) ? null : ".";
    return null;
  },
  // rustdoc writes ./doc unless -o/--out-dir says where.
  rustdoc: (a) => (a.length === 0 || optionGiven(a, /^(-o.*|--out-dir|--output|-V|--version|-h|--help)$/) ? null : "doc"),
  // pyenv/rbenv/nodenv/asdf local VERSION, mise use: the version file in the working folder (before red-team round 12 they passed).
  pyenv: (a) => (a[0]?.text === "local" && a.length > 1 ? ".python-version" : null),
  rbenv: (a) => (a[0]?.text === "local" && a.length > 1 ? ".ruby-version" : null),
  nodenv: (a) => (a[0]?.text === "local" && a.length > 1 ? ".node-version" : null),
  asdf: (a) => ((a[0]?.text === "local" || a[0]?.text === "set") && a.length > 1 ? ".tool-versions" : null),
  mise: (a) => (a[0]?.text === "use" && !a.some((w) => /^(-g|--global|-n|--dry-run)$/.test(w.text)) ? "mise.toml" : null),
  // python -m build: dist/ in the working folder unless --outdir says where.
  build: (a) => (optionGiven(a, /^(-o|--outdir|-h|--help|--version)$/) ? null : "dist"),
  // crystal build F, erlc F, luac F, elm make F, zig build-exe F: the output lands in the working folder unless -o says where.
  crystal: (a) => (a[0]?.text === "build" && !optionGiven(a, /^(-o|--output)$/) ? "." : null),
  erlc: (a) => (a.length === 0 || optionGiven(a, /^(-o|-v|--version|-h|--help)$/) ? null : "."),
  luac: (a) => (a.length === 0 || optionGiven(a, /^(-o|-p|-v|-)$/) ? null : "luac.out"),
  elm: (a) => (a[0]?.text === "make" && !optionGiven(a, /^--output$/) ? "index.html" : null),
  zig: (a) => (/^build-(exe|lib|obj)$/.test(a[0]?.text ?? "") && !a.some((w) => /^-femit-bin=/.test(w.text)) ? "." : null),
  // heaptrack PROGRAM: heaptrack.PROGRAM.PID.zst in the working folder unless -o says where.
  heaptrack: (a) => (a.length === 0 || optionGiven(a, /^(-o|--output|-v|--version|-h|--help|-a|--analyze)$/) ? null : "."),
  c8: (a) => (a.length === 0 || optionGiven(a, /^(--report-dir|--reports-dir|-o|--version|--help|-h|-v)$/) ? null : "coverage"),
  nyc: (a) => (a.length === 0 || optionGiven(a, /^(--temp-dir|-t|--temp-directory|--version|--help|-h|-v)$/) ? null : ".nyc_output"),
  gcov: (a) => (a.length === 0 || optionGiven(a, /^(-n|--no-output|-t|--stdout|-v|--version|-h|--help)$/) ? null : "."),
  // perf record (also perf mem/sched/lock/stat/c2c … record) writes perf.data.
  perf: (a) => (a.some((w) => w.text === "record") && !optionGiven(a, /^(-o|--output)$/) ? "perf.data" : null),
  latex: (a) => texOutput(a), pdflatex: (a) => texOutput(a), xelatex: (a) => texOutput(a), lualatex: (a) => texOutput(a), tex: (a) => texOutput(a), pdftex: (a) => texOutput(a), etex: (a) => texOutput(a), luatex: (a) => texOutput(a), xetex: (a) => texOutput(a),
  // Release and dependency tools that rewrite the project's manifest, changelog or patches in the
  // working folder (allowed before red-team round 19: `npx ncu -u` rewrote package.json).
  "sort-package-json": (a) => (optionGiven(a, /^(-c|--check|--help|-h|--version|-v)$/) ? null : "package.json"),
  "prettier-package-json": (a) => (optionGiven(a, /^--write$/) ? "package.json" : null),
  ncu: (a) => (optionGiven(a, /^(-u|--upgrade)$/) ? "package.json" : null),
  "npm-check-updates": (a) => (optionGiven(a, /^(-u|--upgrade)$/) ? "package.json" : null),
  syncpack: (a) => (/^(fix-mismatches|fix|format|set-semver-ranges|update|prompt)$/.test(a[0]?.text ?? "") ? "." : null),
  changeset: (a) => (["version", "add", "init", "pre", ""].includes(a.find((w) => !w.text.startsWith("-"))?.text ?? "") && !optionGiven(a, /^(--help|-h|--version|-v)$/) ? "." : null),
  "standard-version": (a) => (optionGiven(a, /^(--dry-run|--help|-h|--version|-v)$/) ? null : "."),
  "semantic-release": (a) => (optionGiven(a, /^(-d|--dry-run|--help|-h|--version|-v)$/) ? null : "."),
  "release-it": (a) => (optionGiven(a, /^(-d|--dry-run|--help|-h|--version|-v)$/) ? null : "."),
  "patch-package": (a) => (optionGiven(a, /^(--help|-h|--version|-v)$/) ? null : "patches"),
  knip: (a) => (optionGiven(a, /^(--fix|--fix-type)$/) ? "." : null),
  deno: (a) => (a[0]?.text === "compile" && !optionGiven(a, /^(-o|--output)$/) ? "." : a[0]?.text === "fmt" && !optionGiven(a, /^--check$/) && a.slice(1).every((w) => w.text.startsWith("-")) ? "." : null),
  // virtualenv DIR: the environment's folder (python -m virtualenv DIR too).
  virtualenv: (a) => a.find((w) => !w.text.startsWith("-"))?.text ?? null,
  "ssh-keygen": (a) => {
    // ssh-keygen -f KEY writes KEY and KEY.pub (a bare name too), except when it only reads the key or looks a host up.
    // -f KEY, -fKEY glued, or after switches (-qf KEY, -qfKEY): before red-team round 11 only -f KEY was read.
    let key: Word | undefined;
    let at = -1;
    for (let i = 0; i < a.length && at < 0; i++) {
      const m = /^-([ABHKLQUcehikpquv]*)f(.*)$/.exec((a[i] as Word).text);
      if (!m) continue;
      at = i;
      key = m[2] ? { ...(a[i] as Word), text: m[2] } : a[i + 1];
    }
    if (optionGiven(a.filter((w, i) => i !== at && w !== key), /^-[a-zA-Z]*[lyBFDQ]/)) return null;
    return key && !key.dynamic && !key.text.startsWith("-") ? key.text : null;
  },
};

/** TeX engines write JOB.log, .aux, .pdf/.dvi into the working folder, unless -output-directory says where. */
function texOutput(args: Word[]): string | null {
  if (args.length === 0 || args.every((a) => asksOnly.test(a.text) || /^-+(version|help)$/.test(a.text))) return null;
  return optionGiven(args, /^--?output-directory$/) ? null : ".";
}

/** Programs whose short options take an output file glued to them (the file is the first group). */
const GLUED_FILE_OPTIONS: Record<string, RegExp> = {
  bison: /^-[HbvxgMy]*[Hb](.+)$/,
  yacc: /^-[bv]*b(.+)$/,
  as: /^-a[cdghlmns]*=(.+)$/,
  flex: /^-[a-zA-Z]*o(.+)$/,
  zig: /^-femit-[a-z-]+=(.+)$/,
  nim: /^--?(?:outdir|out|o|nimcache)[:=](.+)$/,
};

/** An unknown program given a path may write it (SPEC §7.4 "anything else", by effect). */
/** The output options among the words a package manager passes on to a script (npm test -- --outputFile=F): judged as an unknown program's. */
function scriptOutputs(script: string, passed: Word[], out: Pick<EffectSink, "maybe" | "isFile">): void {
  const outputs = passed.flatMap((w, k) => (OUTPUT_OPTION.test(w.text.split("=")[0] as string) ? (w.text.includes("=") ? [w] : [w, ...(passed[k + 1] ? [passed[k + 1] as Word] : [])]) : []));
  if (outputs.length > 0) unknownProgram(script, outputs, out);
}

function unknownProgram(base: string, args: Word[], out: Pick<EffectSink, "maybe" | "isFile">): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Word;
    if (a.dynamic) continue;
    // gradle --tests com.example.AppTest (gradlew, mvnw run by their path too): a class filter, no file
    // (asked as a write of it before the everyday sweep of round 20).
    const filter = args[i + 1];
    if (/^(gradle|gradlew|mvn|mvnw)$/.test(base) && a.text === "--tests" && filter && !filter.dynamic && /^[\w.*$#]+$/.test(filter.text) && !out.isFile?.(filter)) {
      i++;
      continue;
    }
    // ansible's -e @FILE (--extra-vars=@FILE, -e@FILE) reads its variables from FILE (asked as a
    // write of "@FILE" before red-team round 46).
    const vars = /^ansible(-playbook|-pull|-console)?$/.test(base) ? /^(?:(?:-e|--extra-vars)=?)?@(.+)$/.exec(a.text) : null;
    if (vars && (a.text.startsWith("-") || /^(-e|--extra-vars)$/.test(args[i - 1]?.text ?? ""))) {
      out.maybe({ ...a, text: vars[1] as string }, "read", `${base} -e @FILE`);
      continue;
    }
    const eq = a.text.startsWith("-") ? a.text.indexOf("=") : -1;
    const name = eq > 0 ? a.text.slice(0, eq) : a.text;
    let text = eq > 0 && a.text.startsWith("--") ? a.text.slice(eq + 1) : a.text;
    // The file a runner of files runs (FILE_RUNNERS) is read, not written: judged by what it says
    // (asked as a write of it before red-team round 48, so `ansible-playbook playbooks/p.yml` was asked
    // under a scope of src/** and `ansible-playbook src/p.yml` passed); `--file=F` too (round 49).
    if ((!a.text.startsWith("-") || eq > 0) && (FILE_RUNNERS[base] ?? FILE_RUNNERS[`${base} ${args[0]?.text ?? ""}`])?.test(text)) continue;
    // A task runner's recipe file and folder (just -f F, task -t F -d DIR, cargo make --makefile F,
    // mise run -C DIR) are read, the recipes judged as runRecipes does (`just -f justfile build` and
    // `task -d . build` were asked as writes of them before red-team round 49).
    const recipes = RECIPE_FILES[base] ?? RECIPE_FILES[`${base} ${args[0]?.text ?? ""}`];
    if (recipes && (recipes.option?.test(a.text) || recipes.dir?.test(a.text))) {
      if (!a.text.includes("=")) i++;
      continue;
    }
    // nx's `@scope/plugin:generator` (and :executor) names a package's generator, no file.
    if (base === "nx" && /^@[\w.-]+\/[\w.-]+:[\w-]+$/.test(a.text)) continue;
    // NAME=VALUE (rake test TEST=test/x_test.rb): the value may be a file, NAME= is no part of it (asked as a path "TEST=test/…" before the everyday sweep of round 20).
    if (!a.quoted && /^[A-Za-z_][A-Za-z0-9_]*=./.test(text)) text = text.slice(text.indexOf("=") + 1);
    // protoc --go_out=OPTS:DIR: the folder is after the last colon.
    if (eq > 0 && /_out$/.test(name) && text.includes(":") && !text.includes("://")) text = text.slice(text.lastIndexOf(":") + 1);
    if (pathLike(text)) {
      // A glob left to the program (markdownlint-cli2 --fix '**/*.md') is matched by it, dot folders too.
      out.maybe({ ...a, text, ...(GLOB_CHARS.test(text) ? { selfGlob: true } : {}) }, "write", `${base} (unknown program) given ${text}`);
      continue;
    }
    // A file glued to -o or to a compiler's -MF (gcc -odocs/x, -MFdocs/x.d), and a linker map given
    // through -Wl (-Wl,-Map=docs/m, -Wl,-Map,docs/m) or to ld (-Map=docs/m): allowed before red-team round 11.
    // A single-dash output option with its value after = (terraform plan -out=F, -output=F).
    const single = /^-([a-z][a-z-]*)=(.+)$/.exec(a.text);
    if (single && OUTPUT_OPTION.test(`-${single[1] as string}`)) {
      out.maybe({ ...a, text: single[2] as string }, "write", `${base} -${single[1] as string}`);
      continue;
    }
    // Short options of some programs that take a file glued to them (bison -Hdocs/x.h, -bdocs/p; as -a=docs/l, -alh=docs/l).
    const gluedFile = (GLUED_FILE_OPTIONS[base] ?? /$^/).exec(a.text);
    if (gluedFile && gluedFile[1]) {
      out.maybe({ ...a, text: gluedFile[1] }, "write", `${base} ${a.text.slice(0, a.text.length - gluedFile[1].length)}`);
      continue;
    }
    const glued = /^-(o|MF)(.+)$/.exec(a.text);
    if (glued && pathLike(glued[2] as string)) {
      out.maybe({ ...a, text: glued[2] as string }, "write", `${base} -${glued[1] as string}`);
      continue;
    }
    const pieces = a.text.startsWith("-Wl,") ? a.text.slice(4).split(",") : [a.text];
    const map = pieces.flatMap((p, k) => {
      const m = /^--?Map(=(.*))?$/.exec(p);
      if (!m) return [];
      const value = m[1] !== undefined ? m[2] : pieces.length > 1 ? pieces[k + 1] : undefined;
      return value ? [value] : [];
    });
    if (map.length > 0) {
      for (const f of map) out.maybe({ ...a, text: f }, "write", `${base} -Map`);
      continue;
    }
    // gs -sOutputFile=F (-o F as well).
    const gs = /^-sOutputFile=(.+)$/i.exec(a.text);
    if (gs) {
      out.maybe({ ...a, text: gs[1] as string }, "write", `${base} -sOutputFile`);
      continue;
    }
    // An output option's value is a file or folder even as a bare name (pandoc -o Makefile, esbuild --outdir=docs).
    if (OUTPUT_OPTION.test(name)) {
      let value = eq > 0 ? { ...a, text: a.text.slice(eq + 1) } : args[i + 1];
      if (eq <= 0 && value && !value.text.startsWith("-")) i++;
      // protoc --go_out=paths=source_relative:DIR: the folder follows the plugin's options (before red-team round 12 it passed).
      if (value && /_out$/.test(name) && value.text.includes(":") && !value.text.includes("://")) value = { ...value, text: value.text.slice(value.text.lastIndexOf(":") + 1) };
      if (value && !value.dynamic && value.text !== "" && !value.text.startsWith("-") && !value.text.includes("=") && !value.text.includes("{") && !(/^-{1,2}(o|out|output)$/i.test(name) && OUTPUT_FORMATS.test(value.text))) {
        out.maybe(value, "write", `${base} ${name}`);
      }
      continue;
    }
    // A bare word naming an existing file (ptx F Makefile, objcopy F LICENSE, dos2unix -n F LICENSE).
    if (!a.text.startsWith("-") && !a.text.includes("=") && out.isFile?.(a)) out.maybe(a, "write", `${base} (unknown program) given the file ${a.text}`);
  }
}

/** The files a program's output options name (-o F, --output=F, --output-file F), a bare name too. */
function outputOptions(base: string, args: Word[], out: Pick<EffectSink, "maybe">): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Word;
    if (a.text === "--") return;
    const eq = a.text.startsWith("-") ? a.text.indexOf("=") : -1;
    const name = eq > 0 ? a.text.slice(0, eq) : a.text;
    // isort -o MODULE (--thirdparty) names a module, not a file.
    if (!OUTPUT_OPTION.test(name) || (base === "isort" && name === "-o")) continue;
    const value = eq > 0 ? { ...a, text: a.text.slice(eq + 1) } : args[++i];
    if (value && value.text !== "" && !value.text.startsWith("-") && !(/^-{1,2}(o|out|output)$/i.test(name) && OUTPUT_FORMATS.test(value.text))) out.maybe(value, "write", `${base} ${name}`);
  }
}

/**
 * Task runners and the recipe files they read: the file an option names, else the first of `names`
 * in the working folder, or in the folder `dir` names (or the operand `context` counts to, docker
 * build's context). A two-word key is a runner's command (`deno task`, `docker compose`); `skip`
 * lists that command's own commands that run no recipe, `script` that the file runs the word after
 * the command only when it names one of its entries (`pdm run lint`, where `pdm run pytest` runs
 * pytest).
 */
interface RecipeFiles { option?: RegExp; names: string[]; dir?: RegExp; context?: string[]; skip?: string[]; values?: string[]; script?: true }
const TASKFILE: RecipeFiles = { option: /^(-t|--taskfile)(=|$)/, names: ["Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml", "Taskfile.dist.yml"], dir: /^(-d|--dir)(=|$)/ };
const COMPOSE_FILES: RecipeFiles = { option: /^(-f|--file)(=|$)/, names: ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"], dir: /^--project-directory(=|$)/, values: ["-f", "--file", "-p", "--project-name", "--project-directory", "--env-file", "--profile", "--ansi", "--parallel", "--progress"], skip: ["ps", "ls", "logs", "down", "stop", "kill", "rm", "pause", "unpause", "top", "images", "version", "port", "events", "pull", "push", "help"] };
const DOCKERFILE: RecipeFiles = { option: /^(-f|--file)(=|$)/, names: ["Dockerfile", "Containerfile"], context: ["-t", "--tag", "--target", "--platform", "--build-arg", "--label", "--network", "--add-host", "--cache-from", "--cache-to", "--progress", "--secret", "--ssh", "--build-context", "--shm-size", "--ulimit", "-m", "--memory", "--iidfile", "--metadata-file", "-o", "--output", "--builder", "--annotation", "--attest", "--provenance", "--sbom", "--allow", "--cgroup-parent", "--isolation", "--cpu-shares", "--cpuset-cpus", "--cpu-quota", "--cpu-period", "--memory-swap", "--security-opt"] };
const PROCFILE: RecipeFiles = { option: /^(-f|--procfile)(=|$)/, names: ["Procfile"], dir: /^(-d|--root|--app-root)(=|$)/, values: ["-f", "--procfile", "-d", "--root", "--app-root", "-e", "--env"], skip: ["check", "help", "version", "connect", "echo", "kill", "quit", "status", "restart", "stop"] };
const PYPROJECT: RecipeFiles = { names: ["pyproject.toml"], dir: /^(-p|--project)(=|$)/, script: true };
const RECIPE_FILES: Record<string, RecipeFiles> = {
  just: { option: /^(-f|--justfile)(=|$)/, names: ["justfile", "Justfile", ".justfile"], dir: /^(-d|--working-directory)(=|$)/ },
  task: TASKFILE,
  "go-task": TASKFILE,
  rake: { option: /^(-f|--rakefile)(=|$)/, names: ["Rakefile", "rakefile", "Rakefile.rb", "rakefile.rb"] },
  invoke: { option: /^(-c|--collection)(=|$)/, names: ["tasks.py"] },
  "deno task": { option: /^(-c|--config)(=|$)/, names: ["deno.json", "deno.jsonc", "package.json"], dir: /^--cwd(=|$)/ },
  "cargo make": { option: /^--makefile(=|$)/, names: ["Makefile.toml"], dir: /^--cwd(=|$)/ },
  makers: { option: /^--makefile(=|$)/, names: ["Makefile.toml"], dir: /^--cwd(=|$)/ },
  "mise run": { names: ["mise.toml", ".mise.toml", "mise.local.toml", ".mise.local.toml", ".config/mise.toml", "mise/config.toml"], dir: /^(-C|--cd)(=|$)/ },
  "mise r": { names: ["mise.toml", ".mise.toml", "mise.local.toml", ".mise.local.toml", ".config/mise.toml", "mise/config.toml"], dir: /^(-C|--cd)(=|$)/ },
  "mise tasks": { names: ["mise.toml", ".mise.toml", "mise.local.toml", ".mise.local.toml", ".config/mise.toml", "mise/config.toml"], dir: /^(-C|--cd)(=|$)/, skip: ["ls", "info", "deps", "edit", "add"] },
  "mise watch": { names: ["mise.toml", ".mise.toml", "mise.local.toml", ".mise.local.toml", ".config/mise.toml", "mise/config.toml"], dir: /^(-C|--cd)(=|$)/ },
  tox: { option: /^(-c|--conf)(=|$)/, names: ["tox.ini", "tox.toml"] },
  "pre-commit run": { option: /^(-c|--config)(=|$)/, names: [".pre-commit-config.yaml", ".pre-commit-config.yml"] },
  "lefthook run": { names: ["lefthook.yml", ".lefthook.yml", "lefthook.yaml", ".lefthook.yaml", "lefthook.toml", ".lefthook.toml", "lefthook.json", ".lefthook.json"] },
  "devbox run": { option: /^(-c|--config)(=|$)/, names: ["devbox.json"] },
  foreman: PROCFILE,
  honcho: PROCFILE,
  overmind: PROCFILE,
  "docker compose": COMPOSE_FILES,
  "podman compose": COMPOSE_FILES,
  "nerdctl compose": COMPOSE_FILES,
  "docker-compose": COMPOSE_FILES,
  "podman-compose": COMPOSE_FILES,
  "docker build": DOCKERFILE,
  "docker buildx": DOCKERFILE,
  "docker image": DOCKERFILE,
  "podman build": DOCKERFILE,
  "nerdctl build": DOCKERFILE,
  "buildah bud": DOCKERFILE,
  "buildah build": DOCKERFILE,
  "pdm run": PYPROJECT,
  "hatch run": { names: ["hatch.toml", "pyproject.toml"], script: true },
  "rye run": { names: ["pyproject.toml"], script: true },
  "pipenv run": { names: ["Pipfile"], script: true },
  "composer run-script": { names: ["composer.json"], dir: /^(-d|--working-dir)(=|$)/ },
  "composer run": { names: ["composer.json"], dir: /^(-d|--working-dir)(=|$)/ },
};

/** Programs (or a program's command) that run what the files they are given say, by those files' names. */
const FILE_RUNNERS: Record<string, RegExp> = {
  "ansible-playbook": /\.ya?ml$/i,
  "puppet apply": /\.pp$/,
  "chef-apply": /\.rb$/,
  "chef-client": /\.rb$/,
  kcl: /\.k$/,
  pkl: /\.pkl$/,
  nickel: /\.ncl$/,
  // jsonnet's import, importstr and importbin and dhall's imports (`./.env as Text`) read any file
  // (a file of the scope printed .env through them before red-team round 49).
  jsonnet: /\.(jsonnet|libsonnet)$/i,
  dhall: /\.dhall$/,
  "dhall-to-json": /\.dhall$/,
  "dhall-to-yaml": /\.dhall$/,
  "dhall-to-text": /\.dhall$/,
  "dhall-to-bash": /\.dhall$/,
  "dhall-to-nix": /\.dhall$/,
};

/**
 * The recipe file a task runner's command reads (see RECIPE_FILES): its table entry, the words after
 * the runner's command, and its label; null for another command.
 */
function recipeRunner(base: string, args: Word[]): { files: RecipeFiles; words: Word[]; label: string } | null {
  const own = RECIPE_FILES[base];
  const verb = args[0]?.text ?? "";
  const two = RECIPE_FILES[`${base} ${verb}`];
  const files = own ?? two;
  if (!files) return null;
  let words = own ? args : args.slice(1);
  // docker buildx build, docker image build: the words after the command under the management one.
  if (verb === "buildx" || verb === "image") {
    const at = words.findIndex((w) => !w.text.startsWith("-"));
    if (!["build", "b"].includes(words[at]?.text ?? "")) return null;
    words = words.slice(at + 1);
  }
  if (files.skip?.includes(operands(words, new Set(files.values))[0]?.text ?? "")) return null;
  return { files, words, label: own ? base : `${base} ${verb}` };
}

/**
 * A TOML file (pyproject.toml, hatch.toml, a Pipfile) has an entry NAME (`NAME = "…"`, a table
 * `[….NAME]`; hatch's `env:NAME` is NAME); one exo cannot read may have it.
 */
function scriptEntry(text: string | false | null | undefined, name: string): boolean {
  if (text === false) return false;
  if (typeof text !== "string") return true;
  const key = (name.split(":").pop() ?? name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^\\s*(["']?)${key}\\1\\s*=|\\.(["']?)${key}\\2\\s*\\]`, "m").test(text);
}

/** Package manager commands that run no script of the project's package.json (yarn X and pnpm X run script X otherwise). */
const PM_OWN = new Set([...PM_WRITES, "exec", "dlx", "x", "why", "info", "list", "ls", "outdated", "config", "pack", "publish", "cache", "store", "workspace", "workspaces", "set", "help", "bin", "node", "login", "logout", "licenses", "root", "search", "view", "whoami", "explain", "plugin", "constraints", "npm", "dlx", "env", "server", "store", "setup", "self-update"]);
const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare", "postprepare"];

/** The package.json scripts a package manager command runs (npm test: pretest, test, posttest), or null. */
function packageScripts(base: string, args: Word[]): string[] | null {
  if (args.some((a) => a.dynamic || /^(--prefix|-C|--dir|--cwd)(=|$)/.test(a.text))) return null;
  // --ignore-scripts leaves out the pre and post scripts and an install's, not the script asked for.
  const ignore = args.some((a) => a.text === "--ignore-scripts");
  const withHooks = (n: string) => (ignore ? [n] : [`pre${n}`, n, `post${n}`]);
  const LIFECYCLE = ignore ? [] : INSTALL_SCRIPTS;
  if (["npm-run-all", "npm-run-all2", "run-p", "run-s"].includes(base)) return dropValues(args, new Set(["--max-parallel", "--npm-path"])).flatMap((a) => withHooks(a.text));
  if (base === "node") {
    const at = args.findIndex((a) => a.text === "--run" || a.text.startsWith("--run="));
    if (at < 0) return null;
    const t = (args[at] as Word).text;
    return [t.includes("=") ? t.slice(6) : (args[at + 1]?.text ?? "")];
  }
  const rest = dropOptions(args, new Set(["--filter", "-F", "-w", "--workspace"]));
  const first = rest[0]?.text ?? "";
  const sub = base === "npm" ? npmCommand(first) : first;
  // The script is the first word after run that is no option (pnpm run -r build, npm run --workspace pkg build).
  if (sub === "run" || sub === "run-script") {
    const script = dropValues(rest.slice(1), new Set(["--filter", "-F", "-w", "--workspace"]))[0];
    return script ? withHooks(script.text) : null;
  }
  if (base === "bun") return sub === "install" || sub === "i" ? (rest.length <= 1 ? LIFECYCLE : null) : null;
  if (["test", "start", "stop", "restart"].includes(sub)) return withHooks(sub);
  if (sub === "install-test" || sub === "install-ci-test") return [...LIFECYCLE, ...withHooks("test")];
  // pack, publish (a dry run too), version, rebuild and a bare link run the package's own lifecycle
  // scripts (allowed before red-team round 19: `cd src/pkg && npm pack` ran its prepack).
  const PACK = ignore ? [] : ["prepack", "prepare", "postpack"];
  if (sub === "pack") return PACK;
  if (sub === "publish") return ignore ? [] : ["prepublishOnly", ...PACK, "publish", "postpublish"];
  if (sub === "version" && base !== "bun") return ignore ? [] : ["preversion", "version", "postversion"];
  if (sub === "rebuild" || sub === "rb" || (sub === "link" && rest.length <= 1)) return LIFECYCLE;
  // An install of the project itself (no package named) runs its lifecycle scripts.
  if (["install", "i", "ci", ""].includes(sub)) return rest.length <= 1 ? LIFECYCLE : null;
  if (base !== "npm" && !PM_OWN.has(sub) && sub !== "") return withHooks(sub);
  return null;
}

/** The words that are no option nor an option's value. */
function dropValues(args: Word[], takesValue: ReadonlySet<string>): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = (args[i] as Word).text;
    if (takesValue.has(t)) i++;
    else if (!t.startsWith("-")) out.push(args[i] as Word);
  }
  return out;
}

/**
 * A package manager command that runs scripts in a project's workspaces: the scripts (null: as
 * packageScripts finds them) and the workspaces it names (null: every one, or a selector exo does
 * not read: a glob, pnpm's `pkg...`, `{dir}`, `[ref]`, a value computed at run time).
 */
function workspaceRun(base: string, args: Word[]): { names: string[] | null; only: string[] | null } | null {
  if (MONOREPO_RUNNERS.has(base)) {
    const tasks = monorepoTasks(base, args);
    return tasks.length > 0 ? { names: tasks.flatMap((t) => [`pre${t}`, t, `post${t}`]), only: null } : null;
  }
  const named: string[] = [];
  let every = false;
  const option = base === "npm" ? /^(-w|--workspace)(=(.*))?$/ : base === "pnpm" || base === "bun" ? /^(--filter|-F|--filter-prod)(=(.*))?$/ : null;
  for (let k = 0; k < args.length; k++) {
    const t = (args[k] as Word).text;
    if (t === "--") break;
    const m = option?.exec(t);
    if (m) {
      const value = m[2] !== undefined ? { text: m[3] as string, dynamic: (args[k] as Word).dynamic } : args[++k];
      if (!value || value.dynamic || /[*?[\]{}!^]|\.\.\./.test(value.text)) every = true;
      else named.push(value.text);
    } else if ((base === "npm" && /^(--workspaces|-ws)(=true)?$/.test(t)) || (base === "pnpm" && /^(-r|--recursive)$/.test(t)) || (base === "bun" && t === "--workspaces")) every = true;
  }
  // pnpm recursive (m, multi) X is pnpm -r X.
  const recursive = base === "pnpm" ? args.findIndex((a) => !a.text.startsWith("-")) : -1;
  if (recursive >= 0 && ["recursive", "m", "multi"].includes((args[recursive] as Word).text)) return { names: packageScripts("pnpm", args.filter((_, k) => k !== recursive)), only: null };
  if (base === "yarn") {
    const words = dropOptions(args, new Set(["--cwd"]));
    const sub = words[0]?.text;
    if (sub === "workspace" && words[1]) return { names: packageScripts("yarn", words.slice(2)), only: words[1].dynamic ? null : [words[1].text] };
    if (sub === "workspaces" && ["foreach", "run"].includes(words[1]?.text ?? "")) return { names: dropValues(words.slice(2), new Set(["-j", "--jobs", "--include", "--exclude", "--from", "--since"])).filter((w) => w.text !== "run").flatMap((w) => [`pre${w.text}`, w.text, `post${w.text}`]), only: null };
    return null;
  }
  if (!every && named.length === 0) return null;
  // bun --filter X build, bun run --filter X build: the script is the first word left.
  const script = base === "bun" ? dropValues(args, new Set(["--filter", "-F", "--filter-prod", "--cwd"])).find((w, k, all) => !(k === 0 && w.text === "run" && all.length > 1)) : undefined;
  return { names: script ? [`pre${script.text}`, script.text, `post${script.text}`] : null, only: every ? null : named };
}

/**
 * The command a package manager runs in each workspace it picks (npm exec -ws -- CMD, pnpm -r exec
 * CMD, yarn workspaces foreach exec CMD, yarn workspace NAME exec CMD, lerna exec -- CMD) as shell
 * text, or null when it runs none; "" for a command computed at run time.
 */
function workspaceExec(base: string, args: Word[]): string | null {
  const at = args.findIndex((a) => !a.dynamic && (base === "npm" ? ["exec", "x"].includes(npmCommand(a.text)) : a.text === "exec"));
  if (at < 0 || (base === "npm" && args.slice(0, at).some((a) => !a.text.startsWith("-") && !/^(-w|--workspace)$/.test(args[args.indexOf(a) - 1]?.text ?? "")))) return null;
  if (base === "npm") {
    const call = args.findIndex((a) => /^(-c|--call)(=|$)/.test(a.text));
    if (call >= 0) {
      const t = (args[call] as Word).text;
      const value = t.includes("=") ? { ...(args[call] as Word), text: t.slice(t.indexOf("=") + 1) } : args[call + 1];
      return !value || value.dynamic ? "" : value.text;
    }
  }
  let words = args.slice(at + 1);
  const dd = words.findIndex((w) => w.text === "--");
  if (base === "lerna" || dd === 0) words = dd >= 0 ? words.slice(dd + 1) : words;
  else if (base === "npm") words = dropOptions(words, new Set(["-p", "--package"]));
  if (words.length === 0) return null;
  if (words.some((w) => w.dynamic)) return "";
  const joined = base === "yarn" || (base === "pnpm" && args.slice(0, at + 1).some((a) => a.text === "-c" || a.text === "--shell-mode"));
  return words.map((w) => (joined ? w.text : quote(w.text))).join(" ");
}

/** Monorepo task runners that run the workspaces' package.json scripts by name. */
const MONOREPO_RUNNERS = new Set(["lerna", "turbo", "nx"]);

/**
 * The scripts a monorepo runner runs in each workspace: `lerna run X`, `turbo run X Y` (`turbo X`,
 * `pkg#X`), `nx run-many -t X Y` (`nx affected`, `nx run P:X`, `nx X P`). A computed name is every
 * script (`*`).
 */
function monorepoTasks(base: string, args: Word[]): string[] {
  const words = args.filter((a) => a.text !== "--");
  const first = words.findIndex((a) => !a.text.startsWith("-"));
  const sub = words[first]?.text ?? "";
  const after = first >= 0 ? words.slice(first + 1) : [];
  const name = (w: Word): string => (w.dynamic ? "*" : w.text);
  const plain = (ws: Word[]): string[] => {
    const end = ws.findIndex((w) => w.text.startsWith("-"));
    return (end < 0 ? ws : ws.slice(0, end)).map(name);
  };
  if (base === "lerna") return sub === "run" && after[0] ? [name(after[0])] : [];
  if (base === "turbo") {
    const tasks = sub === "run" ? plain(after) : ["prune", "login", "logout", "link", "unlink", "gen", "generate", "daemon", "telemetry", "info", "ls", "query", "watch", "scan", "bin", "completion", "boundaries", "devtools", "docs", "config", ""].includes(sub) ? [] : [sub, ...plain(after)];
    return tasks.map((t) => t.slice(t.indexOf("#") + 1));
  }
  if (sub === "run-many" || sub === "affected") {
    const out: string[] = [];
    for (let k = 0; k < after.length; k++) {
      const m = /^(-t|--targets?)(=(.*))?$/.exec((after[k] as Word).text);
      if (!m) continue;
      const values = m[2] !== undefined ? [name({ ...(after[k] as Word), text: m[3] as string })] : plain(after.slice(k + 1));
      for (const v of values) out.push(...v.split(","));
    }
    return out;
  }
  if (sub === "run" || sub === "exec") return after[0] && sub === "run" ? [name(after[0]).split(":")[1] ?? ""].filter(Boolean) : [];
  const own = ["add", "affected", "connect", "daemon", "format", "format:check", "format:write", "generate", "g", "graph", "import", "init", "list", "migrate", "release", "repair", "report", "reset", "show", "sync", "sync:check", "view-logs", "watch", "login", "logout", "mcp", "exec", "run", "run-many", ""];
  return own.includes(sub) ? [] : [name(words[first] as Word).split(":").pop() ?? ""].filter(Boolean);
}

/** A package.json's workspaces (an array, or `packages` of an object), or null. */
function jsonWorkspaces(text: string | false | null | undefined): string[] | null {
  try {
    const ws = (JSON.parse(text || "null") as { workspaces?: unknown } | null)?.workspaces;
    const list = Array.isArray(ws) ? (ws as unknown[]) : (ws as { packages?: unknown } | undefined)?.packages;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === "string") : null;
  } catch {
    return null;
  }
}

/** A package.json's name, or null. */
function jsonName(text: string | false | null | undefined): string | null {
  try {
    const name = (JSON.parse(text || "null") as { name?: unknown } | null)?.name;
    return typeof name === "string" ? name : null;
  } catch {
    return null;
  }
}

/** The `packages:` list of a pnpm-workspace.yaml (one item a line). */
function yamlPackages(text: string): string[] {
  const list: string[] = [];
  let inside = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^packages:\s*(#.*)?$/.test(line)) inside = true;
    else if (/^\S/.test(line)) inside = false;
    else if (inside) {
      const item = /^\s+-\s*(["']?)([^"'#]*?)\1\s*(#.*)?$/.exec(line);
      if (item?.[2]) list.push(item[2]);
    }
  }
  return list;
}

/**
 * The named scripts of a package.json's text, each in a subshell of its own (npm runs each with sh
 * -c). npm-run-all's patterns (`build:*`, `**` across colons) match names as npm-run-all matches
 * them: a glob over the name with its colons read as slashes.
 */
function pickScripts(text: string, names: string[]): string {
  try {
    const scripts = (JSON.parse(text) as { scripts?: Record<string, unknown> } | null)?.scripts ?? {};
    const matching = (n: string): string[] => {
      if (!n.includes("*")) return [n];
      const matches = programGlob(n.replaceAll(":", "/"), { dot: true, nocase: false, nonegate: true });
      return Object.keys(scripts).filter((k) => matches(k.replaceAll(":", "/")));
    };
    return names.flatMap(matching).flatMap((n) => (Object.hasOwn(scripts, n) && typeof scripts[n] === "string" ? [`(\n${scripts[n]}\n)`] : [])).join("\n");
  } catch {
    return "";
  }
}

function dropOptions(args: Word[], takesValue: ReadonlySet<string>): Word[] {
  let i = 0;
  while (i < args.length && (args[i] as Word).text.startsWith("-")) i += takesValue.has((args[i] as Word).text) ? 2 : 1;
  return args.slice(i);
}

/** Options of an interpreter that only print information: with nothing else, it runs no code. */
const INFO_ONLY: Record<string, RegExp> = {
  python: /^(-V|-VV|--version|-h|--help|-\?)$/,
  node: /^(-v|--version|-h|--help|--v8-options)$/,
  perl: /^(-v|-V(:.*)?|-h)$/,
  ruby: /^(-v|--version|-h|--help|--copyright)$/,
  php: /^(-v|--version|-h|--help|-m|-i|--ini)$/,
  deno: /^(-V|--version|-h|--help)$/,
};

/**
 * Whether an interpreter run unfed starts its REPL (or reads its program from the terminal): no
 * script, module or code to run (`python3`, `node`, `perl`, `deno`, `deno repl`, `bun repl`), or a
 * switch that goes on reading after the script (`python3 -i x.py`, `node -i`, `php -a`). A harness
 * that types into a running program (Codex's write_stdin, after exec_command with a tty; no hook
 * sees it) has it run that code: before, `python3` and then `open('docs/x','w')` wrote out of scope.
 */
function startsRepl(base: string, args: Word[], script: boolean): boolean {
  if ((base === "deno" || base === "bun") && args[0]?.text === "repl") return true;
  // A module or command that is itself a prompt: python -m code/asyncio/pdb/IPython, node inspect
  // (a debugger runs any code typed at it; allowed before red-team round 19).
  if (base.startsWith("python") && REPL_MODULES.test(switches(base, args).module?.text ?? "")) return true;
  if (base === "node" && args.find((a) => !a.text.startsWith("-"))?.text === "inspect") return true;
  // perl -d runs its script under the debugger, whose prompt runs any perl typed at it (-d:Module
  // is a profiler or tracer; a script under -d passed before red-team round 44).
  if (base === "perl" && args.some((a) => /^-[wWsStTaclnpuUX]*d[wWsStTaclnpuUX]*$/.test(a.text))) return true;
  // ruby -r debug/start (-rdebug/open, the old -rdebug) stops the script in the debugger's prompt.
  if (base === "ruby" && args.some((a, k) => /^(debug(\/(start|open|open_nonstop))?)$/.test(a.text === "-r" ? (args[k + 1]?.text ?? "") : /^-r./.test(a.text) ? a.text.slice(2) : ""))) return true;
  // bun alone prints its help (shells never come here: interpreter() judges them first).
  if (base === "bun") return false;
  // Code given on the line (perl -ne, ruby -e), tests or a package script to run (node --test,
  // node --run), a web server (php -S): no prompt.
  if (args.some((a) => ((base === "perl" || base === "ruby") && /^-[A-Za-z]*[eE]/.test(a.text)) || (base === "node" && /^--(test|run)(=|$)/.test(a.text)) || (base === "php" && /^-[Srf]/.test(a.text)))) return false;
  if (args.some((a) => (base.startsWith("python") && /^-[A-Za-z]*i[A-Za-z]*$/.test(a.text) && !/[cmWXQ]/.test(a.text)) || (base === "node" && (a.text === "-i" || a.text === "--interactive")) || (base === "php" && (a.text === "-a" || a.text === "--interactive")))) return true;
  const info = INFO_ONLY[base.startsWith("python") ? "python" : base];
  return !script && !(info && args.length > 0 && args.every((a) => info.test(a.text)));
}

/** python -m modules that prompt for code or debugger commands on the terminal. */
// (sqlite3's prompt, python 3.12's, runs SQL whose ATTACH makes a database file anywhere: allowed before red-team round 44.)
const REPL_MODULES = /^(code|asyncio|pdb|ipdb|pudb|idlelib(\.idle)?|IPython|ipython|ptpython|bpython|jupyter|jupyter_console|xonsh|sqlite3)$/;

function interpreter(base: string, args: Word[], heredoc: boolean, fed: boolean, ctx: ShellContext, depth: number, result: ShellResult, links: Map<string, string>, runScriptAt: (w: Word, rest: Word[]) => void): void {
  if (["sh", "bash", "zsh", "dash"].includes(base)) {
    const c = args.findIndex((a) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a.text));
    if (c >= 0) {
      // The command string is the first operand after the options (bash -c -- 'cmd', bash -c -e 'cmd').
      let at = c + 1;
      while (at < args.length && /^[-+]/.test((args[at] as Word).text) && !(args[at] as Word).quoted) {
        const t = (args[at] as Word).text;
        at += t === "-o" || t === "+o" || t === "-O" || t === "+O" ? 2 : 1;
        if (t === "--" || t === "-") break;
      }
      const body = args[at];
      // bash -P / -o physical: its cd follows links before `..`; -O cdable_vars (or a computed
      // option): its cd may go to a variable's folder (before red-team round 15 both were read as plain bash).
      const opts = args.slice(0, at);
      const shopts = opts.flatMap((a, k) => (/^[-+]O$/.test(a.text) ? [opts[k + 1]] : []));
      const setOpts = opts.filter((a, k) => !/^[-+]O$/.test(a.text) && !/^[-+]O$/.test(opts[k - 1]?.text ?? "") && !a.text.startsWith("--"));
      const child: ShellContext = { ...ctx, shellString: true, plainSh: base === "sh" || base === "dash", ...(chasesLinks("set", setOpts) ? { physical: null } : {}), ...(shopts.some((w) => w === undefined || w.dynamic || w.text === "cdable_vars") ? { cdUnsure: true } : {}) };
      // Its $1 … $9 are the words after its $0 (`bash -c 'cp "$1" "$2"' _ src/a src/b`), not the
      // arguments of a script it runs in (which before red-team round 30 stood for them there); a
      // computed one stays unknown.
      child.vars = { ...withoutArguments(ctx.vars), ...argumentsOf(args.slice(at + 2)) };
      if (!body || body.dynamic) result.unknown.push(`${base} -c runs a command exo cannot read`);
      else walk(body.text, child, depth + 1, result, links);
      return;
    }
    if (heredoc || args.length === 0 || args.some((a) => a.text === "-" || a.text === "-s")) result.unknown.push(`${base} runs commands from its input`);
    else {
      // bash x.sh ARGS is judged as ./x.sh ARGS is (runScript).
      const at = scriptOperand(args);
      if (at < 0) result.unknown.push(`${base} runs a script with options exo does not read`);
      else runScriptAt(args[at] as Word, args.slice(at + 1));
    }
    return;
  }
  // python and php switches cluster and take glued values (python3 -Ic CODE, -c'CODE', php -r'CODE').
  const sw = base.startsWith("python") || base === "php" ? switches(base, args) : null;
  const inline =
    (sw !== null && sw.code) ||
    ((base === "node" || base === "bun") && args.some((a) => ["-e", "--eval", "-p", "--print", "-pe", "-ep"].includes(a.text) || a.text.startsWith("--eval=") || a.text.startsWith("--print=") || a.text.startsWith("--require") || a.text.startsWith("--import") || a.text === "-r")) ||
    // A loader given as a data: URL is code on the line (`node --loader 'data:text/javascript,…'`;
    // allowed before red-team round 44, where --import was asked).
    ((base === "node" || base === "bun") && args.some((a, k) => /^--(experimental-)?loader(=|$)/.test(a.text) && /^data:/i.test(a.text.includes("=") ? a.text.slice(a.text.indexOf("=") + 1) : (args[k + 1]?.text ?? "")))) ||
    (base === "deno" && args[0]?.text === "eval");
  // Without a script (or module) to run, the program is read from the input: a pipe or a < file.
  const script = sw !== null ? !sw.stdin : operands(args, new Set(["-W", "-X", "-m", "-c", "-e", "-r", "-I", "--eval", "--require", "--import", "--loader", "--input-type", "--env-file"])).length > 0 || args.some((a) => a.text === "-m" || (base === "deno" && a.text === "run"));
  // A prompt fed from a pipe or a file (echo CODE | python3 -m code, python3 -m pdb x.py < cmds,
  // python3 -i x.py <<< CODE) runs what it is fed as a bare interpreter does (allowed before red-team round 20).
  if (inline || heredoc || args.some((a) => a.text === "-") || (fed && (!script || startsRepl(base, args, script)))) result.unknown.push(`${base} runs inline code that may write files`);
  else if (!fed && startsRepl(base, args, script)) result.unknown.push(`${base} runs the code typed into its terminal, which exo cannot see`);
  // A script read from a device or a descriptor (python3 /dev/fd/0, node /dev/stdin, perl
  // /proc/self/fd/3) is the input's text: code exo does not see (before red-team round 15
  // `echo "open('docs/x','w')" | python3 /dev/fd/0` passed).
  const first = sw !== null ? (sw.code || sw.module !== null ? undefined : sw.rest[0]) : operands(base === "deno" && args[0]?.text === "run" ? args.slice(1) : args, new Set(["-r", "--require", "--import", "--loader", "--input-type", "--env-file", "-I", "-C", "-E", "-F", "-K", "-x"]))[0];
  if (first && (first.dynamic || (DEVICE_DIRS.test(posix.resolve("/", first.text)) && first.text !== "/dev/null"))) result.unknown.push(`${base} runs a script read from ${first.text || "an expansion"}`);
  // A framework's script whose subcommand is a prompt (python3 manage.py shell, php artisan tinker), fed or not.
  const named = first && sw ? posix.basename(first.text) : "";
  if (sw && named !== "" && readsTerminal(named, sw.rest.slice(1))) result.unknown.push(`${named} ${sw.rest[1]?.text ?? ""} runs the commands typed into its terminal or given to it, which exo cannot see`);
}

/**
 * An interpreter's own switches, read as the interpreter reads them: one-letter switches cluster
 * (`python3 -Ic CODE`, `perl -lne CODE`), and a switch that takes a value takes the rest of its
 * word (`python3 -c'CODE'`, `perl -e'CODE'`, `perl -Mstrict`, `perl -Ilib`, `perl -i.bak`,
 * `python3 -mzipfile`) or, when nothing follows it, the next word. Reading stops at the script,
 * the inline code or the module: every later word belongs to the program.
 */
interface Switches {
  /** Inline code was given (-c, -e, -r, …). */
  code: boolean;
  /** In-place editing (perl/ruby -i). */
  inPlace: boolean;
  /** The backup extension glued to -i (perl -i.bak, perl -i'old/*'). */
  suffix?: Word;
  /** The module of python -m. */
  module: Word | null;
  /** `-` (or nothing to run): the program is read from the input. */
  stdin: boolean;
  /** The script (when neither code nor a module is given) and every word after it. */
  rest: Word[];
  /** python's -X options (-X pycache_prefix=DIR, -Xpycache_prefix=DIR). */
  x?: (Word | null)[];
}

// Per interpreter: switches whose value is code, switches that take a value (rest of the word or
// the next word), switches whose value can only be glued to them, switches followed by optional
// digits (perl -l0 -ne), in-place switches and the module switch.
interface SwitchTable { code: string; value: string; glued: string; digits: string; inPlace: string; module: string }
const SWITCHES: Record<string, SwitchTable> = {
  python: { code: "c", value: "WXQ", glued: "", digits: "", inPlace: "", module: "m" },
  perl: { code: "eE", value: "I", glued: "MmDxVF", digits: "l0C", inPlace: "i", module: "" },
  ruby: { code: "e", value: "IrCEFK", glued: "x", digits: "0WT", inPlace: "i", module: "" },
  php: { code: "rBRE", value: "fFdcztS", glued: "", digits: "", inPlace: "", module: "" },
};

function switches(base: string, args: Word[]): Switches {
  const table = SWITCHES[base.startsWith("python") ? "python" : base] ?? { code: "", value: "", glued: "", digits: "", inPlace: "", module: "" };
  const out: Switches = { code: false, inPlace: false, module: null, stdin: false, rest: [] };
  for (let k = 0; k < args.length; k++) {
    const w = args[k] as Word;
    const t = w.text;
    if (t === "-") {
      out.stdin = true;
      out.rest = args.slice(k + 1);
      return out;
    }
    // Quotes do not stop a switch: -e'CODE' is -e with CODE.
    if (!t.startsWith("-") || w.dynamic) {
      out.rest = args.slice(k);
      return out;
    }
    if (t === "--") {
      out.rest = args.slice(k + 1);
      return out;
    }
    // Long options (--version, --disable=gems, python's --check-hash-based-pycs MODE).
    if (t.startsWith("--")) {
      if (t === "--check-hash-based-pycs" || t === "--encoding" || t === "--external-encoding" || t === "--internal-encoding") k++;
      continue;
    }
    for (let j = 1; j < t.length; j++) {
      const ch = t[j] as string;
      const glued = t.slice(j + 1);
      if (table.code.includes(ch) || table.module.includes(ch)) {
        const value = glued !== "" ? { ...w, text: glued } : (args[k + 1] ?? null);
        if (table.module.includes(ch)) {
          out.module = value;
          out.rest = args.slice(glued !== "" ? k + 1 : k + 2);
          return out;
        }
        out.code = true;
        // perl/ruby/php: more switches and files may follow the code; python: the rest is sys.argv.
        if (table.module === "") {
          if (glued === "") k++;
          break;
        }
        out.rest = args.slice(glued !== "" ? k + 1 : k + 2);
        return out;
      }
      if (table.inPlace.includes(ch)) {
        out.inPlace = true;
        if (glued !== "" || w.dynamic) out.suffix = { ...w, text: glued };
        break;
      }
      if (table.value.includes(ch)) {
        if (ch === "X" && base.startsWith("python")) (out.x ??= []).push(glued !== "" ? { ...w, text: glued } : (args[k + 1] ?? null));
        if (glued === "") k++;
        break;
      }
      if (table.glued.includes(ch)) {
        // perl -MMod and -mMod are a `use Mod;` put before the program: text past a module's name
        // and its import list (`-M'strict;system(…)'`) is code (allowed before red-team round 44).
        if (base === "perl" && (ch === "M" || ch === "m") && !/^-?[A-Za-z_][\w:]*(=[\w,:./+-]*)?$/.test(glued)) out.code = true;
        break;
      }
      // perl -d:Module takes the rest; a bare -d is a switch (perl -de0).
      if (base === "perl" && ch === "d" && glued.startsWith(":")) break;
      // perl -l0 -0777 -C7 (or -CSD), ruby -0777 -W2: the digits (or letters) are the value.
      if (table.digits.includes(ch)) while (j + 1 < t.length && (/[0-9a-fA-Fx]/.test(t[j + 1] as string) && (ch === "0" || /[0-9]/.test(t[j + 1] as string)) || (base === "perl" && ch === "C" && /[IOEioeSALa]/.test(t[j + 1] as string)))) j++;
    }
  }
  out.stdin = out.stdin || (!out.code && out.module === null && out.rest.length === 0);
  return out;
}

/**
 * git's long options that make a command write, run a program or write elsewhere. git takes any
 * unambiguous prefix of a long option, so a prefix of one of these is read as it (conservatively:
 * a prefix git would find ambiguous only makes exo more careful).
 */
const GIT_LONG_OPTIONS = ["--force", "--hard", "--merge", "--keep", "--worktree", "--apply", "--index", "--file", "--global", "--system", "--edit", "--unset", "--unset-all", "--add", "--replace-all", "--rename-section", "--remove-section", "--template", "--upload-pack", "--receive-pack", "--exec", "--separate-git-dir", "--open-files-in-pager", "--config", "--output", "--output-directory", "--remote", "--socket", "--export-marks", "--object-dir"];

/** The word with a prefix of one of GIT_LONG_OPTIONS (--forc, --glob=…) spelled out in full. */
function gitLongOption(w: Word): Word {
  if (!w.text.startsWith("--") || w.text.length < 3) return w;
  const eq = w.text.indexOf("=");
  const name = eq < 0 ? w.text : w.text.slice(0, eq);
  if (GIT_LONG_OPTIONS.includes(name)) return w;
  const full = GIT_LONG_OPTIONS.find((o) => o.startsWith(name));
  return full ? { ...w, text: full + (eq < 0 ? "" : w.text.slice(eq)) } : w;
}

/**
 * A repository on this machine over ssh (`localhost:/repo`, `ssh://localhost/repo`): git copies it as
 * it does a local one (`git clone localhost:$PWD src/c` passed before red-team round 42). Group 1 is
 * set for an ssh:// URL, whose path follows its `/`.
 */
const LOCALHOST_REPO = /^(?:((?:git\+)?ssh|ssh\+git):\/\/([^@/]+@)?(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?\/|([^@/:]+@)?(?:localhost|127\.0\.0\.1):)/i;

/**
 * The folder a git repository word names when it is a local one (a path, `~/x`, `file:///x`), as
 * git reads it: a URL with a scheme or `host:path` (a `:` before the first `/`) is another
 * machine's, a bare name is a remote's name.
 */
function localRepository(w: Word): Word | null {
  const fileUrl = /^file:\/\/(localhost)?(\/.*)$/i.exec(w.text);
  if (fileUrl) return { ...w, text: fileUrl[2] as string };
  const own = LOCALHOST_REPO.exec(w.text);
  if (own) return { ...w, text: own[1] !== undefined ? `/${w.text.slice(own[0].length)}` : /^[/~]/.test(w.text.slice(own[0].length)) ? w.text.slice(own[0].length) : `~/${w.text.slice(own[0].length)}` };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(w.text) || /^[^/]*:/.test(w.text)) return null;
  return w.text.includes("/") || w.text.startsWith("~") || w.text === ".." ? w : null;
}

/**
 * A git command that prints or copies every tracked file (docs/hooks.md "Reads of denied files"):
 * its label, or null. `rest` is the words after the subcommand, `dd` the index of its `--`.
 */
function gitWholeTree(sub: string, rest: Word[], dd: number, isPath?: (w: Word) => boolean): string | null {
  const given = (...names: string[]) => rest.some((a, k) => (dd < 0 || k < dd) && names.some((n) => a.text === n || (n.startsWith("--") && a.text.startsWith(`${n}=`))));
  switch (sub) {
    case "archive": {
      const ops = operands(dd >= 0 ? rest.slice(0, dd) : rest, new Set(["-o", "--output", "--format", "--prefix", "--remote", "--exec", "--add-file", "--add-virtual-file", "--mtime", "--compression-level"]));
      return ops.length <= 1 && (dd < 0 || rest.length === dd + 1) ? "git archive of the whole tree" : null;
    }
    case "fast-export":
      return dd < 0 ? "git fast-export" : null;
    case "bundle":
      return rest[0]?.text === "create" ? "git bundle create" : null;
    // A pack of the objects its input or --all names (`echo HEAD | git pack-objects --revs --stdout >
    // src/x.pack`), and what upload-pack and upload-archive send the request they read: every file
    // of those commits, packed where the agent reads it (allowed before red-team round 41).
    case "pack-objects":
    case "upload-pack":
    case "upload-archive":
      return `git ${sub}`;
    // A push into a local repository (a path, file://) copies the objects of what it pushes there,
    // where the agent reads them back (`git push src/r.git HEAD`, then its loose objects; allowed
    // before red-team round 41), as a clone of this one does.
    case "push":
    case "send-pack": {
      const repoOpt = rest.find((a) => a.text.startsWith("--repo="));
      const repo = repoOpt ? { ...repoOpt, text: repoOpt.text.slice(7) } : operands(dd >= 0 ? rest.slice(0, dd) : rest, new Set(["-o", "--push-option", "--repo", "--receive-pack", "--exec"]))[0];
      return repo && !repo.dynamic && repo.text !== "." && localRepository(repo) ? `git ${sub} to a local repository` : null;
    }
    case "cat-file":
      return given("--batch-all-objects") && given("--batch", "--batch-command") ? "git cat-file --batch-all-objects" : null;
    case "clone": {
      // A local repository (a path or file://) copied elsewhere.
      const src = operands(rest, new Set(["-b", "--branch", "--depth", "-o", "--origin", "--reference", "-c", "--config", "--filter", "-j", "--jobs", "--template", "-u", "--upload-pack", "--separate-git-dir", "--shallow-since", "--shallow-exclude", "--server-option"]))[0];
      return src && !src.dynamic && (/^(file:\/\/|\.{1,2}(\/|$)|\/)/.test(src.text) || !/[:@]/.test(src.text) || LOCALHOST_REPO.test(src.text)) ? "git clone of a local repository" : null;
    }
    case "worktree":
      return rest[0]?.text === "add" ? "git worktree add" : null;
    case "format-patch":
      return given("--root") ? "git format-patch --root" : null;
    case "diff":
    case "diff-tree":
    case "diff-index": {
      // A diff against the empty tree prints every tracked file (`git diff 4b825dc HEAD`, `git
      // diff-index -p $(git hash-object -t tree /dev/null)`; allowed before red-team round 22).
      const empty = rest.some((a, k) => (dd < 0 || k < dd) && (emptyTree(a.text) || (a.lead === "$(" && /\bhash-object\b[^)]*\btree\b|\bmktree\b/.test(a.body ?? ""))));
      return empty && dd < 0 ? `git ${sub} against the empty tree` : null;
    }
    case "log":
    case "whatchanged":
    case "reflog": {
      // git reflog (show) takes log's options: `git reflog -p` prints the patch of every commit the
      // branch has pointed at, the first one too (allowed before red-team round 24).
      if (sub === "reflog" && ["expire", "delete", "exists", "drop", "list"].includes(rest.find((a) => !a.text.startsWith("-"))?.text ?? "")) return null;
      const patch = rest.some((a, k) => (dd < 0 || k < dd) && GIT_PATCH_OPTION.test(a.text));
      if (!patch || dd >= 0) return null;
      // A count, a start date or a range stops before the first commit; --first-parent, --skip, an
      // end date (--until, --before) and a parent count (--max-parents=0 is the first commit itself)
      // do not (each read as a limit before red-team round 24).
      const limited = rest.some((a) => /^-\d+$|^-n\d*$|^--max-count(=|$)|^--(since|after|since-as-filter)(=|$)/.test(a.text) || (!a.text.startsWith("-") && (a.text.includes("..") || a.text.startsWith("^"))));
      // Operands other than revisions would be paths (`git log -p src`): those are judged as paths
      // are. One the work tree does not have is a revision (`origin/main`, `refs/heads/main`: read
      // as a path before red-team round 24).
      const ops = operands(rest, GIT_LOG_VALUES);
      return !limited && ops.every((o) => (isPath ? o.dynamic || !isPath(o) : !o.text.includes("/") && !o.text.startsWith("."))) ? `git ${sub} -p of the whole history` : null;
    }
    default:
      return null;
  }
}

/**
 * Options of git's log and diff families that print each change's patch, or search it: the
 * commits a pickaxe (`-S TEXT`, `-G REGEX`) keeps tell what the patches hold (`git log -G
 * 'TOKEN=s3' --oneline` answers, letter by letter; allowed before red-team round 36).
 */
const GIT_PATCH_OPTION = /^-[a-zA-Z]*p[a-zA-Z]*$|^-u$|^-U\d*$|^--(patch|unified|patch-with-stat|patch-with-raw|full-diff|cc|word-diff|binary)(=|$)|^-[SG]|^--pickaxe-/;

/** Options of git's log family that take the next word as their value. */
const GIT_LOG_VALUES = new Set(["-n", "--max-count", "-S", "-G", "--grep", "--author", "--committer", "--format", "--pretty", "-L", "--skip", "--since", "--after", "--until", "--before", "--diff-filter", "-O", "--decorate-refs", "--decorate-refs-exclude", "--encoding", "--date"]);

/**
 * The commands (argv after `git`) that list, by name, the files whose patch `git SUB REST` prints:
 * its revisions and paths with exo's own options (`--name-only -z`, no external diff), and of the
 * agent's options only those that choose commits (a count, dates, a range, merges). "computed" when
 * a revision is computed at run time; none when it prints no patch. A word that is no plain
 * revision (an option's value exo did not know, a pathspec's magic) is left out, so git answers
 * for a wider choice of commits, never a narrower one.
 */
function gitPatchQuery(sub: string, rest: Word[], dd: number, isPath?: (w: Word) => boolean): string[][] | "computed" {
  const before = dd >= 0 ? rest.slice(0, dd) : rest;
  const given = (re: RegExp) => before.some((a) => re.test(a.text));
  const patch = given(GIT_PATCH_OPTION);
  const noPatch = given(/^-s$|^--(no-patch|stat|numstat|shortstat|name-only|name-status|summary|dirstat|raw|check|quiet)(=|$)/) && !patch;
  const verb = sub === "stash" || sub === "bundle" ? (before.find((a) => !a.text.startsWith("-"))?.text ?? "") : "";
  const ops = operands(before.filter((a) => !(sub === "stash" && a.text === verb)), sub === "log" || sub === "whatchanged" || sub === "show" || sub === "format-patch" ? GIT_LOG_VALUES : new Set(["-O", "-S", "-G", "--diff-filter", "-n", "--max-count"]));
  // A revision may name a commit by its message (`:/initial`, `HEAD^{/fix it}`) or a date (`main@{2
  // days ago}`): the first was dropped before red-team round 37, and `git show :/initial` printed the
  // commit that added a secret.
  const revs = ops.filter((o) => !(isPath?.(o) ?? false) && (/^([A-Za-z0-9_./@^~{}!+-]|@\{[^}]*\}|\^\{\/[^}]*\})+$/.test(o.text) || /^:\/./.test(o.text)) && !o.text.startsWith("-")).map((o) => o.text);
  const paths = [...ops.filter((o) => isPath?.(o) ?? false), ...(dd >= 0 ? rest.slice(dd + 1) : [])];
  if (paths.some((p) => p.dynamic)) paths.length = 0;
  // --relative (from a subfolder) and --relative=DIR print the files below that folder only: `cd src
  // && git diff --relative` was judged as the whole work tree's patch before red-team round 37.
  const relative = before.findLast((a) => /^--(no-)?relative(=|$)/.test(a.text));
  if (relative && !relative.dynamic && !relative.text.startsWith("--no-") && paths.length === 0) paths.push({ ...relative, text: relative.text.includes("=") ? `:(top)${relative.text.slice(11)}` : "." });
  const tail = ["--end-of-options", ...revs, "--", ...paths.map((p) => p.text)];
  const keep = before.filter((a, k) => /^(-\d+|-n\d+|--max-count=\d+|--skip=\d+|--(since|after|until|before|author|committer|grep|since-as-filter)=.*|--(first-parent|merges|no-merges|all|branches|tags|remotes|reflog|walk-reflogs|cherry-pick|left-only|right-only|full-history|simplify-merges|ancestry-path|root)|-[gm]|-c|--cc|--diff-merges=.*|--remerge-diff|--(min|max)-parents=\d+|--include-untracked|--only-untracked|-u)$/.test(a.text) || (a.text === "-n" && /^\d+$/.test(before[k + 1]?.text ?? "")) || (/^\d+$/.test(a.text) && before[k - 1]?.text === "-n")).map((a) => a.text);
  const names = ["--no-ext-diff", "--no-textconv", "--name-only", "-z"];
  const cached = given(/^--(cached|staged)$/) ? ["--cached"] : [];
  const argvs = ((): string[][] => {
    switch (sub) {
      case "show":
        return noPatch ? [] : [["show", ...names, "--format=", ...keep.filter((k) => k !== "-u"), ...tail]];
      case "diff":
        return noPatch || given(/^--no-index$/) ? [] : [["diff", ...names, ...cached, ...(given(/^--merge-base$/) ? ["--merge-base"] : []), ...tail]];
      case "diff-tree":
        return !patch ? [] : [["diff-tree", "-r", "--no-commit-id", ...names, ...keep.filter((k) => /^(--root|-m|-c|--cc)$/.test(k)), ...tail]];
      case "diff-index":
        return !patch ? [] : [["diff-index", ...names, ...cached, ...tail]];
      case "diff-files":
        return !patch ? [] : [["diff-files", ...names, "--", ...paths.map((p) => p.text)]];
      case "log":
      case "whatchanged":
      case "reflog":
      case "format-patch": {
        if (sub !== "format-patch" && (!patch || given(/^-L/))) return [];
        // git reflog (show) is git log -g: the commits the ref has pointed at.
        if (sub === "reflog") return ["expire", "delete", "exists", "drop", "list"].includes(revs[0] ?? "") ? [] : [["log", "-g", "--format=", ...names, ...keep.filter((k) => k !== "-u"), "--end-of-options", ...revs.filter((r) => r !== "show"), "--", ...paths.map((p) => p.text)]];
        // format-patch REV is the commits after REV up to HEAD.
        const range = sub === "format-patch" && revs.length === 1 && !(revs[0] as string).includes("..") && !keep.some((k) => /^-(\d+|n)/.test(k)) ? ["--end-of-options", `${revs[0] as string}..HEAD`, "--", ...paths.map((p) => p.text)] : tail;
        return [["log", "--format=", ...names, ...keep.filter((k) => k !== "-u"), ...range]];
      }
      // What git prints or packs of every file in some commits, the deleted ones too (a secret
      // committed once and removed since was judged by the files git tracks now before red-team
      // round 37): fast-export's and bundle create's commits, archive's tree.
      case "fast-export":
      case "bundle": {
        if (sub === "bundle" && verb !== "create") return [];
        const every = keep.filter((k) => /^--(all|branches|tags|remotes)$/.test(k));
        // bundle create FILE REV…: the revisions after the file.
        const tips = sub === "bundle" ? ops.slice(2).map((o) => o.text) : revs;
        return tips.length > 0 || every.length > 0 ? [["log", "--format=", ...names, ...every, "--end-of-options", ...tips, "--", ...paths.map((p) => p.text)]] : [];
      }
      case "archive": {
        const given = operands(before, new Set(["-o", "--output", "--format", "--prefix", "--remote", "--exec", "--add-file", "--add-virtual-file", "--mtime", "--compression-level"]));
        const tree = given[0];
        if (!tree || given.some((o) => o.dynamic) || given.some((o) => o.text.startsWith("--remote")) || before.some((a) => /^--remote(=|$)/.test(a.text))) return [];
        // (ls-tree takes no `--`: its paths follow the tree.)
        return [["ls-tree", "-r", "--full-name", "--name-only", "-z", "--end-of-options", tree.text, ...given.slice(1).map((o) => o.text), ...(dd >= 0 ? rest.slice(dd + 1).map((p) => p.text) : [])]];
      }
      case "range-diff": {
        // The patches of both ranges, side by side: A...B, two ranges, or a base and two tips (printed
        // unseen before red-team round 37).
        if (noPatch) return [];
        const ranges = revs.length === 1 ? revs : revs.length === 2 ? revs : revs.length === 3 ? [`${revs[0] as string}..${revs[1] as string}`, `${revs[0] as string}..${revs[2] as string}`] : [];
        return ranges.map((r) => ["log", "--format=", ...names, "--end-of-options", r, "--", ...paths.map((p) => p.text)]);
      }
      case "merge-tree": {
        // The old mode (three trees, or --trivial-merge BASE A B) prints the patch of each file the
        // second side changed from the base, whole where it was added or removed (printed unseen
        // before red-team round 41: `git merge-tree 4b825dc 4b825dc HEAD` prints every file);
        // --write-tree and two commits print a tree's id and the conflicts' names.
        if (given(/^--write-tree$/) || (revs.length !== 3 && !given(/^--trivial-merge$/))) return [];
        const [base, , two] = revs;
        return base && two ? [["diff", ...names, "--end-of-options", base, two, "--"]] : [];
      }
      case "request-pull": {
        // request-pull -p START URL [END[:REMOTE]]: the patch of START..END (HEAD), after its summary
        // (printed unseen before red-team round 40).
        if (!given(/^-p$/)) return [];
        const [start, , end] = ops.map((o) => o.text);
        return start ? [["log", "--format=", ...names, "--end-of-options", `${start}..${end?.split(":")[0] || "HEAD"}`, "--"]] : [];
      }
      case "stash":
        return verb === "show" && patch ? [["stash", "show", ...names, ...keep.filter((k) => /^(--include-untracked|--only-untracked|-u)$/.test(k)), ...revs]] : [];
      case "commit":
      case "status":
        // commit -p (--interactive) offers each hunk of the work tree.
        if (sub === "commit" && !given(/^--dry-run$/)) return given(/^(--patch|--interactive)$|^-[a-zA-Z]*p[a-zA-Z]*$/) ? [["diff", ...names]] : [];
        // -v prints the staged patch, -vv the unstaged one too (commit only with --dry-run).
        return given(/^(-v|--verbose)$/) ? [["diff", ...names, "--cached"], ...(before.filter((a) => /^(-v|--verbose)$/.test(a.text)).length > 1 || given(/^-vv$/) ? [["diff", ...names]] : [])] : given(/^-vv$/) ? [["diff", ...names, "--cached"], ["diff", ...names]] : [];
      case "reset":
      case "restore":
        // reset -p (restore --staged -p) offers each staged hunk: the index against a commit.
        return !given(/^(--patch|-p)$/) ? [] : sub === "reset" ? [["diff", ...names, "--cached", ...tail]] : given(/^(--staged|-S)$/) ? [["diff", ...names, "--cached"]] : [];
      case "add":
        // add -p (and -i, -e) shows each hunk of the work tree it offers.
        return given(/^(--patch|--interactive|--edit)$|^-[a-zA-Z]*[pie][a-zA-Z]*$/) ? [["diff", ...names, "--", ...ops.map((o) => o.text), ...paths.map((p) => p.text)]] : [];
      default:
        return [];
    }
  })();
  // Revisions read from the input (`echo HEAD~2 | git diff-tree --stdin -p --root`, `git rev-list
  // --all | git show --stdin`) may be any commit, as a computed one may, and git diff-pairs prints
  // the patch of each pair of blobs its input names (printed unseen before red-team round 41).
  if ((sub === "diff-pairs" && !noPatch) || (argvs.length > 0 && ["log", "whatchanged", "show", "diff-tree"].includes(sub) && given(/^--stdin$/))) return "computed";
  return argvs.length > 0 && ops.some((o) => o.dynamic) ? "computed" : argvs;
}

/**
 * The refs this git command makes or moves to a commit it names (not a new commit of its own), by
 * their short names; "all" when it moves HEAD (and the branch), null when it moves none.
 */
function movesRef(sub: string, rest: Word[], dd: number, isPath?: (w: Word) => boolean): string[] | "all" | null {
  const words = dd >= 0 ? rest.slice(0, dd) : rest;
  const ops = words.filter((a) => !a.text.startsWith("-"));
  const has = (re: RegExp) => words.some((a) => re.test(a.text));
  const named = (list: Word[]): string[] | "all" => (list.some((a) => a.dynamic || /^(HEAD|@)$/.test(a.text)) ? "all" : list.map((a) => shortRef(a.text)));
  // git tag and git branch leave HEAD where it is: each of their operands (an option's value among
  // them: `git tag -m msg v1 HEAD~2`) is taken for a ref they make.
  const made = (): string[] | "all" => (ops.some((a) => a.dynamic) ? "all" : ops.filter((a) => !/^(HEAD|@)$/.test(a.text)).map((a) => shortRef(a.text)));
  switch (sub) {
    case "tag":
      return ops.length > 0 && !has(/^(-l|--list|-d|--delete|-v|--verify|-n\d*|--contains|--no-contains|--merged|--no-merged|--points-at|--column|--sort=.*)$/) ? made() : null;
    case "branch":
      // git branch X [START], -f X START, -m OLD NEW, -c OLD NEW.
      return ops.length > 0 && !has(/^(-l|--list|-d|-D|--delete|-v|-vv|--verbose|-a|--all|-r|--remotes|--show-current|--contains|--no-contains|--merged|--no-merged|--points-at|--edit-description|--unset-upstream|-u|--set-upstream-to(=.*)?)$/) ? made() : null;
    case "symbolic-ref":
      return ops.length > 1 && !has(/^(-d|--delete)$/) ? named(ops.slice(0, 1)) : null;
    case "reset":
      // git reset PATH (or HEAD) only sets the index.
      return ops.some((a) => !["HEAD", "@"].includes(a.text) && !(isPath?.(a) ?? false)) ? "all" : null;
    case "bisect":
      return ["log", "visualize", "view", "help"].includes(ops[0]?.text ?? "") ? null : "all";
    case "fetch": {
      // git fetch . A:B (a refspec with a destination) sets B; a fetch from this repository, FETCH_HEAD.
      const specs = ops.slice(1).filter((a) => a.dynamic || a.text.includes(":"));
      if (specs.length === 0 && ops[0]?.text !== ".") return null;
      const dest = named(specs.map((a) => (a.dynamic ? a : { ...a, text: a.text.slice(a.text.indexOf(":") + 1) })));
      return dest === "all" ? "all" : [...dest, "FETCH_HEAD"];
    }
    case "pull":
      return ops.length > 0 ? "all" : null;
    // What empties or rewrites the index (a later git diff --cached prints what it took out). git rm
    // --cached of plain paths takes out the files the index holds below them, which are read as
    // staged files are (refused wherever git tracked a secret before red-team round 38).
    case "rm":
      return has(/^--cached$/) && (ops.length === 0 && dd < 0 || [...ops, ...(dd >= 0 ? rest.slice(dd + 1) : [])].some((a) => a.dynamic) || has(/^--pathspec-from-file(=|$)/)) ? "all" : null;
    case "read-tree":
    case "update-index":
      return "all";
    case "apply":
      return has(/^--(cached|index)$/) ? "all" : null;
    case "restore":
      // (--staged alone takes the index back to HEAD.)
      return has(/^(--staged|-S|-[A-Za-z]*S[A-Za-z]*)$/) && has(/^(--source(=.*)?|-s.*)$/) ? "all" : null;
    default:
      return null;
  }
}

/**
 * What git add, git mv or git commit puts in the index or a commit, as git commands that name those
 * files: the work tree's changes and new files below the paths it is given (all of them without
 * one, or with a list read from a file), and for a commit the index too.
 */
function stagedFiles(sub: string, rest: Word[]): string[][] {
  const given: Word[] = [];
  for (let k = 0; k < rest.length; k++) {
    const t = (rest[k] as Word).text;
    if (t === "--") {
      given.push(...rest.slice(k + 1));
      break;
    }
    // An option's value (-m MSG, -am MSG, --author A) is no path.
    if (/^--(message|file|reuse-message|reedit-message|author|date|fixup|squash|template|chmod|cleanup|trailer)$/.test(t) || (sub === "commit" && /^-[A-Za-z]*[mFCct]$/.test(t))) k++;
    else if (!t.startsWith("-")) given.push(rest[k] as Word);
  }
  const paths = given.some((a) => a.dynamic) || rest.some((a) => /^--pathspec-from-file(=|$)/.test(a.text)) ? [] : given.map((a) => a.text);
  const names = ["--no-ext-diff", "--no-textconv", "--name-only", "-z"];
  const index = ["diff", ...names, "--cached"];
  // A commit of the index alone (no -a, no paths) holds what is staged.
  if (sub === "commit" && paths.length === 0 && !rest.some((a) => /^(-[A-Za-z]*a[A-Za-z]*|--all)$/.test(a.text))) return [index];
  return [["diff", ...names, "HEAD", "--", ...paths], ...(sub === "commit" ? [index] : [["ls-files", "-z", "--full-name", "--others", "--exclude-standard", "--", ...paths]])];
}

/** A ref's short name: refs/heads/x, heads/x, refs/tags/v0 and tags/v0 are x and v0. */
const shortRef = (ref: string): string => ref.replace(/^\+/, "").replace(/^(refs\/)?(heads|tags|remotes)\//, "");

/** Does this revision word (or range) name one of the refs `names` holds? */
const namesRef = (rev: string, names: ReadonlySet<string>): boolean => rev.split(/\.{2,3}|[~^:@{}!]/).some((part) => part !== "" && names.has(shortRef(part)));

/** The empty tree's id (SHA-1 or SHA-256), whole or abbreviated to 7 digits or more. */
const emptyTree = (t: string): boolean => /^[0-9a-f]{7,64}$/.test(t) && ["4b825dc642cb6eb9a060e54bf8d69288fbee4904", "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321"].some((id) => id.startsWith(t));

/**
 * The folders a git command that prints every file below the paths it is given reads (archive,
 * fast-export, log/whatchanged -p without a limit): each plain path operand (null: the top, for
 * `:/` or exclusions alone), and the names its exclusions leave out. Null when it names none.
 */
function gitFolderReads(sub: string, rest: Word[], dd: number): { paths: (Word | null)[]; exclude: string[] } | null {
  let given: Word[];
  if (sub === "archive") given = operands(dd >= 0 ? rest.filter((_, k) => k !== dd) : rest, new Set(["-o", "--output", "--format", "--prefix", "--remote", "--exec", "--add-file", "--add-virtual-file", "--mtime", "--compression-level"])).slice(1);
  else if (sub === "fast-export") given = dd >= 0 ? rest.slice(dd + 1) : [];
  else if (sub === "log" || sub === "whatchanged") {
    const patch = rest.some((a, k) => (dd < 0 || k < dd) && GIT_PATCH_OPTION.test(a.text));
    const limited = rest.some((a, k) => (dd < 0 || k < dd) && (/^-\d+$|^-n\d*$|^--max-count(=|$)|^--(since|after|until|before|since-as-filter|skip|first-parent|min-parents|max-parents)(=|$)/.test(a.text) || (!a.text.startsWith("-") && (a.text.includes("..") || a.text.startsWith("^")))));
    if (!patch || limited) return null;
    given = dd >= 0 ? rest.slice(dd + 1) : operands(rest, GIT_LOG_VALUES).filter((o) => o.text.includes("/") || o.text.startsWith(".") || o.text.startsWith(":"));
  } else return null;
  const exclude: string[] = [];
  const paths: (Word | null)[] = [];
  for (const w of given) {
    if (w.dynamic) continue;
    const ex = /^:(?:!|\^|\([^)]*exclude[^)]*\))(.*)$/.exec(w.text);
    if (ex) {
      if (ex[1]) exclude.push(ex[1].replace(/^\.\//, "").replace(/\/+$/, ""));
      continue;
    }
    if (w.text === ":/" || /^:\(top\)$/.test(w.text)) paths.push(null);
    else if (!w.text.startsWith(":") && !GLOB_CHARS.test(w.text)) paths.push({ ...w, text: w.text.replace(/\/+$/, "") || "/" });
  }
  if (paths.length === 0 && exclude.length > 0) paths.push(null);
  return paths.length > 0 ? { paths, exclude } : null;
}

/**
 * The words naming the objects git keeps under a name of its own: a tag's operands, the blob of
 * `git notes add|append -C|-c` (--reuse-message, --reedit-message), the entries of `git
 * update-index --cacheinfo` (MODE,ID,PATH split at its commas).
 */
function storedObjects(sub: string, rest: Word[]): Word[] {
  if (sub === "tag") return operands(rest, new Set(["-m", "--message", "-F", "--file", "-u", "--local-user", "--cleanup", "--sort", "--contains", "--no-contains", "--merged", "--no-merged", "--points-at", "--format", "--color", "--column", "--trailer", "-n"]));
  if (sub === "notes") {
    return rest.flatMap((a, k): Word[] => {
      const glued = /^(?:-[Cc]|--re(?:use|edit)-message=)(.+)$/.exec(a.text);
      if (glued && !a.text.startsWith("-c=") && !a.text.startsWith("-C=")) return [{ ...a, text: glued[1] as string }];
      return /^(-[Cc]|--re(use|edit)-message)$/.test(a.text) && rest[k + 1] ? [rest[k + 1] as Word] : [];
    });
  }
  if (sub === "update-index") {
    const k = rest.findIndex((a) => a.text === "--cacheinfo" || a.text.startsWith("--cacheinfo="));
    return k < 0 ? [] : [...(rest[k] as Word).text.includes("=") ? [{ ...(rest[k] as Word), text: (rest[k] as Word).text.slice(12) }] : [], ...rest.slice(k + 1)].flatMap((a) => a.text.split(",").map((text) => ({ ...a, text })));
  }
  return [];
}

/** git commands that print the contents of the paths they are given. */
const GIT_PATH_READERS = new Set(["log", "show", "diff", "blame", "annotate", "archive", "whatchanged", "difftool", "range-diff", "reflog"]);

function gitTargets(args: Word[], add: (w: Word | null, a: Action, label: string) => void, result: ShellResult, forbid: (f: Forbidden) => void, guardReads = false, tree?: (w: Word | null, how: TreeHow, label: string) => void, top?: string, objects?: (ids: string[], unplaced?: string[]) => string[] | null, exists?: (rel: string) => boolean, patches?: (dir: string, argv: string[]) => string[] | null): void {
  let i = 0;
  let dir: string | null = null;
  const hooksOff = () => forbid({ what: "git with exo's git hooks switched off", code: "HOOKS_TAMPERED", why: SKIPS_GIT_HOOKS });
  // What git's configuration on the line adds to its command (an option, by the command's name),
  // and the folder format-patch writes to.
  const byConfig: [string, string][] = [];
  let outputDirectory: Word | null = null;
  const pushedTo: Word[] = [];
  const config = (pair: Word | undefined, how: string) => {
    if (!pair) return;
    const key = pair.text.split("=")[0] ?? "";
    if (HOOKS_PATH_KEY.test(key) || (pair.dynamic && /hookspath/i.test(pair.text))) hooksOff();
    // git -c core.pager=cat (pager.log=false): a plain pager runs nothing (asked before the everyday sweep of round 20).
    else if (how === "-c" && !pair.dynamic && /^(core\.pager|pager\.[a-z-]+)$/i.test(key) && /^=(cat|less( -[FRSX]+)*|more|true|false|)$/.test(pair.text.slice(key.length))) return;
    else if (pair.dynamic || GIT_RUNS_KEY.test(key)) result.unknown.push(`git ${how} ${key || "(expansion)"} runs commands or changes how git runs`);
    else if (/^trace2\.[a-z]*target$/i.test(key)) {
      // trace2.eventTarget=/abs/file (normalTarget, perfTarget): git writes its trace there (a folder: a file in it).
      // Before red-team round 12 it passed. Kept in a configuration (git config), every later git command writes it.
      const value = pair.text.includes("=") ? pair.text.slice(pair.text.indexOf("=") + 1) : null;
      if (how === "-c" && value !== null && value.startsWith("/")) add({ ...pair, text: value }, "write", `git -c ${key}`);
      else if (value === null || how !== "-c") result.unknown.push(`git ${how} ${key} sends git's traces to a file`);
    } else if (/^mailmap\.blob$/i.test(key)) result.unknown.push(`git ${how} ${key} names a blob git reads names from`);
    else if (/^(commit\.template|blame\.ignorerevsfile|mailmap\.file|format\.signaturefile|((receive|fetch)\.)?fsck\.skiplist)$/i.test(key)) {
      // A file git reads and shows: commit's template is the message it writes to COMMIT_EDITMSG,
      // blame's and fsck's lists name each line they cannot read (`fatal: invalid object name:
      // API_TOKEN=…`), the mailmap's lines of the form `Name <email>` are the names log and
      // check-mailmap print, format-patch prints its signature file under each patch.
      // A relative name is from the top of the work tree (allowed before red-team round 39; the
      // mailmap, its blob too, before round 40; the signature file and fsck's list before round 41).
      const value = pair.text.includes("=") ? pair.text.slice(pair.text.indexOf("=") + 1) : null;
      if (how === "-c" && value !== null && (/^[/~]/.test(value) || (top !== undefined && dir === null))) add({ ...pair, text: /^[/~]/.test(value) ? value : `${top}/${value}` }, "read", `git -c ${key}`);
      else result.unknown.push(`git ${how} ${key} names a file git reads and shows`);
    } else if (/^(stash\.showpatch|commit\.verbose)$/i.test(key)) {
      // `git stash show` prints the stash's patch as -p does, `git commit --dry-run` the staged one
      // as -v does (allowed before red-team round 41): judged with that option; kept in a
      // configuration (git config), every later one prints it.
      const value = pair.text.includes("=") ? pair.text.slice(pair.text.indexOf("=") + 1) : "true";
      if (how === "-c" && !pair.dynamic && /^(false|no|off|0|)$/i.test(value)) return;
      if (how === "-c" && !pair.dynamic) byConfig.push(/^stash/i.test(key) ? ["stash", "-p"] : ["commit", "-v"]);
      else result.unknown.push(`git ${how} ${key} makes git print patches exo does not judge`);
    } else if (REMOTE_URL_KEY.test(key) && how === "-c") {
      // A remote (or a branch's) given a local repository on the line: git push writes there
      // (`git -c remote.x.url=docs/bare push x`, allowed before red-team round 41).
      const value = pair.text.includes("=") ? pair.text.slice(pair.text.indexOf("=") + 1) : "";
      if (pair.dynamic) result.unknown.push(`git -c ${key} names a repository computed at run time`);
      else if (value !== "") pushedTo.push({ ...pair, text: value });
    } else if (/^format\.outputdirectory$/i.test(key)) {
      // The folder git format-patch writes its patches to without -o, from the folder it runs in
      // (allowed before red-team round 41: `git config format.outputDirectory ../docs`).
      const value = pair.text.includes("=") ? pair.text.slice(pair.text.indexOf("=") + 1) : "";
      if (how === "-c" && !pair.dynamic && value !== "") outputDirectory = { ...pair, text: value };
      else result.unknown.push(`git ${how} ${key} names the folder a later git format-patch writes to`);
    }
  };
  while (i < args.length && (args[i] as Word).text.startsWith("-")) {
    const t = (args[i] as Word).text;
    if (t === "-c") config(args[i + 1], "-c");
    else if (t.startsWith("--config-env=")) config({ ...(args[i] as Word), text: t.slice(13) }, "--config-env");
    else if (t === "--config-env") config(args[i + 1], "--config-env");
    // Each -C is from the one before; `..` stays for the links before it (chdir(2); before red-team
    // round 15 `git -C src/L/.. init x` was read as src/x).
    if (t === "-C" && args[i + 1]) {
      const d = args[i + 1] as Word;
      // (A glob goes where it matches: `git -C .cl* init` made .claude/.git, allowed before red-team round 29.)
      dir = d.dynamic || globbedWord(d) || dir === "\0" ? "\0" : dir === null || d.text.startsWith("/") ? d.text : `${dir.replace(/\/+$/, "")}/${d.text}`;
    }
    // --exec-path=DIR: git runs its helper programs (git-remote-http, …) from DIR.
    if (t.startsWith("--exec-path=")) result.unknown.push("git --exec-path changes which programs git runs");
    // --shallow-file F naming HEAD makes it a first commit, whose patch is every file, unseen by
    // the git exo asks a patch's names of (allowed before red-team round 41).
    if (t === "--shallow-file" || t.startsWith("--shallow-file=")) result.unknown.push("git --shallow-file changes the commits git reads");
    if ((t === "--git-dir" || t === "--work-tree" || t.startsWith("--git-dir=") || t.startsWith("--work-tree=")) && !result.unknown.some((u) => u.startsWith("git --git-dir"))) result.unknown.push("git --git-dir/--work-tree works on another repository or work tree");
    i += ["-C", "-c", "--git-dir", "--work-tree", "--config-env", "--namespace", "--exec-path", "--shallow-file", "--attr-source"].includes(t) ? 2 : 1;
  }
  // git -C DIR: the paths below are DIR's.
  const at = (w: Word | null): Word | null => {
    // Pathspec magic (`:/docs`, `:(top)docs`, `:!x`) names paths from the top of the work tree
    // or by pattern: exo cannot place it.
    // `:(glob)src/**/*.py` and `:(literal)P` are their pattern, placed as any (read as computed before the everyday sweep of round 20).
    if (w && !w.dynamic && /^:\((glob|literal)\)[^:]/.test(w.text)) w = { ...w, text: w.text.slice(w.text.indexOf(")") + 1) };
    if (w && !w.dynamic && w.text.startsWith(":")) return { ...w, dynamic: true };
    if (!w || dir === null || w.text.startsWith("/")) return w;
    return dir === "\0" ? { ...w, dynamic: true } : { ...w, text: `${dir.replace(/\/+$/, "")}/${w.text}` };
  };
  const write = (w: Word | null, a: Action, label: string) => add(at(w), a, label);
  // A pathspec is a pattern git matches itself (`*.yaml` takes .exo/config.yaml at any depth).
  const pathspec = (w: Word | null, a: Action, label: string) => {
    // Read, a pathspec's magic names its pattern: `:(top).env`, `:/x`, `:(icase).ENV` (as written in
    // lower case), `:(glob)…`, `:(literal)…`; an exclusion (`:!src`) is left as it was (allowed before red-team round 20).
    const magic = a === "read" && w && !w.dynamic ? /^:(?:\/|\(([^)]*)\))(.+)$/.exec(w.text) : null;
    if (magic && !/exclude/.test(magic[1] ?? "")) {
      const rest = /icase/.test(magic[1] ?? "") ? (magic[2] as string).toLowerCase() : (magic[2] as string);
      return write({ ...w as Word, text: rest, selfGlob: !/literal/.test(magic[1] ?? "") }, a, label);
    }
    return write(w && !w.dynamic ? { ...w, selfGlob: true } : w, a, label);
  };
  const sub = args[i]?.text ?? "";
  // git takes any unambiguous prefix of a long option (--forc, --har, --glob, --upload-p): read it whole.
  const dashes = args.findIndex((a, k) => k > i && a.text === "--");
  const rest = [...byConfig.filter(([name]) => name === sub).map(([, option]): Word => ({ text: option, dynamic: false, glob: false, quoted: false })), ...args.slice(i + 1).map((a, k) => (dashes < 0 || k + i + 1 < dashes ? gitLongOption(a) : a))];
  // Options that run a command on the "remote" side or put git's data elsewhere.
  for (const a of [...args.slice(0, i + 1), ...rest]) {
    if (/^--(upload-pack|receive-pack|exec|separate-git-dir|template)(=|$)/.test(a.text) || (a.text === "-u" && args.some((b) => b.text === "clone" || b.text === "ls-remote"))) {
      result.unknown.push(`git ${a.text.split("=")[0]} runs a command or writes outside the work tree`);
      break;
    }
    if (a.text === "--global" || a.text === "--system") {
      result.unknown.push(`git ${a.text} writes a configuration file outside the repository`);
      break;
    }
  }
  const dd = rest.findIndex((a) => a.text === "--");
  const flag = (...names: string[]) => rest.some((a) => names.includes(a.text));
  // --no-verify (git takes any unambiguous prefix, --no-veri and longer), and -n among commit's short options.
  const noVerify = rest.some((a) => a.text.length >= 9 && "--no-verify".startsWith(a.text));
  // (Not the value of -m, -F, -C, -c, -t or a long option that takes one: `git commit -m '-n'`.)
  const valueOf = (k: number) => /^-[A-Za-z]*[mFCct]$/.test(rest[k - 1]?.text ?? "") || /^--(message|file|author|date|template|reuse-message|reedit-message|fixup|squash|cleanup|trailer)$/.test(rest[k - 1]?.text ?? "");
  const shortN = sub === "commit" && rest.some((a, k) => !a.quoted && /^-[A-Za-z]+$/.test(a.text) && /^[^mFCctS]*n/.test(a.text.slice(1)) && !valueOf(k));
  if (["commit", "merge", "am", "cherry-pick", "revert", "rebase", "pull"].includes(sub) && (noVerify || shortN)) hooksOff();
  // git push PATH (a folder, ./x, ../x, file:///x): git writes objects and refs into that repository,
  // a work tree's .git or a bare one (before red-team round 13 `git push docs/bare` and
  // `git push ../other` passed). A remote's name, a URL or host:path is another machine's; `.` is this repository.
  if (sub === "push") {
    for (const w of pushedTo) write(localRepository(w), "write", "git push (a remote the line names)");
    const repoOpt = rest.find((a) => a.text.startsWith("--repo="));
    const repo = repoOpt ? { ...repoOpt, text: repoOpt.text.slice(7) } : operands(rest, new Set(["-o", "--push-option", "--repo"]))[0];
    if (repo?.dynamic) result.unknown.push("git push to a repository computed at run time");
    else if (repo && repo.text !== ".") write(localRepository(repo), "write", "git push");
  }
  // A remote that is a local folder (git remote add o ../other, git config remote.o.url docs/bare):
  // a later `git push o` writes there, so it is judged as that write now.
  if (sub === "remote" && ["add", "set-url"].includes(rest.find((a) => !a.text.startsWith("-"))?.text ?? "")) {
    const url = operands(rest, new Set(["-t", "-m", "--mirror"]))[2];
    if (url?.dynamic) result.unknown.push("git remote names a repository computed at run time");
    else if (url) write(localRepository(url), "write", "git remote (a local repository git push writes)");
  }
  // Plumbing that makes commits or points refs at them without running any hook: a commit of
  // out-of-scope files built with hash-object, update-index and write-tree lands on the branch
  // (git update-ref -d only deletes a ref; git replace -l/-d only lists or deletes replacements).
  // git hash-object -w -t commit F writes a commit object from a file as well as commit-tree does
  // (git reset --soft SHA then puts it on the branch): -t commit, -tcommit, or a type exo cannot read.
  const hashType = (k: number): Word | null => {
    const t = (rest[k] as Word).text;
    // -t TYPE, -tTYPE, and in a cluster after -w: -wt TYPE, -wtTYPE.
    const m = /^-w*t(.*)$/.exec(t);
    return m ? (m[1] ? { ...(rest[k] as Word), text: m[1] } : (rest[k + 1] ?? null)) : t.startsWith("--type=") ? { ...(rest[k] as Word), text: t.slice(7) } : t === "--type" ? (rest[k + 1] ?? null) : null;
  };
  const hashesCommit = sub === "hash-object" && rest.some((a) => /^-w+(t|$)/.test(a.text)) && rest.some((_, k) => {
    const type = hashType(k);
    return type !== null && (type.dynamic || type.text === "commit");
  });
  // A push or fetch whose refspec's destination is a replacement ref (`git push .
  // HEAD~2:refs/replace/<HEAD's id>`) is `git replace` under another name (allowed before red-team round 41).
  const replaces = (sub === "push" || sub === "fetch") && rest.some((a) => a.dynamic ? /refs\/replace/.test(a.text) : /^refs\/replace\//.test(a.text.slice(a.text.lastIndexOf(":") + 1)) && a.text.includes(":"));
  const plumbing = sub === "commit-tree" || sub === "fast-import" || hashesCommit || replaces || (sub === "update-ref" && !flag("-d")) || (sub === "replace" && rest.some((a) => !a.text.startsWith("-")) && !flag("-d", "--delete", "-l", "--list"));
  if (plumbing) forbid({ what: `git ${sub}`, code: "HOOKS_TAMPERED", why: COMMITS_PAST_HOOKS });
  // A credential helper's `get` prints the user name and password it keeps for the host its input
  // names (`git credential-store get` from ~/.git-credentials, `git credential-cache get` from its
  // daemon; allowed before red-team round 41): asked, or a read of the file --file names.
  if (guardReads && /^credential-./.test(sub) && rest.some((a) => a.text === "get")) {
    const k = rest.findIndex((a) => a.text === "--file");
    const eq = rest.find((a) => a.text.startsWith("--file="));
    const file = sub !== "credential-store" ? null : k >= 0 ? (rest[k + 1] ?? null) : eq ? { ...eq, text: eq.text.slice(7) } : null;
    if (file) write(file, "read", `git ${sub} get`);
    else result.unknown.push(`git ${sub} get prints the credentials it keeps`);
  }
  // --output FILE (log, diff, show, format-patch, range-diff, …).
  for (let k = 0; k < rest.length; k++) {
    const t = (rest[k] as Word).text;
    if (t === "--output") write(rest[k + 1] ?? null, "write", `git ${sub} --output`);
    else if (t.startsWith("--output=")) write({ ...(rest[k] as Word), text: t.slice(9) }, "write", `git ${sub} --output`);
  }
  // Guarding reads: `git show :.env`, `git show HEAD:.env`, `git cat-file -p HEAD:.env` print a file's committed bytes,
  // and so does a diff of two such blobs (`git diff HEAD:.env HEAD:README.md`, allowed before red-team round 20).
  // A blob git tag, git notes -C and git update-index --cacheinfo keep under a name of their own is
  // printed by a later `git show TAG`, `git notes show`, `git show :PATH` (allowed before red-team
  // round 41): naming it is reading it.
  const stored = storedObjects(sub, rest);
  // (cat-file -t, -s and -e print an object's type, its size, or nothing.)
  const typeOnly = sub === "cat-file" && rest.some((a) => /^-[tse]$/.test(a.text)) && !rest.some((a) => /^(-p|--textconv|--filters|--batch.*)$/.test(a.text));
  if (guardReads && !typeOnly && (sub === "show" || sub === "cat-file" || sub === "diff" || sub === "difftool" || stored.length > 0)) {
    for (const a of stored.length > 0 ? stored : rest) {
      const m = /^[^:\s-][^:\s]*:(.+)$|^:(?:[0-3]:)?(.+)$/.exec(a.text);
      const path = m?.[1] ?? m?.[2];
      if (path && !a.dynamic) write({ ...a, text: path.startsWith("./") ? path.slice(2) : path }, "read", `git ${sub}`);
    }
    // A blob named by its object id (`git ls-tree HEAD` prints them) is the file git's index keeps
    // under it: `git cat-file -p a8295` printed .env (allowed before red-team round 23).
    const ids = (stored.length > 0 ? stored : rest).filter((a) => !a.dynamic && OBJECT_ID.test(a.text)).map((a) => a.text.replace(/\^\{blob\}$/, "").toLowerCase());
    const unplaced: string[] = [];
    if (ids.length > 0 && objects) for (const file of objects(ids, unplaced) ?? []) write({ text: file, dynamic: false, glob: false, quoted: true }, "read", `git ${sub} of a blob by its id`);
    // A blob the index does not hold is an older version of some file (the secret's before a human
    // changed it, `git cat-file -p 14c10c7`: printed unseen before red-team round 41).
    if (unplaced.length > 0) result.unknown.push(`git ${sub} of a blob its index does not hold (${unplaced[0] as string}), an older version of a file exo cannot name`);
  }
  // Guarding reads: history, diff and archive readers print the files their operands name
  // (`git log -p -- .env`, `git diff --no-index x .env`, `git blame .env`, `git archive HEAD .env`;
  // allowed before red-team round 19). A revision word read as a path names no file it matches.
  if (guardReads && GIT_PATH_READERS.has(sub)) for (const a of dd >= 0 ? rest.slice(dd + 1) : rest) if (!a.text.startsWith("-") || dd >= 0) pathspec(a, "read", `git ${sub}`);
  // `git log -L START,END:FILE` (`-L:FUNC:FILE`) prints the history of those lines of FILE, and `git
  // config --blob REV:FILE -l` prints FILE's entries (both allowed before red-team round 22).
  if (guardReads && (sub === "log" || sub === "config")) {
    for (let k = 0; k < (dd >= 0 ? dd : rest.length); k++) {
      const a = rest[k] as Word;
      const value = sub === "log" ? (a.text === "-L" ? rest[k + 1] : /^-L./.test(a.text) ? { ...a, text: a.text.slice(2) } : undefined) : a.text === "--blob" ? rest[k + 1] : a.text.startsWith("--blob=") ? { ...a, text: a.text.slice(7) } : undefined;
      if (!value || value.dynamic || !value.text.includes(":")) continue;
      const file = value.text.slice(value.text.lastIndexOf(":") + 1);
      if (file !== "") write({ ...value, text: file.startsWith("./") ? file.slice(2) : file, glob: false }, "read", `git ${sub} ${sub === "log" ? "-L" : "--blob"}`);
    }
  }
  // Guarding reads: git commands that print or copy every file git tracks, from its objects rather
  // than from paths they are given, read the tracked secrets too: `git archive HEAD` (-o F) without a
  // path, `git fast-export`, `git bundle create`, `git cat-file --batch-all-objects --batch`, the
  // whole history's patches (`git log -p` without a limit, `git format-patch --root`), and a copy of
  // the work tree elsewhere (`git clone . /tmp/x`, `git worktree add /tmp/x`); allowed before red-team
  // round 21. A file committed once and deleted since is not seen.
  // The folder git runs in as a word (the work tree's top when the line names none), what git tracks
  // there as a tree read, and which operands before `--` are paths (git refuses one the work tree
  // has not: `git log -p origin/main` names a branch).
  const workTree = (): Word | null => (top && dir === null ? { text: top, dynamic: false, glob: false, quoted: true } : at({ text: ".", dynamic: false, glob: false, quoted: true }));
  const tracked = (leaveOut: string | null): TreeHow => ({ hidden: true, ignored: true, exclude: [], excludeDir: [], include: [], tracked: true, ...(leaveOut === null ? {} : { leaveOut }) });
  const isPath = exists && dir === null ? (w: Word) => exists(w.text) : undefined;
  if (guardReads && tree) {
    // A folder among the paths of a command that prints every file it is given (`git log -p -- .`,
    // `git archive HEAD .`, `git fast-export --all -- .`), or exclusions alone (`git log -p --
    // ':!src'`, every other path): what git tracks below it, minus what is excluded (allowed
    // before red-team round 22, when the folder was read as one name). `-- src` passes while src
    // holds no tracked secret, and `-- . ':!.env'` leaves it out.
    const folders = gitFolderReads(sub, rest, dd);
    if (folders) {
      const how: TreeHow = { hidden: true, ignored: true, exclude: folders.exclude, excludeDir: folders.exclude, include: [], tracked: true, leaveOut: "':!{}'" };
      for (const f of folders.paths) tree(f === null ? workTree() : at(f), how, `git ${sub}`);
    }
    const whole = gitWholeTree(sub, rest, dd, isPath);
    if (whole) tree(workTree(), tracked(whole.startsWith("git clone") || whole.startsWith("git worktree") || whole.startsWith("git bundle") || whole.startsWith("git pack-objects") || whole.startsWith("git upload") || whole.startsWith("git push") || whole.startsWith("git send-pack") ? null : "-- . ':!{}'"), whole);
  }
  // Guarding reads: a patch of some commits, of the index or of the work tree prints the files it
  // changes, a tracked secret among them (`git show HEAD~2` of the commit that added .env, `git diff`
  // of a tracked .env edited since, `git log -p -3`, `git stash show -p`; judged by count, not by
  // content, before red-team round 36). exo asks git which files that patch holds, with a command of
  // its own (names only): over the whole history too, where a secret deleted since is no tracked
  // file. A revision computed at run time may be any commit, so every tracked secret is read. A
  // folder computed at run time (`cd "$(git rev-parse --show-toplevel)" && git diff`, `git -C "$D"`)
  // is taken for the one the line stands in, else the top of the work tree.
  if (guardReads && tree && patches) {
    const query = gitPatchQuery(sub, rest, dd, isPath);
    const moved = REFS_MOVED.get(result);
    const reaches = moved !== undefined && query !== "computed" && query.length > 0 && (moved.names === null || (dd >= 0 ? rest.slice(0, dd) : rest).some((a) => (!a.text.startsWith("-") && namesRef(a.text, moved.names as Set<string>)) || /^--(all|branches|tags|remotes|glob|reflog|walk-reflogs)(=|$)|^-g$/.test(a.text)));
    if (query === "computed") tree(workTree(), tracked("-- . ':!{}'"), `git ${sub} of a revision computed at run time`);
    else if (reaches) tree(workTree(), tracked("-- . ':!{}'"), `git ${sub} after ${moved.by}, which may point a ref at any commit`);
    else {
      let patched = PATCHED.get(result);
      if (!patched) PATCHED.set(result, (patched = new Set()));
      // After git add, git mv or git commit in the line, the index (and HEAD) may hold any change of
      // the work tree and any file git does not track yet (`git add -A && git diff --cached` printed
      // an edited secret): those files are asked for too.
      const extra = query.length > 0 ? (STAGED.get(result) ?? []) : [];
      for (const argv of [...query, ...extra]) {
        for (const file of (patches(dir === null || dir === "\0" ? "." : dir, argv) ?? []).slice(0, 10_000)) {
          patched.add(file);
          write({ text: file, dynamic: false, glob: false, quoted: true }, "read", `git ${sub} (its patch)`);
        }
      }
    }
  }
  // A ref a command of the line makes or moves (git tag v0 HEAD~2, git branch -f x HEAD~2, git reset
  // HEAD~2, git symbolic-ref, git fetch . REV:REF, git bisect) is not there yet when exo asks git
  // which files a later patch holds: `git tag v0 HEAD~2 && git show v0` printed the commit that added
  // a secret (allowed before red-team round 37). A patch after one is judged as of a revision
  // computed at run time.
  if (guardReads && ["add", "stage", "mv", "commit"].includes(sub) && !flag("-n", "--dry-run")) STAGED.set(result, [...(STAGED.get(result) ?? []), ...stagedFiles(sub, rest)]);
  if (guardReads && sub === "rm" && flag("--cached") && !flag("-n", "--dry-run")) STAGED.set(result, [...(STAGED.get(result) ?? []), ["ls-files", "-z", "--full-name", "--cached", "--", ...(dd >= 0 ? rest.slice(dd + 1) : operands(rest)).map((a) => a.text)]]);
  const refs = guardReads ? movesRef(sub, rest, dd, isPath) : null;
  if (refs !== null) {
    const before = REFS_MOVED.get(result);
    const names = refs === "all" || before?.names === null ? null : new Set([...(before?.names ?? []), ...refs]);
    REFS_MOVED.set(result, { by: `git ${sub}`, names });
  }
  // git diff --no-index DIR1 DIR2 compares two folders file by file, printing each (`git diff
  // --no-index /tmp/e .` printed .env; allowed before red-team round 22), as diff -r does.
  if (guardReads && tree && sub === "diff" && flag("--no-index") && !rest.some((a) => /^(--(stat|numstat|shortstat|dirstat|name-only|name-status|summary|quiet|exit-code|no-patch)(=|$)|-s)$/.test(a.text))) {
    for (const a of operands(rest)) if (!a.dynamic) tree(at(a), { hidden: true, ignored: true, exclude: [], excludeDir: [], include: [] }, "git diff --no-index");
  }
  // git grep PATTERN [REV] -- PATHSPEC: the lines it prints come from the paths after `--` (a pattern there, `'*env'`, too).
  if (guardReads && sub === "grep" && dd >= 0) for (const a of rest.slice(dd + 1)) pathspec(a, "read", "git grep");
  // --pathspec-from-file=F names the paths in a file exo does not read; -p/--patch picks hunks across
  // the whole work tree (yes | git checkout -p reverts every changed file, .exo/ included).
  if (["checkout", "restore", "rm"].includes(sub) && !flag("--cached") && !(sub === "restore" && flag("--staged", "-S") && !flag("--worktree", "-W"))) {
    if (rest.some((a) => a.text.startsWith("--pathspec-from-file"))) result.unknown.push(`git ${sub} --pathspec-from-file changes paths listed in a file`);
    if (sub !== "rm" && rest.some((a, k) => (dd < 0 || k < dd) && (a.text === "--patch" || (/^-[A-Za-z]+$/.test(a.text) && /^[^bBU]*p/.test(a.text.slice(1)))))) result.unknown.push(`git ${sub} -p rewrites hunks across the work tree`);
  }
  switch (sub) {
    case "checkout":
      // -f alone or among short options (-qf), before a -b/-B that takes the rest of the word.
      if (rest.some((a) => a.text === "--force" || (/^-[A-Za-z]+$/.test(a.text) && /^[^bB]*f/.test(a.text.slice(1))))) result.unknown.push("git checkout -f overwrites the work tree");
      else if (dd >= 0) for (const p of rest.slice(dd + 1)) pathspec(p, "write", "git checkout --");
      else if (!rest.some((a) => a.text === "-b" || a.text === "-B" || a.text === "--orphan") ? operands(rest).length > 0 : operands(rest, new Set(["-b", "-B", "--orphan"])).length > 0) result.unknown.push("git checkout of a branch or paths rewrites the work tree");
      break;
    case "switch":
      // switch -c NEW alone keeps the work tree; with a start point, or switching, it rewrites it.
      if (!rest.some((a) => a.text === "-c" || a.text === "-C" || a.text === "--create") || operands(rest, new Set(["-c", "-C", "--create"])).length > 0) result.unknown.push("git switch rewrites the work tree");
      break;
    case "stash": {
      // drop, clear, create and store change only stash refs; push with paths stashes and reverts those
      // paths alone (both asked before the everyday sweep of round 20).
      const verb = rest[0]?.text ?? "";
      if (["list", "show", "drop", "clear", "create", "store"].includes(verb)) break;
      const paths = verb === "push" && !rest.some((a) => a.dynamic || /^--pathspec-from-file/.test(a.text)) ? operands(rest.slice(1), new Set(["-m", "--message"])) : [];
      if (paths.length > 0) for (const p of paths) pathspec(p, "write", "git stash push");
      else result.unknown.push("git stash changes files exo cannot list in advance");
      break;
    }
    case "pull":
    case "merge":
    case "rebase":
    case "cherry-pick":
    case "revert":
    case "clean":
    case "apply":
    case "am":
    case "bisect":
    case "difftool":
    case "mergetool":
    case "submodule":
    case "checkout-index":
    case "read-tree":
    case "filter-branch":
    case "sparse-checkout":
    case "unpack-file": // a temporary copy of the blob at the top of the work tree
    case "subtree": // this one and the next write the work tree and commit through commit-tree, where no hook runs
    case "quiltimport":
    case "merge-index":
    case "merge-one-file":
    case "archimport":
    case "cvsimport":
    case "svn":
    case "p4":
    case "instaweb":
    case "filter-repo": // git's add-on commands that rewrite the work tree (before red-team round 12 they passed)
    case "crypt":
    case "secret":
    case "annex":
      if ((sub === "crypt" || sub === "annex" || sub === "secret") && ["status", "whereis", "list", "info", "version", "help", "--version", "--help", ""].includes(rest[0]?.text ?? "")) break;
      if (sub === "apply" && flag("--check", "--stat", "--numstat", "--summary") && !flag("--apply", "--index")) break;
      if (sub === "read-tree" && !rest.some((a) => a.text === "-u" || /^-[a-z]*u/.test(a.text))) break;
      if (sub === "submodule" && ["status", "summary"].includes(rest[0]?.text ?? "")) break;
      if (sub === "clean" && cleanDryRun(rest)) break;
      // git clean -fd PATH…: what is untracked below those paths alone (asked before the everyday sweep of round 20).
      if (sub === "clean" && cleanPaths(rest).length > 0) {
        for (const p of cleanPaths(rest)) pathspec(p, "delete", "git clean");
        break;
      }
      result.unknown.push(`git ${sub} changes files exo cannot list in advance`);
      break;
    case "clone": {
      const ops = operands(rest, new Set(["-b", "--branch", "--depth", "-o", "--origin", "--reference", "-c", "--config", "--filter", "-j", "--jobs", "--template", "-u", "--upload-pack"]));
      for (let k = 0; k < rest.length; k++) {
        const t = (rest[k] as Word).text;
        if (t === "-c" || t === "--config") config(rest[k + 1], "clone -c");
        else if (t.startsWith("--config=") || /^-c./.test(t)) config({ ...(rest[k] as Word), text: t.slice(t.startsWith("--") ? 9 : 2) }, "clone -c");
      }
      if (flag("--template", "-u", "--upload-pack")) result.unknown.push("git clone runs a template or program given on the command line");
      if (ops.length >= 2) write(ops[1] as Word, "write", "git clone");
      else result.unknown.push("git clone creates a folder named after the repository");
      break;
    }
    case "worktree":
      if (rest[0]?.text === "add") {
        const ops = operands(rest.slice(1), new Set(["-b", "-B", "--reason"]));
        if (ops[0]) write(ops[0], "write", "git worktree add");
        else result.unknown.push("git worktree add makes a folder");
      } else if (["move", "remove"].includes(rest[0]?.text ?? "")) result.unknown.push(`git worktree ${rest[0]?.text} changes folders`);
      break;
    case "format-patch": {
      const o = rest.findIndex((a) => a.text === "-o" || a.text === "--output-directory");
      const eq = rest.find((a) => a.text.startsWith("--output-directory="));
      // -oDIR glued, or -o at the end of a cluster of switches (-ko DIR, -sqoDIR).
      const glued = rest.findIndex((a, k) => (dd < 0 || k < dd) && /^-[nNkspqRawbzDuW]*o/.test(a.text));
      if (o >= 0) write(rest[o + 1] ?? null, "write", "git format-patch -o");
      else if (eq) write({ ...eq, text: eq.text.slice(19) }, "write", "git format-patch -o");
      else if (glued >= 0) {
        const t = (rest[glued] as Word).text;
        const value = t.slice(t.indexOf("o") + 1);
        write(value === "" ? (rest[glued + 1] ?? null) : { ...(rest[glued] as Word), text: value }, "write", "git format-patch -o");
      }
      else if (!flag("--stdout")) write(outputDirectory ?? { text: ".", dynamic: false, glob: false, quoted: true }, "write", "git format-patch writes patch files");
      break;
    }
    case "archive": {
      const o = rest.findIndex((a) => a.text === "-o" || (a.text.startsWith("--") && !a.text.includes("=") && longPrefix(a.text, "--output", 4)));
      if (o >= 0) write(rest[o + 1] ?? null, "write", "git archive -o");
      for (const a of rest) {
        // -oFILE glued, --output=FILE (or a prefix of it).
        if (/^-o.+/.test(a.text)) write({ ...a, text: a.text.slice(2) }, "write", "git archive -o");
        else if (a.text.startsWith("--") && a.text.includes("=") && longPrefix(a.text, "--output", 4)) write({ ...a, text: a.text.slice(a.text.indexOf("=") + 1) }, "write", "git archive -o");
      }
      if (flag("--remote", "--exec")) result.unknown.push("git archive --remote runs a program");
      break;
    }
    case "daemon":
      // git daemon --pid-file=F writes its process id to F.
      for (const a of rest) if (a.text.startsWith("--pid-file=")) write({ ...a, text: a.text.slice(11) }, "write", "git daemon --pid-file");
      break;
    case "bundle":
      if (rest[0]?.text === "create") write(operands(rest.slice(1))[0] ?? null, "write", "git bundle create");
      break;
    case "merge-file":
      write(operands(rest, new Set(["-L", "--marker-size"]))[0] ?? null, "write", "git merge-file");
      break;
    case "fast-export":
    case "fast-import":
      // --export-marks=F: the marks file.
      for (let k = 0; k < rest.length; k++) {
        const t = (rest[k] as Word).text;
        if (t === "--export-marks") write(rest[k + 1] ?? null, "write", `git ${sub} --export-marks`);
        else if (t.startsWith("--export-marks=")) write({ ...(rest[k] as Word), text: t.slice(15) }, "write", `git ${sub} --export-marks`);
      }
      break;
    case "pack-objects":
      // pack-objects BASE writes BASE-<hash>.pack/.idx (--stdout: standard output).
      if (!flag("--stdout") && operands(rest).length > 0) result.unknown.push("git pack-objects writes BASE-<hash>.pack and .idx");
      break;
    case "unpack-objects":
      // A pack read from stdin may hold commit objects made with no hook (as git hash-object -t commit).
      if (!flag("-n")) result.unknown.push("git unpack-objects writes the objects of a pack, commits among them, into the repository");
      break;
    case "index-pack": {
      const o = rest.findIndex((a) => a.text === "-o");
      if (o >= 0) write(rest[o + 1] ?? null, "write", "git index-pack -o");
      else if (!flag("--stdin")) for (const p of operands(rest)) write({ ...p, text: p.text.replace(/\.pack$/, ".idx") }, "write", "git index-pack");
      else result.unknown.push("git index-pack --stdin writes a pack into the repository or beside its argument");
      break;
    }
    case "bugreport":
    case "diagnose": {
      // -o DIR / --output-directory=DIR, else the working folder.
      const o = rest.findIndex((a) => a.text === "-o" || a.text === "--output-directory");
      const eq = rest.find((a) => a.text.startsWith("--output-directory=") || /^-o./.test(a.text));
      if (o >= 0) write(rest[o + 1] ?? null, "write", `git ${sub} -o`);
      else if (eq) write({ ...eq, text: eq.text.startsWith("--") ? eq.text.slice(19) : eq.text.slice(2) }, "write", `git ${sub} -o`);
      else write({ text: ".", dynamic: false, glob: false, quoted: true }, "write", `git ${sub} writes its report`);
      break;
    }
    case "commit-graph":
    case "multi-pack-index": {
      const o = rest.findIndex((a) => a.text === "--object-dir");
      const eq = rest.find((a) => a.text.startsWith("--object-dir="));
      if (o >= 0) write(rest[o + 1] ?? null, "write", `git ${sub} --object-dir`);
      else if (eq) write({ ...eq, text: eq.text.slice(13) }, "write", `git ${sub} --object-dir`);
      break;
    }
    case "lfs":
      if (!["ls-files", "status", "env", "version", "logs", "locks", "ls-locks", "pointer", "fsck", "help", ""].includes(rest[0]?.text ?? "")) result.unknown.push(`git lfs ${rest[0]?.text ?? ""} writes git hooks, .gitattributes, configuration or the work tree`);
      break;
    case "interpret-trailers":
      // --in-place (git takes --in-p…, --in-pl…): each file operand is rewritten with the trailers.
      if (rest.some((a, k) => (dd < 0 || k < dd) && a.text.length >= 4 && "--in-place".startsWith(a.text))) {
        for (const f of operands(rest, new Set(["--trailer", "--where", "--if-exists", "--if-missing"]))) write(f, "write", "git interpret-trailers --in-place");
      }
      break;
    case "mailinfo":
      // git mailinfo MSG PATCH < mail: writes the message and the patch to those two files.
      for (const f of operands(rest)) write(f, "write", "git mailinfo");
      break;
    case "mailsplit":
      // git mailsplit -oDIR: one file per message in DIR.
      for (let k = 0; k < rest.length; k++) {
        const t = (rest[k] as Word).text;
        if (t === "-o") write(rest[k + 1] ?? null, "write", "git mailsplit -o");
        else if (/^-o./.test(t)) write({ ...(rest[k] as Word), text: t.slice(2) }, "write", "git mailsplit -o");
      }
      break;
    case "credential-store":
    case "credential-cache": {
      // --file F / --socket S is written; without it the file is in the home folder (~/.git-credentials, ~/.cache/git).
      const opt = sub === "credential-store" ? "--file" : "--socket";
      const k = rest.findIndex((a) => a.text === opt);
      const eq = rest.find((a) => a.text.startsWith(`${opt}=`));
      const file = k >= 0 ? (rest[k + 1] ?? null) : eq ? { ...eq, text: eq.text.slice(opt.length + 1) } : null;
      if (file) write(file, "write", `git ${sub} ${opt}`);
      else if (rest.some((a) => a.text === "store" || a.text === "erase")) result.unknown.push(`git ${sub} writes a file in the home folder`);
      break;
    }
    case "maintenance":
      // register/unregister edit the global configuration (or --config-file), start/stop the system scheduler.
      if (["register", "unregister", "start", "stop"].includes(operands(rest)[0]?.text ?? "")) result.unknown.push("git maintenance changes the global configuration or the system scheduler");
      break;
    case "init":
      write(operands(rest, new Set(["--template", "--separate-git-dir", "-b", "--initial-branch", "--object-format", "--ref-format"]))[0] ?? { text: ".", dynamic: false, glob: false, quoted: true }, "write", "git init");
      if (rest.some((a) => a.text.startsWith("--template") || a.text.startsWith("--separate-git-dir"))) result.unknown.push("git init with a template or another git folder");
      break;
    case "grep":
      if (rest.some((a) => a.text.startsWith("-O") || a.text.startsWith("--open-files-in-pager"))) result.unknown.push("git grep -O runs a pager command");
      if (guardReads && tree) for (const t of gitGrepTrees(rest)) tree(at(t.word), t.how, "git grep");
      break;
    case "config": {
      // --file F / -f F: that file is written (a config file anywhere, even .git/hooks/…).
      const f = rest.findIndex((a) => a.text === "-f" || a.text === "--file");
      const feq = rest.find((a) => a.text.startsWith("--file=") || /^-f./.test(a.text));
      const file = f >= 0 ? (rest[f + 1] ?? null) : feq ? { ...feq, text: feq.text.slice(feq.text.startsWith("--") ? 7 : 2) } : null;
      const reads = ["--get", "--get-all", "--get-regexp", "--get-urlmatch", "--list", "-l", "--show-origin", "--show-scope", "get", "list"];
      const ops = operands(rest.filter((a) => a.text !== "set" && a.text !== "unset"), new Set(["--file", "-f", "--blob", "--type", "--default", "--comment", "--value"]));
      const writes = !rest.some((a) => reads.includes(a.text)) && (ops.length >= 2 || rest.some((a) => ["--unset", "--unset-all", "--add", "--replace-all", "--rename-section", "--remove-section", "-e", "--edit", "set", "unset"].includes(a.text)));
      if (writes) {
        if (rest.some((a) => a.text === "-e" || a.text === "--edit")) result.unknown.push("git config --edit opens the configuration in an editor");
        else config(ops[0], "config");
        if (file) write(file, "write", "git config --file");
        if (REMOTE_URL_KEY.test(ops[0]?.text ?? "") && ops[1]) {
          if (ops[1].dynamic) result.unknown.push("git config names a remote repository computed at run time");
          else write(localRepository(ops[1]), "write", "git config remote.*.url (a local repository git push writes)");
        }
      }
      break;
    }
    case "restore": {
      // --staged alone changes the index only; the work tree is written with --worktree or by default.
      if (flag("--staged", "-S") && !flag("--worktree") && !rest.some((a) => /^-[A-Za-z]*W/.test(a.text))) break;
      for (const p of operands(rest, new Set(["-s", "--source"]))) pathspec(p, "write", "git restore");
      break;
    }
    case "rm":
      if (flag("--cached")) break;
      for (const p of operands(rest)) pathspec(p, "delete", "git rm");
      break;
    case "mv": {
      const ops = operands(rest);
      if (ops.length >= 2) {
        write(ops[0] as Word, "delete", "git mv");
        write(ops[ops.length - 1] as Word, "write", "git mv");
      }
      break;
    }
    case "reset":
      if (rest.some((a) => a.text === "--hard" || a.text === "--merge" || a.text === "--keep")) result.unknown.push("git reset --hard overwrites the work tree");
      break;
    default:
      break;
  }
}

/**
 * Rust's `str::trim`, which Codex's apply_patch parser applies to each hunk header line: Unicode
 * White_Space. It differs from JavaScript's `trim` (U+0085 is white space to Rust, U+FEFF is not),
 * and a header one trim sees and the other does not is a write one side cannot see.
 */
const RUST_WS = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const RUST_TRIM = new RegExp(`^${RUST_WS}+|${RUST_WS}+$`, "g");
const PATCH_HEADER = /^\*\*\* (Add File|Update File|Delete File|Move to): /;

/**
 * Targets of a Codex apply_patch body (SPEC §7.4 Patches), absolute. Each line is trimmed as Codex
 * trims it, and the path is the rest of the line after the marker, as Codex takes it: not trimmed
 * again (`*** Add File:  src/x` creates ` src/x`, in a folder named ` src`).
 */
export function patchTargets(patch: string, cwd: string): ShellTarget[] {
  return patchEntries(patch).map((e) => ({ path: posix.resolve(cwd, e.path), action: e.action }));
}

/** The files a Codex apply_patch body names, as written (relative or absolute), with what it does to each. */
function patchEntries(patch: string): { path: string; action: "write" | "delete" }[] {
  const out: { path: string; action: "write" | "delete" }[] = [];
  let lastUpdate: string | null = null;
  for (const raw of patch.split("\n")) {
    const line = raw.replace(RUST_TRIM, "");
    const m = PATCH_HEADER.exec(line);
    // A header line JavaScript's trim reveals and Rust's does not (a leading U+FEFF) is judged too.
    const loose = m ? null : PATCH_HEADER.exec(raw.trim());
    const found = m ?? loose;
    if (!found) continue;
    const kind = found[1] as string;
    const given = (m ? line : raw.trim()).slice(found[0].length);
    // /proc/self/cwd (/dev/fd/../cwd) is the folder apply_patch runs in, not the hook's (read so before red-team round 38).
    const self = procSelfCwd(given);
    const path = self === null ? given : `.${self}`;
    if (kind === "Add File") out.push({ path, action: "write" });
    else if (kind === "Update File") {
      out.push({ path, action: "write" });
      lastUpdate = path;
    } else if (kind === "Delete File") out.push({ path, action: "delete" });
    else {
      if (lastUpdate !== null) {
        const idx = out.findIndex((t) => t.path === lastUpdate && t.action === "write");
        if (idx >= 0) out[idx] = { path: lastUpdate, action: "delete" };
      }
      out.push({ path, action: "write" });
    }
  }
  return out;
}

/** Why exo cannot tell what a patch writes: a non-empty patch in which no file header was found. */
export function patchUnknown(patch: string, targets: readonly ShellTarget[]): string[] {
  if (targets.length > 0) return [];
  return [patch.trim() === "" ? "apply_patch without a patch" : "apply_patch: no *** Add/Update/Delete File header exo could read"];
}

/**
 * Keep the code cache of the shell analysis when the hook gate loads it as a bundle of its own
 * (hooks/shell-lazy.ts replaces this module there); nothing to do where it is part of the bundle.
 */
export function saveShellCache(_tag?: string): void {}
