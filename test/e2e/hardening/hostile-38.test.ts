// Round 38 of hostile state and races: an exo commit that met another exo process's write, and
// more (see docs/hardening.md). Each case failed before its fix.
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { expect, test } from "vitest";
import { bounded, envelope, EXO_BIN, git, tempDir } from "../../helpers/repo.js";
import { repoWithTicket } from "../../helpers/tickets.js";

function realGit(): string {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    const file = join(dir, "git");
    if (dir && existsSync(file) && statSync(file).isFile()) return file;
  }
  throw new Error("git not found on PATH");
}

test("another exo process appends to the ledger segment while a finish commits it (a second agent in the checkout, a doctor --fix): git's commit of named paths reads the file twice and can leave the index with the older bytes, a staged removal of a committed record; the finish now sets the index to its commit, so the person's git commit keeps every record (before: git diff --cached showed the record removed, and the next git commit removed it for the team)", async () => {
  const repo = await repoWithTicket();
  const bin = await tempDir();
  const mark = join(bin, "race");
  // A git that stands in for the timing of the race (found with exo doctor --fix beside a finish,
  // about one run in six): at exo's commit a second exo appends its record, and the index keeps
  // the entries `git add` staged before it, as git's first read left them when the append fell
  // between its two reads. Every other call is git itself.
  writeFileSync(join(bin, "git"), [
    "#!/bin/sh",
    `real='${realGit()}'`,
    `if [ -f '${mark}' ] && printf '%s\\n' "$@" | grep -qx -- '--no-verify'; then`,
    `  rm -f '${mark}'`,
    "  staged=$(\"$real\" ls-files -s -- $(printf '%s\\n' \"$@\" | sed -n '/^--$/,$p' | tail -n +2))",
    `  '${process.execPath}' '${EXO_BIN}' ticket-create race --id T9 --actor agent:b >/dev/null 2>&1`,
    '  "$real" "$@"; code=$?',
    "  printf '%s\\n' \"$staged\" | \"$real\" update-index --index-info",
    "  exit $code",
    "fi",
    'exec "$real" "$@"',
    "",
  ].join("\n"));
  chmodSync(join(bin, "git"), 0o755);
  const env = { PATH: `${bin}${delimiter}${process.env["PATH"] ?? ""}` };
  expect(envelope(await bounded(repo, ["session-start", "--ticket-id", "T1", "--actor", "agent:a"], 15_000)).ok).toBe(true);
  mkdirSync(join(repo, "src"), { recursive: true });
  writeFileSync(join(repo, "src/a.ts"), "export const a = 1;\n");
  writeFileSync(mark, "");
  const finish = await bounded(repo, ["session-finish", "--summary", "done", "--actor", "agent:a"], 30_000, env);
  expect(envelope(finish).ok, finish.stdout).toBe(true);
  expect(existsSync(mark), "the race ran").toBe(false);
  const segment = git(repo, "ls-files", "--", ".exo/ledger").trim();
  expect(git(repo, "show", `HEAD:${segment}`)).toContain('"type":"ticket.created"');
  expect(git(repo, "diff", "--cached", "--name-only")).toBe("");
  // The person commits their work as finish's commit line says: every committed record stays.
  const committed = git(repo, "show", `HEAD:${segment}`);
  git(repo, "add", "--", "src/a.ts");
  git(repo, "commit", "-qm", "my work", "--no-verify");
  expect(git(repo, "show", `HEAD:${segment}`)).toBe(committed);
  expect(envelope(await bounded(repo, ["ledger-verify"], 20_000)).data.valid).toBe(true);
}, 120_000);
