// Edit distance for "did you mean" suggestions (command and flag names, ticket ids, choices).

/** Optimal string alignment distance: insert, delete, replace, and a swap of two neighbours count once each. */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] as number) + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

const SAID = new Map<string, string>([
  ...["closed", "close", "complete", "completed", "finished", "resolved", "merged", "fixed"].map((w) => [w, "done"] as const),
  ...["in-progress", "inprogress", "progress", "started", "wip", "doing", "working", "ongoing"].map((w) => [w, "active"] as const),
  ...["open", "new", "backlog", "pending", "ready"].map((w) => [w, "todo"] as const),
  ...["blocked", "on-hold", "hold", "waiting", "suspended"].map((w) => [w, "paused"] as const),
  ...["in-review", "reviewing", "needs-review"].map((w) => [w, "review"] as const),
  ...["dropped", "abandoned", "wontfix", "won't-fix", "rejected", "obsolete"].map((w) => [w, "cancelled"] as const),
]);

/**
 * `; did you mean cancelled?` for a choice typed with a slip (canceled, reveiw, activ, writ), or
 * another tracker's word for a status (closed, in-progress, blocked), else "".
 */
export function meantChoice(typed: string, choices: readonly string[]): string {
  const word = meantWord(typed, choices);
  return word === null ? "" : `; did you mean ${word}?`;
}

/** The one choice a typed word means (see meantChoice), or null. */
export function meantWord(typed: string, choices: readonly string[]): string | null {
  const t = typed.toLowerCase();
  // Other trackers' words for a status (`--status closed`, `in-progress`, `blocked`): the one exo has.
  const word = SAID.get(t.replace(/[\s_]+/g, "-"));
  if (word !== undefined && choices.includes(word)) return word;
  const prefixed = t.length >= 3 ? choices.filter((c) => c.startsWith(t)) : [];
  if (prefixed.length === 1) return prefixed[0] as string;
  const near = choices.filter((c) => editDistance(t, c) <= Math.max(1, Math.min(2, Math.floor(c.length / 3))));
  return near.length === 1 ? (near[0] as string) : null;
}
