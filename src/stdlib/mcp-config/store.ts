// MCP registration (I/O): write exo's server entry into each harness's project MCP file.
// Every file is read and validated before any is written, so a broken one leaves nothing half-done.
import { chmod, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { settingsInvalid } from "../settings-error.js";
import { writeFileAtomic } from "../../io/fs-atomic.js";
import type { Repo } from "../../io/paths.js";
import { readTextOrNull } from "../../io/read.js";
import { MCP_LAUNCHER } from "./launcher.js";
import { MCP_FILES, mergeJsonServers, mergeTomlServers, serverEntry, type McpHarness, type MergeStatus } from "./model.js";

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
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
    return value as Record<string, unknown>;
  } catch {
    throw settingsInvalid(rel, text, "exo install");
  }
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
    const current = (await readTextOrNull(file)) ?? "";
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
