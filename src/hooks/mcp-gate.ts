// MCP tool calls (Claude/Codex `mcp__server__tool`, Cursor beforeMCPExecution, Windsurf
// pre_mcp_tool_use): exo cannot know what a foreign tool writes, so it judges by effect
// (docs/hooks.md "write classes"): path-like argument values of a tool that may write are
// candidate writes; a writing tool with no path it can see is an unknown write. Hot path: pure.
import { shellLine } from "../kernel/quote.js";
import type { Forbidden, ShellTarget } from "../kernel/shell.js";
import { CLOSES_WORK, INSTALLS_HOOKS, NEW_FENCE_FLAGS, SETS_FENCE, TAKES_HOOKS_OUT, TAKES_OTHERS_WORK, TICKET_SCOPE_FLAGS, WIDENS_SCOPE } from "../kernel/shell-words.js";

const READ_VERBS = /^(read|get|list|search|query|fetch|find|show|view|describe|count|status|stat|inspect|lookup|resolve|explain|check|validate|diff|log|grep|glob|tree|ls|cat|head|tail|browse|navigate|screenshot|snapshot|info|help|ping|whoami|ready|brief|decide|tickets?|intents?|ledger|metrics|drift|doctor|trace|context|next)$/i;
/** A word anywhere in a tool's name that makes it a writer, whatever its first word (find_and_replace, getOrCreateFile). */
const WRITE_WORDS = /^(write|writes|create|update|upsert|edit|replace|delete|remove|rm|move|mv|rename|copy|cp|patch|apply|set|put|insert|append|save|modify|change|make|mkdir|touch|upload|download|commit|push|checkout|reset|restore|revert|merge|rebase|conflicts?|fix|format|generate|install|uninstall|run|exec|execute|eval|shell|bash|command|import|export|overwrite|truncate|clear|drop|add|new|store|sync|pull|clone|extract|unzip|clean|purge|prune|wipe|destroy|erase|unlink|link|symlink|chmod|chown|repair|refactor|rewrite|dump|persist|archive|compress|decompress|zip|untar|mount)$/i;

/** The words of a tool name: `find_and_replace`, `get-or-create`, `getOrCreateFile`, `fs.write`. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/__|[\s._-]+/)
    .filter((w) => w !== "");
}

/**
 * A tool that only reads: its first word is a read verb and no word of its name writes. A first
 * word naming its own server is passed over (mcp-server-git's `git_status`, `git_log`, registered as
 * `git`: asked as writers of the repository before red-team round 19).
 */
function readsOnly(name: string, server = ""): boolean {
  const words = nameWords(name);
  const own = new Set(server.toLowerCase().split(/[^a-z0-9]+/));
  const verb = words.length > 1 && own.has((words[0] as string).toLowerCase()) ? words[1] : words[0];
  // "pull request" and "merge request" are nouns (GitHub's list_pull_requests, GitLab's
  // get_merge_request: asked as writers before the everyday sweep of round 19).
  const noun = (k: number) => /^(pull|merge)$/i.test(words[k] as string) && /^requests?$/i.test(words[k + 1] ?? "");
  return verb !== undefined && READ_VERBS.test(verb) && !words.some((w, k) => WRITE_WORDS.test(w) && !noun(k));
}
/**
 * The last word of a key (camelCase, snake_case, kebab-case or dotted) that names a path: newPath,
 * targetPath, outputFile, sourcePath, source, src, dst, from (a move's source is deleted).
 */
const PATH_WORDS = /^(path|paths|pathname|relpath|abspath|fullpath|file|files|filename|filepath|target|targets|destination|dest|dst|dir|dirs|directory|folder|output|out|to|uri|location|root|source|sources|src|from)$/i;
/**
 * A key naming a path inside code or data, not a file: Serena's `name_path` ("MyClass/method",
 * "/MyClass"), a `symbol_path`, `json_path`, `key_path`, `url_path` (before red-team round 16 a
 * symbol edit was denied as a write of the file MyClass/method).
 */
