import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { FeatureName } from "@shared/text-analysis/essay-profile.ts";
import { measureEssay } from "@shared/text-analysis/essay-profile.ts";
import { loadTextResources } from "../../services/llm-provider/src/providers/text-resources.ts";
import type { ScoredEssay } from "./real-essays.ts";

export type FeatureRow = Partial<Record<FeatureName, number>>;

const REPO_ROOT = path.resolve(import.meta.dir, "../..");
const CACHE_DIR = path.join(REPO_ROOT, ".data/fit-judge");
const MEASURING_CODE = [
  "shared/text-analysis/essay-profile.ts", "shared/text-analysis/words.ts", "shared/text-analysis/connectives.ts",
  "shared/text-analysis/anonymised.ts", "shared/text-analysis/part-of-speech.ts", "shared/text-analysis/word-frequency.ts",
  "shared/text-analysis/hunspell-check.ts", "shared/text-analysis/british-spelling.ts", "services/llm-provider/src/providers/spelling-dictionaries.ts",
];

/**
 * Every essay measured in English, cached under .data/ (never committed) and re-measured whenever
 * the measuring code changes.
 */
export async function measureAll(essays: readonly ScoredEssay[], log: (line: string) => void): Promise<FeatureRow[]> {
  const hash = createHash("sha256");
  for (const file of MEASURING_CODE) hash.update(readFileSync(path.join(REPO_ROOT, file)));
  for (const e of essays) hash.update(e.id);
  const cacheFile = path.join(CACHE_DIR, `profiles-${hash.digest("hex").slice(0, 16)}.json`);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, "utf8")) as FeatureRow[];
  const resources = await loadTextResources("en");
  const rows: FeatureRow[] = [];
  const started = performance.now();
  for (const [i, essay] of essays.entries()) {
    rows.push(measureEssay(essay.text, "en", resources).features);
    if (i % 1000 === 999) log(`measured ${i + 1}/${essays.length} essays (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(rows));
  return rows;
}
