// What the shell analysis (./shell.ts) and the MCP gate (hooks/mcp-gate.ts) both say of commands an
// agent may not run, and the /proc spelling of the working folder that file tools take too. Kept
// apart from shell.ts so the hook gate judges a file or MCP call without loading the shell
// analysis (hooks/shell-lazy.ts).

export const TAKES_HOOKS_OUT = "an agent may not take exo's hooks out; a person runs exo hook-install --uninstall in their own terminal";
export const WIDENS_SCOPE = "an agent may not change a ticket's scope or budget; ask a person to run it";
export const SETS_FENCE = "an agent may not set the fence of new work (an intent, or a task without a parent or with its own scope allow list or budget); create the task under an existing intent or epic, which then gives it its scope, or ask a person to run it";
/** ticket-create flags that give new work a fence of its own (MCP: the same names in snake_case); without --parent a task may write everything. */
export const NEW_FENCE_FLAGS = ["--scope-allow", "--max-files", "--max-loc"];
export const TAKES_OTHERS_WORK = "an agent may not take another session's lock or recover a session that is still alive; a person runs it (exo session-scan shows which sessions are stale, and exo session-cleanup recovers those)";
export const INSTALLS_HOOKS = "an agent may not install or re-seal exo's hooks or harness settings; a person runs it";
export const CLOSES_WORK = "an agent may not close a ticket (a person's acceptance of the work); finish the session with exo session-finish --summary \"<what you did>\" --set-status review, and a person closes it";
/** ticket-update flags that move a ticket's fence (MCP: the same names in snake_case). */
export const TICKET_SCOPE_FLAGS = ["--scope-allow", "--scope-deny", "--boundary", "--max-files", "--max-loc", "--parent", "--check"];

/**
 * The rest of a path that names the calling process's own working folder through /proc (`/proc/self/cwd`,
 * `/proc/thread-self/cwd`, a thread's `/proc/self/task/N/cwd`, spelled with more slashes, `.` or a
 * `fd/..` on the way: `//proc/self/cwd`, `/proc/self/./cwd`), "" for the folder itself, or null.
 * Only `/proc/self/cwd` was read so before red-team round 23: the others were judged as the hook's
 * own folder, or as no folder of the repository. /dev/fd is a link to /proc/self/fd, so
 * `/dev/fd/../cwd` is that folder too (judged as the hook's own folder before red-team round 38).
 */
export function procSelfCwd(path: string): string | null {
  if (!/^\/+((\.{1,2}\/+)*)(proc|dev)\//.test(path)) return null;
  const segs = path.split("/");
  let seen: string[] = [];
  for (let k = 1; k < segs.length; k++) {
    const seg = segs[k] as string;
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      seen.pop();
      continue;
    }
    seen.push(seg);
    if (seen.length === 2 && seen[0] === "dev" && seg === "fd") seen = ["proc", "self", "fd"];
    const at = seen.join("/");
    if (/^proc\/(self|thread-self)(\/task\/\d+)?\/cwd$/.test(at)) {
      const rest = segs.slice(k + 1).join("/");
      return rest === "" ? "" : `/${rest}`;
    }
    if (at !== "dev" && !/^proc(\/(self|thread-self)(\/(task(\/\d+)?|fd|fdinfo|ns|net|attr|[a-z_]+))?)?$/.test(at)) return null;
  }
  return null;
}
