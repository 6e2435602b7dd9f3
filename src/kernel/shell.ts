// Write (and read) targets of a shell command line (SPEC §7.4), pure. A small real tokenizer:
// quotes, escapes, operators, redirections, here-documents, $(…) and backquotes, grouping.
import { posix } from "node:path";

export type Action = "read" | "write" | "delete";

export interface ShellTarget {
  path: string; // absolute, lexically normalised
  action: Action;
}

export interface ShellResult {
  targets: ShellTarget[];
  unknown: string[];
  /**
   * Writes inferred from a command's effect rather than its syntax (formatters, package managers,
   * downloads, find -delete, unknown programs given a path). The decision treats one that would
   * not be allowed as an unknown write (SPEC §7.4, docs/hooks.md "write classes").
   */
  maybe?: (ShellTarget & { label: string })[];
  /** Commands that take exo's own enforcement out (`exo hook-install --uninstall`): refused to agents. */
  forbidden?: string[];
}

export interface ShellContext {
  cwd: string;
  home: string;
  vars?: Record<string, string>;
  /** Expand a glob word against the filesystem; null or [] = no match (the word stays). */
  glob?: (pattern: string, cwd: string) => string[] | null;
  /** Is this absolute path an existing directory? (cp/mv DEST) */
  isDirectory?: (path: string) => boolean;
  guardReads?: boolean;
  /** Keep `..` segments (joined, not collapsed) so the caller can resolve symlinks first. */
  raw?: boolean;
}

interface Word {
  text: string;
  /** An expansion exo cannot resolve ($VAR, $(…), `…`) is left in the word. */
  dynamic: boolean;
  /** Unquoted glob characters. */
  glob: boolean;
  quoted: boolean;
}

interface Redirect {
  op: string;
  target: Word | null;
}

interface Simple {
  words: Word[];
  redirects: Redirect[];
  heredocInput: boolean;
}

interface Parsed {
  commands: Simple[];
  /** Bodies of $(…) and backquotes, parsed recursively by the caller. */
  nested: string[];
}

const GLOB_CHARS = /[*?[]/;
const KNOWN_VARS = new Set(["HOME", "PWD", "CLAUDE_PROJECT_DIR"]);

/** Tokenise a command line into simple commands. */
function parse(input: string, vars: Record<string, string>): Parsed {
  const commands: Simple[] = [];
  const nested: string[] = [];
  let current: Simple = { words: [], redirects: [], heredocInput: false };
  let word: Word | null = null;
  let pendingRedirect: string | null = null;
  const heredocs: { delim: string; strip: boolean }[] = [];
  const endWord = () => {
    if (!word) return;
    if (pendingRedirect !== null) {
      const op = pendingRedirect;
      pendingRedirect = null;
      if (op.startsWith("<<") && op !== "<<<") {
        heredocs.push({ delim: word.text, strip: op === "<<-" });
        current.heredocInput = true;
      } else current.redirects.push({ op, target: word });
    } else current.words.push(word);
    word = null;
  };
  const endCommand = () => {
    endWord();
    if (pendingRedirect !== null) {
      current.redirects.push({ op: pendingRedirect, target: null });
      pendingRedirect = null;
    }
    if (current.words.length > 0 || current.redirects.length > 0) commands.push(current);
    current = { words: [], redirects: [], heredocInput: false };
  };
  const w = (): Word => (word ??= { text: "", dynamic: false, glob: false, quoted: false });
  const readBalanced = (start: number, open: string, close: string): number => {
    let depth = 1;
    let i = start;
    let q: string | null = null;
    for (; i < input.length; i++) {
      const c = input[i] as string;
      if (q) {
        if (c === "\\" && q === '"') i++;
        else if (c === q) q = null;
        continue;
      }
      if (c === "'" || c === '"') q = c;
      else if (c === "\\") i++;
      else if (c === open) depth++;
      else if (c === close && --depth === 0) return i;
    }
    return input.length;
  };
  const dollar = (i: number): number => {
    const next = input[i + 1];
    if (next === "(") {
      if (input[i + 2] === "(") {
        const end = readBalanced(i + 3, "(", ")");
        w().dynamic = true;
        return Math.min(end + 1, input.length - 1);
      }
      const end = readBalanced(i + 2, "(", ")");
      nested.push(input.slice(i + 2, end));
      w().dynamic = true;
      return end;
    }
    if (next === "{") {
      const end = input.indexOf("}", i + 2);
      const name = input.slice(i + 2, end < 0 ? input.length : end);
      if (KNOWN_VARS.has(name) && vars[name] !== undefined) w().text += vars[name];
      else w().dynamic = true;
      return end < 0 ? input.length : end;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9@*#?$!-]/.exec(input.slice(i + 1));
    if (!m) {
      w().text += "$";
      return i;
    }
    const name = m[0];
    if (KNOWN_VARS.has(name) && vars[name] !== undefined) w().text += vars[name];
    else w().dynamic = true;
    return i + name.length;
  };
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (c === "\n") {
      endCommand();
      // Here-document bodies follow the line that opened them: skip them as data.
      i++;
      while (heredocs.length > 0) {
        const h = heredocs.shift() as { delim: string; strip: boolean };
        for (;;) {
          if (i >= input.length) break;
          const nl = input.indexOf("\n", i);
          const line = input.slice(i, nl < 0 ? input.length : nl);
          i = nl < 0 ? input.length : nl + 1;
          if ((h.strip ? line.replace(/^\t+/, "") : line) === h.delim) break;
        }
      }
      continue;
    }
    if (c === " " || c === "\t") {
      endWord();
      i++;
      continue;
    }
    if (c === "#" && !word) {
      const nl = input.indexOf("\n", i);
      i = nl < 0 ? input.length : nl;
      continue;
    }
    if (c === "\\") {
      if (input[i + 1] === "\n") i += 2;
      else {
        w().text += input[i + 1] ?? "";
        w().quoted = true;
        i += 2;
      }
      continue;
    }
    if (c === "'") {
      const end = input.indexOf("'", i + 1);
      w().text += input.slice(i + 1, end < 0 ? input.length : end);
      w().quoted = true;
      i = end < 0 ? input.length : end + 1;
      continue;
    }
    if (c === '"') {
      w().quoted = true;
      i++;
      while (i < input.length && input[i] !== '"') {
        const d = input[i] as string;
        if (d === "\\" && i + 1 < input.length && '"\\$`\n'.includes(input[i + 1] as string)) {
          w().text += input[i + 1];
          i += 2;
          continue;
        }
        if (d === "$") i = dollar(i);
        else if (d === "`") {
          const end = input.indexOf("`", i + 1);
          nested.push(input.slice(i + 1, end < 0 ? input.length : end));
          w().dynamic = true;
          i = end < 0 ? input.length : end;
        } else w().text += d;
        i++;
      }
      i++;
      continue;
    }
    if (c === "$") {
      i = dollar(i) + 1;
      continue;
    }
    if (c === "`") {
      const end = input.indexOf("`", i + 1);
      nested.push(input.slice(i + 1, end < 0 ? input.length : end));
      w().dynamic = true;
      i = end < 0 ? input.length : end + 1;
      continue;
    }
    if (c === ";" || c === "|" || (c === "&" && input[i + 1] !== ">")) {
      endCommand();
      i += input[i + 1] === c ? 2 : 1;
      continue;
    }
    if (c === "(" || c === ")") {
      endCommand();
      i++;
      continue;
    }
    if ((c === "{" || c === "}") && !word && /[\s;]|$/.test(input[i + 1] ?? "")) {
      endCommand();
      i++;
      continue;
    }
    if (c === ">" || c === "<" || (c === "&" && input[i + 1] === ">")) {
      // A word made only of digits right before > is a file descriptor (2>file).
      const cur = word as Word | null;
      if (cur && /^\d+$/.test(cur.text) && !cur.quoted && !cur.dynamic) word = null;
      else endWord();
      let op = c;
      let j = i + 1;
      while (j < input.length && ">|&<-".includes(input[j] as string) && op.length < 3) {
        op += input[j];
        j++;
      }
      if (op.endsWith("&") && /\d/.test(input[j] ?? "")) {
        // >&2, 2>&1: duplication, no file.
        while (/\d/.test(input[j] ?? "")) j++;
        i = j;
        continue;
      }
      if (op === ">&-" || op === "<&-") {
        i = j;
        continue;
      }
      pendingRedirect = op;
      i = j;
      continue;
    }
    if (c === "*" || c === "?" || c === "[") w().glob = true;
    if (c === "~" && !word) {
      const next = input[i + 1];
      if (next === undefined || next === "/" || /[\s;|&)]/.test(next)) {
        w().text += vars["HOME"] ?? "~";
        i++;
        continue;
      }
    }
    w().text += c;
    i++;
  }
  endCommand();
  return { commands, nested };
}

