// Is exo's ticket merge driver in effect in this clone? The driver lives in the clone's own git
// config (a fresh clone has none until an exo command registers it) and is selected by the committed
// `.exo/.gitattributes`; any other attribute file can override that selection (`.git/info/attributes`,
// a `.gitattributes` deeper in `.exo/tickets/`, core.attributesFile). Without it git merges ticket
// files as plain text: conflict markers, or one side kept whole when the driver's program is gone.
// Asked only off the hot paths: doctor, and a ticket read that met an unresolved merge.
import { existsSync } from "node:fs";
import { gitRaw } from "../../io/git.js";
import { configValue, gitConfig } from "../../io/git-config.js";
import type { Repo } from "../../io/paths.js";
import { MERGE_DRIVER } from "./team.js";

export type MergeDriverGap =
  | { reason: "unregistered" }
  | { reason: "missing_program"; program: string }
  | { reason: "mcp_program"; program: string }
  | { reason: "attributes"; merge: string };

/** Why git would not use exo's merge driver for ticket files here, or null when it would. */
export async function mergeDriverGap(repo: Repo): Promise<MergeDriverGap | null> {
  if (!existsSync(repo.ticketsDir)) return null;
  // Attributes first: a driver that is registered but never selected is the same gap.
  const attr = await gitRaw(repo.ticketsDir, ["check-attr", "-z", "merge", "--", "exo-probe.yaml"]).catch(() => null);
  if (attr && attr.code === 0) {
    const value = attr.stdout.split("\0")[2] ?? "";
    if (value !== MERGE_DRIVER) return { reason: "attributes", merge: value || "unspecified" };
  }
  const entries = await gitConfig(repo);
  const driver = entries ? configValue(entries, `merge.${MERGE_DRIVER}.driver`) : undefined;
  if (driver === undefined || driver === null || driver.trim() === "") return { reason: "unregistered" };
  // exo writes `'<node>' '<bin.js>' merge-ticket …`: a program that is gone fails every merge.
  for (const m of driver.matchAll(/'([^']+)'/g)) {
    const path = m[1] as string;
    if (path.startsWith("/") && !existsSync(path)) return { reason: "missing_program", program: path };
    // A migration aid: exo-mcp's own bin, which exo-mcp of exo before round 33 registered (it has no
    // merge-ticket). Today's exo never writes it, and any next or start over the CLI re-registers
    // the CLI's; this check can go once no clone keeps such a config.
    if (/[\\/]mcp[\\/]bin\.js$/.test(path)) return { reason: "mcp_program", program: path };
  }
  return null;
}

/** One sentence: what the gap does to ticket merges. */
export function describeGap(gap: MergeDriverGap): string {
  switch (gap.reason) {
    case "unregistered":
      return `exo's ticket merge driver is not registered in this clone (merge.${MERGE_DRIVER}.driver is unset), so git merges tickets as plain text`;
    case "missing_program":
      return `exo's ticket merge driver runs ${gap.program}, which no longer exists, so every ticket merge fails`;
    case "mcp_program":
      return `exo's ticket merge driver runs exo-mcp (${gap.program}), which has no merge-ticket, so every ticket merge fails`;
    case "attributes":
      return `git attributes select merge=${gap.merge} for .exo/tickets/*.yaml instead of exo's ${MERGE_DRIVER} (a .gitattributes under .exo/tickets, .git/info/attributes or core.attributesFile overrides .exo/.gitattributes), so git merges tickets as plain text`;
  }
}
