import * as v from "valibot";
import { BatchRegistrationResponseSchema, type BatchRegistrationRequestV1 } from "@shared/contracts/batch-registration.ts";
import { PipelineAdmissionSchema } from "@shared/contracts/pipeline-admission.ts";
import type { StorageReferenceMetadata } from "@shared/contracts/storage.ts";
import type { Upstream } from "./upstream.ts";

/** What the gateway needs from BOS's batch summary; other fields are passed through to the owner. */
export const BosBatchSummarySchema = v.looseObject({
  batch_id: v.string(),
  user_id: v.string(),
  status: v.string(),
  pipeline_admission: PipelineAdmissionSchema,
});
export type BosBatchSummary = v.InferOutput<typeof BosBatchSummarySchema>;

// BOS may answer the list as `{ batches: [...] }` (with paging fields) or as a bare array.
const BosBatchListSchema = v.union([
  v.looseObject({ batches: v.array(BosBatchSummarySchema) }),
  v.pipe(v.array(BosBatchSummarySchema), v.transform((batches) => ({ batches }))),
]);

export interface BatchListQuery {
  limit?: number;
  offset?: number;
  status?: string;
}

const path = (id: string) => encodeURIComponent(id);

/**
 * BOS internal API as the gateway uses it:
 * `POST /internal/v1/batches/register`, `GET /internal/v1/batches/{id}`,
 * `GET /internal/v1/users/{user_id}/batches`, `PATCH /internal/v1/batches/{id}/prompt`.
 */
export function createBosClient(upstream: Upstream) {
  return {
    async registerBatch(request: BatchRegistrationRequestV1, correlationId: string, idempotencyKey?: string) {
      const headers = idempotencyKey ? { "Idempotency-Key": idempotencyKey } : undefined;
      const answer = await upstream.call({ method: "POST", path: "/internal/v1/batches/register", json: request, correlationId, ...(headers ? { headers } : {}) });
      if (answer.status !== 201 && answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(BatchRegistrationResponseSchema, answer, correlationId);
    },
    /** The batch summary, or undefined when BOS does not know the batch. */
    async getBatch(batchId: string, correlationId: string): Promise<BosBatchSummary | undefined> {
      const answer = await upstream.call({ method: "GET", path: `/internal/v1/batches/${path(batchId)}`, correlationId });
      if (answer.status === 404) return undefined;
      if (answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(BosBatchSummarySchema, answer, correlationId);
    },
    async listUserBatches(userId: string, query: BatchListQuery, correlationId: string) {
      const params = new URLSearchParams();
      for (const [k, value] of Object.entries(query)) if (value !== undefined) params.set(k, String(value));
      const qs = params.size ? `?${params}` : "";
      const answer = await upstream.call({ method: "GET", path: `/internal/v1/users/${path(userId)}/batches${qs}`, correlationId });
      if (answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(BosBatchListSchema, answer, correlationId);
    },
    /** Attach or replace the prompt; undefined when BOS does not know the batch. */
    async amendPrompt(batchId: string, body: { student_prompt_ref: StorageReferenceMetadata; user_id: string }, correlationId: string): Promise<unknown> {
      const answer = await upstream.call({ method: "PATCH", path: `/internal/v1/batches/${path(batchId)}/prompt`, json: body, correlationId });
      if (answer.status === 404) return undefined;
      if (answer.status !== 200 && answer.status !== 204) throw upstream.failure(answer, correlationId);
      return answer.body;
    },
  };
}
export type BosClient = ReturnType<typeof createBosClient>;
