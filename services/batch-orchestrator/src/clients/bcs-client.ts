import * as v from "valibot";
import {
  BCSPipelineDefinitionResponseSchema,
  type BCSPipelineDefinitionRequest,
  type BCSPipelineDefinitionResponse,
} from "@shared/contracts/bcs.ts";
import { ErrorDetailSchema, HuleEduError } from "@shared/contracts/errors.ts";
import { INTERNAL_KEY_HEADER } from "@shared/http/internal-key/index.ts";
import { traceHeaders } from "@shared/observability/trace-context.ts";

/**
 * `refused`: BCS answered and said no (or answered nonsense) — asking again gives the same answer.
 * `unavailable`: BCS could not answer (down, slow, 5xx) — worth another try.
 */
export type PipelineDefinitionResult =
  | { ok: true; definition: BCSPipelineDefinitionResponse }
  | { ok: false; kind: "refused" | "unavailable"; error: HuleEduError };

export interface BcsClient {
  definePipeline(request: BCSPipelineDefinitionRequest): Promise<PipelineDefinitionResult>;
}

async function errorFrom(response: Response): Promise<HuleEduError> {
  const body: unknown = await response.json().catch(() => undefined);
  const detail = v.safeParse(ErrorDetailSchema, body);
  if (detail.success) return HuleEduError.fromDetail(detail.output);
  return new HuleEduError("EXTERNAL_SERVICE_ERROR", `Batch conductor answered HTTP ${response.status}`, { status: response.status });
}

/** Client for BCS `POST /internal/v1/pipelines/define`. */
export function createBcsClient(options: { baseUrl: string; internalApiKey: string; timeoutMs: number }): BcsClient {
  const url = new URL("/internal/v1/pipelines/define", options.baseUrl).toString();
  return {
    async definePipeline(request) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", [INTERNAL_KEY_HEADER]: options.internalApiKey, "X-Correlation-ID": request.correlation_id, ...traceHeaders() },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
        const error = timedOut
          ? new HuleEduError("TIMEOUT", `Batch conductor did not answer within ${options.timeoutMs} ms`)
          : new HuleEduError("EXTERNAL_SERVICE_ERROR", `Batch conductor unreachable: ${err instanceof Error ? err.message : String(err)}`);
        return { ok: false, kind: "unavailable", error };
      }
      const transient = response.status >= 500 || response.status === 408 || response.status === 429;
      if (transient) {
        const upstream = await errorFrom(response);
        const error = new HuleEduError("EXTERNAL_SERVICE_ERROR", `Batch conductor unavailable (HTTP ${response.status}): ${upstream.message}`, {
          status: response.status, upstream_error_code: upstream.code,
        });
        return { ok: false, kind: "unavailable", error };
      }
      if (!response.ok) return { ok: false, kind: "refused", error: await errorFrom(response) };
      const parsed = v.safeParse(BCSPipelineDefinitionResponseSchema, await response.json().catch(() => undefined));
      if (!parsed.success) {
        return { ok: false, kind: "refused", error: new HuleEduError("EXTERNAL_SERVICE_ERROR", "Batch conductor answered with a malformed pipeline definition") };
      }
      return { ok: true, definition: parsed.output };
    },
  };
}
