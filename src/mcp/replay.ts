// exo-mcp's front answers initialize itself, then replays it to the full server under this id, so
// the server's second answer is recognised and dropped (bin.ts, main.ts).
export const REPLAY_ID = "exo-mcp:replayed-initialize";
