// `exo` with no arguments: a short status of the repository here and the commands to run next.
import { existsSync } from "node:fs";
import { ErrorCode, ExoError, WarningCode } from "../errors.js";
import type { Repo } from "../io/paths.js";
import { upToTop } from "../io/locate.js";
import { fromTopLine, shellWord } from "../kernel/quote.js";
import { createContext } from "../commands/context.js";
import type { Stdio } from "./main.js";
import { c, clip, COLUMNS, hanging, tone } from "./render/style.js";
import { sessionCounts, ticketCounts } from "./render/status.js";

function steps(lines: [string, string][]): string[] {
  // 80 columns: the longest commands give up sharing their line until the rest align and fit.
  const inline = new Set(lines);
  const widthOf = () => Math.max(0, ...[...inline].map(([cmd]) => cmd.length)) + 2;
  while ([...inline].some(([, why]) => 2 + widthOf() + why.length > COLUMNS)) {
    const longest = [...inline].reduce((a, b) => (b[0].length > a[0].length ? b : a));
    inline.delete(longest);
  }
  const width = widthOf();
  return ["", "Next:", ...lines.flatMap((line) => (inline.has(line) ? [`  ${c.cyan(line[0].padEnd(width))}${c.dim(line[1])}`] : [`  ${c.cyan(line[0])}`, ...hanging("    ", line[1]).map((l) => c.dim(l))]))];
}

