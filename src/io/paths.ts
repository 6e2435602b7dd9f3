// The one paths module: repository discovery (SPEC §3.3, §5.2) and every .exo/ path, built
// only from ids that passed the §4.5.2 regexes.
import { existsSync, lstatSync, readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { gitRaw } from "./git.js";
import { discoverFromFiles } from "./git-discover.js";
import { readGitfile, recordedGitfile } from "./gitfile.js";
import type { Env } from "./env.js";
import { Repo } from "./repo.js";
import { shellWord } from "../kernel/quote.js";
import { specialKind } from "./open-quiet.js";

export { Repo, realpathLongestPrefix } from "./repo.js";

/** Find the repository from any folder inside its work tree (SPEC §5.2, §3.3). */
export async function discoverRepo(dir: string, env: Env): Promise<Repo> {
  let exists = false;
  let file = false;
  try {
    const info = statSync(dir);
    exists = info.isDirectory();
    file = !exists;
  } catch {
    exists = false;
  }
  if (file) {
    const parent = dirname(resolve(dir));
    throw new ExoError(ErrorCode.NOT_A_GIT_REPO, `${dir} is a file, not a folder; pass --repo the folder of the repository (${parent}?).`, { hint: `cd ${shellWord(parent)}` });
  }
  if (!exists) {
    throw new ExoError(ErrorCode.NOT_A_GIT_REPO, `${dir} is not an existing folder; run exo inside a git repository or pass --repo a folder of one.`, { hint: "git rev-parse --show-toplevel" });
  }
  // Inside .git itself (git rev-parse fails there): point at the work tree, never at git init.
  const dotGit = /^(.*?)[\\/]\.git(?:[\\/]|$)/.exec(resolve(dir));
  const workTree = dotGit?.[1];
  const notRepo = workTree
    ? new ExoError(ErrorCode.NOT_A_GIT_REPO, `${dir} is inside git's own folder, not the work tree; run exo from ${workTree}.`, { hint: `cd ${shellWord(workTree)}` })
    : new ExoError(ErrorCode.NOT_A_GIT_REPO, `${dir} is not inside a git work tree; run exo inside a git repository or pass --repo.`, { hint: "git init" });
  const plain = discoverFromFiles(dir, env);
  if (plain) return repoAt(plain.root, plain.gitDir, plain.commonDir, plain.mainRoot, env);
  const result = await gitRaw(dir, ["rev-parse", "--show-toplevel", "--git-dir", "--git-common-dir"]);
  if (result.code !== 0 && !workTree && /must be run in a work tree/.test(result.stderr)) {
    // A bare repository (a team's remote): git init there would only re-initialise it.
    const bare = await gitRaw(dir, ["rev-parse", "--absolute-git-dir"]);
    const at = bare.code === 0 && bare.stdout.trim() ? bare.stdout.trim() : resolve(dir);
    // A work tree's own .git set to core.bare = true (a tool or a hand did it): a clone into the
    // folder it sits in cannot be made; setting it back is the way.
    if (basename(at) === ".git") {
      const tree = dirname(at);
      throw new ExoError(ErrorCode.NOT_A_GIT_REPO, `${tree}/.git has core.bare = true, so git sees no work tree in ${tree}; if ${tree} is the work tree (its files are there), set core.bare back to false.`, {
        hint: `git -C ${shellWord(tree)} config core.bare false`,
        details: { git_dir: at, reason: "core_bare" },
      });
    }
    const name = basename(at).replace(/\.git$/, "");
    const clone = join(dirname(at), name === basename(at) ? `${name}-work` : name);
    const line = `git clone ${shellWord(at)} ${shellWord(clone)}`;
    throw new ExoError(ErrorCode.NOT_A_GIT_REPO, `${dir} is a bare git repository, with no work tree; run exo in a clone of it.`, { hint: line });
  }
  // A repository owned by another user (a mounted volume, a checkout made by root or a CI user):
  // git refuses it, and "git init" there would be refused too. Say so, with git's own way out.
  const dubious = result.code !== 0 ? /dubious ownership in repository at '([^'\n]+)'/.exec(result.stderr) : null;
  if (dubious) {
    const at = dubious[1] as string;
    throw new ExoError(ErrorCode.NOT_A_GIT_REPO, `git refuses to work in ${at}: the repository is owned by another user (git's safe.directory check). If you trust it, mark it safe, or run exo as its owner.`, {
      hint: `git config --global --add safe.directory ${shellWord(at)}`,
      details: { repository: at, reason: "unsafe_ownership" },
    });
  }
  // A linked worktree (or a submodule) whose .git file names a git dir that is gone: its main
  // repository moved or was deleted. git init there would start a second, empty repository.
  const broken = result.code !== 0 && !workTree ? /not a git repository: ([^\n]+)/.exec(result.stderr) : null;
  if (broken) {
    const target = (broken[1] as string).trim().replace(/^'(.*)'$/, "$1");
    let tree = resolve(dir);
    for (;;) {
      if (readGitfile(join(tree, ".git")) !== null) break;
      const up = dirname(tree);
      if (up === tree) break;
      tree = up;
    }
    // A checkout whose git folder is kept apart (git init or git clone --separate-git-dir): its
    // .git file names the git folder itself, not <repo>/.git/worktrees/<name> (nor a submodule's
    // .git/modules/<name>), and git worktree repair, the linked worktree's step, fails there
    // ("unable to locate repository"). Its step is pointing the file at the folder again.
    if (readGitfile(join(tree, ".git")) !== null && !/[/\\](worktrees|modules)[/\\]/.test(target)) {
      throw new ExoError(ErrorCode.NOT_A_GIT_REPO, `${tree}/.git names ${target} as its git folder, which is gone: this checkout keeps its git folder apart (git init or clone --separate-git-dir), and it moved or was deleted. If it moved, point .git at it again.`, {
        hint: `printf 'gitdir: %s\\n' '<moved git folder>' > ${shellWord(`${tree}/.git`)}`,
        details: { worktree: tree, git_dir: target, reason: "gitdir_gone" },
      });
    }
    if (readGitfile(join(tree, ".git")) !== null) {
      throw new ExoError(ErrorCode.NOT_A_GIT_REPO, `${tree}/.git names ${target} as its git folder, which is gone: the repository this worktree belongs to moved or was deleted. If it moved, git worktree repair, run from it, links the two again.`, {
        hint: `git -C '<moved repository>' worktree repair ${shellWord(tree)}`,
        details: { worktree: tree, git_dir: target, reason: "gitdir_gone" },
      });
    }
  }
  // A .git file emptied, zeroed or written over (a crash while git wrote it, a sync tool): git
  // cannot open the repository, and the hint was git init, which git refuses there (and which, run
  // in a subfolder, would start a nested repository).
  const garbled = result.code !== 0 && !workTree ? /invalid gitfile format: ([^\n]+)/.exec(result.stderr) : null;
  if (garbled) {
    const file = (garbled[1] as string).trim();
    const tree = dirname(file);
    throw new ExoError(ErrorCode.NOT_A_GIT_REPO, `${file} is a file that names no git folder (emptied, zeroed or written over; a worktree's .git file holds one line, gitdir: <path>), so git cannot open this repository; for a linked worktree, git worktree repair, run in its main repository, writes it again.`, {
      hint: "git -C '<main repository>' worktree repair",
      details: { worktree: tree, git_file: file, reason: "gitfile_invalid" },
    });
  }
  if (result.code !== 0) throw notRepo;
  const [top, gitDir, commonDir] = result.stdout.trim().split("\n");
  if (!top || !gitDir || !commonDir) throw notRepo;
  const root = realpathSync(top);
  const absGit = realpathSync(resolve(dir, gitDir));
  const absCommon = realpathSync(resolve(dir, commonDir));
  let mainRoot = root;
  if (absGit !== absCommon) {
    const list = await gitRaw(dir, ["worktree", "list", "--porcelain"]);
    const first = list.stdout.split("\n").find((line) => line.startsWith("worktree "));
    if (first) {
      try {
        mainRoot = realpathSync(first.slice("worktree ".length));
      } catch {
        mainRoot = root;
      }
    }
  }
  return repoAt(root, absGit, absCommon, mainRoot, env);
}

