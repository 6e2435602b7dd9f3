/**
 * Guarding reads below folders: a program that reads every file below a folder (grep -r, rg,
 * git grep, diff -r, tar -c, cp -r; Claude's and Copilot's Grep tools) reads the secrets there too.
 * Each folder is looked through on disk, breadth first (so the files nearest the top, where `.env`
 * lives, come first) and at most TREE_SCAN_LIMIT entries deep, skipping what the program itself
 * skips: dot files for rg and ag, files git ignores for rg, ag and git grep (asked of git only
 * for the files found), and the names the command excludes. Each file a read-deny rule names is a
 * read of that file, judged as `cat` of it would be.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { posix } from "node:path";
import { globComplexityProblem, programGlob } from "../kernel/globs.js";
import { classifyAbsolute } from "../kernel/paths.js";
import type { TreeRead } from "../kernel/shell.js";
import { PATHSPEC_ENV } from "../io/git.js";

/** Entries looked at below all of one command's folders; past it the rest is not looked through (docs/hooks.md). */
export const TREE_SCAN_LIMIT = 20_000;

/** A file found below a folder that a deny rule may name: its absolute path, and the folder's reading. */
export interface TreeHit {
  path: string;
  tree: TreeRead;
}

/**
 * Globs a program was given, matched by exo's glob engine (picomatch) as compiled once per call.
 * An exclusion is read as the program's plain wildcards (no negation, braces or extglobs: it leaves
 * out no more than it says); an inclusion may also use braces (rg's `-g '*.{ts,js}'`), which only
 * widens what is looked at. A glob too complex to match safely excludes nothing and includes all.
 */