const WRAPPERS = new Set(["sudo", "command", "builtin", "exec", "time", "nohup", "nice", "timeout", "stdbuf", "env"]);
const INTERPRETERS = new Set(["python", "python3", "python2", "node", "ruby", "perl", "php", "deno", "bun", "sh", "bash", "zsh", "dash"]);
const READERS = new Set(["cat", "less", "more", "head", "tail", "bat", "source", ".", "base64", "xxd", "od", "strings"]);

function stripWrappers(words: Word[]): Word[] {
  let ws = words;
  for (let guard = 0; guard < 10; guard++) {
    while (ws.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(ws[0]?.text ?? "") && !(ws[0] as Word).quoted) ws = ws.slice(1);
    const head = ws[0]?.text;
    if (!head || !WRAPPERS.has(head)) return ws;
    ws = ws.slice(1);
    if (head === "env") while (ws.length > 0 && (ws[0]?.text.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(ws[0]?.text ?? ""))) ws = ws.slice(1);
    else if (head === "sudo") while (ws.length > 0 && ws[0]?.text.startsWith("-")) ws = ws.slice(/^-[ugCDhprt]$/.test(ws[0]?.text ?? "") ? 2 : 1);
    else if (head === "nice") {
      if (ws[0]?.text === "-n") ws = ws.slice(2);
      else if (/^-\d+$/.test(ws[0]?.text ?? "")) ws = ws.slice(1);
    } else if (head === "timeout") {
      while (ws.length > 0 && ws[0]?.text.startsWith("-")) ws = ws.slice(/^-[sk]$/.test(ws[0]?.text ?? "") ? 2 : 1);
      ws = ws.slice(1); // the duration
    } else if (head === "stdbuf") while (ws.length > 0 && ws[0]?.text.startsWith("-")) ws = ws.slice(1);
    else if (head === "time") while (ws.length > 0 && ws[0]?.text.startsWith("-")) ws = ws.slice(1);
    else if (head === "command" || head === "builtin" || head === "exec") while (ws.length > 0 && ws[0]?.text.startsWith("-")) ws = ws.slice(1);
  }
  return ws;
}

const EXO_GLOBAL_VALUE = new Set(["--format", "--repo", "--actor"]);
const PACKAGE_RUNNERS = new Set(["npx", "pnpx", "bunx"]);
const EXEC_VERBS = new Set(["exec", "dlx", "x"]);

/** The word names exo: its bin (`exo`, `exoprotocol`, a path to one, or to exo's dist/cli/bin.js) or its package. */
function namesExo(word: string): boolean {
  return /(^|\/)(exo|exoprotocol)(@[^/]*)?$/.test(word) || /(^|\/)exoprotocol\/dist\/cli\/bin\.js$/.test(word);
}

