/**
 * Fill fit-judge's Harper cache in parallel before a fit (one process per core):
 *   bun scripts/fit-judge/lint-shard.ts 0 2 & bun scripts/fit-judge/lint-shard.ts 1 2; wait
 */
import { fillHarperCache } from "./grammar-counts.ts";
import { loadAsap, loadEllipse, sharedDataDir } from "./real-essays.ts";

const [shard, shards] = [Number(process.argv[2] ?? 0), Number(process.argv[3] ?? 1)];
const dataDir = sharedDataDir();
if (!dataDir) {
  console.error("[lint-shard] ../shared/data is not on this machine: nothing to lint.");
  process.exit(2);
}
const texts = [...loadAsap(dataDir), ...loadEllipse(dataDir)].map((e) => e.text);
const known = await fillHarperCache(texts, (line) => console.error(`[lint-shard ${shard}/${shards}] ${line}`), shard, shards);
console.error(`[lint-shard ${shard}/${shards}] done; ${known.size} texts cached`);
