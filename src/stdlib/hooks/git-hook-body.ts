// The exo part of the git hook scripts (SPEC §8.6), after the chained `<name>.pre-exo` hook.
// - exo's own commits set EXO_SKIP_GIT_HOOKS=1 (they write their trailers themselves).
// - One `git rev-parse` finds the work tree and the git dir (linked worktrees: the git dir is
//   `<main>/.git/worktrees/<name>`, never assumed to be `<top>/.git`).
// - prepare-commit-msg applies the trailers pre-commit resolved (the memo in the git dir, keyed
//   by the pid of the `git commit` both hooks run under) without starting Node; with no memo
//   of this commit (`--no-verify`, no pre-commit run) it asks the hook bundle as before.
export const SKIP_GIT_HOOKS_ENV = "EXO_SKIP_GIT_HOOKS";

export function gitHookBody(name: string): string {
  const fast =
    name === "prepare-commit-msg"
      ? `memo="$gitdir/exo-trailers"
if [ -f "$memo" ]; then
  pid= ses= tkt=
  { read -r pid; read -r ses; read -r tkt; } < "$memo"
  rm -f "$memo"
  if [ "$pid" = "$PPID" ] && [ -n "$1" ]; then
    [ -n "$ses" ] || exit 0
    exec git interpret-trailers --in-place --if-exists doNothing --trailer "Exo-Session: $ses" --trailer "Exo-Ticket: $tkt" "$1"
  fi
fi
`
      : "";
  return `[ "$${SKIP_GIT_HOOKS_ENV}" = 1 ] && exit 0
where=$(git rev-parse --show-toplevel --absolute-git-dir 2>/dev/null) || exit 0
top=\${where%%
*}
gitdir=\${where#*
}
[ -f "$top/.exo/bin/exo-hook.mjs" ] || exit 0
${fast}EXO_GIT_DIR=$gitdir
export EXO_GIT_DIR
exec node "$top/.exo/bin/exo-hook.mjs" git ${name} "$@"
`;
}
