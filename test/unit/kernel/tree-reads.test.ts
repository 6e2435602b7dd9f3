// The folders grep -r, rg, ag, git grep, diff -r and the copiers read to their last file, and what
// they skip (kernel/tree-reads.ts). The hook's look below them on disk is in
// test/e2e/hooks/tree-reads.test.ts.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Word } from "../../../src/kernel/shell.js";
import { childItemTrees, copyTrees, diffTrees, gitGrepTrees, listedTrees, searchTrees } from "../../../src/kernel/tree-reads.js";

const words = (line: string): Word[] => line.split(" ").filter((t) => t !== "").map((text) => ({ text, dynamic: false, glob: false, quoted: false }));
const folders = (found: { word: Word }[]) => found.map((t) => t.word.text);

describe("searchTrees", () => {
  test("grep reads folders only when recursive; the first operand is the pattern unless -e/-f name it", () => {
    expect(folders(searchTrees("grep", words("-n TOKEN src"), false))).toEqual([]);
    expect(folders(searchTrees("grep", words("-rn TOKEN src docs"), false))).toEqual(["src", "docs"]);
    expect(folders(searchTrees("grep", words("-r TOKEN"), false))).toEqual(["."]);
    expect(folders(searchTrees("grep", words("-r -e TOKEN src"), false))).toEqual(["src"]);
    expect(folders(searchTrees("grep", words("-d recurse TOKEN ."), false))).toEqual(["."]);
    expect(folders(searchTrees("grep", words("--directories=recurse TOKEN ."), false))).toEqual(["."]);
    // -A takes a value: the r in -A2r… is no flag; -m 3 is a count.
    expect(folders(searchTrees("grep", words("-m 3 TOKEN src"), false))).toEqual([]);
    const [t] = searchTrees("grep", words("-r --exclude=.env --exclude-dir node_modules --include=*.ts TOKEN ."), false);
    expect(t?.how).toMatchObject({ hidden: true, ignored: true, exclude: [".env"], excludeDir: ["node_modules"], include: ["*.ts"] });
  });

  test("rg searches the working folder unless it reads a pipe, skips dot and ignored files unless told", () => {
    expect(folders(searchTrees("rg", words("TOKEN"), false))).toEqual(["."]);
    expect(folders(searchTrees("rg", words("TOKEN"), true))).toEqual([]);
    expect(folders(searchTrees("rg", words("-r X TOKEN src"), false))).toEqual(["src"]);
    expect(searchTrees("rg", words("--files"), false)).toEqual([]);
    // A type reads its globs' files, hidden ones too (sh's take .env: red-team round 46); an unknown type, every file.
    expect(searchTrees("rg", words("-t ts TOKEN"), false)[0]?.how).toMatchObject({ hidden: true, include: ["*.ts", "*.tsx", "*.cts", "*.mts"] });
    expect(searchTrees("rg", words("-tsh TOKEN"), false)[0]?.how.include).toContain(".env");
    expect(searchTrees("rg", words("-t nosuchtype TOKEN"), false)[0]?.how).toMatchObject({ hidden: true, include: [] });
    expect(searchTrees("rg", words("TOKEN"), false)[0]?.how).toMatchObject({ hidden: false, ignored: false });
    expect(searchTrees("rg", words("-uu TOKEN"), false)[0]?.how).toMatchObject({ hidden: true, ignored: true });
    expect(searchTrees("rg", words("-u TOKEN"), false)[0]?.how).toMatchObject({ hidden: false, ignored: true });
    expect(searchTrees("rg", words("-g !*.pem -g *.ts TOKEN"), false)[0]?.how).toMatchObject({ exclude: ["*.pem"], include: ["*.ts"] });
  });

  test("git grep reads tracked files below its pathspecs, not revisions", () => {
    expect(folders(gitGrepTrees(words("TOKEN")))).toEqual(["."]);
    expect(folders(gitGrepTrees(words("TOKEN -- src")))).toEqual(["src"]);
    expect(folders(gitGrepTrees(words("TOKEN HEAD~1 src")))).toEqual(["src"]);
    expect(gitGrepTrees(words("TOKEN"))[0]?.how.tracked).toBe(true);
    expect(gitGrepTrees(words("--untracked TOKEN"))[0]?.how.tracked).toBeUndefined();
  });

  test("diff -r, cp -r, rsync -a, zip -r: the folders they read, not where they write", () => {
    expect(folders(diffTrees(words("-r a b")))).toEqual(["a", "b"]);
    expect(folders(diffTrees(words("a b")))).toEqual([]);
    expect(folders(copyTrees("cp", words("-r src /tmp/x")))).toEqual(["src"]);
    expect(folders(copyTrees("cp", words("-t /tmp/x -r src docs")))).toEqual(["src", "docs"]);
    expect(folders(copyTrees("cp", words("src/a.ts /tmp/x")))).toEqual([]);
    expect(folders(copyTrees("rsync", words("-a ./ host:/x/")))).toEqual(["./"]);
    expect(folders(copyTrees("rsync", words("-a host:/x/ ./")))).toEqual([]);
    expect(folders(copyTrees("zip", words("-r out.zip src")))).toEqual(["src"]);
  });

  test("Get-ChildItem -Recurse: its folders, hidden files with -Force, -Filter/-Include/-Exclude", () => {
    // Without -Recurse, the folder's own files (red-team round 21).
    expect(childItemTrees("Get-ChildItem", words("src")).map((t) => [t.word.text, t.how.depth])).toEqual([["src", 1]]);
    expect(childItemTrees("gci", words("-r src"))[0]?.how.depth).toBeUndefined();
    expect(childItemTrees("gci", words("-Hidden"))[0]?.how.hidden).toBe(true);
    expect(folders(childItemTrees("Get-ChildItem", words("-Recurse")))).toEqual(["."]);
    expect(folders(childItemTrees("gci", words("-r src")))).toEqual(["src"]);
    expect(folders(childItemTrees("gci", words("-Path config -Rec")))).toEqual(["config"]);
    expect(childItemTrees("gci", words("-r"))[0]?.how.hidden).toBe(false);
    expect(childItemTrees("gci", words("-r -Force"))[0]?.how.hidden).toBe(true);
    expect(childItemTrees("gci", words("-r -Filter *.ts -Exclude *.pem,*.key"))[0]?.how).toMatchObject({ include: ["*.ts"], exclude: ["*.pem", "*.key"] });
  });

  test("listers: the folders ls, find, fd and git ls-files list, as deep and with the dot files they show (red-team round 21)", () => {
    expect(listedTrees("ls", words("")).map((t) => [t.word.text, t.how.hidden, t.how.depth])).toEqual([[".", false, 1]]);
    expect(listedTrees("ls", words("-lA src docs")).map((t) => [t.word.text, t.how.hidden, t.how.depth])).toEqual([["src", true, 1], ["docs", true, 1]]);
    expect(listedTrees("ls", words("-aR"))[0]?.how.depth).toBeUndefined();
    expect(folders(listedTrees("find", words("src docs -name *.ts")))).toEqual(["src", "docs"]);
    expect(listedTrees("find", words(". -maxdepth 1 -name *.ts"))[0]?.how).toMatchObject({ depth: 1, include: ["*.ts"], hidden: true });
    expect(listedTrees("find", words(". -delete"))).toEqual([]);
    expect(listedTrees("fd", words("-e ts x src"))[0]?.how).toMatchObject({ hidden: false, ignored: false });
    expect(folders(listedTrees("fd", words("-H -e ts x src")))).toEqual(["src"]);
    expect(listedTrees("git", words("ls-files"))[0]?.how.tracked).toBe(true);
    expect(listedTrees("git", words("ls-files -o --exclude-standard src"))[0]?.how).toMatchObject({ ignored: false, hidden: true });
    expect(listedTrees("git", words("status"))).toEqual([]);
    expect(listedTrees("cat", words("."))).toEqual([]);
  });

  test("any argument list: no throw, and every folder is one of the words or the working folder", () => {
    const word: fc.Arbitrary<string> = fc.constantFrom("-r", "-R", "-rn", "-e", "-f", "-g", "-t", "--exclude=.env", "--files", "-u", "-uu", "--", "-a", "-x", "TOKEN", ".", "src", "a b", "-d", "recurse", "host:/x");
    fc.assert(
      fc.property(fc.constantFrom("grep", "egrep", "rg", "ag", "cp", "rsync", "scp", "zip", "diff", "git grep"), fc.array(word, { maxLength: 8 }), fc.boolean(), (base, texts, piped) => {
        const args = texts.map((text) => ({ text, dynamic: false, glob: false, quoted: false }));
        const found = base === "diff" ? diffTrees(args) : base === "git grep" ? gitGrepTrees(args) : ["cp", "rsync", "scp", "zip"].includes(base) ? copyTrees(base, args) : searchTrees(base, args, piped);
        for (const t of found) expect(t.word.text === "." || texts.includes(t.word.text)).toBe(true);
      }),
    );
  });
});
