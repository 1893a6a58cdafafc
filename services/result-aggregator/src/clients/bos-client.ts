import { HuleEduError } from "@shared/contracts/errors.ts";
import { createInternalClient, type InternalClient } from "@shared/http/internal-client.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { PipelineStateResponseSchema, type PipelineStateResponse } from "@shared/contracts/pipeline-state.ts";
import { backoffDelays } from "../domain/retry-schedule.ts";

/** `found: false`: BOS answered 404 — it has no such batch, asking again will not change that. */
export type PipelineStateLookup = { found: true; state: PipelineStateResponse } | { found: false };

export interface BosClient {
  /**
   * BOS's pipeline state for a batch, with a timeout per attempt and backoff between attempts.
   * Throws a HuleEduError (TIMEOUT / EXTERNAL_SERVICE_ERROR) when every attempt failed.
   */
  pipelineState(batchId: string, correlationId: string, logger: Logger): Promise<PipelineStateLookup>;
}

export interface BosClientOptions {
  baseUrl: string;
  internalApiKey: string;
  timeoutMs: number;
  attempts: number;
  retryBaseMs: number;
  logger: Logger;
  /** Counts lookups by outcome (found / not_found / failed) and failed attempts. */
  onOutcome?: (outcome: "found" | "not_found" | "failed" | "attempt_failed") => void;
}

type Attempt = { ok: true; lookup: PipelineStateLookup } | { ok: false; error: HuleEduError };

async function attemptOnce(bos: InternalClient, path: string, correlationId: string): Promise<Attempt> {
  try {
    const answer = await bos.call({ method: "GET", path, correlationId, headers: { Accept: "application/json" } });
    if (answer.status === 404) return { ok: true, lookup: { found: false } };
    if (answer.status !== 200) return { ok: false, error: bos.failure(answer, correlationId) };
    return { ok: true, lookup: { found: true, state: bos.parse(PipelineStateResponseSchema, answer, correlationId) } };
  } catch (err) {
    if (err instanceof HuleEduError) return { ok: false, error: err }; // TIMEOUT, unreachable, broken contract
    throw err;
  }
}

/** Client for BOS `GET /internal/v1/batches/{batch_id}/pipeline-state`. */
export function createBosClient(options: BosClientOptions): BosClient {
  const delays = backoffDelays(options.attempts, options.retryBaseMs);
  const bos = createInternalClient({ name: "batch-orchestrator", baseUrl: options.baseUrl.replace(/\/+$/, ""), internalApiKey: options.internalApiKey, timeoutMs: options.timeoutMs, logger: options.logger });
  return {
    async pipelineState(batchId, correlationId, logger) {
      const path = `/internal/v1/batches/${encodeURIComponent(batchId)}/pipeline-state`;
      let last: HuleEduError | undefined;
      for (let attempt = 1; attempt <= options.attempts; attempt++) {
        const result = await attemptOnce(bos, path, correlationId);
        if (result.ok) {
          options.onOutcome?.(result.lookup.found ? "found" : "not_found");
          return result.lookup;
        }
        last = result.error;
        options.onOutcome?.("attempt_failed");
        const wait = delays[attempt - 1];
        logger.warn("BOS pipeline-state lookup attempt failed", {
          batch_id: batchId, correlation_id: correlationId, attempt, attempts: options.attempts,
          error_code: result.error.code, error: result.error.message, ...(wait !== undefined ? { retry_in_ms: wait } : {}),
        });
        if (wait !== undefined) await Bun.sleep(wait);
      }
      options.onOutcome?.("failed");
      const error = last ?? new HuleEduError("EXTERNAL_SERVICE_ERROR", "BOS lookup failed");
      logger.error("BOS pipeline-state lookup failed after all attempts; the event stays unacked for the bus to retry", {
        batch_id: batchId, correlation_id: correlationId, attempts: options.attempts, error_code: error.code, error: error.message,
      });
      throw new HuleEduError(error.code, `BOS pipeline-state lookup for batch ${batchId} failed after ${options.attempts} attempts: ${error.message}`, {
        batch_id: batchId, attempts: options.attempts,
      }, correlationId);
    },
  };
}
