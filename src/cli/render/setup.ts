// Human views of setup and maintenance commands: adapters, hooks, sandbox policy, sidecar,
// decide, gc, gc-locks, worktrees.
import { c, hanging, plural, short, table, tone, truncated } from "./style.js";

export function renderAdapters(d: { targets: { target: string; path: string; status: string }[]; governance_sha256: string; next_command?: string | null }): string {
  if (d.targets.length === 0) return "no adapter targets configured (config adapters.targets)";
  const bad = d.targets.filter((t) => ["missing", "stale", "edited"].includes(t.status));
  const head = bad.length > 0 ? tone("fail", `${plural(bad.length, "adapter")} need attention; run exo adapter-generate`) : `adapters for governance ${d.governance_sha256.slice(0, 12)}`;
  const lines = [head, ...table(d.targets.map((t) => [t.target, t.status, t.path]), { indent: 2, paint: (i, col, cell) => (col === 1 ? tone(statusWord(d.targets[i]?.status ?? ""), cell) : cell) })];
  // Teammates' agents read these files from git: written ones only reach them once committed.
  if (d.next_command) lines.push(`next: ${d.next_command}`);
  return lines.join("\n");
}

function statusWord(s: string): string {
  if (s === "missing" || s === "stale") return "fail";
  if (s === "edited" || s === "planned") return "warn";
  return s === "written" || s === "fresh" || s === "unchanged" || s === "installed" ? "pass" : s;
}

export function renderHookInstall(d: { harnesses?: { name: string; files: string[]; status: string }[]; launcher?: string; hooks_sha256?: string; files?: string[]; git_config?: string[] }): string {
  if (!d.harnesses) return d.files && d.files.length ? `hooks reinstalled: ${d.files.join(", ")}` : "hooks unchanged";
  const lines = table(d.harnesses.map((h) => [h.name, h.status, h.files.join(", ")]), { indent: 2, wrapLast: true, paint: (i, col, cell) => (col === 1 ? tone(statusWord(d.harnesses?.[i]?.status ?? ""), cell) : cell) });
  return [`hooks: ${d.harnesses.map((h) => `${h.name} ${h.status}`).join(", ") || "none"}`, ...lines, ...(d.launcher ? [c.dim(`  launcher ${d.launcher}`)] : []), ...(d.git_config?.length ? [c.dim(`  git config ${d.git_config.map((k) => k.split(" ")[0]).filter((k, i, a) => a.indexOf(k) === i).join(", ")} set in this clone`)] : [])].join("\n");
}

export function renderSandboxPolicy(d: { claude: { permissions: { deny: string[] } }; hook_only: { rule: string; pattern: string; actions: string[]; reason: string }[]; written: boolean }): string {
  const deny = d.claude.permissions.deny;
  const out = hanging("", `${d.written ? "wrote" : "would write"} ${plural(deny.length, "Claude Code permissions.deny entry", "Claude Code permissions.deny entries")}${d.written ? " to .claude/settings.json" : " (--write applies)"}`, "");
  out.push(...truncated(deny, 12, (e) => `  ${e}`, "--format json"));
  if (d.hook_only.length > 0) {
    out.push("", "Enforced by the hooks only:");
    out.push(...d.hook_only.map((h) => `  ${h.rule}  ${h.pattern} (${h.actions.join(", ")})`));
  }
  return out.join("\n");
}

export function renderSidecar(d: { branch: string; path: string; created_branch: boolean; migrated: string[]; commits: string[] }): string {
  const lines = [`sidecar: ${d.path} is a worktree of ${d.branch}${d.created_branch ? " (new orphan branch)" : ""}`];
  if (d.migrated.length) lines.push(`  moved ${plural(d.migrated.length, "file")} there`);
  if (d.commits.length) lines.push(`  commits ${d.commits.map(short).join(", ")}`);
  if (!d.migrated.length && !d.commits.length) lines.push("  nothing to move; already set up");
  return lines.join("\n");
}

interface DecideView {
  decision: string;
  code: string | null;
  reason: string | null;
  rule: string | null;
  session: string | null;
  targets: { action: string; path: string; decision: string; code: string | null; rule: string | null; inside_repo: boolean }[];
  unknown_writes: string[];
}

export function renderDecide(d: DecideView): string {
  const word = d.decision.toUpperCase();
  const out = [`${tone(d.decision, word)}${d.code ? ` ${d.code}` : ""}${d.session ? c.dim(` (session ${d.session})`) : c.dim(" (no session)")}`];
  // A denial's reason is the error line exo prints under this (error: … [CODE], then the hint): said
  // once there, not first here too.
  if (d.reason && d.decision !== "deny") out.push(`  ${d.reason}`);
  if (d.targets.length > 0) {
    out.push(...table(d.targets.map((t) => [t.decision, t.action, t.path, t.rule ?? t.code ?? ""]), { indent: 2, paint: (i, col, cell) => (col === 0 ? tone(d.targets[i]?.decision ?? "", cell) : cell) }));
  }
  if (d.unknown_writes.length > 0) out.push(c.yellow(`  writes exo cannot see the target of: ${d.unknown_writes.join("; ")}`));
  return out.join("\n");
}

