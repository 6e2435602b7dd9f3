// Black-box checks from the round-30 audit: the SPEC sections the earlier rounds covered least:
// §4 (ids, §4.5.3's transitions and refusals, the ledger records of §4.11 as each command writes
// them), §5 (global flags, envelopes, exit codes), §7.13–§7.15 (suspend, resume, handoff,
// liveness, changed files and drift on renames, deletions, binary files and symlinks), §7.17
// ledger views, §7.19 pr-check, §7.23 gc, §7.24 guards, §7.25–§7.28, §8.4–§8.12, §9 and
// Appendix A. Each test fails on the behaviour before its fix.
import { symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { envelope, exo, initRepo, tempDir } from "../../helpers/repo.js";

const AGENT = { env: { EXO_ACTOR: "agent:a" } };

test("§7.15 step 4 counts an untracked symlink's lines as git does (its target's path, one line), not the lines of the file it points to outside the repository (before: 5 lines of a file elsewhere)", async () => {
  const repo = await initRepo();
  const elsewhere = await tempDir();
  await writeFile(join(elsewhere, "notes.txt"), "1\n2\n3\n4\n5\n");
  envelope(await exo(repo, "ticket-create", "link", "--id", "T1"));
  envelope(await exo(repo, "session-start", "--ticket-id", "T1", AGENT));
  await symlink(join(elsewhere, "notes.txt"), join(repo, "link.txt"));
  const fin = envelope(await exo(repo, "session-finish", "--summary", "a link", AGENT));
  expect(fin.data.changed_files).toEqual([{ path: "link.txt", status: "added", added: 1, removed: 0 }]);
});
