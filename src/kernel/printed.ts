// What a few text programs print, worked out from their literal words and input, pure: the names a
// command substitution or a pipe hands a reader (`cat $(printf %s .e nv)`, `echo LmVudg== | base64
// -d | xargs cat`). A program not known here, or given what it cannot read, prints what exo cannot
// tell (null).

/** At most this many candidate outputs are kept (echo's two readings, tr's sets, …). */
const MAX_CANDIDATES = 16;

/** Backslash escapes as printf's format and %b, and echo -e, read them (`\x2e`, `\056`, `\0056`, `\u002e`). */
function unescape(text: string, octalZero: boolean): { text: string; stop: boolean } {
  let out = "";
  for (let k = 0; k < text.length; k++) {
    const c = text[k] as string;
    if (c !== "\\" || k + 1 >= text.length) {
      out += c;
      continue;
    }
    const n = text[k + 1] as string;
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", e: "\x1b", E: "\x1b", "\\": "\\", '"': '"', "'": "'" };
    if (n === "c") return { text: out, stop: true };
    if (simple[n] !== undefined) {
      out += simple[n];
      k++;
      continue;
    }
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(text.slice(k + 1));
    if (hex) {
      out += String.fromCharCode(parseInt(hex[1] as string, 16));
      k += hex[0].length;
      continue;
    }
    const uni = /^(u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8})/.exec(text.slice(k + 1));
    if (uni) {
      const code = parseInt((uni[1] as string).slice(1), 16);
      out += code <= 0x10ffff ? String.fromCodePoint(code) : "";
      k += uni[0].length;
      continue;
    }
    const oct = (octalZero ? /^0([0-7]{0,3})/ : /^([0-7]{1,3})/).exec(text.slice(k + 1));
    if (oct) {
      out += String.fromCharCode(parseInt((oct[1] as string) || "0", 8) & 0xff);
      k += oct[0].length;
      continue;
    }
    out += c;
  }
  return { text: out, stop: false };
}

