// Check progress on stderr for people (human format only): each check as it starts and ends,
// and for a failing one the tail of its output and the log path.
import type { CheckEvent } from "../stdlib/checks/run.js";
import { progressLine } from "./render/checks.js";

export function progressTo(write: (text: string) => void): (event: CheckEvent) => void {
  return (event) => write(`${progressLine(event)}\n`);
}
