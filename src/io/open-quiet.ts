// Opening a file that may be anything (a pipe, a device, a folder, a link), without hanging on it.
// Plain node:fs only: the hook's loader (io/compile-cache.ts) and the state readers share it.
import { closeSync, constants, fstatSync, openSync, type Stats } from "node:fs";

/**
 * Open `file` for reading without blocking (O_NONBLOCK; with `follow: false` also O_NOFOLLOW) and
 * fstat what was opened, so one open serves the check and the read: a stat and then an open by
 * name still hangs when a pipe is swapped in between, for the open of a pipe waits for a writer.
 * Null when it is missing or cannot be opened as such (a symlink with `follow: false`, a path
 * through a file); other errors are thrown. The caller closes `fd`.
 */
export function openQuietSync(file: string, opts: { follow?: boolean } = {}): { fd: number; info: Stats } | null {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | (opts.follow === false ? (constants.O_NOFOLLOW ?? 0) : 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP") return null;
    throw error;
  }
  try {
    return { fd, info: fstatSync(fd) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** An entry's file type, as `Stats` and `Dirent` both tell it. */
interface FileKind {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

/**
 * What the entry is, in words, when it is a pipe, socket or device (git adds none of them, and an
 * open of a pipe waits for a writer); null for a file, folder or link.
 */
export function specialKind(e: FileKind): "a named pipe" | "a socket" | "a device" | null {
  if (e.isFIFO()) return "a named pipe";
  if (e.isSocket()) return "a socket";
  return e.isCharacterDevice() || e.isBlockDevice() ? "a device" : null;
}
