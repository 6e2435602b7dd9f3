// The one path from raw input to an outcome: parse, run, turn an ExoError into a failed
// envelope, rethrow anything else (a bug).
import { inputTooLarge } from "./limits.js";
import type { z } from "zod";
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import { drainIgnoredLinks } from "../io/state-links.js";
import { hintFor } from "../error-hints.js";
import { zodIssues } from "../stdlib/zod-issues.js";
import type { Command } from "./command.js";
import type { Context, Warning } from "./context.js";
import { forgetWrites, syncFoldersAsync } from "../io/fs-atomic.js";

export interface ErrorBody {
  code: string;
  message: string;
  hint?: string;
  /** Over MCP only: the hint as the tool call it means (`exo_session_start {"dispatch":true}`), when it is one. */
  tool_hint?: string;
  details?: Record<string, unknown>;
}

/** The JSON envelope of SPEC §5.4. */
export interface Envelope {
  ok: boolean;
  data: unknown;
  error?: ErrorBody;
  warnings?: Warning[];
}

export interface Outcome {
  envelope: Envelope;
  exitCode: 0 | 1 | 2;
}

/** Plain-language INVALID_INPUT; `flags` names paths as CLI flags (`--ttl-hours`, `<title>`). */
export function invalidInputFromZod(error: z.ZodError, input?: unknown, flags?: { positional: readonly string[] }): ExoError {
  const label = flags
    ? (path: (string | number)[]) => {
        const key = String(path[0] ?? "input");
        return flags.positional.includes(key) ? `<${key.replaceAll("_", "-")}>` : `--${key.replaceAll("_", "-")}`;
      }
    : undefined;
  const issues = zodIssues(error, { input, label }).map((i) => ({ ...i, path: i.path || "(input)" }));
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  // A sentence that asks (`…; did you mean cancelled?`) keeps its question mark.
  // An argument's own name (MCP's ttl_hours, status.0) is kept as the tool takes it, not capitalised.
  const opening = first && /^\S*[_.]/.test(first.message) ? first.message : `${first?.message.charAt(0).toUpperCase()}${first?.message.slice(1)}`;
  const message = first ? `${opening}${more}${first.message.endsWith("?") && more === "" ? "" : "."}` : "Invalid input.";
  return new ExoError(ErrorCode.INVALID_INPUT, message, { details: { issues } });
}

/** What a hint's placeholders can be filled with: the command run, the ticket it named. */
export interface HintFill {
  command: string;
  ticket?: string | undefined;
}

/** A hint with `<command>` and `<ID>` filled in where the call knows them (SPEC §5.4: the exact next command). */
function concrete(hint: string, fill: HintFill | undefined): string {
  if (!fill) return hint;
  let out = hint.replaceAll("exo <command>", `exo ${fill.command}`);
  if (fill.ticket) out = out.replaceAll("'<ID>'", fill.ticket).replaceAll("<ID>", fill.ticket);
  return out;
}

export function errorBody(error: ExoError, fill?: HintFill): ErrorBody {
  const body: ErrorBody = { code: error.code, message: error.message };
  const hint = hintFor(error.code, error.hint);
  if (hint !== undefined) body.hint = concrete(hint, fill);
  if (Object.keys(error.details).length > 0) body.details = { ...error.details };
  return body;
}

export function failure(error: ExoError, warnings: Warning[] = [], data: unknown = null, fill?: HintFill): Outcome {
  const envelope: Envelope = { ok: false, data, error: errorBody(error, fill) };
  if (warnings.length > 0) envelope.warnings = warnings;
  return { envelope, exitCode: error.exitCode };
}

/** The input with each ticket key's typed value replaced by the id it names (stdlib/tickets/resolve.ts). */
async function resolvedTickets<T extends Record<string, unknown>>(keys: readonly string[], input: T, ctx: Context): Promise<T> {
  const typed = keys.filter((k) => typeof input[k] === "string" || (Array.isArray(input[k]) && (input[k] as unknown[]).length > 0));
  if (typed.length === 0) return input;
  const { resolveTicketId } = await import("../stdlib/tickets/resolve.js");
  const repo = await ctx.governed();
  const out: Record<string, unknown> = { ...input };
  for (const k of typed) {
    const value = input[k];
    out[k] = Array.isArray(value) ? await Promise.all((value as unknown[]).map((v): unknown => (typeof v === "string" ? resolveTicketId(repo, v) : v))) : await resolveTicketId(repo, value as string);
  }
  return out as T;
}

let running = 0;

