// Ledger tail repair (issue #18, doctor --fix): a segment whose last line lacks its newline is
// either a complete record (the newline is added) or a torn write (the partial line is moved to
// .exo/cache/ledger/torn-* and cut off). Committed records are never touched.
import { appendFile, mkdir, readdir, readFile, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { withGuard } from "../../io/guard.js";
import type { Repo } from "../../io/paths.js";
import { isWriterId } from "../../kernel/ids.js";
import { checkLedgerLine } from "../../kernel/ledger.js";
import { assertNoStateLinks } from "../../io/state-links.js";
import { committedSegments, textArtifactOf } from "./read.js";
import { sourceForm } from "../../kernel/text.js";

export interface TailProblem {
  segment: string;
  kind: "missing_newline" | "torn_tail";
  bytes: number;
}

async function segments(repo: Repo): Promise<string[]> {
  try {
    const entries = await readdir(repo.ledgerDir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() && e.name.endsWith(".jsonl") && isWriterId(e.name.slice(0, -6))).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/** Segments whose last line has no newline, and whether that line is a whole record. */
export async function ledgerTailProblems(repo: Repo): Promise<TailProblem[]> {
  const out: TailProblem[] = [];
  for (const file of await segments(repo)) {
    const text = await readFile(join(repo.ledgerDir, file), "utf8");
    if (text === "" || text.endsWith("\n")) continue;
    const cut = text.lastIndexOf("\n");
    const last = text.slice(cut + 1);
    const seq = text.slice(0, cut + 1).split("\n").length;
    const previous = cut >= 0 ? text.slice(0, cut).split("\n").pop() ?? null : null;
    let prev: string | null = null;
    try {
      prev = previous ? ((JSON.parse(previous) as { hash?: string }).hash ?? null) : null;
    } catch {
      prev = null;
    }
    const whole = checkLedgerLine(last, { writer: file.slice(0, -6), seq, prev }).problem === null;
    out.push({ segment: file.slice(0, -6), kind: whole ? "missing_newline" : "torn_tail", bytes: Buffer.byteLength(last) });
  }
  return out;
}

/** Repair every tail problem under the segment's ledger guard; returns what was done. */
export async function repairLedgerTails(repo: Repo, host: string, at: Date, only?: ReadonlySet<string>): Promise<TailProblem[]> {
  const done: TailProblem[] = [];
  for (const p of await ledgerTailProblems(repo)) {
    if (only && !only.has(p.segment)) continue;
    await withGuard(repo.stateDir, `ledger-${p.segment}`, { host }, async () => {
      const file = repo.ledgerSegment(p.segment);
      const text = await readFile(file, "utf8");
      if (text === "" || text.endsWith("\n")) return;
      if (p.kind === "missing_newline") await appendFile(file, "\n");
      else {
        const keep = text.lastIndexOf("\n") + 1;
        const dir = join(repo.cacheDir, "ledger");
        assertNoStateLinks(join(dir, "torn.txt"));
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, `torn-${p.segment}-${at.getTime()}.txt`), text.slice(keep));
        await truncate(file, Buffer.byteLength(text.slice(0, keep)));
      }
      done.push(p);
    });
  }
  return done;
}

/**
 * doctor --fix: committed segments the work tree holds only the start of (emptied or zeroed by a
 * crash or a full disk, its torn tail already set aside): every line left is HEAD's, so git's copy
 * loses nothing the file still has, and puts the committed records back. Records written after
 * HEAD's went with the file; the next append finds its cached tail gone and opens a new segment
 * naming the record it continues from. Before, nothing repaired it: `git diff` was the hint.
 */
export async function restoreTruncatedSegments(repo: Repo, host: string, writers: readonly string[]): Promise<string[]> {
  const { governanceCheckout } = await import("../git/sidecar.js");
  const { gitRaw } = await import("../../io/git.js");
  const { base, rel } = governanceCheckout(repo);
  const done: string[] = [];
  for (const writer of writers) {
    const file = repo.ledgerSegment(writer);
    const path = rel(file);
    await withGuard(repo.stateDir, `ledger-${writer}`, { host }, async () => {
      const working = await readFile(file).catch(() => null);
      const committed = (await committedSegments(repo, [path], base)).get(path);
      // Re-read under the guard: an append since the verify is no truncation.
      if (!working || !committed || working.length >= committed.length || !committed.subarray(0, working.length).equals(working)) return;
      if (working.length > 0 && working[working.length - 1] !== 10) return;
      if ((await gitRaw(base, ["checkout", "HEAD", "--", path])).code === 0) done.push(writer);
    });
  }
  return done;
}

/**
 * Segments whose lines end in CR LF: git's end-of-line conversion (core.autocrlf on Windows, a
 * `text` attribute) rewrote them on checkout. exo's canonical JSON never holds a raw CR, so
 * dropping the CR before each LF gives back the bytes exo wrote (every hash verifies again).
 */
export async function crlfSegments(repo: Repo): Promise<string[]> {
  // (A byte order mark an editor put first is taken out the same way.)
  const out: string[] = [];
  for (const file of await segments(repo)) {
    const bytes = await readFile(join(repo.ledgerDir, file)).catch(() => null);
    if (bytes && textArtifactOf(bytes) !== null) out.push(file.slice(0, -6));
  }
  return out;
}

/** doctor --fix: drop a leading byte order mark and the CR of each CR LF in those segments, under each segment's ledger guard. */
export async function stripCarriageReturns(repo: Repo, host: string, writers: readonly string[]): Promise<string[]> {
  const done: string[] = [];
  for (const writer of writers) {
    await withGuard(repo.stateDir, `ledger-${writer}`, { host }, async () => {
      const file = repo.ledgerSegment(writer);
      const text = await readFile(file, "utf8");
      const plain = sourceForm(text);
      if (plain === text) return;
      const { writeFileAtomic } = await import("../../io/fs-atomic.js");
      await writeFileAtomic(file, plain);
      done.push(writer);
    });
  }
  return done;
}
