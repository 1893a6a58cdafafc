import * as v from "valibot";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { INTERNAL_KEY_HEADER } from "@shared/http/internal-key/index.ts";
import type { Logger } from "@shared/observability/logger.ts";
import { BosPipelineStateResponseSchema, type BosPipelineStateResponse } from "../domain/pipeline-state.ts";
import { backoffDelays } from "../domain/retry-schedule.ts";
import { traceHeaders } from "@shared/observability/trace-context.ts";

/** `found: false`: BOS answered 404 — it has no such batch, asking again will not change that. */
export type PipelineStateLookup = { found: true; state: BosPipelineStateResponse } | { found: false };

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
  /** Counts lookups by outcome (found / not_found / failed) and failed attempts. */
  onOutcome?: (outcome: "found" | "not_found" | "failed" | "attempt_failed") => void;
}

type Attempt = { ok: true; lookup: PipelineStateLookup } | { ok: false; error: HuleEduError };

async function attemptOnce(url: string, options: BosClientOptions, correlationId: string): Promise<Attempt> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { [INTERNAL_KEY_HEADER]: options.internalApiKey, "X-Correlation-ID": correlationId, Accept: "application/json", ...traceHeaders() },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    return {
      ok: false,
      error: timedOut
        ? new HuleEduError("TIMEOUT", `BOS did not answer within ${options.timeoutMs} ms`)
        : new HuleEduError("EXTERNAL_SERVICE_ERROR", `BOS unreachable: ${err instanceof Error ? err.message : String(err)}`),
    };
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return { ok: true, lookup: { found: false } };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { ok: false, error: new HuleEduError("EXTERNAL_SERVICE_ERROR", `BOS answered HTTP ${response.status}`, { status: response.status }) };
  }
  const parsed = v.safeParse(BosPipelineStateResponseSchema, await response.json().catch(() => undefined));
  if (!parsed.success) {
    return { ok: false, error: new HuleEduError("EXTERNAL_SERVICE_ERROR", `BOS answered a malformed pipeline state: ${parsed.issues[0].message}`) };
  }
  return { ok: true, lookup: { found: true, state: parsed.output } };
}

/** Client for BOS `GET /internal/v1/batches/{batch_id}/pipeline-state`. */
export function createBosClient(options: BosClientOptions): BosClient {
  const delays = backoffDelays(options.attempts, options.retryBaseMs);
  return {
    async pipelineState(batchId, correlationId, logger) {
      const url = new URL(`/internal/v1/batches/${encodeURIComponent(batchId)}/pipeline-state`, options.baseUrl).toString();
      let last: HuleEduError | undefined;
      for (let attempt = 1; attempt <= options.attempts; attempt++) {
        const result = await attemptOnce(url, options, correlationId);
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
