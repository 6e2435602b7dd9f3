// EXO_NOW's one format (SPEC §2.2): a UTC timestamp with milliseconds, as Date#toISOString writes it.

const FROZEN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The instant a frozen-clock value names, or null when it is no such timestamp. A date that does
 * not exist (2026-02-30) rolls over in Date, so it must also read back exactly as written.
 * Shared by the commands (io/env.ts currentTime) and the hook (hooks/hook-io.ts), which must agree.
 */
export function parseFrozenClock(value: string): Date | null {
  if (!FROZEN.test(value)) return null;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toISOString() === value ? date : null;
}
