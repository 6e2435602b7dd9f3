// exo's own commits made on a detached HEAD and left behind by a checkout of a branch: the finish
// warned (AUTO_COMMIT_DETACHED), but once HEAD moved on, that session's ledger records, memento and
// ticket status were in no branch, the ticket was todo again for exo next, and doctor said nothing.
// HEAD's reflog tells them apart from a branch deleted unmerged: git names the commit it leaves
// ("checkout: moving from <sha> to main") only when HEAD was detached.
import { gitRaw } from "../../io/git.js";
import { reflogTail } from "../../io/git-refs.js";

export interface LeftCommit {
  commit: string;
  subject: string;
}

const SHA = /^[0-9a-f]{40,64}$/;

/**
 * exo's commits (oldest first) made on a detached HEAD that no branch, remote branch or tag holds,
 * nor a commit of theirs with the same subject (a cherry-pick). The reflog is read from its file
 * (doctor's budget): git is asked only of the commits found there.
 */
export async function leftOnDetachedHead(root: string, gitDir: string | null): Promise<LeftCommit[]> {
  const log = gitDir ? reflogTail(gitDir) : null;
  if (!log) return [];
  const found: LeftCommit[] = [];
  // Newest first: the "from" of the checkout that came after each entry.
  let leftFrom: string | null = null;
  for (const line of log) {
    // <old> <new> <name> <<email>> <time> <zone>\t<message>
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const commit = line.split(" ")[1] ?? "";
    const message = line.slice(tab + 1);
    const moved = /^checkout: moving from (\S+) to /.exec(message);
    if (moved) {
      leftFrom = SHA.test(moved[1] as string) ? (moved[1] as string) : null;
      continue;
    }
    const subject = /^commit[^:]*: (chore\(exo\): .*)$/.exec(message)?.[1];
    if (leftFrom !== null && subject && SHA.test(commit) && !found.some((f) => f.commit === commit)) found.push({ commit, subject });
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
