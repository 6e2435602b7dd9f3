// Identifier rules of SPEC §4.5.2: every id is checked here before it touches a path.

export const TICKET_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const SESSION_ID = /^SES-[0-9]{8}-[0-9]{6}-[0-9A-HJKMNP-TV-Z]{6}$/;
export const LEARNING_ID = /^REF-[0-9]{8}-[0-9]{6}-[0-9A-HJKMNP-TV-Z]{6}$/;
export const RULE_ID = /^[A-Z][A-Z0-9_-]{1,63}$/;
export const FEATURE_ID = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
/** A ticket type (scheduler lanes: feature, bug, chore, …). */
export const TICKET_TYPE = /^[a-z][a-z0-9-]{0,31}$/;
export const WRITER_ID = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*){2}$/;
export const ACTOR = /^[A-Za-z0-9][A-Za-z0-9._@+-]*(:[A-Za-z0-9._@+-]+)*$/;

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

export const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function isTicketId(id: string): boolean {
  return TICKET_ID.test(id) && !WINDOWS_DEVICE.test(id);
}
export function isSessionId(id: string): boolean {
  return SESSION_ID.test(id);
}
export function isLearningId(id: string): boolean {
  return LEARNING_ID.test(id);
}
export function isWriterId(id: string): boolean {
  return id.length <= 120 && WRITER_ID.test(id);
}
export function isActor(actor: string): boolean {
  return actor.length <= 128 && ACTOR.test(actor);
}

/**
 * Whether an EXO_HOST value names a machine in one word: no space and no control character (a
 * newline would add a line of its own to a lease's commit message, or name a ledger segment).
 * The commands refuse any other value (commands/context.ts); the hook, which cannot refuse, takes
 * the host name instead (hooks/hook-io.ts).
 */
export function isHostWord(host: string): boolean {
  return /^[^\s\p{Cc}]+$/u.test(host);
}

/** `<PREFIX>-<YYYYMMDD>-<HHMMSS>-<R6>` from a UTC time and a random source. */
export function generateId(
  prefix: "TKT" | "EPIC" | "INT" | "SES" | "REF",
  now: Date,
  randomInt: (max: number) => number,
): string {
  const iso = now.toISOString(); // 2026-11-24T09:01:02.345Z
  const date = iso.slice(0, 10).replaceAll("-", "");
  const time = iso.slice(11, 19).replaceAll(":", "");
  let r6 = "";
  for (let i = 0; i < 6; i++) r6 += CROCKFORD[randomInt(CROCKFORD.length)];
  return `${prefix}-${date}-${time}-${r6}`;
}

/** "Actor matches owner": equal, or the actor extends the owner with ":suffix". */
export function actorMatches(actor: string, owner: string): boolean {
  return actor === owner || actor.startsWith(`${owner}:`);
}

/** Whether `actor` is a person (`human`, `human:<name>`): people close tickets and work in clones of their own. */
export function isPerson(actor: string): boolean {
  return actor === "human" || actor.startsWith("human:");
}

/**
 * Whether a bare harness actor (`agent:codex`) speaks for an actor of its family that a harness
 * hook made per conversation (`agent:codex:1a2b3c4d`): instruction files tell agents to run exo as
 * the bare name, and Codex passes nothing from its hook to the agent's shell.
 */
export function speaksFor(actor: string, member: string): boolean {
  return /^agent:[a-z0-9_-]+$/.test(actor) && member.startsWith(`${actor}:`);
}