async function repoAt(root: string, gitDir: string, commonDir: string, mainRoot: string, env: Env): Promise<Repo> {
  if (gitDir !== commonDir) refuseCopiedWorktree(root, gitDir, mainRoot);
  const ownExo = join(root, ".exo");
  const exoDir = existsSync(ownExo) || mainRoot === root ? ownExo : join(mainRoot, ".exo");
  const override = env["EXO_STATE_DIR"];
  const stateDir = override && override.startsWith("/") ? override : join(mainRoot, ".exo");
  try {
    refuseLinksOutside(mainRoot, exoDir, stateDir === join(mainRoot, ".exo") ? [] : [stateDir]);
  } catch (error) {
    throw await committedLink(mainRoot, error);
  }
  refuseSpecialGitReads(mainRoot, root, exoDir, commonDir);
  return new Repo({ root, exoDir, stateDir, mainRoot, gitDir, commonDir });
}

/**
 * A linked worktree's folder copied (cp -r, a file manager's duplicate, a backup restored beside
 * it): the copy's `.git` file names the git dir git keeps for the original, which is still there
 * and names it too. git then shares one index, HEAD and branch between the two folders: exo's
 * commit in one showed in the other as exo's files changed, and a session's start commit and
 * attribution were read from an index the other folder's git calls rewrote. One small read per
 * command, in linked worktrees only. (The original gone is a move, git worktree repair's.)
 */