function globTester(): (globs: readonly string[], name: string, below: string, include: boolean) => boolean {
  const compiled = new Map<string, ((path: string) => boolean) | null>();
  const matcher = (glob: string, include: boolean) => {
    const key = `${include ? "i" : "x"}${glob}`;
    if (!compiled.has(key)) {
      let m: ((path: string) => boolean) | null = null;
      if (globComplexityProblem(glob) === null) {
        try {
          m = programGlob(glob, { dot: true, nocase: false, nonegate: true, ...(include ? {} : { nobrace: true, noextglob: true }) });
        } catch {
          m = null;
        }
      }
      compiled.set(key, m);
    }
    return compiled.get(key) ?? null;
  };
  return (globs, name, below, include) =>
    globs.some((g) => {
      // `[!…]` negates a class for the programs (bash, ripgrep, git) as `[^…]` does; picomatch with
      // `dot` reads it as a literal `[!x]` or one of `!`, `x` (`.[!x]nv` missed .env before red-team round 22).
      const clean = g.replace(/^\.\//, "").replace(/^\//, "").replaceAll("[!", "[^");
      const m = matcher(clean, include);
      // By name, or by the path below the folder when the glob has a slash.
      return m === null ? include : m(clean.includes("/") ? below : name);
    });
}

/**
 * Files below the folders of `trees` for which `denied(absolutePath)` is true, as the programs
 * would read them. `root` is the work tree (git is asked there which files it ignores).
 */
export function deniedBelow(trees: readonly TreeRead[], root: string, denied: (abs: string) => boolean): TreeHit[] {
  const hits: TreeHit[] = [];
  const matchesAny = globTester();
  let budget = TREE_SCAN_LIMIT;
  const done = new Set<string>();
  for (const tree of trees) {
    const key = `${tree.path}\0${tree.depth ?? 0}\0${tree.hidden}\0${tree.ignored}\0${tree.tracked === true}\0${tree.exclude.join("\0")}\0${tree.excludeDir.join("\0")}\0${tree.include.join("\0")}\0${(tree.keep ?? []).join("\0")}`;
    if (done.has(key)) continue;
    done.add(key);
    let top: string;
    try {
      if (!statSync(tree.path).isDirectory()) continue;
      top = realpathSync(tree.path);
    } catch {
      continue;
    }
    const found: string[] = [];
    const queue: string[] = [top];
    // Folders a symlink below leads to are looked through too, once each (grep -R, zip -r, rg -L,
    // cp -rL, tar -h follow them: `ln -s .. src/up` then `grep -R TOKEN src` read .env, allowed
    // before red-team round 22).
    const visited = new Set<string>([top]);
    // One file read is enough to refuse, unless git must still say which of them the program skips.
    const enough = () => found.length > 0 && tree.ignored && !tree.tracked;
    for (let q = 0; q < queue.length && budget > 0 && !enough(); q++) {
      const folder = queue[q] as string;
      let entries: Dirent[];
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (--budget < 0) break;
        const name = e.name;
        const abs = `${folder === "/" ? "" : folder}/${name}`;
        const below = abs.startsWith(`${top}/`) ? abs.slice(top.length + 1) : name;
        if (!tree.hidden && name.startsWith(".")) continue;
        let dir = e.isDirectory();
        let file = e.isFile();
        let real = abs;
        if (e.isSymbolicLink()) {
          // Followed by grep -R, cp -L, tar -h; judged where it leads, whatever the program: a link to .env reads it.
          try {
            real = realpathSync(abs);
            const st = lstatSync(real);
            dir = false;
            file = st.isFile();
            if (st.isDirectory() && tree.depth !== 1 && !visited.has(real)) {
              visited.add(real);
              queue.push(real);
            }
          } catch {
            continue;
          }
        }
        if (dir) {
          // Installed packages are public copies from a registry (where test keys abound), not the
          // project's secrets, and the bulk of a tree: not looked through.
          // (An rsync --include may take a folder back too: its exclusions then leave no folder out.)
          if (name === ".git" || name === "node_modules" || (tree.keep === undefined && matchesAny(tree.excludeDir, name, below, false))) continue;
          // A listing one folder deep (`ls -A`) names the folder, not what it holds.
          if (tree.depth === 1) continue;
          queue.push(abs);
          continue;
        }
        if (!file) continue;
        // A file both an exclusion and an inclusion name is read: which wins depends on the program
        // and on their order (grep's last match, rsync's first, rg's last glob), so `grep -r
        // --exclude='*' --include=.env` and `rsync -a --include=.env --exclude='*'` read it (both
        // allowed before red-team round 22).
        const included = tree.include.length > 0 && matchesAny(tree.include, name, below, true);
        if (matchesAny(tree.exclude, name, below, false) && !included && !(tree.keep !== undefined && matchesAny(tree.keep, name, below, true))) continue;
        if (tree.include.length > 0 && !included) continue;
        if (denied(real)) found.push(real);
      }
    }
    const kept = found.length === 0 ? found : tree.tracked ? tracked(found, root) : tree.ignored ? found : notIgnored(found, root);
    for (const path of kept) hits.push({ path, tree });
  }
  return hits;
}

/**
 * The files among `files` that git, asked once in `root` with `args` (the paths relative to it, on
 * its input or as pathspecs), lists back; null when git cannot say. Exit 1 with no output is an
 * empty list (check-ignore: none of them is ignored).
 */
function listedByGit(root: string, files: readonly string[], args: readonly string[], stdin: boolean): Set<string> | null {
  const rel = files.filter((f) => f.startsWith(`${root}/`)).map((f) => f.slice(root.length + 1));
  if (rel.length === 0) return new Set();
  const out = gitOutput(root, [...args, ...(stdin ? [] : rel.map((f) => `:(literal)${f}`))], stdin ? rel.join("\0") : undefined);
  return out === null ? null : new Set(out.split("\0").filter((x) => x !== "").map((x) => posix.join(root, x)));
}

/**
 * What git, run in `root` with `args` (and `input`), prints; null when it cannot say. Exit 1 with
 * no output is empty (check-ignore: nothing ignored). Synchronous: the hook answers in one pass.
 */
