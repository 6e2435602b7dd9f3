// The CLI's V8 code caches (src/io/compile-cache.ts, one per command): made in the user's cache folder, used when
// current, rewritten when rejected, never read from a folder others can write, off on request.
import { chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { envelope, exo, initRepo, tempDir } from "../../helpers/repo.js";

const v8Files = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".v8")).sort();

describe("CLI code cache", () => {
  it("is written on first use, survives garbage, and answers the same as without it", async () => {
    const repo = await initRepo();
    const cache = await tempDir();
    const env = { XDG_CACHE_HOME: cache };
    const folder = join(cache, "exoprotocol", "v8");
    const first = envelope(await exo(repo, "status", "--format", "json", { env }));
    expect(first.ok).toBe(true);
    const [file] = await v8Files(folder);
    expect(file).toMatch(/^main\.cjs-\d+-\d+-\d+-v\d+\.\d+\.\d+-[a-z0-9]+\.status\.v8$/);
    const statusCache = await readFile(join(folder, file as string));
    // Each command has its own cache: a new command adds one and leaves the others alone.
    expect(envelope(await exo(repo, "tickets", "--format", "json", { env })).ok).toBe(true);
    expect(await v8Files(folder)).toEqual([file, (file as string).replace(/\.status\.v8$/, ".tickets.v8")].sort());
    expect(await readFile(join(folder, file as string))).toEqual(statusCache);
    // A word that is no command name gets no cache (and never becomes part of a file name).
    await exo(repo, "../../x", { env });
    await exo(repo, "statsu", { env });
    expect((await v8Files(folder)).filter((f) => !/\.(status|tickets)\.v8$/.test(f))).toEqual([]);
    // Garbage in the cache: V8 rejects it, the command still works and the cache is rewritten.
    await writeFile(join(folder, file as string), "not bytecode");
    const again = envelope(await exo(repo, "status", "--format", "json", { env }));
    expect(again.ok).toBe(true);
    expect(again.data).toEqual(first.data);
    expect((await readFile(join(folder, file as string))).toString("latin1")).not.toBe("not bytecode");
  });

  it("is not written with EXO_NO_COMPILE_CACHE=1, nor into a folder others can write, nor inside a repository", async () => {
    const repo = await initRepo();
    const off = await tempDir();
    expect((await exo(repo, "status", { env: { XDG_CACHE_HOME: off, EXO_NO_COMPILE_CACHE: "1" } })).code).toBe(0);
    expect(await v8Files(join(off, "exoprotocol", "v8"))).toEqual([]);
    const shared = await tempDir();
    await mkdir(join(shared, "exoprotocol", "v8"), { recursive: true });
    await chmod(join(shared, "exoprotocol", "v8"), 0o777);
    expect((await exo(repo, "status", { env: { XDG_CACHE_HOME: shared } })).code).toBe(0);
    expect(await v8Files(join(shared, "exoprotocol", "v8"))).toEqual([]);
    // A cache folder inside a git work tree (HOME is a repository): no untracked folder left there.
    expect((await exo(repo, "status", { env: { HOME: repo } })).code).toBe(0);
    expect(await v8Files(join(repo, ".cache", "exoprotocol", "v8"))).toEqual([]);
  });
});
