import type { Redis } from "../bus/redis.ts";
import { parseEntries } from "../bus/streams.ts";

const PAGE = 500;

/**
 * XDEL every entry of these streams whose fields mention one of `ids` (a batch id and its essay
 * ids). Entries are found by substring, so any field that names the batch — envelope, DLQ copy —
 * counts. Idempotent; the number of entries deleted.
 */
export async function scrubStreams(redis: Redis, streams: readonly string[], ids: readonly string[]): Promise<number> {
  const needles = [...new Set(ids)].filter((id) => id.length >= 8);
  if (needles.length === 0) return 0;
  let deleted = 0;
  for (const stream of streams) {
    let start = "-";
    for (;;) {
      const entries = parseEntries(await redis.xrange(stream, start, "+", "COUNT", PAGE));
      if (entries.length === 0) break;
      const doomed = entries.filter((e) => Object.values(e.fields).some((value) => needles.some((id) => value.includes(id)))).map((e) => e.id);
      if (doomed.length > 0) deleted += await redis.xdel(stream, ...doomed);
      if (entries.length < PAGE) break;
      start = `(${entries[entries.length - 1]?.id}`;
    }
  }
  return deleted;
}