export async function invoke(command: Command, raw: Record<string, unknown>, ctx: Context): Promise<Outcome> {
  running++;
  try {
    const out = await invokeOnce(command, raw, ctx);
    // Records of exo's ignored because they lay behind a symlink (io/state-links.ts), said once.
    const ignored = drainIgnoredLinks();
    if (ignored.length > 0) out.envelope.warnings = [...(out.envelope.warnings ?? []), ...ignored.filter((m) => !out.envelope.warnings?.some((w) => w.message === m)).map((message) => ({ code: WarningCode.STATE_LINK_IGNORED, message }))];
    return out;
  } finally {
    // What the command wrote is durable before it reports: the folders it renamed into and the
    // ledger segments it appended to, synced together once (io/fs-atomic.ts).
    await syncFoldersAsync();
    // The list of files written is kept while any command of this process runs (an MCP server
    // may run several at once), so none of them misses its own writes.
    if (--running === 0) forgetWrites();
  }
}

async function invokeOnce(command: Command, raw: Record<string, unknown>, ctx: Context): Promise<Outcome> {
  const named = [raw["ticket_id"], raw["id"], raw["ticket"]].find((v): v is string => typeof v === "string" && /^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(v));
  const fill = (error: ExoError): HintFill => {
    const own = error.details["ticket"];
    return { command: command.name, ticket: typeof own === "string" ? own : named };
  };
  const tooLarge = inputTooLarge(raw);
  if (tooLarge) return failure(tooLarge, ctx.warnings, null, fill(tooLarge));
  const parsed = command.input.safeParse(raw);
  if (!parsed.success) {
    const invalid = invalidInputFromZod(parsed.error, raw, ctx.harness === "cli" ? { positional: command.positional ?? [] } : undefined);
    return failure(invalid, ctx.warnings, null, fill(invalid));
  }
  try {
    const repo = command.requires === "repo" ? await ctx.repo() : command.requires !== "none" ? await ctx.governed() : null;
    // git ≥ 2.30 (SPEC §5.2); install and doctor report an old git in their own steps and sections.
    if (repo && command.name !== "install" && command.name !== "doctor") await (await import("../io/git-version.js")).assertGitVersion(repo, ctx.env);
    const input = command.ticketIds ? await resolvedTickets(command.ticketIds, parsed.data, ctx) : parsed.data;
    const data = await command.run(ctx, input);
    const verdict = command.verdict?.(data, input) ?? null;
    if (verdict) {
      const error = new ExoError(verdict.code as ErrorCode, verdict.message, {
        hint: verdict.hint,
        details: verdict.details,
      });
      return failure(error, ctx.warnings, data, fill(error));
    }
    const envelope: Envelope = { ok: true, data };
    if (ctx.warnings.length > 0) envelope.warnings = ctx.warnings;
    return { envelope, exitCode: 0 };
  } catch (error) {
    if (error instanceof ExoError) {
      const named = error.code === ErrorCode.TICKET_NOT_FOUND && command.ticketIds ? await didYouMean(error, command.ticketIds, parsed.data, ctx) : error;
      const meant = await outsideLink(await notAFile(await portable(await gitOutOfSpace(named, ctx), ctx), ctx), ctx);
      return failure(meant, ctx.warnings, null, fill(meant));
    }
    const shaped = (await fileShapeError(error, ctx)) ?? (await refusedBySystem(error, ctx));
    if (shaped) return failure(shaped, ctx.warnings, null, fill(shaped));
    throw error;
  }
}

/**
 * A write the filesystem refused (a full disk, a quota, a read-only mount, a permission) met by
 * any command: IO_ERROR saying which and what to do, never INTERNAL. The file is named
 * relative to the repository when node's error names one.
 */
async function refusedBySystem(error: unknown, ctx: Context): Promise<ExoError | null> {
  const e = error as NodeJS.ErrnoException;
  const { refusalLook, systemRefusal } = await import("../io/fs-atomic.js");
  const refusal = typeof e?.code === "string" ? systemRefusal(e.code) : null;
  if (!refusal) return null;
  const root = await ctx.repo().then((r) => r.root, () => null);
  const path = typeof e.path === "string" ? e.path : null;
  const where = path ? (root && path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path) : null;
  const hint = refusalLook(e.code, path, root ?? ctx.cwd);
  return new ExoError(ErrorCode.IO_ERROR, `Could not ${e.syscall ?? "write"}${where ? ` ${where}` : ""}: ${e.code}: ${refusal}.`, { hint, details: { errno: e.code, ...(where ? { file: where } : {}) } });
}

/**
 * A git that failed because the disk or the quota is full ("Out of diskspace", "No space left on
 * device"): IO_ERROR as for exo's own writes there, saying to free space and run the command again.
 * Before, GIT_FAILED with the hint `git status`, which fails the same way and says nothing of space.
 */
