/**
 * Programs that read every file below a folder they are given (grep -r, rg, git grep, diff -r,
 * tar -c, zip -r, cp -r, rsync -r): which folders, and which files below them they skip. The hook
 * looks below each folder on disk for a file a read-deny rule names (src/hooks/tree-reads.ts), so
 * `grep -rn TOKEN .` with a `.env` in the repository is refused like `cat .env`. Pure: words in,
 * descriptions out.
 */
import { has, operands } from "./argv.js";
import { rgTypeGlobs } from "./rg-types.js";
import type { Word } from "./shell.js";

/** How a program walks a folder. */
export interface TreeHow {
  /** Dot files and dot folders below are read (grep -r, tar); rg and ag skip them unless told. */
  hidden: boolean;
  /** Files git ignores are read (grep -r, tar, cp); rg, ag and git grep skip them. */
  ignored: boolean;
  /** Globs on a file's name (or its path below the folder, with a slash): such files are not read. */
  exclude: string[];
  /** Globs on a folder's name: nothing below such a folder is read. */
  excludeDir: string[];
  /** With any, only files matching one of these globs are read. */
  include: string[];
  /** Globs that take a file back from the exclusions without narrowing the rest (rsync's --include). */
  keep?: string[];
  /** Only files git tracks are read (git grep without --untracked or --no-index). */
  tracked?: true;
  /** The program's own way to leave a file out, `{}` standing for its name (`--exclude='{}'`). */
  leaveOut?: string;
  /** Only the entries this many folders down are looked at (1: the folder's own files, as `ls` lists them). */
  depth?: number;
}

/** A folder a program reads every file below, as named on the command line. */
export interface TreeWord {
  word: Word;
  how: TreeHow;
}

const DOT: Word = { text: ".", dynamic: false, glob: false, quoted: true };

/** An option's value given as `--name=V`, `--name V`, or glued to a short option (`-gV`). */
function values(args: readonly Word[], long: readonly string[], short: readonly string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const t = (args[k] as Word).text;
    if (t === "--") break;
    for (const name of long) {
      if (t === name && args[k + 1]) out.push((args[k + 1] as Word).text);
      else if (t.startsWith(`${name}=`)) out.push(t.slice(name.length + 1));
    }
    for (const s of short) {
      if (t === s && args[k + 1]) out.push((args[k + 1] as Word).text);
      else if (t.startsWith(s) && t.length > s.length && !t.startsWith("--")) out.push(t.slice(s.length));
    }
  }
  return out;
}

/** A cluster of short options (`-rn`, `-Rli`) holds one of `letters` before a letter that takes a value. */
function clustered(args: readonly Word[], letters: string, valued: string): boolean {
  for (const a of args) {
    if (a.text === "--") return false;
    if (!/^-[A-Za-z0-9]/.test(a.text)) continue;
    for (const c of a.text.slice(1)) {
      if (letters.includes(c)) return true;
      if (valued.includes(c)) break;
    }
  }
  return false;
}

const GREP_VALUED = new Set(["-e", "-f", "-m", "-A", "-B", "-C", "-d", "-D", "--regexp", "--file", "--max-count", "--after-context", "--before-context", "--context", "--directories", "--devices", "--exclude", "--include", "--exclude-dir", "--exclude-from", "--label", "--binary-files", "--group-separator"]);
const RG_VALUED = new Set(["-e", "-f", "-g", "-t", "-T", "-m", "-A", "-B", "-C", "-M", "-d", "-j", "-E", "-r", "--regexp", "--file", "--glob", "--iglob", "--type", "--type-not", "--max-count", "--after-context", "--before-context", "--context", "--max-columns", "--max-depth", "--maxdepth", "--threads", "--encoding", "--color", "--colors", "--sort", "--sortr", "--type-add", "--type-clear", "--ignore-file", "--pre", "--pre-glob", "--replace", "--path-separator", "--max-filesize", "--engine", "--dfa-size-limit", "--regex-size-limit", "--context-separator", "--field-match-separator", "--field-context-separator", "--hyperlink-format"]);
const AG_VALUED = new Set(["-G", "-g", "-m", "-A", "-B", "-C", "-p", "--file-search-regex", "--ignore", "--ignore-dir", "--max-count", "--after", "--before", "--context", "--depth", "--pager", "--path-to-ignore", "--workers"]);

/**
 * The folders grep -r, rg, ag or ack search, with how each walks them; [] when the command
 * searches none (grep without -r, a pipe searched by rg, rg --files, a file type filter).
 */
