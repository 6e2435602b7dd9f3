// Two exo processes of one clone fetching the remote leases at the same moment write the same
// tracking ref, and git gives up on it ("cannot lock ref '…': is at X but expected Y"). The remote
// answered, so that is no REMOTE_UNAVAILABLE: fetchRefs runs such a fetch again. Plain concurrent
// `git fetch` fails here about one round in four (seen as REMOTE_UNAVAILABLE in hostile-15's
// next/session-start race under load).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { fetchRefs } from "../../../../src/stdlib/locks/distributed.js";
import { tempDir } from "../../../helpers/repo.js";

test("concurrent fetches into one tracking ref while the remote ref moves all succeed", { timeout: 120_000 }, async () => {
  const dir = await tempDir();
  const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, stdio: "pipe" }).toString();
  git(dir, "init", "-q", "--bare", "remote.git");
  const root = join(dir, "clone");
  git(dir, "init", "-q", "clone");
  git(root, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m", "0");
  git(root, "remote", "add", "origin", "../remote.git");
  const spec = ["--no-write-fetch-head", "--", "origin", "+refs/exo/leases/*:refs/exo/remote-leases/origin/*"];
  for (let round = 1; round <= 20; round++) {
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m", String(round));
    git(root, "push", "-q", "-f", "origin", "HEAD:refs/exo/leases/T1");
    const results = await Promise.all([fetchRefs({ root }, ["--prune", ...spec]), fetchRefs({ root }, spec), fetchRefs({ root }, spec)]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(git(root, "rev-parse", "refs/exo/remote-leases/origin/T1")).toBe(git(root, "rev-parse", "HEAD"));
  }
});
