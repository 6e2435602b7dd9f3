// What the sender does after handing a task to a teammate: a person works in a clone of their own,
// so the step is the push that brings them the handoff (before: `EXO_ACTOR=human:bob exo
// session-start …`, a line that, pasted, started the session here as bob).
import type { Repo } from "../io/paths.js";

/** Whether `to` is a person other than `actor` (an agent is started here, by whoever runs it). */
export function handedToPerson(actor: string, to: string | null): to is string {
  return to !== null && (to === "human" || to.startsWith("human:")) && to !== actor && !actor.startsWith(`${to}:`);
}

/**
 * The sender's next step for a task handed to another person: `git push` while this branch has
 * commits its upstream lacks (or none, or a remote without one; null for a repository without a
 * remote, where the receiver can only work here), with why in words.
 */
export async function pushStep(repo: Repo, ticket: string, to: string): Promise<{ next_command: string | null; next_reason: string } | null> {
  const { gitRaw } = await import("../io/git.js");
  const remotes = await gitRaw(repo.root, ["remote"]);
  if (remotes.code !== 0 || remotes.stdout.trim() === "") return null;
  const ahead = await gitRaw(repo.root, ["rev-list", "--count", "@{upstream}..HEAD"]);
  const start = `exo session-start --ticket-id ${ticket}`;
  if (ahead.code === 0 && ahead.stdout.trim() === "0") {
    return { next_command: null, next_reason: `${ticket} was handed to ${to}: they start it in their clone once they pull (${start})` };
  }
  const push = ahead.code === 0 ? "git push" : `git push -u ${remotes.stdout.trim().split("\n")[0] ?? "origin"} HEAD`;
  return { next_command: push, next_reason: `${ticket} was handed to ${to}: push, and they start it in their clone once they pull (${start})` };
}
