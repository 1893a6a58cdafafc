import type { Database } from "bun:sqlite";
import type { Redis } from "../bus/redis.ts";
import type { ServiceMetrics } from "./metrics.ts";

export interface QueueGaugeOptions {
  metrics: ServiceMetrics;
  redis: Redis;
  /** The service's consumer group. */
  group: string;
  /** Streams the service consumes (read at every scrape: consumers may join later). */
  streams: () => readonly string[];
  /** The service's SQLite file, when it has an outbox. */
  sqlite?: Database;
  /** Bound on each scrape's Redis round trips, so /metrics never hangs on a sick Redis. */
  timeoutMs?: number;
}

type GroupInfo = { name: string; lag: number | null; pending: number };

function groupInfo(raw: unknown): GroupInfo[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((fields) => {
    const record: Record<string, unknown> = {};
    if (Array.isArray(fields)) for (let i = 0; i + 1 < fields.length; i += 2) record[String(fields[i])] = fields[i + 1];
    return { name: String(record.name), lag: typeof record.lag === "number" ? record.lag : null, pending: Number(record.pending ?? 0) };
  });
}

const within = <T>(work: Promise<T>, ms: number): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`queue gauges: Redis did not answer in ${ms} ms`)), ms))]);

/**
 * Prometheus gauges an operator reads queues by, computed at scrape time: per consumed stream the
 * group's lag (entries not yet delivered) and pending entries (delivered, not acked) and the DLQ
 * depth; the outbox backlog and the age of its oldest unpublished row.
 * @example registerQueueGauges({ metrics, redis, group: "nlp", streams: () => consumedStreams })
 */
export function registerQueueGauges(options: QueueGaugeOptions): void {
  const { metrics, redis, group, streams, sqlite } = options;
  const timeoutMs = options.timeoutMs ?? 2000;
  let snapshot: Promise<Map<string, { group?: GroupInfo; dlqDepth: number }>> | undefined;
  // One Redis round per scrape, shared by the three stream gauges.
  const read = () => {
    snapshot ??= (async () => {
      const names = streams();
      // One command per key, all in flight at once (a cluster pipeline could only touch one slot).
      const settle = (work: Promise<unknown>): Promise<[Error | null, unknown]> => work.then((r): [null, unknown] => [null, r], (e: unknown): [Error, null] => [e instanceof Error ? e : new Error(String(e)), null]);
      const replies = await within(Promise.all(names.flatMap((s) => [settle(redis.call("XINFO", "GROUPS", s)), settle(redis.xlen(`${s}.DLQ`))])), timeoutMs);
      const out = new Map<string, { group?: GroupInfo; dlqDepth: number }>();
      names.forEach((s, i) => {
        const [groupsErr, groups] = replies[2 * i] ?? [null, []];
        const [, depth] = replies[2 * i + 1] ?? [null, 0];
        const found = groupsErr ? undefined : groupInfo(groups).find((g) => g.name === group);
        out.set(s, { ...(found ? { group: found } : {}), dlqDepth: Number(depth ?? 0) });
      });
      return out;
    })().finally(() => setTimeout(() => (snapshot = undefined), 0));
    return snapshot;
  };

  metrics.gaugeCollected("bus_consumer_group_lag", "Entries in the stream not yet delivered to this service's consumer group", ["stream"], async (set) => {
    for (const [stream, info] of await read()) if (info.group?.lag !== null && info.group) set({ stream }, info.group.lag as number);
  });
  metrics.gaugeCollected("bus_consumer_group_pending", "Entries delivered to this service's group and not yet acknowledged", ["stream"], async (set) => {
    for (const [stream, info] of await read()) if (info.group) set({ stream }, info.group.pending);
  });
  metrics.gaugeCollected("bus_dlq_depth", "Entries in the stream's dead-letter stream (<stream>.DLQ)", ["stream"], async (set) => {
    for (const [stream, info] of await read()) set({ stream }, info.dlqDepth);
  });
  if (!sqlite) return;
  const backlog = sqlite.query<{ n: number; oldest: string | null }, []>("SELECT count(*) AS n, min(created_at) AS oldest FROM outbox WHERE published_at IS NULL");
  metrics.gaugeCollected("outbox_backlog", "Outbox rows committed and not yet published", [], async (set) => {
    set({}, backlog.get()?.n ?? 0);
  });
  metrics.gaugeCollected("outbox_oldest_unpublished_age_seconds", "Age of the oldest unpublished outbox row (0 when none)", [], async (set) => {
    const oldest = backlog.get()?.oldest;
    set({}, oldest ? Math.max(0, (Date.now() - Date.parse(oldest)) / 1000) : 0);
  });
}
