import type { Redis } from "../../shared/bus/redis.ts";

/** One way of moving an event over one bus hop (publish → consume → handler → ack). */
export interface HopVariant {
  label: string;
  /** Start consuming; `acked(n)` must be called once the entry carrying `n` has been acked. */
  start(acked: (n: number) => void): Promise<void>;
  publish(n: number): Promise<void>;
  stop(): Promise<void>;
}

export interface HopFigures {
  label: string;
  p50: number;
  p95: number;
  /** Hops per second with `throughputCount` events published at once. */
  perSecond: number;
  /** CPU time of this process (publisher + consumer) per hop in the throughput phase, µs. */
  cpuMicros: number;
}

export interface HopRunOptions {
  warmup: number;
  latencyCount: number;
  throughputCount: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/**
 * Latency: one event at a time, publish start → ack done. Throughput: `throughputCount` events
 * published at once (each publish awaited concurrently), time until the last one is acked.
 */
export async function runHops(variant: HopVariant, options: HopRunOptions): Promise<HopFigures> {
  const waiting = new Map<number, () => void>();
  await variant.start((n) => {
    const done = waiting.get(n);
    waiting.delete(n);
    done?.();
  });
  const ackOf = (n: number) => new Promise<void>((resolve) => waiting.set(n, resolve));
  let next = 0;
  const oneHop = async () => {
    const n = next++;
    const acked = ackOf(n);
    const t0 = performance.now();
    await variant.publish(n);
    await acked;
    return performance.now() - t0;
  };
  for (let i = 0; i < options.warmup; i++) await oneHop();
  const latencies: number[] = [];
  for (let i = 0; i < options.latencyCount; i++) latencies.push(await oneHop());
  latencies.sort((a, b) => a - b);

  const ns = Array.from({ length: options.throughputCount }, () => next++);
  const acks = ns.map(ackOf);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(ns.map((n) => variant.publish(n)));
  await Promise.all(acks);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await variant.stop();
  return {
    label: variant.label, p50: percentile(latencies, 50), p95: percentile(latencies, 95),
    perSecond: options.throughputCount / seconds, cpuMicros: (cpu.user + cpu.system) / options.throughputCount,
  };
}

/**
 * Call `onAck(entryId)` after every XACK this client completes (the bench's only view into the
 * shared consumer: it acks on the client it was given).
 */
export function observeAcks(redis: Redis, onAck: (entryId: string) => void): void {
  const xack = redis.xack.bind(redis) as (...args: (string | Buffer)[]) => Promise<number>;
  Object.assign(redis, {
    xack: async (...args: (string | Buffer)[]) => {
      const result = await xack(...args);
      for (const id of args.slice(2)) onAck(String(id));
      return result;
    },
  });
}
