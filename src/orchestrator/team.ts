// exo merge-ticket: the git merge driver for .exo/tickets/*.yaml (see docs/architecture.md).
import { readFile } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import { basename, resolve } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { ioError, systemRefusal, writeFileAtomic } from "../io/fs-atomic.js";
import type { Context } from "../commands/context.js";
import { formatTicket, parseTicket } from "../stdlib/tickets/model.js";
import { mergeTickets } from "../stdlib/tickets/merge.js";
import type { Ticket } from "../stdlib/tickets/types.js";

function read(text: string, label: string): Ticket {
  const { value, issues } = parseTicket(text, label);
  if (!value) throw new ExoError(ErrorCode.TICKET_INVALID, `${label}: ${issues[0]?.message ?? "invalid ticket"}; resolve this merge by hand.`, { hint: "git mergetool", details: { issues } });
  return value;
}

export async function mergeTicket(ctx: Context, input: { base: string; ours: string; theirs: string; path?: string | undefined }) {
  let files = [input.base, input.ours, input.theirs].map((f) => resolve(ctx.cwd, f));
  if (ctx.harness === "mcp") {
    // Over MCP the sides (ours is rewritten) must be files of this repository.
    const { insideRepoFile } = await import("../io/report-target.js");
    const root = (await ctx.repo()).root;
    files = [input.base, input.ours, input.theirs].map((f) => insideRepoFile(root, ctx.cwd, f, "merge-ticket", "exo install  # git runs merge-ticket itself as the exo-ticket merge driver"));
  }
  // Only git's own temporary files (.merge_file_XXXXXX) are merged: nothing else is ever rewritten.
  for (const f of files) {
    if (!basename(f).startsWith(".merge_file_")) throw new ExoError(ErrorCode.INVALID_INPUT, `${basename(f)} is not a git merge temporary file; merge-ticket runs as the exo-ticket git merge driver.`, { hint: "exo install" });
  }
  const label = input.path ?? "ticket";
  // A side that is not UTF-8 (a Latin-1 editor) would be merged with its bytes turned into U+FFFD.
  // A side git's temporary file no longer is (removed by a temp cleaner, a folder, the driver run
  // by hand on a path that is gone): before, INTERNAL ("ENOENT: no such file or directory").
  const sides = await Promise.all(files.map((f, i) => readFile(f).catch((error: unknown) => {
    const errno = (error as NodeJS.ErrnoException).code;
    if (systemRefusal(errno)) throw ioError(`read ${basename(f)}`, error);
    throw new ExoError(ErrorCode.IO_ERROR, `${label} (${["base", "ours", "theirs"][i]}): git's temporary file ${basename(f)} cannot be read (${errno ?? "unreadable"}); merge-ticket merges the files git gives it as the exo-ticket merge driver: resolve this merge by hand.`, { hint: "git mergetool", details: { errno: errno ?? null, file: f } });
  })));
  sides.forEach((bytes, i) => {
    if (!isUtf8(bytes)) throw new ExoError(ErrorCode.TICKET_INVALID, `${label} (${["base", "ours", "theirs"][i]}): not UTF-8 text; save it as UTF-8, then resolve this merge by hand.`, { hint: "git mergetool", details: { issues: [{ code: "encoding_invalid", message: "not UTF-8 text" }] } });
  });
  const [baseText, oursText, theirsText] = sides.map((b) => b.toString("utf8"));
  const base = baseText?.trim() ? read(baseText, `${label} (base)`) : null;
  const ours = read(oursText ?? "", `${label} (ours)`);
  const theirs = read(theirsText ?? "", `${label} (theirs)`);
  if (ours.id !== theirs.id) throw new ExoError(ErrorCode.TICKET_INVALID, `${label}: both sides name different tickets (${ours.id}, ${theirs.id}); resolve this merge by hand.`);
  // Both sides added the file (no base) and it is not one ticket (another creation time or
  // creator): two clones each made a ticket with this custom id. Merged, the later one's fields
  // would win and the other ticket would vanish without a word; git keeps the conflict instead.
  if (!base && (ours.created_at !== theirs.created_at || ours.created_by !== theirs.created_by)) {
    const keep = `git checkout --ours -- ${label} && git add ${label}`;
    throw new ExoError(
      ErrorCode.TICKET_INVALID,
      `${label}: two clones each created a ticket ${ours.id} (ours: ${JSON.stringify(ours.title)} by ${ours.created_by} at ${ours.created_at}; theirs: ${JSON.stringify(theirs.title)} by ${theirs.created_by} at ${theirs.created_at}); keep one (${keep}) and create the other again under a new id with exo ticket-create (git show :3:${label} shows theirs).`,
      { hint: keep, details: { issues: [{ code: "id_taken_twice", message: `two tickets created as ${ours.id}` }], ours: { title: ours.title, created_at: ours.created_at, created_by: ours.created_by }, theirs: { title: theirs.title, created_at: theirs.created_at, created_by: theirs.created_by } } },
    );
  }
  const merged = mergeTickets(base, ours, theirs);
  const text = formatTicket(merged);
  await receiptForMerge(ctx, merged.id, text);
  await writeFileAtomic(files[1] as string, text);
  return { path: label, ticket: merged.id, status: merged.status, history: merged.history.length };
}

/**
 * The merged text is exo's write: its integrity receipt names it (io/integrity), as for any ticket
 * exo writes. Git puts the result in the work tree, where it stays uncommitted while the merge
 * waits on another file, and doctor's integrity section, or an exo write witnessing it first,
 * read it as changed outside exo (before). The receipt keeps the previous hash, so an aborted merge
 * (the file back to ours) is still named. Best effort: a merge never fails for its receipt.
 */
async function receiptForMerge(ctx: Context, id: string, text: string): Promise<void> {
  try {
    const repo = await ctx.repo();
    const { receiptTree, writeReceipt } = await import("../io/integrity.js");
    await writeReceipt(repo.stateDir, "tickets", id, text, receiptTree(repo, "tickets"));
  } catch {
    // no repository state here (a driver run by hand elsewhere): nothing to record
  }
}