export function searchTrees(base: string, args: readonly Word[], piped: boolean): TreeWord[] {
  if (base === "grep" || base === "egrep" || base === "fgrep") {
    const dirs = values(args, ["--directories"], ["-d"]);
    const recursive = has(args, "--recursive", "--dereference-recursive") || dirs.includes("recurse") || clustered(args, "rR", "efmABCdD");
    if (!recursive) return [];
    const ops = operands(args, GREP_VALUED);
    const named = args.some((a) => a.text === "-e" || a.text === "-f" || /^--(regexp|file)(=|$)/.test(a.text) || /^-[A-Za-z]*[ef]/.test(a.text)) ? ops : ops.slice(1);
    const how: TreeHow = { hidden: true, ignored: true, exclude: values(args, ["--exclude"], []), excludeDir: values(args, ["--exclude-dir"], []), include: values(args, ["--include"], []), leaveOut: "--exclude='{}'" };
    return (named.length > 0 ? named : [DOT]).map((word) => ({ word, how }));
  }
  // ugrep (ug, which also reads a .ugrep configuration the agent may write; ugrep+ and ug+) recurses
  // with -r, -R or a depth, and searches the working folder given no file; ack searches it always;
  // hidden files and those git ignores are taken as read (allowed before red-team round 23).
  if (/^ug(rep)?\+?$/.test(base) || base === "ack" || base === "ack-grep") {
    const ack = base.startsWith("ack");
    const dirs = values(args, ["--directories"], ["-d"]);
    const recursive = ack || has(args, "--recursive", "--dereference-recursive") || dirs.includes("recurse") || clustered(args, "rR", "efmABCdDgNtOMKQ") || args.some((a) => /^-\d+$|^--depth(=|$)/.test(a.text));
    const ops = operands(args, new Set([...GREP_VALUED, "-g", "--glob", "-N", "--neg-regexp", "-t", "--file-type", "-O", "--file-extension", "-M", "--file-magic", "--depth", "--ignore-dir", "--ignore-file", "--match", "--type", "--type-set", "--type-add", "--type-del", "--output", "--pager"]));
    const named = args.some((a) => a.text === "-e" || a.text === "-f" || /^--(regexp|file)(=|$)/.test(a.text)) ? ops : ops.slice(1);
    if (!recursive && !(named.length === 0 && !piped && base.startsWith("ug"))) return [];
    if (named.length === 0 && piped) return [];
    const how: TreeHow = { hidden: true, ignored: true, exclude: values(args, ["--exclude"], []), excludeDir: values(args, ["--exclude-dir"], []), include: values(args, ["--include"], []), leaveOut: ack ? "--ignore-file=is:{}" : "--exclude='{}'" };
    return (named.length > 0 ? named : [DOT]).map((word) => ({ word, how }));
  }
  // pt (the platinum searcher) skips hidden files unless --hidden, and those git ignores.
  if (base === "pt") {
    const ops = operands(args, new Set(["-G", "--file-search-regexp", "-g", "--ignore", "-A", "-B", "-C", "--depth", "--after", "--before", "--context", "-m"]));
    const named = ops.slice(1);
    if (named.length === 0 && piped) return [];
    const how: TreeHow = { hidden: has(args, "--hidden"), ignored: has(args, "-U", "--skip-vcs-ignores"), exclude: values(args, ["--ignore"], []), excludeDir: [], include: [], leaveOut: "--ignore='{}'" };
    return (named.length > 0 ? named : [DOT]).map((word) => ({ word, how }));
  }
  if (base === "rg" || base === "rga") {
    // Names of files only, or the input read.
    if (has(args, "--files", "--type-list")) return [];
    // A type filter (-t, --type) reads the files of its globs, hidden ones too (`rg -t sh` reads
    // .env: passed as reading nothing before red-team round 46); a type exo has no globs for, or one
    // added on the line, every file.
    const types = values(args, ["--type"], ["-t"]);
    const typed = types.length > 0 || clustered(args, "t", "egTmABCMdjErf");
    const typeGlobs = types.length > 0 && !args.some((a) => a.text.startsWith("--type-add")) ? (rgTypeGlobs(types) ?? []) : [];
    const ops = operands(args, RG_VALUED);
    const named = args.some((a) => a.text === "-e" || a.text === "-f" || /^--(regexp|file)(=|$)/.test(a.text)) ? ops : ops.slice(1);
    if (named.length === 0 && piped) return [];
    // Each -u counts, in a cluster too up to a switch that takes a value (`rg -iuu TOKEN .`,
    // `-uuL`: only -u, -uu and -uuu were counted before red-team round 42).
    const u = args.reduce((n, a) => {
      if (a.text.startsWith("--") || !/^-[A-Za-z0-9.]+$/.test(a.text)) return n;
      let k = 0;
      for (const c of a.text.slice(1)) {
        if ("egtTmABCMdjErf".includes(c)) break;
        if (c === "u") k++;
      }
      return n + k;
    }, 0);
    // --iglob matches without regard to case: each letter either way.
    const globs = [...values(args, ["--glob"], ["-g"]), ...values(args, ["--iglob"], []).map((g) => g.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`))];
    // A glob given on the line overrides every other rule, hidden files' too: `rg -g .env TOKEN`
    // searches .env without --hidden (allowed before red-team round 23).
    const dotGlob = globs.some((g) => !g.startsWith("!") && /(^|\/)[.*?[{]/.test(g));
    const how: TreeHow = {
      hidden: u >= 2 || dotGlob || typed || has(args, "--hidden", "-.") || clustered(args, ".", "egtTmABCMdjEr"),
      ignored: u >= 1 || has(args, "--no-ignore", "--no-ignore-vcs"),
      exclude: globs.filter((g) => g.startsWith("!")).map((g) => g.slice(1)),
      excludeDir: [],
      include: typed && typeGlobs.length === 0 ? [] : [...globs.filter((g) => !g.startsWith("!")), ...typeGlobs],
      leaveOut: "-g '!{}'",
    };
    return (named.length > 0 ? named : [DOT]).map((word) => ({ word, how }));
  }
  if (base === "ag") {
    // -g PATTERN lists file names; -G REGEX searches only files whose name matches it.
    if (has(args, "-g", "-G", "--file-search-regex")) return [];
    const ops = operands(args, AG_VALUED);
    const named = ops.slice(1);
    if (named.length === 0 && piped) return [];
    // -u in a cluster too (`ag -iu TOKEN .`).
    const all = has(args, "--unrestricted") || clustered(args, "u", "GgmABCp");
    const how: TreeHow = { hidden: all || has(args, "--hidden"), ignored: all || has(args, "-U", "--skip-vcs-ignores", "-a", "--all-types"), exclude: values(args, ["--ignore"], []), excludeDir: values(args, ["--ignore-dir"], []), include: [], leaveOut: "--ignore='{}'" };
    return (named.length > 0 ? named : [DOT]).map((word) => ({ word, how }));
  }
  return [];
}

/**
 * The folders `git grep` searches: its pathspecs after the pattern (the working folder without
 * one). It reads tracked files (and untracked ones with --untracked, every file with --no-index),
 * never those git ignores unless --no-exclude-standard.
 */
export function gitGrepTrees(rest: readonly Word[]): TreeWord[] {
  const valued = new Set(["-e", "-f", "-m", "-A", "-B", "-C", "-O", "--max-count", "--after-context", "--before-context", "--context", "--max-depth", "--threads", "--open-files-in-pager", "--and", "--or", "--not"]);
  const ops = operands(rest, valued);
  const named = rest.some((a) => a.text === "-e" || a.text === "-f") ? ops : ops.slice(1);
  // A revision (HEAD, main, a sha) is no folder; its tree is git's history, not the disk.
  const disk = named.filter((w) => !/^[0-9a-f]{7,40}$/.test(w.text) && !/^(HEAD|@|FETCH_HEAD|ORIG_HEAD)([~^].*)?$/.test(w.text));
  const how: TreeHow = { hidden: true, ignored: has(rest, "--no-exclude-standard"), exclude: [], excludeDir: [], include: [], leaveOut: "-- . ':!{}'", ...(has(rest, "--untracked", "--no-index") ? {} : { tracked: true as const }) };
  return (disk.length > 0 ? disk : [DOT]).map((word) => ({ word, how }));
}

/** diff -r A B: both folders; -x PAT / --exclude=PAT skip files and folders whose name matches. */
export function diffTrees(args: readonly Word[]): TreeWord[] {
  if (!(has(args, "--recursive") || clustered(args, "r", "xXCDFIlLSU"))) return [];
  const valued = new Set(["-x", "-X", "-C", "-U", "-D", "-F", "-I", "-L", "-S", "--exclude", "--exclude-from", "--label", "--from-file", "--to-file", "--starting-file", "--ignore-matching-lines", "--ifdef", "--line-format", "--width", "--tabsize"]);
  const ex = values(args, ["--exclude"], ["-x"]);
  const how: TreeHow = { hidden: true, ignored: true, exclude: ex, excludeDir: ex, include: [], leaveOut: "-x '{}'" };
  return operands(args, valued).map((word) => ({ word, how }));
}

/** Archivers and copiers given folders: tar -c DIR, zip -r Z DIR, cp -r DIR D, rsync -r DIR D, scp -r DIR D. */
export function copyTrees(base: string, args: readonly Word[]): TreeWord[] {
  const every: TreeHow = { hidden: true, ignored: true, exclude: [], excludeDir: [], include: [] };
  if (base === "zip") {
    if (!(has(args, "--recurse-paths") || clustered(args, "r", "bnxiItO"))) return [];
    const valued = new Set(["-b", "-n", "-x", "-i", "-t", "-tt", "-O", "--temp-path", "--suffixes", "--exclude", "--include", "--output-file"]);
    const ops = operands(args, valued).slice(1);
    return ops.map((word) => ({ word, how: { ...every, exclude: values(args, ["--exclude"], ["-x"]), leaveOut: "-x '{}'" } }));
  }
  if (base === "cp" || base === "scp") {
    if (!(has(args, "--recursive", "--archive") || clustered(args, base === "cp" ? "rRa" : "r", base === "cp" ? "tSZ" : "cFiJloPS"))) return [];
    const valued = base === "cp" ? new Set(["-t", "-S", "--target-directory", "--suffix", "--reflink", "--sparse", "--preserve", "--no-preserve", "--backup"]) : new Set(["-c", "-F", "-i", "-J", "-l", "-o", "-P", "-S"]);
    const ops = operands(args, valued);
    const target = args.some((a) => a.text === "-t" || a.text.startsWith("--target-directory"));
    return (target ? ops : ops.slice(0, -1)).map((word) => ({ word, how: every }));
  }
  if (base === "rsync") {
    if (!(has(args, "--recursive", "--archive") || clustered(args, "ra", "eBfT"))) return [];
    const valued = new Set(["-e", "-f", "-B", "-T", "--rsh", "--filter", "--exclude", "--include", "--exclude-from", "--include-from", "--files-from", "--temp-dir", "--partial-dir", "--backup-dir", "--suffix", "--link-dest", "--compare-dest", "--copy-dest", "--chmod", "--chown", "--log-file", "--password-file", "--port", "--bwlimit", "--timeout", "--max-size", "--min-size", "--block-size"]);
    const ops = operands(args, valued);
    const keep = values(args, ["--include"], []);
    const how: TreeHow = { ...every, exclude: values(args, ["--exclude"], []), excludeDir: values(args, ["--exclude"], []), include: [], ...(keep.length > 0 ? { keep } : {}), leaveOut: "--exclude='{}'" };
    // A source with a host (host:path, rsync://) is another machine's.
    return ops.slice(0, -1).filter((w) => !/^[^/]*:/.test(w.text)).map((word) => ({ word, how }));
  }
  return [];
}

/** tar -c's folder members, placed under -C DIR by the caller; --exclude=PAT skips names matching. */
export function tarHow(excludes: readonly string[]): TreeHow {
  return { hidden: true, ignored: true, exclude: [...excludes], excludeDir: [...excludes], include: [], leaveOut: "--exclude='{}'" };
}

/** PowerShell parameters spelled by any prefix (`-r`, `-Rec`, `-Recurse`), as PowerShell binds them. */
const psParam = (text: string, full: string, min = 1) => text.startsWith("-") && text.length - 1 >= min && full.startsWith(text.slice(1).toLowerCase());

/**
 * Get-ChildItem (gci): the folders it lists (with -Recurse to the last file), for a command that
 * pipes them on. Dot files count as hidden unless -Force; -Filter, -Include and -Exclude narrow the files.
 */
export function childItemTrees(base: string, args: readonly Word[]): TreeWord[] {
  if (!/^(get-childitem|gci)$/i.test(base)) return [];
  // Without -Recurse (or -Depth) it lists the folder's own files (`gci -Force | gc`: allowed before red-team round 21).
  const deep = args.some((a) => psParam(a.text, "recurse") || psParam(a.text, "depth", 2));
  const folders: Word[] = [];
  const how: TreeHow = { hidden: args.some((a) => psParam(a.text, "force", 2) || psParam(a.text, "hidden", 2)), ignored: true, exclude: [], excludeDir: [], include: [], leaveOut: "-Exclude '{}'", ...(deep ? {} : { depth: 1 }) };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Word;
    const next = args[i + 1];
    if (!a.text.startsWith("-") || a.quoted) folders.push(a);
    else if (psParam(a.text, "path", 1) || psParam(a.text, "literalpath", 2)) {
      if (next) folders.push(next);
      i++;
    } else if (psParam(a.text, "filter", 2) || psParam(a.text, "include", 1)) {
      if (next) how.include.push(...next.text.split(","));
      i++;
    } else if (psParam(a.text, "exclude", 2)) {
      if (next) how.exclude.push(...next.text.split(","));
      i++;
    } else if (psParam(a.text, "depth", 2)) i++;
  }
  return (folders.length > 0 ? folders : [DOT]).map((word) => ({ word, how }));
}

/** Programs that print what they read: `find DIR -exec PROG {} +` reads every file it finds with them. */
export const CONTENT_PRINTERS = new Set(["cat", "less", "more", "head", "tail", "bat", "base64", "xxd", "od", "strings", "grep", "egrep", "fgrep", "rg", "ag", "sed", "awk", "gawk", "mawk", "sort", "uniq", "diff", "jq", "yq", "nl", "tac", "rev", "fold", "cut", "paste", "column", "hexdump", "hd", "zcat", "gzip", "bzip2", "xz", "zstd", "tar", "zip", "cp", "rsync", "scp", "curl"]);

/**
 * How `find` walks for an -exec of a printer: the names its -name/-iname tests ask for (any of
 * them), and those a -not/! before one leaves out. Other tests (-path, -regex) narrow nothing here.
 */
export function findHow(args: readonly Word[]): TreeHow {
  const how: TreeHow = { hidden: true, ignored: true, exclude: [], excludeDir: [], include: [], leaveOut: "-not -name '{}'" };
  let open = true;
  for (let i = 0; i < args.length; i++) {
    const t = (args[i] as Word).text;
    if (["-exec", "-execdir", "-ok", "-okdir"].includes(t)) break;
    if (t === "-path" || t === "-ipath" || t === "-wholename" || t === "-regex" || t === "-iregex") open = false;
    if ((t === "-name" || t === "-iname") && args[i + 1]) {
      const negated = ["-not", "!"].includes(args[i - 1]?.text ?? "");
      (negated ? how.exclude : how.include).push((args[i + 1] as Word).text);
      i++;
    }
  }
  // A -path or -regex test may admit files the names do not: only the exclusions are kept.
  if (!open) how.include = [];
  return how;
}

/** ls's short options that take a value (the next word when not glued). */
const LS_VALUED = new Set(["-I", "-T", "-w", "--ignore", "--hide", "--tabsize", "--width", "--format", "--sort", "--time", "--time-style", "--color", "--block-size", "--quoting-style", "--indicator-style"]);
const FD_VALUED = new Set(["-e", "-t", "-E", "-d", "-x", "-X", "-S", "-c", "-j", "-o", "--extension", "--type", "--exclude", "--max-depth", "--min-depth", "--exact-depth", "--exec", "--exec-batch", "--size", "--changed-within", "--changed-before", "--owner", "--color", "--threads", "--max-results", "--base-directory", "--search-path", "--ignore-file", "--path-separator", "--format"]);

/**
 * The folders a program lists the files of (`ls -A`, `find . -type f`, `fd -H`, `git ls-files`),
 * for a line that hands the names it prints to a reader exo cannot see the operands of
 * (`ls -A | xargs cat`, `cat $(find . -type f)`, `git ls-files | cpio -o`): each folder is read as
 * the listing goes, dot files as the lister shows them. [] for any other program.
 */
export function listedTrees(base: string, args: readonly Word[]): TreeWord[] {
  if (base === "ls") {
    const shortHas = (letters: string) => args.some((a) => /^-[A-Za-z0-9]+$/.test(a.text) && !a.quoted && [...a.text.slice(1)].some((c) => letters.includes(c)));
    const hidden = shortHas("aA") || has(args, "--all", "--almost-all");
    const recursive = shortHas("R") || has(args, "--recursive");
    const how: TreeHow = { hidden, ignored: true, exclude: [], excludeDir: [], include: [], ...(recursive ? {} : { depth: 1 }) };
    const ops = operands(args, LS_VALUED).filter((w) => !w.glob);
    return (ops.length > 0 ? ops : [DOT]).map((word) => ({ word, how }));
  }
  if (base === "find") {
    if (args.some((a) => ["-exec", "-execdir", "-ok", "-okdir", "-delete"].includes(a.text))) return [];
    const roots: Word[] = [];
    for (const a of args) {
      if (a.text.startsWith("-") || a.text === "(" || a.text === "!") break;
      roots.push(a);
    }
    const how = findHow(args);
    const max = args.findIndex((a) => a.text === "-maxdepth");
    if (max >= 0 && args[max + 1]?.text === "1") how.depth = 1;
    delete how.leaveOut;
    return (roots.length > 0 ? roots : [DOT]).map((word) => ({ word, how }));
  }
  // rg --files, tree and du -a print the names below their folders too (`rg --files --hidden | xargs
  // cat`, `tree -afi | xargs cat`, `du -a | awk … | xargs cat`: allowed before red-team round 22).
  if ((base === "rg" && has(args, "--files")) || base === "tree" || (base === "du" && args.some((a) => /^-[A-Za-z]*a/.test(a.text) && !a.text.startsWith("--") || a.text === "--all"))) {
    const short = (c: string) => args.some((a) => /^-[A-Za-z0-9]+$/.test(a.text) && a.text.includes(c));
    const unrestricted = base === "rg" && (short("u") || has(args, "--unrestricted"));
    const how: TreeHow = { hidden: base === "du" || (base === "tree" ? short("a") : unrestricted || has(args, "--hidden", "-.")), ignored: base !== "rg" || args.some((a) => /^-[A-Za-z]*uu/.test(a.text)) || has(args, "--no-ignore"), exclude: [], excludeDir: [], include: [] };
    const roots = operands(args, base === "rg" ? new Set(["-g", "--glob", "-t", "--type", "-T", "--type-not", "--max-depth", "-d", "--iglob", "--ignore-file"]) : base === "tree" ? new Set(["-L", "-P", "-I", "-o", "--filelimit", "--timefmt", "--charset"]) : new Set(["-d", "--max-depth", "-B", "--block-size", "-t", "--threshold", "--exclude", "-X", "--exclude-from", "--time-style"]));
    return (roots.length > 0 ? roots : [DOT]).map((word) => ({ word, how }));
  }
  if (base === "fd" || base === "fdfind") {
    const unrestricted = args.some((a) => /^-u+$/.test(a.text) || a.text === "--unrestricted");
    const how: TreeHow = { hidden: unrestricted || has(args, "-H", "--hidden"), ignored: unrestricted || has(args, "-I", "--no-ignore"), exclude: [], excludeDir: [], include: [] };
    const roots = operands(args, FD_VALUED).slice(1);
    return (roots.length > 0 ? roots : [DOT]).map((word) => ({ word, how }));
  }
  // git rev-list --objects and git ls-tree name every blob (with its path) that `git cat-file --batch`
  // then prints (`git rev-list --objects --all | git cat-file --batch`).
  if (base === "git" && (args[0]?.text === "rev-list" && has(args, "--objects") || args[0]?.text === "ls-tree")) {
    const deep = args[0]?.text === "rev-list" || args.some((a) => /^-[a-zA-Z]*r/.test(a.text) && !a.text.startsWith("--"));
    const how: TreeHow = { hidden: true, ignored: true, exclude: [], excludeDir: [], include: [], tracked: true, ...(deep ? {} : { depth: 1 }) };
    const paths = args[0]?.text === "ls-tree" ? operands(args.slice(1), new Set(["--format", "--abbrev"])).slice(1).filter((w) => !w.glob) : [];
    return (paths.length > 0 ? paths : [DOT]).map((word) => ({ word, how }));
  }
  if (base === "git" && args[0]?.text === "ls-files") {
    const rest = args.slice(1);
    const others = has(rest, "-o", "--others");
    const how: TreeHow = { hidden: true, ignored: others ? !has(rest, "--exclude-standard") : true, exclude: [], excludeDir: [], include: [], ...(others ? {} : { tracked: true as const }) };
    const roots = operands(rest, new Set(["-x", "-X", "--exclude", "--exclude-from", "--exclude-per-directory", "--format", "--abbrev"]));
    return (roots.length > 0 ? roots : [DOT]).map((word) => ({ word, how }));
  }
  return [];
}
