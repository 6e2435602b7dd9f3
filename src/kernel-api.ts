// The `exoprotocol/kernel` entry (SPEC §9.2): exactly the ten frozen kernel functions.
export { appendAudit } from "./kernel/ledger.js";
export { sealResult } from "./kernel/canon.js";
export { loadGovernance, verifyGovernance } from "./stdlib/governance/kernel.js";
export { checkAction } from "./kernel/check-action.js";
export { mintTicket, validateTicket } from "./stdlib/tickets/model.js";
export { openSession } from "./stdlib/sessions/open.js";
export { resolveRequirements, commitPlan } from "./stdlib/sessions/closeout.js";
