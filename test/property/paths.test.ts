import { mkdirSync, mkdtempSync, realpathSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { toRepoPath } from "../../src/kernel/paths.js";
import { Repo } from "../../src/io/paths.js";

const ROOT = "/work/repo";
const ctx = { repoRoot: ROOT, cwd: `${ROOT}/src`, home: "/home/u" };
const segment = fc.constantFrom("a", "b", "src", "..", ".", "", "~", "x.ts", ".exo", "..a", "a..");
const pathArb = fc.array(segment, { maxLength: 8 }).map((segs) => segs.join("/"));

test("toRepoPath never yields an absolute or climbing inside path", () => {
  fc.assert(
    fc.property(fc.oneof(pathArb, fc.string()), fc.boolean(), (p, absolute) => {
      const input = absolute ? `/${p}` : p;
      const result = toRepoPath(input, ctx);
      if ("problem" in result) return;
      if (result.inside) {
        expect(result.path.startsWith("/")).toBe(false);
        expect(result.path.split("/")).not.toContain("..");
        expect(result.absolute === ROOT || result.absolute.startsWith(`${ROOT}/`)).toBe(true);
      } else {
        expect(result.absolute === ROOT || result.absolute.startsWith(`${ROOT}/`)).toBe(false);
      }
    }),
    { numRuns: 2000 },
  );
});

test("climbing out with .. is always outside", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom("a", "b", "c"), { maxLength: 4 }), fc.array(fc.constantFrom("x", "y"), { minLength: 1, maxLength: 3 }), (down, tail) => {
      const climb = "../".repeat(down.length + 2);
      const input = `${down.join("/")}${down.length ? "/" : ""}${climb}${tail.join("/")}`;
      const result = toRepoPath(input, ctx);
      expect("inside" in result && result.inside).toBe(false);
    }),
  );
});

test("a prefix-sharing sibling folder is outside (/work/repo2 is not inside /work/repo)", () => {
  const result = toRepoPath("/work/repo2/a.ts", ctx);
  expect("inside" in result && result.inside).toBe(false);
});

test("empty, NUL and ~user paths are path_invalid; ~ expands to home", () => {
  expect(toRepoPath("", ctx)).toMatchObject({ problem: "path_invalid" });
  expect(toRepoPath("a\0b", ctx)).toMatchObject({ problem: "path_invalid" });
  expect(toRepoPath("~root/x", ctx)).toMatchObject({ problem: "path_invalid" });
  expect(toRepoPath("~/.ssh/config", ctx)).toMatchObject({ inside: false, absolute: "/home/u/.ssh/config" });
});

test("symlinks that lead out of the repository resolve outside (Repo.resolvePath)", () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "exo-prop-")));
  const root = join(base, "repo");
  const outside = join(base, "outside");
  mkdirSync(join(root, "src"), { recursive: true });
  mkdirSync(outside);
  symlinkSync(outside, join(root, "src", "link"));
  const repo = new Repo({ root, exoDir: join(root, ".exo"), stateDir: join(root, ".exo"), mainRoot: root });
  fc.assert(
    fc.property(fc.array(fc.constantFrom("a", "b.ts", "deep"), { maxLength: 3 }), (tail) => {
      const input = ["src", "link", ...tail].join("/");
      const result = repo.resolvePath(input, root, "/home/u");
      expect("inside" in result && result.inside).toBe(false);
      const direct = repo.resolvePath(["src", ...tail, "f.ts"].join("/"), root, "/home/u");
      expect("inside" in direct && direct.inside).toBe(true);
    }),
  );
});
