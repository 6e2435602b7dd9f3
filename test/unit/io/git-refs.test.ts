// HEAD and refs read from files must answer exactly what git answers, or "unsure" (undefined).
import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gitDirsOf, listBranchTips, mayHaveRefs, readHead, readRef } from "../../../src/io/git-refs.js";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function repo(): { root: string; git: (...args: string[]) => string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "exo-refs-")));
  roots.push(root);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("GIT_")));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", env: clean, stdio: ["ignore", "pipe", "pipe"] }).trim();
  git("init", "-q", "-b", "main");
  git("config", "user.name", "t");
  git("config", "user.email", "t@example.invalid");
  return { root, git };
}

/** What git itself says: branch (symbolic-ref --short) and HEAD (rev-parse --verify). */
function gitHead(git: (...args: string[]) => string): { branch: string | null; head: string | null } {
  let branch: string | null = null;
  let head: string | null = null;
  try {
    branch = git("symbolic-ref", "--short", "-q", "HEAD") || null;
  } catch {
    branch = null;
  }
  try {
    head = git("rev-parse", "-q", "--verify", "HEAD") || null;
  } catch {
    head = null;
  }
  return { branch, head };
}

const env = {};

describe("git-refs", () => {
  it("unborn, committed, packed, detached and a linked worktree all match git", () => {
    const { root, git } = repo();
    const dirs = gitDirsOf(root, env);
    expect(dirs).not.toBeNull();
    expect(readHead(dirs!)).toEqual(gitHead(git)); // unborn: branch main, head null
    git("commit", "-q", "--allow-empty", "-m", "one");
    expect(readHead(dirs!)).toEqual(gitHead(git));
    git("branch", "side");
    expect(readRef(dirs!, "refs/heads/side")).toBe(git("rev-parse", "side"));
    expect(readRef(dirs!, "refs/remotes/origin/main")).toBeNull();
    git("pack-refs", "--all");
    expect(readRef(dirs!, "refs/heads/side")).toBe(git("rev-parse", "side"));
    expect(readHead(dirs!)).toEqual(gitHead(git));
    git("commit", "-q", "--allow-empty", "-m", "two"); // loose ref again, beside the packed one
    expect(readHead(dirs!)).toEqual(gitHead(git));
    git("checkout", "-q", "--detach");
    expect(readHead(dirs!)).toEqual({ branch: null, head: git("rev-parse", "HEAD") });
    git("checkout", "-q", "main");
    const wt = join(root, "..", `${root.split("/").pop()}-wt`);
    roots.push(wt);
    git("worktree", "add", "-q", "-b", "wt-branch", wt);
    const wdirs = gitDirsOf(wt, env);
    expect(wdirs?.commonDir).toBe(join(root, ".git"));
    expect(readHead(wdirs!)).toEqual({ branch: "wt-branch", head: git("rev-parse", "wt-branch") });
  });

  it("mayHaveRefs is false only when git would list no ref under the prefix", () => {
    const { root, git } = repo();
    git("commit", "-q", "--allow-empty", "-m", "one");
    const dirs = gitDirsOf(root, env)!;
    const listed = () => git("for-each-ref", "--format=%(refname)", "refs/exo/") !== "";
    expect(mayHaveRefs(dirs, "refs/exo/")).toBe(false);
    expect(listed()).toBe(false);
    git("update-ref", "refs/exo/remote-leases/origin/T1", "HEAD");
    expect(listed()).toBe(true);
    expect(mayHaveRefs(dirs, "refs/exo/")).toBe(true);
    git("pack-refs", "--all", "--prune");
    expect(listed()).toBe(true);
    expect(mayHaveRefs(dirs, "refs/exo/")).toBe(true);
    expect(mayHaveRefs({ gitDir: null, commonDir: null }, "refs/exo/")).toBe(true);
  });

  it("is unsure (undefined) rather than wrong: symref chains, odd files, git env overrides, reftable", () => {
    const { root, git } = repo();
    git("commit", "-q", "--allow-empty", "-m", "one");
    const dirs = gitDirsOf(root, env)!;
    git("symbolic-ref", "refs/heads/alias", "refs/heads/main");
    expect(readRef(dirs, "refs/heads/alias")).toBeUndefined();
    writeFileSync(join(root, ".git", "refs", "heads", "junk"), "not a sha\n");
    expect(readRef(dirs, "refs/heads/junk")).toBeUndefined();
    expect(readRef(dirs, "refs/heads/../../config")).toBeUndefined();
    expect(gitDirsOf(root, { GIT_DIR: join(root, ".git") })).toBeNull();
    execFileSync("mkdir", [join(root, ".git", "reftable")]);
    expect(readHead(dirs)).toBeUndefined();
  });

  it("listBranchTips lists what git for-each-ref lists under refs/heads and refs/remotes, or is unsure", () => {
    const { root, git } = repo();
    const dirs = gitDirsOf(root, env)!;
    const gitTips = () => new Map(git("for-each-ref", "--format=%(refname) %(objectname)", "refs/heads/", "refs/remotes/").split("\n").filter(Boolean).map((l) => l.split(" ") as [string, string]));
    expect(listBranchTips(dirs)).toEqual(new Map()); // unborn: no refs yet
    git("commit", "-q", "--allow-empty", "-m", "one");
    git("branch", "feat/deep/side");
    git("update-ref", "refs/remotes/origin/main", "HEAD");
    git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main");
    expect(listBranchTips(dirs)).toEqual(gitTips());
    git("pack-refs", "--all");
    git("commit", "-q", "--allow-empty", "-m", "two"); // main loose again, beside its packed entry
    expect(listBranchTips(dirs)).toEqual(gitTips());
    git("pack-refs", "--all", "--prune");
    git("branch", "-D", "feat/deep/side");
    expect(listBranchTips(dirs)).toEqual(gitTips());
    // An update in progress, or a symbolic ref to nothing listed: unsure.
    writeFileSync(join(root, ".git", "refs", "heads", "main.lock"), "x\n");
    expect(listBranchTips(dirs)).toBeUndefined();
    rmSync(join(root, ".git", "refs", "heads", "main.lock"));
    git("symbolic-ref", "refs/heads/dangling", "refs/heads/nowhere");
    expect(listBranchTips(dirs)).toBeUndefined();
  });
});
