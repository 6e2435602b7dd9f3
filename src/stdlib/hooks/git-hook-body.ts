// The exo part of the git hook scripts (SPEC §8.6), after the chained `<name>.pre-exo` hook.
// - exo's own commits set EXO_SKIP_GIT_HOOKS=1 (they write their trailers themselves).
// - The work tree and the git dir come from what git gives every hook, without starting git: git
//   runs hooks at the top of the work tree, and exports GIT_DIR (absolute) in a linked worktree,
//   whose git dir is `<main>/.git/worktrees/<name>`. Anything else (a relative GIT_DIR, a `.git`
//   file, no launcher where one is expected) asks `git rev-parse` as before.
// - prepare-commit-msg applies the trailers pre-commit resolved (the memo in the git dir, beside
//   the message file git names, keyed by the pid of the `git commit` both hooks run under) without
//   starting Node or git; the memo is emptied, not removed (`rm` is one more process). With no
//   memo of this commit (`--no-verify`, no pre-commit run) it asks the hook bundle as before.
// - pre-commit pipes `git diff --cached --name-status -M -z` into Node, so git lists the staged
//   files while Node starts instead of after. The list ends with STAGED_END only when git
//   succeeded (a field no git path can be: paths are relative); without it the bundle asks git.
export const SKIP_GIT_HOOKS_ENV = "EXO_SKIP_GIT_HOOKS";
/** Set by the pre-commit script when the staged list comes on stdin. */
export const STAGED_ON_STDIN_ENV = "EXO_STAGED_ON_STDIN";
/** The pid of the `git commit` the pre-commit script runs under (Node runs in a pipeline, not as git's child). */
export const COMMIT_PID_ENV = "EXO_COMMIT_PID";
/** The last field of a complete staged list on stdin. */
export const STAGED_END = "/exo:staged-end";

export function gitHookBody(name: string): string {
  const fast =
    name === "prepare-commit-msg"
      ? `case $1 in */*) memo=\${1%/*}/exo-trailers ;; *) memo=exo-trailers ;; esac
if [ -s "$memo" ]; then
  pid= ses= tkt=
  { read -r pid; read -r ses; read -r tkt; } < "$memo"
  { : > "$memo"; } 2>/dev/null
  if [ "$pid" = "$PPID" ] && [ -n "$1" ]; then
    [ -n "$ses" ] || exit 0
    exec git interpret-trailers --in-place --if-exists doNothing --trailer "Exo-Session: $ses" --trailer "Exo-Ticket: $tkt" "$1"
  fi
fi
`
      : "";
  return `[ "$${SKIP_GIT_HOOKS_ENV}" = 1 ] && exit 0
${fast}top= gitdir=
if [ -f .exo/bin/exo-hook.mjs ]; then
  case $GIT_DIR in
    /*) top=$PWD gitdir=$GIT_DIR ;;
    '') [ -d .git ] && top=$PWD gitdir=$PWD/.git ;;
  esac
fi
if [ -z "$top" ]; then
  where=$(git rev-parse --show-toplevel --absolute-git-dir 2>/dev/null) || exit 0
  top=\${where%%
*}
  gitdir=\${where#*
}
fi
[ -f "$top/.exo/bin/exo-hook.mjs" ] || exit 0
EXO_GIT_DIR=$gitdir
export EXO_GIT_DIR
${
  name === "pre-commit"
    ? `{ git diff --cached --name-status -M -z && printf '%s\\0' '${STAGED_END}'; } | ${STAGED_ON_STDIN_ENV}=1 ${COMMIT_PID_ENV}=$PPID node "$top/.exo/bin/exo-hook.mjs" git ${name} "$@"`
    : `exec node "$top/.exo/bin/exo-hook.mjs" git ${name} "$@"`
}
`;
}
