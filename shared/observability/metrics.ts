import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from "prom-client";

/** One Prometheus registry per service instance, so several services can share a test process. */
export interface ServiceMetrics {
  registry: Registry;
  counter(name: string, help: string, labelNames?: string[]): Counter<string>;
  histogram(name: string, help: string, labelNames?: string[], buckets?: number[]): Histogram<string>;
  gauge(name: string, help: string, labelNames?: string[]): Gauge<string>;
  /** A gauge whose values are computed at scrape time; `collect` sets every label set it reports. */
  gaugeCollected(name: string, help: string, labelNames: string[], collect: (set: (labels: Record<string, string>, value: number) => void) => Promise<void>): Gauge<string>;
}

export function createMetrics(service: string, opts: { defaultMetrics?: boolean } = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const cache = new Map<string, Counter<string> | Histogram<string> | Gauge<string>>();
  const once = <T extends Counter<string> | Histogram<string> | Gauge<string>>(name: string, make: () => T): T => {
    const found = cache.get(name);
    if (found) return found as T;
    const made = make();
    cache.set(name, made);
    return made;
  };
  return {
    registry,
    counter: (name, help, labelNames = []) =>
      once(name, () => new Counter({ name, help, labelNames, registers: [registry] })),
    histogram: (name, help, labelNames = [], buckets) =>
      once(name, () => new Histogram({ name, help, labelNames, registers: [registry], ...(buckets ? { buckets } : {}) })),
    gauge: (name, help, labelNames = []) =>
      once(name, () => new Gauge({ name, help, labelNames, registers: [registry] })),
    gaugeCollected: (name, help, labelNames, collect) =>
      once(name, () => new Gauge({
        name, help, labelNames, registers: [registry],
        async collect() {
          this.reset(); // a stream no longer reported disappears instead of keeping its last value
          try {
            await collect((labels, value) => this.set(labels, value));
          } catch {
            // A scrape that cannot reach Redis reports nothing for these series rather than failing /metrics.
          }
        },
      })),
  };
}
