// The common command line without commander: `--flag value`, `--flag=value`, `--switch`,
// `--no-switch` (where program.ts defines it), repeated array flags and the declared positionals. Anything else (help, unknown
// or short options, values that start with "-", a missing required value, `--`) returns null
// and main() lets commander parse it, so errors and help read exactly as before.
import type { Command } from "../commands/command.js";
import { fieldsOf, parseNumber, type FieldInfo } from "./fields.js";

export function fastParse(command: Command, args: readonly string[]): Record<string, unknown> | null {
  const fields = fieldsOf(command);
  const positional = command.positional ?? [];
  const byFlag = new Map<string, FieldInfo>();
  for (const f of fields) if (!positional.includes(f.key)) byFlag.set(f.flag, f);
  const raw: Record<string, unknown> = {};
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("-")) {
      operands.push(arg);
      continue;
    }
    if (!arg.startsWith("--") || arg === "--") return null;
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    const field = byFlag.get(name);
    if (!field) {
      const negated = name.startsWith("no-") ? byFlag.get(name.slice(3)) : undefined;
      // program.ts defines --no-<flag> only where the default is not false.
      if (!negated || negated.kind !== "boolean" || negated.defaultValue === false || inline !== undefined) return null;
      raw[negated.key] = false;
      continue;
    }
    if (field.kind === "boolean") {
      if (inline !== undefined) return null;
      raw[field.key] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith("-"))) return null;
    if (field.kind === "array") raw[field.key] = [...((raw[field.key] as string[] | undefined) ?? []), value];
    else if (field.kind === "number") raw[field.key] = parseNumber(value);
    else raw[field.key] = value;
  }
  if (operands.length > positional.length) return null;
  for (const f of fields) {
    if (!f.required) continue;
    const at = positional.indexOf(f.key);
    if (at >= 0 ? operands[at] === undefined : raw[f.key] === undefined) return null;
  }
  operands.forEach((value, i) => (raw[positional[i] as string] = value));
  return raw;
}
