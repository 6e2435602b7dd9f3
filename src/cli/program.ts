// Builds a fresh commander program for one registry command from its zod input schema:
// booleans become switches (with --no- forms where the default is true or comes from config),
// arrays repeatable options, numbers parsed. Help pages come from cli/help.ts, not commander.
import { Command as Commander, Option } from "commander";
import type { Command } from "../commands/command.js";
import { fieldsOf, parseNumber } from "./fields.js";

export { fieldInfo, fieldsOf, type FieldInfo } from "./fields.js";

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