function refuseCopiedWorktree(root: string, gitDir: string, mainRoot: string): void {
  const recorded = recordedGitfile(gitDir);
  const own = join(root, ".git");
  if (recorded === null || recorded === own) return;
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return null;
    }
  };
  if (real(recorded) === real(own)) return;
  const named = readGitfile(recorded);
  if (named === null || real(named) !== real(gitDir)) return;
  const original = dirname(recorded);
  throw new ExoError(ErrorCode.NOT_A_GIT_REPO, `${root} is a copy of the linked worktree ${original}: its .git file names ${gitDir}, the git folder git keeps for ${original}, so the two share one index, HEAD and branch, and a commit in either changes the other. Work in ${original}, or give this folder's changes a worktree of their own (git worktree add, from ${mainRoot}).`, {
    hint: `git -C ${shellWord(mainRoot)} worktree add <new path>`,
    details: { worktree: root, original, git_dir: gitDir, reason: "worktree_copied" },
  });
}

/**
 * A state `exo doctor --fix` repairs (STATE_CORRUPT, with that hint and `replaceable` in its
 * details); `mark` names the path doctor acts on (notFolderPath, specialPath, linkPath, …).
 */
function fixable(message: string, details: Record<string, unknown>, mark: Record<string, unknown>): ExoError {
  return Object.assign(new ExoError(ErrorCode.STATE_CORRUPT, message, { hint: "exo doctor --fix", details: { ...details, replaceable: true } }), mark);
}

/**
 * Files git opens on every `git status` and `git add`: `.exo`'s own `.gitignore` and
 * `.gitattributes` (git opens each as it walks `.exo/`), the work tree's top `.gitignore` and
 * `.gitattributes`, and the repository's `info/exclude` and `info/attributes`. A pipe at one (a
 * hand's mkfifo, a bad sync or restore) held git, and so `exo status`, `session-start`,
 * `session-finish` and `doctor`, for ever: git waits on it for a writer. Six lstats. doctor --fix
 * removes it (a pipe holds no text) and restores git's copy of a committed one, or exo's own.
 */
function refuseSpecialGitReads(mainRoot: string, root: string, exoDir: string, commonDir: string): void {
  const reads = [join(exoDir, ".gitignore"), join(exoDir, ".gitattributes"), join(root, ".gitignore"), join(root, ".gitattributes"), join(commonDir, "info", "exclude"), join(commonDir, "info", "attributes")];
  for (const path of reads) {
    const st = lstatSync(path, { throwIfNoEntry: false });
    const kind = st ? specialKind(st) : null;
    if (!kind) continue;
    const rel = relative(mainRoot, path) || path;
    throw fixable(`${rel} is ${kind}, not a file; git reads it on every status and add and would wait for ever. Run exo doctor --fix to remove it (and restore git's copy, or exo's own).`, { path: rel, reason: "not_a_file" }, { specialPath: path });
  }
}

