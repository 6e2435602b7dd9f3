// Git hooks (SPEC §8.6) and Cursor afterFileEdit: staged changes against governance and scope.
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { checkAction, type PolicyView, type SessionView } from "../kernel/check-action.js";
import { hasValidSeal, sha256 } from "../kernel/canon.js";
import { sourceForm } from "../kernel/text.js";
import { gitRaw } from "../io/git.js";
import { readJsonSync } from "../io/read.js";
import { caseInsensitiveAt } from "../io/fs-case.js";
import { EXO_MANAGED_FILES, isEphemeralPath, isExoPath } from "../stdlib/exo-managed.js";
import { appendTouched, recordHookEvent } from "./hook-io.js";
import { selfProtection } from "./self-protect.js";
import { COMMIT_PID_ENV, LAUNCHER_REPLACED, STAGED_END, STAGED_ON_STDIN_ENV } from "../stdlib/hooks/git-hook-body.js";
import { LAUNCHER } from "../stdlib/hooks/launcher.js";
import { trailerConfigIsPlain } from "../stdlib/hooks/trailer-config.js";
import { resolveSession, type HookAnswer, type HookIO } from "./hook-entry.js";
import type { Located } from "../io/locate.js";
import { removeFileSync } from "../io/fs-atomic.js";

const SOURCES: Record<string, string> = { "constitution.yaml": "constitution", "config.yaml": "config", "features.yaml": "features", "requirements.yaml": "requirements" };

function sessions(stateDir: string): (SessionView & { actor: string; agent_session_id: string | null; worktree: string; started_at: string })[] {
  try {
    return readdirSync(join(stateDir, "sessions"))
      .filter((n) => /^SES-.*\.json$/.test(n))
      .map((n) => readJsonSync(join(stateDir, "sessions", n)))
      .filter((s): s is SessionView & { actor: string; agent_session_id: string | null; worktree: string; started_at: string } => !!s && typeof s === "object");
  } catch {
    return [];
  }
}

/** The staged list exo's pre-commit script piped in, when it arrived whole (git-hook-body.ts). */
function stagedFromStdin(io: HookIO): string | null {
  if (io.env[STAGED_ON_STDIN_ENV] !== "1") return null;
  const end = `${STAGED_END}\0`;
  if (io.stdin === end) return "";
  return io.stdin.endsWith(`\0${end}`) ? io.stdin.slice(0, -end.length) : null;
}

/**
 * False when the checkout's launcher is not exo's, byte for byte, or cannot be read (no harness
 * could run it either). A missing one is the script's business: it refuses the commit first.
 */
function launcherIsExos(where: Located): boolean {
  try {
    return readFileSync(join(where.exoDir, "bin", "exo-hook.mjs"), "utf8") === LAUNCHER;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT";
  }
}

/**
 * Staged .exo/ files and exo-managed files (CLAUDE.md, .mcp.json, the CI workflow, …, which the
 * scope check skips) that the work tree does not hold. Only exo writes .exo/ (an agent's writes
 * there are refused), so a commit carries exo's state as the work tree has it; content put in the
 * index by hand (git hash-object -w, git update-index --cacheinfo, git rm --cached) would widen a
 * ticket's scope, re-seal a policy or cut the ledger in the commit while the checkout stays as exo
 * wrote it. A ledger segment may be staged as a prefix of the file (hooks append to it meanwhile)
 * that keeps every record HEAD has.
 */
