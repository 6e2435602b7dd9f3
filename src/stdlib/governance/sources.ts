// Parsing and validating governance sources (pure): constitution, config, manifests.
import { sourceIssueHint } from "../yaml-doc.js";
import { ExoError, ErrorCode, type Issue } from "../../errors.js";
import { parseConstitution, requiredChecksOf, type Constitution } from "../constitution/model.js";
import { allowlistOf, parseConfig, type Config } from "../config/model.js";
import { parseFeatures, parseRequirements, type Features, type Requirements } from "./manifests.js";
import { crossCheck } from "./model.js";

export { sourceHashes } from "./texts.js";

export interface SourceTexts {
  constitution: string | null;
  config: string | null;
  features: string | null;
  requirements: string | null;
}

export interface Loaded {
  constitution: Constitution | null;
  config: Config | null;
  features: Features | null;
  requirements: Requirements | null;
  issues: Issue[];
}

/** Parse and validate every source, collecting all issues (config-validate, compose). */
export function parseSources(texts: SourceTexts): Loaded {
  const issues: Issue[] = [];
  const missing = (file: string) => issues.push({ file, path: "", code: "file_missing", message: `${file} is missing`, severity: "error" });
  let constitution: Constitution | null = null;
  let config: Config | null = null;
  if (texts.constitution === null) missing(".exo/constitution.yaml");
  else {
    const r = parseConstitution(texts.constitution);
    constitution = r.value;
    issues.push(...r.issues.map((i) => ({ ...i, file: i.file ?? ".exo/constitution.yaml" })));
  }
  if (texts.config === null) missing(".exo/config.yaml");
  else {
    const r = parseConfig(texts.config);
    config = r.value;
    issues.push(...r.issues.map((i) => ({ ...i, file: i.file ?? ".exo/config.yaml" })));
  }
  let features: Features | null = null;
  let requirements: Requirements | null = null;
  if (texts.features !== null) {
    const r = parseFeatures(texts.features);
    features = r.value;
    issues.push(...r.issues);
  }
  if (texts.requirements !== null) {
    const r = parseRequirements(texts.requirements);
    requirements = r.value;
    issues.push(...r.issues);
  }
  // A broken file hides neither file's check problems (all issues at once): each is read as far as
  // it goes when it does not validate.
  const required = constitution
    ? constitution.rules.flatMap((rule, index) => (rule.type === "require_checks" ? [{ index, id: rule.id, checks: rule.checks }] : []))
    : texts.constitution === null
      ? []
      : requiredChecksOf(texts.constitution);
  issues.push(...crossCheck(required, config ? config.checks.allowlist : texts.config === null ? null : allowlistOf(texts.config)));
  return { constitution, config, features, requirements, issues };
}

/** The error of §7.16.1 step 1: the first family with an issue names the code. */
export function sourcesError(issues: Issue[]): ExoError | null {
  const errors = issues.filter((i) => i.severity === "error");
  if (errors.length === 0) return null;
  const newer = errors.find((i) => i.code === "format_unsupported");
  if (newer) {
    return new ExoError(ErrorCode.FORMAT_UNSUPPORTED, `${newer.file ?? "a governance file"}: ${newer.message}; upgrade exo.`, { details: { issues: errors } });
  }
  const family = (i: Issue): ErrorCode =>
    i.code === "check_invalid"
      ? ErrorCode.CHECK_INVALID
      : i.code === "check_not_allowed"
        ? ErrorCode.CHECK_NOT_ALLOWED
        : i.file === ".exo/constitution.yaml"
          ? ErrorCode.CONSTITUTION_INVALID
          : i.file === ".exo/config.yaml"
            ? ErrorCode.CONFIG_INVALID
            : ErrorCode.MANIFEST_INVALID;
  const order: ErrorCode[] = [ErrorCode.CONSTITUTION_INVALID, ErrorCode.CONFIG_INVALID, ErrorCode.MANIFEST_INVALID, ErrorCode.CHECK_INVALID, ErrorCode.CHECK_NOT_ALLOWED];
  const code = order.find((c) => errors.some((i) => family(i) === c)) ?? ErrorCode.CONSTITUTION_INVALID;
  const first = errors.find((i) => family(i) === code) ?? errors[0];
  const where = first?.line !== undefined && !first.message.includes(" at line ") ? ` (line ${first.line}, column ${first.column ?? 1})` : "";
  const more = errors.length > 1 ? ` (${errors.length} issues in all)` : "";
  const hint = sourceIssueHint(first);
  return new ExoError(code, `${first?.file ?? "governance"}: ${first?.message ?? "invalid"}${where}${more}${hint === "exo config-validate" ? "; fix it and run exo compose" : ""}.`, {
    hint,
    details: { issues: errors.concat(issues.filter((i) => i.severity !== "error")) },
  });
}