/**
 * `exo hook-install --uninstall`, however exo is started (its bin, `npx exoprotocol`, pnpm/yarn/bun
 * dlx or exec, `node …/exoprotocol/dist/cli/bin.js`): the one exo command that takes exo's hooks
 * out. A person runs it (docs/hooks.md); an agent's call is refused whatever its scope (a
 * `--dry-run`, which changes nothing, is not).
 */
function takesHooksOut(base: string, args: Word[]): boolean {
  let rest: Word[];
  if (base === "exo" || base === "exoprotocol") rest = args;
  else if (PACKAGE_RUNNERS.has(base) || base === "node" || (["npm", "pnpm", "yarn", "bun"].includes(base) && EXEC_VERBS.has(args[0]?.text ?? ""))) {
    const at = args.findIndex((a) => !a.dynamic && namesExo(a.text));
    if (at < 0) return false;
    rest = args.slice(at + 1);
  } else return false;
  let sub = "";
  for (let i = 0; i < rest.length; i++) {
    const t = (rest[i] as Word).text;
    if (t === "--") break;
    if (EXO_GLOBAL_VALUE.has(t)) i++;
    else if (!t.startsWith("-")) {
      sub = t;
      break;
    }
  }
  const flag = (name: string) => rest.some((a) => a.text === name || a.text === `${name}=true`);
  return sub === "hook-install" && flag("--uninstall") && !flag("--dry-run");
}

/** Operands: words not starting with "-" (after "--", everything). */
function operands(args: Word[], takesValue: ReadonlySet<string> = new Set()): Word[] {
  const out: Word[] = [];
  let all = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Word;
    if (all || a.quoted || !a.text.startsWith("-") || a.text === "-") out.push(a);
    else if (a.text === "--") all = true;
    else if (takesValue.has(a.text)) i++;
  }
  return out;
}

export function shellTargets(command: string, ctx: ShellContext): ShellResult {
  const result: ShellResult = { targets: [], unknown: [], maybe: [] };
  if (command.length > 100_000) {
    result.unknown.push("command longer than 100 KB");
    return result;
  }
  walk(command, ctx, 0, result, new Map());
  return result;
}

/** cwd + path; collapsed unless raw mode keeps `..` for the caller's physical resolution. */
function place(cwd: string, p: string, raw: boolean): string {
  const joined = p.startsWith("/") ? p : `${cwd.replace(/\/+$/, "")}/${p}`;
  if (raw && joined.split("/").includes("..")) return joined.replace(/\/{2,}/g, "/").replace(/\/+$/, "") || "/";
  return posix.resolve(joined);
}

/** A path word exo should consider (not an option, a URL or a bare word). */
function pathLike(text: string): boolean {
  if (text === "" || text.startsWith("-") || text.includes("://") || /^[A-Za-z0-9._-]+@[^/]*:/.test(text)) return false;
  return text === "." || text === ".." || text.includes("/") || /\.[A-Za-z][A-Za-z0-9]{0,9}$/.test(text) || text.startsWith(".");
}

