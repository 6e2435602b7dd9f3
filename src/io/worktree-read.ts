// Reading files of the work tree that exo does not own (an agent's, a pull's) for counting and
// scanning. Apart from io/read.ts, which the hook bundles load: this one needs fs/promises.
import { constants } from "node:fs";
import { lstat, open, readlink } from "node:fs/promises";

/**
 * The bytes of a text file someone else may have put in the work tree (an agent's, a pull's), or
 * null when it is gone, not a regular file, over `maxBytes` or binary (a NUL in its first 8 KiB).
 * Opened without blocking: a symlink to a pipe made a plain open wait for a writer for ever
 * (session-finish, drift, exo trace hung), and a device is never read. A symlink is read as git
 * stores it, its target's path (one line): following it counted, and scanned, a file wherever it
 * points, outside the repository too (SPEC §7.15 step 4 counts lines as git does).
 */
export async function readWorkTreeText(file: string, maxBytes: number): Promise<Buffer | null> {
  let handle;
  try {
    if ((await lstat(file)).isSymbolicLink()) {
      const target = Buffer.from(await readlink(file));
      return target.length > maxBytes || target.includes(0) ? null : target;
    }
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > maxBytes) return null;
    const buf = Buffer.alloc(info.size);
    await handle.read(buf, 0, info.size, 0);
    return buf.subarray(0, 8192).includes(0) ? null : buf;
  } finally {
    await handle.close();
  }
}
