import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Redis } from "ioredis";

export interface ScanHit {
  where: string;
  phrase: string;
}

/** Every file under `dir` (SQLite files with their -wal and -shm, logs, keys) searched byte-wise for each phrase. */
export function scanFiles(dir: string, phrases: readonly string[], skip: (path: string) => boolean = () => false): ScanHit[] {
  const hits: ScanHit[] = [];
  const needles = phrases.map((p) => ({ phrase: p, bytes: Buffer.from(p, "utf8") }));
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      if (skip(full)) continue;
      const bytes = readFileSync(full);
      for (const n of needles) if (bytes.indexOf(n.bytes) >= 0) hits.push({ where: relative(dir, full), phrase: n.phrase });
    }
  };
  walk(dir);
  return hits;
}

/** Every Redis key of every type (streams entry by entry) searched for each phrase. */
export async function scanRedis(redis: Redis, phrases: readonly string[]): Promise<ScanHit[]> {
  const hits: ScanHit[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "COUNT", 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      let values: string[] = [];
      if (type === "string") values = [(await redis.get(key)) ?? ""];
      else if (type === "hash") values = Object.entries(await redis.hgetall(key)).flat();
      else if (type === "list") values = await redis.lrange(key, 0, -1);
      else if (type === "set") values = await redis.smembers(key);
      else if (type === "zset") values = await redis.zrange(key, "0", "-1");
      else if (type === "stream") values = (await redis.xrange(key, "-", "+")).flatMap(([, fields]) => fields ?? []);
      const text = values.join("\n");
      for (const phrase of phrases) if (text.includes(phrase)) hits.push({ where: `redis ${type} ${key}`, phrase });
    }
  } while (cursor !== "0");
  return hits;
}
