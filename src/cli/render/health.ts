// Human views of doctor and drift: the verdict first, then one aligned line per section.
import { c, pad, tone } from "./style.js";

interface SectionView {
  name: string;
  status: string;
  message: string;
  hint?: string;
}

export function renderSections(d: { status: string; sections: SectionView[]; fixed?: { section: string; action: string }[] }): string {
  const mark: Record<string, string> = { pass: "ok  ", warn: "WARN", fail: "FAIL", skip: "skip" };
  const counts = (s: string) => d.sections.filter((x) => x.status === s).length;
  const head = `${tone(d.status, `overall: ${d.status}`)}${c.dim(` (${counts("pass")} ok, ${counts("warn")} warn, ${counts("fail")} fail, ${counts("skip")} skipped)`)}`;
  const width = Math.max(12, ...d.sections.map((s) => s.name.length)) + 1;
  const lines = d.sections.map((s) => {
    const word = mark[s.status] ?? s.status;
    const text = `${s.status === "skip" ? c.dim(word) : tone(s.status, word)}  ${pad(s.name, width)} ${s.message}`;
    return s.hint && s.status !== "pass" ? `${text}\n      ${" ".repeat(width)} ${c.dim(`→ ${s.hint}`)}` : text;
  });
  for (const f of d.fixed ?? []) lines.push(`${c.green("fixed")} ${f.section}: ${f.action}`);
  return [head, ...lines].join("\n");
}
