import type { Logger } from "@shared/observability/logger.ts";
import { ProviderError } from "../domain/errors.ts";
import { costUsd, type TokenUsage } from "../domain/pricing.ts";
import type { ProviderCall } from "../providers/types.ts";
import type { Accounting, ResultError } from "./result-events.ts";
import { NO_USAGE } from "./result-events.ts";
import type { LpsMetrics } from "./lps-metrics.ts";

/** Accounting of a successful call. */
export function accountingOf(call: ProviderCall<unknown>): Accounting {
  return { provider: call.provider, model: call.model, usage: call.usage, costUsd: call.costUsd, latencyMs: call.latencyMs };
}

function usageOf(details: Record<string, unknown>): TokenUsage {
  const usage = details.usage as Partial<TokenUsage> | undefined;
  return typeof usage?.input_tokens === "number" && typeof usage.output_tokens === "number"
    ? { input_tokens: usage.input_tokens, output_tokens: usage.output_tokens }
    : NO_USAGE;
}

/**
 * Accounting of a failed call: a truncated or unparseable answer still spent tokens (the provider
 * layer keeps them on the error); a refused call spent none.
 */
export function accountingOfFailure(error: unknown, provider: string, model: string, latencyMs: number): Accounting {
  if (!(error instanceof ProviderError)) return { provider, model, usage: NO_USAGE, costUsd: 0, latencyMs };
  const usage = usageOf(error.details);
  const usedModel = typeof error.details.model === "string" ? error.details.model : model;
  const spent = usage.input_tokens + usage.output_tokens > 0;
  const given = error.details.cost_usd;
  const cost = typeof given === "number" ? given : spent ? costUsd(usedModel, usage) : 0;
  return { provider, model: usedModel, usage, costUsd: cost, latencyMs };
}

/** The result's error for a failed call; anything but a ProviderError is our bug, logged, and retryable. */
export function resultErrorOf(error: unknown, logger: Logger, requestIds: string[]): ResultError {
  if (error instanceof ProviderError) return { code: error.code, message: error.message, retryable: error.retryable };
  logger.error("provider call failed unexpectedly", { error, request_ids: requestIds });
  return { code: "PROCESSING_ERROR", message: error instanceof Error ? error.message : String(error), retryable: true };
}

/** Record one call in the metrics. */
export function recordCall(metrics: LpsMetrics, acc: Accounting, outcome: string, items: number): void {
  metrics.call({ provider: acc.provider, model: acc.model, outcome, usage: acc.usage, costUsd: acc.costUsd, latencyMs: acc.latencyMs, items });
}

/** Split a bundled call's usage and cost over its items (remainders go to the first ones). */
export function shareOf(acc: Accounting, items: number, position: number): Accounting {
  const split = (n: number) => Math.floor(n / items) + (position < n % items ? 1 : 0);
  return {
    ...acc,
    usage: { input_tokens: split(acc.usage.input_tokens), output_tokens: split(acc.usage.output_tokens) },
    costUsd: acc.costUsd === null ? null : acc.costUsd / items,
  };
}