function walk(command: string, ctx: ShellContext, depth: number, result: ShellResult, links: Map<string, string>): void {
  if (depth > 4) {
    result.unknown.push("shell nesting deeper than 4 levels");
    return;
  }
  const vars = { HOME: ctx.home, PWD: ctx.cwd, ...(ctx.vars ?? {}) };
  const { commands, nested } = parse(command, vars);
  let cwd: string | null = ctx.cwd;
  const raw = ctx.raw === true;
  /** Links made earlier in this command line: a later path through one lands on its target. */
  const throughLinks = (path: string): string => {
    for (let hop = 0; hop < 8; hop++) {
      let next = path;
      for (const [link, target] of links) {
        if (path === link) next = target;
        else if (path.startsWith(`${link}/`)) next = target + path.slice(link.length);
        if (next !== path) break;
      }
      if (next === path) return path;
      path = next;
    }
    return path;
  };
  const resolveWord = (word: Word | null, action: Action, label: string, into: "targets" | "maybe"): string[] => {
    if (!word) return [];
    if (word.dynamic) {
      if (action !== "read") result.unknown.push(`${label}: ${word.text || "(expansion)"} depends on a variable or command substitution`);
      return [];
    }
    if (word.text === "") return [];
    let paths = [word.text];
    if (word.glob && GLOB_CHARS.test(word.text) && ctx.glob && cwd) {
      const hits = ctx.glob(word.text, cwd);
      if (hits && hits.length > 1000) {
        result.unknown.push(`${label}: ${word.text} matches more than 1,000 files`);
        return [];
      }
      if (hits && hits.length > 0) paths = hits;
    }
    const out: string[] = [];
    for (const p of paths) {
      if (!p.startsWith("/") && cwd === null) {
        if (action !== "read") result.unknown.push(`${label}: ${p} after a cd exo cannot follow`);
        continue;
      }
      const path = throughLinks(place(cwd ?? "/", p, raw));
      if (into === "targets") result.targets.push({ path, action });
      else (result.maybe ??= []).push({ path, action, label });
      out.push(path);
    }
    return out;
  };
  const add = (word: Word | null, action: Action, label: string) => void resolveWord(word, action, label, "targets");
  const maybe = (word: Word | null, action: Action, label: string) => void resolveWord(word, action, label, "maybe");
  const here = (label: string, name = ".") => maybe({ text: name, dynamic: false, glob: false, quoted: true }, "write", label);
  for (const body of nested) walk(body, { ...ctx, cwd: cwd ?? ctx.cwd }, depth + 1, result, links);
  for (const cmd of commands) {
    for (const r of cmd.redirects) {
      if (r.op === "<") {
        if (ctx.guardReads) add(r.target, "read", "<");
        continue;
      }
      if (r.op === "<<<" || r.op.startsWith("<")) continue;
      const t = r.target?.text ?? "";
      if (["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"].includes(t)) continue;
      add(r.target, "write", r.op);
    }
    const words = stripWrappers(cmd.words);
    const name = words[0]?.text ?? "";
    const args = words.slice(1);
    const base = name.split("/").pop() ?? name;
    if (!name) continue;
    if (words[0]?.dynamic) {
      result.unknown.push(`command name ${name || "(expansion)"} is computed at run time`);
      continue;
    }
    if (takesHooksOut(base, args)) {
      (result.forbidden ??= []).push("exo hook-install --uninstall");
      continue;
    }
    switch (base) {
      case "cd": {
        const dir = args[0];
        if (!dir) cwd = ctx.home;
        else if (dir.dynamic || dir.text === "-") cwd = null;
        else cwd = cwd === null ? null : posix.resolve(cwd, dir.text);
        break;
      }
      case "tee":
        for (const o of operands(args)) add(o, "write", "tee");
        break;
      case "sed": {
        const inPlace = args.some((a) => /^-[a-zA-Z]*i/.test(a.text) || a.text.startsWith("--in-place"));
        const hasScriptOpt = args.some((a) => a.text === "-e" || a.text === "-f" || a.text.startsWith("--expression") || a.text.startsWith("--file"));
        const ops = operands(args, new Set(["-e", "-f", "--expression", "--file", "-l"]));
        if (inPlace) for (const o of hasScriptOpt ? ops : ops.slice(1)) add(o, "write", "sed -i");
        else if (ctx.guardReads) for (const o of hasScriptOpt ? ops : ops.slice(1)) add(o, "read", "sed");
        break;
      }
      case "perl":
      case "ruby": {
        const inPlace = args.some((a) => /^-[a-zA-Z]*i/.test(a.text));
        const hasE = args.some((a) => /^-[a-zA-Z]*[eE]$/.test(a.text));
        if (inPlace) {
          const ops = operands(args, new Set(["-e", "-E", "-pe", "-pie", "-ne"]));
          for (const o of hasE ? ops : ops.slice(1)) add(o, "write", `${base} -i`);
        } else if (hasE || cmd.heredocInput || args.some((a) => a.text === "-")) result.unknown.push(`${base} runs inline code that may write files`);
        break;
      }
      case "cp":
      case "install":
      case "mv": {
        const tIndex = args.findIndex((a) => a.text === "-t" || a.text.startsWith("--target-directory"));
        const valueOpts = new Set(["-t", "--target-directory", "-S", "--suffix", "-m", "--mode", "-o", "--owner", "-g", "--group"]);
        const ops = operands(args, valueOpts);
        let dest: Word | null = null;
        let srcs: Word[] = ops;
        let destIsDir = false;
        if (tIndex >= 0) {
          const t = args[tIndex] as Word;
          dest = t.text.includes("=") ? { ...t, text: t.text.split("=")[1] ?? "" } : (args[tIndex + 1] ?? null);
          destIsDir = true;
        } else if (ops.length >= 2) {
          dest = ops[ops.length - 1] as Word;
          srcs = ops.slice(0, -1);
          destIsDir = !dest.dynamic && cwd !== null && (ctx.isDirectory?.(posix.resolve(cwd, dest.text)) ?? false);
        } else srcs = [];
        for (const s of srcs) add(s, base === "mv" ? "delete" : "read", base);
        if (dest) {
          if (destIsDir && !dest.dynamic) for (const s of srcs) add({ ...dest, text: posix.join(dest.text, posix.basename(s.text)) }, "write", base);
          else add(dest, "write", base);
        }
        if (base !== "mv" && !ctx.guardReads) result.targets = result.targets.filter((t) => t.action !== "read");
        break;
      }
      case "rm":
      case "rmdir":
      case "unlink":
      case "shred":
        for (const o of operands(args)) add(o, "delete", base);
        break;
      case "touch":
      case "mkdir":
        for (const o of operands(args, new Set(["-m", "-d", "-t", "-r", "--mode", "--reference"]))) add(o, "write", base);
        break;
      case "truncate":
        for (const o of operands(args, new Set(["-s", "--size", "-r", "--reference"]))) add(o, "write", base);
        break;
      case "chmod":
      case "chown":
      case "chgrp":
        for (const o of operands(args, new Set(["--reference"])).slice(1)) add(o, "write", base);
        break;
      case "ln": {
        const ops = operands(args, new Set(["-t", "-S", "--target-directory", "--suffix"]));
        let link = ops.length >= 2 ? (ops[ops.length - 1] as Word) : ops[0] ? { ...(ops[0]), text: posix.basename((ops[0]).text) } : null;
        const target = ops.length >= 1 ? (ops[0] as Word) : null;
        if (link && target && ops.length === 2 && !link.dynamic && cwd !== null && (ctx.isDirectory?.(place(cwd, link.text, false)) ?? false)) {
          link = { ...link, text: posix.join(link.text, posix.basename(target.text)) };
        }
        add(link, "write", "ln");
        // Remember the link so later commands of this line that write through it are judged at its target.
        if (link && target && !link.dynamic && !target.dynamic && cwd !== null) {
          const linkPath = place(cwd, link.text, raw);
          const symbolic = args.some((a) => /^-[a-zA-Z]*s/.test(a.text) || a.text === "--symbolic");
          links.set(linkPath, symbolic ? (target.text.startsWith("/") ? target.text : `${posix.dirname(linkPath)}/${target.text}`) : place(cwd, target.text, raw));
        }
        break;
      }
      case "dd":
        for (const a of args) {
          if (a.text.startsWith("of=")) add({ ...a, text: a.text.slice(3) }, "write", "dd");
          else if (a.text.startsWith("if=") && ctx.guardReads) add({ ...a, text: a.text.slice(3) }, "read", "dd");
        }
        break;
      case "git":
        gitTargets(args, add, result);
        break;
      case "patch":
        result.unknown.push("patch writes the files named inside the patch");
        break;
      case "xargs": {
        const inner = stripWrappers(operands(args, new Set(["-n", "-I", "-L", "-P", "-d", "-E", "-s", "-a"])));
        const sub = inner[0]?.text ?? "";
        const subBase = sub.split("/").pop() ?? "";
        if (sub !== "" && !(READ_ONLY.has(subBase) || READERS.has(subBase)) || (subBase === "sed" && inner.some((w) => /^-[a-zA-Z]*i/.test(w.text)))) {
          result.unknown.push(`xargs ${sub} writes to paths read from its input`);
        }
        break;
      }
      case "eval":
        walk(args.map((a) => a.text).join(" "), { ...ctx, cwd: cwd ?? ctx.cwd }, depth + 1, result, links);
        break;
      case "openssl":
        if (ctx.guardReads) {
          const i = args.findIndex((a) => a.text === "-in");
          if (i >= 0) add(args[i + 1] ?? null, "read", "openssl");
        }
        {
          const o = args.findIndex((a) => a.text === "-out");
          if (o >= 0) add(args[o + 1] ?? null, "write", "openssl");
        }
        break;
      case "grep":
      case "rg":
      case "ag":
        if (ctx.guardReads) {
          const ops = operands(args, new Set(["-e", "-f", "-m", "-A", "-B", "-C", "--max-count", "-g", "--glob", "-t", "--type"]));
          const hasE = args.some((a) => a.text === "-e" || a.text === "-f");
          for (const o of hasE ? ops : ops.slice(1)) add(o, "read", base);
        }
        break;
      default:
        if (READERS.has(base)) {
          if (ctx.guardReads) for (const o of operands(args, new Set(["-n", "-c"]))) add(o, "read", base);
        } else if ((base === "bun" || base === "deno") && PM_WRITES.has(args[0]?.text ?? "")) {
          for (const f of ["package.json", base === "bun" ? "bun.lock" : "deno.lock", "node_modules"]) here(`${base} ${args[0]?.text ?? ""} changes dependencies`, f);
        } else if (INTERPRETERS.has(base)) {
          interpreter(base, args, cmd.heredocInput, { ...ctx, cwd: cwd ?? ctx.cwd }, depth, result, links);
          // A script run with path arguments may write them.
          const ops = operands(args);
          if (!["sh", "bash", "zsh", "dash"].includes(base)) for (const o of ops.slice(1)) if (o.dynamic || pathLike(o.text)) maybe(o, "write", `${base} ${ops[0]?.text ?? ""}`);
        } else {
          effects(base, args, { add, maybe, here, unknown: (d) => result.unknown.push(d), recurse: (text) => walk(text, { ...ctx, cwd: cwd ?? ctx.cwd }, depth + 1, result, links) });
        }
    }
  }
}

