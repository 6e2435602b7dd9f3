// A V8 code cache for exo's CommonJS bundles: the CLI (main.cjs) and the hook bundles
// (hook-*.cjs). Node 20 has no module compile cache (module.enableCompileCache arrived in Node 22),
// so every `exo` call would compile ~1.3 MB of JavaScript from scratch, and every hook call its
// bundle. A bundle runs through vm.Script with the bytecode V8 produced on an earlier call; V8
// checks the bytes against its version and flags and recompiles what it rejects.
//
// The caches live in the user's own cache folder (never a shared temp folder: cached bytecode is
// code), one per command (or hook event), named by the bundle's size, mtime and inode plus the Node
// version and architecture, so a rebuilt or reinstalled exo never meets an old cache. A cache is
// written after the command's first run (temp file + rename), so it holds the functions that
// command needs, and rewritten when V8 rejects it. A command takes different ways through its
// code (a hook's file write or shell command, allowed or denied): each run names its way (a tag),
// and the first run of a way the cache has not seen rewrites it with what it compiled on top of
// what it loaded, so after a few calls every way runs from cached bytecode (at most MAX_TAGS
// rewrites). The tags ride in a one-line header before V8's bytes. EXO_NO_COMPILE_CACHE=1 turns
// it off.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { isAscii } from "node:buffer";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import vm from "node:vm";
import { fnvHex } from "../kernel/fnv.js";
import { openQuietSync } from "./open-quiet.js";

interface Loaded<T> {
  exports: T;
  /**
   * Write the cache after the run when it was missing or rejected, or when `tag` names a way
   * through the code the cache has not seen yet (never throws).
   */
  save: (tag?: string) => void;
}

/** The ways (tags) one cache grows to cover; beyond them a cache stays as it is. */
const MAX_TAGS = 12;
/** A cache file: `HEADER tag,tag\n` then V8's bytes. */
const HEADER = "exo-v8 ";

/** The tags and V8's bytes of a cache file, or null when it is not one (an older format, garbage). */
export function readCacheFile(bytes: Buffer): { tags: string[]; data: Buffer } | null {
  if (bytes.toString("latin1", 0, HEADER.length) !== HEADER) return null;
  const end = bytes.indexOf(10, HEADER.length);
  if (end < 0 || end > 1024) return null;
  const line = bytes.toString("latin1", HEADER.length, end);
  return { tags: line === "" ? [] : line.split(","), data: bytes.subarray(end + 1) };
}

/** A tag safe in the header: letters, digits, `_`, `.`, `:` and `-`, else none. */
function cleanTag(tag: string | undefined): string {
  return tag !== undefined && /^[A-Za-z0-9_.:-]{1,40}$/.test(tag) ? tag : "";
}

/**
 * The folder of code caches, or null when there is no safe, private one. Never inside a git work
 * tree (a HOME that is a repository, as in some CI and test setups): exo would leave an untracked
 * folder in someone's repository.
 */
export function cacheFolder(env: NodeJS.ProcessEnv): string | null {
  if (env["EXO_NO_COMPILE_CACHE"] === "1") return null;
  const base = env["XDG_CACHE_HOME"]?.startsWith("/") ? env["XDG_CACHE_HOME"] : env["HOME"]?.startsWith("/") ? join(env["HOME"], ".cache") : null;
  if (!base) return null;
  for (let dir = base; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return null;
    if (dirname(dir) === dir) break;
  }
  return join(base, "exoprotocol", "v8");
}

/** How many other installs of a bundle keep their caches beside the running one's. */
const OTHER_INSTALLS = 3;

/** The install a bundle belongs to, as 8 hex digits of its folder's path (FNV-1a; no crypto load). */
function installTag(dir: string): string {
  return fnvHex(dir, 8);
}

/** A cache key safe as part of a file name: the command (or hook event) itself, else "other". */
export function cacheKey(key: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(key) ? key : "other";
}

/**
 * The function a bundle's code runs in, as Node wraps a CommonJS module. The build writes the
 * bundles run here already wrapped (scripts/build.mjs, WRAPPED), so V8 compiles the string as it
 * was read: wrapping it here made a second copy of the whole source (a megabyte for the CLI), and
 * on a machine whose page faults are dear, memory touched is time.
 */
export const BUNDLE_HEAD = "(function (exports, require, module, __filename, __dirname) {";

