// Versions recorded in governance locks and ledger records.
export const EXO_VERSION = "1.0.0";
export const KERNEL = { name: "exo-kernel", version: "1.0.0" } as const;