interface EffectSink {
  add: (w: Word | null, a: Action, label: string) => void;
  maybe: (w: Word | null, a: Action, label: string) => void;
  here: (label: string, name?: string) => void;
  unknown: (description: string) => void;
  recurse: (command: string) => void;
}

/** Programs whose operands are never written (reads, queries, test runners, exo itself). */
const READ_ONLY = new Set([
  "ls", "ll", "dir", "grep", "egrep", "fgrep", "rg", "ag", "ack", "wc", "echo", "printf", "diff", "cmp", "comm", "stat", "file",
  "du", "df", "tree", "which", "whereis", "type", "test", "[", "[[", "true", "false", ":", "pwd", "date", "cut", "tr", "jq", "nl",
  "fold", "column", "rev", "paste", "join", "basename", "dirname", "realpath", "readlink", "id", "whoami", "uname", "hostname",
  "nproc", "seq", "sleep", "yes", "hexdump", "sha1sum", "sha256sum", "sha512sum", "md5sum", "shasum", "cksum", "b2sum",
  "ps", "top", "kill", "pkill", "pgrep", "printenv", "export", "set", "unset", "alias", "exit", "return", "read", "wait",
  "jobs", "history", "man", "help", "exo", "exo-mcp", "vitest", "jest", "mocha", "pytest", "tsc", "mypy", "pyright",
  "node", "python", "python3", "open", "xdg-open", "lsof", "env", "locale", "clear", "shopt", "trap", "let", "local",
  "declare", "typeset", "tput", "stty", "getconf", "ulimit", "umask", "hash", "true", "tty", "users", "groups", "uptime",
  "free", "vmstat", "iostat", "netstat", "ss", "ping", "dig", "nslookup", "host", "whois", "gh", "git-lfs", "uniq", "sort",
]);

const FORMATTERS: Record<string, (args: Word[]) => boolean> = {
  prettier: (a) => has(a, "--write", "-w"),
  eslint: (a) => has(a, "--fix"),
  stylelint: (a) => has(a, "--fix"),
  biome: (a) => has(a, "--write", "--apply", "--fix", "--apply-unsafe"),
  black: (a) => !has(a, "--check", "--diff"),
  isort: (a) => !has(a, "--check", "--check-only", "-c", "--diff"),
  yapf: (a) => has(a, "-i", "--in-place"),
  autopep8: (a) => has(a, "-i", "--in-place"),
  autoflake: (a) => has(a, "-i", "--in-place"),
  ruff: (a) => (a[0]?.text === "format" && !has(a, "--check", "--diff")) || has(a, "--fix"),
  gofmt: (a) => has(a, "-w"),
  goimports: (a) => has(a, "-w"),
  shfmt: (a) => has(a, "-w"),
  rustfmt: (a) => !has(a, "--check"),
  "clang-format": (a) => has(a, "-i"),
  standard: (a) => has(a, "--fix"),
  xo: (a) => has(a, "--fix"),
  dprint: (a) => a[0]?.text === "fmt",
  "terraform": (a) => a[0]?.text === "fmt" && !has(a, "-check"),
  "swiftformat": () => true,
  "ktlint": (a) => has(a, "-F", "--format"),
  "rubocop": (a) => has(a, "-a", "-A", "--autocorrect", "--autocorrect-all", "--auto-correct"),
  "php-cs-fixer": (a) => a[0]?.text === "fix" && !has(a, "--dry-run"),
};

