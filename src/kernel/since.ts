// `--since 7d` (or `7`, `2w`, `12h`, `7 days`, `yesterday`): a duration or a word where a date goes.
// The date it means, so the CLI's hint (the line typed) and the MCP's (the call made) both carry it.

/** The date (YYYY-MM-DD, or a UTC timestamp for hours) `value` means counted back from `now` (ms), or null. */
export function sinceMeant(value: string, now: number): string | null {
  // `--since yesterday` (today, last week) as people say it: the date it means.
  const word = { today: "0d", yesterday: "1d", "last week": "7d" }[value.trim().toLowerCase()];
  const m = /^(\d+)\s*(h|hours?|d|days?|w|weeks?)?(?:\s+ago)?$/i.exec(word ?? value.trim());
  if (!m) return null;
  const hours = Number(m[1]) * ({ h: 1, d: 24, w: 168 }[(m[2] ?? "d").charAt(0).toLowerCase()] ?? 24);
  const iso = new Date(now - hours * 3_600_000).toISOString();
  return hours % 24 === 0 ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}

/** Now as EXO_NOW freezes it (any date it parses), else the clock: what a since hint counts back from. */
export function sinceNow(env: Readonly<Record<string, string | undefined>>): number {
  const frozen = env["EXO_NOW"];
  return frozen && !Number.isNaN(Date.parse(frozen)) ? Date.parse(frozen) : Date.now();
}