interface GcView {
  applied: boolean;
  categories: Record<string, { files: number; bytes: number; paths: string[] }>;
  archived: string[];
  recovered: unknown[];
}

const kib = (b: number) => (b < 1024 ? `${b} B` : b < 1024 * 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${(b / 1024 / 1024).toFixed(1)} MiB`);

export function renderGc(d: GcView): string {
  const cats = Object.entries(d.categories);
  const files = cats.reduce((n, [, v]) => n + v.files, 0);
  const bytes = cats.reduce((n, [, v]) => n + v.bytes, 0);
  const verb = d.applied ? "removed" : "would remove";
  const out = [`${verb} ${plural(files, "file")} (${kib(bytes)})${d.archived.length ? `; ${d.applied ? "archived" : "would archive"} ${plural(d.archived.length, "ticket")}` : ""}${d.recovered.length ? `; recovered ${plural(d.recovered.length, "session")}` : ""}`];
  out.push(...table(cats.filter(([, v]) => v.files > 0).map(([k, v]) => [k.replaceAll("_", " "), plural(v.files, "file"), kib(v.bytes)]), { indent: 2 }));
  if (!d.applied && files > 0) out.push(c.dim("run exo gc --apply to remove them"));
  return out.join("\n");
}

interface LockRow {
  ticket: string;
  state: string;
  owner: string;
  expires_at: string;
  action: string;
}

export function renderGcLocks(d: { local: LockRow[]; remote: LockRow[]; dry_run: boolean; tickets_reset: string[] }): string {
  const released = [...d.local, ...d.remote].filter((l) => l.action === "released" || l.action === "pruned").length;
  const out = hanging("", `${d.dry_run ? "dry run: " : ""}${plural(d.local.length, "local lock")}, ${plural(d.remote.length, "remote lease")}; ${released} ${d.dry_run ? "to settle" : "settled"}${d.tickets_reset.length ? `; back to todo: ${d.tickets_reset.join(", ")}` : ""}`, "");
  const rows = [...d.local.map((l) => ({ ...l, where: "local" })), ...d.remote.map((l) => ({ ...l, where: "remote" }))];
  // WHERE only when remote leases are listed. Wider than the terminal (a long owner, 40 columns),
  // each lock is `header value` pairs under its ticket, as metrics and worktrees do: before, the
  // expiry was cut to `2026-12-0…` (58 columns at 40).
  const remote = d.remote.length > 0;
  const action = remote ? 4 : 3;
  const header = ["TICKET", ...(remote ? ["WHERE"] : []), "STATE", "OWNER", "ACTION", "EXPIRES"];
  const cells = rows.map((l) => [l.ticket, ...(remote ? [l.where] : []), l.state, l.owner, l.action, l.expires_at]);
  if (rows.length > 0) out.push(...table(cells, { header, indent: 2, stack: true, paint: (i, col, cell) => (col === action && rows[i]?.action !== "kept" && rows[i]?.action !== "none" ? c.yellow(cell) : cell) }));
  return out.join("\n");
}

export function renderWorktrees(d: { worktrees: { path: string; branch: string | null; head: string | null; ticket: string | null; sessions: string[] }[] }): string {
  if (d.worktrees.length === 0) return "no worktrees";
  return table(d.worktrees.map((w) => [w.ticket ?? "-", w.branch ?? "(detached)", short(w.head), w.sessions.length ? plural(w.sessions.length, "session") : "-", w.path]), { header: ["TICKET", "BRANCH", "HEAD", "SESSIONS", "PATH"], stack: true }).join("\n");
}

export function renderWorktreeCreate(d: { path: string; branch: string; ticket: string; next_command?: string }): string {
  return `worktree for ${d.ticket} at ${d.path} on branch ${d.branch}\nnext: ${d.next_command ?? `cd ${d.path} && exo session-start --ticket-id ${d.ticket}`}`;
}

export function renderWorktreeRemove(d: { path: string; removed: boolean; discarded?: string[]; next_command?: string; next_reason?: string }): string {
  if (!d.removed) return `worktree ${d.path} kept`;
  const n = d.discarded?.length ?? 0;
  const lost = n > 0 ? ` (discarded ${n === 1 ? "1 uncommitted change" : `${n} uncommitted changes`}: ${d.discarded?.slice(0, 3).join(", ")}${n > 3 ? ", …" : ""})` : "";
  const next = d.next_command ? `\n${d.next_reason ?? ""}\nnext: ${d.next_command}` : "";
  return `removed worktree ${d.path}${lost}${next}`;
}
