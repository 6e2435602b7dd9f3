// Strict grammars for values from repository files that reach git (issue #18): ref names with the
// rules of `git check-ref-format`, branch names and prefixes, remote names and URLs. Pure; a value
// that passes can never be read by git as an option or run a command.

/** Why `ref` breaks `git check-ref-format` (full ref, at least one `/`), or null when valid. */
export function refFormatProblem(ref: string): string | null {
  if (ref.length === 0) return "is empty";
  if (ref.length > 1024) return "is longer than 1024 characters";
  if (ref === "@") return 'is the single character "@"';
  if (ref.startsWith("-")) return 'starts with "-"';
  if (ref.startsWith("/") || ref.endsWith("/")) return 'starts or ends with "/"';
  if (ref.includes("//")) return 'contains "//"';
  if (ref.includes("..")) return 'contains ".."';
  if (ref.includes("@{")) return 'contains "@{"';
  if (ref.endsWith(".")) return 'ends with "."';
  for (const ch of ref) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x20 || c === 0x7f) return "contains a control character";
    if (" ~^:?*[\\".includes(ch)) return `contains ${JSON.stringify(ch)}`;
  }
  for (const part of ref.split("/")) {
    if (part.startsWith(".")) return `has a component starting with "." (${part})`;
    if (part.endsWith(".lock")) return `has a component ending with ".lock" (${part})`;
  }
  if (!ref.includes("/")) return 'has no "/"';
  return null;
}

/** Why `name` is not a usable branch name (`git check-ref-format --branch`), or null. */
export function branchNameProblem(name: string): string | null {
  if (name.startsWith("-")) return 'starts with "-"';
  if (name === "HEAD") return "is HEAD";
  return refFormatProblem(`refs/heads/${name}`);
}

/** Why a branch prefix is unusable: `<prefix><TICKET-ID>` must be a valid branch name. */
export function branchPrefixProblem(prefix: string): string | null {
  if (prefix.length === 0) return null;
  if (prefix.startsWith("-")) return 'starts with "-"';
  return branchNameProblem(`${prefix}T-1`);
}

// git takes a remote name of several components (`team/origin`): each checked below as a ref's.
const REMOTE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

/** Whether `remote` (one remoteProblem accepts) is a remote's name rather than a URL or path. */
export function isRemoteName(remote: string): boolean {
  return REMOTE_NAME.test(remote);
}
const URL_SCHEMES = new Set(["https:", "http:", "ssh:", "git:", "file:"]);
const SCP_LIKE = /^(?:[A-Za-z0-9._~-]+@)?([A-Za-z0-9][A-Za-z0-9.-]*):([^\s]*)$/;

/** Why `remote` is neither a remote name nor a plain URL git fetches from, or null. */
export function remoteProblem(remote: string): string | null {
  if (remote.length === 0) return "is empty";
  if (remote.length > 2048) return "is longer than 2048 characters";
  if (remote.startsWith("-")) return 'starts with "-" (git would read it as an option)';
  for (const ch of remote) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x21 || c === 0x7f) return "contains whitespace or a control character";
  }
  if (REMOTE_NAME.test(remote)) {
    if (remote.endsWith(".lock") || remote.includes("..")) return "is not a valid remote name";
    return refFormatProblem(`refs/remotes/${remote}/x`) ? "is not a valid remote name" : null;
  }
  if (remote.includes("::")) return 'uses a "<transport>::" remote helper (it can run commands)';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(remote)) {
    let url: URL;
    try {
      url = new URL(remote);
    } catch {
      return "is not a valid URL";
    }
    if (!URL_SCHEMES.has(url.protocol)) return `uses the ${url.protocol.slice(0, -1)} scheme (allowed: https, http, ssh, git, file)`;
    if (url.protocol !== "file:" && (url.hostname.length === 0 || url.hostname.startsWith("-"))) return "has an empty host or one starting with \"-\"";
    if (decodeURIComponent(url.username).startsWith("-")) return 'has a user name starting with "-"';
    return null;
  }
  const scp = SCP_LIKE.exec(remote);
  if (scp) return scp[2]?.startsWith("-") ? 'has a path starting with "-"' : null;
  if (remote.startsWith("/") || remote.startsWith("./") || remote.startsWith("../")) return null;
  return "is neither a remote name (origin) nor a URL (https://…, ssh://…, git@host:path, /path)";
}

/** Why a commit identity field is unusable (no control characters, no angle brackets), or null. */
export function identityProblem(value: string): string | null {
  if (value.length > 256) return "is longer than 256 characters";
  for (const ch of value) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x20 || c === 0x7f) return "contains a control character";
    if (ch === "<" || ch === ">") return `contains ${JSON.stringify(ch)}`;
  }
  return null;
}
