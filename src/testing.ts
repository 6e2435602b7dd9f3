// Internals exposed to the test suite's child processes (not part of the public API).
export { appendLedger } from "./stdlib/ledger/store.js";
export { discoverRepo } from "./io/paths.js";
export { acquireGuard } from "./io/guard.js";
export { ledgerCounts, readSessionRecords, readTicketRecords } from "./stdlib/ledger/read.js";