/** Read up to `length` bytes of `fd` into the start of `buffer`; the count read. */
function readInto(fd: number, buffer: Buffer, length: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, got, length - got, got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** A cache file larger than this is not one exo wrote (the CLI's largest is about a megabyte). */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Run a CommonJS bundle, with V8's cached bytecode for it when a current cache exists. `key` names
 * the command (or hook event) about to run: each has its own cache, holding the functions that
 * command compiled, so a call deserialises only what it needs (one cache for every command grew
 * past the bundle's own size and cost more to load than it saved).
 */
export function loadBundle<T>(file: string, env: NodeJS.ProcessEnv, key: string): Loaded<T> {
  const folder = cacheFolder(env);
  const useVm = typeof vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER === "symbol";
  const base = file.replace(/^.*\//, "");
  // Cache files of this install's builds start with `install`.
  const install = `${base}-${installTag(dirname(file))}-`;
  let build: string | null = null;
  let cacheFile: string | null = null;
  let cached: Buffer | undefined;
  let tags: string[] = [];
  let source: string;
  const fd = openSync(file, "r");
  try {
    const st = fstatSync(fd);
    let cacheFd: number | null = null;
    let cacheSize = 0;
    if (folder && useVm) {
      try {
        build = `${install}${st.size}-${Math.trunc(st.mtimeMs)}-${st.ino}-${process.version}-${process.arch}`;
        cacheFile = join(folder, `${build}.${cacheKey(key)}.v8`);
        const dir = statSync(folder);
        // Only a folder this user owns and nobody else can write.
        if (typeof process.getuid === "function" && (dir.uid !== process.getuid() || (dir.mode & 0o022) !== 0)) cacheFile = null;
        else {
          // Non-blocking: a pipe put at the cache's name must not hang the command.
          const opened = openQuietSync(cacheFile);
          cacheFd = opened?.fd ?? null;
          cacheSize = opened && opened.info.isFile() && opened.info.size <= MAX_CACHE_BYTES ? opened.info.size : 0;
        }
      } catch {
        cacheSize = 0;
      }
    }
    // One buffer serves both reads: the bundle's bytes are copied into a string before the cache
    // is read over them, so the process touches that memory once.
    const buffer = Buffer.allocUnsafeSlow(Math.max(st.size, cacheSize));
    const length = readInto(fd, buffer, st.size);
    const bytes = buffer.subarray(0, length);
    // The bundles are ASCII (esbuild escapes the rest; the build checks): decoded as latin1, the
    // same string comes several times faster than through UTF-8 decoding. Anything else decodes
    // as UTF-8.
    source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
    if (cacheFd !== null) {
      try {
        if (cacheSize > 0) {
          const found = readCacheFile(buffer.subarray(0, readInto(cacheFd, buffer, cacheSize)));
          if (found) ({ tags, data: cached } = found);
        }
      } catch {
        cached = undefined;
      } finally {
        closeSync(cacheFd);
      }
    }
  } finally {
    closeSync(fd);
  }
  const code = source.startsWith(BUNDLE_HEAD) ? source : `${BUNDLE_HEAD}${source}\n})`;
  const module = { exports: {} as T };
  const require = createRequire(file);
  const run = (script: vm.Script) => (script.runInThisContext() as (e: unknown, r: NodeRequire, m: unknown, f: string, d: string) => void)(module.exports, require, module, file, dirname(file));
  if (!useVm) {
    // Older Node 20 releases: no loader for a dynamic import() from a vm script (the bundles run
    // none: the build checks) and no cache.
    run(new vm.Script(code, { filename: file }));
    return { exports: module.exports, save: () => undefined };
  }
  const script = new vm.Script(code, {
    filename: file,
    cachedData: cached,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  run(script);
  const save = (tag?: string) => {
    if (!folder || !cacheFile || !build) return;
    const way = cleanTag(tag);
    const fresh = !cached || script.cachedDataRejected;
    // A current cache is rewritten only for a way it has not covered: V8's new bytes hold what
    // this run loaded from the cache and what it compiled besides.
    if (!fresh && (way === "" || tags.includes(way) || tags.length >= MAX_TAGS)) return;
    const covered = fresh ? (way ? [way] : []) : [...tags, way];
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const temp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temp, Buffer.concat([Buffer.from(`${HEADER}${covered.join(",")}\n`, "latin1"), script.createCachedData()]));
      renameSync(temp, cacheFile);
      if (!fresh) return;
      // A new cache of this build: drop the caches of this install's earlier builds, and those of
      // other installs (npx folders, old global prefixes, copies in temporary folders) made over a
      // month ago or beyond the OTHER_INSTALLS most recently written. Installs in use (a global exo
      // and a project's own) keep their caches instead of replacing each other's, and the folder
      // stays bounded (each install's caches take tens of megabytes).
      const month = Date.now() - 30 * 24 * 3600 * 1000;
      const others = new Map<string, { files: string[]; newest: number }>();
      for (const f of readdirSync(folder)) {
        if (!f.startsWith(`${base}-`) || f.startsWith(`${build}.`)) continue;
        if (f.startsWith(install)) {
          rmSync(join(folder, f), { force: true });
          continue;
        }
        const mtime = statSync(join(folder, f), { throwIfNoEntry: false })?.mtimeMs ?? 0;
        if (mtime < month) {
          rmSync(join(folder, f), { force: true });
          continue;
        }
        const tag = f.slice(base.length + 1, base.length + 9);
        const group = others.get(tag) ?? { files: [], newest: 0 };
        group.files.push(f);
        group.newest = Math.max(group.newest, mtime);
        others.set(tag, group);
      }
      const byAge = [...others.values()].sort((a, b) => b.newest - a.newest);
      for (const group of byAge.slice(OTHER_INSTALLS)) for (const f of group.files) rmSync(join(folder, f), { force: true });
    } catch {
      // only a cache
    }
  };
  return { exports: module.exports, save };
}
