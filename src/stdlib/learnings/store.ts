// Learnings (SPEC §4.13, §6.9): recorded lessons injected into later bootstrap prompts.
import { randomInt } from "../../io/random.js";
import { readRegularTextSync } from "../../io/read.js";
import { readdirSync, statSync } from "node:fs";
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

const SEVERITIES = new Set(["low", "medium", "high", "critical"]);
const str = (v: unknown): v is string => typeof v === "string";
const strOrNull = (v: unknown): v is string | null => v === null || v === undefined || typeof v === "string";

/**
 * A learning file's value when it has the shape exo writes (learnings arrive by git pull and reach
 * every bootstrap prompt), else null: the file is skipped by lists and STATE_CORRUPT when named.
 */
export function asLearning(value: unknown, id: string): Learning | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const ok =
    v["id"] === id &&
    str(v["pattern"]) &&
    str(v["insight"]) &&
    (v["severity"] === undefined || (str(v["severity"]) && SEVERITIES.has(v["severity"]))) &&
    (v["scope"] === undefined || str(v["scope"])) &&
    (v["tags"] === undefined || (Array.isArray(v["tags"]) && v["tags"].every(str))) &&
    (v["actor"] === undefined || str(v["actor"])) &&
    strOrNull(v["session"]) &&
    str(v["created_at"]) &&
    (v["status"] === "active" || v["status"] === "dismissed") &&
    strOrNull(v["dismissed_at"]) &&
    strOrNull(v["dismissed_by"]);
  if (!ok) return null;
  // Older files may lack the optional fields: the defaults exo writes today.
  const l = v as Partial<Learning>;
  return {
    ...(v as unknown as Learning),
    severity: l.severity ?? "medium",
    scope: l.scope ?? "global",
    tags: l.tags ?? [],
    actor: l.actor ?? "unknown",
    session: l.session ?? null,
    dismissed_at: l.dismissed_at ?? null,
    dismissed_by: l.dismissed_by ?? null,
  };
}

export function readLearning(repo: Repo, id: string): Promise<Learning> {
  return settled(() => readLearningSync(repo, id));
}

function readLearningSync(repo: Repo, id: string): Learning {
  let value: unknown;
  try {
    value = parse(readRegularTextSync(repo.learningFile(id)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new ExoError(ErrorCode.LEARNING_NOT_FOUND, `No learning ${id}; list them with exo reflections --status all.`, { hint: "exo reflections --status all" });
    throw unreadableLearning(id);
  }
  const learning = asLearning(value, id);
  if (!learning) throw unreadableLearning(id);
  return learning;
}

function unreadableLearning(id: string): ExoError {
  return new ExoError(ErrorCode.STATE_CORRUPT, `Learning ${id} (.exo/learnings/${id}.yaml) is unreadable or lacks fields exo writes; restore it from git (git checkout -- .exo/learnings/${id}.yaml) or remove it.`, { hint: `git log --oneline -- .exo/learnings/${id}.yaml` });
}

export function listLearnings(repo: Repo): Promise<Learning[]> {
  return settled(() => listLearningsSync(repo));
}

/**
 * The learning files a listing leaves out (zeroed by a crash, emptied, garbled by a hand), each with
 * why: bootstraps and exo reflections pass over them without a word, so doctor names them. Only
 * regular files (a pipe there is doctor's `not_files`; a link is read as the listing reads it).
 */
export function unreadableLearnings(repo: Repo): { file: string; problem: string }[] {
  const out: { file: string; problem: string }[] = [];
  for (const { file, text, learning } of readLearningFiles(repo)) {
    if (text === null || learning) continue; // vanished meanwhile, or too large (the listing's error names it)
    out.push({ file, problem: /^\0+$/.test(text) ? "NUL bytes only: a crash zeroed it" : text.trim() === "" ? "empty" : "not a learning exo wrote" });
  }
  return out;
}

/** Every learning file (LRN-….yaml) in name order: its text (null if unreadable) and the learning it holds (null if none). */
function readLearningFiles(repo: Repo): { file: string; text: string | null; learning: Learning | null }[] {
  let names: string[] = [];
  try {
    names = readdirSync(repo.learningsDir).filter((n) => n.endsWith(".yaml") && isLearningId(n.slice(0, -5)));
  } catch {
    return [];
  }
  return names.sort().map((n) => {
    const file = join(repo.learningsDir, n);
    let text: string | null = null;
    try {
      if (statSync(file).isFile()) text = readRegularTextSync(file);
    } catch {
      text = null;
    }
    let learning: Learning | null = null;
    try {
      learning = text === null ? null : asLearning(parse(text), n.slice(0, -".yaml".length));
    } catch {
      learning = null;
    }
    return { file, text, learning };
  });
}

function listLearningsSync(repo: Repo): Learning[] {
  // doctor reports unreadable files (unreadableLearnings)
  const out = readLearningFiles(repo).flatMap((f) => (f.learning ? [f.learning] : []));
  return out.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? -1 : 1));
}
