// MCP registration (I/O): write exo's server entry into each harness's project MCP file.
// Every file is read and validated before any is written, so a broken one leaves nothing half-done.
import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { settingsInvalid, settingsMisshapen } from "../settings-error.js";
import { writeFileAtomic } from "../../io/fs-atomic.js";
import type { Repo } from "../../io/paths.js";
import { readGovernedTextOrNull, readTextOrNull } from "../../io/read.js";
import { MCP_LAUNCHER } from "./launcher.js";
import { MCP_FILES, mergeJsonServers, mergeTomlServers, serverEntry, type McpHarness, type MergeStatus } from "./model.js";
import { stripBom } from "../../kernel/text.js";

export interface McpRegistration {
  harness: McpHarness;
  file: string;
  status: MergeStatus;
}

export interface McpReport {
  registrations: McpRegistration[];
  changed: string[];
}

function parseJsonObject(text: string, rel: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  let value: Record<string, unknown>;
  try {
    // A UTF-8 BOM (Notepad, PowerShell 5's utf8) is read past, as the harness settings files are
    // (before: ".mcp.json is not a JSON object" of a file that is one).
    const parsed = JSON.parse(stripBom(text)) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
    value = parsed as Record<string, unknown>;
  } catch {
    throw settingsInvalid(rel, text, "exo install");
  }
  // `"mcpServers": [ … ]`: before, the user's servers in it were dropped without a word for exo's.
  const servers = value["mcpServers"];
  if (servers !== undefined && (typeof servers !== "object" || servers === null || Array.isArray(servers))) {
    throw settingsMisshapen(rel, text, { key: "mcpServers", path: "mcpServers", value: servers, want: 'an object of servers by name ({"name": {"command": …}})', keeps: "your servers" }, "exo install");
  }
  return value;
}

/**
 * Register `exo-mcp` for each harness (git has no MCP client and is ignored): the entry runs the
 * committed launcher `.exo/bin/exo-mcp.mjs`, written (or brought up to date) with it.
 */
export async function registerMcp(repo: Repo, harnesses: readonly string[], opts: { dryRun: boolean }): Promise<McpReport> {
  const plans: { harness: McpHarness; file: string; rel: string; text: string; status: MergeStatus }[] = [];
  for (const harness of ["claude", "cursor", "codex"] as const) {
    if (!harnesses.includes(harness)) continue;
    const rel = MCP_FILES[harness];
    const file = join(repo.root, rel);
    // A file linked outside the repository is refused: merging would copy its text in.
    const current = (await readGovernedTextOrNull(file, [repo.mainRoot, repo.root])) ?? "";
    const entry = serverEntry(harness);
    if (harness === "codex") {
      const merged = mergeTomlServers(current, entry);
      plans.push({ harness, file, rel, text: merged.text, status: merged.status });
    } else {
      const merged = mergeJsonServers(parseJsonObject(current, rel), entry);
      plans.push({ harness, file, rel, text: `${JSON.stringify(merged.value, null, 2)}\n`, status: merged.status });
    }
  }
  const report: McpReport = { registrations: [], changed: [] };
  // The launcher every registered entry runs (a user's own exo entry does not need it).
  if (plans.some((p) => p.status !== "kept")) {
    const launcher = join(repo.exoDir, "bin", "exo-mcp.mjs");
    if ((await readTextOrNull(launcher)) !== MCP_LAUNCHER) {
      if (!opts.dryRun) {
        await mkdir(dirname(launcher), { recursive: true });
        await writeFileAtomic(launcher, MCP_LAUNCHER);
        await chmod(launcher, 0o755).catch(() => undefined);
      }
      report.changed.push(repo.relative(launcher));
    }
  }
  for (const plan of plans) {
    const writes = plan.status === "added" || plan.status === "updated";
    if (writes && !opts.dryRun) {
      await mkdir(dirname(plan.file), { recursive: true });
      await writeFileAtomic(plan.file, plan.text);
    }
    if (writes) report.changed.push(plan.rel);
    report.registrations.push({ harness: plan.harness, file: plan.rel, status: plan.status });
  }
  return report;
}

/**
 * Registrations exo wrote in an earlier form (and the launcher they run), which `exo install`
 * brings up to date: for doctor. A harness file without exo's entry, or with the user's own, is
 * not reported; an unparsable one is install's to report.
 */
export async function outdatedMcp(repo: Repo): Promise<{ harnesses: McpHarness[]; files: string[] }> {
  const present = (["claude", "cursor", "codex"] as const).filter((h) => existsSync(join(repo.root, MCP_FILES[h])));
  if (present.length === 0) return { harnesses: [], files: [] };
  let report: McpReport;
  try {
    report = await registerMcp(repo, present, { dryRun: true });
  } catch {
    return { harnesses: [], files: [] };
  }
  const ours = report.registrations.filter((r) => r.status === "updated" || r.status === "unchanged");
  const stale = ours.filter((r) => r.status === "updated");
  const launcher = report.changed.find((f) => f.endsWith("exo-mcp.mjs"));
  const harnesses = launcher !== undefined && ours.length > 0 ? ours : stale;
  return { harnesses: harnesses.map((r) => r.harness), files: [...stale.map((r) => r.file), ...(launcher !== undefined && ours.length > 0 ? [launcher] : [])] };
}
