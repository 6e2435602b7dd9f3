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
import type { TreeRead } from "../kernel/shell.js";

/** Entries looked at below all of one command's folders; past it the rest is not looked through (docs/hooks.md). */
export const TREE_SCAN_LIMIT = 20_000;

/** A file found below a folder that a deny rule may name: its absolute path, and the folder's reading. */
export interface TreeHit {
  path: string;
  tree: TreeRead;
}

/** fnmatch-style glob (`*`, `?`, `[…]`; `**` across folders) as an anchored regex; null if too complex to trust. */
function globRegex(glob: string): RegExp | null {
  if (glob.length > 200 || (glob.match(/\*/g) ?? []).length > 6) return null;
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        out += ".*";
        i++;
        if (glob[i + 1] === "/") i++;
      } else out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) out += "\\[";
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\");
        out += `[${body}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  try {
    return new RegExp(`^${out}$`);
  } catch {
    return null;
  }
}

/** Does a glob given to the program match this file (by name, or by its path below the folder when the glob has a slash)? */
function matchesAny(globs: readonly string[], name: string, below: string): boolean {
  for (const g of globs) {
    const clean = g.replace(/^\.\//, "").replace(/^\//, "");
    const re = globRegex(clean);
    if (re?.test(clean.includes("/") ? below : name)) return true;
  }
  return false;
}

/**
 * Files below the folders of `trees` for which `denied(absolutePath)` is true, as the programs
 * would read them. `root` is the work tree (git is asked there which files it ignores).
 */
export function deniedBelow(trees: readonly TreeRead[], root: string, denied: (abs: string) => boolean): TreeHit[] {
  const hits: TreeHit[] = [];
  let budget = TREE_SCAN_LIMIT;
  const done = new Set<string>();
  for (const tree of trees) {
    const key = `${tree.path}\0${tree.hidden}\0${tree.ignored}\0${tree.exclude.join("\0")}\0${tree.excludeDir.join("\0")}\0${tree.include.join("\0")}`;
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
        const below = abs.slice(top.length + 1);
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
          } catch {
            continue;
          }
        }
        if (dir) {
          // Installed packages are public copies from a registry (where test keys abound), not the
          // project's secrets, and the bulk of a tree: not looked through.
          if (name === ".git" || name === "node_modules" || matchesAny(tree.excludeDir, name, below)) continue;
          queue.push(abs);
          continue;
        }
        if (!file) continue;
        if (matchesAny(tree.exclude, name, below)) continue;
        if (tree.include.length > 0 && !matchesAny(tree.include, name, below)) continue;
        if (denied(real)) found.push(real);
      }
    }
    const kept = found.length === 0 ? found : tree.tracked ? tracked(found, root) : tree.ignored ? found : notIgnored(found, root);
    for (const path of kept) hits.push({ path, tree });
  }
  return hits;
}

/** The files among `files` git does not ignore (asked of git once; all of them if git cannot say). */
function notIgnored(files: readonly string[], root: string): string[] {
  const inside = files.filter((f) => f.startsWith(`${root}/`));
  if (inside.length === 0) return [...files];
  try {
    const out = execFileSync("git", ["-C", root, "check-ignore", "-z", "--stdin"], { input: inside.map((f) => f.slice(root.length + 1)).join("\0"), stdio: ["pipe", "pipe", "ignore"], timeout: 5000, encoding: "utf8" });
    const ignored = new Set(out.split("\0").filter((x) => x !== "").map((x) => posix.join(root, x)));
    return files.filter((f) => !ignored.has(f));
  } catch {
    // Exit 1: none of them is ignored. Anything else: git cannot tell, so every one counts.
    return [...files];
  }
}

/** The files among `files` git tracks (all of them if git cannot say). */
function tracked(files: readonly string[], root: string): string[] {
  const inside = files.filter((f) => f.startsWith(`${root}/`));
  if (inside.length === 0) return [];
  try {
    const out = execFileSync("git", ["-C", root, "ls-files", "-z", "--", ...inside.map((f) => `:(literal)${f.slice(root.length + 1)}`)], { stdio: ["ignore", "pipe", "ignore"], timeout: 5000, encoding: "utf8" });
    const known = new Set(out.split("\0").filter((x) => x !== "").map((x) => posix.join(root, x)));
    return files.filter((f) => known.has(f));
  } catch {
    return [...files];
  }
}

/** How each program leaves a file out, by the label kernel/shell.ts gives its reading. */
const LEAVE_OUT: [RegExp, (name: string) => string][] = [
  [/^Grep/, (n) => `glob "!${n}"`],
  [/^rg/, (n) => `-g '!${n}'`],
  [/^git grep/, (n) => `-- . ':!${n}'`],
  [/^(diff|zip)/, (n) => `-x '${n}'`],
  [/^ag/, (n) => `--ignore='${n}'`],
  [/^Get-ChildItem/, (n) => `-Exclude '${n}'`],
  [/^(e|f)?grep|^tar|^rsync/, (n) => `--exclude='${n}'`],
];

/** Why a file below a folder was refused, and how to leave it out. */
export function treeHint(hit: TreeHit, root: string): string {
  const name = hit.path.split("/").pop() ?? hit.path;
  const folder = hit.tree.path === root ? "." : hit.tree.path.startsWith(`${root}/`) ? hit.tree.path.slice(root.length + 1) : hit.tree.path;
  const how = LEAVE_OUT.find(([re]) => re.test(hit.tree.label))?.[1](name);
  return `${hit.tree.label} reads every file below ${folder}; ${how ? `leave it out (${how}) or name` : "name"} the files or folders you need`;
}
