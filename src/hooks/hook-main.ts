// The hook entry (`dist/hook.mjs`, SPEC §8.1): `node .exo/bin/exo-hook.mjs <harness> <event>`
// imports this file and calls runHook. It is small on purpose: it reads the payload, loads the one
// bundle the event needs (routes.ts) and prints that bundle's answer. The bundles are CommonJS run
// through the V8 code cache (io/compile-cache.ts), as the CLI is, so a hook call neither compiles
// its code again nor goes through the ES module loader for it:
//   hook-gate.cjs       gating events (PreToolUse, …): kernel + light io, compiled JSON only;
//   hook-git.cjs        git hooks and after-edit events (PostToolUse's backstop, afterFileEdit);
//   hook-lifecycle.cjs  session start/end, stop, config changes, compaction, worktrees.
// Claude and Codex block only on a deny JSON (exit 0) or exit 2 and treat exit 1 as allow, so
// every gating path ends in an explicit answer and never exits 1.
import { closeSync, constants, fstatSync, openSync, read, readFileSync, realpathSync, writeSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadBundle } from "../io/compile-cache.js";
import { writeAllSync } from "../io/stdio.js";
import { bundleFor, type HookBundle } from "./routes.js";
import { STAGED_ON_STDIN_ENV } from "../stdlib/hooks/git-hook-body.js";
import type { HookAnswer, HookIO } from "./hook-entry.js";

/** What every hook bundle exports: its answer to an event, and work to do once it is printed. */
interface Bundle {
  handle: (harness: string, event: string, io: HookIO) => Promise<HookAnswer>;
  afterAnswer?: () => void;
  /** The way this call took through the bundle's code, which its code cache grows to cover. */
  cacheTag?: () => string;
}

const FILES: Record<HookBundle, string> = { gate: "hook-gate.cjs", light: "hook-git.cjs", lifecycle: "hook-lifecycle.cjs" };

const loaded = new Map<HookBundle, { exports: Bundle; save: (tag?: string) => void }>();

/** A bundle, loaded once per process (a hook process answers one event; tests call gate() many times). */
function load(bundle: HookBundle, harness: string, event: string): { exports: Bundle; save: (tag?: string) => void } {
  let entry = loaded.get(bundle);
  if (!entry) {
    entry = loadBundle<Bundle>(fileURLToPath(new URL(`./${FILES[bundle]}`, import.meta.url)), process.env, `${harness}-${event}`);
    loaded.set(bundle, entry);
  }
  return entry;
}

/** Decide one gating event (the write-channel tests call this directly). */
export async function gate(harness: string, event: string, io: HookIO): Promise<HookAnswer> {
  return await load("gate", harness, event).exports.handle(harness, event, io);
}

/**
 * Read stdin until EOF, or until a complete JSON value has been parsed and 50 ms passed without
 * more bytes (some harnesses keep stdin open), at most 2 s (SPEC §8.1). Then stdin is destroyed
 * so an open pipe never keeps the process alive.
 */
export function readStdin(stream: NodeJS.ReadStream = process.stdin, quietMs = 50, capMs = 2000): Promise<string> {
  return new Promise((resolvePromise) => {
    const chunks: string[] = [];
    let settle: NodeJS.Timeout | null = null;
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      if (settle) clearTimeout(settle);
      clearTimeout(cap);
      stream.removeAllListeners("data");
      stream.removeAllListeners("end");
      stream.on("error", () => undefined);
      stream.destroy();
      resolvePromise(chunks.join(""));
    };
    const cap = setTimeout(done, capMs);
    if (stream.isTTY) return done();
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      chunks.push(chunk);
      if (settle) clearTimeout(settle);
      settle = null;
      // Only a chunk ending in } or ] can complete a JSON value: parse then, keeping reads linear.
      if (!/[}\]]\s*$/.test(chunk)) return;
      try {
        JSON.parse(chunks.join(""));
        settle = setTimeout(done, quietMs);
      } catch {
        settle = null;
      }
    });
    stream.on("end", done);
    stream.on("error", done);
  });
}

/**
 * The payload on stdin: to EOF or to the end of a complete JSON value (a harness may keep stdin
 * open), at most 2 s (SPEC §8.1). Read with fs.read on fd 0 rather than process.stdin, whose stream
 * modules cost several milliseconds to load on every hook call. A read waits in libuv's thread
 * pool and cannot be cancelled, so none is started once the value is complete; at the cap, a read
 * still waiting on a pipe is woken by a byte written into that pipe, so the process can end (on a
 * socket it ends when the harness closes stdin or stops the hook: a harness that sends no payload
 * at all). A terminal is not read; a non-blocking stdin (EAGAIN) is read as a stream.
 */
