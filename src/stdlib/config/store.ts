// Loading config.yaml and the sealed policy for commands (fast path, no compose).
import { ExoError, ErrorCode } from "../../errors.js";
import type { Repo } from "../../io/paths.js";
import { readGovernedTextOrNull } from "../../io/read.js";
import type { SealedPolicy } from "../governance/model.js";
import { readCompiled, writeCompiled } from "../compiled.js";
import type { Config } from "./model.js";

/** Parse config.yaml or fail with CONFIG_INVALID naming file, line and column. */
export async function loadConfig(repo: Repo): Promise<Config> {
  const text = await readGovernedTextOrNull(repo.configFile, [repo.mainRoot, repo.root]);
  if (text === null) throw new ExoError(ErrorCode.NOT_INITIALIZED, "No .exo/config.yaml here; run exo install.", { hint: "exo install" });
  // The compiled form (cache/config-*.json) when it was made from this very text by this build.
  const compiled = await readCompiled<Config>(repo.cacheDir, "config", repo.configFile, text);
  if (compiled) return compiled;
  const { parseConfig } = await import("./model.js");
  const { value, issues } = parseConfig(text);
  if (!value) {
    const first = issues.find((i) => i.severity === "error");
    const where = first?.line !== undefined ? `:${first.line}:${first.column ?? 1}` : "";
    // SPEC §4: a file of a newer version than this exo understands is FORMAT_UNSUPPORTED (as compose says).
    const newer = issues.find((i) => i.severity === "error" && i.code === "format_unsupported");
    if (newer) throw new ExoError(ErrorCode.FORMAT_UNSUPPORTED, `.exo/config.yaml: ${newer.message}; upgrade exo.`, { details: { issues } });
    const { sourceIssueHint } = await import("../yaml-doc.js");
    const hint = sourceIssueHint(first ? { ...first, file: ".exo/config.yaml" } : undefined);
    throw new ExoError(ErrorCode.CONFIG_INVALID, `.exo/config.yaml${where}: ${first?.message ?? "invalid"}${hint === "exo config-validate" ? "; fix it, then run exo config-validate" : ""}.`, {
      hint,
      details: { issues },
    });
  }
  await writeCompiled(repo.cacheDir, "config", repo.configFile, text, value);
  return value;
}

/** The sealed policy as compose wrote it, or null when missing or unparsable. */
export async function readSealedPolicy(repo: Repo): Promise<SealedPolicy | null> {
  const text = await readGovernedTextOrNull(repo.sealFile, [repo.mainRoot, repo.root]);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    // A seal without the sections exo reads is as good as none (doctor and compose report it).
    const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
    if (!isObj(value) || !isObj(value["hooks"]) || !isObj(value["checks"])) return null;
    return value as unknown as SealedPolicy;
  } catch {
    return null;
  }
}
