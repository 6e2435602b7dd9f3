// Build-time entry: scripts/build.mjs renders the global help from it into cli/help.json.
export { globalHelp } from "./main.js";
export { EXO_VERSION } from "../version.js";
