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

/** `; did you mean cancelled?` for a choice typed with a slip (canceled, reveiw, activ, writ), else "". */
export function meantChoice(typed: string, choices: readonly string[]): string {
  const t = typed.toLowerCase();
  const prefixed = t.length >= 3 ? choices.filter((c) => c.startsWith(t)) : [];
  if (prefixed.length === 1) return `; did you mean ${prefixed[0] as string}?`;
  const near = choices.filter((c) => editDistance(t, c) <= Math.max(1, Math.min(2, Math.floor(c.length / 3))));
  return near.length === 1 ? `; did you mean ${near[0] as string}?` : "";
}