/** printf FORMAT ARGS: the format is used again while arguments are left. */
function printf(args: readonly string[]): string | null {
  if (args.length === 0) return null;
  const [format, ...rest] = args as [string, ...string[]];
  let out = "";
  let next = 0;
  for (let round = 0; round < 64; round++) {
    let used = false;
    let k = 0;
    while (k < format.length) {
      const c = format[k] as string;
      if (c === "\\") {
        const esc = /^\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|.)/s.exec(format.slice(k));
        const piece = esc ? esc[0] : "\\";
        const e = unescape(piece, false);
        out += e.text;
        if (e.stop) return out;
        k += piece.length;
        continue;
      }
      if (c !== "%") {
        out += c;
        k++;
        continue;
      }
      const spec = /^%([-+ #0]*)(\d*|\*)(?:\.(\d*|\*))?([sbcdiouxXeEfFgGaAq%])/.exec(format.slice(k));
      if (!spec) return null;
      k += spec[0].length;
      const conv = spec[4] as string;
      if (conv === "%") {
        out += "%";
        continue;
      }
      if (spec[2] === "*" || spec[3] === "*") return null;
      const arg = rest[next] ?? "";
      if (next < rest.length) {
        next++;
        used = true;
      }
      let piece: string;
      if (conv === "s" || conv === "q") piece = arg;
      else if (conv === "b") {
        const e = unescape(arg, true);
        if (e.stop) return out + e.text;
        piece = e.text;
      } else if (conv === "c") piece = arg.charAt(0);
      else if ("diouxX".includes(conv)) {
        const n = /^[-+]?\d+$/.test(arg) ? Number(arg) : /^0x[0-9a-f]+$/i.test(arg) ? parseInt(arg, 16) : /^['"]./.test(arg) ? arg.codePointAt(1) ?? 0 : arg === "" ? 0 : NaN;
        if (!Number.isFinite(n)) return null;
        piece = conv === "o" ? n.toString(8) : conv === "x" ? n.toString(16) : conv === "X" ? n.toString(16).toUpperCase() : String(Math.trunc(n));
      } else return null;
      if (spec[3] !== undefined && spec[3] !== "" && (conv === "s" || conv === "b")) piece = piece.slice(0, Number(spec[3]));
      const width = spec[2] === "" ? 0 : Number(spec[2]);
      if (piece.length < width) piece = (spec[1] as string).includes("-") ? piece.padEnd(width) : piece.padStart(width, (spec[1] as string).includes("0") && conv !== "s" ? "0" : " ");
      out += piece;
    }
    if (!used || next >= rest.length) return out;
  }
  return out;
}

/** The characters of a tr set (`a-z`, `\n`, `[:upper:]`), or null for one exo does not expand. */
function trSet(set: string): string | null {
  const classes: Record<string, string> = { "[:lower:]": "abcdefghijklmnopqrstuvwxyz", "[:upper:]": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "[:digit:]": "0123456789", "[:space:]": " \t\n\r\v\f", "[:blank:]": " \t" };
  let out = "";
  let k = 0;
  const chars = unescape(set.replace(/\[:[a-z]+:\]/g, (m) => classes[m] ?? "\0"), true).text;
  if (chars.includes("\0")) return null;
  while (k < chars.length) {
    const a = chars[k] as string;
    if (chars[k + 1] === "-" && k + 2 < chars.length) {
      const b = chars[k + 2] as string;
      if (b.charCodeAt(0) < a.charCodeAt(0) || b.charCodeAt(0) - a.charCodeAt(0) > 256) return null;
      for (let c = a.charCodeAt(0); c <= b.charCodeAt(0); c++) out += String.fromCharCode(c);
      k += 3;
      continue;
    }
    if (a === "[" && /^\[.\*\d*\]/.test(chars.slice(k))) return null;
    out += a;
    k++;
  }
  return out;
}

function tr(args: readonly string[], input: string): string | null {
  const flags = args.filter((a) => /^-[a-zA-Z]+$/.test(a)).join("");
  const sets = args.filter((a) => !/^-[a-zA-Z]+$/.test(a) || a === "-");
  if (/[^ds]/.test(flags.replaceAll("-", ""))) return null;
  const first = sets[0] === undefined ? null : trSet(sets[0]);
  if (first === null) return null;
  if (flags.includes("d")) return [...input].filter((c) => !first.includes(c)).join("");
  const second = sets[1] === undefined ? null : trSet(sets[1]);
  if (second === null || second === "") return null;
  let out = [...input].map((c) => {
    const at = first.indexOf(c);
    return at < 0 ? c : (second[Math.min(at, second.length - 1)] as string);
  }).join("");
  if (flags.includes("s")) out = out.replace(/(.)\1+/gs, "$1");
  return out;
}

function decode(text: string, alphabet: "base64" | "base32" | "hex"): string | null {
  const clean = text.replace(/\s+/g, "");
  if (alphabet === "hex") return /^([0-9a-fA-F]{2})*$/.test(clean) ? Buffer.from(clean, "hex").toString("latin1") : null;
  if (alphabet === "base64") return /^[A-Za-z0-9+/_-]*=*$/.test(clean) ? Buffer.from(clean, "base64").toString("latin1") : null;
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of clean.replace(/=+$/, "").toUpperCase()) {
    const v = letters.indexOf(c);
    if (v < 0) return null;
    bits += v.toString(2).padStart(5, "0");
  }
  let out = "";
  for (let k = 0; k + 8 <= bits.length; k += 8) out += String.fromCharCode(parseInt(bits.slice(k, k + 8), 2));
  return out;
}

/**
 * What `base ARGS` prints, given its input (null: none, or not known): each candidate; null when
 * exo cannot tell. `args` are the literal words after the program.
 */
export function printedBy(base: string, args: readonly string[], input: string | null): string[] | null {
  const flags = (re: RegExp) => args.some((a) => re.test(a));
  switch (base) {
    case "echo":
    case "print": {
      let k = 0;
      let newline = true;
      let escapes: boolean | null = null;
      for (; k < args.length && /^-[neE]+$/.test(args[k] as string); k++) {
        const f = args[k] as string;
        if (f.includes("n")) newline = false;
        if (f.includes("e")) escapes = true;
        if (f.includes("E")) escapes = false;
      }
      const text = args.slice(k).join(" ");
      // bash's echo keeps backslashes; sh's, dash's and zsh's read them.
      const readings = escapes === false ? [text] : escapes === true ? [unescape(text, true).text] : [text, unescape(text, true).text];
      return [...new Set(readings.map((t) => (newline ? `${t}\n` : t)))];
    }
    case "printf": {
      const given = args[0] === "--" ? args.slice(1) : args;
      if (given[0]?.startsWith("-")) return null;
      const out = printf(given);
      return out === null ? null : [out];
    }
    case "cat":
      return args.every((a) => a === "-") && input !== null ? [input] : null;
    case "rev":
      return args.length === 0 && input !== null ? [input.split("\n").map((l) => [...l].reverse().join("")).join("\n")] : null;
    case "base64":
    case "base32":
    case "basenc": {
      if (!flags(/^(-d|-D|--decode)$/) || input === null) return null;
      if (args.some((a) => !/^(-d|-D|--decode|-i|--ignore-garbage|--base64|--base64url|--base32|--base16)$/.test(a))) return null;
      const out = decode(input, base === "base32" || flags(/^--base32$/) ? "base32" : flags(/^--base16$/) ? "hex" : "base64");
      return out === null ? null : [out];
    }
    case "xxd": {
      if (input === null || !flags(/^-r$|^-(r?p|p?r)$|^-revert$/) || !flags(/^-(p|ps|plain|postscript|r?p|pr)$/)) return null;
      const out = decode(input, "hex");
      return out === null ? null : [out];
    }
    case "tr": {
      if (input === null) return null;
      const out = tr(args, input);
      return out === null ? null : [out];
    }
    case "basename": {
      const ops = args.filter((a) => !a.startsWith("-"));
      if (ops.length === 0 || flags(/^-(a|s|z|-multiple|-suffix|-zero)/)) return null;
      let name = (ops[0] as string).replace(/\/+$/, "").split("/").pop() ?? "";
      if (ops[1] !== undefined && name.endsWith(ops[1]) && name !== ops[1]) name = name.slice(0, -ops[1].length);
      return [`${name || "/"}\n`];
    }
    case "dirname": {
      const ops = args.filter((a) => !a.startsWith("-"));
      if (ops.length !== 1 || ops.length !== args.length) return null;
      const p = (ops[0] as string).replace(/\/+$/, "");
      const at = p.lastIndexOf("/");
      return [`${at < 0 ? "." : at === 0 ? "/" : p.slice(0, at).replace(/\/+$/, "") || "/"}\n`];
    }
    case "head":
    case "tail": {
      if (input === null) return null;
      const n = args.length === 0 ? 10 : /^-(\d+)$/.exec(args[0] as string)?.[1] ?? (args[0] === "-n" && /^\d+$/.test(args[1] ?? "") ? args[1] : undefined);
      if (n === undefined || args.length > (args[0] === "-n" ? 2 : 1)) return null;
      const lines = input.replace(/\n$/, "").split("\n");
      const kept = base === "head" ? lines.slice(0, Number(n)) : lines.slice(-Number(n) || lines.length);
      return [`${kept.join("\n")}\n`];
    }
    default:
      return null;
  }
}

/** Candidates joined one after another (a sequence's outputs), at most MAX_CANDIDATES. */
export function joinCandidates(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  for (const x of a) for (const y of b) if (out.length < MAX_CANDIDATES) out.push(x + y);
  return out;
}
