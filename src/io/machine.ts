// Machine figures for the bootstrap prompt and the machine_load advisory (SPEC §7.11).
import { readFileSync } from "node:fs";
import { availableParallelism, freemem, loadavg, totalmem } from "node:os";

export interface MachineFigures {
  cores: number;
  load1: number | null;
  free_mb: number;
  total_mb: number;
}

/** Figures already read for one start or resume (keyed by its context): SPEC §7.10 reads them once. */
const readFor = new WeakMap<object, MachineFigures>();

/**
 * The machine figures; with `once`, those read before for the same object (the command's context),
 * so the machine_load advisory and the bootstrap's Machine section quote the same numbers.
 */
export function readMachine(once?: object): MachineFigures {
  const kept = once ? readFor.get(once) : undefined;
  if (kept) return kept;
  const figures = measure();
  if (once) readFor.set(once, figures);
  return figures;
}

function measure(): MachineFigures {
  const loads = loadavg();
  let free = freemem();
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync("/proc/meminfo", "utf8"));
    if (m) free = Number(m[1]) * 1024;
  } catch {
    // not Linux: os.freemem() it is
  }
  return {
    cores: availableParallelism(),
    load1: loads.every((l) => l === 0) ? null : Math.round((loads[0] ?? 0) * 100) / 100,
    free_mb: Math.floor(free / 1048576),
    total_mb: Math.floor(totalmem() / 1048576),
  };
}
