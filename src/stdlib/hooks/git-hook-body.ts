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
//   A one-paragraph message from -m or -F (no blank, comment or `---` line, ending with a newline)
//   has no trailer block, so the script appends the blank line and the two trailers itself, as
//   `git interpret-trailers` would (test/e2e/hooks/git-trailers.test.ts compares the two), when the
//   memo says git's configuration changes nothing there (stdlib/hooks/trailer-config.ts); any other
//   message goes to `git interpret-trailers`.
// - pre-commit pipes `git diff --cached --name-status -M -z` into Node, so git lists the staged
//   files while Node starts instead of after. The list ends with STAGED_END only when git
//   succeeded (a field no git path can be: paths are relative); without it the bundle asks git.
// - Node runs `hook-run.cjs` beside the bundle the launcher would pick first (EXO_HOOK_BUNDLE, the
//   project's node_modules, the path recorded in cache/hook-bundle.json): the same runHook, without
//   the ES module loader the launcher needs. Anything else (no runner there, an escaped path, only
//   an exo on PATH) runs the launcher, which searches as SPEC §8.1 says.
export const SKIP_GIT_HOOKS_ENV = "EXO_SKIP_GIT_HOOKS";
/** Set by the pre-commit script when the staged list comes on stdin. */
export const STAGED_ON_STDIN_ENV = "EXO_STAGED_ON_STDIN";
/** The pid of the `git commit` the pre-commit script runs under (Node runs in a pipeline, not as git's child). */
export const COMMIT_PID_ENV = "EXO_COMMIT_PID";
/** The last field of a complete staged list on stdin. */
export const STAGED_END = "/exo:staged-end";
/** What pre-commit prints when the checkout's launcher is not exo's. */
export const LAUNCHER_REPLACED = "exo blocked this commit: .exo/bin/exo-hook.mjs is not exo's launcher [HOOKS_TAMPERED] (run exo hook-install)";
/** The CommonJS hook runner beside dist/hook.mjs (src/hooks/hook-run.ts). */
export const HOOK_RUNNER = "hook-run.cjs";

/**
 * The exo part of hook `name`. For pre-commit, `launcherSha256` is the hash of exo's launcher: a
 * governed checkout without its launcher refuses the commit, and a launcher the commit itself
 * replaced is never started (its bytes are checked with sha256sum, shasum or openssl, no Node
 * start). hook-run.cjs does not start the launcher; it compares the launcher's bytes itself.
 */
export function gitHookBody(name: string, launcherSha256?: string): string {
  const fast =
    name === "prepare-commit-msg"
      ? `case $1 in */*) memo=\${1%/*}/exo-trailers ;; *) memo=exo-trailers ;; esac
if [ -s "$memo" ]; then
  pid= ses= tkt= how=
  { read -r pid; read -r ses; read -r tkt; read -r how; } < "$memo"
  { : > "$memo"; } 2>/dev/null
  if [ "$pid" = "$PPID" ] && [ -n "$1" ]; then
    [ -n "$ses" ] || exit 0
    if [ "$how" = plain ] && [ "$2" = message ] && [ -n "$tkt" ] && [ -s "$1" ]; then
      plain=1 line=
      while IFS= read -r line; do
        case $line in '#'*|';'*|---*) plain= ;; *[![:space:]]*) ;; *) plain= ;; esac
      done < "$1"
      if [ -n "$plain" ] && [ -z "$line" ]; then
        printf '\\nExo-Session: %s\\nExo-Ticket: %s\\n' "$ses" "$tkt" >> "$1" && exit 0
      fi
    fi
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
${
  launcherSha256
    ? `if [ ! -f "$top/.exo/bin/exo-hook.mjs" ]; then
  [ -f "$top/.exo/config.yaml" ] || exit 0
  echo "exo: .exo/bin/exo-hook.mjs is missing; run exo hook-install (commits stay blocked until then)" >&2
  exit 1
fi`
    : `[ -f "$top/.exo/bin/exo-hook.mjs" ] || exit 0`
}
EXO_GIT_DIR=$gitdir
export EXO_GIT_DIR
entry=$top/.exo/bin/exo-hook.mjs bundle=
if [ -n "$EXO_HOOK_BUNDLE" ] && [ -e "$EXO_HOOK_BUNDLE" ]; then
  bundle=$EXO_HOOK_BUNDLE
elif [ -e "$top/node_modules/exoprotocol/dist/hook.mjs" ]; then
  bundle=$top/node_modules/exoprotocol/dist/hook.mjs
elif [ -f "\${EXO_STATE_DIR:-$top/.exo}/cache/hook-bundle.json" ]; then
  while IFS= read -r line; do
    case $line in *'"path": "'*) bundle=\${line#*'"path": "'}; bundle=\${bundle%'"'*} ;; esac
  done < "\${EXO_STATE_DIR:-$top/.exo}/cache/hook-bundle.json"
fi
case $bundle in
  *\\*) ;;
  /*/hook.mjs) [ -f "$bundle" ] && [ -f "\${bundle%/hook.mjs}/${HOOK_RUNNER}" ] && entry=\${bundle%/hook.mjs}/${HOOK_RUNNER} ;;
esac
${
  launcherSha256
    ? `if [ "$entry" = "$top/.exo/bin/exo-hook.mjs" ]; then
  sum=$(sha256sum "$entry" 2>/dev/null || shasum -a 256 "$entry" 2>/dev/null || openssl dgst -sha256 -r "$entry" 2>/dev/null)
  sum=\${sum%% *}
  if [ -n "$sum" ] && [ "$sum" != "${launcherSha256}" ]; then
    echo "${LAUNCHER_REPLACED}" >&2
    exit 1
  fi
fi
`
    : ""
}${
  name === "pre-commit"
    ? `{ git diff --cached --name-status -M -z && printf '%s\\0' '${STAGED_END}'; } | ${STAGED_ON_STDIN_ENV}=1 ${COMMIT_PID_ENV}=$PPID node "$entry" git ${name} "$@"`
    : `exec node "$entry" git ${name} "$@"`
}
`;
}
