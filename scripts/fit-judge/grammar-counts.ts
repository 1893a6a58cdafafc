import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createHarperCounter, type HarperCategoryCounts } from "@shared/text-analysis/harper-grammar.ts";

const REPO_ROOT = path.resolve(import.meta.dir, "../..");
const CACHE_DIR = path.join(REPO_ROOT, ".data/fit-judge");
// Harper costs tens of milliseconds an essay: save progress every so often so a stopped run resumes.
const SAVE_EVERY = 100;

const textKey = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 24);

/** The cache file depends on the counting code and the installed Harper, not on the essays. */
function cacheFile(): string {
  const hash = createHash("sha256");
  hash.update(readFileSync(path.join(REPO_ROOT, "shared/text-analysis/harper-grammar.ts")));
  hash.update(readFileSync(path.join(REPO_ROOT, "shared/text-analysis/anonymised.ts")));
  hash.update(readFileSync(path.join(REPO_ROOT, "node_modules/harper.js/package.json")));
  return path.join(CACHE_DIR, `harper-${hash.digest("hex").slice(0, 16)}.json`);
}

/**
 * Harper's findings per category for every text, cached under .data/ (never committed) by text
 * hash, so a refit lints only texts it has not seen.
 */
export async function harperCountsAll(texts: readonly string[], log: (line: string) => void): Promise<HarperCategoryCounts[]> {
  const known = await fillHarperCache(texts, log);
  return texts.map((t) => known.get(textKey(t))!);
}

/** The cached counts only (undefined for a text not linted yet): for a fit on the linted subset. */
export function cachedHarperCounts(texts: readonly string[]): (HarperCategoryCounts | undefined)[] {
  const known = readShards(cacheFile());
  return texts.map((t) => known.get(textKey(t)));
}

/**
 * Lint the texts not yet cached, in the order of their hashes (a random order, so that a run
 * stopped early leaves a random sample of every prompt); `shard`/`shards` split the work between
 * processes (each writes its own file, all are merged on read).
 */
export async function fillHarperCache(
  texts: readonly string[],
  log: (line: string) => void,
  shard = 0,
  shards = 1,
): Promise<Map<string, HarperCategoryCounts>> {
  const base = cacheFile();
  const known = readShards(base);
  const own = `${base.replace(/\.json$/, "")}.${shard}.json`;
  const mine: Record<string, HarperCategoryCounts> = existsSync(own) ? JSON.parse(readFileSync(own, "utf8")) : {};
  const count = createHarperCounter();
  const started = performance.now();
  let done = 0;
  mkdirSync(CACHE_DIR, { recursive: true });
  const order = [...new Set(texts)].map((text) => ({ text, key: textKey(text) })).sort((a, b) => a.key.localeCompare(b.key));
  for (const [i, { text, key }] of order.entries()) {
    if (known.has(key) || i % shards !== shard) continue;
    const counts = await count(text);
    known.set(key, counts);
    mine[key] = counts;
    if (++done % SAVE_EVERY === 0) {
      writeFileSync(own, JSON.stringify(mine));
      log(`Harper: linted ${done} essays (${((performance.now() - started) / done).toFixed(0)} ms each)`);
    }
  }
  if (done > 0) writeFileSync(own, JSON.stringify(mine));
  return known;
}

function readShards(base: string): Map<string, HarperCategoryCounts> {
  const known = new Map<string, HarperCategoryCounts>();
  const dir = path.dirname(base);
  const stem = path.basename(base, ".json");
  if (!existsSync(dir)) return known;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(`${stem}.`) || !name.endsWith(".json")) continue;
    const entries = JSON.parse(readFileSync(path.join(dir, name), "utf8")) as Record<string, HarperCategoryCounts>;
    for (const [k, v] of Object.entries(entries)) known.set(k, v);
  }
  return known;
}
