import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { expect, test } from "vitest";
import { parseConfig } from "../../src/stdlib/config/model.js";
import { branchNameProblem, refFormatProblem, remoteProblem } from "../../src/kernel/refs.js";
import { injectionCorpus } from "../fixtures/hardening/injection-corpus.js";

test("every injection corpus case is refused by the config schema with unsafe_value", () => {
  for (const c of injectionCorpus("/tmp/never")) {
    const { value, issues } = parseConfig(`version: 1\ngit:\n  ${c.git}\n`);
    expect(value, c.name).toBeNull();
    expect(issues.filter((i) => i.severity === "error").map((i) => i.code), c.name).toContain("unsafe_value");
  }
});

test("ordinary remotes, branches and prefixes stay valid", () => {
  for (const remote of ["origin", "upstream", "my-fork", "https://github.com/a/b.git", "ssh://git@host:22/a/b.git", "git@github.com:a/b.git", "file:///srv/repo.git", "/srv/repo.git", "../other"]) {
    expect(remoteProblem(remote), remote).toBeNull();
  }
  for (const b of ["main", "master", "release/1.2", "feature/x-y_z", "trunk"]) expect(branchNameProblem(b), b).toBeNull();
  const { value } = parseConfig('version: 1\ngit:\n  branch_prefix: ""\n  base_branch: develop\n  commit_identity: { name: "Exo Bot", email: "bot@example.com" }\n');
  expect(value?.git.branch_prefix).toBe("");
});

function gitAccepts(ref: string): boolean {
  try {
    execFileSync("git", ["check-ref-format", ref], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

test("refFormatProblem agrees with git check-ref-format (property, fixed seed)", () => {
  const ch = fc.constantFrom("a", "b", "/", ".", "-", "@", "{", "~", "^", ":", " ", "*", "[", "\\", "l", "o", "c", "k", "\t");
  fc.assert(
    fc.property(fc.array(ch, { minLength: 1, maxLength: 12 }).map((a) => `refs/${a.join("")}`), (ref) => {
      // exo may be stricter than git (never looser).
      if (refFormatProblem(ref) === null) expect(gitAccepts(ref), ref).toBe(true);
    }),
    { seed: 18, numRuns: 150 },
  );
  for (const ref of ["refs/heads/main", "refs/heads/a.b", "refs/heads/x@y", "refs/heads/a-b/c"]) expect(refFormatProblem(ref) === null).toBe(gitAccepts(ref));
  for (const ref of ["refs/heads/a..b", "refs/heads/a.lock", "refs/heads/.a", "refs/heads/a@{b", "refs/heads/a.", "refs/heads//a"]) {
    expect(refFormatProblem(ref)).not.toBeNull();
    expect(gitAccepts(ref)).toBe(false);
  }
});
