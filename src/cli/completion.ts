// Shell completion scripts generated from the command registry: command names (with their
// summaries where the shell shows them), each command's flags, enum values, and ticket ids
// (from `exo completion ids`, which reads the ticket store of the current repository).
import type { Command } from "../commands/command.js";
import { commands } from "../commands/index.js";
import type { Stdio } from "./main.js";
import { fieldsOf, type FieldInfo } from "./program.js";

const GLOBALS = ["--format", "--repo", "--actor", "--help"];
const EXTRA = [
  { name: "help", summary: "Help for a command" },
  { name: "completion", summary: "Shell completion script (bash, zsh, fish)" },
];

const isTicketFlag = (f: FieldInfo) => /(^|_)(ticket_id|parent|blocker|add_blocker|remove_blocker)$/.test(f.key);

function flagsOf(command: Command): string[] {
  const positional = new Set<string>(command.positional ?? []);
  return fieldsOf(command)
    .filter((f) => !positional.has(f.key))
    .flatMap((f) => (f.kind === "boolean" && f.defaultValue !== false ? [`--${f.flag}`, `--no-${f.flag}`] : [`--${f.flag}`]));
}

const takesTicketPositional = (command: Command) => (command.positional ?? []).includes("id") && command.name.startsWith("ticket-");

function ticketFlags(): string[] {
  return [...new Set(commands.flatMap((c) => fieldsOf(c).filter(isTicketFlag).map((f) => `--${f.flag}`)))].sort();
}

/** flag → values, where every command that has the flag agrees on them. */
function choiceFlags(): Map<string, string[]> {
  const seen = new Map<string, string[] | null>();
  for (const c of commands) {
    for (const f of fieldsOf(c)) {
      const key = `--${f.flag}`;
      const values = f.choices;
      if (!seen.has(key)) seen.set(key, values);
      else if (JSON.stringify(seen.get(key)) !== JSON.stringify(values)) seen.set(key, null);
    }
  }
  const out = new Map<string, string[]>([["--format", ["human", "json"]]]);
  for (const [k, v] of seen) if (v && v.length > 0) out.set(k, v);
  return out;
}

const sq = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * `command flag` → values for the flags whose values differ between commands (`--status` of
 * tickets, ticket-close, reflections; install's `--harness`), which choiceFlags leaves out:
 * before, `exo tickets --status <TAB>` offered flags.
 */
function commandChoices(): [string, string[]][] {
  const shared = choiceFlags();
  return commands.flatMap((c) => fieldsOf(c).filter((f) => f.choices && f.choices.length > 0 && !shared.has(`--${f.flag}`)).map((f): [string, string[]] => [`${c.name} --${f.flag}`, f.choices as string[]]));
}

function bash(): string {
  const names = [...commands.map((c) => c.name), ...EXTRA.map((e) => e.name)].join(" ");
  const cases = commands.map((c) => `    ${c.name}) flags=${sq(flagsOf(c).join(" "))} ;;`).join("\n");
  const choices = [...choiceFlags()].map(([k, v]) => `    ${k}) COMPREPLY=( $(compgen -W ${sq(v.join(" "))} -- "$cur") ); return ;;`).join("\n");
  const idCommands = commands.filter(takesTicketPositional).map((c) => c.name).join("|");
  return `# exo bash completion, generated from the command registry by \`exo completion bash\`.
# Load it with: source <(exo completion bash)
_exo_completion() {
  local cur prev cmd flags
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W ${sq(names)} -- "$cur") )
    return
  fi
  case "$cmd $prev" in
${commandChoices().map(([k, v]) => `    ${sq(k)}) COMPREPLY=( $(compgen -W ${sq(v.join(" "))} -- "$cur") ); return ;;`).join("\n")}
  esac
  case "$prev" in
${choices}
    ${ticketFlags().join("|")}) COMPREPLY=( $(compgen -W "$(exo completion ids 2>/dev/null)" -- "$cur") ); return ;;
    --repo) COMPREPLY=( $(compgen -d -- "$cur") ); return ;;
  esac
  case "$cmd" in
${cases}
    help) COMPREPLY=( $(compgen -W ${sq(names)} -- "$cur") ); return ;;
    completion) COMPREPLY=( $(compgen -W 'bash zsh fish' -- "$cur") ); return ;;
    *) flags='' ;;
  esac
  if [[ "$cur" != -* ]]; then
    case "$cmd" in
      ${idCommands || "ticket-show"}) COMPREPLY=( $(compgen -W "$(exo completion ids 2>/dev/null)" -- "$cur") ); return ;;
    esac
  fi
  COMPREPLY=( $(compgen -W "$flags ${GLOBALS.join(" ")}" -- "$cur") )
}
complete -F _exo_completion exo
`;
}

