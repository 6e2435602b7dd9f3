// Build-time entry: scripts/build.mjs writes the global help's lines from it into cli/help.json.
export { globalHelp, globalHelpLines } from "./main.js";
export { EXO_VERSION } from "../version.js";
