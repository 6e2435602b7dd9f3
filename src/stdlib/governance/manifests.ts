// features.yaml and requirements.yaml (SPEC §4.12): optional manifests that enter the lock.
import * as z from "zod";
import type { Issue } from "../../errors.js";
import { FEATURE_ID } from "../../kernel/ids.js";
import { validateGlob } from "../../kernel/globs.js";
import { zodIssues } from "../zod-issues.js";
import { locate, readYaml } from "../yaml-doc.js";

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

function parseWith<T>(schema: z.ZodType<T>, text: string, file: string, uniqueIds: (v: T) => Issue[]): { value: T | null; issues: Issue[] } {
  const read = readYaml(text, file, { strictText: true });
  if (read.issues.length > 0) return { value: null, issues: read.issues };
  // SPEC §4: a newer version than this exo understands is FORMAT_UNSUPPORTED (sourcesError), as for config.
  const version = (read.value as { version?: unknown } | null)?.version;
  if (typeof version === "number" && Number.isInteger(version) && version > 1) {
    return { value: null, issues: locate([{ path: "version", code: "format_unsupported", message: `version ${version} is newer than this exo understands`, severity: "error" }], read, file) };
  }
  const parsed = schema.safeParse(read.value);
  if (!parsed.success) return { value: null, issues: locate(zodIssues(parsed.error, { input: read.value }), read, file) };
  const dupes = uniqueIds(parsed.data);
  if (dupes.length > 0) return { value: null, issues: locate(dupes, read, file) };
  return { value: parsed.data, issues: [] };
}

function duplicates(ids: string[], path: (i: number) => string): Issue[] {
  const seen = new Set<string>();
  const out: Issue[] = [];
  ids.forEach((value, i) => {
    if (seen.has(value)) out.push({ path: path(i), code: "duplicate_id", message: `id ${value} is used twice`, severity: "error" });
    seen.add(value);
  });
  return out;
}

export function parseFeatures(text: string): { value: Features | null; issues: Issue[] } {
  return parseWith(FeaturesSchema, text, ".exo/features.yaml", (v) => duplicates(v.features.map((f) => f.id), (i) => `features.${i}.id`));
}

export function parseRequirements(text: string): { value: Requirements | null; issues: Issue[] } {
  return parseWith(RequirementsSchema, text, ".exo/requirements.yaml", (v) => {
    const acc: string[] = [];
    const paths: string[] = [];
    v.requirements.forEach((r, i) => r.acceptance.forEach((a, j) => { acc.push(a); paths.push(`requirements.${i}.acceptance.${j}`); }));
    return [...duplicates(v.requirements.map((r) => r.id), (i) => `requirements.${i}.id`), ...duplicates(acc, (i) => paths[i] ?? "")];
  });
}