function gitOutput(root: string, args: readonly string[], input?: string): string | null {
  try {
    return execFileSync("git", ["-C", root, ...args], { input, env: { ...process.env, ...PATHSPEC_ENV }, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "ignore"], timeout: 5000, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { status?: number; stdout?: string };
    return e.status === 1 && !e.stdout ? "" : null;
  }
}

/**
 * The files (absolute) git's index in `root` keeps under an object id that starts with one of
 * `ids`, from one `git ls-files -s` (asked only for a call naming a blob by its id or reading a
 * loose object); null when git cannot say.
 */
export function indexedObjects(root: string, ids: readonly string[], unplaced?: string[]): string[] | null {
  const out = gitOutput(root, ["ls-files", "-s", "-z"]);
  if (out === null) return null;
  const files: string[] = [];
  const held = new Set<string>();
  for (const entry of out.split("\0")) {
    const m = /^\d+ ([0-9a-f]+) \d\t(.+)$/s.exec(entry);
    const id = m ? ids.find((x) => (m[1] as string).startsWith(x)) : undefined;
    if (m && id !== undefined) {
      files.push(`${root}/${m[2] as string}`);
      held.add(id);
    }
  }
  // A blob the index does not hold (an older version of a file: `git ls-tree HEAD~1` prints its id)
  // is no file exo can name: `unplaced` gets those ids, from one `git cat-file --batch-check` (asked
  // only for ids the index does not hold; a commit's id, `git show c794a2f`, is no blob).
  const rest = ids.filter((id) => !held.has(id));
  if (unplaced && rest.length > 0) {
    const types = gitOutput(root, ["cat-file", "--batch-check=%(objecttype)"], `${rest.join("\n")}\n`);
    const lines = types === null ? rest.map(() => "blob") : types.split("\n");
    rest.forEach((id, k) => {
      if (/^(blob|.* ambiguous)$/.test(lines[k] ?? "")) unplaced.push(id);
    });
  }
  return files;
}

/** The work tree's top of each folder a patch was asked in, for this process. */
const tops = new Map<string, string | null>();

/**
 * The files (absolute) whose patch a git command prints, from the names-only command `argv` that
 * exo built (kernel/shell.ts gitPatchQuery), run in `folder` (asked only for a call that prints a
 * patch); null when git cannot say.
 */
export function patchedFiles(folder: string, argv: readonly string[]): string[] | null {
  // (git status -vv, several git lines of one folder: one rev-parse for all of them.)
  if (!tops.has(folder)) tops.set(folder, gitOutput(folder, ["rev-parse", "--show-toplevel"])?.trim() || null);
  const top = tops.get(folder);
  const out = top ? gitOutput(folder, ["-c", "core.fsmonitor=false", "-c", "diff.external=", ...argv]) : null;
  if (!top || out === null) return null;
  return [...new Set(out.split("\0").map((n) => n.replace(/^\n+/, "")).filter((n) => n !== ""))].map((n) => `${top}/${n}`);
}

/**
 * What the git alias `name` stands for in `folder`'s configuration (asked for a subcommand of a git
 * line); null when none is set, or when `name` is one of git's own commands, which git runs instead.
 */
export function gitAliasValue(folder: string, name: string): string | null {
  const value = gitOutput(folder, ["config", "--get", `alias.${name}`]);
  if (!value) return null;
  const own = gitOutput(folder, ["--list-cmds=main,others"]);
  return own === null || own.split("\n").includes(name) ? null : value.replace(/\n$/, "");
}

/** The files among `files` git does not ignore (all of them if git cannot say). */
function notIgnored(files: readonly string[], root: string): string[] {
  const ignored = listedByGit(root, files, ["check-ignore", "-z", "--stdin"], true);
  return ignored === null ? [...files] : files.filter((f) => !ignored.has(f));
}

/** The files among `files` git tracks (all of them if git cannot say). */
function tracked(files: readonly string[], root: string): string[] {
  const known = listedByGit(root, files, ["ls-files", "-z", "--"], false);
  return known === null ? [...files] : files.filter((f) => known.has(f));
}

/** Why a file below a folder was refused, and how to leave it out (the program's own option, when it has one). */
export function treeHint(hit: TreeHit, root: string): string {
  const name = hit.path.split("/").pop() ?? hit.path;
  const how = hit.tree.leaveOut?.replace("{}", name);
  return `${hit.tree.label} reads every file below ${classifyAbsolute(hit.tree.path, root).path}; ${how ? `leave it out (${how}) or name` : "name"} the files or folders you need`;
}
