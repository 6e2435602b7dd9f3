// features.yaml and requirements.yaml (SPEC §4.12): optional manifests that enter the lock.
import * as z from "zod";
import type { Issue } from "../../errors.js";
import { FEATURE_ID } from "../../kernel/ids.js";
import { validateGlob } from "../../kernel/globs.js";
import { zodIssues } from "../zod-issues.js";
import { locate, newerVersion, readYaml } from "../yaml-doc.js";

const id = z.string().refine((v) => FEATURE_ID.test(v), { message: "invalid id", params: { code: "id_invalid" } });

const FeaturesSchema = z.object({
  version: z.literal(1),
  features: z
    .array(
      z.object({
        id,
        title: z.string().min(1),
        status: z.enum(["active", "experimental", "deprecated", "deleted"]).default("active"),
        owner: z.string().optional(),
        files: z
          .array(
            z.string().superRefine((v, ctx) => {
              const p = validateGlob(v);
              if (p) ctx.addIssue({ code: "custom", message: p.message, params: { code: p.code } });
            }),
          )
          .default([]),
        allow_agent_edit: z.boolean().default(true),
      }),
    )
    .default([]),
});

const RequirementsSchema = z.object({
  version: z.literal(1),
  requirements: z
    .array(
      z.object({
        id,
        title: z.string().min(1),
        status: z.enum(["active", "deprecated", "deleted"]).default("active"),
        priority: z.enum(["high", "medium", "low"]).default("medium"),
        description: z.string().default(""),
        acceptance: z.array(id).default([]),
      }),
    )
    .default([]),
});

export type Features = z.infer<typeof FeaturesSchema>;
export type Requirements = z.infer<typeof RequirementsSchema>;

function parseWith<T>(schema: z.ZodType<T>, text: string, file: string, uniqueIds: (raw: unknown) => Issue[]): { value: T | null; issues: Issue[] } {
  const read = readYaml(text, file, { strictText: true });
  if (read.issues.length > 0) return { value: null, issues: read.issues };
  // SPEC §4: a newer version than this exo understands is FORMAT_UNSUPPORTED (sourcesError), as for config.
  const version = newerVersion(read.value);
  if (version !== null) {
    return { value: null, issues: locate([{ path: "version", code: "format_unsupported", message: `version ${version} is newer than this exo understands`, severity: "error" }], read, file) };
  }
  const parsed = schema.safeParse(read.value);
  // Duplicate ids are read from the document as written, so they are listed with the schema's
  // issues (config-validate collects every issue) rather than only once those are fixed.
  const dupes = uniqueIds(read.value);
  if (!parsed.success) return { value: null, issues: locate([...zodIssues(parsed.error, { input: read.value }), ...dupes], read, file) };
  if (dupes.length > 0) return { value: null, issues: locate(dupes, read, file) };
  return { value: parsed.data, issues: [] };
}

function duplicates(ids: (string | null)[], path: (i: number) => string): Issue[] {
  const seen = new Set<string>();
  const out: Issue[] = [];
  ids.forEach((value, i) => {
    if (value === null) return;
    if (seen.has(value)) out.push({ path: path(i), code: "duplicate_id", message: `id ${value} is used twice`, severity: "error" });
    seen.add(value);
  });
  return out;
}

/** The entries of a list key of a raw document (anything else: none). */
function entries(raw: unknown, key: string): unknown[] {
  const list = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>)[key] : undefined;
  return Array.isArray(list) ? list : [];
}

/** A raw entry's string field, or null. */
function field(entry: unknown, key: string): string | null {
  const value = entry !== null && typeof entry === "object" ? (entry as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" ? value : null;
}

export function parseFeatures(text: string): { value: Features | null; issues: Issue[] } {
  return parseWith(FeaturesSchema, text, ".exo/features.yaml", (raw) => duplicates(entries(raw, "features").map((f) => field(f, "id")), (i) => `features.${i}.id`));
}

export function parseRequirements(text: string): { value: Requirements | null; issues: Issue[] } {
  return parseWith(RequirementsSchema, text, ".exo/requirements.yaml", (raw) => {
    const requirements = entries(raw, "requirements");
    const acc: (string | null)[] = [];
    const paths: string[] = [];
    requirements.forEach((r, i) => entries(r, "acceptance").forEach((a, j) => { acc.push(typeof a === "string" ? a : null); paths.push(`requirements.${i}.acceptance.${j}`); }));
    return [...duplicates(requirements.map((r) => field(r, "id")), (i) => `requirements.${i}.id`), ...duplicates(acc, (i) => paths[i] ?? "")];
  });
}
