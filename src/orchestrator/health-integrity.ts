// doctor's "integrity" section (issue #18): ticket and ticket-lock files changed outside exo.
// exo writes a receipt (io/integrity) before each ticket or lock file it writes. A lock file
// (machine-local state only exo writes) whose hash no receipt names was edited by hand or by a
// process going around exo. A ticket file is judged only while it differs from what git has
// committed (uncommitted or untracked): a committed version came through git (a pull, a merge
// through exo's merge driver, a checkout) and is reviewed there. `--fix` adopts the current
// contents after they parse, with a ledger record naming each file, its hash and who adopted it.
// Changes an exo write came across (and so rewrote) stay reported from their ledger record
// (integrity.violation, written by stdlib/integrity/witness) until adopted.
import { existsSync, readdirSync } from "node:fs";
import { readTextOrNull, readRegularFileSync } from "../io/read.js";
import { plural } from "../kernel/plural.js";
import { basename, join } from "node:path";
import type { Context } from "../commands/context.js";
import { gitRaw } from "../io/git.js";
import { readReceipt, receiptTree, writeReceipt, type ReceiptKind } from "../io/integrity.js";
import { sha256 as sha256Of } from "../kernel/canon.js";
import type { Repo } from "../io/paths.js";
import { isTicketId } from "../kernel/ids.js";
import { onlyUnknownKeysAdded } from "../stdlib/integrity/witness.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import type { Section } from "./health.js";
import { shellLine } from "../kernel/quote.js";

export interface IntegrityFinding {
  kind: ReceiptKind;
  id: string;
  file: string;
  sha256: string;
  /**
   * changed: a receipt exists and names other contents; unrecorded: no receipt at all;
   * witnessed: an exo write found it changed (ledger integrity.violation) and nobody adopted it since.
   */
  problem: "changed" | "unrecorded" | "witnessed";
  seen_at?: string;
}

function namesIn(dir: string, ext: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith(ext) && isTicketId(n.slice(0, -ext.length)));
  } catch {
    return [];
  }
}

/** Ticket files git does not have as committed: modified, added or untracked. */
async function uncommittedTickets(repo: Repo): Promise<Set<string>> {
  // No tickets folder (deleted by hand): nothing to judge, and git cannot run in it.
  if (!existsSync(repo.ticketsDir)) return new Set();
  const r = await gitRaw(repo.ticketsDir, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "."]);
  const out = new Set<string>();
  if (r.code !== 0) return out;
  for (const entry of r.stdout.split("\0")) {
    if (entry.length > 3 && entry[0] !== "D" && entry[1] !== "D") out.add(basename(entry.slice(3)));
  }
  return out;
}

async function judge(repo: Repo, kind: ReceiptKind, dir: string, ext: string, only: Set<string> | null): Promise<IntegrityFinding[]> {
  const out: IntegrityFinding[] = [];
  for (const name of namesIn(dir, ext)) {
    if (only && !only.has(name)) continue;
    const id = name.slice(0, -ext.length);
    const file = join(dir, name);
    let bytes: Buffer;
    try {
      bytes = readRegularFileSync(file);
    } catch {
      continue;
    }
    const sha256 = sha256Of(bytes);
    const receipt = readReceipt(repo.stateDir, kind, id, receiptTree(repo, kind));
    if (receipt.includes(sha256)) continue;
    if (kind === "tickets" && (await onlyUnknownKeysAdded(repo, id, bytes, file))) continue;
    out.push({ kind, id, file: repo.relative(file), sha256, problem: receipt.length === 0 ? "unrecorded" : "changed" });
  }
  return out;
}

/** integrity.violation records with no integrity.adopted of the same file after them. */
async function witnessed(repo: Repo): Promise<IntegrityFinding[]> {
  const { readAllRecords } = await import("../stdlib/ledger/read.js");
  const open = new Map<string, IntegrityFinding>();
  const records = (await readAllRecords(repo)).filter((r) => r.type === "integrity.violation" || r.type === "integrity.adopted");
  records.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  for (const r of records) {
    const data = r.data as { file?: string; kind?: ReceiptKind; found?: string; files?: { file: string }[] };
    if (r.type === "integrity.adopted") {
      for (const f of data.files ?? []) open.delete(f.file);
    } else if (typeof data.file === "string" && r.ticket && (data.kind === "tickets" || data.kind === "locks")) {
      open.set(data.file, { kind: data.kind, id: r.ticket, file: data.file, sha256: data.found ?? "", problem: "witnessed", seen_at: r.ts });
    }
  }
  return [...open.values()];
}

export async function integrityFindings(repo: Repo): Promise<IntegrityFinding[]> {
  const tickets = await judge(repo, "tickets", repo.ticketsDir, ".yaml", await uncommittedTickets(repo));
  const locks = await judge(repo, "locks", repo.locksDir, ".json", null);
  const now = [...tickets, ...locks];
  const seen = new Set(now.map((f) => f.file));
  return [...now, ...(await witnessed(repo)).filter((f) => !seen.has(f.file))];
}

function describe(f: IntegrityFinding): string {
  const why = f.problem === "changed" ? "changed outside exo" : f.problem === "witnessed" ? `found changed outside exo by an exo write at ${f.seen_at ?? "?"}` : "no exo write on record";
  return `${f.file} (${why})`;
}

/**
 * Of these repo-relative files, those git has at HEAD: `git checkout -- FILE` brings each back.
 * (A state folder outside the checkout, a sidecar's, has none.)
 */
