import type { Logger } from "@shared/observability/logger.ts";
import { ProviderError } from "../domain/errors.ts";
import type { RequestRow, ResultData } from "../db/request-repository.ts";
import { RequestKind } from "../db/request-states.ts";
import { accountingOf, accountingOfFailure, recordCall, resultErrorOf } from "./call-accounting.ts";
import type { LpsMetrics } from "./lps-metrics.ts";
import { comparisonTask, feedbackTask } from "./provider-tasks.ts";
import type { ProviderRegistry } from "./provider-registry.ts";
import { errorResult, NO_USAGE, outcomeOf, ResultErrorCode, successResult } from "./result-events.ts";

export interface CallDeps {
  providers: ProviderRegistry;
  metrics: LpsMetrics;
  logger: Logger;
  /** Output token cap per verdict (a bundle gets this times its size). */
  maxTokens: number;
}

/** A request and the result it is to be answered with. */
export interface Answered {
  row: RequestRow;
  result: ResultData;
}

/**
 * Call the request's provider once (the provider layer retries inside) and turn the outcome into
 * its result. Undefined when `signal` aborted the call: the request goes back to the queue.
 */
export async function callSingle(deps: CallDeps, row: RequestRow, signal: AbortSignal): Promise<Answered | undefined> {
  const provider = deps.providers.get(row.provider);
  if (!provider) {
    const error = { code: ResultErrorCode.PROVIDER_NOT_CONFIGURED, message: `provider "${row.provider}" is not configured on this LPS`, retryable: false };
    const acc = { provider: row.provider, model: row.model, usage: NO_USAGE, costUsd: 0, latencyMs: 0 };
    return { row, result: errorResult(row.requestId, row.payload, acc, error) };
  }
  const started = performance.now();
  const opts = { model: row.model, signal, correlationId: row.correlationId };
  try {
    const call =
      row.payload.kind === RequestKind.COMPARISON
        ? await provider.compare(comparisonTask(row.payload.request), opts)
        : await provider.writeFeedback(feedbackTask(row.payload.request), opts);
    const acc = accountingOf(call);
    recordCall(deps.metrics, acc, "success", 1);
    return { row, result: successResult(row.requestId, row.payload, acc, call.result) };
  } catch (error) {
    if (signal.aborted) return undefined;
    const acc = accountingOfFailure(error, row.provider, row.model, performance.now() - started);
    recordCall(deps.metrics, acc, outcomeOf(error instanceof ProviderError ? error.kind : undefined), 1);
    return { row, result: errorResult(row.requestId, row.payload, acc, resultErrorOf(error, deps.logger, [row.requestId])) };
  }
}
