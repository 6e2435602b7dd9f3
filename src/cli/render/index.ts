// Human renderings of command results. Human output is not a stable interface; JSON is.
import type { stringify as YamlStringify } from "yaml";
import { renderCompose, renderConfigValidate, renderInit, renderLedgerShow, renderLedgerVerify } from "./foundation.js";
import { renderStatus } from "./status.js";
import { renderSections } from "./health.js";
import { renderCheck, renderFinish, renderHandoff, renderScan, renderStart, renderSuspend } from "./sessions.js";
import { renderLease, renderNext, renderTicketCreated, renderTicketUpdated, renderTickets, renderTree } from "./tickets.js";

type Renderer = (data: never) => string;

const RENDERERS: Record<string, Renderer> = {
  status: renderStatus,
  init: renderInit,
  compose: renderCompose,
  "config-validate": renderConfigValidate,
  "ledger-verify": renderLedgerVerify,
  "ledger-show": renderLedgerShow,
  tickets: renderTickets,
  intents: renderTree,
  "intent-create": renderTicketCreated,
  "ticket-create": renderTicketCreated,
  "ticket-update": renderTicketUpdated,
  next: renderNext,
  "lease-renew": renderLease,
  "lease-heartbeat": renderLease,
  "lease-release": renderLease,
  "session-start": renderStart,
  "session-resume": renderStart,
  "session-finish": renderFinish,
  "session-handoff": renderHandoff,
  "session-suspend": renderSuspend,
  "session-scan": renderScan,
  check: renderCheck,
  doctor: renderSections,
  drift: renderSections,
};

let stringify: typeof YamlStringify | null = null;

/** Load what renderHuman needs for this command: the YAML view only for commands without a renderer. */
export async function prepareHuman(command: string): Promise<void> {
  if (RENDERERS[command] || stringify) return;
  // yaml is CommonJS: a code-split dynamic import may expose it as the default export only.
  const yaml = (await import("yaml")) as { stringify?: typeof YamlStringify; default?: { stringify?: typeof YamlStringify } };
  stringify = yaml.stringify ?? yaml.default?.stringify ?? null;
}

/** Text for a command's data: its own renderer, else a readable YAML view (after prepareHuman). */
export function renderHuman(command: string, data: unknown): string {
  const renderer = RENDERERS[command];
  if (renderer) return renderer(data as never);
  if (data === null || data === undefined) return "";
  if (typeof data === "string") return data;
  if (!stringify) throw new Error(`renderHuman(${command}) before prepareHuman`);
  return stringify(data, { lineWidth: 0 }).trimEnd();
}
