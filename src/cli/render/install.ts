// Human view of `exo install`: what it did in a few lines, the commit, numbered next steps.
import { wrap } from "./style.js";
interface StepView {
  name: string;
  status: string;
  message: string;
  files: string[];
  code?: string;
}

interface InstallView {
  steps: StepView[];
  scan: { languages: string[]; checks: string[] } | null;
  files_written: string[];
  committed: string | null;
  left_uncommitted: string[];
  example?: StepView & { ticket: string | null };
  mcp?: StepView;
  next_steps?: string[];
  status: string;
}

const list = (items: string[], max = 6) => (items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} and ${items.length - max} more`);

export function renderInstall(d: InstallView): string {
  const step = (name: string) => d.steps.find((s) => s.name === name);
  const dry = d.steps.some((s) => s.status === "planned");
  const lines: string[] = [];
  const failed = [...d.steps, ...(d.example ? [{ ...d.example, name: "example" }] : []), ...(d.mcp ? [{ ...d.mcp, name: "mcp" }] : [])].filter((s) => s.status === "failed");
  if (dry) lines.push("exo install --dry-run: nothing was written. The plan:");
  else if (failed.length > 0) lines.push("exo install stopped part way:");
  else if (d.files_written.length === 0 && d.committed === null) lines.push("exo is already installed here; nothing changed.");
  else lines.push("exo is installed in this repository.");
  if (dry) {
    for (const s of d.steps) {
      lines.push(`  ${s.name.padEnd(10)} ${s.status}${s.message ? `: ${s.message}` : ""}`);
      // The steps with their own entries: the starter ticket after compose, MCP after the hooks.
      if (s.name === "compose" && d.example && d.example.status !== "skipped") lines.push(`  example    ${d.example.status}: ${d.example.message}`);
      if (s.name === "hooks" && d.mcp && d.mcp.status !== "skipped") lines.push(`  mcp        ${d.mcp.status}: ${mcpLine(d.mcp)}`);
    }
  } else {
    if (d.scan) lines.push(`  scanned    ${d.scan.languages.join(", ") || "no known language"}; checks: ${d.scan.checks.join(", ") || "none"}`);
    if (d.files_written.length > 0) lines.push(...wrap(list(d.files_written), 13).map((l, i) => (i === 0 ? `  wrote      ${l.trimStart()}` : l)));
    const hooks = step("hooks");
    if (hooks && hooks.status !== "skipped" && hooks.status !== "failed") lines.push(`  hooks      ${hooks.message}`);
    if (d.mcp && (d.mcp.status === "done" || d.mcp.status === "unchanged")) lines.push(`  mcp        ${d.mcp.message}`);
    if (d.example && d.example.status !== "skipped" && d.example.status !== "failed") lines.push(`  example    ${d.example.message}`);
  }
  for (const s of failed) lines.push(`  FAILED     ${s.name}: ${s.message}${s.code ? ` [${s.code}]` : ""}`);
  if (d.committed) lines.push(`  committed  ${d.committed.slice(0, 8)} chore(exo): install governance`);
  if (d.left_uncommitted.length > 0) lines.push(`  left uncommitted (you had changes there): ${d.left_uncommitted.join(", ")}`);
  const next = d.next_steps ?? [];
  if (!dry && next.length > 0) {
    lines.push("", "Next steps:");
    next.forEach((s, i) => lines.push(`  ${i + 1}. ${s}`));
  }
  return lines.join("\n");
}

/** What the MCP registration writes: the harnesses' files, and the launcher their entries run. */
function mcpLine(mcp: { files: string[]; message: string }): string {
  const launcher = ".exo/bin/exo-mcp.mjs";
  const configs = mcp.files.filter((f) => f !== launcher);
  const withLauncher = mcp.files.includes(launcher);
  if (configs.length > 0) return `register exo-mcp in ${configs.join(", ")}${withLauncher ? ` (run by ${launcher})` : ""}`;
  return withLauncher ? `update ${launcher}` : mcp.message;
}