export function readPayload(capMs = 2000): Promise<string> {
  try {
    if (fstatSync(0).isCharacterDevice()) return Promise.resolve("");
  } catch {
    return Promise.resolve(""); // no stdin at all
  }
  return new Promise((resolvePromise) => {
    const chunks: Buffer[] = [];
    let finished = false;
    let waiting = false;
    const done = (value?: string | Promise<string>) => {
      if (finished) return;
      finished = true;
      clearTimeout(cap);
      resolvePromise(value ?? Buffer.concat(chunks).toString("utf8"));
    };
    const cap = setTimeout(() => {
      done();
      if (waiting) wakePipeReader();
    }, capMs);
    const buffer = Buffer.allocUnsafe(64 * 1024);
    const next = () => {
      waiting = true;
      read(0, buffer, 0, buffer.length, null, (error, n) => {
        waiting = false;
        if (finished) return;
        if (error) {
          // A non-blocking stdin cannot be read in the pool: read it as a stream instead.
          if (error.code === "EAGAIN" && chunks.length === 0) {
            clearTimeout(cap);
            return done(readStdin(process.stdin, 50, capMs));
          }
          return done();
        }
        if (n === 0) return done();
        chunks.push(Buffer.from(buffer.subarray(0, n)));
        // Only bytes ending in } or ] (then blanks) can complete a JSON value: parse then.
        const tail = buffer.toString("latin1", Math.max(0, n - 64), n).trimEnd();
        if (tail.endsWith("}") || tail.endsWith("]")) {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            JSON.parse(text);
            return done(text);
          } catch {
            // not complete yet
          }
        }
        next();
      });
    };
    next();
  });
}

/** Wake this process's own read of a pipe on fd 0 (a byte into the pipe); sockets cannot be. */
function wakePipeReader(): void {
  try {
    const fd = openSync("/proc/self/fd/0", constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      writeSync(fd, "\n");
    } finally {
      closeSync(fd);
    }
  } catch {
    // a socket (ENXIO) or no /proc: the read ends when the harness closes stdin
  }
}

/** `<repo>` when this process runs `<repo>/.exo/bin/exo-hook.mjs`. */
function launcherRepo(): string | null {
  const script = process.argv[1] ?? "";
  const m = /^(.*)\/\.exo\/bin\/exo-hook\.mjs$/.exec(script);
  if (!m) return null;
  try {
    return realpathSync(m[1] as string);
  } catch {
    return m[1] as string;
  }
}

/**
 * The staged list from exo's pre-commit pipeline. The pipeline ends, so it is read in one
 * synchronous read, without the stream modules `process.stdin` loads. A stdin that cannot be read
 * so (a non-blocking one) is read as a stream; a list cut short lacks its end mark, and the
 * bundle then asks git itself.
 */
async function readStagedList(): Promise<string> {
  try {
    return readFileSync(0, "utf8");
  } catch {
    return await readStdin(process.stdin, 50, 30_000);
  }
}

/** Entry used by the launcher: `runHook(harness, event)` sets the exit code and prints. */
export async function runHook(harness: string, event: string): Promise<void> {
  // git hooks read nothing from stdin, but exo's pre-commit script pipes the staged list in (NUL
  // separated, never JSON, so it is read to its end; a list cut by the cap lacks its end mark).
  const staged = harness === "git" && event === "pre-commit" && process.env[STAGED_ON_STDIN_ENV] === "1";
  // The bundle is loaded before the input is read: the harness or git writes it meanwhile.
  const bundle = load(bundleFor(harness, event), harness, event);
  const stdin = harness !== "git" ? await readPayload() : staged ? await readStagedList() : "";
  const io: HookIO = { stdin, env: process.env, cwd: process.cwd(), launcherRepo: launcherRepo() };
  const answer = await bundle.exports.handle(harness, event, io);
  // Written with write(2), not process.stdout (whose stream costs a few ms to build). A closed
  // stdout (EPIPE): the answer did not arrive, so block (SPEC §8.3); a closed stderr changes nothing.
  if (answer.stderr) writeAllSync(2, answer.stderr);
  if (answer.stdout && !writeAllSync(1, `${answer.stdout}\n`)) {
    writeAllSync(2, "exo: could not write the hook answer\n");
    process.exitCode = 2;
    return;
  }
  process.exitCode = answer.exitCode;
  bundle.exports.afterAnswer?.();
  bundle.save(bundle.exports.cacheTag?.());
}
