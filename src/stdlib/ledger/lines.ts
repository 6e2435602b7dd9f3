// Reading a segment line by line, whole or one byte range of it (ledger verify splits long
// segments into ranges that run side by side: ./chunks.ts).
import { isAscii } from "node:buffer";
import { closeSync, openSync, readSync } from "node:fs";

// Segments are read through one reused buffer, a megabyte at a time, and each line is decoded on
// its own. Reading a whole segment and decoding it at once made fresh memory for both copies, and
// on a virtual machine the page faults cost as much as the parsing and hashing together.
let lineBuffer: Buffer | null = null;

// Buffer's own decoders, when this Node has them (it has for years, undocumented): `toString`
// checks its arguments and looks the encoding up on every call, a tenth of verify's time.
type Slicer = (this: Buffer, start: number, end: number) => string;
const own = Buffer.prototype as unknown as { latin1Slice?: Slicer; utf8Slice?: Slicer };
const latin1Slice: Slicer = typeof own.latin1Slice === "function" ? own.latin1Slice : function (start, end) { return this.toString("latin1", start, end); };
const utf8Slice: Slicer = typeof own.utf8Slice === "function" ? own.utf8Slice : function (start, end) { return this.toString("utf8", start, end); };

/**
 * Calls `each` with every line of a segment, in order, without its newline. Blank lines are lines;
 * a last line without a newline is a line. Returns the number of lines. Throws when the file
 * cannot be opened. Not reentrant: `each` must not read another segment.
 */
export function eachLine(path: string, each: (line: string, index: number) => void): number {
  return eachLineIn(path, 0, Infinity, each);
}

/**
 * Like eachLine, for the lines that begin at a byte in [from, to): the ranges of a partition of a
 * file (0 = a₀ < a₁ < … < Infinity) give every line once, each whole, in order. A line that begins
 * in the range is read to its end, past `to` if need be.
 */
export function eachLineIn(path: string, from: number, to: number, each: (line: string, index: number) => void): number {
  const fd = openSync(path, "r");
  try {
    let buf = (lineBuffer ??= Buffer.allocUnsafe(1 << 20));
    let at = from; // file offset of buf[0]
    let filled = 0;
    let count = 0;
    // A range that begins inside a line leaves that line to the range before it.
    let skip = false;
    if (from > 0) {
      const got = readSync(fd, buf, 0, 1, from - 1);
      skip = got === 1 && buf[0] !== 10;
    }
    for (;;) {
      if (filled === buf.length) {
        // One line longer than the buffer: grow it, keeping what was read.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = lineBuffer = bigger;
      }
      const got = readSync(fd, buf, filled, buf.length - filled, at + filled);
      const end = filled + got;
      if (got === 0) {
        if (end > 0 && !skip && at < to) each(buf.toString("utf8", 0, end), count++);
        return count;
      }
      // A newline byte is never inside a UTF-8 sequence, so whole lines decode on their own;
      // pure ASCII (the usual case) decodes as latin1, the same string made without UTF-8 decoding.
      const view = buf.subarray(0, end);
      const slice = isAscii(view) ? latin1Slice : utf8Slice;
      let pos = 0;
      for (let nl = view.indexOf(10); nl >= 0; nl = view.indexOf(10, pos)) {
        if (skip) skip = false;
        else if (at + pos >= to) return count;
        else each(slice.call(view, pos, nl), count++);
        pos = nl + 1;
      }
      if (at + pos >= to) return count;
      if (skip) {
        // Still inside the line the range began in: drop what was read of it.
        at += end;
        filled = 0;
        continue;
      }
      buf.copy(buf, 0, pos, end);
      at += pos;
      filled = end - pos;
    }
  } finally {
    closeSync(fd);
  }
}
