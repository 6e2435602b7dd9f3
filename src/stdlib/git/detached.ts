// exo's own commits made on a detached HEAD and left behind by a checkout of a branch: the finish
// warned (AUTO_COMMIT_DETACHED), but once HEAD moved on, that session's ledger records, memento and
// ticket status were in no branch, the ticket was todo again for exo next, and doctor said nothing.
// HEAD's reflog tells them apart from a branch deleted unmerged: git names the commit it leaves
// ("checkout: moving from <sha> to main") only when HEAD was detached.
import { gitRaw } from "../../io/git.js";

export interface LeftCommit {
  commit: string;
  subject: string;
}

const SHA = /^[0-9a-f]{40,64}$/;

/** exo's commits (oldest first) made on a detached HEAD that no branch, remote branch or tag holds, nor a commit of theirs with the same subject (a cherry-pick). */
export async function leftOnDetachedHead(root: string): Promise<LeftCommit[]> {
  const log = await gitRaw(root, ["log", "-g", "-n", "300", "--format=%H%x00%gs%x00%s", "HEAD", "--"]);
  if (log.code !== 0) return [];
  const found: LeftCommit[] = [];
  // Newest first: the "from" of the checkout that came after each entry.
  let leftFrom: string | null = null;
  for (const line of log.stdout.split("\n")) {
    const [commit = "", action = "", subject = ""] = line.split("\0");
    const moved = /^checkout: moving from (\S+) to /.exec(action);
    if (moved) {
      leftFrom = SHA.test(moved[1] as string) ? (moved[1] as string) : null;
      continue;
    }
    if (leftFrom !== null && action.startsWith("commit") && subject.startsWith("chore(exo): ") && !found.some((f) => f.commit === commit)) found.push({ commit, subject });
  }
  const out: LeftCommit[] = [];
  for (const f of found.reverse()) {
    if ((await gitRaw(root, ["merge-base", "--is-ancestor", f.commit, "HEAD"])).code === 0) continue;
    const holders = await gitRaw(root, ["for-each-ref", "--count=1", "--contains", f.commit, "--format=%(refname)", "refs/heads", "refs/remotes", "refs/tags"]);
    if (holders.code !== 0 || holders.stdout.trim() !== "") continue;
    const picked = await gitRaw(root, ["log", "-n", "1", "--format=%H", "--fixed-strings", `--grep=${f.subject}`, "HEAD", "--"]);
    if (picked.code !== 0 || picked.stdout.trim() !== "") continue;
    out.push(f);
  }
  return out;
}
