// Human renderings of command results. Human output is not a stable interface; JSON is.
import { stringify } from "yaml";
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
  tickets: renderTickets as Renderer,
  intents: renderTree as Renderer,
  "intent-create": renderTicketCreated as Renderer,
  "ticket-create": renderTicketCreated as Renderer,
  "ticket-update": renderTicketUpdated as Renderer,
  next: renderNext as Renderer,
  "lease-renew": renderLease as Renderer,
  "lease-heartbeat": renderLease as Renderer,
  "lease-release": renderLease as Renderer,
  "session-start": renderStart as Renderer,
  "session-resume": renderStart as Renderer,
  "session-finish": renderFinish as Renderer,
  "session-handoff": renderHandoff as Renderer,
  "session-suspend": renderSuspend as Renderer,
  "session-scan": renderScan as Renderer,
  check: renderCheck as Renderer,
  doctor: renderSections as Renderer,
  drift: renderSections as Renderer,
};

/** Text for a command's data: its own renderer, else a readable YAML view. */
export function renderHuman(command: string, data: unknown): string {
  const renderer = RENDERERS[command];
  if (renderer) return renderer(data as never);
  if (data === null || data === undefined) return "";
  if (typeof data === "string") return data;
  return stringify(data, { lineWidth: 0 }).trimEnd();
}
