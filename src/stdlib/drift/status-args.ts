// The working tree's status as drift reads it (stdlib/drift/changes.ts); the `exo` entry starts the
// same query early for session-finish (io/git-prefetch.ts), so both take it from here.
export const FINISH_STATUS: readonly string[] = ["status", "--porcelain=v1", "-z", "--untracked-files=all"];
