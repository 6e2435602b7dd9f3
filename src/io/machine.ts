// Machine figures for the bootstrap prompt and the machine_load advisory (SPEC §7.11).
import { readFileSync } from "node:fs";
import { availableParallelism, freemem, loadavg, totalmem } from "node:os";

export interface MachineFigures {
  cores: number;
  load1: number | null;
  free_mb: number;
  total_mb: number;
}

export function readMachine(): MachineFigures {
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