/** Machine-local folders whose content exo rebuilds (indexes, memos, logs): an empty one is safe. */
const REBUILT = new Set(["cache", "logs", "traces"]);
/** The folders exo writes below `.exo/` (committed ones and the ephemeral state folders). */
export const EXO_FOLDERS: ReadonlySet<string> = new Set(["tickets", "ledger", "mementos", "handoffs", "learnings", "bin", "sessions", "locks", "cache", "logs", "traces"]);

/**
 * `.exo` and the folders exo writes in it must be inside the repository. A pull can bring `.exo`
 * (or `.exo/locks`, `.exo/ledger`, …) as a symlink to a folder elsewhere; exo would then write its
 * state there. Symlinks that stay inside the repository are fine, as is an EXO_STATE_DIR the user
 * set (`allowed`). Every command starts here: one lstat and one listing of `.exo`, not a stat
 * (and, for the usual missing folder, an exception) per folder.
 */
function refuseLinksOutside(mainRoot: string, exoDir: string, allowed: string[]): void {
  const links = lstatSync(exoDir, { throwIfNoEntry: false })?.isSymbolicLink() ? [exoDir] : [];
  let entries: Dirent[] = [];
  try {
    entries = readdirSync(exoDir, { withFileTypes: true });
  } catch {
    entries = []; // no .exo yet (init, install)
  }
  for (const e of entries) if (e.isSymbolicLink() && EXO_FOLDERS.has(e.name)) links.push(join(exoDir, e.name));
  // A plain file where exo keeps a folder (a pull: `.exo/.gitignore`'s `/cache/` only ignores
  // folders, and git replaces ignored files at will; a hand edit): every read and write below it
  // would fail with ENOTDIR or find nothing. doctor --fix moves it aside and makes the folder.
  const notFolder = entries.find((e) => !e.isSymbolicLink() && !e.isDirectory() && EXO_FOLDERS.has(e.name));
  if (notFolder) {
    const path = join(exoDir, notFolder.name);
    const rel = relative(mainRoot, path);
    throw fixable(`${rel} is ${specialKind(notFolder) ?? "a file"}, not a folder; exo cannot keep its state there. Run exo doctor --fix to move the file aside (into ${relative(mainRoot, join(exoDir, "cache", "quarantine"))}/) and make the folder again.`, { path: rel, reason: "not_a_folder" }, { notFolderPath: path });
  }
  for (const path of links) {
    let target: string;
    try {
      target = realpathSync(path);
    } catch {
      target = "(a missing target)";
    }
    const inside = (base: string) => {
      const b = resolve(base);
      return target === b || target.startsWith(`${b}${sep}`);
    };
    if (inside(mainRoot) || allowed.some(inside)) {
      if (path !== exoDir) refuseSharedFolder(mainRoot, exoDir, path, target);
      continue;
    }
    const rel = relative(mainRoot, path);
    // A machine-local folder exo rebuilds (never committed, so not in history): doctor --fix
    // replaces the link with an empty folder, leaving what it points at alone.
    if (path !== exoDir && REBUILT.has(basename(path))) {
      throw fixable(`${rel} is a symlink to ${target}, outside the repository; exo does not read or write through it. Run exo doctor --fix to replace it with an empty folder (exo rebuilds what it keeps there; the link's target is left alone).`, { path: rel, target, reason: "symlink_outside" }, { linkPath: path });
    }
    if (path === exoDir) {
      throw new ExoError(ErrorCode.STATE_CORRUPT, `${rel} is a symlink to ${target}, outside the repository; exo does not read or write through it. Replace it with a real folder (git rm ${rel}, then restore it from history).`, {
        hint: `git log --oneline -- ${shellWord(rel)}`,
        details: { path: rel, target },
      });
    }
    // One of exo's kept folders (tickets, ledger, mementos, sessions, locks, …) linked out by a hand
    // or a sync tool. Before, the advice was `git rm <folder>` (git refuses a folder without -r, and
    // a link in no commit is no file of git's) with `git log` as the hint, which repairs nothing.
    // A link to a folder may hold exo's state (the folder moved out by hand): copied back in place
    // of the link. A link to no folder (/dev/zero, a file, nothing) holds nothing: doctor --fix
    // replaces it with the folder as HEAD has it (the link's target is left alone).
    let folder = false;
    try {
      folder = statSync(path).isDirectory();
    } catch {
      folder = false;
    }
    if (folder) {
      const hint = `rm -- ${shellWord(rel)} && cp -R -- ${shellWord(target)} ${shellWord(rel)}`;
      throw Object.assign(
        new ExoError(ErrorCode.STATE_CORRUPT, `${rel} is a symlink to the folder ${target}, outside the repository; exo does not read or write through it. Replace the link with a copy of that folder (${hint}), then look at git status.`, {
          hint,
          details: { path: rel, target, reason: "symlink_outside" },
        }),
        { linkedFolder: rel },
      );
    }
    throw fixable(`${rel} is a symlink to ${target}, no folder, outside the repository; exo does not read or write through it. Run exo doctor --fix to replace it with the folder as git has it (the link's target is left alone).`, { path: rel, target, reason: "symlink_outside" }, { linkPath: path, restoreFromGit: true });
  }
}