async function exoStateStaged(root: string, exoRel: string, staged: { path: string; action: "write" | "delete" }[]): Promise<string[]> {
  const mine = staged.filter((s) => s.path.startsWith(`${exoRel}/`) || EXO_MANAGED_FILES.includes(s.path));
  if (mine.length === 0) return [];
  const problems: string[] = [];
  const regular = (rel: string) => {
    try {
      return statSync(join(root, rel)).isFile();
    } catch {
      return false;
    }
  };
  for (const s of mine) {
    // Machine-local state (sessions, locks, …): committing it lets a pull write it over another
    // machine's own; untracking it (git rm --cached, as doctor advises) is always allowed.
    if (isEphemeralPath(s.path, exoRel)) {
      if (s.action === "write") problems.push(`${s.path}: machine-local state is never committed [EXO_STATE_PROTECTED] (a teammate's pull would write it over their own; run git rm --cached ${s.path})`);
      continue;
    }
    if (s.action === "delete" && regular(s.path) && !mine.some((w) => w.action === "write" && w.path === s.path)) problems.push(`${s.path}: the commit removes a file of exo's that the work tree still has [EXO_STATE_PROTECTED] (run git add ${s.path})`);
  }
  const writes = [...new Set(mine.filter((s) => s.action === "write" && !isEphemeralPath(s.path, exoRel)).map((s) => s.path))];
  if (writes.length === 0) return problems;
  const listed = await gitRaw(root, ["--literal-pathspecs", "ls-files", "-s", "-z", "--", ...writes]);
  const index = new Map<string, { mode: string; sha: string }>();
  for (const entry of listed.stdout.split("\0")) {
    const m = /^(\d+) ([0-9a-f]+) 0\t(.*)$/s.exec(entry);
    if (m) index.set(m[3] as string, { mode: m[1] as string, sha: m[2] as string });
  }
  const present = writes.filter((p) => regular(p) && index.has(p));
  const hashed = present.length > 0 ? (await gitRaw(root, ["hash-object", "--", ...present])).stdout.split("\n") : [];
  for (const p of writes) {
    const staged = index.get(p);
    const at = present.indexOf(p);
    const work = at >= 0 ? hashed[at] : undefined;
    if (staged && work && staged.sha === work && /^100(644|755)$/.test(staged.mode)) continue;
    if (staged && work && /^100(644|755)$/.test(staged.mode) && p.startsWith(`${exoRel}/ledger/`)) {
      const blob = await gitRaw(root, ["cat-file", "blob", staged.sha]);
      let text = "";
      try {
        text = readFileSync(join(root, p), "utf8");
      } catch {
        text = "";
      }
      // …and it keeps every record HEAD has: a commit may not cut the ledger's tail.
      const head = await gitRaw(root, ["--literal-pathspecs", "show", `HEAD:${p}`]);
      if (blob.code === 0 && (blob.stdout === "" || blob.stdout.endsWith("\n")) && text.startsWith(blob.stdout) && (head.code !== 0 || blob.stdout.startsWith(head.stdout))) continue;
    }
    if (!staged) continue; // not in the index any more: nothing of it is committed
    problems.push(`${p}: the staged content is not what the work tree holds [EXO_STATE_PROTECTED] (exo's state and the files it manages are committed as they are in the work tree; run git add ${p})`);
  }
  return problems;
}

