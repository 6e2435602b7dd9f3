// The process environment and clock, read in one place (SPEC §2.2 EXO_NOW, EXO_HOST, …).
import { hostname } from "node:os";
import { ExoError, ErrorCode } from "../errors.js";
import { nodeChildProcess } from "./git.js";
import { isActor } from "../kernel/ids.js";
import { parseFrozenClock } from "../kernel/clock.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** The current time: EXO_NOW when set (tests), else the clock. */
export function currentTime(env: Env): Date {
  const frozen = env["EXO_NOW"];
  if (frozen === undefined || frozen === "") return new Date();
  const date = parseFrozenClock(frozen);
  if (date === null) {
    throw new ExoError(
      ErrorCode.INVALID_INPUT,
      `EXO_NOW must be a UTC timestamp like 2026-11-24T09:01:02.345Z, not ${JSON.stringify(frozen)}; it freezes exo's clock (for tests): unset it to use the real one.`,
      { hint: "unset EXO_NOW", details: { issues: [{ path: "EXO_NOW", code: "timestamp_invalid", message: "invalid EXO_NOW", severity: "error" }] } },
    );
  }
  return date;
}

export function hostName(env: Env): string {
  return env["EXO_HOST"] || hostname();
}

export function iso(date: Date): string {
  return date.toISOString();
}

/** `human:<user.email>` from git config (sanitised to the actor alphabet), else `human`. */
// child_process is loaded lazily (io/git.ts): most calls (and the hook) never need it.
export function humanActor(cwd: string, env: Env): string {
  let email = "";
  try {
    const { execFileSync } = nodeChildProcess();
    email = execFileSync("git", ["config", "user.email"], { cwd, env: { ...env, GIT_TERMINAL_PROMPT: "0" }, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim();
  } catch {
    email = "";
  }
  return actorOfEmail(email);
}

/** humanActor without blocking: the `git config` runs beside whatever else the command does. */
export function humanActorAsync(cwd: string, env: Env): Promise<string> {
  return new Promise((resolveActor) => {
    try {
      const { execFile } = nodeChildProcess();
      execFile("git", ["config", "user.email"], { cwd, env: { ...env, GIT_TERMINAL_PROMPT: "0" }, encoding: "utf8", timeout: 5000 }, (error, stdout) =>
        resolveActor(actorOfEmail(error ? "" : String(stdout).trim())),
      );
    } catch {
      resolveActor("human");
    }
  });
}

/** `human:<email>` sanitised to the actor alphabet, else `human`. */
export function actorOfEmail(email: string): string {
  const label = email.replace(/[^A-Za-z0-9._@+-]/g, "-").replace(/^[^A-Za-z0-9._@+-]+/, "").slice(0, 100);
  const actor = label ? `human:${label}` : "human";
  return isActor(actor) ? actor : "human";
}
