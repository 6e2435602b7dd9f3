// Traceability tags (SPEC §7.28), pure: find @feature/@endfeature/@req/@acc tags that follow a
// comment marker, and judge them against the manifests.
import type { Features, Requirements } from "../governance/manifests.js";

export interface Violation {
  code: string;
  severity: "error" | "warning";
  path: string | null;
  line: number | null;
  feature: string | null;
  message: string;
}

export interface FileTags {
  path: string;
  features: { id: string; line: number }[];
  reqs: { id: string; line: number }[];
  accs: { id: string; line: number }[];
  unbalanced: number[];
}

const MARKERS = ["//", "#", "/*", "--", ";", "<!--"];
const TAG = /@(feature|endfeature|req|acc)(?::([A-Za-z0-9_.,-]+))?/g;

/** The part of a line after its first comment marker, or null when the line has none. */
function commentPart(line: string): string | null {
  const trimmed = line.trimStart();
  if (trimmed.startsWith("*")) return trimmed.slice(1);
  let best = -1;
  for (const marker of MARKERS) {
    const at = line.indexOf(marker);
    if (at >= 0 && (best < 0 || at < best)) best = at;
  }
  return best < 0 ? null : line.slice(best);
}

export function scanTags(path: string, text: string): FileTags {
  const result: FileTags = { path, features: [], reqs: [], accs: [], unbalanced: [] };
  const open: string[] = [];
  text.split("\n").forEach((raw, i) => {
    const comment = commentPart(raw);
    if (comment === null || !comment.includes("@")) return;
    for (const match of comment.matchAll(TAG)) {
      const [, kind, value] = match;
      const line = i + 1;
      if (kind === "feature" && value) {
        open.push(value);
        result.features.push({ id: value, line });
      } else if (kind === "endfeature") {
        if (open.length === 0) result.unbalanced.push(line);
        else open.pop();
      } else if (kind === "req" && value) {
        for (const id of value.split(",").filter(Boolean)) result.reqs.push({ id, line });
      } else if (kind === "acc" && value) {
        for (const id of value.split(",").filter(Boolean)) result.accs.push({ id, line });
      }
    }
  });
  return result;
}

export interface FeatureTrace {
  passed: boolean;
  features: { id: string; status: string; tagged_files: string[]; matched_files: string[] }[];
  violations: Violation[];
}

export function traceFeatures(
  manifest: Features | null,
  files: FileTags[],
  matched: (patterns: string[]) => string[],
  only: string | null,
): FeatureTrace {
  if (!manifest) return { passed: true, features: [], violations: [] };
  const violations: Violation[] = [];
  const byId = new Map(manifest.features.map((f) => [f.id, f]));
  const tagged = new Map<string, Set<string>>();
  for (const file of files) {
    for (const line of file.unbalanced) {
      violations.push({ code: "unbalanced_end", severity: "warning", path: file.path, line, feature: null, message: `${file.path}:${line}: @endfeature without an open @feature` });
    }
    for (const tag of file.features) {
      if (only && tag.id !== only) continue;
      const feature = byId.get(tag.id);
      const set = tagged.get(tag.id) ?? new Set<string>();
      set.add(file.path);
      tagged.set(tag.id, set);
      if (!feature) violations.push({ code: "unknown_feature", severity: "error", path: file.path, line: tag.line, feature: tag.id, message: `${file.path}:${tag.line}: feature ${tag.id} is not in features.yaml` });
      else if (feature.status === "deleted") violations.push({ code: "deleted_feature", severity: "error", path: file.path, line: tag.line, feature: tag.id, message: `${file.path}:${tag.line}: feature ${tag.id} is deleted` });
      else if (feature.status === "deprecated") violations.push({ code: "deprecated_feature", severity: "warning", path: file.path, line: tag.line, feature: tag.id, message: `${file.path}:${tag.line}: feature ${tag.id} is deprecated` });
    }
  }
  const features = manifest.features
    .filter((f) => !only || f.id === only)
    .map((f) => {
      const taggedFiles = [...(tagged.get(f.id) ?? [])].sort();
      const matchedFiles = f.files.length > 0 ? matched(f.files) : [];
      if (f.status === "active" && taggedFiles.length === 0 && matchedFiles.length === 0) {
        violations.push({ code: "unbound_feature", severity: "warning", path: null, line: null, feature: f.id, message: `active feature ${f.id} has no tags and no file matches its globs` });
      }
      return { id: f.id, status: f.status, tagged_files: taggedFiles, matched_files: matchedFiles };
    });
  return { passed: !violations.some((v) => v.severity === "error"), features, violations };
}

