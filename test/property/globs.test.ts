import fc from "fast-check";
import { expect, test } from "vitest";
import { compileGlob, normalizeGlob, validateGlob } from "../../src/kernel/globs.js";

const seg = fc.stringMatching(/^[a-z0-9_.-]{1,6}$/).filter((s) => s !== "." && s !== "..");

test("`*` never crosses `/`", () => {
  fc.assert(
    fc.property(fc.array(seg, { minLength: 2, maxLength: 5 }), (segs) => {
      const path = segs.join("/");
      const [first] = segs;
      expect(compileGlob(`${first}/*`)(path)).toBe(segs.length === 2);
    }),
  );
});

test("`**` matches any depth below its prefix", () => {
  fc.assert(
    fc.property(seg, fc.array(seg, { minLength: 1, maxLength: 5 }), (top, rest) => {
      expect(compileGlob(`${top}/**`)(`${top}/${rest.join("/")}`)).toBe(true);
    }),
  );
});

test("a literal pattern matches itself and everything below it", () => {
  fc.assert(
    fc.property(fc.array(seg, { minLength: 1, maxLength: 3 }), fc.array(seg, { maxLength: 3 }), (base, below) => {
      const literal = base.join("/");
      const path = [...base, ...below].join("/");
      expect(compileGlob(literal)(path)).toBe(true);
      expect(compileGlob(`${literal}/`)(path)).toBe(true);
    }),
  );
});

test("dot files match (dot: true)", () => {
  expect(compileGlob("**/.env")("config/.env")).toBe(true);
  expect(compileGlob("src/**")("src/.hidden/x")).toBe(true);
  expect(compileGlob("src/*")("src/a.ts")).toBe(true);
  expect(compileGlob("src/*")("src/a/b.ts")).toBe(false);
});

test("invalid globs: empty, NUL, backslash, leading !, .. segment, absolute in scopes", () => {
  for (const bad of ["", "  ", "a\0b", "src\\a", "!src/**", "../x/**", "src/../x", "/etc/**", "~/x"]) {
    expect(validateGlob(bad), JSON.stringify(bad)).not.toBeNull();
  }
  expect(validateGlob("/etc/**", { allowAbsolute: true })).toBeNull();
  expect(validateGlob("$TMPDIR/**", { allowTmpdir: true })).toBeNull();
  fc.assert(
    fc.property(fc.array(seg, { minLength: 1, maxLength: 4 }), (segs) => {
      expect(validateGlob(`${segs.join("/")}/**`)).toBeNull();
    }),
  );
  expect(normalizeGlob("./src/")).toBe("src/**");
});
