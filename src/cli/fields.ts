// What the command line knows of a registry command's zod input schema: one FieldInfo per key.
// No commander here, so the fast argv path (fast-args.ts) and help text need not load it.
import type { z } from "zod";
import type { Command } from "../commands/command.js";

export interface FieldInfo {
  key: string;
  flag: string;
  kind: "boolean" | "array" | "number" | "string";
  required: boolean;
  description: string;
  choices: string[] | null;
  defaultValue: unknown;
}

type Def = { type: string; innerType?: z.ZodType; element?: z.ZodType; entries?: Record<string, string>; defaultValue?: unknown; in?: z.ZodType; values?: unknown[] };

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { def: Def }).def;
}

/** Describe one schema field for the command line. */
export function fieldInfo(key: string, schema: z.ZodType): FieldInfo {
  let current = schema;
  let required = true;
  let defaultValue: unknown = undefined;
  const description = (schema as { description?: string }).description ?? "";
  for (;;) {
    const def = defOf(current);
    if ((def.type === "optional" || def.type === "nullable") && def.innerType) {
      required = false;
      current = def.innerType;
    } else if ((def.type === "default" || def.type === "prefault") && def.innerType) {
      required = false;
      defaultValue = typeof def.defaultValue === "function" ? (def.defaultValue as () => unknown)() : def.defaultValue;
      current = def.innerType;
    } else if (def.type === "pipe" && def.in) {
      current = def.in;
    } else break;
  }
  const def = defOf(current);
  const kind = def.type === "boolean" ? "boolean" : def.type === "array" ? "array" : def.type === "number" || def.type === "int" ? "number" : "string";
  let choices: string[] | null = null;
  const inner = kind === "array" && def.element ? defOf(def.element) : def;
  if (inner.type === "enum" && inner.entries) choices = Object.values(inner.entries);
  if (inner.type === "literal" && inner.values) choices = inner.values.map(String);
  return { key, flag: key.replaceAll("_", "-"), kind, required, description, choices, defaultValue };
}

export function fieldsOf(command: Command): FieldInfo[] {
  const shape = command.input.shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([key, schema]) => fieldInfo(key, schema));
}

export function parseNumber(value: string): number | string {
  return /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(value.trim()) ? Number(value) : value;
}

