// Human views of doctor and drift: one line per section.
interface SectionView {
  name: string;
  status: string;
  message: string;
  hint?: string;
}

export function renderSections(d: { status: string; sections: SectionView[]; fixed?: { section: string; action: string }[] }): string {
  const mark: Record<string, string> = { pass: "ok  ", warn: "WARN", fail: "FAIL", skip: "skip" };
  const lines = d.sections.map((s) => `${mark[s.status] ?? s.status}  ${s.name.padEnd(13)} ${s.message}${s.hint && s.status !== "pass" ? `  (${s.hint})` : ""}`);
  for (const f of d.fixed ?? []) lines.push(`fixed ${f.section}: ${f.action}`);
  lines.push(`overall: ${d.status}`);
  return lines.join("\n");
}