export async function preCommit(where: Located, io: HookIO): Promise<HookAnswer> {
  // exo's script checks the launcher's hash before it starts the launcher, but it starts
  // hook-run.cjs without one (git-hook-body.ts): the launcher a commit would leave must still be exo's.
  if (!launcherIsExos(where)) return { stdout: "", stderr: `${LAUNCHER_REPLACED}\n`, exitCode: 1 };
  const listed = stagedFromStdin(io) ?? (await gitRaw(where.root, ["diff", "--cached", "--name-status", "-M", "-z"])).stdout;
  const parts = listed.split("\0").filter((p) => p !== "");
  const staged: { path: string; action: "write" | "delete" }[] = [];
  const exoRel = where.exoDir.startsWith(`${where.root}/`) ? where.exoDir.slice(where.root.length + 1) : ".exo";
  for (let i = 0; i < parts.length; ) {
    const st = parts[i++] as string;
    if (st.startsWith("R") || st.startsWith("C")) {
      const old = parts[i++] as string;
      const neu = parts[i++] as string;
      if (st.startsWith("R")) staged.push({ path: old, action: "delete" });
      staged.push({ path: neu, action: "write" });
    } else staged.push({ path: parts[i++] as string, action: st.startsWith("D") ? "delete" : "write" });
  }
  // The paths prepare-commit-msg resolves its session from (a rename counts with both names).
  const names = staged.map((s) => `${s.path}\0`).join("");
  const problems: string[] = await selfProtection(where.root, exoRel, staged.map((s) => s.path));
  problems.push(...(await exoStateStaged(where.root, exoRel, staged)));
  // Governance sources staged without a matching staged lock: an uncompiled constitution change.
  const sourcePaths = staged.filter((s) => s.path.startsWith(`${exoRel}/`) && SOURCES[s.path.slice(exoRel.length + 1)]);
  if (sourcePaths.length > 0) {
    const lock = await gitRaw(where.root, ["show", `:${exoRel}/governance.lock.json`]);
    let sources: Record<string, string | null> = {};
    try {
      sources = (JSON.parse(lock.stdout) as { sources: Record<string, string | null> }).sources;
    } catch {
      sources = {};
    }
    for (const s of sourcePaths) {
      const key = SOURCES[s.path.slice(exoRel.length + 1)] as string;
      const blob = await gitRaw(where.root, ["show", `:${s.path}`]);
      const hash = s.action === "delete" ? null : sha256(sourceForm(blob.stdout));
      if ((sources[key] ?? null) !== hash) problems.push(`${s.path}: changed without exo compose [GOVERNANCE_DRIFT] (run exo compose and stage the lock and seal)`);
    }
  }
  const policy = readJsonSync(join(where.exoDir, "policy.sealed.json")) as PolicyView | null | undefined;
  const targets = staged.filter((s) => !isExoPath(s.path) && !s.path.startsWith(`${exoRel}/`)).map((s) => ({ path: join(where.root, s.path), action: s.action }));
  let bound: { id: string; ticket: string; actor: string } | null = null;
  /** The constitution rule behind a problem, for its advisory hook.warned record. */
  const ruleOf = new Map<string, string>();
  if (policy && typeof policy === "object" && targets.length > 0) {
    const gatePolicy: PolicyView = { ...policy, require_lock: null, hooks: { ...policy.hooks, no_session: "allow", enforcement: "strict" } };
    const rels = targets.map((t) => t.path.slice(where.root.length + 1));
    const nocase = caseInsensitiveAt(where.stateDir);
    const { session, ambiguous } = resolveSession(sessions(where.stateDir), {}, io.env, where.root, rels, nocase);
    bound = session;
    const base = { unknownWrites: [], repoRoot: where.root, home: homedir(), tmpdir: tmpdir(), caseInsensitive: nocase };
    const now = new Date();
    if (ambiguous.length > 0) {
      const all = sessions(where.stateDir).filter((s) => ambiguous.includes(s.id));
      for (const t of targets) {
        const ok = all.some((s) => checkAction(gatePolicy, { ...base, targets: [t] }, s, null, now).decision === "allow");
        if (ok) continue;
        // The constitution's deny rules come first (SPEC §8.6), whichever session the path is for:
        // .env is RULE_DENIED by its rule, as with one session or none (before: OUT_OF_SCOPE, and an
        // advisory hook.warned record named no rule).
        const denied = checkAction(gatePolicy, { ...base, targets: [t] }, null, null, now);
        if (denied.decision !== "allow") {
          const problem = `${denied.targets[0]?.path ?? t.path}: ${denied.reason} [${denied.code}]`;
          problems.push(problem);
          if (denied.rule) ruleOf.set(problem, denied.rule);
        } else problems.push(`${t.path.slice(where.root.length + 1)}: outside the scope of every active session (${ambiguous.join(", ")}) [OUT_OF_SCOPE]`);
      }
    } else {
      for (const t of targets) {
        const d = checkAction(gatePolicy, { ...base, targets: [t] }, session, null, now);
        if (d.decision !== "allow") {
          const problem = `${d.targets[0]?.path ?? t.path}: ${d.reason} [${d.code}]`;
          problems.push(problem);
          if (d.rule) ruleOf.set(problem, d.rule);
        }
      }
    }
  }
  if (problems.length === 0) {
    writeTrailerMemo(where, io, names);
    return { stdout: "", stderr: "", exitCode: 0 };
  }
  // A seal that fails its own hash cannot vouch for advisory mode.
  const advisory = (policy as { hooks?: { enforcement?: string } } | null)?.hooks?.enforcement === "advisory" && hasValidSeal(policy as unknown as Record<string, unknown>, "seal_sha256");
  if (advisory) writeTrailerMemo(where, io, names);
  const who = { session: bound?.id ?? null, ticket: bound?.ticket ?? null, actor: bound?.actor ?? null };
  if (advisory) {
    // The commit goes through: each problem is a warning (SPEC §7.2 advisory: allow + hook.warned),
    // not a commit.blocked record that metrics and the dashboard would count as a refusal.
    for (const problem of problems) {
      const path = problem.includes(": ") ? (problem.slice(0, problem.indexOf(": ")).split(", ")[0] ?? null) : null;
      const action = staged.find((s) => s.path === path)?.action ?? null;
      const code = /\[([A-Z_]+)\]/.exec(problem)?.[1] ?? null;
      await recordHookEvent(where, { harness: "git", event: "pre-commit", tool: "git commit", type: "hook.warned", code, path, action, rule: ruleOf.get(problem) ?? null, reason: problem, ...who }, io.env, null).catch(() => undefined);
    }
  } else await recordHookEvent(where, { harness: "git", event: "pre-commit", tool: "git commit", type: "commit.blocked", code: null, path: null, action: null, rule: null, reason: problems.join("; "), reasons: problems, ...who }, io.env, null).catch(() => undefined);
  // The session belongs to an agent; a person at the same checkout committing their own files is told how.
  const person = !advisory && bound && problems.some((p) => p.endsWith("[OUT_OF_SCOPE]") || p.endsWith("[SCOPE_DENIED]"))
    ? `These files are outside the open session ${bound.id} (${bound.actor}, ticket ${bound.ticket}). A person committing their own work here runs git commit --no-verify; an agent may not.\n`
    : "";
  const text = `exo ${advisory ? "warns about" : "blocked"} this commit:\n${problems.map((p) => `  - ${p}`).join("\n")}\n${person}`;
  return { stdout: "", stderr: text, exitCode: advisory ? 0 : 1 };
}

