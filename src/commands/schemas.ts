// Input schemas shared by CLI flags and MCP tool arguments (SPEC §5.1, §8.8).
import * as z from "zod";
import { normalizeGlob, validateGlob, WINDOWS_DRIVE } from "../kernel/globs.js";
import { httpUrlProblem } from "../kernel/http-url.js";
import { FEATURE_ID, isActor, isLearningId, isSessionId, isTicketId, isWriterId } from "../kernel/ids.js";

// Each schema is built on first use and kept: a command builds only the ones its input needs
// (building them all took a few ms of every call's start).
function once<T>(build: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= build());
}

const idSchema = (test: (id: string) => boolean, kind: string, form = "") =>
  z.string().refine(test, { message: `not a valid ${kind} id${form}`, params: { code: "id_invalid" } });

export const TicketId = once(() => idSchema(isTicketId, "ticket"));
// The form, and where the ids are (before: "not a valid session id" and --help, which has neither).
export const SessionId = once(() => idSchema(isSessionId, "session", " (SES-, the date and time, then 6 characters: SES-20261207-221135-JZME50; exo session-scan lists the open ones)"));
export const LearningId = once(() => idSchema(isLearningId, "learning"));
/** `global` or a ticket id: a learning's scope. */
export const LearningScope = once(() => z.string().refine((v) => v === "global" || isTicketId(v), { message: "is neither global nor a valid ticket id", params: { code: "id_invalid" } }));
export const WriterId = once(() => idSchema(isWriterId, "ledger writer"));
export const FeatureId = once(() => idSchema((id) => FEATURE_ID.test(id), "feature"));
export const Actor = once(() => z.string().refine(isActor, { message: "not a valid actor (e.g. human:alice, agent:claude)", params: { code: "actor_invalid" } }));

/** A repo-relative glob for ticket scopes and boundaries. */
export const ScopeGlob = once(() =>
  z.string().superRefine((value, ctx) => {
    // A Windows path (`C:\work\app\src\**`): before, told its / form, `C:/work/app/src/**`, which
    // was then taken as a relative glob that matches nothing. An empty segment (`src//auth//**`,
    // as `src\\auth\\**` in single quotes turned into) matches no path either, and was taken.
    const problem = WINDOWS_DRIVE.test(value.trim())
      ? { code: "glob_invalid", message: `glob "${value}" is a Windows absolute path; scopes are relative to the top of the repository, with / (src/** for its src folder)` }
      : (validateGlob(value) ?? (normalizeGlob(value).includes("//") ? { code: "glob_invalid", message: `glob ${JSON.stringify(value)} has an empty segment (//), so it matches no path: ${JSON.stringify(normalizeGlob(value).replace(/\/+/g, "/"))}` } : null));
    if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { code: problem.code } });
  }),
);

/** The YYYY-MM-DD a value starts with is a day of the calendar (Date.parse rolls 2026-02-30 into March). */
function realDate(v: string): boolean {
  const [y, m, d] = v.slice(0, 10).split("-").map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

// A date first (YYYY-MM-DD, a time may follow): Date.parse alone took `--since 7` for 2001-07-01.
export const Timestamp = once(() => z.string().refine((v) => /^\d{4}-\d{2}-\d{2}(?:$|[T ])/.test(v.trim()) && !Number.isNaN(Date.parse(v)) && realDate(v.trim()), { message: "not an ISO date or timestamp (like 2026-11-01 or 2026-11-01T09:00:00Z)", params: { code: "timestamp_invalid" } }));

/** An OTLP/HTTP collector URL; `localhost:4318` is told the http:// it lacks (kernel/http-url.ts). */
export const HttpUrl = once(() =>
  z.string().superRefine((value, ctx) => {
    const problem = httpUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { code: problem.code, ...(problem.meant ? { meant: problem.meant } : {}) } });
  }),
);

/** A file exo writes; `-` is refused (it would make a file named -, not write to stdout). */
export const OutFile = once(() => z.string().min(1).refine((v) => v.trim() !== "-", { message: "names the file to write; - is not stdout here (it would make a file named -): name a file, like --out out.jsonl" }));

/**
 * A ticket's priority, 1 (most urgent) to 5: `--priority high` says the range, not only "must be a
 * number" (before: the range only in --help).
 */
export const Priority = once(() => z.number({ error: "must be a whole number from 1 (most urgent) to 5" }).int().min(1).max(5));
export const NonEmptyText = once(() => z.string().trim().min(1, { message: "must not be empty" }));

/** The whole of a placeholder exo prints in a line to fill in: `"…"`, `"<what to do>"`. */
const PLACEHOLDER_TEXT = /^(?:\u2026|\.\.\.|<[^<>\n]{1,40}>)$/;

/**
 * A title a person writes: a placeholder pasted as printed is refused (before: `exo ticket-create
 * "<what to do>" --parent …`, exo ready's next step pasted, made a task of that title). Not a
 * brain dump's or a finish's summary: `--brain-dump "…"` and `--summary "…"` in a hint run as
 * printed, on purpose (new-user-36, new-user-21).
 */
export const WrittenText = once(() => NonEmptyText().refine((v) => !PLACEHOLDER_TEXT.test(v), { message: "is a placeholder to fill in, not the text: write what is meant in its place", params: { code: "placeholder_text" } }));