async function gitOutOfSpace(error: ExoError, ctx: Context): Promise<ExoError> {
  const stderr = error.details["stderr"];
  if (error.code !== ErrorCode.GIT_FAILED || typeof stderr !== "string") return error;
  const errno = /Disk quota exceeded/i.test(stderr) ? "EDQUOT" : /No space left on device|Out of diskspace/i.test(stderr) ? "ENOSPC" : null;
  if (errno === null) return error;
  const { systemRefusal } = await import("../io/fs-atomic.js");
  const { shellLine } = await import("../kernel/quote.js");
  const root = await ctx.repo().then((r) => r.root, () => null);
  const message = error.message.replace(/\.$/, "");
  return new ExoError(ErrorCode.IO_ERROR, `${message}: ${errno}: ${systemRefusal(errno) ?? ""}.`, { hint: shellLine(["df", "-h", "--", root ?? ctx.cwd]), details: { ...error.details, errno } });
}

/**
 * Runtime errors quote git and the filesystem, and PATH_OUTSIDE_REPO names the file refused (an
 * MCP apply_patch or worktree path): their details' absolute paths made portable (§5.4).
 */
async function portable(error: ExoError, ctx: Context): Promise<ExoError> {
  if (!PORTABLE_CODES.has(error.code)) return error;
  const root = await ctx.repo().then((r) => r.root, () => null);
  const { withPortableDetails } = await import("./portable-details.js");
  return withPortableDetails(error, root, ctx.env["HOME"] ?? null);
}

const PORTABLE_CODES: ReadonlySet<string> = new Set<string>([ErrorCode.GIT_FAILED, ErrorCode.STATE_CORRUPT, ErrorCode.IO_ERROR, ErrorCode.LEDGER_WRITE_FAILED, ErrorCode.PATH_OUTSIDE_REPO]);

/**
 * TICKET_NOT_FOUND for an id typed with a slip (TICKET-01, TIKCET-001, T4 for T-4): the message
 * names the ticket meant and the hint shows it; details `typed` and `meant` let the CLI print the
 * line typed with the id corrected. Unchanged when no single ticket is that close.
 */
async function didYouMean(error: ExoError, keys: readonly string[], input: Record<string, unknown>, ctx: Context): Promise<ExoError> {
  const typed = keys.flatMap((k) => (typeof input[k] === "string" ? [input[k]] : Array.isArray(input[k]) ? (input[k] as unknown[]).filter((v): v is string => typeof v === "string") : []));
  const words = new Set(error.message.split(/[\s(),;]+/).map((w) => w.replace(/\.$/, "")));
  const named = typed.filter((v) => words.has(v));
  if (named.length !== 1) return error;
  const value = named[0] as string;
  const { suggestTicketId } = await import("../stdlib/tickets/resolve.js");
  // Never an id the same line names elsewhere: `ticket-update EP-A --parent EP-Q` meant no EP-A as its own parent.
  const meant = await suggestTicketId(await ctx.governed(), value, typed).catch(() => null);
  if (meant === null) return error;
  const base = error.message.replace(/; list tickets with exo tickets\.$/, "").replace(/\.$/, "");
  return new ExoError(ErrorCode.TICKET_NOT_FOUND, `${base}; did you mean ${meant}?`, { hint: `exo ticket-show ${meant}`, details: { ...error.details, typed: value, meant } });
}

/**
 * A file of the repository that is a symlink out of it where HEAD has the file itself (a hand or a
 * sync tool replaced it; no pull did): the way back is removing the link and checking git's copy
 * out, the link's target left alone. Before, every command, doctor and doctor --fix too, said
 * "git rm <file>, then restore it from history", which stages the removal of a committed
 * governance file, with `git log` as the hint. A link HEAD has too keeps that advice.
 */
async function outsideLink(error: ExoError, ctx: Context): Promise<ExoError> {
  const rel = error.details["path"];
  if (error.code !== ErrorCode.STATE_CORRUPT || error.details["reason"] !== "symlink_outside" || typeof rel !== "string" || rel.startsWith("/") || rel.startsWith("..")) return error;
  const root = await ctx.repo().then((r) => r.root, () => null);
  if (!root) return error;
  if ((await (await import("../io/git.js")).headEntry(root, rel)) !== "file") return error;
  const { shellLine } = await import("../kernel/quote.js");
  const hint = `${shellLine(["rm", "--", rel])} && ${shellLine(["git", "checkout", "HEAD", "--", rel])}`;
  return new ExoError(ErrorCode.STATE_CORRUPT, `${rel} is a symlink to ${String(error.details["target"])}, outside the repository, where git has the file itself; exo does not read through it. Put git's copy back (${hint}); the link's target is left alone.`, { hint, details: error.details });
}

