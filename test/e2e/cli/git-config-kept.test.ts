// exo keeps the git config entries it reads between commands (src/io/git-config.ts): a command
// whose configuration files, git program and git variables are unchanged starts no `git config`
// process, and any change to them (an edited file, a new global file, GIT_CONFIG_GLOBAL) is read
// again. A git on PATH that logs its arguments shows which commands ran git.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { exo, git, initRepo, tempDir } from "../../helpers/repo.js";

function realGit(): string {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    const file = join(dir, "git");
    if (dir && existsSync(file) && statSync(file).isFile()) return file;
  }
  throw new Error("git not found on PATH");
}

/** Write a file and set its times a minute back, out of git's "racy" window. */
function put(file: string, text: string): void {
  writeFileSync(file, text);
  settle(file);
}
const settle = (file: string) => utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

test("git config is listed once, kept, and listed again when a file or variable it depends on changes", async () => {
  const repo = await initRepo();
  const home = await tempDir();
  const bin = await tempDir();
  const log = join(bin, "git.log");
  writeFileSync(join(bin, "git"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realGit()}' "$@"\n`);
  chmodSync(join(bin, "git"), 0o755);
  git(repo, "config", "--unset", "user.email");
  settle(join(repo, ".git", "config"));
  put(join(home, ".gitconfig"), "[user]\n\temail = first@example.invalid\n");
  const env = { HOME: home, PATH: `${bin}${delimiter}${process.env["PATH"] ?? ""}` };
  let n = 0;
  const create = async (extra: Record<string, string> = {}) => {
    writeFileSync(log, "");
    const id = `K${++n}`;
    const run = await exo(repo, "ticket-create", "t", "--id", id, { env: { ...env, ...extra } });
    expect(run.code, run.stderr).toBe(0);
    const by = /\ncreated_by: (\S+)\n/.exec(readFileSync(join(repo, ".exo/tickets", `${id}.yaml`), "utf8"))?.[1];
    const listed = readFileSync(log, "utf8").split("\n").filter((l) => l.startsWith("config")).length > 0;
    return { by, listed };
  };

  expect(await create()).toEqual({ by: "human:first@example.invalid", listed: true });
  expect(await create()).toEqual({ by: "human:first@example.invalid", listed: false });
  const kept = readFileSync(join(repo, ".exo/cache/git-config.json"), "utf8");
  expect(kept).toContain("first@example.invalid");

  // Only the keys exo reads are kept: nothing else of a person's configuration.
  put(join(home, ".gitconfig"), "[user]\n\temail = first@example.invalid\n[http]\n\textraHeader = Authorization: secret-token\n");
  expect(await create()).toEqual({ by: "human:first@example.invalid", listed: true });
  expect(readFileSync(join(repo, ".exo/cache/git-config.json"), "utf8")).not.toContain("secret-token");
  // A remote's address is kept without its user and password.
  git(repo, "remote", "add", "origin", "https://someone:s3cret-pass@example.invalid/r.git");
  settle(join(repo, ".git", "config"));
  expect(await create()).toEqual({ by: "human:first@example.invalid", listed: true });
  const remote = readFileSync(join(repo, ".exo/cache/git-config.json"), "utf8");
  expect(remote).toContain("https://example.invalid/r.git");
  expect(remote).not.toContain("s3cret-pass");
  expect(await create()).toEqual({ by: "human:first@example.invalid", listed: false });

  // The global file edited in place (same inode): read again.
  put(join(home, ".gitconfig"), "[user]\n\temail = second@example.invalid\n");
  expect(await create()).toEqual({ by: "human:second@example.invalid", listed: true });
  expect(await create()).toEqual({ by: "human:second@example.invalid", listed: false });

  // A file git reads that did not exist before: the XDG global file.
  put(join(home, ".gitconfig"), "");
  expect(await create()).toMatchObject({ listed: true });
  const xdg = join(home, ".config", "git");
  mkdirSync(xdg, { recursive: true });
  put(join(xdg, "config"), "[user]\n\temail = xdg@example.invalid\n");
  expect(await create()).toEqual({ by: "human:xdg@example.invalid", listed: true });

  // A git variable: GIT_CONFIG_GLOBAL names another file.
  const other = join(home, "other.gitconfig");
  put(other, "[user]\n\temail = other@example.invalid\n");
  expect(await create({ GIT_CONFIG_GLOBAL: other })).toEqual({ by: "human:other@example.invalid", listed: true });
  expect(await create({ GIT_CONFIG_GLOBAL: other })).toEqual({ by: "human:other@example.invalid", listed: false });
  expect(await create()).toEqual({ by: "human:xdg@example.invalid", listed: true });
  // A file a variable names that does not exist yet: its creation is seen.
  const later = join(home, "later.gitconfig");
  expect(await create({ GIT_CONFIG_GLOBAL: later })).toEqual({ by: "human", listed: true });
  expect(await create({ GIT_CONFIG_GLOBAL: later })).toEqual({ by: "human", listed: false });
  put(later, "[user]\n\temail = later@example.invalid\n");
  expect(await create({ GIT_CONFIG_GLOBAL: later })).toEqual({ by: "human:later@example.invalid", listed: true });

  // The repository's own config (git writes it anew): read again.
  git(repo, "config", "user.email", "local@example.invalid");
  settle(join(repo, ".git", "config"));
  expect(await create()).toEqual({ by: "human:local@example.invalid", listed: true });

  // An include is git's to follow: never kept.
  git(repo, "config", "--unset", "user.email");
  settle(join(repo, ".git", "config"));
  put(join(home, "inc.gitconfig"), "[user]\n\temail = included@example.invalid\n");
  put(join(xdg, "config"), `[include]\n\tpath = ${join(home, "inc.gitconfig")}\n`);
  expect(await create()).toEqual({ by: "human:included@example.invalid", listed: true });
  expect(await create()).toEqual({ by: "human:included@example.invalid", listed: true });
});

test("a listing read right after a config file changed is not kept (git's racy rule)", async () => {
  const repo = await initRepo();
  const home = await tempDir();
  writeFileSync(join(home, ".gitconfig"), "[user]\n\temail = racy@example.invalid\n");
  git(repo, "config", "user.email", "racy-local@example.invalid");
  const run = await exo(repo, "ticket-create", "t", "--id", "R1", { env: { HOME: home } });
  expect(run.code, run.stderr).toBe(0);
  expect(readFileSync(join(repo, ".exo/tickets/R1.yaml"), "utf8")).toContain("created_by: human:racy-local@example.invalid");
  expect(existsSync(join(repo, ".exo/cache/git-config.json"))).toBe(false);
});

test("a linked worktree keeps its own listing beside the main checkout's, with its own config.worktree", async () => {
  const repo = await initRepo();
  const bin = await tempDir();
  const log = join(bin, "git.log");
  writeFileSync(join(bin, "git"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realGit()}' "$@"\n`);
  chmodSync(join(bin, "git"), 0o755);
  const other = `${repo}-wt`;
  git(repo, "worktree", "add", "-q", other, "-b", "wt");
  onTestFinished(() => rmSync(other, { recursive: true, force: true }));
  // The worktree has an email of its own (extensions.worktreeConfig): each checkout keeps its answer.
  git(repo, "config", "extensions.worktreeConfig", "true");
  git(other, "config", "--worktree", "user.email", "worktree@example.invalid");
  settle(join(repo, ".git", "config"));
  const linked = join(repo, ".git", "worktrees", readdirSync(join(repo, ".git", "worktrees"))[0] as string);
  for (const f of readdirSync(linked)) settle(join(linked, f));
  const env = { PATH: `${bin}${delimiter}${process.env["PATH"] ?? ""}` };
  let n = 0;
  const create = async (cwd: string) => {
    writeFileSync(log, "");
    const id = `W${++n}`;
    const run = await exo(cwd, "ticket-create", "t", "--id", id, { env });
    expect(run.code, run.stderr).toBe(0);
    const by = /\ncreated_by: (\S+)\n/.exec(readFileSync(join(cwd, ".exo/tickets", `${id}.yaml`), "utf8"))?.[1];
    return `${by} ${readFileSync(log, "utf8").split("\n").some((l) => l.startsWith("config")) ? "listed" : "kept"}`;
  };
  expect([await create(repo), await create(other), await create(repo), await create(other)]).toEqual([
    "human:test@example.invalid listed",
    "human:worktree@example.invalid listed",
    "human:test@example.invalid kept",
    "human:worktree@example.invalid kept",
  ]);
});