function has(args: Word[], ...flags: string[]): boolean {
  return args.some((a) => flags.includes(a.text) || flags.some((f) => f.startsWith("--") && a.text.startsWith(`${f}=`)));
}

const PM_WRITES = new Set(["install", "i", "ci", "add", "remove", "rm", "uninstall", "un", "update", "up", "upgrade", "link", "unlink", "prune", "dedupe", "ddp", "version", "init", "create", "pkg", "set-script", "import", "patch", "rebuild", "audit", "outdated-fix"]);

/** Writes by effect (docs/hooks.md "write classes"). */
function effects(base: string, args: Word[], out: EffectSink): void {
  if (READ_ONLY.has(base)) {
    if (base === "sort") for (let i = 0; i < args.length; i++) if (args[i]?.text === "-o") out.add(args[i + 1] ?? null, "write", "sort -o");
    if (base === "uniq") {
      const ops = operands(args, new Set(["-f", "-s", "-w"]));
      if (ops.length >= 2) out.add(ops[1] as Word, "write", "uniq");
    }
    return;
  }
  const formatter = FORMATTERS[base];
  if (formatter) {
    if (!formatter(args)) return;
    const ops = operands(args, new Set(["--config", "-c", "--ignore-path", "--plugin", "--parser", "--cache-location", "--stdin-filepath", "--line-length", "-l", "--target-version", "--style", "--config-path"])).filter((o) => !["format", "fmt", "check", "fix", "lint"].includes(o.text));
    if (ops.length === 0) out.here(`${base} rewrites files below the working directory`);
    for (const o of ops) out.maybe(o.text.endsWith("/...") ? { ...o, text: o.text.slice(0, -4) || "." } : o, "write", `${base} rewrites`);
    return;
  }
  switch (base) {
    case "curl": {
      for (let i = 0; i < args.length; i++) {
        const a = (args[i] as Word).text;
        if (a === "-o" || a === "--output" || (/^-[A-Za-z]*o$/.test(a) && !a.startsWith("--"))) {
          const v = args[i + 1];
          if (v && v.text !== "-") out.maybe(v, "write", "curl -o");
          i++;
        } else if (a.startsWith("--output=")) out.maybe({ ...(args[i] as Word), text: a.slice(9) }, "write", "curl --output");
        else if (a === "--output-dir") {
          out.maybe(args[i + 1] ?? null, "write", "curl --output-dir");
          i++;
        } else if (a === "-O" || a === "--remote-name" || a === "--remote-name-all" || (/^-[A-Za-z]*O[A-Za-z]*$/.test(a) && !a.startsWith("--"))) out.here("curl -O saves a file named by the URL");
      }
      return;
    }
    case "wget": {
      const o = args.findIndex((a) => a.text === "-O" || a.text === "--output-document" || /^-[a-zA-Z]*O$/.test(a.text));
      const eq = args.find((a) => a.text.startsWith("--output-document="));
      const p = args.findIndex((a) => a.text === "-P" || a.text === "--directory-prefix");
      if (o >= 0) {
        const v = args[o + 1];
        if (v && v.text !== "-") out.maybe(v, "write", "wget -O");
      } else if (eq) out.maybe({ ...eq, text: eq.text.slice(18) }, "write", "wget");
      else if (p >= 0) out.maybe(args[p + 1] ?? null, "write", "wget -P");
      else out.here("wget saves a file named by the URL");
      return;
    }
    case "scp":
    case "rsync": {
      const ops = operands(args, new Set(["-e", "-i", "-P", "-o", "-F", "-c", "-l", "--exclude", "--include", "--rsh", "--filter", "-f"]));
      const dest = ops[ops.length - 1];
      if (ops.length >= 2 && dest && !/^[^/]*:/.test(dest.text)) out.maybe(dest, "write", base);
      if (has(args, "--remove-source-files")) for (const s of ops.slice(0, -1)) out.maybe(s, "delete", base);
      return;
    }
    case "find": {
      const starts: Word[] = [];
      let i = 0;
      while (i < args.length && !/^[-(!]/.test((args[i] as Word).text)) starts.push(args[i++] as Word);
      const roots = starts.length > 0 ? starts : [{ text: ".", dynamic: false, glob: false, quoted: true }];
      for (; i < args.length; i++) {
        const a = (args[i] as Word).text;
        if (a === "-delete") for (const r of roots) out.maybe(r, "delete", "find -delete");
        else if (a === "-fprint" || a === "-fprint0" || a === "-fls" || a === "-fprintf") out.add(args[i + 1] ?? null, "write", `find ${a}`);
        else if (["-exec", "-execdir", "-ok", "-okdir"].includes(a)) {
          const inner: string[] = [];
          let j = i + 1;
          while (j < args.length && ![";", "+"].includes((args[j] as Word).text)) inner.push((args[j++] as Word).text);
          const cmd = (inner[0] ?? "").split("/").pop() ?? "";
          if (!READ_ONLY.has(cmd) && !READERS.has(cmd)) for (const r of roots) out.maybe(r, "write", `find ${a} ${cmd}`);
          i = j;
        }
      }
      return;
    }
    case "npx":
    case "bunx":
    case "pnpx": {
      const rest = dropOptions(args, new Set(["-p", "--package", "-c", "--call"]));
      if (rest.length > 0) out.recurse(rest.map((w) => quote(w.text)).join(" "));
      return;
    }
    case "npm":
    case "pnpm":
    case "yarn":
    case "bun": {
      const rest = dropOptions(args, new Set(["--prefix", "-C", "--dir", "--cwd", "--filter", "-F", "-w", "--workspace"]));
      const sub = rest[0]?.text ?? (base === "yarn" ? "install" : "");
      if (["exec", "dlx", "x"].includes(sub)) {
        const inner = dropOptions(rest.slice(1), new Set(["-p", "--package", "-c"]));
        if (inner.length > 0) out.recurse(inner.map((w) => quote(w.text)).join(" "));
        return;
      }
      if (PM_WRITES.has(sub)) {
        const lock = { npm: "package-lock.json", pnpm: "pnpm-lock.yaml", yarn: "yarn.lock", bun: "bun.lock" }[base];
        for (const f of ["package.json", lock, "node_modules"]) out.here(`${base} ${sub} changes dependencies`, f);
      }
      return;
    }
    case "pip":
    case "pip3":
    case "pipx":
    case "poetry":
    case "uv":
    case "gem":
    case "bundle":
    case "composer":
    case "go":
    case "cargo": {
      const sub = dropOptions(args, new Set(["-C", "--manifest-path"]))[0]?.text ?? "";
      const writes: Record<string, string[]> = {
        pip: ["install", "uninstall", "download", "wheel"], pip3: ["install", "uninstall", "download", "wheel"], pipx: ["install", "inject", "uninstall"],
        poetry: ["add", "remove", "install", "update", "lock", "init", "new", "version"], uv: ["add", "remove", "sync", "lock", "pip", "init", "venv"],
        gem: ["install", "uninstall", "update"], bundle: ["install", "update", "add", "remove", "lock"], composer: ["install", "require", "remove", "update", "init"],
        go: ["get", "mod", "install", "generate", "work", "fmt"], cargo: ["add", "remove", "update", "install", "fmt", "fix", "init", "new", "generate-lockfile", "vendor"],
      };
      if ((writes[base] ?? []).includes(sub)) out.here(`${base} ${sub} changes dependencies or generated files`);
      if (base === "go" || base === "cargo") for (let i = 0; i < args.length; i++) if (args[i]?.text === "-o" || args[i]?.text === "--target-dir") out.maybe(args[i + 1] ?? null, "write", `${base} ${args[i]?.text}`);
      return;
    }
    case "tar": {
      const flags = args.filter((a) => a.text.startsWith("-") || /^[a-zA-Z]+$/.test(a.text)).map((a) => a.text).slice(0, 3).join(" ");
      const f = args.findIndex((a) => a.text === "-f" || a.text === "--file" || /^-?[a-zA-Z]*f$/.test(a.text));
      const c = args.findIndex((a) => a.text === "-C" || a.text === "--directory");
      if (/(^|[ -])[a-zA-Z]*x|--extract|--get/.test(flags)) {
        if (c >= 0) out.maybe(args[c + 1] ?? null, "write", "tar -x");
        else out.here("tar -x extracts into the working directory");
      } else if (/(^|[ -])[a-zA-Z]*[crua]|--create|--append|--update/.test(flags) && f >= 0) out.maybe(args[f + 1] ?? null, "write", "tar -f");
      return;
    }
    case "unzip": {
      const d = args.findIndex((a) => a.text === "-d");
      if (d >= 0) out.maybe(args[d + 1] ?? null, "write", "unzip -d");
      else if (!has(args, "-l", "-t", "-v", "-p", "-Z")) out.here("unzip extracts into the working directory");
      return;
    }
    case "zip":
    case "gzip":
    case "gunzip":
    case "bzip2":
    case "bunzip2":
    case "xz":
    case "unxz":
    case "zstd":
    case "7z":
      if (has(args, "-c", "--stdout", "-l", "--list", "-t", "--test")) return;
      for (const o of operands(args)) out.maybe(o, "write", base);
      return;
    case "awk":
    case "gawk":
      if (args.some((a, i) => a.text === "-i" && args[i + 1]?.text === "inplace") || has(args, "--inplace")) {
        const ops = operands(args, new Set(["-i", "-f", "-v", "-F"]));
        for (const o of ops.slice(1)) out.maybe(o, "write", "awk -i inplace");
      }
      return;
    case "yq":
      if (has(args, "-i", "--inplace")) for (const o of operands(args).slice(1)) out.add(o, "write", "yq -i");
      return;
    case "split":
    case "csplit":
      out.here(`${base} writes pieces into the working directory`);
      return;
    case "vi":
    case "vim":
    case "nvim":
    case "nano":
    case "emacs":
    case "ed":
    case "ex":
    case "code":
      for (const o of operands(args)) out.maybe(o, "write", base);
      return;
    case "make":
    case "cmake":
    case "ninja":
    case "gradle":
    case "./gradlew":
    case "mvn":
      return; // recipes run arbitrary commands; the PostToolUse backstop and finish diff see their effects
    default: {
      if (/^(get|test|select|measure|resolve|format|where|sort|compare|write|read|find|search|show|import|convertfrom|convertto|join|split)-[a-z]+$/i.test(base)) return;
      // PowerShell cmdlets that change files: every operand may be written.
      if (/^(set|add|out|new|remove|copy|move|rename|clear|expand|compress|export)-[a-z]+$/i.test(base) || /^(ni|ri|del|erase|copy|cpi|move|mi|ren|rni|sc|ac|clc)$/i.test(base)) {
        const action = /^(remove|ri|del|erase)/i.test(base) ? "delete" : "write";
        const twoPaths = /^(copy|move|rename|cpi|mi|ren|rni)/i.test(base);
        let positional = 0;
        for (let i = 0; i < args.length; i++) {
          const a = args[i] as Word;
          if (!a.text.startsWith("-") || a.quoted) {
            // The first positional is the path (Copy/Move/Rename: source, then destination); later ones are values.
            if (positional === 0) out.maybe(a, twoPaths && /^(move|mi|rename|ren|rni)/i.test(base) ? "delete" : twoPaths ? "read" : action, base);
            else if (positional === 1 && twoPaths) out.maybe(a, "write", base);
            positional++;
          }
          else if (/^-(path|literalpath|destination|filepath|target|newname|outfile)$/i.test(a.text)) out.maybe(args[++i] ?? null, action === "delete" && !/^-(path|literalpath)$/i.test(a.text) ? "write" : action, base);
          else if (!/^-(force|recurse|nonewline|append|confirm|whatif|passthru|noclobber|verbose)$/i.test(a.text)) i++;
        }
        return;
      }
      // An unknown program given a path may write it (SPEC §7.4 "anything else", by effect).
      for (const a of args) {
        if (a.dynamic) continue;
        const eq = a.text.startsWith("--") ? a.text.indexOf("=") : -1;
        const text = eq > 0 ? a.text.slice(eq + 1) : a.text;
        if (pathLike(text)) out.maybe({ ...a, text }, "write", `${base} (unknown program) given ${text}`);
      }
    }
  }
}

function dropOptions(args: Word[], takesValue: ReadonlySet<string>): Word[] {
  let i = 0;
  while (i < args.length && (args[i] as Word).text.startsWith("-")) i += takesValue.has((args[i] as Word).text) ? 2 : 1;
  return args.slice(i);
}

function quote(text: string): string {
  return /^[A-Za-z0-9_./=:@%+,-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

function interpreter(base: string, args: Word[], heredoc: boolean, ctx: ShellContext, depth: number, result: ShellResult, links: Map<string, string>): void {
  if (["sh", "bash", "zsh", "dash"].includes(base)) {
    const c = args.findIndex((a) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a.text));
    if (c >= 0) {
      const body = args[c + 1];
      if (!body || body.dynamic) result.unknown.push(`${base} -c runs a command exo cannot read`);
      else walk(body.text, ctx, depth + 1, result, links);
      return;
    }
    if (heredoc || args.length === 0 || args.some((a) => a.text === "-" || a.text === "-s")) result.unknown.push(`${base} runs commands from its input`);
    else result.unknown.push(`${base} runs the script ${args[0]?.text ?? ""}`);
    return;
  }
  const inline =
    ((base === "python" || base === "python3" || base === "python2") && args.some((a) => a.text === "-c")) ||
    ((base === "node" || base === "bun") && args.some((a) => ["-e", "--eval", "-p", "--print"].includes(a.text))) ||
    (base === "php" && args.some((a) => a.text === "-r")) ||
    (base === "deno" && args[0]?.text === "eval");
  if (inline || heredoc || args.some((a) => a.text === "-")) result.unknown.push(`${base} runs inline code that may write files`);
}

function gitTargets(args: Word[], add: (w: Word | null, a: Action, label: string) => void, result: ShellResult): void {
  let i = 0;
  while (i < args.length && (args[i] as Word).text.startsWith("-")) i += ["-C", "-c", "--git-dir", "--work-tree"].includes((args[i] as Word).text) ? 2 : 1;
  const sub = args[i]?.text ?? "";
  const rest = args.slice(i + 1);
  const dd = rest.findIndex((a) => a.text === "--");
  switch (sub) {
    case "checkout":
      if (rest.some((a) => a.text === "-f" || a.text === "--force")) result.unknown.push("git checkout -f overwrites the work tree");
      else if (dd >= 0) for (const p of rest.slice(dd + 1)) add(p, "write", "git checkout --");
      else if (!rest.some((a) => a.text === "-b" || a.text === "-B" || a.text === "--orphan") && operands(rest).length > 0) result.unknown.push("git checkout of a branch or paths rewrites the work tree");
      break;
    case "switch":
      if (!rest.some((a) => a.text === "-c" || a.text === "-C" || a.text === "--create")) result.unknown.push("git switch rewrites the work tree");
      break;
    case "pull":
    case "merge":
    case "rebase":
    case "cherry-pick":
    case "revert":
    case "clean":
    case "stash":
    case "apply":
    case "am":
      result.unknown.push(`git ${sub} changes files exo cannot list in advance`);
      break;
    case "clone": {
      const ops = operands(rest, new Set(["-b", "--branch", "--depth", "-o", "--origin", "--reference", "-c", "--config", "--filter", "-j", "--jobs"]));
      if (ops.length >= 2) add(ops[1] as Word, "write", "git clone");
      else result.unknown.push("git clone creates a folder named after the repository");
      break;
    }
    case "restore":
      for (const p of operands(rest, new Set(["-s", "--source"]))) add(p, "write", "git restore");
      break;
    case "rm":
      for (const p of operands(rest)) add(p, "delete", "git rm");
      break;
    case "mv": {
      const ops = operands(rest);
      if (ops.length >= 2) {
        add(ops[0] as Word, "delete", "git mv");
        add(ops[ops.length - 1] as Word, "write", "git mv");
      }
      break;
    }
    case "reset":
      if (rest.some((a) => a.text === "--hard")) result.unknown.push("git reset --hard overwrites the work tree");
      break;
    default:
      break;
  }
}

/** Targets of a Codex apply_patch body (SPEC §7.4 Patches), absolute. */
export function patchTargets(patch: string, cwd: string): ShellTarget[] {
  const out: ShellTarget[] = [];
  let lastUpdate: string | null = null;
  for (const raw of patch.split("\n")) {
    const line = raw.replace(/\r$/, "");
    const m = /^\*\*\* (Add File|Update File|Delete File|Move to): (.+)$/.exec(line);
    if (!m) continue;
    const path = posix.resolve(cwd, (m[2] as string).trim());
    if (m[1] === "Add File") out.push({ path, action: "write" });
    else if (m[1] === "Update File") {
      out.push({ path, action: "write" });
      lastUpdate = path;
    } else if (m[1] === "Delete File") out.push({ path, action: "delete" });
    else {
      if (lastUpdate) {
        const idx = out.findIndex((t) => t.path === lastUpdate && t.action === "write");
        if (idx >= 0) out[idx] = { path: lastUpdate, action: "delete" };
      }
      out.push({ path, action: "write" });
    }
  }
  return out;
}
