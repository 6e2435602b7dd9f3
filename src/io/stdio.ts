// Output to the standard streams without process.stdout / process.stderr. Those getters build a
// stream on first use: for a pipe (how agents and harnesses run exo) a net.Socket, which loads
// net and the stream modules, for a file or /dev/null a SyncWriteStream over the stream modules:
// 4–8 ms, more than most commands' own work. Node writes to files, pipes and terminals
// synchronously on Linux anyway; a write here is the same write(2), looped over partial writes.
import { fstatSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import type * as Tty from "node:tty";

const closed = new Set<number>();
let pause: Int32Array | undefined;

/**
 * Write all of `text` to `fd`. A descriptor left non-blocking by the parent (EAGAIN) is waited on
 * a millisecond at a time, as a blocking write would wait. Returns false when the reader is gone
 * (EPIPE) or the descriptor is unusable; later writes to it are then skipped.
 */
export function writeAllSync(fd: number, text: string): boolean {
  if (closed.has(fd)) return false;
  const bytes = Buffer.from(text, "utf8");
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EAGAIN") {
        Atomics.wait((pause ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 1);
        continue;
      }
      closed.add(fd);
      return false;
    }
  }
  return true;
}

/**
 * Whether `fd` is a terminal, without loading node:tty (which loads net): only a character
 * device can be one, and on Linux the memory devices (major 1: /dev/null, /dev/zero) are not.
 */
export function isTerminal(fd: number): boolean {
  let rdev: number;
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    rdev = st.rdev;
  } catch {
    return false;
  }
  if (process.platform === "linux" && ((rdev >> 8) & 0xfff) === 1) return false;
  const tty = createRequire(import.meta.url)("node:tty") as typeof Tty;
  return tty.isatty(fd);
}
