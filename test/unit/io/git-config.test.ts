// The one git config listing per command (src/io/git-config.ts) must answer what git answers:
// the hooks folder equals `git rev-parse --git-path hooks` or is left to git, and a value equals
// `git config <key>`.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { configValue, gitConfig, gitHooksDir, hooksDirFrom, parseConfigList } from "../../../src/io/git-config.js";
import { Repo } from "../../../src/io/repo.js";

const root = realpathSync(mkdtempSync(join(tmpdir(), "exo-gitconfig-")));
const home = realpathSync(mkdtempSync(join(tmpdir(), "exo-gitconfig-home-")));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("GIT_"))), HOME: home, GIT_CONFIG_NOSYSTEM: "1" };
const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", env, stdio: ["ignore", "pipe", "pipe"] });
git("init", "-q", "-b", "main");
const repo = new Repo({ root, exoDir: join(root, ".exo"), stateDir: join(root, ".exo"), mainRoot: root, gitDir: join(root, ".git"), commonDir: join(root, ".git") });
const listing = (...pre: string[]) => parseConfigList(git(...pre, "config", "--list", "--show-scope", "-z"));

describe("git config listing", () => {
  it("parses values with newlines, '=' and spaces, keys without a value, and keeps git's order", () => {
    git("config", "exo.test.multi", "line one\nline two = x");
    git("config", "--add", "exo.test.multi", "second");
    git("config", "Exo.Sub.Section.Key", "v");
    const entries = listing("-c", "exo.flag");
    expect(configValue(entries, "exo.test.multi")).toBe("second");
    expect(entries.filter((e) => e.key === "exo.test.multi").map((e) => e.value)).toEqual(["line one\nline two = x", "second"]);
    expect(configValue(entries, "exo.Sub.Section.key")).toBe("v");
    expect(configValue(entries, "exo.flag")).toBeNull();
    expect(entries.find((e) => e.key === "exo.flag")?.scope).toBe("command");
    expect(configValue(entries, "exo.test.multi", ["command"])).toBeUndefined();
    expect(configValue(entries, "exo.missing")).toBeUndefined();
  });

  it("is read once per Repo object", async () => {
    const first = gitConfig(repo);
    expect(gitConfig(repo)).toBe(first);
    expect(configValue((await first) ?? [], "exo.sub.Section.key")).toBeUndefined(); // canonical: section lower-cased only
  });

  it("finds the hooks folder git uses for any core.hooksPath, or leaves the answer to git", () => {
    mkdirSync(join(root, "sub"), { recursive: true });
    const segment = fc.stringMatching(/^[a-z.~%()-]{1,6}$/);
    const value = fc.oneof(
      fc.constant(""),
      fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join("/")),
      fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join("/")}`),
      fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `~/${s.join("/")}`),
      fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `%(prefix)/${s.join("/")}`),
      fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `${s.join("/")}/`),
    );
    let answered = 0;
    fc.assert(
      fc.property(fc.option(value, { nil: undefined }), (hooksPath) => {
        const pre = hooksPath === undefined ? [] : ["-c", `core.hooksPath=${hooksPath}`];
        let byGit: string | null;
        try {
          byGit = git(...pre, "rev-parse", "--path-format=absolute", "--git-path", "hooks").trim();
        } catch {
          byGit = null;
        }
        const ours = hooksDirFrom(listing(...pre), repo, home);
        if (ours === undefined) return;
        answered++;
        expect(ours, JSON.stringify(hooksPath)).toBe(byGit);
      }),
      { numRuns: 60 },
    );
    expect(answered).toBeGreaterThan(10);
  });

  it("gitHooksDir answers like git without core.hooksPath", async () => {
    expect(await gitHooksDir(new Repo({ root, exoDir: join(root, ".exo"), stateDir: join(root, ".exo"), mainRoot: root, gitDir: join(root, ".git"), commonDir: join(root, ".git") }))).toBe(
      git("rev-parse", "--path-format=absolute", "--git-path", "hooks").trim(),
    );
  });
});
