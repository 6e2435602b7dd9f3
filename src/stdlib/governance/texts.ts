// Source hashes of the governance texts (no YAML parser; sources.ts re-exports it).
import { hashSource, type Sources } from "./model.js";
import type { SourceTexts } from "./sources.js";

export function sourceHashes(texts: SourceTexts): Sources {
  return {
    constitution: hashSource(texts.constitution) ?? "",
    config: hashSource(texts.config) ?? "",
    features: hashSource(texts.features),
    requirements: hashSource(texts.requirements),
  };
}
