// Builds a fresh commander program for one registry command from its zod input schema:
// booleans become switches (with --no- forms where the default is true or comes from config),
// arrays repeatable options, numbers parsed. Help pages come from cli/help.ts, not commander.
import { Command as Commander, Option } from "commander";
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

function parseNumber(value: string): number | string {
  return /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(value.trim()) ? Number(value) : value;
}

/** A commander program for one command; `collect()` returns the raw input object. */
export function buildProgram(command: Command): { program: Commander; collect: () => Record<string, unknown> } {
  const program = new Commander(command.name);
  program.description(command.summary).helpOption("-h, --help", "Show help for this command").allowExcessArguments(false);
  const positional = new Set<string>(command.positional ?? []);
  const fields = fieldsOf(command);
  const attr = new Map<string, string>();
  for (const key of command.positional ?? []) {
    const f = fields.find((x) => x.key === key);
    if (!f) continue;
    program.argument(f.required ? `<${f.flag}>` : `[${f.flag}]`, f.description);
  }
  for (const f of fields) {
    if (positional.has(f.key)) continue;
    const describe = f.description + (f.choices ? ` (${f.choices.join("|")})` : "");
    if (f.kind === "boolean") {
      const on = new Option(`--${f.flag}`, describe);
      program.addOption(on);
      if (f.defaultValue !== false) program.addOption(new Option(`--no-${f.flag}`, `Turn off --${f.flag}`));
      attr.set(f.key, on.attributeName());
      continue;
    }
    const placeholder = f.kind === "number" ? "<n>" : f.kind === "array" ? "<value>" : "<value>";
    const option = new Option(`--${f.flag} ${placeholder}`, describe + (f.kind === "array" && !describe.includes("(repeatable") ? " (repeatable)" : ""));
    if (f.kind === "array") option.argParser((value: string, previous: unknown) => [...((previous as string[] | undefined) ?? []), value]);
    else if (f.kind === "number") option.argParser((value: string) => parseNumber(value));
    if (f.required) option.makeOptionMandatory(true);
    program.addOption(option);
    attr.set(f.key, option.attributeName());
  }
  const collect = (): Record<string, unknown> => {
    const opts = program.opts<Record<string, unknown>>();
    const raw: Record<string, unknown> = {};
    for (const [key, name] of attr) if (opts[name] !== undefined) raw[key] = opts[name];
    (command.positional ?? []).forEach((key, i) => {
      const value = program.processedArgs[i] as unknown;
      if (value !== undefined) raw[key] = value;
    });
    return raw;
  };
  return { program, collect };
}