export async function home(io: Stdio, cwd: string): Promise<number> {
  const out = [...hanging("", "exo: governance for AI coding agent sessions").map((l) => c.bold(l)), ""];
  let ctx;
  try {
    ctx = createContext({ cwd, env: io.env, harness: "cli", defaultActor: "human" });
    const repo = await ctx.repo();
    if (!repo.isInitialised) {
      // Deleted from the work tree while HEAD has it: git's copy, not a fresh install.
      const { deletedGovernance } = await import("../orchestrator/not-initialized.js");
      const gone = await deletedGovernance(repo);
      if (gone) out.push(`${gone.message}.`, ...steps([[gone.restore, "exo's committed files back as they were"], ["exo doctor", "then check the repository"]]));
      else {
        // Run as `npx exo` (a project's dependency) or `npx exoprotocol`, with no exo on PATH: the
        // commands as this shell runs them (before: `exo install`, which it answered "command not
        // found", while install's own steps said how to run them).
        const as = (await import("../io/runs-as.js")).exoRunsAs(ctx.env, repo.root, ctx.harness === "cli") ?? "exo";
        out.push(`${repo.root}: exo is not set up here yet.`, ...steps([[`${as} install`, "scan, constitution, adapters, hooks and one commit"], [`${as} install --dry-run`, "see the plan first"], [`${as} --help`, "every command"]]));
      }
      io.stdout(`${out.join("\n")}\n`);
      return 0;
    }
  } catch (error) {
    // Outside a repository: how to start. Anything else (a bad EXO_ACTOR) fails as every command does.
    if (!(error instanceof ExoError) || error.code !== ErrorCode.NOT_A_GIT_REPO) throw error;
    // Inside .git, a bare repository, a missing folder: the error's own way out (git init there is no help).
    const first: [string, string] = error.hint && error.hint !== "git init" ? [error.hint, "a work tree to run exo in"] : ["git init && exo install", "exo governs git repositories"];
    out.push(`${error.message}`, ...steps([first, ["exo --help", "every command"]]));
    io.stdout(`${out.join("\n")}\n`);
    return 0;
  }
  const { collectStatus } = await import("../orchestrator/status.js");
  const s = await collectStatus(ctx);
  const count = (k: string) => s.tickets.by_status[k] ?? 0;
  out.push(`repo        ${s.repo.root} (${s.repo.branch ?? "detached"})`);
  out.push(`governance  ${tone(s.governance.status)}${s.governance.version !== null ? ` · lock v${s.governance.version}` : ""}`);
  // The tasks by status, then intents and epics, as exo status says it; wrapped under itself in a
  // narrow terminal (before: 70 columns whatever $COLUMNS said).
  out.push(...hanging("tickets     ", ticketCounts(s, " ", c.red)));
  const mine = s.sessions.filter((x) => x.actor === ctx.actor && (x.status === "active" || x.status === "suspended"));
  out.push(`sessions    ${s.sessions.length === 0 ? "none open" : `${sessionCounts(s.sessions)}${s.sessions.some((x) => x.stale) ? `, ${c.red(`${s.sessions.filter((x) => x.stale).length} stale`)}` : ""}`}`);
  if (s.next) out.push(`ready       ${s.next.ticket} ${JSON.stringify(clip(s.next.title, Math.max(12, COLUMNS - 15 - [...s.next.ticket].length)))}`);
  const next: [string, string][] = [];
  // A config.yaml that does not parse (status answers without the next pick): say so, as status
  // does, and point at the file's problem; before, exo alone said "2 tasks wait on others".
  const unreadable = ctx.warnings.some((w) => w.code === WarningCode.CONFIG_UNREADABLE);
  for (const w of ctx.warnings) io.stderr(`warning: ${w.message}\n`);
  if (unreadable) next.push(["exo config-validate", ".exo/config.yaml has a problem: see where"]);
  else if (s.governance.status !== "valid") next.push(["exo doctor", `governance is ${s.governance.status}: see what is wrong`]);
  // A merge (a pull) stopped on conflicts in exo's files: before, "governance valid" and the next
  // task, while doctor failed. exo's generated files are written again, never merged by hand.
  const conflict = await stoppedConflict(await ctx.repo());
  if (conflict) next.push(conflict);
  // A ticket file that does not parse is left out of every count and of dispatch: doctor says how to restore it.
  if (count("unreadable") > 0) next.push(["exo doctor --section tickets", `${count("unreadable")} ticket file${count("unreadable") === 1 ? " does" : "s do"} not parse: nothing hands ${count("unreadable") === 1 ? "it" : "them"} out`]);
  // A fresh clone has no git hooks (git does not copy .git/hooks): say so before anything is committed ungated.
  const [{ missingHookEntries, installMissingHint, onlyGitHooksMissing }, { readSealedPolicy }] = await Promise.all([import("../stdlib/hooks/repair.js"), import("../stdlib/config/store.js")]);
  const hooks = await missingHookEntries(await ctx.repo(), await readSealedPolicy(await ctx.repo()).catch(() => null)).catch(() => null);
  if (hooks && hooks.missing.length > 0) next.push([installMissingHint(hooks.missing), onlyGitHooksMissing(hooks.missing) ? "git hooks are not installed in this clone" : `exo's hooks are missing for ${hooks.missing.join(", ")}`]);
  // Codex skips hooks it has not trusted, without a word (doctor fails on it); before, nothing here said so.
  const trust = await (await import("../stdlib/hooks/codex-trust.js")).codexTrust((await ctx.repo()).root, io.env).catch(() => null);
  if (trust && trust.untrusted.length > 0) next.push(["codex", "start it here and trust exo's hooks in /hooks"]);
  const active = mine.find((x) => x.status === "active");
  const suspended = mine.find((x) => x.status === "suspended");
  // Open in another worktree of this clone (a session's record names where it started): the
  // finish runs there (before: offered here as it was, and refused, as if git had undone the start).
  const away = active ? await elsewhere(await ctx.repo(), active.id) : null;
  if (active) next.push([away ? `cd ${shellWord(away)} && exo session-finish --summary "…"` : `exo session-finish --summary "…"`, `close ${active.id} on ${active.ticket}${away ? `, open in that worktree` : ""}`]);
  else if (suspended) next.push(["exo session-resume", `pick ${suspended.ticket} up again`]);
  // Another actor's suspended session (Claude Code's SessionEnd suspends the agent's): the person
  // who wraps it up resumes it as that actor, then finishes it (finish refuses a suspended session).
  const theirs = !active && !suspended ? s.sessions.find((x) => x.status === "suspended" && x.actor !== ctx.actor && !x.stale) : undefined;
  if (theirs) next.push([`exo session-resume --session-id ${theirs.id} --actor ${theirs.actor}`, `${theirs.actor} suspended its session on ${theirs.ticket}: resume it to finish or continue`]);
  // Claimed with exo next and no session started on it: that start is the step left out (not on a
  // ticket in review or closed since, which a session would reopen).
  // The ticket files are listed once, and only when a claim or the lines below need them.
  const { listTickets } = await import("../stdlib/tickets/store.js");
  let ticketList: Awaited<ReturnType<typeof listTickets>>["list"] | undefined;
  const allTickets = async () => (ticketList ??= (await listTickets(await ctx.repo())).list);
  // The claim to start is status's (waitingClaim: the actor's own first, an agent's with its
  // --actor), its command and its words from the one pick (before: the command from that pick and
  // the words from the first claim without a session, whoever's: "TICKET-002 is claimed by
  // agent:claude" over `exo session-start --ticket-id TICKET-003`).
  const claim = !active && !suspended ? s.claimed : null;
  // Several claims of one owner (exo next run twice): name the others, which wait as long as this one.
  const alsoClaimed = claim ? s.locks.filter((l) => l.live && !l.session && l.owner === claim.owner && l.ticket !== claim.ticket).map((l) => l.ticket) : [];
  const also = alsoClaimed.length > 0 ? ` (also claimed: ${alsoClaimed.join(", ")})` : "";
  const claimAt = claim ? next.push([claim.next_command, `${claim.ticket} is claimed by ${claim.owner}: start a session on it${also}`]) - 1 : -1;
  if (s.sessions.some((x) => x.stale)) next.push(["exo session-cleanup", "recover stale sessions"]);
  // The quick start's and exo install's story: exo next claims, its next: line starts the session
  // (before: session-start --dispatch here, exo next there, for the same step).
  const tickets = count("review") + count("paused") > 0 || (!s.next && !active) ? await allTickets() : [];
  // Work that waits for a person: a paused task nobody has open (a handoff), a task in review.
  const held = new Set(s.sessions.map((x) => x.ticket));
  const paused = !active ? tickets.find((t) => t.kind === "task" && t.status === "paused" && !held.has(t.id)) : undefined;
  // Handed to someone else (exo session-handoff --to): name who picks it up, as the handoff did.
  const to = paused ? ((await import("../orchestrator/dispatch.js")).pendingHandoffs(await ctx.repo()).get(paused.id) ?? null) : null;
  const { actorMatches } = await import("../kernel/ids.js");
  // Handed to you in another clone (the lock stayed in the sender's): its start.
  const handedToYou: [string, string] | null = paused && to !== null && actorMatches(ctx.actor, to) && claim?.ticket !== paused.id ? [`exo session-start --ticket-id ${paused.id}`, `${paused.id} was handed to you: start a session on it`] : null;
  const ready: [string, string] = ["exo ready", "what could be worked on, in dispatch order"];
  // When the ready pick is the ticket handed to you, its start takes the place of `exo next`
  // claiming it (before: "exo next  claim T" and, below it, "exo session-start --ticket-id T  was
  // handed to you").
  const startsHanded = handedToYou !== null && s.next?.ticket === paused?.id;
  if (!active && s.next) next.push(...(startsHanded && handedToYou ? [handedToYou, ready] : [ready, ["exo next", `claim ${s.next.ticket}; its next: line starts the session`] as [string, string]]));
  if (paused) {
    // A handoff that kept its lock (--keep-lock) is also the claim above: one line for the ticket,
    // naming who picks it up, not a second "start a session on it" for whoever runs exo.
    const claimLine = claim?.ticket === paused.id ? claimAt : -1;
    if (claimLine >= 0) next.splice(claimLine, 1);
    // Handed to another person: they start it in their clone; yours is the push that brings it
    // (before: `EXO_ACTOR=<them> exo session-start`, read as if you were them).
    if (to !== null && !actorMatches(ctx.actor, to)) {
      const step = await (await import("../orchestrator/handoff-step.js")).senderStep(await ctx.repo(), ctx.actor, paused.id, to, { commitFirst: true });
      next.push([step.next_command ?? `exo ticket-show ${paused.id}`, step.next_reason]);
    }
    else if (claimLine >= 0) {
      // The lock came with the handoff only when its session transferred this very lock (--keep-lock,
      // same token): a handoff pulled from another clone finds this clone's own earlier claim (exo
      // next) holding it (before: "handed to you with its lock" for that claim too).
      const sender = await (await import("../orchestrator/handoff-step.js")).handedOverOwnClaim(await ctx.repo(), paused.id);
      next.push([`exo session-start --ticket-id ${paused.id}`, sender ? `${paused.id} was handed to you by ${sender} in another clone, and your own claim holds its lock: start a session on it` : `${paused.id} was handed to you with its lock: start a session on it`]);
    }
    // Handed to you in another clone (the lock stayed in the sender's): a handoff, not a pause
    // (before: "is paused: pick it up", nothing of the handoff the start then shows). Printed above
    // when it is also the ready pick.
    else if (handedToYou) {
      if (!startsHanded) next.push(handedToYou);
    }
    else {
      // Paused by a teammate's suspend in another clone (pulled): whose it is, before a start here
      // works on it beside them (before: "is paused: pick it up", nothing of the suspended session).
      const { suspendedElsewhere } = await import("../orchestrator/suspended-elsewhere.js");
      const o = await suspendedElsewhere(await ctx.repo(), paused.id, new Set(s.sessions.map((x) => x.id))).catch(() => null);
      next.push([`exo session-start --ticket-id ${paused.id}`, o ? `${paused.id} is paused: ${o.actor} suspended ${o.session} on it in another clone and may resume it there; agree who keeps it before you pick it up` : `${paused.id} is paused: pick it up`]);
    }
  }
  const review = tickets.find((t) => t.kind === "task" && t.status === "review");
  if (review) {
    // Its session's work left uncommitted (finish's commit: line scrolled away): that commit first,
    // so the work is the session's to exo pr-check (before: only the close).
    const left = await (await import("../orchestrator/handoff-step.js")).finishedWorkLeft(await ctx.repo(), review.id);
    if (left) next.push([left.command, `${left.session} left ${left.files.length === 1 ? left.files[0] as string : `${left.files.length} files`} uncommitted: commit ${left.files.length === 1 ? "it" : "them"} as its work before ${review.id} is closed`]);
    next.push([`exo ticket-close ${review.id}`, `${review.id} is in review: close it once accepted`]);
  }
  if (s.tickets.by_kind["intent"] === undefined) next.push([`exo intent-create "Goal" --brain-dump "…"`, "say what the work is for"]);
  else if (!s.next && !active && !claim && !unreadable) {
    // Name a real parent: the first open epic or intent.
    const open = tickets.filter((t) => t.kind !== "task" && (t.status === "todo" || t.status === "active"));
    const parent = open.find((t) => t.kind === "epic") ?? open[0];
    // Tasks to do that wait on others are not a reason to add one: exo ready says what they wait for.
    // A task finished in a linked worktree reads todo here until its branch is merged: merging is
    // the step (before: "1 task waits on others: see what for").
    const todo = tickets.filter((t) => t.kind === "task" && t.status === "todo");
    const { finishedOnBranches } = await import("../orchestrator/dispatch.js");
    const onBranch = todo.length > 0 ? await finishedOnBranches(await ctx.repo(), tickets) : new Map<string, string>();
    const [merge] = [...onBranch].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    // A branch with only exo state and no worktree left is dropped, not merged; work left
    // uncommitted in its worktree is committed there first (mergeStep).
    const step = merge ? await (await import("../orchestrator/merge-step.js")).mergeStep(await ctx.repo(), merge[0], merge[1]) : null;
    if (step) next.push([step.line, step.why]);
    const waiting = todo.filter((t) => !onBranch.has(t.id)).length;
    // An intent (or epic) whose work is all closed reads todo until a person closes it: that close,
    // or a task more (before: only "nothing is ready: add a task").
    const { closableContainers } = await import("../orchestrator/tree.js");
    const closable = waiting === 0 && !merge ? [...closableContainers(tickets)] : [];
    const done = tickets.find((t) => t.id === closable[0]);
    if (done) next.push([`exo ticket-close ${done.id}`, `all the work under ${done.kind} ${done.id} is closed: close it, or add a task to it`]);
    if (waiting > 0) next.push(["exo ready", `${waiting} task${waiting === 1 ? " waits" : "s wait"} on others: see what for`]);
    else if (!merge && parent) next.push([`exo ticket-create "Task" --parent ${parent.id}`, "nothing is ready: add a task"]);
    // Every intent closed: a new one, not a task under "<intent id>" (before: a placeholder to fill in).
    else if (!merge) next.push([`exo intent-create "Goal" --brain-dump "…"`, "every intent is closed: say what the next work is for"]);
  }
  // A close (ticket-close) or new tickets not committed yet: teammates still see the ticket open,
  // or nothing. ticket-close and ticket-create said so once; before, exo alone said nothing of it.
  if (s.uncommitted) next.push([s.uncommitted.next_command, s.uncommitted.next_reason]);
  if (s.adapters.length > 0) next.push(["exo adapter-generate", "agent instruction files are out of date"]);
  next.push(["exo status", "the full overview"], ["exo --help", "every command"]);
  // Run from a folder below the top (a monorepo's package): the git lines with top-relative paths
  // start with the cd up to it, as the commands' own output does (cli/main.ts's linesFromHere).
  const up = cwd === io.cwd && next.some(([cmd]) => /^(git |"\$\{EDITOR)/.test(cmd)) ? upToTop(cwd, io.env) : "";
  // Run as `npx exo` (the project's dependency) with no exo on PATH: the steps as this shell runs
  // them, as before install (before: `exo next` and the rest, answered "command not found" there).
  const { exoRunsAs, runAs } = await import("../io/runs-as.js");
  const as = exoRunsAs(ctx.env, s.repo.root, ctx.harness === "cli");
  const runs = (cmd: string) => (as ? runAs(cmd, as) : cmd);
  out.push(...steps(next.slice(0, 6).map(([cmd, why]): [string, string] => [runs(fromTopLine(cmd, up)), why])));
  io.stdout(`${out.join("\n")}\n`);
  return 0;
}

/** The step for a git operation stopped on conflicts in exo's files (`.exo/` or the instruction files it generates), or null. */
async function stoppedConflict(repo: Awaited<ReturnType<ReturnType<typeof createContext>["repo"]>>): Promise<[string, string] | null> {
  const { stoppedOperation, unmergedPaths } = await import("../stdlib/git/unmerged.js");
  const stopped = stoppedOperation(repo.gitDir);
  if (!stopped) return null;
  const exo = repo.relative(repo.exoDir);
  const ours = (await unmergedPaths(repo.root, exo)) ?? [];
  if (ours.length === 0) return null;
  if (ours.every((f) => f === `${exo}/generated.json`)) return ["exo adapter-generate --force", `a git ${stopped} left exo's generated instruction files in conflict: write them again from the merged state`];
  return ["exo doctor --section git_tracking", `a git ${stopped} waits on conflicts in ${ours.length === 1 ? ours[0] : `${ours.length} of exo's files`}: see how to resolve them`];
}

/** The worktree session `id` started in, when it is another worktree of this clone that is still there; else null. */
async function elsewhere(repo: Repo, id: string): Promise<string | null> {
  const [{ readSession }, { sameDir }] = await Promise.all([import("../stdlib/sessions/store.js"), import("../io/paths.js")]);
  const session = await readSession(repo, id).catch(() => null);
  return session && !sameDir(session.worktree, repo.root) && existsSync(session.worktree) ? session.worktree : null;
}
