// The short form of the bootstrap (issue #19): ticket, scope and rules, restated when a harness
// compacts the conversation or starts a subagent, so the agent keeps its governance. Pure and
// deterministic; a handful of lines, never the whole bootstrap.

export interface EssentialsSession {
  id: string;
  actor: string;
  ticket: string;
  ticket_title: string;
  scope: { allow: string[]; deny: string[]; boundaries: string[] };
}

export interface EssentialsPolicy {
  deny?: { id: string; actions: string[]; patterns: string[]; message: string }[];
  require_lock?: unknown;
}

const code = (s: string) => `\`${s}\``;
const list = (items: readonly string[], max = 8) => (items.length === 0 ? "none" : `${items.slice(0, max).map(code).join(", ")}${items.length > max ? ` (+${items.length - max} more)` : ""}`);
const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** Why the essentials are restated: after compaction, or for a subagent of the session. */
export type EssentialsReason = "compact" | "subagent";

export function renderEssentials(s: EssentialsSession, policy: EssentialsPolicy | null, reason: EssentialsReason, bootstrapPath: string | null): string {
  const head =
    reason === "compact"
      ? `exo governance, restated after the conversation was compacted: you still work in exo session ${s.id}.`
      : `exo governance for this subagent: it works inside the parent's exo session ${s.id} and inherits its scope; every write it makes is checked against that scope.`;
  const out = [head, `- ticket: ${s.ticket} ${JSON.stringify(s.ticket_title)}`, `- scope allow: ${list(s.scope.allow)}`, `- scope deny: ${list(s.scope.deny)}`];
  if (s.scope.boundaries.length > 0) out.push(`- boundaries: ${list(s.scope.boundaries)}`);
  const rules = (policy?.deny ?? []).slice(0, 6).map((r) => `  - ${r.id}: no ${r.actions.join(", ")} on ${list(r.patterns, 4)}`);
  if ((policy?.deny?.length ?? 0) > rules.length) rules.push(`  - and ${(policy?.deny?.length ?? 0) - rules.length} more`);
  if (policy?.require_lock) rules.push("  - writes require holding this ticket's lock");
  out.push(rules.length > 0 ? "- rules:" : "- rules: none", ...rules);
  out.push("- writes outside the scope are blocked by exo's hooks and count as drift at finish.");
  out.push(reason === "compact" ? `- when done: \`EXO_ACTOR=${q(s.actor)} exo session-finish --summary "…"\`` : "- the parent session finishes the work; a subagent does not run exo session-finish.");
  if (bootstrapPath) out.push(`- full bootstrap: ${bootstrapPath}`);
  return out.join("\n");
}
