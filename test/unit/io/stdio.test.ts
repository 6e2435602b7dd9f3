// Output without process.stdout (src/io/stdio.ts): every byte arrives, a gone reader is reported
// instead of thrown, and /dev/null or a file is no terminal.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { isTerminal, writeAllSync } from "../../../src/io/stdio.js";

const dir = mkdtempSync(join(tmpdir(), "exo-stdio-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("writeAllSync writes every byte of a long text, multi-byte characters included", () => {
  const file = join(dir, "out.txt");
  const fd = openSync(file, "w");
  const text = "é→x\n".repeat(300_000);
  try {
    expect(writeAllSync(fd, text)).toBe(true);
  } finally {
    closeSync(fd);
  }
  expect(readFileSync(file, "utf8")).toBe(text);
});

test("writeAllSync reports an unusable descriptor and skips later writes to it", () => {
  const fd = openSync(join(dir, "ro.txt"), "w+");
  closeSync(fd);
  expect(writeAllSync(fd, "lost")).toBe(false);
  expect(writeAllSync(fd, "lost again")).toBe(false);
});

test("isTerminal: /dev/null and a file are not terminals", () => {
  const devNull = openSync("/dev/null", "w");
  const file = openSync(join(dir, "t.txt"), "w");
  try {
    expect(isTerminal(devNull)).toBe(false);
    expect(isTerminal(file)).toBe(false);
  } finally {
    closeSync(devNull);
    closeSync(file);
  }
});