/**
 * A folder of exo's linked to a folder outside the repository by a commit (a pull brought the
 * link): its target is whatever the commit named (a home folder, say), so the hint never copies it
 * in; the commit that made the link is the way back. Only this error path runs git.
 */
async function committedLink(mainRoot: string, error: unknown): Promise<unknown> {
  const rel = (error as { linkedFolder?: unknown }).linkedFolder;
  if (!(error instanceof ExoError) || typeof rel !== "string") return error;
  const staged = await gitRaw(mainRoot, ["ls-files", "--stage", "--", rel]).catch(() => null);
  if (!staged || staged.code !== 0 || !staged.stdout.split("\n").some((l) => l.startsWith("120000 ") && l.endsWith(`\t${rel}`))) return error;
  const target = String(error.details["target"]);
  return new ExoError(ErrorCode.STATE_CORRUPT, `${rel} is a symlink to ${target}, outside the repository, and git tracks the link (a commit or a pull brought it); exo does not read or write through it. Replace it with a real folder (git rm ${rel}, then restore it from history).`, {
    hint: `git log --oneline -- ${shellWord(rel)}`,
    details: { path: rel, target },
  });
}

/**
 * One of exo's folders linked to another of them (`.exo/sessions` -> `locks`, a link a pull can
 * bring: `/sessions/` in .exo/.gitignore ignores only folders), to `.exo` itself or into one:
 * two kinds of state in one folder are read as each other. Before, doctor --fix set the live
 * session and its lock aside as garbled files and "rebuilt the lock" of the session id.
 */
function refuseSharedFolder(mainRoot: string, exoDir: string, path: string, target: string): void {
  let realExo: string;
  try {
    realExo = realpathSync(exoDir);
  } catch {
    return;
  }
  const within = (a: string, b: string) => a === b || a.startsWith(`${b}${sep}`);
  let other: string | null = within(realExo, target) || target === realExo ? ".exo" : null;
  for (const name of EXO_FOLDERS) {
    if (other !== null) break;
    const folder = join(exoDir, name);
    if (folder === path) continue;
    let real: string;
    try {
      real = realpathSync(folder);
    } catch {
      continue;
    }
    if (within(target, real) || within(real, target)) other = relative(mainRoot, folder);
  }
  if (other === null) return;
  const rel = relative(mainRoot, path);
  const to = relative(mainRoot, target) || ".";
  const said = `${rel} is a symlink to ${to}, ${to === other ? "another of exo's folders" : `which shares its files with ${other}`}; exo keeps each kind of state in a folder of its own and would read one as the other.`;
  const details = { path: rel, target: to, shared_with: other, reason: "symlink_shared" };
  // A folder exo rebuilds (cache, logs, traces): doctor --fix replaces the link with an empty one.
  if (REBUILT.has(basename(path))) {
    throw fixable(`${said} Run exo doctor --fix to replace it with an empty folder (exo rebuilds what it keeps there).`, details, { linkPath: path });
  }
  throw new ExoError(ErrorCode.STATE_CORRUPT, `${said} Replace the link with a real folder (rm ${rel} && mkdir ${rel}, or git rm it when a commit brought it), then move back what exo wrote through it.`, {
    hint: `rm ${shellWord(rel)} && mkdir ${shellWord(rel)}`,
    details,
  });
}

/** The same folder, through symlinks too (a session's worktree and this one). */
export function sameDir(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