const symbolPath = (key: string): boolean => {
  const w = nameWords(key);
  return w.length >= 2 && /^paths?$/i.test(w[w.length - 1] as string) && /^(name|symbol|json|key|field|property|prop|attr|attribute|object|class|member|node|element|selector|xpath|css|jq|yaml|dotted|module|import|api|url|route|endpoint)$/i.test(w[w.length - 2] as string);
};
const pathKey = (key: string): boolean => PATH_WORDS.test((nameWords(key).pop() ?? "").replace(/\d+$/, "")) && !symbolPath(key);
/** Keys whose value is a folder a tool may resolve the other paths from (dir + name, cwd + path, workspace + relpath). */
const BASE_WORDS = /^(dir|directory|folder|cwd|root|base|basedir|workspace|workdir|repo|project)$/i;
/** Arguments that name where a tool puts what it produces, whatever its name says it does (get_report {output}, fetch {save_to}). */
const OUTPUT_KEYS = /(^|_)(output|outputs|out|outfile|outdir|save|saveas|saveto|dest|destination|download|write_to|copy|export|dump)(_?(path|paths|file|filename|dir|directory|folder|name|to|as))?$/i;
/** Read verbs whose tools commonly save what they take (a screenshot, a snapshot, a fetched file): any path argument is an output. */
const PRODUCING_VERBS = /^(screenshot|snapshot|fetch)$/i;

/** exo's own MCP server is governed by exo itself. */
function isExoServer(server: string): boolean {
  if (/^exo(-mcp)?$/i.test(server)) return true;
  // A command line (Cursor gives the server's command): exo-mcp itself, a runner of exoprotocol's
  // exo-mcp, or node on exo's MCP entry; a foreign server merely mentioning exo-mcp is not exo's.
  const words = server.trim().split(/\s+/);
  const base = (w: string | undefined) => (w ?? "").split("/").pop() ?? "";
  const first = base(words[0]);
  if (first === "exo-mcp") return true;
  if (["npx", "pnpx", "bunx"].includes(first) || (["npm", "pnpm", "yarn", "bun"].includes(first) && ["exec", "dlx", "x"].includes(words[1] ?? ""))) {
    return words.some((w) => /^((-p|--package)=)?exoprotocol(@\S*)?$/.test(w)) && words.includes("exo-mcp");
  }
  return first === "node" && /(^|\/)exoprotocol\/dist\/mcp\/bin\.js$/.test(words[1] ?? "");
}

/** A string argument that names a path under a key `keep` accepts (a `file://` URI counts; other URIs do not). */
const pathUnder = (keep: (key: string) => boolean) => (key: string, value: string) => keep(key) && value !== "" && (FILE_URI.test(value) || !value.includes("://"));
/** Any tool's candidate paths: path-like keys, and values that look like paths under any key. */
const anyPath = (key: string, value: string) => pathUnder(pathKey)(key, value) || FILE_URI.test(value) || (!symbolPath(key) && (value.startsWith("/") || value.startsWith("./") || value.startsWith("~/"))) || value.startsWith("../");

/**
 * A writing tool's argument that is a path whatever its key: a new name with a folder in it
 * (rename {path, new_name: "../docs/x"}), or any word that climbs with `..` (before red-team round
 * 15 both passed unless their key named a path).
 */
const writerPath = (key: string, value: string) => anyPath(key, value) || (!/\s/.test(value) && !value.includes("://") && !TEXT_WORDS.test(nameWords(key).pop() ?? "") && (/(^|[/\\])\.\.([/\\]|$)/.test(value) || (/name$/i.test(nameWords(key).pop() ?? "") && value.includes("/"))));
/** Keys whose value is text to write or match, not a place (edits' oldText/newText, content). */
const TEXT_WORDS = /^(text|content|contents|body|code|data|message|msg|old|new|replacement|replace|pattern|query|search|string|str|value|snippet|source_code|diff)$/i;

/** A `file:` URI (file:///p, file:/p, file://host/p; the scheme in any case). */
const FILE_URI = /^file:\//i;

/**
 * The paths a `file://` URI names: as written, and with its %-escapes decoded as most servers
 * decode them (file:///repo/src/%2e%2e/docs/x is docs/x; before red-team round 15 it was read as a
 * folder inside src). `file://localhost/p` and `file:/p` are /p. A URL parser takes the scheme in
 * any case and drops a `?query` and a `#fragment` (`fileURLToPath("FILE:///repo/.env?x")` is
 * /repo/.env: both passed before red-team round 38).
 */