function zsh(): string {
  const described = [...commands.map((c) => ({ name: c.name, summary: c.summary })), ...EXTRA].map((c) => `    ${sq(`${c.name}:${c.summary.replaceAll(":", "\\:")}`)}`).join("\n");
  const cases = commands.map((c) => `    ${c.name}) flags=(${flagsOf(c).join(" ")}) ;;`).join("\n");
  const choices = [...choiceFlags()].map(([k, v]) => `    ${k}) compadd -- ${v.join(" ")}; return ;;`).join("\n");
  const idCommands = commands.filter(takesTicketPositional).map((c) => c.name).join("|");
  return `#compdef exo
# exo zsh completion, generated from the command registry by \`exo completion zsh\`.
# Load it with: source <(exo completion zsh)   (after compinit)
_exo() {
  local -a cmds flags
  cmds=(
${described}
  )
  if (( CURRENT == 2 )); then
    _describe 'exo command' cmds
    return
  fi
  local cmd=$words[2] prev=$words[CURRENT-1]
  case "$cmd $prev" in
${commandChoices().map(([k, v]) => `    ${sq(k)}) compadd -- ${v.join(" ")}; return ;;`).join("\n")}
  esac
  case $prev in
${choices}
    ${ticketFlags().join("|")}) compadd -- \${(f)"$(exo completion ids 2>/dev/null)"}; return ;;
    --repo) _files -/; return ;;
  esac
  case $cmd in
${cases}
    help) _describe 'exo command' cmds; return ;;
    completion) compadd -- bash zsh fish; return ;;
  esac
  if [[ $words[CURRENT] != -* ]]; then
    case $cmd in
      ${idCommands || "ticket-show"}) compadd -- \${(f)"$(exo completion ids 2>/dev/null)"}; return ;;
    esac
  fi
  compadd -- $flags ${GLOBALS.join(" ")}
}
if (( $+functions[compdef] )); then compdef _exo exo; fi
`;
}

function fish(): string {
  const lines = [
    "# exo fish completion, generated from the command registry by `exo completion fish`.",
    "# Install: exo completion fish > ~/.config/fish/completions/exo.fish",
    "complete -c exo -f",
    "complete -c exo -l format -x -a 'human json' -d 'Output mode'",
    "complete -c exo -l repo -r -d 'Any folder inside the target git work tree'",
    "complete -c exo -l actor -x -d 'Who acts'",
  ];
  for (const c of [...commands.map((x) => ({ name: x.name, summary: x.summary })), ...EXTRA]) {
    lines.push(`complete -c exo -n __fish_use_subcommand -a ${c.name} -d ${sq(c.summary.slice(0, 70))}`);
  }
  for (const c of commands) {
    const positional = new Set<string>(c.positional ?? []);
    for (const f of fieldsOf(c).filter((x) => !positional.has(x.key))) {
      const values = f.choices ? ` -x -a ${sq(f.choices.join(" "))}` : isTicketFlag(f) ? " -x -a '(exo completion ids 2>/dev/null)'" : f.kind === "boolean" ? "" : " -x";
      lines.push(`complete -c exo -n '__fish_seen_subcommand_from ${c.name}' -l ${f.flag}${values} -d ${sq(f.description.slice(0, 60) || f.flag)}`);
    }
    if (takesTicketPositional(c)) lines.push(`complete -c exo -n '__fish_seen_subcommand_from ${c.name}' -a '(exo completion ids 2>/dev/null)'`);
  }
  lines.push("complete -c exo -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'");
  return `${lines.join("\n")}\n`;
}

export function script(shell: "bash" | "zsh" | "fish"): string {
  return shell === "bash" ? bash() : shell === "zsh" ? zsh() : fish();
}

/** Ticket ids of the repository here, one per line; nothing (not an error) outside one. */
export async function ticketIds(io: Stdio): Promise<string> {
  try {
    const { discoverRepo } = await import("../io/paths.js");
    const { listTickets } = await import("../stdlib/tickets/store.js");
    const repo = await discoverRepo(io.cwd, io.env);
    if (!repo.isInitialised) return "";
    const index = await listTickets(repo);
    return index.list.map((t) => `${t.id}\n`).join("");
  } catch {
    return "";
  }
}