export interface RequirementTrace {
  passed: boolean;
  requirements: { id: string; status: string; implemented_in: { path: string; line: number }[]; acceptance: { id: string; tested_in: string[] }[] }[];
  violations: Violation[];
}

export function traceRequirements(
  manifest: Requirements | null,
  files: FileTags[],
  isTestFile: (path: string) => boolean,
  checkTests: boolean,
): RequirementTrace {
  if (!manifest) return { passed: true, requirements: [], violations: [] };
  const violations: Violation[] = [];
  const byId = new Map(manifest.requirements.map((r) => [r.id, r]));
  const accOwner = new Map<string, string>();
  for (const r of manifest.requirements) for (const a of r.acceptance) accOwner.set(a, r.id);
  const implemented = new Map<string, { path: string; line: number }[]>();
  const tested = new Map<string, Set<string>>();
  for (const file of files) {
    for (const tag of file.reqs) {
      const req = byId.get(tag.id);
      const where = `${file.path}:${tag.line}`;
      if (!req) violations.push({ code: "unknown_requirement", severity: "error", path: file.path, line: tag.line, feature: null, message: `${where}: requirement ${tag.id} is not in requirements.yaml` });
      else if (req.status === "deleted") violations.push({ code: "deleted_requirement", severity: "error", path: file.path, line: tag.line, feature: null, message: `${where}: requirement ${tag.id} is deleted` });
      else if (req.status === "deprecated") violations.push({ code: "deprecated_requirement", severity: "warning", path: file.path, line: tag.line, feature: null, message: `${where}: requirement ${tag.id} is deprecated` });
      const list = implemented.get(tag.id) ?? [];
      list.push({ path: file.path, line: tag.line });
      implemented.set(tag.id, list);
    }
    if (!isTestFile(file.path)) continue;
    for (const tag of file.accs) {
      if (!accOwner.has(tag.id)) {
        if (checkTests) violations.push({ code: "unknown_acceptance", severity: "error", path: file.path, line: tag.line, feature: null, message: `${file.path}:${tag.line}: acceptance ${tag.id} is not in requirements.yaml` });
        continue;
      }
      const set = tested.get(tag.id) ?? new Set<string>();
      set.add(file.path);
      tested.set(tag.id, set);
    }
  }
  const requirements = manifest.requirements.map((r) => {
    const impl = implemented.get(r.id) ?? [];
    if (r.status === "active" && impl.length === 0) {
      violations.push({ code: "uncovered_requirement", severity: "warning", path: null, line: null, feature: null, message: `active requirement ${r.id} has no @req tag` });
    }
    const acceptance = r.acceptance.map((a) => {
      const testedIn = [...(tested.get(a) ?? [])].sort();
      if (checkTests && r.status !== "deleted" && testedIn.length === 0) {
        violations.push({ code: "untested_acceptance", severity: "error", path: null, line: null, feature: null, message: `acceptance ${a} of ${r.id} has no @acc tag in a test file` });
      }
      return { id: a, tested_in: testedIn };
    });
    return { id: r.id, status: r.status, implemented_in: impl, acceptance };
  });
  return { passed: !violations.some((v) => v.severity === "error"), requirements, violations };
}
