// Human views of doctor and drift: the verdict first, then one aligned line per section.
import { c, COLUMNS, pad, tone, width as visible, wrap } from "./style.js";

interface SectionView {
  name: string;
  status: string;
  message: string;
  hint?: string;
}

export function renderSections(d: { status: string; sections: SectionView[]; fixed?: { section: string; action: string }[]; waited?: { ms: number; pid: number; host: string; fixed: { section: string; action: string }[] } }): string {
  const mark: Record<string, string> = { pass: "ok  ", warn: "WARN", fail: "FAIL", skip: "skip" };
  const counts = (s: string) => d.sections.filter((x) => x.status === s).length;
  const tally = `(${counts("pass")} ok, ${counts("warn")} warn, ${counts("fail")} fail, ${counts("skip")} skipped)`;
  const verdict = tone(d.status, `overall: ${d.status}`);
  const head = visible(`overall: ${d.status} ${tally}`) <= COLUMNS ? `${verdict} ${c.dim(tally)}` : `${verdict}\n${c.dim(tally)}`;
  const width = Math.max(12, ...d.sections.map((s) => s.name.length)) + 1;
  // Messages beside the names while 30 columns are left for them; narrower (COLUMNS=40), under
  // each name, indented 6, as help puts an option's text (before: 20-column ribbons of text).
  const under = COLUMNS - 7 - width < 30;
  const lead = " ".repeat(under ? 6 : 7 + width);
  const lines = d.sections.map((s) => {
    const word = mark[s.status] ?? s.status;
    const name = `${s.status === "skip" ? c.dim(word) : tone(s.status, word)}  ${under ? s.name : pad(s.name, width)}`;
    const [first = "", ...more] = wrap(s.message, lead.length).map((l) => l.trimStart());
    const text = [...(under ? [name, `${lead}${first}`] : [`${name} ${first}`]), ...more.map((l) => `${lead}${l}`)].join("\n");
    // A command too long to follow the message's indent starts at 6 (it is never split).
    const arrow = `→ ${s.hint ?? ""}`;
    return s.hint && s.status !== "pass" ? `${text}\n${visible(`${lead}${arrow}`) <= COLUMNS ? lead : "      "}${c.dim(arrow)}` : text;
  });
  // A --fix that waited for another: what that one repaired first, or the state looks as if
  // nothing had been wrong.
  if (d.waited) {
    const other = `another exo doctor --fix (pid ${d.waited.pid}${d.waited.host ? ` on ${d.waited.host}` : ""})`;
    lines.push(c.dim(`waited ${Math.round(d.waited.ms / 1000)} s for ${other}; ${d.waited.fixed.length > 0 ? "it repaired:" : "it left no record of what it repaired here (exo ledger-show --type doctor.fixed --limit 1)"}`));
    for (const f of d.waited.fixed) lines.push(`${c.green("fixed")} ${f.section}: ${f.action} ${c.dim("(by the other run)")}`);
  }
  for (const f of d.fixed ?? []) lines.push(`${c.green("fixed")} ${f.section}: ${f.action}`);
  return [head, ...lines].join("\n");
}