export async function committedAtHead(repo: Repo, files: readonly string[]): Promise<string[]> {
  const inside = files.filter((f) => !f.startsWith("/") && !f.startsWith(".."));
  if (inside.length === 0) return [];
  const r = await gitRaw(repo.root, ["ls-tree", "-r", "--name-only", "-z", "HEAD", "--", ...inside]);
  if (r.code !== 0) return [];
  const known = new Set(r.stdout.split("\0").filter(Boolean));
  return inside.filter((f) => known.has(f));
}

/** The one-line way back for files exo cannot read: git's copy when it has one, else an edit by hand. */
export async function restoreHint(repo: Repo, files: readonly string[]): Promise<string | undefined> {
  // A ticket in an unresolved merge has no copy to check out (git refuses): git_tracking says what to do.
  const { unmergedTickets } = await import("../stdlib/git/unmerged.js");
  const unmerged = await unmergedTickets(repo);
  const rel = repo.relative(repo.ticketsDir);
  const restorable = unmerged.size === 0 ? files : files.filter((f) => !(f.startsWith(`${rel}/`) && f.endsWith(".yaml") && unmerged.has(f.slice(rel.length + 1, -".yaml".length))));
  const committed = await committedAtHead(repo, restorable);
  if (committed.length === 0) return undefined;
  // Only a file that differs from git's copy comes back with a checkout; one committed as it is
  // (a teammate pushed it so) would come back the same: the commit that brought it is the way on.
  const diff = await gitRaw(repo.root, ["diff", "--name-only", "-z", "HEAD", "--", ...committed]);
  const changed = diff.code === 0 ? new Set(diff.stdout.split("\0").filter(Boolean)) : new Set(committed);
  const back = committed.filter((f) => changed.has(f));
  return back.length > 0 ? `git checkout -- ${shellLine(back)}` : `git log --oneline -- ${shellLine(committed)}`;
}

export async function integritySection(ctx: Context, repo: Repo, fix: boolean): Promise<{ section: Section; fixed: string[] }> {
  let findings = await integrityFindings(repo);
  const fixed: string[] = [];
  if (fix && findings.length > 0) {
    const adopted: IntegrityFinding[] = [];
    for (const f of findings) {
      const text = await readTextOrNull(f.kind === "locks" ? repo.ticketLockFile(f.id) : repo.ticketFile(f.id)).catch(() => null);
      if (text !== null) {
        if (!(await parses(repo, f))) continue; // the state section reports unreadable files
        await writeReceipt(repo.stateDir, f.kind, f.id, text, receiptTree(repo, f.kind));
      }
      adopted.push(f);
    }
    if (adopted.length > 0) {
      await appendLedger(repo, { actor: ctx.actor, host: ctx.host, now: ctx.now() }, [
        { type: "integrity.adopted", data: { files: adopted.map((f) => ({ file: f.file, kind: f.kind, id: f.id, sha256: f.sha256, problem: f.problem })) } },
      ]);
      fixed.push(`adopted the current contents of ${adopted.map((f) => f.file).join(", ")} (recorded in the ledger)`);
    }
    findings = await integrityFindings(repo);
  }
  const details = { findings };
  // Contents exo cannot read are never adopted: --fix would leave them as they are.
  const unreadable: IntegrityFinding[] = [];
  for (const f of findings) if (f.problem !== "witnessed" && !(await parses(repo, f))) unreadable.push(f);
  const changed = findings.filter((f) => f.problem !== "unrecorded");
  if (unreadable.length > 0 && unreadable.length === findings.length) {
    const files = unreadable.map((f) => f.file);
    const them = files.length === 1 ? "it" : "them";
    // A lock file is machine-local: the state section's --fix sets it aside and rebuilds the lock
    // from the ledger (before: "correct it by hand", beside the state section's exo doctor --fix).
    const locksOnly = unreadable.every((f) => f.kind === "locks");
    const hint = locksOnly ? "exo doctor --fix --section state" : await restoreHint(repo, files);
    const way = locksOnly ? `--fix does not adopt ${them}, it sets ${them} aside and rebuilds the lock from the ledger (state section)` : `--fix cannot adopt ${them}: ${hint ? `restore git's copy or correct ${them} by hand` : `correct ${them} by hand`}`;
    return { section: { name: "integrity", status: "fail", message: `${plural(files.length, "file")} changed outside exo no longer ${files.length === 1 ? "parses" : "parse"}: ${files.slice(0, 5).join(", ")}${files.length > 5 ? ", …" : ""}; ${way}`, ...(hint ? { hint } : {}), fixable: false, details }, fixed };
  }
  if (changed.length > 0) {
    return { section: { name: "integrity", status: "fail", message: `${plural(changed.length, "file")} changed outside exo: ${changed.slice(0, 5).map(describe).join(", ")}${changed.length > 5 ? ", …" : ""}; review them, then exo doctor --fix adopts them`, hint: "exo doctor --fix --section integrity", fixable: true, details }, fixed };
  }
  if (findings.length > 0) {
    return { section: { name: "integrity", status: "warn", message: `${plural(findings.length, "file")} exo has no write on record for: ${findings.slice(0, 5).map(describe).join(", ")}${findings.length > 5 ? ", …" : ""}`, hint: "exo doctor --fix --section integrity", fixable: true, details }, fixed };
  }
  return { section: { name: "integrity", status: "pass", message: "ticket and lock files match exo's writes", fixable: false, details }, fixed };
}

/** Only contents exo can read are adopted. */
async function parses(repo: Repo, f: IntegrityFinding): Promise<boolean> {
  try {
    if (f.kind === "locks") {
      const { readLock } = await import("../stdlib/locks/store.js");
      return (await readLock(repo, f.id)) !== null;
    }
    const { readTicket } = await import("../stdlib/tickets/store.js");
    await readTicket(repo, f.id);
    return true;
  } catch {
    return false;
  }
}
