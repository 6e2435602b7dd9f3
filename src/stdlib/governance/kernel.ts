// The two governance functions of the frozen kernel surface (SPEC §9.2), over the pure model.
import type { Issue } from "../../errors.js";
import { KERNEL } from "../../version.js";
import type { Config } from "../config/model.js";
import type { Constitution } from "../constitution/model.js";
import { parseSources, sourcesError } from "./sources.js";
import type { Features, Requirements } from "./manifests.js";
import {
  compileSealContent,
  hashSource,
  verifyGovernanceState,
  type GovernanceLock,
  type GovernanceStatus,
  type SealedPolicy,
  type Sources,
} from "./model.js";

export interface Governance {
  constitution: Constitution;
  config: Config;
  features: Features | null;
  requirements: Requirements | null;
  sources: Sources;
  lockText: string | null;
  sealText: string | null;
  lock: GovernanceLock | null;
  seal: SealedPolicy | null;
}

function parseOrNull<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** Parse and validate governance sources; hash them; parse lock and seal when present. */
export function loadGovernance(input: {
  constitution: string;
  config: string;
  features: string | null;
  requirements: string | null;
  lockText: string | null;
  sealText: string | null;
}): Governance {
  const loaded = parseSources(input);
  const error = sourcesError(loaded.issues);
  if (error) throw error;
  return {
    constitution: loaded.constitution as Constitution,
    config: loaded.config as Config,
    features: loaded.features,
    requirements: loaded.requirements,
    sources: {
      constitution: hashSource(input.constitution) ?? "",
      config: hashSource(input.config) ?? "",
      features: hashSource(input.features),
      requirements: hashSource(input.requirements),
    },
    lockText: input.lockText,
    sealText: input.sealText,
    lock: parseOrNull<GovernanceLock>(input.lockText),
    seal: parseOrNull<SealedPolicy>(input.sealText),
  };
}

/** Decide valid | stale | tampered | missing | kernel_unsupported (§7.16.2); compare hooks hashes. */
export function verifyGovernance(
  gov: Governance,
  ctx: { hooksSha256: string | null; committedLockSha256: string | null; kernelVersion: string },
): { status: GovernanceStatus; reasons: Issue[]; staleSources: string[]; lockSha256: string | null; hooksMatch: boolean | null } {
  const result = verifyGovernanceState({
    sources: gov.sources,
    lockText: gov.lockText,
    sealText: gov.sealText,
    committedLockSha256: ctx.committedLockSha256,
    kernelVersion: ctx.kernelVersion || KERNEL.version,
    compile: (lock) => compileSealContent(lock, gov.config, gov.features),
  });
  const hooksMatch = ctx.hooksSha256 === null || result.seal === null ? null : result.seal.hooks_sha256 === ctx.hooksSha256;
  return { status: result.status, reasons: result.reasons, staleSources: result.staleSources, lockSha256: result.lock?.lock_sha256 ?? null, hooksMatch };
}
