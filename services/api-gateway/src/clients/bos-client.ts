import { BatchRegistrationResponseSchema, type BatchRegistrationRequestV1 } from "@shared/contracts/batch-registration.ts";
import {
  BatchListResponseSchema, BatchSummarySchema, type BatchSummary, type PromptAmendmentRequest,
} from "@shared/contracts/bos-batches.ts";
import type { Upstream } from "./upstream.ts";

/** BOS's batch summary and list, as BOS's routes answer them (shared/contracts/bos-batches.ts). */
export type BosBatchSummary = BatchSummary;

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
      return upstream.parse(BatchSummarySchema, answer, correlationId);
    },
    async listUserBatches(userId: string, query: BatchListQuery, correlationId: string) {
      const params = new URLSearchParams();
      for (const [k, value] of Object.entries(query)) if (value !== undefined) params.set(k, String(value));
      const qs = params.size ? `?${params}` : "";
      const answer = await upstream.call({ method: "GET", path: `/internal/v1/users/${path(userId)}/batches${qs}`, correlationId });
      if (answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(BatchListResponseSchema, answer, correlationId);
    },
    /** Attach or replace the prompt; the updated batch, or undefined when BOS does not know the batch. */
    async amendPrompt(batchId: string, body: PromptAmendmentRequest, correlationId: string): Promise<BatchSummary | undefined> {
      const answer = await upstream.call({ method: "PATCH", path: `/internal/v1/batches/${path(batchId)}/prompt`, json: body, correlationId });
      if (answer.status === 404) return undefined;
      if (answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(BatchSummarySchema, answer, correlationId);
    },
  };
}
export type BosClient = ReturnType<typeof createBosClient>;
