import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from "prom-client";

/** One Prometheus registry per service instance, so several services can share a test process. */
export interface ServiceMetrics {
  registry: Registry;
  counter(name: string, help: string, labelNames?: string[]): Counter<string>;
  histogram(name: string, help: string, labelNames?: string[], buckets?: number[]): Histogram<string>;
  gauge(name: string, help: string, labelNames?: string[]): Gauge<string>;
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
  };
}
