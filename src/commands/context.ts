// The per-call context a command runs in: repository, actor, clock, warnings.
import { ExoError, ErrorCode, invalidInput } from "../errors.js";
import { isActor } from "../kernel/ids.js";
import { currentTime, hostName, type Env } from "../io/env.js";
import { discoverRepo, type Repo } from "../io/paths.js";
import type { CheckEvent } from "../stdlib/checks/run.js";
import { createRequire } from "node:module";
import type * as ChildProcess from "node:child_process";

export interface Warning {
  code: string;
  message: string;
}

export interface Context {
  /** Folder the repository is discovered from (--repo, else the process cwd). */
  readonly cwd: string;
  readonly env: Env;
  readonly actor: string;
  /** cli | mcp | sdk | … */
  readonly harness: string;
  readonly host: string;
  readonly warnings: Warning[];
  /** Check progress for people (set by the CLI in human mode only). */
  readonly progress?: ((event: CheckEvent) => void) | undefined;
  /** The current time; EXO_NOW when set. */
  now(): Date;
  warn(code: string, message: string): void;
  /** The git repository (NOT_A_GIT_REPO otherwise). */
  repo(): Promise<Repo>;
  /** The repository with an initialised governance root (NOT_INITIALIZED otherwise). */
  governed(): Promise<Repo>;
}

export function createContext(opts: {
  cwd: string;
  env: Env;
  actor?: string | undefined;
  harness: string;
  defaultActor: string;
  progress?: ((event: CheckEvent) => void) | undefined;
}): Context {
  const explicit = opts.actor ?? (opts.env["EXO_ACTOR"] || null);
  const actor = explicit ?? opts.defaultActor;
  if (!isActor(actor)) {
    throw invalidInput("actor", "actor_invalid", `${JSON.stringify(actor)} is not a valid actor; use a label like human:alice or agent:claude.`);
  }
  // Validate EXO_NOW up front so a bad value fails before anything is read.
  currentTime(opts.env);
  let repoPromise: Promise<Repo> | null = null;
  const warnings: Warning[] = [];
  // A person's default actor is `human:<git user.email>` (read lazily: most calls never need it).
  let resolved: string | null = explicit ?? (opts.defaultActor === "human" ? null : opts.defaultActor);
  const ctx: Context = {
    cwd: opts.cwd,
    env: opts.env,
    get actor(): string {
      resolved ??= humanActor(opts.cwd, opts.env);
      return resolved;
    },
    harness: opts.harness,
    host: hostName(opts.env),
    warnings,
    progress: opts.progress,
    now: () => currentTime(opts.env),
    warn(code, message) {
      if (!warnings.some((w) => w.code === code && w.message === message)) warnings.push({ code, message });
    },
    repo() {
      repoPromise ??= discoverRepo(opts.cwd, opts.env);
      return repoPromise;
    },
    async governed() {
      const repo = await ctx.repo();
      if (!repo.isInitialised) {
        throw new ExoError(ErrorCode.NOT_INITIALIZED, `No exo governance in ${repo.root}; run exo install (or exo init) first.`, {
          hint: "exo install",
        });
      }
      return repo;
    },
  };
  return ctx;
}

/** `human:<user.email>` from git config (sanitised to the actor alphabet), else `human`. */
export function humanActor(cwd: string, env: Env): string {
  let email = "";
  try {
    const require = createRequire(import.meta.url);
    const { execFileSync } = require("node:child_process") as typeof ChildProcess;
    email = execFileSync("git", ["config", "user.email"], { cwd, env: { ...env, GIT_TERMINAL_PROMPT: "0" }, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim();
  } catch {
    email = "";
  }
  const label = email.replace(/[^A-Za-z0-9._@+-]/g, "-").replace(/^[^A-Za-z0-9._@+-]+/, "").slice(0, 100);
  const actor = label ? `human:${label}` : "human";
  return isActor(actor) ? actor : "human";
}