/**
 * A committed file of the repository that is a device or pipe (a symlink to /dev/null a pull or a
 * hand edit put there) met by any reader: exo doctor, the reader's generic hint, reads the same
 * file and fails the same way. The hint restores git's copy when HEAD has a regular file there;
 * when HEAD has the link too, git log of the file finds the commit that brought it. exo's
 * machine-local state (cache, locks, sessions) keeps doctor's hint: --fix sets such files aside.
 */
async function notAFile(error: ExoError, ctx: Context): Promise<ExoError> {
  const file = error.details["file"];
  if (error.code !== ErrorCode.IO_ERROR || error.details["reason"] !== "not_a_file" || typeof file !== "string") return error;
  const root = await ctx.repo().then((r) => r.root, () => null);
  if (!root) return error;
  const rel = file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file.startsWith("/") || file.startsWith("~") ? null : file;
  if (rel === null || /^\.exo\/(?:cache|locks|sessions|logs|traces)\//.test(rel)) return error;
  const head = await (await import("../io/git.js")).headEntry(root, rel);
  if (head !== "file" && head !== "link") return error;
  const { shellLine } = await import("../kernel/quote.js");
  const { irregularFileMessage } = await import("../io/read.js");
  if (head === "link") {
    const hint = shellLine(["git", "log", "--oneline", "--", rel]);
    return new ExoError(ErrorCode.IO_ERROR, irregularFileMessage(rel, `HEAD has it as a symlink too: find the commit that made it one (${hint}) and restore the file from before it.`), { hint, details: error.details });
  }
  // git has the file: its copy is the way back (`git rm`, offered before, would delete a
  // committed file such as .exo/config.yaml from the next commit).
  const restore = shellLine(["git", "checkout", "HEAD", "--", rel]);
  return new ExoError(ErrorCode.IO_ERROR, irregularFileMessage(rel, `Restore git's copy (${restore}).`), { hint: restore, details: error.details });
}

/**
 * A file of the repository that is a folder (EISDIR: a pull or a hand edit put a folder where a
 * governance, ticket or state file belongs) met by any reader: IO_ERROR naming the file and how
 * git gives it back, never INTERNAL.
 */
async function fileShapeError(error: unknown, ctx: Context): Promise<ExoError | null> {
  const e = error as NodeJS.ErrnoException;
  if (e?.code !== "EISDIR") return null;
  const path = typeof e.path === "string" ? e.path : /'([^']+)'/.exec(e.message)?.[1];
  const repo = await ctx.repo().catch(() => null);
  if (!path || !repo) return null;
  // exo's machine-local state (locks, sessions, cache) is in no commit: git checkout cannot give
  // it back (before, that was the hint); doctor --fix sets the folder aside and rebuilds the file.
  const state = [repo.stateDir, `${repo.root}/.exo`].find((d) => /^(?:cache|locks|sessions|logs|traces)\//.test(path.startsWith(`${d}/`) ? path.slice(d.length + 1) : ""));
  if (state !== undefined) {
    const shown = path.startsWith(`${repo.root}/`) ? path.slice(repo.root.length + 1) : path;
    return new ExoError(ErrorCode.IO_ERROR, `${shown} is a folder, not a file (exo's machine-local state, in no commit); exo doctor --fix sets it aside and rebuilds what it can, then retry.`, { hint: "exo doctor --fix", details: { file: shown, reason: "a_folder" } });
  }
  const root = repo.root;
  if (!path.startsWith(`${root}/`)) return null;
  const rel = path.slice(root.length + 1);
  // A ticket or governance file: doctor --fix keeps the folder in the quarantine and checks git's
  // copy out. Before, the hint was that checkout alone, which deletes what the folder held.
  const exo = `${repo.exoDir}/`;
  const own = path.startsWith(exo) ? path.slice(exo.length) : "";
  if (/^(?:config\.yaml|constitution\.yaml|governance\.lock\.json|policy\.sealed\.json|tickets\/[^/]+\.yaml)$/.test(own)) {
    return new ExoError(ErrorCode.IO_ERROR, `${rel} is a folder, not a file; exo doctor --fix moves the folder to .exo/cache/quarantine (what it holds is kept) and restores git's copy, then retry.`, { hint: "exo doctor --fix", details: { file: rel, reason: "a_folder" } });
  }
  const { shellLine } = await import("../kernel/quote.js");
  const restore = shellLine(["git", "checkout", "HEAD", "--", rel]);
  return new ExoError(ErrorCode.IO_ERROR, `${rel} is a folder, not a file; move the folder away and restore the file (${restore}), then retry.`, { hint: restore, details: { file: rel, reason: "a_folder" } });
}
