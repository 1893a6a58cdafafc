import type { ServiceMetrics } from "@shared/observability/metrics.ts";
import type { TokenUsage } from "../domain/pricing.ts";

export interface CallRecord {
  provider: string;
  model: string;
  /** "success" or the ProviderError kind. */
  outcome: string;
  usage: TokenUsage;
  /** null = model not in the price table. */
  costUsd: number | null;
  latencyMs: number;
  /** Requests answered by this call (1 unless bundled). */
  items: number;
}

/** The LPS metrics: one vendor (or local) call is recorded once, whatever it answered. */
export function createLpsMetrics(metrics: ServiceMetrics) {
  const calls = metrics.counter("llm_calls_total", "Provider calls by outcome", ["provider", "model", "outcome"]);
  const tokens = metrics.counter("llm_tokens_total", "Tokens used, as the vendor reported them", ["provider", "direction"]);
  const cost = metrics.counter("llm_cost_usd_total", "Cost of provider calls in USD (priced models only)", ["provider"]);
  const unpriced = metrics.counter("llm_unpriced_calls_total", "Calls to a model missing from the price table (cost reported as 0)", ["provider", "model"]);
  const latency = metrics.histogram("llm_call_duration_seconds", "Provider call time, waits and retries included", ["provider"], [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]);
  const bundle = metrics.histogram("llm_bundle_size", "Requests answered per provider call", [], [1, 2, 3, 4, 6, 8, 12, 16, 24, 32]);
  const depth = metrics.gauge("llm_queue_depth", "Requests waiting in the queue");
  const expired = metrics.counter("llm_expired_total", "Requests answered EXPIRED instead of being called");
  const results = metrics.counter("llm_results_total", "Results emitted by status and error code", ["status", "code"]);
  return {
    call(record: CallRecord): void {
      calls.inc({ provider: record.provider, model: record.model, outcome: record.outcome });
      if (record.usage.input_tokens > 0) tokens.inc({ provider: record.provider, direction: "input" }, record.usage.input_tokens);
      if (record.usage.output_tokens > 0) tokens.inc({ provider: record.provider, direction: "output" }, record.usage.output_tokens);
      if (record.costUsd === null) unpriced.inc({ provider: record.provider, model: record.model });
      else if (record.costUsd > 0) cost.inc({ provider: record.provider }, record.costUsd);
      latency.observe({ provider: record.provider }, record.latencyMs / 1000);
      bundle.observe(record.items);
    },
    queueDepth(n: number): void {
      depth.set(n);
    },
    expired(n = 1): void {
      expired.inc(n);
    },
    result(status: "success" | "error", code: string | undefined): void {
      results.inc({ status, code: code ?? "" });
    },
  };
}
export type LpsMetrics = ReturnType<typeof createLpsMetrics>;
