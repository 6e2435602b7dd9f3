// Learnings (SPEC §4.13, §6.9): recorded lessons injected into later bootstrap prompts.
import { randomInt } from "../../io/random.js";
import { readRegularTextSync } from "../../io/read.js";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { toYaml } from "../yaml-emit.js";
import { ExoError, ErrorCode } from "../../errors.js";
import { generateId, isLearningId } from "../../kernel/ids.js";
import { settled, writeFileAtomic } from "../../io/fs-atomic.js";
import type { Repo } from "../../io/paths.js";

export interface Learning {
  id: string;
  pattern: string;
  insight: string;
  severity: "low" | "medium" | "high" | "critical";
  scope: string;
  tags: string[];
  actor: string;
  session: string | null;
  created_at: string;
  status: "active" | "dismissed";
  dismissed_at: string | null;
  dismissed_by: string | null;
}

const ORDER: (keyof Learning)[] = ["id", "pattern", "insight", "severity", "scope", "tags", "actor", "session", "created_at", "status", "dismissed_at", "dismissed_by"];

export function formatLearning(l: Learning): string {
  const out: Record<string, unknown> = {};
  for (const k of ORDER) out[k] = l[k];
  return toYaml(out);
}

export function newLearning(input: Omit<Learning, "id" | "created_at" | "status" | "dismissed_at" | "dismissed_by">, now: Date): Learning {
  return { id: generateId("REF", now, randomInt), ...input, created_at: now.toISOString(), status: "active", dismissed_at: null, dismissed_by: null };
}

export async function writeLearning(repo: Repo, l: Learning): Promise<void> {
  await writeFileAtomic(repo.learningFile(l.id), formatLearning(l));
}

export function readLearning(repo: Repo, id: string): Promise<Learning> {
  return settled(() => readLearningSync(repo, id));
}

function readLearningSync(repo: Repo, id: string): Learning {
  try {
    return parse(readRegularTextSync(repo.learningFile(id))) as Learning;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new ExoError(ErrorCode.LEARNING_NOT_FOUND, `No learning ${id}; list them with exo reflections --status all.`, { hint: "exo reflections --status all" });
    throw new ExoError(ErrorCode.STATE_CORRUPT, `Learning ${id} is unreadable; restore it from git.`);
  }
}

export function listLearnings(repo: Repo): Promise<Learning[]> {
  return settled(() => listLearningsSync(repo));
}

function listLearningsSync(repo: Repo): Learning[] {
  let names: string[] = [];
  try {
    names = readdirSync(repo.learningsDir).filter((n) => n.endsWith(".yaml") && isLearningId(n.slice(0, -5)));
  } catch {
    return [];
  }
  const out: Learning[] = [];
  for (const n of names) {
    try {
      out.push(parse(readRegularTextSync(join(repo.learningsDir, n))) as Learning);
    } catch {
      // doctor reports unreadable files
    }
  }
  return out.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? -1 : 1));
}
