// Discovery from files (src/io/git-discover.ts) must give git's answer or none at all.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discoverFromFiles } from "../../../src/io/git-discover.js";

const base = realpathSync(mkdtempSync(join(tmpdir(), "exo-discover-")));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("GIT_")));
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", env: clean, stdio: ["ignore", "pipe", "pipe"] }).trim();

/** What git says: top, git dir, common dir (realpaths) and the main worktree, or null when it refuses. */
function byGit(dir: string): { root: string; gitDir: string; commonDir: string; mainRoot: string } | null {
  try {
    const [top, gitDir, commonDir] = git(dir, "rev-parse", "--show-toplevel", "--git-dir", "--git-common-dir").split("\n") as [string, string, string];
    const main = git(dir, "worktree", "list", "--porcelain").split("\n")[0]?.slice("worktree ".length) ?? "";
    return { root: realpathSync(top), gitDir: realpathSync(resolve(dir, gitDir)), commonDir: realpathSync(resolve(dir, commonDir)), mainRoot: realpathSync(main) };
  } catch {
    return null;
  }
}

const main = join(base, "main");
mkdirSync(join(main, "src/deep"), { recursive: true });
git(base, "init", "-q", "-b", "main", main);
git(main, "config", "user.email", "t@example.invalid");
git(main, "config", "user.name", "t");
writeFileSync(join(main, "src/a.txt"), "a\n");
git(main, "add", "-A");
git(main, "commit", "-qm", "a");
const linked = join(base, "linked");
git(main, "worktree", "add", "-q", linked, "-b", "feat");
mkdirSync(join(linked, "src/deep"), { recursive: true });

describe("discovery from files", () => {
  it("answers what git answers in a work tree and a linked worktree, from the top and below", () => {
    for (const dir of [main, join(main, "src/deep"), linked, join(linked, "src/deep")]) {
      const ours = discoverFromFiles(dir, {});
      expect(ours, dir).toBeDefined();
      expect(ours).toEqual(byGit(dir));
    }
  });

  it("leaves unusual layouts to git", () => {
    expect(discoverFromFiles(join(main, ".git"), {})).toBeUndefined(); // inside the git dir
    expect(discoverFromFiles(join(main, ".git/objects"), {})).toBeUndefined();
    expect(discoverFromFiles(main, { GIT_DIR: join(main, ".git") })).toBeUndefined();
    expect(discoverFromFiles(base, {})).toBeUndefined(); // not a repository
    const bare = join(base, "bare.git");
    git(base, "init", "-q", "--bare", bare);
    expect(discoverFromFiles(bare, {})).toBeUndefined();
    const moved = join(base, "moved");
    mkdirSync(join(moved, "tree"), { recursive: true });
    git(base, "init", "-q", moved);
    git(moved, "config", "core.worktree", join(moved, "tree"));
    expect(discoverFromFiles(join(moved, "tree"), {})).toBeUndefined();
    expect(discoverFromFiles(moved, {})).toBeUndefined();
    // A submodule-style .git file (no commondir) is git's to read.
    const sub = join(base, "sub");
    mkdirSync(sub);
    writeFileSync(join(sub, ".git"), `gitdir: ${join(main, ".git")}\n`);
    expect(discoverFromFiles(sub, {})).toBeUndefined();
  });
});
