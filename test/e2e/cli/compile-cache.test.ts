// The CLI's V8 code caches (src/io/compile-cache.ts, one per command): made in the user's cache folder, used when
// current, rewritten when rejected, never read from a folder others can write, off on request.
import { execFileSync } from "node:child_process";
import { chmod, cp, mkdir, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIST, envelope, exo, initRepo, tempDir } from "../../helpers/repo.js";

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
    expect(file).toMatch(/^main\.cjs-[0-9a-f]{8}-\d+-\d+-\d+-v\d+\.\d+\.\d+-[a-z0-9]+\.status\.v8$/);
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

  it("grows to cover each output format a command succeeds in, never an error's path", async () => {
    const repo = await initRepo();
    const cache = await tempDir();
    const env = { XDG_CACHE_HOME: cache };
    const folder = join(cache, "exoprotocol", "v8");
    const header = async (command: string) => {
      const [file] = (await v8Files(folder)).filter((f) => f.endsWith(`.${command}.v8`));
      const bytes = await readFile(join(folder, file as string));
      return bytes.toString("latin1", 0, bytes.indexOf(10));
    };
    expect((await exo(repo, "status", { json: false, env })).code).toBe(0);
    expect(await header("status")).toBe("exo-v8 human-ok");
    expect(envelope(await exo(repo, "status", "--format", "json", { env })).ok).toBe(true);
    expect(await header("status")).toBe("exo-v8 human-ok,json-ok");
    // A failure (an unknown ticket) names no way: a first run still leaves a cache, a later one
    // leaves it as it was.
    expect(envelope(await exo(repo, "ticket-show", "NOPE-1", "--format", "json", { env })).ok).toBe(false);
    expect(await header("ticket-show")).toBe("exo-v8 ");
    expect(envelope(await exo(repo, "status", "--repo", join(repo, "missing"), "--format", "json", { env })).ok).toBe(false);
    expect(await header("status")).toBe("exo-v8 human-ok,json-ok");
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

  it("keeps each install's caches apart: a rebuild replaces its own, another install's stay until unused for a month", async () => {
    const repo = await initRepo();
    const cache = await tempDir();
    const folder = join(cache, "exoprotocol", "v8");
    const other = join(await tempDir(), "dist");
    await cp(DIST, other, { recursive: true });
    const status = (dist: string) => execFileSync(process.execPath, [join(dist, "cli", "bin.js"), "status", "--format", "json"], { cwd: repo, env: { PATH: process.env["PATH"] ?? "", HOME: cache, XDG_CACHE_HOME: cache }, encoding: "utf8" });
    const tag = (f: string) => f.split("-")[1];
    const statusCaches = async () => (await v8Files(folder)).filter((f) => f.endsWith(".status.v8"));
    status(DIST);
    const [own] = await statusCaches();
    status(other);
    const both = await statusCaches();
    expect(both).toHaveLength(2); // a global exo and a project's own no longer replace each other's cache
    expect(new Set(both.map(tag)).size).toBe(2);
    const theirs = both.find((f) => f !== own) as string;
    // The other install is rebuilt: its old cache goes, this install's stays.
    const later = new Date(Date.now() + 5000);
    await utimes(join(other, "cli", "main.cjs"), later, later);
    status(other);
    const after = await statusCaches();
    expect(after).toHaveLength(2);
    expect(after).toContain(own);
    expect(after).not.toContain(theirs);
    // A cache of another install unused for a month is dropped when a new one is written.
    const old = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    await utimes(join(folder, own as string), old, old);
    const latest = new Date(Date.now() + 10_000);
    await utimes(join(other, "cli", "main.cjs"), latest, latest);
    status(other);
    const last = await statusCaches();
    expect(last).toHaveLength(1);
    expect(tag(last[0] as string)).toBe(tag(theirs));
  });

  it("keeps the caches of at most three other installs: copies in temporary folders do not pile up", async () => {
    const repo = await initRepo();
    const cache = await tempDir();
    const folder = join(cache, "exoprotocol", "v8");
    const status = (dist: string) => execFileSync(process.execPath, [join(dist, "cli", "bin.js"), "status", "--format", "json"], { cwd: repo, env: { PATH: process.env["PATH"] ?? "", HOME: cache, XDG_CACHE_HOME: cache }, encoding: "utf8" });
    const tag = (f: string) => f.split("-")[1] as string;
    const tags = async () => new Set((await v8Files(folder)).map(tag));
    const installs: { dist: string; tag: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const dist = join(await tempDir(), "dist");
      await cp(DIST, dist, { recursive: true });
      const before = new Set(await v8Files(folder));
      status(dist);
      const added = (await v8Files(folder)).filter((f) => !before.has(f));
      expect(added).toHaveLength(1);
      // One install a minute: the later, the newer its caches.
      const stamp = new Date(Date.now() - (10 - i) * 60_000);
      await utimes(join(folder, added[0] as string), stamp, stamp);
      installs.push({ dist, tag: tag(added[0] as string) });
    }
    const [first, second, third, fourth, fifth] = installs as [typeof installs[0], typeof installs[0], typeof installs[0], typeof installs[0], typeof installs[0]];
    // The fifth install's cache and those of the three before it; the first install's is gone.
    expect(await tags()).toEqual(new Set([second.tag, third.tag, fourth.tag, fifth.tag]));
    // The first install runs again: its new cache pushes out the oldest of the others.
    status(first.dist);
    expect(await tags()).toEqual(new Set([first.tag, third.tag, fourth.tag, fifth.tag]));
  });
});
