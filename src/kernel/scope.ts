// Effective scope, scope overlap and containment (SPEC §7.3), pure.
import picomatch from "picomatch";
import { isLiteralPattern, normalizeGlob } from "./globs.js";

export interface ScopeSource {
  id: string;
  scope: { allow: string[]; deny: string[] };
  boundaries: string[];
}

export interface EffectiveScopeResult {
  allow: string[];
  deny: string[];
  boundaries: string[];
  source: string;
}

const isDefault = (allow: readonly string[]) => allow.length === 0 || (allow.length === 1 && allow[0] === "**");

/** allow from the first non-default level (ticket, parent, …); deny and boundaries unioned. */
export function effectiveScope(ticket: ScopeSource, ancestors: readonly ScopeSource[]): EffectiveScopeResult {
  const chain = [ticket, ...ancestors];
  const supplier = chain.find((t) => !isDefault(t.scope.allow));
  const union = (pick: (t: ScopeSource) => string[]) => [...new Set(chain.flatMap(pick))];
  return {
    allow: supplier ? [...supplier.scope.allow] : ["**"],
    deny: union((t) => t.scope.deny),
    boundaries: union((t) => t.boundaries),
    source: supplier ? supplier.id : ticket.id,
  };
}

function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf("{");
  if (open < 0) return [pattern];
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    if (pattern[i] === "{") depth++;
    else if (pattern[i] === "}" && --depth === 0) {
      const body = pattern.slice(open + 1, i);
      const parts: string[] = [];
      let d = 0;
      let start = 0;
      for (let j = 0; j < body.length; j++) {
        if (body[j] === "{") d++;
        else if (body[j] === "}") d--;
        else if (body[j] === "," && d === 0) {
          parts.push(body.slice(start, j));
          start = j + 1;
        }
      }
      parts.push(body.slice(start));
      if (parts.length < 2) return [pattern];
      return parts.flatMap((p) => expandBraces(pattern.slice(0, open) + p + pattern.slice(i + 1)));
    }
  }
  return [pattern];
}

/** Alternatives of a pattern as segment lists (literal p counts as p and p/**). */
function alternatives(pattern: string): string[][] {
  const p = normalizeGlob(pattern);
  const forms = isLiteralPattern(p) ? [p, `${p}/**`] : [p];
  return forms.flatMap(expandBraces).map((f) => f.split("/").filter((s) => s !== ""));
}

function literalPrefix(seg: string): string {
  const m = /[*?[\]{}()!+@]/.exec(seg);
  return m ? seg.slice(0, m.index) : seg;
}

function literalSuffix(seg: string): string {
  for (let i = seg.length - 1; i >= 0; i--) if ("*?[]{}()!+@".includes(seg[i] as string)) return seg.slice(i + 1);
  return seg;
}

function segment(a: string, b: string, nocase: boolean): boolean {
  const la = isLiteralPattern(a);
  const lb = isLiteralPattern(b);
  if (la && lb) return nocase ? a.toLowerCase() === b.toLowerCase() : a === b;
  if (la) return picomatch(b, { dot: true, nocase })(a);
  if (lb) return picomatch(a, { dot: true, nocase })(b);
  const pa = literalPrefix(a);
  const pb = literalPrefix(b);
  const sa = literalSuffix(a);
  const sb = literalSuffix(b);
  const prefixOk = pa.startsWith(pb) || pb.startsWith(pa);
  const suffixOk = sa.endsWith(sb) || sb.endsWith(sa);
  return prefixOk && suffixOk;
}

function intersect(p: string[], q: string[], nocase: boolean, memo: Map<string, boolean>): boolean {
  const key = `${p.join("/")}\0${q.join("/")}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  let result: boolean;
  if (p.length === 0 && q.length === 0) result = true;
  else if (p.length === 0) result = q.every((s) => s === "**");
  else if (q.length === 0) result = p.every((s) => s === "**");
  else if (p[0] === "**") result = intersect(p.slice(1), q, nocase, memo) || intersect(p, q.slice(1), nocase, memo);
  else if (q[0] === "**") result = intersect(p, q.slice(1), nocase, memo) || intersect(p.slice(1), q, nocase, memo);
  else result = segment(p[0] as string, q[0] as string, nocase) && intersect(p.slice(1), q.slice(1), nocase, memo);
  memo.set(key, result);
  return result;
}

/** Do two glob patterns possibly match a common path? False positives allowed, no false negatives. */
export function patternsIntersect(a: string, b: string, nocase = false): boolean {
  const memo = new Map<string, boolean>();
  return alternatives(a).some((pa) => alternatives(b).some((pb) => intersect(pa, pb, nocase, memo)));
}

/** Overlap of two allow lists with the intersecting pairs. */
export function scopesOverlap(a: readonly string[], b: readonly string[], nocase = false): { overlap: boolean; pairs: [string, string][] } {
  const pairs: [string, string][] = [];
  for (const p of a) for (const q of b) if (patternsIntersect(p, q, nocase)) pairs.push([p, q]);
  return { overlap: pairs.length > 0, pairs };
}

/** Is every child pattern contained in some parent pattern (warning SCOPE_WIDENS_PARENT otherwise)? */
export function isContained(child: readonly string[], parent: readonly string[]): boolean {
  return child.every((c) => parent.some((p) => patternContains(normalizeGlob(p), normalizeGlob(c))));
}

function patternContains(p: string, c: string): boolean {
  if (p === "**") return true;
  const base = isLiteralPattern(p) ? p : p.endsWith("/**") ? p.slice(0, -3) : null;
  if (base !== null && isLiteralPattern(base)) {
    const cBase = isLiteralPattern(c) ? c : picomatch.scan(c).base;
    if (cBase === base || cBase.startsWith(`${base}/`)) return true;
  }
  if (isLiteralPattern(c)) return picomatch(p, { dot: true })(c);
  return false;
}
