import * as v from "valibot";
import {
  BCSPipelineDefinitionResponseSchema,
  type BCSPipelineDefinitionRequest,
  type BCSPipelineDefinitionResponse,
} from "@shared/contracts/bcs.ts";
import { ErrorDetailSchema, HuleEduError } from "@shared/contracts/errors.ts";
import { createInternalClient, type InternalAnswer } from "@shared/http/internal-client.ts";
import type { Logger } from "@shared/observability/logger.ts";

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

// BCS's own error (e.g. BCS_PIPELINE_COMPATIBILITY_FAILED with details.compatibility_issue) is kept as it is.
function errorFrom(answer: InternalAnswer): HuleEduError {
  const detail = v.safeParse(ErrorDetailSchema, answer.body);
  if (detail.success) return HuleEduError.fromDetail(detail.output);
  return new HuleEduError("EXTERNAL_SERVICE_ERROR", `Batch conductor answered HTTP ${answer.status}`, { status: answer.status });
}

/** Client for BCS `POST /internal/v1/pipelines/define`, on the kit's internal HTTP client. */
export function createBcsClient(options: { baseUrl: string; internalApiKey: string; timeoutMs: number; logger: Logger }): BcsClient {
  const bcs = createInternalClient({ name: "batch-conductor", baseUrl: options.baseUrl.replace(/\/+$/, ""), internalApiKey: options.internalApiKey, timeoutMs: options.timeoutMs, logger: options.logger });
  return {
    async definePipeline(request) {
      let answer: InternalAnswer;
      try {
        answer = await bcs.call({ method: "POST", path: "/internal/v1/pipelines/define", json: request, correlationId: request.correlation_id });
      } catch (err) {
        if (err instanceof HuleEduError) return { ok: false, kind: "unavailable", error: err }; // TIMEOUT or unreachable
        throw err;
      }
      if (answer.status >= 500 || answer.status === 408 || answer.status === 429) {
        const upstream = errorFrom(answer);
        const error = new HuleEduError("EXTERNAL_SERVICE_ERROR", `Batch conductor unavailable (HTTP ${answer.status}): ${upstream.message}`, {
          status: answer.status, upstream_error_code: upstream.code,
        });
        return { ok: false, kind: "unavailable", error };
      }
      if (answer.status !== 200) return { ok: false, kind: "refused", error: errorFrom(answer) };
      const parsed = v.safeParse(BCSPipelineDefinitionResponseSchema, answer.body);
      if (!parsed.success) {
        return { ok: false, kind: "refused", error: new HuleEduError("EXTERNAL_SERVICE_ERROR", "Batch conductor answered with a malformed pipeline definition") };
      }
      return { ok: true, definition: parsed.output };
    },
  };
}
