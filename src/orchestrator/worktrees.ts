// Worktrees per ticket (SPEC §6.10): create, remove, list.
import { existsSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { ExoError, ErrorCode, WarningCode } from "../errors.js";
import { git, gitFailed, gitRaw } from "../io/git.js";
import { realpathLongestPrefix } from "../io/paths.js";
import { branchNameProblem } from "../kernel/refs.js";
import type { Context } from "../commands/context.js";
import { loadConfig } from "../stdlib/config/store.js";
import { baseRef, headState } from "../stdlib/git/facts.js";
import { parseDirty } from "../stdlib/git/porcelain.js";
import { shellWord } from "../kernel/quote.js";
import { appendLedger } from "../stdlib/ledger/store.js";
import { listSessions } from "../stdlib/sessions/store.js";
import { listTickets, readTicket, updateTicket } from "../stdlib/tickets/store.js";
import { liveness } from "./session-context.js";

export interface WorktreeEntry {
  path: string;
  branch: string | null;
  head: string | null;
}

/** `git worktree list --porcelain`, parsed: each worktree's path, branch (without refs/heads/) and HEAD. Throws GIT_FAILED when git refuses. */
export async function listWorktrees(root: string): Promise<WorktreeEntry[]> {
  const out = await git(root, ["worktree", "list", "--porcelain"]);
  const entries: WorktreeEntry[] = [];
  for (const block of out.split("\n\n")) {
    const lines = block.split("\n");
    const path = lines.find((l) => l.startsWith("worktree "))?.slice(9);
    if (!path) continue;
    const branch = lines.find((l) => l.startsWith("branch "))?.slice(7).replace(/^refs\/heads\//, "") ?? null;
    const head = lines.find((l) => l.startsWith("HEAD "))?.slice(5) ?? null;
    entries.push({ path, branch, head });
  }
  return entries;
}

export async function worktreeCreate(ctx: Context, input: { ticket_id: string; path?: string | undefined; base?: string | undefined; branch?: string | undefined }) {
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  const ticket = await readTicket(repo, input.ticket_id);
  // A closed ticket gets no worktree: its next line, session-start there, would be refused
  // TICKET_CLOSED (before: a worktree and branch made, and the closed ticket's branch rewritten).
  if (["done", "cancelled", "archived"].includes(ticket.status)) {
    const reopen = `exo ticket-update ${ticket.id} --status todo --reason "…"`;
    throw new ExoError(
      ErrorCode.TICKET_CLOSED,
      ticket.status === "archived" ? `${ticket.id} is archived (final): no work goes on it; pick other work with exo next.` : `${ticket.id} is ${ticket.status}: no session can start on it in a worktree; reopen it first (${reopen}), or pick other work with exo next.`,
      { hint: ticket.status === "archived" ? "exo next" : reopen, details: { status: ticket.status } },
    );
  }
  const path = resolve(repo.root, input.path ?? `../${basename(repo.root)}-${input.ticket_id}`);
  // A work tree inside .exo/ or git's folder would put a checkout into exo's state or git's own files.
  const real = realpathLongestPrefix(path);
  const under = (dir: string | null) => dir !== null && (real === realpathLongestPrefix(dir) || real.startsWith(`${realpathLongestPrefix(dir)}/`));
  if ([repo.exoDir, repo.stateDir, repo.gitDir, repo.commonDir].some(under) || /(^|\/)\.git(\/|$)/.test(relative(repo.root, real))) {
    throw new ExoError(ErrorCode.INVALID_INPUT, `--path ${input.path ?? path} is inside .exo/ or git's folder; put the work tree elsewhere (default ../${basename(repo.root)}-${input.ticket_id}).`, {
      details: { issues: [{ path: "path", code: "path_unsafe", message: "inside .exo/ or .git", severity: "error" }] },
    });
  }
  // A worktree inside this checkout, where git does not ignore it: git shows it here as an untracked
  // folder, so a session working here was charged with it (out of scope) and its commit line
  // (git add -- … wt/) added the other worktree as an embedded repository. A path that exists
  // already is SPEC §6.10's path_exists, below, wherever it is.
  const inside = relative(realpathLongestPrefix(repo.root), real);
  if (inside !== "" && !inside.startsWith("..") && !existsSync(path) && (await gitRaw(repo.root, ["check-ignore", "-q", "--", `${inside}/x`])).code !== 0) {
    const fallback = `../${basename(repo.root)}-${input.ticket_id}`;
    throw new ExoError(ErrorCode.INVALID_INPUT, `--path ${input.path ?? path} is inside this checkout, where git would show the new worktree as an untracked folder: a session working here would be charged with it and its commit line would add it as an embedded repository; put it outside (default ${fallback}), or ignore it first (a line /${inside}/ in .gitignore).`, {
      hint: `exo worktree-create --ticket-id ${input.ticket_id}`,
      details: { issues: [{ path: "path", code: "path_in_checkout", message: "inside this checkout, not ignored", severity: "error" }] },
    });
  }
  if (ctx.harness === "mcp" && input.path !== undefined) (await import("../io/report-target.js")).besideRepoFolder(repo.root, path, input.path, `../${basename(repo.root)}-${input.ticket_id}`, input.ticket_id);
  const branch = input.branch ?? `${config.git.branch_prefix}${input.ticket_id}`;
  const base = input.base ?? (await baseRef(repo.root, config.git.remote, config.git.base_branch)) ?? "HEAD";
  const badBranch = branchNameProblem(branch);
  if (badBranch || base.startsWith("-")) {
    const what = badBranch ? `branch ${JSON.stringify(branch)} ${badBranch}` : `base ${JSON.stringify(base)} starts with "-"`;
    throw new ExoError(ErrorCode.INVALID_INPUT, `The ${what}; pass a valid --branch/--base.`, { details: { issues: [{ path: badBranch ? "branch" : "base", code: "unsafe_value", message: what, severity: "error" }] } });
  }
  const exists = (await gitRaw(repo.root, ["show-ref", "--verify", "--quiet", `refs/heads/${branch}`])).code === 0;
  // git checks a branch out in one worktree at a time: the ticket's worktree made before (or this
  // checkout on that branch) is where its work goes. Before: GIT_FAILED quoting git ("'exo/T1' is
  // already checked out at …"), hint git status, which names neither.
  const holder = exists ? (await listWorktrees(repo.root)).find((t) => t.branch === branch) : undefined;
  if (holder && !existsSync(holder.path)) {
    // Its folder removed by hand (rm -rf, not git worktree remove): git still holds the branch for it.
    const hint = `git worktree prune && exo worktree-create --ticket-id ${ticket.id}`;
    throw new ExoError(ErrorCode.INVALID_INPUT, `The branch ${branch} is still checked out by the worktree ${holder.path}, whose folder is gone (removed without git worktree remove); git worktree prune forgets it (the branch and its commits stay), then create the worktree again (${hint}).`, {
      hint,
      details: { path: holder.path, branch, issues: [{ path: "branch", code: "branch_checked_out", message: `checked out at ${holder.path}, which is gone`, severity: "error" }] },
    });
  }
  if (holder) {
    const here = holder.path === repo.root;
    const hint = `${here ? "" : `cd ${shellWord(holder.path)} && `}exo session-start --ticket-id ${ticket.id}`;
    throw new ExoError(ErrorCode.INVALID_INPUT, `The branch ${branch} is checked out already ${here ? "in this checkout" : `in the worktree ${holder.path}`}, and git checks a branch out in one worktree at a time; work on ${ticket.id} there (${hint})${here ? "" : `, or remove that worktree first (exo worktree-remove --path ${shellWord(holder.path)})`}.`, {
      hint,
      details: { path: holder.path, branch, issues: [{ path: "branch", code: "branch_checked_out", message: `checked out at ${holder.path}`, severity: "error" }] },
    });
  }
  // After the branch's holder: the ticket's worktree made before at this path (a retry, a second
  // agent, the default path) is where its work goes, not a reason to pick another --path.
  if (existsSync(path)) {
    throw new ExoError(ErrorCode.INVALID_INPUT, `${path} exists already; pick another --path.`, { details: { issues: [{ path: "path", code: "path_exists", message: "path exists", severity: "error" }] } });
  }
  // An existing branch is checked out as it is: a --base given for it has nothing to start from.
  if (exists && input.base !== undefined) ctx.warn(WarningCode.OPTION_IGNORED, `--base ${input.base} is ignored: the branch ${branch} exists, and its worktree checks it out as it is.`);
  await git(repo.root, exists ? ["worktree", "add", "--", path, branch] : ["worktree", "add", "-b", branch, "--", path, base]);
  (await import("../stdlib/hooks/bundle-record.js")).handBundleRecord(repo.stateDir, path);
  const who = { actor: ctx.actor, host: ctx.host, now: ctx.now() };
  // A command that changes state appends its event (SPEC §6): the ticket's branch is a ticket update.
  const { changed } = await updateTicket(repo, who, input.ticket_id, (t) => (t.branch === branch ? null : { ...t, branch }));
  if (changed) await appendLedger(repo, who, [{ type: "ticket.updated", ticket: input.ticket_id, data: { fields: ["branch"] } }]);
  return { path, branch, ticket: input.ticket_id, next_command: await startLine(repo, path, input.ticket_id) };
}

/**
 * The line that starts a session in the new worktree. A linked worktree reads the tickets committed
 * on its branch: a ticket created and not committed yet is not in its checkout, and a bare
 * session-start there failed (TICKET_NOT_FOUND). Then the line commits exo's tickets here first and
 * brings that commit into the worktree's branch, so it runs as printed.
 */
async function startLine(repo: Awaited<ReturnType<Context["governed"]>>, path: string, id: string): Promise<string> {
  const start = `cd ${shellWord(path)} && exo session-start --ticket-id ${id}`;
  const exoRel = relative(repo.root, repo.exoDir);
  if (exoRel.startsWith("..") || !existsSync(repo.ticketFile(id)) || existsSync(join(path, exoRel, "tickets", `${id}.yaml`))) return start;
  const here = (await headState(repo.root)).branch;
  if (!here) return start;
  const root = shellWord(repo.root);
  const tickets = `${exoRel}/tickets`;
  // Exo-Generated: the commit holds exo's files only, so exo pr-check counts it as governed (before:
  // `exo: tickets for T` with no trailer, an ungoverned_commit error in the change it opened).
  return `git -C ${root} add ${tickets} && git -C ${root} commit -m ${shellWord(`chore(exo): tickets for ${id}`)} -m 'Exo-Generated: true' -- ${tickets} && git -C ${shellWord(path)} merge --ff-only ${shellWord(here)} && ${start}`;
}

export async function worktreeRemove(ctx: Context, input: { ticket_id?: string | undefined; path?: string | undefined; force: boolean }) {
  // SPEC §6.10: --ticket-id or --path is required; a missing required flag is USAGE_ERROR (§5.1).
  if (!input.ticket_id && !input.path) throw new ExoError(ErrorCode.USAGE_ERROR, "exo worktree-remove needs --ticket-id or --path (the worktree to remove); list them with exo worktrees.", { hint: "exo worktrees" });
  const repo = await ctx.governed();
  const config = await loadConfig(repo);
  const trees = await listWorktrees(repo.root);
  let target: WorktreeEntry | undefined;
  let branches: string[] = [];
  if (input.path) target = trees.find((t) => t.path === resolve(repo.root, input.path ?? ""));
  else if (input.ticket_id) {
    const ticket = await readTicket(repo, input.ticket_id);
    // The ticket's branch, else the one worktree-create names by default: the branch field
    // worktree-create set is a change of this checkout's ticket file, lost to a git checkout or
    // stash of .exo (before: "No such linked worktree" beside the worktree exo had made).
    branches = [ticket.branch, `${config.git.branch_prefix}${ticket.id}`].filter((b): b is string => typeof b === "string" && b !== "");
    target = branches.map((b) => trees.find((t) => t.branch === b && t.path !== dirname(repo.exoDir))).find((t) => t !== undefined);
  }
  const named = input.path ? `at ${input.path}` : `of ${input.ticket_id ?? ""}`;
  // Run in the ticket's worktree itself: git removes no worktree from inside it, and the lookup
  // leaves this checkout out (before: "No linked worktree of T1", beside the worktree one stands in).
  const self = dirname(repo.exoDir);
  const main = trees[0]?.path;
  if (!target && !input.path && main && self !== main && trees.some((t) => t.path === self && t.branch !== null && branches.includes(t.branch))) {
    const hint = `cd ${shellWord(main)} && exo worktree-remove --ticket-id ${input.ticket_id ?? ""}`;
    throw new ExoError(ErrorCode.INVALID_INPUT, `This command runs in the worktree ${named} (${self}) itself: removing it would take away the folder your shell works in; run it from the main checkout (${hint}).`, {
      hint,
      details: { path: self, issues: [{ path: "ticket_id", code: "worktree_current", message: "the worktree this command runs in", severity: "error" }] },
    });
  }
  if (!target) throw new ExoError(ErrorCode.INVALID_INPUT, `No linked worktree ${named}; list them with exo worktrees.`, {
    hint: "exo worktrees",
    details: { issues: [{ path: input.path ? "path" : "ticket_id", code: "worktree_unknown", message: "no such worktree", severity: "error" }] },
  });
  for (const s of await listSessions(repo)) {
    if (s.worktree === target.path && !(await liveness(ctx, repo, config, s)).stale) {
      throw new ExoError(ErrorCode.TICKET_IN_USE, `Session ${s.id} of ${s.actor} works in ${target.path}; it must finish or suspend first (exo session-scan shows when it goes stale).`, { hint: "exo session-scan", details: { session: s.id } });
    }
  }
  // git refuses a worktree with changes ("contains modified or untracked files"); said here with
  // the files and a hint run against that worktree (before: GIT_FAILED, hint `git status`, which
  // pasted in this checkout shows this checkout's files, not the worktree's).
  // A worktree whose .git file a crash zeroed (or cut short, or pointed nowhere) is mended from this
  // repository's side first, as sidecar-init mends .exo's (before: GIT_FAILED "validation failed,
  // cannot remove working tree: '…/.git' is not a .git file", hint git status, and its changes
  // went unlooked at); then its changes are judged as any worktree's.
  if (existsSync(target.path) && (await gitRaw(target.path, ["rev-parse", "--git-dir"])).code !== 0) await gitRaw(repo.root, ["worktree", "repair", target.path]);
  const changed = existsSync(target.path) ? parseDirty((await gitRaw(target.path, ["status", "--porcelain=v1", "-z", "--untracked-files=all"])).stdout) : [];
  if (!input.force) {
    if (changed.length > 0) {
      const shown = changed.length > 5 ? `${changed.slice(0, 5).join(", ")} and ${changed.length - 5} more` : changed.join(", ");
      const on = target.branch ? ` on ${target.branch}` : "";
      // A task finished there with its work left uncommitted: the hint commits that work, with the
      // finished session's trailer, as exo next and exo ready say (before: git status, a look).
      const finished = target.branch ? [...(await (await import("./dispatch.js")).finishedOnBranches(repo, (await listTickets(repo)).list))].filter(([, b]) => b === target.branch).sort()[0] : undefined;
      const step = finished ? await (await import("./merge-step.js")).mergeStep(repo, finished[0], finished[1]) : null;
      throw new ExoError(ErrorCode.DIRTY_WORKTREE, `The worktree ${target.path} has changes git would lose (${shown}); commit them there${on} first, or pass --force to discard them.`, {
        hint: step?.kind === "commit_work" ? step.line : `git -C ${shellWord(target.path)} status`,
        details: { path: target.path, branch: target.branch, paths: changed },
      });
    }
  }
  const args = ["worktree", "remove", ...(input.force ? ["--force"] : []), target.path];
  const removed = await gitRaw(repo.root, args);
  if (removed.code !== 0) {
    // A worktree someone locked (git worktree lock: on a removable disk, kept on purpose): said so,
    // with git's reason (before: GIT_FAILED quoting git, hint git status, which does not show locks).
    const locked = /cannot remove a locked working tree(?:, lock reason: (.*))?/.exec(removed.stderr);
    if (locked) {
      const hint = `git worktree unlock ${shellWord(target.path)} && exo worktree-remove --path ${shellWord(target.path)}`;
      throw new ExoError(ErrorCode.INVALID_INPUT, `The worktree ${target.path} is locked (git worktree lock${locked[1] ? `: ${locked[1].trim()}` : ""}), so git keeps it; unlock it if it may go (${hint}).`, {
        hint,
        details: { path: target.path, branch: target.branch, issues: [{ path: input.path ? "path" : "ticket_id", code: "worktree_locked", message: locked[1]?.trim() ?? "locked", severity: "error" }] },
      });
    }
    throw gitFailed(args, removed);
  }
  // A task finished on the worktree's branch: the step that settles it here, now that the worktree
  // is gone (exo next says the same). A finish whose work --force discarded leaves a branch with only
  // exo state, which is dropped rather than merged (before: nothing said, and exo next hinted the merge).
  const finished = target.branch ? [...(await (await import("./dispatch.js")).finishedOnBranches(repo, (await listTickets(repo)).list))].filter(([, b]) => b === target.branch).sort()[0] : undefined;
  const step = finished ? await (await import("./merge-step.js")).mergeStep(repo, finished[0], finished[1]) : null;
  return {
    path: target.path,
    removed: true,
    branch: target.branch,
    discarded: input.force ? changed : [],
    ...(step && finished ? { ticket: finished[0], next_command: step.line, next_reason: step.why } : {}),
  };
}

export async function worktreesView(ctx: Context) {
  const repo = await ctx.governed();
  const tickets = (await listTickets(repo)).list;
  const sessions = await listSessions(repo);
  // A worktree's ticket: the ticket of the sessions working in it, else the one ticket whose branch
  // it has checked out. Several tickets record the branch every session shares (main): none of them
  // is the worktree's, so no arbitrary first one is named.
  const ticketOf = (w: { path: string; branch: string | null }, here: typeof sessions): string | null => {
    const worked = [...new Set(here.map((s) => s.ticket))];
    if (worked.length === 1) return worked[0] as string;
    const onBranch = w.branch === null ? [] : tickets.filter((t) => t.branch === w.branch);
    return onBranch.length === 1 ? (onBranch[0]?.id ?? null) : null;
  };
  return {
    worktrees: (await listWorktrees(repo.root)).map((w) => {
      const here = sessions.filter((s) => s.worktree === w.path);
      return { ...w, ticket: ticketOf(w, here), sessions: here.map((s) => s.id) };
    }),
  };
}
