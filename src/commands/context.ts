// The per-call context a command runs in: repository, actor, clock, warnings.
import { ErrorCode, ExoError, invalidInput } from "../errors.js";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { isActor, isHostWord } from "../kernel/ids.js";
import { actorOfEmail, currentTime, hostName, humanActor, humanActorAsync, type Env } from "../io/env.js";
import { configValue, gitConfig, gitConfigSync, type GitConfigEntry } from "../io/git-config.js";
import { discoverRepo, type Repo } from "../io/paths.js";
import { useGlobCache } from "../hooks/glob-cache.js";
import type { CheckEvent } from "../stdlib/checks/run.js";

export interface Warning {
  code: string;
  message: string;
}

export interface Context {
  /** Folder the repository is discovered from (--repo, else the process cwd). */
  readonly cwd: string;
  readonly env: Env;
  readonly actor: string;
  /** Resolve the actor without blocking (a person's default reads git config); then `actor` is free. */
  actorReady(): Promise<void>;
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

/** `human:<user.email>` from a git config listing (io/git-config.ts). */
const actorOf = (entries: readonly GitConfigEntry[]): string => actorOfEmail(configValue(entries, "user.email") ?? "");

/** The actor name closest to a value that is none (spaces and the like as -), for hints. */
export function nearActor(value: string): string {
  return value.trim().replace(/\s*:\s*/g, ":").replace(/[^A-Za-z0-9._@+:-]+/g, "-").replace(/^[^A-Za-z0-9]+|:+$/g, "").replace(/::+/g, ":");
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
    if (opts.actor === undefined && explicit !== null) {
      // From the environment: name the variable, and a value that works (spaces and the like as -).
      const near = nearActor(actor);
      const message = `EXO_ACTOR is ${JSON.stringify(actor)}, which is not a valid actor; use a label like human:alice or agent:claude (letters, digits, . _ @ + -, parts joined by :), or unset EXO_ACTOR to act as human:<git user.email>.`;
      throw new ExoError(ErrorCode.INVALID_INPUT, message, { hint: `export EXO_ACTOR=${isActor(near) ? near : "agent:claude"}`, details: { issues: [{ path: "EXO_ACTOR", code: "actor_invalid", message, severity: "error" }] } });
    }
    throw invalidInput("actor", "actor_invalid", `${JSON.stringify(actor)} is not a valid actor; use a label like human:alice or agent:claude.`);
  }
  // Validate EXO_NOW up front so a bad value fails before anything is read.
  currentTime(opts.env);
  // EXO_STATE_DIR is an absolute folder (SPEC §2.2): a relative one would name another folder from
  // each working directory, and was ignored without a word. (The hooks keep ignoring it: a hook
  // answers, and no session can start under a value the commands refuse.)
  const stateDir = opts.env["EXO_STATE_DIR"];
  if (stateDir && !stateDir.startsWith("/")) {
    const message = `EXO_STATE_DIR must be an absolute folder, not ${JSON.stringify(stateDir)}; give its full path or unset it.`;
    throw new ExoError(ErrorCode.INVALID_INPUT, message, { hint: `export EXO_STATE_DIR="$PWD/${stateDir.replaceAll('"', "")}"`, details: { issues: [{ path: "EXO_STATE_DIR", code: "path_unsafe", message, severity: "error" }] } });
  }
  // An EXO_STATE_DIR that is there and is no folder (/dev/null, a file): every write below it
  // failed ENOTDIR, session-start as INTERNAL and session-suspend as "no active session".
  const kind = stateDir ? notAFolder(stateDir) : null;
  if (stateDir && kind) {
    const message = `EXO_STATE_DIR is ${JSON.stringify(stateDir)}, which is ${kind}, not a folder; point it at a folder (exo makes it when missing) or unset it.`;
    throw new ExoError(ErrorCode.INVALID_INPUT, message, { hint: "unset EXO_STATE_DIR", details: { issues: [{ path: "EXO_STATE_DIR", code: "path_unsafe", message, severity: "error" }] } });
  }
  // EXO_HOST names this machine in locks, sessions and the lines of a remote lease's commit
  // message: a space or a control character (a newline adds a line of its own) is refused.
  const hostVar = opts.env["EXO_HOST"];
  if (hostVar && !isHostWord(hostVar)) {
    const message = `EXO_HOST is ${JSON.stringify(hostVar)}, which holds a space or a control character; name this machine in one word (letters, digits, . _ -) or unset it to use the host name.`;
    throw new ExoError(ErrorCode.INVALID_INPUT, message, { hint: "unset EXO_HOST", details: { issues: [{ path: "EXO_HOST", code: "host_invalid", message, severity: "error" }] } });
  }
  let repoPromise: Promise<Repo> | null = null;
  const warnings: Warning[] = [];
  // A person's default actor is `human:<git user.email>` (read lazily: most calls never need it).
  let resolved: string | null = explicit ?? (opts.defaultActor === "human" ? null : opts.defaultActor);
  let pending: Promise<string> | null = null;
  let host: string | null = null;
  let found: Repo | null = null;
  const ctx: Context = {
    cwd: opts.cwd,
    // --actor (the MCP actor argument) overrides EXO_ACTOR (SPEC §5.1), for what reads the
    // variable too: decide resolves the session as the hooks do (§7.5 step 3), and before it
    // judged `exo --actor a decide` in another actor's session.
    env: opts.actor !== undefined ? { ...opts.env, EXO_ACTOR: opts.actor } : opts.env,
    get actor(): string {
      if (resolved === null) {
        // The repository's git config listing (kept between commands: io/git-config.ts), else
        // `git config user.email` in the caller's folder.
        const entries = found ? gitConfigSync(found) : null;
        resolved = entries ? actorOf(entries) : humanActor(opts.cwd, opts.env);
      }
      return resolved;
    },
    async actorReady() {
      if (resolved !== null) return;
      // From the repository's git config listing (kept between commands: no git process), else
      // from `git config user.email` in the caller's folder.
      pending ??= ctx
        .repo()
        .then(gitConfig)
        .then((entries) => (entries ? actorOf(entries) : humanActorAsync(opts.cwd, opts.env)))
        .catch(() => humanActorAsync(opts.cwd, opts.env));
      const value = await pending;
      resolved ??= value;
    },
    harness: opts.harness,
    // Read on first use: node:os is not loaded by commands that record nothing.
    get host(): string {
      host ??= hostName(opts.env);
      return host;
    },
    warnings,
    progress: opts.progress,
    now: () => currentTime(opts.env),
    warn(code, message) {
      if (!warnings.some((w) => w.code === code && w.message === message)) warnings.push({ code, message });
    },
    repo() {
      repoPromise ??= discoverRepo(opts.cwd, opts.env).then((repo) => {
        found = repo;
        // Scope and deny globs come compiled from the repository's glob cache, as in the hooks.
        if (repo.isInitialised) useGlobCache(repo.stateDir);
        return repo;
      });
      // A failed discovery is not kept: doctor --fix may repair what refused it and look again.
      repoPromise.catch(() => {
        repoPromise = null;
      });
      return repoPromise;
    },
    async governed() {
      const repo = await ctx.repo();
      if (!repo.isInitialised) {
        const { notInitialized } = await import("../orchestrator/not-initialized.js");
        throw await notInitialized(repo);
      }
      // A sparse checkout that leaves part of .exo/ out (one stat when there is none).
      if (repo.gitDir !== null && existsSync(join(repo.gitDir, "info", "sparse-checkout"))) {
        const { sparseExoFolders } = await import("../orchestrator/not-initialized.js");
        const sparse = await sparseExoFolders(repo);
        if (sparse) throw sparse;
      }
      return repo;
    },
  };
  return ctx;
}

/** What stands at `path` when it is there and is no folder ("a file", "a device or pipe"), else null. */
function notAFolder(path: string): string | null {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st || st.isDirectory()) return null;
    return st.isFile() ? "a file" : "a device or pipe";
  } catch (error) {
    // A path through a file (/dev/null/state); no permission: the command's own read says so.
    return (error as NodeJS.ErrnoException).code === "ENOTDIR" ? "a path through a file" : null;
  }
}
