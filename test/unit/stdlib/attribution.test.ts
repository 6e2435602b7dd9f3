// Attribution of uncommitted files (issue #19): the pure exclusion rule, the status parser and
// the snapshot format; content ids against git's own blob ids.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { contentId, DELETED, dirtySnapshot, excludeUncommitted, parseSnapshot, rebaseOnResume, snapshotText } from "../../../src/stdlib/drift/attribution.js";
import { parseDirty } from "../../../src/stdlib/git/porcelain.js";

const claim = (session: string, content?: string) => ({ session, actor: `agent:${session}`, ...(content ? { content } : {}) });

test("unchanged since start → pre-existing; changed → charged; a sibling's record excludes only what this session never touched", () => {
  const r = excludeUncommitted({
    uncommitted: ["same.md", "edited.md", "new.ts", "theirs.ts", "both.ts", "left.ts", "left-edited.ts"],
    startDirty: new Map([["same.md", "h1"], ["edited.md", "h2"]]),
    current: new Map([["same.md", "h1"], ["edited.md", "h3"], ["left.ts", "c1"], ["left-edited.ts", "c9"]]),
    own: new Set(["both.ts"]),
    others: new Map([["theirs.ts", claim("B")], ["both.ts", claim("B")], ["left.ts", claim("C", "c1")], ["left-edited.ts", claim("C", "c2")]]),
  });
  expect([...r.preexisting]).toEqual(["same.md"]);
  expect([...r.other.keys()]).toEqual(["theirs.ts", "left.ts"]);
});

test("without a start snapshot (older sessions) nothing counts as pre-existing", () => {
  const r = excludeUncommitted({ uncommitted: ["a"], startDirty: null, current: new Map([["a", "x"]]), own: new Set(), others: new Map() });
  expect(r.preexisting.size + r.other.size).toBe(0);
});

test("property: an excluded path is never one this session touched unless it was unchanged since the start", () => {
  const path = fc.constantFrom<string>("a", "b", "c", "d", "e");
  const id = fc.constantFrom("h1", "h2", DELETED);
  fc.assert(
    fc.property(fc.uniqueArray(path), fc.dictionary(path, id), fc.dictionary(path, id), fc.uniqueArray(path), fc.dictionary(path, fc.option(id, { nil: undefined })), (uncommitted, start, now, own, others) => {
      const r = excludeUncommitted({
        uncommitted,
        startDirty: new Map(Object.entries(start)),
        current: new Map(Object.entries(now)),
        own: new Set(own),
        others: new Map(Object.entries(others).map(([p, c]) => [p, claim("S", c)])),
      });
      for (const p of r.other.keys()) expect(own.includes(p)).toBe(false);
      for (const p of r.preexisting) expect(start[p] !== undefined && start[p] === now[p]).toBe(true);
      for (const p of [...r.preexisting, ...r.other.keys()]) expect(uncommitted.includes(p)).toBe(true);
    }),
  );
});

test("parseDirty reads porcelain -z entries: renames by their new path, names with spaces and newlines", () => {
  const z = [" M src/a.ts", "?? new file.txt", "R  to.ts", "from.ts", "D  gone.ts", "?? odd\nname"].join("\0") + "\0";
  expect(parseDirty(z)).toEqual(["src/a.ts", "new file.txt", "to.ts", "gone.ts", "odd\nname"]);
  expect(parseDirty("")).toEqual([]);
});

test("snapshot text round-trips; garbage reads as no snapshot", () => {
  const files = new Map([["b", "2"], ["a", "1"]]);
  expect(parseSnapshot(snapshotText("SES-1", "2026-01-01T00:00:00.000Z", files))).toEqual(new Map([["a", "1"], ["b", "2"]]));
  for (const bad of [null, "", "{", "[]", '{"files":[]}', '{"files":null}']) expect(parseSnapshot(bad)).toBeNull();
  expect(parseSnapshot('{"files":{"a":1,"b":"x"}}')).toEqual(new Map([["b", "x"]]));
});

test("contentId is git's blob id for a file; links, deletions and folders have their own ids", async () => {
  const dir = mkdtempSync(join(tmpdir(), "exo-attr-"));
  try {
    writeFileSync(join(dir, "f.txt"), "hello\n");
    writeFileSync(join(dir, "empty"), "");
    symlinkSync("f.txt", join(dir, "link"));
    const blob = (name: string) => execFileSync("git", ["hash-object", "--no-filters", name], { cwd: dir, encoding: "utf8" }).trim();
    expect(await contentId(dir, "f.txt")).toBe(blob("f.txt"));
    expect(await contentId(dir, "empty")).toBe(blob("empty"));
    expect(await contentId(dir, "link")).toMatch(/^link:[0-9a-f]{40}$/);
    expect(await contentId(dir, "missing")).toBe(DELETED);
    expect(await contentId(dir, ".")).toBe("dir");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("dirtySnapshot lists every dirty or untracked file outside .exo/, from git's pathspec, whatever the caller's GIT_LITERAL_PATHSPECS", async () => {
  const dir = mkdtempSync(join(tmpdir(), "exo-attr-"));
  const before = process.env["GIT_LITERAL_PATHSPECS"];
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
    git("init", "-q");
    mkdirSync(join(dir, ".exo/tickets"), { recursive: true });
    mkdirSync(join(dir, "src"));
    for (const f of [".exo/tickets/T1.yaml", "src/a.ts", ".exo-notes", "kept.md"]) writeFileSync(join(dir, f), "one\n");
    git("add", "-A");
    git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "init");
    for (const f of [".exo/tickets/T1.yaml", "src/a.ts", ".exo-notes"]) writeFileSync(join(dir, f), "two\n");
    writeFileSync(join(dir, ".exo/new.json"), "{}\n");
    writeFileSync(join(dir, "src/new.ts"), "x\n");
    for (const literal of [undefined, "1"]) {
      if (literal === undefined) delete process.env["GIT_LITERAL_PATHSPECS"];
      else process.env["GIT_LITERAL_PATHSPECS"] = literal;
      const snap = await dirtySnapshot(dir);
      expect([...snap.keys()].sort()).toEqual([".exo-notes", "src/a.ts", "src/new.ts"]);
      expect(snap.get("src/a.ts")).toBe(execFileSync("git", ["hash-object", "src/a.ts"], { cwd: dir, encoding: "utf8" }).trim());
    }
  } finally {
    if (before === undefined) delete process.env["GIT_LITERAL_PATHSPECS"];
    else process.env["GIT_LITERAL_PATHSPECS"] = before;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("rebaseOnResume: changed while suspended and not recorded by the session → pre-existing at its current content", () => {
  const files = new Map([["start.md", "s1"]]);
  const atSuspend = new Map([["mine.ts", "m1"], ["shared.md", "x1"]]);
  const now = new Map([["mine.ts", "m1"], ["shared.md", "x2"], ["new.txt", "n1"], ["recorded.ts", "r2"], ["start.md", "s1"]]);
  const out = rebaseOnResume(files, atSuspend, now, new Set(["recorded.ts"]));
  expect(Object.fromEntries(out)).toEqual({ "start.md": "s1", "shared.md": "x2", "new.txt": "n1" });
});
