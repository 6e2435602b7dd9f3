// An independent canonical-JSON + sha256 for tests that forge self-consistent files.
import { createHash } from "node:crypto";

export function canonJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonJson).join(",")}]`;
  const record = v as Record<string, unknown>;
  return `{${Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonJson(record[k])}`)
    .join(",")}}`;
}

/** Set `field` to sha256(canon(value without field)), as a hand forger would. */
export function reseal(value: Record<string, unknown>, field: string): Record<string, unknown> {
  const copy = { ...value };
  delete copy[field];
  return { ...copy, [field]: createHash("sha256").update(canonJson(copy)).digest("hex") };
}
