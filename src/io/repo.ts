// Repository paths (SPEC §3.1): every .exo path built from ids that passed the §4.5.2 regexes.
// No child processes here, so the hook hot path can use it.
import { existsSync, realpathSync } from "node:fs";
import { dirname, join, posix, sep } from "node:path";
import { ExoError, ErrorCode } from "../errors.js";
import { isLearningId, isSessionId, isTicketId, isWriterId } from "../kernel/ids.js";
import { classifyAbsolute, toAbsolutePath, type RepoPathResult } from "../kernel/paths.js";
import { registerStateRoot } from "./state-links.js";

export class Repo {
  /** Realpath of the work tree top level. */
  readonly root: string;
  /** The governance root: `.exo/` of this worktree, or of the main worktree. */
  readonly exoDir: string;
  /** The state root for ephemeral folders. */
  readonly stateDir: string;
  /** Realpath of the main worktree top level. */
  readonly mainRoot: string;
  readonly isMainWorktree: boolean;
  /** Absolute git dir and common git dir of this work tree, when discovery learned them. */
  readonly gitDir: string | null;
  readonly commonDir: string | null;

  constructor(opts: { root: string; exoDir: string; stateDir: string; mainRoot: string; gitDir?: string; commonDir?: string }) {
    this.root = opts.root;
    this.gitDir = opts.gitDir ?? null;
    this.commonDir = opts.commonDir ?? null;
    this.exoDir = opts.exoDir;
    this.stateDir = opts.stateDir;
    registerStateRoot(opts.stateDir);
    this.mainRoot = opts.mainRoot;
    this.isMainWorktree = opts.root === opts.mainRoot;
  }

  get isInitialised(): boolean {
    return existsSync(this.configFile);
  }

  get constitutionFile(): string {
    return join(this.exoDir, "constitution.yaml");
  }
  get configFile(): string {
    return join(this.exoDir, "config.yaml");
  }
  get featuresFile(): string {
    return join(this.exoDir, "features.yaml");
  }
  get requirementsFile(): string {
    return join(this.exoDir, "requirements.yaml");
  }
  get lockFile(): string {
    return join(this.exoDir, "governance.lock.json");
  }
  get sealFile(): string {
    return join(this.exoDir, "policy.sealed.json");
  }
  get generatedFile(): string {
    return join(this.exoDir, "generated.json");
  }
  get gitignoreFile(): string {
    return join(this.exoDir, ".gitignore");
  }
  get ticketsDir(): string {
    return join(this.exoDir, "tickets");
  }
  get mementosDir(): string {
    return join(this.exoDir, "mementos");
  }
  get handoffsDir(): string {
    return join(this.exoDir, "handoffs");
  }
  get learningsDir(): string {
    return join(this.exoDir, "learnings");
  }
  get ledgerDir(): string {
    return join(this.exoDir, "ledger");
  }
  get sessionsDir(): string {
    return join(this.stateDir, "sessions");
  }
  get locksDir(): string {
    return join(this.stateDir, "locks");
  }
  get cacheDir(): string {
    return join(this.stateDir, "cache");
  }
  get logsDir(): string {
    return join(this.stateDir, "logs");
  }
  get tracesDir(): string {
    return join(this.stateDir, "traces");
  }

  ticketFile(id: string): string {
    return join(this.ticketsDir, `${checkId(id, isTicketId, "ticket")}.yaml`);
  }
  ticketLockFile(id: string): string {
    return join(this.locksDir, `${checkId(id, isTicketId, "ticket")}.json`);
  }
  handoffFile(ticket: string): string {
    return join(this.handoffsDir, `${checkId(ticket, isTicketId, "ticket")}.json`);
  }
  mementoDir(ticket: string): string {
    return join(this.mementosDir, checkId(ticket, isTicketId, "ticket"));
  }
  mementoFile(ticket: string, session: string): string {
    return join(this.mementoDir(ticket), `${checkId(session, isSessionId, "session")}.md`);
  }
  sessionFile(id: string): string {
    return join(this.sessionsDir, `${checkId(id, isSessionId, "session")}.json`);
  }
  sessionTouchedFile(id: string): string {
    return join(this.sessionsDir, `${checkId(id, isSessionId, "session")}.touched`);
  }
  /** The dirty files at session start (issue #19 attribution). */
  sessionDirtyFile(id: string): string {
    return join(this.sessionsDir, `${checkId(id, isSessionId, "session")}.dirty`);
  }
  /** The PostToolUse backstop's mark (its mtime is the last compared call). */
  sessionBackstopFile(id: string): string {
    return join(this.sessionsDir, `${checkId(id, isSessionId, "session")}.backstop`);
  }
  sessionBootstrapFile(id: string): string {
    return join(this.sessionsDir, `${checkId(id, isSessionId, "session")}.bootstrap.md`);
  }
  learningFile(id: string): string {
    return join(this.learningsDir, `${checkId(id, isLearningId, "learning")}.yaml`);
  }
  ledgerSegment(writer: string): string {
    return join(this.ledgerDir, `${checkId(writer, isWriterId, "writer")}.jsonl`);
  }

  /** Repo-relative POSIX form of a path inside the repository. */
  relative(absolute: string): string {
    const rel = absolute === this.root ? "." : absolute.slice(this.root.length + 1);
    return sep === "/" ? rel : rel.split(sep).join("/");
  }

  /** A path as shown to people: repo-relative inside the checkout, else absolute (a sidecar's state). */
  shown(absolute: string): string {
    return absolute === this.root || absolute.startsWith(`${this.root}/`) ? this.relative(absolute) : absolute;
  }

  /** The §7.1 normalisation with the symlink step: agent input → inside/outside verdict. */
  resolvePath(input: string, cwd: string, home: string): RepoPathResult {
    const abs = toAbsolutePath(input, { cwd, home });
    if ("problem" in abs) return abs;
    return classifyAbsolute(realpathLongestPrefix(abs.absolute), this.root);
  }
}

/** realpath the longest existing prefix of an absolute path and append the rest. */
export function realpathLongestPrefix(absolute: string): string {
  const rest: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = realpathSync(current);
      return rest.length === 0 ? real : posix.join(real, ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return absolute;
      rest.push(current.slice(parent.length).replace(/^\/+/, ""));
      current = parent;
    }
  }
}

function checkId(id: string, test: (id: string) => boolean, kind: string): string {
  if (!test(id)) {
    throw new ExoError(ErrorCode.INVALID_INPUT, `${JSON.stringify(id)} is not a valid ${kind} id.`, {
      details: { issues: [{ path: kind, code: "id_invalid", message: `invalid ${kind} id`, severity: "error" }] },
    });
  }
  return id;
}