/** The session whose trailers a commit of these staged paths (`git diff --cached --name-only -z`) carries. */
function trailerSession(where: Located, io: HookIO, nameOnly: string): { id: string; ticket: string } | null {
  const rels = nameOnly.split("\0").filter(Boolean);
  return resolveSession(sessions(where.stateDir), {}, io.env, where.root, rels, caseInsensitiveAt(where.stateDir)).session;
}

/**
 * The trailer memo (`<git dir>/exo-trailers`): pre-commit already resolved the session of this
 * commit, so it leaves "<pid of git commit>\n<session>\n<ticket>\n<plain or nothing>\n" for the
 * prepare-commit-msg shell script, which applies the trailers without starting Node when the pid
 * is its parent's.
 * EXO_GIT_DIR is set by exo's hook scripts; without it (another wrapper) no memo is written.
 */
function writeTrailerMemo(where: Located, io: HookIO, nameOnly: string): void {
  const gitDir = io.env["EXO_GIT_DIR"];
  if (!gitDir || !gitDir.startsWith("/")) return;
  const memo = join(gitDir, "exo-trailers");
  try {
    const session = trailerSession(where, io, nameOnly);
    // Ephemeral, in the git dir: a temp file and a rename (atomic; no fsync: a lost memo only
    // means prepare-commit-msg resolves the session itself).
    const temp = `${memo}.${process.pid}.tmp`;
    // The pid of `git commit`: exo's pre-commit script names it (Node runs in its pipeline);
    // a wrapper that execs Node directly makes git the parent.
    const commitPid = io.env[COMMIT_PID_ENV] ?? "";
    // The fourth line lets the script append the trailers itself (stdlib/hooks/trailer-config.ts).
    const how = trailerConfigIsPlain(where.stateDir) ? "plain" : "";
    writeFileSync(temp, `${/^[1-9][0-9]*$/.test(commitPid) ? commitPid : process.ppid}\n${session?.id ?? ""}\n${session?.ticket ?? ""}\n${how}\n`);
    renameSync(temp, memo);
  } catch {
    removeFileSync(memo);
  }
}