export function uriPaths(value: string): string[] {
  if (!FILE_URI.test(value)) return [value];
  const raw = value.replace(/^file:(\/\/(localhost(?=\/))?)?/i, "");
  const paths = new Set([raw.replace(/[?#].*$/s, ""), raw]);
  for (const p of [...paths]) {
    if (!p.includes("%")) continue;
    try {
      paths.add(decodeURIComponent(p));
    } catch {
      paths.add(p.replace(/%2e/gi, ".").replace(/%2f/gi, "/").replace(/%5c/gi, "\\"));
    }
  }
  return [...paths];
}

/** The string arguments (at any depth) that `take` counts as paths, without a `file://`. */
function collect(value: unknown, key: string, take: (key: string, value: string) => boolean, out: string[], depth: number): void {
  if (depth > 6 || out.length > 200) return;
  if (typeof value === "string") {
    if (take(key, value)) out.push(...uriPaths(value));
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collect(v, key, take, out, depth + 1);
    return;
  }
  if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) collect(v, k, take, out, depth + 1);
}

/** exo's tools that write a file or folder the caller names, and the argument that names it. */
const EXO_WRITES: [RegExp, string][] = [
  [/(^|_)export_traces$/, "out"],
  [/(^|_)dashboard$/, "out"],
  [/(^|_)pr_check$/, "markdown"],
  [/(^|_)worktree_create$/, "path"],
];

/**
 * The files exo's own tools write where the call says (`exo_export_traces` out, `exo_dashboard`
 * out, `exo_pr_check` markdown, `exo_worktree_create` path): writes like any other. exo-mcp
 * resolves a relative one from its own folder (the top of the work tree, or the `repo` argument),
 * which need not be the harness's cwd, so it is judged from each.
 */
function exoToolWrites(name: string, args: unknown, place: (p: string) => string, root: string | undefined): ShellTarget[] {
  if (args === null || typeof args !== "object") return [];
  const given = args as Record<string, unknown>;
  const out: ShellTarget[] = [];
  for (const [pattern, key] of EXO_WRITES) {
    const value = given[key];
    if (!pattern.test(name) || typeof value !== "string" || value === "") continue;
    // exo_worktree_create resolves its path from the top of the repository, whatever the repo argument.
    // A relative repo argument is exo-mcp's: from its own folder (the top), which the call's cwd need not be.
    const repo = typeof given["repo"] === "string" && given["repo"] !== "" ? given["repo"] : null;
    const repoBases = repo === null ? [] : [place(repo), ...(root && !repo.startsWith("/") && !repo.startsWith("~") ? [place(`${root}/${repo}`)] : [])];
    const bases = repo !== null ? [...repoBases, ...(key === "path" ? [root ?? null] : [])] : [null, root ?? null];
    for (const base of bases) out.push({ path: value.startsWith("/") || value.startsWith("~") || base === null ? place(value) : place(`${base}/${value}`), action: "write" });
  }
  return out;
}

/**
 * A call's tool name without its harness prefix (`MCP:`, `mcp__`, and the server in Cursor's
 * `mcp__server__tool` when no server is given apart), and whether it is one of exo's own tools
 * (all named exo_…; a server registered under the name exo, say a filesystem server in .mcp.json,
 * is judged like any other).
 */
function toolName(server: string, tool: string): { name: string; exoOwn: boolean } {
  const full = tool.replace(/^MCP:/, "").replace(/^mcp__/, "");
  const name = server === "" && tool.startsWith("mcp__") && full.includes("__") ? full.slice(full.indexOf("__") + 2) : full;
  return { name, exoOwn: (isExoServer(server) || /^exo__/.test(full)) && /^exo_[a-z0-9_]+$/.test(name) };
}

/**
 * The files one MCP call may read (when reads are guarded): every path argument of a tool that is
 * not exo's own, a reader's above all (the filesystem server's `read_text_file {path: ".env"}`,
 * `read_multiple_files {paths}`; allowed before red-team round 19), also from a folder another
 * argument names.
 */
export function mcpReads(server: string, tool: string, args: unknown): string[] {
  if (toolName(server, tool).exoOwn) return [];
  const paths: string[] = [];
  collect(args, "", anyPath, paths, 0);
  // A git object name REV:PATH (or :PATH, the index) names PATH, from the top of the repository:
  // mcp-server-git's `git_show {revision: "HEAD:.env"}` prints the blob (allowed before red-team round 21).
  const revs: string[] = [];
  collect(args, "", (_key, value) => /^[^:\s/]*(?::[0-3])?:[^/:\s][^:\s]*$/.test(value), revs, 0);
  const blobs = revs.map((r) => r.slice(r.lastIndexOf(":") + 1).replace(/^\.\//, ""));
  // A file named under a key exo does not read as a path ({f: ".env"}, {resource: ".env"}): any
  // word of a key that holds no text to write or match may be one, and only a denied file is
  // refused for it (allowed before red-team round 22).
  collect(args, "", (key, value) => !paths.includes(value) && value !== "" && value.length <= 4096 && !/\s/.test(value) && !value.includes("://") && !symbolPath(key) && !TEXT_WORDS.test(nameWords(key).pop() ?? ""), paths, 0);
  // A query's quoted names: a database server's query tool reads the files its SQL names (DuckDB's
  // `read_csv('.env')` and `FROM '.env'`, SQLite's readfile, Postgres's pg_read_file, MySQL's
  // LOAD_FILE; `query {sql: "select * from read_csv('.env')"}` passed before red-team round 48).
  // Only a denied file is refused for one; text that is no query (a message, a body) is not read so.
  const queries: string[] = [];
  collect(args, "", (key, value) => /^(sql|query|queries|statements?|stmt)$/i.test(nameWords(key).pop() ?? "") && SQL_READS.test(value), queries, 0);
  for (const q of queries) for (const m of q.matchAll(/'((?:[^'\s]|'')+)'|"([^"\s]+)"/g)) paths.push((m[1] ?? m[2] ?? "").replaceAll("''", "'"));
  const repos = repoFolders(args);
  return [...paths, ...blobs, ...blobs.flatMap((p) => repos.map((b) => `${b}/${p}`)), ...paths.filter((p) => !p.startsWith("/") && !p.startsWith("~")).flatMap((p) => baseFolders(args).map((b) => `${b}/${p}`))];
}

/** SQL that may read a file it names in quotes. */
const SQL_READS = /\b(from|read_\w+|readfile|load_file|pg_read_(binary_)?file|pg_stat_file|infile|copy|attach|import)\b/i;

/** A tool that prints the lines it matches in the files below a folder (Serena's search_for_pattern, desktop-commander's search_code, a grep tool). */
const searchesContent = (words: string[]): boolean => words.some((w) => /^(grep|rg|ripgrep|ag|ack)$/i.test(w)) || (words.some((w) => /^(search|find)$/i.test(w)) && words.some((w) => /^(code|content|contents|text|pattern|regex|string|strings|in)$/i.test(w)));

/**
 * The folders one MCP call searches the contents of, every file below them (when reads are
 * guarded): a content search's path arguments, else the folder it runs in. A secret there is
 * read as Grep's is (allowed before red-team round 22: `search_for_pattern {substring_pattern:
 * "TOKEN"}` printed .env's line). Its include and exclude globs narrow it.
 */
export function mcpTreeReads(server: string, tool: string, args: unknown): { folders: string[]; include: string[]; exclude: string[] } | null {
  const { name, exoOwn } = toolName(server, tool);
  if (exoOwn || !searchesContent(nameWords(name))) return null;
  const folders: string[] = [];
  collect(args, "", (key, value) => (pathKey(key) || BASE_WORDS.test(nameWords(key).pop() ?? "")) && !/glob|include|exclude/i.test(key) && value !== "" && !value.includes("://"), folders, 0);
  const include: string[] = [];
  const exclude: string[] = [];
  collect(args, "", (key, value) => /glob|include|file_?pattern|filePattern/i.test(key) && !/exclude/i.test(key) && value !== "", include, 0);
  collect(args, "", (key, value) => /exclude|ignore/i.test(key) && value !== "", exclude, 0);
  return { folders: folders.length > 0 ? folders : ["."], include: include.flatMap((g) => g.split(",")).filter((g) => g !== ""), exclude: exclude.flatMap((g) => g.split(",")).filter((g) => g !== "") };
}

/**
 * The git line an mcp-server-git tool runs that prints a patch, and the repository it names:
 * `git_show {revision}` is `git show REV`, `git_diff {target}` `git diff TARGET`, `git_diff_unstaged`
 * `git diff` and `git_diff_staged` `git diff --cached`; null for any other tool. It is judged as that
 * line is, so a tracked secret its patch changes is read (allowed before red-team round 36).
 */
export function mcpGitPatch(server: string, tool: string, args: unknown): { line: string; repo: string | null } | null {
  const { name, exoOwn } = toolName(server, tool);
  const verb = /(?:^|_)git_(show|diff|diff_unstaged|diff_staged)$/.exec(name)?.[1];
  if (exoOwn || verb === undefined) return null;
  const given = args !== null && typeof args === "object" && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
  const word = (key: string): string[] => (typeof given[key] === "string" && given[key] !== "" ? [given[key]] : []);
  const words = verb === "show" ? ["show", ...word("revision")] : verb === "diff" ? ["diff", ...word("target")] : verb === "diff_staged" ? ["diff", "--cached"] : ["diff"];
  return { line: shellLine(["git", ...words]), repo: repoFolders(args)[0] ?? null };
}

/** The repositories a call names ({repo_path: "/x"}, {repo: "."}): where a REV:PATH's PATH is. */
function repoFolders(args: unknown): string[] {
  const out: string[] = [];
  if (args !== null && typeof args === "object" && !Array.isArray(args)) {
    for (const [k, v] of Object.entries(args as Record<string, unknown>)) if (typeof v === "string" && v !== "" && !v.includes("://") && /^(repo|repository)(_?path|_?dir)?$/i.test(k)) out.push(v.replace(/\/+$/, ""));
  }
  return out;
}

/** Folders a relative path argument may be resolved from ({dir: "src", name: "../docs/x"}). */
function baseFolders(args: unknown): string[] {
  const bases: string[] = [];
  if (args !== null && typeof args === "object" && !Array.isArray(args)) {
    for (const [k, v] of Object.entries(args as Record<string, unknown>)) if (typeof v === "string" && v !== "" && !v.includes("://") && BASE_WORDS.test(nameWords(k).pop() ?? "")) bases.push(v.replace(/\/+$/, ""));
  }
  return bases;
}

/** Candidate writes of one MCP call; `place` turns a path into an absolute one; `root` is the top of the work tree. */
export function mcpTargets(server: string, tool: string, args: unknown, place: (p: string) => string, root?: string): { targets: ShellTarget[]; unknown: string[]; maybe: (ShellTarget & { label: string })[]; forbidden?: Forbidden[]; fences?: Forbidden[] } {
  const { name, exoOwn } = toolName(server, tool);
  // Only exo's own tools govern themselves.
  if (exoOwn) {
    // exo's tools govern themselves, but taking exo's hooks out is for a person, not an agent.
    const given = (key: string) => args !== null && typeof args === "object" && [true, "true"].includes((args as Record<string, unknown>)[key] as boolean | string);
    const present = (key: string) => args !== null && typeof args === "object" && (args as Record<string, unknown>)[key] !== undefined && (args as Record<string, unknown>)[key] !== null;
    // A CLI flag's argument (--scope-allow → scope_allow) is given.
    const anyFlag = (flags: readonly string[]) => flags.some((f) => present(f.slice(2).replaceAll("-", "_")));
    const forbidden: Forbidden[] = [];
    if (/(^|_)hook_install$/.test(name) && given("uninstall") && !given("dry_run")) forbidden.push({ what: "exo_hook_install with uninstall", code: "HOOKS_TAMPERED", why: TAKES_HOOKS_OUT });
    else if ((/(^|_)(hook_install|install)$/.test(name) && !given("dry_run")) || (/(^|_)sandbox_policy$/.test(name) && given("write"))) {
      forbidden.push({ what: name.replace(/^.*?(hook_install|install|sandbox_policy)$/, "exo_$1"), code: "HOOKS_TAMPERED", why: INSTALLS_HOOKS });
    }
    if (/(^|_)ticket_update$/.test(name) && anyFlag(TICKET_SCOPE_FLAGS)) {
      forbidden.push({ what: "exo_ticket_update of a scope, budget, parent or checks", code: "EXO_STATE_PROTECTED", why: WIDENS_SCOPE });
    }
    if (/(^|_)(lease_release|session_cleanup)$/.test(name) && given("force") && !given("dry_run")) {
      forbidden.push({ what: `${name.replace(/^.*?(lease_release|session_cleanup)$/, "exo_$1")} with force`, code: "EXO_STATE_PROTECTED", why: TAKES_OTHERS_WORK });
    }
    // exo_ticket_close refuses agent actors, but a tool call names its own actor ({"actor": "human"}):
    // closing is the person's acceptance of the work (allowed before red-team round 14).
    if (/(^|_)ticket_close$/.test(name)) forbidden.push({ what: "exo_ticket_close", code: "EXO_STATE_PROTECTED", why: CLOSES_WORK });
    const fences: Forbidden[] = [];
    if (/(^|_)intent_create$/.test(name) || (/(^|_)ticket_create$/.test(name) && (!present("parent") || anyFlag(NEW_FENCE_FLAGS)))) {
      fences.push({ what: `${name.replace(/^.*?(intent_create|ticket_create)$/, "exo_$1")} with a scope or budget of its own`, code: "EXO_STATE_PROTECTED", why: SETS_FENCE });
    }
    return { targets: exoToolWrites(name, args, place, root), unknown: [], maybe: [], ...(forbidden.length > 0 ? { forbidden } : {}), ...(fences.length > 0 ? { fences } : {}) };
  }
  const label = `MCP tool ${server ? `${server}/` : ""}${name}`;
  if (readsOnly(name, server)) {
    // A reading tool still writes where an output argument says (screenshot {path}, get_logs {output}).
    const producing = PRODUCING_VERBS.test(nameWords(name)[0] ?? "");
    const outputs: string[] = [];
    // Keys as written, and camelCase ones as their snake_case words (reportOutputPath, saveTo).
    collect(args, "", pathUnder((key) => OUTPUT_KEYS.test(key) || OUTPUT_KEYS.test(nameWords(key).join("_")) || (producing && pathKey(key))), outputs, 0);
    return { targets: [], unknown: [], maybe: outputs.map((p) => ({ path: place(p), action: "write" as const, label })) };
  }
  const paths: string[] = [];
  collect(args, "", writerPath, paths, 0);
  if (paths.length === 0) return { targets: [], unknown: [`${label} may change files exo cannot see`], maybe: [] };
  // A rename of a code symbol (Serena's rename_symbol, an LSP server's rename at a line and column)
  // rewrites every file that uses it, not only the one it names (allowed before red-team round 23).
  const renames = renamesEverywhere(nameWords(name), args) ? [`${label} renames a symbol in every file that uses it`] : [];
  // Beside a path exo sees, a word with a folder in it under a key exo does not know may be the file
  // the tool writes (JetBrains' pathInProject next to projectPath; allowed before red-team round 18).
  collect(args, "", (key, value) => !paths.includes(value) && !/\s/.test(value) && !value.includes("://") && /[^/]\/[^/]/.test(value) && !symbolPath(key) && !TEXT_WORDS.test(nameWords(key).pop() ?? ""), paths, 0);
  // A relative path may be resolved from a folder another argument names ({dir: "src", name: "../docs/x"}):
  // judged from there as well as from the working folder.
  const bases = baseFolders(args);
  const all = [...paths, ...paths.filter((p) => !p.startsWith("/") && !p.startsWith("~")).flatMap((p) => bases.map((b) => `${b}/${p}`))];
  return { targets: [], unknown: renames, maybe: all.map((p) => ({ path: place(p), action: "write" as const, label })) };
}

/** A tool that renames or refactors code across files: rename_symbol, refactor_*, an LSP `rename` given a position. */
function renamesEverywhere(words: string[], args: unknown): boolean {
  if (words.some((w) => /^(refactor|refactoring|refactorings)$/i.test(w))) return true;
  if (!words.some((w) => /^rename$/i.test(w))) return false;
  if (words.some((w) => /^(symbol|symbols|identifier|variable|function|method|class|field|property|member|type|references|everywhere)$/i.test(w))) return true;
  const keys = args !== null && typeof args === "object" && !Array.isArray(args) ? Object.keys(args) : [];
  return words.length === 1 && keys.some((k) => /^(line|character|column|col|position|offset|row|symbol|symbol_?name|name_?path)$/i.test(k));
}