/** The message file: git passes it as the hook's first argument (absolute in linked worktrees). */
function messageFile(where: Located, io: HookIO): string {
  const at = process.argv.indexOf("prepare-commit-msg");
  const arg = at >= 0 ? process.argv[at + 1] : undefined;
  if (arg) return resolve(io.cwd, arg);
  return join(io.env["EXO_GIT_DIR"]?.startsWith("/") ? io.env["EXO_GIT_DIR"] : join(where.root, ".git"), "COMMIT_EDITMSG");
}

export async function prepareCommitMsg(where: Located, io: HookIO): Promise<HookAnswer> {
  const msgFile = messageFile(where, io);
  const diff = await gitRaw(where.root, ["diff", "--cached", "--name-only", "-z"]);
  const session = trailerSession(where, io, diff.stdout);
  if (!session) return { stdout: "", stderr: "", exitCode: 0 };
  // git merge (and git pull) write MERGE_MSG with no final newline, and interpret-trailers then
  // appends the trailers to the subject line itself (`Merge branch 'main' of … Exo-Session: …` in
  // git log --oneline, no trailers to %(trailers)): the line is ended first.
  endLine(msgFile);
  await gitRaw(where.root, ["interpret-trailers", "--in-place", "--if-exists", "doNothing", "--trailer", `Exo-Session: ${session.id}`, "--trailer", `Exo-Ticket: ${session.ticket}`, msgFile]);
  return { stdout: "", stderr: "", exitCode: 0 };
}

/** Ends a message file's last line, if it has text and no final newline. */
function endLine(file: string): void {
  try {
    const text = readFileSync(file, "utf8");
    if (text !== "" && !text.endsWith("\n")) writeFileSync(file, `${text}\n`);
  } catch {
    // No readable message: interpret-trailers reports it as before.
  }
}

/** Cursor afterFileEdit cannot block: record the path and warn in the ledger when it violates. */
export async function afterFileEdit(where: Located, payload: Record<string, unknown>, io: HookIO): Promise<HookAnswer> {
  const path = String(payload["file_path"] ?? "");
  const rel = path.startsWith(`${where.root}/`) ? path.slice(where.root.length + 1) : path;
  const nocase = caseInsensitiveAt(where.stateDir);
  const { session } = resolveSession(sessions(where.stateDir), payload, io.env, where.root, [rel], nocase);
  const policy = readJsonSync(join(where.exoDir, "policy.sealed.json")) as PolicyView | null | undefined;
  if (session && policy && path.startsWith("/")) {
    appendTouched(where, session, [{ path: rel, action: "write" }], io.env);
    // The edit is made: what matters is scope and rules, not whether a lock was held for it.
    const d = checkAction({ ...policy, require_lock: null }, { targets: [{ path, action: "write" }], unknownWrites: [], repoRoot: where.root, home: homedir(), tmpdir: tmpdir(), caseInsensitive: nocase }, session, null, new Date());
    if (d.decision !== "allow" || d.enforced_from) await recordHookEvent(where, { harness: "cursor", event: "afterFileEdit", tool: "edit", type: "hook.warned", code: d.code, path: rel, action: "write", rule: d.rule, reason: d.reason, session: session.id, ticket: session.ticket, actor: session.actor }, io.env, null);
  }
  return { stdout: "{}", stderr: "", exitCode: 0 };
}
